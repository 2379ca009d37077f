"""A file the user names is read only when it is a regular file: a named pipe (FIFO) given as a
fee schedule, a table, an offer file or a workbook hung the command for ever (its open waits for
a writer), and is refused by name (ratecalc/regular_files.py)."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.loaders import read_grid
from ratecalc.market_rates.source import TicSource

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

#: Each reader, called on a thread of this process; a reader that waits in the open is let go
#: by a writer that opens the pipe and writes nothing (a process of its own per reader cost
#: about 0.6 CPU-s each, importing pandas again).
READERS = {
    "csv": (read_grid,
            "rates.csv' is a named pipe (FIFO), not a file; expected a CSV file"),
    "xlsx": (read_grid,
             "rates.xlsx' is a named pipe (FIFO), not a file; expected an Excel workbook "
             "(.xlsx)"),
    "tic": (TicSource,
            "is a named pipe (FIFO), not a file; only files are read"),
}


@pytest.mark.parametrize("kind", sorted(READERS))
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"rates.{'json' if kind == 'tic' else kind}"
    os.mkfifo(path)
    read, expected = READERS[kind]
    said: list[str] = []

    def reader() -> None:
        try:
            read(path)
        except InputError as exc:
            said.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            said.append(repr(exc))
        else:
            said.append("read without a refusal")

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    thread.join(60)
    if thread.is_alive():
        # it waits in the open for a writer: be one, writing nothing, so the thread ends
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(60)
        pytest.fail(f"reading a named pipe as {kind} waited for a writer")
    assert len(said) == 1 and expected in said[0], said
