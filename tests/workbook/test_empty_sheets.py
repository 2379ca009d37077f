"""Result sheets with no rows say why, above the table, and the next refresh neither reads the
note as data nor leaves it behind (the review's empty-sheet defect)."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from ratecalc.demo import demo_data
from ratecalc_workbook import charts, layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.reader import read_proposal
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book

#: The sheets whose table the review found bare, and the table on each.
TABLE_SHEETS = (layout.COMPARISON, layout.PRIORITIES, layout.PROPOSAL, layout.TOTALS)


def _notes(wb: Workbook) -> dict[str, list[str]]:
    """Each result sheet's texts outside its tables that say a table is empty, whitespace
    joined (a wrapped note holds line breaks)."""
    found: dict[str, list[str]] = {}
    for name in layout.RESULT_SHEETS:
        ws = wb[name]
        areas = [range_boundaries(t.ref) for t in ws.tables.values()]
        for (row, col), cell in ws._cells.items():
            if isinstance(cell.value, str) and "empty because" in cell.value.lower():
                assert cell.data_type == "s", f"{name}!{cell.coordinate} is not text"
                assert not any(left <= col <= right and top <= row <= bottom
                               for left, top, right, bottom in areas), \
                    f"{name}!{cell.coordinate}: the note is inside a table"
                found.setdefault(name, []).append(" ".join(cell.value.split()))
    return found


def _keys(wb: Workbook, sheet: str) -> list[object]:
    """The first column of every table on ``sheet`` below its header (the payer or code the
    next refresh reads back)."""
    ws = wb[sheet]
    keys = []
    for table in ws.tables.values():
        left, top, _, bottom = range_boundaries(table.ref)
        keys += [ws.cell(row=r, column=left).value for r in range(top + 1, bottom + 1)]
    return keys


def _dashboard_note(wb: Workbook) -> str:
    """The text under the Dashboard's figures, a line a row in column A, joined."""
    ws = wb[layout.DASHBOARD]
    below = layout.DASHBOARD_FACTS_ROW + len(layout.DASHBOARD_FACTS)
    lines = []
    charts_row = int("".join(ch for ch in charts.STAKE_ANCHOR if ch.isdigit()))
    for row in range(below, charts_row):  # the rows above the lower charts
        cell = ws.cell(row=row, column=1)
        if isinstance(cell.value, str):
            assert cell.data_type == "s", f"Dashboard!{cell.coordinate} is not text"
            lines.append(cell.value)
    return " ".join(lines)


def _stray(result: object) -> list[str]:
    return [p.message for p in result.problems  # type: ignore[attr-defined]
            if "outside the result tables" in p.message]


def _write(path: Path, data: object) -> None:
    new_workbook(path, data)
    result = refresh_workbook(path, now=NOW)
    assert result.ok, [p.message for p in result.errors]


def _type_inputs(path: Path, source: Path) -> None:
    """Type the Fee Schedules and Volumes rows of ``source`` into ``path``'s sheets, cell by
    cell, as a user fills them in (below a table's end, as LibreOffice leaves them: refresh
    reads rows typed below a table)."""
    wb, src = open_book(path), open_book(source)
    for name in (layout.FEE_SCHEDULES, layout.VOLUMES):
        for row in src[name].iter_rows():
            for cell in row:
                if cell.value is not None and type(cell).__name__ != "MergedCell":
                    wb[name].cell(row=cell.row, column=cell.column, value=cell.value)
    wb.save(path)


