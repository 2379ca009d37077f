"""Where Medicare fee-schedule data lives: releases bundled in the package, plus releases the user
imported into a per-user data folder. Everything is read lazily and cached.

A *release* is one CMS RVU file (``rvu25a`` = the January 2025 release) with the GPCI table that
went with it, in force from ``effective_from`` to ``effective_to``. Bundled releases of 2020-2024
beyond January are therapy codes only (``scope`` = ``therapy``).

Each release is stored as numpy arrays in one ``.npz`` (codes, indicators and exact integer RVUs,
sorted by code and modifier), so loading one takes milliseconds and a code is found by binary
search rather than through a DataFrame index.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import sys
import time
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ratecalc.errors import DataError, NoMedicareDataError
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import (
    MAX_RELEASE_LIST_BYTES,
    MAX_STORE_FILE_BYTES,
    MAX_STORE_UNPACKED_BYTES,
)
from ratecalc.number_text import plain_decimal
from ratecalc.regular_files import read_regular, unopened
from ratecalc.remedies import MEDICARE_IMPORT, control, remedy, where
from ratecalc.zip_archive import ZIP_FAILURES

if TYPE_CHECKING:  # pandas loads only where a DataFrame is made: a lookup runs without it
    import pandas as pd

# Fixed decimal places of each CMS figure: RVUs to hundredths, GPCIs to thousandths, factors to
# ten-thousandths. Amounts are computed in integers of these units, so they are exact.
RVU_PLACES, GPCI_PLACES, CF_PLACES = 2, 3, 4

RVU_TEXT = ("hcpcs", "modifier", "status", "mult_proc", "pctc", "nonfac_na", "fac_na", "glob_days")
RVU_INTS = ("work", "pe_nf", "pe_f", "mp", "cf")
GPCI_TEXT = ("release", "locality", "mac", "locality_number", "state", "locality_name")
GPCI_INTS = ("g_work", "g_pe", "g_mp")

# Shown wherever a date has no data: the one command that brings a newer release (the RVUyyA zip
# from CMS's PFS Relative Value Files page, or its https link).
IMPORT_COMMAND = MEDICARE_IMPORT


@frozen_record
class Release:
    """One Medicare release RateCalc has (bundled or imported) and the days it covers."""

    release: str
    effective_from: date
    effective_to: date
    scope: str  # "all" or "therapy"
    source: str
    bundled: bool
    # Last day this release takes precedence over the others covering the same date: an imported
    # quarterly release wins for its own quarter only; a bundled one for its whole span.
    own_to: date | None = None

    @property
    def precedence_to(self) -> date:
        return self.own_to or self.effective_to


def user_data_dir() -> Path:
    """Per-user folder for imported CMS releases (``RATECALC_DATA_DIR`` overrides)."""
    override = os.environ.get("RATECALC_DATA_DIR")
    if override:
        return Path(override)
    return _platform_data_dir()


@cache
def _platform_data_dir() -> Path:
    import platformdirs  # imported here: only imports and user releases need it

    return Path(platformdirs.user_data_dir("ratecalc", appauthor=False))


def _bundled_dir() -> Traversable:
    return resources.files("ratecalc") / "data" / "cms"


#: Largest magnitude a stored figure may have [its fixed units]: releases store them as int32.
FIXED_INT_MAX = int(np.iinfo(np.int32).max)


def to_fixed_int(values: pd.Series, places: int) -> np.ndarray:
    """Exact decimal text ('0.45', '.5', '') -> integers in units of 10**-places (blank = 0).

    Every value returned is exact and fits the stored int32 (at most :data:`FIXED_INT_MAX`
    either way): text that is no plain decimal, has more places, or is larger is refused
    (an RVU of 30,000,000 wrapped around to a negative amount; 12345678901234567890 stopped
    with an internal error).

    Raises
    ------
    DataError
        Naming the value and the rule it breaks.
    """
    import pandas as pd

    scale = Decimal(10) ** places

    def convert(text: str) -> int:
        text = str(text).strip()
        if not text:
            return 0
        number = plain_decimal(text)
        if number is None:
            raise DataError(f"CMS value {text[:30]!r}: expected a plain decimal number")
        value = number * scale
        if value != value.to_integral_value():
            raise DataError(f"CMS value {text[:30]!r} has more than {places} decimal places")
        if abs(value) > FIXED_INT_MAX:
            raise DataError(f"CMS value {text[:30]!r} is larger than RateCalc stores: at most "
                            f"{Decimal(FIXED_INT_MAX).scaleb(-places)} either way")
        return int(value)

    uniques = pd.unique(values.astype(str))
    lookup = {u: convert(u) for u in uniques}
    return values.astype(str).map(lookup).to_numpy(dtype=np.int64)


#: zlib level of the bundled data (scripts/bundle_cms_data.py): kept, so a rebuild from unchanged
#: files changes no committed byte.
BUNDLE_LEVEL = 9
#: zlib level of a release the user imports: on RVU26C's codes (numpy text, 4 bytes a character)
#: level 9 took 277 ms, a third of the import, where 6 takes 20 ms for about the same size
#: (RVU26C's file 110,574 bytes against 111,082; its GPCIs 4,759 against 4,599).
IMPORT_LEVEL = 6


def write_npz(arrays: dict[str, np.ndarray], level: int = BUNDLE_LEVEL) -> bytes:
    """Arrays as a deterministic compressed .npz (fixed timestamps: same data and ``level``,
    same bytes).

    Text with fewer than 256 distinct values is stored as a vocabulary and one byte a row;
    :func:`read_npz` turns it back into text.
    """
    packed: dict[str, np.ndarray] = {}
    for key, array in arrays.items():
        vocab, index = (np.unique(array, return_inverse=True) if array.dtype.kind == "U"
                        and array.size > 255 else (None, None))
        if vocab is not None and index is not None and len(vocab) < 256:
            # text with a handful of values (indicators, release ids): a vocabulary and a byte a
            # row, which loads far faster than numpy text and takes less room
            packed[f"{key}__vocab"], packed[f"{key}__index"] = vocab, index.astype(np.uint8)
        else:
            packed[key] = array
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for key, array in packed.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue(), compresslevel=level)
    return buffer.getvalue()


def read_npz(path: Path | Traversable) -> dict[str, np.ndarray]:
    """A stored release's arrays, read within :data:`~ratecalc.limits.MAX_STORE_FILE_BYTES`
    and :data:`~ratecalc.limits.MAX_STORE_UNPACKED_BYTES` (:func:`_checked_npz`)."""
    if isinstance(path, Path):  # a named pipe in the data folder hung every command
        try:
            data = read_regular(path, MAX_STORE_FILE_BYTES)
        except OSError as exc:
            raise DataError(f"Medicare store file '{path}' {unopened(exc)}; {_MEND}") from None
    else:  # a bundled file, in RateCalc's own package
        with path.open("rb") as fh:
            data = fh.read(MAX_STORE_FILE_BYTES + 1)
    try:
        _checked_npz(data, path)
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            stored = {key: npz[key] for key in npz.files}
    except _NPZ_FAILURES as exc:  # numpy's words for a damaged array
        raise DataError(f"Medicare store file '{path}': damaged ({exc}); {_MEND}") from None
    out = {}
    for key, value in stored.items():
        if key.endswith("__index"):
            name = key.removesuffix("__index")
            out[name] = stored[f"{name}__vocab"][value]
        elif not key.endswith("__vocab"):
            out[key] = value
    return out


#: What reading a damaged .npz raises: the zip's faults, numpy's ValueError for a header or
#: data that is not an array's.
_NPZ_FAILURES: tuple[type[Exception], ...] = (*ZIP_FAILURES, ValueError, OSError)
#: How a damaged file of the store is mended.
_MEND = ("delete it and import its release again (ratecalc medicare import), or reinstall "
         "RateCalc for a bundled one")


def _checked_npz(data: bytes, path: Path | Traversable) -> None:
    """Refuse a store file past the limits before numpy allocates its arrays: the file's size,
    its members' stated sizes, and each array's shape against the bytes its member holds."""
    if len(data) > MAX_STORE_FILE_BYTES:
        raise DataError(f"Medicare store file '{path}': more than the "
                        f"{MAX_STORE_FILE_BYTES >> 20} MiB a file of the store may be (a "
                        f"release is under 1 MB); not read; {_MEND}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > MAX_STORE_UNPACKED_BYTES:
            raise DataError(f"Medicare store file '{path}': unpacks to more than the "
                            f"{MAX_STORE_UNPACKED_BYTES >> 20} MiB a file of the store may "
                            f"hold; not read; {_MEND}")
        for info in infos:
            with archive.open(info) as member:
                version = np.lib.format.read_magic(member)
                header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                          else np.lib.format.read_array_header_2_0)
                shape, _, dtype = header(member, max_header_size=10_000)  # the header only
                if math.prod(shape) * dtype.itemsize > info.file_size:
                    raise DataError(f"Medicare store file '{path}': array {info.filename!r} "
                                    f"states {math.prod(shape):,} values, more than its "
                                    f"{info.file_size:,} bytes hold; {_MEND}")


def pack_rvu_arrays(arrays: dict[str, np.ndarray],
                    dictionary: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The stored form of a release: text as bytes, integers in the smallest type that holds them,
    and, given the sorted ``dictionary`` of every bundled code, the codes as gaps between
    dictionary positions (they ascend, so the gaps are tiny and compress to almost nothing)."""
    out: dict[str, np.ndarray] = {}
    for key, value in arrays.items():
        if key == "hcpcs" and dictionary is not None:
            at = np.searchsorted(dictionary, value)
            if not (dictionary[np.minimum(at, len(dictionary) - 1)] == value).all():
                raise DataError("a code missing from the code dictionary")
            gaps = np.diff(at, prepend=0)
            out["hcpcs_gaps"] = gaps.astype(np.uint8 if gaps.max(initial=0) < 256 else np.uint16)
        elif value.dtype.kind in "iu":
            fits = value.min(initial=0) >= 0 and value.max(initial=0) < 2**16
            out[key] = value.astype(np.uint16 if fits else np.int32)
        else:
            out[key] = value
    return out


