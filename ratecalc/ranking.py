"""The order every output lists payers and codes in, ties broken in full.

Each list a user reads ranked (the Priorities, the Proposal's sums per payer, the Timeline, the
codes and payers by volume, a letter's codes) is ordered by one function here, which the sheet,
the CSV, ``--json``, the command's text and the letter all show. Each orders by its figure, then
by tie-breaks a billing manager would expect, and last by the name (case-insensitively, then
as typed), so that no order is left to the input rows' order or to an unstable sort.

Amounts are weighed as they are shown, half-up to cents (:func:`ratecalc.money.round_cents`,
two decimals for a volume): two payers both shown at $1,000.00 tie, whatever their unseen
fractions of a cent (1000.004 and 1000.001 from interpolated market medians), and in binary
0.10 + 0.20 short is 0.30 short. The next tie-break then decides, as the list says it does.

The lists are sorted on numeric key columns (one ``numpy.lexsort``, stable), not on a Python key
per row: a Pareto set of 40 payers x 300 codes is sorted on every refresh. The per-value keys
(:func:`most_first`, :func:`soonest_first`, :func:`name_key`) state the same order one value at
a time, for lists built outside a table and for the tests to compare with.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ratecalc.money import WHOLE_CENTS_FROM, round_cents


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def decimal_of(value: object) -> Decimal | None:
    """A figure as shown, half-up to cents (None when it is blank): the value ties are judged
    on.

    >>> decimal_of(0.1 + 0.2) == decimal_of(0.3), decimal_of(1000.004) == decimal_of(1000.001)
    (True, True)
    >>> decimal_of(float("nan")) is None
    True
    """
    if _missing(value):
        return None
    # round_cents gives one float per cent (the same float for 1000.004 and 1000.001); its
    # repr is that cent's shortest decimal; an infinity stays comparable as Decimal('Infinity')
    return Decimal(repr(round_cents(float(value))))  # type: ignore[arg-type]


def most_first(value: object) -> tuple[bool, Decimal]:
    """Sort key of a figure ranked largest first, blanks last."""
    amount = decimal_of(value)
    return (amount is None, -(amount if amount is not None else Decimal(0)))


def soonest_first(value: object) -> tuple[bool, Any]:
    """Sort key of a date or a count of days ranked smallest first, blanks last."""
    if _missing(value):
        return (True, 0)
    if isinstance(value, pd.Timestamp):
        return (False, value.date().toordinal())
    if isinstance(value, date):
        return (False, value.toordinal())
    return (False, float(value))  # type: ignore[arg-type]


def name_key(name: object) -> tuple[str, str]:
    """Sort key of a payer's, a product's or a code's name: case-insensitively, then as typed
    (so that 'aetna' and 'Aetna', were both listed, keep one order)."""
    text = "" if _missing(name) else str(name)
    return (text.casefold(), text)


def _floats(values: object) -> np.ndarray:
    """Figures as floats, NaN for a blank (None, NaN, NaT, pd.NA)."""
    series = values if isinstance(values, pd.Series) else pd.Series(np.atleast_1d(
        np.asarray(values, dtype=object)))
    return series.to_numpy(dtype=float, na_value=np.nan)


def _most_first_keys(values: pd.Series) -> list[np.ndarray]:
    """:func:`most_first` as key columns (ascending): blank last, then the shown amount, most
    first."""
    shown = round_cents(_floats(values))
    blank = np.isnan(shown)
    return [blank, np.where(blank, 0.0, -shown)]


def _soonest_first_keys(values: pd.Series) -> list[np.ndarray]:
    """:func:`soonest_first` as key columns: blank last, then the date's day number or the
    count of days, smallest first."""
    if pd.api.types.is_datetime64_any_dtype(values):
        days = values.dt.normalize().to_numpy(dtype="datetime64[D]")
        blank = np.isnat(days)
        number = np.where(blank, 0, days.astype(np.int64)).astype(float)
    elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        number = _floats(values)
        blank = np.isnan(number)
    else:  # dates as objects: few rows (payers, contracts), one key each
        pairs = [soonest_first(v) for v in values.tolist()]
        blank = np.array([b for b, _ in pairs], dtype=bool)
        number = np.array([float(n) for _, n in pairs], dtype=float)
    return [blank, np.where(blank, 0.0, number)]


def name_rank(values: pd.Series) -> np.ndarray:
    """Each name's rank in :func:`name_key`'s order (equal names, equal ranks): a column to
    ``sort_values`` a table by name case-insensitively, beside its other columns. Ranked among
    the distinct names (of which a table has few: its payers, its codes), so casefold runs once
    a name, not once a row.

    >>> name_rank(pd.Series(["b", "A", "a", None, "A"])).tolist()
    [3, 1, 2, 0, 1]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    keys = [name_key(u) for u in uniques]
    rank_of = {key: rank for rank, key in enumerate(sorted(set(keys)))}
    ranks = np.array([rank_of[key] for key in keys], dtype=np.int64)
    return ranks[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def _name_keys(values: pd.Series) -> list[np.ndarray]:
    """:func:`name_key` as a key column (:func:`name_rank`)."""
    return [name_rank(values)]


def _ordered(frame: pd.DataFrame, keys: list[np.ndarray]) -> pd.DataFrame:
    """Rows of ``frame`` by ``keys``, the first key first; rows tying on all of them keep their
    order (``numpy.lexsort`` is stable)."""
    order = np.lexsort(keys[::-1]) if len(frame) else np.zeros(0, dtype=np.int64)
    return frame.take(order).reset_index(drop=True)


def name_order(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Rows by name, column after column (:func:`name_key`: case-insensitively, then as
    typed; a blank first, as an empty name): the payer x code tables (Comparison, Proposal)
    list payers in the order every ranked list breaks its ties by, 'beacon Health' between
    'Alder Care' and 'Cobalt Plan'."""
    return _ordered(frame, [k for column in columns for k in _name_keys(frame[column])])


def priority_order(table: pd.DataFrame, ended: npt.ArrayLike | None = None, *,
                   not_started: npt.ArrayLike | None = None) -> pd.DataFrame:
    """Payers in the order to negotiate with them (the Priorities, and every output that lists
    payers by priority: Scenarios, Exit Impact, the Dashboard, ``analyze``'s "Negotiate
    first").

    A payer whose contract ended without renewal (``ended``, one flag per row:
    :func:`ratecalc.rates.ended_contracts`) has no term to negotiate: it comes after every
    other payer, as the Timeline lists it last; a payer not under contract yet
    (``not_started``, one flag per row: :func:`ratecalc.rates.payers_not_started`) has none
    yet, and no letter is written to it: it comes after every payer with a contract in force,
    before the ended ones. Then dollars at stake as shown (half-up to
    cents), most first, a blank (not known: no market benchmark for the payer's codes) after
    every known figure, $0.00 included; then the sooner
    renewal (days to renewal; a payer without one after those with); then the earlier notice
    deadline; then the payer's name. ``table``: ``payer, dollars_at_stake, days_to_renewal,
    notice_deadline``.
    """
    last = np.zeros(len(table), dtype=np.int64) if ended is None else (
        2 * np.asarray(ended, dtype=bool).astype(np.int64))
    if not_started is not None:
        last = np.maximum(last, np.asarray(not_started, dtype=bool).astype(np.int64))
    return _ordered(table, [last, *_most_first_keys(table["dollars_at_stake"]),
                            *_soonest_first_keys(table["days_to_renewal"]),
                            *_soonest_first_keys(table["notice_deadline"]),
                            *_name_keys(table["payer"])])


def impact_order(summary: pd.DataFrame) -> pd.DataFrame:
    """The Proposal's sums per payer (the Totals sheet, ``proposal_summary.csv``, the summary's
    ``proposal``): annual impact as shown (half-up to cents), most first; then the payer's
    name."""
    return _ordered(summary, [*_most_first_keys(summary["annual_impact"]),
                              *_name_keys(summary["payer"])])


def volume_order(totals: pd.DataFrame, by: str, value: str) -> pd.DataFrame:
    """Payers or codes by volume (the Pareto sets: the Totals' codes by volume, the Dashboard's
    rate chart): ``value`` as shown (units to two decimals, half-up), most first; then the
    name ``by``."""
    return _ordered(totals, [*_most_first_keys(totals[value]), *_name_keys(totals[by])])


def urgency(dollars_at_stake: npt.ArrayLike, days_to_notice: npt.ArrayLike) -> np.ndarray:
    """Urgency as shown [USD per day]: the dollars at stake as shown (half-up to cents) per day
    left to the notice deadline (at least one), half-up to cents.

    The Timeline's Urgency column and :func:`urgency_order` both take it from here, so the
    contracts are ranked on the figure the column shows: two contracts shown at $3.33 a day tie
    and the earlier notice deadline decides. A blank stake or a blank count of days (a
    contract that cannot be timed) is 0.

    Notes
    -----
    ``urgency = round_cents(round_cents(dollars_at_stake) / max(days_to_notice, 1))``, worked
    in whole cents: a float quotient such as 10.01 / 2 = 5.004999... would round down.

    >>> urgency([1000.004, 1000.001, 10.01, None], [300, 300, 2, 5]).tolist()
    [3.33, 3.33, 5.01, 0.0]
    """
    stake = round_cents(_floats(dollars_at_stake))
    days = np.trunc(_floats(days_to_notice))
    blank = np.isnan(stake) | np.isnan(days)
    days = np.maximum(np.where(blank, 1.0, days), 1.0)
    in_cents = ~blank & (np.abs(stake) < WHOLE_CENTS_FROM)  # finite, and a whole cent count
    cents = np.rint(np.where(in_cents, stake, 0.0) * 100.0).astype(np.int64)
    whole_days = days.astype(np.int64)
    per_day = (2 * np.abs(cents) + whole_days) // (2 * whole_days) * np.sign(cents)
    with np.errstate(invalid="ignore"):
        beyond = np.where(blank, 0.0, stake / days)  # an infinite or whole-dollar stake
    return np.where(in_cents, per_day / 100.0, beyond)


def urgency_order(calendar: pd.DataFrame, untimed: Sequence[str],
                  due_first: Sequence[str] = ()) -> pd.DataFrame:
    """Contracts by urgency (the Timeline sheet, ``renewal_timeline.csv``, ``timeline``, the
    "Deadlines:" lines).

    Contracts that can be timed first, those whose ``status`` is one of ``untimed`` (ended, not
    in force yet) last; then by ``status`` in the order of ``due_first`` (what is due or
    overdue first: notice deadline passed, decide now, negotiate now, prepare now, upcoming);
    then the earlier notice deadline; then the urgency as shown (:func:`urgency`), most first;
    then the earlier end date; then the payer's name and the product's. Dollars a day ranked
    before the deadline put a payer 360 days from its deadline before one 116 days from it, and
    an "upcoming" payer before one whose proposal was due that day (walk-8).
    ``calendar``: ``payer, product, end_date, notice_deadline, days_to_notice,
    dollars_at_stake, status``.
    """
    stage = {status: at for at, status in enumerate(due_first)}
    stages = np.array([stage.get(s, len(stage)) for s in calendar["status"]], dtype=np.int64)
    return _ordered(calendar, [calendar["status"].isin(list(untimed)).to_numpy(), stages,
                               *_soonest_first_keys(calendar["notice_deadline"]),
                               -urgency(calendar["dollars_at_stake"],
                                        calendar["days_to_notice"]),
                               *_soonest_first_keys(calendar["end_date"]),
                               *_name_keys(calendar["payer"]), *_name_keys(calendar["product"])])


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
    return _ordered(rows, [*_most_first_keys(rows["units_per_year"]), *_name_keys(rows["code"])])
