"""How a line's paid, allowed and patient amounts are written once its claim's claim-level
adjustments are spread over its lines (tables): the amount as the file wrote it when the line
has no share, the sum when it has one; an amount with a positive exponent (``1E+2``) is written
as a plain sum from zero (``100``) either way. The line table adds the shares only on the lines
of claims adjusted at claim level: these compare it, by representation (``Decimal('80')`` and
``Decimal('80.00')`` are equal but written differently), with the amounts worked out here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ratecalc.remittance import read_remittance

from .x12 import header, interchange, transaction

ZERO = Decimal(0)


def _written(amount: Decimal, share: Decimal, share_given: bool) -> str:
    """repr of ``amount`` less ``share``: the amount itself when no share was given and its
    exponent is not positive, else the Decimal difference."""
    if not share_given and amount.as_tuple().exponent <= 0:  # type: ignore[operator]
        return repr(amount)
    return repr(amount - share)


@pytest.mark.parametrize("b2_paid, b2_patient", [
    ("60", "10"), ("60.00", "10.0"), ("6E+1", "1E+1"), ("60", "1E+1"),
])
def test_shares_are_added_only_where_a_claim_has_claim_level_amounts(b2_paid: str,
                                                                      b2_patient: str) -> None:
    # Claim A1 has a claim-level CO-45 of 20 over two lines (charges 100 and 50). Claim B2 has
    # none: its line keeps its amounts as written.
    text = interchange(transaction(
        "0001", *header("160"),
        "CLP*A1*1*150*100*10*12*PCN1", "CAS*CO*45*20",
        "SVC*HC:97110*100*80**1", "CAS*PR*2*10", "CAS*CO*45*10",
        "SVC*HC:97140*50*40**1", "CAS*CO*45*10",
        "CLP*B2*1*100*60*10*12*PCN2",
        f"SVC*HC:97110*100*{b2_paid}**1", f"CAS*PR*2*{b2_patient}", "CAS*CO*45*30",
        "AMT*B6*70",
    ))
    result = read_remittance(text)
    assert [p.rule for p in result.problems if p.severity == "error"] == []
    lines = result.lines
    given = [True, True, False]
    paid_share = list(lines["claim_adjustment_share"])
    allowed_share = list(lines["claim_allowed_share"])
    patient_share = list(lines["claim_patient_share"])
    assert sum(paid_share) == Decimal("20") and paid_share[2] is not None
    assert [repr(v) for v in lines["paid"]] == [
        _written(Decimal(p), s, g)
        for p, s, g in zip(["80", "40", b2_paid], paid_share, given, strict=True)]
    # allowed from adjustments: charge - CO, less the share; from AMT*B6 as reported
    assert [repr(v) for v in lines["allowed"]] == [
        repr(Decimal("90") - allowed_share[0]), repr(Decimal("40") - allowed_share[1]),
        repr(Decimal("70"))]
    # the line's own PR plus its share of the claim's (none here)
    assert [repr(v) for v in lines["patient_responsibility"]] == [
        repr(Decimal("10") + patient_share[0]), repr(Decimal(0) + patient_share[1]),
        _written(Decimal(b2_patient), ZERO, False)]
