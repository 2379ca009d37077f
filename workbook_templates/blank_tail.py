"""Formatted blank rows below a sheet's last value, found before a workbook is loaded to be saved.

Excel writes a row or a cell for every blank one formatted (a fill or a border applied to rows
3 to 1,048,576), and openpyxl holds each as an object: a sheet of two values formatted down to
Excel's last row made ``refresh`` take 20 CPU-s and 830 MB (blank cells) to 1,020 MB (blank
rows). Dropping them would lose the user's formatting, which a saved workbook must keep; so a
sheet with more than :data:`~ratecalc.limits.MAX_BLANK_TAIL` of them is refused, naming the
sheet, its last value's row and what to clear, before anything is loaded. Only the raw XML is
searched (the package check has bounded its size).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection
from pathlib import Path

from ratecalc.limits import MAX_BLANK_TAIL
from ratecalc.xlsx_parts import sheet_parts

# A cell's value, inline text or formula, as every writer here writes them (unprefixed); a
# sheet with a prefixed namespace is not searched.
_VALUE_MARKS = (b"<v>", b"<v ", b"<is>", b"<is ", b"<f>", b"<f ", b"<f/>")
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\sr="([0-9]+)"')


def blank_tail_refusal(book: Path, skip: Collection[str] = ()) -> str | None:
    """Why ``book`` is not loaded to be saved: the first sheet (but those in ``skip``) with more
    than :data:`~ratecalc.limits.MAX_BLANK_TAIL` rows or cells below its last value, in words
    naming the file, the sheet, the rows and what to do; None when no sheet has."""
    with zipfile.ZipFile(book) as archive:
        for sheet, part in sheet_parts(archive):
            if sheet in skip:
                continue
            info = archive.getinfo(part)
            if info.file_size < MAX_BLANK_TAIL * len(b"<row/>"):
                continue  # too small to hold that many
            found = _blank_tail(archive.read(part))
            if found is not None:
                last_value, blanks, last_row = found
                rows = (f"rows {last_value + 1:,} to {last_row:,}" if last_row > last_value
                        else "the rows below it")
                return (f"'{book.name}', sheet {sheet!r}: {blanks:,} blank rows or cells "
                        f"formatted below its last value (in row {last_value:,}), more than the "
                        f"{MAX_BLANK_TAIL:,} RateCalc loads to save a workbook (each costs "
                        f"memory: 1,048,576 took a gigabyte); clear their formats in Excel "
                        f"(select {rows}, Home > Clear > Clear Formats, save) and run it "
                        f"again; the workbook is unchanged")
    return None


def _blank_tail(xml: bytes) -> tuple[int, int, int] | None:
    """(the row of the last value, the rows or cells after it, the last row) when more than
    :data:`~ratecalc.limits.MAX_BLANK_TAIL` rows or cells follow the last value; else None."""
    start = xml.find(b"<sheetData")
    if start < 0:
        return None
    end = xml.rfind(b"</sheetData>")
    end = len(xml) if end < 0 else end
    last = max(xml.rfind(mark, start, end) for mark in _VALUE_MARKS)
    after = max(last, start)
    blanks = max(xml.count(b"<row", after, end),
                 xml.count(b"<c ", after, end) + xml.count(b"<c>", after, end))
    if blanks <= MAX_BLANK_TAIL:
        return None
    rows = list(_ROW_NUMBER.finditer(xml, max(start, xml.rfind(b"<row", start, after)), after + 1))
    last_value = int(rows[-1].group(1)) if last >= 0 and rows else 0
    tail = _ROW_NUMBER.search(xml, xml.rfind(b"<row", after, end), end) \
        if xml.rfind(b"<row", after, end) >= 0 else None
    return last_value, blanks, int(tail.group(1)) if tail else last_value
