"""A payer's share of volume reads the same on the command line as on the Priorities sheet: to
one decimal (ratecalc.money.PERCENT_PLACES, the sheet's ``0.0%``), half-up.

Before, ``ratecalc analyze`` printed it whole: the fixture clinic's Gulf Coast Health Plan (1,690
of 7,000 units, 24.14%) "24% of volume" beside the sheet's 24.1%, and Texas Employers Trust (1,210
units, 17.29%) "17%" beside 17.3%.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.clinics import lonestar, tables_and_refreshed_book


def test_the_share_of_volume_is_one_rounding_on_the_command_line_and_the_sheet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = lonestar()
    folder, book = tables_and_refreshed_book(data, tmp_path)
    capsys.readouterr()
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) in (0, 1)
    out = capsys.readouterr().out
    units = data.volumes.groupby("payer")["units_per_year"].sum()
    # by hand from the fixture's volumes
    assert (units["Gulf Coast Health Plan"], units.sum()) == (1690, 7000)
    assert "Gulf Coast Health Plan: " in out
    for payer, shown in (("Gulf Coast Health Plan", "24.1%"), ("Bluebonnet Health PPO", "45.0%"),
                         ("Texas Employers Trust", "17.3%")):
        [line] = [x for x in out.splitlines() if f". {payer}: " in x]
        assert f"market, {shown} of volume, " in line, line
    # the sheet's cell shows its share to the same decimal
    spec = layout.PRIORITIES_TABLE
    ws = load_workbook(book)[spec.sheet]
    cell = ws.cell(row=layout.FIRST_DATA_ROW, column=spec.col("share_of_volume"))
    assert cell.number_format == "0.0%"
