"""The Fee Schedules rows an 835 import adds: each rate paid from the day it came into force,
only where it changes the rate in force, and a warning naming each that differs from the
payer's fee schedule.

Found by a review: 97110 paid at the schedule's 25.22 three times, then 30.00 from November,
was added as one row "25.22 from February" without a word (the proposal then asked less than
the payer already paid); 25.22 then 30.00 was added as 27.61, which no line was paid.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ratecalc.dataset import ClinicData
from ratecalc.money import money_text
from ratecalc.rates import schedule_rates
from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835
from ratecalc_workbook.imports import import_remittances
from ratecalc_workbook.reader import read_workbook
from tests.workbook.conftest import NOW

PAYER = "Summit BlueCare PPO"
CHARGE = Decimal("100.00")


def _start(data: ClinicData) -> date:
    """A day after every Fee Schedules row of the payer's 97110: the rates paid are compared
    with the schedule's, whatever day the demo's rows have."""
    rows = data.fee_schedules
    own = rows[(rows["payer"] == PAYER) & (rows["code"] == "97110")]
    return pd.Timestamp(own["effective_date"].max()).date() + timedelta(days=40)


def _held(data: ClinicData, day: date) -> Decimal:
    """The payer's 97110 rate in force that day, as every output reads it."""
    held = schedule_rates(data.fee_schedules, day, contracts=data.contracts)
    rate = held.set_index(["payer", "code"]).at[(PAYER, "97110"), "schedule_rate"]
    return Decimal(str(round(float(rate), 2)))


def _import(book: Path, tmp_path: Path, paid: list[tuple[date, Decimal]]):  # noqa: ANN202
    claims = tuple(ClaimSpec(f"R{i}", (LineSpec(
        "97110", CHARGE, rate, (("CO", "45", CHARGE - rate),), ("GP",), Decimal(1), day),))
        for i, (day, rate) in enumerate(paid, start=1))
    path = tmp_path / "summit.835"
    path.write_text(write_835([PaymentSpec("SUMMIT BLUECARE", "SBC01",
                                           max(d for d, _ in paid) + timedelta(days=20),
                                           claims)]))
    return import_remittances(book, path, payer=PAYER, now=NOW)


def _added(book: Path, before: ClinicData) -> list[tuple[float, date]]:
    after, problems = read_workbook(book)
    assert after is not None, [p.message for p in problems]
    added = after.fee_schedules.iloc[len(before.fee_schedules):]
    return [(round(float(a), 2), pd.Timestamp(d).date()) for a, d in zip(
        added["allowed_amount"], added["effective_date"], strict=True)]


def _said(outcome) -> list[str]:  # noqa: ANN001
    found = [p for p in outcome.problems if "show other rates than its fee schedule" in p.rule]
    if not found:
        return []
    [said] = found
    return said.rule.split(": ", 1)[1].split("; they are added")[0].split("; ")


def test_a_raise_late_in_the_year_is_added_from_its_day_and_named(demo_inputs, demo_copy,
                                                                    tmp_path):
    start = _start(demo_inputs)
    days = [start, start + timedelta(days=91), start + timedelta(days=182),
            start + timedelta(days=273)]
    schedule = [_held(demo_inputs, d) for d in days]
    raised = schedule[-1] + Decimal("4.78")
    outcome = _import(demo_copy, tmp_path, [*zip(days[:3], schedule[:3], strict=True),
                                            (days[3], raised)])
    assert outcome.ok
    # the schedule's rate, paid, needs no row; the raise is a row from its first day
    assert _added(demo_copy, demo_inputs) == [(float(raised), days[3])]
    assert outcome.appended["fee_schedules"] == 1
    assert outcome.already["fee_schedules"] >= 1
    [named] = _said(outcome)
    assert named.startswith(f"97110 {money_text(raised)} a unit from {days[3].isoformat()} "
                            f"(fee schedule {money_text(schedule[-1])} from ")


def test_two_rates_paid_are_never_added_as_their_average(demo_inputs, demo_copy, tmp_path):
    start = _start(demo_inputs)
    late = start + timedelta(days=273)
    first, raised = _held(demo_inputs, start), _held(demo_inputs, late) + Decimal("4.78")
    outcome = _import(demo_copy, tmp_path, [(start, first), (late, raised)])
    assert _added(demo_copy, demo_inputs) == [(float(raised), late)]
    assert [n.split(" (")[0] for n in _said(outcome)] == [
        f"97110 {money_text(raised)} a unit from {late.isoformat()}"]


def test_a_return_to_the_schedule_ends_the_rate_paid_before(demo_inputs, demo_copy, tmp_path):
    start = _start(demo_inputs)
    days = [start + timedelta(days=7 * k) for k in range(4)]
    held = [_held(demo_inputs, d) for d in days]
    other = held[1] - Decimal("2.00")
    # the schedule's rate, two claims at another, the schedule's again
    outcome = _import(demo_copy, tmp_path, [(days[0], held[0]), (days[1], other),
                                            (days[2], other), (days[3], held[3])])
    assert _added(demo_copy, demo_inputs) == [(float(other), days[1]),
                                              (float(held[3]), days[3])]
    # only the rate other than the schedule's is named
    assert [n.split(" (")[0] for n in _said(outcome)] == [
        f"97110 {money_text(other)} a unit from {days[1].isoformat()}"]


def test_a_rate_paid_on_across_a_change_of_the_schedule_is_restated_from_then(
        demo_inputs, demo_copy, tmp_path):
    # 97110 paid the same rate before and after the schedule's newest row: from that row's
    # day the schedule's rate would replace it in every output, although the payer went on
    # paying the rate; so it is added again from the first day paid after the change
    change = _start(demo_inputs) - timedelta(days=40)  # the schedule's newest 97110 row
    before, after = change - timedelta(days=30), change + timedelta(days=60)
    paid = max(_held(demo_inputs, before), _held(demo_inputs, after)) + Decimal("3.00")
    outcome = _import(demo_copy, tmp_path, [(before, paid), (after, paid)])
    assert _added(demo_copy, demo_inputs) == [(float(paid), before), (float(paid), after)]
    assert [n.split(" (")[0] for n in _said(outcome)] == [
        f"97110 {money_text(paid)} a unit from {before.isoformat()}",
        f"97110 {money_text(paid)} a unit from {after.isoformat()}"]


def test_one_payer_in_other_capitals_across_files_is_imported_under_its_name(
        demo_inputs, demo_copy, tmp_path):
    # October's file names the payer in capitals, November's as typed: one payer, whose rows
    # --payer names (the import was refused: "the files hold 2 payers")
    start = _start(demo_inputs)
    rate = _held(demo_inputs, start) + Decimal("1.00")
    files = []
    for number, (name, day) in enumerate([("SUMMIT BLUECARE", start),
                                          ("Summit  BlueCare", start + timedelta(days=30))]):
        path = tmp_path / f"{number}.835"
        path.write_text(write_835([PaymentSpec(name, "SBC01", day + timedelta(days=20), (
            ClaimSpec(f"S{number}", (LineSpec("97110", CHARGE, rate,
                                              (("CO", "45", CHARGE - rate),), ("GP",),
                                              Decimal(1), day),)),), check_number=f"T{number}")]))
        files.append(path)
    outcome = import_remittances(demo_copy, files, payer=PAYER, now=NOW)
    assert outcome.ok, [p.message for p in outcome.problems]
    # one rate paid, from the first day it was paid: one row, named once in the warning
    assert _added(demo_copy, demo_inputs) == [(float(rate), start)]
    assert len(_said(outcome)) == 1
