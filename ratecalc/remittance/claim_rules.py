"""How the elements of a claim's segments (CLP, SVC, CAS, DTM) are read: one function per rule.

It exists because an 835 has two readers, the segment parser (:mod:`.parser`, any file, with
its problems) and the column reader (:mod:`.column_reader`, a well-formed file, faster), which
must read a file alike: each rule they share (what a procedure code and its modifiers are, which
DTM sets which date, which totals an adjustment counts in, what a balanced line or claim is)
is written here once and both call it. Amounts and dates themselves are read by
:mod:`.values`. The rules that take two values work on numbers and on numpy arrays alike
(``==``, ``-``, ``&``), so the column reader applies them to whole columns at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TypeVar

from ratecalc.code_forms import CODE_PATTERN, MODIFIER_PATTERN
from ratecalc.remittance.values import (
    PATIENT_RESPONSIBILITY,
    PRIOR_PAYER_REASON,
    SEQUESTRATION_REASON,
    parse_amount,
)

#: DTM qualifiers of a claim (loop 2100), by the claim field each sets.
CLAIM_DATES: dict[str, str] = {
    "232": "statement_start", "233": "statement_end", "050": "received_date",
}
#: DTM qualifiers of a service line (loop 2110): whether each sets the line's service date and
#: its end date (472 is one day, 150 and 151 start and end a period).
LINE_DATES: dict[str, tuple[bool, bool]] = {
    "472": (True, True), "150": (True, False), "151": (False, True),
}
#: DTM qualifiers read, by parser loop: line, claim, and the header's production date. A later
#: DTM of a qualifier overwrites an earlier one (both readers keep the last).
DATES_READ: dict[str, frozenset[str]] = {
    "line": frozenset(LINE_DATES), "claim": frozenset(CLAIM_DATES), "header": frozenset({"405"}),
}

#: Units paid when SVC05 is left out (TR3: it may be, when one unit was paid).
ONE_UNIT = Decimal(1)

#: An amount, or a column of them (whole cents in numpy), for the rules that work on both.
Amounts = TypeVar("Amounts")


def procedure_code(svc01: str, components: list[str]) -> tuple[str, tuple[str, ...]]:
    """SVC01-2 code and SVC01-3 to -6 modifiers, upper case, without padding or empty ones."""
    modifiers = components[2:6]
    if svc01 == svc01.upper() and svc01.isprintable() and " " not in svc01:
        # The usual case, nothing to normalise (every blank but ' ' is unprintable).
        return components[1], tuple(m for m in modifiers if m) if "" in modifiers else tuple(
            modifiers)
    return components[1].strip().upper(), tuple(m.strip().upper() for m in modifiers if m.strip())


def procedure_fault(qualifier: str, code: str, modifiers: tuple[str, ...]) -> int | None:
    """The SVC01 component that lacks its form (:mod:`ratecalc.code_forms`): 2 for a code under
    qualifier HC that is no CPT/HCPCS code, 3-6 for the first modifier that is no modifier;
    None when the procedure is a rate's code."""
    if qualifier == "HC" and not CODE_PATTERN.match(code):
        return 2
    for position, modifier in enumerate(modifiers, start=3):
        if not MODIFIER_PATTERN.match(modifier):
            return position
    return None


def submitted_code(svc06: str, component: str) -> str:
    """The code billed (SVC06-2), when the payer paid under another: '' when left out."""
    parts = svc06.split(component)
    return parts[1] if len(parts) > 1 else svc06


def units_paid(svc05: str) -> Decimal | None:
    """SVC05 units paid (one when left out); None when unreadable."""
    return parse_amount(svc05) if svc05 else ONE_UNIT


def adjustment_triples(elements: list[str]) -> Iterator[tuple[int, str, str, str]]:
    """Each CAS reason/amount/quantity triple as (position of its reason, reason, amount text,
    quantity text), up to CAS19; a triple with none of its three elements is passed over."""
    size = len(elements)
    for index in range(2, min(size, 20), 3):
        reason = elements[index]
        amount = elements[index + 1] if index + 1 < size else ""
        quantity = elements[index + 2] if index + 2 < size else ""
        if reason or amount or quantity:
            yield index, reason, amount, quantity


def adjustment_shown(group: str, reason: str, cents: str) -> str:
    """An adjustment as the tables list it (``CO-45 20.00``); ``cents`` from cents_text."""
    return f"{group}-{reason} {cents}"


def adjustment_totals(group: Amounts, reason: Amounts) -> tuple[Amounts, Amounts, Amounts]:
    """Which totals an adjustment counts in, besides the adjusted total: the patient's share
    (group PR), the payer's reductions (any other group, but sequestration, which is taken off
    after the allowed amount is set: DOMAIN.md section 3), and whether it is a prior payer's
    (CARC 23, see values.PRIOR_PAYER_REASON). Elementwise on numpy arrays."""
    return (group == PATIENT_RESPONSIBILITY,  # type: ignore[return-value]
            (group != PATIENT_RESPONSIBILITY) & (reason != SEQUESTRATION_REASON),
            reason == PRIOR_PAYER_REASON)


def unbalanced(charge: Amounts, paid: Amounts, adjusted: Amounts) -> Amounts:
    """Whether a line (or a claim, ``adjusted`` being its own and its lines' adjustments) does
    not balance: charge - paid must be what the adjustments total (DOMAIN.md section 5)."""
    return charge - paid != adjusted  # type: ignore[operator]
