"""Parsed 835s as tables: service lines, claims, adjustments, provider adjustments, payments.

This is the one mapping from X12 elements to our column names (:data:`LINE_COLUMNS` is the
glossary). Money columns hold exact :class:`decimal.Decimal` dollars, never rounded here; dates are
``datetime64``; a value the file did not give (or gave unreadably) is missing.

Reversals (claim status 22) net out against the claim they reverse: both are flagged
(``reversal``, ``reversed``) so that summaries leave them out, and their amounts cancel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import pandas as pd

from ratecalc.errors import Location, Problem
from ratecalc.money import to_decimal_cents
from ratecalc.remittance import values
from ratecalc.remittance.parser import (
    TABLE,
    Adjustment,
    Claim,
    ParsedFile,
    ServiceLine,
    gc_paused,
)

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
    "claim_id": "CLP01 patient control number (the practice's claim id)",
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
    "allowed": "AMT*B6, else charge - CO/OA/PI adjustments except CO-253 [USD]",
    "allowed_source": "'AMT*B6' or 'adjustments'",
    "paid": "SVC03 line payment [USD]",
    "patient_responsibility": "sum of PR adjustments [USD]",
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
    "reversed": "reversed by a reversal in this import", "segment": "CLP segment number",
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
_DATE_COLUMNS = frozenset({
    "payment_date", "service_date", "service_end_date", "received_date", "fiscal_period_end",
    "production_date",
})
_FIRST_SUBMISSION_EXCLUDED = frozenset({"7", "8"})  # replacement, void


def build_tables(
    parsed: Sequence[ParsedFile], *, include_patient_data: bool = False
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Turn parsed files into the remittance tables and net reversals.

    Parameters
    ----------
    parsed : sequence of ParsedFile
        In import order.
    include_patient_data : bool
        Add ``patient_name`` and ``member_id`` to the line table.

    Returns
    -------
    tables : dict of str to DataFrame
        ``lines``, ``claims``, ``adjustments``, ``provider_adjustments``, ``transactions``.
    problems : list of Problem
        Reversals whose original claim is not in the import.
    """
    claims = [claim for file in parsed for t in file.transactions for claim in t.claims]
    reversed_claims, problems = _match_reversals(claims)
    line_columns = list(LINE_COLUMNS) + (list(PATIENT_COLUMNS) if include_patient_data else [])
    lines: list[tuple[object, ...]] = []
    claim_rows: list[tuple[object, ...]] = []
    adjustments: list[tuple[object, ...]] = []
    with gc_paused():
        for index, claim in enumerate(claims, start=1):
            _add_claim(claim, index, id(claim) in reversed_claims, lines, claim_rows,
                       adjustments, include_patient_data)
        tables = {
            "lines": _frame(lines, line_columns),
            "claims": _frame(claim_rows, list(CLAIM_COLUMNS)),
            "adjustments": _frame(adjustments, list(ADJUSTMENT_COLUMNS)),
            "provider_adjustments": _frame(_provider_adjustment_rows(parsed),
                                           list(PROVIDER_ADJUSTMENT_COLUMNS)),
            "transactions": _frame(_transaction_rows(parsed), list(TRANSACTION_COLUMNS)),
        }
    return tables, problems


def format_adjustments(adjustments: Iterable[Adjustment]) -> str:
    """Write adjustments as ``'CO-45 67.50; PR-1 105.26'`` (amounts half-up to cents).

    Examples
    --------
    >>> a = Adjustment("CO", "45", Decimal("67.5"), None, 1)
    >>> format_adjustments([a, a._replace(group="PR", reason="1", amount=Decimal("-9"))])
    'CO-45 67.50; PR-1 -9.00'
    """
    return "; ".join([f"{a.group}-{a.reason} {_cents_text(a.amount)}" for a in adjustments])


_cents_cache: dict[Decimal, str] = {}


def _cents_text(amount: Decimal) -> str:
    text = _cents_cache.get(amount)
    if text is None:
        rounded = to_decimal_cents(amount)
        text = str(rounded) if rounded else "0.00"  # no "-0.00"
        if len(_cents_cache) < 100_000:
            _cents_cache[amount] = text
    return text


def line_allowed(line: ServiceLine) -> tuple[Decimal | None, str]:
    """The allowed amount of a service line and where it came from.

    Returns
    -------
    allowed : Decimal or None
        [USD] None when neither AMT*B6 nor the charge could be read.
    source : str
        ``'AMT*B6'`` or ``'adjustments'`` (or ``''`` when unknown).

    Notes
    -----
    ``allowed = AMT*B6`` when the payer reports it, else
    ``allowed = charge - sum(CO, OA, PI adjustments except CO-253)`` (DOMAIN.md section 5), which
    equals ``paid + patient responsibility (+ sequestration)`` on a balanced line. Sequestration
    (CARC 253) comes off the payment after the allowed amount is set, so it is not deducted.
    """
    if line.allowed_reported is not None:
        return line.allowed_reported, "AMT*B6"
    if line.charge is None:
        return None, ""
    return line.charge - _payer_reductions(line.adjustments), "adjustments"


