"""An 835 import into a workbook whose Fee Schedules table the user renamed, end to end:
`ratecalc import remittances FILE --workbook BOOK --payer NAME`, then `ratecalc refresh`.

The rates the payer paid land inside the renamed Excel table (the table and its filter grow to
them, as the fee-schedule import's rows do: 70adfd0f); the saved workbook passes the package
check every command makes, LibreOffice opens and recalculates it with no error in any cell and
the rows inside the table, and refresh reads them: the Comparison's "Payer's schedule" is the
rate paid from its day.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835
from ratecalc.xlsx_package import check_xlsx_package
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from tests.cli.test_table_total_row import renamed
from tests.workbook.conftest import open_book
from tests.workbook.libreoffice import SOFFICE, convert

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

PAYER = "Summit BlueCare PPO"
SERVED = date(2026, 11, 2)  # before the shared demo workbook's analysis date, 2026-12-03
#: The rates paid, above the demo's schedule for the payer (so each is a new row).
PAID = {"97110": Decimal("41.17"), "97140": Decimal("37.03")}
ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")


def _remittance(path: Path) -> Path:
    charge = Decimal("80.00")
    lines = tuple(LineSpec(code, charge, paid, (("CO", "45", charge - paid),), ("GP",),
                           Decimal(1), SERVED) for code, paid in PAID.items())
    path.write_text(write_835([PaymentSpec("SUMMIT BLUECARE", "SBC01", date(2026, 11, 20),
                                           (ClaimSpec("C1", lines),))]))
    return path


def _fee_table(book: Path) -> tuple[str, list[tuple[object, ...]]]:
    """The renamed table's range and the rows of the sheet below its header."""
    ws = openpyxl.load_workbook(book)[layout.FEE_SCHEDULES_TABLE.sheet]
    table = ws.tables["MyRates"]
    assert table.autoFilter is None or table.autoFilter.ref == table.ref
    top = range_boundaries(table.ref)[1]
    return table.ref, [tuple(c.value for c in row) for row in ws.iter_rows(min_row=top + 1)]


def _schedule_rate(book: Path, code: str) -> object:
    spec = layout.COMPARISON_TABLE
    ws = open_book(book, data_only=True)[spec.sheet]
    rows = [r for r in range(spec.header_row + 1, ws.max_row + 1)
            if ws.cell(row=r, column=spec.col("payer")).value == PAYER
            and ws.cell(row=r, column=spec.col("code")).value == code]
    assert len(rows) == 1
    return ws.cell(row=rows[0], column=spec.col("schedule_rate")).value


def test_an_835_import_into_a_renamed_fee_schedules_table_end_to_end(
        demo_workbook: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    shutil.copy2(demo_workbook, book)
    renamed(book, layout.FEE_SCHEDULES_TABLE.sheet, layout.FEE_SCHEDULES_TABLE.name, "MyRates")
    ref, rows = _fee_table(book)
    first, top, last_col, last = range_boundaries(ref)
    assert last == top + len(rows)  # nothing below the table yet

    assert main(["import", "remittances", str(_remittance(tmp_path / "summit.835")),
                 "--workbook", str(book), "--payer", PAYER]) == 0

    # the two rates inside the renamed table, grown by their two rows
    ref_after, rows_after = _fee_table(book)
    assert range_boundaries(ref_after) == (first, top, last_col, last + 2)
    assert len(rows_after) == len(rows) + 2
    assert {r[:5] for r in rows_after[-2:]} == {
        (PAYER, code, None, float(paid), datetime(SERVED.year, SERVED.month, SERVED.day))
        for code, paid in PAID.items()}
    with zipfile.ZipFile(book) as archive:
        assert [n for n in archive.namelist() if n.startswith("xl/tables/")]
    check_xlsx_package(book)  # every command's check before it reads a workbook

    # refresh reads them: the schedule in force at the analysis date is the rate paid
    data, problems = read_workbook(book)
    assert data is not None, [p.message for p in problems]
    assert main(["refresh", str(book)]) == 0
    for code, paid in PAID.items():
        assert _schedule_rate(book, code) == float(paid)

    # LibreOffice opens and recalculates it: no cell an error, the rows in the table
    recalculated = convert(book, tmp_path / "lo", "xlsx")
    values = open_book(recalculated, data_only=True)
    bad = [(ws.title, c.coordinate, c.value) for ws in values.worksheets
           for row in ws.iter_rows() for c in row if isinstance(c.value, str)
           and (c.value in ERRORS or c.value.startswith("Err:"))]
    assert bad == []
    fees = values[layout.FEE_SCHEDULES_TABLE.sheet]
    [table] = fees.tables.values()
    assert range_boundaries(table.ref) == (first, top, last_col, last + 2)
    assert {(fees.cell(row=r, column=2).value, fees.cell(row=r, column=4).value)
            for r in (last + 1, last + 2)} == {(c, float(p)) for c, p in PAID.items()}
    for code, paid in PAID.items():
        assert _schedule_rate(recalculated, code) == float(paid)
