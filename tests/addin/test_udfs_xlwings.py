"""The UDFs called the way Excel calls them: through xlwings' COM server entry point
``XLPython.CallUDF`` and ``call_udf``, with xlwings' own argument conversion, on the values and
Range objects Excel hands over (pywin32 stood in for, see win32_stubs.py)."""

from __future__ import annotations

import datetime as dt
import math
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ratecalc_addin
from ratecalc import gap
from ratecalc.money import round_cents
from ratecalc_addin.excel_values import COM_ERRORS, from_excel
from tests.addin import default_converter, win32_stubs

MISSING = -2147352572  # what VBA passes for an omitted Optional argument
NA = -2146826246  # a cell showing #N/A, as COM passes it
DIV0 = -2146826281  # #DIV/0!
UTC = dt.UTC


@pytest.fixture(scope="module")
def windows() -> Any:
    """xlwings' Windows modules with pywin32 stood in for: ``(_xlwindows, udfs, com_server)``."""
    yield win32_stubs.install()
    win32_stubs.uninstall()


@pytest.fixture(scope="module")
def excel(windows) -> Any:
    """``call(name, *args)``: what Excel's VBA wrapper gets back from Python."""
    server = windows[2].XLPython()
    return lambda name, *args: server.CallUDF("ratecalc_addin", name, args)


@pytest.fixture(scope="module")
def excel_before(windows) -> Any:
    """``call(name, *args)`` of the same UDFs with their ranges declared as before the raw
    converter: xlwings' default converter cleans every cell (tests/addin/default_converter.py)."""
    server = windows[2].XLPython()
    module = default_converter.install()
    yield lambda name, *args: server.CallUDF(module, name, args)
    sys.modules.pop(module, None)


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
                # money as shown: the gap rounded once, half-up to cents
                assert y == round_cents(gap.rate_gap(float(x), bench))


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
    # a flat conversion factor (left out, it is the historical path, as `ratecalc scenario`)
    assert excel("FIXED_VS_PCT", 30.0, 1.1, 27.0, 1000.0, 50.0, 0.0, MISSING) == 15000.0


def test_money_results_are_rounded_to_cents(excel):
    # 539.9999999999854 and 1277.6376200000086 before; `ratecalc scenario` shows 540.00.
    # The difference is the one `scenario` prints beside its two totals. Each year's rates in
    # cents: fixed $30.10, x 1.021 = $30.7321 -> $30.73, x 1.021 = $31.3753 -> $31.38 ($30.20:
    # $30.83, $31.48); 110% of Medicare's $27.20 moved +1.3% a year: $29.92, $30.309 -> $30.31,
    # $30.703 -> $30.70. So $92,210.00 fixed against $90,930.00: $1,280.00 ($92,510.00:
    # $1,580.00). Year 1 x the indices unrounded gave $92,209.57 and $90,931.94: $1,277.63.
    assert excel("FIXED_VS_PCT", 30.1, 1.1, 27.2, 1000.0, 3.0, 0.0, MISSING) == 540.0
    assert excel("FIXED_VS_PCT", 30.1, 1.1, 27.2, 1000.0, 3.0, 0.013, 0.021) == 1280.00
    assert excel("FIXED_VS_PCT", ((30.1,), (30.2,)), 1.1, 27.2, 1000.0, 3.0, 0.013, 0.021) == [
        [1280.00], [1580.00]]
    # The exit's 12 months as the month table adds them up (the net `exit-impact` and the Exit
    # Impact sheet show): lost 1000.3 x $100.10 = $100,130.03, retained x 0.1 x 0.3 =
    # $3,003.9009 -> $3,003.90, backfilled 1000.3 x 0.9 x 0.5 x $90.70 = $40,827.2445 ->
    # $40,827.24: -$56,298.89 (the unrounded -$56,298.8846 gave -$56,298.88, a net its parts
    # did not add up to)
    assert excel("EXIT_IMPACT", 1000.3, 100.1, 0.1, 0.3, 0.5, 90.7, MISSING, MISSING,
                 MISSING) == -56298.89


# The raw converter: COM's values reach the UDF as they are and excel_values cleans them. Every
# cell must read as it did when xlwings' default converter cleaned it.

