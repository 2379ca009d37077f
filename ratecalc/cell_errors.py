"""Cells that show no value anyone typed: Excel's error values and formulas never computed.

A cell whose formula fails shows an error value (``#REF!`` where a referenced cell was deleted,
``#DIV/0!``, ``#N/A``...). Excel stores it as an error cell in a workbook (``t="e"``), writes
its text in a CSV, and turns the same text typed into a cell into the error. Every reader hands
such a cell on as its error text (:func:`excel_error` recognises it), and
:func:`ratecalc.validation.parse_cell`, the one rule every table's cells go through, refuses it
at its cell: it was never a blank, a title or a value to skip.

A formula typed in a cell of the master workbook is read through the value its spreadsheet last
computed; a file written by a program that computes nothing holds none. Its reader hands such a
cell on as :class:`Uncomputed`, refused by the same rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ratecalc.frozen_record import frozen_record

#: Excel's error values, as a cell shows them (and as xlwings passes them, ``err_to_str=True``).
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    # Python in Excel's
    "#PYTHON!", "#TIMEOUT!", "#EXTERNAL!",
})


def excel_error(value: Any) -> str | None:
    """The error value a cell shows (``'#REF!'``), or None for any other cell.

    Excel takes an error's text typed in any capitals as the error (``#n/a`` is ``#N/A``).

    Examples
    --------
    >>> excel_error(" #div/0! "), excel_error("N/A"), excel_error(30.5)
    ('#DIV/0!', None, None)
    """
    if isinstance(value, str) and value[:1] in ("#", " ", "\t"):
        text = value.strip().upper()
        if text in EXCEL_ERRORS:
            return text
    return None


@frozen_record
class Uncomputed:
    """A cell holding a formula whose value its file does not hold (``formula``: as typed,
    ``=20+5.22``; or, where the file keeps no text for the cell, words saying what it holds,
    ``a formula shared from cell C2 (=A2*1.1 there)``)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@frozen_record
class MergedOver:
    """A cell covered by a merged range whose first cell holds a value (``cells``: the range,
    ``A5:A10``; ``first``: its first cell, ``A5``). Excel keeps a merged range's value in its
    first cell only: the others show that value and hold none. Every reader hands such a cell
    on as this (:func:`merged_over`), and :func:`ratecalc.validation.parse_cell` refuses it at
    its cell, saying so (it read "required value is blank" of a cell showing a payer's name).
    """

    cells: str
    first: str

    def __str__(self) -> str:
        return ""


def merged_over(ranges: Iterable[tuple[int, int, int, int]],
                holds_value: Callable[[int, int], bool],
                last: tuple[int, int]) -> dict[tuple[int, int], MergedOver]:
    """The cells merged ranges cover, each as :class:`MergedOver`, by (row, column), 1-based as
    a spreadsheet counts.

    Parameters
    ----------
    ranges
        (first row, first column, last row, last column) of each merged range, 1-based.
    holds_value
        Whether the cell at (row, column) holds a value: a range whose first cell holds none
        is blank throughout, as it shows, and is left out.
    last
        The last row and column read: only cells up to them are given (a range of a whole
        sheet, ``A1:XFD1048576``, is seventeen billion cells).

    Examples
    --------
    >>> merged_over([(5, 1, 7, 1)], lambda row, column: True, (100, 10))[(6, 1)]
    MergedOver(cells='A5:A7', first='A5')
    """
    from ratecalc.errors import column_letter

    found: dict[tuple[int, int], MergedOver] = {}
    for top, left, bottom, right in ranges:
        if not holds_value(top, left):
            continue
        first = f"{column_letter(left)}{top}"
        marker = MergedOver(f"{first}:{column_letter(right)}{bottom}", first)
        for row in range(top, min(bottom, last[0]) + 1):
            for column in range(left, min(right, last[1]) + 1):
                if (row, column) != (top, left):
                    found[(row, column)] = marker
    return found


def shows_no_value(value: Any) -> bool:
    """Whether a cell shows an error value or holds a formula never computed: neither a blank
    nor a title, but a cell to refuse where it is."""
    return isinstance(value, Uncomputed) or excel_error(value) is not None
