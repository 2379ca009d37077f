"""A payer no rate is asked of says so on every output, in one rule's words
(:func:`ratecalc.rates.payers_asked_nothing`).

A payer whose only contract starts after the analysis date has no term to renew and no letter
is written to it, yet the Proposal asked it the demo's biggest raise, counted in the Totals and
the Dashboard's "Proposal asks" (a left-over of session 66's agreement hunt: ended payers' asks
were withheld, not-started ones' were not). Its asks are now withheld as an ended payer's are,
"Why" saying so in the Priorities' words.

A contract that ended without renewal beside a successor on file for the same payer: the
ended note did not name the successor's start, where the Timeline's row of the successor does.
Every output of the ended note (Priorities, Timeline, Proposal, the letter's refusal, the exit
and scenario warnings) now names it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.errors import InputError
from ratecalc.report import summary, write_results
from ratecalc_cli.main import main
from ratecalc_letter import write_letter
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import open_book
from tests.workbook.libreoffice import SOFFICE, convert
from tests.workbook.test_refresh import table_frame

TODAY = date(2026, 12, 8)
#: the demo story's first target: its one contract moved to start 20 days after TODAY
LATER = "Summit BlueCare PPO"
START = TODAY + timedelta(days=20)
WITHHELD = ("its contract starts 2026-12-28, after the analysis date 2026-12-08: not in force "
            "yet, so no rates are asked and no letter is written")
#: The other payers' annual asks on 2026-12-08, as asked with Summit's contract in force (the
#: base tree d7e53d13 asked Summit $44,174.85 more, $110,686.09 in all): Pioneer 19,055.82 +
#: Cardinal 16,790.14 + Keystone 13,428.40 + Meridian 9,311.42 + Lakeside 7,925.46.
ASKS = 66_511.24

#: Meridian's contract ended 2027-06-30 (no auto-renewal); as of 2027-12-31 a successor signed
#: for it (product "PPO 2028") starts 2028-03-01.
ENDED_DAY = date(2027, 12, 31)
SUCCESSOR = date(2028, 3, 1)
ENDED = ("contract ended 2027-06-30 without renewal (as of 2027-12-31); its next contract "
         "starts 2028-03-01: no rates are asked and no letter is written; if it is still in "
         "force, give its current term's End date, or mark it Auto renew")


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def starting_later() -> ClinicData:
    data = demo_data(TODAY)
    contracts = data.contracts.copy()
    mine = (contracts["payer"] == LATER).to_numpy(dtype=bool)
    assert mine.sum() == 1  # the premise: its only contract
    contracts.loc[mine, "effective_date"] = START
    contracts.loc[mine, "end_date"] = START + timedelta(days=365)
    return replace(data, contracts=contracts,
                   settings=replace(data.settings, analysis_date=TODAY))


def with_successor() -> ClinicData:
    data = demo_data(date(2026, 12, 5))
    contracts = data.contracts
    meridian = contracts[contracts["payer"] == "Meridian Mutual"]
    assert len(meridian) == 1 and not bool(meridian["auto_renew"].iloc[0])  # the premise
    # one row per payer and product (the Contracts sheet refuses two): the new agreement's own
    successor = meridian.assign(effective_date=SUCCESSOR, end_date=date(2029, 2, 28),
                                contract_id="MM-2028", product="PPO 2028")
    return replace(data, contracts=pd.concat([contracts, successor], ignore_index=True),
                   settings=replace(data.settings, analysis_date=ENDED_DAY))


def _book(folder: Path, data: ClinicData, now: datetime) -> Path:
    path = folder / "clinic.xlsx"
    new_workbook(path, data)
    assert refresh_workbook(path, now=now).ok
    return path


@pytest.fixture(scope="module")
def later_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("later"), starting_later(), datetime(2026, 12, 8, 9))


@pytest.fixture(scope="module")
def successor_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("successor"), with_successor(),
                 datetime(2027, 12, 31, 9))


def test_a_payer_not_under_contract_yet_is_asked_nothing_on_any_output(later_book: Path,
                                                                       tmp_path: Path):
    analysis = analyze(starting_later())
    asks = analysis.proposal_summary.set_index("payer")["annual_impact"]
    assert asks[LATER] == 0
    assert round(asks.sum(), 2) == ASKS
    assert sum(p["annual_impact"] for p in summary(analysis)["proposal"]) == pytest.approx(ASKS)
    rows = analysis.proposal[analysis.proposal["payer"] == LATER]
    assert len(rows) and (rows["requested_rate"] == rows["current_rate"]).all()
    assert set(rows["reason"]) == {WITHHELD} and not rows["below_medicare"].any()
    # the Priorities' note for it is the start of its "Why"
    note = analysis.priorities.set_index("payer").loc[LATER, "deadline_note"]
    assert WITHHELD.startswith(f"its contract {note}")

    write_results(analysis, tmp_path / "out")
    totals = pd.read_csv(tmp_path / "out" / "proposal_summary.csv").set_index("payer")
    assert totals.loc[LATER, "annual_impact"] == 0
    assert round(totals["annual_impact"].sum(), 2) == ASKS
    csv = pd.read_csv(tmp_path / "out" / "proposal.csv", dtype={"code": str})
    assert set(csv.loc[csv["payer"] == LATER, "reason"]) == {WITHHELD}

    proposal = table_frame(later_book, layout.PROPOSAL_TABLE)
    mine = proposal[proposal["payer"] == LATER]
    assert len(mine) == len(rows)
    assert (mine["proposed_rate"] == mine["current_rate"]).all()
    assert {_one_line(w) for w in mine["reason"]} == {WITHHELD}

    # the letter was refused already, in the Timeline's words
    with pytest.raises(InputError, match="not in force yet, so no letter is written under it"):
        write_letter(analysis, LATER, tmp_path / "s.docx")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_sheets_sums_leave_a_not_started_payers_ask_out(later_book: Path, tmp_path: Path):
    """The Totals', Priorities' and Dashboard's formulas, computed by LibreOffice."""
    source = tmp_path / "source" / later_book.name
    source.parent.mkdir()
    shutil.copy2(later_book, source)
    recalculated = convert(source, tmp_path / "out", "xlsx")
    priorities = table_frame(recalculated, layout.PRIORITIES_TABLE,
                             data_only=True).set_index("payer")
    assert priorities.loc[LATER, "proposed_increase"] == 0
    totals = table_frame(recalculated, layout.PROPOSAL_SUMMARY_TABLE,
                         data_only=True).set_index("payer")
    assert totals.loc[LATER, "annual_impact"] == 0
    assert round(totals["annual_impact"].sum(), 2) == ASKS
    book = open_book(recalculated, data_only=True)
    ws = book[layout.DASHBOARD]
    shown = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
             for r in range(1, 30)}
    book.close()
    assert shown["Proposal asks, a year"] == pytest.approx(ASKS, abs=0.001)


