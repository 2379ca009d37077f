"""Rate gaps: how far each payer's rate falls short of the market and of the clinic's average.

Sign convention, everywhere: a gap is ``reference - payer_rate``, so a positive gap means the
payer underpays. Percent gaps are fractions of the reference.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

PERCENTILE_COLUMNS = {25.0: "p25", 50.0: "p50", 75.0: "p75", 90.0: "p90"}


def rate_gap(payer_rate: npt.ArrayLike, benchmark: npt.ArrayLike,
             as_pct: bool = False) -> np.ndarray | float:
    """Shortfall of a payer's rate against a benchmark, per unit.

    Parameters
    ----------
    payer_rate : float or array_like
        What the payer allows [USD per unit].
    benchmark : float or array_like
        The reference rate [USD per unit].
    as_pct : bool
        Return the shortfall as a fraction of the benchmark instead of dollars.

    Returns
    -------
    float or numpy.ndarray
        ``benchmark - payer_rate`` [USD per unit], or ``(benchmark - payer_rate) / benchmark``
        [fraction]; positive means underpaid. NaN where the benchmark is zero (percent form).

    Examples
    --------
    >>> rate_gap(26.83, 31.50)
    4.67
    >>> round(rate_gap(26.83, 31.50, as_pct=True), 4)
    0.1483
    """
    rate = np.asarray(payer_rate, dtype=float)
    bench = np.asarray(benchmark, dtype=float)
    gap = bench - rate
    if as_pct:
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = np.where(bench != 0, gap / bench, np.nan)
    if gap.ndim == 0:
        return round(float(gap), 10)  # drop float noise such as 4.670000000000002
    return gap


def benchmark_at(benchmarks: pd.DataFrame, percentile: float) -> pd.Series:
    """The benchmark rate at ``percentile`` for each row, interpolating linearly between the
    percentiles given (p25, p50, p75, p90) and holding the nearest one outside them.

    Returns
    -------
    pandas.Series
        [USD per unit], NaN where a row has no percentiles.
    """
    points = [(q, c) for q, c in PERCENTILE_COLUMNS.items() if c in benchmarks.columns]
    out = np.full(len(benchmarks), np.nan)
    for i, row in enumerate(benchmarks[[c for _, c in points]].itertuples(index=False)):
        xs = [q for (q, _), v in zip(points, row, strict=True) if pd.notna(v)]
        ys = [float(v) for v in row if pd.notna(v)]
        if ys:
            out[i] = float(np.interp(percentile, xs, ys))
    return pd.Series(out, index=benchmarks.index)


def clinic_average(rates: pd.DataFrame) -> pd.Series:
    """Per code, the clinic's average allowed amount across payers, weighted by annual units.

    A code with no volume on file gets the plain mean of its payers' rates.

    Parameters
    ----------
    rates : pandas.DataFrame
        ``code``, ``allowed_amount`` [USD per unit], ``units_per_year``.

    Returns
    -------
    pandas.Series
        Indexed by code [USD per unit].
    """
    frame = rates.dropna(subset=["allowed_amount"]).copy()
    frame["units"] = frame["units_per_year"].fillna(0.0).astype(float)
    frame["weighted"] = frame["allowed_amount"].astype(float) * frame["units"]
    grouped = frame.groupby("code")
    units = grouped["units"].sum()
    weighted = grouped["weighted"].sum()
    plain = grouped["allowed_amount"].mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        average = weighted / units
    return average.where(units > 0, plain).astype(float)


def gap_table(rates: pd.DataFrame, benchmarks: pd.DataFrame, medicare: pd.Series,
              target_percentile: float = 50.0) -> pd.DataFrame:
    """The payer x code comparison: rate, averages, market, Medicare, gaps and dollars at stake.

    Parameters
    ----------
    rates : pandas.DataFrame
        One row per payer and code: ``payer``, ``code``, ``allowed_amount`` [USD per unit, NaN
        when no rate is on file], ``units_per_year`` [units].
    benchmarks : pandas.DataFrame
        ``code`` and percentile columns ``p25, p50, p75, p90`` [USD per unit].
    medicare : pandas.Series
        Medicare amount per code [USD per unit], indexed by code.
    target_percentile : float
        The market percentile gaps are measured against [0-100], default the median.

    Returns
    -------
    pandas.DataFrame
        Input columns plus ``clinic_average``, ``p25..p90``, ``benchmark`` (at the target
        percentile), ``medicare_amount``, ``pct_of_medicare`` [fraction], ``gap_to_benchmark``,
        ``gap_to_average`` [USD per unit], ``gap_to_benchmark_pct``, ``gap_to_average_pct``
        [fraction of the reference], ``dollars_at_stake`` [USD per year] = gap_to_benchmark x
        units_per_year (negative where the payer pays above market), ``below_average`` and
        ``below_market`` flags. Nothing is rounded: round at presentation.

    Notes
    -----
    ``pct_of_medicare = allowed_amount / medicare_amount``;
    ``gap_to_benchmark = benchmark - allowed_amount``;
    ``dollars_at_stake = gap_to_benchmark * units_per_year``.
    """
    out = rates[["payer", "code", "allowed_amount", "units_per_year"]].copy()
    out["allowed_amount"] = out["allowed_amount"].astype(float)
    out["units_per_year"] = out["units_per_year"].fillna(0.0).astype(float)
    out["clinic_average"] = out["code"].map(clinic_average(out))
    bench = benchmarks.drop_duplicates("code").set_index("code")
    for column in PERCENTILE_COLUMNS.values():
        values = bench[column] if column in bench.columns else pd.Series(dtype=float)
        out[column] = out["code"].map(values).astype(float)
    out["benchmark"] = benchmark_at(out, target_percentile).to_numpy()
    out["medicare_amount"] = out["code"].map(medicare).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct_of_medicare"] = out["allowed_amount"] / out["medicare_amount"]
    out["gap_to_benchmark"] = rate_gap(out["allowed_amount"], out["benchmark"])
    out["gap_to_benchmark_pct"] = rate_gap(out["allowed_amount"], out["benchmark"], as_pct=True)
    out["gap_to_average"] = rate_gap(out["allowed_amount"], out["clinic_average"])
    out["gap_to_average_pct"] = rate_gap(out["allowed_amount"], out["clinic_average"],
                                         as_pct=True)
    out["dollars_at_stake"] = out["gap_to_benchmark"] * out["units_per_year"]
    out["below_average"] = out["allowed_amount"] < out["clinic_average"]
    out["below_market"] = out["allowed_amount"] < out["benchmark"]
    return out.reset_index(drop=True)
