"""Printed pages show only headings and row labels that belong to the rows on them, and every
table prints.

Spreadsheets print a sheet's repeated rows atop every page and its repeated columns left of
every page, of every print area. Checked on the workbook's page setup (every sheet of the
refreshed demo and of a blank workbook) and on the pages LibreOffice renders from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import column_width, print_title_columns, text_width
from tests.workbook.conftest import foot_sheet
from tests.workbook.libreoffice import SOFFICE
from tests.workbook.snapshot import sheet_snapshot

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


#: Each workbook the tests below read, loaded once per xdist worker: a load of the demo
#: workbook costs ~0.15 CPU-s, and 20 tests read the two books. The tests only read them
#: (checked as the module ends: :func:`_loaded_books_unchanged`).
_LOADED: dict[Path, Workbook] = {}


def _sheets(book: Path) -> list[Worksheet]:
    if book not in _LOADED:
        _LOADED[book] = load_workbook(book)
    return [ws for ws in _LOADED[book].worksheets if ws.sheet_state == "visible"]


def _read_state(wb: Workbook) -> dict[str, Any]:
    """What the tests read of ``wb``: its sheets' cells, tables, extent and print setup."""
    return {"sheets": wb.sheetnames, "content": {ws.title: {
        **sheet_snapshot(ws), "extent": (ws.max_row, ws.max_column),
        "print": (ws.print_area, ws.print_title_rows, ws.print_title_cols,
                  ws.page_setup.fitToWidth, ws.page_setup.orientation),
        "heights": {r: d.ht for r, d in ws.row_dimensions.items()},
        "widths": {c: d.width for c, d in ws.column_dimensions.items()},
    } for ws in wb.worksheets}}


@pytest.fixture(scope="module", autouse=True)
def _loaded_books_unchanged() -> Iterator[None]:
    """After the module's tests: each shared workbook reads as a fresh load of its file."""
    yield
    try:
        for path, wb in _LOADED.items():
            assert _read_state(wb) == _read_state(load_workbook(path)), \
                f"a test changed the shared workbook loaded from {path}; load its own"
    finally:
        _LOADED.clear()


def test_every_table_is_inside_a_print_area(book: Path) -> None:
    """The Proposal's per-payer totals sat right of its print area and never printed."""
    outside = [(ws.title, get_column_letter(t[0]) + str(t[1]))
               for ws in _sheets(book) for t in _tables(ws)
               if not any(_inside(t, area) for area in _areas(ws))]
    assert not outside


def _under_a_repeated_header(ws: Worksheet, box: Box, first: int, last: int) -> bool:
    """Whether table ``box`` stands right under a table whose header is the repeated rows,
    within its columns (the Scenarios' "All payers, by year" under the years): printed on
    after that table's rows, its own header with it (test_scenario_totals_printed.py reads
    the pages)."""
    return any(first <= top <= last and left <= box[0] and box[2] <= right
               and 0 < box[1] - bottom <= 3
               for left, top, right, bottom in _tables(ws) if (left, top, right, bottom) != box)


def test_repeated_rows_are_the_header_of_every_table_printed_below_them(book: Path) -> None:
    """Scenarios repeated its first table's header above the year-by-year table."""
    wrong = []
    for ws in _sheets(book):
        rows = _span(ws.print_title_rows)
        if rows is None:
            continue
        first, last = int(rows[0]), int(rows[1])
        wrong += [(ws.title, top) for left, top, right, bottom in _tables(ws)
                  if bottom > last and not first <= top <= last
                  and not _under_a_repeated_header(ws, (left, top, right, bottom), first,
                                                   last)]
    assert not wrong


#: Tables of a fixed length, a screen of settings each, printed without a repeated header.
FIXED_LENGTH = {"tblSettings", "tblExitAssumptions"}
#: Tables a year a row, printed on under the year-by-year table: the page of their title is
#: one of that table's, which holds their header and rows (test_scenario_totals_printed.py).
UNDER_A_REPEATED_HEADER = {"tblScenarioTotals"}


