"""A column of amounts read at once (``column_values.amounts``) is each amount read alone.

``amounts`` reads a column of plain amounts (a claim's charges and payments: nearly all
distinct) with one match over them all and C loops (``_plain_money``), and any other column
text by text (``_money``). Pinned here: for any column, with nothing kept from an earlier
read and with everything kept, the amounts (value and exponent), whole cents and exponents
are ``_money``'s of each text, and a column holding a text ``_money`` declines declines.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.remittance import column_values
from ratecalc.remittance.column_values import Declined, _money, amounts, forget_reads

#: Texts at the plain form's edges: 12 and 13 digits, 2 and 3 decimals, signs, zeros, a bare
#: point, spaces, a line break, other scripts' digits, exponents, nothing.
_EDGES = [
    "0", "-0", "0.00", "-0.00", "5", "5.5", "5.55", "-5.55", "0012", "0012.10",
    "999999999999.99", "-999999999999.99", "9999999999999", "1000000000000", "5.555", "5.",
    ".5", "+5", " 5", "5 ", "5\n6", "1E+2", "1e2", "", "-", "٣", "1_0", "NaN", "12.3.4",
]


def _alone(texts: list[str]) -> tuple[list[Decimal], list[int], list[int]] | None:
    """Each text by ``_money`` with nothing kept, or None where one declines."""
    forget_reads()
    try:
        read = [_money(text) for text in texts]
    except Declined:
        return None
    finally:
        forget_reads()
    return [r[0] for r in read], [r[1] for r in read], [r[2] for r in read]


def _together(texts: list[str]) -> tuple[list[Decimal], list[int], list[int]] | None:
    try:
        values, cents, exponents = amounts(np.array(texts, dtype=object))
    except Declined:
        return None
    assert cents.dtype == np.int64 and exponents.dtype == np.int64
    return values.tolist(), cents.tolist(), exponents.tolist()


def _same(found: tuple | None, expected: tuple | None) -> None:
    if expected is None:
        assert found is None
        return
    assert found is not None
    values, cents, exponents = found
    # written alike too: Decimal("5.50") == Decimal("5.5"), but the tables show what is written
    assert [str(v) for v in values] == [str(v) for v in expected[0]]
    assert values == expected[0] and cents == expected[1] and exponents == expected[2]


_PLAIN = st.from_regex(r"\A-?[0-9]{1,13}(\.[0-9]{1,3})?\Z")
_TEXTS = st.lists(st.one_of(_PLAIN, _PLAIN, _PLAIN, st.sampled_from(_EDGES)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_a_column_read_at_once_is_each_text_read_alone(texts: list[str]) -> None:
    expected = _alone(texts)
    forget_reads()
    _same(_together(texts), expected)  # nothing kept
    _same(_together(texts), expected)  # every text kept by the read before
    forget_reads()


@pytest.mark.parametrize("text", _EDGES)
def test_each_edge_read_with_plain_amounts_is_read_as_alone(text: str) -> None:
    texts = ["12.34", "-0.50", text, "7"]
    expected = _alone(texts)
    forget_reads()
    _same(_together(texts), expected)
    forget_reads()


def test_plain_amounts_by_hand() -> None:
    """Hand-read: the values as written, cents, and exponents (0 whole, -1 dimes, -2 cents)."""
    forget_reads()
    values, cents, exponents = amounts(np.array(
        ["192", "95.2", "-0.05", "999999999999.99", "192"], dtype=object))
    assert [str(v) for v in values] == ["192", "95.2", "-0.05", "999999999999.99", "192"]
    assert cents.tolist() == [19200, 9520, -5, 99999999999999, 19200]
    assert exponents.tolist() == [0, -1, -2, -2, 0]
    # kept as _money keeps what it reads
    assert column_values.MONEY["95.2"] == (Decimal("95.2"), 9520, -1)
    forget_reads()


def test_a_line_break_in_a_text_declines() -> None:
    """A text with a line break is one text, not two amounts: read alone, it declines."""
    forget_reads()
    with pytest.raises(Declined):
        amounts(np.array(["12", "3\n4"], dtype=object))
    forget_reads()
