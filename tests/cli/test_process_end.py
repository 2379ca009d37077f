"""How the ``ratecalc`` process ends (:func:`ratecalc_cli.main.run`): at once, once its output is
out and its exit handlers have run, without Python tearing down every module; a caller's
``main()`` returns as before. Behaviour tests, never timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main

# A command run as the process itself, with an exit handler, saying when it ends the process
# at once (os._exit) rather than by Python's own exit.
COMMAND = """\
import atexit, os, sys, threading, time
from pathlib import Path

real_exit = os._exit

def ending_at_once(code):
    os.write(2, b"ended at once\\n")
    real_exit(code)

os._exit = ending_at_once
atexit.register(lambda: Path({handler!r}).write_text("ran"))
if {thread!r}:
    def late():
        # still running when the command ends, however long the command takes: it finishes
        # only once the main thread has (Python's exit waits for it); a fixed sleep had ended
        # before a slow command on a loaded machine did, and the process then rightly ended
        # at once
        while threading.main_thread().is_alive():
            time.sleep(0.01)
        Path({thread!r}).write_text("finished")
    threading.Thread(target=late).start()
sys.argv = ["ratecalc", *{words!r}]
from ratecalc_cli.main import run
run()
"""


def _run_command(tmp_path: Path, words: list[str], *, thread: bool = False,
                 dev: bool = False) -> subprocess.CompletedProcess[str]:
    code = COMMAND.format(handler=str(tmp_path / "handler.txt"), words=words,
                          thread=str(tmp_path / "thread.txt") if thread else "")
    flags = ["-X", "dev"] if dev else []
    return subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)


LOOKUP = ["medicare", "97110", "--locality", "AL", "--date", "2025-06-01", "--json"]
NOWHERE = ["medicare", "97110", "--locality", "nowhere", "--date", "2025-06-01"]


def test_the_command_ends_without_tearing_python_down_its_output_whole(tmp_path):
    done = _run_command(tmp_path, LOOKUP)
    assert done.returncode == ExitCode.OK, done.stderr
    assert json.loads(done.stdout)  # every byte printed reached the pipe
    assert (tmp_path / "handler.txt").read_text() == "ran"  # exit handlers ran, once
    assert done.stderr.endswith("ended at once\n")  # no module was torn down


def test_a_failed_command_ends_with_its_own_status_and_message(tmp_path):
    done = _run_command(tmp_path, NOWHERE)
    assert done.returncode == ExitCode.INPUT_ERROR
    assert done.stderr.startswith("ratecalc medicare: ") and "nowhere" in done.stderr
    assert (tmp_path / "handler.txt").read_text() == "ran"
    assert done.stderr.endswith("ended at once\n")


def test_a_thread_still_running_is_waited_for_as_python_waits(tmp_path):
    done = _run_command(tmp_path, LOOKUP, thread=True)
    assert done.returncode == ExitCode.OK, done.stderr
    assert (tmp_path / "thread.txt").read_text() == "finished"
    assert (tmp_path / "handler.txt").read_text() == "ran"
    assert "ended at once" not in done.stderr


def test_under_dev_mode_python_ends_the_process_itself(tmp_path):
    # where a file left open would be reported at the teardown (ResourceWarning)
    done = _run_command(tmp_path, LOOKUP, dev=True)
    assert done.returncode == ExitCode.OK, done.stderr
    assert "ended at once" not in done.stderr
    assert (tmp_path / "handler.txt").read_text() == "ran"


def test_a_caller_of_main_gets_the_status_back(capsys: pytest.CaptureFixture[str]):
    assert main(NOWHERE) == ExitCode.INPUT_ERROR
    assert "nowhere" in capsys.readouterr().err
