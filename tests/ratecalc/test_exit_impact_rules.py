"""Exit-impact rules the hand-worked examples left open (found by the mutation run, issue #16).

Expected values are worked by hand from the model in ``ratecalc.exit_impact`` (DOMAIN.md
section 1.10): lost = V r / 12 a month, retained = V k q r / 12, backfill = V (1 - k) b r_b / 12
times the month's average ramp, admin = S / 12.
"""

from __future__ import annotations

import math
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

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

# --- inputs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("annual_visits", True, "annual_visits: expected a number of visits, got TRUE"),
    ("annual_visits", "100", "annual_visits: expected a number of visits, got '100'"),
    ("rate_per_visit", float("inf"), "rate_per_visit: expected a dollar amount, got inf"),
    ("rate_per_visit", -0.01,
     "rate_per_visit: expected a dollar amount from $0 to $1,000,000,000, got -0.01"),
    ("retained_collection", 1.01,
     "retained_collection: expected a share from 0% to 100% (0 to 1, 1.0 = 100%), got 1.01"),
    ("backfill_rate", -1.0,
     "backfill_rate: expected a dollar amount from $0 to $1,000,000,000, got -1"),
    ("ramp_months", -2, "ramp_months: expected months from 0 to 120, got -2"),
    ("ramp_months", 121, "ramp_months: expected months from 0 to 120, got 121"),
    ("admin_savings", -100.0,
     "admin_savings: expected a dollar amount from $0 to $1,000,000,000, got -100"),
    ("retention", float("nan"), "retention: expected a fraction, got nan"),
])
def test_each_assumption_is_checked_by_name(field, value, message):
    args = {"annual_visits": 100, "rate_per_visit": 90.0, field: value}
    with pytest.raises(InputError, match="^" + re.escape(message) + "$"):
        ExitParams(**args)


def test_bounds_are_inclusive():
    # 0 and 1 are valid fractions; 0 visits and $0 are valid amounts; numpy numbers are numbers
    p = ExitParams(annual_visits=np.int64(0), rate_per_visit=0.0, retention=1.0,
                   retained_collection=1, backfill=np.float64(0.0))
    assert p.retention == 1.0


# --- the ramp -----------------------------------------------------------------------------------

def test_ramp_months_earned_at_and_around_the_ramp():
    assert ramp_months_earned(6, 6) == pytest.approx(3.0)      # 6 - 6/2 = 6^2 / 12
    assert ramp_months_earned(7, 6) == pytest.approx(4.0)      # 7 - 3
    assert ramp_months_earned(5, 6) == pytest.approx(25 / 12)  # 5^2 / (2 x 6)
    assert ramp_months_earned(1, 0.5) == pytest.approx(0.75)   # 1 - 0.25
    assert ramp_months_earned(12, 0) == 12.0
    assert ramp_months_earned(12, -3) == 12.0                  # no ramp
    assert isinstance(ramp_months_earned(12, 0), float)


def test_monthly_ramp_factors_written_out():
    # 4-month ramp: full months earned by month end t: t^2/8 up to 4, then t - 2
    # 0.125, 0.5, 1.125, 2, 3, 4 -> per month 0.125, 0.375, 0.625, 0.875, 1, 1
    params = ExitParams(1200, 100.0, backfill=1.0, backfill_rate=120.0, ramp_months=4)
    schedule = monthly_schedule(params, months=6)
    full = 1200 * 120.0 / 12  # 12,000 a month at full ramp
    assert schedule["backfill"].tolist() == pytest.approx(
        [full * f for f in (0.125, 0.375, 0.625, 0.875, 1.0, 1.0)])
    assert schedule["month"].tolist() == [1, 2, 3, 4, 5, 6]
    assert schedule["month"].dtype.kind == "i"


