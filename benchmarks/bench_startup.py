"""What each ``ratecalc`` command imports as it starts and what that costs, in fresh processes,
against its floor (what it truly needs) and against a baseline tree, measured in the same run.

For each command and subcommand: its ``--help``, a wrong option it refuses, a missing input
file where it reads one, and a few runs that do their work without reading a file (issue 14's
question: does a command start faster than what it needs allows?). Each figure is the best of
``--repeat`` runs of CPU time (user + system of the child, which a loaded machine inflates less
than wall time); each round runs every case in this tree, in each ``--before`` tree and every
floor once, the order of the trees alternating from round to round.

The floors, each a bare ``python -c`` in this tree's Python (:data:`FLOORS`): ``import
argparse`` (printing help or refusing an argument), ``import numpy`` (a Medicare lookup: the
fee-schedule engine's arrays) and ``import numpy, pandas`` (the commands whose work builds
frames). ``import ms`` is the least time in imports of a run under ``python -X importtime``, one
such run a round (wall time, so loaded by other processes: a guide to where the time goes). A last
column names the libraries each process imported beyond ``argparse`` (from
``sys.modules`` as it exits), so a figure over its floor shows what it paid for.

Run: ``python benchmarks/bench_startup.py [--before /tmp/rw/base5] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

#: Libraries (and RateCalc's packages that load them) a start may pay for: the last column.
WATCHED = ("pandas", "numpy", "pyarrow", "openpyxl", "docx", "lxml", "PIL", "xlwings",
           "matplotlib", "scipy", "dateutil", "urllib3", "ssl", "http.client",
           "multiprocessing", "hypothesis", "pytest")

#: Each floor imports as ``ratecalc`` imports its libraries (no pyarrow, the collector paused
#: while importing and what was imported then frozen: ``ratecalc_cli.main.loading_libraries``),
#: and runs with one BLAS thread, as ``ratecalc`` sets it (``BLAS_ENV``).
FLOORS = {
    "argparse": "import argparse",
    "numpy": "import gc; gc.disable(); import numpy; gc.freeze()",
    "pandas": ("import gc, sys; sys.modules['pyarrow'] = None; gc.disable(); "
               "import numpy, pandas; gc.freeze()"),
}
BLAS_ENV = {"OPENBLAS_NUM_THREADS": "1"}

MISSING = "/nonexistent/ratecalc-bench"
#: (words after ``ratecalc``, floor).
CASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("--help",), "argparse"),
    (("--version",), "argparse"),
    *((tuple(words.split()) + (tail,), "argparse")
      for words in ("demo", "analyze", "refresh", "letter", "scenario", "exit-impact",
                    "timeline", "medicare", "medicare import", "medicare releases", "addin",
                    "addin build", "workbook", "workbook new", "workbook export",
                    "workbook upgrade", "import", "import fee-schedule", "import remittances",
                    "import market-rates", "market-rates", "market-rates providers",
                    "market-rates benchmark")
      for tail in ("--help", "--no-such-option")),
    (("analyze", MISSING), "argparse"),
    (("refresh", f"{MISSING}.xlsx"), "argparse"),
    (("letter", f"{MISSING}.xlsx", "--payer", "X"), "argparse"),
    (("workbook", "upgrade", f"{MISSING}.xlsx"), "argparse"),
    (("medicare", "import", f"{MISSING}.zip"), "argparse"),
    (("import", "remittances", f"{MISSING}.835"), "argparse"),
    (("import", "market-rates", f"{MISSING}.json"), "argparse"),
    (("medicare", "97110", "--locality", "AL", "--date", "2025-06-01", "--json"), "numpy"),
    (("timeline", "--end", "2026-06-30", "--as-of", "2026-01-15", "--json"), "pandas"),
    (("exit-impact", "--annual-visits", "1500", "--rate-per-visit", "95", "--json"), "pandas"),
    (("scenario", "--units", "1200", "--medicare", "26.83", "--fixed", "32",
      "--pct-of-medicare", "1.15", "--years", "5", "--cf-change", "-0.028", "--json"), "pandas"),
)

#: Run in the child: the command as its console script runs it, then which of :data:`WATCHED`
#: it imported, printed on stderr as it exits.
COMMAND = ("import atexit, sys\n"
           f"atexit.register(lambda: print('LOADED', ','.join(m for m in {WATCHED!r} "
           "if sys.modules.get(m) is not None), file=sys.__stderr__))\n"
           "sys.argv = ['ratecalc', *sys.argv[1:]]\n"
           "from ratecalc_cli.main import run\n"
           "run()\n")


def cpu_of(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    """One child process: its CPU time (user + system) and what it printed on stderr."""
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime), done.stderr


def import_ms(python: str, words: tuple[str, ...], env: dict[str, str]) -> float:
    """Milliseconds of imports in one run under ``python -X importtime``: the sum of the
    cumulative times of the imports made at the top level (not inside another import)."""
    done = subprocess.run([python, "-X", "importtime", "-c", COMMAND, *words], env=env,
                          capture_output=True, text=True)
    total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        if not name[1:].startswith(" "):  # depth 0: one space before the name
            total += int(cumulative)
    return total / 1000


def loaded(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("LOADED ")]
    return lines[-1][len("LOADED "):] if lines else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE)
    parser.add_argument("--before", type=Path, action="append", default=[])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    trees = [args.tree.resolve(), *(b.resolve() for b in args.before)]
    labels = ["this", *(f"before{i + 1}" if len(args.before) > 1 else "before"
                        for i in range(len(args.before)))]
    python = {tree: str(tree / ".venv" / "bin" / "python") for tree in trees}
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # every tree runs from its compiled files
    best: dict[tuple[str, int], float] = {}
    seen: dict[tuple[str, int], str] = {}
    floors: dict[str, float] = {}
    imports: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env["RATECALC_DATA_DIR"] = str(Path(tmp) / "no-user-data")  # bundled releases only
        for round_ in range(args.repeat):
            order = list(zip(labels, trees, strict=True))
            if round_ % 2:
                order.reverse()
            for name, code in FLOORS.items():
                cpu, _ = cpu_of([python[trees[0]], "-c", code], {**env, **BLAS_ENV})
                floors[name] = min(floors.get(name, cpu), cpu)
            for i, (words, _) in enumerate(CASES):
                for label, tree in order:
                    cpu, err = cpu_of([python[tree], "-c", COMMAND, *words], env)
                    best[label, i] = min(best.get((label, i), cpu), cpu)
                    seen[label, i] = loaded(err)
                    ms = import_ms(python[tree], words, env)
                    imports[label, i] = min(imports.get((label, i), ms), ms)
    load = os.getloadavg()
    print(f"best of {args.repeat}, CPU s (user+sys); load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f}; floors: "
          + ", ".join(f"{name} {cpu:.3f}" for name, cpu in floors.items()))
    head = f"{'ratecalc ...':58} {'floor':>8} " + " ".join(f"{label:>7}" for label in labels)
    head += " /floor" + "".join(f" /{label}" for label in labels[1:])
    print(head + "  import ms (-X importtime)  imported (this | before)")
    for i, (words, floor) in enumerate(CASES):
        this = best["this", i]
        row = f"{' '.join(words)[:58]:58} {floor:>8} " + " ".join(
            f"{best[label, i]:7.3f}" for label in labels)
        row += f" {this / floors[floor]:6.2f}" + "".join(
            f" {this / best[label, i]:{len(label) + 1}.2f}" for label in labels[1:])
        row += "  " + " | ".join(f"{imports[label, i]:5.0f}" for label in labels)
        row += "  " + " | ".join(seen[label, i] or "-" for label in labels)
        print(row)


if __name__ == "__main__":
    sys.exit(main())
