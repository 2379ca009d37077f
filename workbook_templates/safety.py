"""Changing a workbook file safely: refuse while it is open, back it up, replace it atomically.

Every function that writes an existing workbook goes through :func:`save_changes`, so a crash, a
power cut or a full disk leaves either the old file or the new one, never half of one, and the
old one is always in the backups folder; once it returns, both are on the disk.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from ratecalc.atomic import (
    NAME_MAX,
    atomic_path,
    check_writable,
    file_system_now,
    fit_name,
    save_stopped,
    written_path,
)
from ratecalc.errors import InputError
from ratecalc.kept_copies import BACKUP_FOLDER as BACKUP_FOLDER
from ratecalc.kept_copies import BACKUPS_KEPT as BACKUPS_KEPT
from ratecalc.kept_copies import backups_of as backups_of
from ratecalc.kept_copies import keep_copy, prune_copies
from ratecalc.output_kinds import WORKBOOK
from ratecalc.regular_files import MISSING, not_a_file, refusal
from ratecalc_workbook.macros import macro_loss


class WorkbookInUse(InputError):
    """The workbook is open in Excel or LibreOffice: writing it now would lose their changes."""


class WorkbookBusy(WorkbookInUse):
    """Another RateCalc command is changing the workbook (or changed it since it was read)."""


#: A lock file older than this [s] is left over from a command that was killed (a refresh of the
#: largest workbook takes well under a minute).
STALE_LOCK_SECONDS = 30 * 60


@dataclass
class _Held:
    """A workbook's lock this process holds: its file, token and how many changes hold it."""

    lock: Path
    token: str
    depth: int
    state: tuple[int, int] | None  # (size, mtime_ns) of the workbook as last read or saved


# Locks this process holds, by workbook: a change inside a change (an import's several tables,
# a new workbook and its first refresh) takes the lock once.
_held: dict[Path, _Held] = {}


_LOCK_PREFIX, _LOCK_SUFFIX = ".~ratecalc.", ".lock"


def lock_file(path: Path) -> Path:
    """The lock file beside ``path`` while a RateCalc command changes it: ``.~ratecalc.<name>
    .lock``, the name cut short (:func:`ratecalc.atomic.fit_name`) when it would pass the
    file-name limit."""
    room = NAME_MAX - len(_LOCK_PREFIX) - len(_LOCK_SUFFIX)
    return path.with_name(f"{_LOCK_PREFIX}{fit_name(path.name, room)}{_LOCK_SUFFIX}")


def file_state(path: Path) -> tuple[int, int] | None:
    """``path``'s size and modification time, None when it cannot be read (not there, or its
    folder not searchable): what tells that another program wrote the file since. The one
    rule of the refusal to save over a changed workbook (:func:`check_unchanged`) and of the
    reader's (:func:`ratecalc_workbook.reader.open_workbook`), which tells a file written over
    while it read it from one that is not a workbook."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def host_name() -> str:
    """This machine's name, as ``socket.gethostname()`` gives it: where a lock file's process
    runs. From ``os.uname()`` where there is one (the same system call; loading ``socket`` for
    it cost every command that changes a workbook 2 ms), else from ``socket`` (Windows)."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    import socket

    return socket.gethostname()


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: trust the lock's age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (another user's), or the system will not say: assume alive
    return True


def _stale(lock: Path) -> bool:
    """True when ``lock`` was left by a process that is gone (this host), or is too old on
    the file system's own clock (:func:`ratecalc.atomic.file_system_now`)."""
    try:
        text = lock.read_text(encoding="utf-8", errors="replace")
        stamped = lock.stat().st_mtime
    except FileNotFoundError:
        return True
    except OSError:
        return False
    now = file_system_now(lock.parent)
    if now is not None and now - stamped > STALE_LOCK_SECONDS:
        return True
    words = text.split()
    if len(words) >= 2 and words[1] == host_name() and words[0].isdigit():
        return not _pid_alive(int(words[0]))
    return False


def _acquire(lock: Path, token: str, book: Path) -> None:
    for attempt in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if attempt == 0 and _stale(lock):
                lock.unlink(missing_ok=True)
                continue
            raise WorkbookBusy(
                f"'{book.name}' is being "
                f"changed by another RateCalc command; try again when it has finished (nothing "
                f"was changed). If no RateCalc command is running, delete '{lock}'.") from None
        except OSError as exc:
            raise InputError(f"'{lock.parent}': cannot create the lock file '{lock.name}' "
                             f"({exc.strerror}); the workbook was not changed") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(token)
        except OSError as exc:
            # a full disk takes the empty file but not its text: the system's words named no
            # file ("cannot use: No space left on device"), and the empty lock was left for
            # the next command to read as another's ("being changed by another RateCalc
            # command")
            lock.unlink(missing_ok=True)
            raise InputError(f"'{lock.parent}': cannot write the lock file '{lock.name}' "
                             f"({exc.strerror or exc}); the workbook was not changed") from None
        return


