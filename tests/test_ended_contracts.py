"""A contract that ended, a term ending today, a notice deadline passed: every output says the
same (the review's cases, on the demo story of 2026-12-05 told as of 2027-03-15 and 2027-12-31).

As of 2027-12-31, Meridian Mutual's contract (no auto-renewal) ended 2027-06-30; Keystone and
Pioneer's terms end that day and renew 2028-01-01. As of 2027-03-15, Summit's notice deadline
2026-12-31 (90 days before 2027-03-31) passed 74 days before; it auto-renews, so notice given
then ends the renewed term, 2028-03-31.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.errors import InputError
from ratecalc.report import summary, write_results
from ratecalc_cli.main import main
from ratecalc_letter import write_letter
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import open_book
from tests.workbook.libreoffice import SOFFICE, convert
from tests.workbook.test_refresh import table_frame

STORY = date(2026, 12, 5)
NOW = datetime(2027, 12, 31, 9, 0)
ENDED = ("contract ended 2027-06-30 without renewal (as of 2027-12-31): no rates are asked and "
         "no letter is written; if it is still in force, give its current term's End date, or "
         "mark it Auto renew")
#: Days from 2027-12-31 to each renewal day, counted by hand: Summit's term ends 2028-03-31
#: (Jan 31 + Feb 29 + Mar 31 + 1 = 92); Cardinal's 2028-04-30 (92 + 30 = 122); Pioneer and
#: Keystone's 2027-12-31 (renewing 2028-01-01: 1); Lakeside's 2028-12-31 (366 + 1 = 367);
#: Meridian's ended: none.
DAYS = {"Summit BlueCare PPO": 92, "Cardinal Employers Trust": 122,
        "Pioneer Medicare Advantage": 1, "Keystone Health Plan": 1,
        "Lakeside Health Partners": 367, "Meridian Mutual": None}
#: The proposals' annual asks as of 2027-12-31 without Meridian's: Summit 44,174.85 + Pioneer
#: 19,055.82 + Keystone 13,428.40 + Cardinal 16,790.14 + Lakeside 7,925.46 (Meridian asked
#: $9,311.42 more). Keystone's and Lakeside's are asked from their rates raised by their
#: contracts' escalators by their new terms (Keystone's rows of 2027-01-01 by 2% on 2028-01-01,
#: Lakeside's by 2.5% on 2028-01-01 and 2029-01-01); from the rows as written they were
#: 16,958.78 and 7,365.07, $104,344.66 in all.
ASKS = 101_374.67
SUMMIT_EXIT = ("Notice deadline 2026-12-31 passed 74 days ago; the contract renews on "
               "2027-04-01 for another term: ask for a rate amendment; the renewed term's "
               "notice deadline is 2027-12-30 (90 days before it ends 2028-03-31); notice "
               "given now ends the contract on 2028-03-31.")


def story_as_of(day: date) -> ClinicData:
    data = demo_data(STORY)
    return replace(data, settings=replace(data.settings, analysis_date=day))


def _book(folder: Path, day: date) -> Path:
    path = folder / f"w{day.isoformat()}.xlsx"
    new_workbook(path, story_as_of(day))
    assert refresh_workbook(path, now=NOW).ok
    return path


@pytest.fixture(scope="module")
def year_end(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("year-end"), date(2027, 12, 31))


@pytest.fixture(scope="module")
def march(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("march"), date(2027, 3, 15))


@pytest.fixture(scope="module")
def refreshed_again(year_end: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """What a second refresh of the year-end workbook says (on a copy: the module's workbook is
    only read), once for the tests that read its problems."""
    book = tmp_path_factory.mktemp("again") / "again.xlsx"
    shutil.copy2(year_end, book)
    return [p.message for p in refresh_workbook(book, now=NOW).problems]


def _one_line(text: object) -> str:
    """A sheet's text as one line: its wrapping puts line breaks in place of spaces."""
    return " ".join(str(text).split())


def test_a_term_ending_today_renews_in_one_day():
    from ratecalc.timeline import days_to_renewal  # new with the rule: the old code had none

    assert days_to_renewal(date(2027, 12, 31), date(2027, 12, 31)) == 1
    assert days_to_renewal(date(2028, 3, 31), date(2027, 12, 31)) == 92
    assert days_to_renewal(None, date(2027, 12, 31)) is None


def test_days_to_renewal_are_the_same_on_every_output(year_end: Path, tmp_path: Path):
    analysis = analyze(story_as_of(date(2027, 12, 31)))
    core = analysis.priorities.set_index("payer")["days_to_renewal"]
    assert {p: (None if pd.isna(d) else int(d)) for p, d in core.items()} == DAYS
    json_days = {p["payer"]: p["days_to_renewal"] for p in summary(analysis)["priorities"]}
    assert json_days == DAYS
    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv").set_index("payer")["days_to_renewal"]
    assert {p: (None if pd.isna(d) else int(d)) for p, d in csv.items()} == DAYS
    sheet = table_frame(year_end, layout.PRIORITIES_TABLE).set_index("payer")["days_to_renewal"]
    assert {p: (None if pd.isna(d) else d) for p, d in sheet.items()} == DAYS


