"""Billable units of timed (15-minute) therapy codes from treatment minutes.

Two rules, a per-payer setting (DOMAIN.md section 3):

- **Medicare's 8-minute rule** (CMS Pub. 100-04, chapter 5, section 20.2) pools the day's timed
  minutes: ``units = floor((minutes + 7) / 15)`` for 8 minutes or more (8-22 = 1, 23-37 = 2,
  38-52 = 3, ...). The units are then assigned to codes: each code gets one unit per full 15
  minutes, and the units left over go to the codes with the most minutes left over.
- **The AMA per-code rule** (CPT's "a unit of time is attained when the mid-point is passed")
  applies the same thresholds to each code on its own, so 7 minutes of one code and 7 of another
  bill nothing, where Medicare bills one unit.

Only timed codes belong here; untimed codes (evaluations, supervised modalities) bill one unit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from ratecalc.errors import InputError, shown_value
from ratecalc.money import typed_decimal

UNIT_MINUTES = 15
#: More than half a unit (7.5 minutes) earns the unit.
MIDPOINT_MINUTES = 8
UNIT_RULES: tuple[str, ...] = ("medicare", "ama")
#: CQ/CO de minimis: the modifier applies when the assistant furnished more than 10% of a service.
ASSISTANT_DE_MINIMIS = 0.10


def _check_minutes(minutes: npt.ArrayLike, name: str = "minutes") -> np.ndarray:
    values = np.asarray(minutes, dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        raise InputError(f"{name}: expected minutes >= 0, got {values[bad].flat[0].item():g}")
    return values


def units_from_minutes(minutes: npt.ArrayLike) -> np.ndarray:
    """Units for minutes of timed treatment: ``floor((minutes + 7) / 15)``, 0 below 8 minutes.

    Under Medicare pass the day's total timed minutes; under the AMA rule, one code's minutes.

    Parameters
    ----------
    minutes : array_like
        Treatment minutes [min], >= 0; fractions of a minute do not count.

    Returns
    -------
    numpy.ndarray
        Units [int].

    Examples
    --------
    >>> units_from_minutes([7, 8, 22, 23, 37, 38, 52, 53]).tolist()
    [0, 1, 1, 2, 2, 3, 3, 4]
    """
    whole = np.floor(_check_minutes(minutes))
    units = np.floor((whole + (MIDPOINT_MINUTES - 1)) / UNIT_MINUTES).astype(int)
    return np.where(whole >= MIDPOINT_MINUTES, units, 0)


def allocate_units(visits: pd.DataFrame, rule: str = "medicare") -> pd.DataFrame:
    """Units per code for one or many visits.

    Parameters
    ----------
    visits : pandas.DataFrame
        One row per timed code of a visit: ``code``, ``minutes`` [min] and optionally ``visit``
        (an id; all rows are one visit without it).
    rule : {"medicare", "ama"}
        Medicare's pooled 8-minute rule or the AMA per-code rule.

    Returns
    -------
    pandas.DataFrame
        The input rows, in order, with ``units`` [int].

    Notes
    -----
    Medicare: with ``T`` the visit's total minutes, it bills ``floor((T + 7) / 15)`` units (none
    under 8). Each code first gets ``floor(minutes / 15)`` units; the rest go one each to the codes
    with the most minutes left over (``minutes mod 15``), ties to the code with more minutes,
    then to the code listed first. CMS's own example: 33 minutes of 97110 and 7 of 97140 are 40
    minutes, 3 units: 97110 gets 2 full units (3 minutes left), and the third unit goes to 97140
    (7 > 3).

    Examples
    --------
    >>> v = pd.DataFrame({"code": ["97110", "97140"], "minutes": [33, 7]})
    >>> allocate_units(v)["units"].tolist(), allocate_units(v, "ama")["units"].tolist()
    ([2, 1], [2, 0])
    """
    if rule not in UNIT_RULES:
        raise InputError(f"unit rule: expected one of {', '.join(UNIT_RULES)}, got {rule!r}")
    missing = [c for c in ("code", "minutes") if c not in visits.columns]
    if missing:
        raise InputError(f"visit minutes: missing column(s) {', '.join(missing)}")
    frame = visits.reset_index(drop=True)
    minutes = np.floor(_check_minutes(frame["minutes"].to_numpy(dtype=float)))
    if rule == "ama":
        return frame.assign(units=units_from_minutes(minutes))
    visit = frame["visit"] if "visit" in frame else pd.Series(0, index=frame.index)
    full = (minutes // UNIT_MINUTES).astype(int)
    left = minutes - full * UNIT_MINUTES
    total = pd.Series(minutes).groupby(visit.to_numpy()).transform("sum").to_numpy()
    extra = units_from_minutes(total) - pd.Series(full).groupby(visit.to_numpy()).transform(
        "sum").to_numpy()
    # Rank the leftovers within each visit: most minutes left, then most minutes, then order.
    ranking = pd.DataFrame({"visit": visit.to_numpy(), "left": left, "minutes": minutes,
                            "pos": np.arange(len(frame))})
    ranking = ranking.sort_values(["visit", "left", "minutes", "pos"],
                                  ascending=[True, False, False, True], kind="stable")
    rank = np.empty(len(frame), dtype=int)
    rank[ranking["pos"].to_numpy()] = ranking.groupby("visit", sort=False).cumcount().to_numpy()
    # Each leftover is under 15 minutes, so no code needs more than one extra unit.
    bonus = (rank < extra) & (left > 0)
    return frame.assign(units=full + bonus.astype(int))


def units_for_visit(minutes_by_code: dict[str, float] | Sequence[tuple[str, float]],
                    rule: str = "medicare") -> dict[str, int]:
    """Units per code for one visit given as ``{code: minutes}``.

    Examples
    --------
    >>> units_for_visit({"97112": 24, "97110": 23})
    {'97112': 2, '97110': 1}
    """
    pairs = list(minutes_by_code.items() if isinstance(minutes_by_code, dict)
                 else minutes_by_code)
    frame = pd.DataFrame(pairs, columns=["code", "minutes"])
    if frame["code"].duplicated().any():
        dup = frame.loc[frame["code"].duplicated(), "code"].iloc[0]
        raise InputError(f"visit minutes: code {dup} listed twice; add its minutes together")
    result = allocate_units(frame, rule)
    return dict(zip(result["code"], result["units"].astype(int).tolist(), strict=True))


def needs_assistant_modifier(assistant_minutes: float, total_minutes: float) -> bool:
    """Whether a service needs CQ/CO: the assistant furnished more than 10% of its minutes.

    Parameters
    ----------
    assistant_minutes : float
        Minutes furnished by the PT/OT assistant [min].
    total_minutes : float
        Minutes of the service in all [min].

    Examples
    --------
    >>> needs_assistant_modifier(1, 10), needs_assistant_modifier(2, 15)
    (False, True)
    """
    for name, value in (("assistant_minutes", assistant_minutes),
                        ("total_minutes", total_minutes)):
        if not math.isfinite(value) or value < 0:
            raise InputError(f"{name}: expected minutes >= 0, got {shown_value(value)}")
    if assistant_minutes > total_minutes:
        raise InputError(f"assistant_minutes: {assistant_minutes:g} exceeds the service's "
                         f"{total_minutes:g} minutes")
    # in the decimals typed: 0.1 x 2.3 is 0.22999999999999998, under 0.23, exactly 10%
    return total_minutes > 0 and typed_decimal(assistant_minutes) > typed_decimal(
        ASSISTANT_DE_MINIMIS) * typed_decimal(total_minutes)
