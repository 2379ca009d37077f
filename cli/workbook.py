"""``ratecalc workbook new PATH [--demo]``: create the master negotiation workbook."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from ratecalc_cli.arguments import DEMO_TODAY_HELP, demo_today, iso_date
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "workbook", help="create the master negotiation workbook",
        description="The master workbook holds the clinic's inputs (clinic, payers and "
        "contracts, fee schedules, volumes, benchmarks, settings) and the analysis sheets that "
        "'ratecalc refresh' or the ribbon's Refresh button fill in.")
    actions = parser.add_subparsers(dest="workbook_action", required=True, metavar="ACTION")
    new = actions.add_parser(
        "new", help="write a new workbook",
        description="Write a new master workbook. With --demo its input sheets hold the "
        "built-in fictional clinic and it is refreshed, so every sheet shows results.")
    new.add_argument("path", type=Path, help="the workbook to create (.xlsx); never overwritten")
    new.add_argument("--demo", action="store_true",
                     help="fill it with the demo clinic and refresh it")
    new.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help=DEMO_TODAY_HELP)
    new.add_argument("--json", action="store_true", help="print what was written as JSON")
    new.set_defaults(handler=run_new)


def run_new(args: argparse.Namespace) -> int:
    from ratecalc_workbook.builder import new_workbook
    from ratecalc_workbook.refresh import refresh_workbook

    data = None
    if args.demo:
        from ratecalc.demo import demo_data

        data = demo_data(demo_today(args))
    path = new_workbook(args.path, data)
    result = refresh_workbook(path, now=datetime.now()) if args.demo else None
    if args.json:
        print_json({"workbook": str(path), "demo": bool(args.demo),
                    "refresh": result.as_dict() if result else None})
    else:
        print(f"Wrote {path}" + (" (demo clinic, refreshed)" if result else ""))
        if not args.demo:
            print("Fill in the Clinic, Payers & Contracts, Fee Schedules, Volumes, Benchmarks "
                  f"and Settings sheets, then run: ratecalc refresh {path}")
    return ExitCode.OK
