"""One float is rounded to cents without numpy (a worksheet function's cell paid 7 us for
numpy's scalar overhead), and exactly as an array of it is: one rule, two paths."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import round_cents

# amounts as typed (cents and half-cents near the noise), and any float at all
TYPED = st.integers(-10**11, 10**11).map(lambda tenths: tenths / 1000)


# any float an amount may be (RateCalc refuses amounts over $1e9), past the scalar path's
# bound and up to a double's largest (beyond about 1e300 the array path overflowed: a warning,
# which fails a test, and inf for a finite amount)
@given(st.one_of(TYPED, st.floats(-1e17, 1e17), st.floats(allow_nan=False)))
@example(1.005)
@example(-2.675)
@example(26.825)
@example(1.2749999999999986)
@example(-0.004)
@example(0.005)
@example(-0.005)
@example(72.92499999999998)
@example(5e-324)
@example(1e15)
@example(999999999999999.9)
@example(-0.0)
@example(2.0 ** 53 / 100.0)
@example(np.nextafter(2.0 ** 53 / 100.0, 0.0))
@example(1.797693134862316e+306)
@example(-1.7976931348623157e+308)
def test_one_float_rounds_as_an_array_of_it(amount: float) -> None:
    one = round_cents(amount)
    assert type(one) is float
    as_array = round_cents(np.array([amount]))[0]
    assert one == as_array or (np.isnan(one) and np.isnan(as_array))
    assert str(one) != "-0.0"


def test_hand_worked_cents() -> None:
    assert [round_cents(x) for x in (26.825, 1.005, -2.675, 0.004, -0.004, 72.92499999999998)] \
        == [26.83, 1.01, -2.68, 0.0, 0.0, 72.93]
    assert np.isnan(round_cents(float("nan")))
    assert round_cents(float("inf")) == float("inf")


def test_an_amount_past_a_cents_resolution_is_its_own_rounding() -> None:
    # a double of 2**53 cents or more holds no fraction of a cent; near its largest the array
    # path's x 100 x 10**4 overflowed and a finite amount rounded to inf
    for amount in (1.797693134862316e+306, -1.7976931348623157e+308, 2.0 ** 53 / 100.0):
        assert round_cents(amount) == amount
        assert round_cents(np.array([amount]))[0] == amount
