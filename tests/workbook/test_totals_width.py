"""A row of sums prints its figure, not ``###``: its column is as wide as the total.

The Totals sheet's "All payers" row and the Scenarios' "All payers, by year" table are formulas
whose figures the layout measured by a guess ($9,999,999.99): a 40-payer clinic's
$1,002,345,678.90 printed ``###`` in both. Checked on a clinic of billions, its totals worked
out by hand, measured with the font LibreOffice prints with.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, tiny_clinic

LIBERATION = Path("/usr/share/fonts/truetype/liberation")
#: Payers like the tiny clinic's Alpha Health (fixed $25.00 for 97110 and $30.00 for 97140,
#: no escalator), each billing 2,400,000 and 1,000,000 units a year: $60,000,000.00 +
#: $30,000,000.00 = $90,000,000.00 each, by hand; twelve of them $1,080,000,000.00, three
#: characters wider than each payer's figure.
PAYERS = 12
ALL_PAYERS_CURRENT = "$1,080,000,000.00"
#: Asked from 5% to 15% more: from $1,134,000,000.00 to this, as many characters.
ALL_PAYERS_ASKED_AT_MOST = "$1,242,000,000.00"


def large_clinic() -> ClinicData:
    """Twelve copies of the tiny clinic's Alpha Health, by name, with more units."""
    data = tiny_clinic()
    names = [f"Payer {i:02d}" for i in range(1, PAYERS + 1)]

    def copies(frame: pd.DataFrame) -> pd.DataFrame:
        alpha = frame[frame["payer"] == "Alpha Health"]
        return pd.concat([alpha.assign(payer=name) for name in names], ignore_index=True)

    payers = copies(data.payers).assign(payer_id=[f"P{i}" for i in range(PAYERS)])
    contracts = copies(data.contracts).assign(contract_id=[f"C-{i}" for i in range(PAYERS)])
    volumes = copies(data.volumes)
    volumes["units_per_year"] = volumes["code"].map({"97110": 2_400_000.0, "97140": 1_000_000.0})
    return dataclasses.replace(data, payers=payers, contracts=contracts,
                               fee_schedules=copies(data.fee_schedules), volumes=volumes)


@pytest.fixture(scope="module")
def large_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.xlsx"
    new_workbook(path, large_clinic())
    assert refresh_workbook(path, now=NOW).ok
    return path


def _fits(ws, column: int, text: str, bold: bool) -> bool:
    """Whether ``text`` prints within ``column`` (as the rendered-page test measures: the
    font's own advance widths, and a cell's margins)."""
    from PIL import ImageFont

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    face = ImageFont.truetype(str(LIBERATION / name), size=10 * 96 / 72)
    width = ws.column_dimensions[get_column_letter(column)].width
    return face.getlength(text) + 4 <= math.floor(width * 7 + 5)


pytestmark = pytest.mark.skipif(not (LIBERATION / "LiberationSans-Regular.ttf").exists(),
                                reason="Liberation fonts are not installed")


def test_the_clinic_s_totals_are_the_hand_worked_ones() -> None:
    """The figures the widths below are checked against are the ones the sheets compute."""
    summary = analyze(large_clinic()).proposal_summary
    assert f"${summary['new_term_revenue'].sum():,.2f}" == ALL_PAYERS_CURRENT
    assert (summary["new_term_revenue"] == 90_000_000.0).all()
    assert 1_134_000_000 - 0.01 <= summary["proposed_revenue"].sum() <= 1_242_000_000.0


def test_the_all_payers_row_is_as_wide_as_its_sums(large_book: Path) -> None:
    ws = load_workbook(large_book)[layout.TOTALS]
    spec = layout.PROPOSAL_SUMMARY_TABLE
    [row] = [c.row for c in ws["A"] if c.value == "All payers"]
    assert ws.cell(row=row, column=spec.col("new_term_revenue")).font.b
    assert _fits(ws, spec.col("new_term_revenue"), ALL_PAYERS_CURRENT, bold=True)
    assert _fits(ws, spec.col("requested_revenue"), ALL_PAYERS_ASKED_AT_MOST, bold=True)


def test_the_scenarios_all_payers_by_year_are_as_wide_as_their_sums(large_book: Path) -> None:
    """Year 1 of a fixed-dollar contract is the current revenue (no change yet)."""
    ws = load_workbook(large_book)[layout.SCENARIOS]
    table = ws.tables[layout.SCENARIO_TOTALS_TABLE.name]
    first = ws[table.ref.split(":")[0]].column
    for key in ("fixed_revenue", "pct_revenue"):
        column = first + layout.SCENARIO_TOTALS_TABLE.keys.index(key)
        assert _fits(ws, column, ALL_PAYERS_CURRENT, bold=False), key
