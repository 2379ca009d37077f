"""Time the RATEGAP worksheet function the way Excel calls it, against the core called directly.

Excel's VBA wrapper calls xlwings' COM server (``XLPython.CallUDF``), which converts the arguments
(``call_udf`` and xlwings' conversion pipeline), runs the UDF and converts the result back. This
script runs that same Python path (pywin32 stood in for, as in tests/addin/win32_stubs.py), so it
measures everything Python does for a cell; the COM round trip and Excel's own work are not here.

Rows of each case, timed in the same run, their rounds interleaved (a round times each row once;
the best round of each row is printed), by CPU time (``time.process_time``: other work on a shared
machine stretches wall time, not this process's CPU time):

- ``udf``: RATEGAP as the add-in declares it (range arguments through xlwings' ``raw``
  converter, cells cleaned by ``ratecalc_addin.excel_values`` where they need it).
- ``before``: the same function with its ranges declared as before the raw converter (xlwings'
  default converter, ``ndim=2, err_to_str=True``: tests/addin/default_converter.py).
- ``xlwings``: a UDF of RATEGAP's declarations that returns at once (what xlwings itself costs:
  argument conversion, module lookup, call, result conversion of one cell).
- ``core``: ``ratecalc.gap.rate_gap`` on the same numbers (one pair of floats; 10,000-element
  arrays).

Goals: under 50 microseconds per scalar call; under 20 ms for a 10,000-cell range.

Also, with no goal: PCT_OF_MEDICARE given a whole column (``A:A``, which Excel hands over as
1,048,576 rows: two values, then empty cells) against one cell of each other argument, ``udf``
only, best of ``--column-rounds`` calls (one took 6.5 CPU-s before its empty rows were
computed once).

Run: ``python benchmarks/bench_udfs.py [--rounds N] [--column-rounds N]`` (default 15 and 3).
"""

from __future__ import annotations

import argparse
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.addin

from ratecalc.gap import rate_gap  # noqa: E402
from tests.addin import default_converter, win32_stubs  # noqa: E402

MISSING = -2147352572  # an omitted Optional argument, as VBA passes it
SCALAR_GOAL_US = 50.0
RANGE_GOAL_MS = 20.0
CELLS = 10_000
EXCEL_ROWS = 1_048_576


def interleaved(
    rows: dict[str, Callable[[], object]], calls: dict[str, int], rounds: int
) -> dict[str, float]:
    """Best CPU seconds per call of each row; each round times every row once, in turn."""
    best = dict.fromkeys(rows, float("inf"))
    for _ in range(rounds):
        for name, fn in rows.items():
            start = time.process_time()
            for _ in range(calls[name]):
                fn()
            best[name] = min(best[name], (time.process_time() - start) / calls[name])
    return best


