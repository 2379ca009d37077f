"""Which Benchmarks row a code's market figures come from when the table has several."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.gap import market_rows


def _with_rows(rows: list[dict]) -> object:
    data = demo_data()
    benchmarks = pd.concat([data.benchmarks, pd.DataFrame(rows)], ignore_index=True)
    return dataclasses.replace(data, benchmarks=benchmarks)


def test_market_rates_imported_later_are_the_ones_used():
    """The reviewer's case: `import market-rates` added a 97110 row (median $40.31) to a
    workbook whose Benchmarks already had one ($31.66); the analysis kept the first row, so
    the import changed nothing and said nothing. The newer row is used, and a warning says
    so."""
    newest = max(demo_data().benchmarks["as_of"]) + timedelta(days=30)
    analysis = analyze(_with_rows([{"code": "97110", "region": "10112-00", "p25": 35.0,
                                    "p50": 40.31, "p75": 44.0, "p90": 50.0,
                                    "source": "Evry Health TiC", "as_of": newest}]))
    rows = analysis.comparison[analysis.comparison["code"] == "97110"]
    assert set(rows["p50"]) == {40.31}
    assert set(rows["benchmark"]) == {40.31}  # the median is the demo's target
    assert analysis.market["code"].is_unique
    notes = [w.message for w in analysis.warnings if "more than one" in w.message]
    assert notes == ["Benchmarks: 1 code has more than one row; each uses its newest: 97110 "
                     f"(region '10112-00', as of {newest.isoformat()}, Evry Health TiC)"]


def test_an_older_row_changes_nothing():
    before = analyze(demo_data())
    older = min(demo_data().benchmarks["as_of"]) - timedelta(days=365)
    after = analyze(_with_rows([{"code": "97110", "region": "old survey", "p50": 20.0,
                                 "source": "2019 survey", "as_of": older}]))
    pd.testing.assert_frame_equal(after.comparison, before.comparison)


_days = st.one_of(st.none(), st.integers(0, 5).map(lambda d: date(2025, 1, 1) + timedelta(d)))


@given(st.lists(st.tuples(st.sampled_from(["97110", "97140", "97530"]), _days), min_size=1,
                max_size=12))
def test_each_code_takes_its_newest_row_the_first_of_equals(rows):
    table = pd.DataFrame({"code": [c for c, _ in rows], "as_of": [d for _, d in rows],
                          "p50": [float(i) for i in range(len(rows))]})
    used, note = market_rows(table)
    assert sorted(used["code"]) == sorted(set(table["code"]))
    for code, chosen in zip(used["code"], used["p50"], strict=True):
        mine = [(d, i) for i, (c, d) in enumerate(rows) if c == code]
        dated = [d for d, _ in mine if d is not None]
        best = max(dated) if dated else None
        first = next(i for d, i in mine if d == best)
        assert chosen == float(first), (code, rows)
    several = table["code"].duplicated().any()
    assert (note is not None) == several
