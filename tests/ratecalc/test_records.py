"""as_records gives what DataFrame.to_dict(orient="records") gives: the same keys in the same
order, and values equal and of the same type (a NaN where pandas has a NaN), whatever the
columns' dtypes."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.records import as_records


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a is b or a == b)


def _assert_same(frame: pd.DataFrame) -> None:
    expected, got = frame.to_dict(orient="records"), as_records(frame)
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        assert list(row) == list(want)
        for key, value in want.items():
            assert _same(row[key], value), (key, row[key], value)


def test_every_kind_of_column() -> None:
    n = 4
    frame = pd.DataFrame({
        "float": [1.5, np.nan, -0.0, 1e300],
        "int": np.arange(n, dtype=np.int64),
        "bool": [True, False, True, False],
        "text": pd.array(["a", None, "c", ""], dtype="str"),
        "text_python": pd.array(["a", None, "c", "d"], dtype="string[python]"),
        "object": ["x", None, np.float64(2.5), np.int64(7)],
        "dates": [date(2026, 1, 1), None, date(2026, 12, 31), datetime(2026, 5, 1, 9)],
        "numpy_bool_object": pd.Series([np.bool_(True), None, "x", Decimal("1.10")],
                                       dtype=object),
        "datetime64": pd.to_datetime(["2026-01-01", None, "2026-03-01", "2026-04-01"]),
        "nullable_int": pd.array([1, None, 3, 4], dtype="Int64"),
        "nullable_bool": pd.array([True, None, False, True], dtype="boolean"),
        "nullable_float": pd.array([1.25, None, 3.0, 4.0], dtype="Float64"),
        "category": pd.Categorical(["a", "b", None, "a"]),
        "timedelta": pd.to_timedelta([1, 2, None, 4], unit="D"),
    })
    _assert_same(frame)
    _assert_same(frame.iloc[0:0])
    _assert_same(frame[["float"]])
    _assert_same(frame.set_index("int"))  # the index is not in a record
    _assert_same(pd.DataFrame(index=range(3)))  # no columns: an empty dict a row


def test_columns_named_alike_fall_back_to_pandas() -> None:
    frame = pd.DataFrame([[1, 2], [3, 4]], columns=["a", "a"])
    with pytest.warns(UserWarning, match="not unique"):
        expected = frame.to_dict(orient="records")
    with pytest.warns(UserWarning, match="not unique"):
        assert as_records(frame) == expected


_VALUES = st.one_of(
    st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-2**62, 2**62),
    st.booleans(), st.text(max_size=5), st.dates(),
    st.floats(allow_nan=True).map(np.float64), st.integers(-2**31, 2**31).map(np.int64),
    st.booleans().map(np.bool_))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_VALUES, st.floats(allow_nan=True), st.integers(-2**62, 2**62),
                          st.one_of(st.none(), st.text(max_size=3))), max_size=8))
def test_any_rows(rows: list[tuple[Any, float, int, str | None]]) -> None:
    frame = pd.DataFrame(rows, columns=["mixed", "float", "int", "text"])
    _assert_same(frame)
    _assert_same(frame.astype({"text": "str"}))
