"""Expected payment per visit: MPPR, CQ/CO, sequestration; effective rate per visit per payer."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError, NotPayableError, UnknownCodeError
from ratecalc.medicare import medicare_amount
from ratecalc.money import round_cents
from ratecalc.rates import schedule_rates
from ratecalc.visit_payment import (
    MEDICARE_RULES,
    PaymentRules,
    effective_rate_per_visit,
    medicare_rates,
    medicare_visit_payment,
    payer_rates_from_tables,
    rules_from_contract,
    visit_payment,
)
from tests.strategies import rates

# CMS's own 2025 payment-amount file, Alabama (10112-00): non-facility and MPPR-reduced amounts.
ALABAMA_2025 = pd.DataFrame({
    "code": ["97110", "97140", "97112"],
    "rate": [26.83, 25.34, 29.85],
    "mppr_rate": [20.79, 19.72, 23.11],
    "mppr_eligible": [True, True, True],
})
VISIT = pd.DataFrame({"code": ["97110", "97140", "97112"], "units": [2, 1, 1]})
NO_SEQUESTRATION = PaymentRules(mppr_rule="medicare", assistant_reduction=0.15,
                                coinsurance=0.20, assistant_after_coinsurance=True)


def test_medicare_mppr_by_hand():
    # PE part of each unit = full - reduced: 97110 6.04, 97140 5.62, 97112 6.74.
    # 97112 has the highest PE: its unit is paid in full; the other units are reduced:
    # 29.85 + 2 x 20.79 + 19.72 = 29.85 + 41.58 + 19.72 = 91.15
    r = visit_payment(VISIT, ALABAMA_2025, NO_SEQUESTRATION)
    assert r.allowed == pytest.approx(91.15)
    assert r.lines.set_index("code")["allowed"].to_dict() == pytest.approx(
        {"97110": 41.58, "97140": 19.72, "97112": 29.85})
    # without MPPR: 2 x 26.83 + 25.34 + 29.85 = 108.85, so MPPR costs 17.70
    assert r.lines["mppr_reduction"].sum() == pytest.approx(108.85 - 91.15)
    # patient 20% = 18.23; Medicare 80% = 72.92
    assert r.patient_share == pytest.approx(18.23)
    assert r.payer_payment == pytest.approx(72.92)


def test_medicare_cq_and_sequestration_by_hand():
    # CQ on the 97110 line (41.58 allowed). Coinsurance stays 20% of the full allowed:
    # patient 0.2 x 91.15 = 18.23
    # Medicare: 0.8 x 0.98 x (29.85 + 19.72) + 0.8 x 0.85 x 0.98 x 41.58
    #         = 0.784 x 49.57 + 0.6664 x 41.58 = 38.86288 + 27.708912 = 66.571792
    # total 18.23 + 66.571792 = 84.801792
    visit = VISIT.assign(assistant=[True, False, False])
    r = visit_payment(visit, ALABAMA_2025, MEDICARE_RULES)
    assert r.patient_share == pytest.approx(18.23)
    assert r.payer_payment == pytest.approx(66.571792)
    assert r.total_payment == pytest.approx(84.801792)
    cq = r.lines.set_index("code").loc["97110"]
    assert cq["assistant_cut"] == pytest.approx(0.8 * 0.15 * 41.58)
    assert r.lines["sequestration_cut"].sum() == pytest.approx(
        0.02 * (0.8 * 49.57 + 0.8 * 0.85 * 41.58))


def test_single_unit_against_the_medicare_engine():
    # one CQ unit of 97110 with sequestration, from the published fee-schedule amount 26.83:
    # 26.83 x (0.2 + 0.8 x 0.85 x 0.98) = 26.83 x 0.8664 = 23.245512 -> 23.25
    lines = pd.DataFrame({"code": ["97110"], "units": [1], "assistant": [True]})
    r = visit_payment(lines, ALABAMA_2025, MEDICARE_RULES)
    assert r.total_payment == pytest.approx(23.245512)
    assert round_cents(r.total_payment) == 23.25
    # The fee-schedule engine also starts from the published amount: the two agree to the cent.
    engine = medicare_amount("97110", "10112-00", "2025-06-01", assistant=True,
                             sequestration=True)
    assert engine == round_cents(r.total_payment)


def test_medicare_visit_through_the_fee_schedule_engine():
    r = medicare_visit_payment(VISIT, "10112-00", date(2025, 6, 1), sequestration=False)
    assert r.allowed == pytest.approx(91.15)
    rates = medicare_rates(["97110"], "10112-00", "2025-06-01")
    assert rates.iloc[0][["rate", "mppr_rate"]].tolist() == [26.83, 20.79]
    with pytest.raises(UnknownCodeError, match="97999"):
        medicare_visit_payment(pd.DataFrame({"code": ["97999"], "units": [1]}), "10112-00",
                               "2025-06-01")
    with pytest.raises(NotPayableError, match="97014"):
        medicare_rates(["97014"], "10112-00", "2025-06-01")


COMMERCIAL = pd.DataFrame({"code": ["97110", "97140", "97112"], "rate": [30.0, 28.0, 32.0],
                           "mppr_eligible": [True, True, True]})


def test_whole_line_rule_and_commercial_assistant_cut():
    # lines: 97110 2 x 30 = 60, 97140 28, 97112 32. The highest line (97110, 60) is paid in
    # full, the others at 50%: 60 + 14 + 16 = 90.
    # CQ on 97140 at a 15% cut of the allowed: 14 x 0.85 = 11.90 -> 60 + 11.90 + 16 = 87.90
    rules = PaymentRules(mppr_rule="whole_line", assistant_reduction=0.15)
    assert visit_payment(VISIT, COMMERCIAL, rules).allowed == pytest.approx(90.0)
    r = visit_payment(VISIT.assign(assistant=[False, True, False]), COMMERCIAL, rules)
    assert r.total_payment == pytest.approx(87.90)
    assert r.payer_payment == pytest.approx(87.90)  # no coinsurance split given
    assert visit_payment(VISIT, COMMERCIAL, PaymentRules()).allowed == pytest.approx(120.0)


def test_rules_from_a_contract_row():
    assert rules_from_contract({"mppr_rule": "whole_line", "assistant_reduction": 0.15}) == \
        PaymentRules(mppr_rule="whole_line", assistant_reduction=0.15)
    assert rules_from_contract(pd.Series({"mppr_rule": None, "assistant_reduction": None})) == \
        PaymentRules()
    with pytest.raises(InputError, match="mppr_rule: expected one of none, medicare, whole_line"):
        PaymentRules(mppr_rule="half")
    with pytest.raises(InputError, match=r"^assistant_reduction: expected a reduction from 0% "
                                         r"to 100% \(0 to 1, 1\.0 = 100%\), got 15$"):
        PaymentRules(assistant_reduction=15)


def test_bad_visit_lines():
    with pytest.raises(UnknownCodeError, match=r"code\(s\) 97999: no rate for Acme"):
        visit_payment(pd.DataFrame({"code": ["97999"], "units": [1]}), COMMERCIAL, PaymentRules(),
                      payer="Acme")
    with pytest.raises(InputError, match=r"units: expected a whole number of units >= 0 for "
                                         r"code 97110, got -1"):
        visit_payment(pd.DataFrame({"code": ["97110"], "units": [-1]}), COMMERCIAL,
                      PaymentRules())
    with pytest.raises(InputError, match=r"got 1.5"):
        visit_payment(pd.DataFrame({"code": ["97110"], "units": [1.5]}), COMMERCIAL,
                      PaymentRules())


MIX = pd.DataFrame({
    "visit": ["A", "A", "B", "B"], "weight": [3, 3, 1, 1],
    "code": ["97110", "97140", "97161", "97110"], "units": [2, 1, 1, 1],
})
PAYER_RATES = pd.DataFrame({
    "payer": ["P1"] * 3 + ["P2"] * 3,
    "code": ["97110", "97140", "97161"] * 2,
    "rate": [30.0, 28.0, 100.0, 25.0, 24.0, 90.0],
    "mppr_eligible": [True] * 6,
})
PAYER_RULES = {"P1": PaymentRules(), "P2": PaymentRules(mppr_rule="whole_line")}


def test_effective_rate_per_visit_by_hand():
    # P1, no reduction: A = 2 x 30 + 28 = 88; B = 100 + 30 = 130 -> (3 x 88 + 130) / 4 = 98.50
    # P2, whole line:   A = 50 + 24 x 0.5 = 62; B = 90 + 25 x 0.5 = 102.5
    #                   -> (3 x 62 + 102.5) / 4 = 288.5 / 4 = 72.125
    table = effective_rate_per_visit(MIX, PAYER_RATES, PAYER_RULES).set_index("payer")
    assert table["effective_rate_per_visit"].to_dict() == pytest.approx(
        {"P1": 98.5, "P2": 72.125})
    assert table.loc["P2", "mppr_reduction_per_visit"] == pytest.approx((3 * 12 + 12.5) / 4)


def test_effective_rate_matches_visit_by_visit():
    table = effective_rate_per_visit(MIX, PAYER_RATES, PAYER_RULES).set_index("payer")
    for payer, rules in PAYER_RULES.items():
        rates = PAYER_RATES[PAYER_RATES["payer"] == payer]
        totals = {v: visit_payment(g, rates, rules).total_payment
                  for v, g in MIX.groupby("visit")}
        expected = (3 * totals["A"] + 1 * totals["B"]) / 4
        assert table.loc[payer, "effective_rate_per_visit"] == pytest.approx(expected)


def test_effective_rate_errors():
    with pytest.raises(UnknownCodeError, match=r"payer 'P2' has no rate for code\(s\) 97161"):
        effective_rate_per_visit(MIX, PAYER_RATES.drop(index=5), PAYER_RULES)
    with pytest.raises(InputError, match=r"no rules for payer\(s\) P2"):
        effective_rate_per_visit(MIX, PAYER_RATES, {"P1": PaymentRules()})
    with pytest.raises(InputError, match="visit 'A' has different weights"):
        effective_rate_per_visit(MIX.assign(weight=[3, 2, 1, 1]), PAYER_RATES, PAYER_RULES)


def test_rates_and_rules_from_the_tables():
    fees = pd.DataFrame({
        "payer": ["Acme"] * 4, "code": ["97110", "97110", "97110", "97140"],
        "modifier": ["GP", "", "CQ", ""], "allowed_amount": [31.0, 30.0, 25.5, 28.0],
        "effective_date": [date(2025, 1, 1)] * 4,
    })
    # same date: the plain row (30.00) beats the GP row; the CQ row is an assistant rate
    assert schedule_rates(fees, date(2025, 6, 1)).set_index("code")[
        "schedule_rate"].to_dict() == {"97110": 30.0, "97140": 28.0}
    contracts = pd.DataFrame({"payer": ["Acme", "Pct"], "mppr_rule": ["medicare", "none"],
                              "assistant_reduction": [0.15, 0.0],
                              "rate_basis": ["fixed", "pct_of_medicare"],
                              "pct_of_medicare": [None, 1.1]})
    rates, rules = payer_rates_from_tables(contracts, fees, ALABAMA_2025, as_of=date(2025, 6, 1))
    acme = rates[rates["payer"] == "Acme"].set_index("code")
    # Medicare's MPPR on Acme's own rate: 30 x 20.79 / 26.83
    assert acme.loc["97110", "mppr_rate"] == pytest.approx(30 * 20.79 / 26.83)
    assert rules["Acme"] == PaymentRules(mppr_rule="medicare", assistant_reduction=0.15)
    # the percent-of-Medicare payer without a fee schedule: 110% of each Medicare amount,
    # rounded half-up to cents as the analysis prices it (29.513, 27.874, 32.835)
    pct = rates[rates["payer"] == "Pct"].set_index("code")["rate"]
    assert pct.to_dict() == {"97110": 29.51, "97140": 27.87, "97112": 32.84}


def test_inputs_not_mutated():
    before_mix, before_rates = MIX.copy(), PAYER_RATES.copy()
    effective_rate_per_visit(MIX, PAYER_RATES, PAYER_RULES)
    pd.testing.assert_frame_equal(MIX, before_mix)
    pd.testing.assert_frame_equal(PAYER_RATES, before_rates)


@settings(max_examples=80, deadline=None)
@given(units=st.lists(st.integers(0, 4), min_size=3, max_size=3),
       cq=st.lists(st.booleans(), min_size=3, max_size=3), rate=rates)
def test_reductions_never_raise_payment(units, cq, rate):
    visit = pd.DataFrame({"code": ["97110", "97140", "97112"], "units": units, "assistant": cq})
    full = visit_payment(visit, ALABAMA_2025, PaymentRules())
    reduced = visit_payment(visit, ALABAMA_2025, MEDICARE_RULES)
    assert reduced.total_payment <= full.total_payment + 1e-9
    assert reduced.allowed <= full.allowed + 1e-9
    # MPPR pays at least the reduced amount for every unit, and at most one unit in full
    floor = sum(u * r for u, r in zip(units, ALABAMA_2025["mppr_rate"], strict=True))
    assert floor - 1e-9 <= reduced.allowed <= floor + max(ALABAMA_2025["rate"]
                                                           - ALABAMA_2025["mppr_rate"]) + 1e-9


def test_payers_without_rules_are_named_by_name_case_insensitively():
    # 'alpha' before 'Beta' (a plain sort put the capitals first: Beta, alpha)
    rates = PAYER_RATES.assign(payer=["Beta"] * 3 + ["alpha"] * 3)
    with pytest.raises(InputError, match=r"no rules for payer\(s\) alpha, Beta$"):
        effective_rate_per_visit(MIX, rates, {"P1": PaymentRules()})
