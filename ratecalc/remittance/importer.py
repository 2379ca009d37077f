"""Import 835 remittance files and folders into tables (the I/O edge of the package).

Examples
--------
>>> result = read_remittance("ST*835*1~BPR*I*80*C~N1*PR*ACME~CLP*A1*1*100*80~"
...                          "SVC*HC:97110:GP*100*80**1~CAS*CO*45*20~SE*7*1~")
>>> result.lines[["payer", "code", "modifiers", "charge", "allowed", "paid"]].to_dict("records")
[{'payer': 'ACME', 'code': '97110', 'modifiers': 'GP', 'charge': Decimal('100'), \
'allowed': Decimal('80'), 'paid': Decimal('80')}]
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc import dates
from ratecalc.collector import collector_paused
from ratecalc.errors import InputError, Location, Problem
from ratecalc.input_paths import REMITTANCES
from ratecalc.limits import MAX_X12_FILE_BYTES
from ratecalc.regular_files import not_a_file, open_regular, refusal, unopened
from ratecalc.remittance.import_warnings import import_warnings
from ratecalc.remittance.parser import TABLE, ParsedFile, parse_text
from ratecalc.remittance.patient_data import shown_segment
from ratecalc.remittance.payer_spellings import one_spelling
from ratecalc.remittance.repeated_payments import without_repeated_payments
from ratecalc.remittance.tables import build_tables


@dataclass(frozen=True)
class Remittances:
    """Everything an import of 835 files yields.

    Attributes
    ----------
    lines : DataFrame
        One row per service line (claims without lines: one row with ``line_number`` 0); columns
        in :data:`ratecalc.remittance.tables.LINE_COLUMNS`.
    claims : DataFrame
        One row per claim (CLP), with clean/denied flags and days to payment.
    adjustments : DataFrame
        Every CAS group/reason/amount triple, claim level (``line_number`` 0) and line level.
        Made when first read (an import shown as summaries never reads it), from what the
        import read: the same table whenever it is made.
    provider_adjustments : DataFrame
        PLB reason/amount pairs, one row each.
    transactions : DataFrame
        One row per payment (ST/SE transaction set).
    problems : tuple of Problem
        Everything found wrong, in file order; ``row`` is the segment number in the file.
    files : tuple of str
        Files read, in order.
    not_imported : tuple of str
        Files given that yielded no 835 transaction and have an error (empty, not X12, a
        malformed envelope, an element over the limits): refused whole. A file of a folder
        that is not X12 is skipped with a warning instead, and is not here.
    """

    lines: pd.DataFrame
    claims: pd.DataFrame
    #: the adjustment table, or what makes it (:attr:`adjustments` makes and keeps it)
    _adjustments: pd.DataFrame | Callable[[], pd.DataFrame]
    provider_adjustments: pd.DataFrame
    transactions: pd.DataFrame
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    not_imported: tuple[str, ...] = ()

    @property
    def adjustments(self) -> pd.DataFrame:
        """The ``adjustments`` table (see the class), made once."""
        made = self._adjustments
        if not isinstance(made, pd.DataFrame):
            made = made()
            object.__setattr__(self, "_adjustments", made)  # frozen: kept, never replaced
        return made

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with its adjustment table made: what makes it is a closure over the import's
        records, which cannot be pickled (a process pool or a cache of imports failed)."""
        return (type(self), tuple(self.adjustments if f.name == "_adjustments"
                                  else getattr(self, f.name) for f in fields(self)))

    @property
    def succeeded(self) -> bool:
        """Whether this import may be written anywhere (``--out``, a workbook): some 835
        transaction was read and no file was refused whole.

        Problems inside a file (an unbalanced claim, an unreadable amount) leave the rest of it
        imported and written, as their messages say; a refused file does not, since outputs
        that leave out a file the user gave would pass for the whole import, and would replace
        the previous run's outputs with less (an empty 835 replaced them with empty tables).
        """
        return not self.not_imported and not self.transactions.empty

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems of severity ``error`` (warnings left out)."""
        return tuple(p for p in self.problems if p.severity == "error")


def read_remittance(
    text: str, source: str = "<text>", *, include_patient_data: bool = False,
    today: date | None = None,
) -> Remittances:
    """Import the text of one 835.

    Parameters
    ----------
    text : str
        The X12 text.
    source : str
        Name used in problem messages and the ``file`` column.
    include_patient_data : bool
        Keep patient names and member ids (off by default).
    today : date, optional
        The day a payment dated well after is warned of (:mod:`.import_warnings`); the
        one clock's (:func:`ratecalc.dates.today`) when not given.

    Returns
    -------
    Remittances
    """
    with collector_paused():
        parsed = [parse_text(text, source, include_patient_data=include_patient_data)]
        return _assemble(parsed, include_patient_data, today=today)


def import_remittances(
    paths: Iterable[str | os.PathLike[str]], *, include_patient_data: bool = False,
    today: date | None = None,
) -> Remittances:
    """Import 835 files, and every file in the given folders (recursively, in name order).

    Parameters
    ----------
    paths : iterable of path-like
        Files or folders.
    include_patient_data : bool
        Keep patient names and member ids, and quote them in problems (off by default: minimum
        necessary).
    today : date, optional
        As for :func:`read_remittance`.

    Returns
    -------
    Remittances
        Problems name each file; a file in a folder that is not X12 is skipped with a warning.

    Raises
    ------
    InputError
        When a path does not exist or a named file cannot be read.
    """
    # The collector paused: an import makes lists of every segment, record and column that
    # live until it ends and hold no cycles; each collection walked them again (11 collections,
    # 4% of the benchmark's 200,000-segment import).
    with collector_paused():
        return _import(list(paths), include_patient_data, today)


def _import(given: list[str | os.PathLike[str]], include_patient_data: bool,
            today: date | None) -> Remittances:
    """:func:`import_remittances` of ``given`` (a list: read twice, expanded and named when
    nothing is found)."""
    parsed: list[ParsedFile] = []
    for path, named, skipped in _expand(given):
        if skipped is not None:
            parsed.append(ParsedFile(str(path), (Problem(
                TABLE, Location(file=str(path)), f"{skipped}; skipped", None, "warning"),)))
            continue
        read = _read_file(path, named, include_patient_data)
        if isinstance(read, ParsedFile):  # skipped or refused unread
            parsed.append(read)
            continue
        text, decoding_problem = read
        file = parse_text(text, str(path), include_patient_data=include_patient_data)
        del text  # before the next file is read and the tables are built
        if decoding_problem is not None:
            file = replace(file, problems=(decoding_problem, *file.problems))
        parsed.append(file)
    extra: tuple[Problem, ...] = ()
    if not any(file.transactions for file in parsed) and not any(
            p.severity == "error" for file in parsed for p in file.problems):
        # Only files a folder held that are not X12, or no file at all: as for a file
        # without an 835 transaction, an import of nothing must not look like a success.
        where = ", ".join(str(p) for p in given)
        extra = (Problem(TABLE, Location(file=where),
                         "no 835 file found: nothing to import"),)
    return _assemble(parsed, include_patient_data, extra, today)


def _assemble(parsed: list[ParsedFile], include_patient_data: bool,
              extra: tuple[Problem, ...] = (), today: date | None = None) -> Remittances:
    # refused whole as read: a file whose payments were all read before from another was read
    not_imported = tuple(file.source for file in parsed if not file.transactions
                         and any(p.severity == "error" for p in file.problems))
    parsed, repeated = without_repeated_payments(parsed)
    parsed = one_spelling(parsed)
    tables, problems = build_tables(parsed, include_patient_data=include_patient_data)
    told = import_warnings(tables.claims, tables.transactions,
                           dates.today() if today is None else today, include_patient_data)
    all_problems = (tuple(p for file in parsed for p in file.problems) + tuple(repeated)
                    + tuple(problems) + tuple(told) + extra)
    return Remittances(
        tables.lines, tables.claims, tables.adjustments,
        tables.provider_adjustments, tables.transactions, all_problems,
        tuple(file.source for file in parsed), not_imported,
    )


def remittance_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files :func:`import_remittances` reads for ``paths`` (folders expanded)."""
    return [path for path, _, skipped in _expand(paths) if skipped is None]


