"""Write a copy of this source tree with a made-up next year's Medicare release bundled, to run
tests as they will run once CMS's next file is bundled (docs/TESTING.md).

The made-up release is the newest bundled one's data under the next year's name (RVU26C's as
RVU27A, in force for all of 2027), with its GPCIs and the year's conversion factors copied
too. It is for tests only: its amounts are not CMS's. Run the tests in the copy, with this
tree's virtual environment and the copy first on the path (a command a test starts in another
folder then reads the copy's ``ratecalc`` too)::

    .venv/bin/python scripts/fake_next_release.py /tmp/next_release
    cd /tmp/next_release && PYTHONPATH=$PWD /path/to/tree/.venv/bin/python -m pytest -n 0 tests/...

The editable install's other packages (``ratecalc_cli`` and the rest) stay this tree's; they
import ``ratecalc`` by name and so read the copy's data.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
from datetime import date
from pathlib import Path

import numpy as np

import ratecalc
from ratecalc.medicare.store import newest_release, read_npz, write_npz


def _next_year(day: date) -> date:
    return day.replace(year=day.year + 1)  # Jan 1 and Dec 31: no February 29 to move


def bundle_next_release(out: Path) -> str:
    """Copy this tree to ``out`` with the next release bundled; its name."""
    newest = newest_release()
    name = f"rvu{(newest.effective_to.year + 1) % 100:02d}a"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(Path(ratecalc.__file__).parent.parent, out,
                    ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*_cache",
                                                  "*.egg-info", "build", "dist"))
    cms = out / "ratecalc" / "data" / "cms"
    shutil.copyfile(cms / "rvu" / f"{newest.release}.npz", cms / "rvu" / f"{name}.npz")
    start = date(newest.effective_to.year + 1, 1, 1)
    end = date(start.year, 12, 31)
    with (cms / "releases.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [name, start.isoformat(), end.isoformat(), "all", "0",
             f"MADE UP for tests: {newest.release.upper()}'s data as {name.upper()}"])

    gpci = read_npz(cms / "gpci.npz")
    rows = gpci["release"] == newest.release
    copied = {k: v[rows] for k, v in gpci.items()}
    copied["release"] = np.full(int(rows.sum()), name)
    (cms / "gpci.npz").write_bytes(write_npz({k: np.concatenate([gpci[k], copied[k]])
                                              for k in gpci}))

    factors = cms / "conversion_factors.csv"
    table = list(csv.DictReader(io.StringIO(factors.read_text(encoding="utf-8"))))
    year = str(newest.effective_to.year)
    with factors.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        for row in (r for r in table if r["year"] == year):
            writer.writerow({**row, "year": str(int(year) + 1),
                             "effective_from": _next_year(date.fromisoformat(
                                 row["effective_from"])).isoformat(),
                             "effective_to": _next_year(date.fromisoformat(
                                 row["effective_to"])).isoformat(),
                             "source_type": "made up for tests"})
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path,
                        help="new folder for the copy (one there already is replaced)")
    args = parser.parse_args()
    name = bundle_next_release(args.out)
    print(f"{args.out}: {name.upper()} bundled (made up); run the tests there with "
          f"PYTHONPATH={args.out}")


if __name__ == "__main__":
    main()
