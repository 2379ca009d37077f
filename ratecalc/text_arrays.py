"""Text columns for pandas frames, made by Arrow where pandas keeps text in Arrow.

Shared by the readers that build large frames of text (remittances, TiC prices): one way to
make a column of text, so their frames' text columns are alike.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def text_array(items: Sequence[Any] | np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``pd.array(items, dtype="str")``, the same array, made faster where pandas keeps text in
    Arrow (:func:`arrow_text_array`)."""
    made = arrow_text_array(items)
    return pd.array(items, dtype="str") if made is None else made


def arrow_text_array(items: Sequence[Any] | np.ndarray) -> pd.api.extensions.ExtensionArray | None:
    """``pd.array(items, dtype="str")`` made by Arrow, or None where pandas does not keep text
    in Arrow or Arrow does not read the items as text alone.

    pandas checks and copies each item in Python before Arrow reads them: 1.7 ms for 30,000
    codes, where Arrow reading the items and pandas taking its array take 0.7 ms (a line table
    has 20 text columns). Items Arrow does not read as text alone (a number, a float NaN, bytes,
    none but None) are left to pandas, which writes each as text or missing. Where this gives
    an array, a frame made from a list of text infers the same dtype (pandas' "str").
    """
    pyarrow = sys.modules.get("pyarrow")  # pandas keeps "str" in Arrow only where imported
    # pandas 2 reads "str" as numpy's text dtype, which has no storage
    text_dtype = pd.api.types.pandas_dtype("str")
    in_arrow = isinstance(text_dtype, pd.StringDtype) and text_dtype.storage == "pyarrow"
    if pyarrow is None or not in_arrow:
        return None
    # Arrow reads a list of objects faster than the same in an object array
    listed = items.tolist() if isinstance(items, np.ndarray) else items
    try:
        if _one_text(listed):
            # One text in every row (most of a TiC file's columns: one billing class, one
            # arrangement...): made once and repeated, where reading each item took 0.9 ms a
            # column of 30,000 rows.
            return pd.array(pyarrow.repeat(pyarrow.scalar(listed[0], pyarrow.large_string()),
                                           len(listed)), dtype="str")
        read = pyarrow.array(listed)
    except (pyarrow.ArrowException, TypeError, ValueError, OverflowError):
        return None
    if read.type != pyarrow.string():
        return None
    return pd.array(read.cast(pyarrow.large_string()), dtype="str")


def _one_text(items: Sequence[Any]) -> bool:
    """Whether every item is the first, a text (``count`` compares in C, the same object at a
    pointer's cost; an item that cannot be compared with text, such as pandas' NA, is no)."""
    first = items[0] if len(items) else None
    if type(first) is not str:
        return False
    try:
        return items.count(first) == len(items)
    except (TypeError, ValueError):
        return False
