"""``ratecalc timeline``: renewal dates of a contract, or of every contract, with .ics export.

    ratecalc timeline --end 2026-06-30 [--sent 2026-02-09] [--notice-days 90] [--lead-months 5] \\
        [--auto-renew] [--ics renewal.ics] [--json]
    ratecalc timeline --demo [--ics renewals.ics] [--json]     # all contracts, most urgent first
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from ratecalc import timeline
from ratecalc.analysis import analyze
from ratecalc.column_units import Unit
from ratecalc.errors import NoMedicareDataError, UsageError
from ratecalc.ics import write_ics
from ratecalc.medicare.store import refusal_message
from ratecalc.money import round_cents
from ratecalc.negotiation_log import happened_by
from ratecalc.settings_refusal import check_settings_covered
from ratecalc.shown_text import one_line
from ratecalc_cli.arguments import (
    AUTO_RENEW_HINT,
    optional_date,
    refuse_overwriting_inputs,
)
from ratecalc_cli.data_source import (
    load_data,
    refuse_today_without_demo,
)
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import medicare_warnings, one_line_values, print_json, print_table

#: What the day ``--as-of`` gives is called in a warning of a row dated after it.
AS_OF_WORDS = "the as-of date"

#: The one-contract timeline's table: each step and its date.
STEP_UNITS = {"step": Unit.TEXT, "date": Unit.DATE}
STEP_HEADERS = {"step": "Step", "date": "Date"}


def run(args: argparse.Namespace) -> int:
    refuse_today_without_demo(args)
    as_of = optional_date(args.as_of, "--as-of")
    refuse_overwriting_inputs([("--ics", args.ics)], [args.data])
    if args.ics:
        from ratecalc.output_kinds import CALENDAR, check_output

        check_output(args.ics, CALENDAR)  # before the work: a workbook is never replaced
    if args.end is not None and (args.data or args.demo):
        raise UsageError("give either --end for one contract or --data/--demo for all, not both")
    if args.end is None and not (args.data or args.demo):
        raise UsageError("give --end YYYY-MM-DD for one contract, or --data PATH / --demo for "
                         "every contract")
    if args.renewal_months is not None and not (args.end is not None and args.auto_renew):
        raise UsageError("--renewal-months is the length of the auto-renewed term of the "
                         "contract given with --end: give --auto-renew too (data form: each "
                         "contract's Renewal months)")
    if args.sent is not None and args.end is None:
        raise UsageError("--sent is the day the proposal of the contract given with --end went "
                         "to the payer: give --end too (data form: the Negotiation Log's sent "
                         "rows)")
    if args.end is not None:
        return _one(args, as_of)
    return _all(args, as_of)


def _one(args: argparse.Namespace, as_of: date | None) -> int:
    end = optional_date(args.end, "--end")
    assert end is not None
    sent = optional_date(args.sent, "--sent")
    try:
        t = timeline.renewal_timeline(
            end, auto_renew=args.auto_renew,
            notice_days=90 if args.notice_days is None else args.notice_days,
            lead_months=5 if args.lead_months is None else args.lead_months,
            follow_up_business_days=10 if args.follow_up_days is None else args.follow_up_days,
            as_of=as_of, renewal_term_months=(timeline.RENEWAL_TERM_MONTHS
                                              if args.renewal_months is None
                                              else args.renewal_months),
            # a send given is known, as a log's is: one not of this term leaves the follow-ups
            # waiting for this term's (timeline.follow_ups_wait_for_send)
            proposal_sent=sent, log_kept=sent is not None)
    except timeline.PastEndDate as past:
        raise past.in_words_of("--end", AUTO_RENEW_HINT) from None
    if sent is not None and not happened_by(sent, t.as_of):
        raise UsageError(f"--sent {sent.isoformat()}: after the as-of date "
                         f"{t.as_of.isoformat()}; give the day the proposal went, on or before "
                         f"it (leave --sent out while it has not gone)")
    earlier = timeline.before_this_term_note(t, sent, "the proposal sent (--sent)")
    if earlier:
        t = replace(t, warnings=(*t.warnings, f"{earlier}; no follow-up is dated until this "
                                 f"term's proposal goes (give its day with --sent)"))
    payload: dict[str, Any] = {
        "payer": args.payer or None, "end_date": t.end_date, "auto_renew": t.auto_renew,
        "notice_days": t.notice_days, "as_of": t.as_of, "prepare_start": t.prepare_start,
        "negotiation_start": t.negotiation_start, "follow_ups": list(t.follow_ups),
        "decision_date": t.decision_date, "notice_deadline": t.notice_deadline,
        "days_to_notice": t.days_to_notice, "status": timeline.status_words(t.status),
        "warnings": list(t.warnings),
    }
    if sent is not None:
        payload["proposal_sent"] = t.proposal_sent  # None: not this term's
    following = timeline.next_term_deadline(t)  # this term's deadline passed: the next one
    if following is not None:
        payload["next_term_end"], payload["next_notice_deadline"] = following
    if args.ics:
        written = write_ics(args.ics, timeline.timeline_events(t, args.payer or "Contract"))
        payload["ics"] = str(written)
    if args.json:
        print_json(payload)
        return ExitCode.OK
    rows = [("Start preparing", t.prepare_start), ("Send the proposal", t.negotiation_start)]
    rows += [(f"Follow up #{i}", d) for i, d in enumerate(t.follow_ups, start=1)]
    rows += [("Decide", t.decision_date), ("Notice deadline", t.notice_deadline),
             (timeline.term_end_event(t.auto_renew), t.end_date)]
    if following is not None:
        rows += [("Renewed term's notice deadline", following[1]),
                 (timeline.term_end_event(True), following[0])]
    print_table(pd.DataFrame(rows, columns=["step", "date"]), STEP_UNITS, STEP_HEADERS)
    print(f"Status as of {t.as_of.isoformat()}: "
          f"{timeline.status_line(t.status, t.days_to_notice)}.")
    for warning in one_line_values(t.warnings):  # on stderr, as every command warns
        print(f"warning: {warning}", file=sys.stderr)
    if args.ics:
        print(f"Calendar written to {payload['ics']}")
    return ExitCode.OK


def _all(args: argparse.Namespace, as_of: date | None) -> int:
    # a Negotiation Log row is judged future against the day the calendar is told as of, the
    # one that counts the rows (the warnings named the analysis date beside --as-of's calendar)
    data = load_data(args, as_of, AS_OF_WORDS)
    settings = data.settings
    today = as_of or settings.as_of
    # dollars at stake means one thing everywhere: dollars a year below market (Priorities)
    settings_today = replace(settings, analysis_date=today)
    warnings: list[str] = []
    try:
        # the Settings' own dates judged first, today standing for a blank one: the refusal
        # then names the cell to fill, as every command's does (the analysis below is given
        # today as its analysis date, a day nobody typed)
        check_settings_covered(data, today)
        analysis = analyze(replace(data, settings=settings_today))
        stake = analysis.priorities.set_index("payer")["dollars_at_stake"]
        unpriced = ""
        warnings = medicare_warnings(analysis)  # the dollars stand on its Medicare amounts
    except NoMedicareDataError as exc:
        # The dates do not depend on Medicare: a January before CMS's release is imported is
        # when deadlines fall, so they are shown, and only the dollars are left out, in words.
        said = str(exc)
        if settings.medicare_date is None and today != settings.as_of:
            # priced on --as-of's day, not on the Settings' analysis date the refusal named
            # (a cell holding another day); the Settings' Medicare date is still the remedy
            said = (f"--as-of {today.isoformat()} (the Medicare date, the Settings' being "
                    f"blank): {refusal_message(today, on_settings=True)}")
        stake, unpriced = None, (f"dollars below market are not shown: {said}. The dates do "
                                 f"not depend on Medicare amounts.")
    options = {
        "lead_months": settings.lead_months if args.lead_months is None else args.lead_months,
        "follow_up_business_days": (settings.follow_up_business_days
                                    if args.follow_up_days is None else args.follow_up_days),
        "notice_days": settings.notice_days if args.notice_days is None else args.notice_days,
    }
    calendar = timeline.renewal_calendar(
        data.contracts, dollars_at_stake=stake, as_of=today,
        proposals_sent=data.proposals_sent, offers_received=data.offers_received, **options)
    shown = calendar.assign(dollars_at_stake=round_cents(calendar["dollars_at_stake"].to_numpy()),
                            urgency=round_cents(calendar["urgency"].to_numpy()))
    if unpriced:  # no urgency: the calendar's order is the nearest notice deadline first
        shown = shown.assign(dollars_at_stake=float("nan"), urgency=float("nan"))
    payload: dict[str, Any] = {"as_of": today, "contracts": shown}
    if unpriced or warnings:
        payload["warnings"] = [*warnings, *([unpriced] if unpriced else [])]
    if args.ics:
        events = timeline.calendar_events(data.contracts, as_of=today,
                                          proposals_sent=data.proposals_sent,
                                          offers_received=data.offers_received, **options)
        payload["ics"] = str(write_ics(args.ics, events))
    if args.json:
        print_json(payload)
        return ExitCode.OK
    order = "nearest notice deadline first" if unpriced else "most urgent first"
    print(f"Renewals as of {today.isoformat()}, {order}:")
    print_table(shown[["payer", "product", "end_date", "negotiation_start", "notice_deadline",
                       "days_to_notice", "dollars_at_stake", "status"]], timeline.CALENDAR_UNITS,
                timeline.CALENDAR_HEADERS)
    for row in shown.itertuples():
        if row.note:
            label = timeline.contract_label(row.payer, row.product)
            print(f"  {one_line(label)}: {one_line(row.note)}")
    if unpriced:
        print(f"Note: {one_line(unpriced)}")
    for warning in one_line_values(warnings):  # as every command warns: on stderr
        print(f"warning: {warning}", file=sys.stderr)
    if args.ics:
        print(f"Calendar written to {payload['ics']}")
    return ExitCode.OK
