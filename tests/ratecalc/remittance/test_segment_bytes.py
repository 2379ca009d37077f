"""The segments found in a file's bytes (``segment_bytes``) are the tokenizer's segments.

The column reader takes a plain file's segments as places in its bytes, and any other file's
as strings split by the tokenizer. Both must give the reader the same segments, kinds, element
counts, texts, elements and distinct texts; and the reader, reading either, the same parse as
the segment parser (the fallback for any file the column reader declines).
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.limits import MAX_X12_ELEMENT_CHARS
from ratecalc.remittance import column_reader, import_remittances, segment_bytes, tokenizer
from ratecalc.remittance.column_values import Declined
from ratecalc.remittance.parser import parse_segments, parse_text
from ratecalc.remittance.segment_bytes import ByteSegments, byte_segments
from ratecalc.remittance.synthetic import (
    STANDARD,
    PaymentSpec,
    random_payments,
    segments_835,
    serialize,
    synthetic_835,
)
from ratecalc.remittance.tokenizer import Delimiters, interchange_spans

from .strategies import delimiters, payments
from .test_column_reader import _everything, _recount

ISA = ("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*^*"
       "00501*000000001*0*P*:")
#: Pieces of an interchange's text: separators, line breaks, blanks, control and non-ASCII
#: characters, segments of the kinds the reader reads, a run at the segment limit.
PIECES = ["~", "*", ":", "\n", "\r", "\r\n", "CLP", "SVC", "CAS", "LX", "SE", "DTM", "A1", " ",
          "REF*6R*L1", "REF*6R", "6R",
          "\t", "\x00", "\x1d", "é", "CLP*A1*1*5*5", "SVC*HC:97110*5*5", "CAS*CO*45*1",
          "A" * (MAX_X12_ELEMENT_CHARS - 3), "A" * MAX_X12_ELEMENT_CHARS]


def _tokenized(text: str) -> list[str]:
    return [s for _, _, chunks in tokenizer.interchange_chunks(text) for c in chunks for s in c]


def _agree(text: str) -> ByteSegments | None:
    """The byte segments of ``text`` (None: left to the strings), checked against the
    tokenizer's segments read as strings."""
    try:
        spans = interchange_spans(text)
    except InputError:
        return None
    if not spans:
        return None
    kept: list[bytes] = []
    if not column_reader._plain_text(text, spans[0][0], kept):
        return None
    found = byte_segments(text, spans, b"".join(kept))
    # the column reader's call, its bytes told plain already: taken and split alike
    told = byte_segments(text, spans, b"".join(kept), told_plain=True)
    assert (told is None) == (found is None)
    if found is None or told is None:
        return None
    chosen, in_bytes = found
    assert told[1].all_texts() == in_bytes.all_texts()
    as_text = column_reader._TextSegments(chosen, _tokenized(text))
    assert chosen == spans[0][0]
    assert in_bytes.all_texts() == as_text.segments
    assert len(in_bytes) == len(as_text)
    sizes, kind = in_bytes.layout(column_reader._KINDS, column_reader._OTHER)
    text_sizes, text_kind = as_text.layout(column_reader._KINDS, column_reader._OTHER)
    assert sizes.tolist() == text_sizes.tolist() and kind.tolist() == text_kind.tolist()
    # and each kind is the one of the id its text starts with, followed by the separator
    assert kind.tolist() == [_kind_of(text, chosen.element) for text in as_text.segments]
    # each kind, every other segment, and all of them, in file order and reversed
    for at in [*(np.flatnonzero(kind == k) for k in np.unique(kind)),
               np.arange(len(kind))[::2], np.arange(len(kind))[::-1]]:
        assert in_bytes.texts(at) == as_text.texts(at)
        assert in_bytes.elements(at) == as_text.elements(at)
        where, distinct = in_bytes.distinct(at)
        text_where, text_distinct = as_text.distinct(at)
        assert where.tolist() == text_where.tolist() and distinct == text_distinct
        texts = as_text.texts(at)
        for head in HEADS:
            # heads and tails, from the bytes and the strings, are what their texts say
            starts = [len(t) > len(head) and t.startswith(head) for t in texts]
            assert in_bytes.heads(at, head).tolist() == starts
            assert as_text.heads(at, head).tolist() == starts
            chosen = at[np.array(starts, dtype=bool)]
            tails = [t[len(head):] for t, s in zip(texts, starts, strict=True) if s]
            assert in_bytes.tails(chosen, len(head)) == tails
            assert as_text.tails(chosen, len(head)) == tails
    return in_bytes


