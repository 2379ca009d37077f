"""An input table the user renamed (Table Design > Table Name) is found by its header row, as
the reader finds it, by the commands that read and change it.

The fee-schedule import wrote its rows right below a renamed Fee Schedules table and left the
table as it was (looked for by the name RateCalc gave it): the rows were outside the Excel
table, which Excel's sort, filter and the formulas naming the table leave out. A renamed Exit
assumptions table was taken for the Settings table above it (the same headers): its values
unread, its rows added again to the Settings by `workbook upgrade`."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook.reader import read_inputs
from tests.books import load_book
from tests.cli.test_table_total_row import FEES, PAYER, renamed


def test_a_fee_schedule_import_grows_the_renamed_table(demo_workbook: Path,
                                                       tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    shutil.copy2(demo_workbook, book)
    before = load_book(book)["Fee Schedules"]
    _, _, _, last_before = range_boundaries(before.tables["tblFeeSchedules"].ref)
    assert before.max_row == last_before  # nothing below the table yet
    renamed(book, "Fee Schedules", "tblFeeSchedules", "MyTable")
    # the file's 3 bad rows skipped, its 2 fee lines not in the workbook yet (97140, 97530) appended
    assert main(["import", "fee-schedule", str(FEES), "--payer", PAYER, "--workbook",
                 str(book), "--skip-bad-rows", "--effective-date", "2026-01-01"]) == \
        ExitCode.FAILED
    ws = load_book(book)["Fee Schedules"]
    assert list(ws.tables) == ["MyTable"]  # renamed as the user named it, no table added
    first_col, header_row, last_col, last_row = range_boundaries(ws.tables["MyTable"].ref)
    assert (first_col, header_row, last_row) == (1, 4, last_before + 2)
    assert ws.max_row == last_before + 2
    assert [ws.cell(row=r, column=2).value for r in (last_row - 1, last_row)] == \
        ["97140", "97530"]
    assert ws.tables["MyTable"].autoFilter.ref == ws.tables["MyTable"].ref


def _exit_renamed(demo_workbook: Path, tmp_path: Path) -> Path:
    """The demo workbook with its Exit assumptions table renamed and its Retention 0.4."""
    book = tmp_path / "book.xlsx"
    shutil.copy2(demo_workbook, book)
    renamed(book, "Settings", "tblExitAssumptions", "MyExit")
    wb = load_book(book)
    ws = wb["Settings"]
    _, header_row, _, _ = range_boundaries(ws.tables["MyExit"].ref)
    assert ws.cell(row=header_row + 1, column=1).value == "Retention"
    ws.cell(row=header_row + 1, column=2, value=0.4)
    wb.save(book)
    return book


def test_a_renamed_exit_assumptions_table_is_read(demo_workbook: Path, tmp_path: Path) -> None:
    """The Settings and the Exit assumptions share their headers (Field, Value): found by its
    headers alone, a renamed Exit assumptions table was the Settings table above it, and the
    Retention typed in it unread (0, the default)."""
    book = _exit_renamed(demo_workbook, tmp_path)
    read = read_inputs(load_book(book), book.name, book)
    assert read.data is not None, read.problems
    assert read.data.exit_assumptions["retention"] == 0.4


def test_upgrade_adds_no_exit_assumption_to_the_settings(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path) -> None:
    """`workbook upgrade` took the renamed table's five rows for missing and added them to the
    Settings table (rows 27 to 31, "Retention" twice on the sheet), moving the table down."""
    book = _exit_renamed(demo_workbook, tmp_path)
    before = book.read_bytes()
    assert main(["workbook", "upgrade", str(book)]) == 0
    assert "is up to date: nothing added" in capsys.readouterr().out
    assert book.read_bytes() == before


@pytest.mark.parametrize("sheet,table", [("Priorities", "tblPriorities"),
                                         ("Proposal", "tblProposal"),
                                         ("Comparison", "tblComparison")])
def test_refresh_keeps_the_notes_of_a_renamed_result_table(
        demo_workbook: Path, tmp_path: Path, sheet: str, table: str) -> None:
    """A result table renamed: its note came back nowhere (refresh took the table for
    another's, kept none of its cells and said nothing); it is kept on its row's key."""
    book = tmp_path / "book.xlsx"
    shutil.copy2(demo_workbook, book)
    wb = load_book(book)
    ws = wb[sheet]
    first_col, header_row, last_col, _ = range_boundaries(ws.tables[table].ref)
    headers = [ws.cell(row=header_row, column=c).value for c in range(first_col, last_col + 1)]
    notes = first_col + headers.index("Notes")
    row = header_row + 2
    ws.cell(row=row, column=notes, value="Asked for 110% in March")
    keys = [ws.cell(row=row, column=c).value for c in range(first_col, first_col + 3)]
    wb.save(book)
    renamed(book, sheet, table, "Mine")
    assert main(["refresh", str(book)]) == 0
    ws = load_book(book)[sheet]
    held = [r for r in range(1, ws.max_row + 1)
            if ws.cell(row=r, column=notes).value == "Asked for 110% in March"]
    assert len(held) == 1
    assert [ws.cell(row=held[0], column=c).value
            for c in range(first_col, first_col + 3)] == keys


def test_upgrade_grows_a_renamed_table_by_the_column_it_adds(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path) -> None:
    """A workbook made before the Payers' last column (Notes) was, its table renamed: upgrade
    wrote the column's header right of the table and left the table one column short."""
    book = tmp_path / "book.xlsx"
    shutil.copy2(demo_workbook, book)
    wb = load_book(book)
    ws = wb["Payers & Contracts"]
    table = ws.tables["tblPayersContracts"]
    first_col, header_row, last_col, last_row = range_boundaries(table.ref)
    assert ws.cell(row=header_row, column=last_col).value == "Notes"
    letter = openpyxl.utils.get_column_letter(last_col)
    for at in [at for at in ws._cells if at[1] == last_col]:
        del ws._cells[at]  # as a workbook made without the column has it: no cell, no format
    for rule in list(ws.data_validations.dataValidation):
        if any(r.min_col <= last_col <= r.max_col for r in rule.sqref.ranges):
            ws.data_validations.dataValidation.remove(rule)
    table.tableColumns.pop()
    table.ref = table.autoFilter.ref = (
        f"A{header_row}:{openpyxl.utils.get_column_letter(last_col - 1)}{last_row}")
    wb.save(book)
    renamed(book, "Payers & Contracts", "tblPayersContracts", "Payers")
    assert main(["workbook", "upgrade", str(book)]) == 0
    assert f"Payers & Contracts: column 'Notes' ({letter})" in capsys.readouterr().out
    table = load_book(book)["Payers & Contracts"].tables["Payers"]
    assert table.ref == f"A{header_row}:{letter}{last_row}"
    assert [c.name for c in table.tableColumns][-1] == "Notes"
