"""Finding a workbook's parts by reading its package's XML directly (no openpyxl).

Which part holds which sheet is written in ``xl/workbook.xml`` (sheet name and relationship id)
and its relationships part (id and target). The package check of the core
(:mod:`ratecalc.xlsx_package`), the lean load of a refresh and the report of what openpyxl
cannot keep (``ratecalc_workbook``) all read it through here.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ratecalc.cell_errors import Uncomputed

WORKBOOK = "xl/workbook.xml"
SHEET = re.compile(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"')
_REL = re.compile(r'<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"')
_REL_REVERSED = re.compile(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"')


def relations_path(part: str) -> str:
    """The relationships part of ``part`` (``xl/_rels/workbook.xml.rels``)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def relations(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part (absolute within the package) of ``part``."""
    rels = relations_path(part)
    if rels not in archive.namelist():
        return {}
    text = archive.read(rels).decode("utf-8", "replace")
    pairs = dict(_REL.findall(text))
    pairs.update({rid: target for target, rid in _REL_REVERSED.findall(text)})
    folder = posixpath.dirname(part)
    return {rid: target.lstrip("/") if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
            for rid, target in pairs.items()}


#: The package's part naming each part's content type.
CONTENT_TYPES = "[Content_Types].xml"
_OVERRIDE = re.compile(r'<Override [^>]*PartName="/?([^"]+)"[^>]*ContentType="([^"]+)"'
                       r'|<Override [^>]*ContentType="([^"]+)"[^>]*PartName="/?([^"]+)"')


def content_type_overrides(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(part, content type) of each ``Override`` of the package's ``[Content_Types].xml``, in
    its order, whichever order its two attributes are written in; [] without one."""
    if CONTENT_TYPES not in archive.namelist():
        return []
    types = archive.read(CONTENT_TYPES).decode("utf-8", "replace")
    return [(name or name2, kind or kind2)
            for name, kind, kind2, name2 in _OVERRIDE.findall(types)]


def xml_text(value: str) -> str:
    """An attribute's value as text: XML's five entities and character references (``&#39;``,
    ``&#x26;``) undone, once.

    ``html.unescape`` and not ``xml.sax.saxutils.unescape``: the latter leaves character
    references as written, and importing it loads urllib.request, http.client and ssl (about
    20 ms of every refresh and letter). The HTML-only entities it also knows cannot occur in a
    well-formed part.

    XML's own five entities are undone here without it (every workbook's "Payers &amp;
    Contracts" has one); only a value with another reference loads ``html``, whose table of
    2,231 entities costs about 1 ms of every refresh to load.
    """
    if "&" not in _XML_ENTITY.sub("", value):
        return _XML_ENTITY.sub(lambda found: _XML_ENTITIES[found.group()], value)
    import html

    return html.unescape(value)


#: XML's predefined entities, which ``html.unescape`` undoes alike.
_XML_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
_XML_ENTITY = re.compile("|".join(_XML_ENTITIES))


def sheet_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """Each sheet's name and the package part holding it, in workbook order."""
    names = set(archive.namelist())
    book = archive.read(WORKBOOK).decode("utf-8", "replace")
    targets = relations(archive, WORKBOOK)
    for name, rid in SHEET.findall(book):
        part = targets.get(rid)
        if part is not None and part in names:
            yield xml_text(name), part


#: What is wrong with an Excel table's Total Row where RateCalc reads a table, and what to do
#: (the master workbook's reader and the folder's XLSX tables say it alike).
TOTAL_ROW_WORDS = ("the table's Total Row, which RateCalc would read as a row of data; turn it "
                   "off (click in the table, then Table Design > Total Row) and sum the column "
                   "with a formula outside the table if you need the total")
_TABLE_TAG = re.compile(r"<(?:[\w.-]+:)?table\s[^>]*>")
_COLUMN_TAG = re.compile(r"<(?:[\w.-]+:)?tableColumn\s[^>]*>")
_CORNER = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")


def column_number(letters: str) -> int:
    """The 1-based number of a column named by ``letters`` (``A`` 1, ``Z`` 26, ``AA`` 27,
    ``XFD`` 16,384), in either case.

    >>> column_number("A"), column_number("xfd")
    (1, 16384)
    """
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def total_rows(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, str | None]]:
    """The first row and column (1-based) of each Total Row (``totalsRowCount``, Excel's Table
    Design > Total Row) of the Excel tables on worksheet ``part``, with the header of that
    column (the table's first column's name; None where it is not in the part's first bytes)."""
    found: list[tuple[int, int, str | None]] = []
    names = set(archive.namelist())
    for target in relations(archive, part).values():
        if target not in names or not target.lower().endswith(".xml"):
            continue
        with archive.open(target) as handle:
            head = handle.read(4096).decode("utf-8", "replace")
        tag = _TABLE_TAG.search(head)
        if tag is None:
            continue
        attributes = {key.rpartition(":")[2]: xml_text(double or single)
                      for key, double, single in _ATTRIBUTE.findall(tag.group())}
        count, ref = attributes.get("totalsRowCount", "0"), attributes.get("ref", "")
        corners = [_CORNER.match(c) for c in ref.split(":")]
        if not count.isdigit() or int(count) == 0 or len(corners) != 2:
            continue
        first, last = corners
        if first is None or last is None:
            continue
        column = column_number(first.group(1))
        first_column = _COLUMN_TAG.search(head, tag.end())
        header = None if first_column is None else next(
            (xml_text(double or single) for key, double, single
             in _ATTRIBUTE.findall(first_column.group()) if key.rpartition(":")[2] == "name"),
            None)
        found.append((int(last.group(2)) - int(count) + 1, column, header))
    return found


