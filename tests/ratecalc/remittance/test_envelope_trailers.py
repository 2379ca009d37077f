"""The envelope's trailers (SE, GE, IEA): a file cut short is refused, a count or control
number that does not match is named; both readers alike.

X12's envelope: an interchange (ISA ... IEA) holds functional groups (GS ... GE), which hold
transaction sets (ST ... SE). IEA01 counts the groups and IEA02 repeats ISA13; GE01 counts the
sets and GE02 repeats GS06. A file whose last interchange had no IEA (a download that stopped
early) imported without a word, and no count or control number of GE or IEA was read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.remittance import read_remittance
from ratecalc.remittance.column_reader import read_columns
from ratecalc.remittance.parser import ParsedFile, parse_segments, parse_text

from .x12 import ISA, header, interchange, transaction

FIRST = transaction("0001", *header("10"), "CLP*A1*1*10*10**12*P1", "SVC*HC:97110*10*10**1")
SECOND = transaction("0002", *header("20"), "CLP*A2*1*20*20**12*P2", "SVC*HC:97110*20*20**1")
#: ISA 1, GS 2, FIRST 3-11, SECOND 12-20 (its SE 20), GE 21, IEA 22
WHOLE = interchange(FIRST, SECOND)
READERS = ["segments", "columns first"]


def _read(text: str, read: str) -> ParsedFile:
    """The parse segment by segment, or as an import reads it: a column at a time first."""
    return (parse_segments(text, "cut.835") if read == "segments"
            else parse_text(text, "cut.835"))


def _upto(segment: str) -> str:
    """WHOLE cut just before ``segment`` (its first occurrence)."""
    return WHOLE[: WHOLE.index(segment)]


#: Where the file stops -> (its last segment, the trailers expected, in the rule's words).
CUT = {
    "no IEA": (_upto("IEA*"), 21, "IEA",
               "the IEA closing the interchange of segment 1"),
    "no GE": (_upto("GE*"), 20, "GE",
              "the GE closing the functional group of segment 2, then the IEA closing the "
              "interchange of segment 1"),
    "no SE": (_upto("SE*9*0002"), 19, "SE",
              "the SE closing transaction '0002' (its ST is segment 12), then the GE closing the "
              "functional group of segment 2, then the IEA closing the interchange of segment "
              "1"),
    "in a segment": (_upto("SVC*HC:97110*20") + "SVC*HC:97", 19, "SE",
                     "the SE closing transaction '0002' (its ST is segment 12), then the GE "
                     "closing the functional group of segment 2, then the IEA closing the "
                     "interchange of segment 1"),
}


@pytest.mark.parametrize("case", sorted(CUT))
@pytest.mark.parametrize("read", READERS)
def test_a_file_cut_short_is_refused_naming_what_was_expected(case: str, read: str) -> None:
    text, last, column, expected = CUT[case]
    parsed = _read(text, read)
    assert [(p.severity, p.message) for p in parsed.problems] == [(
        "error",
        f"Remittance 'cut.835', segment {last}, column '{column}': the file ends at segment "
        f"{last} without {expected}: it was cut short (a download or copy that stopped "
        "early), and a payment in it may be missing or incomplete; the file was not imported "
        "(get the whole file again)")]
    assert len(parsed.claims) == 0 and len(parsed.lines) == 0
    assert not parsed.transactions
    assert read_columns(text, "cut.835") is None  # left to the parser, which refuses it


def test_a_cut_file_is_not_imported() -> None:
    result = read_remittance(_upto("IEA*"), "cut.835")
    assert result.not_imported == ("cut.835",)
    assert not result.succeeded


@pytest.mark.parametrize("read", READERS)
def test_the_whole_file_has_no_problem(read: str) -> None:
    parsed = _read(WHOLE, read)
    assert parsed.problems == ()
    assert len(parsed.claims) == 2
    assert read_columns(WHOLE, "cut.835") is not None


#: A trailer changed -> (its segment, column, the warning's rule).
MISMATCHED = {
    "GE01": (("GE*2*1", "GE*3*1"), 21, "GE01",
             "GE01 says the functional group has 3 transaction sets, counted 2"),
    "GE02": (("GE*2*1", "GE*2*7"), 21, "GE02", "GE02 does not match GS06 '1'"),
    "IEA01": (("IEA*1*000000001", "IEA*2*000000001"), 22, "IEA01",
              "IEA01 says the interchange has 2 functional groups, counted 1"),
    "IEA02": (("IEA*1*000000001", "IEA*1*000000009"), 22, "IEA02",
              "IEA02 does not match ISA13 '000000001'"),
}


@pytest.mark.parametrize("case", sorted(MISMATCHED))
@pytest.mark.parametrize("read", READERS)
def test_a_trailer_that_does_not_match_its_header_is_a_warning(case: str, read: str) -> None:
    (old, new), segment, column, rule = MISMATCHED[case]
    text = WHOLE.replace(old, new)
    parsed = _read(text, read)
    assert [(p.location.segment, p.location.column, p.severity, p.rule)
            for p in parsed.problems] == [(segment, column, "warning", rule)]
    assert parsed.problems[0].value == new  # counts and control numbers are no one's data
    # every payment is whole and balanced: all of them imported
    assert [t.control_number for t in parsed.transactions] == ["0001", "0002"]
    assert len(parsed.claims) == 2
    assert read_columns(text, "cut.835") is None  # a problem: the parser's


def test_control_numbers_are_compared_as_numbers() -> None:
    """IEA02 and ISA13 are both nine digits; GE02 and GS06 up to nine: '000000001' is 1."""
    text = WHOLE.replace("GE*2*1", "GE*2*000000001")
    assert parse_segments(text).problems == ()


def test_a_second_group_is_counted_in_its_interchange() -> None:
    def gs(control: str) -> str:
        return f"GS*HP*PAYER*CLINIC*20250301*1200*{control}*X*005010X221A1"

    text = "~\n".join([ISA, gs("1"), *FIRST, "GE*1*1", gs("2"), *SECOND, "GE*1*2",
                       "IEA*2*000000001"]) + "~\n"
    parsed = parse_segments(text)
    assert parsed.problems == ()
    assert len(parsed.claims) == 2
    # the same file whose IEA counted one group
    assert [p.rule for p in parse_segments(text.replace("IEA*2", "IEA*1")).problems] == [
        "IEA01 says the interchange has 1 functional group, counted 2"]


def test_the_trailers_of_each_interchange_are_checked() -> None:
    second = WHOLE.replace(ISA, ISA.replace("000000001", "000000002")).replace(
        "IEA*1*000000001", "IEA*1*000000001")  # the second's IEA02 names the first
    parsed = parse_segments(WHOLE + second)
    assert [(p.location.segment, p.rule) for p in parsed.problems] == [
        (44, "IEA02 does not match ISA13 '000000002'")]


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "x12_835"


@pytest.mark.parametrize("path", sorted(
    p for p in SAMPLES.rglob("*") if p.suffix in (".835", ".txt") and "LICENSE" not in p.name),
    ids=lambda p: p.name)
def test_the_public_samples_are_whole_and_read_alike(path: Path) -> None:
    # every sample ends with its trailers: none is cut short; one of them, tigershark's second
    # example, has two transaction sets and GE01 1 (a warning: its payments are imported)
    text = path.read_text()
    by_segments, first = parse_segments(text, path.name), parse_text(text, path.name)
    assert by_segments.problems == first.problems
    rules = [p.rule for p in by_segments.problems]
    assert not any("cut short" in rule for rule in rules)
    trailers = [rule for rule in rules if rule.startswith(("GE0", "IEA0"))]
    assert trailers == (["GE01 says the functional group has 1 transaction set, counted 2"]
                        if path.name == "835-example-2.txt" else [])
    assert len(by_segments.transactions) >= 1


#: A group's GS or GE lost inside a whole file -> (segment, column, the warning's rule).
UNPAIRED = {
    "no GE before the IEA": (("GE*2*1~\n", ""), 21, "IEA",
                             "interchange ended inside the functional group of segment 2 (no "
                             "GE)"),
    "no GS before the GE": (("GS*HP*PAYER*CLINIC*20250301*1200*1*X*005010X221A1~\n", ""), 20,
                            "GE", "GE without a GS before it"),
    "a GS before the GE": (("SE*9*0001~\n", "SE*9*0001~\nGS*HP*P*C*20250301*1200*2*X~\n"), 12,
                           "GS", "a new functional group (GS) before the GE closing the group "
                                 "of segment 2"),
}


@pytest.mark.parametrize("case", sorted(UNPAIRED))
@pytest.mark.parametrize("read", READERS)
def test_a_group_without_its_gs_or_ge_is_a_warning(case: str, read: str) -> None:
    (old, new), segment, column, rule = UNPAIRED[case]
    text = WHOLE.replace(old, new, 1)
    parsed = _read(text, read)
    found = [(p.location.segment, p.location.column, p.severity, p.rule)
             for p in parsed.problems]
    assert (segment, column, "warning", rule) in found, found
    assert all(severity == "warning" for _, _, severity, _ in found)
    assert len(parsed.claims) == 2


#: What a sender's system may leave after a file's last IEA -> the file's text.
AFTER_THE_IEA = {
    "a second terminator": WHOLE.rstrip() + "~",
    "a terminator on a line of its own": WHOLE + "~\r\n",
    "an end-of-file mark (Ctrl-Z)": WHOLE + "\x1a",
    "a terminator, then an end-of-file mark": WHOLE.rstrip() + "~\x1a",
    "a terminator between two interchanges": WHOLE.rstrip() + "~" + WHOLE.replace(
        "000000001", "000000002"),
}


@pytest.mark.parametrize("case", sorted(AFTER_THE_IEA))
@pytest.mark.parametrize("read", READERS)
def test_a_terminator_or_end_of_file_mark_after_the_iea_is_no_segment(
        case: str, read: str) -> None:
    # The file was refused whole as "expected an X12 file starting with an ISA (or ST)
    # segment", naming segment 1 and quoting its ISA: what followed the IEA was read as a
    # file of its own without an envelope. A file whose trailers are all there was not cut.
    text = AFTER_THE_IEA[case]
    parsed = _read(text, read)
    assert parsed.problems == ()
    interchanges = 2 if "two interchanges" in case else 1
    assert len(parsed.claims) == 2 * interchanges
    assert [t.control_number for t in parsed.transactions] == ["0001", "0002"] * interchanges


@pytest.mark.parametrize("read", READERS)
def test_text_after_the_iea_is_still_refused(read: str) -> None:
    # Text that is no X12 segment after the last IEA is no layout: the file is refused as before
    parsed = _read(WHOLE + "Page 2 of 2\n", read)
    assert [p.severity for p in parsed.problems] == ["error"]
    assert "the file was not imported" in parsed.problems[0].rule
    assert len(parsed.claims) == 0


#: Text after an IEA that is no segment -> (the file, its segment, its line, the IEA's segment).
STRAY = {
    "after the last IEA": (WHOLE + "Page 2 of 2\n", 23, 23, 22),
    "between two interchanges": (
        WHOLE + "Page 1 of 2\n" + WHOLE.replace("000000001", "000000002"), 23, 23, 22),
    "after an IEA on one line": (WHOLE.replace("~\n", "~") + "\r\nPage 2 of 2", 23, 2, 22),
    "after a terminator again": (WHOLE.rstrip() + "~\n\nPage 2 of 2", 23, 24, 22),
}


@pytest.mark.parametrize("case", sorted(STRAY))
@pytest.mark.parametrize("read", READERS)
def test_text_after_the_iea_is_refused_naming_where_it_is(case: str, read: str) -> None:
    # It was refused naming segment 1 and quoting the file's ISA ("expected an X12 file
    # starting with an ISA (or ST) segment"): the stray text, a page's footer here, was not
    # named, and in a long file could not be found.
    text, segment, line, iea = STRAY[case]
    parsed = _read(text, read)
    assert [(p.location.segment, p.severity, p.rule) for p in parsed.problems] == [(
        segment, "error",
        f"the text after the IEA of segment {iea} (line {line} of the file) is no X12 "
        "segment: expected an ISA (or ST) segment starting another interchange, or the end "
        "of the file; the file was not imported")]
    # its start is quoted as any text that may hold a name: shown only when asked
    assert parsed.problems[0].value == "<not shown> <not shown> <not shown> <not shown>"
    asked = parse_segments(text, "cut.835", include_patient_data=True)
    assert asked.problems[0].value == ("Page 1 of 2" if "1 of 2" in text else "Page 2 of 2")
    assert len(parsed.claims) == 0
    assert read_columns(text, "cut.835") is None


@pytest.mark.parametrize("blank", ["\x0c", "\x1f", "\x85", "\xa0", "\u3000", "\u2028",
                                   "\x0c" + " " * 30 + "Page 2 of 2"])
@pytest.mark.parametrize("read", READERS)
def test_text_blank_to_python_after_the_iea_is_refused_not_raised(read: str, blank: str) -> None:
    # Blank to str.strip, but no blank the tokenizer passes over (a printer's form feed, a
    # no-break space, NEL read as Latin-1): its first line to quote was none, and the import
    # raised IndexError. (A form feed then 30 spaces: the 20 characters quoted are blank.)
    for asked in (False, True):
        parsed = (parse_segments(WHOLE + blank, "cut.835", include_patient_data=asked)
                  if read == "segments" else parse_text(WHOLE + blank, "cut.835",
                                                        include_patient_data=asked))
        assert [(p.location.segment, p.severity, p.rule) for p in parsed.problems] == [(
            23, "error",
            "the text after the IEA of segment 22 (line 23 of the file) is no X12 segment: "
            "expected an ISA (or ST) segment starting another interchange, or the end of the "
            "file; the file was not imported")]
        assert len(parsed.claims) == 0


@pytest.mark.parametrize("read", READERS)
def test_a_segment_cut_after_the_iea_is_refused_naming_it(read: str) -> None:
    # A segment without its terminator after the IEA: the start of another interchange cut
    text = WHOLE + "ST*835*0003"
    parsed = _read(text, read)
    assert [(p.location.segment, p.rule) for p in parsed.problems] == [(
        23, "the text after the IEA of segment 22 (line 23 of the file) is no X12 segment: "
            "expected a segment terminator after the first segment; the file was not "
            "imported")]


def test_a_file_without_an_isa_is_still_refused_at_its_first_segment() -> None:
    # no IEA before the text: the file itself is no X12, as before
    parsed = parse_segments("Page 2 of 2\n", "cut.835")
    assert [(p.location.segment, p.rule) for p in parsed.problems] == [(
        1, "expected an X12 file starting with an ISA (or ST) segment; the file was not "
           "imported")]


#: A transaction set that is no 835 (an 837) without its SE; GE01 counts it.
CLAIM_837 = ["ST*837*0003", "BHT*0019*00*1*20250301*1200*CH", "NM1*41*2*CLINIC*****46*1"]
#: ISA 1, GS 2, FIRST 3-11, SECOND 12-20, the 837 21-23, GE 24, IEA 25
WITH_837 = WHOLE.replace("GE*2*1", "~\n".join([*CLAIM_837, "GE*3*1"]))


@pytest.mark.parametrize("read", READERS)
def test_a_skipped_set_without_its_se_is_named_at_the_iea(read: str) -> None:
    # It was warned "interchange ended inside the functional group of segment 2 (no GE)":
    # the GE was there, read as a piece of the skipped set; its SE was what was missing.
    parsed = _read(WITH_837, read)
    assert [(p.location.segment, p.location.column, p.severity, p.rule)
            for p in parsed.problems] == [
        (21, "ST01", "warning", "transaction set '837' is not an 835 remittance; skipped up "
                                "to its SE"),
        (25, "IEA", "warning", "interchange ended inside transaction set '837' (its ST is "
                               "segment 21) without its SE; the set was skipped, as a set "
                               "that is not an 835 is")]
    assert len(parsed.claims) == 2


@pytest.mark.parametrize("read", READERS)
def test_the_ge_after_a_skipped_set_without_its_se_is_checked(read: str) -> None:
    parsed = _read(WITH_837.replace("GE*3*1", "GE*2*1"), read)
    assert [(p.location.segment, p.rule) for p in parsed.problems][1:] == [
        (24, "GE01 says the functional group has 2 transaction sets, counted 3"),
        (25, "interchange ended inside transaction set '837' (its ST is segment 21) without "
             "its SE; the set was skipped, as a set that is not an 835 is")]


@pytest.mark.parametrize("read", READERS)
def test_a_skipped_set_without_its_se_or_ge_names_both(read: str) -> None:
    parsed = _read(WITH_837.replace("GE*3*1~\n", ""), read)
    assert [(p.location.segment, p.rule) for p in parsed.problems][1:] == [
        (24, "interchange ended inside transaction set '837' (its ST is segment 21) without "
             "its SE; the set was skipped, as a set that is not an 835 is"),
        (24, "interchange ended inside the functional group of segment 2 (no GE)")]


#: ST*835 ... SE, then GS, then an ST, without the trailers after them -> (the file, its last
#: segment, the column, the trailers expected).
CUT_WITHOUT_ISA = {
    "a GS without its GE": (
        "~\n".join(["GS*HP*PAYER*CLINIC*20250301*1200*1*X*005010X221A1", *FIRST]) + "~\n", 10,
        "GE", "the GE closing the functional group of segment 1"),
    "a skipped set without its SE": (
        "~\n".join([*FIRST, *CLAIM_837]) + "~\n", 12, "SE",
        "the SE closing transaction set '837' (its ST is segment 10)"),
    "a GS and a skipped set": (
        "~\n".join(["GS*HP*PAYER*CLINIC*20250301*1200*1*X*005010X221A1", *FIRST, *CLAIM_837])
        + "~\n", 13, "SE",
        "the SE closing transaction set '837' (its ST is segment 11), then the GE closing the "
        "functional group of segment 1"),
    "an interchange ending in a skipped set": (
        WITH_837[:WITH_837.index("GE*")], 23, "SE",
        "the SE closing transaction set '837' (its ST is segment 21), then the GE closing the "
        "functional group of segment 2, then the IEA closing the interchange of segment 1"),
}


@pytest.mark.parametrize("case", sorted(CUT_WITHOUT_ISA))
@pytest.mark.parametrize("read", READERS)
def test_a_file_ending_in_a_group_or_skipped_set_is_cut_short(case: str, read: str) -> None:
    # A file without an ISA whose GS had no GE, or whose last ST (not an 835's) had no SE,
    # imported without a word about it; an interchange ending in a skipped set named its GE and
    # IEA only. Each ends inside its envelope, as a file without its last SE does.
    text, last, column, expected = CUT_WITHOUT_ISA[case]
    parsed = _read(text, read)
    assert [(p.location.segment, p.location.column, p.severity, p.rule)
            for p in parsed.problems] == [(
        last, column, "error",
        f"the file ends at segment {last} without {expected}: it was cut short (a download or "
        "copy that stopped early), and a payment in it may be missing or incomplete; the file "
        "was not imported (get the whole file again)")]
    assert len(parsed.claims) == 0


#: An IEA with no interchange open -> the file (its IEA's segment in the rule's place).
IEA_WITHOUT_ISA = {
    "a file without an ISA": ("~\n".join([*FIRST, "IEA*1*000000001"]) + "~\n", 10),
    "a group without an ISA": ("~\n".join(["GS*HP*PAYER*CLINIC*20250301*1200*1*X*005010X221A1",
                                           *FIRST, "GE*1*1", "IEA*1*000000001"]) + "~\n", 12),
    "after an interchange's IEA": (WHOLE + "~\n".join([*SECOND, "IEA*1*000000001"]) + "~\n",
                                   32),
}


@pytest.mark.parametrize("case", sorted(IEA_WITHOUT_ISA))
@pytest.mark.parametrize("read", READERS)
def test_an_iea_without_its_isa_is_a_warning(case: str, read: str) -> None:
    # It was never checked (no interchange open): nothing was said, where a GE without its GS
    # is named
    text, segment = IEA_WITHOUT_ISA[case]
    parsed = _read(text, read)
    found = [(p.location.segment, p.location.column, p.severity, p.rule)
             for p in parsed.problems]
    assert found[-1] == (segment, "IEA", "warning", "IEA without an ISA before it"), found
    assert all(severity == "warning" for _, _, severity, _ in found)
    assert len(parsed.claims) == (3 if "interchange's" in case else 1)


@pytest.mark.parametrize("read", READERS)
def test_a_skipped_set_without_its_se_before_a_new_st_is_a_warning(read: str) -> None:
    # ISA 1, GS 2, FIRST 3-11, the 837 12-14, SECOND 15-23, GE 24, IEA 25: SECOND was read as a
    # new set without a word of the 837's lost SE
    text = WHOLE.replace("ST*835*0002", "~\n".join([*CLAIM_837, "ST*835*0002"])).replace(
        "GE*2*1", "GE*3*1")
    parsed = _read(text, read)
    assert [(p.location.segment, p.location.column, p.severity, p.rule)
            for p in parsed.problems] == [
        (12, "ST01", "warning", "transaction set '837' is not an 835 remittance; skipped up "
                                "to its SE"),
        (15, "ST", "warning", "new transaction set (ST) before the SE of transaction set "
                              "'837' (its ST is segment 12); the set was skipped, as a set "
                              "that is not an 835 is")]
    assert [t.control_number for t in parsed.transactions] == ["0001", "0002"]
    assert len(parsed.claims) == 2


#: What follows an IEA, starting with an ISA whose delimiters cannot be read -> the rule's end.
BAD_ISA = {
    # ISA16 and the terminator read from the next segment, "ST*835*0001"
    "a separator missing": (ISA.replace("*00*", "*", 1) + "~\n" + "~\n".join(FIRST) + "~\n",
                            "expected distinct non-alphanumeric separators, got element '*', "
                            "component (ISA16) '8', terminator '3'"),
    "cut short": ("ISA*00*x~\n", "expected 16 elements separated by '*'"),
}


@pytest.mark.parametrize("case", sorted(BAD_ISA))
@pytest.mark.parametrize("read", READERS)
def test_a_malformed_isa_after_an_iea_is_named_where_it_is(case: str, read: str) -> None:
    # It was refused as the file's segment 1, quoting the file's first ISA, which is whole
    after, rule = BAD_ISA[case]
    parsed = _read(WHOLE + after, read)
    assert [(p.location.segment, p.location.column, p.severity, p.rule)
            for p in parsed.problems] == [(
        23, "ISA", "error", f"the ISA after the IEA of segment 22 (line 23 of the file) starts "
                            f"no interchange: {rule}; the file was not imported")]
    assert len(parsed.claims) == 0
