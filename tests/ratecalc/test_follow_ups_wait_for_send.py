"""No follow-up is dated from a send that did not happen: where a Negotiation Log is kept and
shows no proposal sent for this term, every output of the Timeline (its table, the sheet's
and the CSV's "Next follow-up" and note, the .ics, ``timeline --json``) waits for the send and
says to send it (ratecalc.timeline.follow_ups_wait_for_send, send_first_words)."""

from __future__ import annotations

import json
from datetime import date

import icalendar
import pandas as pd
import pytest

from ratecalc.timeline import (
    calendar_events,
    renewal_calendar,
    renewal_timeline,
    send_first_words,
)
from ratecalc_cli.main import ExitCode, main

END = date(2026, 6, 30)  # 90 days' notice: deadline Wed 2026-04-01, decide by Wed 2026-03-18
# talks open Fri 2026-01-30 (the planned send); preparation starts Wed 2025-12-31
CONTRACTS = pd.DataFrame({"payer": ["Alpha Health", "Beta Plan"], "product": ["PPO", ""],
                          "end_date": [END, END], "auto_renew": [False, False],
                          "notice_days": [90, 90]})


@pytest.mark.parametrize("today", [date(2026, 1, 5), date(2026, 1, 30), date(2026, 2, 13),
                                   date(2026, 3, 17)])
def test_a_kept_log_without_a_send_dates_no_follow_up(today):
    t = renewal_timeline(END, as_of=today, log_kept=True)
    assert t.follow_ups == ()
    # the log shows the send: counted from that day, as before (10 business days on)
    sent = renewal_timeline(END, as_of=today, log_kept=True, proposal_sent=date(2026, 1, 2))
    assert sent.follow_ups[0] == date(2026, 1, 16)


def test_without_a_log_the_follow_ups_are_the_plans():
    # one contract's dates (``timeline --end``), nothing known of the send: the plan's
    t = renewal_timeline(END, as_of=date(2026, 1, 5))
    assert t.follow_ups == (date(2026, 2, 13), date(2026, 3, 2), date(2026, 3, 16))


def test_the_send_is_said_from_the_day_preparation_starts():
    # before preparation starts (Wed 2025-12-31) the "Send proposal" date is the plan, nothing
    # is due: no words; from that day on, the step is to send it by the planned Fri 2026-01-30
    before = renewal_timeline(END, as_of=date(2025, 12, 30), log_kept=True)
    assert before.prepare_start == date(2025, 12, 31)
    assert send_first_words(before) == ""
    first_day = renewal_timeline(END, as_of=date(2025, 12, 31), log_kept=True)
    assert send_first_words(first_day) == ("send the proposal by 2026-01-30; follow-ups are "
                                           "dated from the day the log says it went")



def test_a_calendar_without_a_log_dates_the_plans_follow_ups():
    # a folder of tables keeps no log (proposals_sent None): nothing is known of the send, so
    # the calendar dates the plan's follow-ups (from the planned Fri 2026-01-30: 02-13 next)
    # and says nothing of sending it
    table = renewal_calendar(CONTRACTS, as_of=date(2026, 2, 2)).set_index("payer")
    for payer in ("Alpha Health", "Beta Plan"):
        assert pd.Timestamp(table.loc[payer, "next_follow_up"]) == pd.Timestamp(2026, 2, 13)
        assert "send" not in table.loc[payer, "note"]

@pytest.mark.parametrize(("today", "alpha_note"), [
    # preparing: the step is to send it by the planned day
    (date(2026, 1, 5), "send the proposal by 2026-01-30; follow-ups are dated from the day "
                       "the log says it went"),
    # due and not sent: when it was due, then what to do (no "no follow-up left")
    (date(2026, 2, 13), "proposal due 2026-01-30 (14 days ago), none logged; send it now; "
                        "follow-ups are dated from the day the log says it went; decide by "
                        "2026-03-18"),
    (date(2026, 3, 18), "notice deadline 2026-04-01 is in 14 days; proposal due 2026-01-30 "
                        "(47 days ago), none logged; send it now; follow-ups are dated from "
                        "the day the log says it went; decide by 2026-03-18"),
])
def test_the_calendar_says_to_send_it_and_dates_no_follow_up(today, alpha_note):
    sent = {"Beta Plan": (date(2026, 1, 2),)}  # sent early: counted from it
    table = renewal_calendar(CONTRACTS, as_of=today, proposals_sent=sent).set_index("payer")
    assert pd.isna(table.loc["Alpha Health", "next_follow_up"])
    assert table.loc["Alpha Health", "note"] == alpha_note
    assert "send" not in table.loc["Beta Plan", "note"]
    events = calendar_events(CONTRACTS, as_of=today, proposals_sent=sent)
    alpha = [e for e in events if e.summary.endswith("Alpha Health PPO")]
    assert not [e for e in alpha if e.summary.startswith("Follow up")]
    send = next(e for e in alpha if e.summary.startswith("Send rate proposal"))
    assert send.day == date(2026, 1, 30)
    assert "Not logged as sent yet" in send.description
    beta = [e.day for e in events if e.summary.startswith("Follow up") and "Beta" in e.summary]
    # from Fri 01-02 every 10 business days (MLK Day 01-19, Presidents' Day 02-16 skipped)
    assert beta == [date(2026, 1, 16), date(2026, 2, 2), date(2026, 2, 17), date(2026, 3, 3),
                    date(2026, 3, 17)]


def test_timeline_of_the_demo_dates_no_follow_up_of_a_proposal_not_sent(capsys, tmp_path):
    # the demo clinic's log is empty (no proposal sent): on 2025-12-01 two contracts are to
    # negotiate now; the calendar dated follow-ups from their planned sends
    ics = tmp_path / "all.ics"
    code = main(["timeline", "--demo", "--today", "2025-12-01", "--ics", str(ics), "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK, out
    rows = json.loads(out)["contracts"]
    assert all(r.get("next_follow_up") is None for r in rows)
    now = [r for r in rows if r["status"] == "negotiate now"]
    assert len(now) == 2 and all("send it now" in r["note"] for r in now)
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    summaries = [str(e.get("summary")) for e in cal.walk("VEVENT")]
    assert not [s for s in summaries if s.startswith("Follow up")]
    assert len([s for s in summaries if s.startswith("Send rate proposal")]) == len(rows)
