"""Checks a GPCI table must pass before RateCalc stores it: a bad table cannot price anything.

A GPCI table is short (about 110 localities) and every amount in a locality hangs on its three
numbers, so an import is refused, naming each bad row, when the table
- lists a MAC-locality twice with different values,
- lacks localities the previous year's table had (or moves them to another contractor number),
- has a GPCI outside a plausible range: 0.3-3.0 for work and PE (CMS's 2020-2026 tables: 0.842-1.5),
  0.15-4.0 for malpractice, whose real values are wider (0.235 Nebraska 2021 to 2.702), or
- has a work GPCI below the floor in force (1.0 through 2026 by statute; Alaska 1.5 by MIPPA).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

from ratecalc.errors import DataError
from ratecalc.number_text import plain_decimal

GPCI_RANGE = {"work": (Decimal("0.3"), Decimal("3.0")), "PE": (Decimal("0.3"), Decimal("3.0")),
              "MP": (Decimal("0.15"), Decimal("4.0"))}
# The 1.0 work GPCI floor, extended year by year by Congress; through 2026 as of the 2026 rule.
WORK_FLOOR_YEARS = range(2004, 2027)
WORK_FLOOR = Decimal("1.000")
ALASKA_WORK_FLOOR = Decimal("1.500")  # MIPPA section 134(b), permanent
MAX_MESSAGES = 40


def _number(text: str) -> Decimal | None:
    return plain_decimal(str(text).strip())


def previous_year_table(year: int) -> tuple[str, pd.DataFrame] | None:
    """The GPCI table of the newest release of an earlier year, from the releases RateCalc has."""
    from ratecalc.medicare import store

    earlier = [r for r in store.releases() if r.effective_from.year < year]
    if not earlier:
        return None
    rel = max(earlier, key=lambda r: r.effective_from)
    table = store.gpcis()
    return rel.release, table[table["release"] == rel.release]


def check_gpci_table(gpci: pd.DataFrame, name: str, effective_from: date, *,
                     allow_locality_changes: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """Validate a GPCI table read by :func:`cms_files.read_gpci`.

    Returns
    -------
    (pandas.DataFrame, list of str)
        The table with exact duplicate rows dropped, and warnings (not errors) to show.

    Raises
    ------
    DataError
        Listing every bad row as ``'FILE', row N: what is wrong``.
    """
    errors: list[str] = []
    warnings: list[str] = []
    where = {i: f"'{name}', row {r}" for i, r in zip(gpci.index, gpci["source_row"], strict=True)}

    for i, r in gpci.iterrows():
        values = {}
        for col, label in (("gpci_work", "work"), ("gpci_pe", "PE"), ("gpci_mp", "MP")):
            value = _number(r[col])
            if value is None:
                errors.append(f"{where[i]}: {label} GPCI of {r['locality']} is {r[col]!r}, "
                              "expected a number")
                continue
            values[label] = value
            low, high = GPCI_RANGE[label]
            if not low <= value <= high:
                errors.append(f"{where[i]}: {label} GPCI of {r['locality']} "
                              f"{r['locality_name']} is {r[col]}, outside the plausible range "
                              f"{low}-{high}")
        work = values.get("work")
        if work is not None and effective_from.year in WORK_FLOOR_YEARS:
            floor = ALASKA_WORK_FLOOR if r["state"] == "AK" else WORK_FLOOR
            if work < floor:
                errors.append(f"{where[i]}: work GPCI of {r['locality']} {r['locality_name']} "
                              f"is {r['gpci_work']}, below the {floor} floor in force in "
                              f"{effective_from.year}")

    numbers = gpci[["gpci_work", "gpci_pe", "gpci_mp"]].map(lambda t: _number(t))
    keyed = gpci.assign(_w=numbers["gpci_work"], _p=numbers["gpci_pe"], _m=numbers["gpci_mp"])
    for loc, group in keyed.groupby("locality", sort=True):
        if len(group) > 1:
            distinct = group[["_w", "_p", "_m"]].astype(str).drop_duplicates()
            rows = ", ".join(str(r) for r in group["source_row"])
            if len(distinct) > 1:
                shown = "; ".join(f"row {r.source_row}: {r.gpci_work}/{r.gpci_pe}/{r.gpci_mp}"
                                  for r in group.itertuples())
                errors.append(f"'{name}', rows {rows}: locality {loc} appears {len(group)} "
                              f"times with different GPCIs (work/PE/MP {shown})")
            else:
                warnings.append(f"'{name}', rows {rows}: locality {loc} listed twice with the "
                                "same values; kept once")

    previous = previous_year_table(effective_from.year)
    if previous is not None and not allow_locality_changes:
        prev_name, prev = previous
        ours = set(gpci["locality"])
        by_place = {(r.state, r.locality_number): r.locality for r in gpci.itertuples()}
        for r in prev.sort_values("locality").itertuples():
            if r.locality in ours:
                continue
            moved = by_place.get((r.state, r.locality_number))
            hint = (f"; this file lists {r.state} locality {r.locality_number} under {moved}"
                    if moved else "")
            errors.append(f"'{name}': locality {r.locality} ({r.locality_name}, {r.state}) of "
                          f"the previous year's table ({prev_name.upper()}) is missing{hint}")
        prev_ids = set(prev["locality"])
        for r in gpci.itertuples():
            if r.locality not in prev_ids:
                errors.append(f"'{name}', row {r.source_row}: locality {r.locality} "
                              f"({r.locality_name}, {r.state}) is not in the previous year's "
                              f"table ({prev_name.upper()})")

    if errors:
        more = (f"\n  ... and {len(errors) - MAX_MESSAGES} more" if len(errors) > MAX_MESSAGES
                else "")
        raise DataError(
            f"GPCI table '{name}' refused ({len(errors)} problem"
            f"{'s' if len(errors) != 1 else ''}; nothing was stored):\n  "
            + "\n  ".join(errors[:MAX_MESSAGES]) + more
            + "\nUse the GPCI file from CMS's own RVU zip (GPCIyyyy.csv); if CMS itself has "
            "restructured the localities this year, import with --allow-locality-changes."
        )
    return gpci.drop_duplicates("locality").reset_index(drop=True), warnings
