"""The files :func:`ratecalc.atomic.atomic_path` finishes are noted for the blocks that ask."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.atomic import atomic_path, atomic_write, noting_written


def test_each_open_block_notes_the_files_finished_in_it(tmp_path: Path) -> None:
    first, second, third = (tmp_path / name for name in ("a.csv", "b.csv", "c.csv"))
    atomic_write(first, "before any block\n")
    with noting_written() as outer:
        atomic_write(first, "one\n")
        with noting_written() as inner:
            atomic_write(second, "two\n")
        atomic_write(third, "three\n")
    atomic_write(third, "after the blocks\n")
    assert outer == [first, second, third]
    assert inner == [second]


def test_a_write_stopped_part_way_is_not_noted_and_leaves_the_file(tmp_path: Path) -> None:
    target = tmp_path / "kept.csv"
    atomic_write(target, "old\n")
    with noting_written() as written, pytest.raises(KeyboardInterrupt), \
            atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt
    assert written == []
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.csv"]


def test_a_block_closed_inside_another_with_equal_notes_leaves_the_other_open(
        tmp_path: Path) -> None:
    # both lists are empty when the inner block ends: the inner one is the one that goes
    with noting_written() as outer:
        with noting_written() as inner:
            pass
        atomic_write(tmp_path / "a.csv", "one\n")
    assert outer == [tmp_path / "a.csv"] and inner == []
