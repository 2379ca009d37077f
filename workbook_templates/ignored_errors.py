"""Codes and ids are text on purpose: tell Excel so, or it flags each one with a green triangle.

Excel's "number stored as text" check fires on every cell holding digits as text (CPT code
97110, an NPI, a year). The sheet's ``<ignoredErrors>`` element switches the check off for given
ranges; openpyxl reads and writes no such element, so :func:`save_workbook` saves through
openpyxl and inserts one into each sheet part that needs it as the part is written, at the place
the schema requires (the package is written once, not saved and then rewritten).

``CT_Worksheet`` (ECMA-376 Part 1, 18.3.1.99; sml.xsd) orders a worksheet's children as
``... headerFooter, rowBreaks, colBreaks, customProperties, cellWatches, ignoredErrors,
smartTags, drawing, legacyDrawing, legacyDrawingHF, drawingHF, picture, oleObjects, controls,
webPublishItems, tableParts, extLst``: the element goes before the first of its successors
present, else at the end.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

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
        # the cells the sheet holds (iter_rows would make every empty cell of the used range)
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


def with_ignored_errors(sheet_xml: bytes, ranges: Sequence[str]) -> bytes:
    """The sheet part with an ``<ignoredErrors>`` element for ``ranges`` (any old one
    replaced), placed in schema order."""
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


class _SheetPartWriter:
    """Stands in for the package while openpyxl writes one sheet part: the part gets its
    ``ignoredErrors`` on the way in."""

    def __init__(self, archive: zipfile.ZipFile, ranges: Sequence[str]) -> None:
        self.archive, self.ranges = archive, ranges

    def write(self, filename: str, arcname: str) -> None:
        data = Path(filename).read_bytes()
        self.archive.writestr(arcname, with_ignored_errors(data, self.ranges))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.archive, name)


class _Writer(ExcelWriter):  # type: ignore[misc]  # openpyxl has no type hints
    def __init__(self, wb: Workbook, archive: zipfile.ZipFile,
                 ranges: Mapping[str, Sequence[str]]) -> None:
        super().__init__(wb, archive)
        self.ranges = ranges

    def write_worksheet(self, ws: Any) -> None:
        ranges = self.ranges.get(ws.title)
        if not ranges:
            super().write_worksheet(ws)
            return
        archive, self._archive = self._archive, _SheetPartWriter(self._archive, ranges)
        try:
            super().write_worksheet(ws)
        finally:
            self._archive = archive


def save_workbook(wb: Workbook, path: Path, ranges: Mapping[str, Sequence[str]] | None = None
                  ) -> None:
    """``wb.save(path)`` with ``ignoredErrors`` for ``ranges`` (sheet title -> ranges; default
    :func:`numeric_text_ranges` of ``wb``) in the sheet parts, as openpyxl writes them."""
    if ranges is None:
        ranges = numeric_text_ranges(wb)
    # what openpyxl.writer.excel.save_workbook does, with the writer above
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        _Writer(wb, archive, ranges).save()
