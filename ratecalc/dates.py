"""The one date parser of every table cell and command option, without pandas (so that a
command such as ``ratecalc medicare --date`` starts without loading it), and how a period of
days is written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any

from ratecalc.errors import InputError, shown_value
from ratecalc.limits import DATE_RANGE_RULE, FIRST_YEAR, LAST_YEAR

#: Excel serial day 0 (1900 date system, after its leap-year bug).
EXCEL_EPOCH = date(1899, 12, 30)
#: Serial day 0 of a workbook saved in the 1904 date system (Mac Excel's "Use 1904 date
#: system"), 1,462 days after :data:`EXCEL_EPOCH`'s; it has no 29 February 1900.
EXCEL_1904_EPOCH = date(1904, 1, 1)
#: The last serial day either system holds: 9999-12-31 [days from its serial day 0].
_LAST_SERIAL = {False: 2958465, True: 2957003}
#: Text forms a date may take in a table or an option, ISO first.
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%d-%b-%Y", "%b %d, %Y",
                "%B %d, %Y", "%Y-%m-%d %H:%M:%S")
DATE_EXPECTED = "expected a date such as 2025-05-01 or 05/01/2025"
#: The serial Excel gives 29 February 1900 (Lotus 1-2-3's leap-year bug, kept by Excel).
_LEAP_DAY_SERIAL = 60
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


#: The day a command is told as of, while it runs (:func:`one_day`).
_TOLD_ON: ContextVar[date | None] = ContextVar("told_on", default=None)


def system_today() -> date:
    """The machine's clock: read by :func:`today` alone."""
    return date.today()


def today() -> date:
    """Today's date: the one place a date left blank (the Settings' analysis date, a command's
    or a function's "default today") is read from, so that a test can set the day every default
    sees (``monkeypatch.setattr(ratecalc.dates, "today", ...)``) without faking the machine's
    clock. Inside :func:`one_day`, the day the block began."""
    return _TOLD_ON.get() or system_today()


def day_of(now: datetime | None) -> date:
    """The day a moment given as an argument (a refresh's or an import's ``now``) falls on,
    else :func:`today`: a blank analysis date is the one clock's day, never the machine's time
    read again later (past midnight, a day no Medicare release may cover).

    Examples
    --------
    >>> day_of(datetime(2026, 12, 6, 23, 59))
    datetime.date(2026, 12, 6)
    """
    return today() if now is None else now.date()


@contextmanager
def one_day() -> Iterator[date]:
    """Every :func:`today` inside the block is the day the clock showed when it began: a command
    still running at midnight is told as of one day. Each blank date read the clock anew, so a
    run begun on 31 December checked its Medicare date on that day and priced it on 1 January,
    which no release covered, and was refused halfway."""
    day = today()
    token = _TOLD_ON.set(day)
    try:
        yield day
    finally:
        _TOLD_ON.reset(token)


