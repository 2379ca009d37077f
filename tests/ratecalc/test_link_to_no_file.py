"""A save through a symbolic link replaces the file it leads to only when that is a regular file.

f85b1ce7 made every save write through a link (a workbook refreshed through a link became a
file of its own). A link to a device, a named pipe or a folder was then "saved through" too:
the provider-reference cache's test replaces a cache file by a link to /dev/zero, and its next
fetch renamed the new cache file over /dev/zero itself; run as root (this machine's tests), it
left /dev/zero a 36-byte file of cache JSON for every process on the machine. Such a link is
now replaced, as a rename replaces any link, and what it leads to is left alone.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ratecalc.atomic import atomic_write, written_path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_link_to_a_named_pipe_is_replaced_and_the_pipe_left(tmp_path: Path) -> None:
    pipe = tmp_path / "elsewhere" / "pipe"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    link = tmp_path / "cache.json"
    link.symlink_to(pipe)
    assert written_path(link) == link
    atomic_write(link, b"[]")
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe, not a file of our JSON
    assert not link.is_symlink() and link.read_bytes() == b"[]"
    assert sorted(p.name for p in pipe.parent.iterdir()) == ["pipe"]  # no temporary left there


def test_a_link_to_a_folder_is_replaced_and_the_folder_left(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "cache.json"
    link.symlink_to(folder)
    assert written_path(link) == link
    atomic_write(link, b"[]")
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert not link.is_symlink() and link.read_bytes() == b"[]"


def test_a_link_to_a_regular_file_is_still_saved_through(tmp_path: Path) -> None:
    target = tmp_path / "real" / "data.json"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "data.json"
    link.symlink_to(target)
    assert written_path(link) == target
    atomic_write(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_a_dangling_link_is_replaced(tmp_path: Path) -> None:
    link = tmp_path / "data.json"
    link.symlink_to(tmp_path / "gone" / "data.json")
    assert written_path(link) == link
    atomic_write(link, b"new")
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert not (tmp_path / "gone").exists()
