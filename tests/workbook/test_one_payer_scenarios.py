"""A one-payer practice's Scenarios print on one page: the per-payer table, its one row, then
the payer's years and "All payers, by year" under it.

Side by side on one header row, each table in a print area of its own (each starts a page),
the one-payer book printed the per-payer table alone on its first Scenarios page (title, header
and one row) and the years on a second. Stacked where one page holds the three
(:func:`ratecalc_workbook.result_sheets.scenarios_stacked`); the per-payer table's "Contract"
column, hidden while no contract has ended, stands past the years' last column, so hiding it
hides none of theirs.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ratecalc.demo import demo_data
from ratecalc_workbook import layout, result_sheets
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import print_areas
from ratecalc_workbook.refresh import refresh_workbook
from tests.books import load_book
from tests.workbook.conftest import foot_sheet, open_book, read_pages, refreshed_without
from tests.workbook.libreoffice import SOFFICE, convert, printing_only
from tests.workbook.test_scenario_header_not_alone import _book

PAYER = "Summit BlueCare PPO"  # the demo's first payer, the one _book keeps


@pytest.fixture(scope="module")
def one_payer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("one-payer"), 1, 5)


def test_the_years_stand_under_the_per_payer_table_every_column_shown(one_payer: Path) -> None:
    ws = open_book(one_payer)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    per_payer = boxes[layout.SCENARIOS_TABLE.name]
    years = boxes[layout.SCENARIO_YEARS_TABLE.name]
    totals = boxes[layout.SCENARIO_TOTALS_TABLE.name]
    assert per_payer[3] == per_payer[1] + 1, "one payer, one row"
    assert years[0] == per_payer[0] and years[1] == per_payer[3] + 3, (per_payer, years)
    assert totals[1] == years[3] + 3, (years, totals)
    # one print area holding the three, no header row repeated over another table's rows
    [area] = print_areas(ws)
    assert area[0] <= per_payer[0] and area[1] <= per_payer[1]
    assert area[2] >= years[2] and area[3] >= totals[3], (area, totals)
    assert not ws.print_title_rows
    # the per-payer "Contract", empty and hidden, hides no column of the years or totals
    spec = layout.SCENARIOS_TABLE
    contract = per_payer[0] + spec.col("contract_note") - spec.first_col
    assert ws.column_dimensions[get_column_letter(contract)].hidden
    shown = [c for c in range(years[0], years[2] + 1)
             if not ws.column_dimensions[get_column_letter(c)].hidden]
    assert shown == list(range(years[0], years[2] + 1))


def test_a_contract_ended_shows_its_note_past_the_years(tmp_path: Path) -> None:
    """The payer's contract ended without renewal: its "Contract" note is shown, after the
    Notes, right of the years' last column, the tables still one under another."""
    data = demo_data(date(2026, 12, 6))
    only = {f.name: getattr(data, f.name)[getattr(data, f.name)["payer"] == PAYER]
            for f in dataclasses.fields(data)
            if isinstance(getattr(data, f.name), pd.DataFrame)
            and "payer" in getattr(data, f.name).columns}
    contracts = only["contracts"].assign(end_date=date(2026, 6, 30), auto_renew=False)
    book = tmp_path / "ended.xlsx"
    new_workbook(book, dataclasses.replace(data, **{**only, "contracts": contracts}))
    assert refresh_workbook(book, now=datetime(2026, 12, 6, 9, 0)).ok
    ws = open_book(book)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    per_payer = boxes[layout.SCENARIOS_TABLE.name]
    years = boxes[layout.SCENARIO_YEARS_TABLE.name]
    assert years[1] == per_payer[3] + 3
    spec = layout.SCENARIOS_TABLE
    contract = per_payer[0] + spec.col("contract_note") - spec.first_col
    assert contract > years[2]
    assert not ws.column_dimensions[get_column_letter(contract)].hidden
    assert str(ws.cell(row=per_payer[1] + 1, column=contract).value).startswith(
        "ended 2026-06-30 without renewal")


def test_the_demos_years_stand_under_the_per_payer_table_their_header_repeated(
        demo_book: Path) -> None:
    """Six payers over five years fill more than a page stacked: the years stand under the
    per-payer table all the same, their header the row the sheet repeats atop each page
    after the first (pages-17: they stood beside, the per-payer table alone on its page;
    ``tests/workbook/test_scenario_years_run_on.py`` reads LibreOffice's pages)."""
    ws = open_book(demo_book)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    per_payer = boxes[layout.SCENARIOS_TABLE.name]
    years = boxes[layout.SCENARIO_YEARS_TABLE.name]
    assert years[0] == per_payer[0] and years[1] == per_payer[3] + 3, (per_payer, years)
    assert ws.print_title_rows == f"${years[1]}:${years[1]}"


