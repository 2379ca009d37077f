"""The Clinic prints on one page: its metrics under the profile, not beside it.

Beside the profile (columns E to J, as RateCalc wrote them until 2026-12-07) the two tables
printed as two print areas, each on a page of its own: the demo's second Clinic page held only
the eight metrics, since one page wide side by side they printed at 59 %. Under the profile,
from column A, the sheet is one print area one page wide at 80 %.

The metrics are an input table: the reader finds them by their Excel table wherever they
stand, an 835 import appends to them there, Excel's checks follow them, and a workbook with
them beside the profile (an earlier RateCalc's) still reads and upgrades as it was.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.fee_schedule_import import append_rows
from ratecalc_workbook.input_sheets import metric_figure_formula
from ratecalc_workbook.page_layout import MIN_PRINT_PERCENT, drawn_percent, print_areas
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.upgrade import upgrade_workbook
from tests.books import load_book
from tests.workbook.conftest import NOW, foot_sheet, open_book
from tests.workbook.earlier_books import EARLIER_METRICS_TABLE, write_earlier_workbook
from tests.workbook.libreoffice import SOFFICE

#: The demo's metrics as the sheet shows them: metric (as the drop-down names it), value.
DEMO_METRICS = [("Clean claim rate", 0.97), ("Denial rate", 0.035), ("Days in AR", 27),
                ("Visits per episode", 9.1), ("Outcome improvement", 0.84), ("NPS", 81),
                ("Cost per visit", 82), ("Visits per year", 10400)]


def _table_box(ws, name: str) -> tuple[int, int, int, int]:
    return range_boundaries(ws.tables[name].ref)  # type: ignore[return-value]


def _read_metrics(book: Path) -> pd.DataFrame:
    data, problems = read_workbook(book, as_of=date(2026, 12, 7))
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    return data.metrics


def test_the_metrics_stand_under_the_profile_and_the_clinic_is_one_area(
        demo_book: Path) -> None:
    """One print area, fitted one page wide at no less than the house's smallest print (80 %),
    holding both tables: the metrics' table starts in column A, below the profile's last row."""
    ws = load_book(demo_book)[layout.CLINIC_SHEET]
    left, top, right, bottom = _table_box(ws, layout.METRICS_TABLE.name)
    p_left, _, p_right, p_bottom = _table_box(ws, layout.PROFILE_TABLE.name)
    assert (left, right) == (1, 6) and p_left == 1 and top > p_bottom + 1
    assert [(c.value, ws.cell(row=c.row, column=2).value)
            for c in ws["A"][top:bottom]] == DEMO_METRICS
    [area] = print_areas(ws)
    assert area[0] == 1 and area[2] >= right and area[3] >= bottom
    setup = ws.page_setup
    assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1
    assert drawn_percent(ws, area[0], area[2], setup.orientation) >= MIN_PRINT_PERCENT


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_demo_clinic_prints_on_one_page(printed_pages: dict[str, list[dict]]) -> None:
    """On LibreOffice's print of the demo, the Clinic is one page holding the profile and the
    metrics (before: two, the second holding the metrics alone)."""
    pages = []
    for page in printed_pages["demo"]:
        lines = [" ".join(line.split()) for line in page["text"].splitlines() if line.strip()]
        if any(foot_sheet(line) == layout.CLINIC_SHEET for line in lines[-2:]):
            pages.append(" ".join(lines))
    assert len(pages) == 1, len(pages)
    for words in ("Clinic profile", "Riverbend Physical Therapy", "Clinic metrics and costs",
                  "Clean claim rate 97.0% 90.0%", "Visits per year 10,400"):
        assert words in pages[0], words


def test_the_reader_reads_the_metrics_under_the_profile(demo_book: Path) -> None:
    """Every demo metric as the demo's data has it, read from the rows under the profile."""
    read = _read_metrics(demo_book)
    expected = demo_data(date(2026, 12, 7)).metrics
    assert read["metric"].tolist() == expected["metric"].tolist()
    assert read["value"].tolist() == pytest.approx(expected["value"].tolist())
    assert read["source"].tolist() == expected["source"].tolist()


