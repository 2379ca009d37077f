"""The rate a payer paid per unit, and the day each rate came into force: the one rule for it.

Every output of an 835 import that shows a rate paid reads :func:`paid_rates`: the command's
code summary (text and ``--json``), the ``--out`` line table's ``rate_in_force`` column, the Fee
Schedules rows a workbook gets and the warnings naming rates that differ from the payer's fee
schedule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ratecalc.money import to_decimal_cents
from ratecalc.remittance.line_filters import rate_lines

#: Adjustments a line may carry and still show the payer's rate: the contractual reduction to
#: the fee schedule (CO-45), the patient's share (PR-1 deductible, PR-2 coinsurance, PR-3 copay;
#: allowed = paid + patient share, so they leave the allowed amount whole) and Medicare's
#: sequestration (CO-253, which the allowed amount does not subtract). Any other (a multiple
#: procedure reduction, a partial denial, a prior payer's share, an interest or penalty
#: adjustment) means the line was not paid at the plain rate.
RATE_ADJUSTMENTS = frozenset({"CO-45", "PR-1", "PR-2", "PR-3", "CO-253"})
#: With the payer's own allowed amount (AMT*B6), the prior payer's share (OA-23) explains the
#: payment, not the allowed amount: a secondary claim's line then shows the rate too.
RATE_ADJUSTMENTS_B6 = RATE_ADJUSTMENTS | {"OA-23"}
#: Columns of :func:`paid_rates`.
PAID_RATE_COLUMNS: tuple[str, ...] = (
    "payer", "code", "modifier", "allowed_amount", "effective_date", "last_service_date",
    "lines", "paid_days",
)


def evidence_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines whose allowed amount per unit is the payer's rate: :func:`line_filters.rate_lines
    <ratecalc.remittance.line_filters.rate_lines>` with a date of service, allowed below the charge
    (a line allowed at its charge may have been paid the charge under a lesser-of clause, the
    rate being higher), no line adjustment but :data:`RATE_ADJUSTMENTS` (and OA-23 with
    AMT*B6: :data:`RATE_ADJUSTMENTS_B6`), and no claim-level adjustment but the patient's
    share or sequestration, which leave the allowed amount whole (a claim-level reduction is
    spread over the lines by charge here, so the line's share of it says nothing of the
    line's own rate).
    """
    rates = rate_lines(lines)
    below_charge = (rates["allowed"].to_numpy(dtype=object)
                    < rates["charge"].to_numpy(dtype=object)).astype(bool)
    # each distinct adjustment text is read once: an import has many lines, few such texts
    b6 = (rates["allowed_source"] == "AMT*B6").to_numpy(dtype=bool)
    own = _each_distinct(rates["adjustments"], lambda text: _kinds(text) <= RATE_ADJUSTMENTS)
    own_b6 = _each_distinct(rates["adjustments"],
                            lambda text: _kinds(text) <= RATE_ADJUSTMENTS_B6)
    claim_level = _each_distinct(rates["claim_adjustments"], lambda text: all(
        kind.startswith("PR-") or kind == "CO-253" for kind in _kinds(text)))
    dated = rates["service_date"].notna().to_numpy(dtype=bool)
    return rates.loc[below_charge & np.where(b6, own_b6, own) & claim_level & dated]


def _each_distinct(column: pd.Series, rule: Callable[[object], bool]) -> np.ndarray:
    """``rule`` of each value of ``column`` [bool array], worked out once per distinct value."""
    codes, distinct = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
    return np.array([rule(value) for value in distinct], dtype=bool)[codes]


def line_rate(allowed: Decimal, units: Decimal) -> Decimal:
    """A line's rate [USD per unit]: ``allowed / units`` half-up to cents, as a payer's fee
    schedule states it (a 3-unit line allowed 75.67 was paid 25.22 a unit)."""
    return to_decimal_cents(allowed / units)


