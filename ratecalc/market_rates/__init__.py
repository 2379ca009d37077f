"""Market rates from Transparency-in-Coverage (TiC) in-network rates files.

Public API
----------
:func:`market_rates_report`
    File -> per-code statistics (and Medicare ratio): the one call most callers need.
:func:`extract_market_rates`
    File -> price rows of the wanted codes (fast byte-level path, ijson fallback).
:func:`market_rate_stats`
    Price rows -> per-code statistics with outlier and ghost-rate flags.
:func:`benchmark_rows`
    Statistics -> rows of the canonical Benchmarks table.
:func:`medicare_reference`
    Medicare amounts per code for a locality and date.
"""

from ratecalc.market_rates.benchmark_table import benchmark_rows
from ratecalc.market_rates.extract import MarketRates, extract_market_rates
from ratecalc.market_rates.medicare_ratio import MedicareReference, medicare_reference
from ratecalc.market_rates.records import ExtractOptions
from ratecalc.market_rates.report import MarketRateReport, market_rates_report
from ratecalc.market_rates.stats import (
    FlagRules,
    MarketRateStats,
    market_rate_stats,
    weighted_percentile,
)
from ratecalc.market_rates.stream import LayoutMismatch

__all__ = [
    "ExtractOptions",
    "FlagRules",
    "LayoutMismatch",
    "MarketRateReport",
    "MarketRateStats",
    "MarketRates",
    "MedicareReference",
    "benchmark_rows",
    "extract_market_rates",
    "market_rate_stats",
    "market_rates_report",
    "medicare_reference",
    "weighted_percentile",
]