_SHEET_TAG = re.compile(r"<(?:[\w.-]+:)?sheet\s[^>]*>")
_ATTRIBUTE = re.compile(r'([\w.:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_ACTIVE_TAB = re.compile(r"<(?:[\w.-]+:)?workbookView\s[^>]*?\bactiveTab\s*=\s*[\"'](\d+)[\"']")


#: The state :func:`sheet_states` gives a sheet that holds no cells: a chart sheet (Excel's
#: "Move Chart > New sheet"), or a dialog or macro sheet of Excel 5.
NO_CELLS = "chart"
_RELATIONSHIP_TAG = re.compile(r"<(?:[\w.-]+:)?Relationship\s[^>]*>")
_WORKSHEET_TYPE = "/worksheet"


_WORKBOOK_PR_TAG = re.compile(r"<(?:[\w.-]+:)?workbookPr\s[^>]*>")


def uses_1904_dates(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook is saved in the 1904 date system (``<workbookPr date1904="1"/>``,
    Mac Excel's "Use 1904 date system"), whose serial numbers count days from 1904-01-01
    (:func:`ratecalc.dates.serial_day`), as openpyxl reads it (``1`` or ``true``)."""
    book = archive.read(WORKBOOK).decode("utf-8", "replace")
    for tag in _WORKBOOK_PR_TAG.findall(book):
        attributes = {key.rsplit(":", 1)[-1]: double or single
                      for key, double, single in _ATTRIBUTE.findall(tag)}
        return attributes.get("date1904", "").strip().lower() in ("1", "true")
    return False


def sheet_states(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """Each sheet's name and state (``visible``, ``hidden`` or ``veryHidden``, which only a
    macro can show again; :data:`NO_CELLS` for a sheet that is no worksheet, whatever it
    shows), in workbook order."""
    book = archive.read(WORKBOOK).decode("utf-8", "replace")
    cells_in = _worksheet_ids(archive)
    found = []
    for tag in _SHEET_TAG.findall(book):
        attributes = {key.rsplit(":", 1)[-1]: xml_text(double or single)
                      for key, double, single in _ATTRIBUTE.findall(tag)}
        if "name" in attributes:
            # a chart sheet is listed as a sheet, but no reader of cells can open it (pandas:
            # "Worksheet named 'Chart' not found"): it must never be the sheet chosen
            chart = cells_in is not None and attributes.get("id") not in cells_in
            found.append((attributes["name"],
                          NO_CELLS if chart else attributes.get("state") or "visible"))
    return found


def _worksheet_ids(archive: zipfile.ZipFile) -> set[str] | None:
    """The relationship ids of the workbook's worksheets (the sheets that hold cells), or None
    when the package has no relationships part to tell them by (every sheet then counts as
    one, as before)."""
    types = _sheet_types(archive)
    if types is None:
        return None
    return {rid for rid, kind in types.items() if kind.endswith(_WORKSHEET_TYPE)}


def _sheet_types(archive: zipfile.ZipFile) -> dict[str, str] | None:
    """Relationship id -> relationship type of each part the workbook relates to, or None when
    the package has no relationships part."""
    rels = relations_path(WORKBOOK)
    if rels not in archive.namelist():
        return None
    text = archive.read(rels).decode("utf-8", "replace")
    found = {}
    for tag in _RELATIONSHIP_TAG.findall(text):
        attributes = {key: double or single for key, double, single in _ATTRIBUTE.findall(tag)}
        if "Id" in attributes:
            found[xml_text(attributes["Id"])] = xml_text(attributes.get("Type", ""))
    return found


#: What a sheet that is no worksheet is, by the end of the type of its relationship from the
#: workbook (ECMA-376's chartsheet and dialogsheet, Microsoft's xlMacrosheet and
#: xlIntlMacrosheet): "a chart sheet" was said of each of them.
_NO_CELLS_KINDS = (("/chartsheet", "a chart sheet"), ("/dialogsheet", "an Excel 5 dialog sheet"),
                   ("/xlMacrosheet", "an Excel 4 macro sheet"),
                   ("/xlIntlMacrosheet", "an Excel 4 international macro sheet"))


def no_cells_kinds(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet :func:`sheet_states` gives as :data:`NO_CELLS`, by name -> what it is in
    words ("a chart sheet", "an Excel 5 dialog sheet", "an Excel 4 macro sheet"; "a sheet that
    is no worksheet" for a type none of those)."""
    types = _sheet_types(archive)
    if types is None:
        return {}
    book = archive.read(WORKBOOK).decode("utf-8", "replace")
    found = {}
    for tag in _SHEET_TAG.findall(book):
        attributes = {key.rsplit(":", 1)[-1]: xml_text(double or single)
                      for key, double, single in _ATTRIBUTE.findall(tag)}
        kind = types.get(attributes.get("id", ""), "")
        if "name" in attributes and not kind.endswith(_WORKSHEET_TYPE):
            found[attributes["name"]] = next(
                (words for end, words in _NO_CELLS_KINDS if kind.endswith(end)),
                "a sheet that is no worksheet")
    return found


def active_sheet(archive: zipfile.ZipFile) -> int:
    """The position (0-based, in workbook order) of the sheet the workbook opens on."""
    found = _ACTIVE_TAB.search(archive.read(WORKBOOK).decode("utf-8", "replace"))
    return int(found.group(1)) if found else 0


_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")
_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d+)$")


