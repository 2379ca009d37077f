"""Append rows to the workbook's input tables: fee-schedule imports, 835 and TiC importers.

:func:`append_rows` is the one way anything outside the user's hands adds rows to an input
table. It never changes a row already there: a row whose key (e.g. payer, code, modifier and
effective date) is already in the table is skipped, and if its values differ that is reported as
a conflict, the workbook's row winning. The workbook is backed up and saved atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError, Location, Problem
from ratecalc.fee_schedule_import import FeeScheduleFile, against_workbook, read_fee_schedule
from ratecalc.limits import EXCEL_MAX_ROWS
from ratecalc.loaders import map_headers, raw_from_grid
from ratecalc.payers import known_payer
from ratecalc.records import as_records
from ratecalc.remedies import remedy
from ratecalc.schema import TABLES, Table, choice_label
from ratecalc.validation import coerce_table, is_blank
from ratecalc.xlsx_parts import TOTAL_ROW_WORDS
from ratecalc_workbook import layout
from ratecalc_workbook.cached_values import note_changed
from ratecalc_workbook.cells import put
from ratecalc_workbook.input_sheets import display, metric_format
from ratecalc_workbook.page_layout import (
    MAX_WIDTH,
    NAME_WIDTH,
    extend_print_area,
    fit_written_texts,
)
from ratecalc_workbook.reader import (
    excel_table,
    find_region,
    in_1904,
    open_workbook,
    region_grid,
    total_row_place,
    unkept_warnings,
)
from ratecalc_workbook.release import paused_and_released
from ratecalc_workbook.safety import changing, check_not_open, save_changes
from ratecalc_workbook.styles import CellStyles


@dataclass(frozen=True)
class AppendResult:
    """What :func:`append_table_rows` did.

    Attributes
    ----------
    appended : int
        Rows added.
    duplicates : int
        Rows already in the table with the same values (skipped).
    conflicts : tuple of Problem
        Rows whose key is in the table with other values (skipped; the workbook's row wins).
    backup : Path or None
        The copy made before the change (None when nothing was appended).
    first_row, last_row : int or None
        Sheet rows of the appended rows.
    """

    appended: int
    duplicates: int
    conflicts: tuple[Problem, ...]
    backup: Path | None
    first_row: int | None = None
    last_row: int | None = None
    #: What the save dropped that openpyxl cannot keep (a query table, sparklines...), as
    #: warnings; on the first result of an import that saved, once (a caller that passes
    #: over some results, such as the new payers', gathers it from all).
    dropped: tuple[Problem, ...] = ()



def payer_column(data: ClinicData | None, book: Path) -> Location | None:
    """The workbook's payer column, where its payers are listed, as the user sees it: sheet,
    header and letter as read (``column A 'Payer'``), in a workbook named by its path as the
    import's messages name it; None when the workbook's inputs could not be read."""
    place = None if data is None else data.column_place("contracts", "payer")
    return None if place is None else replace(place, file=str(book))

def _norm(value: Any) -> Any:
    """A cell or frame value in the form rows are compared in."""
    if is_blank(value):
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, str):
        return value.strip().upper()
    return value


def _shown(value: Any) -> str:
    """A conflicting value as a warning gives it: a date as ISO, a number without float noise.

    >>> _shown(0.962), _shown(1234567.5), _shown(None), _shown(date(2026, 1, 5))
    ('0.962', '1234567.5', 'blank', '2026-01-05')
    """
    if is_blank(value):
        return "blank"
    if isinstance(value, pd.Timestamp | datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def _typed_existing(ws: Worksheet, table: Table, spec: layout.TableSpec
                    ) -> tuple[pd.DataFrame, dict[str, int], int, int]:
    """The rows in the table now (typed), canonical column -> sheet column, the last row that
    holds anything, and the header row."""
    region = find_region(ws, spec, table)
    if region is None:
        raise InputError(f"sheet '{ws.title}': no {table.title} table (no header row with "
                         f"{', '.join(c.name for c in table.columns if c.required)})")
    grid = region_grid(ws, region)
    raw = raw_from_grid(grid, table, None, ws.title, in_1904(ws))
    headers = grid.iloc[0].tolist()
    mapping, _ = map_headers(headers, table)
    columns = {name: region.first_col + headers.index(src) for src, name in mapping.items()}
    typed, _ = coerce_table(raw.frame, table, raw.source)
    last = region.header_row
    for r in range(region.last_row, region.header_row, -1):
        if any(not is_blank(ws.cell(row=r, column=c).value) for c in columns.values()):
            last = r
            break
    typed.index = [region.header_row + 1 + int(i) for i in typed.index]
    return typed, columns, last, region.header_row


def _rows_in(book: Path, table_name: str) -> pd.DataFrame:
    """The rows of an input table of the workbook now, typed, indexed by their sheet rows
    (none when the sheet is missing: the append says so)."""
    spec = layout.TABLE_FOR_SCHEMA[table_name]
    with paused_and_released() as release:
        wb, _ = open_workbook(book, cells_of=[spec.sheet])
        release(wb)
        if spec.sheet not in wb.sheetnames:
            return pd.DataFrame(columns=TABLES[table_name].column_names)
        return _typed_existing(wb[spec.sheet], TABLES[table_name], spec)[0]


def _extend_table(ws: Worksheet, spec: layout.TableSpec, schema: Table, last_row: int) -> None:
    # the table the rows were read from, renamed or not: by its name alone, a table the user
    # renamed (Table Design > Table Name) was left short of the rows written below it
    table = excel_table(ws, spec, schema)
    if table is None:
        return
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    if last_row > max_row:
        table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last_row}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
        extend_print_area(ws, min_row, max_row, last_row, (min_col, max_col))


def _extend_validations(ws: Worksheet, first_row: int, last_row: int) -> None:
    """Data validations that start at the table's first row reach past the new rows."""
    reach = last_row + layout.VALIDATION_MARGIN
    for rule in ws.data_validations.dataValidation:
        ranges = []
        for cells in rule.sqref.ranges:
            if cells.min_row == first_row and cells.max_row < reach:
                cells.expand(down=reach - cells.max_row)
            ranges.append(cells.coord)
        rule.sqref = " ".join(ranges)


def append_table_rows(workbook_path: str | Path, table_name: str, frame: pd.DataFrame, *,
                      now: datetime | None = None) -> AppendResult:
    """Append canonical rows to an input table of the workbook, skipping rows already there.

    Parameters
    ----------
    workbook_path : str or Path
        The master workbook.
    table_name : str
        A row table of :mod:`ratecalc.schema`: ``fee_schedules``, ``volumes``, ``benchmarks``,
        ``payers``, ``contracts`` or ``metrics``.
    frame : pandas.DataFrame
        Rows with canonical column names (at least the key and required columns).
    now : datetime, optional
        Names the backup (default the current time).

    Returns
    -------
    AppendResult

    Raises
    ------
    InputError
        Unknown table, a key/value table, missing columns, or the workbook is open elsewhere.
    """
    return append_tables(workbook_path, [(table_name, frame)], now=now)[0]


def _checked_table(table_name: str, frame: pd.DataFrame) -> Table:
    """The schema table ``table_name`` rows are appended to; refused when it is no row table
    or ``frame`` lacks a column it needs."""
    if table_name not in TABLES or TABLES[table_name].key_value:
        choices = ", ".join(n for n, t in TABLES.items() if not t.key_value)
        raise InputError(f"append_rows: table must be one of {choices}, got {table_name!r}")
    table = TABLES[table_name]
    missing = [c for c in (*table.key, *(c.name for c in table.columns if c.required))
               if c not in frame.columns]
    if missing:
        raise InputError(f"append_rows: the rows for {table.title} lack the column(s) "
                         f"{', '.join(dict.fromkeys(missing))}")
    return table


def append_tables(workbook_path: str | Path, tables: Sequence[tuple[str, pd.DataFrame]], *,
                  now: datetime | None = None) -> list[AppendResult]:
    """Append each ``(table name, rows)`` in order, as :func:`append_table_rows` appends one,
    and save the workbook once: one import is one change, with one backup, saved whole or
    not at all.

    An import that added a payer and then its rates in two saves left, when the second failed
    (a full disk), the payer listed with none of its rates, and made a backup per table.

    Returns
    -------
    list of AppendResult
        One per table, in order; each that appended rows names the one backup.
    """
    book = Path(workbook_path)
    checked = [(name, _checked_table(name, frame), frame) for name, frame in tables]
    # read, change and save: one RateCalc command at a time; the workbook's cells freed after
    # as a refresh frees them (ratecalc_workbook.release)
    with changing(book), paused_and_released() as release:
        check_not_open(book)
        wb, unkept = open_workbook(book)
        release(wb)
        results = [_append(wb, book, table, name, frame) for name, table, frame in checked]
        if not any(r.appended for r in results):
            return results
        made = save_changes(wb, book, now or datetime.now())
    # said as a refresh says it: the save dropped them without a word (the backup keeps them)
    dropped = tuple(unkept_warnings(unkept, book.name))
    saved = [replace(r, backup=made) if r.appended else r for r in results]
    first = next(i for i, r in enumerate(saved) if r.appended)
    saved[first] = replace(saved[first], dropped=dropped)
    return saved


def _append(wb: Workbook, book: Path, table: Table, table_name: str, frame: pd.DataFrame
            ) -> AppendResult:
    """Append ``frame``'s new rows to ``table``'s sheet of ``wb`` (the workbook ``book`` as
    loaded), unsaved."""
    spec = layout.TABLE_FOR_SCHEMA[table_name]
    if spec.sheet not in wb.sheetnames:
        raise InputError(f"'{book.name}': no sheet '{spec.sheet}' to add {table.title} rows to")
    ws = wb[spec.sheet]
    if (total := total_row_place(ws, spec, book.name)) is not None:
        # rows appended after the last row of data wrote over it (or below it, inside the
        # table); named at its first cell, as every reader names it (the row alone named no
        # column)
        raise InputError(f"{total}: {TOTAL_ROW_WORDS}; nothing was imported")
    note_changed(wb, spec.sheet)  # its formulas' values were computed without the new rows
    existing, columns, last, header_row = _typed_existing(ws, table, spec)
    key = list(table.key)
    compare = [c for c in table.column_names if c in frame.columns]
    # the key's values are among those compared (the frame has every key column): each value
    # normalized once, not once for the key and again for the comparison
    at = [compare.index(c) for c in key]
    seen: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    # each kept row's values as typed, for a conflict's warning to give both figures
    typed_at: dict[int, dict[str, Any]] = {}
    for row, record in zip(existing.index, as_records(existing), strict=True):
        k = tuple(_norm(record.get(c)) for c in key)
        if k not in seen:
            seen[k] = (row, tuple(_norm(record.get(c)) for c in compare))
            typed_at[row] = record

    new_rows: list[dict[str, Any]] = []
    duplicates = 0
    conflicts: list[Problem] = []
    for record in as_records(frame):
        values = tuple(_norm(record.get(c)) for c in compare)
        k = tuple(values[j] for j in at)
        if k in seen:
            row, kept = seen[k]
            if kept == values:
                duplicates += 1
            else:
                # as the sheet shows them: "Metric: Clean claim rate", not metric=clean_claim_rate
                shown = "; ".join(f"{spec.spec(c).header}: {choice_label(str(record.get(c)))}"
                                  for c in key if not is_blank(record.get(c)))
                # both figures of each column that differs: "other values" alone left the
                # user to find the file's
                kept_row = typed_at.get(row, {})
                differ = "; ".join(
                    f"{spec.spec(c).header}: the workbook's {_shown(kept_row.get(c))}, the "
                    f"import's {_shown(record.get(c))}"
                    for c, old, new in zip(compare, kept, values, strict=True)
                    if old != new)
                conflicts.append(Problem(table.title, Location(book.name, spec.sheet, row),
                                         f"already in the workbook with other values ({differ});"
                                         f" the workbook's row is kept ({shown})",
                                         severity="warning"))
            continue
        seen[k] = (-1, values)
        new_rows.append(record)
    if not new_rows:
        return AppendResult(0, duplicates, tuple(conflicts), None)

    styles = CellStyles(wb)
    schema_columns = {c.name: c for c in table.columns}
    # each column's format looked up once, not for each of its cells (300,000 lookups of a
    # 50,000-row fee schedule)
    keys = set(spec.keys)
    formats = {name: spec.spec(name).fmt if name in keys else "general" for name in columns}
    # One style array a column (a format), shared by its new cells: a copy each cost 0.1 kB
    # and a copy call for each of 300,000 cells. Safe as no cell's style is changed in place
    # from here to the save (openpyxl's setters write into the array), and the workbook is
    # let go after it; the arrays are copies, so the prototypes of CellStyles stay apart.
    shared: dict[str, Any] = {}

    def style_of(fmt: str) -> Any:
        style = shared.get(fmt)
        if style is None:
            style = shared[fmt] = copy(styles.get(fmt, locked=False))
        return style

    metric_values = table_name == "metrics"
    cells = ws._cells  # the sheet's cells by (row, column): ws.cell() checked each and called
    first_new = last + 1
    if first_new + len(new_rows) - 1 > EXCEL_MAX_ROWS:  # as ws.cell() refused the first past it
        raise ValueError(f"Row numbers must be between 1 and {EXCEL_MAX_ROWS}. Row number "
                         f"supplied was {max(first_new, EXCEL_MAX_ROWS + 1)}")
    newest = 0
    # the payer's name on each of 50,000 rows was 50,000 strings, each code a thousand times
    texts: dict[str, str] = {}
    written: dict[str, list[Cell]] = {name: [] for name in columns}  # the text cells
    for i, record in enumerate(new_rows):
        r = first_new + i
        for name, col in columns.items():
            if name not in record:
                continue
            cell = cells.get((r, col))
            if cell is None:  # as ws.cell() makes it; one there (formatted blank) is reused
                cell = cells[(r, col)] = Cell(ws, row=r, column=col)
                newest = r
            # the value before the style, as ever: openpyxl gives a date cell without a date
            # format one of its own as the value is set (the workbook's list of formats)
            value = display(schema_columns[name], record.get(name))
            if type(value) is str:  # one object for each distinct text, as the cells keep it
                value = texts.setdefault(value, value)
                written[name].append(cell)
            put(cell, value)
            if metric_values and name in ("value", "benchmark"):
                # as the sheet shows the metrics it was made with: a clean-claim rate of 1
                # showed "1", and 29.545454 days in A/R every digit
                cell._style = style_of(metric_format(str(record.get("metric")),
                                                     record.get("unit")))
            else:
                cell._style = style_of(formats[name])
    if newest:
        ws._current_row = max(ws._current_row, newest)
    for name, held in written.items():
        # as a workbook built with these rows is fitted to them: typed in Excel, a name is
        # the user's to fit; written here, the sheet's fitting was done without it
        fit_written_texts(ws, columns[name], held,
                          NAME_WIDTH if name == "payer" else MAX_WIDTH)
    appended = len(new_rows)
    # the rows are the sheet's cells now: their records and keys (tens of MB for 50,000 rows)
    # are let go before the save, where the memory peaks
    del new_rows, seen, existing
    last_new = first_new + appended - 1
    _extend_table(ws, spec, table, last_new)
    _extend_validations(ws, header_row + 1, last_new)
    return AppendResult(appended, duplicates, tuple(conflicts), None, first_new, last_new)


def append_rows(workbook_path: str | Path, table_name: str, frame: pd.DataFrame) -> int:
    """Append canonical rows to an input table; return how many were added.

    Rows already in the table (same key) are skipped, never overwritten; see
    :func:`append_table_rows` for the conflicts. The 835 and TiC importers call this for
    ``--workbook``.

    Examples
    --------
    >>> append_rows("negotiation.xlsx", "volumes", volumes_frame)  # doctest: +SKIP
    12
    """
    return append_table_rows(workbook_path, table_name, frame).appended


@dataclass(frozen=True)
class FeeScheduleImport:
    """A fee-schedule file read and, unless it had errors, appended to the workbook."""

    read: FeeScheduleFile
    appended: AppendResult | None
    payer: str

    @property
    def problems(self) -> tuple[Problem, ...]:
        conflicts = self.appended.conflicts + self.appended.dropped if self.appended else ()
        return tuple(self.read.problems) + tuple(conflicts)

    @property
    def ok(self) -> bool:
        return self.appended is not None


def import_fee_schedule(workbook_path: str | Path, source: str | Path,
                        payer: str | None = None, *, effective_date: date | None = None,
                        sheet: str | int | None = None, skip_bad_rows: bool = False,
                        now: datetime | None = None, new_payer: bool = False
                        ) -> FeeScheduleImport:
    """Read a payer's fee-schedule file and append its rows to the workbook's Fee Schedules.

    A row whose payer, code, modifier and effective date the workbook has at another amount is
    a bad row of the file (:func:`ratecalc.fee_schedule_import.against_workbook`): the
    workbook's row is never changed.

    Parameters
    ----------
    workbook_path : str or Path
        The master workbook.
    source : str or Path
        The payer's file (CSV or XLSX).
    payer : str, optional
        Whose schedule it is; by default the payer picked on the Proposal sheet.
    effective_date : date, optional
        For rows without their own effective date.
    sheet : str or int, optional
        The XLSX sheet (default the first).
    skip_bad_rows : bool
        Import the good rows even when some rows have errors (default: import nothing then).
    new_payer : bool
        The payer is new on purpose: add it to Payers & Contracts. Otherwise a payer the
        workbook does not list is refused (a typo would import rows no refresh can use).

    Returns
    -------
    FeeScheduleImport
        ``appended`` is None when nothing was written (errors, or no rows).

    Raises
    ------
    ratecalc.errors.ValidationFailed
        The payer is not on Payers & Contracts (and ``new_payer`` is False); nothing written.
    """
    book = Path(workbook_path)
    if payer is None or not str(payer).strip():
        from ratecalc_workbook.reader import selected_payer

        payer = selected_payer(book)
        if payer is None:
            raise InputError("name the payer whose fee schedule this is: "
                             f"{remedy('payer')}")
    with changing(book):  # the payers read and the rows added: one command at a time
        return _import_fee_schedule(book, source, payer, effective_date=effective_date,
                                    sheet=sheet, skip_bad_rows=skip_bad_rows, now=now,
                                    new_payer=new_payer)


def _import_fee_schedule(book: Path, source: str | Path, payer: str, *,
                         effective_date: date | None, sheet: str | int | None,
                         skip_bad_rows: bool, now: datetime | None, new_payer: bool
                         ) -> FeeScheduleImport:
    from ratecalc_workbook.reader import read_workbook

    data, _ = read_workbook(book)
    # a workbook whose inputs have errors cannot list its payers reliably: the next refresh
    # reports the payer then
    known = None if data is None else set(data.payers["payer"]) if not data.payers.empty \
        else set()
    if known is not None and (not new_payer or str(payer).strip().casefold()
                              in {k.casefold() for k in known}):
        # a "new" payer already listed in other capitals is that payer, spelled as listed
        payer = known_payer(str(payer), known, source=Path(source).name, workbook=str(book),
                            listed_at=payer_column(data, book))
    read = read_fee_schedule(source, payer, effective_date=effective_date, sheet=sheet)
    if not read.rows.empty:
        # a line the workbook has at another amount is a bad row of the file, found before
        # anything is written: the user's row is never overwritten
        read = against_workbook(read, _rows_in(book, "fee_schedules"), file=book.name,
                                sheet=layout.TABLE_FOR_SCHEMA["fee_schedules"].sheet)
    if (read.errors and not skip_bad_rows) or read.rows.empty:
        return FeeScheduleImport(read, None, payer)
    tables = [("fee_schedules", read.rows)]
    if new_payer and str(payer).strip().casefold() not in {k.casefold() for k in known or ()}:
        tables.insert(0, ("payers", pd.DataFrame({"payer": [str(payer).strip()]})))
    results = append_tables(book, tables, now=now)  # the payer and its rates: one save
    # what the save dropped rides on the first table that appended: a new payer's, else lost
    appended = replace(results[-1], dropped=tuple(p for r in results for p in r.dropped))
    return FeeScheduleImport(read, appended, payer)
