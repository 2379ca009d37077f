"""The record of RateCalc's outputs is hidden on Windows too (ratecalc.hidden_files).

The Windows call itself (``SetFileAttributesW``) cannot run here: these tests stand in for the
platform check and the attribute setter, and check that every write of the record asks for it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import ratecalc.hidden_files as hidden_files
from ratecalc.atomic import atomic_write
from ratecalc.kept_copies import RECORD_FILE
from ratecalc.output_kinds import CSV


def _hidden_calls(monkeypatch: pytest.MonkeyPatch, *, windows: bool) -> list[Path]:
    calls: list[Path] = []

    def setter(path: Path) -> bool:
        calls.append(Path(path))
        return True

    monkeypatch.setattr(hidden_files, "_on_windows", lambda: windows)
    monkeypatch.setattr(hidden_files, "_set_hidden", setter)
    return calls


def test_the_record_is_hidden_after_each_write_on_windows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _hidden_calls(monkeypatch, windows=True)
    atomic_write(tmp_path / "medicare.csv", "code\n97110\n", kind=CSV)
    atomic_write(tmp_path / "proposal.csv", "code\n97140\n", kind=CSV)
    record = tmp_path / RECORD_FILE
    assert record.is_file()
    # a rename over the old record makes a new file: hidden again at each write
    assert calls == [record, record]
    # the outputs themselves are the user's to see
    assert tmp_path / "medicare.csv" not in calls


def test_nothing_is_asked_of_other_systems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _hidden_calls(monkeypatch, windows=False)
    atomic_write(tmp_path / "medicare.csv", "code\n97110\n", kind=CSV)
    assert (tmp_path / RECORD_FILE).is_file() and calls == []


def test_a_record_that_cannot_be_hidden_does_not_stop_the_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refusing(path: Path) -> bool:
        raise PermissionError(13, "denied", str(path))

    monkeypatch.setattr(hidden_files, "_on_windows", lambda: True)
    monkeypatch.setattr(hidden_files, "_set_hidden", refusing)
    atomic_write(tmp_path / "medicare.csv", "code\n97110\n", kind=CSV)
    assert (tmp_path / "medicare.csv").read_text(encoding="utf-8") == "code\n97110\n"
    assert (tmp_path / RECORD_FILE).is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="the dot does not hide a file there")
def test_elsewhere_the_dot_hides_it_and_no_windows_call_is_made(tmp_path: Path) -> None:
    path = tmp_path / RECORD_FILE
    path.write_text("{}", encoding="utf-8")
    assert not hidden_files._on_windows()
    hidden_files.hide(path)
    assert hidden_files._set_hidden(path) is False and path.is_file()
