"""Saving files so that a reader sees the old version or the new one, never half of either.

Everything RateCalc writes goes through here: a temporary file in the same folder, flushed, then
renamed over the target (``os.replace`` is atomic on one file system, on POSIX and Windows).

The temporary file is ``.<name>.<random>.rctmp`` beside the target (``<name>`` cut short, with a
tag of the whole name, when it would pass the file-name limit: :func:`fit_name`); one left
behind by a killed
run is removed by the next save of the same file (once it is older than
:data:`STALE_AFTER_SECONDS`, so a save running at the same time keeps its own). The file written
keeps the permissions of the file it replaces, and a new file gets the ones any program would
give it (``0666`` less the umask), not ``mkstemp``'s private ``0600``.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ratecalc.errors import InputError, RateCalcError
from ratecalc.noting import Noticeboard

if TYPE_CHECKING:
    from ratecalc.output_kinds import OutputKind

TEMP_SUFFIX = ".rctmp"
#: Longest file name [bytes of UTF-8] on the file systems RateCalc writes to (ext4, APFS, NTFS
#: count 255 bytes or UTF-16 units; UTF-8 never has fewer bytes than UTF-16 has units).
NAME_MAX = 255
#: What mkstemp puts between its prefix and suffix.
_RANDOM_CHARS = 8
#: ``~`` and the hex digits of a name's SHA-256 that end a name :func:`fit_name` cut short.
_TAG_CHARS = 9
#: A temporary file older than this [s] is left over from a killed run.
STALE_AFTER_SECONDS = 15 * 60

#: The files :func:`atomic_path` replaced, told to the :func:`noting_written` blocks open now.
_written: Noticeboard[Path] = Noticeboard()


def noting_written() -> contextlib.AbstractContextManager[list[Path]]:
    """A block whose list receives each file :func:`atomic_path` replaces during it.

    So that a command stopped part-way (Ctrl-C) can say which of its outputs are already whole
    on disk: a refresh interrupted just after its save has finished its work, and should not
    look as if it had not.
    """
    return _written.block()


def unnoted() -> contextlib.AbstractContextManager[None]:
    """Files written in this block are not told to the open :func:`noting_written` blocks: a
    draft that is moved into place, and noted, only when it is whole (a command stopped while
    writing it must not name it as written)."""
    return _written.unheard()


def note_written(path: Path) -> None:
    """Tell the open :func:`noting_written` blocks that ``path`` is now whole on disk (for a
    file put in place by other means than :func:`atomic_path`)."""
    _written.tell(path)


def fit_name(name: str, room: int) -> str:
    """``name`` when its UTF-8 takes at most ``room`` bytes; else its start, cut between
    characters, then ``~`` and 8 hex digits of its SHA-256, ``room`` bytes in all.

    For names RateCalc makes from a user's file name (a lock, a temporary, a backup): the user's
    own name may be 255 bytes, and ``.~ratecalc.<name>.lock`` then could not be created. The
    name stays recognisable by its start, and distinct names stay distinct by the tag.

    Examples
    --------
    >>> fit_name("clinic.xlsx", 20)
    'clinic.xlsx'
    >>> fit_name("b" * 30, 20)
    'bbbbbbbbbbb~7a3f7ddc'
    """
    data = name.encode("utf-8", "surrogateescape")
    if len(data) <= room:
        return name
    tag = "~" + hashlib.sha256(data).hexdigest()[:_TAG_CHARS - 1]
    head, size = [], 0
    for char in name:
        size += len(char.encode("utf-8", "surrogateescape"))
        if size > room - _TAG_CHARS:
            break
        head.append(char)
    return "".join(head) + tag


def _temp_prefix(target: Path) -> str:
    """``.<name>.``: the start of every temporary name of ``target``."""
    room = NAME_MAX - len("..") - _RANDOM_CHARS - len(TEMP_SUFFIX)
    return f".{fit_name(target.name, room)}."


def temporaries(target: Path) -> list[Path]:
    """Temporary files that saves of ``target`` create (or left behind)."""
    pattern = glob.escape(str(target.parent / _temp_prefix(target))) + "*" + TEMP_SUFFIX
    return [Path(p) for p in glob.glob(pattern)]


def file_system_now(folder: Path) -> float | None:
    """The time [s since the epoch] on the clock that stamps files in ``folder``: the
    modification time of a file created there at once and removed. None when none can be
    created (then nothing there can be saved, removed or replaced either).

    A file's age there is its modification time against this, not against :func:`time.time`:
    on a network share the server stamps files, and a share whose clock is behind this
    machine's made a file being written now look old (a lock taken over, a temporary deleted
    under the command writing it), one ahead made a dead one look new.
    """
    probe = folder / f".~ratecalc.{os.getpid()}.{os.urandom(4).hex()}.clock"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except OSError:
        return None
    try:
        return os.fstat(fd).st_mtime
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            probe.unlink()


def remove_stale_temporaries(target: Path, now: float | None = None) -> list[Path]:
    """Delete temporaries of ``target`` older than :data:`STALE_AFTER_SECONDS` on its folder's
    own clock (:func:`file_system_now`; ``now``: that moment given); return them."""
    found = temporaries(target)
    if not found:
        return []
    moment = file_system_now(target.parent) if now is None else now
    if moment is None:
        return []
    removed = []
    for tmp in found:
        with contextlib.suppress(OSError):
            if moment - tmp.stat().st_mtime > STALE_AFTER_SECONDS:
                tmp.unlink()
                removed.append(tmp)
    return removed


def written_path(target: str | os.PathLike[str]) -> Path:
    """The file a save of ``target`` replaces: the regular file a symbolic link leads to
    (through every link on the way), else ``target`` itself.

    Renaming over a link replaces the link, not the file: a workbook refreshed through a link
    became a file of its own beside the link's target, which kept the old figures and every
    change made to it from then on. Excel, Word and LibreOffice save through a link; so does
    RateCalc, and its temporary, lock and backups go beside the file it replaces.

    Only to a regular file: a link to a device, a named pipe or a folder, or one leading
    nowhere, is replaced as a rename replaces it. Saved through, the provider-reference
    cache's file linked to /dev/zero renamed its JSON over /dev/zero itself (run as root, the
    machine's /dev/zero became a file), and a dangling link made its folders wherever it led.
    """
    path = Path(target)
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    try:
        regular = stat.S_ISREG(real.stat().st_mode)
    except (OSError, ValueError):
        regular = False
    return real if regular else path


def new_file_mode() -> int:
    """The permissions a new file gets under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def check_writable(target: Path, what: str = "file") -> None:
    """Refuse, with a message, to replace a read-only ``target``.

    Checks the permission bits, not ``os.access``: an administrator may write anything, but a
    file the user made read-only is one they want left alone.
    """
    if target.exists() and not target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP
                                                        | stat.S_IWOTH):
        raise InputError(f"{what} '{target}' is read-only: RateCalc does not replace it. Make it "
                         "writable (or save a copy under another name) and try again.")


