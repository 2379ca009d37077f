"""Medicare payment localities: ``MAC-LOC`` ids (``10112-00``), findable by state or name."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from ratecalc.errors import UnknownCodeError
from ratecalc.medicare import store

_ID = re.compile(r"^\s*(\d{4,5})\s*[-_ /]?\s*(\d{1,2})\s*$")

STATE_NAMES = {
    "AL": "ALABAMA", "AK": "ALASKA", "AZ": "ARIZONA", "AR": "ARKANSAS", "CA": "CALIFORNIA",
    "CO": "COLORADO", "CT": "CONNECTICUT", "DE": "DELAWARE", "DC": "DISTRICT OF COLUMBIA",
    "FL": "FLORIDA", "GA": "GEORGIA", "HI": "HAWAII", "ID": "IDAHO", "IL": "ILLINOIS",
    "IN": "INDIANA", "IA": "IOWA", "KS": "KANSAS", "KY": "KENTUCKY", "LA": "LOUISIANA",
    "ME": "MAINE", "MD": "MARYLAND", "MA": "MASSACHUSETTS", "MI": "MICHIGAN", "MN": "MINNESOTA",
    "MS": "MISSISSIPPI", "MO": "MISSOURI", "MT": "MONTANA", "NE": "NEBRASKA", "NV": "NEVADA",
    "NH": "NEW HAMPSHIRE", "NJ": "NEW JERSEY", "NM": "NEW MEXICO", "NY": "NEW YORK",
    "NC": "NORTH CAROLINA", "ND": "NORTH DAKOTA", "OH": "OHIO", "OK": "OKLAHOMA", "OR": "OREGON",
    "PA": "PENNSYLVANIA", "RI": "RHODE ISLAND", "SC": "SOUTH CAROLINA", "SD": "SOUTH DAKOTA",
    "TN": "TENNESSEE", "TX": "TEXAS", "UT": "UTAH", "VT": "VERMONT", "VA": "VIRGINIA",
    "WA": "WASHINGTON", "WV": "WEST VIRGINIA", "WI": "WISCONSIN", "WY": "WYOMING",
    "PR": "PUERTO RICO", "VI": "VIRGIN ISLANDS",
}


@cache
def locality_table() -> pd.DataFrame:
    """Every locality known in any release: ``locality, state, locality_name`` (latest name)."""
    table = store.gpcis()[["release", "locality", "state", "locality_name"]]
    latest = table.sort_values("release").drop_duplicates("locality", keep="last")
    return latest.drop(columns="release").sort_values("locality").reset_index(drop=True)


def clear_caches() -> None:
    locality_table.cache_clear()


def resolve_locality(text: str) -> str:
    """Turn what a user typed into a ``MAC-LOC`` locality id.

    Accepts ``10112-00``, ``1011200``, ``02102-1``, a state code or name with a single locality
    (``AL``, ``Alabama``), or a locality name or a unique part of one (``Manhattan``).

    Raises
    ------
    UnknownCodeError
        Nothing matches, or several localities match (the message lists them).
    """
    raw = str(text).strip()
    table = locality_table()
    known = set(table["locality"])
    match = _ID.match(raw)
    if match:
        candidate = f"{match.group(1).zfill(5)}-{match.group(2).zfill(2)}"
        if candidate in known:
            return candidate
        raise UnknownCodeError(
            f"Unknown Medicare locality {raw!r}: no locality {candidate} in the CMS GPCI tables "
            "(expected MAC-LOC such as 10112-00)"
        )
    upper = raw.upper()
    state = upper if upper in STATE_NAMES else next(
        (code for code, name in STATE_NAMES.items() if name == upper), None)
    if state is not None:
        hits = table[table["state"] == state]
    else:
        names = table["locality_name"].str.upper()
        hits = table[names == upper]
        if hits.empty:
            hits = table[names.str.contains(re.escape(upper), regex=True)]
    if len(hits) == 1:
        return str(hits["locality"].iloc[0])
    if hits.empty:
        raise UnknownCodeError(
            f"Unknown Medicare locality {raw!r}: expected MAC-LOC such as 10112-00, a state, "
            "or a locality name from the CMS GPCI table"
        )
    options = "; ".join(f"{r.locality} {r.locality_name}" for r in hits.head(12).itertuples())
    more = f" (and {len(hits) - 12} more)" if len(hits) > 12 else ""
    raise UnknownCodeError(
        f"Medicare locality {raw!r} is ambiguous: {len(hits)} localities match: {options}{more}"
    )
