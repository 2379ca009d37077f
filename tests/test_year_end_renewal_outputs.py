"""A contract that ends on the analysis date and renews the next day is one story everywhere.

The demo as of Thu 2026-12-31, Summit BlueCare PPO's agreement (auto-renewing, 90 days' notice,
12-month terms, no escalator) ending that day. By hand: the notice deadline was 2026-12-31
minus 90 days, Fri 2026-10-02, 90 days ago; the renewal is 1 day away, on 2027-01-01, when
the new term begins (Medicare's 2027 amounts not imported yet, so 2026's stand in); notice
given now ends the renewed term, on 2027-12-31. The Priorities and Timeline tables, summary.json,
``timeline --json``, the .ics calendar, the Proposal's rate dates, ``scenario --json``'s year 1,
``exit-impact --json``, and the Exit Impact, Scenarios and Timeline sheets (the days to the
deadline after LibreOffice recalculates them) are compared with those dates, and the new
term's revenue (the rate in force on 2027-01-01, no escalator: today's) across them.
"""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from ratecalc.loaders import load_folder, require
from ratecalc.timeline import contract_label
from ratecalc_cli.main import main
from ratecalc_workbook import layout

from .clinics import Outputs, as_day, demo_folder_with_ends, outputs
from .workbook.conftest import open_book
from .workbook.libreoffice import SOFFICE, convert

TODAY = date(2026, 12, 31)
SUMMIT = "Summit BlueCare PPO"
DEADLINE, NEW_TERM, EXIT = date(2026, 10, 2), date(2027, 1, 1), date(2027, 12, 31)
#: Summit's units a year x its fee schedule of 2026-02-01, code by code (the demo's tables):
#: 97110 2,940 x 25.22 = 74,146.80; 97140 1,860 x 24.58 = 45,718.80; 97530 1,620 x 28.67 =
#: 46,445.40; 97112 1,230 x 28.66 = 35,251.80; 97116 270 x 24.68 = 6,663.60; 97535 390 x 29.34
#: = 11,442.60; G0283 450 x 10.56 = 4,752.00; 97035 210 x 12.62 = 2,650.20; 97161 126 x 85.84 =
#: 10,815.84; 97162 183 x 83.10 = 15,207.30; 97164 114 x 59.50 = 6,783.00; 97165 45 x 89.82 =
#: 4,041.90; 97166 36 x 83.27 = 2,997.72; 92507 330 x 68.33 = 22,548.90; 92523 27 x 196.98 =
#: 5,318.46. Total 294,784.32.
NEW_TERM_REVENUE_BY_HAND = 294_784.32


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_folder_with_ends(tmp_path_factory.mktemp("year_end") / "tables", TODAY,
                                 {SUMMIT: TODAY})


