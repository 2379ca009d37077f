"""The walk-away floor per unit in whole cents (``ratecalc.proposal.unit_floor``): the least
whole-cent rate that meets the floor, hand-worked at the edges a review was asked about (a floor
exactly on a cent, half a cent over, a hundredth of a cent over), and the ask raised to it.

A floor exactly on a cent is that cent even where binary arithmetic lands it a hair above:
$20.10 x 110% is $22.11, which a double computes as 22.110000000000003 (2211.0000000000005
cents), and rounded up without the noise dropped it read $22.12, a cent over the floor, and the
ask raised to it asked that cent too. No test caught that mutant (the proposal, walk-away and
letter tests passed with the snap removed; review-c11): these do.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.proposal import proposed_rate, unit_floor

CASES = [
    # medicare, floor ratio, the floor by hand
    (20.10, 1.10, 22.11),      # on a cent: 2211 cents exactly (a double says 2211.0000000000005)
    (20.60, 1.05, 21.63),      # on a cent: 2163 exactly (2163.0000000000005)
    (31.80, 1.00, 31.80),      # on a cent, ratio 1
    (10.00, 1.0005, 10.01),    # half a cent over $10.00: 10.005 -> 10.01
    (100.00, 1.000001, 100.01),  # a hundredth of a cent over $100.00: 100.0001 -> 100.01
    (27.20, 1.133254, 30.83),  # 30.8245 -> 30.83 (the demo's case: $30.82 falls short)
]


@pytest.mark.parametrize(("medicare", "ratio", "floor"), CASES)
def test_the_floor_is_the_least_whole_cent_meeting_it(medicare, ratio, floor) -> None:
    assert unit_floor(medicare, ratio) == floor
    # the array form gives the same cents
    assert unit_floor(np.array([medicare, medicare]), ratio).tolist() == [floor, floor]


@pytest.mark.parametrize(("medicare", "ratio", "floor"), CASES)
def test_the_ask_raised_to_the_floor_is_the_floor_shown(medicare, ratio, floor) -> None:
    # a current rate far below the floor, no market: the floor raises the ask past the cap
    current = round(medicare / 4, 2)
    shown = unit_floor(medicare, ratio)
    assert proposed_rate(current, np.nan, floor=shown) == floor
    assert proposed_rate(current, np.nan, floor=medicare * ratio) == floor  # the exact floor


def test_no_floor_is_blank() -> None:
    assert math.isnan(unit_floor(27.20, 0.0))  # no cost per visit
    assert math.isnan(unit_floor(float("nan"), 1.1))  # no Medicare amount (97014)


@given(cents=st.integers(1, 10**6), micro=st.integers(1, 4 * 10**6))
def test_the_floor_is_exactly_the_ceiling_of_the_decimal_floor(cents: int, micro: int) -> None:
    # a Medicare amount in cents and a ratio to a millionth, as typed: the floor worked in
    # exact fractions, rounded up to a whole cent
    exact_cents = Fraction(cents) * Fraction(micro, 10**6)
    shown = unit_floor(cents / 100, micro / 10**6)
    assert round(shown * 100) == math.ceil(exact_cents)
    assert shown == math.ceil(exact_cents) / 100


def test_the_proposal_examples_hold() -> None:
    # unit_floor's and proposed_rate's examples (pytest runs no doctests of its own)
    import doctest

    import ratecalc.proposal

    assert doctest.testmod(ratecalc.proposal).failed == 0
