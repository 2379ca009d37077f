"""The Negotiation Log's "sent" rows tell every timeline which proposals went out.

A proposal due and not on the log is flagged on the Timeline sheet and by ``ratecalc timeline
--data``, in the same words (:func:`ratecalc.timeline.proposal_overdue_note`); a "sent" row,
in any capitals, clears it for its payer only.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book

OVERDUE = "none logged"
SUMMIT = "Summit BlueCare PPO"


def _warnings(path: Path) -> dict[str, str]:
    ws = open_book(path)[layout.TIMELINE]
    spec = layout.TIMELINE_TABLE
    out = {}
    for row in range(spec.header_row + 1, ws.max_row + 1):
        payer = ws.cell(row=row, column=spec.col("payer")).value
        if payer:
            # its line breaks are spaces: the sheet breaks a long warning itself (whole dates)
            out[str(payer)] = " ".join(str(ws.cell(row=row, column=spec.col("note")).value
                                           or "").split())
    return out


def test_a_sent_row_clears_its_payers_flag_on_the_sheet_and_the_command_line(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _warnings(demo_copy)
    flagged = [p for p, note in before.items() if OVERDUE in note]
    assert len(flagged) >= 2, before  # the demo's log is empty
    wb = open_book(demo_copy)
    log, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    row = spec.header_row + 1
    log.cell(row=row, column=spec.col("date"), value=NOW)
    log.cell(row=row, column=spec.col("payer"), value=flagged[0].upper())
    log.cell(row=row, column=spec.col("direction"), value="Sent")
    wb.save(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok
    after = _warnings(demo_copy)
    assert OVERDUE not in after[flagged[0]]
    assert {p for p, note in after.items() if OVERDUE in note} == set(flagged[1:])

    assert main(["timeline", "--data", str(demo_copy), "--as-of", NOW.date().isoformat()]) \
        == ExitCode.OK
    out = capsys.readouterr().out
    for payer in flagged[1:]:
        [line] = [ln for ln in out.splitlines() if ln.startswith(f"  {payer}") and OVERDUE in ln]
        assert line.endswith(after[payer].split("; ")[-1])
    assert not any(ln.startswith(f"  {flagged[0]}") and OVERDUE in ln for ln in out.splitlines())


@pytest.mark.parametrize(("column", "typed"), [
    ("round", "1st"),                       # not a whole number
    ("offered_increase", "a few percent"),  # not a fraction
])
def test_a_sent_row_with_a_bad_cell_elsewhere_still_counts_and_the_cell_is_named(
        demo_copy: Path, capsys: pytest.CaptureFixture[str], column: str, typed: str) -> None:
    # Found by a review: a "sent" row whose Round read "1st" was dropped whole, silently, so
    # every output said "no proposal sent" of a payer whose proposal was on the log.
    flagged = [p for p, note in _warnings(demo_copy).items() if OVERDUE in note]
    wb = open_book(demo_copy)
    log, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    row = spec.header_row + 1
    log.cell(row=row, column=spec.col("date"), value=NOW)
    log.cell(row=row, column=spec.col("payer"), value=flagged[0])
    log.cell(row=row, column=spec.col("direction"), value="sent")
    log.cell(row=row, column=spec.col(column), value=typed)
    wb.save(demo_copy)

    data, problems = read_workbook(demo_copy)
    assert data is not None and data.proposals_sent == {flagged[0]: (NOW.date(),)}
    [said] = [p for p in problems if p.table == layout.LOG_SCHEMA.title]
    assert said.severity == "warning"
    assert (said.location.sheet, said.location.row) == (layout.NEGOTIATION_LOG, row)
    assert said.location.column == column and typed in said.message

    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    assert OVERDUE not in _warnings(demo_copy)[flagged[0]]
    assert [p.message for p in result.problems if p.table == layout.LOG_SCHEMA.title] == [
        said.message]
    problems_sheet = " ".join(str(c.value) for r in open_book(demo_copy)[layout.PROBLEMS]
                              .iter_rows() for c in r if c.value is not None)
    assert typed in problems_sheet

    assert main(["timeline", "--data", str(demo_copy), "--as-of", NOW.date().isoformat()]) \
        == ExitCode.OK
    out = capsys.readouterr().out
    assert not any(ln.startswith(f"  {flagged[0]}") and OVERDUE in ln for ln in out.splitlines())


def test_a_proposal_sent_before_the_planned_preparation_is_this_terms_on_every_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo clinic of 2026-12-05: Summit's term ends Wed 2027-03-31 (it began 2026-04-01),
    preparation was planned from Fri 2026-10-02 and the proposal for Mon 2026-11-02. The log
    says it went early, Mon 2026-09-14, 198 days before the end. It was this renewal's
    proposal, yet the timeline rule (sent on or after prepare_start) called it an earlier
    renewal's: the Timeline sheet and `ratecalc timeline` said "no proposal sent ... due
    2026-11-02 (33 days ago)" and counted follow-ups from 11-02 (next 2026-12-16), and the
    termination notice left out "the rates in our proposal of September 14, 2026".
    Follow-ups every 10 business days from 09-14 (Columbus Day 10-12, Veterans Day 11-11 and
    Thanksgiving 11-26 skipped): 09-28, 10-13, 10-27, 11-10, 11-25, 12-10, by hand."""
    from docx import Document

    book = tmp_path / "negotiation.xlsx"
    today = "2026-12-05"
    assert main(["workbook", "new", str(book), "--demo", "--today", today]) == ExitCode.OK
    wb = open_book(book)
    log, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    row = spec.header_row + 1
    log.cell(row=row, column=spec.col("date"), value=datetime(2026, 9, 14))
    log.cell(row=row, column=spec.col("payer"), value=SUMMIT)
    log.cell(row=row, column=spec.col("direction"), value="sent")
    wb.save(book)
    assert main(["refresh", str(book)]) == ExitCode.OK
    sheet = open_book(book)[layout.TIMELINE]
    tspec = layout.TIMELINE_TABLE
    [line] = [r for r in range(tspec.header_row + 1, sheet.max_row + 1)
              if sheet.cell(row=r, column=tspec.col("payer")).value == SUMMIT]
    on_sheet = sheet.cell(row=line, column=tspec.col("next_follow_up")).value
    assert on_sheet.date() == date(2026, 12, 10)
    assert OVERDUE not in str(sheet.cell(row=line, column=tspec.col("note")).value or "")

    capsys.readouterr()
    ics = tmp_path / "renewals.ics"
    assert main(["timeline", "--data", str(book), "--as-of", today, "--json",
                 "--ics", str(ics)]) == ExitCode.OK
    [shown] = [c for c in json.loads(capsys.readouterr().out)["contracts"]
               if c["payer"] == SUMMIT]
    assert shown["next_follow_up"] == "2026-12-10"
    assert OVERDUE not in shown["note"]
    calendar = ics.read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20260928" in calendar  # the first follow-up, from 09-14

    letter = tmp_path / "notice.docx"
    assert main(["letter", str(book), "--payer", SUMMIT, "--kind", "termination", "--date",
                 today, "--out", str(letter), "--json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["dates"]["proposal_sent"] == "2026-09-14"
    text = " ".join(p.text for p in Document(str(letter)).paragraphs)
    assert "The rates in our proposal of September 14, 2026 remain the basis" in text


def test_a_reply_received_on_the_notice_deadline_is_said_on_the_timeline(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The log's offers from the payer (ratecalc.negotiation_log.is_payer_offer: a row not
    "sent" carrying a rate or an increase) are its replies: one dated on the notice deadline is
    said in the words of ratecalc.timeline.late_reply_words by ``timeline --data`` as of that
    day (every output takes the note from renewal_calendar)."""
    from ratecalc.timeline import notice_deadline

    data, _ = read_workbook(demo_copy)
    assert data is not None
    summit = data.contracts[data.contracts["payer"] == SUMMIT].iloc[0]
    end = summit["end_date"]
    end = end.date() if isinstance(end, datetime) else end
    deadline = notice_deadline(end, int(summit["notice_days"]))
    wb = open_book(demo_copy)
    log, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    row = spec.header_row + 1
    log.cell(row=row, column=spec.col("date"),
             value=datetime.combine(deadline, datetime.min.time()))
    log.cell(row=row, column=spec.col("payer"), value=SUMMIT)
    log.cell(row=row, column=spec.col("direction"), value="Received")
    log.cell(row=row, column=spec.col("offered_increase"), value=0.02)
    wb.save(demo_copy)
    assert read_workbook(demo_copy)[0].offers_received == {SUMMIT: (deadline,)}
    assert main(["timeline", "--data", str(demo_copy), "--as-of", deadline.isoformat(),
                 "--json"]) == ExitCode.OK
    rows = {r["payer"]: r for r in json.loads(capsys.readouterr().out)["contracts"]}
    assert (f"the payer's reply came on the notice deadline, {deadline.isoformat()}, today: "
            f"there is still time today to give 90 days' written notice") in rows[SUMMIT]["note"]
