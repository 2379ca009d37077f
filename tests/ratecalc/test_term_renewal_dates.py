"""An auto-renewing contract's renewed terms: each ends the day before its start's anniversary.

Found by a review (2026-12-04): the end date itself was rolled forward by 12 months at a time,
so a term ending 2025-02-28 renewed to end 2028-02-28, and `timeline` said on 2027-12-01, the
real notice deadline (90 days before 2028-02-29), that the deadline had passed the day before.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.timeline import (
    current_term_end,
    next_term_start,
    renewal_timeline,
    termination_effective_date,
)


@pytest.mark.parametrize(("end", "as_of", "renewed"), [
    # a March-to-February term: the third renewal ends on the leap day
    (date(2025, 2, 28), date(2027, 12, 1), date(2028, 2, 29)),
    # a term begun on a leap day ends, a year on, on February 28th
    (date(2024, 2, 28), date(2024, 3, 1), date(2025, 2, 28)),
    # a March-to-February term through a leap year and out of it
    (date(2024, 2, 29), date(2024, 3, 15), date(2025, 2, 28)),
    (date(2024, 2, 29), date(2027, 3, 1), date(2028, 2, 29)),
    # the common case, unchanged
    (date(2026, 6, 30), date(2027, 1, 1), date(2027, 6, 30)),
    (date(2026, 12, 31), date(2029, 6, 1), date(2029, 12, 31)),
])
def test_a_renewed_term_ends_the_day_before_its_anniversary(end, as_of, renewed):
    assert current_term_end(end, True, as_of) == renewed


def test_the_notice_deadline_of_a_renewed_leap_year_term_is_not_passed_on_its_day():
    t = renewal_timeline(date(2025, 2, 28), auto_renew=True, as_of=date(2027, 12, 1))
    # 90 days before Tue 2028-02-29: Wed 2027-12-01, today
    assert (t.end_date, t.notice_deadline, t.days_to_notice) == (
        date(2028, 2, 29), date(2027, 12, 1), 0)


def test_notice_after_the_deadline_ends_the_renewed_term_on_the_leap_day():
    # exit-impact --end 2027-02-28 --auto-renew --as-of 2027-01-15: the deadline (2026-11-30)
    # has passed, so the contract renews once and notice takes effect at that term's end
    t = renewal_timeline(date(2027, 2, 28), auto_renew=True, as_of=date(2027, 1, 15))
    effective, warnings = termination_effective_date(t, date(2027, 1, 15))
    assert effective == date(2028, 2, 29)
    assert "2028-02-29" in warnings[0]


def _anniversary(start: date, year: int) -> date:
    """``start``'s day in ``year``; a February 29th in a common year is March 1st."""
    if (start.month, start.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return start.replace(year=year)


#: Any day, and often the ends of February, where rolling a date by years goes wrong.
END_DATES = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
    st.integers(min_value=1990, max_value=2150).map(lambda year: date(year, 2, 28)),
    st.integers(min_value=1990, max_value=2150).filter(calendar.isleap).map(
        lambda year: date(year, 2, 29)))


@given(END_DATES, st.integers(min_value=1, max_value=40 * 366))
def test_each_renewed_term_is_a_whole_year_from_the_first_renewal(end: date, later: int):
    as_of = end + timedelta(days=later)
    renewed = current_term_end(end, True, as_of)
    assert renewed is not None and renewed >= as_of
    start = next_term_start(end)
    years = next_term_start(renewed).year - start.year
    # the term in force ends the day before an anniversary of the first renewed term's start...
    assert next_term_start(renewed) == _anniversary(start, start.year + years)
    # ...and it is the first such end on or after as_of
    assert _anniversary(start, start.year + years - 1) - timedelta(days=1) < as_of


def test_a_contracts_own_renewal_term_is_the_term_every_rule_counts() -> None:
    """A contract renewing for 36 months (the Renewal months column): written end 2024-06-30,
    as of 2025-12-01 it is in the term 2024-07-01 to 2027-06-30. Its first day is what a
    proposal sent is judged by: one sent 2025-03-01 answers this renewal (by a 12-month term,
    begun 2025-07-01, it answered the last one), and a notice sent after the deadline waits
    out the next 36 months, to 2030-06-30."""
    from ratecalc.timeline import (
        contract_renewal_months,
        current_term_start,
        proposal_sent_this_term,
    )

    contract = {"end_date": date(2024, 6, 30), "auto_renew": True, "renewal_months": 36}
    months = contract_renewal_months(contract)
    assert months == 36 and contract_renewal_months({"renewal_months": None}) == 12
    t = renewal_timeline(date(2024, 6, 30), auto_renew=True, as_of=date(2025, 12, 1),
                         renewal_term_months=months)
    assert (t.term_start, t.end_date, t.notice_deadline) == (
        date(2024, 7, 1), date(2027, 6, 30), date(2027, 4, 1))
    assert current_term_start(date(2027, 6, 30), 36) == date(2024, 7, 1)
    assert proposal_sent_this_term(t, date(2025, 3, 1)) == date(2025, 3, 1)
    assert termination_effective_date(t, date(2027, 4, 2))[0] == date(2030, 6, 30)
    # the timeline's own term, unless another is asked for
    assert termination_effective_date(t, date(2027, 4, 2), 12)[0] == date(2028, 6, 30)


def test_a_proposal_sent_on_the_day_a_rolled_term_began_is_this_terms():
    # a 6-month term first renewed on 2025-08-31 was said to begin 2025-09-01 (counted back
    # from its renewal day, 2026-03-01), so a proposal sent on its first day was the previous
    # renewal's and the timeline said none was sent
    t = renewal_timeline(date(2025, 8, 30), auto_renew=True, renewal_term_months=6,
                         as_of=date(2025, 12, 1), proposal_sent=date(2025, 8, 31))
    assert t.end_date == date(2026, 2, 28)
    assert (t.term_start, t.proposal_sent) == (date(2025, 8, 31), date(2025, 8, 31))
    # the same across a leap day at the default 12 months: the term began on 2024-02-29
    t = renewal_timeline(date(2024, 2, 28), auto_renew=True, as_of=date(2024, 12, 1),
                         proposal_sent=date(2024, 2, 29))
    assert (t.end_date, t.term_start) == (date(2025, 2, 28), date(2024, 2, 29))
    assert t.proposal_sent == date(2024, 2, 29)


@given(END_DATES, st.integers(min_value=1, max_value=120),
       st.integers(min_value=1, max_value=20 * 366))
@example(date(2025, 8, 30), 6, 93)  # a term begun on the 31st, rolled once
@example(date(2024, 2, 28), 12, 277)  # a term begun on a leap day
@example(date(2023, 1, 30), 1, 400)  # monthly terms begun on the 31st
def test_a_rolled_terms_first_day_is_the_day_after_the_term_before_it_ended(
        end: date, months: int, later: int):
    as_of = end + timedelta(days=later)
    t = renewal_timeline(end, auto_renew=True, renewal_term_months=months, as_of=as_of)
    # its first day is in this term, the day before it in the one before
    assert current_term_end(end, True, t.term_start, months) == t.end_date
    assert t.term_start > end
    before = t.term_start - timedelta(days=1)
    assert current_term_end(end, True, before, months) == before
