"""Writing cells: data is text, only RateCalc's own formula builders write formulas.

openpyxl makes any string that starts with ``=`` a live formula. A payer name, code or note
read from an 835, a fee schedule or a workbook cell can hold ``=HYPERLINK(...)`` or a DDE call
(``=cmd|' /C calc'!A0``); written with ``cell.value = text`` Excel would run it for whoever opens
the workbook. Every value written by this package goes through :func:`put`, which types strings
as text (``data_type 's'``, stored as a shared string, never evaluated) and drops the characters
XML cannot hold (openpyxl raises on them). Formulas go through :func:`put_formula`, called only
with text the formula builders made (``formulas.py``, the chart data, the Start sheet); a value
marked :class:`Formula` (built by RateCalc, or typed as a formula by the user in a column of
theirs) is the one kind of string :func:`put` writes as a formula.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from ratecalc.shown_text import NOT_XML_TEXT
from ratecalc_workbook.cached_values import note_carried
from ratecalc_workbook.rich_text import KeptText, carry_runs


class Formula(str):
    """A formula RateCalc built, or one the user typed in a column of theirs on a result sheet
    (kept as a formula there); never made from data text."""


class KeptFormula(Formula):
    """A formula the user typed on a result sheet, carried over by refresh from the cell at
    ``origin`` (row, column) of the same sheet, whose cached value it keeps
    (:mod:`ratecalc_workbook.cached_values`)."""

    origin: tuple[int, int]

    def __new__(cls, text: str, origin: tuple[int, int]) -> KeptFormula:
        formula = super().__new__(cls, text)
        formula.origin = origin
        return formula


def clean_text(text: str) -> str:
    """``text`` without the characters an .xlsx file cannot hold (U+FFFD instead)."""
    return NOT_XML_TEXT.sub("\ufffd", text)


def put(cell: Cell, value: Any) -> Cell:
    """Write a data value: strings as text (never a formula), anything else as openpyxl does."""
    if isinstance(value, Formula):
        put_formula(cell, value)
        if isinstance(value, KeptFormula):
            note_carried(cell, value.origin)
        return cell
    if isinstance(value, ArrayFormula):
        # an array formula the user typed (in "Your rate", a column of theirs), carried over
        # from the cell its range starts at: it stands at this cell now, and keeps that one's
        # value; written as read, it named the cell it came from, a range it is not in
        try:
            left, top, _, _ = range_boundaries(str(value.ref))
        except ValueError:
            left = top = None
        cell.value = ArrayFormula(cell.coordinate, value.text)
        if left is not None and top is not None:
            note_carried(cell, (top, left))
        return cell
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
        if isinstance(value, KeptText):  # a user's formatted text, carried to this cell
            carry_runs(cell, value)
    else:
        cell.value = value
    return cell


def put_formula(cell: Cell, formula: str) -> Cell:
    """Write a formula that RateCalc built (or the user typed in their own column)."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell.value = str(formula)
    return cell
