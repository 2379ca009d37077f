"""Where Medicare fee-schedule data lives: releases bundled in the package, plus releases the user
imported into a per-user data folder. Everything is read lazily and cached.

A *release* is one CMS RVU file (``rvu25a`` = the January 2025 release) with the GPCI table that
went with it, in force from ``effective_from`` to ``effective_to``. Bundled releases of 2020-2024
beyond January are therapy codes only (``scope`` = ``therapy``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from ratecalc.errors import DataError

# Fixed decimal places of each CMS figure: RVUs to hundredths, GPCIs to thousandths, factors to
# ten-thousandths. Amounts are computed in integers of these units, so they are exact.
RVU_PLACES, GPCI_PLACES, CF_PLACES = 2, 3, 4


@dataclass(frozen=True)
class Release:
    release: str
    effective_from: date
    effective_to: date
    scope: str  # "all" or "therapy"
    source: str
    bundled: bool


def user_data_dir() -> Path:
    """Per-user folder for imported CMS releases (``RATECALC_DATA_DIR`` overrides)."""
    override = os.environ.get("RATECALC_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs  # imported here: only imports and user releases need it

    return Path(platformdirs.user_data_dir("ratecalc", appauthor=False))


def _bundled_dir() -> Traversable:
    return resources.files("ratecalc") / "data" / "cms"


def to_fixed_int(values: pd.Series, places: int) -> np.ndarray:
    """Exact decimal text ('0.45', '.5', '') -> integers in units of 10**-places (blank = 0)."""
    scale = Decimal(10) ** places

    def convert(text: str) -> int:
        text = str(text).strip()
        if not text:
            return 0
        value = Decimal(text) * scale
        if value != value.to_integral_value():
            raise DataError(f"CMS value {text!r} has more than {places} decimal places")
        return int(value)

    uniques = pd.unique(values.astype(str))
    lookup = {u: convert(u) for u in uniques}
    return values.astype(str).map(lookup).to_numpy(dtype=np.int64)


def _read_manifest(path: Path | Traversable, bool_bundled: bool) -> list[Release]:
    with path.open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return [
        Release(
            release=r.release,
            effective_from=date.fromisoformat(r.effective_from),
            effective_to=date.fromisoformat(r.effective_to),
            scope=r.scope,
            source=r.source,
            bundled=bool_bundled,
        )
        for r in frame.itertuples()
    ]


@cache
def releases() -> tuple[Release, ...]:
    """All releases, bundled and user-imported, sorted by start date (a user release wins)."""
    found = {r.release: r for r in _read_manifest(_bundled_dir() / "releases.csv", True)}
    user_manifest = user_data_dir() / "releases.csv"
    if user_manifest.exists():
        for r in _read_manifest(user_manifest, False):
            found[r.release] = r
    return tuple(sorted(found.values(), key=lambda r: (r.effective_from, r.release)))


def release_for(day: date) -> Release:
    """The release in force on ``day`` (the latest one started on or before it, same year)."""
    candidates = [r for r in releases() if r.effective_from <= day <= r.effective_to]
    if not candidates:
        known = releases()
        span = f"{known[0].effective_from} to {known[-1].effective_to}" if known else "none"
        raise DataError(
            f"No Medicare RVU release covers {day.isoformat()} (bundled and imported releases "
            f"cover {span}). Download that year's RVU zip from CMS and run "
            "`ratecalc medicare import PATH`."
        )
    return max(candidates, key=lambda r: r.effective_from)


def _open(release: Release, name: str) -> IO[bytes]:
    if release.bundled:
        return (_bundled_dir() / name).open("rb")
    return (user_data_dir() / name).open("rb")


@cache
def rvus(release_name: str) -> pd.DataFrame:
    """RVUs of one release with exact integer columns ``work``, ``pe_nf``, ``pe_f``, ``mp``
    (hundredths) and ``cf`` (ten-thousandths), indexed by (hcpcs, modifier)."""
    release = next((r for r in releases() if r.release == release_name), None)
    if release is None:
        raise DataError(f"Unknown Medicare release {release_name!r}")
    with _open(release, f"rvu/{release_name}.csv.gz") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False, compression="gzip")
    out = pd.DataFrame({
        "hcpcs": frame["hcpcs"],
        "modifier": frame["modifier"],
        "status": frame["status"],
        "mult_proc": frame["mult_proc"],
        "pctc": frame["pctc"],
        "nonfac_na": frame["nonfac_na"],
        "fac_na": frame["fac_na"],
        "work": to_fixed_int(frame["work_rvu"], RVU_PLACES),
        "pe_nf": to_fixed_int(frame["pe_nonfac_rvu"], RVU_PLACES),
        "pe_f": to_fixed_int(frame["pe_fac_rvu"], RVU_PLACES),
        "mp": to_fixed_int(frame["mp_rvu"], RVU_PLACES),
        "cf": to_fixed_int(frame["conv_factor"], CF_PLACES),
    })
    return out.drop_duplicates(["hcpcs", "modifier"]).set_index(["hcpcs", "modifier"])


@cache
def gpcis() -> pd.DataFrame:
    """GPCIs of every release: ``release, locality, mac, locality_number, state, locality_name``
    and exact integer ``g_work``, ``g_pe``, ``g_mp`` (thousandths)."""
    frames = []
    with (_bundled_dir() / "gpci.csv.gz").open("rb") as fh:
        frames.append(pd.read_csv(fh, dtype=str, keep_default_na=False, compression="gzip"))
    user_gpci = user_data_dir() / "gpci.csv.gz"
    if user_gpci.exists():
        frames.append(pd.read_csv(user_gpci, dtype=str, keep_default_na=False))
    frame = pd.concat(frames, ignore_index=True).drop_duplicates(["release", "locality"],
                                                                 keep="last")
    return pd.DataFrame({
        "release": frame["release"].to_numpy(),
        "locality": frame["locality"].to_numpy(),
        "mac": frame["mac"].to_numpy(),
        "locality_number": frame["locality_number"].to_numpy(),
        "state": frame["state"].to_numpy(),
        "locality_name": frame["locality_name"].to_numpy(),
        "g_work": to_fixed_int(frame["gpci_work"], GPCI_PLACES),
        "g_pe": to_fixed_int(frame["gpci_pe"], GPCI_PLACES),
        "g_mp": to_fixed_int(frame["gpci_mp"], GPCI_PLACES),
    })


def clear_caches() -> None:
    """Forget cached data (after an import, or when tests change RATECALC_DATA_DIR)."""
    releases.cache_clear()
    rvus.cache_clear()
    gpcis.cache_clear()
    from ratecalc.medicare import conversion, localities

    conversion.conversion_factors.cache_clear()
    localities.locality_table.cache_clear()