def _whole_on_the_first_page(ws: Worksheet, box: Box, first: int) -> bool:
    """Whether table ``box`` stands above the repeated rows (from row ``first``) with no page
    break inside or above it: it prints whole on its print area's first page, where the
    programs repeat no rows (the stacked Scenarios' per-payer table over the years:
    ``result_sheets.scenarios_stacked`` stacks it only where it fits that page)."""
    return box[3] < first and not any(b.id < box[3] for b in ws.row_breaks.brk)


def test_every_table_that_grows_with_the_data_repeats_its_header_row(book: Path) -> None:
    """A table as long as the clinic's data (payers, codes, years) prints its header atop each
    page it runs onto: the Scenarios' year-by-year table, stacked under two others, could not
    (a sheet repeats one span of rows), and printed its second page as bare figures. Stacked
    since pages-17 under the per-payer table, the years' header is the repeated row; the
    per-payer table prints whole on the first page above it."""
    wrong = []
    for ws in _sheets(book):
        rows = _span(ws.print_title_rows)
        for table in ws.tables.values():
            box = range_boundaries(table.ref)
            top = box[1]
            if rows is not None and _whole_on_the_first_page(ws, box, int(rows[0])):
                continue
            if table.name not in FIXED_LENGTH and (
                    rows is None or not int(rows[0]) <= top <= int(rows[1])) and not (
                    # a page of it runs on from the table above, under its header
                    rows is not None and table.name in UNDER_A_REPEATED_HEADER
                    and _under_a_repeated_header(ws, box, int(rows[0]), int(rows[1]))):
                wrong.append((ws.title, table.name, ws.print_title_rows))
    assert not wrong


#: Forms of a field per row (the clinic's profile, the settings): scrolled as pages, unfrozen.
FORMS = FIXED_LENGTH | {"tblProfile"}


def test_the_header_row_printed_atop_each_page_stays_in_view_on_screen(book: Path) -> None:
    """A sheet that repeats its tables' header row on every printed page freezes the panes
    right under it (Scenarios, whose three tables were stacked, froze none). Not where a table
    stands above the repeated row (the stacked Scenarios' per-payer table over the years,
    pages-17): frozen there, it would hold that whole table on the screen."""
    wrong = []
    for ws in _sheets(book):
        rows = _span(ws.print_title_rows)
        if rows is None or FORMS & set(ws.tables) or any(
                box[3] < int(rows[0]) for box in _tables(ws)):
            continue
        frozen = coordinate_from_string(ws.freeze_panes or "A1")[1]
        if frozen != int(rows[1]) + 1:
            wrong.append((ws.title, ws.print_title_rows, ws.freeze_panes))
    assert not wrong


def test_a_row_made_taller_for_one_table_is_not_a_row_of_another(book: Path) -> None:
    """Tables side by side share their rows' heights: the Clinic profile's two-line hint for
    the practice name made its row tall, and the metrics printed beside it showed a blank band
    after 'Clean claim rate'."""
    wrong = []
    for ws in _sheets(book):
        boxes = _tables(ws)
        for row, dimension in ws.row_dimensions.items():
            inside = [b for b in boxes if b[1] < row <= b[3]]
            if dimension.ht is not None and dimension.ht > 16 and len(inside) > 1:
                wrong.append((ws.title, row, dimension.ht))
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


#: The columns that name a row, repeated left of every page after the first across, of each
#: sheet that prints more than one page across (in the demo or a blank workbook): written out
#: here from what each sheet's tables hold, not from the layout module. (Scenarios prints its
#: three tables side by side, each in its own print area: wider than a page, they would have
#: no span in common and repeat none.)
IDENTIFYING = {
    "Payers & Contracts": "A:A",  # Payer (a contract's product is its fifth column)
    "Priorities": "A:B",  # Rank, Payer
    "Comparison": "A:B",  # Payer, Code
    "Proposal": "A:B",  # Payer, Code
    "Timeline": "A:B",  # Payer, Product
}