def paid_rates(lines: pd.DataFrame) -> pd.DataFrame:
    """Each rate a payer paid per unit for a code, from the first day of service it was paid.

    Parameters
    ----------
    lines : DataFrame
        The ``lines`` table of :class:`ratecalc.remittance.Remittances`.

    Returns
    -------
    DataFrame
        Columns :data:`PAID_RATE_COLUMNS`, one row per payer, code, pricing modifier and rate
        period: ``allowed_amount`` [USD per unit, exact cents], a rate some line was paid
        (never an average of several); ``effective_date``, the first date of service paid at
        it, the rate being in force from then until the next row's; ``last_service_date``
        and ``lines`` [count], the lines showing it; ``paid_days``, the days of service it was
        paid, in order (a tuple). Sorted by payer, code, modifier and date.

    Notes
    -----
    1. Only :func:`evidence_lines` count; each gives ``allowed / units`` to the cent
       (:func:`line_rate`).
    2. Each date of service has one rate: the one most of its lines were paid; on a tie, the
       rate of the day before if it is one of them, else the highest.
    3. Days in date order paid the same rate form a period. A period of another rate than the
       one in force whose lines all come from one claim, after which the payer pays the rate in
       force again, is an odd claim, not a rate change: it is left out, and the rate in force
       goes on. A different rate the payer went on paying (two claims or more), or paid last,
       is a new rate from its first day, even on one line: nothing after it says otherwise.
       The first period is a rate however few its claims: nothing before it to return to.

    Examples
    --------
    97110 paid 25.22 on 2026-02-02, 05-04 and 08-03, then 30.00 on 11-02: two rows, 25.22 from
    2026-02-02 and 30.00 from 2026-11-02. Paid 25.22, 25.22, 28.10 (one claim), 25.22: one
    row, 25.22 from the first day.
    """
    evidence = evidence_lines(lines)
    if evidence.empty:
        return pd.DataFrame([], columns=list(PAID_RATE_COLUMNS))
    # Every line at once (numpy), as numbers: each payer, code and modifier by their sorted
    # order, each rate by its order, each day; only what goes day by day (a tie broken by the
    # day before, an odd claim) loops, over days and periods rather than lines.
    keys, key_of = _key_ranks(*(evidence[name].to_numpy(dtype=object)
                                for name in ("payer", "code", "modifier")))
    rate, rate_of = _rate_ranks(evidence["allowed"].to_numpy(dtype=object),
                                evidence["units"].to_numpy(dtype=object))
    served = evidence["service_date"].dt.normalize().to_numpy()
    claim = evidence["claim_index"].to_numpy(dtype=np.int64)
    order = np.lexsort((rate, served, keys))
    keys, rate, served, claim = keys[order], rate[order], served[order], claim[order]

    # each payer's code, day and rate with its lines (a tally); each payer's code and day
    new_tally = _changes(keys, served, rate)
    tally_of_line = np.cumsum(new_tally) - 1
    tally_start = np.flatnonzero(new_tally)
    tally_lines = np.diff(np.append(tally_start, len(keys)))
    tally_rate = rate[tally_start]
    new_day = _changes(keys[tally_start], served[tally_start])
    day_of_tally = np.cumsum(new_day) - 1
    day_start = np.flatnonzero(new_day)
    day_end = np.append(day_start[1:], len(tally_start))
    day_key = keys[tally_start][day_start]
    most = np.maximum.reduceat(tally_lines, day_start)
    tied = tally_lines == most[day_of_tally]
    # rule point 2: the rate most of the day's lines were paid; on a tie the day before's if
    # tied, else the highest (the day before's is final: days are taken in order)
    day_rate = np.maximum.reduceat(np.where(tied, tally_rate, -1), day_start)
    for at in np.flatnonzero(np.add.reduceat(tied.astype(np.int64), day_start) > 1).tolist():
        if at and day_key[at - 1] == day_key[at]:
            first, end = day_start[at], day_end[at]
            if day_rate[at - 1] in tally_rate[first:end][tied[first:end]]:
                day_rate[at] = day_rate[at - 1]

    # rule point 3: days in a row paid one rate are a period, whose claims are those of its
    # lines paid that rate
    new_run = _changes(day_key, day_rate)
    run_of_day = np.cumsum(new_run) - 1
    run_start = np.flatnonzero(new_run)
    line_day = day_of_tally[tally_of_line]
    at_rate = rate == day_rate[line_day]
    run_claims = claim[at_rate]
    claims_start = np.flatnonzero(_changes(run_of_day[line_day][at_rate]))
    one_claim = (np.minimum.reduceat(run_claims, claims_start)
                 == np.maximum.reduceat(run_claims, claims_start))
    kept_of_run = _kept_periods(day_key[run_start].tolist(), day_rate[run_start].tolist(),
                                one_claim.tolist())

    # the rows: each kept period with the periods of its rate it absorbed, their days in order
    kept_of_day = np.asarray(kept_of_run, dtype=np.int64)[run_of_day]
    shown = np.flatnonzero(kept_of_day >= 0)
    days = pd.DatetimeIndex(served[tally_start][day_start][shown]).tolist()
    row_start = np.flatnonzero(_changes(kept_of_day[shown]))
    row_end = np.append(row_start[1:], len(shown))
    row_lines = np.add.reduceat(most[shown], row_start)
    rows = []
    for first, end, count in zip(row_start.tolist(), row_end.tolist(), row_lines.tolist(),
                                 strict=True):
        day = int(shown[first])
        rows.append((*key_of[day_key[day]], rate_of[day_rate[day]], days[first],
                     days[end - 1], count, tuple(days[first:end])))
    return pd.DataFrame(rows, columns=list(PAID_RATE_COLUMNS))


