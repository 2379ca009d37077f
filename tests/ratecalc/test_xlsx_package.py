"""The package check every .xlsx reader runs first (:mod:`ratecalc.xlsx_package`): each hostile
shape refused in words naming the file, the sheet or part and the limit."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc import xlsx_package
from ratecalc.errors import InputError
from ratecalc.limits import MAX_XLSX_RATIO
from ratecalc.xlsx_package import check_xlsx_package
from tests import hostile_xlsx as hostile


@pytest.fixture
def book(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Fee Schedules"
    ws.append(["payer", "code", "allowed_amount"])
    ws.append(["Alpha Health", "97110", 31.5])
    wb.create_sheet("Volumes")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_a_plain_workbook_passes(book: Path) -> None:
    check_xlsx_package(book)
    check_xlsx_package(book.read_bytes(), "book.xlsx")


@pytest.mark.parametrize(("content", "expected"), [
    (b"", r"'bad.xlsx': the file is empty; expected an Excel workbook \(.xlsx"),
    (b"payer,code\nAlpha,97110\n", r"'bad.xlsx': expected an Excel workbook .*; it is text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), r"'bad.xlsx': an Excel 97-2003 \(.xls\) "
                                                       r"or password-protected workbook"),
    (b"PK\x03\x04" + bytes(100), r"'bad.xlsx': expected an Excel workbook .*; it is damaged"),
])
def test_not_a_workbook(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        check_xlsx_package(path)


def test_a_part_with_no_name_is_refused(book: Path, tmp_path: Path) -> None:
    """A member with an empty name (found by fuzz_hostile.py --seed 43) made zipfile's
    ``is_dir`` raise IndexError: an internal error (exit 4), not the file's."""
    damaged = tmp_path / "noname.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(damaged, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr(zipfile.ZipInfo(""), b"<x/>")
    with pytest.raises(InputError, match=r"'noname.xlsx', a part with no name: the package is "
                                         r"damaged; not read"):
        check_xlsx_package(damaged)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        check_xlsx_package(tmp_path / "gone.xlsx")


