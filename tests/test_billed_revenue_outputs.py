"""One rule, one function, every output: a payer's revenue (a billed code without a rate counts
$0 and is listed), its dollars below market (not known where none of its billed codes has a
market figure), and why a percent-of-Medicare payer's code has no rate (Medicare has no amount
for it, not a rate left off the Fee Schedules sheet).

The practice workbook (tests.workbook.practice) with a third payer typed in, Cedar Health, on a
110%-of-Medicare contract: billed 92507 and 97014, which Medicare does not pay (status I), so
its contract prices 97014 at nothing. Summit is billed 92526, which it has no rate for. One
market benchmark is typed, for 97530: Summit bills it; Harbor (92507 only: its 97530 has no
volume) and Cedar bill no code with a market figure, so their dollars below market are not
known, not $0.00.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import Analysis, analyze
from ratecalc.report import summary, write_results
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import open_book
from tests.workbook.libreoffice import SOFFICE, convert_all
from tests.workbook.practice import CONTRACTS, NOW, practice_book
from tests.workbook.test_refresh import table_frame

SUMMIT, HARBOR, CEDAR = "Summit Mutual", "Harbor Health Plan", "Cedar Health"


def _cedar_and_a_benchmark(wb) -> None:  # type: ignore[no-untyped-def]
    ws = wb[layout.PAYERS_CONTRACTS]
    row = 5 + len(CONTRACTS)
    for column, value in enumerate(
            (CEDAR, "CED", "Commercial", 150, "PPO", "C-1", date(2025, 7, 1),
             date(2027, 6, 30), "yes", 90, None, "pct_of_medicare", 1.10), start=1):
        ws.cell(row, column).value = value
    volumes = wb[layout.VOLUMES]
    for offset, (code, units) in enumerate((("92507", 100), ("97014", 40))):
        volumes.cell(9 + offset, 1).value = CEDAR
        volumes.cell(9 + offset, 2).value = code
        volumes.cell(9 + offset, 3).value = units
    bench = wb[layout.BENCHMARKS]
    bench["A5"] = "97530"
    for column in "CDEF":
        bench[f"{column}5"] = 40.0
    # the analysis date typed, as NOW: left blank, `analyze`, `timeline`, `scenario` and
    # `exit-impact` of the workbook took the machine's day (from 2027-01-01 every one of them
    # failed, no Medicare data for that year; before then the figures moved with the day)
    settings = wb[layout.SETTINGS_SHEET]
    label = next(c for r in settings.iter_rows() for c in r if c.value == "Analysis date")
    settings.cell(row=label.row, column=label.column + 1).value = NOW.date()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = practice_book(tmp_path_factory.mktemp("practice") / "practice.xlsx",
                         _cedar_and_a_benchmark)
    result = refresh_workbook(path, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    return path


@pytest.fixture(scope="module")
def analysis(book: Path) -> Analysis:
    return analyze(read_workbook(book, as_of=NOW.date())[0])


def _no_billed_market(wb) -> None:  # type: ignore[no-untyped-def]
    """The one benchmark's code, 97530, no longer billed by Summit: no code billed has a
    market figure."""
    _cedar_and_a_benchmark(wb)
    volumes = wb[layout.VOLUMES]
    assert (volumes.cell(8, 1).value, volumes.cell(8, 2).value) == (SUMMIT, "97530")
    volumes.cell(8, 3).value = 0


@pytest.fixture(scope="module")
def no_billed_market(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bool]:
    """The practice workbook of :func:`_no_billed_market`, refreshed; and whether the refresh
    was ok."""
    path = practice_book(tmp_path_factory.mktemp("no-billed-market") / "no_billed_market.xlsx",
                         _no_billed_market)
    return path, refresh_workbook(path, now=NOW).ok


@pytest.fixture(scope="module")
def recalculated_books(book: Path, no_billed_market: tuple[Path, bool],
                       tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """LibreOffice's recalculated copies of this module's two workbooks ("book", "no billed
    market"), made by one LibreOffice run (a start costs about half a CPU-second beside each
    book's own conversion). Read only."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path_factory.mktemp("source") / book.name
    shutil.copy2(book, source)
    outs = convert_all([source, no_billed_market[0]], tmp_path_factory.mktemp("recalc"), "xlsx")
    return dict(zip(("book", "no billed market"), outs, strict=True))


@pytest.fixture(scope="module")
def recalculated(recalculated_books: dict[str, Path]) -> Path:
    return recalculated_books["book"]


#: Each payer's revenue a year at its new term's rates, worked by hand from the fixture's inputs
#: (tests.workbook.practice and _cedar_and_a_benchmark; docs/ANALYSIS.md's rules), in exact
#: decimals, each rate rounded half-up to cents where the rule rounds it:
#: - Cedar, 110% of Medicare, new term from 2027-07-01 (no 2027 Medicare file: 2026's amount in
#:   10112-00, $71.96 for 92507): 1.10 x 71.96 = 79.156 -> $79.16; 100 units x 79.16 = 7,916.00;
#:   97014 (40 units) has no Medicare amount: $0. Total 7,916.00.
#: - Harbor, fixed, no escalator: 92507 380 x 72.10 = 27,398.00; 97530 billed 0 units. Total
#:   27,398.00.
#: - Summit, fixed, 3% escalator on each April 1 (effective 2024-04-01), rows of 2026-01-01, new
#:   term from 2027-04-01 (two anniversaries after the rows, each rounded to cents):
#:   92507 68.40 x 1.03 = 70.452 -> 70.45; 70.45 x 1.03 = 72.5635 -> 72.56; 540 x 72.56 =
#:   39,182.40. 97530 29.10 x 1.03 = 29.973 -> 29.97; 29.97 x 1.03 = 30.8691 -> 30.87;
#:   300 x 30.87 = 9,261.00. 92526 (60 units) has no rate: $0. Total 39,182.40 + 9,261.00 =
#:   48,443.40.
NEW_TERM_BY_HAND = {CEDAR: Decimal("7916.00"), HARBOR: Decimal("27398.00"),
                    SUMMIT: Decimal("48443.40")}


def _cents(value: float) -> float:
    return round(float(value) + 0.0, 2)


def test_the_fixture_has_an_unpaid_code_and_a_code_medicare_does_not_price(analysis):
    rows = analysis.comparison.set_index(["payer", "code"])
    assert pd.isna(rows.loc[(SUMMIT, "92526"), "allowed_amount"])
    assert pd.isna(rows.loc[(CEDAR, "97014"), "allowed_amount"])
    assert pd.isna(rows.loc[(CEDAR, "97014"), "medicare_amount"])
    assert rows.loc[(CEDAR, "92507"), "rate_source"] == "contract % of Medicare"


def test_one_function_gives_each_payers_revenue_and_its_unpaid_codes(analysis):
    from ratecalc.revenue import billed_revenue

    today = billed_revenue(analysis.comparison).set_index("payer")
    assert today.loc[SUMMIT, "unpaid_codes"] == ("92526",)
    assert today.loc[CEDAR, "unpaid_codes"] == ("97014",)
    assert today.loc[CEDAR, "no_medicare_codes"] == ("97014",)
    assert today.loc[HARBOR, "unpaid_codes"] == ()
    # Summit today: 540 x 68.40 raised once by 3% (70.45) + 300 x 29.10 raised (29.97)
    assert today.loc[SUMMIT, "annual_revenue"] == pytest.approx(540 * 70.45 + 300 * 29.97)


def test_every_output_shows_the_same_revenue_per_payer(analysis, book: Path, recalculated: Path,
                                                        tmp_path: Path, capsys) -> None:
    from ratecalc.revenue import billed_revenue

    today = billed_revenue(analysis.comparison).set_index("payer")["annual_revenue"]
    new_term = billed_revenue(analysis.new_term_rates).set_index("payer")["annual_revenue"]
    payers = sorted(today.index)
    assert payers == [CEDAR, HARBOR, SUMMIT]
    expected_today = {p: _cents(today[p]) for p in payers}
    expected_term = {p: _cents(new_term[p]) for p in payers}
    assert expected_term == {p: float(v) for p, v in NEW_TERM_BY_HAND.items()}

    # the core's priorities, summary.json and priorities.csv
    core = analysis.priorities.set_index("payer")["annual_revenue"]
    assert {p: _cents(core[p]) for p in payers} == expected_today
    said = summary(analysis)
    assert said["annual_revenue"] == pytest.approx(sum(today), abs=0.005)
    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv").set_index("payer")
    assert {p: _cents(csv.loc[p, "annual_revenue"]) for p in payers} == expected_today
    # proposal_summary.csv: the new term's revenue on the codes asked (the unpaid have no row)
    totals = pd.read_csv(tmp_path / "out" / "proposal_summary.csv").set_index("payer")
    assert {p: _cents(totals.loc[p, "new_term_revenue"]) for p in payers} == expected_term

    # the sheets, their formulas computed by LibreOffice
    priorities = table_frame(recalculated, layout.PRIORITIES_TABLE,
                             data_only=True).set_index("payer")
    assert {p: _cents(priorities.loc[p, "annual_revenue"]) for p in payers} == expected_today
    comparison = table_frame(recalculated, layout.COMPARISON_TABLE, data_only=True)
    by_payer = comparison.groupby("payer")["revenue"].sum()
    assert {p: _cents(by_payer[p]) for p in payers} == expected_today
    unpaid_row = comparison[(comparison["payer"] == SUMMIT) & (comparison["code"] == "92526")]
    assert unpaid_row["revenue"].tolist() == [0]
    ws = open_book(recalculated, data_only=True)[layout.DASHBOARD]
    facts = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
             for r in range(1, 40)}
    assert facts["Annual revenue on file"] == pytest.approx(sum(expected_today.values()),
                                                            abs=0.005)
    sheet_totals = table_frame(recalculated, layout.PROPOSAL_SUMMARY_TABLE,
                               data_only=True).set_index("payer")
    assert {p: _cents(sheet_totals.loc[p, "new_term_revenue"]) for p in payers} == expected_term
    years = table_frame(recalculated, layout.SCENARIO_YEARS_TABLE, data_only=True)
    first = years[years["year"] == 1].set_index("payer")
    assert {p: _cents(first.loc[p, "fixed_revenue"]) for p in payers} == expected_term
    exits = table_frame(recalculated, layout.EXIT_TABLE, data_only=True).set_index("payer")
    # revenue at risk: visits x revenue per visit, a year's revenue at the new term's rates
    assert {p: _cents(exits.loc[p, "revenue_at_risk"]) for p in payers} == expected_term

    # the commands of one payer
    for payer in payers:
        assert main(["scenario", "--payer", payer, "--data", str(book), "--json"]) == 0
        scenario = json.loads(capsys.readouterr().out)
        assert _cents(scenario["years"][0]["fixed_revenue"]) == expected_term[payer], payer
        assert main(["exit-impact", "--payer", payer, "--data", str(book), "--json"]) == 0
        estimate = json.loads(capsys.readouterr().out)
        assert _cents(estimate["revenue_at_risk"]) == expected_term[payer], payer


