"""One rule, one function: every output that shows a figure shows the same figure.

Each rule (notice deadline, dollars at stake, rate in force, visits, status) is checked across
the CSV tables, summary.json, the .ics calendar, the refreshed workbook's sheets, the letters
and the commands' JSON, on the demo clinic and on the second fixture clinic (tests/data/lonestar).
Expected values are hand-computed where noted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ratecalc import scenarios
from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError
from ratecalc.exit_impact import annual_revenue_by_payer
from ratecalc.loaders import load_folder, require
from ratecalc.money import percent_text, round_cents
from ratecalc.rates import new_term_starts
from ratecalc.timeline import contract_label, notice_deadline, renewal_calendar, status_words
from ratecalc.visit_payment import PaymentRules, payer_rates_from_tables
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.results import WorkbookResults, compute_results
from tests.books import load_book

from .clinics import (
    LONESTAR_TODAY,
    Outputs,
    demo,
    demo_calendar_folder,
    demo_with_modifier_rows,
    lonestar,
    lonestar_folder,
    outputs,
)
from .conftest import DemoRun
from .medicare_days import bundled_through

#: demo_calendar: the demo as of 2026-12-05 with contracts ending 2028-02-29, 2027-05-31 and
#: 2027-01-31 (tests/clinics.py, demo_calendar_folder)
CLINICS = ("demo", "lonestar", "demo_modifiers", "demo_calendar")
#: The demo's tables as shipped tell their story as of this day (ratecalc.demo.ANCHOR)
DEMO_TODAY = "2025-12-01"


@pytest.fixture(scope="module", params=CLINICS)
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    tmp = tmp_path_factory.mktemp(request.param)
    if request.param == "demo":
        return outputs(demo(), tmp, ("--demo", "--today", DEMO_TODAY))
    folder = (lonestar_folder(tmp / "tables") if request.param == "lonestar"
              else demo_calendar_folder(tmp / "tables") if request.param == "demo_calendar"
              else demo_with_modifier_rows(tmp / "tables"))
    data = lonestar(LONESTAR_TODAY) if request.param == "lonestar" else require(
        load_folder(folder))
    return outputs(data, tmp, ("--data", str(folder)))


@pytest.fixture(scope="module")
def printed() -> dict[tuple[str, ...], tuple[int, str]]:
    """What a command printed (its exit code and standard output), by its arguments, for the
    module: two tests run the same ``scenario --payer P --json`` on one clinic's tables, each
    run a load and an analysis; each test still asserts on the code and the JSON it parses."""
    return {}


def _ran(printed: dict[tuple[str, ...], tuple[int, str]],
         capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """``main(args)``'s exit code and standard output, run once per module."""
    if args not in printed:
        capsys.readouterr()
        code = main(list(args))
        printed[args] = (code, capsys.readouterr().out)
    return printed[args]


def _is(out: Outputs, clinic: str) -> bool:
    """Whether ``out`` is the fixture clinic named ``clinic`` (one of :data:`CLINICS`): its
    outputs are under a folder made for it by that name."""
    return out.folder.parent.name.rstrip("0123456789") == clinic


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def test_notice_deadline_is_one_date_everywhere(out: Outputs) -> None:
    a = out.analysis
    contracts = a.data.contracts
    timeline = out.csv("renewal_timeline").set_index("payer")
    priorities = out.csv("priorities").set_index("payer")
    summary = {p["payer"]: p for p in out.summary["priorities"]}
    sheet_pri = out.sheet(layout.PRIORITIES_TABLE).set_index("payer")
    sheet_tl = out.sheet(layout.TIMELINE_TABLE).set_index("payer")
    sheet_exit = out.sheet(layout.EXIT_TABLE).set_index("payer")
    events = out.ics()
    for row in contracts.itertuples():
        payer = row.payer
        expected = _day(timeline.loc[payer, "notice_deadline"])
        # the rule itself: end date (the current term's) minus the notice days, moved back
        assert expected == notice_deadline(_day(timeline.loc[payer, "end_date"]),
                                           int(row.notice_days))
        assert _day(priorities.loc[payer, "notice_deadline"]) == expected
        assert _day(summary[payer]["notice_deadline"]) == expected
        assert _day(sheet_pri.loc[payer, "notice_deadline"]) == expected
        assert _day(sheet_tl.loc[payer, "notice_deadline"]) == expected
        assert _day(sheet_exit.loc[payer, "notice_deadline"]) == expected
        who = contract_label(payer, row.product)
        notice_events = [e["date"] for e in events if e["summary"] == f"NOTICE DEADLINE: {who}"]
        assert notice_events == [expected]
        if payer in out.letters:
            assert out.letters[payer].dates.notice_deadline == expected