def codes_from_gaps(gaps: np.ndarray, dictionary: np.ndarray) -> np.ndarray:
    """A release's codes from their stored form: steps through the sorted code dictionary."""
    codes: np.ndarray = dictionary[np.cumsum(gaps, dtype=np.int64)]
    return codes


def unpack_rvu_arrays(stored: dict[str, np.ndarray],
                      dictionary: np.ndarray | None) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for key, value in stored.items():
        if key == "hcpcs_gaps":
            if dictionary is None:
                raise DataError("an RVU release stored against a code dictionary that is missing")
            out["hcpcs"] = codes_from_gaps(value, dictionary)
        elif value.dtype.kind in "iu":
            out[key] = value.astype(np.int64)
        else:
            out[key] = value
    return out


@cache
def _code_index() -> dict[str, np.ndarray]:
    """The bundled ``codes.npz``, read once: the code dictionary and which codes a full release
    lists (:func:`code_dictionary` and :func:`known_codes` both read it)."""
    return read_npz(_bundled_dir() / "codes.npz")


def code_dictionary() -> np.ndarray:
    """Every code of the bundled releases, sorted (the bundled releases index into it)."""
    return _code_index()["hcpcs"]


def rvu_arrays(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Canonical RVU text columns (:func:`cms_files.read_pprrvu`) -> the stored arrays, sorted by
    code and modifier, first row of a duplicated key kept."""
    frame = frame.drop_duplicates(["hcpcs", "modifier"])
    order = np.lexsort((frame["modifier"].to_numpy(dtype=str), frame["hcpcs"].to_numpy(dtype=str)))
    frame = frame.iloc[order]
    out: dict[str, np.ndarray] = {}
    for col in RVU_TEXT:
        out[col] = frame[col].astype(str).to_numpy(dtype=str)
    for col, src, places in (("work", "work_rvu", RVU_PLACES), ("pe_nf", "pe_nonfac_rvu",
                             RVU_PLACES), ("pe_f", "pe_fac_rvu", RVU_PLACES),
                             ("mp", "mp_rvu", RVU_PLACES), ("cf", "conv_factor", CF_PLACES)):
        out[col] = to_fixed_int(frame[src], places).astype(np.int32)
    return out


def gpci_arrays(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """GPCI rows (``release``, :data:`cms_files.GPCI_COLUMNS`) -> the stored arrays."""
    frame = frame.sort_values(["release", "locality"])
    out = {col: frame[col].astype(str).to_numpy(dtype=str) for col in GPCI_TEXT}
    for col, src in (("g_work", "gpci_work"), ("g_pe", "gpci_pe"), ("g_mp", "gpci_mp")):
        out[col] = to_fixed_int(frame[src], GPCI_PLACES).astype(np.int32)
    return out


def quarter_end(day: date) -> date:
    """Last day of the calendar quarter holding ``day``."""
    last_month = (day.month - 1) // 3 * 3 + 3
    return date(day.year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)


#: The columns of a release list (``releases.csv``) every row must fill.
_MANIFEST_COLUMNS = ("release", "effective_from", "effective_to", "scope", "source")
_MANIFEST_MEND = ("delete it and import your releases again (ratecalc medicare import); the "
                  "releases bundled with RateCalc need none of it")


def _read_manifest(path: Path | Traversable, bundled: bool) -> list[Release]:
    """The releases a release list names.

    The user's list (in the per-user data folder, written by ``medicare import``) is read only
    when it is a file, within :data:`~ratecalc.limits.MAX_RELEASE_LIST_BYTES`, and each row
    checked: every command pricing Medicare reads it, and random bytes, a missing column or a
    date such as 2027-13-01 there stopped each with an internal error (KeyError, ValueError),
    a link to /dev/zero with a MemoryError, and a named pipe hung it.

    Raises
    ------
    DataError
        The user's list is not a file, too large, not UTF-8, or a row lacks a column or has
        a release name or a date that is none, naming the file, the line and the column.
    """
    text = path.read_text(encoding="utf-8") if bundled else _user_manifest_text(Path(str(path)))
    reader = csv.DictReader(io.StringIO(text))
    out = []
    for r in reader:
        where = f"Medicare release list '{path}', line {reader.line_num}"
        for column in _MANIFEST_COLUMNS:
            if not r.get(column):
                raise DataError(f"{where}, column '{column}': expected a value, got none; "
                                f"{_MANIFEST_MEND}")
        if not is_release_name(r["release"]):
            raise DataError(f"{where}, column 'release': expected a release such as rvu26c, got "
                            f"{r['release']!r}; {_MANIFEST_MEND}")
        start = _manifest_date(r, "effective_from", where)
        end = _manifest_date(r, "effective_to", where)
        own = _manifest_date(r, "own_to", where) if r.get("own_to") else None
        out.append(Release(
            release=r["release"],
            effective_from=start,
            effective_to=end,
            scope=r["scope"],
            source=r["source"],
            bundled=bundled,
            own_to=own if own or bundled else min(quarter_end(start), end),
        ))
    return out


#: A release's name (``rvu26a``, ``rvu26ar``), the one pattern of ``medicare import --release``
#: and of the release list alike, in either case (the importer lowers it: a name is part of its
#: files' paths). ASCII digits only: ``\d`` took "rvu٢٦a", stored beside rvu26a as another file.
_RELEASE_NAME = re.compile(r"rvu\d{2}[a-d]r?", re.IGNORECASE | re.ASCII)


def is_release_name(name: str) -> bool:
    """True when ``name`` is a release's name such as ``rvu26a`` or ``rvu26ar``."""
    return _RELEASE_NAME.fullmatch(name) is not None


def _user_manifest_text(path: Path) -> str:
    try:
        data = read_regular(path, MAX_RELEASE_LIST_BYTES)
    except OSError as exc:
        raise DataError(f"Medicare release list '{path}' {unopened(exc)}; {_MANIFEST_MEND}"
                        ) from None
    if len(data) > MAX_RELEASE_LIST_BYTES:
        raise DataError(f"Medicare release list '{path}': more than the "
                        f"{MAX_RELEASE_LIST_BYTES >> 20} MiB a list of releases may be (a "
                        f"release is a line of about 100 bytes); not read; {_MANIFEST_MEND}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"Medicare release list '{path}': byte {exc.start:,} is not UTF-8 text, "
                        f"which RateCalc writes; {_MANIFEST_MEND}") from None


def _manifest_date(row: dict[str, str], column: str, where: str) -> date:
    try:
        return date.fromisoformat(row[column])
    except (TypeError, ValueError):
        raise DataError(f"{where}, column '{column}': expected a date (YYYY-MM-DD), got "
                        f"{row[column]!r}; {_MANIFEST_MEND}") from None


#: The user's release manifest as the caches last read it. Another process importing a release
#: (the `ratecalc medicare import` that "no Medicare data for ..." asks for) changes it while
#: a process that priced before keeps running: Excel's Python, which computes MEDICARE_RATE
#: and the ribbon's buttons, saw the new release only once Excel was restarted.
_manifest_seen: tuple[object, ...] | None = None
_manifest_checked = -math.inf  # time.monotonic() of the last look
#: How long the manifest is taken as unchanged [s]: one look a second, not one a worksheet
#: function's call (a stat is 5 us of a MEDICARE_RATE cell's 110 us)
MANIFEST_RECHECK_S = 1.0


def _manifest_state() -> tuple[object, ...]:
    manifest = user_data_dir() / "releases.csv"
    try:
        st = manifest.stat()
    except OSError:  # none yet: no release imported
        return (manifest,)
    # an import replaces the manifest (a new file renamed over it): a new inode, whatever
    # the file system's clock
    return (manifest, st.st_mtime_ns, st.st_size, st.st_ino)


def forget_if_imported() -> None:
    """Clear the caches if the user's releases changed since they were filled (looked at once
    in :data:`MANIFEST_RECHECK_S`).

    Called where a process that keeps running starts a piece of work (a worksheet function's
    call, a ribbon button), never inside one: a refresh prices every payer from the releases
    it began with, whatever another process imports meanwhile (checked within it, the
    analysis date's amounts and the new term's could come from two states of the data).
    """
    global _manifest_seen, _manifest_checked
    now = time.monotonic()
    if now - _manifest_checked < MANIFEST_RECHECK_S:
        return
    state = _manifest_state()
    if state != _manifest_seen:
        # the first look too: what was cached before it was read from an unknown state
        clear_caches()
        _manifest_seen = state
    _manifest_checked = now


@cache
def releases() -> tuple[Release, ...]:
    """All releases, bundled and user-imported, sorted by start date (a user release replaces a
    bundled one of the same id)."""
    found = {r.release: r for r in _read_manifest(_bundled_dir() / "releases.csv", True)}
    user_manifest = user_data_dir() / "releases.csv"
    if user_manifest.exists():
        for r in _read_manifest(user_manifest, False):
            found[r.release] = r
    return tuple(sorted(found.values(), key=lambda r: (r.effective_from, r.release)))


def release_named(name: str) -> Release:
    found = next((r for r in releases() if r.release == name), None)
    if found is None:
        raise DataError(f"Unknown Medicare release {name!r}")
    return found


def newest_release() -> Release:
    return max(releases(), key=lambda r: (r.effective_to, r.effective_from))


def coverage_message(day: date) -> str:
    """Why ``day`` cannot be priced, naming the newest release and the command that fixes it
    (short enough for a spreadsheet cell)."""
    newest = newest_release()
    first = min(releases(), key=lambda r: r.effective_from)
    if day < first.effective_from:
        return (f"no Medicare data for {day.isoformat()}: RateCalc's releases start "
                f"{first.effective_from.isoformat()} ({first.release.upper()})")
    origin = "bundled" if newest.bundled else "imported"
    return (f"no Medicare data for {day.isoformat()}: the newest release RateCalc has is "
            f"{newest.release.upper()} ({origin}; {newest.effective_from.isoformat()} to "
            f"{newest.effective_to.isoformat()}). {remedy('medicare_release')}")


#: Where the Settings sheet's Medicare date is, as the second remedy of a refused Settings date
#: names it: a date set there prices every output, from the command line and Excel alike.
SETTINGS_MEDICARE_DATE = "set the Settings' Medicare date to"


def refusal_message(day: date, *, on_settings: bool = False) -> str:
    """Why ``day`` is refused (:func:`coverage_message`) and, for a day after the newest
    release, what the user can do before CMS's next file is out: price the last day the newest
    release covers, on purpose, where the date was given (``on_settings``: the Settings sheet's
    Medicare date, from every command and button that reads it; else the command's ``--date``,
    a worksheet function's ``service_date`` or, at a button, the Settings sheet's). The day
    is still refused: no older amounts are used unless the user sets that date, and every
    output priced on them then says which day's they are.

    With the bundled RVU26C the newest release, a 2027 day given as ``--date`` is refused
    ending "... If CMS's 2027 file is not out yet, give --date 2026-12-31 to compare against
    2026's amounts (RVU26C) for now, said as 2026's wherever they are used".
    """
    text = coverage_message(day)
    newest = newest_release()
    if day <= newest.effective_to or where() == "formula":
        # before the first release there are no earlier amounts to offer; a worksheet
        # function's cell shows 200 characters, which the first remedy fills
        return text
    last = newest.effective_to.isoformat()
    how = (SETTINGS_MEDICARE_DATE if on_settings or where() == "button"
           else f"give {control('date')}")
    year = newest.effective_to.year
    # no closing stop, as the first remedy has none: callers add their own words after it
    return (f"{text.rstrip('.')}. If CMS's {day.year} file is not out yet, {how} {last} to "
            f"compare against {year}'s amounts ({newest.release.upper()}) for now, said as "
            f"{year}'s wherever they are used")


def release_for(day: date) -> Release:
    """The release in force on ``day``.

    Among the releases covering the day, one whose own span holds it wins (an imported quarterly
    release for its quarter), then an imported one over a bundled one, then the latest start.
    """
    candidates = [r for r in releases() if r.effective_from <= day <= r.effective_to]
    if not candidates:
        raise NoMedicareDataError(refusal_message(day))
    return max(candidates, key=lambda r: (day <= r.precedence_to, not r.bundled,
                                          r.effective_from))


def covers(day: date) -> bool:
    return any(r.effective_from <= day <= r.effective_to for r in releases())


def check_covered(day: date) -> Release:
    """The release for ``day``; raises :class:`NoMedicareDataError` in words when none covers it."""
    return release_for(day)


@frozen_record
class RvuTable:
    """One release's RVUs as arrays sorted by (hcpcs, modifier)."""

    release: str
    arrays: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.arrays["hcpcs"])

    def __getitem__(self, column: str) -> np.ndarray:
        return self.arrays[column]

    def positions(self, codes: list[str], modifiers: list[str]) -> np.ndarray:
        """Row of each (code, modifier) by binary search on the sorted codes; -1 where the release
        lacks it. A code's rows are adjacent, its bare row (modifier "") first."""
        if not codes:
            return np.zeros(0, dtype=np.int64)
        hcpcs, mods = self.arrays["hcpcs"], self.arrays["modifier"]
        wanted = np.asarray(codes, dtype=str)
        wanted_mod = np.asarray(modifiers, dtype=str)
        start = np.searchsorted(hcpcs, wanted, side="left")
        stop = np.searchsorted(hcpcs, wanted, side="right")
        found = start < stop
        first = np.minimum(start, len(hcpcs) - 1)
        out = np.where(found & (mods[first] == wanted_mod), start, -1)
        for i in np.flatnonzero(found & (out < 0)):
            # a modifier row (26, TC, 53) after the bare row: a few rows to look through
            hit = np.flatnonzero(mods[start[i]:stop[i]] == wanted_mod[i])
            if hit.size:
                out[i] = start[i] + hit[0]
        return out.astype(np.int64)

    def codes(self) -> np.ndarray:
        return np.unique(self.arrays["hcpcs"])