def test_schedule_columns_and_default_length():
    # 600 visits at 80 (4,000 a month lost), 25% retained paying 40% (400 a month),
    # half the rest refilled at 60 at once (600 x 0.75 x 0.5 x 60 / 12 = 1,125), admin 2,400 a
    # year (200 a month): net 400 + 1,125 + 200 - 4,000 = -2,275 a month
    params = ExitParams(600, 80.0, retention=0.25, retained_collection=0.4, backfill=0.5,
                        backfill_rate=60.0, admin_savings=2400.0)
    schedule = monthly_schedule(params)
    assert schedule.columns.tolist() == ["month", "lost", "retained", "backfill",
                                         "admin_savings", "net", "cumulative_net"]
    assert len(schedule) == 24
    row = schedule.iloc[0]
    assert (row["lost"], row["retained"], row["backfill"], row["admin_savings"]) == \
        pytest.approx((4000, 400, 1125, 200))
    assert schedule["net"].tolist() == pytest.approx([-2275] * 24)
    assert schedule["cumulative_net"].iloc[-1] == pytest.approx(-2275 * 24)


# --- walk-away floor ----------------------------------------------------------------------------

def test_offer_exactly_at_the_floor_meets_it():
    # 100 x 1.25 = 125 exactly (binary-exact figures)
    w = walk_away_check(125.0, 100.0, 0.25)
    assert w.meets_floor and w.shortfall == 0.0
    assert (w.offered_rate, w.cost_per_visit, w.target_margin, w.floor) == (125.0, 100.0, 0.25,
                                                                            125.0)
    above = walk_away_check(130.0, 100.0, 0.25)
    assert above.meets_floor and above.shortfall == 0.0


def test_default_margin_is_ten_percent():
    assert walk_away_check(99.0, 90.0).floor == pytest.approx(99.0)


@pytest.mark.parametrize(("args", "message"), [
    ((-1.0, 90.0), "offered_rate: expected a dollar amount from $0 to $1,000,000,000, got -1"),
    ((95.0, "90"), "cost_per_visit: expected a dollar amount, got '90'"),
    ((95.0, 90.0, -0.5), "target_margin: expected a margin over cost from 0% to 100% "
     "(0 to 1, 1.0 = 100%), got -0.5"),
])
def test_walk_away_inputs_named(args, message):
    with pytest.raises(InputError, match="^" + re.escape(message) + "$"):
        walk_away_check(*args)


# --- exit_impact options ------------------------------------------------------------------------

PLAIN = ExitParams(1200, 100.0, backfill=0.5, backfill_rate=80.0)


def test_without_offer_cost_or_end_date_nothing_is_made_up():
    r = exit_impact(PLAIN)
    assert (r.offer_rate, r.exit_vs_offer_12m, r.exit_vs_offer_24m) == (None, None, None)
    assert r.walk_away is None and r.notice_deadline is None
    # 120,000 lost, 1,200 x 0.5 x 80 = 48,000 refilled a year: -72,000, -144,000
    assert (r.net_impact_12m, r.net_impact_24m) == pytest.approx((-72_000, -144_000))
    assert r.params is PLAIN


def test_walk_away_without_offer_checks_the_current_rate():
    # no offer: today's 100 against 92 x 1.10 = 101.20 -> 1.20 short; default margin 10%
    r = exit_impact(PLAIN, cost_per_visit=92.0)
    assert r.walk_away is not None
    assert r.walk_away.offered_rate == 100.0
    assert r.walk_away.shortfall == pytest.approx(1.20)
    r2 = exit_impact(PLAIN, offer_rate=110.0, cost_per_visit=92.0, target_margin=0.25)
    assert r2.walk_away is not None and r2.walk_away.floor == pytest.approx(115.0)
    assert r2.walk_away.offered_rate == 110.0


def test_exit_versus_a_final_offer_of_zero_and_default_notice():
    # an offer of 0: staying earns nothing, so leaving earns its 48,000 / 96,000
    r = exit_impact(PLAIN, offer_rate=0.0, end_date=date(2026, 6, 30), as_of=date(2026, 1, 5))
    assert (r.exit_vs_offer_12m, r.exit_vs_offer_24m) == pytest.approx((48_000, 96_000))
    assert r.offer_rate == 0.0
    assert r.notice_deadline == date(2026, 4, 1)  # 90 days: June 30 -> Wednesday April 1
    # 122 days: June 30 -> Saturday Feb 28 2026 (30 + 31 + 30 + 31 = 122 back to Feb 28),
    # moved back to Friday Feb 27
    assert exit_impact(PLAIN, end_date=date(2026, 6, 30), notice_days=122,
                       as_of=date(2026, 1, 5)).notice_deadline == date(2026, 2, 27)
    with pytest.raises(InputError, match=r"^offer_rate: expected a dollar amount from \$0 to "
                                         r"\$1,000,000,000, got "):
        exit_impact(PLAIN, offer_rate=-5.0)


