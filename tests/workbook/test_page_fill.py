"""Printed pages that do not look unfinished: no last page down holding a row or two, no
header of the Dashboard's chart data wider than its column, no row of a sheet printed pages
across made tall by a text wrapped on a later page that had room for it on one line.

Checked on the page setup and sizes the workbook writes; tests/workbook/test_rendered_pages.py
checks the same on the pages LibreOffice prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import (
    MIN_PRINT_PT,
    finish_sheet,
    no_short_last_page,
    pages_down,
)
from ratecalc_workbook.styles import FONT_SIZE
from tests.books import load_book


@pytest.mark.parametrize(("heights", "repeated", "room", "expected"), [
    ([10.0] * 10, 0.0, 100.0, (1, 1.0)),       # exactly a page
    ([10.0] * 11, 0.0, 100.0, (2, 0.1)),       # one row over
    ([10.0] * 25, 10.0, 100.0, (3, 0.7)),      # 10 + 9 + 6 rows, pages 2 and 3 under a header
    ([60.0, 60.0], 0.0, 100.0, (2, 0.6)),      # a row is never split
])
def test_pages_down_by_hand(heights, repeated, room, expected):
    pages, share = pages_down(heights, repeated, room)
    assert (pages, round(share, 6)) == expected


def _rows(count: int) -> Workbook:
    wb = Workbook()
    ws = wb.active
    for row in range(1, count + 1):
        ws.cell(row=row, column=1, value=f"row {row}")
        ws.cell(row=row, column=2, value=row)
    return wb


def test_a_last_page_of_four_rows_is_printed_a_page_sooner():
    """50 rows of the default 15 points, portrait, margins 0.5 and 0.6 inches: a page holds
    (11 - 1.1) x 72 = 712.8 points, 691.4 at the 3% kept for the programs' own row heights,
    so 46 rows at 100%: 46 + 4. At 92%, 50 x 15 = 750 points fit 691.4 / 0.92 = 751.5: one
    page (the input sheets of the demo printed 47 + 47 + 6 and 47 + 46 + 4 rows)."""
    ws = _rows(50).active
    finish_sheet(ws, orientation="portrait")
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.scale = None
    no_short_last_page(ws)
    assert ws.page_setup.scale == 92
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # a fixed scale: rows typed later
    # add pages at it, not shrink every page


def test_a_last_page_is_kept_when_only_unreadable_text_would_save_it():
    """Rows of 15 points on a page of 691.4 points (46 rows at 100%), by hand:
    110 rows print 46 + 46 + 18, no short last page (18 rows is over a third of 46), but under
    half of one: its pages share the rows, 37 + 37 + 36 (each filled to the average, 550
    points, in turn), at 100% fixed (breaks print only at a fixed scale);
    95 rows, 46 + 46 + 3, print on two pages of 48 rows, 720 points, at 691.4 / 720 = 96%;
    140 rows, 46 x 3 + 2, on three of 47 rows, 705 points, at 98%.
    With margins of 2 inches, a page holds 7 x 72 x 0.97 = 488.9 points, 32 rows: 60 rows
    print 32 + 28 (kept), 34 rows 32 + 2, one page of 510 points at 488.9 / 510 = 95%;
    and 40 rows, 32 + 8, one page of 600 points only at 81%: kept, under the floor the
    house font's 10 points give MIN_PRINT_PT (8 points, 82% with its margin), its rows
    shared 20 + 20 at 100%."""
    floor = MIN_PRINT_PT / FONT_SIZE
    for count, margin, scaled, breaks in (
            (110, None, 100, [37, 74]), (95, None, 96, []), (140, None, 98, []),
            (60, 2.0, None, []), (34, 2.0, 95, []), (40, 2.0, 100, [20])):
        ws = _rows(count).active
        finish_sheet(ws, orientation="portrait")
        ws.page_margins.top, ws.page_margins.bottom = (margin, margin) if margin else (0.5, 0.6)
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.scale = None
        no_short_last_page(ws)
        assert ws.page_setup.scale == scaled, count
        assert sorted(b.id for b in ws.row_breaks.brk) == breaks, count
        if scaled is not None:
            assert scaled / 100 >= floor


def test_the_demo_input_sheets_end_without_a_short_page(demo_book: Path):
    wb = load_book(demo_book)
    for name in (layout.FEE_SCHEDULES, layout.VOLUMES):
        ws = wb[name]
        assert ws.page_setup.scale is not None and 80 <= ws.page_setup.scale < 100, name


def test_addresses_on_the_last_page_across_take_its_room_not_two_lines(demo_book: Path):
    """Payers & Contracts prints three pages across; its contact addresses, on the third,
    were wrapped at 50 characters there, each row two lines tall on all three pages, the first
    two showing a blank band under every payer, while the third page had room to the right.
    The address column now takes that room: every address that fits it is on one line, its row
    one line tall (Summit BlueCare's, of 78 characters, still wraps)."""
    from ratecalc_workbook.page_layout import LINE_PT, PADDING, ROW_MARGIN_PT, text_width

    ws = load_book(demo_book)[layout.PAYERS_CONTRACTS]
    header = layout.PAYERS_CONTRACTS_TABLE.header_row
    columns = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    address = columns["Contact address"]
    width = ws.column_dimensions[ws.cell(row=header, column=address).column_letter].width
    one_line = [r for r in range(header + 1, ws.max_row + 1)
                if text_width(str(ws.cell(row=r, column=address).value)) + PADDING <= width]
    short = "Cardinal Employers Trust; PO Box 2210; Birmingham, AL 35201"  # 59 characters
    row = next(r for r in range(header + 1, ws.max_row + 1)
               if ws.cell(row=r, column=address).value == short)
    assert row in one_line
    assert len(one_line) >= 5
    for r in one_line:
        assert (ws.row_dimensions[r].height or 0) <= LINE_PT + ROW_MARGIN_PT + 0.1, r


def test_the_chart_datas_payer_headings_fit_their_columns(demo_book: Path):
    """The Dashboard's chart data headed its payer columns with the payers' names in columns of
    14 characters, right-aligned, wrapped to two and three lines that ran into each other
    ("Market BlueCare PPO"). Each column is now at least as wide as its name on one line, bold,
    with the cell's padding (the demo's four fit beside each other under the rate chart), and
    the header holds the name as typed: it names the chart's series, and a line break in it
    would show in the legend."""
    from ratecalc_workbook import charts
    from ratecalc_workbook.page_layout import PADDING, text_width

    ws = load_book(demo_book)[layout.DASHBOARD]
    header = charts.DATA_HEADER_ROW
    names = [ws.cell(row=header, column=c).value for c in range(4, 8)]
    assert names == ["Summit BlueCare PPO", "Cardinal Employers Trust",
                     "Pioneer Medicare Advantage", "Keystone Health Plan"]
    for column, name in enumerate(names, start=4):
        cell = ws.cell(row=header, column=column)
        assert "\n" not in name and cell.alignment.wrap_text
        width = ws.column_dimensions[cell.column_letter].width
        assert width >= text_width(name, 10, bold=True) + PADDING, (name, width)


def test_the_charts_stay_where_they_were_laid_out(demo_book: Path):
    """Columns D to G widened for the payers' names: the scenario chart, anchored at E22,
    would have moved right by D's growth, past the rate chart's right edge, and the Dashboard
    printed smaller (or two pages across). It starts where column E began at the widths of
    COLUMN_WIDTHS: 30 + 18 + 14 + 14 characters, 215 + 131 + 103 + 103 = 552 pixels; and the
    page ends at the rate chart's edge, G, one page wide."""
    import zipfile

    from lxml import etree
    from openpyxl.utils.units import EMU_to_pixels

    from ratecalc_workbook.page_layout import column_pixels, column_width


    ws = load_book(demo_book)[layout.DASHBOARD]
    assert ws.page_setup.fitToWidth == 1
    # G: the rate chart's edge; 41: the row over the charts' figures, left out of the print
    assert str(ws.print_area).endswith("$A$1:$G$41")
    # openpyxl does not read charts back: the anchors are read from the drawing
    ns = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
    starts = []
    with zipfile.ZipFile(demo_book) as book:
        for name in book.namelist():
            if name.startswith("xl/drawings/drawing"):
                for anchor in etree.fromstring(book.read(name)).findall("xdr:oneCellAnchor",
                                                                        ns):
                    start = anchor.find("xdr:from", ns)
                    starts.append(tuple(int(start.find(f"xdr:{part}", ns).text)
                                        for part in ("row", "col", "colOff")))
    # the rate chart at D4, the stake chart at A22, the scenario chart on row 22 (0-based 21)
    [(col, offset)] = [(c, o) for r, c, o in starts if r == 21 and c > 0]
    left = sum(column_pixels(column_width(ws, c)) for c in range(1, col + 1))
    assert left + EMU_to_pixels(offset) == 552
