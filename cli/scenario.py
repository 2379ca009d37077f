"""``ratecalc scenario``: fixed-dollar versus percent-of-Medicare over several years.

    ratecalc scenario --units 1200 --medicare 26.83 --fixed 32.00 --pct-of-medicare 1.15 \\
        --years 5 --cf-change -0.028 --escalator 0.02 [--json]
    ratecalc scenario --payer "Meridian Mutual" --demo [--cf-path stress] [--json]

Without ``--cf-change`` the path is ``--cf-path`` (default ``historical``: the bundled conversion
factors' average yearly change over ``--cf-window``, default 2019 to the latest year).
"""

from __future__ import annotations

import argparse
import math
import numbers
import sys
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from ratecalc import scenarios
from ratecalc.analysis import analyze, check_settings_covered, payer_medicare_not_imported
from ratecalc.column_units import Unit
from ratecalc.errors import InputError, UsageError
from ratecalc.medicare import conversion_factors
from ratecalc.money import (
    exact_amount,
    money_text,
    round_cents,
    snapped_fraction,
    stated_fraction,
)
from ratecalc.rate_basis import raised_by_escalator
from ratecalc.rates import (
    NO_TERM_TO_RENEW,
    ended_contracts,
    unpaid_codes_note,
)
from ratecalc.timeline import successor_starts
from ratecalc_cli.arguments import (
    whole_number,
)
from ratecalc_cli.data_source import (
    load_data,
    refuse_today_without_demo,
    volume_payer,
)
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import (
    NOT_KNOWN,
    medicare_warnings,
    one_line_values,
    print_json,
    print_table,
)

#: Decimals of a fraction a break-even, and a computed percent compared with it, are given
#: with in ``--json`` at the least (a millionth, as every output reads a percentage: 0.01% of a
#: rate), more where they would read as each other: :func:`ratecalc.scenarios.shown_percents`.
FRACTION_DECIMALS = 6


def parse_window(text: str, factors_last_year: int) -> tuple[int, int]:
    """``2019-2026`` or ``2019`` (to the latest year) -> (first, last)."""
    try:
        parts = [whole_number(p) for p in text.split("-")]
    except argparse.ArgumentTypeError:
        raise InputError(f"--cf-window: expected YEAR-YEAR such as 2019-2026, got {text!r}") \
            from None
    if len(parts) == 1:
        return parts[0], factors_last_year
    if len(parts) != 2:
        raise InputError(f"--cf-window: expected YEAR-YEAR such as 2019-2026, got {text!r}")
    return parts[0], parts[1]


#: --cf-rule in words, for the note under the table.
RULE_WORDS = {"day_weighted": "each year's factors weighted by their days in force",
              "jan1": "each year's factor of January 1"}


def _paths(args: argparse.Namespace, years: int, custom: list[float] | None,
           default_path: str, apm: bool) -> tuple[str, dict[str, Any], str]:
    """The chosen path's name, every path's changes (for the comparison), and a note."""
    factors = conversion_factors()
    first, last = parse_window(args.cf_window, int(factors["year"].max()))
    historical = scenarios.historical_cf_change(factors, first, last, rule=args.cf_rule,
                                                apm_qualifying=apm)
    rule = RULE_WORDS[args.cf_rule]
    # to the hundredth, as the table above it: "-1.0801%" stood under its "-1.08%"
    note = (f"historical = {first}-{last} average, {rule}: "
            f"{scenarios.cf_change_text(historical)} a year")
    paths: dict[str, Any] = {
        name: scenarios.cf_path_changes(name, years, historical_change=historical)
        for name in ("flat", "historical", "stress")
    }
    if custom is not None:
        paths["custom"] = scenarios.cf_path_changes("custom", years, custom=custom)
        return "custom", paths, note
    chosen = args.cf_path or default_path
    return chosen, paths, note


