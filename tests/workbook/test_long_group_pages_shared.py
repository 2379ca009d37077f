"""A payer's years longer than a page share their pages evenly: the 8-payer book with long
names (tests/workbook/test_payer_pages_whole.py's) over 50 Scenario years printed each payer's
years 12, 12, 12, 12 and 2 rows a page (LibreOffice: years 49 and 50 alone under the header,
the page's rest empty), the next payer starting a page of its own
(page_layout.groups_whole_in_area filled each page and left the rest to the last)."""

from __future__ import annotations

import math

from openpyxl import Workbook

from ratecalc_workbook.page_layout import groups_whole_in_area, page_room_pt

PAYERS, YEARS, TALL = 3, 50, 34.0  # a year's row as tall as a payer's name on three lines


def _pages(cuts: list[int], first: int, last: int) -> list[list[int]]:
    """The rows first..last on each page the breaks ``cuts`` make."""
    pages, page = [], []
    for row in range(first, last + 1):
        page.append(row)
        if row in cuts:
            pages.append(page)
            page = []
    return [*pages, page] if page else pages


def test_a_group_longer_than_a_page_shares_its_pages_evenly() -> None:
    ws = Workbook().active
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "5:5"
    last = 5 + PAYERS * YEARS
    ws.row_dimensions[4].height = ws.row_dimensions[5].height = 15.0  # title, header
    for row in range(6, last + 1):
        ws.cell(row=row, column=4, value=f"Payer {(row - 6) // YEARS}")
        ws.cell(row=row, column=5, value=(row - 6) % YEARS + 1)
        ws.row_dimensions[row].height = TALL
    for col in "DE":
        ws.column_dimensions[col].width = 20.0
    ws.print_area = "D4:E" + str(last)
    groups_whole_in_area(ws, 6, last, 4)
    cuts = sorted(b.id for b in ws.row_breaks.brk)
    room = page_room_pt(ws, "landscape") * 100 / ws.page_setup.scale
    # by hand: a page after the first holds the header (15 pt) and floor((room - 15) / 40)
    # rows; each payer needs that many pages, its 50 rows shared by them
    per_page = math.floor((room - 15.0) / TALL)
    pages_each = math.ceil(YEARS / per_page)
    assert pages_each >= 2, (room, per_page)  # the case: a payer longer than a page
    for payer in range(PAYERS):
        first = 6 + payer * YEARS
        assert payer == 0 or first - 1 in cuts, (payer, cuts)  # each payer starts a page
        counts = [len(p) for p in _pages(cuts, first, first + YEARS - 1)]
        assert len(counts) == pages_each, (payer, counts, cuts)
        # evenly: no page a row or two while the others are full
        assert max(counts) - min(counts) <= 1, (payer, counts, cuts)
