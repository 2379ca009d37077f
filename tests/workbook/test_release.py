"""A refresh or a read run in a long-lived process (the ribbon's Python, a program, these tests)
frees its workbook's cells itself, leaving the cycle collector no cell to walk; a command in its
own process, with the collector off until it exits, leaves them be (ratecalc_workbook.release)."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl.cell.cell import Cell, MergedCell

from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.fee_schedule_import import append_table_rows
from ratecalc_workbook.reader import (
    _read,
    loaded_once,
    open_workbook,
    proposal_from_workbook,
    read_negotiation_log,
    read_proposal,
    read_workbook,
    selected_payer,
)
from ratecalc_workbook.refresh import new_refreshed_workbook, refresh_workbook
from ratecalc_workbook.release import released_after
from tests.workbook.conftest import NOW, open_book, tiny_clinic


def _in_own_cycle(cell: Any) -> bool:
    """A cell in a small cycle of its own, not its sheet's: with a comment (which holds its
    cell) or starting a merged range (which holds its sheet)."""
    return getattr(cell, "comment", None) is not None or any(
        merged.start_cell is cell for merged in cell.parent.merged_cells.ranges)


def _cells() -> dict[int, bool]:
    """id -> whether in a cycle of its own, of every openpyxl cell alive (no cell kept)."""
    return {id(o): _in_own_cycle(o) for o in gc.get_objects()
            if isinstance(o, (Cell, MergedCell))}


@contextmanager
def cells_left_to_collector(counted: list[int]) -> Iterator[None]:
    """Counts, into ``counted``, the openpyxl cells the cycle collector freed in the block and
    in a collection right after it (what the block left it to free), but for those in a cycle
    of their own. The collector stays on, as in a long-lived process."""
    gc.collect()
    # What was alive before the block is set aside (frozen) while it runs, so each collection's
    # look at the living cells walks only the objects made since: walking every object of a
    # test process (pandas, hypothesis, every test module) at each collection cost seconds a
    # test in the whole suite. A frozen object is never collected, so only the cells made in
    # the block are counted, as only they can be the block's to free. Where something else
    # froze objects already, nothing is set aside (unfreezing would undo that).
    setting_aside = gc.get_freeze_count() == 0
    if setting_aside:
        gc.freeze()
    freed = 0
    alive: dict[int, bool] = {}

    def watch(phase: str, info: dict[str, int]) -> None:
        nonlocal alive, freed
        if phase == "start":
            alive = _cells()
        else:
            left = _cells()
            freed += sum(1 for cell, own in alive.items() if cell not in left and not own)

    gc.callbacks.append(watch)
    try:
        yield
        gc.collect()
    finally:
        gc.callbacks.remove(watch)
        if setting_aside:
            gc.unfreeze()
    counted.append(freed)


def test_a_refresh_frees_its_cells_without_the_collector(demo_copy: Path) -> None:
    counted: list[int] = []
    with cells_left_to_collector(counted):
        assert refresh_workbook(demo_copy, now=NOW).ok
    assert counted == [0]


def test_a_refresh_that_stops_frees_its_cells_too(tiny_copy: Path) -> None:
    wb = open_book(tiny_copy)
    volumes = wb[layout.VOLUMES]  # an error: only the Problems sheet is rewritten
    volumes.cell(row=layout.VOLUMES_TABLE.header_row + 1,
                 column=layout.VOLUMES_TABLE.col("units_per_year"), value="lots")
    wb.save(tiny_copy)
    counted: list[int] = []
    with cells_left_to_collector(counted):
        result = refresh_workbook(tiny_copy, now=NOW)
    assert not result.ok and result.sheets == (layout.PROBLEMS,)
    assert counted == [0]


def test_a_new_refreshed_workbook_frees_both_workbooks_cells(tmp_path: Path) -> None:
    counted: list[int] = []
    with cells_left_to_collector(counted):
        assert new_refreshed_workbook(tmp_path / "new.xlsx", tiny_clinic(), now=NOW).ok
    assert counted == [0]


def test_the_freed_workbook_still_saved_every_cell(tmp_path: Path) -> None:
    """Freed once the block ends, not before: the file holds what a refresh writes."""
    book = tmp_path / "demo.xlsx"
    assert new_refreshed_workbook(book, demo_data(), now=NOW).ok
    wb = open_book(book)
    assert wb["Comparison"].max_row > 10 and wb["Settings"].max_row > 5


@pytest.mark.parametrize("collecting", [True, False])
def test_cells_are_dropped_only_where_the_collector_would_walk_them(
        tiny_book: Path, collecting: bool) -> None:
    wb = open_book(tiny_book)
    cells = sum(len(ws._cells) for ws in wb.worksheets)
    with released_after(collecting) as release:
        release(wb)
        assert sum(len(ws._cells) for ws in wb.worksheets) == cells  # not while in use
    left = sum(len(ws._cells) for ws in wb.worksheets)
    assert cells > 100
    assert left == (0 if collecting else cells)


@pytest.mark.parametrize("reader", [read_workbook, read_proposal, read_negotiation_log,
                                    selected_payer])
def test_a_reader_frees_its_cells_without_the_collector(demo_book: Path, reader: Any) -> None:
    counted: list[int] = []
    with cells_left_to_collector(counted):
        reader(demo_book)
    assert counted == [0]


def test_reading_only_the_read_sheets_cells_reads_what_a_full_load_does(
        demo_book: Path) -> None:
    wb, notes = open_workbook(demo_book)  # every sheet's cells
    full_data, full_problems = _read(wb, demo_book, notes)
    data, problems = read_workbook(demo_book)
    assert data is not None and full_data is not None
    for field in dataclasses.fields(ClinicData):
        got, expected = getattr(data, field.name), getattr(full_data, field.name)
        if isinstance(got, pd.DataFrame):
            pd.testing.assert_frame_equal(got, expected)
        else:
            assert got == expected, field.name
    assert [(p.message, p.location) for p in problems] == [
        (p.message, p.location) for p in full_problems]
    frame, _ = proposal_from_workbook(wb, demo_book.name, demo_book)
    pd.testing.assert_frame_equal(read_proposal(demo_book)[0], frame)


def test_an_import_frees_its_cells_without_the_collector(tiny_copy: Path) -> None:
    rows = pd.DataFrame({"payer": ["Newcomer Health"]})
    counted: list[int] = []
    with cells_left_to_collector(counted):
        assert append_table_rows(tiny_copy, "payers", rows, now=NOW).appended == 1
    assert counted == [0]
    data, _ = read_workbook(tiny_copy)
    assert data is not None and "Newcomer Health" in set(data.payers["payer"])


def test_a_letters_shared_load_frees_its_cells_after_the_block(demo_book: Path) -> None:
    counted: list[int] = []
    with cells_left_to_collector(counted), loaded_once():
        data, _ = read_workbook(demo_book)
        assert data is not None
        assert selected_payer(demo_book) is not None
        assert not read_proposal(demo_book)[0].empty
    assert counted == [0]


def test_a_new_workbook_frees_its_cells_without_the_collector(tmp_path: Path) -> None:
    counted: list[int] = []
    with cells_left_to_collector(counted):
        new_workbook(tmp_path / "new.xlsx", tiny_clinic())
    assert counted == [0]
    assert open_book(tmp_path / "new.xlsx")["Fee Schedules"].max_row > 3
