"""Opening a file the user names, for reading, only when it is a regular file.

A named pipe (FIFO) hung a command for ever: its open waits for a writer, and a fee schedule,
a table, an offer file or a workbook given as one (``mkfifo rates.csv``) stopped ``import
fee-schedule``, ``analyze`` or ``letter`` until it was killed. A device (``/dev/zero``) is read
until memory runs out. :func:`open_regular` opens without waiting (``O_NONBLOCK``) and checks
the kind of what it opened, on the descriptor, so a path swapped after a check cannot get past
it. The readers of CSV text (:func:`ratecalc.csv_text.read_csv_text`), of workbooks
(:func:`ratecalc.xlsx_package.check_xlsx_package`, before any parser opens one) and of
Transparency-in-Coverage files (:func:`ratecalc.market_rates.source.open_regular_file`) open
their files here. (An 835 path is read only when ``Path.is_file`` says it is a file.)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

#: What a path that is not a regular file is, in words (st_mode tests).
_NOT_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
              (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
              (stat.S_ISSOCK, "a socket"))


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
            kind = next((words for test, words in _NOT_FILES if test(mode)), "a special file")
            raise NotARegularFile(path, kind)
        if nonblock:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
