"""The Medicare conversion factor in force on a date of service.

A year may have more than one factor (2024: 32.7442 to March 8, 33.2875 from March 9) and, from
2026, two at once: one for qualifying APM participants and one for everyone else.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

import pandas as pd

from ratecalc.errors import DataError


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
    path = resources.files("ratecalc") / "data" / "cms" / "conversion_factors.csv"
    with path.open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str)
    return pd.DataFrame({
        "year": frame["year"].astype(int),
        "effective_from": frame["effective_from"].map(date.fromisoformat),
        "effective_to": frame["effective_to"].map(date.fromisoformat),
        "conversion_factor": frame["conversion_factor"].astype(float),
        "conversion_factor_text": frame["conversion_factor"],
        "apm_qualifying": frame["apm_qualifying"] == "true",
        "source_type": frame["source_type"],
    })


def conversion_factor_text(day: date, apm_qualifying: bool = False) -> str | None:
    """The factor in force on ``day`` as CMS wrote it (exact text), or None if not in the table.

    Before 2026 there is one factor for everyone, so ``apm_qualifying`` only matters from 2026.
    """
    table = conversion_factors()
    hits = table[(table["effective_from"] <= day) & (table["effective_to"] >= day)]
    if hits.empty:
        return None
    if len(hits) > 1:
        hits = hits[hits["apm_qualifying"] == apm_qualifying]
        if len(hits) != 1:
            raise DataError(f"Conversion-factor table is ambiguous for {day.isoformat()}")
    return str(hits["conversion_factor_text"].iloc[0])


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
