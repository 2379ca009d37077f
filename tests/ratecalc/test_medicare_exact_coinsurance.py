"""The CQ/CO and sequestration adjustments stay exact whatever form the coinsurance comes in.

Found by the mutation run of the medicare module (issue 16): a coinsurance given as a float
(0.2) became the binary fraction 3602879701896397/2**54, whose products wrapped around int64:
97110 with the assistant reduction came out at $0.06 instead of $23.61.

Published amounts (CMS PFAL25A, Alabama 10112-00, 2025): 97110 $26.83, 97124 $27.25. With the
assistant reduction and coinsurance c the practice collects c + (1 - c) x 0.85 of the amount.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from ratecalc.medicare.engine import medicare_amount, medicare_amounts

AL, DAY = "10112-00", "2025-06-01"


@pytest.mark.parametrize("coinsurance", [Fraction(1, 5), 0.2, Decimal("0.2"), "1/5",
                                         Fraction(0.2)])
def test_twenty_percent_in_any_form(coinsurance):
    # (0.2 + 0.8 x 0.85) x 26.83 = 0.88 x 26.83 = 23.6104 -> 23.61; the binary fraction of 0.2
    # (a hair above 1/5) moves it by far less than a cent
    assert medicare_amount("97110", AL, DAY, assistant=True, coinsurance=coinsurance) == 23.61


def test_a_float_is_the_decimal_it_prints_as():
    # 60%: (0.6 + 0.4 x 0.85) x 27.25 = 0.94 x 27.25 = 25.615: an exact half cent, up -> 25.62.
    # The float 0.6 is a hair below 3/5 in binary, which would round it down to 25.61; the
    # user wrote 0.6, so 0.6 it is. Given that binary fraction itself, the exact answer is 25.61.
    assert medicare_amount("97124", AL, DAY, assistant=True, coinsurance=0.6) == 25.62
    assert medicare_amount("97124", AL, DAY, assistant=True, coinsurance=Fraction(0.6)) == 25.61


def test_a_coinsurance_to_fifteen_places_a_hair_below_a_half_cent():
    # c = 0.198658218412225: factor 0.85 + 0.15 c = 0.87979873276183375, x 2683 cents
    # = 2360.49999999999995125 cents: just below the half cent -> 23.60. The factor is
    # 703838986209467/800000000000000: 2 x cents x numerator needs 62 bits, past a float's 53,
    # so exact integers, not floats, must decide it.
    c = Decimal("0.198658218412225")
    assert medicare_amount("97110", AL, DAY, assistant=True, coinsurance=c) == 23.60
    out = medicare_amounts(["97110", "97124"], AL, DAY, assistant=True, coinsurance=c)
    # 97124: 0.87979873276183375 x 2725 = 2397.4515467759... -> 23.97
    assert out["amount"].tolist() == [23.60, 23.97]


def test_sequestration_with_a_float_coinsurance():
    # (0.2 + 0.8 x 0.98) x 26.83 = 0.984 x 26.83 = 26.40072 -> 26.40
    assert medicare_amount("97110", AL, DAY, sequestration=True, coinsurance=0.2) == 26.40


def test_a_coinsurance_whose_terms_fill_64_bits():
    # c = 0.06284758159697: factor 0.85 + 0.15 c = 0.8594271372395455 = 1718854274479091 /
    # 2000000000000000, and 2 x 2683 x 1718854274479091 lies within one denominator of the int64
    # limit: the exact sum, x 26.83 = 23.0584300921... -> 23.06, not a wrapped-around number
    c = Decimal("0.06284758159697")
    assert medicare_amount("97110", AL, DAY, assistant=True, coinsurance=c) == 23.06


def test_an_empty_request_with_an_adjustment():
    out = medicare_amounts([], AL, DAY, assistant=True, coinsurance=Decimal("0.06284758159697"))
    assert out.empty and "amount" in out.columns
    assert medicare_amounts([], AL, DAY, participating=False).empty
