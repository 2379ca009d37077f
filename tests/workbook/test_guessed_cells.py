"""``preserve.guessed_cells`` on sheets written by hand: which cells of a workbook refreshed
before RateCalc kept its record are named as taken for RateCalc's and not on the new sheet.

The refreshes of ``test_users_cells_told_apart.py`` and ``test_earlier_result_texts.py`` reach
it through a whole workbook; these give it the rewritten sheet and what the old one held
(:class:`~ratecalc_workbook.preserve.Preserved`) directly, one rule at a time, each expected
list written out by hand from the rule in the function's docstring. Mutants of the function
that those refreshes did not catch (docs/TESTING.md's mutation table) fail here.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table

from ratecalc_workbook import layout
from ratecalc_workbook.preserve import Preserved, guessed_cells

#: A sheet with no former titles of its own (layout.FORMER_RESULT_TEXTS)
SHEET = layout.TOTALS
OUR_WORDS = "All payers"


def _rewritten(cells: dict[tuple[int, int], Any], table: str = "A1:B4",
               title: str = SHEET) -> Workbook:
    """The rewritten sheet: one table over ``table``, ``cells`` (row, column) -> value, each
    styled bold as RateCalc writes a text outside its tables."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for (row, col), value in cells.items():
        ws.cell(row=row, column=col, value=value).font = Font(bold=True)
    ws.add_table(Table(displayName="tblHand", ref=table))
    return wb


def _old(cells: dict[tuple[int, int], Any], styled: set[tuple[int, int]] | None = None,
         title: str = SHEET) -> Preserved:
    """What the old sheet held outside its tables, in a workbook without the record; every
    cell styled unless ``styled`` says which."""
    return Preserved(outside={title: cells}, recorded=False,
                     styled={title: frozenset(cells if styled is None else styled)})


def test_our_note_that_moved_is_named() -> None:
    # the old "All payers" at B6 (styled); the table grew over it and the note is written again
    # at B8: taken for RateCalc's (style and words), and a copy of the user's pasted there is
    # not on the new sheet, so it is named
    wb = _rewritten({(6, 2): "Keystone", (8, 2): OUR_WORDS}, table="A1:B7")
    assert guessed_cells(wb, _old({(6, 2): OUR_WORDS})) == [(SHEET, 6, 2, OUR_WORDS)]


def test_a_value_the_new_table_holds_at_its_cell_is_not_named() -> None:
    # the grown table writes the same words at the same cell: nothing is lost there
    wb = _rewritten({(6, 2): OUR_WORDS, (8, 2): OUR_WORDS}, table="A1:B7")
    assert guessed_cells(wb, _old({(6, 2): OUR_WORDS})) == []


def test_a_cell_without_a_style_is_the_users_and_not_named_here() -> None:
    # typed in an empty cell (no style): the user's, which lost_cells names, never taken for
    # RateCalc's though the new sheet holds its words
    wb = _rewritten({(8, 2): OUR_WORDS}, table="A1:B7")
    assert guessed_cells(wb, _old({(6, 2): OUR_WORDS}, styled=set())) == []


def test_a_cell_below_a_wide_table_holding_the_new_sheets_value_is_not_named() -> None:
    # A table of 2 rows and 5 columns (A1:E2); the rewritten sheet writes its own words at B4,
    # below it, where the old note was (the note moved to B6): the cell is outside the table,
    # so what is there now is the new sheet's own, not a table written over the note, and
    # nothing is named. With the table's rows taken for its columns (A1:B5) B4 was covered
    wb = _rewritten({(4, 2): "Keystone", (6, 2): OUR_WORDS}, table="A1:E2")
    assert guessed_cells(wb, _old({(4, 2): OUR_WORDS})) == []
    # a table of 5 rows over it (A1:B5) writes over the note: named
    wb = _rewritten({(4, 2): "Keystone", (6, 2): OUR_WORDS}, table="A1:B5")
    assert guessed_cells(wb, _old({(4, 2): OUR_WORDS})) == [(SHEET, 4, 2, OUR_WORDS)]


def test_our_words_moved_along_their_row_are_not_named() -> None:
    # a title that moved along its row as the tables beside it were placed anew (the
    # Scenarios' "Year by year, per payer", S4 -> N4): RateCalc's, and a copy of the user's
    # would have to be pasted on the very row RateCalc writes it, so it is not named
    wb = _rewritten({(4, 14): OUR_WORDS}, table="A6:B8")
    assert guessed_cells(wb, _old({(4, 19): OUR_WORDS})) == []
    # on another row it is named, as a note that moved down is
    assert guessed_cells(wb, _old({(3, 19): OUR_WORDS})) == [(SHEET, 3, 19, OUR_WORDS)]


def test_a_former_title_is_not_named_whatever_its_spaces() -> None:
    # An earlier RateCalc's title on Priorities, moved to the Totals sheet since: RateCalc's
    # words alone, not named; its words are compared with their spaces as one (a title typed
    # over two lines, or with two spaces, is the same words)
    title = layout.PRIORITIES
    for text in ("Codes by volume (top 80% marked)", "Codes by volume\n(top 80% marked)",
                 "Codes  by volume (top 80% marked)"):
        wb = _rewritten({}, title=title)
        assert guessed_cells(wb, _old({(3, 14): text}, title=title)) == [], text


def test_the_cells_are_named_in_sheet_order_then_by_row_and_column() -> None:
    # the old sheets' order (Totals, then Scenarios), then row, then column; a formula taken
    # for one of RateCalc's sums comes in its place among them, not first
    wb = _rewritten({(20, 2): OUR_WORDS}, table="A1:B4")
    other = wb.create_sheet(layout.SCENARIOS)
    other.cell(row=20, column=1, value="Year by year").font = Font(bold=True)
    preserved = Preserved(
        outside={SHEET: {(9, 3): OUR_WORDS, (6, 2): OUR_WORDS},
                 layout.SCENARIOS: {(5, 1): "Year by year"}},
        recorded=False,
        styled={SHEET: frozenset({(9, 3), (6, 2)}),
                layout.SCENARIOS: frozenset({(5, 1)})},
        formulas={layout.SCENARIOS: {(2, 1): "=SUM(B1:B3)"}, SHEET: {(8, 4): "=D1*2"}})
    assert guessed_cells(wb, preserved) == [
        (SHEET, 6, 2, OUR_WORDS), (SHEET, 8, 4, "=D1*2"), (SHEET, 9, 3, OUR_WORDS),
        (layout.SCENARIOS, 2, 1, "=SUM(B1:B3)"), (layout.SCENARIOS, 5, 1, "Year by year")]
