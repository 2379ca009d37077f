"""A fixed contract's escalator raises its rates on each anniversary, and every output that prices
the payer's rates on a day reads them so (:func:`ratecalc.rates.escalated_schedule`, inside
:func:`ratecalc.rates.schedule_rates`). Before, the proposal's current rate at the new term's
start, the Scenarios' year 1 and the exit estimate built on the fee-schedule row as written, while
the scenario raised the same rates by the same escalator from year 2 on.

Worked by hand, as of TODAY (every date counted from it; the clinic is
:func:`tests.test_scheduled_rates.clinic`'s, its contract raising 2% a year): Alpha Health's
contract took effect TODAY - 700 days (2025-01-03), auto-renews, and its term ends TODAY + 200
days, so its new term begins 2027-06-23. Its rows: 97110 $30.00 and 97140 $40.00, both from
TODAY - 300 days (2026-02-07), after the first anniversary (2026-01-03, in their rates already).
The second anniversary, 2027-01-03, falls before the new term begins and raises them to $30.60
and $40.80; the third (2028-01-03) is after it. On the analysis date nothing has been raised
since the rows: the Comparison shows $30.00 and $40.00.

- Proposal: 97110 built on $30.60; the market ($31.00) is less than 5% above it, so the ask is
  the 5% minimum, $32.13: $1.53 x 100 units = $153.00 a year. 97140 built on $40.80; the market
  $44.00 is between +5% ($42.84) and +15% ($46.92): asked, $3.20 x 50 = $160.00. $313.00 in all
  (built on the rows as written it was $150.00 + $200.00 = $350.00).
- Scenarios' year 1 and the exit estimate: 100 x $30.60 + 50 x $40.80 = $3,060.00 + $2,040.00
  = $5,100.00 (was $5,000.00); 120 visits, $42.50 a visit (was $41.67).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.money import round_cents
from ratecalc.rates import escalated_rate, escalation_days, schedule_rates
from ratecalc.table_export import write_clinic_tables
from ratecalc.timeline import months_after
from ratecalc_cli.main import main
from ratecalc_workbook.results import compute_results
from tests.test_scheduled_rates import PAYER, TODAY, clinic, new_term

RAISED_ON = date(2027, 1, 3)  # the contract's second anniversary: TODAY + 30 days


def escalating(today: date = TODAY, escalator: float = 0.02) -> ClinicData:
    data = clinic(today, fees=[("97110", 30.00, today - timedelta(days=300)),
                               ("97140", 40.00, today - timedelta(days=300))])
    return replace(data, contracts=data.contracts.assign(escalator=escalator),
                   settings=replace(data.settings, cf_path="flat"))


def _row(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame[(frame["payer"] == PAYER) & (frame["code"].astype(str) == code)].iloc[0]


def test_the_dates_of_the_worked_example() -> None:
    start = TODAY - timedelta(days=700)
    assert (start, months_after(start, 24), new_term(TODAY)) == \
        (date(2025, 1, 3), RAISED_ON, date(2027, 6, 23))


def test_the_proposal_builds_on_the_escalated_rate() -> None:
    a = analyze(escalating())
    assert _row(a.comparison, "97110")["allowed_amount"] == 30.00  # the analysis date's
    assert _row(a.comparison, "97140")["allowed_amount"] == 40.00
    first, second = _row(a.proposal, "97110"), _row(a.proposal, "97140")
    assert (first["current_rate"], first["requested_rate"], first["annual_impact"]) == \
        (30.60, 32.13, 153.00)
    assert (second["current_rate"], second["requested_rate"], second["annual_impact"]) == \
        (40.80, 44.00, 160.00)
    assert a.proposal_summary.set_index("payer").loc[PAYER, "annual_impact"] == 313.00
    assert (first["rate_today"], first["rate_agreed_from"]) == (30.00, RAISED_ON)
    assert first["reason"] == (
        f"raised by its contract's 2% escalator to $30.60 from {RAISED_ON.isoformat()}; below "
        f"market by less than the minimum increase, which takes it above market")


def test_every_output_prices_the_new_term_on_the_escalated_rates(tmp_path: Path,
                                                                 capsys) -> None:
    data = escalating()
    results = compute_results(data, now=datetime.combine(TODAY, datetime.min.time()))
    assert results.analysis.proposal_summary.set_index("payer").loc[
        PAYER, "new_term_revenue"] == 5100.00
    year_one = results.scenario_years[(results.scenario_years["payer"] == PAYER)
                                      & (results.scenario_years["year"] == 1)].iloc[0]
    assert (year_one["fixed_at_rates"], year_one["pct_at_rates"]) == (5100.00, 5100.00)
    exits = results.exit_impact.set_index("payer")
    assert round_cents(exits.loc[PAYER, "revenue_at_risk"]) == 5100.00
    assert round_cents(exits.loc[PAYER, "rate_per_visit"]) == 42.50
    # the Priorities keep the analysis date's rates
    assert results.analysis.priorities.set_index("payer").loc[PAYER, "annual_revenue"] == 5000.00
    # the commands, on the same tables
    folder = tmp_path / "tables"
    write_clinic_tables(data, folder)
    assert main(["scenario", "--payer", PAYER, "--data", str(folder), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {c["code"]: (c["fixed_rate"], c["rate_today"]) for c in shown["codes"]} == \
        {"97110": (30.60, 30.00), "97140": (40.80, 40.00)}
    assert shown["years"][0]["fixed_revenue"] == 5100.00
    assert shown["years"][1]["fixed_revenue"] == 5202.00  # 2% into year 2, as the contract
    assert main(["exit-impact", "--payer", PAYER, "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["revenue_at_risk"] == 5100.00


def test_a_contract_without_an_escalator_builds_on_the_rows_as_written() -> None:
    p = analyze(escalating(escalator=0.0)).proposal
    assert (_row(p, "97110")["current_rate"], _row(p, "97140")["current_rate"]) == (30.00, 40.00)
    assert _row(p, "97110")["rate_agreed_from"] is None


def test_an_anniversary_is_counted_while_the_contract_is_in_force() -> None:
    # effective 2024-01-01, term ends 2026-12-31: its new term begins on the third anniversary,
    # which an auto-renewing contract reaches and one that ends without renewal does not; a
    # leap day's anniversary is March 1 in other years, as a term from it ends the day before
    contract = {"effective_date": date(2024, 1, 1), "end_date": date(2026, 12, 31),
                "auto_renew": True}
    assert escalation_days(contract, date(2024, 3, 15), date(2027, 1, 1)) == \
        [date(2025, 1, 1), date(2026, 1, 1), date(2027, 1, 1)]
    assert escalation_days({**contract, "auto_renew": False}, date(2024, 3, 15),
                           date(2027, 1, 1)) == [date(2025, 1, 1), date(2026, 1, 1)]
    # a row dated on an anniversary is that year's rate already
    assert escalation_days(contract, date(2025, 1, 1), date(2026, 6, 1)) == [date(2026, 1, 1)]
    leap = {"effective_date": date(2024, 2, 29), "end_date": date(2030, 2, 28), "auto_renew": False}
    assert escalation_days(leap, date(2024, 2, 29), date(2028, 2, 29)) == \
        [date(2025, 3, 1), date(2026, 3, 1), date(2027, 3, 1), date(2028, 2, 29)]


def test_each_years_rate_is_rounded_to_cents_before_the_next_is_raised() -> None:
    # $10.25 x 1.03 = $10.5575 -> $10.56; x 1.03 = $10.8768 -> $10.88 (compounded unrounded:
    # $10.874225, $10.87)
    assert escalated_rate(10.25, 0.03, 2) == 10.88
    assert escalated_rate(28.98, 0.02, 2) == 30.15  # the demo's Keystone 97110 by 2027-01-01


def test_a_percent_of_medicare_contracts_escalator_raises_no_schedule_rate() -> None:
    data = escalating()
    contracts = data.contracts.assign(rate_basis="pct_of_medicare", pct_of_medicare=1.10)
    read = schedule_rates(data.fee_schedules, TODAY, payer_dates={PAYER: new_term(TODAY)},
                          contracts=contracts)
    assert read["schedule_rate"].tolist() == [30.00, 40.00]


@settings(max_examples=40, deadline=None)
@given(cents=st.integers(100, 50_000), escalator=st.sampled_from([0.015, 0.02, 0.025, 0.03]),
       years=st.integers(1, 4))
def test_recording_the_escalated_schedule_changes_no_rate(cents: int, escalator: float,
                                                          years: int) -> None:
    # A clinic that types each year's raised schedule as a row, dated on the anniversary, reads
    # the same rates as one that leaves it to the escalator: a row is never raised twice.
    start, rate = date(2020, 5, 1), cents / 100
    contracts = pd.DataFrame({"payer": ["P"], "effective_date": [start],
                              "end_date": [date(2040, 4, 30)], "auto_renew": [True],
                              "rate_basis": ["fixed"], "escalator": [escalator]})
    rows = [("97110", rate, start)]
    for n in range(1, years):
        rows.append(("97110", escalated_rate(rate, escalator, n), months_after(start, 12 * n)))
    day = months_after(start, 12 * years) - timedelta(days=1)
    typed = pd.DataFrame({"payer": "P", "code": [c for c, _, _ in rows], "modifier": "",
                          "allowed_amount": [a for _, a, _ in rows],
                          "effective_date": [d for _, _, d in rows]})
    left = typed.iloc[:1]
    for frame in (typed, left):
        read = schedule_rates(frame, day, contracts=contracts)
        assert read["schedule_rate"].tolist() == [escalated_rate(rate, escalator, years - 1)]


def test_a_rate_agreed_ahead_and_raised_by_the_escalator_is_named_as_raised() -> None:
    # 97110 agreed at $30.30 from TODAY + 10 days (2026-12-14), before the second anniversary
    # (2027-01-03), which raises it 2%: $30.906 -> $30.91 from 2027-01-03, the rate the proposal
    # builds on. The warning of rates on file ahead named it "a later change inside the term",
    # as if a row on file said so; nothing on file does: the contract's escalator raised it.
    data = escalating()
    ahead = pd.DataFrame({"payer": [PAYER], "code": ["97110"], "modifier": [""],
                          "allowed_amount": [30.30],
                          "effective_date": [TODAY + timedelta(days=10)]})
    data = replace(data, fee_schedules=pd.concat([data.fee_schedules, ahead], ignore_index=True))
    a = analyze(data)
    assert (_row(a.proposal, "97110")["current_rate"],
            _row(a.proposal, "97110")["rate_agreed_from"]) == (30.91, RAISED_ON)
    said = [w.message for w in a.warnings if "take effect after the analysis date" in w.message]
    assert len(said) == 1
    assert said[0].endswith(
        f"including the rate agreed for 97110 ($30.91 from {RAISED_ON.isoformat()}, raised by "
        f"its contract's 2% escalator)"), said[0]
