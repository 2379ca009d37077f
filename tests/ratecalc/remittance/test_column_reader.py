"""The column reader gives exactly the segment parser's parse, or leaves the file to it.

``parse_text`` reads a file without problems a column at a time (``column_reader``) and any
other segment by segment (``parse_segments``). Whatever the file, both must give the same
records, transactions and problems: these tests read generated 835s (any delimiters, line
breaks, several interchanges, optional segments left out, a line's segments in another order,
empty trailing elements, claims without lines) and mutated ones both ways, and check that the
well-formed ones do take the column reader.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.remittance import column_reader, import_remittances, parser, read_remittance
from ratecalc.remittance.column_reader import read_columns
from ratecalc.remittance.parser import ParsedFile, Transaction, parse_segments, parse_text
from ratecalc.remittance.synthetic import (
    ClaimSpec,
    LineSpec,
    PaymentSpec,
    segments_835,
    serialize,
    synthetic_835,
    write_835,
)
from ratecalc.remittance.tokenizer import Delimiters

from .strategies import delimiters, payments
from .x12 import header, interchange, transaction

#: What a mutation may put in a file: header and trailer segments inside claims, loop
#: segments out of place, codes and amounts a check refuses, separators and empty segments.
JUNK = ["BPR*I*1*C", "N1*PR*OTHER", "LX*2", "PLB*1*20251231*L6*5", "SE*3*0001", "ST*835*9",
        "IEA*1*1", "GS*HP*A*B", "CAS*XX*45*1", "CAS*CO*SMITH*1", "CAS*CO*45*ABC", "CAS*CO",
        "SVC*HC:ABC*1*1", "SVC*HC*1*1", "DTM*472*20251345", "AMT*B6", "LQ*HE*DOE", "LQ*HE*N130",
        "REF*6R", "REF*6R*X1", "MOA***MA01", "ZZZ*1", "", "CLP*C9*1*0*0", "CLP**1*0*0",
        "CLP*C9*77*0*0", "SVC*HC:97110*10*10*", "CAS*PR*1*0.001", "CAS*CO*45*1E+2",
        "DTM*150*20250101", "DTM*151*20250102", "DTM*050*20250103", "AMT*B6*0"]


def _everything(parsed: ParsedFile) -> tuple[object, ...]:
    """Everything a parse gave, compared by representation (Decimal('80') and
    Decimal('80.00') are equal but written differently)."""

    def payment(t: Transaction) -> tuple[object, ...]:
        return tuple(repr(getattr(t, name)) for name in Transaction.__slots__)

    return (parsed.problems, [payment(t) for t in parsed.transactions],
            [repr(v) for v in parsed.claims.values], [repr(v) for v in parsed.lines.values],
            [repr(v) for v in parsed.adjustments.values])


def _both_ways(text: str) -> ParsedFile | None:
    """The column reader's parse of ``text`` (None: declined), checked against the segment
    parser's; and ``parse_text``, whichever it took, against it too."""
    by_segments = parse_segments(text, "x.835")
    by_columns = read_columns(text, "x.835")
    if by_columns is not None:
        assert not by_segments.problems
        assert _everything(by_columns) == _everything(by_segments)
    assert _everything(parse_text(text, "x.835")) == _everything(by_segments)
    return by_columns


def _recount(segments: list[list[object]]) -> list[list[object]]:
    """SE01 counted again, after segments were left out."""
    start = 0
    for at, segment in enumerate(segments):
        if segment[0] == "ST":
            start = at
        elif segment[0] == "SE":
            segments[at] = ["SE", str(at - start + 1), *segment[2:]]
    return segments


def _reorder(segments: list[list[object]], rng: random.Random) -> None:
    """Shuffle the segments after each SVC up to the next SVC or CLP (still the line's)."""
    at = 0
    while at < len(segments):
        if segments[at][0] == "SVC":
            end = at + 1
            while end < len(segments) and segments[end][0] not in ("SVC", "CLP", "LX", "PLB",
                                                                   "SE"):
                end += 1
            part = segments[at + 1:end]
            rng.shuffle(part)
            segments[at + 1:end] = part
            at = end
        else:
            at += 1


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(payments(), delimiters(), st.sampled_from(["", "\n", "\r\n"]), st.integers(1, 3),
       st.booleans(), st.frozensets(st.sampled_from(["DTM", "REF", "AMT", "NM1"])),
       st.booleans(), st.booleans(), st.integers(0, 2**32))