@contextlib.contextmanager
def changing(path: str | Path) -> Iterator[None]:
    """The block that reads, changes and saves the workbook at ``path``: one command at a time.

    A lock file beside the workbook (:func:`lock_file`, created exclusively) keeps a second
    RateCalc command out until the block ends; it refuses with :class:`WorkbookBusy` and changes
    nothing. A lock left by a killed command (its process gone, or older than
    :data:`STALE_LOCK_SECONDS`) is removed. :func:`save_changes` inside the block also refuses
    when the file changed since the block began (another program saved it meanwhile).
    """
    book = _book(path)
    held = _held.get(book)
    if held is not None:
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
        return
    # a link looping back on itself was "cannot use ...: Too many levels of symbolic links"
    # from its lock's stat; a folder or a pipe is refused the same way, before any lock
    if (what := not_a_file(book)) not in (None, MISSING):
        raise InputError(refusal(f"'{path}'", what, "an Excel workbook (.xlsx)"))
    lock = lock_file(book)
    if not book.parent.is_dir():  # a new workbook in a new folder
        book.parent.mkdir(parents=True, exist_ok=True)
    token = f"{os.getpid()} {host_name()} {time.time():.0f}\n"
    _acquire(lock, token, book)
    _held[book] = _Held(lock, token, 1, file_state(book))
    try:
        yield
    finally:
        del _held[book]
        with contextlib.suppress(OSError):
            if lock.read_text(encoding="utf-8") == token:
                lock.unlink()


def _book(path: str | Path) -> Path:
    """The workbook file a change of ``path`` replaces (a link's target:
    :func:`ratecalc.atomic.written_path`), absolute: the key of its lock and of :data:`_held`,
    so that a command through a link and one on the file itself take one lock."""
    return written_path(path).absolute()


def check_unchanged(path: Path) -> None:
    """Refuse to save over ``path`` when it changed since this command's :func:`changing`
    block began (or since its own last save)."""
    held = _held.get(_book(path))
    if held is not None and file_state(path) != held.state:
        raise WorkbookBusy(f"'{path.name}' was changed by another program while RateCalc was "
                           "working on it; nothing was saved. Try again.")


def _saved(path: Path) -> None:
    held = _held.get(_book(path))
    if held is not None:
        held.state = file_state(path)


def saved_by_owner(path: str | Path) -> None:
    """Inside a :func:`changing` block for ``path``: the program that has the workbook open
    (Excel, for the add-in) has just saved it at RateCalc's request, so later saves in the block
    compare the file with this state, not with the one the block began with."""
    _saved(Path(path))


def owner_files(path: Path) -> list[Path]:
    """Lock files that Excel or LibreOffice keep beside a workbook they have open.

    Excel writes ``~$`` followed by the file name; for names longer than seven characters
    before the extension it drops the name's first two characters. LibreOffice writes
    ``.~lock.<name>#``. Beside the file itself when ``path`` is a link to it: the program that
    opened it writes them there.
    """
    path = written_path(path)
    name = path.name
    candidates = {f"~${name}", f".~lock.{name}#"}
    if len(name) > 2:
        candidates.add(f"~${name[2:]}")
    # a candidate past the file-name limit cannot exist (no program could have made it)
    return [path.with_name(c) for c in sorted(candidates)
            if len(c.encode("utf-8", "surrogateescape")) <= NAME_MAX
            and path.with_name(c).exists()]


def check_not_open(path: Path) -> None:
    """Raise :class:`WorkbookInUse` when a spreadsheet program holds ``path`` open."""
    found = owner_files(path)
    if found:
        raise WorkbookInUse(
            f"'{path.name}' is open in Excel or LibreOffice (lock file '{found[0].name}' is "
            f"beside it). Save and close it, then try again. If it is not open anywhere, the "
            f"lock file is left over from a crash: delete '{found[0].name}'.")


def _copy(path: Path, now: datetime) -> Path:
    """The backup of ``path`` alone, none deleted (:func:`backup`)."""
    # The content only, written atomically: the backup's time is when it was made (copy2 kept
    # the workbook's, which made the newest backup look oldest); its mode the workbook's. On the
    # disk before the workbook is replaced: after a power cut the old content is there, or in
    # the workbook itself.
    return keep_copy(path, now, kind=WORKBOOK, mode=stat.S_IMODE(path.stat().st_mode),
                     durable=True)


