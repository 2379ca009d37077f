"""Turn raw cells into typed canonical tables, collecting every problem instead of stopping.

A raw table has canonical column names (the loader mapped the headers) and cells as a user left
them: text with dollar signs, Excel dates, blanks. :func:`coerce_table` returns the typed table
and a list of :class:`~ratecalc.errors.Problem`, each naming file, sheet, row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import field as dataclass_field
from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ratecalc.cell_errors import MergedOver, Uncomputed, excel_error
from ratecalc.code_forms import (  # noqa: F401 - CODE_PATTERN, MODIFIER_PATTERN: imported from here
    CODE_EXPECTED,
    CODE_PATTERN,
    MODIFIER_EXPECTED,
    MODIFIER_PATTERN,
    split_code_modifier,
)
from ratecalc.dates import date_from_value
from ratecalc.errors import Location, Problem, UnknownCodeError, column_letter
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import (
    AMOUNT,
    EXCEL_MAX_CELL_CHARS,
    MAX_AMOUNT,
    MAX_NUMBER,
    METRIC_RANGES,
    PERCENT_UNITS,
    RANGES,
    metric_percent_hint,
    metric_range,
    metric_range_rule,
    metric_unit,
    percent_check,
)
from ratecalc.money import round_cents
from ratecalc.number_text import (
    MONEY_COMMAS,
    NUMBER_COMMAS,
    ascii_digits,
    commas_group_no_thousands,
    read_number_text,
    signs_taken,
)
from ratecalc.records import as_records
from ratecalc.schema import Column, Table, choice_label
from ratecalc.shown_percent import (
    RoundedPercent,
    TypedPercent,
    means_percent,
    reads_two_ways,
    shown_fraction,
)
from ratecalc.shown_text import NOT_XML_TEXT
from ratecalc.words import join_words

_TRUE = {"true", "yes", "y", "1", "x", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}


@frozen_record
class Source:
    """Where a raw table came from; ``first_row`` is the sheet/file row of its first data row;
    ``columns``: each column's number (1-based, as a spreadsheet counts) and header as written,
    by RateCalc's name for it."""

    file: str | None = None
    sheet: str | None = None
    first_row: int = 2
    columns: Mapping[str, tuple[int, str]] = dataclass_field(default_factory=dict, compare=False)
    #: its percentage cells show a percent (the master workbook's, formatted 0.0%), so that a
    #: 1.5 there is 150% as its reader sees it; a CSV's bare 1.5 reads as 150% or 1.5% alike
    percent_cells: bool = dataclass_field(default=False, compare=False)

    def at(self, index: int, column: str | None = None) -> Location:
        return self.shown(Location(self.file, self.sheet, self.first_row + index, column))

    def shown(self, location: Location) -> Location:
        """``location`` with its column's header and letter, when it is one of this table's
        columns (and the location this table's file and sheet)."""
        found = self.columns.get(location.column or "")
        if found is None or location.header or (location.file, location.sheet) != (
                self.file, self.sheet):
            return location
        number, header = found
        return replace(location, header=header, letter=column_letter(number))

    def moved(self, rows: int, columns: int) -> Source:
        """The same table, ``rows`` lower and ``columns`` further right on its sheet."""
        return replace(self, first_row=self.first_row + rows,
                       columns={k: (n + columns, h) for k, (n, h) in self.columns.items()})


