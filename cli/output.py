"""Shared output helpers for command modules: JSON that scripts can read, tables people can."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


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
        return None if math.isnan(f) else f
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


def print_json(value: Any) -> None:
    """Print ``value`` as JSON: numpy scalars become numbers, NaN becomes null, dates ISO."""
    json.dump(_plain(value), sys.stdout, indent=2)
    sys.stdout.write("\n")


def print_table(frame: pd.DataFrame, *, money: Iterable[str] = (),
                signed_money: Iterable[str] = (), percent: Iterable[str] = (),
                whole: Iterable[str] = ()) -> None:
    """``frame`` as aligned text for people: the ``money`` columns as dollars rounded half-up
    to cents ($1,234.56; ``signed_money`` with a sign, for differences), ``percent`` columns
    (fractions) as percentages to two places, ``whole`` columns with thousands separators,
    headers in words; an empty frame as "(no rows)", not pandas' own description of an empty
    DataFrame with its column list. ``--json`` gives the numbers unrounded for scripts."""
    import pandas as pd

    from ratecalc.money import money_text, percent_text

    if frame.empty:
        print("(no rows)")
        return
    shown = frame.copy()
    formats: list[tuple[Iterable[str], Callable[[Any], str]]] = [
        (money, money_text), (signed_money, lambda v: money_text(v, signed=True)),
        (percent, lambda v: percent_text(v, 2)), (whole, lambda v: f"{v:,.0f}")]
    for columns, text in formats:
        for column in columns:
            shown[column] = [("" if v is None or pd.isna(v) else text(v))
                             for v in shown[column].tolist()]
    shown.columns = [str(c).replace("_", " ") for c in shown.columns]
    with pd.option_context("display.max_rows", 200, "display.width", 160):
        print(shown.to_string(index=False))


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV atomically (the old file or the new one, never half), its text
    cells neutralized so that no spreadsheet runs them as formulas."""
    from ratecalc.cell_text import write_csv as write

    write(frame, path)


def report_workbook_import(outcome: Any, workbook: Path) -> None:
    """Tell the user what ``--workbook`` added (stderr keeps stdout clean for --json)."""
    added = ", ".join(f"{n} {name.replace('_', ' ')} row(s)" for name, n in
                      outcome.appended.items())
    print(f"Added to {workbook.name}: {added or 'nothing'}. Press Refresh analysis (or run "
          f"`ratecalc refresh`) to update the analysis.", file=sys.stderr)
    for problem in outcome.problems:
        print(f"{problem.severity}: {problem.message}", file=sys.stderr)
