"""Every output of one workbook says the same of the proposals sent and the offers received, as
of its own day: a Negotiation Log row dated after that day has not happened yet.

Found by a review: a "sent" row dated after the analysis date made the Timeline say the
proposal was sent (its "no proposal sent" warning gone, the follow-ups counted from a day
ahead), while the letters said none was; and a resend planned ahead hid the proposal sent
before it from every output.

The demo workbook as of TODAY (Mon 2025-12-01, the fixture's NOW), worked by hand:
- Summit BlueCare PPO (ends 2026-03-31, auto-renewing, 90 days' notice): talks opened Fri
  2025-10-31, decide by Tue 2025-12-16. The log: sent Thu 11-20 (TODAY - 11), and a resend
  planned Fri 12-19 (TODAY + 18). As of TODAY the proposal of 11-20 is the one sent: 10
  business days after it, Thanksgiving (Thu 11-27) skipped, is Fri 12-05, the next follow-up
  and the only one before the decision (10 more is 12-19).
- Cardinal Employers Trust (ends 2026-04-30, auto-renewing, 60 days' notice): talks open Mon
  2025-12-01 (11-30 is a Sunday), TODAY; decide by Thu 2026-02-12. The log: sent Wed 12-31
  (TODAY + 30) only, so as of TODAY no proposal is sent and it was due today. Follow-ups from
  12-01, every 10 business days: Mon 12-15; Tue 12-30 (Christmas skipped); Wed 2026-01-14
  (New Year's Day skipped); Thu 01-29 (Martin Luther King Jr. Day, Mon 01-19, skipped); the
  next, Thu 02-12, is the decision date, not before it.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc_cli.main import ExitCode, main
from ratecalc_letter import write_proposal_letter
from ratecalc_letter.blocks import PayerOffer
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import RefreshResult, refresh_workbook

from .conftest import NOW, open_book

TODAY = NOW.date()
SUMMIT, CARDINAL = "Summit BlueCare PPO", "Cardinal Employers Trust"
SENT = TODAY - timedelta(days=11)        # Thu 2025-11-20
RESEND = TODAY + timedelta(days=18)      # Fri 2025-12-19, planned
CARDINAL_SENT = TODAY + timedelta(days=30)  # Wed 2025-12-31, ahead
OVERDUE = "none logged"

#: What every output must show as of TODAY (worked in the module's notes).
#: Cardinal's proposal is not sent by TODAY (its row is ahead): no follow-up is dated from
#: a send that did not happen (ratecalc.timeline.follow_ups_wait_for_send), and its note says
#: to send it, where the planned 2025-12-15, 12-30, 2026-01-14 and 01-29 were shown.
NEXT_FOLLOW_UP = {SUMMIT: date(2025, 12, 5), CARDINAL: None}
NOTES = {SUMMIT: "notice deadline 2025-12-31 is in 30 days",
         CARDINAL: f"proposal due 2025-12-01 (today), {OVERDUE}; send it now; follow-ups are "
                   f"dated from the day the log says it went; decide by 2026-02-12"}
FOLLOW_UPS: dict[str, list[date]] = {SUMMIT: [date(2025, 12, 5)], CARDINAL: []}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
PROPOSAL_SENT = {SUMMIT: SENT, CARDINAL: None}


def _log(path: Path, rows: list[tuple[object, ...]]) -> list[int]:
    """Write ``rows`` (date, payer, direction, code, offered rate) on the Negotiation Log;
    the sheet rows written."""
    wb = open_book(path)
    ws, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    written = []
    for i, (day, payer, direction, code, rate) in enumerate(rows):
        row = spec.header_row + 1 + i
        for column, value in (("date", day), ("payer", payer), ("direction", direction),
                              ("code", code), ("offered_rate", rate)):
            ws.cell(row=row, column=spec.col(column), value=value)
        written.append(row)
    wb.save(path)
    return written


@pytest.fixture(scope="module")
def logged_bytes(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[bytes, tuple[int, ...]]:
    """The demo workbook with the module's log written, once (a load and a save of the demo,
    alike for every test); and the sheet rows written."""
    path = tmp_path_factory.mktemp("logged") / demo_book.name
    shutil.copy2(demo_book, path)
    rows = _log(path, [(SENT, SUMMIT, "sent", None, None),
                       (RESEND, SUMMIT, "sent", None, None),
                       (CARDINAL_SENT, CARDINAL, "sent", None, None)])
    return path.read_bytes(), tuple(rows)


@pytest.fixture(scope="module")
def refreshed_bytes(logged_bytes: tuple[bytes, tuple[int, ...]],
                    tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, RefreshResult]:
    """The logged workbook refreshed as of NOW, once for the module (two tests refreshed the
    same bytes at the same moment, half a second each): its bytes and the refresh's result."""
    path = tmp_path_factory.mktemp("refreshed") / "negotiation.xlsx"
    path.write_bytes(logged_bytes[0])
    result = refresh_workbook(path, now=NOW)
    return path.read_bytes(), result


