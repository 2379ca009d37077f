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

from dataclasses import dataclass
from typing import Any

#: Excel's error values, as a cell shows them (and as xlwings passes them, ``err_to_str=True``).
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
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


@dataclass(frozen=True)
class Uncomputed:
    """A cell holding a formula whose value its file does not hold (``formula``: as typed,
    ``=20+5.22``)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


def shows_no_value(value: Any) -> bool:
    """Whether a cell shows an error value or holds a formula never computed: neither a blank
    nor a title, but a cell to refuse where it is."""
    return isinstance(value, Uncomputed) or excel_error(value) is not None
