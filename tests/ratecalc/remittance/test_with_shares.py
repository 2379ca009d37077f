"""The line table's shares of claim-level amounts, combined only where they can change an amount.

``tables._with_shares`` combines each amount with its line's share of the claim's adjustments,
but only on the lines with such a share when no amount it looks at has a positive exponent
(subtracting the starting zero then leaves every other amount as written). For the allowed
amounts, made as a charge less its reductions, it looks at the charges instead (an allowed
amount's exponent is at most its charge's). Both are compared here with combining every
chosen amount, written out, on amounts of every exponent an 835 amount can have.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.remittance import tables

#: Amount texts of each exponent an amount can have: whole, one and two decimals, six, and
#: positive exponents (an X12 R element may be written 1E+2).
_AMOUNT = st.sampled_from(["100", "71.8", "12.34", "0.000001", "1E+2", "2.5E+1", "0", "-3.10",
                           "5E+0"])
# The strategies drawn once per line, made once here, not anew (and validated) at each draw;
# the same strategies, so the same draws. tables._ZERO stays the one object the rules tell
# by identity.
_REPORTED = st.one_of(st.none(), _AMOUNT.map(Decimal))
_REDUCTIONS = st.sampled_from([tables._ZERO, Decimal("20.00"), Decimal("1E+1")])
_SHARES = st.sampled_from([tables._ZERO, Decimal("0.01"), Decimal("-2.5")])


@st.composite
def _lines(draw: st.DrawFn) -> tuple[list[Decimal | None], list[Decimal], list[Decimal],
                                     list[bool], np.ndarray]:
    """Allowed amounts as the line table makes them, their charges, the shares and chosen."""
    texts = draw(st.lists(_AMOUNT, min_size=1, max_size=4, unique=True))
    charges_made = [Decimal(t) for t in texts]  # lines repeat these objects, as the readers do
    count = draw(st.integers(1, 12))
    charges = [charges_made[draw(st.integers(0, len(texts) - 1))] for _ in range(count)]
    reported = [draw(_REPORTED) for _ in range(count)]
    reductions = [draw(_REDUCTIONS) for _ in range(count)]
    allowed, sources = tables.line_allowed(reported, charges, reductions)
    chosen = [source == "adjustments" for source in sources]
    shared = np.array(sorted(draw(st.sets(st.integers(0, count - 1)))), dtype=np.intp)
    shares = [tables._ZERO] * count
    for i in shared.tolist():
        shares[i] = draw(_SHARES)
    return allowed, charges, shares, chosen, shared


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_lines(), st.booleans())
def test_shares_combined_as_with_every_amount(drawn: tuple[list[Decimal | None], list[Decimal],
                                                           list[Decimal], list[bool],
                                                           np.ndarray],
                                              bounded: bool) -> None:
    allowed, charges, shares, chosen, shared = drawn
    expected = [tables._minus(amount, share) if amount is not None and chosen[i] else amount
                for i, (amount, share) in enumerate(zip(allowed, shares, strict=True))]
    made = tables._with_shares(allowed, shares, shared, tables._minus, chosen,
                               charges if bounded else None)
    assert [repr(a) for a in made] == [repr(a) for a in expected]
    # and as Decimal's own subtraction writes them: the reference above is made with
    # tables._minus, which reuses an amount for a zero share, and cannot see that rule break
    # (1E+2 less nothing is written 100)
    plain = [amount - share if amount is not None and chosen[i] else amount
             for i, (amount, share) in enumerate(zip(allowed, shares, strict=True))]
    assert [repr(a) for a in made] == [repr(a) for a in plain]