def test_timing_warnings_are_one_text_everywhere(out: Outputs) -> None:
    # a near deadline, a proposal due and not sent, too little time: the Timeline sheet's
    # "Timing warning", renewal_timeline.csv, summary.json (what `ratecalc demo`/`analyze`
    # print under "Deadlines:") say the same for every contract
    def notes(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
        # the sheet breaks a long warning's lines itself, at spaces (dates kept whole)
        return {(str(r.payer), "" if pd.isna(r.product) else str(r.product)):
                " ".join(str(r.note).split())
                for r in frame.itertuples() if isinstance(r.note, str) and r.note}

    sheet = notes(out.sheet(layout.TIMELINE_TABLE))
    csv = notes(out.csv("renewal_timeline"))
    summary = {(t["payer"], t["product"]): t["note"] for t in out.summary["timing_notes"]}
    if out.analysis.data.proposals_sent is None:
        # a folder of tables has no Negotiation Log, so what was sent is not known there; the
        # workbook made from it has one, empty: only it can say a proposal is due and not sent
        # and that its follow-ups wait for the send; without it the plan's follow-ups can run
        # out ("no follow-up left"). Each side is compared without what its log tells
        sheet, csv, summary = (_without_log_clauses(n) for n in (sheet, csv, summary))
    assert csv == sheet
    assert summary == sheet
    assert sheet  # every fixture clinic has a contract to warn about


#: The clauses of a Timeline note that depend on what the Negotiation Log tells of the send.
_LOG_CLAUSES = re.compile(
    r"proposal due \S+ \([^)]*\), none logged"
    r"|send (it now|the proposal by \S+); follow-ups are dated from the day the log says it "
    r"went(; decide by \S+)?"
    r"|no follow-up left; decide by \S+")


def _without_log_clauses(notes: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    kept = {key: "; ".join(p for p in _LOG_CLAUSES.sub("", note).split("; ") if p)
            for key, note in notes.items()}
    return {key: note for key, note in kept.items() if note}


def test_the_demo_says_which_proposal_is_due_as_its_workbook_does(demo_run: DemoRun) -> None:
    # the demo's own tables know no proposal was sent (its workbook's Negotiation Log is
    # empty): the summary said nothing of the proposal due while the Timeline sheet did
    assert demo_run.code == 0
    printed = demo_run.stdout
    deadlines = printed.split("Deadlines:\n", 1)[1].split("\n\n", 1)[0]
    due = [line for line in deadlines.splitlines() if "none logged" in line]
    assert due, deadlines
    book = load_book(demo_run.files / "negotiation.xlsx")
    shown = [" ".join(c.value.split()) for row in book[layout.TIMELINE].iter_rows() for c in row
             if isinstance(c.value, str) and "none logged" in " ".join(c.value.split())]
    assert len(due) == len(shown)
    for line, cell in zip(due, shown, strict=True):
        assert line.endswith(cell)


KEYSTONE = "Keystone Health Plan"


def test_a_payers_two_revenues_are_each_one_figure_named_apart_everywhere(
        demo_run_2026_12_05: DemoRun, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo's Keystone as of 2026-12-05 (2% escalator on each January 1, new term
    2028-01-01) has two revenues a year, two quantities, each shown alike wherever it is shown:
    at the analysis date's rates $256,355.49 (Priorities, priorities.csv ``annual_revenue``)
    and at the rates in force when its new term begins, its rates raised twice by 2%,
    $266,708.31 (the Totals' "Revenue at new-term rates", proposal_summary.csv and summary.json
    ``new_term_revenue``, the Scenarios' year 1 on both sides, Exit Impact's revenue at risk).
    The second was headed "Current revenue" on the Totals and keyed ``current_revenue``: read
    beside the first as one figure that disagreed. Each is named by its day now."""
    run = demo_run_2026_12_05
    assert run.code == 0
    today, new_term = 256_355.49, 266_708.31
    priorities = pd.read_csv(run.files / "priorities.csv").set_index("payer")
    totals = pd.read_csv(run.files / "proposal_summary.csv").set_index("payer")
    summary = json.loads((run.files / "summary.json").read_text(encoding="utf-8"))
    assert priorities.loc[KEYSTONE, "annual_revenue"] == today
    assert totals.loc[KEYSTONE, "new_term_revenue"] == new_term
    assert "current_revenue" not in totals.columns
    (row,) = [r for r in summary["proposal"] if r["payer"] == KEYSTONE]
    assert row["new_term_revenue"] == new_term and "current_revenue" not in row
    demo = ["--demo", "--today", "2026-12-05"]
    assert main(["scenario", "--payer", KEYSTONE, *demo, "--json"]) == 0
    scenario = json.loads(capsys.readouterr().out)
    assert scenario["year1_rates_on"] == "2028-01-01"
    assert scenario["years"][0]["fixed_revenue"] == scenario["years"][0]["pct_revenue"] \
        == new_term
    assert main(["exit-impact", "--payer", KEYSTONE, *demo, "--json"]) == 0
    exit_impact = json.loads(capsys.readouterr().out)
    assert (exit_impact["revenue_at_risk"], exit_impact["rates_on"]) == (new_term, "2028-01-01")
    # the sheets head each with its day; their formulas sum the Comparison's and the
    # Proposal's rates the CSVs above were written from
    book = load_book(run.files / "negotiation.xlsx")
    headers = {ws.title: [c.value for c in ws[layout.HEADER_ROW]] for ws in book.worksheets}
    assert "Annual revenue at the analysis date's rates" in headers[layout.PRIORITIES]
    assert headers[layout.TOTALS][:5] == ["Payer", "Units with a rate", "Revenue at new-term rates",
                                          "Revenue at asked rates", "Annual impact"]


@pytest.fixture
def data_as_worked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The bundled releases through RVU26C, on which a test's figures were worked by hand: the
    demo's 2027 new terms are days they do not cover (a 2027 release bundled later would price
    them and change the figures)."""
    with bundled_through(date(2026, 12, 31), tmp_path_factory.mktemp("cms")):
        yield


def test_in_2027_each_revenue_is_still_one_figure_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], data_as_worked: None) -> None:
    """The demo told as of 2027-02-01, a day no bundled Medicare release covers: it prices
    Medicare on 2026-12-31 and says so (the stand-in warned, never silent). Every payer's
    revenue at new-term rates is one figure in proposal_summary.csv, summary.json, the
    Scenarios' year 1 (``scenario --json``) and the revenue at risk (``exit-impact --json``),
    percent-of-Medicare contracts included; its revenue at the analysis date's rates is
    priorities.csv's, and Keystone's two differ by its escalator as in 2026."""
    demo = ["--demo", "--today", "2027-02-01"]
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--today", "2027-02-01", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["medicare_date"] == "2026-12-31"
    assert any("Medicare amounts are 2026's" in w for w in summary["warnings"])
    totals = pd.read_csv(out / "proposal_summary.csv").set_index("payer")["new_term_revenue"]
    today = pd.read_csv(out / "priorities.csv").set_index("payer")["annual_revenue"]
    assert {r["payer"]: r["new_term_revenue"] for r in summary["proposal"]} == totals.to_dict()
    assert (today[KEYSTONE], totals[KEYSTONE]) == (256_355.49, 266_708.31)
    for payer, revenue in totals.items():
        assert main(["scenario", "--payer", str(payer), *demo, "--json"]) == 0
        year1 = json.loads(capsys.readouterr().out)["years"][0]
        assert year1["fixed_revenue"] == year1["pct_revenue"] == revenue, payer
        assert main(["exit-impact", "--payer", str(payer), *demo, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["revenue_at_risk"] == revenue, payer


def test_notice_deadline_hand_computed() -> None:
    # Texas Employers Trust: 2026-05-30 - 90 days = Sunday 2026-03-01 -> Friday 2026-02-27;
    # Cardinal (demo): 2026-04-30 - 60 days = Sunday 2026-03-01 -> Friday 2026-02-27
    assert notice_deadline(date(2026, 5, 30), 90) == date(2026, 2, 27)
    assert notice_deadline(date(2026, 4, 30), 60) == date(2026, 2, 27)


def test_calendar_clinic_dates_by_hand(tmp_path: Path) -> None:
    """The calendar fixture's dates, counted by hand, as of Sat 2026-12-05 (the other tests
    check that every output shows them alike):
    - Summit, ending Tue 2028-02-29 (a leap day), 90 days: 29 + 31 + 30 days back is Wed
      2027-12-01; talks open five months before, Wed 2027-09-29; decide ten business days
      before the deadline, Thanksgiving (Thu 2027-11-25) skipped: Tue 2027-11-16.
    - Meridian, ending Mon 2027-05-31, 90 days: 31 + 30 + 29 back, Tue 2027-03-02; talks
      open Thu 2026-12-31 (May 31 less five months), preparation 30 days before, Tue
      2026-12-01, so it is preparing now.
    - Cardinal, ending Sun 2027-01-31, 60 days: 31 + 29 back, Wed 2026-12-02, 3 days ago."""
    data = require(load_folder(demo_calendar_folder(tmp_path / "tables")))
    s = data.settings
    table = renewal_calendar(data.contracts, as_of=s.as_of, notice_days=s.notice_days,
                             lead_months=s.lead_months).set_index("payer")
    columns = ["notice_deadline", "negotiation_start", "decision_date", "days_to_notice"]
    assert tuple(table.loc["Summit BlueCare PPO", columns]) == (
        date(2027, 12, 1), date(2027, 9, 29), date(2027, 11, 16), 361)
    assert tuple(table.loc["Meridian Mutual", ["notice_deadline", "negotiation_start",
                                               "prepare_start", "status"]]) == (
        date(2027, 3, 2), date(2026, 12, 31), date(2026, 12, 1), status_words("prepare_now"))
    assert tuple(table.loc["Cardinal Employers Trust", ["notice_deadline", "days_to_notice",
                                                        "status"]]) == (
        date(2026, 12, 2), -3, status_words("notice_passed"))


def test_dollars_at_stake_means_dollars_below_market(out: Outputs,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    priorities = out.csv("priorities").set_index("payer")["dollars_at_stake"]
    timeline = out.csv("renewal_timeline").groupby("payer")["dollars_at_stake"].first()
    summary = pd.Series({p["payer"]: p["dollars_at_stake"] for p in out.summary["priorities"]})
    # the timeline command on the same tables
    assert main(["timeline", *out.source, "--json"]) == 0
    cli = pd.DataFrame(json.loads(capsys.readouterr().out)["contracts"]).groupby(
        "payer")["dollars_at_stake"].first()
    for payer in timeline.index:
        assert timeline[payer] == priorities[payer] == summary[payer] == cli[payer], payer
    # below market and nothing else: a payer paid above market everywhere has 0 at stake
    comparison = out.csv("comparison")
    by_hand = (comparison["benchmark"] - comparison["allowed_amount"]).clip(lower=0) \
        * comparison["units_per_year"]
    expected = by_hand.groupby(comparison["payer"]).sum()
    for payer, value in expected.items():
        assert priorities[payer] == pytest.approx(float(round_cents(value)), abs=0.02)


def test_dollars_at_stake_by_hand_on_the_fixture() -> None:
    # Gulf Coast: (33-23.21)*700 + (31-21.90)*400 + (39-27.90)*300 + (110-79)*90 + (36-25.82)*200
    a = outputs_free_priorities()
    assert float(round_cents(a.loc["Gulf Coast Health Plan"])) == 18649.00


def outputs_free_priorities() -> pd.Series:
    from ratecalc.analysis import analyze

    return analyze(lonestar()).priorities.set_index("payer")["dollars_at_stake"]


def test_rate_in_force_is_one_rate_everywhere(out: Outputs) -> None:
    """The analysis date's rate in force on the Comparison (CSV and sheet) and as the Proposal's
    "rate today"; the Proposal's current rate (the one in force when the new term begins) on
    its sheet and in the letter. They differ only where a rate agreed for a day inside the term
    takes effect (demo_modifiers: Lakeside's 97110, $37.83 today, $39.50 from 2026-07-01), or
    where the contract's escalator raises the rate by then (the demo's Keystone, 2% a year, and
    Lakeside, 2.5%, on each January 1)."""
    comparison = out.csv("comparison").set_index(["payer", "code"])["allowed_amount"]
    proposal_csv = out.csv("proposal").set_index(["payer", "code"])
    proposal = proposal_csv["current_rate"]
    sheet_cmp = out.sheet(layout.COMPARISON_TABLE)
    sheet_cmp["code"] = sheet_cmp["code"].astype(str)
    sheet_cmp = sheet_cmp.set_index(["payer", "code"])["allowed_amount"]
    sheet_prop = out.sheet(layout.PROPOSAL_TABLE)
    sheet_prop["code"] = sheet_prop["code"].astype(str)
    sheet_prop = sheet_prop.set_index(["payer", "code"])["current_rate"]
    # the comparison's rate is the analysis date's, the proposal's the one in force when the
    # new term begins (a percent-of-Medicare contract's: its percentage of Medicare then)
    for key, rate in proposal.items():
        assert comparison[key] == proposal_csv.loc[key, "rate_today"]
        assert sheet_cmp[key] == pytest.approx(comparison[key], abs=0.005)
        assert sheet_prop[key] == pytest.approx(rate, abs=0.005)
    # a percent-of-Medicare contract's rate moves with the Medicare amounts of its new term's
    # first day; a fee-schedule payer's only where it agreed a rate for a day before then: a
    # row dated ahead, or its contract's escalator on an anniversary (before, the escalator
    # was left out: the demo's Keystone and Lakeside built on their rows as written)
    percent = set(out.csv("comparison").query("rate_source == 'contract % of Medicare'")["payer"])
    moved = proposal_csv[proposal_csv["current_rate"] != proposal_csv["rate_today"]]
    agreed = moved[[p not in percent for p, _ in moved.index]]
    assert all(isinstance(_day(d), date) for d in agreed["rate_agreed_from"])
    raising = (set() if _is(out, "lonestar")
               else {"Keystone Health Plan", "Lakeside Health Partners"})
    assert {p for p, _ in agreed.index} == raising
    if not _is(out, "lonestar"):
        # Keystone (2%, effective 2024-01-01, its row of 2025-01-01, new term 2027-01-01):
        # $28.98 -> $29.56 (2026-01-01) -> $30.15 (2027-01-01)
        assert tuple(agreed.loc[("Keystone Health Plan", "97110"),
                                ["rate_today", "current_rate"]]) == (28.98, 30.15)
        # Lakeside (2.5%, new term 2028-01-01) 97110: its row of 2025-01-01, $37.83 -> $38.78
        # -> $39.75 -> $40.74; on demo_modifiers its $39.50 agreed from 2026-07-01 -> $40.49
        # (2027-01-01) -> $41.50 (2028-01-01)
        lakeside = 41.50 if _is(out, "demo_modifiers") else 40.74
        assert tuple(agreed.loc[("Lakeside Health Partners", "97110"),
                                ["rate_today", "current_rate"]]) == (37.83, lakeside)
    for payer, letter in out.letters.items():
        for line in letter.lines:
            assert line.current_rate == pytest.approx(proposal[(payer, line.code)], abs=0.005)
    # exit impact prices the proposal's rates: revenue at risk = the Totals' current revenue
    exit_sheet = out.sheet(layout.EXIT_TABLE).set_index("payer")
    revenue = out.csv("proposal_summary").set_index("payer")["new_term_revenue"]
    for payer in revenue.index:
        at_risk = exit_sheet.loc[payer, "annual_visits"] * exit_sheet.loc[payer, "rate_per_visit"]
        assert at_risk == pytest.approx(revenue[payer], abs=0.05), payer


def test_fee_schedule_rate_is_one_rate_everywhere(
        out: Outputs, capsys: pytest.CaptureFixture[str],
        printed: dict[tuple[str, ...], tuple[int, str]]) -> None:
    """The payer's rate (its schedule rate, or what its percent-of-Medicare contract pays), by
    one rule: on the analysis date the comparison's, the Priorities' revenue and the visit
    pricing; on the day the payer's new term begins the Proposal's current rate, the Scenarios
    sheet's year 1 on both sides (and the scenario command's), the exit estimates' revenue and
    the Totals' current revenue (they differ where a rate agreed for a day inside the term
    takes effect: demo_modifiers' Lakeside 97110, $37.83 today, $39.50 from 2026-07-01)."""
    data = out.analysis.data
    comparison = out.csv("comparison")
    in_force = comparison.set_index(["payer", "code"])["allowed_amount"]
    proposal = out.csv("proposal").set_index(["payer", "code"])["current_rate"]
    volumes = data.volumes.set_index(["payer", "code"])["units_per_year"]
    revenue = out.csv("priorities").set_index("payer")["annual_revenue"]
    current = out.csv("proposal_summary").set_index("payer")["new_term_revenue"]
    # Scenarios sheet: year-1 fixed revenue = units x the Proposal's current rate = the Totals'
    years = out.sheet(layout.SCENARIO_YEARS_TABLE)
    first = years[years["year"] == 1].set_index("payer")
    assert len(first) > 0
    for payer, base in first["fixed_at_rates"].items():
        expected = sum(units * proposal[(payer, code)]
                       for (p, code), units in volumes.items() if p == payer)
        assert base == pytest.approx(expected, abs=0.005), payer
        assert round(base, 2) == current[payer], payer
    # a percent-of-Medicare payer's percent side in year 1 is what it pays, too
    percent = set(comparison.loc[comparison["rate_source"] == "contract % of Medicare", "payer"])
    # they differ where a rate agreed inside the term takes effect, or the contract's escalator
    # raises it by the new term (the demo's Keystone and Lakeside), and for a percent contract
    # where its new term begins in another Medicare year (its percentage of that year's amounts)
    differ = {str(p) for p in first.index if current[p] != revenue[p]} - percent
    assert differ == (set() if _is(out, "lonestar")
                      else {"Keystone Health Plan", "Lakeside Health Partners"})
    assert percent & set(first.index)
    for payer in percent & set(first.index):
        assert round(first.loc[payer, "pct_at_rates"], 2) == current[payer], payer
    # the scenario command on the same tables (for Summit: its newer GP row on demo_modifiers;
    # Lakeside: its rate agreed inside the term), and on a percent-of-Medicare payer
    named = [p for p in first.index if p in ("Summit BlueCare PPO", "Lakeside Health Partners")
             ] or [str(first.index[0])]
    for payer in [*named, *sorted(percent & set(first.index))[:1]]:
        code, text = _ran(printed, capsys, "scenario", "--payer", payer, *out.source, "--json")
        assert code == 0
        shown = json.loads(text)
        for line in shown["codes"]:
            assert line["fixed_rate"] == proposal[(payer, line["code"])], line
            assert line["rate_today"] == in_force[(payer, line["code"])], line
        assert shown["years"][0]["fixed_revenue"] == current[payer], payer
    # exit impact priced from the fee schedules alone (no analysis at hand): on the analysis
    # date, the Priorities' revenue; on each payer's new-term start, the Totals' current revenue
    by_schedule = comparison["rate_source"].str.startswith("fee schedule")
    fixed_payers = set(comparison.loc[by_schedule, "payer"]) - set(
        comparison.loc[~by_schedule, "payer"])
    alone = annual_revenue_by_payer(data.fee_schedules, data.volumes, as_of=out.analysis.as_of,
                                    contracts=data.contracts).set_index("payer")
    at_new_term = annual_revenue_by_payer(
        data.fee_schedules, data.volumes, as_of=out.analysis.as_of,
        payer_dates=new_term_starts(data.contracts, out.analysis.as_of),
        contracts=data.contracts).set_index("payer")
    assert fixed_payers
    for payer in fixed_payers:
        assert alone.loc[payer, "annual_revenue"] == pytest.approx(revenue[payer], abs=0.005)
        assert at_new_term.loc[payer, "annual_revenue"] == pytest.approx(current[payer],
                                                                          abs=0.005)
    # visit pricing: every rate the comparison shows, percent-of-Medicare contracts included
    medicare = comparison.drop_duplicates("code").assign(rate=lambda f: f["medicare_amount"])
    rates, _ = payer_rates_from_tables(data.contracts, data.fee_schedules,
                                       medicare[medicare["rate"].notna()][["code", "rate"]],
                                       as_of=out.analysis.as_of)
    priced = rates.set_index(["payer", "code"])["rate"]
    shown = comparison[comparison["allowed_amount"].notna()
                       & comparison["medicare_amount"].notna()]
    assert len(shown) > 0
    for row in shown.itertuples():
        assert priced[(row.payer, row.code)] == row.allowed_amount, (row.payer, row.code)


def test_scenario_year_one_is_the_revenue_on_both_sides_everywhere(
        out: Outputs, capsys: pytest.CaptureFixture[str],
        printed: dict[tuple[str, ...], tuple[int, str]]) -> None:
    """Year 1 of both arrangements, for every payer, fixed-dollar or percent-of-Medicare, is the
    Totals' current revenue (the Proposal's current rates, in force when the new term begins)
    to the cent: on the Scenarios sheet (its year-1 revenue at its rates, so every year's and
    the all-payers difference start at $0.00) and in the scenario command's JSON. A fixed
    payer's percent side is the percent its rates equal; rounded to cents code by code it paid
    the demo's Summit $294,805.53 against $294,784.32."""
    revenue = out.csv("proposal_summary").set_index("payer")["new_term_revenue"]
    years = out.sheet(layout.SCENARIO_YEARS_TABLE)
    first = years[years["year"] == 1].set_index("payer")
    assert len(first) > 0
    for payer, row in first.iterrows():
        assert row["pct_at_rates"] == row["fixed_at_rates"], payer
        assert round_cents(row["pct_at_rates"]) == revenue[payer], payer
    for payer in first.index:
        code, text = _ran(printed, capsys, "scenario", "--payer", str(payer), *out.source,
                          "--json")
        assert code == 0
        shown = json.loads(text)["years"][0]
        assert shown["fixed_revenue"] == shown["pct_revenue"] == revenue[payer], payer
        assert shown["difference"] == 0.0, payer


def test_contract_check_is_one_signed_figure_labelled_by_its_sign(out: Outputs) -> None:
    """(contracted rate - payer's schedule) x units a year, from rates.contract_check: the
    Comparison sheet, comparison.csv, contract_check.csv and summary.json show the same signed
    figure, and where it is shown as a column the label says what a negative one means (the
    demo's Cardinal 97140 showed -$349.68 under "Paid below contract a year": paid above)."""
    check = (out.csv("contract_check") if (out.folder / "contract_check.csv").is_file() else
             pd.DataFrame(columns=["payer", "code", "shortfall", "shortfall_a_year",
                                   "underpaid"])).set_index(["payer", "code"])
    if out.analysis.data.payers["payer"].str.startswith("Cardinal").any():  # the demo clinics
        assert (check["shortfall_a_year"] < 0).any() and (check["shortfall_a_year"] > 0).any()
    comparison = out.csv("comparison").set_index(["payer", "code"])
    column = "underpaid_vs_contract_a_year"
    assert column in comparison.columns and "below_contract_a_year" not in comparison.columns
    for key, row in check.iterrows():
        assert comparison.loc[key, column] == row["shortfall_a_year"], key
        assert bool(row["underpaid"]) == (row["shortfall"] >= 0.005), key
    assert comparison[column].notna().sum() == len(check)
    # the workbook: the header and its note say what the sign means; the values are the same
    book = load_book(out.workbook)
    spec = layout.COMPARISON_TABLE
    ws = book[spec.sheet]
    headers = {c.value: c for c in ws[spec.header_row] if c.value}
    contract = [h for h, c in headers.items()
                if c.comment is not None and "contract check" in c.comment.text]
    assert contract == ["Underpaid vs contract a year (negative: paid above)"]
    note = headers[contract[0]].comment.text
    assert "Positive: the schedule pays below the contract (underpaid)" in note
    assert "negative: it pays above the contract" in note
    sheet = out.sheet(spec)
    sheet["code"] = sheet["code"].astype(str)
    shown = sheet.set_index(["payer", "code"])[column]
    for key, row in check.iterrows():
        assert shown[key] == pytest.approx(row["shortfall_a_year"], abs=0.005), key
    # summary.json lists the underpaid rows only, with the same figure
    listed = {(c["payer"], c["code"]): c["shortfall_a_year"]
              for c in out.summary["contract_check"]}
    assert listed == {key: round(row["shortfall_a_year"], 2)
                      for key, row in check.iterrows() if row["underpaid"]}


def test_modifier_rows_by_hand(tmp_path: Path) -> None:
    # a newer GP row is the rate in force; CQ and 26 rows never are; a GO-only code has a rate
    data = require(load_folder(demo_with_modifier_rows(tmp_path / "tables")))
    from ratecalc.analysis import analyze

    comparison = analyze(data).comparison.set_index(["payer", "code"])
    assert comparison.loc[("Summit BlueCare PPO", "97110"), "allowed_amount"] == 35.22
    assert comparison.loc[("Summit BlueCare PPO", "97110"), "rate_source"] == \
        "fee schedule (GP row)"
    assert comparison.loc[("Summit BlueCare PPO", "97140"), "rate_source"] == "fee schedule"
    assert comparison.loc[("Keystone Health Plan", "97140"), "allowed_amount"] == 28.89
    assert comparison.loc[("Keystone Health Plan", "97140"), "rate_source"] == \
        "fee schedule (GO row)"


def _second_meridian_contract(tmp_path: Path, end_date: str, auto_renew: str) -> Path:
    """The demo (with modifier rows) where Meridian Mutual gets a second product, listed first:
    percent of Medicare, an escalator, other payment rules and 30 days' notice. Its PPO is
    fixed, without escalator, with 90 days' notice, and ends 2026-06-30."""
    return _with_contract_first(
        tmp_path, f"Meridian Mutual,HMO,MM-HMO-2024,2023-10-01,{end_date},{auto_renew},30,"
                  f"pct_of_medicare,1.50,0.05,whole_line,0.15,,,,,")


def _the_ppo_governs_meridian(folder: Path, capsys: pytest.CaptureFixture[str],
                              deadline: date) -> tuple[ClinicData, WorkbookResults]:
    """The demo's PPO governs Meridian Mutual in every output (as of 2025-12-01): its fee
    schedule's rates, a fixed-dollar scenario with no escalator (the Scenarios sheet's percent
    the `scenario` command's), and ``deadline`` on the Exit Impact and Priorities sheets and
    from `exit-impact`. The data and results, for the checks of each case."""
    data = require(load_folder(folder))
    payer = "Meridian Mutual"
    results = compute_results(data, now=datetime(2025, 12, 1, 9, 0))
    comparison = results.analysis.comparison
    assert set(comparison.loc[comparison["payer"] == payer, "rate_source"]) == {"fee schedule"}
    scenario = results.scenarios.set_index("payer").loc[payer]
    assert (scenario["rate_basis"], scenario["escalator"]) == ("fixed", 0.0)
    assert results.exit_impact.set_index("payer").loc[payer, "notice_deadline"] == deadline
    assert results.analysis.priorities.set_index("payer").loc[payer, "notice_deadline"] \
        == deadline
    assert main(["exit-impact", "--payer", payer, "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notice_deadline"] == deadline.isoformat()
    assert main(["scenario", "--payer", payer, "--data", str(folder), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)["pct_of_medicare"]
    # the Scenarios cell holds the percent it shows, the command's figure rounded half-up once
    # to the decimals it shows (it held the figure itself, which a percent format multiplies
    # by 100 in binary before rounding it)
    shown = scenario["percents_shown"].compared
    assert scenario["pct_of_medicare"] == float(shown)
    assert percent_text(said, scenarios.percent_places(shown)) == \
        scenarios.shown_percent_text(shown)
    return data, results


@pytest.mark.parametrize("end_date, auto_renew", [
    ("2027-12-31", "no"),  # ends 18 months after the PPO
    # auto-renewing, written end passed: its current term runs 2025-10-01 to 2026-09-30, after
    # the PPO's end, so the PPO governs (by the written end date alone the HMO would)
    ("2024-09-30", "yes"),
    # ended without renewal: it governs nothing while the PPO runs (by its written end date it
    # would come first, with a notice deadline of 2025-08-29 already passed)
    ("2025-09-30", "no"),
])
def test_the_contract_ending_first_governs_every_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], end_date: str,
        auto_renew: str) -> None:
    # the PPO governs Meridian Mutual as of the demo's analysis date, 2025-12-01
    folder = _second_meridian_contract(tmp_path, end_date, auto_renew)
    deadline = notice_deadline(date(2026, 6, 30), 90)  # Wednesday 2026-04-01
    assert deadline == date(2026, 4, 1)
    data, results = _the_ppo_governs_meridian(folder, capsys, deadline)
    payer = "Meridian Mutual"
    # (the contract ending later would have priced Meridian at 150% of Medicare)
    assert results.scenarios.set_index("payer").loc[payer, "pct_of_medicare"] != 1.50
    comparison = results.analysis.comparison
    medicare = comparison.drop_duplicates("code").rename(columns={"medicare_amount": "rate"})
    _, rules = payer_rates_from_tables(data.contracts, data.fee_schedules,
                                       medicare[medicare["rate"].notna()][["code", "rate"]],
                                       as_of=results.as_of)
    assert rules[payer] == PaymentRules()


def test_a_payer_whose_contracts_all_ended_has_no_deadline_anywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Meridian's HMO ended 2025-06-30 and its PPO 2025-09-30, neither auto-renewing: the PPO,
    # which ended last, governs, and every output shows the payer's contract as ended, with no
    # notice deadline to give (from its written date it would be 2025-07-02, which the Exit
    # sheet used to show).
    folder = _second_meridian_contract(tmp_path, "2025-06-30", "no")
    path = folder / "contracts.csv"
    path.write_text(path.read_text().replace("MM-AGR-0932,2022-07-01,2026-06-30,no,90,fixed",
                                             "MM-AGR-0932,2022-07-01,2025-09-30,no,90,fixed"))
    data = require(load_folder(folder))
    payer = "Meridian Mutual"
    results = compute_results(data, now=datetime(2025, 12, 1, 9, 0))
    priorities = results.analysis.priorities.set_index("payer")
    assert priorities.loc[payer, "status"] == status_words("ended")
    assert _day(priorities.loc[payer, "end_date"]) == date(2025, 9, 30)
    assert _day(priorities.loc[payer, "notice_deadline"]) is None
    assert _day(results.exit_impact.set_index("payer").loc[payer, "notice_deadline"]) is None
    assert main(["exit-impact", "--payer", payer, "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notice_deadline"] is None
    comparison = results.analysis.comparison
    assert set(comparison.loc[comparison["payer"] == payer, "rate_source"]) == {"fee schedule"}
    # (the HMO would have priced Meridian at 150% of Medicare)


def test_no_notice_days_is_one_deadline_everywhere(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # 0 days' notice is a valid term (notice by the end date itself), not "use the Settings'"
    folder = demo_with_modifier_rows(tmp_path / "tables")
    path = folder / "contracts.csv"
    path.write_text(path.read_text().replace("MM-AGR-0932,2022-07-01,2026-06-30,no,90,",
                                             "MM-AGR-0932,2022-07-01,2026-06-30,no,0,"))
    data = require(load_folder(folder))
    payer = "Meridian Mutual"
    results = compute_results(data, now=datetime(2025, 12, 1, 9, 0))
    deadline = date(2026, 6, 30)  # a Tuesday, no holiday: the end date itself
    assert notice_deadline(date(2026, 6, 30), 0) == deadline
    assert results.analysis.priorities.set_index("payer").loc[payer, "notice_deadline"] == \
        deadline
    assert results.exit_impact.set_index("payer").loc[payer, "notice_deadline"] == deadline
    assert main(["exit-impact", "--payer", payer, "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notice_deadline"] == deadline.isoformat()


def test_pct_of_medicare_rate_in_force_by_hand() -> None:
    from ratecalc.analysis import analyze

    comparison = analyze(lonestar()).comparison.set_index(["payer", "code"])
    # 95% of Dallas (04412-11) 2025 Medicare for 97110, $29.01 (CMS PFS 2025): 27.5595 -> 27.56
    assert comparison.loc[("Texas Employers Trust", "97110"), "allowed_amount"] == 27.56
    assert comparison.loc[("Texas Employers Trust", "97110"), "rate_source"] == \
        "contract % of Medicare"


def test_visits_are_one_figure_everywhere(out: Outputs,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    payers = out.analysis.data.payers.set_index("payer")["visits_per_year"]
    exit_sheet = out.sheet(layout.EXIT_TABLE).set_index("payer")
    for payer, letter in out.letters.items():
        opening = letter.blocks[0].text  # type: ignore[union-attr]
        assert f"we provided {int(payers[payer]):,} visits" in opening
    for payer in payers.index:
        assert exit_sheet.loc[payer, "annual_visits"] == payers[payer]
    payer = str(payers.index[0])
    assert main(["exit-impact", "--payer", payer, *out.source, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["annual_visits"] == payers[payer]


#: Each fixture clinic's auto-renewing contracts whose notice deadline has passed on its
#: day, worked by hand: this term's deadline, the renewed term's last day, its notice deadline
#: (that end minus the notice days, moved back to a business day) and the notice days.
#: Cardinal (demo_calendar, as of 2026-12-05): its term ends 2027-01-31, 60 days' notice by
#: Wed 2026-12-02, passed; the renewed term ends 2028-01-31, 60 days before is Thu 2027-12-02.
#: Bluebonnet (lonestar, as of 2026-01-20): its term ends 2026-03-31, 90 days' notice by Wed
#: 2025-12-31, passed; the renewed term ends 2027-03-31, 90 days before is Thu 2026-12-31.
#: The demo as of 2025-12-01 has none passed (Summit's 2025-12-31 is 30 days ahead).
RENEWED_DEADLINES: dict[str, dict[str, tuple[date, date, date, int]]] = {
    "demo": {}, "demo_modifiers": {},
    "demo_calendar": {"Cardinal Employers Trust": (date(2026, 12, 2), date(2028, 1, 31),
                                                   date(2027, 12, 2), 60)},
    "lonestar": {"Bluebonnet Health PPO": (date(2025, 12, 31), date(2027, 3, 31),
                                           date(2026, 12, 31), 90)},
}


def test_a_passed_deadline_names_the_renewed_terms_in_every_output(
        out: Outputs, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Once an auto-renewing contract's notice deadline has passed, every output that shows a
    notice deadline names the renewed term's too, the same date (timeline.next_term_deadline):
    the CSV tables and summary.json as a date and in the note, the sheets' notes, the .ics,
    ``analyze``'s "Negotiate first" line, the letter's dates and ``letter``'s line,
    ``exit-impact`` and ``timeline``. A contract whose deadline is ahead names no other."""
    clinic = next(c for c in CLINICS if _is(out, c))
    expected = RENEWED_DEADLINES[clinic]
    priorities = out.csv("priorities").set_index("payer")
    calendar = out.csv("renewal_timeline").set_index("payer")
    summary = {p["payer"]: p for p in out.summary["priorities"]}
    sheet_pri = out.sheet(layout.PRIORITIES_TABLE).set_index("payer")
    sheet_tl = out.sheet(layout.TIMELINE_TABLE).set_index("payer")
    events = out.ics()
    assert main(["analyze", str(out.workbook), "--out", str(tmp_path / "analyzed")]) == 0
    analyzed = capsys.readouterr().out
    first = analyzed.split("Negotiate first:\n")[1].split("\n\n")[0].splitlines()
    assert main(["timeline", *out.source, "--json"]) == 0
    timeline_rows = {r["payer"]: r for r in json.loads(capsys.readouterr().out)["contracts"]}
    renewed_words = "the renewed term's notice deadline is"
    for payer in priorities.index:
        line = next((ln for ln in first if f". {payer}: " in ln), None)
        if payer not in expected:
            assert pd.isna(priorities.loc[payer, "next_notice_deadline"])
            assert summary[payer]["next_notice_deadline"] is None
            assert renewed_words not in str(sheet_pri.loc[payer, "deadline_note"])
            if line is not None and summary[payer]["notice_deadline"]:
                assert f"notice deadline {summary[payer]['notice_deadline']}" in line
                assert renewed_words not in line and " passed" not in line
            continue
        passed, next_end, next_deadline, days = expected[payer]
        words = (f"{renewed_words} {next_deadline.isoformat()} ({days} days before it ends "
                 f"{next_end.isoformat()})")
        assert _day(priorities.loc[payer, "notice_deadline"]) == passed
        # as data: priorities.csv, summary.json (analyze --json), renewal_timeline.csv, timeline
        assert _day(priorities.loc[payer, "next_notice_deadline"]) == next_deadline
        assert _day(priorities.loc[payer, "next_term_end"]) == next_end
        assert summary[payer]["next_notice_deadline"] == next_deadline.isoformat()
        assert summary[payer]["next_term_end"] == next_end.isoformat()
        assert _day(calendar.loc[payer, "next_notice_deadline"]) == next_deadline
        assert timeline_rows[payer]["next_notice_deadline"] == next_deadline.isoformat()
        # in words: the notes of the CSVs, summary.json and both sheets
        for note in (priorities.loc[payer, "deadline_note"], calendar.loc[payer, "note"],
                     summary[payer]["deadline_note"], sheet_pri.loc[payer, "deadline_note"],
                     sheet_tl.loc[payer, "note"]):
            assert words in " ".join(str(note).split())
        assert next_deadline in [e["date"] for e in events if payer in e["summary"]]
        # analyze's "Negotiate first" line: this term's deadline said passed, then the next
        assert line is not None, first
        assert f"notice deadline {passed.isoformat()} passed; {words}" in line
        # the letter's dates and what `letter` prints
        letter = out.letters[payer]
        assert letter.dates.next_notice_deadline == next_deadline
        assert letter.as_dict()["dates"]["next_notice_deadline"] == next_deadline.isoformat()
        assert main(["letter", str(out.workbook), "--payer", payer,
                     "--out", str(tmp_path / "letter.docx")]) == 0
        said = capsys.readouterr().out
        assert f"notice deadline {passed.isoformat()} passed; {words}" in said
        assert main(["exit-impact", "--payer", payer, *out.source, "--json"]) == 0
        assert words in json.loads(capsys.readouterr().out)["deadline_note"]


def test_statuses_are_words_everywhere(out: Outputs) -> None:
    shown = [*out.csv("renewal_timeline")["status"], *out.csv("priorities")["status"],
             *(p["status"] for p in out.summary["priorities"]),
             *out.sheet(layout.PRIORITIES_TABLE)["status"],
             *out.sheet(layout.TIMELINE_TABLE)["status"]]
    assert shown and all(isinstance(s, str) and "_" not in s for s in shown)


def test_calendar_events_never_double_a_word(out: Outputs) -> None:
    for event in out.ics():
        words = event["summary"].replace(":", " ").split()
        assert all(a != b for a, b in zip(words, words[1:], strict=False)), event["summary"]


def _with_contract_first(tmp_path: Path, row: str, extra: dict[str, str] | None = None
                         ) -> Path:
    """The demo (with modifier rows, analysed as of 2025-12-01) with one more CONTRACTS row,
    listed first, and the other tables' rows in ``extra`` (file name -> lines)."""
    folder = demo_with_modifier_rows(tmp_path / "tables")
    path = folder / "contracts.csv"
    header, *rows = path.read_text().splitlines(keepends=True)
    path.write_text(header + row + "\n" + "".join(rows))
    for name, lines in (extra or {}).items():
        with (folder / name).open("a") as f:
            f.write(lines)
    return folder


def test_a_successor_contract_not_started_governs_nothing_in_any_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The reviewer's case: Meridian Mutual signed an HMO agreement that starts 2026-01-01, a
    # month after the analysis date, at 150% of Medicare, ending 2026-03-31 (before the PPO,
    # so as a running contract it governed). Not in force yet, it governs nothing: the PPO's
    # fixed rates, its notice deadline (2026-04-01, hand-computed) and its start date in the
    # letter, everywhere; the HMO is listed as not in force yet, with a warning.
    folder = _with_contract_first(
        tmp_path, "Meridian Mutual,HMO,MM-HMO-2026,2026-01-01,2026-03-31,no,30,pct_of_medicare,"
                  "1.50,0.05,whole_line,0.15,,,,,")
    deadline = date(2026, 4, 1)
    _, results = _the_ppo_governs_meridian(folder, capsys, deadline)
    payer = "Meridian Mutual"
    timeline = results.timeline.set_index(["payer", "product"])
    assert timeline.loc[(payer, "PPO"), "notice_deadline"] == deadline
    hmo = timeline.loc[(payer, "HMO")]
    assert hmo["status"] == status_words("not_started") == "not in force yet"
    assert _day(hmo["notice_deadline"]) is None
    # the PPO, listed first, shows Meridian's dollars below market; the HMO row says where
    assert hmo["note"] == ("starts 2026-01-01, after the analysis date 2025-12-01: not in force "
                           "yet; dollars below market: Meridian Mutual's $0.00 a year is shown "
                           "once, on the Meridian Mutual PPO row (a payer's rates and volumes, "
                           "not a contract's)")
    assert pd.isna(hmo["dollars_at_stake"])
    warned = [p.rule for p in results.analysis.warnings if p.table == "Contracts"]
    assert warned == ["Meridian Mutual: contract MM-HMO-2026 (HMO) starts 2026-01-01, after the "
                      "analysis date 2025-12-01, so it is not in force yet; MM-AGR-0932 (PPO) "
                      "governs until then"]
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Meridian Mutual HMO: starts 2026-01-01" in printed or \
        "Meridian Mutual (HMO): starts 2026-01-01" in printed
    csv = pd.read_csv(out / "renewal_timeline.csv").set_index(["payer", "product"])
    assert csv.loc[(payer, "HMO"), "status"] == "not in force yet"
    assert csv.loc[(payer, "PPO"), "notice_deadline"] == deadline.isoformat()
    assert "MM-HMO" not in (out / "renewals.ics").read_text()
    assert "Meridian Mutual HMO" not in (out / "renewals.ics").read_text()
    # the letter: the PPO is the one contract in force, so it needs no --product, and says
    # since when the PPO has run; the HMO is refused by name
    from ratecalc_letter.content import build_letter

    content = build_letter(results.analysis, payer, "proposal")
    assert content.contract_id == "MM-AGR-0932"
    text = "\n".join(content.texts())
    assert "under agreement MM-AGR-0932 (PPO) since July 1, 2022." in text
    assert "150%" not in text
    with pytest.raises(InputError, match=r"MM-HMO-2026 \(HMO\) starts 2026-01-01, after the "
                       r"analysis date 2025-12-01: not in force yet, so no letter is written "
                       r"under it; the contract in force is MM-AGR-0932 \(PPO\) "
                       r"\(--product 'PPO'\)"):
        build_letter(results.analysis, payer, "proposal", product="HMO")


def test_a_payer_whose_only_contract_starts_later_has_no_contract_in_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], data_as_worked: None) -> None:
    # The reviewer's Newco Health: a percent-of-Medicare contract (105%) starting 2026-01-01,
    # after the analysis date. Its rate was "contract % of Medicare", it was counted in revenue
    # and given a notice deadline; the letter said "since January 1, 2026" and "Our current
    # agreement pays 105%". It has no contract in force: the fee schedule's rate, no deadline,
    # a warning naming payer, product and start date, and no letter under that contract.
    payer = "Newco Health"
    folder = _with_contract_first(
        tmp_path, f"{payer},PPO,NC-1,2026-01-01,2027-12-31,yes,90,pct_of_medicare,1.05,0,none,"
                  f"0,Ann Lee,Manager,a@x.example,(205) 555-0000,\"Newco; 1 Main St; Hoover, "
                  f"AL 35244\"",
        {"payers.csv": f"{payer},NC,commercial,100\n",
         "volumes.csv": f"{payer},97110,200,100\n",
         "fee_schedules.csv": f"{payer},97110,,31.00,2025-01-01,\n"})
    data = require(load_folder(folder))
    results = compute_results(data, now=datetime(2025, 12, 1, 9, 0))
    row = results.analysis.comparison.set_index(["payer", "code"]).loc[(payer, "97110")]
    assert (row["rate_source"], row["allowed_amount"]) == ("fee schedule", 31.00)
    priorities = results.analysis.priorities.set_index("payer")
    assert _day(priorities.loc[payer, "notice_deadline"]) is None
    assert _day(priorities.loc[payer, "end_date"]) is None
    assert _day(results.exit_impact.set_index("payer").loc[payer, "notice_deadline"]) is None
    assert results.timeline.set_index("payer").loc[payer, "status"] == "not in force yet"
    warned = [p.rule for p in results.analysis.warnings if p.table == "Contracts"]
    assert warned == ["Newco Health: contract NC-1 (PPO) starts 2026-01-01, after the analysis "
                      "date 2025-12-01, so it is not in force yet; Newco Health has no contract "
                      "in force on 2025-12-01: no contract terms (percent of Medicare, end "
                      "date, notice deadline) apply to it"]
    assert main(["exit-impact", "--payer", payer, "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notice_deadline"] is None
    # projected at its fee schedule like every payer: the Scenarios' "All payers" year 1 is the
    # Totals' current revenue (the payer was left out of the Scenarios sheet), and the
    # Priorities' revenue but for the rates agreed by each new term: Keystone's rows raised
    # twice by its 2% escalator (2026-01-01, 2027-01-01; each code's units x the difference,
    # cents rounded each year: $10,352.82), Lakeside's three times by its 2.5% (to 2028-01-01),
    # its 97110 from the $39.50 agreed from 2026-07-01 twice ($41.50, 980 x $3.67; $12,045.42
    # in all; before, only 980 x $1.67 = $1,636.60 of it), and Cardinal's 88% of Medicare's
    # 2026 amounts from its new term, 2026-05-01 ($112,048.67 against 88% of 2025's,
    # $110,078.10: $1,970.57)
    years = results.scenario_years
    assert payer in set(results.scenarios["payer"])
    year_one = years[years["year"] == 1]["fixed_revenue"].sum()
    assert round(year_one, 2) == round(results.analysis.proposal_summary["new_term_revenue"]
                                       .sum(), 2)
    assert round(year_one - results.analysis.priorities["annual_revenue"].sum(), 2) == \
        round(10352.82 + 12045.42 + 1970.57, 2)
    assert main(["scenario", "--payer", payer, "--data", str(folder), "--json"]) == 0
    capsys.readouterr()
    from ratecalc_letter.content import build_letter

    # read from a table: named at its Effective date cell, as the warning above names it
    with pytest.raises(InputError, match=r"^'contracts.csv', row 2, column D 'effective_date': "
                       r"NC-1 \(PPO\) starts "
                       r"2026-01-01, after the analysis date 2025-12-01: not in force yet, so "
                       r"no letter is written under it; Newco Health has no contract in force"):
        build_letter(results.analysis, payer, "proposal")


def test_follow_ups_count_from_the_sent_day_everywhere(tmp_path: Path) -> None:
    # Summit (demo, as of 2025-12-01): talks opened Fri 2025-10-31, decide by Tue 2025-12-16.
    # From the planned day the follow-ups are 11-14, 12-01 and 12-15; the log says the proposal
    # went out Thu 2025-11-20, so they are 10 business days after it: Fri 12-05 (Thanksgiving
    # skipped) and no other before the decision (12-19 is after it).
    from dataclasses import replace

    from ratecalc.report import summary, write_results

    top = "Summit BlueCare PPO"
    data = replace(demo(), proposals_sent={top: (date(2025, 11, 20),)})
    results = compute_results(data, now=datetime(2025, 12, 1, 9, 0))
    assert results.as_of == date(2025, 12, 1)
    sheet = results.timeline.set_index("payer")
    assert sheet.loc[top, "next_follow_up"] == date(2025, 12, 5)
    write_results(results.analysis, tmp_path)
    csv = pd.read_csv(tmp_path / "renewal_timeline.csv").set_index("payer")
    assert csv.loc[top, "next_follow_up"] == "2025-12-05"
    ics = (tmp_path / "renewals.ics").read_text()
    follow_ups = [line for line in ics.replace("\r\n ", "").splitlines()
                  if line.startswith("SUMMARY:Follow up") and top in line]
    assert follow_ups == [f"SUMMARY:Follow up #1: {top}"]
    assert "DTSTART;VALUE=DATE:20251205" in ics
    notes = {n["payer"]: n["note"] for n in summary(results.analysis)["timing_notes"]}
    assert "no follow-up left" not in notes.get(top, "")


def _meridian_renews_for(tmp_path: Path, months: str) -> Path:
    """The demo (with modifier rows, as of 2025-12-01) where Meridian Mutual's PPO, written to
    end 2024-06-30, auto-renews for terms of ``months`` (the Renewal months column; blank:
    12), the other contracts' column blank."""
    folder = demo_with_modifier_rows(tmp_path / "tables")
    path = folder / "contracts.csv"
    header, *rows = path.read_text().splitlines()
    rows = [row.replace("MM-AGR-0932,2022-07-01,2026-06-30,no,90,",
                        "MM-AGR-0932,2022-07-01,2024-06-30,yes,90,")
            + (f",{months}" if row.startswith("Meridian Mutual,") else ",") for row in rows]
    path.write_text("\n".join([header + ",renewal_months", *rows]) + "\n")
    return folder


def test_a_stated_renewal_term_is_one_term_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A contract that renews for 36 months is in the term it renewed into, in every output.
    By hand: Meridian's PPO ended its written term 2024-06-30 and renewed for 36 months, so
    its current term runs 2024-07-01 to 2027-06-30; 90 days' notice before Wednesday
    2027-06-30 is Thursday 2027-04-01; its new term begins 2027-07-01. Every output rolled
    terms by 12 months whatever the contract said (there was no column to say it): a term
    ending 2026-06-30, notice by 2026-04-01, a year early, and a termination letter saying
    the agreement ends 2026-06-30, a year before it does."""
    from ratecalc_letter.content import build_letter

    payer = "Meridian Mutual"
    folder = _meridian_renews_for(tmp_path, "36")
    data = require(load_folder(folder))
    assert data.contracts.set_index("payer").loc[payer, "renewal_months"] == 36
    end, deadline, renews = date(2027, 6, 30), date(2027, 4, 1), date(2027, 7, 1)
    assert notice_deadline(end, 90) == deadline
    out = outputs(data, tmp_path, ("--data", str(folder)))
    a = out.analysis
    assert a.new_term_starts[payer] == renews
    assert new_term_starts(data.contracts, a.as_of)[payer] == renews
    for table in (out.csv("renewal_timeline"), out.sheet(layout.TIMELINE_TABLE)):
        row = table.set_index("payer").loc[payer]
        assert (_day(row["end_date"]), _day(row["notice_deadline"])) == (end, deadline)
    for table in (out.csv("priorities"), out.sheet(layout.PRIORITIES_TABLE),
                  out.sheet(layout.EXIT_TABLE)):
        assert _day(table.set_index("payer").loc[payer, "notice_deadline"]) == deadline
    summary = {p["payer"]: p for p in out.summary["priorities"]}
    assert _day(summary[payer]["notice_deadline"]) == deadline
    who = contract_label(payer, "PPO")
    assert [e["date"] for e in out.ics() if e["summary"] == f"NOTICE DEADLINE: {who}"] == [
        deadline]
    # it renews by itself: its last day is titled so ("Contract ends: {who}" before)
    assert [e["date"] for e in out.ics()
            if e["summary"] == f"Term ends and contract renews: {who}"] == [end]
    assert out.letters[payer].dates.notice_deadline == deadline
    termination = build_letter(a, payer, "termination")
    assert termination.dates.effective_date == end

    assert main(["timeline", "--data", str(folder), "--json"]) == 0
    shown = {c["payer"]: c for c in json.loads(capsys.readouterr().out)["contracts"]}
    assert (shown[payer]["end_date"], shown[payer]["notice_deadline"]) == (
        end.isoformat(), deadline.isoformat())
    assert main(["exit-impact", "--payer", payer, "--data", str(folder), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert (said["notice_deadline"], said["exit_date"]) == (deadline.isoformat(),
                                                            end.isoformat())
    assert main(["letter", str(folder), "--payer", payer, "--kind", "termination",
                 "--out", str(tmp_path / "notice.docx"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dates"]["effective_date"] == end.isoformat()


def test_a_blank_renewal_term_is_twelve_months_everywhere(tmp_path: Path) -> None:
    """Blank, a term is 12 months, as before the column: the term renewed 2024-07-01 rolled
    into 2025-07-01 to 2026-06-30, notice by Wednesday 2026-04-01."""
    folder = _meridian_renews_for(tmp_path, "")
    data = require(load_folder(folder))
    table = renewal_calendar(data.contracts, as_of=data.settings.as_of).set_index("payer")
    assert (table.loc["Meridian Mutual", "end_date"],
            table.loc["Meridian Mutual", "notice_deadline"]) == (date(2026, 6, 30),
                                                                 date(2026, 4, 1))
