"""Where therapists practise: a compact NPI table from CMS's NPPES file.

CMS publishes every NPI in the National Plan and Provider Enumeration System as one zip (the
monthly "full replacement" file, about 1 GB zipped and 10 GB of CSV with 330 columns):
``npidata_pfile_<dates>.csv`` with each provider's practice address and up to 15 taxonomy codes,
and ``pl_pfile_<dates>.csv`` with secondary practice locations. :func:`build_provider_table`
streams it (pandas in chunks, only the columns needed, never the whole file in memory) and keeps
the providers whose taxonomy matches: by default physical, occupational and speech therapy.

The result is a small CSV (``npi, entity_type, zip5, state, taxonomy, location``), one row per
NPI and practice location, that ``--region`` uses to tell which NPIs in a TiC file practise in
the clinic's area.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

import numpy as np
import pandas as pd

from ratecalc.atomic import atomic_path
from ratecalc.cell_text import CSV_LINE_END, neutralize
from ratecalc.errors import InputError
from ratecalc.file_signatures import GZIP, ZIP_RECORD
from ratecalc.input_paths import PROVIDERS_TABLE
from ratecalc.limits import (
    MAX_NPPES_ROW_BYTES,
    MAX_PROVIDER_TABLE_BYTES,
    MAX_PROVIDER_TABLE_COLUMNS,
    MAX_PROVIDER_TABLE_ROWS,
)
from ratecalc.market_defaults import THERAPY_TAXONOMIES
from ratecalc.output_kinds import PROVIDER_TABLE, check_output
from ratecalc.regular_files import MISSING, not_a_file, open_regular, refusal, unopened
from ratecalc.zip_archive import open_zip, reading_member

TABLE_COLUMNS = ("npi", "entity_type", "zip5", "state", "taxonomy", "location")
#: The columns of the table holding NPPES's text as it was (written neutralized).
_COPIED_TEXT = ("entity_type", "state")
CHUNK_ROWS = 200_000


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class ProviderTableSummary:
    """What :func:`build_provider_table` read and wrote."""

    rows_read: int
    providers: int
    locations: int
    path: Path


def _columns(header: list[str], label: str) -> dict[str, str]:
    """The NPPES header names this needs, found whatever their exact spacing and case."""
    by_norm = {_norm(h): h for h in header}
    found: dict[str, str] = {}
    for key, wanted in (("npi", "npi"), ("entity", "entitytypecode"),
                        ("deactivated", "npideactivationdate"),
                        ("reactivated", "npireactivationdate")):
        if wanted in by_norm:
            found[key] = by_norm[wanted]
    for norm, name in by_norm.items():
        if "practicelocation" in norm and "postalcode" in norm:
            found.setdefault("zip", name)
        elif "practicelocation" in norm and "statename" in norm:
            found.setdefault("state", name)
        elif m := re.fullmatch(r"healthcareprovidertaxonomycode(\d+)", norm):
            found[f"tax{m.group(1)}"] = name
    missing = [k for k in ("npi", "zip") if k not in found]
    if missing:
        raise InputError(
            f"NPPES file '{label}': expected the columns 'NPI' and 'Provider Business Practice "
            f"Location Address Postal Code' (is this CMS's npidata file?); header starts "
            f"{header[:4]}")
    return found


_KIND = "NPPES file"


class _Members(NamedTuple):
    """The NPI CSV and, in NPPES's zip, the secondary-locations CSV, with their names there."""

    main: IO[bytes]
    main_name: str | None  # None: the CSV given itself
    secondary: IO[bytes] | None = None
    secondary_name: str = ""