class CellError(ValueError):
    """A cell that cannot become its column's kind; the message says what was expected, and
    ``hint`` what to write instead, after the value (``" (300%); for 3% write 0.03 or 3%"``)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class UnusableCell(CellError):
    """A cell that shows no value at all (an error value, a formula never computed): the message
    says what the cell shows, so a problem about it quotes no value beside it."""


def is_blank(value: Any) -> bool:
    if type(value) is str:  # most cells, at one test (a fee schedule's: 700,000 calls)
        return not value.strip()
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def text_or_blank(value: Any) -> str:
    """A cell's text, stripped; "" for a blank cell (:func:`is_blank`, or pandas' NA)."""
    return "" if value is pd.NA or is_blank(value) else str(value).strip()


def is_number_cell(value: Any) -> bool:
    """Whether a cell holds a number (not a bool, which is an int to Python)."""
    return isinstance(value, (int, float, np.integer, np.floating)) \
        and not isinstance(value, (bool, np.bool_))


def finite(value: Any, expected: str) -> float:
    """A number cell as a finite float; ``CellError(expected)`` for NaN, an infinity (a cell
    of ``1E999``) or an integer too large for a float (a cell of 400 digits)."""
    try:
        number = float(value)
    except OverflowError:
        raise CellError(expected) from None
    if not math.isfinite(number):
        raise CellError(expected)
    return number


def _whole_text(value: Any, expected: str) -> str:
    """A number cell as the text a user typed: ``97110.0`` -> ``'97110'``, ``0.5`` -> ``'0.5'``.
    Refuses a number no text column can mean (NaN, infinite, too large for a float)."""
    if isinstance(value, (int, np.integer)):
        if abs(int(value)) >= 10 ** 100:  # str() of an integer of over 4,300 digits raises
            raise CellError(expected)
        return str(int(value))
    number = finite(value, expected)
    return str(int(number)) if number.is_integer() else repr(number)


def _number(value: Any, expected: str, *, dollar: bool = True, percent: bool = False) -> float:
    """A number cell, or a text writing a number (:func:`ratecalc.number_text.read_number_text`,
    the one rule of every reader), as a finite float; a percentage's fraction (``12%`` is 0.12)
    where ``percent`` takes a percent sign, and a dollar sign only where ``dollar`` does: no
    share, count or percentage is written in dollars (``$0.03`` for an escalator read as 3%)."""
    if isinstance(value, (bool, np.bool_)):
        raise CellError(expected)
    if isinstance(value, (date, time, timedelta)):
        raise CellError(date_in_number_cell(value, expected))
    if is_number_cell(value):
        return finite(value, expected)
    if commas_group_no_thousands(value):
        raise CellError(NUMBER_COMMAS)
    read = read_number_text(str(value))
    if read is None or not signs_taken(read, dollar=dollar, percent=percent):
        raise CellError(expected)
    # a percentage divided in decimal: -2.8 / 100 in floats is -0.027999999999999997
    return finite(read.value / 100 if read.percent else read.value, expected)


def date_in_number_cell(value: date | time | timedelta, expected: str) -> str:
    """Why a date (or a time) in a number cell is refused, and what to do: ``expected`` is the
    cell's rule (``expected a dollar amount``).

    Excel's own check of the cell cannot tell it (a date is a number to a spreadsheet: 2026-03-15
    is 46,096, a dollar amount from $0 to $1,000,000,000), and LibreOffice makes a cell formatted
    as money a date cell when a date is typed in it; no reader of RateCalc takes a date for an
    amount, a count or a percentage.

    >>> date_in_number_cell(date(2026, 3, 15), "expected a dollar amount")[:80]
    'expected a dollar amount, not a date (a cell formatted as a date shows a number '
    """
    what = "a time" if isinstance(value, (time, timedelta)) else "a date"
    return (f"{expected}, not {what} (a cell formatted as {what} shows a number typed in it as "
            f"{what}: format the cell as a number and type it again)")


def money_text_problem(value: Any) -> str | None:
    """Why a money text is malformed (``$1,04.00``, ``30,50``: commas not grouping thousands),
    or None.

    Such a text is no amount anyone can be sure of: ``30,50`` is $30.50 where a comma marks the
    cents and $3,050 where it groups thousands. It is refused wherever an amount is read (by
    :func:`parse_money`), never read as a guess.
    """
    return MONEY_COMMAS if commas_group_no_thousands(value) else None


def parse_money(value: Any) -> float:
    """A money cell as dollars; a text whose commas group no thousands is refused
    (:func:`money_text_problem`), as is a negative or huge amount."""
    number = _any_amount(value)
    if not AMOUNT.low <= number <= AMOUNT.high:
        raise CellError(AMOUNT.rule())
    return number


def _any_amount(value: Any) -> float:
    """:func:`parse_money` but for its range (a quantity of a range of its own says that)."""
    doubt = money_text_problem(value)
    if doubt:
        raise CellError(doubt)
    return _number(value, "expected a dollar amount")


def _bounded(number: float, expected: str) -> float:
    if abs(number) > MAX_NUMBER:
        raise CellError(f"{expected} (at most {MAX_NUMBER:g} in size)")
    return number


def is_percent_text(value: Any) -> bool:
    """Whether ``value`` is text written as a percentage (``"85%"``, ``" 5 % "``)."""
    return isinstance(value, str) and value.strip().endswith("%")


def typed_percent_hint(value: Any, fraction: float, low: float, high: float) -> str | None:
    """The one rule of a percentage (:func:`ratecalc.limits.percent_check`) for a cell or a
    worksheet function's argument ``value`` of no percent format, read as ``fraction``: None
    where it is taken, else what to write after it in its refusal. It takes a % sign too, and
    a value typed with one was a percent already (no hint, and 1.5% is 1.5%).

    >>> typed_percent_hint(3, 3.0, 0, 1), typed_percent_hint("300%", 3.0, 0, 1)
    (' (300%); for 3% write 0.03 or 3%', '')
    >>> typed_percent_hint(1.5, 1.5, 0, 5), typed_percent_hint("150%", 1.5, 0, 5)
    (', which reads as 150% or 1.5%: for 150% write 150%, for 1.5% write 1.5% or 0.015', None)
    """
    signed = is_percent_text(value)
    return percent_check(fraction, low, high, percent_meaning=signed, signed=signed,
                         sign_taken=True)


def parse_fraction(value: Any) -> float:
    """A percentage cell as a fraction: ``"-2.8%"`` and ``-0.028`` are the same number (the
    percent is divided in decimal: -2.8 / 100 in floats is -0.027999999999999997)."""
    expected = "expected a percentage such as 5% or 0.05"
    return _bounded(_number(value, expected, dollar=False, percent=True), expected)


def parse_number(value: Any) -> float:
    """A number cell (units, a count of no range of its own) as a float, up to
    :data:`~ratecalc.limits.MAX_NUMBER` in size."""
    return _bounded(_number(value, "expected a number"), "expected a number")


def parse_int(value: Any) -> int:
    number = _whole_number(value)
    if number < 0:
        raise CellError("expected a whole number of zero or more")
    return number


def _whole_number(value: Any) -> int:
    """:func:`parse_int` but for its range (a quantity of a range of its own says that)."""
    number = _number(value, "expected a whole number", dollar=False)
    if number != int(number):
        raise CellError("expected a whole number")
    return int(_bounded(number, "expected a whole number"))


def parse_date_cell(value: Any) -> date:
    try:
        return date_from_value(value)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def parse_bool(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    expected = "expected yes or no"
    text = _whole_text(value, expected) if is_number_cell(value) else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(expected)


_CODE_EXPECTED, _MODIFIER_EXPECTED = CODE_EXPECTED, MODIFIER_EXPECTED


def parse_code(value: Any) -> str:
    # Excel stores 97110 as 97110.0
    text = _whole_text(value, _CODE_EXPECTED) if is_number_cell(value) \
        else str(value).strip().upper()
    if not CODE_PATTERN.match(text):
        split = split_code_modifier(text)
        # one typed with its modifier is told what to type, as every Medicare lookup tells it
        raise CellError(_CODE_EXPECTED if split is None else
                        f"{_CODE_EXPECTED}; this is a code with a modifier: give the code alone "
                        f"({split[0]}), the modifier apart")
    return text


def parse_modifier(value: Any) -> str:
    if is_number_cell(value):
        text = _whole_text(value, _MODIFIER_EXPECTED)
        text = text.zfill(2) if text.isdigit() else text  # modifier 59 typed as 5 stays 05
    else:
        text = str(value).strip().upper()
    if text and not MODIFIER_PATTERN.match(text):
        raise CellError(_MODIFIER_EXPECTED)
    return text


def parse_locality(value: Any) -> str:
    from ratecalc.medicare.localities import resolve_locality

    try:
        # a number cell as its digits (2108.0 is ZIP 2108, read as 02108)
        return resolve_locality(parse_text(value))
    except UnknownCodeError as exc:
        raise CellError(str(exc)) from None


def zip_locality(zip_code: str) -> str:
    """The locality of the clinic's ZIP field: five digits there are a ZIP code, even those
    that are a Medicare contractor's number too (10112)."""
    from ratecalc.medicare.localities import locality_for_zip

    try:
        return locality_for_zip(zip_code)
    except UnknownCodeError as exc:
        raise CellError(str(exc)) from None




