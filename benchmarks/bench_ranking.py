"""Time the ranked lists (ratecalc.ranking) on the largest tables a refresh sorts.

    .venv/bin/python benchmarks/bench_ranking.py

Prints milliseconds per call (median of 7 runs of 20 calls) for the Pareto set of codes over
40 payers x 300 codes, name_order on those 12,000 rows, and a 40-payer priority order; a
plain pandas sort of the same rows is printed beside as the floor.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd

from ratecalc.priorities import pareto
from ratecalc.ranking import name_order, priority_order


def _ms(call: Callable[[], object], repeat: int = 20) -> float:
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(repeat):
            call()
        runs.append((time.perf_counter() - start) / repeat * 1e3)
    return statistics.median(runs)


def main() -> None:
    rng = np.random.default_rng(1)
    payers = [f"Payer {i:02d}" for i in range(40)]
    codes = [f"97{i:03d}" for i in range(300)]
    big = pd.DataFrame([(p, c) for p in payers for c in codes], columns=["payer", "code"])
    big["units_per_year"] = rng.integers(1, 500, len(big)).astype(float)
    priorities = pd.DataFrame({
        "payer": payers, "dollars_at_stake": rng.random(40) * 1e5,
        "days_to_renewal": rng.integers(0, 400, 40),
        "notice_deadline": [date(2027, 1, 1) + timedelta(int(i))
                            for i in rng.integers(0, 300, 40)]})
    timed = {
        "pareto codes, 40 payers x 300 codes": lambda: pareto(big, "code", "units_per_year"),
        "name_order, 12,000 rows": lambda: name_order(big, ["payer", "code"]),
        "  floor: sort_values, 12,000 rows":
            lambda: big.sort_values(["payer", "code"]).reset_index(drop=True),
        "priority_order, 40 payers": lambda: priority_order(priorities),
    }
    for label, call in timed.items():
        print(f"{label:<38}{_ms(call):7.2f} ms")

if __name__ == "__main__":
    main()
