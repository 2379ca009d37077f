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
        "units": units, "revenue": line_revenue(rate, units), "paid": ~no_rate,
        "unpaid": no_rate & (units > 0),
        "no_medicare": no_rate & (units > 0) & (source == NO_MEDICARE_SOURCE)})
    grouped = lines.groupby("payer", sort=False)
    unpaid = lines[lines["unpaid"]].groupby("payer", sort=False)["code"].agg(tuple)
    no_medicare = lines[lines["no_medicare"]].groupby("payer", sort=False)["code"].agg(tuple)
    payers = pd.Index(grouped.size().index)
    return pd.DataFrame({
        "payer": payers.to_numpy(),
        "units_per_year": grouped["units"].sum().to_numpy(dtype=float),
        "annual_revenue": grouped["revenue"].sum().to_numpy(dtype=float),
        "unpaid_codes": [unpaid.get(p, ()) for p in payers],
        "no_medicare_codes": [no_medicare.get(p, ()) for p in payers],
        "paid_codes": grouped["paid"].sum().to_numpy(dtype=int),
    }, columns=BILLED_REVENUE_COLUMNS)
