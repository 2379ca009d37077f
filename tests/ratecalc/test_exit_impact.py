"""Leaving a payer: hand-worked net impact, walk-away floor, invariants."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError, UnknownCodeError
from ratecalc.exit_impact import (
    ExitParams,
    annual_revenue_by_payer,
    exit_impact,
    exit_params_for_payer,
    monthly_schedule,
    ramp_months_earned,
    walk_away_check,
)
from ratecalc.timeline import renewal_timeline, termination_effective_date

EXAMPLE = ExitParams(annual_visits=1500, rate_per_visit=95.0, retention=0.2,
                     retained_collection=0.6, backfill=0.7, backfill_rate=105.0, ramp_months=6,
                     admin_savings=4000.0)


def test_hand_worked_exit():
    # revenue at risk: 1,500 x 95 = 142,500 a year
    # retained: 1,500 x 0.2 x 0.6 x 95 = 17,100 a year
    # backfill at full ramp: 1,500 x (1 - 0.2) x 0.7 x 105 = 88,200 a year
    # a 6-month linear ramp earns 12 - 6/2 = 9 full months in the first 12, 21 in 24
    # 12 months: 17,100 + 88,200 x 9/12 + 4,000 - 142,500 = 17,100 + 66,150 + 4,000 - 142,500
    #          = -55,250
    # 24 months: 34,200 + 88,200 x 21/12 + 8,000 - 285,000 = 34,200 + 154,350 + 8,000 - 285,000
    #          = -88,450
    r = exit_impact(EXAMPLE)
    assert r.revenue_at_risk == pytest.approx(142_500)
    assert r.retained_revenue == pytest.approx(17_100)
    assert r.backfill_revenue == pytest.approx(88_200)
    assert r.net_impact_12m == pytest.approx(-55_250)
    assert r.net_impact_24m == pytest.approx(-88_450)
    assert r.monthly["cumulative_net"].iloc[11] == pytest.approx(-55_250)
    # month 1 of the ramp earns the average of 0..1/6: 1/12 of a month's 7,350
    assert r.monthly["backfill"].iloc[0] == pytest.approx(88_200 / 12 / 12)


def test_against_the_final_offer_and_floor():
    # staying at the final offer of 98: 1,500 x 98 = 147,000 in 12 months, 294,000 in 24
    # leaving earns 17,100 + 66,150 + 4,000 = 87,250 in 12 months -> 87,250 - 147,000 = -59,750
    #            and 34,200 + 154,350 + 8,000 = 196,550 in 24 -> 196,550 - 294,000 = -97,450
    # floor: 82 x 1.10 = 90.20; 98 meets it
    r = exit_impact(EXAMPLE, offer_rate=98.0, cost_per_visit=82.0, target_margin=0.10,
                    end_date=date(2026, 6, 30), notice_days=90, as_of=date(2026, 1, 5))
    assert r.exit_vs_offer_12m == pytest.approx(-59_750)
    assert r.exit_vs_offer_24m == pytest.approx(-97_450)
    assert r.walk_away is not None and r.walk_away.meets_floor
    assert r.walk_away.floor == pytest.approx(90.20)
    assert r.notice_deadline == date(2026, 4, 1)  # June 30 - 90 days = Wednesday, April 1
    assert (r.deadline_note, r.exit_date) == ("", date(2026, 6, 30))  # in time: the term's end


def test_walk_away_shortfall():
    # floor 82 x 1.10 = 90.20; an offer of 88 is 2.20 short
    w = walk_away_check(88.0, 82.0, 0.10)
    assert not w.meets_floor
    assert w.shortfall == pytest.approx(2.20)


def test_ramp_longer_than_the_horizon():
    # 30-month ramp, 12 months: 12^2 / (2 x 30) = 2.4 full months
    assert ramp_months_earned(12, 30) == pytest.approx(2.4)
    params = ExitParams(1200, 100.0, backfill=1.0, backfill_rate=100.0, ramp_months=30)
    # lost 120,000; backfill 120,000 x 2.4 / 12 = 24,000 -> -96,000
    assert exit_impact(params).net_impact_12m == pytest.approx(-96_000)
    schedule = monthly_schedule(params)
    assert schedule["backfill"].sum() == pytest.approx(120_000 * (24**2 / 60) / 12)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("annual_visits", -5, r"annual_visits: expected visits a year from 0 to 100,000,000, got -5"),
    ("retention", 1.5, r"retention: expected a share from 0% to 100% \(0 to 1, 1\.0 = 100%\), "
     r"got 1.5"),
    ("backfill", -0.1, r"backfill: expected a share from 0% to 100% \(0 to 1, 1\.0 = 100%\), "
     r"got -0.1"),
    ("retained_collection", 85, r"retained_collection: expected a share from 0% to 100% "
     r"\(0 to 1, 1\.0 = 100%\), got 85"),
    ("rate_per_visit", float("nan"), r"rate_per_visit: expected a dollar amount, got nan"),
])
def test_bad_input_names_the_argument(field, value, message):
    args = {"annual_visits": 100, "rate_per_visit": 90.0, field: value}
    with pytest.raises(InputError, match=message):
        ExitParams(**args)


@settings(max_examples=80, deadline=None)
@given(visits=st.floats(min_value=0, max_value=1e5), rate=st.floats(min_value=0, max_value=1e3),
       retention=st.floats(min_value=0, max_value=1))
def test_full_backfill_at_the_same_rate_loses_nothing(visits, rate, retention):
    # Retained patients pay in full and everyone else's slot is refilled at the same rate at once.
    params = ExitParams(visits, rate, retention=retention, retained_collection=1.0, backfill=1.0,
                        backfill_rate=rate)
    r = exit_impact(params)
    scale = max(1.0, visits * rate)
    assert abs(r.net_impact_12m) <= 1e-9 * scale
    assert abs(r.net_impact_24m) <= 1e-9 * scale


@settings(max_examples=50, deadline=None)
@given(backfill=st.floats(min_value=0, max_value=1), more=st.floats(min_value=0, max_value=1),
       ramp=st.floats(min_value=0, max_value=36))
def test_more_backfill_never_hurts(backfill, more, ramp):
    low = exit_impact(ExitParams(1000, 100.0, backfill=backfill * more, backfill_rate=90.0,
                                 ramp_months=ramp))
    high = exit_impact(ExitParams(1000, 100.0, backfill=backfill, backfill_rate=90.0,
                                  ramp_months=ramp))
    assert high.net_impact_24m >= low.net_impact_24m - 1e-6


FEES = pd.DataFrame({
    "payer": ["A", "A", "B", "B"], "code": ["97110", "97140", "97110", "97140"],
    "modifier": ["", "", "", ""], "allowed_amount": [30.0, 28.0, 24.0, 22.0],
    "effective_date": [date(2025, 1, 1)] * 4,
})
VOLUMES = pd.DataFrame({"payer": ["A", "A", "B", "B"], "code": ["97110", "97140", "97110", "97140"],
                        "units_per_year": [1000.0, 500.0, 2000.0, 1000.0],
                        "visits": [600, 400, 1200, 900]})


def test_revenue_by_payer_from_the_tables():
    # A: 1,000 x 30 + 500 x 28 = 44,000; B: 2,000 x 24 + 1,000 x 22 = 70,000
    # visits without a clinic total: the largest per-code count (600, 1,200)
    table = annual_revenue_by_payer(FEES, VOLUMES, as_of=date(2025, 6, 1)).set_index("payer")
    assert table["annual_revenue"].to_dict() == {"A": 44_000, "B": 70_000}
    assert table["visits"].to_dict() == {"A": 600, "B": 1200}
    # with 3,000 clinic visits spread by units: A 1,500 / 4,500 -> 1,000; B 2,000
    spread = annual_revenue_by_payer(FEES, VOLUMES, as_of=date(2025, 6, 1),
                                     total_visits=3000).set_index("payer")
    assert spread["visits"].to_dict() == pytest.approx({"A": 1000, "B": 2000})
    assert spread.loc["A", "rate_per_visit"] == pytest.approx(44.0)


def test_exit_params_for_a_payer():
    # leaving A: 1,000 visits at 44.00; backfill rate = B's 70,000 / 2,000 = 35.00
    params = exit_params_for_payer("A", FEES, VOLUMES, as_of=date(2025, 6, 1), backfill=0.5,
                                   total_visits=3000)
    assert params.annual_visits == pytest.approx(1000)
    assert params.rate_per_visit == pytest.approx(44.0)
    assert params.backfill_rate == pytest.approx(35.0)
    with pytest.raises(UnknownCodeError, match="no rows for payer 'Z'"):
        exit_params_for_payer("Z", FEES, VOLUMES, as_of=date(2025, 6, 1))
    # a payer without rates gets its reason, not an exception that blanks every payer
    early = annual_revenue_by_payer(FEES, VOLUMES, as_of=date(2024, 6, 1)).set_index("payer")
    assert "payer 'A' has no rate in force on 2024-06-01" in early.loc["A", "problem"]
    with pytest.raises(UnknownCodeError, match=r"payer 'A' has no rate in force on 2024-06-01"):
        exit_params_for_payer("A", FEES, VOLUMES, as_of=date(2024, 6, 1))


@pytest.mark.parametrize(("auto", "exit_on", "then"), [
    (True, date(2027, 6, 30), "the contract renews on 2026-07-01 for another term"),
    (False, date(2026, 6, 30), "the contract ends on 2026-06-30 unless both sides renew it"),
])
def test_a_passed_notice_deadline_is_said_and_moves_the_exit(auto, exit_on, then):
    """Notice due 2026-04-01 for a term ending 2026-06-30, asked on 2026-04-06: the deadline is
    said to have passed in the Timeline's words, and notice given then ends the renewed term
    (auto-renewing) or the term itself (it lapses anyway), as the termination letter says."""
    r = exit_impact(EXAMPLE, end_date=date(2026, 6, 30), notice_days=90, auto_renew=auto,
                    as_of=date(2026, 4, 6))
    assert r.notice_deadline == date(2026, 4, 1)
    # the renewed term ends 2027-06-30; 90 days before it is 2027-04-01, a Thursday
    assert r.deadline_note == f"notice deadline 2026-04-01 passed 5 days ago; {then}" + (
        ": ask for a rate amendment; the renewed term's notice deadline is 2027-04-01 (90 days "
        "before it ends 2027-06-30)" if auto else "")
    assert r.exit_date == exit_on
    t = renewal_timeline(date(2026, 6, 30), auto_renew=auto, as_of=date(2026, 4, 6))
    assert r.exit_date == termination_effective_date(t, date(2026, 4, 6))[0]
    # the Timeline's words: its first warning, and the renewed term's deadline after it
    assert r.deadline_note == "; ".join(t.warnings[:2] if auto else t.warnings[:1])
