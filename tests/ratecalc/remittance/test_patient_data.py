"""Patient names and ids never reach a message unless asked (``--include-patient-data``).

An 835 names the patient and the insured; a problem quotes the segment it is about. Each kind of
malformed segment that gets quoted is written here by hand around a patient segment, and the
message (stderr of the command, the ``--json`` run, ``Problem.as_dict()`` as the workbook's
Problems sheet gets it) must not hold the name or the member id, and must still name the segment.
"""

from __future__ import annotations

import json
import string
from dataclasses import replace
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.remittance import import_remittances, read_remittance
from ratecalc.remittance.patient_data import checked_segment, shown_elements, shown_segment
from ratecalc.remittance.synthetic import segments_835, serialize
from ratecalc_cli.main import ExitCode, main

from .strategies import payments
from .x12 import ISA, header, interchange, transaction

LAST, FIRST, MEMBER = "ZZPATDOE", "JOHNATHAN", "MEMBER123XYZ"
SECRETS = (LAST, FIRST, MEMBER, "19800101")  # the last: a DMG02 birth date
PATIENT = f"NM1*QC*1*{LAST}*{FIRST}****MI*{MEMBER}"
CLAIM = ("CLP*A1*1*100*80**12*PCN1", "SVC*HC:97110*100*80**1", "CAS*CO*45*20")


def _file(*claim_segments: str) -> str:
    return interchange(transaction("0001", *header("80"), *claim_segments))


