"""One float, one figure: round_cents, to_decimal_cents and a spreadsheet showing exact_amount.

A spreadsheet shows a money cell by rounding the double it holds, half away from zero, from
its shortest decimal text (LibreOffice; tests/workbook checks that it does). The workbook writes
each money figure through :func:`ratecalc.money.exact_amount`, so what the cell shows must be
what :func:`ratecalc.money.round_cents` writes everywhere else, for amounts on or near a half
cent with the binary noise arithmetic leaves.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import exact_amount, half_up, round_cents, to_decimal_cents

CENT = Decimal("0.01")


def shown(value: float) -> Decimal:
    """A cell's cents as LibreOffice shows the double ``value``."""
    return Decimal(repr(value)).quantize(CENT, ROUND_HALF_UP)


def noisy(tenths_of_cents: int, ulps: int) -> float:
    """An amount of whole tenths of a cent (x.xx5 among them), ``ulps`` doubles away."""
    value = tenths_of_cents / 1000
    step = np.inf if ulps > 0 else -np.inf
    for _ in range(abs(ulps)):
        value = float(np.nextafter(value, step))
    return value


#: Up to $10 million: a double resolves a micro-cent below about $40 million (2**32 cents); a
#: clinic's yearly totals stay far below.
amounts = st.builds(noisy, st.integers(-10**10, 10**10), st.integers(-8, 8))


@given(amounts)
def test_a_cell_holding_the_exact_amount_shows_the_core_cents(amount: float) -> None:
    assert shown(exact_amount(amount)) == Decimal(repr(round_cents(amount)))


@given(amounts)
def test_to_decimal_cents_of_a_float_is_round_cents(amount: float) -> None:
    assert to_decimal_cents(amount) == Decimal(repr(round_cents(amount)))


@given(amounts)
def test_the_exact_amount_is_the_same_amount(amount: float) -> None:
    assert round_cents(exact_amount(amount)) == round_cents(amount)
    assert abs(exact_amount(amount) - amount) <= 5e-9 + 8 * np.spacing(abs(amount))


@pytest.mark.parametrize(("computed", "cell", "cents"), [
    (33.765 - 35.04, -1.275, "-1.28"),  # -1.2749999999999986: shown -1.27 unless snapped
    (72.92499999999998, 72.925, "72.93"),  # a weighted average of the half-cent clinic
    (12.355 - 12.42, -0.065, "-0.07"),
    (0.1 + 0.2, 0.3, "0.30"),
    (2.675, 2.675, "2.68"),
])
def test_worked_examples(computed: float, cell: float, cents: str) -> None:
    assert exact_amount(computed) == cell
    assert shown(exact_amount(computed)) == Decimal(cents) == to_decimal_cents(computed)
    assert round_cents(computed) == float(cents)


def test_an_amount_past_a_cents_resolution_is_kept_as_it_is() -> None:
    # 1.8e306 became inf with an overflow warning (found by the result sheets' hypothesis test)
    assert exact_amount(1.797693134862316e+306) == 1.797693134862316e+306
    assert exact_amount([1.7976931348623157e+308, 72.92499999999998]).tolist() == \
        [1.7976931348623157e+308, 72.925]


#: Amounts of up to eight decimals (a micro-cent) below $10 million: fifteen significant
#: digits at most, so the double nearest each has the amount as its shortest text.
micro_cent_amounts = st.integers(-10**15 + 1, 10**15 - 1).map(lambda n: Decimal(n).scaleb(-8))


@given(micro_cent_amounts, st.integers(2, 8))
@example(Decimal("749.95495"), 4)  # came back 749.9549499999999, shown 749.9549 (CI, walk-away)
def test_an_amount_of_up_to_a_micro_cent_reads_as_its_decimals(amount: Decimal,
                                                               places: int) -> None:
    # the double nearest the amount stands for it: read back, it is that double (not one
    # a step off whose shortest text is 749.9549499999999), and rounded to any decimals it
    # is the amount rounded half-up
    assert exact_amount(float(amount)) == float(amount)
    assert half_up(float(amount), places) == amount.quantize(Decimal(1).scaleb(-places),
                                                             ROUND_HALF_UP)
