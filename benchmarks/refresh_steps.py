"""Where one ``ratecalc refresh`` of the demo workbook spends its instructions, step by step:
not a goal's figure (``bench_user_waits.py`` times the refresh, ``refresh_instructions.py``
counts it whole), the account of one, which another process on the machine does not move.

Each tree (``--tree``, and ``--before OTHER`` repeatable) runs one cold refresh in a fresh
process as ``ratecalc refresh`` runs (its ``main()``, pandas without pyarrow, one BLAS thread,
``PYTHONHASHSEED=0``) under valgrind's callgrind with ``--dump-before=getpgrp``; each step
(:data:`STEPS`: the imports, opening the workbook and in it the package check, the lean copy
and openpyxl's load, the inputs, the analysis and its what-ifs, the result sheets and in them
the fitting and page layout, the Problems sheet, the save, the headline figures) is bracketed
by ``os.getpgrp()``, so each dump holds the instructions since the one before, and the steps
add up (inclusive: a nested step is inside its caller). ``--also MODULE:NAME`` adds a step (a
function looked up, and replaced, in the module that calls it). The runs go ``--jobs`` at a
time, after one run of each outside valgrind (the bytecode caches written).

Run: ``python benchmarks/refresh_steps.py [--before ../before] [--also M:F] [--jobs 2]``
(Linux, valgrind installed); a refresh under valgrind takes minutes, more on a loaded machine.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

#: (module, function) of each step, replaced where the refresh looks it up.
STEPS = (
    ("ratecalc_workbook.refresh", "open_workbook"),
    ("ratecalc_workbook.reader", "check_xlsx_package"),
    ("ratecalc_workbook.reader", "blank_tail_refusal"),
    ("ratecalc_workbook.reader", "lean_source"),
    ("ratecalc_workbook.reader", "lean_parts"),
    ("ratecalc_workbook.reader", "_load_to_save"),
    ("ratecalc_workbook.reader", "unkept_parts"),
    ("ratecalc_workbook.refresh", "read_inputs"),
    ("ratecalc_workbook.refresh", "proposal_from_workbook"),
    ("ratecalc_workbook.refresh", "with_workbook_records"),
    ("ratecalc_workbook.refresh", "log_warnings"),
    ("ratecalc_workbook.refresh", "compute_results"),
    ("ratecalc_workbook.results", "analyze"),
    ("ratecalc_workbook.results", "scenario_tables"),
    ("ratecalc_workbook.results", "exit_table"),
    ("ratecalc_workbook.results", "timeline_table"),
    ("ratecalc_workbook.refresh", "capture"),
    ("ratecalc_workbook.refresh", "write_results"),
    ("ratecalc_workbook.result_sheets", "write_comparison"),
    ("ratecalc_workbook.result_sheets", "write_proposal"),
    ("ratecalc_workbook.result_sheets", "write_dashboard"),
    ("ratecalc_workbook.result_sheets", "finish_result_sheets"),
    ("ratecalc_workbook.result_sheets", "record_own_texts"),
    ("ratecalc_workbook.refresh", "write_problems"),
    ("ratecalc_workbook.refresh", "save_changes"),
    ("ratecalc_workbook.refresh", "summary"),
)

#: The child process's script begins so (argv: BOOK EVENTS M:F...): ``mark`` records an event
#: where callgrind dumps its counts.
CHILD_START = r'''
import functools, importlib, os, sys
events = []
def mark(label):
    events.append(label)
    os.getpgrp()  # callgrind dumps before each call
book, out, steps = sys.argv[1], sys.argv[2], [s.split(":") for s in sys.argv[3:]]
'''
#: Each step (MODULE:NAME) replaced by itself between two marks, after the imports.
CHILD_STEPS = r'''
def marked(function, label):
    @functools.wraps(function)
    def step(*args, **kwargs):
        mark("+" + label)
        try:
            return function(*args, **kwargs)
        finally:
            mark("-" + label)
    return step
for module, name in steps:
    if hasattr(importlib.import_module(module), name):  # a step of another tree's, else
        setattr(importlib.import_module(module), name,
                marked(getattr(importlib.import_module(module), name), name))
'''[1:]
#: The command marked (``cli`` imported, ``sys.argv`` set before), then the events written.
CHILD_END = r'''
mark("+the command")
try:
    cli.main()
except SystemExit:
    pass
mark("-the command")
mark("-whole process")
with open(out, "w") as lines:
    lines.write("\n".join(events) + "\n")
'''[1:]

#: What the child process runs: its steps marked, then the command.
CHILD = CHILD_START + r'''
mark("+whole process")
mark("+imports")
import ratecalc_cli.main as cli
sys.modules["pyarrow"] = None
import gc
gc.disable()
import numpy, pandas, openpyxl
gc.freeze()
gc.enable()
mark("+  RateCalc's modules")
import ratecalc_cli.refresh, ratecalc_workbook.refresh, ratecalc_workbook.ignored_errors
mark("-  RateCalc's modules")
mark("-imports")
'''[1:] + CHILD_STEPS + r'''
sys.argv = ["ratecalc", "refresh", book]
'''[1:] + CHILD_END


def report(events: list[str], dumps: list[int]) -> dict[str, tuple[int, int]]:
    """Step -> (instructions, calls), from the events and the dumps' totals: dump k + 1 is
    written at event k, so the instructions between events k and k + 1 are dump k + 2's."""
    between = [dumps[i + 1] for i in range(len(events) - 1)]
    inclusive: defaultdict[str, int] = defaultdict(int)
    calls: Counter[str] = Counter()
    stack: list[tuple[str, int]] = []
    for i, event in enumerate(events):
        if event.startswith("+"):
            stack.append((event[1:], i))
        else:
            name, start = stack.pop()
            inclusive[name] += sum(between[start:i])
            calls[name] += 1
    return {name: (count, calls[name]) for name, count in inclusive.items()}


