"""A payer whose only contract starts after the analysis date has no contract in force: every
output that shows the payer's contract status says so in the Timeline's words, its start day
named, never a blank status or "no contract end date on file" (the contract is on file).

Found by the agreement hunt (hunt-agree-16, generated seed 2 told on 2027-01-01, its one
payer's contract starting 20 days later): the Timeline sheet, renewal_timeline.csv and
``timeline`` said "not in force yet", the Priorities sheet, priorities.csv and summary.json's
priorities showed a blank status and note, and ``analyze`` ranked the payer first with "no
contract end date on file". The payer's end date and notice deadline stay blank everywhere:
no contract term applies to it (tests/test_consistency.py's Newco Health).

"Today" is the fixture ``told_today`` (a day the bundled Medicare data covers); the contract
starts 20 days after it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.report import summary, write_results
from ratecalc.timeline import not_started_note, status_words
from ratecalc_cli.analyze import present
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.test_refresh import table_frame

#: the demo story's first negotiation target, with one contract (one product): "Negotiate
#: first" prints the first three payers
PAYER = "Summit BlueCare PPO"


def _starting_later(today: date) -> tuple[ClinicData, date]:
    data = demo_data(today)
    contracts = data.contracts.copy()
    mine = (contracts["payer"] == PAYER).to_numpy(dtype=bool)
    assert mine.sum() == 1  # the premise: its only contract
    start = today + timedelta(days=20)
    contracts.loc[mine, "effective_date"] = start
    contracts.loc[mine, "end_date"] = start + timedelta(days=365)
    return replace(data, contracts=contracts,
                   settings=replace(data.settings, analysis_date=today)), start


def test_a_payer_whose_only_contract_starts_later_says_so_everywhere(
        tmp_path: Path, capsys, told_today: date) -> None:  # type: ignore[no-untyped-def]
    today = told_today
    data, start = _starting_later(today)
    words = status_words("not_started")
    note = not_started_note(start, today)
    assert (words, note) == ("not in force yet", f"starts {start.isoformat()}, after the "
                             f"analysis date {today.isoformat()}: not in force yet")
    analysis = analyze(data)
    # the most dollars at stake, but no letter is written to it: listed after the payers with
    # a contract in force, unranked (tests/test_not_started_ranking.py)
    assert analysis.top_payer != PAYER

    timeline = analysis.timeline.set_index("payer").loc[PAYER]
    assert (timeline["status"], timeline["note"]) == (words, note)

    priorities = analysis.priorities.set_index("payer").loc[PAYER]
    assert (priorities["status"], priorities["deadline_note"]) == (words, note)
    # no contract term applies to it: no end date, no notice deadline, as before
    for column in ("end_date", "notice_deadline", "notice_days", "days_to_renewal"):
        assert pd.isna(priorities[column]) or priorities[column] is None, column

    info = summary(analysis)
    mine = next(p for p in info["priorities"] if p["payer"] == PAYER)
    assert (mine["status"], mine["deadline_note"]) == (words, note)

    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv", keep_default_na=False)
    row = csv.set_index("payer").loc[PAYER]
    assert (row["status"], row["deadline_note"]) == (words, note)

    present(analysis, tmp_path / "printed", as_json=False)
    printed = capsys.readouterr().out
    # not among the first three "Negotiate first" prints; where it is printed, its note ends
    # the line (tests/test_not_started_ranking.py, every payer's contract starting later)
    first = printed.split("Negotiate first:\n", 1)[1].split("\n\n")[0]
    assert f" {PAYER}: " not in first, first
    assert "no contract end date on file" not in printed

    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=datetime.combine(today, time(9))).ok
    sheet = table_frame(book, layout.PRIORITIES_TABLE).set_index("payer").loc[PAYER]
    # the sheet breaks a long note into lines to fit its column
    assert (sheet["status"], " ".join(sheet["deadline_note"].split())) == (words, note)
    on_timeline = table_frame(book, layout.TIMELINE_TABLE).set_index("payer").loc[PAYER]
    assert on_timeline["status"] == words
