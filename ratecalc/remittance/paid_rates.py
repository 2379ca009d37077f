"""The rate a payer paid per unit, and the day each rate came into force: the one rule for it.

Every output of an 835 import that shows a rate paid reads :func:`paid_rates`: the command's
code summary (text and ``--json``), the ``--out`` line table's ``rate_in_force`` column, the Fee
Schedules rows a workbook gets and the warnings naming rates that differ from the payer's fee
schedule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

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
    # plain lists: iterating the columns themselves (Arrow strings, datetimes) is several
    # times slower over a large import
    keep = [
        allowed < charge
        and _kinds(own) <= (RATE_ADJUSTMENTS_B6 if source == "AMT*B6" else RATE_ADJUSTMENTS)
        and all(kind.startswith("PR-") or kind == "CO-253" for kind in _kinds(claim_level))
        for allowed, charge, own, claim_level, source in zip(
            rates["allowed"].tolist(), rates["charge"].tolist(), rates["adjustments"].tolist(),
            rates["claim_adjustments"].tolist(), rates["allowed_source"].tolist(), strict=True)
    ]
    dated = rates["service_date"].notna().to_numpy(dtype=bool)
    return rates.loc[pd.Series(keep, index=rates.index, dtype=bool).to_numpy() & dated]


def line_rate(allowed: Decimal, units: Decimal) -> Decimal:
    """A line's rate [USD per unit]: ``allowed / units`` half-up to cents, as a payer's fee
    schedule states it (a 3-unit line allowed 75.67 was paid 25.22 a unit)."""
    return to_decimal_cents(allowed / units)


@dataclass
class _Run:
    rate: Decimal
    first: np.datetime64
    last: np.datetime64
    lines: int
    claims: set[int] = field(default_factory=set)
    days: list[np.datetime64] = field(default_factory=list)

    def absorb(self, other: _Run) -> None:
        self.last = other.last
        self.lines += other.lines
        self.claims |= other.claims
        self.days += other.days


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
    days: dict[tuple[str, str, str], dict[np.datetime64, list[tuple[Decimal, int]]]] = (
        defaultdict(lambda: defaultdict(list)))
    rate_of: dict[tuple[Decimal, Decimal], Decimal] = {}  # a few amounts, many lines
    for payer, code, modifier, allowed, units, served, claim in zip(
            evidence["payer"].tolist(), evidence["code"].tolist(),
            evidence["modifier"].tolist(), evidence["allowed"].tolist(),
            evidence["units"].tolist(), evidence["service_date"].dt.normalize().to_numpy(),
            evidence["claim_index"].tolist(), strict=True):
        rate = rate_of.get((allowed, units))
        if rate is None:
            rate = rate_of[(allowed, units)] = line_rate(allowed, units)
        days[(payer, code, modifier)][served].append((rate, int(claim)))
    rows = []
    for key in sorted(days):
        for run in _periods(days[key]):
            rows.append((*key, run.rate, pd.Timestamp(run.first), pd.Timestamp(run.last),
                         run.lines, tuple(pd.Timestamp(day) for day in run.days)))
    return pd.DataFrame(rows, columns=list(PAID_RATE_COLUMNS))


def _periods(days: dict[np.datetime64, list[tuple[Decimal, int]]]) -> list[_Run]:
    """Rule points 2 and 3 of :func:`paid_rates` for one payer, code and modifier."""
    runs: list[_Run] = []
    previous: Decimal | None = None
    for day in sorted(days):
        paid = days[day]
        counts = Counter(rate for rate, _ in paid)
        most = max(counts.values())
        tied = [rate for rate, count in counts.items() if count == most]
        rate = previous if previous in tied else max(tied)
        previous = rate
        today = _Run(rate, day, day, most, {claim for r, claim in paid if r == rate}, [day])
        if runs and runs[-1].rate == rate:
            runs[-1].absorb(today)
        else:
            runs.append(today)
    kept: list[_Run] = []
    for at, run in enumerate(runs):
        if kept and kept[-1].rate == run.rate:
            kept[-1].absorb(run)  # the rate in force, after an odd claim left out
        elif (kept and at < len(runs) - 1 and len(run.claims) == 1
              and runs[at + 1].rate == kept[-1].rate):
            continue  # one claim paid otherwise, and then the rate in force again
        else:
            kept.append(run)
    return kept


def rate_in_force(rates: pd.DataFrame, lines: pd.DataFrame) -> list[Decimal | None]:
    """For each of ``lines``, the rate of :func:`paid_rates` (``rates``) in force on its date
    of service for its payer, code and modifier [USD per unit]; None before the first or
    without a date."""
    periods: dict[tuple[str, str, str], list[tuple[pd.Timestamp, Decimal]]] = defaultdict(list)
    for payer, code, modifier, rate, day in zip(
            rates["payer"], rates["code"], rates["modifier"], rates["allowed_amount"],
            rates["effective_date"], strict=True):
        periods[(payer, code, modifier)].append((day, rate))
    found: list[Decimal | None] = []
    for payer, code, modifier, served in zip(lines["payer"], lines["code"], lines["modifier"],
                                            lines["service_date"], strict=True):
        held = None
        if not pd.isna(served):
            for day, rate in periods.get((payer, code, modifier), ()):
                if day > served.normalize():
                    break
                held = rate
        found.append(held)
    return found


def _kinds(text: object) -> set[str]:
    """``'CO-45 57.00; PR-2 20.00'`` -> ``{'CO-45', 'PR-2'}``."""
    if not isinstance(text, str) or not text:
        return set()
    return {triple.split(" ", 1)[0] for triple in text.split("; ") if triple}
