"""Hunt for outputs that disagree: generated master workbooks, every output's figure for each
business fact, compared.

    python scripts/agreement_hunt.py SEED [SEED ...] [--work DIR] [--libreoffice] [--no-ribbon]

Each seed's clinic (tests/generated_books.py) is written as tables and a master workbook, its
Negotiation Log and "Your rate" cells filled in, refreshed; then tests/agreement.py gathers each
fact from the result sheets (and LibreOffice's recalculation of their formulas, with
``--libreoffice``; kept as DIR/SEED/recalc/book.xlsx and used again), ``analyze`` (text, --json,
summary.json, the CSV tables, renewals.ics), ``timeline``/``exit-impact``/``scenario --json``, the
proposal letter's ``--json`` and the worksheet functions called as Excel calls them; and compares
the Refresh and Draft letter buttons with ``ratecalc refresh`` and ``ratecalc letter``. Prints each
fact whose outputs differ; exits 1 if any does. A book costs about 15 CPU-s to make and 20 to
compare (LibreOffice: about 10 more).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import warnings
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ratecalc_cli.main import main as ratecalc  # noqa: E402
from tests.addin import win32_stubs  # noqa: E402
from tests.agreement import (  # noqa: E402
    disagreements,
    gather,
    ribbon_differences,
    udf_facts,
)
from tests.generated_books import generated, on_the_edge, write_book  # noqa: E402
from tests.varied_books import varied  # noqa: E402


def hunt(seed: int, work: Path, libreoffice: bool, ribbon: bool, excel: object,
         wide: bool = False, today: date | None = None, shape: str = "plain") -> int:
    folder = work / (str(seed) if today is None else f"{seed}-{today}-{shape}")
    book = folder / "book.xlsx"
    if not book.exists():
        made = ((varied if wide else generated)(seed) if today is None
                else on_the_edge(seed, today, shape))
        if made is None:
            print(f"seed {seed}: no contract can be moved to {shape} on {today}", flush=True)
            return 0
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        write_book(made, folder)
        assert ratecalc(["refresh", str(book)]) in (0, 1)
    recalculated = folder / "recalc" / "book.xlsx"
    if libreoffice and not recalculated.exists():
        from tests.workbook.libreoffice import convert
        convert(book, folder / "recalc", "xlsx")
    facts = gather(book, folder, recalculated if recalculated.exists() else None)
    udf_facts(facts, book, folder, excel)
    found = disagreements(facts)
    compared = sum(len(values) > 1 for values in facts.values())
    outputs = len({o for values in facts.values() for o in values})
    print(f"seed {folder.name}: {compared} facts compared across {outputs} outputs, "
          f"{len(found)} disagree", flush=True)
    for key, values in found:
        print(f"  {key}: {values}", flush=True)
    differences = ribbon_differences(book, folder) if ribbon else []
    for line in differences:
        print(f"  ribbon: {line}", flush=True)
    return len(found) + len(differences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=int, nargs="+")
    parser.add_argument("--work", type=Path, default=Path("agreement-hunt"),
                        help="folder for the books and outputs (a book made is used again)")
    parser.add_argument("--libreoffice", action="store_true",
                        help="also compare the sheets' formulas as LibreOffice computes them")
    parser.add_argument("--no-ribbon", action="store_true",
                        help="leave out the Refresh and Draft letter buttons")
    parser.add_argument("--varied", action="store_true",
                        help="the wider clinics of tests/varied_books.py (days of 2024-2026, up "
                             "to 12 payers, rates of many decimals, fractional units, a code "
                             "Medicare does not price)")
    parser.add_argument("--today", type=date.fromisoformat,
                        help="tell each clinic on this day (run under faketime on it too, so "
                             "the machine's day is the analysis date)")
    parser.add_argument("--shape", nargs="+", default=["plain"],
                        help="with --today, one contract moved: deadline:K or end:K (its "
                             "notice deadline or end K = -1, 0, 1 days after the day), "
                             "future:N (starting N days later), successor:N (ended the day "
                             "before, a new contract of its payer starting N days later); "
                             "sdeadline:K... moves the "
                             "demo story's first target (tests/generated_books.on_the_edge)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # openpyxl's notes on the recalculated copies
    server = win32_stubs.install()[2].XLPython()

    def excel(name: str, *values: object) -> object:
        return server.CallUDF("ratecalc_addin", name, values)

    found = sum(hunt(seed, args.work, args.libreoffice, not args.no_ribbon, excel, args.varied,
                     args.today, shape)
                for seed in args.seeds for shape in (args.shape if args.today else ["plain"]))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
