"""Bring a workbook an earlier RateCalc made up to date: ``upgrade_workbook(path)``.

A billing manager keeps one workbook for years. RateCalc reads one made before an optional
column or Settings row was added as if it were left blank
(:mod:`ratecalc_workbook.earlier_versions`); this adds what is missing, as a new workbook has it,
so she can fill it in: each missing column's header, its cells' format and its drop-down or
check, to the right of the table (and of any column she added beside it), grown into the Excel
table; each missing Settings row below the others, with its help; Excel's own check on a
column of RateCalc's that has none (:func:`add_missing_checks`). Nothing typed is changed: a
part whose place holds anything is not added, and said so. The workbook is backed up first and
saved atomically, as refresh saves it (:func:`ratecalc_workbook.safety.save_changes`); on a
workbook with nothing missing nothing is written.

Refresh does not add them: it writes its own sheets only, so that pressing Refresh never
changes a sheet the user types in; adding to one is this separate, named step.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.errors import InputError, Location, Problem
from ratecalc.schema import EXIT_ASSUMPTIONS, TABLES, Column, Table
from ratecalc.validation import is_blank
from ratecalc_workbook import layout
from ratecalc_workbook.builder import print_rows_typed
from ratecalc_workbook.cached_values import note_changed
from ratecalc_workbook.earlier_versions import NOTE_TABLE, MissingPart
from ratecalc_workbook.input_sheets import (
    METRIC_FIGURE_ERROR,
    Validations,
    display,
    fit_help,
    metric_figure_formula,
    value_format,
)
from ratecalc_workbook.page_layout import SHEET_LAST_ROW
from ratecalc_workbook.reader import (
    excel_table,
    find_region,
    is_master_workbook,
    open_workbook,
    read_inputs,
)
from ratecalc_workbook.references import what_refers_to_rows
from ratecalc_workbook.release import paused_and_released
from ratecalc_workbook.safety import changing, check_not_open, save_changes
from ratecalc_workbook.styles import (
    INPUT_HEADER_FILL,
    CellStyles,
    column_style,
    header_cell,
    show_unit_fractions,
)

#: Blank rows a field/value table keeps above the table below it on its sheet, as built.
GAP_ROWS = 2


@dataclass(frozen=True)
class UpgradeResult:
    """What :func:`upgrade_workbook` did.

    Attributes
    ----------
    path : Path
        The workbook.
    added : tuple of str
        Each part added, where: ``Payers & Contracts: column 'Renewal months' (Y)``.
    not_added : tuple of Problem
        Parts missing that could not be added (their place holds something, or rows that
        would have to move are referred to), as warnings naming what to do.
    backup : Path or None
        The copy of the workbook as it was; None when nothing was added (nothing written).
    problems : tuple of Problem
        What the workbook's file library could not keep (:mod:`ratecalc_workbook.compat`).
    """

    path: Path
    added: tuple[str, ...] = ()
    not_added: tuple[Problem, ...] = ()
    backup: Path | None = None
    problems: tuple[Problem, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {"workbook": str(self.path), "added": list(self.added),
                "not_added": [p.as_dict() for p in self.not_added],
                "backup": None if self.backup is None else str(self.backup),
                "problems": [p.as_dict() for p in self.problems]}


def upgrade_workbook(path: str | Path, *, now: datetime | None = None) -> UpgradeResult:
    """Add to the master workbook at ``path`` RateCalc's optional columns and Settings rows it
    lacks (a workbook an earlier RateCalc made).

    Parameters
    ----------
    path : str or Path
        The master workbook (.xlsx or .xlsm).
    now : datetime, optional
        Names the backup (default the current time).

    Returns
    -------
    UpgradeResult
        What was added; nothing written when nothing was missing.

    Raises
    ------
    InputError
        The file is not a master workbook, is open in Excel, or another RateCalc command
        holds it.

    Examples
    --------
    >>> upgrade_workbook("negotiation.xlsx").added  # doctest: +SKIP
    ("Payers & Contracts: column 'Renewal months' (Y)",)
    """
    book = Path(path)
    with changing(book), paused_and_released() as release:
        check_not_open(book)
        wb, notes = open_workbook(book)  # a file that is no workbook refused in its words
        if not is_master_workbook(book):
            raise InputError(f"'{book.name}' is not a RateCalc master workbook (it has no "
                             f"{layout.PAYERS_CONTRACTS} sheet nor any of RateCalc's input "
                             f"tables): there is nothing to upgrade")
        release(wb)
        read = read_inputs(wb, book.name, book, tuple(notes))
        added, not_added = add_missing(wb, list(read.missing), book.name)
        added += add_missing_checks(wb)
        # saved with what is added: printed, the rows typed under the tables since
        print_rows_typed(wb)
        kept = tuple(p for p in read.problems
                     if p.table == NOTE_TABLE and p.severity == "warning")  # library losses
        if not added:
            return UpgradeResult(book, (), tuple(not_added), None, kept)
        made = save_changes(wb, book, now or datetime.now())
    return UpgradeResult(book, tuple(added), tuple(not_added), made, kept)


def add_missing(wb: Workbook, parts: list[MissingPart], file: str
                ) -> tuple[list[str], list[Problem]]:
    """Add ``parts`` to ``wb`` in memory; return the words of each added and a warning for
    each whose place holds something."""
    added: list[str] = []
    refused: list[Problem] = []
    styles = CellStyles(wb)
    for table in layout.INPUT_TABLES:  # the layout's order: Settings before Exit assumptions
        mine = [p for p in parts if p.table == table]
        if not mine:
            continue
        spec = layout.INPUT_TABLES[table][0]
        ws = wb[spec.sheet]
        adder = _add_rows if table in layout.KEY_VALUE_FIELDS else _add_columns
        done, why = adder(wb, ws, spec, mine, styles)
        if done:
            note_changed(wb, spec.sheet)
        added += [f"{spec.sheet}: {'row' if p.is_row else 'column'} '{p.header}' ({where})"
                  for p, where in done]
        if why:
            for part in mine[len(done):]:
                what = "row" if part.is_row else "column"
                refused.append(Problem(
                    NOTE_TABLE, Location(file, spec.sheet),
                    f"'{part.header}' {what} not added: {why}; type its {what} in yourself, "
                    f"headed '{part.header}'", severity="warning"))
    return added, refused


def _schema_of(table: str) -> Table:
    schemas = layout.INPUT_TABLES[table][1]
    return EXIT_ASSUMPTIONS if table == "exit_assumptions" else TABLES[schemas[0]]


def _blank(ws: Worksheet, rows: range, cols: range) -> bool:
    cells = ws._cells
    return all(is_blank(cell.value) for (r, c), cell in cells.items()
               if r in rows and c in cols)


def _formatted(ws: Worksheet, col: int) -> bool:
    """True when column ``col`` has anything of the user's but values: a cell's format (a
    fill, a number format), a check or drop-down, or a conditional format reaching it.
    Taking it would write the header's and the column's own format and check over them."""
    if any(c == col and cell.has_style for (_, c), cell in ws._cells.items()):
        return True
    ranges = [r for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges]
    ranges += [r for cf in ws.conditional_formatting for r in cf.sqref.ranges]
    return any(r.min_col <= col <= r.max_col for r in ranges)


def _merged_into(ws: Worksheet, rows: range, cols: range) -> bool:
    return any(m.min_row <= rows[-1] and m.max_row >= rows[0] and m.min_col <= cols[-1]
               and m.max_col >= cols[0] for m in ws.merged_cells.ranges)


# --- columns of a row table ----------------------------------------------------------------------

def _add_columns(wb: Workbook, ws: Worksheet, spec: layout.TableSpec, parts: list[MissingPart],
                 styles: CellStyles) -> tuple[list[tuple[MissingPart, str]], str]:
    region = find_region(ws, spec, _schema_of(parts[0].table))
    if region is None:
        return [], "the table is not found"
    # found before its new headers are written, as the reader found it: renamed by the user
    # too (by its name alone, a renamed table was left short of the columns added beside it)
    table = excel_table(ws, spec, _schema_of(parts[0].table))
    ordered = sorted(parts, key=lambda p: spec.keys.index(p.column.name))
    # the rows the table's checks reach, as a new workbook's (input_sheets.write_row_table)
    last_checked = max(region.last_row, region.header_row + 1) + 1 + layout.VALIDATION_MARGIN
    done: list[tuple[MissingPart, str]] = []
    checks = Validations(ws)
    for part in ordered:
        col = region.last_col + 1 + len(done)
        if col > 16384:  # Excel's last column
            return done, "the sheet has no column left right of the table"
        rows, cols = range(1, max(ws.max_row, last_checked) + 1), range(col, col + 1)
        if not _blank(ws, rows, cols) or _merged_into(ws, rows, cols):
            letter = get_column_letter(col)
            return done, (f"column {letter}, right of the table, holds something (RateCalc "
                          f"writes nothing over it); empty column {letter}")
        if _formatted(ws, col):
            letter = get_column_letter(col)
            return done, (f"column {letter}, right of the table, has a format, drop-down or "
                          f"conditional format of yours (RateCalc writes nothing over it); "
                          f"clear column {letter} (Home > Clear > Clear All, and Data > Data "
                          f"Validation > Clear All)")
        column = spec.spec(part.column.name)
        letter = get_column_letter(col)
        header = ws.cell(row=region.header_row, column=col, value=column.header)
        header_cell(header, INPUT_HEADER_FILL, column.fmt)
        if column.note:
            header.comment = Comment(column.note, "RateCalc", width=220, height=60)
        style = column_style(styles, spec, column.key, input_sheet=True)
        for row in range(region.header_row + 1, max(region.last_row, region.header_row + 1) + 1):
            ws.cell(row=row, column=col)._style = copy(style)
        checks.add(part.column, f"{letter}{region.header_row + 1}:{letter}{last_checked}")
        if column.fmt == "units":
            show_unit_fractions(ws, col, region.header_row + 1, last_checked)
        dim = ws.column_dimensions[letter]
        if not dim.width:
            dim.width = column.width
        done.append((part, letter))
    if done:
        _grow_table(ws, table, region.header_row, region.last_col + len(done))
        _grow_print_area(ws, region.header_row, region.last_col, len(done))
    return done, ""


def _grow_print_area(ws: Worksheet, header_row: int, last_col: int, by: int) -> None:
    """The print area that ended at the table's last column (as the builder set it) takes in
    the ``by`` columns added right of it: printed as a new workbook's are."""
    if not ws.print_area:
        return
    areas = []
    for area in str(ws.print_area).split(","):
        left, top, right, bottom = range_boundaries(area.split("!")[-1].replace("$", ""))
        if right == last_col and top <= header_row <= bottom:
            right += by
        areas.append(f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}")
    ws.print_area = areas


