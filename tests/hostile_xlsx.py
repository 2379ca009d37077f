"""Hostile .xlsx files, built from a real workbook by changing one part (see
:mod:`ratecalc.xlsx_package`). Each is small on disk and written as a stream: a zip bomb is a
huge part of one repeated byte, compressed as it is written, never held in memory.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from ratecalc.limits import EXCEL_MAX_ROWS, MAX_XLSX_PART_BYTES

_CHUNK = 1 << 20
SHARED_STRINGS = "xl/sharedStrings.xml"
_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'


def with_part(source: Path, target: Path, part: str, content: Callable[[], Iterable[bytes]]
              ) -> Path:
    """``source``'s package at ``target`` with ``part`` (replaced or added) written from the
    chunks of ``content()``."""
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            if info.filename != part:
                copy.writestr(info, original.read(info))
        with copy.open(part, "w", force_zip64=True) as stream:
            for chunk in content():
                stream.write(chunk)
    return target


def sheet_part(book: Path, sheet: str) -> str:
    """The package part holding ``sheet`` (the book is one RateCalc wrote)."""
    with zipfile.ZipFile(book) as archive:
        xml = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'name="{re.escape(escape(sheet))}"[^>]*r:id="([^"]+)"', xml)
    assert rid is not None
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) \
        or re.search(rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target is not None
    return target.group(1).lstrip("/") if target.group(1).startswith("/") \
        else f"xl/{target.group(1)}"


def shared_string_bomb(source: Path, target: Path, size: int = MAX_XLSX_PART_BYTES + 1) -> Path:
    """One shared string of ``size`` bytes (default: just over the part limit)."""
    def content() -> Iterable[bytes]:
        yield _SST
        left = size - len(_SST) - len(b"</t></si></sst>")
        block = b"A" * _CHUNK
        while left > 0:
            yield block[:left]
            left -= _CHUNK
        yield b"</t></si></sst>"
    return with_part(source, target, SHARED_STRINGS, content)


def _sheet_with(source: Path, sheet: str, rows: Callable[[], Iterable[bytes]],
                dimension: bytes | None) -> Callable[[], Iterable[bytes]]:
    """``sheet``'s XML with ``rows()`` as its first rows and its dimension replaced (None:
    removed)."""
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(sheet_part(source, sheet))
    xml = re.sub(rb"<dimension [^>]*/>", dimension or b"", xml)
    before, after = xml.split(b"<sheetData>", 1)

    def content() -> Iterable[bytes]:
        yield before + b"<sheetData>"
        yield from rows()
        yield after
    return content


def too_many_rows(source: Path, target: Path, sheet: str = "Fee Schedules",
                  row: bytes = b'<row spans="1:%d"/>') -> Path:
    """One row more than Excel allows (``row % n`` each, with no row number, so the rows have
    to be counted), and no dimension."""
    def rows() -> Iterable[bytes]:
        for start in range(1, EXCEL_MAX_ROWS + 2, 50_000):
            stop = min(start + 50_000, EXCEL_MAX_ROWS + 2)
            yield b"".join(row % ((n,) * row.count(b"%d")) for n in range(start, stop))
    return with_part(source, target, sheet_part(source, sheet),
                     _sheet_with(source, sheet, rows, None))


def lying_dimension(source: Path, target: Path, sheet: str = "Fee Schedules") -> Path:
    """A dimension one row past Excel's last."""
    return with_part(source, target, sheet_part(source, sheet), _sheet_with(
        source, sheet, lambda: [], b'<dimension ref="A1:F1048577"/>'))


def far_row(source: Path, target: Path, sheet: str = "Fee Schedules") -> Path:
    """A row and cell at row 2,000,000,000 (Excel's last is 1,048,576), in a small file."""
    row = b'<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>'
    return with_part(source, target, sheet_part(source, sheet),
                     _sheet_with(source, sheet, lambda: [row], None))


def entity_expansion(source: Path, target: Path) -> Path:
    """xl/workbook.xml behind a billion-laughs DOCTYPE (and an external entity)."""
    with zipfile.ZipFile(source) as archive:
        xml = archive.read("xl/workbook.xml")
    laughs = b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10)
                      for i in range(1, 10))
    doctype = (b'<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY lol0 "lol">' + laughs
               + b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
    return with_part(source, target, "xl/workbook.xml", lambda: [doctype, body])


def with_raw_cell(source: Path, target: Path, sheet: str, ref: str, raw: str) -> Path:
    """``source`` with cell ``ref`` of ``sheet`` holding the number cell ``<v>raw</v>`` as the
    XML has it (``1E999``, which openpyxl reads as an infinity; ``NaN``, which it cannot read)."""
    part = sheet_part(source, sheet)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part).decode()
    cell = f'<c r="{ref}"><v>{raw}</v></c>'
    xml, found = re.subn(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', cell, xml, count=1)
    assert found == 1, f"no cell {ref} in {sheet}"
    return with_part(source, target, part, lambda: [xml.encode()])


def crc_damaged(source: Path, target: Path, sheet: str, held: bool = False) -> Path:
    """``source`` with the CRC the zip stores for ``sheet``'s part (``held``: for the first part
    the sheet's relationships name, a table) flipped in its local header and its directory
    entry, its bytes unchanged: as a disk or a copy damages one part of a file."""
    part = sheet_part(source, sheet)
    if held:
        folder, name = part.rsplit("/", 1)
        with zipfile.ZipFile(source) as archive:
            rels = archive.read(f"{folder}/_rels/{name}.rels").decode()
        found = re.search(r'Target="([^"]+)"', rels)
        assert found is not None
        part = found.group(1).lstrip("/") if found.group(1).startswith("/") else \
            posixpath.normpath(posixpath.join(folder, found.group(1)))
    data = bytearray(source.read_bytes())
    # (signature, offset of the CRC, of the name's length, of the name)
    for signature, crc, length, name_at in ((b"PK\x03\x04", 14, 26, 30),
                                            (b"PK\x01\x02", 16, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            size = int.from_bytes(data[at + length:at + length + 2], "little")
            if data[at + name_at:at + name_at + size] == part.encode():
                data[at + crc] ^= 0xFF
            at = data.find(signature, at + 4)
    target.write_bytes(data)
    return target


def formatted_blanks(source: Path, target: Path, sheet: str = "My notes", *,
                     last_row: int = EXCEL_MAX_ROWS, cells: bool = True) -> Path:
    """``source`` with a sheet of the user's added: a text in A1 and a number in B2, then every
    row down to ``last_row`` formatted but blank (``cells``: a styled empty cell A3, A4...,
    as Excel writes a fill applied to a range; else a styled empty row), as a stream."""
    from openpyxl import load_workbook

    staged = target.with_name(f"staged-{target.name}")
    book = load_workbook(source)
    book.create_sheet(sheet)
    book.save(staged)

    def rows() -> Iterable[bytes]:
        yield (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Notes of mine</t></is></c></row>'
               b'<row r="2"><c r="B2"><v>42</v></c></row>')
        for start in range(3, last_row + 1, 50_000):
            stop = min(start + 50_000, last_row + 1)
            if cells:
                yield b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (n, n)
                               for n in range(start, stop))
            else:
                yield b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n
                               for n in range(start, stop))
    with_part(staged, target, sheet_part(staged, sheet), _sheet_with(
        staged, sheet, rows, b'<dimension ref="A1:B%d"/>' % last_row))
    staged.unlink()
    return target
