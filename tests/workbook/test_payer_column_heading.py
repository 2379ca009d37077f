"""An import refusing a payer the workbook does not list names the payer column as its header
says where the payers are listed: it said RateCalc's name for it ("column 'payer'"), which no
sheet shows. A column the user moved is named at its own letter."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ratecalc.errors import ValidationFailed
from ratecalc_workbook import layout
from ratecalc_workbook.fee_schedule_import import import_fee_schedule
from tests.workbook.conftest import NOW


def _schedule(tmp_path: Path) -> Path:
    path = tmp_path / "acme.csv"
    path.write_text("CPT,Fee,Effective\n97110,$30.00,2026-01-01\n")
    return path


def test_the_payer_column_is_named_by_its_header(demo_copy, tmp_path):
    with pytest.raises(ValidationFailed) as raised:
        import_fee_schedule(demo_copy, _schedule(tmp_path), "Acme Health", now=NOW)
    [problem] = raised.value.problems
    assert (problem.location.sheet, problem.location.letter,
            problem.location.header) == ("Payers & Contracts", "A", "Payer")
    assert problem.message.startswith(
        f"Payers & Contracts '{demo_copy}', sheet 'Payers & Contracts', column A 'Payer': payer "
        f"'Acme Health', importing 'acme.csv', is not on the Payers & Contracts sheet")
    assert "'payer'" not in problem.message


def test_a_payer_column_moved_is_named_where_it_is(demo_copy, tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    header = layout.PAYERS_CONTRACTS_TABLE.header_row
    # Payer and Payer ID swap headers and cells: the reader reads by header
    for row in range(header, ws.max_row + 1):
        a, b = ws.cell(row, 1), ws.cell(row, 2)
        a.value, b.value = b.value, a.value
    wb.save(demo_copy)
    with pytest.raises(ValidationFailed) as raised:
        import_fee_schedule(demo_copy, _schedule(tmp_path), "Acme Health", now=NOW)
    [problem] = raised.value.problems
    assert ", column B 'Payer': payer 'Acme Health'" in problem.message
