"""A scenario's years are each its exact revenue from the inputs as typed, rounded once,
half-up to cents: without an escalator or a conversion-factor change every year is year 1 to
the cent, and the totals are the years as shown, in the core, ``scenario`` (text and
``--json``) and FIXED_VS_PCT alike. The same payer's exit estimate and Scenarios agree when
a year has half a cent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ratecalc_addin as xl
from ratecalc import scenarios
from ratecalc.demo import demo_data
from ratecalc.money import typed_decimal
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook.results import compute_results

ZERO_CHANGES = ("--escalator", "0", "--cf-change", "0")


def project(units: float, medicare: float, fixed: float, pct: float | None = 1.0,
            years: int = 2) -> scenarios.ScenarioResult:
    return scenarios.project_scenario(scenarios.single_code_lines(units, medicare, fixed),
                                      pct_of_medicare=pct, years=years)


def shown(result: scenarios.ScenarioResult, side: str) -> list[float]:
    return scenarios.shown_years(result)[f"{side}_revenue"].tolist()


@pytest.mark.parametrize(("units", "rate", "year"), [
    (0.5, 2.01, 1.01),              # 0.5 x $2.01 = $1.005 -> $1.01, both years
    (799.5, 71.11, 56_852.45),      # 799.5 x $71.11 = $56,852.445 -> $56,852.45
])
def test_each_year_is_its_exact_revenue_rounded_once(units: float, rate: float,
                                                    year: float) -> None:
    result = project(units, rate, rate)
    assert shown(result, "fixed") == [year, year]
    assert shown(result, "pct") == [year, year]
    totals = scenarios.shown_totals(result)
    assert totals == (round(2 * year, 2), round(2 * year, 2), 0.0)
    assert scenarios.shown_years(result)["fixed_cumulative"].tolist() == [year,
                                                                          round(2 * year, 2)]


def test_the_equivalent_percent_has_the_same_years() -> None:
    # no percentage given: the percent the fixed rates equal, year 1 the fixed side's
    result = project(0.5, 2.00, 2.01, pct=None, years=3)
    assert shown(result, "fixed") == shown(result, "pct") == [1.01, 1.01, 1.01]
    assert scenarios.shown_totals(result) == (3.03, 3.03, 0.0)


def test_compare_paths_totals_are_the_years_shown() -> None:
    lines = scenarios.single_code_lines(0.5, 2.01, 2.01)
    table = scenarios.compare_paths(lines, pct_of_medicare=1.0, paths={"flat": 0.0}, years=2)
    assert table[["fixed_total", "pct_total", "difference"]].iloc[0].tolist() == [2.02, 2.02,
                                                                                  0.0]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code == ExitCode.OK, out
    return out


def test_scenario_command_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("scenario", "--units", "0.5", "--medicare", "2.01", "--fixed", "2.01",
            "--pct-of-medicare", "1", "--years", "2", *ZERO_CHANGES)
    import json
    payload = json.loads(run(capsys, *argv, "--json"))
    assert [(y["fixed_revenue"], y["pct_revenue"], y["fixed_cumulative"])
            for y in payload["years"]] == [(1.01, 1.01, 1.01), (1.01, 1.01, 2.02)]
    assert (payload["fixed_total"], payload["pct_total"], payload["difference"]) == (
        2.02, 2.02, 0.0)
    flat = next(p for p in payload["paths"] if p["path"] == "flat")
    assert (flat["fixed_total"], flat["pct_total"]) == (2.02, 2.02)
    text = run(capsys, *argv)
    year_lines = [line.split() for line in text.splitlines() if line.strip()[:2] in ("1 ", "2 ")]
    assert [line[3:5] for line in year_lines] == [["$1.01", "$1.01"], ["$1.01", "$1.01"]]
    assert "Total: fixed $2.02  percent-of-Medicare $2.02" in text


def test_fixed_vs_pct_is_the_shown_totals_difference() -> None:
    # fixed: 0.5 x $2.01 = $1.005 -> $1.01 a year, $2.02; percent: 0.5 x $2.00 = $1.00 a year
    # (its total rounded once was $2.01, a difference of $0.01 beside years of $0.01 each)
    assert xl.FIXED_VS_PCT(2.01, 1.0, 2.00, 0.5, 2, 0.0, 0.0) == [[pytest.approx(0.02)]]
    assert xl.FIXED_VS_PCT(2.01, 1.0, 2.01, 0.5, 2, 0.0, 0.0) == [[0.0]]


cents = st.integers(min_value=1, max_value=100_000).map(lambda c: c / 100)
unit_counts = st.integers(min_value=1, max_value=2_000_000).map(lambda u: u / 10)


@given(units=st.lists(unit_counts, min_size=1, max_size=4), data=st.data(),
       years=st.integers(min_value=1, max_value=8),
       pct=st.one_of(st.none(), st.integers(min_value=50, max_value=300).map(lambda p: p / 100)))
def test_without_changes_every_year_is_year_one(units: list[float], data: st.DataObject,
                                               years: int, pct: float | None) -> None:
    rates = data.draw(st.lists(cents, min_size=len(units), max_size=len(units)))
    medicare = data.draw(st.lists(cents, min_size=len(units), max_size=len(units)))
    lines = pd.DataFrame({"code": [f"9711{i}" for i in range(len(units))],
                          "units_per_year": units, "fixed_rate": rates,
                          "medicare_amount": medicare})
    result = scenarios.project_scenario(lines, pct_of_medicare=pct, years=years,
                                        cf_changes=0.0, escalator=0.0)
    table = scenarios.shown_years(result)
    exact = sum((typed_decimal(u) * typed_decimal(r) for u, r in zip(units, rates, strict=True)))
    year_one = Decimal(exact.numerator) / Decimal(exact.denominator)
    assert table["fixed_revenue"].tolist() == [float(year_one.quantize(Decimal("0.01"),
                                                                      "ROUND_HALF_UP"))] * years
    for side in ("fixed", "pct"):
        column = table[f"{side}_revenue"].tolist()
        assert column == [column[0]] * years
        total = sum(Decimal(repr(x)) for x in column)
        assert Decimal(repr(getattr(scenarios.shown_totals(result), f"{side}_total"))) == total
        assert Decimal(repr(float(table[f"{side}_cumulative"].iloc[-1]))) == total


def test_exit_estimate_and_scenarios_agree_on_half_cents() -> None:
    """The demo with half a unit more of every code, so that payers' years have half cents,
    every what-if 0: each payer's exit loses its Scenarios' fixed-dollar year 1 over 12 months
    and years 1 and 2 over 24, to the cent (the Scenarios' year 2 was a running total's cents,
    a cent off the exit's)."""
    today = date(2026, 12, 5)
    data = demo_data(today)
    data = replace(data, exit_assumptions={},
                   volumes=data.volumes.assign(units_per_year=data.volumes["units_per_year"] + 0.5))
    results = compute_results(data, now=datetime.combine(today, datetime.min.time()))
    years = results.scenario_years
    exits = results.exit_impact.set_index("payer")
    half_cents = 0
    for payer in exits.index:
        rows = years[years["payer"] == payer]
        year1, year2 = rows["fixed_revenue"].tolist()[:2]
        half_cents += sum(Decimal(repr(x)) * 1000 % 10 == 5 for x in rows["fixed_at_rates"][:2])
        assert (exits.loc[payer, "net_impact_12m"], exits.loc[payer, "net_impact_24m"]) == (
            -year1, -round(year1 + year2, 2)), payer
    assert half_cents > 0  # the case is there