def backup(path: Path, now: datetime, *, kept: int | None = BACKUPS_KEPT) -> Path:
    """Copy ``path`` into the backups folder as ``<stem> <timestamp><suffix>`` (never over a
    backup already there: :func:`ratecalc.kept_copies.keep_copy`, the rule every output's
    copies follow); then keep the newest ``kept`` of RateCalc's backups of it, never deleting the
    one just made (:func:`ratecalc.kept_copies.prune_copies`: one that cannot be deleted is
    warned of, not raised). ``kept=None``: none deleted yet, for a caller that replaces
    ``path`` next and prunes once it has."""
    target = _copy(path, now)
    if kept is not None:
        prune_copies(path, kept, made=target)
    return target


def save_atomic(wb: Workbook, path: Path, *, durable: bool = False,
                before_replace: Callable[[], object] | None = None) -> None:
    """Save ``wb`` to ``path`` through a temporary file in the same folder and a rename (with
    Excel told that codes and ids are text on purpose: :mod:`ratecalc_workbook.ignored_errors`);
    the file keeps its permissions (a new one gets the usual ones).

    ``durable``: on the disk, old content or new, whatever a power cut interrupts
    (:func:`ratecalc.atomic.atomic_path`): for a workbook that holds the user's work. A new
    workbook a command has just built need not be (a power cut leaves no work of the user's
    lost; the command is run again).

    ``before_replace``: called once the new content is written, before it replaces ``path``;
    an exception from it leaves ``path`` as it was.
    """
    from ratecalc_workbook.ignored_errors import save_with_ignored_errors

    # a system error (full disk, locked file) propagates
    with changing(path):
        check_unchanged(path)
        with atomic_path(path, kind=WORKBOOK, durable=durable, keep=False) as tmp:
            save_with_ignored_errors(wb, Path(tmp))
            if before_replace is not None:
                before_replace()
            check_unchanged(path)  # the last moment before the rename
        _saved(path)


class _Backup(threading.Thread):
    """:func:`backup` run beside the save: its time is mostly waiting for the disk (the copy
    flushed, then its folder), which the save's own work (writing the new file) overlaps."""

    def __init__(self, path: Path, now: datetime) -> None:
        super().__init__(name="RateCalc backup")
        self.path, self.now = path, now
        self.made: Path | None = None
        self.failed: BaseException | None = None

    def run(self) -> None:
        try:
            self.made = _copy(self.path, self.now)
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits for it
            self.failed = exc

    def result(self) -> Path:
        """The backup once made; its exception if it failed."""
        self.join()
        if self.failed is not None:
            raise self.failed
        assert self.made is not None
        return self.made


def save_changes(wb: Workbook, path: Path, now: datetime, *, keep_backup: bool = True,
                 backups_kept: int = BACKUPS_KEPT) -> Path | None:
    """Back up ``path``, then replace it with ``wb`` atomically; return the backup's path.

    Once both are on the disk, only the newest ``backups_kept`` of RateCalc's backups of
    ``path`` are kept (:func:`ratecalc.kept_copies.prune_copies`): a save that fails deletes
    none, and one that cannot be deleted is warned of, never failing the save.

    ``keep_backup=False`` is only for a file the same command has just created (a new workbook
    refreshed at once): a copy of it would be a copy of nothing the user had. None then.

    ``path`` a link: the workbook it leads to is replaced and backed up beside itself.
    """
    path = written_path(path)
    with changing(path):
        # before the lock check: closing the file in Excel would not keep its macros either
        if (lost := macro_loss(path, vba_kept=wb.vba_archive is not None)) is not None:
            raise InputError(lost)
        check_not_open(path)
        check_writable(path, "workbook")
        check_unchanged(path)
        if not keep_backup:
            # the file this command created itself holds nothing of the user's yet
            save_atomic(wb, path)
            return None
        # The backup is made while the new file is written, and is whole on the disk before
        # the new file replaces the workbook (save_atomic's before_replace), as when it was
        # made first; a backup that fails stops the save before the workbook is touched.
        made = _Backup(path, now)
        made.start()
        read = file_state(path)
        try:
            save_atomic(wb, path, durable=True, before_replace=made.result)
        except BaseException as exc:
            made.join()  # a backup written is whole, and named (the Ctrl-C message)
            if made.failed is not None and not isinstance(exc, KeyboardInterrupt):
                # what stopped the command before the save began
                if isinstance(made.failed, OSError):
                    raise save_stopped(path, made.failed, replaced=False,
                                       copying_to=path.parent / BACKUP_FOLDER) from None
                raise made.failed from None
            if isinstance(exc, OSError):
                # after the rename only the folder's flush is left to fail
                raise save_stopped(path, exc, replaced=file_state(path) != read,
                                   kept=made.made) from exc
            raise
        prune_copies(path, backups_kept, made=made.result())
    return made.result()
