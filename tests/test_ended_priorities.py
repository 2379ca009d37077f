"""A contract that ended without renewal is no negotiation target: every ranked list of payers
(the core's priorities, ``analyze``'s "Negotiate first", the summary's priorities and top
payer, priorities.csv, the Priorities sheet) shows it after every payer with a term to renew,
marked ended, as the Timeline lists it last.

The demo story's first negotiation target (the most dollars at stake), its contract made not to
renew, is told as of the day after that contract ended, taken from its own End date: no fixed
analysis date that will pass; "today" is the fixture ``told_today`` (a day the bundled Medicare
data covers), never the machine's day. Before the rule it still ranked first, "Negotiate first"
named it and the demo wrote it the letter the letter command refuses.
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
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import open_book
from tests.workbook.test_refresh import table_frame


def header_cell(ws, header: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The row and column of the cell reading ``header``."""
    return next((c.row, c.column) for row in ws.iter_rows() for c in row if c.value == header)

#: the demo story's payer with the most dollars at stake (its first "Negotiate first")
ENDED_PAYER = "Summit BlueCare PPO"


def _story_after_end(story: date) -> tuple[ClinicData, date]:
    """The demo story with ENDED_PAYER's contract not renewing, as of the day after it ended."""
    data = demo_data(story)
    assert analyze(data).top_payer == ENDED_PAYER  # the premise: it is the first target
    contracts = data.contracts.copy()
    mine = (contracts["payer"] == ENDED_PAYER).to_numpy(dtype=bool)
    contracts.loc[mine, "auto_renew"] = False
    end = contracts.loc[mine, "end_date"].iloc[0]
    end = end.date() if isinstance(end, datetime) else end
    as_of = end + timedelta(days=1)
    return replace(data, contracts=contracts,
                   settings=replace(data.settings, analysis_date=as_of)), end


def _ended_last(order: list[str]) -> None:
    assert len(order) == 6 and order[-1] == ENDED_PAYER, order


def test_an_ended_contract_is_ranked_after_every_payer_with_a_term(tmp_path: Path, capsys,
                                                                    told_today: date):
    today = told_today  # the demo's story, told as of today
    data, end = _story_after_end(today)
    analysis = analyze(data)
    payers = analysis.priorities["payer"].astype(str).tolist()
    _ended_last(payers)
    assert analysis.priorities.iloc[-1]["status"] == "contract ended"
    assert analysis.top_payer != ENDED_PAYER

    info = summary(analysis)
    _ended_last([p["payer"] for p in info["priorities"]])
    assert info["top_payer"] == analysis.top_payer

    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv")
    _ended_last(csv["payer"].astype(str).tolist())

    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=datetime.combine(today, time(9))).ok
    sheet = table_frame(book, layout.PRIORITIES_TABLE)
    _ended_last(sheet["payer"].astype(str).tolist())

    capsys.readouterr()
    assert main(["analyze", str(book), "--out", str(tmp_path / "analyzed")]) == 0
    out = capsys.readouterr().out
    first = out.split("Negotiate first:")[1].split("\n\n")[0]
    assert ENDED_PAYER not in first, first
    assert f"contract ended {end.isoformat()}" not in first


def test_no_payer_is_negotiated_with_first_when_every_contract_ended(told_today: date):
    """Ranked last, an ended payer was still the "Negotiate first with" (and the demo's letter)
    once every contract had ended."""
    data = demo_data(told_today)
    contracts = data.contracts.copy()
    contracts["auto_renew"] = False
    end = max(d.date() if isinstance(d, datetime) else d for d in contracts["end_date"])
    data = replace(data, contracts=contracts,
                   settings=replace(data.settings, analysis_date=end + timedelta(days=1)))
    analysis = analyze(data)
    assert set(analysis.priorities["status"]) == {"contract ended"}
    assert analysis.top_payer is None
    assert summary(analysis)["top_payer"] is None


def test_an_ended_payer_has_no_rank_on_any_priorities_output(tmp_path: Path, capsys,
                                                              told_today: date):
    """An ended contract is no negotiation target: it showed rank 6 (priorities.csv, the
    summary, the Priorities sheet) as if it were the sixth payer to negotiate with. No output
    numbers it now; its status says "contract ended", and the payers with a term to renew keep
    the ranks 1 to 5."""
    today = told_today  # the demo's story, told as of today
    data, end = _story_after_end(today)
    analysis = analyze(data)
    core = analysis.priorities
    assert pd.isna(core.iloc[-1]["rank"]), core.iloc[-1]["rank"]
    assert core["rank"].iloc[:-1].tolist() == [1, 2, 3, 4, 5]

    info = summary(analysis)
    assert [p["rank"] for p in info["priorities"]] == [1, 2, 3, 4, 5, None]
    assert info["priorities"][-1]["status"] == "contract ended"

    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv", keep_default_na=False)
    assert csv["rank"].astype(str).tolist() == ["1", "2", "3", "4", "5", ""]
    assert csv["status"].iloc[-1] == "contract ended"

    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=datetime.combine(today, time(9))).ok
    sheet = table_frame(book, layout.PRIORITIES_TABLE)
    assert sheet["payer"].iloc[-1] == ENDED_PAYER
    # the cells as written (a frame of them makes a blank NaN, as it would a NaN written)
    ws = open_book(book)[layout.PRIORITIES]
    top, rank_col = header_cell(ws, "Rank")
    ranks = [ws.cell(row=top + n, column=rank_col).value for n in range(1, 7)]
    assert ranks == [1, 2, 3, 4, 5, None]
    assert sheet["status"].iloc[-1] == "contract ended"


def test_analyze_numbers_no_payer_whose_contract_ended(tmp_path: Path, capsys,
                                                        told_today: date):
    """Every contract ended: "Negotiate first" listed them "1. ...", "2. ...", numbered as
    targets; each is said not ranked, its contract ended."""
    data = demo_data(told_today)
    contracts = data.contracts.copy()
    contracts["auto_renew"] = False
    end = max(d.date() if isinstance(d, datetime) else d for d in contracts["end_date"])
    as_of = end + timedelta(days=1)
    data = replace(data, contracts=contracts,
                   settings=replace(data.settings, analysis_date=as_of))
    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=datetime.combine(as_of, time(9))).ok
    capsys.readouterr()
    assert main(["analyze", str(book), "--out", str(tmp_path / "analyzed")]) == 0
    first = capsys.readouterr().out.split("Negotiate first:")[1].split("\n\n")[0]
    lines = [ln for ln in first.splitlines() if ln.strip()]
    assert len(lines) == 3, first
    for line in lines:
        assert line.startswith("  not ranked (contract ended): "), line