def test_an_ended_contract_asks_nothing_on_any_output(year_end: Path, tmp_path: Path):
    analysis = analyze(story_as_of(date(2027, 12, 31)))
    asks = analysis.proposal_summary.set_index("payer")["annual_impact"]
    assert asks["Meridian Mutual"] == 0
    assert round(asks.sum(), 2) == ASKS
    assert sum(p["annual_impact"] for p in summary(analysis)["proposal"]) == pytest.approx(ASKS)
    rows = analysis.proposal[analysis.proposal["payer"] == "Meridian Mutual"]
    assert len(rows) and (rows["requested_rate"] == rows["current_rate"]).all()
    assert set(rows["reason"]) == {ENDED} and not rows["below_medicare"].any()
    write_results(analysis, tmp_path / "out")
    totals = pd.read_csv(tmp_path / "out" / "proposal_summary.csv").set_index("payer")
    assert totals.loc["Meridian Mutual", "annual_impact"] == 0
    assert round(totals["annual_impact"].sum(), 2) == ASKS

    # the sheets: the Proposal's rates to ask are its values (no rate typed), so its formulas,
    # the Totals' and the Dashboard's sums add nothing for Meridian
    proposal = table_frame(year_end, layout.PROPOSAL_TABLE)
    meridian = proposal[proposal["payer"] == "Meridian Mutual"]
    assert len(meridian) == len(rows)
    assert (meridian["proposed_rate"] == meridian["current_rate"]).all()
    assert meridian["override_rate"].isna().all()
    assert {_one_line(w) for w in meridian["reason"]} == {ENDED}
    priorities = table_frame(year_end, layout.PRIORITIES_TABLE).set_index("payer")
    assert priorities.loc["Meridian Mutual", "status"] == "contract ended"
    assert _one_line(priorities.loc["Meridian Mutual", "deadline_note"]) == ENDED
    timeline = table_frame(year_end, layout.TIMELINE_TABLE).set_index("payer")
    assert _one_line(timeline.loc["Meridian Mutual", "note"]) == ENDED

    # and the letter refuses it, saying the same
    with pytest.raises(InputError, match=r"cannot write the proposal letter: "
                                         + ENDED.replace("(", r"\(").replace(")", r"\)") + "$"):
        write_letter(analysis, "Meridian Mutual", tmp_path / "m.docx")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_sheets_sums_leave_the_ended_contracts_ask_out(year_end: Path, tmp_path: Path):
    """The Dashboard's, Totals' and Priorities' formulas, computed by LibreOffice."""
    source = tmp_path / "source" / year_end.name
    source.parent.mkdir()
    shutil.copy2(year_end, source)
    recalculated = convert(source, tmp_path / "out", "xlsx")
    priorities = table_frame(recalculated, layout.PRIORITIES_TABLE,
                             data_only=True).set_index("payer")
    assert priorities.loc["Meridian Mutual", "proposed_increase"] == 0
    totals = table_frame(recalculated, layout.PROPOSAL_SUMMARY_TABLE,
                         data_only=True).set_index("payer")
    assert totals.loc["Meridian Mutual", "annual_impact"] == 0
    assert round(totals["annual_impact"].sum(), 2) == ASKS
    book = open_book(recalculated, data_only=True)
    ws = book[layout.DASHBOARD]
    shown = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
             for r in range(1, 30)}
    book.close()
    assert shown["Proposal asks, a year"] == pytest.approx(ASKS, abs=0.001)


def test_the_exit_sheet_says_what_the_command_says_of_a_passed_deadline(march: Path, capsys):
    """Summit's and Cardinal's deadlines (2026-12-31; 2027-03-01, 60 days before 2027-04-30)
    had passed on 2027-03-15; the others' had not. The sheet shows "past 2026-12-31" beside
    the earliest exit, and the command says it passed; the sheet still prints one page wide."""
    sheet = table_frame(march, layout.EXIT_TABLE).set_index("payer")
    assert sheet.loc["Summit BlueCare PPO", "notice_deadline"].date() == date(2026, 12, 31)
    assert sheet.loc["Summit BlueCare PPO", "exit_date"].date() == date(2028, 3, 31)
    args = ["exit-impact", "--payer", "Summit BlueCare PPO", "--data", str(march)]
    assert main([*args, "--json"]) == 0
    summit = json.loads(capsys.readouterr().out)
    assert summit["exit_timing"] == SUMMIT_EXIT
    assert main(args) == 0
    assert SUMMIT_EXIT in capsys.readouterr().out.splitlines()

    ws = open_book(march)[layout.EXIT_IMPACT]
    spec = layout.EXIT_TABLE
    shown = {}
    for row in range(spec.header_row + 1, ws.max_row + 1):
        payer = ws.cell(row=row, column=spec.col("payer")).value
        cell = ws.cell(row=row, column=spec.col("notice_deadline"))
        if payer and isinstance(cell.value, datetime):  # its rows, not its header
            shown[payer] = (cell.value.date(), cell.number_format)
    passed, plain = '"past "yyyy-mm-dd', "yyyy-mm-dd"
    assert (ws.page_setup.fitToWidth or 1) == 1  # "passed " took it to two pages across
    (header,) = [c for row in ws.iter_rows(max_row=12) for c in row
                 if c.value == "Notice deadline"]
    assert header.comment is not None
    assert header.comment.text.startswith("'past': the deadline was before")  # as the cells
    assert shown == {"Summit BlueCare PPO": (date(2026, 12, 31), passed),
                     "Cardinal Employers Trust": (date(2027, 3, 1), passed),
                     "Pioneer Medicare Advantage": (date(2027, 10, 1), plain),
                     "Keystone Health Plan": (date(2027, 9, 2), plain),
                     "Meridian Mutual": (date(2027, 4, 1), plain),
                     "Lakeside Health Partners": (date(2028, 10, 2), plain)}
    # the command says "passed" of the same deadlines, and the same earliest exits
    for payer, (deadline, fmt) in shown.items():
        if payer == "Summit BlueCare PPO":  # this very command ran above: its output, not a rerun
            cli = summit
        else:
            assert main(["exit-impact", "--payer", payer, "--data", str(march), "--json"]) == 0
            cli = json.loads(capsys.readouterr().out)
        said = cli["exit_timing"].startswith(f"Notice deadline {deadline.isoformat()} passed ")
        assert said == (fmt == passed), payer
        assert cli["exit_date"] == sheet.loc[payer, "exit_date"].date().isoformat(), payer


