"""A number in a date cell is a count of days from 1900: a rate typed there (26.83) was read as
1900-01-26, and a contract "ending" then was rolled forward by its renewals into a plausible
deadline. No clinic's contract, fee schedule or remittance predates 1970, so every date before
it is refused, in words that say what the number was read as, by every reader of dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import ratecalc_addin as xl
from ratecalc.dates import date_from_value, serial_day
from ratecalc.errors import InputError
from ratecalc.schema import CONTRACTS
from ratecalc.timeline import renewal_timeline
from ratecalc.validation import PARSERS, CellError, Source, coerce_table

READ_AS = "(a number in a date cell counts days from 1900: this one is 1900-01-26)"


@pytest.mark.parametrize("typed", [26.83, 26, "1969-12-31", date(1969, 12, 31)])
def test_a_date_before_1970_is_refused(typed: object) -> None:
    with pytest.raises(ValueError, match="expected a date in the years 1970 to 2199"):
        date_from_value(typed)
    with pytest.raises(CellError, match="expected a date in the years 1970 to 2199"):
        PARSERS["date"](typed)


def test_the_message_says_what_day_the_number_was_read_as() -> None:
    with pytest.raises(ValueError) as refused:
        date_from_value(26.83)
    assert str(refused.value) == f"expected a date in the years 1970 to 2199 {READ_AS}"
    # text and dates say nothing of day counts
    with pytest.raises(ValueError) as refused:
        date_from_value("1969-12-31")
    assert "counts days" not in str(refused.value)


def test_the_first_day_of_1970_is_a_date() -> None:
    assert date_from_value(25569) == date(1970, 1, 1)
    with pytest.raises(ValueError, match="this one is 1969-12-31"):
        date_from_value(25568.5)
    assert date_from_value("1970-01-01") == date(1970, 1, 1)


def test_a_rate_in_a_contracts_end_date_cell_is_named_at_its_row_and_column() -> None:
    raw = pd.DataFrame({"payer": ["A", "B"], "effective_date": ["2026-01-01", "2026-01-01"],
                        "end_date": [26.83, "2027-12-31"]})
    typed, problems = coerce_table(raw, CONTRACTS, Source("clinic.xlsx", "Payers", 5))
    assert [(p.location.row, p.location.column, p.rule) for p in problems] == [
        (5, "end_date", f"expected a date in the years 1970 to 2199 {READ_AS}")]
    assert list(typed["payer"]) == ["B"]


def test_the_timeline_refuses_it_by_the_same_years() -> None:
    with pytest.raises(InputError, match=r"^end_date: expected a date in the years 1970 to "
                                         r"2199 .*1900-01-26"):
        renewal_timeline(26.83, as_of=date(2026, 12, 5))


def test_a_worksheet_function_shows_it_in_its_cell() -> None:
    assert xl.NOTICE_DEADLINE(26.83, 90.0) == [[
        f"#RATECALC: end_date: expected a date in the years 1970 to 2199 {READ_AS}, got 26.83"]]


def test_a_serial_before_march_1900_is_the_day_excel_shows() -> None:
    """Excel counts a 29 February 1900 that never was: its serials before it are a day later
    than a count from 1899-12-30 gives (the message said 1900-01-25 of what Excel shows as
    1900-01-26)."""
    assert [serial_day(n) for n in (1, 26.83, 59, 61, 45689)] == [
        date(1900, 1, 1), date(1900, 1, 26), date(1900, 2, 28), date(1900, 3, 1),
        date(2025, 2, 1)]
