"""One call from a TiC file to per-code market statistics, ready for the CLI or the workbook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc import dates as clock
from ratecalc.market_rates.benchmark_table import benchmark_rows, market_region
from ratecalc.market_rates.extract import MarketRates, extract_market_rates
from ratecalc.market_rates.medicare_ratio import (
    MedicareReference,
    medicare_day,
    medicare_reference,
)
from ratecalc.market_rates.records import ExtractOptions
from ratecalc.market_rates.source import Progress
from ratecalc.market_rates.stats import (
    MONEY_COLUMNS,
    FlagRules,
    MarketRateStats,
    expired_warning,
    market_rate_stats,
)
from ratecalc.money import percent_fractions, round_cents


@dataclass(frozen=True)
class MarketRateReport:
    """An extraction, its statistics and the Medicare yardstick used (if any)."""

    rates: MarketRates
    stats: MarketRateStats
    medicare: MedicareReference | None
    #: The day the prices were read as of: those expired before it are flagged.
    today: date | None = None

    def benchmark_rows(self, region: str | None = None) -> pd.DataFrame:
        """Rows of the canonical Benchmarks table; ``region`` None: the file was not filtered
        by region, which the rows' Region says (:func:`market_region`)."""
        if region is None:
            region = market_region(None, [publisher(self.rates)])
        return benchmark_rows(self.stats.codes, source=self.rates.source_label,
                              as_of=self.rates.as_of, region=region)

    def expired_warning(self) -> str | None:
        """How many of the prices expired before :attr:`today`, and when; None if none."""
        return None if self.today is None else expired_warning(self.stats.prices, self.today)

    def records(self) -> list[dict[str, Any]]:
        """One dict per code, money rounded to cents: what ``--json`` prints (see
        :func:`stats_records`)."""
        return stats_records(self.stats)


def publisher(rates: MarketRates) -> str:
    """Who published a file: its ``reporting_entity_name`` (empty when it names none)."""
    return str(rates.header.get("reporting_entity_name") or "").strip()


def stats_records(stats: MarketRateStats) -> list[dict[str, Any]]:
    """One dict per code, money rounded to cents: what ``--json`` prints.

    ``flags`` is a list of ``"rule: count ..."`` texts; ``other_rates`` lists the
    percentage, per-diem and derived prices of the code, which stay out of the statistics.
    """
    codes = stats.codes.copy()
    for column in MONEY_COLUMNS:
        codes[column] = round_cents(codes[column].to_numpy(dtype=float))
    codes["pct_of_medicare"] = percent_fractions(codes["pct_of_medicare"].to_numpy(dtype=float))
    others = stats.other_rates
    # each code's other rates, in their order: one pass, not a selection per code
    other_rates: dict[str, list[dict[str, Any]]] = {}
    for code, record in zip(others["code"].tolist(),
                            others.drop(columns="code").to_dict(orient="records"), strict=True):
        other_rates.setdefault(code, []).append(record)
    out = []
    for row in codes.to_dict(orient="records"):
        row["flags"] = list(row["flags"])
        row["other_rates"] = [dict(record) for record in other_rates.get(row["code"], ())]
        out.append(row)
    return out


def market_rates_report(
    path: str | Path,
    options: ExtractOptions | None = None,
    *,
    locality: str | None = None,
    date_of_service: date | None = None,
    facility: bool = False,
    apm_qualifying: bool = False,
    rules: FlagRules | None = None,
    progress: Callable[[str, int], Progress] | None = None,
    method: str = "auto",
    today: date | None = None,
) -> MarketRateReport:
    """Extract a TiC file's prices for the wanted codes and summarize them per code.

    Parameters
    ----------
    path : str or Path
        In-network rates file (``.json`` or ``.json.gz``).
    options : ExtractOptions, optional
        Codes, NPIs, TINs, billing class.
    locality : str, optional
        Medicare locality ``MAC-LOC``; with it, each code gets ``medicare_amount`` and
        ``pct_of_medicare`` and the ``outlier_vs_medicare`` rule applies.
    date_of_service : date, optional
        Date of the Medicare fee schedule; defaults to the file's ``last_updated_on``. An
        import into a workbook gives the workbook's own
        (:attr:`ratecalc.dataset.ClinicData.medicare_terms`), the day its every other output
        prices Medicare on.
    facility : bool
        Compare with Medicare's facility amount instead of the non-facility one.
    apm_qualifying : bool
        Price Medicare with the qualifying APM participant's conversion factor.
    rules : FlagRules, optional
        Flag thresholds.
    progress : callable, optional
        Progress-bar factory, see :func:`~ratecalc.market_rates.extract.extract_market_rates`.
    method : {"auto", "fast", "fallback"}
        Reader choice.
    today : date, optional
        The day the prices are read as of (default the system's): prices whose
        ``expiration_date`` is earlier are flagged ``expired``.

    Returns
    -------
    MarketRateReport
    """
    options = options or ExtractOptions()
    today = today or clock.today()
    rates = extract_market_rates(path, options, progress=progress, method=method)
    codes = sorted(options.codes) if options.codes is not None else None
    medicare = None
    if locality:
        when, words = medicare_day(date_of_service, [rates.as_of], today)
        wanted = list(codes or ()) + rates.prices["code"].drop_duplicates().tolist()
        medicare = medicare_reference(wanted, locality, when, facility=facility,
                                      apm_qualifying=apm_qualifying, date_words=words)
    stats = market_rate_stats(rates.prices, medicare=medicare.amounts if medicare else None,
                              codes=codes, rules=rules,
                              medicare_problems=medicare.problems if medicare else None,
                              billing_class=options.billing_class, today=today,
                              codes_found=rates.codes_found)
    return MarketRateReport(rates, stats, medicare, today)
