"""The arguments of ``ratecalc exit-impact``.

Its work, :mod:`ratecalc_cli.exit_impact`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse

from ratecalc.limits import COST_PER_VISIT, RANGES
from ratecalc_cli.arguments import (
    NOTICE_DAYS,
    RAMP_MONTHS,
    RENEWAL_MONTHS,
    VISITS_PER_YEAR,
    add_data_arguments,
    amount,
    in_range,
)
from ratecalc_cli.main import deferred


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "exit-impact",
        help="net revenue effect of leaving a payer, against its final offer",
        description="Revenue at risk if the clinic leaves a payer, what retained patients and "
        "backfilled capacity recover, and the net effect over 12 and 24 months. Shares are "
        "fractions (0.2 = 20%); money is USD. Retention, collection, backfill, ramp and admin "
        "savings default to the workbook's Exit assumptions (Settings sheet) with --payer and "
        "--data WORKBOOK, else to 0 (the worst case).",
    )
    p.add_argument("--annual-visits", type=VISITS_PER_YEAR, metavar="N",
                   help="visits a year from the payer")
    p.add_argument("--rate-per-visit", type=amount, metavar="AMOUNT",
                   help="what the payer pays per visit now")
    p.add_argument("--payer", help="payer-level form: visits and rates from the clinic's tables")
    add_data_arguments(p)
    p.add_argument("--retention", type=in_range(RANGES["retention"]), metavar="FRACTION",
                   help="share of the payer's visits kept out-of-network or as self-pay")
    p.add_argument("--retained-collection", type=in_range(RANGES["retained_collection"]),
                   metavar="FRACTION",
                   help="share of the rate collected on a retained visit")
    p.add_argument("--backfill", type=in_range(RANGES["backfill"]), metavar="FRACTION",
                   help="share of the freed capacity refilled by other payers")
    p.add_argument("--backfill-rate", type=amount, metavar="AMOUNT",
                   help="other payers' average payment per visit (payer form: from the tables)")
    p.add_argument("--ramp-months", type=RAMP_MONTHS, metavar="N",
                   help="months until the backfill is complete (linear ramp)")
    p.add_argument("--admin-savings", type=amount, metavar="AMOUNT",
                   help="admin cost of the contract saved, USD a year")
    p.add_argument("--offer-rate", type=amount, metavar="AMOUNT",
                   help="the payer's final offer per visit, to compare with leaving")
    p.add_argument("--cost-per-visit", type=in_range(COST_PER_VISIT), metavar="AMOUNT",
                   help="cost per visit for the walk-away check (payer form: from metrics)")
    p.add_argument("--margin", type=in_range(RANGES["walk_away_margin"]), metavar="FRACTION",
                   help="margin over cost the floor keeps (default 0.10, or the settings')")
    p.add_argument("--end", metavar="YYYY-MM-DD", help="contract end date, for the notice date")
    p.add_argument("--notice-days", type=NOTICE_DAYS, metavar="N",
                   help="days of notice the contract requires (default 90, or the contract's)")
    p.add_argument("--auto-renew", action="store_true",
                   help="with --end: the contract renews unless notice is given")
    p.add_argument("--renewal-months", type=RENEWAL_MONTHS, metavar="N",
                   help="with --auto-renew: months each renewed term lasts (default 12)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="with --end: the day notice would be given (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=deferred("ratecalc_cli.exit_impact", "run"))
