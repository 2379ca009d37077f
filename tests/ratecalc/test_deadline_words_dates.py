"""``timeline.notice_deadline_words`` across a year end and Feb 29: once this term's notice
deadline has passed on an auto-renewing contract, the words name the renewed term's, a day
still ahead, in dates worked out here from the calendar alone.

The renewed term (12 months, the Renewal months' default) runs from the day after this term's
end to the day before that day's anniversary (a term begun on Feb 29 has its anniversary on
Mar 1); its deadline is the notice days before its end, moved back off a weekend (a federal
holiday moves it at most a few days more: it stays within 4 days of the plain subtraction).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.timeline import next_term_deadline, notice_deadline_words, renewal_timeline


def _renewed_end(end: date) -> date:
    start = end + timedelta(days=1)
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # begun on Feb 29: the next year has none
        anniversary = date(start.year + 1, 3, 1)
    return anniversary - timedelta(days=1)


@given(end=st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
       notice_days=st.integers(min_value=1, max_value=300), late=st.integers(1, 400))
@example(end=date(2027, 2, 28), notice_days=90, late=5)    # renewed term ends Feb 29, 2028
@example(end=date(2028, 2, 29), notice_days=60, late=1)    # and then Feb 28, 2029
@example(end=date(2026, 12, 31), notice_days=30, late=1)   # deadline and end across a year
@example(end=date(2027, 1, 31), notice_days=60, late=3)    # the words' doctest
def test_a_passed_deadline_names_the_renewed_terms(end: date, notice_days: int,
                                                   late: int) -> None:
    t0 = renewal_timeline(end, auto_renew=True, notice_days=notice_days, as_of=end)
    as_of = min(t0.notice_deadline + timedelta(days=late), end)
    t = renewal_timeline(end, auto_renew=True, notice_days=notice_days, as_of=as_of)
    deadline = t.notice_deadline
    following = next_term_deadline(t)
    words = notice_deadline_words(deadline, (deadline - as_of).days, following, notice_days)
    assert following is not None
    renewed_end, renewed_deadline = following
    assert renewed_end == _renewed_end(end)
    plain = renewed_end - timedelta(days=notice_days)
    assert renewed_deadline <= plain and (plain - renewed_deadline).days <= 4
    assert renewed_deadline.weekday() < 5
    assert renewed_deadline > as_of  # a deadline the clinic can still meet
    assert words == (f"notice deadline {deadline.isoformat()} passed; the renewed term's notice "
                     f"deadline is {renewed_deadline.isoformat()} ({notice_days} days before "
                     f"it ends {renewed_end.isoformat()})")


@given(end=st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
       notice_days=st.integers(min_value=1, max_value=300), early=st.integers(0, 400))
def test_a_deadline_ahead_is_named_alone(end: date, notice_days: int, early: int) -> None:
    t0 = renewal_timeline(end, auto_renew=True, notice_days=notice_days, as_of=end)
    as_of = t0.notice_deadline - timedelta(days=early)
    t = renewal_timeline(end, auto_renew=True, notice_days=notice_days, as_of=as_of)
    assert next_term_deadline(t) is None
    assert notice_deadline_words(t.notice_deadline, early, None, notice_days) == (
        f"notice deadline {t.notice_deadline.isoformat()}")