SPILL, CALC = -2146826244, -2146826245  # Excel's newer errors, which xlwings passes as numbers
com_cell = st.one_of(
    st.none(),
    st.just(""),
    st.floats(),  # NaN and the infinities too
    st.floats(min_value=-200, max_value=200).map(lambda x: round(x, 2)),
    st.sampled_from([0.0, 1.0, 12.0, 24.0, 0.05, 0.15, 1.2, 90.0, 1000.0, 45689.0, 46203.0]),
    st.booleans(),
    st.sampled_from([*COM_ERRORS, SPILL, CALC]),
    st.integers(-3, 2030),
    st.sampled_from(["30", "$31.00", "12%", "abc", " ", "#N/A", " #DIV/0! ", "#RATECALC: x",
                     "97110", "97140", "99999", "10112-00", "AL", "2025-02-01", "TRUE", "pct",
                     "facility", "ama"]),
    st.text(max_size=3),
    # pywin32 passes a date as a datetime in UTC
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1),
                 timezones=st.sampled_from([None, UTC])),
)


@settings(max_examples=300, deadline=None)
@given(com_cell)
def test_a_cell_is_cleaned_as_xlwings_cleans_it(windows, cell):
    expected = windows[0]._clean_value_data_element(cell, dt.datetime, None, None, True)
    cleaned = from_excel(cell)
    assert type(cleaned) is type(expected)
    assert repr(cleaned) == repr(expected)  # a datetime's fold and time zone too; NaN is NaN
    assert repr(from_excel(cleaned)) == repr(cleaned)  # cleaning twice: the same


def test_the_error_numbers_are_xlwings_own(windows):
    assert windows[0].cell_errors == COM_ERRORS


@st.composite
def udf_arguments(draw: st.DrawFn, udf: Any) -> tuple[Any, ...]:
    """Arguments of one call as COM hands them over: a range argument is a cell, or a tuple of
    row tuples of the call's shape or 1x1; an optional one may be omitted."""
    rows, cols = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    args: list[Any] = []
    for argument in udf.__xlfunc__["args"]:
        if "optional" in argument and draw(st.booleans()):
            args.append(MISSING)
        elif argument["options"].get("convert") == "raw" and draw(st.booleans()):
            r, c = draw(st.sampled_from([(rows, cols), (1, 1), (rows, 1), (1, cols)]))
            args.append(tuple(tuple(draw(com_cell) for _ in range(c)) for _ in range(r)))
        else:
            args.append(draw(com_cell))
    return tuple(args)


@pytest.mark.parametrize("udf", ratecalc_addin.UDFS, ids=lambda udf: udf.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_udf_gives_what_it_gave_under_the_default_converter(excel, excel_before, udf, data):
    args = data.draw(udf_arguments(udf))
    assert excel(udf.__name__, *args) == excel_before(udf.__name__, *args)


def as_rows(result: Any) -> list[list[Any]]:
    """Undo CallUDF's unwrapping of 1x1 and 1xN results."""
    if not isinstance(result, list):
        return [[result]]
    return result if isinstance(result[0], list) else [result]


# To 6 decimals, and the extremes: 1e299 units and a $1e300 rate (beyond the parsers' ranges,
# which the fast path once skipped: the core's product overflowed), a benchmark of 5e-324 (its
# quotient overflowed); numpy's warning is an error under pytest
number_cell = st.one_of(
    st.floats(-1e12, 1e12).map(lambda x: round(x, 6)),
    st.floats(1e-3, 1e4),
    st.floats(),
    st.sampled_from([0.0, math.nan, math.inf, -math.inf, 1e299, -1e299, 1e300, 5e-324,
                     1e-310, 0.004, 1e9 + 1, 1e12 + 1e4]),
)
GRID = object()  # where the range goes in a call's arguments


@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("RATEGAP", (GRID, 31.5, MISSING)),
        ("RATEGAP", (31.5, GRID, "pct")),
        ("PROPOSED_RATE", (GRID, 31.5, MISSING, MISSING, MISSING)),
        ("PROPOSED_RATE", (30.0, GRID, MISSING, MISSING, MISSING)),  # blank: no benchmark (NaN)
        ("PROPOSED_RATE", (30.0, 31.5, MISSING, MISSING, GRID)),  # blank floor: 0
        ("REVENUE_IMPACT", (30.0, 32.0, GRID)),
    ],
    ids=lambda v: "-".join("GRID" if a is GRID else str(a) for a in v) if isinstance(v, tuple)
    else v,
)
@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(st.one_of(number_cell, st.none()), min_size=cols, max_size=cols),
            min_size=1, max_size=4,
        )
    )
)
def test_a_range_of_numbers_and_blanks_reads_as_through_the_cell_parsers(
    excel, name, template, rows
):
    """A range of plain floats and blanks goes to numpy as COM passed it (the fast path); one
    more row of text, each cell an error, sends the same cells through the cell parsers (the
    general path) and leaves the same cells to compute: their results must be the same."""
    cols = len(rows[0])

    def call(grid: tuple[tuple[Any, ...], ...]) -> list[list[Any]]:
        return as_rows(excel(name, *(grid if a is GRID else a for a in template)))

    cells = tuple(tuple(row) for row in rows)
    fast = call(cells)
    general = call((*cells, ("x",) * cols))
    assert len(general) == len(rows) + 1
    assert all(text.startswith("#RATECALC: ") and "got 'x'" in text for text in general[-1])
    assert [[(type(a), a) for a in row] for row in fast] == [
        [(type(b), b) for b in row] for row in general[:-1]
    ]


