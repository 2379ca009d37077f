"""The statistics' rules one by one, on small price lists worked by hand: the flag thresholds at
their exact boundaries, the flag texts, modifier rows, codes without dollar prices."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from ratecalc.market_rates import FlagRules, market_rate_stats, weighted_percentile
from ratecalc.market_rates.stats import OTHER_COLUMNS, STAT_COLUMNS, modifier_key


def prices(rates: list[float], **columns: object) -> pd.DataFrame:
    """One 97110 price entry per rate, one provider each, unless ``columns`` says otherwise."""
    n = len(rates)
    frame = {
        "code": "97110", "billing_code_type": "CPT", "negotiated_type": "negotiated",
        "negotiated_rate": rates, "billing_class": "professional",
        "providers": [(f"P{i}",) for i in range(n)], "n_providers": 1, "tin_only": False}
    frame.update(columns)
    return pd.DataFrame(frame)


def flags_of(frame: pd.DataFrame, **kwargs: object) -> dict[float, str]:
    out = market_rate_stats(frame, **kwargs).prices  # type: ignore[arg-type]
    return dict(zip(out["negotiated_rate"], out["flags"], strict=True))


# -- outlier_iqr: 9.99, 40, 45, 50, 80 -> n = 5, Q1 (h = 1) = 40, Q3 (h = 3) = 50, IQR = 10;
#    far-out fences (k = 3) 40 - 30 = 10 .. 50 + 30 = 80: a price ON a fence is inside.
def test_iqr_fences_are_inclusive() -> None:
    assert flags_of(prices([10.0, 40.0, 45.0, 50.0, 80.0])) == {
        10.0: "", 40.0: "", 45.0: "", 50.0: "", 80.0: ""}
    assert flags_of(prices([9.99, 40.0, 45.0, 50.0, 80.01])) == {
        9.99: "outlier_iqr", 40.0: "", 45.0: "", 50.0: "", 80.01: "outlier_iqr"}


def test_iqr_rule_needs_enough_prices_and_uses_its_factor() -> None:
    # four prices (fewer than iqr_min_prices = 5): no quartile rule at all
    assert set(flags_of(prices([1.5, 40.0, 50.0, 500.0])).values()) == {""}
    # the same four with the minimum at 4: sorted 1.5, 40, 50, 500 (n = 4);
    # Q1 h = 0.75 -> 1.5 + 0.75 * 38.5 = 30.375; Q3 h = 2.25 -> 50 + 0.25 * 450 = 162.5;
    # IQR = 132.125; k = 1: fences -101.75 .. 294.625 -> only 500 is out
    got = flags_of(prices([1.5, 40.0, 50.0, 500.0]), rules=FlagRules(iqr_min_prices=4,
                                                                       iqr_factor=1.0))
    assert got == {1.5: "", 40.0: "", 50.0: "", 500.0: "outlier_iqr"}
    # k = 3 instead: fences -366.0 .. 558.875 -> nothing
    got = flags_of(prices([1.5, 40.0, 50.0, 500.0]), rules=FlagRules(iqr_min_prices=4))
    assert set(got.values()) == {""}


# -- outlier_vs_medicare: Medicare 40.00 -> 0.5x = 20.00 .. 3.0x = 120.00, bounds inclusive.
def test_medicare_bounds_are_inclusive() -> None:
    medicare = {"97110": 40.0}
    assert flags_of(prices([20.0, 120.0]), medicare=medicare) == {20.0: "", 120.0: ""}
    assert flags_of(prices([19.99, 120.01]), medicare=medicare) == {
        19.99: "outlier_vs_medicare", 120.01: "outlier_vs_medicare"}
    # other thresholds: 0.9x = 36.00 .. 1.1x = 44.00
    rules = FlagRules(medicare_low=0.9, medicare_high=1.1)
    assert flags_of(prices([35.0, 40.0, 45.0]), medicare=medicare, rules=rules) == {
        35.0: "outlier_vs_medicare", 40.0: "", 45.0: "outlier_vs_medicare"}
    # no Medicare amount (None, or 0 = none published): no Medicare rule, no ratio
    for amount in (None, 0.0):
        stats = market_rate_stats(prices([1000.0, 2.0]), medicare={"97110": amount})
        assert stats.prices["flags"].tolist() == ["", ""]
        assert np.isnan(stats.codes.iloc[0]["pct_of_medicare"])


def test_ghost_thresholds() -> None:
    # placeholder below 1.00 (1.00 itself is a price); broad at 1000 providers and more
    frame = prices([0.99, 1.0, 30.0, 31.0], n_providers=[1, 1, 999, 1000])
    assert flags_of(frame) == {0.99: "ghost_placeholder", 1.0: "", 30.0: "",
                               31.0: "ghost_broad"}
    rules = FlagRules(placeholder_below=30.0, broad_providers=2)
    assert flags_of(prices([29.99, 30.0], n_providers=[1, 2]), rules=rules) == {
        29.99: "ghost_placeholder", 30.0: "ghost_broad"}


def test_flag_texts_name_the_rule_and_its_thresholds() -> None:
    # 0.5, 40, 41, 42, 43, 44, 500 (n = 7): Q1 h = 1.5 -> 40.5, Q3 h = 4.5 -> 43.5, IQR = 3,
    # k = 2: fences 34.5 .. 49.5 -> 0.5 and 500 out; Medicare 40 x 0.25..4 = 10..160 -> same two;
    # 0.5 < 0.75 placeholder; 41 TIN only; 42 for 3 providers (broad at 3)
    frame = prices([0.5, 40.0, 41.0, 42.0, 43.0, 44.0, 500.0],
                   tin_only=[False, False, True, False, False, False, False],
                   n_providers=[1, 1, 1, 3, 1, 1, 1],
                   billing_class=["professional"] * 6 + ["institutional"])
    rules = FlagRules(iqr_factor=2.0, medicare_low=0.25, medicare_high=4.0,
                      placeholder_below=0.75, broad_providers=3)
    stats = market_rate_stats(frame, medicare={"97110": 40.0}, rules=rules)
    assert stats.rules == rules  # the thresholds applied travel with the result
    assert stats.prices["flags"].tolist() == [
        "outlier_iqr,outlier_vs_medicare,ghost_placeholder", "", "ghost_no_npi", "ghost_broad",
        "", "", "outlier_iqr,outlier_vs_medicare"]
    row = stats.codes.iloc[0]
    assert row["flags"] == (
        "far from the other prices: 2 of 7 prices outside the far-out fences Q1 - 2.0*IQR .. "
        "Q3 + 2.0*IQR",
        "far from Medicare: 2 of 7 prices below 25% or above 400% of the Medicare amount",
        "placeholder: 1 of 7 prices below $0.75, a placeholder rather than a rate",
        "no clinician: 1 of 7 prices contracted at TIN level only (no NPI): an organisation, "
        "no clinician",
        "network-wide schedule: 1 of 7 prices listed for 3+ providers: a network-wide schedule, "
        "not a negotiated rate",
        "facility claims: 1 of 7 prices billing class institutional (facility claim), not a "
        "professional fee",
    )
    # a price counts once however many rules of a kind it trips
    assert (row["n_outliers"], row["n_ghost"]) == (2, 3)
    # the median 42 (h = 3) over Medicare 40
    assert (row["median"], row["pct_of_medicare"]) == (42.0, 1.05)


def test_modifier_key() -> None:
    assert modifier_key("gp, cq") == "GP+CQ"
    assert modifier_key("GP+CQ") == "GP+CQ"
    assert modifier_key("gp + cq+GP") == "GP+CQ"  # '+' separates as ',' does
    assert modifier_key(" cq ,, gp,CQ ") == "CQ+GP"  # blanks dropped, repeats once, order kept
    assert modifier_key(None) == "" and modifier_key(float("nan")) == ""
    assert modifier_key(" , ") == ""
    assert modifier_key(52) == "52"


def test_modifier_combinations_get_their_own_rows() -> None:
    # plain 97110: 30, 50 (median 40); 97110 CQ: 25.50; 97110 GP+CQ: 20, 24 (median 22);
    # 97140 GP: 33 only, so 97140's plain row has no price ("not in file")
    frame = prices([30.0, 25.5, 50.0, 24.0, 20.0, 33.0],
                   code=["97110"] * 5 + ["97140"],
                   modifiers=[None, "cq", "", "GP,CQ", "gp+cq", "GP"])
    codes = market_rate_stats(frame, medicare={"97110": 20.0}).codes
    assert list(zip(codes["code"], codes["modifiers"], codes["n_prices"], strict=True)) == [
        ("97110", "", 2), ("97110", "CQ", 1), ("97110", "GP+CQ", 2), ("97140", "", 0),
        ("97140", "GP", 1)]
    assert codes["median"].tolist()[:3] == [40.0, 25.5, 22.0]
    # Medicare's amount is the plain code's: only the plain row is compared with it
    assert codes["medicare_amount"].iloc[0] == 20.0
    assert codes["medicare_amount"].iloc[1:].isna().all()
    assert codes["pct_of_medicare"].iloc[0] == 2.0
    assert codes["pct_of_medicare"].iloc[1:].isna().all()
    assert codes["flags"].iloc[3] == ("not_in_file: no price for this code in the file",)


def test_codes_without_dollar_prices_and_other_rates() -> None:
    # 97110: two dollar prices; 97140: percentages 60 and 70 (median 65) and a bundle price of
    # 400.00; 97530 asked for, absent; G0283 (lower case in the request) absent too.
    # 97140 GP: one dollar price of 35.00 (its own row; the percentages are the plain code's)
    frame = pd.DataFrame({
        "code": ["97110", "97110", "97140", "97140", "97140", "97140"],
        "billing_code_type": ["CPT", "HCPCS", "CPT", "CPT", "CPT", "CPT"],
        "negotiated_type": ["negotiated", "fee schedule", "percentage", "percentage",
                            "negotiated", "negotiated"],
        "negotiation_arrangement": ["ffs", "ffs", "ffs", "ffs", "bundle", "ffs"],
        "negotiated_rate": [30.0, 40.0, 70.0, 60.0, 400.0, 35.0],
        "modifiers": ["", "", "", "", "", "GP"],
        "billing_class": "professional",
        "providers": [("1",), ("2", "3"), ("1",), ("2",), ("3",), ("4",)],
        "n_providers": [1, 2, 1, 1, 1, 1], "tin_only": False})
    stats = market_rate_stats(frame, codes=["97530", " g0283"], medicare={"97530": 25.0},
                              medicare_problems={"97530": "not on the fee schedule"})
    assert list(zip(stats.codes["code"], stats.codes["modifiers"], strict=True)) == [
        ("97110", ""), ("97140", ""), ("97140", "GP"), ("97530", ""), ("G0283", "")]
    gp = stats.codes.iloc[2]
    assert (gp["n_prices"], gp["median"], gp["n_other_rates"], gp["billing_code_type"]) == (
        1, 35.0, 0, "CPT")
    codes = stats.codes[stats.codes["modifiers"] == ""].set_index("code")
    first = codes.loc["97110"]
    # 30 (1 provider) and 40 (2): median 35; weighted 30, 40, 40 -> 40; providers 1, 2, 3
    assert (first["billing_code_type"], first["n_prices"], first["n_providers"],
            first["median"], first["median_provider_weighted"], first["n_other_rates"]) == (
        "CPT,HCPCS", 2, 3, 35.0, 40.0, 0)
    second = codes.loc["97140"]
    assert (second["billing_code_type"], second["n_prices"], second["n_other_rates"]) == (
        "CPT", 0, 3)
    assert second["flags"] == ("no_dollar_rates: only percentage, per-diem, derived, bundle or "
                               "capitation prices",)
    assert np.isnan(second["median"])
    assert codes.loc["97530", "flags"] == (
        "not_in_file: no price for this code in the file",
        "no_medicare_amount: not on the fee schedule")
    absent = codes.loc["97530"]
    assert (absent["billing_code_type"], absent["n_prices"], absent["n_providers"],
            absent["n_outliers"], absent["n_ghost"], absent["n_other_rates"],
            absent["medicare_amount"]) == ("", 0, 0, 0, 0, 0, 25.0)
    assert np.isnan(absent["pct_of_medicare"]) and np.isnan(absent["median"])
    assert codes.loc["G0283", "n_other_rates"] == 0
    assert stats.other_rates.to_dict(orient="records") == [
        {"code": "97140", "negotiated_type": "percentage", "n_prices": 2, "min": 60.0,
         "median": 65.0, "max": 70.0, "unit": "percent of billed charges"},
        {"code": "97140", "negotiated_type": "negotiated (bundle)", "n_prices": 1, "min": 400.0,
         "median": 400.0, "max": 400.0, "unit": "USD per bundle of services"},
    ]
    # the bundle price is in no dollar statistic: the prices used are 97110's two and 97140 GP's,
    # as given plus their flags
    assert stats.prices["negotiated_rate"].tolist() == [30.0, 40.0, 35.0]
    assert list(stats.prices.columns) == [*frame.columns, "flags"]
    assert list(stats.prices.index) == [0, 1, 2]


def test_no_prices_at_all() -> None:
    frame = prices([])
    stats = market_rate_stats(frame)
    assert list(stats.codes.columns) == list(STAT_COLUMNS) and stats.codes.empty
    assert list(stats.other_rates.columns) == list(OTHER_COLUMNS) and stats.other_rates.empty


def test_decimal_rates_are_read_as_numbers() -> None:
    # 50, 60, 50, 40, 70 as Decimal (an object column), sorted 40, 50, 50, 60, 70 (n = 5):
    # p25 h = 1 -> 50, median h = 2 -> 50, p75 h = 3 -> 60, p90 h = 3.6 -> 60 + 0.6 x 10 = 66;
    # IQR 60 - 50 = 10: fences 20 .. 90, none out; percentages 70 and 60 -> median 65
    rates = [Decimal("50.00"), Decimal("60.00"), Decimal("50"), Decimal("40.00"), Decimal("70"),
             Decimal("70"), Decimal("60")]
    frame = prices(rates, negotiated_type=["negotiated"] * 5 + ["percentage"] * 2)
    assert frame["negotiated_rate"].dtype == object
    stats = market_rate_stats(frame, medicare={"97110": 40.0})
    row = stats.codes.iloc[0]
    assert [row[c] for c in ("min", "p25", "median", "p75", "p90", "max")] == [
        40.0, 50.0, 50.0, 60.0, 66.0, 70.0]
    assert (row["median_provider_weighted"], row["pct_of_medicare"]) == (50.0, 1.25)
    assert stats.prices["flags"].tolist() == [""] * 5
    assert stats.other_rates["median"].tolist() == [65.0]
    # 50 x3, 60 x1, 50 x0 -> 50, 50, 50, 60 (N = 4): p75 h = 2.25 -> 50 + 0.25 x 10
    assert weighted_percentile(np.array(rates[:3], dtype=object), np.array([3, 1, 0]), 75) == 52.5


def test_other_rate_units() -> None:
    frame = prices([120.0, 5.0, 80.0, 900.0],
                   negotiated_type=["per diem", "derived", "negotiated", "weird"],
                   negotiation_arrangement=["ffs", "ffs", "capitation", "ffs"])
    units = market_rate_stats(frame).other_rates.set_index("negotiated_type")["unit"]
    assert units.to_dict() == {
        "per diem": "USD per day",
        "derived": "USD, derived (plan's internal accounting price, not a negotiated rate)",
        "negotiated (capitation)": "USD per capitation arrangement",
        "weird": "as published",
    }


def test_medicare_keys_are_normalised() -> None:
    codes = market_rate_stats(prices([30.0, 50.0]), medicare={" 97110 ": 20.0}).codes
    assert (codes.iloc[0]["medicare_amount"], codes.iloc[0]["pct_of_medicare"]) == (20.0, 2.0)


@pytest.mark.parametrize(("values", "weights", "q", "expected"), [
    # repeated: 10, 10, 10, 20 (N = 4): median h = 1.5 -> 10; p75 h = 2.25 -> 10 + 0.25 * 10
    ([20.0, 10.0], [1, 3], 50, 10.0),
    ([20.0, 10.0], [1, 3], 75, 12.5),
    # 5, 7, 7, 9 given unsorted with a zero weight in the middle: p25 h = 0.75 -> 5 + 0.75 * 2
    ([9.0, 7.0, 100.0, 5.0], [1, 2, 0, 1], 25, 6.5),
    ([9.0, 7.0, 100.0, 5.0], [1, 2, 0, 1], 100, 9.0),
    ([9.0, 7.0, 100.0, 5.0], [1, 2, 0, 1], 0, 5.0),
    ([42.0], [1], 90, 42.0),
])
def test_weighted_percentile_by_hand(values: list[float], weights: list[int], q: float,
                                     expected: float) -> None:
    assert weighted_percentile(np.array(values), np.array(weights), q) == expected


def test_weighted_percentile_of_nothing_is_nan() -> None:
    assert np.isnan(weighted_percentile(np.array([]), np.array([], dtype=int), 50))
    assert np.isnan(weighted_percentile(np.array([5.0]), np.array([0]), 50))
