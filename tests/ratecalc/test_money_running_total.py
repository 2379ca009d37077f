"""``cents_of_running_total``: a series shown in cents adds up to its total rounded once."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.money import cents_of_running_total, round_cents

amounts = st.lists(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), min_size=1,
                   max_size=30)


def test_by_hand() -> None:
    # 112,048.67 a year lost, 9,337.389166... a month: each month alone shows 9,337.39, and
    # twelve of them 112,048.68; shown by the running total they add up to the year's figure
    monthly = np.full(12, 112_048.67 / 12)
    shown = cents_of_running_total(monthly)
    assert sum(Decimal(str(x)) for x in shown) == Decimal("112048.67")
    assert set(shown.tolist()) == {9337.39, 9337.38}
    assert sum(Decimal(str(x)) for x in round_cents(monthly)) == Decimal("112048.68")


@given(amounts)
def test_every_running_sum_is_the_total_rounded_once(values: list[float]) -> None:
    shown = cents_of_running_total(values)
    running = np.cumsum(values)
    total = Decimal(0)
    for k, x in enumerate(shown):
        assert Decimal(str(x)) == Decimal(str(x)).quantize(Decimal("0.01"))  # whole cents
        total += Decimal(str(x))
        assert total == Decimal(str(float(round_cents(running[k])))).quantize(Decimal("0.01"))
        # and each figure within a cent of its own rounding
        assert abs(Decimal(str(x)) - Decimal(str(float(round_cents(values[k]))))) \
            <= Decimal("0.01")
