"""Time a workbook refresh against a bare openpyxl load and save of the same file.

The workbook has 40 payers x 300 codes (12,000 fee-schedule and volume rows) and 5-year
scenarios; it is built and refreshed once so its result sheets are full, as a user's would be.
Then, in the same run on the same file:

- baseline: ``openpyxl.load_workbook`` + ``save`` (what any tool that rewrites the file pays);
- refresh: ``refresh_workbook`` (check, read, validate, analyze, rebuild the result sheets,
  back up, save atomically);

one of each in turn, ``--repeat`` times; and, for comparison, the bare load+save with Python's
cycle collector paused as ``refresh_workbook`` pauses it.

Goal (issue 14): refresh at most 1.2x the baseline, in CPU time (a loaded machine inflates
wall time unevenly; both are printed). Run: ``python benchmarks/bench_workbook.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from ratecalc.collector import collector_paused
from ratecalc.dataset import ClinicData, Settings
from ratecalc.medicare import medicare_amounts
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

N_PAYERS, N_CODES = 40, 300
LOCALITY, PRICED_ON = "10112-00", date(2025, 10, 1)


def payable_codes(n: int) -> pd.DataFrame:
    """``n`` codes Medicare pays in the locality, with their amounts (deterministic)."""
    from ratecalc.medicare.store import rvus

    candidates = sorted(c for c in set(rvus("rvu25d").index.get_level_values(0))
                        if c[:1].isdigit() and c.isdigit())
    table = medicare_amounts(candidates[:3 * n], LOCALITY, PRICED_ON)
    ok = table[table["problem"].isna() & (table["amount"] > 1.0)]
    return ok[["code", "amount"]].head(n).reset_index(drop=True)


def synthetic_clinic(n_payers: int = N_PAYERS, n_codes: int = N_CODES, seed: int = 11
                     ) -> ClinicData:
    rng = np.random.default_rng(seed)
    codes = payable_codes(n_codes)
    payers = [f"Payer {i:02d} Health Plan" for i in range(n_payers)]
    level = rng.uniform(0.85, 1.45, n_payers)
    grid = pd.MultiIndex.from_product([payers, codes["code"]], names=["payer", "code"])
    medicare = np.tile(codes["amount"].to_numpy(), n_payers)
    factor = np.repeat(level, len(codes)) * rng.uniform(0.95, 1.05, len(grid))
    fees = pd.DataFrame({
        "payer": grid.get_level_values(0), "code": grid.get_level_values(1), "modifier": "",
        "allowed_amount": np.round(medicare * factor, 2),
        "effective_date": date(2025, 1, 1)})
    volumes = pd.DataFrame({
        "payer": grid.get_level_values(0), "code": grid.get_level_values(1),
        "units_per_year": rng.integers(5, 400, len(grid)).astype(float),
        "visits": rng.integers(5, 300, len(grid))})
    base = codes["amount"].to_numpy() * 1.2
    benchmarks = pd.DataFrame({
        "code": codes["code"], "region": "Synthetic", "p25": np.round(base * 0.87, 2),
        "p50": np.round(base, 2), "p75": np.round(base * 1.13, 2),
        "p90": np.round(base * 1.28, 2), "source": "synthetic", "as_of": date(2025, 9, 30)})
    contracts = pd.DataFrame({
        "payer": payers, "product": "PPO", "contract_id": [f"C{i}" for i in range(n_payers)],
        "effective_date": date(2024, 1, 1),
        "end_date": [date(2026, 1 + i % 12, 28) for i in range(n_payers)],
        "auto_renew": True, "notice_days": 90,
        "rate_basis": ["pct_of_medicare" if i % 4 == 0 else "fixed" for i in range(n_payers)],
        "pct_of_medicare": [round(float(level[i]), 2) if i % 4 == 0 else None
                            for i in range(n_payers)],
        "escalator": [0.02 if i % 3 == 0 else 0.0 for i in range(n_payers)],
        "mppr_rule": "none", "assistant_reduction": 0.0, "contact_name": "Contact",
        "contact_title": None, "contact_email": None, "contact_phone": None,
        "contact_address": None})
    payer_table = pd.DataFrame({"payer": payers, "payer_id": [f"ID{i}" for i in range(n_payers)],
                                "financial_class": "commercial",
                                "visits_per_year": rng.integers(200, 4000, n_payers),
                                "notes": None})
    metrics = pd.DataFrame({"metric": ["cost_per_visit", "visits_per_year"],
                            "value": [82.0, 60000.0], "benchmark": [None, None],
                            "unit": ["USD", "visits"], "period": "2025", "source": "synthetic"})
    clinic = {"name": "Synthetic Clinic", "locality": LOCALITY}
    settings = Settings(analysis_date=date(2025, 12, 1), medicare_date=PRICED_ON,
                        scenario_years=5)
    return ClinicData(clinic=clinic, payers=payer_table, contracts=contracts,
                      fee_schedules=fees, volumes=volumes, benchmarks=benchmarks,
                      metrics=metrics, settings=settings)


def timed(fn: Callable[[], object], repeat: int) -> list[tuple[float, float]]:
    """(CPU seconds, wall seconds) of each call: CPU time is what a loaded machine inflates
    least, wall time what the user waits."""
    times = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.process_time() - start_cpu, time.perf_counter() - start))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "bench.xlsx"
        start = time.perf_counter()
        new_workbook(book, synthetic_clinic())
        built = time.perf_counter() - start
        first = refresh_workbook(book, now=datetime(2025, 12, 1, 9, 0))
        assert first.ok, [p.message for p in first.errors]
        size = book.stat().st_size
        bare_copy = folder / "bare.xlsx"
        shutil.copy2(book, bare_copy)

        def bare() -> None:
            wb = load_workbook(bare_copy)
            wb.save(bare_copy)

        def refresh() -> None:
            result = refresh_workbook(book, now=datetime(2025, 12, 1, 9, 0))
            assert result.ok

        def bare_paused() -> None:
            with collector_paused():
                bare()

        # interleaved, so that a machine slowing down or speeding up mid-run weighs on all
        bare_times, refresh_times, paused_times = [], [], []
        for _ in range(args.repeat):
            bare_times += timed(bare, 1)
            refresh_times += timed(refresh, 1)
            paused_times += timed(bare_paused, 1)
        wb = load_workbook(book, read_only=True)
        cells = sum(ws.max_row * ws.max_column for ws in wb.worksheets)
        wb.close()
    b_cpu, r_cpu = (statistics.median(t[0] for t in ts) for ts in (bare_times, refresh_times))
    b, r = (statistics.median(t[1] for t in ts) for ts in (bare_times, refresh_times))

    def runs(times: list[tuple[float, float]]) -> str:
        return ", ".join(f"{c:.2f}/{w:.2f}" for c, w in times)

    print(f"workbook: {N_PAYERS} payers x {N_CODES} codes, 5-year scenarios, "
          f"{size / 1e6:.1f} MB, ~{cells:,} cells in used ranges (built in {built:.1f} s); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"bare openpyxl load+save: median {b_cpu:.2f} s cpu, {b:.2f} s wall  (runs cpu/wall: "
          f"{runs(bare_times)})")
    print(f"refresh_workbook:        median {r_cpu:.2f} s cpu, {r:.2f} s wall  (runs cpu/wall: "
          f"{runs(refresh_times)})")
    print(f"refresh / bare = {r_cpu / b_cpu:.2f}x cpu, {r / b:.2f}x wall  (goal: at most 1.2x)")
    p_cpu = statistics.median(t[0] for t in paused_times)
    print(f"for comparison, a bare load+save with the collector paused as refresh pauses it: "
          f"median {p_cpu:.2f} s cpu (runs cpu/wall: {runs(paused_times)}); refresh / that = "
          f"{r_cpu / p_cpu:.2f}x cpu")

if __name__ == "__main__":
    main()
