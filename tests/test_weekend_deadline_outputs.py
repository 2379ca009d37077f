"""A notice deadline that falls on a holiday or a weekend is one business day in every output.

The demo as of Sunday 2026-12-06 with two end dates moved (ratecalc.timeline.notice_deadline
moves the end date minus the notice days back to a business day):

- Summit BlueCare PPO ends Thu 2027-04-01 with 90 days' notice: 90 days back is Fri
  2027-01-01, New Year's Day, so the deadline is Thu 2026-12-31, 25 days ahead; decide 10
  business days before it, skipping Christmas (Fri 2026-12-25): Wed 2026-12-16; send the
  proposal 5 months before the end, Sun 2026-11-01 moved forward: Mon 2026-11-02.
- Cardinal Employers Trust ends Wed 2027-05-05 with 60 days' notice: 60 days back is Sat
  2027-03-06, so the deadline is Fri 2027-03-05, 89 days ahead; 10 business days before it:
  Fri 2027-02-19; 5 months before the end, Sat 2026-12-05 moved forward: Mon 2026-12-07.

Each date is compared, by hand, in renewal_timeline.csv, priorities.csv, summary.json,
``timeline --json``, the .ics calendar, the refreshed workbook's Priorities, Timeline and Exit
Impact sheets (the Timeline's days to the deadline after LibreOffice recalculates them), the
letters' dates and the proposal letter's text.
"""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import docx
import pytest

from ratecalc.loaders import load_folder, require
from ratecalc.timeline import contract_label, federal_holidays
from ratecalc_cli.main import main
from ratecalc_workbook import layout

from .clinics import Outputs, as_day, demo_folder_with_ends, ics_events, outputs
from .workbook.conftest import open_book
from .workbook.libreoffice import SOFFICE, convert

