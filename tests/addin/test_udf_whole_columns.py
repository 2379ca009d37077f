"""A whole column (``A:A``: 1,048,576 rows, nearly all empty) given to a UDF's range argument.

Excel hands the function every row of it; the rows past the last value hold the same inputs
(empty cells, and the same one-cell arguments), so they are computed once. A whole column of
PCT_OF_MEDICARE took 118 s in one helper's run (6.5 CPU-s quiet): each empty cell was parsed
and checked one by one.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc_addin import excel_values
from ratecalc_addin.excel_values import Param, cellwise

MISSING = -2147352572  # an omitted Optional argument, as VBA passes it
EXCEL_ROWS = 1_048_576
OCT_1_2026 = 46296.0  # Excel's serial number of 2026-10-01


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many cells the UDFs parse one by one (``excel_values.parse_value``'s calls)."""
    calls = [0]
    real = excel_values.parse_value

    def counted(value: Any, param: Param) -> Any:
        calls[0] += 1
        return real(value, param)

    monkeypatch.setattr(excel_values, "parse_value", counted)
    return calls


def whole_column(*values: Any) -> tuple[tuple[Any, ...], ...]:
    """A column A:A as COM hands it over: its values at the top, then empty cells."""
    return tuple((v,) for v in values) + ((None,),) * (EXCEL_ROWS - len(values))


def test_a_whole_column_is_computed_to_its_last_value(excel, parses):
    result = excel("PCT_OF_MEDICARE", whole_column(32.808, None, 30.0), "97110", "10112-00",
                   OCT_1_2026, MISSING, True)
    # every row answered, as before: the values' results, and blank for the empty cells
    assert len(result) == EXCEL_ROWS
    assert result[:4] == [[1.2], [""], [1.097293], [""]]  # 32.808 / 27.34; 30 / 27.34
    assert all(row == [""] for row in result[4:])
    # the empty rows after the last value were parsed once (one row stands for them), not a
    # million times
    assert parses[0] < 20


def test_an_error_of_a_one_cell_argument_still_fills_every_row(excel, parses):
    # the rows past the last value share their inputs with the row computed: the same message
    result = excel("PCT_OF_MEDICARE", whole_column(32.808), "97110", "10112-00", "not a date",
                   MISSING, MISSING)
    assert len(result) == EXCEL_ROWS
    message = result[0][0]
    assert message.startswith("#RATECALC: service_date: expected a date")
    assert all(row == [message] for row in result)
    assert parses[0] < 20


def test_a_whole_column_of_numbers_against_one_cell(excel):
    # RATEGAP's numbers-only path: the same rows, the same blanks
    result = excel("RATEGAP", whole_column(26.83, None, 30.0), 31.5, MISSING)
    assert len(result) == EXCEL_ROWS
    assert result[:4] == [[4.67], [""], [1.5], [""]]
    assert all(row == [""] for row in result[4:])


cell = st.one_of(st.none(), st.floats(0, 1e4, allow_nan=False), st.just("x"), st.just(""))


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 3).flatmap(lambda cols: st.tuples(
        st.lists(st.lists(cell, min_size=cols, max_size=cols), min_size=0, max_size=4),
        st.integers(0, 6),
        st.just(cols),
    )),
    st.one_of(st.none(), st.floats(1, 100), st.just("y")),
)
def test_trailing_empty_rows_get_what_each_row_alone_gets(grid, benchmark):
    rows, empty, cols = grid
    payer = [*rows, *([[None] * cols] * empty)] or [[None] * cols]
    params = [Param("payer_rate", "money"), Param("benchmark", "money")]

    def one(rate: float, bench: float) -> float:
        return bench - rate

    def many(rates: Any, benches: Any) -> list[float]:
        return [b - r for r, b in zip(rates, benches, strict=True)]

    # each row alone, as one row of a range (two or more cells) or one cell
    alone = [cellwise(params, [[row], benchmark], one=one)[0] for row in payer]
    assert cellwise(params, [payer, benchmark], one=one) == alone
    assert cellwise(params, [payer, benchmark], one=one, many=many) == alone


def test_a_whole_column_of_yearly_changes_reads_its_values_only(excel, parses):
    # FIXED_VS_PCT's escalator: a whole column is the changes it lists, its empty cells skipped
    args = [30.0, 1.2, 25.0, 1000.0, 5.0, 0.0]
    changes = (0.02, 0.03, 0.02, 0.01)  # into years 2 to 5
    listed = excel("FIXED_VS_PCT", *args, tuple((c,) for c in changes), MISSING)
    before = parses[0]
    assert excel("FIXED_VS_PCT", *args, whole_column(*changes), MISSING) == listed
    assert isinstance(listed, float)
    assert parses[0] - before < 20


def test_values_deep_in_a_whole_column_each_get_their_own_answer(excel):
    """Rows past the last value are shared, never rows before it: a value in Excel's last row,
    and values after blanks and far down, are each computed (hand-read: 32.808 / 27.34 = 1.2,
    30 / 27.34 = 1.097293, 27.34 / 27.34 = 1)."""
    column = [(None,)] * EXCEL_ROWS
    for row, value in [(0, 32.808), (10, 30.0), (500_000, 27.34), (EXCEL_ROWS - 1, 30.0)]:
        column[row] = (value,)
    result = excel("PCT_OF_MEDICARE", tuple(column), "97110", "10112-00", OCT_1_2026, MISSING,
                   True)
    assert len(result) == EXCEL_ROWS
    assert (result[0], result[10], result[500_000], result[-1]) == ([1.2], [1.097293], [1.0],
                                                                    [1.097293])
    answered = {0, 10, 500_000, EXCEL_ROWS - 1}
    assert all(row == [""] for i, row in enumerate(result) if i not in answered)
    # a second range whose only value is in the last row: that row is computed against it
    bench = [(None,)] * EXCEL_ROWS
    bench[0], bench[-1] = (31.5,), (40.0,)
    gaps = excel("RATEGAP", tuple(column), tuple(bench), MISSING)
    assert (gaps[0], gaps[10], gaps[-1]) == ([-1.31], [""], [10.0])
