"""CPU time and peak memory of ``ratecalc import fee-schedule`` of large payer files.

Each run is a fresh process, ``ratecalc import fee-schedule FILE --payer ... --workbook COPY
--json`` into a copy of the demo workbook, so its CPU time (user + system) and peak resident
memory (``ru_maxrss`` of the child) are the command's own. The files:

- ``--rows`` fee lines (default 50,000: 1,000 codes Medicare knows at 50 effective dates,
  every line new to the workbook, a third with modifier GP, amounts as ``$1,234.50``) under a
  title row and a header, as a CSV and as the one sheet of an .xlsx;
- ``--refused-rows`` lines (default 3,000,000) as a CSV: over the row limit, refused;
- an .xlsx holding 10 fee lines whose used range runs to row 1,048,576, a formatted empty
  cell in every row (what Excel keeps after rows are cleared): imported, its blanks not rows.

``--tree DIR`` (repeatable) runs other checkouts' packages too (``checkouts.use_tree``, the
venv's libraries), interleaved with this tree's runs, each ``--repeat`` times; the best CPU
time and the largest peak of each are printed. Figures only, never a pass or fail.
Run: ``python benchmarks/bench_fee_import.py [--rows N] [--repeat N] [--tree DIR]...``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
PAYER = "Summit BlueCare PPO"
#: Runs ``ratecalc`` with the packages of the tree given first (checkouts.use_tree).
RUNNER = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
          "from checkouts import use_tree; use_tree(Path(sys.argv[2])); "
          "from ratecalc_cli.main import main; sys.exit(main(sys.argv[3:]))")


def fee_lines(rows: int) -> Iterator[tuple[str, str, str, str]]:
    """``rows`` distinct lines (code, modifier, amount as text, effective date) of codes
    Medicare knows; their dates, from 2027 on, are none of the demo workbook's."""
    from ratecalc.loaders import known_codes

    codes = sorted(c for c in known_codes() if c.isdigit())[:1_000]
    for i in range(rows):
        month = i // len(codes)
        yield (codes[i % len(codes)], "GP" if i % 3 == 0 else "",
               f"${40 + (i * 37) % 90_000 / 100:,.2f}",
               f"{2027 + month // 12}-{1 + month % 12:02d}-01")


def write_csv(path: Path, lines: Iterable[tuple[str, str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Acme Health fee schedule"])
        out.writerow(["CPT/HCPCS", "Mod", "Allowable", "Effective"])
        out.writerows(lines)
    return path


def write_xlsx(path: Path, lines: Iterable[tuple[str, str, str, str]], *,
               blank_to: int | None = None) -> Path:
    """The lines on one sheet; with ``blank_to``, a formatted empty cell in every row after
    them up to that row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Rates")
    sheet.append(["Acme Health fee schedule"])
    sheet.append(["CPT/HCPCS", "Mod", "Allowable", "Effective"])
    written = 2
    for line in lines:
        sheet.append(list(line))
        written += 1
    if blank_to is not None:
        blank = WriteOnlyCell(sheet)
        blank.font = Font(bold=True)
        for _ in range(written + 1, blank_to + 1):
            sheet.append([None, None, blank])
    book.save(path)
    if blank_to is not None:
        with_dimension(path, f"A1:D{blank_to}")
    return path


def with_dimension(path: Path, used: str) -> None:
    """Give the sheet the ``<dimension>`` Excel writes (openpyxl's write-only mode writes
    none, and a reader without one parses the whole sheet to find its size)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<sheetViews>",
                                        f'<dimension ref="{used}"/><sheetViews>'.encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system [s]
    wall: float  # [s]
    peak_mb: float  # the child's largest resident set [MB]
    status: int
    output: str


def run(tree: Path, argv: list[str], work: Path) -> Run:
    """``ratecalc ARGV`` in a fresh process with ``tree``'s packages, measured by
    ``/usr/bin/time`` (the child's own peak: a child of this process would report this
    process's peak at the fork)."""
    out, measured = work / "out.txt", work / "time.txt"
    with out.open("w") as handle:
        done = subprocess.run(
            ["/usr/bin/time", "-o", str(measured), "-f", "%U %S %e %M", sys.executable, "-c",
             RUNNER, str(HERE / "benchmarks"), str(tree), *argv],
            stdout=handle, stderr=subprocess.STDOUT, cwd=work)
    user, system, wall, peak_kb = measured.read_text().split()[-4:]
    return Run(float(user) + float(system), float(wall), int(peak_kb) / 1024, done.returncode,
               said(out.read_text()))


def said(output: str) -> str:
    """What the command reported: rows read and appended, or its first line."""
    if output.startswith("{"):
        got = json.loads(output)
        return (f"{got['rows_read']:,} rows read, {got['appended']:,} appended, "
                f"{len(got['problems'])} problems")
    return output.strip().splitlines()[0][:120] if output.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--refused-rows", type=int, default=3_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tree", type=Path, action="append", default=[],
                        help="another checkout, measured in the same run (repeatable)")
    args = parser.parse_args()
    trees = [HERE, *(t.resolve() for t in args.tree)]
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "demo.xlsx"
        subprocess.run([sys.executable, "-c", RUNNER, str(HERE / "benchmarks"), str(HERE),
                        "workbook", "new", str(demo), "--demo", "--today", "2026-12-05"],
                       check=True, capture_output=True, cwd=work)
        files = {
            f"{args.rows:,} rows, CSV": write_csv(work / "fees.csv", fee_lines(args.rows)),
            f"{args.rows:,} rows, xlsx": write_xlsx(work / "fees.xlsx", fee_lines(args.rows)),
            f"{args.refused_rows:,} rows, CSV (over the limit)": write_csv(
                work / "huge.csv", fee_lines(args.refused_rows)),
            "10 rows, xlsx used to row 1,048,576": write_xlsx(
                work / "blanks.xlsx", fee_lines(10), blank_to=1_048_576),
        }
        runs: dict[tuple[str, Path], list[Run]] = {}
        for _ in range(args.repeat):
            for name, path in files.items():
                for tree in trees:
                    book = work / "book.xlsx"
                    shutil.copyfile(demo, book)
                    shutil.rmtree(work / "RateCalc backups", ignore_errors=True)
                    runs.setdefault((name, tree), []).append(run(tree, [
                        "import", "fee-schedule", str(path), "--payer", PAYER,
                        "--workbook", str(book), "--json"], work))
        for (name, tree), got in runs.items():
            best = min(got, key=lambda r: r.cpu)
            print(f"{name:<40} {tree.name:<14} cpu {best.cpu:6.2f} s (of {len(got)}: "
                  f"{', '.join(f'{r.cpu:.2f}' for r in got)}), wall {best.wall:6.2f} s, peak "
                  f"{max(r.peak_mb for r in got):6.0f} MB, exit {best.status}: {best.output}")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
