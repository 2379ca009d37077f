"""A percent of two amounts in cents (a rate over its Medicare amount, a share of revenue)
reads as the exact quotient rounded half-up, as the sheets' ROUND(ROUND(rate/medicare,6),3)
gives it: Excel's and LibreOffice's ROUND read their argument to 15 significant digits, and a
quotient of cents that is no half-millionth is never within 15 digits of one. Reading binary
noise away at ten decimals instead (money.snapped_millionths of b677d352) took $164.38 over
$109.99 (1.49449949995..., below 149.45% by 4.5e-11) for 149.5% where the sheets show 149.4%
(LibreOffice headless: ROUND(164.38/109.99,6) is 1.494499)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import percent_fractions, percent_text


def exact_percent(cents: int, of_cents: int, places: int) -> str:
    """The exact quotient to a millionth, then x 100 to ``places``, half-up each time."""
    quotient = Fraction(cents, of_cents)
    millionths = Decimal(quotient.numerator) / Decimal(quotient.denominator)  # 28 digits
    read = millionths.quantize(Decimal("0.000001"), ROUND_HALF_UP)
    shown = (read * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{abs(shown) if shown == 0 else shown}%"


@pytest.mark.parametrize(("rate", "medicare", "places", "shown"), [
    (164.38, 109.99, 1, "149.4%"),  # LibreOffice: ROUND(ROUND(164.38/109.99,6),3) = 1.494
    (54.39, 109.99, 1, "49.4%"),    # 0.49449949995...
    (149.47, 100.00, 2, "149.47%"),
])
def test_worked_quotients_read_as_the_sheets_read_them(rate, medicare, places, shown):
    assert percent_text(rate / medicare, places) == shown


@given(st.integers(1, 10**7), st.integers(1, 10**6), st.integers(0, 2))
@example(16438, 10999, 1)  # 1.4944994999545413: 149.4%, not 149.5%
@example(5439, 10999, 1)
@example(8176, 10013, 2)   # 0.8165384999500649: 81.65%, not 81.66%
@example(99, 2000000, 2)   # exactly half a millionth above 0.000049: 0.01%
@example(14945, 10000, 1)  # exactly 1.4945: 149.5%
def test_a_quotient_of_cents_reads_as_its_exact_value(cents, of_cents, places):
    assert percent_text(cents / of_cents, places) == exact_percent(cents, of_cents, places)


@given(st.integers(1, 10**7), st.integers(1, 10**6))
@example(16438, 10999)
def test_a_written_fraction_is_the_exact_millionth(cents, of_cents):
    # the CSV files and --json carry the millionths percent_text rounds
    [written] = percent_fractions([cents / of_cents]).tolist()
    quotient = Decimal(cents) / Decimal(of_cents)
    assert Decimal(repr(written)) == quotient.quantize(Decimal("0.000001"), ROUND_HALF_UP)
