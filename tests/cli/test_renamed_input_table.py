"""An input table the user renamed (Table Design > Table Name) is found by its header row, as
the reader finds it, by the commands that change it.

The fee-schedule import wrote its rows right below a renamed Fee Schedules table and left the
table as it was (looked for by the name RateCalc gave it): the rows were outside the Excel
table, which Excel's sort, filter and the formulas naming the table leave out."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import range_boundaries

from ratecalc_cli.main import ExitCode, main
from tests.cli.test_table_total_row import FEES, PAYER, renamed


def test_a_fee_schedule_import_grows_the_renamed_table(demo_workbook: Path,
                                                       tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    shutil.copy2(demo_workbook, book)
    before = openpyxl.load_workbook(book)["Fee Schedules"]
    _, _, _, last_before = range_boundaries(before.tables["tblFeeSchedules"].ref)
    assert before.max_row == last_before  # nothing below the table yet
    renamed(book, "Fee Schedules", "tblFeeSchedules", "MyTable")
    # the file's 3 bad rows skipped, its 2 fee lines not in the workbook yet (97140, 97530) appended
    assert main(["import", "fee-schedule", str(FEES), "--payer", PAYER, "--workbook",
                 str(book), "--skip-bad-rows", "--effective-date", "2026-01-01"]) == \
        ExitCode.FAILED
    ws = openpyxl.load_workbook(book)["Fee Schedules"]
    assert list(ws.tables) == ["MyTable"]  # renamed as the user named it, no table added
    first_col, header_row, last_col, last_row = range_boundaries(ws.tables["MyTable"].ref)
    assert (first_col, header_row, last_row) == (1, 4, last_before + 2)
    assert ws.max_row == last_before + 2
    assert [ws.cell(row=r, column=2).value for r in (last_row - 1, last_row)] == \
        ["97140", "97530"]
    assert ws.tables["MyTable"].autoFilter.ref == ws.tables["MyTable"].ref
