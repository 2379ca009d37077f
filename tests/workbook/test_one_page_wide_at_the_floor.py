"""A sheet that fits one page wide with its text at MIN_PRINT_PT prints one page wide.

The 40-payer x 300-code workbook's Exit Impact printed two pages across at 100 %: its last
three columns (walk-away floor, "meets floor", Notes) alone on every second page, beside
payers' names only. One page wide, LibreOffice prints it at 80 %, its text at 8 points, the
house's floor (:data:`~ratecalc_workbook.page_layout.MIN_PRINT_PT`). The floor had been judged
on Excel's column widths with a 2 % margin (82 %); it is now judged on the widths the columns
are drawn at (:func:`~ratecalc_workbook.page_layout.drawn_width_in`, the larger of Excel's and
LibreOffice's), at the whole percent the programs print at.

The sheet here has that Exit Impact's header and column widths, as the refresh fitted them
(``synthetic_clinic()`` refreshed as of 2026-12-06), and one row of its widest figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ratecalc_workbook.input_sheets import print_setup
from ratecalc_workbook.page_layout import (
    FONT_SIZE,
    MIN_PRINT_PT,
    PRINTABLE_IN,
    drawn_width_in,
    readable_print,
)
from ratecalc_workbook.styles import FONT_NAME, use_house_font
from tests.workbook.conftest import read_pages
from tests.workbook.libreoffice import SOFFICE

#: Exit Impact's columns: header, width [characters], the widest text shown in it.
EXIT_COLUMNS = (
    ("Payer", 20.0, "Payer 03 Health Plan"), ("Visits a year", 6.9, "3,645"),
    ("Rate per visit", 11.5, "$60,581.57"), ("Revenue at risk", 15.2, "$30,533,109.25"),
    ("Retained", 10.2, "$0.00"), ("Backfilled", 10.8, "$0.00"),
    ("Net over 12 months", 15.9, "-$30,533,109.25"),
    ("Net over 24 months", 15.9, "-$61,066,218.50"),
    ("Notice deadline", 15.9, "past 2025-11-28"), ("Earliest exit", 11.7, "2026-09-28"),
    ("Walk-away floor per visit", 12.1, "$90.20"), ("Current rate meets floor", 8.9, "yes"),
    ("Notes", 12.0, "call back"),
)


def _exit_like_sheet() -> Workbook:
    wb = Workbook()
    use_house_font(wb)  # the width unit is the default font's digit
    ws = wb.active
    ws.title = "Exit Impact"
    for col, (header, width, shown) in enumerate(EXIT_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        ws.cell(row=1, column=col, value=header).font = Font(name=FONT_NAME, size=FONT_SIZE,
                                                             bold=True)
        for row in range(2, 12):
            ws.cell(row=row, column=col, value=shown).font = Font(name=FONT_NAME,
                                                                  size=FONT_SIZE)
    ws.print_area = f"A1:{get_column_letter(len(EXIT_COLUMNS))}11"
    print_setup(ws, 1)  # as the result sheets' writers set it up before fitting
    readable_print(ws, 1, len(EXIT_COLUMNS), "landscape")
    return wb


def test_the_columns_drawn_at_the_floor_fit_one_page() -> None:
    """Drawn, the 13 columns take 12.92 inches: 10.4 / 12.92 is 80.5 %, printed at 80 %,
    8 points. (Excel's widths, 12.80 inches, give 81.2 %, under the 82 % that was asked.)"""
    ws = _exit_like_sheet().active
    drawn = sum(drawn_width_in(ws, c) for c in range(1, len(EXIT_COLUMNS) + 1))
    assert int(PRINTABLE_IN["landscape"] / drawn * 100) / 100 >= MIN_PRINT_PT / FONT_SIZE
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_cols is None


def exit_like_book(book: Path) -> None:
    """The Exit Impact-like sheet saved as ``book``: printed by LibreOffice with the other
    modules' small books (``small_prints`` in conftest.py)."""
    _exit_like_sheet().save(book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_every_column_on_one_page_at_the_floor(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    _, pdf = small_prints["exit_like"]
    pages = read_pages(pdf)
    assert len(pages) == 1, f"{len(pages)} pages across for {len(EXIT_COLUMNS)} columns"
    [page] = pages
    # the first column's and the last's, beside each other on the page
    assert "Payer" in page["words"] and "Notes" in page["text"] and "call" in page["words"]
    assert min(c["size"] for c in page["chars"]) >= MIN_PRINT_PT - 0.05
