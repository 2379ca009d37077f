"""Text the user formatted within a cell (a bold word, then a plain one) kept through a refresh.

openpyxl reads such a cell as plain text unless asked (``load_workbook(rich_text=True)``), and
then saves the plain text: a note on Contracts with one word in bold came back from a refresh
all plain. Asked, it gives the cell a :class:`CellRichText`, a list of runs and not a ``str``,
which every reader of the workbook (and the core they hand values to) would have to be taught.

So the runs are set aside as the workbook is loaded (:func:`set_aside`): each such cell holds
its plain text, as before, for every reader. As the workbook is saved (:func:`runs_restored`),
a cell that still holds that text, on a sheet not rebuilt, gets its runs back; a value carried
from a result sheet's own columns to its new row (:mod:`ratecalc_workbook.preserve`) takes its
runs along (:class:`KeptText`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.cell.rich_text import CellRichText
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

# Each sheet's cells set aside, by (row, column): a sheet rebuilt is another object, and what
# was on the old one goes with it.
_aside: WeakKeyDictionary[Worksheet, dict[tuple[int, int], CellRichText]] = WeakKeyDictionary()


class KeptText(str):
    """The plain text of a formatted cell carried to another cell, with its ``runs``."""

    runs: CellRichText

    def __new__(cls, runs: CellRichText) -> KeptText:
        text = super().__new__(cls, str(runs))
        text.runs = runs
        return text


def set_aside(wb: Workbook) -> None:
    """Put the plain text of each formatted cell of ``wb`` (loaded with ``rich_text=True``) in
    the cell, its runs aside for the save."""
    for ws in wb.worksheets:
        found = {}
        for at, cell in ws._cells.items():
            value = cell._value
            if isinstance(value, CellRichText):
                # not through .value, which would take a text starting with "=" for a formula
                cell._value = str(value)
                found[at] = value
        if found:
            _aside[ws] = found


def runs_of(cell: Any) -> CellRichText | None:
    """The runs set aside for ``cell``, while it still holds their text; else None."""
    runs = _aside.get(cell.parent, {}).get((cell.row, cell.column))
    return runs if runs is not None and cell._value == str(runs) else None


def carry_runs(cell: Any, value: KeptText) -> None:
    """``cell`` now holds ``value``'s text: it gets its runs back at the save."""
    _aside.setdefault(cell.parent, {})[(cell.row, cell.column)] = value.runs


@contextmanager
def runs_restored(wb: Workbook) -> Iterator[None]:
    """Within the block (the save), each cell whose runs were set aside, and that still holds
    their text, holds them; afterwards its plain text again, for any reader after the save."""
    restored = []
    for ws in wb.worksheets:
        for at, runs in _aside.get(ws, {}).items():
            cell = ws._cells.get(at)
            if cell is not None and cell.data_type == "s" and cell._value == str(runs):
                restored.append((cell, cell._value))
                cell._value = runs
    try:
        yield
    finally:
        for cell, text in restored:
            cell._value = text
