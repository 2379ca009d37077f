"""``timeline --data BOOK --ics``: the notice-deadline event says a payer's reply logged on the
deadline (a rate named on a call), as renewals.ics of ``analyze`` does: cli/timeline passes
the book's offer days to calendar_events."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from ratecalc_cli.main import ExitCode, main

from .test_payer_offer_rule import SUMMIT, _log_row, _summit_deadline


def _summit_notice(book: Path, ics: Path) -> str:
    deadline = _summit_deadline(book)
    assert main(["timeline", "--data", str(book), "--as-of", deadline.isoformat(),
                 "--ics", str(ics), "--json"]) == ExitCode.OK
    [said] = [str(e["DESCRIPTION"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
              if str(e["SUMMARY"]) == f"NOTICE DEADLINE: {SUMMIT}"]
    return said


def test_timeline_ics_of_a_book_says_a_reply_on_the_deadline(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deadline = _summit_deadline(demo_copy)
    _log_row(demo_copy, deadline, "Call", "97110", 27.50)
    said = _summit_notice(demo_copy, tmp_path / "renewals.ics")
    assert f"The payer's reply came on the notice deadline, {deadline.isoformat()}, today" \
        in said, said

