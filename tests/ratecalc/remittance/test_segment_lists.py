"""The parser checks a list of segments at once, and each segment alone only in a list that fails.

``parser._plain`` clears a list of segments (none over the element limit, no control character)
so that its segments skip the checks of one segment at a time. Whatever the list, the parse must
be the one the per-segment checks give: these tests parse mutated samples and hand-made hostile
835s both ways, with lists of a few characters so that plain and failing lists mix, and compare
every record, problem and payment.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.limits import MAX_X12_ELEMENT_CHARS
from ratecalc.remittance import parser, tokenizer
from ratecalc.remittance.parser import ParsedFile, Transaction, parse_text
from tests.strategies import mutated

from .samples import SAMPLES
from .x12 import header, interchange, transaction

CLAIM = ("CLP*A1*1*100*80**12*PCN1", "NM1*QC*1*DOE*JOHN****MI*M1", "SVC*HC:97110*100*80**1",
         "DTM*472*20250301", "CAS*CO*45*20", "REF*6R*L1", "AMT*B6*80")
#: Pieces a segment may hold that the per-segment checks are for: control characters (some of
#: them delimiters elsewhere), line breaks, an element over the limit, and other separators.
HOSTILE = ["\x00", "\x01", "\x1d", "\x1f", "\x7f", "\x85", "\t", "\n", "\r", "\ufeff",
           "A" * (MAX_X12_ELEMENT_CHARS + 1), "*", "~", ":", "|", "^", ""]


def _read(parsed: ParsedFile) -> tuple[object, ...]:
    """Everything a parse gave, in a form that compares by representation (Decimal('80') and
    Decimal('80.00') are equal but are written differently)."""

    def payment(t: Transaction) -> tuple[object, ...]:
        return tuple(repr(getattr(t, name)) for name in Transaction.__slots__)

    return (parsed.problems, [payment(t) for t in parsed.transactions],
            [repr(v) for v in parsed.claims.values], [repr(v) for v in parsed.lines.values],
            [repr(v) for v in parsed.adjustments.values])


def _both_ways(text: str, chunk: int, include_patient_data: bool) -> None:
    with mock.patch.object(tokenizer, "_CHUNK", chunk):
        checked_at_once = _read(parse_text(text, "x.835",
                                           include_patient_data=include_patient_data))
        with mock.patch.object(parser, "_plain", lambda segments: False):
            one_by_one = _read(parse_text(text, "x.835",
                                          include_patient_data=include_patient_data))
    assert checked_at_once == one_by_one


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(SAMPLES).flatmap(lambda p: mutated(p.read_bytes())),
       st.sampled_from([7, 64, 1 << 18]), st.booleans())
def test_mutated_samples_parse_as_segment_by_segment(data: bytes, chunk: int,
                                                     include_patient_data: bool) -> None:
    _both_ways(data.decode("latin-1"), chunk, include_patient_data)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2 * len(CLAIM) + 8), st.integers(0, 40),
                          st.sampled_from(HOSTILE)), min_size=1, max_size=4),
       st.sampled_from([7, 64, 1 << 18]), st.booleans(), st.booleans())
def test_hostile_segments_parse_as_segment_by_segment(edits: list[tuple[int, int, str]],
                                                      chunk: int, envelope: bool,
                                                      include_patient_data: bool) -> None:
    segments = [*header("160"), *CLAIM, *CLAIM]
    for at, position, piece in edits:
        at %= len(segments)
        segment = segments[at]
        position %= len(segment) + 1
        segments[at] = segment[:position] + piece + segment[position:]
    body = transaction("0001", *segments)
    _both_ways(interchange(body) if envelope else "~".join(body) + "~", chunk,
               include_patient_data)


def test_a_control_character_in_a_long_list_is_found() -> None:
    # one control character among thousands of plain segments: the list is not plain, and the
    # warning names its segment (the first CLP's NM1 of the 200th claim)
    claims = [segment.replace("A1", f"A{n}") for n in range(300) for segment in CLAIM]
    claims[199 * len(CLAIM) + 1] = "NM1*QC*1*DOE\x00*JOHN****MI*M1"
    text = interchange(transaction("0001", *header(str(80 * 300)), *claims))
    parsed = parse_text(text, "x.835")
    number = 2 + len(header("0")) + 199 * len(CLAIM) + 2 + 1  # ISA, GS, ST, header, claims
    assert [p.rule.split(":")[0] for p in parsed.problems] == [
        "control characters, which X12 text cannot hold, replaced by U+FFFD '\ufffd' in 1 "
        "segment(s)"]
    assert f"segment {number} NM103 (U+0000)" in parsed.problems[0].rule
