"""Time the RATEGAP worksheet function the way Excel calls it, against the core called directly.

Excel's VBA wrapper calls xlwings' COM server (``XLPython.CallUDF``), which converts the arguments
(``call_udf`` and xlwings' conversion pipeline), runs the UDF and converts the result back. This
script runs that same Python path (pywin32 stood in for, as in tests/addin/win32_stubs.py), so it
measures everything Python does for a cell; the COM round trip and Excel's own work are not here.

Baselines in the same run: the same call to a UDF that returns at once (what xlwings itself
costs: argument conversion, module lookup, call), and ``ratecalc.gap.rate_gap`` on the same
numbers (one pair of floats; 10,000-element arrays).

Goals: under 50 microseconds per scalar call; under 20 ms for a 10,000-cell range.

Run: ``python benchmarks/bench_udfs.py``.
"""

from __future__ import annotations

import sys
import time
import types
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


def _noop_module() -> str:
    """A UDF module whose RATEGAP twin returns at once: xlwings' own cost of the same call."""
    from ratecalc_addin.xlwings_classic import arg, func, ret

    @func
    @arg("payer_rate", ndim=2, err_to_str=True)
    @arg("benchmark", ndim=2, err_to_str=True)
    @arg("show_as", err_to_str=True)
    @ret("raw")
    def RATEGAP(payer_rate, benchmark, show_as="dollars"):  # noqa: N802 - Excel's name
        return [[0.0]]

    module = types.ModuleType("bench_noop_udfs")
    module.__file__ = __file__  # xlwings checks the file's time on every call, as for ours
    module.RATEGAP = RATEGAP
    sys.modules[module.__name__] = module
    return module.__name__


def main() -> None:
    _, _, com_server = win32_stubs.install()
    try:
        server = com_server.XLPython()
        noop = _noop_module()

        def udf(*args: object, module: str = "ratecalc_addin") -> object:
            return server.CallUDF(module, "RATEGAP", args)

        assert abs(udf(26.83, 31.5, MISSING) - 4.67) < 1e-9
        scalar = {
            "udf": per_call(lambda: udf(26.83, 31.5, MISSING), 2000),
            "xlwings": per_call(lambda: udf(26.83, 31.5, MISSING, module=noop), 2000),
            "core": per_call(lambda: rate_gap(26.83, 31.5), 2000),
        }

        rng = np.random.default_rng(7)
        payer = rng.uniform(10, 150, CELLS).round(2)
        bench = (payer * rng.uniform(0.8, 1.3, CELLS)).round(2)
        # A 10,000 x 1 range as COM hands it over: a tuple of one-value row tuples.
        payer_cells = tuple((float(x),) for x in payer)
        bench_cells = tuple((float(x),) for x in bench)
        result = udf(payer_cells, bench_cells, MISSING)
        assert len(result) == CELLS and abs(result[0][0] - (bench[0] - payer[0])) < 1e-9
        two = {
            "udf": per_call(lambda: udf(payer_cells, bench_cells, MISSING), 5),
            "xlwings": per_call(lambda: udf(payer_cells, bench_cells, MISSING, module=noop), 5),
            "core": per_call(lambda: rate_gap(payer, bench), 20),
        }
        one = {
            "udf": per_call(lambda: udf(payer_cells, 31.5, MISSING), 5),
            "xlwings": per_call(lambda: udf(payer_cells, 31.5, MISSING, module=noop), 5),
            "core": per_call(lambda: rate_gap(payer, 31.5), 20),
        }
    finally:
        win32_stubs.uninstall()

    def verdict(value: float, goal: float) -> str:
        return "OK" if value < goal else "OVER GOAL"

    print("RATEGAP through xlwings' COM-server path (Python side only), best of 5")
    print(
        f"  one cell            {scalar['udf'] * 1e6:8.1f} us  goal < {SCALAR_GOAL_US:.0f} us "
        f"{verdict(scalar['udf'] * 1e6, SCALAR_GOAL_US)}"
    )
    print(
        f"    xlwings alone     {scalar['xlwings'] * 1e6:8.1f} us  (same call, a UDF that "
        f"returns at once)"
    )
    print(f"    core rate_gap     {scalar['core'] * 1e6:8.1f} us")
    for label, t in (
        (f"{CELLS:,} x 1 against {CELLS:,} x 1", two),
        (f"{CELLS:,} x 1 against one cell", one),
    ):
        print(
            f"  {label:<30}{t['udf'] * 1e3:7.2f} ms  goal < {RANGE_GOAL_MS:.0f} ms "
            f"{verdict(t['udf'] * 1e3, RANGE_GOAL_MS)}"
        )
        print(
            f"    xlwings alone     {t['xlwings'] * 1e3:8.2f} ms  (argument conversion and "
            f"call overhead)"
        )
        print(f"    core rate_gap     {t['core'] * 1e3:8.3f} ms  (numpy arrays)")


if __name__ == "__main__":
    main()