def test_generated_835s_read_by_columns_as_by_segments(
        drawn: list[PaymentSpec], chosen: Delimiters, line_break: str, per: int,
        patient_segments: bool, left_out: frozenset[str], reordered: bool,
        empty_ends: bool, seed: int) -> None:
    segments = segments_835(drawn, payments_per_interchange=per,
                            include_patient_data=patient_segments)
    # optional segments left out (a claim's or line's dates, REF*6R, AMT*B6, the patient)
    segments = _recount([s for s in segments if s[0] not in left_out or s[1] == "405"])
    if reordered:
        _reorder(segments, random.Random(seed))
    if empty_ends:  # separators repeated at the end of a segment: empty elements
        segments = [[*s, "", ""] if s[0] in ("CAS", "DTM", "REF", "AMT", "NM1") else s
                    for s in segments]
    parsed = _both_ways(serialize(segments, chosen, line_break=line_break))
    assert parsed is not None  # a well-formed 835: read a column at a time
    assert parsed.claims.column("claim_id") == [c.claim_id for p in drawn for c in p.claims]


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(payments(), st.lists(st.tuples(st.sampled_from(["drop", "copy", "swap", "junk"]),
                                      st.integers(0, 10**6), st.sampled_from(JUNK)),
                            min_size=1, max_size=4),
       st.booleans())
def test_mutated_835s_read_by_columns_as_by_segments(
        drawn: list[PaymentSpec], edits: list[tuple[str, int, str]], envelope: bool) -> None:
    text = write_835(drawn, line_break="\n")
    segments = text.rstrip("\n~").split("~\n")
    if not envelope:
        segments = segments[2:-2]  # no ISA/GS: the delimiters are inferred (declined)
    for edit, at, junk in edits:
        at %= len(segments)
        if edit == "drop" and len(segments) > 1:
            del segments[at]
        elif edit == "copy":
            segments.insert(at, segments[at])
        elif edit == "swap" and at + 1 < len(segments):
            segments[at], segments[at + 1] = segments[at + 1], segments[at]
        else:
            segments.insert(at, junk)
    _both_ways("~\n".join(segments) + "~\n")


def test_the_benchmark_file_is_read_by_columns() -> None:
    text = synthetic_835(20_000, seed=3)
    parsed = _both_ways(text)
    assert parsed is not None
    assert len(parsed.lines) > 2_000 and len(parsed.adjustments) > 3_000


#: A file of one balanced claim with one service line, which the column reader reads: the
#: tests below change one segment of it.
ONE_CLAIM = ("ISA*00*          *00*          *ZZ*S              *ZZ*R              *250301*1200*^"
             "*00501*000000001*0*P*:~GS*HP*S*R*20250301*1200*1*X*005010X221A1~"
             "ST*835*0001~BPR*I*80*C~N1*PR*ACME~LX*1~CLP*A1*1*100*80~NM1*QC*1*DOE*JOHN~"
             "SVC*HC:97110*100*80**1~DTM*472*20250301~CAS*CO*45*20~REF*6R*L1~AMT*B6*80~"
             "SE*12*0001~GE*1*1~IEA*1*000000001~")


@pytest.mark.parametrize("change", [
    ("CAS*CO*45*20~", "CAS*CO*45*21~"),  # a line out of balance
    ("CLP*A1*1*100*80", "CLP*A1*1*100*81"),  # a claim out of balance, and the payment
    ("DTM*472*20250301", "DTM*472*20250399"),  # not a date
    ("SVC*HC:97110", "SVC*HC:97X10"),  # not a code
    ("REF*6R*L1~", "REF*6R*L1~BPR*I*80*C~"),  # a payment header inside a claim
])
def test_a_file_with_a_problem_is_read_by_segments(change: tuple[str, str]) -> None:
    good = ONE_CLAIM
    assert _both_ways(good) is not None
    bad = good.replace(*change)
    assert bad != good
    assert _both_ways(bad) is None
    assert parse_text(bad, "x.835").problems  # the segment parser's, with its messages


