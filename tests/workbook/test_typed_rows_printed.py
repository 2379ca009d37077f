"""Rows the user types under an input table print. Excel grows the table under what is typed,
not the sheet's print area: a new workbook's print areas ended at the template's last row
('Payers & Contracts'!$A$3:$V$7), so every row typed below it was left off the paper. The
input sheets' print areas reach the sheet's last row; neither program prints the empty pages
below the last row holding something."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import print_areas
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.upgrade import upgrade_workbook
from tests.workbook.conftest import open_book, read_pages
from tests.workbook.libreoffice import SOFFICE, printing_only

#: A worksheet's last row, Excel's (and LibreOffice's since 7.0).
SHEET_LAST_ROW = 1048576
#: The sheets the user types rows into.
USERS_SHEETS = (*layout.INPUT_SHEETS, layout.NEGOTIATION_LOG)
TYPED = [("Typed Mutual", "97110", None, 41.5), ("Typed Mutual", "97140", None, 39.0),
         ("Typed Mutual", "97530", None, 44.25)]


def test_every_print_area_of_a_users_sheet_reaches_the_sheets_last_row(
        tiny_new_book: Path, demo_book: Path) -> None:
    for book in (tiny_new_book, demo_book):
        wb = open_book(book)
        for name in USERS_SHEETS:
            areas = print_areas(wb[name])
            assert areas, name
            assert all(bottom == SHEET_LAST_ROW for _, _, _, bottom in areas), (name, areas)


def typed_rows_book(tiny_new_book: Path, book: Path) -> None:
    """The tiny clinic's new workbook with three fee rows typed under its Fee Schedules table
    (as a user types them: openpyxl, like Excel, leaves the print area as it was), printing
    that sheet only: printed by LibreOffice with the other modules' small books
    (``small_prints`` in conftest.py)."""
    typed = book.with_name("typed.xlsx")
    shutil.copy2(tiny_new_book, typed)
    _typed_under_fee_schedules(typed, TYPED)
    printing_only(typed, layout.FEE_SCHEDULES, book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_rows_typed_under_a_table_print(small_prints: dict[str, tuple[Path, Path]]) -> None:
    pytest.importorskip("pdfplumber")
    _, pdf = small_prints["typed_rows"]
    pages = [page for page in read_pages(pdf)
             if page["text"].splitlines()[-1].startswith(layout.FEE_SCHEDULES)]
    assert len(pages) == 1  # no empty page printed below them
    lines = [line.split() for line in pages[0]["text"].splitlines()]
    for payer, code, _, amount in TYPED:
        assert [*payer.split(), code, f"{amount:g}"] in [line[:4] for line in lines], code


#: Rows typed under an earlier workbook's Fee Schedules table, for the tiny clinic's payers.
TYPED_EARLIER = [("Alpha Health", "97530", None, 41.5, date(2026, 1, 1)),
                 ("Beta Plan", "97112", None, 39.0, date(2026, 1, 1)),
                 ("Alpha Health", "97116", None, 44.25, date(2026, 1, 1))]


def _typed_under_fee_schedules(path: Path, rows: list[tuple[object, ...]]) -> None:
    wb = open_book(path)
    ws = wb[layout.FEE_SCHEDULES]
    last = range_boundaries(ws.tables[layout.FEE_SCHEDULES_TABLE.name].ref)[3]
    for row, values in enumerate(rows, start=last + 1):
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
    wb.save(path)


def earlier_typed_book(book: Path) -> None:
    """The tiny clinic's workbook as RateCalc wrote it before its input print areas reached
    the sheet's last row ('Fee Schedules'!$A$1:$F$8), three fee rows typed under its table,
    then refreshed, printing Fee Schedules only (``small_prints``)."""
    from tests.workbook.conftest import NOW, tiny_clinic
    from tests.workbook.earlier_books import write_earlier_workbook

    earlier = book.with_name("earlier-typed.xlsx")
    write_earlier_workbook(earlier, tiny_clinic(), {})
    _typed_under_fee_schedules(earlier, TYPED_EARLIER)
    assert refresh_workbook(earlier, now=NOW).ok
    printing_only(earlier, layout.FEE_SCHEDULES, book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_rows_typed_in_an_earlier_workbook_print_once_refreshed(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    pytest.importorskip("pdfplumber")
    _, pdf = small_prints["earlier_typed"]
    pages = [page for page in read_pages(pdf)
             if page["text"].splitlines()[-1].startswith(layout.FEE_SCHEDULES)]
    assert len(pages) == 1
    lines = [line.split() for line in pages[0]["text"].splitlines()]
    for payer, code, _, amount, _ in TYPED_EARLIER:
        words = [*payer.split(), code]
        assert any(line[:len(words)] == words and line[len(words)] == f"{amount:g}"
                   for line in lines if len(line) > len(words)), (code, lines)


def test_upgrade_grows_an_earlier_workbooks_print_areas_and_keeps_the_users(
        tmp_path: Path) -> None:
    """``workbook upgrade`` of a workbook an earlier RateCalc made (its optional columns
    missing) grows a print area ending at its table's last row, as the import does
    (fee_schedule_import), and keeps one the user ended above it."""
    from tests.workbook.conftest import tiny_clinic
    from tests.workbook.earlier_books import write_earlier_workbook

    book = write_earlier_workbook(tmp_path / "earlier.xlsx", tiny_clinic())
    wb = open_book(book)
    volumes_area = print_areas(wb[layout.VOLUMES])
    wb[layout.VOLUMES].print_area = "A1:E5"  # the user's: the first row of the table only
    wb.save(book)
    assert all(bottom < SHEET_LAST_ROW for _, _, _, bottom in volumes_area)
    result = upgrade_workbook(book)
    assert result.added and result.backup is not None  # written: the parts were missing
    wb = open_book(book)
    for name in USERS_SHEETS:
        areas = print_areas(wb[name])
        if name == layout.VOLUMES:
            assert areas == [(1, 1, 5, 5)], areas
        else:
            assert all(bottom == SHEET_LAST_ROW for _, _, _, bottom in areas), (name, areas)


#: A payer's name of a common length, typed into a new workbook's empty Fee Schedules.
TYPED_NAME = ("Cardinal Employers Trust", "97110", None, 41.5)


def typed_names_book(book: Path) -> None:
    """A new workbook of no clinic (``ratecalc workbook new``), a fee row typed into its Fee
    Schedules table, printing that sheet only (``small_prints``)."""
    from ratecalc_workbook.builder import new_workbook

    blank = book.with_name("blank-typed.xlsx")
    new_workbook(blank, None)
    wb = open_book(blank)
    ws = wb[layout.FEE_SCHEDULES]
    first = range_boundaries(ws.tables[layout.FEE_SCHEDULES_TABLE.name].ref)[1] + 1
    for col, value in enumerate(TYPED_NAME, start=1):
        ws.cell(row=first, column=col, value=value)
    wb.save(blank)
    printing_only(blank, layout.FEE_SCHEDULES, book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_payer_typed_in_a_new_workbook_prints_whole(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    """The empty Payer column of a new workbook was 12 characters wide: a name typed there
    printed cut at the Code beside it ("Cardinal Emplo")."""
    pytest.importorskip("pdfplumber")
    _, pdf = small_prints["typed_names"]
    pages = [page for page in read_pages(pdf)
             if page["text"].splitlines()[-1].startswith(layout.FEE_SCHEDULES)]
    assert len(pages) == 1
    name, code = TYPED_NAME[0], TYPED_NAME[1]
    assert [*name.split(), code] in [line.split()[:4] for line in pages[0]["text"].splitlines()]
    chars = pages[0]["chars"]
    # the code's first digit on the typed row, the one "97110" under the header
    digits = [i for i, c in enumerate(chars) if "".join(
        d["text"] for d in chars[i:i + len(code)]) == code]
    assert len(digits) == 1, digits
    start = chars[digits[0]]
    row = sorted((c for c in chars if abs(c["top"] - start["top"]) < 2 and c["text"].strip()),
                 key=lambda c: c["x0"])
    left = [c for c in row if c["x0"] < start["x0"]]
    assert "".join(c["text"] for c in left) == name.replace(" ", "")
    # every letter left of the Code column: none drawn under the next cell, clipped there
    assert max(c["x1"] for c in left) <= start["x0"], (left[-1], start)


def test_a_users_print_area_beside_the_table_is_kept(tmp_path: Path) -> None:
    """A print area the user added beside an earlier workbook's table (a column of notes one
    column right of Fee Schedules' table) that happens to end at the table's last row is the
    user's, not RateCalc's (which never set one outside its table's columns): it was grown to
    the sheet's last row with RateCalc's own."""
    from ratecalc_workbook.builder import print_rows_typed
    from tests.workbook.conftest import tiny_clinic
    from tests.workbook.earlier_books import write_earlier_workbook

    book = write_earlier_workbook(tmp_path / "earlier.xlsx", tiny_clinic())
    wb = open_book(book)
    ws = wb[layout.FEE_SCHEDULES]
    (left, top, right, bottom), = print_areas(ws)
    assert left == 1 and bottom < SHEET_LAST_ROW
    notes = get_column_letter(right + 2)
    ws.print_area = [f"A{top}:{get_column_letter(right)}{bottom}", f"{notes}1:{notes}{bottom}"]
    assert layout.FEE_SCHEDULES in print_rows_typed(wb)
    assert print_areas(ws) == [(1, top, right, SHEET_LAST_ROW),
                               (right + 2, 1, right + 2, bottom)]
