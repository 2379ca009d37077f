"""The locality's Medicare amount per code, as the yardstick for market prices.

A thin bridge to :func:`ratecalc.medicare.medicare_amounts`: it turns that table's per-row
problems (unknown or non-payable code) into data, and a bad locality or date into an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ratecalc.errors import InputError, UnknownCodeError
from ratecalc.remedies import control


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


def medicare_day(date_of_service: date | None, file_dates: Iterable[date | None],
                 today: date) -> tuple[date, str]:
    """The day prices are compared with Medicare on, and what a message calls it: ``--date``
    when given, else the newest file's ``last_updated_on``, else ``today`` (the one given, never
    the system's clock). The words are where the user acts (:func:`ratecalc.remedies.control`:
    a ribbon button has no ``--date``).

    >>> medicare_day(None, [date(2027, 1, 5), date(2026, 11, 2)], date(2027, 2, 1))[1]
    "the Medicare date, the newest file's last_updated_on (2027-01-05; --date sets another)"
    """
    if date_of_service is not None:
        return date_of_service, control("date")
    dates = [d for d in file_dates if d is not None]
    day, what = (max(dates), "the newest file's last_updated_on") if dates else (today, "today")
    # a file of January, before CMS's release for the year is imported, is refused: said of
    # the date it was, not of an option the user never gave
    return day, f"the Medicare date, {what} ({day.isoformat()}; {control('date_other')})"


def medicare_reference(
    codes: Iterable[str], locality: str, date_of_service: date, *, facility: bool = False,
    apm_qualifying: bool = False, date_words: str | None = None,
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
    apm_qualifying : bool
        Price with the qualifying APM participant's conversion factor (a clinic's Settings).
    date_words : str
        What a refusal of ``date_of_service`` calls it (:func:`medicare_day`); None: the
        date control's name (:func:`ratecalc.remedies.control`).

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
    table = medicare_amounts(code_list, locality, date_of_service, facility=facility,
                             apm_qualifying=apm_qualifying)
    amounts: dict[str, float | None] = {}
    problems: dict[str, str] = {}
    for row in table.itertuples(index=False):
        problem = getattr(row, "problem", None)
        if isinstance(problem, str):
            kind = getattr(row, "problem_kind", None)
            if kind == "unknown_locality":
                raise UnknownCodeError(f"{control('locality')}: {problem}")
            if kind in ("bad_date", "no_release"):
                raise InputError(f"{date_words or control('date')}: {problem}")
            amounts[row.code] = None
            problems[row.code] = problem
        else:
            amounts[row.code] = float(row.amount)
    return MedicareReference(locality, date_of_service, facility, amounts, problems)
