"""Scenario rules the hand-worked examples left open (found by the mutation run, issue #16).

Expected values are worked out by hand from the timing convention in ``ratecalc.scenarios``
(DOMAIN.md section 1.5): year 1 at today's amounts, one change at each anniversary.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import InputError, UnknownCodeError
from ratecalc.medicare import conversion_factors
from ratecalc.scenarios import (
    HISTORICAL_FIRST_YEAR,
    STRESS_CF_CHANGE,
    cf_path_changes,
    changes_from_index,
    compare_paths,
    growth_index,
    historical_cf_change,
    parse_cf_custom,
    payer_lines,
    payer_scenario,
    project_scenario,
    representative_factors,
    settings_cf_path,
    single_code_lines,
    yearly_changes,
)
from ratecalc.schema import CONTRACTS
from ratecalc.validation import CellError, parse_cell

LINES = pd.DataFrame({"code": ["97110"], "units_per_year": [1000.0], "fixed_rate": [30.0],
                      "medicare_amount": [25.0]})


# --- index levels -> escalator ------------------------------------------------------------------

def test_two_levels_are_enough():
    # 200 -> 210: +5%
    assert changes_from_index([200.0, 210.0]) == pytest.approx((0.05,))


def test_levels_below_one_and_exact_levels():
    # an index based at 1.0 (0.8 -> 1.0: +25%), and levels given as Decimals
    assert changes_from_index([0.8, 1.0]) == pytest.approx((0.25,))
    assert changes_from_index([Decimal("100"), Decimal("103")]) == pytest.approx((0.03,))


@pytest.mark.parametrize("levels", [
    [[100.0, 103.0], [103.0, 105.0]],   # a table, not a series
    [100.0],                            # one level: no change
    [],                                 # nothing
    [100.0, float("nan"), 103.0],       # unreadable level
    [100.0, float("inf")],
    [100.0, 0.0, 103.0],                # a zero level divides by zero
    [100.0, -103.0],                    # a negative level is no index
])
def test_bad_index_levels_are_refused_in_words(levels):
    with pytest.raises(InputError, match=r"^index levels: expected two or more positive numbers, "
                                         r"got \["):
        changes_from_index(levels)


# --- presets ------------------------------------------------------------------------------------

def test_historical_and_custom_paths_need_their_numbers():
    with pytest.raises(InputError, match=r"^cf_path historical: needs the historical average "
                                         r"change \(historical_cf_change\)$"):
        cf_path_changes("historical", 3)
    with pytest.raises(InputError, match=r"^cf_path custom: needs a list of yearly changes "
                                         r"\(cf_change\)$"):
        cf_path_changes("custom", 3)
    with pytest.raises(InputError, match=r"^cf_path: expected one of flat, historical, stress, "
                                         r"custom, got 'doom'$"):
        cf_path_changes("doom", 3)


def test_custom_path_is_the_users_list_and_repeats_a_single_change():
    assert cf_path_changes("custom", 3, custom=[0.01, -0.02]).tolist() == [0.01, -0.02]
    assert cf_path_changes("custom", 4, custom=-0.01).tolist() == [-0.01] * 3
    assert cf_path_changes("historical", 3, historical_change=0.0).tolist() == [0.0, 0.0]


# --- Settings' cf_custom and cf_path ------------------------------------------------------------

def test_parse_cf_custom():
    assert parse_cf_custom("-0.028, 0.01") == [-0.028, 0.01]
    assert parse_cf_custom(" 0.02 ,, ") == [0.02]  # empty parts are skipped
    assert parse_cf_custom("") == []
    assert parse_cf_custom(None) == []
    # percentages as a billing clerk types them, the very numbers of the fractions (the
    # Settings' help promised "-2.8%" and the reader refused it)
    assert parse_cf_custom("-2.8%, 1%") == [-0.028, 0.01]
    assert parse_cf_custom(" -2.8 % ,0.01") == [-0.028, 0.01]
    with pytest.raises(InputError, match=r"^Settings, cf_custom: expected fractions or "
                                         r"percentages separated by commas \(-0.028 or -2.8%\), "
                                         r"got '-2.8%, one'$"):
        parse_cf_custom("-2.8%, one")


def test_settings_cf_path_each_preset():
    factors = conversion_factors()
    last = int(factors["year"].max())
    # the historical change is the compound average of the bundled window, whichever path
    average = historical_cf_change(factors, HISTORICAL_FIRST_YEAR, last)
    flat = settings_cf_path("flat", None, 3)
    assert (flat.name, flat.changes.tolist()) == ("flat", [0.0, 0.0])
    assert flat.historical_change == pytest.approx(average)
    assert flat.note == "Medicare's conversion factor held flat"
    stress = settings_cf_path("stress", "", 4)
    assert stress.changes.tolist() == [STRESS_CF_CHANGE] * 3
    # signed as the CF change columns show it: "cut -2.8%" read as a raise
    assert stress.note == "Medicare's conversion factor moving -2.80% every year"
    custom = settings_cf_path("custom", "-0.05, 0.02", 3)
    assert custom.changes.tolist() == [-0.05, 0.02]
    assert custom.note == "Medicare's conversion factor moving as the CF custom setting says"
    # cf_custom is read only for the custom path: an unreadable one elsewhere is no error
    historical = settings_cf_path("historical", "-2.8%", 3)
    assert historical.changes.tolist() == pytest.approx([average, average])
    assert historical.note == (f"Medicare's conversion factor moving {average:+.2%} a year, its "
                               f"2019-{last} average")


def test_settings_cf_path_window_and_apm():
    factors = conversion_factors()
    last = int(factors["year"].max())
    # 2020 -> last year, for a qualifying APM participant (2026: 33.5675, not 33.4009)
    r = settings_cf_path("historical", None, 2, apm_qualifying=True, first_year=2020)
    expected = historical_cf_change(factors, 2020, last, apm_qualifying=True)
    assert r.historical_change == pytest.approx(expected)
    assert r.changes.tolist() == pytest.approx([expected])
    assert f"its 2020-{last} average" in r.note
    if last == 2026:  # DOMAIN.md: 2020 36.0896, 2026 33.5675 (qualifying APM)
        assert r.historical_change == pytest.approx((33.5675 / 36.0896) ** (1 / 6) - 1)
    assert r.historical_change != pytest.approx(
        historical_cf_change(factors, 2020, last, apm_qualifying=False))


# --- a single code ------------------------------------------------------------------------------

def test_single_code_lines_is_the_one_row_table():
    lines = single_code_lines(1200, 26.5, 31.0, code="97110")
    assert lines.to_dict(orient="list") == {"code": ["97110"], "units_per_year": [1200.0],
                                            "fixed_rate": [31.0], "medicare_amount": [26.5]}
    assert single_code_lines(0, 0.0, 0.0)["code"].tolist() == [""]


@pytest.mark.parametrize(("args", "message"), [
    ((-1.0, 26.0, 30.0), "units: expected a number >= 0, got -1"),
    ((float("nan"), 26.0, 30.0), "units: expected a number >= 0, got nan"),
    ((10.0, -0.01, 30.0), "medicare: expected a number >= 0, got -0.01"),
    ((10.0, float("inf"), 30.0), "medicare: expected a number >= 0, got inf"),
    ((10.0, 26.0, -30.0), "fixed: expected a number >= 0, got -30"),
])
def test_single_code_lines_refuses_in_words(args, message):
    with pytest.raises(InputError, match="^" + message.replace(".", r"\.") + "$"):
        single_code_lines(*args)


# --- comparing paths ----------------------------------------------------------------------------

def test_compare_paths_row_written_out():
    # fixed 30 x 1,000 with a 2% escalator over 3 years, discounted 5%; 100% of Medicare 25.
    # "down" -10%, -10%: Medicare index 1, 0.9, 0.81; the rate $30.00, x 1.02 = $30.60,
    # x 1.02 = $31.212 -> $31.21 (cents each year; 30,000 x 1.0404 = 31,212 was not a rate paid)
    # fixed 30,000 + 30,600 + 31,210 = 91,810; percent 25,000 + 22,500 + 20,250 = 67,750
    # break-even (discounted): sum d_y fixed_y / sum d_y g_y 25,000
    table = compare_paths(LINES, pct_of_medicare=1.0, years=3, escalator=0.02,
                          discount_rate=0.05, paths={"down": -0.10, "mixed": [0.21, 0.0]})
    assert table.columns.tolist() == ["path", "average_cf_change", "fixed_total", "pct_total",
                                      "difference", "break_even_pct_of_medicare", "better"]
    down = table.set_index("path").loc["down"]
    assert down["average_cf_change"] == pytest.approx(-0.10)
    assert down["fixed_total"] == pytest.approx(91_810)
    assert down["pct_total"] == pytest.approx(67_750)
    assert down["difference"] == pytest.approx(91_810 - 67_750)
    d = [1.05 ** -1, 1.05 ** -2, 1.05 ** -3]
    expected = ((30_000 * d[0] + 30_600 * d[1] + 31_210 * d[2])
                / (25_000 * (d[0] + 0.9 * d[1] + 0.81 * d[2])))
    assert down["break_even_pct_of_medicare"] == pytest.approx(expected)
    assert down["better"] == "fixed"
    # +21% then flat: 1.21 over two anniversaries is +10% a year, geometric
    assert table.set_index("path").loc["mixed", "average_cf_change"] == pytest.approx(0.10)


def test_compare_paths_over_one_year_has_no_average_change():
    table = compare_paths(LINES, pct_of_medicare=1.2, years=1, paths={"flat": 0.0})
    assert table["average_cf_change"].tolist() == [0.0]
    assert table["fixed_total"].tolist() == [30_000.0]
    assert table["better"].tolist() == ["equal"]


# --- the data model: contract defaults ----------------------------------------------------------

FEES = pd.DataFrame({"payer": ["Acme", "Acme"], "code": ["97110", "97140"], "modifier": ["", ""],
                     "allowed_amount": [30.0, 27.0],
                     "effective_date": [date(2025, 1, 1), date(2025, 1, 1)]})
VOLUMES = pd.DataFrame({"payer": ["Acme", "Acme"], "code": ["97110", "97140"],
                        "units_per_year": [1000.0, 500.0]})
MEDICARE = pd.Series({"97110": 25.0, "97140": 24.0})
AS_OF = date(2025, 6, 1)


def _contract(**values):
    row = {"payer": "Acme", "product": "PPO", "rate_basis": "fixed",
           "pct_of_medicare": np.nan, "escalator": np.nan}
    row.update(values)
    return pd.DataFrame([row])


def test_contract_without_escalator_stays_flat():
    # fixed 1,000 x 30 + 500 x 27 = 43,500 a year, no escalator: 87,000 over two years
    r = payer_scenario("Acme", _contract(), FEES, VOLUMES, MEDICARE, as_of=AS_OF, years=2)
    assert r.fixed_total == pytest.approx(87_000)
    assert r.years_table["escalator"].tolist() == [0.0, 0.0]
    no_column = _contract().drop(columns=["escalator"])
    r2 = payer_scenario("Acme", no_column, FEES, VOLUMES, MEDICARE, as_of=AS_OF, years=2)
    assert r2.fixed_total == pytest.approx(87_000)


def test_percent_contract_without_a_percent_uses_todays_equivalent():
    # rate_basis pct_of_medicare but no figure: 43,500 / 37,000 of Medicare, as for fixed
    contract = _contract(rate_basis="pct_of_medicare")
    r = payer_scenario("Acme", contract, FEES, VOLUMES, MEDICARE, as_of=AS_OF, years=1)
    assert r.pct_of_medicare == pytest.approx(43_500 / 37_000)
    # a figure on a fixed contract is not its basis: still today's equivalent
    fixed = _contract(rate_basis="fixed", pct_of_medicare=1.5)
    r2 = payer_scenario("Acme", fixed, FEES, VOLUMES, MEDICARE, as_of=AS_OF, years=1)
    assert r2.pct_of_medicare == pytest.approx(43_500 / 37_000)


def test_payer_scenario_arguments_override_the_contract_and_pass_through():
    contract = _contract(rate_basis="pct_of_medicare", pct_of_medicare=1.3, escalator=0.02)
    # override 1.1 and a 10% escalator, 3 years, CF -10%, discounted 10%, labelled "stress"
    r = payer_scenario("Acme", contract, FEES, VOLUMES, MEDICARE, as_of=AS_OF, years=3,
                       cf_changes=-0.10, pct_of_medicare=1.1, escalator=0.10,
                       discount_rate=0.10, path="stress")
    assert r.path == "stress"
    assert r.pct_of_medicare == 1.1
    assert r.discount_rate == 0.10
    assert r.years == 3
    # the fixed side is today's rates in force: the contract's 130% of Medicare (not the
    # schedule's 43,500), 1.3 x 25 = $32.50 and 1.3 x 24 = $31.20, 48,100 a year; raised 10%
    # a year in cents: $35.75, $39.325 -> $39.33 and $34.32, $37.752 -> $37.75, so
    # 48,100 + (35,750 + 17,160 = 52,910) + (39,330 + 18,875 = 58,205) = 159,215
    # (48,100 x (1 + 1.1 + 1.21) = 159,211 was year 1 x the escalator's index);
    # percent: 110% of each Medicare amount that year, in cents: 97110 27.50, 1.1 x 22.50 =
    # 24.75, 1.1 x 20.25 = 22.275 -> 22.28; 97140 26.40, 1.1 x 21.60 = 23.76, 1.1 x 19.44 =
    # 21.384 -> 21.38: 40,700 + 36,630 + (22,280 + 10,690 = 32,970) = 110,300
    assert r.fixed_total == pytest.approx(159_215)
    assert r.pct_total == pytest.approx(110_300)
    assert r.fixed_present_value == pytest.approx(48_100 / 1.1 + 52_910 / 1.21
                                                  + 58_205 / 1.331)
    # the first contract row is the payer's
    two = pd.concat([_contract(rate_basis="pct_of_medicare", pct_of_medicare=1.3),
                     _contract(rate_basis="pct_of_medicare", pct_of_medicare=2.0)])
    assert payer_scenario("Acme", two, FEES, VOLUMES, MEDICARE, as_of=AS_OF,
                          years=1).pct_of_medicare == 1.3


def test_project_scenario_defaults_five_flat_years():
    r = project_scenario(LINES, pct_of_medicare=1.0)
    assert r.years == 5
    assert r.path == "custom"
    assert r.fixed_total == pytest.approx(150_000)
    assert r.discount_rate == 0.0
    assert math.isfinite(r.break_even_pct_of_medicare)


# --- checks and small rules ---------------------------------------------------------------------

@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, "0.02", None])
def test_a_yearly_change_must_be_a_finite_number(value):
    with pytest.raises(InputError, match=r"^escalator: expected a yearly change as a fraction "
                                         r"\(-0.028 = -2.8%\), got "):
        yearly_changes([0.01, value], 3, "escalator")


def test_wrong_count_lists_the_changes_given():
    with pytest.raises(InputError, match=r"^cf_change: expected one change, used for every year, "
                                         r"or 2 "
                                         r"changes \(into years 2 to 3\) for a 3-year horizon, "
                                         r"got 4: 0.01,-0.02,0,0.5$"):
        yearly_changes([0.01, -0.02, 0.0, 0.5], 3)


def test_growth_index_takes_exact_fractions():
    # +10% then -50%: 1, 1.1, 0.55, whether the changes come as floats or Decimals
    assert growth_index([Decimal("0.10"), Decimal("-0.50")]).tolist() == pytest.approx(
        [1.0, 1.1, 0.55])


def test_unknown_representative_rule_is_named():
    with pytest.raises(InputError, match=r"^cf_rule: expected one of day_weighted, jan1, "
                                         r"got 'dec31'$"):
        representative_factors(_factors([(2021, date(2021, 1, 1), date(2021, 12, 31), 30.0)]),
                               rule="dec31")


def _factors(rows):
    return pd.DataFrame({"year": [r[0] for r in rows], "effective_from": [r[1] for r in rows],
                         "effective_to": [r[2] for r in rows],
                         "conversion_factor": [r[3] for r in rows],
                         "apm_qualifying": [False] * len(rows)})


def test_jan1_rule_takes_the_factor_in_force_on_january_first():
    # listed out of order: the March factor first; and a one-day factor on Jan 1 itself
    factors = _factors([
        (2021, date(2021, 3, 2), date(2021, 12, 31), 29.2),
        (2021, date(2021, 1, 1), date(2021, 3, 1), 36.5),
        (2022, date(2022, 1, 2), date(2022, 12, 31), 33.0),
        (2022, date(2022, 1, 1), date(2022, 1, 1), 31.0),
    ])
    jan1 = representative_factors(factors, rule="jan1")
    assert jan1.to_dict() == {2021: 36.5, 2022: 31.0}
    # day-weighted 2022: (1 x 31 + 364 x 33) / 365
    assert representative_factors(factors)[2022] == pytest.approx((31 + 364 * 33) / 365)


def test_a_factor_not_in_force_during_its_year_weighs_nothing():
    # a row filed under 2021 whose dates lie in 2020 (or end the day before the year) counts 0
    # days, not a negative or a minimum of one day
    factors = _factors([
        (2021, date(2021, 1, 1), date(2021, 12, 31), 30.0),
        (2021, date(2020, 6, 1), date(2020, 11, 30), 99.0),
        (2021, date(2020, 12, 1), date(2020, 12, 31), 77.0),
    ])
    assert representative_factors(factors)[2021] == pytest.approx(30.0)


def test_lines_table_problems_are_named():
    with pytest.raises(InputError, match=r"^scenario lines: missing column\(s\) fixed_rate, "
                                         r"medicare_amount$"):
        project_scenario(LINES[["code", "units_per_year"]], pct_of_medicare=1.0)
    with pytest.raises(InputError, match=r"^scenario lines: no codes to project$"):
        project_scenario(LINES.iloc[0:0], pct_of_medicare=1.0)
    with pytest.raises(InputError, match=r"^fixed_rate: expected a number >= 0 for code 97110, "
                                         r"got 'thirty'$"):
        project_scenario(LINES.assign(fixed_rate="thirty"), pct_of_medicare=1.0)
    # the first code without a Medicare amount is named, not the first below $1
    two = pd.DataFrame({"code": ["A", "B"], "units_per_year": [1.0, 1.0],
                        "fixed_rate": [1.0, 1.0], "medicare_amount": [0.5, 0.0]})
    with pytest.raises(InputError, match=r"^medicare_amount: expected a Medicare amount above 0 "
                                         r"for code B, got 0$"):
        project_scenario(two, pct_of_medicare=1.0)


def test_compare_paths_defaults_five_undiscounted_years():
    # CF -10% a year over 5 years, not discounted: Medicare index sum 1 + .9 + .81 + .729 + .6561
    table = compare_paths(LINES, pct_of_medicare=1.0, paths={"down": -0.10})
    row = table.iloc[0]
    assert row["fixed_total"] == pytest.approx(150_000)
    assert row["break_even_pct_of_medicare"] == pytest.approx(
        150_000 / (25_000 * (1 + 0.9 + 0.81 + 0.729 + 0.6561)))


def test_compare_paths_over_two_years_averages_the_one_change():
    table = compare_paths(LINES, pct_of_medicare=1.0, years=2, paths={"up": 0.03})
    assert table["average_cf_change"].tolist() == pytest.approx([0.03])


def test_medicare_amounts_as_a_table_and_missing_ones_named():
    amounts = pd.DataFrame({"code": ["97140", "97110"], "amount": [24.0, 25.0]})
    lines = payer_lines("Acme", FEES, VOLUMES, amounts, as_of=AS_OF)
    assert lines.set_index("code")["medicare_amount"].to_dict() == {"97110": 25.0, "97140": 24.0}
    with pytest.raises(UnknownCodeError, match=r"^medicare_amounts: no Medicare amount for "
                                               r"code\(s\) 97110, 97140$"):
        payer_lines("Acme", FEES, VOLUMES, pd.Series({"97530": 40.0}), as_of=AS_OF)
    with pytest.raises(UnknownCodeError, match=r"^volumes: no rows for payer 'Other'$"):
        payer_lines("Other", FEES, VOLUMES, MEDICARE, as_of=AS_OF)


def test_payer_scenario_defaults():
    # percent contract at 120%: 5 flat undiscounted years, path "custom"; both sides start at
    # what the contract pays today, 1.2 x 37,000 = 44,400 (not the schedule's 43,500)
    contract = _contract(rate_basis="pct_of_medicare", pct_of_medicare=1.2)
    r = payer_scenario("Acme", contract, FEES, VOLUMES, MEDICARE, as_of=AS_OF)
    assert (r.years, r.path, r.discount_rate) == (5, "custom", 0.0)
    assert r.fixed_total == pytest.approx(5 * 44_400)
    assert r.pct_total == pytest.approx(5 * 1.2 * 37_000)


@pytest.mark.parametrize("rate", [float("nan"), float("inf"), -1.0, -1.5, -3.0, -0.5, -0.01,
                                  1.01, 1.0, 0.51])
def test_discount_rate_must_be_in_the_settings_range(rate):
    # it took any rate above -100% (this test said so: -50% a year was allowed), where the
    # Settings' Discount rate and `scenario --discount-rate` take 0% to 50% (a bare 1 is 1%
    # typed whole: it was read as 100% a year)
    with pytest.raises(InputError, match=r"^discount_rate: expected a yearly discount rate from "
                                         r"0% to 50% \(0 to 0.5, 1.0 = 100%\), got "):
        project_scenario(LINES, pct_of_medicare=1.0, discount_rate=rate)


def test_discount_rate_at_the_top_of_its_range_is_allowed():
    # 50% a year: discount factors 1/1.5, 1/2.25 -> fixed PV 30,000 x (2/3 + 4/9) = 33,333.33
    r = project_scenario(LINES, pct_of_medicare=1.0, years=2, discount_rate=0.5)
    assert r.fixed_present_value == pytest.approx(30_000 * (2 / 3 + 4 / 9))


def test_projection_names_the_list_that_has_the_wrong_count():
    with pytest.raises(InputError, match=r"^cf_change: expected one change, used for every year, "
                                         r"or 2 "):
        project_scenario(LINES, pct_of_medicare=1.0, years=3, cf_changes=[0.1, 0.1, 0.1])
    with pytest.raises(InputError, match=r"^escalator: expected one change, used for every year, "
                                         r"or 2 "):
        project_scenario(LINES, pct_of_medicare=1.0, years=3, escalator=[0.1, 0.1, 0.1])
    with pytest.raises(InputError, match=r"^pct_of_medicare: expected a percent of Medicare "
                                         r"from 10% to 500% \(0\.1 to 5, 1\.0 = 100%\), "
                                         r"got nan$"):
        project_scenario(LINES, pct_of_medicare=float("nan"))
    with pytest.raises(InputError, match=r"^pct_of_medicare: expected a percent of Medicare"):
        project_scenario(LINES, pct_of_medicare="1.1")  # type: ignore[arg-type]


def test_every_column_of_the_years_table_written_out():
    # the hand-worked contract of test_scenarios: 1,000 units, fixed 30 with a 5% escalator,
    # 120% of a 25 Medicare amount, CF -10% a year, 3 years, discounted 10% a year
    r = project_scenario(LINES, pct_of_medicare=1.2, years=3, cf_changes=-0.10, escalator=0.05,
                         discount_rate=0.10)
    expected = {
        "year": [1, 2, 3],
        "cf_change": [0.0, -0.10, -0.10],
        "medicare_index": [1.0, 0.9, 0.81],
        "escalator": [0.0, 0.05, 0.05],
        "fixed_index": [1.0, 1.05, 1.1025],
        "fixed_revenue": [30_000, 31_500, 33_080],  # $31.50 x 1.05 = $33.075 -> $33.08
        "pct_revenue": [30_000, 27_000, 24_300],
        "difference": [0, 4_500, 8_780],
        "fixed_cumulative": [30_000, 61_500, 94_580],
        "pct_cumulative": [30_000, 57_000, 81_300],
        "discount_factor": [1 / 1.1, 1 / 1.21, 1 / 1.331],
    }
    assert r.years_table.columns.tolist() == list(expected)
    for column, values in expected.items():
        assert r.years_table[column].tolist() == pytest.approx(values), column
    # per code over the horizon: 1,000 x ($30.00 + $31.50 + $33.08); 1.2 x 25 x 1,000 x 2.71
    assert r.by_code["fixed_total"].tolist() == pytest.approx([94_580])
    assert r.by_code["pct_total"].tolist() == pytest.approx([81_300])
    assert r.by_code.columns.tolist() == ["code", "units_per_year", "fixed_rate",
                                          "medicare_amount", "fixed_total", "pct_total"]


@pytest.mark.parametrize(("pct", "better"), [
    (30.004 / 25, "equal"),             # 0.4 cent apart: the same cents
    (30.006 / 25, "pct_of_medicare"),   # 0.6 cent more
    (29.994 / 25, "fixed"),
])
def test_better_means_more_than_half_a_cent(pct, better):
    one = LINES.assign(units_per_year=1.0)
    assert project_scenario(one, pct_of_medicare=pct, years=1).better == better


def test_no_units_means_no_break_even():
    r = project_scenario(LINES.assign(units_per_year=0.0), pct_of_medicare=1.0, years=2)
    assert math.isnan(r.break_even_pct_of_medicare)
    assert (r.fixed_total, r.pct_total, r.better) == (0.0, 0.0, "equal")


@pytest.mark.parametrize("pct", [0.0, 1e-6, 0.0999, 5.0001, 9.0, -0.5])
def test_a_percent_of_medicare_outside_the_tables_range_is_refused(pct):
    """The projection took 0% (and 0.0001%) of Medicare as a contract's term, which the
    tables, ``scenario --pct-of-medicare`` and FIXED_VS_PCT all refuse: one range
    (limits.PCT_OF_MEDICARE_RANGE), 10% to 500%."""
    with pytest.raises(InputError, match=r"^pct_of_medicare: expected a percent of Medicare "
                                         r"from 10% to 500% \(0\.1 to 5, 1\.0 = 100%\), "
                                         r"got "):
        project_scenario(LINES, pct_of_medicare=pct, years=2)


@pytest.mark.parametrize("pct", [0.1, 5.0])
def test_the_ends_of_the_range_are_projected(pct):
    # 1,000 units of a $25 Medicare amount: $2,500 a year at 10%, $125,000 at 500%
    r = project_scenario(LINES, pct_of_medicare=pct, years=2)
    assert r.pct_total == pytest.approx(2 * 1_000 * round(25 * pct, 2))


@pytest.mark.parametrize("escalator", [-0.51, 0.51, [0.02, 0.6]])
def test_an_escalator_outside_the_tables_range_is_refused(escalator):
    """The projection took a 60% escalator, which the tables, ``scenario --escalator`` and
    FIXED_VS_PCT refuse (-50% to 50%)."""
    with pytest.raises(InputError, match=r"^escalator: expected a yearly escalator from -50% to "
                                         r"50% \(-0\.5 to 0\.5, 1\.0 = 100%\), got "):
        project_scenario(LINES, pct_of_medicare=1.0, years=3, escalator=escalator)


def test_exactly_half_a_cent_apart_is_not_equal():
    # 0.005 against 10% of $0.04, $0.004 paid as $0.00: half-up, 0.01 against 0.00, different
    # cents
    one = pd.DataFrame({"code": ["X"], "units_per_year": [1.0], "fixed_rate": [0.005],
                        "medicare_amount": [0.04]})
    assert project_scenario(one, pct_of_medicare=0.1, years=1).better == "fixed"


@pytest.mark.parametrize("years", [True, 2.5, "3"])
def test_years_must_be_a_whole_number(years):
    with pytest.raises(InputError,
                       match=r"^years: expected a whole number of years from 1 to 50, got "):
        project_scenario(LINES, pct_of_medicare=1.0, years=years)


def test_the_core_bounds_the_horizon_as_the_command_and_settings_do() -> None:
    from ratecalc import scenarios as core
    from ratecalc.errors import InputError
    from ratecalc.limits import MAX_SCENARIO_YEARS
    from ratecalc.validation import _RANGES

    assert _RANGES["scenario_years"][:2] == (1, MAX_SCENARIO_YEARS)
    lines = core.single_code_lines(1000.0, 27.0, 30.0)
    assert core.project_scenario(lines, pct_of_medicare=1.1, years=MAX_SCENARIO_YEARS).years \
        == MAX_SCENARIO_YEARS
    with pytest.raises(InputError, match="years from 1 to 50"):
        core.project_scenario(lines, pct_of_medicare=1.1, years=10 ** 9)


@given(st.decimals(min_value=-99, max_value=500, places=4, allow_nan=False,
                   allow_infinity=False))
def test_a_percentage_reads_as_the_fraction_it_writes(percent: Decimal) -> None:
    """CF custom typed as a percentage (``-2.8%``) or as its fraction (``-0.028``) is the same
    change, to the last bit: the projection cannot tell how a clerk typed it."""
    fraction = percent / 100
    assert parse_cf_custom(f"{percent}%") == parse_cf_custom(str(fraction)) == [float(fraction)]
    assert parse_cf_custom(f"{percent}%, {fraction}") == [float(fraction)] * 2


@given(st.one_of(st.floats(min_value=-1, max_value=10, allow_nan=False),
                 st.sampled_from([0.0, 0.1, 0.0999999, 5.0, 5.0000001, 1e-9])))
def test_the_projection_takes_a_percent_of_medicare_exactly_when_the_tables_do(
        pct: float) -> None:
    """One range (limits.PCT_OF_MEDICARE_RANGE) for the contracts' cell and the projection
    under ``scenario --pct-of-medicare``, FIXED_VS_PCT and the Scenarios sheet."""
    column = CONTRACTS.column("pct_of_medicare")
    try:
        parse_cell(column, pct)
        tables = True
    except CellError:
        tables = False
    try:
        project_scenario(LINES, pct_of_medicare=pct, years=2)
        projected = True
    except InputError:
        projected = False
    assert projected == tables
