"""Read a payer's fee-schedule export (CSV or XLSX) into canonical Fee Schedules rows.

Payers send fee schedules in many shapes: a title and a provider block above the header,
``CPT/HCPCS`` or ``Procedure Code`` for the code, ``Mod``, ``Fee``, ``Allowable`` or ``Rate`` for
the amount, ``$1,234.50`` with dollar signs and commas, the modifier glued to the code
(``97110-GP``), footnotes below the table. This module finds the header row, maps the columns
through :data:`ratecalc.schema.HEADER_ALIASES` (with :func:`ratecalc.loaders.raw_from_grid`, the
mapping every reader uses), types every cell with :mod:`ratecalc.validation`, and reports what it
could not use: columns it did not map, rows it skipped, and bad rows with their row numbers.

Nothing here writes anywhere: ``ratecalc_workbook.fee_schedule_import`` appends the rows to the
workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.cell_errors import MergedOver, shows_no_value
from ratecalc.cell_text import restore
from ratecalc.code_forms import split_code_modifier
from ratecalc.csv_text import MergedRow, merged_row_problems, read_csv_rows
from ratecalc.errors import Location, Problem, UnreadableFileError, shown_value
from ratecalc.limits import MAX_FEE_SCHEDULE_ROWS, too_many_data_rows
from ratecalc.loaders import (
    HEADER_SCAN_ROWS,
    UNKNOWN_CODE,
    field_past_header,
    find_header_row,
    header_cells,
    is_unknown_code,
    last_header_column,
    map_headers,
    raw_from_grid,
    read_grid,
    repeated_problems,
    split_field_problem,
    unmapped_location,
)
from ratecalc.money import NOISE_PLACES, half_up, money_text, shown_money_text
from ratecalc.ranking import name_key
from ratecalc.records import as_records
from ratecalc.remedies import remedy
from ratecalc.schema import FEE_SCHEDULES, Table
from ratecalc.validation import (
    CellError,
    coerce_table,
    is_blank,
    parse_code,
    parse_money,
    repeated_keys,
)

#: The header search needs only a code and an amount: a payer's file rarely names the payer, and
#: the effective date may come from the command line.
FILE_TABLE = Table(
    "fee_schedule_file", "Fee schedule",
    tuple(replace(c, required=c.name in ("code", "allowed_amount"))
          for c in FEE_SCHEDULES.columns),
    key=FEE_SCHEDULES.key,
)

#: Amount cells that say "this code has no fixed price" rather than holding a bad number.
NOT_PRICED = frozenset({"n/a", "na", "nc", "br", "by report", "not covered", "non-covered",
                        "noncovered", "not priced", "manual", "manually priced", "-", "--",
                        "\u2014", "ic", "individual consideration"})

#: Other rows a row giving a line another amount names (the rest are counted).
OTHER_AMOUNTS_NAMED = 3



@dataclass(frozen=True)
class FeeScheduleFile:
    """What was read from one fee-schedule file.

    Attributes
    ----------
    rows : pandas.DataFrame
        Canonical Fee Schedules rows (``payer, code, modifier, allowed_amount`` [USD per unit],
        ``effective_date``), typed; rows with errors are not in it.
    problems : tuple of Problem
        Errors (bad rows, with their row number) and warnings (skipped rows, unmapped columns).
    unmapped : tuple of str
        Source headers that match no column; reported, not imported.
    mapped : dict
        Source header -> canonical column.
    header_row : int
        Row of the header in the file (1-based, as a spreadsheet shows it).
    """

    rows: pd.DataFrame
    problems: tuple[Problem, ...]
    unmapped: tuple[str, ...]
    mapped: dict[str, str]
    header_row: int
    #: The sheet read (None for a CSV).
    sheet: str | None = None
    #: Where each of ``rows`` came from: its amount's cell in the file (file, sheet, row,
    #: column), for a problem found later, as with the workbook's rows.
    amount_cells: tuple[Location, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _looks_like_code(value: Any) -> bool:
    if is_blank(value):
        return False
    try:
        parse_code(value)  # the one reading of a code cell (a float, 1E999, huge ints too)
    except CellError:
        return False
    return True


def _is_label(value: Any) -> bool:
    """Whether a code cell holds words without a digit ('Total', 'Grand total', a section's
    title): never a code, as every code has digits. A blank cell is not one (a fee line may
    have lost its code), nor an error value shown as text (#REF!: an error at its cell)."""
    return (isinstance(value, str) and not is_blank(value) and not shows_no_value(value)
            and not any(ch.isdigit() for ch in value))


def _skipped_as_label(problems: list[Problem], location: Location, row: list[Any]) -> None:
    """The warning for a row that is no fee line, naming its first value as the file shows it."""
    shown_row = next((str(v) for v in row if not is_blank(v)), "")
    problems.append(Problem("Fee schedule", location, "not a fee line (a title, note or "
                            "sub-header?): skipped", shown_row[:60], severity="warning"))


def _split_code(value: Any) -> tuple[Any, str | None]:
    """``'97110-GP'`` -> (``'97110'``, ``'GP'``); anything else unchanged with no modifier."""
    if not isinstance(value, str):
        return value, None
    split = split_code_modifier(value)
    return (value, None) if split is None else split


def _is_money(value: Any) -> bool:
    try:
        parse_money(value)
    except CellError:
        return False
    return True


def parse_fee_schedule(grid: pd.DataFrame, payer: str, *, effective_date: date | None = None,
                       file: str | None = None, sheet: str | None = None,
                       split_fields: bool = False) -> FeeScheduleFile:
    """Turn the cells of a fee-schedule export into canonical rows.

    Parameters
    ----------
    grid : pandas.DataFrame
        Every cell of the file or sheet, no header interpretation
        (:func:`ratecalc.loaders.read_grid`).
    payer : str
        The payer the schedule belongs to (payer files rarely say).
    effective_date : datetime.date, optional
        For rows without an effective date of their own.
    file, sheet : str, optional
        For messages.
    split_fields : bool
        The grid is a delimited text file's: a fee line with a field past the header's last
        column split a field at a comma left unquoted (``$1,040.00`` read as ``$1`` and
        ``040.00``), an error at that field. In a workbook such a cell is a note beside the
        table.

    Returns
    -------
    FeeScheduleFile

    Raises
    ------
    ratecalc.errors.InputError
        No header row with a code column and an amount column in the first 15 rows.

    Notes
    -----
    Row rules: a row whose code cell holds words without a digit (a totals row's 'Total', a
    title) is no fee line, whatever its other cells hold (a sum computed or never computed);
    so is a row whose code cell is not a code and whose amount is not a number (a title,
    sub-header or footnote): skipped with a warning. A code whose amount says it is not priced
    (``N/A``, ``By Report``, ``Not covered``...) or is blank is skipped with a warning. Any
    other cell that cannot be read is an error naming the row and the column. Rows giving one
    code, modifier and effective date two amounts are each an error (neither is imported); a
    row repeated exactly is skipped with a warning.
    """
    payer = str(payer).strip()
    raw = raw_from_grid(grid, FILE_TABLE, file, sheet)
    header_index = raw.source.first_row - 2
    headers = header_cells(grid, header_index, FILE_TABLE)
    mapping, unmapped = map_headers(headers, FILE_TABLE)
    shown = {name: str(src).strip() for src, name in mapping.items()}
    frame = raw.frame.astype(object)  # cells get dates and None; a str column would refuse
    for column in FILE_TABLE.column_names:
        if column not in frame.columns:
            frame[column] = None
    problems: list[Problem] = [
        Problem("Fee schedule", unmapped_location(file, sheet, raw.source.first_row - 1, column),
                "column not imported: it matches no Fee Schedules column", severity="warning")
        for column in raw.unmapped]
    problems += repeated_problems(FILE_TABLE, file, sheet, raw.source.first_row - 1, raw.repeated,
                                  "Fee schedule")

    def where(index: int, column: str | None = None) -> Location:
        # RateCalc's name for the column, with its header and letter, as every table's checks
        # give it: --json and the Problems sheet mean the same by each
        return raw.source.at(index, column)

    last_header = last_header_column(headers)
    other_payers: set[str] = set()
    # the cells as lists, read and changed row by row, then a frame again: a pandas cell read
    # costs about 25 us, and twelve a row took 33 of the 35 s a file of 30,000 rows cost
    names = FILE_TABLE.column_names
    cells = {name: frame[name].tolist() for name in names}
    code_of, amount_of, modifier_of = cells["code"], cells["allowed_amount"], cells["modifier"]
    payer_of, date_of = cells["payer"], cells["effective_date"]
    body = grid.iloc[header_index + 1:header_index + 1 + len(frame)].to_numpy(dtype=object).tolist()

    def skip(i: int) -> None:
        for name in names:
            cells[name][i] = None

    for i in range(len(frame)):
        code, amount = code_of[i], amount_of[i]
        row_values = [cells[c][i] for c in names]
        if all(is_blank(v) for v in row_values):
            continue
        split, modifier = _split_code(code)
        if modifier is not None and is_blank(modifier_of[i]):
            code_of[i], modifier_of[i] = split, modifier
        if _is_label(code_of[i]):
            # a totals row ('Total', its sum computed or not), title or note: words in the code
            # cell are never a code, so what its other cells hold is not read (a sum never
            # computed stopped the import with two errors, its computed twin was skipped)
            _skipped_as_label(problems, where(i), body[i])
            skip(i)
            continue
        if any(shows_no_value(v) for v in row_values) or isinstance(code_of[i], MergedOver):
            # a cell showing #REF!, or a code a merge covers (it shows the code above), is no
            # title and no blank: an error at its cell, below
            pass
        elif not _looks_like_code(code_of[i]):
            label = not any(ch.isdigit() for ch in str(code_of[i] or ""))
            if is_blank(amount) or not _is_money(amount) or label:
                _skipped_as_label(problems, where(i), body[i])
                skip(i)
                continue
        elif is_blank(amount) or (isinstance(amount, str)
                                and amount.strip().lower() in NOT_PRICED):
            problems.append(Problem("Fee schedule", where(i, "allowed_amount"),
                                    f"code {str(code_of[i]).strip()} has no dollar "
                                    f"amount: skipped", None if is_blank(amount) else amount,
                                    severity="warning"))
            skip(i)
            continue
        past = field_past_header(body[i], last_header) if split_fields else None
        if past is not None:
            # the last column's "$1,040.00" split in two: imported, it was $1.00 without a word
            problems.append(split_field_problem("Fee schedule", file, sheet, where(i).row or 0,
                                                headers, last_header, past,
                                                remedy="; the row was not imported"))
            skip(i)
            continue
        if not shows_no_value(payer_of[i]):  # else refused at its cell, below
            if not is_blank(payer_of[i]) and \
                    str(payer_of[i]).strip().lower() != payer.lower():
                other_payers.add(str(payer_of[i]).strip())
            payer_of[i] = payer
        if is_blank(date_of[i]) and effective_date is not None:
            date_of[i] = effective_date
    frame = pd.DataFrame(cells, index=frame.index, dtype=object)
    if other_payers:
        problems.append(Problem("Fee schedule", raw.source.shown(Location(file, sheet, None,
                                                                          "payer")),
                                f"the file names other payers; every row was imported as "
                                f"{payer!r}", ", ".join(sorted(other_payers, key=name_key)),
                                severity="warning"))
    if "effective_date" not in mapping.values() and effective_date is None:
        problems.append(Problem("Fee schedule", Location(file, sheet), "the file has no "
                                "effective-date column: give the date the rates took effect "
                                f"({remedy('effective_date')})"))
        problems.sort(key=lambda p: (p.location.row or 0, p.severity))
        return FeeScheduleFile(pd.DataFrame(columns=FEE_SCHEDULES.column_names),
                               tuple(problems), tuple(str(h) for h in unmapped), shown,
                               raw.source.first_row - 1, sheet)
    typed, found = coerce_table(frame.reindex(columns=FEE_SCHEDULES.column_names),
                                FEE_SCHEDULES, raw.source)
    unknown = [is_unknown_code(code) for code in typed["code"]]
    if any(unknown):
        # refused here as the next refresh would refuse it, not stored to fail every refresh
        problems += [Problem("Fee schedule", where(int(index), "code"), UNKNOWN_CODE, code)
                     for index, code, bad in zip(typed.index, typed["code"], unknown,
                                                 strict=True) if bad]
        typed = typed[[not bad for bad in unknown]].copy()
    typed["confirmed"] = typed["confirmed"].fillna(False).astype(bool)
    typed["modifier"] = typed["modifier"].fillna("")
    typed, found_once = _one_amount_each(typed, frame["allowed_amount"], where)
    problems += found_once
    problems += _rates_not_used(typed, frame["allowed_amount"], where)
    for p in found:
        if p.rule.startswith("duplicate row"):
            continue  # said by _one_amount_each: a repeat, or two amounts for one line
        if p.location.column == "effective_date":
            p = replace(p, rule=p.rule + f" (or {remedy('effective_date')})")
        problems.append(replace(p, table="Fee schedule"))
    problems.sort(key=lambda p: (p.location.row or 0, p.severity))
    # each row's amount cell: the column's location (its header and letter looked up once),
    # at the row's own number, as where(i, "allowed_amount") gives it
    amount = where(0, "allowed_amount")
    amount_cells = tuple(amount.at_row(raw.source.first_row + int(i)) for i in typed.index)
    return FeeScheduleFile(typed.reset_index(drop=True), tuple(problems),
                           tuple(str(h) for h in unmapped), shown, raw.source.first_row - 1,
                           sheet, amount_cells)


def _line_key(payer: Any, code: Any, modifier: Any, effective_date: Any) -> tuple[Any, ...]:
    """A Fee Schedules line as rows are matched: payer in any capitals, code and modifier
    (blank for none) as typed in any case, the effective day."""
    day = effective_date.date() if isinstance(effective_date, datetime) else effective_date
    return (str(payer).strip().casefold(), str(code).strip().upper(),
            "" if is_blank(modifier) else str(modifier).strip().upper(), day)


def _dollars(amount: float) -> str:
    """``$25.22``; an amount with a fraction of a cent as it is (``$25.224``), so two amounts
    that differ never read the same."""
    # read to a micro-cent as every output reads an amount (half_up), its decimals past the
    # cents as many as it has: format(x, ",.6f") rounded the binary value and dropped every
    # zero, so $25.0000001 read "$25." and $25.1000001 "$25.1"
    return shown_money_text(half_up(amount, NOISE_PLACES))


def against_workbook(read: FeeScheduleFile, existing: pd.DataFrame, *, file: str,
                     sheet: str) -> FeeScheduleFile:
    """``read`` without the rows whose line the workbook already has at another amount.

    The workbook's Fee Schedules rows are the user's: an import never overwrites one. A row of
    the file whose payer, code, modifier and effective date the workbook has at another amount
    is therefore a bad row of the file, an error at its amount's cell naming both amounts and
    the workbook's row; it is dropped, as any bad row (the caller imports nothing while there
    are errors unless told to skip them). A row the workbook has at the same amount stays, for
    the append to count as already there (the workbook's Confirmed flag is the user's, not
    the payer's: it is not compared).

    Parameters
    ----------
    read : FeeScheduleFile
        The file as read (:func:`read_fee_schedule`).
    existing : pandas.DataFrame
        The workbook's Fee Schedules rows, typed (``payer, code, modifier, allowed_amount``
        [USD per unit], ``effective_date``), indexed by their sheet rows.
    file, sheet : str
        The workbook's file name and the sheet holding ``existing``, for the messages.

    Returns
    -------
    FeeScheduleFile
        ``read`` itself when no row clashes; else a copy without the clashing rows, with an
        error for each.

    Examples
    --------
    >>> checked = against_workbook(read, fee_rows, file="negotiation.xlsx",
    ...                            sheet="Fee Schedules")  # doctest: +SKIP
    """
    held: dict[tuple[Any, ...], tuple[int, float]] = {}
    for row, record in zip(existing.index, as_records(existing), strict=True):
        if is_blank(record.get("allowed_amount")):
            continue
        key = _line_key(record["payer"], record["code"], record.get("modifier"),
                        record["effective_date"])
        held.setdefault(key, (int(row), float(record["allowed_amount"])))
    problems: list[Problem] = []
    keep: list[int] = []
    for i, record in enumerate(as_records(read.rows)):
        key = _line_key(record["payer"], record["code"], record["modifier"],
                        record["effective_date"])
        amount = float(record["allowed_amount"])
        if key not in held or round(held[key][1], 6) == round(amount, 6):
            keep.append(i)
            continue
        row, theirs = held[key]
        line = " ".join(str(v) for v in (record["code"], record["modifier"]) if not is_blank(v))
        problems.append(Problem(
            "Fee schedule", read.amount_cells[i],
            f"the workbook already has {record['payer']}, code {line}, effective "
            f"{shown_value(record['effective_date'])}, at another amount: {_dollars(theirs)} "
            f"in {Location(file, sheet, row)}, this row {_dollars(amount)} (expected the same "
            f"amount, or another code or date); the workbook's row is kept: if "
            f"{_dollars(amount)} is right, change it there"))
    unused = _unused_beside_workbook(read, keep, existing, file=file, sheet=sheet)
    if not problems and unused is None:
        return read
    said = read.problems if unused is None else \
        tuple(p for p in read.problems if not _is_unused_warning(p))
    found = sorted((*said, *problems, *(unused or ())),
                   key=lambda p: (p.location.row or 0, p.severity))
    return replace(read, rows=read.rows.iloc[keep].reset_index(drop=True),
                   problems=tuple(found), amount_cells=tuple(read.amount_cells[i] for i in keep))


def _unused_beside_workbook(read: FeeScheduleFile, keep: list[int], existing: pd.DataFrame, *,
                            file: str, sheet: str) -> list[Problem] | None:
    """:func:`_rates_not_used` of the rows every output reads once ``read``'s rows ``keep`` are
    appended: the workbook's rows of the payer on the file's codes and dates, then the file's.
    The file read alone named a row the workbook overrides (its plain row refused, the
    workbook's at another amount kept) as the rate every output uses, and said nothing of a
    97112-GP beside the workbook's plain 97112. None when the workbook has no such row (the
    file's own warnings stand)."""
    if not keep or existing.empty:
        return None
    new = read.rows.iloc[keep]
    payers = {str(p).strip().casefold() for p in new["payer"]}
    lines = {(str(c).strip().upper(), pd.Timestamp(d)) for c, d in
             zip(new["code"], new["effective_date"], strict=True)}
    # by columns, not row by row: a workbook's 30,000 rows cost 0.25 s a row at a time
    on_line = pd.MultiIndex.from_arrays(
        [existing["code"].astype(str).str.strip().str.upper(),
         pd.to_datetime(existing["effective_date"], errors="coerce")]).isin(list(lines))
    held_by = existing["payer"].astype(str).str.strip().str.casefold().isin(payers)
    priced = ~existing["allowed_amount"].map(is_blank).astype(bool)
    mine = existing.index[on_line & held_by.to_numpy() & priced.to_numpy()].tolist()
    if not mine:
        return None
    columns = ["payer", "code", "modifier", "allowed_amount", "effective_date"]
    held = existing.loc[mine, columns].assign(modifier=lambda f: f["modifier"].fillna(""))
    # the workbook's rows are listed first, as the append puts the file's after them; a
    # file row the workbook already has at its amount is not appended, so is not counted
    there = {_line_key(*r) for r in held[["payer", "code", "modifier", "effective_date"]]
             .itertuples(index=False)}
    added = [i for i in keep if _line_key(*read.rows.iloc[i][["payer", "code", "modifier",
                                                                "effective_date"]]) not in there]
    both = pd.concat([held, read.rows.iloc[added][columns]], ignore_index=True)
    both["allowed_amount"] = both["allowed_amount"].astype(float)
    both["effective_date"] = pd.to_datetime(both["effective_date"])
    places = [Location(file, sheet, int(row)) for row in mine] + \
        [read.amount_cells[i] for i in added]
    shown = {p.location.row: p.value for p in read.problems if _is_unused_warning(p)}
    amounts = {n: (None if n < len(mine) else shown.get(places[n].row,
                                                        money_text(both.at[n, "allowed_amount"])))
               for n in range(len(both))}

    def where(index: int, column: str | None = None) -> Location:
        return places[index]

    return _rates_not_used(both, pd.Series(amounts, dtype=object), where)


def _one_amount_each(typed: pd.DataFrame, amounts: pd.Series,
                     where: Callable[..., Location]) -> tuple[pd.DataFrame, list[Problem]]:
    """One amount for each payer, code, modifier and effective date of the file.

    A row that repeats an earlier one exactly is harmless: skipped with a warning, the earlier
    row counting once. Rows that give one line two amounts are each an error at the amount's
    cell, naming the other rows: neither amount is known to be the payer's, so none of them is
    imported (keeping the first would import a rate the file contradicts).

    Parameters
    ----------
    typed : pandas.DataFrame
        The file's typed rows, indexed as the raw frame.
    amounts : pandas.Series
        The amount cells as written (for the messages), indexed as the raw frame.
    where : callable
        ``where(index, column=None)``: the :class:`Location` of a row or cell.

    Returns
    -------
    tuple
        The rows kept, and the problems (warnings for repeats, errors for other amounts).
    """
    records = as_records(typed)
    keys = [_line_key(r["payer"], r["code"], r["modifier"], r["effective_date"]) for r in records]
    values = [float(record["allowed_amount"]) for record in records]
    index_at = list(typed.index)
    problems: list[Problem] = []
    dropped: set[Any] = set()
    lines: dict[tuple[str, ...], dict[float, Any]] = {}  # amount -> the first row giving it
    for repeat in repeated_keys(keys, values):  # the one rule for rows that say one thing twice
        first, later = index_at[repeat.first], index_at[repeat.later]
        given = lines.setdefault(keys[repeat.first], {values[repeat.first]: first})
        if values[repeat.later] in given:  # this amount again: harmless, counted once
            problems.append(Problem(
                "Fee schedule", where(later),
                f"repeats row {where(given[values[repeat.later]]).row}: skipped",
                severity="warning"))
            dropped.add(later)
        else:
            given[values[repeat.later]] = later
    for firsts in lines.values():
        if len(firsts) < 2:
            continue
        indexes = list(firsts.values())
        first = typed.loc[indexes[0]]
        line = " ".join(str(v) for v in (first["code"], first["modifier"]) if not is_blank(v))
        which = "neither row is" if len(firsts) == 2 else "none of these rows is"
        # the first rows only, enough to name OTHER_AMOUNTS_NAMED others of any of them: each
        # row naming every other made a line of 3,000 amounts 9,000,000 names (24 s, 319 MB)
        named = [(a, i) for a, i in islice(firsts.items(), OTHER_AMOUNTS_NAMED + 1)]
        for index in firsts.values():
            shown = [f"row {where(i).row} says {money_text(a)}" for a, i in named
                     if i != index][:OTHER_AMOUNTS_NAMED]
            rest = len(firsts) - 1 - len(shown)
            others = " and ".join(shown) if not rest else \
                f"{', '.join(shown)} and {rest:,} other rows say other amounts"
            problems.append(Problem(
                "Fee schedule", where(index, "allowed_amount"),
                f"expected one amount for code {line}, effective "
                f"{shown_value(first['effective_date'])}, but {others} (which one is right? "
                f"{which} imported)",
                amounts.get(index)))
            dropped.add(index)
    return typed.loc[[i for i in typed.index if i not in dropped]], problems


#: What :func:`_rates_not_used` says of a row: found again beside the workbook's rows.
_NOT_USED = "is not the rate any output uses"


def _is_unused_warning(problem: Problem) -> bool:
    return problem.severity == "warning" and _NOT_USED in problem.rule


def _rates_not_used(typed: pd.DataFrame, amounts: pd.Series,
                    where: Callable[..., Location]) -> list[Problem]:
    """A warning at each row whose amount no output uses: another row gives its code, on the
    same date, another amount, and their modifiers (GP, GO, 59, KX...) do not change the price
    (:mod:`ratecalc.modifiers`), so the one rule for a code's rate
    (:func:`ratecalc.rates.schedule_rates`) uses one of them. The payer may well pay the
    discipline's row (97112-GP) rather than the plain one; the user decides which to keep."""
    from ratecalc.rates import code_rate_rows, schedule_rates  # the one rule, read here

    if typed.empty:
        return []
    rows = code_rate_rows(typed)
    given = rows["allowed_amount"].astype(float).round(6)
    keys = [rows["code"].astype(str).str.strip().str.upper(), rows["_effective"]]
    # only the codes given two amounts on a day are looked at one by one: a file of 30,000
    # codes has none, and a group at a time would cost seconds
    differ = given.groupby(keys, sort=False).transform("nunique") > 1
    rows, given, keys = rows[differ], given[differ], [key[differ] for key in keys]
    problems: list[Problem] = []
    for (_, day), group in rows.groupby(keys, sort=False):
        amounts_given = given[group.index]
        used = schedule_rates(typed.loc[group.index], day.date(), prepared=group).iloc[0]
        rate = round(float(used["schedule_rate"]), 6)
        chosen = next(i for i in group.index
                      if group.at[i, "modifier"] == used["modifier"]
                      and amounts_given[i] == rate)
        modifier = used["modifier"] or "no modifier"
        for index in group.index:
            if amounts_given[index] == rate:
                continue
            line = " ".join(str(v) for v in (group.at[index, "code"], group.at[index, "modifier"])
                            if not is_blank(v))
            at, used_at = where(index, "allowed_amount"), where(chosen)
            # a row of the other file (the workbook's, or the file's beside a workbook row) is
            # named whole: "row 5" alone named a row of the file warned about
            named = f"row {used_at.row}" if used_at.file == at.file else \
                str(Location(used_at.file, used_at.sheet, used_at.row))
            problems.append(Problem(
                "Fee schedule", at,
                f"code {line}, effective {shown_value(group.at[index, 'effective_date'])}, "
                f"{_NOT_USED}: {named} gives the code "
                f"{money_text(rate)} ({modifier}) that day, and a modifier such as GP, GO, 59 "
                f"or KX does not change the rate, so every output takes the code's rate from "
                f"that row (with any escalator of the contract), not this one; if "
                f"your claims are paid this row's amount, change or delete the other row on "
                f"the Fee Schedules sheet once imported", amounts.get(index),
                severity="warning"))
    return problems


def read_csv_grid(path: Path) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """Every cell of a delimited text file as strings, rows of any length.

    Payer exports put one-cell title rows above a wide table, which pandas' CSV parser refuses
    (it sizes every row by the first); the csv module reads each row as it is, and the rows are
    padded here. The delimiter is found as for every CSV (:func:`ratecalc.csv_text.read_csv_rows`).
    A file of more than :data:`~ratecalc.limits.MAX_FEE_SCHEDULE_ROWS` data rows is refused
    before its rows are kept (:func:`refuse_too_many_rows`). With the cells, the warnings of
    quoted cells holding a line that reads as a whole fee line
    (:func:`ratecalc.csv_text.merged_rows`).
    """
    merged: list[MergedRow] = []
    rows = read_csv_rows(path, max_rows=MAX_FEE_SCHEDULE_ROWS,
                         check_rows=lambda found: _check_csv_rows(found, path.name),
                         merged=merged)
    width = max((len(r) for r in rows), default=0)
    return (pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object),
            merged_row_problems(merged, FILE_TABLE.title, path.name))


