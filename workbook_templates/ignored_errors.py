"""Codes and ids are text on purpose: tell Excel so, or it flags each one with a green triangle.

Excel's "number stored as text" check fires on every cell holding digits as text (CPT code
97110, an NPI, a year). The sheet's ``<ignoredErrors>`` element switches the check off for given
ranges; openpyxl reads and writes no such element, so :func:`save_with_ignored_errors` inserts
one into each sheet part that needs it as openpyxl writes the part (:func:`add_ignored_errors`
does it to a workbook already saved), at the place the schema requires.

``CT_Worksheet`` (ECMA-376 Part 1, 18.3.1.99; sml.xsd) orders a worksheet's children as
``... headerFooter, rowBreaks, colBreaks, customProperties, cellWatches, ignoredErrors,
smartTags, drawing, legacyDrawing, legacyDrawingHF, drawingHF, picture, oleObjects, controls,
webPublishItems, tableParts, extLst``: the element goes before the first of its successors
present, else at the end.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ratecalc.atomic import NAME_MAX, fit_name
from ratecalc_workbook.page_layout import looks_numeric

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
#: Children of CT_Worksheet that come after ignoredErrors, in schema order.
SUCCESSORS: tuple[str, ...] = (
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture",
    "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
)
#: Below the last data row, input tables keep this many rows free of the flag, for codes the
#: user types later.
TYPING_ROWS = 2000


def numeric_text_ranges(wb: Workbook, typing_rows: int = TYPING_ROWS) -> dict[str, list[str]]:
    """Sheet title -> ranges (``A5:A310``) of cells holding digits as text.

    A column's range runs from its first such cell to its last, and on to ``typing_rows`` below
    when the column is formatted as text (``@``), so codes typed later are not flagged either.
    """
    found: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        rows: dict[int, list[int]] = {}
        text_format: set[int] = set()
        # the cells the sheet holds (iter_rows would make every empty cell of the used range:
        # 0.12 s of a demo refresh)
        for cell in ws._cells.values() if isinstance(ws, Worksheet) else ():
            value = cell._value
            if type(value) is str and looks_numeric(value):
                rows.setdefault(cell.column, []).append(cell.row)
                if cell.number_format == "@":
                    text_format.add(cell.column)
        ranges = []
        for col in sorted(rows):
            letter = get_column_letter(col)
            top, bottom = min(rows[col]), max(rows[col])
            if col in text_format:
                bottom += typing_rows
            ranges.append(f"{letter}{top}:{letter}{bottom}")
        if ranges:
            found[ws.title] = ranges
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its part's name in the package."""
    book = etree.fromstring(archive.read("xl/workbook.xml"))
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship")}
    parts = {}
    for sheet in book.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets[sheet.get(f"{{{REL_NS}}}id")]
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        parts[sheet.get("name")] = part
    return parts


def with_ignored_errors(sheet_xml: bytes, ranges: Sequence[str]) -> bytes:
    """The sheet part with an ``<ignoredErrors>`` element for ``ranges`` (any old one
    replaced), placed in schema order.

    Only the elements around the cells are parsed: ``<sheetData>``, most of a large sheet's
    bytes, is set aside and put back as it was (parsing and writing it again took 2.5 s of a
    40 payers x 300 codes refresh). A part whose cells cannot be set aside that way (a
    namespace prefix) is parsed whole.
    """
    found = _sheet_data(sheet_xml)
    if found is None:
        return _placed(sheet_xml, ranges)
    start, end = found
    out = _placed(sheet_xml[:start] + _EMPTY_DATA + sheet_xml[end:], ranges)
    at = out.find(_EMPTY_DATA)
    if at < 0 or out.find(_EMPTY_DATA, at + 1) >= 0:
        return _placed(sheet_xml, ranges)
    return out[:at] + sheet_xml[start:end] + out[at + len(_EMPTY_DATA):]


_EMPTY_DATA = b"<sheetData/>"
_EMPTY_DATA_FORMS = re.compile(rb"<sheetData\s*/>")


def _sheet_data(sheet_xml: bytes) -> tuple[int, int] | None:
    """Where the unprefixed ``<sheetData>`` element starts and ends in the part, if it has
    exactly one (element text cannot hold "<", so the tags found are tags)."""
    start = sheet_xml.find(b"<sheetData")
    if start < 0 or sheet_xml.find(b"<sheetData", start + 1) >= 0:
        return None
    empty = _EMPTY_DATA_FORMS.match(sheet_xml, start)
    if empty is not None:
        return start, empty.end()
    if not sheet_xml.startswith(b"<sheetData>", start):
        return None
    close = sheet_xml.find(b"</sheetData>", start)
    if close < 0 or sheet_xml.find(b"</sheetData>", close + 1) >= 0:
        return None
    return start, close + len(b"</sheetData>")