def date_from_value(value: Any) -> date:
    """A date from a cell or option value: a date or datetime (pandas' Timestamp included), an
    Excel serial number, or text in one of :data:`DATE_FORMATS`, in the years
    :data:`~ratecalc.limits.FIRST_YEAR` to :data:`~ratecalc.limits.LAST_YEAR`.

    Raises
    ------
    ValueError
        With the rule broken as its message (the caller adds where).
    """
    day = _date(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        # a number in a date cell is a count of days: a rate typed there is a day in 1900
        counted = (f" (a number in a date cell counts days from 1900: this one is "
                   f"{serial_text(float(value))})" if not isinstance(value, (date, str)) else "")
        raise ValueError(f"{DATE_RANGE_RULE}{counted}")
    return day


def serial_day(number: float, date1904: bool = False) -> date:
    """The day Excel shows for the serial number ``number`` (1 to 2,958,465), its time of day
    dropped, whatever the years a date may have; with ``date1904``, in a workbook saved in the
    1904 date system (0 to 2,957,003), days from :data:`EXCEL_1904_EPOCH`.

    Excel counts a 29 February 1900 that never was (serial 60, shown here as the 28th): the
    days before it are one later than :data:`EXCEL_EPOCH` counts (serial 26 is 1900-01-26).

    >>> serial_day(45689.75), serial_day(2026), serial_day(26.83), serial_day(61)
    (datetime.date(2025, 2, 1), datetime.date(1905, 7, 18), datetime.date(1900, 1, 26), \
datetime.date(1900, 3, 1))
    >>> serial_day(45015, date1904=True), serial_day(45015)
    (datetime.date(2027, 3, 31), datetime.date(2023, 3, 30))
    """
    if date1904:
        return EXCEL_1904_EPOCH + timedelta(days=int(number))
    if number < 61:
        return EXCEL_EPOCH + timedelta(days=min(int(number), 59) + 1)
    return EXCEL_EPOCH + timedelta(days=int(number))


def is_serial(number: float, date1904: bool = False) -> bool:
    """Whether ``number`` is a day's serial number in the workbook's date system
    (:func:`serial_day`): False for NaN and the infinities too."""
    return (0 if date1904 else 1) <= number < _LAST_SERIAL[date1904] + 1


def serial_text(number: float) -> str:
    """The day Excel shows for the serial number ``number``, as ISO text: :func:`serial_day`'s,
    but for serial 60, which Excel shows as 1900-02-29, a day no ``date`` can hold (a message
    that named 1900-02-28 named a day the cell does not show).

    >>> serial_text(60.5), serial_text(59), serial_text(26.83)
    ('1900-02-29', '1900-02-28', '1900-01-26')
    """
    if _LEAP_DAY_SERIAL <= number < _LEAP_DAY_SERIAL + 1:
        return "1900-02-29"
    return serial_day(number).isoformat()


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "__float__") and not isinstance(value, (bool, str)):
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            raise ValueError("expected a date") from None
        if is_serial(number):  # an Excel serial date
            return serial_day(number)
        raise ValueError("expected a date")
    text = str(value).strip()
    if len(text) == 10 and _ISO_DAY.match(text):
        # what strptime's "%Y-%m-%d" reads, without its cost (a fee schedule's 50,000 dates);
        # a day that is none (2026-02-30) is refused by strptime below, in its words
        try:
            return date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            pass
    # a date pasted with a non-breaking space between its words ("March\xa01, 2026") reads as
    # with one plain space (strptime matched a plain space only)
    text = " ".join(text.split())
    # strptime read "٢٠٢٦-03-15" (Arabic-Indic digits in the year) and refused "2026-0٣-15": a
    # date is written in ASCII digits, as every number RateCalc reads (ratecalc.number_text)
    for fmt in DATE_FORMATS if text.isascii() else ():
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("expected a date such as 2025-12-31 or 12/31/2025")


def parse_date(value: Any, name: str = "date") -> date:
    """:func:`date_from_value` for a named option or field: a clear InputError otherwise."""
    try:
        return date_from_value(value)
    except ValueError as exc:
        rule = str(exc) if "years" in str(exc) else DATE_EXPECTED
        raise InputError(f"{name}: {rule}, got {shown_value(value)}") from None


def period_text(first: date, last: date) -> str:
    """The days ``first`` to ``last`` as a metric's period says them (the Clinic sheet's Period
    column, the letter's "Our results for ..."): a calendar year as the year, ``2026``, as the
    clinic's own figures state theirs; one day as the day; else ``2025-12-31 to 2026-11-20``,
    ISO, as every message states a range of days.

    Examples
    --------
    >>> period_text(date(2026, 1, 1), date(2026, 12, 31)), period_text(date(2026, 11, 2),
    ...     date(2026, 11, 2)), period_text(date(2025, 12, 31), date(2026, 11, 20))
    ('2026', '2026-11-02', '2025-12-31 to 2026-11-20')
    """
    if first > last:
        raise ValueError(f"a period cannot end ({last.isoformat()}) before it starts "
                         f"({first.isoformat()})")
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) \
            and first.year == last.year:
        return str(first.year)
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()} to {last.isoformat()}"


def period_end(period: str) -> date | None:
    """The last day of a metric's period as :func:`period_text` writes it (``2026``: December
    31; ``2026-11-02``; ``2025-12-31 to 2026-11-20``: the second); None for any other text (a
    Period typed ``FY2025`` or ``Q3``), whose last day is not known.

    Examples
    --------
    >>> period_end("2025"), period_end("2020-12-18 to 2021-01-01"), period_end("FY2025")
    (datetime.date(2025, 12, 31), datetime.date(2021, 1, 1), None)
    """
    text = period.strip()
    if re.fullmatch(r"[0-9]{4}", text):
        return date(int(text), 12, 31)
    parts = text.split(" to ")
    if len(parts) > 2 or not all(_ISO_DAY.fullmatch(p) for p in parts):
        return None
    try:
        return date.fromisoformat(parts[-1])
    except ValueError:
        return None