def _expand(paths: Iterable[str | os.PathLike[str]]
            ) -> list[tuple[Path, bool, str | None]]:
    """Files to read, each with whether the user named it (rather than its folder), and an
    entry of a folder that is not a file to read with what it is (:func:`not_a_file`): a named
    pipe, a device or a link looping back on itself was passed over without a word."""
    found: list[tuple[Path, bool, str | None]] = []
    # A file given twice (named twice, or named and in a folder given too) is read once and
    # said so: read twice, each of its payments was reported as sent again by the payer.
    first_of: dict[tuple[int, int], Path] = {}

    def once(path: Path, what: str | None) -> str | None:
        if what is not None:
            return what
        try:
            status = path.stat()
        except OSError:
            return None  # the read names what is wrong with it
        first = first_of.setdefault((status.st_dev, status.st_ino), path)
        return None if first is path else f"the same file as '{first}', given again"

    for item in paths:
        path = Path(item)
        if path.is_dir():
            for entry in sorted(path.rglob("*")):
                if entry.name.startswith(".") or (entry.is_dir() and not entry.is_symlink()):
                    continue  # hidden, or a folder rglob walks
                what = not_a_file(entry)
                if what is not None and entry.is_dir():
                    what = "is a link to a folder, which is not followed"
                found.append((entry, False, once(entry, what)))
        elif (what := not_a_file(path)) is None:
            found.append((path, True, once(path, None)))
        else:
            raise InputError(REMITTANCES.refusal(path, what))
    return found


