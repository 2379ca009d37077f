"""Gap arithmetic at its edges: percentile interpolation and holding, inputs as text or object
columns (as readers produce them), empty tables, exact equality, and the output's shape."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ratecalc.gap import benchmark_at, clinic_average, gap_table, pct_of_medicare, rate_gap

COLUMNS = ["payer", "code", "allowed_amount", "units_per_year", "clinic_average", "p25", "p50",
           "p75", "p90", "benchmark", "medicare_amount", "pct_of_medicare", "gap_to_benchmark",
           "gap_to_benchmark_pct", "gap_to_average", "gap_to_average_pct", "dollars_at_stake",
           "below_average", "below_market"]


def test_scalars_are_floats_and_arrays_stay_arrays():
    assert type(rate_gap(26.83, 31.50)) is float
    assert type(pct_of_medicare(30.0, 25.0)) is float and pct_of_medicare(30.0, 25.0) == 1.2
    assert isinstance(pct_of_medicare([30.0], [25.0]), np.ndarray)
    assert rate_gap([25.0, 30.0], [30.0, 30.0]).tolist() == [5.0, 0.0]


def test_object_columns_with_blanks_are_read_as_numbers():
    # A column read from a sheet is often object dtype holding None for a blank cell.
    rate = pd.Series([25.0, None, 30], dtype=object)
    bench = pd.Series([30.0, 30.0, None], dtype=object)
    gap = rate_gap(rate, bench)
    assert gap[0] == 5.0 and np.isnan(gap[1]) and np.isnan(gap[2])
    ratio = pct_of_medicare(rate, pd.Series([20.0, 20.0, 20], dtype=object))
    assert ratio[0] == 1.25 and np.isnan(ratio[1]) and ratio[2] == 1.5
    rates = pd.DataFrame({"payer": ["A", "B"], "code": ["97110", "97110"],
                          "allowed_amount": pd.Series([25.0, None], dtype=object),
                          "units_per_year": pd.Series([100, None], dtype=object)})
    assert clinic_average(rates)["97110"] == 25.0


def test_zero_benchmark_gives_nan_percent_without_warnings():
    # pytest turns warnings into errors here: 1/0 and 0/0 must stay silent
    out = rate_gap([1.0, 0.0, 20.0], [0.0, 0.0, 25.0], as_pct=True)
    assert np.isnan(out[0]) and np.isnan(out[1]) and out[2] == pytest.approx(0.2)
    ratio = pct_of_medicare([1.0, 0.0], [0.0, 0.0])
    assert np.isnan(ratio).all()


def test_float_noise_below_a_tenth_of_a_nanodollar_is_dropped():
    assert rate_gap(26.83, 31.50) == 4.67  # not 4.670000000000002
    assert rate_gap(30.0, 30.00000000004) == 0.0


def test_benchmark_interpolates_and_holds_per_row():
    bench = pd.DataFrame({"p25": [20.0, np.nan, np.nan, 20.0],
                          "p50": [30.0, np.nan, 30.0, np.nan],
                          "p75": [40.0, 40.0, np.nan, np.nan],
                          "p90": [60.0, 60.0, np.nan, 50.0]})
    # row 0: all four; row 1: only p75, p90 (50 is below them: hold p75);
    # row 2: only p50 (hold it everywhere); row 3: p25 and p90 (interpolate between)
    at50 = benchmark_at(bench, 50).tolist()
    assert at50[:3] == [30.0, 40.0, 30.0]
    assert at50[3] == 31.54  # 20 + (50 - 25) / (90 - 25) x 30 = 31.538..., a rate in cents
    assert benchmark_at(bench, 60).tolist()[:3] == [pytest.approx(34.0), 40.0, 30.0]
    assert benchmark_at(bench, 95).tolist() == [60.0, 60.0, 30.0, 50.0]  # held above p90
    assert benchmark_at(bench, 10).tolist() == [20.0, 40.0, 30.0, 20.0]  # held below p25
    assert benchmark_at(bench, 82).tolist()[0] == 49.33  # 40 + 7 / 15 x 20 = 49.333...
    none = benchmark_at(pd.DataFrame({"p50": [np.nan]}), 50)
    assert np.isnan(none[0])


def hand_rates() -> pd.DataFrame:
    return pd.DataFrame({
        "payer": ["A", "A", "B"],
        "code": ["97140", "97110", "97110"],
        "allowed_amount": [30.00, 25.00, 35.00],
        "units_per_year": [np.nan, 100.0, 100.0],
    }, index=[7, 8, 9])


def test_gap_table_shape_and_lookups():
    # benchmarks listed in another order, with a code nobody bills and a duplicate row
    bench = pd.DataFrame({"code": ["97530", "97110", "97140", "97110"],
                          "p25": [1.0, 26.0, 27.0, 99.0], "p50": [2.0, 30.0, 31.0, 99.0],
                          "p75": [3.0, 34.0, 35.0, 99.0], "p90": [4.0, 38.0, 39.0, 99.0]})
    medicare = pd.Series({"97110": 20.0, "97140": 25.0}, dtype=object)
    t = gap_table(hand_rates(), bench, medicare)
    assert list(t.columns) == COLUMNS
    assert list(t.index) == [0, 1, 2]
    assert t["units_per_year"].tolist() == [0.0, 100.0, 100.0]  # blank volume is none
    assert t["allowed_amount"].dtype == float and t["medicare_amount"].dtype == float
    assert t[["p25", "p50", "p75", "p90"]].to_numpy().tolist() == [
        [27.0, 31.0, 35.0, 39.0], [26.0, 30.0, 34.0, 38.0], [26.0, 30.0, 34.0, 38.0]]
    assert t["benchmark"].tolist() == [31.0, 30.0, 30.0]
    assert t["medicare_amount"].tolist() == [25.0, 20.0, 20.0]
    # 97110: (25 x 100 + 35 x 100) / 200 = 30.00; 97140: A alone, no volume: 30.00
    assert t["clinic_average"].tolist() == [30.0, 30.0, 30.0]
    assert t["dollars_at_stake"].tolist() == [0.0, 500.0, -500.0]  # 97140 has no volume
    # B at 35.00 is above both; A's 97140 at 30.00 is below the market (31) but not the average
    assert t["below_market"].tolist() == [True, True, False]
    assert t["below_average"].tolist() == [False, True, False]


def test_gap_table_at_another_percentile_and_with_missing_columns():
    bench = pd.DataFrame({"code": ["97110", "97140"], "p75": [34.0, 35.0]})
    t = gap_table(hand_rates(), bench, pd.Series(dtype=float), target_percentile=75)
    assert t["benchmark"].tolist() == [35.0, 34.0, 34.0]
    assert t["p25"].isna().all() and t["p90"].isna().all()
    assert t["medicare_amount"].isna().all() and t["pct_of_medicare"].isna().all()


def test_gap_table_of_no_rates_is_empty_with_every_column():
    empty = pd.DataFrame({"payer": [], "code": [], "allowed_amount": [], "units_per_year": []})
    t = gap_table(empty, pd.DataFrame({"code": ["97110"], "p50": [30.0]}), pd.Series(dtype=float))
    assert t.empty and list(t.columns) == COLUMNS


def test_clinic_average_series_is_named():
    avg = clinic_average(hand_rates())
    assert avg.name == "clinic_average"
    assert avg.to_dict() == {"97140": 30.0, "97110": 30.0}
    assert math.isclose(clinic_average(hand_rates().iloc[1:])["97110"], 30.0)


def test_benchmark_columns_read_as_objects():
    # percentile columns read from a sheet may be object dtype with None for a blank
    bench = pd.DataFrame({"p25": pd.Series([20.0, None], dtype=object),
                          "p50": pd.Series([30.0, 31.0], dtype=object)})
    assert benchmark_at(bench, 40).tolist() == [pytest.approx(26.0), 31.0]
