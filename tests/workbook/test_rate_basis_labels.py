"""Figures that look alike say which day's rates they are priced at, and a rate the contract's
escalator raised says so, the same way in every output (:mod:`ratecalc.rate_basis`).

Before, the demo as of 2026-12-05 showed "Annual revenue on file" $1,123,220.59 on the Dashboard
and the command line, "Annual revenue" on the Priorities, and "Current revenue" $1,144,874.03 for
all payers on the Totals, with no word on any label that the first are at the analysis date's
rates and the last at the rates in force when each payer's new term begins (Keystone's 2%
escalator, for one, raises its rates on 2027-01-01). And a rate the escalator raised before the
analysis date stood on the Comparison as "fee schedule" beside a Fee Schedules row that says
otherwise: $30.00 on file, $30.60 shown.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import docx

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.rate_basis import ANALYSIS_DATE_RATES, NEW_TERM_RATES
from ratecalc.report import write_results
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.conftest import DemoRun
from tests.test_scheduled_rates import PAYER, TODAY, clinic

from .conftest import open_book

# the words, written out here: a test of the wording, not of the constants
TODAY_WORDS = "at the analysis date's rates"
NEW_TERM_WORDS = "at the rates in force when each payer's new term begins"
#: The Totals' column of a payer's revenue at those rates, beside "Revenue at asked rates".
NEW_TERM_LABEL = "Revenue at new-term rates"


def _header_cell(ws, header: str):
    """The cell heading ``header`` (the Scenarios' tables start a row lower, under a note)."""
    return next(c for row in ws.iter_rows(max_row=layout.HEADER_ROW + 2) for c in row
                if c.value == header)


def test_the_words_are_the_ones_every_label_uses() -> None:
    assert (ANALYSIS_DATE_RATES, NEW_TERM_RATES) == (TODAY_WORDS, NEW_TERM_WORDS)


def test_every_label_of_a_revenue_names_the_day_its_rates_are_from(demo_book: Path) -> None:
    wb = open_book(demo_book)
    dashboard = wb[layout.DASHBOARD]
    # printed right above its figures ("Annual revenue on file", "Below market, a year"): on
    # their labels, a second line took the rows the charts under them keep for a long name
    assert dashboard.cell(row=2, column=1).value.startswith(
        f"The case at a glance: revenue and below market {TODAY_WORDS}. ")
    for sheet in (layout.PRIORITIES, layout.COMPARISON):
        cell = _header_cell(wb[sheet], f"Annual revenue {TODAY_WORDS}")
        # its note names the other figure and its day
        assert NEW_TERM_WORDS in cell.comment.text and f"'{NEW_TERM_LABEL}'" in \
            cell.comment.text
    totals = wb[layout.TOTALS]
    # printed above the Totals' per-payer table, where "Revenue at new-term rates" heads a
    # column (it was "Current revenue", which a reader took for today's revenue beside the
    # Priorities' figure at the analysis date's rates)
    assert totals.cell(row=3, column=1).value.startswith(f"Per payer, {NEW_TERM_WORDS} ")
    current = _header_cell(totals, NEW_TERM_LABEL).comment.text
    assert NEW_TERM_WORDS in current
    assert f"'Annual revenue {TODAY_WORDS}'" in current
    assert f"the Dashboard's 'Annual revenue on file', {TODAY_WORDS}" in current
    scenarios = wb[layout.SCENARIOS].cell(row=3, column=1).value
    assert f"Year 1 begins when the payer's new term begins ('Year 1 from'), priced " \
           f"{NEW_TERM_WORDS}" in scenarios
    assert f"'Annual revenue {TODAY_WORDS}'" in \
        _header_cell(wb[layout.SCENARIOS], "Year 1 from").comment.text


def test_the_command_lines_revenue_names_its_day(tmp_path: Path, capsys,
                                                demo_run_2026_12_05: DemoRun) -> None:
    # `ratecalc demo --today 2026-12-05`, run once for the session
    assert demo_run_2026_12_05.code == 0
    lines = demo_run_2026_12_05.stdout.splitlines()
    # hand-checked against the Dashboard's figure of the same demo
    assert lines[1] == (f"Annual revenue on file {TODAY_WORDS}: $1,123,220.59; below market "
                        "by $144,386.11 a year")
    # the letter to Keystone (2%, its new term beginning 2028-01-01) said its rates were "as
    # agreed" from that day: no row on file says so, its escalator raised them (97110: $28.98
    # on 2027-01-01 to $29.56, on 2028-01-01 to $30.15)
    letter = tmp_path / "keystone.docx"
    assert main(["letter", "--payer", "Keystone Health Plan", "--out", str(letter),
                 str(demo_run_2026_12_05.files / "negotiation.xlsx")]) == 0
    capsys.readouterr()
    [said] = [p.text for p in docx.Document(str(letter)).paragraphs
              if p.text.startswith("The current rates shown are")]
    assert said.startswith(
        "The current rates shown are those in force on January 1, 2028, when the proposed "
        "rates would take effect, raised twice by our agreement's 2% escalator: 97110 at "
        "$30.15, "), said
    assert "as agreed" not in said


def escalated_today():
    """:func:`tests.test_scheduled_rates.clinic`, its 2% contract effective 2025-01-03: 97110's
    row of $30.00 dated TODAY - 400 days (2025-10-30) is raised on the first anniversary,
    2026-01-03, to $30.60 (30.00 x 1.02), in force on the analysis date; 97140's row, dated
    after that anniversary, is not."""
    data = clinic(TODAY, fees=[("97110", 30.00, TODAY - timedelta(days=400)),
                               ("97140", 40.00, TODAY - timedelta(days=300))])
    return replace(data, contracts=data.contracts.assign(escalator=0.02),
                   settings=replace(data.settings, cf_path="flat"))


RAISED = "raised by its contract's 2% escalator"


def test_a_rate_the_escalator_raised_says_so_in_every_output(tmp_path: Path) -> None:
    data = escalated_today()
    a = analyze(data)
    rows = a.comparison.set_index("code")
    assert rows.loc["97110", "allowed_amount"] == 30.60
    assert rows.loc["97110", "rate_source"] == f"fee schedule $30.00, {RAISED}"
    assert rows.loc["97140", "rate_source"] == "fee schedule"
    # the Proposal's reason says the same of the rate it builds on: the second anniversary,
    # 2027-01-03, raises $30.60 to $31.21 (30.612) before the new term begins
    reason = a.proposal.set_index("code").loc["97110", "reason"]
    assert reason.startswith(f"{RAISED} to $31.21 from 2027-01-03; "), reason
    written = write_results(a, tmp_path / "out")
    [csv] = [p for p in written if p.name == "comparison.csv"]
    assert f"fee schedule $30.00, {RAISED}" in csv.read_text(encoding="utf-8")
    book = tmp_path / "escalated.xlsx"
    new_workbook(book, data)
    result = refresh_workbook(book, now=datetime.combine(TODAY, datetime.min.time()))
    assert result.ok, [p.message for p in result.errors]
    ws = open_book(book)[layout.COMPARISON]
    spec = layout.COMPARISON_TABLE
    shown = {ws.cell(row=r, column=spec.col("code")).value:
             ws.cell(row=r, column=spec.col("rate_source")).value
             for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)
             if ws.cell(row=r, column=spec.col("payer")).value == PAYER}
    assert shown == {"97110": f"fee schedule $30.00, {RAISED}", "97140": "fee schedule"}
    # the "Payer's schedule" beside it shows $30.60 too: both header notes say why
    assert "the row's own rate where the contract's escalator raised it" in \
        _header_cell(ws, "Rate from").comment.text
    assert "A rate the contract's escalator raised is shown raised" in \
        _header_cell(ws, "Payer's schedule").comment.text
    # it wraps in its column: at its own width (50) it took the Comparison's columns after it
    # to the next page across
    letter = ws.cell(row=1, column=spec.col("rate_source")).column_letter
    assert ws.column_dimensions[letter].width <= 24


