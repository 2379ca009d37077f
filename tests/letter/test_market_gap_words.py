"""The letter's "weighted by volume, your rates are X% below" the market: said only when they are
below it, in the decimals typed, and never as 0.0%. Rates that pay exactly the market's revenue
summed to 661.15 against 661.1500000000001 in binary, and the letter said "0.0% below it"."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc_letter.blocks import RateLine
from ratecalc_letter.proposal import _below_market_today


def _line(code: str, units: float, rate: float, market: float) -> RateLine:
    return RateLine(code=code, description="", units_per_year=units, current_rate=rate,
                    proposed_rate=rate, increase_pct=0.0, benchmark=market,
                    medicare_amount=30.0, current_pct_of_medicare=1.0,
                    proposed_pct_of_medicare=1.0, floor=0.0, annual_impact=0.0,
                    rate_today=rate)


def test_rates_paying_the_markets_revenue_are_not_said_below_it():
    # 14 x 28.93 + 7 x 36.59 = 405.02 + 256.13 = 661.15; 14 x 33.34 + 7 x 27.77 = 466.76 +
    # 194.39 = 661.15: one rate is below the market, the volume-weighted whole is not
    text = _below_market_today([_line("97110", 14, 28.93, 33.34),
                                _line("97140", 7, 36.59, 27.77)], "median")
    assert text == "1 of these 2 rates is below the market median today."


def test_a_gap_under_a_twentieth_of_a_percent_is_not_said_as_zero():
    # 10 x 30.00 + 1 x 29.99 against 11 x 30.00: 1 - 329.99 / 330 = 0.0000303, 0.00303%
    text = _below_market_today([_line("97110", 10, 30.00, 30.00),
                                _line("97140", 1, 29.99, 30.00)], "median")
    assert text.endswith("; weighted by volume, your rates are 0.003% below it.")


@given(markets=st.tuples(st.integers(2_000, 4_000), st.integers(2_000, 4_000)),
       units=st.tuples(st.integers(1, 50), st.integers(1, 50)), gap=st.integers(1, 100))
@example(markets=(3_334, 2_777), units=(14, 7), gap=1)  # 661.1500000000001 in binary
def test_a_shortfall_made_up_elsewhere_is_not_said(markets, units, gap):
    # in cents: 97110 is gap x units[1] below its market, 97140 gap x units[0] above: the
    # volume-weighted totals are equal
    lines = [_line("97110", units[0], (markets[0] - gap * units[1]) / 100, markets[0] / 100),
             _line("97140", units[1], (markets[1] + gap * units[0]) / 100, markets[1] / 100)]
    assert "weighted by volume" not in _below_market_today(lines, "median")
