"""The one rule every output follows before it replaces a file (ratecalc.kept_copies)."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.atomic import atomic_write
from ratecalc.kept_copies import (
    BACKUP_FOLDER,
    RECORD_FILE,
    backups_of,
    keep_copy,
    noting_kept,
    prune_copies,
)
from ratecalc.output_kinds import CSV

NOON = datetime(2026, 12, 4, 12, 0, 0)


def test_copies_made_in_the_same_second_are_numbered_never_replaced(tmp_path: Path) -> None:
    table = tmp_path / "proposal.csv"
    made = []
    for n in range(3):
        table.write_text(f"version {n}\n", encoding="utf-8")
        made.append(keep_copy(table, NOON))
    assert [p.name for p in made] == ["proposal 2026-12-04 120000.csv",
                                      "proposal 2026-12-04 120000 (2).csv",
                                      "proposal 2026-12-04 120000 (3).csv"]
    assert [p.read_text(encoding="utf-8") for p in backups_of(table)] == [
        "version 0\n", "version 1\n", "version 2\n"]
    assert all(p.parent == tmp_path / BACKUP_FOLDER for p in made)


def test_a_name_taken_at_the_last_moment_is_not_written_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # another command claims the copy's name between the look and the rename
    table = tmp_path / "t.csv"
    table.write_text("mine\n", encoding="utf-8")
    theirs = tmp_path / BACKUP_FOLDER / "t 2026-12-04 120000.csv"
    link = os.link

    def racing(source: str, target: str) -> None:
        if Path(target) == theirs and not theirs.exists():
            theirs.write_text("theirs\n", encoding="utf-8")
        link(source, target)

    monkeypatch.setattr("ratecalc.atomic.os.link", racing)
    made = keep_copy(table, NOON)
    assert theirs.read_text(encoding="utf-8") == "theirs\n"
    assert made.name == "t 2026-12-04 120000 (2).csv"
    assert made.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("before", "copied"), [
    (None, False),         # nothing there
    ("", False),           # an empty file holds nothing to lose
    ("new\n", False),      # the very bytes about to be written
    ("a,b\n1,2\n", True),  # the user's own table
])
def test_what_is_kept_before_an_output_replaces_it(
        tmp_path: Path, before: str | None, copied: bool) -> None:
    table = tmp_path / "medicare.csv"
    if before is not None:
        table.write_text(before, encoding="utf-8")
    with noting_kept() as kept:
        atomic_write(table, "new\n", kind=CSV)
    assert table.read_text(encoding="utf-8") == "new\n"
    assert [c.read_text(encoding="utf-8") for c in backups_of(table)] == (
        [before] if copied else [])
    assert kept == ([(table, backups_of(table)[0])] if copied else [])


def test_an_output_recorded_and_unchanged_is_replaced_without_a_copy(tmp_path: Path) -> None:
    table = tmp_path / "proposal.csv"
    atomic_write(table, "first\n", kind=CSV)
    atomic_write(table, "second\n", kind=CSV)
    assert backups_of(table) == []
    assert (tmp_path / RECORD_FILE).is_file()
    table.write_text("second, edited\n", encoding="utf-8")
    atomic_write(table, "third\n", kind=CSV)
    assert [c.read_text(encoding="utf-8") for c in backups_of(table)] == ["second, edited\n"]


def test_a_damaged_record_counts_every_file_as_the_users(tmp_path: Path) -> None:
    table = tmp_path / "proposal.csv"
    atomic_write(table, "first\n", kind=CSV)
    (tmp_path / RECORD_FILE).write_text("{not json", encoding="utf-8")
    atomic_write(table, "second\n", kind=CSV)
    assert [c.read_text(encoding="utf-8") for c in backups_of(table)] == ["first\n"]


# A run of RateCalc writes and user edits to one file, in any order: whatever the user had in
# the file when RateCalc replaced it is still on the disk afterwards, in a copy.
_steps = st.lists(st.tuples(st.sampled_from(["ratecalc", "user"]),
                            st.text(alphabet="abc,\n", min_size=1, max_size=6)),
                  min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(_steps)
def test_nothing_a_user_wrote_is_ever_lost(steps: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "priorities.csv"
        replaced: list[str] = []
        ours = None  # what RateCalc last wrote: the same text again is nothing of the user's
        for who, text in steps:
            if who == "user":
                table.write_bytes(text.encode())
                continue
            there = table.read_bytes().decode() if table.exists() else None
            if there is not None and there not in (text, ours):
                replaced.append(there)
            atomic_write(table, text, kind=CSV)
            ours = text
        copies = [p.read_bytes().decode() for p in backups_of(table)]
        assert copies == replaced  # each user's version once, oldest first; nothing else


@settings(max_examples=40, deadline=None)
@given(minutes=st.lists(st.integers(0, 60 * 24 * 365), min_size=1, max_size=12),
       kept=st.integers(1, 14), others=st.lists(st.sampled_from(
           ["proposal notes.csv", "proposal.csv", "proposal 2026-12-04.csv",
            "proposal 2 2026-12-04 120000.csv", "proposal 2026-12-04 120000.csv.txt"]),
           unique=True))
def test_pruning_keeps_the_newest_copies_and_nothing_else_goes(
        minutes: list[int], kept: int, others: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "proposal.csv"
        (Path(folder) / BACKUP_FOLDER).mkdir()
        for name in others:
            (Path(folder) / BACKUP_FOLDER / name).write_text("the user's\n", encoding="utf-8")
        made = []
        for minute in minutes:  # in any order of time, some in the same minute
            table.write_text(f"{minute}\n", encoding="utf-8")
            made.append(keep_copy(table, NOON + timedelta(minutes=minute)))
        newest = made[-1]
        removed = prune_copies(table, kept, made=newest)
        # oldest first: by the time each was named for, those of one second as they were made
        # (numbered in that order)
        by_time = [p for _, p in sorted(zip(minutes, made, strict=True), key=lambda m: m[0])]
        rest = [p for p in by_time if p != newest]
        expected_gone = rest[:max(len(rest) + 1 - kept, 0)]
        assert sorted(removed) == sorted(expected_gone)
        assert sorted(backups_of(table)) == sorted(set(made) - set(expected_gone))
        assert newest.exists()
        assert all((Path(folder) / BACKUP_FOLDER / name).read_text(encoding="utf-8")
                   == "the user's\n" for name in others)


def test_keeping_no_copy_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="1 or more, got 0"):
        prune_copies(tmp_path / "proposal.csv", 0)
