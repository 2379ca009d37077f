"""Money as every output writes it (ratecalc.money.money_text): half-up to cents, one function."""

from __future__ import annotations

import doctest
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ratecalc.money
from ratecalc.money import money_text, round_cents


def test_its_examples_run() -> None:
    assert doctest.testmod(ratecalc.money).failed == 0


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.booleans())
def test_the_text_is_the_rounded_amount(amount: float, signed: bool) -> None:
    text = money_text(amount, signed=signed)
    cents = round_cents(amount)
    digits = text.lstrip("+-").removeprefix("$").replace(",", "")
    assert float(digits) == abs(cents)
    assert text.startswith("-") == (cents < 0)
    assert text.startswith("+") == (signed and cents > 0)


def test_an_unknown_amount_is_a_dash() -> None:
    assert money_text(math.nan) == "\u2014"


@pytest.mark.parametrize("count", [1e26, -1e26, 1e300, 123456789012345678901234567.5])
def test_units_of_any_size_are_shown(count: float) -> None:
    """Half-up rounding of a figure of more than 28 digits raised decimal.InvalidOperation
    (the default context's precision): a units cell of 1e26 could not be fitted to its
    column. Found by hypothesis (test_fit_columns)."""
    text = ratecalc.money.units_text(count)
    assert Decimal(text.replace(",", "")) == Decimal(repr(count)).to_integral_value()