def test_sheets_printed_pages_across_repeat_exactly_their_identifying_columns(
        book: Path) -> None:
    """Priorities, Proposal and Scenarios printed their second page across without payer or
    code (the repeated columns dropped for a table beside, or a title cut), the Timeline
    without the product; a sheet one page wide repeats none."""
    wrong = []
    for ws in _sheets(book):
        across = (ws.page_setup.fitToWidth or 1) > 1
        cols = (ws.print_title_cols or "").replace("$", "") or None
        expected = IDENTIFYING.get(ws.title) if across else None
        if across and expected is None:
            wrong.append((ws.title, "prints pages across: which columns name its rows?"))
        elif cols != expected:
            wrong.append((ws.title, cols, expected))
    assert not wrong


#: The first sentence of each description the demo's sheets printed pages across leave out
#: of their print, written out (Payers & Contracts is in a blank workbook too).
EXPLAINED = {
    "Payers & Contracts": "One row per contract.",
    "Priorities": "Payers ranked by dollars below market, at the analysis date's rates.",
    "Comparison": "Every payer's rate for every code against the market and Medicare.",
    "Proposal": "The rate to ask for, per payer and code, built on the rate in force when the "
                "payer's new term begins ('Current rate').",
    "Timeline": "When to prepare, send the proposal, follow up, decide and give notice.",
}
#: Excel keeps at most this many characters of a page header, its codes included.
EXCEL_HEADER_CHARS = 255


def test_sheets_printed_pages_across_head_every_page_with_their_description(
        book: Path) -> None:
    """A sheet printed pages across prints from its table's header: the repeated columns
    would cut its title and description on every page after the first. So Comparison's "Red:
    below market", the Proposal's "The rate to ask for" and the Priorities' "ranked by dollars
    below market" printed on no page. Its page header now holds its title and description
    (whole sentences, as many as Excel's 255 characters hold), its foot the sheet's name and
    the page number, as on the sheets printed one page wide."""
    across = [ws for ws in _sheets(book) if (ws.page_setup.fitToWidth or 1) > 1]
    assert {ws.title for ws in across} <= set(EXPLAINED)
    assert "Payers & Contracts" in {ws.title for ws in across}
    for ws in across:
        # the header as saved: its left part, a bold title, then the description in italic
        header = str(ws.oddHeader)
        # (a size of its own: a sheet printed at a scale of its own has its header grown by
        # as much, to print at the sizes of one fitted to the page; the printed sizes are
        # checked on the rendered pages, test_rendered_pages)
        title, _, text = re.split(r'(&"Arial,Italic"&\d+ )', header, maxsplit=1)
        described = " ".join(str(ws["A2"].value).split())
        assert title.endswith(" " + ws.title.replace("&", "&&")), (ws.title, header)
        assert text.strip().startswith(EXPLAINED[ws.title]), (ws.title, header)
        assert described.startswith(text.strip()), (ws.title, header)
        assert len(str(ws.oddHeader)) <= EXCEL_HEADER_CHARS, ws.title
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == (
            ws.title.replace("&", "&&"), "Page &P of &N"), ws.title
    if book.stem != "blank":
        comparison = [ws for ws in across if ws.title == "Comparison"][0]
        assert "Red: below market." in str(comparison.oddHeader)
        proposal = [ws for ws in across if ws.title == "Proposal"][0]
        # its second sentence would take the header past 255 characters
        assert "Type your own rate" not in str(proposal.oddHeader)


