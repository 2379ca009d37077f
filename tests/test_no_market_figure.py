"""No market benchmark on file at all: each payer's "Dollars below market" is not known, in every
output that shows it, not $0.00.

The clinic walk made the Dashboard, ``analyze`` and ``refresh`` say "below market: not known"
(gap.no_market_note), but the Priorities and Timeline sheets, priorities.csv,
renewal_timeline.csv, summary.json's priorities and ``timeline --json`` still showed each payer
$0.00 below market: read as "paid at market" when the market was simply not on file. The order
of the payers and contracts does not change (every figure was $0.00: the ties broke as now).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.report import summary, write_tables
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.libreoffice import SOFFICE, convert_all
from tests.workbook.practice import NOW, practice_book

TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    d = demo_data(TODAY)
    return replace(d, benchmarks=d.benchmarks.iloc[0:0])


def test_the_core_tables_leave_the_figure_blank_in_the_same_order(data) -> None:
    analysis = analyze(data)
    assert analysis.comparison["benchmark"].isna().all()
    pr = analysis.priorities
    assert len(pr) > 1 and pr["dollars_at_stake"].isna().all(), pr["dollars_at_stake"]
    # nor how many codes are below it: "0 codes below market" read the same way
    assert pr["codes_below_market"].isna().all(), pr["codes_below_market"]
    assert analysis.timeline is not None
    assert analysis.timeline["dollars_at_stake"].isna().all()
    said = summary(analysis)
    assert [p["dollars_at_stake"] for p in said["priorities"]] == [None] * len(pr)
    assert said["market_note"] is not None
    # the total too: summary.json's dollars_below_market was 0.0 beside a note saying so
    assert said["dollars_below_market"] is None
    assert "$0.00" not in said["market_note"]


def test_the_csvs_and_the_timeline_command_leave_it_blank(data, tmp_path: Path,
                                                          capsys) -> None:
    analysis = analyze(data)
    write_tables(analysis, tmp_path / "out")
    for name in ("priorities.csv", "renewal_timeline.csv"):
        csv = pd.read_csv(tmp_path / "out" / name)
        assert csv["dollars_at_stake"].isna().all(), (name, csv["dollars_at_stake"].tolist())
    csv = pd.read_csv(tmp_path / "out" / "priorities.csv")
    assert csv["codes_below_market"].isna().all(), csv["codes_below_market"].tolist()
    # the urgency, dollars below market a day to the notice deadline, is not known either
    csv = pd.read_csv(tmp_path / "out" / "renewal_timeline.csv")
    assert csv["urgency"].isna().all(), csv["urgency"].tolist()
    folder = tmp_path / "tables"
    write_clinic_tables(replace(data, settings=replace(data.settings, analysis_date=TODAY)),
                        folder)
    assert main(["timeline", "--data", str(folder), "--as-of", TODAY.isoformat(),
                 "--json"]) in (0, 1)
    rows = json.loads(capsys.readouterr().out)["contracts"]
    assert rows and [r["dollars_at_stake"] for r in rows] == [None] * len(rows)
    assert [r["urgency"] for r in rows] == [None] * len(rows)


def _benchmarked(wb):  # type: ignore[no-untyped-def]
    """A benchmark typed on the practice workbook's Benchmarks sheet."""
    ws = wb[layout.BENCHMARKS]
    ws["A5"] = "92507"
    for column in "CDEF":
        ws[f"{column}5"] = 80.0


def _cedar(wb):  # type: ignore[no-untyped-def]
    """A payer with a contract and no volume added to the practice workbook."""
    from tests.workbook.practice import CONTRACTS

    ws = wb[layout.PAYERS_CONTRACTS]
    row = ("Cedar Health", "CED", "Commercial", 50, "PPO", "C-1", date(2025, 7, 1),
           date(2027, 6, 30), "yes", 90)
    for column, value in enumerate(row, start=1):
        ws.cell(5 + len(CONTRACTS), column).value = value


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any, Path]]:
    """Kind -> (the practice workbook, its refresh's result, LibreOffice's recalculated copy)
    of the three books this module's sheet tests read: one LibreOffice run for all three (a
    start costs about half a CPU-second beside each book's own conversion). Read only."""
    folder = tmp_path_factory.mktemp("no-market")
    books = {"bare": practice_book(folder / "practice.xlsx"),
             "benchmarked": practice_book(folder / "practice2.xlsx", _benchmarked),
             "cedar": practice_book(folder / "cedar.xlsx", _cedar)}
    results = {kind: refresh_workbook(book, now=NOW) for kind, book in books.items()}
    outs = convert_all(list(books.values()), folder / "recalc", "xlsx")
    return {kind: (books[kind], results[kind], out)
            for kind, out in zip(books, outs, strict=True)}


