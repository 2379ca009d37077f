"""``arrow_text_array`` makes a column of one repeated text once (branch speed-tic-6): the array
is the one Arrow made by reading every item, and the one pandas makes of the items."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.text_arrays import arrow_text_array

pa = pytest.importorskip("pyarrow")

# lone surrogates included: Arrow cannot write them as UTF-8, either way
TEXTS = st.one_of(st.text(max_size=6), st.just("a\ud800"))
ODD = st.one_of(st.none(), TEXTS, st.integers(-3, 3), st.just(np.nan), st.just(pd.NA),
                st.binary(max_size=2))


def _read_item_by_item(items: list[object]) -> pd.api.extensions.ExtensionArray | None:
    """What ``arrow_text_array`` did before the repeated-text path: Arrow reads each item."""
    try:
        read = pa.array(items)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    if read.type != pa.string():
        return None
    return pd.array(read.cast(pa.large_string()), dtype="str")


@given(TEXTS, st.integers(1, 40), st.booleans(),
       st.one_of(st.none(), st.tuples(st.integers(0, 40), ODD)), st.booleans())
def test_one_repeated_text_is_the_array_read_item_by_item(
        text: str, size: int, copies: bool, odd: tuple[int, object] | None,
        as_array: bool) -> None:
    # copies: equal texts as distinct objects, as a parser may give them
    items: list[object] = ["".join(list(text)) if copies else text for _ in range(size)]
    if odd is not None:
        items.insert(min(odd[0], size), odd[1])
    given_items = np.fromiter(items, dtype=object, count=len(items)) if as_array else items
    with pd.option_context("mode.string_storage", "pyarrow"):
        expected = _read_item_by_item(items)
        made = arrow_text_array(given_items)
    with pd.option_context("mode.string_storage", "python"):  # pandas' own, as before
        assert arrow_text_array(given_items) is None
    if expected is None:
        assert made is None
        return
    assert made is not None
    assert made.dtype == expected.dtype
    assert type(made) is type(expected)
    pd.testing.assert_extension_array_equal(made, expected)
    assert made._pa_array.type == expected._pa_array.type  # large_string, as before
    assert made._pa_array.null_count == expected._pa_array.null_count
    with pd.option_context("mode.string_storage", "pyarrow"):
        assert list(made) == list(pd.array(items, dtype="str"))


def test_a_column_of_one_billing_class() -> None:
    """The TiC prices' case: 30,000 rows of one text, equal to the text read row by row."""
    items = ["professional"] * 30_000
    with pd.option_context("mode.string_storage", "pyarrow"):
        made = arrow_text_array(items)
        expected = _read_item_by_item(items)
    assert made is not None and expected is not None
    pd.testing.assert_extension_array_equal(made, expected)
    assert len(made) == 30_000 and made[0] == made[-1] == "professional"
