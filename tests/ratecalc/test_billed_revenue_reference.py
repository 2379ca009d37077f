"""billed_revenue's counts and code lists, made in plain Python (revenue.unpaid_lines), are the
grouped tables' they replaced: on tables with rates missing, units missing or zero, codes
without a Medicare amount, payers in any order and codes repeated; the sums stay pandas'
grouped sums, bit for bit."""

from __future__ import annotations

import doctest
import random

import numpy as np
import pandas as pd

import ratecalc.revenue
from ratecalc.rate_basis import NO_MEDICARE_SOURCE
from ratecalc.revenue import billed_revenue


def _reference(rates: pd.DataFrame) -> pd.DataFrame:
    """The rule as the grouped tables computed it (before the counts were made in Python)."""
    rate = rates["allowed_amount"].to_numpy(dtype=float)
    units = np.nan_to_num(rates["units_per_year"].to_numpy(dtype=float), nan=0.0)
    no_rate = np.isnan(rate)
    source = rates["rate_source"].astype(str).to_numpy(dtype=object)
    lines = pd.DataFrame({
        "payer": rates["payer"].astype(str).to_numpy(), "code": rates["code"].to_numpy(),
        "units": units, "revenue": np.where(no_rate, 0.0, rate * units), "paid": ~no_rate,
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
    })


def _table(rng: random.Random) -> pd.DataFrame:
    n = rng.randint(1, 40)
    return pd.DataFrame({
        "payer": [rng.choice(["Summit", "Harbor", "Aetna", "Cigna"]) for _ in range(n)],
        "code": [rng.choice(["97110", "97140", "92507", "92526", "97530"]) for _ in range(n)],
        "allowed_amount": [rng.choice([np.nan, 68.40, 29.10, 0.1, 0.2, 1234.567, 0.0])
                           for _ in range(n)],
        "units_per_year": [rng.choice([np.nan, 0.0, 1.0, 60.0, 540.0, 0.3, -2.0])
                           for _ in range(n)],
        "rate_source": [rng.choice(["", "fee schedule", NO_MEDICARE_SOURCE, np.nan])
                        for _ in range(n)],
    })


def test_counts_and_lists_are_the_grouped_tables():
    rng = random.Random(20261206)
    for _ in range(300):
        rates = _table(rng)
        made, expected = billed_revenue(rates), _reference(rates)
        assert made["payer"].tolist() == expected["payer"].tolist()
        assert made["unpaid_codes"].tolist() == expected["unpaid_codes"].tolist()
        assert made["no_medicare_codes"].tolist() == expected["no_medicare_codes"].tolist()
        assert made["paid_codes"].tolist() == expected["paid_codes"].tolist()
        # the sums: the same floats, not merely close
        assert made["annual_revenue"].tolist() == expected["annual_revenue"].tolist()
        assert made["units_per_year"].tolist() == expected["units_per_year"].tolist()


def test_revenue_examples_hold():
    # unpaid_lines' example: a code with no rate billed 0 units a year is not unpaid
    assert doctest.testmod(ratecalc.revenue).failed == 0
