"""Read the clinic's tables from CSV files, XLSX workbooks or frames read by another layer.

Headers are matched loosely (case, spaces and punctuation ignored) and through the aliases of
:data:`ratecalc.schema.HEADER_ALIASES`, so ``CPT/HCPCS``, ``Procedure Code`` and ``code`` all map
to ``code``. The header row need not be the first: title rows above it are skipped.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ratecalc import limits
from ratecalc.cell_errors import MergedOver, merged_over
from ratecalc.dataset import ClinicData, RowsRead, Settings, contract_key
from ratecalc.dates import is_serial, serial_day
from ratecalc.errors import (
    InputError,
    Location,
    Problem,
    ProblemError,
    UnreadableFileError,
    ValidationFailed,
    as_problem,
    column_letter,
)
from ratecalc.frozen_record import frozen_record
from ratecalc.input_paths import CSV_SUFFIXES, TABLE_FILE, XLSX_SUFFIXES
from ratecalc.regular_files import MISSING, not_a_file
from ratecalc.schema import EXIT_ASSUMPTIONS, HEADER_ALIASES, TABLES, Table
from ratecalc.shown_percent import (
    percent_cells,
    percent_styles,
    shown_percent,
    typed_percent,
    typed_percent_styles,
)
from ratecalc.validation import (
    CODE_PATTERN,
    Source,
    coerce_key_values,
    coerce_table,
    is_blank,
    is_number_cell,
    key_value_field,
)
from ratecalc.words import join_words
from ratecalc.xlsx_package import check_xlsx_package
from ratecalc.xlsx_parts import (
    HEAD_BYTES,
    NO_CELLS,
    TOTAL_ROW_WORDS,
    active_sheet,
    blank_shared_strings,
    filled_rows,
    lacks_dimension,
    merged_ranges,
    no_cells_kinds,
    row_elements,
    sheet_parts,
    sheet_states,
    total_rows,
    unusable_cells,
    uses_1904_dates,
    with_dimension,
)
from ratecalc.zip_archive import OPEN_FAILURES

if TYPE_CHECKING:
    from ratecalc.csv_text import MergedRow

# File names (without extension) each table is found under in a folder.
FILE_NAMES = {
    "clinic": ("clinic", "clinic_profile", "profile"),
    "payers": ("payers",),
    "contracts": ("contracts", "payers_contracts"),
    "fee_schedules": ("fee_schedules", "fee_schedule", "rates"),
    "volumes": ("volumes", "volume"),
    "benchmarks": ("benchmarks", "benchmark", "market_rates"),
    "metrics": ("metrics", "clinic_metrics"),
    "settings": ("settings",),
    # beside the eight tables: the Exit Impact what-ifs (schema.EXIT_ASSUMPTIONS), optional
    "exit_assumptions": ("exit_assumptions",),
}

#: The tables an analysis cannot do without, and why: a folder without one's file, or a workbook
#: without its sheet, is an error (it gave a $0.00 analysis, exit 0). A clinic that has none of
#: a table's rows yet gives the file with its header row alone.
NEEDED_TABLES = {
    "clinic": "its locality prices every code at Medicare",
    "fee_schedules": "the rates each payer pays are what the analysis compares",
    "volumes": "the units a year of each code weigh every revenue figure, which would all be "
               "$0.00",
    "benchmarks": "the market rates are what 'below market', the priorities and the rates to "
                  "ask are measured against, which would all say $0.00 below market",
}
#: The tables an analysis may go without, and what it then does not know (a warning).
OPTIONAL_TABLES = {
    "payers": "payer names are not checked against a list, and payers' visits a year are not "
              "known",
    "contracts": "no contract's end date, notice deadline or percent of Medicare is known",
    "metrics": "the clinic's visits and costs are not known",
    "settings": "RateCalc's default settings are used",
}


def absent_tables(missing: Sequence[str], location: Location,
                  looked_for: Callable[[str], str]) -> list[Problem]:
    """The problems of tables not found: an error for each of :data:`NEEDED_TABLES`, a warning
    for the others, each saying where it was looked for (``looked_for(name)``) and what the
    analysis cannot do without it."""
    found: list[Problem] = []
    for name in missing:
        title = TABLES[name].title
        if name in NEEDED_TABLES:
            found.append(Problem(title, location, f"{looked_for(name)}: an analysis cannot do "
                                 f"without the {title} table ({NEEDED_TABLES[name]}); a "
                                 f"clinic with no rows yet gives it with its header row only"))
        else:
            found.append(Problem(title, location, f"{looked_for(name)}: {OPTIONAL_TABLES[name]}",
                                 severity="warning"))
    return found


def _file_names(name: str) -> str:
    """``volumes.csv, volumes.xlsx, volume.csv or volume.xlsx``: the files table ``name`` is
    read from."""
    names = [f"{stem}{suffix}" for stem in FILE_NAMES[name] for suffix in (".csv", ".xlsx")]
    return ", ".join(names[:-1]) + f" or {names[-1]}"


#: The file a folder of tables may hold the letter's Negotiation Log in (``.csv`` or ``.xlsx``).
LOG_FILE_STEM = "negotiation_log"
#: Bytes of a file no table is read from that are looked at for a table's header row.
GUESS_HEAD_BYTES = 64 * 1024

# The tables an analysis writes (ratecalc.report.result_tables): a folder may hold them beside
# the clinic's, and they are never read as input, nor taken for a renamed input table.
RESULT_FILE_STEMS = frozenset((
    "renewal_timeline", "contract_check", "medicare", "comparison", "priorities",
    "pareto_payers", "pareto_codes", "proposal", "proposal_summary"))


_NOT_HEADER_CHARACTERS = re.compile(r"[^a-z0-9]")


def normalize_header(text: Any) -> str:
    """``'CPT/HCPCS Code '`` -> ``'cpthcpcscode'``: the form headers are compared in."""
    return _NOT_HEADER_CHARACTERS.sub("", str(text).lower())


def map_headers(headers: list[Any], table: Table) -> tuple[dict[Any, str], list[Any]]:
    """Map source headers to canonical columns of ``table``; return the mapping and the headers
    that matched nothing (reported to the user, never silently dropped)."""
    mapping: dict[Any, str] = {}
    unmapped: list[Any] = []
    for header in headers:
        name = column_named(header, table)
        if name is not None and name not in mapping.values():
            mapping[header] = name
        elif _headed(header):
            unmapped.append(header)
    return mapping, unmapped


def _headed(header: Any) -> bool:
    """Whether a header cell names a column: a blank one (None, or a NaN a reader gives for
    an empty cell, whose text is 'nan') heads none, so a note typed beside a table under no
    header is not a column "not imported" headed 'nan'."""
    return not is_blank(header) and bool(normalize_header(header))


def column_named(header: Any, table: Table) -> str | None:
    """The column of ``table`` a header names (by its name or an alias), if any."""
    key = normalize_header(header)
    by_key, names = _column_keys(table)
    name = by_key.get(key) or HEADER_ALIASES.get(key)
    return name if name in names else None


@cache
def _column_keys(table: Table) -> tuple[dict[str, str], frozenset[str]]:
    """``table``'s columns by their names' normalized form, and its column names: the same for
    every header of every file (a workbook's read asked for them 400 times)."""
    return ({normalize_header(c.name): c.name for c in table.columns},
            frozenset(table.column_names))


#: Said after a header error that leaves its table's rows unread (:func:`build_dataset`).
ROWS_UNREAD = "; the table's rows are checked once it is fixed"


def repeated_columns(headers: list[Any], table: Table, places: Mapping[str, int]
                     ) -> tuple[tuple[int, str, int], ...]:
    """The columns headed for a column of ``table`` that an earlier one already fills
    (``places``: column -> 0-based position read): (1-based number, header as written, 1-based
    number of the column read)."""
    found = []
    for j, header in enumerate(headers):
        name = column_named(header, table)
        if name is not None and places.get(name, j) != j:
            found.append((j + 1, str(header).strip(), places[name] + 1))
    return tuple(found)


def repeated_problems(table: Table, file: str | None, sheet: str | None, row: int,
                      repeated: Iterable[tuple[int, str, int]], title: str | None = None,
                      rows_unread: str = "") -> list[Problem]:
    """Errors for the columns :func:`repeated_columns` finds, at their header cells (``row``).

    A second ``allowed_amount`` column was ignored as "not recognised": its values were
    dropped, and which of the two held the right rates was never asked. RateCalc reads one
    column per field, and does not guess. ``rows_unread``: what the message adds when the
    table's rows are left unread until it is fixed.
    """
    return [Problem(title or table.title, unmapped_location(file, sheet, row, (number, header)),
                    f"a second column for {column_named(header, table)}, which column "
                    f"{column_letter(first)} fills: RateCalc reads one column per field and does "
                    f"not guess which holds the right values; delete one of the two, or rename "
                    f"its header{rows_unread}")
            for number, header, first in repeated]


@frozen_record
class RawTable:
    """Cells as read, with canonical headers, and where its first data row sits."""

    frame: pd.DataFrame
    source: Source
    #: Headers that matched no column: (1-based column number, header as written).
    unmapped: tuple[tuple[int, str], ...] = ()
    #: What its reader has to say about where it was read (which sheet: :class:`Grid`).
    notes: tuple[Problem, ...] = ()
    #: Columns headed for a column another one fills (:func:`repeated_columns`).
    repeated: tuple[tuple[int, str, int], ...] = ()


def header_cells(grid: pd.DataFrame, at: int, table: Table) -> list[Any]:
    """Row ``at``'s cells as the headers of ``table``'s columns: a cell covered by a header
    merged down over it from a row above, in its own column, that names a column of ``table``
    ("Effective Date" over E3:E4 beside a row of groups whose next row heads the others) heads
    its column with that header. Read from the row under the groups (:func:`find_header_row`),
    the cell held no text: the column was dropped unsaid ("the file has no effective-date
    column") and ``--effective-date`` replaced its dates. A merge over the row from a title or
    a logo names no column and is left as it is."""
    row = grid.iloc[at].tolist()
    for j, cell in enumerate(row):
        if not isinstance(cell, MergedOver) or not cell.first.startswith(column_letter(j + 1)) \
                or not cell.first[len(column_letter(j + 1)):].isdigit():
            continue
        above = at - 1
        while above >= 0 and isinstance(grid.iat[above, j], MergedOver):
            above -= 1
        header = grid.iat[above, j] if above >= 0 else None
        if isinstance(header, str) and not table.key_value and column_named(header, table):
            row[j] = header
    return row

def find_header_row(grid: pd.DataFrame, table: Table, max_scan: int = 15) -> int | None:
    """Index of the first row that holds all of ``table``'s required columns (or, for key/value
    tables, a ``field`` header); None if none of the first ``max_scan`` rows does."""
    required = {c.name for c in table.columns if c.required}
    scan = min(max_scan, len(grid))

    def heads(i: int) -> bool:
        cells = [c for c in header_cells(grid, i, table) if isinstance(c, str) and c.strip()]
        if table.key_value:
            return {normalize_header(c) for c in cells} >= {"field", "value"}
        mapping, _ = map_headers(cells, table)
        return required <= set(mapping.values())

    for i in range(scan):
        if heads(i):
            # a row of groups merged over the columns beneath ("Reimbursement" over "Units"
            # and "Max Fee") may name the fields too; the row under it heads each column
            # (walk-9: the group's first column, the Units, was read as the amount)
            grouped = any(isinstance(c, MergedOver) for c in grid.iloc[i].tolist())
            return i + 1 if grouped and i + 1 < scan and heads(i + 1) else i
    return None


def _closest_header(grid: pd.DataFrame, table: Table, max_scan: int = 15) -> str:
    """What the row closest to a header lacks, the headers it gives twice, and the headers there
    that match no column (the nearest named as the column it may be), for the message; "" when
    no row names any required column."""
    import difflib

    required = [c.name for c in table.columns if c.required]
    best: tuple[set[str], list[str], list[Any]] | None = None
    merged = ""
    for i in range(min(max_scan, len(grid))):
        row = grid.iloc[i].tolist()
        cells = [c for c in row if isinstance(c, str) and c.strip()]
        mapping, unmapped = map_headers(cells, table)
        found = set(mapping.values()) & set(required)
        if found and (best is None or len(found) > len(best[0])):
            again = [h for h in unmapped if (HEADER_ALIASES.get(normalize_header(h))
                                             or normalize_header(h)) in mapping.values()]
            best = (found, again, [h for h in unmapped if h not in again])
            # a header merged over the next cells hides theirs: said, or the row only "lacks"
            ranges = sorted({c.cells for c in row if isinstance(c, MergedOver)})
            merged = (f"; its cells {', '.join(ranges)} are merged, and a merged range keeps "
                      f"only its first cell's header: unmerge them and head each column"
                      if ranges else "")
    if best is None or table.key_value:
        return ""
    found, again, other = best
    missing = [name for name in required if name not in found]
    twice = f"; {', '.join(repr(h) for h in again)} is there twice" if again else ""
    if not other:
        return f": the closest row lacks {', '.join(missing)}{twice}{merged}"
    by_form = {normalize_header(h): str(h).strip() for h in other}
    guesses = []
    for name in missing:
        close = difflib.get_close_matches(normalize_header(name), list(by_form), n=1,
                                          cutoff=0.6)
        if close:
            words = name.replace("_", " ").capitalize()
            guesses.append(f"if '{by_form[close[0]]}' is {name}, head it '{words}'")
    there = ", ".join(repr(str(h).strip()) for h in other)
    return (f": the closest row lacks {', '.join(missing)}{twice}; its headers that match no "
            f"column: {there}" + (f" ({'; '.join(guesses)})" if guesses else "") + merged)


def empty_grid_rule(grid: pd.DataFrame, sheet: str | None, expected: str) -> str | None:
    """The rule a file or sheet with no cell filled breaks (0 bytes, blank lines, a byte-order
    mark alone, a blank sheet), naming the ``expected`` columns; None when a cell is filled.

    Said so, not "no header row" or "missing columns": every reader of a table words it so.
    """
    if not all(is_blank(v) for v in grid.to_numpy().ravel()):
        return None
    empty = f"sheet '{sheet}' is empty" if sheet else "the file is empty"
    return f"{empty}: expected a header row with the columns {expected}, then the rows"


def raw_from_grid(grid: pd.DataFrame, table: Table, file: str | None,
                  sheet: str | None, date1904: bool = False) -> RawTable:
    """Cut a raw table out of a grid of cells (no header), finding its header row;
    ``date1904``: the grid is a sheet of a workbook saved in the 1904 date system, whose date
    cells holding a bare number count days from 1904 (:func:`days_of_1904`), as a grid
    :func:`read_xlsx_cells` read from one says (``grid.attrs[DATE1904]``)."""
    date1904 = date1904 or bool(grid.attrs.get(DATE1904))
    header_at = find_header_row(grid, table)
    if header_at is None:
        expected = ("'field' and 'value'" if table.key_value else
                    ", ".join(c.name for c in table.columns if c.required))
        empty = empty_grid_rule(grid, sheet, expected)
        if empty:
            # a file with nothing in it (no sheet: a CSV) is a file that cannot be read at all,
            # exit 3 whether it is given on its own or is a table of a folder, as an empty
            # workbook and an empty 835 are (a folder's was 1, the same file alone 3); a blank
            # sheet of a workbook that was read is a table missing (1)
            raise ProblemError(Problem(table.title, Location(file, sheet), empty,
                                       unreadable=sheet is None))
        raise ProblemError(Problem(
            table.title, Location(file, sheet),
            f"no header row with the columns {expected} in the first 15 rows"
            f"{_closest_header(grid, table)}"))
    headers = header_cells(grid, header_at, table)
    body = grid.iloc[header_at + 1:].reset_index(drop=True)
    body.columns = range(body.shape[1])
    if table.key_value:
        norm = [normalize_header(h) for h in headers]
        places = {name: norm.index(name) for name in ("field", "value")}
        unmapped: tuple[tuple[int, str], ...] = ()
    else:
        mapping, _ = map_headers(headers, table)
        places = {name: headers.index(src) for src, name in mapping.items()}
        repeated = repeated_columns(headers, table, places)
        unmapped = unmapped_columns(headers, [*places.values(), *(n - 1 for n, _, _ in repeated)])
    frame = pd.DataFrame({name: body[j] for name, j in places.items()})
    if date1904:
        frame = days_of_1904(frame, table)
    shown = {name: (j + 1, str(headers[j]).strip()) for name, j in places.items()}
    # header_at is 0-based; sheet rows are 1-based, so the first data row is header_at + 2.
    return RawTable(frame, Source(file, sheet, header_at + 2, shown), unmapped,
                    repeated=() if table.key_value else repeated)


#: The mark :func:`read_xlsx_cells` gives (in ``DataFrame.attrs``) a grid of a workbook saved
#: in the 1904 date system.
DATE1904 = "date1904"


def days_of_1904(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """``frame``, a table read from a workbook saved in the 1904 date system (Mac Excel's
    option), with each bare number in a date cell made the day it counts in that system
    (:func:`ratecalc.dates.serial_day`): a date in a cell formatted as a number (pasted as a
    value, or a formula's result such as =G5+365) is days from 1904-01-01 there, and was read
    as days from 1900, four years and a day early. Cells formatted as dates are read as dates
    already; a number no day has is left for the date's own check to refuse.

    >>> from ratecalc.schema import TABLES
    >>> days_of_1904(pd.DataFrame({"field": ["Analysis date", "Notice days"],
    ...                            "value": [45015, 90]}), TABLES["settings"])["value"].tolist()
    [datetime.date(2027, 3, 31), 90]
    """
    kinds = {c.name: c.kind for c in table.columns}

    def day(value: Any) -> Any:
        if is_number_cell(value) and is_serial(float(value), date1904=True):
            return serial_day(float(value), date1904=True)
        return value

    out = frame.copy()
    if table.key_value and {"field", "value"} <= set(out.columns):
        dated = [not is_blank(label) and kinds.get(key_value_field(label)) == "date"
                 for label in out["field"]]
        out["value"] = [day(v) if is_date else v
                        for v, is_date in zip(out["value"], dated, strict=True)]
        return out
    for name in out.columns:
        if kinds.get(name) == "date":
            out[name] = out[name].map(day).astype(object)
    return out


def unmapped_columns(headers: list[Any], used: Iterable[int]) -> tuple[tuple[int, str], ...]:
    """The headed columns not read (0-based positions ``used`` were): (1-based number, header
    as written), so a message gives each one's letter as the other messages do."""
    taken = set(used)
    return tuple((j + 1, str(h).strip()) for j, h in enumerate(headers)
                 if j not in taken and _headed(h))


def unmapped_location(file: str | None, sheet: str | None, row: int,
                      column: tuple[int, str]) -> Location:
    """Where a column that was not read is: its header cell, with its letter."""
    number, header = column
    return Location(file, sheet, row, header, header=header, letter=column_letter(number))


@frozen_record
class Grid:
    """The cells of a CSV file or of one workbook sheet, no header interpretation.

    Attributes
    ----------
    cells : pandas.DataFrame
        Row 0 is the file's first row, column 0 its column A. A cell showing an Excel error
        value holds its text (``'#REF!'``), as a CSV Excel saved holds it.
    sheet : str or None
        The sheet read (None for a CSV).
    notes : tuple of Problem
        Which sheet was read, when other visible sheets held the table too (warnings).
    """

    cells: pd.DataFrame
    sheet: str | None = None
    notes: tuple[Problem, ...] = ()


#: Checks a sheet's rows before its cells are read (:func:`read_grid`'s ``check_rows``): given
#: the sheet's first :data:`HEADER_SCAN_ROWS` rows as a grid, its name, and the numbers
#: (1-based) of its rows holding a value, streamed from the file, it raises to refuse the
#: sheet, or returns the last row to read.
RowCheck = Callable[[pd.DataFrame, str, Iterator[int]], int]
#: Rows in which a header row is looked for (:func:`find_header_row`).
HEADER_SCAN_ROWS = 15


def read_grid(path: Path, sheet: str | int | None = None, table: Table | None = None, *,
              row_limit: int | None = None, check_rows: RowCheck | None = None) -> Grid:
    """All cells of a CSV or of one XLSX sheet (see :func:`choose_sheet` for which one).

    With ``row_limit`` and ``check_rows``, an XLSX sheet that may hold more rows than
    ``row_limit`` (counting its row tags, a bound) is first given to ``check_rows``
    (:data:`RowCheck`), its rows streamed, and only the rows up to the one it returns are read:
    a sheet refused is never read whole, and blank rows below the last value (a used range
    running to row 1,048,576) are not read cell by cell.
    """
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            # The csv module, not pandas: payer exports put one-cell title rows above the
            # table, and pandas refuses rows of different lengths.
            # UTF-8, UTF-16 or cp1252 (Excel's saves), or refused naming the line; split at
            # its delimiter (comma, tab, semicolon, bar); a cell RateCalc quoted when it wrote
            # the file (workbook export) reads back as it was
            # a workbook needs no CSV reader
            from ratecalc.csv_text import merged_row_problems, read_csv_rows

            merged: list[MergedRow] = []
            rows = read_csv_rows(path, max_rows=limits.MAX_TABLE_ROWS,
                                 holder="a table (an Excel sheet's rows)", merged=merged)
            notes = merged_row_problems(merged, table.title if table else "Table", path.name)
            return Grid(_rows_grid(rows), notes=notes)
        if suffix in XLSX_SUFFIXES:
            check_xlsx_package(path)
            states, active = xlsx_sheet_states(path)
            if row_limit is not None and check_rows is not None:
                return _checked_grid(path, states, active, sheet, table, row_limit, check_rows)
            if sheet is not None:
                name = _named_sheet(path, states, sheet)
                return Grid(read_xlsx_cells(path, [name])[name], name)
            visible = [n for n, state in states if state == "visible"]
            cells = read_xlsx_cells(path, visible)
            name, notes = choose_sheet(path.name, states, active, cells, table)
            return Grid(cells[name], name, notes)
    except InputError:
        raise
    except FileNotFoundError:
        raise UnreadableFileError(f"'{path}' {MISSING}") from None
    except Exception as exc:  # any reader failure is a corrupt or unreadable file to the user
        raise UnreadableFileError(
            f"'{path.name}': cannot read it as {suffix[1:].upper()} ({exc})") from exc
    what = not_a_file(path)  # a folder or a pipe is named as what it is, not by its suffix
    # the path as given, as the CSV and workbook readers name it (and the early check of a
    # command: ratecalc.input_paths.table_file)
    raise UnreadableFileError(TABLE_FILE.refusal(path, what) if what
                              else f"'{path.name}': expected a .csv or .xlsx file")


def _checked_grid(path: Path, states: list[tuple[str, str]], active: int,
                  sheet: str | int | None, table: Table | None, row_limit: int,
                  check_rows: RowCheck) -> Grid:
    """:func:`read_grid` of an XLSX, each sheet that may hold more than ``row_limit`` rows
    read only as far as ``check_rows`` allows (its first rows, to choose the sheet, before)."""
    import zipfile

    names = ([_named_sheet(path, states, sheet)] if sheet is not None
             else [n for n, state in states if state == "visible"])
    with zipfile.ZipFile(path) as archive:
        parts = dict(sheet_parts(archive))
        large = {n for n in names if n in parts and row_elements(archive, parts[n]) > row_limit}
    cells = read_xlsx_cells(path, [n for n in names if n not in large])
    cells.update(read_xlsx_cells(path, [n for n in names if n in large], HEADER_SCAN_ROWS))
    notes: tuple[Problem, ...] = ()
    if sheet is not None:
        name = names[0]
    else:
        name, notes = choose_sheet(path.name, states, active, cells, table)
    if name not in large:
        return Grid(cells[name], name, notes)
    with zipfile.ZipFile(path) as archive:
        last = check_rows(cells[name], name, filled_rows(archive, parts[name],
                                                         blank_shared_strings(archive)))
    return Grid(read_xlsx_cells(path, [name], last)[name], name, notes)


def _named_sheet(path: Path, states: list[tuple[str, str]], sheet: str | int) -> str:
    """The sheet asked for by name (any capitals) or position; a sheet that is no worksheet
    (a chart, dialog or Excel 4 macro sheet) is refused, naming what it is."""
    names = [n for n, _ in states]
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputError(f"'{path.name}': no sheet number {sheet + 1}; it has {len(names)}")
        name = names[sheet]
    else:
        match = [n for n in names if n.lower() == str(sheet).lower()]
        if not match:
            raise InputError(f"'{path.name}': no sheet named {sheet!r}; sheets are "
                             f"{', '.join(names)}")
        name = match[0]
    if dict(states)[name] == NO_CELLS:
        import zipfile

        with zipfile.ZipFile(path) as archive:  # which kind: only when one is named
            kind = no_cells_kinds(archive).get(name, "a sheet that is no worksheet")
        worksheets = ", ".join(n for n, state in states if state != NO_CELLS)
        raise InputError(f"'{path.name}': sheet '{name}' is {kind}, which holds no cells "
                         f"to read: name a worksheet ({worksheets})")
    return name


def xlsx_sheet_states(path: Path) -> tuple[list[tuple[str, str]], int]:
    """A workbook's sheets, each with its state (``visible``, ``hidden``, ``veryHidden``), in
    workbook order, and the position of the one it opens on (its active sheet)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return sheet_states(archive), active_sheet(archive)


def read_xlsx_cells(path: Path, names: Sequence[str], rows: int | None = None
                    ) -> dict[str, pd.DataFrame]:
    """The cells of the sheets ``names`` (the first ``rows`` rows, or all) as grids.

    pandas reads the values (through openpyxl: the core never imports it) and makes a blank of
    a cell showing an Excel error (``#REF!``) and of a formula never computed; such a cell gets
    its error's text back here, or :class:`~ratecalc.cell_errors.Uncomputed`
    (:func:`ratecalc.xlsx_parts.unusable_cells`), so the one rule for them
    (:func:`ratecalc.validation.parse_cell`) refuses it where it is, as it does a CSV's.
    """
    import zipfile

    if not names:
        return {}
    sized = _sized_package(path)
    try:
        # openpyxl warns in its own words, naming its own source file on the terminal, of what
        # a values read does not need ("Workbook contains no default style, apply openpyxl's
        # default", of a payer's export written by another program)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            try:
                grids = pd.read_excel(sized, sheet_name=list(names), header=None,
                                      dtype=object, nrows=rows)
            except Exception:
                if sized is path:
                    raise
                # a file the copy cannot be read from is read as it is: refused in its own
                # words (a parser's line and column are the file's, not the copy's)
                grids = pd.read_excel(path, sheet_name=list(names), header=None,
                                      dtype=object, nrows=rows)
    except Exception as exc:
        from ratecalc.xlsx_unreadable import unreadable_message  # a read that failed only

        # pandas' reader names no sheet nor cell ("list index out of range")
        message = unreadable_message(path, data_only=True)
        if message is None:
            raise
        raise UnreadableFileError(message) from exc
    with zipfile.ZipFile(path) as archive:
        parts = dict(sheet_parts(archive))
        styles = percent_styles(archive)
        typed = typed_percent_styles(archive)
        for name in names:
            if styles and name in parts:
                grids[name] = _percents_marked(grids[name],
                                               percent_cells(archive, parts[name], styles))
            for style, format_code in typed.items() if name in parts else ():
                grids[name] = _percents_marked(grids[name],
                                               percent_cells(archive, parts[name], [style]),
                                               partial(typed_percent, code=format_code))
            errors = unusable_cells(archive, parts[name]) if name in parts else {}
            errors = {at: code for at, code in errors.items() if rows is None or at[0] < rows}
            if errors:
                grid = grids[name]
                height = max(len(grid), 1 + max(r for r, _ in errors))
                width = max(grid.shape[1], 1 + max(c for _, c in errors))
                grid = grid.reindex(index=range(height), columns=range(width)).astype(object)
                for (row, column), code in errors.items():
                    grid.iat[row, column] = code
                grids[name] = grid
            if name in parts:
                grids[name] = _merged_marked(grids[name], merged_ranges(archive, parts[name]))
        if uses_1904_dates(archive):  # its date cells holding a number: raw_from_grid reads them
            for grid in grids.values():
                grid.attrs[DATE1904] = True
    return grids


def _percents_marked(grid: pd.DataFrame, cells: frozenset[tuple[int, int]],
                     mark: Callable[[Any], Any] = shown_percent) -> pd.DataFrame:
    """``grid`` with each number its cell shows as a percent marked so
    (:class:`~ratecalc.shown_percent.ShownPercent`): a 1.5 shown as 150% is read as 150%, as
    the master workbook's percent cells are, where a bare 1.5 reads two ways; ``mark``:
    another marking (:func:`~ratecalc.shown_percent.typed_percent`: 1.5 shown 1.5%)."""
    height, width = grid.shape
    inside = [(r, c) for r, c in cells if r < height and c < width]
    if not inside:
        return grid
    grid = grid.copy()
    for row, column in inside:
        grid.iat[row, column] = mark(grid.iat[row, column])
    return grid


def _merged_marked(grid: pd.DataFrame, ranges: list[tuple[int, int, int, int]]
                   ) -> pd.DataFrame:
    """``grid`` with each blank cell a merged range covers (its first cell holding a value)
    made :class:`~ratecalc.cell_errors.MergedOver`, refused where a table reads it."""
    height, width = grid.shape

    def holds_value(row: int, column: int) -> bool:
        return row <= height and column <= width and not is_blank(grid.iat[row - 1, column - 1])

    covered = {at: marker for at, marker in merged_over(ranges, holds_value,
                                                         (height, width)).items()
               if is_blank(grid.iat[at[0] - 1, at[1] - 1])}
    if not covered:
        return grid
    grid = grid.astype(object)
    for (row, column), marker in covered.items():
        grid.iat[row - 1, column - 1] = marker
    return grid


#: What making that copy of a damaged package may raise.
_COPY_FAILURES: tuple[type[Exception], ...] = (*OPEN_FAILURES, OSError, KeyError)
#: The largest workbook (its parts unpacked) :func:`_sized_package` copies into memory.
SIZED_COPY_BYTES = 64 << 20


def _sized_package(path: Path) -> Path | io.BytesIO:
    """``path``, or when one of its worksheets has no ``<dimension>``, a copy in memory (parts
    stored, not compressed again) in which each has one (:func:`ratecalc.xlsx_parts.
    with_dimension`): openpyxl would parse each such sheet whole once more as it opens the
    workbook, before pandas reads a cell. A workbook unpacking to more than
    :data:`SIZED_COPY_BYTES` is read as it is."""
    try:
        return _sized_copy(path)
    except _COPY_FAILURES:
        return path  # damaged: read as it is, and refused in the reader's words as before


def _sized_copy(path: Path) -> Path | io.BytesIO:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > SIZED_COPY_BYTES \
                or len({info.filename for info in infos}) < len(infos):
            return path  # large, or a part named twice (which one openpyxl reads is its own)
        sized: dict[str, bytes] = {}
        for _, part in sheet_parts(archive):
            with archive.open(part) as stream:
                head = stream.read(HEAD_BYTES)
            if lacks_dimension(head):
                data = with_dimension(archive.read(part))
                if data is not None:
                    sized[part] = data
        if not sized:
            return path
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
            for info in infos:
                out.writestr(zipfile.ZipInfo(info.filename, info.date_time),
                             sized.get(info.filename) or archive.read(info))
    copy.seek(0)
    return copy


def choose_sheet(file: str, states: Sequence[tuple[str, str]], active: int,
                 cells: Mapping[str, pd.DataFrame], table: Table | None
                 ) -> tuple[str, tuple[Problem, ...]]:
    """The sheet a table is read from when no sheet is named, and a warning when there was a
    choice: the one rule of every reader of a table from a workbook of the user's.

    Only a visible sheet is read, never a hidden one (payers' workbooks keep lookup tables,
    older rates, on hidden sheets). Of the visible sheets, the one that holds ``table``'s header
    row; when several do, the one the workbook opens on (its active sheet) if it is one of
    them, else the first, and a warning names the sheet read and the others. When none does
    (or no ``table`` is given), the active sheet if it is visible, else the first visible one.
    ``cells``: the visible sheets' cells (:func:`read_xlsx_cells`).
    """
    visible = [name for name, state in states if state == "visible"]
    if states and all(state == NO_CELLS for _, state in states):
        # nothing hidden to unhide: "every worksheet is hidden ... unhide" sent the user
        # looking for a sheet the workbook does not have
        named = ", ".join(name for name, _ in states)
        kind = "a chart sheet" if len(states) == 1 else "chart sheets"
        raise InputError(f"'{file}': the workbook has no worksheet, only {kind} ({named}), "
                         f"which holds no table: expected a worksheet holding the table")
    if not visible:
        charts = any(state == NO_CELLS for _, state in states)
        which = ("every worksheet of the workbook is hidden (a chart sheet holds no table)"
                 if charts else "every sheet of the workbook is hidden")
        raise InputError(f"'{file}': {which}, and RateCalc reads only sheets the workbook "
                         f"shows: unhide the sheet to read")
    opened = states[active][0] if 0 <= active < len(states) else visible[0]
    default = opened if opened in visible else visible[0]
    if table is None:
        return default, ()
    holding = [name for name in visible if find_header_row(cells[name], table) is not None]
    if len(holding) <= 1:
        return (holding[0] if holding else default), ()
    chosen = default if default in holding else holding[0]
    others = [name for name in holding if name != chosen]
    one = len(others) == 1
    which = ("the sheet the workbook opens on" if chosen == opened
             else "the first visible sheet holding one")
    listed = ", ".join(f"'{name}'" for name in others)
    return chosen, (Problem(
        table.title, Location(file, chosen),
        f"read from sheet '{chosen}' ({which}); {'sheet' if one else 'sheets'} {listed} "
        f"{'holds' if one else 'hold'} a {table.title} table too, not read: keep one such "
        f"table to a workbook, or name the sheet to read", severity="warning"),)


def read_headed_table(path: Path, expected: str, title: str = "Table", *,
                      notes: list[Problem] | None = None) -> pd.DataFrame:
    """A CSV or an XLSX sheet (:func:`choose_sheet`) whose first row is its header, cells as
    :func:`read_grid` reads them (a CSV's as text, RateCalc's spreadsheet-safe quote undone).

    For tables without a schema here (a payer's counteroffer); the schema'd tables go through
    :func:`read_raw_table`, which also finds a header below title rows. Blank rows are left out
    and the index is the row number the user sees in the file (the header is row 1), so a
    message names the right row whatever was skipped; ``attrs["sheet"]`` is the sheet read
    (None for a CSV). Columns with a blank header are left out;
    in a CSV, a value right of the header's last column is an error (a comma left unquoted
    split a field: :func:`split_field_problem`). ``expected``: the columns the table should
    have, named when the file or sheet is empty; ``title``: the table's name in a message.
    Given ``notes``, the warnings of reading the file are added to it (:attr:`Grid.notes`: a
    quoted cell holding a line that reads as a whole row, the sheet chosen), named as
    ``title``'s: the caller shows them with its others.

    Raises
    ------
    ratecalc.errors.InputError
        The file cannot be read, or it (or its sheet) is empty
        (:class:`~ratecalc.errors.UnreadableFileError` for an empty CSV).
    """
    read = read_grid(path)
    if notes is not None:
        notes.extend(replace(note, table=title) for note in read.notes)
    empty = empty_grid_rule(read.cells, read.sheet, expected)
    if empty:
        # a CSV with nothing in it cannot be read at all (exit 3), as raw_from_grid says; a
        # blank sheet of a workbook that was read is a table missing (1)
        error = UnreadableFileError if read.sheet is None else InputError
        raise error(f"'{path.name}': {empty}")
    grid = read.cells
    if read.sheet is None:  # a CSV: a field past the header is a value split at a comma
        last = last_header_column(grid.iloc[0].tolist())
        for k in range(1, len(grid)):
            past = field_past_header(grid.iloc[k].tolist(), last)
            if past is not None:
                raise ProblemError(split_field_problem(title, path.name, None, k + 1,
                                                       grid.iloc[0].tolist(), last, past,
                                                       remedy=""))
    header = ["" if is_blank(h) else str(h).strip() for h in grid.iloc[0]]
    keep = [i for i, h in enumerate(header) if h]
    body = grid.iloc[1:, keep]
    body.columns = [header[i] for i in keep]
    body.index = pd.Index(range(2, len(grid) + 1), name="row")
    filled = [not all(is_blank(v) for v in row) for row in body.itertuples(index=False)]
    # by label: ``body[[]]`` of a file with only its header picks no column, not no row, and
    # the header's columns were lost ("missing column(s) payer, code" of a file holding them)
    table = body.loc[pd.Series(filled, index=body.index, dtype=bool)]
    # each column's letter in the file, for messages (the blank-headed ones are left out)
    table.attrs["letters"] = {header[i]: column_letter(i + 1) for i in keep}
    # the sheet read of a workbook (None: a CSV), for messages naming their place
    table.attrs["sheet"] = read.sheet
    return table


def read_raw_table(path: Path, table: Table, sheet: str | int | None = None) -> RawTable:
    grid = read_grid(path, sheet, table)
    raw = raw_from_grid(grid.cells, table, path.name, grid.sheet)
    split: list[Problem] = []
    if grid.sheet is None:  # a CSV: a field past the header is a value split at a comma
        header_at = raw.source.first_row - 2
        last = last_header_column(grid.cells.iloc[header_at].tolist())
        for k in range(header_at + 1, len(grid.cells)):
            past = field_past_header(grid.cells.iloc[k].tolist(), last)
            if past is not None:
                split.append(split_field_problem(table.title, path.name, None, k + 1,
                                                 grid.cells.iloc[header_at].tolist(), last,
                                                 past, remedy=""))
    totals = () if grid.sheet is None else total_row_problems(path, grid.sheet, table.title)
    return replace(raw, notes=grid.notes + tuple(split) + totals)


def total_row_problems(path: Path, sheet: str, title: str) -> tuple[Problem, ...]:
    """An error at the first cell of each Excel table's Total Row on ``sheet`` of the .xlsx
    ``path``, read as one of the eight tables: the row was read as data (a Payers sheet's
    "Total" a payer with every payer's visits summed, which `workbook new --from` wrote into
    the new workbook's Payers table, exit 0). A payer's fee schedule keeps its own rule (a
    totals row is no fee line, skipped with a warning)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        part = dict(sheet_parts(archive)).get(sheet)
        found = [] if part is None else total_rows(archive, part)
    # at its first cell, as the master workbook's reader names it (the row alone named no
    # column)
    return tuple(Problem(title, Location(path.name, sheet, row,
                                         column=header or column_letter(column),
                                         header=header,
                                         letter=column_letter(column) if header else None),
                         TOTAL_ROW_WORDS)
                 for row, column, header in found)


def last_header_column(headers: Sequence[Any]) -> int:
    """0-based position of the last non-blank cell of a header row (-1 when none)."""
    return max((j for j, h in enumerate(headers) if not is_blank(h)), default=-1)


# What is left of a number after an unquoted comma: "1,336" split into "1" and "336", "$1,040.00"
# into "$1" and "040.00", a decimal comma's "30,50" into "30" and "50" (a percent sign or an
# accounting parenthesis may close it); any other text past the header is a note beside the table
_SPLIT_REST = re.compile(r"\s*[0-9]+(?:\.[0-9]*)?\s*%?\s*\)?\s*", re.ASCII)


def field_past_header(cells: Sequence[Any], last_header: int) -> tuple[int, str] | None:
    """(0-based column, text) of the first cell right of column ``last_header`` in a row of a
    grid that reads as the rest of a number an unquoted comma split (digits, perhaps decimals:
    ``336``, ``040.00``, a decimal comma's ``50``); None when there is none. Other text there
    is a note, left out as a note beside a workbook's table is."""
    for j in range(last_header + 1, len(cells)):
        if not is_blank(cells[j]) and _SPLIT_REST.fullmatch(str(cells[j])):
            return j, str(cells[j])
    return None


def split_field_problem(title: str, file: str | None, sheet: str | None, row: int,
                        headers: Sequence[Any], last_header: int, past: tuple[int, str], *,
                        remedy: str) -> Problem:
    """The error for a delimited text file's row with a field past its header's last column
    (:func:`field_past_header`): a comma left unquoted split a field (``1,200`` read as ``1``
    and ``200``), and the part past the header was dropped without a word. In a workbook such
    a cell is a note beside the table, and is not asked about. ``row`` is 1-based."""
    column, value = past
    letter = column_letter(column + 1)
    return Problem(
        title, Location(file, sheet, row, letter, header="(no header)", letter=letter),
        f"the row has a field past the header's last column ({column_letter(last_header + 1)} "
        f"'{str(headers[last_header]).strip()}'): a comma the file left unquoted, as in "
        f"$1,040.00? Quote the field or drop the comma{remedy}", value)


def _unmapped_problems(raw: RawTable, table: Table) -> list[Problem]:
    header_row = raw.source.first_row - 1
    repeated = repeated_problems(table, raw.source.file, raw.source.sheet, header_row,
                                 raw.repeated, rows_unread=ROWS_UNREAD)
    return repeated + [Problem(table.title, unmapped_location(raw.source.file, raw.source.sheet,
                                                              header_row, column),
                               "column not recognised; it was ignored", severity="warning")
                       for column in raw.unmapped]


def build_dataset(raws: Mapping[str, RawTable | None], *, unread: Collection[str] = (),
                  clinic_place: Location | None = None,
                  ) -> tuple[ClinicData | None, list[Problem]]:
    """Type and cross-check raw tables; return the data (None if any error) and all problems.

    ``unread`` names the tables whose file or sheet could not be read, a problem already
    reported: such a table is not reported missing as well. ``clinic_place``: where the
    clinic profile was looked for (a workbook's Clinic sheet), named when it is missing.
    """
    problems: list[Problem] = []
    typed: dict[str, Any] = {}
    # the header cells whose error is said: a table read as two (the workbook's Payers &
    # Contracts, each with a payer column) has one header, and its cell's error is said once
    said: set[Location] = set()
    for name, table in TABLES.items():
        raw = raws.get(name)
        if raw is None:
            if name == "clinic" and name not in unread:
                needed = join_words([f"{c.name} ({c.description})" for c in table.columns
                                     if c.required])
                problems.append(Problem(table.title, clinic_place or Location(),
                                        f"the clinic profile is missing: expected the "
                                        f"{table.title} table with the fields {needed}"))
            typed[name] = {} if table.key_value else pd.DataFrame(columns=table.column_names)
            continue
        problems.extend(raw.notes)
        header = [p for p in _unmapped_problems(raw, table)
                  if p.severity != "error" or p.location not in said]
        said.update(p.location for p in header if p.severity == "error")
        problems.extend(header)
        if raw.repeated:
            # two columns for one field: which holds the values is not known, so an error in
            # each row read from the first would follow from the header, not from what was
            # typed (a table read across its neighbour's columns listed 21 more errors after
            # this one). The header's error alone; the rows are checked once it is fixed.
            typed[name] = {} if table.key_value else pd.DataFrame(columns=table.column_names)
            continue
        if table.key_value:
            typed[name], found = coerce_key_values(raw.frame, table, raw.source)
        else:
            typed[name], found = coerce_table(raw.frame, table, raw.source)
        problems.extend(found)
    problems.extend(_cross_checks(typed, raws))
    problems = [_shown(p, raws) for p in problems]
    if any(p.severity == "error" for p in problems):
        return None, problems
    _spell_payers_as_listed(typed)
    data = ClinicData(
        clinic=typed["clinic"],
        payers=typed["payers"].reset_index(drop=True),
        contracts=typed["contracts"].reset_index(drop=True),
        fee_schedules=typed["fee_schedules"].reset_index(drop=True),
        volumes=typed["volumes"].reset_index(drop=True),
        benchmarks=typed["benchmarks"].reset_index(drop=True),
        metrics=typed["metrics"].reset_index(drop=True),
        settings=Settings.from_mapping(typed["settings"]),
        rows_read=_rows_read(raws, typed),
    )
    return data, problems


def _rows_read(raws: Mapping[str, RawTable | None], typed: Mapping[str, Any]
               ) -> dict[str, RowsRead]:
    """Where the rows an output or the analysis may name after reading were read
    (:attr:`ClinicData.rows_read`): volumes, contracts, fee schedules, benchmarks, metrics and
    the two field/value tables."""
    rows: dict[str, RowsRead] = {}
    for name, positions in (("volumes", _volume_rows(typed["volumes"])),
                            ("contracts", _contract_rows(typed["contracts"])),
                            ("fee_schedules", _numbered_rows(typed["fee_schedules"])),
                            # read for their place: a code no benchmark row gives, a metric
                            # missing, is named at the table the user would add it to
                            ("benchmarks", _numbered_rows(typed["benchmarks"])),
                            ("metrics", _numbered_rows(typed["metrics"]))):
        raw = raws.get(name)
        if raw is not None:
            rows[name] = RowsRead(raw.source, positions)
    for name in ("clinic", "settings"):
        raw = raws.get(name)
        if raw is not None:
            rows[name] = _field_rows(raw)
    return rows


def _first_positions(keys: Iterable[Hashable], index: pd.Index) -> dict[Hashable, int]:
    """Each key's first position in ``index`` (the row's place in its raw table): a key given
    twice is named at its first row, as it is read once. Built from the end, so the first
    row's position is the one left."""
    positions = index.astype(int).tolist()  # Python ints, as Source.at takes them
    return dict(zip(reversed(list(keys)), reversed(positions), strict=True))


def _volume_rows(volumes: pd.DataFrame) -> dict[Hashable, int]:
    """Each volume row by its payer (as the Payers spell it) and code; ``volumes`` is indexed
    by its rows' positions in its raw table."""
    # the columns as lists: a pandas column (of pyarrow strings above all) is slow to step through
    keys = zip(map(str, volumes["payer"].tolist()), map(str, volumes["code"].tolist()),
               strict=True)
    return _first_positions(keys, volumes.index)


def _numbered_rows(table: pd.DataFrame) -> dict[Hashable, int]:
    """Each typed row by its place in the table the dataset keeps (numbered from 0, as
    :class:`ClinicData` renumbers it): a fee-schedule row has no key of its own (a payer may
    list a code on several days, with several modifiers), and the rate in force carries its
    row's number (``fee_row``, :func:`ratecalc.rates.schedule_rates`)."""
    return dict(enumerate(table.index.astype(int).tolist()))


def _contract_rows(contracts: pd.DataFrame) -> dict[Hashable, int]:
    """Each typed contract row by :func:`contract_key` (its position before the dataset
    renumbers it)."""
    return _first_positions((contract_key(r) for r in contracts.to_dict(orient="records")),
                            contracts.index)


def _field_rows(raw: RawTable) -> RowsRead:
    """A field/value table's rows by field and each field's label as written; a field given
    twice is read from its first row, as :func:`~ratecalc.validation.coerce_key_values`
    reads it."""
    positions: dict[Hashable, int] = {}
    labels: dict[str, str] = {}
    if "field" in raw.frame.columns:
        for index, label in enumerate(raw.frame["field"]):
            if isinstance(label, str) and label.strip():
                name = key_value_field(label)
                if name not in positions:
                    positions[name] = index
                    labels[name] = label.strip()
    return RowsRead(raw.source, positions, labels)


def known_codes() -> frozenset[str]:
    """Every code in any bundled or imported full Medicare fee-schedule release (an index built
    from each release's code array, cached)."""
    from ratecalc.medicare.store import known_codes as codes

    return codes()


UNKNOWN_CODE = "unknown CPT/HCPCS code: not in any Medicare fee schedule release RateCalc has"


def is_unknown_code(code: str) -> bool:
    """A well-formed code that no Medicare release RateCalc has lists (:data:`UNKNOWN_CODE`):
    the tables and a payer's fee-schedule import refuse it alike."""
    return bool(CODE_PATTERN.match(code)) and code not in known_codes()


#: Tables that name a payer of the Payers table.
PAYER_TABLES = ("contracts", "fee_schedules", "volumes")


def _spell_payers_as_listed(typed: dict[str, Any]) -> None:
    """Name each payer as the Payers table spells it, in every table that names one.

    A payer typed "SUMMIT BLUECARE PPO" on one row and "Summit BlueCare PPO" on another is one
    payer (as Excel's own comparisons, case-blind, take it in the workbook's formulas): grouped
    by the text as typed, it became two, each with part of the rates and volumes.
    """
    if typed["payers"].empty:
        return
    spelled = {str(name).casefold(): name for name in typed["payers"]["payer"]}
    for name in PAYER_TABLES:
        frame = typed[name]
        if not frame.empty:
            frame["payer"] = [spelled.get(str(p).casefold(), p) for p in frame["payer"]]


def _shown(problem: Problem, raws: Mapping[str, RawTable | None]) -> Problem:
    """``problem`` with its column as the user sees it (header and letter), whichever check
    made it: its own table's first, as two tables share a sheet (and a column name, such as
    the Clinic sheet's two ``value`` columns)."""
    ordered = sorted(raws, key=lambda name: TABLES[name].title != problem.table)
    for raw in (raws[name] for name in ordered):
        if raw is not None:
            location = raw.source.shown(problem.location)
            if location.header:
                return replace(problem, location=location)
    return problem


def _cross_checks(typed: dict[str, Any], raws: Mapping[str, RawTable | None]) -> list[Problem]:
    problems: list[Problem] = []
    # a payer listed twice in different capitals is a duplicate row of the Payers table
    listed = typed["payers"]["payer"] if not typed["payers"].empty else ()
    payers = {str(p).casefold() for p in listed}
    # a Payers row refused for another cell (its payer_id) still lists its payer: that one
    # problem, not one more per row of every table naming the payer (one bad id made 32)
    raw_payers = raws.get("payers")
    if payers and raw_payers is not None and "payer" in raw_payers.frame.columns:
        payers |= {str(p).strip().casefold() for p in raw_payers.frame["payer"]
                   if isinstance(p, str) and p.strip()}
    if raw_payers is not None and len(listed):
        problems.extend(_lookalike_payer_problems(typed["payers"], raw_payers))
    if payers:
        problems.extend(_payers_not_listed(typed, raws, payers, list(listed)))
    for name in PAYER_TABLES:
        frame, raw, table = typed[name], raws.get(name), TABLES[name]
        if frame.empty or raw is None:
            continue
        if "code" in frame.columns:
            for index, code in frame["code"].items():
                if is_unknown_code(code):
                    problems.append(Problem(table.title, raw.source.at(int(index), "code"),
                                            UNKNOWN_CODE, code))
    bench, raw = typed["benchmarks"], raws.get("benchmarks")
    if not bench.empty and raw is not None:
        for index, r in bench.iterrows():
            values = [r[c] for c in ("p25", "p50", "p75", "p90")
                      if r[c] is not None and not pd.isna(r[c])]
            if values != sorted(values):
                problems.append(Problem(TABLES["benchmarks"].title,
                                        raw.source.at(int(index), "p50"),
                                        "percentiles must not decrease from p25 to p90",
                                        ", ".join(f"{v:g}" for v in values)))
    return problems


def _payers_not_listed(typed: dict[str, Any], raws: Mapping[str, RawTable | None],
                       payers: set[str], listed: list[str]) -> list[Problem]:
    """One error per table and payer it names that the Payers table does not list, at its
    first row, naming every row (:func:`ratecalc.payers.rows_in_words`) and the name the payer
    likely has on the Payers table now (:func:`ratecalc.payers.renamed_payers`).

    A payer renamed on the Payers table is still named as it was by the other tables: that
    gave an error per row (30 for one payer of the demo) suggesting two names."""
    from ratecalc.payers import renamed_payers, rows_in_words  # only for a payer not listed

    payers_raw = raws.get("payers")
    payers_at = (None if payers_raw is None
                 else (payers_raw.source.file, payers_raw.source.sheet))
    # a workbook's Payers table is on a sheet of another name: say which
    sheet = None if payers_raw is None else payers_raw.source.sheet
    table_sheet = f" (sheet '{sheet}')" if sheet else ""
    rows: dict[tuple[str, str], list[int]] = {}
    spelled: dict[str, str] = {}
    elsewhere: set[str] = set()
    for name in PAYER_TABLES:
        frame, raw = typed[name], raws.get(name)
        if frame.empty or raw is None:
            continue
        # a table on the Payers table's own sheet (contracts) is renamed with it
        other_sheet = (raw.source.file, raw.source.sheet) != payers_at
        for index, payer in frame["payer"].items():
            if str(payer).casefold() not in payers:
                rows.setdefault((name, str(payer).casefold()), []).append(int(index))
                spelled.setdefault(str(payer).casefold(), str(payer))
            elif other_sheet:
                elsewhere.add(str(payer))
    renamed = renamed_payers(list(spelled.values()), listed, elsewhere)
    problems = []
    for (name, key), indices in rows.items():
        raw, payer = raws[name], spelled[key]
        assert raw is not None  # a table with rows here was read
        where = [raw.source.at(i, "payer") for i in indices]
        # the name as typed first, then what to do: "did you mean 'UnitedHealthcare'?, got
        # 'United Healthcare'" read as if the question were the value
        rule = "payer is not on the Payers table" + table_sheet
        hint = ""
        if payer in renamed:
            new, why = renamed[payer]
            hint += (f"; renamed {new!r} there? ({why})" if why.startswith("the one") else
                     f"; did you mean {new!r}?")
        if len(where) > 1:
            rows_named = rows_in_words([w.row for w in where if w.row is not None])
            hint += (f"; {len(where)} rows of this table name it, {rows_named}: give them the "
                     f"payer's name on the Payers table, or name it there as before")
        problems.append(Problem(TABLES[name].title, where[0], rule, payer, hint=hint))
    return problems


def _lookalike_payer_problems(payers: pd.DataFrame, raw: RawTable) -> list[Problem]:
    """An error at each Payers row whose name differs from an earlier row's only by spaces,
    characters that show nothing or capitals (:func:`ratecalc.payers.lookalike_payers`),
    naming both rows' cells: taken as another payer, it split the clinic's payers in two with
    nothing said."""
    from ratecalc.payers import lookalike_payers

    names = payers["payer"].tolist()
    problems = []
    for first, later in lookalike_payers(names):
        earlier = raw.source.at(int(payers.index[first]), "payer")
        cell = f", cell {earlier.letter}{earlier.row}" if earlier.letter else ""
        problems.append(Problem(
            TABLES["payers"].title, raw.source.at(int(payers.index[later]), "payer"),
            f"duplicate payer: this name differs from {names[first]!r} (row {earlier.row}{cell})"
            f" only by spaces, characters that show nothing (zero-width spaces, direction "
            f"marks) or capitals, and would be taken as another payer: type it as row "
            f"{earlier.row} does, or give another payer a name of its own", names[later]))
    return problems


def find_table_file(folder: Path, name: str) -> Path | None:
    """The file table ``name`` is read from in ``folder`` (``fee_schedules.csv``...), its name
    in any capitals: ``Volumes.csv`` is the volumes' file on Windows and macOS, and was passed
    over in silence on Linux. The name as written first, where both are there.

    Any path of the name is the table's, a file or not (:func:`~ratecalc.regular_files.
    not_a_file`): a named pipe or a folder named ``payers.csv`` is refused, as what it is, by
    the reader, where it was taken for no Payers file at all (a warning)."""
    files = {path.name.lower(): path for path in sorted(folder.iterdir(), reverse=True)
             if not_a_file(path) != MISSING}
    for stem in FILE_NAMES[name]:
        for suffix in (".csv", ".xlsx"):
            exact = folder / f"{stem}{suffix}"
            if not_a_file(exact) != MISSING:
                return exact
            if f"{stem}{suffix}" in files:
                return files[f"{stem}{suffix}"]
    return None


def load_folder(folder: str | Path) -> tuple[ClinicData | None, list[Problem]]:
    """Load the tables from CSV/XLSX files in ``folder`` (``fee_schedules.csv`` etc.)."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"'{root}': not a folder of clinic tables")
    raws: dict[str, RawTable | None] = {}
    problems: list[Problem] = []
    unread: list[str] = []
    for name, table in TABLES.items():
        path = find_table_file(root, name)
        if path is None:
            raws[name] = None
            continue
        try:
            raws[name] = read_raw_table(path, table)
        except InputError as exc:
            problems.append(as_problem(exc, table.title, Location(path.name)))
            raws[name] = None
            unread.append(name)
    missing = [name for name, raw in raws.items() if raw is None and name not in unread]
    problems += absent_tables(
        missing, Location(),
        lambda name: f"no {TABLES[name].title} file in the folder '{root}' (read from "
                     f"{_file_names(name)}, in any capitals)")
    data, found = build_dataset(raws, unread=[*unread, *missing],
                                clinic_place=Location(str(root)))
    exits, exit_problems = _exit_assumptions(root)
    if data is not None and exits is not None:
        data = replace(data, exit_assumptions=exits)
    failed = any(p.severity == "error" for p in [*problems, *exit_problems])
    return (None if failed else data), (problems + misnamed_tables(root, missing) + found
                                        + exit_problems)


def _exit_assumptions(root: Path) -> tuple[dict[str, float] | None, list[Problem]]:
    """The folder's ``exit_assumptions.csv``, as the workbook's Settings sheet holds them (the
    same fields and ranges); None when there is no such file (each is then 0, the worst case).
    ``workbook export`` wrote none, and an exported folder's exit estimates lost what the
    workbook's had."""
    path = find_table_file(root, "exit_assumptions")
    if path is None:
        return None, []
    try:
        raw = read_raw_table(path, EXIT_ASSUMPTIONS)
    except InputError as exc:
        return None, [as_problem(exc, EXIT_ASSUMPTIONS.title, Location(path.name))]
    values, problems = coerce_key_values(raw.frame, EXIT_ASSUMPTIONS, raw.source)
    problems = [*raw.notes, *problems]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return {k: float(v) for k, v in values.items() if v is not None}, problems


def misnamed_tables(root: Path, missing: Sequence[str]) -> list[Problem]:
    """Warnings for the files in ``root`` that look like a ``missing`` table under a name no
    table is read from.

    A ``fee_schedules.csv`` renamed ``fees.csv`` would otherwise leave the analysis without fee
    schedules, and say nothing. Only a file's first rows are read, as far as a header is looked
    for (:func:`find_header_row`), and the sheet a workbook opens on (else its first visible
    one); a table known by one column alone (Payers: ``payer``) is not guessed, for many files
    have a payer column. Files a table
    is read from, the analysis's own outputs, the Negotiation Log, Office's lock files and a
    file that cannot be read are not this check's to report.
    """
    known = {stem for stems in FILE_NAMES.values() for stem in stems}
    guessed = _guessable(missing)
    found: list[Problem] = []
    if not guessed:
        return found
    for path in sorted(root.iterdir()):
        stem = path.stem.lower()
        if (path.suffix.lower() not in (".csv", ".xlsx") or stem in known
                or stem in RESULT_FILE_STEMS or stem == LOG_FILE_STEM
                or path.name.startswith("~$") or not path.is_file()):
            continue
        try:
            grid = _head_grid(path)
        except (InputError, OSError):
            continue
        name = _looks_like(grid, guessed)
        if name is not None:
            title, file = TABLES[name].title, FILE_NAMES[name][0]
            found.append(Problem(
                title, Location(path.name),
                f"not read: it looks like the {title} table, which is read from "
                f"'{file}.csv' (or .xlsx), and the folder has none; if it is, rename it",
                severity="warning"))
    return found


def _guessable(missing: Sequence[str]) -> list[str]:
    """The ``missing`` tables a file or sheet can be told to be by its header row: not one
    known by a single column (Payers: ``payer``), which many other tables have."""
    return [name for name in missing
            if sum(c.required for c in TABLES[name].columns) >= 2 or TABLES[name].key_value]


def _looks_like(grid: pd.DataFrame, guessed: Sequence[str]) -> str | None:
    """The first of the ``guessed`` tables whose header row ``grid`` holds, if any."""
    return next((name for name in guessed if find_header_row(grid, TABLES[name]) is not None),
                None)


def _head_grid(path: Path, rows: int = 15) -> pd.DataFrame:
    """The first ``rows`` rows of a CSV file or of a workbook's first sheet, as :func:`read_grid`
    reads them: a large file costs no more than a small one."""
    if path.suffix.lower() == ".xlsx":
        check_xlsx_package(path)
        try:
            states, active = xlsx_sheet_states(path)
            name, _ = choose_sheet(path.name, states, active, {}, None)
            return read_xlsx_cells(path, [name], rows)[name]
        except InputError:
            raise
        except Exception as exc:  # any reader failure: not a table this check can look at
            raise InputError(f"'{path.name}': {exc}") from exc
    with path.open("rb") as handle:
        head = handle.read(GUESS_HEAD_BYTES)
    if len(head) == GUESS_HEAD_BYTES:  # cut at the last whole line read
        head = head[:head.rfind(b"\n") + 1] or head
    from ratecalc.csv_text import csv_rows, decode_csv, find_delimiter

    lines = decode_csv(head, path.name).splitlines(keepends=True)[:rows]
    return _rows_grid(csv_rows(lines, path.name, delimiter=find_delimiter(lines, path.name)))


def _rows_grid(rows: list[list[str]]) -> pd.DataFrame:
    """CSV rows as a grid of cells, short rows padded with empty cells."""
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


def load_workbook_file(path: str | Path) -> tuple[ClinicData | None, list[Problem]]:
    """Load the tables from one XLSX with a sheet per table (named by the table's title)."""
    book = Path(path)
    check_xlsx_package(book)
    try:
        states, _ = xlsx_sheet_states(book)
        sheets = read_xlsx_cells(book, [n for n, state in states if state == "visible"])
    except InputError:  # a cell named by read_xlsx_cells
        raise
    except FileNotFoundError:
        raise UnreadableFileError(f"'{book}' {MISSING}") from None
    except Exception as exc:
        raise UnreadableFileError(f"'{book.name}': cannot read it as a workbook ({exc})") from exc
    by_key = {normalize_header(n): n for n in sheets}
    hidden = {normalize_header(n): n for n, state in states
              if state not in ("visible", NO_CELLS)}
    raws: dict[str, RawTable | None] = {}
    problems: list[Problem] = []
    unread: list[str] = []
    used: set[str] = set()
    for name, table in TABLES.items():
        sheet = by_key.get(normalize_header(table.title)) or by_key.get(normalize_header(name))
        if sheet is None:
            raws[name] = None
            shut = hidden.get(normalize_header(table.title)) or hidden.get(normalize_header(name))
            if shut is not None:
                # a hidden sheet is never read (choose_sheet): said, not taken for no table
                problems.append(Problem(
                    table.title, Location(book.name, shut),
                    f"sheet '{shut}' is hidden, and RateCalc reads only the sheets a workbook "
                    f"shows: unhide it to read it, or delete it"))
                unread.append(name)
            continue
        used.add(sheet)
        problems.extend(total_row_problems(book, sheet, table.title))
        try:
            raws[name] = raw_from_grid(sheets[sheet], table, book.name, sheet)
        except InputError as exc:
            problems.append(as_problem(exc, table.title, Location(book.name, sheet)))
            raws[name] = None
            unread.append(name)
    missing = [name for name, raw in raws.items() if raw is None and name not in unread]
    problems += absent_tables(
        missing, Location(book.name),
        lambda name: f"no sheet named '{TABLES[name].title}' (or '{name}', in any capitals and "
                     f"spacing)")
    # a sheet renamed ("Fees" for Fee Schedules) would leave its table out, and say nothing
    guessed = _guessable(missing)
    misnamed = []
    for sheet, grid in sheets.items():
        like = _looks_like(grid.head(15), guessed) if sheet not in used else None
        if like is not None:
            title = TABLES[like].title
            misnamed.append(Problem(
                title, Location(book.name, sheet),
                f"not read: it looks like the {title} table, which is read from a sheet named "
                f"'{title}', and the workbook has none; if it is, rename the sheet",
                severity="warning"))
    data, found = build_dataset(raws, unread=[*unread, *missing],
                                clinic_place=Location(book.name))
    failed = any(p.severity == "error" for p in problems)
    return (None if failed else data), problems + misnamed + found


def require(result: tuple[ClinicData | None, list[Problem]]) -> ClinicData:
    """The data, or :class:`ValidationFailed` listing every error."""
    data, problems = result
    if data is None:
        raise ValidationFailed(problems)
    return data
