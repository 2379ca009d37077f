"""The worksheet functions given what Excel users type and what Excel hands over (xlwings' own
``CallUDF`` and argument conversion, pywin32 stood in for): ranges of a shape the function
cannot read, serial numbers of Excel's 1900 calendar, Excel's newer error values. Each cell
shows a right value or a short message saying what was expected, never a silent guess."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ratecalc import timeline
from tests.addin.win32_stubs import ERR, MISSING

#: Serial 1 is 1900-01-01; serial 60 is 29 February 1900, a day Excel counts but that never
#: was (Lotus 1-2-3's leap-year bug, kept for compatibility); the last is 9999-12-31.
EXCEL_FIRST, EXCEL_LAST = 1, 2_958_465
FAKE_LEAP_DAY = 60



def excel_shows(serial: int) -> str:
    """The day Excel's 1900 date system shows for a whole serial number, worked from its rule
    (not from RateCalc's code): days counted from 1900-01-01 = 1, 1900-02-29 = 60 included."""
    if serial == FAKE_LEAP_DAY:
        return "1900-02-29"
    first = dt.date(1900, 1, 1)
    return (first + dt.timedelta(days=serial - 1 - (serial > FAKE_LEAP_DAY))).isoformat()


# --- 1. a range of a shape the function cannot read ------------------------------------------


def test_therapy_units_refuses_a_block_of_visits(excel):
    # Two visits as two rows (33 + 7 minutes, then 8): a visit is 40 minutes, 3 units (2 + 1),
    # the other 1 unit. Read as one visit of 48 minutes, the block gave 2, 0 and 1: the 7
    # minutes of the first visit lost their unit to the second visit's 8, without a word.
    block = ((33.0, 7.0), (8.0, None))
    assert excel("THERAPY_UNITS", block, MISSING) == (
        f"{ERR}minutes: expected one visit's minutes in one row or one column, "
        "got a range of 2 rows by 2 columns")
    # the AMA rule takes each code's minutes alone: a block is each cell's units
    assert excel("THERAPY_UNITS", block, "ama") == [[2, 0], [1, ""]]
    # one visit in a row or a column, blanks at the end, as before
    assert excel("THERAPY_UNITS", ((33.0, 7.0, None),), MISSING) == [2, 1, ""]
    assert excel("THERAPY_UNITS", ((33.0,), (7.0,), (None,)), "ama") == [[2], [0], [""]]
    assert excel("THERAPY_UNITS", ((38.0,),), MISSING) == 3  # a 1-cell range: one cell


@pytest.mark.parametrize("name", ["cf_change", "escalator"])
def test_a_yearly_change_refuses_a_block(excel, name):
    # a 2x2 block for a 5-year horizon: its four cells were read row by row as the changes
    # into years 2 to 5, a guess at which of its cells is which year
    block = ((0.01, 0.02), (0.03, 0.04))
    args = [30.0, 1.2, 25.0, 1000.0, 5.0, 0.0, 0.0, MISSING]
    args[5 if name == "cf_change" else 6] = block
    assert excel("FIXED_VS_PCT", *args) == (
        f"{ERR}{name}: expected one value, or a row or a column of values, "
        "got a range of 2 rows by 2 columns")
    # a row, a column and a row with blanks at its end still read as the changes they list
    for changes in (((0.01, 0.02, 0.03, 0.04),), ((0.01,), (0.02,), (0.03,), (0.04,)),
                    ((0.01, 0.02, 0.03, 0.04, None, None),)):
        args[5 if name == "cf_change" else 6] = changes
        assert isinstance(excel("FIXED_VS_PCT", *args), float)


# --- 2. Excel's serial days ---------------------------------------------------------------


def test_serial_60_is_named_as_excel_shows_it(excel):
    # Excel shows 60 as 1900-02-29; the message said 1900-02-28, a day the cell does not show
    assert excel("NOTICE_DEADLINE", 60.0, MISSING) == (
        f"{ERR}end_date: expected a date in the years 1970 to 2199 (a number in a date cell "
        "counts days from 1900: this one is 1900-02-29), got 60")


@settings(max_examples=200, deadline=None)
@example(serial=FAKE_LEAP_DAY, time_of_day=0.5)  # the day that never was
@example(serial=59, time_of_day=0.0)
@example(serial=61, time_of_day=0.0)
@example(serial=EXCEL_FIRST, time_of_day=0.0)
@example(serial=EXCEL_LAST, time_of_day=0.999)
@example(serial=25569, time_of_day=0.0)  # 1970-01-01, the first day read
@example(serial=2026, time_of_day=0.0)  # a year typed for a date: 1905-07-18
@given(serial=st.integers(EXCEL_FIRST, EXCEL_LAST), time_of_day=st.sampled_from([0.0, 0.25,
                                                                                  0.999]))
def test_any_serial_reads_as_the_day_excel_shows(excel, serial, time_of_day):
    """Any serial number of Excel's range, with or without a time of day, in a number cell or
    a date cell (as COM passes it), is the day Excel shows for it: priced on that day (a notice
    of 0 days is due on it, moved off a weekend or holiday as the core moves it), or refused in
    words naming that same day."""
    shown = excel_shows(serial)
    for number in (float(serial) + time_of_day, *((serial,) if not time_of_day else ()),
                   com_date(serial + time_of_day)):
        got = excel("NOTICE_DEADLINE", number, 0.0)
        if 1970 <= int(shown[:4]) <= 2199:
            expected = timeline.notice_deadline(dt.date.fromisoformat(shown), 0)
            assert got == dt.datetime.combine(expected, dt.time(), dt.UTC), (number, shown)
        else:  # refused, naming the day the cell shows (a whole 1970 to 2199 as a year)
            assert isinstance(got, str) and got.startswith(f"{ERR}end_date: "), (number, got)
            assert shown in got, (number, got)


def com_date(serial: float) -> dt.datetime:
    """What pywin32 makes of a date cell holding ``serial``: COM's dates count days from
    1899-12-30 and know no 29 February 1900, so a cell before March 1900 arrives a day early
    (Excel's 1900-01-26, serial 26, is COM's 1900-01-25), and in UTC."""
    return dt.datetime(1899, 12, 30, tzinfo=dt.UTC) + dt.timedelta(days=serial)


@pytest.mark.parametrize(("serial", "shown"), [
    (26.83, "1900-01-26 19:55:12"), (1.0, "1900-01-01"), (59.0, "1900-02-28"),
    (60.0, "1900-02-29"), (60.5, "1900-02-29 12:00"), (61.0, "1900-03-01"),
    (25000.0, "1968-06-11")])
def test_a_date_cell_before_1970_is_named_as_the_cell_shows_it(excel, serial, shown):
    # a rate, 26.83, typed in a date cell shows 1900-01-26 19:55; the message said
    # "got 1900-01-25 19:55:12", a day the cell does not show
    assert excel("NOTICE_DEADLINE", com_date(serial), MISSING) == (
        f"{ERR}end_date: expected a date in the years 1970 to 2199, got {shown}")


def test_a_date_cell_from_march_1900_is_its_day(excel):
    assert excel("NOTICE_DEADLINE", com_date(46203.0), 0.0) == dt.datetime(2026, 6, 30,
                                                                          tzinfo=dt.UTC)


# --- 3. Excel's newer error values --------------------------------------------------------

#: Excel's newer error values as COM passes them (0x800A0000 + Excel's XlCVError number);
#: xlwings names only the seven classic ones and hands these over as their numbers.
NEWER_ERRORS = {
    -2146826245: "#GETTING_DATA",  # 2043
    -2146826243: "#SPILL!",  # 2045
    -2146826242: "#CONNECT!",  # 2046
    -2146826241: "#BLOCKED!",  # 2047
    -2146826240: "#UNKNOWN!",  # 2048
    -2146826239: "#FIELD!",  # 2049
    -2146826238: "#CALC!",  # 2050
    -2146826237: "#BUSY!",  # 2051: a cell still computing (an async or linked-data formula)
    -2146826233: "#PYTHON!",  # 2055
}


@pytest.mark.parametrize(("number", "text"), list(NEWER_ERRORS.items()), ids=lambda v: str(v))
def test_a_newer_error_value_is_named_as_the_cell_shows_it(excel, number, text):
    # a #SPILL! from another cell read as the number -2146826243: "payer_rate: expected a
    # dollar amount from $0 to $1,000,000,000, got -2146826243"
    assert excel("RATEGAP", number, 31.5, MISSING) == f"{ERR}payer_rate is the error {text}"
    assert excel("MEDICARE_RATE", "97110", "10112-00", number, MISSING, MISSING, MISSING) == (
        f"{ERR}service_date is the error {text}")
    assert excel("RATEGAP", ((26.83,), (number,)), 31.5, MISSING)[1] == [
        f"{ERR}payer_rate is the error {text}"]
    assert excel("MEDICARE_RATE", "97110", "10112-00", 46082.0, MISSING, number, MISSING) == (
        f"{ERR}mppr is the error {text}")


@pytest.mark.parametrize("number", [2044, 2052, 2054, 2099])
def test_an_error_value_no_table_names_is_still_an_error(excel, number):
    # an error number of Excel's that a later Excel adds: read as a number, it was "expected a
    # dollar amount from $0 to $1,000,000,000, got -2146826236"
    com = -0x7FF60000 + number
    expected = f"an Excel error (error number {number})"
    assert excel("RATEGAP", com, 31.5, MISSING) == f"{ERR}payer_rate is {expected}"
    assert excel("RATEGAP", ((26.83,), (com,)), 31.5, MISSING)[1] == [
        f"{ERR}payer_rate is {expected}"]
    assert excel("PROPOSED_RATE", 26.83, 31.5, MISSING, com, MISSING) == (
        f"{ERR}max_increase is {expected}")


# --- 4. a choice quoted as the cell shows it ----------------------------------------------


@pytest.mark.parametrize(("name", "args", "expected"), [
    # TRUE in a cell was quoted as Python spells it, 'True'
    ("MEDICARE_RATE", ("97110", "10112-00", 46082.0, True, MISSING, MISSING),
     "setting: expected one of non_facility, facility, got TRUE"),
    ("RATEGAP", (26.83, 31.5, False), "show_as: expected one of dollars, pct, got FALSE"),
    ("THERAPY_UNITS", (38.0, dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
     "rule: expected one of medicare, ama, got 2026-03-01"),
    ("THERAPY_UNITS", (38.0, 8.0), "rule: expected one of medicare, ama, got 8"),
    ("RATEGAP", (26.83, 31.5, " percent "),
     "show_as: expected one of dollars, pct, got 'percent'"),
])
def test_a_choice_not_offered_is_quoted_as_the_cell_shows_it(excel, name, args, expected):
    assert excel(name, *args) == ERR + expected


@pytest.mark.parametrize("setting", ["non facility", "non\xa0facility", "Non  Facility",
                                     "\xa0non-facility\xa0", "NON_FACILITY"])
def test_a_choice_with_spaces_of_any_kind_inside_is_read(excel, setting):
    # a non-breaking space pasted from a web page, or two spaces, between the words: refused
    # as "got 'non\xa0facility'" where one plain space was read
    assert excel("MEDICARE_RATE", "97110", "10112-00", 46082.0, setting, MISSING, MISSING) == 27.2


def test_a_locality_and_a_date_pasted_with_non_breaking_spaces_are_read(excel):
    # Rest of Maine's 97110 on 2026-03-01, however its spaces were pasted; the cell said
    # "Unknown Medicare locality 'Rest of\xa0Maine'" and "expected a date ..., got
    # 'March\xa01, 2026'"
    plain = excel("MEDICARE_RATE", "97110", "Rest of Maine", "March 1, 2026", MISSING, MISSING,
                  MISSING)
    assert isinstance(plain, float)
    assert excel("MEDICARE_RATE", "97110", "Rest of\xa0Maine", "March\xa01, 2026", MISSING,
                 MISSING, MISSING) == plain
    assert excel("MEDICARE_RATE", "97110", "rest  of maine", "March 1, 2026", MISSING, MISSING,
                 MISSING) == plain
