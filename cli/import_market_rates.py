"""``ratecalc import market-rates``: what payers publish, from Transparency-in-Coverage files.

    ratecalc import market-rates SOURCE... [--codes CODE,...] [--npi N,...] [--tin T,...]
        [--region ZIP|ZIP3|MAC-LOC --providers TABLE] [--plan-id ID,...] [--jobs N]
        [--store DIR] [--billing-class professional|institutional]
        [--locality MAC-LOC [--date YYYY-MM-DD]] [--out CSV] [--json] [--quiet] [--workbook WB]

Each SOURCE is a path, a glob or an http(s) URL, of an in-network rates file (``.json`` or
``.json.gz``, any size, streamed) or of a table of contents that lists them (told by content).
Every file is read once, in parallel, and the prices of all of them are pooled into one line per
code: the spread of negotiated dollar rates, the Medicare ratio when a locality is given, and
flags that say which prices look like outliers or ghost rates and by which rule. ``--json``
prints one object per code. Progress bars (per file and overall) show on a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc import dates as clock
from ratecalc.errors import InputError, UsageError
from ratecalc.market_rates import ExtractOptions
from ratecalc.market_rates.benchmark_table import (
    billing_class_for,
    market_region,
    no_professional_prices,
)
from ratecalc.market_rates.catalog import Catalog
from ratecalc.market_rates.extract import MarketRates, codes_found_in, file_name
from ratecalc.market_rates.http_source import HttpSettings
from ratecalc.market_rates.parallel import ReadSettings
from ratecalc.market_rates.pooled import PooledReport, pooled_report
from ratecalc.market_rates.stats import (
    OTHER_HEADERS,
    OTHER_UNITS,
    STAT_HEADERS,
    STAT_UNITS,
    MarketRateStats,
    expiry_day,
)
from ratecalc.shown_text import one_line
from ratecalc.table_rounding import csv_table
from ratecalc.terminal_text import terminal_text
from ratecalc_cli.arguments import (
    optional_date,
    refuse_overwriting_inputs,
)
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json, print_table, report_workbook_import, write_csv
from ratecalc_cli.terminal import progress_stream

#: The per-code table's columns; their units and headers are
#: :data:`ratecalc.market_rates.stats.STAT_UNITS` and ``STAT_HEADERS``.
TABLE_COLUMNS = ("code", "modifiers", "n_prices", "n_providers", "min", "p25", "median", "p75",
                 "p90", "max", "median_provider_weighted", "medicare_amount", "pct_of_medicare",
                 "n_outliers", "n_ghost", "n_expired")


def split_list(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


_split = split_list


def extract_options(args: argparse.Namespace) -> ExtractOptions:
    """The filters the arguments ask for; ``--region`` becomes the NPIs practising there."""
    npis = split_list(args.npi)
    if args.region:
        from ratecalc.market_rates.region import region_npis

        if args.providers is None:
            raise InputError("--region needs --providers TABLE: the practice-location table "
                             "written by 'ratecalc market-rates providers NPPES.zip'")
        local = region_npis(args.providers, args.region)
        npis = sorted(local if npis is None else local & set(npis))
        if not npis:
            raise InputError(f"--region {args.region}: no provider in {args.providers} "
                             "practises there" + (" among the --npi given" if args.npi else ""))
    elif args.providers is not None:
        raise InputError("--providers is used with --region")
    return ExtractOptions.build(
        codes=split_list(args.codes), npis=npis, tins=split_list(args.tin),
        billing_class=billing_class_for(args.billing_class,
                                        benchmarks=getattr(args, "workbook", None) is not None))


def read_settings(args: argparse.Namespace) -> ReadSettings:
    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"--jobs: expected 1 or more, got {args.jobs}")
    if args.retries < 0 or args.timeout <= 0:
        raise InputError("--retries must be 0 or more and --timeout more than 0")
    return ReadSettings(http=HttpSettings(timeout=args.timeout, retries=args.retries))


@contextlib.contextmanager
def progress_bars(
    enabled: bool, delay: float = 1.0
) -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    """A progress-bar factory for one file (None when disabled).

    Each pass over the file gets its own bar on stderr: share and bytes of the file on disk read
    (compressed bytes for a .gz), rate and time left. A bar appears only once a pass has run for
    ``delay`` seconds, so small files print nothing.
    """
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    bars: list[tqdm] = []

    def factory(label: str, total: int) -> Callable[[int], None]:
        for bar in bars:
            bar.close()
        bar = tqdm(total=total, desc=terminal_text(label), unit="B", unit_scale=True,
                   unit_divisor=1024, file=progress_stream(), delay=delay, mininterval=0.5,
                   leave=False)
        bars.append(bar)
        return bar.update

    try:
        yield factory
    finally:
        for bar in bars:
            bar.close()


class ProgressBoard:
    """Bars on stderr: one overall (files done, bytes read), one per file being read."""

    def __init__(self, names: list[str], delay: float = 1.0) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm
        self.names = names
        self.delay = delay
        self.overall = tqdm(total=len(names), desc="files", unit="file", file=progress_stream(),
                            delay=delay, position=0, leave=False)
        self.bars: dict[int, Any] = {}
        self.read = 0

    def __call__(self, kind: str, index: int, label: str, amount: int) -> None:
        if kind == "start":
            old = self.bars.pop(index, None)
            if old is not None:
                old.close()
            name = self.names[index] if index < len(self.names) else str(index)
            self.bars[index] = self._tqdm(
                total=amount or None, desc=terminal_text(f"{name[:40]} ({label})"), unit="B",
                unit_scale=True, unit_divisor=1024, file=progress_stream(), delay=self.delay,
                mininterval=0.5, leave=False, position=1 + len(self.bars))
        elif kind == "bytes":
            bar = self.bars.get(index)
            if bar is not None:
                bar.update(amount)
            self.read += amount
            self.overall.set_postfix_str(f"{self.read / 1e6:,.0f} MB read", refresh=False)
        elif kind == "done":
            bar = self.bars.pop(index, None)
            if bar is not None:
                bar.close()
            self.overall.update(1)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.overall.close()


def presentation_frame(report: Any) -> pd.DataFrame:
    """The per-code statistics as --out writes them: each column by its unit
    (:data:`~ratecalc.market_rates.stats.STAT_UNITS`, :func:`ratecalc.table_rounding.csv_table`:
    money as text to the cent), flags joined with `` | `` into one text column.
    """
    stats: MarketRateStats = report.stats
    codes = stats.codes.copy()
    codes["flags"] = codes["flags"].map(" | ".join)
    return csv_table(codes, STAT_UNITS, "market rates")


def _print_sources(report: PooledReport, billing_class: str | None = None) -> None:
    catalog = report.catalog
    if len(report.files) == 1 and not catalog.tables and not report.failures:
        rates = report.files[0]
        header = rates.header
        # the file's reporting entity and plan names, as the payer wrote them, on one line
        print(f"{one_line(rates.source_label)}; schema version {header.get('version', '?')}; "
              f"last updated {rates.as_of or header.get('last_updated_on', '?')}")
        # what each count is: "9 kept; 0 prices" read as nine codes kept without a price
        kept_class = f" of billing class {billing_class}" if billing_class else ""
        print(f"{rates.items_seen:,} billing codes in the file, {rates.items_kept:,} of them "
              f"codes asked for, holding {len(rates.prices):,} prices{kept_class}; read by the "
              f"{rates.method} path")
        return
    for toc in catalog.tables:
        print(f"Table of contents {file_name(toc.location)} "
              f"({one_line(toc.reporting_entity or '?')}, "
              f"last updated {toc.header.get('last_updated_on', '?')}): {toc.plans_kept:,} of "
              f"{toc.plans_seen:,} plans, {toc.listings:,} in-network file listings, "
              f"{len(toc.files):,} distinct files")
    print(f"{len(catalog.tasks):,} distinct in-network files ({catalog.listings:,} listings, "
          f"{catalog.duplicates:,} repeats read once); {len(report.files):,} read"
          + (f", {report.from_store:,} of them from the store" if report.from_store else "")
          + (f"; {len(report.failures):,} could not be read" if report.failures else ""))
    for rates, payer in zip(report.files, report.payers, strict=True):
        print(f"  {one_line(payer)}: {file_name(rates.path)}, last updated {rates.as_of or '?'}, "
              f"{len(rates.prices):,} prices ({rates.method} path)")
    for failure in report.failures:
        print(f"  NOT READ {failure.location}: {failure.reason}")


def _print_report(report: PooledReport, billing_class: str | None = None) -> None:
    _print_sources(report, billing_class)
    if report.medicare is not None:
        m = report.medicare
        setting = "facility" if m.facility else "non-facility"
        # the locality priced, by its id and name as every output names it: what was typed
        # may be a ZIP or a city
        from ratecalc.medicare_label import medicare_label

        print(f"Medicare: locality {medicare_label(m.locality, []).locality}, {setting}, "
              f"date of service {m.date_of_service}")
    print()
    codes = report.stats.codes  # unrounded: each figure is rounded once, as it is written
    print_table(codes[list(TABLE_COLUMNS)], STAT_UNITS, STAT_HEADERS)
    for code, flags in zip(codes["code"], codes["flags"], strict=True):
        for flag in flags:
            print(f"  {code}: {flag}")
    others = report.stats.other_rates
    if len(others):
        print("\nNot dollar rates per unit (kept out of the statistics):")
        print_table(others, OTHER_UNITS, OTHER_HEADERS)


def _warn_file(rates: MarketRates, name: str) -> None:
    if rates.fallback_reason:
        print(f"note: {name}read with the ijson fallback because {rates.fallback_reason}",
              file=sys.stderr)
    if rates.skipped_prices:
        print(f"warning: {name}{rates.skipped_prices:,} negotiated prices had no usable number "
              "(null, text, an object, below zero or beyond 1e9) and were skipped", file=sys.stderr)
    if rates.bad_codes:
        print(f"warning: {name}{rates.bad_codes:,} in_network items were refused: their "
              "billing_code is not a code (a list, an object or true/false)", file=sys.stderr)
    if rates.unresolved_references:
        remote = (f", {rates.remote_references:,} of them remote (schema 1.x location) and not "
                  "fetched" if rates.remote_references else "")
        print(f"warning: {name}{rates.unresolved_references:,} provider_group_id values used by "
              f"kept prices are not in the file{remote}; those prices have no known provider",
              file=sys.stderr)
    for note in rates.notes:
        print(f"warning: {name}{note}", file=sys.stderr)


def _warn(report: PooledReport) -> None:
    several = len(report.files) > 1
    for rates in report.files:
        _warn_file(rates, f"{file_name(rates.path)}: " if several else "")
    for failure in report.failures:
        print(f"warning: not read: {failure.reason}", file=sys.stderr)
    expired = report.expired_warning()
    if expired:
        print(f"warning: {expired}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    local_sources = [Path(s) for s in args.sources if "://" not in str(s)]
    refuse_overwriting_inputs([("--out", args.out), ("--workbook", args.workbook)], local_sources)
    refuse_overwriting_inputs([("--out", args.out)], [args.workbook])
    if args.out:
        from ratecalc.output_kinds import CSV, check_output

        check_output(args.out, CSV)  # before reading the sources
    options = extract_options(args)
    locality = args.locality
    date_of_service = optional_date(args.date, "--date")
    facility, apm_qualifying = bool(args.facility), False
    workbook_day = None  # the workbook's analysis date, the day prices are judged expired on
    if args.workbook:
        from ratecalc_workbook.imports import market_import_scope

        # what the ribbon's import reads: the workbook's codes and locality unless asked
        scope = market_import_scope(args.workbook, split_list(args.codes), locality,
                                    date_of_service)
        codes, locality = scope.codes, scope.locality
        # Medicare priced as the workbook prices it everywhere else, unless asked otherwise
        date_of_service = scope.date_of_service
        facility = facility or scope.facility
        apm_qualifying = scope.apm_qualifying
        workbook_day = scope.analysis_date
        if codes and args.codes is None:
            options = replace(options, codes=ExtractOptions.build(codes=codes).codes)
    if args.date and not locality:
        raise UsageError("--date sets the Medicare fee schedule's date: give --locality too"
                         + (" (the workbook names none)" if args.workbook else ""))
    settings = read_settings(args)
    store = None
    if args.store is not None:
        from ratecalc.market_rates.store import MarketStore

        store = MarketStore(args.store)
    show_bar = not args.quiet and sys.stderr.isatty()
    board: ProgressBoard | None = None

    def on_catalog(catalog: Catalog) -> None:
        nonlocal board
        if show_bar:
            board = ProgressBoard([file_name(t.location) for t in catalog.tasks])

    try:
        report = pooled_report(
            args.sources, options, plan_ids=split_list(args.plan_id), jobs=args.jobs,
            settings=settings, locality=locality,
            date_of_service=date_of_service, facility=facility, apm_qualifying=apm_qualifying,
            on_progress=(lambda *e: board(*e) if board is not None else None),
            on_catalog=on_catalog, store=store,
            today=expiry_day(args.as_of, workbook_day, clock.today()))
    finally:
        if board is not None:
            board.close()
    if not report.files:
        reasons = "; ".join(f.reason for f in report.failures) or "the SOURCEs list no file"
        raise InputError(f"no in-network file could be read: {reasons}")
    if args.out:
        write_csv(presentation_frame(report), Path(args.out))
    if args.workbook:
        from ratecalc_workbook.imports import write_tables

        label = (file_name(report.files[0].path) if len(report.files) == 1
                 else f"{len(report.files)} TiC files")
        # the Region says where the prices come from: the --region they were filtered by,
        # else that they were not (never the locality they are compared with Medicare in)
        rows = report.benchmark_rows(market_region(args.region, report.payers))
        report_workbook_import(write_tables(args.workbook, {"benchmarks": rows},
                                            source=label), args.workbook)
        if rows.empty and args.billing_class is None:
            found = codes_found_in(report.files)
            kept = found if found is not None else any(f.items_kept for f in report.files)
            print(f"note: {no_professional_prices(kept, options.codes, len(report.files))}",
                  file=sys.stderr)
    if args.json:
        print_json(report.records())
    else:
        _print_report(report, options.billing_class)
    _warn(report)
    if args.plan_id:
        for task in report.catalog.tasks:
            if not task.listed_by:  # named itself, not listed by a table of contents
                print(f"note: --plan-id picks the files a table of contents lists for those "
                      f"plans; {file_name(task.location)} was named itself, so every price "
                      f"in it was read", file=sys.stderr)
    return ExitCode.OK
