"""Refresh loads a workbook without the result cells it rebuilds: it must still find everything
the user typed, exactly as a full load does, and read the file whole when in doubt."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ratecalc.xlsx_parts import relations_path, sheet_parts
from ratecalc_workbook import layout
from ratecalc_workbook.lean_read import (
    _EMPTY_CELL,
    _ROW_ELEMENT,
    READ_IN_PLACE_OPENPYXL,
    READS_IN_PLACE,
    UNREAD,
    LeftOut,
    _addressed_cells,
    _cells_in,
    _plain_texts,
    _strip_cells,
    _unreferenced_left_out,
    cells_only_of,
    lean_matches,
    lean_source,
)
from ratecalc_workbook.preserve import capture
from ratecalc_workbook.reader import open_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book
from tests.workbook.test_refresh import _add_user_things


def _typed_book(path: Path) -> None:
    """``path`` (a copy of ``demo_book``) with a user's things typed in, saved."""
    wb = open_book(path)
    _add_user_things(wb)
    proposal = wb[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    # a formula typed in a user column, and a note on the table's last row
    proposal.cell(row=spec.header_row + 2, column=spec.col("notes"), value="=1+1")
    last = max(r for r in range(spec.header_row + 1, proposal.max_row + 1)
               if proposal.cell(row=r, column=1).value)
    proposal.cell(row=last, column=spec.col("notes"), value="last row")
    wb.save(path)


@pytest.fixture(scope="module")
def typed_content(demo_book: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """``_typed_book`` of ``demo_book``'s copy, as bytes: two tests typed the same things into
    copies of their own (a load and a save of the demo workbook each); made once per module,
    each test writes it to its own ``demo_copy``."""
    path = tmp_path_factory.mktemp("typed") / "negotiation.xlsx"
    shutil.copy2(demo_book, path)
    _typed_book(path)
    return path.read_bytes()


def test_lean_load_captures_what_a_full_load_captures(demo_copy: Path,
                                                      typed_content: bytes) -> None:
    demo_copy.write_bytes(typed_content)  # _typed_book(demo_copy)
    full = open_book(demo_copy)
    lean, _ = open_workbook(demo_copy, for_refresh=True)
    assert capture(lean) == capture(full)
    kept = capture(full).kept(layout.PROPOSAL_TABLE)
    assert sorted(v.get("Notes") for v in kept.rows.values() if "Notes" in v) == [
        "=1+1", "last row"]
    assert kept.rows and capture(full).kept(layout.COMPARISON_TABLE).added == ("Follow up",)
    # the computed cells were indeed left out, and the input sheets were not touched
    assert len(lean[layout.COMPARISON]._cells) < len(full[layout.COMPARISON]._cells) / 5
    for sheet in layout.INPUT_SHEETS:
        assert {k: c.value for k, c in lean[sheet]._cells.items()} == {
            k: c.value for k, c in full[sheet]._cells.items()}, sheet


def test_a_lean_load_leaves_out_what_refresh_writes_anew_and_keeps_what_it_reads(
        demo_copy: Path) -> None:
    """Of a result sheet, refresh reads its cells (not the Dashboard's), tables, widths and
    protection; its comments, charts, conditional formats, validations and print settings it
    only writes anew: those are not loaded. Every other sheet is loaded whole."""
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = open_book(demo_copy)
    comparison = wb[layout.COMPARISON]
    comparison.column_dimensions["Z"].width = 31.5
    validation = DataValidation(type="list", formula1='"a,b"')
    validation.add("Z5")
    comparison.add_data_validation(validation)
    wb.save(demo_copy)
    full = open_book(demo_copy)
    lean, _ = open_workbook(demo_copy, for_refresh=True)
    assert lean.sheetnames == full.sheetnames
    with_comments = 0
    read = {spec.name for spec in layout.RESULT_TABLES}
    for name in layout.RESULT_SHEETS:
        old, new = full[name], lean[name]
        with_comments += any(c.comment is not None for c in old._cells.values())
        assert not any(c.comment is not None for c in new._cells.values()), name
        assert not new._charts and not new.conditional_formatting and \
            not new.data_validations.dataValidation, name
        assert new.page_setup.orientation is None and new.print_options.gridLines is None, name
        assert sorted(new.tables) == sorted(old.tables), name
        assert new.protection.sheet == old.protection.sheet, name
        assert {k: d.width for k, d in new.column_dimensions.items()} == {
            k: d.width for k, d in old.column_dimensions.items()}, name
        if name in (layout.DASHBOARD,):  # its merged cells are kept, empty
            assert not any(c.value is not None for c in new._cells.values())
            assert any(c.value is not None for c in old._cells.values())
        else:  # a cell kept holds what it held; a sheet without a result table keeps all
            # but the data rows of RateCalc's tables no reader looks inside
            assert all(old._cells[k].value == c.value for k, c in new._cells.items()), name
            unread = [range_boundaries(t.ref) for t in old.tables.values()
                      if t.name not in read]

            def in_body(key: tuple[int, int], unread: list = unread) -> bool:
                row, col = key
                return any(left <= col <= right and top < row <= bottom
                           for left, top, right, bottom in unread)

            assert not any(map(in_body, new._cells)), name
            if name in (layout.TOTALS, layout.SCENARIOS):
                assert any(map(in_body, old._cells)), name
            if name in (layout.TOTALS, layout.LISTS):
                assert new._cells.keys() == {k for k in old._cells if not in_body(k)}, name
    assert with_comments >= 3 and full[layout.DASHBOARD]._charts
    assert full[layout.COMPARISON].data_validations.dataValidation
    assert full[layout.COMPARISON].page_setup.orientation == "landscape"
    for ws in full.worksheets:
        if ws.title in layout.RESULT_SHEETS:
            continue
        other = lean[ws.title]
        assert {k: (c.value, c.comment.text if c.comment else None)
                for k, c in other._cells.items()} == {
            k: (c.value, c.comment.text if c.comment else None) for k, c in ws._cells.items()}
        assert len(other.conditional_formatting) == len(ws.conditional_formatting), ws.title
        assert len(other.data_validations.dataValidation) == len(
            ws.data_validations.dataValidation), ws.title
        assert other.page_setup.orientation == ws.page_setup.orientation, ws.title
    assert capture(lean) == capture(full)


def test_a_table_part_that_disagrees_with_its_sheet_is_read_in_full(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    spec = layout.COMPARISON_TABLE
    # a computed column's header typed over: the table part still names the old header
    wb[layout.COMPARISON].cell(row=spec.header_row, column=spec.col("benchmark"),
                               value="My own column")
    wb.save(demo_copy)
    source = lean_source(demo_copy)
    assert source is not None
    assert not lean_matches(open_book(source[0]), source[1])
    loaded, _ = open_workbook(demo_copy, for_refresh=True)
    full = open_book(demo_copy)
    assert len(loaded[layout.COMPARISON]._cells) == len(full[layout.COMPARISON]._cells)
    assert capture(loaded) == capture(full)


def _left(first: int, last: int) -> LeftOut:
    return LeftOut("Comparison", "tblComparison", first - 1, first, last,
                   computed=frozenset({3}), keys=frozenset({1}),
                   headers={1: "Payer", 2: "Notes", 3: "Rate"})


def test_cells_or_rows_without_their_address_leave_the_sheet_whole() -> None:
    no_cell_address = (b'<worksheet><sheetData><row r="5"><c r="A5"><v>1</v></c><c><v>2</v></c>'
                       b'</row></sheetData></worksheet>')
    no_row_address = (b'<worksheet><sheetData><row><c r="A5"><v>1</v></c></row></sheetData>'
                      b'</worksheet>')
    prefixed = b'<x:worksheet><x:sheetData></x:sheetData></x:worksheet>'
    for xml in (no_cell_address, no_row_address, prefixed):
        assert _strip_cells(xml, [_left(5, 6)]) is None


def test_cells_or_rows_whose_address_is_not_first_leave_the_sheet_whole() -> None:
    """Every form of a cell or row tag not opening with its address is found in one search of
    the cells (as the tag counts found them); rich text's <color> inside a cell is no cell."""
    def sheet(cells: bytes, row: bytes = b'<row r="5">') -> bytes:
        return b"<worksheet><sheetData>" + row + cells + b"</row></sheetData></worksheet>"

    first = b'<c r="A5"><v>1</v></c>'
    for xml in (sheet(first + b'<c s="2" r="B5"><v>2</v></c>'),
                sheet(first + b"<c/>"),
                sheet(first + b"<c r='B5'><v>2</v></c>"),
                sheet(first, row=b'<row spans="1:2" r="5">')):
        assert _strip_cells(xml, [_left(5, 6)]) is None, xml
    rich = sheet(b'<c r="A5" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/></rPr>'
                 b'<t>P1</t></r></is></c><c r="C5"><v>2</v></c>')
    assert _strip_cells(rich, [_left(5, 6)]) is not None


def test_cell_and_row_tags_in_any_other_form_leave_the_sheet_whole() -> None:
    """XML allows a newline or tab between a tag's name and its attributes, a space before a
    closing tag's ">", and a namespace prefix on the main namespace's cells: openpyxl reads
    each as a cell. The lean read finds cells by their plain form only, so any other form
    leaves the sheet whole."""
    def sheet(cells: bytes, row: bytes = b'<row r="5">') -> bytes:
        return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>" + row + cells + b"</row></sheetData></worksheet>")

    first = b'<c r="A5"><v>1</v></c>'
    for xml in (sheet(first + b'<c\nr="B5"><v>2</v></c>'),
                sheet(first + b'<c\tr="B5"><v>2</v></c>'),
                sheet(first, row=b'<row\nr="5">'),
                sheet(b'<c r="C5"><v>1</v></c ><c r="B5"><v>2</v></c>'),
                sheet(first + b'<x:c r="B5"><x:v>2</x:v></x:c>'),
                sheet(first, row=b'<x:row r="5">').replace(b"</row>", b"</x:row>")):
        ElementTree.fromstring(xml)  # each is well-formed XML
        assert _strip_cells(xml, [_left(5, 6)]) is None, xml


#: Cell and row tags as the writers RateCalc meets write them (address first, plain), and in
#: other forms XML allows and openpyxl reads alike (True: the lean read must leave the sheet
#: whole). Each cell's text is given its address by ``{a}`` (row tags: ``{n}``).
_CELLS = (
    (b'<c r="{a}"><v>1</v></c>', False),
    (b'<c r="{a}" s="2"/>', False),
    (b'<c r="{a}"/>', False),
    (b'<c r="{a}"><f>SUM(A1:C3)</f><v>2</v></c>', False),
    (b'<c r="{a}" t="inlineStr"><is><r><rPr><color rgb="FF000000"/><charset val="0"/>'
     b'<condense val="1"/></rPr><t>x</t></r></is></c>', False),
    (b'<c r="{a}" t="inlineStr"><is><t>&lt;c r="B1"&gt; &lt;c&gt;</t></is></c>', False),
    (b"<c><v>1</v></c>", True),
    (b"<c/>", True),
    (b'<c s="2" r="{a}"/>', True),
    (b"<c r='{a}'/>", True),
    (b'<c r = "{a}"/>', True),
    (b'<c  r="{a}"/>', True),
    (b'<c\nr="{a}"/>', True),
    (b'<c\tr="{a}"><v>1</v></c>', True),
    (b'<c r="{a}"><v>1</v></c >', True),
    (b'<c r="{a}"><v>1</v></c\n>', True),
    (b'<x:c r="{a}"><x:v>1</x:v></x:c>', True),
    (b'<c r="{a}" t="inlineStr"><is><t><![CDATA[<c r="B1"/>]]></t></is></c>', True),
    (b'<!-- <c r="B1"><v>1</v></c> -->', True),
)
_ROWS = (
    (b'<row r="{n}">', b"</row>", False),
    (b'<row r="{n}" spans="1:3">', b"</row>", False),
    (b"<row>", b"</row>", True),
    (b'<row spans="1:3" r="{n}">', b"</row>", True),
    (b"<row r='{n}'>", b"</row>", True),
    (b'<row\nr="{n}">', b"</row>", True),
    (b'<row r="{n}">', b"</row >", True),
    (b'<x:row r="{n}">', b"</x:row>", True),
)


def _seven_counts(body: bytes) -> bool:
    """Base 311a27c's verdict on a sheet's cells (True: read it whole): each kind of tag
    counted, against those opening with their address."""
    cells = body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/>")
    rows = body.count(b"<row ") + body.count(b"<row>")
    return cells != body.count(b'<c r="') or rows != body.count(b'<row r="')


@st.composite
def _sheet_xml(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A worksheet's XML of rows of cells, each tag in a plain form of those above but at most
    one (drawn: its form, then which tag of its kind) in another; and whether there is one."""
    shape = draw(st.lists(st.integers(0, 4), min_size=1, max_size=5))  # cells of each row
    other = draw(st.none() | st.sampled_from([f for f in _ROWS + _CELLS if f[-1]]))
    kind = _ROWS if other in _ROWS else _CELLS
    spot = draw(st.integers(0, max(len(shape) if kind is _ROWS else sum(shape), 1) - 1))
    seen = {id(_ROWS): 0, id(_CELLS): 0}  # of each kind, the tags so far

    def form(forms: tuple) -> tuple:
        at, seen[id(forms)] = seen[id(forms)], seen[id(forms)] + 1
        if other is not None and forms is kind and at == spot:
            return other
        return draw(st.sampled_from([f for f in forms if not f[-1]]))

    rows = []
    for n, width in enumerate(shape, start=1):
        opening, closing, _ = form(_ROWS)
        cells = [form(_CELLS)[0].replace(b"{a}", b"ABCD"[col:col + 1] + str(n).encode())
                 for col in range(width)]
        rows.append(opening.replace(b"{n}", str(n).encode()) + b"".join(cells) + closing)
    other = other is not None and seen[id(kind)] > spot
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<cols><col min="1" max="2" width="9"/></cols><sheetData>' + b"".join(rows)
           + b'</sheetData><conditionalFormatting sqref="A1"><cfRule type="expression" '
           b'priority="1"><formula>&lt;c r</formula></cfRule></conditionalFormatting>'
           b"</worksheet>")
    return xml, other


@given(_sheet_xml())
def test_the_address_check_finds_every_tag_not_in_its_plain_form(sheet: tuple[bytes, bool]
                                                                  ) -> None:
    """A sheet is leaned only when every cell and row tag in it is in its plain form, address
    first; any sheet the seven tag counts of 311a27c left whole is left whole still."""
    xml, other = sheet
    ElementTree.fromstring(xml)  # well-formed: openpyxl reads every form alike
    whole = _addressed_cells(xml) is None
    assert whole == other
    begin, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
    assert whole or not _seven_counts(xml[begin:end])


#: Pieces of a sheet's cells, of every shape the cells' patterns end on: a start tag closed by
#: '/>' or '>', a '/' or '>' in an attribute (escaped in XML: here as the patterns may meet
#: them), an end tag or a near miss of one, text and markup inside a cell, a row's start and end.
_PIECES = st.sampled_from([
    b'<c r="A1"', b'<c r="C2"', b'<c r="D12"', b'<c r="AB3"', b'<row r="1"', b'<row r="7"',
    b' s="3"', b' t="s"', b' a="/"', b' b="x/y"', b"/", b">", b"/>", b"</c>", b"</c >",
    b"</cx>", b"</row>", b"</ro", b"<v>1</v>", b"<f>A1&lt;2</f>", b"<is><t>a</t></is>", b"<",
    b"c", b"x", b"\n", b"</"])


@given(st.lists(_PIECES, max_size=24).map(b"".join))
def test_the_cell_and_row_patterns_match_as_their_lazy_forms(text: bytes) -> None:
    """The lean copy's patterns of a cell of some columns, an empty cell and a row, written
    without backtracking, match where the lazy forms they replaced (``[^>]*?(?:/>|>.*?</c>)``,
    re.S) match, to the same end: the same bytes left out of every sheet."""
    lazy_cells = re.compile(rb'<c r="(?:C|D)(?P<row>[0-9]+)"[^>]*?(?:/>|>.*?</c>)', re.S)
    lazy_empty = re.compile(rb'<c r="[A-Z]{1,3}[0-9]+"[^>]*?(?:/>|></c>)')
    lazy_row = re.compile(rb'<row r="[0-9]+"[^>]*?(?:/>|>.*?</row>)', re.S)
    for lazy, now in ((lazy_cells, _cells_in(frozenset({3, 4}))), (lazy_empty, _EMPTY_CELL),
                      (lazy_row, _ROW_ELEMENT)):
        assert [m.span() for m in now.finditer(text)] == [m.span() for m in lazy.finditer(text)]
        assert [m.groupdict() for m in now.finditer(text)] == [
            m.groupdict() for m in lazy.finditer(text)]


def _note_cell_in(form: str, xml: bytes, address: bytes, before: bytes) -> bytes:
    """The Proposal sheet's ``xml`` with the note at ``address`` (and the cell ``before`` it
    in its row) written in one of the forms XML allows that openpyxl does not write."""
    note = re.search(rb'<c r="' + address + rb'".*?</c>', xml, re.S)
    other = re.search(rb'<c r="' + before + rb'"[^>]*?(?:/>|>.*?</c>)', xml, re.S)
    assert note is not None and other is not None
    cell = note.group(0)
    if form == "newline":
        return xml.replace(cell, cell.replace(b"<c r=", b"<c\nr=", 1))
    if form == "cdata":  # its text as it is, unescaped, in CDATA
        return xml.replace(cell, b'<c r="' + address + b'" t="inlineStr"><is><t><![CDATA['
                           + _NOTE.encode() + b"]]></t></is></c>")
    if form == "prefix":
        xml = xml.replace(b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats'
                          b'.org/spreadsheetml/2006/main" ', 1)
        return xml.replace(cell, re.sub(rb"<(/?)(c|is|t|v)\b", rb"<\1x:\2", cell))
    assert form == "closing space" and other.group(0).endswith(b"</c>")
    return xml.replace(other.group(0), other.group(0)[:-4] + b"</c >")


#: A note that reads as a cell's tag where its text is not escaped (in CDATA): of column N,
#: 'Annual impact', a computed column the lean read leaves out.
_NOTE = 'call back in May <c r="N6"/>'


@pytest.fixture(scope="module")
def noted(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[bytes, tuple[object, ...]]:
    """``demo_book``'s copy with ``_NOTE`` typed on the Proposal table's second row and saved
    by openpyxl, as bytes, and that row's payer and code: the four forms below each typed and
    saved the same note into a copy of their own (a load and a save of the demo workbook
    each); made once per module."""
    spec = layout.PROPOSAL_TABLE
    path = tmp_path_factory.mktemp("noted") / "negotiation.xlsx"
    shutil.copy2(demo_book, path)
    wb = open_book(path)
    wb[layout.PROPOSAL].cell(row=spec.header_row + 2, column=spec.col("notes"), value=_NOTE)
    wb.save(path)
    key = tuple(wb[layout.PROPOSAL].cell(row=spec.header_row + 2, column=c).value
                for c in (1, 2))
    return path.read_bytes(), key


@pytest.mark.parametrize("form", ["newline", "prefix", "closing space", "cdata"])
def test_a_note_in_a_cell_written_in_another_form_survives_refresh(
        demo_copy: Path, noted: tuple[bytes, tuple[object, ...]], form: str) -> None:
    """A note typed on the Proposal sheet, its cell written as XML allows but openpyxl does
    not (another tool's save), is still there after refresh, as it was typed."""
    spec = layout.PROPOSAL_TABLE
    row = spec.header_row + 2
    notes, before = spec.col("notes"), spec.col("notes") - 1
    content, key = noted
    demo_copy.write_bytes(content)  # the note typed at (row, notes) and saved
    with zipfile.ZipFile(demo_copy) as archive:
        part = dict(sheet_parts(archive))[layout.PROPOSAL]
        parts = {info: archive.read(info) for info in archive.infolist()}
    rewritten = demo_copy.with_name("rewritten.xlsx")
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts.items():
            if info.filename == part:
                data = _note_cell_in(form, data, f"{get_column_letter(notes)}{row}".encode(),
                                     f"{get_column_letter(before)}{row}".encode())
            out.writestr(info, data)
    assert open_book(rewritten)[layout.PROPOSAL].cell(row=row, column=notes).value == \
        _NOTE  # openpyxl reads the cell as any other
    result = refresh_workbook(rewritten, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    ws = open_book(rewritten)[layout.PROPOSAL]
    found = [ws.cell(row=r, column=notes).value for r in range(spec.header_row + 1,
                                                                ws.max_row + 1)
             if (ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) == key]
    assert found == [_NOTE]


def test_cdata_or_a_comment_among_the_cells_leaves_the_sheet_whole() -> None:
    """Text in CDATA or a comment is not escaped: "<c r=...>" in it is no cell, and the lean
    read, which finds cells by their text, would take it for one."""
    for inside in (b'<c r="B5" t="inlineStr"><is><t><![CDATA[a<c r="C5"/>b]]></t></is></c>',
                   b'<!-- <c r="C5"><v>3</v></c> -->'):
        xml = (b'<worksheet><sheetData><row r="5"><c r="A5"><v>1</v></c>' + inside
               + b"</row></sheetData></worksheet>")
        ElementTree.fromstring(xml)
        assert _strip_cells(xml, [_left(5, 6)]) is None, xml


def test_strip_keeps_rows_with_entries_and_everything_outside_the_table() -> None:
    xml = (b'<worksheet><sheetData>'
           b'<row r="4"><c r="A4" t="inlineStr"><is><t>Payer</t></is></c>'
           b'<c r="C4"><v>0</v></c></row>'
           b'<row r="5"><c r="A5" t="inlineStr"><is><t>P1</t></is></c><c r="B5" s="2"/>'
           b'<c r="C5"><f>1+1</f><v>2</v></c></row>'
           b'<row r="6"><c r="A6" t="inlineStr"><is><t>P2</t></is></c>'
           b'<c r="B6" t="inlineStr"><is><t>typed</t></is></c><c r="C6"><v>3</v></c></row>'
           b'<row r="7"><c r="A7" t="inlineStr"><is><t>P3</t></is></c><c r="C7"><v>4</v></c>'
           b'<c r="E7"><v>9</v></c></row>'
           b'<row r="8"><c r="C8"><v>5</v></c></row>'
           b'</sheetData></worksheet>')
    out = _strip_cells(xml, [_left(5, 7)])
    assert out is not None
    assert b'<c r="A4"' in out and b'<c r="C4"' in out  # the header row is whole
    assert b'<row r="5"' not in out  # nothing typed: the row goes
    assert b'<c r="A6"' in out and b'<c r="B6"' in out and b'<c r="C6"' not in out
    assert b'<c r="A7"' in out and b'<c r="E7"' in out and b'<c r="C7"' not in out
    assert b'<c r="C8"' in out  # below the table: untouched


def test_strip_leaves_out_only_the_cells_of_unread_bodies() -> None:
    """Of a table no reader looks inside, the cells of its data rows go; its header row, the
    cells beside and below it, and its rows (with any other cell in them) stay."""
    xml = (b'<worksheet><sheetData>'
           b'<row r="4"><c r="B4" t="inlineStr"><is><t>Year</t></is></c></row>'
           b'<row r="5"><c r="A5"><v>1</v></c><c r="B5"><v>2</v></c><c r="C5" s="3"/>'
           b'<c r="D5"><v>4</v></c></row>'
           b'<row r="6"><c r="B6"><f>B5+1</f><v>3</v></c></row>'
           b'<row r="7"><c r="B7"><v>5</v></c></row>'
           b'</sheetData></worksheet>')
    out = _strip_cells(xml, [], [(5, 6, frozenset({2, 3}))])
    assert out is not None
    assert b'<c r="B4"' in out and b'<c r="A5"' in out and b'<c r="D5"' in out
    assert b'<c r="B5"' not in out and b'<c r="C5"' not in out and b'<c r="B6"' not in out
    assert b'<row r="6"' in out and b'<c r="B7"' in out
    # rows out of order: a cell of another row inside the body's stretch of the part stays
    shuffled = (b'<worksheet><sheetData><row r="5"><c r="B5"><v>2</v></c></row>'
                b'<row r="9"><c r="B9"><v>9</v></c></row><row r="6"><c r="B6"><v>3</v></c>'
                b'</row></sheetData></worksheet>')
    out = _strip_cells(shuffled, [], [(5, 6, frozenset({2}))])
    assert out is not None and b'<c r="B9"' in out and b'<c r="B5"' not in out
    no_cell_address = (b'<worksheet><sheetData><row r="5"><c r="A5"><v>1</v></c><c><v>2</v>'
                       b'</c></row></sheetData></worksheet>')
    assert _strip_cells(no_cell_address, [], [(5, 6, frozenset({1}))]) is None


def test_no_body_is_left_out_of_a_sheet_whose_tables_overlap() -> None:
    """Excel repairs a file whose tables overlap; read as it is, a result table's cells may lie
    inside another's body, and capture reads them: that sheet keeps every cell."""
    from ratecalc_workbook.lean_read import _unread_bodies

    scenarios = layout.SCENARIOS_TABLE
    own = (f"A{scenarios.header_row}:K{scenarios.header_row + 6}", [f"c{i}" for i in range(11)])
    years = ("R5:AB35", [f"y{i}" for i in range(11)])
    apart = {scenarios.name: own, layout.SCENARIO_YEARS_TABLE.name: years}
    assert _unread_bodies(layout.SCENARIOS, apart) == [(6, 35, frozenset(range(18, 29)))]
    over = {scenarios.name: own, layout.SCENARIO_YEARS_TABLE.name: ("J5:T35", years[1])}
    assert _unread_bodies(layout.SCENARIOS, over) == []
    assert _unread_bodies(layout.TOTALS, {layout.PARETO_CODES_TABLE.name: ("H4:L4", ["a"] * 5)}
                          ) == []  # a table without data rows


def test_what_is_typed_around_tables_no_reader_looks_inside_is_found_as_in_a_full_load(
        demo_copy: Path) -> None:
    """The Scenarios' years and totals and the Totals' tables carry nothing of the user's: their
    data rows are not loaded, and a value typed beside them, between them or in them is found
    (or not) as a full load finds it."""
    from ratecalc_workbook.preserve import lost_cells

    wb = open_book(demo_copy)
    scenarios, totals = wb[layout.SCENARIOS], wb[layout.TOTALS]
    years = range_boundaries(scenarios.tables[layout.SCENARIO_YEARS_TABLE.name].ref)
    pareto = range_boundaries(totals.tables[layout.PARETO_CODES_TABLE.name].ref)
    scenarios.cell(row=years[1] + 2, column=years[0], value="typed in a year's row")
    scenarios.cell(row=3, column=years[2] + 2, value="a note far right")
    totals.cell(row=pareto[1] + 1, column=pareto[0] - 1, value="between the tables")
    totals.cell(row=pareto[1] + 1, column=pareto[0] + 1, value="typed in a code's row")
    wb.save(demo_copy)
    full = open_book(demo_copy)
    lean, _ = open_workbook(demo_copy, for_refresh=True)
    assert capture(lean) == capture(full)
    found = capture(full).outside
    assert "a note far right" in found[layout.SCENARIOS].values()
    assert "between the tables" in found[layout.TOTALS].values()
    assert "typed in a year's row" not in found[layout.SCENARIOS].values()
    assert len(lean[layout.SCENARIOS]._cells) < len(full[layout.SCENARIOS]._cells) / 3
    assert lost_cells(full, capture(full)) == lost_cells(full, capture(lean))


def test_a_letters_load_keeps_the_sheets_it_reads_whole_and_empties_the_others(
        demo_copy: Path, typed_content: bytes) -> None:
    from ratecalc_workbook.reader import (
        READ_SHEETS,
        loaded_once,
        proposal_from_workbook,
        read_negotiation_log,
        read_proposal,
        read_workbook,
        selected_payer,
    )

    demo_copy.write_bytes(typed_content)  # _typed_book(demo_copy)
    full = open_book(demo_copy)
    only = cells_only_of(demo_copy, READ_SHEETS)
    assert only is not None
    lean = open_book(only)
    assert lean.sheetnames == full.sheetnames
    spec = layout.PROPOSAL_TABLE
    formulas = {spec.col(c.key) for c in spec.columns if c.role == "formula"}
    for ws in full.worksheets:
        cells = {k: (c.value, c.data_type, c.number_format)
                 for k, c in lean[ws.title]._cells.items() if c.value is not None}
        if ws.title in READ_SHEETS:
            # but the Proposal's formula columns, which no reader reads
            assert cells == {k: (c.value, c.data_type, c.number_format)
                             for k, c in ws._cells.items() if c.value is not None
                             and not (ws.title == spec.sheet and k[0] > spec.header_row
                                      and k[1] in formulas)}, ws.title
            assert set(lean[ws.title].tables) == set(ws.tables), ws.title
            assert lean[ws.title].merged_cells.ranges == ws.merged_cells.ranges, ws.title
        else:  # nothing is left: no cells, tables or charts
            assert not cells and not lean[ws.title].tables and not lean[ws.title]._charts, \
                ws.title
    assert any(ws.tables for ws in full.worksheets if ws.title not in READ_SHEETS)
    assert any(ws._charts for ws in full.worksheets if ws.title not in READ_SHEETS)
    assert layout.COMPARISON not in READ_SHEETS and layout.PROPOSAL in READ_SHEETS
    # every part but the sheets' and their relationships' is the file's own, byte for byte; an
    # emptied sheet has no relationships left (its charts and tables are not parsed), a kept
    # one its tables' (its cells are compared above, in the form read fastest: _read_lean)
    with zipfile.ZipFile(demo_copy) as a, zipfile.ZipFile(only) as b:
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
        assert sorted(b.namelist()) == sorted(a.namelist())
        for sheet, part in sheet_parts(a):
            rels = relations_path(part)
            if rels in changed:
                kept = b.read(rels).count(b"relationships/table\"")
                assert kept == (a.read(rels).count(b"relationships/table\"")
                                if sheet in READ_SHEETS else 0), sheet
    assert changed and all(n.startswith(("xl/worksheets/sheet", "xl/worksheets/_rels/sheet"))
                           for n in changed)
    assert any(n.endswith(".rels") for n in changed)
    # what the letter's readers find is what they find in a full load
    alone = (read_workbook(demo_copy), read_proposal(demo_copy),
             read_negotiation_log(demo_copy), selected_payer(demo_copy))
    with loaded_once():
        shared = (read_workbook(demo_copy), read_proposal(demo_copy),
                  read_negotiation_log(demo_copy), selected_payer(demo_copy))
    (data_a, problems_a), (data_b, problems_b) = alone[0], shared[0]
    assert problems_a == problems_b and data_a is not None and data_b is not None
    for name in ("fee_schedules", "volumes", "contracts", "payers", "benchmarks"):
        assert getattr(data_a, name).equals(getattr(data_b, name)), name
    assert data_a.settings == data_b.settings and data_a.requested_rates == data_b.requested_rates
    assert alone[1][0].equals(shared[1][0]) and alone[1][1] == shared[1][1]
    assert not alone[1][0].empty
    # and what a full load gives
    whole = proposal_from_workbook(full, demo_copy.name, demo_copy)
    assert whole[0].equals(alone[1][0]) and whole[1] == alone[1][1]
    assert alone[2][0].equals(shared[2][0]) and alone[2][1] == shared[2][1]
    assert alone[3] == shared[3]


def test_only_a_plain_worksheet_is_emptied_for_a_letter() -> None:
    from ratecalc_workbook.lean_read import _EMPTIABLE

    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    assert _EMPTIABLE.search(b'<?xml version="1.0"?><worksheet ' + main
                             + b' xmlns:r="r"><dimension ref="A1"/><sheetData><row r="1"/>')
    assert _EMPTIABLE.search(b'<worksheet ' + main + b'><sheetData/></worksheet>')
    assert not _EMPTIABLE.search(b'<chartsheet ' + main + b'><drawing r:id="rId1"/>'
                                 b'</chartsheet>')
    assert not _EMPTIABLE.search(b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
                                 b'spreadsheetml/2006/main"><x:sheetData/></x:worksheet>')


def _shared_formula_filled_right(path: Path, sheet: str, table: str, source: str,
                                 target: str) -> str:
    """Make the ``source`` column's cell of ``table``'s first data row the master of a shared
    formula that the ``target`` column's cell (right of it) shares, as Excel writes a formula
    filled right; the ``target`` cell's address."""
    import re
    import zipfile

    from openpyxl.utils import get_column_letter

    from ratecalc.xlsx_parts import sheet_parts

    ws = open_book(path)[sheet]
    left, top, _, _ = range_boundaries(ws.tables[table].ref)
    columns = {ws.cell(row=top, column=c).value: c for c in range(left, ws.max_column + 1)}
    row = top + 1
    master = f"{get_column_letter(columns[source])}{row}"
    shared = f"{get_column_letter(columns[target])}{row}"
    with zipfile.ZipFile(path) as archive:
        part = dict(sheet_parts(archive))[sheet]
        parts = {info.filename: archive.read(info) for info in archive.infolist()}

    def cell(address: str) -> re.Pattern[bytes]:
        return re.compile(rb'<c r="' + address.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)

    xml = cell(shared).sub(b"", parts[part])
    assert cell(master).search(xml) is not None
    formula = (f'<c r="{master}"><f t="shared" ref="{master}:{shared}" si="90">'
               f'{get_column_letter(columns[source] - 1)}{row}*2</f></c>'
               f'<c r="{shared}"><f t="shared" si="90"/></c>').encode()
    parts[part] = cell(master).sub(lambda _: formula, xml, count=1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return shared


def test_a_shared_formula_whose_master_is_left_out_is_read_as_in_a_full_load(
        demo_copy: Path) -> None:
    """A formula filled right from a computed column into the Notes column is a shared formula
    whose master cell is a computed one: left out, the Notes cell was read as "=" alone, and
    refresh carried that over, the user's formula lost. A lean load reads it as a full one."""
    spec = layout.COMPARISON_TABLE
    notes = _shared_formula_filled_right(
        demo_copy, spec.sheet, spec.name, spec.spec("revenue").header,
        spec.spec("notes").header)
    full = open_book(demo_copy)
    lean, _ = open_workbook(demo_copy, for_refresh=True)
    assert str(full[spec.sheet][notes].value).endswith("*2")
    assert lean[spec.sheet][notes].value == full[spec.sheet][notes].value
    kept = capture(full).kept(spec)
    assert any(str(v.get("Notes")).endswith("*2") for v in kept.rows.values())
    assert capture(lean) == capture(full)


def test_a_shared_formula_left_out_whole_does_not_keep_the_sheet_whole() -> None:
    """Excel writes a column filled down as one shared formula: when all its cells are left out
    the sheet is still read lean; when one is kept without its master, the sheet is whole."""
    def sheet(beside: bytes) -> bytes:
        return (b'<worksheet><sheetData>'
                b'<row r="5"><c r="B5"><f t="shared" ref="B5:B6" si="0">A5*2</f><v>2</v></c>'
                + beside + b'</row>'
                b'<row r="6"><c r="B6"><f t="shared" si="0"/><v>4</v></c></row>'
                b'</sheetData></worksheet>')
    inside = _strip_cells(sheet(b""), [], [(5, 6, frozenset({2}))])
    assert inside is not None and b'<c r="B5"' not in inside and b'<c r="B6"' not in inside
    orphan = sheet(b'<c r="C5"><f t="shared" si="0"/><v>3</v></c>')
    assert _strip_cells(orphan, [], [(5, 6, frozenset({2}))]) is None


def test_a_letters_load_reads_its_sheets_without_what_no_reader_looks_at(
        demo_copy: Path) -> None:
    """The sheets a letter reads are given to openpyxl without their formats, validations,
    print settings and comments (which no reader looks at), and with their plain texts in the
    form openpyxl reads fastest: a sixth of the demo letter's load was openpyxl building an
    object of formatted text for each text written inline, and a twelfth those elements."""
    from ratecalc_workbook.reader import READ_SHEETS

    full = open_book(demo_copy)
    only = cells_only_of(demo_copy, READ_SHEETS)
    assert only is not None
    lean = open_book(only)
    proposal = full[layout.PROPOSAL]
    assert proposal.data_validations.dataValidation and proposal.conditional_formatting
    assert any(c.comment for row in full[layout.FEE_SCHEDULES].iter_rows() for c in row)
    for sheet in READ_SHEETS:
        ws = lean[sheet]
        assert not ws.data_validations.dataValidation and not ws.conditional_formatting, sheet
        assert not any(c.comment for row in ws.iter_rows() for c in row), sheet
    with zipfile.ZipFile(demo_copy) as a, zipfile.ZipFile(only) as b:
        for sheet, part in sheet_parts(a):
            if sheet not in READ_SHEETS:
                continue
            xml = b.read(part)
            tail = xml[xml.find(b"</sheetData>"):]
            assert not any(b"<" + name.encode() in tail for name in UNREAD), sheet
            assert b"<is><t>" in a.read(part) and b"<is><t>" not in xml, sheet


def _cell(text: bytes, address: bytes = b"A1", style: bytes = b' s="3"') -> bytes:
    return b'<c r="' + address + b'"' + style + b' t="inlineStr"><is>' + text + b"</is></c>"


def _sheet(cells: bytes) -> bytes:
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>")


def test_only_plain_inline_texts_are_written_as_values() -> None:
    plain = _plain_texts(_sheet(_cell(b"<t>Payer &amp; plan</t>")
                                + _cell(b'<t xml:space="preserve"> two  spaces </t>', b"B1")))
    assert plain == _sheet(b'<c r="A1" s="3" t="str"><v>Payer &amp; plan</v></c>'
                           b'<c r="B1" s="3" t="str"><v> two  spaces </v></c>')
    # formatted runs, phonetic text, an empty text, another attribute order: as they were
    for kept in (b"<r><t>bold</t></r>", b"<t>a</t><rPh sb=\"0\" eb=\"1\"><t>b</t></rPh>",
                 b"<t></t>", b"<t/>"):
        assert _plain_texts(_sheet(_cell(kept) + _cell(b"<t>x</t>", b"B1"))) \
            == _sheet(_cell(kept) + b'<c r="B1" s="3" t="str"><v>x</v></c>')
    # where one cell is not plain, the others are still written (one at a time)
    assert _plain_texts(_sheet(_cell(b"<t></t>") + _cell(b"<t>x</t>", b"B1"))) \
        == _sheet(_cell(b"<t></t>") + b'<c r="B1" s="3" t="str"><v>x</v></c>')
    # what looks like a cell inside CDATA is text: it stays so
    cdata = b'<c r="B1" t="str"><v><![CDATA[ t="inlineStr"><is><t>]]></v></c>'
    assert b"<![CDATA[ t=\"inlineStr\"><is><t>]]>" in (
        _plain_texts(_sheet(_cell(b"<t>x</t>") + cdata + _cell(b"<t>y</t></is></c>", b"C1")))
        or _sheet(cdata))
    other_order = b'<c t="inlineStr" r="A1"><is><t>x</t></is></c>'
    assert _plain_texts(_sheet(other_order)) is None  # a cell's address not first: whole
    # a namespace declared among the cells, or a text that is CDATA: the sheet as it is
    assert _plain_texts(_sheet(b'<c r="A1" t="inlineStr" xmlns="urn:x"><is><t>x</t></is></c>'
                               )) is None
    assert _plain_texts(_sheet(_cell(b"<t><![CDATA[<x>]]></t>"))) is None
    # a comment among the cells is no text of theirs: kept as it is
    assert _plain_texts(_sheet(_cell(b"<t>x</t>") + b"<!-- note -->")) \
        == _sheet(b'<c r="A1" s="3" t="str"><v>x</v></c><!-- note -->')
    assert _plain_texts(_sheet(b'<c r="A1" t="n"><v>1</v></c>')) is None  # nothing to write


_TEXTS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"
                               + "".join(chr(c) for c in range(1, 32) if c not in (9, 10))),
                 min_size=0, max_size=40)


@given(st.lists(_TEXTS, min_size=1, max_size=6))
def test_a_plain_text_written_as_a_value_reads_as_openpyxl_reads_it_inline(
        texts: list[str]) -> None:
    """Whatever the text (spaces, '&', '<', '>', quotes, any script, an empty one), a sheet
    given to a letter's reader holds the value and type openpyxl reads in the file itself."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Read"
    for i, text in enumerate(texts, start=1):
        ws.cell(row=i, column=1, value=text)
        ws.cell(row=i, column=2, value=i)
    wb.create_sheet("Other")["A1"] = "left out"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        wb.save(path)
        only = cells_only_of(path, ["Read"])
        assert only is not None
        full, lean = load_workbook(path)["Read"], load_workbook(only)["Read"]
    assert {k: (c.value, c.data_type) for k, c in lean._cells.items()} \
        == {k: (c.value, c.data_type) for k, c in full._cells.items()}


def test_a_relationship_still_referred_to_is_kept() -> None:
    """A header's picture (``legacyDrawingHF``) refers to its VML drawing as the comments'
    shapes do: that relationship stays; the comments' (named by no element) and a drawing's
    whose element was left out go."""
    rel = ('<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/{}" Target="x"/>')
    rels = ("<Relationships>" + rel.format("rId1", "comments") + rel.format("rId2", "vmlDrawing")
            + rel.format("rId3", "vmlDrawing") + rel.format("rId4", "table") + "</Relationships>"
            ).encode()
    xml = b'<worksheet><sheetData/><legacyDrawingHF r:id="rId3"/><tableParts/></worksheet>'
    assert _unreferenced_left_out(rels, xml) == (
        "<Relationships>" + rel.format("rId3", "vmlDrawing") + rel.format("rId4", "table")
        + "</Relationships>").encode()


def test_a_letters_load_that_fails_on_the_lean_copy_reads_the_file_itself(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lean copy is a speed-up, not a second judge of the file: were openpyxl to refuse it,
    the file is loaded as it is, and read as before."""
    from ratecalc_workbook import reader

    monkeypatch.setattr(reader, "cells_only_of", lambda path, sheets: io.BytesIO(b"PK no zip"))
    wb, _ = open_workbook(demo_copy, cells_of=reader.READ_SHEETS)
    assert wb[layout.PROPOSAL].tables and wb[layout.COMPARISON]._cells


def test_a_letters_load_leaves_out_the_proposals_formula_columns(demo_copy: Path) -> None:
    """The Proposal's formula columns ("Rate to ask" to "Annual impact") were a quarter of the
    demo letter's load, and no reader reads them: their data rows' cells are left out, the
    Proposal read as from a full load; a merge reaching the data rows keeps them."""
    from ratecalc_workbook.reader import READ_SHEETS, proposal_from_workbook, read_proposal

    spec = layout.PROPOSAL_TABLE
    formulas = [spec.col(c.key) for c in spec.columns if c.role == "formula"]
    assert len(formulas) == 5
    full = open_book(demo_copy)
    rows = range(spec.header_row + 1, full[spec.sheet].max_row + 1)
    only = cells_only_of(demo_copy, READ_SHEETS)
    assert only is not None
    lean = open_book(only)[spec.sheet]
    for col in formulas:
        assert str(full[spec.sheet].cell(row=spec.header_row + 1, column=col).value)[0] == "="
        assert all((row, col) not in lean._cells for row in rows)
        assert lean.cell(row=spec.header_row, column=col).value \
            == full[spec.sheet].cell(row=spec.header_row, column=col).value
    whole = proposal_from_workbook(full, demo_copy.name, demo_copy)
    read = read_proposal(demo_copy)
    assert whole[0].equals(read[0]) and whole[1] == read[1] and not read[0].empty

    # a merge over two cells of a data row: every cell kept
    wb = open_book(demo_copy)
    wb[spec.sheet].merge_cells(start_row=spec.header_row + 2, end_row=spec.header_row + 2,
                               start_column=formulas[-1] + 1, end_column=formulas[-1] + 2)
    wb.save(demo_copy)
    only = cells_only_of(demo_copy, READ_SHEETS)
    assert only is not None
    kept = open_book(only)[spec.sheet]
    assert all((spec.header_row + 1, col) in kept._cells for col in formulas)


# Inline texts in the forms writers other than openpyxl use, or a hand edit leaves: each one
# (a cell's address, its text, a second text) as XML. Whatever their mix, a sheet a letter reads
# must hold what a full load of the file reads.
_INLINE_FORMS = (
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t>{t}</t></is></c>',
    lambda a, t, u: f'<c r="{a}" s="1" t="inlineStr"><is><t xml:space="preserve">{t}</t></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr" s="1"><is><t>{t}</t></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><r><t>{t}</t></r><r><rPr><b/></rPr>'
                    f'<t>{u}</t></r></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t>{t}</t><rPh sb="0" eb="1"><t>{u}</t>'
                    f'</rPh></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t>{t}</t><phoneticPr fontId="1"/></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is/></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t/></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t></t></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"/>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t>{t}<!--x-->{u}</t></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t><!--x-->{t}</t></is></c>',
    lambda a, t, u: f'<c r="{a}" t="str"><v>{t}</v></c>',
    lambda a, t, u: f'<!--{t.replace("-", "_")}</t></is></c>-->',
    lambda a, t, u: f'<!--<c r="{a}" t="inlineStr"><is><t>{t.replace("-", "_")}</t></is></c>-->',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t>{t}<![CDATA[{u}]]></t></is></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><is><t>{t}</t></is><v>9</v></c>',
    lambda a, t, u: f'<c r="{a}" t="inlineStr"><f>1+1</f><is><t>{t}</t></is></c>',
)


@functools.cache
def _two_sheet_parts() -> tuple[tuple[zipfile.ZipInfo, bytes], ...]:
    """The parts of a new book of two sheets, "Read" (empty) and "Other" (A1 "left out"), as
    openpyxl saves it: the same for every example of the test below, which writes its own
    "Read" sheet into them (built and saved for each example, it was a third of the test's
    CPU)."""
    wb = Workbook()
    wb.active.title = "Read"
    wb.create_sheet("Other")["A1"] = "left out"
    saved = io.BytesIO()
    wb.save(saved)
    with zipfile.ZipFile(saved) as source:
        return tuple((info, source.read(info)) for info in source.infolist())


# the plain forms drawn as often as all others: a sheet whose every text is plain but one is
# written by bytes.replace, one text not plain by the regular expression
@given(st.lists(st.tuples(st.sampled_from([0, 1, 8]) | st.integers(0, len(_INLINE_FORMS) - 1),
                          _TEXTS, _TEXTS), min_size=1, max_size=6))
def test_inline_texts_in_any_form_read_for_a_letter_as_in_a_full_load(
        cells: list[tuple[int, str, str]]) -> None:
    """Rich runs, phonetic runs, an empty <is/> or <t/>, another attribute order, comments
    inside or between cells (one holding what ends a plain cell), CDATA: the cells a letter's
    load reads (from the lean copy, or from the file where openpyxl refuses the copy) are the
    full load's, value and type."""
    from xml.sax.saxutils import escape

    rows = "".join(
        f'<row r="{i}">' + _INLINE_FORMS[form](f"A{i}", escape(text),
                                               escape(second).replace("]]>", ""))
        + f'<c r="B{i}" t="inlineStr"><is><t>{escape(text)}</t></is></c></row>'
        for i, (form, text, second) in enumerate(cells, start=1))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="'
             'http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows
             + "</sheetData></worksheet>").encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        with zipfile.ZipFile(path, "w") as copy:
            for info, data in _two_sheet_parts():
                copy.writestr(info, sheet if info.filename == "xl/worksheets/sheet1.xml"
                              else data)
        try:  # openpyxl leaves a file it refuses open: this handle is closed anyway
            with path.open("rb") as handle:
                full = load_workbook(handle)["Read"]
        except Exception:  # a form openpyxl refuses in the file itself: nothing to compare
            return
        read = open_workbook(path, cells_of=["Read"])[0]["Read"]
    assert {k: (c.value, type(c.value), c.data_type) for k, c in read._cells.items()} \
        == {k: (c.value, type(c.value), c.data_type) for k, c in full._cells.items()}


def test_a_header_cell_written_twice_is_read_as_openpyxl_reads_it(demo_copy: Path) -> None:
    """openpyxl keeps the last of two cells written at one address: a Proposal header row
    whose "Rate to ask" cell is followed by another saying "Your rate" (and the old "Your rate"
    renamed) makes that column the one read for typed rates; its cells, formulas with no value
    kept, are warned of as in a full load, not left out by the first header."""
    from ratecalc_workbook.reader import proposal_from_workbook, read_proposal

    spec = layout.PROPOSAL_TABLE
    ask = get_column_letter(spec.col("requested_rate")).encode() + str(spec.header_row).encode()
    yours = get_column_letter(spec.col("override_rate")).encode() + str(spec.header_row).encode()
    with zipfile.ZipFile(demo_copy) as archive:
        part = dict(sheet_parts(archive))[spec.sheet]
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    cell = re.compile(rb'<c r="%s"[^>]*>.*?</c>' % ask, re.S)
    first = cell.search(parts[part])
    assert first is not None and b"Rate to ask" in first.group(0)
    twice = first.group(0) + first.group(0).replace(b"Rate to ask", b"Your rate")
    xml = parts[part][:first.start()] + twice + parts[part][first.end():]
    parts[part] = re.sub(rb'(<c r="%s"[^>]*>.*?)Your rate' % yours, rb"\1Old", xml, count=1,
                         flags=re.S)
    with zipfile.ZipFile(demo_copy, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    whole = proposal_from_workbook(open_book(demo_copy), demo_copy.name, demo_copy)
    read = read_proposal(demo_copy)
    assert whole[1] and whole[0].equals(read[0]) and whole[1] == read[1]


# Run by a python of its own: openpyxl's version faked before ratecalc_workbook reads it, and
# the ExcelReader the in-place read drives replaced by one that cannot read (as a release
# naming or opening its archive otherwise would). Prints the cells as _cells_text does.
_UNCOMPARED_LOAD = """
import sys
import openpyxl
openpyxl.__version__ = sys.argv[1]
from pathlib import Path
from ratecalc_workbook import reader
class Unlike:
    def __init__(self, *args, **kwargs):
        raise AttributeError("an ExcelReader unlike the compared releases'")
reader.ExcelReader = Unlike
wb, _ = reader.open_workbook(Path(sys.argv[2]), for_refresh=True)
print(repr(sorted((ws.title, k, repr(c.value)) for ws in wb.worksheets
                  for k, c in ws._cells.items())))
"""


def _cells_text(path: Path) -> str:
    wb, _ = open_workbook(path, for_refresh=True)
    return repr(sorted((ws.title, k, repr(c.value)) for ws in wb.worksheets
                       for k, c in ws._cells.items()))


@pytest.mark.parametrize("version", ["3.2.0", "4.0.0", "3.1.6"])
def test_an_openpyxl_not_compared_loads_the_lean_copy_written_out(
        demo_copy: Path, version: str) -> None:
    """The lean copy is read in place through openpyxl's ExcelReader's archive, not a public
    API: under a release not compared (a later one) the copy is written out and loaded by
    load_workbook, to the same cells, and ExcelReader is never driven (an ExcelReader of another
    shape stopped every refresh with "cannot open it as an Excel workbook")."""
    out = subprocess.run([sys.executable, "-c", _UNCOMPARED_LOAD, version, str(demo_copy)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    # the last line: openpyxl 3.1.0 prints each sheet's title as it reads it
    assert out.stdout.strip().splitlines()[-1] == _cells_text(demo_copy)


def test_the_installed_openpyxl_reads_the_lean_copy_in_place() -> None:
    """The compared releases (the one the suite runs under among them) read it in place: a
    version check that turned it off would cost every refresh the copy written out."""
    assert openpyxl.__version__ not in READ_IN_PLACE_OPENPYXL or READS_IN_PLACE
    assert "3.1.5" in READ_IN_PLACE_OPENPYXL


def test_a_book_written_over_while_read_in_place_is_refused_as_changed(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lean copy is read from the file as openpyxl goes: a program writing the file over in
    place meanwhile (not by a rename: Excel's own save keeps the old file's bytes for a reader)
    left a package whose directory points at the other file's bytes. Refresh said the workbook
    was not one ("cannot open it as an Excel workbook (Bad magic number for file header)"); it
    reads the file as it is now, and refuses to save over it as changed by another program, as
    when the change comes after the read."""
    from ratecalc_workbook import reader
    from ratecalc_workbook.safety import WorkbookBusy

    other = demo_copy.with_name("other.xlsx")
    shutil.copyfile(demo_copy, other)
    wb = open_book(other)
    wb[layout.CLINIC_SHEET]["A1"].value = "Written over"
    wb.save(other)
    made = reader.lean_parts if reader.READS_IN_PLACE else reader.lean_source

    def written_over(path: Path) -> object:
        found = made(path)
        with open(path, "r+b") as handle:  # the same file, not another put in its place
            handle.truncate(0)
            handle.write(other.read_bytes())
        return found

    monkeypatch.setattr(reader, "lean_parts", written_over)
    monkeypatch.setattr(reader, "lean_source", written_over)
    with pytest.raises(WorkbookBusy, match="changed by another program"):
        refresh_workbook(demo_copy, now=NOW)
    assert demo_copy.read_bytes() == other.read_bytes()  # nothing saved over it
