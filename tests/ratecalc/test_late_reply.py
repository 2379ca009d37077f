"""A payer's reply logged on the notice deadline's day, or after it, is said in words: what it
means for the contract (ratecalc.timeline.late_reply_words), on the Timeline's note.

By hand: a contract ending Tue 2026-06-30 with 90 days' notice has its notice deadline on
Wed 2026-04-01 (06-30 minus 90 days, a business day); it renews on 2026-07-01; a notice given
after the deadline waits out the renewed term, ending 2027-06-30. 2026-04-01 to 2026-06-30
is 90 days.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ratecalc.timeline import late_reply_words, renewal_calendar, renewal_timeline

END = date(2026, 6, 30)
DEADLINE = date(2026, 4, 1)
ON_TIME_TODAY = ("the payer's reply came on the notice deadline, 2026-04-01, today: there is "
                 "still time today to give 90 days' written notice, which must reach the payer "
                 "today and ends the contract on 2026-06-30; without it the contract renews on "
                 "its current terms on 2026-07-01, and the reply can then only amend their rates")
ON_DEADLINE_PASSED = ("the payer's reply came on the notice deadline, 2026-04-01: unless "
                      "notice reached the payer that day, the contract renews on its current "
                      "terms on 2026-07-01, and the reply can only amend their rates; notice "
                      "given now ends it on 2027-06-30")
DAY_AFTER = ("the payer's reply came 2026-04-02, 1 day after the notice deadline 2026-04-01: "
             "unless notice reached the payer by the deadline, the contract renews on its "
             "current terms on 2026-07-01, and the reply can only amend their rates; notice "
             "given now ends it on 2027-06-30")


@pytest.mark.parametrize(("received", "today", "words"), [
    (date(2026, 3, 31), DEADLINE, ""),                  # the day before: in time, nothing said
    (DEADLINE, DEADLINE, ON_TIME_TODAY),                # on the deadline, today
    (DEADLINE, date(2026, 4, 2), ON_DEADLINE_PASSED),   # on the deadline, seen the day after
    (date(2026, 4, 2), date(2026, 4, 2), DAY_AFTER),    # the day after the deadline
    (date(2026, 4, 2), DEADLINE, ""),                   # dated after today: not received yet
    (date(2025, 6, 30), DEADLINE, ""),                  # the previous term's: not this renewal
])
def test_an_auto_renewing_contracts_late_reply(received, today, words):
    t = renewal_timeline(END, auto_renew=True, as_of=today)
    assert t.notice_deadline == DEADLINE
    assert late_reply_words(t, received) == words


@pytest.mark.parametrize(("received", "today", "left"), [
    (DEADLINE, DEADLINE, "90 days"), (date(2026, 6, 29), date(2026, 6, 30), "0 days"),
    (date(2026, 6, 28), date(2026, 6, 29), "1 day"),  # one day left: "day", not "days"
])
def test_a_contract_that_does_not_renew_by_itself_still_has_time_until_its_end(received, today,
                                                                               left):
    t = renewal_timeline(END, as_of=today)
    words = late_reply_words(t, received)
    assert words.endswith(f": the contract does not renew by itself, so it ends on 2026-06-30 "
                          f"unless both sides renew it; there is still time to agree rates on "
                          f"the reply until then ({left})")
    assert late_reply_words(t, date(2026, 3, 31)) == ""


def test_the_timeline_note_says_it():
    contracts = pd.DataFrame({"payer": ["Alpha Health", "Beta Plan"], "product": ["PPO", ""],
                              "end_date": [END, END], "auto_renew": [True, True],
                              "notice_days": [90, 90]})
    replies = {"ALPHA HEALTH": (date(2026, 2, 20), DEADLINE), "Beta Plan": (date(2026, 3, 31),)}
    notes = renewal_calendar(contracts, as_of=DEADLINE, offers_received=replies
                             ).set_index("payer")["note"]
    assert notes["Alpha Health"].endswith(ON_TIME_TODAY)
    assert "reply" not in notes["Beta Plan"]


def test_a_reply_logged_for_a_later_day_is_not_the_latest_received():
    # the log's rows are the days received, oldest first; one dated after the as-of day has not
    # happened yet, so the latest received by then is the deadline's, and the note says it
    contracts = pd.DataFrame({"payer": ["Alpha Health"], "product": ["PPO"], "end_date": [END],
                              "auto_renew": [True], "notice_days": [90]})
    replies = {"Alpha Health": (DEADLINE, date(2026, 4, 6))}
    notes = renewal_calendar(contracts, as_of=DEADLINE, offers_received=replies
                             ).set_index("payer")["note"]
    assert notes["Alpha Health"].endswith(ON_TIME_TODAY)


def test_a_reply_of_an_earlier_term_after_this_terms_deadline_is_not_said():
    # monthly terms with 90 days' notice: the term ending 2026-06-30 began 2026-06-01, after
    # its own notice deadline (2026-04-01); a reply of 2026-05-15, after that deadline, answered
    # the earlier term (before term_start), so nothing is said of it; one of 06-01 is this term's
    t = renewal_timeline(END, auto_renew=True, renewal_term_months=1, as_of=date(2026, 6, 1))
    assert (t.term_start, t.notice_deadline) == (date(2026, 6, 1), DEADLINE)
    assert late_reply_words(t, date(2026, 5, 15)) == ""
    assert late_reply_words(t, date(2026, 6, 1)).startswith(
        "the payer's reply came 2026-06-01, 61 days after the notice deadline 2026-04-01: ")
