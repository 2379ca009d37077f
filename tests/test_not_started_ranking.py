"""A payer not under contract yet (every contract of its starts after the analysis date) is no
negotiation target now: ``letter`` refuses to write under a contract not in force, so every
output that names the payer to negotiate with first (``Analysis.top_payer``: the Dashboard's
"Negotiate first with", ``refresh``'s "negotiate first with", the Proposal sheet's payer, the
demo's letter; ``analyze``'s "Negotiate first") names a payer with a contract in force. The
payer is listed after those, unranked, before the contracts that ended (one rule:
``ratecalc.rates.payers_not_started``, ``ratecalc.ranking.priority_order``).

Before: the demo story's first target (Summit BlueCare PPO, the most dollars at stake), its
only contract moved to start 20 days after "today", stayed rank 1, the Dashboard said
"Negotiate first with Summit BlueCare PPO" and ``ratecalc letter`` refused it. ``exit-impact``,
``scenario --payer`` and the warning of rates dated ahead said its rates were the analysis
date's as it had "no contract term on file to renew", where the Timeline, Priorities and
``analyze`` say "starts D, after the analysis date A: not in force yet" (hunt-agree-16 left
both). "Today" is the fixture ``told_today``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.errors import InputError
from ratecalc.ranking import priority_order
from ratecalc.rates import NO_TERM_TO_RENEW
from ratecalc.report import summary, write_results
from ratecalc.timeline import not_started_note
from ratecalc_cli.main import main
from ratecalc_letter.api import build_letter
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import open_book
from tests.workbook.test_refresh import table_frame

#: the demo story's payer with the most dollars at stake; its only contract is moved later
LATER = "Summit BlueCare PPO"
#: the demo story's second target (the next most dollars at stake, a contract in force)
NEXT = "Cardinal Employers Trust"


def _starting_later(today: date, payers: tuple[str, ...] = (LATER,),
                    fee_row: bool = False) -> tuple[ClinicData, date]:
    """The demo story told on ``today``, each of ``payers``' contracts starting 20 days later
    (and, with ``fee_row``, LATER's 97110 rate raised to $99.00 from that day)."""
    data = demo_data(today)
    contracts = data.contracts.copy()
    start = today + timedelta(days=20)
    mine = contracts["payer"].isin(payers).to_numpy(dtype=bool)
    contracts.loc[mine, "effective_date"] = start
    contracts.loc[mine, "end_date"] = start + timedelta(days=365)
    fees = data.fee_schedules
    if fee_row:
        row = fees[(fees["payer"] == LATER) & (fees["code"] == "97110")].iloc[[0]].copy()
        row["allowed_amount"] = 99.0
        row["effective_date"] = start
        fees = pd.concat([fees, row], ignore_index=True)
    return replace(data, contracts=contracts, fee_schedules=fees,
                   settings=replace(data.settings, analysis_date=today)), start


def _ended_then_restarting(today: date) -> tuple[ClinicData, date]:
    """The demo story told on ``today``, LATER's contract ended 30 days before without renewal
    and its successor NEXT-1 starting 25 days after: no contract of LATER's in force."""
    data = demo_data(today)
    contracts = data.contracts.copy()
    mine = (contracts["payer"] == LATER).to_numpy(dtype=bool)
    successor = contracts[mine].iloc[[0]].copy()
    contracts.loc[mine, "end_date"] = today - timedelta(days=30)
    contracts.loc[mine, "auto_renew"] = False
    start = today + timedelta(days=25)
    successor["contract_id"] = "NEXT-1"
    successor["effective_date"] = start
    successor["end_date"] = start + timedelta(days=364)
    return replace(data, contracts=pd.concat([contracts, successor], ignore_index=True),
                   settings=replace(data.settings, analysis_date=today)), start


def _dashboard_top(book: Path) -> object:
    ws = open_book(book, data_only=True)[layout.DASHBOARD]
    row = layout.DASHBOARD_FACTS_ROW + [k for k, _, _ in layout.DASHBOARD_FACTS].index(
        "top_payer")
    assert ws.cell(row=row, column=1).value == "Negotiate first with"
    return ws.cell(row=row, column=2).value


def test_a_payer_not_under_contract_yet_is_never_negotiated_with_first(
        tmp_path: Path, capsys, told_today: date) -> None:  # type: ignore[no-untyped-def]
    today = told_today
    data, start = _starting_later(today)
    analysis = analyze(data)
    core = analysis.priorities.set_index("payer")
    # the premise: it has the most dollars at stake, so ranked by dollars it came first
    assert core["dollars_at_stake"].idxmax() == LATER
    assert core.loc[NEXT, "dollars_at_stake"] == core["dollars_at_stake"].drop(LATER).max()

    payers = analysis.priorities["payer"].astype(str).tolist()
    assert len(payers) == 6 and payers[-1] == LATER, payers
    assert pd.isna(analysis.priorities["rank"].iloc[-1])
    assert analysis.priorities["rank"].iloc[:-1].tolist() == [1, 2, 3, 4, 5]
    assert analysis.top_payer == NEXT

    info = summary(analysis)
    assert info["top_payer"] == NEXT
    assert [p["rank"] for p in info["priorities"]] == [1, 2, 3, 4, 5, None]
    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv", keep_default_na=False)
    assert csv["payer"].iloc[-1] == LATER and csv["rank"].astype(str).iloc[-1] == ""

    # the letter agrees: none to the payer not under contract yet, one to the first named
    with pytest.raises(InputError, match="not in force yet"):
        build_letter(analysis, LATER)
    assert build_letter(analysis, NEXT).payer == NEXT

    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=datetime.combine(today, time(9))).ok
    assert _dashboard_top(book) == NEXT
    sheet = table_frame(book, layout.PRIORITIES_TABLE)
    assert sheet["payer"].astype(str).iloc[-1] == LATER
    assert pd.isna(sheet["rank"].iloc[-1]) or sheet["rank"].iloc[-1] in ("", None)
    proposal = open_book(book)[layout.PROPOSAL]
    assert proposal.cell(row=layout.SELECTED_PAYER_ROW,
                         column=layout.SELECTED_PAYER_COL).value == NEXT

    capsys.readouterr()
    assert main(["refresh", str(book)]) == 0
    assert f"negotiate first with {NEXT}." in capsys.readouterr().out
    assert main(["analyze", str(book), "--out", str(tmp_path / "analyzed")]) == 0
    first = capsys.readouterr().out.split("Negotiate first:\n")[1].split("\n\n")[0]
    assert first.splitlines()[0].startswith(f"  1. {NEXT}: "), first
    assert LATER not in first, first


