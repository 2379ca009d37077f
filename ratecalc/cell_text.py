"""Text from data written to files people open in a spreadsheet: never a formula there.

A payer name, claim id, code or note comes from files RateCalc did not write (an 835, a payer's
fee schedule, a workbook cell). Spreadsheet programs run a CSV cell that starts with ``=``,
``+``, ``-`` or ``@`` (and, in some, a tab or carriage return first) as a formula, and a formula
can call other programs (DDE) or open links. OWASP's rule for CSV injection: such a cell gets a
leading single quote, which spreadsheets show as text and never evaluate. Every CSV and calendar
file RateCalc writes goes through :func:`neutralize`; the workbook writer has its own layer
(``ratecalc_workbook.cells``), since an .xlsx cell can be typed as text instead.

Numbers stay numbers: a number column is never touched, and a text cell that is a plain number
(``-20.00``, money written as exact text) is left as it is, since no program reads it as a formula.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from ratecalc.atomic import atomic_write

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)\Z")


def neutralize(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: a leading quote when it could be a formula.

    Examples
    --------
    >>> neutralize('=HYPERLINK("http://x","Click")')
    '\\'=HYPERLINK("http://x","Click")'
    >>> neutralize("ACME"), neutralize("-20.00")
    ('ACME', '-20.00')
    """
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def neutralized(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralized; numbers, dates and blanks kept."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        out[name] = column.map(lambda v: neutralize(v) if isinstance(v, str) else v)
    out.columns = [neutralize(str(c)) for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index, ``\\n`` line ends), every text cell neutralized."""
    return str(neutralized(frame).to_csv(index=False, lineterminator="\n"))


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` as CSV atomically, text cells neutralized; return the path."""
    return atomic_write(path, csv_text(frame))
