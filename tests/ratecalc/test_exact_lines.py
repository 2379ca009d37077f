"""A figure exactly at a line, typed as a clerk types it (whole cents, a whole percent), falls on
the line's side the rule says: the walk-away floor, the plausible band of a fee-schedule rate, the
proposal's minimum and maximum increase. In binary floats 90.00 x 1.10 is 99.00000000000001, so
an offer of exactly $99.00 did not meet a floor of cost $90.00 plus 10%."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.counteroffer import evaluate_counteroffer
from ratecalc.exit_impact import walk_away_check
from ratecalc.gap import gap_table
from ratecalc.money import percent_beside_line
from ratecalc.priorities import payer_priorities
from ratecalc.proposal import ProposalPolicy, build_proposal, walk_away_floor_ratio
from ratecalc.rates import doubtful_rates
from ratecalc.scenarios import project_scenario

cents = st.integers(min_value=100, max_value=50_000)
whole_percents = st.integers(min_value=0, max_value=50)


def _ceil_cents(amount: Fraction) -> Fraction:
    return Fraction(-((-amount * 100) // 1), 100)


def test_an_offer_exactly_at_cost_plus_margin_meets_the_floor():
    # floor = 90.00 x (1 + 10%) = 99.00 exactly: an offer of 99.00 meets it, nothing short
    w = walk_away_check(99.00, 90.00, 0.10)
    assert (w.floor, w.meets_floor, w.shortfall) == (99.0, True, 0.0)
    w = walk_away_check(98.99, 90.00, 0.10)
    assert (w.meets_floor, round(w.shortfall, 2)) == (False, 0.01)


@given(cost=cents, margin=whole_percents)
@example(cost=9_000, margin=10)  # 99.00000000000001 in binary
def test_an_offer_at_the_floor_meets_it_and_a_cent_less_does_not(cost, margin):
    floor = Fraction(cost, 100) * (1 + Fraction(margin, 100))
    at = _ceil_cents(floor)  # the least whole-cent offer that meets the floor
    meets = walk_away_check(float(at), cost / 100, margin / 100)
    short = walk_away_check(float(at - Fraction(1, 100)), cost / 100, margin / 100)
    assert (meets.meets_floor, meets.shortfall) == (True, 0.0)
    assert not short.meets_floor and short.shortfall > 0
    if floor == at:  # a floor in whole cents is written as those cents (the sheet compares it)
        assert meets.floor == float(floor)


def _doubts(rate: float, medicare: float) -> pd.DataFrame:
    rates = pd.DataFrame({"payer": ["A"], "code": ["97110"], "schedule_rate": [rate]})
    return doubtful_rates(rates, pd.Series({"97110": medicare}))


def test_a_rate_of_exactly_30_percent_of_medicare_is_plausible():
    # 4.02 / 13.40 = 30% exactly (0.29999999999999993 in binary): inside 30%-400%;
    # 4.01 is 29.93% of 13.40, outside it
    assert _doubts(4.02, 13.40).empty
    assert _doubts(4.01, 13.40)["reason"].tolist() == [
        "29.9% of Medicare ($13.40), outside the plausible 30%-400%"]


@given(tenths=st.integers(min_value=10, max_value=5_000), line=st.sampled_from([3, 40]))
@example(tenths=134, line=3)  # 4.02 / 13.40
def test_a_rate_exactly_at_either_end_of_the_band_is_plausible(tenths, line):
    # Medicare in whole dimes, so that 30% (3/10) and 400% (40/10) of it are whole cents
    medicare, rate = tenths / 10, tenths * line / 100
    assert _doubts(rate, medicare).empty
    outside = rate - 0.01 if line == 3 else rate + 0.01
    assert len(_doubts(round(outside, 2), medicare)) == 1


def test_a_share_beside_the_band_never_reads_as_its_end():
    # 29.97% of Medicare read "30.0% of Medicare, outside the plausible 30%-400%"
    assert _doubts(29.97, 100.00)["reason"].tolist() == [
        "29.97% of Medicare ($100.00), outside the plausible 30%-400%"]
    assert _doubts(400.04, 100.00)["reason"].tolist() == [
        "400.04% of Medicare ($100.00), outside the plausible 30%-400%"]
    assert percent_beside_line(0.2996, 0.3, 1) == "29.96%"
    assert percent_beside_line(0.25, 0.3, 1) == "25.0%"


def _reason(current: float, market: float) -> str:
    comparison = pd.DataFrame({"payer": ["A"], "code": ["97110"], "allowed_amount": [current],
                               "units_per_year": [10.0], "benchmark": [market],
                               "medicare_amount": [1.0]})
    return str(build_proposal(comparison, ProposalPolicy())["reason"].iloc[0])


NEAR = "below market by less than the minimum increase, which takes it above market"
CAPPED = "far below market: capped at the maximum increase"


def test_a_market_exactly_5_percent_up_is_within_the_minimum_increase():
    # 101.60 x 1.05 = 106.68 exactly (106.67999999999999 in binary): the market is reached by
    # the minimum increase, as 30.00 -> 31.50 is (tests/ratecalc/test_proposal_rules.py)
    assert _reason(101.60, 106.68) == NEAR
    assert _reason(101.60, 106.69) == "below market: asks the market rate"


@given(current=cents.filter(lambda c: c % 20 == 0), line=st.sampled_from([5, 15]))
@example(current=10_160, line=5)
def test_a_market_exactly_at_the_minimum_or_maximum_increase_gets_that_reason(current, line):
    # a current rate in whole 20 cents, so that 5% and 15% of it are whole cents
    market = Fraction(current, 100) * (1 + Fraction(line, 100))
    assert _reason(current / 100, float(market)) == (NEAR if line == 5 else CAPPED)


_CONTRACTS = pd.DataFrame({
    "payer": ["A", "B"], "product": ["PPO", "PPO"], "contract_id": ["a", "b"],
    "effective_date": [date(2024, 1, 1)] * 2, "end_date": [date(2026, 3, 31), date(2026, 9, 30)],
    "auto_renew": [False, False], "notice_days": [90, 90], "rate_basis": ["fixed"] * 2,
    "pct_of_medicare": [None, None], "escalator": [0.0, 0.0]})
_CODES = ["97110", "97140", "97530"]


def _ranked(rates: list[float], markets: list[float], units: list[float]) -> list[str]:
    """Payers by priority: A bills 97110, B 97140 and 97530; A renews first (2026-03-31)."""
    table = pd.DataFrame({"payer": ["A", "B", "B"], "code": _CODES, "allowed_amount": rates,
                          "units_per_year": units})
    bench = pd.DataFrame({"code": _CODES, "p50": markets})
    comparison = gap_table(table, bench, pd.Series(dict.fromkeys(_CODES, 30.0)))
    return payer_priorities(comparison, _CONTRACTS, date(2025, 12, 1))["payer"].tolist()


def test_payers_of_equal_dollars_at_stake_rank_by_renewal():
    # A: 33.00 - 32.70 = 0.30 x 1 unit; B: (30.00 - 29.90) + (30.00 - 29.80) = 0.30: a tie,
    # so A, renewing sooner, comes first (in binary A's was 0.29999999999999716, B's
    # 0.3000000000000007, and B came first)
    assert _ranked([32.70, 29.90, 29.80], [33.00, 30.00, 30.00], [1.0, 1.0, 1.0]) == ["A", "B"]


@given(gaps=st.tuples(cents, cents), units=st.tuples(st.integers(1, 2_000), st.integers(1, 2_000)),
       rates=st.tuples(cents, cents))
@example(gaps=(10, 20), units=(1, 1), rates=(2_990, 2_980))
def test_payers_of_exactly_equal_stake_are_ranked_by_renewal(gaps, units, rates):
    # in cents: B is short by gaps[i] on each of its codes, for units[i]; A by their sum on
    # one unit of its one code (at 30.00), so the two payers tie
    stake = gaps[0] * units[0] + gaps[1] * units[1]
    assert _ranked([30.00, rates[0] / 100, rates[1] / 100],
                   [(3_000 + stake) / 100, (rates[0] + gaps[0]) / 100,
                    (rates[1] + gaps[1]) / 100],
                   [1.0, float(units[0]), float(units[1])]) == ["A", "B"]


def _better(fixed: list[float], medicare: list[float], units: int, pct: float) -> str:
    lines = pd.DataFrame({"code": ["97110", "97140"], "units_per_year": [units, units],
                          "fixed_rate": fixed, "medicare_amount": medicare})
    return project_scenario(lines, pct_of_medicare=pct, years=1, cf_changes=0.0).better


def test_a_difference_of_exactly_the_rounding_allowance_is_a_better_contract():
    # 125% pays 61.02 x 1.25 = 76.275 -> 76.28 and 30.92 x 1.25 = 38.65 a unit; the fixed
    # schedule pays 76.29 and 38.65: 760 x 0.01 = $7.60 more, and the allowance is half a cent
    # on each of 1,520 units, $7.60: not under it, so fixed is better (in binary the
    # allowance was 7.6000000000000005, over the difference, and the verdict 'equal')
    assert _better([76.29, 38.65], [61.02, 30.92], 760, 1.25) == "fixed"
    assert _better([76.28, 38.65], [61.02, 30.92], 760, 1.25) == "equal"


def test_a_percent_paying_exactly_the_rounding_allowance_more_is_no_better_contract():
    # 100.5% of $1.00 is $1.005 -> $1.01 on each code: $2.02 a visit pair against the fixed
    # $1.00 + $1.01, the percent the fixed rates equal: exactly half a cent a unit more, all
    # of it rounding half-up, so neither is better; a cent a unit more is more than rounding
    assert _better([1.00, 1.01], [1.00, 1.00], 1, 1.005) == "equal"
    assert _better([1.00, 1.00], [1.00, 1.00], 1, 1.005) == "pct_of_medicare"


@given(medicare=st.tuples(cents, cents), units=st.integers(1, 500),
       pct=st.integers(min_value=80, max_value=200))
@example(medicare=(6_102, 3_092), units=380, pct=125)
def test_a_schedule_paying_exactly_the_allowance_more_is_better(medicare, units, pct):
    # one cent a unit more on one of two codes of equal units: half a cent a unit overall
    pays = [_half_up_cents(Fraction(m, 100) * Fraction(pct, 100)) for m in medicare]
    fixed = [float(pays[0] + Fraction(1, 100)), float(pays[1])]
    assert _better(fixed, [m / 100 for m in medicare], 2 * units, pct / 100) == "fixed"


def _half_up_cents(amount: Fraction) -> Fraction:
    return Fraction((amount * 100 + Fraction(1, 2)) // 1, 100)


def _verdict(counter: Fraction, floor: float) -> str:
    one = pd.DataFrame({"code": ["97110"], "units_per_year": [100.0], "current_rate": [1.0],
                        "ask_rate": [2_000.0], "counter_rate": [float(counter)],
                        "floor_rate": [floor]})
    return str(evaluate_counteroffer(one).lines["verdict"].iloc[0])


def test_a_counter_at_the_proposals_floor_is_not_below_it():
    # cost $90.00 + 10% over a visit of $45.00 of Medicare: the floor is 2.2 x Medicare, so
    # 97110 at $45.00 has a floor of $99.00 (99.00000000000001 in binary): a counter of $99.00
    # was 'walk_away', "the counter pays $9,900.00 a year, below the floor's $9,900.00"
    floor = 45.0 * walk_away_floor_ratio(90.0, 0.10, 45.0)
    assert _verdict(Fraction(99), floor) == "counter"
    assert _verdict(Fraction(9_899, 100), floor) == "walk_away"


@given(cost=cents, margin=whole_percents, medicare=cents)
@example(cost=9_000, margin=10, medicare=4_500)
def test_a_counter_at_the_least_cents_meeting_the_floor_is_not_below_it(cost, margin, medicare):
    # a visit of one unit of the code: its floor is the visit's, cost plus margin
    exact = Fraction(cost, 100) * (1 + Fraction(margin, 100))
    floor = medicare / 100 * walk_away_floor_ratio(cost / 100, margin / 100, medicare / 100)
    at = _ceil_cents(exact)
    assert _verdict(at, floor) != "walk_away"
    assert _verdict(at - Fraction(1, 100), floor) == "walk_away"
