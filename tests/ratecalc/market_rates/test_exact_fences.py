"""A price exactly on an outlier fence, in whole cents, is inside it, as the rules say: in binary
30.20 - 30.10 is 0.09999999999999787, so the far-out fence 30.20 + 3 x 0.10 = 30.50 was
30.499999999999993 and a price of 30.50 an outlier; 3 x 10.03 (30.09) was 30.089999999999996, and
a price of exactly three times Medicare was "far from Medicare"."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.market_rates import FlagRules
from tests.ratecalc.market_rates.test_stats_rules import flags_of, prices

cents = st.integers(min_value=100, max_value=50_000)


def test_a_price_on_the_far_out_fence_is_inside():
    # n = 5: Q1 (h = 1) = 30.10, Q3 (h = 3) = 30.20, IQR = 0.10; fences 29.80 .. 30.50
    assert flags_of(prices([30.10, 30.10, 30.20, 30.20, 30.50])) == {
        30.10: "", 30.20: "", 30.50: ""}
    assert flags_of(prices([30.10, 30.10, 30.20, 30.20, 30.51]))[30.51] == "outlier_iqr"
    assert flags_of(prices([29.80, 30.10, 30.10, 30.20, 30.20]))[29.80] == ""


@given(q1=cents, spread=st.integers(1, 5_000), k=st.integers(1, 4))
@example(q1=3_010, spread=10, k=3)
def test_prices_on_either_fence_are_inside(q1, spread, k):
    # n = 9: Q1 (h = 2) and Q3 (h = 6) are the third and seventh prices; the first and last
    # are the fences Q1 - k x IQR and Q3 + k x IQR, the first only when it is a price (> 0)
    q3 = q1 + spread
    low, high = q1 - k * spread, q3 + k * spread
    rates = [c / 100 for c in (max(low, 1), q1, q1, q1, q3, q3, q3, q3, high)]
    got = flags_of(prices(rates), rules=FlagRules(iqr_factor=float(k)))
    assert "outlier_iqr" not in got[high / 100]
    if low >= 1:
        assert "outlier_iqr" not in got[low / 100]


def test_a_price_of_exactly_three_times_medicare_is_not_far_from_it():
    # 3 x 10.03 = 30.09 exactly (30.089999999999996 in binary); 30.10 is over
    got = flags_of(prices([30.09, 30.10]), medicare={"97110": 10.03})
    assert got == {30.09: "", 30.10: "outlier_vs_medicare"}


@given(medicare=cents, high=st.integers(1, 5), low=st.sampled_from([Fraction(1, 2),
                                                                      Fraction(3, 10)]))
@example(medicare=1_003, high=3, low=Fraction(1, 2))  # 30.089999999999996
def test_prices_at_either_medicare_bound_are_inside(medicare, high, low):
    # whole-cent prices at high x and, where it is whole cents, low x Medicare
    top, bottom = high * medicare, low * medicare
    rates = [top / 100] + ([float(bottom / 100)] if bottom.denominator == 1 else [])
    got = flags_of(prices(rates), medicare={"97110": medicare / 100},
                   rules=FlagRules(medicare_low=float(low), medicare_high=float(high)))
    assert not any("outlier_vs_medicare" in flags for flags in got.values())
