"""Every output of a TiC read, written to files by each checkout, to compare them (``diff -r``).

    python benchmarks/tic_outputs.py --tree /path/to/old --tree . [--evry FILE] --out DIR

Each ``--tree`` runs in its own process with this Python, its ``ratecalc`` packages imported from
the tree's folders (``ratecalc``, ``cli``, ``workbook_templates``...), and writes into
``DIR/<n>``: for the Evry file, the Evry fixtures and CMS's examples, under several filters and
both readers, the ``MarketRates`` fields, the prices frame (dtypes and CSV; the providers of each
price as their sorted identities, whatever container the tree holds them in), the statistics
(codes, flagged prices, other rates), the store's Parquet (its bytes' SHA-256, schema and rows)
and what the store reads back; then the ``ratecalc`` commands' printed table, ``--json``,
``--out`` CSV, ``market-rates benchmark`` of the store and the Benchmarks sheet a ``--workbook``
import writes. The script then runs ``diff -r`` over the trees' folders and exits 1 if any
differ.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from checkouts import dump_done, folders_differ, sheet_text, use_tree

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "tests" / "data" / "tic"
CODES = ["97110", "97140", "97530", "97112", "97116", "27447", "99213"]


def providers_text(value: Any) -> str:
    return ";".join(sorted(value))


def frame_text(frame: Any) -> str:
    frame = frame.copy()
    if "providers" in frame:
        frame["providers"] = [providers_text(p) for p in frame["providers"]]
    dtypes = "\n".join(f"{c}: {t}" for c, t in frame.dtypes.items())
    return f"{dtypes}\n{frame.to_csv(index=False, lineterminator=chr(10))}"


def dump(tree: Path, evry: Path, out: Path) -> None:
    use_tree(tree)
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    from ratecalc.market_rates import ExtractOptions, extract_market_rates
    from ratecalc.market_rates.stats import market_rate_stats
    from ratecalc.market_rates.store import MarketStore
    from ratecalc_cli.main import main

    out.mkdir(parents=True, exist_ok=True)
    os.chdir(out)  # paths the outputs print are relative: the same in every tree's folder
    out = Path(".")
    files = [evry, *sorted((FIXTURES / "evry_health").glob("*.json*")),
             *sorted(p for p in (FIXTURES / "cms_examples").glob("*.json")
                     if "table-of-contents" not in p.name)]
    first = extract_market_rates(evry)
    npis = sorted({n for p in first.prices["providers"] for n in p if not n.startswith("TIN:")})
    tins = ["12-3456789", "123456789"]
    option_sets = {
        "all": ExtractOptions(),
        "codes": ExtractOptions.build(codes=CODES),
        "npis": ExtractOptions.build(npis=npis[::max(1, len(npis) // 14)][:14]),
        "tins": ExtractOptions.build(tins=tins),
        "codes_npis": ExtractOptions.build(codes=CODES[:2], npis=npis[:40]),
        "professional": ExtractOptions.build(billing_class="professional"),
        "institutional": ExtractOptions.build(billing_class="institutional"),
    }
    for file in files:
        for label, options in option_sets.items():
            for method in ("fast", "fallback") if file != evry else ("fast",):
                name = f"{file.name}.{label}.{method}"
                rates = extract_market_rates(file, options, method="auto" if method == "fast"
                                             else "fallback")
                # sets sorted: their order is the process's string hashing, not the tree's
                fields = {k: sorted(v) if isinstance(v, (set, frozenset)) else v
                          for k, v in rates.__dict__.items() if k != "prices"}
                (out / f"{name}.fields").write_text(repr(fields))
                (out / f"{name}.prices").write_text(frame_text(rates.prices))
                stats = market_rate_stats(rates.prices, codes=options.codes)
                (out / f"{name}.stats").write_text(
                    frame_text(stats.codes) + frame_text(stats.prices)
                    + frame_text(stats.other_rates))
                if method == "fallback" or label not in ("all", "npis", "codes_npis"):
                    continue
                store = MarketStore(out / f"{name}.store")
                parquet = store.save(rates, "payer", options)
                table = pq.read_table(parquet)
                (out / f"{name}.parquet").write_text(
                    f"{hashlib.sha256(parquet.read_bytes()).hexdigest()}\n{table.schema}\n"
                    + json.dumps(table.to_pylist(), default=str, indent=0))
                back = store.load(str(file), options)
                assert back is not None
                (out / f"{name}.loaded").write_text(frame_text(back.prices))
                for path in (out / f"{name}.store").rglob("*.json"):
                    record = json.loads(path.read_text())
                    record.pop("read_at", None)
                    path.write_text(json.dumps(record, indent=1))

    def command(name: str, argv: list[str]) -> None:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
        (out / f"cli.{name}").write_text(f"exit {code}\n{stdout.getvalue()}\n{stderr.getvalue()}")

    fixture = FIXTURES / "evry_health" / "2025-01-06_Evry-Health_in-network-rates.PT_SUBSET.json"
    for label, source in (("evry", evry), ("fixture", fixture)):
        command(f"{label}.table", ["import", "market-rates", str(source), "--quiet", "--jobs", "1"])
        command(f"{label}.json", ["import", "market-rates", str(source), "--quiet", "--json",
                                  "--jobs", "1", "--locality", "10112-00"])
        csv = out / f"cli.{label}.csv"
        command(f"{label}.out", ["import", "market-rates", str(source), "--quiet", "--jobs", "1",
                                 "--out", str(csv)])
        store = out / f"cli.{label}.storedir"
        command(f"{label}.store", ["import", "market-rates", str(source), "--quiet", "--jobs",
                                   "1", "--store", str(store)])
        command(f"{label}.bench", ["market-rates", "benchmark", "--store", str(store)])
        command(f"{label}.bench.json", ["market-rates", "benchmark", "--store", str(store),
                                        "--json"])
        for path in store.rglob("*.json"):
            record = json.loads(path.read_text())
            record.pop("read_at", None)
            path.write_text(json.dumps(record, indent=1))
        book = out / f"cli.{label}.xlsx"
        command(f"{label}.new", ["workbook", "new", str(book), "--demo", "--today", "2025-12-01"])
        command(f"{label}.workbook", ["import", "market-rates", str(source), "--quiet", "--jobs",
                                      "1", "--workbook", str(book), "--billing-class",
                                      "institutional"])
        sheet = load_workbook(book)["Benchmarks"]
        (out / f"cli.{label}.benchmarks").write_text(sheet_text(sheet))
        book.unlink()
    dump_done(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--evry", type=Path, default=Path("/tmp/evry.json"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump is not None:
        dump(args.tree[0].resolve(), args.evry, args.dump)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    folders = []
    for i, tree in enumerate(args.tree):
        folder = (args.out / str(i)).resolve()
        subprocess.run([sys.executable, __file__, "--tree", str(tree.resolve()),
                        "--evry", str(args.evry), "--out", str(args.out), "--dump", str(folder)],
                       check=True, cwd=args.out)
        folders.append(folder)
        print(f"{tree}: {sum(1 for _ in folder.rglob('*'))} files in {folder}")
    sys.exit(1 if folders_differ(folders) else 0)


if __name__ == "__main__":
    main()
