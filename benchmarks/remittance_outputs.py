"""Every output of an 835 import, written to files by each checkout, to compare them (``diff -r``).

    python benchmarks/remittance_outputs.py --tree /path/to/old --tree . --out DIR
        [--samples ../shared/data/x12_835] [--segments 200000] [--input PATH ...]

The inputs are made once, in ``DIR/inputs``: each X12 sample under ``--samples`` (each alone,
then the folder of all), a balanced synthetic 835 of ``--segments`` segments (the 835
benchmark's file: ``synthetic_835(N, seed=1)``), a smaller one of another seed and one payer's
payments of a third; a folder ``duplicates`` of the smaller one three times (its copy with one
unreadable CAS amount, as ``bench_remittance_declined.py`` makes it, first, then the file, then a
copy of it: the same payments in three files, each payment counted once); and each ``--input``
(a file or folder, imported as one input). Each ``--tree`` runs in its own process with this
Python, its ``ratecalc`` packages imported from the tree's folders, and writes into ``DIR/<n>``:
for each input, ``ratecalc import remittances`` printed (table, ``--json``), ``--out`` (the line,
PLB and adjustment files, and with ``--include-patient-data``), and a ``--workbook`` import into
a copy of one demo workbook (every sheet's values); the exit code and what went to stderr with
each.
The script then runs ``diff -r`` over the trees' folders and exits 1 if any differ.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from checkouts import dump_done, folders_differ, sheet_text, use_tree

HERE = Path(__file__).resolve().parents[1]
#: The X12 samples of shared/data (see its PROVENANCE.md), beside the project's tree or beside
#: the folder of its worktrees.
SAMPLES = next((folder / "shared" / "data" / "x12_835" for folder in HERE.parents
                if (folder / "shared" / "data" / "x12_835").is_dir()), HERE.parent / "shared")


def make_inputs(samples: Path, segments: int, folder: Path,
                extra: tuple[Path, ...] = ()) -> list[Path]:
    """The inputs every tree reads (one copy, so every path printed is the same)."""
    from ratecalc.remittance.synthetic import (
        STANDARD,
        random_payments,
        segments_835,
        serialize,
        synthetic_835,
    )

    folder.mkdir(parents=True, exist_ok=True)
    every = folder / "all_samples"
    every.mkdir(exist_ok=True)
    inputs = []
    for path in sorted(samples.rglob("*")):
        if path.is_file() and path.suffix in (".835", ".txt") and "LICENSE" not in path.name:
            copy = folder / f"{path.parent.name}__{path.name}"
            shutil.copyfile(path, copy)
            shutil.copyfile(path, every / copy.name)
            inputs.append(copy)
    inputs.append(every)
    for name, count, seed in (("generated.835", segments, 1), ("generated_small.835", 20_000,
                                                                7)):
        (folder / name).write_text(synthetic_835(count, seed=seed))
        inputs.append(folder / name)
    # the same payments in three files, the copy with an unreadable CAS amount first (read by
    # the segment parser, the others by the column reader): leaving out the later copies was
    # quadratic in their rows (minutes for 200,000 segments)
    duplicates = folder / "duplicates"
    duplicates.mkdir(exist_ok=True)
    text = (folder / "generated_small.835").read_text()
    (duplicates / "a_bad_cas.835").write_text(bad_cas_copy(text))
    (duplicates / "b_generated_small.835").write_text(text)
    (duplicates / "c_copy.835").write_text(text)
    inputs.append(duplicates)
    for path in extra:
        if path.is_dir():
            shutil.copytree(path, folder / path.name, dirs_exist_ok=True)
        else:
            shutil.copyfile(path, folder / path.name)
        inputs.append(folder / path.name)
    # one payer's payments, which a --workbook import takes (it refuses several payers' files
    # under one name): its Fee Schedules rows, each rate with the days it was paid
    payments = random_payments(3_000, seed=3)
    one_payer = [payment for payment in payments if payment.payer == payments[0].payer]
    (folder / "generated_one_payer.835").write_text(
        serialize(segments_835(one_payer, payments_per_interchange=20), STANDARD))
    inputs.append(folder / "generated_one_payer.835")
    # one demo workbook for every tree to import into: made in each, it would differ by the
    # time of its refresh
    from ratecalc_cli.main import main

    (folder / "demo.xlsx").unlink(missing_ok=True)  # a new workbook is never written over one
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["workbook", "new", str(folder / "demo.xlsx"), "--demo", "--today",
                     "2026-12-01"]) == 0
    return inputs


def bad_cas_copy(text: str) -> str:
    """``text`` with its last CAS amount but 2,000 characters made unreadable (an X after the
    group and reason), as ``bench_remittance_declined.py`` makes its bad file."""
    at = text.rfind("CAS*", 0, len(text) - 2000)
    end = text.find("*", text.find("*", at + 4) + 1)  # after the CAS's group and reason
    return text[:end + 1] + "X" + text[end + 1:]


def dump(tree: Path, inputs: list[Path], out: Path) -> None:
    use_tree(tree)
    from openpyxl import load_workbook

    from ratecalc_cli.main import main

    out.mkdir(parents=True, exist_ok=True)
    os.chdir(out)  # paths the outputs print are relative: the same in every tree's folder
    out = Path(".")

    def command(name: str, argv: list[str]) -> None:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
        (out / f"{name}.cli").write_text(f"exit {code}\n{stdout.getvalue()}\n{stderr.getvalue()}")

    book = inputs[0].parent / "demo.xlsx"
    for source in inputs:
        name = source.name
        base = ["import", "remittances", str(source)]
        command(f"{name}.table", base)
        command(f"{name}.json", [*base, "--json"])
        command(f"{name}.out", [*base, "--out", str(out / f"{name}.lines.csv")])
        command(f"{name}.patient", [*base, "--include-patient-data", "--out",
                                    str(out / f"{name}.patient.lines.csv")])
        copy = out / f"{name}.xlsx"
        shutil.copyfile(book, copy)
        command(f"{name}.workbook", [*base, "--workbook", str(copy), "--payer",
                                     "Sample Payer", "--new-payer"])
        for sheet in load_workbook(copy):
            (out / f"{name}.{sheet.title.replace(' ', '_')}").write_text(sheet_text(sheet))
        copy.unlink()
    dump_done(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--segments", type=int, default=200_000)
    parser.add_argument("--input", type=Path, action="append", default=[],
                        help="another file or folder to import (copied into DIR/inputs)")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out = args.out.resolve()
    inputs_folder = args.out / "inputs"
    if args.dump is not None:
        inputs = [Path(line) for line in (inputs_folder / "list").read_text().splitlines()]
        dump(args.tree[0].resolve(), inputs, args.dump)
        return
    inputs = make_inputs(args.samples.resolve(), args.segments, inputs_folder,
                         tuple(path.resolve() for path in args.input))
    (inputs_folder / "list").write_text("\n".join(str(path) for path in inputs))
    folders = []
    for i, tree in enumerate(args.tree):
        folder = (args.out / str(i)).resolve()
        subprocess.run([sys.executable, __file__, "--tree", str(tree.resolve()),
                        "--out", str(args.out), "--dump", str(folder)],
                       check=True, cwd=args.out)
        folders.append(folder)
        print(f"{tree}: {sum(1 for _ in folder.rglob('*'))} files in {folder}")
    sys.exit(1 if folders_differ(folders) else 0)


if __name__ == "__main__":
    main()
