"""Read the master workbook: the clinic's input tables, the Proposal overrides, the negotiation log.

Input tables are cut out of their sheets (by Excel table, else by finding the header row) and
handed to :func:`ratecalc.loaders.raw_from_grid` and :func:`ratecalc.loaders.build_dataset`, the
same header mapping and validation every other source goes through. Every problem keeps the
sheet row and column the user sees, so the Problems sheet can link straight to the cell.

The letter writer reads the workbook through :func:`read_workbook`, :func:`read_proposal` and
:func:`read_negotiation_log`.
"""

from __future__ import annotations

import gc
import io
import re
import warnings
import zipfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, to_excel
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.cell_errors import MergedOver, Uncomputed, excel_error, merged_over
from ratecalc.collector import collector_paused
from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError, Location, Problem, as_problem
from ratecalc.frozen_record import frozen_record
from ratecalc.loaders import (
    RawTable,
    build_dataset,
    column_named,
    find_header_row,
    map_headers,
    normalize_header,
    raw_from_grid,
)
from ratecalc.money import money_text
from ratecalc.negotiation_log import (
    ANALYSIS_DATE_WORDS,
    dated_after_note,
    happened_by,
    is_payer_offer,
    is_sent,
)
from ratecalc.payers import payer_key
from ratecalc.regular_files import resolved
from ratecalc.remedies import remedy
from ratecalc.schema import EXIT_ASSUMPTIONS, TABLES, Column, Table
from ratecalc.shown_percent import (
    BUILTIN_PERCENT_IDS,
    FIRST_CUSTOM_ID,
    is_percent_format,
    shown_percent,
    shows_text_percent,
    typed_percent,
)
from ratecalc.validation import (
    CellError,
    coerce_key_values,
    coerce_table,
    is_blank,
    key_value_field,
    parse_cell,
    whole_cents,
)
from ratecalc.xlsx_package import check_xlsx_package
from ratecalc.xlsx_parts import TOTAL_ROW_WORDS, sheet_parts
from ratecalc_workbook import layout
from ratecalc_workbook.blank_tail import blank_tail_refusal
from ratecalc_workbook.cached_values import note_source
from ratecalc_workbook.compat import unkept_parts
from ratecalc_workbook.earlier_versions import MissingPart, earlier_version_note
from ratecalc_workbook.layout import TableSpec
from ratecalc_workbook.lean_read import (
    READS_IN_PLACE,
    LeftOut,
    PartsReplaced,
    cells_only_of,
    lean_matches,
    lean_parts,
    lean_source,
)
from ratecalc_workbook.release import paused_and_released, released_after
from ratecalc_workbook.rich_text import set_aside


@frozen_record
class Region:
    """Where a table sits on its sheet now (1-based, inclusive)."""

    header_row: int
    first_col: int
    last_col: int
    last_row: int


@frozen_record
class InputRead:
    """The outcome of reading the input sheets.

    Attributes
    ----------
    data : ClinicData or None
        None when any error was found.
    problems : list of Problem
    columns : dict
        (sheet, canonical column) -> 1-based sheet column, for pointing at a problem's cell.
    library_notes : tuple of (str, str)
        (sheet, what) openpyxl cannot keep (see :mod:`ratecalc_workbook.compat`).
    """

    data: ClinicData | None
    problems: list[Problem]
    columns: dict[tuple[str, str], int] = field(default_factory=dict)
    library_notes: tuple[tuple[str, str], ...] = ()
    field_rows: dict[tuple[str, str], int] = field(default_factory=dict)
    #: RateCalc's optional columns and Settings rows the input tables lack, which
    #: ``ratecalc workbook upgrade`` adds (:mod:`ratecalc_workbook.upgrade`).
    missing: tuple[MissingPart, ...] = ()

    def cell_of(self, problem: Problem) -> str | None:
        """``D14`` for a problem that names a sheet, row and column, else None."""
        loc = problem.location
        if not loc.sheet or loc.row is None or not loc.column:
            return None
        if loc.letter:  # the table's own column, where two tables of a sheet share a name
            return f"{loc.letter}{loc.row}"
        col = self.columns.get((loc.sheet, loc.column))
        return None if col is None else f"{get_column_letter(col)}{loc.row}"


