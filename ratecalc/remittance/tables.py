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
from ratecalc.remittance.parser import TABLE, Adjustment, Claim, ParsedFile, ServiceLine

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
    lines: dict[str, list[object]] = {name: [] for name in line_columns}
    claim_rows: dict[str, list[object]] = {name: [] for name in CLAIM_COLUMNS}
    adjustments: dict[str, list[object]] = {name: [] for name in ADJUSTMENT_COLUMNS}
    for index, claim in enumerate(claims, start=1):
        is_reversed = id(claim) in reversed_claims
        _add_claim(claim, index, is_reversed, lines, claim_rows, adjustments,
                   include_patient_data)
    tables = {
        "lines": _frame(lines),
        "claims": _frame(claim_rows),
        "adjustments": _frame(adjustments),
        "provider_adjustments": _frame(_provider_adjustment_rows(parsed)),
        "transactions": _frame(_transaction_rows(parsed)),
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
    return "; ".join(f"{a.group}-{a.reason} {to_decimal_cents(a.amount)}" for a in adjustments)


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
    return next((m for m in modifiers if m in values.PRICING_MODIFIERS), "")


def _add_claim(
    claim: Claim, index: int, is_reversed: bool, lines: dict[str, list[object]],
    claims: dict[str, list[object]], adjustments: dict[str, list[object]],
    include_patient_data: bool,
) -> None:
    transaction = claim.transaction
    status = claim.status
    is_reversal = status == values.STATUS_REVERSAL
    claim_adjustments = format_adjustments(claim.adjustments)
    for adjustment in claim.adjustments:
        _add_adjustment(adjustments, transaction.source, index, claim.claim_id, 0, adjustment)
    common = {
        "file": transaction.source, "transaction": transaction.control_number,
        "check_number": transaction.check_number, "payment_date": transaction.payment_date,
        "payer": transaction.payer, "payer_id": transaction.payer_id,
        "payee": transaction.payee, "payee_id": transaction.payee_id,
        "claim_index": index, "claim_id": claim.claim_id,
        "payer_claim_id": claim.payer_claim_id, "claim_status": status,
        "claim_status_text": values.CLAIM_STATUS.get(status, ""),
        "claim_frequency": claim.frequency, "claim_adjustments": claim_adjustments,
        "reversal": is_reversal, "reversed": is_reversed,
    }
    if include_patient_data:
        common["patient_name"] = claim.patient_name
        common["member_id"] = claim.member_id
    denied_lines = 0
    service_dates: list[date] = []
    if claim.lines:
        for number, line in enumerate(claim.lines, start=1):
            allowed, source = line_allowed(line)
            denied = _is_denied(status, line.charge, line.paid, allowed, line.adjustments)
            denied_lines += denied
            start = line.service_date or claim.statement_start
            if start is not None:
                service_dates.append(start)
            row = {
                **common, "line_number": number, "service_date": start,
                "service_end_date": line.service_end_date or claim.statement_end
                or line.service_date,
                "code_qualifier": line.qualifier, "code": line.code,
                "modifiers": " ".join(line.modifiers),
                "modifier": _pricing_modifier(line.modifiers),
                "submitted_code": line.submitted_code if line.submitted_code != line.code else "",
                "revenue_code": line.revenue_code, "units": line.units,
                "billed_units": line.billed_units, "charge": line.charge, "allowed": allowed,
                "allowed_source": source, "paid": line.paid,
                "patient_responsibility": sum(
                    (a.amount for a in line.adjustments
                     if a.group == values.PATIENT_RESPONSIBILITY), _ZERO),
                "adjustments": format_adjustments(line.adjustments),
                "remark_codes": " ".join(line.remarks),
                "line_control_number": line.control_number, "denied": denied,
                "segment": line.segment,
            }
            for name, column in lines.items():
                column.append(row.get(name))
            for adjustment in line.adjustments:
                _add_adjustment(adjustments, transaction.source, index, claim.claim_id, number,
                                adjustment)
    else:
        # A claim without service lines (institutional, or lines left out) is one row, so that
        # no claim disappears from the line table.
        allowed = (None if claim.charge is None
                   else claim.charge - _payer_reductions(claim.adjustments))
        denied = _is_denied(status, claim.charge, claim.paid, allowed, claim.adjustments)
        denied_lines += denied
        if claim.statement_start is not None:
            service_dates.append(claim.statement_start)
        row = {
            **common, "line_number": 0, "service_date": claim.statement_start,
            "service_end_date": claim.statement_end or claim.statement_start,
            "code_qualifier": "", "code": "", "modifiers": "", "modifier": "",
            "submitted_code": "", "revenue_code": "", "units": None, "billed_units": None,
            "charge": claim.charge, "allowed": allowed,
            "allowed_source": "adjustments" if allowed is not None else "",
            "paid": claim.paid,
            "patient_responsibility": sum(
                (a.amount for a in claim.adjustments
                 if a.group == values.PATIENT_RESPONSIBILITY), _ZERO),
            "adjustments": "", "remark_codes": "", "line_control_number": "",
            "denied": denied, "segment": claim.segment,
        }
        for name, column in lines.items():
            column.append(row.get(name))
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
    row = {
        "file": transaction.source, "transaction": transaction.control_number,
        "payment_date": payment_date, "payer": transaction.payer,
        "payer_id": transaction.payer_id, "claim_index": index, "claim_id": claim.claim_id,
        "payer_claim_id": claim.payer_claim_id, "claim_status": status,
        "claim_frequency": claim.frequency, "charge": claim.charge, "paid": claim.paid,
        "patient_responsibility": claim.patient_responsibility,
        "adjustments": claim_adjustments, "lines": len(claim.lines),
        "denied_lines": denied_lines, "service_date": service_date,
        "received_date": claim.received_date, "days_to_payment": days,
        "denied": denied_claim, "clean": clean, "reversal": is_reversal,
        "reversed": is_reversed, "segment": claim.segment,
    }
    for name, column in claims.items():
        column.append(row[name])


def _add_adjustment(table: dict[str, list[object]], source: str, index: int, claim_id: str,
                    line_number: int, adjustment: Adjustment) -> None:
    row = (source, index, claim_id, line_number, adjustment.group, adjustment.reason,
           adjustment.amount, adjustment.quantity, adjustment.segment)
    for column, value in zip(table.values(), row, strict=True):
        column.append(value)


def _match_reversals(claims: Sequence[Claim]) -> tuple[set[int], list[Problem]]:
    """Pair each reversal with the claim it reverses; return the reversed claims' ids.

    A reversal (CLP02 22) repeats the original's claim id with negated charge and payment. It is
    paired with the most recent earlier unpaired claim of the same payer and claim id whose
    amounts it negates, preferring one with the same payer claim control number (CLP07).
    """
    originals: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    reversals: list[Claim] = []
    for claim in claims:
        key = (claim.transaction.payer_id or claim.transaction.payer, claim.claim_id)
        if claim.status == values.STATUS_REVERSAL:
            reversals.append(claim)
        else:
            originals[key].append(claim)
    paired: set[int] = set()
    problems: list[Problem] = []
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
            TABLE, Location(file=reversal.transaction.source, row=reversal.segment, column="CLP"),
            f"reversal of claim {reversal.claim_id!r}: no earlier claim with that id and the "
            "opposite charge and payment is in this import; the reversal is kept in the line "
            "table but left out of the summaries", reversal.text, "warning",
        ))
    return paired, problems


