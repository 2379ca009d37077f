"""The rules of :func:`ratecalc_workbook.preserve.landed_cells` and
:func:`~ratecalc_workbook.preserve.lost_cells` on a sheet written by hand: which cells typed
outside the old tables a rewritten table lands on, and which the rewritten sheet leaves out.
Each case's answer is worked out from the sheet as written here (mutation review, tests-11:
the same-value check, the former-title and texts branches had no test that failed without
them)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table

from ratecalc_workbook import layout
from ratecalc_workbook.preserve import Preserved, landed_cells, lost_cells

SHEET = layout.PRIORITIES


def _rewritten(cells: dict[str, Any]) -> Workbook:
    """A rewritten Priorities sheet: a table A4:C8 (headers Payer, Code, Rate) and ``cells``
    (cell name -> value) written over it and around it, as refresh wrote them."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for col, header in enumerate(("Payer", "Code", "Rate"), start=1):
        ws.cell(row=4, column=col, value=header)
    ws.add_table(Table(displayName="tblPriorities", ref="A4:C8"))
    for at, value in cells.items():
        ws[at] = value
    return wb


def _preserved(cells: dict[tuple[int, int], Any], *, recorded: bool,
               styled: tuple[tuple[int, int], ...] = ()) -> Preserved:
    return Preserved(outside={SHEET: cells}, recorded=recorded,
                     styled={SHEET: frozenset(styled)})


def test_a_cell_the_grown_table_lands_on_is_named_with_its_column() -> None:
    wb = _rewritten({"C6": 140.5})
    assert landed_cells(wb, _preserved({(6, 3): "call Mary"}, recorded=True)) == [
        (SHEET, 6, 3, "call Mary", "Rate")]


def test_a_cell_already_holding_what_the_grown_table_writes_there_is_not_landed_on() -> None:
    # the user typed at C6 the very figure the table now writes at C6: nothing is written over
    wb = _rewritten({"C6": 140.5})
    assert landed_cells(wb, _preserved({(6, 3): 140.5}, recorded=True)) == []
    assert landed_cells(wb, _preserved({(6, 3): 140.25}, recorded=True)) == [
        (SHEET, 6, 3, 140.25, "Rate")]


def test_a_cell_outside_every_rewritten_table_is_not_landed_on() -> None:
    wb = _rewritten({})
    assert landed_cells(wb, _preserved({(6, 4): "x", (9, 1): "y", (3, 1): "z"},
                                       recorded=True)) == []


def test_a_former_title_landed_on_in_a_book_without_the_record_is_ratecalcs() -> None:
    wb = _rewritten({})
    title = "Codes by volume  (top 80% marked)"  # its words, spaces as a save may leave them
    assert landed_cells(wb, _preserved({(5, 2): title}, recorded=False)) == []
    # with the record, the same words there are the user's (RateCalc's own were not in it)
    assert landed_cells(wb, _preserved({(5, 2): title}, recorded=True)) == [
        (SHEET, 5, 2, title, "Code")]
    # and only the whole title: more words after it are not it
    longer = "Codes by volume (top 80% marked) for March"
    assert landed_cells(wb, _preserved({(5, 2): longer}, recorded=False)) == [
        (SHEET, 5, 2, longer, "Code")]


def test_a_styled_text_the_rewritten_sheet_holds_outside_its_tables_is_ratecalcs() -> None:
    # a note RateCalc wrote under the old table (styled), the table grown over it and the note
    # written again below: RateCalc's. The same words unstyled, or styled but held only inside
    # the table, are the user's.
    note = "Rates in force on the analysis date."
    wb = _rewritten({"A10": note, "A6": "Summit"})
    wb[SHEET]["A10"].font = Font(italic=True)
    assert landed_cells(wb, _preserved({(7, 1): note}, recorded=False, styled=((7, 1),))) == []
    assert landed_cells(wb, _preserved({(7, 1): note}, recorded=False)) == [
        (SHEET, 7, 1, note, "Payer")]
    assert landed_cells(wb, _preserved({(7, 1): "Summit"}, recorded=False,
                                       styled=((7, 1),))) == [(SHEET, 7, 1, "Summit", "Payer")]


def test_lost_cells_name_what_the_rewritten_sheet_leaves_out() -> None:
    note = "Rates in force on the analysis date."
    wb = _rewritten({"A10": note, "A6": "Summit", "E2": "kept"})
    wb[SHEET]["A10"].font = Font(italic=True)
    typed = {(12, 1): note, (13, 1): "Summit", (2, 5): "kept", (2, 6): "gone"}
    # with the record: every cell but the one the new sheet holds at its place
    assert lost_cells(wb, _preserved(typed, recorded=True)) == [
        (SHEET, 2, 6, "gone"), (SHEET, 12, 1, note), (SHEET, 13, 1, "Summit")]
    # without: the styled note held outside the tables is RateCalc's, moved
    assert lost_cells(wb, _preserved(typed, recorded=False, styled=((12, 1), (13, 1)))) == [
        (SHEET, 2, 6, "gone"), (SHEET, 13, 1, "Summit")]
    # a former title, unstyled, is RateCalc's
    assert lost_cells(wb, _preserved({(3, 14): "Codes by volume"}, recorded=False)) == []


def test_a_value_typed_over_ratecalcs_text_is_lost_only_where_the_record_says_so() -> None:
    # A1 held the user's words over RateCalc's title; the rewritten sheet writes the title
    # there again. With the record the words are the user's, gone; without it, a cell the new
    # sheet writes a value at was RateCalc's (its text of then), as before the record.
    wb = _rewritten({"A1": "Priorities"})
    typed = {(1, 1): "Priorities, as of the March call"}
    assert lost_cells(wb, _preserved(typed, recorded=True)) == [
        (SHEET, 1, 1, "Priorities, as of the March call")]
    assert lost_cells(wb, _preserved(typed, recorded=False, styled=((1, 1),))) == []
