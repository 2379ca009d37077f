"""What a save the system stopped tells the user to do fits what stopped it
(:func:`ratecalc.atomic.save_stopped`).

From review-a12: every save stopped before the rename said "Fix the cause (free some space)",
also when the rename was refused for a file another program holds (Windows' PermissionError
while an antivirus or a preview pane has the workbook open) or a busy file, where no space is
missing; the file named and "it is unchanged" were true in each case injected.
"""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path
from unittest import mock

import pytest
from openpyxl import Workbook, load_workbook

from ratecalc.atomic import SaveStopped, save_stopped
from ratecalc_workbook.safety import save_changes


def _book(folder: Path) -> Path:
    book = folder / "book.xlsx"
    wb = Workbook()
    wb.active["A1"] = "old"
    wb.save(book)
    return book


@pytest.mark.parametrize("refusal", [PermissionError(errno.EACCES, "Permission denied"),
                                     OSError(errno.EBUSY, "Device or resource busy")])
def test_a_rename_refused_for_no_lack_of_space_does_not_say_free_some_space(
        tmp_path: Path, refusal: OSError) -> None:
    book = _book(tmp_path)
    wb = load_workbook(book)
    wb.active["A1"] = "new"
    with mock.patch("ratecalc.atomic.os.replace", side_effect=refusal), \
            pytest.raises(SaveStopped) as stopped:
        save_changes(wb, book, datetime(2026, 12, 7, 12, 0))
    words = str(stopped.value)
    assert words.startswith(f"'{book}' was not saved: the system cannot write it "
                            f"({refusal.strerror}); it is unchanged; its copy from before "
                            "this command is '"), words
    assert "space" not in words, words
    assert load_workbook(book).active["A1"].value == "old"


#: a full disk, and a quota where the system has one (Windows' errno has no EDQUOT)
NO_SPACE = [errno.ENOSPC, *([errno.EDQUOT] if hasattr(errno, "EDQUOT") else [])]


@pytest.mark.parametrize("code", NO_SPACE)
def test_a_full_disk_or_quota_still_says_free_some_space(code: int) -> None:
    words = str(save_stopped(Path("book.xlsx"), OSError(code, "full"), replaced=False))
    assert words == ("'book.xlsx' was not saved: the system cannot write it (full); it is "
                     "unchanged. Free some space, then run the command again"), words
