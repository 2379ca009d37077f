"""What every output says of a market figure that is not a clinic's current professional
market: one made of a facility's (institutional) prices, or of prices past their expiration
date.

The import writes these flags into a Benchmarks row's Source (the sheet has no flags column);
the Comparison's and Priorities' Market caveat (their sheets, CSVs and ``summary.json``), the
Proposal's reasons, the analysis' warnings and the letter read them back from there with
:func:`market_caveat`, so each says the same. Kept free of the TiC readers: the letter imports
it, and the readers cost it 25-55 ms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

#: The labels the import's flags begin with (``ratecalc.market_rates.stats.RULE_LABEL``).
FACILITY_LABEL = "facility claims"
EXPIRED_LABEL = "expired"

_CAVEAT_LABELS = (FACILITY_LABEL, EXPIRED_LABEL)
_DATES = re.compile(r"expiration_date \(([^)]*)\)")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

#: How a day is written in a caveat: as the flag holds it (2025-12-31), or an output's own style
DayWords = Callable[[date], str]


def _days_in(text: str, day_words: DayWords | None) -> str:
    """``text`` with each ISO day written by ``day_words`` (as it is without one)."""
    if day_words is None:
        return text
    return _ISO_DAY.sub(lambda m: day_words(date(int(m[1]), int(m[2]), int(m[3]))), text)


def _parts(source: object) -> list[str]:
    return [] if not isinstance(source, str) else [p for p in source.split("; ") if p]


def _is_caveat(part: str) -> bool:
    return any(part.startswith(f"{label}:") for label in _CAVEAT_LABELS)


def flagged_source(source: str, flags: Iterable[str]) -> str:
    """A Benchmarks row's Source with its code's facility-claims and expired flags, the two a
    reader of the market figure must see wherever it is used (the import's other flags judge
    single prices, which the percentiles already weigh).

    >>> flagged_source("TiC file x (Evry)", ["far from Medicare: 1 of 9 prices ...",
    ...                "facility claims: 9 of 9 prices billing class institutional"])
    'TiC file x (Evry); facility claims: 9 of 9 prices billing class institutional'
    """
    return "; ".join([source, *(f for f in flags if _is_caveat(f))])


def cited_source(source: str) -> str:
    """A Benchmarks row's Source as a letter cites the file: without the flags
    :func:`flagged_source` added, so the rows of one file cite it once (the letter says the
    caveats apart, :func:`market_caveat`).

    >>> cited_source("TiC file x (Evry); expired: 2 of 2 prices past their expiration_date "
    ...              "(2025-12-31) as of 2026-12-06")
    'TiC file x (Evry)'
    """
    return "; ".join(p for p in _parts(source) if not _is_caveat(p))


def market_caveat(source: object, day_words: DayWords | None = None) -> str:
    """What a market figure of this Source is, where it is not a clinic's current professional
    market ("" where it is): the words every output that uses the figure shows beside it.
    ``day_words``: how the output writes a day (the letter's "December 31, 2025"); ISO without.

    Examples
    --------
    >>> market_caveat("TiC file x (Evry); facility claims: 3 of 3 prices billing class "
    ...               "institutional (facility claim), not a professional fee; expired: 3 of 3 "
    ...               "prices past their expiration_date (2025-12-31) as of 2026-12-06")
    'facility prices (billing class institutional), not professional fees; prices that \
expired 2025-12-31'
    >>> market_caveat("Fictional regional survey (demo data)")
    ''
    >>> market_caveat("TiC file x (Evry); expired: 3 of 3 prices past their expiration_date "
    ...               "(2025-12-31) as of 2026-12-06", lambda d: f"{d:%B} {d.day}, {d.year}")
    'prices that expired December 31, 2025'
    """
    words = []
    for part in _parts(source):
        if part.startswith(f"{FACILITY_LABEL}:"):
            words.append("facility prices (billing class institutional), not professional fees")
        elif part.startswith(f"{EXPIRED_LABEL}:"):
            dates = _DATES.search(part)
            words.append("prices that expired"
                         + (f" {_days_in(dates.group(1), day_words)}" if dates else ""))
    return "; ".join(words)


def caveats_by_code(market: object, day_words: DayWords | None = None) -> dict[str, str]:
    """Each code's :func:`market_caveat`, of the Benchmarks rows in use (one a code,
    :func:`ratecalc.gap.market_rows`); codes whose market is a clinic's current one are left
    out."""
    codes = getattr(market, "get", lambda _c: None)("code")
    sources = getattr(market, "get", lambda _c: None)("source")
    if codes is None or sources is None:
        return {}
    said = ((str(code), market_caveat(source, day_words)) for code, source in zip(codes, sources,
                                                                       strict=True))
    return {code: caveat for code, caveat in said if caveat}


def caveat_groups(caveat_of: dict[str, str], codes: Iterable[str]) -> dict[str, list[str]]:
    """``codes`` (in their order, once each) grouped by their market's caveat; codes with none
    left out."""
    groups: dict[str, list[str]] = {}
    for code in dict.fromkeys(str(c) for c in codes):
        if code in caveat_of:
            groups.setdefault(caveat_of[code], []).append(code)
    return groups


def codes_caveat(caveat_of: dict[str, str], codes: Iterable[str]) -> str:
    """Which of ``codes``' market figures are not a clinic's current professional market, and
    what they are (:func:`market_caveat`), for a row whose figure sums several codes (a payer's
    dollars below market); "" where none is. A group per caveat, each a sentence.

    >>> codes_caveat({"97110": "prices that expired 2025-12-31", "97140": "facility prices",
    ...               "97530": "prices that expired 2025-12-31"}, ["97530", "97110", "97140"])
    '97530, 97110: prices that expired 2025-12-31. 97140: facility prices'
    """
    return ". ".join(f"{', '.join(group)}: {caveat}"
                     for caveat, group in caveat_groups(caveat_of, codes).items())


def caveat_warning(caveat: str, codes: list[str]) -> str:
    """The analysis' warning of market figures that are not a clinic's current professional
    market, as every output uses them."""
    return (f"the market figures of {', '.join(codes)} are not a clinic's current professional "
            f"market ({caveat}): the Comparison's and "
            f"Priorities' dollars below market, the Proposal's asks and the letter use them as "
            f"the market (the Comparison's and Priorities' Market caveat, the Proposal's reasons "
            f"and the letter say so); import the payers' "
            f"current professional prices to replace them")
