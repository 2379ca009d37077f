"""Where the TiC fast path's time goes, keeping every code of one file: phases and a sampled view.

    python benchmarks/tic_profile.py [FILE.json] [--repeat 7] [--sampled-runs 20]

Not a goal's figure: it splits ``extract_market_rates`` of one file (default: the Evry file of
``bench_all_codes.py``, decompressed) into the steps it runs, each timed alone in this process
(best CPU time of ``--repeat``, the cycle collector paused as the reader pauses it):

- finding the items and copying each one's bytes (the scan);
- ``GroupCache.cut`` of every item with an empty cache (every distinct provider-group array and
  group read) and again with a full one (only the cut: finding, slicing, looking up arrays);
- msgspec's typed decode of the cut texts and the exponent check on them;
- ``PriceCollector.add_typed_item`` (the price rows); the whole first pass;
- ``prices_frame``: the plain arrays' NPIs read and ranked, every plain array's providers
  (``PlainTable.providers``), and the whole;
- the whole ``extract_market_rates``, and ``orjson.loads`` of the whole document beside it.

Then a sampled view of ``--sampled-runs`` extractions: a CPU-time timer signal charges each
sample to the innermost ``ratecalc`` function and line on the stack. The kernel's timer ticks
(4 ms here) merge while one C call runs, so a long call (pandas building the frame) is
undercounted; the phases above are the measure, the samples say which lines.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_all_codes import DEFAULT  # noqa: E402


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    from ratecalc.collector import collector_paused

    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        with collector_paused():
            start = time.process_time()
            result = fn()
            best = min(best, time.process_time() - start)
    return best * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sampled-runs", type=int, default=20)
    args = parser.parse_args()

    import orjson

    from ratecalc.market_rates import extract_market_rates
    from ratecalc.market_rates.limits import has_huge_exponent
    from ratecalc.market_rates.plain_groups import PlainArray
    from ratecalc.market_rates.provider_refs import prices_frame
    from ratecalc.market_rates.records import (
        TYPED_ITEM,
        ExtractOptions,
        GroupCache,
        PriceCollector,
    )
    from ratecalc.market_rates.source import TicSource
    from ratecalc.market_rates.stream import FastReader

    raw = args.file.read_bytes()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    plain = Path(tempfile.mkdtemp()) / "profiled.json"
    plain.write_bytes(data)
    items: list[bytes] = []

    class Items(FastReader):
        def _collect(self, collector: PriceCollector, start: int, end: int) -> None:
            items.append(bytes(memoryview(self.buf)[start:end]))

    def scan() -> None:
        items.clear()
        with TicSource(plain) as source:
            Items(source, PriceCollector(ExtractOptions()), None).run()

    def first_pass() -> PriceCollector:
        collector = PriceCollector(ExtractOptions())
        with TicSource(plain) as source:
            FastReader(source, collector, None).run()
        return collector

    rows: list[tuple[str, float]] = []
    rows.append(("scan: find the items, copy each one's bytes", _best(scan, args.repeat)[0]))

    def cut_cold() -> None:
        fresh = GroupCache()
        for item in items:
            fresh.cut(item)

    rows.append(("cut, empty cache (distinct arrays and groups read)",
                 _best(cut_cold, args.repeat)[0]))
    cache = GroupCache()
    cuts = [cache.cut(r) for r in items]
    rows.append(("cut, every array known", _best(lambda: [cache.cut(r) for r in items],
                                                 args.repeat)[0]))
    texts = [r if c is None else c.text for r, c in zip(items, cuts, strict=True)]
    rows.append(("msgspec typed decode of the cut texts",
                 _best(lambda: [TYPED_ITEM.decode(t) for t in texts], args.repeat)[0]))
    rows.append(("exponent check of the cut texts",
                 _best(lambda: [has_huge_exponent(t, 0, len(t)) for t in texts],
                       args.repeat)[0]))
    typed = [TYPED_ITEM.decode(t) for t in texts]

    def add_rows() -> None:
        collector = PriceCollector(ExtractOptions())
        for item, cut in zip(typed, cuts, strict=True):
            collector.add_typed_item(item, cut)

    rows.append(("add_typed_item (the price rows)", _best(add_rows, args.repeat)[0]))
    seconds, collector = _best(first_pass, args.repeat)
    rows.append(("first pass, whole (FastReader.run)", seconds))
    arrays = [a for a in {id(g.inline): g.inline for g in collector.groups}.values()
              if isinstance(a, PlainArray)]
    table = collector.group_cache.table
    rows.append(("prices_frame: the plain arrays' NPIs read, ranked",
                 _best(table._group_identities, args.repeat)[0]))
    rows.append(("prices_frame: every plain array's providers (with the above)",
                 _best(lambda: table.providers(arrays), args.repeat)[0]))
    rows.append(("prices_frame, whole", _best(lambda: prices_frame(collector, None),
                                              args.repeat)[0]))
    rows.append(("extract_market_rates, whole", _best(lambda: extract_market_rates(plain),
                                                      args.repeat)[0]))
    rows.append(("orjson.loads of the whole document", _best(lambda: orjson.loads(data),
                                                             args.repeat)[0]))
    print(f"file: {args.file.name}, {len(data) / 1e6:.1f} MB of JSON, {len(items):,} items, "
          f"{len(arrays):,} distinct provider-group arrays; best CPU ms of {args.repeat}")
    for name, ms in rows:
        print(f"  {name:<56} {ms:8.1f}")
    _sampled(lambda: extract_market_rates(plain), args.sampled_runs)
    plain.unlink()


def _sampled(run: Callable[[], Any], runs: int) -> None:
    """Charge CPU-timer samples to the innermost ratecalc function and line on the stack."""
    by_function: collections.Counter[tuple[str, str]] = collections.Counter()
    by_line: collections.Counter[tuple[str, str, int]] = collections.Counter()

    def on_sample(signum: int, frame: FrameType | None) -> None:
        while frame is not None and "/ratecalc/" not in frame.f_code.co_filename:
            frame = frame.f_back
        if frame is None:
            by_function["(outside ratecalc)", ""] += 1
            return
        name = Path(frame.f_code.co_filename).name
        by_function[name, frame.f_code.co_name] += 1
        by_line[name, frame.f_code.co_name, frame.f_lineno] += 1

    run()
    previous = signal.signal(signal.SIGPROF, on_sample)
    signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
    try:
        for _ in range(runs):
            run()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    total = sum(by_function.values()) or 1
    print(f"\nsampled view, {runs} extractions, {total:,} samples: by function")
    for (name, function), count in by_function.most_common(12):
        print(f"  {name}:{function:<40} {100 * count / total:5.1f}%")
    print("by line")
    for (name, function, line), count in by_line.most_common(15):
        print(f"  {name}:{function}:{line:<30} {100 * count / total:5.1f}%")


if __name__ == "__main__":
    main()
