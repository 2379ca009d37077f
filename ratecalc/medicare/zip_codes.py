"""ZIP code -> Medicare payment locality, from CMS's ZIP5 file (bundled for 2026 Q2).

Stored compactly: about 43,000 ZIP codes collapse into ~2,400 runs of ascending ZIPs that share a
locality (``start`` of each run, its locality), plus a bit per possible ZIP saying whether it
exists, so a ZIP that does not exist is not quietly given its neighbour's locality. ZIPs that CMS
splits between localities by ZIP+4 are flagged: the ZIP5 file alone cannot place them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from ratecalc.errors import DataError
from ratecalc.frozen_record import frozen_record

if TYPE_CHECKING:  # only the bundling script builds the arrays from a frame
    import pandas as pd

ZIP_PATTERN = re.compile(r"^\s*(\d{5})(?:-(\d{4}))?\s*$", re.ASCII)  # \d took "٧٨٧٠١"
ZIP_FILE = "zip_localities.npz"


@frozen_record
class ZipLocality:
    """The Medicare locality CMS gives a ZIP code, and whether it splits the ZIP by ZIP+4."""

    zip_code: str
    locality: str  # MAC-LOC
    state: str
    split: bool  # CMS splits this ZIP between localities by ZIP+4


def zip_arrays(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """CMS's ZIP5 rows (``zip_code, carrier, locality_code, state, plus_four_flag``) -> arrays."""
    import pandas as pd

    z = pd.DataFrame({
        "n": frame["zip_code"].astype(str).str.zfill(5).astype(int),
        "loc": frame["carrier"].astype(str).str.zfill(5) + "-"
        + frame["locality_code"].astype(str).str.zfill(2),
        "state": frame["state"].astype(str).str.upper(),
        "split": frame["plus_four_flag"].astype(str).str.strip() == "1",
    }).sort_values("n")
    if z["n"].duplicated().any():
        raise DataError(f"ZIP file lists ZIP {z.loc[z['n'].duplicated(), 'n'].iloc[0]:05d} twice")
    key = z["loc"] + "|" + z["state"] + "|" + z["split"].astype(str)
    starts = (key != key.shift()).to_numpy()
    runs = z[starts]
    localities, loc_index = np.unique(runs["loc"].to_numpy(dtype=str), return_inverse=True)
    exists = np.zeros(100_000, dtype=bool)
    exists[z["n"].to_numpy()] = True
    return {
        "start": runs["n"].to_numpy(dtype=np.int32),
        "locality_index": loc_index.astype(np.int16),
        "localities": localities,
        "state": runs["state"].to_numpy(dtype=str),
        "split": runs["split"].to_numpy(dtype=bool),
        "exists": np.packbits(exists),
    }


@cache
def _table() -> dict[str, np.ndarray]:
    from ratecalc.medicare.store import read_npz

    data = read_npz(resources.files("ratecalc") / "data" / "cms" / ZIP_FILE)
    data["exists"] = np.unpackbits(data["exists"])[:100_000].astype(bool)
    return data


def lookup_zip(text: str) -> ZipLocality | None:
    """The locality of a 5-digit ZIP (or ZIP+4, placed by its first five digits); None when the
    ZIP is not in CMS's file."""
    match = ZIP_PATTERN.match(str(text))
    if not match:
        return None
    n = int(match.group(1))
    t = _table()
    if not t["exists"][n]:
        return None
    i = int(np.searchsorted(t["start"], n, side="right")) - 1
    return ZipLocality(match.group(1), str(t["localities"][t["locality_index"][i]]),
                       str(t["state"][i]), bool(t["split"][i]))


def is_zip(text: object) -> bool:
    return bool(ZIP_PATTERN.match(str(text)))


def clear_cache() -> None:
    _table.cache_clear()