def _members(path: Path, stack: ExitStack) -> _Members:
    """The main NPI CSV (and the secondary-locations CSV if present) of a zip or a CSV."""
    if (what := not_a_file(path)) is not None:  # before is_zipfile, which waits on a pipe
        raise InputError(refusal(f"NPPES file '{path}'", what, "CMS's NPPES zip or its "
                                 "NPI CSV"))
    if zipfile.is_zipfile(path):
        archive = stack.enter_context(open_zip(path, str(path), _KIND))
        names = archive.namelist()
        main = [n for n in names if re.search(r"npidata_pfile.*\.csv$", n, re.I)
                and "fileheader" not in n.lower()]
        if not main:
            raise InputError(f"NPPES file '{path}': no npidata_pfile_*.csv inside the zip "
                             f"(it has {', '.join(names[:6]) or 'nothing'})")
        secondary = [n for n in names if re.search(r"(^|/)pl_pfile.*\.csv$", n, re.I)
                     and "fileheader" not in n.lower()]
        with reading_member(str(path), main[0], _KIND):
            return _Members(stack.enter_context(archive.open(main[0])), main[0],
                            stack.enter_context(archive.open(secondary[0])) if secondary
                            else None, secondary[0] if secondary else "")
    try:
        handle = stack.enter_context(open_regular(path))
    except OSError as exc:
        raise InputError(refusal(f"NPPES file '{path}'", unopened(exc), "CMS's NPPES zip or "
                                 "its NPI CSV")) from None
    _refuse_non_text(handle, path)
    return _Members(handle, None)


_TEXT_BYTES = b"\t\n\r\f" + bytes(range(0x20, 0x100))


def _refuse_non_text(handle: IO[bytes], path: Path) -> None:
    """Refuse a file that is no zip and no CSV text, saying which of the two was expected.

    Such a file (a truncated download, a PDF, another archive) used to be read as a CSV and
    refused for lacking NPPES's columns, which sent the user looking for the wrong fault.
    """
    start = handle.read(1 << 12)
    handle.seek(0)
    if start.startswith(ZIP_RECORD) or path.suffix.lower() == ".zip":
        raise InputError(
            f"NPPES file '{path}': not a readable zip archive (a download cut short?); expected "
            "CMS's NPPES zip (NPPES_Data_Dissemination_*.zip) or the npidata_pfile CSV inside it")
    if start.translate(None, _TEXT_BYTES):  # control bytes no CSV has (gzip, PDF, 7z...)
        raise InputError(
            f"NPPES file '{path}': neither a zip archive nor CSV text; expected CMS's NPPES zip "
            "(NPPES_Data_Dissemination_*.zip) or the npidata_pfile CSV inside it")


class _RowTooLong(Exception):
    """A row of NPPES's CSV past :data:`~ratecalc.limits.MAX_NPPES_ROW_BYTES`; ``line`` is the
    line it starts on."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _RowLimited(io.RawIOBase):
    """NPPES's CSV bytes as read, raising :class:`_RowTooLong` where a row passes
    :data:`~ratecalc.limits.MAX_NPPES_ROW_BYTES`: pandas holds a row whole before it takes its
    columns, so a row that never ended was read into memory to the end of the file.

    A row ends at a line break outside quotes; the quotes are counted as the bytes go by (a
    doubled quote inside a field counts twice and changes nothing). A read is never longer than
    the limit, so a row longer than it runs over two reads or more: its length is the bytes
    after the last row's end in one read, those of the reads wholly inside it, and those before
    its end in the read where it ends. Only a read whose first or last line break is inside
    quotes, which NPPES's rows never have, is looked at byte by byte.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._open = 0  # bytes of the row not ended yet
        self._quoted = False  # inside quotes where the last read ended
        self._lines = 0  # line breaks read
        self._row_line = 1  # the line the row not ended yet starts on

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer)[:MAX_NPPES_ROW_BYTES]
        read = self._raw.readinto(view)  # type: ignore[attr-defined]
        if read:
            self._track(np.frombuffer(view, np.uint8, read))
        return int(read or 0)

    def _track(self, codes: np.ndarray) -> None:
        # numpy rather than bytes.count: this runs over every byte of a 10 GB file
        breaks = np.flatnonzero(codes == _LINE_BREAK)
        quotes = codes == _QUOTE
        ends = self._row_ends(breaks, quotes)
        if ends is None:
            self._open += len(codes)
        else:
            first, last, lines_to_last = ends
            if self._open + first > MAX_NPPES_ROW_BYTES:
                raise _RowTooLong(self._row_line)
            self._row_line = self._lines + lines_to_last + 1
            self._open = len(codes) - last - 1
        self._lines += len(breaks)
        self._quoted ^= bool(np.count_nonzero(quotes) % 2)
        if self._open > MAX_NPPES_ROW_BYTES:
            raise _RowTooLong(self._row_line)

    def _row_ends(self, breaks: np.ndarray, quotes: np.ndarray) -> tuple[int, int, int] | None:
        """The indexes of the first and the last line break outside quotes of a read, and
        how many line breaks it has up to the last; None where it has none."""
        if not len(breaks):
            return None
        first, last = int(breaks[0]), int(breaks[-1])
        if not (self._quoted ^ bool(np.count_nonzero(quotes[:first]) % 2)
                or self._quoted ^ bool(np.count_nonzero(quotes[:last]) % 2)):
            return first, last, len(breaks)
        outside = np.flatnonzero((np.cumsum(quotes)[breaks] + self._quoted) % 2 == 0)
        if not len(outside):
            return None
        return int(breaks[outside[0]]), int(breaks[outside[-1]]), int(outside[-1]) + 1