def refuse_too_many_rows(head: pd.DataFrame, filled: Iterable[int], file: str,
                         sheet: str | None = None) -> int:
    """The last row holding a value of a fee-schedule file, refusing a file of more than
    :data:`~ratecalc.limits.MAX_FEE_SCHEDULE_ROWS` data rows.

    Parameters
    ----------
    head : pandas.DataFrame
        The file's first rows (:data:`~ratecalc.loaders.HEADER_SCAN_ROWS`, where its header is
        looked for).
    filled : iterable of int
        The numbers (1-based) of its rows holding a value, in order, streamed.
    file, sheet : str
        For the message.

    Raises
    ------
    ratecalc.errors.UnreadableFileError
        Naming the file, the sheet, the header's row, the data rows and the limit.

    Notes
    -----
    The limit is of data rows: rows holding a value below the header row (every such row when
    no header is found: such a file is refused for that later, when it is small enough to
    read). The header, the title rows above it and blank rows are not counted: a sheet whose
    used range runs to row 1,048,576 with nothing there is not refused for its blanks.
    """
    header_at = find_header_row(head, FILE_TABLE, HEADER_SCAN_ROWS)
    header_row = 0 if header_at is None else header_at + 1
    count = last = 0
    for last in filled:
        count += last > header_row
    if count > MAX_FEE_SCHEDULE_ROWS:
        raise UnreadableFileError(too_many_data_rows(
            str(Location(file, sheet)), count, MAX_FEE_SCHEDULE_ROWS, "a fee schedule",
            header_row or None))
    return last


