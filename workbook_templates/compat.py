"""What openpyxl cannot keep when it loads and saves a workbook, found before it is lost.

openpyxl keeps cell values, formulas, styles, merged cells, tables, data validations, conditional
formats, comments, defined names, charts it can parse and (with Pillow) pictures; text formatted
within a cell when loaded with its runs (:mod:`ratecalc_workbook.rich_text`). It drops Excel
2010+ extensions (``x14`` conditional formats such as data bars with options, lists that point
at another sheet directly, sparklines, slicers), drawn shapes and text boxes, and form controls.
Refresh rebuilds the result sheets, so a loss there does not matter; on any other sheet the user
must hear of it. This module reads the file's XML parts (not through openpyxl) and names, per
sheet, what will not survive.
"""

from __future__ import annotations

import importlib.machinery
import zipfile
from collections.abc import Collection
from pathlib import Path

from openpyxl.drawing import image as openpyxl_image

from ratecalc.xlsx_parts import WORKBOOK, relations, sheet_parts

#: Markers in a worksheet part -> what the user would call them.
SHEET_MARKERS: dict[str, str] = {
    "x14:conditionalFormatting": "conditional formats of Excel 2010 and later (data bars, "
                                 "icon sets)",
    "x14:dataValidation": "drop-down lists that point at another sheet",
    "x14:sparklineGroup": "sparklines",
    "x14:slicerList": "slicers",
    "<controls": "form controls",
    "x14:protectedRanges": "protected ranges",
}
DRAWING_MARKERS: dict[str, str] = {
    "<xdr:sp>": "shapes and text boxes",
    "<xdr:sp ": "shapes and text boxes",
    "<xdr:cxnSp": "connector lines",
}

_SHEET_BYTES = [(marker.encode("ascii"), what) for marker, what in SHEET_MARKERS.items()]
_DRAWING_BYTES = [(marker.encode("ascii"), what) for marker, what in DRAWING_MARKERS.items()]


def unkept_parts(path: str | Path, skip: Collection[str] = ()) -> list[tuple[str, str]]:
    """(sheet, what) for every part of the workbook openpyxl will drop, in sheet order (then
    ``("", what)`` for the workbook's own: its data connections when no sheet's query table
    names them); the sheets ``skip`` names are not looked at (refresh rebuilds the result
    sheets).

    A file that is not a readable .xlsx package gives an empty list (opening it will fail with
    its own message).
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return []
    found: list[tuple[str, str]] = []
    # openpyxl's own answer, decided at its import: Pillow installed is not enough where a
    # program imported openpyxl while Pillow could not be imported
    pictures_kept = bool(openpyxl_image.PILImage)
    if not pictures_kept and importlib.machinery.PathFinder.find_spec("PIL") is not None:
        lost = ("pictures (this program imported openpyxl while Pillow could not be imported: "
                "run RateCalc in a new process to keep them)")
    else:
        lost = "pictures (install Pillow to keep them)"
    with archive:
        names = set(archive.namelist())
        if WORKBOOK not in names:
            return []
        for sheet, part in sheet_parts(archive):
            if sheet in skip:
                continue
            # the markers are ASCII: found in the bytes as in their text, which a sheet of
            # thousands of rows took a while to decode
            xml = archive.read(part)
            whats = [what for marker, what in _SHEET_BYTES if marker in xml]
            if _query_tables(archive, part, names):
                whats.append(QUERY_TABLES)
            for target in relations(archive, part).values():
                if "/drawings/" in target and target.endswith(".xml") and target in names:
                    drawing = archive.read(target)
                    whats += [what for marker, what in _DRAWING_BYTES if marker in drawing]
                    if b"<xdr:pic" in drawing and not pictures_kept:
                        whats.append(lost)
            for what in dict.fromkeys(whats):
                found.append((sheet, what))
        if CONNECTIONS_PART in names and not any(what == QUERY_TABLES for _, what in found):
            found.append(("", DATA_CONNECTIONS))  # the workbook's, on no sheet
    return found


#: The workbook's data connections (Data > Queries & Connections), which openpyxl drops.
CONNECTIONS_PART = "xl/connections.xml"
DATA_CONNECTIONS = ("data connections and Power Query queries (Data > Queries & Connections: "
                    "what they last brought in stays, as values)")
#: What the user calls a query table: an Excel table or range filled by a data connection
#: (Data > From Text/CSV, From Web, Power Query's "Load to table"), refreshed by Excel.
QUERY_TABLES = ("query tables (data an Excel data connection or Power Query fills, and the "
                "connection: the data stays, as values)")


def _query_tables(archive: zipfile.ZipFile, part: str, names: Collection[str]) -> bool:
    """Whether worksheet ``part`` holds a query table: related to the sheet (a range, as Excel
    2003's imports made) or to one of its Excel tables (``tableType="queryTable"``, as Power
    Query loads one). openpyxl keeps neither the query table nor the workbook's connections:
    a refresh dropped a Benchmarks table's link to its CSV without a word."""
    for target in relations(archive, part).values():
        if "/queryTables/" in target:
            return True
        if "/tables/" in target and target in names and any(
                "/queryTables/" in inner for inner in relations(archive, target).values()):
            return True
    return False
