"""A file the user names is read only when it is a regular file: a named pipe (FIFO) given as a
fee schedule, a table, an offer file or a workbook hung the command for ever (its open waits for
a writer), and is refused by name (ratecalc/regular_files.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

#: Each reader, run in a process of its own, since the old open waited for ever.
READERS = {
    "csv": ("from ratecalc.loaders import read_grid; read_grid(PATH)",
            "rates.csv' is a named pipe (FIFO), not a file; expected a CSV file"),
    "xlsx": ("from ratecalc.loaders import read_grid; read_grid(PATH)",
             "rates.xlsx' is a named pipe (FIFO), not a file; expected an Excel workbook "
             "(.xlsx)"),
    "tic": ("from ratecalc.market_rates.source import TicSource; TicSource(PATH)",
            "is a named pipe (FIFO), not a file; only files are read"),
}


@pytest.mark.parametrize("kind", sorted(READERS))
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"rates.{'json' if kind == 'tic' else kind}"
    os.mkfifo(path)
    code, expected = READERS[kind]
    program = (f"from pathlib import Path\nPATH = Path({str(path)!r})\n"
               f"from ratecalc.errors import InputError\ntry:\n    {code}\n"
               f"except InputError as exc:\n    print(exc)\n")
    try:
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                              timeout=60, cwd=Path(__file__).resolve().parents[2])
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading a named pipe as {kind} waited for a writer")
    assert expected in done.stdout, done.stdout + done.stderr
