"""A workbook or output reached through a symbolic link is saved through the link.

From hunt-hostile-12: ``refresh links/book.xlsx``, the link leading to ``real/book.xlsx``,
renamed the new workbook over the link itself: the link became a file of its own holding the
refreshed book, and the workbook the link led to (the one Excel opens from its folder) kept the
old figures, every later change made there no longer seen through the link. The lock and
Excel's ``~$`` file were looked for beside the link, not beside the file Excel has open.
Excel, Word and LibreOffice save through a link, keeping it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ratecalc.atomic import atomic_write
from ratecalc.errors import InputError
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.safety import BACKUP_FOLDER, WorkbookInUse, host_name, lock_file

from .conftest import NOW

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges there")


def test_a_refresh_through_a_link_refreshes_the_workbook_and_keeps_the_link(
        linked: tuple[Path, Path]) -> None:
    link, real = linked
    before = real.read_bytes()
    result = refresh_workbook(link, now=NOW)
    assert result.ok
    assert link.is_symlink(), "the link was replaced by a file"
    assert real.read_bytes() != before, "the workbook the link leads to was not refreshed"
    assert link.read_bytes() == real.read_bytes()
    # its backup beside the workbook itself, holding what it held
    assert result.backup is not None and result.backup.parent == real.parent / BACKUP_FOLDER
    assert result.backup.read_bytes() == before
    assert sorted(p.name for p in link.parent.iterdir()) == ["clinic.xlsx"]


def test_excel_holding_the_workbook_open_is_seen_through_a_link(
        linked: tuple[Path, Path]) -> None:
    link, real = linked
    (real.parent / f"~${real.name}").write_bytes(b"Excel's owner file")
    before = real.read_bytes()
    with pytest.raises(WorkbookInUse, match="is open in Excel or LibreOffice"):
        refresh_workbook(link, now=NOW)
    assert real.read_bytes() == before and link.is_symlink()


def test_a_command_on_the_link_and_one_on_the_workbook_share_one_lock(
        linked: tuple[Path, Path]) -> None:
    link, real = linked
    before = real.read_bytes()
    # another command's lock on the workbook itself (a live process: this one's id, which no
    # lock of this process's own changing() holds)
    lock_file(real).write_text(f"{os.getpid()} {host_name()} {time.time():.0f}\n")
    with pytest.raises(InputError, match="being changed by another"):
        refresh_workbook(link, now=NOW)
    assert real.read_bytes() == before and link.is_symlink()


def test_an_output_written_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "calendars" / "renewals.ics"
    target.parent.mkdir()
    target.write_bytes(b"")
    link = tmp_path / "renewals.ics"
    link.symlink_to(target)
    atomic_write(link, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
