"""Which cell of a workbook a reader could not read, found after the reader failed.

openpyxl (which pandas reads .xlsx files through) stops at the first cell whose stored value
does not fit its type: a shared-text cell (``t="s"``) whose index is not a number or points
past the workbook's texts, a date cell (``t="d"``) whose text is not an ISO 8601 date, a cell
whose reference names no cell (``ZZZZ6``). Its error names neither sheet nor cell
("list index out of range"). :func:`unreadable_cell` reads the sheets again, one cell at a
time, to say which cell it was. It runs only once a load has failed, so the loads that work pay
nothing; the package has passed :func:`ratecalc.xlsx_package.check_xlsx_package` (its size, no
DTD) first. Every reader of a workbook uses it: the master workbook's
(``ratecalc_workbook.reader``) and the core's (:func:`ratecalc.loaders.read_xlsx_cells`: a fee
schedule to import, a folder's XLSX table, a workbook with a sheet per table, an offer file),
which said only "cannot read it as XLSX (list index out of range)".
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, iterparse

from ratecalc.errors import MAX_QUOTED
from ratecalc.xlsx_parts import content_type_overrides, sheet_parts

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SHARED_STRINGS_TYPE = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
                        "sharedStrings+xml")
_REFERENCE = re.compile(r"[A-Za-z]{1,3}[0-9]+")
#: What a date cell's text starts with, as openpyxl reads it: an ISO 8601 date, a time or a
#: duration; checked whole below.
_ISO_DATE_START = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})")


def unreadable_message(path: Path, *, data_only: bool = False) -> str | None:
    """The message for a workbook a reader failed on, naming the file, the sheet and the cell
    that stopped it (:func:`unreadable_cell`), or None when no cell is found to blame."""
    cell = unreadable_cell(path, data_only=data_only)
    if cell is None:
        return None
    return (f"'{path.name}', {cell}; the program that wrote the file stored it wrong: open "
            f"and save the workbook in Excel, which repairs or reports it, or use its backup")


def unreadable_cell(path: str | Path, *, data_only: bool = False) -> str | None:
    """``sheet 'Volumes', cell B7: ...`` for the first cell whose value does not fit its type
    (what it holds and what was expected), or None when every cell fits (or the package cannot
    be read this way: the caller's own message stands). ``data_only``: as the failed load
    (a formula cell's stored value is read only then)."""
    try:
        with zipfile.ZipFile(path) as archive:
            texts = _shared_text_count(archive)
            for sheet, part in sheet_parts(archive):
                found = _first_bad_cell(archive, part, texts, data_only)
                if found is not None:
                    return f"sheet {sheet!r}, {found}"
    except (OSError, KeyError, ParseError, zipfile.BadZipFile, zlib.error, EOFError,
            RuntimeError, NotImplementedError, ValueError):
        return None
    return None


def _shared_text_count(archive: zipfile.ZipFile) -> int:
    part = "xl/sharedStrings.xml"
    for name, kind in content_type_overrides(archive):
        if kind == _SHARED_STRINGS_TYPE:
            part = name
    if part not in archive.namelist():
        return 0
    count = 0
    for _, element in _elements(archive, part):
        if element.tag == f"{_MAIN}si":
            count += 1
            element.clear()
    return count


def _elements(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, Element]]:
    with archive.open(part) as handle:
        yield from iterparse(handle, events=("end",))


def _first_bad_cell(archive: zipfile.ZipFile, part: str, texts: int,
                    data_only: bool) -> str | None:
    for _, element in _elements(archive, part):
        if element.tag != f"{_MAIN}c":
            continue
        kind = element.get("t", "n")
        value = element.findtext(f"{_MAIN}v")
        read = value is not None and (data_only or element.find(f"{_MAIN}f") is None)
        problem = _problem(kind, value, texts) if read and value else None
        ref = element.get("r")
        if problem is None and ref is not None:
            problem = _reference_problem(ref)
        if problem is not None:
            return f"cell {ref or 'with no reference'}: {problem}"
        element.clear()
    return None


def _problem(kind: str, value: str, texts: int) -> str | None:
    shown = repr(value if len(value) <= MAX_QUOTED else value[:MAX_QUOTED] + "...")
    if kind == "s":
        try:
            index = int(value)
        except ValueError:
            return (f"a text cell holding {shown} where the number of one of the workbook's "
                    f"texts was expected")
        if not -texts <= index < texts:
            return (f"a text cell pointing at text number {index:,}, but the workbook "
                    f"holds {texts:,} texts (numbered from 0)")
    elif kind == "d" and not _is_iso_date(value):
        return (f"a date cell holding {shown} where an ISO 8601 date was expected "
                f"(such as 2026-12-31 or 2026-12-31T00:00:00)")
    return None


def _reference_problem(ref: str) -> str | None:
    """What is wrong with a cell's reference (``r``), when openpyxl cannot read it as one."""
    if _REFERENCE.fullmatch(ref):
        return None  # a reference past Excel's sheet is refused by the package check
    shown = repr(ref if len(ref) <= MAX_QUOTED else ref[:MAX_QUOTED] + "...")
    return (f"a cell whose reference {shown} names no cell, where a column of one to three "
            f"letters and a row number (such as B7) was expected")


def _is_iso_date(text: str) -> bool:
    """Whether openpyxl reads ``text`` as a date cell's value: an ISO 8601 date and time, a
    time, or a duration (``PT8H``); it reads a date at the start of a longer text too."""
    for read in (datetime.fromisoformat, time.fromisoformat):
        try:
            read(text)
        except ValueError:
            continue
        return True
    start = _ISO_DATE_START.match(text)
    if start is not None:
        try:
            date.fromisoformat(start.group(1))
        except ValueError:  # a day past the calendar's, as 2026-13-45
            return False
        return True
    return text.startswith("PT")
