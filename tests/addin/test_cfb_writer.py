"""The compound-file writer, read back by olefile with its strictest defect checks."""

from __future__ import annotations

import io
import os

import olefile
import pytest

from ratecalc_addin.cfb_writer import (
    _BLACK,
    _RED,
    NOSTREAM,
    build_compound_file,
)


def open_strict(data: bytes) -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def test_streams_of_every_size_read_back():
    streams = {
        "PROJECT": b"P" * 569,
        "PROJECTwm": b"W" * 161,
        "VBA/dir": os.urandom(1278),
        "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x03\x00",
        "VBA/Empty": b"",
        "VBA/Exactly4096": os.urandom(4096),  # the first size kept out of the mini stream
        "VBA/Just4095": os.urandom(4095),
        "VBA/Large": os.urandom(70_000),
    }
    streams.update({f"VBA/Module{i}": os.urandom(i * 397) for i in range(40)})
    data = build_compound_file(streams)
    assert len(data) % 512 == 0
    ole = open_strict(data)
    try:
        assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
        for path, content in streams.items():
            assert ole.openstream(path).read() == content, path
        assert ole.get_type("VBA") == olefile.STGTY_STORAGE
        assert ole.get_size("VBA/Exactly4096") == 4096
    finally:
        ole.close()


def test_long_names_are_refused():
    with pytest.raises(ValueError, match="31 characters"):
        build_compound_file({"A" * 32: b"x"})


def _entries(data: bytes) -> list[olefile.olefile.OleDirectoryEntry]:
    ole = open_strict(data)
    try:
        return [e for e in ole.direntries if e is not None]
    finally:
        ole.close()


def _key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 40])
def test_sibling_trees_are_valid_red_black_trees(count: int):
    # [MS-CFB] 2.6.4: each storage's children form a red-black tree ordered by name length then
    # upper-case name; checked here independently of how the writer builds it.
    data = build_compound_file({f"VBA/m{i:02d}{'x' * (i % 3)}": b"." for i in range(count)})
    by_sid = {e.sid: e for e in _entries(data)}
    storage = next(e for e in by_sid.values() if e.name == "VBA")

    def walk(
        sid: int, low: tuple[int, str] | None, high: tuple[int, str] | None, parent_red: bool
    ) -> tuple[int, int]:
        """(black height, node count) of the subtree; asserts order and colour rules."""
        if sid == NOSTREAM:
            return 1, 0
        node = by_sid[sid]
        key = _key(node.name)
        assert low is None or key > low
        assert high is None or key < high
        red = node.color == _RED
        assert not (red and parent_red), "two red nodes in a row"
        left_h, left_n = walk(node.sid_left, low, key, red)
        right_h, right_n = walk(node.sid_right, key, high, red)
        assert left_h == right_h, "black heights differ"
        return left_h + (0 if red else 1), left_n + right_n + 1

    root = by_sid[storage.sid_child]
    assert root.color == _BLACK
    _, nodes = walk(storage.sid_child, None, None, False)
    assert nodes == count
