"""Rebuild RateCalc's bundled CMS data (ratecalc/data/cms/) from the public files in ../shared/data.

Run from the repository root: ``python scripts/bundle_cms_data.py [SHARED_DATA_DIR]``.
Keeps codes and numbers only (never CPT descriptor text): one ``rvu/<release>.npz`` of numpy arrays
per release (loads in milliseconds), all GPCI tables in ``gpci.npz``, the ZIP-to-locality ranges in
``zip_localities.npz``. Writes are deterministic, so a rebuild with unchanged data changes no file.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ratecalc.medicare.cms_files import read_gpci, read_pprrvu
from ratecalc.medicare.store import gpci_arrays, pack_rvu_arrays, rvu_arrays, write_npz
from ratecalc.medicare.zip_codes import zip_arrays

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "ratecalc" / "data" / "cms"

QUARTER_START = {"a": (1, 1), "b": (4, 1), "c": (7, 1), "d": (10, 1)}
# CAA 2024 raised the factor from March 9, 2024. RVU26C (July 2026) is the only 2026 RVU file in
# the reference data, so it serves the whole year; an imported RVU26A/B/D wins for its own quarter.
SPECIAL_START = {"rvu24ar": date(2024, 3, 9), "rvu26c": date(2026, 1, 1)}
FULL_FILES = {
    "rvu20a": "history/PPRRVU_rvu20a_jan_full_from_arkrvu.csv",
    "rvu21a": "history/PPRRVU_rvu21a_jan_full_from_arkrvu.csv",
    "rvu24a": "history/PPRRVU_rvu24a_jan_full_from_arkrvu.csv",
    "rvu24b": "rvu24b_apr2024/PPRRVU24_APR.csv",
    "rvu25a": "rvu25a_jan2025/PPRRVU25_JAN.csv",
    "rvu25d": "rvu25d_oct2025/PPRRVU2025_Oct.csv",
    "rvu26c": "rvu26c_jul2026/PPRRVU2026_Jul_nonQPP.csv",
}
GPCI_FILES = {"rvu25a": "rvu25a_jan2025/GPCI2025.csv", "rvu25d": "rvu25d_oct2025/GPCI2025.csv",
              "rvu26c": "gpci2026_rvu26a/GPCI2026_from_RVU26A.csv"}
SOURCES = {
    "history": "CMS RVU files via andrewallenbruce/arkrvu @6431dd5",
    "rvu24b": "CMS RVU24B (PPRRVU24_APR.csv)",
    "rvu25a": "CMS RVU25A (PPRRVU25_JAN.csv, GPCI2025.csv)",
    "rvu25d": "CMS RVU25D (PPRRVU2025_Oct.csv, GPCI2025.csv)",
    "rvu26c": "CMS RVU26C (PPRRVU2026_Jul_nonQPP.csv, released 2026-06-30) for all of 2026; "
              "GPCIs of RVU26A (GPCI2026)",
}


def release_start(release: str) -> date:
    if release in SPECIAL_START:
        return SPECIAL_START[release]
    year = 2000 + int(release[3:5])
    month, day = QUARTER_START[release[5]]
    return date(year, month, day)


def write_bytes(data: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def main(shared: Path) -> None:
    pfs = shared / "cms_pfs"
    therapy = pd.read_csv(pfs / "history/therapy_rvus_all_releases_2020_2024.csv", dtype=str,
                          keep_default_na=False)
    therapy["release"] = therapy["release"].str.replace("_v0618", "").str.split("_").str[0]
    releases: dict[str, tuple[pd.DataFrame, str, str]] = {}
    for release, part in therapy.groupby("release"):
        rows = read_pprrvu(part.drop(columns="release").to_csv(index=False).encode(), release)
        releases[release] = (rows, "therapy", SOURCES["history"])
    for release, rel_path in FULL_FILES.items():
        rows = read_pprrvu(pfs / rel_path)
        if release in releases:  # the therapy extract must agree with the full file
            sub = releases[release][0].set_index(["hcpcs", "modifier"])
            full = rows.set_index(["hcpcs", "modifier"]).loc[sub.index]
            cols = ["status", "work_rvu", "pe_nonfac_rvu", "pe_fac_rvu", "mp_rvu", "mult_proc"]
            num = ["work_rvu", "pe_nonfac_rvu", "pe_fac_rvu", "mp_rvu"]
            a, b = sub[cols].copy(), full[cols].copy()
            a[num] = a[num].astype(float)
            b[num] = b[num].astype(float)
            assert a.equals(b), f"{release}: therapy extract disagrees with the full file"
        source = SOURCES.get(release, SOURCES["history"])
        releases[release] = (rows, "all", source)

    gpci_hist = pd.read_csv(pfs / "history/gpci_all_releases_2020_2024.csv", dtype=str,
                            keep_default_na=False)
    gpci_frames = []
    gpci_hist = gpci_hist[gpci_hist["mac"].str.strip() != ""]
    for release, part in gpci_hist.groupby("release"):
        frame = pd.DataFrame({
            "release": release,
            "mac": part["mac"].str.zfill(5),
            "locality_number": part["locality_number"].str.zfill(2),
            "state": part["state"],
            "locality_name": part["locality_name"].str.rstrip("*").str.strip(),
            "gpci_work": part["gpci_work"], "gpci_pe": part["gpci_pe"],
            "gpci_mp": part["gpci_mp"],
        })
        gpci_frames.append(frame)
    for release, rel_path in GPCI_FILES.items():
        frame = read_gpci(pfs / rel_path).drop(columns=["locality", "source_row"])
        frame.insert(0, "release", release)
        gpci_frames.append(frame)
    gpci = pd.concat(gpci_frames, ignore_index=True)
    gpci.insert(3, "locality", gpci["mac"] + "-" + gpci["locality_number"])
    # Older tables leave the state blank; a MAC number serves one state, so borrow it.
    mac_state = (gpci[gpci["state"] != ""].drop_duplicates("mac").set_index("mac")["state"])
    gpci["state"] = gpci["state"].where(gpci["state"] != "", gpci["mac"].map(mac_state))
    assert (gpci["state"].fillna("") != "").all(), "a locality without a state"
    # The arkrvu tables and CMS's own 2024 addendum must agree for RVU24B.
    own = read_gpci(pfs / "rvu24b_apr2024/GPCI2024.csv").set_index("locality")
    hist = gpci[gpci["release"] == "rvu24b"].set_index("locality")
    for col in ("gpci_work", "gpci_pe", "gpci_mp"):
        assert (own[col].astype(float) == hist.loc[own.index, col].astype(float)).all(), col

    names = sorted(releases, key=release_start)
    arrays = {name: rvu_arrays(releases[name][0]) for name in names}
    dictionary = np.unique(np.concatenate([a["hcpcs"] for a in arrays.values()]))
    full = np.unique(np.concatenate([arrays[n]["hcpcs"] for n in names
                                     if releases[n][1] == "all"]))
    therapy = np.unique(np.concatenate([arrays[n]["hcpcs"] for n in names
                                        if releases[n][1] == "therapy"]))
    write_bytes(write_npz({"hcpcs": dictionary, "in_full_release": np.isin(dictionary, full),
                           "in_therapy_release": np.isin(dictionary, therapy)}),
                OUT / "codes.npz")
    manifest = []
    for i, release in enumerate(names):
        start = release_start(release)
        nxt = release_start(names[i + 1]) if i + 1 < len(names) else None
        end = (nxt - timedelta(days=1)) if nxt and nxt.year == start.year \
            else date(start.year, 12, 31)
        rows, scope, source = releases[release]
        if release not in set(gpci["release"]):
            raise SystemExit(f"no GPCI table for {release}")
        write_bytes(write_npz(pack_rvu_arrays(arrays[release], dictionary)),
                    OUT / "rvu" / f"{release}.npz")
        manifest.append({"release": release, "effective_from": start.isoformat(),
                         "effective_to": end.isoformat(), "scope": scope, "codes": len(rows),
                         "source": source})
    pd.DataFrame(manifest).to_csv(OUT / "releases.csv", index=False, lineterminator="\n")
    write_bytes(write_npz(gpci_arrays(gpci[gpci["release"].isin(names)])), OUT / "gpci.npz")

    zips = pd.read_csv(pfs / "zip_locality_2026/ZIP5_locality_2026Q2.csv", dtype=str,
                       keep_default_na=False)
    arrays = zip_arrays(zips)
    # every ZIP must come back with its own locality from the ranges
    n = zips["zip_code"].astype(int).to_numpy()
    run = np.searchsorted(arrays["start"], n, side="right") - 1
    got = arrays["localities"][arrays["locality_index"][run]]
    want = (zips["carrier"].str.zfill(5) + "-" + zips["locality_code"].str.zfill(2)).to_numpy()
    assert (got == want).all(), "ZIP ranges do not reproduce the ZIP file"
    gpci_2026 = set(gpci.loc[gpci["release"] == "rvu26c", "locality"])
    assert set(want) <= gpci_2026, "a ZIP's locality is not in the 2026 GPCI table"
    write_bytes(write_npz(arrays), OUT / "zip_localities.npz")

    cf = pd.read_csv(pfs / "history/pfs_conversion_factor_history_2015_2026.csv", dtype=str)
    cf_out = pd.DataFrame({
        "year": cf["year"], "effective_from": cf["effective_from"],
        "effective_to": cf["effective_to"], "conversion_factor": cf["conversion_factor"],
        "apm_qualifying": cf["variant"].str.startswith("qualifying APM").map(
            {True: "true", False: "false"}),
        "source_type": cf["source_type"],
    })
    cf_out.to_csv(OUT / "conversion_factors.csv", index=False, lineterminator="\n")
    print(f"wrote {len(names)} releases, {len(gpci)} GPCI rows, {len(cf_out)} factors to {OUT}")


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