def test_a_one_cell_argument_given_a_range_names_its_size_rows_first(excel):
    # Excel gives a range's size rows first; the column of three cells was named "1x3" (xlwings
    # squeezed it to a flat list, read back as one row)
    too_many = "#RATECALC: show_as: expected one value, got a range of "
    column = (("pct",), ("x",), ("y",))
    assert excel("RATEGAP", 26.83, 31.5, column) == too_many + "3 rows by 1 column"
    assert excel("RATEGAP", 26.83, 31.5, ComRange(column)) == too_many + "3 rows by 1 column"
    assert excel("RATEGAP", 26.83, 31.5, (("pct", "x", "y"),)) == too_many + "1 row by 3 columns"
    assert excel("RATEGAP", 26.83, 31.5, (("pct", "x"), ("y", "z"), ("v", "w"))) == (
        too_many + "3 rows by 2 columns")
    # one cell given as a range of one cell, and bare, is still that cell
    assert excel("RATEGAP", 26.83, 31.5, (("pct",),)) == pytest.approx(4.67 / 31.5)
    assert excel("RATEGAP", 26.83, 31.5, ComRange("pct")) == pytest.approx(4.67 / 31.5)
    assert excel("PCT_OF_MEDICARE", 32.808, "97110", "10112-00", 46296.0, ComRange(None),
                 ((True,),)) == 1.2
    assert excel("PROPOSED_RATE", 26.83, 31.5, (("",),), ComRange(None), MISSING) == 30.85


# ASSISTANT_MODIFIER: the CQ/CO rule (ratecalc.therapy_units.needs_assistant_modifier) as a
# worksheet function; the rule reached no output before, so a biller applied "more than 10% of
# the minutes" by hand.
@pytest.mark.parametrize(("assistant", "total", "expected"), [
    (1.0, 10.0, False),   # 10% is not more than 10%
    (2.0, 15.0, True),    # 13.3%
    (0.0, 38.0, False),
    (2.3, 23.0, False),   # exactly 10% in the decimals typed (0.1 x 23 is 2.3000000000000003)
    (2.31, 23.0, True),
])
def test_assistant_modifier_says_when_cq_co_is_needed(excel, assistant, total, expected):
    assert excel("ASSISTANT_MODIFIER", assistant, total) is expected


def test_assistant_modifier_over_a_visits_lines(excel):
    # 97110 with 2 of its 15 minutes by the assistant, 97140 with none, a blank row, a typo
    # and more assistant minutes than the service has: each cell its own answer or message
    got = excel("ASSISTANT_MODIFIER", ComRange(((2.0,), (0.0,), (None,), ("abc",), (5.0,))),
                ComRange(((15.0,), (8.0,), (None,), (10.0,), (4.0,))))
    assert got[:3] == [[True], [False], [""]]
    assert got[3][0].startswith("#RATECALC: assistant_minutes")
    assert got[4] == ["#RATECALC: assistant_minutes: 5 exceeds the service's 4 minutes"]
    assert excel("ASSISTANT_MODIFIER", -1.0, 10.0).startswith("#RATECALC: assistant_minutes")
