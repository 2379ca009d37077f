"""Readers for the files CMS publishes with each Physician Fee Schedule RVU release.

CMS ships, per release (RVU25A, RVU25D, ...), a zip with ``PPRRVUyy_MMM.csv`` (relative value units
per HCPCS code and modifier), ``GPCIyyyy.csv`` (geographic practice cost indices per locality) and
``yyLOCCO.csv`` (counties per locality). Their CSVs open with several title rows and a header that
spans lines, so columns are taken by position and the position checked against the header text.

Only numbers and codes are kept: CMS's descriptor column is AMA-copyrighted CPT text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ratecalc.errors import DataError

# Canonical column -> position in CMS's PPRRVU layout (RVU25D.pdf, "PPRRVU" record layout).
PPRRVU_POSITIONS: dict[str, int] = {
    "hcpcs": 0,
    "modifier": 1,
    "status": 3,
    "work_rvu": 5,
    "pe_nonfac_rvu": 6,
    "nonfac_na": 7,
    "pe_fac_rvu": 8,
    "fac_na": 9,
    "mp_rvu": 10,
    "pctc": 13,
    "glob_days": 14,
    "mult_proc": 18,
    "conv_factor": 24,
}
# A word each header column must contain, to catch a shifted layout before it silently misprices.
_PPRRVU_HEADER_WORDS = {5: "WORK", 6: "PE", 8: "PE", 10: "MP", 18: "MULT", 24: "CONV"}

# The same columns in the lower-case, one-row-header export of the arkrvu project.
PPRRVU_NAMED: dict[str, str] = {
    "hcpcs": "hcpcs",
    "mod": "modifier",
    "status_code": "status",
    "work_rvu": "work_rvu",
    "non_fac_pe_rvu": "pe_nonfac_rvu",
    "non_fac_indicator": "nonfac_na",
    "facility_pe_rvu": "pe_fac_rvu",
    "facility_indicator": "fac_na",
    "mp_rvu": "mp_rvu",
    "pctc_ind": "pctc",
    "glob_days": "glob_days",
    "mult_proc": "mult_proc",
    "conv_factor": "conv_factor",
}

RVU_COLUMNS = list(PPRRVU_POSITIONS)
NUMERIC_RVU = ["work_rvu", "pe_nonfac_rvu", "pe_fac_rvu", "mp_rvu"]


def _rows(source: str | Path | bytes, name: str) -> list[list[str]]:
    if isinstance(source, bytes):
        text = source.decode("latin-1")
    else:
        text = Path(source).read_bytes().decode("latin-1")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise DataError(f"CMS file '{name}': not a readable CSV ({exc})") from exc


def read_pprrvu(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read a PPRRVU file (CMS's CSV, or the one-header-row export) into canonical columns.

    Parameters
    ----------
    source : path or bytes
        The CSV file, or its bytes (e.g. read from a CMS zip).
    name : str, optional
        File name for messages; defaults to the path's name.

    Returns
    -------
    pandas.DataFrame
        Columns ``hcpcs, modifier, status, work_rvu, pe_nonfac_rvu, nonfac_na, pe_fac_rvu,
        fac_na, mp_rvu, pctc, glob_days, mult_proc, conv_factor``, all as text exactly as CMS
        wrote them (RVUs are converted to exact integers later, never through float).
    """
    name = name or (Path(source).name if not isinstance(source, bytes) else "PPRRVU")
    rows = _rows(source, name)
    header_at = next(
        (i for i, r in enumerate(rows[:30]) if r and r[0].strip().upper() == "HCPCS"), None
    )
    if header_at is not None:
        header_text = [" ".join(r[i] if i < len(r) else "" for r in rows[: header_at + 1]).upper()
                       for i in range(max(len(r) for r in rows[: header_at + 1]))]
        for pos, word in _PPRRVU_HEADER_WORDS.items():
            if pos >= len(header_text) or word not in header_text[pos]:
                raise DataError(
                    f"CMS RVU file '{name}': column {pos + 1} should be the {word} column of "
                    f"CMS's PPRRVU layout; the header says {header_text[pos]!r} there"
                    if pos < len(header_text)
                    else f"CMS RVU file '{name}': fewer columns than CMS's PPRRVU layout"
                )
        body = [r for r in rows[header_at + 1:] if r and r[0].strip()]
        frame = pd.DataFrame(
            [[r[p].strip() if p < len(r) else "" for p in PPRRVU_POSITIONS.values()] for r in body],
            columns=RVU_COLUMNS,
            dtype=object,
        )
    elif rows and rows[0] and rows[0][0].strip().lower() == "hcpcs":
        header = [h.strip().lower() for h in rows[0]]
        missing = [c for c in PPRRVU_NAMED if c not in header]
        if missing:
            raise DataError(f"CMS RVU file '{name}': missing columns {missing}")
        index = {c: header.index(c) for c in PPRRVU_NAMED}
        frame = pd.DataFrame(
            [[r[index[c]].strip() for c in PPRRVU_NAMED] for r in rows[1:] if r and r[0].strip()],
            columns=list(PPRRVU_NAMED.values()),
            dtype=object,
        )[RVU_COLUMNS]
    else:
        raise DataError(
            f"CMS RVU file '{name}': no header row starting with 'HCPCS' in the first 30 rows; "
            "expected CMS's PPRRVU CSV"
        )
    frame["hcpcs"] = frame["hcpcs"].str.upper()
    frame["modifier"] = frame["modifier"].str.upper()
    frame = frame.replace({"NA": ""})
    _check_numbers(frame, name)
    return frame


