"""``--region``: the NPIs that practise in a clinic's area, from the NPPES provider table.

A region is a 5-digit ZIP code, a 3-digit ZIP area (the first three digits: a city and its
surroundings) or a Medicare locality ``MAC-LOC``. The providers table
(:func:`~ratecalc.market_rates.nppes.build_provider_table`) gives each therapist's practice ZIPs;
a locality is the set of ZIPs CMS assigns to it, found through a ZIP-to-locality lookup
(:data:`LocalityOfZip`; the bundled one of :mod:`ratecalc.medicare.zip_codes` when present).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ratecalc.errors import InputError
from ratecalc.market_rates.nppes import load_provider_table

LocalityOfZip = Callable[[str], "str | None"]
"""A 5-digit ZIP -> its Medicare locality ``MAC-LOC`` (None when unknown)."""

_ZIP5 = re.compile(r"^\d{5}(-\d{4})?$", re.ASCII)
_ZIP3 = re.compile(r"^\d{3}$", re.ASCII)
_LOCALITY = re.compile(r"^\d{5}-\d{2}$", re.ASCII)


def bundled_locality_of_zip() -> LocalityOfZip | None:
    """The ZIP-to-locality lookup of the bundled CMS ZIP file, if this build has one."""
    try:  # issue 10 adds it; looked up by name so that this module works without it
        lookup_zip = importlib.import_module("ratecalc.medicare.zip_codes").lookup_zip
    except (ImportError, AttributeError):
        return None

    def locality(zip5: str) -> str | None:
        found = lookup_zip(zip5)
        return None if found is None else str(found.locality)

    return locality


def region_mask(
    table: pd.DataFrame, region: str, locality_of_zip: LocalityOfZip | None = None
) -> pd.Series:
    """Which rows of the providers table practise in ``region`` (see the module notes).

    Raises
    ------
    InputError
        A region that is none of the three forms, or a locality with no ZIP lookup available.
    """
    text = region.strip()
    zips = table["zip5"].astype(str)
    if _ZIP5.match(text) and not _LOCALITY.match(text):
        return zips == text[:5]
    if _ZIP3.match(text):
        return zips.str[:3] == text
    if _LOCALITY.match(text):
        lookup = locality_of_zip or bundled_locality_of_zip()
        if lookup is None:
            raise InputError(
                f"--region {text}: placing ZIP codes in Medicare localities needs CMS's "
                "ZIP-to-locality table, which this version does not bundle yet; give the "
                "clinic's ZIP code (5 digits) or ZIP area (first 3 digits) instead")
        localities = {z: lookup(z) for z in zips.drop_duplicates()}
        return zips.map(localities) == text
    raise InputError(
        f"--region: expected a ZIP code (12345), a ZIP area (123) or a Medicare locality "
        f"(MAC-LOC, e.g. 10112-00), got {region!r}")


def region_npis(
    table: str | Path | pd.DataFrame, region: str,
    locality_of_zip: LocalityOfZip | None = None,
) -> frozenset[str]:
    """NPIs with a practice location (primary or secondary) in ``region``."""
    frame = table if isinstance(table, pd.DataFrame) else load_provider_table(table)
    mask = region_mask(frame, region, locality_of_zip)
    return frozenset(frame.loc[mask, "npi"].astype(str))
