"""Benchmark: the TiC fast path keeping every code, on a real plan's file, against orjson, ijson.

    python benchmarks/bench_all_codes.py [FILE.json.gz] [--repeat 3]

Default FILE: the Evry Health June 2025 file in the shared reference data (21 MB of JSON, 3,483
codes, 30,209 prices, 438,000 NPIs listed), decompressed once into memory and to a temporary
.json so that gzip is not what is measured. Best CPU time of ``--repeat`` runs, in this process,
of:

- ``extract_market_rates(file)`` with no code filter (everything kept, providers resolved);
- the same with plain ``provider_groups`` arrays parsed by orjson with the rest of the item
  (how it ran before they were cut from the item's bytes, ``GroupCache.cut``);
- the same with Python's cycle collector left on during the read (how it ran before issue 14's
  first fix; the fast path now pauses it);
- the fast path's scan plus ``orjson.loads`` of each whole item, prices not collected (the floor
  of a reader that parses every item whole);
- the scan, the cut and the typed decode (msgspec) of each cut item, prices not collected
  (this design's floor);
- ``orjson.loads`` of the whole document, collector on (as a user's script would run it) and
  paused;
- ``ijson.items(f, "in_network.item")`` (yajl2_c), building every item;
- ``msgspec.json.decode`` of the whole document, collector paused, the fastest JSON-to-Python
  parser we know of, as the ceiling of any reader that builds Python objects from every item.

Then the peak resident memory of one ``extract_market_rates`` in a fresh process, against a fresh
process that only imports it. ``--before TREE`` (repeatable) also times ``extract_market_rates``
of the file from other checkouts, each in its own process with this Python, interleaved with this
tree's: the same file, the code of then.

MB/s counts MB (10^6 bytes) of JSON.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of  # noqa: E402

DEFAULT = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tic" / "evry_health"
           / "evry-2025-06-23-in-network-rates.json.gz")
if not DEFAULT.exists():
    DEFAULT = Path("/work/shared/data/tic/evry_health/evry-2025-06-23-in-network-rates.json.gz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="another checkout to time the same extraction with")
    args = parser.parse_args()
    if not args.file.exists():
        raise SystemExit(f"no file {args.file}: give a TiC in-network file")

    import ijson
    import msgspec
    import orjson

    from ratecalc.collector import collector_paused
    from ratecalc.market_rates import extract, extract_market_rates
    from ratecalc.market_rates.records import ExtractOptions, GroupCache, PriceCollector
    from ratecalc.market_rates.source import TicSource
    from ratecalc.market_rates.stream import FastReader

    raw = args.file.read_bytes()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    plain = Path(tempfile.mkdtemp()) / "all_codes.json"
    plain.write_bytes(data)
    mb = len(data) / 1e6

    class ParseOnly(PriceCollector):
        def add_item(self, item: object) -> None:
            self.items_seen += 1

        def add_typed_item(self, item: object, cut: object) -> bool:
            self.items_seen += 1
            return True

    class NoCut(GroupCache):
        def cut(self, raw: bytes) -> None:
            return None

    class WholeItems(FastReader):
        def _collect(self, collector: PriceCollector, start: int, end: int) -> None:
            collector.add_item(self._parse(start, end))

    def scan_and_parse(cut: bool) -> int:
        collector = ParseOnly(ExtractOptions())
        with TicSource(plain) as source, collector_paused():
            (FastReader if cut else WholeItems)(source, collector, None).run()
        return collector.items_seen

    def fast_no_cut() -> Any:
        original = GroupCache.cut
        GroupCache.cut = NoCut.cut  # type: ignore[method-assign]
        try:
            return extract_market_rates(plain)
        finally:
            GroupCache.cut = original  # type: ignore[method-assign]

    def whole_paused() -> Any:
        with collector_paused():
            return orjson.loads(data)

    def fast_gc_on() -> Any:
        paused = extract.collector_paused
        extract.collector_paused = _no_pause  # type: ignore[assignment]
        try:
            return extract_market_rates(plain)
        finally:
            extract.collector_paused = paused

    runs = [
        ("fast path, every code kept (collector paused)", lambda: extract_market_rates(plain)),
        ("the same, groups parsed with their items (before)", fast_no_cut),
        ("the same, collector on", fast_gc_on),
        ("scan + orjson.loads of each whole item only", lambda: scan_and_parse(False)),
        ("scan + cut + typed decode of each cut item only", lambda: scan_and_parse(True)),
        ("orjson.loads of the whole document", lambda: orjson.loads(data)),
        ("orjson.loads of the whole document, collector paused", whole_paused),
        ("ijson.items(in_network.item)", lambda: sum(1 for _ in ijson.items(
            io.BytesIO(data), "in_network.item", use_float=True))),
    ]
    def msgspec_paused() -> Any:
        with collector_paused():
            return msgspec.json.decode(data)

    runs.append(("msgspec.json.decode, whole document, collector paused", msgspec_paused))
    print(f"file: {args.file.name}, {mb:.1f} MB of JSON; best CPU time of {args.repeat}, "
          "runs interleaved")
    times = {name: float("inf") for name, _ in runs}
    prices: dict[str, int] = {}
    for _ in range(args.repeat):  # interleaved, so a busy moment does not favour one run
        for name, fn in runs:
            gc.collect()
            seconds, result = best_of(fn, 1, clock=time.process_time)
            times[name] = min(times[name], seconds)
            if hasattr(result, "prices"):
                prices[name] = len(result.prices)
            del result
    print(f"{'run':<56} {'CPU s':>7} {'MB/s':>7}")
    for name, _ in runs:
        extra = f"  ({prices[name]:,} prices)" if name in prices else ""
        print(f"{name:<56} {times[name]:7.2f} {mb / times[name]:7.1f}{extra}")
    fast = times[runs[0][0]]
    print(f"\ncut: {times[runs[1][0]] / fast:.2f}x faster than parsing groups with their items; "
          f"{times[runs[2][0]] / fast:.2f}x faster than with the collector on; "
          f"{fast / times[runs[6][0]]:.2f}x the time of orjson.loads of the whole document "
          f"(collector paused), {fast / times[runs[7][0]]:.2f}x that of ijson items")
    print(f"issue 14's goal, 100 MB/s, is {mb / 100:.2f} s for this file; parsing alone, with no "
          f"price collected, took {min(times[name] for name, _ in runs[3:]):.2f} s at best")
    if args.before:
        here = Path(__file__).resolve().parents[1]
        trees = [here, *args.before]
        best = {tree: float("inf") for tree in trees}
        for _ in range(args.repeat):
            for tree in trees:
                best[tree] = min(best[tree], _extract_in(tree, plain))
        print(f"\n{'extract_market_rates, fresh process per run, checkout':<56} {'CPU s':>7} "
              f"{'MB/s':>7}")
        for tree in trees:
            label = f"{tree} (this tree)" if tree == here else str(tree)
            print(f"{label:<56} {best[tree]:7.2f} {mb / best[tree]:7.1f}  "
                  f"{best[tree] / best[here]:.2f}x this tree's time")
    base, peak = _peak_mb(plain, extract=False), _peak_mb(plain, extract=True)
    print(f"peak RSS of a fresh process: {peak:.0f} MB extracting, {base:.0f} MB importing only "
          f"({peak - base:.0f} MB for the extraction)")
    plain.unlink()


def _extract_in(tree: Path, plain: Path) -> float:
    """CPU seconds of one ``extract_market_rates(plain)`` with the code of checkout ``tree``."""
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); "
            "from ratecalc.market_rates import extract_market_rates; "
            "t = time.process_time(); extract_market_rates(sys.argv[2]); "
            "print(time.process_time() - t)")
    out = subprocess.run([sys.executable, "-c", code, str(tree), str(plain)], check=True,
                         capture_output=True, text=True, cwd=tree).stdout
    return float(out)


def _peak_mb(plain: Path, extract: bool) -> float:
    # VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec
    code = ("import re, sys; from ratecalc.market_rates import extract_market_rates; "
            + ("extract_market_rates(sys.argv[1]); " if extract else "")
            + "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])")
    out = subprocess.run([sys.executable, "-c", code, str(plain)], check=True,
                         capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    return int(out) / 1024  # kB


class _NoPause:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _no_pause() -> _NoPause:
    return _NoPause()


if __name__ == "__main__":
    main()