def run(args: argparse.Namespace) -> int:
    refuse_today_without_demo(args)
    one_code = [args.units, args.medicare, args.fixed]
    if args.payer is None and any(v is None for v in one_code):
        raise UsageError("give --units, --medicare and --fixed for one code, or --payer NAME "
                         "with --data PATH or --demo")
    if args.payer is not None and any(v is not None for v in one_code):
        raise InputError("--payer cannot be combined with --units/--medicare/--fixed")
    # read by their options' type (ratecalc_cli.arguments.fractions): lists of floats
    custom: list[float] | None = args.cf_change
    escalator: list[float] | None = args.escalator

    if args.payer is None:
        if args.pct_of_medicare is None:
            raise UsageError("--pct-of-medicare is required for the one-code form")
        years = 5 if args.years is None else args.years
        discount = 0.0 if args.discount_rate is None else args.discount_rate
        chosen, paths, note = _paths(args, years, custom, scenarios.DEFAULT_CF_PATH,
                                     args.apm_qualifying)
        result = scenarios.project_scenario(
            scenarios.single_code_lines(args.units, args.medicare, args.fixed),
            pct_of_medicare=args.pct_of_medicare, years=years, cf_changes=paths[chosen],
            escalator=0.0 if escalator is None else escalator, discount_rate=discount,
            path=chosen)
    else:
        data = load_data(args)
        check_settings_covered(data)  # before pricing: the refusal names its Settings cell
        settings = data.settings
        years = settings.scenario_years if args.years is None else args.years
        discount = settings.discount_rate if args.discount_rate is None else args.discount_rate
        apm = args.apm_qualifying or settings.apm_qualifying
        if custom is None and args.cf_path is None and settings.cf_path == "custom":
            custom = scenarios.parse_cf_custom(settings.cf_custom)
        default_path = (settings.cf_path if settings.cf_path != "custom"
                        else scenarios.DEFAULT_CF_PATH)
        chosen, paths, note = _paths(args, years, custom, default_path, apm)
        # every use below compares the tables' spelling ('summit bluecare ppo' was refused)
        args.payer = volume_payer(data, args.payer)
        # year 1 at the rates the proposal builds on (those in force when the payer's new term
        # begins), as the analysis has them, and on the Medicare amounts in force that day
        # (the proposal's, where a release covers it; else the analysis date's, as here)
        analysis = analyze(replace(data, settings=replace(settings, apm_qualifying=apm)))
        basis = analysis.new_term_rates
        rows = basis[basis["payer"] == args.payer]
        # the analysis' Medicare amounts, NaN for a code Medicare does not price: such a code
        # left the payer with no scenario here, although the Scenarios sheet projects it
        # (its percent-of-Medicare contract pays it nothing: counted as not paid)
        year_one = scenarios.year_one_medicare(
            rows, analysis.medicare.set_index("code")["medicare_amount"])
        result = scenarios.payer_scenario(
            args.payer, data.contracts, data.fee_schedules, data.volumes,
            year_one, as_of=settings.as_of, years=years,
            cf_changes=paths[chosen], pct_of_medicare=args.pct_of_medicare,
            escalator=escalator, discount_rate=discount, path=chosen, rates=rows)

    comparison = scenarios.compare_paths(
        result.by_code, pct_of_medicare=result.pct_asked, paths=paths, years=years,
        escalator=result.years_table["escalator"].to_numpy()[1:] if years > 1 else 0.0,
        discount_rate=discount)
    payload = present(result, comparison, note)
    no_term = NO_TERM_TO_RENEW
    if args.payer is not None:
        # why no new term's rates, in the words every output says it (not in --json)
        no_term = analysis.no_term_words(args.payer)
        payload["payer"] = args.payer
        payload["year1_rates_on"] = result.rates_on
        payload["new_term_start"] = result.new_term_start
        today = rows.set_index("code")[["rate_today", "rate_agreed_from", "rate_escalator",
                                          "rate_escalations"]]
        unpriced = payer_medicare_not_imported(basis, args.payer, settings.date_of_service)
        unpaid = (unpaid_codes_note(args.payer, result.unpriced_codes,
                                    result.rates_on or settings.as_of, result.no_medicare_codes)
                  if result.unpriced_codes else None)
        ended_on = ended_contracts(data.contracts, analysis.as_of).get(args.payer)
        # a payer with no term to renew says why it is projected, as the Scenarios sheet does
        successor = successor_starts(data.contracts, analysis.as_of).get(args.payer)
        ended = (f"{args.payer}: "
                 f"{scenarios.ended_scenario_note(ended_on, analysis.as_of, successor)}"
                 if ended_on is not None else None)
        # which Medicare its percent is of: the locality, and year 1's day and release (the
        # proposal's amounts for this payer, the ones year 1 is priced on)
        proposed = analysis.proposal[analysis.proposal["payer"] == args.payer]
        payload["medicare_label"] = str(analysis.proposal_medicare_label(proposed)
                                        if not proposed.empty else analysis.medicare_label)
        payload["warnings"] = medicare_warnings(analysis) + [w for w in (ended, unpriced, unpaid)
                                                             if w]
        payload["codes"] = [
            {"code": r.code, "units_per_year": float(r.units_per_year),
             "fixed_rate": float(round_cents(r.fixed_rate)),
             "rate_today": _cents_or_none(today.at[r.code, "rate_today"]),
             "rate_agreed_from": _date_or_none(today.at[r.code, "rate_agreed_from"]),
             "rate_escalator": _fraction_or_none(today.at[r.code, "rate_escalator"]),
             "rate_escalations": _count_or_none(today.at[r.code, "rate_escalations"]),
             "medicare_amount": float(round_cents(r.medicare_amount))}
            for r in result.by_code.itertuples()]
    if args.json:
        print_json(payload)
    else:
        _print(payload, scenarios.scenario_percents(
            result, comparison["break_even_pct_of_medicare"].tolist()), no_term)
    return ExitCode.OK


