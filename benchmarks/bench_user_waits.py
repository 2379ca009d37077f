"""What a user waits on, each in a fresh process, against a baseline measured in the same run.

The figures of issue 14's table, for one tree (``--tree``, default this one) or for two trees
side by side (``--before OTHER_TREE``, repeatable: every command runs in each, in the same
run):

=====================================================  ==========================================
what the user does                                     baseline (same run)            goal
=====================================================  ==========================================
``ratecalc medicare 97110 --locality AL --date ...``   ``python -c "import numpy"``   <= 2x
``ratecalc --help``                                    ``python -c pass``; pandas?    no pandas
``ratecalc refresh`` of the demo workbook              bare openpyxl load+save        <= 2x
``ratecalc letter`` from a fresh process               ``import pandas, docx``        < 1 s
=====================================================  ==========================================

Each figure is the best of ``--repeat`` runs (interleaved: each round runs every command of
every tree once) of CPU time (user + system of the child process,
which a loaded machine inflates less than wall time) and the wall time of that run. That one
run's wall time is at the mercy of the other processes of a shared machine (on 2 cores, a
bare load+save of 0.30 s CPU took 0.52 s wall in one run, 0.30 s in the next), so the refresh
is also compared by the best wall time of each command, and the median of its runs' wall time
beyond their CPU time is shown: what a command waits on besides the processor (the disk, a
child process, a sleep), which is near zero when the gap is only other processes. It is below
zero for the bare load+save: its numpy starts OpenBLAS threads that spin on the other core
(0.35 s CPU in 0.28 s wall; 0.27 s CPU with ``OPENBLAS_NUM_THREADS=1``, as ``ratecalc`` sets
it), so the refresh's ratio by CPU time flatters it and its ratio by wall time does not. The
bare load+save is therefore also run with ``OPENBLAS_NUM_THREADS=1`` (the refresh's own
setting): the refresh's ratio by CPU time to that one is the like-for-like one, and is close to
its ratio by wall time when the refresh waits on little. The floor of any refresh that runs
pandas is also timed: the same bare load+save after ``import numpy, pandas`` as ``ratecalc``
imports them (no pyarrow, the collector paused, one BLAS thread); its ratio to the bare
load+save is the part of the goal's 2x that importing pandas takes before the refresh does any
work of its own. What a command waits on is also counted: the median of its runs' voluntary
context switches (each a block on the disk, a lock, a child), which, unlike wall time, other
processes on the machine do not move. The
refresh of 40 payers x 300 codes is ``bench_workbook.py``'s figure; the test suite's is
``pytest --durations``. Run: ``python benchmarks/bench_user_waits.py [--before ../before]
[--repeat 5]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
BARE_SAVE = ("import openpyxl, sys\n"
             "wb = openpyxl.load_workbook(sys.argv[1])\n"
             "wb.save(sys.argv[1])\n")
#: The floor of any refresh that runs pandas: the bare load+save after importing pandas as
#: ``ratecalc`` does (numpy first, without pyarrow, the collector paused while importing and
#: what was imported then left out of later collections: ``ratecalc_cli.main.loading_libraries``;
#: run with one BLAS thread). The load+save itself runs as in :data:`BARE_SAVE`.
PANDAS_SAVE = ("import gc, sys\n"
               "sys.modules['pyarrow'] = None\n"
               "gc.disable()\n"
               "import numpy, pandas\n"
               "gc.freeze()\n"
               "gc.enable()\n" + BARE_SAVE)


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds of the child
    wall: float
    waits: int = 0  # voluntary context switches of the child (a block on the disk, a lock...)


def timed(argv: list[str], env: dict[str, str], *, cwd: Path | None = None
          ) -> tuple[Run, subprocess.CompletedProcess[str]]:
    """One child process, its output captured: its CPU (user + system) and wall time."""
    start_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    end_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (end_usage.ru_utime - start_usage.ru_utime) + (end_usage.ru_stime - start_usage.ru_stime)
    return Run(cpu, wall, end_usage.ru_nvcsw - start_usage.ru_nvcsw), done


def run_once(argv: list[str], env: dict[str, str], before: object = None,
             extra_env: dict[str, str] | None = None) -> Run:
    """One fresh process; ``before`` (a callable) prepares its files untimed; ``extra_env``
    is added to its environment."""
    if callable(before):
        before()
    run, done = timed(argv, {**env, **(extra_env or {})})
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    return run


def imports_pandas(python: str, argv: list[str], env: dict[str, str]) -> bool:
    """Whether ``python -X importtime argv`` imports pandas (Python's own import log)."""
    out = subprocess.run([python, "-X", "importtime", *argv], env=env, capture_output=True,
                         text=True)
    return any(line.split("|")[-1].strip() == "pandas" for line in out.stderr.splitlines()
               if line.startswith("import time:"))


@dataclass(frozen=True)
class Tree:
    label: str
    root: Path

    @property
    def python(self) -> str:
        return str(self.root / ".venv" / "bin" / "python")

    def ratecalc(self, *args: str) -> list[str]:
        return [str(self.root / ".venv" / "bin" / "ratecalc"), *args]


def environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["RATECALC_DATA_DIR"] = str(tmp / "no-user-data")  # bundled releases only
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


#: The bare load+save run as ``ratecalc`` runs numpy (``ratecalc_cli.main.BLAS_THREADS``).
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1"}
BARE_ONE_THREAD = "bare load+save, 1 BLAS thread"
PANDAS_FLOOR = "import pandas + bare load+save, 1 BLAS thread"


def tasks(tree: Tree, work: Path, demo_book: Path, env: dict[str, str]
          ) -> dict[str, tuple[list[str], object]]:
    """Name -> (argv, untimed preparation) of each figure of one tree (its environment's
    additions, if any, in :func:`extra_environment`)."""
    book = work / f"{tree.label}.xlsx"
    letter_book = work / f"{tree.label}-letter.xlsx"

    def fresh_book() -> None:
        shutil.copy2(demo_book, book)
        shutil.rmtree(work / "RateCalc backups", ignore_errors=True)

    def fresh_letter_book() -> None:
        shutil.copy2(demo_book, letter_book)

    py = tree.python
    return {
        "python -c pass": ([py, "-c", "pass"], None),
        "python -c 'import numpy'": ([py, "-c", "import numpy"], None),
        # what a letter cannot do without: the analysis is pandas, the letter python-docx
        "python -c 'import pandas, docx'": ([py, "-c", "import pandas, docx"], None),
        "medicare --json": (tree.ratecalc("medicare", "97110", "--locality", "AL",
                                          "--date", "2025-06-01", "--json"), None),
        "--help": (tree.ratecalc("--help"), None),
        "bare openpyxl load+save": ([py, "-c", BARE_SAVE, str(book)], fresh_book),
        BARE_ONE_THREAD: ([py, "-c", BARE_SAVE, str(book)], fresh_book),
        PANDAS_FLOOR: ([py, "-c", PANDAS_SAVE, str(book)], fresh_book),
        "refresh demo workbook": (tree.ratecalc("refresh", str(book)), fresh_book),
        "letter": (tree.ratecalc("letter", str(letter_book), "--payer", "Summit BlueCare PPO",
                                 "--out", str(work / "l.docx")), fresh_letter_book),
    }


def extra_environment(name: str) -> dict[str, str] | None:
    return ONE_BLAS_THREAD if name in (BARE_ONE_THREAD, PANDAS_FLOOR) else None


def measure(trees: list[Tree], work: Path, demo_book: Path, env: dict[str, str], repeat: int
            ) -> tuple[list[dict[str, Run | bool]], list[dict[str, list[Run]]]]:
    """Every figure of every tree, best of ``repeat`` by CPU time. The runs are interleaved
    (each round runs every command of every tree once), so that a change in the machine's load
    during the run weighs on all of them alike rather than on whichever ran last."""
    plans = [tasks(tree, work, demo_book, env) for tree in trees]
    runs: list[dict[str, list[Run]]] = [{name: [] for name in plan} for plan in plans]
    for _ in range(repeat):
        for plan, got in zip(plans, runs, strict=True):
            for name, (argv, before) in plan.items():
                got[name].append(run_once(argv, env, before, extra_environment(name)))
    results: list[dict[str, Run | bool]] = []
    for tree, got in zip(trees, runs, strict=True):
        figures: dict[str, Run | bool] = {name: min(r, key=lambda x: x.cpu)
                                          for name, r in got.items()}
        py = tree.python
        figures["--help imports pandas"] = imports_pandas(
            py, ["-m", "ratecalc_cli.main", "--help"], env)
        figures["medicare imports pandas"] = imports_pandas(
            py, ["-m", "ratecalc_cli.main", "medicare", "97110", "--locality", "AL", "--date",
                 "2025-06-01", "--json"], env)
        results.append(figures)
    return results, runs


def waits(runs: list[Run]) -> float:
    """Median wall time beyond CPU time of ``runs`` [s]."""
    return statistics.median(r.wall - r.cpu for r in runs)


def blocks(runs: list[Run]) -> float:
    """Median voluntary context switches of ``runs``."""
    return statistics.median(r.waits for r in runs)


def report(trees: list[Tree], results: list[dict[str, Run | bool]],
           runs: list[dict[str, list[Run]]]) -> None:
    def cell(r: Run | bool) -> str:
        if isinstance(r, bool):
            return "yes" if r else "no"
        return f"{r.cpu:6.3f} s cpu {r.wall:6.2f} s wall"

    names = list(results[0])
    width = max(map(len, names))
    print(f"{'':<{width}}  " + "  ".join(f"{t.label:<29}" for t in trees))
    for name in names:
        print(f"{name:<{width}}  " + "  ".join(f"{cell(r[name]):<29}" for r in results))
    print()
    for tree, r, got in zip(trees, results, runs, strict=True):
        def ratio(a: str, b: str, r: dict[str, Run | bool] = r) -> tuple[float, float]:
            x, y = r[a], r[b]
            assert isinstance(x, Run) and isinstance(y, Run)
            return x.cpu / y.cpu, x.wall / y.wall

        med, ref = ratio("medicare --json", "python -c 'import numpy'"), ratio(
            "refresh demo workbook", "bare openpyxl load+save")
        hlp = ratio("--help", "python -c pass")
        letter = r["letter"]
        assert isinstance(letter, Run)
        floor = ratio("letter", "python -c 'import pandas, docx'")
        print(f"[{tree.label}] medicare / import numpy: {med[0]:.2f}x cpu, {med[1]:.2f}x wall "
              f"(goal <= 2x); imports pandas: {cell(r['medicare imports pandas'])}")
        print(f"[{tree.label}] --help / python -c pass: {hlp[0]:.2f}x cpu, {hlp[1]:.2f}x wall; "
              f"imports pandas: {cell(r['--help imports pandas'])} (goal: no)")
        refresh, bare = got["refresh demo workbook"], got["bare openpyxl load+save"]
        bare1 = got[BARE_ONE_THREAD]
        best_wall = min(x.wall for x in refresh) / min(x.wall for x in bare)
        like = ratio("refresh demo workbook", BARE_ONE_THREAD)
        best_wall1 = min(x.wall for x in refresh) / min(x.wall for x in bare1)
        print(f"[{tree.label}] refresh / bare load+save: {ref[0]:.2f}x cpu, {ref[1]:.2f}x wall "
              f"(goal <= 2x); {best_wall:.2f}x by each one's best wall; wall beyond cpu, median "
              f"of {len(refresh)} runs: refresh {waits(refresh):.3f} s, bare {waits(bare):.3f} s")
        print(f"[{tree.label}] refresh / bare load+save with 1 BLAS thread (as ratecalc runs "
              f"numpy): {like[0]:.2f}x cpu, {best_wall1:.2f}x by each one's best wall; wall "
              f"beyond cpu, median: bare {waits(bare1):.3f} s; voluntary context switches, "
              f"median: refresh {blocks(refresh):.0f}, bare {blocks(bare):.0f}, bare with 1 "
              f"BLAS thread {blocks(bare1):.0f}")
        pandas_floor = ratio(PANDAS_FLOOR, BARE_ONE_THREAD)
        print(f"[{tree.label}] the floor of a refresh that runs pandas (importing it, then the "
              f"bare load+save, 1 BLAS thread) / bare load+save with 1 BLAS thread: "
              f"{pandas_floor[0]:.2f}x cpu; refresh / that floor: "
              f"{ratio('refresh demo workbook', PANDAS_FLOOR)[0]:.2f}x cpu")
        print(f"[{tree.label}] letter from a fresh process: {letter.cpu:.2f} s cpu, "
              f"{letter.wall:.2f} s wall (goal < 1 s); {floor[0]:.2f}x cpu the floor of "
              f"importing pandas and python-docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the tree to measure (its .venv)")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="another tree measured in the same run (repeatable; each is "
                        "labelled by its folder's name)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    trees = [Tree("after", args.tree.resolve())]
    for other in reversed(args.before):
        trees.insert(0, Tree(other.resolve().name, other.resolve()))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = environment(work)
        demo_book = work / "demo-source.xlsx"
        # One demo workbook, made and refreshed once by the measured tree, for every run.
        subprocess.run(trees[-1].ratecalc("workbook", "new", str(demo_book), "--demo"), env=env,
                       check=True, stdout=subprocess.DEVNULL)
        load = os.getloadavg()[0]
        results, runs = measure(trees, work, demo_book, env, args.repeat)
    print(f"best of {args.repeat} by CPU time; load average at start {load:.1f} on "
          f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
    report(trees, results, runs)


if __name__ == "__main__":
    main()