def parse_text(value: Any) -> str:
    """A text cell as text (a whole number read as a float loses its ``.0``), stripped."""
    if is_number_cell(value):
        # what the user typed, as parse_code reads it; NaN, 1E999 or a 400-digit integer is
        # no text anyone meant (and str() of a huge int raises)
        text = _whole_text(value, "expected text, got a number too large for a cell")
    else:
        text = str(value).strip()
    if len(text) > EXCEL_MAX_CELL_CHARS:
        # a workbook would cut it short without a word (workbook new --from did)
        raise CellError(f"{len(text):,} characters; expected at most {EXCEL_MAX_CELL_CHARS:,} "
                        f"characters, Excel's limit per cell")
    # a text cell holding one is refused where it is read: openpyxl and python-docx refuse
    # them deep inside a save
    bad = NOT_XML_TEXT.search(text)
    if bad:
        raise CellError(f"contains the control character U+{ord(bad.group()):04X}, which a "
                        f"workbook or a letter cannot hold: delete it")
    return text


PARSERS = {
    "text": parse_text,
    "code": parse_code,
    "modifier": parse_modifier,
    "money": parse_money,
    "fraction": parse_fraction,
    "int": parse_int,
    "number": parse_number,
    "date": parse_date_cell,
    "bool": parse_bool,
    "locality": parse_locality,
}

#: The range of each column with one of its own, and its words (limits.RANGES: the command
#: line's options, the worksheet functions and the core take the same range in the same words).
#: The parsers of the kinds with a range of their own (an amount's $0 to $1,000,000,000, a whole
#: number's zero or more), but for that range, for a quantity with a range of its own
#: (limits.RANGES): -1 notice days is "expected a whole number of days of notice from 0 to
#: 3650", as the option says it, not "expected a whole number of zero or more".
RANGED_PARSERS = {"int": _whole_number, "money": _any_amount}

_RANGES: dict[str, tuple[float, float, str]] = {
    name: (rng.low, rng.high, rng.rule()) for name, rng in RANGES.items()}


#: The range a number cell of each kind is read in where its column has none of its own
#: (:data:`_RANGES`): what :func:`parse_money`, :func:`parse_int` and the fraction and number
#: parsers take.
_KIND_RANGES: dict[str, tuple[float, float]] = {
    "money": (0.0, MAX_AMOUNT), "int": (0.0, MAX_NUMBER),
    "number": (-MAX_NUMBER, MAX_NUMBER), "fraction": (-MAX_NUMBER, MAX_NUMBER)}
#: The range of a column that takes any number RateCalc holds (a metric's value, in its own
#: unit): nothing for a check of the cell to say.
ANY_NUMBER = _KIND_RANGES["number"]


