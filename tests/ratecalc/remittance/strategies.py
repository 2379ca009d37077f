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


@st.composite
def delimiters(draw: st.DrawFn) -> Delimiters:
    chosen = draw(st.lists(st.sampled_from(SEPARATORS), min_size=4, max_size=4, unique=True))
    return Delimiters(*chosen)


@st.composite
def lines(draw: st.DrawFn) -> LineSpec:
    """A balanced line: charge = paid + CO-45 write-down + patient share (PR)."""
    allowed = draw(dollars(0, 40_000))
    write_down = draw(dollars(0, 40_000))
    patient = draw(dollars(0, int(allowed * 100)))
    adjustments: list[Triple] = []
    if write_down:
        adjustments.append(("CO", "45", write_down))
    if patient:
        adjustments.append(("PR", draw(st.sampled_from(["1", "2", "3"])), patient))
    if draw(st.booleans()):  # an OA pair that nets to zero, as payers sometimes send
        swing = draw(dollars(1, 5_000))
        adjustments += [("OA", "94", swing), ("OA", "94", -swing)]
    return LineSpec(
        code=draw(st.sampled_from(sorted(THERAPY_RATES))),
        charge=allowed + write_down,
        paid=allowed - patient,
        adjustments=tuple(adjustments),
        modifiers=draw(st.sampled_from([(), ("GP",), ("GP", "CQ"), ("GP", "59", "KX")])),
        units=Decimal(draw(st.integers(1, 4))),
        service_date=date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 364))),
        allowed_reported=allowed if draw(st.booleans()) else None,
    )


@st.composite
def claims(draw: st.DrawFn) -> ClaimSpec:
    claim_lines = tuple(draw(st.lists(lines(), min_size=1, max_size=4)))
    paid = sum((line.paid for line in claim_lines), Decimal(0))
    claim_level: tuple[Triple, ...] = ()
    if paid and draw(st.booleans()):
        claim_level = (("CO", "A2", draw(dollars(0, int(paid * 100)))),)
    return ClaimSpec(
        claim_id=draw(st.from_regex(r"[A-Z0-9]{1,12}", fullmatch=True)),
        lines=claim_lines,
        status=draw(st.sampled_from(["1", "2", "19"])),
        adjustments=claim_level,
    )


@st.composite
def payments(draw: st.DrawFn) -> list[PaymentSpec]:
    out = []
    for number in range(draw(st.integers(1, 3))):
        plb = tuple(
            (reason, "REF1", amount) for reason, amount in draw(st.lists(
                st.tuples(st.sampled_from(["L6", "WO", "FB"]), dollars(-10_000, 10_000)),
                max_size=7))
        )
        out.append(PaymentSpec(
            payer=draw(st.sampled_from(["ACME HEALTH", "BLUE PEAK", "SUMMIT CARE"])),
            payer_id=str(10000 + number),
            payment_date=date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 60))),
            claims=tuple(draw(st.lists(claims(), min_size=1, max_size=4))),
            provider_adjustments=plb,
            check_number=f"EFT{number}",
        ))
    return out