_LINE_BREAK, _QUOTE = ord("\n"), ord('"')


def _bytes_text(size: int) -> str:
    """``size`` in MiB where it is whole MiB (``1 MiB``), else in bytes (``65,536 bytes``)."""
    return f"{size >> 20:,} MiB" if size and not size % (1 << 20) else f"{size:,} bytes"


@contextmanager
def _rows_limited(label: str) -> Iterator[None]:
    """A row past the limit (:class:`_RowLimited`) as the user's error, naming the file and
    the line the row starts on."""
    try:
        yield
    except _RowTooLong as exc:
        raise InputError(
            f"NPPES file '{label}': the row starting on line {exc.line:,} is longer than the "
            f"{_bytes_text(MAX_NPPES_ROW_BYTES)} a row of NPPES's CSV may be (its rows are a "
            "few KB: a line break missing, or a quote never closed); not read, no table written"
        ) from None


def _chunks(handle: IO[bytes], label: str, usecols: list[str]) -> Iterator[pd.DataFrame]:
    try:
        yield from pd.read_csv(handle, usecols=usecols, dtype=str,
            keep_default_na=False, chunksize=CHUNK_ROWS, encoding="utf-8-sig",
            encoding_errors="replace")
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"NPPES file '{label}': cannot read it as CSV ({exc})") from None


def _header(handle: IO[bytes], label: str) -> list[str]:
    peek = handle.peek(1 << 16) if hasattr(handle, "peek") else b""
    line, ended, _ = peek.partition(b"\n")
    if not ended and len(peek) >= MAX_NPPES_ROW_BYTES:  # a read is at most the limit
        raise _RowTooLong(1)
    first = line.decode("utf-8-sig", "replace")
    try:
        return [h.strip() for h in next(csv.reader([first]), [])]
    except csv.Error as exc:  # a field past the csv module's limit was an internal error
        raise InputError(f"NPPES file '{label}': its first line is no CSV header ({exc}); "
                         "expected NPPES's header: \"NPI\",\"Entity Type Code\",...") from None


#: A NUCC taxonomy code (225100000X) or its start (2251): digits first, ten characters at most.
_TAXONOMY = re.compile(r"\d{1,3}|\d{3}[0-9A-Z]{1,7}")