def test_each_output_names_the_unpaid_codes_and_why(analysis, book: Path, capsys) -> None:
    summit = [w for w in analysis.warnings if "92526" in w.message and w.table == "Volumes"]
    assert len(summit) == 1 and "add its rate on the Fee Schedules sheet" in summit[0].message
    cedar = [w.message for w in analysis.warnings if "97014" in w.message
             and w.table == "Volumes"]
    assert len(cedar) == 1, cedar
    # the Medicare amount is what is missing, and what to do about it: not "no rate in force
    # ... add its rate", which told the user to type a rate the contract sets
    assert "Medicare has no amount" in cedar[0] and "no rate in force" not in cedar[0]
    assert "not payable" in cedar[0]  # the Medicare lookup's reason
    comparison = analysis.comparison.set_index(["payer", "code"])
    assert "no Medicare amount" in comparison.loc[(CEDAR, "97014"), "rate_source"]
    for command in ("scenario", "exit-impact"):
        assert main([command, "--payer", CEDAR, "--data", str(book), "--json"]) == 0
        said = " ".join(json.loads(capsys.readouterr().out)["warnings"])
        assert "Medicare has no amount" in said and "97014" in said, (command, said)
        assert "no rate in force" not in said, (command, said)
        assert main([command, "--payer", SUMMIT, "--data", str(book), "--json"]) == 0
        said = " ".join(json.loads(capsys.readouterr().out)["warnings"])
        assert "no rate in force" in said and "92526" in said, (command, said)
    # the Problems sheet's notes on the Scenarios and Exit Impact
    problems = table_frame(book, layout.PROBLEMS_TABLE)
    notes = " ".join(str(m) for m in problems["message"])
    assert notes.count("Medicare has no amount") >= 3, notes  # Volumes, Scenarios, Exit Impact


