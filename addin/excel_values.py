"""Excel cell values in, Excel cell values out: the conversion half of every RateCalc UDF.

xlwings hands a UDF each range argument as COM passed it (the ``raw`` converter): one cell as a bare
value, a range as a tuple of row tuples, numbers as ``float``, error cells as COM's error numbers,
dates as pywin32's ``datetime``. :func:`from_excel` cleans each cell as xlwings' default converter
would (with ``err_to_str=True``): blanks ``None``, error cells their text such as ``"#N/A"``, dates
naive ``datetime``; a range of plain numbers needs no cleaning and goes to numpy as it is. This
module parses those cells with the core's own cell parsers (``ratecalc.validation.PARSERS``, the
rules that also read CSV and workbook files), broadcasts the arguments to one shape as Excel's array
arithmetic does, calls the core, and turns each result or error into a cell value. Nothing here
computes a rate.

Errors never escape as a traceback: a bad cell gives that cell the text
``#RATECALC: <argument>: <rule>, got <value>``; a bad call (shapes that do not fit, a list where one
value is expected) gives one such text for the whole call.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import chain
from typing import Any, NamedTuple

import numpy as np

from ratecalc.cell_errors import EXCEL_ERRORS
from ratecalc.collector import collector_paused
from ratecalc.dates import EXCEL_EPOCH, serial_text
from ratecalc.errors import RateCalcError, UnknownCodeError, shown_value
from ratecalc.limits import (
    DATE_RANGE_RULE,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_AMOUNT,
    MAX_FRACTION,
    MAX_NUMBER,
    NumberRange,
    fraction_range,
    number_range,
    percent_check,
)
from ratecalc.medicare.store import forget_if_imported
from ratecalc.remedies import in_excel
from ratecalc.validation import (
    PARSERS,
    RANGED_PARSERS,
    CellError,
    is_blank,
    is_percent_text,
)

log = logging.getLogger(__name__)

ERROR_PREFIX = "#RATECALC: "
#: Excel's error values as COM passes them (an HRESULT: ``0x800A0000`` plus Excel's ``xlCVError``
#: number) and the text xlwings' default converter makes of them (``err_to_str=True``). Only these
#: seven: xlwings passes Excel's newer errors (``#SPILL!``, ``#CALC!``...) on as their numbers, so
#: :func:`from_excel` does too, and both paths reach :func:`parse_value` with the same cell, which
#: names those by :data:`NEWER_COM_ERRORS`.
#: COM's HRESULT of Excel's error values, less Excel's XlCVError number (0x800A0000 as an int).
_COM_ERROR_BASE = -0x7FF60000
COM_ERRORS = {
    _COM_ERROR_BASE + number: text
    for number, text in (
        (2000, "#NULL!"),
        (2007, "#DIV/0!"),
        (2015, "#VALUE!"),
        (2023, "#REF!"),
        (2029, "#NAME?"),
        (2036, "#NUM!"),
        (2042, "#N/A"),
    )
}
#: Excel's newer error values (Excel 365's XlCVError numbers 2043-2050, and 2051 #BUSY!, 2055
#: #PYTHON!, which Microsoft's enumeration does not list yet: their numbers as COM add-ins
#: report them), which xlwings' converter leaves as COM's numbers: :func:`from_excel` leaves
#: them so too, and :func:`parse_value` names each as the cell shows it (read as a number, a
#: #SPILL! was "expected a dollar amount from $0 to $1,000,000,000, got -2146826243"; a #BUSY!,
#: a cell still computing, was such a number too).
NEWER_COM_ERRORS = {
    _COM_ERROR_BASE + number: text
    for number, text in (
        (2043, "#GETTING_DATA"),
        (2045, "#SPILL!"),
        (2046, "#CONNECT!"),
        (2047, "#BLOCKED!"),
        (2048, "#UNKNOWN!"),
        (2049, "#FIELD!"),
        (2050, "#CALC!"),
        (2051, "#BUSY!"),
        (2055, "#PYTHON!"),
    )
}
#: The XlCVError numbers Excel keeps for its error values (2000 #NULL! onwards): one a later
#: Excel adds, which no table here names yet, is still an error, never a number.
_COM_ERROR_NUMBERS = range(2000, 2100)


def com_error_text(value: Any) -> str | None:
    """The error value a COM number stands for (``#BUSY!``), ``an Excel error (number 2052)``
    for one of Excel's error numbers no table here names, or None for any other value.

    >>> com_error_text(-2146826237), com_error_text(-2146826236), com_error_text(26.83)
    ('the error #BUSY!', 'an Excel error (error number 2052)', None)
    """
    if type(value) is not int:
        return None
    if value in NEWER_COM_ERRORS or value in COM_ERRORS:
        return f"the error {NEWER_COM_ERRORS.get(value) or COM_ERRORS[value]}"
    if value - _COM_ERROR_BASE in _COM_ERROR_NUMBERS:
        return f"an Excel error (error number {value - _COM_ERROR_BASE})"
    return None
#: Longest message put in a cell; Excel shows little more in a column of normal width anyway.
MAX_MESSAGE = 200


class _Blank:
    """Marker: a blank cell makes the result blank (a row with no data stays quiet)."""

    def __repr__(self) -> str:
        return "BLANK_RESULT"


BLANK_RESULT: Any = _Blank()
#: What a UDF writes for a blank result.
BLANK_CELL = ""


@dataclass(frozen=True)
class Param:
    """How to read one UDF argument.

    Attributes
    ----------
    name : str
        The argument's name, used in error messages.
    kind : str
        A key of ``ratecalc.validation.PARSERS``: ``money``, ``fraction``, ``number``, ``int``,
        ``date``, ``code``, ``text``, ``bool``.
    blank : object
        The value a blank cell stands for, or :data:`BLANK_RESULT` to leave that cell's result
        blank.
    """

    name: str
    kind: str
    blank: Any = BLANK_RESULT
    #: The range of a fraction (default 0 to MAX_FRACTION: 120 read as 12,000%) or of a
    #: ``number``/``int`` (default none beyond the parser's), as the command line's option for
    #: the same quantity has it (``ratecalc.limits``); ``high`` None: no upper bound.
    low: float | None = None
    high: float | None = None
    #: What a number counts, for the message of one out of range: ``"months"``.
    what: str = ""
    #: The quantity's own range (``ratecalc.limits.RANGES``), in place of ``low`` and ``high``:
    #: its bounds, and its words, those of its option, its cell and the core function.
    words: NumberRange | None = None

    def bounds(self) -> tuple[float, float] | None:
        """``(low, high)`` the parsed value must lie in (``high`` inf when open), or None."""
        if self.words is not None:
            return self.words.bounds
        if self.kind == "fraction":
            low = 0.0 if self.low is None else self.low
            return low, MAX_FRACTION if self.high is None else self.high
        if self.low is None and self.high is None:
            return None
        return (-math.inf if self.low is None else self.low,
                math.inf if self.high is None else self.high)

    def range_rule(self) -> str:
        """The rule of :meth:`bounds` in words."""
        if self.words is not None:
            return self.words.rule()
        low, high = self.bounds() or (-math.inf, math.inf)
        if self.kind == "fraction":
            return fraction_range(low, high)
        return number_range(self.what or self.name, low, None if math.isinf(high) else high)


class CallError(Exception):
    """The call as a whole cannot be answered; the message goes in the cell."""


def error_text(message: str) -> str:
    """``#RATECALC: message``, on one line and short enough to read in a cell."""
    text = " ".join(str(message).split())
    if text.startswith(ERROR_PREFIX.strip()):
        return text[:MAX_MESSAGE]
    text = ERROR_PREFIX + text
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


#: Kinds whose cells, when all are plain finite floats, can skip the per-cell parsers, and the
#: range the parser accepts such a float in (a fraction's is its ``Param``'s, within this one).
#: A float outside goes to the parser, which names it: skipping the range let 1e299 units and
#: a $1e300 rate through to the core, whose products overflowed.
_FAST_KINDS: dict[str, tuple[float, float]] = {
    "money": (0.0, MAX_AMOUNT),  # parse_money refuses negative amounts
    "number": (-MAX_NUMBER, MAX_NUMBER),
    "fraction": (-MAX_NUMBER, MAX_NUMBER),
}


def _fast_range(param: Param) -> tuple[float, float]:
    """The range of a plain float that ``param``'s parser returns as it is, and its range
    lets through."""
    low, high = _FAST_KINDS[param.kind]
    bounds = param.bounds()
    if bounds is not None:
        return max(low, bounds[0]), min(high, bounds[1])
    return low, high


def from_excel(value: Any) -> Any:
    """One cell as COM passed it, as xlwings' default converter would pass it to a UDF.

    ``""`` and ``None`` become ``None``; a ``datetime`` (pywin32's COM date is one) a naive
    ``datetime`` of the same fields (xlwings drops the time zone without converting, and the
    ``fold``); an error number of :data:`COM_ERRORS` its text; anything else stays as it is.
    Cleaning a clean value changes nothing, so a value that already went through xlwings'
    converter (a one-cell argument's) may come here too.

    COM never passes a ``date`` that is not a ``datetime``, nor a numpy value: those, which
    xlwings' converter would refuse, stay as they are for a UDF called from Python.

    Examples
    --------
    >>> from_excel(-2146826246), from_excel(""), from_excel(26.83)
    ('#N/A', None, 26.83)
    """
    if value is None or (isinstance(value, str) and not value):
        return None
    if isinstance(value, datetime):
        return datetime(
            value.year, value.month, value.day,
            value.hour, value.minute, value.second, value.microsecond,
        )
    if isinstance(value, int) and value in COM_ERRORS:
        return COM_ERRORS[value]
    return value


#: The first day on which COM's dates and Excel's serial days agree (COM's day 0 is Excel's,
#: :data:`ratecalc.dates.EXCEL_EPOCH`).
_COM_FEB_29_END = datetime(1900, 3, 1)


def _com_day_shown(value: datetime) -> str:
    """A COM date before March 1900 as the cell shows it: the day of its serial number
    (:func:`ratecalc.dates.serial_text`, 1900-02-29 included), its time as
    :func:`~ratecalc.errors.shown_value` writes one."""
    serial = (value - datetime.combine(EXCEL_EPOCH, time.min)) / timedelta(days=1)
    return serial_text(serial) + shown_value(value)[len("1900-01-01"):]


def parse_value(value: Any, param: Param) -> Any:
    """Parse one cell for ``param``.

    Returns
    -------
    object
        The parsed value, ``param.blank`` for a blank cell.

    Raises
    ------
    CellError
        With the text the cell should show.
    """
    if type(value) is float and param.kind in _FAST_KINDS:
        low, high = _fast_range(param)
        # NaN and the infinities are not in range; a fraction of 1 or more in a range reaching
        # past 100% may read either way (150% or 1.5%), which percent_check below says
        if low <= value <= high and not (param.kind == "fraction" and high > 1 <= abs(value)):
            return value  # what the parser would return (see _FAST_KINDS), without its cost
    value = from_excel(value)
    if isinstance(value, str):
        if value.startswith(ERROR_PREFIX.strip()):
            raise CellError(value)  # an upstream RateCalc error passes through unchanged
        if value.strip() in EXCEL_ERRORS:
            raise CellError(f"{param.name} is the error {value.strip()}")
    elif (error := com_error_text(value)) is not None:
        raise CellError(f"{param.name} is {error}")
    if is_blank(value):
        return param.blank
    if param.kind == "date" and isinstance(value, datetime) and value < _COM_FEB_29_END:
        # COM counts days from 1899-12-30 with no 29 February 1900: a date cell before March
        # 1900 arrives a day earlier than it shows (1900-01-26 as 1900-01-25); it is refused
        # (DATE_RANGE_RULE), naming the day Excel shows
        raise CellError(f"{param.name}: {DATE_RANGE_RULE}, got {_com_day_shown(value)}")
    if (param.kind == "date" and isinstance(value, (int, float)) and not isinstance(value, bool)
            and float(value).is_integer() and FIRST_YEAR <= value <= LAST_YEAR):
        # Excel numbers its days: 2026 typed for a date is 1905-07-18, priced as such
        year = int(value)
        raise CellError(f"{param.name}: expected a date, got the number {year}, which Excel "
                        f"reads as {serial_text(value)}; for a day in {year} "
                        f"write a date, e.g. DATE({year},7,1)")
    try:
        # a quantity of a range of its own says it rather than its kind's ("of zero or more")
        parser = PARSERS[param.kind] if param.words is None else RANGED_PARSERS.get(
            param.kind, PARSERS[param.kind])
        parsed: Any = parser(value)
    except CellError as exc:
        raise CellError(f"{param.name}: {exc}, got {shown_value(value)}") from None
    except (UnknownCodeError, ValueError, TypeError) as exc:
        # e.g. an unknown locality: the core's message already names the value
        raise CellError(f"{param.name}: {exc}") from None
    bounds = param.bounds()
    if bounds is None:
        return parsed
    # an argument arrives as a bare number whatever its cell shows: only a text with a %
    # sign says which reading of 1.5 (150% or 1.5%) is meant
    signed = is_percent_text(value)
    refusal = (percent_check(parsed, *bounds, percent_meaning=signed, signed=signed,
                             sign_taken=True) if param.kind == "fraction"
               else None if bounds[0] <= parsed <= bounds[1] else "")
    if refusal is not None:
        raise CellError(f"{param.name}: {param.range_rule()}, got {shown_value(value)}{refusal}")
    return parsed


def as_grid(value: Any) -> list[list[Any]]:
    """An argument as rows: a range (rows of cells) as it is, one row as one row, a bare value
    (one cell) as 1x1. The cells are not cleaned (see :func:`from_excel`)."""
    if isinstance(value, (list, tuple)):
        if not value:
            return [[None]]
        if isinstance(value[0], (list, tuple)):
            return value  # type: ignore[return-value]  # rows are only read, never changed
        return [list(value)]
    return [[value]]


def _rows_by_columns(rows: int, cols: int) -> str:
    return (f"{rows} row{'' if rows == 1 else 's'} by "
            f"{cols} column{'' if cols == 1 else 's'}")


def range_size(grid: Sequence[Sequence[Any]]) -> str:
    """A range's size as Excel gives it, rows first: "3 rows by 1 column" (a column of three
    cells; "3x1" or "1x3" left the reader to guess which number was which)."""
    return _rows_by_columns(len(grid), len(grid[0]))


def single(value: Any, param: Param) -> Any:
    """Parse an argument that must be one value (not a range of several cells)."""
    if isinstance(value, (list, tuple)):
        grid = as_grid(value)
        if len(grid) != 1 or len(grid[0]) != 1:
            raise CallError(f"{param.name}: expected one value, got a range of {range_size(grid)}")
        value = grid[0][0]
    parsed = parse_value(value, param)
    return None if parsed is BLANK_RESULT else parsed


def line_of_cells(value: Any, name: str, expected: str) -> list[list[Any]]:
    """An argument that must be one cell, one row or one column, as rows (:func:`as_grid`).

    Raises
    ------
    CallError
        For a block of several rows and columns: which of its cells comes first (a year's
        change, a visit's code) would be a guess, so it is refused rather than read row by row.
    """
    grid = as_grid(value)
    if len(grid) > 1 and len(grid[0]) > 1:
        raise CallError(f"{name}: expected {expected}, got a range of {range_size(grid)}")
    return grid


def values_list(value: Any, param: Param) -> list[Any]:
    """Parse an argument that may be one value or a row/column of values (blanks skipped); a
    block of several rows and columns is refused (:func:`line_of_cells`)."""
    grid = line_of_cells(value, param.name, "one value, or a row or a column of values")
    cells = [cell for row in grid for cell in row]
    if param.blank is BLANK_RESULT:
        # empty cells are skipped: a whole column's million below its values are not parsed
        end = len(cells)
        while end and cells[end - 1] is None:
            end -= 1
        del cells[end:]
    parsed = [parse_value(cell, param) for cell in cells]
    return [p for p in parsed if p is not BLANK_RESULT]


def to_cell(value: Any, nan_message: str) -> Any:
    """A core result as a cell value: numbers as float, dates as dates, NaN and exceptions
    (a vectorized core call's per-row problems) as messages."""
    if isinstance(value, Exception):
        return error_text(str(value))
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return error_text(nan_message)
        return number
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").astype(object)
    if isinstance(value, (date, datetime, str, int)):
        return value
    return value


def _broadcast_shape(grids: Sequence[list[list[Any]]], names: Sequence[str]) -> tuple[int, int]:
    """The common shape under Excel's (and numpy's) rule: each side 1 or equal."""
    shapes = [(len(g), len(g[0])) for g in grids]
    rows = max(r for r, _ in shapes)
    cols = max(c for _, c in shapes)
    if any(r not in (1, rows) or c not in (1, cols) for r, c in shapes):
        described = ", ".join(f"{n} {_rows_by_columns(r, c)}"
                              for n, (r, c) in zip(names, shapes, strict=True))
        raise CallError(f"ranges of different sizes: {described}")
    return rows, cols


class _Numbers(NamedTuple):
    """An argument's cells as numbers for one vectorized core call."""

    #: each cell's number; a blank cell's is its ``Param.blank`` when that is a float
    values: np.ndarray
    #: the blank cells whose result is blank; ``None`` when there are none
    blank: np.ndarray | None


def _fast_floats(grid: Sequence[Sequence[Any]], param: Param) -> _Numbers | None:
    """The grid as numbers when every cell is blank (``None``) or a finite float its parser
    would accept as is (what COM passes for a range of numbers, with its empty cells); ``None``
    sends the grid through the parsers."""
    if param.kind not in _FAST_KINDS:
        return None
    cells = list(chain.from_iterable(grid))
    kinds = set(map(type, cells))
    if kinds == {float}:
        values = np.fromiter(cells, dtype=float, count=len(cells))
        blank = None
        numbers = values
    elif kinds <= {float, type(None)} and (
        param.blank is BLANK_RESULT or type(param.blank) is float
    ):
        values = np.array(cells, dtype=float)  # None as NaN
        blank = np.isnan(values)
        if int(blank.sum()) != cells.count(None):
            return None  # a NaN cell, which the parsers read as blank
        numbers = values[~blank]
    else:
        return None
    low, high = _fast_range(param)
    if not ((numbers >= low) & (numbers <= high)).all():  # NaN and the infinities are not
        return None  # the parsers name the cell out of range
    if blank is not None and param.blank is not BLANK_RESULT:
        values[blank] = param.blank  # what the parser gives a blank cell
        blank = None
    shape = (len(grid), -1)
    return _Numbers(values.reshape(shape), None if blank is None else blank.reshape(shape))


def _vectorized(
    fast: list[_Numbers],
    shape: tuple[int, int],
    many: Callable[..., Any],
    nan_message: str,
    shown: Callable[[Any], Any] | None = None,
) -> list[list[Any]] | None:
    """All-number ranges in one core call on the cells whose result is not blank; ``None`` when
    the core refuses (then cell by cell) or when fewer than two cells are left (one cell takes
    the scalar path, as in ``cellwise``)."""
    size = shape[0] * shape[1]
    arrays = [np.broadcast_to(f.values, shape).ravel() for f in fast]
    blanks = [np.broadcast_to(f.blank, shape).ravel() for f in fast if f.blank is not None]
    todo = ~np.logical_or.reduce(blanks) if blanks else None
    if todo is not None:
        arrays = [a[todo] for a in arrays]
    count = size if todo is None else int(todo.sum())
    if count < 2:
        return None
    try:
        results = np.asarray(many(*arrays))
    except (RateCalcError, CellError):
        return None
    if results.dtype.kind not in "fi" or results.shape != (count,):
        return None
    if shown is not None:
        results = np.asarray(shown(results))
    bad = ~np.isfinite(results) if results.dtype.kind == "f" else None
    if todo is not None:
        cells = np.full(size, BLANK_CELL, dtype=object)
        cells[todo] = results  # as Python floats or ints, as tolist() gives them
        if bad is not None:
            spread = np.zeros(size, dtype=bool)
            spread[todo] = bad
            bad = spread
        results = cells
    with collector_paused():  # the rows hold only numbers and text: no cycles
        grid = results.reshape(shape).tolist()
    if bad is not None and bad.any():
        message = error_text(nan_message)
        for r, c in zip(*np.nonzero(bad.reshape(shape)), strict=True):
            grid[r][c] = message
    return grid


def _single_cells(values: Sequence[Any]) -> list[Any] | None:
    """The arguments' values when every one is a single cell (bare or 1x1), else ``None``."""
    cells = []
    for value in values:
        if isinstance(value, (list, tuple)):
            if len(value) != 1:
                return None
            row = value[0]
            if isinstance(row, (list, tuple)):
                if len(row) != 1:
                    return None
                value = row[0]
            else:
                value = row
        cells.append(value)
    return cells


def _one_cell(
    params: Sequence[Param],
    cells: list[Any],
    one: Callable[..., Any],
    nan_message: str,
    shown: Callable[[Any], Any] | None = None,
) -> Any:
    """The result cell of a call whose arguments are all single cells (the common case)."""
    parsed = []
    for cell, param in zip(cells, params, strict=True):
        try:
            parsed.append(parse_value(cell, param))
        except CellError as exc:
            return error_text(str(exc))
    if any(p is BLANK_RESULT for p in parsed):
        return BLANK_CELL
    try:
        return to_cell(_presented(one(*parsed), shown), nan_message)
    except (RateCalcError, CellError) as exc:
        return error_text(str(exc))


def _presented(result: Any, shown: Callable[[Any], Any] | None) -> Any:
    """One cell's result as ``shown`` presents it (an exception, a cell's problem, as it is)."""
    return result if shown is None or isinstance(result, Exception) else shown(result)


def cellwise(
    params: Sequence[Param],
    values: Sequence[Any],
    one: Callable[..., Any],
    many: Callable[..., Any] | None = None,
    nan_message: str = "no result for these inputs",
    shown: Callable[[Any], Any] | None = None,
) -> list[list[Any]]:
    """Apply a core function cell by cell over broadcast ranges.

    Parameters
    ----------
    params : sequence of Param
        How to read each argument.
    values : sequence
        The arguments as xlwings passed them: bare values or rows of cells, raw (COM's values)
        or cleaned by xlwings' default converter.
    one : callable
        The core computation for one cell's parsed arguments; a ``RateCalcError`` or
        ``CellError`` it raises becomes that cell's message.
    many : callable, optional
        The same computation vectorized: called once with one sequence per argument (the valid
        cells only; numpy float arrays when every cell is a number or blank) and returning one
        result per cell. When it raises a ``RateCalcError``, the cells are computed one by one
        to show which cell is at fault.
    nan_message : str
        The message for a NaN result.
    shown : callable, optional
        How a result is presented, applied alike to a single cell's result and to every cell
        of a range (vectorized or not): ``ratecalc.money.round_cents`` for money, rounded once,
        half-up to cents, so that ``=RATEGAP(A1:A9, 31.5)`` shows the same 4.67 as
        ``=RATEGAP(A1, 31.5)``, not 4.670000000000002.

    Returns
    -------
    list of list
        One row per row of the broadcast shape.
    """
    one_cell = _single_cells(values)
    if one_cell is not None:
        return [[_one_cell(params, one_cell, one, nan_message, shown)]]
    grids = [as_grid(v) for v in values]
    rows, cols = _broadcast_shape(grids, [p.name for p in params])
    kept = _rows_to_compute(grids, rows)
    if kept < rows:
        # a whole column (A:A) comes as 1,048,576 rows: the rows past the last value all hold
        # the same inputs, so the first of them is computed and its result stands for the rest
        # (a million cells parsed one by one took seconds)
        short = [g[:kept] if len(g) > 1 else g for g in grids]
        done = _computed(params, short, (kept, cols), one, many, nan_message, shown)
        with collector_paused():  # a million rows of text or numbers: no cycles to find
            return done + [list(done[-1]) for _ in range(rows - kept)]
    return _computed(params, grids, (rows, cols), one, many, nan_message, shown)


def _rows_to_compute(grids: Sequence[Sequence[Sequence[Any]]], rows: int) -> int:
    """How many of the broadcast rows to compute: down to the last row holding a cell other than
    an empty one (``None``, as COM and xlwings pass an empty cell) in an argument of several rows,
    and one empty row more, whose result every later row shares (its inputs are the same)."""
    if rows < 3:
        return rows
    last = -1
    for grid in grids:
        if len(grid) == 1 or len(grid) <= last + 1:
            continue  # one row (the same in every row), or none past the last value found
        width = len(grid[0])
        r = len(grid) - 1
        while r > last and grid[r].count(None) == width:  # C-level: a million rows in ~0.1 s
            r -= 1
        last = r
    return min(rows, last + 2)


def _computed(
    params: Sequence[Param],
    grids: list[list[list[Any]]],
    shape: tuple[int, int],
    one: Callable[..., Any],
    many: Callable[..., Any] | None,
    nan_message: str,
    shown: Callable[[Any], Any] | None,
) -> list[list[Any]]:
    """:func:`cellwise` on grids broadcast to ``shape``."""
    rows, cols = shape
    if many is not None and rows * cols > 1:
        fast = [_fast_floats(g, p) for g, p in zip(grids, params, strict=True)]
        if all(f is not None for f in fast):
            done = _vectorized(fast, (rows, cols), many, nan_message,  # type: ignore[arg-type]
                               shown)
            if done is not None:
                return done
    out: list[list[Any]] = [[BLANK_CELL] * cols for _ in range(rows)]
    parsed_grids = []
    for grid, param in zip(grids, params, strict=True):
        parsed: list[list[Any]] = []
        for row in grid:
            parsed_row = []
            for cell in row:
                try:
                    parsed_row.append(parse_value(cell, param))
                except CellError as exc:
                    parsed_row.append(exc)
            parsed.append(parsed_row)
        parsed_grids.append(parsed)

    todo: list[tuple[int, int]] = []
    args_of: list[list[Any]] = []
    for r in range(rows):
        for c in range(cols):
            cell_args = [g[r if len(g) > 1 else 0][c if len(g[0]) > 1 else 0] for g in parsed_grids]
            failure = next((a for a in cell_args if isinstance(a, CellError)), None)
            if failure is not None:
                out[r][c] = error_text(str(failure))
            elif any(a is BLANK_RESULT for a in cell_args):
                out[r][c] = BLANK_CELL
            else:
                todo.append((r, c))
                args_of.append(cell_args)

    results: Sequence[Any] | None = None
    if many is not None and len(todo) > 1:
        try:
            results = list(many(*[list(column) for column in zip(*args_of, strict=True)]))
        except (RateCalcError, CellError):
            results = None  # find the culprit cell by cell below
    for k, (r, c) in enumerate(todo):
        if results is not None:
            out[r][c] = to_cell(_presented(results[k], shown), nan_message)
            continue
        try:
            out[r][c] = to_cell(_presented(one(*args_of[k]), shown), nan_message)
        except (RateCalcError, CellError) as exc:
            out[r][c] = error_text(str(exc))
    return out


def guarded(udf_name: str, compute: Callable[[], Any]) -> Any:
    """Run a UDF body; whatever goes wrong becomes a cell message, never a traceback.

    A ``CallError``, ``CellError`` or ``RateCalcError`` is the user's to fix and shows as is;
    anything else is a bug, logged with its traceback and shown as an internal error. The
    message comes back as a 1x1 grid, like every result, so it suits xlwings' raw converter.

    Excel's Python outlives many calls: a Medicare release imported meanwhile by another
    process is taken up first (:func:`ratecalc.medicare.store.forget_if_imported`). The core's
    messages name the function's arguments and what to do in Excel, never a command's option
    (:func:`ratecalc.remedies.in_excel`).
    """
    try:
        forget_if_imported()
        with in_excel("formula"):
            return compute()
    except (CallError, CellError, RateCalcError) as exc:
        return [[error_text(str(exc))]]
    except Exception as exc:  # noqa: BLE001 - the cell must show something, not a traceback
        log.exception("RateCalc function %s failed", udf_name)
        return [[error_text(f"internal error in {udf_name} ({type(exc).__name__}: {exc})")]]
