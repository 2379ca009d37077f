"""The CQ/CO warning of a ``--workbook`` 835 import, per call, for each ``--tree``.

    python benchmarks/bench_assistant_warnings.py --tree /path/to/old --tree . [--rounds 3]
        [--claims 150] [--calls 5]

One synthetic import (``random_payments(--claims, seed=3)``), its three payers renamed to the
demo's Summit BlueCare PPO (fixed), Cardinal Employers Trust (88% of Medicare) and Meridian
Mutual (fixed), every contract's Assistant reduction set to 0% so that every CQ rate is read,
and only the CQ rows kept with their plain codes moved to G0283: each CQ rate is compared with
the payer's rate in force on the workbook (the demo's tables told on 2026-12-07), not with a
plain rate paid beside it. ``ratecalc.remittance.canonical.assistant_reduction_warnings`` is
called once untimed, then ``--calls`` times; its CPU per call is printed, each tree in its own
process (its packages imported from the tree's folders), the trees alternating for
``--rounds`` rounds. A tree whose function takes no Medicare terms is called without them.
"""

from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def measure(claims: int, calls: int) -> str:
    """One tree's figure, in this process (its packages imported already)."""
    import pandas as pd

    from ratecalc.demo import demo_data
    from ratecalc.remittance import canonical_tables, import_remittances
    from ratecalc.remittance.canonical import assistant_reduction_warnings
    from ratecalc.remittance.synthetic import random_payments, write_835

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.835"
        path.write_text(write_835(random_payments(claims, seed=3)))
        rows = canonical_tables(import_remittances([path]))["fee_schedules"]
    data = demo_data(date(2026, 12, 7))
    payers = sorted(set(rows["payer"]))
    names = ["Summit BlueCare PPO", "Cardinal Employers Trust", "Meridian Mutual"]
    rows = rows.assign(payer=rows["payer"].map(dict(zip(payers, names, strict=False))))
    assisted = rows["modifier"] == "CQ"
    rows = pd.concat([rows[assisted], rows[~assisted].assign(code="G0283")])
    args: list[object] = [rows, data.contracts.assign(assistant_reduction=0.0), "a.835",
                          data.fee_schedules]
    if len(inspect.signature(assistant_reduction_warnings).parameters) > 4:
        args.append(data.medicare_terms)
    said = assistant_reduction_warnings(*args)  # type: ignore[arg-type]
    start = time.process_time()
    for _ in range(calls):
        assistant_reduction_warnings(*args)  # type: ignore[arg-type]
    per_call = (time.process_time() - start) / calls * 1000
    return (f"{per_call:.1f} ms CPU per call ({int(assisted.sum())} CQ rates, "
            f"{len(said)} warnings)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--claims", type=int, default=150)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from checkouts import use_tree

        use_tree(args.child.resolve())
        print(measure(args.claims, args.calls))
        return 0
    for round_ in range(args.rounds):
        for tree in args.tree:
            result = subprocess.run(
                [sys.executable, __file__, "--tree", str(tree), "--child", str(tree),
                 "--claims", str(args.claims), "--calls", str(args.calls)],
                capture_output=True, text=True, check=True)
            print(f"round {round_ + 1} {tree}: {result.stdout.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
