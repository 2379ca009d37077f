"""Every cell parser on numbers no column can mean: an infinity (a cell of ``1E999``, which
openpyxl reads as ``float('inf')``), NaN, and an integer too large for a float (a cell of 500
digits, which openpyxl reads as a Python int). Each must be refused as a CellError naming what
the column expects, never escape as an OverflowError or ValueError (exit 4, "internal error")."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.dates import date_from_value
from ratecalc.schema import CONTRACTS, FEE_SCHEDULES
from ratecalc.validation import PARSERS, CellError, Source, coerce_table

HOSTILE = [float("inf"), float("-inf"), float("nan"), np.float64("inf"), 10 ** 500,
           -(10 ** 500), np.float32("inf")]


@pytest.mark.parametrize("kind", sorted(PARSERS))
@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_every_parser_refuses_a_number_no_cell_can_mean(kind: str, value: object) -> None:
    with pytest.raises(CellError) as caught:
        PARSERS[kind](value)
    assert "expected" in str(caught.value) or "Unknown" in str(caught.value)


@pytest.mark.parametrize("value", [float("inf"), 10 ** 500])
def test_dates_refuse_them_in_words(value: object) -> None:
    with pytest.raises(ValueError, match="expected a date"):
        date_from_value(value)


@pytest.mark.parametrize(("kind", "expected"), [
    ("code", "expected a CPT/HCPCS code"),
    ("modifier", "expected a two-character modifier"),
    ("bool", "expected yes or no"),
])
def test_the_message_is_the_columns_rule(kind: str, expected: str) -> None:
    for value in (float("inf"), 10 ** 500):
        with pytest.raises(CellError, match=expected):
            PARSERS[kind](value)


def test_whole_numbers_still_read_as_typed() -> None:
    assert PARSERS["code"](97110.0) == "97110"
    assert PARSERS["code"](np.float64(97110)) == "97110"
    assert PARSERS["modifier"](59.0) == "59"
    assert PARSERS["modifier"](5) == "05"
    assert PARSERS["bool"](1.0) is True and PARSERS["bool"](0) is False
    assert PARSERS["text"](12.0) == "12" and PARSERS["text"](1.5) == "1.5"
    assert PARSERS["text"](12345678901234567890) == "12345678901234567890"


def test_a_table_names_row_and_column() -> None:
    raw = pd.DataFrame({"payer": ["A", "A"], "code": [float("inf"), "97110"],
                        "modifier": ["", float("-inf")], "allowed_amount": [30.0, 31.0],
                        "effective_date": ["2026-01-01", "2026-01-01"]})
    typed, problems = coerce_table(raw, FEE_SCHEDULES, Source("f.xlsx", "Fee Schedules", 5))
    found = {(p.location.row, p.location.column) for p in problems}
    assert found == {(5, "code"), (6, "modifier")}
    assert typed.empty
    raw = pd.DataFrame({"payer": ["A"], "effective_date": ["2026-01-01"],
                        "end_date": ["2027-01-01"], "auto_renew": [math.inf]})
    _, problems = coerce_table(raw, CONTRACTS, Source("f.xlsx", "Payers", 5))
    assert [(p.location.row, p.location.column, p.rule) for p in problems
            if p.location.column == "auto_renew"] == [(5, "auto_renew", "expected yes or no")]


@given(st.lists(st.tuples(st.sampled_from(["97110", " 97110", "9711O", "97140", 97110, "x"]),
                          st.sampled_from(["", "GP", "gp", "G", 59, 5]),
                          st.sampled_from(["$26.50", "26.5", "abc", 26.5, -1.0])),
                min_size=1, max_size=12))
def test_repeated_cells_read_as_each_cell_alone(rows: list[tuple[object, ...]]) -> None:
    """coerce_table parses each distinct text or whole number of a column once: every row
    reads as it does alone, and each refused cell is named at its own row (hand-checked
    values above; here each row of a table against the same row as a table of its own)."""
    def table(lines: list[tuple[object, ...]]) -> pd.DataFrame:
        return pd.DataFrame({"payer": ["A"] * len(lines), "code": [r[0] for r in lines],
                             "modifier": [r[1] for r in lines],
                             "allowed_amount": [r[2] for r in lines],
                             "effective_date": [f"2026-01-{i % 28 + 1:02d}"
                                                for i in range(len(lines))]}, dtype=object)

    typed, problems = coerce_table(table(rows), FEE_SCHEDULES, Source("f.csv", None, 2))
    alone_rows, alone_problems = [], []
    for i in range(len(rows)):
        one = table(rows)[i:i + 1].reset_index(drop=True)
        got, found = coerce_table(one, FEE_SCHEDULES, Source("f.csv", None, 2 + i))
        alone_rows += got.to_dict(orient="records")
        alone_problems += [(p.location.row, p.location.column, p.rule) for p in found
                           if not p.rule.startswith("duplicate")]
    assert typed.to_dict(orient="records") == alone_rows
    assert [(p.location.row, p.location.column, p.rule) for p in problems
            if not p.rule.startswith("duplicate")] == alone_problems