def build_provider_table(
    nppes: str | Path,
    out: str | Path,
    taxonomies: Iterable[str] = THERAPY_TAXONOMIES,
    *,
    include_deactivated: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ProviderTableSummary:
    """Stream CMS's NPPES file and write the practice locations of the wanted providers.

    Parameters
    ----------
    nppes : str or Path
        The NPPES zip as downloaded (or its ``npidata_pfile`` CSV).
    out : str or Path
        The table to write (CSV; ``.csv.gz`` is compressed). Written atomically.
    taxonomies : iterable of str
        NUCC taxonomy codes or prefixes; a provider is kept when any of its up to 15 taxonomy
        codes starts with one of them.
    include_deactivated : bool
        Keep NPIs deactivated (and not reactivated).
    progress : callable, optional
        Called with the number of NPI rows read after each chunk.

    Returns
    -------
    ProviderTableSummary

    Raises
    ------
    InputError
        Not a zip or CSV of NPPES's layout (the message names the file and what was expected).
    """
    nppes, out = Path(nppes), Path(out)
    check_output(out, PROVIDER_TABLE)  # before reading gigabytes
    prefixes = tuple(t.strip().upper() for t in taxonomies if t.strip())
    if not prefixes:
        raise InputError("--taxonomy: give at least one taxonomy code")
    bad = [t for t in prefixes if not _TAXONOMY.fullmatch(t)]
    if bad:  # 'bogus' matched no one and wrote an empty table, exit 0
        raise InputError(f"--taxonomy: {', '.join(map(repr, bad))} is not a NUCC taxonomy code "
                         "or the start of one: three digits, then letters and digits, ten "
                         "characters in all, e.g. 225100000X (physical therapist)")
    try:
        table, rows_read = _read_nppes(nppes, prefixes, include_deactivated, progress)
    except OSError as exc:  # a read failing on the way (a disk error): "cannot use: ..."
        raise InputError(refusal(f"NPPES file '{nppes}'", unopened(exc), "CMS's NPPES zip or "
                                 "its NPI CSV")) from None
    table = table[table["zip5"].str.fullmatch(r"\d{5}")].drop_duplicates(["npi", "zip5"])
    with atomic_path(out, kind=PROVIDER_TABLE) as tmp:
        # NPPES's text is data, never a formula when the table is opened in a spreadsheet: a
        # state was copied as it was, '=HYPERLINK(...)' a live cell. The NPI and ZIP columns
        # are digits (checked), the taxonomy matched a code and the location is ours.
        written = table[list(TABLE_COLUMNS)].copy()
        for column in _COPIED_TEXT:
            written[column] = [neutralize(v) if isinstance(v, str) else v
                               for v in written[column]]
        # RateCalc's CSV line end: with "\n" alone a carriage return inside a state went out
        # unquoted, and split the row in a spreadsheet and in the --providers reader
        written.to_csv(tmp, index=False, lineterminator=CSV_LINE_END,
                       compression="gzip" if out.name.endswith(".gz") else None)
    return ProviderTableSummary(rows_read, int(table["npi"].nunique()), len(table), out)


def _read_nppes(nppes: Path, prefixes: tuple[str, ...], include_deactivated: bool,
                progress: Callable[[int], None] | None) -> tuple[pd.DataFrame, int]:
    """The kept providers' practice locations, before ZIPs are checked, and the NPI rows
    read (:func:`build_provider_table`)."""
    rows_read = 0
    frames: list[pd.DataFrame] = []
    with ExitStack() as stack:
        members = _members(nppes, stack)
        label = f"{nppes}:{members.main_name}" if members.main_name else str(nppes)
        if members.main_name:  # a damaged member is found as it is read, a gigabyte in perhaps
            stack.enter_context(reading_member(str(nppes), members.main_name, _KIND))
        stack.enter_context(_rows_limited(label))
        buffered = io.BufferedReader(_RowLimited(members.main), 1 << 20)
        cols = _columns(_header(buffered, label), label)
        tax_cols = [cols[k] for k in sorted((k for k in cols if k.startswith("tax")),
                                            key=lambda k: int(k[3:]))]
        for chunk in _chunks(buffered, label, list(dict.fromkeys(cols.values()))):
            rows_read += len(chunk)
            if progress is not None:
                progress(rows_read)
            matched = pd.Series("", index=chunk.index)
            for col in tax_cols:
                codes = chunk[col].str.strip().str.upper()
                hit = codes.str.startswith(prefixes) & (matched == "")
                matched = matched.where(~hit, codes)
            keep = matched != ""
            if not include_deactivated and "deactivated" in cols:
                gone = chunk[cols["deactivated"]].str.strip() != ""
                if "reactivated" in cols:
                    gone &= chunk[cols["reactivated"]].str.strip() == ""
                keep &= ~gone
            part = chunk[keep]
            frames.append(pd.DataFrame({
                "npi": part[cols["npi"]].str.strip(),
                "entity_type": part[cols["entity"]].str.strip() if "entity" in cols else "",
                "zip5": part[cols["zip"]].str.strip().str[:5],
                "state": part[cols["state"]].str.strip().str.upper() if "state" in cols else "",
                "taxonomy": matched[keep],
                "location": "primary",
            }))
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=list(TABLE_COLUMNS))
        if members.secondary is not None and len(table):
            secondary_label = f"{nppes}:{members.secondary_name}"
            with reading_member(str(nppes), members.secondary_name, _KIND), \
                    _rows_limited(secondary_label):
                table = pd.concat([table, _secondary(members.secondary, table,
                                                     secondary_label)], ignore_index=True)
    return table, rows_read


