"""Renewal timeline: hand-counted dates on the calendar, business days, urgency, .ics export."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pandas as pd
import pytest
from pandas.tseries.holiday import USFederalHolidayCalendar

from ratecalc.errors import InputError
from ratecalc.ics import calendar_bytes, write_ics
from ratecalc.kept_copies import RECORD_FILE
from ratecalc.timeline import (
    business_day_offset,
    calendar_events,
    federal_holidays,
    named_federal_holidays,
    not_a_business_day_words,
    notice_deadline,
    renewal_calendar,
    renewal_timeline,
    status_line,
    timeline_events,
    us_federal_holidays,
)

STAMP = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)


def test_hand_counted_timeline():
    # Contract ends Tue 2026-06-30, 90 days' notice, 5 months' lead, follow-ups every 10
    # business days.
    # negotiation start: 2026-06-30 - 5 months = Fri 2026-01-30
    # prepare: 30 days earlier = Wed 2025-12-31
    # notice deadline: June 30 - 90 days = April 1 (30 back to May 31, 31 more to Apr 30,
    #   29 more to Apr 1), a Wednesday
    # decision: 10 business days before Apr 1 = Mar 31, 30, 27, 26, 25, 24, 23, 20, 19, 18
    # follow-ups: Jan 30 + 10 business days = Feb 13; then Feb 17 (16 is Presidents' Day)
    #   ... Mar 2; then Mar 16; Mar 30 would be after the decision
    t = renewal_timeline(date(2026, 6, 30), as_of=date(2025, 11, 1))
    assert t.negotiation_start == date(2026, 1, 30)
    assert t.prepare_start == date(2025, 12, 31)
    assert t.notice_deadline == date(2026, 4, 1)
    assert t.decision_date == date(2026, 3, 18)
    assert t.follow_ups == (date(2026, 2, 13), date(2026, 3, 2), date(2026, 3, 16))
    assert t.days_to_notice == (date(2026, 4, 1) - date(2025, 11, 1)).days == 151
    assert t.status == "upcoming"
    assert t.warnings == ()


def test_weekends_and_holidays_move_dates_the_safe_way():
    # end 2026-10-02 - 90 days = Sat 2026-07-04; Fri July 3 is the observed holiday,
    # so notice must be in by Thu 2026-07-02
    assert notice_deadline(date(2026, 10, 2), 90) == date(2026, 7, 2)
    # end 2026-10-31 - 5 months = Sun 2026-05-31: the proposal goes out Mon 2026-06-01
    t = renewal_timeline(date(2026, 10, 31), as_of=date(2026, 1, 1))
    assert t.negotiation_start == date(2026, 6, 1)
    # the 31st falls back to the month's last day: 2026-07-31 - 5 months = Sat 2026-02-28
    # -> Mon 2026-03-02
    assert renewal_timeline(date(2026, 7, 31), as_of=date(2026, 1, 1)).negotiation_start == \
        date(2026, 3, 2)


def test_business_days_and_holidays():
    assert business_day_offset(date(2025, 7, 3), 1) == date(2025, 7, 7)  # Fri July 4 holiday
    assert business_day_offset(date(2025, 11, 26), 1) == date(2025, 11, 28)  # Thanksgiving
    days = set(us_federal_holidays(date(2026, 1, 1), date(2026, 12, 31)).astype(object))
    assert {date(2026, 6, 19), date(2026, 11, 26), date(2026, 12, 25)} <= days


def test_holidays_across_decades_match_the_calendar_over_the_same_span():
    # Holidays are computed a decade at a time and cut to the span asked for: a span that
    # crosses a decade keeps an observed date that falls in the year before (Sat 2022-01-01 is
    # observed Fri 2021-12-31; Sat 2011-01-01 on Fri 2010-12-31) and nothing outside it.
    days = us_federal_holidays(date(2010, 6, 1), date(2021, 6, 1)).astype(object)
    assert days[0] == date(2009, 1, 1) and days[-1] == date(2022, 12, 26)
    assert {date(2010, 12, 31), date(2021, 12, 31), date(2021, 6, 18)} <= set(days)
    assert date(2020, 6, 19) not in set(days)  # Juneteenth is a federal holiday from 2021
    whole = USFederalHolidayCalendar().holidays("2009-01-01", "2022-12-31")
    assert list(days) == [d.date() for d in whole]


def test_holidays_are_pandas_calendar_on_every_date_ratecalc_reads():
    # The rules are written out in plain dates (pandas' calendar took 20-50 ms of each
    # process); over every year a date may have (1900-2199, a year's margin either side) they
    # give what USFederalHolidayCalendar gives, observed dates and first years included.
    days = us_federal_holidays(date(1900, 1, 1), date(2199, 12, 31))
    whole = USFederalHolidayCalendar().holidays("1899-01-01", "2200-12-31")
    assert days.dtype == "datetime64[D]"
    assert days.tolist() == [d.date() for d in whole]
    assert federal_holidays(2021)[3:5] == [date(2021, 5, 31), date(2021, 6, 18)]
    assert date(1985, 1, 21) not in federal_holidays(1985)  # MLK Day from 1986


#: Said of a day when businesses close too.
CLOSED = "when a payer's office is closed"
#: Said of a federal holiday on which many businesses are open.
OPEN = ("a US federal holiday on which many payers' offices are open, though no mail is "
        "delivered")


@pytest.mark.parametrize(("day", "words"), [
    # every federal holiday of 2026, by hand from 5 U.S.C. 6103 and the calendar
    (date(2026, 1, 1), f"a US federal holiday, {CLOSED}"),  # New Year's Day, Thursday
    (date(2026, 1, 19), f"Martin Luther King Jr. Day, {OPEN}"),  # third Monday of January
    (date(2026, 2, 16), f"Washington's Birthday, {OPEN}"),  # third Monday of February
    (date(2026, 5, 25), f"a US federal holiday, {CLOSED}"),  # Memorial Day, last Monday of May
    (date(2026, 6, 19), f"Juneteenth, {OPEN}"),  # a Friday
    (date(2026, 7, 3), f"a US federal holiday, {CLOSED}"),  # July 4 is a Saturday: observed
    (date(2026, 9, 7), f"a US federal holiday, {CLOSED}"),  # Labor Day
    (date(2026, 10, 12), f"Columbus Day, {OPEN}"),  # second Monday of October
    (date(2026, 11, 11), f"Veterans Day, {OPEN}"),  # a Wednesday
    (date(2026, 11, 26), f"a US federal holiday, {CLOSED}"),  # Thanksgiving, fourth Thursday
    (date(2026, 12, 25), f"a US federal holiday, {CLOSED}"),  # Christmas, a Friday
    (date(2027, 12, 31), f"a US federal holiday, {CLOSED}"),  # New Year's Day 2028, a Saturday
    (date(2027, 11, 11), f"Veterans Day, {OPEN}"),  # a Thursday
    # November 11, 2028 is a Saturday: observed the Friday before, when mail is delivered
    (date(2028, 11, 10), "Veterans Day as observed (2028-11-11 is a Saturday), a US federal "
                         "holiday on which many payers' offices are open"),
    (date(2026, 7, 4), f"a Saturday, {CLOSED}"),  # the holiday itself, on a Saturday
    (date(2026, 10, 11), f"a Sunday, {CLOSED}"),
    (date(2026, 10, 13), None),  # the day after Columbus Day
    (date(2026, 11, 27), None),  # the day after Thanksgiving is no federal holiday
])
def test_each_day_off_is_said_for_what_it_is(day: date, words: str | None) -> None:
    # the letter dated on Columbus Day or Veterans Day was said to reach an office that "is
    # closed", where many payers' offices are open: only federal offices, banks and the
    # Postal Service close on every one of them
    assert not_a_business_day_words(day) == words


@pytest.mark.parametrize(("day", "words"), [
    # Juneteenth 2027 is a Saturday: federal offices close on Friday the 18th, the Postal
    # Service on the Saturday itself, so the Friday's mail is delivered
    (date(2027, 6, 18), "Juneteenth as observed (2027-06-19 is a Saturday), a US federal "
                        "holiday on which many payers' offices are open"),
    # Juneteenth 2022 was a Sunday: observed on Monday the 20th, when no mail was delivered
    (date(2022, 6, 20), "Juneteenth as observed (2022-06-19 is a Sunday), a US federal holiday "
                        "on which many payers' offices are open, though no mail is delivered"),
    (date(2033, 11, 11), f"Veterans Day, {OPEN}"),  # a Friday: the day itself
])
def test_a_holiday_on_a_weekend_is_said_as_observed(day: date, words: str) -> None:
    # the Friday before a Saturday holiday was said to be a day "no mail is delivered"
    assert not_a_business_day_words(day) == words


def test_every_federal_holiday_is_named() -> None:
    assert [name for _, name in named_federal_holidays(2026)] == [
        "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Memorial Day",
        "Juneteenth", "Independence Day", "Labor Day", "Columbus Day", "Veterans Day",
        "Thanksgiving Day", "Christmas Day"]
    assert [day for day, _ in named_federal_holidays(2026)] == federal_holidays(2026)


def test_status_and_lead_time_warning():
    end = date(2026, 6, 30)
    assert renewal_timeline(end, as_of=date(2026, 4, 2)).status == "notice_passed"
    assert renewal_timeline(end, as_of=date(2026, 3, 20)).status == "decide_now"
    assert renewal_timeline(end, as_of=date(2026, 2, 1)).status == "negotiate_now"
    assert renewal_timeline(end, as_of=date(2026, 1, 5)).status == "prepare_now"
    short = renewal_timeline(end, lead_months=2, notice_days=120, as_of=date(2025, 11, 1))
    assert short.follow_ups == ()
    assert "too short" in short.warnings[0]


@pytest.mark.parametrize(("as_of", "line"), [
    # 90 days' notice of 2026-06-30 is due 2026-04-01 (hand-counted, as above)
    (date(2026, 4, 11), "notice deadline passed 10 days ago"),
    (date(2026, 4, 2), "notice deadline passed 1 day ago"),
    (date(2026, 4, 1), "decide now; the notice deadline is today"),
    (date(2026, 3, 31), "decide now; 1 day to the notice deadline"),
    (date(2026, 2, 1), "negotiate now; 59 days to the notice deadline"),
])
def test_status_line_says_a_deadline_passed_once(as_of, line):
    t = renewal_timeline(date(2026, 6, 30), as_of=as_of)
    assert status_line(t.status, t.days_to_notice) == line


def test_end_date_in_the_past():
    with pytest.raises(InputError, match=r"end_date: 2024-01-31 is in the past \(as of "
                                         r"2025-12-01\)"):
        renewal_timeline(date(2024, 1, 31), as_of=date(2025, 12, 1))
    # an evergreen contract rolls forward a year at a time: 2024-03-31 -> 2025 -> 2026-03-31
    t = renewal_timeline(date(2024, 3, 31), auto_renew=True, as_of=date(2025, 12, 1))
    assert t.end_date == date(2026, 3, 31)
    assert t.given_end_date == date(2024, 3, 31)
    assert "auto-renewed term ends 2026-03-31" in t.warnings[-1]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"notice_days": -1},
     r"notice_days: expected a whole number of days of notice from 0 to 3650, got -1"),
    ({"lead_months": 2.5},
     r"lead_months: expected a whole number of months from 0 to 60, got 2\.5"),
    ({"follow_up_business_days": 0},
     r"follow_up_business_days: expected a whole number of business days from 1 to 260"),
])
def test_bad_settings_are_named(kwargs, message):
    with pytest.raises(InputError, match=message):
        renewal_timeline(date(2026, 6, 30), as_of=date(2025, 11, 1), **kwargs)
    with pytest.raises(InputError, match=r"end_date: expected a date such as 2025-05-01 or "
                                         r"05/01/2025, got '30/6'"):
        renewal_timeline("30/6", as_of=date(2025, 11, 1))


CONTRACTS = pd.DataFrame({
    "payer": ["Small Soon", "Big Later", "Gone", "Big Soon"],
    "product": ["PPO", "HMO", "PPO", "EPO"],
    "end_date": [date(2026, 6, 30), date(2027, 6, 30), date(2025, 1, 31), date(2026, 6, 30)],
    "auto_renew": [True, True, False, False],
    "notice_days": [90, 90, 90, 90],
})


def test_calendar_sorted_most_urgent_first_nearer_deadline_then_dollars_a_day():
    # as of 2025-11-01: 2026 contracts' deadline April 1, 2026 (151 days);
    # Big Later's deadline: 2027-06-30 - 90 days = 2027-04-01, a Thursday (516 days)
    # urgency: Big Soon 300,000 / 151 = 1,986.75; Big Later 900,000 / 516 = 1,744.19;
    #          Small Soon 50,000 / 151 = 331.13; Gone has ended: last
    # all three upcoming: the nearer deadline first (Big Later's is 516 days off, walk-8),
    # then the urgency, most first, between the two of April 1, 2026
    stake = {"Small Soon": 50_000, "Big Later": 900_000, "Big Soon": 300_000, "Gone": 1e6}
    table = renewal_calendar(CONTRACTS, dollars_at_stake=stake, as_of=date(2025, 11, 1))
    assert table["payer"].tolist() == ["Big Soon", "Small Soon", "Big Later", "Gone"]
    # the urgency as shown, half-up to cents (300,000 / 151 = 1,986.7549..), that ranks
    assert table["urgency"].tolist()[:3] == [1986.75, 331.13, 1744.19]
    assert table["days_to_notice"].iloc[2] == (date(2027, 4, 1) - date(2025, 11, 1)).days
    assert table["status"].iloc[-1] == "contract ended"
    assert table["note"].iloc[-1].startswith("contract ended 2025-01-31 without renewal (as "
                                             "of 2025-11-01)")
    assert table["next_follow_up"].iloc[0] == date(2026, 2, 13)


def test_no_follow_up_left_says_when_to_decide():
    # 2026-06-30 ends, 90 days' notice: follow-ups 02-13, 03-02 and 03-16, decide by 03-18
    # (ten business days before the April 1 deadline). On 03-17 no follow-up is left: the
    # blank "next follow-up" is explained and the next step named.
    one = CONTRACTS[CONTRACTS["payer"] == "Small Soon"]
    on_16, on_17, on_19 = (renewal_calendar(one, as_of=date(2026, 3, day)).iloc[0]
                           for day in (16, 17, 19))
    assert on_16["next_follow_up"] == date(2026, 3, 16) and "decide by" not in on_16["note"]
    assert pd.isna(on_17["next_follow_up"])
    assert "no follow-up left; decide by 2026-03-18" in on_17["note"]
    assert "decide by" not in on_19["note"]  # past the decision date: the status says so


def _unfold(data: bytes) -> list[str]:
    # RFC 5545 section 3.1: a CRLF followed by one space or tab continues the line.
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return text.split("\r\n")


def test_ics_export_reads_back():
    t = renewal_timeline(date(2026, 6, 30), as_of=date(2025, 11, 1))
    events = timeline_events(t, "Acme, Inc; West", "PPO")
    data = calendar_bytes(events, stamp=STAMP)
    raw_lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in raw_lines)  # folded at 75 octets
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends only
    lines = _unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "DTSTART;VALUE=DATE:20260401" in lines  # notice deadline, an all-day event
    assert "DTEND;VALUE=DATE:20260402" in lines
    assert "SUMMARY:NOTICE DEADLINE: Acme\\, Inc\\; West PPO" in lines  # RFC 5545 escaping
    assert "TRIGGER:-P14D" in lines

    cal = icalendar.Calendar.from_ical(data)
    parsed = [(e.decoded("dtstart"), str(e.get("summary"))) for e in cal.walk("VEVENT")]
    # prepare, proposal, 3 follow-ups, decision, notice, end
    assert len(parsed) == 8
    assert (date(2026, 4, 1), "NOTICE DEADLINE: Acme, Inc; West PPO") in parsed
    assert (date(2026, 3, 2), "Follow up #2: Acme, Inc; West PPO") in parsed
    uids = [str(e.get("uid")) for e in cal.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    # the same contract exported again keeps its UIDs, so a re-import updates the events
    again = timeline_events(renewal_timeline(date(2026, 6, 30), as_of=date(2025, 12, 1)),
                            "Acme, Inc; West", "PPO")
    assert [e.uid for e in again][:2] == uids[:2]


def test_write_ics_is_atomic_and_reports_a_missing_folder(tmp_path):
    events = calendar_events(CONTRACTS, as_of=date(2025, 11, 1))
    path = write_ics(tmp_path / "renewals.ics", events, stamp=STAMP)
    # no temporary file left; beside it only RateCalc's record that it wrote it
    assert sorted(p.name for p in tmp_path.iterdir()) == [RECORD_FILE, "renewals.ics"]
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert len(list(cal.walk("VEVENT"))) == len(events)
    assert len(events) > 0 and not any("Gone" in e.summary for e in events)
    with pytest.raises(InputError, match="does not exist"):
        write_ics(tmp_path / "missing" / "x.ics", events)
