"""An exit's months 13-24 are the second year of the term the clinic would otherwise have had with
the payer, priced as the Scenarios price it: each code's rate raised by the contract's escalator
and rounded half-up to cents (:func:`ratecalc.rates.term_year_revenue`, one rule for both). Before,
the exit estimate lost year 1's revenue twice, and its net over 24 months missed the Scenarios'
year 2 by the escalator.

Worked by hand: the demo told as of DEMO_TODAY, every what-if 0 (the demo's Settings give none).

- Keystone Health Plan, fixed, 2% escalator, new term from 2028-01-01: year 1 at its rates in
  force that day, $266,708.31 (the Totals' "Revenue at new-term rates"); year 2 each code's
  rate x 1.02 in cents x its units, $272,038.17 (derived again below from the codes and units
  of ``scenario --payer --json``). Net over 12 months -$266,708.31, over 24 months -($266,708.31 +
  $272,038.17) = -$538,746.48 (was -$533,416.62, year 1 twice: $5,329.86 understated).
- Lakeside Health Partners, fixed, 2.5%: $158,217.01 and $162,174.92; -$158,217.01 and
  -$320,391.93 (was -$316,434.02: $3,957.91 understated).
- A percent-of-Medicare contract has no escalator, and no Medicare release prices its second
  year yet: its second year is its first, on both sheets (the Scenarios' fixed-dollar side).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from ratecalc.demo import demo_data
from ratecalc.exit_impact import ExitParams, exit_impact, shown_monthly, shown_net_impact
from ratecalc.money import round_cents
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.results import compute_results
from tests.clinics import sheet_table, tables_and_refreshed_book

DEMO_TODAY = date(2026, 12, 5)  # the reviewer's `ratecalc demo --today 2026-12-05`
DEMO = ("--demo", "--today", DEMO_TODAY.isoformat())
KEYSTONE, LAKESIDE = "Keystone Health Plan", "Lakeside Health Partners"
#: payer -> (escalator, year 1, year 2) [USD], worked by hand above.
YEARS = {KEYSTONE: (Decimal("0.02"), 266_708.31, 272_038.17),
         LAKESIDE: (Decimal("0.025"), 158_217.01, 162_174.92)}
#: payer -> (net over 12 months, net over 24 months) [USD], every what-if 0.
NETS = {KEYSTONE: (-266_708.31, -538_746.48), LAKESIDE: (-158_217.01, -320_391.93)}


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(args) in (0, 1), capsys.readouterr()
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("payer", [KEYSTONE, LAKESIDE])
def test_year_two_is_each_codes_rate_raised_in_cents(
        payer: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The hand-worked years, from the codes' year-1 rates and units with Decimal."""
    escalator, year1, year2 = YEARS[payer]
    shown = _json(["scenario", "--payer", payer, *DEMO, "--json"], capsys)
    cent = Decimal("0.01")
    codes = [(Decimal(repr(c["units_per_year"])), Decimal(repr(c["fixed_rate"])))
             for c in shown["codes"]]
    assert sum(u * r for u, r in codes) == Decimal(repr(year1))
    raised = sum(u * (r * (1 + escalator)).quantize(cent, rounding=ROUND_HALF_UP)
                 for u, r in codes)
    assert raised == Decimal(repr(year2))
    assert [y["fixed_revenue"] for y in shown["years"][:2]] == [year1, year2]