@pytest.fixture
def refreshed(refreshed_bytes: tuple[bytes, RefreshResult], tmp_path: Path
              ) -> tuple[Path, RefreshResult]:
    """A copy of ``refreshed_bytes`` of the test's own, and the refresh's result."""
    content, result = refreshed_bytes
    path = tmp_path / "refreshed" / "negotiation.xlsx"
    path.parent.mkdir()
    path.write_bytes(content)
    return path, result


def _timeline_sheet(path: Path) -> dict[str, tuple[object, str]]:
    ws = open_book(path)[layout.TIMELINE]
    spec = layout.TIMELINE_TABLE
    out = {}
    for row in range(spec.header_row + 1, ws.max_row + 1):
        payer = ws.cell(row=row, column=spec.col("payer")).value
        if payer in (SUMMIT, CARDINAL):
            follow = ws.cell(row=row, column=spec.col("next_follow_up")).value
            note = ws.cell(row=row, column=spec.col("note")).value or ""
            out[payer] = (follow.date() if follow is not None else None, " ".join(note.split()))
    return out


def _ics_follow_ups(text: str) -> dict[str, list[date]]:
    """Each payer's follow-up days in a calendar file."""
    out: dict[str, list[date]] = {SUMMIT: [], CARDINAL: []}
    for event in text.replace("\r\n ", "").split("BEGIN:VEVENT")[1:]:
        lines = event.splitlines()
        [summary] = [ln for ln in lines if ln.startswith("SUMMARY:")]
        [start] = [ln for ln in lines if ln.startswith("DTSTART;VALUE=DATE:")]
        for payer in out:
            if summary.startswith("SUMMARY:Follow up") and payer in summary:
                out[payer].append(pd.Timestamp(start.split(":")[1]).date())
    return {p: sorted(d) for p, d in out.items()}


