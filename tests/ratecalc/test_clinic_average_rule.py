"""The clinic average per code: a units-weighted mean over the payers that have a rate on file.

A payer with units but no rate on file (a new contract, a missing fee schedule) adds nothing to
the numerator, so its units must not enter the denominator either: one payer at 25.00 for 100
units and one with no rate for 100 units average 25.00, not 12.50.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.gap import clinic_average, gap_table


def frame(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["payer", "code", "allowed_amount", "units_per_year"])


NO_RATE_CASE = frame([
    ("A", "97110", 25.00, 100.0),
    ("B", "97110", math.nan, 100.0),    # units but no rate on file
    ("A", "97140", 30.00, 300.0),
    ("B", "97140", 20.00, 100.0),
    ("C", "97140", math.nan, 600.0),   # units but no rate on file
    ("C", "97530", math.nan, 50.0),    # no payer has a rate: no average
])


def test_payer_with_units_but_no_rate_leaves_the_average_alone():
    avg = clinic_average(NO_RATE_CASE)
    assert avg["97110"] == 25.00                              # 25*100 / 100
    assert avg["97140"] == pytest.approx((30 * 300 + 20 * 100) / 400)  # 27.50, C not counted
    assert np.isnan(avg["97530"])
    assert list(avg.index) == ["97110", "97140", "97530"]  # codes in first-seen order


def test_gap_table_uses_the_same_average():
    bench = pd.DataFrame({"code": ["97110", "97140"], "p50": [30.0, 30.0]})
    t = gap_table(NO_RATE_CASE, bench, pd.Series({"97110": 26.83, "97140": 25.34}))
    t = t.set_index(["payer", "code"])
    assert t.loc[("A", "97110"), "clinic_average"] == 25.00
    assert t.loc[("A", "97110"), "gap_to_average"] == 0.0
    assert not t.loc[("A", "97110"), "below_average"]
    assert t.loc[("B", "97140"), "clinic_average"] == pytest.approx(27.50)
    # B's 20.00 is 7.50 under the average of 27.50: 7.5 / 27.5 of it
    assert t.loc[("B", "97140"), "gap_to_average"] == pytest.approx(7.50)
    assert t.loc[("B", "97140"), "gap_to_average_pct"] == pytest.approx(7.5 / 27.5)
    # the payer without a rate has no gap and is not flagged either way
    assert np.isnan(t.loc[("C", "97140"), "gap_to_average"])
    assert not t.loc[("C", "97140"), "below_average"]
    assert not t.loc[("C", "97140"), "below_market"]


def test_no_volume_anywhere_is_the_plain_mean_of_the_rates_on_file():
    rates = frame([("A", "97140", 30.0, 0.0), ("B", "97140", 28.0, 0.0),
                   ("C", "97140", math.nan, 0.0)])
    assert clinic_average(rates)["97140"] == pytest.approx(29.0)  # (30 + 28) / 2, C ignored


def test_missing_units_count_as_none():
    rates = frame([("A", "97110", 30.0, 100.0), ("B", "97110", 40.0, math.nan)])
    assert clinic_average(rates)["97110"] == 30.0  # B's blank volume weighs nothing


rate_rows = st.lists(
    st.tuples(st.sampled_from(["97110", "97140"]),
              st.one_of(st.none(), st.integers(1, 20000).map(lambda c: c / 100)),
              st.integers(0, 5000).map(float)),
    min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows=rate_rows, extra_units=st.integers(1, 10000).map(float))
def test_average_is_the_weighted_mean_over_rated_payers(rows, extra_units):
    rates = frame([(f"P{i}", code, math.nan if rate is None else rate, units)
                   for i, (code, rate, units) in enumerate(rows)])
    avg = clinic_average(rates)
    for code in avg.index:
        rated = [(r, u) for c, r, u in rows if c == code and r is not None]
        if not rated:
            assert np.isnan(avg[code])
            continue
        total = sum(u for _, u in rated)
        expected = (sum(r * u for r, u in rated) / total if total > 0
                    else sum(r for r, _ in rated) / len(rated))
        # a rate, in cents half-up (Fraction: exact, as the rates are)
        exact_mean = (sum(Fraction(str(r)) * Fraction(u) for r, u in rated) / Fraction(total)
                      if total > 0 else sum(Fraction(str(r)) for r, _ in rated) / len(rated))
        assert avg[code] == float(math.floor(exact_mean * 100 + Fraction(1, 2)) / 100)
        assert abs(avg[code] - expected) <= 0.005 + 1e-9
        low, high = min(r for r, _ in rated), max(r for r, _ in rated)
        assert low - 1e-9 <= avg[code] <= high + 1e-9
    # one more payer with units and no rate changes nothing
    more = pd.concat([rates, frame([("NEW", c, math.nan, extra_units) for c in avg.index])])
    pd.testing.assert_series_equal(clinic_average(more), avg)
