"""The arguments of ``ratecalc timeline``.

Its work, :mod:`ratecalc_cli.timeline`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse

from ratecalc_cli.arguments import (
    FOLLOW_UP_DAYS,
    LEAD_MONTHS,
    NOTICE_DAYS,
    RENEWAL_MONTHS,
    add_data_arguments,
)
from ratecalc_cli.main import deferred


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "timeline",
        help="renewal timeline: prepare, propose, follow up, decide, notice deadline (.ics)",
        description="Key renewal dates from a contract's end date; with --data/--demo, a "
        "calendar of every contract, most urgent first (what is due or overdue first: notice "
        "deadline passed, decide now, negotiate now, prepare now, upcoming; then the nearer "
        "notice deadline; then dollars at stake per day left before it). Business days skip "
        "weekends and US federal holidays.",
    )
    p.add_argument("--end", metavar="YYYY-MM-DD", help="contract end date (one-contract form)")
    p.add_argument("--payer", default="", help="name shown in the calendar events")
    p.add_argument("--sent", metavar="YYYY-MM-DD",
                   help="with --end: the day the proposal went to the payer, on or before "
                   "--as-of; follow-ups are counted from it (a day before this term began "
                   "answered an earlier renewal: follow-ups then wait for this term's send). "
                   "Without it the follow-ups are the plan's, from 'send the proposal' "
                   "(data form: the Negotiation Log's sent rows)")
    add_data_arguments(p)
    p.add_argument("--auto-renew", action="store_true",
                   help="the contract renews unless notice is given (evergreen)")
    p.add_argument("--renewal-months", type=RENEWAL_MONTHS, metavar="N",
                   help="with --end --auto-renew: months each renewed term lasts (default 12; "
                   "data form: the contract's Renewal months)")
    p.add_argument("--notice-days", type=NOTICE_DAYS, metavar="N",
                   help="days of written notice required (default 90, or the contract's)")
    p.add_argument("--lead-months", type=LEAD_MONTHS, metavar="N",
                   help="months before the end to open talks (default 5, or the settings')")
    p.add_argument("--follow-up-days", type=FOLLOW_UP_DAYS, metavar="N",
                   help="business days between follow-ups (default 10, or the settings')")
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="count from this date instead of today (data form: the settings')")
    p.add_argument("--ics", metavar="FILE", help="also write the dates as an iCalendar file")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=deferred("ratecalc_cli.timeline", "run"))