@contextmanager
def _quiet_library() -> Iterator[None]:
    """openpyxl warns, without naming the sheet, about each extension it drops; what is lost is
    found per sheet by :func:`ratecalc_workbook.compat.unkept_parts` instead."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        yield


def _load_to_save(source: Any, keep_vba: bool) -> Workbook:
    """openpyxl's load of a workbook that may be saved again: text formatted within a cell (a
    bold word) is read with its runs, set aside so that readers see its plain text
    (:mod:`ratecalc_workbook.rich_text`), and written back as the workbook is saved."""
    if isinstance(source, PartsReplaced):
        # load_workbook's own steps, reading from the package as the lean copy gives it
        # (openpyxl opens a package only from a file: its directory is read once more)
        reader = ExcelReader(source.fp, keep_vba=keep_vba, rich_text=True)
        reader.archive.close()  # the file, handed to it, stays open
        reader.archive = source
        reader.read()
        wb = reader.wb
    else:
        wb = load_workbook(source, keep_vba=keep_vba, rich_text=True)
    set_aside(wb)
    return wb


def _settle_vba(wb: Workbook) -> None:
    """The VBA project openpyxl kept (``keep_vba``) held in a zip opened to read.

    openpyxl keeps it in a zip opened to append, in memory, which writes its directory when it
    is closed: where the cycle collector frees the loaded workbook (in the add-in's Python, in
    the tests), it may close the memory first, and the zip's close then fails ("Exception
    ignored in ZipFile.__del__ ... I/O operation on closed file"). Read-only, nothing is
    written when it is closed; the save reads the same parts from it.
    """
    kept = wb.vba_archive
    if kept is None or kept.mode == "r" or not isinstance(kept.fp, io.BytesIO):
        return
    memory = kept.fp
    kept.close()  # its directory written; the memory, handed to it, stays open
    wb.vba_archive = zipfile.ZipFile(io.BytesIO(memory.getvalue()))


def open_workbook(path: str | Path, *, data_only: bool = False, read_only: bool = False,
                  for_refresh: bool = False, cells_of: Collection[str] | None = None
                  ) -> tuple[Workbook, list[tuple[str, str]]]:
    """Load ``path`` with openpyxl; return the workbook and what it cannot keep,
    as (sheet, what) pairs (see :mod:`ratecalc_workbook.compat`).

    ``for_refresh``: the result tables' computed cells, which refresh rebuilds, are not loaded
    (:mod:`ratecalc_workbook.lean_read`); everything else is. ``cells_of``: only these sheets'
    cells are loaded (the others are there, empty), for a reader that reads no other.

    Raises
    ------
    InputError
        The file is missing or is not an Excel workbook.
    """
    book = Path(path)
    check_xlsx_package(book)  # a path that is not a workbook file, in the one rule's words
    if not (data_only or read_only):
        # loaded to be saved: every formatted blank cell becomes an object openpyxl holds
        refused = blank_tail_refusal(book, skip=layout.RESULT_SHEETS if for_refresh else ())
        if refused is not None:
            raise InputError(refused)
    keep_vba = book.suffix.lower() == ".xlsm"
    try:
        with _quiet_library():
            lean: tuple[Any, list[LeftOut]] | None = None
            if for_refresh and not (data_only or read_only):
                # here only, where a refresh, which saves through safety, has loaded it
                from ratecalc_workbook.safety import file_state

                before = file_state(book)
                lean = lean_parts(book) if READS_IN_PLACE else lean_source(book)
            wb = None
            if lean is not None:
                with lean[0] as package:
                    try:
                        wb = _load_to_save(package, keep_vba)
                    except Exception:
                        # read in place, the package's parts are read from the file as openpyxl
                        # goes: a program writing the file over meanwhile (not by a rename) made
                        # it "not an Excel workbook" (Bad magic number). Read as it is now, it is
                        # one; the save then refuses as the file changed (safety.check_unchanged)
                        if file_state(book) == before:
                            raise
                        check_xlsx_package(book)  # what it is now, checked as the first was
                if wb is not None and not lean_matches(wb, lean[1]):
                    wb = None  # the tables' own parts disagree with their sheets: read it all
            if wb is None and cells_of is not None and not (data_only or read_only):
                only = cells_only_of(book, cells_of)
                if only is not None:
                    try:
                        wb = load_workbook(only, keep_vba=keep_vba)
                    except Exception:  # the file itself is loaded, and its error told, below
                        wb = None
            if wb is None and read_only:  # reads the file as it goes: it must stay open
                wb = load_workbook(book, read_only=True, keep_vba=keep_vba)
            if wb is None:
                # openpyxl leaves the file open when a load fails: this handle is closed anyway
                with book.open("rb") as handle:
                    wb = (load_workbook(handle, data_only=True, keep_vba=keep_vba)
                          if data_only else _load_to_save(handle, keep_vba))
    except Exception as exc:  # a corrupt or foreign file means the same to the user
        from ratecalc.xlsx_unreadable import unreadable_message  # a load that failed only

        message = unreadable_message(book, data_only=data_only)
        if message is not None:
            raise InputError(message) from exc
        raise InputError(f"'{book.name}': cannot open it as an Excel workbook ({exc})") from exc
    _settle_vba(wb)
    if data_only or read_only:
        return wb, []
    note_source(wb, book)  # its saves keep the values the file cached for its formulas
    # what the result sheets would lose is not looked for when refresh rebuilds them, nor for
    # a reader of some sheets' cells, which saves nothing (read_inputs tells of input sheets')
    skip = layout.RESULT_SHEETS if for_refresh or cells_of is not None else ()
    return wb, unkept_parts(book, skip=skip)


# The readers below only read the workbook. A letter reads one file three times (inputs, the
# Proposal sheet, the Negotiation Log): within :func:`loaded_once`, each file is parsed once,
# with the cells of these sheets only (every sheet those readers look at), and its Proposal
# table is read once (the inputs take the typed rates from it, and so does the letter).
_SHARED: dict[tuple[str, int, int, int], tuple[Workbook, list[tuple[str, str]]]] | None = None
_PROPOSALS: dict[tuple[int, str], tuple[pd.DataFrame, list[Problem]]] = {}
READ_SHEETS: frozenset[str] = frozenset(
    {spec.sheet for spec, _ in layout.INPUT_TABLES.values()}
    | {layout.PROPOSAL_TABLE.sheet, layout.PROPOSAL, layout.NEGOTIATION_LOG_TABLE.sheet})


@contextmanager
def loaded_once() -> Iterator[None]:
    """Within this block, the read-only readers (:func:`read_workbook`, :func:`read_proposal`,
    :func:`read_negotiation_log`, :func:`selected_payer`) load a given file once and share it,
    with the cells of :data:`READ_SHEETS` only (the other sheets are there, empty). Nothing may
    write the file or the loaded workbook meanwhile; afterwards their cells are freed, as a
    read on its own frees them (:func:`_read_only_workbook`)."""
    global _SHARED
    outer = _SHARED
    _SHARED = shared = {} if outer is None else outer
    try:
        with released_after(gc.isenabled()) as release:
            yield
            if outer is None:
                for wb, _ in shared.values():
                    release(wb)
    finally:
        _SHARED = outer
        if outer is None:
            _PROPOSALS.clear()


@contextmanager
def _read_only_workbook(book: Path) -> Iterator[tuple[Workbook, list[tuple[str, str]]]]:
    """The workbook at ``book`` for a reader that only reads it, with the cells of
    :data:`READ_SHEETS` only; the one :func:`loaded_once` shares, else one loaded for the block,
    with the collector paused while it is loaded and read and its cells freed after
    (:mod:`ratecalc_workbook.release`): the other sheets' cells (the Comparison table of every
    payer and code above all) were half of what a full load of a refreshed workbook parsed,
    and the collector's walks over the cells the rest of a read."""
    if _SHARED is None:
        with paused_and_released() as release:
            loaded = open_workbook(book, cells_of=READ_SHEETS)
            release(loaded[0])
            yield loaded
        return
    try:
        stat = book.stat()
    except OSError:
        yield open_workbook(book)  # its own message for a missing file
        return
    key = (str(resolved(book)), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _SHARED:
        with collector_paused():
            _SHARED[key] = open_workbook(book, cells_of=READ_SHEETS)
    yield _SHARED[key]


# --- finding a table on its sheet ----------------------------------------------------------------

def _blank_row(ws: Worksheet, row: int, first_col: int, last_col: int) -> bool:
    return all(is_blank(ws.cell(row=row, column=c).value) for c in range(first_col, last_col + 1))


def find_region(ws: Worksheet, spec: TableSpec, schema: Table | None = None,
                name: str | None = None) -> Region | None:
    """The table's header row and extent: its Excel table (``spec``'s name, or ``name``; grown
    by rows typed right below it and headers typed right of it), else the first row that holds
    the table's headers."""
    table = ws.tables.get(name or spec.name)
    totals = 0
    if table is None and name is None and ws.tables:
        table = _renamed_table(ws, spec, schema)
    if table is not None:
        first_col, header_row, last_col, last_row = range_boundaries(table.ref)
        totals = table.totalsRowCount or 0
    else:
        found = _find_header(ws, spec, schema)
        if found is None:
            return None
        header_row, first_col = found
        last_col, last_row = first_col + len(spec.columns) - 1, header_row + 1
    while not is_blank(ws.cell(row=header_row, column=last_col + 1).value):
        last_col += 1
    if totals:
        # the table's Total Row holds no data (Excel's references to the table leave it out):
        # read up to it, and no further; total_rows refuses the table until it is turned off
        # (the Negotiation Log's warned of, unless rows are typed below it)
        return Region(header_row, first_col, last_col, max(header_row, last_row - totals))
    if _last_on_sheet(spec):
        # Rows typed below the table (LibreOffice does not grow tables) or after a gap still
        # count; blank rows are dropped when the table is typed.
        last_row = max(last_row, ws.max_row)
    while last_row < ws.max_row and not _blank_row(ws, last_row + 1, first_col, last_col):
        last_row += 1
    return Region(header_row, first_col, last_col, last_row)


def excel_table(ws: Worksheet, spec: TableSpec, schema: Table | None = None
                ) -> ExcelTable | None:
    """``spec``'s Excel table on ``ws``: by its name, else (renamed by the user: Table Design >
    Table Name) the one whose header row is the table's headers, as :func:`find_region` finds
    them; None when neither is there."""
    table = ws.tables.get(spec.name)
    if table is None and ws.tables:
        table = _renamed_table(ws, spec, schema)
    return table


def _renamed_table(ws: Worksheet, spec: TableSpec, schema: Table | None) -> ExcelTable | None:
    """The Excel table, of another name than ``spec``'s, whose header row holds ``spec``'s
    headers: a table renamed keeps its rows, its Total Row among them (looked for by name
    alone, a renamed table's Total Row was read as a row of data: a payer "Total"). Of several,
    the nearest the layout's place for it."""
    # a table of another of the layout's names is that table: the Settings and the Exit
    # assumptions share their headers (Field, Value), and the first such header row is the
    # Settings': a renamed Exit assumptions table was taken for the Settings table, its
    # values unread and its rows added again to the Settings by `workbook upgrade`
    theirs = [t for t in ws.tables.values() if not any(
        layout.is_table_of(t.name, other) for other in layout.TABLES_BY_NAME.values()
        if other.name != spec.name)]
    if not theirs:
        return None
    held: list[ExcelTable] = []
    found = _find_header(ws, spec, schema)
    names = header_names(spec)
    for table in theirs:
        left, top, right, _ = range_boundaries(table.ref)
        cells = {normalize_header(c) for row in ws.iter_rows(
            min_row=top, max_row=top, min_col=left, max_col=right, values_only=True)
            for c in row if isinstance(c, str)}
        if (found is not None and top == found[0] and left <= found[1] <= right) \
                or all(name & cells for name in names):
            held.append(cast(ExcelTable, table))
    return min(held, key=lambda t: abs(range_boundaries(t.ref)[1] - spec.header_row),
               default=None)


def header_names(spec: TableSpec) -> list[frozenset[str]]:
    """The headers a header row holds when it is ``spec``'s table, each as every name RateCalc
    wrote it under (normalized): its header now or a former one (an earlier version's table).

    A result table with columns the user types in is known by those and its row key, what
    refresh keeps of it: an earlier RateCalc wrote other or fewer columns beside them, and its
    table, renamed by the user, was taken for another's, the notes typed in it dropped without
    a word. Any other table by every column.
    """
    columns = spec.columns
    if any(spec.name == result.name for result in layout.RESULT_TABLES) and any(
            c.role == "user" for c in columns):
        columns = tuple(c for c in columns if c.key in spec.key or c.role == "user")
    return [frozenset({normalize_header(c.header)} | {
        normalize_header(old) for old, key in spec.former_headers if key == c.key})
        for c in columns]


def _last_on_sheet(spec: TableSpec) -> bool:
    """True for a row table with no other table of the layout below it on its sheet. Field/value
    tables (profile, settings) have a fixed list of rows and never grow."""
    if spec.headers[:2] == ["Field", "Value"]:
        return False
    tables = [s for s, _ in layout.INPUT_TABLES.values()] + [layout.NEGOTIATION_LOG_TABLE]
    return not any(s.sheet == spec.sheet and s.header_row > spec.header_row for s in tables)


def _find_header(ws: Worksheet, spec: TableSpec, schema: Table | None) -> tuple[int, int] | None:
    """Fallback when the Excel table is gone: scan the sheet for the header row."""
    rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True))
    if not rows:
        return None
    grid = pd.DataFrame(rows, dtype=object)
    for start in range(0, len(grid), 15):
        if schema is not None:
            at = find_header_row(grid.iloc[start:].reset_index(drop=True), schema)
        else:
            at = None
            names = header_names(spec)
            for i in range(start, min(start + 15, len(grid))):
                cells = {normalize_header(c) for c in grid.iloc[i] if isinstance(c, str)}
                if all(name & cells for name in names):
                    at = i - start
                    break
        if at is not None:
            row = grid.iloc[start + at].tolist()
            # the table starts at its own first header: the Clinic sheet's metrics share their
            # header row with the profile left of them, whose columns were read as the
            # metrics' (the profile's texts as 19 metric figures, 22 errors for one table gone)
            own = normalize_header(spec.headers[0])
            first = next((i for i, c in enumerate(row)
                          if isinstance(c, str) and normalize_header(c) == own),
                         next(i for i, c in enumerate(row) if isinstance(c, str) and c.strip()))
            # the columns are read by their headers, in any order: one of the table's own moved
            # left of its first header (Code left of Payer) is still the table's, where the
            # profile's headers left of the metrics' are not (a blank column or "What it means")
            while first > 0 and _heads_column_of(row[first - 1], spec, schema):
                first -= 1
            return start + at + 1, first + 1
    return None


