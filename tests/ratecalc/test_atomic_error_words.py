"""An error raised while an output is written keeps its words (:func:`ratecalc.atomic.atomic_path`,
:func:`ratecalc.atomic.save_stopped`).

From review-a12: atomic_path gave every OSError naming no file the output's name, so that a
system's error ("No space left on device") names the file; but an OSError made of a message
alone (``OSError("disk full")``, as a library raises one) then printed as "[Errno None] None:
'book.xlsx'", its message lost, and a refresh said "the system cannot write it ([Errno None]
None: '...')" (tests/workbook/test_refresh.py's test_a_failed_save_leaves_the_file_whole
failed on d5c6e993).
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from ratecalc.atomic import atomic_path, save_stopped


def test_a_message_alone_keeps_its_words(tmp_path: Path) -> None:
    with pytest.raises(OSError) as raised, atomic_path(tmp_path / "out.ics"):
        raise OSError("disk full")
    assert str(raised.value) == "disk full"
    assert list(tmp_path.iterdir()) == []


def test_a_system_error_is_given_the_outputs_name(tmp_path: Path) -> None:
    with pytest.raises(OSError) as raised, atomic_path(tmp_path / "out.ics"):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(raised.value) == f"[Errno {errno.ENOSPC}] No space left on device: " \
                                f"'{tmp_path / 'out.ics'}'"


def test_the_save_words_give_a_message_alone() -> None:
    # named by whoever raised it or passed it on: the words are the message, not Python's
    # "[Errno None] None: 'book.xlsx'"
    named = OSError("disk full")
    named.filename = "book.xlsx"
    words = str(save_stopped(Path("book.xlsx"), named, replaced=False))
    assert words == ("'book.xlsx' was not saved: the system cannot write it (disk full); it "
                     "is unchanged. Fix the cause, then run the command again"), words
