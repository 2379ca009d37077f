"""Keeping a user's file before RateCalc replaces it: one rule for every output.

A file RateCalc is about to replace is first copied into the ``RateCalc backups`` folder beside
it (:func:`keep_copy`), named ``<stem> <date> <time>[ (n)]<suffix>``, the workbooks' backups'
rule, and never over a copy already there, unless nothing of the user's would be lost:

- it is empty, or holds the very bytes about to be written;
- it is the file RateCalc itself wrote there last, unchanged since: each folder RateCalc writes
  results into keeps a record of them (:data:`RECORD_FILE`, a SHA-256 of each file written), so
  that a user's ``medicare.csv`` in the folder, or a table edited by hand, is told from the
  previous run's output.

Standard library only (the core never imports openpyxl or python-docx).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ratecalc.atomic import NAME_MAX, atomic_path, atomic_write, fit_name
from ratecalc.errors import InputError
from ratecalc.hidden_files import hide
from ratecalc.noting import Noticeboard

if TYPE_CHECKING:
    from ratecalc.output_kinds import OutputKind

#: Copies go to this folder beside the file they keep.
BACKUP_FOLDER = "RateCalc backups"
#: The record of the files RateCalc wrote in a folder, by name: their SHA-256.
RECORD_FILE = ".ratecalc-outputs.json"
#: Copies of a workbook kept in its backups folder (:func:`prune_copies`): a clinic refreshing
#: daily would otherwise gather a full copy a day.
BACKUPS_KEPT = 20
#: A copy's name after the file's stem: `` 2026-12-04 153709``, perhaps `` (n)`` (room kept for
#: n up to 9999), then the file's suffix.
_STAMP_BYTES, _COUNT_BYTES = len(" 2026-12-04 153709"), len(" (9999)")

#: Each (file, copy) kept, told to the :func:`noting_kept` blocks open now.
_kept: Noticeboard[tuple[Path, Path]] = Noticeboard()
#: What :func:`prune_copies` could not delete, told to the :func:`noting_unpruned` blocks.
_unpruned: Noticeboard[str] = Noticeboard()


def noting_kept() -> contextlib.AbstractContextManager[list[tuple[Path, Path]]]:
    """A block whose list receives ``(file, copy)`` for each user's file kept during it
    before it was replaced, for the command to say where each went."""
    return _kept.block()


def noting_unpruned() -> contextlib.AbstractContextManager[list[str]]:
    """A block whose list receives a message for each old copy :func:`prune_copies` could not
    delete during it, for the command to warn of it (its work is done all the same)."""
    return _unpruned.block()


def backup_stem(path: Path) -> str:
    """``path``'s stem as its copies' names start, cut short (:func:`ratecalc.atomic.fit_name`)
    when the name would pass the file-name limit."""
    room = NAME_MAX - _STAMP_BYTES - _COUNT_BYTES - len(path.suffix.encode("utf-8",
                                                                           "surrogateescape"))
    return fit_name(path.stem, room)


def backup_key(path: Path, name: str) -> tuple[str, int] | None:
    """``(timestamp, n)`` when ``name`` is a copy of ``path`` (exactly its stem), else None."""
    match = re.fullmatch(re.escape(backup_stem(path))
                         + r" (\d{4}-\d\d-\d\d \d{6})(?: \((\d+)\))?"
                         + re.escape(path.suffix), name)
    if match is None:
        return None
    return match.group(1), int(match.group(2) or 1)


def backups_of(path: Path) -> list[Path]:
    """The copies of ``path``, oldest first, ordered by the timestamp in their names.

    Only ``<stem> <timestamp>[ (n)]<suffix>`` with exactly this file's stem counts:
    ``clinic 2025.xlsx``'s copies are not ``clinic.xlsx``'s. File times are not used: a copy
    or a sync tool changes them.
    """
    folder = path.parent / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    found = [(key, p) for p in folder.iterdir() if (key := backup_key(path, p.name))]
    return [p for _, p in sorted(found)]


def keep_copy(path: Path, now: datetime | None = None, *, kind: OutputKind | None = None,
              mode: int | None = None, durable: bool = False) -> Path:
    """Copy ``path`` into the backups folder beside it as ``<stem> <timestamp><suffix>``, or
    ``<stem> <timestamp> (n)<suffix>`` when that name is taken: never over a copy already
    there (the name is claimed at the rename itself, so two commands at once each keep theirs).
    Returns the copy's path.

    ``now``: the time in the name (default: the clock's); ``kind``, ``mode``, ``durable``: as
    for :func:`ratecalc.atomic.atomic_path`.

    Raises
    ------
    InputError
        The backups folder cannot be created; ``path`` was not replaced.
    """
    folder = path.parent / BACKUP_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"'{path.name}': cannot create the backups folder '{folder}' "
                         f"({exc.strerror}); '{path.name}' was not changed") from None
    when = datetime.now() if now is None else now
    stamp, stem = when.strftime("%Y-%m-%d %H%M%S"), backup_stem(path)
    data = path.read_bytes()
    n = 1
    while True:
        count = "" if n == 1 else f" ({n})"
        target = folder / f"{stem} {stamp}{count}{path.suffix}"
        n += 1
        if target.exists():
            continue
        try:
            with atomic_path(target, mode=mode, kind=kind, durable=durable, keep=False,
                             exclusive=True) as tmp:
                tmp.write_bytes(data)
        except FileExistsError:
            continue  # taken between the look and the rename
        return target


def _plain_file(path: Path) -> bool:
    """A regular file, not a folder or a link (RateCalc's copies are never either)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _not_pruned(path: Path, reason: str) -> None:
    message = (f"'{path}': RateCalc could not delete this old copy ({reason}); the newer "
               f"ones were kept as usual. Delete it yourself if it is no longer needed")
    _unpruned.tell(message)


def prune_copies(path: Path, kept: int = BACKUPS_KEPT, *, made: Path | None = None
                 ) -> list[Path]:
    """Delete the oldest copies of ``path`` in its backups folder, keeping the newest ``kept``
    (``made``, the copy just made, counted among them and never deleted). Returns those deleted.

    Only RateCalc's own copies go: files named ``<stem> <timestamp>[ (n)]<suffix>`` with exactly
    ``path``'s stem (:func:`backups_of`), ordered by the time in their names; any other file of
    the folder, and a folder or link of such a name, stays. Call it once the new copy, and
    what it was made for, are in place.

    Never raises: a copy that cannot be deleted (open in another program, a read-only share) is
    left and told to the open :func:`noting_unpruned` blocks; pruning is housekeeping, and the
    command's work is done.

    Raises
    ------
    ValueError
        ``kept`` is less than 1 (the copy just made always stays).
    """
    if kept < 1:
        raise ValueError(f"copies to keep must be 1 or more, got {kept}")
    try:
        copies = [p for p in backups_of(path) if p != made and _plain_file(p)]
    except OSError as exc:
        _not_pruned(path.parent / BACKUP_FOLDER, exc.strerror or str(exc))
        return []
    surplus = len(copies) + (made is not None) - kept
    removed = []
    for old in copies[:max(surplus, 0)]:
        try:
            old.unlink()
        except FileNotFoundError:
            continue  # deleted meanwhile (another command pruning)
        except OSError as exc:
            _not_pruned(old, exc.strerror or str(exc))
            continue
        removed.append(old)
    return removed


def _file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _record(folder: Path) -> dict[str, str]:
    try:
        held = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
        files = held.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}  # no record (or a damaged one): every file there is taken as the user's


def is_own(path: Path, new: Path) -> bool:
    """True when replacing ``path`` by the file ``new`` loses nothing of the user's: ``path``
    is empty, holds ``new``'s bytes, or is what RateCalc last wrote there (its record)."""
    size = path.stat().st_size
    if size == 0:
        return True
    digest = _file_digest(path)
    if size == new.stat().st_size and digest == _file_digest(new):
        return True
    return _record(path.parent).get(path.name) == digest


def record_written(path: Path) -> None:
    """Note in its folder's record that ``path`` now holds what RateCalc wrote (the record a
    hidden file on Windows too, where its leading dot does not hide it)."""
    record = _record(path.parent)
    record[path.name] = _file_digest(path)
    text = json.dumps({"written_by": "RateCalc", "files": dict(sorted(record.items()))},
                      indent=2) + "\n"
    # each write is a new file (a rename over the old one): hidden again each time
    hide(atomic_write(path.parent / RECORD_FILE, text))


def keep_if_users(path: Path, new: Path, kind: OutputKind) -> Path | None:
    """Before ``new`` replaces ``path``: keep ``path`` (:func:`keep_copy`) unless it holds
    nothing of the user's (:func:`is_own`); told to the open :func:`noting_kept` blocks.
    Returns the copy, or None when none was needed."""
    if not path.is_file() or is_own(path, new):
        return None
    copy = keep_copy(path, kind=kind)
    _kept.tell((path, copy))
    return copy


def kept_message(path: Path, copy: Path) -> str:
    """What a command says of a file it kept before replacing it."""
    return (f"'{path}' was not written by RateCalc (or was changed since): it is kept as "
            f"'{copy}', and the new {path.name} replaced it")