def _sheet(tables: list[tuple[str, str, list[str]]], areas: list[str], pages: int = 2,
           width: float = 30) -> Worksheet:
    """A landscape sheet of ``tables`` (name, first cell, headers), columns ``width`` wide,
    printed ``pages`` across."""
    ws = Workbook().active
    for name, corner, headers in tables:
        left, top, _, _ = range_boundaries(corner)
        for i, header in enumerate(headers):
            ws.cell(row=top, column=left + i, value=header)
            ws.cell(row=top + 1, column=left + i, value=f"{name} {i}")
        ref = f"{corner}:{get_column_letter(left + len(headers) - 1)}{top + 1}"
        ws.add_table(Table(displayName=name, ref=ref))
    for c in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = pages
    ws.print_area = areas
    return ws


WIDE = [f"h{i}" for i in range(12)]  # 12 columns 30 wide: more than a page across


@pytest.mark.parametrize(("tables", "areas", "pages", "expected"), [
    # Comparison's payer and code; a table the layout does not know: its first column
    ([("tblComparison", "A4", WIDE)], ["A3:L5"], 2, (1, 2)),
    ([("tblMine", "A4", WIDE)], ["A3:L5"], 2, (1, 1)),
    # one page wide: none
    ([("tblComparison", "A4", WIDE)], ["A3:L5"], 1, None),
    # stacked in one area: the union (Scenarios: payer; payer and year)
    ([("tblScenarios", "A4", WIDE), ("tblScenarioTotals", "A8", WIDE[:4]),
      ("tblScenarioYears", "A12", WIDE)], ["A3:L13"], 2, (1, 2)),
    # a narrow table in an area of its own: the wide table's (whether they may print beside
    # the narrow one is drop_stray_print_titles' to say)
    ([("tblProposal", "A4", WIDE), ("tblMine", "N8", WIDE[:6])], ["A3:L5", "N7:S9"], 2,
     (1, 2)),
    # two tables side by side, each wider than a page: no span names both's rows
    ([("tblComparison", "A4", WIDE), ("tblMine", "N4", WIDE)], ["A3:L5", "N3:Y5"], 2, None),
])
def test_print_title_columns_follow_the_tables_layout(
        tables: list[tuple[str, str, list[str]]], areas: list[str], pages: int,
        expected: tuple[int, int] | None) -> None:
    """The span repeated across comes from the tables' identifying columns (layout's labels
    or row key, else the first column), through the last of any table stacked in one area."""
    assert print_title_columns(_sheet(tables, areas, pages)) == expected


# --- on the rendered pages -----------------------------------------------------------------

def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[\s\-/]+", text) if t}


@pytest.fixture(scope="module")
def demo_pages(demo_book: Path, request: pytest.FixtureRequest
               ) -> list[tuple[str, set[str]]]:
    """(sheet, words) of every page of the demo workbook printed by LibreOffice (the print
    and its reading shared with test_rendered_pages: ``printed_pages`` in conftest.py). A page
    belongs to the sheet its foot or head names with its number ("Comparison Page 19 of 46"),
    else to the sheet whose title it starts with (the title row), else to the sheet before
    it."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    read = request.getfixturevalue("printed_pages")["demo"]
    names = [ws.title for ws in _sheets(demo_book)]
    pages = []
    sheet = names[0]
    for page in read:
        lines = [" ".join(line.split()) for line in page["text"].split("\n") if line.strip()]
        top = lines[0] if lines else ""
        sheet = next((n for n in names for line in lines[:1] + lines[-3:]
                      if foot_sheet(line) == n), None) or next(
            (n for n in names if top == n), sheet)
        pages.append((sheet, {t for w in page["words"] for t in _tokens(w)}))
    return pages


def _hidden(ws: Worksheet, col: int) -> bool:
    dim = ws.column_dimensions.get(get_column_letter(col))
    return bool(dim is not None and dim.hidden)


def _table_texts(ws: Worksheet) -> dict[str, tuple[set[str], list[set[str]], list[set[str]]]]:
    """Per table: its headings that no other table of the sheet has (by a word of their own),
    and the text of each body cell (as token sets) in its first two columns and in the
    others, kept only where no other table of the sheet has it. A hidden column's heading is
    not the table's on paper: neither program prints a hidden column (the Problems' Sheet,
    Row, Column, Cell and Value while no problem has a place, hidden as the Scenarios'
    Contract while no contract ended)."""
    found = {}
    for table in ws.tables.values():
        left, top, right, bottom = range_boundaries(table.ref)
        headings = {str(ws.cell(row=top, column=c).value) for c in range(left, right + 1)
                    if not _hidden(ws, c)}
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
    metrics; the Priorities' payers beside the codes by volume): some text of them, or, for a
    table whose other cells are all figures (the Totals' per payer, printed beside the codes
    by volume on one page), a heading only it has."""
    sheets = {ws.title: _table_texts(ws) for ws in _sheets(demo_book)}
    wrong = []
    for number, (sheet, words) in enumerate(demo_pages, start=1):
        tables = sheets[sheet]
        for name, (headings, keys, others) in tables.items():
            labels = [k for k in keys if k <= words]
            beside = [n for n, (_, k, o) in tables.items() if n != name
                      and any(t <= words for t in k + o)]
            rest = (any(t <= words for t in others) if others else
                    any(_tokens(h) and _tokens(h) <= words for h in headings))
            if labels and beside and not rest:
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


