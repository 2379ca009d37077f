"""Rows the user types under an input table print. Excel grows the table under what is typed,
not the sheet's print area: a new workbook's print areas ended at the template's last row
('Payers & Contracts'!$A$3:$V$7), so every row typed below it was left off the paper. The
input sheets' print areas reach the sheet's last row; neither program prints the empty pages
below the last row holding something."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl.utils import range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import print_areas
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
    wb = open_book(typed)
    ws = wb[layout.FEE_SCHEDULES]
    last = range_boundaries(ws.tables[layout.FEE_SCHEDULES_TABLE.name].ref)[3]
    for row, values in enumerate(TYPED, start=last + 1):
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
    wb.save(typed)
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
