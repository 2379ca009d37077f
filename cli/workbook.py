"""``ratecalc workbook new PATH [--demo | --from DATA]``: create the master negotiation workbook;
``ratecalc workbook export WB DIR``: write its tables back out as CSV files;
``ratecalc workbook upgrade WB``: add the optional columns and Settings rows an earlier RateCalc's
workbook lacks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ratecalc.errors import InputError, Problem
from ratecalc.input_paths import TABLES, WORKBOOK_FILE
from ratecalc_cli.arguments import DEMO_TODAY_HELP, iso_date
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "workbook", help="create, export or upgrade the master negotiation workbook",
        description="The master workbook holds the clinic's inputs (clinic, payers and "
        "contracts, fee schedules, volumes, benchmarks, settings) and the analysis sheets that "
        "'ratecalc refresh' or the ribbon's Refresh button fill in.")
    actions = parser.add_subparsers(dest="workbook_action", required=True, metavar="ACTION")
    new = actions.add_parser(
        "new", help="write a new workbook",
        description="Write a new master workbook. With --demo its input sheets hold the "
        "built-in fictional clinic and it is refreshed, so every sheet shows results.")
    new.add_argument("path", type=Path, metavar="PATH",
                     help="the workbook to create (.xlsx); never overwritten")
    source = new.add_mutually_exclusive_group()
    source.add_argument("--demo", action="store_true",
                        help="fill it with the demo clinic and refresh it")
    source.add_argument("--from", dest="source", type=Path, metavar="DATA",
                        help="fill it with the clinic's eight tables (and exit assumptions) "
                        "from DATA, a folder of CSV/XLSX files or a workbook with a sheet per "
                        "table (as 'ratecalc analyze' reads them), and refresh it; nothing is "
                        "written when the tables have errors")
    new.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help=DEMO_TODAY_HELP)
    new.add_argument("--json", action="store_true", help="print what was written as JSON")
    new.set_defaults(handler=run_new)
    export = actions.add_parser(
        "export", help="write the workbook's tables as CSV files",
        description="Write the clinic's eight tables (clinic, payers, contracts, fee schedules, "
        "volumes, benchmarks, metrics, settings) and its exit assumptions (exit_assumptions.csv) "
        "from the workbook's input sheets into DIR as "
        "the CSV files 'ratecalc analyze' and 'workbook new --from' read. The tables are "
        "checked first; nothing is written when they have errors.")
    export.add_argument("workbook", type=Path, metavar="WB", help="the master workbook (.xlsx)")
    export.add_argument("folder", type=Path, metavar="DIR",
                        help="folder for the CSV files (created if missing)")
    export.add_argument("--overwrite", action="store_true",
                        help="replace table files already in DIR")
    export.add_argument("--json", action="store_true", help="print what was written as JSON")
    export.set_defaults(handler=run_export)
    upgrade = actions.add_parser(
        "upgrade", help="add the columns and Settings rows a workbook from an earlier RateCalc "
        "lacks",
        description="Add to a master workbook made by an earlier RateCalc the optional columns "
        "(e.g. Payers & Contracts' 'Renewal months') and Settings rows added since, as a new "
        "workbook has them: headers, formats and drop-down lists, to the right of each table, "
        "and the Settings rows with their help. Nothing typed is changed; a backup is kept "
        "first. A workbook with nothing missing is left as it is. Until then every command "
        "reads each missing part as blank (its default).")
    upgrade.add_argument("workbook", type=Path, metavar="WB", help="the master workbook (.xlsx)")
    upgrade.add_argument("--json", action="store_true", help="print what was added as JSON")
    upgrade.set_defaults(handler=run_upgrade)


def run_new(args: argparse.Namespace) -> int:
    from ratecalc.output_kinds import refuse_file_above

    refuse_file_above(args.path, "the workbook")  # the system's "File exists" came after the work
    # a --from DATA that does not exist, refused in load_tables' words before openpyxl and
    # pandas load; with --today, the work says first that --today needs --demo
    if args.source is not None and args.today is None and (
            refused := TABLES.first_refused([args.source], folders=True)) is not None:
        raise InputError(refused)
    from ratecalc_cli.data_source import refuse_today_without_demo
    from ratecalc_workbook.builder import new_workbook
    from ratecalc_workbook.refresh import new_refreshed_workbook

    refuse_today_without_demo(args)
    data = None
    read_warnings: list[Problem] = []  # on the new workbook's Problems sheet too
    if args.demo:
        from ratecalc_cli.data_source import demo_clinic

        data = demo_clinic(args)
    elif args.source is not None:
        from ratecalc_cli.data_source import load_tables

        # raises, listing every error, before anything is written
        data = load_tables(args.source, warnings=read_warnings)
    from ratecalc_workbook.safety import changing

    with changing(args.path):  # written and refreshed before another command may change it
        if data is None:
            path, result = new_workbook(args.path), None
        else:  # refreshed at once; the file is new, so no backup of it is kept
            result = new_refreshed_workbook(args.path, data, read_problems=read_warnings)
            path = result.path
    if args.json:
        print_json({"workbook": str(path), "demo": bool(args.demo),
                    "from": None if args.source is None else str(args.source),
                    "refresh": result.as_dict() if result else None})
    else:
        what = " (demo clinic, refreshed)" if args.demo else (
            f" (tables from {args.source}, refreshed)" if result else "")
        print(f"Wrote {path}{what}")
        # as `ratecalc refresh` says them; the tables' warnings, listed first, were said as
        # they were read
        for problem in result.problems[len(read_warnings):] if result else ():
            print(f"{problem.severity}: {problem.message}", file=sys.stderr)
        if data is None:
            print("Fill in the Clinic, Payers & Contracts, Fee Schedules, Volumes, Benchmarks "
                  f"and Settings sheets, then run: ratecalc refresh {path}")
    return ExitCode.OK


def refuse_missing_workbook(path: Path) -> None:
    """Refuse a workbook to read that does not exist before openpyxl loads, in the reader's
    own words (:data:`ratecalc.input_paths.WORKBOOK_FILE`)."""
    if (refused := WORKBOOK_FILE.first_refused([path])) is not None:
        raise InputError(refused)


def run_export(args: argparse.Namespace) -> int:
    from ratecalc.output_kinds import check_folder

    check_folder(args.folder, "the tables")  # as write_clinic_tables does, before the read
    refuse_missing_workbook(args.workbook)
    from ratecalc.loaders import FILE_NAMES, require
    from ratecalc.table_export import write_clinic_tables
    from ratecalc_workbook.reader import read_workbook

    data = require(read_workbook(args.workbook))
    written = write_clinic_tables(data, args.folder, overwrite=args.overwrite)
    if args.json:
        print_json({"workbook": str(args.workbook), "files": [str(p) for p in written]})
    else:
        # the docs count eight tables with the exit assumptions beside them, not a ninth table
        beside_name = f"{FILE_NAMES['exit_assumptions'][0]}.csv"
        tables = [p for p in written if p.name != beside_name]
        beside = f" and {beside_name}" if len(tables) < len(written) else ""
        print(f"Wrote {len(tables)} tables{beside} to {args.folder}/")
    return ExitCode.OK


def run_upgrade(args: argparse.Namespace) -> int:
    refuse_missing_workbook(args.workbook)
    from ratecalc_workbook.upgrade import upgrade_workbook

    result = upgrade_workbook(args.workbook)
    if args.json:
        print_json(result.as_dict())
    else:
        if result.added:
            print(f"Upgraded {args.workbook}: added")
            for part in result.added:
                print(f"  {part}")
            print(f"Backup: {result.backup}")
        elif result.not_added:
            # not up to date: what is missing is still missing, and the user must act first
            print(f"{args.workbook}: nothing added; {len(result.not_added)} missing part(s) "
                  f"could not be added (each warning below says what to do first, then run "
                  f"this again).")
        else:
            print(f"{args.workbook} is up to date: nothing added.")
        for problem in (*result.not_added, *result.problems):
            print(f"{problem.severity}: {problem.message}", file=sys.stderr)
    return ExitCode.OK
