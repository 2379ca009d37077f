"""Not a timing by itself: the CSV writer's work on N rows, run under callgrind per tree.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python benchmarks/csv_write_work.py --tree TREE --rows 50000   # then --rows 0

A frame of ``--rows`` rows and six text columns shaped like an analysis' or a fee import's
(payer, code, modifier, description, an amount and a date as text; a few non-ASCII names and a
bare ``-``) is written by ``ratecalc.cell_text.csv_text`` of ``--tree``'s ``ratecalc``
(every text cell through ``neutralize``). The instructions of ``--rows 0`` (start-up, imports,
no write) subtracted from those of ``--rows N`` are the write's, the frame's making included
(the same in every tree).
"""

from __future__ import annotations

import argparse
import random
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", required=True)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    sys.path.insert(0, args.tree)
    import pandas as pd

    from ratecalc.cell_text import csv_text

    rng, n = random.Random(7), args.rows
    payers = ["Acme Health", "Blue Shield of Alabama", "\u00dcrgent Care Trust", "Keystone", "-",
              "Quarry Mutual"]
    frame = pd.DataFrame({
        "Payer": [rng.choice(payers) for _ in range(n)],
        "Code": [f"{97000 + rng.randrange(999)}" for _ in range(n)],
        "Modifier": [rng.choice(["", "GP", "59", "KX"]) for _ in range(n)],
        "Description": [rng.choice(["Therapeutic exercise", "Manual therapy tech",
                                    "Eval low complex"]) for _ in range(n)],
        "Rate": [f"{rng.randrange(-5000, 20000) / 100:.2f}" for _ in range(n)],
        "Effective": [f"2026-{rng.randrange(1, 13):02d}-01" for _ in range(n)],
    })
    if n:
        print(len(csv_text(frame)), "characters")


if __name__ == "__main__":
    main()
