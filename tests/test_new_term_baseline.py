"""The Scenarios' year 1 and the exit estimates' revenue are the Proposal's current revenue: the
rates in force on the day the payer's new term begins.

The rule is the proposal's (:func:`ratecalc.rates.new_term_starts`,
:func:`ratecalc.rates.schedule_rates` with ``payer_dates``,
:func:`ratecalc.proposal.rates_at_new_term`):
year 1 of the next contract begins when the new term begins, and a payer one leaves is lost when
its current term ends, so both are priced at the rates in force that day. A payer without a
contract term keeps the analysis date, as its proposal does. Priorities and the Comparison keep
the analysis date's rates.

Worked by hand, as of ``today`` (every date counted from it; the clinic is
:func:`tests.test_scheduled_rates.clinic`'s, with a second payer and the flat conversion-factor
path):

- Alpha Health (contract A-1, its term ends today + 200 days, so its new term begins the day
  after): 97110, 100 units a year, $30.00 today and $32.00 agreed from today + 30 days, inside
  the term; 97140, 50 units, $40.00, and $50.00 from 10 days after the new term begins (not
  year 1's). Year 1 = 100 x $32.00 + 50 x $40.00 = $3,200.00 + $2,000.00 = $5,200.00 (at the
  analysis date's rates it was 100 x $30.00 + 50 x $40.00 = $5,000.00). No escalator, flat
  path: five years of $5,200.00 = $26,000.00 on both sides (was $25,000.00). Exit: 120 visits
  (Payers table), $5,200.00 / 120 = $43.33 a visit (was $41.67), revenue at risk $5,200.00,
  net over 12 months -$5,200.00 and over 24 -$10,400.00 with every assumption 0.
- Beta Care, no contract on file: 97110, 80 units, $28.00 today, $35.00 agreed from today +
  30 days. Without a contract term its rates are the analysis date's: year 1 = 80 x $28.00 =
  $2,240.00, 50 visits, $44.80 a visit. Alpha's backfill rate is Beta's $44.80; Beta's is
  Alpha's $43.33 (= $5,200.00 / 120; it was $41.67).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ratecalc import exit_impact, scenarios
from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.money import round_cents
from ratecalc.rates import new_term_starts
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.results import compute_results
from tests.clinics import _table_of, sheet_table, tables_and_refreshed_book
from tests.test_scheduled_rates import AGREED_DAYS, PAYER, TERM_DAYS, TODAY, clinic, new_term
from tests.workbook.libreoffice import SOFFICE, convert

BETA = "Beta Care"
NOW = datetime.combine(TODAY, datetime.min.time())


def two_payers(today: date = TODAY, fees: list[tuple[str, float, date]] | None = None
               ) -> ClinicData:
    """:func:`tests.test_scheduled_rates.clinic` as of ``today`` (Alpha Health, ``fees`` its
    rows) plus Beta Care, without a contract, on the flat conversion-factor path."""
    data = clinic(today, fees)
    beta_fees = pd.DataFrame({"payer": BETA, "code": ["97110", "97110"], "modifier": "",
                              "allowed_amount": [28.00, 35.00],
                              "effective_date": [today - timedelta(days=300),
                                                 today + timedelta(days=AGREED_DAYS)]})
    return replace(
        data,
        payers=pd.concat([data.payers, pd.DataFrame({
            "payer": [BETA], "payer_id": ["B1"], "financial_class": "commercial",
            "visits_per_year": [50], "notes": [None]})], ignore_index=True),
        fee_schedules=pd.concat([data.fee_schedules, beta_fees], ignore_index=True),
        volumes=pd.concat([data.volumes, pd.DataFrame({
            "payer": [BETA], "code": ["97110"], "units_per_year": [80.0], "visits": [50]})],
            ignore_index=True),
        settings=replace(data.settings, cf_path="flat"))


def _header(ws: Any, text: str) -> Any:
    return next(c for row in ws.iter_rows(max_row=12) for c in row if c.value == text)


def _year_one(years: pd.DataFrame, payer: str) -> pd.Series:
    return years[(years["payer"] == payer) & (years["year"] == 1)].iloc[0]


def _new_term_revenue(proposal_summary: pd.DataFrame) -> pd.Series:
    return proposal_summary.set_index("payer")["new_term_revenue"]


# --- the core -----------------------------------------------------------------------------

@pytest.mark.parametrize("today", [TODAY, TODAY - timedelta(days=300)],
                         ids=["today", "ten months earlier"])
def test_year_one_and_revenue_at_risk_are_the_new_terms_worked_example(today: date) -> None:
    results = compute_results(two_payers(today), now=datetime.combine(today, datetime.min.time()))
    # the Proposal's current revenue (the Totals sheet's): 100 x $32.00 + 50 x $40.00
    assert _new_term_revenue(results.analysis.proposal_summary)[PAYER] == 5200.00
    alpha = _year_one(results.scenario_years, PAYER)
    assert (alpha["fixed_at_rates"], alpha["pct_at_rates"]) == (5200.00, 5200.00)  # was 5,000.00
    assert (alpha["fixed_revenue"], alpha["pct_revenue"], alpha["difference"]) == \
        (5200.00, 5200.00, 0.0)
    per_payer = results.scenarios.set_index("payer")
    assert (per_payer.loc[PAYER, "fixed_total"], per_payer.loc[PAYER, "pct_total"]) == \
        (26000.00, 26000.00)  # five flat years of $5,200.00
    assert per_payer.loc[PAYER, "year1_rates_on"] == new_term(today)
    # no contract term: the analysis date's $28.00, not the $35.00 agreed for later
    beta = _year_one(results.scenario_years, BETA)
    assert (beta["fixed_at_rates"], per_payer.loc[BETA, "year1_rates_on"]) == (2240.00, today)

    exits = results.exit_impact.set_index("payer")
    assert exits.loc[PAYER, "annual_visits"] == 120
    assert round_cents(exits.loc[PAYER, "rate_per_visit"]) == 43.33  # 5,200 / 120; was 41.67
    assert round_cents(exits.loc[PAYER, "revenue_at_risk"]) == 5200.00
    assert (round_cents(exits.loc[PAYER, "net_impact_12m"]),
            round_cents(exits.loc[PAYER, "net_impact_24m"])) == (-5200.00, -10400.00)
    assert exits.loc[PAYER, "rates_on"] == new_term(today)
    assert (round_cents(exits.loc[BETA, "revenue_at_risk"]), exits.loc[BETA, "rates_on"]) == \
        (2240.00, today)
    # Priorities and the Comparison keep the analysis date's rates, and say so
    priorities = results.analysis.priorities.set_index("payer")
    assert priorities.loc[PAYER, "annual_revenue"] == 5000.00


def test_without_an_analysis_the_tables_alone_give_the_same_year_one_and_revenue() -> None:
    """payer_scenario and annual_revenue_by_payer on the canonical tables (no analysis at hand)
    read the fee schedule on the new term's first day by the same functions."""
    data = two_payers()
    medicare = analyze(data).medicare.set_index("code")["medicare_amount"]
    result = scenarios.payer_scenario(PAYER, data.contracts, data.fee_schedules, data.volumes,
                                      medicare, as_of=TODAY)
    assert float(result.years_table["fixed_revenue"].iloc[0]) == 5200.00
    assert (result.rates_on, result.new_term_start) == (new_term(TODAY), new_term(TODAY))
    assert result.by_code.set_index("code").loc["97110", "fixed_rate"] == 32.00
    beta = scenarios.payer_scenario(BETA, data.contracts, data.fee_schedules, data.volumes,
                                    medicare, as_of=TODAY)
    assert float(beta.years_table["fixed_revenue"].iloc[0]) == 2240.00
    assert (beta.rates_on, beta.new_term_start) == (TODAY, None)
    alone = exit_impact.annual_revenue_by_payer(
        data.fee_schedules, data.volumes, as_of=TODAY,
        payer_dates=new_term_starts(data.contracts, TODAY)).set_index("payer")
    assert (alone.loc[PAYER, "annual_revenue"], alone.loc[BETA, "annual_revenue"]) == \
        (5200.00, 2240.00)


