"""What a refresh writes, by each checkout, to compare them (``diff -r``): not a timing.

    python benchmarks/refresh_outputs.py --tree /path/to/old --tree . --workbook A.xlsx \
        [--workbook B.xlsx] --out DIR

Each ``--tree`` runs in its own process with this Python, its ``ratecalc`` packages imported
from the tree's folders (as ``tic_outputs.py`` does), pandas keeping strings as a ``ratecalc``
process does (no pyarrow). It refreshes a copy of each ``--workbook`` at one fixed time
(``--now``) and writes into ``DIR/<n>``, for each workbook:

- ``parts/``: every part of the refreshed file as it is in the zip, byte for byte, but
  ``docProps/core.xml`` (the time of the save);
- ``sheets.txt``: the workbook as openpyxl reads it back: the sheets and their states, the
  defined names (the workbook's and each sheet's), and for each sheet every cell's value, type,
  number format, font, fill, border, alignment and protection, its hyperlink and comment; the
  merged cells, column widths and row heights, frozen panes, print settings (page setup,
  margins, print options, titles and area, header and footer, page breaks), data validations,
  conditional formats, tables, sheet protection and properties, charts and images counted;
- ``problems.txt``: the refresh's problems as ``ratecalc refresh --json`` lists them, and the
  Problems sheet's text, row by row.

The script then runs ``diff -r`` over the trees' folders and exits 1 if any differ. Run it
before calling a change to the refresh behaviour-preserving.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from checkouts import book_copy, folders_differ, run_as_ratecalc, write_parts

NOW = "2026-12-05T10:00:00"


def _style(cell: Any) -> str:
    return " | ".join(repr(part) for part in (cell.font, cell.fill, cell.border, cell.alignment,
                                              cell.protection))


def sheet_text(ws: Any) -> list[str]:
    """One sheet as openpyxl reads it, a line a thing."""
    from openpyxl.xml.functions import tostring

    lines = [f"== {ws.title} ({type(ws).__name__}, {ws.sheet_state})"]
    if not hasattr(ws, "_cells"):  # a chartsheet
        return lines
    for _, cell in sorted(ws._cells.items()):
        comment = cell.comment.text if cell.comment is not None else None
        link = cell.hyperlink.target if cell.hyperlink is not None else None
        lines.append(f"{cell.coordinate} {cell.data_type} {cell.value!r} "
                     f"fmt={cell.number_format!r} link={link!r} comment={comment!r} "
                     f"style={_style(cell)}")
    lines.append(f"merged {sorted(str(r) for r in ws.merged_cells.ranges)}")
    for key, dim in sorted(ws.column_dimensions.items()):
        lines.append(f"col {key} width={dim.width} custom={dim.customWidth} hidden={dim.hidden} "
                     f"min={dim.min} max={dim.max} style={dim.style!r}")
    for key, dim in sorted(ws.row_dimensions.items()):
        lines.append(f"row {key} height={dim.ht} hidden={dim.hidden}")
    lines += [f"freeze {ws.freeze_panes}", f"views {ws.views!r}",
              f"page_setup {ws.page_setup!r}", f"margins {ws.page_margins!r}",
              f"print_options {ws.print_options!r}",
              f"print_titles {ws.print_title_rows!r} {ws.print_title_cols!r}",
              f"print_area {ws.print_area!r}",
              f"header_footer {tostring(ws.HeaderFooter.to_tree())!r}",
              f"row_breaks {ws.row_breaks!r}", f"col_breaks {ws.col_breaks!r}",
              f"protection {ws.protection!r}", f"properties {ws.sheet_properties!r}",
              f"format {ws.sheet_format!r}", f"auto_filter {ws.auto_filter!r}"]
    for dv in ws.data_validations.dataValidation:
        lines.append(f"validation {dv.sqref} {dv!r}")
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            lines.append(f"conditional {rng.sqref} {rule!r} dxf={rule.dxf!r}")
    for name, table in sorted(ws.tables.items()):
        lines.append(f"table {name} {table!r}")
    for name, defined in sorted(ws.defined_names.items()):
        lines.append(f"name (sheet) {name} {defined.attr_text}")
    lines.append(f"charts {len(ws._charts)} images {len(ws._images)}")
    return lines


def dump(tree: Path, books: list[Path], now: datetime, out: Path) -> None:
    run_as_ratecalc(tree)
    from openpyxl import load_workbook

    from ratecalc_workbook import layout
    from ratecalc_workbook.refresh import refresh_workbook

    for book in books:
        copy = book_copy(out, book)
        folder = copy.parent
        result = refresh_workbook(copy, now=now)
        write_parts(copy, folder / "parts")
        wb = load_workbook(copy)
        lines = [f"sheets {[(ws.title, ws.sheet_state) for ws in wb.worksheets]}"]
        lines += [f"name {name} {defined.attr_text}"
                  for name, defined in sorted(wb.defined_names.items())]
        for ws in wb.worksheets:
            lines += sheet_text(ws)
        (folder / "sheets.txt").write_text("\n".join(lines) + "\n")
        summary = result.as_dict()
        summary["workbook"] = summary["backup"] = None  # paths of this run
        problems = [json.dumps(summary, indent=1, sort_keys=True, default=str)]
        problems += [repr(row) for row in wb[layout.PROBLEMS].iter_rows(values_only=True)]
        (folder / "problems.txt").write_text("\n".join(problems) + "\n")
        copy.unlink()
        shutil.rmtree(folder / "RateCalc backups", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--workbook", type=Path, action="append", required=True)
    parser.add_argument("--now", default=NOW, help=f"the refresh time (default {NOW})")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    books = [b.resolve() for b in args.workbook]
    if args.dump is not None:
        dump(args.tree[0].resolve(), books, datetime.fromisoformat(args.now), args.dump)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    folders = []
    for i, tree in enumerate(args.tree):
        folder = (args.out / str(i)).resolve()
        command = [sys.executable, __file__, "--tree", str(tree.resolve()), "--now", args.now,
                   "--out", str(args.out), "--dump", str(folder)]
        for book in books:
            command += ["--workbook", str(book)]
        subprocess.run(command, check=True, cwd=args.out)
        folders.append(folder)
        print(f"{tree}: {sum(1 for _ in folder.rglob('*'))} files in {folder}")
    sys.exit(1 if folders_differ(folders) else 0)


if __name__ == "__main__":
    main()
