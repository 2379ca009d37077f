"""One rule for a payer's reply (ratecalc.negotiation_log.is_payer_offer): the row the counter
letter answers as the payer's offer is the row the Timeline's late reply counts, in every
output that carries the note (``timeline --data``, the analysis's calendar, summary.json).

They disagreed: the Timeline counted "received" rows whatever they held, the letter any row not
"sent" carrying a rate. So a payer's acknowledgement logged on the notice deadline ("received",
no figures) was a late reply on the Timeline while the letter found no offer; and a rate named
on a call on the deadline was the offer the letter answered while the Timeline said nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.report import summary
from ratecalc.timeline import notice_deadline
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook

from .conftest import open_book

SUMMIT = "Summit BlueCare PPO"
REPLY = "the payer's reply came on the notice deadline"


def _summit_deadline(book: Path) -> date:
    data, _ = read_workbook(book)
    assert data is not None
    summit = data.contracts[data.contracts["payer"] == SUMMIT].iloc[0]
    end = summit["end_date"]
    end = end.date() if isinstance(end, datetime) else end
    return notice_deadline(end, int(summit["notice_days"]))


def _log_row(book: Path, day: date, direction: str, code: str | None, rate: float | None
             ) -> None:
    wb = open_book(book)
    ws, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    row = spec.header_row + 1
    for column, value in (("date", datetime.combine(day, datetime.min.time())),
                          ("payer", SUMMIT), ("direction", direction), ("code", code),
                          ("offered_rate", rate)):
        ws.cell(row=row, column=spec.col(column), value=value)
    wb.save(book)


def _notes(book: Path, deadline: date, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Summit's note as of the deadline in every output that carries it."""
    assert main(["timeline", "--data", str(book), "--as-of", deadline.isoformat(),
                 "--json"]) == ExitCode.OK
    [shown] = [c["note"] for c in json.loads(capsys.readouterr().out)["contracts"]
               if c["payer"] == SUMMIT]
    data, _ = read_workbook(book)
    assert data is not None
    analysis = analyze(replace(data, settings=replace(data.settings, analysis_date=deadline)))
    calendar = analysis.timeline.set_index("payer")["note"][SUMMIT]
    timing = {n["payer"]: n["note"] for n in summary(analysis)["timing_notes"]}
    return [shown, calendar, timing.get(SUMMIT, "")]


def _letter(book: Path, deadline: date, tmp_path: Path,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The counter letter as of the deadline: its exit code, and its subject or message."""
    code = main(["letter", str(book), "--payer", SUMMIT, "--kind", "counter", "--date",
                 deadline.isoformat(), "--out", str(tmp_path / "counter.docx"), "--json"])
    out = capsys.readouterr()
    return code, (" ".join(json.loads(out.out)["subject"]) if code == ExitCode.OK else out.err)


def test_a_rate_named_on_a_call_on_the_deadline_is_the_reply_every_output_says(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deadline = _summit_deadline(demo_copy)
    _log_row(demo_copy, deadline, "Call", "97110", 27.50)
    code, subject = _letter(demo_copy, deadline, tmp_path, capsys)
    assert code == ExitCode.OK
    assert f"{deadline:%B} {deadline.day}, {deadline.year}" in subject  # the offer answered
    notes = _notes(demo_copy, deadline, capsys)
    assert all(f"{REPLY}, {deadline.isoformat()}, today" in n for n in notes), notes


def test_an_acknowledgement_with_no_figures_is_no_reply_in_any_output(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deadline = _summit_deadline(demo_copy)
    _log_row(demo_copy, deadline, "Received", None, None)
    code, message = _letter(demo_copy, deadline, tmp_path, capsys)
    assert code != ExitCode.OK
    assert f"no offer received from payer {SUMMIT!r}" in message
    notes = _notes(demo_copy, deadline, capsys)
    assert not [n for n in notes if REPLY in n], notes


def test_timeline_ics_of_a_workbook_says_the_reply_at_the_notice_deadline(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``timeline --data BOOK --ics``: the notice deadline's event says the reply logged on it
    (a rate named on a call), as the Timeline's note does; an acknowledgement with no figures
    is no reply there either. The command passes the log's offers to the calendar itself
    (cli/timeline.py), apart from ``analyze``'s renewals.ics."""
    from icalendar import Calendar

    deadline = _summit_deadline(demo_copy)

    def said(name: str) -> list[str]:
        ics = tmp_path / name
        assert main(["timeline", "--data", str(demo_copy), "--as-of", deadline.isoformat(),
                     "--ics", str(ics)]) == ExitCode.OK
        capsys.readouterr()
        return [str(e["SUMMARY"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
                if f"The payer's reply came on the notice deadline, {deadline.isoformat()}"
                in str(e.get("DESCRIPTION", ""))]

    _log_row(demo_copy, deadline, "Received", None, None)
    assert said("acknowledged.ics") == []
    _log_row(demo_copy, deadline, "Call", "97110", 27.50)
    assert said("offered.ics") == [f"NOTICE DEADLINE: {SUMMIT}"]