def _grow_table(ws: Worksheet, table: ExcelTable | None, header_row: int, last_col: int
                ) -> None:
    """The Excel ``table`` reaches ``last_col``: each column it gains named by its header (a
    column the user added beside it too, when its header is a text no other column has:
    else the table stays as it was, and the reader still reads the headers right of it)."""
    if table is None:
        return
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    if last_col <= max_col:
        return
    names = [str(c.name) for c in table.tableColumns]
    gained = [ws.cell(row=header_row, column=c).value for c in range(max_col + 1, last_col + 1)]
    if (min_row != header_row or not all(isinstance(h, str) and h.strip() for h in gained)
            or len({h.casefold() for h in [*names, *gained]}) != len(names) + len(gained)):
        return
    ids = max((c.id for c in table.tableColumns), default=0)
    for i, name in enumerate(gained, start=1):
        table.tableColumns.append(TableColumn(id=ids + i, name=name))
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(last_col)}{max_row}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref


# --- Excel's own checks of the columns a table has ----------------------------------------------

#: The checks of each row table's columns, by canonical name, as a new workbook has them
#: (input_sheets: the Payers & Contracts' payer column, the drop-downs' source, has none).
def _checked_columns(table: str) -> dict[str, Column]:
    if table == "payers_contracts":
        return {c.name: c for t in ("payers", "contracts") for c in TABLES[t].columns
                if c.name != "payer"}
    return {c.name: c for c in _schema_of(table).columns}


