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

RateCalc reads its own CSV files back (``workbook export`` writes the tables ``analyze`` and
``workbook new --from`` read): :func:`restore` undoes :func:`neutralize` exactly, so a clinic's
phone number ``+1 205 555 0100`` comes back as it was, not with the quote.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from ratecalc.atomic import atomic_write

#: Halves of a surrogate pair: Python's text for bytes that are not UTF-8 (a file name's, a
#: command-line argument's). No UTF-8 file holds one: a CSV or calendar cell gets U+FFFD
#: instead (the write stopped with an internal error).
_NOT_UNICODE = re.compile("[\ud800-\udfff]")

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: ASCII digits only: ``\d`` also took other scripts' digits, so ``-١`` passed as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)\Z")
_FORMULA_SIGNS = frozenset("=+-@")
#: First characters after which no formula sign can come: ASCII letters and digits, and the
#: empty text (most cells: a code, a name, a date, a plain amount). :func:`neutralize` passes
#: such a cell by one set lookup: the blank and NFKC look of :func:`_needs_quote` doubled the
#: time of a plain cell.
_PLAIN_FIRST = frozenset(("", *"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))


def _needs_quote(text: str) -> bool:
    """Whether ``text`` gets a leading quote: it could be read as a formula, or it is quotes
    before such text, so that :func:`restore` can tell the quote it removes from the user's own.

    A formula sign is looked for behind any leading blanks, not spaces alone (a no-break or
    ideographic space, a line feed, a zero-width or direction mark: programs trim some, and
    none is seen on screen), and in any compatibility form of it: a full-width ``＝`` (U+FF1D),
    ``＋``, ``－``, ``＠`` or a small or superscript ``﹦`` ``⁼``, which Japanese and Chinese input
    methods type and which Unicode folds (NFKC) to ``=`` ``+`` ``-`` ``@`` (they went out bare:
    ``＝HYPERLINK(...)`` as a payer's name)."""
    body = text.lstrip("'")
    if body.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return not _PLAIN_NUMBER.match(body.strip(" "))
    if body.isascii() and not body[:1].isspace():  # the common case: plain text
        return False
    for at, char in enumerate(body):
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        return (unicodedata.normalize("NFKC", char)[:1] in _FORMULA_SIGNS
                and not _PLAIN_NUMBER.match(body[at:].strip(" ")))
    return False


def neutralize(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: a leading quote when it could be a formula.

    Examples
    --------
    >>> neutralize('=HYPERLINK("http://x","Click")')
    '\\'=HYPERLINK("http://x","Click")'
    >>> neutralize("ACME"), neutralize("-20.00"), neutralize(" =1")
    ('ACME', '-20.00', "' =1")

    A half of a surrogate pair, which no UTF-8 file holds, becomes U+FFFD:

    >>> neutralize("\\udcff=cmd.835")
    '\ufffd=cmd.835'
    """
    if not text.isascii():  # isascii first: a C-level check that clears almost every cell
        text = _NOT_UNICODE.sub("\ufffd", text)
    if text[:1] in _PLAIN_FIRST:
        return text
    return "'" + text if _needs_quote(text) else text


def restore(text: str) -> str:
    """The text :func:`neutralize` was given: ``restore(neutralize(t)) == t`` for every ``t``
    that is Unicode text (no half of a surrogate pair).

    Examples
    --------
    >>> restore("'+1 205 555 0100"), restore("'ACME"), restore("-20.00")
    ('+1 205 555 0100', "'ACME", '-20.00')
    """
    return text[1:] if text.startswith("'") and _needs_quote(text[1:]) else text


def neutralized(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralized; numbers, dates and blanks kept."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        # not Series.map: it makes a column of ints and floats all floats (2940 -> "2940.0")
        out[name] = pd.Series([neutralize(v) if isinstance(v, str) else v for v in column],
                              index=column.index, dtype=object)
    out.columns = [neutralize(str(c)) for c in out.columns]
    return out


#: Line end of every CSV RateCalc writes: RFC 4180's and Excel's. Python's writer quotes a cell
#: holding a character of the line end only, so with "\n" alone a carriage return typed in a
#: payer's name went out bare and split the row (LibreOffice and Excel start a row at it).
CSV_LINE_END = "\r\n"


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index, :data:`CSV_LINE_END` line ends), every text cell
    neutralized."""
    return str(neutralized(frame).to_csv(index=False, lineterminator=CSV_LINE_END))


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` as CSV atomically, text cells neutralized; return the path.

    ``path`` must end in ``.csv``, and a file there must be text
    (:func:`ratecalc.output_kinds.check_output`)."""
    from ratecalc.output_kinds import CSV

    return atomic_write(path, csv_text(frame), kind=CSV)
