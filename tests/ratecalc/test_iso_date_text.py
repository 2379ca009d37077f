"""A date written YYYY-MM-DD is read without strptime (a fee schedule's 50,000 dates): the
same day strptime's "%Y-%m-%d" reads, and the same refusal where it reads none."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.dates import date_from_value


def _by_strptime(text: str) -> date | str:
    """What reading ``text`` by strptime alone gives: the day, or the rule it breaks."""
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:  # no day by "%Y-%m-%d": the other forms refuse it too
        return "expected a date such as 2025-12-31 or 12/31/2025"
    return _read(day)


def _read(text: object) -> date | str:
    try:
        return date_from_value(text)
    except ValueError as exc:
        return str(exc)


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2199, 12, 31)))
def test_an_iso_day_reads_as_itself(day: date) -> None:
    assert date_from_value(day.isoformat()) == day
    assert date_from_value(f" {day.isoformat()} ") == day


@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
def test_iso_shaped_text_reads_as_strptime_reads_it(text: str) -> None:
    assert _read(text) == _by_strptime(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-02-29", "expected a date such as 2025-12-31 or 12/31/2025"),
    ("2028-02-29", date(2028, 2, 29)),
    ("2026-13-01", "expected a date such as 2025-12-31 or 12/31/2025"),
    ("1969-12-31", "expected a date in the years 1970 to 2199"),
    ("2026-1-5", date(2026, 1, 5)),  # not ten characters: strptime reads it, as before
])
def test_iso_days_by_hand(text: str, expected: date | str) -> None:
    assert _read(text) == expected
