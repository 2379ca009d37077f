"""The faster forms of five steps of an 835 import give what the plainer forms gave.

Each step was rewritten for the 835 benchmark's speed, behaviour unchanged; each is compared
here, on generated inputs meant to reach its edges, with the form it replaced, written out:

- ``tokenizer._interchange_end`` found the IEA closing an interchange with a pattern
  (terminator, line breaks, ``IEA`` and the element separator), now with ``str.find``;
- ``parser._plain`` asked ``str.isprintable`` of every list of segments, now of non-ASCII text
  only (ASCII: its printable characters deleted from the bytes);
- ``column_reader._layout`` counted each segment's elements by two searches of the separators'
  places, now by a sum over its characters;
- ``column_reader._segments`` asked ``_plain`` of each list of segments, now tells the whole
  text plain at once where it can (``_plain_text``);
- ``tables._text_array`` is ``pd.array(items, dtype="str")``, made by Arrow from the items where
  pandas keeps text in Arrow.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.limits import MAX_X12_ELEMENT_CHARS
from ratecalc.remittance import column_reader, parser, tables, tokenizer
from ratecalc.remittance.synthetic import synthetic_835
from ratecalc.remittance.tokenizer import Delimiters

#: Pieces an interchange's end is found among: terminators, line breaks, the trailer's letters
#: with and without their separator, other separators.
PIECES = ["~", "\n", "\r", "\r\n", "IEA", "IEA*", "IEA|", "*", "|", "A", "EA*", "I", "~\n"]


def _end_by_pattern(text: str, start: int, delimiters: Delimiters) -> int:
    """``_interchange_end`` as written before (the reference)."""
    trailer = re.compile(
        re.escape(delimiters.segment) + "[\r\n]*IEA" + re.escape(delimiters.element)
    ).search(text, start)
    if trailer is None:
        return len(text)
    end = text.find(delimiters.segment, trailer.end())
    return len(text) if end < 0 else end + 1


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.integers(0, 40),
       st.sampled_from(["~", "\n", "\r", "|"]), st.sampled_from(["*", "|", "^"]))
def test_interchange_end_is_the_patterns(pieces: list[str], start: int, terminator: str,
                                         element: str) -> None:
    if terminator == element:
        element = "*" if terminator != "*" else "^"
    text = "".join(pieces)
    start = min(start, len(text))
    delimiters = Delimiters(element, ":", terminator)
    assert tokenizer._interchange_end(text, start, delimiters) == _end_by_pattern(
        text, start, delimiters)


def test_interchange_end_on_a_file_of_several_interchanges() -> None:
    isa = ("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*"
           "1200*^*00501*000000001*0*P*:~")
    body = "GS*HP*S*R~ST*835*1~SE*2*1~GE*1*1~"
    text = (isa + body + "\r\nIEA*1*000000001~\n") * 3
    delimiters = Delimiters("*", ":", "~", "^")
    for start in range(0, len(text), 7):
        assert tokenizer._interchange_end(text, start, delimiters) == _end_by_pattern(
            text, start, delimiters)


def _plain_before(segments: list[str]) -> bool:
    """``parser._plain`` as written before (the reference)."""
    return (max(map(len, segments), default=0) <= MAX_X12_ELEMENT_CHARS
            and "".join(segments).isprintable())


def test_plain_takes_the_ascii_characters_isprintable_takes() -> None:
    for code in range(128):
        for segments in ([chr(code)], ["CLP*A1", f"SVC*{chr(code)}*1"]):
            assert parser._plain(segments) is _plain_before(segments), code


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.text(max_size=12),
                          st.text(st.characters(max_codepoint=127), max_size=12),
                          st.sampled_from(["", "A" * MAX_X12_ELEMENT_CHARS,
                                           "A" * (MAX_X12_ELEMENT_CHARS + 1), "\x85", "\xa0",
                                           "\u2028", "\ufeff", "é", "\x7f"])),
                max_size=8))
def test_plain_is_the_isprintable_check(segments: list[str]) -> None:
    assert parser._plain(segments) is _plain_before(segments)


def _sizes_before(segments: list[str], separator: str) -> np.ndarray:
    """Each segment's count of elements as ``_layout`` counted them before (the reference):
    the separators' places searched for each segment's start and end."""
    joined = "\n".join(segments) + "\n"
    codes = (np.frombuffer(joined.encode("ascii"), dtype=np.uint8) if joined.isascii()
             else np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32))
    ends = np.flatnonzero(codes == 10)
    starts = np.r_[0, ends[:-1] + 1]
    separators = np.flatnonzero(codes == ord(separator))
    return np.searchsorted(separators, ends) - np.searchsorted(separators, starts) + 1


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(st.sampled_from("*|CLPSV0é:"), max_size=10), max_size=12),
       st.sampled_from(["*", "|"]))
def test_layout_counts_the_elements_as_before(segments: list[str], separator: str) -> None:
    sizes, _ = column_reader._layout(segments, separator)
    expected = _sizes_before(segments, separator)
    assert sizes.dtype == expected.dtype
    assert sizes.tolist() == expected.tolist()
    assert sizes.tolist()[:len(segments)] == [s.count(separator) + 1 for s in segments]


#: Pieces of an interchange's text for ``column_reader._plain_text``: separators, line breaks,
#: blanks between interchanges, control and non-ASCII characters, a run at the segment limit.
TEXT_PIECES = ["~", "*", ":", "\n", "\r", "\r\n", "CLP", "SVC", "A1", " ", "\t", "\x00", "\x1d",
               "\x7f", "é", "\ufeff", "A" * (MAX_X12_ELEMENT_CHARS - 3),
               "A" * MAX_X12_ELEMENT_CHARS]
ISA = ("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*^*"
       "00501*000000001*0*P*:")


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TEXT_PIECES), max_size=14), st.sampled_from(["~", "\n", "|"]),
       st.booleans())
def test_plain_text_is_told_only_of_plain_segments(pieces: list[str], terminator: str,
                                                   second: bool) -> None:
    """``_plain_text`` true: every list of segments the tokenizer gives is ``_plain`` (what
    ``_segments`` asked of each before)."""
    body = "".join(pieces).replace("~", terminator)
    text = f"{ISA}{terminator}{body}{terminator}"
    if second:  # a second interchange, blanks between
        text += f"\n {ISA}{terminator}ST*835*1{terminator}"
    try:
        found = list(tokenizer.interchange_chunks(text))
    except InputError:
        return  # a line break then '*' is read as the terminator: nothing reaches the reader
    delimiters = found[0][0]
    told = column_reader._plain_text(text, delimiters)
    slice_size = column_reader._SLICE
    try:  # told a slice at a time: the same whatever the slice
        for size in (1, 7, 1000):
            column_reader._SLICE = size
            assert column_reader._plain_text(text, delimiters) is told, size
    finally:
        column_reader._SLICE = slice_size
    lists = [chunk for _, _, chunks in found for chunk in chunks]
    if told:
        assert all(parser._plain(chunk) for chunk in lists)
    if terminator != "\n" and all(parser._plain(chunk) for chunk in lists) and (
            text.isascii() and not re.search("[^\x20-\x7e\r\n]", text)):
        # printable text: told unless two terminators are further apart than a segment may be
        gaps = [len(piece) for piece in text.split(terminator)]
        assert told is (max(gaps) <= MAX_X12_ELEMENT_CHARS)


def test_plain_text_tells_the_benchmarks_file() -> None:
    text = synthetic_835(2_000, seed=1)
    delimiters = tokenizer.delimiters_from_isa(text)
    assert column_reader._plain_text(text, delimiters)
    assert not column_reader._plain_text(text.replace("CLP*", "CLP*\x01", 1), delimiters)
    assert not column_reader._plain_text(text.replace("CLP*", "CLP*" + "9" * 1001, 1),
                                         delimiters)
    found = column_reader._segments(text)
    assert found is not None and found[1] == [
        s for _, _, chunks in tokenizer.interchange_chunks(text) for c in chunks for s in c]


ITEMS = st.one_of(st.text(max_size=6), st.none(), st.sampled_from(["", "97110", "GP CQ"]))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(
    st.lists(ITEMS, max_size=10),
    st.lists(st.one_of(ITEMS, st.integers(-5, 5), st.floats(allow_nan=True),
                       st.binary(max_size=3), st.just(pd.NA), st.just(np.nan)), max_size=6)),
    st.booleans())
def test_text_array_is_pandas_str_array(items: list[object], as_array: bool) -> None:
    given_items = np.fromiter(items, dtype=object, count=len(items)) if as_array else items
    try:
        expected = pd.array(items, dtype="str")
    except ValueError as exc:  # bytes not UTF-8: pandas refuses them, and so must this
        with pytest.raises(type(exc)):
            tables._text_array(given_items)
        return
    made = tables._text_array(given_items)
    assert made.dtype == expected.dtype
    assert type(made) is type(expected)
    pd.testing.assert_extension_array_equal(made, expected)
    assert [repr(item) for item in made] == [repr(item) for item in expected]


def test_text_array_where_pandas_reads_str_as_numpy_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """pandas 2 (pyproject allows >= 2.1) reads "str" as numpy's text dtype, which has no
    ``storage``: asking for it raised AttributeError and every 835 import crashed there. Where
    "str" is not pandas' Arrow text, the items are pandas' own."""
    pandas_dtype = pd.api.types.pandas_dtype

    def as_pandas_2(dtype: object) -> object:
        return np.dtype(str) if dtype == "str" else pandas_dtype(dtype)

    monkeypatch.setattr(pd.api.types, "pandas_dtype", as_pandas_2)
    items = ["97110", "GP", None]
    made = tables._text_array(items)
    pd.testing.assert_extension_array_equal(made, pd.array(items, dtype="str"))