def _check_numbers(frame: pd.DataFrame, name: str) -> None:
    number = re.compile(r"^-?\d*\.?\d*$")
    for column in [*NUMERIC_RVU, "conv_factor"]:
        values = frame[column]
        bad = ~values.map(lambda v: bool(number.match(v)))
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(
                f"CMS RVU file '{name}', code {frame['hcpcs'].iat[i]}, column {column}: "
                f"expected a number, got {values.iat[i]!r}"
            )


def read_gpci(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read CMS's GPCI addendum (``GPCIyyyy.csv``) into canonical columns.

    Returns
    -------
    pandas.DataFrame
        ``mac`` (5 digits), ``locality_number`` (2 digits), ``locality`` (``MAC-LOC``), ``state``,
        ``locality_name``, ``gpci_work``, ``gpci_pe``, ``gpci_mp`` (text, exact as published).
        Footnote rows are dropped.
    """
    name = name or (Path(source).name if not isinstance(source, bytes) else "GPCI")
    rows = _rows(source, name)
    header_at = next(
        (i for i, r in enumerate(rows[:20]) if r and "contractor" in r[0].lower()), None
    )
    if header_at is None:
        raise DataError(
            f"CMS GPCI file '{name}': no header row naming the Medicare Administrative "
            "Contractor in the first 20 rows; expected CMS's GPCI addendum CSV"
        )
    header = [h.upper() for h in rows[header_at]]
    # Work GPCI: prefer the column "with 1.0 floor" when CMS shows both.
    work_cols = [i for i, h in enumerate(header) if "PW GPCI" in h or "WORK GPCI" in h]
    floor_cols = [i for i in work_cols if "FLOOR" in header[i] and "WITHOUT" not in header[i]]
    work = (floor_cols or work_cols or [None])[0]  # type: ignore[list-item]
    pe = next((i for i, h in enumerate(header) if "PE GPCI" in h), None)
    mp = next((i for i, h in enumerate(header) if "MP GPCI" in h), None)
    if work is None or pe is None or mp is None:
        raise DataError(f"CMS GPCI file '{name}': cannot find the PW, PE and MP GPCI columns")
    out = []
    for r in rows[header_at + 1:]:
        if len(r) <= mp or not r[0].strip().isdigit():
            continue  # footnotes and blank rows
        out.append({
            "mac": r[0].strip().zfill(5),
            "locality_number": r[2].strip().zfill(2),
            "state": r[1].strip().upper(),
            "locality_name": r[3].strip().rstrip("*").strip(),
            "gpci_work": r[work].strip(),
            "gpci_pe": r[pe].strip(),
            "gpci_mp": r[mp].strip(),
        })
    if not out:
        raise DataError(f"CMS GPCI file '{name}': no locality rows")
    frame = pd.DataFrame(out, dtype=object)
    frame.insert(2, "locality", frame["mac"] + "-" + frame["locality_number"])
    return frame


def find_members(names: Iterable[str], pattern: str) -> list[str]:
    """Names matching ``pattern`` (case-insensitive regex), for picking files out of a CMS zip."""
    rx = re.compile(pattern, re.IGNORECASE)
    return [n for n in names if rx.search(Path(n).name)]
