"""A result column's values are shown together as each would be shown alone (the money amounts
made exact as one array)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ratecalc_workbook.result_sheets import _shown, _shown_column

# what a result frame's cell holds: amounts with binary noise, NaN, numpy scalars, flags, words
VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: x + 0.1 + 0.2 - 0.3),
    st.integers(min_value=-10**6, max_value=10**6).map(lambda c: c / 1000),
    st.floats(min_value=-1e6, max_value=1e6).map(np.float64),
    st.integers(-1000, 1000).map(np.int64),
    st.booleans(), st.none(), st.sampled_from(["pct_of_medicare", "decide_now", "text"]),
)


def _same(a, b) -> bool:
    # a float's sign too: -0.0 would show as "-0" where 0 shows "0"
    if isinstance(a, float) and isinstance(b, float):
        return math.copysign(1, a) == math.copysign(1, b) and (a == b or (a != a and b != b))
    return type(a) is type(b) and a == b


@given(st.lists(VALUES, max_size=30), st.booleans())
def test_a_column_is_shown_as_each_value_alone(values, money):
    together = _shown_column(values, money)
    alone = [_shown(v, money) for v in values]
    assert len(together) == len(alone)
    assert all(_same(a, b) for a, b in zip(together, alone, strict=True)), (together, alone)


def test_amounts_with_binary_noise_are_shown_exact():
    # 72.92499999999998 stands for 72.925 (its cell shows 72.93); -0.0 shows as 0
    assert _shown_column([72.92499999999998, -1.2749999999999986, -0.0, None, float("nan"),
                          True], money=True) == [72.925, -1.275, 0.0, None, None, "yes"]
    assert math.copysign(1, _shown_column([-0.0], money=True)[0]) == 1
