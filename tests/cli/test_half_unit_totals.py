"""Half a unit more of every code a year, in the demo as of 2026-12-06: each payer's figures end in
half a cent, and each is one figure everywhere.

What the proposals ask in all: `analyze`'s "Proposals ask for ... in all", the Dashboard's
"Proposal asks, a year" and the Totals sheet's "All payers" row
(ratecalc.proposal.total_annual_impact, the exact total rounded once). `analyze` added up the
payers' rounded figures and printed $110,970.19 where the Dashboard and the Totals sheet show
$110,970.17.

A payer's revenue at risk: the Exit Impact sheet's, its net over 12 months, `exit-impact` and
the Totals' revenue at new-term rates (ratecalc.exit_impact.shown_revenue). The sheet computed
it from the rate per visit it holds, an average rounded to a micro-cent, a cent short.
"""

from __future__ import annotations

import contextlib
import io
import json
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
from tests.workbook.libreoffice import SOFFICE

#: by hand below, from proposal.csv's rows
TOTAL = "$110,970.17"


def write_tables(folder: Path) -> Path:
    """The demo of 2026-12-06 with half a unit more of every code, as tables in ``folder``."""
    data = demo_data(date(2026, 12, 6))
    volumes = data.volumes.assign(units_per_year=data.volumes["units_per_year"] + 0.5)
    write_clinic_tables(replace(data, volumes=volumes), folder)
    return folder


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tables(tmp_path_factory.mktemp("half_units") / "tables")


@pytest.fixture(scope="module")
def analyzed(tables: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``ratecalc analyze`` of the tables, once for the module (two tests read its files): the
    folder it wrote and its standard output."""
    out = tmp_path_factory.mktemp("half_units_analyzed") / "out"
    printed, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(errors):
        code = main(["analyze", str(tables), "--out", str(out)])
    assert code == 0, errors.getvalue()
    assert "Traceback" not in errors.getvalue()
    return out, printed.getvalue()


def _ran(argv: list[str]) -> tuple[int, str]:
    """``main(argv)``'s exit code and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


def new_book(path: Path) -> None:
    """``ratecalc workbook new PATH --from`` the tables (written beside it), for LibreOffice to
    recalculate with the other modules' books (``OTHER_RECALCULATED``, tests/conftest.py)."""
    code, printed = _ran(["workbook", "new", str(path), "--from",
                          str(write_tables(path.parent / "tables"))])
    assert code in (0, 1), printed


def refreshed_book(path: Path) -> None:
    """:func:`new_book`, then ``ratecalc refresh PATH``; recalculated as it is."""
    new_book(path)
    code, printed = _ran(["refresh", str(path)])
    assert code in (0, 1), printed


def test_analyze_says_the_exact_total_rounded_once(analyzed: tuple[Path, str]) -> None:
    out, printed = analyzed
    rows = pd.read_csv(out / "proposal.csv", dtype={"code": str})
    # by hand: (rate to ask - current rate) x units over every row, in exact cents and half
    # units: $110,970.165, half-up $110,970.17
    exact = sum(Fraction(str(r.requested_rate)) * Fraction(str(r.units_per_year))
                - Fraction(str(r.current_rate)) * Fraction(str(r.units_per_year))
                for r in rows.itertuples())
    assert exact == Fraction(110_970_165, 1000)
    assert f"Proposals ask for {TOTAL} a year in all." in printed
    # the payers' figures as shown add up to two cents more: not the figure said
    payers = pd.read_csv(out / "proposal_summary.csv")
    assert round(float(payers["annual_impact"].sum()), 2) == 110_970.19


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_dashboard_and_totals_show_the_same_total(
        other_recalculated: dict[str, tuple[Path, Path]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    shared, recalculated = other_recalculated["half_units_refreshed"]  # by refreshed_book
    book = tmp_path / "source" / "book.xlsx"
    book.parent.mkdir()
    shutil.copy2(shared, book)
    assert main(["analyze", str(book), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert f"Proposals ask for {TOTAL} a year in all." in printed
    wb = open_book(recalculated, data_only=True)
    dashboard = {r[0]: r[1] for r in wb[layout.DASHBOARD].iter_rows(
        max_col=2, values_only=True) if r[0]}
    assert dashboard["Proposal asks, a year"] == 110_970.17
    all_payers = [r for r in wb[layout.PROPOSAL_SUMMARY_TABLE.sheet].iter_rows(values_only=True)
                  if r and r[0] == "All payers"]
    assert len(all_payers) == 1 and 110_970.17 in all_payers[0]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_exit_impacts_revenue_at_risk_is_the_new_terms_revenue_to_the_cent(
        tables: Path, analyzed: tuple[Path, str],
        other_recalculated: dict[str, tuple[Path, Path]],
        capsys: pytest.CaptureFixture[str]) -> None:
    """The same half units: Summit's 3,120 visits bring $295,209.905 a year at its new term's
    rates, an average of $94.618559294871... a visit. The Exit Impact sheet computed its
    revenue at risk as visits x that average held to a micro-cent, $295,209.8999848, and
    showed $295,209.90 beside its own net over 12 months, -$295,209.91 (Meridian $186,371.83
    against $186,371.84): every other output says $295,209.91."""
    wb = open_book(other_recalculated["half_units_new"][1], data_only=True)  # by new_book
    ws = wb[layout.EXIT_TABLE.sheet]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "Payer")
    rows = {r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(values_only=True)
            if r and r[0] in ("Summit BlueCare PPO", "Meridian Mutual")}
    # both payers on the sheet: with neither, the loop below checked nothing and passed
    assert set(rows) == {"Summit BlueCare PPO", "Meridian Mutual"}, ws.title
    # the figures below are values the workbook writes, the same in a book LibreOffice never
    # recalculated; the floor's column is the sheet's formula, read as LibreOffice computed it:
    # $94.62 and $127.65 a visit against the $90.20 floor
    assert {payer: row["Current rate meets floor"] for payer, row in rows.items()} == {
        "Summit BlueCare PPO": "yes", "Meridian Mutual": "yes"}
    new_term = pd.read_csv(analyzed[0] / "proposal_summary.csv").set_index("payer")
    # by hand: the Totals' new-term revenue, exact in half units, rounded once
    assert new_term.loc["Summit BlueCare PPO", "new_term_revenue"] == 295_209.91
    assert new_term.loc["Meridian Mutual", "new_term_revenue"] == 186_371.84
    for payer, row in rows.items():
        expected = new_term.loc[payer, "new_term_revenue"]
        assert row["Revenue at risk"] == expected, payer
        assert row["Net over 12 months"] == -expected, payer
        assert main(["exit-impact", "--data", str(tables), "--payer", payer, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["revenue_at_risk"] == expected, payer