def test_excel_checks_follow_the_metrics(demo_book: Path) -> None:
    """The Metric drop-down and the check of each figure by its row's metric stand on the
    metrics' own cells, naming that row's Metric and Unit."""
    ws = open_book(demo_book)[layout.CLINIC_SHEET]
    spec = layout.METRICS_TABLE
    first = spec.header_row + 1
    letter = {k: get_column_letter(spec.col(k)) for k in ("metric", "value", "benchmark", "unit")}
    rules = ws.data_validations.dataValidation
    [drop_down] = [dv for dv in rules if f"{letter['metric']}{first}" in dv.sqref]
    assert drop_down.type == "list"
    for key in ("value", "benchmark"):
        [rule] = [dv for dv in rules if f"{letter[key]}{first}" in dv.sqref]
        assert rule.formula1 == metric_figure_formula(
            f"{letter[key]}{first}", f"${letter['metric']}{first}", f"${letter['unit']}{first}")


def test_an_import_appends_metrics_under_the_profile(demo_copy: Path) -> None:
    """An 835 import's metric (appended as ``ratecalc import 835 --workbook`` appends) is
    written on the row after the last metric, in the metrics' columns, the table and its
    checks grown over it, and read back."""
    spec = layout.METRICS_TABLE
    ws = open_book(demo_copy)[layout.CLINIC_SHEET]
    _, _, _, last = _table_box(ws, spec.name)
    added = pd.DataFrame([{"metric": "patient_satisfaction", "value": 0.92, "unit": "fraction",
                           "period": "2026", "source": "835 remittances"}])
    assert append_rows(demo_copy, "metrics", added) == 1
    ws = open_book(demo_copy)[layout.CLINIC_SHEET]
    assert _table_box(ws, spec.name) == (1, spec.header_row, 6, last + 1)
    assert ws.cell(row=last + 1, column=spec.col("value")).value == 0.92
    assert ws.cell(row=last + 1, column=spec.col("source")).value == "835 remittances"
    read = _read_metrics(demo_copy)
    assert read.loc[read["metric"] == "patient_satisfaction", "value"].tolist() == [0.92]


@pytest.fixture(scope="module")
def earlier_clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's workbook as RateCalc wrote it before 2026-12-07: metrics beside the profile."""
    return write_earlier_workbook(tmp_path_factory.mktemp("earlier") / "negotiation.xlsx",
                                  demo_data())


def test_an_earlier_workbook_with_the_metrics_beside_still_reads_and_upgrades(
        earlier_clinic: Path, tmp_path: Path) -> None:
    """The metrics beside the profile (E4) read as before; a value typed there is kept by the
    upgrade, which moves nothing, and read after it."""
    book = tmp_path / "negotiation.xlsx"
    shutil.copy2(earlier_clinic, book)
    ws = open_book(book)[layout.CLINIC_SHEET]
    assert _table_box(ws, layout.METRICS_TABLE.name)[:2] == (5, layout.HEADER_ROW)
    assert _read_metrics(book)["metric"].tolist() == demo_data().metrics["metric"].tolist()
    spec = EARLIER_METRICS_TABLE
    wb = open_book(book)
    wb[layout.CLINIC_SHEET].cell(row=spec.header_row + 1, column=spec.col("value"), value=0.95)
    wb.save(book)
    upgrade_workbook(book, now=NOW)
    ws = open_book(book)[layout.CLINIC_SHEET]
    assert ws.cell(row=spec.header_row + 1, column=spec.col("value")).value == 0.95
    assert _table_box(ws, layout.METRICS_TABLE.name)[:2] == (5, layout.HEADER_ROW)
    read = _read_metrics(book)
    assert read.loc[read["metric"] == "clean_claim_rate", "value"].tolist() == [0.95]
