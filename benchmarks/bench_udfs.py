"""Time the RATEGAP worksheet function the way Excel calls it, against the core called directly.

Excel's VBA wrapper calls xlwings' COM server (``XLPython.CallUDF``), which converts the arguments
(``call_udf`` and xlwings' conversion pipeline), runs the UDF and converts the result back. This
script runs that same Python path (pywin32 stood in for, as in tests/addin/win32_stubs.py), so it
measures everything Python does for a cell; the COM round trip and Excel's own work are not here.

Baselines in the same run: ``ratecalc.gap.rate_gap`` on one pair of floats, and on two
10,000-element arrays.

Goals: under 50 microseconds per scalar call; under 20 ms for a 10,000-cell range.

Run: ``python benchmarks/bench_udfs.py``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.addin.win32_stubs

from ratecalc.gap import rate_gap  # noqa: E402
from tests.addin import win32_stubs  # noqa: E402

MISSING = -2147352572  # an omitted Optional argument, as VBA passes it
SCALAR_GOAL_US = 50.0
RANGE_GOAL_MS = 20.0
CELLS = 10_000


def per_call(fn: Callable[[], object], calls: int, repeat: int = 5) -> float:
    """Best-of-``repeat`` seconds per call over ``calls`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def main() -> None:
    _, _, com_server = win32_stubs.install()
    try:
        server = com_server.XLPython()

        def udf(*args: object) -> object:
            return server.CallUDF("ratecalc_addin", "RATEGAP", args)

        assert abs(udf(26.83, 31.5, MISSING) - 4.67) < 1e-9
        scalar_udf = per_call(lambda: udf(26.83, 31.5, MISSING), 2000)
        scalar_core = per_call(lambda: rate_gap(26.83, 31.5), 2000)

        rng = np.random.default_rng(7)
        payer = rng.uniform(10, 150, CELLS).round(2)
        bench = (payer * rng.uniform(0.8, 1.3, CELLS)).round(2)
        # A 10,000 x 1 range as COM hands it over: a tuple of one-value row tuples.
        payer_cells = tuple((float(x),) for x in payer)
        bench_cells = tuple((float(x),) for x in bench)
        result = udf(payer_cells, bench_cells, MISSING)
        assert len(result) == CELLS and abs(result[0][0] - (bench[0] - payer[0])) < 1e-9
        range_udf = per_call(lambda: udf(payer_cells, bench_cells, MISSING), 5)
        range_core = per_call(lambda: rate_gap(payer, bench), 20)
        range_pct = per_call(lambda: udf(payer_cells, bench_cells, "pct"), 5)
    finally:
        win32_stubs.uninstall()

    print("RATEGAP through xlwings' COM-server path (Python side only)")
    print(f"  one cell:      {scalar_udf * 1e6:8.1f} us per call   "
          f"(core rate_gap alone {scalar_core * 1e6:.1f} us; goal < {SCALAR_GOAL_US:.0f} us) "
          f"{'OK' if scalar_udf * 1e6 < SCALAR_GOAL_US else 'OVER GOAL'}")
    print(f"  {CELLS:,} cells:  {range_udf * 1e3:8.2f} ms per call   "
          f"(core rate_gap on arrays {range_core * 1e3:.3f} ms; goal < {RANGE_GOAL_MS:.0f} ms) "
          f"{'OK' if range_udf * 1e3 < RANGE_GOAL_MS else 'OVER GOAL'}")
    print(f"  {CELLS:,} cells, show_as=\"pct\": {range_pct * 1e3:.2f} ms per call")


if __name__ == "__main__":
    main()