def _payer_reductions(adjustments: Iterable[Adjustment]) -> Decimal:
    return sum(
        (a.amount for a in adjustments
         if a.group != values.PATIENT_RESPONSIBILITY
         and a.reason != values.SEQUESTRATION_REASON),
        _ZERO,
    )


def _is_denied(status: str, charge: Decimal | None, paid: Decimal | None,
               allowed: Decimal | None, adjustments: Sequence[Adjustment]) -> bool:
    if status == values.STATUS_DENIED:
        return True
    if status == values.STATUS_REVERSAL or charge is None or paid is None or allowed is None:
        return False
    if charge <= 0 or paid != 0 or allowed != 0:
        return False
    # On a secondary claim, a zero payment explained only by the prior payer is not a denial.
    return not all(a.reason == values.PRIOR_PAYER_REASON for a in adjustments)


def _pricing_modifier(modifiers: tuple[str, ...]) -> str:
    for modifier in modifiers:
        if modifier in values.PRICING_MODIFIERS:
            return modifier
    return ""


def _add_claim(
    claim: Claim, index: int, is_reversed: bool, lines: list[tuple[object, ...]],
    claims: list[tuple[object, ...]], adjustments: list[tuple[object, ...]],
    include_patient_data: bool,
) -> None:
    """Append the claim's line rows, claim row and adjustment rows (in the tables' column order)."""
    transaction = claim.transaction
    source = transaction.source
    status = claim.status
    is_reversal = status == values.STATUS_REVERSAL
    claim_adjustments = format_adjustments(claim.adjustments)
    for a in claim.adjustments:
        adjustments.append((source, index, claim.claim_id, 0, a.group, a.reason, a.amount,
                            a.quantity, a.segment))
    head = (
        source, transaction.control_number, transaction.check_number, transaction.payment_date,
        transaction.payer, transaction.payer_id, transaction.payee, transaction.payee_id, index,
        claim.claim_id, claim.payer_claim_id, status, values.CLAIM_STATUS.get(status, ""),
        claim.frequency,
    )
    patient = (claim.patient_name, claim.member_id) if include_patient_data else ()
    denied_lines = 0
    service_dates: list[date] = []
    for number, line in enumerate(claim.lines, start=1):
        allowed, allowed_source = line_allowed(line)
        denied = _is_denied(status, line.charge, line.paid, allowed, line.adjustments)
        denied_lines += denied
        start = line.service_date or claim.statement_start
        if start is not None:
            service_dates.append(start)
        patient_share = _ZERO
        for a in line.adjustments:
            if a.group == values.PATIENT_RESPONSIBILITY:
                patient_share += a.amount
            adjustments.append((source, index, claim.claim_id, number, a.group, a.reason,
                                a.amount, a.quantity, a.segment))
        lines.append((
            *head, number, start,
            line.service_end_date or claim.statement_end or line.service_date,
            line.qualifier, line.code, " ".join(line.modifiers),
            _pricing_modifier(line.modifiers) if line.modifiers else "",
            line.submitted_code if line.submitted_code != line.code else "",
            line.revenue_code, line.units, line.billed_units, line.charge, allowed,
            allowed_source, line.paid, patient_share,
            format_adjustments(line.adjustments) if line.adjustments else "",
            claim_adjustments, " ".join(line.remarks), line.control_number, denied,
            is_reversal, is_reversed, line.segment, *patient,
        ))
    if not claim.lines:
        # A claim without service lines (institutional, or lines left out) is one row, so that
        # no claim disappears from the line table.
        allowed = (None if claim.charge is None
                   else claim.charge - _payer_reductions(claim.adjustments))
        denied = _is_denied(status, claim.charge, claim.paid, allowed, claim.adjustments)
        denied_lines += denied
        if claim.statement_start is not None:
            service_dates.append(claim.statement_start)
        patient_share = sum((a.amount for a in claim.adjustments
                             if a.group == values.PATIENT_RESPONSIBILITY), _ZERO)
        lines.append((
            *head, 0, claim.statement_start, claim.statement_end or claim.statement_start,
            "", "", "", "", "", "", None, None, claim.charge, allowed,
            "adjustments" if allowed is not None else "", claim.paid, patient_share, "",
            claim_adjustments, "", "", denied, is_reversal, is_reversed, claim.segment, *patient,
        ))
    service_date = min(service_dates) if service_dates else None
    payment_date = transaction.payment_date
    paid_something = claim.paid is not None and claim.paid > 0
    days = (
        (payment_date - service_date).days
        if paid_something and payment_date and service_date and not is_reversal else None
    )
    denied_claim = status == values.STATUS_DENIED or denied_lines > 0
    clean = (
        status in values.STATUS_ADJUDICATED and claim.frequency not in _FIRST_SUBMISSION_EXCLUDED
        and not is_reversed and not denied_claim
    )
    claims.append((
        source, transaction.control_number, payment_date, transaction.payer,
        transaction.payer_id, index, claim.claim_id, claim.payer_claim_id, status,
        claim.frequency, claim.charge, claim.paid, claim.patient_responsibility,
        claim_adjustments, len(claim.lines), denied_lines, service_date, claim.received_date,
        days, denied_claim, clean, is_reversal, is_reversed, claim.segment,
    ))


