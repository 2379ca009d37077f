"""A formula the user typed on a result sheet outside the tables is the user's (review-b10):
refresh took every formula there for RateCalc's, so one a grown table landed on was written
over and one elsewhere dropped, each without a word. RateCalc's own formulas there (the Totals'
sums) are told apart by its record on the Lists sheet, which now holds them too; a record an
earlier RateCalc made holds texts alone, and with it every formula is taken for RateCalc's, as
before, so that the first refresh after upgrading names none of its own."""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter

from ratecalc_workbook import layout
from ratecalc_workbook.preserve import own_text_key
from ratecalc_workbook.refresh import RefreshResult, refresh_workbook
from tests.workbook.conftest import (
    NOW,
    as_before_its_last_column,
    open_book,
    put_back,
    refreshed_without,
)
from tests.workbook.snapshot import snapshot

#: The formula review-b10 typed at Comparison S6 (the column right beside the table before the
#: Market caveat column came).
FORMULA = "=O6*2"
#: The header of RateCalc's record as an earlier RateCalc wrote it: texts alone.
TEXTS_ONLY_HEADER = "RateCalc's text outside the tables (digest)"


def _named(result: RefreshResult) -> dict[tuple[str, str], object]:
    """Cells refresh names for a value outside the result tables, refused or dropped."""
    return {(p.table, f"{p.location.column}{p.location.row}"): p.value for p in result.problems
            if "outside the result tables" in p.rule}


def _result_sheets(book: Path) -> dict[str, object]:
    content = snapshot(book)["content"]
    return {name: content[name] for name in layout.RESULT_SHEETS if name != layout.PROBLEMS}


def test_a_formula_typed_where_a_grown_table_lands_refuses_the_refresh(demo_copy: Path) -> None:
    # the Comparison as an earlier RateCalc wrote it, one column narrower, and the formula
    # typed in the column right beside it, where the table's new last column lands
    wb = open_book(demo_copy)
    ws = wb[layout.COMPARISON]
    left, top, right, bottom = as_before_its_last_column(ws, layout.COMPARISON_TABLE.name)
    cell = f"{get_column_letter(right)}{top + 2}"
    ws[cell] = FORMULA
    wb.save(demo_copy)
    before = _result_sheets(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    assert {key: value for key, value in _named(result).items()} == {
        (layout.COMPARISON, cell): FORMULA}
    [refusal] = [p for p in result.errors if p.value == FORMULA]
    assert "where this refresh's table now reaches" in refusal.rule
    assert _result_sheets(demo_copy) == before
    assert open_book(demo_copy)[layout.COMPARISON][cell].value == FORMULA
    assert result.backup is not None  # the book as it was before this refresh
    assert open_book(result.backup)[layout.COMPARISON][cell].value == FORMULA
    problems = open_book(demo_copy)[layout.PROBLEMS]
    assert any(c.value == FORMULA for row in problems.iter_rows() for c in row)


def test_a_formula_typed_elsewhere_outside_the_tables_is_named_as_not_kept(
        demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    wb[layout.PROPOSAL]["A97"] = "=B5*2"
    wb[layout.TOTALS]["H30"] = "=SUM(B11:F11)"
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {(layout.PROPOSAL, "A97"): "=B5*2",
                              (layout.TOTALS, "H30"): "=SUM(B11:F11)"}
    assert result.backup is not None
    backup = open_book(result.backup)
    assert backup[layout.PROPOSAL]["A97"].value == "=B5*2"
    assert _named(refresh_workbook(demo_copy, now=NOW)) == {}  # said once


def test_a_book_whose_record_is_the_old_kind_names_none_of_ratecalcs_formulas(
        demo_copy: Path) -> None:
    # A payer leaves and comes back: the Totals' sums (RateCalc's formulas outside any table)
    # are written over other rows. The book in between holds the record an earlier RateCalc
    # kept: its texts alone, under the old header, none of its formulas.
    kept = refreshed_without(demo_copy, "Keystone Health Plan")
    wb = open_book(demo_copy)
    sums_before = [c.value for c in wb[layout.TOTALS][11]]
    lists = wb[layout.LISTS]
    formulas = {(name, own_text_key(c.value)) for name in layout.RESULT_SHEETS
                if name in wb.sheetnames for c in wb[name]._cells.values()
                if c.data_type == "f" and isinstance(c.value, str)}
    dropped = 0
    for row in range(layout.LIST_FIRST_ROW, lists.max_row + 1):
        sheet = lists.cell(row=row, column=layout.LIST_OWN_SHEET_COL)
        digest = lists.cell(row=row, column=layout.LIST_OWN_TEXT_COL)
        if (sheet.value, digest.value) in formulas:
            sheet.value = digest.value = None
            dropped += 1
    assert dropped  # the Totals' sums, at least, were in the new record
    lists.cell(row=1, column=layout.LIST_OWN_TEXT_COL).value = TEXTS_ONLY_HEADER
    put_back(wb, kept)
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    wb = open_book(demo_copy)
    assert [c.value for c in wb[layout.TOTALS][11]] != sums_before  # written over other rows
    assert _named(result) == {}
    # the refresh wrote the new record: a formula typed now is the user's
    assert wb[layout.LISTS].cell(row=1, column=layout.LIST_OWN_TEXT_COL).value \
        == layout.LIST_OWN_HEADERS[1] != TEXTS_ONLY_HEADER
    wb[layout.PROPOSAL]["A97"] = "=B5*2"
    wb.save(demo_copy)
    assert _named(refresh_workbook(demo_copy, now=NOW)) == {(layout.PROPOSAL, "A97"): "=B5*2"}


def test_two_refreshes_in_a_row_name_nothing(demo_copy: Path) -> None:
    assert _named(refresh_workbook(demo_copy, now=NOW)) == {}
    assert _named(refresh_workbook(demo_copy, now=NOW)) == {}



def test_ratecalcs_formulas_as_libreoffice_saves_them_are_not_the_users(demo_copy: Path) -> None:
    # LibreOffice saving the book writes a formula's sheet names unquoted where they need no
    # quotes ('Proposal'!$D$5 -> Proposal!$D$5: seen on the demo's Totals C11:F11, converted by
    # soffice 2026-12-07); Excel writes names and references in capitals. Both are RateCalc's
    # formulas still, not values the user typed.
    wb = open_book(demo_copy)
    totals = wb[layout.TOTALS]
    rewritten = 0
    for cell in totals[11]:
        if cell.data_type == "f" and "'" in cell.value:
            cell.value = cell.value.replace("'Proposal'!", "proposal!")
            rewritten += 1
    assert rewritten
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert _named(result) == {}
