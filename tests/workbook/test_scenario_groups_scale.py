"""The Scenarios' years, each payer's kept whole on a page and "All payers, by year" kept with
the last payer's, print on as few pages as their rows alone would at the scale chosen.

The demo's six payers twice over (12 payers) over 5 years: the scale that ended the years a
page sooner with rows cut anywhere (page_layout.no_short_last_page, 85 %) held the payers'
groups on 3 pages (rows 6-35, 36-60, 61-73 with the totals), where 84 % holds them on 2, as
76e773ef printed them (Scenarios: 4 LibreOffice pages against 3). The page-layout branch
pages-16 widened two header columns half a character, which moved the scale from 84 to 85 %.
Since pages-17 the years stand under the per-payer table (its 12 rows fit a page), run on
from its page under their repeated header: the sheet's three pages end between payers.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import MIN_PRINT_PERCENT, page_room_pt, print_areas
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import foot_sheet, open_book, read_pages
from tests.workbook.libreoffice import SOFFICE, convert, printing_only

NOW = datetime(2026, 12, 6, 9, 0)


def _twelve_payers(book: Path) -> Path:
    """The demo with each payer copied under the name "<payer> 2", over 5 Scenario years."""
    data = demo_data(NOW.date())
    changed = {}
    for field in dataclasses.fields(data):
        frame = getattr(data, field.name)
        if not (isinstance(frame, pd.DataFrame) and "payer" in frame.columns):
            continue
        copy = frame.assign(payer=frame["payer"] + " 2")
        if field.name == "contracts":
            copy = copy.assign(contract_id=copy["contract_id"].astype(str) + "-2")
        changed[field.name] = pd.concat([frame, copy], ignore_index=True)
    data = dataclasses.replace(data, **changed)
    data = dataclasses.replace(data, settings=dataclasses.replace(data.settings,
                                                                  scenario_years=5))
    new_workbook(book, data)
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    return book


@pytest.fixture(scope="module")
def twelve(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _twelve_payers(tmp_path_factory.mktemp("twelve") / "p12-y5.xlsx")


def test_the_years_print_on_three_pages_each_payer_whole(twelve: Path) -> None:
    ws = open_book(twelve)[layout.SCENARIOS]
    left, header, _, last = range_boundaries(ws.tables[layout.SCENARIO_YEARS_TABLE.name].ref)
    totals_last = range_boundaries(ws.tables[layout.SCENARIO_TOTALS_TABLE.name].ref)[3]
    [(_, top, _, _)] = print_areas(ws)  # one area: the per-payer table, the years under it
    assert last - header == 12 * 5
    assert ws.print_title_rows == f"${header}:${header}"
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    assert len(breaks) == 2, breaks  # 3 pages, as the per-payer table's and the years' were
    for after in breaks:  # each page ends between two payers
        assert header < after < last, (after, header, last)
        assert ws.cell(after, left).value != ws.cell(after + 1, left).value
    percent = int(ws.page_setup.scale)
    assert percent >= MIN_PRINT_PERCENT
    room = page_room_pt(ws, "landscape") * 100 / percent
    height = {r: ws.row_dimensions[r].height or 15.0 for r in range(top, totals_last + 1)}
    # each page's rows fit it, the header repeated over the second and third
    bounds = [top, *(after + 1 for after in breaks), totals_last + 1]
    for first, end in zip(bounds, bounds[1:], strict=False):
        above = height[header] if first > header else 0.0
        assert above + sum(height[r] for r in range(first, end)) <= room, (first, end)


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_the_scenarios_on_three_pages(twelve: Path, tmp_path: Path) -> None:
    """Three pages: the per-payer table and the first payers' years, then the years and the
    totals under their header (side by side before pages-17: the per-payer table alone, the
    years and the totals on two)."""
    pdf = convert(printing_only(twelve, layout.SCENARIOS, tmp_path / "scenarios.xlsx"),
                  tmp_path, "pdf")
    pages = [page for page in read_pages(pdf)
             if foot_sheet(" ".join(page["text"].splitlines()[-1].split())) == layout.SCENARIOS]
    assert len(pages) == 3, [" ".join(p["words"])[:120] for p in pages]
    assert "All payers, by year" in " ".join(pages[-1]["words"])
