"""A column of an input table whose header was changed is said, not read as left blank.

RateCalc reads an input column by its header. "Notice days" renamed "Notice period (days)" on
the Payers & Contracts sheet was a column of the user's (a warning saying only that RateCalc
does not read it), and every contract took the default 90 days: Keystone's 120 days of notice
became 90, its notice deadline a month late, with nothing said of it. A column renamed with
values in it is an error naming both headers; one gone (deleted) a warning naming the default.
"""

from __future__ import annotations

from pathlib import Path

from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import open_book


def _header_cell(ws, header: str):
    (cell,) = [c for c in ws[layout.PAYERS_CONTRACTS_TABLE.header_row] if c.value == header]
    return cell


def _renamed(path: Path, header: str, new: str | None) -> str:
    wb = open_book(path)
    ws = wb[layout.PAYERS_CONTRACTS]
    cell = _header_cell(ws, header)
    if new is None:
        ws.delete_cols(cell.column)
    else:
        cell.value = new
    wb.save(path)
    return cell.column_letter


def test_a_renamed_column_with_values_is_an_error_naming_both(demo_copy: Path) -> None:
    letter = _renamed(demo_copy, "Notice days", "Notice period (days)")
    data, problems = read_workbook(demo_copy)
    assert data is None
    (error,) = [p for p in problems if p.severity == "error"]
    assert (error.location.sheet, error.location.row, error.location.letter) == (
        layout.PAYERS_CONTRACTS, layout.PAYERS_CONTRACTS_TABLE.header_row, letter)
    assert error.rule == (
        "no column 'Notice days', which RateCalc reads by its header: is it this one, "
        "renamed? Head it 'Notice days' again (or, if the column is yours, add a column "
        "'Notice days': blank cells take their default)")
    # the user's column is not also said to be one RateCalc does not read
    assert not [p for p in problems if "a column of your own" in p.rule
                and p.location.letter == letter]


def test_refresh_and_the_core_reader_refuse_it_alike(demo_copy: Path) -> None:
    _renamed(demo_copy, "Notice days", "Notice period (days)")
    result = refresh_workbook(demo_copy)
    assert not result.ok
    assert any("no column 'Notice days'" in p.rule for p in result.problems
               if p.severity == "error")


def test_a_deleted_column_is_a_warning_naming_what_every_row_takes(demo_copy: Path) -> None:
    _renamed(demo_copy, "Notice days", None)
    data, problems = read_workbook(demo_copy)
    assert data is not None
    (warning,) = [p for p in problems if "no column 'Notice days'" in p.rule]
    assert warning.severity == "warning"
    assert warning.rule == ("no column 'Notice days', which RateCalc reads by its header: "
                            "every row takes its default; head a column 'Notice days' to give "
                            "its values")



def test_a_column_of_the_users_beside_an_older_workbooks_table_is_not_refused(
        demo_copy: Path) -> None:
    """A workbook from before the Fee Schedules' "Confirmed" column has none; a "Notes" column
    the user typed beside the table, where "Confirmed" now stands, holds notes that are no
    yes/no: it is the user's, not "Confirmed" renamed, and refresh goes on (every rate taking
    the default, unconfirmed), as it did before the check. "Confirmed" came after the first
    release: the workbook is older than it, which one note says (not a warning), naming how to
    add it."""
    wb = open_book(demo_copy)
    ws = wb[layout.FEE_SCHEDULES]
    (cell,) = [c for c in ws[layout.FEE_SCHEDULES_TABLE.header_row] if c.value == "Confirmed"]
    cell.value = "Notes"
    for row in range(cell.row + 1, ws.max_row + 1):
        if ws.cell(row, cell.column).value is not None:
            ws.cell(row, cell.column).value = "called the payer in March"
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert [p.rule for p in problems if p.severity == "error"] == []
    assert data is not None
    assert [p.rule for p in problems if "no column 'Confirmed'" in p.rule] == []
    (note,) = [p for p in problems if "Fee Schedules has no 'Confirmed' column" in p.rule]
    assert note.severity == "note"
    assert "ratecalc workbook upgrade" in note.rule