def _fraction(x: float) -> float:
    """A fraction shown as a percentage (break-even, a change) as every output reads it, to a
    millionth (:func:`ratecalc.money.snapped_fraction`): round(x, 6) rounds the binary value,
    so a break-even of 0.0014995 (0.00149949999... in binary) was carried as 0.001499 and
    printed 0.1%, where percent_text of the figure, and its workbook cell, say 0.2%."""
    return snapped_fraction(float(x))


def _factor(x: float) -> float:
    """An index (a factor shown to four decimals) as the table reads it, to eight decimals
    (:func:`ratecalc.money.exact_amount`, as half_up reads a float): carried to six and read
    again, 1.01234950 (1.0123495 in the JSON) read 1.0124 where the figure is 1.0123."""
    return float(exact_amount(float(x)))


def _cents_or_none(x: object) -> float | None:
    if not isinstance(x, (int, float)) or math.isnan(x):
        return None
    return float(round_cents(x))


def _date_or_none(x: object) -> date | None:
    return x if isinstance(x, date) else None


def year_one_words(payload: dict[str, Any], no_term: str = NO_TERM_TO_RENEW) -> str:
    """The day year 1's rates are in force on, in words, with the rates agreed for a day
    before it that year 1 builds on and today's rate of each (as the Proposal's "Why" says);
    ``no_term``: why the analysis date's, when no new term begins
    (:func:`ratecalc.rates.no_term_words`)."""
    start, day = payload["new_term_start"], payload["year1_rates_on"]
    if start is None:
        said = (f"Year 1 is priced at the rates in force on the analysis date, "
                f"{day.isoformat()} ({no_term}).")
    else:
        said = (f"Year 1 begins {start.isoformat()}, when the new term begins, and is priced "
                f"at the rates in force that day (the Proposal's current rates)")
        later = [c for c in payload["codes"] if c["rate_agreed_from"] is not None]
        # a rate the contract's escalator raised is no rate agreed on a row: said as the
        # Proposal's "Why" says it, once for the codes one escalator raised
        agreed = [c for c in later if c.get("rate_escalator") is None]
        raised: dict[tuple[float, int], list[dict[str, Any]]] = {}
        for c in later:
            if c.get("rate_escalator") is not None:
                times = c.get("rate_escalations") or 1
                raised.setdefault((c["rate_escalator"], times), []).append(c)
        parts = ([", ".join(_rate_then(c, "agreed from") for c in agreed)] if agreed else [])
        parts += [f"the rates {raised_by_escalator(by, times=times)}: "
                  + ", ".join(_rate_then(c, "from") for c in codes)
                  for (by, times), codes in raised.items()]
        if parts:
            said += ", including " + "; ".join(parts)
        said += "."
    return said


def _rate_then(code: dict[str, Any], since: str) -> str:
    """A code's year-1 rate, the day it took effect and today's rate: "97110 at $30.00 agreed
    from 2027-01-01 ($25.22 today)"."""
    today = (f"{money_text(code['rate_today'])} today" if code["rate_today"] is not None
             else "no rate today")
    return (f"{code['code']} at {money_text(code['fixed_rate'])} {since} "
            f"{code['rate_agreed_from'].isoformat()} ({today})")


def _fraction_or_none(x: object) -> float | None:
    """A contract's escalator as stated (every decimal, no binary noise), None if none."""
    if not isinstance(x, (int, float)) or math.isnan(x):
        return None
    return float(stated_fraction(x))


def _count_or_none(x: object) -> int | None:
    """How many escalator anniversaries after the analysis date raised a rate (the
    Proposal's ``rate_escalations``), None where none did."""
    # a numpy integer from the frame is no int, and a count absent is NaN
    count = float(x) if isinstance(x, numbers.Real) else math.nan
    return int(count) if count > 0 else None


