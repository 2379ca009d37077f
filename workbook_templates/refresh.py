"""Refresh the master workbook without Excel: read inputs, validate, analyze, rewrite results.

``refresh_workbook(path)`` is what ``ratecalc refresh`` and the ribbon's Refresh button run:

1. refuse if Excel or LibreOffice has the file open (an owner/lock file beside it);
2. read and validate every input table; on any error, write the Problems sheet only (as when
   the core refuses the workbook's data or settings, such as a Medicare date no release
   covers: :func:`_not_updated`, the one place that decides it);
3. otherwise run the core, rebuild the result sheets (carrying over what the user typed on
   them) and the Problems sheet (warnings);
4. copy the old file to the backups folder and replace it atomically.

Input sheets, the Negotiation Log and sheets the user added are never written (openpyxl loads and
saves them unchanged, within what it supports: it drops a few Excel extensions, which are
reported as warnings; the values formulas had are put back as it saves:
:mod:`ratecalc_workbook.cached_values`). Running refresh twice gives the same workbook.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from ratecalc import dates as clock
from ratecalc.analysis import check_settings_covered
from ratecalc.atomic import check_writable, note_written, unnoted
from ratecalc.dataset import ClinicData
from ratecalc.errors import (
    InputError,
    Location,
    NoMedicareDataError,
    Problem,
    RateCalcError,
    as_problem,
)
from ratecalc.frozen_record import frozen_record
from ratecalc.kept_copies import BACKUPS_KEPT
from ratecalc.report import summary
from ratecalc_workbook import layout
from ratecalc_workbook.builder import (
    check_replaceable,
    define_input_names,
    new_workbook,
    new_workbook_path,
    print_rows_typed,
    therapy_codes,
)
from ratecalc_workbook.preserve import (
    Preserved,
    capture,
    guessed_cells,
    landed_cells,
    lost_cells,
)
from ratecalc_workbook.reader import (
    InputRead,
    log_warnings,
    open_workbook,
    proposal_from_workbook,
    read_inputs,
    with_workbook_records,
)
from ratecalc_workbook.release import Release, keep, paused_and_released
from ratecalc_workbook.result_sheets import (
    Layouts,
    other_capitals_message,
    write_problems,
    write_results,
)
from ratecalc_workbook.results import compute_results
from ratecalc_workbook.safety import changing, check_not_open, save_changes
from ratecalc_workbook.styles import CellStyles


@frozen_record
class RefreshResult:
    """What a refresh did.

    Attributes
    ----------
    path : Path
        The workbook.
    ok : bool
        True when the result sheets were rebuilt; False when input errors stopped it (then only
        the Problems sheet changed).
    problems : tuple of Problem
        Errors and warnings, as on the Problems sheet.
    backup : Path or None
        The copy of the workbook made before it was changed.
    sheets : tuple of str
        Sheets rewritten.
    summary : dict
        Headline figures (``ratecalc.report.summary``), empty when not ok.
    refreshed_at : datetime
    """

    path: Path
    ok: bool
    problems: tuple[Problem, ...]
    backup: Path | None
    sheets: tuple[str, ...]
    summary: dict[str, Any] = field(default_factory=dict)
    refreshed_at: datetime | None = None
    #: The analysis refused the workbook's data or settings (a Medicare date no release
    #: covers): listed in ``problems`` too; ``ratecalc refresh`` exits 3 for it, as every
    #: command refuses such a date.
    refused: RateCalcError | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the ``--json`` output of ``ratecalc refresh``."""
        return {
            "workbook": str(self.path), "ok": self.ok,
            "refreshed_at": self.refreshed_at.isoformat() if self.refreshed_at else None,
            "backup": str(self.backup) if self.backup else None,
            "sheets": list(self.sheets),
            "errors": len(self.errors), "warnings": len(self.problems) - len(self.errors),
            "problems": [p.as_dict() for p in self.problems],
            "summary": self.summary,
        }


