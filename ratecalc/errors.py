"""One exception family for RateCalc, and validation problems as data.

Every message states the rule, the bad value and where it was found, so that a billing manager can
go straight to the cell: ``Fee schedule 'aetna.xlsx', sheet 'Rates', row 14, column 'Allowed':
expected a dollar amount, got 'N/A'``.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import PurePath

from ratecalc.frozen_record import frozen_record


class RateCalcError(Exception):
    """Base of every error RateCalc raises on purpose."""


class InputError(RateCalcError, ValueError):
    """User input (a file, a cell, an argument) breaks a rule."""


class UnreadableFileError(InputError):
    """A file cannot be read as what it should be: damaged, another format, text in no encoding
    RateCalc reads, larger than the limit, or refused by the system. Nothing in it could be
    checked, so every command exits 3 for it (bad input data), whether it was given on its own
    or is one table of a folder, listed there with the folder's other problems
    (:attr:`Problem.unreadable`)."""


class UnknownCodeError(InputError, KeyError):
    """A CPT/HCPCS code, locality or payer that the data does not know."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class NotOnFileError(InputError):
    """A file that was read lacks what the work needs: a row (no offer from the payer on the
    Negotiation Log or in an offer file), or a table of a folder (no negotiation_log.csv).
    Problems found in input that was read, as a cell or a column missing: the command exits 1,
    not 3 (input that cannot be used at all)."""


class UsageError(InputError):
    """Missing or conflicting command-line arguments (the command exits 2, as argparse does)."""


class NotPayableError(InputError):
    """A code exists but Medicare does not pay it (status indicator other than A/R/T...)."""


class DataError(RateCalcError):
    """Bundled or imported reference data is missing or inconsistent."""


class NoMedicareDataError(DataError):
    """No Medicare release covers a date: refused in words, never priced as a blank.

    ``problem``: the cell that asked for the date (a Settings date), when there is one; the
    message is then that problem's, naming file, sheet, row and column."""

    def __init__(self, message: str, problem: Problem | None = None):
        super().__init__(message)
        self.problem = problem


@frozen_record
class Location:
    """Where a value came from: file, sheet, row (1-based, as the user sees it) and column; for
    segment-based files (X12 835) the segment number instead of a row."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    segment: int | None = None
    #: How the user sees ``column`` (RateCalc's name for it, such as ``allowed_amount``): its
    #: header as written and its letter (``D``). Only for messages: two locations of one cell
    #: are equal either way.
    header: str | None = field(default=None, compare=False)
    letter: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(f"'{self.file}'")
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.segment is not None:
            parts.append(f"segment {self.segment}")
        if self.column:
            letter = f"{self.letter} " if self.letter else ""
            parts.append(f"column {letter}'{self.header or self.column}'")
        return ", ".join(parts)

    @property
    def shown_column(self) -> str | None:
        """The column as its header says (else RateCalc's name for it)."""
        return self.header or self.column

    def at_row(self, row: int) -> Location:
        """This location at ``row``: ``dataclasses.replace(self, row=row)``, made directly (a
        fee schedule's 50,000 rows each have one; ``replace`` cost three times as much). A
        field added to the class is added here too (a test compares the two)."""
        return Location(self.file, self.sheet, row, self.column, self.segment,
                        header=self.header, letter=self.letter)


def column_letter(number: int) -> str:
    """A spreadsheet's letters for its 1-based column ``number`` (1 -> A, 27 -> AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


#: Most characters of a value a message quotes: a 40,000-character cell is not repeated whole,
#: while a whole X12 segment (a BPR is about 110) still is.
MAX_QUOTED = 500


def shown_value(value: object) -> str:
    """A cell's value as the user sees it, for a message: text in quotes (``'N/A'``), a date as
    ``2026-01-01`` (with its time, ``2026-01-01 10:30``, when it has one), a time as ``10:30``,
    a number as written (``97110``, ``24.585``); never a Python repr such as
    ``datetime.datetime(2026, 1, 1, 0, 0)`` or ``np.float64(1.5)``."""
    import datetime as dt
    import numbers

    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dt.datetime):  # a pandas Timestamp too
        midnight = (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
        return value.strftime("%Y-%m-%d" if midnight else
                              "%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "TRUE" if value else "FALSE"  # as Excel shows it
    if isinstance(value, numbers.Integral):
        return _integer_text(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    return str(value)


#: Integers from here up are shown compactly when a float holds them exactly.
_LARGE_INTEGER = 10 ** 16


def _integer_text(number: int) -> str:
    """An integer as written (``97110``); one of 17 digits or more that a float holds exactly,
    as the float's shortest text (a cell of ``1e300``, read as an integer, is ``1e+300``, not
    its 301 digits); one no float holds, longer than :data:`MAX_QUOTED`, by its count of
    digits (``str()`` of one over 4,300 digits raises)."""
    if abs(number) < _LARGE_INTEGER:
        return str(number)
    try:
        if int(float(number)) == number:
            return repr(float(number))
    except OverflowError:  # past a float's range
        pass
    digits = number.bit_length() * 30103 // 100000 + 1  # log10(2) = 0.30103: about, +-1
    if digits <= MAX_QUOTED:
        return str(number)
    return f"{'a negative' if number < 0 else 'an'} integer of about {digits:,} digits"


def _quoted(value: object) -> str:
    text = shown_value(value)
    return text if len(text) <= MAX_QUOTED else f"{text[:MAX_QUOTED]}... ({len(text):,} characters)"


@frozen_record
class Problem:
    """One validation finding: where, which rule, and the offending value.

    Validation functions return ``list[Problem]`` instead of raising on the first one, so the
    ribbon and the CLI can show every problem at once.
    """

    table: str
    location: Location
    rule: str
    value: object = None
    severity: str = "error"  # "error" blocks the analysis, "warning" does not
    #: the problem is a file that could not be read at all (:class:`UnreadableFileError`), not
    #: a cell, row or table of one that was: it decides the exit code (3, not 1)
    unreadable: bool = field(default=False, compare=False)
    #: what to write instead, after the value, as the options and worksheet functions say it
    #: ("; for 97% write 0.97", :func:`ratecalc.limits.metric_percent_hint`)
    hint: str = ""
    #: the billing code a warning is about where its words say the code and no cell holds it
    #: (no benchmark row gives one): not shown as a value read; a letter gathers the warnings
    #: of the codes it cites by ``value`` or by this
    code: str | None = field(default=None, compare=False)

    @property
    def message(self) -> str:
        where = str(self.location)
        head = f"{self.table} {where}" if where else self.table
        shown = "" if self.value is None else f", got {_quoted(self.value)}"
        return f"{head}: {self.rule}{shown}{self.hint}"

    def as_dict(self) -> dict[str, object]:
        return {
            "table": self.table,
            "file": self.location.file,
            "sheet": self.location.sheet,
            "row": self.location.row,
            "segment": self.location.segment,
            "column": self.location.column,
            "header": self.location.header,
            "column_letter": self.location.letter,
            "rule": self.rule,
            # as the message shows it (2026-01-01, not 2026-01-01 00:00:00), text as written
            "value": (None if self.value is None else self.value
                      if isinstance(self.value, str) else shown_value(self.value)),
            "severity": self.severity,
            "message": self.message,
        }

    def __str__(self) -> str:
        return self.message


class ProblemError(InputError):
    """One problem that stops a table from being read, raised where it is found; a caller that
    lists problems (:func:`as_problem`) takes it as it is, not wrapped in a second location."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.message)


