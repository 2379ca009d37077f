"""A save's left-over temporaries are judged old on the clock of their folder's file system,
as a workbook's lock is: on a share whose clock is behind this machine's, a temporary another
command is writing now looked 15 minutes old and was deleted under it; on one ahead, a dead
one looked new and was kept."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ratecalc.atomic import STALE_AFTER_SECONDS, TEMP_SUFFIX, remove_stale_temporaries

#: How far this machine's clock is set from the file system's in these tests [s].
SKEW = 2 * 60 * 60


def _temporary(target: Path, name: str, age: float) -> Path:
    """A temporary of ``target`` stamped ``age`` seconds before the file system's now."""
    tmp = target.parent / f".{target.name}.{name}{TEMP_SUFFIX}"
    tmp.write_bytes(b"partial")
    stamped = tmp.stat().st_mtime - age
    os.utime(tmp, (stamped, stamped))
    return tmp


def _machine_clock(monkeypatch: pytest.MonkeyPatch, offset: float) -> None:
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + offset)


def test_a_temporary_being_written_on_a_share_whose_clock_is_behind_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "clinic.xlsx"
    fresh = _temporary(target, "running", age=0)
    _machine_clock(monkeypatch, +SKEW)
    assert remove_stale_temporaries(target) == []
    assert fresh.exists()


def test_a_dead_temporary_on_a_share_whose_clock_is_ahead_is_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "clinic.xlsx"
    stale = _temporary(target, "killed", age=STALE_AFTER_SECONDS + 60)
    fresh = _temporary(target, "running", age=0)
    _machine_clock(monkeypatch, -SKEW)
    assert remove_stale_temporaries(target) == [stale]
    assert not stale.exists() and fresh.exists()


def test_no_probe_is_left_and_none_is_made_without_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "clinic.xlsx"
    assert remove_stale_temporaries(target) == []
    _temporary(target, "running", age=0)
    assert remove_stale_temporaries(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".clinic.xlsx.running{TEMP_SUFFIX}"]