def _table(book: Path, recalculated: Path, sheet: str, spec: layout.TableSpec) -> pd.DataFrame:
    from openpyxl.utils.cell import range_boundaries

    from tests.workbook.conftest import open_book

    ref = open_book(book)[sheet].tables[spec.name].ref
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    ws = open_book(recalculated, data_only=True)[sheet]
    rows = list(ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                             max_col=max_col, values_only=True))
    by_header = {c.header: c.key for c in spec.columns}
    return pd.DataFrame(rows[1:], columns=[by_header.get(h, h) for h in rows[0]])


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_priorities_and_timeline_sheets_say_not_known(
        recalculated: dict[str, tuple[Path, Any, Path]]) -> None:
    """The practice workbook (no benchmarks), its formulas recalculated by LibreOffice."""
    from ratecalc_workbook.charts import DATA_HEADER_ROW
    from tests.workbook.conftest import open_book

    book, result, out = recalculated["bare"]
    assert result.ok
    priorities = _table(book, out, layout.PRIORITIES, layout.PRIORITIES_TABLE)
    assert priorities["dollars_at_stake"].tolist() == ["not known"] * len(priorities)
    assert priorities["codes_below_market"].tolist() == ["not known"] * len(priorities)
    calendar = _table(book, out, layout.TIMELINE, layout.TIMELINE_TABLE)
    assert calendar["dollars_at_stake"].tolist() == ["not known"] * len(calendar)
    # the Dashboard's "Below market, a year" says the same, not $0.00
    dash = open_book(out, data_only=True)[layout.DASHBOARD]
    facts = {dash.cell(row=r, column=1).value: dash.cell(row=r, column=2).value
             for r in range(layout.DASHBOARD_FACTS_ROW,
                            layout.DASHBOARD_FACTS_ROW + len(layout.DASHBOARD_FACTS))}
    assert facts["Below market, a year"] == "not known", facts
    # the rate chart's data under the charts: the market of each code blank, as on the
    # Comparison, not a "Market $0.00" beside its Medicare amount
    ws = open_book(out, data_only=True)[layout.DASHBOARD]
    assert ws.cell(row=DATA_HEADER_ROW, column=3).value == "Market"
    codes = [r for r in range(DATA_HEADER_ROW + 1, DATA_HEADER_ROW + 10)
             if ws.cell(row=r, column=1).value]
    assert codes
    assert all(ws.cell(row=r, column=3).value in (None, "") for r in codes), [
        ws.cell(row=r, column=3).value for r in codes]
    assert all(isinstance(ws.cell(row=r, column=2).value, float) for r in codes)

    # a benchmark typed and the workbook refreshed: figures again, on both sheets
    book2, result2, out2 = recalculated["benchmarked"]
    assert result2.ok
    priorities = _table(book2, out2, layout.PRIORITIES, layout.PRIORITIES_TABLE)
    assert all(isinstance(v, int | float) for v in priorities["dollars_at_stake"]), priorities


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_contract_with_nothing_billed_is_zero_on_the_sheet_as_in_the_csv(
        recalculated: dict[str, tuple[Path, Any, Path]]) -> None:
    """A payer with a contract and no volume is on no Priorities row: $0.00 below market is so
    whatever the market (renewal_timeline.csv says 0.0), not "not known"."""
    book, result, out = recalculated["cedar"]
    assert result.ok, [p.message for p in result.errors]
    calendar = _table(book, out, layout.TIMELINE, layout.TIMELINE_TABLE)
    shown = dict(zip(calendar["payer"], calendar["dollars_at_stake"], strict=True))
    assert shown["Cedar Health"] == 0 and shown["Summit Mutual"] == "not known", shown
