"""Limits of the 835 reader: element and segment length, control characters in element text.

The sample is the guide's managed-care 835 (segment numbers counted by hand from its text:
ISA 1, GS 2, ST 3, BPR 4, TRN 5, DTM 6, N1*PR 7, ..., the first CLP 13, its CLP04 paid 450.00).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from ratecalc.limits import MAX_X12_FILE_BYTES
from ratecalc.remittance import import_remittances, importer, read_remittance
from ratecalc.remittance.parser import parse_text

from ...traced_memory import peak_memory
from .samples import GUIDE

SAMPLE = (GUIDE / "managed-care.835").read_text()
PAYER = "N1*PR*RUSHMORE LIFE~"


def with_payer(name: str) -> str:
    assert SAMPLE.count(PAYER) == 1
    return SAMPLE.replace(PAYER, f"N1*PR*{name}~")


def messages(result) -> list[str]:
    return [f"{p.severity}: {p.message}" for p in result.problems]


def test_an_element_at_the_limit_is_read() -> None:
    result = read_remittance(with_payer("A" * 1000), "mc.835")
    assert set(result.lines["payer"]) == {"A" * 1000}
    assert not result.errors


@pytest.mark.parametrize("length", [
    1001,  # within one chunk of text: the parser's check
    300_000,  # past a chunk (262,144 characters) and the segment limit: the tokenizer's check
])
def test_an_element_over_the_limit_refuses_the_file_naming_segment_and_element(length) -> None:
    result = read_remittance(with_payer("A" * length), "mc.835")
    assert messages(result) == [
        "error: Remittance 'mc.835', segment 7, column 'N102': N102 is longer than 1,000 "
        "characters, the most RateCalc reads of an 835 element (the 835 guides allow at most "
        "256); the file was not imported"]
    assert result.lines.empty and result.claims.empty and result.transactions.empty


def test_a_segment_over_the_limit_refuses_the_file() -> None:
    # 25,000 characters in elements of 4: each within the element limit
    result = read_remittance(with_payer("ACME*" + "*XYZ" * 6250), "mc.835")
    assert messages(result) == [
        "error: Remittance 'mc.835', segment 7: the segment is longer than 20,000 characters, "
        "the most RateCalc reads of an 835 segment; the file was not imported"]
    assert result.claims.empty


def test_a_lost_terminator_refuses_the_file_without_quoting_it() -> None:
    # the name runs on with no separator or terminator to the end: no element 0 within reach
    text = SAMPLE.replace("N3*10 SOUTH AVENUE~", "BUDD WILLIAM" + "X" * 400_000)
    result = read_remittance(text, "mc.835")
    assert messages(result) == [
        "error: Remittance 'mc.835', segment 8: no element separator '*' in the first 1,000 "
        "characters of the segment (the terminator may be lost); the file was not imported"]
    assert "BUDD" not in messages(result)[0]


def test_memory_does_not_grow_with_a_huge_element() -> None:
    text = with_payer("A" * 20_000_000)
    with peak_memory() as peak:
        parse_text(text, "mc.835")
    # a chunk of text and the segment limit, not the element's 20 MB
    assert peak.bytes < 4_000_000, peak.bytes


def test_a_nul_in_a_name_is_replaced_and_named_in_a_warning() -> None:
    result = read_remittance(with_payer("RUSH\x00MORE"), "mc.835")
    assert set(result.lines["payer"]) == {"RUSH\ufffdMORE"}
    assert messages(result)[-1] == (
        "warning: Remittance 'mc.835', segment 7: control characters, which X12 text cannot "
        "hold, replaced by U+FFFD '\ufffd' in 1 segment(s): segment 7 N102 (U+0000) (an "
        "amount, date or code holding one is not read)")
    assert not result.errors
    for frame in (result.lines, result.claims, result.adjustments, result.transactions):
        for column in frame.columns:
            assert not any("\x00" in str(v) for v in frame[column]), column


def test_a_control_character_in_an_amount_is_not_read_as_another_amount() -> None:
    # '45\x000.00' must not become 450.00 (or 45 0.00): the claim's paid amount is unreadable
    text = SAMPLE.replace("CLP*5554555444*1*800.00*450.00*", "CLP*5554555444*1*800.00*45\x010.00*")
    result = read_remittance(text, "mc.835")
    claim = result.claims.iloc[0]
    assert claim["paid"] is None or claim["paid"] != Decimal("450.00")
    assert any(p.location.segment == 13 and p.severity == "error" for p in result.problems)
    assert "segment 13 CLP04 (U+0001)" in messages(result)[-1]


def test_control_characters_as_delimiters_still_split() -> None:
    # some payers separate with GS (0x1D) and terminate with FS (0x1C)
    text = SAMPLE.replace("*", "\x1d").replace("~", "\x1c")
    result = read_remittance(text, "mc.835")
    assert list(result.claims["paid"]) == [Decimal("450.00"), Decimal("495.00")]
    assert not any("control characters" in p.rule for p in result.problems)


def test_a_stray_byte_read_as_a_c1_control_is_replaced_and_named() -> None:
    # a payer's Windows system wrote 0x92 (a curly apostrophe in cp1252): not UTF-8, so the file
    # is read as Latin-1, where it is U+0092, a control no CSV or cell shows
    raw = with_payer("O\x92BRIEN HEALTH").encode("latin-1")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mc.835"
        path.write_bytes(raw)
        result = import_remittances([path])
    assert set(result.lines["payer"]) == {"O\ufffdBRIEN HEALTH"}
    assert "segment 7 N102 (U+0092)" in messages(result)[-1]
    assert "not UTF-8" in " ".join(messages(result))


# The size of an 835 file, and what is read of a file before it is known to be X12.

def _peak_while(call):
    with peak_memory() as peak:
        result = call()
    return result, peak.bytes


def test_a_large_file_in_a_folder_that_is_not_x12_is_skipped_after_its_first_bytes(
        tmp_path) -> None:
    (tmp_path / "mc.835").write_text(SAMPLE)
    archive = tmp_path / "archive.bin"
    with archive.open("wb") as handle:  # 40 MB of NULs, sparse: nothing written to the disk
        handle.truncate(40 << 20)
    result, peak = _peak_while(lambda: import_remittances([tmp_path]))
    assert [p.message for p in result.problems if p.location.file == str(archive)] == [
        f"Remittance '{archive}': not an X12 file (does not start with an ISA or ST segment); "
        "skipped, got '" + "\\x00" * 20 + "'"]
    assert result.succeeded and len(result.claims) == 2
    # the 835 and its tables, not the 40 MB of the archive (it was read whole: 80 MB here)
    assert peak < 4_000_000, peak


@pytest.mark.parametrize("in_folder", [False, True])
def test_an_835_over_the_size_limit_is_refused_unread(tmp_path, in_folder) -> None:
    path = tmp_path / "huge.835"
    path.write_text(SAMPLE)  # an 835 to its first bytes: a folder's file is not skipped
    with path.open("r+b") as handle:
        handle.truncate(MAX_X12_FILE_BYTES + 1)
    result, peak = _peak_while(lambda: import_remittances([tmp_path if in_folder else path]))
    assert messages(result) == [
        f"error: Remittance '{path}': the file is {MAX_X12_FILE_BYTES + 1:,} bytes, more than "
        "the 128 MiB RateCalc reads of an 835 (a large payer's 835 is tens of MB); the file "
        "was not imported"]
    assert result.not_imported == (str(path),) and not result.succeeded
    assert peak < 1_000_000, peak  # its first bytes only, not its 128 MB


def test_an_835_at_the_size_limit_is_read(tmp_path, monkeypatch) -> None:
    path = tmp_path / "mc.835"
    path.write_text(SAMPLE)
    size = path.stat().st_size
    monkeypatch.setattr(importer, "MAX_X12_FILE_BYTES", size)
    assert import_remittances([path]).succeeded
    monkeypatch.setattr(importer, "MAX_X12_FILE_BYTES", size - 1)
    assert import_remittances([path]).not_imported == (str(path),)


def test_the_size_limit_leaves_room_for_a_large_payers_835() -> None:
    assert MAX_X12_FILE_BYTES >= 100_000_000  # "tens of MB" with room to spare


FIRST_LX = "LX*1~"


@pytest.mark.parametrize(("filler", "severity"), [("~", "warning"), ("ZZZ*1~", "warning")])
def test_problems_past_the_limit_are_counted_in_one(filler: str, severity: str) -> None:
    """Each empty or unknown segment was a problem of its own: 5 MB of '~' took 131 s and
    1.8 GB, printing 5,000,000 warnings. The first 1,000 are listed, the rest counted."""
    from ratecalc.limits import MAX_X12_PROBLEMS_LISTED

    assert SAMPLE.count(FIRST_LX) >= 1
    text = SAMPLE.replace(FIRST_LX, filler * 5_000 + FIRST_LX, 1)
    parsed = parse_text(text, "many.835")
    assert len(parsed.problems) == MAX_X12_PROBLEMS_LISTED + 1
    last = parsed.problems[-1]
    assert last.severity == severity and last.location.file == "many.835"
    # the sample's own problems, one per filler segment, and SE01's count now wrong
    total = len(parse_text(SAMPLE, "mc.835").problems) + 5_000 + 1
    more = total - MAX_X12_PROBLEMS_LISTED
    assert last.rule.startswith(f"{more:,} more problems in this file ({more:,} "
                                   f"{severity}s), not listed: only the first 1,000 are")
    result = read_remittance(text, "many.835")
    assert result.lines["paid"].sum() == read_remittance(SAMPLE, "mc.835").lines["paid"].sum()


def test_an_error_past_the_limit_makes_the_count_an_error() -> None:
    parsed = parse_text(SAMPLE.replace(FIRST_LX, "~" * 1_000 + "CAS*CO*45*X~" + FIRST_LX, 1),
                        "late.835")
    assert [p.severity for p in parsed.problems[-1:]] == ["error"]
    assert "(1 error, " in parsed.problems[-1].message  # the CAS outside a claim


def test_memory_does_not_grow_with_problems() -> None:
    text = SAMPLE.replace(FIRST_LX, "~" * 100_000 + FIRST_LX, 1)
    with peak_memory() as peak:
        parse_text(text, "many.835")
    assert peak.bytes < 20 << 20, f"{peak.bytes / 2**20:.0f} MB"  # it was 30 MB
