"""``ratecalc refresh WORKBOOK [--json]``: recompute the workbook's analysis sheets.

The same function as the ribbon's Refresh button: inputs are validated first; with errors only
the Problems sheet changes and the exit code is 1 (3 for a Settings date no Medicare release
covers, as every command refuses it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ratecalc.errors import InputError
from ratecalc.input_paths import WORKBOOK_FILE
from ratecalc.kept_copies import BACKUPS_KEPT
from ratecalc_cli.arguments import whole_number
from ratecalc_cli.main import (
    ExitCode,
    import_first,
    kept_until_exit,
    loading_libraries,
    skip_pyarrow,
)

#: What a refresh works with, imported before RateCalc's modules (:func:`import_first`): numpy
#: first, then pandas and openpyxl, which import it.
REFRESH_LIBRARIES = ("numpy", "pandas", "openpyxl")


def _backups_kept(text: str) -> int:
    """``--keep-backups``: a whole number, 1 or more (the backup just made always stays)."""
    try:
        kept = whole_number(text)  # as every option reads one: "1_0" is no 10
    except argparse.ArgumentTypeError:
        kept = 0
    if kept < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return kept


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "refresh", help="recompute the analysis sheets of a master workbook",
        description="Read the workbook's input sheets, check them, run the analysis and "
        "rewrite the analysis sheets (Dashboard, Priorities, Comparison, Proposal, Totals, "
        "Scenarios, Exit Impact, Timeline, Problems) and the Start sheet's last-refresh lines. "
        "Input sheets, the Negotiation Log, your own sheets, "
        "the 'Your rate' and 'Notes' columns are never changed. A copy of the workbook goes to "
        "the 'RateCalc backups' folder first (the newest 20 are kept, or --keep-backups). "
        "Close the workbook in Excel before running it.")
    parser.add_argument("workbook", type=Path, metavar="WORKBOOK",
                        help="the master workbook (.xlsx)")
    parser.add_argument("--keep-backups", type=_backups_kept, default=BACKUPS_KEPT, metavar="N",
                        help=f"keep the newest N backups of this workbook, the new one among "
                        f"them (default {BACKUPS_KEPT}); older ones RateCalc made are deleted, "
                        f"never another file of the folder")
    parser.add_argument("--json", action="store_true", help="print a summary as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if (refused := WORKBOOK_FILE.first_refused([args.workbook])) is not None:
        raise InputError(refused)  # before pandas and openpyxl load
    skip_pyarrow()  # already done by main(); also when run() is called on its own
    with loading_libraries():  # pandas and openpyxl: 45 ms of collections while importing
        import_first(*REFRESH_LIBRARIES)
        from ratecalc_workbook.refresh import refresh_workbook

    with kept_until_exit():
        result = refresh_workbook(args.workbook, backups_kept=args.keep_backups)
    # a date no Medicare release covers is refused with exit 3, as every command refuses it
    failed = ExitCode.FAILED if result.refused is None else ExitCode.INPUT_ERROR
    if args.json:
        from ratecalc_cli.output import print_json  # only here: a refresh prints no table

        print_json(result.as_dict())
        return ExitCode.OK if result.ok else failed
    for problem in result.problems:
        print(f"{problem.severity}: {problem.message}", file=sys.stderr)
    if not result.ok:
        print(f"{args.workbook}: not refreshed: {len(result.errors)} error(s) in the inputs, "
              f"listed above and on the Problems sheet.", file=sys.stderr)
        return failed
    from ratecalc.money import money_text

    info = result.summary
    print(f"Refreshed {args.workbook}: {info['payers']} payers, {info['codes']} codes, as of "
          f"{info['as_of']}.")
    if info["top_payer"] is not None:
        below = (f"Below market by {money_text(info['dollars_below_market'])} a year"
                 if info.get("dollars_below_market") is not None else "Below market: not known")
        print(f"{below}; negotiate first with {info['top_payer']}.")
    from ratecalc_workbook.layout import empty_lines

    for line in empty_lines(info.get("empty", {})):  # as the sheets say it
        print(line)
    print(f"Backup: {result.backup}")
    return ExitCode.OK
