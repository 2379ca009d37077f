"""The read-only readers' XML cell reader gives every cell the value openpyxl's load gives it
(openpyxl is the reference: the reader replaced it for reading only)."""

from __future__ import annotations

import io
import math
import shutil
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles.numbers import is_date_format as openpyxl_is_date_format
from openpyxl.styles.numbers import is_timedelta_format as openpyxl_is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ratecalc.errors import InputError
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.xml_read import (
    column_letter,
    is_date_format,
    is_elapsed_format,
    open_xml_workbook,
    range_bounds,
)

from .conftest import open_book


def _same_cells(path: Path) -> list[str]:
    """Every difference between openpyxl's values and the XML reader's, cell by cell."""
    wb = open_book(path)
    xb = open_xml_workbook(path)
    assert xb is not None
    assert xb.sheetnames == wb.sheetnames
    out = []
    for name in wb.sheetnames:
        ws, xs = wb[name], xb[name]
        if ws.max_row != xs.max_row:
            out.append(f"{name}: max_row {ws.max_row} != {xs.max_row}")
        if {k: ws.tables.get(k).ref for k in ws.tables} != {k: t.ref for k, t in
                                                             xs.tables.items()}:
            out.append(f"{name}: tables differ")
        for row in ws.iter_rows():
            for cell in row:
                want: Any = cell.value
                got = xs.cell(row=cell.row, column=cell.column).value
                if not isinstance(want, str | int | float | bool | datetime | date | time |
                                  timedelta | type(None)):
                    want = "=" + str(getattr(want, "text", want))   # array formula objects
                if type(want) is not type(got) or not (want == got or _both_nan(want, got)):
                    out.append(f"{name}!{cell.coordinate}: {want!r} != {got!r}")
    xb.close()
    return out


def _both_nan(a: Any, b: Any) -> bool:
    return isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)


def test_every_cell_of_the_demo_workbook_reads_as_openpyxl_reads_it(demo_book):
    assert _same_cells(demo_book) == []


def _odd_cells_book(path: Path, epoch_1904: bool = False) -> Path:
    wb = Workbook()
    if epoch_1904:
        wb.epoch = datetime(1904, 1, 1)
    ws = wb.active
    ws.title = "Odd & 'names'"
    rows: list[tuple[Any, str | None]] = [
        (date(2026, 3, 31), "yyyy-mm-dd"), (datetime(2025, 12, 1, 9, 30), "m/d/yy h:mm"),
        (time(14, 5), "h:mm"), (timedelta(hours=30, minutes=15), "[h]:mm:ss"),
        (datetime(1900, 2, 1), "d-mmm-yy"), (45000.5, '[Red]"$"#,##0.00'),
        (0.125, "0.0%"), (7, None), (7.0, None), (1e-7, None), (-3, None), (True, None),
        (False, None), ("=SUM(1,2)", None), ("'=not a formula", None), ("  padded  ", None),
        ("line\nbreak", None), ("#N/A", None), ("97110", "@"), (45000, '"date" 0'),
        (45000, "dd/mm/yyyy;@"), (45000, "[$-409]mmmm d, yyyy"), (45000, r"\d0"),
    ]
    for i, (value, fmt) in enumerate(rows, start=1):
        cell = ws.cell(row=i, column=2, value=value)
        if fmt:
            cell.number_format = fmt
    ws["D30"] = "far cell"
    ws["A40"].number_format = "yyyy-mm-dd"   # styled, empty: counts for max_row in openpyxl
    second = wb.create_sheet("Second")
    second.append(["Code", "Rate"])
    second.append(["G0283", 12.14])
    wb.save(path)
    return path


@pytest.mark.parametrize("epoch_1904", [False, True])
def test_dates_times_numbers_text_and_formulas_read_as_openpyxl_reads_them(tmp_path,
                                                                            epoch_1904):
    book = _odd_cells_book(tmp_path / "odd.xlsx", epoch_1904)
    assert _same_cells(book) == []


