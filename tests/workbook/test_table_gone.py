"""A workbook whose Clinic metrics table is no longer an Excel table (converted to a range, or
its table object deleted, its cells kept) listed 22 errors: its headers were looked for from
column A, where the profile's share the header row, so the profile's Field, Value and "What it
means" were read as the metrics' columns, its texts as metric figures. A billing manager needs
the one thing to fix, not a wall of its consequences: the table is read from its own headers,
and a header RateCalc cannot read (a second Value column) is the table's one error."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from ratecalc.loaders import ROWS_UNREAD
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook


def _table_object_gone(book: Path, name: str) -> None:
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        if name in ws.tables:
            del ws.tables[name]  # its cells kept, as Table Design > Convert to Range leaves them
    wb.save(book)


def test_metrics_left_as_a_range_are_read_from_their_own_headers(demo_copy, demo_inputs):
    _table_object_gone(demo_copy, layout.METRICS_TABLE.name)
    data, problems = read_workbook(demo_copy)
    assert [p.message for p in problems if p.severity == "error"] == []
    assert data is not None
    assert data.metrics.equals(demo_inputs.metrics)
    assert not [p for p in problems if "a column of your own" in p.rule]


def test_a_second_value_column_is_the_metrics_one_error(demo_copy, demo_inputs):
    """A column headed Value typed left of the metrics' own, with notes in it: read first, each
    metric's note was an error of its own ("expected a number, got 'see ledger'") beside the
    header's, which says what to fix."""
    wb = openpyxl.load_workbook(demo_copy)
    ws = wb[layout.CLINIC_SHEET]
    spec = layout.METRICS_TABLE
    value = spec.col("value")
    ws.insert_cols(value)  # the table's cells move right; its Excel range stays where it was
    ws.cell(spec.header_row, value).value = "Value"
    for row in range(spec.header_row + 1, spec.header_row + 1 + len(demo_inputs.metrics)):
        ws.cell(row, value).value = "see ledger"
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is None
    errors = [p.message for p in problems if p.severity == "error"]
    second = openpyxl.utils.get_column_letter(value + 1)
    first = openpyxl.utils.get_column_letter(value)
    assert errors == [
        f"Clinic Metrics 'negotiation.xlsx', sheet 'Clinic', row {spec.header_row}, column "
        f"{second} 'Value': a second column for value, which column {first} fills: RateCalc "
        f"reads one column per field and does not guess which holds the right values; delete "
        f"one of the two, or rename its header{ROWS_UNREAD}"]


def test_a_second_payer_column_on_payers_and_contracts_is_one_error(demo_copy):
    """The Payers & Contracts table is read as two tables, Payers and Contracts, both with a
    payer column: a second column headed Payer typed right of the table was the same cell's
    error twice, once a table ("Payers ... column W 'Payer': a second column for payer" and
    "Contracts ... column W 'Payer': ..."), where the one thing to fix is said once."""
    from openpyxl.utils.cell import range_boundaries

    wb = openpyxl.load_workbook(demo_copy)
    spec = layout.PAYERS_CONTRACTS_TABLE
    ws = wb[spec.sheet]
    _, top, right, bottom = range_boundaries(ws.tables[spec.name].ref)
    ws.cell(row=top, column=right + 1, value="Payer")
    for row in range(top + 1, bottom + 1):
        ws.cell(row=row, column=right + 1, value="x")
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is None
    errors = [p.message for p in problems if p.severity == "error"]
    letter = openpyxl.utils.get_column_letter(right + 1)
    assert len(errors) == 1, errors
    assert (f"'negotiation.xlsx', sheet '{spec.sheet}', row {top}, column {letter} 'Payer': a "
            f"second column for payer, which column A fills") in errors[0]
    assert errors[0].endswith(ROWS_UNREAD)


def test_a_range_whose_first_header_moved_right_is_read_from_its_first_column(
        demo_copy, demo_inputs):
    """The Fee Schedules as a range, its Code column moved left of Payer (the columns are read
    by their headers, in any order): its first header is then Code, in column A. Read from
    Payer's column, as the layout's first header, the Code column left of it was dropped, and
    the table lacked the codes it holds."""
    _table_object_gone(demo_copy, layout.FEE_SCHEDULES_TABLE.name)
    wb = openpyxl.load_workbook(demo_copy)
    ws = wb[layout.FEE_SCHEDULES]
    for row in range(layout.FEE_SCHEDULES_TABLE.header_row, ws.max_row + 1):
        a, b = ws.cell(row=row, column=1), ws.cell(row=row, column=2)
        a.value, b.value = b.value, a.value
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert [p.message for p in problems if p.severity == "error"] == []
    assert data is not None
    assert data.fee_schedules.equals(demo_inputs.fee_schedules)