# --- the data model -----------------------------------------------------------------------------

FEES = pd.DataFrame({
    "payer": ["A", "A", "B", "B", "C"], "code": ["97110", "97140", "97110", "97140", "97110"],
    "modifier": [""] * 5, "allowed_amount": [30.0, 28.0, 24.0, 22.0, 50.0],
    "effective_date": [date(2025, 1, 1)] * 5,
})
VOLUMES = pd.DataFrame({"payer": ["A", "A", "B", "B", "C"],
                        "code": ["97110", "97140", "97110", "97140", "97110"],
                        "units_per_year": [1000.0, 500.0, 2000.0, 1000.0, 100.0],
                        "visits": [600, 400, 1200, 900, None]})
AS_OF = date(2025, 6, 1)


def test_revenue_table_columns_and_a_payer_without_visits():
    # C: 100 x 50 = 5,000 a year, no visit count: visits and rate per visit unknown
    table = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF)
    assert table.columns.tolist() == ["payer", "annual_revenue", "units_per_year", "visits",
                                      "rate_per_visit", "year2_revenue", "year2_rate_per_visit",
                                      "problem", "unpriced", "no_medicare"]
    c = table.set_index("payer").loc["C"]
    assert c["annual_revenue"] == 5000.0 and c["units_per_year"] == 100.0
    # no contract, no escalator: the second year is the first
    assert c["year2_revenue"] == 5000.0
    assert math.isnan(c["visits"]) and math.isnan(c["rate_per_visit"])
    assert c["problem"] == ""
    a = table.set_index("payer").loc["A"]
    assert a["rate_per_visit"] == pytest.approx(44_000 / 600)
    no_column = annual_revenue_by_payer(FEES, VOLUMES.drop(columns="visits"), as_of=AS_OF)
    assert no_column["visits"].isna().all() and no_column["rate_per_visit"].isna().all()


def test_given_visits_override_the_estimate_unless_empty():
    # A given 500 visits -> 44,000 / 500 = 88; B given 0 and C NaN keep their estimates
    table = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF,
                                    visits={"A": 500, "B": 0, "C": float("nan")})
    t = table.set_index("payer")
    assert t.loc["A", "visits"] == 500 and t.loc["A", "rate_per_visit"] == pytest.approx(88.0)
    assert t.loc["B", "visits"] == 1200 and t.loc["B", "rate_per_visit"] == pytest.approx(
        70_000 / 1200)
    assert math.isnan(t.loc["C", "visits"])


def test_total_visits_spread_by_units_and_checked():
    # 4,600 clinic visits over 4,600 units: one visit a unit
    table = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF, total_visits=4600)
    assert table.set_index("payer")["visits"].to_dict() == pytest.approx(
        {"A": 1500, "B": 3000, "C": 100})
    with pytest.raises(InputError, match=r"^total_visits: expected a number of visits >= 0, "
                                         r"got -1$"):
        annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF, total_visits=-1)
    zero = VOLUMES.assign(units_per_year=0.0)
    spread = annual_revenue_by_payer(FEES, zero, as_of=AS_OF, total_visits=100)
    assert spread["visits"].isna().all()
    # units that cancel out (a correction row): no share to spread by, not infinities
    cancel = VOLUMES.assign(units_per_year=[5.0, 5.0, -5.0, -5.0, 0.0])  # A +10, B -10
    spread = annual_revenue_by_payer(FEES, cancel, as_of=AS_OF, total_visits=100)
    assert spread["visits"].isna().all()