def _scenarios_pages(book: Path, tmp_path: Path) -> list[dict]:
    """The pages LibreOffice prints of ``book``'s Scenarios sheet alone (by their footers)."""
    pdf = convert(printing_only(book, layout.SCENARIOS, tmp_path / "scenarios.xlsx"),
                  tmp_path, "pdf")
    return [page for page in read_pages(pdf)
            if foot_sheet(" ".join(page["text"].splitlines()[-1].split())) == layout.SCENARIOS]


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_one_page_prints_the_payer_its_years_and_the_totals(one_payer: Path,
                                                             tmp_path: Path) -> None:
    pages = _scenarios_pages(one_payer, tmp_path)
    assert len(pages) == 1, [" ".join(p["words"])[:200] for p in pages]
    words = " ".join(pages[0]["words"])
    for spec in (layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE,
                 layout.SCENARIO_TOTALS_TABLE):
        assert " ".join(spec.title.split()) in words, spec.title
    # the payer's row and its five years
    assert words.count(PAYER) == 1 + 5, words


def test_a_row_of_notes_kept_for_a_payer_gone_counts_one_row(tmp_path: Path) -> None:
    """Notes typed for a payer since taken out of the inputs stay on a row of the per-payer
    table with no years: one row more, not a payer's years more (six years, the longest that
    one payer's three tables print on one page, still stack with it)."""
    book = _book(tmp_path, 2, 6)
    wb = load_book(book)
    ws = wb[layout.SCENARIOS]
    left, top, _, _ = range_boundaries(ws.tables[layout.SCENARIOS_TABLE.name].ref)
    notes = left + layout.SCENARIOS_TABLE.col("notes") - layout.SCENARIOS_TABLE.first_col
    for row in (top + 1, top + 2):
        ws.cell(row=row, column=notes, value=f"asked on row {row}")
    gone = str(ws.cell(row=top + 2, column=left).value)
    wb.save(book)
    refreshed_without(book, gone)
    ws = open_book(book)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    per_payer = boxes[layout.SCENARIOS_TABLE.name]
    years = boxes[layout.SCENARIO_YEARS_TABLE.name]
    assert per_payer[3] == per_payer[1] + 2  # the payer's row and the kept notes' row
    assert ws.cell(row=per_payer[1] + 2, column=notes).value == f"asked on row {top + 2}"
    assert years[0] == per_payer[0] and years[1] == per_payer[3] + 3, (per_payer, years)


NOTE = "Ask Dana for fixed rates with a CPI escalator; she said the medical director signs "


def _typed(book: Path, note: str) -> Path:
    """``book`` with ``note`` typed in its one payer's Notes, refreshed."""
    wb = load_book(book)
    ws = wb[layout.SCENARIOS]
    left, top, _, _ = range_boundaries(ws.tables[layout.SCENARIOS_TABLE.name].ref)
    notes = left + layout.SCENARIOS_TABLE.col("notes") - layout.SCENARIOS_TABLE.first_col
    ws.cell(row=top + 1, column=notes, value=note)
    wb.save(book)
    assert refresh_workbook(book, now=datetime(2026, 12, 7, 9, 0)).ok
    return book


@pytest.mark.parametrize("length", [45, 120])
def test_a_note_typed_wraps_the_tables_one_page_wide(tmp_path: Path, length: int) -> None:
    """A note typed in the per-payer Notes, stacked: its column is the years' last, fitted to
    the note (45 characters) the page went two pages across, the years' figures on the second
    apart from their payer and year. It wraps at STACKED_NOTES_WIDTH, its row grown."""
    book = _typed(_book(tmp_path, 1, 5), (NOTE * 3)[:length])
    ws = open_book(book)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    per_payer = boxes[layout.SCENARIOS_TABLE.name]
    years = boxes[layout.SCENARIO_YEARS_TABLE.name]
    assert years[0] == per_payer[0] and years[1] == per_payer[3] + 3, (per_payer, years)
    notes = per_payer[0] + layout.SCENARIOS_TABLE.col("notes") - layout.SCENARIOS_TABLE.first_col
    assert ws.column_dimensions[get_column_letter(notes)].width <= \
        result_sheets.STACKED_NOTES_WIDTH + 0.01
    assert ws.cell(row=per_payer[1] + 1, column=notes).alignment.wrap_text
    assert (ws.page_setup.fitToWidth or 1) == 1 and not ws.col_breaks.brk