@pytest.fixture(scope="module")
def out(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return outputs(require(load_folder(folder)), tmp_path_factory.mktemp("outputs"),
                   ("--data", str(folder)))


def _json(*argv: str) -> dict:
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main([*argv, "--json"]) in (0, 1)
    return json.loads(printed.getvalue())


def test_the_fixture_ends_today_with_no_escalator(out: Outputs) -> None:
    contract = out.analysis.data.contracts.set_index("payer").loc[SUMMIT]
    assert (as_day(contract["end_date"]), bool(contract["auto_renew"]),
            int(contract["notice_days"]), float(contract["escalator"])) == (TODAY, True, 90, 0.0)
    assert TODAY.toordinal() - 90 == DEADLINE.toordinal() and DEADLINE.weekday() == 4


def test_tables_and_sheets_say_the_deadline_passed_and_the_renewal_is_tomorrow(
        out: Outputs) -> None:
    timeline = out.csv("renewal_timeline").set_index("payer").loc[SUMMIT]
    priorities = out.csv("priorities").set_index("payer").loc[SUMMIT]
    summary = {p["payer"]: p for p in out.summary["priorities"]}[SUMMIT]
    sheet_pri = out.sheet(layout.PRIORITIES_TABLE).set_index("payer").loc[SUMMIT]
    sheet_tl = out.sheet(layout.TIMELINE_TABLE).set_index("payer").loc[SUMMIT]
    sheet_exit = out.sheet(layout.EXIT_TABLE).set_index("payer").loc[SUMMIT]
    command = {r["payer"]: r for r in _json("timeline", "--data", out.source[1])["contracts"]}
    for row in (timeline, priorities, summary, sheet_pri, sheet_tl, command[SUMMIT]):
        assert as_day(row["end_date"]) == TODAY
        assert as_day(row["notice_deadline"]) == DEADLINE
        assert row["status"] == "notice deadline passed"
    assert as_day(sheet_exit["notice_deadline"]) == DEADLINE
    assert timeline["days_to_notice"] == command[SUMMIT]["days_to_notice"] == -90
    assert priorities["days_to_notice_deadline"] == summary["days_to_notice_deadline"] == -90
    assert priorities["days_to_renewal"] == summary["days_to_renewal"] == 1
    assert sheet_pri["days_to_renewal"] == 1
    assert "renews on 2027-01-01" in priorities["deadline_note"]
    who = contract_label(SUMMIT, "PPO")
    assert [e["date"] for e in out.ics() if e["summary"] == f"NOTICE DEADLINE: {who}"] == [
        DEADLINE]


def test_every_new_term_figure_begins_on_january_first(out: Outputs) -> None:
    proposal = out.csv("proposal")
    rows = proposal[proposal["payer"] == SUMMIT]
    assert {as_day(d) for d in rows["current_rate_date"]} == {NEW_TERM}
    # no escalator: the rate in force on 2027-01-01 is today's, code by code
    assert (rows["current_rate"] == rows["rate_today"]).all()
    scenario = _json("scenario", "--data", out.source[1], "--payer", SUMMIT)
    assert as_day(scenario["new_term_start"]) == as_day(scenario["year1_rates_on"]) == NEW_TERM
    leaving = _json("exit-impact", "--data", out.source[1], "--payer", SUMMIT)
    assert as_day(leaving["notice_deadline"]) == DEADLINE
    assert as_day(leaving["exit_date"]) == EXIT
    assert as_day(leaving["rates_on"]) == NEW_TERM
    sheet_exit = out.sheet(layout.EXIT_TABLE).set_index("payer").loc[SUMMIT]
    assert as_day(sheet_exit["exit_date"]) == EXIT
    sheet_scen = out.sheet(layout.SCENARIOS_TABLE).set_index("payer").loc[SUMMIT]
    assert as_day(sheet_scen["year1_rates_on"]) == NEW_TERM
    # the new term's revenue: the Proposal's current rates x units, rounded once, by hand
    # from its rows; today's revenue the same (no escalator, no schedule change)
    exact = sum(round(r * 100) * u for r, u in zip(rows["current_rate"], rows["units_per_year"],
                                                    strict=True)) / 100
    summary = out.csv("proposal_summary").set_index("payer").loc[SUMMIT]
    assert summary["new_term_revenue"] == pytest.approx(exact, abs=0.005)
    # and by hand from the demo's tables (the proposal's rates are the output's own): Summit's
    # fee-schedule rows of 2026-02-01 (97110's of 2024-05-01, $24.10, replaced) x its units
    assert summary["new_term_revenue"] == NEW_TERM_REVENUE_BY_HAND
    assert leaving["revenue_at_risk"] == summary["new_term_revenue"]
    assert scenario["years"][0]["fixed_revenue"] == summary["new_term_revenue"]
    assert -leaving["net_impact_12m"] == summary["new_term_revenue"]
    assert out.csv("priorities").set_index("payer").loc[SUMMIT, "annual_revenue"] == \
        summary["new_term_revenue"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_recalculated_sheets_count_from_the_same_days(out: Outputs, tmp_path: Path) -> None:
    source = tmp_path / "source" / "book.xlsx"
    source.parent.mkdir()
    shutil.copy2(out.workbook, source)
    book = open_book(convert(source, tmp_path, "xlsx"), data_only=True)
    revenue = out.csv("proposal_summary").set_index("payer").loc[SUMMIT, "new_term_revenue"]

    def row_of(sheet: str, header_row: int) -> dict:
        ws = book[sheet]
        headers = [c.value for c in ws[header_row]]
        for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
            if row[0] == SUMMIT:
                return dict(zip(headers, row, strict=False))
        raise AssertionError(f"{SUMMIT} not on {sheet}")

    timeline = row_of(layout.TIMELINE_TABLE.sheet, layout.HEADER_ROW)
    assert (as_day(timeline["Notice deadline"]), timeline["Days to notice deadline"]) == (
        DEADLINE, -90)
    leaving = row_of(layout.EXIT_TABLE.sheet, layout.HEADER_ROW + 1)
    assert leaving["Revenue at risk"] == revenue
    assert as_day(leaving["Earliest exit"]) == EXIT
