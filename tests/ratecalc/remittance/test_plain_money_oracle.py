"""A column of amounts (``column_values.amounts``) against Decimal itself, not against ``_money``.

``test_plain_money_batch`` pins the column read (``_plain_money``'s C loops) to ``_money`` text by
text; here both are pinned to an independent reading of every form an 835 amount may take: a
text is read only when it is ASCII with no space around it, a finite Decimal under a trillion
with at most 2 decimals and no positive exponent, and then its cents are ``Decimal(text) * 100``
exactly. Forms near the plain pattern's edges: leading zeros, no or one decimal, ``.5``, ``-0``,
``-.01``, ``+``, spaces and line breaks, 12 and 13 digits, values near int64's limit, and digits
of other scripts (Arabic-Indic, fullwidth, mathematical), which a regex ``\\d`` and ``Decimal()``
accept.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.remittance.column_values import Declined, amounts, forget_reads

_DIGITS = "0123456789"
_OTHER_DIGITS = "٠١٢٣٤٥٦٧٨٩۵०０１９𝟏"  # Arabic-Indic, Persian, Devanagari, fullwidth, math bold
_SPACES = ["", "", "", " ", "\n", "\t", "\r", "\u00a0"]


def _expected(text: str) -> tuple[str, int, int] | None:
    """The amount as written, its cents and its exponent, by Decimal alone; None: declined."""
    if not text.isascii() or "_" in text or text != text.strip():
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or not -2 <= exponent <= 0:
        return None
    if value and value.adjusted() >= 12:  # a trillion or more: no 835 amount
        return None
    cents = value * 100
    assert cents == int(cents)
    return str(value), int(cents), exponent


# The strategies an amount text is drawn from, made once: made in the function, each
# sampled_from of a list (which hypothesis does not cache) was a new strategy validated at its
# draw, for each of an example's dozen texts; drawing took half the CPU it does now. The same
# strategies, so the same draws.
_DIGIT = st.sampled_from(_DIGITS + _DIGITS + _DIGITS + _OTHER_DIGITS)
_WHOLE_DIGITS = st.lists(_DIGIT, max_size=20)
_PLACE_DIGITS = st.lists(_DIGIT, max_size=3)
_BOOLEANS = st.booleans()
_EDGE_WHOLES = st.sampled_from(["9223372036854775807", "9223372036854775808", "999999999999",
                                "1000000000000", "000000000000", "0000000000000",
                                "4503599627370496"])
_POINTS = st.sampled_from(["", "", ".", "٫"])
_SIGNS = st.sampled_from(["", "", "-", "+", "--"])
_SPACE = st.sampled_from(_SPACES)


@st.composite
def _amount_texts(draw: st.DrawFn) -> str:
    whole = "".join(draw(_WHOLE_DIGITS))
    if draw(_BOOLEANS):
        whole = draw(_EDGE_WHOLES)
    point = draw(_POINTS)
    decimals = "".join(draw(_PLACE_DIGITS)) if point else ""
    return draw(_SPACE) + draw(_SIGNS) + whole + point + decimals + draw(_SPACE)


_FORMS = ["0", "-0", "-0.00", "-.01", ".5", "5.", "+5", "0012", "0012.1", "12.3", "12.34",
          "12.345", "999999999999.99", "-999999999999.99", "9999999999999", "1000000000000",
          "000000000000.00", "0000000000000", "9223372036854775807", "-9223372036854775808",
          "92233720368547758.07", " 5", "5 ", "5\n", "\n5", "5\n6", "12\n-0.5", "12\r",
          "١٢", "１２", "1٢.00", "٠.٥",
          "𝟏𝟐", "1e2", "1E-2", "0e5", "1_0", "", "-", "+", ".", "NaN", "Infinity", "1.2.3"]


def _read(column: list[str]) -> list[tuple[str, int, int]] | None:
    forget_reads()
    try:
        found, cents, exponents = amounts(np.array(column, dtype=object))
    except Declined:
        return None
    finally:
        forget_reads()
    return [(str(v), int(c), int(e)) for v, c, e in zip(found, cents, exponents, strict=True)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_amount_texts(), st.sampled_from(_FORMS)), min_size=1, max_size=12))
def test_a_column_reads_each_amount_as_decimal_does(texts: list[str]) -> None:
    expected = [_expected(text) for text in texts]
    # a column is read when every text is an amount, and declined (left to the parser) else
    assert _read(texts) == (None if None in expected else expected)
    # a plain column with the text in it: the same cents or the same refusal
    for text, one in zip(texts, expected, strict=True):
        column = ["1.00", "-0.50", text, "7"]
        assert _read(column) == (None if one is None else
                                 [("1.00", 100, -2), ("-0.50", -50, -2), one, ("7", 700, 0)])


def test_each_form_alone_and_among_plain_amounts() -> None:
    for text in _FORMS:
        one = _expected(text)
        assert _read([text]) == (None if one is None else [one]), text
        assert _read(["12.34", text]) == (None if one is None else [("12.34", 1234, -2), one]), text