#: Bytes read of a file of a folder to tell whether it is X12: an ISA or ST segment starts it,
#: after whitespace. A file this long holding nothing but whitespace and NULs is no 835.
SNIFF_BYTES = 4096


def _read_file(path: Path, named: bool, include_patient_data: bool
               ) -> tuple[str, Problem | None] | ParsedFile:
    """The text of ``path`` and a warning on its decoding; or, read no further, a file of a
    folder that is not X12 (skipped with a warning) or a file over MAX_X12_FILE_BYTES
    (refused with an error). Only its first bytes are read before both are known: a folder's
    400 MB archive was read whole (894 MB, 26 s) to be skipped as not X12."""
    source = str(path)
    try:
        with open_regular(path) as handle:  # never waits on a pipe swapped in since
            head = handle.read(SNIFF_BYTES)
            if not named:
                text = _head_text(head)
                if not _looks_like_x12(text):
                    shown = text[:20] if include_patient_data else shown_segment(text[:20], "*")
                    return ParsedFile(source, (Problem(
                        TABLE, Location(file=source),
                        "not an X12 file (does not start with an ISA or ST segment); skipped",
                        shown, "warning"),))
            size = os.fstat(handle.fileno()).st_size
            if size <= MAX_X12_FILE_BYTES:
                handle.seek(0)  # the head again, not a copy of the file joined to it
                # its size (a read of the limit takes the limit's memory, however short the
                # file); a file longer than it said (growing, or in /proc) is read on, to at
                # most one byte past the limit
                raw = handle.read(size + 1)
                if len(raw) > size:
                    raw += handle.read(MAX_X12_FILE_BYTES + 1 - len(raw))
                size = len(raw)
    except OSError as exc:
        raise InputError(refusal(f"Remittance file '{path}'", unopened(exc), "an 835 file")
                         ) from exc
    if size > MAX_X12_FILE_BYTES:
        return ParsedFile(source, (Problem(
            TABLE, Location(file=source),
            f"the file is {size:,} bytes, more than the {MAX_X12_FILE_BYTES >> 20:,} MiB "
            f"RateCalc reads of an 835 (a large payer's 835 is tens of MB); the file was not "
            f"imported"),))
    return _decode(raw, source)


#: Byte-order marks of the wide encodings an 835 is saved in by Windows ("Unicode" in
#: Notepad: UTF-16), with the codec that reads them; UTF-32's first, as UTF-16 LE's is its start.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_codec(head: bytes) -> str | None:
    """The codec of a file starting with a UTF-16 or UTF-32 byte-order mark, else None."""
    return next((codec for bom, codec in _WIDE_BOMS if head.startswith(bom)), None)


def _head_text(head: bytes) -> str:
    """The first bytes of a file as text, as :func:`_decode` reads the whole: a character cut
    at the end of ``head`` is left out, not read as Latin-1."""
    wide = _wide_codec(head)
    if wide is not None:  # its bytes that are no text left out, as _decode leaves them
        return codecs.getincrementaldecoder(wide)("ignore").decode(head, final=False)
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return head.decode("latin-1")


def _decode(raw: bytes, source: str) -> tuple[str, Problem | None]:
    wide = _wide_codec(raw)
    try:
        # a wide file read as Latin-1 was refused as no X12 ("got 'ÿ'"), its payments lost
        return raw.decode(wide or "utf-8-sig"), None
    except UnicodeDecodeError as exc:
        if wide is not None:
            # read as Latin-1 it was no X12 at all (every other byte a NUL): refused whole,
            # its payments lost for one byte too many at its end
            name = "UTF-16" if wide == "utf-16" else "UTF-32"
            problem = Problem(TABLE, Location(file=source),
                              f"not {name} (byte {exc.start}): read as {name}, the bytes that "
                              f"are no text left out", None, "warning")
            return raw.decode(wide, "ignore"), problem
        # X12 text is ASCII; a stray byte from a payer's system should not lose the file.
        problem = Problem(TABLE, Location(file=source),
                          f"not UTF-8 (byte {exc.start}); read as Latin-1", None, "warning")
        return raw.decode("latin-1"), problem


def _looks_like_x12(text: str) -> bool:
    head = text.lstrip(" \t\r\n\x00")[:4]
    if head.startswith("ISA"):
        return len(head) > 3 and not head[3].isalnum()
    return head.startswith("ST") and len(head) > 2 and not head[2].isalnum()
