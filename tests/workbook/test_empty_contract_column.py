"""The Scenarios' "Contract" column, there to say why a payer whose contract ended is projected
as a new contract, is hidden (on screen and on paper) while no contract has ended: the demo's
Scenarios printed an empty, headed column between "Better" and the user's "Notes" on every
page. A workbook with an ended contract shows it (tests/test_ended_contracts.py's year-end
workbook: Meridian Mutual's row says why).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import (
    MIN_PRINT_PERCENT,
    drawn_percent,
    drawn_width_in,
    print_areas,
    printed_width_in,
)
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.result_sheets import CONTRACT_NOTE_WIDTH
from tests.books import load_book
from tests.test_ended_contracts import NOW, _book, story_as_of
from tests.workbook.libreoffice import SOFFICE


def _column(book: Path, key: str) -> tuple[str, bool]:
    """The letter of the Scenarios table's column ``key`` and whether it is hidden."""
    ws = load_book(book)[layout.SCENARIOS]
    [table] = [t for t in ws.tables.values() if t.displayName == layout.SCENARIOS_TABLE.name]
    [header] = [c.header for c in layout.SCENARIOS_TABLE.columns if c.key == key]
    top = range_boundaries(table.ref)[1]
    [letter] = [c.column_letter for c in ws[top] if c.value == header]
    return letter, bool(ws.column_dimensions[letter].hidden)


def test_the_demo_hides_its_empty_contract_column(demo_book: Path) -> None:
    letter, hidden = _column(demo_book, "contract_note")
    assert hidden, f"the empty Contract column {letter} is shown"
    ws = load_book(demo_book)[layout.SCENARIOS]
    col = ws[f"{letter}1"].column
    # a hidden column takes no room on paper, so the pages across are worked out without it
    assert drawn_width_in(ws, col) == 0.0
    assert printed_width_in(ws, col, col) == 0.0
    # the user's Notes beside it stay shown
    assert _column(demo_book, "notes")[1] is False


@pytest.fixture(scope="module")
def year_end(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo story as of 2027-12-31: Meridian Mutual's contract ended 2027-06-30."""
    return _book(tmp_path_factory.mktemp("ended"), date(2027, 12, 31))


def test_an_ended_contract_shows_the_contract_column(year_end: Path) -> None:
    letter, hidden = _column(year_end, "contract_note")
    assert not hidden, f"the Contract column {letter} saying why Meridian is projected is hidden"


def test_an_ended_contracts_note_wraps_and_its_table_prints_one_page_wide(year_end: Path
                                                                          ) -> None:
    """Meridian's note on one line made its column 81 characters wide: the per-payer table
    printed two pages across at 59 %, its description wrapped in column A and the note with
    the Notes on a second page naming no payer (the sheet's other tables, in areas of their
    own, keep a spreadsheet from repeating the payer column). Wrapped at 20 characters, with
    the empty gap column right of the table left out of its print area, it prints one page
    wide at the 80 % floor or more."""
    ws = load_book(year_end)[layout.SCENARIOS]
    letter, _ = _column(year_end, "contract_note")
    assert ws.column_dimensions[letter].width <= CONTRACT_NOTE_WIDTH
    table = range_boundaries(ws.tables[layout.SCENARIOS_TABLE.name].ref)
    first = print_areas(ws)[0]
    assert (first[0], first[2]) == (table[0], table[2])
    assert (ws.page_setup.fitToWidth or 1) == 1
    assert drawn_percent(ws, first[0], first[2], "landscape") >= MIN_PRINT_PERCENT


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_demos_scenarios_print_no_contract_header(printed_pages: dict[str, list[dict]]
                                                      ) -> None:
    pytest.importorskip("pdfplumber")
    pages = [p for p in printed_pages["demo"]
             if p["text"].splitlines()[-1].startswith(layout.SCENARIOS)]
    assert pages
    first = pages[0]
    # "Contract basis" is the one header with the word; the empty "Contract" column is not
    # printed, and "Notes" still is
    assert first["words"].count("Contract") == 1, first["words"][:40]
    assert "Notes" in first["words"]


#: A payer's name long enough to make the Scenarios' payer column its widest,
#: :data:`~ratecalc_workbook.page_layout.NAME_WIDTH` (30 characters).
LONG_NAME = "Summit BlueCare Preferred Provider Organization of the Southeast"


@pytest.fixture(scope="module")
def year_end_long_name(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The year-end story (Meridian Mutual's contract ended) with the top payer's name long."""
    data = story_as_of(date(2027, 12, 31))
    renamed = {f.name: getattr(data, f.name).assign(
        payer=getattr(data, f.name)["payer"].replace("Summit BlueCare PPO", LONG_NAME))
        for f in dataclasses.fields(data)
        if isinstance(getattr(data, f.name), pd.DataFrame)
        and "payer" in getattr(data, f.name).columns}
    path = tmp_path_factory.mktemp("ended-long") / "long.xlsx"
    new_workbook(path, dataclasses.replace(data, **renamed))
    assert refresh_workbook(path, now=NOW).ok
    return path


def test_an_ended_contract_beside_long_payer_names_prints_one_page_wide(
        year_end_long_name: Path) -> None:
    """With a 30-character payer column the note wrapped at 20 characters left the table at
    79 %: it printed two pages across, the second (Better, Contract, Notes) naming no payer
    (the sheet's other tables, in areas of their own, keep a spreadsheet from repeating the
    payer column). Its text columns (payer, contract) are narrowed until it prints one page
    wide at the 80 % floor."""
    ws = load_book(year_end_long_name)[layout.SCENARIOS]
    table = range_boundaries(ws.tables[layout.SCENARIOS_TABLE.name].ref)
    [first] = [a for a in print_areas(ws) if a[0] == table[0]]
    assert first[2] == table[2]
    assert (ws.page_setup.fitToWidth or 1) == 1
    assert drawn_percent(ws, first[0], first[2], "landscape") >= MIN_PRINT_PERCENT
    # every figure column as wide as before: only the payer's name wraps in fewer characters
    payer = get_column_letter(layout.SCENARIOS_TABLE.col("payer"))
    assert ws.column_dimensions[payer].width < 30