def test_an_exit_estimate_for_an_ended_contract_says_it_ended(year_end: Path,
                                                              refreshed_again: list[str],
                                                              capsys):
    """Meridian's contract ended 2027-06-30: the Exit Impact sheet and `exit-impact --payer`
    priced leaving it ($185,794.20 at risk) with a blank deadline and no word of why, where
    every other output says it ended (found by a review). Both now warn, in one sentence."""
    expected = ("Meridian Mutual: no notice deadline and no exit date, as its " + ENDED
                + "; the estimate is what its visits are worth")
    problems = refreshed_again
    assert ("Exit Impact: " + expected) in problems
    assert main(["exit-impact", "--payer", "Meridian Mutual", "--data", str(year_end),
                 "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    # after the warning every command priced on Medicare amounts of an earlier year gives
    # (naming the workbook's Medicare date cell, as the newcomer walk asked)
    assert said["warnings"][0].startswith(f"Settings '{year_end.name}', sheet 'Settings', row ")
    assert ("'Value': Medicare date: Medicare amounts are 2026's (medicare_date "
            in said["warnings"][0])
    assert said["warnings"][1:] == [expected]
    assert said["notice_deadline"] is None and said["exit_date"] is None
    # a payer whose contract renews gets no such warning
    assert main(["exit-impact", "--payer", "Summit BlueCare PPO", "--data", str(year_end),
                 "--json"]) == 0
    assert not any("no exit date" in w for w in json.loads(capsys.readouterr().out)["warnings"])


def test_the_scenario_and_exit_rows_of_an_ended_contract_say_why(year_end: Path,
                                                                 refreshed_again: list[str],
                                                                 capsys):
    """Meridian's contract ended 2027-06-30: its Scenarios row projected five years and its
    Exit Impact row priced leaving it with blank dates, each saying why only on the Problems
    sheet (the clinic walk of 2026-12-06). Both are kept (its visits are still on file: a new
    contract's bases compared, and what those visits are worth), and each row says why; the
    Scenarios sheet and `scenario --payer` warn as the Exit Impact sheet and `exit-impact` do."""
    scenario_note = ("Meridian Mutual: no term to renew, as its " + ENDED + "; projected as a "
                     "new contract would be, from the rates in force on the analysis date")
    scenarios = table_frame(year_end, layout.SCENARIOS_TABLE).set_index("payer")
    assert _one_line(scenarios.loc["Meridian Mutual", "contract_note"]) == (
        "ended 2027-06-30 without renewal: projected as a new contract, from the analysis date")
    assert scenarios.drop(index="Meridian Mutual")["contract_note"].isna().all()
    exits = table_frame(year_end, layout.EXIT_TABLE).set_index("payer")
    assert _one_line(exits.loc["Meridian Mutual", "notice_deadline"]) == "none: ended 2027-06-30"
    assert pd.isna(exits.loc["Meridian Mutual", "exit_date"])
    assert all(isinstance(d, datetime) for d in
               exits.drop(index="Meridian Mutual")["notice_deadline"])
    assert (open_book(year_end)[layout.EXIT_IMPACT].page_setup.fitToWidth or 1) == 1

    problems = refreshed_again
    assert ("Scenarios: " + scenario_note) in problems
    assert main(["scenario", "--payer", "Meridian Mutual", "--data", str(year_end),
                 "--json"]) == 0
    assert scenario_note in json.loads(capsys.readouterr().out)["warnings"]
    assert main(["scenario", "--payer", "Summit BlueCare PPO", "--data", str(year_end),
                 "--json"]) == 0
    assert not any("no term to renew" in w
                   for w in json.loads(capsys.readouterr().out)["warnings"])
