"""Timeline edges the earlier tests left open (issue 16: timeline's mutation survivors).

Dates counted by hand on the calendar, with the holidays of pandas' USFederalHolidayCalendar
(the module's documented calendar). The reference contract ends Tue 2026-06-30 with 90 days'
notice: deadline Wed 2026-04-01, decision Wed 2026-03-18, proposal Fri 2026-01-30, follow-ups
every 10 business days: Fri 2026-02-13, Mon 2026-03-02, Mon 2026-03-16 (see test_timeline.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.timeline import (
    business_day_offset,
    calendar_events,
    contract_timelines,
    renewal_calendar,
    renewal_timeline,
)

END = date(2026, 6, 30)
AS_OF = date(2025, 11, 1)


def test_follow_ups_stop_before_the_decision_date_and_count_holidays():
    # From the proposal, Fri Jan 30, to the decision, Wed Mar 18: Jan 30, 19 days of February
    # (20 weekdays less Presidents' Day, Mon Feb 16) and Mar 2-17 (12): 32 business days.
    # Every 8: +8 Wed Feb 11, +16 Tue Feb 24 (Feb 16 skipped), +24 Fri Mar 6; +32 would be the
    # decision day itself, which is no follow-up.
    t = renewal_timeline(END, follow_up_business_days=8, as_of=AS_OF)
    assert t.decision_date == date(2026, 3, 18)
    assert t.follow_ups == (date(2026, 2, 11), date(2026, 2, 24), date(2026, 3, 6))


def test_business_days_counted_across_more_than_a_year():
    # Forward from Mon 2025-12-29: Dec 30 (+1), Dec 31 (+2); 2026 has 261 weekdays, 11 of them
    # holidays: 250 business days, +3 to +252. 2027: Jan 1 is a holiday; Jan 4-8 are +253 to
    # +257, Jan 11-15 +258 to +262, Mon Jan 18 is MLK Day, Jan 19-22 +263 to +266, Jan 25-28
    # +267 to +270.
    assert business_day_offset(date(2025, 12, 29), 270) == date(2027, 1, 28)
    # Back from Mon 2026-01-05: Fri Jan 2 (-1; Jan 1 is a holiday); 2025's 250 business days
    # (261 weekdays, 11 holidays) are -2 to -251; then 2024: Tue Dec 31 -252, Mon Dec 30 -253,
    # Fri Dec 27 -254, Thu Dec 26 -255 (Wed Dec 25 is Christmas), Dec 24, 23 -256, -257,
    # Dec 20-16 -258 to -262, Dec 13-9 -263 to -267, Fri Dec 6 -268, Thu Dec 5 -269, Wed Dec 4.
    assert business_day_offset(date(2026, 1, 5), -270) == date(2024, 12, 4)
    # The same count through a contract: a decision 270 business days before the deadline
    t = renewal_timeline(date(2026, 4, 5), notice_days=90, decision_business_days=270,
                         as_of=date(2024, 1, 2))
    # 2026-04-05 - 90 days (31 to Mar 5, 28 to Feb 5, 31 to Jan 5) = Mon 2026-01-05
    assert t.notice_deadline == date(2026, 1, 5)
    assert t.decision_date == date(2024, 12, 4)


def test_a_datetime_is_taken_as_its_day():
    # July 4, 2025 is a Friday holiday: the next business day after Thu Jul 3 is Mon Jul 7,
    # whatever the time of day
    assert business_day_offset(datetime(2025, 7, 3, 17, 30), 1) == date(2025, 7, 7)
    # An Excel date cell read by openpyxl or xlwings is a datetime: the same timeline as the date
    # (it raised "can't compare datetime.datetime to datetime.date")
    by_datetime = renewal_timeline(datetime(2026, 6, 30, 0, 0), as_of=datetime(2025, 11, 1, 9))
    assert by_datetime == renewal_timeline(END, as_of=AS_OF)
    contracts = pd.DataFrame({"payer": ["Acme"], "end_date": [datetime(2026, 6, 30)]},
                             dtype=object)
    (row,) = contract_timelines(contracts, as_of=AS_OF)
    assert row.problem == "" and row.end_date == END
    assert row.timeline == renewal_timeline(END, as_of=AS_OF)


def test_calendar_events_pass_every_setting_on():
    # 3 months' lead: Mon 2026-03-30; 30 days' preparation before it: Sat Feb 28 -> Fri Feb 27;
    # 60 days' notice: Fri 2026-05-01; 10 business days before: Fri Apr 17; follow-ups every 5
    # business days after Mar 30: Apr 6, Apr 13 (Apr 20 is after the decision)
    contracts = pd.DataFrame({"payer": ["Acme"], "product": [""], "end_date": [END],
                              "auto_renew": [False], "notice_days": [None]})
    events = calendar_events(contracts, as_of=AS_OF, lead_months=3, follow_up_business_days=5,
                             notice_days=60)
    assert [(e.day, e.summary) for e in events] == [
        (date(2026, 2, 27), "Prepare renewal: Acme"),
        (date(2026, 3, 30), "Send rate proposal: Acme"),
        (date(2026, 4, 6), "Follow up #1: Acme"),
        (date(2026, 4, 13), "Follow up #2: Acme"),
        (date(2026, 4, 17), "Decide: accept, counter or give notice: Acme"),
        (date(2026, 5, 1), "NOTICE DEADLINE: Acme"),
        (END, "Contract ends: Acme"),
    ]


def test_an_auto_renewing_contract_row_rolls_forward():
    contracts = pd.DataFrame({"payer": ["Acme"], "product": ["PPO"],
                              "end_date": [date(2025, 6, 30)], "auto_renew": [True],
                              "notice_days": [90]})
    (row,) = contract_timelines(contracts, as_of=AS_OF)
    assert row.problem == "" and row.timeline is not None
    assert (row.end_date, row.timeline.given_end_date) == (END, date(2025, 6, 30))


def test_auto_renewal_rolls_one_term_or_none_when_the_term_ends_today():
    # ended 2025-06-30, as of 2025-11-01: one 12-month term on, 2026-06-30 (not two)
    one = renewal_timeline(date(2025, 6, 30), auto_renew=True, as_of=AS_OF)
    assert one.end_date == END
    # as of 2026-06-30 the rolled term ends that very day: it is current, no further roll
    today = renewal_timeline(date(2025, 6, 30), auto_renew=True, as_of=END)
    assert today.end_date == END
    # three terms of 12 months from 2022-06-30: 2023, 2024, 2025 have passed, 2026 has not
    three = renewal_timeline(date(2022, 6, 30), auto_renew=True, as_of=AS_OF)
    assert three.end_date == END


def test_the_next_follow_up_on_a_follow_up_day_is_that_day():
    contracts = pd.DataFrame({"payer": ["Acme"], "product": [""], "end_date": [END],
                              "auto_renew": [False], "notice_days": [90]})
    on_the_day = renewal_calendar(contracts, as_of=date(2026, 2, 13))
    assert on_the_day["next_follow_up"].tolist() == [date(2026, 2, 13)]
    day_after = renewal_calendar(contracts, as_of=date(2026, 2, 14))
    assert day_after["next_follow_up"].tolist() == [date(2026, 3, 2)]


def test_two_warnings_are_joined_in_the_calendar_note():
    # auto-renewed from 2025-06-30 to 2026-06-30; as of 2026-03-20 the deadline (Apr 1) is 12
    # days away: the near-deadline note first, then the roll
    contracts = pd.DataFrame({"payer": ["Acme"], "product": [""],
                              "end_date": [date(2025, 6, 30)], "auto_renew": [True],
                              "notice_days": [90]})
    table = renewal_calendar(contracts, as_of=date(2026, 3, 20))
    assert table["note"].tolist() == [
        "notice deadline 2026-04-01 is in 12 days; the given end date 2025-06-30 has passed; "
        "the auto-renewed term ends 2026-06-30"]


def test_no_follow_ups_at_zero_business_days_in_words():
    with pytest.raises(InputError, match=r"^follow_up_business_days: expected a whole number "
                                         r"of business days from 1 to 260, got 0$"):
        renewal_timeline(END, follow_up_business_days=0, as_of=AS_OF)


def test_talks_opening_on_the_decision_day_are_too_late():
    # 3 months' lead: Mon 2026-03-30. 78 days' notice: 2026-06-30 - 78 days = Mon Apr 13;
    # 10 business days before it (Apr 10, 9, 8, 7, 6, 3, 2, 1, Mar 31, 30): Mon Mar 30, the
    # proposal day itself: no time to negotiate, so warned
    t = renewal_timeline(END, notice_days=78, lead_months=3, as_of=AS_OF)
    assert t.negotiation_start == t.decision_date == date(2026, 3, 30)
    assert t.follow_ups == ()
    assert t.warnings == ("talks open on 2026-03-30, after the decision date 2026-03-30: 3 "
                          "months of lead time is too short for 78 days' notice",)


def test_as_of_defaults_to_today(told_today: date):
    t = renewal_timeline(told_today + timedelta(days=400))
    assert t.as_of == told_today  # the product's clock's day, set by told_today
