"""Medicare payment localities: ``MAC-LOC`` ids (``10112-00``), findable by state or name.

Resolving what a user typed needs no pandas (``ratecalc medicare`` starts without it): the
localities are plain rows; :func:`locality_table` gives them as a DataFrame.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from ratecalc.errors import UnknownCodeError
from ratecalc.medicare import store, zip_codes
from ratecalc.number_text import ascii_digits

_CITY = re.compile(r"^\s*([^,]+?)\s*,\s*([A-Za-z][A-Za-z .]+?)\s*$")
_ID = re.compile(r"^\s*(\d{4,5})\s*[-_ /]?\s*(\d{1,2})\s*$", re.ASCII)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import numpy as np
    import pandas as pd

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


class Locality(NamedTuple):
    locality: str
    state: str
    locality_name: str


@cache
def localities() -> tuple[Locality, ...]:
    """Every locality known in any release, by id, with its name in the latest release."""
    return latest_localities(store._gpci_arrays())


def latest_localities(arrays: Mapping[str, np.ndarray]) -> tuple[Locality, ...]:
    """Each locality id of the GPCI ``arrays`` once, in order of id, with the state and name of
    its row in the latest release (releases compared as text; of two rows of one release, the
    later).

    In numpy: a loop over the 2,555 rows of the bundled releases took 3 ms of every command
    that names a locality.
    """
    import numpy as np

    newest_first = np.argsort(arrays["release"], kind="stable")[::-1]
    ids, first = np.unique(arrays["locality"][newest_first], return_index=True)
    rows = newest_first[first]
    return tuple(Locality(str(loc), str(state), str(name)) for loc, state, name in zip(
        ids.tolist(), arrays["state"][rows].tolist(), arrays["locality_name"][rows].tolist(),
        strict=True))


@cache
def locality_table() -> pd.DataFrame:
    """Every locality known in any release: ``locality, state, locality_name`` (latest name)."""
    import pandas as pd

    return pd.DataFrame(list(localities()), columns=list(Locality._fields), dtype=object)


def clear_caches() -> None:
    localities.cache_clear()
    locality_table.cache_clear()
    zip_codes.clear_cache()


def named_locality(locality: str, release: str | None = None) -> str:
    """A ``MAC-LOC`` id with its name as the bundled data spells it (its latest release's):
    ``'10112-00 ALABAMA'``; an id no release lists, as it is. With ``release``, the name that
    release gives it, where it lists it: CMS redraws localities, and 01112-05's 2026 name,
    "... (SAN FRANCISCO/SAN MATEO/ALAMEDA/CONTRA COSTA CNTY)", is not what RVU23C's amounts
    were of (San Francisco county alone, "... (SAN FRANCISCO CNTY)")."""
    if release is not None:
        table = store.gpci_table(release)
        row = table.row.get(locality)
        if row is not None:
            return f"{locality} {table.arrays['locality_name'][row]}"
    hit = [r for r in localities() if r.locality == locality]
    return f"{locality} {hit[0].locality_name}" if hit else locality


def _candidates(hits: list[Locality], limit: int = 12) -> str:
    shown = "; ".join(f"{r.locality} {r.locality_name}" for r in hits[:limit])
    return shown + (f" (and {len(hits) - limit} more)" if len(hits) > limit else "")


def close_names(text: str, pool: Iterable[Locality], cutoff: float = 0.8) -> list[Locality]:
    """Localities of ``pool`` whose CMS name is spelled close to ``text``, closest first.

    CMS abbreviates its locality names ("POUGHKPSIE/N NYC SUBURBS"), so a town typed in full
    matches none exactly; each word and each "/"-part of a name is compared with ``text``
    (difflib's ratio, at least ``cutoff``). A close name is a suggestion, never taken for the
    locality: a locality is the counties CMS lists for it, which the bundled names do not say.

    >>> [r.locality for r in close_names("Poughkeepsie", localities())]
    ['13202-03']
    """
    from difflib import SequenceMatcher  # only for a refusal: not loaded by every lookup

    wanted = " ".join(text.upper().split())
    scored = []
    for r in pool:
        name = r.locality_name.upper()
        parts = {p.strip() for p in name.split("/")} | set(re.sub(r"[^A-Z ]+", " ", name).split())
        score = max(SequenceMatcher(None, wanted, p).ratio() for p in parts if p)
        if score >= cutoff:
            scored.append((-score, r.locality, r))
    return [r for _, _, r in sorted(scored)]


def _closest_words(text: str, pool: Iterable[Locality]) -> str:
    """``close_names`` in a refusal's words, or "" when none is close."""
    close = close_names(text, pool)
    if not close:
        return ""
    return (f"the closest CMS locality name{'s' if len(close) > 1 else ''} (CMS abbreviates "
            f"some) {'are' if len(close) > 1 else 'is'} {_candidates(close, 3)}")


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
        others = [r for r in localities()
                  if r.state == found.state and r.locality != found.locality]
        also = f"; other {found.state} localities: {_candidates(others)}" if others else ""
        raise UnknownCodeError(
            f"ZIP {found.zip_code} is split between Medicare localities by ZIP+4 (CMS's ZIP5 "
            f"file gives {named_locality(found.locality)} for most of it){also}. Give the "
            "locality as MAC-LOC")
    return found.locality


def _refuse_contractor_or_zip(raw: str, contractor: list[Locality]) -> NoReturn:
    """Five digits that are both a Medicare contractor's number and a ZIP code: the two
    localities' amounts differ (10112 is Alabama's contractor, 10112-00, $27.20 for 97110 in
    2026, and a Manhattan ZIP, 13202-01, $32.43), so neither is guessed."""
    localities_of = f"its localities: {_candidates(contractor, 6)}"
    if zip_codes.lookup_zip(raw) is None:
        raise UnknownCodeError(
            f"Medicare locality {raw!r} is a Medicare contractor's number ({localities_of}): "
            "give the locality as MAC-LOC, e.g. 10112-00")
    try:
        as_zip = f"its locality is {locality_for_zip(raw)}"
    except UnknownCodeError:
        as_zip = "CMS splits it between localities"
    raise UnknownCodeError(
        f"Medicare locality {raw!r} is both a Medicare contractor's number ({localities_of}) "
        f"and a ZIP code ({as_zip}): give the locality as MAC-LOC, e.g. 10112-00")


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
    in_state = [r for r in localities() if r.state == state]
    if len(in_state) == 1:
        return in_state[0].locality
    named = re.compile(rf"\b{re.escape(city)}\b")
    hits = [r for r in in_state if named.search(re.sub(r"[^A-Z ]+", " ", r.locality_name.upper()))]
    if len(hits) == 1:
        return hits[0].locality
    pool = hits if len(hits) > 1 else in_state
    # a town CMS names in its own abbreviation ("POUGHKPSIE") is suggested, not taken: the
    # name is a guess at the counties the locality covers, which the ZIP code settles
    closest = "" if hits else _closest_words(city, in_state)
    raise UnknownCodeError(
        f"Medicare locality for {raw!r}: "
        + ("several localities name it" if len(hits) > 1 else
           f"no {state} locality is named for {city.title()}")
        + (f"; {closest}" if closest else "")
        + f"; give one of: {_candidates(pool, 40)} (or the clinic's 5-digit ZIP code)")


def resolve_locality(text: str) -> str:
    """Turn what a user typed into a ``MAC-LOC`` locality id.

    Accepts ``10112-00``, ``1011200``, ``02102-1``, a 5-digit ZIP code (``78701``, from CMS's 2026
    ZIP file; ``2108``, three or four digits, is ZIP ``02108`` with the leading zeros Excel
    drops from a number), a city and state whose locality the names settle (``Austin, TX``;
    otherwise the candidates are listed), a state code or name with a single locality (``AL``,
    ``Alabama``), or a locality name or a unique part of one (``Manhattan``).

    Raises
    ------
    UnknownCodeError
        Nothing matches, or several localities match (the message lists them).
    """
    # spaces of any kind and number between words as one (a name pasted with a non-breaking
    # space, "Rest of\xa0Maine", was unknown where "Austin,\xa0TX" was found)
    raw = " ".join(str(text).split())
    if ascii_digits(raw) and 3 <= len(raw) <= 4:
        # no locality id or name is three or four digits: a ZIP code typed in a cell (or a CSV
        # opened in Excel) loses its leading zeros, all of New England's and New Jersey's
        raw = raw.zfill(5)
    if zip_codes.is_zip(raw):
        contractor = [r for r in localities() if r.locality.startswith(f"{raw}-")]
        if not contractor:
            return locality_for_zip(raw)
        if zip_codes.lookup_zip(raw) is None and len(contractor) == 1:
            return contractor[0].locality  # a contractor's number, and no ZIP: one locality
        _refuse_contractor_or_zip(raw, contractor)
    table = localities()
    match = _ID.match(raw)
    if match:
        candidate = f"{match.group(1).zfill(5)}-{match.group(2).zfill(2)}"
        if any(r.locality == candidate for r in table):
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
        hits = [r for r in table if r.state == state]
    else:
        hits = [r for r in table if r.locality_name.upper() == upper]
        if not hits:
            hits = [r for r in table if upper in r.locality_name.upper()]
    if len(hits) == 1:
        return hits[0].locality
    if not hits:
        closest = _closest_words(raw, table)
        # the suggestion first: a worksheet cell shows the message's first 200 characters
        raise UnknownCodeError(
            f"Unknown Medicare locality {raw!r}: " + (f"{closest}; " if closest else "")
            + f"expected {_FORMS}, or a state or locality name from the CMS GPCI table"
        )
    options = "; ".join(f"{r.locality} {r.locality_name}" for r in hits[:12])
    more = f" (and {len(hits) - 12} more)" if len(hits) > 12 else ""
    # what to type comes before the list: a worksheet cell shows the message's first 200
    # characters, which held two of California's 32 localities and no way out
    raise UnknownCodeError(
        f"Medicare locality {raw!r} is ambiguous: {len(hits)} localities match; give {_FORMS}. "
        f"They are: {options}{more}"
    )


#: The forms of a locality that name one (what an ambiguous or unknown one is told to give).
_FORMS = "a MAC-LOC such as 10112-00, a 5-digit ZIP code or a city and state ('Austin, TX')"
