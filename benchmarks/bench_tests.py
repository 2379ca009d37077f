"""The test suite's wall time on this machine, quiet and under load, against another tree's suite
measured in the same run.

Issue 14's row: ``pytest`` on 2 cores took 2 min quiet and 7 min under load; the goal is under
2 min under load. "Load" here is ``--load`` busy processes (default: one per core) running at
the same priority for the whole run, as another job on a shared machine would.

For each tree (``--tree``, default this one; ``--before OTHER``, repeatable), in turn: the
README's test command (``python -m pytest``, the tree's own venv) quiet, then under load. Each
figure: wall and CPU time (user + system of pytest and its workers), and the tests passed,
failed and skipped. The count of ``assert`` statements and ``pytest.raises`` in ``tests/``
is printed too, so a faster suite can be seen not to have dropped checks.

Run: ``python benchmarks/bench_tests.py [--before ../before] [--load 2]``. A run takes a few
times the suite's own time; nothing else should run meanwhile.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench_user_waits import Tree, timed

HERE = Path(__file__).resolve().parent.parent
BUSY = "while True: pass"


@dataclass(frozen=True)
class SuiteRun:
    wall: float
    cpu: float
    counts: dict[str, int]
    load_after: float  # the 1-minute load average as the run ended


def checks_in(tests: Path) -> tuple[int, int]:
    """(test functions, assert statements + ``pytest.raises`` calls) under ``tests``."""
    functions = checks = 0
    for path in tests.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                functions += 1
            raises = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr == "raises")
            checks += isinstance(node, ast.Assert) or raises
    return functions, checks


def run_suite(tree: Tree) -> SuiteRun:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a developer's checkout keeps its .pyc files
    # -rfE: a test failing in one run only (a loaded one) is named, not just counted
    run, done = timed([tree.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE"],
                      env, cwd=tree.root)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|error)", last)}
    if not counts:
        raise SystemExit(f"[{tree.label}] pytest printed no summary:\n{done.stdout[-2000:]}"
                         f"{done.stderr[-2000:]}")
    for line in done.stdout.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            print(f"[{tree.label}] {line}", flush=True)
    return SuiteRun(run.wall, run.cpu, counts, os.getloadavg()[0])


@contextmanager
def busy(processes: int):
    """``processes`` CPU-bound processes for the duration of the block."""
    hogs = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(processes)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the checkout to measure")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="another checkout (with its own .venv) measured in the same run")
    parser.add_argument("--load", type=int, default=os.cpu_count() or 2,
                        help="busy processes during the loaded run (default: one per core)")
    args = parser.parse_args()
    trees = [Tree("this", args.tree.resolve())]
    trees += [Tree(path.name, path.resolve()) for path in args.before]
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f} at start; "
          f"loaded runs beside {args.load} busy processes")
    results: dict[str, tuple[SuiteRun, SuiteRun]] = {}
    for tree in trees:
        quiet = run_suite(tree)
        with busy(args.load):
            loaded = run_suite(tree)
        results[tree.label] = (quiet, loaded)
        functions, checks = checks_in(tree.root / "tests")
        for name, run in (("quiet", quiet), (f"load {args.load}", loaded)):
            print(f"[{tree.label}] pytest {name:>7}: {run.wall:7.1f} s wall, {run.cpu:7.1f} s CPU; "
                  + ", ".join(f"{n} {word}" for word, n in sorted(run.counts.items()))
                  + f"; load average {run.load_after:.1f} at the end")
        print(f"[{tree.label}] tests/: {functions} test functions, {checks} asserts and "
              "pytest.raises")
    this_quiet, this_loaded = results["this"]
    for tree in trees[1:]:
        quiet, loaded = results[tree.label]
        print(f"this / {tree.label}: quiet {this_quiet.wall / quiet.wall:.2f}x wall, "
              f"loaded {this_loaded.wall / loaded.wall:.2f}x wall")
    verdict = "met" if this_loaded.wall < 120 else "NOT met"
    print(f"goal: under 2 min under load: {verdict} ({this_loaded.wall:.0f} s)")


if __name__ == "__main__":
    main()
