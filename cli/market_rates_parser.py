"""The arguments of ``ratecalc market-rates``.

Its work, :mod:`ratecalc_cli.market_rates`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ratecalc.market_defaults import THERAPY_TAXONOMIES
from ratecalc_cli.arguments import EXPIRED_AS_OF_HELP, iso_date
from ratecalc_cli.main import deferred


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "market-rates", help="provider locations from NPPES; benchmarks from a market-rate store",
        description="Work with market rates read from payers' Transparency-in-Coverage files: "
        "'providers' writes the practice ZIP codes of therapists from CMS's NPPES file (for "
        "--region); 'benchmark' computes percentiles per code from a --store folder filled by "
        "'ratecalc import market-rates'. Each has its own --help.")
    commands = parser.add_subparsers(dest="market_command", required=True, metavar="COMMAND")

    providers = commands.add_parser(
        "providers", help="therapists' practice ZIP codes from CMS's NPPES file",
        description="Stream CMS's NPPES file (the monthly full zip, as downloaded) and write a "
        "small table of the NPIs with a therapy taxonomy and their practice ZIP codes (primary "
        "and secondary locations), for --region.")
    providers.add_argument("nppes", metavar="NPPES", type=Path,
                           help="NPPES zip (or its npidata_pfile CSV)")
    providers.add_argument("--out", metavar="TABLE", type=Path, required=True,
                           help="table to write (.csv or .csv.gz)")
    providers.add_argument("--taxonomy", metavar="CODE,...",
                           help="NUCC taxonomy codes or prefixes to keep (default: "
                           f"{','.join(THERAPY_TAXONOMIES)}: PT, PTA, OT, OTA, SLP, PT clinics)")
    providers.add_argument("--include-deactivated", action="store_true",
                           help="keep deactivated NPIs")
    providers.add_argument("--quiet", action="store_true", help="no progress bar")
    providers.set_defaults(handler=deferred("ratecalc_cli.market_rates", "run_providers"))

    bench = commands.add_parser(
        "benchmark", help="percentiles per code, by payer and pooled, from a --store folder",
        description="Percentiles (p25, median, p75, p90) of the negotiated dollar rates kept in "
        "a store, per code, for each payer and for all payers pooled, computed by DuckDB over "
        "the store's Parquet files.")
    bench.add_argument("--store", metavar="DIR", type=Path, required=True,
                       help="folder filled by 'ratecalc import market-rates ... --store DIR'")
    bench.add_argument("--region", metavar="ZIP|ZIP3|MAC-LOC",
                       help="only prices of providers practising there; needs --providers")
    bench.add_argument("--providers", metavar="TABLE", type=Path,
                       help="table written by 'ratecalc market-rates providers'")
    bench.add_argument("--codes", metavar="CODE,...", help="codes to report (default: all)")
    bench.add_argument("--billing-class", choices=("professional", "institutional"),
                       help="prices of this billing class (and those marked 'both'); with "
                       "--workbook the default is professional, a clinic's own fees")
    bench.add_argument("--out", metavar="CSV", help="write the rows as CSV")
    bench.add_argument("--json", action="store_true", help="print one JSON object per row")
    bench.add_argument("--as-of", metavar="YYYY-MM-DD", type=iso_date, help=EXPIRED_AS_OF_HELP)
    bench.add_argument("--workbook", metavar="WB", type=Path,
                       help="add the pooled rows to this master workbook's Benchmarks sheet")
    bench.set_defaults(handler=deferred("ratecalc_cli.market_rates", "run_benchmark"))
