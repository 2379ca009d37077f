"""Pages each sheet prints on in LibreOffice, for the books the page-layout work is checked on,
by each checkout: not a timing.

    python benchmarks/sheet_pages.py --tree /path/to/old --tree . --out DIR [--book NAME ...]

Each ``--tree`` builds and refreshes, in a process of its own with its packages imported from
the tree (``checkouts.use_tree``), these books as of 2026-12-06 09:00: the demo's first payer
alone over 5 and 13 Scenario years (``p1-y5``, ``p1-y13``); the demo with two payers more
(``test_payer_pages_whole.ADDED``) over 5 and 14 years (``p8-y5``, ``p8-y14``) and with every
name long (``p8long``, ``eight_payers``); those 8 payers five times over 14 and 30 years
(``p40-y14``, ``p40-y30``); and ``bench_workbook.synthetic_clinic`` (40 payers x 300 codes,
``p40x300``). The smaller books are printed whole; the 40-payer books with their Scenarios
alone (``tests/workbook/libreoffice.printing_only``: every other sheet prints its cell A1). A
page's sheet is the one its footer names ("Scenarios ... Page 3 of 24", read by ``pdftotext``).
Prints, per book, each sheet whose page count differs between the trees, and the Scenarios'.
Needs LibreOffice (``soffice``) and poppler's ``pdftotext`` and ``pdfinfo``.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from checkouts import use_tree

WHOLE = ("p1-y5", "p1-y13", "p8-y5", "p8-y14", "p8long")
SCENARIOS_ONLY = ("p40-y14", "p40-y30", "p40x300")
NOW = datetime(2026, 12, 6, 9, 0)


def _years(data: Any, n: int) -> Any:
    return dataclasses.replace(data, settings=dataclasses.replace(data.settings,
                                                                  scenario_years=n))


def _with_copies(data: Any, names: list[tuple[str, str]]) -> Any:
    """``data`` with each (payer, new name)'s rows copied under the new name."""
    import pandas as pd

    changed = {}
    for field in dataclasses.fields(data):
        frame = getattr(data, field.name)
        if not (isinstance(frame, pd.DataFrame) and "payer" in frame.columns):
            continue
        extra = [frame[frame["payer"] == source].assign(payer=name) for source, name in names]
        if field.name == "contracts":
            extra = [c.assign(contract_id=c["contract_id"].astype(str) + f"-{i}")
                     for i, c in enumerate(extra)]
        changed[field.name] = pd.concat([frame, *extra], ignore_index=True)
    return dataclasses.replace(data, **changed)


def _books(tree: Path) -> dict[str, Any]:
    sys.path[:0] = [str(tree), str(tree / "benchmarks")]
    import pandas as pd
    from bench_workbook import synthetic_clinic  # type: ignore[import-not-found]

    from ratecalc.demo import demo_data
    from tests.workbook.test_payer_pages_whole import ADDED, DAY, eight_payers

    def one_payer(n: int) -> Any:
        data = demo_data(DAY)
        first = data.contracts["payer"].iloc[0]
        kept = {f.name: getattr(data, f.name)[getattr(data, f.name)["payer"] == first]
                for f in dataclasses.fields(data)
                if isinstance(getattr(data, f.name), pd.DataFrame)
                and "payer" in getattr(data, f.name).columns}
        return _years(dataclasses.replace(data, **kept), n)

    def eight(n: int) -> Any:
        return _years(_with_copies(demo_data(DAY), list(ADDED.items())), n)

    def forty(n: int) -> Any:
        data = _with_copies(demo_data(DAY), list(ADDED.items()))
        names = list(dict.fromkeys(data.contracts["payer"]))
        return _years(_with_copies(data, [(p, f"{p} {k}") for k in range(2, 6)
                                          for p in names]), n)

    return {"p1-y5": lambda: one_payer(5), "p1-y13": lambda: one_payer(13),
            "p8-y5": lambda: eight(5), "p8-y14": lambda: eight(14), "p8long": eight_payers,
            "p40-y14": lambda: forty(14), "p40-y30": lambda: forty(30),
            "p40x300": lambda: synthetic_clinic(40, 300)}


def build(tree: Path, out: Path, names: list[str]) -> None:
    """Write ``names``' books, refreshed by ``tree``'s code, into ``out`` (this process)."""
    use_tree(tree)
    from ratecalc_workbook.builder import new_workbook
    from ratecalc_workbook.refresh import refresh_workbook

    books = _books(tree)
    from tests.workbook.libreoffice import printing_only

    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        book = out / f"{name}.xlsx"
        new_workbook(book, books[name]())
        result = refresh_workbook(book, now=NOW)
        assert result.ok, [p.message for p in result.errors]
        if name in SCENARIOS_ONLY:
            printing_only(book, "Scenarios", out / f"{name}-scenarios.xlsx")
            book.unlink()


def sheet_pages(pdf: Path) -> collections.Counter[str]:
    """Pages per sheet of a printed workbook, by the sheet each page's footer names."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    pages: collections.Counter[str] = collections.Counter()
    for page in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout",
                               str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        feet = [line for line in text.splitlines() if re.search(r"Page \d+ of \d+", line)]
        pages[re.split(r"\s{2,}", feet[-1].strip())[0] if feet else "?"] += 1
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--book", action="append", choices=WHOLE + SCENARIOS_ONLY)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = args.book or list(WHOLE + SCENARIOS_ONLY)
    if args.build:
        build(args.tree[0].resolve(), args.out, names)
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) not installed"
    counts = []
    for i, tree in enumerate(args.tree):
        out = args.out / str(i)
        subprocess.run([sys.executable, __file__, "--build", "--tree", str(tree.resolve()),
                        "--out", str(out), *(f"--book={n}" for n in names)], check=True)
        sources = sorted(out.glob("*.xlsx"))
        subprocess.run([soffice, f"-env:UserInstallation={(out / 'lo').resolve().as_uri()}",
                        "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                        str(out), *map(str, sources)], capture_output=True, check=True)
        counts.append({s.stem: sheet_pages(s.with_suffix(".pdf")) for s in sources})
    for stem in counts[0]:
        scenarios = [c[stem].get("Scenarios", 0) for c in counts]
        differ = {sheet: [c[stem].get(sheet, 0) for c in counts]
                  for sheet in set().union(*(c[stem] for c in counts))
                  if len({c[stem].get(sheet, 0) for c in counts}) > 1}
        whole = [sum(c[stem].values()) for c in counts]
        print(f"{stem}: pages {whole}, Scenarios {scenarios}, sheets that differ "
              f"{dict(sorted(differ.items())) or 'none'}")


if __name__ == "__main__":
    main()
