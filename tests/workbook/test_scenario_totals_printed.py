"""The Scenarios' "All payers, by year" prints as part of the sheet's report, not alone.

Each print area starts a page, and the totals stood in an area of their own between the
per-payer table and the year-by-year one: the demo printed their five rows alone on its second
Scenarios page (the 8-payer book too), under the sheet's page header only. They stand under the
year-by-year table now, each revenue under the year-by-year column of its name, in that
table's print area: printed on the page of the last payer's years, their title and header row
with their rows (page_layout.groups_whole_in_area keeps them with that payer's years).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import print_areas, stray_print_titles
from tests.books import load_book
from tests.workbook.conftest import foot_sheet, read_pages
from tests.workbook.libreoffice import SOFFICE

TITLE = layout.SCENARIO_TOTALS_TABLE.title
#: The totals' header, as its words print (wrapped over lines: compared word by word).
HEADER = [c.header for c in layout.SCENARIO_TOTALS_TABLE.columns]


def test_the_totals_stand_under_the_years_in_their_print_area(demo_book: Path) -> None:
    ws = load_book(demo_book)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    totals, years = boxes[layout.SCENARIO_TOTALS_TABLE.name], boxes[
        layout.SCENARIO_YEARS_TABLE.name]
    assert totals[1] == years[3] + 3  # a blank row and the title between
    # each revenue under the year-by-year column of its name
    for offset, column in enumerate(layout.SCENARIO_TOTALS_TABLE.columns[1:], start=1):
        above = [c for c in range(years[0], years[2] + 1)
                 if ws.cell(row=years[1], column=c).value == column.header]
        assert above == [totals[0] + offset], column.header
    [area] = [a for a in print_areas(ws) if a[0] <= years[0] <= a[2]]
    assert area[0] <= totals[0] and totals[2] <= area[2] and area[3] >= totals[3]
    # the years' header still repeats atop each page of them
    assert ws.print_title_rows is not None and not stray_print_titles(ws)


def _scenarios_pages(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [page for page in pages
            if foot_sheet(" ".join(page["text"].splitlines()[-1].split())) == layout.SCENARIOS]


def _check_totals_page(pages: list[dict[str, Any]], payers: list[str]) -> None:
    """The page printing the totals' title also prints their header, their rows and some
    payer's years (it is no page of its own)."""
    holding = [page for page in pages if " ".join(TITLE.split()) in
               " ".join(page["words"])]
    assert len(holding) == 1, f"{len(holding)} pages print {TITLE!r}"
    [page] = holding
    words = " ".join(page["words"])
    after = words[words.index(TITLE) + len(TITLE):]
    for header in HEADER:
        assert all(word in after for word in header.split()), header
    # every year's row: the year and its three dollar figures after the title
    assert after.count("$") >= 3 * 5, after
    assert any(payer in words for payer in payers), "no payer's years on the totals' page"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_demo_prints_the_totals_with_the_last_payers_years(
        demo_book: Path, printed_pages: dict[str, list[dict[str, Any]]]) -> None:
    ws = load_book(demo_book)[layout.SCENARIOS]
    payers = sorted({str(row[0].value) for row in ws.iter_rows(min_row=6, max_col=1)
                     if row[0].value}, key=len)
    _check_totals_page(_scenarios_pages(printed_pages["demo"]), payers)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_eight_payer_book_prints_the_totals_with_years(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    from tests.workbook.test_payer_pages_whole import ADDED, LONG_NAMES

    _, pdf = small_prints["eight_payers"]  # its Proposal and Scenarios
    # a long name prints wrapped: its first three words on one line
    payers = [" ".join(n.split()[:3]) for n in (*LONG_NAMES.values(), *ADDED.values())]
    _check_totals_page(_scenarios_pages(read_pages(pdf)), payers)
