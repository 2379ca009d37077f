"""Warnings on what an import read that a billing manager would want told, though nothing in
it is wrong as X12: a claim paid in two payments, a payment dated well after today. Made from
the import's tables, so that both 835 readers (and the screen, ``--json`` and ``--workbook``,
which print the import's problems) say the same.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from ratecalc.errors import Location, Problem
from ratecalc.money import money_text
from ratecalc.remittance.parser import TABLE
from ratecalc.remittance.patient_data import claim_words
from ratecalc.remittance.payer_spellings import payer_identity

#: Days a payment (BPR16) may be dated after today before it is warned of: payers date an EFT
#: for the day it settles, often a few business days after the 835 is sent (a weekend and a
#: holiday make 5). Beyond a week, the date is more likely a typo or a year wrong, which moves
#: the claims' days to payment.
FUTURE_PAYMENT_DAYS = 7


def import_warnings(claims: pd.DataFrame, transactions: pd.DataFrame, today: date,
                    include_patient_data: bool) -> list[Problem]:
    """The warnings of this module (see it), in file order within each kind, of the tables
    of an import whose payers are each named in one spelling
    (:func:`ratecalc.remittance.payer_spellings.one_spelling`)."""
    return (claims_paid_twice(claims, transactions, include_patient_data)
            + payments_dated_ahead(transactions, today))


def payments_dated_ahead(transactions: pd.DataFrame, today: date) -> list[Problem]:
    """A warning at each payment's BPR dated more than :data:`FUTURE_PAYMENT_DAYS` after
    ``today``."""
    if transactions.empty:
        return []
    latest = pd.Timestamp(today + timedelta(days=FUTURE_PAYMENT_DAYS))
    ahead = transactions[transactions["payment_date"] > latest]
    return [Problem(
        TABLE, Location(file=row.file, segment=int(row.segment)),
        f"payment {_trace(row.check_number)} is dated {row.payment_date.date().isoformat()} "
        f"(BPR16), {(row.payment_date.date() - today).days} days after today ({today.isoformat()}):"
        f" payers date a payment at most a few days ahead; check the date, which its claims' "
        f"days to payment are counted to", severity="warning")
        for row in ahead.itertuples(index=False)]


def claims_paid_twice(claims: pd.DataFrame, transactions: pd.DataFrame,
                      include_patient_data: bool) -> list[Problem]:
    """A warning at each claim paid again in another payment (another trace number): the same
    payer, claim id (CLP01), service date and total charge. The claim id alone repeats (a
    clinic reuses an account number for each visit), and a claim reversed and paid again is a
    correction, so reversals, the claims they reverse, a claim paid in the payment that reverses
    its claim id and denied claims are not compared. Both
    are kept: the warning says they are counted twice."""
    if claims.empty:
        return []
    paid_in = transactions.drop_duplicates(["file", "transaction"])
    # each payer by the rule reversals are matched by (payer_identity, as tables._Payments
    # keys them), numbered here: a column of the identities (tuples) took this function
    # 135.6 M instructions, numbers 117.8 M (the 835 benchmark's first read, callgrind)
    payers: dict[tuple[str, str], int] = {}
    traces = paid_in[["file", "transaction", "check_number"]].assign(payer_key=[
        payers.setdefault(payer_identity(payer_id, payer), len(payers))
        for payer_id, payer in zip(paid_in["payer_id"], paid_in["payer"], strict=True)])
    every = claims.merge(traces, on=["file", "transaction"], how="left", sort=False)
    # a payment without a trace number is told apart by its file and transaction
    every["payment"] = every["check_number"].where(
        every["check_number"].fillna("") != "", every["file"] + "\x00" + every["transaction"])
    # A claim paid in the payment that reverses that claim id is the correction: it takes the
    # reversed claim's place, whatever other copies of the claim were paid before.
    corrections = pd.MultiIndex.from_frame(
        every.loc[every["reversal"], ["payment", "payer_key", "claim_id"]])
    corrected = pd.MultiIndex.from_frame(every[["payment", "payer_key", "claim_id"]]).isin(
        corrections)
    paid = every[~(every["reversal"] | every["reversed"] | every["denied"] | corrected)]
    same = ["payer_key", "claim_id", "service_date", "charge"]
    paid = paid[paid["claim_id"] != ""]
    repeated = paid[paid.duplicated(same, keep=False)]
    warnings: list[Problem] = []
    first: dict[tuple[object, ...], tuple[object, str, int, object]] = {}
    for row in repeated.itertuples(index=False):
        key = tuple(getattr(row, name) for name in same)
        seen = first.setdefault(key, (row.payment, row.file, int(row.segment),
                                          row.check_number))
        if seen[0] == row.payment:
            continue  # the same claim twice in one payment is the payer's own listing
        day = "" if pd.isna(row.service_date) else (
            f", service date {row.service_date.date().isoformat()}")
        where = (f"segment {seen[2]} of the same file" if seen[1] == row.file
                 else f"'{seen[1]}' (segment {seen[2]})")
        warnings.append(Problem(
            TABLE, Location(file=row.file, segment=int(row.segment)),
            f"{claim_words(row.claim_id, row.payer_claim_id, include_patient_data)} (charge "
            f"{money_text(row.charge)}{day}) is paid in payment {_trace(row.check_number)} "
            f"and was paid already in payment {_trace(seen[3])}, at {where}: the same claim id, "
            f"service date and charge; both are counted (claims, clean-claim rate, days to "
            f"payment): check whether the payer paid it twice", severity="warning"))
    return warnings


def _trace(check_number: object) -> str:
    return (f"'{check_number}'" if isinstance(check_number, str) and check_number
            else "(no trace number)")
