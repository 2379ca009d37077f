"""Plain line-by-line forms of the rates paid and the code summary, to check the fast ones by.

They are the rules as :mod:`ratecalc.remittance.paid_rates` and
:func:`ratecalc.remittance.summary.summarize_codes` wrote them before they worked over whole
columns (numpy): a loop over the lines, a Counter per day, one period object per run of days.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from ratecalc.money import money_text
from ratecalc.ranking import name_rank
from ratecalc.remittance import values
from ratecalc.remittance.paid_rates import (
    PAID_RATE_COLUMNS,
    RATE_ADJUSTMENTS,
    RATE_ADJUSTMENTS_B6,
    line_rate,
)
from ratecalc.remittance.summary import CODE_SUMMARY_COLUMNS, rate_periods

_ZERO = Decimal(0)


def counted_lines(lines: pd.DataFrame) -> pd.DataFrame:
    keep = ((lines["code"] != "") & ~lines["reversal"] & ~lines["reversed"]
            & lines["claim_status"].isin(values.STATUS_SUBMITTED))
    return lines.loc[keep]


def rate_lines(lines: pd.DataFrame) -> pd.DataFrame:
    counted = counted_lines(lines)
    keep = [
        units is not None and units > 0 and allowed is not None and allowed > 0
        and not pd.isna(charge) and not pd.isna(paid)
        and (status in values.STATUS_PRIMARY or source == "AMT*B6") and not denied
        for units, allowed, charge, paid, status, source, denied in zip(
            counted["units"], counted["allowed"], counted["charge"], counted["paid"],
            counted["claim_status"], counted["allowed_source"], counted["denied"], strict=True)
    ]
    return counted.loc[np.array(keep, dtype=bool)]


def _kinds(text: object) -> set[str]:
    if not isinstance(text, str) or not text:
        return set()
    return {triple.split(" ", 1)[0] for triple in text.split("; ") if triple}


def evidence_lines(lines: pd.DataFrame) -> pd.DataFrame:
    rates = rate_lines(lines)
    keep = [
        allowed < charge
        and _kinds(own) <= (RATE_ADJUSTMENTS_B6 if source == "AMT*B6" else RATE_ADJUSTMENTS)
        and all(kind.startswith("PR-") or kind == "CO-253" for kind in _kinds(claim_level))
        and not pd.isna(served)
        for allowed, charge, own, claim_level, source, served in zip(
            rates["allowed"], rates["charge"], rates["adjustments"], rates["claim_adjustments"],
            rates["allowed_source"], rates["service_date"], strict=True)
    ]
    return rates.loc[np.array(keep, dtype=bool)]


@dataclass
class _Run:
    rate: Decimal
    first: pd.Timestamp
    last: pd.Timestamp
    lines: int
    claims: set[int] = field(default_factory=set)
    days: list[pd.Timestamp] = field(default_factory=list)

    def absorb(self, other: _Run) -> None:
        self.last = other.last
        self.lines += other.lines
        self.claims |= other.claims
        self.days += other.days


def paid_rates(lines: pd.DataFrame) -> pd.DataFrame:
    evidence = evidence_lines(lines)
    days: dict[tuple[str, str, str], dict[pd.Timestamp, list[tuple[Decimal, int]]]] = (
        defaultdict(lambda: defaultdict(list)))
    for payer, code, modifier, allowed, units, served, claim in zip(
            evidence["payer"], evidence["code"], evidence["modifier"], evidence["allowed"],
            evidence["units"], evidence["service_date"], evidence["claim_index"], strict=True):
        days[(payer, code, modifier)][served.normalize()].append(
            (line_rate(allowed, units), int(claim)))
    rows = []
    for key in sorted(days):
        for run in _periods(days[key]):
            rows.append((*key, run.rate, run.first, run.last, run.lines, tuple(run.days)))
    return pd.DataFrame(rows, columns=list(PAID_RATE_COLUMNS))


def _periods(days: dict[pd.Timestamp, list[tuple[Decimal, int]]]) -> list[_Run]:
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
            kept[-1].absorb(run)
        elif (kept and at < len(runs) - 1 and len(run.claims) == 1
              and runs[at + 1].rate == kept[-1].rate):
            continue
        else:
            kept.append(run)
    return kept


def summarize_codes(lines: pd.DataFrame) -> pd.DataFrame:
    counted = counted_lines(lines)
    periods = rate_periods(paid_rates(counted))  # the grouping only: rates are ours
    groups: dict[tuple[str, str, str], dict[str, object]] = {}
    for payer, code, modifier, units, allowed, paid, denied, served in zip(
        counted["payer"], counted["code"], counted["modifier"], counted["units"],
        counted["allowed"], counted["paid"], counted["denied"], counted["service_date"],
        strict=True,
    ):
        totals = groups.setdefault((payer, code, modifier), {
            "lines": 0, "units": _ZERO, "allowed": _ZERO, "paid": _ZERO, "denied": 0,
            "dates": []})
        totals["lines"] += 1  # type: ignore[operator]
        totals["units"] += units or _ZERO  # type: ignore[operator]
        totals["allowed"] += allowed or _ZERO  # type: ignore[operator]
        totals["paid"] += paid or _ZERO  # type: ignore[operator]
        totals["denied"] += bool(denied)  # type: ignore[operator]
        if not pd.isna(served):
            totals["dates"].append(served)  # type: ignore[attr-defined]
    rows = []
    for (payer, code, modifier), totals in groups.items():
        found = periods.get((payer, code, modifier), [])
        dates: list[pd.Timestamp] = totals["dates"]  # type: ignore[assignment]
        rows.append({
            "payer": payer, "code": code, "modifier": modifier, "lines": totals["lines"],
            "units": totals["units"],
            "allowed_per_unit": found[-1][0] if found else None,
            "rate_from": found[-1][1] if found else pd.NaT,
            "earlier_rates": "; ".join(f"{money_text(rate)} from {since:%Y-%m-%d}"
                                       for rate, since, _ in found[:-1]),
            "rate_lines": sum(shown for _, _, shown in found),
            "allowed": totals["allowed"], "paid": totals["paid"],
            "denied_lines": totals["denied"],
            "denial_rate": totals["denied"] / totals["lines"],  # type: ignore[operator]
            "first_service_date": min(dates) if dates else pd.NaT,
            "last_service_date": max(dates) if dates else pd.NaT,
        })
    frame = pd.DataFrame(rows, columns=list(CODE_SUMMARY_COLUMNS))
    if frame.empty:
        return frame
    frame = frame.assign(_by_name=name_rank(frame["payer"])).sort_values(
        ["_by_name", "lines", "code", "modifier"], ascending=[True, False, True, True],
        kind="stable")
    return frame.drop(columns="_by_name").reset_index(drop=True)


def days_to_payment(counted: pd.DataFrame) -> list[int]:
    return [int(d) for d, stands in zip(counted["days_to_payment"], counted["stands"],
                                        strict=True) if stands and not pd.isna(d)]


def rate_in_force(rates: pd.DataFrame, lines: pd.DataFrame) -> list[Decimal | None]:
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
