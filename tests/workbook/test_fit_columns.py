"""Fitting a table body column-wise gives what fitting it cell by cell gives.

``page_layout.fit_sheet`` measures a table body's column from its distinct texts and its
extreme numbers (:func:`page_layout._column_run`); with that path switched off it measures
every cell. Both must set the same widths, wrap the same cells and size the same rows.
"""

from __future__ import annotations

import math
from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc_workbook import page_layout
from ratecalc_workbook.layout import FORMATS
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.styles import CellStyles

NOW = datetime(2025, 12, 1, 9, 0)


def _layout(ws: Worksheet) -> tuple[dict[str, Any], dict[int, Any], set[str]]:
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    heights = {k: d.height for k, d in ws.row_dimensions.items() if d.height}
    wrapped = {c.coordinate for row in ws.iter_rows() for c in row
               if c.has_style and c.alignment.wrap_text}
    return widths, heights, wrapped


def _cell_by_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_layout, "_column_run", lambda *args, **kwargs: None)


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(min_value=-1e7, max_value=1e7),
    st.integers(min_value=-10**9, max_value=10**9),
    st.sampled_from([0.0, -0.0, 0, -0.004, 0.004, 9.995, -9.995, 999.995, 99_999.95]),
)
values = st.one_of(
    numbers, st.none(), st.booleans(), st.dates(min_value=date(1990, 1, 1)),
    st.text(alphabet="abc XYZ,.$-%\n0123456789", max_size=70),
    st.sampled_from(["=A1*2", "=SUM(B:B)", "fee schedule (GP row)", "x" * 60]),
)


@settings(max_examples=60, deadline=None)
# a zero's sign shows in some formats ("-0"), where neither extreme shows it
@example(fmt="pct2", bold=False, locked=True, column=[(0.0, None), (-0.0, None)], odd_one=None)
# a percentage past the float limit once x 100 shows "inf%", narrower than smaller numbers
@example(fmt="pct", bold=False, locked=True, column=[(1e307, None), (1e306, None), (1.0, None)],
         odd_one=None)
# the same long text twice: both cells wrap
@example(fmt="text", bold=False, locked=True, column=[("x" * 60, None)] * 3, odd_one=None)
@given(fmt=st.sampled_from(sorted(FORMATS)), bold=st.booleans(), locked=st.booleans(),
       column=st.lists(st.tuples(values, st.one_of(st.none(), numbers)), min_size=1,
                       max_size=25),
       odd_one=st.one_of(st.none(), st.integers(min_value=0, max_value=24)))
def test_a_body_column_fits_as_cell_by_cell(fmt: str, bold: bool, locked: bool,
                                            column: list[tuple[Any, Any]],
                                            odd_one: int | None) -> None:
    # a table's body of one style (but perhaps one cell styled otherwise), values and the
    # formula results hinted for some cells; fitted both ways on two copies of the sheet
    results = []
    for column_wise in (True, False):
        wb = Workbook()
        ws = wb.active
        style = CellStyles(wb).get(fmt, locked=locked, bold=bold)
        ws.cell(1, 1, "Title over the table")
        ws.cell(2, 1, "H")  # short headers: the body sets the widths
        ws.cell(2, 2, "S")
        hints = {}
        for i, (value, hint) in enumerate(column):
            row = 3 + i
            for col in (1, 2):
                cell = ws.cell(row, col)
                cell.value = value
                cell._style = copy(style)
                if hint is not None:
                    hints[(row, col)] = hint
            if odd_one == i:
                ws.cell(row, 2).font = Font(b=not bold, sz=14)
        ws.add_table(Table(displayName="T", ref=f"A2:B{2 + len(column)}"))
        if not column_wise:
            original = page_layout._column_run
            page_layout._column_run = lambda *args, **kwargs: None  # type: ignore[assignment]
        try:
            page_layout.fit_sheet(ws, hints)
        finally:
            if not column_wise:
                page_layout._column_run = original  # type: ignore[assignment]
        results.append(_layout(ws))
    assert results[0] == results[1]


def test_the_extreme_numbers_give_the_widest_text() -> None:
    # every digit is as wide as every other, so a longer number is never narrower
    assert page_layout.text_width("$9,999.99") == page_layout.text_width("$1,000.00")
    assert page_layout.text_width("-$1.00") > page_layout.text_width("$9.99")
    for fmt in page_layout._MONOTONE:
        for sign in (1, -1):
            texts = [page_layout.shown(Workbook().active["A1"], sign * v, fmt)
                     for v in (0.004, 0.5, 9.995, 99.5, 12_345.678, 1e6, 1e299)]
            widths = [page_layout.text_width(t) for t in texts if t]
            assert widths == sorted(widths), (fmt, sign)


def test_a_refresh_lays_out_as_cell_by_cell(demo_new_book: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # the demo's new workbook, written once per run (tests/conftest.py); this module wrote
    # its own, the same
    fast, slow = tmp_path / "fast" / "book.xlsx", tmp_path / "slow" / "book.xlsx"
    for path in (fast, slow):
        path.parent.mkdir()
        path.write_bytes(demo_new_book.read_bytes())
    assert refresh_workbook(fast, now=NOW).ok
    _cell_by_cell(monkeypatch)
    assert refresh_workbook(slow, now=NOW).ok
    a, b = load_workbook(fast), load_workbook(slow)
    assert a.sheetnames == b.sheetnames
    fitted = 0
    for name in a.sheetnames:
        assert _layout(a[name]) == _layout(b[name]), name
        fitted += sum(1 for d in a[name].column_dimensions.values()
                      if d.width and not math.isclose(d.width, 8.43))
    assert fitted > 50  # the sheets were fitted at all
