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
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from io import BytesIO
from pathlib import Path

from lxml import etree
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.manifest import Override
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ratecalc.atomic import NAME_MAX, fit_name
from ratecalc_workbook.cached_values import sheet_restorers
from ratecalc_workbook.macros import signature_parts
from ratecalc_workbook.page_layout import looks_numeric
from ratecalc_workbook.rich_text import runs_restored
from ratecalc_workbook.sheet_rows import RowsWriter

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
    # joined from a view of the cells, not a slice and two sums: each of those a copy of
    # them (17 MB for a 50,000-row fee schedule), at the save, where the memory peaks
    return b"".join((out[:at], memoryview(sheet_xml)[start:end], out[at + len(_EMPTY_DATA):]))


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


#: What is done to a sheet's part as it is written (its bytes in, the new bytes out).
Edit = Callable[[bytes], bytes]


class _SheetsPatched(zipfile.ZipFile):
    """The package :class:`_SheetsInMemory` fills, each sheet part named in ``edits`` edited on
    the way in (:meth:`add_sheet`)."""

    def __init__(self, path: Path, edits: Mapping[str, Edit]) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.edits = edits
        self.patched: set[str] = set()

    def add_sheet(self, arcname: str, data: bytes) -> None:
        """Add the worksheet part ``arcname`` holding ``data``, edited if ``edits`` names it."""
        if arcname in self.edits:
            data = self.edits[arcname](data)
            self.patched.add(arcname)
        self.writestr(arcname, data)


class _SheetsInMemory(ExcelWriter):
    """openpyxl's writer, each worksheet part serialised in memory.

    openpyxl's own ``write_worksheet`` writes each sheet to a new file in the system's temporary
    folder, reads it back into the package and deletes it: 18 files created and deleted in
    each save of the demo workbook (their deletions waited on the disk: 2-7 ms of wall time for
    0.8 ms of CPU), and a save beside the workbook failed when that folder was full. This is
    openpyxl 3.1's ``write_worksheet`` (for a workbook that is not write-only) with a
    ``BytesIO`` as the writer's output, which its ``WorksheetWriter`` accepts, and the sheet's
    cells written by :mod:`ratecalc_workbook.sheet_rows` (the same bytes, in about half the
    time: about 7% of a demo refresh's instructions were openpyxl writing them).
    """

    _archive: _SheetsPatched

    def _merge_vba(self) -> None:
        """openpyxl's copy of the VBA project's parts, and what keeps its digital signature
        (:func:`ratecalc_workbook.macros.signature_parts`), which openpyxl drops."""
        super()._merge_vba()
        kept = self.workbook.vba_archive
        if kept is None:
            return
        parts, types = signature_parts(kept)
        written = set(self._archive.namelist())
        for name, data in parts.items():
            if name not in written:
                self._archive.writestr(name, data)
        for part, content_type in types:
            self.manifest.Override.append(Override(PartName=f"/{part}",
                                                   ContentType=content_type))

    def write_worksheet(self, ws: Worksheet) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        out = BytesIO()
        writer = RowsWriter(ws, out=out)
        writer.write()
        ws._rels = writer._rels
        self._archive.add_sheet(ws.path[1:], writer.xml(out.getvalue()))
        self.manifest.append(ws)


def sheet_edits(wb: Workbook) -> dict[str, Edit]:
    """Sheet title -> what every save of ``wb`` does to that sheet's part: the cached values of
    its formulas put back (:func:`ratecalc_workbook.cached_values.sheet_restorers`), then its
    ``ignoredErrors`` (:func:`numeric_text_ranges`)."""
    restorers = sheet_restorers(wb)
    ranges = numeric_text_ranges(wb)

    def edit(title: str) -> Edit:
        restore, found = restorers.get(title), ranges.get(title)

        def apply(sheet_xml: bytes) -> bytes:
            if restore is not None:
                sheet_xml = restore(sheet_xml)
            return with_ignored_errors(sheet_xml, found) if found else sheet_xml

        return apply

    return {title: edit(title) for title in (*restorers, *(t for t in ranges
                                                           if t not in restorers))}


def save_with_ignored_errors(wb: Workbook, path: Path) -> None:
    """``wb.save(path)``, each sheet holding digits as text given its ``ignoredErrors``
    (:func:`numeric_text_ranges`), and each formula the value the file it was loaded from
    cached for it (:mod:`ratecalc_workbook.cached_values`), as openpyxl writes the sheet's part:
    every save of a workbook goes through here.

    Rewriting the saved package instead (:func:`add_ignored_errors`) read and compressed every
    part a second time: 0.85 s of a 40 payers x 300 codes refresh. This names the parts as
    openpyxl 3.1 does (:func:`sheet_part_name`) and checks, once saved, that each patched part
    is the sheet it was meant for; should a later openpyxl name or write them otherwise, the
    workbook is saved plainly and the package rewritten as before. Each sheet's part is made in
    memory (:class:`_SheetsInMemory`), not in the system's temporary folder.
    """
    edits = sheet_edits(wb)
    with runs_restored(wb):  # the user's formatted text (ratecalc_workbook.rich_text)
        if not (wb.read_only or wb.write_only) and _saved_patched(wb, path, edits):
            return
        wb.save(path)
    edit_sheets(path, edits)


def _saved_patched(wb: Workbook, path: Path, edits: Mapping[str, Edit]) -> bool:
    """Save ``wb`` through :class:`_SheetsPatched`; whether every sheet with ``edits`` was
    patched, and only those."""
    meant = {sheet_part_name(n): ws.title for n, ws in enumerate(wb.worksheets, 1)
             if ws.title in edits}
    archive = _SheetsPatched(path, {part: edits[title] for part, title in meant.items()})
    try:
        # what Workbook.save does around the writer
        wb.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
        _SheetsInMemory(wb, archive).save()  # closes the archive
    finally:
        archive.close()
    written = {ws.path[1:]: ws.title for ws in wb.worksheets}
    return archive.patched == set(meant) and all(written.get(p) == t for p, t in meant.items())


def add_ignored_errors(path: Path, ranges: Mapping[str, Sequence[str]]) -> None:
    """Rewrite the saved workbook at ``path`` with ``ignoredErrors`` for ``ranges`` (sheet
    title -> ranges); the other parts are copied unchanged, in order."""
    edit_sheets(path, {title: partial(_with_ranges, found) for title, found in ranges.items()
                       if found})


def _with_ranges(ranges: Sequence[str], sheet_xml: bytes) -> bytes:
    return with_ignored_errors(sheet_xml, ranges)


def edit_sheets(path: Path, edits: Mapping[str, Edit]) -> None:
    """Rewrite the saved workbook at ``path`` with ``edits`` (sheet title -> edit) done to its
    sheets' parts; the other parts are copied unchanged, in order."""
    if not edits:
        return
    with zipfile.ZipFile(path) as archive:
        parts = _sheet_parts(archive)
        wanted = {parts[title]: edit for title, edit in edits.items() if title in parts}
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
                        data = wanted[info.filename](data)
                    out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    shutil.move(temp, path)