def release_table_names(wb: Workbook) -> list[Problem]:
    """Free the names of the tables refresh writes, held by tables on other sheets.

    A user who renames a result sheet (``Comparison`` to ``Comparison 2025``) keeps it as a sheet
    of their own; refresh then writes a new ``Comparison`` whose table needs the name the old
    one still holds, and Excel allows a name once per workbook. The old table is renamed (its
    cells are untouched) and a warning says so.
    """
    problems = []
    taken = {name for ws in wb.worksheets for name in ws.tables}
    rewritten = (*layout.RESULT_SHEETS, layout.PROBLEMS)
    specs = [v for v in vars(layout).values()
             if isinstance(v, layout.TableSpec) and v.sheet in rewritten]
    for spec in specs:
        for ws in wb.worksheets:
            # a sheet refresh rewrites goes with its tables (the Proposal's sums per payer,
            # on the Proposal before the Totals sheet held them)
            if ws.title in rewritten or spec.name not in ws.tables:
                continue
            n = 2
            while f"{spec.name}_{n}" in taken:
                n += 1
            table = ws.tables[spec.name]
            del ws.tables[spec.name]
            table.displayName = table.name = f"{spec.name}_{n}"
            ws.tables[table.name] = table
            taken.add(table.name)
            problems.append(Problem(
                "Workbook", Location(sheet=ws.title),
                f"its table {spec.name!r} has the name of the table refresh writes on sheet "
                f"'{spec.sheet}'; it was renamed {table.name!r} (its cells are unchanged)",
                severity="warning"))
    return problems


def formulas_naming_former_headers(wb: Workbook) -> list[Problem]:
    """A warning for each formula of the user's that names a result table's column by a header
    an earlier RateCalc wrote (``tblScenarioTotals[Fixed minus pct]``).

    Refresh writes the column under its header in words (:attr:`TableSpec.former_headers`),
    and Excel then shows an error where a formula still names the old one. The formula is the
    user's, so it is named with the change to make, never rewritten. Looked for only while the
    workbook still has a table with an old header (its first refresh by this version).
    """
    renamed: dict[tuple[str, str], tuple[str, str, str]] = {}
    for spec in layout.TABLES_BY_NAME.values():
        for old, key in spec.former_headers:
            renamed[(spec.name.casefold(), old.casefold())] = (
                spec.name, old, spec.spec(key).header)
    present = [renamed[(table.name.casefold(), column.name.casefold())]
               for ws in wb.worksheets for table in ws.tables.values()
               for column in table.tableColumns
               if (table.name.casefold(), str(column.name).casefold()) in renamed]
    if not present:
        return []
    rewritten = {*layout.RESULT_SHEETS, layout.PROBLEMS}
    problems = []
    for ws in wb.worksheets:
        if ws.title in rewritten:
            continue
        for (row, col), cell in sorted(ws._cells.items()):
            formula = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text",
                                                                             None)
            if not (isinstance(formula, str) and formula.startswith("=")):
                continue
            text = formula.casefold()
            for table, old, new in present:
                if table.casefold() in text and (f"[{old.casefold()}]" in text
                                                 or f"[@{old.casefold()}]" in text):
                    problems.append(Problem(
                        "Workbook", Location(sheet=ws.title, row=row,
                                             column=get_column_letter(col)),
                        f"this formula names the column '{old}' of table {table}, which is now "
                        f"headed '{new}': Excel shows an error here until '[{old}]' is changed "
                        f"to '[{new}]' in it (the formula was left as it is)", formula,
                        severity="warning"))
    return problems


#: Result sheets later versions added: a workbook made before may hold a sheet of the user's
#: by that name, which refresh must not replace.
ADDED_RESULT_SHEETS: tuple[str, ...] = (layout.TOTALS,)


