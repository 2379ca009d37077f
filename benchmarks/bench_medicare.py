"""Time the Medicare engine on the whole national fee schedule and the gap matrix.

Baselines, measured in the same run over the same data: a plain per-row Python loop doing the
same exact integer arithmetic (Medicare), and a per-row loop over the payer x code rows (gap).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from timing import best_of

from ratecalc.gap import gap_table
from ratecalc.medicare import national_fee_schedule, store

DATE = "2025-10-01"


def medicare_loop() -> list[tuple[str, str, float, float, float]]:
    """The same computation one row at a time, in plain Python integers."""
    rel = store.release_for(pd.Timestamp(DATE).date())
    rvus = store.rvus(rel.release)
    rvus = rvus[rvus["status"].isin(["A", "R", "T"])]
    gp = store.gpcis()
    gp = gp[gp["release"] == rel.release]
    cf = 323465
    out = []
    rvu_rows = list(zip(rvus.index.get_level_values(0), rvus["work"], rvus["pe_nf"],
                        rvus["pe_f"], rvus["mp"], rvus["mult_proc"], strict=True))
    gp_rows = list(zip(gp["locality"], gp["g_work"], gp["g_pe"], gp["g_mp"], strict=True))
    for code, w, pe_nf, pe_f, mp, mult in rvu_rows:
        for loc, gw, gpe, gmp in gp_rows:
            base = int(w) * int(gw) + int(mp) * int(gmp)
            nf = 2 * (base + int(pe_nf) * int(gpe)) * cf
            fac = 2 * (base + int(pe_f) * int(gpe)) * cf
            mppr = (2 * base + int(pe_nf) * int(gpe)) * cf if mult == "5" else nf
            out.append((code, loc, (nf + 10**7) // (2 * 10**7) / 100,
                        (fac + 10**7) // (2 * 10**7) / 100, (mppr + 10**7) // (2 * 10**7) / 100))
    return out


def gap_inputs(n_payers: int = 50, n_codes: int = 500) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                  pd.Series]:
    rng = np.random.default_rng(7)
    codes = [f"{97000 + i:05d}" for i in range(n_codes)]
    medicare = pd.Series(rng.uniform(10, 150, n_codes).round(2), index=codes)
    rows = pd.DataFrame({
        "payer": np.repeat([f"Payer {i:02d}" for i in range(n_payers)], n_codes),
        "code": np.tile(codes, n_payers),
    })
    rows["allowed_amount"] = (rows["code"].map(medicare) * rng.uniform(0.8, 1.6, len(rows))
                              ).round(2)
    rows["units_per_year"] = rng.integers(0, 2000, len(rows)).astype(float)
    bench = pd.DataFrame({"code": codes})
    for q, k in (("p25", 1.0), ("p50", 1.15), ("p75", 1.3), ("p90", 1.5)):
        bench[q] = (medicare.to_numpy() * k).round(2)
    return rows, bench, medicare


def gap_loop(rows: pd.DataFrame, bench: pd.DataFrame, medicare: pd.Series) -> list[tuple]:
    p50 = dict(zip(bench["code"], bench["p50"], strict=True))
    weighted: dict[str, list[float]] = {}
    records = list(rows.itertuples(index=False))
    for r in records:
        acc = weighted.setdefault(r.code, [0.0, 0.0])
        acc[0] += r.allowed_amount * r.units_per_year
        acc[1] += r.units_per_year
    out = []
    for r in records:
        total, units = weighted[r.code]
        average = total / units if units else r.allowed_amount
        b = p50[r.code]
        gap = b - r.allowed_amount
        out.append((r.payer, r.code, average, gap, gap / b, average - r.allowed_amount,
                    r.allowed_amount / medicare[r.code], gap * r.units_per_year))
    return out


def main() -> None:
    national_fee_schedule(DATE)  # load and cache the release (file reading is not the engine)
    t_vec, table = best_of(lambda: national_fee_schedule(DATE))
    t_loop, loop = best_of(medicare_loop, repeat=1)
    assert len(loop) == len(table)
    sample = np.random.default_rng(1).choice(len(table), 2000, replace=False)
    for i in sample:
        assert (table["non_facility"].iat[i], table["mppr_non_facility"].iat[i]) == \
            (loop[i][2], loop[i][4])
    n_amounts = len(table) * 4
    print(f"Medicare national table ({DATE}): {len(table):,} code x locality rows, "
          f"{n_amounts:,} amounts (non-facility, facility and both MPPR)")
    print(f"  vectorized: {t_vec * 1000:8.1f} ms   (goal < 1000 ms)")
    print(f"  per-row loop: {t_loop * 1000:6.1f} ms   -> {t_loop / t_vec:.0f}x faster")
    t_all, every = best_of(lambda: national_fee_schedule(DATE, payable_only=False))
    print(f"  all statuses: {len(every):,} rows in {t_all * 1000:.1f} ms")

    rows, bench, medicare = gap_inputs()
    gap_table(rows, bench, medicare)
    t_gap, result = best_of(lambda: gap_table(rows, bench, medicare), repeat=5)
    t_gap_loop, looped = best_of(lambda: gap_loop(rows, bench, medicare), repeat=3)
    assert np.allclose(result["dollars_at_stake"], [r[7] for r in looped])
    print(f"Gap matrix, 50 payers x 500 codes ({len(rows):,} rows)")
    print(f"  vectorized: {t_gap * 1000:8.1f} ms   (goal < 100 ms)")
    print(f"  per-row loop: {t_gap_loop * 1000:6.1f} ms   -> {t_gap_loop / t_gap:.1f}x faster")


if __name__ == "__main__":
    main()
