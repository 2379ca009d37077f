"""``ratecalc market-rates``: the provider table and the store's regional benchmarks.

    ratecalc market-rates providers NPPES.zip --out TABLE [--taxonomy CODE,...]
    ratecalc market-rates benchmark --store DIR [--region ZIP|ZIP3|MAC-LOC --providers TABLE]
        [--codes CODE,...] [--billing-class ...] [--out CSV] [--json] [--workbook WB]

``providers`` streams CMS's NPPES file and writes where each physical, occupational and speech
therapist practises (``--region`` reads it). ``benchmark`` computes, with DuckDB over the Parquet
store that ``ratecalc import market-rates ... --store DIR`` fills, the percentiles of negotiated
rates per code, for each payer and for all payers pooled.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from ratecalc import dates as clock
from ratecalc.errors import InputError
from ratecalc.market_rates.benchmark_table import benchmark_rows, billing_class_for, market_region
from ratecalc.market_rates.nppes import THERAPY_TAXONOMIES, build_provider_table
from ratecalc.market_rates.records import normalize_code
from ratecalc.market_rates.stats import expiry_day
from ratecalc.ranking import name_key
from ratecalc.regular_files import not_a_folder, refusal
from ratecalc.table_rounding import csv_table, presentable
from ratecalc_cli.arguments import refuse_overwriting_inputs
from ratecalc_cli.import_market_rates import split_list
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json, print_table, report_workbook_import, write_csv
from ratecalc_cli.terminal import progress_stream


def run_providers(args: argparse.Namespace) -> int:
    refuse_overwriting_inputs([("--out", args.out)], [args.nppes])
    taxonomies = split_list(args.taxonomy) if args.taxonomy else list(THERAPY_TAXONOMIES)
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="NPPES rows", unit=" rows", unit_scale=True, file=progress_stream(),
                   delay=1.0)
    seen = [0]

    def progress(rows: int) -> None:
        if bar is not None:
            bar.update(rows - seen[0])
        seen[0] = rows

    try:
        summary = build_provider_table(args.nppes, args.out, taxonomies or [],
                                       include_deactivated=args.include_deactivated,
                                       progress=progress)
    finally:
        if bar is not None:
            bar.close()
    print(f"{summary.rows_read:,} NPIs read; {summary.providers:,} with taxonomy "
          f"{', '.join(taxonomies or [])} at {summary.locations:,} practice locations; "
          f"written to {summary.path}")
    if not summary.rows_read:
        # a file of its header alone gave "0 NPIs read" and exit 0, an empty table as if read
        print(f"warning: {Path(args.nppes).name} holds no NPI row (its header alone): the "
              f"table is empty; give CMS's full NPPES file", file=sys.stderr)
        return ExitCode.FAILED
    if not summary.providers:
        print(f"warning: no NPI of the {summary.rows_read:,} read has taxonomy "
              f"{', '.join(taxonomies or [])}: the table is empty", file=sys.stderr)
        return ExitCode.FAILED
    return ExitCode.OK


#: The columns of the benchmark table printed; each row's flags are printed under it, as the
#: import prints a code's.
BENCHMARK_TABLE_COLUMNS = ("payer", "code", "modifiers", "n_prices", "n_files", "min", "p25",
                           "median", "p75", "p90", "max", "as_of", "n_expired")


def _workbook_day(workbook: Path | None) -> date | None:
    """The analysis date of the workbook the rows go to, the day their prices are judged
    expired on (:func:`~ratecalc.market_rates.stats.expiry_day`); None without one. The
    command prices no Medicare, so the workbook's Medicare date is not checked here."""
    if workbook is None:
        return None
    from ratecalc_workbook.imports import workbook_analysis_date

    return workbook_analysis_date(workbook)


