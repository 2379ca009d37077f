"""The clinic's own rates on the proposal (apply_requested) and the per-payer summary of them.
Expected figures are worked by hand in the comments."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ratecalc.proposal import BELOW_MEDICARE_TOLERANCE, apply_requested, proposal_summary


def _proposal() -> pd.DataFrame:
    # What build_proposal hands over: one row per payer and code.
    return pd.DataFrame({
        "payer": ["Acme Health", "Acme Health", "Blue Plan"],
        "code": ["97110", "G0283", "97110"],
        "units_per_year": [100.0, 40.0, 10.0],
        "current_rate": [20.00, 10.00, 40.00],
        "medicare_amount": [25.00, 12.00, 25.00],
        "proposed_rate": [23.00, 10.50, 42.00],
        "increase": [3.00, 0.50, 2.00],
        "increase_pct": [0.15, 0.05, 0.05],
        "annual_impact": [300.00, 20.00, 20.00],
        "proposed_pct_of_medicare": [0.92, 0.875, 1.68],  # 23 / 25, 10.50 / 12, 42 / 25
        "rate_basis": ["fixed"] * 3,
    })


def test_the_clinics_rate_replaces_the_proposed_one_and_moves_every_figure():
    # payer matched without regard to case or spaces, code without regard to case
    out = apply_requested(_proposal(), {(" ACME health ", "g0283"): 11.40})
    assert out["override_rate"].isna().tolist() == [True, False, True]
    assert out.loc[1, "override_rate"] == 11.40
    assert out["requested_rate"].tolist() == [23.00, 11.40, 42.00]
    assert out["requested_rate"].dtype == float
    # G0283: 11.40 - 10.00 = 1.40 a unit, 14% up, 1.40 x 40 = 56.00 a year, 11.40 / 12 = 95%
    assert out["increase"].round(2).tolist() == [3.00, 1.40, 2.00]
    assert out["increase_pct"].round(4).tolist() == [0.15, 0.14, 0.05]
    assert out["annual_impact"].tolist() == [300.00, 56.00, 20.00]
    assert out["requested_pct_of_medicare"].round(4).tolist() == [0.92, 0.95, 1.68]
    # 11.40 < 12.00 Medicare: below; 23.00 < 25.00: below; 42.00: not
    assert out["below_medicare"].tolist() == [True, True, False]
    # the proposal itself is left as it was
    assert _proposal().equals(apply_requested(_proposal(), {})[_proposal().columns])


def test_no_rates_typed_keeps_the_proposed_rates():
    for requested in (None, {}):
        out = apply_requested(_proposal(), requested)
        assert out["override_rate"].isna().all()
        assert out["override_rate"].dtype == float  # NaN where none, as documented (not None)
        assert out["requested_rate"].tolist() == [23.00, 10.50, 42.00]
        assert out["annual_impact"].tolist() == [300.00, 20.00, 20.00]


def test_a_rate_for_another_payer_or_code_changes_nothing():
    out = apply_requested(_proposal(), {("Acme Health", "97140"): 99.0,
                                        ("Other", "97110"): 99.0})
    assert out["requested_rate"].tolist() == [23.00, 10.50, 42.00]


def test_a_cut_is_a_negative_impact():
    out = apply_requested(_proposal(), {("Blue Plan", "97110"): 38.00})
    # 38.00 - 40.00 = -2.00 a unit, -5%, x 10 = -20.00 a year
    assert out.loc[2, "increase"] == -2.00
    assert out.loc[2, "increase_pct"] == pytest.approx(-0.05)
    assert out.loc[2, "annual_impact"] == -20.00


@pytest.mark.parametrize(("rate", "below"), [
    (24.99, True),      # a cent under Medicare's 25.00
    (24.995, False),    # half a cent under: within the tolerance
    (24.9951, False),
    (24.9949, True),    # just past half a cent under
    (25.00, False),
])
def test_below_medicare_allows_half_a_cent(rate, below):
    assert BELOW_MEDICARE_TOLERANCE == 0.005
    out = apply_requested(_proposal(), {("Acme Health", "97110"): rate})
    assert bool(out.loc[0, "below_medicare"]) is below


def test_no_medicare_amount_is_not_below_medicare():
    p = _proposal()
    p.loc[0, "medicare_amount"] = np.nan
    out = apply_requested(p, {("Acme Health", "97110"): 1.00})
    assert not out.loc[0, "below_medicare"]
    assert math.isnan(out.loc[0, "requested_pct_of_medicare"])


def test_summary_uses_the_clinics_rate_where_typed():
    out = apply_requested(_proposal(), {("Acme Health", "G0283"): 11.40})
    s = proposal_summary(out)
    assert list(s.columns) == ["payer", "units_with_rate", "new_term_revenue", "proposed_revenue",
                               "annual_impact", "impact_pct"]
    acme = s[s["payer"] == "Acme Health"].iloc[0]
    # current 20 x 100 + 10 x 40 = 2,400; asked 23 x 100 + 11.40 x 40 = 2,756; impact 356
    assert acme["new_term_revenue"] == 2400.00
    assert acme["proposed_revenue"] == pytest.approx(2756.00)
    assert acme["annual_impact"] == pytest.approx(356.00)
    # without the clinic's rates, the proposed ones: 2,300 + 420 = 2,720
    plain = proposal_summary(_proposal())
    assert plain.loc[plain["payer"] == "Acme Health", "proposed_revenue"].item() == \
        pytest.approx(2720.00)
