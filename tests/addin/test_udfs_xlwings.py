"""The UDFs called the way Excel calls them: through xlwings' COM server entry point
``XLPython.CallUDF`` and ``call_udf``, with xlwings' own argument conversion, on the values and
Range objects Excel hands over (pywin32 stood in for, see win32_stubs.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc import gap
from tests.addin import win32_stubs

MISSING = -2147352572  # what VBA passes for an omitted Optional argument
NA = -2146826246  # a cell showing #N/A, as COM passes it
DIV0 = -2146826281  # #DIV/0!
UTC = dt.UTC


@pytest.fixture(scope="module")
def excel() -> Any:
    """``call(name, *args)``: what Excel's VBA wrapper gets back from Python."""
    _, _, com_server = win32_stubs.install()
    server = com_server.XLPython()
    yield lambda name, *args: server.CallUDF("ratecalc_addin", name, args)
    win32_stubs.uninstall()


class _TypeAttr:
    iid = "{00020846-0000-0000-C000-000000000046}"  # Excel's Range interface


class _OleObject:
    def GetTypeInfo(self) -> Any:
        return type("TypeInfo", (), {"GetTypeAttr": lambda self: _TypeAttr()})()


class _Count:
    def __init__(self, count: int) -> None:
        self.Count = count


class ComRange:
    """What a formula's range argument is in Python under classic xlwings: a COM Range, read by
    xlwings through ``.Value`` (a scalar for one cell, a tuple of row tuples otherwise)."""

    _oleobj_ = _OleObject()
    Row = 1
    Column = 1

    def __init__(self, value: Any) -> None:
        self.Value = value
        app = type("Application", (), {"Hwnd": 1})()
        book = type("Workbook", (), {"Application": app})()
        self.Worksheet = type("Worksheet", (), {"Parent": book})()

    @property
    def Rows(self) -> _Count:
        return _Count(len(self.Value) if isinstance(self.Value, tuple) else 1)

    @property
    def Columns(self) -> _Count:
        return _Count(len(self.Value[0]) if isinstance(self.Value, tuple) else 1)


def test_single_cells_and_omitted_arguments(excel):
    assert excel("RATEGAP", 26.83, 31.5, MISSING) == pytest.approx(4.67)
    assert excel("RATEGAP", 26.83, 31.5, "pct") == pytest.approx(4.67 / 31.5)
    assert excel("PROPOSED_RATE", 26.83, 31.5, MISSING, MISSING, MISSING) == 30.85
    assert (
        excel("MEDICARE_RATE", "97110", "10112-00", dt.datetime(2025, 2, 1), MISSING, MISSING)
        == 26.83
    )


def test_a_column_with_blanks_and_numbers_as_text_keeps_its_shape(excel):
    column = ((26.83,), (None,), ("30",), ("$31.00",))
    result = excel("RATEGAP", column, 31.5, MISSING)
    assert result == [[pytest.approx(4.67)], [""], [pytest.approx(1.5)], [pytest.approx(0.5)]]


def test_a_row_comes_back_as_a_row(excel):
    # CallUDF hands a one-row result to VBA as a 1-D array, which Excel lays out as a row.
    assert excel(
        "MEDICARE_RATE", (("97110", "97140", "97530"),), "10112-00", 45689.0, MISSING, MISSING
    ) == [26.83, 25.34, 31.85]


def test_a_table_broadcasts_against_a_column(excel):
    rates = ((10.0, 20.0), (30.0, 40.0))
    bench = ((50.0,), (60.0,))
    assert excel("RATEGAP", rates, bench, MISSING) == [[40.0, 30.0], [30.0, 20.0]]


def test_dates_as_com_dates_and_as_serial_numbers(excel):
    expected = dt.datetime(2025, 7, 3, tzinfo=UTC)  # a date goes back to Excel as a COM date
    assert excel("NOTICE_DEADLINE", dt.datetime(2025, 10, 2), 90.0) == expected
    assert excel("NOTICE_DEADLINE", 45932.0, MISSING) == expected
    assert excel("NEGOTIATION_START", ((46203.0,), (None,)), 5.0) == [
        [dt.datetime(2026, 1, 30, tzinfo=UTC)],
        [""],
    ]


def test_error_cells_become_readable_messages(excel):
    assert excel("RATEGAP", NA, 31.5, MISSING) == "#RATECALC: payer_rate is the error #N/A"
    result = excel("RATEGAP", ((26.83,), (DIV0,)), 31.5, MISSING)
    assert result[1] == ["#RATECALC: payer_rate is the error #DIV/0!"]
    assert excel("MEDICARE_RATE", "99999", "10112-00", 45689.0, MISSING, MISSING).startswith(
        "#RATECALC: Unknown code 99999"
    )


