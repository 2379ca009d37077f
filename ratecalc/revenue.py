"""A payer's revenue a year: its billed volume at its rates in force, a code it has no rate for
counted as not paid ($0) and listed.

The one rule every output showing a payer's revenue follows: the Comparison's and Priorities'
revenue and the Dashboard's and ``summary.json``'s total (at the analysis date's rates), and the
Scenarios' year 1, the exit estimates and ``scenario``/``exit-impact --payer`` (at the rates in
force when the payer's new term begins). Each of them counted an unpaid code alike by its own
code (a rate filled with 0 here, the code left out there), so a change to one would not reach
the others.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from ratecalc.rate_basis import NO_MEDICARE_SOURCE

#: Columns of :func:`billed_revenue`.
BILLED_REVENUE_COLUMNS = ["payer", "units_per_year", "annual_revenue", "unpaid_codes",
                          "no_medicare_codes", "paid_codes"]


def line_revenue(rate: npt.ArrayLike, units: npt.ArrayLike) -> np.ndarray:
    """Each billed line's revenue a year [USD per year]: ``units`` [units per year] x ``rate``
    [USD per unit], 0 where there is no rate (NaN: the payer does not pay the code) or no
    units. Unrounded: round at presentation.

    >>> line_revenue([68.40, float("nan")], [540, 60]).tolist()
    [36936.0, 0.0]
    """
    rate = np.asarray(rate, dtype=float)
    units = np.nan_to_num(np.asarray(units, dtype=float), nan=0.0)
    return np.where(np.isnan(rate), 0.0, rate * units)


def unpaid_lines(rate: np.ndarray, units: np.ndarray, source: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Which billed lines a payer does not pay, and which of those for want of a Medicare
    amount: the rule of :func:`billed_revenue`'s ``unpaid_codes`` and ``no_medicare_codes``.

    ``rate`` [USD per unit, NaN: no rate in force], ``units`` [units per year, NaN read as 0]
    and ``source`` (each line's ``rate_source``) are arrays of the same length. A line is
    unpaid when it has no rate and units a year above 0.

    >>> unpaid_lines(np.array([68.40, np.nan, np.nan]), np.array([540.0, 60.0, 0.0]),
    ...              np.array(["", "", ""], dtype=object))[0].tolist()
    [False, True, False]
    """
    unpaid = np.isnan(rate) & (np.nan_to_num(units, nan=0.0) > 0)
    return unpaid, unpaid & (source == NO_MEDICARE_SOURCE)


def billed_revenue(rates: pd.DataFrame) -> pd.DataFrame:
    """Each payer's revenue a year from its billed volume at its rates, the codes it does not
    pay counted $0 and listed.

    Parameters
    ----------
    rates : pandas.DataFrame
        One row per payer and code: ``payer, code``, ``allowed_amount`` (the rate in force
        [USD per unit], NaN where none), ``units_per_year`` and, where known, ``rate_source``
        (:func:`ratecalc.rates.price_by_contract`'s: a code without a rate because Medicare has
        no amount for a percent-of-Medicare contract to pay its percentage of is listed apart).
        The comparison (the analysis date's rates) or
        :attr:`ratecalc.analysis.Analysis.new_term_rates` (the new term's).

    Returns
    -------
    pandas.DataFrame
        ``payer`` (in order of first appearance), ``units_per_year``, ``annual_revenue`` [USD
        per year] = sum of units x rate over the codes with a rate, ``unpaid_codes`` (a tuple of
        the codes billed, units a year above 0, with no rate in force), ``no_medicare_codes``
        (those of them without a rate because Medicare has no amount for the code) and
        ``paid_codes`` (how many codes have a rate).

    Examples
    --------
    >>> rates = pd.DataFrame({"payer": ["S", "S", "S"], "code": ["92507", "92526", "97530"],
    ...                       "allowed_amount": [68.40, float("nan"), 29.10],
    ...                       "units_per_year": [540.0, 60.0, 300.0]})
    >>> billed_revenue(rates).to_dict(orient="records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'payer': 'S', 'units_per_year': 900.0, 'annual_revenue': 45666.0,
      'unpaid_codes': ('92526',), 'no_medicare_codes': (), 'paid_codes': 2}]
    """
    if rates.empty:
        return pd.DataFrame(columns=BILLED_REVENUE_COLUMNS)
    rate = rates["allowed_amount"].to_numpy(dtype=float)
    units = np.nan_to_num(rates["units_per_year"].to_numpy(dtype=float), nan=0.0)
    no_rate = np.isnan(rate)
    source = (rates["rate_source"].astype(str).to_numpy(dtype=object)
              if "rate_source" in rates.columns else np.full(len(rates), "", dtype=object))
    lines = pd.DataFrame({
        "payer": rates["payer"].astype(str).to_numpy(), "code": rates["code"].to_numpy(),
        "units": units, "revenue": line_revenue(rate, units)})
    # the two sums stay pandas' grouped sums (compensated: no plain Python sum gives its
    # floats bit for bit); the counts and code lists are exact in plain Python, where a
    # grouped count and two grouped tuples of a few rows cost a millisecond each
    grouped = lines.groupby("payer", sort=False)
    units_sum = grouped["units"].sum()
    revenue_sum = grouped["revenue"].sum()
    payers = units_sum.index  # the groups: a payer that is missing (NA) is in none
    unpaid_rows, no_medicare_rows = unpaid_lines(rate, units, source)
    paid: dict[object, int] = {}
    unpaid: dict[object, list[object]] = {}
    no_medicare: dict[object, list[object]] = {}
    for payer, code, has_rate, is_unpaid, is_no_medicare in zip(
            lines["payer"].tolist(), lines["code"].tolist(), (~no_rate).tolist(),
            unpaid_rows.tolist(), no_medicare_rows.tolist(), strict=True):
        paid[payer] = paid.get(payer, 0) + has_rate
        if is_unpaid:
            unpaid.setdefault(payer, []).append(code)
        if is_no_medicare:
            no_medicare.setdefault(payer, []).append(code)
    return pd.DataFrame({
        "payer": payers.to_numpy(),
        "units_per_year": units_sum.to_numpy(dtype=float),
        "annual_revenue": revenue_sum.to_numpy(dtype=float),
        "unpaid_codes": [tuple(unpaid.get(p, ())) for p in payers],
        "no_medicare_codes": [tuple(no_medicare.get(p, ())) for p in payers],
        "paid_codes": np.array([paid[p] for p in payers], dtype=int),
    }, columns=BILLED_REVENUE_COLUMNS)