def present(result: scenarios.ScenarioResult, comparison: pd.DataFrame, note: str
            ) -> dict[str, Any]:
    """The result as JSON-ready values: money rounded half-up to cents, once, here, so that
    every table adds up as shown (:func:`ratecalc.scenarios.shown_years`,
    :func:`ratecalc.scenarios.shown_totals`). The percent compared and the break-evens are
    as :func:`ratecalc.scenarios.shown_percents` shows them beside each other, to
    :data:`FRACTION_DECIMALS` decimals of a fraction or more: a break-even never reads on the
    wrong side of the percent compared, nor as it when it is not it."""
    shown = scenarios.scenario_percents(result, comparison["break_even_pct_of_medicare"].tolist(),
                                        FRACTION_DECIMALS - 2)
    break_evens = [math.nan if b is None else float(b) for b in shown.break_evens]
    money = ("fixed_revenue", "pct_revenue", "difference", "fixed_cumulative", "pct_cumulative")
    years = []
    for row in scenarios.shown_years(result).to_dict(orient="records"):
        item: dict[str, Any] = {"year": int(row["year"])}
        item["cf_change"] = _fraction(row["cf_change"])
        for key in ("medicare_index", "fixed_index"):
            item[key] = _factor(row[key])
        # the contract's escalator as stated, every decimal: 0.1000001, not 0.1
        item["escalator"] = float(stated_fraction(row["escalator"]))
        for key in money:
            item[key] = float(round_cents(row[key]))
        years.append(item)
    paths = [
        {"path": r["path"], "average_cf_change": _fraction(r["average_cf_change"]),
         **scenarios.ShownTotals(r["fixed_total"], r["pct_total"], r["difference"])._asdict(),
         "break_even_pct_of_medicare": break_even, "better": r["better"]}
        for r, break_even in zip(comparison.to_dict(orient="records"), break_evens[1:],
                                 strict=True)
    ]
    return {
        "path": result.path,
        # stated: every decimal (0.88755); computed: as shown beside the break-evens
        "pct_of_medicare": float(shown.compared),
        "years_count": result.years,
        **scenarios.shown_totals(result)._asdict(),
        "better": result.better,
        "break_even_pct_of_medicare": break_evens[0],
        "discount_rate": result.discount_rate,
        **scenarios.shown_present_values(result)._asdict(),
        "years": years,
        "paths": paths,
        "note": note,
    }


#: The better contract in words (--json keeps the codes).
BETTER_WORDS = {"fixed": "fixed dollars", "pct_of_medicare": "percent of Medicare",
                "equal": "equal"}


def _print(payload: dict[str, Any], shown: scenarios.ShownPercents,
           no_term: str = NO_TERM_TO_RENEW) -> None:
    """``payload`` in words; ``shown``: the percent of Medicare compared, the break-even and
    the break-even under each path of ``payload``'s, as they are shown beside each other
    (:func:`ratecalc.scenarios.scenario_percents`, to a tenth or more)."""
    payload = one_line_values(payload)
    who = f" for {payload['payer']}" if "payer" in payload else ""
    print(f"Fixed dollar vs {shown.compared_text} of Medicare{who}, "
          f"{payload['years_count']} years, conversion-factor path '{payload['path']}':")
    print_table(pd.DataFrame(payload["years"])[
        ["year", "cf_change", "escalator", "fixed_revenue", "pct_revenue", "difference"]],
        scenarios.YEAR_UNITS, scenarios.YEAR_HEADERS)
    if "payer" in payload:
        print(year_one_words(payload, no_term))
        print(f"The percents of Medicare are of the amounts of {payload['medicare_label']}.")
        for warning in payload["warnings"]:
            print(f"warning: {warning}", file=sys.stderr)
    print(f"Total: fixed {money_text(payload['fixed_total'])}  percent-of-Medicare "
          f"{money_text(payload['pct_total'])}  difference "
          f"{money_text(payload['difference'], signed=True)} (better: "
          f"{BETTER_WORDS.get(payload['better'], payload['better'])})")
    if shown.break_evens[0] is None:
        # no units, so no Medicare revenue to take a percentage of: the sentence read
        # "Break-even: — of Medicare pays as much as the fixed offer"
        print("Break-even: none; with no Medicare revenue over the horizon (no units a "
              "year) no percent of Medicare pays as much as the fixed offer.")
    else:
        print(f"Break-even: {scenarios.shown_percent_text(shown.break_evens[0])} of Medicare "
              "pays as much as the fixed offer over the horizon.")
    print("\nUnder each path:")
    paths = pd.DataFrame(payload["paths"])
    paths["better"] = [BETTER_WORDS.get(b, b) for b in paths["better"]]
    # each with the decimals it takes beside the percent compared (a tenth at the least, the
    # column's unit)
    paths["break_even_pct_of_medicare"] = [
        NOT_KNOWN if b is None else scenarios.shown_percent_text(b)
        for b in shown.break_evens[1:]]
    print_table(paths, {**scenarios.PATH_UNITS, "break_even_pct_of_medicare": Unit.TEXT},
                scenarios.PATH_HEADERS)
    print(payload["note"])
