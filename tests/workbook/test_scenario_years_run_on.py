"""The Scenarios' year-by-year table taller than a page stands under the per-payer table,
its header repeated atop each page after the first
(:func:`ratecalc_workbook.result_sheets.scenarios_stacked`,
:func:`ratecalc_workbook.result_sheets.scenario_years_run_on`).

Side by side, each table in a print area of its own (each starts a page), the demo printed
its 6-row per-payer table alone on a page and its 30 years on two more. Stacked, the years
start on the per-payer table's page; each page ends before a payer's first year
(:func:`ratecalc_workbook.page_layout.groups_whole_in_area`), the years' title and header
kept with the first payer's years, "All payers, by year" with the last payer's. LibreOffice
prints a sheet's repeated rows on no page starting above them, so never over the per-payer
table (Excel not checked).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc_workbook import layout
from tests.workbook.conftest import foot_sheet, open_book

PAYERS = ("Summit BlueCare PPO", "Cardinal Employers Trust", "Pioneer Medicare Advantage",
          "Keystone Health Plan", "Meridian Mutual", "Lakeside Health Partners")
YEARS = 5  # the demo's horizon
#: A line of the year-by-year table as printed: payer, year, CF change
_YEAR_ROW = re.compile(rf"^({'|'.join(PAYERS)}) ([1-{YEARS}]) -?\d+\.\d\d%")


def _scenarios_pages(pages: list[dict[str, Any]]) -> list[list[str]]:
    """The lines of each printed page of the Scenarios sheet (by its foot)."""
    return [page["text"].splitlines() for page in pages
            if foot_sheet(" ".join(page["text"].splitlines()[-1].split())) == layout.SCENARIOS]


def test_the_pages_end_before_a_payers_first_year(demo_book: Path) -> None:
    ws = open_book(demo_book)[layout.SCENARIOS]
    left, top, _, bottom = range_boundaries(
        ws.tables[layout.SCENARIO_YEARS_TABLE.name].ref)
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    assert breaks, "thirty years and the per-payer table fill more than a page"
    for after in breaks:
        # a break after row `after`: the next page starts at a payer's first year, or at the
        # years' title (their header with it)
        if after + 1 == top - 1:
            continue
        assert top < after + 1 <= bottom, (after, top, bottom)
        assert ws.cell(after + 1, left).value != ws.cell(after, left).value, after


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftotext)")
def test_the_per_payer_table_prints_with_the_first_payers_years(
        printed_pages: dict[str, list[dict[str, Any]]]) -> None:
    pages = _scenarios_pages(printed_pages["demo"])
    assert len(pages) == 2, [page[:3] for page in pages]
    first = " ".join(" ".join(line.split()) for line in pages[0])
    assert " ".join(layout.SCENARIOS_TABLE.title.split()) in first
    assert " ".join(layout.SCENARIO_YEARS_TABLE.title.split()) in first
    assert any(_YEAR_ROW.match(" ".join(line.split())) for line in pages[0]), pages[0]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftotext)")
def test_each_page_of_years_heads_them_and_holds_each_payers_years_whole(
        printed_pages: dict[str, list[dict[str, Any]]]) -> None:
    found: dict[str, list[tuple[int, int]]] = {}
    totals_page = None
    for number, lines in enumerate(_scenarios_pages(printed_pages["demo"])):
        lines = [" ".join(line.split()) for line in lines]
        rows = [i for i, line in enumerate(lines) if _YEAR_ROW.match(line)]
        if rows:
            # the years' header ("CF change" its one line alike on every page) above the rows
            header = next((i for i, line in enumerate(lines) if "CF change" in line), None)
            assert header is not None and header < rows[0], (number, lines[:rows[0] + 1])
        for i in rows:
            payer, year = _YEAR_ROW.match(lines[i]).groups()  # type: ignore[union-attr]
            found.setdefault(payer, []).append((number, int(year)))
        if any(" ".join(layout.SCENARIO_TOTALS_TABLE.title.split()) in line for line in lines):
            totals_page = number
    assert sorted(found) == sorted(PAYERS)
    for payer, years in found.items():
        assert sorted(year for _, year in years) == list(range(1, YEARS + 1)), (payer, years)
        assert len({page for page, _ in years}) == 1, (payer, years)
    # "All payers, by year" on the page of the last payer's years
    assert totals_page == found[PAYERS[-1]][0][0]
