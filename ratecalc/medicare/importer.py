"""Import a newer CMS RVU release (how 2027 and later rates arrive).

Accepts the zip CMS publishes (``RVU26A.zip``: nested folders or zips, mixed-case names, QPP and
non-QPP variants, CSV, XLSX or fixed-width TXT), a folder holding its files, or the PPRRVU and GPCI
files themselves. The release is validated as a whole (RVUs, then the GPCI table against the
previous year's) and only then stored, in the bundled format, in the per-user data folder
(:func:`ratecalc.medicare.store.user_data_dir`); it is used for dates in its range from then on.

A zip is read where it lies; only members that could be the PPRRVU or GPCI file by their name
are read, and zips inside it are copied to temporary files, never held in memory, all of it
within :data:`ratecalc.limits.MAX_RELEASE_UNPACKED_BYTES`.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ratecalc import dates as clock
from ratecalc.atomic import atomic_write
from ratecalc.cell_text import CSV_LINE_END
from ratecalc.errors import DataError, InputError
from ratecalc.input_paths import CMS_RELEASE
from ratecalc.limits import MAX_RELEASE_UNPACKED_BYTES
from ratecalc.medicare import store
from ratecalc.medicare.cms_files import read_gpci, read_pprrvu
from ratecalc.medicare.gpci_checks import check_gpci_table
from ratecalc.regular_files import not_a_file
from ratecalc.zip_archive import is_folder, open_zip, read_member, reading_member

_QUARTER = {"JAN": "a", "APR": "b", "JUL": "c", "OCT": "d"}
_START = {"a": 1, "b": 4, "c": 7, "d": 10}
# Preferred file formats, best first: the CSV and XLSX carry header names; TXT only positions.
_FORMATS = (".csv", ".xlsx", ".xls", ".txt")
#: The largest zip inside a release that is copied out to look inside [bytes]; every copy also
#: counts against MAX_RELEASE_UNPACKED_BYTES (ratecalc/limits.py), all of them together.
MAX_MEMBER_BYTES = 300 * 2**20
#: The most a PPRRVU or GPCI file read into a release may be [bytes]. CMS's are 2-4 MB (RVU24B's
#: PPRRVU CSV 2.5 MB) and 6 KB; reading one takes several times its size in memory, and a 200 MB
#: file took 1.5 GB and half a minute before its rows were refused, so a file ten times CMS's
#: largest is refused before it is read.
MAX_TABLE_BYTES = 32 * 2**20
MAX_NESTING = 3
_PREFIXES = ("PPRRVU", "GPCI")  # the files a release is read from
_COPY_CHUNK = 1 << 20  # [bytes] a zip inside a zip is copied to its temporary file by this much
_KIND = "CMS release"


@dataclass(frozen=True)
class ImportResult:
    release: str
    effective_from: date
    effective_to: date
    codes: int
    localities: int
    conversion_factor: str
    folder: Path
    rvu_file: str = ""
    gpci_file: str = ""
    sha256: str = ""
    url: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Member:
    name: str
    read: Callable[[], bytes]
    size: int  # [bytes] as the zip declares it or the file system says, before reading

    @property
    def base(self) -> str:
        return Path(self.name).name.upper()

    @property
    def rank(self) -> tuple[int, int]:
        # non-QPP first (its factor is the one most clinics are paid with), then CSV > XLSX > TXT
        qpp = "QPP" in self.base and "NONQPP" not in self.base.replace("_", "").replace("-", "")
        suffix = Path(self.base.lower()).suffix
        return (int(qpp), _FORMATS.index(suffix) if suffix in _FORMATS else 9)


def _release_from_name(name: str) -> str | None:
    stem = Path(name).stem.upper()
    m = re.search(r"RVU(\d{2})([A-D])(R?)", stem)
    if m and not stem.startswith("PPRRVU"):
        return f"rvu{m.group(1)}{m.group(2).lower()}{m.group(3).lower()}"
    m = re.search(r"PPRRVU(?:20)?(\d{2})_?(JAN|APR|JUL|OCT)", stem)
    if m:
        return f"rvu{m.group(1)}{_QUARTER[m.group(2)]}"
    return None


def _read_limited(member: _Member, limit: int = MAX_MEMBER_BYTES) -> bytes:
    """The member's bytes, refused by its size before they are read (and by their length,
    should a file grow meanwhile)."""
    def too_big(size: int) -> InputError:
        return InputError(f"CMS release file '{member.name}': {size:,} bytes, more than the "
                          f"{limit:,} a CMS RVU file could be; refused")

    if member.size > limit:
        raise too_big(member.size)
    data = member.read()
    if len(data) > limit:
        raise too_big(len(data))
    return data


def _could_be_release_file(name: str) -> bool:
    """Whether a file of this name could be the PPRRVU or GPCI file :func:`_pick` takes: any
    other (CMS's ANES, OPPSCAP and LOCCO files, the PDF) is never read."""
    base = Path(name).name.upper()
    return base.startswith(_PREFIXES) and Path(base.lower()).suffix in _FORMATS


class _Unpacked:
    """The bytes unpacked from a release's zips so far, refused past ``limit`` (a zip holding
    zips of zeros unpacked gigabytes)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.total = limit, 0

    def take(self, size: int, label: str, member: str) -> None:
        self.total += size
        if self.total > self.limit:
            raise InputError(
                f"CMS release '{label}': member '{member}' would take the files unpacked from "
                f"it past {self.limit:,} bytes (CMS's RVU zips unpack to under 60 MB; RateCalc's "
                "limit, ratecalc.limits.MAX_RELEASE_UNPACKED_BYTES); refused")

    def reader(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo,
               label: str) -> Callable[[], bytes]:
        def read() -> bytes:
            self.take(info.file_size, label, info.filename)
            return read_member(zf, info, label, _KIND)
        return read


def _walk_zip(zf: zipfile.ZipFile, label: str, depth: int, out: list[_Member],
              stack: ExitStack, unpacked: _Unpacked) -> None:
    """The members of ``zf`` that could be a release's files, and those of the zips inside it
    (each copied to a temporary file, never held in memory; ``stack`` closes them)."""
    for info in zf.infolist():
        if is_folder(info):
            continue
        inner = f"{label}/{info.filename}"
        if info.filename.lower().endswith(".zip"):
            if depth >= MAX_NESTING:
                raise InputError(f"CMS release '{label}': zips nested more than {MAX_NESTING} "
                                 "deep")
            if info.file_size > MAX_MEMBER_BYTES:
                raise InputError(f"CMS release '{label}': member '{info.filename}' would "
                                 f"unpack to {info.file_size:,} bytes; refused")
            unpacked.take(info.file_size, label, info.filename)
            spill = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (stack closes)
            with reading_member(label, info.filename, _KIND), zf.open(info) as source:
                shutil.copyfileobj(source, spill, _COPY_CHUNK)
            spill.seek(0)
            _walk_zip(stack.enter_context(open_zip(spill, inner, _KIND)), inner, depth + 1,
                      out, stack, unpacked)
        elif _could_be_release_file(info.filename):
            out.append(_Member(inner, unpacked.reader(zf, info, label), info.file_size))


def _members(paths: list[Path], stack: ExitStack, unpacked: _Unpacked) -> list[_Member]:
    """The files of ``paths`` that could be a release's, unread: zips are opened where they
    lie, and the zips inside them unpacked within ``unpacked``'s limit."""
    out: list[_Member] = []
    for path in paths:
        what = not_a_file(path)
        if what is not None and not path.is_dir():
            raise InputError(CMS_RELEASE.refusal(path, what))
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.suffix.lower() == ".zip":
                _walk_zip(stack.enter_context(open_zip(f, str(f), _KIND)), str(f), 1, out,
                          stack, unpacked)
            elif _could_be_release_file(f.name):
                out.append(_Member(str(f), f.read_bytes, f.stat().st_size))
    return out


def _pick(members: list[_Member], prefix: str) -> _Member | None:
    """The release's ``prefix`` (PPRRVU or GPCI) table: the best ranked of its files.

    Raises
    ------
    InputError
        Two files rank first and hold different tables (two GPCI CSVs in one zip): the one
        first in the zip was read, and the other never looked at, whichever was right."""
    hits = [m for m in members if m.base.startswith(prefix) and _could_be_release_file(m.base)]
    if not hits:
        return None
    best = min(hits, key=lambda m: m.rank)
    for other in (m for m in hits if m is not best and m.rank == best.rank):
        if other.size != best.size or _read_limited(other, MAX_TABLE_BYTES) != _read_limited(
                best, MAX_TABLE_BYTES):
            raise InputError(
                f"CMS release: two {prefix} files, '{best.name}' and '{other.name}', hold "
                f"different tables; expected one (CMS's zip has one {prefix} file a format): "
                "import the files of the release with the one that is right")
    return best


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        if p.is_file():
            with p.open("rb") as fh:
                while chunk := fh.read(2**20):
                    digest.update(chunk)
    return digest.hexdigest()


def _check_years(release: str, year: int, rvu_name: str, gpci_name: str) -> None:
    """Refuse files whose names give another year than the release's: a 2026 zip stored as
    rvu27a priced 2027's dates with 2026's amounts, without a word."""
    named = [(name, 2000 + int(m.group(1)) if len(m.group(1)) == 2 else int(m.group(1)))
             for name, pattern in ((rvu_name, r"PPRRVU(\d{4}|\d{2})(?!\d)"),
                                   (gpci_name, r"GPCI(\d{4})(?!\d)"))
             if (m := re.search(pattern, name, re.IGNORECASE))]
    other = [f"'{name}' is {found}'s" for name, found in named if found != year]
    if other:
        raise DataError(f"CMS release {release} is {year}'s, but {' and '.join(other)}: "
                        "import the files of that release, or name the release they are with "
                        "--release")


def import_release(
    paths: list[Path] | Path,
    *,
    release: str | None = None,
    effective_from: date | None = None,
    url: str = "",
    sha256: str = "",
    today: date | None = None,
    allow_locality_changes: bool = False,
) -> ImportResult:
    """Validate a CMS RVU release and store it for use.

    Parameters
    ----------
    paths : path or list of paths
        CMS's zip, a folder, or the PPRRVU and GPCI files.
    release : str, optional
        Release id such as ``rvu26a``; read from the file names when omitted.
    effective_from : date, optional
        First date of service it applies to; defaults to the quarter its id names (A = Jan 1,
        B = Apr 1, C = Jul 1, D = Oct 1). It covers dates to December 31 of that year, and takes
        precedence over other releases for its own quarter.
    url, sha256 : str, optional
        Where it was downloaded from and the download's SHA-256 (recorded in its provenance);
        the SHA-256 of the files given is computed when omitted.
    today : date, optional
        The import date written to the provenance (defaults to the system date).
    allow_locality_changes : bool
        Accept a GPCI table whose localities differ from the previous year's (CMS restructured
        them); every other GPCI check still applies.

    Raises
    ------
    InputError
        Files missing or unreadable, or the release cannot be named.
    DataError
        The contents break CMS's layout (a needed column missing, non-numeric RVUs) or the GPCI
        table fails validation (the message names every bad row). Nothing is stored then.
    """
    path_list = [Path(p) for p in (paths if isinstance(paths, list) else [paths])]
    with ExitStack() as stack:
        return _import(path_list, _members(path_list, stack, _Unpacked(
            MAX_RELEASE_UNPACKED_BYTES)), release=release, effective_from=effective_from,
            url=url, sha256=sha256, today=today, allow_locality_changes=allow_locality_changes)


def _import(path_list: list[Path], members: list[_Member], *, release: str | None,
            effective_from: date | None, url: str, sha256: str, today: date | None,
            allow_locality_changes: bool) -> ImportResult:
    rvu_member, gpci_member = _pick(members, "PPRRVU"), _pick(members, "GPCI")
    missing = [k for k, m in (("PPRRVU", rvu_member), ("GPCI", gpci_member)) if m is None]
    if missing or rvu_member is None or gpci_member is None:
        shown = ", ".join(str(p) for p in path_list)
        raise InputError(
            f"CMS release {shown}: no {' or '.join(missing)} file found; expected CMS's RVU zip "
            "(with PPRRVUyy_MMM.csv/.xlsx/.txt and GPCIyyyy.csv/.xlsx) or those files"
        )
    if release is not None and not store.is_release_name(release):
        # it was named, so it is not "cannot tell": what was typed is no release id
        raise InputError(f"--release: expected a release id such as rvu26a (rvu, the year's "
                         f"last two digits, the quarter's letter a to d), got '{release}'")
    release = (release or _release_from_name(rvu_member.name)
               or next((r for p in path_list if (r := _release_from_name(p.name))), None))
    if not release or not store.is_release_name(release):
        raise InputError(
            f"Cannot tell which release '{rvu_member.base}' is: name it with --release, "
            "e.g. rvu26a"
        )
    release = release.lower()
    year = 2000 + int(release[3:5])
    start = effective_from or date(year, _START[release[5]], 1)
    end = date(start.year, 12, 31)

    rvu_name, gpci_name = Path(rvu_member.name).name, Path(gpci_member.name).name
    _check_years(release, year, rvu_name, gpci_name)
    rvus = read_pprrvu(_read_limited(rvu_member, MAX_TABLE_BYTES), rvu_name)
    gpci = read_gpci(_read_limited(gpci_member, MAX_TABLE_BYTES), gpci_name)
    if len(rvus) < 100:
        raise DataError(f"CMS RVU file '{rvu_name}': only {len(rvus)} codes")
    cfs = rvus.loc[rvus["conv_factor"] != "", "conv_factor"].unique()
    if len(cfs) != 1 or not 10 < float(cfs[0]) < 100:
        raise DataError(
            f"CMS RVU file '{rvu_name}': expected one conversion factor between "
            f"10 and 100 dollars, found {list(cfs)[:5]}"
        )
    # rvu_arrays also refuses values with more decimals than CMS publishes
    rvu_npz = store.write_npz(store.pack_rvu_arrays(store.rvu_arrays(rvus)),
                              store.IMPORT_LEVEL)
    gpci, warnings = check_gpci_table(gpci, gpci_name, start,
                                      allow_locality_changes=allow_locality_changes)
    gpci_npz = store.write_npz(store.gpci_arrays(gpci.assign(release=release)),
                               store.IMPORT_LEVEL)

    digest = sha256 or _sha256(path_list)
    imported_on = (today or clock.today()).isoformat()
    folder = store.user_data_dir()
    atomic_write(folder / "rvu" / f"{release}.npz", rvu_npz)
    atomic_write(folder / "gpci" / f"{release}.npz", gpci_npz)
    provenance = {
        "release": release, "rvu_file": rvu_member.name, "gpci_file": gpci_member.name,
        "sha256": digest, "url": url, "imported_on": imported_on,
        "effective_from": start.isoformat(), "effective_to": end.isoformat(),
        "codes": len(rvus), "localities": len(gpci), "conversion_factor": str(cfs[0]),
    }
    atomic_write(folder / "provenance" / f"{release}.json",
                 json.dumps(provenance, indent=2).encode())
    manifest_path = folder / "releases.csv"
    entry = pd.DataFrame([{
        "release": release, "effective_from": start.isoformat(), "effective_to": end.isoformat(),
        "scope": "all", "codes": str(len(rvus)),
        "source": f"imported from {url or rvu_name} on {imported_on} (sha256 {digest[:16]}...)",
        "own_to": min(store.quarter_end(start), end).isoformat(),
    }])
    if manifest_path.exists():
        old = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
        entry = pd.concat([old[old["release"] != release], entry], ignore_index=True)
    # RateCalc's CSV line end: with "\n" alone a carriage return in --url went out bare in the
    # source column and split the row, and every Medicare lookup then stopped on the list
    atomic_write(manifest_path, entry.to_csv(index=False, lineterminator=CSV_LINE_END).encode())
    store.clear_caches()
    return ImportResult(release, start, end, len(rvus), len(gpci), str(cfs[0]), folder,
                        rvu_member.name, gpci_member.name, digest, url, tuple(warnings))