def test_every_payer_not_under_contract_yet_leaves_none_to_negotiate_with_first(
        tmp_path: Path, capsys, told_today: date) -> None:  # type: ignore[no-untyped-def]
    """Every contract starting later: no payer ranked, none named first, and ``analyze``
    says why of each, as it does of an ended contract."""
    today = told_today
    data = demo_data(today)
    data, start = _starting_later(today, tuple(data.contracts["payer"].astype(str)))
    analysis = analyze(data)
    assert set(analysis.priorities["status"]) == {"not in force yet"}
    assert analysis.priorities["rank"].isna().all()
    assert analysis.top_payer is None and summary(analysis)["top_payer"] is None

    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=datetime.combine(today, time(9))).ok
    assert _dashboard_top(book) in (None, "")
    capsys.readouterr()
    assert main(["analyze", str(book), "--out", str(tmp_path / "analyzed")]) == 0
    first = capsys.readouterr().out.split("Negotiate first:\n")[1].split("\n\n")[0]
    lines = first.splitlines()
    assert len(lines) == 3, first
    note = not_started_note(start, today)
    for line in lines:
        assert line.startswith("  not ranked (not in force yet): "), line
        assert line.endswith(f"of volume, {note}"), line


def test_an_ended_contract_comes_after_one_not_in_force_yet() -> None:
    """In force first (by dollars), then not in force yet, then ended, whatever the dollars."""
    table = pd.DataFrame({"payer": ["Ended", "Later", "Small", "Big"],
                          "dollars_at_stake": [900.0, 800.0, 10.0, 500.0],
                          "days_to_renewal": [None, None, 30.0, 60.0],
                          "notice_deadline": [None, None, None, None]})
    ordered = priority_order(table, [True, False, False, False],
                             not_started=[False, True, False, False])
    assert ordered["payer"].tolist() == ["Big", "Small", "Later", "Ended"]


