"""The locality's Medicare amount per code, as the yardstick for market prices.

A thin bridge to :func:`ratecalc.medicare.medicare_amounts`: it turns that table's per-row
problems (unknown or non-payable code) into data, and a bad locality or date into an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ratecalc.errors import InputError, UnknownCodeError


@dataclass(frozen=True)
class MedicareReference:
    """Medicare amounts [USD per unit, rounded to cents as CMS publishes] by code.

    Attributes
    ----------
    locality : str
        ``MAC-LOC`` as given.
    date_of_service : date
        Picks the RVU release and conversion factor.
    facility : bool
        Facility amounts instead of non-facility (private-practice therapists are paid the
        non-facility amount).
    amounts : Mapping of str to float or None
        None where Medicare has no amount for the code.
    problems : Mapping of str to str
        Why a code has no amount (unknown code, not payable, and which code Medicare pays).
    """

    locality: str
    date_of_service: date
    facility: bool
    amounts: Mapping[str, float | None] = field(default_factory=dict)
    problems: Mapping[str, str] = field(default_factory=dict)


def medicare_reference(
    codes: Iterable[str], locality: str, date_of_service: date, *, facility: bool = False
) -> MedicareReference:
    """Medicare amounts for ``codes`` in ``locality`` on ``date_of_service``.

    Parameters
    ----------
    codes : iterable of str
        CPT/HCPCS codes.
    locality : str
        Medicare locality ``MAC-LOC``, e.g. ``10112-00``.
    date_of_service : date
        Date whose fee schedule applies.
    facility : bool
        Use the facility amount.

    Returns
    -------
    MedicareReference

    Raises
    ------
    UnknownCodeError
        The locality is unknown.
    InputError
        The date is not usable.
    """
    from ratecalc.medicare import medicare_amounts  # the engine loads CMS tables: only if asked

    code_list = list(dict.fromkeys(codes))
    if not code_list:
        return MedicareReference(locality, date_of_service, facility)
    table = medicare_amounts(code_list, locality, date_of_service, facility=facility)
    amounts: dict[str, float | None] = {}
    problems: dict[str, str] = {}
    for row in table.itertuples(index=False):
        problem = getattr(row, "problem", None)
        if isinstance(problem, str):
            kind = getattr(row, "problem_kind", None)
            if kind == "unknown_locality":
                raise UnknownCodeError(f"--locality: {problem}")
            if kind in ("bad_date", "no_release"):
                raise InputError(f"--date: {problem}")
            amounts[row.code] = None
            problems[row.code] = problem
        else:
            amounts[row.code] = float(row.amount)
    return MedicareReference(locality, date_of_service, facility, amounts, problems)
