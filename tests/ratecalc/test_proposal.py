"""The proposal builder: hand-worked asks, the floor, and the never-lower property."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.proposal import (
    ProposalPolicy,
    apply_requested,
    build_proposal,
    proposal_summary,
    proposed_rate,
    walk_away_floor_ratio,
)
from tests.strategies import rates


@pytest.mark.parametrize(("current", "market", "floor", "expected", "why"), [
    # 26.83 x 1.15 = 30.8545: market (31.50) is beyond the cap; cap rounds down -> 30.85
    (26.83, 31.50, 0.0, 30.85, "capped"),
    # 30.00 x 1.05 = 31.50 > market 31.00: the minimum increase applies
    (30.00, 31.00, 0.0, 31.50, "minimum"),
    # 30.00 -> 32.00 is +6.67%, inside 5-15%: ask the market rate
    (30.00, 32.00, 0.0, 32.00, "market"),
    # no benchmark: minimum increase, 26.83 x 1.05 = 28.1715 -> rounded up to 28.18
    (26.83, np.nan, 0.0, 28.18, "no benchmark"),
    # current above market: still the minimum increase, never a cut
    (40.00, 32.00, 0.0, 42.00, "above market"),
    # floor 35.404 beats the cap (30.8545): ask the floor, rounded up -> 35.41
    (26.83, 31.50, 35.404, 35.41, "floor"),
])
def test_proposed_rate_hand_worked(current, market, floor, expected, why):
    assert proposed_rate(current, market, 0.05, 0.15, floor) == expected, why


def test_policy_rejects_min_above_max():
    with pytest.raises(InputError, match=r"min_increase must be from 0 to max_increase"):
        ProposalPolicy(min_increase=0.2, max_increase=0.1)


def test_floor_ratio_hand_worked():
    # cost 82.00 per visit, 10% margin, Medicare pays 100.00 per typical visit:
    # 82 x 1.10 / 100 = 0.902 of Medicare
    assert walk_away_floor_ratio(82.0, 0.10, 100.0) == pytest.approx(0.902)
    assert walk_away_floor_ratio(None, 0.10, 100.0) == 0.0


def test_build_proposal_and_summary_hand_worked():
    comparison = pd.DataFrame({
        "payer": ["A", "A"], "code": ["97110", "97140"],
        "allowed_amount": [26.83, 30.00], "units_per_year": [1000.0, 200.0],
        "benchmark": [31.50, 32.00], "medicare_amount": [26.83, 25.34],
    })
    p = build_proposal(comparison, ProposalPolicy())
    # 97110: 30.85 (cap), +4.02 x 1000 = 4,020.00; 97140: 32.00 (market), +2.00 x 200 = 400.00
    assert p["proposed_rate"].tolist() == [30.85, 32.00]
    assert p["annual_impact"].round(2).tolist() == [4020.00, 400.00]
    s = proposal_summary(p).iloc[0]
    # current revenue 26,830 + 6,000 = 32,830; impact 4,420 -> 13.46%
    assert s["new_term_revenue"] == pytest.approx(32830.0)
    assert s["annual_impact"] == pytest.approx(4420.0)
    assert s["impact_pct"] == pytest.approx(4420 / 32830)
    assert p["reason"].tolist() == ["far below market: capped at the maximum increase",
                                    "below market: asks the market rate"]


@given(rates, st.one_of(rates, st.just(float("nan"))),
       st.floats(0, 0.2), st.floats(0, 0.5), st.one_of(st.just(0.0), rates))
def test_property_never_lowers_and_respects_floor(current, market, lo, extra, floor):
    hi = lo + extra
    r = proposed_rate(current, market, lo, hi, floor)
    assert r >= current
    assert r >= round(floor, 2) - 1e-9
    assert r >= round(current * (1 + lo), 2) - 1e-9  # the minimum increase holds to the cent
    if floor <= current * (1 + hi):
        # the cap holds unless the floor is above it; when min == max and the bound falls on a
        # half cent, the minimum wins by that cent
        assert r <= np.ceil(round(current * (1 + hi) * 100, 6)) / 100 + 1e-9


def test_no_percentage_of_a_zero_current_rate():
    # A code the payer pays $0.00 for, where the clinic asks $31.50: the ask is a dollar
    # figure, its increase has no percentage (the workbook's native formula shows "" there),
    # never infinity; nor has the payer's impact when its current revenue is $0.
    comparison = pd.DataFrame({
        "payer": ["A", "A", "B"], "code": ["97110", "97140", "97110"],
        "allowed_amount": [0.0, 30.00, 0.0], "units_per_year": [100.0, 200.0, 100.0],
        "benchmark": [31.50, 32.00, 31.50], "medicare_amount": [26.83, 25.34, 26.83],
    })
    p = apply_requested(build_proposal(comparison, ProposalPolicy()),
                        {("A", "97110"): 31.50, ("B", "97110"): 31.50})
    assert p["increase"].tolist() == [31.50, 2.00, 31.50]
    assert np.isnan(p["increase_pct"].iloc[0])
    assert p["increase_pct"].iloc[1] == pytest.approx(2.00 / 30.00)
    summary = proposal_summary(p).set_index("payer")
    # A: 3,150 + 400 on 6,000 now; B: 3,150 on nothing
    assert summary.loc["A", "impact_pct"] == pytest.approx(3550 / 6000)
    assert np.isnan(summary.loc["B", "impact_pct"])
