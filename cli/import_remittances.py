"""``ratecalc import remittances``: what payers actually paid, from X12 835 files.

    ratecalc import remittances FILE|DIR ... [--out LINES.csv] [--json] [--include-patient-data]

Prints the summary per payer and code and per payer (``--json``: an object of two arrays,
``codes`` and ``payers``, each figure rounded by its unit as the CSV files write it); problems
go to stderr, one per line. ``--out`` writes one row per service line, with the PLB provider
adjustments and every CAS adjustment in sibling files. The exit code is 1 when a file had errors
(the rest of it is still imported and written). An import that did not succeed (a file refused
whole: empty, not X12, over the reader's limits; or no 835 transaction at all) writes nothing:
neither ``--out`` nor ``--workbook``, so the previous run's files stay as they were.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from ratecalc.atomic import writing_together
from ratecalc.errors import InputError
from ratecalc.output_kinds import CSV, check_outputs
from ratecalc.remittance import (
    Remittances,
    import_remittances,
    summarize_codes,
    summarize_payers,
)
from ratecalc.remittance.importer import remittance_files
from ratecalc.remittance.paid_rates import paid_rates, rate_in_force
from ratecalc.remittance.summary import (
    CODE_SUMMARY_HEADERS,
    CODE_SUMMARY_UNITS,
    PAYER_SUMMARY_HEADERS,
    PAYER_SUMMARY_UNITS,
)
from ratecalc.remittance.tables import (
    ADJUSTMENT_UNITS,
    LINE_UNITS,
    PROVIDER_ADJUSTMENT_UNITS,
    shareable,
)
from ratecalc.table_rounding import csv_table, presentable
from ratecalc_cli.arguments import refuse_overwriting_inputs
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json, print_table, report_workbook_import, write_csv


def run(args: argparse.Namespace) -> int:
    if args.out:
        read = [*remittance_files(args.paths), args.workbook]
        refuse_overwriting_inputs([("--out", p) for p in output_paths(Path(args.out))], read)
        check_outputs([(p, CSV) for p in output_paths(Path(args.out))])
    result = import_remittances(args.paths, include_patient_data=args.include_patient_data)
    codes = summarize_codes(result.lines)
    if args.out and result.succeeded:
        write_outputs(result, Path(args.out), include_patient_data=args.include_patient_data)
    if args.workbook and result.succeeded:
        from ratecalc.remittance import canonical_tables
        from ratecalc_workbook.imports import write_tables

        source = ", ".join(Path(p).name for p in args.paths)
        report_workbook_import(write_tables(args.workbook, canonical_tables(result),
                                            source=source, payer=args.payer,
                                            new_payer=args.new_payer), args.workbook)
    payers = summarize_payers(result.claims, result.provider_adjustments)
    if args.json:
        # both tables, each column rounded by its unit as the CSV files write it: the payer
        # table's rates and days were missing, and a denial rate read 0.3333333333333333
        print_json({"codes": presentable(codes, CODE_SUMMARY_UNITS, "codes"),
                    "payers": presentable(payers, PAYER_SUMMARY_UNITS, "payers")})
    else:
        print(counts_line(result, payers))
        if len(result.lines) or len(result.claims):
            if codes.empty and len(result.lines):
                # a bare "(no rows)" above a payer row counting a claim: say which lines count
                print("No code summarised: a line counts when it has a code, its claim was "
                      "submitted for payment, and it is neither a reversal nor reversed; "
                      "none of these lines is")
            print_table(codes, CODE_SUMMARY_UNITS, CODE_SUMMARY_HEADERS)
            print()
            print_table(payers, PAYER_SUMMARY_UNITS, PAYER_SUMMARY_HEADERS)
    for problem in result.problems:
        print(f"{problem.severity}: {problem.message}", file=sys.stderr)
    if not result.succeeded and (args.out or args.workbook):
        kept = [p for p in output_paths(Path(args.out)) if p.exists()] if args.out else []
        kept += [args.workbook] if args.workbook else []
        print(f"nothing written: {not_written(result)}"
              + (f"; {', '.join(str(p) for p in kept)} left as "
                 + ("they were" if len(kept) > 1 else "it was") if kept else ""),
              file=sys.stderr)
    if result.not_imported:  # a file that cannot be read at all: bad input data, as elsewhere
        return ExitCode.INPUT_ERROR
    return ExitCode.FAILED if result.errors else ExitCode.OK


def counts_line(result: Remittances, payers: pd.DataFrame) -> str:
    """The first line printed: the claims and service lines the payer table below counts (a
    claim reversed and adjudicated again once: :func:`ratecalc.remittance.counted_claims`),
    and, where the files hold more records, how many (it said 9 claims above a table of 4)."""
    claims, lines = int(payers["claims"].sum()), int(payers["lines"].sum())
    said = f"{len(result.files)} file(s), {claims} claims, {lines} service lines"
    # a claim paid without service lines has a row of line number 0, not an SVC of the file
    in_files = int((result.lines["line_number"] > 0).sum())
    if (claims, lines) == (len(result.claims), in_files):
        return said
    return (f"{said} (of {len(result.claims)} claim records and {in_files} service "
            f"lines in the files: a claim reversed and adjudicated again counts once, as "
            f"corrected, and a reversal or a predetermination is no claim)")


def not_written(result: Remittances) -> str:
    """Why a failed import wrote nothing, naming the files refused whole."""
    if result.not_imported:
        names = ", ".join(f"'{name}'" for name in result.not_imported)
        return f"{names} could not be imported (fix or leave out, then run again)"
    return "no 835 transaction was read"


def write_outputs(result: Remittances, lines_path: Path, *,
                  include_patient_data: bool = False) -> list[Path]:
    """Write the line table and, beside it, the PLB and adjustment tables, each atomically;
    the clinic's claim id (CLP01), a PLB's reference, which may hold it, and a line's control
    number (REF*6R) only with ``include_patient_data``
    (:func:`ratecalc.remittance.tables.shareable`).

    Returns
    -------
    list of Path
        The files written.
    """
    # each line with the rate paid in force on its day, as the summary and a workbook get it
    lines = result.lines.assign(rate_in_force=rate_in_force(paid_rates(result.lines),
                                                            result.lines))
    targets = list(zip(output_paths(lines_path), (
        (shareable(lines, include_patient_data), LINE_UNITS, "lines"),
        (shareable(result.provider_adjustments, include_patient_data),
         PROVIDER_ADJUSTMENT_UNITS, "provider_adjustments"),
        (shareable(result.adjustments, include_patient_data), ADJUSTMENT_UNITS,
         "adjustments")), strict=True))
    if not lines_path.parent.is_dir():
        raise InputError(f"--out '{lines_path}': folder '{lines_path.parent}' does not exist")
    with writing_together([(path, CSV) for path, _ in targets]):
        for path, (frame, units, name) in targets:
            write_csv(csv_table(frame, units, name), path)
    return [path for path, _ in targets]


def output_paths(lines_path: Path) -> list[Path]:
    """The files ``--out LINES.csv`` writes: the lines, the PLB and the CAS adjustments."""
    stem = lines_path.with_suffix("")
    suffix = lines_path.suffix or ".csv"
    return [lines_path, Path(f"{stem}_provider_adjustments{suffix}"),
            Path(f"{stem}_adjustments{suffix}")]