def test_an_ended_contracts_note_names_its_successors_start(successor_book: Path,
                                                            tmp_path: Path, capsys):
    analysis = analyze(with_successor())
    priorities = analysis.priorities.set_index("payer")
    assert priorities.loc["Meridian Mutual", "status"] == "contract ended"
    assert priorities.loc["Meridian Mutual", "deadline_note"] == ENDED
    rows = analysis.proposal[analysis.proposal["payer"] == "Meridian Mutual"]
    assert len(rows) and set(rows["reason"]) == {ENDED}
    timeline = analysis.timeline
    ended_row = timeline[(timeline["payer"] == "Meridian Mutual")
                         & (timeline["status"] == "contract ended")]
    assert list(ended_row["note"]) == [ENDED]
    # the successor's own row says the same day
    assert any(str(n).startswith(f"starts {SUCCESSOR.isoformat()}")
               for n in timeline.loc[timeline["payer"] == "Meridian Mutual", "note"])

    sheet = table_frame(successor_book, layout.PRIORITIES_TABLE).set_index("payer")
    assert _one_line(sheet.loc["Meridian Mutual", "deadline_note"]) == ENDED
    proposal = table_frame(successor_book, layout.PROPOSAL_TABLE)
    assert {_one_line(w) for w in proposal.loc[proposal["payer"] == "Meridian Mutual",
                                               "reason"]} == {ENDED}

    with pytest.raises(InputError) as refused:
        write_letter(analysis, "Meridian Mutual", tmp_path / "m.docx", product="PPO")
    assert str(refused.value).endswith("cannot write the proposal letter: " + ENDED)

    assert main(["exit-impact", "--payer", "Meridian Mutual", "--data", str(successor_book),
                 "--json"]) == 0
    assert ("Meridian Mutual: no notice deadline and no exit date, as its " + ENDED
            + "; the estimate is what its visits are worth") in json.loads(
                capsys.readouterr().out)["warnings"]
    assert main(["scenario", "--payer", "Meridian Mutual", "--data", str(successor_book),
                 "--json"]) == 0
    assert ("Meridian Mutual: no term to renew, as its " + ENDED + "; projected as a new "
            "contract would be, from the rates in force on the analysis date") in json.loads(
                capsys.readouterr().out)["warnings"]
