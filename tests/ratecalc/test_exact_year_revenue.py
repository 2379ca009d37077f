"""rates.exact_year_revenue: each year's units x rates summed exactly, each figure read as the
decimal it prints as, whichever way the sum is made (Decimals, or Fractions where a sum is too
wide for them)."""

from __future__ import annotations

import decimal
import math
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc import rates as rates_module
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


# Review of speed-big-8 (review-s8): the Decimal path against the Fraction rule on what callers
# can pass, the caller's decimal context left as it was, and shapes refused as before.

@pytest.mark.parametrize(("units", "rates"), [([1.0, 2.0], [[1.0]]), ([1.0], [[1.0], [2.0]]),
                                               ([3.0, 4.0, 5.0], [[1.0, 2.0], [3.0, 4.0]])])
def test_units_and_rates_of_different_lengths_are_refused(units: list[float],
                                                          rates: list[list[float]]) -> None:
    # zip(..., strict=True) of the Fraction rule refused these; the Decimal path's map() stopped
    # at the shorter and dropped a code's revenue without a word
    with pytest.raises(ValueError, match="zip"):
        exact_year_revenue(units, rates)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_figure_that_is_no_number_is_refused(bad: float) -> None:
    for units, rates in (([bad, 1.0], [[2.0], [3.0]]), ([1.0, 2.0], [[2.0], [bad]]),
                         ([0.0], [[bad]])):
        with pytest.raises(ValueError):
            exact_year_revenue(units, rates)


#: floats of every kind a cell or a computation can hold: subnormals, the largest, -0.0
every_float = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                        st.floats(min_value=-1e-300, max_value=1e-300),
                        st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308,
                                         1.7976931348623157e308, 0.1, 0.5, 1.005, 2.675]))


@given(st.integers(0, 5).flatmap(lambda n: st.tuples(
    st.lists(every_float, min_size=n, max_size=n),
    st.lists(st.lists(every_float, min_size=2, max_size=2), min_size=n, max_size=n))))
def test_equals_the_rule_for_floats_of_any_size_over_years(
        case: tuple[list[float], list[list[float]]]) -> None:
    units, rates = case
    got = exact_year_revenue(units, np.array(rates, dtype=float).reshape(len(units), 2))
    assert got == by_definition(units, rates, 2)


@given(st.lists(st.tuples(st.decimals(allow_nan=False, allow_infinity=False, places=6,
                                      min_value=-10**9, max_value=10**9),
                          st.floats(-1e6, 1e6), st.integers(-10**25, 10**25)),
                min_size=1, max_size=5))
def test_decimals_numpy_types_and_huge_counts_are_read_as_the_floats_they_become(
        rows: list[tuple[Decimal, float, int]]) -> None:
    # a cell's Decimal, a numpy float32 or int64 and a count past 2**53 are each read as the
    # float numpy makes of it, then as the decimal that float prints as: the same in both paths
    decimals = [d for d, _, _ in rows]
    halves = np.array([f for _, f, _ in rows], dtype=np.float32)
    counts = [c for _, _, c in rows]
    for units, rates in ((decimals, [[f] for f in halves.tolist()]),
                         (halves, np.array([[d] for d in decimals], dtype=object)),
                         (counts, [[d, f] for d, f, _ in rows]),
                         (np.array(counts, dtype=float).astype(np.int64, copy=False)
                          if all(abs(c) < 2**62 for c in counts) else counts,
                          np.array([[f] for f in halves.tolist()], dtype=np.float32))):
        floats = np.asarray(units, dtype=float).tolist()
        table = np.asarray(rates, dtype=float)
        assert exact_year_revenue(units, rates) == by_definition(
            floats, table.tolist(), table.shape[1])


@given(st.lists(st.tuples(every_float, every_float), min_size=1, max_size=4),
       st.integers(1, 40), st.booleans())
def test_the_callers_decimal_context_is_left_as_it_was(
        pairs: list[tuple[float, float]], precision: int, strict: bool) -> None:
    # whether the sum is made in Decimals or falls back (Inexact trapped), the caller's context
    # keeps its precision, traps and flags, and its settings change nothing in the result
    units, rates = [u for u, _ in pairs], [[r] for _, r in pairs]
    expected = by_definition(units, rates, 1)
    traps = ([decimal.Inexact, decimal.Rounded, decimal.FloatOperation, decimal.Subnormal,
              decimal.Clamped, decimal.Underflow] if strict else [])
    with decimal.localcontext(decimal.Context(prec=precision, Emax=99, Emin=-99,
                                              rounding=decimal.ROUND_DOWN, traps=traps)) as ours:
        before = (ours.prec, ours.Emax, ours.Emin, ours.rounding, dict(ours.traps))
        assert exact_year_revenue(units, rates) == expected
        assert decimal.getcontext() is ours
        assert (ours.prec, ours.Emax, ours.Emin, ours.rounding, dict(ours.traps)) == before
        assert not any(ours.flags.values())
    assert not any(rates_module._EXACT_SUMS.flags.values())


def test_threads_summing_at_once_get_each_their_own_exact_sums() -> None:
    wide = ([1e300, 1e-300], [[1e-300], [1e-300]])  # falls back: Inexact in the Decimal path
    narrow = ([0.5, 799.5], [[2.01], [71.11]])
    cases = [wide, narrow] * 50
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda case: exact_year_revenue(*case), cases))
    assert got == [(Fraction(1) + Fraction(1, 10**600),), (Fraction(1137069, 20),)] * 50