def add_missing_checks(wb: Workbook) -> list[str]:
    """Excel's own check (a drop-down, a range) on each column of RateCalc's that has none at
    its first row: a workbook made before the check was (the Clinic metrics' figures were
    checked by their metric's range from 2026-12-05) gets it as a new workbook has it. A column
    with any check of the user's or of an earlier RateCalc's is left as it is."""
    added: list[str] = []
    for table, (spec, _) in layout.INPUT_TABLES.items():
        if table in layout.KEY_VALUE_FIELDS or spec.sheet not in wb.sheetnames:
            continue
        ws = wb[spec.sheet]
        region = find_region(ws, spec, _schema_of(table))
        if region is None:
            continue
        first = region.header_row + 1
        last = max(region.last_row, first) + 1 + layout.VALIDATION_MARGIN
        checks = Validations(ws)
        managed = spec.managed
        columns = _checked_columns(table)
        for col in range(region.first_col, region.last_col + 1):
            header = ws.cell(row=region.header_row, column=col).value
            column = managed.get(header) if isinstance(header, str) else None
            if column is None or column.key not in columns:
                continue
            letter = get_column_letter(col)
            if any(f"{letter}{first}" in dv.sqref for dv in ws.data_validations.dataValidation):
                continue
            ref = f"{letter}{first}:{letter}{last}"
            if table == "metrics" and column.key in ("value", "benchmark"):
                # by the metric picked on each row (the builder's rule), where the table is
                # where the builder put it: the check's formula names its cells
                if (col, region.first_col) != (spec.col(column.key), spec.first_col):
                    continue
                rule = checks.custom(
                    metric_figure_formula(f"{letter}{first}",
                                          f"${get_column_letter(spec.col('metric'))}{first}",
                                          f"${get_column_letter(spec.col('unit'))}{first}"),
                    title="Out of the metric's range", error=METRIC_FIGURE_ERROR)
                rule.add(ref)
            elif checks.for_column(columns[column.key]) is not None:
                checks.add(columns[column.key], ref)
            else:
                continue
            added.append(f"{spec.sheet}: Excel's check of '{column.header}' ({ref})")
        if added:
            note_changed(wb, spec.sheet)
    return added