def test_every_output_says_the_same_of_the_proposal_sent_as_of_today(
        refreshed: tuple[Path, RefreshResult], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    book, result = refreshed  # the logged book refreshed as of NOW
    assert result.ok
    # the Timeline sheet
    assert _timeline_sheet(book) == {p: (NEXT_FOLLOW_UP[p], NOTES[p]) for p in NOTES}
    # summary.json of the refresh
    notes = {n["payer"]: n["note"] for n in result.summary["timing_notes"]}
    assert {p: notes.get(p, "") for p in NOTES} == NOTES

    # renewal_timeline.csv, renewals.ics, summary.json and the "Deadlines:" lines of
    # `ratecalc analyze`
    out = tmp_path / "results"
    capsys.readouterr()
    assert main(["analyze", str(book), "--out", str(out)]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert f"  {SUMMIT}: {NOTES[SUMMIT]}" in lines
    assert f"  {CARDINAL} Self-funded: {NOTES[CARDINAL]}" in lines
    csv = pd.read_csv(out / "renewal_timeline.csv", keep_default_na=False).set_index("payer")
    assert {p: (_day(csv.loc[p, "next_follow_up"]), csv.loc[p, "note"])
            for p in NOTES} == {p: (NEXT_FOLLOW_UP[p], NOTES[p]) for p in NOTES}
    assert _ics_follow_ups((out / "renewals.ics").read_text()) == FOLLOW_UPS
    summary = json.loads((out / "summary.json").read_text())
    assert {n["payer"]: n["note"] for n in summary["timing_notes"]
            if n["payer"] in NOTES} == NOTES

    # `ratecalc timeline --data`, its JSON and its calendar
    ics = tmp_path / "timeline.ics"
    assert main(["timeline", "--data", str(book), "--as-of", TODAY.isoformat(), "--json",
                 "--ics", str(ics)]) == ExitCode.OK
    shown = {c["payer"]: c for c in json.loads(capsys.readouterr().out)["contracts"]}
    assert {p: (_day(shown[p]["next_follow_up"]), shown[p]["note"])
            for p in NOTES} == {p: (NEXT_FOLLOW_UP[p], NOTES[p]) for p in NOTES}
    assert _ics_follow_ups(ics.read_text()) == FOLLOW_UPS

    # the letters, dated TODAY: the termination notice cites the proposal sent, or none
    for payer, sent in PROPOSAL_SENT.items():
        letter = write_proposal_letter(book, payer, tmp_path / f"{payer}.docx",
                                       kind="termination")
        assert letter.content.dates.proposal_sent == sent
        texts = letter.content.texts()
        if sent is None:
            assert not any("our proposal" in t for t in texts)
        else:
            assert any("The rates in our proposal of November 20, 2025 remain" in t
                       for t in texts)


@pytest.mark.parametrize(("payer", "day", "sent"), [
    (SUMMIT, TODAY + timedelta(days=9), SENT),       # before the planned resend: 11-20
    (SUMMIT, RESEND, RESEND),                        # on its day, it has happened
    (CARDINAL, CARDINAL_SENT - timedelta(days=1), None),
    (CARDINAL, CARDINAL_SENT, CARDINAL_SENT),
])
def test_a_letter_counts_the_rows_dated_by_its_own_date(
        logged: tuple[Path, list[int]], tmp_path: Path, payer: str, day: date,
        sent: date | None) -> None:
    book, _ = logged
    letter = write_proposal_letter(book, payer, tmp_path / "t.docx", kind="termination",
                                   letter_date=day)
    assert letter.content.dates.proposal_sent == sent


def test_a_row_dated_after_the_analysis_date_is_a_warning_at_its_date_cell(
        logged: tuple[Path, list[int]], refreshed: tuple[Path, RefreshResult]) -> None:
    book, rows = logged
    expected = {(rows[1], RESEND), (rows[2], CARDINAL_SENT)}
    data, problems = read_workbook(book)
    assert data is not None
    ahead = [p for p in problems if "after the analysis date" in p.message]
    assert {(p.location.row, p.value) for p in ahead} == expected
    for p in ahead:
        assert p.severity == "warning"
        assert (p.location.sheet, p.location.column, p.location.letter) == (
            layout.NEGOTIATION_LOG, "date", "A")
        assert p.rule.startswith(f"a date after the analysis date {TODAY.isoformat()}: ")

    # the same book refreshed as of NOW
    assert refreshed[1].ok
    ws = open_book(refreshed[0])[layout.PROBLEMS]
    spec = layout.PROBLEMS_TABLE
    found = set()
    for row in ws.iter_rows(min_row=spec.header_row + 1, values_only=True):
        record = dict(zip([c.key for c in spec.columns], row, strict=False))
        if record["message"] and "after the analysis date" in str(record["message"]):
            assert (record["severity"], record["sheet"], record["column"]) == (
                "warning", layout.NEGOTIATION_LOG, "Date")
            found.add((record["cell"], record["value"]))
    assert found == {(f"A{r}", d.isoformat()) for r, d in expected}


def test_payer_names_in_other_capitals_are_one_payer_everywhere(
        demo_copy: Path, tmp_path: Path) -> None:
    # "Summit..." 11-10, "SUMMIT..." 11-14, "summit..." 11-20: the latest, 11-20, is the one
    # sent. Folding the names kept one spelling's day, 11-14, whose follow-up is Mon 12-01
    # (Thanksgiving skipped), not Fri 12-05.
    _log(demo_copy, [(date(2025, 11, 10), SUMMIT, "sent", None, None),
                     (date(2025, 11, 14), SUMMIT.upper(), "sent", None, None),
                     (date(2025, 11, 20), SUMMIT, "sent", None, None)])
    assert refresh_workbook(demo_copy, now=NOW).ok
    assert _timeline_sheet(demo_copy)[SUMMIT] == (date(2025, 12, 5), NOTES[SUMMIT])
    letter = write_proposal_letter(demo_copy, SUMMIT.lower(), tmp_path / "t.docx",
                                   kind="termination")
    assert letter.content.dates.proposal_sent == date(2025, 11, 20)


def test_the_counter_letter_answers_the_latest_offer_received_by_its_date(
        demo_copy: Path, tmp_path: Path) -> None:
    # Summit offered 97110 at $27.00 on Tue 11-25; a row dated Wed 12-10, after the letter's
    # date (the analysis date, TODAY), is no offer received yet
    _log(demo_copy, [(TODAY - timedelta(days=6), SUMMIT, "received", "97110", 27.00),
                     (TODAY + timedelta(days=9), SUMMIT, "received", "97110", 29.00)])
    letter = write_proposal_letter(demo_copy, SUMMIT, tmp_path / "c.docx", kind="counter")
    [line] = [ln for ln in letter.content.lines if ln.code == "97110"]
    assert line.offer_rate == 27.00
    assert any("offer of November 25, 2025" in t for t in letter.content.texts())
    later = write_proposal_letter(demo_copy, SUMMIT, tmp_path / "d.docx", kind="counter",
                                  letter_date=TODAY + timedelta(days=9))
    assert [ln.offer_rate for ln in later.content.lines if ln.code == "97110"] == [29.00]


def test_an_offer_only_dated_ahead_is_no_offer_received(demo_copy: Path,
                                                        tmp_path: Path) -> None:
    [row] = _log(demo_copy, [(TODAY + timedelta(days=9), SUMMIT, "received", "97110", 29.00)])
    with pytest.raises(InputError, match=(
            rf"no offer received from payer '{SUMMIT}' by the letter's date "
            rf"{TODAY.isoformat()} \(row {row} dated after it: not received yet\)")):
        write_proposal_letter(demo_copy, SUMMIT, tmp_path / "c.docx", kind="counter")
    assert not (tmp_path / "c.docx").exists()


def test_an_offer_given_dated_after_the_letter_is_refused(demo_copy: Path,
                                                         tmp_path: Path) -> None:
    # an --offer file's offer of a day after the letter: the letter thanked the payer for it
    offer = PayerOffer(SUMMIT, {"97110": 29.00}, received=TODAY + timedelta(days=9),
                       source="'offer.csv'")
    with pytest.raises(InputError, match=(
            rf"'offer.csv', payer '{SUMMIT}': the offer is dated 2025-12-10, after the "
            rf"letter's date {TODAY.isoformat()}: a letter answers an offer received by its "
            rf"date")):
        write_proposal_letter(demo_copy, SUMMIT, tmp_path / "c.docx", kind="counter",
                              offer=offer)
    letter = write_proposal_letter(demo_copy, SUMMIT, tmp_path / "c.docx", kind="counter",
                                   offer=offer, letter_date=TODAY + timedelta(days=9))
    assert [ln.offer_rate for ln in letter.content.lines if ln.code == "97110"] == [29.00]
