"""Issue 14's letter from a fresh process counted in instructions, not seconds: not a goal's
figure (``bench_user_waits.py`` times it), its account where the machine is too loaded for times.

Each run is one fresh process under valgrind's callgrind, which counts the instructions the
process executes: a count another process on the machine does not move, unlike CPU time. For
each tree (``--tree``, and ``--before OTHER`` repeatable):

- ``import pandas, docx``: the goal's floor as ``bench_user_waits.py`` runs it (pandas imports
  pyarrow there, which ``ratecalc`` keeps out);
- ``libraries imported``: numpy, pandas, openpyxl and python-docx imported as ``ratecalc
  letter`` imports them (pyarrow kept out, the collector paused, then ``gc.freeze()``);
- ``+ RateCalc's modules``: the same, then the modules a letter of a workbook imports before
  its work (``ratecalc_cli.letter``, the letter writer, the workbook reader);
- ``+ the workbook read``: the same, then the clinic's tables read from the workbook as a
  letter reads them (``load_clinic_data`` and the Proposal sheet's typed rates, one load);
- ``+ the analysis``: the same, then :func:`ratecalc.analysis.analyze` of what was read;
- ``ratecalc letter``: the command itself, the demo's proposal to Summit BlueCare PPO.

Each step's share is its count less the one before. Every run has ``PYTHONHASHSEED=0`` and
``OPENBLAS_NUM_THREADS=1``, after one run of each outside valgrind (the bytecode caches
written). One demo workbook, made by the last tree, serves every run.

Run: ``python benchmarks/letter_instructions.py [--before ../before] [--jobs 2]``
(Linux, valgrind installed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "benchmarks"))

from refresh_instructions import Count, counted, environment  # noqa: E402  (one way to count)

PAYER = "Summit BlueCare PPO"
FLOOR = "import pandas, docx"
LIBS = "libraries imported"
MODULES = "+ RateCalc's modules"
READ = "+ the workbook read"
ANALYSIS = "+ the analysis"
LETTER = "ratecalc letter"
_LIBRARIES = ("import gc, sys\n"
              "sys.modules['pyarrow'] = None\n"
              "gc.disable()\n"
              "import numpy, pandas, openpyxl, docx\n")
_MODULES = ("import ratecalc_cli.main, ratecalc_cli.letter, ratecalc_letter\n"
            "from ratecalc_letter.sources import import_readers\n"
            "import_readers(sys.argv[1])\n")
_READ = ("from ratecalc_letter.sources import load_clinic_data, read_requested_rates, "
         "reading_once\n"
         "with reading_once(sys.argv[1]):\n"
         "    data, problems = load_clinic_data(sys.argv[1])\n"
         f"    read_requested_rates(sys.argv[1], {PAYER!r})\n")
_ANALYSIS = "from ratecalc.analysis import analyze\nanalyze(data)\n"
_FROZEN = "gc.freeze()\ngc.enable()\n"
#: Each script run by the tree's Python from a file (``python -c`` would compile the program
#: as text at run time), with the workbook's path as its argument.
SCRIPTS = {
    FLOOR: "import pandas, docx\n",
    LIBS: _LIBRARIES + _FROZEN,
    MODULES: _LIBRARIES + _MODULES + _FROZEN,
    READ: _LIBRARIES + _MODULES + _FROZEN + _READ,
    ANALYSIS: _LIBRARIES + _MODULES + _FROZEN + _READ + _ANALYSIS,
}


def commands(tree: Path, scripts: Path) -> dict[str, list[str]]:
    python = str(tree / ".venv" / "bin" / "python")
    run = {name: [python, str(scripts / f"{n}.py"), "BOOK"] for n, name in enumerate(SCRIPTS)}
    return {**run, LETTER: [str(tree / ".venv" / "bin" / "ratecalc"), "letter", "BOOK",
                            "--payer", PAYER, "--out", "OUT"]}


def run_one(tree: Path, name: str, argv: list[str], env: dict[str, str], work: Path,
            demo: Path) -> Count:
    label = f"{tree.name}-{name.replace(' ', '_').replace(chr(39), '').replace(',', '')}"
    folder = work / label
    folder.mkdir()
    book = folder / "demo.xlsx"
    letter = folder / "letter.docx"
    argv = [{"BOOK": str(book), "OUT": str(letter)}.get(a, a) for a in argv]
    shutil.copy2(demo, book)
    subprocess.run(argv, env=env, check=False, capture_output=True)  # .pyc written
    letter.unlink(missing_ok=True)
    shutil.copy2(demo, book)
    return counted(argv, env, folder / "callgrind.out")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the tree to measure (its .venv)")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="another tree counted in the same run (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="runs under valgrind at a time")
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
                        str(demo), "--demo"], env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        load = os.getloadavg()[0]
        jobs = {(tree, name): argv for tree in trees
                for name, argv in commands(tree, work).items()}
        with ThreadPoolExecutor(args.jobs) as pool:
            futures = {key: pool.submit(run_one, key[0], key[1], argv, env, work, demo)
                       for key, argv in jobs.items()}
            counts = {key: future.result() for key, future in futures.items()}
    print(f"instructions of one run each under callgrind (PYTHONHASHSEED=0, one BLAS thread); "
          f"load average at start {load:.1f}; python {sys.version.split()[0]}")
    for tree in trees:
        got = {name: counts[(tree, name)] for name in (*SCRIPTS, LETTER)}
        letter = got[LETTER].instructions
        print(f"\n{tree}")
        before = 0
        for name, count in got.items():
            step = ("" if name in (FLOOR, LETTER) else
                    f"  step {(count.instructions - before) / 1e6:7.0f} M")
            print(f"  {name:24} {count.instructions / 1e9:7.3f} G  "
                  f"({count.instructions / letter:6.1%} of the letter){step}  "
                  f"compiling text at run time {count.compiled / 1e6:6.1f} M")
            if name not in (FLOOR, LETTER):
                before = count.instructions
        print(f"  the letter beyond the analysis (content, render, save, exit) "
              f"{(letter - got[ANALYSIS].instructions) / 1e6:.0f} M; over the floor "
              f"{letter / got[FLOOR].instructions:.2f}x")


if __name__ == "__main__":
    main()
