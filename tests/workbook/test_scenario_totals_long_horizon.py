"""The Scenarios' "All payers, by year" over a long horizon prints whole, under its own header.

Under the year-by-year table it printed with the last payer's years (pages-13), kept with them
as rows naming no payer. Over 18 years (the Settings' Scenario years allow 1 to 50) the last
payer's years and the totals no longer fit one page together, and the page ended inside the
totals: their title, header and years 1-9 under Lakeside's years, years 10-18 on the next page
under the year-by-year header, the year printed under "% of Medicare at the year's rates"
(LibreOffice, 2026-12-07). Started on a page of their own, they still printed under the
years' header, repeated atop every page of the sheet (one span of rows), and over 24 years ran
onto a second page under it alone (one payer over 29 years: years 1-12 under their title and
header, 13-29 under the years' header, the year under "% of Medicare at the year's rates").
Where they can never print on the page of the last payer's years (from 13 years,
result_sheets.scenario_totals_beside), they now stand beside the years on the header row the
sheet repeats, a print area of their own, their header atop each of their pages; where they
can, they still print with the last payer's years.

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
from ratecalc_workbook.page_layout import print_areas
from ratecalc_workbook.refresh import refresh_workbook
from tests.books import load_book
from tests.workbook.conftest import NOW, open_book, read_pages
from tests.workbook.libreoffice import SOFFICE, convert_all, printing_only

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


@pytest.fixture(scope="module")
def eighteen_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo over 18 Scenario years, refreshed (read, never changed, by the tests)."""
    return _horizon_book(tmp_path_factory.mktemp("horizon"), 18)


def test_totals_too_long_for_the_last_payers_page_stand_beside_the_years(
        eighteen_years: Path) -> None:
    ws, years, totals = _boxes(eighteen_years)
    # on the years' header row, right of them past a gap column, on rows of their own columns
    assert (totals[1], totals[0]) == (years[1], years[2] + 2), (years, totals)
    assert totals[3] - totals[1] == 18
    assert ws.print_title_rows == f"${years[1]}:${years[1]}"
    areas = print_areas(ws)
    [own] = [a for a in areas if a[0] <= totals[0] <= a[2]]
    assert own[0] == totals[0] and own[2] == totals[2], areas  # an area of their own
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    # no page ends inside them: their 18 years fit the page the first payer's 18 fill
    assert not [b for b in breaks if totals[1] <= b < totals[3]], (breaks, totals)


def _one_payer_book(folder: Path, years: int) -> Path:
    """The demo with its first payer only over ``years`` Scenario years, refreshed."""
    import pandas as pd

    from ratecalc.demo import demo_data

    data = demo_data()
    first = data.payers["payer"].iloc[0]
    changed = {f.name: frame[frame["payer"] == first].reset_index(drop=True)
               for f in dataclasses.fields(data)
               if isinstance(frame := getattr(data, f.name), pd.DataFrame)
               and "payer" in frame.columns}
    data = dataclasses.replace(data, **changed, settings=dataclasses.replace(
        data.settings, scenario_years=years))
    book = folder / f"one-payer-{years}.xlsx"
    new_workbook(book, data)
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    return book


@pytest.fixture(scope="module")
def printed(eighteen_years: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[int, list[dict[str, Any]]]:
    """Years -> the Scenarios' pages as LibreOffice prints them (each page footed with the
    sheet's name): the 18-year demo and one payer over 29 years, in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("printed")
    books = {18: eighteen_years, 29: _one_payer_book(folder, 29)}
    only = [printing_only(book, layout.SCENARIOS, folder / f"scenarios-{years}.xlsx")
            for years, book in books.items()]
    pdfs = convert_all(only, folder / "pdf", "pdf")
    return {years: [page for page in read_pages(pdf)
                    if page["text"].splitlines()[-1].startswith(layout.SCENARIOS)]
            for years, pdf in zip(books, pdfs, strict=True)}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_29_years_totals_under_their_own_header(
        printed: dict[int, list[dict[str, Any]]]) -> None:
    """One payer over 29 years: the page of the totals' title holds all 29 of their years,
    each with its three dollar figures, under their header and not the years' ("CF change",
    "Medicare index"); printed under the years, they took two pages, the second under the
    years' header."""
    pages = printed[29]
    holding = [page for page in pages if TOTALS.title in page["text"]]
    assert len(holding) == 1, len(holding)
    words = " ".join(holding[0]["words"])
    after = words[words.index(TOTALS.title):]
    assert after.count("$") == 3 * 29, after
    for header in ("CF change", "Medicare index", "at the year's rates"):
        assert header not in words, header
    assert all(word in after for c in TOTALS.columns for word in c.header.split())


def test_totals_that_fit_with_the_last_payers_years_print_with_them(tmp_path: Path) -> None:
    ws, years, totals = _boxes(_horizon_book(tmp_path, 5, "Assumes no new payer"))
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    # no page ends after the last payer's first year before the totals' last row
    last_payer = ws.cell(row=years[3], column=years[0]).value
    first_year = min(r for r in range(years[1] + 1, years[3] + 1)
                     if ws.cell(row=r, column=years[0]).value == last_payer)
    assert not [b for b in breaks if first_year <= b < totals[3]], (breaks, first_year)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_eighteen_years_totals_on_one_page(
        printed: dict[int, list[dict[str, Any]]]) -> None:
    pages = printed[18]
    holding = [i for i, page in enumerate(pages) if TOTALS.title in page["text"]]
    assert len(holding) == 1, holding
    [i] = holding
    words = " ".join(pages[i]["words"])
    after = words[words.index(TOTALS.title):]
    # years 1 to 18 of all payers, each with its three dollar figures, on that page
    assert after.count("$") >= 3 * 18, after
    # and no page after it holds figures of theirs
    assert all("$" not in " ".join(page["words"]) for page in pages[i + 1:])


def test_totals_beside_long_names_that_wrap_from_fewer_years(tmp_path: Path) -> None:
    """The 8-payer book of long names (test_payer_pages_whole) over 10 years: the last
    payer's name ("Lakeside Health Partners Exclusive Provider Network") wraps on two lines,
    its year rows 28.5 points tall, and its ten years with the totals under them (54 + 10 x
    28.5 + 2 x 15 + 54 + 10 x 15 = 523 points) never fit a page (502). Under the years, the
    13-year rule reckoning rows of 15 points, LibreOffice printed the totals on a page of
    their own under the years' header, its Payer, Year, CF change ... over nothing
    (review-a14, 2026-12-07): they stand beside the years, as from 13 years."""
    from tests.workbook.test_payer_pages_whole import eight_payers

    data = eight_payers()
    data = dataclasses.replace(data, settings=dataclasses.replace(  # type: ignore[type-var]
        data.settings, scenario_years=10))  # type: ignore[attr-defined]
    book = tmp_path / "long-names-10.xlsx"
    new_workbook(book, data)  # type: ignore[arg-type]
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    _, years, totals = _boxes(book)
    assert (totals[1], totals[0]) == (years[1], years[2] + 2), (years, totals)
