"""Rate gaps: how far each payer's rate falls short of the market and of the clinic's average.

Sign convention, everywhere: a gap is ``reference - payer_rate``, so a positive gap means the
payer underpays. Percent gaps are fractions of the reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.money import round_cents

PERCENTILE_COLUMNS = {25.0: "p25", 50.0: "p50", 75.0: "p75", 90.0: "p90"}
#: The smallest reference a percentage is taken of [USD]: half a cent. A smaller one shows as
#: $0.00, so a percent of it would read as a percent of nothing; and dividing by one near the
#: bottom of the double range (5e-324) overflowed to infinity.
MIN_PERCENT_REFERENCE = 0.005


def fraction_of(amount: npt.ArrayLike, reference: npt.ArrayLike) -> np.ndarray:
    """``amount / reference`` [fraction], NaN where the reference is under half a cent
    (:data:`MIN_PERCENT_REFERENCE`, zero included) or NaN: the one rule every percentage of a
    dollar amount follows.

    >>> fraction_of([4.67, 1.0, 1.0], [31.5, 0.0, 5e-324]).round(4)
    array([0.1483,    nan,    nan])
    """
    numerator, denominator = np.broadcast_arrays(np.asarray(amount, dtype=float),
                                                 np.asarray(reference, dtype=float))
    usable = np.abs(denominator) >= MIN_PERCENT_REFERENCE
    return np.divide(numerator, denominator, out=np.full(numerator.shape, np.nan),
                     where=usable)


def percent_reference_problem(reference: npt.ArrayLike) -> str | None:
    """Why no percentage can be taken of a reference that is not zero, in words naming the
    first such one (zero, or NaN, is "no figure", which each caller words itself); None when
    every one will do.

    >>> percent_reference_problem([31.5, 5e-324])
    '5e-324 is under half a cent ($0.00 to the cent)'
    >>> percent_reference_problem(0.0), percent_reference_problem(31.5)
    (None, None)
    """
    values = np.atleast_1d(np.asarray(reference, dtype=float))
    refused = (values != 0) & (np.abs(values) < MIN_PERCENT_REFERENCE)
    if not refused.any():
        return None
    return f"{float(values[np.argmax(refused)])!r} is under half a cent ($0.00 to the cent)"


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
        gap = fraction_of(gap, bench)
    if gap.ndim == 0:
        return round(float(gap), 10)  # drop float noise such as 4.670000000000002
    return gap


def pct_of_medicare(payer_rate: npt.ArrayLike,
                    medicare_amount: npt.ArrayLike) -> np.ndarray | float:
    """A payer's rate as a fraction of the Medicare amount.

    Parameters
    ----------
    payer_rate : float or array_like
        [USD per unit].
    medicare_amount : float or array_like
        [USD per unit].

    Returns
    -------
    float or numpy.ndarray
        ``payer_rate / medicare_amount`` [fraction, 1.10 = 110%]; NaN where Medicare is under
        half a cent, zero included (see :func:`fraction_of`).

    Examples
    --------
    >>> round(pct_of_medicare(30.85, 26.83), 4)
    1.1498
    """
    ratio = fraction_of(payer_rate, medicare_amount)
    return float(ratio) if ratio.ndim == 0 else ratio


def benchmark_at(benchmarks: pd.DataFrame, percentile: float) -> pd.Series:
    """The benchmark rate at ``percentile`` for each row, interpolating linearly between the
    percentiles given (p25, p50, p75, p90) and holding the nearest one outside them.

    Returns
    -------
    pandas.Series
        [USD per unit], half-up to cents (see :func:`clinic_average`), NaN where a row has no
        percentiles.
    """
    points = [(q, c) for q, c in PERCENTILE_COLUMNS.items() if c in benchmarks.columns]
    if not points:  # no percentile column at all: no row has a benchmark
        return pd.Series(np.nan, index=benchmarks.index, dtype=float)
    xs = np.array([q for q, _ in points])
    values = benchmarks[[c for _, c in points]].to_numpy(dtype=float)
    available = ~np.isnan(values)
    at_or_below = available & (xs <= percentile)
    at_or_above = available & (xs >= percentile)
    rows = np.arange(len(values))
    # nearest available percentile on each side of the target (-1 where there is none)
    lo = np.where(at_or_below.any(axis=1),
                  len(xs) - 1 - np.argmax(at_or_below[:, ::-1], axis=1), -1)
    hi = np.where(at_or_above.any(axis=1), np.argmax(at_or_above, axis=1), -1)
    lo_value = np.where(lo >= 0, values[rows, np.maximum(lo, 0)], np.nan)
    hi_value = np.where(hi >= 0, values[rows, np.maximum(hi, 0)], np.nan)
    lo_x = np.where(lo >= 0, xs[np.maximum(lo, 0)], np.nan)
    hi_x = np.where(hi >= 0, xs[np.maximum(hi, 0)], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        weight = np.where(hi_x > lo_x, (percentile - lo_x) / (hi_x - lo_x), 0.0)
    out = lo_value + weight * (hi_value - lo_value)
    out = np.where(lo < 0, hi_value, np.where(hi < 0, lo_value, out))  # hold outside the range
    return pd.Series(round_cents(out), index=benchmarks.index)


def _code_positions(code: pd.Series) -> tuple[pd.Index, np.ndarray]:
    codes = pd.Index(pd.unique(code.to_numpy()))
    return codes, codes.get_indexer(code.to_numpy())


def _clinic_average_by_position(allowed: np.ndarray, units: np.ndarray, position: np.ndarray,
                                n_codes: int) -> np.ndarray:
    has_rate = ~np.isnan(allowed)
    rate = np.where(has_rate, allowed, 0.0)
    weight = np.where(has_rate, units, 0.0)
    units_sum = np.bincount(position, weights=weight, minlength=n_codes)
    weighted = np.bincount(position, weights=rate * weight, minlength=n_codes)
    count = np.bincount(position, weights=has_rate.astype(float), minlength=n_codes)
    plain = np.bincount(position, weights=rate, minlength=n_codes)
    with np.errstate(divide="ignore", invalid="ignore"):
        average = np.where(units_sum > 0, weighted / units_sum,
                           np.where(count > 0, plain / count, np.nan))
    return round_cents(average)[position]


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
        Indexed by code [USD per unit], half-up to cents.

    Notes
    -----
    An average (or an interpolated market percentile) is a rate the clinic quotes, so it is a
    rate in cents, as a fee schedule's and Medicare's are: the gap to it is then the difference
    of the two figures printed side by side. Kept unrounded, an average of $33.765 printed as
    $33.77 beside a rate of $35.04 showed a gap of -$1.28.
    """
    codes, position = _code_positions(rates["code"])
    per_row = _clinic_average_by_position(
        rates["allowed_amount"].to_numpy(dtype=float),
        rates["units_per_year"].fillna(0.0).to_numpy(dtype=float), position, len(codes))
    first = pd.Series(per_row).groupby(position).first()
    return pd.Series(first.to_numpy(), index=codes[first.index.to_numpy()], name="clinic_average")


