"""The Problems sheet for what a button finds outside a refresh: an import, a letter.

Refresh writes the sheet itself (:mod:`ratecalc_workbook.refresh`). An import or a letter finds
problems too; they go to the same sheet through the same writer
(:func:`ratecalc_workbook.result_sheets.write_problems`), so the user meets one layout (the
title, the count, the table with each problem's text and a link to its cell) whichever button
found them. The ribbon once wrote its own plain grid there, without the problems' text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from ratecalc.errors import Problem
from ratecalc_workbook.reader import open_workbook
from ratecalc_workbook.result_sheets import write_problems
from ratecalc_workbook.safety import changing, save_changes
from ratecalc_workbook.styles import CellStyles

__all__ = ["record_problems"]


def record_problems(path: str | Path, problems: Sequence[Problem], event: str, *,
                    if_errors: str = "", now: datetime | None = None) -> Path | None:
    """Rewrite the workbook's Problems sheet with ``problems``; return the backup's path.

    Parameters
    ----------
    path : str or Path
        The master workbook (closed in Excel: the ribbon saves and closes it first).
    problems : sequence of Problem
        What was found, errors and warnings.
    event : str
        What found them, as the sheet's count line starts: ``"Import of fees.csv"``.
    if_errors : str
        What the errors stopped, said after the count when there are any.
    now : datetime, optional
        The time stamped on the sheet and in the backup's name.
    """
    book = Path(path)
    moment = now or datetime.now()
    with changing(book):
        wb, _ = open_workbook(book)
        write_problems(wb, list(problems), _cell_in(wb, book.name), CellStyles(wb), moment,
                       event=event, if_errors=if_errors)
        return save_changes(wb, book, moment)


def _cell_in(wb: Workbook, name: str) -> Callable[[Problem], str | None]:
    """The cell of workbook ``name`` a problem names (``D14``), to link it; None for a cell of
    another file (an imported file's row is no row of the workbook)."""

    def cell(problem: Problem) -> str | None:
        where = problem.location
        if where.file not in (None, name) or where.sheet not in wb.sheetnames \
                or where.row is None or not where.letter:
            return None
        return f"{where.letter}{where.row}"

    return cell
