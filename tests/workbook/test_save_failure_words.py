"""A save of the workbook that the system stops (a full disk, a backups folder that cannot be
written) says which workbook, whether it was changed, and where its backup is.

From hunt-hostile-12: a refresh whose disk filled up while the new workbook was written said
"ratecalc refresh: cannot use: No space left on device", naming no file and not saying that
the workbook was as it was, nor where the copy made before it was; one whose backups folder
could not be written named the backup's temporary file, which no longer existed; and one whose
folder could not be flushed after the new workbook had replaced the old said the same words as
a save that never happened.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from ratecalc.kept_copies import backups_of
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import ignored_errors

DISK_FULL = OSError(errno.ENOSPC, "No space left on device")


def refreshed(book: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["refresh", str(book)])
    return code, capsys.readouterr().err


def test_a_disk_full_while_the_workbook_is_written_names_it_and_its_backup(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_copy.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise DISK_FULL

    monkeypatch.setattr(ignored_errors, "save_with_ignored_errors", full)
    code, err = refreshed(demo_copy, capsys)
    assert code == ExitCode.INPUT_ERROR
    assert demo_copy.read_bytes() == before
    [backup] = backups_of(demo_copy)
    line = err.strip().splitlines()[-1]
    assert (f"'{demo_copy}' was not saved: the system cannot write it "
            "(No space left on device)") in line, line
    assert "it is unchanged" in line and f"'{backup}'" in line, line
    assert not [p for p in demo_copy.parent.iterdir() if p.name.endswith(".rctmp")]


def test_a_backup_that_cannot_be_written_names_the_workbook_and_the_folder(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_copy.read_bytes()
    real_fsync = os.fsync
    backups = demo_copy.parent / "RateCalc backups"

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(backups)):
            raise DISK_FULL
        real_fsync(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc to tell a file descriptor's file by")
    monkeypatch.setattr(os, "fsync", fsync)
    code, err = refreshed(demo_copy, capsys)
    assert code == ExitCode.INPUT_ERROR
    assert demo_copy.read_bytes() == before
    line = err.strip().splitlines()[-1]
    assert f"'{demo_copy}' was not saved: its backup cannot be written in '{backups}' " \
           "(No space left on device); it is unchanged" in line, line
    assert not re.search(r"\.rctmp", line), line


def test_a_folder_that_cannot_be_flushed_after_the_save_says_the_workbook_was_saved(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_copy.read_bytes()
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}") == str(demo_copy.parent):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc to tell a file descriptor's file by")
    monkeypatch.setattr(os, "fsync", fsync)
    code, err = refreshed(demo_copy, capsys)
    assert code == ExitCode.INPUT_ERROR
    assert demo_copy.read_bytes() != before
    [backup] = backups_of(demo_copy)
    line = err.strip().splitlines()[-1]
    assert f"'{demo_copy}' was saved, but the system cannot confirm it is on the disk " \
           "(Input/output error)" in line, line
    assert f"'{backup}'" in line, line
