"""Excel's check of a date cell written into a workbook saved in the 1904 date system (Mac
Excel's option) holds its bounds in that system: a date check's bounds are serial numbers, and
written as 1900-system serials (25569 and 109574) into a 1904 workbook they are 1974-01-02 and
2203-12-31+ there, so Excel refused a date of 1970 to 1973 that the refresh reads and took one
of 2200 it refuses (``workbook upgrade`` adds the checks a workbook lacks)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel

from ratecalc.limits import FIRST_YEAR, LAST_YEAR
from ratecalc_workbook import layout
from ratecalc_workbook.upgrade import upgrade_workbook

from .conftest import NOW


def _date_checks(path: Path, sheet: str) -> list[tuple[str, str, str]]:
    wb = load_workbook(path)
    return [(str(dv.sqref), dv.formula1, dv.formula2)
            for dv in wb[sheet].data_validations.dataValidation if dv.type == "date"]


def test_a_date_check_added_to_a_1904_workbook_counts_from_1904(demo_book: Path,
                                                               tmp_path: Path) -> None:
    book = tmp_path / "mac.xlsx"
    shutil.copy(demo_book, book)
    wb = load_workbook(book)
    wb.epoch = CALENDAR_MAC_1904  # the dates of its date cells are kept: openpyxl writes them so
    ws = wb[layout.FEE_SCHEDULES]
    ws.data_validations.dataValidation = [dv for dv in ws.data_validations.dataValidation
                                          if dv.type != "date"]
    wb.save(book)
    assert not _date_checks(book, layout.FEE_SCHEDULES)
    upgrade_workbook(book, now=NOW)
    [(_, low, high)] = _date_checks(book, layout.FEE_SCHEDULES)
    assert load_workbook(book).epoch == CALENDAR_MAC_1904
    assert from_excel(float(low), CALENDAR_MAC_1904) == datetime(FIRST_YEAR, 1, 1)
    assert from_excel(float(high), CALENDAR_MAC_1904) == datetime(LAST_YEAR, 12, 31)


def test_a_new_workbooks_date_check_counts_from_1900(demo_book: Path) -> None:
    checks = _date_checks(demo_book, layout.FEE_SCHEDULES)
    assert checks
    for _, low, high in checks:
        assert from_excel(float(low)) == datetime(FIRST_YEAR, 1, 1)
        assert from_excel(float(high)) == datetime(LAST_YEAR, 12, 31)
