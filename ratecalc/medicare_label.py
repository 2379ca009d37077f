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
    (``'10112-00 ALABAMA'``), in the newest release priced; ``priced`` the CMS release and
    the day of service it prices (``'RVU26C, 2026-10-01'``; several days, for a proposal
    whose payers' new terms a later release covers, joined by ``'; '``); ``days`` each
    (release, day), earliest first.
    ``str()`` of it is the one-line label.
    """

    locality: str
    priced: str
    days: tuple[tuple[str, date], ...] = ()

    def __str__(self) -> str:
        return f"Medicare locality {self.locality}, release {self.priced}"

    def within(self, chars: int) -> str:
        """The label in at most ``chars`` characters, for a place that holds no more (a page
        foot: Excel's limit is 255 characters, its codes included): whole where it fits;
        else its days as their span, the first and the last, with the first and the last
        release; else that cut, ending "…".

        A proposal priced on each payer's new-term day names a day per payer: four of them
        and San Francisco's 82-character name took the Proposal's page foot to 266.

        >>> label = medicare_label("10112-00", [("rvu26c", date(2026, m, 1)) for m in (1, 5, 8)])
        >>> label.within(90)
        'Medicare locality 10112-00 ALABAMA, release RVU26C, days 2026-01-01 to 2026-08-01'
        """
        whole = str(self)
        if len(whole) <= chars:
            return whole
        if len(self.days) > 1:
            (first_release, first), (last_release, last) = self.days[0], self.days[-1]
            released = (f" {first_release.upper()}" if first_release == last_release else
                        f"s {first_release.upper()} to {last_release.upper()}")
            whole = (f"Medicare locality {self.locality}, release{released}, days "
                     f"{first.isoformat()} to {last.isoformat()}")
        return whole if len(whole) <= chars else whole[:max(chars - 1, 0)] + "\u2026"


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
    # named as the newest release priced names it: CMS redraws localities over the years
    return MedicareLabel(named_locality(locality, days[-1][0] if days else None),
                         "; ".join(f"{release.upper()}, {day.isoformat()}"
                                   for release, day in days), tuple(days))
