"""Two commands changing one workbook: the second is refused, no update is lost
(hostile-tester report, item 3).

Two ``import fee-schedule --workbook conc.xlsx`` at once both reported success and one payer's
rows were lost: each read the workbook, added its rows and saved over the other's. A lock file
beside the workbook now lets one command change it at a time, and a save refuses when the file
changed since it was read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook.safety import (
    STALE_LOCK_SECONDS,
    WorkbookBusy,
    changing,
    lock_file,
    save_changes,
)
from tests.workbook.conftest import open_book

PAYER = "Summit BlueCare PPO"
ROWS = "code,rate\n97110,41.11\n97112,42.22\n"


@pytest.fixture
def book(demo_new_book: Path, tmp_path: Path) -> Path:
    return shutil.copyfile(demo_new_book, tmp_path / "conc.xlsx")


@pytest.fixture
def other_process() -> subprocess.Popen[bytes]:
    """A live process that is not this one, to own a lock file."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc
    proc.kill()
    proc.wait()


def hold_lock(book: Path, pid: int, host: str | None = None) -> Path:
    import socket

    lock = lock_file(book)
    lock.write_text(f"{pid} {host or socket.gethostname()} {time.time():.0f}\n")
    return lock


def import_rows(tmp_path: Path, book: Path) -> int:
    source = tmp_path / "fsA.csv"
    source.write_text(ROWS)
    return main(["import", "fee-schedule", str(source), "--payer", PAYER, "--workbook",
                 str(book), "--effective-date", "2030-01-01"])


def test_a_workbook_another_command_is_changing_is_refused_and_left_alone(
        tmp_path: Path, book: Path, other_process: subprocess.Popen[bytes],
        capsys: pytest.CaptureFixture[str]) -> None:
    before = book.read_bytes()
    lock = hold_lock(book, other_process.pid)
    assert import_rows(tmp_path, book) == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert "is being changed by another RateCalc command; try again" in err
    assert book.read_bytes() == before
    assert lock.exists()  # the other command's lock is not ours to remove
    assert not (tmp_path / "RateCalc backups").exists()
    assert main(["refresh", str(book)]) == ExitCode.INPUT_ERROR
    assert "another RateCalc command" in capsys.readouterr().err
    assert book.read_bytes() == before


def test_a_lock_left_by_a_dead_process_or_too_old_is_taken_over(
        tmp_path: Path, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    hold_lock(book, dead.pid)
    assert import_rows(tmp_path, book) == ExitCode.OK
    assert not lock_file(book).exists()
    ws = open_book(book)["Fee Schedules"]
    assert 41.11 in {c.value for row in ws.iter_rows() for c in row}
    lock = hold_lock(book, os.getppid(), host="another-host")  # alive, or elsewhere: kept
    old = lock.stat().st_mtime - STALE_LOCK_SECONDS - 60  # on the file system's clock
    os.utime(lock, (old, old))
    assert main(["refresh", str(book)]) == ExitCode.OK
    assert not lock_file(book).exists()


def test_the_lock_names_this_machine_as_socket_does(book: Path) -> None:
    # the name is read from os.uname() where there is one: a lock written by a command that
    # took it from socket.gethostname() (an earlier RateCalc) must still be known as this
    # machine's, or a lock left by a killed command here would never be taken over
    import socket

    with changing(book):
        words = lock_file(book).read_text(encoding="utf-8").split()
    assert words[:2] == [str(os.getpid()), socket.gethostname()]


def test_the_lock_is_removed_after_a_refusal_too(tmp_path: Path, book: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("code,rate\n97110,abc\n")
    main(["import", "fee-schedule", str(source), "--payer", PAYER, "--workbook", str(book)])
    assert not lock_file(book).exists()
    assert [p.name for p in book.parent.iterdir() if p.name.startswith(".")] == []


def test_a_file_changed_between_read_and_save_is_not_saved_over(book: Path) -> None:
    wb = open_book(book)
    with changing(book):
        other = open_book(book)
        other["Clinic"]["B3"] = "saved by someone else"
        other.save(book)  # another program saves meanwhile
        stamp = book.stat().st_mtime_ns
        os.utime(book, ns=(stamp + 10**9, stamp + 10**9))
        theirs = book.read_bytes()
        with pytest.raises(WorkbookBusy, match="changed by another program"):
            save_changes(wb, book, datetime.now())
    assert book.read_bytes() == theirs


def test_two_imports_at_once_lose_no_rows(tmp_path: Path, book: Path) -> None:
    """Two processes: each import either adds its rows or is refused in words; none is lost."""
    for name, rate in (("a", "51.11"), ("b", "52.22")):
        (tmp_path / f"fs{name}.csv").write_text(f"code,rate\n97110,{rate}\n")
    payers = {"a": PAYER, "b": "Keystone Health Plan"}
    procs = {name: subprocess.Popen(
        [sys.executable, "-m", "ratecalc_cli.main", "import", "fee-schedule",
         str(tmp_path / f"fs{name}.csv"), "--payer", payers[name], "--workbook", str(book),
         "--effective-date", "2030-01-01"], stderr=subprocess.PIPE, stdout=subprocess.PIPE)
        for name in ("a", "b")}
    results = {}
    for name, proc in procs.items():
        _, err = proc.communicate(timeout=120)
        results[name] = (proc.returncode, err.decode())
    values = {c.value for row in open_book(book)["Fee Schedules"].iter_rows() for c in row}
    for name, rate in (("a", 51.11), ("b", 52.22)):
        code, err = results[name]
        if code == 0:
            assert rate in values, f"{name} reported success but its row is gone"
        else:
            assert code == ExitCode.INPUT_ERROR and "try again" in err, err
            assert rate not in values
    assert not lock_file(book).exists()


def _machine_clock_off_by(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """This machine's clock ``seconds`` off the file system's (a network share's server)."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def test_a_live_lock_on_a_share_whose_clock_is_behind_is_not_taken_over(
        book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a lock another machine wrote just now, on a share two hours behind this machine: its age
    # is read on the share's clock, so the other command keeps it and this one is refused
    lock = hold_lock(book, os.getppid(), host="another-host")
    before = book.read_bytes()
    _machine_clock_off_by(monkeypatch, 2 * 3600)
    with (pytest.raises(WorkbookBusy, match="is being changed by another RateCalc command"),
          changing(book)):
        pass
    assert lock.exists()
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir() if p.name.startswith(".")) == [lock.name]


def test_an_old_lock_on_a_share_whose_clock_is_ahead_is_taken_over(
        book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # left by a killed command on another machine, older than the limit on the share's clock,
    # with this machine two hours behind the share: still taken over
    lock = hold_lock(book, os.getppid(), host="another-host")
    old = lock.stat().st_mtime - STALE_LOCK_SECONDS - 60  # on the file system's clock
    os.utime(lock, (old, old))
    _machine_clock_off_by(monkeypatch, -2 * 3600)
    with changing(book):
        assert lock.read_text(encoding="utf-8").split()[:1] == [str(os.getpid())]
    assert not lock.exists()
