"""Profile one refresh of bench_workbook.py's 40 payers x 300 codes workbook (cProfile).

Prints the refresh's CPU time and the cumulative time of the functions whose file and name
match ``--filter`` (a regular expression), so that two trees can be compared function by
function: run it in each tree (``cd TREE && python benchmarks/profile_workbook.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_workbook  # noqa: E402  (the benchmark's own workbook)

from ratecalc_workbook.builder import new_workbook  # noqa: E402
from ratecalc_workbook.refresh import refresh_workbook  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filter", default="ratecalc|workbook_templates",
                        help="regular expression on the functions printed")
    parser.add_argument("--top", type=int, default=40, help="functions printed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "bench.xlsx"
        new_workbook(book, bench_workbook.synthetic_clinic())
        now = datetime(2025, 12, 1, 9, 0)
        refresh_workbook(book, now=now)  # the first refresh writes the result sheets
        profile = cProfile.Profile()
        start = time.process_time()
        profile.enable()
        refresh_workbook(book, now=now)
        profile.disable()
        print(f"refresh: {time.process_time() - start:.2f} s CPU under the profiler")
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(args.filter, args.top)


if __name__ == "__main__":
    main()
