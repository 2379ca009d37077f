"""Where a ``ratecalc refresh`` of the demo workbook spends its time, step by step: not the
figure of a goal (``bench_user_waits.py`` has it), the account of one.

Each run is a fresh process that runs the command as ``ratecalc refresh`` does (its ``main()``,
pandas without pyarrow, one BLAS thread), with its steps wrapped: the imports (numpy, pandas,
openpyxl, then RateCalc's modules, and in those the time Python takes making their dataclasses'
methods), opening the workbook, reading its inputs, the analysis, the result sheets, the save,
and within the save the backup (on its own thread), each ``fsync``, the rename and the wait for
the backup before it. For each step: its wall time, the CPU time of the thread that ran it
(``time.thread_time``) and that thread's voluntary context switches (``RUSAGE_THREAD``: each a
block on the disk, a lock, another thread). A step's wall time beyond its CPU time with no
voluntary switch is time the processor was given to another process (a loaded machine); with
them, a wait of the step's own. Shown: the least CPU time and wall time of each step over the
runs, and the median of its switches.

``--also MODULE.FUNCTION`` (repeatable) times a function of the refresh as a step too, wherever
a module holds it (``ratecalc_workbook.results.exit_table``): a step's figure is the sum of its
calls in one run.

Run: ``python benchmarks/refresh_phases.py [--tree TREE] [--repeat 5] [--also M.F]`` (Linux: it
reads the thread's own resource usage).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent

#: (module, attribute, label) of each step wrapped, in the order a refresh reaches them.
STEPS = (
    ("ratecalc_workbook.refresh", "open_workbook", "open the workbook"),
    ("ratecalc_workbook.reader", "check_xlsx_package", "  the package check"),
    ("ratecalc_workbook.reader", "lean_source", "  the lean copy"),
    ("ratecalc_workbook.reader", "lean_parts", "  the lean copy"),  # its name since 2026-12-07
    ("ratecalc_workbook.reader", "_load_to_save", "  openpyxl's load"),
    ("ratecalc_workbook.reader", "unkept_parts", "  what openpyxl drops"),
    ("ratecalc_workbook.refresh", "read_inputs", "read the inputs"),
    ("ratecalc_workbook.refresh", "log_warnings", "the Negotiation Log's warnings"),
    ("ratecalc_workbook.refresh", "compute_results", "the analysis"),
    ("ratecalc_workbook.refresh", "write_results", "the result sheets"),
    ("ratecalc_workbook.refresh", "write_problems", "the Problems sheet"),
    ("ratecalc_workbook.refresh", "save_changes", "the save"),
    ("ratecalc_workbook.safety", "_copy", "  the backup"),
    ("ratecalc_workbook.ignored_errors", "save_with_ignored_errors", "  writing the new file"),
    ("ratecalc.atomic", "flush_to_disk", "  fsync of a file"),
    ("ratecalc.atomic", "flush_folder_to_disk", "  fsync of a folder"),
    ("ratecalc_workbook.safety", "prune_copies", "  old backups pruned"),
)
WAIT_FOR_BACKUP = "  waiting for the backup"
OURS = "import RateCalc's modules"
#: (label, modules) of each step of the imports, in the order a refresh imports them.
IMPORTS = (
    ("import numpy", ("numpy",)),
    ("import pandas", ("pandas",)),
    ("import openpyxl", ("openpyxl",)),
    (OURS, ("ratecalc_cli.main", "ratecalc_cli.refresh", "ratecalc_workbook.refresh",
            "ratecalc_workbook.ignored_errors")),
)
DATACLASSES = "  making dataclasses' methods"
RENAME = "  the rename (os.replace)"


def _switches() -> int:
    return resource.getrusage(resource.RUSAGE_THREAD).ru_nvcsw


class Steps:
    """Totals per step: wall [s], thread CPU [s], voluntary switches."""

    def __init__(self) -> None:
        self.totals: dict[str, list[float]] = {}

    def add(self, label: str, wall: float, cpu: float, switches: int) -> None:
        total = self.totals.setdefault(label, [0.0, 0.0, 0.0])
        total[0] += wall
        total[1] += cpu
        total[2] += switches

    def timed(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu, switches = time.perf_counter(), time.thread_time(), _switches()
            try:
                return function(*args, **kwargs)
            finally:
                where = ("" if threading.current_thread() is threading.main_thread()
                         else " [backup thread]")
                self.add(label + where, time.perf_counter() - wall,
                         time.thread_time() - cpu, _switches() - switches)
        return wrapper


def wrap_everywhere(name: str, steps: Steps) -> None:
    """Time the function ``module.function`` (``name``) wherever a loaded module holds it (a
    module that imported it by name holds it too), as a step of its own."""
    module_name, _, attribute = name.rpartition(".")
    function = getattr(sys.modules[module_name], attribute)
    timed = steps.timed(f"  {name}", function)
    for module in list(sys.modules.values()):
        if getattr(module, attribute, None) is function:
            setattr(module, attribute, timed)


def child(book: Path, also: Sequence[str] = ()) -> None:
    """One refresh of ``book`` in this process, its steps printed as JSON; ``also``: functions
    (``module.function``) timed as steps too."""
    import importlib

    steps = Steps()
    start_wall, start_cpu, start_switches = time.perf_counter(), time.thread_time(), _switches()
    sys.modules["pyarrow"] = None  # type: ignore[assignment]  # as `ratecalc` runs pandas
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `ratecalc` runs numpy
    # each library on its own, in the order the command imports them (numpy first: see
    # ratecalc_cli.main.import_first); then RateCalc's own modules, with the part of them that
    # is Python making their dataclasses' methods (dataclasses._process_class)
    import dataclasses

    make_class = dataclasses._process_class  # type: ignore[attr-defined]
    for label, names in IMPORTS:
        if label == OURS:
            dataclasses._process_class = steps.timed(  # type: ignore[attr-defined]
                DATACLASSES, make_class)
        steps.timed(label, lambda names=names: [importlib.import_module(n) for n in names])()
        dataclasses._process_class = make_class  # type: ignore[attr-defined]
    for module_name, attribute, label in STEPS:
        module = sys.modules[module_name]
        if hasattr(module, attribute):  # a step of another tree's, else
            setattr(module, attribute, steps.timed(label, getattr(module, attribute)))
    safety = sys.modules["ratecalc_workbook.safety"]
    safety._Backup.result = steps.timed(WAIT_FOR_BACKUP, safety._Backup.result)
    os.replace = steps.timed(RENAME, os.replace)  # type: ignore[assignment]
    for name in also:
        wrap_everywhere(name, steps)
    main = sys.modules["ratecalc_cli.main"].main
    sys.argv = ["ratecalc", "refresh", str(book)]
    with open(os.devnull, "w") as quiet:
        sys.stdout, sys.stderr = quiet, quiet
        try:
            code = main()
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    steps.add("the whole process, from the imports on", time.perf_counter() - start_wall,
              time.thread_time() - start_cpu, _switches() - start_switches)
    print(json.dumps({"exit": code, "steps": steps.totals}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the tree to measure (its .venv)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--also", action="append", default=[], metavar="MODULE.FUNCTION",
                        help="time this function too, each call of it a part of its step "
                        "(repeatable; e.g. ratecalc_workbook.results.scenario_tables)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.also)
        return
    tree = args.tree.resolve()
    python = str(tree / ".venv" / "bin" / "python")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user's shell has it
    runs: list[dict[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env["RATECALC_DATA_DIR"] = str(work / "no-user-data")  # bundled releases only
        demo = work / "demo-source.xlsx"
        subprocess.run([str(tree / ".venv" / "bin" / "ratecalc"), "workbook", "new", str(demo),
                        "--demo"], env=env, check=True, capture_output=True)
        load = os.getloadavg()[0]
        for _ in range(args.repeat):
            book = work / "demo.xlsx"
            shutil.copy2(demo, book)
            shutil.rmtree(work / "RateCalc backups", ignore_errors=True)
            also = [word for name in args.also for word in ("--also", name)]
            done = subprocess.run([python, __file__, "--child", str(book), *also], env=env,
                                  capture_output=True, text=True, check=True, cwd=tree)
            result = json.loads(done.stdout)
            if result["exit"] != 0:
                raise SystemExit(f"the refresh exited {result['exit']}")
            runs.append(result["steps"])
    print(f"{tree}: {args.repeat} fresh processes; load average at start {load:.1f} on "
          f"{os.cpu_count()} cores; least wall and CPU [ms], median voluntary switches")
    labels = list(runs[0])
    width = max(map(len, labels))
    for label in labels:
        walls = [r[label][0] * 1000 for r in runs if label in r]
        cpus = [r[label][1] * 1000 for r in runs if label in r]
        switches = statistics.median(r[label][2] for r in runs if label in r)
        print(f"{label:<{width}}  wall {min(walls):8.1f}  cpu {min(cpus):8.1f}  "
              f"switches {switches:5.0f}")


if __name__ == "__main__":
    main()