@pytest.mark.parametrize("payer", [KEYSTONE, LAKESIDE])
def test_exit_impact_json_loses_the_second_years_revenue(
        payer: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, year1, year2 = YEARS[payer]
    shown = _json(["exit-impact", "--payer", payer, *DEMO, "--json"], capsys)
    assert (shown["net_impact_12m"], shown["net_impact_24m"]) == NETS[payer]
    assert (shown["revenue_at_risk"], shown["revenue_at_risk_year2"]) == (year1, year2)
    lost = [round(m["lost"] * 100) for m in shown["monthly"]]
    assert (sum(lost[:12]) / 100, sum(lost[12:]) / 100) == (year1, year2)
    assert shown["monthly"][23]["cumulative_net"] == NETS[payer][1]
    assert shown["escalator"] == float(YEARS[payer][0])


def test_exit_impact_words_say_the_second_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exit-impact", "--payer", KEYSTONE, *DEMO]) in (0, 1)
    out = capsys.readouterr().out
    assert "Net impact: -$266,708.31 over 12 months, -$538,746.48 over 24 months." in out
    assert ("Months 13-24 are its new term's second year: revenue at risk $272,038.17 "
            "($118.79 a visit on average, its rates raised by its contract's 2% escalator: the "
            "Scenarios' fixed-dollar year 2).") in out


def test_a_rate_given_is_the_rate_all_24_months(capsys: pytest.CaptureFixture[str]) -> None:
    """``--rate-per-visit`` (and ``--backfill-rate``) keep the one-rate form: 2,290 visits at
    $100.00 lose $229,000.00 a year, both years."""
    shown = _json(["exit-impact", "--payer", KEYSTONE, *DEMO, "--rate-per-visit", "100",
                   "--json"], capsys)
    assert (shown["net_impact_12m"], shown["net_impact_24m"]) == (-229_000.00, -458_000.00)
    assert shown["revenue_at_risk_year2"] == shown["revenue_at_risk"] == 229_000.00


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's master workbook as of DEMO_TODAY, made from its tables and refreshed."""
    _, path = tables_and_refreshed_book(demo_data(DEMO_TODAY), tmp_path_factory.mktemp("exit"))
    return path


@pytest.mark.parametrize("payer", [KEYSTONE, LAKESIDE])
def test_the_exit_impact_sheet_loses_the_second_years_revenue(demo_book: Path,
                                                              payer: str) -> None:
    exits = sheet_table(demo_book, layout.EXIT_TABLE).set_index("payer")
    assert (exits.loc[payer, "net_impact_12m"], exits.loc[payer, "net_impact_24m"]) == \
        NETS[payer]
    # the Scenarios sheet's year rows beside it (their shown revenue is a formula rounding
    # each of these to cents on its own; these years are in whole cents, so their sum too)
    years = sheet_table(demo_book, layout.SCENARIO_YEARS_TABLE)
    at_rates = years[years["payer"] == payer]["fixed_at_rates"].tolist()
    _, year1, year2 = YEARS[payer]
    assert (round_cents(at_rates[0]), round_cents(at_rates[0] + at_rates[1])) == \
        (year1, round(year1 + year2, 2))


def test_every_payers_exit_is_minus_its_scenarios_years_one_and_two(demo_book: Path) -> None:
    """Every demo payer, what-ifs 0: the net over 12 months is minus the Scenarios' fixed-dollar
    year 1, over 24 months minus years 1 and 2 (a fixed contract's year 2 raised by its
    escalator; a percent-of-Medicare contract's its year 1), in the core (what refresh writes)
    and on the sheets."""
    data = demo_data(DEMO_TODAY)
    results = compute_results(replace(data, exit_assumptions={}),
                              now=datetime.combine(DEMO_TODAY, datetime.min.time()))
    years = results.scenario_years
    exits = results.exit_impact.set_index("payer")
    sheet = sheet_table(demo_book, layout.EXIT_TABLE).set_index("payer")
    basis = data.contracts.set_index("payer")["rate_basis"]
    fixed = [p for p in exits.index if basis.get(p) == "fixed"]
    assert {KEYSTONE, LAKESIDE} <= set(fixed)
    for payer in exits.index:
        year1, year2 = years[years["payer"] == payer]["fixed_revenue"].tolist()[:2]
        if payer not in fixed:
            assert year2 == year1, payer
        expected = (-year1, -round(year1 + year2, 2))
        assert (exits.loc[payer, "net_impact_12m"], exits.loc[payer, "net_impact_24m"]) == \
            expected, payer
        assert (sheet.loc[payer, "net_impact_12m"], sheet.loc[payer, "net_impact_24m"]) == \
            expected, payer


def test_the_backfill_is_priced_at_the_other_payers_second_year(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Leaving Keystone, the other payers' patients refill the capacity at their own years'
    rates: the backfill rate is the other payers' Scenarios fixed-dollar year 1 (then year 2,
    Lakeside's raised by its 2.5%) over their visits."""
    whole = _json(["exit-impact", "--payer", KEYSTONE, *DEMO, "--backfill", "1", "--json"],
                  capsys)
    results = compute_results(demo_data(DEMO_TODAY),
                              now=datetime.combine(DEMO_TODAY, datetime.min.time()))
    years = results.scenario_years[results.scenario_years["payer"] != KEYSTONE]
    visits = results.exit_impact.set_index("payer")["annual_visits"].drop(KEYSTONE).sum()
    by_year = years[years["year"] <= 2].groupby("year")["fixed_revenue"].sum()
    assert whole["backfill_rate"] == round_cents(by_year[1] / visits)
    assert whole["backfill_rate_year2"] == round_cents(by_year[2] / visits)
    assert whole["backfill_rate_year2"] > whole["backfill_rate"]
    # every visit refilled at once: 2,290 visits x each year's backfill rate, less the years lost
    gained = 2290 * (by_year[1] + by_year[2]) / visits
    assert whole["net_impact_24m"] == pytest.approx(
        gained - (266_708.31 + 272_038.17), abs=0.05)


def test_the_second_year_by_hand_with_every_what_if() -> None:
    """1,200 visits at $100.00 then $102.00; half retained at half the rate; half the rest
    backfilled at once at $80.00 then $81.00:

    - year 1: lost 120,000; retained 1,200 x 0.5 x 0.5 x 100 = 30,000; backfilled
      1,200 x 0.5 x 0.5 x 80 = 24,000; net -66,000;
    - year 2: lost 122,400; retained 30,600; backfilled 24,300; net -67,500; -133,500 in all.
    """
    result = exit_impact(ExitParams(1200, 100.0, retention=0.5, retained_collection=0.5,
                                    backfill=0.5, backfill_rate=80.0, rate_per_visit_year2=102.0,
                                    backfill_rate_year2=81.0))
    assert (shown_net_impact(result, 12), shown_net_impact(result, 24)) == (-66_000.0, -133_500.0)
    shown = shown_monthly(result.params)
    assert shown["lost"].iloc[12:].sum() == pytest.approx(122_400.0, abs=1e-6)
    assert shown["retained"].iloc[12:].sum() == pytest.approx(30_600.0, abs=1e-6)
    assert shown["backfill"].iloc[12:].sum() == pytest.approx(24_300.0, abs=1e-6)
    assert (result.revenue_at_risk, result.revenue_at_risk_year2) == (120_000.0, 122_400.0)


def test_a_percent_of_medicare_contracts_escalator_raises_neither_second_year() -> None:
    """An escalator typed on a percent-of-Medicare contract raises none of its rates (they
    follow Medicare's amounts, :func:`ratecalc.rates.contract_escalator`): its second year is
    its first on the Scenarios' fixed-dollar side and in the exit estimate alike. Before, the
    Scenarios raised that side by it, and the exit did not."""
    from tests.test_escalator_baseline import PAYER, TODAY, escalating

    data = escalating(escalator=0.02)
    data = replace(data, contracts=data.contracts.assign(rate_basis="pct_of_medicare",
                                                         pct_of_medicare=1.10))
    results = compute_results(data, now=datetime.combine(TODAY, datetime.min.time()))
    years = results.scenario_years[results.scenario_years["payer"] == PAYER]
    year1, year2 = years["fixed_revenue"].tolist()[:2]
    assert year2 == year1
    net = results.exit_impact.set_index("payer").loc[PAYER]
    assert (net["net_impact_12m"], net["net_impact_24m"]) == (-year1, -round(2 * year1, 2))
