"""Remittances into the canonical tables of :mod:`ratecalc.schema`: Fee Schedules and Metrics.

These are the figures the workbook and the letter show, so this is where amounts are rounded:
once, half-up to cents.
"""

from __future__ import annotations

import statistics

import pandas as pd

from ratecalc.errors import Location, Problem
from ratecalc.money import money_text
from ratecalc.remittance.importer import Remittances
from ratecalc.remittance.paid_rates import paid_rates
from ratecalc.remittance.summary import counted_claims, days_to_payment, summarize_payers
from ratecalc.schema import FEE_SCHEDULES, METRICS
from ratecalc.words import join_words


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
        has both dates. Empty when no claim was adjudicated.

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
    dates = remittances.claims["payment_date"].dropna()
    period = (f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "")
    # which payers the figures stand on: one payer's remittances are not the clinic's whole
    # record, and a reader of the Clinic sheet must see it
    names = [str(p) for p in payers["payer"]] if "payer" in payers.columns else []
    whose = (f" from {join_words(names)}" if 1 <= len(names) <= 3 else
             f" from {len(names)} payers" if names else "")
    source = f"835 remittances{whose}: {len(remittances.files)} file(s), {claims} claims"
    rows = [
        _metric("clean_claim_rate", payers["clean_claims"].sum() / claims, "fraction", period,
                source),
        _metric("denial_rate", payers["denied_claims"].sum() / claims, "fraction", period,
                source),
    ]
    # of the claims the rates above count (a claim reversed and corrected once, as corrected)
    days = days_to_payment(counted_claims(remittances.claims))
    if days:
        rows.append(_metric("days_in_ar", statistics.fmean(days), "days", period,
                            source + f", {len(days)} paid with dates"))
    return pd.DataFrame(rows, columns=METRICS.column_names)


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
    rates from those days, and every output then uses them, so the user is told which, and how
    to keep the schedule's instead."""
    warnings = []
    for payer, rows in differing.groupby("payer", sort=True):
        listed = "; ".join(
            f"{r.code} {money_text(r.allowed_amount)} a unit from {r.effective_date.isoformat()} "
            f"(fee schedule {money_text(r.schedule_rate)} from {r.schedule_date.isoformat()})"
            for r in rows.itertuples(index=False))
        warnings.append(Problem(
            FEE_SCHEDULES.title, Location(source),
            f"{payer}'s remittances show other rates than its fee schedule: {listed}; they are "
            f"added as its rates from those days, which every output uses from then on: if the "
            f"fee schedule holds, delete the added rows on the Fee Schedules sheet",
            severity="warning"))
    return warnings
