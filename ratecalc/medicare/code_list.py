"""The codes a workbook's code drop-down offers before its first refresh adds its own."""

from __future__ import annotations

from ratecalc.medicare.parts import SPEECH_LANGUAGE_CODES
from ratecalc.medicare.store import known_codes, therapy_codes


def listed_codes() -> list[str]:
    """Every code of the therapy-only releases (the PT/OT codes and 92507) and every
    speech-language pathology code a full release lists (92526, 92610...), sorted.

    The therapy-only releases hold the codes priced quarterly for therapy alone, which leave
    out most speech codes: a new workbook's drop-down said "Not a code RateCalc lists" of
    92526 until a refresh added the codes its tables bill.
    """
    return sorted(set(therapy_codes()) | (SPEECH_LANGUAGE_CODES & known_codes()))
