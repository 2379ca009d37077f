"""The clinic's eight tables written back as the CSV folder ``load_folder`` reads.

One file per table under the first name :data:`ratecalc.loaders.FILE_NAMES` gives it, columns
in schema order, values in the canonical spelling the loaders accept: dates ISO, yes/no,
fractions as decimals (0.05), money unrounded (the shortest text that reads back to the same
number), key/value tables (clinic, settings) as ``field,value``. Reading the folder back gives the
same tables.

Data is never code: a text value starting with ``=``, ``+``, ``-`` or ``@`` is written with a
leading apostrophe, so a spreadsheet opening the CSV shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ratecalc.atomic import atomic_write, writing_together
from ratecalc.cell_text import CSV_LINE_END, neutralize
from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError
from ratecalc.loaders import FILE_NAMES
from ratecalc.output_kinds import CSV, check_folder
from ratecalc.schema import EXIT_ASSUMPTIONS, TABLES


def csv_text(value: Any) -> str:
    """One value as the loaders read it back."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return ""
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return neutralize(str(value))  # the one rule, which the loaders' restore() undoes


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return out.getvalue()


def table_files(data: ClinicData) -> dict[str, str]:
    """File name -> CSV text for each of the eight tables, and the exit assumptions when the
    data has any (``exit_assumptions.csv``)."""
    files: dict[str, str] = {}
    for name, table in TABLES.items():
        file = f"{FILE_NAMES[name][0]}.csv"
        if name == "clinic":
            rows = [(c, data.clinic.get(c)) for c in table.column_names
                    if data.clinic.get(c) not in (None, "")]
            files[file] = _csv(("field", "value"), rows)
        elif name == "settings":
            values = {f.name: getattr(data.settings, f.name) for f in fields(data.settings)}
            rows = [(c, values[c]) for c in table.column_names if values.get(c) is not None]
            files[file] = _csv(("field", "value"), rows)
        else:
            frame: pd.DataFrame = getattr(data, name)
            columns = [c for c in table.column_names if c in frame.columns]
            files[file] = _csv(columns, frame[columns].itertuples(index=False, name=None))
    if data.exit_assumptions:  # the workbook's Settings sheet's what-ifs, read back alike
        rows = [(c, data.exit_assumptions[c]) for c in EXIT_ASSUMPTIONS.column_names
                if c in data.exit_assumptions]
        files[f"{FILE_NAMES['exit_assumptions'][0]}.csv"] = _csv(("field", "value"), rows)
    return files


def write_clinic_tables(data: ClinicData, folder: str | Path, *,
                        overwrite: bool = False) -> list[Path]:
    """Write the eight tables as CSV files into ``folder`` (created if needed).

    Raises
    ------
    InputError
        A table's file is already there and ``overwrite`` is False (nothing is written then).
    """
    root = Path(folder)
    files = table_files(data)
    if not overwrite:
        present = [name for name in files if (root / name).exists()]
        if present:
            raise InputError(f"'{root}' already holds {', '.join(present)}: choose an empty "
                             f"folder, or replace those files on purpose with --overwrite "
                             f"(RateCalc does not overwrite a clinic's tables unasked)")
    check_folder(root, "the tables")
    with writing_together([(root / name, CSV) for name in files]):
        root.mkdir(parents=True, exist_ok=True)
        return [atomic_write(root / name, text, kind=CSV) for name, text in files.items()]
