"""save_changes makes the backup while it writes the new file: the backup is whole on the disk
before the workbook is replaced, and a backup that fails leaves the workbook as it was."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc_workbook import safety
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.safety import BACKUP_FOLDER

from .conftest import NOW


def test_the_backup_is_made_while_the_new_file_is_written(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup waits for the disk (its copy flushed, then its folder): the save's own work
    goes on meanwhile. Here the backup cannot finish before the save has begun writing."""
    writing = threading.Event()
    # the function the backup's thread runs (safety.backup, patched here before, is not called
    # by a refresh, so the test could not fail)
    real_backup, real_save = safety._copy, safety.save_atomic

    def backup_once_writing(path: Path, now: object) -> Path:
        assert writing.wait(timeout=20), "the save waited for the backup before writing"
        return real_backup(path, now)  # type: ignore[arg-type]

    def save_signalling(*args: object, **kwargs: object) -> None:
        from ratecalc_workbook import ignored_errors

        real_write = ignored_errors.save_with_ignored_errors

        def write(*a: object, **k: object) -> None:
            writing.set()
            real_write(*a, **k)  # type: ignore[arg-type]

        monkeypatch.setattr(ignored_errors, "save_with_ignored_errors", write)
        real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(safety, "_copy", backup_once_writing)
    monkeypatch.setattr(safety, "save_atomic", save_signalling)
    before = demo_copy.read_bytes()
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok and result.backup is not None
    assert result.backup.read_bytes() == before


def test_the_backup_is_whole_before_the_workbook_is_replaced(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_replace = os.replace
    backups = demo_copy.parent / BACKUP_FOLDER

    def replace(src: object, dst: object) -> None:
        real_replace(src, dst)  # type: ignore[arg-type]
        target = Path(str(dst))
        if target == demo_copy:
            whole = [p.read_bytes() for p in backups.iterdir()] if backups.is_dir() else []
            events.append(f"workbook replaced, backups whole: {len(whole)}")
        elif target.parent == backups:
            events.append("backup in place")

    real_link = os.link

    def link(src: object, dst: object, *args: object, **kwargs: object) -> None:
        # a backup is put in place by a hard link (ratecalc.kept_copies: never over a copy
        # already there), where the file system has them
        real_link(src, dst, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(dst)).parent == backups:
            events.append("backup in place")

    before = demo_copy.read_bytes()
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    result = refresh_workbook(demo_copy, now=NOW)
    assert events == ["backup in place", "workbook replaced, backups whole: 1"]
    assert result.backup is not None and result.backup.read_bytes() == before


def test_a_backup_that_fails_leaves_the_workbook_as_it_was(demo_copy: Path) -> None:
    (demo_copy.parent / BACKUP_FOLDER).write_text("a file where the folder goes")
    before = sorted(p.name for p in demo_copy.parent.iterdir())
    content = demo_copy.read_bytes()
    with pytest.raises(InputError, match="cannot create the backups folder"):
        refresh_workbook(demo_copy, now=NOW)
    assert demo_copy.read_bytes() == content
    assert sorted(p.name for p in demo_copy.parent.iterdir()) == before  # no temporary left


def test_a_refresh_stopped_before_its_rename_leaves_the_workbook_and_a_backup_of_its_own(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped at the last step (the rename over the workbook), a refresh leaves the workbook
    as it was, and its backup holds the same bytes in a file of its own, not a second name of
    the workbook's file (a hard link, cheaper to make): a program that then saves the workbook
    by writing into the same file, as some do, leaves the backup as it was."""
    real_replace = os.replace

    def stopped_at_the_workbook(src: object, dst: object) -> None:
        if Path(str(dst)) == demo_copy:
            raise KeyboardInterrupt
        real_replace(src, dst)  # type: ignore[arg-type]

    before = demo_copy.read_bytes()
    monkeypatch.setattr(os, "replace", stopped_at_the_workbook)
    with pytest.raises(KeyboardInterrupt):
        refresh_workbook(demo_copy, now=NOW)
    assert demo_copy.read_bytes() == before
    assert [p.name for p in demo_copy.parent.iterdir() if p.name.startswith(".")] == []
    [backup] = (demo_copy.parent / BACKUP_FOLDER).iterdir()
    assert backup.read_bytes() == before
    assert not backup.samefile(demo_copy) and backup.stat().st_nlink == 1
    with demo_copy.open("r+b") as handle:  # saved in place, over the same file
        handle.write(b"saved in place")
    assert backup.read_bytes() == before
