"""Medicare payment localities: ``MAC-LOC`` ids (``10112-00``), findable by state or name."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from ratecalc.errors import UnknownCodeError
from ratecalc.medicare import store, zip_codes

_CITY = re.compile(r"^\s*([^,]+?)\s*,\s*([A-Za-z][A-Za-z .]+?)\s*$")
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
    zip_codes.clear_cache()


def _locality_label(locality: str) -> str:
    table = locality_table()
    hit = table[table["locality"] == locality]
    return f"{locality} {hit['locality_name'].iloc[0]}" if len(hit) else locality


def _candidates(hits: pd.DataFrame, limit: int = 12) -> str:
    shown = "; ".join(f"{r.locality} {r.locality_name}" for r in hits.head(limit).itertuples())
    return shown + (f" (and {len(hits) - limit} more)" if len(hits) > limit else "")


def locality_for_zip(text: str) -> str:
    """The locality of a 5-digit ZIP code (CMS's 2026 ZIP file).

    Raises
    ------
    UnknownCodeError
        A ZIP CMS does not list, or one CMS splits between localities by ZIP+4 (the message
        names the locality CMS's ZIP5 file gives and asks for the locality itself).
    """
    raw = str(text).strip()
    found = zip_codes.lookup_zip(raw)
    if found is None:
        raise UnknownCodeError(f"Unknown ZIP code {raw!r}: not in CMS's 2026 ZIP-to-locality "
                               "file; give the Medicare locality as MAC-LOC, e.g. 10112-00")
    if found.split:
        state = locality_table()
        others = state[(state["state"] == found.state) & (state["locality"] != found.locality)]
        also = f"; other {found.state} localities: {_candidates(others)}" if len(others) else ""
        raise UnknownCodeError(
            f"ZIP {found.zip_code} is split between Medicare localities by ZIP+4 (CMS's ZIP5 "
            f"file gives {_locality_label(found.locality)} for most of it){also}. Give the "
            "locality as MAC-LOC")
    return found.locality


def _city(raw: str) -> str | None:
    """'Austin, TX' -> the locality whose name holds the city, within the state."""
    match = _CITY.match(raw)
    if not match:
        return None
    city, state_text = match.group(1).strip().upper(), match.group(2).strip().upper()
    state = state_text if state_text in STATE_NAMES else next(
        (code for code, name in STATE_NAMES.items() if name == state_text), None)
    if state is None:
        return None
    table = locality_table()
    in_state = table[table["state"] == state]
    if len(in_state) == 1:
        return str(in_state["locality"].iloc[0])
    names = in_state["locality_name"].str.upper()
    words = names.str.replace(r"[^A-Z ]+", " ", regex=True)
    hits = in_state[words.str.contains(rf"\b{re.escape(city)}\b", regex=True)]
    if len(hits) == 1:
        return str(hits["locality"].iloc[0])
    pool = hits if len(hits) > 1 else in_state
    raise UnknownCodeError(
        f"Medicare locality for {raw!r}: "
        + ("several localities name it" if len(hits) > 1 else
           f"no {state} locality is named for {city.title()}")
        + f"; give one of: {_candidates(pool, 40)} (or the clinic's 5-digit ZIP code)")


def resolve_locality(text: str) -> str:
    """Turn what a user typed into a ``MAC-LOC`` locality id.

    Accepts ``10112-00``, ``1011200``, ``02102-1``, a 5-digit ZIP code (``78701``, from CMS's 2026
    ZIP file), a city and state whose locality the names settle (``Austin, TX``; otherwise the
    candidates are listed), a state code or name with a single locality (``AL``, ``Alabama``),
    or a locality name or a unique part of one (``Manhattan``).

    Raises
    ------
    UnknownCodeError
        Nothing matches, or several localities match (the message lists them).
    """
    raw = str(text).strip()
    if zip_codes.is_zip(raw):
        return locality_for_zip(raw)
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
    by_city = _city(raw)
    if by_city is not None:
        return by_city
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
