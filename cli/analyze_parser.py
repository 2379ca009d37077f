"""The arguments of ``ratecalc analyze``.

Its work, :mod:`ratecalc_cli.analyze`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ratecalc.input_paths import TABLES
from ratecalc_cli.main import deferred


def _missing(args: argparse.Namespace) -> str | None:
    from ratecalc.output_kinds import check_folder

    check_folder(args.out)  # the work refuses a file named as --out first
    return TABLES.first_refused([args.data], folders=True)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "analyze", help="analyze the clinic's own tables (a folder of CSV/XLSX or a workbook)",
        description="Validate the clinic's tables and run the analysis. DATA is a folder with "
        "clinic.csv, payers.csv, contracts.csv, fee_schedules.csv, volumes.csv, "
        "benchmarks.csv, metrics.csv, settings.csv (or .xlsx), or one workbook with a sheet per "
        "table. Writes to --out the result tables as CSV, summary.json and, where contracts are "
        "on file, the renewal calendar renewals.ics. Every problem is listed with its file, "
        "sheet, row and column; nothing is written when the input has errors.")
    p.add_argument("data", type=Path, metavar="DATA", help="folder of tables, or a workbook")
    p.add_argument("--out", type=Path, metavar="DIR", default=Path("ratecalc-results"),
                   help="folder for the results (default: ./ratecalc-results)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=deferred("ratecalc_cli.analyze", "run", _missing))
