"""Bad input: every problem reported with file, segment number and text; the rest imported."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from ratecalc.errors import InputError
from ratecalc.remittance import import_remittances, read_remittance, summarize_codes

from .x12 import header, interchange, transaction

MALFORMED = interchange(transaction(
    "0001", *header("190"),
    "CLP*GOOD1*1*200*100**12*PCN1",                  # 9
    "SVC*HC:97110:GP*200*100**2",                     # 10
    "CAS*CO*45*100",                                  # 11
    "CLP*BADAMOUNT*1*100*50**12*PCN2",               # 12
    "SVC*HC:97140:GP*1O0.00*50**1",                   # 13: letter O in the charge
    "CAS*XX*45*50",                                   # 14: not a group code
    "ZZZ*1",                                          # 15: not an 835 segment
    "%%%",                                            # 16: not a segment at all
    "CLP*UNBALANCED*1*100*41**12*PCN3",              # 17
    "SVC*HC:97530:GP*100*41**1",                      # 18
    "CAS*CO*45*60",                                   # 19: 100 - 41 = 59, not 60
    "CLP*GOOD2*1*80*40**12*PCN4",                    # 20
    "SVC*HC:97110:GP*80*40**1",                       # 21
    "DTM*472*20251345",                               # 22: month 13
    "CAS*CO*45*40",                                   # 23
))


def test_malformed_file_reports_each_problem_and_imports_the_rest() -> None:
    result = read_remittance(MALFORMED, "mixed.835")
    found = [(p.location.segment, p.location.column, p.severity, p.rule) for p in result.problems]
    assert found == [
        (13, "SVC02", "error", "SVC02 line charge '1O0.00' is not a number; left blank"),
        (14, "CAS01", "error",
         "CAS01 'XX' is not an adjustment group (CO, OA, PI, PR); its amounts are kept"),
        (15, None, "warning", "unexpected segment in an 835 (its id, which no X12 "
                              "health-care transaction defines, is not shown: it may be a "
                              "piece of a patient's name split at a lost terminator); ignored"),
        (16, None, "error",
         "segment id '%%%' is not 2-3 capital letters or digits followed by '*'; segment "
         "ignored"),
        (18, "SVC", "error",
         "service line 1 of claim 'PCN3' (the payer's claim number) does not balance: charge "
         "100.00 - paid 41.00 = 59.00, but its adjustments total 60.00"),
        (17, "CLP", "error",
         "claim 'PCN3' (the payer's claim number) does not balance: charge 100.00 - paid 41.00 "
         "= 59.00, but claim and line adjustments total 60.00"),
        (22, "DTM02", "warning", "DTM02 '20251345' is not a date (CCYYMMDD); left blank"),
        (4, "BPR02", "error",
         "transaction '0001' does not balance: BPR02 payment 190.00, but claim payments 231.00 "
         "- provider adjustments 0.00 = 231.00"),
    ]
    assert result.problems[4].value == "SVC*HC:97530:GP*100*41**1"
    assert result.problems[1].message == (
        "Remittance 'mixed.835', segment 14, column 'CAS01': CAS01 'XX' is not an adjustment group "
        "(CO, OA, PI, PR); its amounts are kept, got 'CAS*XX*45*50'")
    # Every claim is kept, with whatever could be read.
    claims = result.claims
    assert claims["claim_id"].tolist() == ["GOOD1", "BADAMOUNT", "UNBALANCED", "GOOD2"]
    lines = result.lines
    assert lines["code"].tolist() == ["97110", "97140", "97530", "97110"]
    assert lines["charge"].tolist() == [Decimal("200"), None, Decimal("100"), Decimal("80")]
    assert lines["adjustments"].tolist()[1] == "XX-45 50.00"
    # The good lines still make the summary: 97110 allowed 100 / 2 units and 40 / 1 unit.
    codes = summarize_codes(lines).set_index("code")
    assert codes.loc["97110", "allowed"] == Decimal("140")
    assert codes.loc["97110", "lines"] == 2
    # Neither has a date of service (GOOD2's is month 13, left blank), so neither says from
    # when a rate was paid: no rate (it was their median, 45, a rate neither was paid)
    assert codes.loc["97110", "allowed_per_unit"] is None


def test_unreadable_line_amounts_are_not_evidence_of_a_rate() -> None:
    codes = summarize_codes(read_remittance(MALFORMED).lines).set_index("code")
    assert codes.loc["97140", "rate_lines"] == 0
    assert codes.loc["97140", "allowed_per_unit"] is None


def test_truncated_file_is_refused() -> None:
    # It kept its claims, with an error for the missing SE; a file cut short may have lost a
    # payment's claims or its BPR total a claim, and nothing left says which: refused whole
    # (test_envelope_trailers), so that no output stands for the payments of a cut download.
    text = MALFORMED[: MALFORMED.index("CLP*GOOD2")]
    result = read_remittance(text, "cut.835")
    assert result.claims.empty
    assert result.not_imported == ("cut.835",)
    assert [p.message for p in result.problems] == [
        "Remittance 'cut.835', segment 19, column 'SE': the file ends at segment 19 without the "
        "SE closing transaction '0001' (its ST is segment 3), then the GE closing the "
        "functional group of segment 2, then the IEA closing the interchange of segment 1: it "
        "was cut short (a download or copy that stopped early), and a payment in it may be "
        "missing or incomplete; the file was not imported (get the whole file again)"]


def test_segments_outside_their_loop() -> None:
    text = interchange(transaction(
        "0001", *header("0"),
        "SVC*HC:97110*10*0**1",  # before any claim
        "CAS*CO*45*10",
    ))
    result = read_remittance(text)
    assert [p.rule for p in result.problems] == [
        "SVC outside a claim (no CLP before it in this transaction); ignored",
        "CAS outside a claim or service line; ignored",
    ]
    assert result.lines.empty


def test_other_transaction_sets_are_skipped_and_the_835_after_them_read() -> None:
    claim = ("CLP*A1*1*10*10**12*P", "SVC*HC:97110*10*10**1")
    text = interchange(
        ["ST*277*0009", "BHT*0010*08*1*20250101", "CLP*X*1*1*1", "SE*4*0009"],
        transaction("0001", *header("10"), *claim),
    )
    result = read_remittance(text)
    assert [p.rule for p in result.problems] == [
        "transaction set '277' is not an 835 remittance; skipped up to its SE"]
    assert result.claims["claim_id"].tolist() == ["A1"]


def test_file_without_line_breaks_numbers_segments_the_same() -> None:
    flat = read_remittance(MALFORMED.replace("~\n", "~"), "mixed.835")
    broken = read_remittance(MALFORMED, "mixed.835")
    assert flat.problems == broken.problems


def test_empty_segment_is_a_warning() -> None:
    text = interchange(transaction("0001", *header("10"), "CLP*A1*1*10*10**12*P",
                                   "SVC*HC:97110*10*10**1"))
    text = text.replace("LX*1~\n", "LX*1~\n~\n")
    result = read_remittance(text)
    assert [(p.location.segment, p.rule) for p in result.problems] == [
        (9, "empty segment (two terminators in a row)"),
        (12, "SE01 says the transaction has 9 segments, counted 10"),
    ]


@pytest.mark.parametrize("count", ["12345678901", "999999999999999999999"])
def test_a_segment_count_of_any_length_is_shown(count: str) -> None:
    """SE01 is a count the parser reads as one, never a person's value: quoted whatever its
    length (past ten digits it was '<not shown>', in the rule and in the segment quoted)."""
    text = interchange(transaction("0001", *header("10"), "CLP*A1*1*10*10**12*P",
                                   "SVC*HC:97110*10*10**1"))
    text = text.replace("SE*9*0001", f"SE*{count}*0001")
    [problem] = read_remittance(text).problems
    assert (problem.location.column, problem.rule, problem.value) == (
        "SE01", f"SE01 says the transaction has {count} segments, counted 9",
        f"SE*{count}*0001")


def test_folder_import_skips_non_x12_files_with_a_warning(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("not a remittance\n")
    (tmp_path / "a.835").write_text(MALFORMED)
    (tmp_path / ".hidden.835").write_text(MALFORMED)
    result = import_remittances([tmp_path])
    assert result.files == (str(tmp_path / "a.835"), str(tmp_path / "notes.txt"))
    # Its text is not quoted: the file may be anything, a list of patients included.
    assert result.problems[-1].message == (
        f"Remittance '{tmp_path / 'notes.txt'}': not an X12 file (does not start with an ISA or "
        "ST segment); skipped, got '<not shown> <not shown> <not shown>\\n'")
    asked = import_remittances([tmp_path], include_patient_data=True)
    assert asked.problems[-1].value == "not a remittance\n"
    assert len(result.claims) == 4


def test_named_file_that_is_not_x12_is_reported_not_raised(tmp_path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("code,rate\n97110,30\n")
    result = import_remittances([path])
    # Its text is not quoted (it may be anything, a list of patients included) unless asked.
    assert [p.message for p in result.problems] == [
        f"Remittance '{path}', segment 1: expected an X12 file starting with an ISA (or ST) "
        "segment; the file was not imported, got '<not shown>,<not shown>,<not shown>'"]
    asked = import_remittances([path], include_patient_data=True)
    assert [p.rule for p in asked.problems] == [
        "expected an X12 file starting with an ISA (or ST) segment, got 'code,rate\\n97110,30\\n'"
        "; the file was not imported"]


def test_latin1_bytes_are_read_with_a_warning(tmp_path) -> None:
    path = tmp_path / "latin.835"
    path.write_bytes(MALFORMED.replace("ACME HEALTH", "ACMÉ HEALTH").encode("latin-1"))
    result = import_remittances([path])
    assert result.problems[0].rule.startswith("not UTF-8 (byte ")
    assert result.lines["payer"].iloc[0] == "ACMÉ HEALTH"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("in_folder", [False, True])
def test_a_unicode_saved_835_reads_as_its_utf8_twin(tmp_path, encoding, in_folder) -> None:
    """An 835 saved by Windows Notepad as "Unicode" (UTF-16 with its byte-order mark) was read
    as Latin-1, "not UTF-8 (byte 0)", then refused as no X12 file, exit 3 ("got 'ÿ<not
    shown>'"), or skipped in a folder as not X12: its payments lost. It reads as its UTF-8
    twin."""
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    (tmp_path / "utf8").mkdir()
    (tmp_path / "wide").mkdir()
    (tmp_path / "utf8" / "a.835").write_text(MALFORMED, encoding="utf-8")
    (tmp_path / "wide" / "a.835").write_bytes(bom + MALFORMED.encode(encoding))
    plain = import_remittances([tmp_path / "utf8" if in_folder else tmp_path / "utf8" / "a.835"])
    wide = import_remittances([tmp_path / "wide" if in_folder else tmp_path / "wide" / "a.835"])
    assert len(wide.claims) == len(plain.claims) == 4
    assert wide.lines.drop(columns="file").equals(plain.lines.drop(columns="file"))
    assert [p.message.replace("wide", "utf8") for p in wide.problems] == \
        [p.message for p in plain.problems]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
@pytest.mark.parametrize("spoilt", ["a stray byte at the end", "a lone surrogate"])
@pytest.mark.parametrize("in_folder", [False, True])
def test_a_unicode_835_with_a_bad_byte_keeps_its_payments(tmp_path, encoding, spoilt,
                                                          in_folder) -> None:
    """A UTF-16 835 with one byte too many at its end (a tool's newline appended), or a
    character no UTF-16 can hold, was read whole as Latin-1 and refused as no X12 file, exit 3,
    its payments lost, with the warning 'not UTF-8' about a file that is UTF-16. As a UTF-8
    file with a stray byte, it is read, the bytes that are no text left out, with a warning
    naming its encoding and where."""
    wide = MALFORMED.encode(encoding)
    unit = {"utf-16": 2, "utf-32": 4}[encoding]
    cut = len(wide) - len("IEA*1*000000001~\n") * unit  # the end of the segment before
    bad = {"utf-16": b"\x00\xd8", "utf-32": b"\x00\xd8\x00\x00"}[encoding]
    data = wide + b"\n" if spoilt.startswith("a stray") else wide[:cut] + bad + wide[cut:]
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "wide.835"
    path.write_bytes(data)
    plain = import_remittances([_written(tmp_path / "plain.835", MALFORMED)])
    result = import_remittances([path.parent if in_folder else path])
    assert len(result.claims) == len(plain.claims) == 4
    assert result.lines.drop(columns="file").equals(plain.lines.drop(columns="file"))
    name = encoding.upper().replace("UTF", "UTF-").replace("--", "-")
    at = len(wide) if spoilt.startswith("a stray") else cut
    assert result.problems[0].message == (
        f"Remittance '{path}': not {name} (byte {at}): read as {name}, the bytes that are no "
        f"text left out")


def _written(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_file_is_an_error(tmp_path) -> None:
    # issue 12: an empty 835 exited 0, as if it had imported something
    path = tmp_path / "empty.835"
    path.write_text("\n")
    result = import_remittances([path])
    assert [p.message for p in result.problems] == [
        f"Remittance '{path}', segment 1: the file is empty: no 835 to import"]
    assert [p.severity for p in result.problems] == ["error"]


def test_missing_path_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match=r"Remittance path '.*nothing\.835' does not exist"):
        import_remittances([tmp_path / "nothing.835"])


def test_lower_case_or_padded_procedures_are_normalised() -> None:
    text = interchange(transaction(
        "0001", *header("30"),
        "CLP*N1*1*30*30**12*P",
        "SVC*HC:g0283:gp*10*10**1",     # lower case
        "SVC*HC:G0283: CQ *10*10**1",   # a padded modifier after a code with letters
        "SVC*HC: 97110 :GP::59*10*10**1",  # padded code, an empty modifier
    ))
    result = read_remittance(text)
    assert result.problems == ()
    lines = result.lines
    assert lines[["code", "modifiers", "modifier"]].to_numpy().tolist() == [
        ["G0283", "GP", ""], ["G0283", "CQ", "CQ"], ["97110", "GP 59", ""]]



# The segments the parser has a reader for (ISA and IEA frame the interchange, ST and SE the
# transaction: the helpers build those).
READ_SEGMENTS = ("BPR", "TRN", "DTM", "N1", "REF", "LX", "CLP", "CAS", "NM1", "SVC", "AMT",
                 "LQ", "PLB")


@pytest.mark.parametrize("segment", [f"{s}{tail}" for s in READ_SEGMENTS for tail in ("", "*")])
def test_a_segment_with_no_elements_never_stops_the_import(segment: str) -> None:
    """A bare ``SVC`` (its id and no element) raised IndexError: the import crashed (exit code 4,
    found by ``benchmarks/fuzz_hostile.py``) where ``SVC*`` was reported. Each segment with a
    reader is put bare before a claim, inside it and inside its service line; the claim after
    them is still read whole."""
    text = interchange(transaction(
        "0001", *header("100"),
        segment,
        "CLP*C1*1*100*100**12*PCN1", segment,
        "SVC*HC:97110:GP*100*100**1", segment,
        "CLP*C2*1*100*0**12*PCN2",
        "SVC*HC:97140:GP*100*0**1", "CAS*CO*45*100",
    ))
    result = read_remittance(text, "bare.835")
    last = result.lines[result.lines["claim_id"] == "C2"]
    assert last["code"].tolist() == ["97140"]
    assert last["paid"].tolist() == [Decimal("0")]


@pytest.mark.parametrize("segment", ["SVC", "SVC*"])
def test_a_service_line_with_no_procedure_is_reported(segment: str) -> None:
    text = interchange(transaction(
        "0001", *header("100"), "CLP*C1*1*100*100**12*PCN1", segment))
    found = [(p.location.segment, p.location.column, p.rule[:40])
             for p in read_remittance(text, "bare.835").problems]
    assert (10, "SVC01", "SVC01 procedure '' is not 'qualifier:cod") in found


@pytest.mark.parametrize("written", ["２0250301", "٢٠٢٥٠٣٠١", "2025030１"])
def test_a_date_in_other_digits_than_ascii_is_no_date(written: str) -> None:
    """X12 writes a date CCYYMMDD in ASCII digits; ``str.isdigit`` also takes full-width and
    Arabic-Indic ones, so "２0250301" was read as 2025-03-01, a date of service from text no
    payer's system writes (both readers agreed). It is reported and left blank, as month 13 is."""
    text = interchange(transaction(
        "0001", *header("100"),
        "CLP*C1*1*100*100**12*PCN1", "SVC*HC:97110:GP*100*100**1", f"DTM*472*{written}"))
    result = read_remittance(text, "digits.835")
    assert result.lines["service_date"].isna().tolist() == [True]
    assert [(p.location.segment, p.location.column, p.rule) for p in result.problems] == [
        (11, "DTM02", f"DTM02 '{written}' is not a date (CCYYMMDD); left blank")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_folder_import_names_each_entry_it_skips_that_is_not_a_file(tmp_path) -> None:
    """A named pipe, a link looping back on itself or a link to /dev/zero in a folder of 835s
    was passed over without a word: the user is told which entries were skipped and why."""
    (tmp_path / "a.835").write_text(MALFORMED)
    os.mkfifo(tmp_path / "b.835")
    os.symlink(tmp_path / "c.835", tmp_path / "c.835")
    os.symlink("/dev/zero", tmp_path / "d.835")
    result = import_remittances([tmp_path])
    skipped = [p.message for p in result.problems if p.message.endswith("; skipped")]
    assert skipped == [
        f"Remittance '{tmp_path / 'b.835'}': is a named pipe (FIFO), not a file; skipped",
        f"Remittance '{tmp_path / 'c.835'}': is a symbolic link that loops back on itself, "
        "not a file; skipped",
        f"Remittance '{tmp_path / 'd.835'}': is a device, not a file; skipped",
    ]
    assert {p.severity for p in result.problems if p.message.endswith("; skipped")} == {
        "warning"}
    assert len(result.claims) == 4


def test_a_line_break_declared_as_isa16_is_one_refusal_of_the_file_not_one_per_line() -> None:
    # the guide's managed-care 835 with ISA16 a line break, its SVC01s written with it: each
    # service line was an error of its own ("SVC01 procedure ... is not 'qualifier code'")
    from .samples import GUIDE

    text = (GUIDE / "managed-care.835").read_text()
    assert text.count("*T*:~") == 1 and text.count("SVC*HC:") == 2
    text = text.replace("*T*:~", "*T*\n~").replace("SVC*HC:", "SVC*HC\n")
    result = read_remittance(text, "isa16.835")
    assert [(p.severity, p.location.segment) for p in result.problems] == [("error", 1)]
    assert result.problems[0].rule.startswith(
        "ISA segment: the component separator (ISA16) is a line break ('\\n')")
    assert result.problems[0].rule.endswith("; the file was not imported")
    assert result.lines.empty