def test_rates_given_replace_the_fee_schedules():
    # percent-of-Medicare pricing done elsewhere: A 97110 at 40, 97140 at 20; B has one rate
    # missing (NaN): a code B does not pay, which earns nothing (as on Priorities), named in
    # ``unpriced``; B's revenue is what it pays for 97110, 2,000 x 24 (it was NaN, and B's
    # exit estimate refused)
    rates = pd.DataFrame({"payer": ["A", "A", "B", "B", "C"],
                          "code": ["97110", "97140", "97110", "97140", "97110"],
                          "allowed_amount": [40.0, 20.0, 24.0, np.nan, 50.0]})
    t = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF, rates=rates).set_index("payer")
    assert t.loc["A", "annual_revenue"] == pytest.approx(1000 * 40 + 500 * 20)
    assert t.loc["B", "annual_revenue"] == pytest.approx(2000 * 24)
    assert (t.loc["B", "problem"], t.loc["B", "unpriced"]) == ("", "97140")


def test_a_payer_missing_from_the_rates_given_is_named_and_others_kept():
    # rates for A only: B and C have volumes but no rate at all -> their problems name every
    # code; A's figures stand (1000 x 40 + 500 x 20 = 50,000 over 600 visits)
    rates = pd.DataFrame({"payer": ["A", "A"], "code": ["97110", "97140"],
                          "allowed_amount": [40.0, 20.0]})
    t = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF, rates=rates).set_index("payer")
    assert t.loc["A", "annual_revenue"] == 50_000.0 and t.loc["A", "problem"] == ""
    assert t.loc["A", "rate_per_visit"] == pytest.approx(50_000 / 600)
    assert t.loc["B", "problem"] == ("fee_schedules: payer 'B' has no rate in force on "
                                     "2025-06-01 for code(s) 97110, 97140")
    assert t.loc["C", "problem"].endswith("for code(s) 97110")
    assert t.loc[["B", "C"], "annual_revenue"].isna().all()


def test_zero_visits_give_no_rate_per_visit():
    # C counted 0 visits: 5,000 / 0 is no figure (it was infinity), not a rate
    t = annual_revenue_by_payer(FEES, VOLUMES.assign(visits=[600, 400, 1200, 900, 0]),
                                as_of=AS_OF).set_index("payer")
    assert t.loc["C", "visits"] == 0 and math.isnan(t.loc["C", "rate_per_visit"])
    assert t.loc["B", "rate_per_visit"] == pytest.approx((2000 * 24 + 1000 * 22) / 1200)


def test_problem_lists_every_code_without_a_rate():
    early = VOLUMES.assign(payer="A")
    fees = FEES.assign(effective_date=date(2026, 1, 1))
    t = annual_revenue_by_payer(fees, early.iloc[:2], as_of=AS_OF)
    assert t["problem"].tolist() == ["fee_schedules: payer 'A' has no rate in force on "
                                     "2025-06-01 for code(s) 97110, 97140"]


def test_exit_params_from_a_precomputed_table_and_given_visits():
    revenue = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF)
    # the table is used as given: fee schedules and volumes are not read again
    params = exit_params_for_payer("A", FEES.iloc[0:0], VOLUMES.iloc[0:0], as_of=AS_OF,
                                   revenue=revenue, annual_visits=800, retention=0.1,
                                   retained_collection=0.5, backfill=0.4, ramp_months=3,
                                   admin_savings=1000.0)
    # A: 44,000 / 800 = 55; others with visits: B only (C has none): 70,000 / 1,200
    assert params.annual_visits == 800 and params.rate_per_visit == pytest.approx(55.0)
    assert params.backfill_rate == pytest.approx(70_000 / 1200)
    assert (params.retention, params.retained_collection, params.backfill, params.ramp_months,
            params.admin_savings) == (0.1, 0.5, 0.4, 3, 1000.0)


