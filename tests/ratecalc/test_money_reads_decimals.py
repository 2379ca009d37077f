"""Each way ratecalc.money shows a float reads it as the decimal it stands for, rounded half-up
once from there: a percent read to a millionth (:func:`ratecalc.money.percent_text`), a stated
percent to eight decimals of a percent (:func:`ratecalc.money.stated_percent_text`), money to a
micro-cent (:func:`ratecalc.money.shown_beside_line`,
:func:`ratecalc.money.cents_of_running_total`), for figures of up to those decimals and for the
doubles a few steps either side of them that arithmetic leaves. Expected texts are worked in
Decimal arithmetic. On d3ce475 these found a noisy zero shown "-0.0%" and an amount that was its
line but for noise shown with the line's decimals; the rest passed there, and guard the rule.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import (
    WHOLE_CENTS_FROM,
    cents_of_running_total,
    exact_amount,
    money_beside_line,
    percent_text,
    round_cents,
    shown_beside_line,
    stated_fraction,
    stated_percent_text,
)
from tests.strategies import steps_off


def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)



def decimals(places: int, largest: int) -> st.SearchStrategy[Decimal]:
    """Decimals of up to ``places`` places below ``largest`` in size."""
    bound = largest * 10**places - 1
    return st.integers(-bound, bound).map(lambda n: Decimal(n).scaleb(-places))


NOISE = st.integers(-4, 4)


# --- round_cents: one float, one rounding, by its scalar path or in an array ------------------

def near_a_half_cent(cents: int, steps: int) -> float:
    """An amount of whole cents and a half, ``steps`` doubles off: where rounding decides."""
    return steps_off((cents + 0.5) / 100, steps)


@given(st.one_of(
    st.floats(-WHOLE_CENTS_FROM, WHOLE_CENTS_FROM, exclude_min=True, exclude_max=True),
    st.builds(near_a_half_cent, st.integers(-2**52, 2**52), st.integers(-16, 16)),
    st.builds(steps_off, st.just(WHOLE_CENTS_FROM), st.integers(-64, -1))))
@example(np.nextafter(WHOLE_CENTS_FROM, 0.0))
@example(-np.nextafter(WHOLE_CENTS_FROM, 0.0))
@example(0.005)
@example(-0.015)
@example(749.95495)
@example(5e-324)
def test_a_float_rounds_alone_as_in_an_array(amount: float) -> None:
    # every finite float below WHOLE_CENTS_FROM takes round_cents' scalar path; an array of it
    # the vectorized one: one rule, so one figure, to the bit
    if not abs(amount) < WHOLE_CENTS_FROM:
        return
    alone = round_cents(amount)
    assert type(alone) is float
    in_array = round_cents(np.array([amount, 0.0]))[0]
    assert alone == in_array and math.copysign(1, alone) == math.copysign(1, in_array)


@given(st.one_of(
    st.floats(-WHOLE_CENTS_FROM, WHOLE_CENTS_FROM, exclude_min=True, exclude_max=True),
    st.builds(near_a_half_cent, st.integers(-2**52, 2**52), st.integers(-16, 16)),
    st.builds(steps_off, st.just(WHOLE_CENTS_FROM), st.integers(-64, -1))))
@example(np.nextafter(WHOLE_CENTS_FROM, 0.0))
@example(-np.nextafter(WHOLE_CENTS_FROM, 0.0))
@example(72.92499999999998)
@example(-1.2749999999999986)
@example(749.95495)
@example(-4e-9)  # snapped to a zero, which is not negative
@example(0.010000065)  # a micro-cent and a half, to the bit: to the even micro-cent
@example(5e-324)
def test_a_float_is_snapped_alone_as_in_an_array(amount: float) -> None:
    # a float below WHOLE_CENTS_FROM takes exact_amount's scalar path; an array of it the
    # vectorized one: the same double, to the bit and its sign
    if not abs(amount) < WHOLE_CENTS_FROM:
        return
    alone = exact_amount(amount)
    assert type(alone) is float
    in_array = exact_amount(np.array([amount, 0.0]))[0]
    assert alone == in_array and math.copysign(1, alone) == math.copysign(1, in_array)


# --- percents: read to a millionth, then half-up to the places shown -------------------------

@given(decimals(6, 1000), NOISE, st.integers(0, 4))
@example(Decimal("0.9655"), -1, 1)
@example(Decimal("0.0005"), -2, 1)
@example(Decimal("-0.123455"), 3, 3)
@example(Decimal("0"), -1, 1)  # a noisy zero read "-0.0%"
def test_a_fraction_of_up_to_a_millionth_reads_as_its_decimals(fraction: Decimal, steps: int,
                                                               places: int) -> None:
    shown = percent_text(steps_off(float(fraction), steps), places)
    percent = half_up(fraction * 100, places)
    assert shown == f"{abs(percent) if percent == 0 else percent}%"  # "0%", not "-0%"


@given(decimals(10, 100), NOISE, st.integers(0, 4))
@example(Decimal("0.88755"), -1, 0)
@example(Decimal("0.1000000001"), 2, 2)
@example(Decimal("0.0000000005"), -1, 0)
@example(Decimal("0"), -1, 0)  # a noisy zero read "-0%"
def test_a_stated_percent_of_up_to_eight_decimals_reads_as_stated(fraction: Decimal,
                                                                  steps: int,
                                                                  places: int) -> None:
    value = steps_off(float(fraction), steps)
    assert stated_fraction(value) == Fraction(fraction)
    percent = fraction.scaleb(2)
    whole, _, digits = f"{percent:f}".partition(".")
    digits = digits.rstrip("0").ljust(places, "0")
    assert stated_percent_text(value, places) == (f"{whole}.{digits}%" if digits
                                                  else f"{whole}%")


# --- money beside a line: cents, or the first decimals that tell them apart ------------------

def beside(amount: Decimal, line: Decimal) -> Decimal:
    """What a reader should see of ``amount`` weighed against ``line``, worked by hand."""
    cents = half_up(amount, 2)
    if amount == line or cents != half_up(line, 2):
        return cents
    for places in range(3, 9):
        if half_up(amount, places) != half_up(line, places):
            break
    shown = half_up(amount, places).normalize()
    return half_up(shown, 2) if shown.as_tuple().exponent > -2 else shown  # type: ignore[operator]


#: A double's step near $10 million is 1.9e-9: two steps stay within half a micro-cent.
MONEY_NOISE = st.integers(-2, 2)


@given(decimals(8, 10**7), st.integers(-10**6, 10**6), st.integers(2, 8), MONEY_NOISE,
       MONEY_NOISE)
@example(Decimal("99.46105"), -105, 5, 0, 0)
@example(Decimal("749.95495"), 5, 8, -1, 1)
@example(Decimal("99.461"), 0, 2, 1, 0)  # read "$99.461", the cents of a line at $99.461
@example(Decimal("0.00000001"), 0, 2, 0, 1)
def test_money_beside_a_line_reads_as_its_decimals(amount: Decimal, apart: int, places: int,
                                                   steps: int, line_steps: int) -> None:
    line = amount + Decimal(apart).scaleb(-places)
    # an amount that is the line but for noise is the line: cents, as the line shows
    value, at = steps_off(float(amount), steps), steps_off(float(line), line_steps)
    shown = shown_beside_line(value, at)
    assert shown == beside(amount, line)
    sign = "-" if shown < 0 else ""
    assert money_beside_line(value, at) == f"{sign}${abs(shown):,f}"


# --- a series in cents that adds up to its running total ---------------------------------------

@given(st.lists(decimals(8, 10**5), min_size=1, max_size=24))
@example([Decimal("1.005")] * 3)
@example([Decimal("0.1"), Decimal("0.2"), Decimal("-0.295")])
def test_a_series_in_cents_adds_up_to_its_running_total(amounts: list[Decimal]) -> None:
    shown = cents_of_running_total([float(a) for a in amounts])
    for months in range(1, len(amounts) + 1):
        total = sum(Decimal(repr(float(c))) for c in shown[:months])
        assert total == half_up(sum(amounts[:months], Decimal(0)), 2)


def test_a_noisy_zero_is_shown_as_zero() -> None:
    # 0.3 - 0.1 - 0.2 is -2.7755575615628914e-17: a percent read "-0.0%", a change of the
    # conversion factor "-0.00%" where the letter and the workbook say 0.0%
    from ratecalc.scenarios import cf_change_text

    zero = 0.3 - 0.1 - 0.2
    assert zero < 0
    assert percent_text(zero) == "0.0%"
    assert percent_text(zero, 0) == "0%"
    assert cf_change_text(zero) == "+0.00%"
    assert stated_percent_text(zero) == "0%"
    assert stated_percent_text(zero, 2) == "0.00%"