def _release_file(release: Release, name: str) -> Path | Traversable:
    return (_bundled_dir() if release.bundled else user_data_dir()) / name


@cache
def rvu_table(release_name: str) -> RvuTable:
    """The RVUs of one release (bundled or imported), loaded from its .npz."""
    release = release_named(release_name)
    path = _release_file(release, f"rvu/{release_name}.npz")
    if not path.is_file():
        legacy = _release_file(release, f"rvu/{release_name}.csv.gz")
        if not legacy.is_file():
            raise DataError(f"Medicare release {release_name.upper()}: its RVU file is missing "
                            f"({path})")
        # An import made by an older RateCalc (gzip CSV): read it the slow way once per run.
        import pandas as pd

        with legacy.open("rb") as fh:
            frame = pd.read_csv(fh, dtype=str, keep_default_na=False, compression="gzip")
        arrays = rvu_arrays(frame)
    else:
        arrays = unpack_rvu_arrays(read_npz(path),
                                   code_dictionary() if release.bundled else None)
    codes = arrays["hcpcs"]
    if len(codes) > 1 and not (codes[1:] >= codes[:-1]).all():  # a file sorted otherwise
        order = np.lexsort((arrays["modifier"], codes))
        arrays = {k: v[order] for k, v in arrays.items()}
    return RvuTable(release_name, arrays)