def test_a_contract_without_an_escalator_names_none() -> None:
    data = escalated_today()
    data = replace(data, contracts=data.contracts.assign(escalator=0.0))
    sources = set(analyze(data).comparison["rate_source"])
    assert sources == {"fee schedule"}


def test_the_demos_comparison_names_no_escalator_where_its_rows_are_the_raised_years() -> None:
    # the demo's Keystone rows are dated on the 2026-01-01 anniversary: in force as written
    a = analyze(demo_data())
    keystone = a.comparison[a.comparison["payer"] == "Keystone Health Plan"]
    assert set(keystone["rate_source"]) == {"fee schedule"}


def test_the_proposal_names_a_rate_the_escalator_raised_by_the_analysis_date() -> None:
    # the term ends TODAY + 20 days (2026-12-24): the new term begins 2026-12-25, before the
    # second anniversary (2027-01-03), so the proposal builds on the analysis date's $30.60,
    # the $30.00 row raised on 2026-01-03. Its "Why" said nothing of it: $30.60 beside a
    # Fee Schedules row of $30.00. The market, $31.00, is less than 5% above: the 5% minimum.
    data = escalated_today()
    data = replace(data, contracts=data.contracts.assign(end_date=TODAY + timedelta(days=20)))
    rows = analyze(data).proposal.set_index("code")
    assert (rows.loc["97110", "current_rate"], rows.loc["97110", "reason"]) == (
        30.60, f"fee schedule $30.00, {RAISED}; below market by less than the minimum "
               "increase, which takes it above market")
    assert rows.loc["97140", "reason"] == "below market: asks the market rate"


