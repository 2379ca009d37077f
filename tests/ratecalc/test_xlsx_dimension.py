"""A payer's sheet without a ``<dimension>`` (openpyxl's write-only mode and other programs
write none) is read once, not parsed whole a second time by openpyxl looking for its size as
pandas opens the workbook (0.9 s of a 50,000-row fee schedule): ratecalc.xlsx_parts.
with_dimension, ratecalc.loaders.read_xlsx_cells. The cells read are the same."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from ratecalc.loaders import read_xlsx_cells
from ratecalc.xlsx_parts import SIZE_ELEMENT, lacks_dimension, with_dimension

ROWS = [["Acme fee schedule"], ["CPT/HCPCS", "Mod", "Allowable", "Effective"],
        ["97110", "GP", 26.5, datetime(2027, 1, 1)], [97140, None, "$28.00", "2027-01-01"],
        [], ["G0283", "", 12, datetime(2027, 2, 1)], ["note", None, None, "N/A"]]


def _write_only(path: Path) -> Path:
    book = Workbook(write_only=True)
    for title in ("Rates", "Other"):
        sheet = book.create_sheet(title)
        for row in ROWS:
            sheet.append(row)
    book.save(path)
    return path


def test_a_sheet_without_a_dimension_reads_as_pandas_reads_it(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    path = _write_only(tmp_path / "fees.xlsx")
    expected = pd.read_excel(path, sheet_name=["Rates", "Other"], header=None, dtype=object)
    found: list[object] = []
    looked_up = WorkSheetParser.parse_dimensions

    def parse_dimensions(self: WorkSheetParser) -> object:
        found.append(looked_up(self))
        return found[-1]

    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", parse_dimensions)
    grids = read_xlsx_cells(path, ["Rates", "Other"])
    for name in ("Rates", "Other"):
        pd.testing.assert_frame_equal(grids[name], expected[name])
    # each sheet's size found before its cells (None: none found, the part parsed to its end)
    assert found and None not in found


@pytest.mark.parametrize("part, given", [
    (b'<?xml version="1.0"?><worksheet xmlns="m"><sheetPr/><sheetData><row r="1"/>'
     b'</sheetData></worksheet>',
     b'<?xml version="1.0"?><worksheet xmlns="m">' + SIZE_ELEMENT
     + b'<sheetPr/><sheetData><row r="1"/></sheetData></worksheet>'),
    (b'<x:worksheet xmlns:x="m"><x:sheetData/></x:worksheet>',
     b'<x:worksheet xmlns:x="m">' + SIZE_ELEMENT + b'<x:sheetData/></x:worksheet>'),
    (b'<worksheet><dimension ref="A1:B2"/><sheetData/></worksheet>', None),  # has one
    (b'<x:worksheet><x:dimension ref="A1"/><x:sheetData/></x:worksheet>', None),
    (b'<worksheet xmlns="m"/>', None),  # no cells to parse
    (b'<chartsheet><sheetPr/></chartsheet>', None),  # not a worksheet
], ids=["plain", "prefixed", "has-one", "prefixed-has-one", "empty", "chartsheet"])
def test_with_dimension(part: bytes, given: bytes | None) -> None:
    assert with_dimension(part) == given
    if given is not None:
        assert lacks_dimension(part[:100])


def test_a_damaged_sheet_without_a_dimension_is_refused_in_the_files_own_words(
        tmp_path: Path) -> None:
    """The copy given a dimension is not what is refused: a parser's line and column are the
    file's, as they were before the copy."""
    import zipfile

    path = _write_only(tmp_path / "fees.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert with_dimension(parts[sheet]) is not None
    parts[sheet] = parts[sheet].replace(b"</sheetData>", b"<row><c></row></sheetData>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(Exception) as expected:
        pd.read_excel(path, sheet_name=["Rates"], header=None, dtype=object)
    with pytest.raises(type(expected.value)) as found:
        read_xlsx_cells(path, ["Rates"])
    assert str(found.value) == str(expected.value)