_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _shared_strings_book(path: Path) -> Path:
    """A package as Excel writes text: shared strings, one of them rich text with a phonetic
    guide, one with Excel's escape of an underscore sequence, and a cell without its address."""
    strings = ('<si><t>Payer</t></si>'
               '<si><r><t>Rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r>'
               '<rPh sb="0" eb="1"><t>phonetic</t></rPh></si>'
               '<si><t>a_x005F_x0041_b</t></si>'
               '<si><t xml:space="preserve">  spaced  </t></si>')
    sheet = ('<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
             '</row><row r="2"><c r="A2" t="s"><v>2</v></c><c t="s"><v>3</v></c>'
             '<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#DIV/0!</v></c>'
             '<c r="E2" t="str"><f>A1&amp;"x"</f><v>Payerx</v></c></row>'
             '<row><c r="A3"><v>1.5E3</v></c></row></sheetData>')
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
            '</Types>'),
        "_rels/.rels": (f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                        f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
                        '</Relationships>'),
        "xl/workbook.xml": (f'<workbook xmlns="{_SML}" xmlns:r="{_DOC}"><sheets><sheet '
                            'name="Texts" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC}/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{_DOC}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_SML}">{sheet}</worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{_SML}" count="4" uniqueCount="4">{strings}</sst>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_a_workbook_with_shared_strings_reads_the_same(tmp_path):
    """Rich text runs are read as Excel shows the text, phonetic guides left out."""
    book = _shared_strings_book(tmp_path / "shared.xlsx")
    assert _same_cells(book) == []
    xb = open_xml_workbook(book)
    assert xb is not None
    sheet = xb["Texts"]
    assert [sheet.cell(row=1, column=c).value for c in (1, 2)] == ["Payer", "Rich text "]
    assert sheet.cell(row=2, column=2).value == "  spaced  "
    assert sheet.cell(row=3, column=1).value == 1500.0


FORMATS = ["General", "0.00", "yyyy-mm-dd", "mm-dd-yy", "d-mmm", "h:mm AM/PM", "[h]:mm:ss",
           "[mm]:ss", "[ss].00", '"$"#,##0.00', '[Red]"$"#,##0.00;[Blue]0', "[$-409]mmmm d",
           '"day" 0', r"\d0", "_d0", "0.00;yyyy", "@", "[$USD] #,##0", "[h]", "mm:ss.0",
           "dd/mm/yyyy;@", '#,##0" days"', "[Color10]0", "[<=9999999]###-####"]


@pytest.mark.parametrize("code", FORMATS)
def test_date_formats_are_told_as_openpyxl_tells_them(code):
    assert is_date_format(code) == openpyxl_is_date_format(code)
    assert is_elapsed_format(code) == openpyxl_is_timedelta_format(code)


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_are_openpyxls(index):
    assert column_letter(index) == get_column_letter(index)


@given(st.integers(1, 16384), st.integers(1, 1_048_576), st.integers(1, 16384),
       st.integers(1, 1_048_576))
def test_ranges_are_openpyxls(c1, r1, c2, r2):
    c1, c2, r1, r2 = min(c1, c2), max(c1, c2), min(r1, r2), max(r1, r2)
    ref = f"{get_column_letter(c1)}{r1}:${get_column_letter(c2)}${r2}"
    assert range_bounds(ref) == range_boundaries(ref) == (c1, r1, c2, r2)


CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL_VALUES, min_size=1, max_size=6), min_size=1, max_size=8))
def test_any_values_read_as_openpyxl_reads_them(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    folder = Path(__import__("tempfile").mkdtemp())
    try:
        book = folder / "any.xlsx"
        book.write_bytes(buffer.getvalue())
        assert _same_cells(book) == []
    finally:
        shutil.rmtree(folder)


def test_a_broken_sheet_is_refused_in_words_naming_the_file(tmp_path, demo_book):
    book = shutil.copy(demo_book, tmp_path / "broken.xlsx")
    with zipfile.ZipFile(book) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    for name in parts:
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = parts[name][: len(parts[name]) // 2]   # cut off mid-way
    with zipfile.ZipFile(book, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data, problems = read_workbook(book)
    assert data is None
    messages = [p.message for p in problems if p.severity == "error"]
    assert any("'broken.xlsx': cannot open it as an Excel workbook (sheet 'Clinic'" in m
               for m in messages), messages


def test_a_damaged_zip_member_is_refused_in_words(tmp_path, demo_book):
    """A sheet whose compressed bytes are damaged (found by the fuzz test: zlib's error
    escaped) is refused as any other damage is."""
    book = tmp_path / "damaged.xlsx"
    data = bytearray(demo_book.read_bytes())
    with zipfile.ZipFile(demo_book) as archive:
        info = archive.getinfo("xl/worksheets/sheet3.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + 40):   # inside the deflate stream
        data[i] ^= 0x5A
    book.write_bytes(bytes(data))
    try:
        found = read_workbook(book)
    except InputError as exc:
        assert "'damaged.xlsx'" in str(exc)
    else:
        messages = [p.message for p in found[1] if p.severity == "error"]
        assert any("'damaged.xlsx': cannot open it as an Excel workbook" in m
                   for m in messages), messages


def test_what_the_reader_does_not_read_goes_to_openpyxl(tmp_path):
    not_zip = tmp_path / "fake.xlsx"
    not_zip.write_text("not a workbook")
    assert open_xml_workbook(not_zip) is None
    with pytest.raises(InputError, match="'fake.xlsx': cannot open it as an Excel workbook"):
        read_workbook(not_zip)
