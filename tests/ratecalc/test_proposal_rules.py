"""The proposal's rules, case by case: rounding of each bound, the reasons, policy checks,
per-payer sums and their order. Expected values are worked by hand in the comments."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.proposal import (
    ProposalPolicy,
    asked_percent,
    build_proposal,
    proposal_summary,
    proposed_rate,
    rates_no_term_pays,
    revenue_impact,
    walk_away_floor_ratio,
)

NEAR = "below market by less than the minimum increase, which takes it above market"


@pytest.mark.parametrize(("current", "market", "floor", "expected"), [
    # market inside the band, on a half cent: half-up -> 31.51 (31.505 > 30.00 x 1.05 = 31.50)
    (30.00, 31.505, 0.0, 31.51),
    # market just above the cap: cap 20.00 x 1.15 = 23.00 exactly (no rounding down past it)
    (20.00, 23.004, 0.0, 23.00),
    # the cap rounds down: 10.01 x 1.15 = 11.5115 -> 11.51 (market 12.00 beyond it)
    (10.01, 12.00, 0.0, 11.51),
    # the minimum rounds up: 10.01 x 1.05 = 10.5105 -> 10.52 (market 10.00 below it)
    (10.01, 10.00, 0.0, 10.52),
    # a floor between the minimum and the market does not change the ask: market 32.00
    (30.00, 32.00, 31.80, 32.00),
    # a floor above the market: ask the floor (rounded up): 33.001 -> 33.01
    (30.00, 32.00, 33.001, 33.01),
    # the floor exactly at the cap: 34.50
    (30.00, 40.00, 34.50, 34.50),
])
def test_bounds_round_in_their_own_favour(current, market, floor, expected):
    assert proposed_rate(current, market, 0.05, 0.15, floor) == expected


def test_arrays_and_scalars():
    out = proposed_rate([26.83, 30.00], [31.50, np.nan])
    assert isinstance(out, np.ndarray) and out.tolist() == [30.85, 31.50]
    assert isinstance(proposed_rate(26.83, 31.50), float)
    # zero-width band: min = max = 10% -> exactly 10% up, whatever the market
    assert proposed_rate(20.00, 50.00, 0.10, 0.10) == 22.00
    assert proposed_rate(20.00, 1.00, 0.10, 0.10) == 22.00


@pytest.mark.parametrize(("current", "market", "floor", "reason"), [
    (30.00, np.nan, 0.0, "no market figure: minimum increase"),
    # 31.50 = 30 x 1.05 exactly: the market is within the minimum increase, not under the rate
    (30.00, 31.50, 0.0, NEAR),
    (30.00, 30.01, 0.0, NEAR),
    # at or under the current rate: the payer already pays the market
    (30.00, 30.00, 0.0, "already at or above market: minimum increase"),
    (30.00, 29.99, 0.0, "already at or above market: minimum increase"),
    (30.00, 31.51, 0.0, "below market: asks the market rate"),
    # 34.50 = 30 x 1.15 exactly: capped
    (30.00, 34.50, 0.0, "far below market: capped at the maximum increase"),
    (30.00, 34.49, 0.0, "below market: asks the market rate"),
    # the floor (40.00) above the cap (34.50): the ask is the floor
    (30.00, 50.00, 40.00, "raised to the walk-away floor"),
    # a floor under the cap changes neither the ask nor the reason
    (30.00, 50.00, 34.00, "far below market: capped at the maximum increase"),
])
def test_reasons(current, market, floor, reason):
    comparison = pd.DataFrame({"payer": ["A"], "code": ["97110"], "allowed_amount": [current],
                               "units_per_year": [10.0], "benchmark": [market],
                               "medicare_amount": [floor or 1.0]})
    p = build_proposal(comparison, ProposalPolicy(), floor_ratio=1.0 if floor else 0.0)
    assert p["reason"].tolist() == [reason]


def test_build_proposal_columns_and_figures():
    comparison = pd.DataFrame({
        "payer": ["A", "A", "B"], "code": ["97110", "97140", "97110"],
        "allowed_amount": [20.00, np.nan, 40.00], "units_per_year": [100.0, 50.0, 10.0],
        "benchmark": [30.00, 30.00, 30.00], "medicare_amount": [25.00, 25.00, 25.00],
    })
    p = build_proposal(comparison, ProposalPolicy(rate_basis="pct_of_medicare"),
                       floor_ratio=0.9)
    # the row without a rate is not proposed
    assert p[["payer", "code"]].to_numpy().tolist() == [["A", "97110"], ["B", "97110"]]
    assert list(p.columns) == [
        "payer", "code", "units_per_year", "current_rate", "benchmark", "medicare_amount",
        "floor", "proposed_rate", "increase", "increase_pct", "current_pct_of_medicare",
        "proposed_pct_of_medicare", "annual_impact", "rate_basis", "reason"]
    a = p.iloc[0]
    # floor 0.9 x 25 = 22.50; cap 23.00; ask 23.00 (+3.00, 15%), 92% of Medicare, 300.00 a year
    assert (a.floor, a.proposed_rate, a.increase) == (22.5, 23.0, 3.0)
    assert a.increase_pct == pytest.approx(0.15)
    assert (a.current_pct_of_medicare, a.proposed_pct_of_medicare) == (0.8, 0.92)
    assert a.annual_impact == 300.0 and a.rate_basis == "pct_of_medicare"
    b = p.iloc[1]
    # above market: minimum 42.00, +2.00 x 10 = 20.00
    assert (b.proposed_rate, b.annual_impact) == (42.0, 20.0)
    # no Medicare amount: no floor, shown blank (NaN), not "$0.00"; the ask is the one with no
    # floor (23.00 again: the cap, above the minimum 21.00)
    comparison.loc[0, "medicare_amount"] = np.nan
    unfloored = build_proposal(comparison, ProposalPolicy(), 0.9)
    assert np.isnan(unfloored["floor"].iloc[0]) and unfloored["floor"].iloc[1] == 22.5
    assert unfloored["proposed_rate"].tolist() == [23.0, 42.0]
    # no cost per visit (ratio 0): no floor on any code
    assert build_proposal(comparison, ProposalPolicy(), 0.0)["floor"].isna().all()


def test_summary_sums_per_payer_largest_impact_first():
    p = pd.DataFrame({
        "payer": ["A", "B", "A"], "units_per_year": [100.0, 10.0, 50.0],
        "current_rate": [20.0, 40.0, 30.0], "proposed_rate": [23.0, 42.0, 31.5],
        "annual_impact": [300.0, 20.0, 75.0]})
    s = proposal_summary(p)
    assert s["payer"].tolist() == ["A", "B"]
    assert list(s.index) == [0, 1]
    a = s.iloc[0]
    # A: current 20x100 + 30x50 = 3,500; proposed 2,300 + 1,575 = 3,875; impact 375 = 10.71%
    assert (a.units_with_rate, a.new_term_revenue, a.proposed_revenue, a.annual_impact) == (
        150.0, 3500.0, 3875.0, 375.0)
    assert a.impact_pct == pytest.approx(375 / 3500)
    # order by impact, not by name or revenue
    p.loc[1, "annual_impact"] = 1000.0
    assert proposal_summary(p)["payer"].tolist() == ["B", "A"]


def test_revenue_impact():
    assert revenue_impact(26.83, 30.85, 1000) == 4020.0
    assert revenue_impact(30.00, 29.00, 10) == -10.0  # a cut is negative
    out = revenue_impact([0.1, 0.2], [0.3, 0.3], [3, 1])  # 0.6 and 0.1, no float noise
    assert out.tolist() == [0.6, 0.1]


def test_floor_ratio():
    assert walk_away_floor_ratio(82.0, 0.10, 100.0) == pytest.approx(0.902)
    assert walk_away_floor_ratio(82.0, 0.0, 100.0) == 0.82
    assert walk_away_floor_ratio(82.0, 0.10, None) == 0.0
    assert walk_away_floor_ratio(82.0, 0.10, 0.0) == 0.0
    assert walk_away_floor_ratio(0.0, 0.10, 100.0) == 0.0


def test_policy_checks_name_the_value():
    with pytest.raises(InputError, match=r"^min_increase must be from 0 to max_increase \(0.1\), "
                                         r"got 0.2$"):
        ProposalPolicy(min_increase=0.2, max_increase=0.1)
    with pytest.raises(InputError, match=r"got -0.01$"):
        ProposalPolicy(min_increase=-0.01)
    with pytest.raises(InputError, match=r"^rate_basis must be fixed or pct_of_medicare, got "
                                         r"'percent'$"):
        ProposalPolicy(rate_basis="percent")
    ProposalPolicy(min_increase=0.0, max_increase=0.0)  # a zero band is allowed
    ProposalPolicy(min_increase=0.1, max_increase=0.1)


cents = st.integers(100, 50000).map(lambda c: c / 100)


@settings(max_examples=200, deadline=None)
@given(current=cents, market=cents)
def test_ask_is_the_market_clamped_to_the_band(current, market):
    # In whole cents: the market rate when it lies within [current x 1.05, current x 1.15],
    # else the nearer bound; every ask is a whole number of cents.
    ask = proposed_rate(current, market)
    c = round(current * 100)
    low = -(-c * 105 // 100)  # ceil
    high = c * 115 // 100     # floor
    m = round(market * 100)
    assert round(ask * 100) == max(min(m, high), low)
    assert abs(ask * 100 - round(ask * 100)) < 1e-6


# -- the walk-away floor decides the reason whenever it raised the ask -------------------------
#: A floor between cents as every output shows it: the cents that meet it (unit_floor)
SHOWN_FLOOR = {31.501: 31.51}


@pytest.mark.parametrize(("market", "floor", "ask", "reason"), [
    # current 30.00: minimum 31.50, cap 34.50. A floor of 31.80 between them, market 31.60:
    # the ask is the floor (31.80), not the market (before the fix: "... asks the market rate")
    (31.60, 31.80, 31.80, "raised to the walk-away floor"),
    # market under the minimum, floor above it: the floor, not the minimum increase
    (31.00, 31.80, 31.80, "raised to the walk-away floor"),
    # no market at all: the floor, not "no market benchmark"
    (np.nan, 31.80, 31.80, "raised to the walk-away floor"),
    # a floor a tenth of a cent above the minimum rounds up to the next cent: 31.501 -> 31.51,
    # and is shown so (SHOWN_FLOOR)
    (31.00, 31.501, 31.51, "raised to the walk-away floor"),
    # a floor at the minimum or under the market changes nothing
    (31.00, 31.50, 31.50, NEAR),
    (32.00, 31.80, 32.00, "below market: asks the market rate"),
    # the floor equal to the market: the market already asks it
    (31.80, 31.80, 31.80, "below market: asks the market rate"),
    # the floor above the cap (the original case): the floor, past the cap
    (50.00, 40.00, 40.00, "raised to the walk-away floor"),
])
def test_the_floor_is_named_whenever_it_raised_the_ask(market, floor, ask, reason):
    comparison = pd.DataFrame({"payer": ["A"], "code": ["97110"], "allowed_amount": [30.00],
                               "units_per_year": [10.0], "benchmark": [market],
                               "medicare_amount": [floor]})
    p = build_proposal(comparison, ProposalPolicy(), floor_ratio=1.0)
    assert (p.loc[0, "floor"], p.loc[0, "proposed_rate"], p.loc[0, "reason"]) == (
        SHOWN_FLOOR.get(floor, floor), ask, reason)


def test_no_floor_unless_asked():
    # Medicare (40.00) above the cap (34.50): only a floor ratio passed in makes it the ask
    comparison = pd.DataFrame({"payer": ["A"], "code": ["97110"], "allowed_amount": [30.00],
                               "units_per_year": [10.0], "benchmark": [50.00],
                               "medicare_amount": [40.00]})
    p = build_proposal(comparison, ProposalPolicy())
    assert np.isnan(p.loc[0, "floor"]) and p.loc[0, "proposed_rate"] == 34.50  # floor blank
    # and a rate under a dollar is not held up to one: 0.50 x 1.05 = 0.525 -> 0.53
    assert proposed_rate(0.50, np.nan) == 0.53
    assert proposed_rate(0.50, np.nan, 0.05, 0.15) == 0.53


def test_exact_decimal_inputs():
    from decimal import Decimal

    # Money may arrive exact: the same asks as from floats
    assert proposed_rate(Decimal("26.83"), Decimal("31.50")) == 30.85
    assert proposed_rate(Decimal("26.83"), Decimal("31.50"), 0.05, 0.15,
                         Decimal("35.404")) == 35.41
    assert proposed_rate(Decimal("26.83"), None) == 28.18  # None: no benchmark
    impact = revenue_impact(Decimal("26.83"), Decimal("30.85"), Decimal("1000"))
    assert isinstance(impact, float) and impact == 4020.0


def test_object_columns_give_float_figures():
    # a comparison read from a workbook can hold object columns (mixed cells); the proposal's
    # figures are numbers all the same
    comparison = pd.DataFrame({
        "payer": ["A", "A"], "code": ["97110", "97140"],
        "allowed_amount": pd.Series([20, 30.00], dtype=object),
        "units_per_year": pd.Series([100, 50], dtype=object),
        "benchmark": pd.Series([30, None], dtype=object),
        "medicare_amount": pd.Series([25, None], dtype=object)})
    p = build_proposal(comparison, ProposalPolicy(), floor_ratio=0.9)
    for column in ("units_per_year", "current_rate", "benchmark", "medicare_amount", "floor",
                   "proposed_rate", "annual_impact"):
        assert p[column].dtype == float, column
    # 97110: floor 22.50, cap 23.00 -> 23.00; 97140: no market, minimum 31.50, no floor
    assert p["proposed_rate"].tolist() == [23.00, 31.50]
    assert p["floor"].iloc[0] == 22.50 and np.isnan(p["floor"].iloc[1])  # no floor: blank
    assert p["annual_impact"].tolist() == [300.00, 75.00]


def test_summary_has_no_leftover_index_column():
    p = pd.DataFrame({"payer": ["B", "A"], "units_per_year": [1.0, 1.0],
                      "current_rate": [1.0, 1.0], "proposed_rate": [2.0, 3.0],
                      "annual_impact": [1.0, 2.0]})
    s = proposal_summary(p)
    assert list(s.columns) == ["payer", "units_with_rate", "new_term_revenue", "proposed_revenue",
                               "annual_impact", "impact_pct"]
    assert s["payer"].tolist() == ["A", "B"] and list(s.index) == [0, 1]


def test_revenue_impact_types_and_noise():
    # a plain float, as the docstring shows (4020.0), not numpy's float64 (np.float64(4020.0))
    assert type(revenue_impact(26.83, 30.85, 1000)) is float
    assert isinstance(revenue_impact([26.83], [30.85], [1000]), np.ndarray)
    # float noise under a millionth of a dollar is dropped (the docstring's 6 decimals), so an
    # impact 4e-7 away from a whole figure is that figure
    assert revenue_impact(0.0, 0.0000004, 1) == 0.0
    assert revenue_impact(0.0, 0.000004, 1) == 0.000004


def test_bounds_snap_float_noise_at_a_millionth_of_a_cent():
    # proposed_rate snaps to 6 decimals of a cent before rounding a bound: a floor 4e-9 dollars
    # (4e-7 cent) above 31.50 is 31.50, one 4e-8 dollars (4e-6 cent) above is 31.51
    assert proposed_rate(30.00, 31.00, 0.05, 0.15, 31.500000004) == 31.50
    assert proposed_rate(30.00, 31.00, 0.05, 0.15, 31.50000004) == 31.51


def test_the_floor_against_a_narrower_band():
    # policy 5-10%: current 30.00, cap 33.00; market 50.00; floor 33.50 above the cap:
    # the ask is the floor, and it is the floor that raised it (the 15% default cap, 34.50,
    # would have been above it)
    comparison = pd.DataFrame({"payer": ["A"], "code": ["97110"], "allowed_amount": [30.00],
                               "units_per_year": [10.0], "benchmark": [50.00],
                               "medicare_amount": [33.50]})
    p = build_proposal(comparison, ProposalPolicy(0.05, 0.10), floor_ratio=1.0)
    assert (p.loc[0, "proposed_rate"], p.loc[0, "reason"]) == (
        33.50, "raised to the walk-away floor")


cents = st.integers(min_value=100, max_value=50_000).map(lambda c: c / 100)


@settings(max_examples=300)
@given(current=cents, medicare=cents, market=cents,
       floor=st.one_of(st.just(0.0), cents))
# a tenth of a percent of $165 is $0.165, more than the band $1.05-$1.15: the minimum wins
@example(current=1.0, medicare=165.0, market=1.0, floor=0.0)
def test_a_percent_asked_pays_the_rate_asked(current, medicare, market, floor):
    """On the percent-of-Medicare basis each ask is a term to a tenth of a percent, the rate is
    what it pays (half-up to cents), the rate keeps the proposal's bounds, and the rate as a
    share of Medicare reads back as the term to a tenth of a percent (what the sheet shows)."""
    policy = ProposalPolicy(rate_basis="pct_of_medicare")
    comparison = pd.DataFrame({"payer": ["P"], "code": ["97110"], "allowed_amount": [current],
                               "units_per_year": [100.0], "benchmark": [market],
                               "medicare_amount": [medicare]})
    row = build_proposal(comparison, policy, floor / medicare).iloc[0]
    term, rate = float(row["proposed_pct_of_medicare"]), float(row["proposed_rate"])
    assert round(term * 1000, 6) == round(term * 1000)
    assert Decimal(repr(rate)) == (Decimal(str(round(term, 3))) * Decimal(repr(medicare))
                                   ).quantize(Decimal("0.01"), ROUND_HALF_UP)
    low = max(Decimal(repr(current)) * Decimal("1.05"), Decimal(repr(floor)))
    cap = Decimal(repr(current)) * Decimal("1.15")
    step = Decimal(repr(medicare)) / 1000 + Decimal("0.01")  # what one tenth of a percent moves
    assert Decimal(repr(rate)) >= low - Decimal("0.005") or low > cap
    if low + step <= cap:  # room for a term in the band: it is kept
        assert Decimal(repr(rate)) <= cap
    if medicare >= 10:
        assert round(rate / medicare, 3) == round(term, 3)


def test_a_typed_rate_no_percent_pays_is_named():
    proposal = pd.DataFrame({
        "payer": ["P", "P"], "code": ["97110", "97140"], "rate_basis": ["pct_of_medicare"] * 2,
        "override_rate": [30.33, 30.34], "medicare_amount": [25.34, 25.34]})
    # 119.7% x 25.34 = 30.332 -> 30.33; 119.8% pays 30.36: nothing pays 30.34
    unpaid = rates_no_term_pays(proposal)
    assert unpaid["code"].tolist() == ["97140"]
    assert (round(unpaid["term"].iloc[0], 3), unpaid["term_pays"].iloc[0]) == (1.197, 30.33)
    assert asked_percent([30.33], [25.34]).round(6).tolist() == [1.197]
