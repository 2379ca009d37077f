"""Short descriptions of the services in a letter's rate table.

CPT descriptor text is the AMA's copyright and never appears in a letter. A letter shows, in this
order of preference: the clinic's own wording (a mapping passed by the caller, or a
``description`` column on the Volumes or Fee Schedules table when the clinic's data has one);
otherwise a generic service category written for RateCalc from the code's range; otherwise
nothing. The payer's analyst knows the codes: the column only helps a reader skim.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# (first code, last code, category), compared as strings within one numbering family. Written
# for RateCalc from the codes' ranges; deliberately generic.
_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("92507", "92508", "Speech-language treatment"),
    ("92521", "92524", "Speech-language evaluation"),
    ("92526", "92526", "Swallowing treatment"),
    ("92610", "92610", "Swallowing evaluation"),
    ("97010", "97039", "Modality"),
    ("97110", "97546", "Therapeutic procedure"),
    ("97161", "97163", "PT evaluation"),
    ("97164", "97164", "PT re-evaluation"),
    ("97165", "97167", "OT evaluation"),
    ("97168", "97168", "OT re-evaluation"),
    ("97750", "97763", "Tests, orthotics and prosthetics"),
    ("G0283", "G0283", "Modality"),
)


def generic_category(code: str) -> str:
    """A generic service category for a therapy code, or ``""`` when none fits.

    Evaluation codes sit inside the therapeutic-procedure range, so the narrowest range wins.

    Examples
    --------
    >>> generic_category("97110"), generic_category("97162"), generic_category("99213")
    ('Therapeutic procedure', 'PT evaluation', '')
    """
    code = code.strip().upper()
    hits = [(_span(first, last), label) for first, last, label in _CATEGORIES
            if len(first) == len(code) and first[0].isdigit() == code[0].isdigit()
            and first <= code <= last]
    return min(hits)[1] if hits else ""


def _span(first: str, last: str) -> int:
    return int(last) - int(first) if first.isdigit() and last.isdigit() else 0


def clinic_descriptions(*frames: pd.DataFrame) -> dict[str, str]:
    """Descriptions the clinic typed in a ``description`` column of any of ``frames``.

    The first non-blank description per code wins.
    """
    found: dict[str, str] = {}
    for frame in frames:
        if frame is None or frame.empty or "description" not in frame.columns:
            continue
        for code, text in zip(frame["code"], frame["description"], strict=True):
            if isinstance(text, str) and text.strip() and str(code) not in found:
                found[str(code)] = text.strip()
    return found


def describe(codes: list[str], own: Mapping[str, str] | None = None) -> dict[str, str]:
    """The description shown for each code: the clinic's own, else the generic category."""
    own = own or {}
    return {code: own.get(code) or generic_category(code) for code in codes}