#: Headers of the columns whose text names a row on the rendered pages.
NAMING = {"Payer", "Code"}


def test_every_page_across_names_the_rows_it_shows(
        demo_book: Path, demo_pages: list[tuple[str, set[str]]]) -> None:
    """Every page of a sheet printed more than one page across shows a payer or a code of its
    rows: the Proposal's second page across printed the increases, impacts and reasons of
    fifteen rows with no payer or code beside them, the Priorities' statuses and deadline
    warnings, the Scenarios' year-by-year revenues."""
    wrong = []
    for ws in _sheets(demo_book):
        if (ws.page_setup.fitToWidth or 1) <= 1:
            continue
        names = set()
        for table in ws.tables.values():
            left, top, right, bottom = range_boundaries(table.ref)
            for c in range(left, right + 1):
                if ws.cell(row=top, column=c).value in NAMING:
                    names |= {ws.cell(row=r, column=c).value for r in range(top + 1, bottom + 1)}
        tokens = [_tokens(n) for n in names if isinstance(n, str) and n]
        assert tokens, ws.title
        pages = [(n, words) for n, (sheet, words) in enumerate(demo_pages, start=1)
                 if sheet == ws.title]
        assert len(pages) > 1, ws.title
        wrong += [(ws.title, n) for n, words in pages if not any(t <= words for t in tokens)]
    assert not wrong


def test_every_page_of_table_rows_prints_their_header(
        demo_book: Path, demo_pages: list[tuple[str, set[str]]]) -> None:
    """Every printed page of a sheet with tables shows a column heading of one of them (of the
    columns it prints: a page across shows only some): the Scenarios' year-by-year table ran
    onto a second page of bare figures, six columns of dollars with nothing saying which is
    which. A heading counts where none of its words is text of the sheet's rows."""
    sheets = {}
    for ws in _sheets(demo_book):
        body, headings = set(), []
        for left, top, right, bottom in _tables(ws):
            headings += [_tokens(str(ws.cell(row=top, column=c).value))
                         for c in range(left, right + 1)]
            body |= {t for row in ws.iter_rows(min_row=top + 1, max_row=bottom, min_col=left,
                                               max_col=right, values_only=True)
                     for v in row if isinstance(v, str) for t in _tokens(v)}
        sheets[ws.title] = [h for h in headings if h and not h & body]
    wrong = [(number, sheet, sorted(words)[:12])
             for number, (sheet, words) in enumerate(demo_pages, start=1)
             if sheets[sheet] and not any(h <= words for h in sheets[sheet])]
    assert not wrong