def release_codes(release_name: str) -> np.ndarray:
    """The codes of one release (a code once per modifier row).

    A bundled release's file stores its codes as a column of their own: only that column is
    read, a tenth of the work of loading the whole table (:func:`rvu_table`)."""
    release = release_named(release_name)
    path = _release_file(release, f"rvu/{release_name}.npz")
    if release.bundled and path.is_file():
        with path.open("rb") as fh, np.load(io.BytesIO(fh.read()), allow_pickle=False) as npz:
            if "hcpcs_gaps" in npz.files:
                return codes_from_gaps(npz["hcpcs_gaps"], code_dictionary())
    return rvu_table(release_name)["hcpcs"]


@cache
def rvus(release_name: str) -> pd.DataFrame:
    """RVUs of one release as a DataFrame with exact integer columns ``work``, ``pe_nf``,
    ``pe_f``, ``mp`` (hundredths) and ``cf`` (ten-thousandths), indexed by (hcpcs, modifier).

    For whole-table work (the national fee schedule); single lookups use :func:`rvu_table`.
    """
    import pandas as pd

    a = rvu_table(release_name).arrays
    frame = pd.DataFrame({c: a[c].astype(object) if c in RVU_TEXT else a[c].astype(np.int64)
                          for c in (*RVU_TEXT, *RVU_INTS)})
    return frame.set_index(["hcpcs", "modifier"])