def unusable_cells(archive: zipfile.ZipFile, part: str
                   ) -> dict[tuple[int, int], str | Uncomputed]:
    """The cells of a worksheet part that show no value anyone typed: (row, column), both
    0-based, -> the error value a cell holds (``t="e"``: ``'#REF!'``), or :class:`Uncomputed`
    for a formula whose value the file does not hold (a file written by a program that
    computes no formulas).

    A reader of values alone (openpyxl's, as pandas reads it) makes blanks of both; this finds
    them again. A part with no error cell and no formula costs two searches.
    """
    from xml.etree.ElementTree import iterparse

    data = archive.read(part)
    if _ERROR_TYPE.search(data) is None and _FORMULA.search(data) is None:
        return {}
    found: dict[tuple[int, int], str | Uncomputed] = {}
    shared: dict[str | None, tuple[str, str]] = {}  # si -> the first cell sharing it, its text
    row, column = -1, -1
    for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                number = element.get("r")
                row = int(number) - 1 if number and number.isdigit() else row + 1
                column = -1
            continue
        if tag == "c":
            reference = _REFERENCE.match(element.get("r") or "")
            if reference is not None:
                letters, digits = reference.groups()
                row = int(digits) - 1
                column = column_number(letters) - 1
            else:
                column += 1
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            value = children["v"].text if "v" in children else None
            if element.get("t") == "e" and value and value.strip():
                found[(row, column)] = value.strip()
            elif "f" in children and not value and not (
                    "v" in children and element.get("t") in ("str", "s", "inlineStr")):
                # <v></v> with t="str" is a formula's computed empty text (=IF(A2="","",...)),
                # as Excel and LibreOffice write it; no <v>, or an empty one elsewhere, is none
                formula = children["f"]
                text = (formula.text or "").strip()
                if text:
                    found[(row, column)] = Uncomputed(f"={text}")
                elif formula.get("t") == "shared" and formula.get("si") in shared:
                    # a shared formula's text is written once, in the first cell sharing it
                    at, first = shared[formula.get("si")]
                    found[(row, column)] = Uncomputed(f"a formula shared from cell {at} "
                                                      f"(={first} there)")
                else:
                    found[(row, column)] = Uncomputed("a formula")
            if "f" in children and children["f"].get("t") == "shared" and (
                    children["f"].text or "").strip():
                shared[children["f"].get("si")] = (element.get("r") or "?",
                                                   (children["f"].text or "").strip())
            element.clear()
        elif tag == "row":
            element.clear()
    return found


_MERGE_CELL = re.compile(
    rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']\s*\$?([A-Za-z]{1,3})\$?(\d+)"""
    rb"""(?::\$?([A-Za-z]{1,3})\$?(\d+))?\s*["']""")