def test_a_payer_whose_billed_codes_have_no_market_figure_is_not_known_everywhere(
        analysis, book: Path, recalculated: Path, tmp_path: Path, capsys) -> None:
    """Partial market data: Summit's 97530 has a benchmark, so Summit's figure is known
    (300 x (40.00 - 29.97) = 3,009.00; its 92507 and 92526, without one, add nothing, not a
    negative or a zero gap); Harbor's and Cedar's billed codes have none: not known, as when no
    benchmark is on file at all, not "$0.00 below market"."""
    from ratecalc.gap import market_not_known

    assert sorted(market_not_known(analysis.comparison)) == [CEDAR, HARBOR]
    expected = {SUMMIT: 3009.0, HARBOR: None, CEDAR: None}

    def read(values) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
        return {p: (None if v is None or v == "not known" or pd.isna(v) else _cents(v))
                for p, v in values.items()}

    core = analysis.priorities.set_index("payer")
    assert read(core["dollars_at_stake"]) == expected
    assert read(core["codes_below_market"]) == {SUMMIT: 1.0, HARBOR: None, CEDAR: None}
    said = summary(analysis)
    assert read({p["payer"]: p["dollars_at_stake"] for p in said["priorities"]}) == expected
    assert said["dollars_below_market"] == 3009.0
    assert "Cedar Health, Harbor Health Plan" in said["market_note"] or \
        "Harbor Health Plan, Cedar Health" in said["market_note"], said["market_note"]
    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv").set_index("payer")
    assert read(csv["dollars_at_stake"]) == expected
    timeline_csv = pd.read_csv(tmp_path / "out" / "renewal_timeline.csv")
    assert read(timeline_csv.set_index("payer")["dollars_at_stake"]) == expected
    assert main(["timeline", "--data", str(book), "--json"]) in (0, 1)
    rows = json.loads(capsys.readouterr().out)["contracts"]
    assert read({r["payer"]: r["dollars_at_stake"] for r in rows}) == expected

    priorities = table_frame(recalculated, layout.PRIORITIES_TABLE,
                             data_only=True).set_index("payer")
    assert read(priorities["dollars_at_stake"]) == expected
    assert read(priorities["codes_below_market"]) == {SUMMIT: 1.0, HARBOR: None, CEDAR: None}
    calendar = table_frame(recalculated, layout.TIMELINE_TABLE, data_only=True)
    assert read(calendar.set_index("payer")["dollars_at_stake"]) == expected
    comparison = table_frame(recalculated, layout.COMPARISON_TABLE, data_only=True)
    no_market = comparison[comparison["benchmark"].isna()]
    assert len(no_market) and all(v is None or v == "" or pd.isna(v)
                                  for v in no_market["dollars_at_stake"]), no_market
    ws = open_book(recalculated, data_only=True)[layout.DASHBOARD]
    texts = " ".join(str(ws.cell(row=r, column=1).value) for r in range(1, 60))
    assert "Harbor Health Plan" in " ".join(texts.split()) and "not known" in texts, texts