def counted(tree: Path, demo: Path, work: Path, steps: list[str], child: str = CHILD
            ) -> dict[str, tuple[int, int]]:
    """One cold run of ``child`` (a script: argv BOOK EVENTS M:F...) in ``tree``'s venv under
    callgrind, on a copy of ``demo``: each step's instructions and calls (:func:`report`)."""
    folder = work / tree.name
    folder.mkdir()
    script = folder / "child.py"
    script.write_text(child)
    book = folder / "demo.xlsx"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1",
               RATECALC_DATA_DIR=str(folder / "no-user-data"))
    python = str(tree / ".venv" / "bin" / "python")
    argv = [python, str(script), str(book), str(folder / "events.txt"), *steps]
    shutil.copy2(demo, book)
    subprocess.run(argv, env=env, cwd=folder, capture_output=True, check=True)  # .pyc written
    shutil.copy2(demo, book)
    shutil.rmtree(folder / "RateCalc backups", ignore_errors=True)
    prefix = folder / "callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getpgrp",
                    f"--callgrind-out-file={prefix}", *argv],
                   env=env, cwd=folder, capture_output=True, check=True)
    events = (folder / "events.txt").read_text().splitlines()

    def number(name: str) -> int:
        found = re.search(r"\.(\d+)$", name)
        return int(found.group(1)) if found else -1

    dumps = []
    for name in sorted((f for f in glob.glob(f"{prefix}.*") if number(f) > 0), key=number):
        with open(name) as dump:
            dumps.append(next(int(line.split()[1]) for line in dump
                              if line.startswith(("summary:", "totals:"))))
    return report(events, dumps)


def counted_steps(description: str, what: str, steps_counted: tuple[tuple[str, str], ...],
                  child: str) -> None:
    """The command line of a steps script: each ``--tree``'s cold run of ``child`` on one demo
    workbook, counted by step, printed side by side (``what``: "refresh", "letter (Payer)")."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tree", type=Path, default=HERE, help="the tree to count (its .venv)")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="another tree counted in the same run (repeatable)")
    parser.add_argument("--also", action="append", default=[], metavar="MODULE:NAME",
                        help="another step: a function, replaced in the module calling it")
    parser.add_argument("--jobs", type=int, default=2, help="runs under valgrind at a time")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    trees = [t.resolve() for t in (*args.before, args.tree)]
    steps = [f"{m}:{f}" for m, f in steps_counted] + args.also
    with tempfile.TemporaryDirectory(prefix="steps-") as tmp:
        work = Path(tmp)
        demo = work / "demo.xlsx"
        subprocess.run([str(trees[-1] / ".venv" / "bin" / "ratecalc"), "workbook", "new",
                        "--demo", str(demo)], check=True, capture_output=True,
                       env={**os.environ, "RATECALC_DATA_DIR": str(work / "no-user-data")})
        with ThreadPoolExecutor(args.jobs) as pool:
            counts = list(pool.map(lambda t: counted(t, demo, work, steps, child), trees))
    print(f"instructions [M] of one cold demo {what}, each step inclusive; load average at "
          f"the end {os.getloadavg()[0]:.1f} (it does not move a count); python "
          f"{sys.version.split()[0]}")
    print(f"{'step':40s}" + "".join(f"{t.name[:16]:>18s}" for t in trees))
    for name in counts[-1]:
        print(f"{name:40s}" + "".join(
            f"{c[name][0] / 1e6:12.1f} ({c[name][1]})" if name in c else f"{'-':>18s}"
            for c in counts))


def main() -> None:
    counted_steps(__doc__.splitlines()[0], "refresh", STEPS, CHILD)

if __name__ == "__main__":
    main()
