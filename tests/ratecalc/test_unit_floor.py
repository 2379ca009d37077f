"""``proposal.unit_floor``: the walk-away floor per unit in the least whole cents that meet it.

Hand-worked: 1.133254 x $27.20 = $30.8245, met by $30.83 and not by $30.82; 1.1 x $100.00 is
$110.00 exactly and 1.1 x $45.10 is $49.61 exactly, though float arithmetic makes them
110.00000000000001 and 49.61000000000001: a floor that is whole cents already is not raised a
cent by that noise. Mutation review test-review-11: taking the ceiling of the unsnapped
product survived every floor test (the demo's floors fall between cents); the doctest saying so
is not run by pytest.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.proposal import unit_floor


def test_a_floor_between_cents_is_the_cent_above() -> None:
    assert unit_floor(27.20, 1.133254) == 30.83


def test_a_floor_of_whole_cents_is_not_raised_by_float_noise() -> None:
    assert 100.0 * 1.1 != 110.0 and 45.10 * 1.1 != 49.61  # the noise the rule must see through
    assert unit_floor(100.0, 1.1) == 110.0
    assert unit_floor(np.array([45.10, 100.0]), 1.1).tolist() == [49.61, 110.0]


def test_no_ratio_or_no_medicare_amount_is_no_floor() -> None:
    assert math.isnan(unit_floor(27.20, 0.0))
    shown = unit_floor(np.array([27.20, np.nan]), 1.1)
    assert shown[0] == 29.92 and math.isnan(shown[1])


def test_one_amount_gives_a_number_many_an_array() -> None:
    assert type(unit_floor(27.20, 1.1)) is float
    assert isinstance(unit_floor([27.20], 1.1), np.ndarray)


@given(cents=st.integers(1, 10_000_000) | st.integers(1, 100_000).map(lambda d: d * 100),
       micro=st.integers(1, 5_000_000) | st.integers(1, 500).map(lambda p: p * 10_000))
def test_the_floor_is_the_least_whole_cents_meeting_the_exact_product(cents: int,
                                                                      micro: int) -> None:
    """Medicare amounts in cents and ratios to the millionth, as the outputs hold them (often
    whole dollars and whole percents, whose product is whole cents): the floor is the exact
    product's ceiling to the cent, worked in fractions."""
    exact = Fraction(cents, 100) * Fraction(micro, 1_000_000)
    expected = Fraction(math.ceil(exact * 100), 100)
    assert unit_floor(cents / 100, micro / 1_000_000) == float(expected)
