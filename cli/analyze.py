"""``ratecalc analyze DATA``: the analysis on the clinic's own tables (folder or workbook)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ratecalc.analysis import Analysis, analyze
from ratecalc.errors import Problem
from ratecalc.money import (
    PERCENT_PLACES,
    money_text,
    pct_of_medicare_text,
    percent_text,
    round_cents,
)
from ratecalc.output_kinds import check_folder
from ratecalc.proposal import total_annual_impact
from ratecalc.rate_basis import REVENUE_ON_FILE, contract_percent_text
from ratecalc.report import summary, write_results
from ratecalc.timeline import contract_label, notice_deadline_words, term_end_event
from ratecalc.words import join_words
from ratecalc_cli.data_source import load_tables
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import one_line_values, print_json


def run(args: argparse.Namespace) -> int:
    check_folder(args.out)  # before the work: a file named as the folder is refused in words
    # printed as they are read; summary.json lists them too, with the analysis' own
    read_warnings: list[Problem] = []
    analysis = analyze(load_tables(args.data, warnings=read_warnings))
    info = present(analysis, args.out, as_json=args.json, read_warnings=read_warnings)
    if info is not None:
        print_json(info)
    return ExitCode.OK


def present(analysis: Analysis, out: Path, as_json: bool,
            read_warnings: Sequence[Problem] = ()) -> dict[str, Any] | None:
    """Write the result files and print the summary (shared by demo and analyze); with
    ``as_json``, return the summary with the files written instead, for the caller to print
    once it has written its own (the demo's letter and workbook). ``read_warnings``: those of
    reading the tables, printed already, listed in summary.json and ``--json`` before the
    analysis' own warnings."""
    # every file checked before any is replaced
    written = write_results(analysis, out, read_warnings)
    info = summary(analysis, read_warnings)
    if as_json:
        info["files"] = [str(p) for p in written]
        return info
    info = one_line_values(info)
    print(f"{info['clinic']}: {info['payers']} payers, {info['codes']} codes, "
          f"as of {info['as_of']} ({info['medicare_label']})")
    # not known when no code has a benchmark; with some payers' not known (market_note names
    # them), the known payers' sum
    below = (f"below market by {money_text(info['dollars_below_market'])} a year"
             if info["dollars_below_market"] is not None else "below market: not known")
    print(f"{REVENUE_ON_FILE}: {money_text(info['annual_revenue'])}; {below}")
    if info["market_note"] is not None:
        print(f"  ({info['market_note']})")
    print("\nNegotiate first:")
    if not info["priorities"]:
        print("  nothing to rank: no payer has both a rate and a volume on file")
    for p in info["priorities"][:3]:
        # a payer without a contract on file has no end date: said in words, never "None";
        # one whose contract starts later has its note ("starts ...: not in force yet")
        if not p["end_date"]:
            term = p["deadline_note"] or "no contract end date on file"
        elif p["status"] == "contract ended":  # no deadline left: not "notice deadline None"
            term = f"contract ended {p['end_date']}, no notice deadline"
        else:
            # the timeline's words: an auto-renewing contract's term ends and it renews
            ends = term_end_event(bool(p["auto_renew"]), date.fromisoformat(p["end_date"]))
            # a passed deadline said passed, with the renewed term's after it, as the
            # Priorities' note says: the bare date read as a deadline still to meet
            deadline = (notice_deadline_words(
                date.fromisoformat(p["notice_deadline"]), p["days_to_notice_deadline"],
                renewed_term(p), p["notice_days"]) if p["notice_deadline"]
                else "no notice deadline")
            term = f"{ends[0].lower()}{ends[1:]}, {deadline}"
        # the share to the Priorities sheet's decimal: "24% of volume" stood beside its 24.1%
        share = percent_text(p["share_of_volume"], PERCENT_PLACES)
        # each payer's own figure: not known where none of its billed codes has a benchmark
        stake = (f"{money_text(p['dollars_at_stake'])} a year below market"
                 if p["dollars_at_stake"] is not None else "below market not known")
        # an ended contract, or one not in force yet, has no rank: numbered, it read as a
        # payer to negotiate with (its status says which)
        place = f"{p['rank']}." if p["rank"] is not None else f"not ranked ({p['status']}):"
        print(f"  {place} {p['payer']}: {stake}, {share} of volume, {term}")
    # the Timeline sheet's "Timing warning" for each contract: a near or passed notice
    # deadline, a proposal due and not sent, too little time to negotiate
    if info["timing_notes"]:
        print("\nDeadlines:")
        for t in info["timing_notes"]:
            # a contract named as `timeline` and the letters name it: "Summit BlueCare PPO",
            # not "Summit BlueCare PPO (PPO)"
            print(f"  {contract_label(t['payer'], t['product'] or '')}: {t['note']}")
    if info["contract_check"]:
        print("\nPaid below the contract (percent-of-Medicare contracts):")
        for c in info["contract_check"]:
            print(f"  {c['payer']} {c['code']}: paid {pct_of_medicare_text(c['paid_pct'])} of "
                  f"Medicare, contract {contract_percent_text(c['contract_pct'])}: "
                  f"{money_text(c['shortfall_a_year'])} a year")
    if info["doubtful_rates"]:
        print("\nRates to check before citing them:")
        for d in info["doubtful_rates"]:
            # the Fee Schedules row to look at, as the warning names it
            print(f"  {d['payer']} {d['code']}: {money_text(d['rate'])}: {d['reason']}"
                  + (f" ({d['where']})" if d["where"] else ""))
    if info["below_medicare"]:
        # which Medicare, as the proposal names it: once when one label fits every row
        labels = list(dict.fromkeys(b["medicare_label"] for b in info["below_medicare"]))
        print("\nRates to ask that stay below Medicare"
              + (f" ({labels[0]}):" if len(labels) == 1 else ":"))
        for b in info["below_medicare"]:
            print(f"  {b['payer']} {b['code']}: {money_text(b['rate_to_ask'])} against Medicare "
                  f"{money_text(b['medicare_amount'])}"
                  + (f" ({b['medicare_label']})" if len(labels) > 1 else ""))
    # the exact total over every Proposal row, rounded once, as the Dashboard's and Totals'
    # (the payers' rounded figures added up read cents above them)
    total = total_annual_impact(analysis.proposal)
    print(f"\nProposals ask for {money_text(float(round_cents(total)))} a year in all.")
    for w in info["warnings"][len(read_warnings):]:  # the tables' were printed as read
        print(f"warning: {w}", file=sys.stderr)
    print(f"\nWrote {len(written)} file{'s' if len(written) != 1 else ''} to {out}/: "
          f"{written_words(written)}")
    return None


def renewed_term(p: dict[str, Any]) -> tuple[date, date] | None:
    """The renewed term's last day and notice deadline of a summary's priority ``p``
    (``next_term_end``, ``next_notice_deadline``), None while this term's deadline stands."""
    if not p["next_notice_deadline"]:
        return None
    return date.fromisoformat(p["next_term_end"]), date.fromisoformat(p["next_notice_deadline"])


def written_words(written: list[Path]) -> str:
    """What the files written are, so that the lines after (the demo's letter and workbook)
    are not taken as counted in them: "9 CSV tables, renewals.ics and summary.json"."""
    tables = sum(p.suffix == ".csv" for p in written)
    others = [p.name for p in written if p.suffix != ".csv"]
    return join_words(([f"{tables} CSV table{'s' if tables != 1 else ''}"] if tables else [])
                      + others)