def test_exit_impact_names_the_start_of_a_contract_not_in_force_yet(
        tmp_path: Path, capsys, told_today: date) -> None:  # type: ignore[no-untyped-def]
    """Why the rates are the analysis date's: the Timeline's words, the start day named."""
    today = told_today
    data, start = _starting_later(today, fee_row=True)
    note = not_started_note(start, today)
    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    capsys.readouterr()
    assert main(["exit-impact", "--data", str(book), "--payer", LATER]) == 0
    said = capsys.readouterr().out.splitlines()[0]
    assert said.endswith(f"the rates in force on the analysis date {today.isoformat()}: "
                         f"its contract {note}).") and NO_TERM_TO_RENEW not in said, said


def test_scenario_names_the_start_of_a_contract_not_in_force_yet(
        tmp_path: Path, capsys, told_today: date) -> None:  # type: ignore[no-untyped-def]
    today = told_today
    data, start = _starting_later(today)
    note = not_started_note(start, today)
    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    capsys.readouterr()
    assert main(["scenario", "--data", str(book), "--payer", LATER]) == 0
    out = capsys.readouterr().out
    assert (f"Year 1 is priced at the rates in force on the analysis date, {today.isoformat()} "
            f"(its contract {note}).") in out, out
    assert NO_TERM_TO_RENEW not in out


def test_the_warning_of_rates_ahead_names_the_start_of_a_contract_not_in_force_yet(
        told_today: date) -> None:
    """The warning of its rate agreed for the contract's first day (the analysis', which
    every output lists)."""
    today = told_today
    data, start = _starting_later(today, fee_row=True)
    note = not_started_note(start, today)
    analysis = analyze(data)
    ahead = [w.message for w in analysis.warnings
             if f"{LATER} has rates on file that take effect after" in w.message]
    assert len(ahead) == 1, [w.message for w in analysis.warnings]
    assert f"the proposal builds on the rates in force on the analysis date (its contract " \
        f"{note})" \
        in ahead[0], ahead[0]
    assert NO_TERM_TO_RENEW not in ahead[0]


def test_a_contract_that_ended_does_not_govern_until_its_successor_starts(
        told_today: date) -> None:
    """The payer's contract ended without renewal before today and its next one starts later:
    no contract is in force. The warning of the later contract said the ended one "governs
    until then", beside the Priorities' "contract ended" (no rates asked, no letter)."""
    today = told_today
    data, start = _ended_then_restarting(today)
    analysis = analyze(data)
    said = [w.message for w in analysis.warnings if "NEXT-1" in w.message]
    assert len(said) == 1, [w.message for w in analysis.warnings]
    assert (f"NEXT-1 (PPO) starts {start.isoformat()}, after the analysis date "
            f"{today.isoformat()}, so it is not in force yet; {LATER} has no contract in force "
            f"on {today.isoformat()}") in said[0], said[0]
    assert "governs until then" not in said[0]
    # the payer itself is shown once, as ended: last, unranked
    priorities = analysis.priorities
    assert priorities["payer"].tolist().count(LATER) == 1
    last = priorities.iloc[-1]
    assert (last["payer"], last["status"]) == (LATER, "contract ended")
    assert pd.isna(last["rank"]) and analysis.top_payer == NEXT


def test_a_payer_ended_and_restarting_later_costs_no_other_payer_its_rank(
        told_today: date) -> None:
    """A payer whose contract ended and whose next one starts later is both ended and not
    under contract yet: counted once among the unranked. Counted twice, the lowest-ranked
    payer with a contract in force lost its rank (a blank beside "upcoming")."""
    data, _ = _ended_then_restarting(told_today)
    priorities = analyze(data).priorities
    others = priorities[priorities["payer"] != LATER]
    assert len(others) == len(priorities) - 1 >= 2
    assert others["rank"].tolist() == [float(n) for n in range(1, len(others) + 1)], (
        priorities[["payer", "rank", "status"]].to_string())
