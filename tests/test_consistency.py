"""One rule, one function: every output that shows a figure shows the same figure.

Each rule (notice deadline, dollars at stake, rate in force, visits, status) is checked across
the CSV tables, summary.json, the .ics calendar, the refreshed workbook's sheets, the letters
and the commands' JSON, on the demo clinic and on the second fixture clinic (tests/data/lonestar).
Expected values are hand-computed where noted.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.money import round_cents
from ratecalc.timeline import contract_label, notice_deadline
from ratecalc_cli.main import main
from ratecalc_workbook import layout

from .clinics import LONESTAR_TODAY, Outputs, demo, lonestar, lonestar_folder, outputs

CLINICS = ("demo", "lonestar")
#: The demo's tables as shipped tell their story as of this day (ratecalc.demo.ANCHOR)
DEMO_TODAY = "2025-12-01"


@pytest.fixture(scope="module", params=CLINICS)
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    data = demo() if request.param == "demo" else lonestar(LONESTAR_TODAY)
    return outputs(data, tmp_path_factory.mktemp(request.param))


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def test_notice_deadline_is_one_date_everywhere(out: Outputs) -> None:
    a = out.analysis
    contracts = a.data.contracts
    timeline = out.csv("renewal_timeline").set_index("payer")
    priorities = out.csv("priorities").set_index("payer")
    summary = {p["payer"]: p for p in out.summary["priorities"]}
    sheet_pri = out.sheet(layout.PRIORITIES_TABLE).set_index("payer")
    sheet_tl = out.sheet(layout.TIMELINE_TABLE).set_index("payer")
    sheet_exit = out.sheet(layout.EXIT_TABLE).set_index("payer")
    events = out.ics()
    for row in contracts.itertuples():
        payer = row.payer
        expected = _day(timeline.loc[payer, "notice_deadline"])
        # the rule itself: end date (the current term's) minus the notice days, moved back
        assert expected == notice_deadline(_day(timeline.loc[payer, "end_date"]),
                                           int(row.notice_days))
        assert _day(priorities.loc[payer, "notice_deadline"]) == expected
        assert _day(summary[payer]["notice_deadline"]) == expected
        assert _day(sheet_pri.loc[payer, "notice_deadline"]) == expected
        assert _day(sheet_tl.loc[payer, "notice_deadline"]) == expected
        assert _day(sheet_exit.loc[payer, "notice_deadline"]) == expected
        who = contract_label(payer, row.product)
        notice_events = [e["date"] for e in events if e["summary"] == f"NOTICE DEADLINE: {who}"]
        assert notice_events == [expected]
        if payer in out.letters:
            assert out.letters[payer].dates.notice_deadline == expected


def test_notice_deadline_hand_computed() -> None:
    # Texas Employers Trust: 2026-05-30 - 90 days = Sunday 2026-03-01 -> Friday 2026-02-27;
    # Cardinal (demo): 2026-04-30 - 60 days = Sunday 2026-03-01 -> Friday 2026-02-27
    assert notice_deadline(date(2026, 5, 30), 90) == date(2026, 2, 27)
    assert notice_deadline(date(2026, 4, 30), 60) == date(2026, 2, 27)


def test_dollars_at_stake_means_dollars_below_market(out: Outputs, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    priorities = out.csv("priorities").set_index("payer")["dollars_at_stake"]
    timeline = out.csv("renewal_timeline").groupby("payer")["dollars_at_stake"].first()
    summary = pd.Series({p["payer"]: p["dollars_at_stake"] for p in out.summary["priorities"]})
    # the timeline command on the same tables
    if out.analysis.data.clinic_name.startswith("Lone Star"):
        argv = ["timeline", "--data", str(lonestar_folder(tmp_path / "tables")), "--json"]
    else:
        argv = ["timeline", "--demo", "--today", DEMO_TODAY, "--json"]
    assert main(argv) == 0
    cli = pd.DataFrame(json.loads(capsys.readouterr().out)["contracts"]).groupby(
        "payer")["dollars_at_stake"].first()
    for payer in timeline.index:
        assert timeline[payer] == priorities[payer] == summary[payer] == cli[payer], payer
    # below market and nothing else: a payer paid above market everywhere has 0 at stake
    comparison = out.csv("comparison")
    by_hand = (comparison["benchmark"] - comparison["allowed_amount"]).clip(lower=0) \
        * comparison["units_per_year"]
    expected = by_hand.groupby(comparison["payer"]).sum()
    for payer, value in expected.items():
        assert priorities[payer] == pytest.approx(float(round_cents(value)), abs=0.02)


def test_dollars_at_stake_by_hand_on_the_fixture() -> None:
    # Gulf Coast: (33-23.21)*700 + (31-21.90)*400 + (39-27.90)*300 + (110-79)*90 + (36-25.82)*200
    a = outputs_free_priorities()
    assert float(round_cents(a.loc["Gulf Coast Health Plan"])) == 18649.00


def outputs_free_priorities() -> pd.Series:
    from ratecalc.analysis import analyze

    return analyze(lonestar()).priorities.set_index("payer")["dollars_at_stake"]


def test_rate_in_force_is_one_rate_everywhere(out: Outputs) -> None:
    comparison = out.csv("comparison").set_index(["payer", "code"])["allowed_amount"]
    proposal = out.csv("proposal").set_index(["payer", "code"])["current_rate"]
    sheet_cmp = out.sheet(layout.COMPARISON_TABLE)
    sheet_cmp["code"] = sheet_cmp["code"].astype(str)
    sheet_cmp = sheet_cmp.set_index(["payer", "code"])["allowed_amount"]
    sheet_prop = out.sheet(layout.PROPOSAL_TABLE)
    sheet_prop["code"] = sheet_prop["code"].astype(str)
    sheet_prop = sheet_prop.set_index(["payer", "code"])["current_rate"]
    for key, rate in proposal.items():
        assert comparison[key] == rate
        assert sheet_cmp[key] == pytest.approx(rate, abs=0.005)
        assert sheet_prop[key] == pytest.approx(rate, abs=0.005)
    for payer, letter in out.letters.items():
        for line in letter.lines:
            assert line.current_rate == pytest.approx(proposal[(payer, line.code)], abs=0.005)
    # exit impact prices the same rates: revenue at risk = annual revenue on the Priorities
    exit_sheet = out.sheet(layout.EXIT_TABLE).set_index("payer")
    revenue = out.csv("priorities").set_index("payer")["annual_revenue"]
    for payer in revenue.index:
        at_risk = exit_sheet.loc[payer, "annual_visits"] * exit_sheet.loc[payer, "rate_per_visit"]
        assert at_risk == pytest.approx(revenue[payer], abs=0.05), payer


def test_pct_of_medicare_rate_in_force_by_hand() -> None:
    from ratecalc.analysis import analyze

    comparison = analyze(lonestar()).comparison.set_index(["payer", "code"])
    # 95% of Dallas (04412-11) 2025 Medicare for 97110, $29.01 (CMS PFS 2025): 27.5595 -> 27.56
    assert comparison.loc[("Texas Employers Trust", "97110"), "allowed_amount"] == 27.56
    assert comparison.loc[("Texas Employers Trust", "97110"), "rate_source"] == \
        "contract % of Medicare"


def test_visits_are_one_figure_everywhere(out: Outputs, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    payers = out.analysis.data.payers.set_index("payer")["visits_per_year"]
    exit_sheet = out.sheet(layout.EXIT_TABLE).set_index("payer")
    for payer, letter in out.letters.items():
        opening = letter.blocks[0].text  # type: ignore[union-attr]
        assert f"we provided {int(payers[payer]):,} visits" in opening
    for payer in payers.index:
        assert exit_sheet.loc[payer, "annual_visits"] == payers[payer]
    payer = str(payers.index[0])
    source = (["--demo", "--today", DEMO_TODAY]
              if out.analysis.data.clinic_name.startswith("Riverbend") else
              ["--data", str(lonestar_folder(tmp_path / "tables"))])
    assert main(["exit-impact", "--payer", payer, *source, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["annual_visits"] == payers[payer]


def test_statuses_are_words_everywhere(out: Outputs) -> None:
    shown = [*out.csv("renewal_timeline")["status"], *out.csv("priorities")["status"],
             *(p["status"] for p in out.summary["priorities"]),
             *out.sheet(layout.PRIORITIES_TABLE)["status"],
             *out.sheet(layout.TIMELINE_TABLE)["status"]]
    assert shown and all(isinstance(s, str) and "_" not in s for s in shown)


def test_calendar_events_never_double_a_word(out: Outputs) -> None:
    for event in out.ics():
        words = event["summary"].replace(":", " ").split()
        assert all(a != b for a, b in zip(words, words[1:], strict=False)), event["summary"]
