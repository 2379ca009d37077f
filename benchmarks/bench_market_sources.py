"""Benchmark: a payer's table of contents with 20 in-network files, read over HTTP, 1 and 2 jobs.

    python benchmarks/bench_market_sources.py [--files 20] [--file-mb 25] [--jobs 1,2] [--plain]

Generates (once, cached in ``$TMPDIR/ratecalc_bench/sources_<files>x<mb>``) ``--files`` in-network
files of ``--file-mb`` MB of JSON each, in the shape of ``bench_market_rates.py`` (20,000
provider references first, then items of 5 KB to 300 KB, 30 of them for the wanted codes), gzip
-6 compressed as payers publish them (``--plain`` serves the .json), and a table of contents that
lists each file under two plans (every file listed twice: read once). The folder is served by
``python -m http.server`` on 127.0.0.1 in its own process. Then, for each ``--jobs`` value, in a
fresh process:

    ratecalc import market-rates http://127.0.0.1:PORT/toc.json --codes 97110,97140,97530
        --jobs N --store DIR --json --quiet

timed from start to exit; peak memory is the largest sum of the resident memory of that process
and its workers, sampled every 50 ms from /proc (the server's is not counted); CPU seconds are
those of the process and its workers (``RUSAGE_CHILDREN``), which on a shared machine say more
than wall time. Baselines in the
same run: downloading every file with urllib3 and discarding the bytes (the floor for anything
reading over this server), and ``gzip -dc`` of every file. Then the store's query time
(``store_benchmarks``: pooled and per-payer percentiles with DuckDB; also with a region of 2,000
NPIs). The runs must print identical statistics; the script says so.

MB/s counts MB (10^6 bytes) of JSON, decompressed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_market_rates import WANTED, generate  # noqa: E402
from timing import best_of  # noqa: E402


def make_folder(folder: Path, files: int, file_mb: int, plain: bool) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(files):
        json_path = folder / f"in-network-{i:02d}.json"
        gz_path = json_path.with_name(json_path.name + ".gz")
        target = json_path if plain else gz_path
        if not target.exists():
            if not json_path.exists():
                generate(json_path, file_mb, seed=20250601 + i)
            if not plain:
                with gz_path.with_suffix(".partial").open("wb") as dst:
                    subprocess.run(["gzip", "-6", "-c", str(json_path)], stdout=dst, check=True)
                gz_path.with_suffix(".partial").replace(gz_path)
        out.append(target)
    return out


def write_toc(folder: Path, names: list[str]) -> Path:
    structures = []
    for i, name in enumerate(names):
        for plan in (f"PLAN{i:02d}A", f"PLAN{i:02d}B"):  # every file listed under two plans
            structures.append({"reporting_plans": [{"plan_name": plan, "plan_id_type": "ein",
                                                    "plan_id": plan, "plan_market_type": "group"}],
                               "in_network_files": [{"description": "in-network file",
                                                     "location": name}]})
    toc = folder / "toc.json"
    toc.write_text(json.dumps({"reporting_entity_name": "Benchmark Health",
                               "reporting_entity_type": "health insurance issuer",
                               "last_updated_on": "2025-06-01", "version": "1.1.0",
                               "reporting_structure": structures}))
    return toc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and its descendants [MB], from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def children_cpu() -> float:
    """CPU seconds [user + system] of this process's finished children and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(url: str, jobs: int, store: Path) -> tuple[float, float, list[dict], float]:
    ratecalc = Path(sys.executable).with_name("ratecalc")
    cmd = [str(ratecalc), "import", "market-rates", url, "--codes", ",".join(WANTED),
           "--jobs", str(jobs), "--store", str(store), "--json", "--quiet"]
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return seconds, peak, json.loads(out), children_cpu() - cpu0


def download_all(urls: list[str]) -> float:
    import urllib3

    pool = urllib3.PoolManager()
    t0 = time.perf_counter()
    for url in urls:
        r = pool.request("GET", url, preload_content=False, decode_content=False)
        while r.read(1 << 20):
            pass
        r.release_conn()
    return time.perf_counter() - t0


