"""``ratecalc timeline --end ... --sent D``: the day the proposal went, without a workbook, counts
the follow-ups from it by the rule of every output (ratecalc.timeline.follow_ups_wait_for_send);
without --sent they are the plan's, from "send the proposal".

By hand: a contract ending Tue 2026-06-30, 90 days' notice, 5 months' lead, told on 2026-02-20.
Talks open Fri 2026-01-30; the notice deadline is Wed 2026-04-01 and the decision date ten
business days before it, Wed 2026-03-18. Sent Mon 2026-02-09, ten business days on (Presidents'
Day, Mon 2026-02-16, skipped) is Tue 2026-02-24, and ten more Tue 2026-03-10; the next, Tue
2026-03-24, is after the decision date.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from icalendar import Calendar

from ratecalc_cli.main import ExitCode, main

CONTRACT = ["timeline", "--end", "2026-06-30", "--as-of", "2026-02-20"]


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main([*args, "--json"]) == ExitCode.OK
    return json.loads(capsys.readouterr().out)


def test_follow_ups_count_from_the_day_given_as_sent(
        capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    ics = tmp_path / "renewal.ics"
    shown = _json([*CONTRACT, "--sent", "2026-02-09", "--ics", str(ics)], capsys)
    assert shown["follow_ups"] == ["2026-02-24", "2026-03-10"]
    assert shown["proposal_sent"] == "2026-02-09"
    days = sorted(e.decoded("DTSTART") for e in Calendar.from_ical(ics.read_bytes())
                  .walk("VEVENT") if str(e["SUMMARY"]).startswith("Follow up"))
    assert days == [date(2026, 2, 24), date(2026, 3, 10)]
    # without it, the plan's: from 2026-01-30, ten business days on 2026-02-13
    assert _json(CONTRACT, capsys)["follow_ups"][0] == "2026-02-13"


def test_a_send_before_this_term_dates_no_follow_up_and_says_why(
        capsys: pytest.CaptureFixture[str]) -> None:
    # the term began 2025-07-01 (a year before the next one, 2026-07-01)
    shown = _json([*CONTRACT, "--sent", "2025-06-01"], capsys)
    assert shown["follow_ups"] == []
    assert shown["proposal_sent"] is None
    assert any("the proposal sent (--sent) is dated 2025-06-01, before the current term began "
               "2025-07-01" in w for w in shown["warnings"]), shown["warnings"]


def test_a_send_after_the_as_of_day_or_without_end_is_refused_in_words(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CONTRACT, "--sent", "2026-03-01"]) == ExitCode.USAGE
    assert ("--sent 2026-03-01: after the as-of date 2026-02-20; give the day the proposal "
            "went, on or before it") in capsys.readouterr().err
    assert main(["timeline", "--demo", "--sent", "2026-02-09"]) == ExitCode.USAGE
    assert "--sent is the day the proposal of the contract given with --end" \
        in capsys.readouterr().err