def run_benchmark(args: argparse.Namespace) -> int:
    from ratecalc.market_rates.store import MarketStore
    from ratecalc.market_rates.store_query import (
        POOLED,
        RESULT_HEADERS,
        RESULT_UNITS,
        store_benchmarks,
    )

    if (what := not_a_folder(args.store)) is not None:
        raise InputError(refusal(f"--store '{args.store}'", what, "a folder filled by "
                                 "'ratecalc import market-rates SOURCE... --store DIR'"))
    # the provider table was RateCalc's output once: as an input now, it is never replaced
    refuse_overwriting_inputs([("--out", args.out)], [args.providers, args.workbook])
    npis = None
    if args.region:
        from ratecalc.market_rates.region import region_npis

        if args.providers is None:
            raise InputError("--region needs --providers TABLE (made by 'ratecalc market-rates "
                             "providers NPPES.zip')")
        npis = region_npis(args.providers, args.region)
    if args.out:
        from ratecalc.output_kinds import CSV, check_output

        check_output(args.out, CSV)
    store = MarketStore(args.store)
    rows = store_benchmarks(store, codes=split_list(args.codes), npis=npis,
                            billing_class=billing_class_for(
                                args.billing_class, benchmarks=args.workbook is not None),
                            today=expiry_day(args.as_of, _workbook_day(args.workbook),
                                             clock.today()))
    if rows.empty:
        if not store.files():
            # "no dollar price for these codes" of a folder never filled, no code asked
            raise InputError(f"store '{args.store}' holds no file yet; fill it with 'ratecalc "
                             "import market-rates SOURCE... --store DIR'")
        kept = ("" if args.billing_class is not None or args.workbook is None else
                " billed professional (a clinic's fees, what --workbook keeps; "
                "--billing-class institutional takes a facility's)")
        codes = split_list(args.codes)
        region = f" in region {args.region}" if args.region else ""
        lacking = ""
        if kept and codes:
            # a code of no price of any class is not sent after a facility's prices
            held = set(store_benchmarks(store, codes=codes, npis=npis)["code"])
            absent = [c for c in codes if normalize_code(c) not in held]
            codes = [c for c in codes if c not in absent]
            if not codes:
                kept = " of any billing class"
                codes = absent
            elif absent:
                lacking = f"; none of any billing class for {', '.join(absent)}"
        raise InputError(f"store '{args.store}' has no dollar price "
                         f"{'for these codes' if codes else 'for any code'}{kept}{region}"
                         + (f": {', '.join(codes)}" if codes else "") + lacking)
    # by the columns' units, the one rule of every table written: money to cents (text to
    # the cent in the CSV file)
    shown = presentable(rows, RESULT_UNITS, "benchmarks")
    if args.out:
        # flags joined into one text column, as the import's --out writes them
        write_csv(csv_table(rows.assign(flags=rows["flags"].map(" | ".join)), RESULT_UNITS,
                            "benchmarks"), Path(args.out))
    if args.workbook:
        from ratecalc_workbook.imports import write_tables

        pooled = rows[(rows["payer"] == POOLED) & (rows["modifiers"] == "")]
        payers = sorted(set(rows.loc[rows["payer"] != POOLED, "payer"]), key=name_key)
        n_files = len(store.files())
        as_of = max((d for d in pooled["as_of"] if d is not None and not pd.isna(d)),
                    default=None)
        source = f"TiC store: {', '.join(payers)} ({n_files} files)"
        report_workbook_import(write_tables(args.workbook, {"benchmarks": benchmark_rows(
            pooled, source=source, as_of=as_of, region=market_region(args.region, payers))},
            source=source), args.workbook)
    if args.json:
        print_json(shown.assign(as_of=shown["as_of"].astype(str),
                                flags=shown["flags"].map(list)).to_dict(orient="records"))
    else:
        # unrounded: each figure rounded once, as written
        print_table(rows[list(BENCHMARK_TABLE_COLUMNS)], RESULT_UNITS, RESULT_HEADERS)
        for payer, code, mods, flags in zip(rows["payer"], rows["code"], rows["modifiers"],
                                            rows["flags"], strict=True):
            for flag in flags:  # as the import's table flags a code's prices
                print(f"  {code}{'+' + mods if mods else ''} ({payer}): {flag}")
    return ExitCode.OK
