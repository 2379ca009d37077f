"""The arguments of ``ratecalc import remittances``.

Its work, :mod:`ratecalc_cli.import_remittances`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ratecalc.input_paths import REMITTANCES
from ratecalc_cli.main import deferred


def register(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "remittances",
        help="X12 835 remittances: rates actually paid, denials, days to payment",
        description="Import X12 835 remittance files (or every file in DIRs). Prints what each "
        "payer allowed per unit for each code, and each payer's clean-claim rate, denial rate "
        "and days to payment. Patient names, member ids and the clinic's claim ids are left out "
        "unless asked for.",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE|DIR", help="835 files or folders")
    parser.add_argument(
        "--out", metavar="LINES.csv",
        help="write one row per service line; PLB provider adjustments go to "
        "LINES_provider_adjustments.csv and every CAS adjustment to LINES_adjustments.csv",
    )
    parser.add_argument("--json", action="store_true",
                        help="print the summaries as JSON: 'codes', per payer and code, and "
                        "'payers', each payer's claims, rates and days to payment")
    parser.add_argument("--workbook", metavar="WB", type=Path,
                        help="also add the rates paid (Fee Schedules) and claim metrics "
                        "(Clinic Metrics) to this master workbook; rows already there are kept")
    parser.add_argument("--payer", metavar="NAME",
                        help="with --workbook: the workbook's name for the payer of these files")
    parser.add_argument("--new-payer", action="store_true",
                        help="with --workbook: the payer is new; add it to Payers & Contracts "
                        "(otherwise a payer the workbook does not list is refused)")
    parser.add_argument("--include-patient-data", action="store_true",
                        help="keep patient names, member ids, the clinic's claim ids (CLP01, "
                        "often an account number) and line control numbers (REF*6R) in the "
                        "--out files, and quote them in problem messages")
    parser.set_defaults(handler=deferred(
        "ratecalc_cli.import_remittances", "run",
        lambda args: REMITTANCES.first_refused([Path(p) for p in args.paths], folders=True)))
