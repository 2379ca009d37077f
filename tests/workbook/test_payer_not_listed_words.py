"""A payer another table names that the Payers table does not list, read from a workbook
(walk-8): the error said "payer is not on the Payers table; did you mean 'UnitedHealthcare'?,
got 'United Healthcare'", the question read as if it were the value, and named no sheet, where
the workbook's Payers table is on "Payers & Contracts". It failed before the fix."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook


def test_a_misspelt_payer_is_named_then_asked_about_with_its_sheet(demo_copy: Path) -> None:
    wb = openpyxl.load_workbook(demo_copy)
    ws = wb[layout.VOLUMES]
    first = layout.TABLE_FOR_SCHEMA["volumes"].header_row + 1
    ws.cell(first, 1).value = "Meridian  Mutual"
    wb.save(demo_copy)
    _, problems = read_workbook(demo_copy)
    said = [p.message for p in problems if "not on the Payers table" in p.message]
    assert len(said) == 1
    assert said[0].endswith(
        "payer is not on the Payers table (sheet 'Payers & Contracts'), got 'Meridian  Mutual'; "
        "did you mean 'Meridian Mutual'?"), said