def test_amounts_whose_sums_could_be_inexact_are_read_by_segments() -> None:
    # 60 charges of 999,999,999,999.00, each in range, add up past 2**52 cents: the column
    # reader's whole-cent sums would no longer be exact, so it leaves the file to the parser
    most = Decimal("999999999999")
    claims = tuple(ClaimSpec(f"C{n}", (LineSpec("97110", most, Decimal(0),
                                                 (("CO", "45", most),)),))
                   for n in range(60))
    text = write_835([PaymentSpec("ACME", "1", date(2026, 1, 5), claims)])
    assert _both_ways(text) is None
    assert not parse_text(text, "x.835").problems
    assert _both_ways(write_835([PaymentSpec("ACME", "1", date(2026, 1, 5), claims[:2])]))


def test_patient_data_is_read_by_segments_and_never_by_columns() -> None:
    text = write_835([PaymentSpec("ACME", "1", date(2026, 1, 5), (ClaimSpec(
        "A1", (LineSpec("97110", Decimal("100"), Decimal("80"), (("CO", "45", Decimal(20)),)),),
        patient=("DOE", "JOHN"), member_id="M123"),))])
    with mock.patch.object(column_reader, "read_columns",
                           side_effect=AssertionError("not for patient data")):
        asked = read_remittance(text, include_patient_data=True)
    assert asked.lines["patient_name"].tolist() == ["DOE JOHN"]
    by_columns = read_columns(text, "x.835")
    assert by_columns is not None
    shown = repr(_everything(by_columns))
    assert "DOE" not in shown and "JOHN" not in shown and "M123" not in shown
    assert by_columns.claims.column("patient_name") == [""]


def test_an_import_takes_the_column_reader(tmp_path: Path) -> None:
    path = tmp_path / "a.835"
    path.write_text(synthetic_835(2_000, seed=4))
    with mock.patch.object(parser, "parse_segments",
                           side_effect=AssertionError("read segment by segment")):
        imported = import_remittances([path])
    assert not imported.problems and len(imported.lines) > 200


