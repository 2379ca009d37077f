"""Changing a workbook file safely: refuse while it is open, back it up, replace it atomically.

Every function that writes an existing workbook goes through :func:`save_changes`, so a crash or
a full disk leaves either the old file or the new one, never half of one, and the old one is
always in the backups folder.
"""

from __future__ import annotations

import re
import shutil
import stat
from datetime import datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from ratecalc.atomic import atomic_path, check_writable
from ratecalc.errors import InputError
from ratecalc.output_kinds import WORKBOOK

#: Backups go to this folder beside the workbook.
BACKUP_FOLDER = "RateCalc backups"
#: Backups kept per workbook; older ones are deleted.
BACKUPS_KEPT = 20


class WorkbookInUse(InputError):
    """The workbook is open in Excel or LibreOffice: writing it now would lose their changes."""


def owner_files(path: Path) -> list[Path]:
    """Lock files that Excel or LibreOffice keep beside a workbook they have open.

    Excel writes ``~$`` followed by the file name; for names longer than seven characters
    before the extension it drops the name's first two characters. LibreOffice writes
    ``.~lock.<name>#``.
    """
    name = path.name
    candidates = {f"~${name}", f".~lock.{name}#"}
    if len(name) > 2:
        candidates.add(f"~${name[2:]}")
    return [path.with_name(c) for c in sorted(candidates) if path.with_name(c).exists()]


def check_not_open(path: Path) -> None:
    """Raise :class:`WorkbookInUse` when a spreadsheet program holds ``path`` open."""
    found = owner_files(path)
    if found:
        raise WorkbookInUse(
            f"'{path.name}' is open in Excel or LibreOffice (lock file '{found[0].name}' is "
            f"beside it). Save and close it, then try again. If it is not open anywhere, the "
            f"lock file is left over from a crash: delete '{found[0].name}'.")


def _backup_name(path: Path, name: str) -> tuple[str, int] | None:
    """``(timestamp, n)`` when ``name`` is a backup of ``path`` (exactly its stem), else None."""
    match = re.fullmatch(re.escape(path.stem) + r" (\d{4}-\d\d-\d\d \d{6})(?: \((\d+)\))?"
                         + re.escape(path.suffix), name)
    if match is None:
        return None
    return match.group(1), int(match.group(2) or 1)


def backups_of(path: Path) -> list[Path]:
    """The backups of ``path``, oldest first, ordered by the timestamp in their names.

    Only ``<stem> <timestamp>[ (n)]<suffix>`` with exactly this workbook's stem counts:
    ``clinic 2025.xlsx``'s backups are not ``clinic.xlsx``'s. File times are not used: a copy
    or a sync tool changes them.
    """
    folder = path.parent / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    found = [(key, p) for p in folder.iterdir() if (key := _backup_name(path, p.name))]
    return [p for _, p in sorted(found)]


def backup(path: Path, now: datetime) -> Path:
    """Copy ``path`` into the backups folder as ``<stem> <timestamp><suffix>``; keep the
    newest :data:`BACKUPS_KEPT`, never deleting the one just made."""
    folder = path.parent / BACKUP_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"'{path.name}': cannot create the backups folder '{folder}' "
                         f"({exc.strerror}); the workbook was not changed") from None
    stamp = now.strftime("%Y-%m-%d %H%M%S")
    target = folder / f"{path.stem} {stamp}{path.suffix}"
    n = 2
    while target.exists():
        target = folder / f"{path.stem} {stamp} ({n}){path.suffix}"
        n += 1
    # The content only, written atomically: the backup's time is when it was made (copy2 kept
    # the workbook's, which made the newest backup look oldest); its mode the workbook's.
    with atomic_path(target, mode=stat.S_IMODE(path.stat().st_mode), kind=WORKBOOK) as tmp:
        shutil.copyfile(path, tmp)
    mine = [p for p in backups_of(path) if p != target]
    for old in mine[:max(len(mine) + 1 - BACKUPS_KEPT, 0)]:
        old.unlink(missing_ok=True)
    return target


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save ``wb`` to ``path`` through a temporary file in the same folder and a rename (with
    Excel told that codes and ids are text on purpose: :mod:`ratecalc_workbook.ignored_errors`);
    the file keeps its permissions (a new one gets the usual ones)."""
    from ratecalc_workbook.ignored_errors import save_with_ignored_errors

    # a system error (full disk, locked file) propagates
    with atomic_path(path, kind=WORKBOOK) as tmp:
        save_with_ignored_errors(wb, Path(tmp))


def save_changes(wb: Workbook, path: Path, now: datetime, *, keep_backup: bool = True
                 ) -> Path | None:
    """Back up ``path``, then replace it with ``wb`` atomically; return the backup's path.

    ``keep_backup=False`` is only for a file the same command has just created (a new workbook
    refreshed at once): a copy of it would be a copy of nothing the user had. None then.
    """
    check_not_open(path)
    check_writable(path, "workbook")
    made = backup(path, now) if keep_backup else None
    save_atomic(wb, path)
    return made