def column_range(column: Column) -> tuple[float, float] | None:
    """The range a number cell of ``column`` is read in [the column's unit: USD, fraction,
    count], or None for a column of no numbers (text, codes, dates, yes/no).

    The one range of a column: :func:`parse_cell` holds a cell to it, and Excel's own check of
    the master workbook's cell takes the same (``workbook_templates.input_sheets``), as does the
    Proposal sheet's "Rate to ask" of the "Your rate" typed beside it.

    >>> from ratecalc.schema import CONTRACTS, FEE_SCHEDULES
    >>> column_range(CONTRACTS.column("pct_of_medicare")), column_range(CONTRACTS.column("payer"))
    ((0.1, 5.0), None)
    >>> column_range(FEE_SCHEDULES.column("allowed_amount"))
    (0.0, 1000000000.0)
    """
    if column.name in _RANGES:
        low, high, _ = _RANGES[column.name]
        return float(low), float(high)
    return _KIND_RANGES.get(column.kind)


# Choices as a person writes them, where lower case and underscores for spaces and hyphens do
# not give the choice: the workbook shows pct_of_medicare as "% of Medicare" (before: "pct of
# Medicare", which reads as it is); the letter and the 835 import say "days in A/R", as billing
# staff write it.
CHOICE_ALIASES = {"%_of_medicare": "pct_of_medicare", "percent_of_medicare": "pct_of_medicare",
                  "days_in_a/r": "days_in_ar"}


def merged_text_note(value: MergedOver) -> str:
    """What a cell of an optional text column covered by merged cells reads as."""
    return (f"inside the merged cells {value.cells}, whose value only their first cell "
            f"{value.first} holds: read as blank here; unmerge them (Home > Merge & Center) "
            f"and type the text in each cell if it belongs to this row too")


def parse_cell(column: Column, value: Any, *, percent_cell: bool = False) -> Any:
    """Parse one non-blank cell for ``column``; raises :class:`CellError` with the rule.
    ``percent_cell``: the cell shows a percentage as a percent (:attr:`Source.percent_cells`).

    A cell showing an Excel error value (``#REF!``, from any reader: an XLSX error cell, a
    CSV's text, the master workbook's formula) or a formula never computed is refused here,
    whatever its column, as :class:`UnusableCell`: ``the cell shows the error #REF!; expected
    a dollar amount``.
    """
    if isinstance(value, MergedOver):
        raise UnusableCell(f"inside the merged cells {value.cells}, whose value only their "
                           f"first cell {value.first} holds: unmerge them (Home > Merge & "
                           f"Center) and type the value in each cell")
    if isinstance(value, Uncomputed):
        # a formula as typed (=20+5.22, {=20+5.22} an array formula), or words where the file
        # keeps no text for the cell
        formula = (f"the formula {value.formula}" if value.formula.startswith(("=", "{="))
                   else value.formula)
        raise UnusableCell(f"holds {formula}, whose value has never been "
                           f"computed (or was not kept by the program that saved the file "
                           f"last): open and save the workbook in Excel or LibreOffice, or "
                           f"type the value")
    error = excel_error(value)
    if error is not None:
        raise UnusableCell(f"the cell shows the error {error}; {_expected(column, error)}")
    return _parsed(column, value, percent_cell)


def _expected(column: Column, error: str) -> str:
    """What ``column`` expects, in its parser's words (``expected a dollar amount``)."""
    try:
        _parsed(column, error)
    except CellError as exc:
        return str(exc)
    except (UnknownCodeError, ValueError):
        pass
    return "expected text" if column.required else "expected text or a blank cell"


def _parsed(column: Column, value: Any, percent_cell: bool = False) -> Any:
    parser = PARSERS[column.kind]
    if column.name in _RANGES:  # its own range's words, not its kind's ("of zero or more")
        parser = RANGED_PARSERS.get(column.kind, parser)
    parsed: Any = parser(value)
    if column.choices and column.kind == "text":
        lowered = str(parsed).lower().replace(" ", "_").replace("-", "_")
        lowered = CHOICE_ALIASES.get(lowered, lowered)
        if lowered not in column.choices:
            raise CellError(f"expected one of {', '.join(map(choice_label, column.choices))}")
        parsed = lowered
    if column.name in _RANGES:
        low, high, rule = _RANGES[column.name]
        if RANGES[column.name].shown == "percent":
            signed = is_percent_text(value)
            # the cell's own format says what it meant: one the user reformatted to General
            # shows 1.5, not 150%, whatever table it sits in; 0.0"%" shows 1.5 as 1.5%
            parsed = shown_fraction(parsed, value)
            refusal = percent_check(float(parsed), low, high, sign_taken=True, signed=signed,
                                    percent_meaning=percent_cell or signed
                                    or means_percent(value), two_ways=reads_two_ways(value))
        else:
            refusal = None if low <= float(parsed) <= high else ""
        if refusal is not None:
            raise CellError(rule, refusal)
    return parsed


def _quoted(exc: CellError, value: Any) -> Any:
    """The value a problem quotes: none for a cell whose message says what it shows."""
    return None if isinstance(exc, UnusableCell) else value


def whole_cents(amount: float) -> tuple[float, str]:
    """A money cell's amount as the cents it shows (half-up), and a warning when it held
    fractions of a cent ("" when it did not).

    A payer pays whole cents. A rate typed 24.585 was shown as 24.59 and computed as 24.585,
    so a row's figures did not add up (24.59 + 3.69 shown as 28.27): it is read as shown. The
    one rule for every money cell a user types: the tables and the Proposal's "Your rate".

    >>> whole_cents(24.585)
    (24.59, 'fractions of a cent: amounts are paid in whole cents; read as 24.59')
    >>> whole_cents(24.5)
    (24.5, '')
    """
    cents = float(round_cents(amount))
    if abs(cents - amount) < 5e-9:
        return amount, ""
    return cents, f"fractions of a cent: amounts are paid in whole cents; read as {cents:.2f}"


