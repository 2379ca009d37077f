"""Per-code statistics: a hand-computed example, flags, Benchmarks rows, properties."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.market_rates import (
    ExtractOptions,
    FlagRules,
    benchmark_rows,
    extract_market_rates,
    market_rate_stats,
    market_rates_report,
    weighted_percentile,
)
from ratecalc.schema import BENCHMARKS

from .conftest import EVRY_JAN

# Five 97110 price entries, written out so the statistics can be worked by hand:
#
#   entry  rate    providers (NPIs)
#   A      30.00   P1 P2 P3           (provider group 1)
#   B      40.00   P4                 (group 2)
#   C      50.00   P5                 (group 3)
#   D      60.00   P1                 (group 4: P1 again)
#   E     100.00   P6 P7              (group 5)
#   F      65 %    P1                 (percentage of billed charges: not a dollar rate)
#
# Sorted dollar rates 30, 40, 50, 60, 100; n = 5; type 7 puts percentile q at h = (n - 1) q:
#   p25: h = 1.0 -> 40.00      median: h = 2.0 -> 50.00      p75: h = 3.0 -> 60.00
#   p90: h = 3.6 -> 60 + 0.6 * (100 - 60) = 84.00
# Provider-weighted: each (NPI, entry) pair once -> 30 x3, 40, 50, 60, 100 x2 (N = 8);
#   median h = 3.5 -> 40 + 0.5 * (50 - 40) = 45.00
# Distinct providers P1..P7 = 7. Medicare 30.00 -> median / Medicare = 50 / 30 = 1.6667;
#   outlier_vs_medicare (0.5x-3.0x = 15.00-90.00): E (100.00).
#   outlier_iqr: Q1 = 40, Q3 = 60, IQR = 20, fences 40 - 60 = -20 .. 60 + 60 = 120: none.
P = {i: str(1000000000 + i) for i in range(1, 8)}
HAND = {"n_prices": 5, "n_providers": 7, "min": 30.0, "p25": 40.0, "median": 50.0,
        "p75": 60.0, "p90": 84.0, "max": 100.0, "median_provider_weighted": 45.0}


def hand_document() -> dict[str, object]:
    def group(gid: int, *npis: int) -> dict[str, object]:
        return {"provider_group_id": gid, "network_name": ["N"], "provider_groups": [
            {"npi": [int(P[n]) for n in npis], "tin": {"type": "ein", "value": f"0{gid}-1234567"}}]}

    def rate(value: float, gid: int, kind: str = "negotiated") -> dict[str, object]:
        return {"provider_references": [gid], "negotiated_prices": [
            {"negotiated_type": kind, "negotiated_rate": value, "expiration_date": "9999-12-31",
             "billing_class": "professional", "setting": "outpatient", "service_code": ["11"]}]}

    return {
        "reporting_entity_name": "Hand Plan", "reporting_entity_type": "health insurance issuer",
        "last_updated_on": "2025-03-01", "version": "2.0.0",
        "provider_references": [group(1, 1, 2, 3), group(2, 4), group(3, 5), group(4, 1),
                                group(5, 6, 7)],
        "in_network": [{
            "negotiation_arrangement": "ffs", "name": "Therapeutic exercise",
            "billing_code_type": "CPT", "billing_code_type_version": "2025",
            "billing_code": "97110", "description": "d",
            "negotiated_rates": [rate(50.0, 3), rate(30.0, 1), rate(100.0, 5), rate(40.0, 2),
                                 rate(60.0, 4), rate(65.0, 4, "percentage")],
        }],
    }


@pytest.fixture
def hand_file(tmp_path: Path) -> Path:
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(hand_document(), indent=1))
    return path


def test_hand_computed_example(hand_file: Path) -> None:
    for method in ("fast", "fallback"):
        prices = extract_market_rates(hand_file, method=method).prices
        stats = market_rate_stats(prices, medicare={"97110": 30.0})
        row = stats.codes.iloc[0]
        assert {k: row[k] for k in HAND} == HAND
        assert row["pct_of_medicare"] == pytest.approx(50 / 30)
        assert row["n_outliers"] == 1 and row["n_ghost"] == 0
        assert row["flags"][0] == ("far from Medicare: 1 of 5 prices below 50% or above 300% "
                                   "of the Medicare amount")
        flagged = stats.prices.set_index("negotiated_rate")["flags"]
        assert flagged[100.0] == "outlier_vs_medicare" and flagged[30.0] == ""
        other = stats.other_rates.iloc[0]
        assert (other["negotiated_type"], other["median"], other["unit"]) == (
            "percentage", 65.0, "percent of billed charges")


def test_npi_filter_changes_the_statistics_by_hand(hand_file: Path) -> None:
    # Only P1: entries A (30.00) and D (60.00), one provider each.
    prices = extract_market_rates(hand_file, ExtractOptions.build(npis=[P[1]])).prices
    row = market_rate_stats(prices).codes.iloc[0]
    assert (row["n_prices"], row["n_providers"], row["median"],
            row["median_provider_weighted"]) == (2, 1, 45.0, 45.0)


def test_report_and_benchmark_rows(hand_file: Path) -> None:
    report = market_rates_report(hand_file, ExtractOptions.build(codes=["97110", "97140"]))
    rows = report.benchmark_rows(region="10112-00")
    assert list(rows.columns) == BENCHMARKS.column_names
    assert rows.to_dict(orient="records") == [{
        "code": "97110", "region": "10112-00", "p25": 40.0, "p50": 50.0, "p75": 60.0,
        "p90": 84.0, "source": "TiC in-network file hand.json (Hand Plan)",
        "as_of": date(2025, 3, 1)}]
    records = {r["code"]: r for r in report.records()}
    assert records["97140"]["flags"] == ["not_in_file: no price for this code in the file"]
    assert records["97110"]["median_provider_weighted"] == 45.0


def test_a_code_asked_for_that_is_no_code_is_said_to_be_a_likely_typo(hand_file: Path) -> None:
    # found by a review: --codes 97110,abc,9711 printed "9711: not_in_file: no price for this
    # code in the file", read as "this payer publishes no price for it"
    report = market_rates_report(hand_file, ExtractOptions.build(codes=["97110", "abc", "9711",
                                                                         "0552T", "97140"]))
    flags = {r["code"]: r["flags"] for r in report.records()}
    typo = ("not_in_file: no price for this code in the file (nor is it shaped as a CPT/HCPCS "
            "code is, five digits, a letter and four digits, or four digits and a letter: a "
            "typo?)")
    assert flags["ABC"] == flags["9711"] == [typo]
    assert flags["0552T"] == flags["97140"] == ["not_in_file: no price for this code in the file"]


def test_benchmark_rows_round_half_up_once() -> None:
    stats = pd.DataFrame({"code": ["97110", "97140"], "n_prices": [2, 0],
                          "p25": [26.825, np.nan], "median": [30.0049, np.nan],
                          "p75": [30.005, np.nan], "p90": [1.005, np.nan]})
    rows = benchmark_rows(stats, source="s", as_of=None)
    assert rows[["p25", "p50", "p75", "p90"]].to_numpy().tolist() == [[26.83, 30.0, 30.01, 1.01]]


def test_ghost_rules() -> None:
    prices = pd.DataFrame({
        "code": "97110", "billing_code_type": "CPT", "negotiated_type": "negotiated",
        "negotiated_rate": [0.01, 35.0, 36.0, 37.0, 38.0],
        "billing_class": ["professional"] * 4 + ["institutional"],
        "providers": [("1",), ("TIN:123",), ("2",), ("3",), tuple(str(i) for i in range(5))],
        "n_providers": [1, 1, 1, 1, 5], "tin_only": [False, True, False, False, False]})
    stats = market_rate_stats(prices, rules=FlagRules(broad_providers=5))
    assert stats.prices["flags"].tolist() == [
        "outlier_iqr,ghost_placeholder", "ghost_no_npi", "", "", "ghost_broad"]
    row = stats.codes.iloc[0]
    assert (row["n_outliers"], row["n_ghost"]) == (1, 3)
    assert [f.split(":")[0] for f in row["flags"]] == [  # in words (RULE_LABEL) for people
        "far from the other prices", "placeholder", "no clinician", "network-wide schedule",
        "facility claims"]


def test_medicare_ratio_from_the_engine() -> None:
    # CMS 2025 non-facility amounts for Alabama 10112-00 (the Medicare engine's own tests pin
    # 97110 = 26.83 against CMS's payment file).
    report = market_rates_report(EVRY_JAN, ExtractOptions.build(codes=["97110", "97014"]),
                                 locality="10112-00", date_of_service=date(2025, 6, 1))
    codes = report.stats.codes.set_index("code")
    assert codes.loc["97110", "medicare_amount"] == 26.83
    assert codes.loc["97110", "pct_of_medicare"] == pytest.approx(
        codes.loc["97110", "median"] / 26.83)
    assert any("G0283" in f for f in codes.loc["97014", "flags"])


# -- properties -----------------------------------------------------------------------------------

@given(st.lists(st.tuples(st.integers(1, 100_000), st.integers(0, 6)), min_size=1, max_size=30),
       st.floats(0, 100))
def test_weighted_percentile_equals_the_expanded_percentile(
    pairs: list[tuple[int, int]], q: float
) -> None:
    values = np.array([v / 100 for v, _ in pairs])
    weights = np.array([w for _, w in pairs])
    got = weighted_percentile(values, weights, q)
    if weights.sum() == 0:
        assert np.isnan(got)
    else:
        assert got == pytest.approx(np.percentile(np.repeat(values, weights), q), abs=1e-9)


def test_a_code_with_no_price_of_the_class_read_says_which_class(hand_file: Path) -> None:
    # a review: `import market-rates --workbook` reads professional prices only; every code of
    # a facility's file then said "no price for this code in the file" under a note that the
    # file's prices are institutional
    report = market_rates_report(hand_file, ExtractOptions.build(
        codes=["97110"], billing_class="institutional"))
    [row] = report.records()
    assert row["n_prices"] == 0
    # the file has 97110, priced professional: it is in the file, read for the other class
    # (it read "not_in_file: no institutional price for this code in the file, the only
    # billing class read (--billing-class reads another)")
    assert row["flags"] == ["other_billing_class_only: no institutional price for this code; "
                            "the file prices it for another billing class (--billing-class "
                            "professional reads those)"]


@pytest.mark.parametrize("method", ["fast", "fallback"])
@pytest.mark.parametrize("billing_class", ["professional", "institutional"])
def test_a_code_the_file_lacks_is_not_in_it_whichever_class_is_read(
        hand_file: Path, method: str, billing_class: str) -> None:
    # the walk: 92507 and 92523, absent from Evry's file, said "no professional price ...
    # --billing-class reads another" read professional, and "no institutional price ...
    # --billing-class reads another" read institutional: the user was sent back and forth
    report = market_rates_report(hand_file, ExtractOptions.build(
        codes=["92507", "97110"], billing_class=billing_class), method=method)
    flags = {r["code"]: r["flags"] for r in report.records()}
    assert flags["92507"] == [
        "not_in_file: this code is not in this file (no price of any billing class)"]
    assert report.rates.codes_found == frozenset({"97110"})


def test_a_real_file_lacking_the_speech_codes_says_so_for_either_class(evry_full: Path) -> None:
    for billing_class in ("professional", "institutional"):
        report = market_rates_report(evry_full, ExtractOptions.build(
            codes=["92507", "92523"], billing_class=billing_class))
        assert [r["flags"] for r in report.records()] == [
            ["not_in_file: this code is not in this file (no price of any billing class)"]] * 2