def test_analyze_says_each_payers_figure_and_the_known_total(book: Path, tmp_path: Path,
                                                             capsys) -> None:
    # it said "below market: not known" for every payer and the total as soon as any payer's
    # figure was not known (it read summary.json's market_note as "no market at all")
    assert main(["analyze", str(book), "--out", str(tmp_path / "out")]) in (0, 1)
    lines = capsys.readouterr().out.splitlines()
    assert any("below market by $3,009.00 a year" in line for line in lines), lines
    # a ranked payer's line ("1. Summit Mutual: ..."), or the ended one's, which has no rank
    # ("not ranked (contract ended): Harbor Health Plan: ...")
    by_payer = {payer: [line for line in lines
                        if f". {payer}:" in line or f"(contract ended): {payer}:" in line]
                for payer in (SUMMIT, HARBOR, CEDAR)}
    assert "$3,009.00 a year below market" in by_payer[SUMMIT][0], by_payer
    assert "below market not known" in by_payer[HARBOR][0], by_payer
    assert "below market not known" in by_payer[CEDAR][0], by_payer


def test_the_total_below_market_is_said_to_be_the_known_payers_only(analysis, book: Path) -> None:
    """$3,009.00 is Summit's alone: Harbor's and Cedar's are not known. The Dashboard's "Below
    market, a year", summary.json's dollars_below_market and analyze's "below market by" showed
    it with a note saying only that those two payers' figures are not known, so a reader took
    it for every payer's total."""
    said = summary(analysis)
    assert said["dollars_below_market"] == 3009.0
    partial = "the total below market counts only the payers whose billed codes have one"
    assert partial in said["market_note"], said["market_note"]
    ws = open_book(book)[layout.DASHBOARD]
    note = " ".join(" ".join(str(ws.cell(row=r, column=1).value or "") for r in range(13, 30))
                    .split())
    assert partial in note, note