def test_a_rate_dated_after_the_new_term_begins_is_not_year_ones() -> None:
    """The $32.00 moved to the day after the new term begins: year 1 and the revenue at risk
    are the analysis date's $5,000.00, as without it; on the new term's first day it counts."""
    base = [("97110", 30.00, TODAY - timedelta(days=300)),
            ("97140", 40.00, TODAY - timedelta(days=300))]
    for day, expected in ((new_term(TODAY) + timedelta(days=1), 5000.00),
                          (new_term(TODAY), 5200.00)):
        results = compute_results(two_payers(fees=[*base, ("97110", 32.00, day)]),
                                  now=NOW)
        assert _year_one(results.scenario_years, PAYER)["fixed_at_rates"] == expected, day
        revenue_at_risk = results.exit_impact.set_index("payer").loc[PAYER, "revenue_at_risk"]
        assert round_cents(revenue_at_risk) == expected, day
        assert _new_term_revenue(results.analysis.proposal_summary)[PAYER] == expected, day


def test_a_percent_of_medicare_payer_is_priced_as_its_proposal_is() -> None:
    """A percent-of-Medicare contract pays its percentage of the analysis's Medicare amounts
    (the fee-schedule rate agreed for later is not its rate): year 1, the revenue at risk and
    the Proposal's current revenue are the same figure, and the Medicare date's amounts are
    the ones used (no later year's are assumed)."""
    data = two_payers()
    data = replace(data, contracts=data.contracts.assign(rate_basis="pct_of_medicare",
                                                         pct_of_medicare=1.1))
    results = compute_results(data, now=NOW)
    proposal = results.analysis.proposal
    rows = proposal[proposal["payer"] == PAYER]
    expected = float((rows["current_rate"] * rows["units_per_year"]).sum())
    medicare = results.analysis.medicare.set_index("code")["medicare_amount"]
    assert rows.set_index("code").loc["97110", "current_rate"] == \
        float(round_cents(1.1 * medicare["97110"]))
    assert _new_term_revenue(results.analysis.proposal_summary)[PAYER] == \
        float(round_cents(expected))
    year_one = _year_one(results.scenario_years, PAYER)
    assert year_one["fixed_at_rates"] == pytest.approx(expected, abs=1e-9)
    assert year_one["pct_at_rates"] == pytest.approx(expected, abs=1e-9)
    assert round_cents(results.exit_impact.set_index("payer").loc[PAYER, "revenue_at_risk"]) \
        == round_cents(expected)


