"""Ties in each ranked list are judged on the decimals as typed and broken as
``ratecalc.ranking`` states: never by binary noise, the input's order or the capitals of a
name. Every output showing a list is compared in tests/test_tie_order.py."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import ValidationFailed
from ratecalc.payers import known_payer
from ratecalc.priorities import pareto
from ratecalc.proposal import proposal_summary
from ratecalc.ranking import decimal_of, name_key, priority_order
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
