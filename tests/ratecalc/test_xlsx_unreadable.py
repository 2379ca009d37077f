"""A cell no reader can read, named by every reader of an .xlsx (ratecalc/xlsx_unreadable.py).

The master workbook's reader named the sheet and cell of a shared-text cell pointing past the
workbook's texts; the core's readers of a payer's fee schedule, a folder's XLSX table and a
workbook with a sheet per table said "'rates.xlsx': cannot read it as XLSX (list index out of
range)", and a cell reference past column XFD got openpyxl's words, over two lines, from all of
them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ratecalc.errors import InputError, UnreadableFileError
from ratecalc.loaders import load_workbook_file, read_grid
from tests.hostile_xlsx import sheet_part, with_part

TEXT_PAST_THE_END = ('<c r="C3" t="s"><v>99999</v></c>',
                     "sheet 'Rates', cell C3: a text cell pointing at text number 99,999")
NO_CELL = ('<c r="ZZZZ3"><v>29</v></c>',
           "sheet 'Rates', cell ZZZZ3: a cell whose reference 'ZZZZ3' names no cell, where a "
           "column of one to three letters and a row number (such as B7) was expected")
DATE_NOT_A_DATE = ('<c r="C3" t="d"><v>soon</v></c>',
                   "sheet 'Rates', cell C3: a date cell holding 'soon'")


def _schedule(path: Path, cell: str) -> Path:
    """A payer's fee schedule, its cell C3 (an amount) written as ``cell``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rates"
    for row in (["CPT", "Description", "Allowable"], ["97110", "Exercise", 31.5],
                ["97140", "Manual therapy", 29.0]):
        ws.append(row)
    plain = path.with_name("plain.xlsx")
    wb.save(plain)
    part = sheet_part(plain, "Rates")
    with zipfile.ZipFile(plain) as archive:
        xml = archive.read(part).decode()
    xml, found = re.subn(r'<c r="C3"[^>]*>.*?</c>', cell, xml, count=1)
    assert found == 1
    return with_part(plain, path, part, lambda: [xml.encode()])


@pytest.mark.parametrize(("cell", "expected"), [TEXT_PAST_THE_END, NO_CELL, DATE_NOT_A_DATE])
def test_a_fee_schedule_names_the_cell_no_reader_can_read(tmp_path: Path, cell: str,
                                                          expected: str) -> None:
    path = _schedule(tmp_path / "rates.xlsx", cell)
    with pytest.raises(UnreadableFileError) as raised:
        read_grid(path)
    message = str(raised.value)
    assert message.startswith(f"'rates.xlsx', {expected}"), message
    assert "open and save the workbook in Excel" in message and "\n" not in message


def test_a_workbook_with_a_sheet_per_table_names_the_cell(tmp_path: Path) -> None:
    path = _schedule(tmp_path / "tables.xlsx", TEXT_PAST_THE_END[0])
    with pytest.raises(InputError) as raised:
        load_workbook_file(path)
    assert str(raised.value).startswith(f"'tables.xlsx', {TEXT_PAST_THE_END[1]}")


@pytest.mark.parametrize("ref", ["A1", "XFD1048576", "c3", "XFE3", "A0"])
def test_a_reference_openpyxl_reads_is_not_blamed(tmp_path: Path, ref: str) -> None:
    path = _schedule(tmp_path / "rates.xlsx", f'<c r="{ref}"><v>29</v></c>')
    openpyxl.load_workbook(path)  # reads
    from ratecalc.xlsx_unreadable import unreadable_cell

    assert unreadable_cell(path) is None


@pytest.mark.parametrize("value", ["2026-12-31xyz", "PT8H", "T08:30", "12:30Z"])
def test_a_date_cell_openpyxl_reads_is_not_blamed(tmp_path: Path, value: str) -> None:
    """openpyxl reads a date at the start of a text, a time, a duration: none is blamed for a
    failure elsewhere."""
    path = _schedule(tmp_path / "rates.xlsx", f'<c r="C3" t="d"><v>{value}</v></c>')
    openpyxl.load_workbook(path)  # reads
    from ratecalc.xlsx_unreadable import unreadable_cell

    assert unreadable_cell(path) is None
