"""A cell openpyxl cannot read (ratecalc/xlsx_unreadable.py) is named by sheet and cell.

A shared-text cell whose index is not a number or points past the workbook's texts, and a date
cell whose text is not an ISO 8601 date, stop openpyxl with "list index out of range" or
"invalid XML". The reader's message names the file, the sheet, the cell, what it holds and what
was expected.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc.errors import InputError
from ratecalc.xlsx_unreadable import unreadable_cell
from ratecalc_workbook.reader import read_workbook

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _sheet(rows: str) -> str:
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>'


def _plain_book(path: Path) -> Path:
    """Two sheets of shared texts (5 in all), a number, a date and a formula, written as Excel
    writes them (openpyxl itself writes texts inline)."""
    parts = {
        "[Content_Types].xml":
            f'<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_TYPES}.worksheet+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet2.xml" '
            f'ContentType="{_TYPES}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_TYPES}.sharedStrings+xml"/></Types>',
        "_rels/.rels":
            f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Notes" sheetId="1" r:id="rId1"/>'
            '<sheet name="Rates &amp; Codes" sheetId="2" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>',
        "xl/sharedStrings.xml":
            f'<sst xmlns="{_MAIN}" count="5" uniqueCount="5">'
            + "".join(f"<si><t>{t}</t></si>" for t in ("payer", "rate", "Alpha", "code", "97110"))
            + "</sst>",
        "xl/worksheets/sheet1.xml": _sheet(
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12.5</v></c></row>'),
        "xl/worksheets/sheet2.xml": _sheet(
            '<row r="1"><c r="A1" t="s"><v>3</v></c></row>'
            '<row r="2"><c r="B2" t="s"><v>4</v></c></row>'
            '<row r="3"><c r="C3"><f>1+1</f><v>2</v></c>'
            '<c r="D3" t="d"><v>2026-12-31</v></c></row>'),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def _rewrite(path: Path, part: str, change: tuple[str, str]) -> Path:
    """``path`` with the first match of ``change[0]`` in ``part`` replaced by ``change[1]``."""
    out = path.with_name(f"changed-{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                text, n = re.subn(change[0], change[1], data.decode(), count=1)
                assert n == 1, f"{change[0]!r} not in {part}"
                data = text.encode()
            target.writestr(info, data)
    return out


SHEET2 = "xl/worksheets/sheet2.xml"
B2_TEXT = r'<c r="B2" t="s"><v>\d+</v>'


@pytest.mark.parametrize(("cell", "expected"), [
    ('<c r="B2" t="s"><v>7</v>', "cell B2: a text cell pointing at text number 7, but the "
                                 "workbook holds 5 texts (numbered from 0)"),
    ('<c r="B2" t="s"><v>-6</v>', "pointing at text number -6"),
    ('<c r="B2" t="s"><v>seven</v>', "cell B2: a text cell holding 'seven' where the number "
                                     "of one of the workbook's texts was expected"),
    ('<c r="B2" t="d"><v>2026-13-45</v>', "cell B2: a date cell holding '2026-13-45' where an "
                                          "ISO 8601 date was expected"),
    ('<c r="B2" t="d"><v>next week</v>', "a date cell holding 'next week'"),
])
def test_the_cell_openpyxl_stops_at_is_named(tmp_path: Path, cell: str, expected: str) -> None:
    book = _rewrite(_plain_book(tmp_path / "b.xlsx"), SHEET2, (B2_TEXT, cell))
    with book.open("rb") as handle, pytest.raises(Exception):  # noqa: B017, PT011 - openpyxl's
        load_workbook(handle)
    found = unreadable_cell(book)
    assert found is not None and found.startswith("sheet 'Rates & Codes', cell B2: ")
    assert expected in found


@pytest.mark.parametrize("cell", [
    '<c r="B2" t="s"><v>4</v>',  # the last of 5 texts
    '<c r="B2" t="s"><v>-5</v>',  # Python's index from the end, which openpyxl takes
    '<c r="B2" t="d"><v>2026-12-31T08:30:00</v>',
    '<c r="B2" t="d"><v>08:30</v>',
    '<c r="B2" t="s"><v></v>',  # no value
])
def test_cells_openpyxl_reads_are_not_named(tmp_path: Path, cell: str) -> None:
    book = _rewrite(_plain_book(tmp_path / "b.xlsx"), SHEET2, (B2_TEXT, cell))
    load_workbook(book)  # reads
    assert unreadable_cell(book) is None


def test_a_formulas_stored_value_counts_only_when_values_are_read(tmp_path: Path) -> None:
    book = _rewrite(_plain_book(tmp_path / "b.xlsx"), SHEET2,
                    (r'<c r="C3"><f>1\+1</f><v>2', '<c r="C3" t="s"><f>1+1</f><v>99'))
    load_workbook(book)  # a formula's stored value is not read
    assert unreadable_cell(book) is None
    assert unreadable_cell(book, data_only=True) == (
        "sheet 'Rates & Codes', cell C3: a text cell pointing at text number 99, but the "
        "workbook holds 5 texts (numbered from 0)")


def test_a_file_that_is_no_package_leaves_the_message_to_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    assert unreadable_cell(path) is None


def test_the_readers_message_names_file_sheet_and_cell(tiny_new_book: Path,
                                                        tmp_path: Path) -> None:
    source = tmp_path / "negotiation.xlsx"
    source.write_bytes(tiny_new_book.read_bytes())
    with zipfile.ZipFile(source) as archive:
        part = next(p for p in archive.namelist() if p.startswith("xl/worksheets/sheet")
                    and b"Alpha Health" in archive.read(p))
        sheet = load_workbook(source, read_only=True)
        names = {ws.title for ws in sheet.worksheets}
        sheet.close()
    book = _rewrite(source, part, (r'<c r="([A-Z]+[0-9]+)"([^>]*) t="inlineStr"><is><t>Alpha '
                                   r'Health</t></is>', r'<c r="\1"\2 t="s"><v>12345</v>'))
    with pytest.raises(InputError) as caught:
        read_workbook(book)
    message = str(caught.value)
    assert message.startswith(f"'{book.name}', sheet '")
    assert re.search(r"', cell [A-Z]+[0-9]+: a text cell pointing at text number 12,345, but the "
                     r"workbook holds 0 texts", message), message
    assert message.split("'")[3] in names
    assert "open and save the workbook in Excel" in message
