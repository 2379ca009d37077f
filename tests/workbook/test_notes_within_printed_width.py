"""A note written across a result sheet wraps within the columns printed with it.

On ``synthetic_clinic(40, 30)`` (no fee schedules nor volumes) refreshed as of 2026-12-06, the
Comparison prints two pages across; its "Empty because ..." note, merged over every column of
the table, printed cut at the first page's edge in LibreOffice ("... enter ea"). On the 40
payers x 300 codes book the Scenarios print two areas (the per-payer table, the years beside
it), each on pages of its own; the horizon note, merged up to the years' last column, printed
cut at the per-payer table's edge ("... priced at the rates in force when e").
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.layout import is_empty_note
from ratecalc_workbook.refresh import refresh_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_workbook import synthetic_clinic  # noqa: E402

NOW = datetime(2026, 12, 6, 9, 0)


def _refreshed(tmp_path: Path, payers: int, codes: int) -> Path:
    book = tmp_path / "book.xlsx"
    new_workbook(book, synthetic_clinic(payers, codes))
    assert refresh_workbook(book, now=NOW).ok
    return book


def _merged_from(ws, row: int, col: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    for m in ws.merged_cells.ranges:
        if (m.min_row, m.min_col) == (row, col):
            return m.min_col, m.max_col
    return col, col


def test_the_comparisons_empty_note_wraps_on_its_first_page_across(tmp_path: Path) -> None:
    ws = load_workbook(_refreshed(tmp_path, 40, 30))["Comparison"]
    notes = [c for row in ws.iter_rows(max_row=4) for c in row if is_empty_note(c.value)]
    assert len(notes) == 1
    note = notes[0]
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks, "the 40-payer Comparison prints two pages across"
    _, right = _merged_from(ws, note.row, note.column)
    assert right <= min(breaks)  # the columns printed on the first page across
    assert note.alignment.wrap_text
    # three lines at least: its 330 characters in the first page's ~100
    assert ws.row_dimensions[note.row].height >= 3 * 12


def test_the_scenarios_note_wraps_within_its_print_area(tmp_path: Path) -> None:
    ws = load_workbook(_refreshed(tmp_path, 40, 300))["Scenarios"]
    areas = [range_boundaries(a.split("!")[-1].replace("$", ""))
             for a in str(ws.print_area).split(",")]
    assert len(areas) == 2, "the per-payer table and the years beside it"
    note = ws.cell(row=3, column=1)
    assert str(note.value).startswith("5 years;")
    left, top, right, bottom = next(a for a in areas if a[0] <= 1 <= a[2] and a[1] <= 3 <= a[3])
    _, merged_right = _merged_from(ws, 3, 1)
    assert merged_right <= right
    assert note.alignment.wrap_text