def test_exit_params_needs_a_visit_count_and_others_to_refill():
    # where to type it, not only the parameter's name ("give annual_visits" was all it said)
    with pytest.raises(InputError, match=r"^annual_visits: payer 'C' has no visit count in "
                                         r"volumes; give its visits a year \('Visits per year' "
                                         r"on the Payers & Contracts sheet, visits_per_year in "
                                         r"payers.csv\) or annual_visits$"):
        exit_params_for_payer("C", FEES, VOLUMES, as_of=AS_OF)
    with pytest.raises(InputError, match=r"^annual_visits: payer 'C' has no visit count"):
        exit_params_for_payer("C", FEES, VOLUMES, as_of=AS_OF, annual_visits=0)
    # alone in the tables: nobody to refill from, backfill rate 0
    alone = exit_params_for_payer("A", FEES, VOLUMES[VOLUMES["payer"] == "A"], as_of=AS_OF)
    assert alone.backfill_rate == 0.0 and alone.annual_visits == 600
    # a payer whose revenue is unknown (no rate for any of its codes; one code unpaid of two
    # is revenue known, the other's) does not count among the others
    rates = pd.DataFrame({"payer": ["A", "A", "B", "B"], "code": ["97110", "97140"] * 2,
                          "allowed_amount": [30.0, 28.0, np.nan, np.nan]})
    revenue = annual_revenue_by_payer(FEES, VOLUMES[VOLUMES["payer"] != "C"], as_of=AS_OF,
                                      rates=rates)
    params = exit_params_for_payer("A", FEES, VOLUMES, as_of=AS_OF, revenue=revenue)
    assert params.backfill_rate == 0.0
    with pytest.raises(UnknownCodeError, match=r"^fee_schedules: payer 'B' has no rate"):
        exit_params_for_payer("B", FEES, VOLUMES, as_of=AS_OF, revenue=revenue)


def test_payers_stay_in_the_order_of_the_volumes_table():
    volumes = VOLUMES.iloc[[4, 2, 3, 0, 1]]   # C, B, B, A, A
    table = annual_revenue_by_payer(FEES, volumes, as_of=AS_OF)
    assert table["payer"].tolist() == ["C", "B", "A"]
    assert table["annual_revenue"].tolist()[1:] == [70_000.0, 44_000.0]


# --- boundaries and defaults the first round left open (mutation re-run, issue #16) -------------

def test_number_names_what_it_expected_by_default():
    from ratecalc.exit_impact import _number
    with pytest.raises(InputError, match=r"^x: expected a number, got 'a'$"):
        _number("a", "x")
    with pytest.raises(InputError, match=r"^x: expected a number >= 0, got -1$"):
        _number(-1, "x")


def test_ramp_months_earned_refuses_a_negative_horizon_and_starts_at_zero():
    with pytest.raises(InputError, match=r"^months: expected a number of months >= 0, got -1$"):
        ramp_months_earned(-1, 0)
    assert ramp_months_earned(0, 0) == 0.0       # nothing earned before the exit
    assert ramp_months_earned(0.5, 0) == 0.5     # no ramp: every month counts in full
    assert ramp_months_earned(0, 4) == 0.0       # 0^2 / 8


def test_a_one_month_ramp_halves_the_first_month():
    # R = 1: earned by the end of month 1 = 1^2 / 2 = 0.5, then t - 0.5: factors 0.5, 1, 1
    params = ExitParams(1200, 100.0, backfill=1.0, backfill_rate=120.0, ramp_months=1)
    schedule = monthly_schedule(params, months=3)
    assert schedule["backfill"].tolist() == pytest.approx([6000.0, 12000.0, 12000.0])


def test_schedule_money_columns_are_float():
    # an object column (a 0-d array broadcast) would break rounding and writing downstream
    for ramp in (0, 2):
        params = ExitParams(600, 80.0, retention=0.25, retained_collection=0.4, backfill=0.5,
                            backfill_rate=60.0, ramp_months=ramp, admin_savings=2400.0)
        schedule = monthly_schedule(params, months=3)
        for column in ("lost", "retained", "backfill", "admin_savings", "net",
                       "cumulative_net"):
            assert schedule[column].dtype == np.float64, column
            assert len(schedule[column]) == 3


def test_empty_volumes_give_an_empty_table_with_every_column():
    table = annual_revenue_by_payer(FEES, VOLUMES.iloc[0:0], as_of=AS_OF)
    assert table.empty
    assert table.columns.tolist() == ["payer", "annual_revenue", "units_per_year", "visits",
                                      "rate_per_visit", "year2_revenue", "year2_rate_per_visit",
                                      "problem", "unpriced", "no_medicare"]


