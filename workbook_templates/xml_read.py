"""Cell values read straight from a workbook's XML, for the readers that only read.

A letter, ``ratecalc analyze`` and the ribbon read the master workbook's input sheets, the
Proposal sheet and the Negotiation Log, and write nothing back. openpyxl builds every sheet's
cells, styles, comments and charts to do that: about half a second of a letter's two. This
module reads only the sheets asked for, when first asked, with the standard library's XML
parser, and gives each cell the value openpyxl's default load gives it (numbers as int or
float, dates by their number format as datetime, booleans, shared and inline text, ``=...``
for a formula, error text); ``tests/workbook/test_xml_read.py`` compares the two cell by cell.

:func:`open_xml_workbook` returns None for anything it does not read the way openpyxl would
(not a zip package, a strict-namespace workbook, a part that is not well-formed): the caller
then loads the file with openpyxl, whose message names the problem.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ratecalc.errors import InputError
from ratecalc_workbook.compat import _relations

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)$")

# Number formats Excel has built in whose codes say date or time (ECMA-376 18.8.30).
_BUILTIN_DATES = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
                  18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
                  22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0"}
# Parts of a format code that are not date letters: quoted text, and bracketed colours or
# locales (but not [h], [mm], [ss], elapsed time).
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\[(?!(?:h+|m+|s+)\])[^\]]*\]', re.IGNORECASE)
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhys]", re.IGNORECASE)
_ELAPSED = re.compile(r"\[h+\](:mm(:ss(\.0*)?)?)?|\[m+\](:ss(\.0*)?)?|\[s+\](\.0*)?",
                      re.IGNORECASE)

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def is_date_format(code: str | None) -> bool:
    """True when a number format shows a date or time (its first section has d, m, y, h or s
    outside quoted text and brackets, and not escaped)."""
    if code is None:
        return False
    first = _NOT_DATE_PARTS.sub("", code.split(";")[0])
    return _DATE_LETTER.search(first) is not None


def is_elapsed_format(code: str | None) -> bool:
    """True for an elapsed-time format such as ``[h]:mm:ss`` (a duration, not a clock time)."""
    return code is not None and _ELAPSED.search(code.split(";")[0]) is not None


def serial_to_datetime(serial: float, epoch: dt.datetime, elapsed: bool = False) -> Any:
    """An Excel date serial as Python: datetime, a time of day for a fraction under one day,
    or timedelta for an elapsed-time format (to the millisecond, as openpyxl gives it)."""
    if elapsed:
        span = dt.timedelta(days=serial)
        if span.microseconds:
            span = dt.timedelta(seconds=span.total_seconds() // 1,
                                microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(serial, 1)
    clock = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and clock.days == 0:
        return (dt.datetime.min + clock).time()
    if epoch == _EPOCH_1900 and 0 < serial < 60:
        day += 1  # Excel counts a 29 February 1900 that never was
    return epoch + dt.timedelta(days=day) + clock


def column_index(letters: str) -> int:
    """``"A"`` -> 1, ``"AA"`` -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letter(index: int) -> str:
    """``1`` -> ``"A"``, ``27`` -> ``"AA"``."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)(?::\$?([A-Z]{1,3})\$?([0-9]+))?$")


def range_bounds(ref: str) -> tuple[int, int, int, int]:
    """``"B4:H20"`` -> (min column, min row, max column, max row), 1-based.

    Raises
    ------
    ValueError
        ``ref`` is not a cell or a range of cells.
    """
    found = _RANGE.match(ref.strip().upper())
    if found is None:
        raise ValueError(f"not a cell range: {ref!r}")
    a, r1, b, r2 = found.groups()
    first, last = (column_index(a), int(r1)), (column_index(b or a), int(r2 or r1))
    return (min(first[0], last[0]), min(first[1], last[1]), max(first[0], last[0]),
            max(first[1], last[1]))


@dataclass(frozen=True)
class TableRef:
    """An Excel table on a sheet: its name and range (``"A4:H20"``)."""

    name: str
    ref: str


@dataclass
class CellValue:
    """What ``sheet.cell(row=, column=)`` returns: the value only."""

    value: Any


def _text(node: ElementTree.Element) -> str:
    """A string item's text: its plain text and its runs' (phonetic guides left out)."""
    parts = []
    plain = node.find(f"{MAIN}t")
    if plain is not None and plain.text:
        parts.append(plain.text)
    for run in node.findall(f"{MAIN}r"):
        t = run.find(f"{MAIN}t")
        if t is not None and t.text:
            parts.append(t.text)
    return "".join(parts)


class XmlSheet:
    """One worksheet's cell values (what the read-only readers use of openpyxl's Worksheet:
    ``title``, ``tables``, ``cell``, ``iter_rows(values_only=True)``, ``max_row``)."""

    def __init__(self, book: XmlWorkbook, title: str, part: str):
        self.title = title
        self._book = book
        self._part = part
        self._cells: dict[tuple[int, int], Any] | None = None
        self._max_row = 1
        self._tables: dict[str, TableRef] | None = None

    def _load(self) -> dict[tuple[int, int], Any]:
        if self._cells is None:
            self._cells = self._book._guarded(self.title, self._book._read_cells, self._part)
            self._max_row = max((r for r, _ in self._cells), default=1)
        return self._cells

    @property
    def max_row(self) -> int:
        self._load()
        return self._max_row

    @property
    def tables(self) -> dict[str, TableRef]:
        if self._tables is None:
            self._tables = self._book._guarded(self.title, self._book._read_tables, self._part)
        return self._tables

    def cell(self, row: int, column: int) -> CellValue:
        return CellValue(self._load().get((row, column)))

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, min_col: int = 1,
                  max_col: int | None = None, values_only: bool = True
                  ) -> Iterator[tuple[Any, ...]]:
        if not values_only:
            raise NotImplementedError("only values are read")
        cells = self._load()
        last_row = self._max_row if max_row is None else max_row
        last_col = max((c for _, c in cells), default=1) if max_col is None else max_col
        for r in range(min_row, last_row + 1):
            yield tuple(cells.get((r, c)) for c in range(min_col, last_col + 1))


class XmlWorkbook:
    """The sheets of a workbook by name, each read when first used."""

    def __init__(self, archive: zipfile.ZipFile, sheets: list[tuple[str, str]],
                 epoch: dt.datetime, name: str = ""):
        self.name = name
        self._archive = archive
        self._names = set(archive.namelist())
        self._epoch = epoch
        self._sheets = {title: XmlSheet(self, title, part) for title, part in sheets}
        self.sheetnames = [title for title, _ in sheets]
        self._strings: list[str] | None = None
        self._styles: tuple[frozenset[int], frozenset[int]] | None = None
        #: What readers worked out from this workbook, kept for the next reader: it is never
        #: written to, so what they read stays true.
        self.memo: dict[Any, Any] = {}

    def __getitem__(self, name: str) -> XmlSheet:
        return self._sheets[name]

    def __contains__(self, name: object) -> bool:
        return name in self._sheets

    def close(self) -> None:
        self._archive.close()

    def _guarded(self, sheet: str, read: Any, part: str) -> Any:
        """``read(part)``; a damaged part (a bad zip member, XML that is not well-formed, a
        value that is not what its type says) is refused in words."""
        try:
            return read(part)
        except InputError:
            raise
        except Exception as exc:  # any damage to the file means the same to the user
            raise InputError(f"'{self.name}': cannot open it as an Excel workbook (sheet "
                             f"'{sheet}': {exc})") from exc

    def _root(self, part: str) -> ElementTree.Element:
        return ElementTree.fromstring(self._archive.read(part))

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            part = self._related("xl/workbook.xml", "/sharedStrings")
            self._strings = [] if part is None else [
                _text(si).replace("x005F_", "") for si in self._root(part).iter(f"{MAIN}si")]
        return self._strings

    def _related(self, source: str, type_suffix: str) -> str | None:
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self._names:
            return None
        root = self._root(rels)
        for rel in root:
            if (rel.get("Type") or "").endswith(type_suffix):
                target = rel.get("Target") or ""
                path = (target.lstrip("/") if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target)))
                return path if path in self._names else None
        return None

    def _date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """(style ids whose format shows a date or time, those showing elapsed time)."""
        if self._styles is None:
            part = self._related("xl/workbook.xml", "/styles")
            dates: set[int] = set()
            elapsed: set[int] = set()
            if part is not None:
                root = self._root(part)
                custom = {int(f.get("numFmtId", "-1")): f.get("formatCode", "")
                          for f in root.iter(f"{MAIN}numFmt")}
                xfs = root.find(f"{MAIN}cellXfs")
                for i, xf in enumerate(xfs if xfs is not None else []):
                    fmt_id = int(xf.get("numFmtId", "0"))
                    code = custom.get(fmt_id, _BUILTIN_DATES.get(fmt_id))
                    if is_date_format(code):
                        dates.add(i)
                        if is_elapsed_format(code):
                            elapsed.add(i)
            self._styles = frozenset(dates), frozenset(elapsed)
        return self._styles

    def _read_tables(self, part: str) -> dict[str, TableRef]:
        out = {}
        for target in _relations(self._archive, part).values():
            if "/tables/" not in target or target not in self._names:
                continue
            root = self._root(target)
            name = root.get("displayName") or root.get("name") or ""
            out[name] = TableRef(name, root.get("ref", ""))
        return out

    def _read_cells(self, part: str) -> dict[tuple[int, int], Any]:
        dates, elapsed = self._date_styles()
        cells: dict[tuple[int, int], Any] = {}
        row_number = 0
        for row in self._root(part).iter(f"{MAIN}row"):
            r = row.get("r")
            row_number = int(r) if r else row_number + 1
            column = 0
            for c in row.iter(f"{MAIN}c"):
                ref = c.get("r")
                if ref:
                    found = _CELL_REF.match(ref)
                    if found is None:
                        raise ValueError(f"cell reference {ref!r}")
                    column = column_index(found.group(1))
                    row_here = int(found.group(2))
                else:
                    column += 1
                    row_here = row_number
                cells[(row_here, column)] = self._value(c, dates, elapsed)
        return cells

    def _value(self, c: ElementTree.Element, dates: frozenset[int],
               elapsed: frozenset[int]) -> Any:
        kind = c.get("t", "n")
        formula = c.find(f"{MAIN}f")
        if formula is not None:
            # the formula text (a shared formula's followers have none: only "=" is needed
            # to know the cell holds a formula, whose computed value is read separately)
            return "=" + (formula.text or "")
        if kind == "inlineStr":
            inline = c.find(f"{MAIN}is")
            return None if inline is None else _text(inline)
        value = c.findtext(f"{MAIN}v") or None
        if value is None:
            return None
        if kind == "n":
            number: float = (float(value) if "." in value or "e" in value.lower()
                             else int(value))
            style = int(c.get("s") or 0)
            if style in dates:
                try:
                    return serial_to_datetime(number, self._epoch, style in elapsed)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # a date beyond the calendar: an error, as openpyxl has it
            return number
        if kind == "s":
            return self._shared_strings()[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return dt.datetime.fromisoformat(value)
        return value   # "str" (a formula's text result) and "e" (an error such as #N/A)


def open_xml_workbook(path: str | Path) -> XmlWorkbook | None:
    """The workbook at ``path`` for reading cell values; None when it must be read by openpyxl
    (see the module's notes)."""
    try:
        archive = zipfile.ZipFile(path)
    except Exception:  # not a zip package (openpyxl's load says so in its words)
        return None
    try:
        if "xl/workbook.xml" not in archive.namelist():
            archive.close()
            return None
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        if root.tag != f"{MAIN}workbook":
            archive.close()
            return None  # strict namespace or not a workbook: openpyxl decides
        targets = _relations(archive, "xl/workbook.xml")
        names = set(archive.namelist())
        sheets = []
        for sheet in root.iter(f"{MAIN}sheet"):
            part = targets.get(sheet.get(f"{_R}id") or "")
            if part is None or part not in names:
                archive.close()
                return None  # a sheet without its part: openpyxl's message says so
            sheets.append((sheet.get("name") or "", part))
        props = root.find(f"{MAIN}workbookPr")
        flag = (props.get("date1904") or "").lower() if props is not None else ""
        epoch = _EPOCH_1904 if flag in ("1", "true") else _EPOCH_1900
    except Exception:  # any damage: openpyxl's load says what is wrong, in its words
        archive.close()
        return None
    return XmlWorkbook(archive, sheets, epoch, Path(path).name)
