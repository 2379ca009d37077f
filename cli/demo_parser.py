"""The arguments of ``ratecalc demo``.

Its work, :mod:`ratecalc_cli.demo`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ratecalc_cli.arguments import iso_date
from ratecalc_cli.main import deferred


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "demo", help="run the whole analysis on the built-in demo clinic",
        description="Run the analysis on a fictional clinic shipped with RateCalc and write "
        "the results to --out: tables as CSV, summary.json, the renewal calendar renewals.ics, "
        "the proposal letter and negotiation.xlsx (the master workbook with the demo clinic, "
        "refreshed).")
    p.add_argument("--out", type=Path, metavar="DIR", default=Path("ratecalc-demo"),
                   help="folder for the results (default: ./ratecalc-demo)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                   help="tell the demo's story as of this date (default: today); its contract "
                   "and Medicare dates move with it")
    p.set_defaults(handler=deferred("ratecalc_cli.demo", "run"))