#: What ``fsync`` says on a file system that cannot flush (some network and FUSE file systems):
#: nothing more can be done there, and the save goes on as before.
_NO_FSYNC = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_FSYNC:
            raise
    finally:
        os.close(fd)


def flush_to_disk(path: Path) -> None:
    """Wait until the content of the file at ``path`` is on the disk (``fsync``)."""
    _fsync(path, os.O_RDWR)  # Windows flushes only a file open for writing


def flush_folder_to_disk(folder: Path) -> None:
    """Wait until the names in ``folder`` (a file just renamed into it) are on the disk.

    POSIX only: Windows opens no folder as a file, and NTFS journals its names itself.
    """
    if os.name != "nt":
        _fsync(folder, os.O_RDONLY)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, mode: int | None = None,
                kind: OutputKind | None = None, durable: bool = False, keep: bool = True,
                exclusive: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    ``kind``: what is written (:mod:`ratecalc.output_kinds`); ``target``'s name must be of that
    kind and a file already there must hold that kind of content (every file written for a user
    gives it; RateCalc's own caches and stores, whose names it makes itself, need not). A file
    written for a user is also noted in its folder's record, and one already there that is not
    RateCalc's own unchanged output is first kept in the backups folder
    (:func:`ratecalc.kept_copies.keep_if_users`); ``keep=False`` for a writer with its own
    backup rule (the workbook's, a letter's).

    ``exclusive``: never replace a file; :class:`FileExistsError` when ``target`` exists at the
    rename (a backup's name claimed by another command meanwhile).

    The result has permissions ``mode`` if given, else those of the file it replaces, else a new
    file's.

    ``durable``: for a file whose loss a power cut must not cause (the user's workbook and its
    backup). The rename alone keeps a reader from seeing half a file while the system runs; but
    the system may write the rename to the disk before the new content, and a power cut between
    the two leaves an empty or partly written file where the old one was. So the content is
    flushed to the disk before the rename (:func:`flush_to_disk`) and the folder after it
    (:func:`flush_folder_to_disk`): once the block ends, the new file is what a restart finds.

    For writers that want a file name (``workbook.save(path)``, ``document.save(path)``). On an
    exception the temporary file is removed and ``target`` is untouched.

    Raises
    ------
    InputError
        ``target`` is read-only (its permission bits say so), or not of ``kind``.
    OSError
        The system refused (a folder that cannot be written, an immutable file): callers that
        know what the file is turn it into a message.
    """
    path = written_path(target)  # a link is kept, the file it leads to replaced
    if kind is not None:
        from ratecalc.output_kinds import check_output

        check_output(path, kind)
    else:
        check_writable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=TEMP_SUFFIX)
    os.close(fd)
    try:
        yield Path(tmp)
        if kind is not None and keep:
            from ratecalc.kept_copies import keep_if_users

            keep_if_users(path, Path(tmp), kind)
        if mode is None:
            mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else new_file_mode()
        if durable:  # before the mode, which may forbid opening it for writing
            flush_to_disk(Path(tmp))
        os.chmod(tmp, mode)
        if exclusive:
            _claim(Path(tmp), path)
        else:
            os.replace(tmp, path)
        if durable:
            flush_folder_to_disk(path.parent)
        if kind is not None and keep:
            from ratecalc.kept_copies import record_written

            record_written(path)
        note_written(path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None and exc.errno is not None:
            # a write or flush of the open temporary names no file: the output is the one
            # the user knows ("cannot use: No space left on device" named none). Not an
            # OSError of a message alone: with a file name it prints "[Errno None] None: ..."
            exc.filename = str(path)
        raise


#: The system's errors that freeing space on the disk fixes: a full disk, a user's quota.
_NO_SPACE = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT")
                      if hasattr(errno, name))


class SaveStopped(InputError, OSError):
    """A save the system stopped, worded for the user (:func:`save_stopped`); still the
    :class:`OSError` it was, with its ``errno``, for a caller that tells a system's failure
    from bad input."""


def save_stopped(target: Path, exc: OSError, *, replaced: bool, kept: Path | None = None,
                 copying_to: Path | None = None) -> SaveStopped:
    """What a save of ``target`` that the system stopped (a full disk, a folder that cannot be
    written or flushed) says: the file, the system's reason, whether ``target`` was replaced,
    and where its copy from before is (``kept``), or the folder the copy could not be written
    in (``copying_to``: nothing was replaced).

    The system's error alone named no file, or a temporary that was gone ("cannot use: No
    space left on device"), and said the same of a save that had replaced the file and of
    one that had not.
    """
    # an OSError of a message alone has no strerror; its message, not Python's words
    reason = exc.strerror or (str(exc.args[0]) if len(exc.args) == 1 else str(exc))
    copy = f"; its copy from before this command is '{kept}'" if kept is not None else ""
    if copying_to is not None:
        words = (f"'{target}' was not saved: its backup cannot be written in '{copying_to}' "
                 f"({reason}); it is unchanged")
    elif replaced:
        words = (f"'{target}' was saved, but the system cannot confirm it is on the disk "
                 f"({reason}): check it, and run the command again if it does not open{copy}")
    else:
        # a full disk or quota is fixed by freeing space; a rename refused for a file another
        # program holds (Windows' PermissionError) or a busy one is not
        fix = "Free some space" if exc.errno in _NO_SPACE else "Fix the cause"
        words = (f"'{target}' was not saved: the system cannot write it ({reason}); it is "
                 f"unchanged{copy}. {fix}, then run the command again")
    stopped = SaveStopped(words)
    stopped.errno = exc.errno
    return stopped


def _claim(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` to ``path`` unless ``path`` exists (then :class:`FileExistsError`)."""
    try:
        os.link(tmp, path)  # fails on an existing name, atomically
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the look and the rename, as close
        if path.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def atomic_write(target: str | os.PathLike[str], data: bytes | str, *,
                 kind: OutputKind | None = None, keep: bool = True) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` atomically; return the path (``kind`` and
    ``keep`` as for :func:`atomic_path`)."""
    with atomic_path(target, kind=kind, keep=keep) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8", newline="")
        else:
            tmp.write_bytes(data)
    return Path(target)


@contextlib.contextmanager
def writing_together(targets: Sequence[tuple[Path, OutputKind]]) -> Iterator[list[Path]]:
    """The block that writes several files meant to agree (an analysis's tables and summary).

    Every target is checked first (its kind, any file there, read-only:
    :func:`ratecalc.output_kinds.check_output`), so a refusal comes before any file is replaced.
    Should a write still fail part-way (a full disk, a file locked meanwhile), the error says
    which files were already replaced and which were not, since they no longer agree.

    Yields the list of files replaced so far (as :func:`noting_written`).
    """
    from ratecalc.output_kinds import check_outputs

    check_outputs(targets)
    with noting_written() as written:
        try:
            yield written
        except (RateCalcError, OSError) as exc:
            if not written:
                raise
            done = list(dict.fromkeys(written))
            left = [p for p, _ in targets if p not in done]
            reason = (f"cannot write '{exc.filename}': {exc.strerror or exc}"
                      if isinstance(exc, OSError) and exc.filename else str(exc))
            lines = "\n".join(f"  {p}" for p in done)
            rest = ("\nnot written (they still hold the previous run's results, if any):\n"
                    + "\n".join(f"  {p}" for p in left)) if left else ""
            raise InputError(
                f"{reason}\nThe outputs now disagree; these files were already replaced:\n"
                f"{lines}{rest}\nFix the cause and run the command again to write them all."
            ) from exc