def sheets_of_the_user(wb: Workbook, file: str | None = None) -> list[Problem]:
    """An error for each sheet named as a result sheet refresh writes, in any capitals, that
    refresh must not replace: refresh replaces a result sheet whole.

    The one rule for every result sheet: a sheet with its name in other capitals
    (:func:`ratecalc_workbook.layout.spelled_otherwise`: Excel takes them as one name, and
    refresh cannot write the result sheet beside it) is named and asked to be renamed; so is a
    sheet of the user's by the very name of one of the :data:`ADDED_RESULT_SHEETS`, which a
    workbook made before they existed may hold. RateCalc's is protected and titled with its name
    in A1 (the user cannot type there by accident). The Problems sheet, which an error is
    written on, is refused before this (:func:`problems_sheet_refused`)."""
    problems = []
    for name in layout.RESULT_SHEETS:
        other = layout.spelled_otherwise(wb.sheetnames, name)
        if other is not None:
            problems.append(Problem("Workbook", Location(file=file, sheet=other),
                                    other_capitals_message(other, name)))
            continue
        if name not in ADDED_RESULT_SHEETS or name not in wb.sheetnames:
            continue
        ws = wb[name]
        if ws.protection.sheet and ws.cell(row=layout.TITLE_ROW, column=1).value == name:
            continue
        problems.append(Problem(
            "Workbook", Location(file=file, sheet=name),
            f"this sheet is not one RateCalc wrote, and refresh writes the Proposal's sums per "
            f"payer and the codes by volume on a sheet named '{name}': rename yours (it was "
            f"left as it is), then refresh again"))
    return problems


def problems_sheet_refused(wb: Workbook, file: str) -> None:
    """Refuse, with nothing written, a workbook holding a sheet named Problems in other
    capitals: every refresh writes the Problems sheet, errors included, so no error can be
    shown there (:func:`sheets_of_the_user` names the result sheets' by the same rule).

    Raises
    ------
    ratecalc.errors.InputError
        Naming the file and the sheet.
    """
    other = layout.spelled_otherwise(wb.sheetnames, layout.PROBLEMS)
    if other is not None:
        raise InputError(f"Workbook '{file}', sheet '{other}': "
                         f"{other_capitals_message(other, layout.PROBLEMS)}; nothing was written")


def refresh_workbook(path: str | Path, *, now: datetime | None = None,
                     backups_kept: int = BACKUPS_KEPT) -> RefreshResult:
    """Refresh the result sheets of the workbook at ``path`` from its input sheets.

    Parameters
    ----------
    path : str or Path
        The master workbook (.xlsx).
    now : datetime, optional
        The refresh time (stamped on the Dashboard and in the backup's name); also the analysis
        date when the Settings leave it blank. Default: the current time, and as the analysis
        date the day of the one clock every default "today" reads
        (:func:`ratecalc.dates.today`).
    backups_kept : int, optional
        How many of RateCalc's backups of the workbook to keep, the one just made among them
        (:func:`ratecalc.kept_copies.prune_copies`); older ones are deleted once it is saved.

    Returns
    -------
    RefreshResult

    Raises
    ------
    ratecalc_workbook.safety.WorkbookInUse
        Excel or LibreOffice has the workbook open.
    ratecalc.errors.InputError
        The file is missing or is not a workbook.
    """
    book = Path(path)
    with changing(book):  # read, recompute and save: one RateCalc command at a time
        return _refresh_locked(book, now, backups_kept)


def _refresh_locked(book: Path, now: datetime | None, backups_kept: int) -> RefreshResult:
    check_not_open(book)
    check_writable(book, "workbook")
    # A workbook is hundreds of thousands of cells and styles that live until it is saved:
    # collections while loading, rebuilding and saving them found nothing to free and took a
    # fifth of a refresh of 40 payers x 300 codes.
    with paused_and_released() as release:
        return _refresh(book, now or datetime.now(), clock.day_of(now), release=release,
                        backups_kept=backups_kept)