#: Cases the strategies never generate (review of the column reader): each a change to GOOD.
#: Either reader may take the file; both must then give the same parse.
_UNGENERATED = [
    ("CLP*A1*1*100*80~", "CLP*A1*1*100*80~CAS*CO*45*5~"),  # CAS at claim and line level
    ("BPR*I*80*C~N1*PR*ACME~LX*1~CLP*A1*1*100*80~",  # and balanced
     "BPR*I*75*C~N1*PR*ACME~LX*1~CLP*A1*1*100*75~CAS*CO*45*5~"),
    ("SVC*HC:97110", "SVC*HC>97110"),  # another component separator in SVC01
    ("SVC*HC:97110*100*80**1", "SVC*HC:97110*100*80**1*HC>97112"),  # and in SVC06
    ("SVC*HC:97110*100*80**1", "SVC*HC:97110*100*80**1*HC:97112"),
    *((("CAS*CO*45*20~", f"CAS*CO*45*{amount}~")) for amount in (
        "-0", "20.", "+20", "020", "0020.00", "2.0E1", "2E+1", "20.000", " 20", "20 ", "1E1",
        "-0.00", "20.0000001", "２0")),
    *((("CLP*A1*1*100*80~NM1*QC*1*DOE*JOHN~SVC*HC:97110*100",
        f"CLP*A1*1*{amount}*80~NM1*QC*1*DOE*JOHN~SVC*HC:97110*{amount}"))
      for amount in ("100.", "+100", "1E2", "0100", "100.0", "1.0E2")),
    *((("SVC*HC:97110*100*80**1", f"SVC*HC:97110*100*80**{units}**{units}"))
      for units in ("-0", "1.", ".5", "+5", "1E0", "01", " 1", "1.000")),
    ("AMT*B6*80", "AMT*B6*.5"), ("AMT*B6*80", "AMT*B6*80~AMT*B6*70"), ("AMT*B6*80", "AMT*AU*X"),
    ("CLP*A1*1*100*80~", "CLP*A1*1*100*80~AMT*AU*X~"),
    ("DTM*472*20250301", "DTM*472*20250230"), ("DTM*472*20250301", "DTM*999*2025"),
    ("DTM*472*20250301", "DTM*472"), ("DTM*472*20250301", "DTM*151*20250305~DTM*472*20250301"),
    ("DTM*472*20250301", "DTM*472*20250301~DTM*150*20250302"),
    ("DTM*472*20250301", "DTM*232*20250301"),  # a claim's date in a line: not read
    ("CLP*A1*1*100*80~", "CLP*A1*1*100*80~DTM*036*2025~DTM*232*20250101~DTM*232*20250102~"),
    ("CLP*A1*1*100*80~", "CLP*A1*1*100*80~DTM*232*20250230~"),
    ("REF*6R*L1", "REF*6R*L1~REF*6R*L2"), ("REF*6R*L1", "REF*6R*"),
    ("REF*6R*L1", "REF*6R*L1^L2"),  # the repetition separator in an element
    ("CLP*A1*1*100*80~", "CLP*A1*1*100*80~REF*6R*Z~LQ*HE*N130~MOA***MA01~"),  # claim level
    ("AMT*B6*80", "AMT*B6*80~LQ*HE*N130~LQ*HE*M86~LQ*HE*"),
    ("REF*6R*L1", "ZZZ*1~REF*6R*L1"), ("REF*6R*L1", "ref*6R*L1"), ("REF*6R*L1", "N3*X"),
    ("REF*6R*L1", "TRN*1*2"), ("REF*6R*L1", "N1*PR*X"),  # unknown and header kinds in a line
    ("HC:97110", "HC:97110:GP:59:KX:AA:BB"), ("HC:97110", "hc:97110:gp"),
    ("HC:97110", "HC: 97110:GP "), ("HC:97110", "AD:XYZ"), ("HC:97110", ":97110"),
    ("CAS*CO*45*20~", "CAS*CO*45*10****45*10~"), ("CAS*CO*45*20~", "CAS*CO*45*20*****1~"),
    ("CAS*CO*45*20~", "CAS*CO*45*10**45*5**45*5***********~"), ("CAS*CO*45*20~", "CAS*CR*45*20~"),
    ("CLP*A1*1*100*80", "CLP*A1*1*100*80*0*12*99999999999999999999"),  # a very large count
    ("REF*6R*L1~", "REF*6R*L1~CLP*A1*1*100*80~SVC*HC:97110*100*80**1~CAS*CO*45*20~"),  # same id
    # a REF*6R's number is read after its head only with three elements: any other REF of a
    # line is split (more elements, another qualifier, one that starts like 6R, an empty one)
    ("REF*6R*L1", "REF*6R*L1*X"), ("REF*6R*L1", "REF*6R*L1~REF*EA*L9"),
    ("REF*6R*L1", "REF*EA*L9~REF*6R*L1~REF*6RX*L8"), ("REF*6R*L1", "REF*6R**L1"),
    ("REF*6R*L1", "REF*6R*6R*"), ("REF*6R*L1", "REF*6R*L1~REF*6R*L2*X~REF*6R*L3"),
]


@pytest.mark.parametrize("change", _UNGENERATED)
def test_cases_the_strategies_never_generate_read_alike(change: tuple[str, str]) -> None:
    good = ONE_CLAIM
    changed = good.replace(*change)
    assert changed != good
    _both_ways(changed)
    head, body, tail = changed.partition("ST*835*0001~")[0], "ST*835*0001~" + changed.partition(
        "ST*835*0001~")[2].partition("GE*")[0], "GE*" + changed.partition("GE*")[2]
    # several transactions in one GS, and two interchanges, the second with other separators
    _both_ways(head + body + body.replace("0001", "0002") + tail.replace("GE*1", "GE*2"))
    other = {"*": "|", ":": ">", "~": "\n"}
    _both_ways(changed + "".join(other.get(c, c) for c in changed))


