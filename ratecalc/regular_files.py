"""Opening a file the user names, for reading, only when it is a regular file.

A named pipe (FIFO) hung a command for ever: its open waits for a writer, and a fee schedule,
a table, an offer file or a workbook given as one (``mkfifo rates.csv``) stopped ``import
fee-schedule``, ``analyze`` or ``letter`` until it was killed. A device (``/dev/zero``) is read
until memory runs out. :func:`open_regular` opens without waiting (``O_NONBLOCK``) and checks
the kind of what it opened, on the descriptor, so a path swapped after a check cannot get past
it. The readers of CSV text (:func:`ratecalc.csv_text.read_csv_text`), of workbooks
(:func:`ratecalc.xlsx_package.check_xlsx_package`, before any parser opens one) and of
Transparency-in-Coverage files (:func:`ratecalc.market_rates.source.open_regular_file`) open
their files here.

:func:`not_a_file` is the one rule that says, before anything opens it, what a path the user
named is when it is not a file to read ("does not exist", "is a folder, not a file", "is a
named pipe (FIFO), not a file"): a command that looks at a path first (an 835 path, a TiC
SOURCE, a letterhead, a CMS release, a table in a folder) asks it, so a named pipe is never
said to be missing, nor a folder "no such file". A reader that opens first (:func:`open_regular`)
words what its open raised by the same rule (:func:`unopened`), and a message says what was
expected after it (:func:`refusal`): "'rates.csv' is a named pipe (FIFO), not a file; expected a
CSV file" from the CSV, workbook and TiC readers alike, where each had words of its own ("a
named pipe (FIFO), not a CSV file", "no such workbook", "no such folder or workbook").
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

#: What a path that is not a regular file is, in words (st_mode tests).
_NOT_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
              (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
              (stat.S_ISSOCK, "a socket"))


#: :func:`not_a_file`'s words for a path that is not there at all.
MISSING = "does not exist"

#: Its words for a symbolic link that leads back to itself (``ln -s a a``): "cannot be read
#: (Too many levels of symbolic links)" said nothing a user could act on, and ``Path.resolve``
#: raised RuntimeError on one, an internal error in four commands.
LOOP = "is a symbolic link that loops back on itself, not a file"


def resolved(path: str | Path) -> Path:
    """``path`` made absolute, its symbolic links followed as far as they lead
    (:func:`os.path.realpath`); what :meth:`pathlib.Path.resolve` gives, without its error.

    Before Python 3.13 ``Path.resolve`` raised RuntimeError on a link that loops back on
    itself: a Transparency-in-Coverage file naming one as its provider reference file stopped
    ``import market-rates`` with an internal error. The loop is named when the path is read
    (:func:`not_a_file`: "is a symbolic link that loops back on itself").

    Examples
    --------
    >>> str(resolved("/tmp/../tmp"))
    '/tmp'
    """
    return Path(os.path.realpath(path))


def not_a_file(path: str | Path) -> str | None:
    """What ``path`` is, in words, when it is not a regular file; None when it is one.

    Examples
    --------
    >>> not_a_file("/no/such/path")
    'does not exist'
    >>> not_a_file("/")
    'is a folder, not a file'
    """
    try:
        mode = os.stat(path).st_mode  # follows a link: a link to a file is that file
    except OSError as exc:
        return unopened(exc)
    if stat.S_ISREG(mode):
        return None
    return f"is {kind_of(mode)}, not a file"


def not_a_folder(path: str | Path) -> str | None:
    """What ``path`` is, in :func:`not_a_file`'s words, when it is not a folder; None when it
    is one (a folder an option reads, such as a market-rate store).

    >>> not_a_folder("/")
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return unopened(exc).replace("not a file", "not a folder")
    if stat.S_ISDIR(mode):
        return None
    return f"is {'a file' if stat.S_ISREG(mode) else kind_of(mode)}, not a folder"


def unopened(exc: OSError) -> str:
    """:func:`not_a_file`'s words for what opening a path (:func:`open_regular`) or looking at
    it raised: the one rule for a reader that opens first.

    >>> unopened(FileNotFoundError(2, "No such file or directory"))
    'does not exist'
    >>> unopened(PermissionError(13, "Permission denied"))
    'cannot be read (Permission denied)'
    """
    if isinstance(exc, NotARegularFile):
        return f"is {exc.kind}, not a file"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return MISSING
    if exc.errno == errno.ELOOP:
        return LOOP
    return f"cannot be read ({exc.strerror or exc})"


def refusal(shown: str, words: str, expected: str) -> str:
    """The message for a path that is not what a command reads: the path as the user gave it,
    what it is (:func:`not_a_file`, :func:`unopened`) and what was expected.

    >>> refusal("'rates.csv'", "is a folder, not a file", "a CSV file")
    "'rates.csv' is a folder, not a file; expected a CSV file"
    """
    return f"{shown} {words}; expected {expected}"


def kind_of(mode: int) -> str:
    """What a path of ``st_mode`` ``mode`` that is not a regular file is, in words."""
    return next((words for test, words in _NOT_FILES if test(mode)), "a special file")


class NotARegularFile(OSError):
    """The path is a named pipe, a device or a socket (a folder raises IsADirectoryError, as
    ``open`` does); ``kind`` says which, in words."""

    def __init__(self, path: str | Path, kind: str) -> None:
        super().__init__(f"{kind}, not a file; only files are read")
        self.strerror = str(self)
        self.filename = str(path)
        self.kind = kind


def open_regular(path: str | Path) -> BinaryIO:
    """``open(path, "rb")`` for a regular file only.

    Raises
    ------
    FileNotFoundError, PermissionError, OSError
        As ``open`` raises them.
    IsADirectoryError
        ``path`` is a folder.
    NotARegularFile
        ``path`` is a named pipe, a device or a socket.
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFO to wait on
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, kind_of(mode))
        if nonblock:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (:func:`open_regular`), at most ``limit + 1`` of
    them: a caller given more than ``limit`` refuses the file, which is read no further (a
    record of RateCalc's own, replaced by a link to ``/dev/zero`` or grown by another program,
    was read until memory ran out).

    Raises
    ------
    OSError
        As :func:`open_regular` raises it, or the read did (:func:`unopened` words it).
    """
    with open_regular(path) as handle:
        return handle.read(limit + 1)