def test_range_objects_are_read_through_xlwings(excel):
    assert excel("RATEGAP", ComRange(26.83), ComRange(31.5), MISSING) == pytest.approx(4.67)
    result = excel("RATEGAP", ComRange(((26.83,), (None,), (30.0,))), ComRange(31.5), MISSING)
    assert result == [[pytest.approx(4.67)], [""], [pytest.approx(1.5)]]
    assert excel("THERAPY_UNITS", ComRange(((33.0,), (7.0,))), "ama") == [[2], [0]]


cell = st.one_of(
    st.none(),
    st.floats(min_value=0, max_value=1e5, allow_nan=False),
    st.floats(min_value=0, max_value=1e5, allow_nan=False).map(lambda x: f"{x:.2f}"),
)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda cols: st.lists(st.lists(cell, min_size=cols, max_size=cols), min_size=1, max_size=5)
    ),
    st.floats(min_value=0.01, max_value=1e5),
)
def test_any_grid_matches_the_core_cell_by_cell(excel, rows, bench):
    grid = tuple(tuple(r) for r in rows)
    result = excel("RATEGAP", grid, bench, MISSING)
    # Undo CallUDF's unwrapping of 1x1 and 1xN results to compare cell by cell.
    if not isinstance(result, list):
        result = [[result]]
    elif not isinstance(result[0], list):
        result = [result]
    assert len(result) == len(rows) and all(len(r) == len(rows[0]) for r in result)
    for row_in, row_out in zip(rows, result, strict=True):
        for x, y in zip(row_in, row_out, strict=True):
            if x is None:
                assert y == ""
            else:
                assert y == pytest.approx(gap.rate_gap(float(x), bench), abs=1e-9)


@pytest.mark.parametrize("bad", [float("inf"), float("-inf")], ids=repr)
def test_an_infinite_cell_is_a_message_not_an_internal_error(excel, bad):
    # 1E999 typed in a cell reaches Python as an infinity; int() of it raised OverflowError
    for name, args, expected in [
        ("RATEGAP", (bad, 30.0, MISSING), "payer_rate: expected a dollar amount"),
        ("MEDICARE_RATE", (bad, "10112-00", 45689.0, MISSING, MISSING),
         "code: expected a CPT/HCPCS code"),
        ("REVENUE_IMPACT", (30.0, 40.0, bad), "annual_units: expected a number"),
        ("MEDICARE_RATE", ("97110", "10112-00", 45689.0, MISSING, bad), "mppr: expected yes or no"),
        ("RATEGAP", (((26.83,), (bad,)), 30.0, MISSING), "payer_rate: expected a dollar amount"),
    ]:
        result = excel(name, *args)
        text = result[-1][0] if isinstance(result, list) else result
        assert isinstance(text, str) and text.startswith(f"#RATECALC: {expected}"), (name, text)
        assert "internal error" not in text


def test_fixed_vs_pct_bounds_its_years_as_the_scenario_command_does(excel):
    # a billion years hung Excel (the projection's time grows with the square of the years)
    for years in (1e9, 51.0, 0.0):
        assert excel("FIXED_VS_PCT", 30.0, 1.1, 27.0, 1000.0, years, MISSING, MISSING) == (
            "#RATECALC: years: expected a whole number of years from 1 to 50, "
            f"got {int(years)}"
        )
    assert excel("FIXED_VS_PCT", 30.0, 1.1, 27.0, 1000.0, 50.0, MISSING, MISSING) == 15000.0


def test_money_results_are_rounded_to_cents(excel):
    # 539.9999999999854 and 1277.6376200000086 before; `ratecalc scenario` shows 540.00
    assert excel("FIXED_VS_PCT", 30.1, 1.1, 27.2, 1000.0, 3.0, MISSING, MISSING) == 540.0
    assert excel("FIXED_VS_PCT", 30.1, 1.1, 27.2, 1000.0, 3.0, 0.013, 0.021) == 1277.64
    assert excel("FIXED_VS_PCT", ((30.1,), (30.2,)), 1.1, 27.2, 1000.0, 3.0, 0.013, 0.021) == [
        [1277.64], [1583.98]]
    assert excel("EXIT_IMPACT", 1000.3, 100.1, 0.1, 0.3, 0.5, 90.7, MISSING, MISSING,
                 MISSING) == -56298.88
