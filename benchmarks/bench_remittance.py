"""Benchmark: importing a 200,000-segment X12 835, against pyx12's segment reader.

    python benchmarks/bench_remittance.py [--segments N] [--repeat R] [--pyx12-loops]

Writes a balanced synthetic 835 (ratecalc.remittance.synthetic) to a temporary folder, then times,
on the same file in the same run (best of R, garbage collected between runs):

- ``ratecalc import``: ``import_remittances`` (read, tokenize, parse, balance, tables);
- ``ratecalc summary``: the per payer/code and per payer summaries of that import;
- ``ratecalc tokenizer``: our tokenizer plus splitting every segment into elements, the work a
  segment reader does;
- baseline ``pyx12 X12Reader``: iterating pyx12.x12file.X12Reader over the file (segments only);
- with ``--pyx12-loops``: pyx12's X12ContextReader, which places segments in the 835 loops
  (what reading claims with pyx12 takes). Slow: about 25 s for 200,000 segments.

Goals (issue 4): import under 2 s and at least 5x faster than the pyx12 baseline.

The machine may be shared: the load average (/proc/loadavg, where available) is printed before and
after, and each figure is the best of R runs, by wall time and by this process's CPU time (user +
system), which the others' work on a busy machine inflates less.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ratecalc.remittance import import_remittances, summarize_codes, summarize_payers
from ratecalc.remittance.synthetic import synthetic_835
from ratecalc.remittance.tokenizer import tokenize

#: The least CPU time (this process's user + system) of each timed work, by its name [s]: on a
#: shared machine the wall time counts the others' work too.
CPU: dict[str, float] = {}


def best_of(repeat: int, work: Callable[[], object], name: str = "") -> float:
    """Fastest wall time of ``repeat`` runs [s]; each run's result is freed before the next.
    The least CPU time of the runs goes in :data:`CPU` under ``name``."""
    times = []
    cpu = []
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        del result
    CPU[name] = min(cpu)
    return min(times)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, or 'unknown' where /proc is not available."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def pyx12_segments(path: Path) -> int:
    import pyx12.x12file

    count = 0
    with pyx12.x12file.X12Reader(str(path)) as reader:
        for _ in reader:
            count += 1
    return count


def pyx12_loops(path: Path) -> int:
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    reader = pyx12.x12context.X12ContextReader(
        pyx12.params.params(), pyx12.error_handler.errh_null(), str(path))
    count = sum(1 for _ in reader.iter_segments())
    reader.close()
    return count


def tokenizer_only(path: Path) -> int:
    text = path.read_text()
    count = 0
    for block in tokenize(text):
        element = block.delimiters.element
        for segment in block.segments:
            segment.split(element)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pyx12-loops", action="store_true",
                        help="also time pyx12's X12ContextReader (once)")
    args = parser.parse_args(argv)

    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.835"
        path.write_text(synthetic_835(args.segments, seed=1))
        result = import_remittances([path])
        segments = tokenizer_only(path)
        print(f"file: {segments:,} segments, {path.stat().st_size / 1e6:.1f} MB, "
              f"{len(result.claims):,} claims, {len(result.lines):,} service lines, "
              f"{len(result.problems)} problems")
        ours = best_of(args.repeat, lambda: import_remittances([path]), "import")
        summary = best_of(args.repeat, lambda: (
            summarize_codes(result.lines),
            summarize_payers(result.claims, result.provider_adjustments)), "summary")
        tokens = best_of(args.repeat, lambda: tokenizer_only(path), "tokenizer")
        baseline = best_of(args.repeat, lambda: pyx12_segments(path), "pyx12")
        assert pyx12_segments(path) == segments
        rows = [
            ("ratecalc import (parse + balance + tables)", ours, "import"),
            ("ratecalc summary (per payer/code, per payer)", summary, "summary"),
            ("ratecalc tokenizer + element split", tokens, "tokenizer"),
            ("baseline: pyx12 X12Reader (segments only)", baseline, "pyx12"),
        ]
        if args.pyx12_loops:
            rows.append(("pyx12 X12ContextReader (835 loops), 1 run",
                         best_of(1, lambda: pyx12_loops(path), "loops"), "loops"))
    print(f"best of {args.repeat} (Python {sys.version.split()[0]}; load average "
          f"{load_before} before, {load_average()} after, on {os.cpu_count()} CPUs):")
    for name, seconds, key in rows:
        print(f"  {name:<46} {seconds:8.3f} s  {segments / seconds / 1e3:8.0f} k segments/s"
              f"  {baseline / seconds:6.2f}x baseline  CPU {CPU[key]:.3f} s, "
              f"{CPU['pyx12'] / CPU[key]:.2f}x baseline's")
    print(f"goal: import under 2 s: {'met' if ours < 2 else 'NOT met'} ({ours:.3f} s); "
          f"at least 5x faster than pyx12 X12Reader: "
          f"{'met' if baseline / ours >= 5 else 'NOT met'} ({baseline / ours:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
