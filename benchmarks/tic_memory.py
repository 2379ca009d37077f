"""Where a fresh process's memory and page faults go in one TiC extraction keeping every code.

    python benchmarks/tic_memory.py [FILE.json] [--tree DIR] [--again] [--trace]
                                    [--mmap-threshold-mb N]

Not a goal's figure: ``extract_market_rates(FILE)`` (default: the Evry file of
``bench_all_codes.py``, decompressed to a temporary file) once in this process, right after the
import, with the resident memory (VmRSS), its peak (VmHWM), the minor page faults and the CPU
time (user, system) read after the import, after the first pass (``FastReader.run``) and after
``prices_frame``. A fresh process pays a page fault for each 4 KiB page its heap touches the
first time; a second extraction in the same process (``--again``) reuses most of them.

``--tree DIR`` reads with the code of another checkout (its ``ratecalc`` first on the path).
``--trace`` lists, with tracemalloc, what the first pass still holds when it ends (by line;
slower, so its times are not the reader's). ``--mmap-threshold-mb N`` is an experiment, not
something the reader does: it allocates and frees N MiB before the extraction, which raises
glibc's dynamic mmap threshold to N MiB, so that temporaries up to that size are reused from
the heap instead of mapped afresh and returned each time; the faults it saves are the churn of
the temporaries, as against the memory the extraction keeps.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tic" / "evry_health"
           / "evry-2025-06-23-in-network-rates.json.gz")
if not DEFAULT.exists():
    DEFAULT = Path("/work/shared/data/tic/evry_health/evry-2025-06-23-in-network-rates.json.gz")


def _state() -> tuple[int, int, int, float, float]:
    """(VmRSS MB, VmHWM MB, minor faults, user s, system s) of this process now."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text()
                  .splitlines() if ":" in line)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (int(status["VmRSS"].split()[0]) // 1024, int(status["VmHWM"].split()[0]) // 1024,
            usage.ru_minflt, usage.ru_utime, usage.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--again", action="store_true", help="extract a second time")
    parser.add_argument("--trace", action="store_true", help="what the first pass holds")
    parser.add_argument("--mmap-threshold-mb", type=int, default=0)
    args = parser.parse_args()
    if not args.file.exists():
        raise SystemExit(f"no file {args.file}: give a TiC in-network file")
    plain = args.file
    if args.file.suffix == ".gz":
        plain = Path(tempfile.mkdtemp()) / "tic_memory.json"
        plain.write_bytes(gzip.decompress(args.file.read_bytes()))
    sys.path.insert(0, str(args.tree.resolve()))

    import numpy as np

    from ratecalc.market_rates import extract, extract_market_rates
    from ratecalc.market_rates.stream import FastReader

    marks: list[tuple[str, tuple[int, int, int, float, float]]] = [("imported", _state())]
    run, frame = FastReader.run, extract.prices_frame

    def timed_run(reader: FastReader) -> None:
        if args.trace:
            tracemalloc.start()
        run(reader)
        marks.append(("first pass", _state()))
        if args.trace:
            held = tracemalloc.take_snapshot().statistics("lineno")
            tracemalloc.stop()
            print("held at the end of the first pass, by line (tracemalloc):")
            for stat in held[:12]:
                print(f"  {stat.size / 1e6:6.2f} MB {stat.count:8,} blocks  "
                      f"{stat.traceback[0].filename.rpartition('/')[2]}:"
                      f"{stat.traceback[0].lineno}")

    def timed_frame(*given: Any) -> Any:
        result = frame(*given)
        marks.append(("prices_frame", _state()))
        return result

    FastReader.run = timed_run  # type: ignore[method-assign, assignment]
    extract.prices_frame = timed_frame  # type: ignore[assignment]
    if args.mmap_threshold_mb:
        block = np.empty(args.mmap_threshold_mb << 20, dtype=np.uint8)  # never touched
        del block
    _extract(lambda: extract_market_rates(str(plain)), marks, "returned")
    if args.again:
        _extract(lambda: extract_market_rates(str(plain)), marks, "returned (again)")
    print(f"{'after':<20} {'RSS MB':>7} {'peak MB':>8} {'faults':>8} {'user ms':>8} "
          f"{'sys ms':>7}")
    last = marks[0][1]
    for name, now in marks:
        faults, user, system = now[2] - last[2], now[3] - last[3], now[4] - last[4]
        print(f"{name:<20} {now[0]:7} {now[1]:8} {faults:8,} {user * 1e3:8.1f} "
              f"{system * 1e3:7.1f}")
        last = now
    if plain != args.file:
        plain.unlink()


def _extract(call: Callable[[], Any], marks: list[Any], label: str) -> None:
    result = call()
    del result
    marks.append((label, _state()))


if __name__ == "__main__":
    main()