@pytest.mark.parametrize("change", [
    ("DTM*472*20250301", "DTM*472*20250301~DTM*150*20250302"),
    ("DTM*472*20250301", "DTM*150*20250302~DTM*151*20250305"),
    ("DTM*472*20250301", "DTM*151*20250305~DTM*472*20250301~DTM*150*20250303"),
    ("CLP*A1*1*100*80~", "CLP*A1*1*100*80~DTM*232*20250101~DTM*233*20250102~DTM*050*20250103~"),
    ("REF*6R*L1", "REF*6R*L1~REF*EA*L9"), ("REF*6R*L1", "REF*EA*L9~REF*6R*L1~REF*6RX*L8"),
    ("REF*6R*L1", "REF*6R*L1*X"), ("REF*6R*L1", "REF*6R*L1~REF*6R*L2*X~REF*6R*L3"),
    ("REF*6R*L1", "REF*6R*L1~REF*6R*"), ("REF*6R*L1", "REF*6R*6R*~REF*6R*L2"),
    ("AMT*B6*80", "AMT*AU*70~AMT*B6*80"), ("AMT*B6*80", "AMT*B6*70~AMT*B6*80~AMT*AU*1"),
])
def test_line_dates_references_and_amounts_are_read_by_columns(change: tuple[str, str]) -> None:
    # with SE01 counted again, these files have no problem: the column reader reads them (the
    # qualifiers it tells of the distinct DTM and AMT texts, the REF*6R numbers after their
    # head), as the parser does
    changed = ONE_CLAIM.replace(*change)
    assert changed != ONE_CLAIM
    segments = [s.split("*") for s in changed.split("~")[:-1]]
    changed = "~".join("*".join(s) for s in _recount(segments)) + "~"  # type: ignore[arg-type]
    assert _both_ways(changed) is not None


@pytest.mark.parametrize("payer", ["ACME", "CLÍNICA"])  # found in the bytes, or as strings
@pytest.mark.parametrize("separator", ["*", "|"])
@pytest.mark.parametrize(("change", "by_columns"), [
    # a REF*6R number holding the component or repetition separator, or blanks, or a line
    # break the tokenizer drops: still three elements, read after the head
    (("REF*6R*L1", "REF*6R*L:1"), True), (("REF*6R*L1", "REF*6R*L^1^"), True),
    (("REF*6R*L1", "REF*6R* L1 "), True), (("REF*6R*L1", "RE\nF*6R\r\n*L1"), True),
    # a claim's REF*6R is not its line's control number
    (("NM1*QC*1*DOE*JOHN~", "NM1*QC*1*DOE*JOHN~REF*6R*C1~"), True),
    # ids like REF's that are not REF, a qualifier in lower case: whatever each reader makes
    # of them, they make the same
    (("REF*6R*L1", "ref*6R*L1"), False), (("REF*6R*L1", "REFX*6R*L1"), False),
    (("REF*6R*L1", "REF*6r*L1"), True), (("REF*6R*L1", "REF*6R*L1~SER*1"), False),
])
def test_references_of_any_shape_are_read_as_the_parser_reads_them(
        change: tuple[str, str], by_columns: bool, separator: str, payer: str) -> None:
    changed = ONE_CLAIM.replace(*change).replace("N1*PR*ACME", f"N1*PR*{payer}")
    assert changed != ONE_CLAIM
    segments = [s.split("*") for s in changed.split("~")[:-1]]
    changed = "~".join("*".join(s) for s in _recount(segments)) + "~"  # type: ignore[arg-type]
    read = _both_ways(changed.replace("*", separator))
    assert (read is not None) == by_columns