def test_no_billed_code_with_a_market_figure_leaves_the_total_not_known(
        no_billed_market: tuple[Path, bool], request: pytest.FixtureRequest) -> None:
    """The one benchmark on file is for 97530, and Summit's 97530 has no volume either: no code
    billed has a market figure, every payer's dollars below market are not known, and so is the
    total. The Dashboard's "Below market, a year" and summary.json's dollars_below_market said
    $0.00 (a benchmark existed), read as "paid at market", and analyze "below market by $0.00"."""
    path, refreshed_ok = no_billed_market
    assert refreshed_ok
    analysis = analyze(read_workbook(path, as_of=NOW.date())[0])
    said = summary(analysis)
    assert [p["dollars_at_stake"] for p in said["priorities"]] == [None, None, None]
    assert said["dollars_below_market"] is None
    assert "so is the total below market" in said["market_note"], said["market_note"]
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    recalculated = request.getfixturevalue("recalculated_books")["no billed market"]
    ws = open_book(recalculated, data_only=True)[layout.DASHBOARD]
    facts = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
             for r in range(1, 20)}
    assert facts["Below market, a year"] == "not known", facts


#: Each payer's units a year, worked by hand from the fixture's Volumes: every unit billed
#: (Summit 540 + 300 + 60 of 92526, which has no rate; Cedar 100 + 40 of 97014, which Medicare
#: does not pay; Harbor 380, its 97530 billed 0) and those of the codes with a rate, the ones
#: the Proposal prices (Summit 540 + 300, Cedar 100, Harbor 380).
UNITS_BILLED = {CEDAR: 140.0, HARBOR: 380.0, SUMMIT: 900.0}
UNITS_WITH_RATE = {CEDAR: 100.0, HARBOR: 380.0, SUMMIT: 840.0}


def test_every_output_shows_each_payers_units_under_the_name_of_what_it_counts(
        analysis, book: Path, recalculated: Path, tmp_path: Path) -> None:
    """The Priorities (sheet and priorities.csv) counted every unit billed and the Totals
    (sheet and proposal_summary.csv) and the letter only the codes with a rate, both headed
    "Units per year": Summit 900 and 840. Two quantities, each named for what it counts: the
    Priorities' "Units per year" is every unit billed (the Volumes'), the Totals' "Units with a
    rate" the units the proposal prices, and the letter says its figure is of the codes it
    lists."""
    from ratecalc.revenue import billed_revenue
    from ratecalc_letter.content import proposal_letter

    payers = sorted(UNITS_BILLED)
    # one core function each
    billed = billed_revenue(analysis.comparison).set_index("payer")["units_per_year"]
    assert {p: float(billed[p]) for p in payers} == UNITS_BILLED
    core = analysis.priorities.set_index("payer")["units_per_year"]
    assert {p: float(core[p]) for p in payers} == UNITS_BILLED
    priced = analysis.proposal_summary.set_index("payer")["units_with_rate"]
    assert {p: float(priced[p]) for p in payers} == UNITS_WITH_RATE

    write_results(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv").set_index("payer")
    assert {p: float(csv.loc[p, "units_per_year"]) for p in payers} == UNITS_BILLED
    totals = pd.read_csv(tmp_path / "out" / "proposal_summary.csv").set_index("payer")
    assert "units_per_year" not in totals.columns  # not the Priorities' figure's name
    assert {p: float(totals.loc[p, "units_with_rate"]) for p in payers} == UNITS_WITH_RATE

    # the sheets, their formulas computed by LibreOffice, and their headers
    priorities = table_frame(recalculated, layout.PRIORITIES_TABLE,
                             data_only=True).set_index("payer")
    assert {p: float(priorities.loc[p, "units_per_year"]) for p in payers} == UNITS_BILLED
    sheet_totals = table_frame(recalculated, layout.PROPOSAL_SUMMARY_TABLE,
                               data_only=True).set_index("payer")
    assert {p: float(sheet_totals.loc[p, "units_with_rate"]) for p in payers} == UNITS_WITH_RATE
    headers = {c.key: c.header for c in layout.PROPOSAL_SUMMARY_TABLE.columns}
    assert headers["units_with_rate"] == "Units with a rate"
    assert {c.key: c.header for c in layout.PRIORITIES_TABLE.columns}[
        "units_per_year"] == "Units per year"

    # the letter (to a contact typed in: the fixture has none): its figure is the codes' it
    # lists, said so
    data = analysis.data
    contracts = data.contracts.assign(contact_name="Pat Lee",
                                      contact_address="1 Main St;Springfield, IL 62701")
    addressed = analyze(replace(data, contracts=contracts))
    text = "\n".join(proposal_letter(addressed, SUMMIT).texts())
    assert "At last year's volumes of the codes above (840 units)" in text, text