def as_problem(exc: InputError, table: str, location: Location) -> Problem:
    """``exc`` as one problem of ``table`` at ``location`` (a :class:`ProblemError` keeps its
    own). A message that starts with the location's file name (``'x.csv', line 2: ...``), or
    with its path (``'/clinic/payers.csv' is a named pipe ...``, in the words of
    :func:`ratecalc.regular_files.refusal`), does not name it twice."""
    if isinstance(exc, ProblemError):
        return exc.problem
    text = str(exc)
    named = re.match(r"'([^']*)'(: |, | (?=is |does not |cannot ))", text)
    if location.file and named and PurePath(named[1]).name == PurePath(location.file).name:
        text = text[named.end():]
    return Problem(table, location, text, unreadable=isinstance(exc, UnreadableFileError))


def listed_problems(problems: list[Problem], limit: int) -> tuple[list[Problem], str | None]:
    """The first ``limit`` of ``problems``, to list one by one, and a line counting the rest by
    severity (None when none is left): errors, then warnings, then any other severity (a
    workbook's "note") in the order first met, so that the counts add up to the number said.

    >>> listed_problems([Problem("T", Location(), "a"), Problem("T", Location(), "b"),
    ...                  Problem("T", Location(), "c", severity="warning")], 1)[1]
    '... and 2 more problems, not listed: 1 error, 1 warning'
    """
    rest = problems[limit:]
    if not rest:
        return list(problems), None
    counts = dict.fromkeys(("error", "warning"), 0)
    for problem in rest:
        counts[problem.severity] = counts.get(problem.severity, 0) + 1
    said = ", ".join(f"{n:,} {severity}{'s' if n != 1 else ''}"
                     for severity, n in counts.items() if n)
    more = "problem" if len(rest) == 1 else "problems"
    return list(problems[:limit]), f"... and {len(rest):,} more {more}, not listed: {said}"


class ValidationFailed(InputError):
    """Raised when a caller needs valid data and validation found errors."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        #: a file among them could not be read at all: the command exits 3, as for a workbook
        #: that cannot be read, not 1 (problems in tables that were read)
        self.unreadable = any(p.unreadable for p in errors)
        lines = [p.message for p in errors[:20]]
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) in the input:\n" + "\n".join(lines) + more)
