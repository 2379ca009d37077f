"""Defaults the market-rate commands' options show in their help: the taxonomies of
therapists kept from NPPES and the files read at once.

Apart from :mod:`ratecalc.market_rates` (whose package imports pandas) so that the parsers of
``ratecalc import market-rates`` and ``ratecalc market-rates`` show them without loading it:
``--help`` and a wrong option answer at once.
"""

from __future__ import annotations

import os

# NUCC taxonomy codes (a prefix matches the codes it begins: "2251" is every PT specialty).
THERAPY_TAXONOMIES = (
    "2251",  # physical therapist (225100000X) and its specialties (2251X0800X orthopedic...)
    "225200000X",  # physical therapy assistant
    "225X",  # occupational therapist (225X00000X) and its specialties
    "224Z",  # occupational therapy assistant
    "235Z",  # speech-language pathologist
    "261QP2000X",  # clinic/center: physical therapy
)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)