def test_total_visits_spread_over_a_single_unit():
    # one payer, one unit a year: all 10 visits are that payer's (10 x 1 / 1); 30 / 10 = 3
    volumes = pd.DataFrame({"payer": ["A"], "code": ["97110"], "units_per_year": [1.0]})
    table = annual_revenue_by_payer(FEES, volumes, as_of=AS_OF, total_visits=10)
    assert table["visits"].tolist() == [10.0]
    assert table["rate_per_visit"].tolist() == pytest.approx([3.0])
    half = annual_revenue_by_payer(FEES, volumes.assign(units_per_year=0.5), as_of=AS_OF,
                                   total_visits=10)
    assert half["visits"].tolist() == [10.0]


def test_a_given_single_visit_overrides_the_estimate():
    # A given 1 visit a year: 44,000 / 1; B given half a visit: 70,000 / 0.5
    table = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF, visits={"A": 1, "B": 0.5})
    t = table.set_index("payer")
    assert t.loc["A", "visits"] == 1.0 and t.loc["A", "rate_per_visit"] == 44_000.0
    assert t.loc["B", "visits"] == 0.5 and t.loc["B", "rate_per_visit"] == 140_000.0


def test_exit_params_defaults_assume_no_retention_backfill_ramp_or_savings():
    params = exit_params_for_payer("A", FEES, VOLUMES, as_of=AS_OF)
    # A: 44,000 / 600 visits; others: B 70,000 / 1,200 (C has no visit count)
    assert params.annual_visits == 600
    assert params.rate_per_visit == pytest.approx(44_000 / 600)
    assert params.backfill_rate == pytest.approx(70_000 / 1200)
    assert (params.retention, params.retained_collection, params.backfill, params.ramp_months,
            params.admin_savings) == (0.0, 0.0, 0.0, 0.0, 0.0)


def test_exit_params_accept_a_single_visit():
    params = exit_params_for_payer("A", FEES, VOLUMES, as_of=AS_OF, annual_visits=1)
    assert params.annual_visits == 1 and params.rate_per_visit == 44_000.0


def test_backfill_pools_only_payers_with_visits():
    # B given 1 visit: pooled with the others (70,000 / 1); a payer with 0 visits is left out
    revenue = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF, visits={"B": 1})
    assert exit_params_for_payer("A", FEES, VOLUMES, as_of=AS_OF,
                                 revenue=revenue).backfill_rate == 70_000.0
    # C counted 0 visits in volumes: its 5,000 stays out of the pool (B alone: 70,000 / 1,200)
    zero = VOLUMES.assign(visits=[600, 400, 1200, 900, 0])
    params = exit_params_for_payer("A", FEES, zero, as_of=AS_OF)
    assert params.backfill_rate == pytest.approx(70_000 / 1200)


def test_a_payer_with_visits_and_no_units_has_no_rate_per_visit_not_zero_dollars():
    # A's units all 0, its 600 visits kept (the Payers table counts them): its revenue of
    # $0.00 over 600 visits was "$0.00 a visit", revenue at risk $0.00 and a walk-away check
    # "$0.00 a visit is below the floor"; as another payer, it pulled the backfill rate down
    volumes = VOLUMES.assign(units_per_year=VOLUMES["units_per_year"].where(
        VOLUMES["payer"] != "A", 0))
    with pytest.raises(InputError, match=r"^volumes: payer 'A' has no units a year \(each "
                                         r"row's units_per_year is 0\), so no revenue per visit"):
        exit_params_for_payer("A", FEES, volumes, as_of=AS_OF)
    given = exit_params_for_payer("A", FEES, volumes, as_of=AS_OF, rate_per_visit=55.0)
    assert given.rate_per_visit == 55.0 and given.annual_visits == 600
    # B refilled from the others with revenue: C has no visits, A no units: none
    assert exit_params_for_payer("B", FEES, volumes, as_of=AS_OF).backfill_rate == 0.0
