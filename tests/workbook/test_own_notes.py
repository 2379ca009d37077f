"""What RateCalc itself wrote on a result sheet is never a value the user lost (the review's
"lost" notes): a sheet whose tables come back empty, or full again, rewrote its own notes in
other places, and refresh warned that its own words were the user's, kept in the backup. A
value the user typed outside the tables is still named, whatever the sheet's shape."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook

from ratecalc_workbook import layout
from ratecalc_workbook.refresh import RefreshResult, refresh_workbook
from tests.workbook.conftest import NOW, open_book

#: Typed by the user on the Exit Impact sheet of the full demo, above its table and clear of the
#: note over it (A3:M3) and of the column right beside the table: refresh does not keep it.
USER_CELL, USER_TEXT = "P2", "Ask Summit's rep about self-pay first"


def _stray(result: RefreshResult) -> dict[tuple[str, str], object]:
    """The cells refresh says held a value outside the result tables -> the value."""
    return {(p.table, f"{p.location.column}{p.location.row}"): p.value for p in result.problems
            if "outside the result tables" in p.rule}


def _volume_cells(wb: Workbook) -> Iterator[Cell]:
    """Every cell below the Volumes table's header row."""
    ws = wb[layout.VOLUMES]
    for row in ws.iter_rows(min_row=layout.VOLUMES_TABLE.header_row + 1):
        yield from row


def _not_computed(wb: Workbook, sheet: str) -> bool:
    return wb[sheet].cell(row=layout.HEADER_ROW, column=1).value == layout.NOT_COMPUTED


@pytest.fixture(scope="module")
def emptied(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, RefreshResult]:
    """The refreshed demo with a note of the user's on its Exit Impact sheet and its Volumes
    rows deleted, refreshed once: Scenarios and Exit Impact go from a table under a note to
    "Not computed yet" and why (read only: copy it)."""
    book = tmp_path_factory.mktemp("emptied") / "negotiation.xlsx"
    shutil.copy2(demo_book, book)
    wb = open_book(book)
    wb[layout.EXIT_IMPACT][USER_CELL] = USER_TEXT
    for cell in _volume_cells(wb):
        cell.value = None
    wb.save(book)
    return book, refresh_workbook(book, now=NOW)


def test_tables_gone_empty_name_only_the_users_value(emptied) -> None:
    # The reviewer's case: Exit Impact A3 (its note) and Scenarios A3, M4, R4 (its note and
    # section titles) were each "held a value outside the result tables ... in the backup".
    book, result = emptied
    assert result.ok, [p.message for p in result.errors]
    wb = open_book(book)
    assert _not_computed(wb, layout.EXIT_IMPACT) and _not_computed(wb, layout.SCENARIOS)
    assert _stray(result) == {(layout.EXIT_IMPACT, USER_CELL): USER_TEXT}


def test_tables_full_again_name_only_the_users_value(emptied, demo_book: Path,
                                                     tmp_path: Path) -> None:
    # The reverse: "Not computed yet" and its reason give way to tables; a note typed on the
    # not-computed Scenarios sheet, where its table now stands, was dropped without a word.
    source, _ = emptied
    book = tmp_path / "negotiation.xlsx"
    shutil.copy2(source, book)
    wb, demo = open_book(book), open_book(demo_book)
    for cell in _volume_cells(demo):
        wb[layout.VOLUMES].cell(row=cell.row, column=cell.column).value = cell.value
    wb[layout.SCENARIOS]["D8"] = "Compare with the 2025 offer"
    wb.save(book)
    result = refresh_workbook(book, now=NOW)
    # the Scenarios' table now lands on the note: the refresh is refused naming it alone
    # (preserve.landed_cells), RateCalc's "Not computed yet" notes named by nothing
    assert not result.ok
    assert {(p.table, f"{p.location.column}{p.location.row}"): p.value
            for p in result.problems if "now reaches" in p.rule or "outside" in p.rule} == {
        (layout.SCENARIOS, "D8"): "Compare with the 2025 offer"}
    assert open_book(book)[layout.SCENARIOS]["D8"].value == "Compare with the 2025 offer"
    wb = open_book(book)
    wb[layout.SCENARIOS]["D8"] = None  # the user moves the note away, as the error asks
    wb.save(book)
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    wb = open_book(book)
    assert not _not_computed(wb, layout.EXIT_IMPACT) and not _not_computed(wb, layout.SCENARIOS)
    assert _stray(result) == {}


def test_a_note_of_ratecalcs_typed_over_is_the_users(demo_copy: Path) -> None:
    # The user's words typed over RateCalc's note are lost when refresh writes the note there
    # again: said (they were not, the place being taken again), while RateCalc's other notes
    # on the sheet are not.
    wb = open_book(demo_copy)
    wb[layout.EXIT_IMPACT]["A3"] = "Leaving Summit is off the table this year"
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    assert _stray(result) == {
        (layout.EXIT_IMPACT, "A3"): "Leaving Summit is off the table this year"}
    assert open_book(demo_copy)[layout.EXIT_IMPACT]["A3"].value.startswith(
        "A payer left is lost when its term ends")
