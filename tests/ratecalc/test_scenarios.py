"""Fixed-dollar vs percent-of-Medicare projections: hand-worked examples and invariants."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError, UnknownCodeError
from ratecalc.limits import PCT_OF_MEDICARE_RANGE
from ratecalc.medicare import conversion_factors
from ratecalc.money import round_cents
from ratecalc.rates import contract_rate, escalated_rate
from ratecalc.scenarios import (
    STRESS_CF_CHANGE,
    better_contract,
    cf_path_changes,
    changes_from_index,
    compare_paths,
    equivalent_pct_of_medicare,
    historical_cf_change,
    payer_lines,
    payer_scenario,
    project_scenario,
    representative_factors,
    single_code_lines,
    yearly_changes,
)
from tests.strategies import rates

LINES = pd.DataFrame({"code": ["97110"], "units_per_year": [1000.0], "fixed_rate": [30.0],
                      "medicare_amount": [25.0]})


def test_hand_worked_three_years_with_cut_and_escalator():
    # 1,000 units; fixed $30 with a 5% escalator; 120% of a $25 Medicare amount; CF -10% a year.
    # fixed: the rate raised by 5% on each anniversary, in cents each year (rates' rule):
    #   $30.00 | $30.00 x 1.05 = $31.50 | $31.50 x 1.05 = $33.075 -> $33.08 (half-up)
    #   30,000 | 31,500 | 33,080                                             -> 94,580
    #   (30,000 x 1.1025 = 33,075 was year 1's revenue x the escalator's index, not a rate paid)
    # percent: 1.2 x 25 x 1,000 = 30,000 | 1.2 x 22.50 = 27.00 -> 27,000 |
    #   1.2 x 20.25 = 24.30 -> 24,300                                        -> 81,300
    # difference 94,580 - 81,300 = 13,280 (fixed pays more)
    # break-even: 94,580 / (25,000 x (1 + 0.9 + 0.81)) = 94,580 / 67,750 = 1.39601...
    r = project_scenario(LINES, pct_of_medicare=1.2, years=3, cf_changes=-0.10, escalator=0.05)
    assert r.years_table["fixed_revenue"].tolist() == pytest.approx([30_000, 31_500, 33_080])
    assert r.years_table["pct_revenue"].tolist() == pytest.approx([30_000, 27_000, 24_300])
    assert r.years_table["fixed_cumulative"].iloc[-1] == pytest.approx(94_580)
    assert r.fixed_total == pytest.approx(94_580)
    assert r.pct_total == pytest.approx(81_300)
    assert r.difference == pytest.approx(13_280)
    assert r.break_even_pct_of_medicare == pytest.approx(94_580 / 67_750)
    assert r.better == "fixed"
    assert r.years_table["cf_change"].tolist() == pytest.approx([0.0, -0.10, -0.10])


def test_discounted_break_even_written_out():
    # Same contract, discounted at 10% a year, end of year:
    # fixed PV    = 30,000/1.1 + 31,500/1.21 + 33,080/1.331 (year 3 at $33.08, in cents)
    # Medicare PV = 25,000/1.1 + 22,500/1.21 + 20,250/1.331 (100% of Medicare)
    fixed_pv = 30_000 / 1.1 + 31_500 / 1.21 + 33_080 / 1.331
    medicare_pv = 25_000 / 1.1 + 22_500 / 1.21 + 20_250 / 1.331
    r = project_scenario(LINES, pct_of_medicare=1.2, years=3, cf_changes=-0.10, escalator=0.05,
                         discount_rate=0.10)
    assert r.fixed_present_value == pytest.approx(fixed_pv)
    assert r.pct_present_value == pytest.approx(1.2 * medicare_pv)
    assert r.break_even_pct_of_medicare == pytest.approx(fixed_pv / medicare_pv)
    assert r.fixed_total == pytest.approx(94_580)  # totals stay nominal


def test_two_codes_with_a_custom_path():
    # 97110: 1,000 units, fixed 30, Medicare 25; 97140: 500 units, fixed 28, Medicare 24.
    # fixed per year 30,000 + 14,000 = 44,000; Medicare per year 25,000 + 12,000 = 37,000.
    # 110% of Medicare, changes into years 2 and 3: +2%, -3% (Medicare index 1, 1.02, 0.9894),
    # each code paid 110% of its Medicare amount that year, in cents:
    #   97110: 1.1 x 25 = 27.50 | 1.1 x 25.50 = 28.05 | 1.1 x 24.735 = 27.2085 -> 27.21
    #   97140: 1.1 x 24 = 26.40 | 1.1 x 24.48 = 26.928 -> 26.93 | 1.1 x 23.7456 = 26.12016 -> 26.12
    #   27,500 + 13,200 = 40,700 | 28,050 + 13,465 = 41,515 | 27,210 + 13,060 = 40,270
    #   (40,700 x 1.02 = 41,514 and x 0.9894 = 40,268.58 were not what the codes are paid)
    lines = pd.DataFrame({"code": ["97110", "97140"], "units_per_year": [1000, 500],
                          "fixed_rate": [30.0, 28.0], "medicare_amount": [25.0, 24.0]})
    r = project_scenario(lines, pct_of_medicare=1.1, years=3, cf_changes=[0.02, -0.03])
    assert r.years_table["pct_revenue"].tolist() == pytest.approx([40_700, 41_515, 40_270])
    assert r.fixed_total == pytest.approx(132_000)
    assert r.by_code["fixed_total"].tolist() == pytest.approx([90_000, 42_000])
    assert r.by_code["pct_total"].tolist() == pytest.approx([82_760, 39_725])


def test_single_change_repeats_and_wrong_count_is_refused():
    assert yearly_changes(-0.028, 5).tolist() == [-0.028] * 4
    assert yearly_changes([0.01, 0.02], 3).tolist() == [0.01, 0.02]
    with pytest.raises(InputError, match=r"cf_change: expected one change, used for every year, "
                                         r"or 4 "
                                         r"changes .* got 5"):
        yearly_changes([0.0] * 5, 5)
    # -1 may be -100% or -1%: both are said (it had no hint)
    with pytest.raises(InputError, match=r"escalator: expected a yearly escalator from -50% to "
                                         r"50% \(-0\.5 to 0\.5, 1\.0 = 100%\), got -1 "
                                         r"\(-100%\); for -1% write -0\.01$"):
        yearly_changes(-1.0, 3, "escalator")
    with pytest.raises(InputError, match=r"cf_change: expected a yearly change from -50% to "
                                         r"50% \(-0\.5 to 0\.5, 1\.0 = 100%\), got -1 "
                                         r"\(-100%\); for -1% write -0\.01$"):
        yearly_changes(-1.0, 3)


def test_presets():
    assert cf_path_changes("flat", 3).tolist() == [0.0, 0.0]
    assert cf_path_changes("stress", 3).tolist() == [STRESS_CF_CHANGE] * 2
    assert pytest.approx(32.3465 / 33.2875 - 1, abs=0.0005) == STRESS_CF_CHANGE
    assert cf_path_changes("historical", 2, historical_change=-0.01).tolist() == [-0.01]
    with pytest.raises(InputError, match="cf_path: expected one of"):
        cf_path_changes("doom", 3)
    with pytest.raises(InputError, match="cf_path custom: needs"):
        cf_path_changes("custom", 3)


def test_escalator_from_an_index():
    # CPI 100 -> 103 -> 105.06: +3%, then +2%
    assert changes_from_index([100.0, 103.0, 105.06]) == pytest.approx((0.03, 0.02))
    with pytest.raises(InputError, match="index levels"):
        changes_from_index([100.0])


SYNTHETIC_FACTORS = pd.DataFrame({
    "year": [2020, 2021, 2021, 2022, 2022],
    "effective_from": [date(2020, 1, 1), date(2021, 1, 1), date(2021, 3, 2), date(2022, 1, 1),
                       date(2022, 1, 1)],
    "effective_to": [date(2020, 12, 31), date(2021, 3, 1), date(2021, 12, 31),
                     date(2022, 12, 31), date(2022, 12, 31)],
    "conversion_factor": [30.0, 36.5, 29.2, 33.0, 34.0],
    "apm_qualifying": [False, False, False, False, True],
})


def test_representative_factor_of_a_year_with_two():
    # 2021: 36.5 for Jan 1 - Mar 1 (31 + 28 + 1 = 60 days), 29.2 for the other 305 days.
    # day-weighted: (60 x 36.5 + 305 x 29.2) / 365 = (2,190 + 8,906) / 365 = 30.4
    weighted = representative_factors(SYNTHETIC_FACTORS)
    assert weighted[2021] == pytest.approx(30.4)
    assert representative_factors(SYNTHETIC_FACTORS, rule="jan1")[2021] == 36.5
    assert representative_factors(SYNTHETIC_FACTORS)[2022] == 33.0
    assert representative_factors(SYNTHETIC_FACTORS, apm_qualifying=True)[2022] == 34.0
    with pytest.raises(InputError, match="cf_rule"):
        representative_factors(SYNTHETIC_FACTORS, rule="dec31")


def test_historical_change_synthetic():
    # 2020 -> 2022 (non-APM): (33 / 30) ** (1/2) - 1 = 4.88% a year
    assert historical_cf_change(SYNTHETIC_FACTORS, 2020, 2022) == pytest.approx(
        (33 / 30) ** 0.5 - 1)
    # 2020 -> 2021: day-weighted 30.4 / 30 - 1 = 1.33%; on Jan 1 36.5 / 30 - 1 = 21.67%
    assert historical_cf_change(SYNTHETIC_FACTORS, 2020, 2021) == pytest.approx(30.4 / 30 - 1)
    assert historical_cf_change(SYNTHETIC_FACTORS, 2020, 2021, rule="jan1") == pytest.approx(
        36.5 / 30 - 1)
    with pytest.raises(InputError, match="cf_window: no conversion factor for 2019"):
        historical_cf_change(SYNTHETIC_FACTORS, 2019, 2022)
    with pytest.raises(InputError, match="cf_window: the first year must come before"):
        historical_cf_change(SYNTHETIC_FACTORS, 2022, 2022)


def test_historical_change_from_the_bundled_factors():
    # DOMAIN.md: 2019 36.0391; 2026 33.4009 (non-qualifying APM) and 33.5675 (qualifying).
    factors = conversion_factors()
    assert historical_cf_change(factors, 2019, 2026) == pytest.approx(
        (33.4009 / 36.0391) ** (1 / 7) - 1)
    assert historical_cf_change(factors, 2019, 2026, apm_qualifying=True) == pytest.approx(
        (33.5675 / 36.0391) ** (1 / 7) - 1)
    # 2024: 32.7442 Jan 1 - Mar 8 (68 days), 33.2875 Mar 9 - Dec 31 (298 days) of 366.
    by_year = representative_factors(factors)
    assert by_year[2024] == pytest.approx((68 * 32.7442 + 298 * 33.2875) / 366)
    assert representative_factors(factors, rule="jan1")[2024] == 32.7442


def test_compare_paths_says_which_is_better():
    # 100% of Medicare vs a fixed rate equal to Medicare: equal when flat, fixed when cut,
    # percent when Medicare rises.
    lines = LINES.assign(fixed_rate=25.0)
    table = compare_paths(lines, pct_of_medicare=1.0, years=3,
                          paths={"flat": 0.0, "stress": -0.028, "up": 0.02})
    assert table.set_index("path")["better"].to_dict() == {
        "flat": "equal", "stress": "fixed", "up": "pct_of_medicare"}
    assert table.set_index("path").loc["stress", "average_cf_change"] == pytest.approx(-0.028)


def test_bad_input_is_named():
    with pytest.raises(InputError, match=r"units_per_year: expected a number >= 0 for code "
                                         r"97110, got -5"):
        project_scenario(LINES.assign(units_per_year=-5), pct_of_medicare=1.0)
    with pytest.raises(InputError, match=r"pct_of_medicare: expected a percent of Medicare "
                                         r"from 10% to 500% \(0\.1 to 5, 1\.0 = 100%\)"):
        project_scenario(LINES, pct_of_medicare=-1.1)
    with pytest.raises(InputError, match=r"years: expected a whole number of years from 1 to 50, "
                                         r"got 0"):
        project_scenario(LINES, pct_of_medicare=1.0, years=0)
    with pytest.raises(InputError, match=r"medicare_amount: expected a Medicare amount above 0"):
        project_scenario(LINES.assign(medicare_amount=0.0), pct_of_medicare=1.0)
    with pytest.raises(InputError, match=r"units: expected a number >= 0, got -1"):
        single_code_lines(-1, 26.83, 30.0)


def test_inputs_are_not_mutated():
    before = LINES.copy()
    project_scenario(LINES, pct_of_medicare=1.2, years=3, cf_changes=-0.1)
    pd.testing.assert_frame_equal(LINES, before)


# --- the data model --------------------------------------------------------------------------

FEES = pd.DataFrame({
    "payer": ["Acme", "Acme", "Acme", "Acme", "Other"],
    "code": ["97110", "97110", "97140", "97110", "97110"],
    "modifier": ["", "", "", "CQ", ""],
    "allowed_amount": [28.0, 30.0, 27.0, 25.5, 99.0],
    "effective_date": [date(2024, 1, 1), date(2025, 1, 1), date(2024, 1, 1), date(2025, 1, 1),
                       date(2025, 1, 1)],
})
VOLUMES = pd.DataFrame({"payer": ["Acme", "Acme"], "code": ["97110", "97140"],
                        "units_per_year": [1000.0, 500.0], "visits": [600, 400]})
CONTRACTS = pd.DataFrame({"payer": ["Acme"], "product": ["PPO"], "rate_basis": ["fixed"],
                          "pct_of_medicare": [np.nan], "escalator": [0.02]})
MEDICARE = pd.Series({"97110": 25.0, "97140": 24.0})


def test_payer_lines_take_the_rates_in_force():
    # 2025-06-01: 97110's 2025 row (30.00, not the 2024 28.00 nor the CQ row); 97140 2024's 27.
    lines = payer_lines("Acme", FEES, VOLUMES, MEDICARE, as_of=date(2025, 6, 1))
    assert lines.set_index("code")["fixed_rate"].to_dict() == {"97110": 30.0, "97140": 27.0}
    early = payer_lines("Acme", FEES, VOLUMES, MEDICARE, as_of=date(2024, 6, 1))
    assert early.set_index("code")["fixed_rate"].to_dict() == {"97110": 28.0, "97140": 27.0}


def test_payer_scenario_uses_the_contract():
    # Fixed contract: percent defaults to what today's rates equal:
    # (1,000 x 30 + 500 x 27) / (1,000 x 25 + 500 x 24) = 43,500 / 37,000 = 1.17568
    # Escalator 2% from the contract: fixed 43,500 + 44,370 = 87,870 over 2 years.
    r = payer_scenario("Acme", CONTRACTS, FEES, VOLUMES, MEDICARE, as_of=date(2025, 6, 1),
                       years=2, cf_changes=-0.05)
    assert r.pct_of_medicare == pytest.approx(43_500 / 37_000)
    assert r.fixed_total == pytest.approx(43_500 + 43_500 * 1.02)
    assert r.pct_total == pytest.approx(43_500 + 43_500 * 0.95)
    pct_contract = CONTRACTS.assign(rate_basis="pct_of_medicare", pct_of_medicare=1.3)
    r2 = payer_scenario("Acme", pct_contract, FEES, VOLUMES, MEDICARE, as_of=date(2025, 6, 1),
                        years=1)
    assert r2.pct_total == pytest.approx(1.3 * 37_000)


def test_a_payer_without_a_contract_in_force_is_projected_at_its_fee_schedule():
    # no contract on file, or its only one starting later: its rates in force, no escalator,
    # against the percent of Medicare they equal (the sum worked in the test above)
    for contracts in (CONTRACTS.iloc[0:0], CONTRACTS.assign(effective_date=date(2026, 1, 1))):
        r = payer_scenario("Acme", contracts, FEES, VOLUMES, MEDICARE, as_of=date(2025, 6, 1),
                           years=2, cf_changes=-0.05)
        assert r.pct_of_medicare == pytest.approx(43_500 / 37_000)
        assert r.fixed_total == pytest.approx(43_500 * 2)


def test_payer_scenario_errors_name_payer_and_code():
    with pytest.raises(UnknownCodeError, match="volumes: no rows for payer 'Nobody'"):
        payer_scenario("Nobody", CONTRACTS, FEES, VOLUMES, MEDICARE, as_of=date(2025, 6, 1))
    with pytest.raises(UnknownCodeError, match=r"no Medicare amount for code\(s\) 97140"):
        payer_lines("Acme", FEES, VOLUMES, MEDICARE.drop("97140"), as_of=date(2025, 6, 1))
    with pytest.raises(UnknownCodeError, match=r"no rate in force on 2023-06-01 .* 97110, 97140"):
        payer_lines("Acme", FEES, VOLUMES, MEDICARE, as_of=date(2023, 6, 1))


# --- properties --------------------------------------------------------------------------------

line_tables = st.lists(
    st.tuples(st.integers(min_value=1, max_value=20_000), rates, rates), min_size=1, max_size=6,
).map(lambda rows: pd.DataFrame({
    "code": [f"C{i}" for i in range(len(rows))],
    "units_per_year": [float(u) for u, _, _ in rows],
    "fixed_rate": [f for _, f, _ in rows],
    "medicare_amount": [m for _, _, m in rows],
}))


def _equivalent_pct(lines: pd.DataFrame) -> float:
    u = lines["units_per_year"]
    return float((u * lines["fixed_rate"]).sum() / (u * lines["medicare_amount"]).sum())


def _a_contracts(pct: float) -> float:
    """``pct`` when a contract may be at it (limits.PCT_OF_MEDICARE_RANGE, which the projection
    holds a percentage asked to); drawn rates of $1 to $500 make some from 0.2% to 50,000%."""
    assume(PCT_OF_MEDICARE_RANGE[0] <= pct <= PCT_OF_MEDICARE_RANGE[1])
    return pct


@settings(max_examples=60, deadline=None)
@given(lines=line_tables, years=st.integers(min_value=1, max_value=10))
def test_same_total_without_change_when_pct_equals_fixed_over_medicare(lines, years):
    r = project_scenario(lines, pct_of_medicare=_a_contracts(_equivalent_pct(lines)),
                         years=years)
    # the percentage pays cents per unit: at most half a cent a unit a year from the fixed side
    units = float(lines["units_per_year"].sum())
    assert abs(r.pct_total - r.fixed_total) <= 0.005 * units * years + 1e-6
    assert r.break_even_pct_of_medicare == pytest.approx(_equivalent_pct(lines), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(lines=line_tables, pct=st.integers(min_value=5_000, max_value=20_000).map(
    lambda n: n / 10_000), years=st.integers(min_value=1, max_value=6))
def test_the_percent_side_pays_cents_per_unit_today(lines, pct, years):
    # P_c = pct x M_c rounded half-up to cents, the product exact in Decimal (a contract's
    # percentage has at most two decimals of a percent): year 1 is the sum of units x P_c
    def cents(m: float) -> Decimal:
        return (Decimal(str(pct)) * Decimal(repr(m))).quantize(Decimal("0.01"),
                                                               rounding=ROUND_HALF_UP)
    paid = sum(Decimal(repr(u)) * cents(m) for u, m in
               zip(lines["units_per_year"], lines["medicare_amount"], strict=True))
    r = project_scenario(lines, pct_of_medicare=pct, years=years, cf_changes=-0.01)
    assert r.years_table["pct_revenue"].iloc[0] == pytest.approx(float(paid), abs=1e-6)


negative_paths = st.integers(min_value=2, max_value=10).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.floats(min_value=-0.5, max_value=0.0),
                                             min_size=n - 1, max_size=n - 1)
                        .filter(lambda c: min(c) < -1e-6)))


@settings(max_examples=60, deadline=None)
@given(lines=line_tables, path=negative_paths,
       escalator=st.floats(min_value=0.0, max_value=0.1))
# $10 less over two years, a tenth of what rounding to cents can make on 10,000 units: equal
@example(lines=pd.DataFrame({"code": ["C0"], "units_per_year": [10_000.0],
                             "fixed_rate": [100.0], "medicare_amount": [100.0]}),
         path=(2, [-1e-5]), escalator=0.0)
def test_any_negative_path_makes_pct_of_medicare_worse(lines, path, escalator):
    years, changes = path
    r = project_scenario(lines, pct_of_medicare=_a_contracts(_equivalent_pct(lines)),
                         years=years, cf_changes=changes, escalator=escalator)
    # less than the fixed side, but for the percent side's rounding to cents per unit today
    index = r.years_table["medicare_index"].sum()
    assert r.pct_total < r.fixed_total + 0.005 * float(lines["units_per_year"].sum()) * index
    # it never wins: fixed, or equal where the difference is one rounding to cents can make
    assert r.better == "fixed" or (r.better == "equal"
                                   and r.fixed_total - r.pct_total < r.rounding_allowance)
    assert r.break_even_pct_of_medicare > _equivalent_pct(lines)


# Found in a suite run: Medicare cut ~21% a year, where half a cent a unit a year scaled by
# Medicare's index ($0.0149) was less than the contract's roundings to cents made ($0.0165)
_CUT_YEARS = [-0.20923729398229352, -0.20923729398229352, -0.267089442262499,
              -0.20923729398229352]


@settings(max_examples=40, deadline=None)
@given(lines=line_tables, changes=st.lists(st.floats(min_value=-0.3, max_value=0.3),
                                           min_size=4, max_size=4),
       rate=st.floats(min_value=0.0, max_value=0.2))
@example(lines=pd.DataFrame({"code": ["C0"], "units_per_year": [1.0], "fixed_rate": [37.94],
                             "medicare_amount": [11.54]}),
         changes=_CUT_YEARS, rate=0.03359340563741933)
# Found in a suite run: break-even 100.5% pays $1.005 -> $1.01 on both codes, $2.02 against
# $2.01 fixed: exactly the allowance more, all of it rounding half-up, and was called better
@example(lines=pd.DataFrame({"code": ["C0", "C1"], "units_per_year": [1.0, 1.0],
                             "fixed_rate": [1.0, 1.01], "medicare_amount": [1.0, 1.0]}),
         changes=[0.0] * 4, rate=0.0)
def test_break_even_pays_exactly_the_fixed_offer(lines, changes, rate):
    first = project_scenario(lines, pct_of_medicare=1.0, years=5, cf_changes=changes,
                             discount_rate=rate)
    again = project_scenario(lines, pct_of_medicare=_a_contracts(
        first.break_even_pct_of_medicare), years=5, cf_changes=changes, discount_rate=rate)
    # exactly, but for the contract paying cents per unit: half a cent a unit a year at most,
    # whatever Medicare's index that year (a rate is rounded to cents after it is scaled)
    slack = 0.005 * float(lines["units_per_year"].sum()) * sum(
        (1 + rate) ** -year for year in range(1, 6))
    assert abs(again.pct_present_value - again.fixed_present_value) <= slack + 1e-6
    assert again.rounding_allowance == pytest.approx(slack)
    # so the verdict at the break-even is that neither pays more
    assert again.better == "equal"


# --- the equivalent percent and the verdict: round once, at presentation ----------------------

# Two codes whose equivalent percent, rounded to cents code by code, misses today's revenue.
TWO_CODES = pd.DataFrame({"code": ["97110", "97140"], "units_per_year": [100.0, 300.0],
                          "fixed_rate": [30.0, 27.0], "medicare_amount": [25.0, 24.0]})


def _fixed_payer(lines: pd.DataFrame) -> dict[str, object]:
    """The canonical tables of one fixed-rate payer "P" paying ``lines``' rates, for
    :func:`payer_scenario`."""
    codes = lines["code"].tolist()
    return {
        "contracts": pd.DataFrame({"payer": ["P"], "product": ["PPO"], "rate_basis": ["fixed"],
                                   "pct_of_medicare": [np.nan], "escalator": [np.nan]}),
        "fee_schedules": pd.DataFrame({"payer": "P", "code": codes, "modifier": "",
                                       "allowed_amount": lines["fixed_rate"].tolist(),
                                       "effective_date": date(2025, 1, 1)}),
        "volumes": pd.DataFrame({"payer": "P", "code": codes,
                                 "units_per_year": lines["units_per_year"].tolist(),
                                 "visits": 1}),
        "medicare_amounts": pd.Series(lines["medicare_amount"].tolist(), index=codes),
    }


def test_equivalent_percent_pays_todays_revenue_in_year_one_worked_by_hand():
    # 97110: 100 units at $30.00, Medicare $25.00; 97140: 300 units at $27.00, Medicare $24.00.
    # today's revenue 100 x 30 + 300 x 27 = 3,000 + 8,100 = 11,100.00 a year
    # Medicare        100 x 25 + 300 x 24 = 2,500 + 7,200 =  9,700.00 a year
    # equivalent percent 11,100 / 9,700 = 1.1443299 (114.43%)
    # Rounded to cents code by code it would pay 25 x 1.1443299 = 28.6082 -> 28.61 and
    # 24 x 1.1443299 = 27.4639 -> 27.46: 2,861 + 8,238 = 11,099.00, a dollar a year short of
    # today's revenue, a winner ("fixed") made of rounding. Unrounded: 2,860.82... + 8,239.17...
    # = 11,100.00, today's revenue: flat for 3 years, 33,300 either way, difference 0, equal.
    r = payer_scenario("P", **_fixed_payer(TWO_CODES), as_of=date(2025, 6, 1), years=3,
                       cf_changes=0.0)
    assert r.pct_of_medicare == pytest.approx(11_100 / 9_700, rel=1e-15)
    assert r.equivalent
    assert r.years_table["fixed_revenue"].tolist() == [11_100.0] * 3
    assert r.years_table["pct_revenue"].tolist() == [11_100.0] * 3
    assert r.years_table["difference"].tolist() == [0.0] * 3
    assert (r.difference, r.better) == (0.0, "equal")
    # CF -2% into years 2 and 3: 11,100 | 11,100 x 0.98 = 10,878 | 10,878 x 0.98 = 10,660.44
    # -> 32,638.44 against 33,300.00 fixed: fixed by 661.56
    cut = payer_scenario("P", **_fixed_payer(TWO_CODES), as_of=date(2025, 6, 1), years=3,
                         cf_changes=-0.02)
    assert cut.years_table["pct_revenue"].tolist() == pytest.approx([11_100, 10_878, 10_660.44])
    assert cut.difference == pytest.approx(661.56)
    assert cut.better == "fixed"
    # one rule: the same percent and figures from the lines alone
    assert equivalent_pct_of_medicare(TWO_CODES) == r.pct_of_medicare
    alone = project_scenario(TWO_CODES, pct_of_medicare=None, years=3)
    assert alone.years_table["pct_revenue"].tolist() == [11_100.0] * 3
    assert alone.pct_asked is None and r.pct_asked is None


@pytest.mark.parametrize(("pct", "pct_year_1", "better"), [
    # 25 x 1.1443 = 28.6075 -> 28.61; 24 x 1.1443 = 27.4632 -> 27.46 (the equivalent to four
    # places, typed back): 2,861 + 8,238 = 11,099.00, $1.00 a year under 11,100.00, $3.00 over
    # 3 years, less than what rounding can make, half a cent x 400 units x 3 years = $6.00
    (1.1443, 11_099.00, "equal"),
    # 25 x 1.15 = 28.75; 24 x 1.15 = 27.60: 2,875 + 8,280 = 11,155.00, $165 more over 3 years
    (1.15, 11_155.00, "pct_of_medicare"),
    # 25 x 1.13 = 28.25; 24 x 1.13 = 27.12: 2,825 + 8,136 = 10,961.00, $417 less over 3 years
    (1.13, 10_961.00, "fixed"),
])
def test_a_percentage_given_is_paid_in_cents_and_rounding_is_no_winner(pct, pct_year_1, better):
    r = project_scenario(TWO_CODES, pct_of_medicare=pct, years=3)
    assert r.years_table["pct_revenue"].tolist() == pytest.approx([pct_year_1] * 3, abs=1e-9)
    assert r.rounding_allowance == pytest.approx(0.005 * 400 * 3)
    assert r.better == better
    assert r.pct_asked == pct and not r.equivalent
    # compare_paths says the same on the same path
    flat = compare_paths(TWO_CODES, pct_of_medicare=r.pct_asked, paths={"flat": 0.0}, years=3)
    assert flat["better"].tolist() == [better]


@pytest.mark.parametrize(("fixed", "pct", "allowance", "better"), [
    (1_000.0, 1_000.004, 0.0, "equal"),            # under half a cent: the same cents shown
    (1_000.0, 1_012.0, 15.0, "equal"),             # within what rounding can make
    (1_000.0, 1_020.0, 15.0, "pct_of_medicare"),
    (1_020.0, 1_000.0, 15.0, "fixed"),
    (1_000.0, 1_000.005, 0.0, "pct_of_medicare"),  # half a cent rounds to a cent
    # half-up moves the percent side up to the allowance up, less than it down
    (1_000.0, 1_015.0, 15.0, "equal"),
    (1_015.0, 1_000.0, 15.0, "fixed"),
    (1_000.0, 1_015.01, 15.0, "pct_of_medicare"),
    (1_014.99, 1_000.0, 15.0, "equal"),
])
def test_better_contract_is_the_one_verdict(fixed, pct, allowance, better):
    assert better_contract(fixed, pct, allowance) == better


@settings(max_examples=80, deadline=None)
@given(lines=line_tables, years=st.integers(min_value=1, max_value=10),
       rate=st.floats(min_value=0.0, max_value=0.2))
def test_at_the_equivalent_percent_year_one_agrees_to_the_cent_and_flat_has_no_winner(
        lines, years, rate):
    r = payer_scenario("P", **_fixed_payer(lines), as_of=date(2025, 6, 1), years=years,
                       cf_changes=0.0, discount_rate=rate)
    table = r.years_table
    assert round_cents(table["pct_revenue"].iloc[0]) == round_cents(
        table["fixed_revenue"].iloc[0]) == round_cents(
        float((lines["units_per_year"] * lines["fixed_rate"]).sum()))
    assert (round_cents(table["difference"].to_numpy()) == 0).all()
    assert round_cents(r.difference) == 0
    assert r.better == "equal"
    again = compare_paths(r.by_code, pct_of_medicare=r.pct_asked, paths={"flat": 0.0},
                          years=years, discount_rate=rate)
    assert again["better"].tolist() == ["equal"]
    assert round_cents(again["difference"].iloc[0]) == 0


#: Yearly escalators as contracts state them: whole hundredths of a percent, -5% to +10%.
escalator_lists = st.lists(st.integers(min_value=-500, max_value=1_000).map(lambda n: n / 10_000),
                           min_size=3, max_size=3)


@settings(max_examples=60, deadline=None)
@given(lines=line_tables, escalators=escalator_lists,
       changes=st.lists(st.floats(min_value=-0.1, max_value=0.1), min_size=3, max_size=3),
       pct=st.integers(min_value=5_000, max_value=20_000).map(lambda n: n / 10_000))
def test_each_year_is_the_codes_rates_of_that_year(lines, escalators, changes, pct):
    """A year's fixed revenue is the codes' units x that year's rates: each raised from the
    year before and rounded half-up to cents (worked here in Decimal, and by the rates' own
    rule, rates.escalated_rate, for one escalator); a contract's percentage pays each code its
    share of that year's Medicare amount in cents (rates.contract_rate). Per code, the totals
    add up to the years table's."""
    r = project_scenario(lines, pct_of_medicare=pct, years=4, cf_changes=changes,
                         escalator=escalators)
    expected = [Decimal(0)] * 4
    for units, rate in zip(lines["units_per_year"], lines["fixed_rate"], strict=True):
        paid = Decimal(repr(rate))
        for year in range(4):
            expected[year] += Decimal(repr(units)) * paid
            if year < 3:
                paid = (paid * (1 + Decimal(repr(escalators[year])))).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP)
    fixed = r.years_table["fixed_revenue"]
    assert [round_cents(v) for v in fixed] == [float(e) for e in expected]
    index = r.years_table["medicare_index"].to_numpy()
    units = lines["units_per_year"].to_numpy()
    paid_pct = [units @ contract_rate(pct, lines["medicare_amount"].to_numpy() * g)
                for g in index]
    assert r.years_table["pct_revenue"].tolist() == pytest.approx(paid_pct, abs=1e-6)
    for side in ("fixed", "pct"):
        assert round_cents(r.by_code[f"{side}_total"].sum()) == round_cents(
            r.years_table[f"{side}_revenue"].sum()) == round_cents(getattr(r, f"{side}_total"))
    one = project_scenario(lines, pct_of_medicare=pct, years=4, escalator=escalators[0])
    assert [round_cents(v) for v in one.years_table["fixed_revenue"]] == [
        round_cents(sum(u * escalated_rate(f, escalators[0], n) for u, f in
                        zip(lines["units_per_year"], lines["fixed_rate"], strict=True)))
        for n in range(4)]
