"""Issue 14's demo refresh counted in instructions, not seconds: not a goal's figure
(``bench_user_waits.py`` times it), its account where the machine is too loaded for times.

Each command runs once in a fresh process under valgrind's callgrind, which counts the
instructions the process executes (every thread's, one thread at a time): a count another
process on the machine does not move, unlike CPU time (which one command's runs spread by 10-20%
on a shared machine). For each tree (``--tree``, and ``--before OTHER`` repeatable):

- ``bare load+save``: openpyxl's load and save of the demo workbook (``bench_user_waits.py``'s
  bare run, one BLAS thread as ``ratecalc`` runs numpy: the goal's baseline);
- ``pandas + bare``: the same after importing numpy and pandas as ``ratecalc`` does (the floor
  of any refresh that runs pandas);
- ``libraries imported``: numpy, pandas and openpyxl imported as ``ratecalc refresh`` imports
  them, nothing else;
- ``+ RateCalc's modules``: the same, then the modules a refresh imports (its own work not run);
- ``ratecalc refresh``: the command itself, on a fresh copy of the demo workbook.

Shown: each count, the refresh's and the floor's over the bare run's, and in each run the
instructions spent parsing and compiling source text (:data:`RUN_TIME_COMPILE`): Python 3.11
makes each method of a dataclass by ``exec`` of its text, so the cost of making RateCalc's
dataclasses is that count with its modules less the count without (namedtuples' ``eval``
besides).

Every run has ``PYTHONHASHSEED=0`` (the same string hashing in every run) and
``OPENBLAS_NUM_THREADS=1``, after one run of each command outside valgrind (the
bytecode caches written). One demo workbook, made by the last tree, serves every run. Runs go
``--jobs`` at a time (default 2); each takes minutes under valgrind (a refresh executes about
4.5 billion instructions), far longer on a loaded machine.

``--only NAME`` (repeatable) counts only those runs, e.g. ``--only "bare load+save" --only
"ratecalc refresh"`` for the refresh over the bare run.

Run: ``python benchmarks/refresh_instructions.py [--before ../before] [--jobs 2] [--only RUN]``
(Linux, valgrind installed).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "benchmarks"))

from bench_user_waits import BARE_SAVE, PANDAS_SAVE  # noqa: E402  (the same baselines)

#: numpy, pandas and openpyxl imported as ``ratecalc refresh`` imports them
#: (``ratecalc_cli.main``: pyarrow kept out, the collector paused, then ``gc.freeze()``).
LIBRARIES = ("import gc, sys\n"
             "sys.modules['pyarrow'] = None\n"
             "gc.disable()\n"
             "import numpy, pandas, openpyxl\n"
             "gc.freeze()\n"
             "gc.enable()\n")
#: The modules ``ratecalc refresh`` imports before its work (``refresh_phases.py``'s list).
OURS = LIBRARIES + ("import ratecalc_cli.main, ratecalc_cli.refresh, ratecalc_workbook.refresh, "
                    "ratecalc_workbook.ignored_errors\n")
BARE = "bare load+save"
FLOOR = "pandas + bare"
LIBS = "libraries imported"
MODULES = "+ RateCalc's modules"
REFRESH = "ratecalc refresh"
#: CPython's functions that parse and compile source text (``exec`` or ``eval`` of a string,
#: ``compile()``; a module's bytecode comes from its cache, which the untimed run writes): their
#: inclusive counts are what compiling text costs (not ``PyRun_StringFlags``', which includes
#: running the text: a ``.pth`` file's import lines and what they import).
RUN_TIME_COMPILE = ("_PyParser_ASTFromString", "_PyAST_Compile")


@dataclass(frozen=True)
class Count:
    instructions: int
    compiled: int  # of them, compiling source text at run time


#: Each script run by the tree's Python, from a file: ``python -c`` would compile the whole
#: program as text at run time, which the count of :data:`RUN_TIME_COMPILE` would include.
SCRIPTS = {BARE: BARE_SAVE, FLOOR: PANDAS_SAVE, LIBS: LIBRARIES, MODULES: OURS}


def commands(tree: Path, book: Path, scripts: Path) -> dict[str, list[str]]:
    python = str(tree / ".venv" / "bin" / "python")
    run = {name: [python, str(scripts / f"{n}.py"), str(book)]
           for n, name in enumerate(SCRIPTS)}
    return {**run, REFRESH: [str(tree / ".venv" / "bin" / "ratecalc"), "refresh", str(book)]}


def environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1",
               RATECALC_DATA_DIR=str(work / "no-user-data"))
    return env


def counted(argv: list[str], env: dict[str, str], out: Path) -> Count:
    """The instructions of one run of ``argv`` under callgrind, and those compiling text."""
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv],
                   env=env, check=True, capture_output=True)
    annotated = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100",
                                str(out)], capture_output=True, text=True, check=True).stdout
    total = re.search(r"^([\d,]+) .*PROGRAM TOTALS", annotated, re.M)
    if total is None:
        raise SystemExit(f"no total in callgrind's output for {argv}")
    compiled = 0
    for function in RUN_TIME_COMPILE:  # the outermost call's line: "name [", not "name'2 ["
        found = re.search(rf"^\s*([\d,]+) .*:{function} ", annotated, re.M)
        compiled += int(found.group(1).replace(",", "")) if found else 0
    return Count(int(total.group(1).replace(",", "")), compiled)


def run_one(tree: Path, name: str, argv: list[str], env: dict[str, str], work: Path,
            demo: Path) -> Count:
    label = f"{tree.name}-{name.replace(' ', '_').replace(chr(39), '')}"
    folder = work / label
    folder.mkdir()
    book = folder / "demo.xlsx"
    argv = [str(book) if a == "BOOK" else a for a in argv]
    shutil.copy2(demo, book)
    subprocess.run(argv, env=env, check=False, capture_output=True, cwd=folder)  # .pyc written
    shutil.copy2(demo, book)
    shutil.rmtree(folder / "RateCalc backups", ignore_errors=True)
    return counted(argv, env, folder / "callgrind.out")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the tree to measure (its .venv)")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="another tree counted in the same run (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="runs under valgrind at a time")
    parser.add_argument("--only", action="append", choices=(*SCRIPTS, REFRESH), default=[],
                        help="count only this run (repeatable; default every run): on a "
                        "loaded machine a refresh under valgrind takes a quarter of an hour")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    trees = [t.resolve() for t in (*args.before, args.tree)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = environment(work)
        demo = work / "demo-source.xlsx"
        for n, text in enumerate(SCRIPTS.values()):
            (work / f"{n}.py").write_text(text)
        subprocess.run([str(trees[-1] / ".venv" / "bin" / "ratecalc"), "workbook", "new",
                        str(demo), "--demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        load = os.getloadavg()[0]
        jobs = {(tree, name): argv for tree in trees
                for name, argv in commands(tree, Path("BOOK"), work).items()
                if not args.only or name in args.only}
        with ThreadPoolExecutor(args.jobs) as pool:
            futures = {key: pool.submit(run_one, key[0], key[1], argv, env, work, demo)
                       for key, argv in jobs.items()}
            counts = {key: future.result() for key, future in futures.items()}
    print(f"instructions of one run each under callgrind (PYTHONHASHSEED=0, one BLAS thread); "
          f"load average at start {load:.1f}; python {sys.version.split()[0]}")
    for tree in trees:
        got = {name: counts[(tree, name)] for name in (*SCRIPTS, REFRESH) if (tree, name) in counts}
        print(f"\n{tree}")
        if len(got) < len(SCRIPTS) + 1:  # --only: each count, over the bare run's if counted
            for name, count in got.items():
                over = (f"({count.instructions / got[BARE].instructions:5.2f}x bare)  "
                        if BARE in got else "")
                print(f"  {name:24} {count.instructions / 1e9:7.3f} G  {over}"
                      f"compiling text at run time {count.compiled / 1e6:6.1f} M")
            continue
        bare = got[BARE].instructions
        for name, count in got.items():
            print(f"  {name:24} {count.instructions / 1e9:7.3f} G  "
                  f"({count.instructions / bare:5.2f}x bare)  "
                  f"compiling text at run time {count.compiled / 1e6:6.1f} M")
        ours = got[MODULES].instructions - got[LIBS].instructions
        made = got[MODULES].compiled - got[LIBS].compiled
        print(f"  RateCalc's modules' import {ours / 1e6:.0f} M instructions, "
              f"{ours / got[REFRESH].instructions:.1%} of the refresh; of it compiling text "
              f"(their dataclasses' methods) {made / 1e6:.0f} M, "
              f"{made / got[REFRESH].instructions:.1%}")
        beyond = got[REFRESH].instructions - got[FLOOR].instructions
        print(f"  the refresh beyond the floor {beyond / 1e6:.0f} M")


if __name__ == "__main__":
    main()
