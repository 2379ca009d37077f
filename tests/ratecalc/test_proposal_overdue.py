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
    # sent early, before the planned preparation, still in this term (begun 2025-07-01): this
    # renewal's (it was flagged as an earlier renewal's: the rule was sent >= prepare_start)
    (date(2026, 2, 10), date(2025, 12, 30), ""),
    (date(2026, 2, 10), date(2025, 7, 1), ""),                      # the term's first day
    (date(2026, 2, 10), date(2025, 6, 30),                          # an earlier renewal's
     f"{DUE} (11 days ago), none logged"),
])
def test_a_due_proposal_without_a_sent_row_is_flagged(as_of, sent, note):
    t = renewal_timeline(END, as_of=as_of)
    found = proposal_overdue_note(t, sent)
    assert found == note


#: What follows "none logged" while the decision date has not passed (send_first_words)
SEND_NOW = ("send it now; follow-ups are dated from the day the log says it went; decide by "
            "2026-03-18")


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
    assert notes["Beta Plan"].endswith(f"{DUE} (11 days ago), none logged; {SEND_NOW}")


def test_a_proposal_sent_before_the_contract_began_is_not_its_renewals():
    """Alpha's contract began 2025-10-01 (a first term of nine months, to 2026-06-30): a
    proposal logged 2025-09-15 negotiated that contract, not its renewal, so the renewal's is
    still due; Beta's began 2025-01-01, so the same day is in its current term (begun
    2025-07-01), an early proposal for this renewal. (The letters pass the contract's
    effective date to renewal_timeline as the calendar does: ratecalc_letter.parts.)"""
    contracts = _contracts().assign(effective_date=[date(2025, 10, 1), date(2025, 1, 1)])
    sent = {"Alpha Health": (date(2025, 9, 15),), "Beta Plan": (date(2025, 9, 15),)}
    told = renewal_calendar(contracts, as_of=date(2026, 2, 10), proposals_sent=sent)
    notes = dict(zip(told["payer"], told["note"], strict=True))
    assert notes["Alpha Health"].endswith(f"{DUE} (11 days ago), none logged; {SEND_NOW}")
    assert "none logged" not in notes["Beta Plan"]
    t = renewal_timeline(END, as_of=date(2026, 2, 10), proposal_sent=date(2025, 9, 15),
                         effective_date=date(2025, 10, 1))
    assert (t.term_start, t.proposal_sent) == (date(2025, 10, 1), None)


@pytest.mark.parametrize(("sent", "kept"), [
    (date(2026, 11, 20), True),   # in the contract year running today (from 2026-01-01)
    (date(2026, 1, 1), True),
    (date(2025, 12, 31), False),  # the year before: an earlier review's
])
def test_a_term_longer_than_a_year_counts_the_year_running_today(sent, kept):
    """A contract ending 2027-12-31 looked at on 2026-12-05 (the demo's Keystone: effective
    2025-01-01, a term of three years): its last year begins 2027-01-01, after today, so a
    proposal logged 2026-11-20 (or an offer received then) was taken for an earlier
    renewal's, and the counter letter to Keystone refused the offer of 2026-12-01. The year
    counted is the one running today, begun 2026-01-01."""
    t = renewal_timeline(date(2027, 12, 31), as_of=date(2026, 12, 5), proposal_sent=sent,
                         effective_date=date(2025, 1, 1))
    assert t.term_start == date(2026, 1, 1)
    assert t.proposal_sent == (sent if kept else None)


@pytest.mark.parametrize(("end", "as_of"), [
    # 180 days' notice against 5 months' lead: the decision (2024-02-15) and the notice
    # deadline (2024-03-01) come before talks open (2024-03-29); found by the agreement hunt
    # (scripts/agreement_hunt.py --varied, seed 0), its note "proposal due 2024-03-29 (-29 days
    # ago)" beside the Timeline's Send proposal 2024-03-29, a month ahead
    (date(2024, 8, 29), date(2024, 2, 29)),
    (date(2026, 9, 30), date(2026, 3, 20)),  # decide now, talks open 2026-04-30
])
def test_a_proposal_not_due_yet_is_not_overdue_when_the_decision_comes_first(end, as_of):
    t = renewal_timeline(end, notice_days=180, as_of=as_of)
    assert t.status == "decide_now" and t.negotiation_start > as_of  # the case
    assert proposal_overdue_note(t, None) == ""
