"""The Settings sheet's Min increase above its Max increase: an error at its cell naming the
other's, from refresh as from every reader (it came from the analysis, with no row or cell)."""

from __future__ import annotations

from pathlib import Path

from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book


def test_min_above_max_is_said_at_both_cells(tiny_copy: Path) -> None:
    wb = open_book(tiny_copy)
    ws = wb[layout.SETTINGS_SHEET]
    rows = {c.value: c.row for c in ws["A"] if c.value in ("Min increase", "Max increase")}
    ws.cell(row=rows["Min increase"], column=2, value=0.05)
    ws.cell(row=rows["Max increase"], column=2, value=0)
    wb.save(tiny_copy)
    result = refresh_workbook(tiny_copy, now=NOW)
    assert not result.ok
    [error] = result.errors
    assert (error.location.sheet, error.location.row, error.location.letter) == (
        layout.SETTINGS_SHEET, rows["Min increase"], "B")
    max_row = rows["Max increase"]
    assert error.rule == (f"Min increase: must be from 0 to Max increase (row {max_row}, cell "
                          f"B{max_row}: 0%), got 5%")
