"""Load a workbook for refresh without parsing the result cells that refresh rebuilds anyway.

Refresh drops every result sheet and writes it again; what it reads from the old ones is small:
each result table's header row, and the key cells and entries of the rows where the user typed
something (``Your rate``, ``Notes``, columns the user added), besides the cells outside the
tables (:mod:`ratecalc_workbook.preserve`). In a workbook of 40 payers
x 300 codes the computed columns of the Comparison and Proposal tables are most of the file's
cells, and openpyxl spends most of its load parsing them.

:func:`lean_parts` gives openpyxl the package with those computed cells left out of the result
sheets' XML, with the empty cells and the rows the user typed nothing in (every other part, and
every other cell, byte for byte as it was), read from the file itself with the lean parts in
place of the file's (:class:`PartsReplaced`); :func:`lean_source` writes the same as a package
of its own.
Anything unexpected (a table part missing, a cell or row tag not in the writers' plain form,
address first, a prefixed namespace, CDATA or a comment among the cells, a kept cell sharing
the formula of a cell left out) leaves that sheet whole; :func:`lean_matches`
checks after loading that each table's headers are the ones its columns were chosen by, else
the caller loads the file in full.

What else a result sheet holds that refresh never reads is left out too (:data:`UNREAD`): its
conditional formats, data validations, print settings, comments and charts, all of which
refresh writes anew with the sheet. openpyxl parsed them into objects (the Dashboard's charts,
the notes on the tables' headers) only for refresh to drop them with the sheet. Its cells,
tables, column widths, merged cells and protection stay; but the cells of a sheet refresh never
reads one of (:data:`CELLS_UNREAD`, when it holds no table) are left out as well, and so are the
data rows of RateCalc's tables on a result sheet that carry nothing of the user's (the
Scenarios' years and totals, the Totals' sums per payer and codes by volume:
:func:`_unread_bodies`), which no reader looks inside while no column of the user's stands in
or beside them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import IO, Literal, cast
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.workbook.workbook import Workbook

from ratecalc.deferred_pattern import deferred
from ratecalc.frozen_record import frozen_record
from ratecalc.xlsx_parts import relations, relations_path, sheet_parts
from ratecalc_workbook import layout

# The writers RateCalc meets (openpyxl, Excel, LibreOffice) put a cell's address first; a sheet
# where any cell or row does not is left whole. A cell's content cannot hold "</c>" (text in XML
# is escaped; a sheet with CDATA, whose text is not, is left whole), so a cell ends at the first
# one.
_ROW = re.compile(rb'<row r="([0-9]+)"')
# A cell or row tag not in the plain form the patterns below find: its address not its first
# attribute (or none), a newline or tab after its name (XML allows any white space there), or a
# closing tag with a space before its ">" (the cell would run on to the next cell's "</c>");
# or CDATA, a comment or an instruction, whose text may read as tags ("<c r=...>" unescaped).
# One search of a sheet's cells, where counting each kind of tag took seven passes.
_UNADDRESSED = re.compile(rb'<(?:c(?:[\t\n\r/>]| (?!r="))|row(?:[\t\n\r/>]| (?!r="))'
                          rb'|/(?:c|row)\s|[!?])')
# A cell or row with a namespace prefix ("<x:c r=..."), which openpyxl reads as any other: a
# search for ":c" alone, apart, is faster than one for every tag's possible prefix
_PREFIXED = re.compile(rb':(?:c|row)[\s/>]')
# An element's start tag, from after its address to its '>' (none inside: the first ends it),
# the element ending there where a '/' precedes it; else its content, to the first end tag
# ``</NAME>``. The matches of a lazy ``[^>]*?(?:/>|>.*?</NAME>)`` (re.S), found with no
# backtracking: the regular-expression engine tried the lazy form's end at every byte of a
# cell, about half of the lean copy's instructions.
def _rest_of(name: bytes) -> bytes:
    return (rb'[^>]*+(?:(?<=/)>|>[^<]*+(?:<(?!/' + name + rb'>)[^<]*+)*+</' + name + rb'>)')


_ROW_ELEMENT = re.compile(rb'<row r="[0-9]+"' + _rest_of(b"row"))
# A cell without a value: no <v>, <f> or <is> inside (self-closing or empty).
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]+"[^>]*+(?:(?<=/)>|></c>)')
# A worksheet of the main namespace, unprefixed, can be replaced by an empty one; a chartsheet
# or a prefixed part is left as it is.
_EMPTIABLE = re.compile(rb'<worksheet [^>]*xmlns="http://schemas.openxmlformats.org/'
                        rb'spreadsheetml/2006/main"[^>]*>.*?<sheetData[ />]', re.S)
_EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetData/></worksheet>')
_NO_RELATIONS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'relationships"/>')
#: The elements after a result sheet's cells that refresh never reads (the sheet is rewritten
#: whole): each one empty (``<pageSetup .../>``) or holding children (no two of a kind nest).
UNREAD = ("conditionalFormatting", "dataValidations", "printOptions", "pageMargins",
          "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "ignoredErrors", "drawing",
          "legacyDrawing")
_UNREAD_ELEMENT = re.compile(rb"<(" + "|".join(UNREAD).encode("ascii")
                             + rb")\b(?:[^>]*?/>|[^>]*?(?<!/)>.*?</\1>)", re.S)
#: The relationships of those elements: the comments (and their VML shapes) and the drawing.
_UNREAD_RELATION = re.compile(
    rb'<Relationship\b[^>]*?\bType="http://schemas\.openxmlformats\.org/officeDocument/'
    rb'2006/relationships/(?:comments|vmlDrawing|drawing)"[^>]*?/>')


@frozen_record
class LeftOut:
    """What is left out of one result table's data rows ``first``..``last``: the cells of its
    ``computed`` columns, empty cells, and whole rows where nothing but the ``keys`` columns
    holds a value (no user entry to carry over).

    ``headers`` maps each of the table's columns to the header its table part gives it: the
    loaded sheet is checked against it (:func:`lean_matches`).
    """

    sheet: str
    table: str
    header_row: int
    first: int
    last: int
    computed: frozenset[int]
    keys: frozenset[int]
    headers: dict[int, str]


def _table_parts(archive: zipfile.ZipFile, sheet_part: str) -> dict[str, tuple[str, list[str]]]:
    """Table name -> (ref, column names) of the tables on a sheet."""
    out = {}
    names = set(archive.namelist())
    for target in relations(archive, sheet_part).values():
        if "/tables/" not in target or target not in names:
            continue
        root = ElementTree.fromstring(archive.read(target))
        columns = [c.get("name", "") for c in root.iter() if c.tag.endswith("}tableColumn")]
        name = root.get("displayName") or root.get("name") or ""
        out[name] = (root.get("ref", ""), columns)
    return out


def _left_out(sheet: str, tables: dict[str, tuple[str, list[str]]]) -> list[LeftOut] | None:
    """What can be left out of one result sheet, its ``tables`` (:func:`_table_parts`); None
    when the sheet must be read whole."""
    found = []
    for spec in layout.RESULT_TABLES:
        if spec.sheet != sheet:
            continue
        if spec.name not in tables:
            return None  # a table turned into a range: capture reads it by position, whole
        ref, columns = tables[spec.name]
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            return None
        if min_col is None or min_row is None or max_row is None or max_col is None:
            return None
        if len(columns) != max_col - min_col + 1:
            return None
        managed = spec.managed
        key_headers = {spec.spec(k).header for k in spec.key}
        headers = {min_col + j: name for j, name in enumerate(columns)}
        keys = frozenset(c for c, name in headers.items() if name in key_headers)
        if not spec.key or len(keys) != len(spec.key):
            return None  # capture cannot key this table's rows: it keeps nothing from it
        computed = frozenset(c for c, name in headers.items() if name in managed
                             and managed[name].role != "user" and c not in keys)
        if max_row > min_row:
            found.append(LeftOut(sheet, spec.name, min_row, min_row + 1, max_row, computed,
                                 keys, headers))
    return found


def _row_start(body: bytes, row: int, after: int = 0) -> int:
    """Offset in ``body`` of the first ``<row`` numbered ``row`` or more (``len(body)`` if none)."""
    for match in _ROW.finditer(body, after):
        if int(match.group(1)) >= row:
            return match.start()
    return len(body)


def _alternatives(columns: frozenset[int]) -> bytes:
    return b"|".join(sorted(get_column_letter(c).encode("ascii") for c in columns))


def _cells_in(columns: frozenset[int]) -> re.Pattern[bytes]:
    """A cell of one of ``columns``, whole, its row number the group ``row`` (a cell ends at
    its first ``</c>``: see _ROW)."""
    return re.compile(rb'<c r="(?:' + _alternatives(columns) + rb')(?P<row>[0-9]+)"'
                      + _rest_of(b"c"))


def _lean_rows(rows: bytes, out: LeftOut) -> bytes:
    """The data rows of one table with only the cells :class:`LeftOut` keeps."""
    if out.computed:
        rows = _cells_in(out.computed).sub(b"", rows)
    rows = _EMPTY_CELL.sub(b"", rows)
    # A row keeps its key cells only when another cell (a user entry) is left in it.
    other = re.compile(rb'<c r="(?!(?:' + _alternatives(out.keys) + rb')[0-9])')
    return _ROW_ELEMENT.sub(lambda m: m.group(0) if other.search(m.group(0)) else b"", rows)


#: A table body no reader looks inside: its data rows ``first``..``last``, its ``columns``.
Body = tuple[int, int, frozenset[int]]


def _addressed_cells(xml: bytes) -> tuple[int, int] | None:
    """Where the cells of ``xml`` begin and end, when every cell and row in it gives its
    address first; None when the sheet must stay whole."""
    begin, end = xml.find(b"<sheetData>"), xml.find(b"</sheetData>")
    if begin < 0 or end < begin:
        return None  # no plain <sheetData> (a namespace prefix): leave the sheet as it is
    begin += len(b"<sheetData>")
    if _UNADDRESSED.search(xml, begin, end) is not None \
            or _PREFIXED.search(xml, begin, end) is not None:
        return None  # a cell or row without its address first: positions depend on each one
    return begin, end


def _strip_cells(xml: bytes, leave_out: list[LeftOut], bodies: Sequence[Body] = ()
                 ) -> bytes | None:
    """``xml`` without the cells ``leave_out`` names and those of ``bodies``
    (:func:`_unread_bodies`); None when the sheet must stay whole."""
    found = _addressed_cells(xml)
    if found is None:
        return None
    begin, end = found
    body = _without_bodies(xml[begin:end], bodies)
    spans = sorted(leave_out, key=lambda out: out.first)
    if any(a.last >= b.first for a, b in zip(spans, spans[1:], strict=False)):
        return None  # tables side by side: their columns differ row by row; keep all
    pieces, at = [], 0
    for out in spans:
        start = _row_start(body, out.first, at)
        stop = _row_start(body, out.last + 1, start)
        pieces += [body[at:start], _lean_rows(body[start:stop], out)]
        at = stop
    pieces.append(body[at:])
    lean = b"".join(pieces)
    if _orphaned_shared_formula(xml[begin:end], lean):
        return None
    return xml[:begin] + lean + xml[end:]


# A formula tag's attributes; of a shared formula, its group and (its master's) range.
_FORMULA_TAG = re.compile(rb"<f\b([^>]*)>")
_SHARED_GROUP = re.compile(rb'\bsi="([0-9]+)"')


def _shared_formulas(body: bytes) -> tuple[set[bytes], set[bytes]]:
    """The groups of the shared formulas in ``body``: those whose master cell is in it, and
    those with another cell in it."""
    masters: set[bytes] = set()
    others: set[bytes] = set()
    for attributes in _FORMULA_TAG.findall(body):
        if b't="shared"' not in attributes:
            continue
        group = _SHARED_GROUP.search(attributes)
        if group is not None:
            (masters if b"ref=" in attributes else others).add(group.group(1))
    return masters, others


def _orphaned_shared_formula(body: bytes, lean: bytes) -> bool:
    """Whether ``lean`` (``body`` with cells left out) holds a cell of a shared formula whose
    master cell was left out: openpyxl reads such a cell as "=" alone. Excel writes a formula
    filled from a table's cell to beside the table so, and the user's formula was lost."""
    if b't="shared"' not in body:
        return False
    before, _ = _shared_formulas(body)
    after, others = _shared_formulas(lean)
    return bool((before - after) & others)


def _unread_bodies(sheet: str, tables: dict[str, tuple[str, list[str]]], xml: bytes = b""
                   ) -> list[Body]:
    """The data rows of RateCalc's own ``tables`` (:func:`_table_parts`) on the result sheet
    ``sheet`` (by their names, for that sheet) that carry nothing of the user's (not
    :data:`layout.RESULT_TABLES`, not a table a reader looks for on any sheet).

    Refresh rebuilds them with the sheet; capturing what the user typed skips every cell inside
    a table (:func:`ratecalc_workbook.preserve.capture`) and stops a result table's columns at
    another table's edge (:func:`~ratecalc_workbook.preserve.capture_table`). Their header rows
    stay. None are given when a result table of the sheet is not a table (capture then reads
    it by position, down to the sheet's last row). Nor the body of a table the user added a
    column to (:data:`layout.BESIDE_ONLY_TABLES`): one its part lists more columns of than
    RateCalc writes, or one with a cell right beside its header in the sheet's ``xml`` (a
    header typed there, which capture keeps by the rows' keys inside the body).
    """
    read = {spec.name for spec in layout.RESULT_TABLES}
    if any(spec.sheet == sheet and spec.name not in tables for spec in layout.RESULT_TABLES):
        return []
    areas = {}
    for name, (ref, columns) in tables.items():
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            return []
        if min_col is None or min_row is None or max_col is None or max_row is None \
                or len(columns) != max_col - min_col + 1:
            return []  # a range its part does not list the columns of: left as it is
        areas[name] = (min_col, min_row, max_col, max_row)
    bodies = []
    for name, (left, top, right, bottom) in areas.items():
        spec = layout.TABLES_BY_NAME.get(name)
        if spec is None or spec.sheet != sheet or name in read or _looked_for(name) \
                or bottom <= top:
            continue  # the user's own table, or one a reader looks inside
        if len(tables[name][1]) > len(spec.columns) or (
                f'<c r="{get_column_letter(right + 1)}{top}"'.encode("ascii") in xml):
            continue  # a column of the user's in it or beside it: capture reads its keys
        if any(left <= r and le <= right and top < b and t <= bottom
               for other, (le, t, r, b) in areas.items() if other != name):
            return []  # tables overlapping (Excel repairs such a file): a reader's cells too
        bodies.append((top + 1, bottom, frozenset(range(left, right + 1))))
    return bodies


def _without_bodies(body: bytes, bodies: Sequence[Body]) -> bytes:
    """A sheet's cells (``body``) without those of ``bodies``: their rows stay, with any other
    cell in them."""
    for first, last, columns in bodies:
        start = _row_start(body, first)
        stop = _row_start(body, last + 1, start)

        def inside(cell: re.Match[bytes], first: int = first, last: int = last) -> bytes:
            # rows out of order keep what is not the body's (they never do, in the writers)
            return b"" if first <= int(cell.group("row")) <= last else cell.group(0)

        body = body[:start] + _cells_in(columns).sub(inside, body[start:stop]) + body[stop:]
    return body


#: Result sheets none of whose cells refresh reads: the Dashboard holds no table of the
#: user's, and what is typed on it is not looked for (``preserve.CHECKED_SHEETS``).
CELLS_UNREAD: tuple[str, ...] = (layout.DASHBOARD,)


def _without_cells(xml: bytes) -> bytes | None:
    """``xml`` with its ``<sheetData>`` emptied; None when it has no plain one."""
    begin, end = xml.find(b"<sheetData>"), xml.find(b"</sheetData>")
    if begin < 0 or end < begin:
        return None
    return xml[:begin + len(b"<sheetData>")] + xml[end:]


def _without_unread(xml: bytes) -> bytes | None:
    """A result sheet's ``xml`` without the elements after its cells that refresh never reads
    (:data:`UNREAD`); None when it has none or is not a plain worksheet."""
    end = xml.find(b"</sheetData>")
    if end < 0 or not _EMPTIABLE.search(xml):
        return None  # no plain <sheetData> (a namespace prefix, a chartsheet): as it is
    tail = _UNREAD_ELEMENT.sub(b"", xml[end:])
    return xml[:end] + tail if len(tail) < len(xml) - end else None


#: The openpyxl releases whose reader was seen reading a :class:`PartsReplaced` package as its
#: own (``reader._load_to_save`` sets the archive of openpyxl's ``ExcelReader``, not a public
#: API): the demo, an .xlsm and a LibreOffice-saved book loaded to the same cells and VBA parts
#: as from the lean copy written out. Another release, a later one above all, may name or open
#: its archive otherwise (every refresh would then stop as "cannot open it as an Excel
#: workbook"), so its lean copy is written out and loaded by ``load_workbook``
#: (:func:`lean_source`). Add a release here once tests/workbook/test_lean_read.py passes
#: under it.
READ_IN_PLACE_OPENPYXL = frozenset({"3.1.0", "3.1.2", "3.1.5"})
#: Whether the installed openpyxl reads the lean copy in place (:data:`READ_IN_PLACE_OPENPYXL`).
READS_IN_PLACE = openpyxl.__version__ in READ_IN_PLACE_OPENPYXL


class PartsReplaced(zipfile.ZipFile):
    """A workbook package read from its file with some parts' bytes (``replaced``, by name)
    read in place of the file's: :func:`lean_parts`' lean copy as openpyxl reads it, without a
    zip of every part written again for it (a fifth of the lean copy's instructions)."""

    def __init__(self, file: Path, replaced: dict[str, bytes] | None = None) -> None:
        super().__init__(file)
        self.replaced: dict[str, bytes] = replaced or {}

    def open(self, name: str | zipfile.ZipInfo, mode: Literal["r", "w"] = "r",
             pwd: bytes | None = None, *, force_zip64: bool = False) -> IO[bytes]:
        data = (self.replaced.get(name.filename if isinstance(name, zipfile.ZipInfo) else name)
                if mode == "r" else None)
        if data is None:
            return super().open(name, mode, pwd, force_zip64=force_zip64)
        return io.BytesIO(data)  # read() reads through open(): it gives these bytes too


def _open_package(path: Path, kind: type[zipfile.ZipFile] = zipfile.ZipFile
                  ) -> zipfile.ZipFile | None:
    """The workbook package at ``path`` (opened as ``kind``), or None when it is not one (the
    caller loads the file itself and gets openpyxl's own error)."""
    try:
        archive = kind(path)
    except (OSError, zipfile.BadZipFile):
        return None
    if "xl/workbook.xml" not in archive.namelist():
        archive.close()
        return None
    return archive


def _with_parts(archive: zipfile.ZipFile, replaced: dict[str, bytes] | None = None
                ) -> io.BytesIO:
    """The package with the ``replaced`` parts swapped in (each part as ``archive`` reads it:
    a :class:`PartsReplaced`' own). Stored, not compressed: openpyxl reads it once, at once,
    from memory."""
    replaced = replaced or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            data = replaced.get(info.filename)
            copy.writestr(info.filename, archive.read(info) if data is None else data)
    out.seek(0)
    return out


def lean_source(path: Path) -> tuple[io.BytesIO, list[LeftOut]] | None:
    """:func:`lean_parts`' package written as a package of its own (in memory), and what was
    left out; None when nothing can be."""
    found = lean_parts(path)
    if found is None:
        return None
    with found[0] as archive:
        return _with_parts(archive), found[1]


def lean_parts(path: Path) -> tuple[PartsReplaced, list[LeftOut]] | None:
    """The package at ``path``, open, read with the result tables' computed cells left out,
    and what was left out; None when nothing can be (the caller loads the file itself). The
    caller closes it."""
    archive = cast(PartsReplaced | None, _open_package(path, PartsReplaced))
    if archive is None:
        return None
    try:
        names = set(archive.namelist())
        replaced: dict[str, bytes] = {}
        left: list[LeftOut] = []
        for sheet, part in sheet_parts(archive):
            if sheet not in layout.RESULT_SHEETS:
                continue
            xml = archive.read(part)
            tables = _table_parts(archive, part)
            if sheet in CELLS_UNREAD and not tables:
                stripped = _without_cells(xml)
                if stripped is not None:
                    xml = replaced[part] = stripped
            leave_out = _left_out(sheet, tables)
            bodies = _unread_bodies(sheet, tables, xml) if leave_out is not None else []
            if leave_out or bodies:
                stripped = _strip_cells(xml, leave_out or [], bodies)
                if stripped is not None:
                    xml = replaced[part] = stripped
                    left += leave_out or []
            unread = _without_unread(xml)
            if unread is None:
                continue
            replaced[part] = unread
            rels = relations_path(part)
            if rels in names:
                replaced[rels] = _UNREAD_RELATION.sub(b"", archive.read(rels))
    except BaseException:
        archive.close()
        raise
    if not replaced:
        archive.close()
        return None
    archive.replaced = replaced
    return archive, left


def lean_matches(wb: Workbook, left: list[LeftOut]) -> bool:
    """True when each table on the loaded sheet sits where its table part said, under the
    headers it gave (so the cells were chosen by the columns capture will find)."""
    for out in left:
        ws = wb[out.sheet]
        table = ws.tables.get(out.table)
        if table is None or range_boundaries(table.ref)[1] != out.header_row:
            return False
        for col, header in out.headers.items():
            value = ws.cell(row=out.header_row, column=col).value
            if value is None or str(value).strip() != header.strip():
                return False
    return True


def _looked_for(table: str) -> bool:
    """Whether a reader looks for the table named ``table`` on a sheet of any name."""
    return layout.is_proposal_table(table) or table == layout.NEGOTIATION_LOG_TABLE.name


def cells_only_of(path: Path, sheets: Collection[str]) -> io.BytesIO | None:
    """The package at ``path`` with every worksheet not in ``sheets`` left empty (its part an
    empty worksheet, its relationships none: no cells, tables, charts, comments or formats to
    parse), for a reader that looks at those sheets only and never saves; None when nothing can
    be left out. A sheet holding a Proposal table (a Proposal sheet renamed,
    :func:`ratecalc_workbook.layout.is_proposal_table`) is kept too: its typed rates are looked
    for (reader.renamed_proposal); so is one holding the Negotiation Log's table (its rows are,
    reader.missing_negotiation_log).

    A kept sheet holds the same cells, values and formats, but is read faster
    (:func:`_read_lean`): without what no reader looks at after its cells (:data:`UNREAD`:
    formats, validations, print settings, comments, drawings), and with each plain text written
    inline (``<is><t>text</t></is>``, as openpyxl saves text) written as the formula-text form
    openpyxl reads to the same value and type at a fraction of the cost. Every other part is
    byte for byte the file's own.

    A letter reads the input tables, the Proposal sheet and the Negotiation Log; the other
    result sheets (the Comparison table of every payer and code above all) were most of what
    its load parsed, and their charts and tables a good part of the rest.
    """
    archive = _open_package(path)
    if archive is None:
        return None
    with archive:
        names = set(archive.namelist())
        replaced: dict[str, bytes] = {}
        for sheet, part in sheet_parts(archive):
            kept = sheet in sheets
            tables = (_table_parts(archive, part) if not kept or sheet == layout.PROPOSAL
                      else {})
            if kept or any(map(_looked_for, tables)):
                lean = _read_lean(archive.read(part), tables)
                if lean is not None:
                    replaced[part] = lean
                    rels = relations_path(part)
                    if rels in names:
                        replaced[rels] = _unreferenced_left_out(archive.read(rels), lean)
                continue
            xml = archive.read(part)
            if not _EMPTIABLE.search(xml):
                continue  # a chartsheet, or a namespace prefix: leave it as it is
            replaced[part] = _EMPTY_SHEET
            rels = relations_path(part)
            if rels in names:
                replaced[rels] = _NO_RELATIONS
        return _with_parts(archive, replaced) if replaced else None


# A cell of text written inline in its plainest form (openpyxl's, Excel's): its address, at
# most a style, then one <t> of text without markup. The text can hold no '<' (escaped in XML;
# CDATA and comments leave the sheet as it is: _addressed_cells). Needed only where some inline
# text is not so written: compiled then.
_INLINE_TEXT = deferred(rb'(<c r="[A-Z]{1,3}[0-9]+"(?: s="[0-9]+")?) t="inlineStr">'
                        rb'<is><t(?: xml:space="preserve")?>([^<]+)</t></is></c>')
# The same cells' parts, as bytes.replace finds them where every inline cell is so written.
_TEXT_STARTS = (b' t="inlineStr"><is><t>', b' t="inlineStr"><is><t xml:space="preserve">')
_TEXT_END = b"</t></is></c>"
_EMPTY_INLINE = (b' t="inlineStr"></c>', b' t="inlineStr"/>')


def _plain_texts(xml: bytes) -> bytes | None:
    """``xml`` with each cell of plain inline text (:data:`_INLINE_TEXT`) written ``t="str"``
    with its text as the value; None when the sheet is left as it is.

    openpyxl (3.1) reads both to the same text cell (type "s", the text as written; an empty
    text is not rewritten, since the two read it differently: "" and None), but builds an
    object of formatted text for each inline one, which was about a sixth of a letter's load of
    the demo workbook. A sheet that declares a namespace among its cells (``<v>`` would not be
    the cell's value) or whose default one is not SpreadsheetML's is left whole.
    """
    begin, end = xml.find(b"<sheetData>"), xml.find(b"</sheetData>")
    if begin < 0 or end < begin or not _EMPTIABLE.search(xml):
        return None
    body = xml[begin:end]
    if b"inlineStr" not in body or b"xmlns" in body:
        return None
    # CDATA is text: what looks like a cell inside it is no cell, and is not replaced
    preserve = b"xml:space" in body
    starts = body.count(_TEXT_STARTS[0]) + (body.count(_TEXT_STARTS[1]) if preserve else 0)
    if (starts and b"<![CDATA[" not in body
            and body.count(b"<t") == body.count(_TEXT_END) == starts
            and body.count(b"inlineStr") == starts + sum(map(body.count, _EMPTY_INLINE))
            and b"></t></is></c>" not in body and b"<t><" not in body
            and not (preserve and b'<t xml:space="preserve"><' in body)):
        # every inline cell is plain: its <is> holds one <t>, the only ones, each ending its
        # cell, none empty or beginning with anything but text (the same .text either way; a
        # comment or CDATA inside is read alike in both): three replaces write them, in C
        for start in _TEXT_STARTS:
            body = body.replace(start, b' t="str"><v>')
        return xml[:begin] + body.replace(_TEXT_END, b"</v></c>") + xml[end:]
    found = _addressed_cells(xml)
    if found is None:
        return None
    begin, end = found
    lean = _INLINE_TEXT().sub(rb'\1 t="str"><v>\2</v></c>', xml[begin:end])
    return xml[:begin] + lean + xml[end:]


def _read_lean(xml: bytes, tables: dict[str, tuple[str, list[str]]]) -> bytes | None:
    """A kept sheet's ``xml`` as :func:`cells_only_of` gives it to a reader: the same cells,
    without :data:`UNREAD`'s elements and with plain inline texts as :func:`_plain_texts`
    writes them, and without the Proposal tables' formula columns among its ``tables``
    (:func:`_without_formulas`); None when nothing changes."""
    texts = _plain_texts(xml)
    lean = texts if texts is not None else xml
    formulas = _without_formulas(lean, tables)
    lean = formulas if formulas is not None else lean
    unread = _without_unread(lean)
    return unread if unread is not None else lean if lean is not xml else None


#: The headers of the Proposal's columns that hold the sheet's own formulas ("Rate to ask" to
#: "Annual impact"), now or before a rename: no reader reads them (the reader computes the rate
#: to ask itself, reader.proposal_from_workbook).
PROPOSAL_FORMULAS = frozenset(header for header, column in layout.PROPOSAL_TABLE.managed.items()
                              if column.role == "formula")
# A header cell as _plain_texts writes a plain text (or openpyxl a formula's text).
_HEADER_TEXT = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"(?: s="[0-9]+")? t="str"><v>([^<&]*)'
                          rb'</v></c>')
_MERGE_REF = re.compile(rb'<mergeCell ref="([^"]*)"')


def _without_formulas(xml: bytes, tables: dict[str, tuple[str, list[str]]]) -> bytes | None:
    """``xml`` without the data rows' cells of each Proposal table's formula columns
    (:data:`PROPOSAL_FORMULAS`), found by their header cells as a reader reads them (a plain
    text in the sheet itself: a header kept in the shared texts keeps its column); None when
    none is left out. A merge reaching the table's data rows (a merged cell holds no value
    where another one's value covers it) or a kept cell sharing a formula of one left out
    (:func:`_strip_cells`) leaves the sheet whole; a header cell written twice (openpyxl reads
    the last, whatever its form) keeps its table's columns."""
    found = []
    for name, (ref, _) in tables.items():
        if not layout.is_proposal_table(name):
            continue
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if min_col is None or min_row is None or max_col is None or max_row is None \
                or max_row <= min_row:
            continue
        start = _row_start(xml, min_row)
        header = xml[start:_row_start(xml, min_row + 1, start)]
        addresses = re.findall(rb'<c r="([A-Z]{1,3})' + str(min_row).encode("ascii") + rb'"',
                               header)
        if len(addresses) != len(set(addresses)):
            continue  # a header cell written twice: openpyxl reads the last, of any form
        computed = frozenset(
            col for letter, row, text in _HEADER_TEXT.findall(header)
            if int(row) == min_row and min_col <= (col := column_index_from_string(
                letter.decode("ascii"))) <= max_col
            and text.decode("utf-8", "replace").strip() in PROPOSAL_FORMULAS)
        if computed:
            found.append(LeftOut(layout.PROPOSAL, name, min_row, min_row + 1, max_row, computed,
                                 frozenset(), {}))
    if not found:
        return None
    for ref in _MERGE_REF.findall(xml):
        try:
            _, top, _, bottom = range_boundaries(ref.decode("ascii"))
        except (TypeError, ValueError):
            return None
        if top is None or bottom is None \
                or any(top <= out.last and out.first <= bottom for out in found):
            return None
    return _strip_cells(xml, found)


# A relationship's id as a sheet's element refers to it (r:id="rId3", any prefix).
_REFERENCE = re.compile(rb':id\s*=\s*["\']([^"\']*)["\']')
_RELATION_ID = re.compile(rb'\bId\s*=\s*["\']([^"\']*)["\']')


def _unreferenced_left_out(rels: bytes, xml: bytes) -> bytes:
    """A kept sheet's relationships without those of :data:`_UNREAD_RELATION`'s kinds that its
    lean ``xml`` no longer refers to (the comments, which no element names, among them): what
    still refers to one (a header's picture, ``legacyDrawingHF``) keeps it."""
    referenced = set(_REFERENCE.findall(xml))

    def kept(relation: re.Match[bytes]) -> bytes:
        found = _RELATION_ID.search(relation.group(0))
        return relation.group(0) if found is not None and found[1] in referenced else b""

    return _UNREAD_RELATION.sub(kept, rels)


