"""Every command judges a Negotiation Log row "after today" against the one date the user gave
for today: ``timeline --as-of D``, ``letter --date D``, and the Settings' analysis date for
``refresh`` (the Timeline and Problems sheets) and ``analyze`` (``renewal_timeline.csv``,
``renewals.ics``, ``summary.json``).

Found by a review: ``timeline --as-of D`` counted the log's rows by D but warned of those dated
after the workbook's analysis date, and so did ``letter --date D``: a row between the two dates
was warned of as not happened while counted, or counted as not happened without a word.

The log is dated from TODAY, the demo workbook's analysis date (the fixture's NOW), and each
case gives another day D, a number of days from it, to every command:
- Summit BlueCare PPO: proposal sent TODAY - 11, offer of 97110 at $27.00 TODAY - 6, offer at
  $29.00 TODAY + 9, proposal resent TODAY + 18.
- Cardinal Employers Trust: proposal sent TODAY + 30 (after every D), its talks open TODAY.
As of D, a row dated after D is a warning at its Date cell naming D; the proposal sent is the
latest ``sent`` row on or before D; the offer answered the latest on or before D.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book
from .test_log_as_of import CARDINAL, OVERDUE, SUMMIT, _ics_follow_ups, _log, _timeline_sheet

TODAY = NOW.date()
#: (days from TODAY, payer, direction, code, offered rate)
LOG = [(-11, SUMMIT, "sent", None, None), (-6, SUMMIT, "received", "97110", 27.00),
       (9, SUMMIT, "received", "97110", 29.00), (18, SUMMIT, "sent", None, None),
       (30, CARDINAL, "sent", None, None)]
AFTER = re.compile(r"sheet 'Negotiation Log', row (\d+), column A 'Date': a date after "
                   r"(?:the analysis date|the as-of date|the letter's date) (\d{4}-\d\d-\d\d): ")


def _dated_after(messages: list[str]) -> set[tuple[int, str]]:
    """(row, the day it is said to be after) of each warning of a log row dated after a day."""
    return {(int(m[1]), m[2]) for m in map(AFTER.search, messages) if m}


def _stderr_warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning: ")]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    capsys.readouterr()
    assert main(list(args)) == ExitCode.OK, capsys.readouterr().err
    printed = capsys.readouterr()
    return printed.out, printed.err


def _letters(capsys: pytest.CaptureFixture[str], book: Path, out: Path, *dated: str
             ) -> tuple[set[tuple[int, str]], dict[str, date | None], float]:
    """The letters as of one day: the rows each warns of (all the same), the proposal each
    termination notice cites, and the 97110 offer the counter letter answers."""
    warned, sent = [], {}
    for payer in (SUMMIT, CARDINAL):
        info = json.loads(_run(capsys, "letter", str(book), "--payer", payer, "--kind",
                               "termination", "--out", str(out / f"{payer}.docx"), "--json",
                               *dated)[0])
        warned.append(_dated_after(info["warnings"]))
        given = info["dates"]["proposal_sent"]
        sent[payer] = date.fromisoformat(given) if given else None
    info = json.loads(_run(capsys, "letter", str(book), "--payer", SUMMIT, "--kind", "counter",
                           "--out", str(out / "counter.docx"), "--json", *dated)[0])
    warned.append(_dated_after(info["warnings"]))
    assert warned[0] == warned[1] == warned[2]
    [offered] = [ln["offer_rate"] for ln in info["lines"] if ln["code"] == "97110"]
    return warned[0], sent, offered


def _set_analysis_date(book: Path, day: date) -> None:
    wb = open_book(book)
    wb[layout.SETTINGS_SHEET].cell(row=layout.settings_row("analysis_date"),
                                   column=2).value = datetime.combine(day, datetime.min.time())
    wb.save(book)


def _problems_sheet(book: Path) -> set[tuple[int, str]]:
    ws = open_book(book)[layout.PROBLEMS]
    spec = layout.PROBLEMS_TABLE
    keys = [c.key for c in spec.columns]
    found = set()
    for values in ws.iter_rows(min_row=spec.header_row + 1, values_only=True):
        record = dict(zip(keys, values, strict=False))
        message = str(record.get("message") or "")
        m = re.search(r"a date after (?:the analysis date) (\d{4}-\d\d-\d\d): ", message)
        if m and record["sheet"] == layout.NEGOTIATION_LOG:
            found.add((int(str(record["cell"]).removeprefix("A")), m[1]))
    return found


@pytest.fixture(scope="module")
def logged_bytes(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[bytes, tuple[int, ...]]:
    """The demo workbook with :data:`LOG` written, once (a load and a save of the demo, alike
    for every case); and the sheet rows written."""
    path = tmp_path_factory.mktemp("logged") / demo_book.name
    shutil.copy2(demo_book, path)
    rows = _log(path, [(TODAY + timedelta(d), payer, direction, code, rate)
                       for d, payer, direction, code, rate in LOG])
    return path.read_bytes(), tuple(rows)


@pytest.mark.parametrize("after", [-3, 9, 20])
def test_every_command_judges_the_log_by_the_one_date_given_for_today(
        logged: tuple[Path, list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        after: int) -> None:
    day = TODAY + timedelta(days=after)
    demo_copy, rows = logged
    # worked from the log alone
    expected_after = {(row, day.isoformat()) for row, (d, *_) in zip(rows, LOG, strict=True)
                      if d > after}
    expected_sent = {payer: max((TODAY + timedelta(d) for d, p, direction, *_ in LOG
                                 if p == payer and direction == "sent" and d <= after),
                                default=None) for payer in (SUMMIT, CARDINAL)}
    [expected_offer] = [rate for d, _, direction, _, rate in LOG if direction == "received"
                        and d == max(d for d, _, r, *_ in LOG if r == "received" and d <= after)]
    overdue = after >= 0  # Cardinal's talks open TODAY; its proposal is sent after every D

    # 1. the workbook's analysis date is TODAY; the commands are given D
    ics = tmp_path / "timeline.ics"
    out, err = _run(capsys, "timeline", "--data", str(demo_copy), "--as-of", day.isoformat(),
                    "--json", "--ics", str(ics))
    assert _dated_after(_stderr_warnings(err)) == expected_after
    shown = {c["payer"]: c for c in json.loads(out)["contracts"]}
    timeline = {p: (date.fromisoformat(shown[p]["next_follow_up"])
                    if shown[p]["next_follow_up"] else None, shown[p]["note"] or "")
                for p in (SUMMIT, CARDINAL)}
    assert (OVERDUE in timeline[CARDINAL][1]) == overdue
    follow_ups = _ics_follow_ups(ics.read_text())

    letters = tmp_path / "dated"
    letters.mkdir()
    warned, sent, offered = _letters(capsys, demo_copy, letters, "--date", day.isoformat())
    assert warned == expected_after
    assert sent == expected_sent
    assert offered == expected_offer

    # 2. the analysis date is D: the sheets, the files of `analyze` and undated letters
    _set_analysis_date(demo_copy, day)
    assert refresh_workbook(demo_copy, now=datetime.combine(day, NOW.time())).ok
    assert _problems_sheet(demo_copy) == expected_after
    assert _timeline_sheet(demo_copy) == timeline

    results = tmp_path / "results"
    _, err = _run(capsys, "analyze", str(demo_copy), "--out", str(results))
    assert _dated_after(_stderr_warnings(err)) == expected_after
    csv = pd.read_csv(results / "renewal_timeline.csv", keep_default_na=False).set_index("payer")
    assert {p: (date.fromisoformat(csv.loc[p, "next_follow_up"])
                if csv.loc[p, "next_follow_up"] else None, csv.loc[p, "note"])
            for p in (SUMMIT, CARDINAL)} == timeline
    assert _ics_follow_ups((results / "renewals.ics").read_text()) == follow_ups
    summary = json.loads((results / "summary.json").read_text())
    notes = {n["payer"]: n["note"] for n in summary["timing_notes"]}
    assert {p: notes.get(p, "") for p in (SUMMIT, CARDINAL)} == {
        p: note for p, (_, note) in timeline.items()}

    undated = tmp_path / "undated"
    undated.mkdir()
    assert _letters(capsys, demo_copy, undated) == (expected_after, expected_sent,
                                                    expected_offer)
