"""A sheet printed pages across ends each page between groups of columns read together
(``TableSpec.print_groups``), at a fixed scale with column breaks; checked on the page setup
of a sheet built here (the rendered demo is checked in ``test_rendered_pages``)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import (
    MIN_PRINT_PERCENT,
    PRINTABLE_IN,
    breaks_at_a_fixed_scale,
    drawn_percent,
    drawn_width_in,
    group_starts,
    page_per_group,
    readable_print,
)
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.result_sheets import CAVEAT_WIDTH

from .conftest import NOW, open_book

SPEC = layout.PRIORITIES_TABLE


def _priorities(inserted: int | None = None, **widths: float) -> Worksheet:
    """A Priorities table of one row, its columns as wide as the layout gives them, or as
    ``widths`` (by column key); with a column of the user's before column ``inserted``.
    Fitted to pages, as the workbook's sheets are set up (input_sheets.print_setup)."""
    ws = Workbook().active
    top = SPEC.header_row
    columns = [(c.header, widths.get(c.key, c.width)) for c in SPEC.columns]
    if inserted is not None:
        columns.insert(inserted - 1, ("My column", 10.0))
    for i, (header, width) in enumerate(columns, start=SPEC.first_col):
        ws.cell(row=top, column=i, value=header)
        ws.cell(row=top + 1, column=i, value="x")
        ws.column_dimensions[get_column_letter(i)].width = width
    ref = f"A{top}:{get_column_letter(len(columns))}{top + 1}"
    ws.add_table(Table(displayName=SPEC.name, ref=ref))
    ws.print_area = ref
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def test_groups_begin_at_their_headers_wherever_the_columns_are() -> None:
    # the Notes begin a group since the Market caveat prints beside them (market-label-9)
    assert group_starts(_priorities()) == {SPEC.col("end_date"), SPEC.col("notes")}
    # a column the user inserted before the group moves its start with its header
    assert group_starts(_priorities(inserted=3)) == {SPEC.col("end_date") + 1,
                                                     SPEC.col("notes") + 1}


def test_a_page_across_ends_between_two_groups_at_a_readable_scale() -> None:
    """Fitted to two pages wide, Priorities' first page ended after "Notice deadline", the
    dates split from the status and warning they are read with."""
    ws = _priorities()
    readable_print(ws, SPEC.first_col, SPEC.last_col, "landscape")
    setup = ws.page_setup
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert MIN_PRINT_PERCENT <= setup.scale <= 100
    # three pages across since the Market caveat (market-label-9): the dates' page could not
    # hold it at a readable scale; it prints with the Notes, a group of their own
    assert setup.fitToWidth == 3 and setup.pageOrder == "overThenDown"
    assert [b.id for b in ws.col_breaks.brk] == [SPEC.col("end_date") - 1,
                                                 SPEC.col("notes") - 1]
    assert ws.print_title_cols == "$A:$B"
    # each page, the repeated columns beside the second and third, fits the width at that scale
    room = PRINTABLE_IN["landscape"] * 100 / setup.scale
    first = sum(drawn_width_in(ws, c) for c in range(1, SPEC.col("end_date")))
    second = sum(drawn_width_in(ws, c) for c in (1, 2, *range(SPEC.col("end_date"),
                                                                SPEC.col("notes"))))
    third = sum(drawn_width_in(ws, c) for c in (1, 2, *range(SPEC.col("notes"),
                                                               SPEC.last_col + 1)))
    assert first <= room and second <= room and third <= room


def test_the_notes_and_market_caveat_share_the_dates_page_when_it_holds_them() -> None:
    """As refresh fits them (the Notes empty, the Market caveat wrapped at CAVEAT_WIDTH, the
    demo's Deadline warning 36 characters), the Notes' group fits the dates' page across at a
    readable scale: two pages across, not a third of Rank, Payer, Notes and Market caveat
    (review-b10, the caveat fitted to its text 86 characters wide)."""
    ws = _priorities(notes=12.0, market_caveat=CAVEAT_WIDTH, deadline_note=36.0)
    readable_print(ws, SPEC.first_col, SPEC.last_col, "landscape")
    setup = ws.page_setup
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert MIN_PRINT_PERCENT <= setup.scale <= 100
    assert setup.fitToWidth == 2
    assert [b.id for b in ws.col_breaks.brk] == [SPEC.col("end_date") - 1]
    room = PRINTABLE_IN["landscape"] * 100 / setup.scale
    second = sum(drawn_width_in(ws, c) for c in (1, 2, *range(SPEC.col("end_date"),
                                                                SPEC.last_col + 1)))
    assert second <= room


