"""Import a newer CMS RVU release (how 2026 and later rates arrive).

Accepts the zip CMS publishes (``RVU26A.zip``), a folder holding its files, or the PPRRVU and GPCI
CSVs themselves. The release is validated, stored in the per-user data folder
(:func:`ratecalc.medicare.store.user_data_dir`) in the bundled format, and used for dates in its
range from then on.
"""

from __future__ import annotations

import functools
import gzip
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ratecalc.atomic import atomic_write
from ratecalc.errors import DataError, InputError
from ratecalc.medicare import store
from ratecalc.medicare.cms_files import RVU_COLUMNS, read_gpci, read_pprrvu

_QUARTER = {"JAN": "a", "APR": "b", "JUL": "c", "OCT": "d"}
_START = {"a": 1, "b": 4, "c": 7, "d": 10}


@dataclass(frozen=True)
class ImportResult:
    release: str
    effective_from: date
    effective_to: date
    codes: int
    localities: int
    conversion_factor: str
    folder: Path


def _release_from_name(name: str) -> str | None:
    stem = Path(name).stem.upper()
    m = re.search(r"RVU(\d{2})([A-D])", stem)
    if m:
        return f"rvu{m.group(1)}{m.group(2).lower()}"
    m = re.search(r"PPRRVU(?:20)?(\d{2})_?(JAN|APR|JUL|OCT)", stem)
    if m:
        return f"rvu{m.group(1)}{_QUARTER[m.group(2)]}"
    return None


def _collect(paths: list[Path]) -> dict[str, tuple[str, bytes]]:
    """Find the PPRRVU and GPCI CSVs among files, folders and zips: kind -> (name, bytes)."""
    found: dict[str, tuple[str, bytes]] = {}

    def consider(name: str, read: Callable[[], bytes]) -> None:
        base = Path(name).name.upper()
        if not base.endswith(".CSV"):
            return
        if base.startswith("PPRRVU"):
            found.setdefault("pprrvu", (name, read()))
        elif base.startswith("GPCI"):
            found.setdefault("gpci", (name, read()))

    for path in paths:
        if not path.exists():
            raise InputError(f"CMS release '{path}': no such file or folder")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file():
                    if child.suffix.lower() == ".zip":
                        found.update({k: v for k, v in _collect([child]).items()
                                      if k not in found})
                    else:
                        consider(str(child), child.read_bytes)
        elif path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as zf:
                    for info in zf.infolist():
                        consider(info.filename, functools.partial(zf.read, info))
            except zipfile.BadZipFile as exc:
                raise InputError(f"CMS release '{path}': not a readable zip file ({exc})") from exc
        else:
            consider(str(path), path.read_bytes)
    return found


def _gz_csv(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz:
        gz.write(frame.to_csv(index=False, lineterminator="\n").encode())
    return buffer.getvalue()


def import_release(
    paths: list[Path] | Path,
    *,
    release: str | None = None,
    effective_from: date | None = None,
) -> ImportResult:
    """Validate a CMS RVU release and store it for use.

    Parameters
    ----------
    paths : path or list of paths
        CMS's zip, a folder, or the PPRRVU and GPCI CSV files.
    release : str, optional
        Release id such as ``rvu26a``; read from the file names when omitted.
    effective_from : date, optional
        First date of service it applies to; defaults to the quarter its id names (A = Jan 1,
        B = Apr 1, C = Jul 1, D = Oct 1).

    Raises
    ------
    InputError
        Files missing or unreadable, or the release cannot be named.
    DataError
        The contents break CMS's layout (shifted columns, non-numeric RVUs, no localities).
    """
    path_list = [Path(p) for p in (paths if isinstance(paths, list) else [paths])]
    found = _collect(path_list)
    missing = [k.upper() for k in ("pprrvu", "gpci") if k not in found]
    if missing:
        shown = ", ".join(str(p) for p in path_list)
        raise InputError(
            f"CMS release {shown}: no {' or '.join(missing)} CSV found; expected CMS's RVU zip "
            "(with PPRRVUyy_MMM.csv and GPCIyyyy.csv) or those CSV files"
        )
    rvu_name, rvu_bytes = found["pprrvu"]
    gpci_name, gpci_bytes = found["gpci"]
    release = (release or _release_from_name(rvu_name)
               or next((r for p in path_list if (r := _release_from_name(p.name))), None))
    if not release or not re.fullmatch(r"rvu\d{2}[a-d]r?", release.lower()):
        raise InputError(
            f"Cannot tell which release '{Path(rvu_name).name}' is: name it with --release, "
            "e.g. rvu26a"
        )
    release = release.lower()
    year = 2000 + int(release[3:5])
    start = effective_from or date(year, _START[release[5]], 1)
    end = date(start.year, 12, 31)

    rvus = read_pprrvu(rvu_bytes, Path(rvu_name).name)
    gpci = read_gpci(gpci_bytes, Path(gpci_name).name)
    if len(rvus) < 100:
        raise DataError(f"CMS RVU file '{Path(rvu_name).name}': only {len(rvus)} codes")
    cfs = rvus.loc[rvus["conv_factor"] != "", "conv_factor"].unique()
    if len(cfs) != 1 or not 10 < float(cfs[0]) < 100:
        raise DataError(
            f"CMS RVU file '{Path(rvu_name).name}': expected one conversion factor between "
            f"10 and 100 dollars, found {list(cfs)[:5]}"
        )
    # Exactness check: refuses values with more decimals than CMS publishes.
    for col in ("work_rvu", "pe_nonfac_rvu", "pe_fac_rvu", "mp_rvu"):
        store.to_fixed_int(rvus[col], store.RVU_PLACES)
    for col in ("gpci_work", "gpci_pe", "gpci_mp"):
        store.to_fixed_int(gpci[col], store.GPCI_PLACES)

    folder = store.user_data_dir()
    atomic_write(folder / "rvu" / f"{release}.csv.gz", _gz_csv(rvus[RVU_COLUMNS]))
    gpci_rows = gpci.assign(release=release)[
        ["release", "mac", "locality_number", "locality", "state", "locality_name",
         "gpci_work", "gpci_pe", "gpci_mp"]]
    gpci_path = folder / "gpci.csv.gz"
    if gpci_path.exists():
        old = pd.read_csv(gpci_path, dtype=str, keep_default_na=False)
        gpci_rows = pd.concat([old[old["release"] != release], gpci_rows], ignore_index=True)
    atomic_write(gpci_path, _gz_csv(gpci_rows))
    manifest_path = folder / "releases.csv"
    entry = pd.DataFrame([{
        "release": release, "effective_from": start.isoformat(), "effective_to": end.isoformat(),
        "scope": "all", "codes": len(rvus),
        "source": f"imported from {Path(rvu_name).name} on {date.today().isoformat()}",
    }])
    if manifest_path.exists():
        old = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
        entry = pd.concat([old[old["release"] != release], entry.astype(str)], ignore_index=True)
    atomic_write(manifest_path, entry.to_csv(index=False, lineterminator="\n").encode())
    store.clear_caches()
    return ImportResult(release, start, end, len(rvus), len(gpci), str(cfs[0]), folder)
