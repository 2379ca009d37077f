"""Timeline rules the hand-counted examples left open (found by the mutation run, issue #16).

Dates are counted by hand on the 2026 calendar. The reference contract ends Tue 2026-06-30 with
90 days' notice: deadline Wed 2026-04-01, decision Wed 2026-03-18 (10 business days before),
proposal Fri 2026-01-30 (5 months before the end), preparation Wed 2025-12-31 (30 days before
that); see tests/ratecalc/test_timeline.py for the counting.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.timeline import (
    NEAR_DEADLINE_DAYS,
    calendar_events,
    contract_label,
    contract_timelines,
    deadline_note,
    next_term_start,
    notice_deadline,
    renewal_calendar,
    renewal_timeline,
    status_words,
    timeline_events,
)

END = date(2026, 6, 30)
DEADLINE = date(2026, 4, 1)


@pytest.mark.parametrize(("as_of", "status"), [
    (date(2025, 12, 30), "upcoming"),
    (date(2025, 12, 31), "prepare_now"),      # preparation starts that day
    (date(2026, 1, 29), "prepare_now"),
    (date(2026, 1, 30), "negotiate_now"),     # proposal day
    (date(2026, 3, 17), "negotiate_now"),
    (date(2026, 3, 18), "decide_now"),        # decision day
    (date(2026, 4, 1), "decide_now"),         # the deadline itself: notice can still go out
    (date(2026, 4, 2), "notice_passed"),
    (date(2026, 6, 30), "notice_passed"),     # the last day of the term has not ended
])
def test_status_on_each_boundary(as_of, status):
    assert renewal_timeline(END, as_of=as_of).status == status


@pytest.mark.parametrize(("as_of", "note"), [
    (date(2026, 3, 1), ""),                                            # 31 days: not near
    (date(2026, 3, 2), "notice deadline 2026-04-01 is in 30 days"),
    (date(2026, 3, 31), "notice deadline 2026-04-01 is in 1 day"),
    (date(2026, 4, 1), "notice deadline 2026-04-01 is today"),
    (date(2026, 4, 2), "notice deadline 2026-04-01 passed 1 day ago; the contract ends on "
                       "2026-06-30 unless both sides renew it"),
    (date(2026, 4, 3), "notice deadline 2026-04-01 passed 2 days ago; the contract ends on "
                       "2026-06-30 unless both sides renew it"),
])
def test_deadline_note_counts_days(as_of, note):
    assert NEAR_DEADLINE_DAYS == 30
    assert deadline_note(DEADLINE, END, False, as_of) == note


def test_deadline_note_of_an_auto_renewing_contract():
    assert deadline_note(DEADLINE, END, True, date(2026, 4, 11)) == (
        "notice deadline 2026-04-01 passed 10 days ago; the contract renews on 2026-07-01 for "
        "another term: ask for a rate amendment")


def test_near_deadline_note_comes_first_among_the_warnings():
    # as of Mar 20: 12 days to the deadline; with 2 months' lead and 120 days' notice the talks
    # open after the decision date too
    t = renewal_timeline(END, as_of=date(2026, 3, 20))
    assert t.warnings == ("notice deadline 2026-04-01 is in 12 days",)
    assert t.days_to_notice == 12
    late = renewal_timeline(END, as_of=date(2026, 4, 3), auto_renew=True)
    assert late.warnings[0].startswith("notice deadline 2026-04-01 passed 2 days ago; the "
                                       "contract renews on 2026-07-01")
    assert late.days_to_notice == -2


def test_lead_time_warning_in_words():
    # 2 months' lead: Thu 2026-04-30; 120 days' notice: Mar 2 (Mon); decision 10 business
    # days before: Feb 16 is Presidents' Day, so Feb 13 (Fri)
    t = renewal_timeline(END, lead_months=2, notice_days=120, as_of=date(2025, 11, 1))
    assert (t.negotiation_start, t.notice_deadline, t.decision_date) == (
        date(2026, 4, 30), date(2026, 3, 2), date(2026, 2, 13))
    assert t.warnings == ("talks open on 2026-04-30, after the decision date 2026-02-13: 2 "
                          "months of lead time is too short for 120 days' notice",)
    # talks opening on the decision date itself are too late as well: Mar 18 is 3 months + ...
    # end 2026-06-18 - 3 months = Wed 2026-03-18; 90 days' notice: Fri 2026-03-20;
    # decision 10 business days before: Fri 2026-03-06 -> talks after it: warned
    same = renewal_timeline(date(2026, 6, 18), lead_months=3, as_of=date(2025, 11, 1))
    assert same.warnings and same.warnings[0].startswith("talks open on 2026-03-18")


def test_settings_shape_the_dates():
    # 3 months' lead: Mon 2026-03-30; 20 days' prep: Tue 2026-03-10; 60 days' notice:
    # Fri 2026-05-01; 5 business days before: Fri 2026-04-24; follow-ups every 5 business
    # days after Mar 30: Apr 6, Apr 13, Apr 20 (Apr 27 is after the decision)
    t = renewal_timeline(END, notice_days=60, lead_months=3, follow_up_business_days=5,
                         prep_days=20, decision_business_days=5, as_of=date(2025, 11, 1))
    assert (t.negotiation_start, t.prepare_start, t.notice_deadline, t.decision_date) == (
        date(2026, 3, 30), date(2026, 3, 10), date(2026, 5, 1), date(2026, 4, 24))
    assert t.follow_ups == (date(2026, 4, 6), date(2026, 4, 13), date(2026, 4, 20))
    assert (t.notice_days, t.auto_renew, t.as_of) == (60, False, date(2025, 11, 1))
    assert t.end_date == t.given_end_date == END


def test_preparation_moves_back_to_a_business_day():
    # end 2026-07-31 - 5 months = Sat Feb 28 -> proposal Mon Mar 2; 30 days before is Sat
    # Jan 31 -> prepare Fri Jan 30
    t = renewal_timeline(date(2026, 7, 31), as_of=date(2025, 11, 1))
    assert t.prepare_start == date(2026, 1, 30)


def test_auto_renewal_counts_terms_from_the_given_end_date():
    # monthly terms from Wed 2024-01-31: Feb 29 (leap year), then Mar 31 (not Mar 29, which a
    # month-by-month walk would give)
    t = renewal_timeline(date(2024, 1, 31), auto_renew=True, renewal_term_months=1,
                         as_of=date(2024, 3, 15))
    assert t.end_date == date(2024, 3, 31)
    assert t.warnings[-1] == ("the given end date 2024-01-31 has passed; the auto-renewed term "
                              "ends 2024-03-31")
    # a term ending today is current: no roll
    today = renewal_timeline(END, auto_renew=True, as_of=END)
    assert today.end_date == END
    # in the Renewal months' range, as the cell and the options say it (it had words of its own)
    with pytest.raises(InputError, match=r"^renewal_term_months: expected a whole number of "
                                         r"months from 1 to 120, got 0$"):
        renewal_timeline(date(2024, 1, 31), auto_renew=True, renewal_term_months=0,
                         as_of=date(2024, 3, 15))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"notice_days": 3651},
     "notice_days: expected a whole number of days of notice from 0 to 3650, got 3651"),
    ({"lead_months": 61}, "lead_months: expected a whole number of months from 0 to 60, got 61"),
    ({"follow_up_business_days": 261},
     "follow_up_business_days: expected a whole number of business days from 1 to 260, "
     "got 261"),
    ({"prep_days": 36501}, "prep_days: expected a whole number of days or months from 0 to 36,500, "
     "got 36501"),
    ({"decision_business_days": True},
     "decision_business_days: expected a whole number of days or months from 0 to 36,500, "
     "got TRUE"),
    ({"renewal_term_months": -1},
     "renewal_term_months: expected a whole number of months from 1 to 120, got -1"),
    ({"end_date": date(1969, 12, 31)},
     r"end_date: expected a date in the years 1970 to 2199, got 1969-12-31"),
    ({"end_date": date(2200, 1, 1)},
     r"end_date: expected a date in the years 1970 to 2199, got 2200-01-01"),
    ({"as_of": date(1969, 1, 1)}, r"as_of: expected a date in the years 1970 to 2199"),
])
def test_limits_are_named(kwargs, message):
    args = {"end_date": END, "as_of": date(2025, 11, 1), **kwargs}
    with pytest.raises(InputError, match="^" + message):
        renewal_timeline(**args)


def test_limits_themselves_are_allowed():
    t = renewal_timeline(date(2199, 12, 31), notice_days=3650, lead_months=60,
                         follow_up_business_days=260, prep_days=0, decision_business_days=0,
                         as_of=date(2199, 1, 1))
    assert t.notice_deadline.year == 2189
    assert renewal_timeline(date(1970, 6, 30), as_of=date(1970, 1, 1)).end_date.year == 1970
    numpy_days = renewal_timeline(END, notice_days=np.int64(90), as_of=date(2025, 11, 1))
    assert numpy_days.notice_deadline == DEADLINE


def test_dates_as_text_or_timestamps():
    t = renewal_timeline("2026-06-30", as_of=pd.Timestamp("2025-11-01"))
    assert (t.end_date, t.as_of, t.notice_deadline) == (END, date(2025, 11, 1), DEADLINE)


# --- words --------------------------------------------------------------------------------------

def test_status_words_and_contract_labels():
    assert [status_words(s) for s in ("ended", "notice_passed", "decide_now", "negotiate_now",
                                      "prepare_now", "upcoming")] == [
        "contract ended", "notice deadline passed", "decide now", "negotiate now",
        "prepare now", "upcoming"]
    assert status_words("on_hold") == "on hold"
    assert contract_label("Acme", "") == "Acme"
    assert contract_label("  Acme  ", None) == "Acme"
    assert contract_label("Acme ppo", "PPO") == "Acme ppo"
    assert contract_label("AcmeCare-PPO", "ppo") == "AcmeCare-PPO"
    assert contract_label("Acme", " HMO ") == "Acme HMO"
    assert contract_label("PPO Partners", "HMO") == "PPO Partners HMO"


# --- the CONTRACTS table ------------------------------------------------------------------------

CONTRACTS = pd.DataFrame({
    "payer": ["Blank", "Long", "Gone"],
    "product": [None, "PPO", np.nan],
    "end_date": [END, "2026-06-30", date(2025, 1, 31)],
    "auto_renew": [np.nan, 1, None],
    "notice_days": [np.nan, 120.0, None],
})


def test_contract_rows_fill_their_defaults():
    rows = contract_timelines(CONTRACTS, as_of=date(2025, 11, 1), notice_days=60)
    blank, long, gone = rows
    assert (blank.product, blank.auto_renew, blank.notice_days) == ("", False, 60)
    assert blank.timeline is not None and blank.timeline.notice_deadline == date(2026, 5, 1)
    assert (long.product, long.auto_renew, long.notice_days) == ("PPO", True, 120)
    assert long.timeline is not None and long.timeline.notice_deadline == date(2026, 3, 2)
    assert gone.timeline is None and gone.end_date == date(2025, 1, 31)
    assert gone.problem.startswith("contract ended 2025-01-31 without renewal (as of "
                                   "2025-11-01)")
    with pytest.raises(InputError, match=r"^contracts row 2 \(Long\), end_date: expected a date"):
        contract_timelines(CONTRACTS.assign(end_date=[END, "June", END]),
                           as_of=date(2025, 11, 1))


def test_contract_settings_pass_through():
    rows = contract_timelines(CONTRACTS.iloc[:1], as_of=date(2025, 11, 1), lead_months=3,
                              follow_up_business_days=5)
    t = rows[0].timeline
    assert t is not None
    # 90 days (default): Apr 1; 3 months' lead: Mon Mar 30, after the decision (Mar 18):
    # no follow-ups
    assert (t.negotiation_start, t.notice_deadline, t.follow_ups) == (date(2026, 3, 30),
                                                                     DEADLINE, ())


def test_calendar_urgency_and_follow_ups():
    contracts = pd.DataFrame({"payer": ["Due", "Later", "Nothing"],
                              "product": ["", "", ""],
                              "end_date": [END, date(2027, 6, 30), date(2027, 6, 30)],
                              "auto_renew": [True, False, False], "notice_days": [90, 90, 90]})
    # as of Apr 3 2026 the deadline passed 2 days ago: urgency counts one day
    table = renewal_calendar(contracts, dollars_at_stake=pd.Series({"Due": 500.0,
                                                                    "Later": 1e6}),
                             as_of=date(2026, 4, 3))
    # Due's notice deadline passed: overdue, first, whatever Later's dollars a day (walk-8)
    assert table["payer"].tolist() == ["Due", "Later", "Nothing"]
    due = table.set_index("payer").loc["Due"]
    assert due["urgency"] == 500.0 and due["days_to_notice"] == -2
    assert due["next_follow_up"] is None and due["status"] == "notice deadline passed"
    assert due["note"].startswith("notice deadline 2026-04-01 passed 2 days ago")
    nothing = table.set_index("payer").loc["Nothing"]
    assert nothing["dollars_at_stake"] == 0.0 and nothing["urgency"] == 0.0
    # Later: 2027-06-30 - 90 days = Thu 2027-04-01: 363 days from 2026-04-03
    later = table.set_index("payer").loc["Later"]
    assert later["days_to_notice"] == 363
    assert later["urgency"] == pytest.approx(1e6 / 363)
    # the deadline day itself: 0 days left, counts one day (not a division by zero)
    on_day = renewal_calendar(contracts.iloc[:1], dollars_at_stake={"Due": 500.0},
                              as_of=DEADLINE)
    assert on_day["urgency"].tolist() == [500.0]


def test_calendar_ties_go_to_the_earlier_end_and_settings_pass_through():
    contracts = pd.DataFrame({"payer": ["B", "A"], "product": ["", ""],
                              "end_date": [date(2027, 6, 30), END], "auto_renew": [False, False],
                              "notice_days": [None, None]})
    table = renewal_calendar(contracts, as_of=date(2025, 11, 1), notice_days=60, lead_months=3,
                             follow_up_business_days=5)
    assert table["payer"].tolist() == ["A", "B"]   # both 0 dollars: earlier end first
    a = table.iloc[0]
    assert a["notice_deadline"] == date(2026, 5, 1) and a["notice_days"] == 60
    assert a["negotiation_start"] == date(2026, 3, 30)
    assert a["next_follow_up"] == date(2026, 4, 6)
    assert table.columns.tolist() == [
        "payer", "product", "end_date", "auto_renew", "notice_days", "prepare_start",
        "negotiation_start", "next_follow_up", "decision_date", "notice_deadline",
        "days_to_notice", "dollars_at_stake", "urgency", "status", "note", "next_term_end",
        "next_notice_deadline"]


# --- calendar events ----------------------------------------------------------------------------

def test_events_of_one_timeline():
    t = renewal_timeline(END, as_of=date(2025, 11, 1))
    events = timeline_events(t, "Acme", "PPO")
    assert [e.day for e in events] == [date(2025, 12, 31), date(2026, 1, 30),
                                         date(2026, 2, 13), date(2026, 3, 2), date(2026, 3, 16),
                                         date(2026, 3, 18), DEADLINE, END]
    assert [e.summary for e in events] == [
        "Prepare renewal: Acme PPO", "Send rate proposal: Acme PPO", "Follow up #1: Acme PPO",
        "Follow up #2: Acme PPO", "Follow up #3: Acme PPO",
        "Decide: accept, counter or give notice: Acme PPO", "NOTICE DEADLINE: Acme PPO",
        "Contract ends: Acme PPO"]
    notice = events[6]
    # it lapses whatever notice is given ("without it the contract lapses" said the opposite)
    assert notice.description == ("Last day for 90 days' written notice before the contract "
                                  "ends on 2026-06-30: it does not renew by itself and lapses "
                                  "then unless both sides renew it.")
    assert tuple(notice.alarm_days) == (14, 3)
    assert events[-1].description == "The contract lapses at its end date."
    assert len({e.uid for e in events}) == len(events)
    assert all(e.uid.endswith("@ratecalc") for e in events)
    renewing = timeline_events(renewal_timeline(END, auto_renew=True, as_of=date(2025, 11, 1)),
                               "Acme", "PPO")
    assert renewing[-1].description == "The contract renews automatically."
    assert [e.uid for e in renewing] == [e.uid for e in events]  # same contract, same events


def test_calendar_events_skip_ended_contracts():
    events = calendar_events(CONTRACTS, as_of=date(2025, 11, 1), lead_months=3,
                             follow_up_business_days=5, notice_days=60)
    starts = {(e.summary.split(": ")[-1], e.day) for e in events}
    assert ("Blank", date(2026, 5, 1)) in starts          # 60 days' notice by default
    assert ("Blank", date(2026, 3, 30)) in starts         # 3 months' lead
    assert not any("Gone" in e.summary for e in events)


# --- event identity, descriptions and defaults (mutation run, issue #16) -------------------------

def test_event_uids_are_pinned_so_refreshed_files_update_calendars():
    # uid = first 16 hex digits of sha1("payer|product|kind|end date") + "@ratecalc", worked out
    # with coreutils: printf 'Acme|PPO|prepare|2026-06-30' | sha1sum. Changing the formula would
    # duplicate every event already imported into users' calendars.
    events = timeline_events(renewal_timeline(END, as_of=date(2025, 11, 1)), "Acme", "PPO")
    assert [e.uid for e in events] == [
        "f3b68d400be2c226@ratecalc", "57f58dc42fb228cc@ratecalc", "ddda816fd43be82f@ratecalc",
        "2407d7bf47b58937@ratecalc", "796ba6ea30178904@ratecalc", "b1114a1cdb13baaf@ratecalc",
        "5b6b28e5862af8cd@ratecalc", "857b977ec8f8fa1e@ratecalc"]


def test_every_event_description_written_out():
    events = timeline_events(renewal_timeline(END, as_of=date(2025, 11, 1)), "Acme", "PPO")
    assert [e.description for e in events] == [
        "Gather volumes, rates, benchmarks and outcomes. Contract ends 2026-06-30.",
        "Open negotiations. Notice deadline 2026-04-01.",
        "Follow up on the rate proposal.", "Follow up on the rate proposal.",
        "Follow up on the rate proposal.",
        "Notice deadline 2026-04-01.",
        "Last day for 90 days' written notice before the contract ends on 2026-06-30: it does "
        "not renew by itself and lapses then unless both sides renew it.",
        "The contract lapses at its end date."]
    renewing = timeline_events(renewal_timeline(END, auto_renew=True, as_of=date(2025, 11, 1)),
                               "Acme", "PPO")
    assert renewing[-2].description == ("Last day for 90 days' written notice; without it the "
                                        "contract renews automatically.")


def test_contract_label_drops_a_product_named_inside_the_payer():
    assert contract_label("Summit PPO Plan", "PPO") == "Summit PPO Plan"
    assert contract_label("Summit Plan", "PPO") == "Summit Plan PPO"


@pytest.mark.parametrize(("payer", "product", "expected"), [
    ("Acme HMO", "HMO", "Acme HMO"),
    ("Acme HMO", "hmo", "Acme HMO"),
    ("Acme", "PPO", "Acme PPO"),
    ("Acme Shippo", "PPO", "Acme Shippo PPO"),        # "ppo" ends the name but is no word of it
    ("Acme Medicare Advantage", "medicare advantage", "Acme Medicare Advantage"),
])
def test_contract_label_says_a_word_the_name_ends_with_once(payer, product, expected):
    assert contract_label(payer, product) == expected


def test_calendar_defaults_five_months_lead_ten_business_days_ninety_days_notice():
    # the calendar's defaults are the timeline's: negotiation 5 months before END (2026-01-30),
    # follow-ups every 10 business days, notice 90 days before (2026-04-01); the product is part
    # of every summary
    contracts = pd.DataFrame({"payer": ["Acme"], "product": ["PPO"], "end_date": [END],
                              "auto_renew": [False], "notice_days": [None]})
    t = renewal_timeline(END, as_of=date(2025, 11, 1), lead_months=5,
                         follow_up_business_days=10, notice_days=90)
    events = calendar_events(contracts, as_of=date(2025, 11, 1))
    assert [(e.day, e.summary) for e in events] == [
        (e.day, e.summary) for e in timeline_events(t, "Acme", "PPO")]
    assert all(e.summary.endswith("Acme PPO") for e in events)
    table = renewal_calendar(contracts, as_of=date(2025, 11, 1))
    assert table["notice_deadline"].tolist() == [DEADLINE]


def test_calendar_without_as_of_is_the_calendar_of_today(told_today: date):
    contracts = pd.DataFrame({"payer": ["Acme"], "product": ["PPO"], "end_date": [END],
                              "auto_renew": [True], "notice_days": [None]})
    today = told_today  # the product's clock's day
    pd.testing.assert_frame_equal(renewal_calendar(contracts),
                                  renewal_calendar(contracts, as_of=today))


def test_without_a_product_the_payer_alone_is_named():
    assert contract_label("Acme") == "Acme"
    events = timeline_events(renewal_timeline(END, as_of=date(2025, 11, 1)), "Acme")
    assert events[0].summary == "Prepare renewal: Acme"
    # printf 'Acme||prepare|2026-06-30' | sha1sum
    assert events[0].uid == "8476b389ce13f46f@ratecalc"


def test_calendar_rows_carry_the_timeline_dates_and_ended_contracts_sort_last():
    # nothing at stake: every urgency is 0, so only the ended flag puts Gone (ended 2025-01-31,
    # the earliest end date) after the two live contracts
    table = renewal_calendar(CONTRACTS, as_of=date(2025, 11, 1))
    assert table["payer"].tolist()[-1] == "Gone"
    blank = table.set_index("payer").loc["Blank"]
    # END 2026-06-30 with the defaults: as in test_events_of_one_timeline
    assert blank["prepare_start"] == date(2025, 12, 31)
    assert blank["decision_date"] == date(2026, 3, 18)
    t = table.set_index("payer")
    assert (t.loc["Long", "product"], t.loc["Long", "auto_renew"]) == ("PPO", True)
    assert not t.loc["Blank", "auto_renew"]
    assert t.loc["Gone", "urgency"] == 0.0    # an ended contract is not urgent


def test_contract_timelines_defaults_are_the_timeline_defaults_and_today(told_today: date):
    contracts = pd.DataFrame({"payer": ["Acme"], "product": ["PPO"], "end_date": [END],
                              "auto_renew": [False], "notice_days": [None]})
    expected = renewal_timeline(END, as_of=date(2025, 11, 1), lead_months=5,
                                follow_up_business_days=10, notice_days=90)
    (row,) = contract_timelines(contracts, as_of=date(2025, 11, 1))
    assert row.timeline == expected
    (now,) = contract_timelines(contracts)
    (today,) = contract_timelines(contracts, as_of=told_today)
    assert now == today


def test_notice_deadline_default_and_its_error():
    # 90 days by default: 2026-06-30 - 90 days = 2026-04-01, a Wednesday
    assert notice_deadline(END) == DEADLINE
    with pytest.raises(InputError, match=r"^notice_days: expected a whole number of days of "
                                         r"notice from 0 to 3650, got -1$"):
        notice_deadline(END, -1)


def test_an_ended_contract_row_keeps_its_filled_defaults():
    rows = contract_timelines(CONTRACTS, as_of=date(2025, 11, 1), notice_days=60)
    gone = rows[2]
    assert (gone.product, gone.auto_renew, gone.notice_days) == ("", False, 60)


@pytest.mark.parametrize(("end", "renews"), [
    (date(2026, 6, 30), date(2026, 7, 1)), (date(2026, 12, 31), date(2027, 1, 1)),
    (date(2028, 2, 28), date(2028, 2, 29)), (date(2028, 2, 29), date(2028, 3, 1))])
def test_a_term_renews_the_day_after_its_last_day(end, renews):
    # "renews on March 31" for a term ending March 31 told the payer the wrong start
    assert next_term_start(end) == renews
    note = deadline_note(end - timedelta(days=90), end, True, end - timedelta(days=10))
    assert f"the contract renews on {renews.isoformat()} for another term" in note


def test_an_auto_renewing_contracts_last_day_is_titled_by_what_happens():
    # the walk's .ics read "Contract ends: Acme PPO" above "The contract renews automatically."
    renewing = timeline_events(renewal_timeline(END, auto_renew=True, as_of=date(2025, 11, 1)),
                               "Acme", "PPO")
    assert (renewing[-1].day, renewing[-1].summary, renewing[-1].description) == (
        END, "Term ends and contract renews: Acme PPO", "The contract renews automatically.")
    assert renewing[0].description == ("Gather volumes, rates, benchmarks and outcomes. "
                                       "Term ends 2026-06-30.")
    lapsing = timeline_events(renewal_timeline(END, as_of=date(2025, 11, 1)), "Acme", "PPO")
    assert lapsing[-1].summary == "Contract ends: Acme PPO"
