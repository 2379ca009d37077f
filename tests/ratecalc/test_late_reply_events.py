"""The .ics's late-reply sentence (ratecalc.timeline.calendar_events) at both notice-deadline
events of an auto-renewing contract whose deadline passed, and only for the offer the Timeline
counts: the latest logged by the as-of day, not one dated after it.

By hand: the demo's Pioneer Medicare Advantage ends Thu 2026-12-31, renews by itself, 90 days'
notice: the notice deadline is Fri 2026-10-02; the renewed term ends 2027-12-31.
"""

from __future__ import annotations

from datetime import date

from ratecalc.demo import demo_data
from ratecalc.timeline import calendar_events

PIONEER = "Pioneer Medicare Advantage"
DEADLINE = date(2026, 10, 2)


def _pioneer_notice_events(as_of: date, offers: tuple[date, ...]) -> dict[str, str]:
    data = demo_data()
    s = data.settings
    events = calendar_events(data.contracts, as_of=as_of, lead_months=s.lead_months,
                             follow_up_business_days=s.follow_up_business_days,
                             notice_days=s.notice_days, offers_received={PIONEER: offers})
    return {e.summary: e.description for e in events
            if e.summary.startswith("NOTICE DEADLINE") and e.summary.endswith(PIONEER)}


def test_a_reply_after_a_passed_deadline_is_said_at_the_renewed_terms_deadline_too() -> None:
    # replied Mon 2026-10-05, three days after the deadline; told on Tue 2026-10-06
    events = _pioneer_notice_events(date(2026, 10, 6), (date(2026, 10, 5),))
    said = "The payer's reply came 2026-10-05, 3 days after the notice deadline 2026-10-02"
    assert set(events) == {f"NOTICE DEADLINE: {PIONEER}",
                           f"NOTICE DEADLINE (renewed term): {PIONEER}"}
    assert all(said in description for description in events.values()), events


def test_an_offer_dated_after_the_as_of_day_does_not_hide_the_one_on_the_deadline() -> None:
    # told on the deadline: the offer logged for 2026-10-09 has not come yet
    events = _pioneer_notice_events(DEADLINE, (DEADLINE, date(2026, 10, 9)))
    assert "The payer's reply came on the notice deadline, 2026-10-02, today" \
        in events[f"NOTICE DEADLINE: {PIONEER}"]
