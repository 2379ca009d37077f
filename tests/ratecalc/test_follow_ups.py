"""Follow-ups are counted from the day the proposal was sent, when the Negotiation Log says so
(ratecalc.timeline.renewal_timeline's ``proposal_sent``), on every output that shows them."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ratecalc.timeline import calendar_events, renewal_calendar, renewal_timeline

END = date(2026, 6, 30)  # 90 days' notice: deadline Wed 2026-04-01, decide by Wed 2026-03-18
TODAY = date(2026, 3, 17)


@pytest.mark.parametrize(("sent", "follow_ups"), [
    # talks open Fri 2026-01-30; every 10 business days (Presidents' Day, Mon 02-16, skipped)
    (None, (date(2026, 2, 13), date(2026, 3, 2), date(2026, 3, 16))),
    # sent late, Fri 2026-02-20: 10 business days on is Fri 03-06; 10 more, 03-20, is after
    # the decision date
    (date(2026, 2, 20), (date(2026, 3, 6),)),
    # sent Tue 2026-03-03: one follow-up, Tue 03-17, the day before the decision
    (date(2026, 3, 3), (date(2026, 3, 17),)),
    # sent early, Mon 2025-12-01, before the planned preparation (Wed 2025-12-31) but in this
    # term (begun 2025-07-01): this renewal's, counted from it (Christmas, New Year's Day, MLK
    # Day and Presidents' Day skipped); it was taken for an earlier renewal's
    (date(2025, 12, 1), (date(2025, 12, 15), date(2025, 12, 30), date(2026, 1, 14),
                         date(2026, 1, 29), date(2026, 2, 12), date(2026, 2, 27),
                         date(2026, 3, 13))),
    # sent on the previous term's last day: an earlier renewal's
    (date(2025, 6, 30), (date(2026, 2, 13), date(2026, 3, 2), date(2026, 3, 16))),
    (date(2025, 12, 31), (date(2026, 1, 15), date(2026, 1, 30), date(2026, 2, 13),
                          date(2026, 3, 2), date(2026, 3, 16))),
])
def test_follow_ups_are_counted_from_the_day_the_proposal_was_sent(sent, follow_ups):
    t = renewal_timeline(END, as_of=TODAY, proposal_sent=sent)
    assert t.decision_date == date(2026, 3, 18)
    assert t.follow_ups == follow_ups


def test_every_output_of_the_calendar_counts_from_the_sent_day():
    # the reviewer's case: talks open, the log says the proposal went out; the calendar said
    # "no follow-up left" from the planned day when one is due today from the day it was sent
    contracts = pd.DataFrame({"payer": ["Alpha Health", "Beta Plan"], "product": ["PPO", ""],
                              "end_date": [END, END], "auto_renew": [False, False],
                              "notice_days": [90, 90]})
    sent = {"ALPHA HEALTH": (date(2026, 3, 3),), "Beta Plan": (date(2026, 1, 30),)}
    table = renewal_calendar(contracts, as_of=TODAY, proposals_sent=sent).set_index("payer")
    assert table.loc["Alpha Health", "next_follow_up"] == date(2026, 3, 17)
    assert "no follow-up left" not in table.loc["Alpha Health", "note"]
    assert pd.isna(table.loc["Beta Plan", "next_follow_up"])
    assert table.loc["Beta Plan", "note"] == ("notice deadline 2026-04-01 is in 15 days; no "
                                              "follow-up left; decide by 2026-03-18")
    events = calendar_events(contracts, as_of=TODAY, proposals_sent=sent)
    follow_ups = {(e.summary, e.day) for e in events if e.summary.startswith("Follow up")}
    assert follow_ups == {("Follow up #1: Alpha Health PPO", date(2026, 3, 17)),
                          ("Follow up #1: Beta Plan", date(2026, 2, 13)),
                          ("Follow up #2: Beta Plan", date(2026, 3, 2)),
                          ("Follow up #3: Beta Plan", date(2026, 3, 16))}
