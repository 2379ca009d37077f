"""A fixed contract's later years on every output that shows the scenarios: each code's rate is
raised by the escalator on each anniversary and rounded half-up to cents each year, by the one
rule the rates in force use (:func:`ratecalc.rates.escalated_rates`); a year's fixed revenue is
the codes' units x those rates. Before, the Scenarios took year 1's revenue x the escalator's
unrounded index, so year 2 on differed from what the payer pays.

Worked by hand, one code (the command's one-code form and FIXED_VS_PCT): 1,000 units at $30.15
with a 3% escalator, 120% of a $25.00 Medicare amount, the conversion factor flat, 2 years:

- fixed: year 1 1,000 x $30.15 = $30,150.00; year 2's rate $30.15 x 1.03 = $31.0545 -> $31.05,
  1,000 x $31.05 = $31,050.00 (year 1's revenue x 1.03 gave $31,054.50); $61,200.00 in all.
- percent: 1.2 x $25.00 = $30.00 a unit, $30,000.00 a year, $60,000.00 in all.
- fixed minus percent over the horizon: $1,200.00 (was $1,204.50).

And a payer (:func:`tests.test_scheduled_rates.clinic`'s Alpha Health as of its ``TODAY``, every
date counted from it): a fixed contract with a 3% escalator, effective TODAY - 700 days,
auto-renewing, its new term beginning TODAY + 201 days; rows of TODAY - 300 days: 97110 $29.27,
1,000 units a year, and 97140 $40.00, 500 units. The anniversary TODAY + 30 days, before the new
term, raises them to $29.27 x 1.03 = $30.1481 -> $30.15 and $40.00 x 1.03 = $41.20: year 1 is
1,000 x $30.15 + 500 x $41.20 = $30,150.00 + $20,600.00 = $50,750.00. Year 2: $30.15 x 1.03 =
$31.0545 -> $31.05 and $41.20 x 1.03 = $42.436 -> $42.44, so 1,000 x $31.05 + 500 x $42.44 =
$31,050.00 + $21,220.00 = $52,270.00 (year 1's revenue x 1.03 gave $52,272.50). The percent side
is the percent year 1's rates equal, on the flat path $50,750.00 a year. Over the two years:
fixed $103,020.00, percent $101,500.00, difference $1,520.00 (year 2: $1,520.00).

The letter and ``analyze``'s JSON show no scenario figure (the letter cites the proposal's
rates; the analysis summary has no scenarios), so they have nothing to agree on here.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

import ratecalc_addin as xl
from ratecalc import scenarios
from ratecalc.dataset import ClinicData
from ratecalc.money import round_cents
from ratecalc.rates import escalated_rate
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.results import compute_results
from tests.clinics import _table_of, tables_and_refreshed_book
from tests.test_scheduled_rates import PAYER, TODAY, clinic
from tests.workbook.libreoffice import SOFFICE, convert

NOW = datetime.combine(TODAY, datetime.min.time())
#: The payer's year 2 fixed revenue, the years' totals and the differences, worked by hand above.
YEAR_TWO_FIXED = 52_270.00
FIXED_TOTAL, PCT_TOTAL, DIFFERENCE = 103_020.00, 101_500.00, 1_520.00


def escalating_payer() -> ClinicData:
    data = clinic(TODAY, fees=[("97110", 29.27, TODAY - timedelta(days=300)),
                               ("97140", 40.00, TODAY - timedelta(days=300))])
    return replace(data, contracts=data.contracts.assign(escalator=0.03),
                   volumes=data.volumes.assign(units_per_year=[1000.0, 500.0]),
                   settings=replace(data.settings, cf_path="flat", scenario_years=2))


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(args) in (0, 1), capsys.readouterr()
    return json.loads(capsys.readouterr().out)


def test_the_rates_of_the_worked_example() -> None:
    assert [escalated_rate(29.27, 0.03, n) for n in (1, 2)] == [30.15, 31.05]
    assert [escalated_rate(40.00, 0.03, n) for n in (1, 2)] == [41.20, 42.44]


def test_one_code_year_two_is_its_rate_in_cents_on_every_output(
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = scenarios.single_code_lines(1000.0, 25.0, 30.15)
    result = scenarios.project_scenario(lines, pct_of_medicare=1.2, years=2, cf_changes=0.0,
                                        escalator=0.03)
    assert result.years_table["fixed_revenue"].tolist() == [30_150.00, 31_050.00]
    assert result.by_code["fixed_total"].tolist() == [61_200.00]
    assert (round_cents(result.fixed_total), round_cents(result.difference)) == \
        (61_200.00, 1_200.00)
    shown = _cli(["scenario", "--units", "1000", "--medicare", "25", "--fixed", "30.15",
                  "--pct-of-medicare", "1.2", "--years", "2", "--cf-change", "0",
                  "--escalator", "0.03", "--json"], capsys)
    assert [y["fixed_revenue"] for y in shown["years"]] == [30_150.00, 31_050.00]
    assert (shown["fixed_total"], shown["pct_total"], shown["difference"]) == \
        (61_200.00, 60_000.00, 1_200.00)
    assert xl.FIXED_VS_PCT(30.15, 1.2, 25.0, 1000.0, 2, 0.0, 0.03) == [[1_200.00]]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The payer's tables and its master workbook, made from them and refreshed."""
    return tables_and_refreshed_book(escalating_payer(), tmp_path_factory.mktemp("escalated-years"))


