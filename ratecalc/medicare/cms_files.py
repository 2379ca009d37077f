"""Readers for the files CMS publishes with each Physician Fee Schedule RVU release.

CMS ships, per release (RVU26A, RVU26C, ...), a zip with ``PPRRVUyy_MMM.csv`` (relative value units
per HCPCS code and modifier; since 2019 in a QPP and a non-QPP variant), ``GPCIyyyy.csv``
(geographic practice cost indices per locality) and ``yyLOCCO.csv``, each also as .xlsx and as
fixed-width text. The CSV and XLSX open with title rows and a header that spans several lines.

Columns are found by their header *names*, never by position: CMS inserts columns between years
(2026 added ``PRIC IND`` before ``CONV FACTOR``). Unknown columns are ignored; a needed column that
is missing is named in the error. The fixed-width text has no header, so it is read with the record
layout CMS documents (RVUyyA.pdf) and used only when a release has no CSV or XLSX.

Only numbers and codes are kept: CMS's descriptor column is AMA-copyrighted CPT text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from ratecalc.csv_text import checked_rows
from ratecalc.errors import DataError, InputError, column_letter
from ratecalc.file_signatures import ZIP, ZIP_RECORD
from ratecalc.limits import CONVERSION_FACTOR_RANGE, RVU_INDICATORS, RVU_RANGES
from ratecalc.number_text import plain_decimal
from ratecalc.xlsx_package import check_xlsx_package

RVU_COLUMNS = ["hcpcs", "modifier", "status", "work_rvu", "pe_nonfac_rvu", "nonfac_na",
               "pe_fac_rvu", "fac_na", "mp_rvu", "pctc", "glob_days", "mult_proc", "conv_factor"]
NUMERIC_RVU = ["work_rvu", "pe_nonfac_rvu", "pe_fac_rvu", "mp_rvu"]

# Canonical column -> header texts CMS (and the one-row exports of its files) have used, compared
# after normalizing: upper case, every run of non-alphanumerics one space ("NON-FAC PE RVU" and
# "non_fac_pe_rvu" are both "NON FAC PE RVU"). The header lines above a column are joined first.
PPRRVU_HEADERS: dict[str, tuple[str, ...]] = {
    "hcpcs": ("HCPCS", "HCPCS CODE", "CPT HCPCS"),
    "modifier": ("MOD", "MODIFIER"),
    "status": ("STATUS CODE", "STATUS", "STATUS INDICATOR"),
    "work_rvu": ("WORK RVU", "WORK RVUS", "RVU WORK"),
    "pe_nonfac_rvu": ("NON FAC PE RVU", "NON FACILITY PE RVU", "FULLY IMPLEMENTED NON FACILITY PE "
                      "RVU", "TRANSITIONED NON FAC PE RVU", "NON FACILITY PRACTICE EXPENSE RVU"),
    "nonfac_na": ("NON FAC NA INDICATOR", "NON FAC INDICATOR", "NON FACILITY NA INDICATOR"),
    "pe_fac_rvu": ("FACILITY PE RVU", "FULLY IMPLEMENTED FACILITY PE RVU",
                   "TRANSITIONED FACILITY PE RVU", "FACILITY PRACTICE EXPENSE RVU"),
    "fac_na": ("FACILITY NA INDICATOR", "FACILITY INDICATOR"),
    "mp_rvu": ("MP RVU", "MALPRACTICE RVU", "MP RVUS"),
    "pctc": ("PCTC IND", "PCTC INDICATOR", "PC TC IND", "PC TC INDICATOR"),
    "glob_days": ("GLOB DAYS", "GLOBAL DAYS", "GLOBAL SURGERY"),
    "mult_proc": ("MULT PROC", "MULTIPLE PROCEDURE", "MULT PROC INDICATOR"),
    "conv_factor": ("CONV FACTOR", "CONVERSION FACTOR"),
}
# Without these a release cannot be priced; the others default to blank.
PPRRVU_REQUIRED = ("hcpcs", "modifier", "status", "work_rvu", "pe_nonfac_rvu", "pe_fac_rvu",
                   "mp_rvu", "mult_proc", "conv_factor")

# CMS's fixed-width PPRRVU record (RVU25D.pdf, "DATA RECORD"), its 1-based positions as slices.
PPRRVU_FIXED_WIDTH: dict[str, tuple[int, int]] = {
    "hcpcs": (0, 5), "modifier": (5, 7), "status": (57, 58), "work_rvu": (59, 65),
    "pe_nonfac_rvu": (66, 72), "nonfac_na": (72, 74), "pe_fac_rvu": (75, 81), "fac_na": (81, 83),
    "mp_rvu": (84, 89), "pctc": (102, 103), "glob_days": (103, 106), "mult_proc": (115, 116),
    "conv_factor": (132, 140),
}

GPCI_COLUMNS = ["mac", "locality_number", "locality", "state", "locality_name", "gpci_work",
                "gpci_pe", "gpci_mp"]


def normalize_header(text: object) -> str:
    return re.sub(r"[^A-Z0-9]+", " ", str(text).upper()).strip()


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text CMS wrote (numbers without float noise)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell
            return ""
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text if text not in ("", "-0") else "0"
    return str(value).strip()


def read_rows(source: str | Path | bytes, name: str) -> list[list[str]]:
    """The cells of a CMS CSV or XLSX file as rows of text (first sheet of a workbook)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if data.startswith(ZIP) or name.lower().endswith((".xlsx", ".xls")):
        if data.startswith(ZIP_RECORD) or name.lower().endswith(".xlsx"):
            check_xlsx_package(data, name)
        try:
            frame = pd.read_excel(io.BytesIO(data), header=None, dtype=object, sheet_name=0)
        except Exception as exc:  # any reader failure is the file's fault
            raise DataError(f"CMS file '{name}': not a readable spreadsheet ({exc})") from exc
        return [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
    text = data.decode("utf-8-sig") if data[:3] == b"\xef\xbb\xbf" else data.decode("latin-1")
    # Ctrl-Z ends a DOS text file: CMS's PPRRVU24_APR.csv has one, then a row of commas, which
    # was read as a code "\x1a"
    text = text.split("\x1a", 1)[0]
    try:
        # a quote left open read every row after it into its cell: codes dropped, without a word
        rows = checked_rows(csv.reader(io.StringIO(text)), name, ",", text, str.strip)
    except csv.Error as exc:
        raise DataError(f"CMS file '{name}': not a readable CSV ({exc})") from exc
    except InputError as exc:
        raise DataError(f"CMS file {exc}") from None
    _refuse_line_breaks(rows, name)
    return rows


def _refuse_line_breaks(rows: list[list[str]], name: str) -> None:
    """Refuse a cell holding a line break: no CMS file has one (its headers span rows, not
    cells), so it is a quote opened in one row and closed in a later one, the rows between
    read as its text: a PPRRVU file with a quote typed before a row's last value imported
    without the 15 codes up to the next quoted description."""
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if "\n" in value or "\r" in value:
                raise DataError(
                    f"CMS file '{name}', row {number}, column {column_letter(column)}: the "
                    "cell runs over several lines, as no CMS file's does: a quote (\") opens "
                    "it and closes only on a later line, so the rows between are read as its "
                    "text; "
                    f"expected CMS's file as published, got {value[:80]!r}")


def _header_block(rows: Sequence[Sequence[str]], header_at: int) -> list[str]:
    """Per column, the text of the header lines ending at ``header_at``, joined and normalized.

    CMS spreads a header over up to five lines; the block ends upward at a blank row or a title
    row (a row with a single filled cell).
    """
    start = header_at
    while start > 0:
        above = [c for c in rows[start - 1] if str(c).strip()]
        if len(above) < 2:
            break
        start -= 1
    width = max(len(r) for r in rows[start: header_at + 1])
    block = rows[start: header_at + 1]
    return [normalize_header(" ".join(r[i] if i < len(r) else "" for r in block))
            for i in range(width)]


def _find_columns(header: list[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for field, names in wanted.items():
        for i, text in enumerate(header):
            if text in names:
                found[field] = i
                break
    return found


def read_pprrvu(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read a PPRRVU file (CMS's CSV or XLSX, any 2020-2026 layout, or a one-header-row export)
    into canonical columns.

    Parameters
    ----------
    source : path or bytes
        The file, or its bytes (e.g. read from a CMS zip).
    name : str, optional
        File name for messages and for telling XLSX from CSV; defaults to the path's name.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RVU_COLUMNS`, all as text exactly as CMS wrote them (RVUs are converted to
        exact integers later, never through float).

    Raises
    ------
    DataError
        No header row, a needed column missing (named), or a non-numeric RVU (code named).
    """
    name = name or (Path(source).name if not isinstance(source, bytes) else "PPRRVU")
    if name.lower().endswith(".txt"):
        return read_pprrvu_fixed_width(source, name)
    rows = read_rows(source, name)
    header_at = next((i for i, r in enumerate(rows[:40])
                      if any(normalize_header(c) in PPRRVU_HEADERS["hcpcs"] for c in r[:5])), None)
    if header_at is None:
        raise DataError(
            f"CMS RVU file '{name}': no header row starting with 'HCPCS' in the first 40 rows; "
            "expected CMS's PPRRVU file"
        )
    header = _header_block(rows, header_at)
    columns = _find_columns(header, PPRRVU_HEADERS)
    missing = [f for f in PPRRVU_REQUIRED if f not in columns]
    if missing:
        expected = "; ".join(f"{f} (header '{PPRRVU_HEADERS[f][0]}')" for f in missing)
        raise DataError(f"CMS RVU file '{name}', header row {header_at + 1}: missing column(s) "
                        f"{expected}")
    code_at = columns["hcpcs"]
    at = [i for i in range(header_at + 1, len(rows))
          if len(rows[i]) > code_at and rows[i][code_at].strip()]
    _refuse_cut_rows(rows, at, columns, name)
    body = [rows[i] for i in at]
    frame = pd.DataFrame({field: _column(body, columns.get(field)) for field in RVU_COLUMNS},
                         dtype=object)
    return _tidy_rvus(frame, name, [f"row {i + 1}" for i in at])


def _refuse_cut_rows(rows: list[list[str]], at: list[int], columns: dict[str, int],
                     name: str) -> None:
    """Refuse a row that ends before a column read. Every row of CMS's CSV has all its fields
    (a blank one is empty text between commas), so a row without them is one cut short: a
    download broken off ends in the middle of a row, whose missing RVUs were read as blank and
    the release stored (a 97110 of half its facility RVU, and the codes after it unknown)."""
    last = max(columns.values())
    cut = next((i for i in at if len(rows[i]) <= last), None)
    if cut is None:
        return
    row = rows[cut]
    field, place = min(((f, i) for f, i in columns.items() if i >= len(row)),
                       key=lambda found: found[1])
    raise DataError(
        f"CMS RVU file '{name}', row {cut + 1}, code {_shown(row[columns['hcpcs']])}: the row "
        f"ends after {len(row)} fields, before column {field} (field {place + 1} of the "
        f"header); the file is cut short or damaged: download CMS's zip again")


def _column(body: list[list[str]], at: int | None) -> list[str]:
    """The text of column ``at`` of each row ("" where a row is shorter, or no column)."""
    if at is None:
        return [""] * len(body)
    return [r[at] if at < len(r) else "" for r in body]


def read_pprrvu_fixed_width(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read CMS's fixed-width PPRRVU text file (the layout documented in RVUyyA.pdf)."""
    name = name or (Path(source).name if not isinstance(source, bytes) else "PPRRVU.txt")
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    lines = [ln.rstrip("\r") for ln in data.decode("latin-1").split("\n")]
    at = [i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("HDR")]
    body = [lines[i] for i in at]
    if not body:
        raise DataError(f"CMS RVU file '{name}': no data records")
    frame = pd.DataFrame(
        {field: [ln[a:b].strip() for ln in body] for field, (a, b) in PPRRVU_FIXED_WIDTH.items()},
        dtype=object,
    )[RVU_COLUMNS]
    bad = frame["hcpcs"].map(lambda c: not re.fullmatch(r"[0-9A-Z]{5}", c.upper()))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(f"CMS RVU file '{name}', record {i + 1}: expected a 5-character HCPCS "
                        f"code in positions 1-5 of CMS's fixed-width layout, got "
                        f"{body[i][:5]!r}")
    return _tidy_rvus(frame, name, [f"line {i + 1}" for i in at])


def _tidy_rvus(frame: pd.DataFrame, name: str, where: list[str]) -> pd.DataFrame:
    """The rows' codes and modifiers upper case, 4-digit codes given back their zero, "NA"
    blank; numbers and repeated codes checked (``where`` says where each row is in the file)."""
    frame["hcpcs"] = frame["hcpcs"].str.upper()
    # A CSV saved through a spreadsheet loses the leading zeros of numeric codes (the RVU25A copy
    # in the reference data has "100" for 00100): every HCPCS code has five characters, and one
    # of digits alone is a CPT code.
    short = frame["hcpcs"].str.fullmatch(r"[0-9]{1,4}")
    frame.loc[short, "hcpcs"] = frame.loc[short, "hcpcs"].str.zfill(5)
    frame["modifier"] = frame["modifier"].str.upper()
    for column in RVU_INDICATORS:
        frame[column] = frame[column].str.upper()
    frame = frame.replace({"NA": ""})
    _check_numbers(frame, name, where)
    _check_ranges(frame, name, where)
    return _once_per_code(frame, name, where)


def _once_per_code(frame: pd.DataFrame, name: str, where: list[str]) -> pd.DataFrame:
    """Each code and modifier once. CMS lists each once; a file listing one again with other
    values is refused, naming both rows and a value that differs (the first was kept, without
    a word, and priced every visit); a row repeated exactly is dropped (its code counted
    once)."""
    later = frame.duplicated(["hcpcs", "modifier"]).to_numpy()
    if not later.any():
        return frame
    # Each row against the first row of its code and modifier, a column at a time: compared
    # cell by cell, a file listing every code twice took seconds.
    group = frame.groupby(["hcpcs", "modifier"], sort=False, dropna=False).ngroup().to_numpy()
    first = np.flatnonzero(~later)[group]  # groups are numbered in order of first appearance
    rows = np.flatnonzero(later)
    differs = np.column_stack(
        [frame[c].to_numpy()[rows] != frame[c].to_numpy()[first[rows]] for c in RVU_COLUMNS])
    bad = np.flatnonzero(differs.any(axis=1))
    if bad.size:
        i, j = int(rows[bad[0]]), int(first[rows[bad[0]]])
        differ = RVU_COLUMNS[int(np.argmax(differs[bad[0]]))]
        code = frame["hcpcs"].iat[i] + (
            f" modifier {frame['modifier'].iat[i]}" if frame["modifier"].iat[i] else "")
        raise DataError(
            f"CMS RVU file '{name}', {where[i]}: code {code} is listed again, with "
            f"{differ} {frame[differ].iat[i]!r} where {where[j]} has "
            f"{frame[differ].iat[j]!r}; CMS's files list each code and modifier once, so "
            f"this file is not CMS's as published")
    return frame[~later].reset_index(drop=True)


def _check_numbers(frame: pd.DataFrame, name: str, where: list[str] | None = None) -> None:
    # blank, or digits with one point at most; \d alone took "٣٠", and "." or "-" alone passed
    # here and stopped the import later with an internal error
    number = re.compile(r"^(-?(\d+\.?\d*|\.\d+))?$", re.ASCII)
    for column in [*NUMERIC_RVU, "conv_factor"]:
        values = frame[column].to_numpy()
        # each distinct text matched once: a release's ~19,000 rows repeat few figures
        bad_texts = [v for v in pd.unique(values) if not number.match(v)]
        if bad_texts:
            i = int(np.flatnonzero(np.isin(values, bad_texts))[0])
            at = f", {where[i]}" if where else ""
            raise DataError(
                f"CMS RVU file '{name}'{at}, code {frame['hcpcs'].iat[i]}, column {column}: "
                f"expected a number, got {_shown(values[i])!r}"
            )


#: Most problems one refusal lists (a file shifted by a column breaks every row).
MAX_PROBLEMS = 40


def _check_ranges(frame: pd.DataFrame, name: str, where: list[str]) -> None:
    """Refuse a file with an RVU, conversion factor or indicator outside what CMS's files hold
    (:data:`ratecalc.limits.RVU_RANGES`, :data:`~ratecalc.limits.CONVERSION_FACTOR_RANGE`,
    :data:`~ratecalc.limits.RVU_INDICATORS`), naming every bad row's place, column and value.

    A work RVU of -0.45 priced a visit at -$2.86, and one of 30,000,000 wrapped around in the
    stored integers to -$432,530,719.40: a number that no CMS file could hold is refused here,
    before anything is stored. Values were checked as numbers by :func:`_check_numbers`.
    """
    problems: list[str] = []
    ranges = {**RVU_RANGES, "conv_factor": CONVERSION_FACTOR_RANGE}
    # The columns' own texts (every one a str, from read_rows), each distinct text checked
    # once; the rows holding a bad one looked for only when there is one (a copy of each
    # column as a numpy text array and a look through it took most of this check's time).
    for column, (low, high) in ranges.items():
        values = frame[column].to_numpy()
        texts = pd.unique(values)
        bad_texts = {t for t in texts if t.strip() and not _within(t, low, high)}
        rule = f"outside the plausible range {low}-{high}"
        problems += [f"{where[i]}, column '{PPRRVU_HEADERS[column][0]}': code "
                     f"{frame['hcpcs'].iat[i]} has {_shown(values[i])}, {rule}"
                     for i in _rows_holding(values, bad_texts)]
    for column, (pattern, rule) in RVU_INDICATORS.items():
        fits = re.compile(pattern, re.ASCII)
        values = frame[column].to_numpy()
        bad_texts = {t for t in pd.unique(values) if not fits.fullmatch(t)}
        problems += [f"{where[i]}, column '{PPRRVU_HEADERS[column][0]}': code "
                     f"{frame['hcpcs'].iat[i]} has {_shown(values[i])!r}, expected {rule}"
                     for i in _rows_holding(values, bad_texts)]
    if problems:
        more = (f"\n  ... and {len(problems) - MAX_PROBLEMS} more"
                if len(problems) > MAX_PROBLEMS else "")
        raise DataError(
            f"CMS RVU file '{name}' refused ({len(problems)} value"
            f"{'s' if len(problems) != 1 else ''} no CMS file holds; nothing was stored):\n  "
            + "\n  ".join(problems[:MAX_PROBLEMS]) + more
            + "\nThe ranges leave about ten times the largest RVUs of CMS's 2020-2026 files "
            "(ratecalc/limits.py); use the PPRRVU file from CMS's own RVU zip.")


def _rows_holding(values: np.ndarray, texts: set[str]) -> list[int]:
    """The rows, in order, whose value is one of ``texts``."""
    if not texts:
        return []
    return [int(i) for i in np.flatnonzero(np.isin(values, list(texts)))]


def _within(text: str, low: Decimal, high: Decimal) -> bool:
    value = plain_decimal(text.strip())
    return value is not None and low <= value <= high


def _shown(text: str, width: int = 30) -> str:
    """A value as a message quotes it: a 100,000-digit number is cut short."""
    text = str(text)  # a numpy string quotes as np.str_(...)
    return text if len(text) <= width else f"{text[:width]}... ({len(text):,} characters)"


def _gpci_field(text: str) -> str | None:
    """Which GPCI column a normalized header names (CMS puts the year in the header text)."""
    if "GPCI" in text:
        if "PW" in text.split() or "WORK" in text:
            return "work_floor" if "FLOOR" in text and "WITHOUT" not in text else "work"
        if "PE" in text.split():
            return "pe"
        if "MP" in text.split() or "MALPRACTICE" in text:
            return "mp"
        return None
    if "CONTRACTOR" in text or text in ("MAC", "CARRIER", "CARRIER NUMBER"):
        return "mac"
    if text == "STATE":
        return "state"
    if text in ("LOCALITY NUMBER", "LOCALITY", "LOCALITY NO", "LOC"):
        return "locality_number"
    if text in ("LOCALITY NAME", "FEE SCHEDULE AREA", "LOCALITY DESCRIPTION"):
        return "locality_name"
    return None


def read_gpci(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read CMS's GPCI addendum (``GPCIyyyy.csv`` or .xlsx) into canonical columns by header name.

    Returns
    -------
    pandas.DataFrame
        ``mac`` (5 digits), ``locality_number`` (2 digits), ``locality`` (``MAC-LOC``), ``state``,
        ``locality_name``, ``gpci_work`` (with the floor when CMS shows both), ``gpci_pe``,
        ``gpci_mp`` (text, exact as published) and ``source_row`` (1-based row in the file, for
        messages). Footnote and blank rows are dropped.
    """
    name = name or (Path(source).name if not isinstance(source, bytes) else "GPCI")
    rows = read_rows(source, name)
    header_at = next((i for i, r in enumerate(rows[:30])
                      if r and _gpci_field(normalize_header(r[0])) == "mac"), None)
    if header_at is None:
        raise DataError(
            f"CMS GPCI file '{name}': no header row naming the Medicare Administrative "
            "Contractor in the first 30 rows; expected CMS's GPCI addendum"
        )
    columns: dict[str, int] = {}
    for i, text in enumerate(rows[header_at]):
        field = _gpci_field(normalize_header(text))
        if field and field not in columns:
            columns[field] = i
    if "work_floor" in columns:
        columns["work"] = columns["work_floor"]
    needed = {"mac": "Medicare Administrative Contractor", "state": "State",
              "locality_number": "Locality Number", "locality_name": "Locality Name",
              "work": "PW GPCI", "pe": "PE GPCI", "mp": "MP GPCI"}
    missing = [label for field, label in needed.items() if field not in columns]
    if missing:
        raise DataError(f"CMS GPCI file '{name}', header row {header_at + 1}: missing column(s) "
                        f"{', '.join(repr(m) for m in missing)}")
    last = max(columns[f] for f in needed)
    out = []
    for n, r in enumerate(rows[header_at + 1:], start=header_at + 2):
        if len(r) <= last or not r[columns["mac"]].strip().isdigit():
            continue  # footnotes and blank rows
        out.append({
            "mac": r[columns["mac"]].strip().zfill(5),
            "locality_number": r[columns["locality_number"]].strip().zfill(2),
            "state": r[columns["state"]].strip().upper(),
            "locality_name": r[columns["locality_name"]].strip().rstrip("*").strip(),
            "gpci_work": r[columns["work"]].strip(),
            "gpci_pe": r[columns["pe"]].strip(),
            "gpci_mp": r[columns["mp"]].strip(),
            "source_row": n,
        })
    if not out:
        raise DataError(f"CMS GPCI file '{name}': no locality rows")
    frame = pd.DataFrame(out)
    frame.insert(2, "locality", frame["mac"] + "-" + frame["locality_number"])
    return frame


def find_members(names: Iterable[str], pattern: str) -> list[str]:
    """Names matching ``pattern`` (case-insensitive regex), for picking files out of a CMS zip."""
    rx = re.compile(pattern, re.IGNORECASE)
    return [n for n in names if rx.search(Path(n).name)]
