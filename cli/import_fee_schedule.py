"""``ratecalc import fee-schedule FILE --payer NAME --workbook WB``: a payer's fee schedule in.

Reads the payer's file (CSV or XLSX as payers send them: title rows, ``CPT/HCPCS``, ``Mod``,
``Allowable``, ``$1,234.50``...), reports columns it could not map and rows it could not read
(with their row numbers), and appends the rows to the workbook's Fee Schedules sheet without
duplicating rows already there; a row the workbook has at another amount is a bad row (the
workbook's row is kept). With errors nothing is written unless ``--skip-bad-rows``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ratecalc.errors import InputError, Problem, listed_problems
from ratecalc.input_paths import WORKBOOK_FILE, table_file
from ratecalc.limits import MAX_FEE_SCHEDULE_PROBLEMS_LISTED
from ratecalc.regular_files import MISSING, not_a_file, refusal
from ratecalc.shown_text import one_line
from ratecalc_cli.arguments import iso_date
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json


def register(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "fee-schedule", help="a payer's fee schedule (CSV/XLSX) into the workbook",
        description="Read a payer's fee-schedule export and append it to the workbook's Fee "
        "Schedules sheet. Rows already there are skipped, never changed (one it has at "
        "another amount is a bad row of the file). Exit status: 0 "
        "imported; 1 the file has bad rows (nothing imported, or with --skip-bad-rows the good "
        "rows imported and the bad ones skipped); 3 the file or workbook cannot be read.")
    parser.add_argument("file", type=Path, metavar="FILE", help="the payer's file (.csv or .xlsx)")
    parser.add_argument("--payer", required=True, metavar="NAME",
                        help="the payer, as on Payers & Contracts")
    parser.add_argument("--workbook", type=Path, required=True, metavar="WB",
                        help="the master workbook")
    parser.add_argument("--effective-date", type=iso_date, metavar="YYYY-MM-DD",
                        help="for rows without an effective date of their own")
    parser.add_argument("--sheet", help="the sheet of an .xlsx file (default: the visible "
                        "sheet holding the schedule; of several, the one the workbook opens on, "
                        "else the first; a hidden sheet only when named here)")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="import the good rows even when some rows have errors; the bad "
                        "rows are listed and skipped, and the command ends with exit status 1 "
                        "(done, but the input had problems), so a script notices")
    parser.add_argument("--new-payer", action="store_true",
                        help="the payer is new: add it to Payers & Contracts (otherwise a payer "
                        "the workbook does not list is refused)")
    parser.add_argument("--json", action="store_true", help="print what was done as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # before openpyxl and pandas load (the work's first check): a typo is answered at once
    if (what := not_a_file(args.workbook)) == MISSING:
        raise InputError(refusal(f"'{args.workbook}'", MISSING, "an Excel workbook (.xlsx); "
                                 f"create one with: ratecalc workbook new {args.workbook}"))
    if what is not None:
        raise InputError(WORKBOOK_FILE.refusal(args.workbook, what))
    # the payer's file next, in the table reader's words: it was refused only after the
    # workbook had been read (0.4 s of CPU), and after any other problem found there
    if (refused := table_file(args.file).first_refused([args.file])) is not None:
        raise InputError(refused)
    from ratecalc_workbook.fee_schedule_import import import_fee_schedule

    result = import_fee_schedule(args.workbook, args.file, args.payer,
                                 effective_date=args.effective_date, sheet=args.sheet,
                                 skip_bad_rows=args.skip_bad_rows, new_payer=args.new_payer)
    errors = result.read.errors
    appended = result.appended
    if args.json:
        print_json({
            "file": str(args.file), "sheet": result.read.sheet, "workbook": str(args.workbook),
            "payer": result.payer,
            "rows_read": len(result.read.rows),
            "appended": appended.appended if appended else 0,
            "duplicates": appended.duplicates if appended else 0,
            "backup": str(appended.backup) if appended and appended.backup else None,
            "columns": result.read.mapped, "unmapped_columns": list(result.read.unmapped),
            "problems": [p.as_dict() for p in result.problems],
        })
    else:
        shown, rest = listed_problems(list(result.problems), MAX_FEE_SCHEDULE_PROBLEMS_LISTED)
        for problem in shown:
            print(f"{problem.severity}: {problem.message}", file=sys.stderr)
        if rest is not None:
            print(f"{rest} (--json lists every one)", file=sys.stderr)
        from ratecalc_workbook.layout import FEE_SCHEDULES_TABLE

        # each of the file's headers and the Fee Schedules column it fills, as the sheet heads it
        # (a header typed over two lines, "Allowed" Alt+Enter "Amount", broke the line in two)
        mapped = ", ".join(f"{one_line(src)} -> {FEE_SCHEDULES_TABLE.spec(name).header}"
                           for name, src in result.read.mapped.items())
        read_from = f" (sheet '{one_line(result.read.sheet)}')" if result.read.sheet else ""
        print(f"Columns{read_from}: {mapped}")
        if appended is None:
            why = nothing_imported_words(errors, args.skip_bad_rows)
            print(f"Nothing imported into {args.workbook}: {why}.", file=sys.stderr)
        else:
            then = (f"Run 'ratecalc refresh {args.workbook}' to update the analysis."
                    if appended.appended else "The analysis is unchanged.")
            print(f"Added {appended.appended} row(s) for {one_line(result.payer)} to the Fee "
                  f"Schedules sheet of {args.workbook} ({appended.duplicates} already "
                  f"there). {then}")
            if errors:
                print(f"{rows_with_errors(errors)} bad row(s) skipped, each named in an error "
                      f"line (exit status 1: done, but the input had problems).")
    return ExitCode.OK if appended is not None and not errors else ExitCode.FAILED


def rows_with_errors(errors: list[Problem]) -> int:
    """How many of the file's rows the errors are in: a row is counted once however many of its
    cells are bad (a totals row's 'Total' code and its sum were counted as two rows)."""
    return len({(e.location.file, e.location.sheet, e.location.row)
                for e in errors if e.location.row is not None})


def nothing_imported_words(errors: list[Problem], skipped: bool) -> str:
    """Why nothing was imported, and what helps: ``--skip-bad-rows`` skips rows only, so it is
    offered only when every error is a row's (not for a missing effective-date column)."""
    if not errors:
        return "no fee lines found"
    rows = rows_with_errors(errors)
    whole = sum(e.location.row is None for e in errors)
    if whole:
        said = f"{whole} error(s) of the whole file" + (f" and {rows} row(s) with errors"
                                                         if rows else "")
        return f"{said} (fix them: --skip-bad-rows skips bad rows only)"
    if skipped:  # every row bad: nothing good was left to import
        return f"{rows} row(s) with errors and none without"
    return f"{rows} row(s) with errors (fix them, or use --skip-bad-rows)"
