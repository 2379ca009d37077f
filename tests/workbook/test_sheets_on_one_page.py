"""Tables side by side that fit one page print on one page.

Each table beside another was given a print area of its own, and so pages of its own: the
demo's Totals printed its six payers on a page and its fifteen codes by volume on a second,
each page two-thirds empty. Together they fit one landscape page, and print on it; tables
that need more than one page together still print apart (the 40-payer Totals, 300 codes).
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.table import Table

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import finish_sheet, print_areas
from tests.workbook.conftest import overlapping_chars
from tests.workbook.libreoffice import SOFFICE


def _beside(rows: int) -> Workbook:
    """A sheet of a titled 6-column table of 6 rows and, beside it, a 5-column table of
    ``rows`` rows, each in a print area of its own (as ``result_sheets.print_blocks`` sets
    them)."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Totals"
    ws["A3"] = "Per payer, at the rates in force when each payer's new term begins (follows " \
               "your rates on the Proposal sheet)"
    ws["H3"] = "Codes by volume (top 80% marked)"
    for name, left, count, width in (("tblLeft", 1, 6, 6), ("tblRight", 8, rows, 5)):
        for c in range(width):
            ws.cell(row=4, column=left + c, value=f"Header {c}")
            for r in range(count):
                ws.cell(row=5 + r, column=left + c, value=f"{name} {r}")
        ws.add_table(Table(displayName=name,
                           ref=f"{ws.cell(row=4, column=left).coordinate}:"
                               f"{ws.cell(row=4 + count, column=left + width - 1).coordinate}"))
    ws.print_area = ["A1:F10", f"H3:L{4 + rows}"]
    return wb


def test_tables_beside_each_other_that_fit_a_page_share_one_area() -> None:
    ws = _beside(15).active
    finish_sheet(ws)
    assert print_areas(ws) == [(1, 1, 12, 19)]
    assert ws.page_setup.fitToWidth == 1
    # the left table's title wraps short of the right one's, as it did on a page of its own
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert "A3:G3" in merged and ws["A3"].alignment.wrap_text


def test_tables_beside_each_other_that_need_more_pages_print_apart() -> None:
    ws = _beside(300).active
    finish_sheet(ws)
    # the first area from its section title: the sheet's title and description rows print in
    # the page header of every page (test_areas_titled.py)
    assert print_areas(ws) == [(1, 3, 6, 10), (8, 3, 12, 304)]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_demo_totals_print_on_one_page(printed_pages: dict[str, list[dict]]) -> None:
    pytest.importorskip("pdfplumber")
    pages = [p for p in printed_pages["demo"]
             if p["text"].splitlines()[-1].startswith(layout.TOTALS)]
    assert len(pages) == 1
    [page] = pages
    assert "Codes by volume (top 80% marked)" in page["text"]
    assert "92523" in page["words"] and "All payers" in page["text"]
    assert overlapping_chars(page) == []
