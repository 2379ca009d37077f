"""The xlsx package check (``ratecalc.xlsx_package.check_xlsx_package``) on sheets of numbers.

Four generated workbooks of 30,000 rows x 10 cells: positive amounts, negative amounts,
remittance-like rows mixing text cells (payer, code, reason) with negative amounts, and rows
of three TRUE/FALSE cells beside negative amounts (90,000 TRUE/FALSE cells, each looked at). The
check of a text cell pointing at a negative text number must cost about the same on each: it
is one pass of C over a sheet's bytes, not a Python step per negative value. Each tree runs in
a fresh process, the trees alternating from round to round; CPU seconds (user + system), best
of 3 calls in each process, on the workbook's bytes (so no file-version cache is hit).

    python benchmarks/bench_xlsx_check.py --rounds 3 --before /path/to/other/checkout
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r'''
import resource, sys
from ratecalc.xlsx_package import check_xlsx_package
shown = []
for name in sys.argv[1:]:
    data = open(name, "rb").read()
    best = float("inf")
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_SELF)
        check_xlsx_package(data, name)
        after = resource.getrusage(resource.RUSAGE_SELF)
        best = min(best, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    shown.append(f"{best:.3f}")
print(" ".join(shown))
'''

KINDS = ("positive", "negative", "mixed", "booleans")


def make_books(folder: Path, rows: int) -> list[Path]:
    from openpyxl import Workbook

    paths = []
    for kind in KINDS:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Rates")
        for r in range(rows):
            if kind == "mixed":
                ws.append([f"Payer {r % 7}", f"9711{r % 10}", -(r + 0.25), -(r % 50 + 1.5),
                           r * 2.0, -(r % 3), "CO-45", -12.5, -r, 1.0])
            elif kind == "booleans":
                ws.append([r % 2 == 0, -(r + 0.25), True, -(r % 50 + 1.5), False, -r, r * 2.0,
                           -12.5, -(r % 3), 1.0])
            else:
                sign = -1 if kind == "negative" else 1
                ws.append([sign * (r * 10 + c + 0.25) for c in range(10)])
        path = folder / f"{kind}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--before", action="append", default=[], metavar="TREE",
                        help="another checkout with its own .venv, measured in the same run")
    args = parser.parse_args()
    this = Path(__file__).resolve().parents[1]
    trees = {"THIS": this, **{f"BEFORE{i + 1}": Path(t) for i, t in enumerate(args.before)}}
    with tempfile.TemporaryDirectory() as tmp:
        books = make_books(Path(tmp), args.rows)
        print(f"{args.rows:,} rows x 10 cells; CPU s, best of 3: " + ", ".join(KINDS))
        for round_ in range(args.rounds):
            for label, tree in trees.items():
                python = tree / ".venv" / "bin" / "python"
                load = os.getloadavg()[0]
                result = subprocess.run([str(python if python.exists() else sys.executable),
                                         "-c", CHILD, *map(str, books)], cwd=tree, check=True,
                                        capture_output=True, text=True)
                print(f"round {round_ + 1} {label:8} load {load:5.2f}  {result.stdout.strip()}",
                      flush=True)


if __name__ == "__main__":
    main()