def new_refreshed_workbook(path: str | Path, data: ClinicData, *, now: datetime | None = None,
                           overwrite: bool = False, read_problems: Sequence[Problem] = ()
                           ) -> RefreshResult:
    """Create the master workbook at ``path`` with ``data`` and refresh it at once.

    What ``ratecalc workbook new --demo/--from`` and ``ratecalc demo`` write. The file is new,
    so no backup of it is kept (a copy of the blank result sheets the same command has just
    written is nothing the user had; a file ``overwrite`` replaces is the caller's to back
    up first). Refreshing an existing workbook (:func:`refresh_workbook`) always keeps one.

    Parameters
    ----------
    path, data, overwrite
        As for :func:`ratecalc_workbook.builder.new_workbook`.
    now : datetime, optional
        As for :func:`refresh_workbook`.
    read_problems : sequence of Problem
        The warnings of reading ``data`` from the user's tables (``workbook new --from``: a
        CSV row merged into a cell above it...): listed first among the refresh's problems, on
        the Problems sheet as a refresh's own read warnings are (they went to the terminal
        alone, gone when it closed).

    Returns
    -------
    RefreshResult
        ``backup`` is None.

    Raises
    ------
    ratecalc.errors.RateCalcError
        As :func:`~ratecalc_workbook.builder.new_workbook` (``InputError``), or the refresh
        cannot run (``NoMedicareDataError``: a date no Medicare release covers). Then nothing is
        left at ``path``; a file ``overwrite`` would have replaced is left as it was.

    Notes
    -----
    The workbook is built and refreshed in a folder of its own beside ``path`` and moved there
    only when the refresh is done: a failed refresh left a workbook whose result sheets were
    never written, and the same command run again was refused because the file existed.
    """
    target = new_workbook_path(path)
    # refused as the tables given name it (their Settings cell), not as the draft built from
    # them would, a file that is never written
    check_settings_covered(data)
    with changing(target):
        check_replaceable(target, overwrite)
        if target.exists():  # os.replace below ignores a read-only file's permission bits
            check_writable(target, "workbook")
        # same name (problems name the file as the user will know it), same file system
        # (the move is one rename)
        draft_folder = Path(tempfile.mkdtemp(prefix=".~ratecalc-new-", dir=target.parent))
        try:
            with unnoted(), paused_and_released() as release:
                draft = new_workbook(draft_folder / target.name, data, release=release)
                result = _refresh(draft, now or datetime.now(), clock.day_of(now),
                                  keep_backup=False, release=release, earlier=read_problems)
            if result.refused is not None:  # a new workbook is written refreshed, or not at all
                raise result.refused
            os.replace(draft, target)
        finally:
            shutil.rmtree(draft_folder, ignore_errors=True)
    note_written(target)
    return replace(result, path=target)


def _lost_problems(wb: Workbook, preserved: Preserved, file: str) -> list[Problem]:
    """A warning for each value typed on a result sheet where refresh does not keep it, named
    in ``file``, the workbook, as every input error is."""
    return [Problem(sheet, Location(file=file, sheet=sheet, row=row,
                                    column=get_column_letter(col)),
                    "held a value outside the result tables; refresh rebuilds this sheet, "
                    "keeping what is typed in a table's Notes or 'Your rate' column or in a "
                    "column added right beside a table, so it is not on the new sheet: it is "
                    "in the backup made before this refresh", value, severity="warning")
            for sheet, row, col, value in lost_cells(wb, preserved)]


