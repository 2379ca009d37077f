"""Tables side by side that fit one page beside each other print on one page.

A Clinic whose texts are short (the tests' tiny clinic, the 40-payer synthetic one) printed
its profile on a portrait page and its metrics table, two or three rows, alone on a second:
together, with the empty column of 8.4 characters between them, they came to 87 % of a
landscape page by Excel's widths with a 6 % margin, under the 82 % asked. Judged on the widths
the columns are drawn at (:func:`~ratecalc_workbook.page_layout.drawn_percent`, 80 % or
more), with the empty column a narrow gap and text columns wrapping narrower where the tables
do not share the row (down to 20 characters or the longest word), both print on one
landscape page, as the sheet's description has them ("the letterhead ... (left), and the
performance figures ... (right)").

The demo's Clinic still prints on two pages: its texts on the rows the tables share (the
practice's name beside "Clean claim rate", the metrics' sources) would have to wrap, and a
row made tall by one table shows a blank band in the other
(``test_a_row_made_taller_for_one_table_is_not_a_row_of_another``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import (
    GAP_WIDTH,
    MIN_PRINT_PERCENT,
    MIN_PRINT_PT,
    PADDING,
    column_width,
    drawn_percent,
    print_areas,
    text_width,
)
from tests.books import load_book
from tests.workbook.conftest import read_pages
from tests.workbook.libreoffice import SOFFICE, printing_only


def test_the_clinics_tables_share_one_page_wide_area(tiny_new_book: Path) -> None:
    # the tiny clinic's workbook as new_workbook writes it (conftest.py: once per test run)
    ws = load_book(tiny_new_book)[layout.CLINIC_SHEET]
    [(left, top, right, bottom)] = print_areas(ws)
    assert (left, right) == (layout.PROFILE_TABLE.first_col, layout.METRICS_TABLE.last_col)
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.orientation == "landscape"
    assert drawn_percent(ws, left, right, "landscape") >= MIN_PRINT_PERCENT
    # no text column narrower than the floor or its longest word, which would break inside
    for col in (layout.PROFILE_TABLE.col("help"), layout.METRICS_TABLE.col("source")):
        # the area reaches the sheet's last row (rows the user types print): its cells end
        # at the sheet's used rows
        words = [w for row in range(top, min(bottom, ws.max_row) + 1)
                 if isinstance(value := ws.cell(row=row, column=col).value, str)
                 for w in value.split()]
        assert column_width(ws, col) >= max(map(text_width, words)) + PADDING, col


def clinic_printed_book(tiny_new_book: Path, book: Path) -> None:
    """The tiny clinic's new workbook printing its Clinic sheet only, saved as ``book``:
    printed by LibreOffice with the other modules' small books (``small_prints`` in
    conftest.py)."""
    printing_only(tiny_new_book, layout.CLINIC_SHEET, book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_clinic_on_one_page(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    _, pdf = small_prints["clinic_printed"]  # the tiny clinic's new workbook's Clinic sheet
    pages = [page for page in read_pages(pdf)
             if page["text"].splitlines()[-1].startswith(layout.CLINIC_SHEET)]
    assert len(pages) == 1, f"the Clinic printed on {len(pages)} pages"
    [page] = pages
    for shown in ("Clinic profile", "Clinic metrics and costs", "Advantages", "Metric"):
        assert shown in page["text"], shown
    assert min(c["size"] for c in page["chars"]) >= MIN_PRINT_PT - 0.05


def test_the_demo_clinic_keeps_its_shared_rows_one_line(demo_book: Path) -> None:
    """The demo's profile and metrics do not fit beside each other without wrapping a text on
    a row they share: the Clinic is left on its two areas, its columns as wide as before."""
    ws = load_book(demo_book)[layout.CLINIC_SHEET]
    assert len(print_areas(ws)) == 2
    assert column_width(ws, layout.METRICS_TABLE.first_col - 1) > GAP_WIDTH
