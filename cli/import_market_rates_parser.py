"""The arguments of ``ratecalc import market-rates``.

Its work, :mod:`ratecalc_cli.import_market_rates`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ratecalc.errors import InputError
from ratecalc.input_paths import PROVIDERS_TABLE, TIC_SOURCE, WORKBOOK_FILE
from ratecalc.market_defaults import default_jobs
from ratecalc_cli.arguments import (
    EXPIRED_AS_OF_HELP,
    iso_date,
    number,
    optional_date,
    refuse_overwriting_inputs,
    whole_number,
)
from ratecalc_cli.main import deferred

#: Options the work checks before it reads the SOURCEs: with any given, it is left to say first
#: what it finds wrong.
_CHECKED_FIRST = ("codes", "npi", "tin", "region", "providers", "billing_class", "plan_id",
                  "jobs", "store", "locality", "date", "out", "as_of", "workbook")


def _missing_input(args: argparse.Namespace) -> str | None:
    """The refusal of an input path that does not exist, in the order the work reads them
    (``--providers`` with ``--region``, ``--workbook``, then the SOURCE), where nothing the work
    checks before it could refuse something else first; None leaves it all to the work."""
    from ratecalc.output_kinds import CSV, check_output  # the standard library's zipfile only

    try:  # what the work checks before it reads any path, in its words: left to it
        sources = [Path(s) for s in args.sources if "://" not in s]
        refuse_overwriting_inputs([("--out", args.out), ("--workbook", args.workbook)], sources)
        refuse_overwriting_inputs([("--out", args.out)], [args.workbook])
        if args.out:
            check_output(args.out, CSV)
    except InputError:
        return None
    if args.region is not None or args.providers is not None:
        # the table is read first once --region has one (what is in it decides what follows);
        # either option alone is refused by the work
        if args.region is not None and args.providers is not None:
            return PROVIDERS_TABLE.first_refused([args.providers])
        return None
    if any(getattr(args, name) is not None for name in ("codes", "npi", "tin")):
        return None  # the filters are checked before the workbook is read
    try:
        optional_date(args.date, "--date")
    except InputError:
        return None
    if args.workbook is not None:  # read next: what is in it decides what follows
        return WORKBOOK_FILE.first_refused([args.workbook])
    return _missing_source(args)


def _missing_source(args: argparse.Namespace) -> str | None:
    # a link or a glob pattern is the work's to judge (a link may be fetched, a pattern
    # matched), as are several SOURCEs: the work may read one before it looks at the next
    if any(getattr(args, name, None) is not None for name in _CHECKED_FIRST) or any(
            "://" in source or set(source) & set("*?[") for source in args.sources
    ) or len(args.sources) != 1:
        return None
    return TIC_SOURCE.first_refused(args.sources)


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that read TiC files: filters, plans, jobs, downloads."""
    parser.add_argument("--codes", metavar="CODE,...",
                        help="billing codes to keep (default: every code in the file; with "
                        "--workbook, the codes the workbook bills)")
    parser.add_argument("--npi", metavar="N,...", help="keep only these providers' NPIs")
    parser.add_argument("--tin", metavar="T,...", help="keep only these TINs (hyphens ignored)")
    parser.add_argument("--region", metavar="ZIP|ZIP3|MAC-LOC",
                        help="keep only providers practising in this ZIP code (5 digits), ZIP "
                        "area (first 3 digits) or Medicare locality; needs --providers")
    parser.add_argument("--providers", metavar="TABLE", type=Path,
                        help="the practice-location table written by 'ratecalc market-rates "
                        "providers' from CMS's NPPES file")
    parser.add_argument("--billing-class", choices=("professional", "institutional"),
                        help="keep prices of this billing class (and those marked 'both'); "
                        "with --workbook the default is professional, a clinic's own fees")
    parser.add_argument("--plan-id", metavar="ID,...",
                        help="from tables of contents, read only the files of these plans "
                        "(plan_id as listed: EIN or HIOS id)")
    parser.add_argument("--jobs", type=whole_number, metavar="N",
                        help=f"files read at once, one process each (default: the cores, "
                        f"{default_jobs()} here)")
    parser.add_argument("--timeout", type=number, default=60.0, metavar="SECONDS",
                        help="give up on a stalled download after this long (default 60), "
                        "then retry")
    parser.add_argument("--retries", type=whole_number, default=5, metavar="N",
                        help="retries per file after a failed or dropped download (default 5); "
                        "a dropped download resumes where it stopped")


def register(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "market-rates",
        help="Transparency-in-Coverage in-network files: market rates per code",
        description="Read health plans' Transparency-in-Coverage in-network rates files "
        "(.json or .json.gz, from disk or straight from the payer's web site, or every file a "
        "table of contents lists) and summarize the negotiated dollar rates per code, pooled "
        "over all files: count, providers, min, quartiles, p90, max, the provider-weighted "
        "median, the ratio to the locality's Medicare amount, and outlier/ghost-rate flags "
        "naming their rule. Percentage, per-diem and derived prices are reported separately.",
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="in-network file or table of contents: a path, a glob "
                        "('rates/*.json.gz') or an http(s) URL")
    add_reading_arguments(parser)
    parser.add_argument("--store", metavar="DIR", type=Path,
                        help="keep what was extracted in this folder (Parquet, one partition per "
                        "payer and file); files already there are not read again")
    parser.add_argument("--locality", metavar="MAC-LOC",
                        help="Medicare locality for the ratio to Medicare, e.g. 10112-00")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="date of the Medicare fee schedule (default: with --workbook, "
                        "the workbook's Medicare date; else the newest file's last_updated_on)")
    parser.add_argument("--facility", action="store_true",
                        help="compare with Medicare's facility amount (default non-facility)")
    parser.add_argument("--out", metavar="CSV", help="write the per-code statistics as CSV")
    parser.add_argument("--json", action="store_true", help="print one JSON object per code")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", type=iso_date,
                        help=EXPIRED_AS_OF_HELP)
    parser.add_argument("--workbook", metavar="WB", type=Path,
                        help="also add the per-code figures as Benchmarks rows to this master "
                        "workbook (for the codes it bills unless --codes, compared with "
                        "Medicare in its locality unless --locality); rows already there are "
                        "kept")
    parser.set_defaults(handler=deferred("ratecalc_cli.import_market_rates", "run",
                                         _missing_input))
