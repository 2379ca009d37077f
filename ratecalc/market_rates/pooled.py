"""Market statistics over many in-network files: every matching price pooled once.

:func:`pooled_report` is the multi-file counterpart of
:func:`~ratecalc.market_rates.report.market_rates_report`: SOURCEs (paths, globs, URLs, tables of
contents) are expanded to distinct files (:mod:`~ratecalc.market_rates.catalog`), read in
parallel (:mod:`~ratecalc.market_rates.parallel`), optionally kept in a store
(:mod:`~ratecalc.market_rates.store`), and the prices of all files go through the one statistics
function, :func:`~ratecalc.market_rates.stats.market_rate_stats`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ratecalc import dates as clock
from ratecalc.market_rates.benchmark_table import benchmark_rows, market_region
from ratecalc.market_rates.catalog import Catalog, Failure, FileTask, build_catalog
from ratecalc.market_rates.extract import MarketRates, codes_found_in
from ratecalc.market_rates.medicare_ratio import (
    MedicareReference,
    medicare_day,
    medicare_reference,
)
from ratecalc.market_rates.parallel import ProgressEvent, ReadSettings, read_files
from ratecalc.market_rates.records import ExtractOptions
from ratecalc.market_rates.report import publisher, stats_records
from ratecalc.market_rates.stats import (
    FlagRules,
    MarketRateStats,
    expired_warning,
    market_rate_stats,
)
from ratecalc.ranking import name_key


def payer_of(rates: MarketRates, task: FileTask | None = None) -> str:
    """Who published a file: its ``reporting_entity_name``, else its index's."""
    name = publisher(rates)
    if not name and task is not None:
        name = task.reporting_entity
    return name or "unknown reporting entity"


def pooled_prices(files: Sequence[MarketRates], payers: Sequence[str]) -> pd.DataFrame:
    """The kept prices of every file in one frame, with ``file`` (its index) and ``payer``."""
    frames = [r.prices.assign(file=i, payer=p)
              for i, (r, p) in enumerate(zip(files, payers, strict=True))]
    if not frames:
        from ratecalc.market_rates.provider_refs import prices_frame
        from ratecalc.market_rates.records import PriceCollector

        return prices_frame(PriceCollector(ExtractOptions()), None).assign(file=0, payer="")
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class PooledReport:
    """Files read, files that could not be, and the statistics of their pooled prices.

    Attributes
    ----------
    catalog : Catalog
        What the SOURCEs expanded to.
    files : list of MarketRates
        Files read (or taken from the store), in catalog order.
    payers : list of str
        The payer of each of ``files``.
    failures : list of Failure
        Indexes and files that could not be read, with the reason (a 404 names its URL).
    stats : MarketRateStats
        Per-code statistics over all ``files``' prices.
    medicare : MedicareReference or None
        The Medicare yardstick, with a locality.
    from_store : int
        How many of ``files`` came from the store, not read again.
    """

    catalog: Catalog
    files: list[MarketRates]
    payers: list[str]
    failures: list[Failure]
    stats: MarketRateStats
    medicare: MedicareReference | None
    from_store: int = 0
    prices: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The day the prices were read as of: those expired before it are flagged.
    today: date | None = None

    @property
    def as_of(self) -> date | None:
        """The newest ``last_updated_on`` of the files read."""
        dates = [r.as_of for r in self.files if r.as_of is not None]
        return max(dates) if dates else None

    @property
    def source_label(self) -> str:
        payers = sorted(set(self.payers), key=name_key)
        if len(self.files) == 1:
            return self.files[0].source_label
        return (f"TiC in-network files: {len(self.files)} from "
                f"{', '.join(payers) or 'no payer'}")

    def records(self) -> list[dict[str, Any]]:
        """One dict per code: what ``--json`` prints (same keys as for one file)."""
        return stats_records(self.stats)

    def benchmark_rows(self, region: str | None = None) -> pd.DataFrame:
        """Benchmarks rows of the pooled statistics; ``region`` None: the files were not
        filtered by region, which the rows' Region says (:func:`market_region`)."""
        if region is None:
            region = market_region(None, sorted(set(self.payers), key=name_key))
        return benchmark_rows(self.stats.codes, source=self.source_label, as_of=self.as_of,
                              region=region)

    def expired_warning(self) -> str | None:
        """How many of the prices expired before :attr:`today`, and when; None if none."""
        return None if self.today is None else expired_warning(self.stats.prices, self.today,
                                                               len(self.files))


