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

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.cell_errors import shows_no_value
from ratecalc.csv_text import read_csv_rows
from ratecalc.errors import InputError, Location, Problem
from ratecalc.loaders import (
    UNKNOWN_CODE,
    is_unknown_code,
    map_headers,
    raw_from_grid,
    read_grid,
    repeated_problems,
    unmapped_location,
)
from ratecalc.remedies import remedy
from ratecalc.schema import FEE_SCHEDULES, Table
from ratecalc.validation import (
    CODE_PATTERN,
    MODIFIER_PATTERN,
    CellError,
    another_value,
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

_CODE_WITH_MODIFIER = re.compile(r"^\s*([0-9A-Za-z]{5})\s*[-\s:]?\s*([0-9A-Za-z]{2})\s*$")


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


def _split_code(value: Any) -> tuple[Any, str | None]:
    """``'97110-GP'`` -> (``'97110'``, ``'GP'``); anything else unchanged with no modifier."""
    if not isinstance(value, str):
        return value, None
    hit = _CODE_WITH_MODIFIER.match(value)
    if hit and CODE_PATTERN.match(hit.group(1).upper()) \
            and MODIFIER_PATTERN.match(hit.group(2).upper()):
        return hit.group(1).upper(), hit.group(2).upper()
    return value, None


def _is_money(value: Any) -> bool:
    try:
        parse_money(value)
    except CellError:
        return False
    return True


def parse_fee_schedule(grid: pd.DataFrame, payer: str, *, effective_date: date | None = None,
                       file: str | None = None, sheet: str | None = None) -> FeeScheduleFile:
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

    Returns
    -------
    FeeScheduleFile

    Raises
    ------
    ratecalc.errors.InputError
        No header row with a code column and an amount column in the first 15 rows.

    Notes
    -----
    Row rules: a row whose code cell is not a code and whose amount is not a number is a title,
    sub-header or footnote: skipped with a warning. A code whose amount says it is not priced
    (``N/A``, ``By Report``, ``Not covered``...) or is blank is skipped with a warning. Any
    other cell that cannot be read is an error naming the row and the column.
    """
    payer = str(payer).strip()
    raw = raw_from_grid(grid, FILE_TABLE, file, sheet)
    header_index = raw.source.first_row - 2
    headers = grid.iloc[header_index].tolist()
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

    other_payers: set[str] = set()
    for i in range(len(frame)):
        code, amount = frame.at[i, "code"], frame.at[i, "allowed_amount"]
        row_values = [frame.at[i, c] for c in FILE_TABLE.column_names]
        if all(is_blank(v) for v in row_values):
            continue
        split, modifier = _split_code(code)
        if modifier is not None and is_blank(frame.at[i, "modifier"]):
            frame.at[i, "code"], frame.at[i, "modifier"] = split, modifier
        if any(shows_no_value(v) for v in row_values):
            pass  # a cell showing #REF! is no title and no blank: an error at its cell, below
        elif not _looks_like_code(frame.at[i, "code"]):
            label = not any(ch.isdigit() for ch in str(frame.at[i, "code"] or ""))
            if is_blank(amount) or not _is_money(amount) or label:
                shown_row = next((str(v) for v in grid.iloc[raw.source.first_row - 2 + 1 + i]
                                  if not is_blank(v)), "")
                problems.append(Problem("Fee schedule", where(i), "not a fee line (a title, "
                                        "note or sub-header?): skipped", shown_row[:60],
                                        severity="warning"))
                frame.loc[i, :] = None
                continue
        elif is_blank(amount) or (isinstance(amount, str)
                                and amount.strip().lower() in NOT_PRICED):
            problems.append(Problem("Fee schedule", where(i, "allowed_amount"),
                                    f"code {str(frame.at[i, 'code']).strip()} has no dollar "
                                    f"amount: skipped", None if is_blank(amount) else amount,
                                    severity="warning"))
            frame.loc[i, :] = None
            continue
        if not shows_no_value(frame.at[i, "payer"]):  # else refused at its cell, below
            if not is_blank(frame.at[i, "payer"]) and \
                    str(frame.at[i, "payer"]).strip().lower() != payer.lower():
                other_payers.add(str(frame.at[i, "payer"]).strip())
            frame.at[i, "payer"] = payer
        if is_blank(frame.at[i, "effective_date"]) and effective_date is not None:
            frame.at[i, "effective_date"] = effective_date
    if other_payers:
        problems.append(Problem("Fee schedule", raw.source.shown(Location(file, sheet, None,
                                                                          "payer")),
                                f"the file names other payers; every row was imported as "
                                f"{payer!r}", ", ".join(sorted(other_payers)),
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
    typed, repeats = _drop_repeats(typed, raw.source.first_row)
    for p in found:
        if p.location.row in repeats and p.rule.startswith("duplicate row"):
            p = replace(p, rule=f"repeats row {repeats[p.location.row]}: skipped",
                        severity="warning")
        elif p.rule.startswith("duplicate row"):
            p = replace(p, rule=f"{p.rule} {another_value()}")
        if p.location.column == "effective_date":
            p = replace(p, rule=p.rule + f" (or {remedy('effective_date')})")
        problems.append(replace(p, table="Fee schedule"))
    problems.sort(key=lambda p: (p.location.row or 0, p.severity))
    return FeeScheduleFile(typed.reset_index(drop=True), tuple(problems),
                           tuple(str(h) for h in unmapped), shown, raw.source.first_row - 1,
                           sheet)


def _drop_repeats(typed: pd.DataFrame, first_row: int) -> tuple[pd.DataFrame, dict[int, int]]:
    """Keep the first row of each key. Returns the rows kept and, for a later row that repeats
    an earlier one exactly, its file row -> the earlier row (a harmless repeat, not an error).
    A later row with the same key but another amount is dropped too; its error stands."""
    key = list(FEE_SCHEDULES.key)
    records = typed.to_dict(orient="records")
    found = repeated_keys([tuple(str(record[c]).lower() for c in key) for record in records],
                          [record["allowed_amount"] for record in records])
    rows = [first_row + int(index) for index in typed.index]
    repeats = {rows[r.later]: rows[r.first] for r in found if r.same}
    later = {r.later for r in found}
    return typed.loc[[index for position, index in enumerate(typed.index)
                      if position not in later]], repeats


def read_csv_grid(path: Path) -> pd.DataFrame:
    """Every cell of a delimited text file as strings, rows of any length.

    Payer exports put one-cell title rows above a wide table, which pandas' CSV parser refuses
    (it sizes every row by the first); the csv module reads each row as it is, and the rows are
    padded here. The delimiter is found as for every CSV (:func:`ratecalc.csv_text.read_csv_rows`).
    """
    rows = read_csv_rows(path)
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


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
        if not source.exists():
            raise InputError(f"'{source}': no such file")
        grid, sheet_name = read_csv_grid(source), None
    else:
        read = read_grid(source, sheet, FILE_TABLE)
        result = parse_fee_schedule(read.cells, payer, effective_date=effective_date,
                                    file=source.name, sheet=read.sheet)
        return replace(result, problems=read.notes + result.problems)
    return parse_fee_schedule(grid, payer, effective_date=effective_date, file=source.name,
                              sheet=sheet_name)