def test_zip_bomb_part_over_the_size_limit(book: Path, tmp_path: Path) -> None:
    bomb = hostile.shared_string_bomb(book, tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 200_000
    with pytest.raises(InputError, match=r"'bomb.xlsx', part 'xl/sharedStrings.xml': unpacks "
                                         r"to 67,108,865 bytes, more than the 64 MiB"):
        check_xlsx_package(bomb)


def test_zip_bomb_under_the_size_limit_by_its_ratio(book: Path, tmp_path: Path) -> None:
    bomb = hostile.shared_string_bomb(book, tmp_path / "bomb.xlsx", size=8 << 20)
    with pytest.raises(InputError, match=rf"'bomb.xlsx', part 'xl/sharedStrings.xml': .* "
                                         rf"compressed more than {MAX_XLSX_RATIO}:1"):
        check_xlsx_package(bomb)


def test_parts_over_the_total_limit(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 256 MiB of parts, each under the part limit and compressed as a workbook is, would take
    # seconds to write: the limit is lowered to just under this book's parts instead
    with zipfile.ZipFile(book) as archive:
        total = sum(info.file_size for info in archive.infolist())
    assert book.stat().st_size < total - 1
    monkeypatch.setattr(xlsx_package, "MAX_XLSX_TOTAL_BYTES", total - 1)
    with pytest.raises(InputError, match=rf"'book.xlsx', its parts unpack to {total:,} bytes, "
                                         rf"more than the .* a workbook may hold"):
        check_xlsx_package(book)


def test_more_rows_than_excel_without_a_dimension(book: Path, tmp_path: Path) -> None:
    path = hostile.too_many_rows(book, tmp_path / "rows.xlsx")
    assert path.stat().st_size < 3_000_000
    with pytest.raises(InputError, match=r"'rows.xlsx', sheet 'Fee Schedules': more than "
                                         r"1,048,576 rows, the most Excel allows"):
        check_xlsx_package(path)


def test_a_dimension_past_excel(book: Path, tmp_path: Path) -> None:
    path = hostile.lying_dimension(book, tmp_path / "dim.xlsx")
    with pytest.raises(InputError, match=r"sheet 'Fee Schedules': its dimension 'A1:F1048577' "
                                         r"goes past Excel's 1,048,576 rows x 16,384 columns"):
        check_xlsx_package(path)


def _volumes_with(book: Path, path: Path, rows: Callable[[], Iterable[bytes]],
                  dimension: bytes | None = None) -> Path:
    """A copy of ``book`` whose Volumes sheet holds ``rows()`` (and ``dimension``)."""
    return hostile.with_part(book, path, hostile.sheet_part(book, "Volumes"),
                             hostile._sheet_with(book, "Volumes", rows, dimension))


def test_a_row_past_excel_in_a_small_file(book: Path, tmp_path: Path) -> None:
    path = hostile.far_row(book, tmp_path / "far.xlsx")
    with pytest.raises(InputError, match=r"sheet 'Fee Schedules': a cell or row at "
                                         r"'2000000000', past Excel's"):
        check_xlsx_package(path)


@pytest.mark.parametrize("row", [
    b"<row r = '1048577'/>",
    b'<row\n r="1048577"/>',
    b'<row r="1048577" ><c r= " A1048577" /></row>',
    b'<x:row r="5"><x:c r="A01048577"/></x:row>',
])
def test_a_row_past_excel_written_unusually(book: Path, tmp_path: Path, row: bytes) -> None:
    path = _volumes_with(book, tmp_path / "odd.xlsx", lambda: [row])
    with pytest.raises(InputError, match="sheet 'Volumes': a cell or row at '.*1048577'"):
        check_xlsx_package(path)


def test_rows_up_to_excels_last_pass(book: Path, tmp_path: Path) -> None:
    row = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _volumes_with(book, tmp_path / "last.xlsx", lambda: [row],
                         b'<dimension ref="A1:XFD1048576"/>')
    check_xlsx_package(path)


def test_prefixed_rows_are_counted(book: Path, tmp_path: Path) -> None:
    path = hostile.too_many_rows(book, tmp_path / "x.xlsx", "Volumes",
                                 b'<x:row\tspans="1:%d"/>')
    with pytest.raises(InputError, match="sheet 'Volumes': more than 1,048,576 rows"):
        check_xlsx_package(path)


def test_a_prefixed_rows_closing_tag_is_not_a_row(book: Path, tmp_path: Path) -> None:
    """600,000 rows written <x:row ...></x:row> are 600,000, not 1,200,000 (over Excel's)."""
    def rows() -> list[bytes]:
        return [b"".join(b'<x:row r="%d"><x:c r="A%d"><x:v>%d</x:v></x:c></x:row>'
                         % (n, n, n * 7919 % 100_003) for n in range(1, 600_001))]
    path = _volumes_with(book, tmp_path / "prefixed.xlsx", rows)
    check_xlsx_package(path)


def test_more_cells_than_the_limit_in_all_sheets(book: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Fee Schedules holds 6 cells; Volumes 60 in the spellings XML allows: 66 in all
    def rows() -> list[bytes]:
        spellings = (b'<c r="A%d"><v>1</v></c>', b"<c>%d</c>", b'<c\n r="C%d"/>',
                     b'<x:c r="D%d"/>', b"<c/>%d")
        return [b'<row r="%d">' % n + b"".join(s % n if b"%d" in s else s for s in spellings)
                + b"</row>" for n in range(1, 13)]
    path = _volumes_with(book, tmp_path / "cells.xlsx", rows)
    monkeypatch.setattr(xlsx_package, "MAX_XLSX_CELLS", 65)
    with pytest.raises(InputError, match=r"'cells.xlsx', sheet 'Volumes': the sheets hold more "
                                         r"than 65 cells up to here, the most RateCalc reads"):
        check_xlsx_package(path)
    monkeypatch.setattr(xlsx_package, "MAX_XLSX_CELLS", 66)
    check_xlsx_package(path)


def test_entity_declarations_refused(book: Path, tmp_path: Path) -> None:
    path = hostile.entity_expansion(book, tmp_path / "laughs.xlsx")
    with pytest.raises(InputError, match=r"'laughs.xlsx', part 'xl/workbook.xml': the XML "
                                         r"declares a DOCTYPE"):
        check_xlsx_package(path)


@pytest.mark.parametrize("prolog", [
    b'<?xml version="1.0"?><!-- <a> --><!DOCTYPE x [<!ENTITY a "b">]>',
    b"\xef\xbb\xbf<!DOCTYPE x>",
    "<?xml version='1.0' encoding='UTF-16'?><!DOCTYPE x>".encode("utf-16"),
    b"<!--" + b" " * 5000 + b"-->",
])
def test_a_doctype_cannot_hide(book: Path, tmp_path: Path, prolog: bytes) -> None:
    path = hostile.with_part(book, tmp_path / "hid.xlsx", "docProps/app.xml",
                             lambda: [prolog, b"<Properties/>"])
    with pytest.raises(InputError, match=r"part 'docProps/app.xml': (the XML declares a "
                                         r"DOCTYPE|no XML element in its first 4,096 bytes)"):
        check_xlsx_package(path)




def test_a_file_changed_since_it_passed_is_checked_again(book: Path, tmp_path: Path) -> None:
    """A command checks a file once however many readers open it; a file replaced under the
    same name is checked anew."""
    import shutil

    path = tmp_path / "same.xlsx"
    shutil.copy(book, path)
    check_xlsx_package(path)
    check_xlsx_package(path)
    bomb = hostile.shared_string_bomb(book, tmp_path / "bomb.xlsx")
    shutil.copy(bomb, path)
    with pytest.raises(InputError, match="'same.xlsx'"):
        check_xlsx_package(path)


@pytest.mark.parametrize(("raw", "shown"), [
    ("NaN", "'NaN'"), ("INF", "'INF'"), ("-INF", "'-INF'"), ("abc", "'abc'"), ("1..2", "'1..2'"),
    ("1E999", "'1E999'"), ("  ", "'  '"), ("-", "'-'"),
    ("1" + "0" * 499, r"'10000000000000000000'\.\.\. \(500 characters\)"),
    ("1" * 33, r"'11111111111111111111'\.\.\. \(33 characters\)"),
])
def test_a_number_cell_holding_no_number_is_refused(book: Path, tmp_path: Path, raw: str,
                                                    shown: str) -> None:
    bad = hostile.with_raw_cell(book, tmp_path / "bad.xlsx", "Fee Schedules", "C2", raw)
    with pytest.raises(InputError, match=rf"'bad.xlsx', sheet 'Fee Schedules', cell C2: a "
                                         rf"number cell holding {shown}; expected a finite "
                                         rf"number as Excel writes it"):
        check_xlsx_package(bad)


@pytest.mark.parametrize("raw", ["0.30000000000000004", "1.7976931348623157E+308", "-2.5E-308",
                                 "12345678901234567890", "1e5", "5.", ""])
def test_numbers_excel_could_write_pass(book: Path, tmp_path: Path, raw: str) -> None:
    check_xlsx_package(hostile.with_raw_cell(book, tmp_path / "ok.xlsx", "Fee Schedules", "C2",
                                             raw))


def test_text_in_other_kinds_of_cell_passes(book: Path, tmp_path: Path) -> None:
    for kind, raw in (("str", "NaN"), ("e", "#N/A"), ("d", "2026-12-03T00:00:00")):
        ok = _volumes_with(book, tmp_path / f"{kind}.xlsx", lambda kind=kind, raw=raw: [
            f'<row r="1"><c r="A1" t="{kind}"><f>X()</f><v>{raw}</v></c></row>'.encode()])
        check_xlsx_package(ok)


def test_a_boolean_cell_holding_other_than_0_or_1_is_refused(book: Path, tmp_path: Path) -> None:
    bad = _volumes_with(book, tmp_path / "bad.xlsx",
                        lambda: [b'<row r="1"><c r="B1" t="b"><v>yes</v></c></row>'])
    with pytest.raises(InputError, match=r"sheet 'Volumes', cell B1: a TRUE/FALSE cell holding "
                                         r"'yes'; expected 0 or 1"):
        check_xlsx_package(bad)


def test_odd_values_found_when_prefixed_or_cut_by_a_chunk(book: Path, tmp_path: Path) -> None:
    prefixed = _volumes_with(book, tmp_path / "prefixed.xlsx",
                             lambda: [b'<x:row r="1"><x:c r="A1"><x:v>NaN</x:v></x:c></x:row>'])
    with pytest.raises(InputError, match=r"sheet 'Volumes', cell A1: a number cell holding 'NaN'"):
        check_xlsx_package(prefixed)
    text = bytes(random.Random(1).choices(b"abcdefghij", k=(1 << 20) + 4096))
    for pad in range(len(text) - 700, len(text) + 100, 100):
        # a long text value before, so that a 1 MiB chunk ends in or near the number
        cut = _volumes_with(book, tmp_path / "cut.xlsx", lambda pad=pad: [
            b'<row r="1"><c r="A1" t="str"><f>X()</f><v>', text[:pad],
            b'</v></c></row><row r="2"><c r="B2"><v>', b"9" * 500, b"</v></c></row>"])
        with pytest.raises(InputError, match=r"cell B2: a number cell holding '9999"):
            check_xlsx_package(cut)