def test_a_payers_year_two_is_its_codes_rates_in_cents(
        book: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The core (what refresh writes) and ``scenario --payer --json``."""
    results = compute_results(escalating_payer(), now=NOW)
    years = results.scenario_years[results.scenario_years["payer"] == PAYER]
    assert years["fixed_revenue"].tolist() == [50_750.00, YEAR_TWO_FIXED]
    assert years["pct_revenue"].tolist() == [50_750.00, 50_750.00]
    per_payer = results.scenarios.set_index("payer").loc[PAYER]
    assert (per_payer["fixed_total"], per_payer["pct_total"], per_payer["difference"]) == \
        (FIXED_TOTAL, PCT_TOTAL, DIFFERENCE)
    folder, _ = book
    shown = _cli(["scenario", "--payer", PAYER, "--data", str(folder), "--json"], capsys)
    assert [y["fixed_revenue"] for y in shown["years"]] == [50_750.00, YEAR_TWO_FIXED]
    assert (shown["fixed_total"], shown["pct_total"], shown["difference"]) == \
        (FIXED_TOTAL, PCT_TOTAL, DIFFERENCE)
    assert shown["years"][1]["difference"] == DIFFERENCE


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_scenarios_sheet_recalculated_shows_the_same_year_two(
        book: tuple[Path, Path], tmp_path: Path) -> None:
    """The Scenarios sheet's formulas as LibreOffice computes them: the payer's year 2, its
    totals over the horizon and "All payers, by year" are the hand-worked figures."""
    _, path = book
    recalculated = convert(path, tmp_path / "lo", "xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on LibreOffice's extensions
        values = load_workbook(recalculated, data_only=True)
    years = _table_of(values, layout.SCENARIO_YEARS_TABLE)
    years = years[years["payer"] == PAYER]
    assert [round(v, 2) for v in years["fixed_revenue"]] == [50_750.00, YEAR_TWO_FIXED]
    assert [round(v, 2) for v in years["difference"]] == [0.00, DIFFERENCE]
    per_payer = _table_of(values, layout.SCENARIOS_TABLE).set_index("payer").loc[PAYER]
    assert tuple(round(per_payer[k], 2) for k in ("fixed_total", "pct_total", "difference")) == \
        (FIXED_TOTAL, PCT_TOTAL, DIFFERENCE)
    by_year = _table_of(values, layout.SCENARIO_TOTALS_TABLE).set_index("year")
    assert round(by_year.loc[2, "fixed_revenue"], 2) == YEAR_TWO_FIXED