def _not_after(original: date | None, reversal: date | None) -> bool:
    return original is None or reversal is None or original <= reversal


def _provider_adjustment_rows(parsed: Sequence[ParsedFile]) -> dict[str, list[object]]:
    table: dict[str, list[object]] = {name: [] for name in PROVIDER_ADJUSTMENT_COLUMNS}
    for file in parsed:
        for t in file.transactions:
            for a in t.provider_adjustments:
                row = (t.source, t.control_number, t.payer, t.payer_id, t.payment_date,
                       a.provider_id, a.fiscal_period_end, a.reason, a.reference, a.amount,
                       a.segment)
                for column, value in zip(table.values(), row, strict=True):
                    column.append(value)
    return table


def _transaction_rows(parsed: Sequence[ParsedFile]) -> dict[str, list[object]]:
    table: dict[str, list[object]] = {name: [] for name in TRANSACTION_COLUMNS}
    for file in parsed:
        for t in file.transactions:
            row = (t.source, t.control_number, t.payer, t.payer_id, t.payee, t.payee_id,
                   t.payment, t.payment_method, t.payment_date, t.check_number,
                   t.production_date, len(t.claims), t.segment)
            for column, value in zip(table.values(), row, strict=True):
                column.append(value)
    return table


def _frame(columns: dict[str, list[object]]) -> pd.DataFrame:
    data: dict[str, object] = {}
    for name, column in columns.items():
        if name in _DATE_COLUMNS:
            data[name] = pd.to_datetime(pd.Series(column, dtype=object), errors="raise")
        elif name in ("denied", "reversal", "reversed", "clean"):
            data[name] = pd.Series(column, dtype=bool)
        elif name in ("claim_index", "line_number", "segment", "lines", "denied_lines",
                      "claims"):
            data[name] = pd.Series(column, dtype="int64")
        elif name == "days_to_payment":
            data[name] = pd.Series(column, dtype="Int64")
        else:
            data[name] = pd.Series(column, dtype=object)
    return pd.DataFrame(data)
