"""Where a letter's inputs come from when it is asked for by file: the clinic's tables, the
payer's counteroffer (Negotiation Log) and the rates the clinic typed over the proposal.

A path is a folder of CSV/XLSX tables (:func:`ratecalc.loaders.load_folder`) or a workbook. For a
workbook the master workbook's reader (``ratecalc_workbook.reader``) is used when it is
installed, else :func:`ratecalc.loaders.load_workbook_file` (one sheet per table). The Negotiation
Log and the Proposal sheet's "Your rate" column are read with pandas, their sheet and header
names taken from ``ratecalc_workbook.layout`` when it is there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError, Problem
from ratecalc.loaders import load_folder, load_workbook_file, normalize_header
from ratecalc.validation import CellError, is_blank, parse_code, parse_money

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Used when ``ratecalc_workbook.layout`` is not installed: the master workbook's names.
DEFAULT_LOG_SHEET = "Negotiation Log"
DEFAULT_PROPOSAL_SHEET = "Proposal"
DEFAULT_OVERRIDE_HEADER = "Your rate"
#: A folder of tables may hold the log as negotiation_log.csv / .xlsx.
LOG_FILE_STEMS = ("negotiation_log", "negotiation log")


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """``module.name`` if that module is installed and defines it, else None."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError:
        return None
    return getattr(found, name, None)


def _layout(name: str, default: str) -> str:
    try:
        layout = importlib.import_module("ratecalc_workbook.layout")
    except ModuleNotFoundError:
        return default
    return str(getattr(layout, name, default))


def load_clinic_data(path: str | Path) -> tuple[ClinicData | None, list[Problem]]:
    """The clinic's tables from a folder or a workbook, with every problem found.

    Raises
    ------
    ratecalc.errors.InputError
        The path is neither a folder nor an .xlsx/.xlsm workbook, or does not exist.
    """
    source = Path(path)
    if source.is_dir():
        return load_folder(source)
    if source.suffix.lower() in WORKBOOK_SUFFIXES:
        if not source.is_file():
            raise InputError(f"'{source}': no such workbook")
        reader = _optional("ratecalc_workbook.reader", "read_workbook")
        if reader is not None:
            data, problems = reader(source)
            return data, list(problems)
        return load_workbook_file(source)
    raise InputError(f"'{source}': expected the master workbook (.xlsx) or a folder of tables")


@dataclass(frozen=True)
class SheetRows:
    """Rows read from a sheet or file, indexed by the row number the user sees, and where they
    came from (for messages)."""

    frame: pd.DataFrame
    source: str


def _header_row(grid: pd.DataFrame, wanted: set[str], max_scan: int = 15) -> int | None:
    for i in range(min(max_scan, len(grid))):
        cells = {normalize_header(c) for c in grid.iloc[i].tolist() if isinstance(c, str)}
        if wanted <= cells:
            return i
    return None


def _sheet_rows(book: Path, sheet: str, wanted: set[str]) -> SheetRows | None:
    try:
        grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
    except ValueError:  # no such sheet
        return None
    except Exception as exc:  # noqa: BLE001 - any failure to read means the same to the user
        raise InputError(f"'{book.name}': cannot read sheet '{sheet}' ({exc})") from None
    header = _header_row(grid, wanted)
    if header is None:
        return None
    frame = grid.iloc[header + 1:].copy()
    frame.columns = [str(c) if not is_blank(c) else f"_{i}" for i, c in
                     enumerate(grid.iloc[header].tolist())]
    frame.index = frame.index + 1  # grid positions are 0-based; sheet rows start at 1
    return SheetRows(frame.dropna(how="all"), f"'{book.name}', sheet '{sheet}'")


def read_negotiation_log(path: str | Path) -> SheetRows | None:
    """The Negotiation Log rows of a workbook, or of ``negotiation_log.csv/xlsx`` in a folder;
    None when there is none."""
    source = Path(path)
    if source.is_dir():
        for stem in LOG_FILE_STEMS:
            for suffix in (".csv", ".xlsx"):
                file = source / f"{stem}{suffix}"
                if file.is_file():
                    frame = (pd.read_csv(file, dtype=str, keep_default_na=False)
                             if suffix == ".csv" else pd.read_excel(file, dtype=object))
                    frame.index = frame.index + 2  # row 1 is the header
                    return SheetRows(frame, f"'{file.name}'")
        return None
    if source.suffix.lower() not in WORKBOOK_SUFFIXES:
        return None
    return _sheet_rows(source, _layout("NEGOTIATION_LOG", DEFAULT_LOG_SHEET), {"payer", "code"})


def read_requested_rates(path: str | Path, payer: str) -> dict[str, float]:
    """The rates typed in the master workbook's Proposal sheet, column "Your rate", for
    ``payer``: code -> USD per unit. Empty for a folder, or when nothing was typed.

    Raises
    ------
    ratecalc.errors.InputError
        A typed rate that is not a dollar amount (with its row).
    """
    source = Path(path)
    if source.suffix.lower() not in WORKBOOK_SUFFIXES or not source.is_file():
        return {}
    header = _layout_override_header()
    rows = _sheet_rows(source, _layout("PROPOSAL", DEFAULT_PROPOSAL_SHEET),
                       {"payer", "code", normalize_header(header)})
    if rows is None:
        return {}
    by_key = {normalize_header(c): c for c in rows.frame.columns}
    payer_col, code_col, rate_col = (by_key["payer"], by_key["code"],
                                     by_key[normalize_header(header)])
    found: dict[str, float] = {}
    for index, row in rows.frame.iterrows():
        if is_blank(row[rate_col]) or is_blank(row[payer_col]):
            continue
        if str(row[payer_col]).strip().casefold() != payer.strip().casefold():
            continue
        where = f"{rows.source}, row {index}"
        try:
            code = parse_code(row[code_col])
            found[code] = parse_money(row[rate_col])
        except CellError as exc:
            raise InputError(f"{where}, column '{header}': {exc}, got {row[rate_col]!r}") \
                from None
    return found


def _layout_override_header() -> str:
    try:
        layout = importlib.import_module("ratecalc_workbook.layout")
        return str(layout.PROPOSAL_TABLE.spec("override_rate").header)
    except (ModuleNotFoundError, AttributeError, KeyError):
        return DEFAULT_OVERRIDE_HEADER