def _secondary(handle: IO[bytes], primary: pd.DataFrame, label: str) -> pd.DataFrame:
    """Secondary practice locations of the kept NPIs (NPPES's pl_pfile)."""
    buffered = io.BufferedReader(_RowLimited(handle), 1 << 20)
    header = _header(buffered, label)
    by_norm = {_norm(h): h for h in header}
    zip_col = next((h for n, h in by_norm.items() if "postalcode" in n), None)
    state_col = next((h for n, h in by_norm.items() if "statename" in n), None)
    if "npi" not in by_norm or zip_col is None:
        return primary.iloc[0:0]
    info = primary.drop_duplicates("npi").set_index("npi")
    out = []
    usecols = [by_norm["npi"], zip_col] + ([state_col] if state_col else [])
    for chunk in _chunks(buffered, label, usecols):
        npis = chunk[by_norm["npi"]].str.strip()
        part = chunk[npis.isin(info.index)]
        if not len(part):
            continue
        ids = part[by_norm["npi"]].str.strip()
        out.append(pd.DataFrame({
            "npi": ids.to_numpy(),
            "entity_type": info.loc[ids, "entity_type"].to_numpy(),
            "zip5": part[zip_col].str.strip().str[:5].to_numpy(),
            "state": (part[state_col].str.strip().str.upper().to_numpy() if state_col
                      else ""),
            "taxonomy": info.loc[ids, "taxonomy"].to_numpy(),
            "location": "secondary",
        }))
    return pd.concat(out, ignore_index=True) if out else primary.iloc[0:0]


class _TooLarge(Exception):
    """A providers table past :data:`~ratecalc.limits.MAX_PROVIDER_TABLE_BYTES` of text."""


class _BoundedText(io.RawIOBase):
    """A providers table's bytes, unpacked when it is a gzip (by its first bytes, whatever its
    name), raising :class:`_TooLarge` past the limit: it is read no further. Made by
    :meth:`opened`."""

    def __init__(self, file: IO[bytes], raw: io.BufferedIOBase) -> None:
        # nothing here may raise: IOBase's finalizer closes even an object whose __init__
        # raised, and close() of one missing these names raised AttributeError, which Python
        # 3.13 prints ("Exception ignored in: <..._BoundedText ...>"; 3.11 and 3.12 kept quiet)
        self._file = file
        self._raw = raw
        self._count = 0

    @classmethod
    def opened(cls, path: Path) -> _BoundedText:
        """The table at ``path``; :class:`_TooLarge` for a plain one past the limit, unread."""
        file = path.open("rb")
        try:
            packed = file.read(2) == GZIP
            file.seek(0)
            if not packed and os.fstat(file.fileno()).st_size > MAX_PROVIDER_TABLE_BYTES:
                raise _TooLarge  # refused unread
        except BaseException:
            file.close()
            raise
        return cls(file, gzip.GzipFile(fileobj=file) if packed else file)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(min(len(buffer), MAX_PROVIDER_TABLE_BYTES + 1 - self._count))
        self._count += len(data)
        if self._count > MAX_PROVIDER_TABLE_BYTES:
            raise _TooLarge
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if self._raw is not self._file:
            self._raw.close()
        self._file.close()
        super().close()


#: The start of a providers table looked at for its header [bytes]: the header written is 44.
_HEADER_BYTES = 1 << 16


