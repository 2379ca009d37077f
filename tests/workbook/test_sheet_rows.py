"""A sheet's cells written by :mod:`ratecalc_workbook.sheet_rows` are openpyxl's own bytes: the
same sheet part, the same links, notes and styles recorded, for every kind of cell; what it does
not write is left to openpyxl, with nothing recorded twice."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.hyperlink import Hyperlink

from ratecalc_workbook import sheet_rows
from ratecalc_workbook.sheet_rows import RowsWriter, rows_xml

from .. import books

pytestmark = pytest.mark.skipif(not sheet_rows.MATCHES_OPENPYXL,
                                reason="another openpyxl: its own writer writes every sheet")

# Texts of every kind a cell may hold: markup characters, white space at either end, letters
# past ASCII and past the first plane.
_TEXTS = st.lists(st.sampled_from(
    ["a", "Z", "9", " ", "&", "<", ">", '"', "'", "\t", "\n", "\r", "é", "€", "\u00a0", "\x85",
     "\x7f", "😀", "\u200b", "]]>", "&amp;"]), max_size=8).map("".join)
#: A character XML refuses, in a text set as openpyxl's reader would leave it (past the cell's
#: own check): lxml refuses to write it, and so must this module's writer.
_REFUSED = st.sampled_from([None, "\x01", "\x0b", "\ufffe", "\ud800"])
_VALUES = st.one_of(
    st.none(), st.integers(-10**18, 10**18), st.floats(), st.booleans(),
    st.decimals(allow_nan=False, places=4, min_value=-10**6, max_value=10**6),
    st.builds(np.float64, st.floats()), st.builds(np.int64, st.integers(-10**9, 10**9)),
    _TEXTS, _TEXTS.map(lambda t: "=" + t), st.just("="), st.just("#N/A"),
    st.dates(date(1900, 3, 1), date(2100, 1, 1)), st.datetimes(datetime(1900, 3, 1)),
    st.times(), st.just(timedelta(hours=36)))
_STYLES = st.sampled_from([None, "bold", "fill", "wrap", "number"])


def _style(cell: Any, style: str | None) -> None:
    if style == "bold":
        cell.font = Font(bold=True)
    elif style == "fill":
        cell.fill = PatternFill("solid", start_color="FFEEAA")
    elif style == "wrap":
        cell.alignment = Alignment(wrap_text=True)
    elif style == "number":
        cell.number_format = "0.00%"


_CELLS = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 5), _VALUES, _STYLES,
                            st.sampled_from(["", "note", "link", "both"])),
                  max_size=14)
_ROWS = st.lists(st.tuples(st.integers(1, 8), st.sampled_from(
    ["height", "hidden", "outline", "styled"])), max_size=3)


def _book(cells: list[tuple[int, int, Any, str | None, str]],
          rows: list[tuple[int, str]], merged: bool, iso_dates: bool,
          refused: str | None = None) -> Workbook:
    """A workbook of one sheet holding ``cells`` (row, column, value, style, extras), the row
    dimensions ``rows``, and a text holding the character ``refused`` in E9, if given."""
    wb = Workbook(iso_dates=iso_dates)
    ws = wb.active
    if refused is not None:
        ws["E9"]._value, ws["E9"].data_type = f"a{refused}b", "s"
    for row, column, value, style, extra in cells:
        cell = ws.cell(row=row, column=column)
        cell.value = value
        _style(cell, style)
        if extra in ("note", "both"):
            cell.comment = Comment(f"note {row} {column} & <b>", "RateCalc")
        if extra in ("link", "both"):
            cell.hyperlink = f"https://example.com/?a={row}&b={column}"
    for row, kind in rows:
        dimension = ws.row_dimensions[row]
        if kind == "height":
            dimension.height = 31.5
        elif kind == "hidden":
            dimension.hidden = True
        elif kind == "outline":
            dimension.outlineLevel = 2
        else:
            dimension.font = Font(italic=True)
    if merged:
        ws.merge_cells("B7:C8")
        ws["B7"].fill = PatternFill("solid", start_color="AACCEE")
    return wb


def _written(wb: Workbook, writer: type[WorksheetWriter]) -> tuple[Any, ...]:
    """Each sheet's part as ``writer`` writes it, what it recorded for the package's other parts
    (links, notes) and the workbook's list of styles after; or the error it raised."""
    parts = []
    for ws in wb.worksheets:
        out = BytesIO()
        try:
            made = writer(ws, out=out)
            made.write()
        except Exception as error:  # noqa: BLE001 - the two writers' errors compared
            return (type(error), str(error))
        xml = made.xml(out.getvalue()) if isinstance(made, RowsWriter) else out.getvalue()
        parts.append((xml, [(link.ref, link.target, link.id) for link in ws._hyperlinks],
                      [(note.ref, note.text, note.author) for note in ws._comments]))
    return (parts, list(wb._cell_styles))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=_CELLS, rows=_ROWS, merged=st.booleans(), iso_dates=st.booleans(),
       refused=_REFUSED)
