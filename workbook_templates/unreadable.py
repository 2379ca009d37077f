"""Which cell of a workbook a reader could not read, found after the reader failed.

openpyxl stops at the first cell whose stored value does not fit its type: a shared-text cell
(``t="s"``) whose index is not a number or points past the workbook's texts, a date cell
(``t="d"``) whose text is not an ISO 8601 date. Its error names neither sheet nor cell ("list
index out of range"). :func:`unreadable_cell` reads the sheets again, one cell at a time, to say
which cell it was, by openpyxl's own rules for each type. It runs only once a load has failed,
so the loads that work pay nothing; the package has passed
:func:`ratecalc.xlsx_package.check_xlsx_package` (its size, no DTD) first.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, iterparse

from openpyxl.utils.datetime import from_ISO8601

from ratecalc.errors import MAX_QUOTED
from ratecalc.xlsx_parts import sheet_parts

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CONTENT_TYPES = "[Content_Types].xml"
_SHARED_STRINGS_TYPE = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
                        "sharedStrings+xml")
_OVERRIDE = re.compile(r'<Override [^>]*PartName="/?([^"]+)"[^>]*ContentType="([^"]+)"'
                       r'|<Override [^>]*ContentType="([^"]+)"[^>]*PartName="/?([^"]+)"')


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
    if _CONTENT_TYPES in archive.namelist():
        types = archive.read(_CONTENT_TYPES).decode("utf-8", "replace")
        for name, kind, kind2, name2 in _OVERRIDE.findall(types):
            if (kind or kind2) == _SHARED_STRINGS_TYPE:
                part = name or name2
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
        if problem is not None:
            ref = element.get("r") or "with no reference"
            return f"cell {ref}: {problem}"
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


def _is_iso_date(text: str) -> bool:
    try:
        from_ISO8601(text)
    except ValueError:  # also a date past the calendar's, as 2026-13-45
        return False
    return True
