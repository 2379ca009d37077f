"""The most memory Python held while a block ran (:mod:`tracemalloc`): what a reader keeps of
a file, measured in bytes, never as a time."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Peak:
    """The block's peak [bytes], known once it has ended."""

    bytes: int = 0


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """Trace the block's allocations; its :class:`Peak` holds the most held at once."""
    peak = Peak()
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