# --- rows of a field/value table (Settings) ------------------------------------------------------

def _add_rows(wb: Workbook, ws: Worksheet, spec: layout.TableSpec, parts: list[MissingPart],
              styles: CellStyles) -> tuple[list[tuple[MissingPart, str]], str]:
    region = find_region(ws, spec, _schema_of(parts[0].table))
    if region is None:
        return [], "the table is not found"
    table = excel_table(ws, spec, _schema_of(parts[0].table))  # before its rows are added
    first = region.last_row + 1
    rows = range(first, first + len(parts))
    cols = range(region.first_col, region.last_col + 1)
    # the first row holding anything below the table, in its columns
    below = min((r for (r, c), cell in ws._cells.items()
                 if r >= first and c in cols and not is_blank(cell.value)), default=None)
    if below is not None and below < rows[-1] + GAP_ROWS + 1:
        why = _move_down(wb, ws, below, rows[-1] + GAP_ROWS + 1 - below)
        if why:
            return [], why
    if _merged_into(ws, rows, cols):
        return [], "the rows below the table are merged"
    checks = Validations(ws)
    value_col = spec.col("value")
    done: list[tuple[MissingPart, str]] = []
    for row, part in zip(rows, parts, strict=True):
        column = part.column
        cells = ((spec.col("field"), part.header, styles.get("general", bold=True)),
                 (value_col, display(column, None),
                  styles.get(value_format(column), locked=False, align_left=True)),
                 (spec.col("help"), layout.field_help(column),
                  styles.get("general", wrap=True, font=None)))
        for col, value, style in cells:
            cell = ws.cell(row=row, column=col, value=value)
            cell._style = copy(style)
        checks.add(column, f"{get_column_letter(value_col)}{row}")
        fit_help(ws, spec, row, layout.field_help(column))
        done.append((part, f"row {row}"))
    if table is not None:
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if max_row == region.last_row:
            table.ref = (f"{get_column_letter(min_col)}{min_row}:"
                         f"{get_column_letter(max_col)}{rows[-1]}")
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
    return done, ""