#: How many codes a note on codes with several Benchmarks rows names before "and N more".
_NAMED_CODES = 8


def market_rows(benchmarks: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The one Benchmarks row per code every output takes its market figures from, and a note
    naming the codes that had more than one (None when none had).

    The newest row wins: the latest ``as_of`` (a row without one is older than any dated
    row); of rows of one date, the first in the table. Market data is added to a workbook as
    it is fetched (``ratecalc import market-rates``), so the row imported last is the one
    meant; the first row used to win whatever its date, and an import changed nothing.

    Examples
    --------
    >>> from datetime import date
    >>> rows = pd.DataFrame({"code": ["97110", "97110", "97140"], "region": ["AL", "10112-00",
    ...     "AL"], "p50": [31.66, 40.31, 28.0], "source": ["survey", "Evry", "survey"],
    ...     "as_of": [date(2025, 1, 1), date(2025, 6, 23), None]})
    >>> used, note = market_rows(rows)
    >>> used["p50"].tolist()
    [40.31, 28.0]
    >>> note
    "1 code has more than one row; each uses its newest: 97110 (region '10112-00', as of \
2025-06-23, Evry)"
    """
    if benchmarks.empty or not benchmarks["code"].duplicated().any():
        return benchmarks, None
    dated = pd.to_datetime(benchmarks["as_of"], errors="coerce") if "as_of" in \
        benchmarks.columns else pd.Series(pd.NaT, index=benchmarks.index)
    order = benchmarks.assign(_when=dated, _at=range(len(benchmarks)))
    newest = order.sort_values(["code", "_when", "_at"], ascending=[True, False, True],
                               na_position="last", kind="stable")
    chosen = set(newest.drop_duplicates("code")["_at"])
    used = benchmarks[[i in chosen for i in range(len(benchmarks))]]
    several = benchmarks["code"][benchmarks["code"].duplicated(keep=False)].unique()
    named = []
    for code in several[:_NAMED_CODES]:
        row = used[used["code"] == code].iloc[0]
        detail = [f"region '{row[c]}'" if c == "region" else
                  f"as of {dated[row.name].date().isoformat()}" if c == "as_of" else str(row[c])
                  for c in ("region", "as_of", "source") if c in row.index
                  and not pd.isna(row[c]) and str(row[c]).strip()]
        named.append(f"{code} ({', '.join(detail)})" if detail else code)
    more = f" and {len(several) - _NAMED_CODES} more" if len(several) > _NAMED_CODES else ""
    count = f"{len(several)} code has" if len(several) == 1 else f"{len(several)} codes have"
    note = (f"{count} more than one row; each uses its newest: "
            f"{', '.join(named)}{more}")
    return used, note


#: Columns of :func:`gap_table` and their units: rates and gaps per unit and the dollars at
#: stake a year are money (a gap and the dollars at stake are negative above market), the
#: ``_pct`` columns fractions of their reference.
GAP_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "code": Unit.TEXT, "allowed_amount": Unit.MONEY,
    "units_per_year": Unit.NUMBER, "clinic_average": Unit.MONEY,
    **{column: Unit.MONEY for column in PERCENTILE_COLUMNS.values()},
    "benchmark": Unit.MONEY, "medicare_amount": Unit.MONEY, "pct_of_medicare": Unit.PERCENT,
    "gap_to_benchmark": Unit.MONEY_CHANGE, "gap_to_benchmark_pct": Unit.PERCENT,
    "gap_to_average": Unit.MONEY_CHANGE, "gap_to_average_pct": Unit.PERCENT,
    "dollars_at_stake": Unit.MONEY_CHANGE, "below_average": Unit.TEXT,
    "below_market": Unit.TEXT,
}


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
        ``below_market`` flags. The average and the market rate are rates in cents (see
        :func:`clinic_average`); nothing else is rounded: round at presentation.

    Notes
    -----
    ``pct_of_medicare = allowed_amount / medicare_amount``;
    ``gap_to_benchmark = benchmark - allowed_amount``;
    ``dollars_at_stake = gap_to_benchmark * units_per_year``.
    """
    out = rates[["payer", "code", "allowed_amount", "units_per_year"]].copy()
    out["allowed_amount"] = out["allowed_amount"].astype(float)
    out["units_per_year"] = out["units_per_year"].fillna(0.0).astype(float)
    # One hash pass over the codes; every per-code figure is then a positional take.
    codes, position = _code_positions(out["code"])
    out["clinic_average"] = _clinic_average_by_position(
        out["allowed_amount"].to_numpy(), out["units_per_year"].to_numpy(), position,
        len(codes))
    bench = market_rows(benchmarks)[0].set_index("code").reindex(codes)
    for column in PERCENTILE_COLUMNS.values():
        values = (bench[column].to_numpy(dtype=float) if column in bench.columns
                  else np.full(len(codes), np.nan))
        out[column] = values[position]
    out["benchmark"] = benchmark_at(bench, target_percentile).to_numpy()[position]
    out["medicare_amount"] = medicare.reindex(codes).to_numpy(dtype=float)[position]
    out["pct_of_medicare"] = pct_of_medicare(out["allowed_amount"], out["medicare_amount"])
    out["gap_to_benchmark"] = rate_gap(out["allowed_amount"], out["benchmark"])
    out["gap_to_benchmark_pct"] = rate_gap(out["allowed_amount"], out["benchmark"], as_pct=True)
    out["gap_to_average"] = rate_gap(out["allowed_amount"], out["clinic_average"])
    out["gap_to_average_pct"] = rate_gap(out["allowed_amount"], out["clinic_average"],
                                         as_pct=True)
    out["dollars_at_stake"] = out["gap_to_benchmark"] * out["units_per_year"]
    out["below_average"] = out["allowed_amount"] < out["clinic_average"]
    out["below_market"] = below_market(out["allowed_amount"], out["benchmark"])
    return out.reset_index(drop=True)


def below_market(rate: Any, benchmark: Any) -> Any:
    """Whether a rate is below the market benchmark: the one test the Comparison's
    ``below_market`` and the proposal's reason both use (a missing benchmark is not above)."""
    return rate < benchmark


#: What every output says when no code billed has a market benchmark, whose dollars below market
#: every output shows as not known: "below market by $0.00" read as a finding (rates at market)
#: when the market was simply not on file.
NO_MARKET_NOTE = ("no market benchmarks on file: dollars below market are not known and the "
                  "proposal has no market to aim for (it asks the minimum increase); add what "
                  "payers in your region allow on the Benchmarks sheet, or run ratecalc "
                  "market-rates benchmark")


def no_market_note(comparison: pd.DataFrame) -> str | None:
    """:data:`NO_MARKET_NOTE` when ``comparison`` (:func:`gap_table`) has rows and none of them a
    market benchmark, else None."""
    if comparison.empty or comparison["benchmark"].notna().any():
        return None
    return NO_MARKET_NOTE


def market_not_known(comparison: pd.DataFrame) -> list[str]:
    """The payers whose dollars below market are not known: billed codes (units a year above 0)
    on file, none of them with a market benchmark. The one rule every output showing a payer's
    dollars below market (and how many of its codes are below it) follows: $0.00 read as "paid
    at market" when the market of its codes was simply not on file, also while other payers'
    codes have one. A code without a benchmark has no gap (NaN, :func:`gap_table`); a payer
    with some of its codes benchmarked has the figure of those. A payer billed nothing has
    $0.00 below market whatever the market.

    Returns
    -------
    list of str
        In order of first appearance.

    Examples
    --------
    >>> comparison = pd.DataFrame({"payer": ["A", "A", "B", "C"],
    ...                            "code": ["97110", "97140", "97140", "97140"],
    ...                            "units_per_year": [100.0, 50.0, 80.0, 0.0],
    ...                            "benchmark": [31.66, float("nan"), float("nan"), float("nan")]})
    >>> market_not_known(comparison)
    ['B']
    """
    if comparison.empty:
        return []
    billed = np.nan_to_num(comparison["units_per_year"].to_numpy(dtype=float), nan=0.0) > 0
    known = billed & comparison["benchmark"].notna().to_numpy(dtype=bool)
    payers = comparison["payer"].astype(str)
    with_billed = payers[billed].unique().tolist()
    with_market = set(payers[known])
    return [payer for payer in with_billed if payer not in with_market]


def total_not_known(comparison: pd.DataFrame) -> bool:
    """Whether the total dollars below market is not known: no code has a market benchmark
    (:func:`no_market_note`), or codes are billed (units a year above 0) and none of them has
    one, so that every payer billed a code is one of :func:`market_not_known`'s. The one rule
    of the Dashboard's "Below market, a year" and ``summary.json``'s ``dollars_below_market``:
    a benchmark on a code billed to no one made that total $0.00, read as "paid at market",
    beside every payer's "not known".

    >>> comparison = pd.DataFrame({"payer": ["A", "B"], "code": ["97110", "97140"],
    ...                            "units_per_year": [100.0, 0.0],
    ...                            "benchmark": [float("nan"), 31.66]})
    >>> nothing_billed = comparison.assign(units_per_year=[0.0, 0.0])
    >>> total_not_known(comparison), total_not_known(nothing_billed)
    (True, False)
    """
    if no_market_note(comparison) is not None:
        return True
    if comparison.empty:
        return False
    billed = np.nan_to_num(comparison["units_per_year"].to_numpy(dtype=float), nan=0.0) > 0
    return bool(billed.any()) and not comparison["benchmark"].notna().to_numpy(dtype=bool)[
        billed].any()


def market_note(comparison: pd.DataFrame) -> str | None:
    """What every output says of dollars below market that are not known: :data:`NO_MARKET_NOTE`
    when no code has a benchmark, else the payers of :func:`market_not_known` named and the
    total said to be the other payers' alone (None when every payer's figure is known)."""
    if (none := no_market_note(comparison)) is not None:
        return none
    unknown = market_not_known(comparison)
    if not unknown:
        return None
    whose = "its" if len(unknown) == 1 else "their"
    return (f"no market benchmark for any code billed to {', '.join(unknown)}: {whose} dollars "
            f"below market are not known (not $0.00) and the proposal asks {whose} codes the "
            f"minimum increase; add what payers in your region allow for {whose} codes on the "
            f"Benchmarks sheet; "
            + ("so is the total below market" if total_not_known(comparison) else
               "the total below market counts only the payers whose billed codes have one"))