def test_the_scenarios_year_one_names_the_rates_the_escalator_raised(capsys) -> None:
    # The demo's Keystone (2%, anniversaries on January 1), its new term beginning 2028-01-01:
    # 97110's $28.98 row raised on 2027-01-01 to $29.56 (29.5596) and on 2028-01-01 to $30.15
    # (30.1512). `scenario --payer` said "97110 at $30.15 agreed from 2028-01-01", as if a row
    # on file said so, where the Proposal's "Why" says the contract's escalator raised it.
    args = ["scenario", "--demo", "--payer", "Keystone Health Plan", "--today", "2026-12-05"]
    assert main(args) == 0
    out = capsys.readouterr().out
    # raised on two anniversaries: said so, as the letter and the Proposal's "Why" say it
    assert ("(the Proposal's current rates), including the rates raised twice by its "
            "contract's 2% escalator: 97110 at $30.15 from 2028-01-01 ($28.98 today), ") in out
    assert "agreed from" not in out
    assert main([*args, "--json"]) == 0
    codes = {c["code"]: c for c in json.loads(capsys.readouterr().out)["codes"]}
    assert (codes["97110"]["rate_escalator"], codes["97110"]["fixed_rate"]) == (0.02, 30.15)
    assert codes["97110"]["rate_escalations"] == 2


def test_the_revenue_chart_names_the_day_its_year_one_is_priced_at(demo_book: Path) -> None:
    # "Revenue by year, all payers" plotted the Scenarios' totals, year 1 at the rates in force
    # when each payer's new term begins, under a sheet note that says the Dashboard's revenue is
    # the analysis date's: its title named no day. Its day is said on a second, smaller line of
    # the title, inside the chart (the chart keeps its size: no row grows, no page is added)
    import re
    import zipfile

    with zipfile.ZipFile(demo_book) as package:
        charts = [package.read(n).decode() for n in package.namelist()
                  if n.startswith("xl/charts/chart")]
    titles = [re.findall(r"<a:t>([^<]*)</a:t>", xml) for xml in charts]
    [revenue] = [t for t in titles if t and t[0].startswith("Revenue by year, all payers")]
    assert revenue[:2] == ["Revenue by year, all payers: fixed dollars or % of Medicare",
                           f"Year 1 {NEW_TERM_WORDS}"]