def _noop_module() -> str:
    """A UDF module whose RATEGAP twin, declared as RATEGAP is, returns at once: xlwings' own
    cost of the same call."""
    from ratecalc_addin import RATEGAP as real
    from ratecalc_addin.xlwings_classic import arg, func, ret

    def RATEGAP(payer_rate: Any, benchmark: Any, show_as: Any = "dollars") -> Any:  # noqa: N802
        return [[0.0]]

    info = real.__xlfunc__
    for argument in info["args"]:
        RATEGAP = arg(argument["name"], **argument["options"])(RATEGAP)  # noqa: N806
    RATEGAP = func(ret(**info["ret"]["options"])(RATEGAP))  # noqa: N806
    module = types.ModuleType("bench_noop_udfs")
    module.__file__ = __file__  # xlwings checks the file's time on every call, as for ours
    module.RATEGAP = RATEGAP  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--column-rounds", type=int, default=3)
    options = parser.parse_args()
    rounds = options.rounds
    _, _, com_server = win32_stubs.install()
    try:
        server = com_server.XLPython()
        modules = {
            "udf": "ratecalc_addin",
            "before": default_converter.install(),
            "xlwings": _noop_module(),
        }

        def case(*args: object, core: Callable[[], object]) -> dict[str, Callable[[], object]]:
            rows: dict[str, Callable[[], object]] = {
                name: (lambda m=module: server.CallUDF(m, "RATEGAP", args))
                for name, module in modules.items()
            }
            rows["core"] = core
            return rows

        assert abs(server.CallUDF("ratecalc_addin", "RATEGAP", (26.83, 31.5, MISSING)) - 4.67) \
            < 1e-9
        scalar = interleaved(
            case(26.83, 31.5, MISSING, core=lambda: rate_gap(26.83, 31.5)),
            dict.fromkeys(("udf", "before", "xlwings", "core"), 2000),
            rounds,
        )
        # a one-cell argument given (show_as): its converter's cost, which MISSING skips
        shown_as = interleaved(
            {"udf": lambda: server.CallUDF("ratecalc_addin", "RATEGAP", (26.83, 31.5, "pct"))},
            {"udf": 2000},
            rounds,
        )

        rng = np.random.default_rng(7)
        payer = rng.uniform(10, 150, CELLS).round(2)
        bench = (payer * rng.uniform(0.8, 1.3, CELLS)).round(2)
        # A 10,000 x 1 range as COM hands it over: a tuple of one-value row tuples.
        payer_cells = tuple((float(x),) for x in payer)
        bench_cells = tuple((float(x),) for x in bench)
        for module in ("ratecalc_addin", modules["before"]):
            result = server.CallUDF(module, "RATEGAP", (payer_cells, bench_cells, MISSING))
            assert len(result) == CELLS and abs(result[0][0] - (bench[0] - payer[0])) < 1e-9
        range_calls = {"udf": 5, "before": 5, "xlwings": 5, "core": 20}
        two = interleaved(
            case(payer_cells, bench_cells, MISSING, core=lambda: rate_gap(payer, bench)),
            range_calls,
            rounds,
        )
        one = interleaved(
            case(payer_cells, 31.5, MISSING, core=lambda: rate_gap(payer, 31.5)),
            range_calls,
            rounds,
        )
        # A:A as COM hands it over; 2026-10-01, APM qualifying: 32.808 is 120% of $27.34
        column = ((32.808,), (30.0,)) + ((None,),) * (EXCEL_ROWS - 2)
        column_args = (column, "97110", "10112-00", 46296.0, MISSING, True)
        result = server.CallUDF("ratecalc_addin", "PCT_OF_MEDICARE", column_args)
        assert len(result) == EXCEL_ROWS and result[0] == [1.2] and result[-1] == [""]
        whole = interleaved(
            {"udf": lambda: server.CallUDF("ratecalc_addin", "PCT_OF_MEDICARE", column_args)},
            {"udf": 1},
            options.column_rounds,
        )
    finally:
        win32_stubs.uninstall()

    def verdict(value: float, goal: float) -> str:
        return "OK" if value < goal else "OVER GOAL"

    print(
        f"RATEGAP through xlwings' COM-server path (Python side only), CPU time, best of "
        f"{rounds} interleaved rounds"
    )
    print(
        f"  one cell            {scalar['udf'] * 1e6:8.1f} us  goal < {SCALAR_GOAL_US:.0f} us "
        f"{verdict(scalar['udf'] * 1e6, SCALAR_GOAL_US)}"
    )
    print(f"    before            {scalar['before'] * 1e6:8.1f} us  (ranges through xlwings' "
          f"default converter)")
    print(
        f"    xlwings alone     {scalar['xlwings'] * 1e6:8.1f} us  (same call, a UDF that "
        f"returns at once)"
    )
    print(f"    core rate_gap     {scalar['core'] * 1e6:8.1f} us")
    print(f"    show_as given     {shown_as['udf'] * 1e6:8.1f} us  (a one-cell argument "
          f"converted)")
    for label, t in (
        (f"{CELLS:,} x 1 against {CELLS:,} x 1", two),
        (f"{CELLS:,} x 1 against one cell", one),
    ):
        print(
            f"  {label:<30}{t['udf'] * 1e3:7.2f} ms  goal < {RANGE_GOAL_MS:.0f} ms "
            f"{verdict(t['udf'] * 1e3, RANGE_GOAL_MS)}"
        )
        print(f"    before            {t['before'] * 1e3:8.2f} ms  (ranges through xlwings' "
              f"default converter)")
        print(
            f"    xlwings alone     {t['xlwings'] * 1e3:8.2f} ms  (argument conversion and "
            f"call overhead)"
        )
        print(f"    core rate_gap     {t['core'] * 1e3:8.3f} ms  (numpy arrays)")
    print(f"  PCT_OF_MEDICARE of a whole column ({EXCEL_ROWS:,} rows, 2 values) "
          f"{whole['udf']:7.3f} s  (no goal; best of {options.column_rounds})")


if __name__ == "__main__":
    main()
