"""What the proposals ask in all is one figure: `analyze`'s "Proposals ask for ... in all", the
Dashboard's "Proposal asks, a year" and the Totals sheet's "All payers" row
(ratecalc.proposal.total_annual_impact, the exact total rounded once).

`analyze` added up the payers' rounded figures: the demo as of 2026-12-06 with half a unit more
of every code a year (each payer's ask ends in half a cent) printed $110,970.19 where the
Dashboard and the Totals sheet show $110,970.17.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.demo import demo_data
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.workbook.conftest import open_book
from tests.workbook.libreoffice import SOFFICE, convert

#: by hand below, from proposal.csv's rows
TOTAL = "$110,970.17"


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = demo_data(date(2026, 12, 6))
    volumes = data.volumes.assign(units_per_year=data.volumes["units_per_year"] + 0.5)
    folder = tmp_path_factory.mktemp("half_units") / "tables"
    write_clinic_tables(replace(data, volumes=volumes), folder)
    return folder


def test_analyze_says_the_exact_total_rounded_once(tables: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tables), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    rows = pd.read_csv(tmp_path / "out" / "proposal.csv", dtype={"code": str})
    # by hand: (rate to ask - current rate) x units over every row, in exact cents and half
    # units: $110,970.165, half-up $110,970.17
    exact = sum(Fraction(str(r.requested_rate)) * Fraction(str(r.units_per_year))
                - Fraction(str(r.current_rate)) * Fraction(str(r.units_per_year))
                for r in rows.itertuples())
    assert exact == Fraction(110_970_165, 1000)
    assert f"Proposals ask for {TOTAL} a year in all." in printed
    # the payers' figures as shown add up to two cents more: not the figure said
    payers = pd.read_csv(tmp_path / "out" / "proposal_summary.csv")
    assert round(float(payers["annual_impact"].sum()), 2) == 110_970.19


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_dashboard_and_totals_show_the_same_total(tables: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "source" / "book.xlsx"
    book.parent.mkdir()
    assert main(["workbook", "new", str(book), "--from", str(tables)]) in (0, 1)
    assert main(["refresh", str(book)]) in (0, 1)
    assert main(["analyze", str(book), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert f"Proposals ask for {TOTAL} a year in all." in printed
    copy = tmp_path / "copy" / "book.xlsx"
    copy.parent.mkdir()
    shutil.copy2(book, copy)
    wb = open_book(convert(copy, tmp_path, "xlsx"), data_only=True)
    dashboard = {r[0]: r[1] for r in wb[layout.DASHBOARD].iter_rows(
        max_col=2, values_only=True) if r[0]}
    assert dashboard["Proposal asks, a year"] == 110_970.17
    all_payers = [r for r in wb[layout.PROPOSAL_SUMMARY_TABLE.sheet].iter_rows(values_only=True)
                  if r and r[0] == "All payers"]
    assert len(all_payers) == 1 and 110_970.17 in all_payers[0]
