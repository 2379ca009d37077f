"""Parsed 835s as tables: service lines, claims, adjustments, provider adjustments, payments.

This is the one mapping from X12 elements to our column names (:data:`LINE_COLUMNS` is the
glossary). Money columns hold exact :class:`decimal.Decimal` dollars, never rounded here; dates are
``datetime64``; a value the file did not give (or gave unreadably) is missing.

Reversals (claim status 22) net out against the claim they reverse: both are flagged
(``reversal``, ``reversed``) so that summaries leave them out, and their amounts cancel. The
corrected claim a payer sends after a reversal names it (``corrects``): the three are one claim
adjudicated again, which the payer summary counts once.

The parser's records come as columns (one slice each); a line's claim and payment fields are
gathered onto it by index with numpy, and per-claim figures are reduced over the claim's lines, so
that a large import does little work per row in Python.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.errors import Location, Problem
from ratecalc.modifiers import PRICING_MODIFIERS
from ratecalc.remittance import values
from ratecalc.remittance.allocation import allocate_cents
from ratecalc.remittance.cents import Cents, decimals
from ratecalc.remittance.parser import (
    ADJUSTMENT_FIELDS,
    CLAIM_FIELDS,
    LINE_FIELDS,
    TABLE,
    ParsedFile,
    Records,
)
from ratecalc.remittance.patient_data import claim_words
from ratecalc.remittance.payer_spellings import payer_identity
from ratecalc.text_arrays import text_array as _text_array

_ZERO = Decimal(0)

#: Service-line table: column -> where it comes from in the 835 (the glossary of this format).
LINE_COLUMNS: dict[str, str] = {
    "file": "file the line was read from",
    "transaction": "ST02 transaction control number",
    "check_number": "TRN02 check or EFT trace number",
    "payment_date": "BPR16 payment date",
    "payer": "N1*PR N102 payer name",
    "payer_id": "N1*PR N104, else REF*2U, else TRN03",
    "payee": "N1*PE N102 payee (the practice)",
    "payee_id": "N1*PE N104 (NPI when N103 is XX)",
    "claim_index": "sequence number of the claim in this import (joins the other tables)",
    "claim_id": "CLP01 patient control number (the practice's claim id); written only with "
                "--include-patient-data",
    "payer_claim_id": "CLP07 payer claim control number",
    "claim_status": "CLP02 claim status code",
    "claim_status_text": "CLP02 meaning",
    "claim_frequency": "CLP09 claim frequency (1 original, 7 replacement, 8 void)",
    "line_number": "position of the service line in its claim; 0 for a claim without lines",
    "service_date": "DTM*472 or DTM*150, else the claim's DTM*232",
    "service_end_date": "DTM*472 or DTM*151, else the claim's DTM*233",
    "code_qualifier": "SVC01-1 (HC = CPT/HCPCS)",
    "code": "SVC01-2 adjudicated procedure code",
    "modifiers": "SVC01-3 to SVC01-6, space-separated, as paid",
    "modifier": "the modifier that prices the line (CQ, CO, 26, TC, ...), else blank",
    "submitted_code": "SVC06-2 procedure code as billed, when the payer changed it",
    "revenue_code": "SVC04 revenue code (institutional)",
    "units": "SVC05 units paid (1 when left out, as the TR3 says)",
    "billed_units": "SVC07 units billed, else units",
    "charge": "SVC02 line charge [USD]",
    "allowed": "AMT*B6, else charge - CO/OA/PI adjustments except CO-253 (the line's and its "
               "share of the claim's) [USD]",
    "allowed_source": "'AMT*B6' or 'adjustments'",
    "paid": "SVC03 line payment less the line's share of claim-level adjustments [USD]: the "
            "lines of a claim add up to CLP04",
    "line_paid": "SVC03 line payment as reported [USD]",
    "claim_adjustment_share": "the line's share of the claim-level CAS amounts (all groups), by "
                              "line charge, in cents [USD]",
    "claim_allowed_share": "the part of that share from CO/OA/PI (not PR, not CO-253), which "
                           "also lowers the allowed amount [USD]",
    "claim_patient_share": "the part of that share from PR, the patient's, which is also in "
                           "patient_responsibility [USD]",
    "patient_responsibility": "the line's PR adjustments and its claim_patient_share [USD]: the "
                              "lines of a claim add up to all its PR",
    "adjustments": "line CAS triples 'GROUP-REASON amount; ...'",
    "claim_adjustments": "claim-level CAS triples of the line's claim (not part of the line)",
    "remark_codes": "LQ*HE remark codes",
    "line_control_number": "REF*6R",
    "denied": "claim denied (CLP02 4), or nothing allowed nor paid on a charged line",
    "reversal": "the claim is a reversal (CLP02 22)",
    "reversed": "the claim was reversed by a reversal in this import",
    "segment": "number of the SVC (or CLP) segment in its file",
}
#: Added only with ``include_patient_data``.
PATIENT_COLUMNS: dict[str, str] = {
    "patient_name": "NM1*QC last, first, middle name",
    "member_id": "NM1*IL NM109, else NM1*QC NM109",
}
#: Columns the tables keep for the import's own rules and an output writes only with
#: ``include_patient_data`` (:func:`shareable`): CLP01, the clinic's patient control number, is
#: often the patient's account number, or holds the name or member id (HIPAA counts account
#: numbers as identifiers). Reversals and corrections are matched by it; CLP07, the payer's
#: claim control number, finds the claim with the payer and is written. A PLB's reference
#: (PLB03-2) names the claim an overpayment recovery (WO) or forwarding balance (FB) is for, and
#: X12 recommends CLP01 first there (RFI 2370: "CLP01, CLP07 and TRN02"): it is withheld alike,
#: as is a line's REF*6R (``line_control_number``), the clinic's own id of the service line, as
#: often built from the account number or CLP01; no rule of the import reads it.
PATIENT_ACCOUNT_COLUMNS: tuple[str, ...] = ("claim_id", "reference", "line_control_number")
CLAIM_COLUMNS: dict[str, str] = {
    "file": "file", "transaction": "ST02", "payment_date": "BPR16", "payer": "N1*PR N102",
    "payer_id": "payer id", "claim_index": "sequence in this import", "claim_id": "CLP01",
    "payer_claim_id": "CLP07", "claim_status": "CLP02", "claim_frequency": "CLP09",
    "charge": "CLP03 [USD]", "paid": "CLP04 [USD]", "patient_responsibility": "CLP05 [USD]",
    "adjustments": "claim-level CAS triples", "lines": "service lines",
    "denied_lines": "denied service lines", "service_date": "earliest date of service",
    "received_date": "DTM*050 date the payer received the claim",
    "days_to_payment": "payment_date - service_date [days], for claims with a payment",
    "denied": "status 4 or a denied line", "clean": "paid (or applied to the patient's share) "
    "on first submission without a denied line", "reversal": "CLP02 22",
    "reversed": "reversed by a reversal in this import",
    "reverses": "claim_index of the claim this reversal takes back; 0: none in this import",
    "corrects": "claim_index of the reversal this claim follows as its correction (same "
                "transaction, claim id and first date of service); 0: none",
    "segment": "CLP segment number",
}
ADJUSTMENT_COLUMNS: tuple[str, ...] = (
    "file", "claim_index", "claim_id", "line_number", "group", "reason", "amount", "quantity",
    "segment",
)
PROVIDER_ADJUSTMENT_COLUMNS: tuple[str, ...] = (
    "file", "transaction", "payer", "payer_id", "payment_date", "provider_id",
    "fiscal_period_end", "reason", "reference", "amount", "segment",
)
TRANSACTION_COLUMNS: tuple[str, ...] = (
    "file", "transaction", "payer", "payer_id", "payee", "payee_id", "payment",
    "payment_method", "payment_date", "check_number", "production_date", "claims", "segment",
)
#: What the figures of each column written out are (:mod:`ratecalc.column_units`): the line,
#: adjustment and PLB files are written by these (:func:`ratecalc.table_rounding.csv_table`),
#: money half-up to cents; a column added without one is refused.
LINE_UNITS: dict[str, Unit] = {
    **dict.fromkeys(LINE_COLUMNS, Unit.TEXT),  # ids, codes, flags; the figures below
    **dict.fromkeys(("payment_date", "service_date", "service_end_date"), Unit.DATE),
    **dict.fromkeys(("claim_index", "line_number", "segment"), Unit.COUNT),
    **dict.fromkeys(("units", "billed_units"), Unit.NUMBER),
    **dict.fromkeys(("charge", "allowed", "paid", "line_paid", "claim_adjustment_share",
                     "claim_allowed_share", "claim_patient_share", "patient_responsibility",
                     "rate_in_force"),
                    Unit.MONEY),
    **dict.fromkeys(PATIENT_COLUMNS, Unit.TEXT),
}
ADJUSTMENT_UNITS: dict[str, Unit] = {
    **dict.fromkeys(ADJUSTMENT_COLUMNS, Unit.TEXT), "claim_index": Unit.COUNT,
    "line_number": Unit.COUNT, "amount": Unit.MONEY, "quantity": Unit.NUMBER,
    "segment": Unit.COUNT,
}
PROVIDER_ADJUSTMENT_UNITS: dict[str, Unit] = {
    **dict.fromkeys(PROVIDER_ADJUSTMENT_COLUMNS, Unit.TEXT), "payment_date": Unit.DATE,
    "fiscal_period_end": Unit.DATE, "amount": Unit.MONEY, "segment": Unit.COUNT,
}
_DATE_COLUMNS = frozenset({
    "payment_date", "service_date", "service_end_date", "received_date", "fiscal_period_end",
    "production_date",
})
_BOOL_COLUMNS = frozenset({"denied", "reversal", "reversed", "clean"})
_DECIMAL_COLUMNS = frozenset({"charge", "allowed", "paid", "patient_responsibility", "units",
                              "billed_units", "amount", "quantity", "payment", "line_paid",
                              "claim_adjustment_share", "claim_allowed_share",
                              "claim_patient_share"})
_INT_COLUMNS = frozenset({"claim_index", "line_number", "segment", "lines", "denied_lines",
                          "claims", "reverses", "corrects"})
_FIRST_SUBMISSION_EXCLUDED = frozenset({"7", "8"})  # replacement, void


def shareable(frame: pd.DataFrame, include_patient_data: bool) -> pd.DataFrame:
    """``frame`` (a line, claim, adjustment or PLB table) as an output may write it: without
    :data:`PATIENT_ACCOUNT_COLUMNS` unless patient data was asked for.

    >>> shareable(pd.DataFrame({"claim_id": ["DOE123"], "payer_claim_id": ["P1"]}),
    ...           False).columns.tolist()
    ['payer_claim_id']
    """
    if include_patient_data:
        return frame
    return frame.drop(columns=[c for c in PATIENT_ACCOUNT_COLUMNS if c in frame.columns])


@dataclass(frozen=True)
class Tables:
    """The tables of an import; the adjustment table made when first asked for.

    Attributes
    ----------
    lines, claims, provider_adjustments, transactions : DataFrame
    adjustments : callable
        Makes the adjustment table (one row per CAS triple, a third more rows than the line
        table): ``ratecalc import remittances`` shows only summaries of the lines and claims,
        and writes it only with ``--out``.
    """

    lines: pd.DataFrame
    claims: pd.DataFrame
    adjustments: Callable[[], pd.DataFrame]
    provider_adjustments: pd.DataFrame
    transactions: pd.DataFrame


def build_tables(
    parsed: Sequence[ParsedFile], *, include_patient_data: bool = False
) -> tuple[Tables, list[Problem]]:
    """Turn parsed files into the remittance tables and net reversals.

    Parameters
    ----------
    parsed : sequence of ParsedFile
        In import order. Their claim, line and adjustment records are emptied as they become
        columns (a large import would otherwise hold them twice).
    include_patient_data : bool
        Add ``patient_name`` and ``member_id`` to the line table.

    Returns
    -------
    tables : Tables
        ``lines``, ``claims``, ``adjustments`` (made when called), ``provider_adjustments``,
        ``transactions``.
    problems : list of Problem
        Reversals whose original claim is not in the import.
    """
    transactions = [t for file in parsed for t in file.transactions]
    payments = _Payments(transactions)
    claim_counts = [len(f.claims) for f in parsed]
    # one file's lines as the column reader gives them: their text fields also as indexes
    # into their distinct values (made text once each)
    line_codes = parsed[0].lines.coded() if len(parsed) == 1 else {}
    # and its money also as whole cents (the parser's records have none: Decimals alone)
    line_cents = parsed[0].lines.in_cents() if len(parsed) == 1 else {}
    claim_cents = parsed[0].claims.in_cents() if len(parsed) == 1 else {}
    claims = _columns([f.claims for f in parsed], CLAIM_FIELDS, "transaction",
                      [len(f.transactions) for f in parsed])
    lines = _columns([f.lines for f in parsed], LINE_FIELDS, "claim", claim_counts)
    reverses, problems = _match_reversals(claims, lines, payments, include_patient_data)
    reversed_claims = np.zeros(len(reverses), dtype=bool)
    reversed_claims[reverses[reverses > 0] - 1] = True
    claim_texts = _Texts({**claims, "status_text": [
        values.CLAIM_STATUS.get(s, "") for s in claims["status"]]})
    money = _Money.of(line_cents, claim_cents)
    line_table, denied = _line_table(lines, claims, claim_texts, payments, reversed_claims,
                                     include_patient_data, line_codes, money)
    claim_table = _claim_table(claims, claim_texts, payments, reverses, lines["claim"], denied,
                               line_table["service_date"].to_numpy(), money)
    # what the adjustment table needs, and no more of the claims: it may be made much later
    records = [f.adjustments for f in parsed]
    claim_transaction = claims["transaction"]
    claim_ids = claim_texts["claim_id"]
    sources = payments.texts["source"]

    @functools.cache  # the records are emptied as they become columns: made once
    def adjustment_table() -> pd.DataFrame:
        adjustments = _columns(records, ADJUSTMENT_FIELDS, "claim", claim_counts)
        return _adjustment_table(adjustments, claim_transaction, claim_ids, sources)

    tables = Tables(
        line_table, claim_table, adjustment_table,
        _frame_of_rows(_provider_adjustment_rows(transactions), PROVIDER_ADJUSTMENT_COLUMNS),
        _frame_of_rows(_transaction_rows(transactions), TRANSACTION_COLUMNS))
    return tables, problems


def line_allowed(
    allowed_reported: Iterable[Decimal | None], charge: Iterable[Decimal | None],
    payer_reductions: Iterable[Decimal],
) -> tuple[list[Decimal | None], list[str]]:
    """The allowed amount of each service line and where it came from.

    Parameters
    ----------
    allowed_reported : iterable of Decimal or None
        AMT*B6 [USD], None where the payer did not report it.
    charge : iterable of Decimal or None
        SVC02 [USD], None where unreadable.
    payer_reductions : iterable of Decimal
        Sum of the line's CO, OA and PI adjustments except CO-253 [USD].

    Returns
    -------
    allowed : list of Decimal or None
        [USD] None when neither AMT*B6 nor the charge could be read.
    source : list of str
        ``'AMT*B6'`` or ``'adjustments'`` (or ``''`` when unknown).

    Notes
    -----
    ``allowed = AMT*B6`` when the payer reports it, else
    ``allowed = charge - sum(CO, OA, PI adjustments except CO-253)`` (DOMAIN.md section 5), which
    equals ``paid + patient responsibility (+ sequestration)`` on a balanced line. Sequestration
    (CARC 253) comes off the payment after the allowed amount is set, so it is not deducted.

    Examples
    --------
    >>> line_allowed([None, Decimal("80")], [Decimal("100"), None], [Decimal("30"), _ZERO])
    ([Decimal('70'), Decimal('80')], ['adjustments', 'AMT*B6'])
    """
    allowed: list[Decimal | None] = []
    sources: list[str] = []
    for reported, charged, reductions in zip(allowed_reported, charge, payer_reductions,
                                             strict=True):
        if reported is not None:
            allowed.append(reported)
            sources.append("AMT*B6")
        elif charged is None:
            allowed.append(None)
            sources.append("")
        else:
            allowed.append(charged - reductions)
            sources.append("adjustments")
    return allowed, sources


def claim_level_shares(lines: dict[str, Any], claims: dict[str, Any]
                       ) -> tuple[list[Decimal], list[Decimal], list[Decimal]]:
    """Each line's share of its claim's claim-level adjustments (allocation.allocate_cents, by
    line charge): what they take off the allowed amount (CO, PI, OA except sequestration), what
    is the patient's to pay (PR), and what they take off the payment (every group: those two
    and CO-253 sequestration). A claim without service lines keeps its claim totals on its one
    line record (number 0).

    Returns
    -------
    allowed_share, patient_share, paid_share : list of Decimal
        [USD, cents] one per line record. Each group is split on its own and the payment's
        share is their sum, so that on every line ``allowed = paid + patient share
        (+ sequestration)`` holds as it does on the claim: splitting the claim's total apart
        from its parts put a cent of one line's patient share on the other line's payment.
    """
    return _claim_level_shares(lines, claims, _shared_lines(lines, claims))


def _claim_level_shares(lines: dict[str, Any], claims: dict[str, Any], shared: np.ndarray
                        ) -> tuple[list[Decimal], list[Decimal], list[Decimal]]:
    """:func:`claim_level_shares`, ``shared`` the lines :func:`_shared_lines` finds."""
    line_claim = lines["claim"]
    n = len(line_claim)
    allowed_share = [_ZERO] * n
    patient_share = [_ZERO] * n
    paid_share = [_ZERO] * n
    # Few claims have claim-level amounts: only their service lines are looked for.
    members: dict[int, list[int]] = {}
    for i in shared.tolist():
        members.setdefault(int(line_claim[i]), []).append(i)
    for claim, idx in members.items():
        reductions = claims["payer_reductions"][claim] or _ZERO
        patient = claims["patient_share"][claim] or _ZERO
        # sequestration (CO-253): in the payment's share, neither allowed nor the patient's
        rest = (claims["adjusted"][claim] or _ZERO) - reductions - patient
        charges = [lines["charge"][i] for i in idx]
        for i, a, p, r in zip(idx, allocate_cents(reductions, charges),
                              allocate_cents(patient, charges), allocate_cents(rest, charges),
                              strict=True):
            allowed_share[i] = a
            patient_share[i] = p
            paid_share[i] = a + p + r
    return allowed_share, patient_share, paid_share


def _shared_lines(lines: dict[str, Any], claims: dict[str, Any]) -> np.ndarray:
    """The line records :func:`claim_level_shares` may give a share other than its starting
    zero: the numbered lines of claims with claim-level amounts (every other line's shares are
    that zero itself)."""
    adjusted_claims = [claim for claim, amounts in enumerate(zip(
        claims["adjusted"], claims["payer_reductions"], claims["patient_share"], strict=True))
        if any(amounts)]
    numbered = np.asarray(lines["number"], dtype=np.int64) != 0
    return np.flatnonzero(np.isin(lines["claim"], adjusted_claims) & numbered)


def _is_denied(status: str, charge: Decimal | None, paid: Decimal | None,
               allowed: Decimal | None, prior_payer_only: bool) -> bool:
    if status == values.STATUS_DENIED:
        return True
    if status == values.STATUS_REVERSAL or charge is None or paid is None or allowed is None:
        return False
    if charge <= 0 or paid != 0 or allowed != 0:
        return False
    # On a secondary claim, a zero payment explained only by the prior payer is not a denial.
    return not prior_payer_only


def _pricing_modifier(modifiers: tuple[str, ...]) -> str:
    for modifier in modifiers:
        if modifier in PRICING_MODIFIERS:
            return modifier
    return ""


class _Payments:
    """The transactions' columns, as object arrays to gather onto claims and lines by index."""

    def __init__(self, transactions: Sequence[Any]) -> None:
        def column(name: str) -> np.ndarray:
            return _objects([getattr(t, name) for t in transactions])

        self.source = column("source")
        self.control_number = column("control_number")
        self.check_number = column("check_number")
        self.payer = column("payer")
        self.payer_id = column("payer_id")
        self.payee = column("payee")
        self.payee_id = column("payee_id")
        self.payment_date = column("payment_date")  # date objects, for comparisons
        self.payment_day = _datetimes(self.payment_date)  # the same as datetime64
        # Reversals are matched within a payer: its id, else its name (an id and a name that
        # read alike were one payer)
        self.payer_key = _objects([payer_identity(t.payer_id, t.payer) for t in transactions])
        self.texts = _Texts({name: getattr(self, name) for name in (
            "source", "control_number", "check_number", "payer", "payer_id", "payee", "payee_id")})


