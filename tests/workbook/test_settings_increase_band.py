"""The Settings sheet's increases: Min increase above its Max increase is an error at its cell
naming the other's, from refresh as from every reader (it came from the analysis, with no row
or cell); a Max increase up to 500% (the cell shows a percent) is read."""

from __future__ import annotations

from pathlib import Path

from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
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


def test_a_largest_increase_of_150_percent_still_reads(demo_copy: Path) -> None:
    """A clinic paid 40% of Medicare asks up to +150% to reach it: Max increase (B11, formatted
    0.0%, showing 150%) holds 1.5, which Excel's own check of the cell (0% to 500%) takes. It was
    refused ('got 1.5 (150%); for 1.5% write 0.015'): a percent cell's 1.5 has one reading."""
    wb = open_book(demo_copy)
    ws = wb[layout.SETTINGS_SHEET]
    (row,) = [r for r in range(1, 40) if ws.cell(r, 1).value == "Max increase"]
    assert ws.cell(row, 2).number_format.endswith("%")
    ws.cell(row, 2).value = 1.5
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    assert data.settings.max_increase == 1.5