def _heads_column_of(cell: Any, spec: TableSpec, schema: Table | None) -> bool:
    """Whether a header cell heads a column of the table of ``spec``: one of its headers as the
    layout writes them, or a name RateCalc reads for one of its columns (an alias)."""
    if not isinstance(cell, str) or not cell.strip():
        return False
    if normalize_header(cell) in {normalize_header(h) for h in spec.headers}:
        return True
    return schema is not None and not schema.key_value and column_named(cell, schema) is not None

def _format_id(cell: Any) -> int:
    """A cell's number format id; 0 (General) for one openpyxl made when it was looked at
    (``ws.cell``), which has no style: a refresh of a book whose Clinic metrics table was
    deleted stopped with an internal error (AttributeError) reading such a cell."""
    return 0 if cell._style is None else int(cell._style.numFmtId)


def region_grid(ws: Worksheet, region: Region) -> pd.DataFrame:
    """The cells of a region as a frame of objects (header first), positions as columns.

    Read from the cells the sheet holds: ``iter_rows`` would first make every empty cell of the
    region (most of a lean-loaded result table: 2 s of a 40 payers x 300 codes refresh).
    """
    if not isinstance(ws, Worksheet):  # a read-only sheet streams its rows
        rows = ws.iter_rows(min_row=region.header_row, max_row=region.last_row,
                            min_col=region.first_col, max_col=region.last_col, values_only=True)
        return pd.DataFrame(list(rows), dtype=object)
    cells = ws._cells
    columns = range(region.first_col, region.last_col + 1)
    percent = _percent_format_ids(ws)
    typed = _typed_percent_formats(ws)
    grid = [[None if (cell := cells.get((row, col))) is None
             else shown_percent(cell.value) if _format_id(cell) in percent
             else typed_percent(cell.value, typed[_format_id(cell)])
             if _format_id(cell) in typed
             else cell.value if cell.data_type != "s" else typed_text(cell.value)
             for col in columns]
            for row in range(region.header_row, region.last_row + 1)]
    # a cell a merge covers holds no value: said so where it is read, as the core's reader does
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    if merges:
        def holds_value(row: int, col: int) -> bool:
            cell = cells.get((row, col))
            return cell is not None and not is_blank(cell.value)

        last = (region.last_row, region.last_col)
        for (row, col), marker in merged_over(merges, holds_value, last).items():
            if (row >= region.header_row and col in columns
                    and is_blank(grid[row - region.header_row][col - region.first_col])):
                grid[row - region.header_row][col - region.first_col] = marker
    return pd.DataFrame(grid, dtype=object)


def _typed_percent_formats(ws: Worksheet) -> dict[int, str]:
    """The ids and codes of ``ws``'s workbook's own number formats that show a percent sign
    that is text (``0.0"%"``: :func:`ratecalc.shown_percent.typed_percent` reads them)."""
    custom = ws.parent._number_formats
    return {FIRST_CUSTOM_ID + i: code for i, code in enumerate(custom)
            if shows_text_percent(code)}


def _percent_format_ids(ws: Worksheet) -> frozenset[int]:
    """The ids of the number formats of ``ws``'s workbook that show a percent: the built-in
    ones and its own (openpyxl numbers a workbook's custom formats from 164, in the order of
    its list)."""
    custom = ws.parent._number_formats
    return BUILTIN_PERCENT_IDS | {FIRST_CUSTOM_ID + i for i, code in enumerate(custom)
                                  if is_percent_format(code)}


def in_1904(ws: Worksheet) -> bool:
    """Whether ``ws``'s workbook is saved in the 1904 date system (Mac Excel's option), where
    a date cell holding a bare number counts days from 1904-01-01
    (:func:`ratecalc.loaders.days_of_1904`)."""
    return bool(ws.parent.epoch == CALENDAR_MAC_1904)


def _shift(raw: RawTable, region: Region) -> RawTable:
    """Rows of a raw table cut at the header: make them the sheet's rows again."""
    # a percentage is read as its own cell shows it (region_grid marks the cells formatted as
    # percents, as the template formats them): a cell the user reformatted to General shows
    # 1.5, not 150%, and is read as a bare number
    source = raw.source.moved(region.header_row - 1, region.first_col - 1)
    moved = tuple((n + region.first_col - 1, h, first + region.first_col - 1)
                  for n, h, first in raw.repeated)
    return replace(raw, source=source, unmapped=(), repeated=moved)


# --- cached values for formulas the user typed in input cells ------------------------------------

class TypedText(str):
    """Text a cell holds that starts with ``=``: typed after an apostrophe (``'=1+1``) or in a
    cell formatted as text. openpyxl gives it as the same ``str`` as a formula's, which made a
    "Your rate" of the text ``=1+1`` read, and named, as a formula; the reader keeps it apart
    (:func:`typed_text`), and :func:`formula_text` tells it is none."""

    __slots__ = ()


def typed_text(value: object) -> object:
    """A text cell's value: :class:`TypedText` where it starts with ``=``, else as it is."""
    if isinstance(value, str) and value.startswith("="):
        return TypedText(value)
    return value


def formula_text(value: object) -> str | None:
    """The formula a cell read by openpyxl holds, as Excel shows it, or None for a value.

    A plain formula is text starting with ``=``; an array formula (Ctrl+Shift+Enter, or one of
    Excel 365's that could spill) and a cell of a what-if data table are objects of their own,
    shown in braces as Excel's formula bar shows them: they were read as no formula, and their
    cells refused as "got <openpyxl.worksheet.formula.ArrayFormula object at 0x...>"."""
    if isinstance(value, str):
        return value if value.startswith("=") and not isinstance(value, TypedText) else None
    if isinstance(value, ArrayFormula):
        return "{" + str(value.text or "=") + "}"
    if isinstance(value, DataTableFormula):
        one, two = value.r1 or "", value.r2 or ""
        # a one-variable table names its row input cell (dtr) or its column input cell
        inputs = f"{one},{two}" if _flag(value.dt2D) else f"{one}," if _flag(value.dtr) \
            else f",{one}"
        return "{=TABLE(" + inputs + ")}"
    return None


def _flag(attribute: object) -> bool:
    return str(attribute).lower() in ("1", "true")


class FormulaValues:
    """Values of formulas typed in input cells: the values Excel or LibreOffice last computed
    (openpyxl cannot compute them). Loaded only when an input cell holds a formula."""

    def __init__(self, path: Path | None):
        self.path = path
        self._book: Workbook | None = None

    def resolve(self, ws: Worksheet, grid: pd.DataFrame, region: Region) -> pd.DataFrame:
        # one pass over the cells (DataFrame.map runs per column: most of a small sheet's read)
        cells = grid.to_numpy(dtype=object)
        mask = np.fromiter((formula_text(v) is not None for v in cells.flat),
                           dtype=bool, count=cells.size).reshape(cells.shape)
        if not mask.any() or self.path is None:
            return grid
        if self._book is None:
            self._book, _ = open_workbook(self.path, data_only=True)
        cached = self._book[ws.title]
        out = grid.copy()
        percent = _percent_format_ids(ws)  # the workbook's formats read once, not once a cell
        typed = _typed_percent_formats(ws)
        for i, j in zip(*np.nonzero(mask), strict=True):
            row, col = region.header_row + int(i), region.first_col + int(j)
            value = cached.cell(row=row, column=col).value
            format_id = _format_id(ws.cell(row=row, column=col))
            if format_id in percent:
                value = shown_percent(value)  # its value as its cell shows it, as typed ones
            elif format_id in typed:
                value = typed_percent(value, typed[format_id])
            # a formula with no value kept is refused at its cell, once, by the one rule for
            # cells that show no value (ratecalc.validation.parse_cell), as every reader does
            out.iat[int(i), int(j)] = (Uncomputed(str(formula_text(cells[i, j])))
                                       if value is None else value)
        return out


# --- reading the inputs --------------------------------------------------------------------------

