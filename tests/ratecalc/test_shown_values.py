"""A message shows a cell's value as the user sees it, never a Python repr: before, a date typed
in an Allowed amount cell gave "got datetime.datetime(2026, 1, 1, 0, 0)" and a time in a number
cell "got datetime.time(10, 30)"."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pandas as pd
import pytest

from ratecalc.dates import parse_date
from ratecalc.errors import InputError, Location, Problem
from ratecalc.schema import FEE_SCHEDULES
from ratecalc.validation import Source, coerce_table


@pytest.mark.parametrize(("value", "shown"), [
    (datetime(2026, 1, 1), "2026-01-01"),
    (datetime(2026, 1, 1, 10, 30), "2026-01-01 10:30"),
    (pd.Timestamp("2026-01-01 10:30:15"), "2026-01-01 10:30:15"),
    (date(2026, 1, 1), "2026-01-01"),
    (time(10, 30), "10:30"),
    (time(10, 30, 5), "10:30:05"),
    (np.float64(1.5), "1.5"),
    (97110.0, "97110"),
    (np.int64(7), "7"),
    (True, "TRUE"),
    ("N/A", "'N/A'"),
])
def test_a_problem_shows_the_value_as_the_user_sees_it(value, shown):
    assert Problem("T", Location("f.csv"), "rule", value).message == f"T 'f.csv': rule, got {shown}"


def test_a_date_in_an_amount_cell_is_named_as_typed():
    raw = pd.DataFrame({"payer": ["Acme"], "code": ["97110"],
                        "allowed_amount": [datetime(2026, 1, 1)],
                        "effective_date": ["2026-01-01"]}, dtype=object)
    _, problems = coerce_table(raw, FEE_SCHEDULES, Source("fees.csv", None, 2))
    assert [p.message for p in problems] == [
        "Fee Schedules 'fees.csv', row 2, column 'allowed_amount': expected a dollar amount, "
        "not a date (a cell formatted as a date shows a number typed in it as a date: format "
        "the cell as a number and type it again), got 2026-01-01"]


def test_an_option_given_a_time_is_named_as_typed():
    with pytest.raises(InputError, match=r"^as_of: expected a date .*, got 10:30$"):
        parse_date(time(10, 30), "as_of")


def test_a_problem_as_json_shows_its_value_as_its_message_does() -> None:
    """--json and the Problems sheet gave a date typed in an amount cell as
    '2026-01-01 00:00:00' while the message said 2026-01-01; text stays as written."""
    dated = Problem("Fee Schedules", Location(row=5), "expected a dollar amount",
                    datetime(2026, 1, 1))
    assert dated.as_dict()["value"] == "2026-01-01"
    assert dated.message.endswith("got 2026-01-01")
    assert Problem("Fee Schedules", Location(), "r", "N/A").as_dict()["value"] == "N/A"
    assert Problem("Fee Schedules", Location(), "r", 24.0).as_dict()["value"] == "24"


@pytest.mark.parametrize(("value", "shown"), [
    pytest.param(int(1e300), "1e+300", id="int-1e300"),  # an XLSX cell of 1e300 read as int
    pytest.param(-int(1e300), "-1e+300", id="int-minus-1e300"),
    (1e300, "1e+300"),
    (1e-300, "1e-300"),
    (10 ** 20, "1e+20"),
    (12345678901234567891, "12345678901234567891"),  # no float holds it: every digit
    pytest.param(10 ** 5000 + 1, "an integer of about 5,001 digits", id="5001-digits"),
    (1234.5, "1234.5"),
    (30.5, "30.5"),
    (97110, "97110"),
    (9999999999999999, "9999999999999999"),
])
def test_a_huge_or_tiny_number_is_shown_compactly(value, shown):
    assert Problem("T", Location("f.csv"), "rule", value).message == f"T 'f.csv': rule, got {shown}"


def test_an_amount_of_1e300_is_not_echoed_whole():
    """An XLSX amount of 1e300 was named by its 301 digits."""
    raw = pd.DataFrame({"payer": ["Acme"], "code": ["97110"], "allowed_amount": [int(1e300)],
                        "effective_date": ["2026-01-01"]}, dtype=object)
    _, problems = coerce_table(raw, FEE_SCHEDULES, Source("fees.csv", None, 2))
    assert [p.message for p in problems] == [
        "Fee Schedules 'fees.csv', row 2, column 'allowed_amount': expected a dollar amount from "
        "$0 to $1,000,000,000, got 1e+300"]
