"""The workbook as a person sees it on paper: every sheet rendered by LibreOffice to PDF once
(module fixture), then read back with pdfplumber, and the package's XML read with lxml.

Checked: no ``###``; no text cut off or run into its neighbour; every font named, one family,
and that family is what LibreOffice printed with; the smallest printed text at least 8 pt;
Excel told that codes and ids are text (``ignoredErrors``, in schema order); print setups; chart
axes from zero in the workbook's font; the Start sheet's labels level with their text.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from openpyxl.utils import get_column_letter, range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import MIN_PRINT_PERCENT, PRINTABLE_IN
from ratecalc_workbook.styles import FONT_NAME
from tests.books import load_book
from tests.workbook.conftest import (
    foot_sheet,
    overlapping_chars,
    read_pages_with_page_methods,
)
from tests.workbook.libreoffice import SOFFICE

pytest.importorskip("pdfplumber")  # reads the printed pages (read_pages in conftest.py)
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"m": MAIN, "c": CHART, "a": DRAWING}
# CT_Worksheet's child sequence (ECMA-376 Part 1, 18.3.1.99, sml.xsd), transcribed.
CT_WORKSHEET = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
)
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
# A number run straight into text ("$2,975.28yes", "96.3%fixed", "120yes") or text into a
# number ("market$5.00"): two cells touching.
TOUCHING = re.compile(r"^[-($]*\d[\d,]*(\.\d+)?%?\)?(?!(st|nd|rd|th)\b)[A-Za-z]{2,}"
                      r"|[a-z]{2,}[($]+\d")
SMALLEST_PT = 8.0


@pytest.fixture(scope="module")
def renders(printed: dict[str, tuple[Path, Path]]) -> dict[str, tuple[Path, Path]]:
    """(workbook, its PDF) of the refreshed demo workbook and of a new blank one, both printed
    by one LibreOffice run once per test run (``printed`` in conftest.py; the print-titles
    tests read the same pages). The tests only read these files."""
    return printed


@pytest.fixture(scope="module", params=["demo", "blank"])
def rendered(request: pytest.FixtureRequest,
             renders: dict[str, tuple[Path, Path]]) -> Iterator[tuple[Path, Path]]:
    """(workbook, its PDF): the refreshed demo workbook and a new blank one."""
    yield renders[request.param]


@pytest.fixture(scope="module")
def pdf_pages(rendered: tuple[Path, Path], renders: dict[str, tuple[Path, Path]],
              printed_pages: dict[str, list[dict]]) -> list[dict]:
    """Per page of the rendered PDF: its words and its characters (text, printed size, font),
    read with pdfplumber once per test run (``read_pages`` in conftest.py)."""
    [kind] = [k for k, (_, pdf) in renders.items() if pdf == rendered[1]]
    return printed_pages[kind]


def _parts(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as z:
        return {name: z.read(name) for name in z.namelist()}


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        out[sheet.get("name")] = "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
    return out


def test_pages_are_read_as_pdfplumbers_page_reads_them(
        renders: dict[str, tuple[Path, Path]], printed_pages: dict[str, list[dict]]) -> None:
    """``read_pages`` builds each character from pdfminer's layout itself: on the demo's first
    pages (the Start sheet, the Dashboard with its charts' axis titles on their side, the
    charts' figures) it reads the same characters, words and text as pdfplumber's own
    ``Page.chars``, ``extract_words`` and ``extract_text``."""
    first = read_pages_with_page_methods(renders["demo"][1], 3)
    assert any(not c["upright"] for page in first for c in page["chars"])
    assert printed_pages["demo"][:3] == first


def test_no_number_is_too_wide_for_its_column(pdf_pages: list[dict]) -> None:
    for number, page in enumerate(pdf_pages, start=1):
        assert "###" not in page["text"], f"page {number}"


def test_every_font_is_named_one_family_and_printed_with_it(
        rendered: tuple[Path, Path], pdf_pages: list[dict]) -> None:
    parts = _parts(rendered[0])
    styles = etree.fromstring(parts["xl/styles.xml"])
    fonts = styles.findall("m:fonts/m:font", NS)
    assert fonts
    names = [f.find("m:name", NS) for f in fonts]
    assert all(n is not None for n in names), "a cell font without a name"
    assert {n.get("val") for n in names} == {FONT_NAME}
    for name, data in parts.items():
        if name.startswith("xl/charts/chart"):
            faces = {e.get("typeface") for e in etree.fromstring(data).iter(f"{{{DRAWING}}}latin")}
            assert faces == {FONT_NAME}, name
    printed = {c["font"] for page in pdf_pages for c in page["chars"] if c["text"].strip()}
    # LibreOffice draws Arial with its metric twin; any other family is a fallback.
    assert printed and all(f.startswith("LiberationSans") for f in printed), printed


def test_smallest_printed_text_is_at_least_8_points(pdf_pages: list[dict]) -> None:
    for number, page in enumerate(pdf_pages, start=1):
        sizes = [c["size"] for c in page["chars"] if c["text"].strip()]
        if sizes:
            assert min(sizes) >= SMALLEST_PT - 0.05, f"page {number}: {min(sizes):.1f} pt"


def _printed_strings(book: Path) -> Iterator[tuple[str, str, str]]:
    """(sheet, cell, text) of every text cell inside the print area of every visible sheet,
    outside its hidden columns (which neither program prints: the Problems' place columns
    while no problem has a place)."""
    wb = load_book(book)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        hidden = {letter for letter, dim in ws.column_dimensions.items() if dim.hidden}
        areas = [a.split("!")[-1].replace("$", "") for a in (ws.print_area or "").split(",")
                 if a]
        bounds = [range_boundaries(a) for a in areas] or [(1, 1, ws.max_column, ws.max_row)]
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or value.startswith("=") \
                        or cell.column_letter in hidden:
                    continue
                if any(left <= cell.column <= right and top <= cell.row <= bottom
                       for left, top, right, bottom in bounds):
                    yield ws.title, cell.coordinate, value


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s\-/]+", text) if t]


def test_no_text_is_cut_off(rendered: tuple[Path, Path], pdf_pages: list[dict]) -> None:
    """Every word of every printed text cell is on the pages (a cell whose text is missing
    altogether, e.g. a row hidden by a wrong height)."""
    printed = {t for page in pdf_pages for w in page["words"] for t in _tokens(w)}
    missing = [(sheet, ref, token) for sheet, ref, text in _printed_strings(rendered[0])
               for token in _tokens(text) if token not in printed]
    assert not missing, missing[:10]


def test_no_text_is_drawn_over_other_text(pdf_pages: list[dict]) -> None:
    """Text cut off at its neighbour is still in the PDF, clipped, under the neighbour's text:
    two characters of one line overlapping by more than a point."""
    overlaps = [(number, pair) for number, page in enumerate(pdf_pages, start=1)
                for pair in overlapping_chars(page)]
    assert not overlaps, overlaps[:10]


def test_no_two_cells_touch(pdf_pages: list[dict]) -> None:
    touching = [(n, w) for n, page in enumerate(pdf_pages, start=1) for w in page["words"]
                if TOUCHING.search(w)]
    assert not touching, touching[:10]


@pytest.mark.skipif(not (LIBERATION / "LiberationSans-Regular.ttf").exists(),
                    reason="Liberation fonts are not installed")
def test_no_text_runs_into_a_filled_neighbour(rendered: tuple[Path, Path]) -> None:
    """Measured with the font file itself: text that is not wrapped fits its column whenever
    the next cell holds a value or a fill (LibreOffice would paint it over that cell, Excel
    would cut it), and otherwise fits before the last printed column (the page cuts it)."""
    from PIL import ImageFont

    faces = {}
    wb = load_book(rendered[0])
    last_printed = {
        ws.title: max(range_boundaries(a.split("!")[-1].replace("$", ""))[2]
                      for a in ws.print_area.split(","))
        for ws in wb.worksheets if ws.print_area}
    too_wide = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        merged = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
                  for c in range(m.min_col, m.max_col + 1)}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.value.startswith("="):
                    continue
                if (cell.row, cell.column) in merged or cell.alignment.wrap_text:
                    continue
                if cell.column > last_printed.get(ws.title, ws.max_column):
                    continue  # not printed
                neighbour = ws.cell(row=cell.row, column=cell.column + 1)
                filled = neighbour.fill is not None and neighbour.fill.fill_type == "solid"
                # Free to run on: only as far as the last printed column.
                runs_on = neighbour.value is None and not filled
                last = last_printed.get(ws.title, ws.max_column) if runs_on else cell.column
                bold = bool(cell.font.b)
                size = float(cell.font.sz or 10)
                key = (bold, size)
                if key not in faces:
                    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
                    faces[key] = ImageFont.truetype(str(LIBERATION / name), size=size * 96 / 72)
                text_px = faces[key].getlength(cell.value)
                indent_px = (cell.alignment.indent or 0) * 9
                column_px = 0
                for col in range(cell.column, last + 1):
                    dim = ws.column_dimensions.get(get_column_letter(col))
                    width = dim.width if dim is not None and dim.width else 8.43
                    column_px += math.floor(width * 7 + 5)
                if text_px + indent_px + 4 > column_px:
                    too_wide.append((ws.title, cell.coordinate, cell.value))
    assert not too_wide, too_wide[:10]


def test_codes_and_ids_are_marked_as_text_on_purpose(rendered: tuple[Path, Path]) -> None:
    parts = _parts(rendered[0])
    wb = load_book(rendered[0])
    for title, part in _sheet_parts(parts).items():
        root = etree.fromstring(parts[part])
        order = [etree.QName(child).localname for child in root]
        positions = [CT_WORKSHEET.index(name) for name in order]
        assert positions == sorted(positions), (title, order)
        ranges = [range_boundaries(ref) for e in root.iterfind("m:ignoredErrors/m:ignoredError", NS)
                  if e.get("numberStoredAsText") == "1" for ref in e.get("sqref").split()]
        ws = wb[title]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and re.fullmatch(r"\d+", cell.value):
                    assert any(left <= cell.column <= right and top <= cell.row <= bottom
                               for left, top, right, bottom in ranges), (title,
                                                                          cell.coordinate)


def test_codes_are_flagged_in_the_demo(rendered: tuple[Path, Path]) -> None:
    """The check above has cells to check: the demo's codes and NPI."""
    if rendered[0].stem == "blank":
        pytest.skip("a blank workbook has no codes")
    parts = _parts(rendered[0])
    sheets = _sheet_parts(parts)
    for title in (layout.FEE_SCHEDULES, layout.COMPARISON, layout.PROPOSAL, layout.CLINIC_SHEET):
        assert b"numberStoredAsText" in parts[sheets[title]], title


def test_comparison_and_proposal_print_landscape_with_headers(
        rendered: tuple[Path, Path]) -> None:
    if rendered[0].stem == "blank":
        pytest.skip("a blank workbook has no results")
    wb = load_book(rendered[0])
    for name in (layout.COMPARISON, layout.PROPOSAL):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.print_title_rows.replace("$", "") == f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
        # two pages across, at a readable scale of their own with a page break between their
        # groups of columns (fit to two pages wide, a page ended where the width ran out)
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.page_setup.scale >= MIN_PRINT_PERCENT, name
        spec = layout.COMPARISON_TABLE if name == layout.COMPARISON else layout.PROPOSAL_TABLE
        [group] = spec.print_groups
        assert [b.id for b in ws.col_breaks.brk] == [spec.col(group) - 1], name
    proposal = wb[layout.PROPOSAL]
    # A page per payer: a break after the last row of every payer but the last.
    payers = [proposal.cell(row=r, column=1).value
              for r in range(layout.HEADER_ROW + 1, proposal.max_row + 1)]
    changes = [layout.HEADER_ROW + i for i in range(1, len(payers))
               if payers[i] != payers[i - 1] and payers[i] is not None]
    assert [b.id for b in proposal.row_breaks.brk] == changes
    assert proposal.cell(row=layout.SELECTED_PAYER_ROW,
                         column=layout.SELECTED_PAYER_COL).value == "Summit BlueCare PPO"


def test_each_payer_s_proposal_prints_on_one_page_across(
        renders: dict[str, tuple[Path, Path]], printed_pages: dict[str, list[dict]]) -> None:
    # A page per payer (its break above), and a payer's codes all on it: the percent-of-Medicare
    # payers' reasons ran to six lines ("Medicare's amounts for 2027-05-01, when the new term
    # begins, are not imported yet: ..." on each of 15 rows), so their codes took two pages,
    # the demo's Proposal 20 pages where the breaks make 12.
    book, _ = renders["demo"]
    proposal = load_book(book)[layout.PROPOSAL]
    across = proposal.page_setup.fitToWidth
    payers = {proposal.cell(row=r, column=1).value
              for r in range(layout.HEADER_ROW + 1, proposal.max_row + 1)} - {None}
    pages = [p for p in printed_pages["demo"] if p["words"][:1] == [layout.PROPOSAL]]
    assert len(payers) == 6 and across == 2
    assert len(pages) == across * len(payers)


def test_charts_start_their_value_axes_at_zero(rendered: tuple[Path, Path]) -> None:
    parts = _parts(rendered[0])
    charts = [etree.fromstring(d) for n, d in parts.items() if n.startswith("xl/charts/chart")]
    if rendered[0].stem == "blank":
        assert not charts
        return
    assert len(charts) == 3
    for chart in charts:
        for axis in chart.iterfind(".//c:valAx", NS):
            minimum = axis.find("c:scaling/c:min", NS)
            assert minimum is not None and float(minimum.get("val")) == 0


def test_start_step_labels_sit_level_with_their_text(rendered: tuple[Path, Path]) -> None:
    ws = load_book(rendered[0])[layout.START]
    steps = [c for c in ws["A"] if isinstance(c.value, str) and re.match(r"\d\. ", c.value)]
    assert len(steps) == 9
    for label in steps:
        body = ws.cell(row=label.row, column=2)
        assert label.alignment.vertical == "top" and body.alignment.vertical == "top"
        assert body.alignment.wrap_text


def test_the_problems_sheet_prints_each_problem_beside_its_row(
        rendered: tuple[Path, Path], pdf_pages: list[dict]) -> None:
    """One page across: the long problem texts printed on a page of their own, away from their
    severity and table (a 110-character column sent them to a second page across). Every
    shown column's heading prints on each page: the place columns (Sheet, Row, Column, Cell,
    Value) of a sheet with problems are hidden while no problem fills them, so the demo's
    three warnings print "Severity Table Problem"; a sheet with none shows them all."""
    ws = load_book(rendered[0])[layout.PROBLEMS]
    assert ws.page_setup.fitToWidth == 1
    spec = layout.PROBLEMS_TABLE
    shown = {column.header for i, column in enumerate(spec.columns, start=1)
             if not ws.column_dimensions[get_column_letter(i)].hidden}
    assert {"Table", "Problem"} <= shown
    pages = [set(page["words"]) for page in pdf_pages if "Severity" in page["words"]]
    assert pages
    for words in pages:
        assert shown <= words


def test_the_problems_print_no_column_no_problem_fills(
        printed_pages: dict[str, list[dict]]) -> None:
    """The demo's warnings name a table and its sheet, no cell: the Problems printed five headed
    columns (Sheet, Row, Column, Cell, Value) between the table and the problem's text, four of
    them empty, which wrapped narrower for them. Since errors-9 a warning about a table as a
    whole names its sheet, so Sheet is filled and printed; Row, Column, Cell and Value are not."""
    [page] = _sheet_pages(printed_pages["demo"], layout.PROBLEMS)
    header = next(line.split() for line in page.splitlines() if line.startswith("Severity"))
    assert header == ["Severity", "Table", "Sheet", "Problem"]


def test_counts_print_with_a_thousands_separator(printed_pages: dict[str, list[dict]]) -> None:
    """The demo clinic's 10,400 visits a year printed as 10400 (format General); every count
    prints its separator from 1,000, and a smaller one as typed (9.1 visits); days to one
    decimal, as every output shows them (27.0 days in A/R). Expected figures are the demo
    clinic's metrics (ratecalc/data/demo), written out."""
    lines = [line.split() for page in printed_pages["demo"] for line in page["text"].splitlines()]

    def figures(label: str) -> list[str]:
        words = label.split()
        found = [line[len(words):] for line in lines if line[:len(words)] == words]
        assert found, label
        return found[0]

    assert figures("Visits per year")[0] == "10,400"
    assert figures("Days in AR")[:2] == ["27.0", "45.0"]
    assert figures("Visits per episode")[:2] == ["9.1", "11"]


def test_no_number_cell_shows_without_a_thousands_separator(rendered: tuple[Path, Path]) -> None:
    """Every number a sheet holds has a format that separates thousands (or a percentage or a
    date, which never reach them): General and "0" print 10400."""
    book = load_book(rendered[0])
    bare = [(ws.title, cell.coordinate, cell.number_format)
            for ws in book.worksheets for row in ws.iter_rows() for cell in row
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
            and "#,##0" not in cell.number_format and "%" not in cell.number_format
            and "yy" not in cell.number_format]
    assert bare == []


def test_every_page_names_its_sheet_and_its_number(rendered: tuple[Path, Path],
                                                   pdf_pages: list[dict]) -> None:
    """A sheet printed one page wide and many down said what it was on its first page alone (a
    40-payer Fee Schedules printed 33 pages): every page now names its sheet and its number,
    in its footer, or in its header when the sheet prints pages across."""
    titles = [ws.title for ws in load_book(rendered[0], read_only=True).worksheets
              if ws.sheet_state == "visible"]
    for number, page in enumerate(pdf_pages, start=1):
        lines = [" ".join(line.split()) for line in page["text"].splitlines()]
        marked = [line for line in lines if line.endswith(f"Page {number} of {len(pdf_pages)}")]
        assert marked, (number, lines[-3:])
        assert any(line.startswith(title) for line in marked + lines[:2] for title in titles), \
            (number, marked)


def test_the_fee_schedule_import_command_prints_on_one_line(pdf_pages: list[dict]) -> None:
    """The Fee Schedules sheet's description ends with the command that imports a payer's
    file; the description wrapped inside it, between the two hyphens of ``--payer`` ("FILE -"
    at a line's end, "-payer NAME" below): copied from the page, the command was wrong."""
    command = "ratecalc import fee-schedule FILE --payer NAME --workbook THIS"
    [first] = [page["text"] for page in pdf_pages if page["text"].startswith("Fee Schedules\n")]
    assert any(command in line for line in first.splitlines()), first[:400]


#: What each of the demo's sheets printed pages across says its table is (the first sentence
#: of its description), written out; and how many pages it prints (pages across times down).
EXPLAINED_PAGES = {
    # four pages across since its Renewal months column: on three it printed at 7.7 pt
    "Payers & Contracts": ("One row per contract.", 4),
    "Priorities": ("Payers ranked by dollars below market, at the analysis date's rates.", 2),
    "Comparison": ("Every payer's rate for every code against the market and Medicare. Red: "
                   "below market.", 6),
    "Proposal": ("The rate to ask for, per payer and code, built on the rate in force when the "
                 "payer's new term begins ('Current rate').", 12),
    "Timeline": ("When to prepare, send the proposal, follow up, decide and give notice.", 2),
}


def test_every_page_of_a_sheet_printed_across_says_what_its_table_is(
        printed_pages: dict[str, list[dict]]) -> None:
    """A sheet printed pages across left its title and description rows out of its print (the
    repeated payer and code columns would cut them on the pages after the first): Comparison's
    "Red: below market" and the Proposal's "The rate to ask for" were on no page. Each page
    now says it at its head; its foot names the sheet and the page."""
    pages = printed_pages["demo"]
    named: dict[str, list[str]] = {}
    for page in pages:
        lines = [" ".join(line.split()) for line in page["text"].splitlines() if line.strip()]
        foot = next(line for line in reversed(lines) if re.search(r"Page \d+ of \d+$", line))
        named.setdefault(str(foot_sheet(foot)), []).append(" ".join(lines[:3]))
    for sheet, (said, count) in EXPLAINED_PAGES.items():
        heads = named[sheet]
        assert len(heads) == count, (sheet, len(heads))
        assert all(head.startswith(f"{sheet} {said}") for head in heads), (sheet, heads[0])


#: A page of a sheet printed across holds at least this many columns of its own besides the
#: repeated ones, and its header row reaches at least this share of the page's width: not a
#: stray column or two printed alone.
FEWEST_OWN_COLUMNS = 2
SHORTEST_HEADER_ROW = 0.5


def _header_band(page: dict) -> tuple[Counter[str], float, float]:
    """The words of a printed page's table header row (bold, at the table's size: the page
    header's title is larger), as tokens, with the row's left and right edge [points]."""
    from pdfplumber import utils

    chars = [dict(c, bottom=c["top"] + c["size"], doctop=c["top"]) for c in page["chars"]
             if "Bold" in c["font"] and c["size"] < 11 and c["upright"]]  # spaces split words
    words = utils.extract_words(chars) if chars else []
    tokens = Counter(t for w in words for t in _tokens(w["text"]))
    drawn = [c for c in chars if c["text"].strip()]
    return (tokens, min((c["x0"] for c in drawn), default=0.0),
            max((c["x1"] for c in drawn), default=0.0))


def _columns_on(tokens: Counter[str], headers: dict[int, str]) -> set[int]:
    """The columns whose header's every word is among ``tokens``, each word taken once
    (longer headers first: "Medicare" is also a word of "% of Medicare")."""
    left = Counter(tokens)
    found = set()
    for col, header in sorted(headers.items(), key=lambda kv: -len(_tokens(kv[1]))):
        need = Counter(_tokens(header))
        if all(left[word] >= n for word, n in need.items()):
            left -= need
            found.add(col)
    return found


def test_every_page_across_holds_the_row_labels_the_headers_and_whole_groups(
        renders: dict[str, tuple[Path, Path]], printed_pages: dict[str, list[dict]]) -> None:
    """A billing manager reads each printed page on its own: on every page of a sheet printed
    several pages across, the columns naming the row (payer; rank or code) and the header row
    print, with the table's own columns beside them in whole groups (the contract's terms, its
    contact: ``print_groups``), at least two of them, the header row reaching half across the
    page. Fitted to N pages wide, a page ended wherever the width ran out: the Proposal's
    "Annual impact" printed beside "Why", away from the increase it is the year's worth of.
    Read from the rendered pages: the header row's words, the payers' names."""
    book, _ = renders["demo"]
    wb = load_book(book)
    pages = printed_pages["demo"]
    across = [ws for ws in wb.worksheets
              if ws.sheet_state == "visible" and (ws.page_setup.fitToWidth or 1) > 1]
    assert {ws.title for ws in across} == {layout.PAYERS_CONTRACTS, layout.PRIORITIES,
                                           layout.COMPARISON, layout.PROPOSAL, layout.TIMELINE}
    for ws in across:
        [table] = ws.tables.values()
        spec = layout.TABLES_BY_NAME[table.name]
        left, top, right, bottom = range_boundaries(table.ref)
        headers = {col: str(ws.cell(row=top, column=col).value) for col in range(left, right + 1)}
        labels = set(range(left, left + spec.label_columns))
        starts = sorted(spec.col(key) for key in spec.print_groups)
        bounds = [left + spec.label_columns, *starts, right + 1]
        groups = [set(range(a, b)) for a, b in zip(bounds, bounds[1:], strict=False)]
        payers = {str(ws.cell(row=r, column=spec.col("payer")).value)
                  for r in range(top + 1, bottom + 1)} - {"None"}
        printed = [page for page in pages
                   if foot_sheet(" ".join(page["text"].splitlines()[-1].split())) == ws.title]
        assert len(printed) >= 2, ws.title
        seen: set[int] = set()
        for number, page in enumerate(printed, start=1):
            tokens, first_x, last_x = _header_band(page)
            on_page = _columns_on(tokens, headers)
            where = (ws.title, number, sorted(on_page))
            assert labels <= on_page, where
            assert any(payer in page["text"] for payer in payers), where
            own = on_page - labels
            assert len(own) >= FEWEST_OWN_COLUMNS, where
            assert any(own == set().union(*groups[i:j]) for i in range(len(groups))
                       for j in range(i + 1, len(groups) + 1)), where
            room = PRINTABLE_IN[ws.page_setup.orientation] * 72  # [points]
            assert last_x - first_x >= SHORTEST_HEADER_ROW * room, where
            seen |= own
        assert seen == set(range(left, right + 1)) - labels, ws.title


def _sheet_pages(pages: list[dict], sheet: str) -> list[str]:
    """The texts of the printed pages whose footer names ``sheet`` ("Dashboard Page 2 of 43")."""
    texts = []
    for page in pages:
        lines = [" ".join(line.split()) for line in page["text"].splitlines() if line.strip()]
        foot = next(line for line in reversed(lines) if re.search(r"Page \d+ of \d+$", line))
        if foot_sheet(foot) == sheet:
            texts.append(page["text"])
    return texts


def test_the_dashboard_prints_its_charts_on_one_page_without_their_figures(
        printed_pages: dict[str, list[dict]]) -> None:
    """The Dashboard printed its charts' figures ("Chart data: rates per unit for the codes
    billed most", six codes by Medicare, market and four payers) alone on a second page, bare
    numbers the charts above already show. Its facts and three charts print on one page; the
    figures stay on the sheet for the charts."""
    [page] = _sheet_pages(printed_pages["demo"], layout.DASHBOARD)
    for title in ("Rate per unit, codes billed most", "Dollars below market a year",
                  "Revenue by year, all payers", "Analysis date"):
        assert title in page, title
    assert "Chart data" not in page
