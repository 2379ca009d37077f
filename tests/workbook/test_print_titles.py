"""Printed pages show only headings and row labels that belong to the rows on them, and every
table prints.

Spreadsheets print a sheet's repeated rows atop every page and its repeated columns left of
every page, of every print area. Checked on the workbook's page setup (every sheet of the
refreshed demo and of a blank workbook) and on the pages LibreOffice renders from it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import column_width, text_width
from tests.workbook.libreoffice import SOFFICE

Box = tuple[int, int, int, int]  # left, top, right, bottom


@pytest.fixture(scope="module", params=["demo", "blank"])
def book(request: pytest.FixtureRequest, demo_book: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "demo":
        return demo_book
    path = tmp_path_factory.mktemp("print-blank") / "blank.xlsx"
    new_workbook(path)
    return path


def _areas(ws: Worksheet) -> list[Box]:
    areas = ws.print_area
    if not areas:
        return [(1, 1, ws.max_column, ws.max_row)]
    return [range_boundaries(a.split("!")[-1].replace("$", "")) for a in areas.split(",")]


def _tables(ws: Worksheet) -> list[Box]:
    return [range_boundaries(t.ref) for t in ws.tables.values()]


def _inside(inner: Box, outer: Box) -> bool:
    return (outer[0] <= inner[0] and inner[2] <= outer[2] and outer[1] <= inner[1]
            and inner[3] <= outer[3])


def _span(spec: str | None) -> tuple[str, str] | None:
    if not spec:
        return None
    first, _, last = spec.replace("$", "").partition(":")
    return first, last or first


def _sheets(book: Path) -> list[Worksheet]:
    return [ws for ws in load_workbook(book).worksheets if ws.sheet_state == "visible"]


def test_every_table_is_inside_a_print_area(book: Path) -> None:
    """The Proposal's per-payer totals sat right of its print area and never printed."""
    outside = [(ws.title, get_column_letter(t[0]) + str(t[1]))
               for ws in _sheets(book) for t in _tables(ws)
               if not any(_inside(t, area) for area in _areas(ws))]
    assert not outside


def test_repeated_rows_are_the_header_of_every_table_printed_below_them(book: Path) -> None:
    """Scenarios repeated its first table's header above the year-by-year table."""
    wrong = []
    for ws in _sheets(book):
        rows = _span(ws.print_title_rows)
        if rows is None:
            continue
        first, last = int(rows[0]), int(rows[1])
        wrong += [(ws.title, top) for left, top, right, bottom in _tables(ws)
                  if bottom > last and not first <= top <= last]
    assert not wrong


def test_repeated_columns_are_columns_of_every_printed_table(book: Path) -> None:
    """The Clinic's field names printed beside its metrics, the Priorities' payers beside
    the codes by volume; and a title or note in the repeated columns is not cut at their edge
    on the pages after the first across (Scenarios' description; wrapped within them, it is
    whole)."""
    wrong = []
    for ws in _sheets(book):
        cols = _span(ws.print_title_cols)
        if cols is None:
            continue
        first, last = (range_boundaries(f"{c}1")[0] for c in cols)
        tables = _tables(ws)
        wrong += [(ws.title, t) for t in tables if not t[0] <= first <= last <= t[2]]
        room = sum(column_width(ws, c) for c in range(first, last + 1))
        for row in ws.iter_rows(min_col=first, max_col=last):
            for cell in row:
                value = cell.value
                # text wrapped within the repeated columns (in its cell, or merged over
                # them) is cut only where a word is wider than they are
                span = next((m for m in ws.merged_cells.ranges if cell.coordinate in m), None)
                within = cell.alignment.wrap_text and (
                    span is None or first <= span.min_col and span.max_col <= last)
                widest = max((text_width(w, bold=bool(cell.font.b))
                              for w in str(value).split()), default=0.0) if within else \
                    text_width(str(value), bold=bool(cell.font.b))
                if (isinstance(value, str) and not value.startswith("=")
                        and not any(_inside((cell.column, cell.row) * 2, t) for t in tables)
                        and any(_inside((cell.column, cell.row) * 2, a) for a in _areas(ws))
                        and widest + 2 > room):
                    wrong.append((ws.title, cell.coordinate))
    assert not wrong


# --- on the rendered pages -----------------------------------------------------------------

pdfplumber = pytest.importorskip("pdfplumber")


def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[\s\-/]+", text) if t}


