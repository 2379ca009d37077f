"""Remittances into the canonical tables of :mod:`ratecalc.schema`: Fee Schedules and Metrics.

These are the figures the workbook and the letter show, so this is where amounts are rounded:
once, half-up to cents.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from ratecalc.dates import period_text
from ratecalc.errors import Location, Problem
from ratecalc.modifiers import ASSISTANT_MODIFIERS
from ratecalc.money import (
    CENT,
    money_text,
    shown_percent,
    stated_decimal,
    stated_percent_text,
    to_decimal_cents,
)
from ratecalc.remittance.importer import Remittances
from ratecalc.remittance.paid_rates import paid_rates
from ratecalc.remittance.summary import counted_claims, days_to_payment, summarize_payers
from ratecalc.schema import FEE_SCHEDULES, METRICS

if TYPE_CHECKING:
    from ratecalc.dataset import MedicareTerms


def fee_schedules(remittances: Remittances, *, paid_days: bool = False) -> pd.DataFrame:
    """What each payer actually allowed per unit, as rows of the Fee Schedules table.

    Parameters
    ----------
    remittances : Remittances
    paid_days : bool
        Add a ``paid_days`` column: the days each rate was paid (a tuple), with which a
        workbook import compares the rate paid with the schedule's on a day the schedule
        changes inside the rate's period (:func:`ratecalc.rates.rates_to_add`).

    Returns
    -------
    DataFrame
        Columns of :data:`ratecalc.schema.FEE_SCHEDULES` (payer, code, modifier,
        allowed_amount [USD per unit, cents], effective_date), one row per payer, code,
        pricing modifier and rate paid: the rows of
        :func:`ratecalc.remittance.paid_rates.paid_rates`, each rate in force from the first
        date of service it was paid until the next row's (the rule, and how an odd line is told
        from a rate change, is documented there).
    """
    rates = paid_rates(remittances.lines)
    rows = [
        {"payer": payer, "code": code, "modifier": modifier, "allowed_amount": float(rate),
         "effective_date": since, "confirmed": False, "paid_days": days}
        for payer, code, modifier, rate, since, days in zip(
            rates["payer"], rates["code"], rates["modifier"], rates["allowed_amount"],
            rates["effective_date"], rates["paid_days"], strict=True)
    ]
    columns = [*FEE_SCHEDULES.column_names, *(["paid_days"] if paid_days else [])]
    return pd.DataFrame(rows, columns=columns)


def metrics(remittances: Remittances) -> pd.DataFrame:
    """The clinic's claim performance, as rows of the Clinic Metrics table.

    Returns
    -------
    DataFrame
        Columns of :data:`ratecalc.schema.METRICS`: ``clean_claim_rate`` and ``denial_rate``
        [fraction of adjudicated claims, all payers], and ``days_in_ar`` [days], when any claim
        has both dates. Empty when no claim was adjudicated. ``period`` is
        :func:`metrics_period`, the same for the three rows; ``source`` is
        :func:`metrics_source`, each row's own: the two rates' the claims they count, the days'
        also the paid claims they are over (a workbook that keeps its own days in A/R row, the
        import adding the rates, credited the remittances with the days to payment).

    Notes
    -----
    ``days_in_ar`` is the mean number of days from the date of service to the payment date over
    paid claims: days to payment as the remittances show it, not the balance-sheet figure (A/R
    balance / average daily charges), which needs the clinic's ledger. Definitions of the rates:
    :func:`ratecalc.remittance.summary.summarize_payers`.
    """
    payers = summarize_payers(remittances.claims, remittances.provider_adjustments)
    claims = int(payers["claims"].sum())
    if claims == 0:
        return pd.DataFrame(columns=METRICS.column_names)
    # of the claims the rates count (a claim reversed and corrected once, as corrected)
    counted = counted_claims(remittances.claims)
    days = days_to_payment(counted)
    period = metrics_period(remittances.lines, counted)
    rates_source = metrics_source(claims, len(payers), 0)
    rows = [
        _metric("clean_claim_rate", payers["clean_claims"].sum() / claims, "fraction", period,
                rates_source),
        _metric("denial_rate", payers["denied_claims"].sum() / claims, "fraction", period,
                rates_source),
    ]
    if days:
        rows.append(_metric("days_in_ar", statistics.fmean(days), "days", period,
                            metrics_source(claims, len(payers), len(days))))
    return pd.DataFrame(rows, columns=METRICS.column_names)


def metrics_period(lines: pd.DataFrame, counted: pd.DataFrame) -> str:
    """The days of service the metrics measure, :func:`ratecalc.dates.period_text`: from the
    first to the last date of service of the claims counted (``counted``, of
    :func:`~ratecalc.remittance.summary.counted_claims`); blank when none has a date.

    Not the payment dates: one 835 paid on 2026-12-01 read "2026-12-01 to 2026-12-01" for
    services of 2025-12-31 to 2026-11-20, beside the clinic's own figures for "2026".
    """
    mine = lines.loc[lines["claim_index"].isin(counted["claim_index"])]
    starts = mine["service_date"].dropna()
    ends = pd.concat([starts, mine["service_end_date"].dropna()])
    if starts.empty:
        return ""
    return period_text(starts.min().date(), ends.max().date())


def metrics_source(claims: int, payers: int, timed: int) -> str:
    """Where a metric comes from, in words a letter can show the payer it is addressed to:
    the clinic's remittance records, how many claims of how many payers, and how many paid
    claims the days to payment are over (``timed``: the days in A/R row's; 0, the rates', left
    out). The rates' text begins the days' text, so a letter citing all three says it once
    (:func:`ratecalc.metric_sources.sources_listed`).

    It names no payer: a letter to one payer quoted "835 remittances from SUMMIT BLUECARE"
    back to Summit, or would tell another payer whose claims the figures are; it still says
    how many payers they stand on, since one payer's claims are not the clinic's whole record.

    >>> metrics_source(5, 1, 4)
    'our remittance records (835), 5 claims from 1 payer, days to payment over 4 paid claims'
    >>> metrics_source(5, 1, 0)
    'our remittance records (835), 5 claims from 1 payer'
    """
    def counted(n: int, thing: str) -> str:
        return f"{n:,} {thing}{'' if n == 1 else 's'}"

    said = (f"our remittance records (835), {counted(claims, 'claim')} from "
            f"{counted(payers, 'payer')}")
    if timed:
        said += f", days to payment over {counted(timed, 'paid claim')}"
    return said


def canonical_tables(remittances: Remittances) -> dict[str, pd.DataFrame]:
    """The canonical ``fee_schedules`` and ``metrics`` tables, keyed by table name.

    These are the rows an import writes into the workbook's Fee Schedules and Clinic Metrics
    tables (the workbook writer lives in ``ratecalc_workbook``); the Fee Schedules rows with
    their ``paid_days`` (:func:`fee_schedules`), which the writer reads and does not write.
    """
    return {FEE_SCHEDULES.name: fee_schedules(remittances, paid_days=True),
            METRICS.name: metrics(remittances)}


def _metric(name: str, value: float, unit: str, period: str, source: str) -> dict[str, object]:
    return {"metric": name, "value": float(value), "benchmark": None, "unit": unit,
            "period": period, "source": source}


def paid_rate_warnings(differing: pd.DataFrame, source: str) -> list[Problem]:
    """One warning per payer whose remittances show rates other than its fee schedule's in
    force on the same day (:func:`ratecalc.rates.against_schedule`): the rows are added as its
    rates from those days, and every output then uses them (a percent-of-Medicare payer's go on
    using its contract's rate, and the warning says so), so the user is told which, and how to
    keep the schedule's instead."""
    warnings = []
    for payer, rows in differing.groupby("payer", sort=True):
        listed = "; ".join(
            f"{r.code} {money_text(r.allowed_amount)} a unit from {r.effective_date.isoformat()} "
            f"(fee schedule {money_text(r.schedule_rate)} from {r.schedule_date.isoformat()})"
            for r in rows.itertuples(index=False))
        pct = rows["contract_pct"].dropna() if "contract_pct" in rows.columns else rows[[]]
        if len(pct):
            # its contract's percentage of Medicare is the rate in force in every output
            # (ratecalc.rates.rates_in_force); the rows only change what the contract check
            # compares with it
            used = (f"added as its fee schedule from those days; the rate in force stays its "
                    f"contract's {stated_percent_text(float(pct.iloc[0]))} of Medicare in every "
                    f"output, and the contract check compares these rows with it")
        else:
            used = "added as its rates from those days, which every output uses from then on"
        warnings.append(Problem(
            FEE_SCHEDULES.title, Location(source),
            f"{payer}'s remittances show other rates than its fee schedule: {listed}; they are "
            f"{used}: if the fee schedule holds, delete the added rows on the Fee Schedules "
            f"sheet", severity="warning"))
    return warnings


def assistant_reduction_warnings(fee_rows: pd.DataFrame, contracts: pd.DataFrame,
                                 source: str, schedule: pd.DataFrame | None = None,
                                 medicare: MedicareTerms | None = None) -> list[Problem]:
    """One warning per payer whose remittances pay a CQ/CO rate a cent or more below what its
    contract leaves of the same code's plain rate on a day the rate was paid: the plain rate
    less the Assistant reduction of its contract in force that day (0% or blank: the plain
    rate itself), the rate every output prices its assistant services at, above what it pays.
    The contract is the one :func:`ratecalc.rates.payer_contracts` says governs that day, the
    one every output takes the payment rules from (an ended contract's 15% does not silence a
    current contract's 0%). A payer with a 0% reduction and one with a stated reduction are
    warned of in words of their own (the one: enter the reduction; the other: the payer cuts
    more than the contract says).

    Why plain x (1 - reduction) is the line's floor: an 835's allowed amount per line is its
    charge less the CO/PI/OA adjustments (DOMAIN.md section 5), what the rates paid are read
    from (:func:`ratecalc.remittance.paid_rates.paid_rates`). A payer cutting the allowed
    amount itself by the reduction (the commercial way, :func:`ratecalc.visit_payment.
    rules_from_contract`) shows plain x (1 - reduction); one cutting its own share after
    coinsurance, as Medicare does (its CO adjustment of 15% of its 80%), shows more, plain x
    (1 - 0.8 x reduction). Neither shows less: a line allowed below the floor by a cent or
    more (compared exactly: a floor of $23.1285 is not passed by $23.12) is paid less than
    the contract says, whichever way the payer cuts.

    Every day a CQ/CO rate was paid (its ``paid_days``) is compared, each with the plain rate
    and the reduction in force that day: the first paid day of each stretch of its days on
    which neither can change (:func:`_change_days`: a fee-schedule row or a rate paid taking
    effect, a contract starting, ending or renewing, an escalator's anniversary, a Medicare
    release or conversion factor), read together (a rate paid across a contract change or a
    Medicare release was compared on its first day alone). Each plain rate and reduction a
    rate falls below is listed once, from the first day it does.

    The plain rate is the one paid in the same remittances in force that day (else the first
    they paid); where they paid the code only with the modifier, the payer's rate in force that
    day as every output reads it (:class:`_RatesInForce`): its fee schedule's (``schedule``,
    escalators applied), or, for a contract paying a percentage of Medicare, that percentage of
    Medicare's amount for the code in the clinic's locality that day (``medicare``). A day no
    plain rate is in force is not compared (never with a rate of another day). A CQ/CO rate
    paid only on days none is known (before the schedule's first row for the code, a day no
    Medicare release covers), under a 0% reduction, gets a warning of its own saying so and
    why (under a stated reduction the user has said what the payer cuts: nothing is said). A
    payer without a contract row is not compared (no contract states its reduction).

    Parameters
    ----------
    fee_rows : pandas.DataFrame
        The import's canonical FEE_SCHEDULES rows (``payer, code, modifier, allowed_amount
        [USD per unit], effective_date``, optional ``paid_days``).
    contracts : pandas.DataFrame
        Canonical CONTRACTS rows (``payer``, ``assistant_reduction`` [fraction], optional
        ``rate_basis`` and ``pct_of_medicare``).
    source : str
        The file the warnings name.
    schedule : pandas.DataFrame, optional
        The workbook's canonical FEE_SCHEDULES rows.
    medicare : MedicareTerms, optional
        How the clinic's Medicare amounts are priced (the workbook's
        :attr:`~ratecalc.dataset.ClinicData.medicare_terms`); without it a percent-of-Medicare
        contract's rate is not known, and its CQ/CO rates not compared with one.
    """
    if fee_rows.empty or contracts.empty or "assistant_reduction" not in contracts.columns:
        return []
    plain = fee_rows[fee_rows["modifier"] == ""].sort_values("effective_date", kind="stable")
    paid_plain: dict[tuple[str, str], list[tuple[date, float]]] = {}
    for payer, code, day, rate in zip(plain["payer"].astype(str), plain["code"].astype(str),
                                      plain["effective_date"], plain["allowed_amount"],
                                      strict=True):
        paid_plain.setdefault((payer, code), []).append((pd.Timestamp(day).date(), float(rate)))
    assisted = fee_rows[fee_rows["modifier"].isin(ASSISTANT_MODIFIERS)
                        & fee_rows["payer"].astype(str).isin(set(map(str, contracts["payer"])))]
    paid_on = [sorted(pd.Timestamp(d).date() for d in (getattr(row, "paid_days", None)
                                                       or (row.effective_date,)))
               for row in assisted.itertuples(index=False)]
    last = max((days[-1] for days in paid_on), default=date.min)
    governing = _governing_on(contracts, sorted(_contract_days(contracts, last)))
    reduction_on = _reduction_on(governing)
    in_force = _RatesInForce(schedule, contracts, medicare,
                             sorted(set(map(str, assisted["code"]))), governing)
    payer_changes = {payer: _change_days(contracts, payer, last, medicare is not None)
                     for payer in set(map(str, assisted["payer"]))}
    rows = []
    for row, paid in zip(assisted.itertuples(index=False), paid_on, strict=True):
        payer, code = str(row.payer), str(row.code)
        changes = sorted({*payer_changes[payer], *in_force.row_days(payer, code),
                          *(day for day, _ in paid_plain.get((payer, code), []))})
        rows.append((row, payer, code, paid, _days_that_matter(paid, changes)))
    # every day each CQ/CO rate with no plain rate beside it is compared on, read together
    in_force.read_pairs([(payer, day) for _, payer, code, _, days in rows
                         if (payer, code) not in paid_plain for day in days])
    compared: dict[bool, list[tuple[str, str]]] = {False: [], True: []}
    unknown: list[tuple[str, str, _PlainRate]] = []
    for row, payer, code, paid, days in rows:
        first = paid[0]
        said: list[tuple[tuple[float, Decimal, str], date]] = []
        held = paid_plain.get((payer, code))
        any_rate = False
        for day in days:
            reduction = reduction_on(payer, day)
            if reduction is None:
                continue
            if held is not None:
                # the plain rate in force that day, else the first one paid
                rate = ([r for d, r in held if d <= day] or [held[0][1]])[-1]
                basis = "without it"
            else:
                found = in_force.on(payer, code, day)
                if found.rate is None:
                    continue
                rate, basis = found.rate, found.basis
            any_rate = True
            floor = to_decimal_cents(rate) * (1 - reduction)
            # a cent below, in cents: 16.01 <= 16.02 - 0.01 is False in binary floats
            if to_decimal_cents(row.allowed_amount) <= floor - CENT:
                key = (rate, reduction, basis)
                if all(key != k for k, _ in said):
                    said.append((key, day))
        for (rate, reduction, basis), on in said:
            since = "" if on == first else f"; paid from {first.isoformat()}"
            left = ("" if not reduction else
                    f"; its contract's {stated_percent_text(float(reduction))} leaves "
                    f"{money_text(to_decimal_cents(rate) * (1 - reduction))}")
            compared[bool(reduction)].append((payer, (
                f"{code} {row.modifier} {money_text(row.allowed_amount)} a unit against "
                f"{money_text(rate)} {basis} from {on.isoformat()} "
                f"({_less(row.allowed_amount, rate)} less{since}{left})")))
        if held is None and not any_rate:
            found = in_force.first(payer, code, paid)
            if found.rate is None and found.unknown and reduction_on(payer, first) == 0:
                unknown.append((payer, f"{code} {row.modifier} "
                                f"{money_text(row.allowed_amount)} a unit from "
                                f"{first.isoformat()}", found))
    warnings = []
    for payer, listed in _by_payer(compared[False]):
        warnings.append(Problem(
            FEE_SCHEDULES.title, Location(source),
            f"{payer}'s remittances pay assistant services (CQ/CO) less than the same code "
            f"without the modifier: {listed}; but its contract's Assistant reduction is 0%, so "
            f"every output prices them at the full rate: if the payer reduces them, enter the "
            f"reduction on the Payers & Contracts sheet, else ask the payer why",
            severity="warning"))
    for payer, listed in _by_payer(compared[True]):
        warnings.append(Problem(
            FEE_SCHEDULES.title, Location(source),
            f"{payer}'s remittances pay assistant services (CQ/CO) less than its contract's "
            f"Assistant reduction leaves of the same code without the modifier: {listed}; "
            f"every output prices them at what the reduction leaves, above what the payer "
            f"pays: if the payer's reduction is larger, enter it on the Payers & Contracts "
            f"sheet, else ask the payer why", severity="warning"))
    for payer, listed in _by_payer(_by_reason(unknown)):
        warnings.append(Problem(
            FEE_SCHEDULES.title, Location(source),
            f"{payer}'s remittances pay assistant services (CQ/CO) on days no rate of the same "
            f"code without the modifier is known, so they were not compared with one: "
            f"{listed}; its contract's Assistant reduction is 0%, so every output prices them "
            f"at the full rate: if the payer reduces them, enter the reduction on the Payers & "
            f"Contracts sheet", severity="warning"))
    return warnings


def _by_reason(items: list[tuple[str, str, _PlainRate]]) -> list[tuple[str, str]]:
    """(payer, one rate's words, why none was known) -> (payer, the rates of one reason
    joined and the reason said once): a reason of a few hundred characters (a day no Medicare
    release covers, with its remedy) was said again for every CQ/CO rate. Days no release
    covers are one reason per percentage and side of the releases (before the first, after
    the newest), said as :func:`ratecalc.medicare.store.coverage_message` of the earliest, as
    the proposal's warning of new terms no release covers says it."""
    from ratecalc.medicare.store import coverage_message, releases

    start = min(r.effective_from for r in releases())

    def reason(found: _PlainRate) -> tuple[object, ...]:
        if found.uncovered is None:
            return (found.unknown,)
        return (found.uncovered, found.day < start)

    keys = list(dict.fromkeys((payer, reason(found)) for payer, _, found in items))
    out = []
    for payer, key in keys:
        mine = [(said, found) for p, said, found in items if (p, reason(found)) == (payer, key)]
        why = mine[0][1].unknown
        if mine[0][1].uncovered is not None:
            why = (f"its contract pays {stated_percent_text(mine[0][1].uncovered)} of Medicare: "
                   f"{coverage_message(min(found.day for _, found in mine))}")
        out.append((payer, ", ".join(said for said, _ in mine) + f" ({why})"))
    return out


def _by_payer(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(payer, one code's words) -> (payer, its codes' words joined), payers by name."""
    payers = sorted({payer for payer, _ in items})
    return [(payer, "; ".join(said for p, said in items if p == payer)) for payer in payers]


def _governing_on(contracts: pd.DataFrame, changes: list[date] | None = None
                  ) -> Callable[[date], pd.DataFrame]:
    """day -> :func:`ratecalc.rates.payer_contracts` of ``contracts`` that day, each day read
    once: the reduction and the rate in force are read of one table (it was read twice a day,
    a third of the warning's time). With ``changes`` (sorted: :func:`_contract_days` of
    ``contracts``), once for each stretch of days between two of them, on which it chooses
    the same contracts: one reading for every paid day of a stretch, not one a day."""
    from ratecalc.rates import payer_contracts

    read: dict[object, pd.DataFrame] = {}

    def governing(day: date) -> pd.DataFrame:
        key = day if changes is None else bisect_right(changes, day)
        if key not in read:
            read[key] = payer_contracts(contracts, day)
        return read[key]

    return governing


def _reduction_on(governing_on: Callable[[date], pd.DataFrame]
                  ) -> Callable[[str, date], Decimal | None]:
    """(payer, day) -> the Assistant reduction [fraction, as stated: :func:`ratecalc.money.
    stated_decimal`] of the payer's contract governing that day (``governing_on``, of
    :func:`_governing_on`; blank is 0); None for a payer with no contract in force (no
    contract states one); each day read once."""
    read: dict[date, dict[str, Decimal]] = {}

    def reduction(payer: str, day: date) -> Decimal | None:
        if day not in read:
            reductions = pd.to_numeric(governing_on(day)["assistant_reduction"],
                                       errors="coerce")
            read[day] = {str(name): Decimal(0) if pd.isna(value) else stated_decimal(value)
                         for name, value in reductions.items()}
        return read[day].get(payer)

    return reduction


def _contract_days(contracts: pd.DataFrame, last: date) -> set[date]:
    """The days up to ``last`` on which :func:`ratecalc.rates.payer_contracts` may choose
    another of ``contracts``: each starting, ending (the day after) and, auto-renewing,
    beginning a renewed term (the terms of :func:`ratecalc.timeline.current_term_end`). On
    the days between two of these it chooses the same contracts, with the same term ends."""
    from ratecalc.timeline import (
        contract_auto_renews,
        contract_renewal_months,
        contract_start,
        months_after,
    )

    days: set[date] = set()
    for contract in contracts.to_dict(orient="records"):
        start = contract_start(contract)
        if start is not None:
            days.add(start)
        end = contract.get("end_date")
        if isinstance(end, date) and not pd.isna(end):
            after = pd.Timestamp(end).date() + timedelta(days=1)
            days.add(after)
            if contract_auto_renews(contract):
                days.update(_steps(after, contract_renewal_months(contract), last,
                                   months_after))
    return {day for day in days if day <= last}


def _change_days(contracts: pd.DataFrame, payer: str, last: date, medicare: bool
                 ) -> set[date]:
    """The days up to ``last`` on which a payer's plain rate for a code, or its contract's
    Assistant reduction, may change, but for the code's own (its fee-schedule rows and the
    rates paid for it taking effect, which the caller adds): its contracts' days
    (:func:`_contract_days`), each anniversary of a contract's start (an escalator's,
    :func:`ratecalc.rates.escalation_days`), and with ``medicare`` each Medicare release and
    conversion factor taking effect or ending (a percent-of-Medicare contract's rate). On the
    days between two of these, :func:`ratecalc.rates.payer_contracts` chooses the same
    contract and every rate in force is the same: a day more than needed costs a reading, a
    day missed a comparison."""
    from ratecalc.timeline import contract_start, months_after

    mine = contracts[contracts["payer"].astype(str) == payer]
    days = _contract_days(mine, last)
    for contract in mine.to_dict(orient="records"):
        start = contract_start(contract)
        if start is not None:
            days.update(_steps(start, 12, last, months_after))
    if medicare and "rate_basis" in mine.columns and (
            mine["rate_basis"] == "pct_of_medicare").any():
        days.update(_medicare_change_days())
    return {day for day in days if day <= last}


def _steps(start: date, months: int, last: date,
           months_after: Callable[[date, int], date]) -> list[date]:
    """``start`` and every ``months`` whole months after it, up to ``last``."""
    out, n = [start], 1
    while months > 0 and (day := months_after(start, months * n)) <= last:
        out.append(day)
        n += 1
    return out


def _medicare_change_days() -> set[date]:
    """The days a Medicare amount may change: each release's first day and the day after its
    last (and after the last it takes precedence), each conversion factor's alike."""
    from ratecalc.medicare.conversion import factor_rows
    from ratecalc.medicare.store import releases

    one = timedelta(days=1)
    days: set[date] = set()
    for release in releases():
        days.update((release.effective_from, release.effective_to + one,
                     release.precedence_to + one))
    for factor in factor_rows():
        days.update((factor.effective_from, factor.effective_to + one))
    return days


def _days_that_matter(paid: list[date], changes: list[date]) -> list[date]:
    """Of the sorted ``paid`` days, the first of each stretch between two ``changes`` (sorted):
    the days a rate in force and a reduction are read on."""
    kept, stretch = [], -1
    for day in paid:
        at = bisect_right(changes, day)
        if at != stretch:
            kept.append(day)
            stretch = at
    return kept


class _PlainRate(NamedTuple):
    """A payer's plain rate for a code as every output reads it on ``day``: ``rate`` [USD per
    unit] and how a warning names it (``basis``), or None and why none is known (``unknown``;
    "" where there is nothing to say: the code is on no schedule or contract of the payer)."""

    rate: float | None
    day: date
    basis: str = ""
    unknown: str = ""
    #: the contract's fraction of Medicare where ``day`` is one no Medicare release covers
    uncovered: float | None = None


class _RatesInForce:
    """(payer, code, day) -> :class:`_PlainRate`: the rate in force by
    :func:`ratecalc.rates.price_by_contract`, the rule :func:`ratecalc.rates.rates_in_force`
    prices every output with (a fixed contract's fee-schedule rate, escalators applied; a
    percent-of-Medicare contract's percentage x Medicare's amount for the code in the clinic's
    locality that day, rounded half-up to cents), each (payer, day) read once.

    Notes
    -----
    The (payer, day) pairs asked are read together (:meth:`read_pairs`): each pair is a payer
    of its own, named by a key, with its payer's schedule rows, its contract governing that day
    (:func:`ratecalc.rates.payer_contracts`, so its escalator and percentage are that day's)
    and its day (``schedule_rates``' ``payer_dates``), so one ``schedule_rates``, one
    ``price_by_contract`` and one Medicare lookup price every pair by the same rules a day at a
    time did (a day at a time was 17 readings of each for 20 CQ rates, most of the warning's
    cost).
    """

    def __init__(self, schedule: pd.DataFrame | None, contracts: pd.DataFrame,
                 medicare: MedicareTerms | None, codes: list[str],
                 governing_on: Callable[[date], pd.DataFrame]) -> None:
        from ratecalc.rates import code_rate_rows

        self.schedule = schedule if schedule is not None and not schedule.empty else None
        self.prepared, self.first_rows = None, {}
        self.rows_of: dict[str, np.ndarray] = {}
        self.row_days_of: dict[tuple[str, str], list[date]] = {}
        if self.schedule is not None:
            rows = code_rate_rows(self.schedule)
            # the codes asked only: each code's rate is read from its own rows
            self.prepared = rows[rows["code"].astype(str).isin(codes).to_numpy()]
            self.first_rows = {(str(payer), str(code)): day.date() for (payer, code), day in
                               self.prepared.groupby(["payer", "code"])["_effective"].min()
                               .items()}
            names = self.prepared["payer"].astype(str).to_numpy(dtype=object)
            for payer, code, day in zip(names, self.prepared["code"].astype(str),
                                        self.prepared["_effective"], strict=True):
                self.row_days_of.setdefault((payer, code), []).append(day.date())
            self.rows_of = {name: np.flatnonzero(names == name) for name in set(names)}
        self.contracts, self.medicare, self.codes = contracts, medicare, codes
        self.governing_on = governing_on
        self.read: dict[tuple[str, date], dict[str, _PlainRate]] = {}

    def row_days(self, payer: str, code: str) -> list[date]:
        """The days the schedule's rows of ``payer``'s ``code`` take effect."""
        return self.row_days_of.get((payer, code), [])

    def on(self, payer: str, code: str, day: date) -> _PlainRate:
        if (payer, day) not in self.read:
            self.read_pairs([(payer, day)])
        return self.read[(payer, day)].get(code, _PlainRate(None, day))

    def first(self, payer: str, code: str, days: list[date]) -> _PlainRate:
        """The rate in force on the first of ``days`` (the days a CQ/CO rate was paid, in
        order) that has one: the first, else the first on or after the day the schedule's
        first row for the code takes effect, or the first a Medicare release covers; else why
        none is known on any of them."""
        found = self.on(payer, code, days[0])
        if found.unknown:
            # a day no Medicare release covers: the first paid day one does, if any
            from ratecalc.medicare.store import covers

            covered = next((d for d in days[1:] if covers(d)), None)
            then = self.on(payer, code, covered) if covered is not None else found
            return then if then.rate is not None else found
        start = self.first_rows.get((payer, code))
        if found.rate is not None or start is None or start <= days[0]:
            return found  # a rate, or none the schedule sets: nothing to say
        later = [d for d in days if d >= start]
        if later:
            return self.on(payer, code, later[0])
        return _PlainRate(None, days[0], unknown=(
            f"its fee schedule's first rate for {code} is from {start.isoformat()}, after "
            f"the last day it was paid"))

    def read_pairs(self, pairs: list[tuple[str, date]]) -> None:
        """Read the rates in force of each (payer, day) of ``pairs`` not read yet, together."""
        from ratecalc.medicare.store import covers
        from ratecalc.rates import contract_percentages, price_by_contract, schedule_rates

        pairs = [pair for pair in dict.fromkeys(pairs) if pair not in self.read]
        if not pairs:
            return
        keys = {pair: str(at) for at, pair in enumerate(pairs)}
        of_key = {key: pair for pair, key in keys.items()}
        for pair in pairs:
            self.read[pair] = {}
        governing = self._governing(keys)
        percentages = contract_percentages(governing)
        columns = ["payer", "code", "schedule_rate"]
        held = pd.DataFrame(columns=columns)
        if self.prepared is not None:
            parts = [self.prepared.iloc[self.rows_of[payer]].assign(payer=key)
                     for (payer, _), key in keys.items() if payer in self.rows_of]
            if parts:
                stacked = pd.concat(parts, ignore_index=True)
                held = schedule_rates(
                    self.schedule, max(day for _, day in pairs),
                    payer_dates={key: pair[1] for pair, key in keys.items()},
                    contracts=self.contracts, governing=governing, prepared=stacked)[columns]
        # a percent-of-Medicare contract pays every code Medicare prices, listed or not
        every = pd.DataFrame([(p, c) for p in percentages for c in self.codes],
                             columns=["payer", "code"])
        table = held.merge(every, on=["payer", "code"], how="outer") if len(every) else held
        by_day = self._medicare(list(dict.fromkeys(of_key[key][1] for key in percentages)))
        listed = [(key, code, amount) for key in percentages
                  if (amounts := by_day[of_key[key][1]][0]) is not None
                  for code, amount in amounts.items()]
        priced = price_by_contract(table, percentages, None, payer_medicare=pd.DataFrame(
            listed, columns=["payer", "code", "medicare_amount"]))
        for key, code, rate, pct, source in zip(
                priced["payer"].astype(str), priced["code"].astype(str),
                priced["allowed_amount"], priced["contract_pct"], priced["rate_source"],
                strict=True):
            payer, day = of_key[key]
            amounts, refused = by_day.get(day, (None, ""))
            if not pd.isna(pct) and refused:
                # its rate that day is Medicare's, which no release RateCalc has gives: never
                # an older year's amount, nor the schedule's rate in its place
                self.read[(payer, day)][code] = _PlainRate(None, day, unknown=(
                    f"its contract pays {stated_percent_text(float(pct))} of Medicare: "
                    f"{refused}"), uncovered=float(pct) if not covers(day) else None)
            elif pd.isna(rate):
                continue
            elif source == "contract % of Medicare":
                medicare = float(amounts[code]) if amounts is not None else float("nan")
                self.read[(payer, day)][code] = _PlainRate(float(rate), day, (
                    f"by its contract's {stated_percent_text(float(pct))} of Medicare's "
                    f"{money_text(medicare)}"))
            else:
                self.read[(payer, day)][code] = _PlainRate(float(rate), day,
                                                           "on its fee schedule")

    def _governing(self, keys: dict[tuple[str, date], str]) -> pd.DataFrame:
        """Each pair's contract governing its payer on its day (``governing_on``), indexed by
        the pair's key."""
        # the days' tables joined once and the pairs' rows taken once: a take and a copy of
        # every column a day cost more than the few rows they hold
        tables, rows, order, at = [], [], [], 0
        placed: dict[int, int] = {}  # a table read for a stretch of days is joined once
        for day in dict.fromkeys(day for _, day in keys):
            governing = self.governing_on(day)
            if (start := placed.get(id(governing))) is None:
                start = placed[id(governing)] = at
                tables.append(governing)
                at += len(governing)
            for row, name in enumerate(governing.index.astype(str)):
                if (key := keys.get((name, day))) is not None:
                    rows.append(start + row)
                    order.append(key)
        out = pd.concat(tables).iloc[rows]
        out.index = pd.Index(order, dtype=object)
        return out

    def _medicare(self, days: list[date]) -> dict[date, tuple[pd.Series | None, str]]:
        """Day -> Medicare's amount per code that day in the clinic's locality, with the
        clinic's options ([USD per unit], NaN where Medicare does not pay the code), or why
        there is none: no release covers the day, no locality, or no terms given. The days
        releases cover are looked up in one call."""
        from ratecalc.medicare.store import coverage_message, covers

        if self.medicare is None:
            return {day: (None, "the clinic's Medicare locality was not given") for day in days}
        out: dict[date, tuple[pd.Series | None, str]] = {
            day: (None, coverage_message(day)) for day in days if not covers(day)}
        covered = [day for day in days if day not in out]
        if not covered:
            return out
        n = len(self.codes)
        # the clinic's Medicare as the analysis prices it: one rule, its terms' own call
        table = self.medicare.amounts(self.codes * len(covered),
                                      [day for day in covered for _ in self.codes])
        whole = table["problem_kind"].isin(["unknown_locality", "bad_date", "no_release"])
        amounts = table["amount"].to_numpy(dtype=float)
        for at, day in enumerate(covered):
            here = slice(at * n, (at + 1) * n)
            problems = table["problem"].iloc[here][whole.iloc[here].to_numpy()]
            out[day] = ((None, str(problems.iloc[0])) if len(problems) else
                        (pd.Series(amounts[here], index=table["code"].iloc[here]), ""))
        return out


def _less(rate: float, plain: float) -> str:
    """How much less ``rate`` is than ``plain``, as every output writes a percentage
    (:func:`ratecalc.money.shown_percent`: half-up to a tenth), without a trailing ".0"."""
    return f"{shown_percent(1 - rate / plain, 1).normalize():f}%"
