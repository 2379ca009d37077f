"""A Negotiation Log row dated after the day an output is made for has not happened on that day
(ratecalc.negotiation_log): the latest "sent" row on or before it is the proposal sent.

The reference contract of tests/ratecalc/test_follow_ups.py ends Tue 2026-06-30 with 90 days'
notice: preparation from Wed 2025-12-31, talks open Fri 2026-01-30, decide by Wed 2026-03-18
(counted by hand there). Every day below is derived from ``today``, the analysis date.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.negotiation_log import happened_by, proposal_sent_as_of, sent_days
from ratecalc.timeline import (
    calendar_events,
    proposal_overdue_note,
    renewal_calendar,
    renewal_timeline,
)

END = date(2026, 6, 30)
TODAY = date(2026, 2, 10)  # talks open; 11 days after the proposal was due


def _contracts() -> pd.DataFrame:
    return pd.DataFrame({"payer": ["Alpha Health"], "product": ["PPO"], "end_date": [END],
                         "auto_renew": [False], "notice_days": [90]})


@pytest.mark.parametrize(("today", "ahead"), [(TODAY, 1), (TODAY, 20), (date(2026, 3, 3), 1)])
def test_a_sent_day_after_today_counts_no_follow_up_from_it(today: date, ahead: int):
    # Found by a review: a "sent" row dated ahead moved every follow-up to after it, and
    # the "no proposal sent" note went, while the letters said none was sent.
    planned = renewal_timeline(END, as_of=today)
    t = renewal_timeline(END, as_of=today, proposal_sent=today + timedelta(days=ahead))
    assert t.follow_ups == planned.follow_ups
    assert t.proposal_sent is None
    assert proposal_overdue_note(t, today + timedelta(days=ahead)) == proposal_overdue_note(
        planned, None) != ""


@pytest.mark.parametrize(("days", "expected"), [
    ((), None),
    ((TODAY,), TODAY),                                           # sent today: it has happened
    ((TODAY + timedelta(days=1),), None),                        # tomorrow: not yet
    ((TODAY - timedelta(days=9), TODAY + timedelta(days=30)),    # a resend planned ahead
     TODAY - timedelta(days=9)),
    ((TODAY - timedelta(days=9), TODAY - timedelta(days=2)), TODAY - timedelta(days=2)),
])
def test_the_proposal_sent_is_the_latest_sent_row_on_or_before_today(days, expected):
    assert proposal_sent_as_of({"Alpha Health": days}, "Alpha Health", TODAY) == expected


def test_the_calendar_counts_from_the_latest_row_by_today_not_the_latest_row():
    # Sent Mon 2026-02-02 (TODAY - 8), a resend planned Fri 2026-02-20 (TODAY + 10). From
    # 02-02: 10 business days on, Presidents' Day (Mon 02-16) skipped, is Tue 02-17; 10 more,
    # Tue 03-03; 10 more, Tue 03-17, the day before the decision. From 02-20 (counted before
    # the fix) the first would have been Fri 03-06.
    sent = {"ALPHA HEALTH": (TODAY - timedelta(days=8), TODAY + timedelta(days=10))}
    table = renewal_calendar(_contracts(), as_of=TODAY, proposals_sent=sent).set_index("payer")
    assert table.loc["Alpha Health", "next_follow_up"] == date(2026, 2, 17)
    assert "no proposal" not in table.loc["Alpha Health", "note"]
    follow_ups = [e.day for e in calendar_events(_contracts(), as_of=TODAY,
                                                 proposals_sent=sent)
                  if e.summary.startswith("Follow up")]
    assert follow_ups == [date(2026, 2, 17), date(2026, 3, 3), date(2026, 3, 17)]


def test_a_log_whose_only_sent_row_is_ahead_says_the_proposal_is_overdue():
    sent = {"Alpha Health": (TODAY + timedelta(days=10),)}
    table = renewal_calendar(_contracts(), as_of=TODAY, proposals_sent=sent).set_index("payer")
    assert table.loc["Alpha Health", "note"] == ("proposal due 2026-01-30 (11 days ago), "
                                                 "none logged; send it now; follow-ups are "
                                                 "dated from the day the log says it went; "
                                                 "decide by 2026-03-18")
    # no follow-up of a proposal not sent by today (follow_ups_wait_for_send): the planned
    # ones from Fri 01-30 (Fri 02-13, ...) chased a proposal the payer never had
    assert pd.isna(table.loc["Alpha Health", "next_follow_up"])


def test_rows_naming_the_payer_in_other_capitals_are_one_payers():
    # "Alpha Health" 01-20, "ALPHA HEALTH" 01-27, "alpha health " 02-03: the latest is 02-03,
    # whichever spelling was written first (folding the names kept the last spelling's day)
    logged = {"Alpha Health": (date(2026, 1, 20), date(2026, 2, 3)),
              "ALPHA HEALTH": (date(2026, 1, 27),)}
    assert sent_days(logged, "alpha health ") == (date(2026, 1, 20), date(2026, 1, 27),
                                                   date(2026, 2, 3))
    assert proposal_sent_as_of(logged, "Alpha Health", TODAY) == date(2026, 2, 3)


sent_day = st.dates(min_value=date(2025, 9, 1), max_value=date(2026, 6, 30))


@given(days=st.lists(sent_day, max_size=6), today=sent_day)
def test_rows_dated_after_today_change_no_output(days: list[date], today: date):
    """Adding or dropping rows dated after ``today`` changes neither the calendar nor its
    events; what counts is the latest row on or before it."""
    past = tuple(d for d in days if happened_by(d, today))
    assert proposal_sent_as_of({"Alpha Health": tuple(days)}, "Alpha Health", today) == (
        max(past) if past else None)
    full = renewal_calendar(_contracts(), as_of=today,
                            proposals_sent={"Alpha Health": tuple(days)})
    cut = renewal_calendar(_contracts(), as_of=today, proposals_sent={"Alpha Health": past})
    pd.testing.assert_frame_equal(full, cut)
    assert calendar_events(_contracts(), as_of=today,
                           proposals_sent={"Alpha Health": tuple(days)}) == calendar_events(
        _contracts(), as_of=today, proposals_sent={"Alpha Health": past})
