"""Benchmark: how the 835 import grows with the file, in time and peak memory (issue 12).

    python benchmarks/bench_remittance_scale.py [--sizes 200000,500000,1000000,2300000]
                                                [--reversal-pairs 2000,8000] [--repeat 2]

Each size is imported by ``ratecalc import remittances FILE --json`` (the whole command: read,
parse, balance, tables, summaries, output) in a fresh process, so the peak resident memory
(``VmHWM``, Linux) is that run's own. Two shapes:

- synthetic payments (``ratecalc.remittance.synthetic``; 2,300,000 segments is about 50 MB);
- one claim and its reversal repeated (the shape that made reversal matching quadratic: every
  reversal compared with every original of the same claim id).

The baseline is the smallest size of each shape, in the same run: the script prints each size's
time and memory per MB against it. Linear growth keeps that ratio near 1 (what an empty 835 costs,
the command's imports, is subtracted first); quadratic growth makes it grow with the size. The
machine may be shared: the load average is printed, and each figure is the best of ``--repeat``
runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ratecalc.remittance.synthetic import reversal_pairs_835, synthetic_835

CHILD = """
import io, json, sys, time, contextlib
t0 = time.perf_counter()
import pandas  # start-up for every tree alike (the CLI imports it lazily)
if len(sys.argv) > 2:  # a baseline source tree: its packages, by their import names
    import importlib.util
    for name, folder in (("ratecalc", "ratecalc"), ("ratecalc_cli", "cli"),
                         ("ratecalc_workbook", "workbook_templates"),
                         ("ratecalc_letter", "letter")):
        init = sys.argv[2] + "/" + folder + "/__init__.py"
        spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[sys.argv[2] + "/" + folder])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
from ratecalc_cli.main import main
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(["import", "remittances", sys.argv[1], "--json"])
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec from the parent that forked us
hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM:"))
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "startup": start - t0, "rss_mb": hwm / 1024,
                  "tree": sys.modules["ratecalc"].__file__.rsplit("/", 2)[0]}))
"""
EMPTY = "ST*835*0~BPR*I*0*C~N1*PR*ACME~SE*3*0~"


def measure(path: Path, repeat: int, tree: str | None = None) -> dict[str, Any]:
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        run = subprocess.run([sys.executable, "-c", CHILD, str(path), *([tree] if tree else [])],
                             capture_output=True, text=True, check=True)
        found = json.loads(run.stdout.strip().splitlines()[-1])
        if best is None or found["seconds"] < best["seconds"]:
            best = found
    assert best is not None
    return best


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def report(shape: str, rows: list[tuple[str, float, dict[str, Any]]],
           empty: dict[str, Any]) -> None:
    print(f"\n{shape}")
    print(f"{'size':>22} {'MB':>7} {'seconds':>8} {'peak RSS MB':>12} {'s per MB':>9} "
          f"{'MB RSS per MB':>14} {'vs baseline (s, RSS)':>21}")
    base_s = base_m = None
    for label, mb, m in rows:
        per_s = max(m["seconds"] - empty["seconds"], 0.0) / mb
        per_m = max(m["rss_mb"] - empty["rss_mb"], 0.0) / mb
        if base_s is None:
            base_s, base_m = per_s, per_m
        print(f"{label:>22} {mb:7.1f} {m['seconds']:8.2f} {m['rss_mb']:12.0f} {per_s:9.3f} "
              f"{per_m:14.1f} {per_s / (base_s or 1):10.2f}x {per_m / (base_m or 1):8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200000,500000,1000000,2300000",
                        help="synthetic sizes in segments (2,300,000 is about 50 MB)")
    parser.add_argument("--reversal-pairs", default="1000,4000,16000",
                        help="claim+reversal pairs of the same claim id")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--baseline", metavar="TREE",
                        help="also run a source tree of an earlier version (e.g. "
                             "'git archive main | tar -x -C /tmp/base'), in the same run")
    args = parser.parse_args()
    print(f"load average before: {load_average()} (cores: {os.cpu_count()})")
    trees: list[str | None] = [None] + ([args.baseline] if args.baseline else [])
    with tempfile.TemporaryDirectory() as folder:
        empty_path = Path(folder) / "empty.835"
        empty_path.write_text(EMPTY)
        empty = {tree: measure(empty_path, args.repeat, tree) for tree in trees}
        for tree in trees:
            print(f"{empty[tree]['tree']}: an empty import (start-up excluded): "
                  f"{empty[tree]['seconds']:.2f} s, {empty[tree]['rss_mb']:.0f} MB peak RSS")
        shapes: list[tuple[str, list[tuple[str, Path]]]] = [
            ("synthetic payments (ratecalc.remittance.synthetic)",
             [(f"{size:,} segments", Path(folder) / f"synthetic_{size}.835")
              for size in (int(s) for s in args.sizes.split(","))]),
            ("one claim and its reversal, repeated",
             [(f"{pairs:,} reversal pairs", Path(folder) / f"reversals_{pairs}.835")
              for pairs in (int(s) for s in args.reversal_pairs.split(","))]),
        ]
        for shape, sizes in shapes:
            rows: dict[str | None, list[tuple[str, float, dict[str, Any]]]] = {
                tree: [] for tree in trees}
            for label, path in sizes:
                count = int(path.stem.split("_")[1])
                path.write_text(synthetic_835(count) if path.stem.startswith("synthetic")
                                else reversal_pairs_835(count))
                mb = path.stat().st_size / 1e6
                for tree in trees:
                    rows[tree].append((label, mb, measure(path, args.repeat, tree)))
                path.unlink()
            for tree in trees:
                report(f"{shape}: {empty[tree]['tree']}", rows[tree], empty[tree])
            if args.baseline:
                print("  before -> after (this tree against the baseline):")
                for (label, _, now), (_, _, then) in zip(rows[None], rows[args.baseline],
                                                         strict=True):
                    print(f"{label:>24}: {then['seconds']:.2f} s -> {now['seconds']:.2f} s, "
                          f"{then['rss_mb']:.0f} MB -> {now['rss_mb']:.0f} MB peak RSS")
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
