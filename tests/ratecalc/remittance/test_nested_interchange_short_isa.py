"""An ``ISA`` segment of fewer than 16 elements (a piece of a patient's name split at a lost
terminator, as likely as a header) opens no interchange: inside one, it is warned of and the
file imported, and an interchange nested after it is refused naming the ISA that opened the
outer one (:mod:`ratecalc.remittance.parser`, ``_isa``).

Mutants that passed test_nested_interchange.py and test_malformed.py (mutation-13): any ISA
taken as one opening an interchange (the short one refused the file), and a short ISA taken
as the interchange's start (the refusal named it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ratecalc.remittance import read_remittance
from ratecalc.remittance.parser import parse_segments

from .test_nested_interchange import FIRST, GS, INNER_ISA, SECOND, _text
from .x12 import ISA

SHORT = "ISA*JOHN"  # segment 11: ISA, GS, then FIRST's ST and 7 segments before its CLP's SVC


def _claims(parsed: Any) -> list[str]:
    claims = parsed.claims
    return claims.column("claim_id") if hasattr(claims, "column") else \
        claims["claim_id"].tolist()


@pytest.mark.parametrize("read", [parse_segments, read_remittance])
def test_a_short_isa_inside_an_interchange_is_warned_of_and_the_file_imported(
        read: Callable[[str, str], Any]) -> None:
    text = _text([ISA, GS, *FIRST[:-1], SHORT, FIRST[-1], "GE*1*1", "IEA*1*000000001",
                  INNER_ISA, GS, *SECOND, "GE*1*1", "IEA*1*000000002"])
    parsed = read(text, "short.835")
    assert [(p.severity, p.location.segment, p.rule) for p in parsed.problems] == [
        ("warning", 11, "ISA has 1 elements, expected 16"),
        ("warning", 12, "SE01 says the transaction has 9 segments, counted 10")]
    assert _claims(parsed) == ["A1", "A2"]


@pytest.mark.parametrize("read", [parse_segments, read_remittance])
def test_a_nested_interchange_after_a_short_isa_names_the_outer_isa(
        read: Callable[[str, str], Any]) -> None:
    text = _text([ISA, GS, *FIRST[:-1], SHORT, FIRST[-1], INNER_ISA, GS, *SECOND, "GE*1*1",
                  "IEA*1*000000002", "GE*1*1", "IEA*1*000000001"])
    parsed = read(text, "nested.835")
    assert [(p.severity, p.location.segment) for p in parsed.problems] == [("error", 13)]
    assert ("a new interchange (ISA) before the IEA closing the interchange that starts at "
            "segment 1: expected that IEA first") in parsed.problems[0].rule
    assert _claims(parsed) == []