@cache
def _gpci_arrays() -> dict[str, np.ndarray]:
    parts = [read_npz(_bundled_dir() / "gpci.npz")]
    folder = user_data_dir() / "gpci"
    if folder.is_dir():
        parts += [read_npz(p) for p in sorted(folder.glob("*.npz"))]
    legacy = user_data_dir() / "gpci.csv.gz"
    if legacy.exists():  # imports made by an older RateCalc
        import pandas as pd

        parts.append(gpci_arrays(pd.read_csv(legacy, dtype=str, keep_default_na=False)))
    user_ids = {str(r) for p in parts[1:] for r in np.unique(p["release"])}
    if user_ids:  # an imported table replaces a bundled one of the same release
        keep = ~np.isin(parts[0]["release"], list(user_ids))
        parts[0] = {k: v[keep] for k, v in parts[0].items()}
    if len(parts) == 1:
        return parts[0]
    return {k: np.concatenate([p[k] for p in parts]) for k in (*GPCI_TEXT, *GPCI_INTS)}


@frozen_record
class GpciTable:
    """One release's GPCIs; ``row`` maps ``MAC-LOC`` to its position in the arrays."""

    release: str
    arrays: dict[str, np.ndarray]
    row: dict[str, int]


@cache
def gpci_table(release_name: str) -> GpciTable:
    a = _gpci_arrays()
    keep = a["release"] == release_name
    arrays = {k: v[keep] for k, v in a.items()}
    return GpciTable(release_name, arrays,
                     {str(loc): i for i, loc in enumerate(arrays["locality"])})