def _column_problems(grid: pd.DataFrame, mapping: dict[Any, str], spec: TableSpec,
                     names: Mapping[str, Column], region: Region, title: str,
                     file: str, table: str, missing: list[MissingPart]) -> list[Problem]:
    """The columns of an input table that are not RateCalc's (warnings: not read), and
    RateCalc's columns that are not there (``names``: the schema's, read by their header).

    A column of RateCalc's missing is read as left blank, each row taking its default: one
    renamed ("Notice days" headed "Notice period (days)") lost its values with nothing said
    of them (Keystone's 120 days of notice became 90). Where a column of the user's with values
    in it may be that one (at its place in the layout, or headed much like it), an error at
    its header names both; else a warning says every row takes its default. At its place
    alone, the column is taken for RateCalc's only where its values read as that column's: a
    workbook from before the Fee Schedules had "Confirmed" holds a "Notes" column of the user's
    there, which is no yes/no and was refused as "Confirmed" renamed.

    An optional column simply not there is added to ``missing`` (``table``: its input table),
    which ``ratecalc workbook upgrade`` adds; one added after the first release is no warning
    here: the workbook is older than the column, and one note says so
    (:func:`ratecalc_workbook.earlier_versions.earlier_version_note`)."""
    headers = grid.iloc[0].tolist()
    found = set(mapping.values())
    place = {c.key: i for i, c in enumerate(spec.columns)}
    theirs = {j: str(h).strip() for j, h in enumerate(headers)
              if isinstance(h, str) and h.strip() and h not in mapping}
    filled = {j for j in theirs if not grid.iloc[1:, j].map(is_blank).all()}
    out: list[Problem] = []
    named: set[int] = set()
    for column in spec.columns:
        if column.key not in names or column.key in found:
            continue
        header = column.header
        import difflib  # only for a column missing: a refresh that goes well loads none of it

        def likeness(j: int, header: str = header) -> float:
            return difflib.SequenceMatcher(None, theirs[j].casefold(), header.casefold()).ratio()

        def reads_as(j: int, read: Column = names[column.key]) -> bool:
            try:
                for value in grid.iloc[1:, j]:
                    if not is_blank(value):
                        parse_cell(read, value)
            except CellError:
                return False
            return True

        maybe = [j for j in filled if j not in named
                 and (likeness(j) >= 0.6 or (j == place[column.key] and reads_as(j)))]
        if maybe:
            j = max(maybe, key=lambda j: (j == place[column.key], likeness(j)))
            named.add(j)
            out.append(Problem(
                title, Location(file, spec.sheet, region.header_row, theirs[j],
                                letter=get_column_letter(region.first_col + j)),
                f"no column '{header}', which RateCalc reads by its header: is it this one, "
                f"renamed? Head it '{header}' again (or, if the column is yours, add a column "
                f"'{header}': blank cells take their default)"))
            continue
        part = MissingPart(table, names[column.key], header)
        if not names[column.key].required:
            missing.append(part)
        if part.added_later:
            continue
        out.append(Problem(title, Location(file, spec.sheet, region.header_row),
                           f"no column '{header}', which RateCalc reads by its header: every "
                           f"row takes its default; head a column '{header}' to give its "
                           f"values", severity="warning"))
    return out + [p for p in _user_column_warnings(headers, set(mapping), region, spec.sheet,
                                                   title, file)
                  if p.location.letter not in {get_column_letter(region.first_col + j)
                                               for j in named}]


def _user_column_warnings(headers: list[Any], mapped: set[Any], region: Region, sheet: str,
                          title: str, file: str) -> list[Problem]:
    out = []
    for j, header in enumerate(headers):
        if is_blank(header) or header in mapped or isinstance(header, MergedOver):
            continue  # a header a merge covers is said with the merge, not as a column
        where = Location(file, sheet, region.header_row, str(header),
                         letter=get_column_letter(region.first_col + j))
        out.append(Problem(title, where, "a column of your own: RateCalc does not read it and "
                                         "leaves it as it is", severity="warning"))
    return out


def _column_map(headers: list[Any], mapping: dict[Any, str], region: Region, sheet: str,
                columns: dict[tuple[str, str], int]) -> None:
    for header, name in mapping.items():
        columns[(sheet, name)] = region.first_col + headers.index(header)


def field_name(label: Any) -> str:
    """``'Walk-away margin'`` -> ``walk_away_margin``, as key/value tables are read."""
    return re.sub(r"[^a-z0-9]+", "_", str(label).strip().lower()).strip("_")


def _read_key_values(ws: Worksheet, spec: TableSpec, schema: Table, file: str,
                     values: FormulaValues, columns: dict[tuple[str, str], int],
                     field_rows: dict[tuple[str, str], int]) -> RawTable | None:
    region = find_region(ws, spec, schema)
    if region is None:
        return None
    grid = values.resolve(ws, region_grid(ws, region), region)
    raw = _shift(raw_from_grid(grid, schema, file, ws.title, in_1904(ws)), region)
    headers = [normalize_header(h) for h in grid.iloc[0].tolist()]
    for name in ("field", "value"):
        if name in headers:
            columns[(ws.title, name)] = region.first_col + headers.index(name)
    if "field" in headers:
        for i, label in enumerate(grid.iloc[1:, headers.index("field")].tolist()):
            if not is_blank(label):
                field_rows.setdefault((ws.title, field_name(label)), region.header_row + 1 + i)
    return raw


def _missing_fields(raw: RawTable, table: str, schema: Table) -> list[MissingPart]:
    """The optional fields of a field/value table with no row of their own (each read as
    blank, taking its default), by the rule that reads a row's label
    (:func:`ratecalc.validation.key_value_field`)."""
    labels = raw.frame["field"] if "field" in raw.frame.columns else []
    present = {key_value_field(label) for label in labels if not is_blank(label)}
    return [MissingPart(table, column, layout.field_label(column.name))
            for column in schema.columns
            if not column.required and column.name not in present]


def _read_rows(ws: Worksheet, spec: TableSpec, schema: Table, file: str, values: FormulaValues,
               columns: dict[tuple[str, str], int]
               ) -> tuple[RawTable | None, pd.DataFrame | None, Region | None]:
    region = find_region(ws, spec, schema)
    if region is None:
        return None, None, None
    grid = values.resolve(ws, region_grid(ws, region), region)
    raw = _shift(raw_from_grid(grid, schema, file, ws.title, in_1904(ws)), region)
    headers = grid.iloc[0].tolist()
    mapping, _ = map_headers(headers, schema)
    _column_map(headers, mapping, region, ws.title, columns)
    return raw, grid, region


def _split_payers_contracts(raw_payers: RawTable, raw_contracts: RawTable
                            ) -> tuple[RawTable, RawTable, list[Problem]]:
    """One row per contract -> the Payers table (each payer's first row) and the Contracts
    table (rows that describe a contract). Rows keep their positions, so row numbers hold."""
    problems: list[Problem] = []
    payers = raw_payers.frame.copy()
    contracts = raw_contracts.frame.copy()
    contract_only = [c for c in contracts.columns if c != "payer"]
    no_contract = contracts[contract_only].map(is_blank).all(axis=1) if contract_only else \
        pd.Series(True, index=contracts.index)
    contracts.loc[no_contract, "payer"] = None
    first_row: dict[str, int] = {}
    payer_level = [c for c in payers.columns if c != "payer"]
    for i, name in payers["payer"].items():
        if is_blank(name):
            continue
        key = str(name).strip().lower()
        if key not in first_row:
            first_row[key] = int(i)
            continue
        first = first_row[key]
        for column in payer_level:
            value, kept = payers.at[i, column], payers.at[first, column]
            if not is_blank(value) and str(value) != str(kept):
                problems.append(Problem(
                    "Payers", raw_payers.source.at(int(i), column),
                    f"payer-level column: RateCalc reads {name}'s first row (row "
                    f"{raw_payers.source.first_row + first}), which has {kept!r}", value,
                    severity="warning"))
        payers.loc[i, :] = None
    return (replace(raw_payers, frame=payers), replace(raw_contracts, frame=contracts),
            problems)


def restore_sheet() -> str:
    """What else to do about a missing input sheet than rename it back, where the user acts
    (:func:`ratecalc.remedies.remedy`)."""
    return f"restore it ({remedy('new_workbook')})"


def missing_sheet_message(sheet: str, what: str, sheets: list[str], *,
                          holder: str | None = None, otherwise: str | None = None) -> str:
    """Why a sheet RateCalc reads was not found: the sheet expected, the sheets that are not
    RateCalc's (a renamed one is among them: ``holder``, the sheet found holding its table,
    else the one closest by name), and to rename it back, or ``otherwise`` what to do (restore
    an input sheet; why the Proposal's name matters).

    The one rule for a sheet RateCalc reads by its name: a renamed input sheet, and a renamed
    Proposal sheet holding the rates typed in "Your rate" (:func:`renamed_proposal`)."""
    import difflib

    other = layout.spelled_otherwise(sheets, sheet)
    if other is not None:  # the sheet itself, renamed in other capitals
        return (f"no sheet named '{sheet}', but a sheet '{other}', its name in other capitals; "
                f"expected the {what} table on a sheet named '{sheet}' (RateCalc reads a sheet "
                f"by its name as written): rename the sheet '{other}' to '{sheet}'")
    known = {name.casefold() for name in layout.SHEET_ORDER}
    others = [name for name in sheets if name.casefold() not in known]
    by_fold = {name.casefold(): name for name in others}
    renamed, doubt = holder, ""
    if holder is None:
        close = difflib.get_close_matches(sheet.casefold(), list(by_fold), n=1, cutoff=0.4)
        renamed, doubt = (by_fold[close[0]] if close else None), "?"
    shown = [f"'{name}'" + (f" (renamed from '{sheet}'{doubt})" if name == renamed else "")
             for name in others]
    found = (f"sheets not RateCalc's: {', '.join(shown)}" if others
             else "no other sheet but RateCalc's")
    return (f"no sheet named '{sheet}' ({found}); expected the {what} table on a sheet named "
            f"'{sheet}': rename the sheet back, {otherwise or 'or ' + restore_sheet()}")