def _match_reversals(claims: Sequence[Claim]) -> tuple[set[int], list[Problem]]:
    """Pair each reversal with the claim it reverses; return the reversed claims' ids.

    A reversal (CLP02 22) repeats the original's claim id with negated charge and payment. It is
    paired with the most recent earlier unpaired claim of the same payer and claim id whose
    amounts it negates, preferring one with the same payer claim control number (CLP07).
    """
    reversals = [claim for claim in claims if claim.status == values.STATUS_REVERSAL]
    paired: set[int] = set()
    problems: list[Problem] = []
    if not reversals:
        return paired, problems
    wanted = {(c.transaction.payer_id or c.transaction.payer, c.claim_id) for c in reversals}
    originals: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        key = (claim.transaction.payer_id or claim.transaction.payer, claim.claim_id)
        if key in wanted and claim.status != values.STATUS_REVERSAL:
            originals[key].append(claim)
    for reversal in reversals:
        key = (reversal.transaction.payer_id or reversal.transaction.payer, reversal.claim_id)
        candidates = [
            c for c in originals.get(key, [])
            if id(c) not in paired and reversal.charge is not None and reversal.paid is not None
            and c.charge == -reversal.charge and c.paid == -reversal.paid
            and _not_after(c.transaction.payment_date, reversal.transaction.payment_date)
        ]
        candidates.sort(key=lambda c: c.payer_claim_id == reversal.payer_claim_id)
        if candidates:
            paired.add(id(candidates[-1]))
            continue
        problems.append(Problem(
            TABLE, Location(file=reversal.transaction.source, segment=reversal.segment,
                                   column="CLP"),
            f"reversal of claim {reversal.claim_id!r}: no earlier claim with that id and the "
            "opposite charge and payment is in this import; the reversal is kept in the line "
            "table but left out of the summaries", reversal.text, "warning",
        ))
    return paired, problems


def _not_after(original: date | None, reversal: date | None) -> bool:
    return original is None or reversal is None or original <= reversal


def _provider_adjustment_rows(parsed: Sequence[ParsedFile]) -> list[tuple[object, ...]]:
    return [
        (t.source, t.control_number, t.payer, t.payer_id, t.payment_date, a.provider_id,
         a.fiscal_period_end, a.reason, a.reference, a.amount, a.segment)
        for file in parsed for t in file.transactions for a in t.provider_adjustments
    ]


def _transaction_rows(parsed: Sequence[ParsedFile]) -> list[tuple[object, ...]]:
    return [
        (t.source, t.control_number, t.payer, t.payer_id, t.payee, t.payee_id, t.payment,
         t.payment_method, t.payment_date, t.check_number, t.production_date, len(t.claims),
         t.segment)
        for file in parsed for t in file.transactions
    ]


_BOOL_COLUMNS = frozenset({"denied", "reversal", "reversed", "clean"})
_DECIMAL_COLUMNS = frozenset({"charge", "allowed", "paid", "patient_responsibility", "units",
                              "billed_units", "amount", "quantity", "payment"})
_INT_COLUMNS = frozenset({"claim_index", "line_number", "segment", "lines", "denied_lines",
                          "claims"})


def _frame(rows: list[tuple[object, ...]], columns: list[str]) -> pd.DataFrame:
    """Rows into a frame with stable dtypes, empty or not: dates datetime64, flags bool, counts
    int64, money and quantities Decimal objects (missing: None), text str."""
    frame = pd.DataFrame.from_records(rows, columns=columns, coerce_float=False)
    for name in columns:
        if name in _DATE_COLUMNS:
            frame[name] = pd.to_datetime(frame[name].astype(object))
        elif name in _BOOL_COLUMNS:
            frame[name] = frame[name].astype(bool)
        elif name in _INT_COLUMNS:
            frame[name] = frame[name].astype("int64")
        elif name == "days_to_payment":
            frame[name] = frame[name].astype("Int64")
        elif name in _DECIMAL_COLUMNS:
            frame[name] = frame[name].astype(object)
        else:
            frame[name] = frame[name].astype("str")
    return frame