#: name -> (835 text, segment number quoted, what the message still names)
MALFORMED = {
    # a separator lost after the segment id: the id cannot be read
    "id without separator": (_file(*CLAIM[:1], f"NM1QC*1*{LAST}*{FIRST}****MI*{MEMBER}",
                                   *CLAIM[1:]), 10, "segment id 'NM1<not shown>'"),
    # another interchange's separator: one unreadable id
    "wrong separator": (_file(*CLAIM[:1], PATIENT.replace("*", "|"), *CLAIM[1:]), 10,
                        "NM1|<not shown>|"),
    # the terminator before the patient segment lost: the claim does not balance and is quoted
    "claim glued to the patient": (
        _file(f"{CLAIM[0]}{PATIENT}", CLAIM[1]), 9, "CLP*<claim id>*1*100*80**12*PCN1NM1*QC*"),
    # the terminator lost the other way: the amount is not a number, and CAS04 on is the patient
    "adjustment glued to the patient": (
        _file(*CLAIM[:2], f"CAS*CO*45*20{PATIENT}"), 11, "CAS03 amount '20NM1' of adjustment"),
    # a REF*6R or the next claim's CLP glued on: the clinic's line and claim ids, as often made
    # of the patient's name, were quoted after them ('...PCN1**1REF*6R*ZZPATDOEL1')
    "line control number glued to the claim": (
        _file(f"CLP*A1*1*100*70**12*PCN1**1REF*6R*{LAST}L1", *CLAIM[1:]), 9,
        "CLP*<claim id>*1*100*70**12*PCN1**1REF*6R*<patient data>'"),
    "next claim glued to the claim": (
        _file(f"CLP*A1*1*100*70**12*PCN1CLP*{LAST}*1*100*80", *CLAIM[1:]), 9,
        "CLP*<claim id>*1*100*70**12*PCN1CLP*<patient data>*<patient data>*<patient data>*"),
    # a patient's N1 (an 835's N1 names payer and payee; a patient's names a person as NM1
    # does) glued on: the name after it was quoted ('...PCN1**1N1*QC*ZZPATDOE JOHNATHAN')
    "patient N1 glued to the claim": (
        _file(f"CLP*A1*1*100*70**12*PCN1**1N1*QC*{LAST} {FIRST}*MI*{MEMBER}", *CLAIM[1:]), 9,
        "CLP*<claim id>*1*100*70**12*PCN1**1N1*QC*<patient data>*<patient data>*"
        "<patient data>'"),
    # a segment an 835 does not define (from an 837): every value hidden
    "birth date": (_file(*CLAIM, "DMG*D8*19800101*M", f"REF*1W*{MEMBER}"), 12,
                   "unexpected segment 'DMG'"),
    # a person's REF inside an unreadable segment
    "member id reference": (_file(*CLAIM, f"REF1W*{MEMBER}*{LAST}"), 12, "segment id 'REF"),
    # a segment split inside the name: pieces of it as segments of their own
    "split name": (_file(*CLAIM, f"NM1*QC*1*{LAST}~{FIRST}*X*MI*{MEMBER}"), 13,
                   "segment id '<not shown>'"),
    # a piece of a split name with the form of a segment where none can be: its values hidden
    "split name read as a new transaction": (
        _file(*CLAIM, f"NM1*QC*1*{LAST}~ST*{FIRST}"), 13,
        "transaction set '<not shown>' is not an 835"),
    # ... or where its kind can be, failing its first check: no code, so no value quoted
    "split name read as an adjustment": (
        _file(*CLAIM, f"NM1*QC*1*{LAST}~CAS*{FIRST}****MI*{MEMBER}"), 13,
        "CAS01 '<not shown>' is not an adjustment group"),
    "split name read as a service line": (
        _file(*CLAIM, f"NM1*QC*1*{LAST}~SVC*{FIRST}*X*MI*{MEMBER}"), 13,
        "SVC01 procedure '<not shown>' is not 'qualifier:code'"),
    "split name read as a payment header": (
        _file(*CLAIM, f"NM1*QC*1*{LAST}~BPR*{FIRST}*{MEMBER}"), 13, "BPR inside a claim"),
    "split name read as an SE": (
        interchange(transaction("0001", *header("80"), *CLAIM), [f"SE*{FIRST}*{MEMBER}"]), 13,
        "SE without an ST before it, got 'SE*<not shown>*<not shown>'"),
    # ... or passing its first check and failing a later one: only values of the form their
    # position expects (a code, a date, an amount) are quoted
    **{f"split name read as {what}": (text, segment, named) for what, (text, segment, named) in {
        "a claim date": (_file(CLAIM[0], f"NM1*QC*1*{LAST}~DTM*232*{FIRST}", *CLAIM[1:]), 11,
                         "DTM02 '<not shown>' is not a date (CCYYMMDD)"),
        "a service date": (_file(*CLAIM[:2], f"NM1*QC*1*{LAST}~DTM*472*{FIRST}", CLAIM[2]), 12,
                           "DTM02 '<not shown>' is not a date (CCYYMMDD)"),
        "an allowed amount": (_file(*CLAIM[:2], f"NM1*QC*1*{LAST}~AMT*B6*{FIRST}", CLAIM[2]), 12,
                              "AMT02 allowed amount '<not shown>' is not a number"),
        "a claim": (_file(*CLAIM, f"NM1*QC*1*{LAST}~CLP*{FIRST}*{MEMBER}"), 13,
                    "CLP02 claim status '<not shown>' is not an 835 status code"),
        "claim amounts": (_file(*CLAIM, f"NM1*QC*1*{LAST}~CLP*A2*1*{FIRST}*{MEMBER}"), 13,
                          "CLP03 claim charge '<not shown>' is not a number"),
        "line amounts": (_file(*CLAIM, f"NM1*QC*1*{LAST}~SVC*HC:97110*{FIRST}*{MEMBER}"), 13,
                         "SVC02 line charge '<not shown>' is not a number"),
        "a procedure": (_file(*CLAIM, f"NM1*QC*1*{LAST}~SVC*HC-{FIRST}*100*80"), 13,
                        "SVC01 procedure '<not shown>' is not 'qualifier:code'"),
        "an adjustment reason": (_file(*CLAIM, f"NM1*QC*1*{LAST}~CAS*CO*{FIRST}*{MEMBER}"), 13,
                                 "CAS03 amount '<not shown>' of adjustment CO-<not shown> is"),
        # a reason that is no code beside an amount that is one: the amount is kept (the
        # line balances with it), the reason was written to the tables as read
        "an adjustment reason with its amount": (
            _file(*CLAIM, f"NM1*QC*1*{LAST}~CAS*CO*{FIRST}*20"), 13,
            "CAS02 '<not shown>' is not an adjustment reason code"),
        # a remark that is no remark code: written to the lines' remarks as read, unchecked
        "a remark": (_file(*CLAIM, f"NM1*QC*1*{LAST}~LQ*HE*{FIRST}"), 13,
                     "LQ02 '<not shown>' is not a remark code"),
        "a transaction trailer": (_file(*CLAIM, f"NM1*QC*1*{LAST}~SE*12*{FIRST}"), 13,
                                  "SE02 does not match ST02 '0001', got 'SE*12*<not shown>'"),
        "an interchange header": (_file(*CLAIM, f"NM1*QC*1*{LAST}~ISA*{FIRST}"), 13,
                                  "got 'ISA*<not shown>'"),
        "an interchange trailer": (_file(*CLAIM, f"NM1*QC*1*{LAST}~IEA*{FIRST}"), 13,
                                   "interchange ended inside transaction '0001'"),
        "a provider adjustment": (
            _file(*CLAIM, f"NM1*QC*1*{LAST}~PLB*{FIRST}*{LAST}*{MEMBER}*{FIRST}"), 13,
            "PLB04 amount '<not shown>' of provider adjustment '<not shown>' is not a number"),
    }.items()},
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_problems_do_not_quote_patient_data(name: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    text, segment, named = MALFORMED[name]
    path = tmp_path / "phi.835"
    path.write_text(text)
    for argv in ([], ["--json"]):
        main(["import", "remittances", str(path), *argv])
        out, err = capsys.readouterr()
        assert f"segment {segment}" in err
        assert named in err
        for secret in SECRETS:
            assert secret not in err
            assert secret not in out
    problems = [p.as_dict() for p in import_remittances([path]).problems]
    assert any(p["segment"] == segment and named in str(p["message"]) for p in problems)
    assert not any(secret in json.dumps(problems) for secret in SECRETS)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_outputs_do_not_hold_patient_data(name: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The --out tables and the --json summary: a piece of a name read as a claim (its CLP01)
    or as a procedure code (SVC*HC-NAME) was written as data."""
    text, _, _ = MALFORMED[name]
    path = tmp_path / "phi.835"
    path.write_text(text)
    out_file = tmp_path / "lines.csv"
    main(["import", "remittances", str(path), "--out", str(out_file), "--json"])
    printed, err = capsys.readouterr()
    written = [p.read_text() for p in sorted(tmp_path.glob("lines*.csv"))]
    assert len(written) == 3  # lines, provider adjustments, adjustments
    for secret in SECRETS:
        assert not any(secret in output for output in (printed, err, *written))


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_asked_for_patient_data_is_quoted_as_read(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, segment, _ = MALFORMED[name]
    path = tmp_path / "phi.835"
    path.write_text(text)
    main(["import", "remittances", str(path), "--include-patient-data"])
    err = capsys.readouterr().err
    problem = next(p for p in import_remittances([path], include_patient_data=True).problems
                   if p.location.segment == segment)
    quoted = [s.strip() for s in text.split("~")][segment - 1]
    assert problem.value == quoted
    assert f"got {quoted!r}" in err


def test_a_short_name_split_off_its_segment_is_not_named_as_a_segment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a first name of three letters has the form of a segment id once a terminator splits it off
    path = tmp_path / "short.835"
    path.write_text(_file(*CLAIM, f"NM1*QC*1*{LAST}~ANN*X*MI*{MEMBER}"))
    main(["import", "remittances", str(path), "--json"])
    out, err = capsys.readouterr()
    assert "unexpected segment in an 835" in err
    for secret in ("ANN", LAST, MEMBER):
        assert secret not in err
        assert secret not in out


def test_the_tester_s_file_without_a_terminator_is_refused_without_quoting_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The ISA16 ':' is followed by 'G' of GS: a letter as terminator would split the names.
    path = tmp_path / "phi2.835"
    path.write_text(_file(*CLAIM[:1], PATIENT, *CLAIM[1:]).replace("~\n", ""))
    # refused whole: a file that cannot be read is bad input data, 3 (it was 1)
    assert main(["import", "remittances", str(path)]) == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert "terminator 'G'" in err
    assert not any(secret in err for secret in SECRETS)


def test_envelope_less_file_without_a_terminator_is_not_quoted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "flat.835"
    path.write_text(f"ST*835*1*BPR*I*80*C*{PATIENT}")
    # refused whole: a file that cannot be read is bad input data, 3 (it was 1)
    assert main(["import", "remittances", str(path)]) == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert "expected a segment terminator after the first segment" in err
    assert "got 'ST*835*1*BPR*I*80*C*NM1*QC*<patient data>*" in err
    assert not any(secret in err for secret in SECRETS)
    assert main(["import", "remittances", str(path), "--include-patient-data"]) == (
        ExitCode.INPUT_ERROR)
    assert MEMBER in capsys.readouterr().err


@pytest.mark.parametrize(("segment", "shown"), [
    (PATIENT, "NM1*QC*1*<patient name>*<patient name>****MI*<patient id>"),
    (f"NM1*IL*1*{LAST}*{FIRST}*Q**JR*MI*{MEMBER}",
     "NM1*IL*1*<insured name>*<insured name>*<insured name>**<insured name>*MI*<insured id>"),
    (f"NM1*74*1*{LAST}*****C*{MEMBER}", "NM1*74*1*<corrected name>*****C*<corrected id>"),
    (f"NM1*GB*1*{LAST}", "NM1*GB*1*<other subscriber name>"),
    (f"NM1*QC*1*{LAST}*{FIRST}****MI*{MEMBER}*X*Y*{LAST}",  # NM112: more of the name
     "NM1*QC*1*<patient name>*<patient name>****MI*<patient id>*<patient data>*<patient data>*"
     "<patient data>"),
    ("NM1*82*1*THERAPIST*ANNE****XX*1234567893", "NM1*82*1*THERAPIST*ANNE****XX*1234567893"),
    (f"REF*1W*{MEMBER}", "REF*1W*<member id>"),
    # a qualifier in lowercase still names a person
    (f"NM1*qc*1*{LAST}*{FIRST}", "NM1*qc*1*<patient name>*<patient name>"),
    (f"REF*1w*{MEMBER}", "REF*1w*<member id>"),
    ("REF*SY*123456789", "REF*SY*<social security number>"),
    ("REF*EA*MRN77", "REF*EA*<medical record number>"),
    ("REF*1L*POL1*FAMILY", "REF*1L*<policy number>*<patient data>"),
    # line control number: the clinic's own id of the line, as often built from the account
    # number or CLP01 as CLP01 is (it was quoted as written: "REF*6R*LINE1")
    ("REF*6R*LINE1", "REF*6R*<line control number>"),
    ("REF*F8*ORIGINAL1", "REF*F8*ORIGINAL1"),  # the payer's original claim number
    # CLP07 stays; CLP01, the clinic's claim id, often the patient's account number, does not
    ("CLP*A1*1*100*80**12*PCN1", "CLP*<claim id>*1*100*80**12*PCN1"),
    ("DMG*D8*19800101*M", "DMG*<not shown>*<not shown>*<not shown>"),
    ("ZZZ*1", "<not shown>*<not shown>"),
    ("ANN*X*MI", "<not shown>*<not shown>*<not shown>"),  # a first name split off its segment
    # a known id with more elements than it has: the rest of a patient's NM1 after a split
    ("ST*QQFIRST****MI*MEMSECRET99", "ST*<not shown>****<not shown>*<not shown>"),
    ("SE*25*0001*", "SE*25*0001*"),  # an empty element at the end is no more data
    ("SBR*P*18", "SBR*<not shown>*<not shown>"),  # an 837's segment: named, values hidden
    ("%%%", "%%%"),
    ("", ""),
    (f"CLP*A1*1*100*80**12*PCN1NM1QC*{LAST}",
     "CLP*<claim id>*1*100*80**12*PCN1NM1QC*<patient data>"),
    # a REF*6R or a CLP glued on at a lost terminator: the clinic's ids after it were quoted
    (f"CAS*CO*45*20REF*6R*{LAST}L1", "CAS*CO*45*20REF*6R*<patient data>"),
    (f"CAS*CO*45*20ref*6r*{LAST}L1", "CAS*CO*45*20ref*6r*<patient data>"),
    (f"SVC*HC:97110*100*80**1CLP*{LAST}*1*100*80",
     "SVC*HC:97110*100*80**1CLP*<patient data>*<patient data>*<patient data>*<patient data>"),
    (f"CLP*A1*1*100*80**12*PCN1CLP*{LAST}*1",
     "CLP*<claim id>*1*100*80**12*PCN1CLP*<patient data>*<patient data>"),
    # ... as a person's segments glued on were and are; a patient's N1 was quoted as written
    (f"N1*QC*{LAST} {FIRST}*MI*{MEMBER}", "N1*QC*<patient name>*MI*<patient id>"),
    (f"N1*il*{LAST}*MI*{MEMBER}*X", "N1*il*<insured name>*MI*<insured id>*<patient data>"),
    ("N1*PR*ACME HEALTH*XV*11111", "N1*PR*ACME HEALTH*XV*11111"),  # the payer stays
    (f"SVC*HC:97110*100*80**1N1*QC*{LAST}", "SVC*HC:97110*100*80**1N1*QC*<patient data>"),
    (f"CAS*CO*45*20NM1*QC*1*{LAST}", "CAS*CO*45*20NM1*QC*<patient data>*<patient data>"),
    (f"CAS*CO*45*20REF*1W*{MEMBER}", "CAS*CO*45*20REF*1W*<patient data>"),
    (f"CLP*A1*1*100*80**12*PCN1REF*EA*{MEMBER}",
     "CLP*<claim id>*1*100*80**12*PCN1REF*EA*<patient data>"),
    ("SVC*HC:97110*100*80**1REF*SY*123456789", "SVC*HC:97110*100*80**1REF*SY*<patient data>"),
])
def test_shown_segment(segment: str, shown: str) -> None:
    assert shown_segment(segment, "*") == shown
    assert shown_segment(shown, "*") == shown  # showing shown text changes nothing
    if segment:
        assert shown_elements(segment.split("*"), "*") == shown.split("*")


#: Pieces of the person-segment pattern, in both cases, among characters that Unicode or
#: upper() relate to letters (the Kelvin sign, long s, dotless i, dotted I, sharp s, a ligature).
_NEAR_PERSON = st.text(st.sampled_from(
    [*"NMREFDGQCILSYAWPnmrefdgqcilsyawp0123456789*:|~ -\0",
     *"\u212a\u017f\u0131\u0130\u00df\ufb00"]),
    max_size=24)


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.sampled_from(["NM1", "nm1", "REF", "rEf", "DMG", "dmg", "QC", "il", "1W",
                                 "sy", "*", ":", "~", "|", "CLP", "cLp", "6R", "6r", "\0",
                                 "N1", "n1"])
                | _NEAR_PERSON, max_size=8)
       .map("".join))
def test_a_person_s_segment_is_never_missed_for_speed(text: str) -> None:
    # shown_segment tests substrings before its pattern: that must only skip a search that
    # finds nothing (a \0 joins the column reader's CLP texts: a CLP after it is no glued one)
    from ratecalc.remittance import patient_data

    if patient_data._PERSON_HEAD.search(text, 1) is not None:
        assert patient_data.may_hold_person_head(text)
    for segment in (text, f"CLP*{text}", f"CAS*CO*45*{text}"):
        with mock.patch.object(patient_data, "may_hold_person_head", lambda _: True):
            searched = shown_segment(segment, "*")
        assert shown_segment(segment, "*") == searched


@pytest.mark.parametrize(("segment", "shown"), [
    # each value kept has the form its position expects: a code, a date, an amount
    ("DTM*232*20251345", "DTM*232*20251345"),
    ("DTM*232*JOHN", "DTM*232*<not shown>"),
    ("AMT*B6*1O0.00", "AMT*B6*1O0.00"),  # a mistyped amount
    ("AMT*SMITH*12", "AMT*<not shown>*12"),
    ("REF*JOHN*X", "REF*<not shown>*<not shown>"),  # REF02 is free text: never its form
    ("CLP*A1*99*100*8O**12*PCN1", "CLP*<not shown>*99*100*8O**12*<not shown>"),
    ("CAS*XX*45*20*1", "CAS*XX*45*20*1"),
    ("CAS*CO*JOHN*SMITH", "CAS*CO*<not shown>*<not shown>"),
    ("CAS*CO*45*20NM1*QC*1*DOE", "CAS*CO*45*20NM1*<not shown>*<patient data>*<patient data>"),
    ("CAS*JOSE", "CAS*<not shown>"),  # a name ending in a segment id is no glued id
    ("SVC*HC:97110*100*ABC**1", "SVC*HC:97110*100*<not shown>**1"),
    ("SVC*HC-JOHNS*100*80", "SVC*<not shown>*100*80"),  # five letters are no procedure code
    ("SVC*HC*24599.00*1766.50*187.50**1", "SVC*HC*24599.00*1766.50*187.50**1"),  # shifted
    ("PLB*1234567890*JOHN*WO:REF1*X", "PLB*1234567890*<not shown>*<not shown>*<not shown>"),
    ("SE*12*JOHN", "SE*12*<not shown>"),
    ("IEA*1*000000001", "IEA*1*000000001"),
    ("ISA*JOHN", "ISA*<not shown>"),
    (f"NM1*QC*1*{LAST}", "NM1*<not shown>*1*<patient name>"),  # no form listed for NM1
    ("ZZZ*1", "<not shown>*<not shown>"),
    ("", ""),
])
def test_checked_segment(segment: str, shown: str) -> None:
    assert checked_segment(segment, "*") == shown
    assert checked_segment(shown, "*") == shown  # showing shown text changes nothing


#: A piece of a patient's name that passed its segment's first check (NM1*QC*1*DOE~DTM*232*JOHN)
#: -> the segment it follows, and (column, rule, value) of each problem at it
FRAGMENTS = {
    "DTM*232*JOHN": (CLAIM[:1], [
        ("DTM02", "DTM02 '<not shown>' is not a date (CCYYMMDD); left blank",
         "DTM*232*<not shown>")]),
    "DTM*472*JOHN": (CLAIM[:2], [
        ("DTM02", "DTM02 '<not shown>' is not a date (CCYYMMDD); left blank",
         "DTM*472*<not shown>")]),
    "AMT*B6*JOHN": (CLAIM[:2], [
        ("AMT02", "AMT02 allowed amount '<not shown>' is not a number; left blank",
         "AMT*B6*<not shown>")]),
    "CAS*CO*JOHN*SMITH": (CLAIM, [
        ("CAS03", "CAS03 amount '<not shown>' of adjustment CO-<not shown> is not a number; "
                  "adjustment not counted", "CAS*CO*<not shown>*<not shown>"),
        ("CAS02", "CAS has no reason/amount pair", "CAS*CO*<not shown>*<not shown>")]),
    "SVC*HC:97110*JOHN*1": (CLAIM, [
        ("SVC02", "SVC02 line charge '<not shown>' is not a number; left blank",
         "SVC*HC:97110*<not shown>*1")]),
    "SVC*HC-JOHNS*100*80": (CLAIM, [
        ("SVC01", "SVC01 procedure '<not shown>' is not 'qualifier:code' (component separator "
                  "':' from ISA16); the line is kept without code and amounts, since the elements "
                  "after it cannot be trusted", "SVC*<not shown>*<not shown>*<not shown>")]),
    "CLP*JOHN*SMITH": (CLAIM, [
        ("CLP02", "CLP02 claim status '<not shown>' is not an 835 status code",
         "CLP*<not shown>*<not shown>"),
        ("CLP03", "CLP03 claim charge is missing; left blank", "CLP*<not shown>*<not shown>"),
        ("CLP04", "CLP04 claim payment is missing; left blank", "CLP*<not shown>*<not shown>")]),
    "SE*12*JOHN": (CLAIM, [
        ("SE01", "SE01 says the transaction has 12 segments, counted 11", "SE*12*<not shown>"),
        ("SE02", "SE02 does not match ST02 '0001'", "SE*12*<not shown>")]),
    "ISA*JOHN": (CLAIM, [("ISA", "ISA has 1 elements, expected 16", "ISA*<not shown>")]),
    "IEA*JOHN": (CLAIM, [
        ("IEA", "interchange ended inside transaction '0001' (no SE); its claims were imported",
         "IEA*<not shown>")]),
    "PLB*JOHN*SMITH*JO:HNNY*DOE": (CLAIM, [
        ("PLB02", "PLB02 '<not shown>' is not a date (CCYYMMDD); left blank",
         "PLB*<not shown>*<not shown>*<not shown>*<not shown>"),
        ("PLB04", "PLB04 amount '<not shown>' of provider adjustment 'JO' is not a number; "
                  "adjustment not counted",
         "PLB*<not shown>*<not shown>*<not shown>*<not shown>")]),
}


@pytest.mark.parametrize("fragment", sorted(FRAGMENTS))
def test_a_fragment_failing_a_later_check_quotes_only_values_of_their_form(fragment: str) -> None:
    before, expected = FRAGMENTS[fragment]
    text = _file(*before, "NM1*QC*1*DOE", fragment)
    number = [s.strip() for s in text.split("~")].index(fragment) + 1
    found = [(p.location.column, p.rule, p.value) for p in read_remittance(text).problems
             if p.location.segment == number]
    assert found == expected
    asked = [p for p in read_remittance(text, include_patient_data=True).problems
             if p.location.segment == number]
    assert [p.value for p in asked] == [fragment] * len(expected)


def test_problems_of_a_well_formed_file_are_unchanged() -> None:
    text = _file(CLAIM[0], PATIENT, "SVC*HC:97110*100*8O**1", CLAIM[2])
    [problem] = read_remittance(text).problems
    assert problem.value == "SVC*HC:97110*100*8O**1"
    assert problem.rule == "SVC03 line payment '8O' is not a number; left blank"


# -- only an envelope ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    ISA + "~GS*HP*PAYER*CLINIC*20250301*1200*1*X*005010X221A1~GE*0*1~IEA*1*000000001~",
    interchange(["ST*277*0009", "BHT*0010*08*1*20250101", "SE*3*0009"]),
])
def test_a_file_without_an_835_transaction_is_an_error(
        text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "envelope.835"
    path.write_text(text)
    # refused whole, as a file that is not an 835: bad input data, 3 (it was 1)
    assert main(["import", "remittances", str(path)]) == ExitCode.INPUT_ERROR
    out, err = capsys.readouterr()
    assert f"error: Remittance '{path}', segment 1: no 835 transaction in the file" in err
    assert out == "1 file(s), 0 claims, 0 service lines\n"


def test_an_interchange_header_alone_is_a_file_cut_short(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # it was "no 835 transaction in the file"; it is refused as before, now as what it is
    path = tmp_path / "envelope.835"
    path.write_text(ISA + "~\n")
    assert main(["import", "remittances", str(path)]) == ExitCode.INPUT_ERROR
    out, err = capsys.readouterr()
    assert (f"error: Remittance '{path}', segment 1, column 'IEA': the file ends at segment 1 "
            "without the IEA closing the interchange of segment 1: it was cut short") in err
    assert out == "1 file(s), 0 claims, 0 service lines\n"


# -- property: any name, any id, any one malformation -------------------------------------------
# 'Q' + letters: nowhere else in the file. The strings from_regex(r"Q[A-Z]{5,11}") and
# from_regex(r"Q[A-Z0-9]{7,11}") reach, drawn as text at a quarter of from_regex's drawing
# time (each claim of the property draws three)
_NAME = st.text(st.sampled_from(string.ascii_uppercase), min_size=5, max_size=11).map("Q".__add__)
_MEMBER = st.text(st.sampled_from(string.ascii_uppercase + string.digits), min_size=7,
                  max_size=11).map("Q".__add__)


#: Ids a piece of a name split off at a terminator is read as: every id with a handler, other
#: 835 segments, and ids an 835 does not define.
_FRAGMENT_IDS = ["ISA", "IEA", "ST", "SE", "BPR", "TRN", "DTM", "N1", "N3", "REF", "LX", "CLP",
                 "CAS", "NM1", "SVC", "AMT", "LQ", "PLB", "MIA", "MOA", "QTY", "ZZ", "ANN"]
#: What passes each handler's first check, in a claim or a line (a qualifier read there, a group
#: code, a procedure, a count), so that the piece of a name after it fails a later check, or
#: none. The last ones are read as what they say, and the piece with them: a line control
#: number (REF*6R), a remark code (LQ), a line's revenue and submitted codes (SVC04, SVC06) are
#: data as far as anyone can tell, and reach the tables as a real one would (never a message).
_FRAGMENT_HEADS = ["DTM*232", "DTM*233", "DTM*050", "DTM*472", "DTM*150", "DTM*151", "AMT*B6",
                   "REF*F8", "CAS*CO", "CAS*PR*1", "CAS*XX", "CLP", "PLB",
                   "PLB*1234567890*20251231*WO", "SE*12", "ISA", "IEA*1", "LX*1", "TRN*1",
                   "NM1*QC*1", "MIA", "MOA"]
_HEADS_READ_AS_DATA = ["REF*6R", "LQ*HE", "SVC*HC:97110", "SVC*HC-97110"]


@st.composite
def _malformed_835(draw: st.DrawFn) -> tuple[str, tuple[str, ...], bool]:
    """A generated 835 with a random patient on every claim and one random malformation; the
    names and ids in it; whether the tables must be free of them too."""
    drawn = []
    secrets: list[str] = []
    in_tables = True
    for payment in draw(payments()):
        claims = []
        for claim in payment.claims:
            last, first, member = draw(_NAME), draw(_NAME), draw(_MEMBER)
            secrets += [last, first, member]
            claims.append(replace(claim, patient=(last, first), member_id=member))
        drawn.append(replace(payment, claims=tuple(claims)))
    segments = serialize(segments_835(drawn), line_break="").split("~")[:-1]
    patients = [i for i, s in enumerate(segments) if s.startswith("NM1*QC*")]
    at = draw(st.sampled_from(patients))
    how = draw(st.sampled_from(["glue before", "glue after", "glue both", "separator",
                                "no separator", "id", "foreign segment", "split", "fragment"]))
    if how == "glue before":  # the terminator before the patient lost
        segments[at - 1 : at + 1] = [segments[at - 1] + segments[at]]
    elif how == "glue after":
        segments[at : at + 2] = [segments[at] + segments[at + 1]]
    elif how == "glue both":
        segments[at - 1 : at + 2] = ["".join(segments[at - 1 : at + 2])]
    elif how == "separator":
        segments[at] = segments[at].replace("*", draw(st.sampled_from("|!^:{}#@$%&+;=?")))
    elif how == "no separator":
        segments[at] = segments[at].replace("*", "", draw(st.integers(1, 2)))
    elif how == "split":  # a terminator inside the name: its rest read as a segment of an id
        parts = segments[at].split("*")
        # any id: of the segments RateCalc reads, of the other 835 segments, of none
        segment_id = draw(st.sampled_from(_FRAGMENT_IDS))
        segments[at : at + 1] = ["*".join(parts[:4]), "*".join([segment_id, *parts[4:]])]
    elif how == "fragment":
        # the same, where the piece begins with what passes its segment's first check
        # (NM1*QC*1*DOE~DTM*232*JOHN), anywhere in the patient's claim: in it or in a line
        parts = segments[at].split("*")
        pieces = draw(st.lists(st.sampled_from([parts[3], parts[4], parts[9], ""]),
                               min_size=1, max_size=8))
        end = next((i for i in range(at + 1, len(segments))
                    if segments[i].startswith(("CLP*", "PLB*", "SE*"))), len(segments))
        where = draw(st.integers(at + 1, end))
        head = draw(st.sampled_from(_FRAGMENT_HEADS + _HEADS_READ_AS_DATA))
        in_tables = head not in _HEADS_READ_AS_DATA
        segments.insert(where, "*".join([head, *pieces]))
        segments[at] = "*".join(parts[:4])
    elif how == "id":
        segments[at] = draw(st.sampled_from(["NM", "NM1Q", "XNM1", "nm1"])) + segments[at][3:]
    else:
        secrets.append("19800101")
        segments.insert(at + 1, "DMG*D8*19800101*F")
    return "~".join(segments) + "~", tuple(secrets), in_tables


@settings(max_examples=80, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_malformed_835())
def test_no_message_quotes_a_patient(case: tuple[str, tuple[str, ...], bool]) -> None:
    """No message, and no table unless a piece of a name was read as data, holds a name or id."""
    text, secrets, in_tables = case
    result = read_remittance(text, "generated.835")
    shown = json.dumps([p.as_dict() for p in result.problems])
    assert result.problems, "every malformation is reported"
    tables = "".join(frame.to_csv() for frame in (
        result.lines, result.claims, result.adjustments, result.provider_adjustments,
        result.transactions))
    for secret in secrets:
        assert secret not in shown
        assert not in_tables or secret not in tables
    asked = read_remittance(text, "generated.835", include_patient_data=True)
    assert [p.location for p in asked.problems] == [p.location for p in result.problems]


def test_a_header_segment_inside_a_claim_changes_neither_payment_nor_payer() -> None:
    """A BPR or N1 after the claims began is no payment or payer of the transaction's (an
    835 gives them before its claims): ignored, not read over the real ones."""
    text = _file(*CLAIM, "BPR*I*999.99*C*ACH", "N1*PR*OTHER PLAN", *CLAIM[1:])
    result = read_remittance(text)
    [payment] = result.transactions.to_dict(orient="records")
    assert payment["payment"] == 80 and payment["payer"] == "ACME HEALTH"
    assert [p.rule for p in result.problems][:2] == [
        "BPR inside a claim: an 835 gives it before its claims; ignored",
        "N1 inside a claim: an 835 gives it before its claims; ignored"]


def test_every_claim_status_has_the_form_of_clp02() -> None:
    # the parser shows a CLP whose status is a listed code without testing the form again
    from ratecalc.remittance.patient_data import has_form
    from ratecalc.remittance.values import CLAIM_STATUS

    assert all(has_form("CLP", 2, status) for status in CLAIM_STATUS)
