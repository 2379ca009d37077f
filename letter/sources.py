"""Where a letter's inputs come from when it is asked for by file: the clinic's tables, the
payer's counteroffer (Negotiation Log) and the rates the clinic typed over the proposal.

A path is the master workbook (.xlsx/.xlsm), read by ``ratecalc_workbook.reader`` (imported
only then, so the letter writer needs the workbook layer only to read a workbook), or a folder of
CSV/XLSX tables (:func:`ratecalc.loaders.load_folder`) that may hold ``negotiation_log.csv``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import field
from datetime import date
from pathlib import Path
from types import ModuleType

import pandas as pd

from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError, Problem, ValidationFailed
from ratecalc.frozen_record import frozen_record
from ratecalc.input_paths import LETTER_DATA
from ratecalc.loaders import LOG_FILE_STEM, load_folder, read_headed_table
from ratecalc.payers import payer_key
from ratecalc.regular_files import not_a_file

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: What a letter's date is called in a warning of a log row dated after it.
LETTER_DATE_WORDS = "the letter's date"
#: The columns of a Negotiation Log's rows, as a message names them.
LOG_COLUMNS = "date, payer, direction, code, offered_rate (or offered_increase)"


def _workbook_reader() -> ModuleType:
    return importlib.import_module("ratecalc_workbook.reader")


def _is_workbook_file(path: str | Path) -> bool:
    source = Path(path)
    return source.suffix.lower() in WORKBOOK_SUFFIXES and source.is_file()


def import_readers(path: str | Path) -> None:
    """Import what reads ``path`` now (the workbook layer, for a workbook) rather than at the
    first read, e.g. among a command's other libraries
    (:func:`ratecalc_cli.main.loading_libraries`)."""
    if _is_workbook_file(path):
        _workbook_reader()


def reading_once(path: str | Path) -> AbstractContextManager[None]:
    """A block in which a workbook at ``path`` is loaded once however often it is read."""
    if _is_workbook_file(path):
        return _workbook_reader().loaded_once()
    return nullcontext()


def _workbook(path: str | Path) -> Path | None:
    """``path`` as a workbook, None for a folder; an error for anything else."""
    source = Path(path)
    if source.is_dir():
        return None
    if (what := not_a_file(source)) is not None:
        raise InputError(LETTER_DATA.refusal(source, what))
    if source.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError(f"'{source}': expected the master workbook (.xlsx) or a folder of "
                         f"tables")
    return source


def load_clinic_data(path: str | Path, letter_date: date | None = None
                     ) -> tuple[ClinicData | None, list[Problem]]:
    """The clinic's tables from the master workbook or a folder, with every problem found;
    the workbook's Negotiation Log rows dated after ``letter_date`` (None: after the analysis
    date, the letter's date then) are warned about, as the letter counts the rows by it.

    Raises
    ------
    ratecalc.errors.InputError
        The path is neither a folder nor an existing .xlsx/.xlsm workbook.
    """
    book = _workbook(path)
    if book is None:
        return load_folder(Path(path))
    data, problems = _workbook_reader().read_workbook(book, as_of=letter_date,
                                                      as_of_words=LETTER_DATE_WORDS)
    return data, list(problems)


@frozen_record
class LogRows:
    """Negotiation Log rows and where they came from (for messages).

    ``frame`` has the log's columns; a ``sheet_row`` column, when present, is the row the user
    sees. ``place`` is where the user adds a row ("on the Negotiation Log sheet").
    """

    frame: pd.DataFrame
    source: str
    place: str = "on the Negotiation Log"
    #: The log's column -> its header as the sheet shows it ("Offered rate"), for messages.
    headers: Mapping[str, str] = field(default_factory=dict)
    #: The log's column -> its letter on the sheet or in the file ("E"), for messages.
    letters: Mapping[str, str] = field(default_factory=dict)
    #: The increases were read already as their cells show them (the master workbook's sheet,
    #: typed by its reader: a 1.5 shown as 150% is 150%, one shown as 1.5 was refused there)
    #: (:func:`ratecalc_letter.offers.offer_from_log`).
    percent_cells: bool = False
    #: The warnings of reading a folder's log file (a quote left open that swallowed a row,
    #: :func:`ratecalc.loaders.read_headed_table`), for the letter to show with its others.
    notes: tuple[Problem, ...] = ()


def read_negotiation_log(path: str | Path, payer: str | None = None) -> LogRows | None:
    """The Negotiation Log of the workbook (no rows when it is empty or missing), or
    ``negotiation_log.csv/.xlsx`` of a folder; None for a folder without one.

    Raises
    ------
    ratecalc.errors.InputError
        Log rows with errors (each named), since a skipped row could be part of the offer;
        with ``payer``, only the errors of rows that may be its own (its name, or a Payer cell
        that does not read): another payer's rows hold none of its offers.
    """
    book = _workbook(path)
    if book is None:
        for suffix in (".csv", ".xlsx"):
            file = Path(path) / f"{LOG_FILE_STEM}{suffix}"
            if file.is_file():
                notes: list[Problem] = []
                frame = read_headed_table(file, LOG_COLUMNS, "Negotiation Log", notes=notes)
                return LogRows(frame.assign(sheet_row=frame.index), f"'{file.name}'",
                               f"in '{file.name}'", letters=frame.attrs["letters"],
                               notes=tuple(notes))
        return None
    frame, problems = _workbook_reader().read_negotiation_log(book)
    errors = [p for p in problems if p.severity == "error"]
    if errors and payer is not None:
        # a formula never computed in another payer's Summary refused every payer's letter
        payers = _workbook_reader().negotiation_log_payers(book)
        errors = [p for p in errors if p.location.row not in payers
                  or payer_key(payers[p.location.row]) == payer_key(payer)]
    if errors:
        # problems in cells of a workbook that was read: exit 1, as every table's are
        raise ValidationFailed(errors)
    return LogRows(frame, f"'{book.name}', sheet 'Negotiation Log'", "on the Negotiation Log sheet",
                   frame.attrs.get("headers", {}), frame.attrs.get("letters", {}),
                   percent_cells=True)


def read_requested_rates(path: str | Path, payer: str) -> dict[str, float]:
    """The rates typed on the workbook's Proposal sheet ("Your rate") for ``payer``:
    code -> USD per unit. Empty for a folder of tables, or when none was typed."""
    book = _workbook(path)
    if book is None:
        return {}
    overrides = _workbook_reader().read_proposal_overrides(book)
    mine = overrides[overrides["payer"].map(payer_key) == payer_key(payer)]
    return {str(code).strip().upper(): float(rate)
            for code, rate in zip(mine["code"], mine["override_rate"], strict=True)}