def _check_csv_rows(rows: Iterator[list[str]], file: str) -> None:
    """:func:`refuse_too_many_rows` of a CSV's rows, as written (streamed)."""
    head = [[restore(cell) for cell in row] for row in islice(rows, HEADER_SCAN_ROWS)]
    width = max((len(r) for r in head), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in head], dtype=object)
    filled = (number for number, row in enumerate(chain(head, rows), 1)
              if "".join(row).strip())  # one join a row: 3,000,000 rows are counted
    refuse_too_many_rows(grid, filled, file)


def read_fee_schedule(path: str | Path, payer: str, *, effective_date: date | None = None,
                      sheet: str | int | None = None) -> FeeScheduleFile:
    """Read a payer's fee-schedule file (CSV, or one sheet of an XLSX: ``sheet``, else the
    visible sheet that holds the schedule, as :func:`ratecalc.loaders.choose_sheet` picks it).

    See :func:`parse_fee_schedule` for what is accepted and reported.

    Examples
    --------
    >>> result = read_fee_schedule("aetna_2026.csv", "Aetna")  # doctest: +SKIP
    >>> result.rows[["code", "allowed_amount"]].head()  # doctest: +SKIP
    """
    source = Path(path)
    if source.suffix.lower() in (".csv", ".txt", ".tsv"):
        (grid, notes), sheet_name = read_csv_grid(source), None
    else:
        # its cells within MAX_XLSX_CELLS; a sheet that may hold more rows than a fee schedule
        # has its rows counted streaming first, and is read only down to its last value
        read = read_grid(source, sheet, FILE_TABLE, row_limit=MAX_FEE_SCHEDULE_ROWS,
                         check_rows=lambda head, name, filled: refuse_too_many_rows(
                             head, filled, source.name, name))
        result = parse_fee_schedule(read.cells, payer, effective_date=effective_date,
                                    file=source.name, sheet=read.sheet)
        return replace(result, problems=read.notes + result.problems)
    result = parse_fee_schedule(grid, payer, effective_date=effective_date, file=source.name,
                                sheet=sheet_name, split_fields=True)
    return replace(result, problems=notes + result.problems)