def test_payers_without_fee_schedules_or_volumes_say_why_on_every_table_sheet(
        tmp_path: Path, demo_book: Path) -> None:
    # A clinic with its payers entered and no fee schedule or volume row yet: Comparison,
    # Priorities, Proposal and Totals showed their header row with nothing below and no word.
    data = demo_data()
    empty = replace(data, fee_schedules=data.fee_schedules.iloc[0:0],
                    volumes=data.volumes.iloc[0:0])
    book = tmp_path / "empty.xlsx"
    _write(book, empty)
    # each state of the file is loaded once (the helpers read the loaded workbook)
    wb = open_book(book)
    notes = _notes(wb)
    for sheet in TABLE_SHEETS:
        assert sheet in notes, f"{sheet} does not say why it is empty"
        for note in notes[sheet]:
            assert "6 payers are listed, but the Fee Schedules sheet and the Volumes sheet " \
                   "have no rows yet" in note
            # what to enter where: the sheet and its columns, as the headers read
            assert "on the Fee Schedules sheet (columns Payer, Code, Allowed amount, " \
                   "Effective date" in note
            assert "on the Volumes sheet (columns Payer, Code, Units per year)" in note
    assert len(notes[layout.TOTALS]) == 2  # the sums per payer and the codes by volume
    # the note sits above the header row, never in a row the next refresh reads back
    for sheet in TABLE_SHEETS:
        assert all(k is None for k in _keys(wb, sheet)), sheet
    assert wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                                    column=layout.SELECTED_PAYER_COL).value is None

    # refreshed again, still empty: the note is said once, not read as a payer, not "lost"
    again = refresh_workbook(book, now=NOW)
    assert again.ok and _stray(again) == []
    wb = open_book(book)
    assert {k: len(v) for k, v in _notes(wb).items()} == {k: len(v) for k, v in notes.items()}
    proposal, _ = read_proposal(book)
    assert proposal.empty
    for sheet in TABLE_SHEETS:
        assert all(k is None for k in _keys(wb, sheet)), sheet
    # the console and --json say the same reason as the sheets
    assert again.summary["empty"]["comparison"] in notes[layout.COMPARISON][0]
    # the Dashboard's $0.00 and blank "Negotiate first with" say it too, under the figures
    assert _dashboard_note(wb) == notes[layout.PRIORITIES][0]
    # and its chart of dollars below market, an axis with no bar, is a line saying there is none
    dashboard = wb[layout.DASHBOARD]
    assert dashboard[charts.STAKE_ANCHOR].value == ("Dollars below market: no payer to chart "
                                                     "yet (see the note above).")
    assert len(dashboard._charts) == 0

    # the clinic enters its tables: the notes go, and nothing of them is kept as data (typed
    # from the demo workbook, ``data`` written and refreshed as of NOW: only read)
    _type_inputs(book, demo_book)
    filled = refresh_workbook(book, now=NOW)
    assert filled.ok, [p.message for p in filled.errors]
    assert _stray(filled) == []  # the note that went is RateCalc's, not a value the user lost
    wb = open_book(book)
    assert _notes(wb) == {}
    assert _dashboard_note(wb) == ""
    dashboard = wb[layout.DASHBOARD]
    assert dashboard[charts.STAKE_ANCHOR].value is None and len(dashboard._charts) >= 2
    assert filled.summary["empty"] == {}
    for sheet in TABLE_SHEETS:
        keys = [k for k in _keys(wb, sheet) if k is not None]
        assert keys and not any("empty because" in str(k).lower() for k in keys), sheet
    assert {k for k in _keys(wb, layout.PROPOSAL) if k} == set(data.payers["payer"])


def test_rates_not_in_force_yet_say_so_on_the_proposal_and_totals(tmp_path: Path) -> None:
    # Volumes on file, every fee-schedule row dated after the analysis date and every contract
    # at fixed dollars: Comparison has rows (no rate), the Proposal and its sums none.
    data = demo_data()
    later = data.fee_schedules.drop_duplicates(["payer", "code"]).assign(
        effective_date=pd.Timestamp("2030-01-01").date())
    book = tmp_path / "later.xlsx"
    _write(book, replace(data, fee_schedules=later,
                         contracts=data.contracts.assign(rate_basis="fixed")))
    wb = open_book(book)
    notes = _notes(wb)
    assert set(notes) >= {layout.PROPOSAL, layout.TOTALS}
    assert layout.COMPARISON not in notes and layout.PRIORITIES not in notes
    proposal_note = notes[layout.PROPOSAL][0]
    assert "none of the 90 rows on the Fee Schedules sheet takes effect by the analysis date " \
           "2025-12-01 (the earliest is 2030-01-01)" in proposal_note
    assert "(columns Rate basis, % of Medicare)" in proposal_note
    assert len(notes[layout.TOTALS]) == 1  # the codes by volume have rows
    # the payer picker in row 3 keeps the top payer, and is read back as it
    picked = wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                                      column=layout.SELECTED_PAYER_COL).value
    assert picked in set(data.payers["payer"])
    again = refresh_workbook(book, now=NOW)
    assert again.ok and _stray(again) == []
    assert open_book(book)[layout.PROPOSAL].cell(
        row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL).value == picked


@pytest.fixture(scope="module")
def no_units_notes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The notes of the demo workbook with no Volumes rows, written and refreshed once for the
    two sheets' tests (they only read the notes)."""
    data = demo_data()
    book = tmp_path_factory.mktemp("no-units") / "no-units.xlsx"
    _write(book, replace(data, volumes=data.volumes.iloc[0:0]))
    return _notes(open_book(book))


@pytest.mark.parametrize("sheet", [layout.SCENARIOS, layout.EXIT_IMPACT])
def test_no_units_a_year_says_so_where_the_scenarios_and_exit_would_be(
        no_units_notes: dict[str, list[str]], sheet: str) -> None:
    notes = copy.deepcopy(no_units_notes)
    assert notes[sheet] == [next(n for n in notes[sheet])]
    assert notes[sheet][0].startswith("Empty because the Volumes sheet has no rows, so there is")
    assert "(columns Payer, Code, Units per year)" in notes[sheet][0]


def test_a_users_text_saying_empty_because_is_the_users(demo_copy: Path) -> None:
    # RateCalc's note was found by its words anywhere: a note the user typed on a result sheet
    # with the same words went at the next refresh without a word, unlike any other note there.
    book = demo_copy  # the demo clinic written and refreshed as of NOW, copied
    wb = open_book(book)
    typed = "Empty because payer 97530 rates are pending - call Ann"
    wb[layout.COMPARISON]["Z1"] = typed
    wb[layout.COMPARISON]["Z2"] = "Call Ann about 97530"
    wb.save(book)
    result = refresh_workbook(book, now=NOW)
    assert result.ok
    stray = _stray(result)
    assert any("Z1" in m or typed in m for m in stray), stray
    assert any("Z2" in m or "Call Ann about 97530" in m for m in stray), stray
