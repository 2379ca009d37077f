"""The order every output lists payers and codes in, ties broken in full.

Each list a user reads ranked (the Priorities, the Proposal's sums per payer, the Timeline, the
codes and payers by volume, a letter's codes) is ordered by one function here, which the sheet,
the CSV, ``--json``, the command's text and the letter all show. Each orders by its figure, then
by tie-breaks a billing manager would expect, and last by the name (case-insensitively, then
as typed), so that no order is left to the input rows' order or to an unstable sort.

Amounts are weighed as the decimals they stand for (:func:`ratecalc.money.typed_decimal` of
:func:`ratecalc.money.exact_amount`): in binary 0.10 + 0.20 short is 0.30000000000000004,
above a payer 0.30 short, and the two must tie.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

import pandas as pd

from ratecalc.money import exact_amount, typed_decimal


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def decimal_of(value: object) -> Fraction | None:
    """A figure as the decimal it stands for (None when it is blank): the value ties are judged
    on.

    >>> decimal_of(0.1 + 0.2) == decimal_of(0.3), decimal_of(float("nan"))
    (True, None)
    """
    if _missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        return Fraction(10**400) * (1 if number > 0 else -1)  # past any amount, comparable
    return typed_decimal(exact_amount(number))


def most_first(value: object) -> tuple[bool, Fraction]:
    """Sort key of a figure ranked largest first, blanks last."""
    amount = decimal_of(value)
    return (amount is None, -(amount or Fraction(0)))


def soonest_first(value: object) -> tuple[bool, Any]:
    """Sort key of a date or a count of days ranked smallest first, blanks last."""
    if _missing(value):
        return (True, 0)
    if isinstance(value, pd.Timestamp):
        return (False, value.date().toordinal())
    if isinstance(value, date):
        return (False, value.toordinal())
    return (False, decimal_of(value))


def name_key(name: object) -> tuple[str, str]:
    """Sort key of a payer's, a product's or a code's name: case-insensitively, then as typed
    (so that 'aetna' and 'Aetna', were both listed, keep one order)."""
    text = "" if _missing(name) else str(name)
    return (text.casefold(), text)


def name_order(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Rows by name, column after column (:func:`name_key`: case-insensitively, then as
    typed): the payer x code tables (Comparison, Proposal) list payers in the order every
    ranked list breaks its ties by, 'beacon Health' between 'Alder Care' and 'Cobalt Plan'."""
    keys: list[str] = []
    folded = {}
    for column in columns:
        text = frame[column].astype(str)
        folded[f"_fold_{column}"] = text.str.casefold()
        keys += [f"_fold_{column}", column]
    ordered = frame.assign(**folded).sort_values(keys, kind="stable")
    return ordered.drop(columns=list(folded)).reset_index(drop=True)


def _ordered(frame: pd.DataFrame, key: Callable[[dict[Hashable, Any]], tuple[Any, ...]]
             ) -> pd.DataFrame:
    rows = frame.to_dict("records")
    order = sorted(range(len(rows)), key=lambda i: key(rows[i]))
    return frame.iloc[order].reset_index(drop=True)


def priority_order(table: pd.DataFrame) -> pd.DataFrame:
    """Payers in the order to negotiate with them (the Priorities, and every output that lists
    payers by priority: Scenarios, Exit Impact, the Dashboard, ``analyze``'s "Negotiate
    first").

    Dollars at stake, most first; then the sooner renewal (days to renewal; a payer without
    one after those with); then the earlier notice deadline; then the payer's name.
    ``table``: ``payer, dollars_at_stake, days_to_renewal, notice_deadline``.
    """
    return _ordered(table, lambda r: (most_first(r["dollars_at_stake"]),
                                      soonest_first(r["days_to_renewal"]),
                                      soonest_first(r["notice_deadline"]),
                                      name_key(r["payer"])))


def impact_order(summary: pd.DataFrame) -> pd.DataFrame:
    """The Proposal's sums per payer (the Totals sheet, ``proposal_summary.csv``, the summary's
    ``proposal``): annual impact, most first; then the payer's name."""
    return _ordered(summary, lambda r: (most_first(r["annual_impact"]), name_key(r["payer"])))


def volume_order(totals: pd.DataFrame, by: str, value: str) -> pd.DataFrame:
    """Payers or codes by volume (the Pareto sets: the Totals' codes by volume, the Dashboard's
    rate chart): ``value`` most first; then the name ``by``."""
    return _ordered(totals, lambda r: (most_first(r[value]), name_key(r[by])))


def urgency_order(calendar: pd.DataFrame, untimed: Sequence[str]) -> pd.DataFrame:
    """Contracts by urgency (the Timeline sheet, ``renewal_timeline.csv``, ``timeline``, the
    "Deadlines:" lines).

    Contracts that can be timed first, those whose ``status`` is one of ``untimed`` (ended, not
    in force yet) last; then the dollars at stake per day left to the notice deadline (at
    least one day), most first; then the earlier notice deadline; then the earlier end date;
    then the payer's name and the product's. Without dollars at stake every urgency is 0, and
    the order is the nearest notice deadline first.
    ``calendar``: ``payer, product, end_date, notice_deadline, days_to_notice,
    dollars_at_stake, status``.
    """
    def urgency(r: dict[Hashable, Any]) -> Fraction:
        stake, days = decimal_of(r["dollars_at_stake"]), r["days_to_notice"]
        if stake is None or _missing(days):
            return Fraction(0)
        return stake / max(int(days), 1)

    return _ordered(calendar, lambda r: (r["status"] in untimed, -urgency(r),
                                         soonest_first(r["notice_deadline"]),
                                         soonest_first(r["end_date"]),
                                         name_key(r["payer"]), name_key(r["product"])))


def contract_key(payer: object, product: object, end_date: object) -> tuple[Any, ...]:
    """Sort key of a contract listed by name (the calendar's events, ``renewals.ics``): the
    payer's name, then the product's, then the earlier end date."""
    return (name_key(payer), name_key(product), soonest_first(end_date))


def code_key(code: object, units_per_year: object) -> tuple[Any, ...]:
    """Sort key of a code in a letter (its table and its chart): units a year, most first;
    then the code."""
    return (most_first(units_per_year), name_key(code))


def code_order(rows: pd.DataFrame) -> pd.DataFrame:
    """A payer's codes as its letter lists them (:func:`code_key`); ``rows``: ``code,
    units_per_year``."""
    return _ordered(rows, lambda r: code_key(r["code"], r["units_per_year"]))
