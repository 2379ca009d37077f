"""What an output path may hold: the one check every file RateCalc writes for a user goes through.

A path given for a letter must end in ``.docx``, for a calendar in ``.ics``, for a table in
``.csv``..., and a file already there is replaced only when it holds that kind of content: a
workbook named as a letter's ``--out`` (or a calendar's ``--ics``) is refused in words, never
turned into a Word file. An empty file holds nothing to lose and may be replaced.

Standard library only: the core never imports openpyxl or python-docx; the content of an existing
zip package (``.xlsx``, ``.docx``) is told by the parts it lists.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from ratecalc.errors import InputError
from ratecalc.file_signatures import GZIP, OLE, ZIP
from ratecalc.frozen_record import frozen_record

#: Bytes read from the start of an existing file to tell what it holds.
HEAD_BYTES = 8192


@frozen_record
class OutputKind:
    """A kind of file RateCalc writes.

    ``what``: words for it ("a Word letter"); ``suffixes``: the endings its name may have (lower
    case); ``zip_part``: a part an existing zip file of this kind holds; ``starts``: bytes an
    existing text file of this kind starts with (after a byte-order mark and blanks); ``text``:
    an existing file must be text (no zip, no NUL byte). A name ending in ``.gz`` must hold gzip.
    """

    what: str
    suffixes: tuple[str, ...]
    zip_part: str | None = None
    starts: bytes | None = None
    text: bool = False

    @property
    def endings(self) -> str:
        return " or ".join(self.suffixes)

    def holds_this_kind(self, path: Path, head: bytes) -> bool:
        if path.name.lower().endswith(".gz"):
            return head.startswith(GZIP)
        if self.zip_part is not None:
            return _zip_holds(path, self.zip_part)
        if _is_binary(head):
            return False
        if self.starts is not None:
            return _text_start(head).upper().startswith(self.starts)
        return True


LETTER = OutputKind("a Word letter", (".docx",), zip_part="word/document.xml")
WORKBOOK = OutputKind("an Excel workbook", (".xlsx", ".xlsm"), zip_part="xl/workbook.xml")
ADDIN = OutputKind("the Excel add-in", (".xlam",), zip_part="xl/workbook.xml")
CALENDAR = OutputKind("an iCalendar file", (".ics",), starts=b"BEGIN:VCALENDAR", text=True)
CSV = OutputKind("a CSV table", (".csv",), text=True)
PROVIDER_TABLE = OutputKind("a provider table", (".csv", ".csv.gz"), text=True)
JSON = OutputKind("a JSON file", (".json",), text=True)


def _zip_holds(path: Path, part: str) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return part in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_binary(head: bytes) -> bool:
    return head.startswith((ZIP, GZIP, OLE)) or b"\x00" in head


def _text_start(head: bytes) -> bytes:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


def describe(path: Path) -> str:
    """Words for what ``path`` holds now ("an Excel workbook", "a folder", "nothing"...)."""
    if not path.exists():
        return "nothing"
    if path.is_dir():
        return "a folder"
    if not path.is_file():
        return "something that is not a regular file"
    try:
        head = _head(path)
    except OSError:
        return "a file RateCalc cannot read"
    if not head:
        return "an empty file"
    if head.startswith(ZIP):
        for part, words in (("xl/workbook.xml", "an Excel workbook"),
                            ("word/document.xml", "a Word document"),
                            ("ppt/presentation.xml", "a PowerPoint presentation")):
            if _zip_holds(path, part):
                return words
        return "a zip file"
    if head.startswith(GZIP):
        return "a gzip-compressed file"
    if head.startswith(OLE):
        return "an Office 97-2003 document"
    if b"\x00" in head:
        return "binary data"
    start = _text_start(head)
    if start.upper().startswith(b"BEGIN:VCALENDAR"):
        return "an iCalendar file"
    if start[:1] in (b"{", b"["):
        return "JSON text"
    return "text"


def check_output(target: str | Path, kind: OutputKind) -> None:
    """Refuse, in words, to write ``kind`` at ``target`` unless its name and any file already
    there are of that kind; a read-only file is refused too (:func:`check_writable`).

    Raises
    ------
    InputError
        ``target`` is a folder, its name does not end in one of ``kind``'s suffixes, or it holds
        another kind of content. Nothing has been written.
    """
    from ratecalc.atomic import check_writable

    path = Path(target)
    refuse_file_above(path, kind.what)
    if path.is_dir():
        raise InputError(f"'{path}' is a folder: RateCalc would write {kind.what} "
                         f"({kind.endings}) there. Give a file name ending in {kind.endings}; "
                         "nothing was written.")
    there = describe(path)
    if not path.name.lower().endswith(kind.suffixes):
        held = "" if there == "nothing" else f" and it holds {there}"
        raise InputError(f"'{path}': RateCalc would write {kind.what} there, but the name does not "
                         f"end in {kind.endings}{held}. Give a name ending in {kind.endings}; "
                         "nothing was written.")
    if path.exists():
        if not path.is_file():
            raise InputError(f"'{path}' is {there}: RateCalc does not write {kind.what} over "
                             "it. Give another name; nothing was written.")
        try:
            head = _head(path)
        except OSError:
            head = b""  # unreadable: replacing it fails (or not) at the write itself
        if head and not kind.holds_this_kind(path, head):
            raise InputError(f"'{path}' holds {there}, not {kind.what}: RateCalc does not replace "
                             "it with another kind of file. Give another name, or move that file "
                             "away first; nothing was written.")
    check_writable(path)


def check_folder(target: str | Path, what: str = "the results") -> None:
    """Refuse an output folder that is something else (a file) already.

    Raises
    ------
    InputError
        ``target`` exists and is not a folder.
    """
    path = Path(target)
    refuse_file_above(path, what)
    if path.exists() and not path.is_dir():
        raise InputError(f"'{path}' is not a folder (it holds {describe(path)}): RateCalc "
                         f"writes {what} into a folder there. Give a folder name (it is created "
                         "if missing); nothing was written.")


def refuse_file_above(path: Path, what: str) -> None:
    """Refuse ``path`` when the nearest of its folders that exists is a file: the system would
    refuse it late, in its own words ("Not a directory", "File exists"), after the work."""
    for above in path.parents:
        if above.exists():
            if not above.is_dir():
                raise InputError(f"'{above}' is not a folder (it holds {describe(above)}): "
                                 f"RateCalc cannot write {what} at '{path}' inside it. Give a "
                                 "path in a folder; nothing was written.")
            return


def check_outputs(targets: Sequence[tuple[Path, OutputKind]]) -> None:
    """:func:`check_output` on every target, before any of them is written."""
    for path, kind in targets:
        check_output(path, kind)
