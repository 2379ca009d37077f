"""rates.exact_year_revenue: each year's units x rates summed exactly, each figure read as the
decimal it prints as, whichever way the sum is made (Decimals, or Fractions where a sum is too
wide for them)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.rates import exact_year_revenue


def by_definition(units: list[float], rates: list[list[float]], years: int
                  ) -> tuple[Fraction, ...]:
    """The rule as written: each figure the Fraction of its printed decimal, summed."""
    return tuple(sum((Fraction(repr(u)) * Fraction(repr(row[year]))
                      for u, row in zip(units, rates, strict=True)), Fraction(0))
                 for year in range(years))


def test_hand_worked_sums() -> None:
    # 0.5 x 2.01 = 1.005; 799.5 x 71.11 = 56,852.445 (in binary 56852.44499999999)
    assert exact_year_revenue([0.5], [[2.01, 2.01]]) == (Fraction(201, 200),) * 2
    assert exact_year_revenue([799.5], [[71.11]]) == (Fraction(56852445, 1000),)
    assert exact_year_revenue([0.5, 799.5], [[2.01, 2.01], [71.11, 71.11]]) == (
        Fraction(1137069, 20),) * 2
    # 3 x 0.1 is 0.3 exactly, not 0.30000000000000004
    assert exact_year_revenue([3.0], [[0.1]]) == (Fraction(3, 10),)


def test_no_codes_is_nothing_each_year() -> None:
    assert exact_year_revenue(np.empty(0), np.empty((0, 3))) == (Fraction(0),) * 3


def test_a_sum_wider_than_decimals_hold_is_still_exact() -> None:
    # 1e300 x 1e-300 beside 1e-300 x 1e-300: 600 digits apart, past the Decimal context's
    # precision, so the sum is made in Fractions
    units, rates = [1e300, 1e-300], [[1e-300], [1e-300]]
    assert exact_year_revenue(units, rates) == (Fraction(1) + Fraction(1, 10**600),)


figures = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
any_finite = st.floats(allow_nan=False, allow_infinity=False)


@given(st.integers(0, 6).flatmap(lambda n: st.tuples(
    st.lists(figures, min_size=n, max_size=n),
    st.lists(st.lists(figures, min_size=3, max_size=3), min_size=n, max_size=n))))
def test_equals_the_rule_for_figures_of_a_fee_schedule(case: tuple[list[float], list[list[float]]]
                                                       ) -> None:
    units, rates = case
    got = exact_year_revenue(units, np.array(rates, dtype=float).reshape(len(units), 3))
    assert got == by_definition(units, rates, 3)
    assert all(type(year) is Fraction for year in got)


@given(st.lists(st.tuples(any_finite, any_finite), min_size=1, max_size=4))
def test_equals_the_rule_for_any_finite_floats(pairs: list[tuple[float, float]]) -> None:
    units = [u for u, _ in pairs]
    rates = [[r] for _, r in pairs]
    assert exact_year_revenue(units, rates) == by_definition(units, rates, 1)
