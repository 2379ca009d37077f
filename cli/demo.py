"""``ratecalc demo``: the whole analysis on the built-in fictional clinic."""

from __future__ import annotations

import argparse
from pathlib import Path

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_cli.analyze import present
from ratecalc_cli.main import ExitCode


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "demo", help="run the whole analysis on the built-in demo clinic",
        description="Run the analysis on a fictional clinic shipped with RateCalc and write "
        "the results to --out: tables as CSV, summary.json, the proposal letter and "
        "negotiation.xlsx (the master workbook with the demo clinic, refreshed).")
    p.add_argument("--out", type=Path, default=Path("ratecalc-demo"),
                   help="folder for the results (default: ./ratecalc-demo)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    analysis = analyze(demo_data())
    present(analysis, args.out, as_json=args.json)
    if analysis.top_payer:  # the proposal letter to the payer to negotiate with first
        from ratecalc_letter import write_letter

        letter = write_letter(analysis, analysis.top_payer, args.out)
        if not args.json:
            print(f"Wrote the proposal letter to {analysis.top_payer}: {letter}")
    workbook = write_demo_workbook(args.out)
    if not args.json:
        print(f"Wrote the demo workbook, refreshed: {workbook}")
    return ExitCode.OK


def write_demo_workbook(folder: Path) -> Path:
    """``folder/negotiation.xlsx``: the master workbook with the demo clinic, refreshed. A
    previous one is moved to the backups folder first."""
    from datetime import datetime

    from ratecalc_workbook.builder import new_workbook
    from ratecalc_workbook.refresh import refresh_workbook
    from ratecalc_workbook.safety import backup, check_not_open

    path = folder / "negotiation.xlsx"
    now = datetime.now()
    if path.exists():
        check_not_open(path)
        backup(path, now)
    new_workbook(path, demo_data(), overwrite=True)
    refresh_workbook(path, now=now)
    return path
