"""Where a ``ratecalc letter`` of the demo workbook (the proposal to Summit BlueCare PPO) uses
pandas: the inventory behind the question "could a letter run without importing pandas?"
(issue 14's letter row). Not a timing of a goal (``bench_user_waits.py`` has it;
``letter_instructions.py`` and ``letter_steps.py`` count it in instructions).

The same report as ``refresh_pandas_uses.py`` (one way to take it: its ``inventory``), for the
letter: in a fresh process of the tree's venv, one ``ratecalc letter`` by ``main()`` (the
imports as the command makes them), then the letter's work
(:func:`ratecalc_letter.write_proposal_letter`) traced once and sampled ``--repeat`` times:

- the modules of the tree a letter imports that import pandas when they load;
- every function of the tree that calls into pandas in one letter, with its calls and the most
  rows of a table they were made on, summed by module;
- the share of the letters' samples (1 ms) with pandas on the stack, by the calling module.

``--functions`` lists each calling function, not only each module.

Run: ``python benchmarks/letter_pandas_uses.py [--tree TREE] [--workbook BOOK] [--repeat 10]
[--functions]`` (the demo workbook by default, made by the tree's ``ratecalc workbook new
--demo``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "benchmarks"))

from refresh_pandas_uses import inventory, report  # noqa: E402  (one way to take it)

PAYER = "Summit BlueCare PPO"


def worker(tree: str, source: str, repeat: int) -> None:
    """Run in the tree's venv: one letter by ``main()``, then the traced and sampled ones."""
    out = Path(tempfile.mkdtemp(prefix="letter-uses-")) / "letter.docx"

    def letter(path: Path) -> object:
        from ratecalc_letter import write_proposal_letter

        return write_proposal_letter(path, PAYER, out)

    argv = ["letter", "BOOK", "--payer", PAYER, "--out", str(out)]
    print(json.dumps(inventory(tree, source, repeat, argv, letter)))


def functions(got: dict[str, Any]) -> None:
    """Each calling function: its calls of pandas, the most rows, pandas' names most called."""
    print(f"\n{'function':<64} {'calls':>6} {'rows':>5}  pandas' names most called")
    for key, entry in sorted(got["calls"].items(), key=lambda item: -item[1]["calls"]):
        names = ", ".join(f"{name} {count}" for name, count in entry["names"][:4])
        print(f"{key:<64} {entry['calls']:>6} {entry['rows']:>5}  {names}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the tree to inventory (its .venv)")
    parser.add_argument("--workbook", type=Path,
                        help="the workbook to write from (default: the tree's demo workbook)")
    parser.add_argument("--repeat", type=int, default=10, help="letters sampled")
    parser.add_argument("--functions", action="store_true", help="list each calling function")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.repeat)
        return
    tree = args.tree.resolve()
    python = tree / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "source.xlsx"
        if args.workbook:
            source.write_bytes(args.workbook.read_bytes())
        else:
            subprocess.run([str(tree / ".venv" / "bin" / "ratecalc"), "workbook", "new",
                            str(source), "--demo"], check=True, capture_output=True)
        env = {**os.environ, "PYTHONPATH": ""}
        done = subprocess.run([str(python), __file__, "--worker", str(tree) + os.sep,
                               str(source), "--repeat", str(args.repeat)],
                              check=True, capture_output=True, text=True, env=env)
    got = json.loads(done.stdout.splitlines()[-1])
    report(got, args.repeat, "letter")
    if args.functions:
        functions(got)


if __name__ == "__main__":
    main()
