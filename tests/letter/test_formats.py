"""Figures and dates as a letter writes them: half-up to cents, US long dates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc_letter import formats as fmt


@pytest.mark.parametrize(("amount", "signed", "expected"), [
    (26.825, False, "$26.83"),      # half-up, as CMS rounds (banker's rounding gives 26.82)
    (1.005, False, "$1.01"),        # typed 1.005 is stored as 1.00499999...: still half-up
    (44174.85, False, "$44,174.85"),
    (-3.5, False, "-$3.50"),
    (12, True, "+$12.00"),
    (0.004, True, "$0.00"),         # rounds to zero: no sign, no negative zero
    (-0.004, False, "$0.00"),
    (float("nan"), False, "\u2014"),
    (None, False, "\u2014"),
])
def test_money(amount, signed, expected):
    assert fmt.money(amount, signed=signed) == expected


@pytest.mark.parametrize(("fraction", "places", "signed", "expected"), [
    (0.14995, 1, False, "15.0%"),
    (0.149855, 1, True, "+15.0%"),
    (0.0005, 1, False, "0.1%"),     # half-up, not to even
    (1.18, 0, False, "118%"),
    (1.085, 0, False, "109%"),
    (-0.021, 1, True, "-2.1%"),
    (float("nan"), 1, False, "\u2014"),
])
def test_percent(fraction, places, signed, expected):
    assert fmt.percent(fraction, places, signed=signed) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 3, 31), "March 31, 2026"),
    (date(2025, 12, 1), "December 1, 2025"),
])
def test_long_date(day, expected):
    assert fmt.long_date(day) == expected


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_money_shows_whole_cents_exactly(cents):
    """A whole number of cents is shown as exactly those cents."""
    shown = fmt.money(cents / 100)
    sign = "-" if cents < 0 else ""
    assert shown == f"{sign}${Decimal(abs(cents)) / 100:,.2f}"


@given(st.integers(min_value=0, max_value=10**8))
def test_money_rounds_half_cents_up(cents):
    """x.xx5 always rounds up, like Decimal's ROUND_HALF_UP on the decimal string."""
    value = (cents + 0.5) / 100
    expected = Decimal(f"{cents}.5").quantize(Decimal(1), rounding=ROUND_HALF_UP) / 100
    assert fmt.money(value) == f"${expected:,.2f}"