def _whole_cents(record: dict[str, Any], name: str) -> str:
    """:func:`whole_cents` of ``record[name]``, put back in the record; its warning."""
    record[name], problem = whole_cents(record[name])
    return problem


#: What to type in a required cell left blank, where the column's name alone does not say:
#: a contract with no end date (evergreen) is common, and "required value is blank" left its
#: billing manager with nothing to type.
BLANK_HINTS: dict[tuple[str, str], str] = {
    ("contracts", "end_date"): "the day the contract's current term ends; for a contract with "
    "no end date (it renews until notice is given), give the end of its first term and mark it "
    "Auto renew: each renewed term is counted from that day",
    # a metric named and its figure left for later stopped the whole analysis, unexplained
    ("metrics", "value"): "give the figure, or clear the row's Metric cell until you have it "
    "(every metric is optional)",
}

#: Cell types parsed once per column and value by :func:`coerce_table`: equal values of these
#: types are the same value (not so for floats: -0.0 and 0.0 are equal).
_MEMO_TYPES = (str, int)
_UNSEEN = object()


def coerce_table(raw: pd.DataFrame, table: Table, source: Source) -> tuple[pd.DataFrame,
                                                                           list[Problem]]:
    """Type every cell of a row-per-record table; return the table and its problems.

    Rows that are entirely blank are dropped (users leave gaps). A row with a bad cell stays in
    the problem list but is dropped from the typed table, so one bad rate cannot poison a sum.
    """
    problems: list[Problem] = []
    title = table.title
    missing = [c.name for c in table.columns if c.required and c.name not in raw.columns]
    for name in missing:
        # the header row is where the column goes: the column itself is not there to name
        what = table.column(name).description
        problems.append(Problem(title, Location(source.file, source.sheet,
                                                max(source.first_row - 1, 1)),
                                f"required column '{name}' is missing from the header row: "
                                f"expected a column headed '{name}'"
                                + (f" ({what})" if what else "")))
    if missing:
        return pd.DataFrame(columns=table.column_names), problems

    records: list[dict[str, Any]] = []
    keep: list[int] = []
    # each distinct text (or whole number) of a column parsed once: a fee schedule's 50,000
    # rows hold a thousand codes, a few dates and one payer. A cell refused is parsed again
    # where it recurs (its error is raised, not kept), so each is named at its own row.
    memo: dict[tuple[str, type, Any], Any] = {}
    for index, values in enumerate(as_records(raw)):
        if all(is_blank(values.get(c.name)) for c in table.columns):
            continue
        record: dict[str, Any] = {}
        ok = True
        for column in table.columns:
            value = values.get(column.name)
            if isinstance(value, MergedOver) and column.kind == "text" and not column.required:
                # a note or an address merged down a payer's rows: the cells read blank, as
                # Excel holds them, which no figure depends on; said, not refused
                problems.append(Problem(title, source.at(index, column.name),
                                        merged_text_note(value), severity="warning"))
                value = None
            if is_blank(value):
                if column.required:
                    hint = BLANK_HINTS.get((table.name, column.name))
                    problems.append(Problem(title, source.at(index, column.name),
                                            "required value is blank"
                                            + (f": {hint}" if hint else "")))
                    ok = False
                record[column.name] = column.default
                continue
            try:
                if type(value) in _MEMO_TYPES:
                    key = (column.name, type(value), value)
                    parsed = memo.get(key, _UNSEEN)
                    if parsed is _UNSEEN:
                        parsed = memo[key] = parse_cell(
                            column, value, percent_cell=source.percent_cells)
                    record[column.name] = parsed
                else:
                    record[column.name] = parse_cell(column, value,
                                                     percent_cell=source.percent_cells)
                if table.name == "metrics" and column.name in _METRIC_FIGURES:
                    record[column.name] = _metric_figure_shown(table, values, value,
                                                               record[column.name])
            except CellError as exc:
                percent = (_metric_percent_text(table, values, value)
                           if table.name == "metrics" else None)
                if isinstance(percent, float):
                    record[column.name] = percent
                    continue
                problems.append(
                    Problem(title, source.at(index, column.name), str(exc), _quoted(exc, value),
                            hint=exc.hint)
                    if percent is None else replace(
                        percent, table=title, location=source.at(index, column.name)))
                ok = False
                continue
            if column.kind == "money":
                problem = _whole_cents(record, column.name)
                if problem:
                    problems.append(Problem(title, source.at(index, column.name), problem, value,
                                            severity="warning"))
        if ok:
            records.append(record)
            keep.append(index)
    typed = pd.DataFrame.from_records(records, columns=table.column_names)
    typed.index = pd.Index(keep, name="source_index")
    problems.extend(_row_rules(typed, table, source, title))
    return typed, problems


class Repeat(NamedTuple):
    """A row that gives a key an earlier row gave (:func:`repeated_keys`); positions in the
    rows given."""

    #: The first row with the key.
    first: int
    #: The row that gives it again.
    later: int
    #: With the first row's value: a harmless repeat, counted once. Else an error.
    same: bool