def test_the_same_bytes_and_records_as_openpyxl(cells: list[Any], rows: list[Any],
                                               merged: bool, iso_dates: bool,
                                               refused: str | None) -> None:
    # two books from one recipe: each writer adds the styles it meets to its own book's list
    book = _book(cells, rows, merged, iso_dates, refused)
    ws = book.active
    written_here = rows_xml(ws, WorksheetWriter(ws, out=BytesIO()).rows()) is not None
    assert written_here == (refused is None)
    ours = _written(_book(cells, rows, merged, iso_dates, refused), RowsWriter)
    theirs = _written(_book(cells, rows, merged, iso_dates, refused), WorksheetWriter)
    assert ours == theirs
    assert isinstance(theirs[0], list) == (refused is None)  # lxml refuses the character


@pytest.mark.parametrize(("value", "expected"), [
    (97110, b'<row r="1"><c r="A1" t="n"><v>97110</v></c></row>'),
    (0.1 + 0.2, b'<row r="1"><c r="A1" t="n"><v>0.3</v></c></row>'),  # 16 digits
    (math.inf, b'<row r="1"><c r="A1" t="n"><v></v></c></row>'),
    (True, b'<row r="1"><c r="A1" t="b"><v>1</v></c></row>'),
    (" a&b<c>\r", b'<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a&amp;b'
                  b'&lt;c&gt;&#13;</t></is></c></row>'),
    ("Café 😀", b'<row r="1"><c r="A1" t="inlineStr"><is><t>Caf&#233; &#128512;</t></is>'
                b'</c></row>'),
    ('=IF(A2>1,"x&y","")', b'<row r="1"><c r="A1"><f>IF(A2&gt;1,"x&amp;y","")</f><v></v>'
                           b'</c></row>'),
    ("#N/A", b'<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>'),
])
def test_a_cell_written_as_hand_worked(value: Any, expected: bytes) -> None:
    ws = Workbook().active
    ws["A1"] = value
    assert rows_xml(ws, WorksheetWriter(ws, out=BytesIO()).rows()) == expected


def test_a_row_and_a_styled_empty_cell_written_as_hand_worked() -> None:
    wb = Workbook()
    ws = wb.active
    ws.row_dimensions[2].height = 30
    ws["B2"].font = Font(bold=True)
    assert rows_xml(ws, WorksheetWriter(ws, out=BytesIO()).rows()) == (
        b'<row r="2" ht="30" customHeight="1"><c r="B2" s="1" t="n"></c></row>')


