"""A proposal due and not sent is flagged (ratecalc.timeline.proposal_overdue_note).

The reference contract of tests/ratecalc/test_timeline_rules.py ends Tue 2026-06-30 with 90
days' notice: preparation from Wed 2025-12-31, proposal due Fri 2026-01-30, decision Wed
2026-03-18, notice deadline Wed 2026-04-01 (counted by hand there).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ratecalc.timeline import proposal_overdue_note, renewal_calendar, renewal_timeline

END = date(2026, 6, 30)
DUE = "proposal due 2026-01-30"


@pytest.mark.parametrize(("as_of", "sent", "note"), [
    (date(2026, 1, 29), None, ""),                                  # not due yet
    (date(2026, 1, 30), None, f"{DUE} (today), none logged"),
    (date(2026, 1, 31), None, f"{DUE} (1 day ago), none logged"),
    (date(2026, 3, 18), None, f"{DUE} (47 days ago), none logged"),  # decide now: still flagged
    (date(2026, 4, 2), None, ""),                                   # notice passed: another note
    (date(2026, 2, 10), date(2026, 2, 2), ""),                      # sent, late
    (date(2026, 2, 10), date(2025, 12, 31), ""),                    # sent as preparation began
    (date(2026, 2, 10), date(2025, 12, 30),                         # an earlier renewal's
     f"{DUE} (11 days ago), none logged"),
])
def test_a_due_proposal_without_a_sent_row_is_flagged(as_of, sent, note):
    t = renewal_timeline(END, as_of=as_of)
    found = proposal_overdue_note(t, sent)
    assert found == note


def _contracts() -> pd.DataFrame:
    return pd.DataFrame({"payer": ["Alpha Health", "Beta Plan"], "product": ["PPO", ""],
                         "end_date": [END, END], "auto_renew": [False, False],
                         "notice_days": [90, 90]})


def test_the_calendar_flags_only_what_the_log_tells():
    as_of = date(2026, 2, 10)
    unknown = renewal_calendar(_contracts(), as_of=as_of)  # no log: nothing is known
    assert not unknown["note"].str.contains("none logged").any()
    told = renewal_calendar(_contracts(), as_of=as_of,
                            proposals_sent={"ALPHA HEALTH": (date(2026, 2, 1),)})
    notes = dict(zip(told["payer"], told["note"], strict=True))
    assert "none logged" not in notes["Alpha Health"]  # any capitals
    assert notes["Beta Plan"].endswith(f"{DUE} (11 days ago), none logged")