def _columns(
    records: Sequence[Records], fields: tuple[str, ...], reference: str, offsets: Sequence[int]
) -> dict[str, Any]:
    """The records of every file as one set of columns (lists); ``reference``, the index of each
    row's claim or transaction in its own file, becomes an index into the whole import
    (an int64 array)."""
    columns: dict[str, Any] = {}
    for name in fields:
        if name == reference:
            continue
        if len(records) == 1:
            columns[name] = records[0].array(name)
        else:
            columns[name] = [value for r in records for value in r.column(name)]
    columns[reference] = np.concatenate(
        [np.asarray(r.column(reference), dtype=np.int64) + offset
         for r, offset in zip(records, np.cumsum([0, *offsets[:-1]]), strict=True)]
    ) if records else np.zeros(0, dtype=np.int64)
    for r in records:
        r.clear()
    return columns


def _line_table(
    lines: dict[str, Any], claims: dict[str, Any], claim_texts: _Texts, payments: _Payments,
    reversed_claims: np.ndarray, include_patient_data: bool,
    codes: dict[str, tuple[np.ndarray, Sequence[Any]]] | None = None,
    money: _Money | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The line table, and whether each line was denied. ``codes``: text fields of ``lines``
    also given as each line's index into their distinct values (:meth:`Records.coded`);
    ``money``: their money also as whole cents (:meth:`Records.in_cents`)."""
    coded = _CodedTexts(codes or {})
    claim = lines["claim"]
    transaction = claims["transaction"][claim]
    status = _objects(claims["status"])[claim]
    # the line's dates, else its claim's statement dates (the end, else the line's own start);
    # picked a column at a time (object arrays: None is missing)
    line_day = _objects(lines["service_date"])
    service_date = _unless_missing(line_day, _objects(claims["statement_start"])[claim])
    service_end_date = _unless_missing(
        _objects(lines["service_end_date"]),
        _unless_missing(_objects(claims["statement_end"])[claim], line_day))
    code = lines["code"]
    allowed_source: Any
    from_adjustments: Sequence[bool] | np.ndarray
    if money is None:
        allowed, allowed_source = line_allowed(lines["allowed_reported"], lines["charge"],
                                               lines["payer_reductions"])
        from_adjustments = [src == "adjustments" for src in allowed_source]
    else:
        allowed, reported = money.allowed_reported(
            lines["allowed_reported"], lines["charge"], lines["payer_reductions"])
        from_adjustments = ~reported
        allowed_source = _text_array(["adjustments", "AMT*B6"])[reported.astype(np.intp)]
    line_paid = _listed(lines["paid"])
    shared = _shared_lines(lines, claims) if money is None else money.shared_lines(lines)
    allowed_share, patient_share, paid_share = _claim_level_shares(lines, claims, shared)
    # whole cents are read only of amounts written with an exponent of 0, -1 or -2
    known = money is not None
    paid = _with_shares(line_paid, paid_share, shared, _minus, exponents_not_positive=known)
    # each allowed amount combined is a charge less its reductions: its exponent is at most
    # the charge's, and the charges repeat as objects (the allowed amounts are new objects)
    allowed = _with_shares(allowed, allowed_share, shared, _minus, from_adjustments,
                           lines["charge"], exponents_not_positive=known)
    denied = np.zeros(len(code), dtype=bool)
    # Only a denied claim or a line paid nothing can be denied: check those alone.
    if money is None:
        for i in np.flatnonzero((status == values.STATUS_DENIED) | _equals(paid, 0)):
            denied[i] = _is_denied(status[i], lines["charge"][i], paid[i], allowed[i],
                                   lines["prior_payer_only"][i])
    else:
        denied = money.denied(status, money.paid_nothing(paid, shared), allowed,
                              lines["prior_payer_only"])
    columns = {
        "file": _texts(payments.texts, "source", transaction),
        "transaction": _texts(payments.texts, "control_number", transaction),
        "check_number": _texts(payments.texts, "check_number", transaction),
        "payment_date": payments.payment_day[transaction],
        "payer": _texts(payments.texts, "payer", transaction),
        "payer_id": _texts(payments.texts, "payer_id", transaction),
        "payee": _texts(payments.texts, "payee", transaction),
        "payee_id": _texts(payments.texts, "payee_id", transaction),
        "claim_index": claim + 1,
        "claim_id": _texts(claim_texts, "claim_id", claim),
        "payer_claim_id": _texts(claim_texts, "payer_claim_id", claim),
        "claim_status": _texts(claim_texts, "status", claim),
        "claim_status_text": _texts(claim_texts, "status_text", claim),
        "claim_frequency": _texts(claim_texts, "frequency", claim),
        "line_number": lines["number"],
        "service_date": service_date,
        "service_end_date": service_end_date,
        "code_qualifier": coded.text("qualifier", lines),
        "code": coded.text("code", lines),
        **_modifier_columns(lines, coded),
        "submitted_code": _submitted_codes(lines, coded),
        "revenue_code": coded.text("revenue_code", lines),
        "units": lines["units"],
        "billed_units": lines["billed_units"],
        "charge": lines["charge"],
        "allowed": allowed,
        "allowed_source": allowed_source,
        "paid": paid,
        "line_paid": line_paid,
        "claim_adjustment_share": paid_share,
        "claim_allowed_share": allowed_share,
        "claim_patient_share": patient_share,
        # the claim's PR belongs to the patient of each line it is split over: left on the
        # claim, a line showed allowed 12,145.65 = paid 12,000.65 + patient 0.00
        "patient_responsibility": _with_shares(lines["patient_share"], patient_share, shared,
                                               _plus, exponents_not_positive=known),
        "adjustments": lines["adjustments"],
        "claim_adjustments": _texts(claim_texts, "adjustments", claim),
        "remark_codes": coded.text("remarks", lines),
        "line_control_number": coded.text("control_number", lines),
        "denied": denied,
        "reversal": status == values.STATUS_REVERSAL,
        "reversed": reversed_claims[claim],
        "segment": lines["segment"],
    }
    if include_patient_data:
        columns["patient_name"] = _texts(claim_texts, "patient_name", claim)
        columns["member_id"] = _texts(claim_texts, "member_id", claim)
    return _frame(columns), denied


@dataclass(frozen=True)
class _Money:
    """The money of one file's line records also as whole cents (the column reader's,
    :mod:`.cents`): the rules that compare or subtract amounts work on the cents, the same
    rules as the Decimal forms beside them (:func:`line_allowed`, :func:`_shared_lines`,
    :func:`_equals`), with the same results."""

    charge: Cents
    paid: Cents
    payer_reductions: Cents
    claims_adjusted: np.ndarray  # whether each claim has a CAS total other than zero
    claims_paid: Cents  # every claim's payment was read: none is None

    @classmethod
    def of(cls, lines: dict[str, Cents], claims: dict[str, Cents]) -> _Money | None:
        """The lines' and claims' cents, or None when the records have none (the parser's)."""
        if not lines or not claims:
            return None
        return cls(lines["charge"], lines["paid"], lines["payer_reductions"],
                   (claims["adjusted"].cents != 0) | (claims["payer_reductions"].cents != 0)
                   | (claims["patient_share"].cents != 0), claims["paid"])

    def line_allowed(self, allowed_reported: Sequence[Decimal | None],
                     charge: Sequence[Decimal], payer_reductions: Sequence[Decimal],
                     ) -> tuple[list[Decimal | None], list[str]]:
        """:func:`line_allowed`, the charge less its reductions in whole cents (every charge
        of these lines was read: none is None). A zero charge keeps its sign as Decimal
        arithmetic does (``-0.00`` less nothing is ``-0.00``): those lines are subtracted as
        Decimals."""
        allowed, reported = self.allowed_reported(allowed_reported, charge, payer_reductions)
        return allowed, objects_of_two("AMT*B6", "adjustments", reported)

    def allowed_reported(self, allowed_reported: Sequence[Decimal | None],
                         charge: Sequence[Decimal], payer_reductions: Sequence[Decimal],
                         ) -> tuple[list[Decimal | None], np.ndarray]:
        """:meth:`line_allowed`, with whether each line's allowed amount is its AMT*B6 (a bool
        array) in place of the sources' texts: the line table makes its text column of the
        two texts (a list of 29,817 texts read by Arrow, and each compared again, took 3-4 ms
        of the benchmark's import)."""
        given = _listed(allowed_reported)
        # told by identity: `!= None` of an object array asks each Decimal (4.6 ms a 30,000)
        reported = np.fromiter(map(operator.is_not, given, repeat(None)), dtype=bool,
                               count=len(given))
        less = decimals(self.charge.cents - self.payer_reductions.cents,
                        np.minimum(self.charge.exponent, self.payer_reductions.exponent))
        allowed = np.where(reported, _objects(given), less)
        for i in np.flatnonzero(~reported & (self.charge.cents == 0)).tolist():
            allowed[i] = charge[i] - payer_reductions[i]
        return allowed.tolist(), reported

    def shared_lines(self, lines: dict[str, Any]) -> np.ndarray:
        """:func:`_shared_lines`, the claims with claim-level amounts told by their cents."""
        numbered = np.asarray(lines["number"], dtype=np.int64) != 0
        return np.flatnonzero(self.claims_adjusted[lines["claim"]] & numbered)

    def paid_nothing(self, paid: list[Decimal | None], shared: np.ndarray) -> np.ndarray:
        """``_equals(paid, 0)`` of the lines' payments after their claim-level shares: only
        the ``shared`` lines' can differ from the payment read, and those are compared."""
        found = self.paid.cents == 0
        found[shared] = _equals([paid[i] for i in shared.tolist()], 0)
        return found

    def denied(self, status: np.ndarray, paid_nothing: np.ndarray,
               allowed: list[Decimal | None], prior_payer_only: Sequence[bool]) -> np.ndarray:
        """:func:`_is_denied` of each line (its claim's ``status``, whether it was paid
        nothing, its allowed amount): the charges told positive by their cents (none is
        None), the allowed amounts compared only on the lines a denial could be."""
        found = status == values.STATUS_DENIED
        # a zero payment on a positive charge, unless the claim is a reversal
        maybe = np.flatnonzero(paid_nothing & ~found & (status != values.STATUS_REVERSAL)
                               & (self.charge.cents > 0))
        allowed_nothing = _equals([allowed[i] for i in maybe.tolist()], 0)
        # a zero payment explained only by the prior payer is not a denial
        found[maybe] = allowed_nothing & ~np.asarray(prior_payer_only, dtype=bool)[maybe]
        return found


def objects_of_two(when_true: str, when_false: str, flags: np.ndarray) -> list[str]:
    """``when_true`` where a flag is set, else ``when_false``, as a list."""
    return _objects([when_false, when_true])[flags.astype(np.intp)].tolist()


class _CodedTexts:
    """Text columns made of each distinct value once, where the line records give the column as
    each line's index into its distinct values (the column reader's), else of each item."""

    def __init__(self, codes: dict[str, tuple[np.ndarray, Sequence[Any]]]) -> None:
        self.codes = codes

    def text(self, name: str, lines: dict[str, Any]) -> Any:
        """Field ``name`` of the lines as a text array, or as the lines give it (made text
        by :func:`_frame`)."""
        found = self.codes.get(name)
        return lines[name] if found is None else self.of(found[0], found[1])

    @staticmethod
    def of(where: np.ndarray, distinct: Sequence[Any]) -> pd.api.extensions.ExtensionArray:
        """``_text_array`` of ``distinct`` gathered by ``where``: the text array of the
        gathered items, each item converted once."""
        return _text_array(list(distinct))[where]


def _modifier_columns(lines: dict[str, Any], coded: _CodedTexts) -> dict[str, Any]:
    """The ``modifiers`` (written) and ``modifier`` (pricing) columns of the lines."""
    found = coded.codes.get("modifiers")
    if found is not None:
        where, distinct = found
        return {"modifiers": coded.of(where, [" ".join(m) for m in distinct]),
                "modifier": coded.of(where, [_pricing_modifier(m) for m in distinct])}
    modifiers = lines["modifiers"]
    # A file repeats a few modifier combinations: write and classify each once.
    shown = {m: (" ".join(m), _pricing_modifier(m)) for m in set(modifiers)}
    # each line's looked up once: a tuple's hash is made anew at each look-up
    modifiers_shown = list(map(shown.__getitem__, modifiers))
    return {"modifiers": [written for written, _ in modifiers_shown],
            "modifier": [pricing for _, pricing in modifiers_shown]}


def _submitted_codes(lines: dict[str, Any], coded: _CodedTexts) -> Any:
    """The code as billed where the payer changed it, else blank."""
    submitted, code = coded.codes.get("submitted_code"), coded.codes.get("code")
    if submitted is not None and code is not None and submitted[0] is code[0]:
        return coded.of(submitted[0], [s if s != c else "" for s, c in zip(
            submitted[1], code[1], strict=True)])
    return [s if s != c else ""
            for s, c in zip(lines["submitted_code"], lines["code"], strict=True)]


def _claim_table(
    claims: dict[str, Any], claim_texts: _Texts, payments: _Payments, reverses: np.ndarray,
    line_claim: np.ndarray, line_denied: np.ndarray, line_service_date: np.ndarray,
    money: _Money | None = None,
) -> pd.DataFrame:
    """The claim table; a claim's figures over its lines are reduced from the line columns.
    ``reverses``: each reversal's original, as :func:`_match_reversals` paired them;
    ``money``: the claims' payments also as whole cents."""
    count = len(claims["claim_id"])
    reversed_claims = np.zeros(count, dtype=bool)
    reversed_claims[reverses[reverses > 0] - 1] = True
    transaction = claims["transaction"]
    status = _objects(claims["status"])
    denied_lines = np.bincount(line_claim, weights=line_denied, minlength=count).astype(np.int64)
    # Every claim has at least one line row (a claim without lines has one), in claim order.
    first_lines = np.flatnonzero(np.diff(line_claim, prepend=-1))
    service_date = (np.fmin.reduceat(line_service_date, first_lines) if count
                    else np.zeros(0, dtype="datetime64[s]"))
    payment_day = payments.payment_day[transaction]
    reversal = status == values.STATUS_REVERSAL
    paid_something = (np.fromiter((p is not None and p > 0 for p in claims["paid"]),
                                  dtype=bool, count=count)
                      if money is None else money.claims_paid.cents > 0)
    has_days = (paid_something & ~np.isnat(payment_day) & ~np.isnat(service_date) & ~reversal)
    # Whole days: both are dates at midnight. (NaT differences are masked out, not divided.)
    days = np.where(has_days, (payment_day - service_date).astype("timedelta64[D]").view(np.int64),
                    0)
    denied = (status == values.STATUS_DENIED) | (denied_lines > 0)
    first_submission = (np.isin(status, list(values.STATUS_ADJUDICATED))
                        & ~np.isin(_objects(claims["frequency"]),
                                   list(_FIRST_SUBMISSION_EXCLUDED)))
    corrects = _match_corrections(transaction, claims["claim_id"], status, service_date,
                                  reverses)
    return _frame({
        "file": _texts(payments.texts, "source", transaction),
        "transaction": _texts(payments.texts, "control_number", transaction),
        "payment_date": payment_day,
        "payer": _texts(payments.texts, "payer", transaction),
        "payer_id": _texts(payments.texts, "payer_id", transaction),
        "claim_index": np.arange(1, count + 1),
        "claim_id": claim_texts.whole("claim_id"),
        "payer_claim_id": claim_texts.whole("payer_claim_id"),
        "claim_status": claim_texts.whole("status"),
        "claim_frequency": claim_texts.whole("frequency"),
        "charge": claims["charge"],
        "paid": claims["paid"],
        "patient_responsibility": claims["patient_responsibility"],
        "adjustments": claim_texts.whole("adjustments"),
        "lines": claims["lines"],
        "denied_lines": denied_lines,
        "service_date": service_date,
        "received_date": claims["received_date"],
        "days_to_payment": pd.arrays.IntegerArray(days, ~has_days),
        "denied": denied,
        # a correction is the claim adjudicated again, whatever frequency it carries (a payer
        # reprocessing on its own sends 1): never paid on its first submission
        "clean": first_submission & ~reversed_claims & ~denied & (corrects == 0),
        "reversal": reversal,
        "reversed": reversed_claims,
        "reverses": reverses,
        "corrects": corrects,
        "segment": claims["segment"],
    })


def _adjustment_table(
    adjustments: dict[str, Any], claim_transaction: np.ndarray,
    claim_ids: pd.api.extensions.ExtensionArray, sources: pd.api.extensions.ExtensionArray,
) -> pd.DataFrame:
    """The adjustment table; ``claim_ids`` and ``sources`` the claims' ids and the payments'
    files as text arrays."""
    claim = adjustments["claim"]
    return _frame({
        "file": sources[claim_transaction[claim]],
        "claim_index": claim + 1,
        "claim_id": claim_ids[claim],
        "line_number": adjustments["line"],
        "group": adjustments["group"],
        "reason": adjustments["reason"],
        "amount": adjustments["amount"],
        "quantity": adjustments["quantity"],
        "segment": adjustments["segment"],
    })


def _match_reversals(
    claims: dict[str, Any], lines: dict[str, Any], payments: _Payments,
    include_patient_data: bool = False,
) -> tuple[np.ndarray, list[Problem]]:
    """Pair each reversal with the claim it reverses; return, for each claim, the claim_index
    of the one it reverses (0: not a reversal, or its original is not in the import).

    A reversal (CLP02 22) repeats the original's claim id with negated charge and payment. It is
    paired with the most recent earlier unpaired claim of the same payer and claim id whose
    amounts it negates, preferring one with the same payer claim control number (CLP07), and
    then one whose service lines it negates too (code, units, charge, payment, adjustments): two
    claims with one id and equal totals can differ in their lines, and the summaries must leave
    out the lines the payer took back.
    """
    status = claims["status"]
    paired = np.zeros(len(status), dtype=bool)
    reverses = np.zeros(len(status), dtype=np.int64)
    problems: list[Problem] = []
    reversals = [i for i, s in enumerate(status) if s == values.STATUS_REVERSAL]
    if not reversals:
        return reverses, problems
    transaction = claims["transaction"]
    claim_id, charge, paid = claims["claim_id"], claims["charge"], claims["paid"]
    payer_claim_id = claims["payer_claim_id"]
    payment_date = payments.payment_date

    def key(i: int) -> tuple[tuple[str, str], str]:
        return payments.payer_key[transaction[i]], claim_id[i]

    # Originals indexed by what a reversal must match (payer, claim id, charge, payment), and
    # again with the payer claim control number, in file order: a file repeating one claim and
    # its reversal thousands of times made a scan of every original per reversal quadratic.
    wanted = {key(i) for i in reversals}
    originals = [i for i, s in enumerate(status)
                 if s != values.STATUS_REVERSAL and key(i) in wanted and charge[i] is not None
                 and paid[i] is not None]
    services = _service_lines(lines, {*originals, *reversals})
    by_amounts: dict[tuple[object, ...], list[int]] = defaultdict(list)
    by_control: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i in originals:
        amounts = (*key(i), charge[i], paid[i])
        for index, also in ((by_amounts, ()), (by_control, (payer_claim_id[i],))):
            index[(*amounts, *also)].append(i)
            index[(*amounts, *also, services.get(i))].append(i)

    def latest(found: list[int], r: int) -> int | None:
        """The last unpaired original in ``found`` paid no later than reversal ``r``."""
        while found and paired[found[-1]]:
            found.pop()  # paired through the other index
        for c in reversed(found):
            if not paired[c] and _not_after(payment_date[transaction[c]],
                                            payment_date[transaction[r]]):
                return c
        return None

    for r in reversals:
        match = None
        if charge[r] is not None and paid[r] is not None:
            amounts = (*key(r), -charge[r], -paid[r])
            lines_back = _negated(services.get(r))
            preferred: list[tuple[dict[tuple[object, ...], list[int]], tuple[object, ...]]] = [
                (by_control, (payer_claim_id[r], lines_back)), (by_control, (payer_claim_id[r],)),
                (by_amounts, (lines_back,)), (by_amounts, ())]
            for index, extra in preferred:
                match = latest(index.get((*amounts, *extra), []), r)
                if match is not None:
                    break
        if match is not None:
            paired[match] = True
            reverses[r] = match + 1
            continue
        problems.append(Problem(
            TABLE, Location(file=payments.source[transaction[r]], segment=claims["segment"][r],
                            column="CLP"),
            f"reversal of {claim_words(claim_id[r], payer_claim_id[r], include_patient_data)}"
            f": no earlier claim with {'that id' if include_patient_data else 'its claim id'} "
            "and the "
            "opposite charge and payment is in this import; the reversal is kept in the line "
            "table but left out of the summaries", claims["text"][r], "warning",
        ))
    return reverses, problems


def _match_corrections(transaction: np.ndarray, claim_id: Sequence[str], status: np.ndarray,
                       service_date: np.ndarray, reverses: np.ndarray) -> np.ndarray:
    """For each claim, the claim_index of the reversal it corrects (0: none).

    A payer that reverses a claim and adjudicates it again sends the reversal, then the
    corrected claim, in the same 835 (X12 RFIs 791 and 288: the correction is reported "as if it
    were the original payment", its own status and frequency). The correction of a reversal is
    the first claim after it in its transaction with the same claim id and first date of
    service that was submitted for payment and corrects no other reversal. The date of service
    tells it from another claim of the same patient: many practices send the patient's account
    number as the claim id, and one 835 then holds several claims under it. A correction sent
    in a later 835, or under a new claim id, is not found: it is then counted as a claim of its
    own, and the reversed claim once more, with no payment, charge or days to payment
    (:func:`ratecalc.remittance.summary.counted_claims`: it does not stand).
    """
    count = len(status)
    corrects = np.zeros(count, dtype=np.int64)
    reversals = np.flatnonzero(status == values.STATUS_REVERSAL)
    # reversals waiting for their correction, per transaction, claim id and date of service
    waiting: dict[tuple[object, ...], list[int]] = defaultdict(list)
    # before the first reversal none waits: those claims correct nothing (most imports have
    # no reversal, and this loop took 10,000 claims' keys to find that)
    for i in range(int(reversals[0]) if len(reversals) else count, count):
        key = (int(transaction[i]), claim_id[i], service_date[i])
        if status[i] == values.STATUS_REVERSAL:
            waiting[key].append(i)
        elif status[i] in values.STATUS_SUBMITTED and waiting.get(key):
            pending = waiting[key]
            # never the reversal's own original (a reversal pairs with a claim paid no later
            # than itself, which may follow it in the file)
            for at, r in enumerate(pending):
                if reverses[r] != i + 1:
                    corrects[i] = r + 1
                    del pending[at]
                    break
    return corrects


#: A claim's service lines as a multiset of (code, units, charge, payment, adjustments), each
#: adjustment a (group-reason, amount) multiset: Decimal amounts that are equal hash equal,
#: whatever their exponent.
_Service = tuple[str, Any, Any, Any, frozenset[tuple[tuple[str, Decimal], int]]]
_Services = frozenset[tuple[_Service, int]]


def _service_lines(lines: dict[str, Any], wanted: set[int]) -> dict[int, _Services]:
    """The service lines of each claim in ``wanted``."""
    found: dict[int, Counter[_Service]] = defaultdict(Counter)
    for claim, code, units, charge, paid, adjustments in zip(
            lines["claim"].tolist(), lines["code"], lines["units"], lines["charge"],
            lines["paid"], lines["adjustments"], strict=True):
        if claim in wanted:
            found[claim][(code, units, charge, paid, _triples(adjustments))] += 1
    return {claim: frozenset(counts.items()) for claim, counts in found.items()}


def _triples(text: str) -> frozenset[tuple[tuple[str, Decimal], int]]:
    """The CAS triples of a line's ``adjustments`` text, ``'CO-45 67.50; PR-1 105.26'``."""
    counts: Counter[tuple[str, Decimal]] = Counter()
    for triple in filter(None, text.split("; ")):
        reason, _, amount = triple.rpartition(" ")
        counts[(reason, Decimal(amount))] += 1
    return frozenset(counts.items())


def _negated(services: _Services | None) -> _Services | None:
    """The lines of the original that a reversal carrying ``services`` takes back."""
    if services is None:
        return None

    def minus(value: Any) -> Any:
        return None if value is None else -value

    def unsign(adjustments: frozenset[tuple[tuple[str, Decimal], int]]):
        return frozenset(((reason, -amount), n) for (reason, amount), n in adjustments)

    return frozenset(((code, minus(units), minus(charge), minus(paid), unsign(adjustments)), n)
                     for (code, units, charge, paid, adjustments), n in services)


def _with_shares(
    amounts: Sequence[Decimal | None], shares: Sequence[Decimal], shared: np.ndarray,
    combine: Callable[[Decimal, Decimal], Decimal],
    chosen: Sequence[bool] | np.ndarray | None = None,
    bounds: Sequence[Decimal | None] | None = None, *, exponents_not_positive: bool = False,
) -> list[Decimal | None]:
    """``combine(amount, share)`` (:func:`_minus` or :func:`_plus`) of each amount that is not
    None (and is ``chosen``, when given), the others as they are.

    Only the ``shared`` lines' shares can be other than the starting zero, and ``combine``
    returns an amount itself for that zero unless the amount has a positive exponent: when no
    amount has one, only those lines are combined (a call per line was 70,000 calls of the
    benchmark's 200,000-segment import). Amounts repeat as objects (each distinct text is
    read once), so the exponents are looked at once per object. ``bounds``, when given, are
    looked at instead: amounts, line for line, whose exponents are at least the chosen
    amounts' (the charges, for allowed amounts made as a charge less its reductions: those
    are new objects, 29,817 looked at each, where the charges are 1,350 objects).
    ``exponents_not_positive``: the caller knows no amount has one (the amounts of a file
    read in whole cents, :mod:`.cents`), and none is looked at.
    """
    found = _listed(amounts)
    if not exponents_not_positive and _any_positive_exponent(
            found if bounds is None else _listed(bounds)):
        return [combine(amount, share) if amount is not None and (chosen is None or chosen[i])
                else amount for i, (amount, share) in enumerate(zip(found, shares,
                                                                    strict=True))]
    for i in shared.tolist():
        amount = found[i]
        if amount is not None and (chosen is None or chosen[i]):
            found[i] = combine(amount, shares[i])
    return found


def _any_positive_exponent(amounts: list[Decimal | None]) -> bool:
    """Whether an amount (not None) has a positive exponent, each object looked at once."""
    distinct = dict(zip(map(id, amounts), amounts, strict=True)).values()
    return any(not values.exponent_not_positive(amount) for amount in distinct
               if amount is not None)


def _minus(amount: Decimal, share: Decimal) -> Decimal:
    """``amount - share``, reusing ``amount`` when the share is the starting zero (most lines
    have no claim-level share: a new Decimal for each would cost 104 bytes a line). Only an
    amount with a positive exponent reads differently after subtracting zero."""
    if share is _ZERO and values.exponent_not_positive(amount):
        return amount
    return amount - share


def _plus(amount: Decimal, share: Decimal) -> Decimal:
    """``amount + share``, reusing ``amount`` when the share is the starting zero (as
    :func:`_minus`)."""
    if share is _ZERO and values.exponent_not_positive(amount):
        return amount
    return amount + share


def _not_after(original: date | None, reversal: date | None) -> bool:
    return original is None or reversal is None or original <= reversal


def _provider_adjustment_rows(transactions: Sequence[Any]) -> list[tuple[object, ...]]:
    return [
        (t.source, t.control_number, t.payer, t.payer_id, t.payment_date, a.provider_id,
         a.fiscal_period_end, a.reason, a.reference, a.amount, a.segment)
        for t in transactions for a in t.provider_adjustments
    ]


def _transaction_rows(transactions: Sequence[Any]) -> list[tuple[object, ...]]:
    return [
        (t.source, t.control_number, t.payer, t.payer_id, t.payee, t.payee_id, t.payment,
         t.payment_method, t.payment_date, t.check_number, t.production_date, t.claims,
         t.segment)
        for t in transactions
    ]


def _frame_of_rows(rows: list[tuple[object, ...]], columns: tuple[str, ...]) -> pd.DataFrame:
    """A small table given as rows (one per transaction or PLB pair)."""
    return _frame({name: [row[i] for row in rows] for i, name in enumerate(columns)})


def _unless_missing(items: np.ndarray, otherwise: np.ndarray) -> np.ndarray:
    """``items`` (an object array), ``otherwise``'s item where an item is None."""
    return np.where(items == None, otherwise, items)  # noqa: E711 (elementwise)


def _equals(items: Sequence[Any], value: object) -> np.ndarray:
    """Which items equal ``value`` (None equals nothing but None), as a bool array."""
    return np.fromiter(map(operator.eq, items, repeat(value)), dtype=bool, count=len(items))


def _objects(items: Sequence[Any]) -> np.ndarray:
    """A 1-d object array of ``items`` (np.array would look into tuples and Decimals); the
    array itself when ``items`` is one (never written to here)."""
    if isinstance(items, np.ndarray) and items.dtype == object:
        return items
    return np.fromiter(items, dtype=object, count=len(items))


def _listed(items: Sequence[Any]) -> list[Any]:
    """``items`` as a new list (an object array's items themselves)."""
    return items.tolist() if isinstance(items, np.ndarray) else list(items)


class _Texts:
    """The columns of ``columns`` as text arrays, each made when first asked for and kept: the
    line, claim and adjustment tables each show a claim's id, and the first two its payer claim
    id, frequency and adjustments (the claim ids were converted three times)."""

    def __init__(self, columns: dict[str, Any]) -> None:
        self.columns = columns
        self.made: dict[str, pd.api.extensions.ExtensionArray] = {}

    def __getitem__(self, name: str) -> pd.api.extensions.ExtensionArray:
        made = self.made.get(name)
        if made is None:
            made = self.made[name] = _text_array(self.columns[name])
        return made

    def whole(self, name: str) -> pd.api.extensions.ExtensionArray:
        """The column ``name`` as a table's own (a copy: a table's cell set changes no other)."""
        return self[name].copy()


def _texts(texts: _Texts, name: str, index: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Column ``name`` of ``texts`` gathered by ``index``. A payment's payer and a claim's id
    repeat on each of its lines: each item is converted once, and the converted column
    gathered."""
    return texts[name][index]


def _datetimes(days: Sequence[date | None] | np.ndarray) -> np.ndarray:
    """Dates (None: missing) as ``datetime64[s]``, NaT where missing."""
    objects = days if isinstance(days, np.ndarray) else _objects(days)
    # numpy reads date objects and None (NaT) itself, to the same datetime64[s] values;
    # pd.to_datetime made a small 835's read half as long again (5.9 ms against 3.9). But numpy
    # takes about 1 us a date object, ten times pandas: a column repeats a few hundred days, so
    # each distinct one is converted once and gathered (a 30,000-line import: 3 ms, not 30).
    if len(objects) < 256:
        return objects.astype("datetime64[s]")  # gathering costs more than it saves
    # found distinct by pandas' hash table (a set and a look-up of each day in a dict took
    # 2.6 ms of a 30,000-line column, this 1.6); a missing day (None) is -1: the NaT put last
    where, distinct = pd.factorize(objects)
    return _objects([*distinct.tolist(), None]).astype("datetime64[s]")[where]


def _frame(columns: dict[str, Any]) -> pd.DataFrame:
    """Columns into a frame with stable dtypes, empty or not: dates datetime64, flags bool, counts
    int64, money and quantities Decimal objects (missing: None), text str."""
    converted: dict[str, Any] = {}
    for name, column in columns.items():
        if name in _DATE_COLUMNS:
            is_dates = isinstance(column, np.ndarray) and column.dtype.kind == "M"
            converted[name] = column if is_dates else _datetimes(column)
        elif name in _BOOL_COLUMNS:
            converted[name] = np.asarray(column, dtype=bool)
        elif name in _INT_COLUMNS:
            converted[name] = (column.astype(np.int64) if isinstance(column, np.ndarray)
                               else np.fromiter(column, dtype=np.int64, count=len(column)))
        elif name == "days_to_payment":
            converted[name] = pd.array(column, dtype="Int64")
        elif name in _DECIMAL_COLUMNS:
            converted[name] = column if isinstance(column, np.ndarray) else _objects(column)
        elif isinstance(column, pd.api.extensions.ExtensionArray) and column.dtype == "str":
            converted[name] = column  # already text (_texts)
        else:
            converted[name] = _text_array(column)
    return pd.DataFrame(converted, copy=False)
