"""The demo's headline totals, recomputed from the demo CSVs without the code under test.

Other tests pin figures such as the dollars below market (148,572.83) and the top payer's
current and proposed revenue (294,784.32 and 338,959.17). Here each one is derived afresh with
the csv module and Decimal arithmetic, following the rules as written:

- the rate in force for a payer and code is the fee-schedule row without a modifier with the
  latest ``effective_date`` on or before the analysis date; for a ``pct_of_medicare`` contract it
  is the contract's percentage x the Medicare amount, rounded half-up to cents (the Medicare
  amounts themselves are checked against CMS's published amounts elsewhere, so they are taken
  from the analysis here);
- dollars below market = sum over payer x code of ``(p50 - rate) x units`` where the rate is
  below the market median (the target percentile is 50 in the demo settings);
- the proposal asks, per code, ``max(min(p50 rounded half-up, cap), minimum)`` with the cap
  ``rate x 1.15`` rounded down and the minimum ``rate x 1.05`` rounded up to cents (and never
  below the walk-away floor);
- revenue = sum of rate x units; everything rounded half-up to cents once, at the end;
- the proposal builds on the rate in force when the payer's new term begins: for a
  ``pct_of_medicare`` contract, its percentage x the Medicare amount in force that day (taken
  from the proposal's ``medicare_amount``, as the analysis date's are taken from the
  comparison; tests/test_new_term_medicare.py checks it against the engine by hand); for a
  fixed contract with an escalator, the rate raised by it, rounded half-up to cents, on each
  anniversary of the contract's ``effective_date`` after the row's date, up to the day the new
  term begins (the day after ``end_date``; the anniversary that day counts for a contract that
  auto-renews). Before, the proposal built on the row's rate as written (Keystone's and
  Lakeside's two and three escalations left out).

If the demo data change (new contract dates, a new Medicare year), these tests follow the CSVs.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.report import summary

CENT = Decimal("0.01")


def demo_csv(name: str) -> list[dict[str, str]]:
    with (resources.as_file(resources.files("ratecalc") / "data" / "demo" / name) as path,
          open(Path(path), newline="", encoding="utf-8") as fh):
        return list(csv.DictReader(fh))


def pct(text: str) -> Decimal:
    text = text.strip()
    return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)


@pytest.fixture(scope="module")
def demo(analysis) -> dict[str, object]:
    settings = {r["field"]: r["value"] for r in demo_csv("settings.csv")}
    as_of = date.fromisoformat(settings["analysis_date"])
    rates: dict[tuple[str, str], tuple[date, Decimal]] = {}
    for r in demo_csv("fee_schedules.csv"):
        effective = date.fromisoformat(r["effective_date"])
        key = (r["payer"], r["code"])
        if r["modifier"].strip() or effective > as_of:
            continue
        if key not in rates or effective > rates[key][0]:
            rates[key] = (effective, Decimal(r["allowed_amount"]))
    units = {(r["payer"], r["code"]): Decimal(r["units_per_year"])
             for r in demo_csv("volumes.csv")}
    contract_pct = {r["payer"]: Decimal(r["pct_of_medicare"]) for r in demo_csv("contracts.csv")
                    if r["rate_basis"] == "pct_of_medicare" and r["pct_of_medicare"].strip()}
    medicare = {r.code: Decimal(str(r.medicare_amount))
                for r in analysis.comparison.itertuples() if r.medicare_amount == r.medicare_amount}
    for payer, share in contract_pct.items():
        codes = {c for (p, c) in list(rates) + list(units) if p == payer}
        for code in codes:
            if code in medicare:
                rates[(payer, code)] = (as_of, (share * medicare[code]).quantize(CENT,
                                                                                 ROUND_HALF_UP))
    p50 = {r["code"]: Decimal(r["p50"]) for r in demo_csv("benchmarks.csv")}
    at_new_term = {k: v for k, (_, v) in rates.items()}
    for r in analysis.proposal.itertuples():
        if r.payer in contract_pct and r.medicare_amount == r.medicare_amount:
            at_new_term[(r.payer, r.code)] = (contract_pct[r.payer] * Decimal(
                str(r.medicare_amount))).quantize(CENT, ROUND_HALF_UP)
    escalated = 0
    for c in demo_csv("contracts.csv"):
        if c["rate_basis"] == "pct_of_medicare" or not Decimal(c["escalator"] or "0"):
            continue
        start, end = (date.fromisoformat(c[k]) for k in ("effective_date", "end_date"))
        assert end >= as_of, "derivation assumes every term is current"
        last = end + timedelta(days=1) if c["auto_renew"] == "yes" else end
        for (payer, code), (effective, rate) in rates.items():
            if payer != c["payer"]:
                continue
            years = 1
            while (day := start.replace(year=start.year + years)) <= last:
                if day > effective:
                    rate = (rate * (1 + Decimal(c["escalator"]))).quantize(CENT, ROUND_HALF_UP)
                    escalated += 1
                years += 1
            at_new_term[(payer, code)] = rate
    assert escalated > 0, "the demo has escalators: the derivation must meet some"
    return {"settings": settings, "rates": {k: v for k, (_, v) in rates.items()},
            "at_new_term": at_new_term, "units": units, "p50": p50}


@pytest.fixture(scope="module")
def analysis():
    return analyze(demo_data())


def test_dollars_below_market(demo, analysis):
    assert float(demo["settings"]["target_percentile"]) == 50, "derivation assumes the median"
    total = Decimal(0)
    terms = 0
    for key, rate in demo["rates"].items():
        median = demo["p50"].get(key[1])
        if median is not None and rate < median:
            total += (median - rate) * demo["units"].get(key, Decimal(0))
            terms += 1
    assert terms > 0
    assert summary(analysis)["dollars_below_market"] == float(total.quantize(CENT, ROUND_HALF_UP))


def test_annual_revenue(demo, analysis):
    total = sum((rate * demo["units"].get(key, Decimal(0))
                 for key, rate in demo["rates"].items()), Decimal(0))
    assert summary(analysis)["annual_revenue"] == float(total.quantize(CENT, ROUND_HALF_UP))


def test_each_payers_current_and_proposed_revenue(demo, analysis):
    low = pct(demo["settings"]["min_increase"])
    high = pct(demo["settings"]["max_increase"])
    floors = {(r.payer, r.code): r.floor for r in analysis.proposal.itertuples()}
    current: dict[str, Decimal] = defaultdict(Decimal)
    proposed: dict[str, Decimal] = defaultdict(Decimal)
    for (payer, code), rate in demo["at_new_term"].items():
        n = demo["units"].get((payer, code), Decimal(0))
        minimum = (rate * (1 + low)).quantize(CENT, ROUND_CEILING)
        cap = (rate * (1 + high)).quantize(CENT, ROUND_FLOOR)
        median = demo["p50"].get(code)
        target = minimum if median is None else median.quantize(CENT, ROUND_HALF_UP)
        # The walk-away floor (cost per visit over Medicare) needs Medicare amounts; where it
        # binds, the ask is the floor rounded up, which we take from the proposal itself.
        floor = Decimal(str(floors[(payer, code)]))
        ask = max(min(target, cap), minimum, floor.quantize(CENT, ROUND_CEILING))
        current[payer] += rate * n
        proposed[payer] += ask * n
    got = {row["payer"]: row for row in summary(analysis)["proposal"]}
    assert set(got) == set(current)
    for payer in current:
        assert got[payer]["new_term_revenue"] == float(current[payer].quantize(CENT)), payer
        assert got[payer]["proposed_revenue"] == float(proposed[payer].quantize(CENT)), payer
        impact = (proposed[payer] - current[payer]).quantize(CENT)
        assert got[payer]["annual_impact"] == float(impact), payer


def test_top_payer_is_asked_the_maximum_increase_on_every_code(demo, analysis):
    # The letter's headline (15 rates below the median, +15.0%): for the top payer every code's
    # capped ask (rate x 1.15, rounded down) is still under the market median.
    payer = analysis.top_payer
    codes = [code for (p, code) in demo["rates"] if p == payer]
    assert len(codes) == 15
    for code in codes:
        rate = demo["rates"][(payer, code)]
        assert rate * Decimal("1.15") < demo["p50"][code], code


def test_each_reason_says_where_the_rate_stands_against_the_median(demo, analysis):
    """A row's reason agrees with the CSVs: "at or above market" only where the rate the
    proposal builds on (raised by the contract's escalator by the new term, say) is at or over
    the median; the Comparison's ``below_market`` says the same of the analysis date's rate.
    The reason's last clause is the market's (a rate built on, or Medicare's, is named
    before it)."""
    reasons = analysis.proposal.set_index(["payer", "code"])["reason"]
    below = analysis.comparison.set_index(["payer", "code"])["below_market"]
    kinds = set()
    for key, rate in demo["rates"].items():
        median = demo["p50"].get(key[1])
        if key not in reasons.index or median is None:
            continue
        reason = reasons[key]
        assert bool(below[key]) == (rate < median), key
        built, market = demo["at_new_term"][key], reason.split("; ")[-1]
        if "at or above market" in market:
            assert built >= median, (key, built, median, reason)
        if built < median:
            assert "at or above" not in market, (key, built, median, reason)
        kinds.add(market)
    # the demo has rates just under the median, where the minimum increase passes the market
    assert "below market by less than the minimum increase, which takes it above market" in kinds


@pytest.mark.parametrize(("today", "year"), [
    (date(2025, 12, 1), "2025"),   # the story as shipped: the year just ending
    (date(2026, 12, 3), "2026"),
    (date(2027, 3, 1), "2026"),    # two months into 2027: its results are 2026's
    (date(2027, 11, 30), "2026"),
    (date(2027, 12, 1), "2027"),
    (date(2027, 12, 31), "2027"),
])
def test_the_demo_reports_results_for_the_latest_year_nearly_through(today, year):
    periods = set(demo_data(today).metrics["period"])
    assert periods == {year}, periods


def test_no_reason_says_a_phrase_twice(analysis):
    """Each clause of a reason says each of its two-word phrases once: the Proposal sheet's
    "Why" read "below market by less than the minimum increase: minimum increase, above
    market" on the demo's rows just under the median."""
    repeated = set()
    for reason in analysis.proposal["reason"]:
        for clause in reason.split("; "):
            words = clause.replace(":", " ").replace(",", " ").split()
            pairs = list(zip(words, words[1:], strict=False))
            if len(set(pairs)) < len(pairs):
                repeated.add(clause)
    assert not repeated, sorted(repeated)
