"""Every page of a sheet printed in several areas says which sheet it is and what it shows.

Spreadsheets print each print area on pages of its own, and the sheet's title and
description rows on the first area's first page only. The demo's Clinic printed its metrics
table on a second page under no title ("Clinic metrics and costs" alone at the top of an empty
page), and its Scenarios the five rows of "All payers, by year" on a page of their own, away
from the sheet's title and the description that says what the figures are. Such a sheet now
prints its title and description in the page header of every page, as a sheet printed pages
across does (:func:`~ratecalc_workbook.page_layout.title_in_page_header`), and its areas from
their own section titles, so the title is not printed twice on the first page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import (
    HEADER_TITLE_PT,
    MIN_PRINT_PERCENT,
    areas_at_one_scale,
    drawn_percent,
    finish_sheet,
    print_areas,
)
from tests.books import load_book
from tests.workbook.conftest import foot_sheet
from tests.workbook.libreoffice import SOFFICE

#: The first words of the description of each sheet the demo prints in several areas.
DESCRIBED = {
    layout.CLINIC_SHEET: "Your practice: the letterhead and the Medicare locality",
    layout.SCENARIOS: "What a fixed-dollar contract and a percent-of-Medicare contract",
}


def test_the_demo_sheets_printed_in_several_areas_head_every_page(demo_book: Path) -> None:
    wb = load_book(demo_book)
    several = {ws.title for ws in wb.worksheets
               if ws.sheet_state == "visible" and len(print_areas(ws)) > 1}
    # the Scenarios, stacked since pages-17, print one area over two pages, their title in
    # the page header all the same (page_layout.tables_whole_down)
    assert several == {layout.CLINIC_SHEET}
    for name, words in DESCRIBED.items():
        ws = wb[name]
        # as saved: a bold title, then the description in italic
        title, _, text = re.split(r'(&"Arial,Italic"&\d+ )', str(ws.oddHeader), maxsplit=1)
        assert title.endswith(" " + name), title
        assert text.strip().startswith(words), text
        # the title and description rows are in the header: no area prints them again
        assert min(top for _, top, _, _ in print_areas(ws)) >= 3, ws.print_area
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == (name, "Page &P of &N")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_every_printed_page_of_those_sheets_names_the_sheet_at_its_top(
        printed_pages: dict[str, list[dict]]) -> None:
    """On LibreOffice's print of the demo: each page of the Clinic (two) and of the Scenarios
    (two: per payer and the first payers' years, then the others and all payers under the last
    payer's years; three before pages-17, the per-payer table alone on the first) starts with
    the sheet's title and its description; before, only the first of each did."""
    pages: dict[str, list[str]] = {name: [] for name in DESCRIBED}
    scenarios_first = ""  # the whole text of the Scenarios' first page
    for page in printed_pages["demo"]:
        lines = [" ".join(line.split()) for line in page["text"].splitlines() if line.strip()]
        sheet = next((s for line in lines[-2:] if (s := foot_sheet(line)) in DESCRIBED), None)
        if sheet is not None:
            pages[sheet].append(" ".join(lines[:3]))
            if sheet == layout.SCENARIOS and not scenarios_first:
                scenarios_first = " ".join(lines)
    assert [len(pages[n]) for n in DESCRIBED] == [2, 2], pages
    for name, tops in pages.items():
        for top in tops:
            assert top.startswith(f"{name} {DESCRIBED[name]}"), (name, top)
    # the years follow the per-payer table on its page, under their title (all payers, by
    # year, print under the last payer's years: test_scenario_totals_printed.py)
    assert "Year by year, per payer" in scenarios_first


def test_areas_side_by_side_on_pages_of_their_own_print_the_title_on_each() -> None:
    """Two tables beside each other that need more than a page print apart: the second
    area's pages carry the sheet's title and description in the page header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Totals"
    ws["A1"] = "Totals"
    ws["A2"] = "What the proposal comes to."
    ws["A2"].font = Font(italic=True)  # a description, as the sheets' are
    ws["A3"] = "Per payer"
    ws["H3"] = "Codes by volume"
    for name, left, count in (("tblLeft", 1, 6), ("tblRight", 8, 300)):
        for c in range(5):
            ws.cell(row=4, column=left + c, value=f"Header {c}")
            for r in range(count):
                ws.cell(row=5 + r, column=left + c, value=f"{name} {r}")
        corner = ws.cell(row=4 + count, column=left + 4).coordinate
        ws.add_table(Table(displayName=name,
                           ref=f"{ws.cell(row=4, column=left).coordinate}:{corner}"))
    ws.print_area = ["A1:E10", "H3:L304"]
    finish_sheet(ws)
    assert print_areas(ws) == [(1, 3, 5, 10), (8, 3, 12, 304)]
    title, _, text = re.split(r'(&"Arial,Italic"&\d+ )', str(ws.oddHeader), maxsplit=1)
    assert title.endswith(" Totals") and text.strip() == "What the proposal comes to."


def test_a_sheet_fitted_in_several_areas_prints_them_at_one_fixed_scale(
        demo_book: Path, tmp_path: Path) -> None:
    """The Scenarios side by side (its per-payer table the widest area, 92 % of the page's
    width by the columns' drawn widths, in the demo before pages-17 stacked its tables; four
    payers over 5 years here) prints every area at that scale, fixed, and its page header is
    grown for it: fitted, LibreOffice scaled each area on its own, the header with it, and
    the title printed smaller on the per-payer page than on the others. The demo's Clinic's
    areas both print at full size, fitted as before."""
    from tests.workbook.test_scenario_header_not_alone import _book

    scenarios = load_book(_book(tmp_path, 4, 5))[layout.SCENARIOS]
    assert len(print_areas(scenarios)) > 1  # side by side: else this test would check nothing
    wb = load_book(demo_book)
    setup = scenarios.page_setup
    widest = min(drawn_percent(scenarios, left, right, setup.orientation)
                 for left, _, right, _ in print_areas(scenarios))
    assert widest < 100  # else this test would check nothing
    assert not scenarios.sheet_properties.pageSetUpPr.fitToPage
    assert setup.scale == widest
    # the title's size code, grown so that it prints at HEADER_TITLE_PT at that scale
    found = re.match(r'&L&"Arial,Bold"&(\d+) Scenarios&', str(scenarios.oddHeader))
    assert found, str(scenarios.oddHeader)
    title_pt = int(found[1])
    assert title_pt * widest / 100 >= HEADER_TITLE_PT
    clinic = wb[layout.CLINIC_SHEET]
    assert all(drawn_percent(clinic, left, right, clinic.page_setup.orientation) == 100
               for left, _, right, _ in print_areas(clinic))
    assert clinic.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_page_header_title_prints_at_its_size_on_every_page_of_those_sheets(
        printed_pages: dict[str, list[dict]]) -> None:
    """On LibreOffice's print of the demo, the sheet's title in the page header of each page
    of the Clinic and the Scenarios prints at :data:`HEADER_TITLE_PT` or a little larger
    (the size code is a whole point), the same size on each of a sheet's pages. Before, the
    Scenarios' per-payer page printed it at 11.0 points (its area fitted at 92 %), its other
    pages at 12."""
    sizes: dict[str, set[float]] = {name: set() for name in DESCRIBED}
    for page in printed_pages["demo"]:
        lines = [" ".join(line.split()) for line in page["text"].splitlines() if line.strip()]
        sheet = next((s for line in lines[-2:] if (s := foot_sheet(line)) in DESCRIBED), None)
        if sheet is None:
            continue
        top = min(c["top"] for c in page["chars"] if c["text"].strip())
        title = [c for c in page["chars"] if abs(c["top"] - top) < 3 and c["text"].strip()
                 and c["font"].endswith("Bold")]
        assert "".join(c["text"] for c in title).startswith(sheet), (sheet, title[:3])
        sizes[sheet] |= {round(c["size"], 1) for c in title}
    for name, found in sizes.items():
        assert len(found) == 1, (name, found)
        assert HEADER_TITLE_PT - 0.05 <= found.pop() <= HEADER_TITLE_PT + 1.5, name


def _fitted_sheet(columns: str, width: int, print_area: str, *, tall: int) -> Worksheet:
    """A portrait sheet "Wide" of ``columns`` each ``width`` wide, fitted one page wide and
    ``tall`` pages tall (0: any number), printing ``print_area``."""
    ws = Workbook().active
    ws.title = "Wide"
    for column in columns:
        ws.column_dimensions[column].width = width
        ws[f"{column}1"] = "x"
    ws.print_area = print_area
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, tall
    return ws


def test_a_sheet_fitted_in_one_print_area_stays_fitted() -> None:
    """areas_at_one_scale fixes the scale of a sheet of several areas only: one area, though it
    would print at 91 % by its drawn widths, stays fitted one page wide."""
    ws = _fitted_sheet("ABCDEFGH", 14, "A1:H20", tall=0)
    assert print_areas(ws) == [(1, 1, 8, 20)]
    # at 91 %, a scale the rule would fix: else this test would check nothing
    assert MIN_PRINT_PERCENT <= drawn_percent(ws, 1, 8, "portrait") < 100
    areas_at_one_scale(ws)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale is None


def test_a_sheet_fitted_on_one_page_tall_as_well_stays_fitted() -> None:
    """Only a sheet fitted one page wide and any number of pages tall (fitToHeight 0) gets one
    fixed scale: fitted one page tall as well, its two areas stay fitted."""
    ws = _fitted_sheet("ABCDEFGH", 14, "A1:H20 A22:H40", tall=1)
    assert len(print_areas(ws)) == 2
    # at 91 %, a scale the rule would fix: else this test would check nothing
    assert MIN_PRINT_PERCENT <= drawn_percent(ws, 1, 8, "portrait") < 100
    areas_at_one_scale(ws)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale is None


def test_areas_too_wide_for_the_smallest_print_stay_fitted() -> None:
    """A fixed scale is never below MIN_PRINT_PERCENT (the smallest print the house allows):
    two areas that would print smaller at one page wide stay fitted."""
    ws = _fitted_sheet("ABCDEFGHIJKLMNOP", 40, "A1:P20 A22:P40", tall=0)
    assert drawn_percent(ws, 1, 16, "portrait") < MIN_PRINT_PERCENT  # the premise
    areas_at_one_scale(ws)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale is None
