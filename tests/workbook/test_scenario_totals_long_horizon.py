"""The Scenarios' "All payers, by year" over a long horizon prints whole, never cut in two.

Under the year-by-year table it printed with the last payer's years (pages-13), kept with them
as rows naming no payer. Over 18 years (the Settings' Scenario years allow 1 to 50) the last
payer's years and the totals no longer fit one page together, and the page ended inside the
totals: their title, header and years 1-9 under Lakeside's years, years 10-18 on the next page
under the year-by-year header, the year printed under "% of Medicare at the year's rates"
(LibreOffice, 2026-12-07). Where the totals fit a page of their own, that page now starts at
them; where the last payer's years fit with them, they still print together.

A note typed in the Payer column under the years (or beside the totals) started a page group
of its own there, so a page could end at it, inside the totals.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.books import load_book
from tests.workbook.conftest import NOW, open_book, read_pages
from tests.workbook.libreoffice import SOFFICE, convert, printing_only

TOTALS = layout.SCENARIO_TOTALS_TABLE
YEARS = layout.SCENARIO_YEARS_TABLE


def _horizon_book(folder: Path, years: int, note: str | None = None) -> Path:
    """The demo clinic's workbook with ``years`` Scenario years, refreshed; with ``note``
    typed in the Payer column beside the totals' third year, refreshed again."""
    from ratecalc.demo import demo_data

    data = demo_data()
    data = dataclasses.replace(data, settings=dataclasses.replace(data.settings,
                                                                  scenario_years=years))
    book = folder / f"horizon-{years}.xlsx"
    new_workbook(book, data)
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    if note is not None:
        wb = open_book(book)
        ws = wb[layout.SCENARIOS]
        left, top, _, _ = range_boundaries(ws.tables[YEARS.name].ref)
        totals_top = range_boundaries(ws.tables[TOTALS.name].ref)[1]
        ws.cell(row=totals_top + 3, column=left, value=note)
        wb.save(book)
        result = refresh_workbook(book, now=NOW)
        assert result.ok, [p.message for p in result.errors]
    return book


def _boxes(book: Path) -> tuple[Any, tuple[int, int, int, int], tuple[int, int, int, int]]:
    ws = load_book(book)[layout.SCENARIOS]
    return (ws, range_boundaries(ws.tables[YEARS.name].ref),
            range_boundaries(ws.tables[TOTALS.name].ref))


@pytest.mark.parametrize("note", [None, "Assumes no new payer"])
def test_totals_too_long_for_the_last_payers_page_start_a_page_whole(
        tmp_path: Path, note: str | None) -> None:
    ws, years, totals = _boxes(_horizon_book(tmp_path, 18, note))
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    title_row = totals[1] - 1
    # no page ends between the totals' title and their last year
    assert not [b for b in breaks if title_row - 1 <= b < totals[3]], (breaks, totals)
    # the page before them ends at the years' last row or the blank row under it
    assert any(years[3] <= b < title_row for b in breaks), (breaks, years, totals)


def test_totals_that_fit_with_the_last_payers_years_print_with_them(tmp_path: Path) -> None:
    ws, years, totals = _boxes(_horizon_book(tmp_path, 5, "Assumes no new payer"))
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    # no page ends after the last payer's first year before the totals' last row
    last_payer = ws.cell(row=years[3], column=years[0]).value
    first_year = min(r for r in range(years[1] + 1, years[3] + 1)
                     if ws.cell(row=r, column=years[0]).value == last_payer)
    assert not [b for b in breaks if first_year <= b < totals[3]], (breaks, first_year)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_eighteen_years_totals_on_one_page(tmp_path: Path) -> None:
    book = _horizon_book(tmp_path, 18)
    only = printing_only(book, layout.SCENARIOS, tmp_path / "scenarios.xlsx")
    pages = [page for page in read_pages(convert(only, tmp_path, "pdf"))
             if page["text"].splitlines()[-1].startswith(layout.SCENARIOS)]
    holding = [i for i, page in enumerate(pages) if TOTALS.title in page["text"]]
    assert len(holding) == 1, holding
    [i] = holding
    words = " ".join(pages[i]["words"])
    after = words[words.index(TOTALS.title):]
    # years 1 to 18 of all payers, each with its three dollar figures, on that page
    assert after.count("$") >= 3 * 18, after
    # and no page after it holds figures of theirs
    assert all("$" not in " ".join(page["words"]) for page in pages[i + 1:])