@pytest.mark.parametrize("ids", [("A1", ""), ("", "A2"), ("A1", "A1")])
def test_a_claim_without_an_id_among_others_is_left_to_the_parser(ids: tuple[str, str]) -> None:
    # two claims, the payment their sum, SE01 counted again: the file's one problem (if any) is
    # a claim id left empty, which the reader must find among written ones, not only alone
    start, end = ONE_CLAIM.index("CLP*"), ONE_CLAIM.index("SE*")
    claim = ONE_CLAIM[start:end]
    changed = (ONE_CLAIM[:start] + claim.replace("CLP*A1*", f"CLP*{ids[0]}*")
               + claim.replace("CLP*A1*", f"CLP*{ids[1]}*") + ONE_CLAIM[end:])
    changed = changed.replace("BPR*I*80*C", "BPR*I*160*C")
    segments = [s.split("*") for s in changed.split("~")[:-1]]
    changed = "~".join("*".join(s) for s in _recount(segments)) + "~"  # type: ignore[arg-type]
    read = _both_ways(changed)
    problems = parse_segments(changed, "x.835").problems
    assert (read is None) == bool(problems) == ("" in ids)


def _bad_amount_near_the_end() -> str:
    text = synthetic_835(5_000, seed=1)
    at = text.rfind("CAS*", 0, len(text) - 500)
    end = text.find("*", text.find("*", at + 4) + 1)
    return text[:end + 1] + "X" + text[end + 1:]  # an unreadable CAS amount


def test_a_bad_amount_declines_before_the_columns_and_the_file_is_split_once() -> None:
    # a file with a problem is read twice: the column reader's attempt stops at the distinct
    # SVC and CAS texts, before it reads any column, and the parser reads the segments it split
    # (no second tokenizing)
    bad = _bad_amount_near_the_end()
    with mock.patch.object(column_reader._Reader, "read",
                           side_effect=AssertionError("columns read")):
        assert read_columns(bad, "x.835") is None
    with mock.patch.object(parser, "parse_segments",
                           side_effect=AssertionError("split again")):
        by_columns_first = parse_text(bad, "x.835")
    assert by_columns_first.problems
    assert _everything(by_columns_first) == _everything(parse_segments(bad, "x.835"))


@pytest.mark.parametrize("glued", ["REF*6R*ZZPATDOEL1", "CLP*ZZPATDOE*1*10*8", "CLP*ZZPATDOE"])
def test_a_claim_id_glued_to_a_claim_is_not_in_its_text(glued: str) -> None:
    # a claim without lines: its CLP's text is its line's; a REF*6R or a CLP glued on at a lost
    # terminator held the clinic's ids, made of the name, and the text kept them as written
    text = interchange(transaction("0001", *header("80"), f"CLP*A1*1*100*80**12*PCN1{glued}",
                                   "CAS*CO*45*20"))
    by_columns = _both_ways(text)
    assert by_columns is not None  # the column reader's own path, not its fallback
    [line_text] = by_columns.lines.column("text")
    assert line_text.startswith("CLP*<claim id>*1*100*80**12*PCN1")
    assert "ZZPATDOE" not in line_text



@pytest.mark.parametrize("change", [
    ("REF*6R*L1~", "REF*6R*L1~CLP**1*100*80~SVC*HC:97110*100*80**1~CAS*CO*45*20~"),
    ("LX*1~CLP*A1", "LX*1~CLP**1*100*80~SVC*HC:97110*100*80**1~CAS*CO*45*20~CLP*A1"),
])
def test_one_claim_without_an_id_among_others_is_declined(change: tuple[str, str]) -> None:
    # SE01 counted again and BPR02 the two claims' $160, so the only problem is the one claim
    # with no id (CLP01 empty) beside a claim with one: the column reader declines the file
    changed = ONE_CLAIM.replace(*change).replace("BPR*I*80*C", "BPR*I*160*C")
    assert changed.count("~CLP*") == 2 and "BPR*I*160*C" in changed
    segments = [s.split("*") for s in changed.split("~")[:-1]]
    changed = "~".join("*".join(s) for s in _recount(segments)) + "~"  # type: ignore[arg-type]
    assert _both_ways(changed) is None
    assert [(p.location.column, p.rule) for p in parse_segments(changed, "x.835").problems] == [
        ("CLP01", "CLP01 claim id is missing; claim kept")]
