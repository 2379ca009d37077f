"""Findings of the newcomer's walk (walk-9) fixed after it: each test failed before its fix."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from ratecalc_cli.main import main
from tests.books import load_book
from tests.medicare_days import first_uncovered, last_covered

from .conftest import LETTER_PAYER


def _both_dates_blank(demo_workbook: Path, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A copy of the demo workbook with the Settings' Analysis and Medicare dates blank."""
    path = Path(shutil.copyfile(demo_workbook, tmp_path / "blank.xlsx"))
    book = load_book(path)
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


def _fee_file(tmp_path: Path, name: str, last: tuple[object, object]) -> Path:
    book = openpyxl.Workbook()
    for row in (("Code", "Fee"), ("97110", 31.5), ("97140", 29.0), last):
        book.active.append(row)
    book.save(tmp_path / name)
    return tmp_path / name


@pytest.mark.parametrize("total", ["Total", "Grand total", "TOTALS"])
@pytest.mark.parametrize("amount", [60.5, "=SUM(B2:B3)", "#REF!"],
                         ids=["computed", "never-computed", "error-value"])
def test_a_totals_row_is_skipped_alike_whatever_its_amount_holds(
        demo_workbook: Path, tmp_path: Path, capsys, total: str, amount: object) -> None:
    """A Medicaid schedule's totals row: 'Total' with a computed sum was skipped with a
    warning, the same row with the sum never computed (=SUM(...) with no cached value) gave
    two errors and nothing imported without --skip-bad-rows. A row whose code cell holds words
    without a digit is no fee line, whatever its amount cell holds."""
    book = Path(shutil.copyfile(demo_workbook, tmp_path / "w.xlsx"))
    source = _fee_file(tmp_path, "medicaid.xlsx", (total, amount))
    capsys.readouterr()
    code = main(["import", "fee-schedule", str(source), "--payer", LETTER_PAYER,
                 "--workbook", str(book), "--effective-date", "2027-01-01"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "error" not in err, err
    assert (f"warning: Fee schedule 'medicaid.xlsx', sheet 'Sheet', row 4: not a fee line (a "
            f"title, note or sub-header?): skipped, got '{total}'") in err, err
    assert "Added 2 row(s)" in out, out


@pytest.mark.parametrize("code", ["97110", "G0283"])
def test_a_code_row_whose_amount_was_never_computed_is_still_an_error(
        demo_workbook: Path, tmp_path: Path, capsys, code: str) -> None:
    """Never skip a real code row: its sum never computed is an error at the amount's cell."""
    book = Path(shutil.copyfile(demo_workbook, tmp_path / "w.xlsx"))
    source = _fee_file(tmp_path, "medicaid.xlsx", (code, "=SUM(B2:B3)"))
    capsys.readouterr()
    assert main(["import", "fee-schedule", str(source), "--payer", LETTER_PAYER,
                 "--workbook", str(book), "--effective-date", "2027-01-01"]) != 0
    err = capsys.readouterr().err
    assert ("error: Fee schedule 'medicaid.xlsx', sheet 'Sheet', row 4, column B 'Fee': holds "
            "the formula =SUM(B2:B3), whose value has never been computed") in err, err
    assert "Nothing imported" in err, err


def test_a_new_workbooks_code_list_offers_every_speech_code(tmp_path: Path) -> None:
    """`workbook new`'s code drop-down lacked 92526 (swallowing treatment) and 92610
    (swallowing evaluation), so Excel said "Not a code RateCalc lists" for them until the
    first refresh added them. It comes from the therapy-only releases, which hold PT/OT codes
    and 92507 alone; it offers those and every speech-language pathology code a full release
    lists, the list the core names (medicare.parts.SPEECH_LANGUAGE_CODES)."""
    from ratecalc.medicare.parts import SPEECH_LANGUAGE_CODES
    from ratecalc.medicare.store import known_codes
    from ratecalc.medicare.store import therapy_codes as therapy_release_codes
    from ratecalc_workbook import layout

    assert main(["workbook", "new", str(tmp_path / "new.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "new.xlsx")[layout.LISTS]
    listed = {str(c.value) for c in ws["A"][1:] if c.value is not None}
    for code in ("92526", "92610", "92507", "97110", "G0283"):
        assert code in listed, code
    assert SPEECH_LANGUAGE_CODES & known_codes() <= listed
    assert set(therapy_release_codes()) <= listed


def test_the_tic_headline_says_what_its_counts_are(capsys) -> None:
    """One TiC file's headline said "N billing codes in the file, 1 kept; 0 prices": read as a
    code kept without a price. It says the codes kept are those asked for and the prices are
    theirs of the billing class read (the Evry subset prices 97110 for facilities only)."""
    evry = (Path(__file__).parents[1] / "data" / "tic" / "evry_health"
            / "2025-01-06_Evry-Health_in-network-rates.PT_SUBSET.json")
    assert main(["import", "market-rates", str(evry), "--codes", "97110",
                 "--billing-class", "professional", "--as-of", "2026-12-06"]) == 0
    out = capsys.readouterr().out
    assert " kept; " not in out, out
    assert ("billing codes in the file, 1 of them codes asked for, holding 0 prices of billing "
            "class professional; read by the") in out, out
