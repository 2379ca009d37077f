"""Remittances into the canonical tables of :mod:`ratecalc.schema`: Fee Schedules and Metrics.

These are the figures the workbook and the letter show, so this is where amounts are rounded:
once, half-up to cents.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import date

import pandas as pd

from ratecalc.dates import period_text
from ratecalc.errors import Location, Problem
from ratecalc.modifiers import ASSISTANT_MODIFIERS
from ratecalc.money import money_text, shown_percent, stated_percent_text
from ratecalc.remittance.importer import Remittances
from ratecalc.remittance.paid_rates import paid_rates
from ratecalc.remittance.summary import counted_claims, days_to_payment, summarize_payers
from ratecalc.schema import FEE_SCHEDULES, METRICS


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
                                 source: str, schedule: pd.DataFrame | None = None
                                 ) -> list[Problem]:
    """One warning per payer whose remittances pay a CQ/CO rate below the same code's plain
    rate, while the Assistant reduction of its contract in force on that rate's day is 0% (or
    blank): every output then prices its assistant services at the full rate, above what it
    pays. The contract is the one :func:`ratecalc.rates.payer_contracts` says governs that day,
    the one every output takes the payment rules from (an ended contract's 15% does not silence
    a current contract's 0%).

    The plain rate is the one paid in the same remittances (in force on the CQ/CO rate's first
    day, else the first); where they paid the code only with the modifier, the payer's own fee
    schedule's rate in force that day (``schedule``, the workbook's Fee Schedules rows, read by
    :func:`ratecalc.rates.schedule_rates` with the contracts' escalators, as every output reads
    it; a day before its first row is not compared). A payer without a contract row is not
    compared (no contract says 0%).

    Parameters
    ----------
    fee_rows : pandas.DataFrame
        The import's canonical FEE_SCHEDULES rows (``payer, code, modifier, allowed_amount
        [USD per unit], effective_date``).
    contracts : pandas.DataFrame
        Canonical CONTRACTS rows (``payer``, ``assistant_reduction`` [fraction]).
    source : str
        The file the warnings name.
    schedule : pandas.DataFrame, optional
        The workbook's canonical FEE_SCHEDULES rows.
    """
    if fee_rows.empty or contracts.empty or "assistant_reduction" not in contracts.columns:
        return []
    full_rate = _full_rate_on(contracts)
    plain = fee_rows[fee_rows["modifier"] == ""].sort_values("effective_date", kind="stable")
    assisted = fee_rows[fee_rows["modifier"].isin(ASSISTANT_MODIFIERS)]
    on_schedule = _schedule_rate_on(schedule, contracts)
    compared = []
    for row in assisted.itertuples(index=False):
        if not full_rate(str(row.payer), row.effective_date):
            continue
        same = plain[(plain["payer"] == row.payer) & (plain["code"] == row.code)]
        if same.empty:
            rate, basis = on_schedule(str(row.payer), str(row.code), row.effective_date), \
                "on its fee schedule"
            if rate is None:
                continue
        else:
            # the plain rate in force on the CQ rate's first day, else the first one paid
            before = same[same["effective_date"] <= row.effective_date]
            rate = float((before if len(before) else same)["allowed_amount"].iloc[
                -1 if len(before) else 0])
            basis = "without it"
        if row.allowed_amount <= rate - 0.01:  # a cent below: the payer's rounded cents
            compared.append({**row._asdict(), "allowed_amount_plain": rate, "basis": basis})
    reduced = pd.DataFrame(compared, columns=[*fee_rows.columns, "allowed_amount_plain", "basis"])
    warnings = []
    for payer, rows in reduced.groupby("payer", sort=True):
        listed = "; ".join(
            f"{r.code} {r.modifier} {money_text(r.allowed_amount)} a unit against "
            f"{money_text(r.allowed_amount_plain)} {r.basis} from "
            f"{pd.Timestamp(r.effective_date).date().isoformat()} "
            f"({_less(r.allowed_amount, r.allowed_amount_plain)} less)"
            for r in rows.itertuples(index=False))
        warnings.append(Problem(
            FEE_SCHEDULES.title, Location(source),
            f"{payer}'s remittances pay assistant services (CQ/CO) less than the same code "
            f"without the modifier: {listed}; but its contract's Assistant reduction is 0%, so "
            f"every output prices them at the full rate: if the payer reduces them, enter the "
            f"reduction on the Payers & Contracts sheet, else ask the payer why",
            severity="warning"))
    return warnings


def _full_rate_on(contracts: pd.DataFrame) -> Callable[[str, object], bool]:
    """(payer, day) -> whether the payer's contract governing that day
    (:func:`ratecalc.rates.payer_contracts`) has a 0% (or blank) Assistant reduction; False
    for a payer with no contract in force (no contract says 0%); each day read once."""
    from ratecalc.rates import payer_contracts

    read: dict[date, dict[str, bool]] = {}

    def full_rate(payer: str, day: object) -> bool:
        on = pd.Timestamp(day).date()
        if on not in read:
            governing = payer_contracts(contracts, on)
            reductions = pd.to_numeric(governing["assistant_reduction"], errors="coerce")
            read[on] = {str(name): bool(reduction == 0 or pd.isna(reduction))
                        for name, reduction in reductions.items()}
        return read[on].get(payer, False)

    return full_rate


def _schedule_rate_on(schedule: pd.DataFrame | None, contracts: pd.DataFrame
                      ) -> Callable[[str, str, object], float | None]:
    """(payer, code, day) -> the payer's fee-schedule rate for the code in force that day
    [USD per unit] (:func:`ratecalc.rates.schedule_rates`, escalators applied), None where
    the schedule sets none; each day read once."""
    from ratecalc.rates import code_rate_rows, schedule_rates

    if schedule is None or schedule.empty:
        return lambda payer, code, day: None
    prepared = code_rate_rows(schedule)
    read: dict[date, dict[tuple[str, str], float]] = {}

    def rate(payer: str, code: str, day: object) -> float | None:
        on = pd.Timestamp(day).date()
        if on not in read:
            table = schedule_rates(schedule, on, contracts=contracts, prepared=prepared)
            read[on] = {(str(p), str(c)): float(r) for p, c, r in zip(
                table["payer"], table["code"], table["schedule_rate"], strict=True)}
        return read[on].get((payer, code))

    return rate


def _less(rate: float, plain: float) -> str:
    """How much less ``rate`` is than ``plain``, as every output writes a percentage
    (:func:`ratecalc.money.shown_percent`: half-up to a tenth), without a trailing ".0"."""
    return f"{shown_percent(1 - rate / plain, 1).normalize():f}%"
