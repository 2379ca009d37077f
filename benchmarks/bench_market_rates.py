"""Benchmark: TiC market-rate extraction against ijson and against plain decompression.

    python benchmarks/bench_market_rates.py [--size-mb 1000] [--baseline-mb 256] [--verify]

Generates (once, cached in ``$TMPDIR/ratecalc_bench``) an in-network rates file in the schema's
shape: ``provider_references`` first (so the reader makes its second pass, as on CMS's examples),
then ``in_network`` items of 5 KB to 300 KB, nearly all of them for codes the clinic does not
want (30 items of about 40,000 are for 97110, 97140 and 97530). Then, each measurement in a fresh
subprocess so that its peak memory (``resource.getrusage`` max RSS) is its own:

- the fast path on the ``.json`` and on the ``.json.gz`` (gzip -6);
- ``gzip -dc FILE.gz > /dev/null``, the floor for anything reading the ``.gz``;
- ijson (``ijson.items(f, "in_network.item")``, yajl2_c backend), the usual tool, timed on the
  first ``--baseline-mb`` of the file and extrapolated; likewise our ijson fallback;
- ``--verify`` also runs the fallback over the whole file and checks it finds the same prices.

Goals (issue 4): at least 500 MB/s on the ``.json``; the ``.json.gz`` within 2x of
``gzip -dc``; peak memory under 200 MB. MB here is 10^6 bytes of JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

WANTED = ("97110", "97140", "97530")
N_REFERENCES = 20_000
HEADER = (
    b'{"reporting_entity_name":"Benchmark Health","reporting_entity_type":"health insurance '
    b'issuer","plan_name":"Benchmark PPO","plan_id_type":"ein","plan_id":"123456789",'
    b'"plan_sponsor_name":"Benchmark Employer","plan_market_type":"group",'
    b'"last_updated_on":"2025-06-01","version":"1.0.0",'
)
ITEM_HEAD = (
    '{"negotiation_arrangement":"ffs","name":"Service %s","billing_code_type":"CPT",'
    '"billing_code_type_version":"2025","billing_code":"%s","description":"Generated service",'
    '"negotiated_rates":['
)
RATE = (
    '{"negotiated_prices":[{"negotiated_type":"negotiated","negotiated_rate":%d.%02d,'
    '"expiration_date":"9999-12-31","service_code":["11","22"],"billing_class":"professional",'
    '"setting":"outpatient"}%s],"provider_references":[%d,%d]}'
)
SECOND_PRICE = (
    ',{"negotiated_type":"fee schedule","negotiated_rate":%d.%02d,"expiration_date":'
    '"9999-12-31","billing_class":"institutional","setting":"outpatient"}'
)


def generate(path: Path, size_mb: int, seed: int = 20250601) -> None:
    """Write a schema-shaped in-network file of about ``size_mb`` MB."""
    rng = np.random.default_rng(seed)
    target = size_mb * 1_000_000
    tmp = path.with_suffix(".partial")
    with tmp.open("wb") as out:
        out.write(HEADER)
        out.write(b'"provider_references":[')
        refs = []
        for gid in range(1, N_REFERENCES + 1):
            groups = []
            for _ in range(int(rng.integers(1, 4))):
                npis = ",".join(str(n) for n in rng.integers(1_000_000_000, 1_999_999_999,
                                                             int(rng.integers(1, 11))))
                ein = f"{rng.integers(10, 99):02d}-{rng.integers(0, 9_999_999):07d}"
                groups.append(f'{{"npi":[{npis}],"tin":{{"type":"ein","value":"{ein}",'
                              f'"business_name":"Group {gid}"}}}}')
            refs.append(f'{{"provider_group_id":{gid},"network_name":["Benchmark Network"],'
                        f'"provider_groups":[{",".join(groups)}]}}')
        out.write(",".join(refs).encode())
        out.write(b'],"in_network":[')
        written = out.tell()
        n_items = 0
        wanted_left = {c: 10 for c in WANTED}
        first = True
        while written < target:
            if wanted_left and rng.random() < 0.001:
                code = list(wanted_left)[int(rng.integers(len(wanted_left)))]
                wanted_left[code] -= 1
                if not wanted_left[code]:
                    del wanted_left[code]
            else:
                code = str(int(rng.integers(10000, 96999)))
            n_rates = int(np.clip(rng.lognormal(4.3, 0.9), 20, 1200))
            dollars = rng.integers(20, 400, n_rates)
            cents = rng.integers(0, 100, n_rates)
            second = rng.random(n_rates) < 0.3
            ref_a = rng.integers(1, N_REFERENCES + 1, n_rates)
            ref_b = rng.integers(1, N_REFERENCES + 1, n_rates)
            rates = ",".join(
                RATE % (d, c, SECOND_PRICE % (d * 2, c) if s else "", a, b)
                for d, c, s, a, b in zip(dollars.tolist(), cents.tolist(), second.tolist(),
                                         ref_a.tolist(), ref_b.tolist(), strict=True)
            )
            chunk = ("" if first else ",") + ITEM_HEAD % (code, code) + rates + "]}"
            first = False
            data = chunk.encode()
            out.write(data)
            written += len(data)
            n_items += 1
        for code, left in wanted_left.items():  # make sure every wanted code is present
            for _ in range(left):
                out.write((("," + ITEM_HEAD % (code, code)) + RATE % (50, 0, "", 1, 2)
                           + "]}").encode())
        out.write(b"]}")
    tmp.replace(path)


def child(method: str, path: str, codes: str, baseline_bytes: int) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    import ijson

    from ratecalc.errors import InputError
    from ratecalc.market_rates import ExtractOptions, extract_market_rates

    result: dict[str, object] = {}
    if method == "fast_stdlib_gzip":  # as on a machine without isal
        from ratecalc.market_rates import source

        source._igzip_threaded = None
        method = "fast"
    codes = codes if codes != "-" else None
    t0 = time.perf_counter()  # after the imports: they cost the same whatever the file
    if method in ("fast", "fallback", "auto"):
        rates = extract_market_rates(
            path, ExtractOptions.build(codes=codes.split(",") if codes else None), method=method)
        result.update(n_prices=len(rates.prices), json_bytes=rates.json_bytes,
                      method_used=rates.method,
                      price_sum=round(float(rates.prices["negotiated_rate"].sum()), 2))
    elif method in ("ijson_prefix", "fallback_prefix"):
        # The first baseline_bytes of the file only: time until the parser reaches the cut.
        prefix = Path(tempfile.gettempdir()) / "ratecalc_bench" / f"prefix_{baseline_bytes}.json"
        if not prefix.exists():
            with open(path, "rb") as src, prefix.open("wb") as dst:
                left = baseline_bytes
                while left > 0:
                    block = src.read(min(left, 8 << 20))
                    dst.write(block)
                    left -= len(block)
        with prefix.open("rb") as f:  # warm the page cache like the other runs, 8 MB at a time
            while f.read(8 << 20):
                pass
        t0 = time.perf_counter()
        if method == "ijson_prefix":
            n = 0
            try:
                with prefix.open("rb") as f:
                    for _item in ijson.items(f, "in_network.item", use_float=True):
                        n += 1
            except ijson.IncompleteJSONError:
                pass
            result["items"] = n
        else:
            with contextlib.suppress(InputError):  # the cut: expected
                extract_market_rates(prefix, ExtractOptions.build(codes=codes.split(",")),
                                     method="fallback")
        result["json_bytes"] = baseline_bytes
    result["seconds"] = time.perf_counter() - t0
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open("/proc/self/status") as status:  # the kernel's own high-water mark, to cross-check
        hwm = [line.split()[1] for line in status if line.startswith("VmHWM")]
    result["vm_hwm_mb"] = int(hwm[0]) / 1024 if hwm else float("nan")
    print(json.dumps(result))


def measure(method: str, path: Path, baseline_bytes: int = 0,
            codes: str = ",".join(WANTED)) -> dict[str, float]:
    # Through sh, which forks the child: Linux keeps a process's max RSS across exec, and a child
    # spawned straight from this (larger) process would start with this process's peak.
    done = subprocess.run(
        ["sh", "-c", '"$@"; exit $?', "sh", sys.executable, __file__, "--child", method,
         str(path), codes, str(baseline_bytes)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def gzip_dc(path: Path) -> float:
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run(["gzip", "-dc", str(path)], stdout=null, check=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1000)
    parser.add_argument("--baseline-mb", type=int, default=256,
                        help="prefix on which ijson and the fallback are timed")
    parser.add_argument("--verify", action="store_true",
                        help="also run the fallback on the whole file and compare")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.child[2], int(args.child[3]))
        return

    folder = Path(tempfile.gettempdir()) / "ratecalc_bench"
    folder.mkdir(exist_ok=True)
    plain = folder / f"tic_in_network_{args.size_mb}mb.json"
    packed = plain.with_name(plain.name + ".gz")
    if not plain.exists():
        print(f"generating {plain} ...", flush=True)
        t0 = time.perf_counter()
        generate(plain, args.size_mb)
        print(f"  {plain.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - t0:.0f} s")
    if not packed.exists():
        print(f"compressing with gzip -6 -> {packed} ...", flush=True)
        with packed.with_suffix(".partial").open("wb") as out:
            subprocess.run(["gzip", "-6", "-c", str(plain)], stdout=out, check=True)
        packed.with_suffix(".partial").replace(packed)
    size = plain.stat().st_size
    with plain.open("rb") as f:  # page cache warm for every run alike
        while f.read(64 << 20):
            pass
    mb = size / 1e6
    print(f"file: {plain} ({mb:,.0f} MB JSON; .gz {packed.stat().st_size / 1e6:,.0f} MB); "
          f"wanted codes {', '.join(WANTED)}; {os.cpu_count()} cores")

    base = measure("imports", plain)  # no work: the interpreter and the imports alone
    fast = measure("fast", plain)
    fast_gz = measure("fast", packed)
    fast_gz_stdlib = measure("fast_stdlib_gzip", packed)
    t_gzip = min(gzip_dc(packed) for _ in range(2))
    baseline_bytes = min(args.baseline_mb * 1_000_000, size)
    ijson_run = measure("ijson_prefix", plain, baseline_bytes)
    fallback_run = measure("fallback_prefix", plain, baseline_bytes)

    def rate(run: dict[str, float]) -> float:
        return float(run["json_bytes"]) / 1e6 / float(run["seconds"])

    rows = [
        ("fast path, .json", fast["seconds"], rate(fast), fast["max_rss_mb"]),
        ("fast path, .json.gz", fast_gz["seconds"], mb / fast_gz["seconds"],
         fast_gz["max_rss_mb"]),
        ("fast path, .json.gz, stdlib gzip (no isal)", fast_gz_stdlib["seconds"],
         mb / fast_gz_stdlib["seconds"], fast_gz_stdlib["max_rss_mb"]),
        ("gzip -dc > /dev/null", t_gzip, mb / t_gzip, float("nan")),
        (f"ijson items, first {baseline_bytes / 1e6:.0f} MB (extrapolated)",
         mb / rate(ijson_run), rate(ijson_run), ijson_run["max_rss_mb"]),
        (f"our ijson fallback, first {baseline_bytes / 1e6:.0f} MB (extrapolated)",
         mb / rate(fallback_run), rate(fallback_run), fallback_run["max_rss_mb"]),
    ]
    print(f"\n{'run':<52} {'seconds':>8} {'MB/s':>8} {'peak RSS MB':>12}")
    for name, seconds, speed, rss in rows:
        print(f"{name:<52} {seconds:8.2f} {speed:8.0f} {rss:12.0f}")
    print(f"(a process that only imports ratecalc.market_rates peaks at "
          f"{base['max_rss_mb']:.0f} MB; VmHWM of the fast runs: {fast['vm_hwm_mb']:.0f} and "
          f"{fast_gz['vm_hwm_mb']:.0f} MB)")
    print(f"\nprices found: {fast['n_prices']} (.json), {fast_gz['n_prices']} (.gz); "
          f"reader: {fast['method_used']}")
    print(f"fast path vs ijson: {rate(fast) / rate(ijson_run):.1f}x faster")
    print(f"goal >= 500 MB/s on .json: {rate(fast):.0f} MB/s -> "
          f"{'met' if rate(fast) >= 500 else 'NOT met'}")
    ratio = fast_gz["seconds"] / t_gzip
    print(f"goal .json.gz within 2x of gzip -dc: {ratio:.2f}x -> "
          f"{'met' if ratio <= 2 else 'NOT met'}")
    peak = max(fast["max_rss_mb"], fast_gz["max_rss_mb"])
    print(f"goal peak memory < 200 MB: {peak:.0f} MB -> {'met' if peak < 200 else 'NOT met'}")
    print(f"  without isal (standard library gzip): {fast_gz_stdlib['seconds'] / t_gzip:.2f}x")
    real = (Path(__file__).resolve().parents[2] / "shared" / "data" / "tic" / "evry_health"
            / "evry-2025-06-23-in-network-rates.json.gz")
    if real.exists():  # a real plan's file: small, but real compression and layout
        real_mb = 21_398_855 / 1e6
        real_fast = measure("fast", real, codes="-")
        real_gzip = min(gzip_dc(real) for _ in range(3))
        print(f"real file {real.name} ({real_mb:.1f} MB JSON, every code kept): fast path "
              f"{real_fast['seconds']:.3f} s ({real_mb / real_fast['seconds']:.0f} MB/s, "
              f"{real_fast['n_prices']} prices, peak {real_fast['max_rss_mb']:.0f} MB); "
              f"gzip -dc {real_gzip:.3f} s")
    if args.verify:
        full = measure("fallback", plain)
        same = (full["n_prices"], full["price_sum"]) == (fast["n_prices"], fast["price_sum"])
        print(f"verify: fallback over the whole file {full['seconds']:.1f} s "
              f"({rate(full):.0f} MB/s, peak {full['max_rss_mb']:.0f} MB), "
              f"{full['n_prices']} prices, sum {full['price_sum']}: "
              f"{'same as the fast path' if same else 'DIFFERENT from the fast path'}")


if __name__ == "__main__":
    main()
