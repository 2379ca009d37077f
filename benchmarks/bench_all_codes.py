"""Benchmark: the TiC fast path keeping every code, on a real plan's file, against orjson, ijson.

    python benchmarks/bench_all_codes.py [FILE.json.gz] [--repeat 3]

Default FILE: the Evry Health June 2025 file in the shared reference data (21 MB of JSON, 3,483
codes, 30,209 prices, 438,000 NPIs listed), decompressed once into memory and to a temporary
.json so that gzip is not what is measured. Best CPU time of ``--repeat`` runs, in this process,
of:

- ``extract_market_rates(file)`` with no code filter (everything kept, providers resolved);
- the same with Python's cycle collector left on during the read (how it ran before issue 14's
  fix; the fast path now pauses it);
- the fast path's scan plus ``orjson.loads`` of each item, prices not collected (the floor of
  this design);
- ``orjson.loads`` of the whole document (collector on, as a user's script would run it);
- ``ijson.items(f, "in_network.item")`` (yajl2_c), building every item.

MB/s counts MB (10^6 bytes) of JSON.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import io
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
    args = parser.parse_args()
    if not args.file.exists():
        raise SystemExit(f"no file {args.file}: give a TiC in-network file")

    import ijson
    import orjson

    from ratecalc.market_rates import extract, extract_market_rates
    from ratecalc.market_rates.records import ExtractOptions, PriceCollector
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

    def scan_and_parse() -> int:
        collector = ParseOnly(ExtractOptions())
        with TicSource(plain) as source:
            FastReader(source, collector, None).run()
        return collector.items_seen

    def fast_gc_on() -> Any:
        paused = extract.collector_paused
        extract.collector_paused = _no_pause  # type: ignore[assignment]
        try:
            return extract_market_rates(plain)
        finally:
            extract.collector_paused = paused

    runs = [
        ("fast path, every code kept (collector paused)", lambda: extract_market_rates(plain)),
        ("fast path, every code kept, collector on (before)", fast_gc_on),
        ("fast path scan + orjson.loads per item only", scan_and_parse),
        ("orjson.loads of the whole document", lambda: orjson.loads(data)),
        ("ijson.items(in_network.item)", lambda: sum(1 for _ in ijson.items(
            io.BytesIO(data), "in_network.item", use_float=True))),
    ]
    print(f"file: {args.file.name}, {mb:.1f} MB of JSON; best CPU time of {args.repeat}")
    print(f"{'run':<52} {'CPU s':>7} {'MB/s':>7}")
    times = {}
    for name, fn in runs:
        gc.collect()
        seconds, result = best_of(fn, args.repeat, clock=time.process_time)
        times[name] = seconds
        extra = f"  ({len(result.prices):,} prices)" if hasattr(result, "prices") else ""
        print(f"{name:<52} {seconds:7.2f} {mb / seconds:7.1f}{extra}")
    fast, before = times[runs[0][0]], times[runs[1][0]]
    print(f"\nfix: {before / fast:.2f}x faster than with the collector on; "
          f"{fast / times[runs[3][0]]:.2f}x the time of orjson.loads of the whole document, "
          f"{fast / times[runs[4][0]]:.2f}x that of ijson items")
    plain.unlink()


class _NoPause:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _no_pause() -> _NoPause:
    return _NoPause()


if __name__ == "__main__":
    main()
