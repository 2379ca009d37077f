"""Claim-level adjustments (CAS in loop 2100) spread over the claim's service lines.

A payer may adjust a whole claim rather than its lines (the X12 guide's managed-care example:
``CAS*CO*A2*50.00`` on a one-line claim). Per-code totals built from the lines alone would then
miss it: the lines' payments add up to more than the claim's CLP04. Each claim-level amount is
allocated to the lines in proportion to their charges, in exact cents; the cents left over by
rounding down go one each to the lines with the largest remainders (ties: the earlier line), so
the shares always add up to the amount exactly and the same file always gives the same split.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

_CENT = Decimal("0.01")


def allocate_cents(amount: Decimal, weights: Sequence[Decimal | None]) -> list[Decimal]:
    """Split ``amount`` [USD] over lines in proportion to ``weights`` (their charges), in cents.

    Parameters
    ----------
    amount : Decimal
        The claim-level amount [USD, whole cents], positive or negative.
    weights : sequence of Decimal or None
        One per line; None or a non-positive weight counts 0. When no weight is positive the
        amount is split evenly.

    Returns
    -------
    list of Decimal
        The shares [USD, cents]; ``sum(shares) == amount`` exactly.

    Examples
    --------
    >>> allocate_cents(Decimal("10.00"), [Decimal("1"), Decimal("1"), Decimal("1")])
    [Decimal('3.34'), Decimal('3.33'), Decimal('3.33')]
    >>> allocate_cents(Decimal("-0.05"), [Decimal("300"), Decimal("100")])
    [Decimal('-0.04'), Decimal('-0.01')]
    """
    n = len(weights)
    if n == 0:
        return []
    cents = int((amount / _CENT).to_integral_value())
    sign = -1 if cents < 0 else 1
    total_cents = abs(cents)
    w = [Fraction(x) if x is not None and x > 0 else Fraction(0) for x in weights]
    if sum(w) == 0:
        w = [Fraction(1)] * n
    whole = sum(w)
    exact = [total_cents * x / whole for x in w]
    base = [int(e) for e in exact]  # floor: the parts are >= 0
    left = total_cents - sum(base)
    order = sorted(range(n), key=lambda i: (-(exact[i] - base[i]), i))
    for i in order[:left]:
        base[i] += 1
    return [Decimal(sign * b) * _CENT for b in base]
