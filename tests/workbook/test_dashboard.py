"""The Dashboard's headline figures as printed beside its charts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ratecalc.analysis import analyze
from ratecalc.medicare.store import release_for
from ratecalc.report import summary
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book, tiny_clinic

LONG = "Blue Cross and Blue Shield of Alabama Preferred Provider Network"


def test_a_long_payer_name_wraps_beside_the_chart_not_under_it(tmp_path: Path) -> None:
    # A reviewer's case: "Negotiate first with Blue Cross and Blue Shield of Alaba", the rest
    # under the rate chart that stands from column D.
    data = tiny_clinic()
    renamed = {name: frame.replace({"payer": {"Alpha Health": LONG}})
               for name, frame in (("payers", data.payers), ("contracts", data.contracts),
                                   ("fee_schedules", data.fee_schedules),
                                   ("volumes", data.volumes))}
    book = new_workbook(tmp_path / "long.xlsx", replace(data, **renamed))
    refresh_workbook(book, now=NOW)
    ws = open_book(book)[layout.DASHBOARD]
    keys = [key for key, _, _ in layout.DASHBOARD_FACTS]
    row = layout.DASHBOARD_FACTS_ROW + keys.index("top_payer")
    value, label = ws.cell(row=row, column=2), ws.cell(row=row, column=1)
    assert value.value == LONG
    assert value.alignment.wrap_text and value.alignment.vertical == "top"
    assert label.alignment.vertical == "top"
    # 64 characters over columns B:C, 32 wide: two lines at least, each 12.75 pt
    assert {str(m) for m in ws.merged_cells.ranges} >= {f"B{row}:C{row}"}
    assert ws.row_dimensions[row].height >= 2 * 12.75
    # the short figures keep one line
    assert ws.row_dimensions[layout.DASHBOARD_FACTS_ROW].height <= 12.75 + 3


def test_a_clinic_with_no_code_on_file_yet_still_names_its_medicare_release(
        tmp_path: Path) -> None:
    # payers and contracts typed in, no fee schedule or volume yet: the Dashboard's "Medicare
    # release" was blank, as if no release priced the Settings' date, where the summary of
    # `analyze` names it
    data = tiny_clinic()
    data = replace(data, fee_schedules=data.fee_schedules.iloc[0:0],
                   volumes=data.volumes.iloc[0:0], benchmarks=data.benchmarks.iloc[0:0])
    book = new_workbook(tmp_path / "no-codes.xlsx", data)
    assert refresh_workbook(book, now=NOW).ok
    ws = open_book(book)[layout.DASHBOARD]
    keys = [key for key, _, _ in layout.DASHBOARD_FACTS]
    release = ws.cell(row=layout.DASHBOARD_FACTS_ROW + keys.index("medicare_release"), column=2)
    day = data.settings.date_of_service
    assert release.value == f"{release_for(day).release.upper()}, {day.isoformat()}"
    info = summary(analyze(data))
    assert f"{info['medicare_release'].upper()}, {info['medicare_date']}" == release.value


def test_the_break_before_the_lower_charts_prints_at_a_fixed_scale(tmp_path: Path) -> None:
    """A name of some 260 characters makes the headline figures taller than the rate chart,
    so the lower charts go to a page of their own after a manual break (keep_charts_apart).
    A spreadsheet prints manual breaks only at a fixed scale: fitted one page wide, Excel
    leaves the break out. The Dashboard prints at the scale the fit gave, fixed."""
    from ratecalc_workbook.page_layout import MIN_PRINT_PERCENT, drawn_percent, print_areas

    very_long = " ".join([LONG] * 5)[:260]
    data = tiny_clinic()
    renamed = {name: frame.replace({"payer": {"Alpha Health": very_long}})
               for name, frame in (("payers", data.payers), ("contracts", data.contracts),
                                   ("fee_schedules", data.fee_schedules),
                                   ("volumes", data.volumes))}
    book = new_workbook(tmp_path / "very-long.xlsx", replace(data, **renamed))
    assert refresh_workbook(book, now=NOW).ok
    ws = open_book(book)[layout.DASHBOARD]
    assert ws.row_breaks.brk, "the figures no longer push the lower charts to a page"
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    [(left, _, right, _)] = print_areas(ws)
    orientation = ws.page_setup.orientation or "portrait"
    assert ws.page_setup.scale == drawn_percent(ws, left, right, orientation)
    assert MIN_PRINT_PERCENT <= ws.page_setup.scale <= 100
