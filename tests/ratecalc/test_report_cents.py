"""Each money figure of the CSV tables is its exact amount rounded half-up to cents, once.

The exact amounts are worked here in rational arithmetic (``fractions.Fraction``) from the
figures a user can check by hand: each payer's rate in force (cents, as the CSV writes it), the
units a year, and the market percentiles of the Benchmarks table. Never from the core's floats,
whose binary noise (33.765 - 35.04 = -1.2749999999999986) is what has to be rounded away:

- clinic average: per code, sum of rate x units over sum of units (the plain mean of the rates
  where no units are on file); market: linear between the percentiles around the target;
- gap to market = market - rate; gap to clinic average = average - rate; dollars at stake =
  gap to market x units;
- per payer: revenue = sum of rate x units; dollars below market = sum of the positive stakes.

Two clinics: the demo as of 2026-12-01 (97530's average is exactly $33.765) and the half-cent
clinic (:func:`tests.clinics.half_cent_clinic`), where every gap lies on a half cent.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.report import write_tables
from tests.clinics import half_cent_clinic

CLINICS = {"demo_2026": lambda: demo_data(date(2026, 12, 1)), "half_cents": half_cent_clinic}
PERCENTILES = {"p25": 25, "p50": 50, "p75": 75, "p90": 90}


def exact(text: str) -> Fraction:
    """A figure as written, exactly."""
    return Fraction(Decimal(text))


def half_up(amount: Fraction) -> Decimal:
    """``amount`` rounded half away from zero to cents, as CMS rounds."""
    cents = math.floor(abs(amount) * 100 + Fraction(1, 2))
    return Decimal(cents if amount >= 0 else -cents) / 100


def market(benchmark: dict[str, str], target: float) -> Fraction | None:
    """The market rate at ``target``: linear between the nearest percentiles on either side."""
    points = sorted((PERCENTILES[k], exact(v)) for k, v in benchmark.items()
                    if k in PERCENTILES and v not in ("", None))
    if not points:
        return None
    goal = Fraction(Decimal(repr(target)))
    below = [p for p in points if p[0] <= goal]
    above = [p for p in points if p[0] >= goal]
    if not below or not above:
        return (below or above)[-1 if below else 0][1]
    (x0, y0), (x1, y1) = below[-1], above[0]
    return y0 if x0 == x1 else y0 + (goal - x0) / (x1 - x0) * (y1 - y0)


@pytest.fixture(scope="module", params=list(CLINICS))
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[ClinicData, dict[str, list[dict[str, str]]]]:
    """A clinic and its CSV tables as written, read back as text."""
    data = CLINICS[request.param]()
    folder = tmp_path_factory.mktemp(request.param)
    tables = {}
    for path in write_tables(analyze(data), folder):
        if path.suffix == ".csv":
            with Path(path).open(encoding="utf-8-sig", newline="") as handle:
                tables[path.stem] = list(csv.DictReader(handle))
    return data, tables


def test_comparison_money_is_the_exact_amount_half_up(
        written: tuple[ClinicData, dict[str, list[dict[str, str]]]]) -> None:
    data, tables = written
    rows = [r for r in tables["comparison"] if r["allowed_amount"] != ""]
    rate = {id(r): exact(r["allowed_amount"]) for r in rows}
    units = {id(r): exact(r["units_per_year"]) for r in rows}
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_code[r["code"]].append(r)
    benchmarks = {str(b["code"]): {k: repr(float(b[k])) for k in PERCENTILES}
                  for b in data.benchmarks.to_dict(orient="records")}
    half_cents = 0
    for code, group in by_code.items():
        weight = sum(units[id(r)] for r in group)
        average = (sum(rate[id(r)] * units[id(r)] for r in group) / weight if weight
                   else sum(rate[id(r)] for r in group) / len(group))
        bench = market(benchmarks[code], data.settings.target_percentile) \
            if code in benchmarks else None
        for r in group:
            wrong = []
            # an average and a market rate are rates in cents: the gaps are taken from the
            # figures as printed beside them, so they add up as shown
            shown_average = Fraction(half_up(average))
            figures = {"clinic_average": average, "gap_to_average": shown_average - rate[id(r)]}
            if bench is not None:
                shown_bench = Fraction(half_up(bench))
                figures |= {"benchmark": bench, "gap_to_benchmark": shown_bench - rate[id(r)],
                            "dollars_at_stake": (shown_bench - rate[id(r)]) * units[id(r)]}
            for key, amount in figures.items():
                half_cents += (amount * 100).denominator == 2
                if Decimal(r[key]) != half_up(amount):
                    wrong.append((key, r[key], str(half_up(amount)), str(amount)))
            assert wrong == [], f"{r['payer']} {code}: (column, CSV, exact half-up, exact)"
    # the clinics are chosen for it: ties are what is tested (in the averages and market rates;
    # the gaps are then differences of cents)
    assert half_cents >= 5


def test_payer_totals_are_the_exact_sums_half_up(
        written: tuple[ClinicData, dict[str, list[dict[str, str]]]]) -> None:
    """Per payer, from the comparison's exact figures: revenue and the dollars below market,
    each the rounding of its exact sum, not the sum of the CSV's rounded rows."""
    data, tables = written
    benchmarks = {str(b["code"]): {k: repr(float(b[k])) for k in PERCENTILES}
                  for b in data.benchmarks.to_dict(orient="records")}
    revenue: dict[str, Fraction] = defaultdict(Fraction)
    below: dict[str, Fraction] = defaultdict(Fraction)
    for r in tables["comparison"]:
        if r["allowed_amount"] == "":
            continue
        rate, units = exact(r["allowed_amount"]), exact(r["units_per_year"])
        revenue[r["payer"]] += rate * units
        if r["code"] in benchmarks:
            bench = market(benchmarks[r["code"]], data.settings.target_percentile)
            if bench is not None and Fraction(half_up(bench)) > rate:  # the market as shown
                below[r["payer"]] += (Fraction(half_up(bench)) - rate) * units
    for row in tables["priorities"]:
        payer = row["payer"]
        assert Decimal(row["annual_revenue"]) == half_up(revenue[payer]), payer
        assert Decimal(row["dollars_at_stake"]) == half_up(below[payer]), payer
