"""Not a timing: what ``ratecalc import fee-schedule`` writes, by each ``--tree``, compared.

Each tree imports the same files (``--file``, repeatable; default the 50,000-row CSV and xlsx
of ``bench_fee_import.py``) into its own copy of one demo workbook, at one fixed time; then
every sheet of each result is dumped as openpyxl reads it back (each cell's value, type,
number format, font, fill, alignment and protection; the tables' ranges; the data
validations; the defined names) and the dumps compared (``checkouts.folders_differ``). Run
before calling a change to the import behaviour-preserving:
``python benchmarks/fee_import_outputs.py --tree OLD --tree .``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from checkouts import folders_differ

HERE = Path(__file__).resolve().parent
IMPORT = """
import sys
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from checkouts import use_tree
use_tree(Path(sys.argv[2]))
from ratecalc_workbook.fee_schedule_import import import_fee_schedule
done = import_fee_schedule(sys.argv[3], sys.argv[4], "Summit BlueCare PPO",
                           now=datetime(2026, 12, 5, 12, 0))
print(done.appended.appended if done.appended else None, len(done.problems))
"""


def dump(book: Path, out: Path) -> None:
    """Every sheet of ``book`` as openpyxl reads it back, one JSON file a sheet."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    out.mkdir(parents=True)
    (out / "defined_names.json").write_text(json.dumps(
        sorted((n, str(d.attr_text)) for n, d in wb.defined_names.items()), indent=0))
    for ws in wb.worksheets:
        cells = [[c.coordinate, repr(c.value), c.data_type, c.number_format, repr(c.font.b),
                  c.fill.fgColor.rgb if c.fill and c.fill.fgColor else None,
                  c.alignment.horizontal, c.protection.locked]
                 for row in ws.iter_rows() for c in row if c.value is not None or c.has_style]
        tables = sorted((t.name, t.ref) for t in ws.tables.values())
        validations = sorted((v.type or "", str(v.sqref), v.formula1 or "")
                             for v in ws.data_validations.dataValidation)
        (out / f"{ws.title}.json").write_text(json.dumps(
            {"cells": cells, "tables": tables, "validations": validations}, indent=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--file", type=Path, action="append", default=[])
    parser.add_argument("--out", type=Path, help="keep the dumps here (default: a temporary "
                        "folder, removed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.out or Path(tmp)
        demo = work / "demo.xlsx"
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                        "from checkouts import use_tree; from pathlib import Path; "
                        "use_tree(Path(sys.argv[2])); from ratecalc_cli.main import main; "
                        "sys.exit(main(sys.argv[3:]))", str(HERE), str(args.tree[0].resolve()),
                        "workbook", "new", str(demo), "--demo", "--today", "2026-12-05"],
                       check=True, capture_output=True)
        files = args.file
        if not files:
            from bench_fee_import import fee_lines, write_csv, write_xlsx

            files = [write_csv(work / "fees.csv", fee_lines(50_000)),
                     write_xlsx(work / "fees.xlsx", fee_lines(50_000))]
        differ = False
        for source in files:
            dumps = []
            for number, tree in enumerate(args.tree):
                book = work / f"{source.name}-{number}" / "negotiation.xlsx"
                book.parent.mkdir(parents=True)
                shutil.copyfile(demo, book)
                said = subprocess.run([sys.executable, "-c", IMPORT, str(HERE),
                                       str(tree.resolve()), str(book), str(source)],
                                      check=True, capture_output=True, text=True).stdout
                print(f"{source.name} by {tree}: appended, problems: {said.strip()}")
                dumps.append(book.parent / "dump")
                dump(book, dumps[-1])
            differ |= folders_differ(dumps)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
