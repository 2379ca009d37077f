"""Files written together are checked together (hostile-tester report, item 2).

``analyze --out DIR`` over an earlier run whose ``summary.json`` was made read-only replaced five
CSVs and then failed: the folder's files disagreed and the message did not say so. Every target
is now checked before any is written; a write that still fails part-way names the files already
replaced.
"""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path

import pytest

import ratecalc.report
from ratecalc.atomic import atomic_write, writing_together
from ratecalc.errors import InputError
from ratecalc.output_kinds import CSV
from ratecalc_cli.main import ExitCode, main


@pytest.fixture(scope="module")
def demo_folder() -> Path:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        yield Path(folder)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_read_only_target_stops_analyze_before_any_file_is_replaced(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mix"
    assert main(["analyze", str(demo_folder), "--out", str(out)]) == 0
    for name in ("summary.json", "renewals.ics"):
        (out / name).chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    for name in ("priorities.csv", "comparison.csv"):  # mark the earlier run's tables
        (out / name).write_text("earlier run\n")
    before = contents(out)
    capsys.readouterr()
    assert main(["analyze", str(demo_folder), "--out", str(out), "--json"]) == \
        ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert contents(out) == before  # not one file replaced
    assert "read-only" in err and str(out / "renewals.ics") in err


def test_a_write_failing_part_way_names_the_files_already_replaced(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "summary.json"))

    monkeypatch.setattr(ratecalc.report, "write_summary", full_disk)
    out = tmp_path / "out"
    assert main(["analyze", str(demo_folder), "--out", str(out)]) == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert "No space left on device" in err
    assert "already replaced" in err
    replaced, _, rest = err.partition("already replaced")[2].partition("not written")
    for name in ("priorities.csv", "comparison.csv", "renewals.ics"):
        assert str(out / name) in replaced
    assert str(out / "summary.json") in rest and str(out / "summary.json") not in replaced
    assert "run the command again" in err


def test_writing_together_checks_every_target_first(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    second.write_bytes(b"PK\x03\x04 not a table")
    with pytest.raises(InputError, match="b.csv"), writing_together([(first, CSV),
                                                                       (second, CSV)]):
        atomic_write(first, "x\n", kind=CSV)
    assert not first.exists()


def test_writing_together_passes_a_first_failure_through(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="disk"), writing_together([(tmp_path / "a.csv", CSV)]):
        raise OSError("disk")
