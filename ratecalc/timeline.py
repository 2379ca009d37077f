"""Renewal timeline of a contract: when to prepare, propose, follow up, decide and give notice.

Clinics open talks about 4-5 months before a contract ends, and most payers require 90-120 days'
written notice of termination (DOMAIN.md section 1.9); both are per-contract settings here.

Dates
-----
- ``negotiation_start`` = end date minus ``lead_months`` calendar months (pandas ``DateOffset``:
  the 31st falls back to the month's last day), moved *forward* to a business day: the date to
  send the proposal.
- ``prepare_start`` = ``prep_days`` calendar days before that, moved *back* to a business day.
- ``notice_deadline`` = end date minus ``notice_days`` calendar days, moved *back* to a business
  day: notice must be received by then, and a weekend or holiday is no day to count on.
- ``decision_date`` = ``decision_business_days`` business days before the notice deadline: time
  to write and send the notice.
- follow-ups every ``follow_up_business_days`` business days after the proposal (the day the
  Negotiation Log says it was sent, when it says so for this term by ``as_of``: on or after
  the term's first day, :func:`current_term_start`; a "sent" row dated later has not happened
  yet, :mod:`ratecalc.negotiation_log`; else ``negotiation_start``), before the decision date.

Business days skip Saturdays, Sundays and US federal holidays as observed (the rules of pandas'
``USFederalHolidayCalendar``, :func:`federal_holidays`: New Year's Day, MLK Day, Presidents' Day,
Memorial Day, Juneteenth, Independence Day, Labor Day, Columbus Day, Veterans Day, Thanksgiving,
Christmas; a Saturday holiday is observed the Friday before, a Sunday one the Monday after),
counted with ``numpy.busday_offset``. State holidays and payer office closures are not known.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Mapping
from dataclasses import field, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from ratecalc import dates as clock
from ratecalc.column_units import Unit
from ratecalc.errors import InputError, shown_value
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import (
    DATE_RANGE_RULE,
    FIRST_YEAR,
    LAST_YEAR,
    RANGES,
    NumberRange,
)
from ratecalc.money import money_text
from ratecalc.negotiation_log import (
    SentDays,
    happened_by,
    offer_received_as_of,
    proposal_sent_as_of,
)
from ratecalc.ranking import contract_key, urgency, urgency_order
from ratecalc.records import as_records

if TYPE_CHECKING:  # the calendar's module, imported when events are made
    from ratecalc.ics import CalendarEvent

STATUSES: tuple[str, ...] = ("ended", "not_started", "notice_passed", "decide_now",
                             "negotiate_now", "prepare_now", "upcoming")

#: The statuses of contracts that can be timed, what is due or overdue first: the order every
#: "most urgent first" list ranks them in before their deadlines (:func:`renewal_timeline`).
DUE_FIRST: tuple[str, ...] = ("notice_passed", "decide_now", "negotiate_now", "prepare_now",
                              "upcoming")

#: How every output shows a status: words a billing manager reads, never the code.
STATUS_WORDS: dict[str, str] = {
    "ended": "contract ended",
    "not_started": "not in force yet",
    "notice_passed": "notice deadline passed",
    "decide_now": "decide now",
    "negotiate_now": "negotiate now",
    "prepare_now": "prepare now",
    "upcoming": "upcoming",
}

#: A notice deadline this many days away or fewer is "near": every output says so.
NEAR_DEADLINE_DAYS = 30
#: Length of an auto-renewed term when the contract does not say [months] (its Renewal months
#: blank, :func:`contract_renewal_months`): every output (timelines, exit estimates, the
#: termination letter) rolls terms by the contract's.
RENEWAL_TERM_MONTHS = 12


def status_words(status: str) -> str:
    """The status as every output shows it (``notice_passed`` -> "notice deadline passed")."""
    return STATUS_WORDS.get(status, str(status).replace("_", " "))


def contract_label(payer: str, product: str = "") -> str:
    """``payer product`` without saying a word twice ("Summit BlueCare PPO", not "... PPO PPO").

    The product is left out when the payer's name already contains it as a word, whatever
    the case ("Acme HMO" and "hmo"); only a whole word counts ("Acme Shippo" and "PPO" is
    "Acme Shippo PPO"). The letters and the renewal calendar name a contract with it.

    Examples
    --------
    >>> contract_label("Summit BlueCare PPO", "PPO")
    'Summit BlueCare PPO'
    >>> contract_label("Acme", "PPO")
    'Acme PPO'
    >>> contract_label("Keystone Health Plan", "HMO/POS")
    'Keystone Health Plan HMO/POS'
    """
    payer, product = str(payer).strip(), str(product or "").strip()
    if not product or product.casefold() in payer.casefold().split():
        return payer
    folded, wanted = payer.casefold(), product.casefold()
    before = folded[-len(wanted) - 1:-len(wanted)]
    if folded.endswith(wanted) and not before.isalnum():
        return payer
    return f"{payer} {product}"


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday 0) of the month; ``n=-1`` the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month + 1, 1) - timedelta(days=1)  # May and the like: never December
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    """A Saturday holiday on the Friday before, a Sunday one on the Monday after."""
    shift = {5: -1, 6: 1}.get(day.weekday(), 0)
    return day + timedelta(days=shift)


#: The first years of Martin Luther King Jr. Day and of Juneteenth, as pandas' calendar has them
#: (from 1986-01-01 and from 2021-06-18, Friday, Juneteenth's first observed date).
_MLK_FROM, _JUNETEENTH_FROM = 1986, 2021


def federal_holidays(year: int) -> list[date]:
    """The US federal holidays of ``year`` as observed, by the rules of pandas'
    ``USFederalHolidayCalendar`` (a test compares the two over three centuries).

    An observed date may fall in the year before: New Year's Day on a Saturday is observed
    on Friday, December 31.

    Examples
    --------
    >>> federal_holidays(2022)[0], federal_holidays(2026)[-1]
    (datetime.date(2021, 12, 31), datetime.date(2026, 12, 25))
    """
    return [day for day, _ in named_federal_holidays(year)]


def named_federal_holidays(year: int) -> list[tuple[date, str]]:
    """:func:`federal_holidays` with each one's name, as commonly said (5 U.S.C. 6103 lists them).

    >>> named_federal_holidays(2026)[-3]
    (datetime.date(2026, 11, 11), 'Veterans Day')
    """
    mon, thu = 0, 3
    days = [(_observed(date(year, 1, 1)), "New Year's Day")]
    if year >= _MLK_FROM:
        days.append((_nth_weekday(year, 1, mon, 3), "Martin Luther King Jr. Day"))
    days += [(_nth_weekday(year, 2, mon, 3), "Washington's Birthday"),
             (_nth_weekday(year, 5, mon, -1), "Memorial Day")]
    if year >= _JUNETEENTH_FROM:
        days.append((_observed(date(year, 6, 19)), "Juneteenth"))
    days += [(_observed(date(year, 7, 4)), "Independence Day"),
             (_nth_weekday(year, 9, mon, 1), "Labor Day"),
             (_nth_weekday(year, 10, mon, 2), "Columbus Day"),
             (_observed(date(year, 11, 11)), "Veterans Day"),
             (_nth_weekday(year, 11, thu, 4), "Thanksgiving Day"),
             (_observed(date(year, 12, 25)), "Christmas Day")]
    return days


#: The federal holidays on which businesses close too, payers' offices among them. On the
#: others federal offices, banks and the Postal Service close, while many businesses stay open:
#: a letter dated on Columbus Day was said to reach an office that "is closed".
HOLIDAYS_OFFICES_CLOSE = frozenset({"New Year's Day", "Memorial Day", "Independence Day",
                                    "Labor Day", "Thanksgiving Day", "Christmas Day"})


#: The holidays of :data:`HOLIDAYS_OFFICES_CLOSE`'s complement held on a date, not a weekday:
#: on a weekend they are observed on the Friday before or the Monday after (5 U.S.C. 6103(b)).
_FIXED_DATE_HOLIDAYS = {"Juneteenth": (6, 19), "Veterans Day": (11, 11)}


@cache
def _decade_holidays(decade: int) -> np.ndarray:
    # The holidays observed within the decade (a year's New Year's Day may be observed on the
    # last day of the year before it), as pandas' calendar gave them for the same span; plain
    # dates, for pandas' calendar took 20-50 ms of every process that counts business days.
    first, last = date(decade, 1, 1), date(decade + 9, 12, 31)
    days = sorted(d for year in range(decade, decade + 11) for d in federal_holidays(year)
                  if first <= d <= last)
    return np.array(days, dtype="datetime64[D]")


@cache
def _holidays(first_year: int, last_year: int) -> np.ndarray:
    days = np.concatenate([_decade_holidays(decade)
                           for decade in range(first_year // 10 * 10, last_year + 1, 10)])
    first = np.datetime64(date(first_year, 1, 1), "D")
    last = np.datetime64(date(last_year, 12, 31), "D")
    return days[(days >= first) & (days <= last)]


def us_federal_holidays(start: date, end: date) -> np.ndarray:
    """US federal holidays (observed dates) between two dates, with a year's margin either side.

    Returns
    -------
    numpy.ndarray
        ``datetime64[D]`` dates.
    """
    return _holidays(start.year - 1, end.year + 1)


def business_day_offset(day: date, offset: int,
                        roll: Literal["forward", "backward"] = "forward") -> date:
    """``day`` moved by ``offset`` business days (weekends and US federal holidays skipped).

    Parameters
    ----------
    day : datetime.date
    offset : int
        Business days; negative goes back.
    roll : {"forward", "backward"}
        Where a non-business ``day`` first moves to (numpy's ``roll``).

    Examples
    --------
    >>> business_day_offset(date(2025, 7, 3), 1)     # July 4 is a holiday
    datetime.date(2025, 7, 7)
    >>> business_day_offset(date(2025, 7, 5), 0, roll="backward")
    datetime.date(2025, 7, 3)
    """
    far = day + timedelta(days=2 * abs(offset) + 14)
    near = day - timedelta(days=2 * abs(offset) + 14)
    holidays = us_federal_holidays(min(near, day), max(far, day))
    result = np.busday_offset(np.datetime64(day, "D"), offset, roll=roll, holidays=holidays)
    return result.astype(object)


def not_a_business_day(day: date) -> str | None:
    """What ``day`` is when it is no business day by :func:`business_day_offset`'s rule (the
    one the follow-ups and deadlines skip), in words: "a Saturday", "a Sunday" or "a US
    federal holiday" (as observed); None on a business day.

    Examples
    --------
    >>> not_a_business_day(date(2026, 12, 25)), not_a_business_day(date(2026, 12, 6))
    ('a US federal holiday', 'a Sunday')
    >>> not_a_business_day(date(2026, 12, 7)) is None
    True
    """
    if business_day_offset(day, 0) == day:  # a business day stays where it is
        return None
    weekday = day.weekday()
    return "a Saturday" if weekday == 5 else "a Sunday" if weekday == 6 else \
        "a US federal holiday"


def not_a_business_day_words(day: date) -> str | None:
    """What ``day`` is when it is no business day (:func:`not_a_business_day`), and what that
    means for a letter dated then, in words; None on a business day.

    A weekend or a holiday on which businesses close (:data:`HOLIDAYS_OFFICES_CLOSE`) is a day
    "when a payer's office is closed"; another federal holiday is named, with what holds on it
    (no mail is delivered, many payers' offices are open). One held on a weekend is named "as
    observed": on the Friday before a Saturday one mail is delivered, so that is not said.

    Examples
    --------
    >>> not_a_business_day_words(date(2026, 12, 6))
    "a Sunday, when a payer's office is closed"
    >>> for part in not_a_business_day_words(date(2026, 10, 12)).split(", "):
    ...     print(part)
    Columbus Day
    a US federal holiday on which many payers' offices are open
    though no mail is delivered
    >>> not_a_business_day_words(date(2028, 11, 10))[:52]
    'Veterans Day as observed (2028-11-11 is a Saturday),'
    """
    what = not_a_business_day(day)
    if what is None:
        return None
    names = [name for observed, name in named_federal_holidays(day.year + 1)
             + named_federal_holidays(day.year) if observed == day]
    if day.weekday() >= 5 or not names or names[0] in HOLIDAYS_OFFICES_CLOSE:
        return f"{what}, when a payer's office is closed"
    name, open_words = names[0], "a US federal holiday on which many payers' offices are open"
    month_day = _FIXED_DATE_HOLIDAYS.get(name)
    if month_day is None or (day.month, day.day) == month_day:
        return f"{name}, {open_words}, though no mail is delivered"
    # observed on another day: the Postal Service keeps a Saturday holiday on the Saturday
    # and delivers on the Friday federal offices take off, but closes on a Sunday one's Monday
    held = date(day.year, *month_day)
    as_observed = f"{name} as observed ({held.isoformat()} is a {held.strftime('%A')})"
    return (f"{as_observed}, {open_words}" if held > day
            else f"{as_observed}, {open_words}, though no mail is delivered")


def notice_deadline(end_date: date, notice_days: int = 90) -> date:
    """Last business day on which notice can be given: ``end_date - notice_days``, moved back.

    Examples
    --------
    >>> notice_deadline(date(2026, 6, 30), 90)     # April 1, 2026 is a Wednesday
    datetime.date(2026, 4, 1)
    """
    _check_count(notice_days, "notice_days")
    return business_day_offset(end_date - timedelta(days=notice_days), 0, roll="backward")


#: The range of a count with none of its own in limits.RANGES [days or months].
_OTHER_COUNT = NumberRange("days or months", 0, 36_500, whole=True)
#: A parameter checked in the range of a table column named otherwise: a renewal term is the
#: Contracts' Renewal months, so the core takes what the cell and the options take.
_RANGE_OF = {"renewal_term_months": "renewal_months"}


def _check_count(value: object, name: str) -> int:
    """A count (``notice_days``, ``lead_months``, ``follow_up_business_days``) in its range,
    in the words of its option, its cell and its worksheet function (limits.RANGES): far beyond
    any contract, well inside what date arithmetic allows (a billion notice days overflowed the
    calendar); a renewal term (``renewal_term_months``) in the Renewal months' range, 1 to 120;
    any other count (preparation days) from 0 to a century."""
    words = RANGES.get(_RANGE_OF.get(name, name), _OTHER_COUNT)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not words.low <= value <= words.high:
        raise InputError(f"{name}: {words.rule()}, got {shown_value(value)}")
    return int(value)


def _as_date(value: object, name: str) -> date:
    day = _any_date(value, name)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(f"{name}: {DATE_RANGE_RULE}, "
                         f"got {shown_value(value)}")
    return day


def _any_date(value: object, name: str) -> date:
    # A datetime (a pandas Timestamp, or an Excel date cell as openpyxl and xlwings give it) is
    # a date too, but one that cannot be compared with a date: keep its day.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from ratecalc.dates import parse_date

    return parse_date(value, name)


@frozen_record
class RenewalTimeline:
    """Key dates of one contract's renewal.

    Attributes
    ----------
    end_date : datetime.date
        End of the current term (rolled forward for an auto-renewing contract whose given end
        date had passed; ``given_end_date`` keeps the original).
    prepare_start, negotiation_start, decision_date, notice_deadline : datetime.date
    follow_ups : tuple of datetime.date
    auto_renew : bool
        True: the contract renews unless notice is given by ``notice_deadline``; False: it
        lapses on ``end_date`` unless renewed.
    as_of : datetime.date
    days_to_notice : int
        Calendar days from ``as_of`` to ``notice_deadline`` (negative: passed).
    status : str
        ``notice_passed``, ``decide_now``, ``negotiate_now``, ``prepare_now`` or ``upcoming``.
    term_start : datetime.date
        The current term's first day (:func:`current_term_start`): a proposal sent on or
        after it answers this term's renewal.
    warnings : tuple of str
        E.g. a lead time too short to negotiate before the notice deadline.
    proposal_sent : datetime.date or None
        When the proposal for this term went to the payer, as of ``as_of``
        (:func:`proposal_sent_this_term`): the day the follow-ups are counted from; None when
        none is known to have gone.
    renewal_term_months : int
        Length of each term the contract renews for [months]: the terms rolled to reach
        ``end_date``, and the renewed term a late notice waits out
        (:func:`termination_effective_date`).
    log_kept : bool
        True when a Negotiation Log tells what was sent: then a proposal it does not show for
        this term has not gone, and ``follow_ups`` is empty until it does
        (:func:`follow_ups_wait_for_send`).
    """

    end_date: date
    given_end_date: date
    auto_renew: bool
    notice_days: int
    prepare_start: date
    negotiation_start: date
    follow_ups: tuple[date, ...]
    decision_date: date
    notice_deadline: date
    as_of: date
    days_to_notice: int
    status: str
    term_start: date
    warnings: tuple[str, ...] = field(default=())
    proposal_sent: date | None = None
    renewal_term_months: int = RENEWAL_TERM_MONTHS
    log_kept: bool = False


def next_term_start(end_date: date) -> date:
    """The day a renewed term (and rates amended for it) begins: the day after ``end_date``,
    the last day of the current term. Every output that says when a contract renews uses it."""
    return end_date + timedelta(days=1)


def term_end_event(auto_renew: bool, on: date | None = None) -> str:
    """What happens on the last day of a contract's term (``on``, when given), in words: an
    auto-renewing contract renews (its term ends and the next begins), any other ends. Every
    output that names the event (the .ics title, the ``timeline`` command's steps, the
    "Negotiate first" lines of ``analyze`` and ``demo``) uses it, so none says "Contract ends"
    of a contract whose description says it renews.

    >>> term_end_event(True), term_end_event(False)
    ('Term ends and contract renews', 'Contract ends')
    >>> term_end_event(True, date(2027, 3, 31))
    'Term ends 2027-03-31 and contract renews'
    """
    day = f" {on.isoformat()}" if on is not None else ""
    return f"Term ends{day} and contract renews" if auto_renew else f"Contract ends{day}"


def days_to_renewal(term_end: date | None, as_of: date) -> int | None:
    """Days from ``as_of`` to the day the contract renews, its new term's first day
    (:func:`next_term_start`): a term ending today renews tomorrow, 1 day away, never 0.
    None without a current term (:func:`current_term_end`: ended, or none on file). Every
    output that shows days to renewal (Priorities, ``priorities.csv``, ``--json``) shows this.

    >>> days_to_renewal(date(2027, 12, 31), date(2027, 12, 31))
    1
    >>> days_to_renewal(None, date(2027, 12, 31)) is None
    True
    """
    if not isinstance(term_end, date):
        return None
    return (next_term_start(term_end) - as_of).days


def ended_note(end: date, as_of: date, successor: date | None = None) -> str:
    """Words for a contract that ended without renewal before ``as_of``: it has no renewal to
    ask rates for, so its proposal asks nothing and no letter is written to it
    (:func:`ratecalc.rates.ended_contracts`). Every output that shows it (Priorities, Timeline,
    the Proposal's "Why", the letter's refusal) says this; the fields are named as the Payers &
    Contracts sheet heads them. ``successor``: the day the payer's next contract on file starts
    (:func:`successor_starts`), named, as the Timeline's row of that contract says it.

    >>> ended_note(date(2027, 6, 30), date(2027, 12, 31))[:60]
    'contract ended 2027-06-30 without renewal (as of 2027-12-31)'
    >>> ended_note(date(2027, 6, 30), date(2027, 12, 31), date(2028, 3, 1))[60:102]
    '; its next contract starts 2028-03-01: no '
    """
    # a successor signed already was not named: the note read as if the payer had left
    follows = "" if successor is None else f"; its next contract starts {successor.isoformat()}"
    return (f"contract ended {end.isoformat()} without renewal (as of {as_of.isoformat()})"
            f"{follows}: no rates are asked and no letter is written; if it is still in force, "
            f"give its current term's End date, or mark it Auto renew")


def not_started_asks_note(start: date, as_of: date) -> str:
    """Why the proposal asks nothing of a payer none of whose contracts is in force yet
    (:func:`ratecalc.rates.payers_not_started`): the Priorities' note for it
    (:func:`not_started_note`), and that no rate is asked, as no letter is written under a
    contract not in force.

    >>> not_started_asks_note(date(2027, 1, 1), date(2026, 12, 8))[-46:]
    'so no rates are asked and no letter is written'
    """
    return (f"its contract {not_started_note(start, as_of)}, so no rates are asked and no "
            f"letter is written")


def successor_starts(contracts: pd.DataFrame, as_of: date) -> dict[str, date]:
    """Per payer, the day the first of its contracts not in force yet on ``as_of`` starts
    (:func:`contract_not_started`): the contract that follows one ending or ended."""
    out: dict[str, date] = {}
    if contracts.empty or "effective_date" not in contracts.columns:
        return out
    for payer, start in zip(contracts["payer"], contracts["effective_date"], strict=True):
        later = contract_not_started({"effective_date": start}, as_of)
        if later is not None and (str(payer) not in out or later < out[str(payer)]):
            out[str(payer)] = later
    return out


def current_term_end(end_date: date, auto_renew: bool, as_of: date,
                     renewal_term_months: int = RENEWAL_TERM_MONTHS) -> date | None:
    """End of the contract term running on ``as_of``: ``end_date`` itself unless it has passed;
    an auto-renewing contract's past end rolls forward by whole terms of
    ``renewal_term_months`` until it ends on or after ``as_of``. None for a contract that ended
    without auto-renewal (it has no current term)."""
    if end_date >= as_of:
        return end_date
    if not auto_renew:
        return None
    term = _check_count(renewal_term_months, "renewal_term_months")  # 1 month or more
    # Terms are counted from the day the first renewed term began: each ends the day before
    # its start's anniversary. Rolling the end date itself lost a leap day (a term ending
    # 2025-02-28 renewed to 2028-02-28, not 2028-02-29, a notice deadline a day early).
    start, end, periods = next_term_start(end_date), end_date, 0
    while end < as_of:
        periods += 1
        end = months_after(start, term * periods) - timedelta(days=1)
    return end


def months_after(day: date, months: int) -> date:
    """The day ``months`` whole months after ``day``; where that month has no such day (the
    31st, February 29th), the first day of the month after, so that a term beginning ``day``
    ends the day before it: a year from 2024-02-29 ends 2025-02-28, a month from 2026-01-31
    ends 2026-02-28.

    >>> months_after(date(2024, 2, 29), 12), months_after(date(2026, 1, 31), 1)
    (datetime.date(2025, 3, 1), datetime.date(2026, 3, 1))
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if day.day <= calendar.monthrange(year, month + 1)[1]:
        return date(year, month + 1, day.day)
    return date(year, month + 1, 1) + timedelta(days=calendar.monthrange(year, month + 1)[1])



class PastEndDate(InputError):
    """An end date before the analysis date, for a contract that does not renew by itself.

    A caller with its own words (a command's ``--end`` and ``--auto-renew``) gives them to
    :meth:`in_words_of`.
    """

    def __init__(self, end: date, as_of: date, name: str = "end_date",
                 hint: str = "mark the contract as auto-renewing") -> None:
        super().__init__(f"{name}: {end.isoformat()} is in the past (as of "
                         f"{as_of.isoformat()}); give the current term's end date, or {hint}")
        self.end = end
        self.as_of = as_of

    def in_words_of(self, name: str, hint: str) -> PastEndDate:
        """The same refusal naming the end date ``name`` and saying ``hint`` for renewing."""
        return PastEndDate(self.end, self.as_of, name, hint)


def renewal_timeline(end_date: date | str, *, auto_renew: bool = False, notice_days: int = 90,
                     lead_months: int = 5, follow_up_business_days: int = 10,
                     prep_days: int = 30, decision_business_days: int = 10,
                     renewal_term_months: int = RENEWAL_TERM_MONTHS, as_of: date | None = None,
                     proposal_sent: date | None = None,
                     effective_date: date | None = None,
                     log_kept: bool = False) -> RenewalTimeline:
    """The renewal timeline of one contract (see the module notes for each date).

    Parameters
    ----------
    end_date : datetime.date or str
        End of the contract term (YYYY-MM-DD).
    auto_renew : bool
        Evergreen contract. If its ``end_date`` has passed, the term rolls forward by
        ``renewal_term_months`` until it ends on or after ``as_of``.
    notice_days : int
        Written notice the contract requires [days], default 90.
    lead_months : int
        How long before the end talks open [months], default 5.
    follow_up_business_days : int
        Interval between follow-ups [business days], default 10.
    prep_days : int
        Preparation before the proposal [days], default 30.
    decision_business_days : int
        Time between the decision and the notice deadline [business days], default 10.
    renewal_term_months : int
        Length of an auto-renewed term [months], default 12.
    as_of : datetime.date, optional
        Today by default.
    proposal_sent : datetime.date, optional
        When the proposal actually went to the payer (the Negotiation Log's latest "sent"
        row by ``as_of``, :func:`ratecalc.negotiation_log.proposal_sent_as_of`). One sent for
        this term by ``as_of`` (on or after the term's first day, :func:`current_term_start`,
        on or before ``as_of``) is what the follow-ups are counted from; otherwise they are
        counted from ``negotiation_start``.
    effective_date : datetime.date, optional
        The contract's effective date: the current term began no earlier
        (:func:`current_term_start`), so a proposal sent before it answered another contract.
    log_kept : bool
        A Negotiation Log tells what was sent (a workbook's, even empty; the demo's): a
        proposal it does not show for this term has not gone, so no follow-up is dated
        (:func:`follow_ups_wait_for_send`). False (one contract's dates, a folder of tables):
        nothing is known of the send, and the follow-ups are a plan counted from
        ``negotiation_start``.

    Returns
    -------
    RenewalTimeline

    Raises
    ------
    InputError
        A contract that does not auto-renew and ended before ``as_of``.

    Examples
    --------
    >>> t = renewal_timeline(date(2026, 6, 30), as_of=date(2025, 11, 1))
    >>> t.negotiation_start, t.notice_deadline
    (datetime.date(2026, 1, 30), datetime.date(2026, 4, 1))
    """
    given = _as_date(end_date, "end_date")
    today = clock.today() if as_of is None else _as_date(as_of, "as_of")
    notice_days = _check_count(notice_days, "notice_days")
    lead_months = _check_count(lead_months, "lead_months")
    prep_days = _check_count(prep_days, "prep_days")
    decision_business_days = _check_count(decision_business_days, "decision_business_days")
    step = _check_count(follow_up_business_days, "follow_up_business_days")
    if step == 0:
        raise InputError("follow_up_business_days: expected a whole number >= 1, got 0")
    term = _check_count(renewal_term_months, "renewal_term_months")
    end = current_term_end(given, bool(auto_renew), today, term)
    if end is None:
        raise PastEndDate(given, today)

    start = (pd.Timestamp(end) - pd.DateOffset(months=lead_months)).date()
    negotiation_start = business_day_offset(start, 0, roll="forward")
    prepare_start = business_day_offset(negotiation_start - timedelta(days=prep_days), 0,
                                        roll="backward")
    deadline = notice_deadline(end, notice_days)
    decision = business_day_offset(deadline, -decision_business_days, roll="backward")
    sent = None if proposal_sent is None else _as_date(proposal_sent, "proposal_sent")
    term_start = current_term_start(end, term, effective_date, today,
                                    renewed_from=given if end != given else None)
    sent = _sent_this_term(sent, term_start, today)
    follow_ups = (() if follow_ups_wait_for_send(sent, bool(log_kept))
                  else _follow_ups(sent or negotiation_start, decision, step))

    warnings = []
    if negotiation_start >= decision:
        warnings.append(f"talks open on {negotiation_start.isoformat()}, after the decision date "
                        f"{decision.isoformat()}: {lead_months} months of lead time is too "
                        f"short for {notice_days} days' notice")
    if end != given:
        warnings.append(f"the given end date {given.isoformat()} has passed; the auto-renewed "
                        f"term ends {end.isoformat()}")
    near = deadline_note(deadline, end, bool(auto_renew), today)
    if near:
        warnings.insert(0, near)
    timeline = RenewalTimeline(
        end_date=end, given_end_date=given, auto_renew=bool(auto_renew), notice_days=notice_days,
        prepare_start=prepare_start, negotiation_start=negotiation_start,
        follow_ups=follow_ups, decision_date=decision, notice_deadline=deadline, as_of=today,
        days_to_notice=(deadline - today).days,
        status=_status(today, prepare_start, negotiation_start, decision, deadline, end),
        term_start=term_start, warnings=tuple(warnings), proposal_sent=sent,
        renewal_term_months=term, log_kept=bool(log_kept),
    )
    said = renewed_deadline_words(timeline)
    if not said:
        return timeline
    # said right after the passed deadline: the one ahead is what the clinic can still act on
    return replace(timeline, warnings=(*warnings[:1], said, *warnings[1:]))


def follow_ups_wait_for_send(sent: date | None, log_kept: bool) -> bool:
    """Whether no follow-up is dated yet: the one rule of every output that shows follow-ups
    (the Timeline sheet's "Next follow-up", ``renewal_timeline.csv``, ``timeline`` and its
    ``--json``, the .ics). A follow-up follows a proposal that went out: where a Negotiation
    Log is kept (``log_kept``) and shows none sent for this term by the as-of day (``sent``
    None, :func:`proposal_sent_this_term`), the follow-ups wait for the send, and the step
    left is to send the proposal (:func:`send_first_words`); follow-ups dated from the
    planned day chased a proposal the payer never had. Without a log, nothing is known of the
    send and the follow-ups are the plan's, from the planned day.

    >>> follow_ups_wait_for_send(None, True), follow_ups_wait_for_send(None, False)
    (True, False)
    >>> follow_ups_wait_for_send(date(2026, 11, 2), True)
    False
    """
    return sent is None and log_kept


def send_first_words(t: RenewalTimeline) -> str:
    """What the Timeline says in place of follow-ups that wait for the proposal to be sent
    (:func:`follow_ups_wait_for_send`), while the proposal is still to send (the decision
    date not passed); empty otherwise.

    Said from the day preparation starts: before it, the "Send proposal" date is the plan and
    nothing is due. Once the proposal is due, :func:`proposal_overdue_note` has said when it
    was due, and this says what to do.

    >>> t = renewal_timeline(date(2026, 6, 30), as_of=date(2026, 1, 5), log_kept=True)
    >>> send_first_words(t)
    'send the proposal by 2026-01-30; follow-ups are dated from the day the log says it went'
    >>> send_first_words(renewal_timeline(date(2026, 6, 30), as_of=date(2026, 2, 2),
    ...                                   log_kept=True))
    'send it now; follow-ups are dated from the day the log says it went; decide by 2026-03-18'
    """
    if not follow_ups_wait_for_send(t.proposal_sent, t.log_kept) \
            or not t.prepare_start <= t.as_of <= t.decision_date:
        return ""
    later = "follow-ups are dated from the day the log says it went"
    if t.as_of < t.negotiation_start:
        return f"send the proposal by {t.negotiation_start.isoformat()}; {later}"
    return f"send it now; {later}; decide by {t.decision_date.isoformat()}"


def next_term_deadline(timeline: RenewalTimeline) -> tuple[date, date] | None:
    """The next term's last day and its notice deadline, for an auto-renewing contract whose
    notice deadline for the current term has passed on the timeline's ``as_of``; None
    otherwise. The next term is the one notice given on ``as_of`` would end
    (:func:`termination_effective_date`: the renewed term, or the first later one whose own
    deadline is still ahead where terms are shorter than the notice period), and its deadline
    is :func:`notice_deadline` of its end. Every output that shows deadlines (the Timeline
    sheet's and ``renewal_timeline.csv``'s note, ``timeline``, the ``.ics``, ``analyze``'s
    "Deadlines:", through :func:`timeline_deadline_note` the Priorities' note,
    ``priorities.csv`` and ``exit-impact``, through :func:`notice_deadline_words`
    ``analyze``'s "Negotiate first" and ``letter``'s line, and as ``next_term_end`` and
    ``next_notice_deadline`` the CSV tables, ``summary.json`` and the letter's dates) shows
    this one.

    >>> t = renewal_timeline(date(2027, 2, 28), auto_renew=True, as_of=date(2026, 12, 6))
    >>> next_term_deadline(t)
    (datetime.date(2028, 2, 29), datetime.date(2027, 12, 1))
    """
    if not timeline.auto_renew or timeline.as_of <= timeline.notice_deadline:
        return None
    end = termination_effective_date(timeline, timeline.as_of)[0]
    return end, notice_deadline(end, timeline.notice_days)


def renewed_deadline_words(timeline: RenewalTimeline) -> str:
    """The renewed term's notice deadline in words (:func:`next_term_deadline`), once this
    term's has passed; empty otherwise.

    >>> t = renewal_timeline(date(2027, 2, 28), auto_renew=True, notice_days=90,
    ...                      as_of=date(2026, 12, 6))
    >>> renewed_deadline_words(t)
    "the renewed term's notice deadline is 2027-12-01 (90 days before it ends 2028-02-29)"
    """
    return renewed_deadline_text(next_term_deadline(timeline), timeline.notice_days)


def renewed_deadline_text(following: tuple[date, date] | None, notice_days: int) -> str:
    """:func:`renewed_deadline_words` of a renewed term's last day and notice deadline
    (:func:`next_term_deadline`'s pair, as a table or JSON carries them: ``next_term_end``,
    ``next_notice_deadline``) and the contract's ``notice_days``; empty for None."""
    if following is None:
        return ""
    return (f"the renewed term's notice deadline is {following[1].isoformat()} "
            f"({notice_days} days before it ends {following[0].isoformat()})")


def notice_deadline_words(deadline: date, days_to_notice: int,
                          following: tuple[date, date] | None, notice_days: int) -> str:
    """A contract's notice deadline in a line of a list of payers (``analyze``'s and
    ``demo``'s "Negotiate first", ``letter``'s summary): the deadline, said passed once
    ``days_to_notice`` is below 0, and then the renewed term's (``following``,
    :func:`next_term_deadline`), the one the clinic can still act on, in the words of the
    Priorities' and Timeline's notes (:func:`renewed_deadline_text`). A line that named only
    the passed date read as a deadline still to meet.

    >>> notice_deadline_words(date(2027, 12, 1), 361, None, 90)
    'notice deadline 2027-12-01'
    >>> notice_deadline_words(date(2026, 12, 2), -3, None, 60)  # not renewing: no next one
    'notice deadline 2026-12-02 passed'
    >>> notice_deadline_words(date(2026, 12, 2), -3, (date(2028, 1, 31), date(2027, 12, 2)), 60)
    "notice deadline 2026-12-02 passed; the renewed term's notice deadline is 2027-12-02 \
(60 days before it ends 2028-01-31)"
    """
    if days_to_notice >= 0:
        return f"notice deadline {deadline.isoformat()}"
    after = renewed_deadline_text(following, notice_days)
    return f"notice deadline {deadline.isoformat()} passed" + (f"; {after}" if after else "")


def timeline_deadline_note(timeline: RenewalTimeline) -> str:
    """:func:`deadline_note` of ``timeline``'s deadline and, once it has passed on an
    auto-renewing contract, the renewed term's (:func:`renewed_deadline_words`): the note the
    Priorities sheet, ``priorities.csv`` and ``exit-impact`` show, as the Timeline does."""
    near = deadline_note(timeline.notice_deadline, timeline.end_date, timeline.auto_renew,
                         timeline.as_of)
    after = renewed_deadline_words(timeline)
    return f"{near}; {after}" if near and after else near


def renewed_term_end(timeline: RenewalTimeline, renewal_term_months: int | None = None
                     ) -> date:
    """The last day of the term an auto-renewing contract renews into after its current one,
    counted from the written end date as every term is (``renewal_term_months``: default the
    timeline's own).

    >>> t = renewal_timeline(date(2026, 3, 31), auto_renew=True, renewal_term_months=1,
    ...                      as_of=date(2026, 1, 5))
    >>> renewed_term_end(t)
    datetime.date(2026, 4, 30)
    """
    months = (timeline.renewal_term_months if renewal_term_months is None
              else renewal_term_months)
    renewed = current_term_end(timeline.given_end_date, True,
                               next_term_start(timeline.end_date), months)
    assert renewed is not None  # an auto-renewing contract always has a next term
    return renewed


def termination_effective_date(timeline: RenewalTimeline, letter_date: date,
                               renewal_term_months: int | None = None
                               ) -> tuple[date, list[str]]:
    """The date a notice of non-renewal sent on ``letter_date`` takes effect: the one rule the
    termination letter and the exit estimates (``exit-impact``, the Exit Impact sheet) follow.

    Parameters
    ----------
    timeline : ratecalc.timeline.RenewalTimeline
    letter_date : datetime.date
        The day the notice is sent (assumed received the same day).
    renewal_term_months : int, optional
        Length of an auto-renewed term [months]; default the timeline's own (the contract's,
        :func:`contract_renewal_months`), by which its current term was reached.

    Returns
    -------
    (datetime.date, list of str)
        The effective date and warnings.

    Notes
    -----
    Notice on or before the timeline's ``notice_deadline``: the current term's end. Later, an
    auto-renewing contract renews first, so notice takes effect at the end of the renewed term
    (``renewal_term_months`` later), or of the first later term whose own notice deadline it
    meets where the renewed term is shorter than the notice period; a contract that does not
    auto-renew ends on its end date anyway, and the notice confirms it.

    Examples
    --------
    >>> t = renewal_timeline(date(2026, 6, 30), as_of=date(2026, 1, 5))
    >>> termination_effective_date(t, date(2026, 1, 5))[0]
    datetime.date(2026, 6, 30)
    """
    if letter_date <= timeline.notice_deadline:
        return timeline.end_date, []
    late = (f"notice sent {letter_date.isoformat()} is after the notice deadline "
            f"{timeline.notice_deadline.isoformat()} ({timeline.notice_days} days before "
            f"{timeline.end_date.isoformat()})")
    if timeline.auto_renew:
        # the term after the current one, counted from the written end date as every term is
        months = (timeline.renewal_term_months if renewal_term_months is None
                  else renewal_term_months)
        renewed = renewed_term_end(timeline, months)
        which = "the renewed term"
        # a renewed term shorter than the notice period (Renewal months 1, 90 days' notice)
        # renews again before the notice could end it: the notice counts for the first term
        # whose own deadline it meets, never fewer days ahead than the contract requires
        while letter_date > notice_deadline(renewed, timeline.notice_days):
            later = current_term_end(timeline.given_end_date, True, next_term_start(renewed),
                                     months)
            assert later is not None
            renewed = later
            which = f"the first renewed term {timeline.notice_days} days' notice reaches"
        return renewed, [f"{late}: the contract auto-renews, so non-renewal takes effect at the "
                         f"end of {which}, {renewed.isoformat()}; check the "
                         f"agreement's termination clause"]
    return timeline.end_date, [f"{late}; the contract does not auto-renew and ends on "
                               f"{timeline.end_date.isoformat()} anyway"]


def whole_days(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``table`` with its day-count ``columns`` as whole numbers, blank (``pd.NA``) where a contract
    has none. A blank among numbers made the column floats, and every output printed 27.0."""
    return table.assign(**{c: table[c].astype("Int64") for c in columns})


def days_to_deadline_words(days: int) -> str:
    """``days`` to the notice deadline in words: a deadline passed is counted as days past it
    ("91 days past the notice deadline"), never as a negative count to it.

    >>> days_to_deadline_words(-91)
    '91 days past the notice deadline'
    >>> days_to_deadline_words(0), days_to_deadline_words(1)
    ('the notice deadline is today', '1 day to the notice deadline')
    """
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} past the notice deadline"
    if days == 0:
        return "the notice deadline is today"
    return f"{days} day{'s' if days != 1 else ''} to the notice deadline"


def status_line(status: str, days_to_notice: int) -> str:
    """A contract's status and its days to the notice deadline, each said once.

    A deadline passed is the status ("notice deadline passed"), so its days are said with it
    rather than after it ("notice deadline passed; 10 days past the notice deadline" said the
    deadline had passed twice); any other status is followed by
    :func:`days_to_deadline_words`.

    >>> status_line("notice_passed", -10)
    'notice deadline passed 10 days ago'
    >>> status_line("negotiate_now", 26)
    'negotiate now; 26 days to the notice deadline'
    """
    if status == "notice_passed" and days_to_notice < 0:
        ago = -days_to_notice
        return f"{status_words(status)} {ago} day{'s' if ago != 1 else ''} ago"
    return f"{status_words(status)}; {days_to_deadline_words(days_to_notice)}"


def deadline_note(deadline: date, end: date, auto_renew: bool, as_of: date) -> str:
    """Words for a notice deadline that has passed or is within :data:`NEAR_DEADLINE_DAYS`
    days of ``as_of``; empty otherwise. Every output (CLI, sheets, letter) shows this text."""
    days = (deadline - as_of).days
    if days < 0:
        ago = -days
        then = (f"the contract renews on {next_term_start(end).isoformat()} for another term: "
                f"ask for a rate amendment" if auto_renew else
                f"the contract ends on {end.isoformat()} unless both sides renew it")
        return (f"notice deadline {deadline.isoformat()} passed {ago} day"
                f"{'s' if ago != 1 else ''} ago; {then}")
    if days <= NEAR_DEADLINE_DAYS:
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return f"notice deadline {deadline.isoformat()} is {when}"
    return ""


def _follow_ups(first: date, before: date, step: int) -> tuple[date, ...]:
    if first >= before:
        return ()
    span = int(np.busday_count(np.datetime64(first, "D"), np.datetime64(before, "D"),
                               holidays=us_federal_holidays(first, before)))
    offsets = np.arange(step, span, step)
    holidays = us_federal_holidays(first, before)
    days = np.busday_offset(np.datetime64(first, "D"), offsets, roll="forward",
                            holidays=holidays)
    return tuple(days.astype(object).tolist())


def _status(today: date, prepare: date, negotiate: date, decide: date, deadline: date,
            end: date) -> str:
    if today > end:
        return "ended"
    if today > deadline:
        return "notice_passed"
    if today >= decide:
        return "decide_now"
    if today >= negotiate:
        return "negotiate_now"
    if today >= prepare:
        return "prepare_now"
    return "upcoming"


@frozen_record
class ContractTimeline:
    """One CONTRACTS row's timeline, or why it has none (``timeline`` None, ``problem`` set,
    ``status`` "ended" or "not_started")."""

    payer: str
    product: str
    end_date: date
    auto_renew: bool
    notice_days: int
    timeline: RenewalTimeline | None
    problem: str = ""
    status: str = "ended"


def contract_notice_days(contract: Mapping[str, object] | pd.Series, default: int) -> int:
    """The days of notice a CONTRACTS row asks for: its own ``notice_days``, else ``default``
    (the settings')."""
    days = contract.get("notice_days")
    return default if days is None or pd.isna(days) else int(days)  # type: ignore[arg-type]


def contract_start(contract: Mapping[str, object] | pd.Series) -> date | None:
    """A CONTRACTS row's ``effective_date`` as a date; None when blank."""
    start = contract.get("effective_date")
    if isinstance(start, datetime):
        return None if pd.isna(start) else start.date()
    return start if isinstance(start, date) else None


def contract_not_started(contract: Mapping[str, object] | pd.Series, as_of: date) -> date | None:
    """The start date of a contract that is not in force yet on ``as_of``, else None.

    The one rule for when a contract begins, as for a fee-schedule row: a contract dated after
    the analysis date is not in force yet, so its terms (rate basis, percentage, end date,
    notice) govern nothing until then (:func:`ratecalc.rates.payer_contracts`), it has no
    renewal timeline (:func:`contract_timelines`) and no letter is written under it.

    Examples
    --------
    >>> contract_not_started({"effective_date": date(2026, 1, 1)}, date(2025, 12, 1))
    datetime.date(2026, 1, 1)
    >>> contract_not_started({"effective_date": date(2025, 12, 1)}, date(2025, 12, 1)) is None
    True
    """
    start = contract_start(contract)
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    return start if start is not None and start > day else None


def not_started_note(start: date, as_of: date) -> str:
    """Words for a contract that starts after ``as_of``: every output that lists it says this."""
    return (f"starts {start.isoformat()}, after the analysis date {as_of.isoformat()}: not in "
            f"force yet")


def contract_auto_renews(contract: Mapping[str, object] | pd.Series) -> bool:
    """Whether a CONTRACTS row renews by itself (a blank ``auto_renew`` is no)."""
    auto = contract.get("auto_renew")
    return bool(auto) if auto is not None and not pd.isna(auto) else False


def contract_renewal_months(contract: Mapping[str, object] | pd.Series) -> int:
    """The months each renewed term of a CONTRACTS row lasts: its own ``renewal_months``, else
    :data:`RENEWAL_TERM_MONTHS`. The one rule every output rolls an auto-renewing contract's
    terms by (its current term, notice deadline, new term's first day, the term a late
    notice waits out): a contract renewing for 36 months, its written end 2024-06-30, is in
    its term ending 2027-06-30, not 2026-06-30.

    >>> contract_renewal_months({"renewal_months": 36}), contract_renewal_months({})
    (36, 12)
    """
    months = contract.get("renewal_months")
    return RENEWAL_TERM_MONTHS if months is None or pd.isna(months) else int(months)  # type: ignore[arg-type]


def contract_timeline_end(contract: Mapping[str, object] | pd.Series) -> date | None:
    """The end date a timeline of a governing contract (:func:`ratecalc.rates.payer_contracts`'s
    row) starts from: an auto-renewing contract's written end date, whose terms are counted from
    it (a term rolled from 2024-02-29 ends 2028-02-29, and one rolled from the 2027-02-28 it
    reached, 2028-02-28); else its current term's end, None once it has ended."""
    written = contract.get("end_date")
    if contract_auto_renews(contract) and isinstance(written, date):
        return written.date() if isinstance(written, datetime) else written
    term = contract.get("term_end")
    return term if isinstance(term, date) else None


def contract_timelines(contracts: pd.DataFrame, *, as_of: date | None = None,
                       lead_months: int = 5, follow_up_business_days: int = 10,
                       notice_days: int = 90,
                       proposals_sent: SentDays | None = None,
                       successors: Mapping[str, date] | None = None
                       ) -> list[ContractTimeline]:
    """:func:`renewal_timeline` for every row of a CONTRACTS table.

    ``successors``: payer -> the day its next contract starts (:func:`successor_starts`),
    named in an ended contract's note; by default found in ``contracts`` itself (a caller
    giving only the governing rows gives them).

    ``proposals_sent``: payer (any capitals) -> every day a proposal was sent to it (the
    Negotiation Log's "sent" rows); each payer's follow-ups are counted from the latest of
    them by ``as_of`` (:func:`ratecalc.negotiation_log.proposal_sent_as_of`, then
    :func:`renewal_timeline`'s ``proposal_sent``).

    ``notice_days`` is the default for rows without their own. A contract that ended without
    auto-renewal gets ``timeline=None`` and the reason, instead of failing the others; so does
    one not in force yet (:func:`contract_not_started`, status "not_started"): the dates of a
    successor's term are not the current term's.
    """
    today = clock.today() if as_of is None else as_of
    if successors is None:
        successors = successor_starts(contracts, today)
    out = []
    for i, contract in enumerate(as_records(contracts), start=1):
        payer = str(contract["payer"])
        product = contract.get("product")
        product = "" if product is None or pd.isna(product) else str(product)
        auto = contract_auto_renews(contract)
        days = contract_notice_days(contract, notice_days)
        end = _as_date(contract.get("end_date"), f"contracts row {i} ({payer}), end_date")
        start = contract_not_started(contract, today)
        if start is not None:
            out.append(ContractTimeline(payer, product, end, auto, days, None,
                                        not_started_note(start, today), "not_started"))
            continue
        try:
            t = renewal_timeline(end, auto_renew=auto, notice_days=days, lead_months=lead_months,
                                 follow_up_business_days=follow_up_business_days, as_of=today,
                                 proposal_sent=proposal_sent_as_of(proposals_sent, payer, today),
                                 effective_date=contract_start(contract),
                                 renewal_term_months=contract_renewal_months(contract),
                                 log_kept=proposals_sent is not None)
        except PastEndDate as past:
            out.append(ContractTimeline(payer, product, end, auto, days, None,
                                        ended_note(past.end, past.as_of,
                                                   successors.get(payer))))
            continue
        except InputError as exc:
            out.append(ContractTimeline(payer, product, end, auto, days, None, str(exc)))
            continue
        out.append(ContractTimeline(payer, product, t.end_date, auto, days, t))
    return out


def current_term_start(end_date: date, renewal_term_months: int = RENEWAL_TERM_MONTHS,
                       effective_date: date | None = None, as_of: date | None = None,
                       renewed_from: date | None = None) -> date:
    """The day the term running on ``as_of`` began, for the log's entries of this renewal:
    the day the previous term renewed, one term of ``renewal_term_months`` before the next
    term begins (:func:`next_term_start`), counted as :func:`months_after` counts terms (a
    term ending 2028-02-29 began 2027-03-01); for a term longer than that, the latest such
    anniversary on or before ``as_of`` (a contract ending 2027-12-31, looked at on
    2026-12-05, is in its year from 2026-01-01); never before the contract's
    ``effective_date`` when it had begun by ``as_of`` (a first term shorter than a renewal
    term began then). A proposal sent, or an offer received, on or after it answers this
    term's renewal (:func:`proposal_sent_this_term`, :func:`before_this_term_note`).
    ``renewed_from``: the written end date an auto-renewing ``end_date`` was rolled from
    (:func:`current_term_end`); its terms are counted from that end's renewal day, as
    :func:`current_term_end` counts them, so a term begun on the 31st or the 29th of February
    begins on that day, not a day later.

    >>> current_term_start(date(2026, 6, 30)), current_term_start(date(2028, 2, 29))
    (datetime.date(2025, 7, 1), datetime.date(2027, 3, 1))
    >>> current_term_start(date(2027, 12, 31), as_of=date(2026, 12, 5))
    datetime.date(2026, 1, 1)
    >>> current_term_start(date(2027, 3, 31), effective_date=date(2026, 10, 1))
    datetime.date(2026, 10, 1)
    """
    renews = next_term_start(end_date)
    # Term starts are whole terms from one anchor: the renewal day itself, or for a rolled end
    # the first renewal after the written end. Counting back from a rolled renewal day instead
    # put a term begun 2025-08-31 (6 months) at 2025-09-01, and a proposal sent that day in
    # the previous renewal.
    anchor = renews if renewed_from is None else next_term_start(renewed_from)
    terms = 0
    while (renewal_term_months > 0 and anchor < renews
           and months_after(anchor, renewal_term_months * (terms + 1)) <= renews):
        terms += 1
    terms -= 1  # the term that ends the day before ``renews``
    start = months_after(anchor, renewal_term_months * terms)
    while as_of is not None and start > as_of and renewal_term_months > 0:
        terms -= 1
        start = months_after(anchor, renewal_term_months * terms)
    if effective_date is not None and start < effective_date <= min(end_date, as_of or end_date):
        return effective_date
    return start


def _sent_this_term(sent: date | None, term_start: date, as_of: date) -> date | None:
    # a proposal sent before this term began answered the previous renewal; one dated after
    # the as-of day has not gone yet. One sent early in the term, before the planned
    # preparation, is still this renewal's: the clinic opened talks ahead of the plan
    if sent is None or sent < term_start or not happened_by(sent, as_of):
        return None
    return sent


def proposal_sent_this_term(t: RenewalTimeline, sent: date | None) -> date | None:
    """When the proposal for ``t``'s term went to the payer, by the one rule the timeline's
    follow-ups, its overdue-proposal note ("none logged") and the letters follow: ``sent`` (the
    Negotiation Log's latest "sent" row by ``t.as_of``,
    :func:`ratecalc.negotiation_log.proposal_sent_as_of`) when it is on or after the term's
    first day (:func:`current_term_start`: the day the previous term renewed) and on or before
    ``t.as_of``; None when the log shows none for this term by then (one sent earlier answered
    an earlier renewal; one dated later has not gone yet). A proposal sent before the planned
    ``prepare_start`` counts: sent 200 days before the end, it was this renewal's, and the
    termination letter left it out and the timeline said none was sent.

    Examples
    --------
    >>> t = renewal_timeline(date(2026, 6, 30), as_of=date(2026, 2, 2))
    >>> t.prepare_start
    datetime.date(2025, 12, 31)
    >>> proposal_sent_this_term(t, date(2026, 1, 15)), proposal_sent_this_term(t, date(2025, 6, 1))
    (datetime.date(2026, 1, 15), None)
    >>> proposal_sent_this_term(t, date(2025, 12, 12))
    datetime.date(2025, 12, 12)
    >>> proposal_sent_this_term(t, date(2026, 2, 3)) is None
    True
    """
    return _sent_this_term(sent, t.term_start, t.as_of)


def before_this_term_note(t: RenewalTimeline, received: date | None, what: str) -> str:
    """Words for a Negotiation Log entry (``what``: "the offer") dated before ``t``'s term
    began: by :func:`proposal_sent_this_term`'s rule it answered an earlier renewal, so no
    output of this renewal answers it (the counter letter answered a counteroffer received
    before the term, and before the proposal the timeline counts, began). Empty when
    ``received`` is None or in this term.

    >>> t = renewal_timeline(date(2027, 3, 31), as_of=date(2026, 12, 5))
    >>> before_this_term_note(t, date(2026, 2, 1), "the offer")[:60]
    'the offer is dated 2026-02-01, before the current term began'
    >>> before_this_term_note(t, date(2026, 4, 1), "the offer")
    ''
    """
    if received is None or received >= t.term_start:
        return ""
    return (f"{what} is dated {received.isoformat()}, before the current term began "
            f"{t.term_start.isoformat()} (the term ending {t.end_date.isoformat()}): it "
            f"answered an earlier renewal")


def late_reply_words(t: RenewalTimeline, received: date | None) -> str:
    """What a payer's reply (an offer the Negotiation Log says was received, this term's,
    by ``t.as_of``) means for the contract when it came on the notice deadline or after it;
    empty for one before the deadline, none, or one of an earlier term (before
    ``t.term_start``) or not yet received (after ``t.as_of``).

    The one rule the Timeline's note (the sheet, ``renewal_timeline.csv``, ``timeline``,
    ``--json``, ``analyze``'s "Deadlines:") says. Notice must reach the payer by the end of the
    deadline's day (:func:`notice_deadline`): a reply that came that day still leaves the day
    to give notice, if the day is today; after it an auto-renewing contract renews on its
    current terms the day after the term ends, so the reply can only amend its rates, and
    notice given now ends the renewed term (:func:`termination_effective_date`). A contract
    that does not renew by itself ends on its end date whatever notice is given: its reply
    can still be agreed until then.

    Examples
    --------
    >>> t = renewal_timeline(date(2026, 6, 30), auto_renew=True, as_of=date(2026, 4, 1))
    >>> late_reply_words(t, date(2026, 3, 31))
    ''
    >>> late_reply_words(t, date(2026, 4, 1))[:71]
    "the payer's reply came on the notice deadline, 2026-04-01, today: there"
    """
    if received is None or received < t.term_start or not happened_by(received, t.as_of) \
            or received < t.notice_deadline:
        return ""
    deadline, renews = t.notice_deadline.isoformat(), next_term_start(t.end_date).isoformat()
    late = (received - t.notice_deadline).days
    came = (f"the payer's reply came on the notice deadline, {deadline}"
            + (", today" if t.as_of == t.notice_deadline else "") if late == 0 else
            f"the payer's reply came {received.isoformat()}, {late} day{'s' if late != 1 else ''}"
            f" after the notice deadline {deadline}")
    if not t.auto_renew:
        left = (t.end_date - t.as_of).days
        return (f"{came}: the contract does not renew by itself, so it ends on "
                f"{t.end_date.isoformat()} unless both sides renew it; there is still time "
                f"to agree rates on the reply until then ({left} day{'s' if left != 1 else ''})")
    if t.as_of == t.notice_deadline:
        return (f"{came}: there is still time today to give {t.notice_days} days' written "
                f"notice, which must reach the payer today and ends the contract on "
                f"{t.end_date.isoformat()}; without it the contract renews on its current "
                f"terms on {renews}, and the reply can then only amend their rates")
    by = "that day" if late == 0 else "by the deadline"
    ends = termination_effective_date(t, t.as_of)[0].isoformat()
    return (f"{came}: unless notice reached the payer {by}, the contract renews on its "
            f"current terms on {renews}, and the reply can only amend their rates; notice "
            f"given now ends it on {ends}")


def proposal_overdue_note(t: RenewalTimeline, sent: date | None) -> str:
    """Words for a proposal that the log shows no sign of, once it was due (talks open, notice
    deadline not passed); empty otherwise. ``sent``: when the latest proposal went to the
    payer by ``t.as_of``, if ever (:func:`proposal_sent_this_term`'s rule: one sent before
    this term began belongs to an earlier renewal, one dated after ``t.as_of`` has not gone
    yet)."""
    if t.status not in ("negotiate_now", "decide_now"):
        return ""
    if proposal_sent_this_term(t, sent) is not None:
        return ""
    late = (t.as_of - t.negotiation_start).days
    if late < 0:
        # "decide now" before talks open (the notice period longer than the lead): not due
        # yet; the note said "proposal due 2024-03-29 (-29 days ago)"
        return ""
    when = "today" if late == 0 else f"{late} day{'s' if late != 1 else ''} ago"
    return f"proposal due {t.negotiation_start.isoformat()} ({when}), none logged"


#: Columns of :func:`renewal_calendar`, in order, and their units.
CALENDAR_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "product": Unit.TEXT, "end_date": Unit.DATE, "auto_renew": Unit.TEXT,
    "notice_days": Unit.COUNT, "prepare_start": Unit.DATE, "negotiation_start": Unit.DATE,
    "next_follow_up": Unit.DATE, "decision_date": Unit.DATE, "notice_deadline": Unit.DATE,
    "days_to_notice": Unit.COUNT, "dollars_at_stake": Unit.MONEY, "urgency": Unit.MONEY,
    "status": Unit.TEXT, "note": Unit.TEXT, "next_term_end": Unit.DATE,
    "next_notice_deadline": Unit.DATE,
}
#: Headers of :data:`CALENDAR_UNITS`' columns in words: the Timeline sheet's. The end date is
#: the current term's last day, "Term ends" whether the contract then renews or lapses
#: (:func:`term_end_event`): "Contract ends" headed the dates of contracts that renew by
#: themselves, in ``timeline --data``'s table with no Auto renew column beside it.
CALENDAR_HEADERS: dict[str, str] = {
    "payer": "Payer", "product": "Product", "end_date": "Term ends",
    "auto_renew": "Auto renew", "notice_days": "Notice days", "prepare_start": "Start preparing",
    "negotiation_start": "Send proposal", "next_follow_up": "Next follow-up",
    "decision_date": "Decide by", "notice_deadline": "Notice deadline",
    "days_to_notice": "Days to notice deadline", "dollars_at_stake": "Dollars below market",
    "urgency": "Urgency", "status": "Status", "note": "Timing warning",
    "next_term_end": "Renewed term ends", "next_notice_deadline": "Renewed term's notice deadline",
}


def renewal_calendar(contracts: pd.DataFrame, *,
                     dollars_at_stake: Mapping[str, float] | pd.Series | None = None,
                     as_of: date | None = None, lead_months: int = 5,
                     follow_up_business_days: int = 10, notice_days: int = 90,
                     proposals_sent: SentDays | None = None,
                     offers_received: SentDays | None = None) -> pd.DataFrame:
    """Every contract's renewal dates, most urgent first.

    Parameters
    ----------
    contracts : pandas.DataFrame
        Canonical CONTRACTS table (``payer``, ``product``, ``end_date``, ``auto_renew``,
        ``notice_days``).
    dollars_at_stake : mapping or Series, optional
        Payer -> revenue at stake [USD per year] (e.g. ``annual_revenue`` of
        ``ratecalc.exit_impact.annual_revenue_by_payer``); missing payers count 0.
    as_of : datetime.date, optional
        Today by default.
    lead_months, follow_up_business_days : int
        SETTINGS defaults; ``notice_days`` is the default for rows without their own.
    proposals_sent : mapping, optional
        Payer (any capitals) -> every day a proposal was sent to it (the Negotiation Log's
        "sent" rows). Given, a contract whose proposal is due and not sent by ``as_of`` says
        so in its note (:func:`proposal_overdue_note`), and the follow-ups of one sent are
        counted from the day it was sent (the latest by ``as_of``: a row dated later has not
        happened yet); None: nothing is known of what was sent.
    offers_received : mapping, optional
        Payer (any capitals) -> every day an offer came from it (the Negotiation Log's
        offers, :func:`ratecalc.negotiation_log.is_payer_offer`): the latest by ``as_of`` in
        the current term, come on the notice deadline or after it, is said in the note
        (:func:`late_reply_words`).

    Returns
    -------
    pandas.DataFrame
        ``payer``, ``product``, ``end_date``, ``auto_renew``, ``notice_days``,
        ``prepare_start``, ``negotiation_start``, ``next_follow_up``, ``decision_date``,
        ``notice_deadline``, ``days_to_notice``, ``dollars_at_stake`` [USD per year; a
        payer's, on its first row only, :func:`payer_figure_once`], ``urgency`` [USD per day],
        ``status``, ``note``, and once an auto-renewing contract's notice deadline has passed,
        ``next_term_end`` and ``next_notice_deadline`` (:func:`next_term_deadline`: the
        renewed term's, which the note names; blank otherwise).

    Notes
    -----
    ``urgency = dollars_at_stake / max(days_to_notice, 1)``: the dollars at stake per day left to
    act, from the stake as shown and half-up to cents (:func:`ratecalc.ranking.urgency`).
    The order (:func:`ratecalc.ranking.urgency_order`) puts what is due or overdue first: by
    status in the order of :data:`DUE_FIRST` (notice deadline passed, decide now, negotiate
    now, prepare now, upcoming), then the earlier notice deadline, then the urgency shown, most
    first, then the earlier end date, then payer and product by name (case-insensitively). A
    contract that ended without auto-renewal cannot be timed: it is listed last with status
    ``ended`` instead of failing the whole calendar; one not in force yet is listed last too,
    "not in force yet", with its start date in the note.
    """
    today = clock.today() if as_of is None else as_of
    stake = pd.Series(dollars_at_stake if dollars_at_stake is not None else {}, dtype=float)
    rows = []
    for c in contract_timelines(contracts, as_of=today, lead_months=lead_months,
                                follow_up_business_days=follow_up_business_days,
                                notice_days=notice_days, proposals_sent=proposals_sent):
        money = float(stake.get(c.payer, 0.0))
        base = {"payer": c.payer, "product": c.product, "end_date": c.end_date,
                "auto_renew": c.auto_renew, "notice_days": c.notice_days,
                "dollars_at_stake": money}
        t = c.timeline
        if t is None:
            rows.append({**base, "status": status_words(c.status),
                         "note": c.problem})
            continue
        upcoming = [d for d in t.follow_ups if d >= today]
        warnings = list(t.warnings)
        if proposals_sent is not None:
            overdue = proposal_overdue_note(t, t.proposal_sent)
            if overdue:
                warnings.append(overdue)
        reply = late_reply_words(t, offer_received_as_of(offers_received, c.payer, today))
        if reply:
            warnings.append(reply)
        send_first = send_first_words(t)
        if send_first:  # no follow-up is dated before the proposal goes: sending it is next
            warnings.append(send_first)
        elif not upcoming and t.negotiation_start <= today <= t.decision_date:
            # talks are open and no follow-up is left: the blank "next follow-up" said nothing
            warnings.append(f"no follow-up left; decide by {t.decision_date.isoformat()}")
        following = next_term_deadline(t) or (None, None)
        rows.append({**base, "prepare_start": t.prepare_start,
                     "negotiation_start": t.negotiation_start,
                     "next_follow_up": upcoming[0] if upcoming else None,
                     "decision_date": t.decision_date, "notice_deadline": t.notice_deadline,
                     "days_to_notice": t.days_to_notice,
                     "status": status_words(t.status),
                     "note": "; ".join(warnings), "next_term_end": following[0],
                     "next_notice_deadline": following[1]})
    table = whole_days(pd.DataFrame(rows, columns=list(CALENDAR_UNITS)), ("days_to_notice",))
    table["urgency"] = urgency(table["dollars_at_stake"], table["days_to_notice"])
    # a payer's dollars not known (no market on file: ratecalc.priorities) are not known a day
    # either; ranked as 0 (urgency_order), shown blank, not $0.00
    table.loc[table["dollars_at_stake"].isna().to_numpy(), "urgency"] = np.nan
    ordered = urgency_order(table, [status_words("ended"), status_words("not_started")],
                            [status_words(s) for s in DUE_FIRST])
    return ordered if dollars_at_stake is None else payer_figure_once(ordered)


def payer_rows_after_first(payers: pd.Series) -> np.ndarray:
    """Which rows repeat a payer listed on an earlier row (names compared as a sheet compares
    text, whatever the capitals): the rows whose payer's figure is not shown again.

    Examples
    --------
    >>> payer_rows_after_first(pd.Series(["Summit", "Keystone", "SUMMIT"])).tolist()
    [False, False, True]
    """
    return payers.map(lambda p: str(p).casefold()).duplicated().to_numpy(dtype=bool)


def payer_figure_once(calendar: pd.DataFrame) -> pd.DataFrame:
    """The calendar with each payer's dollars below market on its first row only.

    The figure is the payer's (its fee schedule and volumes are a payer's, not a contract's,
    so it cannot be split by contract): repeated on each of a payer's contracts, a column
    total counted it once per contract. Its other rows leave the dollars blank and say in
    their note where the figure is. The urgency, which orders the rows, stays the payer's
    figure over each contract's own days to notice.
    """
    repeat = payer_rows_after_first(calendar["payer"])
    if not repeat.any():
        return calendar
    out = calendar.copy()
    first: dict[str, tuple[str, float]] = {}
    notes = out["note"].tolist()
    for i, (payer, product, stake) in enumerate(zip(
            out["payer"], out["product"], out["dollars_at_stake"], strict=True)):
        key = str(payer).casefold()
        if not repeat[i]:
            first[key] = (contract_label(payer, product), float(stake))
            continue
        label, amount = first[key]
        said = (f"dollars below market: {payer}'s {money_text(amount)} a year is shown once, "
                f"on the {label} row (a payer's rates and volumes, not a contract's)")
        notes[i] = f"{notes[i]}; {said}" if isinstance(notes[i], str) and notes[i] else said
    out.loc[repeat, "dollars_at_stake"] = np.nan
    out["note"] = notes
    return out


def calendar_events(contracts: pd.DataFrame, *, as_of: date | None = None,
                    lead_months: int = 5, follow_up_business_days: int = 10,
                    notice_days: int = 90, proposals_sent: SentDays | None = None,
                    offers_received: SentDays | None = None) -> list[CalendarEvent]:
    """Calendar events of every contract that can still be timed (see :func:`timeline_events`);
    ``proposals_sent`` and ``offers_received`` as :func:`renewal_calendar` takes them. Contracts in
    :func:`ratecalc.ranking.contract_key`'s order (by name), each contract's events in its
    timeline's, so that the file is the same whatever the order of the contracts' rows."""
    events: list[CalendarEvent] = []
    timelines = contract_timelines(contracts, as_of=as_of, lead_months=lead_months,
                                   follow_up_business_days=follow_up_business_days,
                                   notice_days=notice_days, proposals_sent=proposals_sent)
    for c in sorted(timelines, key=lambda c: contract_key(c.payer, c.product, c.end_date)):
        if c.timeline is not None:
            replied = offer_received_as_of(offers_received, c.payer, c.timeline.as_of)
            events += timeline_events(c.timeline, c.payer, c.product, replied=replied)
    return events


def _uid(*parts: str) -> str:
    # surrogatepass: a payer typed in bytes that are not UTF-8 still has its own stable id
    digest = hashlib.sha1("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{digest}@ratecalc"


def timeline_events(timeline: RenewalTimeline, payer: str, product: str = "", *,
                    replied: date | None = None) -> list[CalendarEvent]:
    """Calendar events for one contract's timeline (for ``ratecalc.ics.write_ics``).

    The notice deadline carries reminders 14 and 3 days ahead. Each event's UID is derived from
    payer, product, kind and date, so importing a refreshed file updates events instead of
    duplicating them. ``replied``: the day of the payer's latest offer by ``timeline.as_of``;
    one come on the notice deadline or after it is said at the notice deadline's events in the
    Timeline's words (:func:`late_reply_words`), as a sentence.
    """
    from ratecalc.ics import CalendarEvent

    who = contract_label(payer, product)
    end = timeline.end_date.isoformat()
    deadline = timeline.notice_deadline.isoformat()
    events = [
        CalendarEvent(_uid(payer, product, "prepare", end), timeline.prepare_start,
                      f"Prepare renewal: {who}",
                      f"Gather volumes, rates, benchmarks and outcomes. "
                      f"{'Term ends' if timeline.auto_renew else 'Contract ends'} {end}."),
        CalendarEvent(_uid(payer, product, "proposal", end), timeline.negotiation_start,
                      f"Send rate proposal: {who}",
                      f"Open negotiations. Notice deadline {deadline}."
                      + (" Not logged as sent yet: follow-ups are dated from the day the "
                         "Negotiation Log says it went."
                         if follow_ups_wait_for_send(timeline.proposal_sent, timeline.log_kept)
                         else "")),
    ]
    events += [
        CalendarEvent(_uid(payer, product, f"follow-up-{i}", end), d,
                      f"Follow up #{i}: {who}", "Follow up on the rate proposal.")
        for i, d in enumerate(timeline.follow_ups, start=1)
    ]
    consequence = ("the contract renews automatically" if timeline.auto_renew
                   else "the contract lapses at its end date")
    # a contract that does not renew by itself lapses whatever notice is given: its deadline
    # is the last day to give the contract's notice of the terms wanted for a renewal
    notice = (f"Last day for {timeline.notice_days} days' written notice; without it "
              f"{consequence}." if timeline.auto_renew else
              f"Last day for {timeline.notice_days} days' written notice before the contract "
              f"ends on {end}: it does not renew by itself and lapses then unless both sides "
              f"renew it.")
    reply = late_reply_words(timeline, replied)
    late = f" {reply[:1].upper()}{reply[1:]}." if reply else ""
    events += [
        CalendarEvent(_uid(payer, product, "decision", end), timeline.decision_date,
                      f"Decide: accept, counter or give notice: {who}",
                      f"Notice deadline {deadline}."),
        CalendarEvent(_uid(payer, product, "notice", end), timeline.notice_deadline,
                      f"NOTICE DEADLINE: {who}",
                      notice + late, alarm_days=(14, 3)),
        CalendarEvent(_uid(payer, product, "end", end), timeline.end_date,
                      f"{term_end_event(timeline.auto_renew)}: {who}",
                      consequence.capitalize() + "."),
    ]
    following = next_term_deadline(timeline)
    if following is not None:
        # this term's deadline has passed: the renewed term's is the one left to act on. Its
        # UID is the one a file written in that term gives its notice deadline, so importing
        # that file later updates this event
        next_end = following[0].isoformat()
        events.append(CalendarEvent(
            _uid(payer, product, "notice", next_end), following[1],
            f"NOTICE DEADLINE (renewed term): {who}",
            f"Last day for {timeline.notice_days} days' written notice for the renewed term "
            f"that ends {next_end} (this term's deadline, {deadline}, has passed); without it "
            f"the contract renews automatically again.{late}", alarm_days=(14, 3)))
    return events