def repeated_keys(keys: Sequence[Hashable], values: Sequence[Any]) -> list[Repeat]:
    """Each row whose key an earlier row has, paired with the first row of that key.

    The one rule for rows that say one thing twice (a fee schedule's code and date, a payer's
    offer for a code on one day): the same value again counts once; another value is an error
    naming both rows (:func:`another_value`), since RateCalc does not guess which one holds.

    Examples
    --------
    >>> repeated_keys(["97110", "97140", "97110", "97110"], [26.0, 28.0, 26.0, 27.0])
    [Repeat(first=0, later=2, same=True), Repeat(first=0, later=3, same=False)]
    """
    firsts: dict[Hashable, int] = {}
    found = []
    for position, (key, value) in enumerate(zip(keys, values, strict=True)):
        first = firsts.setdefault(key, position)
        if first != position:
            found.append(Repeat(first, position, values[first] == value))
    return found


def another_value(what: str = "amount") -> str:
    """What a row that repeats a key with another value (:func:`repeated_keys`) is told:
    "... but another amount: which one is right?"."""
    return f"but another {what}: which one is right?"


def _column_rows(typed: pd.DataFrame, columns: Sequence[str]
                 ) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(index, {column: value}) of each row of ``typed``, the values as ``iterrows`` gives
    them (a column that is not there: None, as ``row.get`` gives it). A table of a few rows
    read a row at a time made a Series of each: 5 ms of a demo refresh's checks."""
    values = [typed[c].tolist() if c in typed.columns else [None] * len(typed)
              for c in columns]
    for index, row in zip(typed.index, zip(*values, strict=True), strict=True):
        yield index, dict(zip(columns, row, strict=True))


def _missing(value: Any) -> bool:
    """A value a key's duplicate check takes as missing, every missing value alike (None,
    NaN, NaT, pd.NA)."""
    return value is None or value is pd.NA or value != value


def _no_repeated_keys(typed: pd.DataFrame, key: Sequence[str]) -> bool:
    """Whether no two rows of ``typed`` have the same ``key`` (texts in any capitals, every
    missing value alike): then :func:`_row_rules`' pandas search for them would find none
    (rows it takes as repeated are equal here too), and is skipped (5 ms of a demo refresh,
    for tables without a repeated row)."""
    missing = object()
    seen = set()
    for values in zip(*(typed[k].tolist() for k in key), strict=True):
        row = tuple(missing if _missing(v) else v.lower() if isinstance(v, str) else v
                    for v in values)
        if row in seen:
            return False
        seen.add(row)
    return True


def _row_rules(typed: pd.DataFrame, table: Table, source: Source, title: str) -> list[Problem]:
    problems: list[Problem] = []
    if table.key and not typed.empty and not _no_repeated_keys(typed, table.key):
        key = list(table.key)
        one_row_per = "one row per " + join_words([k.replace("_", " ") for k in key])
        normalized = typed[key].map(lambda v: v.lower() if isinstance(v, str) else v)
        dup = normalized.duplicated(keep="first")
        repeated = typed.loc[dup.to_numpy(), key]
        # the row each repeats, named: the first with its key (a key holding a NaN, which
        # equals no other, is said as "another row")
        firsts: dict[tuple[Any, ...], int] = {}
        for index, values in zip(typed.index, normalized.itertuples(index=False, name=None),
                                 strict=True):
            firsts.setdefault(values, int(index))
        # the repeated rows' keys as tuples: a pandas cell read each (.at) took 24 of the 40 s
        # a fee schedule of 30,000 rows of one code cost
        for index, values, normal in zip(
                repeated.index, repeated.itertuples(index=False, name=None),
                normalized.loc[dup.to_numpy()].itertuples(index=False, name=None), strict=True):
            shown = ", ".join(f"{k}={v!s}" for k, v in zip(key, values, strict=True)
                              if not is_blank(v))
            at = firsts.get(normal)
            first = "another row" if at is None else f"row {source.at(at).row}"
            # at the key's first cell, saying what is expected, as every message does
            problems.append(Problem(title, source.at(index, key[0]),
                                    f"duplicate row: {first} has the same {shown}; expected "
                                    f"{one_row_per}"))
    if {"effective_date", "end_date"} <= set(typed.columns):
        for index, r in _column_rows(typed, ("effective_date", "end_date")):
            if r["end_date"] and r["effective_date"] and r["end_date"] < r["effective_date"]:
                problems.append(Problem(title, source.at(index, "end_date"),
                                        f"end date is before the effective date "
                                        f"{r['effective_date']}", r["end_date"]))
    if table.name == "metrics":
        problems += _metric_range_problems(typed, source, title)
    if "rate_basis" in typed.columns and "pct_of_medicare" in typed.columns:
        for index, r in _column_rows(typed, ("rate_basis", "pct_of_medicare")):
            if r["rate_basis"] == "pct_of_medicare" and is_blank(r["pct_of_medicare"]):
                problems.append(Problem(title, source.at(index, "pct_of_medicare"),
                                        "required when rate_basis is pct_of_medicare"))
    return problems


