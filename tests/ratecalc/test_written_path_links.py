"""Which symbolic links a save follows (:func:`ratecalc.atomic.written_path`): through every
link on the way to a regular file, relative or absolute, and none that leads nowhere regular,
a loop among them.

test_link_to_no_file.py covers one link to a pipe, a folder, a file and nothing; these cases of
several links were reached by no mutant before mutation-13 (the links followed one at a time,
a loop raising instead of being replaced, each passed every test).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ratecalc.atomic import atomic_write, written_path

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges there")


def test_a_chain_of_links_is_followed_to_the_file(tmp_path: Path) -> None:
    target = tmp_path / "real" / "data.json"
    target.parent.mkdir()
    target.write_bytes(b"old")
    middle = tmp_path / "middle" / "data.json"
    middle.parent.mkdir()
    middle.symlink_to(os.path.relpath(target, middle.parent))  # relative, as `ln -s ../..`
    link = tmp_path / "data.json"
    link.symlink_to(middle)
    assert written_path(link) == target
    atomic_write(link, b"new")
    assert target.read_bytes() == b"new"
    assert link.is_symlink() and middle.is_symlink()
    assert sorted(p.name for p in middle.parent.iterdir()) == ["data.json"]  # nothing beside


def test_a_chain_ending_in_a_folder_is_replaced_and_the_folder_left(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    middle = tmp_path / "middle"
    middle.symlink_to(folder)
    link = tmp_path / "data.json"
    link.symlink_to(middle)
    assert written_path(link) == link
    atomic_write(link, b"[]")
    assert not link.is_symlink() and link.read_bytes() == b"[]"
    assert middle.is_symlink() and folder.is_dir() and list(folder.iterdir()) == []


def test_a_loop_of_links_is_replaced(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    assert written_path(first) == first
    atomic_write(first, b"new")
    assert not first.is_symlink() and first.read_bytes() == b"new"
    assert second.is_symlink()


def test_a_file_that_is_no_link_is_itself_even_in_a_linked_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "data.json").write_bytes(b"old")
    linked = tmp_path / "linked"
    linked.symlink_to(real)
    assert written_path(linked / "data.json") == linked / "data.json"
    atomic_write(linked / "data.json", b"new")
    assert (real / "data.json").read_bytes() == b"new" and linked.is_symlink()
