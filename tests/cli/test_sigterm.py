"""SIGTERM during ``refresh`` ends it as Ctrl-C does: the workbook as it was, no lock file and no
temporary left, and a line that says so. Before, the process died in silence and left both (the
next run recovered them). Run in a process of its own: the handler is the command's process's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ratecalc.atomic import TEMP_SUFFIX
from ratecalc_cli.main import ExitCode

# The command's own process, as `ratecalc refresh BOOK` runs it, sent SIGTERM while the new
# workbook is being written (the temporary file is there, the lock held).
_REFRESH_KILLED_MID_SAVE = """
import os, signal, sys
import ratecalc_workbook.ignored_errors as ignored
from ratecalc_cli.main import main

real = ignored.save_with_ignored_errors

def save_then_sigterm(wb, path):
    real(wb, path)
    os.kill(os.getpid(), signal.SIGTERM)

ignored.save_with_ignored_errors = save_then_sigterm
sys.argv = ["ratecalc", "refresh", sys.argv[1]]
sys.exit(main())
"""


def test_sigterm_during_refresh_cleans_up_and_says_so(tmp_path: Path, demo_workbook: Path
                                                      ) -> None:
    book = tmp_path / "k.xlsx"
    shutil.copyfile(demo_workbook, book)
    before = book.read_bytes()
    done = subprocess.run([sys.executable, "-c", _REFRESH_KILLED_MID_SAVE, str(book)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == ExitCode.TERMINATED  # before: -15, killed by the signal
    assert book.read_bytes() == before
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert left == []  # no lock file, no .rctmp
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(TEMP_SUFFIX)]
    [backup] = (tmp_path / "RateCalc backups").iterdir()
    assert done.stderr.endswith(
        "ratecalc refresh: interrupted; these files were already written in full:\n"
        f"  {backup}\n")