def _metric_range_problems(typed: pd.DataFrame, source: Source, title: str) -> list[Problem]:
    """Each clinic metric's value and benchmark outside its metric's range
    in its row's unit (limits.metric_range: a fraction where the unit shows it as a
    percentage), at its cell: the range Excel's own check of the cell takes."""
    problems = []
    for index, r in _column_rows(typed, ("metric", "unit", "value", "benchmark")):
        if is_blank(r["metric"]) or r["metric"] not in METRIC_RANGES:
            continue
        low, high = metric_range(r["metric"], r["unit"])
        unit = metric_unit(r["metric"], r["unit"])
        for name in ("value", "benchmark"):
            figure = r[name]
            if not is_blank(figure) and not low <= float(figure) <= high:
                hint = (metric_percent_hint(float(figure), low, high)
                        if unit in PERCENT_UNITS else "")
                problems.append(Problem(title, source.at(index, name), metric_range_rule(
                    choice_label(r["metric"]), low, high, unit), figure, hint=hint))
    return problems


#: A clinic metric row's figures (the Clinic Metrics table).
_METRIC_FIGURES = ("value", "benchmark")


def _metric_figure_shown(table: Table, values: Mapping[str, Any], value: Any,
                         parsed: Any) -> Any:
    """A clinic metric's figure ``parsed`` from a cell showing it beside a percent sign that
    is text (``0"%"``: 1 shows 1%), in a row whose unit shows it as a percentage (a fraction,
    0.01 = 1%): the fraction it shows, as a percentage cell's is
    (:func:`ratecalc.shown_percent.shown_fraction`); shown rounded (0.5 shows 1%) it reads two
    ways and is refused. Any other figure as ``parsed`` (a score shown "92%" is 92)."""
    if not isinstance(value, (TypedPercent, RoundedPercent)):
        return parsed
    try:
        metric = parse_cell(table.column("metric"), values.get("metric"))
    except CellError:
        return parsed  # refused at its own cell
    if metric not in METRIC_RANGES or metric_unit(metric, values.get("unit")) \
            not in PERCENT_UNITS:
        return parsed
    if reads_two_ways(value):
        typed = Decimal(repr(float(value)))
        whole, fraction = (f"{typed.scaleb(2).normalize():f}",
                           f"{typed.scaleb(-2).normalize():f}")
        raise CellError(f"expected a figure its cell shows as typed (it is shown rounded beside a "
                        f"percent sign that is text), so {value:g} reads as {whole}% or "
                        f"{value:g}%: for {whole}% write {value:g}, for {value:g}% write "
                        f"{fraction} (in a cell formatted as a number)")
    return shown_fraction(parsed, value)


def _metric_percent_text(table: Table, values: Mapping[str, Any],
                         value: Any) -> float | Problem | None:
    """A clinic metric's figure written "97%" (a number cell reads no percent sign) in a row
    whose unit shows it as a percentage: the fraction it says, 0.97, as text with its sign is
    the percentage it says everywhere (it was refused saying "for 97% write 0.97"); outside its
    metric's range ("150%" for a clean-claim rate), refused as the other figures of such a unit
    are, with the range (:func:`ratecalc.limits.metric_percent_hint`, which hints nothing for
    a percent typed with its sign). None for any other text or row (a plain "expected a
    number": a score, such as an NPS, is no percentage)."""
    if not is_percent_text(value) or commas_group_no_thousands(value):
        return None
    read = read_number_text(str(value))
    if read is None or not read.percent or read.dollar:
        return None
    if is_blank(values.get("metric")):
        return None
    try:
        metric = parse_cell(table.column("metric"), values.get("metric"))
    except CellError:
        return None
    if metric not in METRIC_RANGES:
        return None
    unit = metric_unit(metric, values.get("unit"))
    if unit not in PERCENT_UNITS:
        return None
    low, high = metric_range(metric, values.get("unit"))
    fraction = float(read.value.scaleb(-2))
    if low <= fraction <= high:
        return fraction
    rule = metric_range_rule(choice_label(metric), low, high, unit)
    return Problem("", Location(), rule, value, hint=metric_percent_hint(
        read.value, low, high, typed_percent=True))


def _cf_custom_problems(out: dict[str, Any], raw: pd.DataFrame, table: Table, source: Source,
                        row_of: dict[str, int], unread: set[str]) -> list[Problem]:
    """Settings' CF custom, when CF path is custom, checked at its cell (or at CF path's, with no
    CF custom row): the changes the Scenarios project (ratecalc.scenarios.cf_custom_problem)."""
    from ratecalc.scenarios import cf_custom_hint, cf_custom_problem

    if out.get("cf_path") != "custom" or unread & {"cf_path", "cf_custom", "scenario_years"}:
        return []
    problem = cf_custom_problem(out.get("cf_custom"), int(out["scenario_years"]))
    if problem is None:
        return []
    if "cf_custom" not in row_of:  # no such row: said at CF path's
        return [Problem(table.title, source.at(row_of["cf_path"], "value"),
                        f"CF custom (a field of its own, missing): {problem}")]
    index = row_of["cf_custom"]
    value = raw["value"].iloc[index]
    return [Problem(table.title, source.at(index, "value"),
                    f"{str(raw['field'].iloc[index]).strip()}: {problem}",
                    None if is_blank(value) else value, hint=cf_custom_hint(value))]


