"""An ISA before the IEA closing the interchange before it: the file refused, by both readers.

An interchange cannot hold another (X12's envelope: ISA opens one, its IEA closes it, and the
next ISA comes after). Such a file imported whole without a word (its inner IEA taken for the
outer's), or with only "no ISA segment" at the outer IEA left over.
"""

from __future__ import annotations

import pytest

from ratecalc.remittance import read_remittance
from ratecalc.remittance.column_reader import read_columns
from ratecalc.remittance.parser import parse_segments

from .x12 import ISA, header, transaction

GS = "GS*HP*PAYER*CLINIC*20250301*1200*1*X*005010X221A1"
FIRST = transaction("0001", *header("10"), "CLP*A1*1*10*10**12*P1", "SVC*HC:97110*10*10**1")
SECOND = transaction("0002", *header("20"), "CLP*A2*1*20*20**12*P2", "SVC*HC:97110*20*20**1")
INNER_ISA = ISA.replace("000000001", "000000002")


def _text(segments: list[str]) -> str:
    return "~\n".join(segments) + "~\n"


#: The inner interchange: its ISA is segment 12 (ISA, GS, then the 9 segments of FIRST).
NESTED = {
    "both IEAs": [ISA, GS, *FIRST, INNER_ISA, GS, *SECOND, "GE*1*1", "IEA*1*000000002",
                  "GE*1*1", "IEA*1*000000001"],
    "the outer IEA missing": [ISA, GS, *FIRST, INNER_ISA, GS, *SECOND, "GE*1*1",
                              "IEA*1*000000002"],
    "inside a transaction": [ISA, GS, *FIRST[:-1], INNER_ISA, GS, *SECOND, "GE*1*1",
                             "IEA*1*000000002", FIRST[-1], "GE*1*1", "IEA*1*000000001"],
}
SEGMENT = {"both IEAs": 12, "the outer IEA missing": 12, "inside a transaction": 11}
#: Inside a transaction, where no ISA can be, its values are hidden as any segment's out of place
#: (it may be a piece of a patient's name split at a lost terminator).
HIDDEN = "ISA" + "*<not shown>" * 16


@pytest.mark.parametrize("case", sorted(NESTED))
@pytest.mark.parametrize("read", ["segments", "columns first"])
def test_an_interchange_inside_an_interchange_is_refused(case: str, read: str) -> None:
    text = _text(NESTED[case])
    parsed = (parse_segments(text, "nested.835") if read == "segments"
              else read_remittance(text, "nested.835"))
    number = SEGMENT[case]
    quoted = HIDDEN if case == "inside a transaction" else INNER_ISA
    assert [p.message for p in parsed.problems] == [
        f"Remittance 'nested.835', segment {number}, column 'ISA': a new interchange (ISA) "
        "before the IEA closing the interchange that starts at segment 1: expected that IEA "
        "first (an interchange cannot hold another); the file was not imported, got "
        f"{quoted!r}"]
    assert parsed.problems[0].severity == "error"
    assert len(parsed.claims) == 0 and len(parsed.lines) == 0
    assert read_columns(text, "nested.835") is None  # left to the parser, which refuses it


def test_interchanges_one_after_another_are_imported() -> None:
    text = _text([ISA, GS, *FIRST, "GE*1*1", "IEA*1*000000001",
                  INNER_ISA, GS, *SECOND, "GE*1*1", "IEA*1*000000002"])
    by_segments = parse_segments(text, "two.835")
    assert by_segments.problems == ()
    assert by_segments.claims.column("claim_id") == ["A1", "A2"]
    imported = read_remittance(text, "two.835")
    assert imported.problems == ()
    assert imported.claims["claim_id"].tolist() == ["A1", "A2"]
    assert read_columns(text, "two.835") is not None