@pytest.mark.parametrize("value", [
    CellRichText("plain ", TextBlock(InlineFont(b=True), "bold")),
    ArrayFormula("A1:A2", "=B1:B2*2"),
])
def test_formatted_text_and_array_formulas_left_to_openpyxl(value: Any) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"].hyperlink = "https://example.com"
    ws["A1"] = 1
    ws["A1"].comment = Comment("a note", "RateCalc")
    ws["B3"] = value
    ws._hyperlinks, ws._comments = [], []
    assert rows_xml(ws, WorksheetWriter(ws, out=BytesIO()).rows()) is None
    assert ws._hyperlinks == [] and ws._comments == []  # nothing recorded by the try
    twin = load_workbook(BytesIO(_saved(wb)), rich_text=True)
    assert twin.active["A1"].value == 1
    assert _written(wb, RowsWriter) == _written(wb, WorksheetWriter)


def _saved(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_every_sheet_of_the_demo_written_here_as_openpyxl_writes_it(demo_book: Path) -> None:
    """The demo's sheets as a refresh saves them (loaded with formatted text, as refresh loads
    it): each written by this module, not left to openpyxl, and the same bytes."""
    ours = books.load_book(demo_book, rich_text=True)
    for ws in ours.worksheets:
        assert rows_xml(ws, WorksheetWriter(ws, out=BytesIO()).rows()) is not None, ws.title
    assert _written(books.load_book(demo_book, rich_text=True), RowsWriter) == _written(
        books.load_book(demo_book, rich_text=True), WorksheetWriter)


@given(attributes=st.dictionaries(st.sampled_from(["r", "ht", "spans", "x14ac:dyDescent"]),
                                  _TEXTS, max_size=4))
def test_attributes_written_as_lxml_writes_them(attributes: dict[str, str]) -> None:
    out = BytesIO()
    with etree.xmlfile(out) as xf, xf.element("row", attributes):
        pass
    ours = f"<row{sheet_rows._attributes(attributes)}></row>"
    assert ours.encode("ascii", "xmlcharrefreplace") == out.getvalue()


def test_the_cells_place_found_as_this_lxml_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The place the rows go in is looked for as the installed lxml writes it, not as the one
    the module was written against did: written otherwise (here an instruction given a text,
    as another libxml2 might space or close it), every save stopped with "its cells' place
    was not found"."""
    real = etree.ProcessingInstruction
    monkeypatch.setattr(etree, "ProcessingInstruction",
                        lambda target, text=None: real(target, "written otherwise"))
    cells = [(1, 1, "a < b", "bold", "link"), (2, 3, 97110, None, "note"), (3, 2, "=A1", None, "")]
    assert _written(_book(cells, [], merged=True, iso_dates=False), RowsWriter) == _written(
        _book(cells, [], merged=True, iso_dates=False), WorksheetWriter)


@pytest.mark.parametrize("version", ["3.1.6", "3.1.10", "3.1.0"])
def test_an_openpyxl_not_compared_writes_its_own_cells(version: str) -> None:
    """Only the openpyxl whose writer this module was compared with (these tests) has its
    cells written here: another 3.1 release may write them otherwise, or rename the private
    lists this module records links, notes and styles in (every save would then stop with an
    AttributeError, not fall back)."""
    survey = ("import openpyxl, sys; openpyxl.__version__ = sys.argv[1]; "
              "from ratecalc_workbook import sheet_rows; print(sheet_rows.MATCHES_OPENPYXL)")
    out = subprocess.run([sys.executable, "-c", survey, version], check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == "False"


# What a cell may hold however it came there: any text (every plane, surrogates, controls),
# text a user typed that reads as a formula, number, date, truth value or error, numbers of
# every width and the values no cell can show (NaN, infinities, a signalling NaN, ints past a
# double), dates with a time zone (openpyxl refuses them), each kind of formula.
_PLAIN_TEXT = st.lists(st.one_of(
    st.sampled_from(list("&<>\"'\t\n\r \x7f\x85\xa0\u2028é😀")),
    st.characters(exclude_categories=("Cs", "Cc"))), max_size=10).map("".join)
# one character XML refuses in a text, in one text of four: more would leave few sheets whose
# save does not fail (a list joined: st.text leaves out the surrogates, which openpyxl's reader
# may leave in a cell)
_ANY_TEXT = st.one_of(_PLAIN_TEXT, _PLAIN_TEXT, _PLAIN_TEXT, st.lists(st.sampled_from(
    ["\x00", "\x01", "\x0b", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"]), min_size=1,
    max_size=1).map("".join).flatmap(lambda refused: _PLAIN_TEXT.map(lambda t: t + refused)))
_LOOKS_LIKE = st.tuples(st.sampled_from(["=", "+", "-", "@", "#N/A", "TRUE", "1e5", "2026-12-07",
                                         " ", "\n", "\r\n"]), _ANY_TEXT).map("".join)
#: the values whose save fails under either writer, one choice among the others: drawn as
#: often as the rest, they would leave few sheets that are written at all
_REFUSED_VALUES = st.one_of(
    st.just(Decimal("sNaN")), st.integers(10**308, 10**309),
    st.datetimes(timezones=st.just(UTC)))
_ANY_VALUE = st.one_of(
    st.none(), _ANY_TEXT, _LOOKS_LIKE, st.floats(), st.just(-0.0), st.just(5e-324),
    st.integers(-10**20, 10**20), st.booleans(), st.decimals(),
    st.builds(np.float32, st.floats(width=32)),
    st.builds(np.uint64, st.integers(0, 2**64 - 1)), st.builds(np.bool_, st.booleans()),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(), _REFUSED_VALUES,
    st.builds(ArrayFormula, st.just("A1:B2"), _LOOKS_LIKE),
    st.builds(DataTableFormula, st.just("A1:B2"), r1=st.just("C1")),
    st.builds(lambda a, b: CellRichText(a, TextBlock(InlineFont(b=True), b)), _ANY_TEXT,
              _ANY_TEXT))
#: How the value came in: openpyxl's setter (which types "=..." as a formula and refuses
#: control characters), as text whatever it reads as (cells.put), or as openpyxl's reader
#: leaves it: any value under any data type.
_PUT = st.sampled_from(["setter", "text", "text", "raw"])
_TYPE = st.sampled_from(["n", "s", "f", "b", "e", "d", "str", "inlineStr"])
_ANY_CELLS = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 4), _ANY_VALUE, _PUT, _TYPE,
                                _STYLES, st.sampled_from(["", "note", "link", "place"]),
                                _PLAIN_TEXT), max_size=6)


def _any_book(cells: list[Any], epoch_1904: bool, iso_dates: bool) -> Workbook:
    """A workbook of one sheet holding ``cells``, each that openpyxl refuses as it is put left
    empty (its setter's refusals are not the writer's)."""
    wb = Workbook(iso_dates=iso_dates)
    if epoch_1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    for row, column, value, put, kind, style, extra, text in cells:
        cell = ws.cell(row=row, column=column)
        try:
            if put == "setter":
                cell.value = value
            elif put == "text":
                cell._value, cell.data_type = str(value), "s"
            else:
                cell._value, cell.data_type = value, kind
            if extra == "note":
                cell.comment = Comment(text or "note", text)
            elif extra == "link":
                cell.hyperlink = "https://example.com/?q=" + text
            elif extra == "place":
                cell.hyperlink = Hyperlink(ref="", location="'Sheet'!A1", tooltip=text)
        except (IllegalCharacterError, ValueError, TypeError):
            cell._value, cell.data_type, cell.hyperlink = None, "n", None
        _style(cell, style)
    ws.merge_cells("C4:D5")
    return wb


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=_ANY_CELLS, epoch_1904=st.booleans(), iso_dates=st.booleans())
def test_any_cell_written_as_openpyxl_writes_it_or_refused_as_it_refuses(
        cells: list[Any], epoch_1904: bool, iso_dates: bool) -> None:
    """Whatever a cell holds, however it came there: the same part, records and styles as
    openpyxl's writer, or the same error from the save (a character XML refuses, a time zone,
    a number no double holds), never a part openpyxl would not write."""
    assert _written(_any_book(cells, epoch_1904, iso_dates), RowsWriter) == _written(
        _any_book(cells, epoch_1904, iso_dates), WorksheetWriter)