def _ranks(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Each of ``values`` as its place among the distinct values sorted [int array], and
    those sorted values (each distinct value compared once, by Python's own ordering)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    by_value = sorted(range(len(distinct)), key=distinct.__getitem__)
    place = np.empty(len(distinct), dtype=np.int64)
    place[by_value] = np.arange(len(distinct))
    return place[codes], [distinct[at] for at in by_value]


def key_groups(*columns: np.ndarray) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Each row of ``columns`` (a payer, code and modifier...) as the number of its distinct
    row [int array], numbered in the order each first comes, and those rows (tuples)."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    distinct: list[Any] = []
    for column in columns:
        codes, values = pd.factorize(column, use_na_sentinel=False)
        combined = combined * len(values) + codes
        distinct.append(values)
    group, firsts = pd.factorize(combined)
    rows = []
    for code in firsts.tolist():
        row = []
        for values in reversed(distinct):
            code, at = divmod(code, len(values))
            row.append(values[at])
        rows.append(tuple(reversed(row)))
    return group, rows


def _key_ranks(*columns: np.ndarray) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Each row of ``columns`` as its place among the distinct rows sorted as tuples [int
    array], and those rows (tuples)."""
    group, rows = key_groups(*columns)
    by_row = sorted(range(len(rows)), key=rows.__getitem__)
    place = np.empty(len(rows), dtype=np.int64)
    place[by_row] = np.arange(len(rows))
    return place[group], [rows[at] for at in by_row]


def _rate_ranks(allowed: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, list[Decimal]]:
    """:func:`line_rate` of each line as :func:`_ranks` gives it, worked out once per
    distinct allowed amount and units (an import has many lines, few such pairs)."""
    amount, amounts = pd.factorize(allowed, use_na_sentinel=False)
    unit, units_ = pd.factorize(units, use_na_sentinel=False)
    pair, pairs = pd.factorize(amount.astype(np.int64) * len(units_) + unit)
    rates = np.empty(len(pairs), dtype=object)
    rates[:] = [line_rate(amounts[at // len(units_)], units_[at % len(units_)])
                for at in pairs.tolist()]
    place, distinct = _ranks(rates)
    return place[pair], distinct


def _changes(*columns: np.ndarray) -> np.ndarray:
    """Where any of ``columns`` (sorted together) differs from the row before [bool]; the
    first row is a change."""
    change = np.zeros(len(columns[0]), dtype=bool)
    if len(change):
        change[0] = True
        for column in columns:
            change[1:] |= column[1:] != column[:-1]
    return change


def _kept_periods(keys: list[int], rates: list[int], one_claim: list[bool]) -> list[int]:
    """Rule point 3 of :func:`paid_rates` over the periods of days paid one rate (in order,
    each payer's code's together): the row of the result each period adds its days to, or -1
    for an odd claim left out."""
    kept: list[int] = []
    in_force: int | None = None
    rows = -1
    for at, (key, rate) in enumerate(zip(keys, rates, strict=True)):
        if at == 0 or keys[at - 1] != key:
            in_force = None
        last = at == len(keys) - 1 or keys[at + 1] != key
        if in_force is not None and rate == in_force:
            kept.append(rows)  # the rate in force, after an odd claim left out
        elif (in_force is not None and not last and one_claim[at]
              and rates[at + 1] == in_force):
            kept.append(-1)  # one claim paid otherwise, and then the rate in force again
        else:
            rows += 1
            kept.append(rows)
            in_force = rate
    return kept


def rate_in_force(rates: pd.DataFrame, lines: pd.DataFrame) -> list[Decimal | None]:
    """For each of ``lines``, the rate of :func:`paid_rates` (``rates``) in force on its date
    of service for its payer, code and modifier [USD per unit]; None before the first or
    without a date."""
    found = np.full(len(lines), None, dtype=object)
    if rates.empty or lines.empty:
        return found.tolist()
    served = lines["service_date"].dt.normalize().to_numpy()
    periods: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for at, key in enumerate(zip(rates["payer"].tolist(), rates["code"].tolist(),
                                 rates["modifier"].tolist(), strict=True)):
        periods[key].append(at)  # in date order: paid_rates sorts them so
    since = rates["effective_date"].to_numpy().astype(served.dtype)
    amounts = rates["allowed_amount"].to_numpy(dtype=object)
    keys, key_of = _key_ranks(*(lines[name].to_numpy(dtype=object)
                                for name in ("payer", "code", "modifier")))
    by_key = np.argsort(keys, kind="stable")
    starts = np.searchsorted(keys[by_key], np.arange(len(key_of) + 1))
    for key, start, end in zip(key_of, starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        rows = periods.get(key)
        if rows is None:
            continue
        of_key = by_key[start:end]
        dated = of_key[~np.isnat(served[of_key])]
        # the last period from on or before the day: its rate is the one in force
        period = np.searchsorted(since[rows], served[dated], side="right") - 1
        found[dated[period >= 0]] = amounts[rows][period[period >= 0]]
    return found.tolist()


def _kinds(text: object) -> set[str]:
    """``'CO-45 57.00; PR-2 20.00'`` -> ``{'CO-45', 'PR-2'}``."""
    if not isinstance(text, str) or not text:
        return set()
    return {triple.split(" ", 1)[0] for triple in text.split("; ") if triple}