def gunzip_all(paths: list[Path]) -> tuple[float, float]:
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        for p in paths:
            subprocess.run(["gzip", "-dc", str(p)], stdout=null, check=True)
    return time.perf_counter() - t0, children_cpu() - cpu0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--file-mb", type=int, default=25,
                        help="MB of JSON per file (100 gives the issue's 2 GB in all)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to time")
    parser.add_argument("--plain", action="store_true", help="serve .json instead of .json.gz")
    args = parser.parse_args()
    if args.file_mb < 10:  # the 20,000 provider references alone take about 7 MB
        parser.error("--file-mb: at least 10")

    folder = (Path(tempfile.gettempdir()) / "ratecalc_bench"
              / f"sources_{args.files}x{args.file_mb}")
    t0 = time.perf_counter()
    files = make_folder(folder, args.files, args.file_mb, args.plain)
    write_toc(folder, [f.name for f in files])
    print(f"files ready in {time.perf_counter() - t0:.0f} s: {folder}")
    json_mb = sum((folder / f.name.removesuffix(".gz")).stat().st_size for f in files) / 1e6
    stored_mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"{len(files)} files, {json_mb:,.0f} MB of JSON ({stored_mb:,.0f} MB as served, "
          f"{'plain' if args.plain else 'gzip -6'}); table of contents lists each twice; "
          f"{len(os.sched_getaffinity(0))} cores; wanted codes {', '.join(WANTED)}")

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="ratecalc_bench_store_"))
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        urls = [f"{base}/{f.name}" for f in files]
        c0 = time.process_time()
        t_download = download_all(urls)
        c_download = time.process_time() - c0
        t_gunzip, c_gunzip = gunzip_all(files) if not args.plain else (float("nan"),) * 2
        results = {}
        for jobs in [int(j) for j in args.jobs.split(",")]:
            store = work / f"store_jobs{jobs}"
            seconds, peak, rows, cpu = run_cli(f"{base}/toc.json", jobs, store)
            results[jobs] = (seconds, peak, rows, store, cpu)

        print(f"\nload average (1 min) now: {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores (other users of the machine count)")
        print(f"{'run':<46} {'wall s':>7} {'MB/s':>6} {'CPU s':>7} {'MB/CPU-s':>8} "
              f"{'peak MB':>8}")
        print(f"{'download only (urllib3, discard), sequential':<46} {t_download:7.2f} "
              f"{json_mb / t_download:6.0f} {c_download:7.2f} {json_mb / c_download:8.0f}")
        if not args.plain:
            print(f"{'gzip -dc of every file, sequential':<46} {t_gunzip:7.2f} "
                  f"{json_mb / t_gunzip:6.0f} {c_gunzip:7.2f} {json_mb / c_gunzip:8.0f}")
        for jobs, (seconds, peak, _rows, _store, cpu) in results.items():
            print(f"{f'ratecalc import market-rates TOC --jobs {jobs} --store':<46} "
                  f"{seconds:7.2f} {json_mb / seconds:6.0f} {cpu:7.2f} {json_mb / cpu:8.0f} "
                  f"{peak:8.0f}")
        first = next(iter(results.values()))
        same = all(r[2] == first[2] for r in results.values())
        print(f"\nstatistics identical across --jobs values: {'yes' if same else 'NO'}; "
              f"prices per code: {[(r['code'], r['n_prices']) for r in first[2]]}")
        if 1 in results and 2 in results:
            print(f"--jobs 2 vs --jobs 1: {results[1][0] / results[2][0]:.2f}x faster "
                  "(the HTTP server shares the same 2 cores)")

        from ratecalc.market_rates.store import MarketStore
        from ratecalc.market_rates.store_query import store_benchmarks

        store = MarketStore(first[3])
        t_query, bench = best_of(lambda: store_benchmarks(store), repeat=3)
        import pyarrow.parquet as pq
        sample = pq.read_table(next(store.prices_dir.rglob("*.parquet"))).to_pandas()
        npis = sorted({n for p in sample["providers"] for n in p})[:2000]
        t_region, bench_r = best_of(lambda: store_benchmarks(store, npis=npis), repeat=3)
        print(f"store: {len(store.files())} files, {sum(len(b) for b in [bench])} result rows, "
              f"{store.size_bytes() / 1e6:.1f} MB on disk; query (pooled + per payer, "
              f"DuckDB) {t_query * 1000:.0f} ms; with a 2,000-NPI region "
              f"{t_region * 1000:.0f} ms ({int(bench_r['n_prices'].sum())} price rows matched)")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