def total_rows(wb: Workbook, file: str) -> list[Problem]:
    """An error for each input table (and the Negotiation Log) shown with Excel's Total Row
    (Table Design > Total Row), at the row's first cell.

    Every reader took it for a row of data: a Payers table's "Total" was a payer with the sum
    of every payer's visits (written out by `workbook export`, analysed by the rest), and a Fee
    Schedules' or Volumes' total row an error of a blank code or date that named no total. It
    is refused rather than passed over: rows typed below it are outside the table to Excel, and
    an import would have to add rows above it, where Excel does. :func:`find_region` reads a
    table up to it, so that it is named once, here. The Negotiation Log's, with nothing typed
    below it, is a warning: nothing is imported into the log and its problems stop no
    analysis, so read up to the row it loses nothing.
    """
    problems: list[Problem] = []
    specs = [spec for spec, _ in layout.INPUT_TABLES.values()] + [layout.NEGOTIATION_LOG_TABLE]
    for spec in specs:
        if spec.sheet not in wb.sheetnames:
            continue
        ws = wb[spec.sheet]
        found = _total_row(ws, spec, file)
        if found is None:
            continue
        place, table = found
        if spec is layout.NEGOTIATION_LOG_TABLE and place.row is not None \
                and not _typed_below(ws, table, place.row):
            # the log's problems stop no analysis, and nothing is imported into it: read up
            # to the row, it loses nothing (refused, it stopped every command, where the
            # "Total" was two warnings before)
            problems.append(Problem(spec.title, place, LOG_TOTAL_ROW_WORDS, severity="warning"))
        else:
            problems.append(Problem(spec.title, place, TOTAL_ROW_WORDS))
    return problems


#: The Negotiation Log's Total Row with nothing typed below it: a warning.
LOG_TOTAL_ROW_WORDS = ("the table's Total Row, passed over: RateCalc reads the log's rows above "
                       "it; a row typed below it is outside the table and would not be read "
                       "(refused then): turn the Total Row off (click in the table, then Table "
                       "Design > Total Row) before adding rows")


def _typed_below(ws: Worksheet, table: ExcelTable, total: int) -> bool:
    """Whether a cell in the columns of ``table`` holds anything below its Total Row (row
    ``total``): a row the reader, which stops at the Total Row, would not read."""
    first_col, _, last_col, _ = range_boundaries(table.ref)
    return any(not is_blank(value) for row in ws.iter_rows(
        min_row=total + 1, max_row=max(ws.max_row, total + 1), min_col=first_col,
        max_col=last_col, values_only=True) for value in row)


def total_row_place(ws: Worksheet, spec: TableSpec, file: str) -> Location | None:
    """The first cell of ``spec``'s Excel table's Total Row on ``ws``, with its column's
    header, as every reader and the imports name it; None when the table is not there or
    shows none."""
    found = _total_row(ws, spec, file)
    return None if found is None else found[0]


def _total_row(ws: Worksheet, spec: TableSpec, file: str
               ) -> tuple[Location, ExcelTable] | None:
    """:func:`total_row_place`, with the table it found (looked up once: by its name, else
    among the sheet's tables by its headers)."""
    table = excel_table(ws, spec)
    if table is None or not table.totalsRowCount:
        return None
    first_col, header_row, _, last_row = range_boundaries(table.ref)
    header = ws.cell(row=header_row, column=first_col).value
    return (Location(file, spec.sheet, last_row - table.totalsRowCount + 1,
                     column=str(header or ""), header=str(header or ""),
                     letter=get_column_letter(first_col)), table)


def renamed_proposal(wb: Workbook, file: str) -> list[Problem]:
    """An error when a sheet not named Proposal holds a Proposal table (Excel keeps a table's
    name through a rename: ``tblProposal``, or ``tblProposal_2`` as a refresh renamed it,
    :func:`ratecalc_workbook.layout.is_proposal_table`) with rates typed in "Your rate".

    Every reader reads those rates on the sheet named Proposal alone: refresh wrote a new
    Proposal without them (keeping the renamed one as a sheet of the user's) and the letter
    asked the proposed rates, with nothing said but a table renamed. It is refused as a renamed
    input sheet is (:func:`missing_sheet_message`); so is a renamed Proposal beside the new one
    an earlier refresh wrote, its table renamed ``tblProposal_2`` (once the rates are typed
    there, the check looked for a table named ``tblProposal`` only where no Proposal sheet was).
    A renamed Proposal with no rate typed is a copy the user keeps: refresh writes a new one
    beside it.
    """
    spec = layout.PROPOSAL_TABLE
    for ws in wb.worksheets:
        if ws.title == spec.sheet:
            continue
        for name in [n for n in ws.tables if layout.is_proposal_table(n)]:
            found = _table_frame(ws, spec, name)
            if found is None or "override_rate" not in found[0].columns:
                continue
            typed = int((~found[0]["override_rate"].map(is_blank)).sum())
            if typed:
                return [Problem(spec.sheet, Location(file, ws.title),
                                _renamed_proposal_message(wb, ws.title, name, typed))]
    return []


def missing_negotiation_log(wb: Workbook, file: str) -> list[Problem]:
    """The Negotiation Log not on its sheet: an error when a sheet of another name holds its
    table with rows in it (renamed: Excel keeps the table's name), as a renamed input sheet
    is; a warning when it is gone, or renamed empty (a copy of the user's).

    Every output reads the log on the sheet named Negotiation Log alone: renamed or deleted,
    the workbook was read as one that knows nothing of the proposals sent and the offers
    received, with nothing said (the termination letter left out "the rates in our proposal
    of", the Deadlines their overdue-proposal note)."""
    log = layout.NEGOTIATION_LOG_TABLE
    if log.sheet in wb.sheetnames:
        return []
    unknown = ("until then no output knows which proposals were sent and which offers "
               "received")
    for ws in wb.worksheets:
        if log.name not in ws.tables:
            continue
        found = _table_frame(ws, log, log.name)
        rows = 0 if found is None else int((~found[0].map(is_blank).all(axis=1)).sum())
        message = missing_sheet_message(
            log.sheet, log.title, wb.sheetnames, holder=ws.title,
            otherwise=(f"so that RateCalc reads its {rows} row(s): {unknown}" if rows
                       else f"or keep it as a copy of your own and {restore_sheet()}: "
                            f"{unknown}"))
        return [Problem(log.title, Location(file, ws.title), message,
                        severity="error" if rows else "warning")]
    return [Problem(log.title, Location(file, log.sheet),
                    missing_sheet_message(log.sheet, log.title, wb.sheetnames,
                                          otherwise=f"or {restore_sheet()}: {unknown}"),
                    severity="warning")]


def _renamed_proposal_message(wb: Workbook, holder: str, table: str, typed: int) -> str:
    """Why the rates typed on the Proposal sheet ``holder``, renamed, are not read."""
    sheet = layout.PROPOSAL
    keep = "to keep the sheet as a copy of your own, clear its 'Your rate' column"
    if sheet not in wb.sheetnames:
        return missing_sheet_message(
            sheet, sheet, wb.sheetnames, holder=holder,
            otherwise=f"so that RateCalc reads the {typed} rate(s) typed in its 'Your rate' "
                      f"column: a refresh would write a new Proposal sheet without them, and "
                      f"the letter would ask the proposed rates ({keep})")
    return (f"sheet '{holder}' is a '{sheet}' sheet renamed (its table {table!r}) with {typed} "
            f"rate(s) typed in its 'Your rate' column, and RateCalc reads 'Your rate' on the "
            f"sheet named '{sheet}' alone: the letter would ask the rates there, not these. "
            f"Delete the sheet '{sheet}' and rename this one back, or, {keep}")