def _check_header_width(head: bytes, path: Path) -> None:
    """Refuse a header of more columns than :data:`MAX_PROVIDER_TABLE_COLUMNS`, or one that does
    not end within :data:`_HEADER_BYTES`, before pandas builds a column for each field."""
    line, ended, _ = head.partition(b"\n")
    if line.count(b",") >= MAX_PROVIDER_TABLE_COLUMNS:
        found = f"has more than {MAX_PROVIDER_TABLE_COLUMNS} columns"
    elif not ended and len(head) >= _HEADER_BYTES:
        found = f"is longer than {_HEADER_BYTES >> 10} KiB"
    else:
        return
    raise InputError(f"providers table '{path}': its header row {found}; expected the "
                     f"{len(TABLE_COLUMNS)} columns 'ratecalc market-rates providers' writes "
                     f"({', '.join(TABLE_COLUMNS)}); not read")


#: What a providers table is, for the refusal of a file that is none.
_TABLE_WORDS = (f"the CSV table of the {len(TABLE_COLUMNS)} columns 'ratecalc market-rates "
                f"providers' writes ({', '.join(TABLE_COLUMNS)})")


def load_provider_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`build_provider_table` (NPIs and ZIPs as text).

    Raises
    ------
    InputError
        Missing file, or not such a table.
    """
    path = Path(path)
    what = not_a_file(path)  # before pandas opens it: a named pipe hung the command
    if what == MISSING:
        raise InputError(PROVIDERS_TABLE.refusal(path, what))
    if what is not None:
        raise InputError(refusal(f"providers table '{path}'", what, "the table 'ratecalc "
                                 "market-rates providers' wrote"))
    try:
        with _BoundedText.opened(path) as raw, io.BufferedReader(raw, _HEADER_BYTES) as handle:
            _check_header_width(handle.peek(_HEADER_BYTES)[:_HEADER_BYTES], path)
            # one row more than the limit tells a table past it, never holding more
            table = pd.read_csv(handle, dtype=str, keep_default_na=False,
                                nrows=MAX_PROVIDER_TABLE_ROWS + 1)
    except InputError:  # the header's own refusal (an InputError is a ValueError too)
        raise
    except _TooLarge:
        raise InputError(f"providers table '{path}': more than the "
                         f"{MAX_PROVIDER_TABLE_BYTES >> 20:,} MiB of text a providers table may "
                         f"be (unpacked, if a .gz); not read") from None
    except FileNotFoundError:
        raise InputError(f"providers table '{path}' does not exist; make it with 'ratecalc "
                         "market-rates providers NPPES.zip --out TABLE'") from None
    except OSError as exc:
        raise InputError(refusal(f"providers table '{path}'", unopened(exc), "the table "
                                 "'ratecalc market-rates providers' wrote")) from None
    except pd.errors.EmptyDataError:  # an empty file, or a .gz of one: said in pandas' words
        raise InputError(f"providers table '{path}': the file is empty; expected the "
                         f"{len(TABLE_COLUMNS)} columns 'ratecalc market-rates providers' "
                         f"writes ({', '.join(TABLE_COLUMNS)})") from None
    except UnicodeDecodeError as exc:  # a workbook, a PDF: Python's codec words were shown
        raise InputError(f"providers table '{path}': not UTF-8 text (byte {exc.start:,} is "
                         f"not); expected {_TABLE_WORDS}") from None
    except pd.errors.ParserError as exc:
        reason = str(exc).strip().removeprefix("Error tokenizing data. C error: ")
        raise InputError(f"providers table '{path}': its rows do not split into the header's "
                         f"columns ({reason}); expected {_TABLE_WORDS}") from None
    except (ValueError, EOFError, zlib.error) as exc:
        # a damaged .gz (gzip.BadGzipFile is an OSError: named as unreadable above)
        raise InputError(f"providers table '{path}': cannot read it ({exc})") from None
    if len(table) > MAX_PROVIDER_TABLE_ROWS:  # its rows past the limit were not read
        raise InputError(f"providers table '{path}': more than the "
                         f"{MAX_PROVIDER_TABLE_ROWS:,} rows a providers table may hold (NPPES's "
                         f"therapists and their practice locations are about a million); "
                         f"not read")
    missing = [c for c in ("npi", "zip5") if c not in table.columns]
    if missing:
        raise InputError(f"providers table '{path}': expected columns npi and zip5 (made by "
                         f"'ratecalc market-rates providers'), missing {', '.join(missing)}")
    return table
