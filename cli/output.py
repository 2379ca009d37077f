"""Shared output helpers for command modules: JSON that scripts can read, tables people can."""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ratecalc.column_units import ColumnUnitError, Unit
from ratecalc.shown_text import one_line
from ratecalc.terminal_text import terminal_text

if TYPE_CHECKING:
    import pandas as pd

    from ratecalc.analysis import Analysis


def _plain(value: Any) -> Any:
    # numpy and pandas values can only come from a command that loaded them: they are looked for
    # only then, so a command that needs neither (``ratecalc medicare``) never imports them.
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    np = sys.modules.get("numpy")
    pd = sys.modules.get("pandas")
    if np is not None and isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, float) or (np is not None and isinstance(value, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None  # NaN and infinities are not JSON
    if np is not None and isinstance(value, (np.bool_,)):
        return bool(value)
    if value is None or (pd is not None and value is pd.NaT):
        return None  # NaT is a datetime too: it would print "NaT"
    if pd is not None and isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if pd is not None and isinstance(value, pd.DataFrame):
        return [_plain(r) for r in value.to_dict(orient="records")]
    if pd is not None:
        try:
            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
    return value


def one_line_values(value: Any) -> Any:
    """``value`` (a command's payload: dicts, lists, text) with each text on one line
    (:func:`ratecalc.shown_text.one_line`), for the lines a command prints from it: a payer
    named with a line break (Alt+Enter in its cell) broke ``analyze``'s "Negotiate first" list
    and the other lists and sentences that name it. What is not text (a table, a number, a date)
    is left as it is; ``--json`` prints the payload itself, the names as they are."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, dict):
        return {key: one_line_values(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [one_line_values(item) for item in value]
    return value


def medicare_warnings(analysis: Analysis) -> list[str]:
    """What a command built on ``analysis`` warns of the Medicare amounts it stands on, in the
    words ``analyze`` and ``demo`` print (:attr:`ratecalc.analysis.Analysis.medicare_warning`,
    an earlier year's amounts): for its ``warnings``, printed ``warning: ...`` on stderr."""
    warning = analysis.medicare_warning
    return [] if warning is None else [warning.message]


def print_json(value: Any) -> None:
    """Print ``value`` as JSON: numpy scalars become numbers, NaN and infinities null (no JSON
    reader takes ``NaN`` or ``Infinity``), dates ISO."""
    json.dump(_plain(value), sys.stdout, indent=2, allow_nan=False)
    sys.stdout.write("\n")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    pd = sys.modules.get("pandas")
    if pd is not None and (value is pd.NaT or value is pd.NA):
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, float):
        return math.isnan(value)
    return False


def _decimal(value: Any) -> Decimal:
    """``value`` as the Decimal it reads as: a float by its shortest repr (26.825, not
    26.82499...), so that half-up rounds it the way it reads, as ``round_cents`` does."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    return Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)


def _rounded(value: Any, places: int) -> Decimal:
    """Half-up to ``places`` as money rounds (:func:`ratecalc.money.half_up`: 72.92499999999998
    USD a day is 72.925, so 72.93 as money prints it)."""
    from ratecalc.money import half_up  # numpy: not for a command that prints no table

    exact = _decimal(value)
    return half_up(float(value) if isinstance(value, float) else exact, places)


def _money(value: Any, signed: bool) -> str:
    from ratecalc.money import money_text

    exact = _decimal(value)
    return money_text(exact if isinstance(value, Decimal) else float(exact), signed=signed)


def _percent(value: Any, places: int | None) -> str:
    """``value`` as a percentage to ``places`` decimals; None: as every output shows a
    percentage (:data:`ratecalc.money.PERCENT_PLACES`)."""
    from ratecalc.money import PERCENT_PLACES, percent_text

    return percent_text(float(_decimal(value)), PERCENT_PLACES if places is None else places)


def _stated_percent(value: Any) -> str:
    """A stated percentage with every decimal stated, hundredths at the least, as the
    workbook's ``pct_stated`` column beside it shows it: "2.00%", "2.755%"."""
    from ratecalc.money import STATED_PERCENT_PLACES, stated_percent_text

    return stated_percent_text(float(_decimal(value)), STATED_PERCENT_PLACES)


def _days(value: Any) -> str:
    from ratecalc.mean_days import mean_days_text

    return mean_days_text(float(_decimal(value)))


def _count(value: Any) -> str:
    if _decimal(value) % 1 != 0:
        raise ValueError(f"expected a whole number, got {value!r}")
    return f"{int(value):,}"


def _number(value: Any) -> str:
    from ratecalc.money import units_text  # numpy: not for a command that prints no table

    _decimal(value)  # a number, or the error every column gives
    return units_text(float(value))


def _date(value: Any) -> str:
    if isinstance(value, datetime):  # a pandas Timestamp too
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a date, got {value!r}")


def _text(value: Any) -> str:
    if isinstance(value, (float, Decimal)):
        # a code or an id read as a number (97110.0, a payer id) is the text it was typed as;
        # a fraction in a text column is a figure without its unit
        if _decimal(value) % 1 != 0:
            raise ValueError(f"a number with a fraction in a text column, got {value!r}")
        return str(int(value))
    return str(value)


NOT_KNOWN = "\u2014"  # an em dash, as money_text and the letter write a figure not known

#: How the command line writes each unit: the one place a figure for people is formatted.
#: Percentages have the places of the workbook's formats for the same figures.
UNIT_TEXT: dict[Unit, Callable[[Any], str]] = {
    Unit.TEXT: _text,
    Unit.DATE: _date,
    Unit.COUNT: _count,
    Unit.NUMBER: _number,
    Unit.DAYS: _days,
    Unit.MONEY: lambda v: _money(v, signed=False),
    Unit.MONEY_CHANGE: lambda v: _money(v, signed=True),
    Unit.PERCENT: lambda v: _percent(v, None),  # the workbook's 0.0%
    Unit.PERCENT_2: lambda v: _percent(v, 2),  # the workbook's 0.00%
    Unit.PERCENT_STATED: lambda v: _stated_percent(v),  # the workbook's pct_stated
    Unit.FACTOR: lambda v: f"{_rounded(v, 4):,.4f}",
    Unit.AMOUNT: lambda v: f"{_rounded(v, 2):,.2f}",
}


def cell_text(value: Any, unit: Unit) -> str:
    """One figure as a person reads it in ``unit``: the text a table shows, for a sentence that
    repeats a table's figure. A figure that is not known is an em dash, as in the letter (a
    blank text is blank).

    >>> cell_text(26.825, Unit.MONEY), cell_text(1.22675, Unit.PERCENT), cell_text(4, Unit.COUNT)
    ('$26.83', '122.7%', '4')
    >>> cell_text(float("nan"), Unit.MONEY), cell_text(None, Unit.TEXT)
    ('\u2014', '')
    """
    if _missing(value):
        return "" if unit is Unit.TEXT else NOT_KNOWN
    return UNIT_TEXT[unit](value)


def print_table(frame: pd.DataFrame, units: Mapping[str, Unit],
                headers: Mapping[str, str]) -> None:
    """``frame`` as aligned text for people, each column headed in words and written in its unit.

    Parameters
    ----------
    frame : pandas.DataFrame
        The figures, unrounded (money as float or exact Decimal dollars).
    units : mapping of str to Unit
        Each column's unit, from the mapping declared beside the table's columns. A column
        missing from it is refused, as is a value its unit cannot show (a fraction in a count
        or a text column): :class:`ColumnUnitError`.
    headers : mapping of str to str
        Each column's header in words a billing manager reads ("Non-facility", "% of Medicare
        revenue"), declared beside ``units``; the workbook's header where the workbook shows the
        same column. A column missing from it, or a header that still reads as a code name
        (with an underscore), is refused: :class:`ColumnUnitError`.

    Notes
    -----
    Money reads ``$1,234.56`` (half-up to cents, once, here; a ``MONEY_CHANGE`` with its sign),
    fractions as the workbook shows them, counts with thousands separators, a figure not known
    as an em dash; an empty frame as "(no rows)", not pandas' own description of an empty
    DataFrame. Columns are right-aligned and two spaces apart, so headers of several words stay
    apart. ``--json`` gives the numbers unrounded, under the column names, for scripts.
    """
    undeclared = [str(c) for c in frame.columns if c not in units]
    if undeclared:
        raise ColumnUnitError(f"table columns without a unit: {', '.join(undeclared)}; declare "
                              "each beside the table's columns (ratecalc.column_units.Unit)")
    unheaded = [str(c) for c in frame.columns if not str(headers.get(c, "")).strip()]
    if unheaded:
        raise ColumnUnitError(f"table columns without a header: {', '.join(unheaded)}; declare "
                              "each in words beside the table's units")
    coded = [f"{c} -> {headers[c]!r}" for c in frame.columns if "_" in headers[c]]
    if coded:
        raise ColumnUnitError(f"table headers that read as code names: {', '.join(coded)}; "
                              "write each in words")
    if frame.empty:
        print("(no rows)")
        return
    shown: list[list[str]] = []
    for column in frame.columns:
        unit = units[column]
        try:
            texts = [cell_text(v, unit) for v in frame[column].tolist()]
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ColumnUnitError(f"table column {column!r} ({unit.value}): {exc}") from exc
        shown.append([headers[column], *map(_one_line, texts)])
    widths = [max(map(_shown_width, texts)) for texts in shown]
    for line in zip(*shown, strict=True):
        print("  ".join(" " * (width - _shown_width(text)) + text
                        for text, width in zip(line, widths, strict=True)))


# Tabs and the other control characters in a value would push a row of the table out of line:
# each run of them shows as one space, as a line break does (one_line: a payer typed with
# Alt+Enter in Excel broke a row in two), the rule every line naming it follows.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _one_line(text: str) -> str:
    # the rest of what a terminal obeys (a bidi override) escaped here, before the widths are
    # measured: escaped later, as all printed text is, it pushed its row out of line
    return terminal_text(_CONTROL.sub(" ", one_line(text)))


def _shown_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: a wide character (CJK) two, a combining mark none."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV atomically (the old file or the new one, never half), its text
    cells neutralized so that no spreadsheet runs them as formulas."""
    from ratecalc.cell_text import write_csv as write

    write(frame, path)


def report_workbook_import(outcome: Any, workbook: Path) -> None:
    """Tell the user what ``--workbook`` added (stderr keeps stdout clean for --json)."""
    # what was there already said too: "0 benchmarks row(s)" alone read as nothing found
    already = outcome.already
    added = ", ".join(f"{n} {name.replace('_', ' ')} row(s)"
                      + (f" ({already[name]} already there)" if already.get(name) else "")
                      for name, n in outcome.appended.items())
    # nothing added changes nothing: asking for a refresh then read as if something had
    then = (" Press Refresh analysis (or run `ratecalc refresh`) to update the analysis."
            if any(outcome.appended.values()) else " The analysis is unchanged.")
    print(f"Added to {workbook.name}: {added or 'nothing'}.{then}", file=sys.stderr)
    for problem in outcome.problems:
        print(f"{problem.severity}: {problem.message}", file=sys.stderr)
