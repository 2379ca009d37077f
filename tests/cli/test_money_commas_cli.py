"""``refresh`` and ``analyze`` refuse "30,50" in a rate as ``import fee-schedule`` and ``letter``
do: they read it as $3,050 with a warning, and "Below market" moved by $18,933.60."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc_cli.main import main
from tests.ratecalc.test_money_commas import REFUSED


def test_refresh_refuses_a_rate_whose_comma_groups_no_thousands(
        demo_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "wb.xlsx"
    shutil.copy2(demo_workbook, book)
    wb = load_workbook(book)
    sheet = wb["Fee Schedules"]
    header = next(c for c in sheet[4] if c.value == "Allowed amount")  # the table's header row
    assert header.column_letter == "D"
    sheet["D5"] = "30,50"
    wb.save(book)
    assert main(["refresh", str(book)]) == 1
    err = capsys.readouterr().err
    assert (f"Fee Schedules 'wb.xlsx', sheet 'Fee Schedules', row 5, column D 'Allowed amount': "
            f"{REFUSED}, got '30,50'") in err, err
    kept = load_workbook(book, read_only=True)  # read-only keeps the file open until closed
    try:
        assert kept["Fee Schedules"]["D5"].value == "30,50"
    finally:
        kept.close()
