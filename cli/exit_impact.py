"""``ratecalc exit-impact``: what leaving a payer's network would cost over 12 and 24 months.

    ratecalc exit-impact --annual-visits 1500 --rate-per-visit 95 --retention 0.2 \\
        --retained-collection 0.6 --backfill 0.7 --backfill-rate 105 [--ramp-months 6] \\
        [--admin-savings 4000] [--offer-rate 98 --cost-per-visit 82 --margin 0.10] [--json]
    ratecalc exit-impact --payer "Meridian Mutual" --demo --backfill 0.7 [--json]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from ratecalc import exit_impact
from ratecalc.analysis import analyze, payer_medicare_not_imported
from ratecalc.errors import UsageError
from ratecalc.money import (
    count_text,
    money_text,
    round_cents,
    stated_fraction,
    stated_percent_text,
    typed_money_text,
    whole_text,
)
from ratecalc.rates import (
    NO_TERM_TO_RENEW,
    payer_contracts,
    payer_visits,
    term_escalators,
    unpaid_codes_note,
)
from ratecalc.timeline import (
    RENEWAL_TERM_MONTHS,
    PastEndDate,
    contract_auto_renews,
    contract_notice_days,
    contract_renewal_months,
    contract_timeline_end,
)
from ratecalc_cli.arguments import (
    AUTO_RENEW_HINT,
    optional_date,
)
from ratecalc_cli.data_source import (
    load_data,
    refuse_today_without_demo,
    volume_payer,
)
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import medicare_warnings, one_line_values, print_json, print_table


def run(args: argparse.Namespace) -> int:
    refuse_today_without_demo(args)
    end = optional_date(args.end, "--end")
    as_of = optional_date(args.as_of, "--as-of")
    auto_renew = bool(args.auto_renew)
    if (args.auto_renew or as_of is not None or args.renewal_months is not None) and (
            args.payer is not None or end is None):
        raise UsageError("--auto-renew, --renewal-months and --as-of describe the contract "
                         "given with --end; with --payer they come from the clinic's tables")
    if args.renewal_months is not None and not args.auto_renew:
        raise UsageError("--renewal-months is the length of an auto-renewed term: give "
                         "--auto-renew too")
    renewal_months = RENEWAL_TERM_MONTHS if args.renewal_months is None else args.renewal_months
    notice_days = args.notice_days
    margin = args.margin
    cost = args.cost_per_visit
    if args.payer is None:
        if args.annual_visits is None or args.rate_per_visit is None:
            raise UsageError("give --annual-visits and --rate-per-visit, or --payer NAME with "
                             "--data PATH or --demo")
        for option, rate in (("--rate-per-visit", args.rate_per_visit),
                             ("--backfill-rate", args.backfill_rate),
                             ("--offer-rate", args.offer_rate)):
            if rate is not None:  # in the options' words, before the core's
                exit_impact.refuse_past_amount(args.annual_visits, rate, option,
                                               "--annual-visits")
        params = exit_impact.ExitParams(
            annual_visits=args.annual_visits, rate_per_visit=args.rate_per_visit,
            backfill_rate=0.0 if args.backfill_rate is None else args.backfill_rate,
            **_assumptions(args, {}))
    else:
        data = load_data(args)
        # every use below compares the tables' spelling ('summit bluecare ppo' was refused)
        args.payer = volume_payer(data, args.payer)
        total = data.metrics.loc[data.metrics["metric"] == "visits_per_year", "value"]
        # the same rates (percent-of-Medicare contracts priced) and visits as the analysis, the
        # workbook and the letter: a payer left is lost when its current term ends, so its
        # rates are those in force when its new term would begin, the proposal's
        analysis = analyze(data)
        governing = payer_contracts(data.contracts, analysis.as_of)
        escalators = term_escalators(governing)
        # months 13-24 are the new term's second year: each payer's rates raised by its
        # escalator, as the Scenarios' year 2
        revenue = exit_impact.annual_revenue_by_payer(
            data.fee_schedules, data.volumes, as_of=analysis.as_of,
            total_visits=float(total.iloc[0]) if not total.empty else None,
            rates=analysis.new_term_rates, visits=payer_visits(data),
            payer_dates=analysis.new_term_starts, escalators=escalators)
        params = exit_impact.exit_params_for_payer(
            args.payer, data.fee_schedules, data.volumes, as_of=data.settings.as_of,
            annual_visits=args.annual_visits, revenue=revenue, rate_per_visit=args.rate_per_visit,
            backfill_rate=args.backfill_rate)
        params = replace(params, **_assumptions(args, data.exit_assumptions))
        if args.payer in governing.index:
            contract = governing.loc[args.payer]
            end = end or contract_timeline_end(contract)
            auto_renew = contract_auto_renews(contract)
            renewal_months = contract_renewal_months(contract)
            if notice_days is None:
                notice_days = contract_notice_days(contract, data.settings.notice_days)
        as_of = analysis.as_of
        if cost is None:
            metric = data.metrics[data.metrics["metric"] == "cost_per_visit"]
            cost = float(metric["value"].iloc[0]) if not metric.empty else None
        if margin is None:
            margin = data.settings.walk_away_margin
    try:
        result = exit_impact.exit_impact(
            params, offer_rate=args.offer_rate, cost_per_visit=cost,
            target_margin=0.10 if margin is None else margin, end_date=end,
            notice_days=90 if notice_days is None else notice_days, auto_renew=auto_renew,
            as_of=as_of, renewal_term_months=renewal_months)
    except PastEndDate as past:
        if args.payer is not None:  # the contract's own end date: the tables say it lapsed
            raise
        raise past.in_words_of("--end", AUTO_RENEW_HINT) from None
    payload = present(result)
    no_term = NO_TERM_TO_RENEW
    if args.rate_per_visit is not None and args.payer is None:
        # the rate as typed, a factor of the revenue at risk ($2.015, not $2.02)
        payload["rate_per_visit"] = args.rate_per_visit
    if args.payer is not None:
        payload["payer"] = args.payer
        payload["rates_on"] = analysis.rates_on(args.payer)
        payload["new_term_start"] = (analysis.new_term_starts or {}).get(args.payer)
        # why no new term's rates, in the words every output says it (not printed in --json)
        no_term = analysis.no_term_words(args.payer)
        payload["rate_per_visit_given"] = args.rate_per_visit is not None
        payload["escalator"] = escalators.get(args.payer, 0.0)
        # the rate per visit stands on Medicare's amounts only for a percent-of-Medicare
        # contract, and not at all when given
        unpriced = (None if args.rate_per_visit is not None else payer_medicare_not_imported(
            analysis.new_term_rates, args.payer, data.settings.date_of_service,
            contract_only=True))
        ended = exit_impact.ended_exit_warning(args.payer, data.contracts, analysis.as_of)
        unpaid = _unpaid_note(revenue, args.payer, analysis.rates_on(args.payer))
        payload["warnings"] = medicare_warnings(analysis) + [w for w in (ended, unpriced, unpaid)
                                                             if w]
    if args.json:
        print_json(payload)
    else:
        _print(payload, no_term)
    return ExitCode.OK


#: The what-ifs a flag gives, else the workbook's Exit assumptions, else 0 (the worst case).
ASSUMPTIONS = ("retention", "retained_collection", "backfill", "ramp_months", "admin_savings")


def _unpaid_note(revenue: pd.DataFrame, payer: str, day: date) -> str | None:
    """The note on the codes ``payer`` is billed for but pays nothing for, if any
    (:func:`ratecalc.exit_impact.annual_revenue_by_payer`'s ``unpriced``)."""
    own = revenue[revenue["payer"] == payer]
    codes = str(own["unpriced"].iloc[0]) if not own.empty else ""
    no_medicare = (str(own["no_medicare"].iloc[0]).split(", ")
                   if not own.empty and "no_medicare" in own.columns else [])
    return unpaid_codes_note(payer, codes.split(", "), day, no_medicare) if codes else None


def _assumptions(args: argparse.Namespace, workbook: dict[str, float]) -> dict[str, float]:
    """Each what-if as the flag gives it, else as the workbook's Settings sheet does (the
    figures of its Exit Impact sheet), else 0."""
    given = {name: getattr(args, name) for name in ASSUMPTIONS}
    return {name: float(workbook.get(name, 0.0)) if value is None else value
            for name, value in given.items()}


def _money(x: float | None) -> float | None:
    return None if x is None else float(round_cents(x))


def _decimal_money(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def present(result: exit_impact.ExitImpact) -> dict[str, Any]:
    """JSON-ready values: money rounded half-up to cents here, once; the month table as
    :func:`ratecalc.exit_impact.shown_monthly` shows it, adding up both ways: each column to
    its total (Lost to the revenue at risk, the months' Net to the Cumulative net beside them
    and to the net over 12 and 24 months), each month's Net to its parts."""
    p = result.params
    monthly = result.shown_monthly.copy()
    walk = result.walk_away
    # each year's figures exact from the inputs, rounded once (exit_impact.shown_revenue): in
    # binary, 799.5 visits x $71.11 was $56,852.44 beside a second year of $56,852.45
    shown = exit_impact.shown_revenue(result)
    return {
        "annual_visits": p.annual_visits,
        "rate_per_visit": _money(p.rate_per_visit),
        "retention": p.retention,
        "retained_collection": p.retained_collection,
        "backfill": p.backfill,
        "backfill_rate": _money(p.backfill_rate),
        "ramp_months": p.ramp_months,
        "revenue_at_risk": float(shown.revenue_at_risk),
        # months 13-24: the new term's second year (a fixed contract's rates raised by its
        # escalator), as the Lost column adds it up and the Scenarios' year 2 shows it
        "rate_per_visit_year2": _money(p.year2_rate),
        "backfill_rate_year2": _money(p.year2_backfill_rate),
        "revenue_at_risk_year2": float(shown.revenue_at_risk_year2),
        "retained_revenue": float(shown.retained_revenue),
        "backfill_revenue": float(shown.backfill_revenue),
        "admin_savings": _money(p.admin_savings),
        "net_impact_12m": exit_impact.shown_net_impact(result, 12),
        "net_impact_24m": exit_impact.shown_net_impact(result, 24),
        "notice_deadline": result.notice_deadline,
        "deadline_note": result.deadline_note,
        "exit_date": result.exit_date,
        "exit_timing": exit_impact.exit_timing_words(result),
        "walk_away_words": None if walk is None else exit_impact.walk_away_words(walk),
        "offer_rate": _money(result.offer_rate),
        "exit_vs_offer_12m": _decimal_money(exit_impact.shown_exit_vs_offer(result, 12)),
        "exit_vs_offer_24m": _decimal_money(exit_impact.shown_exit_vs_offer(result, 24)),
        "walk_away": None if walk is None else _walk_away(walk),
        "monthly": monthly,
    }


def _walk_away(walk: exit_impact.WalkAwayCheck) -> dict[str, Any]:
    """The walk-away check's figures as its words show them
    (:func:`exit_impact.walk_away_figures`): in cents, and a rate short of the floor to the
    decimal that tells them apart, so that ``shortfall`` is never 0.0 beside ``meets_floor``
    false."""
    shown = exit_impact.walk_away_figures(walk)
    return {
        "offered_rate": float(shown.offered_rate),
        # the margin as the words say it and the floor is priced from it: 0.1, not the
        # 0.10000000000000009 typed beside "(cost $90.00 + 10%)"
        "cost_per_visit": _money(walk.cost_per_visit),
        "target_margin": float(stated_fraction(walk.target_margin)),
        "floor": float(shown.floor), "meets_floor": walk.meets_floor,
        "shortfall": float(shown.shortfall)}


def _rates_on_words(payload: dict[str, Any], no_term: str) -> str:
    """Which day the payer's rate per visit is from (nothing for a rate given); ``no_term``:
    why on the analysis date, when no new term's (:func:`ratecalc.rates.no_term_words`)."""
    if "payer" not in payload or payload["rate_per_visit_given"]:
        return ""
    if payload["new_term_start"] is None:
        return (f", the rates in force on the analysis date {payload['rates_on'].isoformat()}: "
                f"{no_term}")
    return (f", the rates in force on {payload['new_term_start'].isoformat()}, when its new "
            f"term would begin: the Proposal's current rates")


def _year_two_words(payload: dict[str, Any]) -> str:
    """Why the second year's revenue at risk differs from the first's."""
    rate = money_text(payload["rate_per_visit_year2"])
    escalator = payload.get("escalator")
    if not escalator:
        return f"{rate} a visit on average"
    return (f"{rate} a visit on average, its rates raised by its contract's "
            f"{stated_percent_text(escalator)} escalator: the Scenarios' fixed-dollar year 2")


def _print(payload: dict[str, Any], no_term: str = NO_TERM_TO_RENEW) -> None:
    payload = one_line_values(payload)
    _print_figures(payload, no_term)
    for warning in payload.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)


def _print_figures(payload: dict[str, Any], no_term: str) -> None:
    who = f" {payload['payer']}" if "payer" in payload else " the payer"
    rate = money_text(payload["rate_per_visit"])
    # a payer's rate a visit is its revenue over its visits, rounded: "visits at $94.48" read
    # as a product that misses the revenue by cents; its visits to the whole as the Exit
    # Impact sheet shows them (whole_text, half-up). Visits and a rate typed are the product's
    # own figures, with the decimals they have: "3,177 visits at $129.43" was 3,176.5 visits
    visits = (f"{whole_text(payload['annual_visits'])} visits, {rate} a visit on average"
              if "payer" in payload
              else f"{count_text(payload['annual_visits'])} visits at "
                   f"{typed_money_text(payload['rate_per_visit'])}")
    print(f"Leaving{who}: revenue at risk {money_text(payload['revenue_at_risk'])} a year "
          f"({visits}{_rates_on_words(payload, no_term)}).")
    if payload["revenue_at_risk_year2"] != payload["revenue_at_risk"]:
        print(f"Months 13-24 are its new term's second year: revenue at risk "
              f"{money_text(payload['revenue_at_risk_year2'])} "
              f"({_year_two_words(payload)}).")
    print(f"Recovered at full ramp: retained {money_text(payload['retained_revenue'])}, "
          f"backfilled {money_text(payload['backfill_revenue'])}, admin saved "
          f"{money_text(payload['admin_savings'])} a year.")
    print(f"Net impact: {money_text(payload['net_impact_12m'], signed=True)} over 12 months, "
          f"{money_text(payload['net_impact_24m'], signed=True)} over 24 months.")
    if payload["exit_timing"]:
        print(payload["exit_timing"])
    if payload["offer_rate"] is not None:
        print(f"Against accepting the final offer of {money_text(payload['offer_rate'])} a visit: "
              f"leaving is {money_text(payload['exit_vs_offer_12m'], signed=True)} over 12 months, "
              f"{money_text(payload['exit_vs_offer_24m'], signed=True)} over 24 months.")
    walk = payload["walk_away"]
    if walk is not None:
        print(payload["walk_away_words"])
    print()
    print_table(pd.DataFrame(payload["monthly"]), exit_impact.MONTHLY_UNITS,
                exit_impact.MONTHLY_HEADERS)