def test_no_output_calls_the_new_term_baseline_current(demo_book: Path, tmp_path: Path) -> None:
    """Two revenues of one payer, both shown: at the analysis date's rates (Priorities,
    Comparison, Dashboard, priorities.csv's ``annual_revenue``) and at the rates in force when
    its new term begins, the proposal's baseline (Totals, proposal_summary.csv and
    summary.json's ``new_term_revenue``). The second was headed "Current revenue" and keyed
    ``current_revenue``: a billing manager read the demo's Keystone as $256,355.49 "annual
    revenue" on the Priorities and $266,708.31 "current revenue" on the Totals, two figures
    for one thing. No label, header, column or key calls it current now."""
    wb = open_book(demo_book)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    notes = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.comment is not None]
    assert not [t for t in texts + notes if "current revenue" in t.lower()]
    assert _header_cell(wb[layout.TOTALS], NEW_TERM_LABEL).column == \
        layout.PROPOSAL_SUMMARY_TABLE.col("new_term_revenue")
    written = write_results(analyze(demo_data()), tmp_path / "out")
    by_name = {p.name: p for p in written}
    header = by_name["proposal_summary.csv"].read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[:3] == ["payer", "units_with_rate", "new_term_revenue"]
    summary = json.loads(by_name["summary.json"].read_text(encoding="utf-8"))
    assert "new_term_revenue" in summary["proposal"][0]
    assert "current_revenue" not in json.dumps(summary)


def test_a_workbook_headed_current_revenue_refreshes_to_the_new_name(demo_copy: Path) -> None:
    """A workbook refreshed by an earlier RateCalc has "Current revenue" on its Totals: it is
    renamed, not kept beside the new column as if the user had added it, and a formula of the
    user's naming it is named with the change to make."""
    from openpyxl.utils.cell import range_boundaries

    from .conftest import NOW

    wb = open_book(demo_copy)
    ws = wb[layout.TOTALS]
    spec = layout.PROPOSAL_SUMMARY_TABLE
    table = ws.tables[spec.name]
    left, top, _, _ = range_boundaries(table.ref)
    at = spec.keys.index("new_term_revenue")
    ws.cell(row=top, column=left + at, value="Current revenue")
    table.tableColumns[at].name = "Current revenue"
    mine = wb.create_sheet("My sums")
    mine["B2"] = "=SUM(tblProposalSummary[Current revenue])"
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    [named] = [p for p in result.problems if "now headed" in p.rule]
    assert f"'[Current revenue]' is changed to '[{NEW_TERM_LABEL}]'" in named.rule
    ws = open_book(demo_copy)[layout.TOTALS]
    left, top, right, _ = range_boundaries(ws.tables[spec.name].ref)
    assert [ws.cell(row=top, column=c).value for c in range(left, right + 1)] == spec.headers


def test_a_workbook_headed_units_per_year_on_its_totals_refreshes_to_units_with_a_rate(
        demo_copy: Path) -> None:
    """A workbook refreshed before the Totals' units were renamed (56366e4) reads "Units per
    year" there: the column is RateCalc's, renamed "Units with a rate", not kept beside the new
    one as a column of the user's; a formula of the user's naming it is named with the change,
    and the Priorities' own "Units per year" (every unit billed) keeps its name."""
    from openpyxl.utils.cell import range_boundaries

    from .conftest import NOW

    wb = open_book(demo_copy)
    ws = wb[layout.TOTALS]
    spec = layout.PROPOSAL_SUMMARY_TABLE
    table = ws.tables[spec.name]
    left, top, _, _ = range_boundaries(table.ref)
    at = spec.keys.index("units_with_rate")
    ws.cell(row=top, column=left + at, value="Units per year")
    table.tableColumns[at].name = "Units per year"
    mine = wb.create_sheet("My units")
    mine["B2"] = "=SUM(tblProposalSummary[Units per year])"
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    [named] = [p for p in result.problems if "now headed" in p.rule]
    assert "'[Units per year]' is changed to '[Units with a rate]'" in named.rule
    book = open_book(demo_copy)
    ws = book[layout.TOTALS]
    left, top, right, _ = range_boundaries(ws.tables[spec.name].ref)
    assert [ws.cell(row=top, column=c).value for c in range(left, right + 1)] == spec.headers
    assert spec.headers[at] == "Units with a rate"
    ws = book[layout.PRIORITIES]
    pleft, ptop, pright, _ = range_boundaries(ws.tables[layout.PRIORITIES_TABLE.name].ref)
    assert "Units per year" in [ws.cell(row=ptop, column=c).value
                                for c in range(pleft, pright + 1)]
