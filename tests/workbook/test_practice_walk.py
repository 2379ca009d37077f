"""A speech/OT practice typed into the blank workbook (``tests/workbook/practice.py``), seen
where the demo hides what goes wrong: a code its top payer does not pay, no market benchmarks,
a contract ended last month."""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils.cell import range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import open_book
from tests.workbook.practice import NOW, practice_book


def _column(path: Path, sheet: str, table_name: str) -> list[object]:
    """The first column of ``table_name`` on ``sheet`` below its header."""
    ws = open_book(path)[sheet]
    left, top, _, bottom = range_boundaries(ws.tables[table_name].ref)
    return [ws.cell(row=r, column=left).value for r in range(top + 1, bottom + 1)]


def test_a_code_the_top_payer_does_not_pay_leaves_its_scenario_and_exit_estimate(tmp_path):
    # Summit is billed 92526 and pays no rate for it: its Scenarios and Exit Impact rows were
    # missing ("no scenario (... no rate in force on 2027-04-01 for code(s) 92526)"), and the
    # All payers totals left the payer to negotiate first out
    book = practice_book(tmp_path / "practice.xlsx")
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    assert "Summit Mutual" in _column(book, layout.SCENARIOS, "tblScenarios")
    assert "Summit Mutual" in _column(book, layout.EXIT_IMPACT, "tblExitImpact")
    said = [p.message for p in result.problems if "92526" in p.message]
    assert any("Scenarios: Summit Mutual: no rate in force on 2027-04-01 for 92526" in m
               and "counted as not paid ($0)" in m for m in said), said
    assert not any("no scenario" in m or "no exit estimate" in m for m in said), said


def test_no_market_benchmarks_is_said_once_and_under_the_dashboard_figures(tmp_path):
    # no benchmark at all: "Below market, a year $0.00" and an empty chart of it stood on the
    # Dashboard without a word why, and the Problems sheet said the same warning once a code
    book = practice_book(tmp_path / "practice.xlsx")
    result = refresh_workbook(book, now=NOW)
    # at the Benchmarks sheet, where the rows would go (errors-9: it named no file or sheet,
    # and this filter was p.message.startswith("Benchmarks:"))
    bench = [p.message for p in result.problems if p.table == "Benchmarks"]
    assert len(bench) == 1 and "no market benchmarks on file" in bench[0], bench
    assert bench[0].startswith("Benchmarks 'practice.xlsx', sheet 'Benchmarks': "), bench
    ws = open_book(book)[layout.DASHBOARD]
    under = " ".join(str(ws.cell(row=r, column=1).value or "")
                     for r in range(layout.DASHBOARD_FACTS_ROW + len(layout.DASHBOARD_FACTS),
                                    layout.DASHBOARD_FACTS_ROW + len(layout.DASHBOARD_FACTS) + 8))
    assert "No market benchmarks on file: dollars below market are not known" in under, under
    assert "Benchmarks sheet" in under


def test_a_contract_with_no_end_date_is_told_what_to_type(tmp_path):
    # an evergreen contract: End date left blank read "required value is blank" and no more
    def evergreen(wb):
        wb[layout.PAYERS_CONTRACTS]["H6"] = None

    result = refresh_workbook(practice_book(tmp_path / "p.xlsx", evergreen), now=NOW)
    said = [p.message for p in result.errors]
    assert any("row 6, column H 'End date': required value is blank: the day the contract's "
               "current term ends; for a contract with no end date" in m
               and "mark it Auto renew" in m for m in said), said


def test_the_comparison_says_why_a_billed_code_has_no_rate(tmp_path):
    # Summit 92526: units a year beside a blank Rate and a blank "Rate from"
    book = practice_book(tmp_path / "practice.xlsx")
    assert refresh_workbook(book, now=NOW).ok
    ws = open_book(book)[layout.COMPARISON]
    left, top, right, bottom = range_boundaries(ws.tables["tblComparison"].ref)
    header = [ws.cell(row=top, column=c).value for c in range(left, right + 1)]
    rows = [[ws.cell(row=r, column=c).value for c in range(left, right + 1)]
            for r in range(top + 1, bottom + 1)]
    row = next(dict(zip(header, r, strict=True)) for r in rows
               if r[0] == "Summit Mutual" and r[1] == "92526")
    assert row["Rate"] is None
    assert row["Rate from"] == "no rate in force: counted as not paid"


def test_a_metric_named_without_its_figure_says_it_may_be_cleared(tmp_path):
    # "Denial rate" typed, its figure left for later: "required value is blank", nothing more
    def named_only(wb):
        wb[layout.CLINIC_SHEET]["E6"] = "Denial rate"

    result = refresh_workbook(practice_book(tmp_path / "p.xlsx", named_only), now=NOW)
    said = [p.message for p in result.errors]
    assert said == ["Clinic Metrics 'p.xlsx', sheet 'Clinic', row 6, column F 'Value': required "
                    "value is blank: give the figure, or clear the row's Metric cell until you "
                    "have it (every metric is optional)"], said
