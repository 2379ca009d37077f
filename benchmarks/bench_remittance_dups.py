"""Benchmark: one import of the same payments in two files, by size, against a --before tree.

    python benchmarks/bench_remittance_dups.py [--before /tmp/rw/base3]
        [--sizes 2000,20000,200000] [--repeat 3] [--timeout 600]

For each size, the benchmark's file (``synthetic_835(N, seed=1)``, as ``bench_remittance.py``),
a copy of it, and a copy with one unreadable CAS amount (as ``bench_remittance_declined.py``
makes it: read by the segment parser, the others by the column reader). Each case is imported
(``import_remittances``) in a fresh process of this Python, with this tree's packages and then the
``--before`` tree's, alternating, best of ``--repeat``: this process's CPU seconds (user + system)
of the import alone. Cases: the file alone; the file and its copy; the bad copy then the file
(the copy left out is the column reader's: the case a colleague stopped after 4 minutes); the file
then the bad copy. ``per seg`` is the CPU per segment against the smallest size's of the same
case and tree: near 1 is linear growth, growing with the size is quadratic. A run over
``--timeout`` seconds is stopped and shown as ``>T``, and that tree's larger sizes of the case are
skipped. The load average is printed with each row: compare trees within one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1] + "/benchmarks")
from checkouts import use_tree
from pathlib import Path
use_tree(Path(sys.argv[2]))
from ratecalc.remittance import import_remittances
start = time.process_time()
result = import_remittances(sys.argv[3:])
print(json.dumps({"cpu": time.process_time() - start, "claims": len(result.claims),
                  "problems": len(result.problems)}))
"""

CASES = {"alone": ("good",), "file + copy": ("good", "copy"),
         "bad copy + file": ("bad", "good"), "file + bad copy": ("good", "bad")}


def bad_cas_copy(text: str) -> str:
    """``text`` with one CAS amount made unreadable, as ``bench_remittance_declined.py``."""
    at = text.rfind("CAS*", 0, len(text) - 2000)
    end = text.find("*", text.find("*", at + 4) + 1)  # after the CAS's group and reason
    return text[:end + 1] + "X" + text[end + 1:]


def run(tree: Path, files: list[Path], timeout: float) -> dict[str, float] | None:
    """One import in a fresh process; None when it ran over ``timeout``."""
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(HERE), str(tree),
                               *map(str, files)], capture_output=True, text=True,
                              timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, float] = json.loads(done.stdout)
    return result


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an earlier tree to compare with")
    parser.add_argument("--sizes", default="2000,20000,200000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    from ratecalc.remittance.synthetic import synthetic_835

    sizes = [int(size) for size in args.sizes.split(",")]
    trees = {"this": HERE} | ({"before": args.before.resolve()} if args.before else {})
    print(f"load average {load()} before, on {os.cpu_count()} CPUs; CPU s of the import, "
          f"best of {args.repeat}")
    print(f"{'segments':>9} {'case':<16} " + " ".join(
        f"{name + ' CPU s':>14} {'per seg':>7}" for name in trees) + "  claims problems  load")
    smallest: dict[tuple[str, str], float] = {}
    over: set[tuple[str, str]] = set()
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            text = synthetic_835(size, seed=1)
            paths = {name: Path(folder) / f"{name}.835" for name in ("good", "copy", "bad")}
            paths["good"].write_text(text)
            paths["copy"].write_text(text)
            paths["bad"].write_text(bad_cas_copy(text))
            for case, names in CASES.items():
                files = [paths[name] for name in names]
                best: dict[str, float | None] = {}
                said: dict[str, float] = {}
                for _ in range(args.repeat):
                    for name, tree in trees.items():  # alternating
                        if (name, case) in over:
                            best[name] = None
                            continue
                        got = run(tree, files, args.timeout)
                        if got is None:
                            over.add((name, case))
                            best[name] = None
                            continue
                        said = got
                        old = best.get(name)
                        best[name] = got["cpu"] if old is None else min(old, got["cpu"])
                cells = []
                for name in trees:
                    cpu = best.get(name)
                    if cpu is None:
                        cells.append(f"{'>' + format(args.timeout, '.0f'):>14} {'':>7}")
                        continue
                    first = smallest.setdefault((name, case), cpu / size)
                    cells.append(f"{cpu:14.3f} {cpu / size / first:7.2f}")
                print(f"{size:9,} {case:<16} " + " ".join(cells)
                      + f"  {said.get('claims', 0):6,.0f} {said.get('problems', 0):8,.0f}"
                      f"  {load()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
