"""Gap figures at the edges the mutation run found untested: exact (Decimal) and blank Medicare
amounts, object benchmark columns, a benchmark table without percentiles, a rate exactly at the
market. Expected values are worked by hand in the comments."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd

from ratecalc.gap import benchmark_at, clinic_average, gap_table, pct_of_medicare


def _rates() -> pd.DataFrame:
    return pd.DataFrame({"payer": ["A", "B"], "code": ["97110", "97110"],
                         "allowed_amount": [30.00, 27.00], "units_per_year": [100.0, 50.0]})


def test_pct_of_medicare_takes_exact_and_blank_amounts():
    # 30.85 / 26.83 = 1.14983...; a Decimal Medicare amount gives the same fraction
    assert pct_of_medicare(30.85, Decimal("26.83")) == 30.85 / 26.83
    assert pct_of_medicare([27.0], [Decimal("25.00")]).tolist() == [1.08]
    # a blank Medicare cell (None in an object column) is no Medicare amount: NaN, not an error
    ratio = pct_of_medicare([30.0, 30.0], pd.Series([None, 25.0], dtype=object))
    assert math.isnan(ratio[0]) and ratio[1] == 1.2


def test_a_rate_exactly_at_the_market_is_not_below_it():
    bench = pd.DataFrame({"code": ["97110"], "p50": [30.00]})
    t = gap_table(_rates(), bench, pd.Series({"97110": 25.00}))
    # A pays 30.00 = the market: gap 0, not below; B pays 27.00: 3.00 below
    assert t["gap_to_benchmark"].tolist() == [0.0, 3.0]
    assert t["below_market"].tolist() == [False, True]
    # clinic average (30 x 100 + 27 x 50) / 150 = 29.00: A above it, B below
    assert t["clinic_average"].tolist() == [29.0, 29.0]
    assert t["below_average"].tolist() == [False, True]


def test_percentile_columns_are_numbers_whatever_the_input():
    # object columns as a reader leaves them (a blank p90 cell is None), and a missing p25
    bench = pd.DataFrame({"code": ["97110"], "p50": pd.Series([30.0], dtype=object),
                          "p75": pd.Series([Decimal("34.00")], dtype=object),
                          "p90": pd.Series([None], dtype=object)})
    t = gap_table(_rates(), bench, pd.Series({"97110": 25.00}), target_percentile=60)
    for column in ("p25", "p50", "p75", "p90", "benchmark"):
        assert t[column].dtype == float, column
    assert t["p25"].isna().all() and t["p90"].isna().all()
    assert t["p50"].tolist() == [30.0, 30.0] and t["p75"].tolist() == [34.0, 34.0]
    # p60 = 30 + (60 - 50) / (75 - 50) x (34 - 30) = 31.60
    assert np.allclose(t["benchmark"], [31.6, 31.6], rtol=0, atol=1e-12)


def test_no_percentile_columns_means_no_benchmark():
    # before: benchmark_at failed with numpy's "argmax of an empty sequence"
    bench = pd.DataFrame({"code": ["97110", "97140"]}).set_index("code")
    out = benchmark_at(bench, 50.0)
    assert out.index.tolist() == ["97110", "97140"] and out.isna().all() and out.dtype == float
    t = gap_table(_rates(), pd.DataFrame({"code": ["97110"]}), pd.Series({"97110": 25.00}))
    assert t["benchmark"].isna().all() and not t["below_market"].any()
    assert t["dollars_at_stake"].isna().all()
    # and no rates at all: an empty table, with or without percentile columns
    for columns in ({"code": []}, {"code": [], "p50": []}):
        empty = gap_table(_rates().iloc[:0], pd.DataFrame(columns), pd.Series(dtype=float))
        assert len(empty) == 0 and "benchmark" in empty.columns


def test_benchmark_at_keeps_the_callers_index():
    # rows indexed by code: p60 of (p50 30, p75 34) = 31.60; p50 alone held at any target
    bench = pd.DataFrame({"p50": [30.0, 40.0], "p75": [34.0, np.nan]},
                         index=pd.Index(["97110", "97140"], name="code"))
    out = benchmark_at(bench, 60.0)
    assert out.index.equals(bench.index)
    assert np.allclose(out.to_numpy(), [31.6, 40.0], rtol=0, atol=1e-12)


def test_clinic_average_weighs_fractional_units():
    # a payer seen twice a year and one seen once: half a unit and a quarter of a unit a year
    # (units_per_year is any number). Weighted: (30 x 0.5 + 24 x 0.25) / 0.75 = 21 / 0.75 = 28,
    # not the plain mean of the rates, 27.
    rates = pd.DataFrame({"code": ["97110", "97110"], "allowed_amount": [30.0, 24.0],
                          "units_per_year": [0.5, 0.25]})
    assert clinic_average(rates).to_dict() == {"97110": 28.0}


def test_clinic_average_of_volumes_that_cancel_is_the_plain_mean_without_a_warning():
    # a correction row (-10 units) cancels another payer's 10: no volume on file, so the plain
    # mean (30 + 20) / 2 = 25, and numpy's 100 / 0 stays out of sight (warnings are errors here)
    rates = pd.DataFrame({"code": ["97110", "97110"], "allowed_amount": [30.0, 20.0],
                          "units_per_year": [10.0, -10.0]})
    assert clinic_average(rates).to_dict() == {"97110": 25.0}
