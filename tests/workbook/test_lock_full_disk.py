"""A disk with room for a file's name but none for its text: the lock file beside the workbook is
created (an empty file takes no block) and its text cannot be written. The command said
"cannot use: No space left on device", naming no file, and left the empty lock behind, so the
next command on the workbook, with space freed, was refused: "'n.xlsx' is being changed by
another RateCalc command". Seen on a full tmpfs with `workbook new` and `refresh`; here the
lock's write fails as it did there."""

from __future__ import annotations

import errno
import os
import shutil
import types
from pathlib import Path
from typing import Any

import pytest

from ratecalc_cli.main import main
from ratecalc_workbook import safety


class _FullDisk:
    """A text handle whose writes fail as a full disk fails them."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock module's ``os``, its ``fdopen`` handing a handle whose writes fail."""
    def fdopen(fd: int, *args: Any, **kwargs: Any) -> _FullDisk:
        return _FullDisk(fd)

    proxy = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os)
                                     if not name.startswith("__")})
    proxy.fdopen = fdopen
    monkeypatch.setattr(safety, "os", proxy)


def _locks(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".lock"))


def test_workbook_new_names_the_lock_and_leaves_none(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, full_disk: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "n.xlsx"
    assert main(["workbook", "new", str(book)]) == 3
    assert capsys.readouterr().err == (
        f"ratecalc workbook new: '{tmp_path}': cannot write the lock file '.~ratecalc.n.xlsx"
        ".lock' (No space left on device); the workbook was not changed\n")
    assert _locks(tmp_path) == [] and not book.exists()
    monkeypatch.undo()  # space freed: the next command is not refused as busy
    assert main(["workbook", "new", str(book)]) == 0
    assert book.exists() and _locks(tmp_path) == []


def test_refresh_names_the_lock_and_leaves_the_workbook_and_no_lock(
        capsys: pytest.CaptureFixture[str], demo_new_book: Path, tmp_path: Path,
        full_disk: None, monkeypatch: pytest.MonkeyPatch) -> None:
    book = shutil.copyfile(demo_new_book, tmp_path / "book.xlsx")
    before = book.read_bytes()
    assert main(["refresh", str(book)]) == 3
    assert capsys.readouterr().err == (
        f"ratecalc refresh: '{tmp_path}': cannot write the lock file '.~ratecalc.book.xlsx"
        ".lock' (No space left on device); the workbook was not changed\n")
    assert book.read_bytes() == before and _locks(tmp_path) == []
    monkeypatch.undo()
    assert main(["refresh", str(book)]) == 0
