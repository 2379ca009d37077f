"""The Exit Impact sheet's "Current rate meets floor" is a formula LibreOffice recalculates in
binary doubles: a payer paying exactly its walk-away floor ($99.00 a visit against $90.00 + 10%)
reads "yes" there, as the core decides it (``exit_impact.walk_away_check``), where the core said
it fell short (90.00 x 1.10 is 99.00000000000001 in binary)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.exit_impact import walk_away_check
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book, tiny_clinic
from .libreoffice import SOFFICE

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]


def _at_the_floor_clinic():  # type: ignore[no-untyped-def]
    """The tiny clinic with Alpha Health paying $99.00 for each of its 150 units in 150 visits
    ($99.00 a visit) and a cost per visit of $90.00 at the default 10% margin: a floor of
    $99.00 exactly."""
    data = tiny_clinic()
    fees = data.fee_schedules.copy()
    fees.loc[fees["payer"] == "Alpha Health", "allowed_amount"] = 99.0
    payers = data.payers.assign(visits_per_year=[150, 80])
    metrics = pd.concat([data.metrics, pd.DataFrame({
        "metric": ["cost_per_visit"], "value": [90.0], "benchmark": [None], "unit": ["USD"],
        "period": ["2025"], "source": ["test"]})], ignore_index=True)
    return dataclasses.replace(data, fee_schedules=fees, payers=payers, metrics=metrics)


def at_the_floor_book(book: Path) -> None:
    """The at-the-floor clinic's workbook, refreshed, as ``book``: recalculated by LibreOffice
    with the other modules' small books (``small_recalculated`` in conftest.py)."""
    new_workbook(book, _at_the_floor_clinic())
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]


def test_a_rate_per_visit_exactly_at_the_floor_meets_it_on_the_sheet_and_in_the_core(
        small_recalculated: dict[str, tuple[Path, Path]]) -> None:
    _, recalculated = small_recalculated["at_the_floor"]
    sheet = open_book(recalculated, data_only=True)[layout.EXIT_TABLE.sheet]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "Payer" in r)
    at = {h: i for i, h in enumerate(header)}
    meets_header = next(c.header for c in layout.EXIT_TABLE.columns if c.key == "meets_floor")
    rate_header = next(c.header for c in layout.EXIT_TABLE.columns if c.key == "rate_per_visit")
    floor_header = next(c.header for c in layout.EXIT_TABLE.columns
                        if c.key == "walk_away_floor")
    alpha = next(r for r in rows if r[at["Payer"]] == "Alpha Health")
    assert (alpha[at[rate_header]], alpha[at[floor_header]]) == (99.0, 99.0)
    assert alpha[at[meets_header]] == "yes"
    assert walk_away_check(alpha[at[rate_header]], 90.0, 0.10).meets_floor
