"""``schedule_rates``: the one rule for the rate a payer's fee schedule sets on a date."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.modifiers import PRICING_MODIFIERS
from ratecalc.rates import schedule_rates, scheduled_changes
from tests.strategies import rates

AS_OF = date(2026, 6, 1)
MODIFIERS = ("", "GP", "GO", "GN", "59", "KX", "CQ", "CO", "26", "TC")

rows = st.lists(st.tuples(st.sampled_from(("A", "B")), st.sampled_from(("97110", "97140")),
                          st.sampled_from(MODIFIERS), rates,
                          st.integers(min_value=-3, max_value=2)),  # few days: ties
                min_size=1, max_size=12)


def _table(drawn: list[tuple[str, str, str, float, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"payer": p, "code": c, "modifier": m, "allowed_amount": a,
                          "effective_date": AS_OF + timedelta(days=d)}
                         for p, c, m, a, d in drawn])


def _rates(table: pd.DataFrame) -> dict[tuple[str, str], float]:
    out = schedule_rates(table, AS_OF)
    return dict(zip(zip(out["payer"], out["code"], strict=True), out["schedule_rate"],
                    strict=True))


def test_by_hand() -> None:
    table = _table([
        ("A", "97110", "", 30.00, -300),   # plain, older
        ("A", "97110", "GP", 35.00, -1),   # newer discipline row: in force
        ("A", "97110", "CQ", 25.00, 0),    # assistant rate: never
        ("A", "97110", "", 40.00, 1),      # not yet in force
        ("A", "97140", "GO", 27.00, -10),  # same date: the plain row wins
        ("A", "97140", "", 26.00, -10),
        ("B", "97110", "26", 99.00, -5),   # a component only: no rate
    ])
    assert _rates(table) == {("A", "97110"): 35.00, ("A", "97140"): 26.00}
    assert schedule_rates(table.iloc[0:0], AS_OF).empty


@given(rows)
def test_the_rate_is_a_latest_row_in_force_without_a_pricing_modifier(drawn) -> None:
    # the rule read off the drawn rows in plain Python (days from AS_OF: 0 or less is in force)
    counted = [row for row in drawn if row[4] <= 0 and row[2] not in PRICING_MODIFIERS]
    got = _rates(_table(drawn))
    assert set(got) == {(payer, code) for payer, code, *_ in counted}
    for (payer, code), rate in got.items():
        own = [row for row in counted if row[:2] == (payer, code)]
        latest = [row for row in own if row[4] == max(r[4] for r in own)]
        plain = [row for row in latest if row[2] == ""]
        assert rate == (plain or latest)[0][3]  # the first such row, in the table's order


@given(rows, st.sampled_from(sorted(PRICING_MODIFIERS)), rates)
def test_pricing_modifier_and_future_rows_never_change_the_rates(drawn, modifier, amount) -> None:
    table = _table(drawn)
    # every pair's extra rows at once: a pair's rate must not move for its own rows nor for
    # another pair's (one call per example, where a call per pair was most of the suite's time)
    extra = _table([row for payer, code in sorted({(p, c) for p, c, *_ in drawn})
                    for row in ((payer, code, modifier, amount, 0), (payer, code, "", amount, 1))])
    assert _rates(pd.concat([table, extra], ignore_index=True)) == _rates(table)


@given(rows, st.sampled_from(("", "GP", "GO", "GN", "59")), rates)
def test_a_newer_row_without_a_pricing_modifier_becomes_the_rate(drawn, modifier, amount
                                                                   ) -> None:
    earlier = [row for row in drawn if row[4] < 0]
    payer, code = drawn[0][0], drawn[0][1]
    table = _table([*earlier, (payer, code, modifier, amount, 0)])
    assert _rates(table)[(payer, code)] == amount


def test_scheduled_changes_by_hand() -> None:
    """A rate the payer agreed for later is on file but not in force: it is named with the
    day it takes effect and the rate then (the same rule as the rate in force)."""
    table = _table([
        ("A", "97110", "", 25.22, -300),   # in force now
        ("A", "97110", "", 30.00, 31),     # next: named
        ("A", "97110", "", 31.00, 60),     # after that: not the next
        ("A", "97110", "GP", 29.00, 31),   # same day as a plain row: the plain one is the rate
        ("A", "97140", "CQ", 20.00, 10),   # an assistant's rate: never the code's rate
        ("B", "97140", "GO", 40.00, 5),    # a discipline row ahead
        ("B", "97110", "", 28.00, 0),      # in force on the day itself: not ahead
    ])
    ahead = scheduled_changes(table, AS_OF)
    assert ahead.to_dict("records") == [
        {"payer": "A", "code": "97110", "effective_date": AS_OF + timedelta(days=31),
         "schedule_rate": 30.00},
        {"payer": "B", "code": "97140", "effective_date": AS_OF + timedelta(days=5),
         "schedule_rate": 40.00},
    ]
    assert scheduled_changes(table.iloc[:1], AS_OF).empty


@given(rows)
def test_a_scheduled_change_is_the_rate_in_force_on_its_day(drawn) -> None:
    """The rate named is the one in force on its day, and until the day before the rate in
    force is still the analysis date's: it is the next change, not a later one."""
    table = _table(drawn)
    now = _rates(table)
    for r in scheduled_changes(table, AS_OF).itertuples():
        assert r.effective_date > AS_OF
        then = schedule_rates(table, r.effective_date).set_index(["payer", "code"])
        assert then.loc[(r.payer, r.code), "schedule_rate"] == r.schedule_rate
        day_before = schedule_rates(table, r.effective_date - timedelta(days=1))
        before = dict(zip(zip(day_before["payer"], day_before["code"], strict=True),
                          day_before["schedule_rate"], strict=True))
        assert before.get((r.payer, r.code)) == now.get((r.payer, r.code))


