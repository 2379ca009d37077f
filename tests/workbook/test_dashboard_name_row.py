"""The Dashboard's "Negotiate first with" row is as tall as the payer's name takes in the cells
it wraps in (B:C merged), as the sheet prints them.

The name was wrapped, and its row sized, before the charts gave column C its width: over C's
default 8.43 characters, a 58-character name was given three lines' height (41.2 points) and
printed on two (B 18 + C 14.2 characters), a blank line under it before "Walk-away floor".
"""

from __future__ import annotations

from pathlib import Path

from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import LINE_PT, ROW_MARGIN_PT, column_width
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book
from tests.workbook.test_long_payer_names import RENAMED, _renamed

#: 58 characters: "Blue Horizon Federal Employee" (28) on one line of B:C's 32 characters
#: (less the cell's padding), "Program Standard Option Plan" (28) on the second.
NAME = "Blue Horizon Federal Employee Program Standard Option Plan"


def test_the_top_payers_row_is_as_tall_as_its_two_lines(tmp_path: Path) -> None:
    book = tmp_path / "named.xlsx"
    new_workbook(book, _renamed(NAME))
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    ws = open_book(book)[layout.DASHBOARD]
    row = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Negotiate first with")
    assert ws.cell(row, 2).value == NAME, (RENAMED, ws.cell(row, 2).value)
    assert f"B{row}:C{row}" in {str(m) for m in ws.merged_cells.ranges}
    width = column_width(ws, 2) + column_width(ws, 3)
    assert 31 <= width <= 33, width  # the two lines above are counted at this width
    assert ws.cell(row, 2).alignment.wrap_text
    assert ws.row_dimensions[row].height == round(2 * LINE_PT + ROW_MARGIN_PT, 1)
