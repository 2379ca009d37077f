"""What the letter writer writes, by each checkout, to compare them (``diff -r``): not a timing.

    python benchmarks/letter_outputs.py --tree /path/to/old --tree . --workbook A.xlsx \
        [--workbook B.xlsx] [--payers 3] --out DIR

Each ``--tree`` runs in its own process with this Python, its ``ratecalc`` packages imported
from the tree's folders (``checkouts.use_tree``), pandas keeping strings as a ``ratecalc``
process does (no pyarrow). For each ``--workbook`` it writes, from a copy of it, the proposal,
counter and termination letters to the first ``--payers`` payers of its Payers sheet (all of
them with ``--payers 0``), as ``ratecalc letter`` does (``write_proposal_letter``, the letter's
date the workbook's), into ``DIR/<n>/<workbook>/<number>-<payer>-<kind>/`` (numbered in the
Payers sheet's order: a name in Hebrew or Arabic letters makes no slug of its own):

- ``parts/``: every part of the .docx as it is in the zip, byte for byte (``word/document.xml``,
  the chart and its workbook, the styles...), but ``docProps/core.xml`` (the time written);
- ``text.txt``: the letter as python-docx reads it back: each paragraph's style and text, each
  table's cells, the headers' paragraphs;
- ``content.json``: what the letter says (``--json``'s content) and its warnings;

or ``error.txt``: the message of a letter that is refused (a counter letter with no offer on
file). The script then runs ``diff -r`` over the trees' folders and exits 1 if any differ. Run
it before calling a change to the letter writer behaviour-preserving.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from checkouts import book_copy, folders_differ, run_as_ratecalc, write_parts

KINDS = ("proposal", "counter", "termination")


def letter_text(path: Path) -> str:
    """The letter's paragraphs (style and text), tables and headers, a line a thing."""
    from docx import Document

    doc = Document(str(path))
    lines = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rpartition("}")[2]
        if tag == "p":
            paragraph = next(p for p in doc.paragraphs if p._p is block)
            lines.append(f"p [{paragraph.style.name}] {paragraph.text!r}")
        elif tag == "tbl":
            table = next(t for t in doc.tables if t._tbl is block)
            lines += [f"row {[cell.text for cell in row.cells]!r}" for row in table.rows]
    for i, section in enumerate(doc.sections):
        for name in ("first_page_header", "header", "footer"):
            part = getattr(section, name)
            lines += [f"section {i} {name} {p.text!r}" for p in part.paragraphs]
    return "\n".join(lines) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def dump(tree: Path, books: list[Path], payers: int, out: Path) -> None:
    run_as_ratecalc(tree)
    from ratecalc.errors import RateCalcError
    from ratecalc_letter.api import write_proposal_letter

    for book in books:
        copy = book_copy(out, book)
        folder = copy.parent
        names = _payer_names(copy)
        for number, payer in enumerate(names[:payers] if payers else names, start=1):
            for kind in KINDS:
                # numbered: names of other scripts (Hebrew, Arabic) have no slug of their own
                target = folder / f"{number:02}-{_slug(payer)}-{kind}"
                target.mkdir()
                docx = target / "letter.docx"
                try:
                    result = write_proposal_letter(copy, payer, docx, kind=kind)
                except RateCalcError as exc:
                    (target / "error.txt").write_text(f"{type(exc).__name__}: {exc}\n")
                    continue
                write_parts(docx, target / "parts")
                (target / "text.txt").write_text(letter_text(docx))
                said: dict[str, Any] = result.content.as_dict()
                said["warnings"] = [p.message for p in result.problems]
                (target / "content.json").write_text(
                    json.dumps(said, indent=1, sort_keys=True, default=str) + "\n")
                docx.unlink()
        copy.unlink()
        shutil.rmtree(folder / "RateCalc backups", ignore_errors=True)


def _payer_names(book: Path) -> list[str]:
    """The payers of the workbook's Payers table, in its order, as the letter reads it."""
    from ratecalc_workbook.reader import read_workbook

    data, _ = read_workbook(book)
    assert data is not None, f"{book}: its tables do not read"
    return [str(name) for name in data.payers["payer"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--workbook", type=Path, action="append", required=True)
    parser.add_argument("--payers", type=int, default=3,
                        help="letters to this many payers of each workbook (0: every payer)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    books = [b.resolve() for b in args.workbook]
    if args.dump is not None:
        dump(args.tree[0].resolve(), books, args.payers, args.dump)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    folders = []
    for i, tree in enumerate(args.tree):
        folder = (args.out / str(i)).resolve()
        command = [sys.executable, __file__, "--tree", str(tree.resolve()), "--payers",
                   str(args.payers), "--out", str(args.out), "--dump", str(folder)]
        for book in books:
            command += ["--workbook", str(book)]
        subprocess.run(command, check=True, cwd=args.out)
        folders.append(folder)
        print(f"{tree}: {sum(1 for _ in folder.rglob('*'))} files in {folder}")
    sys.exit(1 if folders_differ(folders) else 0)


if __name__ == "__main__":
    main()
