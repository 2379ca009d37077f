"""The summary reads a table's rows by name as ``itertuples`` gives them: the same values, of the
same types, row by row (``report._rows``)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.report import _rows


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if a is pd.NaT or b is pd.NaT:
        return a is b
    return type(a) is type(b) and a == b


COLUMNS = st.sampled_from([
    st.floats(allow_nan=True, allow_infinity=False),
    st.integers(-10**9, 10**9),
    st.booleans(),
    st.one_of(st.none(), st.text(max_size=5)),
    st.one_of(st.just(pd.NaT), st.datetimes(min_value=pd.Timestamp("1990-01-01").to_pydatetime(),
                                            max_value=pd.Timestamp("2090-01-01").to_pydatetime())
              .map(pd.Timestamp)),
])


@given(st.integers(0, 6), st.lists(COLUMNS, min_size=1, max_size=5), st.data())
def test_rows_are_itertuples_values(n, kinds, data):
    frame = pd.DataFrame({f"c{i}": data.draw(st.lists(kind, min_size=n, max_size=n))
                          for i, kind in enumerate(kinds)})
    columns = [f"c{i}" for i in range(len(kinds))][::-1]  # any order, any subset
    got = [[getattr(r, c) for c in columns] for r in _rows(frame, columns)]
    expected = [[getattr(r, c) for c in columns] for r in frame.itertuples()]
    assert len(got) == len(expected) == n
    assert all(_same(a, b) for row, want in zip(got, expected, strict=True)
               for a, b in zip(row, want, strict=True)), (got, expected)


def test_no_table_has_no_rows():
    assert list(_rows(None, ["payer"])) == []
    assert list(_rows(pd.DataFrame(), ["payer"])) == []  # no columns at all: none read
    one = pd.DataFrame({"payer": ["A"], "rate": [np.float64(1.5)]})
    (row,) = _rows(one, ["payer", "rate"])
    assert (row.payer, row.rate) == ("A", 1.5) and type(row.rate) is float
