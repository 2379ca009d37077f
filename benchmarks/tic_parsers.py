"""Not a goal's figure: compiled JSON parsers tried in place of the TiC fast path's scan and cut.

    python benchmarks/tic_parsers.py [FILE.json] [--rounds 5] [--before TREE] [--check]

Issue 14's TiC row asks 100 MB/s keeping every code of the Evry file in a fresh process, peak
under 200 MB. This times, each in a fresh process (this script run again with ``--one``), the
rounds alternating, the CPU (user + system, ``getrusage``) of one run after the imports, and the
process's peak resident memory (``VmHWM``):

- ``extract``: ``extract_market_rates(file)``, every code kept (this tree; ``--before TREE``
  adds another checkout's, run with this Python);
- ``scan+cut+decode``: the fast path's scan, cut and typed decode of each item, no price kept
  (this design's floor, as in ``bench_all_codes.py``);
- ``orjson``: ``orjson.loads`` of the whole document, collector paused;
- ``msgspec doc``: msgspec's typed decode of the whole document (``TypedItem``, each
  ``provider_groups`` kept as ``msgspec.Raw`` bytes, no group built);
- ``msgspec doc path``: that decode, then each distinct plain array read from its Raw bytes by
  the group cache, the rows and ``prices_frame`` as the fast path makes them: the fastest
  whole-document path msgspec allows, without the reader's checks or header (an upper bound
  on its gain);
- ``msgspec doc path + number checks``: the same after the digit-run and exponent checks the
  fast path makes on what it parses, over the whole text (one masked copy for both);
- ``msgspec items path``: the same with the document decoded to a list of Raw items first and
  each item decoded on its own (one item's objects at a time, the fast path's memory shape);
- ``simdjson parse``: pysimdjson's lazy parse of the document (its tape, no Python object);
- ``simdjson walk``: that parse, then each item's ``billing_code`` and each rate's
  ``provider_groups`` minified text (``.mini``) looked up in a dict: the work the scan and the
  cut do with every array known, no price read.

pysimdjson is not a dependency: its rows are left out when it is not installed (``pip install
pysimdjson``). ``--check`` first compares the two msgspec paths' prices with the extraction's
(``DataFrame.equals``). MB/s counts MB (10^6 bytes) of JSON.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
DEFAULT = Path("/tmp/evry.json")
RUNS = ("extract", "scan+cut+decode", "orjson", "msgspec doc", "msgspec doc path",
        "msgspec doc path + number checks", "msgspec items path", "simdjson parse", "simdjson walk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT,
                        help="an uncompressed in-network file (default /tmp/evry.json)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, action="append", default=[])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--in-process", action="store_true",
                        help="also time each run again in this one process, best of --rounds")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, default=HERE, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one, args.file, args.tree)
        return
    if not args.file.exists():
        raise SystemExit(f"no file {args.file}: give an uncompressed TiC in-network file")
    if args.check:
        _check(args.file)
    try:
        import simdjson  # noqa: F401
        runs = [(name, HERE) for name in RUNS]
    except ImportError:
        runs = [(name, HERE) for name in RUNS if not name.startswith("simdjson")]
        print("pysimdjson is not installed: its rows are left out")
    runs += [("extract", tree.resolve()) for tree in args.before]
    cpu: dict[tuple[str, Path], list[float]] = {run: [] for run in runs}
    peak: dict[tuple[str, Path], float] = {run: 0.0 for run in runs}
    mb = args.file.stat().st_size / 1e6
    loads = []
    for _ in range(args.rounds):  # alternating, so a busy moment does not favour one run
        loads.append(os.getloadavg()[0])
        for name, tree in runs:
            out = subprocess.run(
                [sys.executable, __file__, str(args.file), "--one", name, "--tree", str(tree)],
                check=True, capture_output=True, text=True, cwd=tree).stdout.split()
            cpu[(name, tree)].append(float(out[0]))
            peak[(name, tree)] = max(peak[(name, tree)], float(out[1]))
    loads.append(os.getloadavg()[0])
    if args.in_process:
        _in_process(args.file, [name for name, tree in runs if tree == HERE], args.rounds)
    print(f"file: {args.file}, {mb:.1f} MB; {args.rounds} rounds alternating, load average "
          f"{min(loads):.2f}-{max(loads):.2f}; CPU of the run after the imports, fresh process")
    print(f"{'run':<44} {'best ms':>8} {'median':>8} {'MB/s':>7} {'peak MB':>8}")
    for name, tree in runs:
        label = name if tree == HERE else f"{name} ({tree})"
        best = min(cpu[(name, tree)])
        print(f"{label:<44} {best:8.1f} {statistics.median(cpu[(name, tree)]):8.1f} "
              f"{mb / best * 1000:7.1f} {peak[(name, tree)]:8.0f}")


def _in_process(path: Path, names: list[str], rounds: int) -> None:
    """Each run's best CPU of ``rounds`` in this process, alternating (buffers warm, the
    imports paid once)."""
    import msgspec
    import orjson

    from ratecalc.collector import collector_paused
    from ratecalc.market_rates import extract_market_rates

    sys.path.insert(0, str(HERE))
    work = {"extract": lambda: extract_market_rates(path),
            **_variants(path, msgspec, orjson, collector_paused)}
    best = dict.fromkeys(names, float("inf"))
    low = os.getloadavg()[0]
    for _ in range(rounds):
        for name in names:
            before = resource.getrusage(resource.RUSAGE_SELF)
            result = work[name]()
            after = resource.getrusage(resource.RUSAGE_SELF)
            del result
            best[name] = min(best[name], (after.ru_utime - before.ru_utime
                                          + after.ru_stime - before.ru_stime) * 1000)
    print(f"in this process, best CPU ms of {rounds} alternating, load average {low:.2f}-"
          f"{os.getloadavg()[0]:.2f}: "
          + ", ".join(f"{name} {best[name]:.1f}" for name in names))


def _one(name: str, path: Path, tree: Path) -> None:
    """Run ``name`` once in this (fresh) process and print its CPU ms and peak MB."""
    sys.path.insert(0, str(tree))
    # pandas is left to ratecalc's import, which sets pyarrow's allocator first (see
    # ratecalc/__init__.py): pandas imported before it took the extraction's peak 15 MB higher
    import msgspec
    import orjson

    from ratecalc.collector import collector_paused
    from ratecalc.market_rates import extract_market_rates

    work = {"extract": lambda: extract_market_rates(path)}
    if name != "extract":
        work = _variants(path, msgspec, orjson, collector_paused)
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = work[name]()
    after = resource.getrusage(resource.RUSAGE_SELF)
    del result
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    # VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec
    hwm = re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text())
    print(f"{cpu:.1f} {int(hwm[1]) / 1024 if hwm else 0:.1f}")


def _variants(path: Path, msgspec: Any, orjson: Any, collector_paused: Any) -> dict[str, Any]:
    from ratecalc.market_rates.limits import (
        _EXPONENT_RUN,
        DIGIT_MASK,
        has_huge_exponent,
        long_digit_runs,
    )
    from ratecalc.market_rates.provider_refs import prices_frame
    from ratecalc.market_rates.records import (
        _STANDIN_RAW,
        ExtractOptions,
        GroupCut,
        PriceCollector,
        TypedItem,
    )
    from ratecalc.market_rates.source import TicSource
    from ratecalc.market_rates.stream import FastReader

    # made, not declared: this module's annotations are text, which msgspec cannot resolve here
    doc = msgspec.defstruct("Doc", [("in_network", list[TypedItem], [])])
    items = msgspec.defstruct("RawItems", [("in_network", list[msgspec.Raw], [])])
    typed_doc = msgspec.json.Decoder(doc)
    raw_items = msgspec.json.Decoder(items)
    typed_item = msgspec.json.Decoder(TypedItem)

    class ParseOnly(PriceCollector):
        def add_typed_item(self, item: object, cut: object) -> bool:
            self.items_seen += 1
            return True

    def scan_cut_decode() -> int:
        collector = ParseOnly(ExtractOptions())
        with TicSource(path) as source, collector_paused():
            FastReader(source, collector, None).run()
        return collector.items_seen

    def whole_orjson() -> Any:
        with collector_paused():
            return orjson.loads(path.read_bytes())

    def add(collector: PriceCollector, item: Any) -> None:
        cache = collector.group_cache
        groups = []
        for rate in item.negotiated_rates or ():
            if rate.provider_groups:
                groups.append(cache._plain_array(bytes(rate.provider_groups)))
                rate.provider_groups = _STANDIN_RAW
        if not collector.add_typed_item(item, GroupCut(b"", groups) if groups else None):
            raise SystemExit("an item the prototype cannot read")

    def doc_path() -> Any:
        with collector_paused():
            collector = PriceCollector(ExtractOptions())
            for item in typed_doc.decode(path.read_bytes()).in_network:
                add(collector, item)
            return prices_frame(collector, None)

    def checked_doc_path() -> Any:
        # the number checks the fast path makes on what it parses, here over the whole text
        # (no item is cut): digit runs and exponents, one masked copy for both
        text = path.read_bytes()
        masked = text.translate(DIGIT_MASK)
        if ((_EXPONENT_RUN in masked and has_huge_exponent(text, 0, len(text)))
                or next(long_digit_runs(masked), None) is not None):
            raise SystemExit("a number the fast path refuses")
        with collector_paused():
            collector = PriceCollector(ExtractOptions())
            for item in typed_doc.decode(text).in_network:
                add(collector, item)
            return prices_frame(collector, None)

    def items_path() -> Any:
        with collector_paused():
            collector = PriceCollector(ExtractOptions())
            for raw in raw_items.decode(path.read_bytes()).in_network:
                add(collector, typed_item.decode(raw))
            return prices_frame(collector, None)

    def simdjson_parse() -> Any:
        import simdjson
        parser = simdjson.Parser()
        return parser.parse(path.read_bytes())

    def simdjson_walk() -> Any:
        import simdjson
        parser = simdjson.Parser()
        arrays: dict[bytes, None] = {}
        codes = []
        for item in parser.parse(path.read_bytes())["in_network"]:
            codes.append(item["billing_code"])
            for rate in item["negotiated_rates"]:
                arrays.setdefault(rate["provider_groups"].mini, None)
        return arrays

    return {
        "scan+cut+decode": scan_cut_decode,
        "orjson": whole_orjson,
        "msgspec doc": lambda: typed_doc.decode(path.read_bytes()),
        "msgspec doc path": doc_path,
        "msgspec doc path + number checks": checked_doc_path,
        "msgspec items path": items_path,
        "simdjson parse": simdjson_parse,
        "simdjson walk": simdjson_walk,
    }


def _check(path: Path) -> None:
    import msgspec
    import orjson

    from ratecalc.collector import collector_paused
    from ratecalc.market_rates import extract_market_rates

    sys.path.insert(0, str(HERE))
    expected = extract_market_rates(path).prices.reset_index(drop=True)
    variants = _variants(path, msgspec, orjson, collector_paused)
    for name in ("msgspec doc path", "msgspec items path"):
        found = variants[name]().reset_index(drop=True)
        print(f"{name}: {len(found):,} prices, the same as the extraction's: "
              f"{found.equals(expected)}")


if __name__ == "__main__":
    main()
