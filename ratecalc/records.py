"""A table's rows as dicts, as ``DataFrame.to_dict(orient="records")`` gives them, made faster.

pandas builds each row through ``itertuples`` and then, row by row and column by column, turns
the values of its object and extension columns into Python's own (``maybe_box_native``): a
Python loop per cell. A refresh made 25 such lists (every result table it writes, every input
table it checks): 8 ms of the demo's refresh, 0.2 s of a refresh of 40 payers x 300 codes.
:func:`as_records` takes each column's values once (``tolist`` for a numpy column, which gives
the same Python numbers as iterating it) and boxes only the columns pandas boxes, passing over
the values already Python's own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pandas.core.dtypes.cast import maybe_box_native

from ratecalc.shown_percent import RoundedPercent, ShownPercent, TypedPercent

#: Types ``maybe_box_native`` gives back as they are (the very object): most of a text or
#: object column's values, passed over without the call. And a number its cell shows as a
#: percent (or beside a percent sign that is text, as typed or rounded), which the call would
#: make a plain float, losing what its cell showed.
_NATIVE = frozenset({str, float, int, bool, type(None), date, ShownPercent, TypedPercent,
                     RoundedPercent})


def column_values(column: pd.Series) -> list[Any]:
    """The values of one column as ``to_dict(orient="records")`` holds them: as iterating
    the Series gives them (numbers as Python's, dates as ``Timestamp``), those of an object or
    extension column made Python's own where they are numpy's."""
    values = column._values
    found = values.tolist() if isinstance(values, np.ndarray) else list(values)
    dtype = column.dtype
    if dtype == np.dtype(object) or isinstance(dtype, ExtensionDtype):
        return [v if type(v) in _NATIVE else maybe_box_native(v) for v in found]
    return found


def as_records(frame: pd.DataFrame) -> list[dict[Any, Any]]:
    """``frame.to_dict(orient="records")``: the same dicts, keys and values (and types)."""
    if not frame.columns.is_unique:
        return frame.to_dict(orient="records")  # pandas warns, and keeps the last of each
    columns = frame.columns.tolist()
    values = [column_values(column) for _, column in frame.items()]
    if not columns:
        return [{} for _ in range(len(frame))]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