def _increase_band_problems(out: dict[str, Any], raw: pd.DataFrame, table: Table,
                            source: Source, row_of: dict[str, int],
                            unread: set[str]) -> list[Problem]:
    """Settings' Min increase above Max increase, at Min increase's cell (at Max increase's,
    with no Min increase row), naming the other field's cell (or its default): the band the
    proposal asks in (:func:`ratecalc.proposal.increase_band_holds`). Found only by the
    analysis, it was said with no row or cell."""
    from ratecalc.money import stated_percent_text
    from ratecalc.proposal import increase_band_holds

    names = ("min_increase", "max_increase")
    if unread & set(names) or not row_of.keys() & set(names):
        return []
    defaults: dict[str, Any] = {c.name: c.default for c in table.columns}
    low, high = (float(defaults[n] if is_blank(out.get(n)) else out[n]) for n in names)
    if increase_band_holds(low, high):
        return []

    def label(name: str) -> str:
        return (str(raw["field"].iloc[row_of[name]]).strip() if name in row_of
                else name.replace("_", " ").capitalize())

    def where(name: str, value: float) -> str:
        if name not in row_of:
            return f"not on the sheet: its default {stated_percent_text(value)}"
        cell = source.at(row_of[name], "value")
        ref = f", cell {cell.letter}{cell.row}" if cell.letter else ""
        return f"row {cell.row}{ref}: {stated_percent_text(value)}"

    if "min_increase" in row_of:
        at, rule = "min_increase", (f"must be from 0 to {label('max_increase')} "
                                    f"({where('max_increase', high)}), got "
                                    f"{stated_percent_text(low)}")
    else:
        at, rule = "max_increase", (f"must be at least {label('min_increase')} "
                                    f"({where('min_increase', low)}), got "
                                    f"{stated_percent_text(high)}")
    return [Problem(table.title, source.at(row_of[at], "value"), f"{label(at)}: {rule}")]


def key_value_field(label: Any) -> str:
    """RateCalc's name for a field of a field/value table as labelled (``"Medicare date"``,
    ``"medicare_date"``: ``medicare_date``)."""
    return re.sub(r"[^a-z0-9]+", "_", str(label).strip().lower()).strip("_")


def coerce_key_values(raw: pd.DataFrame, table: Table, source: Source) -> tuple[dict[str, Any],
                                                                               list[Problem]]:
    """Type a two-column ``field``/``value`` table (clinic profile, settings)."""
    problems: list[Problem] = []
    title = table.title
    out: dict[str, Any] = {c.name: c.default for c in table.columns}
    known = {c.name: c for c in table.columns}
    seen: set[str] = set()
    unread: set[str] = set()  # fields whose cell could not be read
    row_of: dict[str, int] = {}
    for index, (field, value) in enumerate(zip(raw["field"], raw["value"], strict=True)):
        if is_blank(field):
            continue
        name = key_value_field(field)
        if name not in known:
            problems.append(Problem(title, source.at(index, "field"),
                                    f"unknown field; expected one of {', '.join(known)}", field,
                                    severity="warning"))
            continue
        if name in seen:
            problems.append(Problem(title, source.at(index, "field"), "field given twice", field))
            continue
        seen.add(name)
        row_of[name] = index
        if is_blank(value):
            continue
        try:
            out[name] = parse_cell(known[name], value, percent_cell=source.percent_cells)
        except CellError as exc:
            problems.append(Problem(title, source.at(index, "value"),
                                    f"{str(field).strip()}: {exc}",
                                    _quoted(exc, value), hint=exc.hint))  # as labelled
            unread.add(name)  # said once: not "required field is blank" as well
    if table.name == "settings":
        problems.extend(_cf_custom_problems(out, raw, table, source, row_of, unread))
        problems.extend(_increase_band_problems(out, raw, table, source, row_of, unread))
    locality_given = "locality" in row_of and not is_blank(raw["value"].iloc[row_of["locality"]])
    if table.name == "clinic" and not locality_given and not is_blank(out.get("zip")):
        # A blank locality is found from the clinic's ZIP code (CMS's ZIP-to-locality file).
        zip_text = str(out["zip"]).strip()
        if ascii_digits(zip_text) and len(zip_text) < 5:  # Excel drops a ZIP's leading zeros
            zip_text = zip_text.zfill(5)
        try:
            out["locality"] = (zip_locality(zip_text[:5])
                               if ascii_digits(zip_text[:5])
                               else parse_locality(zip_text))
        except CellError as exc:
            problems.append(Problem(title, source.at(row_of["zip"], "value"),
                                    f"locality is blank and the zip does not settle it: {exc}",
                                    out["zip"]))
            out["locality"] = "-"  # reported above; not "required field is blank" as well
    for column in table.columns:
        if column.required and is_blank(out.get(column.name)) and column.name not in unread:
            if column.name in row_of:  # its row is there, the value blank: that cell, as labelled
                index = row_of[column.name]
                problems.append(Problem(
                    title, source.at(index, "value"),
                    f"required field '{str(raw['field'].iloc[index]).strip()}' is blank"))
                continue
            label = column.name.replace("_", " ")
            problems.append(Problem(title, source.shown(Location(source.file, source.sheet, None,
                                                                 "value")),
                                    f"required field '{label}' is missing"))
    return out, problems
