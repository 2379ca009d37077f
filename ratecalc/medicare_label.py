"""Which Medicare rate a figure is of: the locality (id and name) and the CMS release and day.

One analysis prices Medicare at one locality (docs/ANALYSIS.md, *One locality per analysis*),
but a practice with two locations, or a payer reading the letter, cannot tell from "Medicare"
alone which locality's amounts a percentage is of, nor which year's. Every output that shows
a Medicare amount or a percent of Medicare names them in these words, built here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from datetime import date
from typing import NamedTuple

from ratecalc.errors import RateCalcError
from ratecalc.medicare.localities import named_locality, resolve_locality


class MedicareLabel(NamedTuple):
    """The words naming the Medicare amounts an output shows.

    ``locality`` is the ``MAC-LOC`` id and its name as the bundled data spells it
    (``'10112-00 ALABAMA'``); ``priced`` the CMS release and the day of service it prices
    (``'RVU26C, 2026-10-01'``; several days, for a proposal whose payers' new terms a later
    release covers, joined by ``'; '``). ``str()`` of it is the one-line label.
    """

    locality: str
    priced: str

    def __str__(self) -> str:
        return f"Medicare locality {self.locality}, release {self.priced}"


def medicare_label(locality: str, priced: Iterable[tuple[str, date]]) -> MedicareLabel:
    """The label of Medicare amounts of ``locality`` priced by each (release, day) of ``priced``.

    Parameters
    ----------
    locality : str
        The analysis' Medicare locality as typed (:attr:`ratecalc.dataset.ClinicData.
        locality`): ``MAC-LOC``, or a ZIP code, a state or a name the amounts were priced by
        (:func:`ratecalc.medicare.localities.resolve_locality`), named by the locality it is.
    priced : iterable of (str, datetime.date)
        The CMS release (``'rvu26c'``) and the day of service of the amounts shown; each
        distinct pair is named once, earliest day first.

    Returns
    -------
    MedicareLabel

    Examples
    --------
    >>> str(medicare_label("10112-00", [("rvu26c", date(2026, 10, 1))]))
    'Medicare locality 10112-00 ALABAMA, release RVU26C, 2026-10-01'
    >>> medicare_label("10112-00", [("rvu27a", date(2027, 4, 1)),
    ...                             ("rvu26c", date(2026, 10, 1))]).priced
    'RVU26C, 2026-10-01; RVU27A, 2027-04-01'
    """
    days = sorted(set(priced), key=lambda pair: (pair[1], pair[0]))
    # a Settings' Locality of "95501" prices Eureka's 01112-75: named as that, not "95501";
    # one that names none (a clinic with no codes yet prices nothing) stays as it is
    with suppress(RateCalcError):
        locality = resolve_locality(locality)
    return MedicareLabel(named_locality(locality),
                         "; ".join(f"{release.upper()}, {day.isoformat()}"
                                   for release, day in days))