def _kind_of(text: str, separator: str) -> int:
    """The reader's kind of a segment, told from its text."""
    segment_id, _, _ = text.partition(separator)
    if separator in text and segment_id in column_reader._KINDS:
        return column_reader._KINDS[segment_id]
    return column_reader._OTHER


#: Heads asked of segments (the column reader asks for REF*6R*'s), and one of a whole segment.
HEADS = ("REF*6R*", "CLP", "REF*6R", "SVC*HC:97110*5*5")


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=16), st.sampled_from(["~", "\n", "|"]),
       st.sampled_from(["", "\n", "\r\n", " ", "\n\t"]), st.booleans(), st.booleans())
def test_byte_segments_are_the_tokenizers(pieces: list[str], terminator: str, between: str,
                                          second: bool, closed: bool) -> None:
    """Whatever the text, the byte segments (when taken) are the tokenizer's, and so are their
    layout, texts, elements and distinct texts."""
    body = "".join(pieces).replace("~", terminator)
    text = f"{ISA}{terminator}{body}" + (terminator if closed else "")
    if second:  # a second interchange, with what is between them
        text += f"IEA*1*1{terminator}{between}{ISA}{terminator}ST*835*1{terminator}{between}"
    _agree(text)


@pytest.mark.parametrize("separator", ["*", "|"])
def test_each_segment_id_is_told_its_kind(separator: str) -> None:
    """Every id the reader knows, ids like them that it does not, and ids without a separator,
    get the kind their text gives, in the bytes and in the strings."""
    ids = [*column_reader._KINDS, "N1", "CL", "CLPX", "LXX", "S", "SEE", "TS", "NM", "ISA"]
    segments = [f"{segment_id}{separator}1" for segment_id in ids] + ["LX", "CLP", "SE"]
    text = ISA.replace("*", separator) + "~" + "~".join(segments) + "~"
    found = _agree(text)
    assert found is not None
    _, kind = found.layout(column_reader._KINDS, column_reader._OTHER)
    assert len(set(kind.tolist())) == len(set(column_reader._KINDS.values())) + 1


def test_byte_segments_are_taken_of_a_plain_file_and_left_otherwise() -> None:
    text = synthetic_835(2_000, seed=5)
    assert _agree(text) is not None
    assert _agree(text.replace("\n", "\r\n")) is not None
    assert _agree(text.replace("~\n", "~")) is not None
    assert _agree(text + "\r\n" + text) is not None  # two interchanges, line breaks between
    refused = [text.replace("CLP*", "CLP*\x1d", 1),  # a control character
               text.replace("CLP*", "CLP*" + "9" * (MAX_X12_ELEMENT_CHARS + 1), 1),  # too long
               text.replace("CLP*", "CLP*é", 1),  # not ASCII
               text.rstrip("\n~"),  # no terminator at the end: the tokenizer's last segment
               text + " \n" + text,  # a blank between interchanges
               text.replace("~\n", "\n")]  # the terminator a line break
    for changed in refused:
        spans = interchange_spans(changed)
        raw = changed.encode("utf-8")  # what _plain_text would refuse, too
        assert byte_segments(changed, spans, raw) is None
    # taken or not, the column reader and the parser agree on each (the tests of
    # test_column_reader.py read such files both ways)
    for changed in refused[:4]:
        found = column_reader.read_columns(changed, "x.835")
        by_segments = parse_segments(changed, "x.835")
        if found is not None:
            assert _everything(found) == _everything(by_segments)


def test_distinct_texts_are_told_apart_past_their_first_bytes() -> None:
    """Texts alike in their first 8, 16 or 24 bytes, of every length up to the widest hashed
    and past it: the distinct ones and each one's index are ``pd.factorize``'s."""
    texts = [f"CAS*CO*45*{'1' * n}{tail}" for n in range(0, 60, 7) for tail in ("", "2", "3")]
    texts += ["CAS*CO*45*1", "CAS*CO*45*11", "CAS*CO", "CAS*CO*"] + texts[::3]
    text = f"{ISA}~" + "".join(f"{t}~" for t in texts)
    found = byte_segments(text, interchange_spans(text), text.encode("ascii"))
    assert found is not None
    segments = found[1]
    at = np.arange(1, len(segments))
    where, distinct = segments.distinct(at)
    expected_where, expected = pd.factorize(np.array(texts, dtype=object))
    assert where.tolist() == expected_where.tolist() and distinct == expected.tolist()


