"""Timing shared by the benchmark scripts (run as ``python benchmarks/NAME.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeat: int = 3,
            clock: Callable[[], float] = time.perf_counter) -> tuple[float, Any]:
    """Fastest time of ``repeat`` calls [s] by ``clock`` (wall time unless told, e.g.
    ``time.process_time`` for CPU time on a shared machine), and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = clock()
        result = fn()
        best = min(best, clock() - start)
    return best, result