def pooled_report(
    sources: Sequence[str],
    options: ExtractOptions | None = None,
    *,
    plan_ids: Sequence[str] | None = None,
    jobs: int | None = None,
    settings: ReadSettings | None = None,
    locality: str | None = None,
    date_of_service: date | None = None,
    facility: bool = False,
    apm_qualifying: bool = False,
    rules: FlagRules | None = None,
    on_progress: ProgressEvent | None = None,
    on_catalog: Callable[[Catalog], None] | None = None,
    store: Any = None,
    today: date | None = None,
) -> PooledReport:
    """Read every file the SOURCEs name and summarize their prices per code, pooled.

    Parameters
    ----------
    sources : sequence of str
        Paths, globs, http(s) URLs of in-network files or tables of contents.
    options : ExtractOptions, optional
        Codes, NPIs (a region is a set of NPIs), TINs, billing class.
    plan_ids : sequence of str, optional
        Plans to keep from tables of contents.
    jobs : int, optional
        Worker processes (default: the cores).
    settings : ReadSettings, optional
        Reader and download settings.
    locality, date_of_service, facility, apm_qualifying, rules
        As in :func:`~ratecalc.market_rates.report.market_rates_report`.
    on_progress : callable, optional
        Progress events (see :data:`~ratecalc.market_rates.parallel.ProgressEvent`).
    on_catalog : callable, optional
        Told what will be read, before reading starts.
    store : MarketStore, optional
        Files it already holds for these options are taken from it; new ones are added to it
        as each finishes (see :class:`~ratecalc.market_rates.store.MarketStore`).
    today : date, optional
        As in :func:`~ratecalc.market_rates.report.market_rates_report`.

    Returns
    -------
    PooledReport
    """
    options = options or ExtractOptions()
    today = today or clock.today()
    settings = settings or ReadSettings()
    if store is not None and settings.cache_dir is None:
        settings = ReadSettings(settings.method, settings.http, settings.checksum,
                                str(store.cache_dir))
    catalog = build_catalog(sources, plan_ids, settings.http)
    if on_catalog is not None:
        on_catalog(catalog)
    results: list[MarketRates | Failure | None] = [None] * len(catalog.tasks)
    to_read: list[int] = []
    for i, task in enumerate(catalog.tasks):
        stored = store.load(task.location, options) if store is not None else None
        if stored is not None:
            results[i] = stored
        else:
            to_read.append(i)
    from_store = len(catalog.tasks) - len(to_read)

    def keep(j: int, result: MarketRates | Failure) -> None:
        i = to_read[j]
        if store is not None and isinstance(result, MarketRates):
            store.save(result, payer_of(result, catalog.tasks[i]), options, catalog.tasks[i])

    fresh = read_files([catalog.tasks[i] for i in to_read], options, jobs=jobs,
                       settings=settings, on_progress=on_progress, on_result=keep)
    for j, result in zip(to_read, fresh, strict=True):
        results[j] = result
    files = [r for r in results if isinstance(r, MarketRates)]
    tasks = [t for t, r in zip(catalog.tasks, results, strict=True) if isinstance(r, MarketRates)]
    payers = [payer_of(r, t) for r, t in zip(files, tasks, strict=True)]
    failures = [*catalog.failures, *(r for r in results if isinstance(r, Failure))]
    prices = pooled_prices(files, payers)
    codes = sorted(options.codes) if options.codes is not None else None
    medicare = None
    if locality:
        when, words = medicare_day(date_of_service, (r.as_of for r in files), today)
        wanted = list(codes or ()) + prices["code"].drop_duplicates().tolist()
        medicare = medicare_reference(wanted, locality, when, facility=facility,
                                      apm_qualifying=apm_qualifying, date_words=words)
    stats = market_rate_stats(prices, medicare=medicare.amounts if medicare else None,
                              codes=codes, rules=rules,
                              medicare_problems=medicare.problems if medicare else None,
                              billing_class=options.billing_class, today=today,
                              codes_found=codes_found_in(files), files=len(files))
    return PooledReport(catalog, files, payers, failures, stats, medicare, from_store, prices,
                        today)
