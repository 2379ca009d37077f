"""A cell format naming a font, fill or border the styles part does not hold is refused by the
package check, naming the part and what is missing (:mod:`ratecalc.xlsx_package`).

From hunt-hostile-12: a fee schedule whose one cell format named font 999999 (of 1) was
refused by every reader as "'fee.xlsx': cannot read it as XLSX (list index out of range)",
Python's words for openpyxl's failure, naming no part and nothing expected.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc.errors import InputError
from ratecalc.xlsx_package import check_xlsx_package


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    wb = Workbook()
    wb.active.title = "Rates"
    wb.active.append(["code", "allowed_amount"])
    wb.active.append(["97110", 31.2])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    return path


def with_styles(plain: Path, old: bytes, new: bytes, times: int = 1) -> Path:
    path = plain.with_name("fee.xlsx")
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/styles.xml":
                assert old in data
                data = data.replace(old, new, times)
            z.writestr(info, data)
    return path


def test_the_formats_openpyxl_writes_pass(plain: Path) -> None:
    check_xlsx_package(plain)


@pytest.mark.parametrize(("attribute", "kind", "held"), [
    ("fontId", "font", 1), ("fillId", "fill", 2), ("borderId", "border", 1)])
def test_a_format_naming_a_missing_font_fill_or_border_is_refused(
        plain: Path, attribute: str, kind: str, held: int) -> None:
    path = with_styles(plain, f'{attribute}="0"'.encode(), f'{attribute}="999999"'.encode(),
                       times=-1)
    with pytest.raises(InputError, match=(
            rf"'fee\.xlsx', part 'xl/styles\.xml': a cell format names {kind} 999999, but the "
            rf"part holds {held} \(numbered from 0\); damaged, as a file changed by hand is")):
        check_xlsx_package(path)


def test_a_format_naming_one_past_the_last_font_is_refused(plain: Path) -> None:
    # fonts are numbered from 0: of 1 held, font 1 is the first missing (test-review-12: '>'
    # for '>=' passed every test)
    path = with_styles(plain, b'fontId="0"', b'fontId="1"', times=-1)
    with pytest.raises(InputError, match=r"a cell format names font 1, but the part holds 1 "):
        check_xlsx_package(path)


def test_a_cell_style_format_naming_a_missing_font_is_refused(plain: Path) -> None:
    # the first fontId openpyxl writes is cellStyleXfs' (test-review-12: a check of cellXfs
    # alone passed every test)
    data = zipfile.ZipFile(plain).read("xl/styles.xml")
    assert data.index(b"<cellStyleXfs") < data.index(b'fontId="0"') < data.index(b"<cellXfs")
    path = with_styles(plain, b'fontId="0"', b'fontId="7"', times=1)
    with pytest.raises(InputError, match=r"a cell format names font 7, but the part holds 1 "):
        check_xlsx_package(path)
