"""Not a timing: what each ``--tree``'s CMS readers make of the reference files, compared.

Each tree reads, in its own process, every PPRRVU and GPCI file of ../shared/data/cms_pfs
(rvu24b, rvu25a, rvu25d, rvu26c, the 2020/2021/2024 history files, the 2026 GPCIs and the
corrupted third-party copy) and the ZIP-to-locality file (as ``scripts/bundle_cms_data.py``
does), plus mutated copies of the rvu26c PPRRVU file (bad figures and indicators, lower-case and
four-digit codes, short and blank rows, repeated codes, an XLSX and a fixed-width copy). Each
result is a frame (compared with ``DataFrame.equals`` and its dtypes) or the error's type and
text. Run before calling a change to the readers behaviour-preserving:
``python benchmarks/cms_read_outputs.py --tree OLD --tree . [--mutations 300]`` (each tree's
packages are imported from the tree itself; 60 mutated copies by default, about a minute).
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("RATECALC_SHARED_DATA", HERE.parents[1] / "shared" / "data"))

READ = r"""
import io, pickle, random, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from checkouts import use_tree
use_tree(Path(sys.argv[2]))
import pandas as pd
from ratecalc.medicare.cms_files import read_gpci, read_pprrvu
from ratecalc.medicare.zip_codes import zip_arrays

pfs = Path(sys.argv[3]) / "cms_pfs"
out = {}

def run(key, read, *args):
    try:
        out[key] = read(*args)
    except Exception as exc:  # the message is the output to compare
        out[key] = (type(exc).__name__, str(exc))

for path in sorted(pfs.rglob("*.csv")):
    name = path.name.upper()
    if name.startswith("PPRRVU"):
        run(str(path), read_pprrvu, path)
    elif name.startswith("GPCI") and "ALL_RELEASES" not in name:
        run(str(path), read_gpci, path)
zips = pd.read_csv(pfs / "zip_locality_2026/ZIP5_locality_2026Q2.csv", dtype=str,
                   keep_default_na=False)
out["zip_arrays"] = zip_arrays(zips)

# mutated copies of the 2026 file: each a few cells changed, read as bytes
lines = (pfs / "rvu26c_jul2026/PPRRVU2026_Jul_nonQPP.csv").read_bytes().decode("latin-1")
lines = lines.split("\n")
first = next(i for i, ln in enumerate(lines) if ln[:1].isdigit() or ln[:1] in "ABCDEFGJ")
values = ["", " ", "NA", "na", "x", "-", ".", "1e3", "30000000", "-0.45", " 2.50 ", "٣", "a",
          "AA", "9", "55", "MMM", "mmm", "1000", "0.00", "33.4009", "\x1a", '"1,0"', "\t7\t"]
rng = random.Random(14)
for n in range(int(sys.argv[5])):
    copy = list(lines)
    for _ in range(rng.choice([1, 1, 2, 3])):
        at = rng.randrange(first, len(copy) - 1)
        cells = copy[at].split(",")
        kind = rng.random()
        if kind < 0.05:
            cells = cells[: rng.randrange(1, 8)]  # a short row
        elif kind < 0.1:
            copy.insert(at + 1, copy[at])  # repeated exactly
            continue
        elif kind < 0.15:
            cells[0] = rng.choice(["", cells[0].lower(), cells[0].lstrip("0") or "0", " "])
        else:
            cells[rng.randrange(0, min(len(cells), 28))] = rng.choice(values)
        copy[at] = ",".join(cells)
    run(f"mutated {n}", read_pprrvu, b"\xef\xbb\xbf" + "\n".join(copy).encode(),
        "PPRRVU2026_Jul.csv")
small = "\n".join(lines[: first + 400]) + "\n"
frame = pd.read_csv(io.StringIO(small), header=None, dtype=str, keep_default_na=False,
                    skiprows=first - 1)
buffer = io.BytesIO()
frame.to_excel(buffer, header=False, index=False)
run("xlsx", read_pprrvu, buffer.getvalue(), "PPRRVU2026.xlsx")
run("txt", read_pprrvu, "\n".join(
    f"{r[0]:<5}{r[1]:<2}{'':50}{r[3]:<1} {r[5]:>6} {r[6]:>6}{r[7]:<2} {r[8]:>6}{r[9]:<2} "
    f"{r[10]:>5}{'':13}{r[13]:<1}{r[14]:<3}{'':9}{r[18]:<1}{'':16}{r[25]:>8}"
    for r in frame.to_numpy()[1:]).encode(), "PPRRVU2026.txt")
with open(sys.argv[4], "wb") as fh:
    pickle.dump(out, fh)
"""


def same(a: object, b: object) -> bool:
    import numpy as np
    import pandas as pd

    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        return a.equals(b) and a.dtypes.equals(b.dtypes) and list(a.columns) == list(b.columns)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(
            np.array_equal(a[k], b[k]) and a[k].dtype == b[k].dtype for k in a)
    return a == b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", type=Path, required=True)
    parser.add_argument("--mutations", type=int, default=60)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for n, tree in enumerate(args.tree):
            dump = Path(scratch) / f"{n}.pickle"
            subprocess.run([sys.executable, "-c", READ, str(HERE), str(tree.resolve()),
                            str(SHARED), str(dump), str(args.mutations)], check=True)
            results.append(pickle.loads(dump.read_bytes()))
    first, differ = results[0], False
    if os.environ.get("CMS_READ_KEEP"):  # every tree's results, to look into a difference
        Path(os.environ["CMS_READ_KEEP"]).write_bytes(pickle.dumps(results))
    for tree, other in zip(args.tree[1:], results[1:], strict=True):
        for key in first.keys() | other.keys():
            if key not in first or key not in other or not same(first[key], other[key]):
                differ = True
                print(f"{tree}: {key} differs:", repr(first.get(key))[:300],
                      repr(other.get(key))[:300])
    refused = sum(isinstance(v, tuple) for v in first.values())
    print(f"{len(first)} reads compared ({refused} refused): "
          + ("DIFFER" if differ else "all identical"))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