def _move_down(wb: Workbook, ws: Worksheet, top: int, by: int) -> str:
    """Move every row of ``ws`` from ``top`` down ``by`` rows (the Exit assumptions below the
    Settings, to make room for Settings rows), with their tables, checks, merges and heights;
    "" when done, else why not (nothing moved): anything in the workbook that names a cell
    there (a formula on any sheet, a check, a conditional format, a chart, a defined name, a
    link: :func:`ratecalc_workbook.references.what_refers_to_rows`) would then name the wrong
    cell. A print area grows with the rows."""
    cells = [cell for (r, _), cell in ws._cells.items() if r >= top]
    if any(isinstance(cell.value, str) and cell.value.startswith("=") for cell in cells):
        return "a formula below the table would move"
    if any(r.min_row >= top or r.max_row >= top
           for cf in ws.conditional_formatting for r in cf.sqref.ranges):
        return "the rows below the table have conditional formats"
    if ws.print_title_rows and int(str(ws.print_title_rows).split(":")[-1].lstrip("$")) >= top:
        return "the sheet's printed title rows are below the table"
    where = what_refers_to_rows(wb, ws, top)
    if where is not None:
        # moved, its cells would hold other values: Excel moves references, openpyxl does not
        return (f"{where} refers to the rows below the table, which would have to move "
                f"down to make room")
    for name in ws.defined_names.values():
        return f"the name {name.name} belongs to the sheet"
    for dv in ws.data_validations.dataValidation:
        if any(r.min_row < top <= r.max_row for r in dv.sqref.ranges):
            return "a drop-down list spans the table and the rows below it"
    if any(m.min_row < top <= m.max_row for m in ws.merged_cells.ranges):
        return "a merged cell spans the table and the rows below it"
    for table in ws.tables.values():
        _, min_row, _, max_row = range_boundaries(table.ref)
        if min_row < top <= max_row:
            return f"the table {table.displayName} spans the rows below"
    last_col = max(c for (_, c) in ws._cells) if ws._cells else 1
    ws.move_range(f"A{top}:{get_column_letter(last_col)}{ws.max_row}", rows=by)
    for table in ws.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if min_row >= top:
            table.ref = (f"{get_column_letter(min_col)}{min_row + by}:"
                         f"{get_column_letter(max_col)}{max_row + by}")
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
    for dv in ws.data_validations.dataValidation:
        for r in dv.sqref.ranges:
            if r.min_row >= top:
                r.shift(row_shift=by)
    for merged in ws.merged_cells.ranges:
        if merged.min_row >= top:
            merged.shift(row_shift=by)
    if ws.print_area:
        # the area the builder set (finish_sheet) reaches the sheet's last row: it grows with it
        areas = []
        for area in str(ws.print_area).split(","):
            min_col, min_row, max_col, max_row = range_boundaries(
                area.split("!")[-1].replace("$", ""))
            if max_row >= top:
                # an area to the sheet's last row (page_layout.print_to_last_row) stays there
                max_row = min(max_row + by, SHEET_LAST_ROW)
                min_row += by if min_row >= top else 0
            areas.append(f"{get_column_letter(min_col)}{min_row}:"
                         f"{get_column_letter(max_col)}{max_row}")
        ws.print_area = areas
    heights = {r: d.height for r, d in ws.row_dimensions.items() if r >= top and d.height}
    for r in heights:
        ws.row_dimensions[r].height = None
    for r, height in heights.items():
        ws.row_dimensions[r + by].height = height
    return ""