def test_a_group_wider_than_a_page_leaves_the_fitted_pages() -> None:
    """No readable scale holds a group of a page of its own (a warning column of 150
    characters): the sheet is fitted to pages wide as before, without breaks of its own."""
    ws = _priorities(deadline_note=150.0)
    readable_print(ws, SPEC.first_col, SPEC.last_col, "landscape")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert not ws.col_breaks.brk and (ws.page_setup.fitToWidth or 1) > 1


def test_a_sheet_that_fits_one_page_again_loses_its_breaks() -> None:
    """Laid out again (a refresh) once its columns fit one page wide, a sheet prints fitted
    to that page: breaks of the layout before would split it."""
    ws = _priorities()
    readable_print(ws, SPEC.first_col, SPEC.last_col, "landscape")
    assert ws.col_breaks.brk
    for col in range(1, SPEC.last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 6
    readable_print(ws, SPEC.first_col, SPEC.last_col, "landscape")
    assert not ws.col_breaks.brk and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.scale is None


def test_an_input_sheet_widened_by_the_user_still_prints_fitted_to_its_pages_across(
        demo_copy: Path) -> None:
    """Payers & Contracts is the user's: refresh never lays it out again. Given the breaks
    and fixed scale of its build, a column the user widened printed 5 pages across, one
    holding only Payer, Effective date and End date, where fitting to N pages wide shrinks.
    It keeps fitting to its pages across; a result sheet, laid out again by refresh, keeps
    its page breaks between groups."""
    wb = open_book(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    spec = layout.PAYERS_CONTRACTS_TABLE
    for key in ("effective_date", "end_date"):
        ws.column_dimensions[get_column_letter(spec.col(key))].width = 40
    wb.save(demo_copy)
    refresh_workbook(demo_copy, now=NOW)
    wb = open_book(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    assert ws.column_dimensions[get_column_letter(spec.col("end_date"))].width == 40
    assert (ws.page_setup.fitToWidth or 1) > 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert not ws.col_breaks.brk
    proposal = wb[layout.PROPOSAL]
    assert proposal.col_breaks.brk
    assert not proposal.sheet_properties.pageSetUpPr.fitToPage


def test_a_page_per_payer_one_page_wide_prints_at_a_fixed_scale() -> None:
    """A Proposal narrow enough for one page wide (fitted to the width) got a break before
    each payer while still fitted: spreadsheets print manual breaks only at a fixed scale, and
    Excel would run the payers on. It prints at the scale the fit gave, fixed, a page a payer."""
    ws = Workbook().active
    ws.append([None])
    for row, payer in enumerate(["Alpha"] * 4 + ["Beta"] * 4 + ["Gamma"] * 4, start=5):
        ws.cell(row=row, column=1, value=payer)
        ws.cell(row=row, column=2, value="97110")
    for col in ("A", "B"):
        ws.column_dimensions[col].width = 20.0
    ws.print_area = "A4:B16"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    page_per_group(ws, 5, 16, 1)
    assert [b.id for b in ws.row_breaks.brk] == [8, 12]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale == drawn_percent(ws, 1, 2, "landscape") == 100


def test_a_fixed_scale_fits_the_widest_print_area_one_page_wide() -> None:
    """A sheet of two print areas, fitted one page wide with a break of its own, prints at
    the scale the widest area fits one page wide at (test-review-8: a scale of the narrowest
    area's, 100 %, passed the tests, which have one area each, and printed the wide area two
    pages across)."""
    ws = Workbook().active
    for row in range(1, 11):
        for col in range(1, 13):
            ws.cell(row=row, column=col, value=f"r{row}c{col}")
    for col in range(1, 13):
        ws.column_dimensions[get_column_letter(col)].width = 20.0 if col < 4 else 30.0
    ws.print_area = ["A1:B10", "D1:L10"]
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.row_breaks.append(Break(id=5))
    breaks_at_a_fixed_scale(ws)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    wide = sum(drawn_width_in(ws, col) for col in range(4, 13))
    assert wide > PRINTABLE_IN["portrait"]  # the wide area needs shrinking at all
    assert ws.page_setup.scale < 100
    assert wide * ws.page_setup.scale / 100 <= PRINTABLE_IN["portrait"]