def test_distinct_texts_are_told_apart_by_their_first_and_last_bytes() -> None:
    """Texts differing only in their first byte, or only in their last, of widths about each
    multiple of 8: each its own distinct text, the rows read from each text's first byte."""
    texts = [f"{first}{'*' * n}{last}" for n in range(0, 30, 5) for first in "AB"
             for last in ("1", "2")]
    texts += texts[::-2]
    text = f"{ISA}~" + "".join(f"{t}~" for t in texts)
    found = byte_segments(text, interchange_spans(text), text.encode("ascii"))
    assert found is not None
    where, distinct = found[1].distinct(np.arange(1, len(found[1])))
    expected_where, expected = pd.factorize(np.array(texts, dtype=object))
    assert where.tolist() == expected_where.tolist() and distinct == expected.tolist()


def test_two_texts_with_one_hash_decline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts whose hashes are equal but whose bytes are not are never taken as one: the reader
    declines (the segment parser then reads the file)."""
    text = f"{ISA}~CAS*CO*45*1~CAS*CO*45*2~"
    found = byte_segments(text, interchange_spans(text), text.encode())
    assert found is not None
    segments = found[1]
    real = pd.factorize

    def one_hash(values: object, *args: object, **kwargs: object) -> object:
        if isinstance(values, np.ndarray) and values.dtype == np.uint64:
            return real(np.zeros_like(values), *args, **kwargs)  # every text one hash
        return real(values, *args, **kwargs)

    monkeypatch.setattr(segment_bytes.pd, "factorize", one_hash)
    with pytest.raises(Declined):
        segments.distinct(np.array([1, 2]))


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(payments(), delimiters(), st.sampled_from(["", "\n", "\r\n"]), st.integers(1, 3))
def test_the_reader_gives_the_same_parse_from_bytes_as_from_strings(
        drawn: list[PaymentSpec], chosen: Delimiters, line_break: str, per: int) -> None:
    """A generated 835 read by the column reader from its bytes, from its segments as strings
    (forced), and by the segment parser (the fallback): one parse."""
    text = serialize(segments_835(drawn, payments_per_interchange=per), chosen,
                     line_break=line_break)
    by_segments = parse_segments(text, "x.835")
    from_bytes = column_reader.read_columns(text, "x.835")
    spans = interchange_spans(text)
    taken = byte_segments(text, spans, text.encode("utf-8")) is not None
    assert taken == (text.isascii() and chosen.segment not in "\r\n")
    found = column_reader._segments(text)
    assert found is not None
    reader = column_reader._Reader("x.835", found[0], column_reader._TextSegments(*found))
    from_strings = reader.read()
    assert from_bytes is not None
    assert _everything(from_bytes) == _everything(from_strings) == _everything(by_segments)


def test_a_hash_collision_leaves_the_whole_file_to_the_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text given one hash: the column reader declines the file, and the segment parser
    reads it from the byte segments' texts, with the parse it gives of the text itself."""
    text = synthetic_835(3_000, seed=7)
    by_segments = parse_segments(text, "x.835")
    real = pd.factorize

    def one_hash(values: object, *args: object, **kwargs: object) -> object:
        if isinstance(values, np.ndarray) and values.dtype == np.uint64:
            return real(np.zeros_like(values), *args, **kwargs)
        return real(values, *args, **kwargs)

    # claims alike but for their dates: a collision taken as one text would date every line
    # 2025-01-01 and still balance (the file above, its amounts mixed up, was declined as not
    # balancing even with the byte check gone)
    claims = "".join(f"CLP*A{n}*1*100*80**12*PCN{n}~SVC*HC:97110*100*80**1~DTM*472*2025010{n}~"
                     "CAS*CO*45*20~" for n in range(1, 4))
    dated = (f"{ISA}~GS*HP*S*R*20250301*1200*1*X*005010X221A1~ST*835*1~BPR*I*240*C~N1*PR*ACME~"
             f"{claims}SE*16*1~GE*1*1~IEA*1*000000001~")
    dated_by_segments = parse_segments(dated, "x.835")
    assert column_reader.read_columns(dated, "x.835") is not None  # read by columns
    monkeypatch.setattr(segment_bytes.pd, "factorize", one_hash)
    assert column_reader.read_columns(text, "x.835") is None
    assert _everything(parse_text(text, "x.835")) == _everything(by_segments)
    assert not by_segments.problems
    assert column_reader.read_columns(dated, "x.835") is None
    assert _everything(parse_text(dated, "x.835")) == _everything(dated_by_segments)
    assert not dated_by_segments.problems
    assert [str(d)[:10] for d in dated_by_segments.lines.column("service_date")] == [
        "2025-01-01", "2025-01-02", "2025-01-03"]


