"""A stretch of a sheet longer than the piece the package check holds, between two rows or two
cells (outside any cell), is passed; the next row or cell after it is no cell inside a cell
(:mod:`ratecalc.xlsx_package`, ``_check_rows``' ``in_a_far_cell``).

The check refuses a cell or row that begins in a piece of a sheet which begins inside a cell
begun further back than the text it holds (test_xlsx_damaged_parts: a TRUE/FALSE cell's 2
behind 2.5 MiB and ``<c><v>0</v></c>``). A piece holding no cell or row tag says nothing of
where it stands: mutation-13's mutant taking every such piece for one inside a cell passed
every test, and refused such a sheet as "a cell or row inside a cell begun more than 128 KiB
before it", a sheet Excel, LibreOffice and openpyxl read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc.xlsx_package import check_xlsx_package

from .test_xlsx_damaged_parts import _ROWS, _TEXTS, _sheet_book

#: Longer than two of the pieces the check reads (1 MiB, 256 KiB of a stored part: the sheet is
#: stored, as so long a run of one byte compresses past the 200:1 refused as a zip bomb).
_LONG = 2_500_000


@pytest.mark.parametrize(("where", "filler"), [
    ("between rows", " " * _LONG),
    ("between rows", "<!--" + "x" * _LONG + "-->"),
    ("between cells", "\n" * _LONG),
])
def test_a_long_stretch_outside_any_cell_passes(tmp_path: Path, where: str, filler: str) -> None:
    rows = _ROWS.format(a3="3")
    at = '<row r="3">' if where == "between rows" else '<c r="B3">'
    rows = rows.replace(at, filler + at)
    book = _sheet_book(tmp_path / "fees.xlsx", rows, _TEXTS, stored=True)
    check_xlsx_package(book)
    ws = load_workbook(book, read_only=True)["Rates"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Code", "Allowed"], ["97110", 31.5], ["97112", 35.25]]
