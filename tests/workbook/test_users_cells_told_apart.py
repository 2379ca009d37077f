"""A value the user typed outside the result tables is told from RateCalc's own when the words
are the same (the closing note of session 60, left by review-b10).

In a workbook last refreshed before RateCalc kept its record of its own texts, refresh took a
value found anywhere on the rewritten sheet for RateCalc's: a payer's name, a code or a number
typed beside a table, all of which the tables hold, was written over by a grown table without
refusal. Now such a value is RateCalc's only if the cell bears a style (RateCalc writes every
text outside its tables styled; a value typed in an empty cell has none) and the rewritten sheet
holds its words outside its tables. With the record, a copy the user made of one of RateCalc's
texts or formulas elsewhere on its sheet was RateCalc's (the record held digests by sheet); the
record now names the cell each was written at.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ratecalc_workbook import layout
from ratecalc_workbook.preserve import own_text_key, own_texts
from ratecalc_workbook.refresh import RefreshResult, refresh_workbook
from tests.workbook.conftest import (
    NOW,
    as_before_its_last_column,
    open_book,
    put_back,
    refreshed_without,
)


def _without_the_record(path: Path) -> None:
    """The book as one last refreshed before RateCalc kept its record on the Lists sheet: no
    record there (as tests/workbook/test_earlier_result_texts.py makes one)."""
    wb = open_book(path)
    lists = wb[layout.LISTS]
    for col in (layout.LIST_OWN_SHEET_COL, layout.LIST_OWN_TEXT_COL, layout.LIST_OWN_CELL_COL):
        for row in range(1, lists.max_row + 1):
            lists.cell(row=row, column=col).value = None
    wb.save(path)


def _refused(result: RefreshResult) -> dict[tuple[str, str], object]:
    return {(p.table, f"{p.location.column}{p.location.row}"): p.value for p in result.errors
            if "where this refresh's table now reaches" in p.rule}


def _named(result: RefreshResult) -> dict[tuple[str, str], object]:
    """Cells refresh names for a value outside the result tables, refused or dropped."""
    return {(p.table, f"{p.location.column}{p.location.row}"): p.value for p in result.problems
            if "outside the result tables" in p.rule}


# the first payer's name, a code and the units per year of the Comparison's row 6 (the demo's
# first row: Cardinal Employers Trust, 92523, 11 units), each also in the table
@pytest.mark.parametrize("typed", ["Cardinal Employers Trust", "92523", 11])
def test_a_value_the_tables_hold_typed_where_a_grown_table_lands_in_a_book_without_the_record(
        demo_copy: Path, typed: object) -> None:
    _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    ws = wb[layout.COMPARISON]
    left, top, right, bottom = as_before_its_last_column(ws, layout.COMPARISON_TABLE.name)
    assert typed in {c.value for row in ws.iter_rows(min_row=top + 1, max_row=bottom)
                     for c in row}  # the table holds the same value
    cell = f"{get_column_letter(right)}{top + 2}"
    ws[cell] = typed
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    assert _refused(result) == {(layout.COMPARISON, cell): typed}
    assert open_book(demo_copy)[layout.COMPARISON][cell].value == typed


def test_ratecalcs_own_row_under_a_grown_table_in_a_book_without_the_record_is_refreshed(
        demo_copy: Path) -> None:
    # A payer leaves and comes back in a book without the record: the Totals' per-payer table
    # grows by a row over its "All payers" row (RateCalc's words, styled), written again below
    kept = refreshed_without(demo_copy, "Keystone Health Plan")
    _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    totals = wb[layout.TOTALS]
    [(row, col)] = [at for at, c in totals._cells.items() if c.value == "All payers"]
    assert totals.cell(row=row, column=col).has_style
    # the Scenarios' "All payers, by year" stands under the year-by-year table (pages-13),
    # which the payer's years grow too: its title moves down as the "All payers" row does
    scenarios = wb[layout.SCENARIOS]
    title = layout.SCENARIO_TOTALS_TABLE.title
    [(title_row, title_col)] = [at for at, c in scenarios._cells.items() if c.value == title]
    # five payers' years stand beside the per-payer table; six payers' under it (taller than
    # a page, their header repeated: pages-17), so their old title is left behind too
    years_title = layout.SCENARIO_YEARS_TABLE.title
    [(years_row, years_col)] = [at for at, c in scenarios._cells.items()
                                if c.value == years_title]
    put_back(wb, kept)
    wb.save(demo_copy)
    # the old row's label, taken for RateCalc's by its style and words: named, since a copy
    # the user pasted there would be told from it by nothing else (its sums are formulas,
    # which a workbook without the record keeps no account of: preserve.capture); the old
    # title of the Scenarios' totals likewise
    old_row = {(layout.TOTALS, f"{get_column_letter(col)}{row}"): "All payers",
               (layout.SCENARIOS, f"{get_column_letter(title_col)}{title_row}"): title,
               (layout.SCENARIOS, f"{get_column_letter(years_col)}{years_row}"): years_title}
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == old_row
    assert all("taken for one of them" in p.rule and p.severity == "warning"
               for p in result.problems if "outside the result tables" in p.rule)
    totals = open_book(demo_copy)[layout.TOTALS]
    assert totals.cell(row=row + 1, column=col).value == "All payers"


def test_a_styled_value_of_the_users_in_a_book_without_the_record_is_still_theirs(
        demo_copy: Path) -> None:
    # bold is not enough: the rewritten sheet holds the payer's name only inside its table
    _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    ws = wb[layout.COMPARISON]
    left, top, right, bottom = as_before_its_last_column(ws, layout.COMPARISON_TABLE.name)
    cell = f"{get_column_letter(right)}{top + 2}"
    ws[cell] = "Cardinal Employers Trust"
    ws[cell].font = Font(bold=True)
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert _refused(result) == {(layout.COMPARISON, cell): "Cardinal Employers Trust"}


@pytest.mark.parametrize("recorded", [True, False])
def test_a_copy_of_ratecalcs_payer_pick_typed_where_a_grown_table_lands_is_the_users(
        demo_copy: Path, recorded: bool) -> None:
    # The Proposal names the payer picked for the letter above its table (RateCalc's, in the
    # record); the user types that payer's name beside a row of the table, where its new last
    # column lands: theirs, so the refresh is refused. Without the record too: the rewritten
    # sheet holds the name outside its tables, but the user's cell bears no style.
    if not recorded:
        _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    ws = wb[layout.PROPOSAL]
    picked = ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL).value
    assert isinstance(picked, str) and picked
    left, top, right, bottom = as_before_its_last_column(ws, layout.PROPOSAL_TABLE.name)
    cell = f"{get_column_letter(right)}{top + 3}"
    ws[cell] = picked
    # plain, as a cell beside the table an earlier RateCalc wrote was (the column cleared here
    # keeps the style the table gave it)
    ws[cell].style = "Normal"
    assert not ws[cell].has_style
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    assert _refused(result) == {(layout.PROPOSAL, cell): picked}


def test_a_copy_of_a_totals_sum_typed_elsewhere_is_named_as_not_kept(demo_copy: Path) -> None:
    # the user copies the all-payers sum of the current revenue (RateCalc's, in the record) to
    # a cell of their own: refresh drops it as it drops every value typed there, and says so
    wb = open_book(demo_copy)
    totals = wb[layout.TOTALS]
    [(row, col)] = [at for at, c in totals._cells.items() if c.value == "All payers"]
    formula = totals.cell(row=row, column=col + 2).value
    assert isinstance(formula, str) and formula.startswith("=")
    totals["H30"] = formula
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {(layout.TOTALS, "H30"): formula}


def test_a_pasted_copy_of_ratecalcs_words_in_a_book_without_the_record_is_named(
        demo_copy: Path) -> None:
    # A copy of the Totals' "All payers" label pasted, style and all, in a cell of the user's:
    # without the record nothing tells it from a note of RateCalc's that moved, and it was
    # dropped without a word. It is named now, as a value typed there is
    # (test_a_copy_of_a_totals_sum_typed_elsewhere_is_named_as_not_kept).
    _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    totals = wb[layout.TOTALS]
    [(row, col)] = [at for at, c in totals._cells.items() if c.value == "All payers"]
    source = totals.cell(row=row, column=col)
    assert source.has_style
    totals["H30"] = source.value
    totals["H30"]._style = source._style  # as Excel's paste brings it
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {(layout.TOTALS, "H30"): source.value}


def test_ratecalcs_text_moved_on_its_sheet_is_still_its_own(demo_copy: Path) -> None:
    # a row inserted above, or the cell dragged: RateCalc's words at another cell, no copy
    # left at the cell the record names, are still RateCalc's
    wb = open_book(demo_copy)
    ws = wb[layout.COMPARISON]
    title = ws["A1"].value
    ws["A1"] = None
    ws["D1"] = title
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {}


def test_the_record_names_the_cell_of_each_text_and_formula(demo_book: Path) -> None:
    wb = open_book(demo_book)
    lists = wb[layout.LISTS]
    assert lists.cell(row=1, column=layout.LIST_OWN_CELL_COL).value == "Cell"
    record = own_texts(wb)
    assert record is not None and record.places is not None
    totals = wb[layout.TOTALS]
    [(row, col)] = [at for at, c in totals._cells.items() if c.value == "All payers"]
    sum_cell = totals.cell(row=row, column=col + 1)
    assert record.places[layout.TOTALS][own_text_key(sum_cell.value)] == frozenset(
        {(row, col + 1)})
    assert record.places[layout.COMPARISON][own_text_key(wb[layout.COMPARISON]["A1"].value)] \
        == frozenset({(1, 1)})


def _record_book(cells: list[tuple[str, str, object]], *, placed: bool = True) -> Workbook:
    """A workbook holding only a Lists sheet with a record of these rows (sheet, digest,
    cell); ``placed``: under the header naming cells."""
    wb = Workbook()
    lists = wb.active
    lists.title = layout.LISTS
    lists.cell(row=1, column=layout.LIST_OWN_SHEET_COL, value=layout.LIST_OWN_HEADERS[0])
    lists.cell(row=1, column=layout.LIST_OWN_TEXT_COL, value=layout.LIST_OWN_HEADERS[1])
    if placed:
        lists.cell(row=1, column=layout.LIST_OWN_CELL_COL, value="Cell")
    for row, (sheet, key, at) in enumerate(cells, start=layout.LIST_FIRST_ROW):
        lists.cell(row=row, column=layout.LIST_OWN_SHEET_COL, value=sheet)
        lists.cell(row=row, column=layout.LIST_OWN_TEXT_COL, value=key)
        lists.cell(row=row, column=layout.LIST_OWN_CELL_COL, value=at)
    return wb


def test_a_record_cell_that_names_no_cell_gives_no_place() -> None:
    key = own_text_key("Totals")
    wb = _record_book([("Totals", key, "A1"), ("Totals", key, "$C$11"), ("Totals", key, "abc"),
                       ("Totals", key, ""), ("Totals", key, 7), ("Totals", key, "A0"),
                       ("Totals", key, "AB12")])
    record = own_texts(wb)
    assert record is not None and record.places is not None
    assert record.places == {"Totals": {key: frozenset({(1, 1), (12, 28)})}}


def test_the_holds_rule_by_place_and_count() -> None:
    key = own_text_key("Totals")
    record = own_texts(_record_book([("Totals", key, "A1")]))
    assert record is not None
    # at its cell; moved alone; a copy beside it (both then the user's but the one at A1)
    assert record.holds("Totals", (1, 1), "Totals", Counter({key: 2}))
    assert record.holds("Totals", (2, 1), " Totals ", Counter({key: 1}))
    assert not record.holds("Totals", (2, 1), "Totals", Counter({key: 2}))
    assert not record.holds("Comparison", (1, 1), "Totals", Counter({key: 1}))
    assert not record.holds("Totals", (1, 1), "Total", Counter({key: 1}))
    # a record written before it named cells: the words alone, as then
    earlier = own_texts(_record_book([("Totals", key, "A1")], placed=False))
    assert earlier is not None and earlier.places is None
    assert earlier.holds("Totals", (2, 1), "Totals", Counter({key: 2}))


def test_a_record_whose_cells_were_cleared_tells_ratecalcs_by_their_words(
        demo_copy: Path) -> None:
    # The record's Cell column emptied on the Lists sheet (its header kept): each text's place
    # is unknown, so its words tell it, as in a record written before it named cells. Every
    # recorded text was taken for the user's, so a payer coming back refused the refresh at the
    # Totals' "All payers" row, RateCalc's own, where the per-payer table grows.
    kept = refreshed_without(demo_copy, "Keystone Health Plan")
    wb = open_book(demo_copy)
    lists = wb[layout.LISTS]
    assert lists.cell(row=1, column=layout.LIST_OWN_CELL_COL).value == "Cell"
    for row in range(layout.LIST_FIRST_ROW, lists.max_row + 1):
        lists.cell(row=row, column=layout.LIST_OWN_CELL_COL).value = None
    put_back(wb, kept)
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {}


def test_ratecalcs_title_moved_along_its_row_in_a_book_without_the_record_is_not_named(
        demo_copy: Path) -> None:
    # A book last refreshed before the record, and before "All payers, by year" moved under the
    # year-by-year table (pages-13): the Scenarios' "Year by year, per payer" stood at S4,
    # right of the totals, and now stands at N4. Every such book's first refresh named that
    # title as perhaps the user's ("if you typed or pasted it, it is in the backup"): a title
    # of RateCalc's moved along its row, which the rewritten sheet writes on the same row.
    _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    ws = wb[layout.SCENARIOS]
    [(row, col)] = [at for at, c in ws._cells.items() if c.value == "Year by year, per payer"]
    title = ws.cell(row=row, column=col)
    earlier = ws.cell(row=row, column=col + 5)  # beside the 4 columns of the totals, as then
    earlier.value, earlier._style = title.value, title._style
    title.value = None
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {}
    ws = open_book(demo_copy)[layout.SCENARIOS]
    assert ws.cell(row=row, column=col).value == "Year by year, per payer"
    assert ws.cell(row=row, column=col + 5).value is None


def test_a_pasted_copy_of_a_title_on_another_row_in_a_book_without_the_record_is_named(
        demo_copy: Path) -> None:
    # the same title pasted, style and all, on a row RateCalc does not write it on: named
    _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    ws = wb[layout.SCENARIOS]
    [(row, col)] = [at for at, c in ws._cells.items() if c.value == "Year by year, per payer"]
    title = ws.cell(row=row, column=col)
    copy = ws.cell(row=row + 60, column=col + 30)
    copy.value, copy._style = title.value, title._style
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {
        (layout.SCENARIOS, f"{get_column_letter(col + 30)}{row + 60}"): title.value}


def test_a_formula_of_the_users_in_a_book_without_the_record_is_named(demo_copy: Path) -> None:
    # Without the record, a formula outside the tables was taken for one of RateCalc's (its
    # Totals' sums move as the tables grow) and never captured: one the user typed was dropped
    # without a word. It is named now, as a pasted copy of RateCalc's words is; RateCalc's own
    # sums, which the rewritten sheet writes again, are not.
    _without_the_record(demo_copy)
    wb = open_book(demo_copy)
    wb[layout.TOTALS]["H30"] = "=B3*12"
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {(layout.TOTALS, "H30"): "=B3*12"}
    [problem] = [p for p in result.problems if "outside the result tables" in p.rule]
    assert "it is in the backup made before this refresh" in problem.rule


def test_a_book_without_the_record_names_none_of_ratecalcs_own_formulas(
        demo_copy: Path) -> None:
    _without_the_record(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {}