# --- the invariant -----------------------------------------------------------------------------
# Whatever rows the fee schedule holds before and after the analysis date, year 1 of a payer's
# scenario, its revenue at risk and its Proposal current revenue are one figure: units x the
# rate of the latest row on or before the day its new term begins.

rows_drawn = st.lists(st.tuples(st.integers(min_value=-400, max_value=TERM_DAYS + 400),
                                st.integers(min_value=2000, max_value=6000)),
                      min_size=1, max_size=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_drawn)
def test_year_one_revenue_at_risk_and_new_term_revenue_are_one_figure(
        drawn: list[tuple[int, int]]) -> None:
    drawn = [(-500, 2000), *drawn]  # a rate in force today
    fees = [("97110", cents / 100, TODAY + timedelta(days=days)) for days, cents in drawn]
    fees.append(("97140", 40.00, TODAY - timedelta(days=300)))
    results = compute_results(two_payers(fees=fees), now=NOW)
    start = (new_term(TODAY) - TODAY).days
    latest = max(days for days, _ in drawn if days <= start)
    rate = next(cents for days, cents in drawn if days == latest) / 100
    expected = float(round_cents(100 * rate + 50 * 40.00))
    assert _new_term_revenue(results.analysis.proposal_summary)[PAYER] == expected
    assert round_cents(_year_one(results.scenario_years, PAYER)["fixed_at_rates"]) == expected
    exits = results.exit_impact.set_index("payer")
    assert round_cents(exits.loc[PAYER, "revenue_at_risk"]) == expected