def test_a_note_taller_than_a_page_stands_beside(tmp_path: Path) -> None:
    """A note that, wrapped, makes the per-payer table taller than a page (1,000
    characters): the tables stand side by side, as for several payers (stacked, the page
    printed two pages across, the note cut at its edge)."""
    book = _typed(_book(tmp_path, 1, 5), (NOTE * 13)[:1000])
    ws = open_book(book)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    per_payer = boxes[layout.SCENARIOS_TABLE.name]
    years = boxes[layout.SCENARIO_YEARS_TABLE.name]
    assert years[1] == per_payer[1] and years[0] > per_payer[2], (per_payer, years)
    assert ws.print_title_rows is not None


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_a_note_typed_prints_on_the_one_page(tmp_path: Path) -> None:
    """LibreOffice prints the stacked tables with a 120-character note on one page, the
    note whole (a 45-character note printed them two pages across, the note cut)."""
    book = _typed(_book(tmp_path, 1, 5), (NOTE * 2)[:120])
    pages = _scenarios_pages(book, tmp_path)
    assert len(pages) == 1, [" ".join(p["words"])[:200] for p in pages]
    words = " ".join(pages[0]["words"])
    assert " ".join((NOTE * 2)[:120].split()) in words, words
    assert words.count(PAYER) == 1 + 5, words


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_thirteen_years_print_the_tables_whole_on_two_pages(tmp_path: Path) -> None:
    """One payer over 13 years: stacked, a page ending only between tables. Side by side,
    each table in a print area of its own, the per-payer table printed alone on a page (its
    title, header and one row), the years on a second and "All payers, by year" on a third.
    Now the per-payer table and the 13 years on the first page, the totals with their own
    header on the second, no table's rows on a page without its header."""
    book = _book(tmp_path, 1, 13)
    ws = open_book(book)[layout.SCENARIOS]
    assert not ws.print_title_rows  # no header repeated over another table's rows
    pages = [" ".join(page["words"]) for page in _scenarios_pages(book, tmp_path)]
    assert len(pages) == 2, [p[:200] for p in pages]
    first, second = pages
    for spec in (layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE):
        assert " ".join(spec.title.split()) in first, spec.title
    # the payer's row and its 13 years, each under the headers printed above them
    assert first.count(PAYER) == 1 + 13, first
    totals = " ".join(layout.SCENARIO_TOTALS_TABLE.title.split())
    assert totals not in first and totals in second, second
    assert PAYER not in second, second
    # the totals' header printed with its years; the page header names the sheet
    header = second.split(totals, 1)[1].split(" 1 $", 1)[0].split()
    assert {"Year", "Fixed-dollar", "Medicare"} <= set(header), header
    assert second.startswith("Scenarios"), second[:80]


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_a_note_taller_than_one_page_leaves_prints_stacked_on_two_pages(tmp_path: Path
                                                                        ) -> None:
    """A 400-character note: the per-payer table, its row as tall as the wrapped note, and the
    years on the first page, under their own headers; "All payers, by year" on the second,
    under its own. Side by side (when stacking needed one page), the per-payer table printed
    alone on the first page."""
    note = (NOTE * 5)[:400]
    book = _typed(_book(tmp_path, 1, 5), note)
    ws = open_book(book)[layout.SCENARIOS]
    boxes = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    per_payer = boxes[layout.SCENARIOS_TABLE.name]
    years = boxes[layout.SCENARIO_YEARS_TABLE.name]
    assert years[0] == per_payer[0] and years[1] == per_payer[3] + 3, (per_payer, years)
    assert not ws.print_title_rows
    pages = [" ".join(page["words"]) for page in _scenarios_pages(book, tmp_path)]
    assert len(pages) == 2, [p[:200] for p in pages]
    first, second = pages
    assert first.count(PAYER) == 1 + 5, first
    assert " ".join(layout.SCENARIO_YEARS_TABLE.title.split()) in first
    assert " ".join(note.split()[-4:]) in first, first  # the note's last words printed
    assert " ".join(layout.SCENARIO_TOTALS_TABLE.title.split()) in second, second