def test_more_segments_between_claims_than_a_batch_read_alike() -> None:
    """The segments outside claims are made text a batch at a time (_BATCH): three batches of
    them read as the parser reads them, and a problem in the third declines the file."""
    segments = segments_835(random_payments(40, seed=2), payments_per_interchange=20)
    first_lx = next(at for at, s in enumerate(segments) if s[0] == "LX")
    many = 3 * column_reader._BATCH
    segments[first_lx:first_lx] = [["REF", "EV", f"X{n}"] for n in range(many)]
    text = serialize(_recount(segments), STANDARD)
    assert byte_segments(text, interchange_spans(text), text.encode("ascii")) is not None
    by_columns = column_reader.read_columns(text, "x.835")
    assert by_columns is not None
    assert _everything(by_columns) == _everything(parse_segments(text, "x.835"))
    bad = text.replace(f"REF*EV*X{many - 10}~", f"REF*EV*X{many - 10}~ZZZ*1~")
    assert column_reader.read_columns(bad, "x.835") is None
    by_segments = parse_segments(bad, "x.835")
    assert by_segments.problems
    assert _everything(parse_text(bad, "x.835")) == _everything(by_segments)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_a_wide_file_is_read_from_its_text_bytes(encoding: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved as UTF-16 or UTF-32 with its byte-order mark (importer._decode) is found in
    the bytes of its decoded text, never of the file: read as its UTF-8 twin is."""
    text = synthetic_835(1_000, seed=4).replace("\n", "\r\n")
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE}[encoding]
    (tmp_path / "a.835").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.835").write_bytes(bom + text.encode(encoding))
    taken: list[bool] = []
    real = column_reader.byte_segments

    def seen(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(column_reader, "byte_segments", seen)
    twin = import_remittances([tmp_path / "a.835"])
    wide = import_remittances([tmp_path / "b.835"])
    assert taken == [True, True]
    assert not wide.problems and len(wide.lines) > 100
    assert wide.lines.drop(columns="file").equals(twin.lines.drop(columns="file"))
    assert wide.adjustments.drop(columns="file").equals(twin.adjustments.drop(columns="file"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet="CLPSVXEQN2*|:é", max_size=6), min_size=1, max_size=12),
       st.sampled_from(["*", "|", "L"]))
@example(["LX**", "SE*", "CLPé", "LQ*é", "é", "", "CLP*", "S"], "*")
@example(["LQL", "CLPL1", "LXLL", "SEL"], "L")
def test_kinds_are_each_segments_id_and_separator(segments: list[str], separator: str) -> None:
    """``segment_bytes.kinds`` (the text path's ``_layout``, ASCII or not) gives each segment
    the kind its text names: an id the reader knows followed by the separator (even a
    separator that is a letter of an id), else the other kind; segments as short as one
    character, or empty, last in the file too."""
    texts = [text.replace("\n", "") for text in segments]
    _, kind = column_reader._layout(texts, separator)
    expected = []
    for text in texts:
        # an id of three, else of two, then the separator (no other reading of a text)
        found = column_reader._KINDS.get(text[:3]) if text[3:4] == separator else None
        if (found is None or len(text[:3]) != 3) and text[2:3] == separator:
            found = column_reader._KINDS.get(text[:2]) if len(text[:2]) == 2 else None
        expected.append(column_reader._OTHER if found is None else found)
    assert kind.tolist() == expected
