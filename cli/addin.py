"""``ratecalc addin``: build the Excel add-in, or install it for the current user.

ratecalc addin build --out DIR          # writes DIR/RateCalc.xlam (any platform)
ratecalc addin install [--dir DIR] [--interpreter PYTHON]   # Windows and macOS
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "addin",
        help="build or install the Excel add-in (RateCalc.xlam)",
        description="The Excel add-in: worksheet functions (RATEGAP, MEDICARE_RATE...) and the "
        "RateCalc ribbon tab, running this Python through xlwings.",
    )
    actions = parser.add_subparsers(dest="addin_action", required=True, metavar="ACTION")
    build = actions.add_parser(
        "build", help="write RateCalc.xlam into a folder",
        description="Write the Excel add-in RateCalc.xlam (its worksheet functions and ribbon "
        "tab) into DIR, on any platform; 'ratecalc addin install' puts it where Excel loads it.")
    build.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for RateCalc.xlam (created if missing)",
    )
    build.add_argument("--json", action="store_true", help="print JSON")
    build.set_defaults(handler=run_build)
    inst = actions.add_parser(
        "install",
        help="install the add-in into Excel's startup folder (Windows, macOS)",
        description="Builds RateCalc.xlam into Excel's startup folder and records this Python "
        "as the add-in's interpreter. Quit Excel first; it loads the add-in when it starts.",
    )
    inst.add_argument(
        "--dir", type=Path, metavar="DIR", help="another folder Excel opens at startup"
    )
    inst.add_argument(
        "--interpreter", metavar="PYTHON", help="the Python Excel should run (default: this one)"
    )
    inst.add_argument("--json", action="store_true", help="print JSON")
    inst.set_defaults(handler=run_install)


# The add-in modules import xlwings; they load only when an addin command runs, so that other
# commands start fast.


def run_build(args: argparse.Namespace) -> int:
    from ratecalc_addin.build_xlam import build_xlam

    path = build_xlam(args.out)
    if args.json:
        print_json({"addin": str(path)})
    else:
        print(f"Wrote {path}")
    return ExitCode.OK


def run_install(args: argparse.Namespace) -> int:
    from ratecalc_addin.install import ExcelNotAvailable, install

    try:
        done = install(interpreter=args.interpreter, addin_dir=args.dir)
    except ExcelNotAvailable as exc:
        print(f"ratecalc addin install: {exc}", file=sys.stderr)
        return ExitCode.FAILED
    if args.json:
        print_json(
            {
                "addin": str(done.addin),
                "config_file": str(done.config_file),
                "interpreter": done.interpreter,
                "applescript": None if done.applescript is None else str(done.applescript),
            }
        )
        return ExitCode.OK
    print(f"Installed {done.addin}")
    print(f"Excel will run {done.interpreter} (set in {done.config_file})")
    if done.applescript is not None:
        print(f"Enabled RunPython for Excel on macOS ({done.applescript})")
    print("Start Excel (quit it first if it is running): the RateCalc tab appears on the ribbon.")
    return ExitCode.OK
