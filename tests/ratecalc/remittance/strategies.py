"""Hypothesis strategies: balanced remittances and the delimiters to write them with."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from ratecalc.remittance.synthetic import (
    THERAPY_RATES,
    ClaimSpec,
    LineSpec,
    PaymentSpec,
    Triple,
)
from ratecalc.remittance.tokenizer import Delimiters

#: Characters that never occur in the values we write (letters, digits, space, '.', '-').
SEPARATORS = "*|!^~:>{}#@$%&+;=?<"


def dollars(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Whole cents between ``low`` and ``high`` cents, as two-decimal dollars."""
    return st.integers(low, high).map(lambda cents: Decimal(cents).scaleb(-2))


# The strategies every draw uses, made once: one made inside a composite is made and validated
# again at each draw (a sampled_from copies its list, from_regex parses its pattern, a list of
# lines() validates a new composite), a tenth of these tests' time; what is drawn is the same.
# Only the amounts bounded by an amount drawn are made at their draw.
_SEPARATOR = st.sampled_from(SEPARATORS)
_PATIENT_REASON = st.sampled_from(["1", "2", "3"])
_CODE = st.sampled_from(sorted(THERAPY_RATES))
_MODIFIERS = st.sampled_from([(), ("GP",), ("GP", "CQ"), ("GP", "59", "KX")])
_UNITS = st.integers(1, 4)
_DAY_OF_2025 = st.integers(0, 364)
_CLAIM_ID = st.from_regex(r"[A-Z0-9]{1,12}", fullmatch=True)
_CLAIM_STATUS = st.sampled_from(["1", "2", "19"])
_PLB = st.lists(st.tuples(st.sampled_from(["L6", "WO", "FB"]), dollars(-10_000, 10_000)),
                max_size=7)
_PAYER = st.sampled_from(["ACME HEALTH", "BLUE PEAK", "SUMMIT CARE"])
_DAY_OF_2026 = st.integers(0, 60)
_LINE_DOLLARS = dollars(0, 40_000)
_SWING = dollars(1, 5_000)


@st.composite
def delimiters(draw: st.DrawFn) -> Delimiters:
    chosen = draw(st.lists(_SEPARATOR, min_size=4, max_size=4, unique=True))
    return Delimiters(*chosen)


@st.composite
def lines(draw: st.DrawFn) -> LineSpec:
    """A balanced line: charge = paid + CO-45 write-down + patient share (PR)."""
    allowed = draw(_LINE_DOLLARS)
    write_down = draw(_LINE_DOLLARS)
    patient = draw(dollars(0, int(allowed * 100)))
    adjustments: list[Triple] = []
    if write_down:
        adjustments.append(("CO", "45", write_down))
    if patient:
        adjustments.append(("PR", draw(_PATIENT_REASON), patient))
    if draw(st.booleans()):  # an OA pair that nets to zero, as payers sometimes send
        swing = draw(_SWING)
        adjustments += [("OA", "94", swing), ("OA", "94", -swing)]
    return LineSpec(
        code=draw(_CODE),
        charge=allowed + write_down,
        paid=allowed - patient,
        adjustments=tuple(adjustments),
        modifiers=draw(_MODIFIERS),
        units=Decimal(draw(_UNITS)),
        service_date=date(2025, 1, 1) + timedelta(days=draw(_DAY_OF_2025)),
        allowed_reported=allowed if draw(st.booleans()) else None,
    )


_LINES = st.lists(lines(), min_size=1, max_size=4)


@st.composite
def claims(draw: st.DrawFn) -> ClaimSpec:
    """A balanced claim, adjusted at claim level or not: a contractual write-off (CO-A2), a
    patient share (PR, a deductible applied to the whole claim) and sequestration (CO-253),
    each taken out of what the lines paid."""
    claim_lines = tuple(draw(_LINES))
    left = sum((line.paid for line in claim_lines), Decimal(0))
    claim_level: list[Triple] = []
    for group, reason in (("CO", "A2"), ("PR", None), ("CO", "253")):
        if left and draw(st.booleans()):
            amount = draw(dollars(0, int(left * 100)))
            claim_level.append((group, reason or draw(_PATIENT_REASON), amount))
            left -= amount
    return ClaimSpec(
        claim_id=draw(_CLAIM_ID),
        lines=claim_lines,
        status=draw(_CLAIM_STATUS),
        adjustments=tuple(claim_level),
    )


_CLAIMS = st.lists(claims(), min_size=1, max_size=4)


@st.composite
def payments(draw: st.DrawFn) -> list[PaymentSpec]:
    out = []
    for number in range(draw(st.integers(1, 3))):
        plb = tuple(
            (reason, "REF1", amount) for reason, amount in draw(_PLB)
        )
        out.append(PaymentSpec(
            payer=draw(_PAYER),
            payer_id=str(10000 + number),
            payment_date=date(2026, 1, 1) + timedelta(days=draw(_DAY_OF_2026)),
            claims=tuple(draw(_CLAIMS)),
            provider_adjustments=plb,
            check_number=f"EFT{number}",
        ))
    return out
