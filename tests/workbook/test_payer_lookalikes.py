"""A second row on Payers & Contracts naming a payer another way (two spaces, a no-break or
zero-width space, a direction mark) is a duplicate naming both rows' cells, as in a folder of
CSV files (tests/ratecalc/test_payer_lookalikes.py); it was taken as another payer."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from tests.ratecalc.test_payer_lookalikes import LOOKALIKES, SUMMIT

from .conftest import open_book


@pytest.mark.parametrize("name", list(LOOKALIKES.values())[:4], ids=list(LOOKALIKES)[:4])
def test_a_payer_typed_another_way_on_the_sheet_is_a_duplicate(demo_copy: Path,
                                                                name: str) -> None:
    wb = open_book(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    first = next(c for c in ws["A"] if c.value == SUMMIT)
    row = ws.max_row + 1
    for column in range(1, ws.max_column + 1):  # the review's copy of Summit's row
        ws.cell(row=row, column=column, value=ws.cell(row=first.row, column=column).value)
    ws.cell(row=row, column=1, value=name)
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is None
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.location.sheet, error.location.row, error.location.letter) == (
        layout.PAYERS_CONTRACTS, row, "A")
    assert f"differs from {SUMMIT!r} (row {first.row}, cell A{first.row}) only by spaces" \
        in error.rule and error.value == name