def merged_ranges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a worksheet part (``<mergeCell ref="A5:A10"/>``), each as (first
    row, first column, last row, last column), 1-based: what pandas' reading of the values
    leaves out (a merged range's other cells read blank)."""
    def number(letters: bytes) -> int:
        return column_number(letters.decode())

    found = []
    for match in _MERGE_CELL.finditer(archive.read(part)):
        left, top = number(match[1]), int(match[2])
        right, bottom = (number(match[3]), int(match[4])) if match[3] else (left, top)
        found.append((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
    return found


def row_elements(archive: zipfile.ZipFile, part: str) -> int:
    """How many rows a worksheet part holds at most: its ``<row`` and ``:row`` (a prefixed
    ``<x:row``) byte strings, counted in C a chunk at a time, the part never held whole. Its
    one ``<rowBreaks`` counts too: it is a bound, not a count."""
    count, tail = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk  # three bytes of the chunk before: a tag cut there is whole
            count += data.count(b"<row") + data.count(b":row")
            tail = data[-3:]
    return count


def blank_shared_strings(archive: zipfile.ZipFile) -> frozenset[int]:
    """Positions of the workbook's shared strings that are blank (none but whitespace), the
    part streamed: a cell showing one holds no value."""
    from xml.etree.ElementTree import iterparse

    parts = [target for target in relations(archive, WORKBOOK).values()
             if posixpath.basename(target).lower() == "sharedstrings.xml"]
    if not parts or parts[0] not in archive.namelist():
        return frozenset()
    blank: set[int] = set()
    position, table = 0, None
    with archive.open(parts[0]) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                if table is None:
                    table = element  # the root <sst>: its read strings are let go
                continue
            if element.tag.rsplit("}", 1)[-1] == "si":
                if not "".join(element.itertext()).strip():
                    blank.add(position)
                position += 1
                if table is not None:
                    table.clear()
    return frozenset(blank)


def filled_rows(archive: zipfile.ZipFile, part: str, blank_strings: frozenset[int] = frozenset()
                ) -> Iterator[int]:
    """The numbers (1-based) of a worksheet part's rows that hold a value in some cell: text
    other than whitespace (``blank_strings``: :func:`blank_shared_strings`), a number, a
    TRUE/FALSE, an error value or a formula. The part is streamed, its rows let go as read: a
    sheet whose used range runs to row 1,048,576 costs its rows' parse, never their cells held.
    """
    from xml.etree.ElementTree import iterparse

    row, rows = 0, None
    with archive.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "sheetData":
                    rows = element
                continue
            if tag != "row":
                continue
            number = element.get("r")
            row = int(number) if number and number.isdigit() else row + 1
            if any(_holds_value(cell, blank_strings) for cell in element):
                yield row
            if rows is not None:
                rows.clear()  # this row and those before it, read


def _holds_value(cell: Any, blank_strings: frozenset[int]) -> bool:
    for child in cell:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "f":
            return True
        if tag == "is" and "".join(child.itertext()).strip():
            return True
        if tag == "v" and child.text and child.text.strip():
            if cell.get("t") != "s":
                return True
            try:
                return int(child.text) not in blank_strings
            except ValueError:
                return True
    return False


_WORKSHEET_ROOT = re.compile(rb"<(?:[\w.-]+:)?worksheet\b[^>]*>")
_DIMENSION_TAG = re.compile(rb"<(?:[\w.-]+:)?dimension\b")
_SHEET_DATA_TAG = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
#: What :func:`with_dimension` gives a worksheet part without a ``<dimension>``: its namespace
#: named, so that it is the worksheet's element under any prefix the part uses.
SIZE_ELEMENT = (b'<dimension xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'ref="A1"/>')
#: How much of a part is read to find its root element (and a worksheet's dimension): by the
#: package check (:mod:`ratecalc.xlsx_package`) and :func:`lacks_dimension`. Excel's prolog and
#: root are under 1 KB; a longer prolog is refused, so nothing hides after it.
HEAD_BYTES = 4096


def lacks_dimension(head: bytes) -> bool:
    """Whether a worksheet part, by its first bytes (:data:`HEAD_BYTES` or more), may have no
    ``<dimension>`` before its cells: then :func:`with_dimension` is to be asked."""
    return _WORKSHEET_ROOT.search(head, 0, HEAD_BYTES) is not None \
        and _DIMENSION_TAG.search(head) is None


def with_dimension(data: bytes) -> bytes | None:
    """A worksheet part given a ``<dimension>`` (``A1``) as its first child when it has none
    before its ``<sheetData>``; None when it has one, or is no worksheet with cells.

    openpyxl opening a workbook read-only (as pandas reads it) looks for each worksheet's
    dimension by parsing the part up to the end of its ``<sheetData>``: a part without one
    (openpyxl's write-only mode, and other programs, write none) is parsed whole for nothing,
    a second time with the read itself (0.9 s of a 50,000-row fee schedule). pandas reads
    without the dimension (it can be wrong: pandas GH 39486), so any will do.
    """
    root = _WORKSHEET_ROOT.search(data, 0, HEAD_BYTES)
    if root is None or data[root.end() - 2:root.end()] == b"/>":
        return None
    cells = _SHEET_DATA_TAG.search(data, root.end())
    if cells is None or _DIMENSION_TAG.search(data, root.end(), cells.start()) is not None:
        return None
    return b"".join((data[:root.end()], SIZE_ELEMENT, data[root.end():]))
