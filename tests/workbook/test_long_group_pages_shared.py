"""A payer's years longer than a page share their pages evenly: the 8-payer book with long
names (tests/workbook/test_payer_pages_whole.py's) over 50 Scenario years printed each payer's
years 12, 12, 12, 12 and 2 rows a page (LibreOffice: years 49 and 50 alone under the header,
the page's rest empty), the next payer starting a page of its own
(page_layout.groups_whole_in_area filled each page and left the rest to the last)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 70), st.sampled_from([15.0, 19.0, 34.0, 41.0])),
                min_size=1, max_size=5))
def test_each_page_fits_and_a_long_group_shares_its_pages(
        groups: list[tuple[int, float]]) -> None:
    """Groups of rows of one height each (a payer's years, its name on 1-3 lines): every page
    holds what fits it, ends before a group's first row or inside a group longer than a page,
    and such a group's pages, from the one it starts, hold as many rows as each other but one
    (the 12, 12, 12, 12 and 2 above)."""
    ws = Workbook().active
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "5:5"
    ws.row_dimensions[4].height = ws.row_dimensions[5].height = 15.0
    firsts, row = [], 6
    for number, (count, height) in enumerate(groups):
        firsts.append(row)
        for _ in range(count):
            ws.cell(row=row, column=4, value=f"Payer {number}")
            ws.row_dimensions[row].height = height
            row += 1
    last = row - 1
    ws.column_dimensions["D"].width = 20.0
    ws.print_area = f"D4:D{last}"
    groups_whole_in_area(ws, 6, last, 4)
    cuts = sorted(b.id for b in ws.row_breaks.brk)
    if not cuts:
        return
    room = page_room_pt(ws, "landscape") * 100 / ws.page_setup.scale
    height = {r: ws.row_dimensions[r].height for r in range(4, last + 1)}
    pages = _pages(cuts, 4, last)
    for page in pages:
        above = 0.0 if page[0] == 4 else 15.0
        assert above + sum(height[r] for r in page) <= room, (page[0], page[-1], cuts)
    for (count, tall), first in zip(groups, firsts, strict=True):
        if not any(first <= c < first + count - 1 for c in cuts):
            continue
        # a break inside a group only where it is longer than a page (the first, under the
        # title and header rows; any other, under the repeated header)
        assert (30.0 if first == 6 else 15.0) + count * tall > room, (first, count, cuts)
        if first == 6 or first - 1 in cuts:  # it starts its page: its pages shared evenly
            counts = [len(p) for p in _pages(cuts, first, first + count - 1)]
            assert max(counts) - min(counts) <= 1, (first, counts, cuts)
