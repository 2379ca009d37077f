"""The Scenarios sheet's years as LibreOffice recalculates them: each year's revenue at its
rates rounded once, on its own, so a payer without an escalator shows year 1 again every year
to the cent, and its total is its years as shown. Alpha Health of the tiny clinic, 0% escalator,
billing half a unit of 97110 at $2.01 and 50 of 97140 at $30.00: $1,501.005 a year, $1,501.01
each year (the sheet's running total showed $1,501.01 and then $1,501.00), $7,505.05 over the
five years (the settings' horizon)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book, tiny_clinic
from .libreoffice import SOFFICE

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

ALPHA = "Alpha Health"


def _half_cent_clinic():  # type: ignore[no-untyped-def]
    data = tiny_clinic()
    alpha_97110 = (data.fee_schedules["payer"] == ALPHA) & (data.fee_schedules["code"] == "97110")
    fees = data.fee_schedules.copy()
    fees.loc[alpha_97110, "allowed_amount"] = 2.01
    volumes = data.volumes.copy()
    volumes.loc[(volumes["payer"] == ALPHA) & (volumes["code"] == "97110"),
                "units_per_year"] = 0.5
    return dataclasses.replace(data, fee_schedules=fees, volumes=volumes)


def _table(book: Path, spec: layout.TableSpec) -> pd.DataFrame:
    ws = open_book(book, data_only=True)[spec.sheet]
    rows = [list(r) for r in ws[ws.tables[spec.name].ref]]
    by_header = {c.header: c.key for c in spec.columns}
    return pd.DataFrame([[c.value for c in r] for r in rows[1:]],
                        columns=[by_header.get(c.value, c.value) for c in rows[0]])


def half_cent_year_book(book: Path) -> None:
    """The half-cent clinic's workbook, refreshed, as ``book``: recalculated by LibreOffice
    with the other modules' small books (``small_recalculated`` in conftest.py)."""
    new_workbook(book, _half_cent_clinic())
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]


def test_a_year_of_half_a_cent_is_year_one_again_on_the_sheet(
        small_recalculated: dict[str, tuple[Path, Path]]) -> None:
    _, recalculated = small_recalculated["half_cent_year"]
    years = _table(recalculated, layout.SCENARIO_YEARS_TABLE)
    alpha = years[years["payer"] == ALPHA]
    assert alpha["fixed_revenue"].tolist() == [1501.01] * len(alpha)
    assert len(alpha) == 5
    # the percent compared is the one the fixed rates equal: its year 1 is the fixed side's
    assert alpha["pct_revenue"].iloc[0] == 1501.01
    per_payer = _table(recalculated, layout.SCENARIOS_TABLE).set_index("payer")
    assert per_payer.loc[ALPHA, "fixed_total"] == 7505.05
    assert per_payer.loc[ALPHA, "pct_total"] == pytest.approx(
        round(sum(alpha["pct_revenue"]), 2), abs=1e-9)
