"""What a Benchmarks row's Region says of where its prices come from, and how a letter to a payer
words it: the one label, written by the market-rate imports and read back by the letter."""

from __future__ import annotations

import re
from collections.abc import Sequence

_NOT_FILTERED = "not filtered by region"
_UNKNOWN_PAYER = "unknown payer"
#: ``--region``'s forms (ZIP, ZIP area, Medicare locality) and what a letter calls each.
_REGION_KINDS = ((re.compile(r"\d{5}"), "ZIP code"), (re.compile(r"\d{3}"), "ZIP area"),
                 (re.compile(r"\d{5}-\d{2}"), "Medicare locality"))


def market_region(filtered_by: str | None, payers: Sequence[str]) -> str:
    """What a Benchmarks row's Region says of where its prices come from: the region they were
    filtered by (``--region``, as given), else that they were not, with whose prices they are.
    Never the clinic's Medicare locality, which says nothing of where the prices are paid: a
    Texas plan's file read whole was labelled Alabama's 10112-00.

    Examples
    --------
    >>> market_region("021", ["Evry Health"]), market_region(None, ["Evry Health"])
    ('021', 'not filtered by region (Evry Health)')
    """
    if filtered_by:
        return filtered_by
    named = ", ".join(dict.fromkeys(p for p in payers if p)) or _UNKNOWN_PAYER
    return f"{_NOT_FILTERED} ({named})"


def region_rates_words(region: str) -> str:
    """The rates of a Benchmarks Region as a sentence to the payer says them ("the median of
    ..."): the label :func:`market_region` wrote for prices not filtered by region is the
    user's note, not prose ("the median of not filtered by region (Evry Health) rates"); a
    ``--region`` is named by its kind; any other Region, typed by the user, as it is.

    Examples
    --------
    >>> region_rates_words("not filtered by region (Evry Health)")
    'Evry Health rates in all regions'
    >>> region_rates_words("not filtered by region (unknown payer)")
    'rates in all regions'
    >>> region_rates_words("787"), region_rates_words("10112-00")
    ('rates in ZIP area 787', 'rates in Medicare locality 10112-00')
    >>> region_rates_words("Birmingham-Hoover, AL")
    'Birmingham-Hoover, AL rates'
    """
    text = region.strip()
    if is_unfiltered(text):
        named = text[len(_NOT_FILTERED) + 2:-1]
        return f"{named} rates in all regions" if named != _UNKNOWN_PAYER else \
            "rates in all regions"
    for form, kind in _REGION_KINDS:
        if form.fullmatch(text):
            return f"rates in {kind} {text}"
    return f"{text} rates"


def is_unfiltered(region: str) -> bool:
    """Whether a Benchmarks Region is :func:`market_region`'s label for prices read from every
    region.

    >>> is_unfiltered("not filtered by region (Evry Health)"), is_unfiltered("787")
    (True, False)
    """
    text = region.strip()
    return text.startswith(f"{_NOT_FILTERED} (") and text.endswith(")")
