"""``ratecalc import market-rates``: what payers publish, from Transparency-in-Coverage files.

    ratecalc import market-rates FILE [--codes CODE,...] [--npi N,...] [--tin T,...]
        [--billing-class professional|institutional] [--locality MAC-LOC [--date YYYY-MM-DD]]
        [--out CSV] [--json] [--quiet]

Reads a plan's in-network rates file (``.json`` or ``.json.gz``, any size) and prints, per code,
the spread of negotiated dollar rates, the Medicare ratio when a locality is given, and flags that
say which prices look like outliers or ghost rates and by which rule. ``--json`` prints one object
per code. A progress bar (bytes and rate) shows on a terminal for reads longer than a second.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions, MarketRateReport, market_rates_report
from ratecalc.market_rates.stats import MONEY_COLUMNS
from ratecalc.money import round_cents
from ratecalc_cli.arguments import optional_date
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json, print_table, report_workbook_import, write_csv

TABLE_COLUMNS = {
    "code": "code", "modifiers": "modifiers", "n_prices": "prices", "n_providers": "providers",
    "min": "min", "p25": "p25",
    "median": "median", "p75": "p75", "p90": "p90", "max": "max",
    "median_provider_weighted": "median/provider", "medicare_amount": "medicare",
    "pct_of_medicare": "% medicare", "n_outliers": "outliers", "n_ghost": "ghost",
}


def register(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "market-rates",
        help="Transparency-in-Coverage in-network files: market rates per code",
        description="Read a health plan's Transparency-in-Coverage in-network rates file "
        "(.json or .json.gz) and summarize the negotiated dollar rates per code: count, "
        "providers, min, quartiles, p90, max, the provider-weighted median, the ratio to the "
        "locality's Medicare amount, and outlier/ghost-rate flags naming their rule. "
        "Percentage, per-diem and derived prices are reported separately.",
    )
    parser.add_argument("file", metavar="FILE", help="in-network rates file, .json or .json.gz")
    parser.add_argument("--codes", metavar="CODE,...",
                        help="billing codes to keep (default: every code in the file)")
    parser.add_argument("--npi", metavar="N,...", help="keep only these providers' NPIs")
    parser.add_argument("--tin", metavar="T,...", help="keep only these TINs (hyphens ignored)")
    parser.add_argument("--billing-class", choices=("professional", "institutional"),
                        help="keep prices of this billing class (and those marked 'both')")
    parser.add_argument("--locality", metavar="MAC-LOC",
                        help="Medicare locality for the ratio to Medicare, e.g. 10112-00")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="date of the Medicare fee schedule (default: the file's "
                        "last_updated_on)")
    parser.add_argument("--facility", action="store_true",
                        help="compare with Medicare's facility amount (default non-facility)")
    parser.add_argument("--out", metavar="CSV", help="write the per-code statistics as CSV")
    parser.add_argument("--json", action="store_true", help="print one JSON object per code")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--workbook", metavar="WB", type=Path,
                        help="also add the per-code figures as Benchmarks rows to this master "
                        "workbook; rows already there are kept")
    parser.set_defaults(handler=run)


def _split(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


@contextlib.contextmanager
def progress_bars(
    enabled: bool, delay: float = 1.0
) -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    """A progress-bar factory for :func:`market_rates_report` (None when disabled).

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
        bar = tqdm(total=total, desc=label, unit="B", unit_scale=True, unit_divisor=1024,
                   file=sys.stderr, delay=delay, mininterval=0.5, leave=False)
        bars.append(bar)
        return bar.update

    try:
        yield factory
    finally:
        for bar in bars:
            bar.close()


def presentation_frame(report: MarketRateReport) -> pd.DataFrame:
    """The per-code statistics with money rounded half-up to cents (what --out writes).

    Flags are joined with `` | `` into one text column.
    """
    codes = report.stats.codes.copy()
    for column in MONEY_COLUMNS:
        codes[column] = round_cents(codes[column].to_numpy(dtype=float))
    codes["pct_of_medicare"] = codes["pct_of_medicare"].round(4)
    codes["flags"] = codes["flags"].map(" | ".join)
    return codes


def _print_report(report: MarketRateReport) -> None:
    rates = report.rates
    header = rates.header
    print(f"{rates.source_label}; schema version {header.get('version', '?')}; "
          f"last updated {rates.as_of or header.get('last_updated_on', '?')}")
    kept = rates.items_kept
    print(f"{rates.items_seen:,} billing codes in the file, {kept:,} kept; "
          f"{len(rates.prices):,} prices; read by the {rates.method} path")
    if report.medicare is not None:
        m = report.medicare
        setting = "facility" if m.facility else "non-facility"
        print(f"Medicare: locality {m.locality}, {setting}, date of service {m.date_of_service}")
    print()
    frame = presentation_frame(report)
    table = frame[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    table["% medicare"] = (frame["pct_of_medicare"] * 100).round(1)
    print_table(table)
    for code, flags in zip(frame["code"], report.stats.codes["flags"], strict=True):
        for flag in flags:
            print(f"  {code}: {flag}")
    others = report.stats.other_rates
    if len(others):
        print("\nNot dollar rates per unit (kept out of the statistics):")
        print_table(others)


def _warn(report: MarketRateReport) -> None:
    rates = report.rates
    if rates.fallback_reason:
        print(f"note: read with the ijson fallback because {rates.fallback_reason}",
              file=sys.stderr)
    if rates.skipped_prices:
        print(f"warning: {rates.skipped_prices:,} negotiated prices had no usable number "
              "(null or text) and were skipped", file=sys.stderr)
    if rates.unresolved_references:
        remote = (f", {rates.remote_references:,} of them remote (schema 1.x location)"
                  if rates.remote_references else "")
        print(f"warning: {rates.unresolved_references:,} provider_group_id values used by kept "
              f"prices are not in the file{remote}; those prices have no known provider",
              file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.date and not args.locality:
        raise InputError("--date sets the Medicare fee schedule's date: give --locality too")
    options = ExtractOptions.build(codes=_split(args.codes), npis=_split(args.npi),
                                   tins=_split(args.tin), billing_class=args.billing_class)
    show_bar = not args.quiet and sys.stderr.isatty()
    with progress_bars(show_bar) as factory:
        report = market_rates_report(path, options, locality=args.locality,
                                     date_of_service=optional_date(args.date, "--date"),
                                     facility=args.facility, progress=factory)
    if args.out:
        write_csv(presentation_frame(report), Path(args.out))
    if args.workbook:
        from ratecalc_workbook.imports import write_tables

        report_workbook_import(write_tables(args.workbook, {"benchmarks": report.benchmark_rows()},
                                            source=path.name), args.workbook)
    if args.json:
        print_json(report.records())
    else:
        _print_report(report)
    _warn(report)
    return ExitCode.OK
