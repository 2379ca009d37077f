"""The analysis of a clinic whose tables hold nothing to compare yet."""

from __future__ import annotations

import json
from dataclasses import replace

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.report import summary, write_summary


def test_payers_without_rates_or_volumes_give_an_empty_proposal_not_a_crash():
    # a new workbook with its payers and contracts typed in, no fee schedule or volume yet:
    # the analysis ended in an internal error (text added to the float column of an empty
    # proposal)
    data = demo_data()
    data = replace(data, fee_schedules=data.fee_schedules.iloc[0:0],
                   volumes=data.volumes.iloc[0:0])
    analysis = analyze(data)
    assert analysis.proposal.empty and analysis.comparison.empty
    shown = summary(analysis)
    assert shown["annual_revenue"] == 0 and shown["proposal"] == []


def _strict_json(value: object) -> object:
    """``value`` written as JSON and read back by a reader refusing NaN and Infinity, as
    JavaScript's ``JSON.parse`` and most languages' readers do."""
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the summary: not JSON")

    return json.loads(json.dumps(value), parse_constant=refuse)


def test_a_payer_with_rates_and_no_volume_has_no_impact_percent_not_nan(tmp_path):
    # a payer with rates and no units a year has $0.00 of revenue, of which no percentage can
    # be taken: summary.json said "impact_pct": NaN, which no JSON reader takes
    data = demo_data()
    payer = data.payers["payer"].iloc[0]
    data = replace(data, volumes=data.volumes[data.volumes["payer"] != payer])
    analysis = analyze(data)
    shown = _strict_json(summary(analysis))
    row = next(r for r in shown["proposal"] if r["payer"] == payer)
    assert row["new_term_revenue"] == 0 and row["impact_pct"] is None
    path = tmp_path / "summary.json"
    write_summary(analysis, path)
    assert _strict_json(json.loads(path.read_text(encoding="utf-8")))["proposal"] == \
        shown["proposal"]


def test_no_walk_away_floor_is_none_in_the_summary_not_zero_percent():
    # without a cost per visit there is no floor; the summary said 0.0 (a floor at 0% of
    # Medicare) where the Dashboard shows none
    data = demo_data()
    data = replace(data, metrics=data.metrics[data.metrics["metric"] != "cost_per_visit"])
    shown = _strict_json(summary(analyze(data)))
    assert shown["walk_away_floor_pct_of_medicare"] is None
    assert _strict_json(summary(analyze(demo_data())))["walk_away_floor_pct_of_medicare"] > 0


def test_no_volumes_at_all_gives_a_summary_any_json_reader_takes():
    data = demo_data()
    shown = _strict_json(summary(analyze(replace(data, volumes=data.volumes.iloc[0:0]))))
    assert shown["annual_revenue"] == 0
    assert {r["impact_pct"] for r in shown["proposal"]} == {None}
