"""A sheet of several print areas ends none of them on a page of a row or two.

The 40-payer x 300-code workbook's Totals printed its payers' table (title, description, a
two-line heading, 40 payers and "All payers") as 39 payers on one page and the 40th with
"All payers" alone on the next: the rule that prints a sheet a little smaller to save a short
last page looked only at sheets of one print area, and Totals has two (its codes' table
beside, printed on pages of its own). Each area's last page is now looked at.

The sheet here has that Totals' rows: heights as the refresh set them (title 24 points, the
description 28.5, the table's two-line heading 33.6, its header 41.2, rows of 15), the same
margins, and a codes' area of 120 rows beside.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc_workbook.page_layout import (
    MIN_PRINT_PT,
    PAGE_HEIGHT_IN,
    no_short_last_page,
    pages_down,
)
from ratecalc_workbook.styles import FONT_SIZE, use_house_font
from tests.workbook.conftest import read_pages
from tests.workbook.libreoffice import SOFFICE

PAYERS = 40
CODES = 120
#: Rows 1-4 of Totals as refreshed: title, description, the table's heading, its header.
TOP_HEIGHTS = (24.0, 28.5, 33.6, 41.2)


def _totals_like_sheet() -> Workbook:
    wb = Workbook()
    use_house_font(wb)
    ws = wb.active
    ws.title = "Totals"
    for row, height in enumerate(TOP_HEIGHTS, start=1):
        ws.row_dimensions[row].height = height
    ws["A1"] = "Totals"
    ws["A3"] = "Per payer"
    ws["H3"] = "Codes by volume"
    for col, header in enumerate(("Payer", "Units", "Revenue"), start=1):
        ws.cell(row=4, column=col, value=header)
    for col, header in enumerate(("Code", "Units", "Share"), start=8):
        ws.cell(row=4, column=col, value=header)
    for i in range(PAYERS):
        ws.cell(row=5 + i, column=1, value=f"Payer {i:02d} Health Plan")
        ws.cell(row=5 + i, column=2, value=60_000 + i)
        ws.cell(row=5 + i, column=3, value=26_000_000.5 + i)
    ws.cell(row=5 + PAYERS, column=1, value="All payers")
    for i in range(CODES):
        ws.cell(row=5 + i, column=8, value=f"C{i:04d}")
        ws.cell(row=5 + i, column=9, value=8_000 - i)
        ws.cell(row=5 + i, column=10, value=0.004)
    ws.print_area = [f"A1:F{5 + PAYERS}", f"H3:L{4 + CODES}"]
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    return wb


def test_the_payers_area_is_printed_on_one_page():
    """At 100 % a page holds (11 - 1.1) x 72 = 712.8 points, 691.4 with the 3 % kept for the
    programs' own row heights; the payers' area is 127.3 + 41 x 15 = 742.3 points: 2 pages, the
    second with a row or two. 691.4 / 742.3 = 93.1 %: printed at 93 %, one page. The codes'
    area beside keeps its pages (a smaller scale adds none)."""
    ws = _totals_like_sheet().active
    no_short_last_page(ws)
    assert ws.page_setup.scale == 93
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale / 100 >= MIN_PRINT_PT / FONT_SIZE
    room = (PAGE_HEIGHT_IN["portrait"] - 1.1) * 72 * 0.97 * 100 / ws.page_setup.scale
    payers = [*TOP_HEIGHTS, *[15.0] * (PAYERS + 1)]
    assert pages_down(payers, 0.0, room)[0] == 1


def totals_like_book(book: Path) -> None:
    """The Totals-like sheet as the refresh lays it out, saved as ``book``: printed by
    LibreOffice with the other modules' small books (``small_prints`` in conftest.py)."""
    ws = _totals_like_sheet().active
    no_short_last_page(ws)
    ws.parent.save(book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_all_payers_with_the_payers(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    _, pdf = small_prints["totals_like"]
    pages = read_pages(pdf)
    [first] = [page for page in pages if "Per payer" in page["text"]]
    assert "All payers" in first["text"], "All payers printed apart from the payers"
    assert f"Payer {PAYERS - 1:02d}" in first["text"]
    assert not any("All payers" in page["text"] for page in pages if page is not first)
    assert min(c["size"] for c in first["chars"]) >= MIN_PRINT_PT - 0.05