@cache
def gpcis() -> pd.DataFrame:
    """GPCIs of every release: ``release, locality, mac, locality_number, state, locality_name``
    and exact integer ``g_work``, ``g_pe``, ``g_mp`` (thousandths)."""
    import pandas as pd

    a = _gpci_arrays()
    return pd.DataFrame({k: a[k].astype(object) if k in GPCI_TEXT else a[k].astype(np.int64)
                         for k in (*GPCI_TEXT, *GPCI_INTS)})


@cache
def known_codes() -> frozenset[str]:
    """Every code of every full (all-codes) release, bundled or imported: the bundled part comes
    from the code dictionary's index, so no release is loaded for it."""
    stored = _code_index()
    codes = [stored["hcpcs"][stored["in_full_release"]]]
    bundled_ids = {r.release for r in _read_manifest(_bundled_dir() / "releases.csv", True)}
    codes += [rvu_table(r.release)["hcpcs"] for r in releases()
              if r.scope == "all" and not (r.bundled and r.release in bundled_ids)]
    return frozenset(np.concatenate(codes).tolist())


def therapy_codes() -> list[str]:
    """Every code of every therapy-only release, sorted: the bundled releases' from the code
    dictionary's index (reading fifteen releases' files cost a refresh 4 ms), unless a user
    release replaces one of them."""
    therapy = [r for r in releases() if r.scope == "therapy"]
    stored = _code_index()
    bundled_ids = {r.release for r in _read_manifest(_bundled_dir() / "releases.csv", True)
                   if r.scope == "therapy"}
    codes: list[np.ndarray] = []
    if "in_therapy_release" in stored and bundled_ids <= {r.release for r in therapy
                                                          if r.bundled}:
        codes.append(stored["hcpcs"][stored["in_therapy_release"]])
        therapy = [r for r in therapy if not r.bundled]
    codes += [release_codes(r.release) for r in therapy]
    return sorted(set(np.concatenate(codes).tolist())) if codes else []


def clear_caches() -> None:
    """Forget cached data (after an import, or when tests change RATECALC_DATA_DIR)."""
    global _manifest_seen, _manifest_checked
    _manifest_seen, _manifest_checked = None, -math.inf
    for cached in (releases, _code_index, rvu_table, rvus, _gpci_arrays, gpci_table, gpcis,
                   known_codes, _platform_data_dir):
        cached.cache_clear()
    from ratecalc.medicare import conversion, localities

    conversion.conversion_factors.cache_clear()
    conversion.factor_rows.cache_clear()
    localities.clear_caches()
    demo = sys.modules.get("ratecalc.demo")  # not imported here: a process may never read it
    if demo is not None:
        demo._demo_tables.cache_clear()
