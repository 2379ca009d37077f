"""The Medicare conversion factor in force on a date of service.

A year may have more than one factor (2024: 32.7442 to March 8, 33.2875 from March 9) and, from
2026, two at once: one for qualifying APM participants and one for everyone else.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from ratecalc.errors import DataError

if TYPE_CHECKING:
    import pandas as pd


class FactorRow(NamedTuple):
    year: int
    effective_from: date
    effective_to: date
    text: str  # as CMS wrote it: the exact figure
    apm_qualifying: bool
    source_type: str


@cache
def factor_rows() -> tuple[FactorRow, ...]:
    """The bundled conversion-factor history as plain rows (read without pandas)."""
    path = resources.files("ratecalc") / "data" / "cms" / "conversion_factors.csv"
    text = path.read_text(encoding="utf-8")
    return tuple(FactorRow(int(r["year"]), date.fromisoformat(r["effective_from"]),
                           date.fromisoformat(r["effective_to"]), r["conversion_factor"],
                           r["apm_qualifying"] == "true", r["source_type"])
                 for r in csv.DictReader(io.StringIO(text, newline="")))


@cache
def conversion_factors() -> pd.DataFrame:
    """The bundled conversion-factor history.

    Returns
    -------
    pandas.DataFrame
        ``year`` (int), ``effective_from``, ``effective_to`` (datetime.date),
        ``conversion_factor`` [USD per RVU] (float), ``apm_qualifying`` (bool),
        ``source_type`` (what kind of source the figure comes from).
    """
    import pandas as pd

    rows = factor_rows()
    return pd.DataFrame({
        "year": pd.Series([r.year for r in rows], dtype=int),
        "effective_from": pd.Series([r.effective_from for r in rows], dtype=object),
        "effective_to": pd.Series([r.effective_to for r in rows], dtype=object),
        "conversion_factor": pd.Series([float(r.text) for r in rows], dtype=float),
        "conversion_factor_text": pd.Series([r.text for r in rows], dtype=object),
        "apm_qualifying": pd.Series([r.apm_qualifying for r in rows], dtype=bool),
        "source_type": pd.Series([r.source_type for r in rows], dtype=object),
    })


def conversion_factor_text(day: date, apm_qualifying: bool = False) -> str | None:
    """The factor in force on ``day`` as CMS wrote it (exact text), or None if not in the table.

    Before 2026 there is one factor for everyone, so ``apm_qualifying`` only matters from 2026.
    """
    hits = [r for r in factor_rows() if r.effective_from <= day <= r.effective_to]
    if not hits:
        return None
    if len(hits) > 1:
        hits = [r for r in hits if r.apm_qualifying == apm_qualifying]
        if len(hits) != 1:
            raise DataError(f"Conversion-factor table is ambiguous for {day.isoformat()}")
    return hits[0].text


def conversion_factor(day: date, apm_qualifying: bool = False) -> float:
    """The conversion factor [USD per RVU] in force on ``day``.

    Examples
    --------
    >>> conversion_factor(date(2024, 3, 8)), conversion_factor(date(2024, 3, 9))
    (32.7442, 33.2875)
    >>> conversion_factor(date(2026, 6, 1), apm_qualifying=True)
    33.5675
    """
    text = conversion_factor_text(day, apm_qualifying)
    if text is None:
        raise DataError(f"No conversion factor known for {day.isoformat()}")
    return float(Decimal(text))
