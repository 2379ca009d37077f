"""Old backups of a workbook go, the newest kept; only RateCalc's own, only after the save, and
never at the cost of the refresh (ratecalc.kept_copies.prune_copies through safety)."""

from __future__ import annotations

import errno
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

import ratecalc_workbook.ignored_errors as ignored_errors
from ratecalc.kept_copies import noting_unpruned
from ratecalc_cli.main import main
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.safety import BACKUP_FOLDER, BACKUPS_KEPT, backup, backups_of

from .conftest import NOW


@pytest.fixture
def book(tiny_new_book: Path, tmp_path: Path) -> Path:
    return shutil.copyfile(tiny_new_book, tmp_path / "clinic.xlsx")


def _earlier(book: Path, count: int) -> list[Path]:
    """``count`` backups of ``book`` named for the minutes before NOW, oldest first."""
    return [backup(book, NOW - timedelta(minutes=count - i)) for i in range(count)]


def test_a_failed_save_deletes_no_backup(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _earlier(book, BACKUPS_KEPT)
    before = book.read_bytes()

    def full_disk(wb: object, path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(ignored_errors, "save_with_ignored_errors", full_disk)
    with pytest.raises(OSError, match="No space"):
        refresh_workbook(book, now=NOW)
    assert book.read_bytes() == before
    # the oldest went as the backup was made, before the save failed; now none goes
    assert all(p.exists() for p in old)


def test_the_newest_are_kept_once_the_refresh_is_saved(book: Path) -> None:
    old = _earlier(book, BACKUPS_KEPT + 2)
    assert len(backups_of(book)) == BACKUPS_KEPT  # backup() keeps as many
    result = refresh_workbook(book, now=NOW, backups_kept=5)
    assert result.ok and result.backup is not None
    assert backups_of(book) == [*old[-4:], result.backup]


def test_a_backup_that_cannot_be_deleted_is_warned_of_and_the_refresh_is_done(
        book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _earlier(book, 3)
    unlink = Path.unlink

    def locked(self: Path, missing_ok: bool = False) -> None:
        if self == old[0]:  # open in another program (Windows refuses to delete it)
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    with noting_unpruned() as unpruned:
        result = refresh_workbook(book, now=NOW, backups_kept=2)
    assert result.ok and result.backup is not None and result.backup.exists()
    assert old[0].exists() and not old[1].exists()  # the next one still goes
    assert unpruned == [
        f"'{old[0]}': RateCalc could not delete this old copy (Permission denied); the newer "
        f"ones were kept as usual. Delete it yourself if it is no longer needed"]


def test_the_command_warns_and_succeeds(book: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    old = _earlier(book, 2)
    unlink = Path.unlink

    def locked(self: Path, missing_ok: bool = False) -> None:
        if self in old:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    assert main(["refresh", str(book), "--keep-backups", "1"]) == 0
    err = capsys.readouterr().err
    assert all(f"warning: '{p}': RateCalc could not delete this old copy" in err for p in old)
    assert len(backups_of(book)) == 3


def test_keep_backups_from_the_command_line(book: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    old = _earlier(book, 5)  # named before the clock's now: the refresh's backup is newest
    assert main(["refresh", str(book), "--keep-backups", "3"]) == 0
    kept = backups_of(book)
    assert kept[:2] == old[-2:] and len(kept) == 3 and kept[2] not in old
    assert f"Backup: {kept[2]}" in capsys.readouterr().out


# "1_0" and an Arabic 3 (U+0663): int() took them as 10 and 3; no other option does
@pytest.mark.parametrize("bad", ["0", "-1", "two", "1_0", "\u0663"])
def test_keep_backups_must_be_one_or_more(book: Path, bad: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = book.read_bytes()
    with pytest.raises(SystemExit) as stopped:
        main(["refresh", str(book), "--keep-backups", bad])
    assert stopped.value.code == 2
    assert "--keep-backups: expected a whole number of 1 or more" in capsys.readouterr().err
    assert book.read_bytes() == before and not (book.parent / BACKUP_FOLDER).exists()


def test_only_ratecalcs_own_copies_are_deleted(book: Path) -> None:
    folder = book.parent / BACKUP_FOLDER
    folder.mkdir()
    theirs = [folder / name for name in (
        "clinic notes.xlsx", "clinic.xlsx", "clinic 2020-01-01.xlsx",
        "clinic 2025 2020-01-01 120000.xlsx", "clinic 2020-01-01 120000.xlsx.bak",
        "Clinic 2020-01-01 120000.xlsx")]
    for path in theirs:
        path.write_bytes(b"the user's")
    # a folder and a link of a copy's very name are not RateCalc's copies either
    subfolder = folder / "clinic 2020-01-02 120000.xlsx"
    subfolder.mkdir()
    (subfolder / "inside.txt").write_text("kept", encoding="utf-8")
    outside = book.parent / "elsewhere.xlsx"
    outside.write_bytes(b"linked to")
    link = folder / "clinic 2020-01-03 120000.xlsx"
    os.symlink(outside, link)
    made = [backup(book, NOW + timedelta(minutes=i)) for i in range(4)]
    assert refresh_workbook(book, now=NOW + timedelta(hours=1), backups_kept=2).ok
    assert all(p.read_bytes() == b"the user's" for p in theirs)
    assert (subfolder / "inside.txt").exists() and link.is_symlink() and outside.exists()
    assert [p for p in made if p.exists()] == made[-1:]