def read_inputs(wb: Workbook, file: str, path: Path | None = None,
                library_notes: tuple[tuple[str, str], ...] = ()) -> InputRead:
    """Read and validate every input table of an open workbook (and find a renamed Proposal
    sheet holding the rates typed in its "Your rate", :func:`renamed_proposal`)."""
    values = FormulaValues(path)
    raws: dict[str, RawTable | None] = {}
    problems: list[Problem] = []
    columns: dict[tuple[str, str], int] = {}
    field_rows: dict[tuple[str, str], int] = {}
    exit_values: dict[str, Any] = {}
    missing_parts: list[MissingPart] = []

    def missing(sheet: str, what: str) -> None:
        if sheet not in wb.sheetnames:
            problems.append(Problem(what, Location(file, sheet),
                                    missing_sheet_message(sheet, what, wb.sheetnames)))
            return
        problems.append(Problem(what, Location(file, sheet),
                                f"sheet '{sheet}' has no {what} table: {restore_sheet()}"))

    def guarded(what: str, sheet: str, read: Any) -> Any:
        try:
            return read()
        except InputError as exc:
            problems.append(as_problem(exc, what, Location(file, sheet)))
            return None

    for key, (spec, schemas) in layout.INPUT_TABLES.items():
        if spec.sheet not in wb.sheetnames:
            missing(spec.sheet, spec.title)
            continue
        ws = wb[spec.sheet]
        if key in ("profile", "settings", "exit_assumptions"):
            schema = (EXIT_ASSUMPTIONS if key == "exit_assumptions"
                      else TABLES[schemas[0]])
            raw = guarded(spec.title, spec.sheet,
                          lambda ws=ws, spec=spec, schema=schema: _read_key_values(
                              ws, spec, schema, file, values, columns, field_rows))
            if raw is None:
                if key != "exit_assumptions":
                    missing(spec.sheet, spec.title)
                continue
            missing_parts.extend(_missing_fields(raw, key, schema))
            if key == "exit_assumptions":
                exit_values, found = coerce_key_values(raw.frame, schema, raw.source)
                problems.extend(found)
            else:
                raws[schemas[0]] = raw
            continue
        if key == "payers_contracts":
            read = guarded(spec.title, spec.sheet, lambda ws=ws, spec=spec: (
                _read_rows(ws, spec, TABLES["payers"], file, values, columns),
                _read_rows(ws, spec, TABLES["contracts"], file, values, columns)))
            if read is None or read[0][0] is None or read[1][0] is None:
                missing(spec.sheet, spec.title) if read is None or read[0][0] is None else None
                continue
            (raw_p, grid, region), (raw_c, _, _) = read
            raw_p, raw_c, found = _split_payers_contracts(raw_p, raw_c)
            problems.extend(found)
            raws["payers"], raws["contracts"] = raw_p, raw_c
            headers = grid.iloc[0].tolist()
            mapping = {**map_headers(headers, TABLES["payers"])[0],
                       **map_headers(headers, TABLES["contracts"])[0]}
            names = {c.name: c for t in ("payers", "contracts") for c in TABLES[t].columns}
            problems.extend(_column_problems(grid, mapping, spec, names, region, spec.title,
                                             file, key, missing_parts))
            continue
        schema = TABLES[schemas[0]]
        read = guarded(spec.title, spec.sheet, lambda ws=ws, spec=spec, schema=schema:
                       _read_rows(ws, spec, schema, file, values, columns))
        if read is None or read[0] is None:
            if read is not None:
                missing(spec.sheet, spec.title)
            continue
        raw, grid, region = read
        raws[schemas[0]] = raw
        mapping = map_headers(grid.iloc[0].tolist(), schema)[0]
        problems.extend(_column_problems(grid, mapping, spec,
                                         {c.name: c for c in schema.columns}, region,
                                         schema.title, file, key, missing_parts))
    problems.extend(earlier_version_note(missing_parts, file))
    problems.extend(total_rows(wb, file))
    problems.extend(renamed_proposal(wb, file))
    log = layout.NEGOTIATION_LOG_TABLE
    if layout.spelled_otherwise(wb.sheetnames, log.sheet) is not None:
        # read by its name as written, a log renamed in other capitals would go unread: its
        # proposals sent unsaid, as an input sheet renamed so is refused
        missing(log.sheet, log.title)
    else:
        problems.extend(missing_negotiation_log(wb, file))
    # a Clinic Profile sheet that is missing or unreadable is reported above, once
    data, found = build_dataset(raws, unread=() if "clinic" in raws else ("clinic",),
                                clinic_place=Location(file, layout.CLINIC_SHEET))
    problems.extend(found)
    problems.extend(unkept_warnings(library_notes, file))
    if any(p.severity == "error" for p in problems):
        data = None
    elif data is not None:
        # every output of the workbook (the Exit Impact sheet, `exit-impact --data`) reads them
        data = replace(data, exit_assumptions={k: float(v) for k, v in exit_values.items()
                                               if v is not None})
    return InputRead(data, problems, columns, tuple(library_notes), field_rows,
                     tuple(missing_parts))


def unkept_warnings(library_notes: Collection[tuple[str, str]], file: str
                    ) -> list[Problem]:
    """A warning for each (sheet, what) openpyxl cannot keep
    (:func:`ratecalc_workbook.compat.unkept_parts`) on a sheet a refresh does not rebuild: read
    by every command, said by every one that saves the workbook (refresh and the imports)."""
    def kept_where(sheet: str, what: str) -> str:
        return f"the {what} on this sheet" if sheet else f"the workbook's {what}"

    return [Problem("Workbook", Location(file, sheet or None),
                    f"RateCalc's file library cannot keep {kept_where(sheet, what)}: the next "
                    f"save by RateCalc drops them (a backup keeps the file as it is now)",
                    severity="warning")
            for sheet, what in library_notes if sheet not in layout.RESULT_SHEETS]


def is_master_workbook(path: str | Path) -> bool:
    """True when ``path`` is a RateCalc master workbook, so a command given an .xlsx knows to
    read it with :func:`read_workbook` rather than as a workbook with one sheet per table.

    A master has the Payers & Contracts sheet, or, with that sheet renamed, one of the master's
    input tables by its Excel table name (``tblPayersContracts``...), which a renamed sheet
    keeps: its reader then names the sheet missing. Sheet names alone cannot tell more: a
    clinic's own workbook may have a "Lists" or a "Totals" sheet too.
    """
    try:
        check_xlsx_package(path)  # sizes and parts checked before any part is read
    except InputError:
        return False  # the caller's own reader checks it again, and says why
    try:
        with zipfile.ZipFile(path) as package:
            if any(name == layout.PAYERS_CONTRACTS for name, _ in sheet_parts(package)):
                return True
            inputs = {spec.name.encode() for spec, _ in layout.INPUT_TABLES.values()}
            for part in package.namelist():
                if part.startswith("xl/tables/") and part.endswith(".xml"):
                    found = _TABLE_NAME.search(package.read(part))
                    if found is not None and found[1] in inputs:
                        return True
            return False
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False  # not a workbook at all: the caller's own reader will say so


#: The ``name`` of an Excel table part's root element (``<table ... name="tblFeeSchedules"``).
_TABLE_NAME = re.compile(rb'<(?:\w+:)?table\b[^>]*?\sname="([^"]*)"')


def read_workbook(path: str | Path, *, as_of: date | None = None,
                  as_of_words: str = ANALYSIS_DATE_WORDS
                  ) -> tuple[ClinicData | None, list[Problem]]:
    """The clinic's data from a master workbook, and every problem found.

    Parameters
    ----------
    path : str or Path
        The workbook (.xlsx or .xlsm).
    as_of : datetime.date, optional
        The day the command is run for, the one the user gave for today (``timeline
        --as-of``, a letter's date): each Negotiation Log row dated after it is a warning
        (:func:`log_warnings`), as the command counts the rows by it. None: the analysis date
        of the Settings sheet.
    as_of_words : str
        What that day is called in the warning ("the letter's date").

    Returns
    -------
    tuple
        ``(data, problems)``: ``data`` is None when any problem is an error.

    Examples
    --------
    >>> data, problems = read_workbook("negotiation.xlsx")  # doctest: +SKIP
    """
    book = Path(path)
    with _read_only_workbook(book) as (wb, notes):
        return _read(wb, book, notes, as_of, as_of_words)


def _read(wb: Workbook, book: Path, notes: list[tuple[str, str]], as_of: date | None = None,
          as_of_words: str = ANALYSIS_DATE_WORDS) -> tuple[ClinicData | None, list[Problem]]:
    result = read_inputs(wb, book.name, book, tuple(notes))
    data = result.data
    problems = list(result.problems)
    if data is not None:
        data = with_workbook_records(data, wb, book.name, book)
        # what refresh says of a "Your rate" it cannot take as typed, and of the log's rows,
        # every reader says
        problems += _proposal_once(wb, book.name, book)[1] + log_warnings(
            wb, book.name, book, as_of or data.settings.as_of,
            as_of_words if as_of is not None else ANALYSIS_DATE_WORDS)
        if any(p.severity == "error" for p in problems):
            data = None  # a date in "Your rate" (DateInYourRate): no output may ask it
    return data, problems


def with_workbook_records(data: ClinicData, wb: Workbook, file: str,
                          path: Path | None = None, *,
                          proposal: pd.DataFrame | None = None) -> ClinicData:
    """``data`` with what only a master workbook keeps beside the input tables: the rates typed
    on the Proposal sheet and when each payer was last sent a proposal (the Negotiation Log),
    so that every output of a workbook reads them alike; ``proposal``, the Proposal table
    (:func:`proposal_from_workbook`) where the caller has read it already."""
    return with_proposals_sent(with_requested_rates(data, wb, file, path, proposal=proposal),
                               wb, file, path)


def with_requested_rates(data: ClinicData, wb: Workbook, file: str,
                         path: Path | None = None, *,
                         proposal: pd.DataFrame | None = None) -> ClinicData:
    """``data`` with the rates typed on the Proposal sheet ("Your rate"), so that every output
    of a workbook (analyze, refresh, the letter) asks for the same rates; ``proposal`` as
    :func:`with_workbook_records` takes it."""
    if proposal is None:
        proposal, _ = _proposal_once(wb, file, path)
    typed = proposal[proposal["override_rate"].notna()] if not proposal.empty else proposal
    rates = {(str(p).strip(), str(c).strip().upper()): float(r) for p, c, r in
             zip(typed.get("payer", []), typed.get("code", []), typed.get("override_rate", []),
                 strict=True)}
    return replace(data, requested_rates=rates) if rates else data


