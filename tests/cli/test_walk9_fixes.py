"""Findings of the newcomer's walk (walk-9) fixed after it: each test failed before its fix."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from ratecalc_cli.main import main
from tests.medicare_days import first_uncovered, last_covered

from .conftest import LETTER_PAYER


def _both_dates_blank(demo_workbook: Path, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A copy of the demo workbook with the Settings' Analysis and Medicare dates blank."""
    path = Path(shutil.copyfile(demo_workbook, tmp_path / "blank.xlsx"))
    book = openpyxl.load_workbook(path)
    ws = book["Settings"]
    rows = {c.value: c.row for c in ws["A"] if c.value in ("Analysis date", "Medicare date")}
    for row in rows.values():
        ws.cell(row, 2).value = None
    book.save(path)
    return path, rows


def test_both_dates_blank_past_the_data_is_one_refusal_at_the_medicare_date_cell(
        demo_workbook: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    """From 1 January, a workbook with both Settings dates blank prices Medicare on today,
    past the bundled data. ``analyze``, ``letter`` and ``scenario`` said "no analysis_date or
    medicare_date given, so today ... set the Settings' Medicare date (medicare_date)", refresh
    said "Analysis date: no Medicare data ...", and both named the blank Analysis date's cell,
    not the Medicare date's, the one to fill. One refusal now, in the sheet's labels, at the
    Medicare date's cell, with both remedies."""
    import ratecalc.dates
    from ratecalc_workbook.refresh import refresh_workbook

    book, rows = _both_dates_blank(demo_workbook, tmp_path)
    today = first_uncovered() + timedelta(days=3)  # the first Monday of 2027 with RVU26C
    last = last_covered().isoformat()
    expected = (f"Settings 'blank.xlsx', sheet 'Settings', row {rows['Medicare date']}, "
                f"column B 'Value': Medicare date: blank, and so is the Analysis date, so "
                f"Medicare is priced on today's date, {today.isoformat()}: no Medicare data "
                f"for {today.isoformat()}: ")
    remedies = ("To add a newer one: ratecalc medicare import URL-OR-ZIP (CMS's RVU zip). "
                f"If CMS's {today.year} file is not out yet, set the Settings' Medicare date "
                f"to {last} to compare against")

    # refresh: "today" is the moment passed to it
    refreshed = refresh_workbook(book, now=datetime(today.year, today.month, today.day, 9))
    (refusal,) = [p for p in refreshed.problems if p.severity == "error"]
    assert refusal.message.startswith(expected), refusal.message
    assert remedies in refusal.message, refusal.message

    # the commands: "today" is the one the run takes (ratecalc.dates.today)
    monkeypatch.setattr(ratecalc.dates, "today", lambda: today)
    commands = {"analyze": ["analyze", str(book), "--out", str(tmp_path / "out")],
                "letter": ["letter", str(book), "--payer", LETTER_PAYER,
                           "--out", str(tmp_path / "l.docx")],
                "scenario": ["scenario", "--data", str(book), "--payer", LETTER_PAYER]}
    for command, argv in commands.items():
        capsys.readouterr()
        assert main(argv) == 3, command
        err = " ".join(capsys.readouterr().err.split())
        assert refusal.message in err, (command, err)
        for internal in ("analysis_date", "medicare_date"):
            assert internal not in err, (command, err)


def test_an_analysis_date_past_the_data_is_still_named_at_its_cell(
        demo_workbook: Path, tmp_path: Path, capsys) -> None:
    """The analysis date typed and the Medicare date blank: the day typed is refused at its
    own cell, as before, with the remedy in the sheet's words."""
    book, rows = _both_dates_blank(demo_workbook, tmp_path)
    far = first_uncovered() + timedelta(days=40)
    wb = openpyxl.load_workbook(book)
    wb["Settings"].cell(rows["Analysis date"], 2).value = far
    wb.save(book)
    assert main(["analyze", str(book), "--out", str(tmp_path / "out")]) == 3
    err = " ".join(capsys.readouterr().err.split())
    assert (f"row {rows['Analysis date']}, column B 'Value': Analysis date: no Medicare data "
            f"for {far.isoformat()}") in err, err
    assert f"set the Settings' Medicare date to {last_covered().isoformat()}" in err, err
