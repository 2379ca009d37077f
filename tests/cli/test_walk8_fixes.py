"""Findings of the PT + OT practice walk (walk-8, San Jose CA) fixed after it: each test failed
before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ratecalc_cli.main import main

from .conftest import LETTER_PAYER


@pytest.fixture
def book(demo_workbook: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(demo_workbook, tmp_path / "demo.xlsx"))


def test_the_letter_summary_says_a_notice_deadline_has_passed(book: Path, tmp_path: Path,
                                                              capsys) -> None:
    """Summit's term ends 2027-03-31 (the demo as of 2026-12-03), 90 days' notice: its
    deadline is 2026-12-31. A letter dated 2027-01-04 printed "notice deadline 2026-12-31"
    under it as if the deadline were still ahead, while its warnings said it had passed and
    named the renewed term's, 2027-12-30."""
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2027-01-04",
                 "--out", str(tmp_path / "late.docx")]) == 0
    out = capsys.readouterr().out
    assert ("  response requested by 2027-02-03; notice deadline 2026-12-31 passed; the "
            "renewed term's notice deadline is 2027-12-30 (90 days before it ends "
            "2028-03-31)\n") in out, out


def test_the_letter_summary_of_a_deadline_ahead_is_unchanged(book: Path, tmp_path: Path,
                                                            capsys) -> None:
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2026-12-07",
                 "--out", str(tmp_path / "ahead.docx")]) == 0
    out = capsys.readouterr().out
    assert "; notice deadline 2026-12-31\n" in out, out


def test_a_blank_analysis_date_refused_in_a_workbook_says_it_is_today(tmp_path: Path,
                                                                      monkeypatch,
                                                                      capsys) -> None:
    """A workbook's Settings with both dates blank price Medicare on today, which from
    1 January is past the bundled data until CMS's file is imported. The refusal named the
    blank Analysis date cell with "Analysis date: no Medicare data for 2027-02-01", leaving the
    billing manager to wonder where a day she never typed came from; a folder's tables
    without the rows said "no analysis_date or medicare_date given, so today", and so does
    the workbook's now, at its cell."""
    import openpyxl

    import ratecalc.dates
    from ratecalc_workbook import layout
    from tests.medicare_days import past_the_data

    assert main(["workbook", "new", str(tmp_path / "wb.xlsx"), "--demo", "--today",
                 "2026-12-03"]) == 0
    book = openpyxl.load_workbook(tmp_path / "wb.xlsx")
    ws = book[layout.SETTINGS_SHEET]
    rows = {c.value: c.row for c in ws["A"]}
    ws.cell(rows["Analysis date"], 2).value = None
    ws.cell(rows["Medicare date"], 2).value = None
    book.save(tmp_path / "blank.xlsx")
    far = past_the_data()
    monkeypatch.setattr(ratecalc.dates, "today", lambda: far)
    capsys.readouterr()
    assert main(["analyze", str(tmp_path / "blank.xlsx"), "--out", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert (f"Settings 'blank.xlsx', sheet 'Settings', row {rows['Medicare date']}, column B "
            f"'Value': Medicare date: blank, and so is the Analysis date, so Medicare is priced "
            f"on today's date, {far.isoformat()}: no Medicare data for "
            f"{far.isoformat()}") in err, err
