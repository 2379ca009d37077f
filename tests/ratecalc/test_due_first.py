"""The renewal calendar's "most urgent first" puts what is due or overdue first (walk-8, a San
Jose clinic's five contracts): ranked by dollars at stake a day, Aetna, 360 days from its
notice deadline, came before Blue Shield, 116 days from it, and on 2027-02-01 two upcoming
payers before Blue Shield, whose proposal was due that day. It failed before the fix."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ratecalc.timeline import renewal_calendar

CONTRACTS = pd.DataFrame({
    "payer": ["Blue Shield of California", "Anthem Blue Cross", "Aetna", "UnitedHealthcare"],
    "product": ["PPO", "PPO", "Open Access", "Choice Plus"],
    "end_date": [date(2027, 6, 30), date(2027, 9, 30), date(2028, 2, 29), date(2027, 4, 30)],
    "auto_renew": [False, False, False, True], "notice_days": [90, 90, 90, 120],
    "renewal_months": [12, 12, 12, 12]})
#: the walk's dollars below market a year
STAKE = {"Blue Shield of California": 55.30, "Anthem Blue Cross": 6537.33, "Aetna": 12318.04,
         "UnitedHealthcare": 26634.24}


def _order(day: date) -> list[tuple[str, str]]:
    table = renewal_calendar(CONTRACTS, dollars_at_stake=STAKE, as_of=day)
    return list(zip(table["payer"], table["status"], strict=True))


def test_the_nearer_deadline_comes_first_among_upcoming_contracts() -> None:
    # notice deadlines 2026-12-31 (UnitedHealthcare, negotiate now), then upcoming:
    # 2027-04-01 (Blue Shield, 116 days), 2027-07-02 (Anthem), 2027-12-01 (Aetna)
    assert [p for p, _ in _order(date(2026, 12, 6))] == [
        "UnitedHealthcare", "Blue Shield of California", "Anthem Blue Cross", "Aetna"]


def test_a_proposal_due_comes_before_upcoming_contracts() -> None:
    # UnitedHealthcare's notice deadline (2026-12-31) passed: overdue, first; Blue Shield's
    # proposal is due (negotiate now) before the two upcoming payers, which rank by deadline
    assert _order(date(2027, 2, 1)) == [
        ("UnitedHealthcare", "notice deadline passed"),
        ("Blue Shield of California", "negotiate now"),
        ("Anthem Blue Cross", "upcoming"), ("Aetna", "upcoming")]
