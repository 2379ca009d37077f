"""A workbook an earlier RateCalc made, upgraded (:mod:`ratecalc_workbook.upgrade`) and
refreshed, recalculated by LibreOffice: its formulas compute what the core computes, with a
renewal term typed in the column the upgrade added, and no cell shows an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.upgrade import upgrade_workbook

from .conftest import NOW, open_book
from .earlier_books import write_earlier_workbook
from .libreoffice import SOFFICE
from .money_cells import MoneyBook, ShownBook

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")


def upgraded_book(book: Path) -> None:
    """A demo workbook an earlier RateCalc made, as ``book``, upgraded, a renewal term typed
    and refreshed: recalculated by LibreOffice with the other modules' small books
    (``small_recalculated`` in conftest.py)."""
    write_earlier_workbook(book, demo_data())
    assert upgrade_workbook(book, now=NOW).added
    # a renewal term of 24 months typed for every contract that renews by itself
    wb = open_book(book)
    ws = wb[layout.PAYERS_CONTRACTS]
    header = layout.PAYERS_CONTRACTS_TABLE.header_row
    at = {c.value: c.column for c in ws[header] if c.value}
    for row in range(header + 1, ws.max_row + 1):
        if ws.cell(row=row, column=at["Auto renew"]).value == "yes":
            ws.cell(row=row, column=at["Renewal months"], value=24)
    wb.save(book)
    data, problems = read_workbook(book)
    assert data is not None, [p.message for p in problems]
    assert 24 in set(data.contracts["renewal_months"])
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]


def upgraded_shown_book(upgraded: Path, book: Path) -> list[str]:
    """A copy of :func:`upgraded_book`'s workbook as ``book``, and every sheet of it, whose text
    LibreOffice writes with the other modules' small books (``small_shown`` in conftest.py)."""
    shutil.copy2(upgraded, book)
    return open_book(book).sheetnames


def test_the_upgraded_workbooks_formulas_compute_what_the_core_computes(
        small_recalculated: dict[str, tuple[Path, Path]],
        small_shown: dict[str, tuple[Path, dict[str, Path]]]) -> None:
    _, recalculated = small_recalculated["upgraded"]
    book, shown = small_shown["upgraded_shown"]  # a copy of the same workbook
    values = open_book(recalculated, data_only=True)
    bad = [(ws.title, c.coordinate, c.value) for ws in values.worksheets
           for row in ws.iter_rows() for c in row if isinstance(c.value, str)
           and (c.value in ERRORS or c.value.startswith("Err:"))]
    assert bad == []
    money = MoneyBook.read(book, NOW)
    for formulas in (True, False):
        mismatches, unknown = money.mismatches(ShownBook.read(shown), formulas=formulas)
        assert unknown == [], "money formulas without a core figure to check them against"
        assert mismatches == [], "\n".join(map(str, mismatches))
