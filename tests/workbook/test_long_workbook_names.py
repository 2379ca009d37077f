"""A workbook whose name is ~225-250 bytes can be refreshed: its lock `.~ratecalc.NAME.lock`, the
backup `RateCalc backups/NAME 2026-12-04 153709.xlsx` and that backup's temporary passed the
255-byte file-name limit ("File name too long", exit 3, nothing changed)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from ratecalc.atomic import NAME_MAX
from ratecalc_cli.main import main
from ratecalc_workbook.safety import BACKUP_FOLDER, backup, backups_of, changing, lock_file


def _bytes(name: str) -> int:
    return len(name.encode("utf-8"))


@pytest.mark.parametrize("stem", ["b" * 225, "b" * 245, "é" * 124])
def test_lock_and_backup_of_a_long_workbook_name(tmp_path: Path, stem: str) -> None:
    book = tmp_path / f"{stem}.xlsx"
    book.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: a workbook's kind of content
    assert _bytes(lock_file(book).name) <= NAME_MAX
    assert lock_file(book) != lock_file(tmp_path / f"{stem[:-1]}x.xlsx")
    with changing(book):
        assert lock_file(book).exists()
    made = [backup(book, datetime(2026, 12, 4, 15, 37, 9)) for _ in range(2)]
    assert all(_bytes(p.name) <= NAME_MAX for p in made)
    assert backups_of(book) == made


def test_refresh_of_a_workbook_named_with_245_characters(tiny_book: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    book = tmp_path / ("b" * 245 + ".xlsx")
    shutil.copyfile(tiny_book, book)
    for _ in range(2):  # the second refresh has a backup of the first beside its own
        assert main(["refresh", str(book)]) == 0, capsys.readouterr().err
    assert len(list((tmp_path / BACKUP_FOLDER).iterdir())) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([book.name, BACKUP_FOLDER])
