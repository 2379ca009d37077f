"""Ties in each ranked list are judged on the decimals as typed and broken as
``ratecalc.ranking`` states: never by binary noise, the input's order or the capitals of a
name. Every output showing a list is compared in tests/test_tie_order.py."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import ValidationFailed
from ratecalc.payers import known_payer
from ratecalc.priorities import pareto
from ratecalc.proposal import proposal_summary
from ratecalc.ranking import (
    code_key,
    code_order,
    decimal_of,
    impact_order,
    most_first,
    name_key,
    name_order,
    priority_order,
    soonest_first,
    urgency,
    urgency_order,
    volume_order,
)
from ratecalc.timeline import renewal_calendar

#: A Monday: the next day and the one after next but one are business days (Tue, Thu).
TODAY = date(2026, 3, 2)


def test_payers_of_equal_annual_impact_rank_by_name_not_by_binary_noise():
    # Zeta asks 0.10 + 0.20 a year (0.30000000000000004 in binary), Acme 0.30: a tie, so
    # Acme comes first by name (Zeta came first, by the noise)
    proposal = pd.DataFrame({
        "payer": ["Zeta", "Zeta", "Acme"], "code": ["97110", "97140", "97110"],
        "current_rate": [30.0, 30.0, 30.0], "requested_rate": [30.10, 30.20, 30.30],
        "units_per_year": [1.0, 1.0, 1.0], "annual_impact": [0.10, 0.20, 0.30]})
    assert proposal_summary(proposal)["payer"].tolist() == ["Acme", "Zeta"]


def _contract(payer: str, deadline: date) -> dict[str, object]:
    # 90 days' notice of an end date 90 days after a business day: that day is the deadline
    return {"payer": payer, "product": "PPO", "contract_id": payer,
            "effective_date": date(TODAY.year - 1, 1, 1),
            "end_date": deadline + timedelta(days=90), "auto_renew": True, "notice_days": 90,
            "rate_basis": "fixed", "pct_of_medicare": None, "escalator": 0.0}


def test_contracts_of_equal_urgency_rank_by_the_earlier_notice_deadline():
    # Far: $1.05 over 3 days; Near: $0.35 over 1 day: $0.35 a day each (1.05 / 3 is
    # 0.35000000000000003 in binary, and Far came first); Near's deadline is earlier
    contracts = pd.DataFrame([_contract("Far", TODAY + timedelta(days=3)),
                              _contract("Near", TODAY + timedelta(days=1))])
    calendar = renewal_calendar(contracts, dollars_at_stake={"Far": 1.05, "Near": 0.35},
                                as_of=TODAY)
    assert calendar["days_to_notice"].tolist() == [1, 3]
    assert calendar["payer"].tolist() == ["Near", "Far"]


def test_contracts_tying_on_everything_but_the_name_rank_by_name():
    contracts = pd.DataFrame([_contract(p, TODAY + timedelta(days=3))
                              for p in ["cobalt", "Birch", "alder"]])
    calendar = renewal_calendar(contracts, dollars_at_stake=dict.fromkeys("abc", 0.0),
                                as_of=TODAY)
    assert calendar["payer"].tolist() == ["alder", "Birch", "cobalt"]


def test_payers_of_equal_volume_rank_by_name_case_insensitively():
    frame = pd.DataFrame({"payer": ["beta", "Gamma", "Alpha"], "units_per_year": [5.0] * 3})
    assert pareto(frame, "payer", "units_per_year")["payer"].tolist() == [
        "Alpha", "beta", "Gamma"]


def test_names_order_case_insensitively_then_as_typed():
    assert sorted(["b", "A", "a", "B"], key=name_key) == ["A", "a", "B", "b"]
    assert decimal_of(0.1 + 0.2) == decimal_of(0.3)
    assert decimal_of(None) is None


_names = st.text(alphabet="abcABC ", min_size=1, max_size=4)


@given(rows=st.lists(st.tuples(_names, st.sampled_from([0.3, 0.1 + 0.2, 0.6, float("nan")]),
                               st.sampled_from([10, 20, None])),
                     min_size=1, max_size=8, unique_by=lambda r: r[0]),
       seed=st.randoms(use_true_random=False))
def test_a_priority_order_never_depends_on_the_input_order(rows, seed):
    frame = pd.DataFrame(rows, columns=["payer", "dollars_at_stake", "days_to_renewal"])
    frame["notice_deadline"] = None
    shuffled = frame.sample(frac=1.0, random_state=seed.randint(0, 2**31))
    assert priority_order(shuffled)["payer"].tolist() == priority_order(frame)["payer"].tolist()


def test_a_message_listing_payers_lists_them_by_name_case_insensitively():
    with pytest.raises(ValidationFailed) as refused:
        known_payer("Zzyzx Qwerty", ["delta Mutual", "Cobalt Plan", "beacon Health"])
    assert "payers on file: beacon Health, Cobalt Plan, delta Mutual." in str(
        refused.value.problems[0].message)


# --- ties judged on the figure as shown (half-up to cents), not on unseen fractions of a cent

def test_payers_shown_at_the_same_dollars_at_stake_rank_by_the_sooner_renewal():
    # both read $1,000.00 (interpolated medians leave fractions of a cent): the sooner
    # renewal decides, so Soon (10 days) before Later (300 days), whose 1000.004 came first
    table = pd.DataFrame({"payer": ["Later", "Soon"], "dollars_at_stake": [1000.004, 1000.001],
                          "days_to_renewal": [300, 10], "notice_deadline": [None, None]})
    assert priority_order(table)["payer"].tolist() == ["Soon", "Later"]
    # a cent apart as shown is no tie: $1,000.01 (1000.005 rounds half-up) comes first
    table["dollars_at_stake"] = [1000.005, 1000.001]
    assert priority_order(table)["payer"].tolist() == ["Later", "Soon"]


def test_payers_shown_at_the_same_annual_impact_rank_by_name():
    summary = pd.DataFrame({"payer": ["Zeta", "Acme"], "annual_impact": [250.0049, 250.0011]})
    assert impact_order(summary)["payer"].tolist() == ["Acme", "Zeta"]


def test_codes_shown_at_the_same_volume_rank_by_code():
    # units are shown to two decimals: 120.004 and 120.001 both read 120
    totals = pd.DataFrame({"code": ["97530", "97110"], "units_per_year": [120.004, 120.001]})
    assert volume_order(totals, "code", "units_per_year")["code"].tolist() == [
        "97110", "97530"]
    assert code_order(totals)["code"].tolist() == ["97110", "97530"]


def test_urgency_is_the_shown_stake_per_day_to_the_cent():
    # hand-worked: $1,000.00 / 300 = 3.333.. -> 3.33; 10.005 shows $10.01, / 2 = 5.005 -> 5.01
    # (the float 10.01 / 2 is 5.004999..); -$7.00 / 2 = -3.50; blank stake or days -> 0
    assert urgency([1000.004, 10.005, -7.0, None, 5.0], [300, 2, 2, 4, None]).tolist() == [
        3.33, 5.01, -3.5, 0.0, 0.0]
    assert urgency([2.0], [-5]).tolist() == [2.0]  # a deadline passed counts one day


def test_contracts_shown_at_the_same_urgency_rank_by_the_earlier_notice_deadline():
    # Far: $980.00 over 294 days (3.333.. a day), Near: $326.34 over 98 days (3.33): both show
    # $3.33 a day, so the earlier deadline, Near's, decides (Far came first on 3.333..)
    contracts = pd.DataFrame([_contract("Far", TODAY + timedelta(days=294)),
                              _contract("Near", TODAY + timedelta(days=98))])  # Mondays
    calendar = renewal_calendar(contracts, dollars_at_stake={"Far": 980.0, "Near": 326.34},
                                as_of=TODAY)
    days = calendar.set_index("payer")["days_to_notice"]
    assert (days["Near"], days["Far"]) == (98, 294)
    assert calendar["payer"].tolist() == ["Near", "Far"]
    # the column shows the figure the order is judged on
    assert calendar["urgency"].tolist() == [3.33, 3.33]
    assert calendar["urgency"].tolist() == urgency(calendar["dollars_at_stake"],
                                                   calendar["days_to_notice"]).tolist()


# --- the vectorised orders equal the per-value keys' order (sorted() is stable)

_amounts = st.sampled_from([0.3, 0.1 + 0.2, 1000.004, 1000.001, 1000.005, -2.675, 0.0, -0.0,
                            float("nan"), None, float("inf"), 1e17])
_blank_names = st.one_of(st.text(alphabet="aAbB ", max_size=3), st.none(),
                         st.just(float("nan")))
_days = st.one_of(st.integers(-3, 4), st.none())
_dates = st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2026, 1, 6)))


def _reference(frame: pd.DataFrame, key) -> list[int]:
    rows = frame.to_dict("records")
    return sorted(range(len(rows)), key=lambda i: key(rows[i]))


def _positions(ordered: pd.DataFrame) -> list[int]:
    return ordered["row"].tolist()


def _shown_urgency(stake: object, days: object) -> Decimal:
    # independent of ranking.urgency: Decimal arithmetic on the stake as shown
    shown = decimal_of(stake)
    if shown is None or pd.isna(days):
        return Decimal(0)
    if not shown.is_finite():
        return shown
    return (shown / max(int(days), 1)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@given(rows=st.lists(st.tuples(_blank_names, _blank_names, _amounts, _days, _dates, _dates,
                               st.booleans()), max_size=12))
def test_each_vectorised_order_equals_its_reference_key_order(rows):
    frame = pd.DataFrame(rows, columns=["payer", "product", "amount", "days", "deadline", "end",
                                        "ended"])
    frame["row"] = range(len(frame))
    priority = frame.rename(columns={"amount": "dollars_at_stake", "days": "days_to_renewal",
                                     "deadline": "notice_deadline"})
    assert _positions(priority_order(priority)) == _reference(priority, lambda r: (
        most_first(r["dollars_at_stake"]), soonest_first(r["days_to_renewal"]),
        soonest_first(r["notice_deadline"]), name_key(r["payer"])))
    impact = frame.rename(columns={"amount": "annual_impact"})
    assert _positions(impact_order(impact)) == _reference(impact, lambda r: (
        most_first(r["annual_impact"]), name_key(r["payer"])))
    assert _positions(volume_order(frame, "payer", "amount")) == _reference(
        frame, lambda r: (most_first(r["amount"]), name_key(r["payer"])))
    codes = frame.rename(columns={"payer": "code", "amount": "units_per_year"})
    assert _positions(code_order(codes)) == _reference(
        codes, lambda r: code_key(r["code"], r["units_per_year"]))
    assert _positions(name_order(frame, ["payer", "product"])) == _reference(
        frame, lambda r: (name_key(r["payer"]), name_key(r["product"])))
    calendar = frame.assign(status=frame["ended"].map({True: "ended", False: "open"})).rename(
        columns={"amount": "dollars_at_stake", "days": "days_to_notice",
                 "deadline": "notice_deadline", "end": "end_date"})
    assert _positions(urgency_order(calendar, ["ended"])) == _reference(calendar, lambda r: (
        r["status"] == "ended", soonest_first(r["notice_deadline"]),
        -_shown_urgency(r["dollars_at_stake"], r["days_to_notice"]), soonest_first(r["end_date"]),
        name_key(r["payer"]), name_key(r["product"])))
