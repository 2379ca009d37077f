"""Hypothesis strategies shared by the tests (numpy-financial keeps its strategies this way)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
from hypothesis import strategies as st

CODES = ["97110", "97112", "97140", "97530", "97161", "92507", "G0283"]

# Rates in whole cents, as payers publish them.
rates = st.integers(min_value=100, max_value=50_000).map(lambda c: c / 100)
units = st.integers(min_value=0, max_value=20_000)
fractions = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)


# --- floats a step or a few off their decimals: arithmetic's binary noise ------------------------

def steps_off(value: float, steps: int) -> float:
    """The double ``steps`` doubles above (below, negative) ``value``: arithmetic's noise."""
    for _ in range(abs(steps)):
        value = float(np.nextafter(value, math.inf if steps > 0 else -math.inf))
    return value


#: Fractions of up to seven decimals (their millionth decides the percent shown) to +-10
#: (1,000%), up to two doubles off.
seven_decimal_fractions = st.builds(
    lambda n, steps: steps_off(float(Decimal(n).scaleb(-7)), steps),
    st.integers(-10**8, 10**8), st.integers(-2, 2))


# --- mutations of real files, for the fuzz tests (issue 12) --------------------------------------

#: Bytes that mean something to one of our readers: X12 separators and segment ids, amounts past
#: Decimal's precision, JSON structure, bytes that are not UTF-8, control characters.
TOKENS = [b"*", b"~", b":", b"^", b"\n", b"ISA", b"ST*835*", b"SE*", b"CLP*", b"SVC*HC:", b"CAS*",
          b"PLB*", b"1E30", b"-1E30", b"NaN", b"1e-99", b"-", b"=HYPERLINK(1)", b"\xff", b"\x00",
          b"\x01", b"{", b"}", b"[", b"]", b'"', b",", b'"negotiated_rates":', b'"billing_code":',
          b"null", b"true", b"1.5", b"9" * 40]


@st.composite
def mutated(draw: st.DrawFn, original: bytes, max_steps: int = 4) -> bytes:
    """``original`` with a few random edits: flips, cuts, repeats, insertions, truncation."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, max_steps))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            piece = data[at:at + draw(st.integers(1, 200))]
            data[at:at] = piece * draw(st.integers(1, 20))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        else:
            del data[at:]
    return bytes(data)
