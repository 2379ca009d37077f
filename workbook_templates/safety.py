"""Changing a workbook file safely: refuse while it is open, back it up, replace it atomically.

Every function that writes an existing workbook goes through :func:`save_changes`, so a crash or
a full disk leaves either the old file or the new one, never half of one, and the old one is
always in the backups folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from ratecalc.errors import InputError

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


def backup(path: Path, now: datetime) -> Path:
    """Copy ``path`` into the backups folder as ``<stem> <timestamp><suffix>``; keep the
    newest :data:`BACKUPS_KEPT`."""
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = now.strftime("%Y-%m-%d %H%M%S")
    target = folder / f"{path.stem} {stamp}{path.suffix}"
    n = 2
    while target.exists():
        target = folder / f"{path.stem} {stamp} ({n}){path.suffix}"
        n += 1
    shutil.copy2(path, target)
    mine = sorted(folder.glob(f"{path.stem} *{path.suffix}"), key=lambda p: p.stat().st_mtime)
    for old in mine[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save ``wb`` to ``path`` through a temporary file in the same folder and a rename (with
    Excel told that codes and ids are text on purpose: :mod:`ratecalc_workbook.ignored_errors`)."""
    from ratecalc_workbook.ignored_errors import add_ignored_errors, numeric_text_ranges

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    try:
        wb.save(tmp)
        add_ignored_errors(Path(tmp), numeric_text_ranges(wb))
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_changes(wb: Workbook, path: Path, now: datetime) -> Path:
    """Back up ``path``, then replace it with ``wb`` atomically; return the backup's path."""
    check_not_open(path)
    made = backup(path, now)
    save_atomic(wb, path)
    return made