def _foreign_table_problems(preserved: Preserved, file: str) -> list[Problem]:
    """A warning for each Excel table on a result sheet that is not RateCalc's, at its first
    cell: refresh rebuilds the sheet without it (a renamed Priorities table whose row key was
    headed otherwise went, the notes typed in it, without a word)."""
    problems = []
    for sheet, name, ref in preserved.foreign:
        left, top, _, _ = range_boundaries(ref)
        problems.append(Problem(
            sheet, Location(file=file, sheet=sheet, row=top, column=get_column_letter(left)),
            f"table '{name}' ({ref}) is not one of RateCalc's tables (RateCalc finds its own by "
            f"name, else by the headers of their row key and of their Notes or 'Your rate' "
            f"column): refresh rebuilds this sheet without it, so what it held is not on the "
            f"new sheet: it is in the backup made before this refresh; keep a table of your "
            f"own on a sheet of your own", severity="warning"))
    return problems


def _total_row_problems(preserved: Preserved, file: str) -> list[Problem]:
    """A warning for each result table the user showed with Excel's Total Row (Table Design >
    Total Row), at its first cell: refresh writes the table anew, without it (it was dropped
    without a word). Every table whose rows refresh carries over (:data:`layout.CARRIED_TABLES`,
    as :func:`~ratecalc_workbook.preserve.capture` finds their Total Rows): the Scenarios' and
    Totals' tables with no column to type in lost theirs, and what was typed beside it, without
    a word."""
    problems = []
    for spec in layout.CARRIED_TABLES:
        kept = preserved.tables.get(spec.name)
        if kept is None or kept.total_row is None or kept.area is None:
            continue
        problems.append(Problem(
            spec.sheet, Location(file=file, sheet=spec.sheet, row=kept.total_row,
                                 column=get_column_letter(kept.area[0])),
            "the table's Total Row: refresh rebuilds the table without it (what it showed is "
            "in the backup made before this refresh); to see it again, turn it on after the "
            "refresh (click in the table, then Table Design > Total Row)", severity="warning"))
    return problems


def _orphan_problems(wb: Workbook, lay: Layouts, file: str) -> list[Problem]:
    """A warning for each row of a table with no Notes (:data:`layout.BESIDE_ONLY_TABLES`)
    kept at the table's end for what the user typed beside it, its key no longer in the
    results (a payer gone, a shorter horizon), at the row's first cell of the user's: the
    tables with Notes say so in their row, these have no column to say it in. The rows are
    those the layout wrote the keys gone on
    (:attr:`~ratecalc_workbook.result_sheets.Block.orphan_rows`), read as written."""
    problems = []
    blocks = lay.blocks()
    for spec in layout.BESIDE_ONLY_TABLES:
        block = blocks.get(spec.name)
        if block is None or not block.orphans or not block.user_headers:
            continue
        ws = wb[spec.sheet]
        left = block.first_col
        added = list(range(left + len(spec.columns), block.last_col + 1))
        for row in block.orphan_rows:
            typed = next((c for c in added if ws.cell(row=row, column=c).value is not None),
                         None)
            if typed is None:
                continue
            key = ", ".join(f"{spec.spec(k).header} " + str(ws.cell(
                row=row, column=left + spec.col(k) - spec.first_col).value) for k in spec.key)
            problems.append(Problem(
                spec.sheet, Location(file=file, sheet=spec.sheet, row=row,
                                     column=get_column_letter(typed)),
                f"'{spec.title}' has no row of {key} in the latest results, so what was typed "
                f"beside the table on that row is kept on a row of its own at the table's end "
                f"(row {row}, its figures blank) rather than dropped; clear the row when you no "
                f"longer need it", ws.cell(row=row, column=typed).value, severity="warning"))
    return problems


def _guessed_problems(wb: Workbook, preserved: Preserved, file: str) -> list[Problem]:
    """A warning for each value outside the result tables taken for one of RateCalc's own by
    its style and words alone (:func:`ratecalc_workbook.preserve.guessed_cells`), in a workbook
    refreshed before RateCalc kept its record of them: a copy the user pasted was dropped (or
    written over) without a word."""
    return [Problem(sheet, Location(file=file, sheet=sheet, row=row,
                                    column=get_column_letter(col)),
                    ("held a formula outside the result tables; this workbook was last "
                     "refreshed before RateCalc kept a record of its own formulas, so it was "
                     "taken for one of its sums" if str(value).startswith("=") else
                     "held a value outside the result tables with RateCalc's own style and "
                     "words; this workbook was last refreshed before RateCalc kept a record of "
                     "its own cells, so it was taken for one of them")
                    + " and is not on the new sheet: if you typed or pasted it, it is in the "
                    "backup made before this refresh (from now on RateCalc's record tells your "
                    "cells from its own)",
                    value, severity="warning")
            for sheet, row, col, value in guessed_cells(wb, preserved)]