def test_the_analysis_names_a_rate_agreed_for_later() -> None:
    """The reviewer's case: Summit to pay $30.00 for 97110 from 2027-01-01, before its term
    ends (2027-03-31); the proposal asked $29.00 (+15% on today's $25.22) and said nothing.
    Now it builds on the $30.00, and the warning says so."""
    from dataclasses import replace

    from ratecalc.analysis import analyze
    from ratecalc.demo import demo_data

    data = demo_data(date(2026, 12, 4))
    schedules = data.fee_schedules
    summit = schedules[(schedules["payer"] == "Summit BlueCare PPO")
                       & (schedules["code"] == "97110")].iloc[[0]]
    later = summit.assign(allowed_amount=30.0, effective_date=pd.Timestamp(2027, 1, 1))
    changed = replace(data, fee_schedules=pd.concat([schedules, later], ignore_index=True))
    said = [p.message for p in analyze(changed).warnings if "take effect after" in p.message]
    assert said == [
        "Fee Schedules: Summit BlueCare PPO has rates on file that take effect after the "
        "analysis date 2026-12-04: 97110 $30.00 from 2027-01-01 ($25.22 now). The comparison "
        "uses the rates in force on 2026-12-04; the proposal builds on the rates in force "
        "when its new term begins on 2027-04-01, including the rate agreed for 97110"]
    assert not [p for p in analyze(data).warnings if "take effect after" in p.message]


def test_the_analysis_prepares_the_fee_schedules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read on the analysis date, on each payer's new-term start and for the changes ahead:
    the rows that can set a rate are prepared once, and read alike each time."""
    from ratecalc import rates as rate_rules
    from ratecalc.analysis import analyze
    from ratecalc.demo import demo_data

    data = demo_data()
    before = analyze(data)
    calls: list[int] = []
    real = rate_rules.code_rate_rows

    def counted(fee_schedules: pd.DataFrame) -> pd.DataFrame:
        calls.append(len(fee_schedules))
        return real(fee_schedules)

    monkeypatch.setattr(rate_rules, "code_rate_rows", counted)
    after = analyze(data)
    assert calls == [len(data.fee_schedules)]
    assert after.comparison.equals(before.comparison) and after.proposal.equals(before.proposal)
    as_of, fees = data.settings.as_of, data.fee_schedules
    prepared = real(fees)
    for day in (as_of, as_of + timedelta(days=400)):
        assert schedule_rates(fees, day, prepared=prepared).equals(schedule_rates(fees, day))
        assert scheduled_changes(fees, day - timedelta(days=400), prepared=prepared).equals(
            scheduled_changes(fees, day - timedelta(days=400)))
