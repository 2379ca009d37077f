"""Where a command through a symbolic link looks for and leaves its marks: beside the workbook
the link leads to (:mod:`ratecalc_workbook.safety`), and what a stopped save keeps of the
system's error (:func:`ratecalc.atomic.save_stopped`).

From test-review-12's mutants: the lock keyed by the link's own path, Excel's ``~$`` file
looked for beside the link, and the system's ``errno`` dropped from the refusal each passed
every test (a refresh still refused at its save, which resolves the link itself).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ratecalc.atomic import save_stopped
from ratecalc.errors import InputError
from ratecalc_workbook.safety import changing, lock_file, owner_files

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges there")


def test_a_change_through_the_link_locks_the_workbook_itself(
        linked: tuple[Path, Path]) -> None:
    link, real = linked
    with changing(link):
        # the lock is '.~ratecalc.clinic.xlsx.lock' beside real/clinic.xlsx, none in links/
        assert lock_file(real).is_file()
        assert sorted(p.name for p in link.parent.iterdir()) == ["clinic.xlsx"]
        with changing(real):  # the same workbook: the same lock, held once
            pass
    assert not lock_file(real).exists()


def test_excels_owner_file_is_found_beside_the_workbook_the_link_leads_to(
        linked: tuple[Path, Path]) -> None:
    link, real = linked
    owner = real.parent / f"~${real.name}"
    owner.write_bytes(b"Excel's owner file")
    assert owner_files(link) == [owner]


def test_a_stopped_save_keeps_the_systems_error_number(tmp_path: Path) -> None:
    book = tmp_path / "clinic.xlsx"
    stopped = save_stopped(book, OSError(errno.ENOSPC, "No space left on device"),
                           replaced=False)
    assert isinstance(stopped, InputError) and isinstance(stopped, OSError)
    assert stopped.errno == errno.ENOSPC
    assert str(stopped).startswith(f"'{book}' was not saved: the system cannot write it "
                                   "(No space left on device); it is unchanged")