def _landed_problems(wb: Workbook, preserved: Preserved, file: str) -> list[Problem]:
    """An error for each value typed outside the old result tables where a rewritten table
    now lands (:func:`ratecalc_workbook.preserve.landed_cells`): a new column or more rows.
    Named in ``file``, the workbook, as an input error is: it refuses the refresh."""
    return [Problem(sheet, Location(file=file, sheet=sheet, row=row,
                                    column=get_column_letter(col)),
                    "holds a value typed outside the result tables where this refresh's table "
                    f"now reaches (its column '{header}': the table gained a column or rows); "
                    "refresh would write the table over it, so no result sheet was rewritten "
                    "(this list alone is new): move the value into a table's Notes column or a "
                    "column with a header typed right beside the table (refresh keeps both), or "
                    "clear it, then refresh again", value)
            for sheet, row, col, value, header in landed_cells(wb, preserved)]


def _rates_carried(preserved: Preserved) -> bool:
    """Whether a value typed in the Proposal's "Your rate" column was captured, to be written
    back on the rewritten sheet."""
    header = layout.PROPOSAL_TABLE.spec("override_rate").header
    return any(header in row for row in preserved.kept(layout.PROPOSAL_TABLE).rows.values())


def _not_updated(book: Path, problems: list[Problem], read: InputRead, moment: datetime, *,
                 keep_backup: bool, release: Release,
                 refused: RateCalcError | None = None,
                 backups_kept: int = BACKUPS_KEPT) -> RefreshResult:
    """The one way a refresh stops on the workbook's own data or settings: only the Problems
    sheet rewritten (listing the errors, "NOT updated"), with a backup, saved atomically."""
    # The result sheets stay as they are: load them whole this time (the first load left
    # their computed cells out, expecting to rebuild them).
    wb, _ = open_workbook(book)
    release(wb)
    styles = CellStyles(wb)
    write_problems(wb, problems, read.cell_of, styles, moment)
    made = save_changes(wb, book, moment, keep_backup=keep_backup, backups_kept=backups_kept)
    return RefreshResult(book, False, tuple(problems), made, (layout.PROBLEMS,),
                         refreshed_at=moment, refused=refused)


def _settings_problem(exc: RateCalcError, file: str) -> Problem:
    """An error the analysis raised on the workbook's data as a problem of the Settings sheet;
    a Medicare date no release covers at the cell that gives it (the Medicare date, else the
    analysis date it defaults to), named as a value typed there is: its column's header and
    letter, and the field's label before the message."""
    location = Location(file=file, sheet=layout.SETTINGS_SHEET)
    text = str(exc)
    if isinstance(exc, NoMedicareDataError):
        # at its cell, as every command names it (ratecalc.analysis.check_settings_covered)
        return exc.problem or Problem(layout.SETTINGS_SHEET, location, text)
    return as_problem(exc, layout.SETTINGS_SHEET, location) if isinstance(exc, InputError) \
        else Problem(layout.SETTINGS_SHEET, location, text)