@pytest.fixture(scope="module")
def demo_pages(demo_book: Path, request: pytest.FixtureRequest
               ) -> list[tuple[str, set[str]]]:
    """(sheet, words) of every page of the demo workbook printed by LibreOffice (the print
    shared with test_rendered_pages: ``printed`` in conftest.py). A page belongs to the sheet
    whose title it starts with (the title row, or the page header), else to the sheet before
    it."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    pdf = request.getfixturevalue("printed")["demo"][1]
    names = [ws.title for ws in _sheets(demo_book)]
    pages = []
    sheet = names[0]
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            text = page.extract_text() or ""
            top = text.split("\n", 1)[0].strip()
            sheet = next((n for n in names if top == n or re.fullmatch(
                re.escape(n) + r" Page \d+ of \d+", top)), sheet)
            pages.append((sheet, {t for w in page.extract_words() for t in _tokens(w["text"])}))
    return pages


def _table_texts(ws: Worksheet) -> dict[str, tuple[set[str], list[set[str]], list[set[str]]]]:
    """Per table: its headings that no other table of the sheet has (by a word of their own),
    and the text of each body cell (as token sets) in its first two columns and in the
    others, kept only where no other table of the sheet has it."""
    found = {}
    for table in ws.tables.values():
        left, top, right, bottom = range_boundaries(table.ref)
        headings = {str(ws.cell(row=top, column=c).value) for c in range(left, right + 1)}
        keys, others = [], []
        for row in ws.iter_rows(min_row=top + 1, max_row=bottom, min_col=left, max_col=right):
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    (keys if cell.column < left + 2 else others).append(cell.value)
        found[table.name] = (headings, keys, others)
    unique = {}
    for name, (headings, keys, others) in found.items():
        rest = [found[n] for n in found if n != name]
        other_headings = {h for r in rest for h in r[0]}
        other_texts = {t for r in rest for t in (*r[1], *r[2])}
        # a heading told apart by a word no other heading and no cell text of the sheet has
        common = {w for h in other_headings for w in _tokens(h)} | {
            w for r in found.values() for t in (*r[1], *r[2]) for w in _tokens(t)}
        unique[name] = ({h for h in headings if _tokens(h) - common},
                        [_tokens(t) for t in keys if t not in other_texts],
                        [_tokens(t) for t in others if t not in other_texts])
    return unique


def test_a_heading_prints_only_above_its_own_rows(
        demo_book: Path, demo_pages: list[tuple[str, set[str]]]) -> None:
    """A page printing a heading that only one table has shows some of that table's rows
    (Scenarios printed 'Contract basis' and 'Better' above the year-by-year figures)."""
    sheets = {ws.title: _table_texts(ws) for ws in _sheets(demo_book)}
    wrong = []
    for number, (sheet, words) in enumerate(demo_pages, start=1):
        for name, (headings, keys, others) in sheets[sheet].items():
            texts = keys + others
            shown = [h for h in headings if _tokens(h) and _tokens(h) <= words]
            if shown and texts and not any(t <= words for t in texts):
                wrong.append((number, name, shown))
    assert not wrong


def test_row_labels_print_only_beside_their_own_table(
        demo_book: Path, demo_pages: list[tuple[str, set[str]]]) -> None:
    """A page printing a table's row labels (its first two columns) beside another table's
    rows also shows the rest of the labelled rows (the Clinic's 'Name', 'NPI' beside its
    metrics; the Priorities' payers beside the codes by volume)."""
    sheets = {ws.title: _table_texts(ws) for ws in _sheets(demo_book)}
    wrong = []
    for number, (sheet, words) in enumerate(demo_pages, start=1):
        tables = sheets[sheet]
        for name, (_, keys, others) in tables.items():
            labels = [k for k in keys if k <= words]
            beside = [n for n, (_, k, o) in tables.items() if n != name
                      and any(t <= words for t in k + o)]
            if labels and beside and not any(t <= words for t in others):
                wrong.append((number, name, beside))
    assert not wrong


def test_every_table_prints_its_headings(
        demo_book: Path, demo_pages: list[tuple[str, set[str]]]) -> None:
    """Each table's own headings are on some page of its sheet (the Proposal's per-payer
    totals never printed)."""
    missing = []
    for ws in _sheets(demo_book):
        words = set().union(*(w for s, w in demo_pages if s == ws.title))
        for name, (headings, _, _) in _table_texts(ws).items():
            missing += [(name, h) for h in headings if not _tokens(h) <= words]
    assert not missing
