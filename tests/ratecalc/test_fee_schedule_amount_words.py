"""A fee schedule's amount that the workbook holds otherwise is named in the message as it
reads, to a micro-cent, with the decimals past the cents it has: ``format(x, ",.6f")`` rounded
the binary value and stripped every zero, so $25.0000001 read "$25." and $25.1000001 "$25.1"."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.fee_schedule_import import _dollars

#: Amounts of up to eight decimals (a micro-cent) below $10 million.
amounts = st.integers(-10**15 + 1, 10**15 - 1).map(lambda n: Decimal(n).scaleb(-8))


@given(amounts)
@example(Decimal("25.0000001"))
@example(Decimal("25.1000001"))
@example(Decimal("0.1234565"))  # 0.12345649999... in binary: "$0.123456"
@example(Decimal("1234.5678915"))
def test_an_amount_is_named_with_the_decimals_it_has(amount: Decimal) -> None:
    sign = "-" if amount < 0 else ""
    whole, _, decimals = f"{abs(amount):,f}".partition(".")
    decimals = (decimals[:2] + decimals[2:].rstrip("0")).ljust(2, "0")
    assert _dollars(float(amount)) == f"{sign}${whole}.{decimals}"


def test_worked_amounts() -> None:
    assert [_dollars(x) for x in (25.22, 25.224, 25.0000001, 25.1000001, 0.1 + 0.2)] == \
        ["$25.22", "$25.224", "$25.0000001", "$25.1000001", "$0.30"]