TODAY = date(2026, 12, 6)
SUMMIT, CARDINAL = "Summit BlueCare PPO", "Cardinal Employers Trust"
ENDS = {SUMMIT: date(2027, 4, 1), CARDINAL: date(2027, 5, 5)}
#: by hand (module docstring): notice deadline, days to it, decision date, send proposal
EXPECTED = {
    SUMMIT: (date(2026, 12, 31), 25, date(2026, 12, 16), date(2026, 11, 2)),
    CARDINAL: (date(2027, 3, 5), 89, date(2027, 2, 19), date(2026, 12, 7)),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_folder_with_ends(tmp_path_factory.mktemp("weekend") / "tables", TODAY, ENDS)


@pytest.fixture(scope="module")
def out(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return outputs(require(load_folder(folder)), tmp_path_factory.mktemp("outputs"),
                   ("--data", str(folder)))


def test_the_rule_days_fall_on_a_holiday_and_a_saturday() -> None:
    assert date(2027, 4, 1).toordinal() - 90 == date(2027, 1, 1).toordinal()
    assert date(2027, 5, 5).toordinal() - 60 == date(2027, 3, 6).toordinal()
    assert date(2027, 3, 6).weekday() == 5  # Saturday
    assert date(2026, 12, 31).weekday() == 3 and date(2027, 3, 5).weekday() == 4
    # the lines above are arithmetic on constants, true whatever the code does: the holidays
    # the hand figures skip are the ones the timeline's calendar holds
    assert date(2027, 1, 1) in federal_holidays(2027)  # New Year's Day, a Friday
    assert date(2026, 12, 25) in federal_holidays(2026)  # Christmas, a Friday
    assert not {date(2026, 12, 31), date(2027, 3, 5), date(2026, 12, 16),
                date(2027, 2, 19)} & set(federal_holidays(2026) + federal_holidays(2027))


def test_every_table_and_sheet_gives_the_business_day(out: Outputs) -> None:
    timeline = out.csv("renewal_timeline").set_index("payer")
    priorities = out.csv("priorities").set_index("payer")
    summary = {p["payer"]: p for p in out.summary["priorities"]}
    sheet_tl = out.sheet(layout.TIMELINE_TABLE).set_index("payer")
    sheet_pri = out.sheet(layout.PRIORITIES_TABLE).set_index("payer")
    sheet_exit = out.sheet(layout.EXIT_TABLE).set_index("payer")
    for payer, (deadline, days, decide, send) in EXPECTED.items():
        assert as_day(timeline.loc[payer, "end_date"]) == ENDS[payer]
        for where in (timeline.loc[payer, "notice_deadline"],
                      priorities.loc[payer, "notice_deadline"],
                      summary[payer]["notice_deadline"], sheet_tl.loc[payer, "notice_deadline"],
                      sheet_pri.loc[payer, "notice_deadline"],
                      sheet_exit.loc[payer, "notice_deadline"]):
            assert as_day(where) == deadline, payer
        assert timeline.loc[payer, "days_to_notice"] == days
        assert priorities.loc[payer, "days_to_notice_deadline"] == days
        assert summary[payer]["days_to_notice_deadline"] == days
        assert as_day(timeline.loc[payer, "decision_date"]) == decide
        assert as_day(sheet_tl.loc[payer, "decision_date"]) == decide
        assert as_day(timeline.loc[payer, "negotiation_start"]) == send
        assert as_day(sheet_tl.loc[payer, "negotiation_start"]) == send


def test_the_timeline_command_and_the_calendars_give_the_business_day(
        out: Outputs, folder: Path, tmp_path: Path) -> None:
    ics = tmp_path / "t.ics"
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["timeline", "--data", str(folder), "--json", "--ics", str(ics)]) == 0
    rows = {r["payer"]: r for r in json.loads(printed.getvalue())["contracts"]}
    contracts = out.analysis.data.contracts.set_index("payer")
    for payer, (deadline, days, decide, send) in EXPECTED.items():
        row = rows[payer]
        assert (as_day(row["notice_deadline"]), row["days_to_notice"],
                as_day(row["decision_date"]), as_day(row["negotiation_start"])) == (
            deadline, days, decide, send)
        who = contract_label(payer, contracts.loc[payer, "product"])
        for events in (out.ics(), ics_events(ics)):
            assert [e["date"] for e in events
                    if e["summary"] == f"NOTICE DEADLINE: {who}"] == [deadline]


def test_the_letters_give_the_business_day(out: Outputs, folder: Path, tmp_path: Path) -> None:
    for payer, (deadline, _, decide, _) in EXPECTED.items():
        dates = out.letters[payer].dates
        assert (dates.end_date, dates.notice_deadline, dates.decision_date) == (
            ENDS[payer], deadline, decide)
    # Summit's proposal as the command writes it: the reply is asked for by the decision date
    path = tmp_path / "summit.docx"
    with redirect_stdout(io.StringIO()):
        assert main(["letter", str(folder), "--payer", SUMMIT, "--out", str(path)]) in (0, 1)
    text = " ".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "current term ending April 1, 2027" in text
    assert ("We ask for your written response by December 16, 2026, ahead of the agreement's "
            "90-day notice date of December 31, 2026.") in text


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_recalculated_timeline_counts_to_the_business_day(out: Outputs,
                                                               tmp_path: Path) -> None:
    source = tmp_path / "source" / "book.xlsx"
    source.parent.mkdir()
    shutil.copy2(out.workbook, source)
    book = open_book(convert(source, tmp_path, "xlsx"), data_only=True)
    ws = book[layout.TIMELINE_TABLE.sheet]
    headers = [c.value for c in ws[layout.HEADER_ROW]]
    payer_col = headers.index("Payer")
    days_col = headers.index("Days to notice deadline")
    deadline_col = headers.index("Notice deadline")
    seen = {}
    for row in ws.iter_rows(min_row=layout.HEADER_ROW + 1, values_only=True):
        if row[payer_col] in EXPECTED and row[payer_col] not in seen:
            seen[row[payer_col]] = (as_day(row[deadline_col]), row[days_col])
    assert seen == {payer: (e[0], e[1]) for payer, e in EXPECTED.items()}