def with_proposals_sent(data: ClinicData, wb: Workbook, file: str,
                        path: Path | None = None) -> ClinicData:
    """``data`` with every day each payer was sent a proposal (the Negotiation Log's rows
    with direction "sent"), so that the timeline of every output flags a proposal that is due
    and not sent. Every row is kept, whatever its date: each output counts those dated on or
    before its own day (:func:`ratecalc.negotiation_log.proposal_sent_as_of`; a letter dated
    after the analysis date counts a row in between). Payers are named as first written,
    rows naming one in other capitals joined to it (:func:`ratecalc.payers.payer_key`).
    A workbook without the sheet knows nothing of it (None). A row is read on
    its date, payer and direction alone: a bad cell elsewhere in it (a round typed "1st", a
    summary showing #VALUE!) is a warning (:func:`log_warnings`), not a proposal unsent. A log
    that cannot be read at all is the letter's to report (it reads the log for offers).
    The days of the payer's offers (:func:`ratecalc.negotiation_log.is_payer_offer`: a row
    not sent by the clinic carrying a rate or an increase, the rows the counter letter
    answers) are kept the same way (``offers_received``): the Timeline says what one come on
    the notice deadline or after it means (:func:`ratecalc.timeline.late_reply_words`). A row
    whose rate or increase is a bad cell is no offer until it is corrected (the cell is a
    warning; the counter letter refuses it)."""
    if layout.NEGOTIATION_LOG_TABLE.sheet not in wb.sheetnames:
        return data
    try:
        (log, _), (offers, _) = negotiation_logs_from_workbook(
            wb, file, path, (SENT_COLUMNS, SENT_COLUMNS + OFFER_FIGURES))
    except InputError:  # its header row lost: nothing is known of what was sent
        return data
    spelled: dict[str, str] = {}

    def days_of(rows: pd.DataFrame) -> dict[str, tuple[date, ...]]:
        days: dict[str, set[date]] = {}
        for payer, day in zip(rows["payer"], rows["date"], strict=True):
            if is_blank(payer) or is_blank(day):
                continue
            name = spelled.setdefault(payer_key(payer), str(payer).strip())
            days.setdefault(name, set()).add(day)
        return {name: tuple(sorted(d)) for name, d in days.items()}

    sent = days_of(log[[is_sent(d) for d in log["direction"]]] if not log.empty else log)
    received = days_of(offers[[is_payer_offer(*cells) for cells in zip(
        offers["direction"], offers["offered_rate"], offers["offered_increase"], strict=True)]]
        if not offers.empty else offers)
    return replace(data, proposals_sent=sent, offers_received=received)



#: What a Negotiation Log row must hold to say a proposal was sent.
SENT_COLUMNS = ("date", "payer", "direction")
#: And what it must hold besides to be the payer's offer (:func:`is_payer_offer`).
OFFER_FIGURES = ("offered_rate", "offered_increase")


def log_warnings(wb: Workbook, file: str, path: Path | None = None,
                 as_of: date | None = None, as_of_words: str = ANALYSIS_DATE_WORDS
                 ) -> list[Problem]:
    """The Negotiation Log's problems, each at its sheet, row and column, as warnings: every
    command reading a workbook lists them (they stop no analysis; the counter letter, which
    reads the log's offers, refuses them). With ``as_of`` (the day the output is made for:
    the analysis date, a timeline's ``--as-of``, a letter's date; ``as_of_words`` names it),
    also each row dated after it, at its Date cell: no output counts it before its day
    (:func:`ratecalc.negotiation_log.dated_after_note`). Nothing for a workbook without the
    log, or whose log's header row is lost (the letter says so)."""
    if layout.NEGOTIATION_LOG_TABLE.sheet not in wb.sheetnames:
        return []
    try:
        # the rows dated after as_of by the Date column alone: a bad cell elsewhere drops a
        # row from the whole log's table, not from this one
        logs = negotiation_logs_from_workbook(
            wb, file, path, (None,) if as_of is None else (None, ("date",)))
        problems = logs[0][1]
        dated = logs[1][0] if as_of is not None else None
    except InputError:
        return []
    found = [replace(p, severity="warning") for p in problems]
    if dated is not None and as_of is not None:
        found += _dated_after(dated, file, as_of, as_of_words)
    return found


def _dated_after(log: pd.DataFrame, file: str, as_of: date, as_of_words: str
                 ) -> list[Problem]:
    """A warning at the Date cell of each log row dated after ``as_of``."""
    spec = layout.NEGOTIATION_LOG_TABLE
    header = log.attrs.get("headers", {}).get("date", spec.spec("date").header)
    letter = log.attrs.get("letters", {}).get("date")
    return [Problem(layout.LOG_SCHEMA.title,
                    Location(file, spec.sheet, int(row), "date", header=header, letter=letter),
                    dated_after_note(as_of, as_of_words), day, severity="warning")
            for day, row in zip(log["date"], log["sheet_row"], strict=True)
            if not is_blank(day) and not happened_by(day, as_of)]


# --- result sheets the letter writer reads -------------------------------------------------------

def _table_frame(ws: Worksheet, spec: TableSpec, name: str | None = None
                 ) -> tuple[pd.DataFrame, Region] | None:
    """A result table as a frame keyed by the layout's column keys (user columns by header);
    ``name``: its Excel table's, where it is not ``spec``'s."""
    region = find_region(ws, spec, name=name)
    if region is None:
        return None
    grid = region_grid(ws, region)
    headers = [None if is_blank(h) else str(h).strip() for h in grid.iloc[0].tolist()]
    by_header = {h: c.key for h, c in spec.managed.items()}
    names = [by_header.get(h, h) if h is not None else f"_{j}" for j, h in enumerate(headers)]
    body = grid.iloc[1:].reset_index(drop=True)
    body.columns = names
    return body, region


PROPOSAL_COLUMNS = ["payer", "code", "units_per_year", "current_rate", "benchmark",
                    "medicare_amount", "floor", "proposed_rate", "override_rate",
                    "requested_rate", "reason"]


def read_proposal(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The Proposal sheet with the user's own rates applied.

    Returns
    -------
    tuple
        A frame with ``payer, code, units_per_year, current_rate, benchmark, medicare_amount,
        floor, proposed_rate`` [USD per unit], ``override_rate`` (the user's rate, NaN where
        none), ``requested_rate`` (override else proposed) [USD per unit], ``reason`` and any
        user column by its header; and problems (an override that is not a dollar amount is a
        warning and is not used). Empty when the workbook was never refreshed.
    """
    book = Path(path)
    with _read_only_workbook(book) as (wb, _):
        return _proposal_once(wb, book.name, book)


def _proposal_once(wb: Workbook, file: str, path: Path | None = None
                   ) -> tuple[pd.DataFrame, list[Problem]]:
    """:func:`proposal_from_workbook`, read once per workbook shared by :func:`loaded_once`
    (a copy each time: callers may change their frame)."""
    if _SHARED is None or not any(wb is shared for shared, _ in _SHARED.values()):
        return proposal_from_workbook(wb, file, path)
    key = (id(wb), file)  # the shared workbook lives as long as the memo
    if key not in _PROPOSALS:
        _PROPOSALS[key] = proposal_from_workbook(wb, file, path)
    frame, problems = _PROPOSALS[key]
    return frame.copy(), list(problems)


def your_rate(value: Any, *, formula: bool = False,
              epoch: datetime = CALENDAR_WINDOWS_1900) -> tuple[float, str]:
    """A "Your rate" cell as the rate the Proposal sheet's "Rate to ask" reads from it, and a
    warning when it held fractions of a cent or a date ("" when it did not); ``value`` is what a
    formula typed there gives (``formula`` True); ``epoch``, the workbook's first day (1904 in
    some Mac workbooks).

    A number is read as any money cell a user types (the one cell rule, then whole cents). A
    text is no rate, as to the sheet's formula (``IF(ISNUMBER(...))``, formulas._proposal):
    a text cell ("$75.00", pasted or typed in a text-formatted cell) showed one rate asked on
    the sheet and its Totals and another in the letter and the command line. A formula reading
    text as the core reads it cannot be made the same in Excel and LibreOffice in every locale
    ("1,5" is a number in one, text in another), so the core reads what the sheet reads.

    A date (or time) pasted there is a number to the sheet's formula, its serial number
    (2026-03-15 asks $46,096.00), and no formula can tell it from a number in LibreOffice (its
    CELL("format") of a cell formatted yyyy-mm-dd is "G", as of one formatted General). It is
    no rate anyone means, so it is refused (:class:`DateInYourRate`): refresh, analyze and the
    letter stop, naming the cell, and no output asks for it; the sheet alone shows it until the
    cell is corrected.

    Raises
    ------
    ratecalc.validation.CellError
        Not a rate: the message says why and what to type.
    """
    if isinstance(value, str) and excel_error(value) is None:
        raise CellError(_text_rate(value, formula))
    if isinstance(value, (date, time, timedelta)):
        raise DateInYourRate(_date_rate(value, to_excel(value, epoch)))
    return whole_cents(parse_cell(layout.YOUR_RATE, value))


class DateInYourRate(CellError):
    """A date or a time in "Your rate": an error, not a warning, since the sheet asks its serial
    number as a rate and no output of RateCalc may (:func:`your_rate`)."""


def _date_rate(value: date | time | timedelta, serial: float) -> str:
    """Why a "Your rate" holding a date or a time is refused, and what to do (the problem
    quotes the value)."""
    what = "a date" if isinstance(value, date) else "a time"
    return (f"{what}, not a rate: the sheet's 'Rate to ask' reads it as the number a "
            f"spreadsheet holds it as and asks {money_text(serial)}; type the rate you mean (a "
            f"number typed in a cell formatted as a date stays a date: format the cell as money "
            f"first), or clear the cell")


def _text_rate(text: str, formula: bool) -> str:
    """Why a "Your rate" holding text is no rate, and the number to type when it reads as one
    (after the '=' of a text that looks like a formula)."""
    try:
        number = parse_cell(layout.YOUR_RATE,
                            text[1:] if text.startswith("=") and not formula else text)
    except CellError:
        number = None
    shown = "" if number is None else f" {format(Decimal(repr(number)).normalize(), 'f')}"
    if formula:
        return (f"its formula gives text, not a number, and the sheet's 'Rate to ask' reads "
                f"no rate from text: make it give the number{shown}")
    if text.startswith("="):  # text, though it looks like a formula (TypedText)
        return ("text where a dollar amount was expected, not a formula (an apostrophe before "
                "the '=', or a cell formatted as text, keeps it text); type "
                + (f"the number{shown}" if number is not None else "a dollar amount")
                + " or a formula giving one: the sheet's 'Rate to ask' reads no rate from text")
    return (f"typed as text; type the number{shown} (a cell formatted as text keeps it text: "
            f"format it as a number first): the sheet's 'Rate to ask' reads no rate from text")


def _cached_rates(path: Path | None) -> dict[tuple[str, str], Any]:
    """(payer, code) -> the value the Proposal's "Your rate" showed when its file was last
    saved by a spreadsheet: a formula typed there is read through it, by its row's payer and
    code (a refresh may have moved the rows since)."""
    if path is None:
        return {}
    cached, _ = open_workbook(path, data_only=True)
    spec = layout.PROPOSAL_TABLE
    found = _table_frame(cached[spec.sheet], spec) if spec.sheet in cached.sheetnames else None
    if found is None or not {"payer", "code", "override_rate"} <= set(found[0].columns):
        return {}
    body = found[0]
    return {(str(p).strip(), str(c).strip().upper()): v for p, c, v in
            zip(body["payer"], body["code"], body["override_rate"], strict=True)}


def proposal_from_workbook(wb: Workbook, file: str, path: Path | None = None
                           ) -> tuple[pd.DataFrame, list[Problem]]:
    """The Proposal table with the rates typed in "Your rate" read (see :func:`read_proposal`);
    ``path``, the workbook's file, gives the values of formulas typed there."""
    spec = layout.PROPOSAL_TABLE
    empty = pd.DataFrame(columns=PROPOSAL_COLUMNS)
    if spec.sheet not in wb.sheetnames:
        return empty, []
    found = _table_frame(wb[spec.sheet], spec)
    if found is None:
        return empty, []
    body, region = found
    if "payer" not in body or "code" not in body:
        return empty, []
    body = body[~body["payer"].map(is_blank)].copy()
    problems: list[Problem] = []
    overrides = []
    typed = body.get("override_rate", pd.Series(dtype=object))
    formulas = [formula_text(v) is not None for v in typed]
    letter = (get_column_letter(region.first_col + list(body.columns).index("override_rate"))
              if "override_rate" in body.columns else None)
    cached = _cached_rates(path) if any(formulas) else {}
    for (i, value), formula in zip(typed.items(), formulas, strict=True):
        if is_blank(value):
            overrides.append(np.nan)
            continue
        where = Location(file, spec.sheet, region.header_row + 1 + int(i), "override_rate",
                         header=spec.spec("override_rate").header, letter=letter)
        if formula:
            shown = cached.get((str(body.at[i, "payer"]).strip(),
                                str(body.at[i, "code"]).strip().upper()))
            value = Uncomputed(str(formula_text(value))) if shown is None else shown
        try:
            rate, note = your_rate(value, formula=formula, epoch=wb.epoch)
        except DateInYourRate as exc:
            overrides.append(np.nan)
            problems.append(Problem(spec.sheet, where, str(exc), value))
            continue
        except CellError as exc:
            overrides.append(np.nan)
            problems.append(Problem(spec.sheet, where, f"{exc}; the proposed rate is used",
                                    None if isinstance(value, Uncomputed) else value,
                                    severity="warning"))
            continue
        overrides.append(rate)
        if note:  # the sheet's "Rate to ask" rounds it alike (formulas._proposal)
            problems.append(Problem(spec.sheet, where, note, value, severity="warning"))
    body["override_rate"] = overrides
    for key in ("units_per_year", "current_rate", "benchmark", "medicare_amount", "floor",
                "proposed_rate"):
        body[key] = pd.to_numeric(body[key], errors="coerce") if key in body else np.nan
    body["code"] = body["code"].map(lambda c: str(c).strip().upper())
    body["requested_rate"] = body["override_rate"].where(body["override_rate"].notna(),
                                                         body["proposed_rate"])
    body = body[body["proposed_rate"].notna() | body["override_rate"].notna()]
    extra = [c for c in body.columns if c not in PROPOSAL_COLUMNS and not c.startswith("_")
             and c not in [s.key for s in spec.columns]]
    return body[PROPOSAL_COLUMNS + extra].reset_index(drop=True), problems


