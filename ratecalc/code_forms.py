"""The forms of a procedure code and a modifier, one rule for every reader.

A table cell (:mod:`ratecalc.validation`), a payer's fee schedule and an 835 service line
(:mod:`ratecalc.remittance.parser`) check a CPT/HCPCS code and a modifier against these.
Standard library only, so the 835 parser stays light.
"""

from __future__ import annotations

import re

#: A CPT/HCPCS code: five digits (97110), a letter and four digits (G0283), or four digits and
#: a letter (0552T).
# ASCII digits: \d matched "٩٧١١٠", a code no file or payer writes
CODE_PATTERN = re.compile(r"^(\d{5}|[A-Z]\d{4}|\d{4}[A-Z])$", re.ASCII)
#: A modifier: two letters or digits (GP, CQ, 59).
MODIFIER_PATTERN = re.compile(r"^[A-Z0-9]{2}$")
CODE_EXPECTED = ("expected a CPT/HCPCS code: five digits (97110), a letter and four digits "
                 "(G0283), or four digits and a letter (0552T)")
MODIFIER_EXPECTED = "expected a two-character modifier such as GP, CQ or 59"

#: A code with a modifier written after it, as payers' files and users type them (97110-GP,
#: 97110 GP, 97110GP, 97110:59): the code is group 1, the modifier group 2.
CODE_WITH_MODIFIER = re.compile(r"^\s*([0-9A-Za-z]{5})\s*[-\s:]?\s*([0-9A-Za-z]{2})\s*$")


def split_code_modifier(text: str) -> tuple[str, str] | None:
    """``'97110-GP'`` -> (``'97110'``, ``'GP'``), upper-cased; None unless ``text`` is a code
    of :data:`CODE_PATTERN`'s form followed by a modifier of :data:`MODIFIER_PATTERN`'s."""
    hit = CODE_WITH_MODIFIER.match(text)
    if hit is None:
        return None
    code, modifier = hit.group(1).upper(), hit.group(2).upper()
    if CODE_PATTERN.match(code) and MODIFIER_PATTERN.match(modifier):
        return code, modifier
    return None


def code_form_problem(code: str) -> str | None:
    """Why ``code`` (upper-cased, stripped) is not of a code's form, or None if it is.

    Said apart from "not in the release": a code typed with its modifier is not an unknown
    service, and the user needs to know what to type instead.
    """
    if CODE_PATTERN.match(code):
        return None
    split = split_code_modifier(code)
    if split:
        return f"a code with a modifier: give the code alone ({split[0]}), the modifier apart"
    return CODE_EXPECTED
