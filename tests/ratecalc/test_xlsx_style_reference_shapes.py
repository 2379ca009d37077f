"""The styles part's reference check (:mod:`ratecalc.xlsx_package`, ``_StyleReferences``) in
the shapes of a styles part test_xlsx_style_references.py does not make: a cell format of
``cellXfs`` alone naming a missing font, a part with a namespace prefix, one holding no fonts,
an element among the fonts that is none, and a part larger than the other parts parsed whole.

Each case was a mutant of the check that passed every test (mutation-13): checking
``cellStyleXfs`` alone, the prefix not taken off, font 0 passed over, every child of
``<fonts>`` counted (a KeyError for any other element: "internal error"), the styles parsed
only up to 1 MiB as the other parts are.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ratecalc.errors import InputError
from ratecalc.xlsx_package import check_xlsx_package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: Python's words for openpyxl's failure on a format naming a font the part lacks.
OPENPYXL_FAILS = r"list index out of range"


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    wb = Workbook()
    wb.active.title = "Rates"
    wb.active.append(["code", "allowed_amount"])
    wb.active.append(["97110", 31.2])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    return path


def with_styles(plain: Path, change: object, *, stored: bool = False) -> Path:
    """``plain`` with its styles part changed by ``change`` (bytes -> bytes)."""
    path = plain.with_name("fee.xlsx")
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/styles.xml":
                new = change(data)  # type: ignore[operator]
                assert new != data
                z.writestr(info.filename, new,
                           zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
            else:
                z.writestr(info, data)
    return path


def refused(path: Path, kind: str, number: int, held: int) -> None:
    with pytest.raises(InputError, match=(
            rf"^'fee\.xlsx', part 'xl/styles\.xml': a cell format names {kind} {number}, but "
            rf"the part holds {held} \(numbered from 0\); damaged")):
        check_xlsx_package(path)


def openpyxl_fails(path: Path) -> None:
    """The book is one openpyxl cannot read, or whose cells' fonts it cannot give (as a
    copy of a cell's style asks them): the check must refuse it."""
    with pytest.raises(IndexError, match=OPENPYXL_FAILS):
        for ws in load_workbook(path):
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.font is not None


def _in_cell_formats(data: bytes, old: bytes, new: bytes) -> bytes:
    start = data.index(b"<cellXfs")
    return data[:start] + data[start:].replace(old, new, 1)


def test_a_cell_format_naming_a_missing_font_beside_a_sound_cell_style_is_refused(
        plain: Path) -> None:
    # cellStyleXfs' font 0 is held; cellXfs' names font 3 of 1
    path = with_styles(plain, lambda data: _in_cell_formats(data, b'fontId="0"', b'fontId="3"'))
    openpyxl_fails(path)
    refused(path, "font", 3, 1)


def _prefixed(data: bytes) -> bytes:
    """The styles part with every element of the main namespace written ``x:name``."""
    data = data.replace(f'xmlns="{MAIN}"'.encode(), f'xmlns:x="{MAIN}"'.encode())
    return re.sub(rb"<(/?)([A-Za-z])", rb"<\1x:\2", data)


def test_a_prefixed_styles_part_as_written_passes_and_one_naming_a_missing_font_is_refused(
        plain: Path) -> None:
    path = with_styles(plain, _prefixed)
    check_xlsx_package(path)
    assert load_workbook(path)["Rates"]["B2"].value == 31.2
    path = with_styles(plain, lambda data: _prefixed(
        _in_cell_formats(data, b'borderId="0"', b'borderId="1"')))
    refused(path, "border", 1, 1)


def test_a_format_naming_font_0_of_a_part_holding_no_fonts_is_refused(plain: Path) -> None:
    def no_fonts(data: bytes) -> bytes:
        return re.sub(rb'<fonts count="1">.*?</fonts>', b'<fonts count="0"/>', data)

    path = with_styles(plain, no_fonts)
    openpyxl_fails(path)
    refused(path, "font", 0, 0)


def test_an_element_among_the_fonts_that_is_no_font_is_not_counted(plain: Path) -> None:
    # an extension list beside the one font: font 1 is still missing, and named so (counting
    # any child of <fonts> failed with a KeyError, "internal error, please report it")
    def extended(data: bytes) -> bytes:
        data = data.replace(b"</font></fonts>", b"</font><extLst/></fonts>")
        return _in_cell_formats(data, b'fontId="0"', b'fontId="1"')

    refused(with_styles(plain, extended), "font", 1, 1)


def test_a_styles_part_larger_than_a_mib_naming_a_missing_fill_is_refused(plain: Path) -> None:
    # 30,000 fonts (a book whose styles were copied in over and over: over 1 MiB, past which
    # other parts are not parsed whole), stored, or its ratio is refused as a zip bomb first
    font = re.search(rb"<font>.*?</font>", zipfile.ZipFile(plain).read("xl/styles.xml"))
    assert font is not None

    def many(data: bytes) -> bytes:
        data = data.replace(b'<fonts count="1">' + font.group(),
                            b'<fonts count="30000">' + font.group() * 30_000)
        assert len(data) > 1 << 20
        return _in_cell_formats(data, b'fillId="0"', b'fillId="2"')

    refused(with_styles(plain, many, stored=True), "fill", 2, 2)
