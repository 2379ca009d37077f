"""Every line a command prints passes through :func:`ratecalc.terminal_text.terminal_text`.

Its messages, tables and errors quote text from data (a payer name, a plan name, a file, sheet
or cell): a filter over stdout and stderr for the whole command, argparse's own errors included,
rather than a call at each of the hundred places that print, none of which can then be missed.
JSON (``--json``) passes through unchanged: ``json.dump`` writes every such character as a
``\\u`` escape already.

Progress bars (tqdm) are the one writer that needs a carriage return and cursor moves: they are
given the stream beneath the filter (:func:`progress_stream`), and their labels, which name
files, go through :func:`ratecalc.terminal_text.terminal_text` themselves.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from ratecalc.terminal_text import terminal_text


class InertStream:
    """A text stream writing to ``stream`` what :func:`terminal_text` makes of each write; every
    other attribute (``isatty``, ``encoding``, ``fileno``, ``flush``) is ``stream``'s."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(terminal_text(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


@contextmanager
def inert_output() -> Iterator[None]:
    """stdout and stderr filtered for the block; then each put back, unless the block replaced
    it (a closed pipe's stdout becomes os.devnull, which stays)."""
    out, err = InertStream(sys.stdout), InertStream(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        if sys.stdout is out:
            sys.stdout = out.unfiltered
        if sys.stderr is err:
            sys.stderr = err.unfiltered


def progress_stream() -> TextIO:
    """stderr beneath the filter, for a progress bar's carriage returns and cursor moves."""
    return getattr(sys.stderr, "unfiltered", sys.stderr)
