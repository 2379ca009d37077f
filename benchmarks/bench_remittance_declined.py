"""Benchmark: importing a 200,000-segment 835 with one unreadable CAS amount near its end.

    python benchmarks/bench_remittance_declined.py [--repeat R]

A file with a problem is read twice: the column reader declines it, then the segment parser reads
it. This times that import (best of R, CPU seconds of this process) against the same file without
the problem, so that the cost of the declined attempt shows; run it in each tree to compare.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from pathlib import Path

from ratecalc.remittance import import_remittances
from ratecalc.remittance.synthetic import synthetic_835


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--repeat", type=int, default=5)
    repeat = arguments.parse_args().repeat
    text = synthetic_835(200_000, seed=1)
    at = text.rfind("CAS*", 0, len(text) - 2000)
    end = text.find("*", text.find("*", at + 4) + 1)  # after the CAS's group and reason
    files = {"good": text, "bad": text[:end + 1] + "X" + text[end + 1:]}
    with tempfile.TemporaryDirectory() as folder:
        for name, content in files.items():
            path = Path(folder) / f"{name}.835"
            path.write_text(content)
            cpu = []
            for _ in range(repeat):
                gc.collect()
                start = time.process_time()
                imported = import_remittances([path])
                cpu.append(time.process_time() - start)
                problems = len(imported.problems)
                del imported
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"{name}: CPU {min(cpu):.3f} s (best of {repeat}), {problems} problems, "
                  f"load average {load}")


if __name__ == "__main__":
    main()