def _placed(sheet_xml: bytes, ranges: Sequence[str]) -> bytes:
    root = etree.fromstring(sheet_xml)
    for old in root.findall(f"{{{MAIN_NS}}}ignoredErrors"):
        root.remove(old)
    element = etree.Element(f"{{{MAIN_NS}}}ignoredErrors")
    etree.SubElement(element, f"{{{MAIN_NS}}}ignoredError", sqref=" ".join(ranges),
                     numberStoredAsText="1")
    successors = {f"{{{MAIN_NS}}}{name}" for name in SUCCESSORS}
    following = next((child for child in root if child.tag in successors), None)
    if following is not None:
        following.addprevious(element)
    else:
        root.append(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def sheet_part_name(position: int) -> str:
    """The package part openpyxl writes the ``position``-th worksheet (from 1) to."""
    return f"xl/worksheets/sheet{position}.xml"


class _SheetsPatched(zipfile.ZipFile):
    """The package openpyxl's writer fills, each sheet part named in ``ranges`` given its
    ``ignoredErrors`` on the way in (openpyxl adds a worksheet part with ``write``, from the
    temporary file it wrote the part to)."""

    def __init__(self, path: Path, ranges: Mapping[str, Sequence[str]]) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.ranges = ranges
        self.patched: set[str] = set()

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        if arcname not in self.ranges:
            super().write(filename, arcname, *args, **kwargs)
            return
        self.writestr(arcname, with_ignored_errors(Path(filename).read_bytes(),
                                                   self.ranges[arcname]))
        self.patched.add(arcname)


def save_with_ignored_errors(wb: Workbook, path: Path) -> None:
    """``wb.save(path)``, each sheet holding digits as text given its ``ignoredErrors``
    (:func:`numeric_text_ranges`) as openpyxl writes the sheet's part.

    Rewriting the saved package instead (:func:`add_ignored_errors`) read and compressed every
    part a second time: 0.85 s of a 40 payers x 300 codes refresh. This names the parts as
    openpyxl 3.1 does (:func:`sheet_part_name`) and checks, once saved, that each patched part
    is the sheet it was meant for; should a later openpyxl name or write them otherwise, the
    workbook is saved plainly and the package rewritten as before.
    """
    ranges = numeric_text_ranges(wb)
    if ranges and not (wb.read_only or wb.write_only) and _saved_patched(wb, path, ranges):
        return
    wb.save(path)
    add_ignored_errors(path, ranges)


def _saved_patched(wb: Workbook, path: Path, ranges: Mapping[str, Sequence[str]]) -> bool:
    """Save ``wb`` through :class:`_SheetsPatched`; whether every sheet with ``ranges`` was
    patched, and only those."""
    meant = {sheet_part_name(n): ws.title for n, ws in enumerate(wb.worksheets, 1)
             if ws.title in ranges}
    archive = _SheetsPatched(path, {part: ranges[title] for part, title in meant.items()})
    try:
        # what Workbook.save does around the writer
        wb.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).save()  # closes the archive
    finally:
        archive.close()
    written = {ws.path[1:]: ws.title for ws in wb.worksheets}
    return archive.patched == set(meant) and all(written.get(p) == t for p, t in meant.items())


def add_ignored_errors(path: Path, ranges: Mapping[str, Sequence[str]]) -> None:
    """Rewrite the saved workbook at ``path`` with ``ignoredErrors`` for ``ranges`` (sheet
    title -> ranges); the other parts are copied unchanged, in order."""
    if not ranges:
        return
    with zipfile.ZipFile(path) as archive:
        parts = _sheet_parts(archive)
        wanted = {parts[title]: r for title, r in ranges.items() if title in parts and r}
        room = NAME_MAX - len("..") - 8 - len(".tmp")  # 8: mkstemp's random characters
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{fit_name(path.stem, room)}.",
                                    suffix=".tmp")
        try:
            with open(fd, "wb") as handle, zipfile.ZipFile(
                handle, "w", zipfile.ZIP_DEFLATED
            ) as out:
                for info in archive.infolist():
                    data = archive.read(info)
                    if info.filename in wanted:
                        data = with_ignored_errors(data, wanted[info.filename])
                    out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    shutil.move(temp, path)