# --- every output ------------------------------------------------------------------------------

def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) in (0, 1), capsys.readouterr()
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The worked example's tables and its master workbook, made from them and refreshed."""
    return tables_and_refreshed_book(two_payers(), tmp_path_factory.mktemp("new-term"))


def test_the_commands_price_year_one_and_the_exit_at_the_new_terms_rates(
        book: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = book
    source = ["--data", str(folder)]
    scenario = json.loads(_cli(["scenario", "--payer", PAYER, *source, "--json"], capsys))
    first = scenario["years"][0]
    assert (first["fixed_revenue"], first["pct_revenue"], first["difference"]) == \
        (5200.00, 5200.00, 0.0)  # was $5,000.00
    assert scenario["year1_rates_on"] == scenario["new_term_start"] == \
        new_term(TODAY).isoformat()
    codes = {c["code"]: c for c in scenario["codes"]}
    assert (codes["97110"]["fixed_rate"], codes["97110"]["rate_today"],
            codes["97110"]["rate_agreed_from"]) == \
        (32.00, 30.00, (TODAY + timedelta(days=AGREED_DAYS)).isoformat())
    assert (codes["97140"]["fixed_rate"], codes["97140"]["rate_agreed_from"]) == (40.00, None)
    text = _cli(["scenario", "--payer", PAYER, *source], capsys)
    assert (f"Year 1 begins {new_term(TODAY).isoformat()}, when the new term begins, and is "
            f"priced at the rates in force that day (the Proposal's current rates), including "
            f"97110 at $32.00 agreed from {(TODAY + timedelta(days=AGREED_DAYS)).isoformat()} "
            f"($30.00 today).") in text
    beta = _cli(["scenario", "--payer", BETA, *source], capsys)
    assert (f"Year 1 is priced at the rates in force on the analysis date, "
            f"{TODAY.isoformat()} (no contract term on file to renew).") in beta

    leaving = json.loads(_cli(["exit-impact", "--payer", PAYER, *source, "--json"], capsys))
    assert (leaving["revenue_at_risk"], leaving["rate_per_visit"]) == (5200.00, 43.33)
    assert leaving["net_impact_12m"] == -5200.00
    assert leaving["rates_on"] == leaving["new_term_start"] == new_term(TODAY).isoformat()
    text = _cli(["exit-impact", "--payer", PAYER, *source], capsys)
    assert (f"revenue at risk $5,200.00 a year (120 visits, $43.33 a visit on average, the "
            f"rates in force on "
            f"{new_term(TODAY).isoformat()}, when its new term would begin: the Proposal's "
            f"current rates).") in text
    beta = json.loads(_cli(["exit-impact", "--payer", BETA, *source, "--json"], capsys))
    assert (beta["revenue_at_risk"], beta["rates_on"], beta["new_term_start"]) == \
        (2240.00, TODAY.isoformat(), None)
    # the backfill rate is the other payers' revenue a visit on the same basis: Beta's
    # 80 x $28.00 / 50 for Alpha; Alpha's $5,200.00 / 120 for Beta (was $5,000.00 / 120)
    assert (leaving["backfill_rate"], beta["backfill_rate"]) == (44.80, 43.33)


def test_the_sheets_show_year_one_and_the_exit_at_the_new_terms_rates(
        book: tuple[Path, Path]) -> None:
    """openpyxl reads the refreshed Scenarios and Exit Impact sheets: the values written, the
    day year 1 begins per payer, and the notes saying what day each sheet's rates are from."""
    _, path = book
    years = sheet_table(path, layout.SCENARIO_YEARS_TABLE)
    assert _year_one(years, PAYER)["fixed_at_rates"] == 5200.00  # was 5,000.00
    assert _year_one(years, PAYER)["pct_at_rates"] == 5200.00
    per_payer = sheet_table(path, layout.SCENARIOS_TABLE).set_index("payer")
    assert pd.Timestamp(per_payer.loc[PAYER, "year1_rates_on"]).date() == new_term(TODAY)
    assert pd.Timestamp(per_payer.loc[BETA, "year1_rates_on"]).date() == TODAY
    exits = sheet_table(path, layout.EXIT_TABLE).set_index("payer")
    assert round_cents(exits.loc[PAYER, "rate_per_visit"]) == 43.33
    assert exits.loc[PAYER, "net_impact_12m"] == -5200.00
    assert round_cents(exits.loc[BETA, "rate_per_visit"]) == 44.80
    totals = sheet_table(path, layout.PROPOSAL_SUMMARY_TABLE)
    assert "new_term_revenue" in totals.columns  # a formula: LibreOffice computes it below

    wb = load_workbook(path)
    scenario_note = " ".join(str(c.value) for c in wb[layout.SCENARIOS][3] if c.value)
    assert "Year 1 begins when the payer's new term begins ('Year 1 from')" in scenario_note
    # its words, wherever the note's lines wrap (at the sheet's width)
    exit_note = " ".join(" ".join(str(c.value) for c in wb[layout.EXIT_IMPACT][3]
                                  if c.value).split())
    assert "A payer left is lost when its term ends: its rates are those in force when its " \
        "new term would begin (the Scenarios' 'Year 1 from'), the Proposal's current rates." \
        in exit_note
    assert "new term begins" in _header(wb[layout.SCENARIOS], "Year 1 from").comment.text
    assert "the rates in force the day its new term would begin" in \
        _header(wb[layout.EXIT_IMPACT], "Rate per visit").comment.text
    # it prints one page wide, as before: the day is the Scenarios' "Year 1 from"
    assert (wb[layout.EXIT_IMPACT].page_setup.fitToWidth or 1) == 1


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_computes_one_figure_on_totals_scenarios_and_exit_impact(
        book: tuple[Path, Path], tmp_path: Path) -> None:
    """Recalculated by LibreOffice, the formulas read the values written: the Totals' current
    revenue (the Proposal's current rates x units), the Scenarios' year-1 revenue on both
    sides and its five-year totals, and the Exit Impact's revenue at risk (visits x rate per
    visit) are Alpha's $5,200.00, and Beta's $2,240.00 (built on today's rates they were
    $5,000.00 on the Scenarios and Exit Impact sheets, $5,200.00 on Totals)."""
    _, path = book
    recalculated = convert(path, tmp_path / "lo", "xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on LibreOffice's extensions
        values = load_workbook(recalculated, data_only=True)
    totals = _table_of(values, layout.PROPOSAL_SUMMARY_TABLE).set_index("payer")
    years = _table_of(values, layout.SCENARIO_YEARS_TABLE)
    per_payer = _table_of(values, layout.SCENARIOS_TABLE).set_index("payer")
    exits = _table_of(values, layout.EXIT_TABLE).set_index("payer")
    for payer, expected in ((PAYER, 5200.00), (BETA, 2240.00)):
        first = _year_one(years, payer)
        shown = (round(totals.loc[payer, "new_term_revenue"], 2),
                 round(first["fixed_revenue"], 2), round(first["pct_revenue"], 2),
                 round(exits.loc[payer, "revenue_at_risk"], 2))
        assert shown == (expected, expected, expected, expected), payer
        assert (round(per_payer.loc[payer, "fixed_total"], 2),
                round(per_payer.loc[payer, "pct_total"], 2)) == (5 * expected, 5 * expected)