def _refresh(book: Path, moment: datetime, blank_day: date, *, keep_backup: bool = True,
             release: Release = keep, backups_kept: int = BACKUPS_KEPT,
             earlier: Sequence[Problem] = ()) -> RefreshResult:
    wb, notes = open_workbook(book, for_refresh=True)
    release(wb)
    problems_sheet_refused(wb, book.name)
    read = read_inputs(wb, book.name, book, tuple(notes))
    styles = CellStyles(wb)
    problems = [*earlier, *read.problems, *sheets_of_the_user(wb, book.name)]
    stopped = read.data is None or any(p.severity == "error" for p in problems)
    # a refresh that stops saves no table renamed: said only when it is (a renamed Proposal's
    # table named 'tblProposal_2' beside the error asking to rename the sheet back)
    problems += ([] if stopped else release_table_names(wb)) + formulas_naming_former_headers(wb)
    if stopped or any(p.severity == "error" for p in problems):
        return _not_updated(book, problems, read, moment, keep_backup=keep_backup,
                            release=release, backups_kept=backups_kept)

    proposal, typed = proposal_from_workbook(wb, book.name, book)  # read once, before rewriting
    refused = [p for p in typed if p.severity == "error"]  # a date in "Your rate": asked by none
    if refused:
        return _not_updated(book, problems + refused, read, moment, keep_backup=keep_backup,
                            release=release, backups_kept=backups_kept)
    data = with_workbook_records(read.data, wb, book.name, book, proposal=proposal)
    try:
        # before a blank analysis date is taken as today: the refusal then names the Medicare
        # date's cell, the one to fill, as every command does
        check_settings_covered(data, blank_day)
    except NoMedicareDataError as exc:
        problems.append(_settings_problem(exc, book.name))
        return _not_updated(book, problems, read, moment, keep_backup=keep_backup,
                            release=release, refused=exc, backups_kept=backups_kept)
    if data.settings.analysis_date is None:
        data = replace(data, settings=replace(data.settings, analysis_date=blank_day))
    problems += log_warnings(wb, book.name, book, data.settings.as_of)
    try:
        results = compute_results(data, now=moment)
    except (InputError, NoMedicareDataError) as exc:
        # the workbook's own data or settings refused by the analysis (a Medicare date no
        # release covers): said as an input error is, on the Problems sheet
        problems.append(_settings_problem(exc, book.name))
        return _not_updated(book, problems, read, moment, keep_backup=keep_backup,
                            release=release, refused=exc, backups_kept=backups_kept)
    preserved = capture(wb)
    problems += list(results.warnings)
    sheets, lay = write_results(wb, results, preserved, styles, list(therapy_codes()))
    landed = _landed_problems(wb, preserved, book.name)
    if landed:
        # a table written over what the user typed beside or below it: the rewritten sheets
        # are dropped and the book kept as it was, the cells named, until the user moves them
        return _not_updated(book, problems + landed, read, moment, keep_backup=keep_backup,
                            release=release, backups_kept=backups_kept)
    problems += _lost_problems(wb, preserved, book.name)
    problems += _guessed_problems(wb, preserved, book.name)
    problems += _total_row_problems(preserved, book.name)
    problems += _orphan_problems(wb, lay, book.name)
    problems += _foreign_table_problems(preserved, book.name)
    if _rates_carried(preserved):
        # what is typed in "Your rate" is named where the rewritten sheet holds it (its row
        # moves with its payer and code): read again only when something typed was carried
        # over, as nothing else is written in that column
        _, override_problems = proposal_from_workbook(wb, book.name, book)
        problems += override_problems
    write_problems(wb, problems, read.cell_of, styles, moment)
    define_input_names(wb, read.field_rows,
                       read.columns.get((layout.PAYERS_CONTRACTS, "payer")))
    print_rows_typed(wb)  # an earlier RateCalc's print areas left the rows typed since out
    made = save_changes(wb, book, moment, keep_backup=keep_backup, backups_kept=backups_kept)
    return RefreshResult(book, True, tuple(problems), made, (*sheets, layout.PROBLEMS),
                         # the empty tables' reasons as the sheets say them
                         {**summary(results.analysis), "empty": dict(results.empty)},
                         refreshed_at=moment)
