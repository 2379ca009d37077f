"""Rate gaps, priorities and Pareto sets: hand-worked examples and properties."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.gap import (
    benchmark_at,
    clinic_average,
    fraction_of,
    gap_table,
    pct_of_medicare,
    percent_reference_problem,
    rate_gap,
)
from ratecalc.priorities import pareto, payer_priorities
from tests.strategies import CODES, rates, units


def small_case() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    rates_ = pd.DataFrame({
        "payer": ["A", "A", "B", "B"],
        "code": ["97110", "97140", "97110", "97140"],
        "allowed_amount": [25.00, 30.00, 35.00, 28.00],
        "units_per_year": [1000.0, 500.0, 3000.0, 0.0],
    })
    bench = pd.DataFrame({"code": ["97110", "97140"], "p25": [28.0, 27.0],
                          "p50": [32.0, 31.0], "p75": [36.0, 35.0], "p90": [40.0, 39.0]})
    medicare = pd.Series({"97110": 26.83, "97140": 25.34})
    return rates_, bench, medicare


def test_hand_worked_gap_table():
    t = gap_table(*small_case()).set_index(["payer", "code"])
    a = t.loc[("A", "97110")]
    # clinic average for 97110, weighted by units: (25*1000 + 35*3000) / 4000 = 32.50
    assert a["clinic_average"] == pytest.approx(32.50)
    # gap to the median benchmark: 32.00 - 25.00 = 7.00; as a fraction: 7 / 32 = 0.21875
    assert a["gap_to_benchmark"] == pytest.approx(7.00)
    assert a["gap_to_benchmark_pct"] == pytest.approx(0.21875)
    # gap to the clinic average: 32.50 - 25.00 = 7.50; 7.5 / 32.5 = 0.230769...
    assert a["gap_to_average"] == pytest.approx(7.50)
    assert a["gap_to_average_pct"] == pytest.approx(7.5 / 32.5)
    # dollars at stake: 7.00 x 1000 units = 7,000.00 a year
    assert a["dollars_at_stake"] == pytest.approx(7000.0)
    # percent of Medicare: 25.00 / 26.83 = 0.93179...
    assert a["pct_of_medicare"] == pytest.approx(25 / 26.83)
    assert a["below_average"] and a["below_market"]
    b = t.loc[("B", "97110")]
    # B pays above market: gap -3.00 x 3000 = -9,000 (negative stake)
    assert b["dollars_at_stake"] == pytest.approx(-9000.0)
    assert not b["below_market"] and not b["below_average"]
    # 97140: B has no volume, so only A's rate carries weight: (30*500 + 28*0) / 500 = 30.00
    assert t.loc[("A", "97140"), "clinic_average"] == pytest.approx(30.0)


def test_average_without_any_volume_is_the_plain_mean():
    rates_ = pd.DataFrame({"payer": ["A", "B"], "code": ["97140", "97140"],
                           "allowed_amount": [30.0, 28.0], "units_per_year": [0.0, 0.0]})
    # no units anywhere: (30 + 28) / 2 = 29.00
    assert clinic_average(rates_)["97140"] == pytest.approx(29.0)


def test_target_percentile_interpolates():
    bench = pd.DataFrame({"p25": [28.0], "p50": [32.0], "p75": [36.0], "p90": [40.0]})
    # 60th percentile: 32 + (60-50)/(75-50) * (36-32) = 33.60
    assert benchmark_at(bench, 60).iloc[0] == pytest.approx(33.60)
    # beyond the last point: hold p90
    assert benchmark_at(bench, 95).iloc[0] == pytest.approx(40.0)
    only_median = pd.DataFrame({"p25": [np.nan], "p50": [30.0], "p75": [np.nan],
                                "p90": [np.nan]})
    assert benchmark_at(only_median, 75).iloc[0] == pytest.approx(30.0)


def test_rate_gap_scalar_and_pct():
    assert rate_gap(26.83, 31.50) == 4.67
    assert rate_gap(31.50, 26.83) == -4.67
    assert rate_gap(10.0, 0.0, as_pct=True) != rate_gap(10.0, 0.0, as_pct=True)  # NaN


def test_ranking_hand_worked():
    t = gap_table(*small_case())
    contracts = pd.DataFrame({"payer": ["A", "B"], "end_date": [date(2026, 3, 31),
                                                                 date(2026, 1, 31)],
                              "notice_days": [90, 60]})
    ranking = payer_priorities(t, contracts, date(2025, 12, 1)).set_index("payer")
    # A: stake 7,000 (97110) + (31-30) x 500 = 7,500; B: only negative stakes -> 0
    assert ranking.loc["A", "dollars_at_stake"] == pytest.approx(7500.0)
    assert ranking.loc["B", "dollars_at_stake"] == 0
    assert ranking.loc["A", "rank"] == 1
    # share of volume: A 1500 of 4500 units = 1/3
    assert ranking.loc["A", "share_of_volume"] == pytest.approx(1 / 3)
    # days to renewal from 2025-12-01: A's term ends 2026-03-31 and renews 2026-04-01, 121
    # days away; its notice deadline is 90 days before the end, 2025-12-31, 30 days away
    assert ranking.loc["A", "days_to_renewal"] == 121
    assert ranking.loc["A", "notice_deadline"] == date(2025, 12, 31)
    assert ranking.loc["A", "days_to_notice_deadline"] == 30


def test_a_payer_whose_stake_is_not_known_ranks_after_the_known_ones():
    """B's billed code has no benchmark: its dollars at stake are not known. It was blanked
    after ranking, ranked as $0 among the known: renewing soonest, it ranked above A, whose
    $0 is known (paid above the market), and was the Dashboard's "Negotiate first with". It
    now ranks after every payer whose figure is known, however soon it renews."""
    rates_ = pd.DataFrame({
        "payer": ["A", "B", "C"],
        "code": ["97110", "97530", "97110"],
        # A pays above the median 32.00 (nothing at stake); C pays 2.00 below it on 100 units
        "allowed_amount": [35.00, 25.00, 30.00],
        "units_per_year": [1000.0, 500.0, 100.0],
    })
    bench = pd.DataFrame({"code": ["97110"], "p25": [28.0], "p50": [32.0], "p75": [36.0],
                          "p90": [40.0]})
    medicare = pd.Series({"97110": 26.83, "97530": 29.10})
    contracts = pd.DataFrame({"payer": ["A", "B", "C"],
                              "end_date": [date(2026, 6, 30), date(2026, 1, 31),
                                           date(2026, 9, 30)],
                              "notice_days": [90, 60, 90]})
    ranking = payer_priorities(gap_table(rates_, bench, medicare), contracts,
                               date(2025, 12, 1))
    assert ranking["payer"].tolist() == ["C", "A", "B"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    by_payer = ranking.set_index("payer")["dollars_at_stake"]
    assert by_payer["C"] == pytest.approx(200.0)  # (32.00 - 30.00) x 100 units
    assert by_payer["A"] == 0 and pd.isna(by_payer["B"])


def test_pareto_hand_worked():
    t = pd.DataFrame({"payer": list("ABCDE"), "units": [40, 25, 20, 10, 5]})
    p = pareto(t, "payer", "units", 0.80).set_index("payer")
    # cumulative: A .40, B .65, C .85 (crosses .80: in), D .95, E 1.00
    assert p["in_pareto"].to_dict() == {"A": True, "B": True, "C": True, "D": False,
                                        "E": False}
    assert p.loc["C", "cumulative_share"] == pytest.approx(0.85)


def test_pareto_exact_boundary():
    t = pd.DataFrame({"code": ["x", "y", "z"], "units": [50, 30, 20]})
    # x + y = exactly 80%: z starts at the line and stays out
    assert pareto(t, "code", "units", 0.80)["in_pareto"].tolist() == [True, True, False]


rows = st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3"]), st.sampled_from(CODES),
                          rates, units), min_size=1, max_size=20,
                unique_by=lambda r: (r[0], r[1]))


def frame_of(rows_: list) -> pd.DataFrame:
    return pd.DataFrame(rows_, columns=["payer", "code", "allowed_amount", "units_per_year"])


@given(rows)
def test_property_payer_against_itself_has_zero_gap(rows_):
    t = frame_of(rows_)
    bench = pd.DataFrame({"code": t["code"], "p50": t["allowed_amount"]}).drop_duplicates("code")
    one_payer = t.drop_duplicates("code").assign(payer="P1")
    bench = pd.DataFrame({"code": one_payer["code"], "p50": one_payer["allowed_amount"]})
    result = gap_table(one_payer, bench, pd.Series(dtype=float))
    assert np.allclose(result["gap_to_benchmark"], 0)
    assert np.allclose(result["gap_to_average"], 0)
    assert np.allclose(result["dollars_at_stake"], 0)


@given(rows, st.sampled_from([0.5, 1.1, 2.0, 3.7]))
def test_property_scaling_scales_dollars_not_percents(rows_, k):
    t = frame_of(rows_)
    bench = pd.DataFrame({"code": CODES, "p50": [30.0, 31, 28, 33, 90, 70, 11]})
    medicare = pd.Series(dict(zip(CODES, [26.83, 29.85, 25.34, 28.85, 91.32, 70.44, 11.35],
                                  strict=True)))
    base = gap_table(t, bench, medicare)
    scaled = gap_table(t.assign(allowed_amount=t["allowed_amount"] * k),
                       bench.assign(p50=bench["p50"] * k), medicare * k)
    # the market rates here stay whole cents when scaled, so the dollars scale exactly; the
    # clinic average is a rate in cents, so its gap scales to within the half cent each side
    assert np.allclose(scaled["dollars_at_stake"], base["dollars_at_stake"] * k)
    assert np.allclose(scaled["gap_to_average"], base["gap_to_average"] * k,
                       rtol=0, atol=0.005 * (1 + k) + 1e-9)
    assert np.allclose(scaled["gap_to_benchmark_pct"], base["gap_to_benchmark_pct"])
    assert np.allclose(scaled["pct_of_medicare"], base["pct_of_medicare"])
    # the percent moves only by its average's rounding: d(1 - r/a)/da = r/a^2, a half cent each
    def slack(table: pd.DataFrame) -> pd.Series:
        return 0.005 * table["allowed_amount"] / (table["clinic_average"] - 0.005) ** 2

    assert (abs(scaled["gap_to_average_pct"] - base["gap_to_average_pct"])
            <= slack(scaled) + slack(base) + 1e-9).all()


@given(rows)
def test_property_average_lies_between_min_and_max(rows_):
    t = frame_of(rows_)
    avg = clinic_average(t)
    for code, value in avg.items():
        r = t.loc[t["code"] == code, "allowed_amount"]
        assert r.min() - 1e-9 <= value <= r.max() + 1e-9


@pytest.mark.parametrize(("reference", "expected"), [
    (31.5, 4.67 / 31.5),
    (0.005, 4.67 / 0.005),  # half a cent shows as a cent
    (0.004, np.nan),  # $0.00 to the cent
    (5e-324, np.nan),  # the smallest double: the quotient overflowed to infinity
    (0.0, np.nan),
    (np.nan, np.nan),
])
def test_a_percentage_of_an_amount_under_half_a_cent_is_no_figure(reference, expected):
    # numpy's overflow warning is an error here (pytest's filterwarnings)
    assert fraction_of(4.67, reference) == pytest.approx(expected, nan_ok=True)
    gap_pct = rate_gap(reference - 4.67, reference, as_pct=True)
    assert gap_pct == pytest.approx(expected if np.isnan(expected) else 4.67 / reference,
                                    nan_ok=True)
    assert pct_of_medicare(4.67, reference) == pytest.approx(expected, nan_ok=True)
    # a column of references: the same, row by row
    column = pct_of_medicare(np.full(2, 4.67), np.array([reference, 31.5]))
    assert column.tolist() == pytest.approx([expected, 4.67 / 31.5], nan_ok=True)


def test_the_reference_a_percentage_refuses_is_named():
    assert percent_reference_problem([31.5, 0.0, 5e-324, 0.001]) == \
        "5e-324 is under half a cent ($0.00 to the cent)"
    assert percent_reference_problem(np.array([0.0, 0.005, np.nan])) is None