def read_proposal_overrides(path: str | Path) -> pd.DataFrame:
    """The rates the user typed in the Proposal sheet's ``Your rate`` column.

    Raises
    ------
    ratecalc.errors.InputError
        A cell the sheet reads as a rate no one means (a date pasted there), named.

    Returns
    -------
    pandas.DataFrame
        ``payer``, ``code``, ``override_rate`` [USD per unit]: one row per override.
    """
    proposal, problems = read_proposal(path)
    errors = [p.message for p in problems if p.severity == "error"]
    if errors:
        raise InputError("the Proposal sheet's 'Your rate' holds what RateCalc cannot ask for; "
                         "fix it first:\n  - " + "\n  - ".join(errors))
    kept = proposal[proposal["override_rate"].notna()]
    return kept[["payer", "code", "override_rate"]].reset_index(drop=True)


def read_negotiation_log(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The Negotiation Log as a typed table, oldest first.

    Returns
    -------
    tuple
        A frame with the columns of :data:`ratecalc_workbook.layout.LOG_SCHEMA` (``date``,
        ``payer``, ``round``, ``direction``, ``contact``, ``code``, ``offered_rate`` [USD per
        unit], ``offered_increase`` [fraction], ``summary``, ``next_step``, ``next_step_date``,
        ``status``) and ``sheet_row`` (the row the user sees), and the problems found (rows with
        errors are left out).
    """
    book = Path(path)
    with _read_only_workbook(book) as (wb, _):
        return negotiation_log_from_workbook(wb, book.name, book)


def negotiation_log_payers(path: str | Path) -> dict[int, str]:
    """The payer of each Negotiation Log row whose Payer cell reads, by the row the user sees:
    whose row a problem of the log is."""
    book = Path(path)
    with _read_only_workbook(book) as (wb, _):
        frame, _ = negotiation_log_from_workbook(wb, book.name, book, ("payer",))
    return {int(row): str(payer) for row, payer in zip(frame["sheet_row"], frame["payer"],
                                                       strict=True)}


def negotiation_log_from_workbook(wb: Workbook, file: str, path: Path | None = None,
                                  columns: tuple[str, ...] | None = None
                                  ) -> tuple[pd.DataFrame, list[Problem]]:
    """The Negotiation Log, typed, and its problems; with ``columns``, only those columns read
    (a row is then kept when they are good)."""
    return negotiation_logs_from_workbook(wb, file, path, (columns,))[0]


def negotiation_logs_from_workbook(wb: Workbook, file: str, path: Path | None,
                                   selections: tuple[tuple[str, ...] | None, ...]
                                   ) -> list[tuple[pd.DataFrame, list[Problem]]]:
    """:func:`negotiation_log_from_workbook` for each of ``selections`` (its ``columns``), the
    sheet's cells read once for all of them."""
    spec, schema = layout.NEGOTIATION_LOG_TABLE, layout.LOG_SCHEMA
    if spec.sheet not in wb.sheetnames:
        return [(pd.DataFrame(columns=schema.column_names), []) for _ in selections]
    ws = wb[spec.sheet]
    region = find_region(ws, spec, schema)
    if region is None:
        return [(pd.DataFrame(columns=schema.column_names), [Problem(
            schema.title, Location(file, spec.sheet), "no header row with Date and Payer")])
            for _ in selections]
    grid = FormulaValues(path).resolve(ws, region_grid(ws, region), region)
    raw = _shift(raw_from_grid(grid, schema, file, ws.title, in_1904(ws)), region)
    return [_typed_log(raw, schema, columns) for columns in selections]


def _typed_log(raw: RawTable, schema: Table, columns: tuple[str, ...] | None
               ) -> tuple[pd.DataFrame, list[Problem]]:
    """The Negotiation Log's cells as read (``raw``) typed, all or only ``columns``."""
    if columns is not None:
        schema = replace(schema, columns=tuple(
            c for c in schema.columns if c.name in columns))
        raw = replace(raw, frame=raw.frame[[c for c in raw.frame.columns
                                                       if c in columns]])
    typed, problems = coerce_table(raw.frame, schema, raw.source)
    typed["sheet_row"] = [raw.source.first_row + int(i) for i in typed.index]
    typed = (typed.sort_values("date", kind="stable") if "date" in typed and not typed.empty
             else typed)
    typed = typed.reset_index(drop=True)
    # the headers as the sheet shows them, for the letter's messages about a row
    typed.attrs["headers"] = {name: header for name, (_, header) in raw.source.columns.items()}
    typed.attrs["letters"] = {name: get_column_letter(number)
                              for name, (number, _) in raw.source.columns.items()}
    return typed, problems


def selected_payer(path: str | Path) -> str | None:
    """The payer picked on the Proposal sheet for the letter, if any."""
    with _read_only_workbook(Path(path)) as (wb, _):
        # on a renamed Proposal, the one picked there: the letter then says the sheet is
        # renamed (renamed_proposal), not that no payer is picked
        sheets = [ws for ws in wb.worksheets if ws.title == layout.PROPOSAL] or [
            ws for ws in wb.worksheets if layout.PROPOSAL_TABLE.name in ws.tables]
        if not sheets:
            return None
        value = sheets[0].cell(row=layout.SELECTED_PAYER_ROW,
                               column=layout.SELECTED_PAYER_COL).value
    return None if is_blank(value) else str(value).strip()
