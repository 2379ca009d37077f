"""Time loading one Medicare release cold (RVUs + GPCIs) and the known-codes index.

Baseline, measured in the same run over the same data: the gzip CSV form RateCalc stored releases
in before (text parsed by pandas, exact integers through Decimal, a DataFrame MultiIndex), written
to a temporary folder from the bundled arrays.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pandas as pd
from timing import best_of

from ratecalc.medicare import store

RELEASE = "rvu26c"


def csv_gz_baseline(folder: Path) -> Path:
    a = store.rvu_table(RELEASE).arrays
    frame = pd.DataFrame({
        "hcpcs": a["hcpcs"], "modifier": a["modifier"], "status": a["status"],
        "work_rvu": a["work"] / 100, "pe_nonfac_rvu": a["pe_nf"] / 100,
        "nonfac_na": a["nonfac_na"], "pe_fac_rvu": a["pe_f"] / 100, "fac_na": a["fac_na"],
        "mp_rvu": a["mp"] / 100, "pctc": a["pctc"], "glob_days": a["glob_days"],
        "mult_proc": a["mult_proc"], "conv_factor": a["cf"] / 10_000,
    })
    path = folder / f"{RELEASE}.csv.gz"
    with gzip.open(path, "wt") as fh:
        frame.to_csv(fh, index=False)
    return path


def load_csv_gz(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, compression="gzip")
    out = pd.DataFrame({
        "hcpcs": frame["hcpcs"], "modifier": frame["modifier"], "status": frame["status"],
        "work": store.to_fixed_int(frame["work_rvu"], 2),
        "pe_nf": store.to_fixed_int(frame["pe_nonfac_rvu"], 2),
        "pe_f": store.to_fixed_int(frame["pe_fac_rvu"], 2),
        "mp": store.to_fixed_int(frame["mp_rvu"], 2),
        "cf": store.to_fixed_int(frame["conv_factor"], 4),
    })
    return out.drop_duplicates(["hcpcs", "modifier"]).set_index(["hcpcs", "modifier"])


def load_npz() -> None:
    store.clear_caches()
    store.rvu_table(RELEASE)
    store.gpci_table(RELEASE)


def known() -> None:
    store.clear_caches()
    store.known_codes()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = csv_gz_baseline(Path(tmp))
        base, _ = best_of(lambda: load_csv_gz(path), repeat=7)
    ours, _ = best_of(load_npz, repeat=7)
    index, _ = best_of(known, repeat=5)
    n = len(store.rvu_table(RELEASE))
    print(f"{RELEASE} ({n} rows), cold load of RVUs + GPCIs from .npz: {ours * 1000:.1f} ms")
    print(f"baseline, the same RVUs from gzip CSV (the old format): {base * 1000:.1f} ms "
          f"({base / ours:.1f}x slower)")
    print(f"known_codes index over every full release, cold: {index * 1000:.1f} ms")
    print("goal: a release loads in milliseconds (< 50 ms)")


if __name__ == "__main__":
    main()
