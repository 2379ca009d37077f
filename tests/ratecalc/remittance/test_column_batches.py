"""Two of the column reader's batch reads are each item read alone.

- ``column_reader._printable_or_break`` (numpy's compares and counts over a slice of a file's
  bytes) says of any ASCII bytes what deleting the printable bytes and line breaks says: that
  nothing is left.
- ``column_values.optional_amounts`` (a claim's patient responsibility, CLP05: each distinct
  text read once, a column of plain amounts by one match and ``Decimal``) gives each text's
  ``optional_amount``, written alike, and declines where one of them declines.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ratecalc.limits import MAX_X12_ELEMENT_CHARS
from ratecalc.remittance import column_reader
from ratecalc.remittance.column_reader import _printable_or_break, _Totals
from ratecalc.remittance.column_values import (
    Declined,
    forget_reads,
    optional_amount,
    optional_amounts,
)
from ratecalc.remittance.tokenizer import Delimiters

_ALLOWED = bytes(range(0x20, 0x7F)) + b"\r\n"
#: Bytes a file is mostly made of, and each byte the check must refuse or take at its edges.
_MOSTLY = st.sampled_from(list(b"CLP*12~\n\r"))
_ANY_ASCII = st.integers(min_value=0, max_value=0x7F)


def _expected(raw: bytes) -> bool:
    return not raw.translate(None, _ALLOWED)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_MOSTLY, _MOSTLY, _MOSTLY, _ANY_ASCII), max_size=60))
def test_printable_or_break_is_nothing_left_after_deleting_those(codes: list[int]) -> None:
    raw = bytes(codes)
    assert _printable_or_break(np.frombuffer(raw, dtype=np.uint8)) == _expected(raw)


@pytest.mark.parametrize("raw", [
    b"", b"ISA*00~\n", b"ISA*00~\r\n", b"A\rB\nC", b"\r\r\n", b"\t", b"A\x00~", b"A\x7f",
    b"\x1f", b" ", b"~", b"\n\x0b", b"\r\x0c\n", b"A\n\x0d\x0e",
])
def test_printable_or_break_edges(raw: bytes) -> None:
    assert _printable_or_break(np.frombuffer(raw, dtype=np.uint8)) == _expected(raw)


def test_printable_or_break_by_hand() -> None:
    assert _printable_or_break(np.frombuffer(b"CLP*A1*1~\r\nSE*2~\n", dtype=np.uint8))
    assert not _printable_or_break(np.frombuffer(b"CLP*A1\t*1~\n", dtype=np.uint8))
    assert not _printable_or_break(np.frombuffer(b"CLP*A1\x7f~", dtype=np.uint8))


def _alone(texts: list[str]) -> list[object] | None:
    forget_reads()
    try:
        return [optional_amount(text) for text in texts]
    except Declined:
        return None
    finally:
        forget_reads()


def _together(texts: list[str]) -> list[object] | None:
    try:
        return optional_amounts(np.array(texts, dtype=object)).tolist()
    except Declined:
        return None


_EDGES = ["", "0", "-0", "0.00", "5.5", "-5.55", "0012.10", "999999999999.99",
          "9999999999999", "5.555", "5.", ".5", "+5", " 5", "5\n6", "1E+2", "-", "٣", "1_0",
          "NaN", "12.3.4", "0.000001"]
_PLAIN = st.from_regex(r"\A-?[0-9]{1,13}(\.[0-9]{1,3})?\Z")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PLAIN, _PLAIN, st.just(""), st.sampled_from(_EDGES)), max_size=30))
def test_optional_amounts_are_each_text_read_alone(texts: list[str]) -> None:
    expected = _alone(texts)
    found = _together(texts)
    if expected is None:
        assert found is None
        return
    assert found is not None
    # written alike: Decimal("5.50") == Decimal("5.5"), but the tables show what is written
    assert [None if v is None else str(v) for v in found] == [
        None if v is None else str(v) for v in expected]


def test_optional_amounts_by_hand() -> None:
    found = optional_amounts(np.array(["25", "", "140.82", "25", "-0.50"], dtype=object))
    assert [None if v is None else str(v) for v in found.tolist()] == [
        "25", None, "140.82", "25", "-0.50"]
    assert optional_amounts(np.array([], dtype=object)).tolist() == []
    assert optional_amounts(np.array(["", ""], dtype=object)).tolist() == [None, None]
    with pytest.raises(Declined):
        optional_amounts(np.array(["25", "N/A"], dtype=object))


def _joined_by_hand(owner: list[int], ids: list[int], texts: list[str], count: int) -> list[str]:
    column = [""] * count
    for row, (who, i) in enumerate(zip(owner, ids, strict=True)):
        column[who] = texts[i] if row == 0 or owner[row - 1] != who else (
            column[who] + "; " + texts[i])
    return column


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(1, 9)), max_size=12),
       st.integers(2, 400), st.data())
def test_each_owners_adjustments_joined_as_by_hand(runs: list[tuple[int, int]], distinct: int,
                                                   data: st.DataObject) -> None:
    """``_Totals.text``: each owner's run of texts joined with "; " in order, whether runs are
    told by their number (few texts, short runs) or, past int64, joined one by one (many
    texts and runs of up to 9)."""
    owner: list[int] = []
    for gap, length in runs:  # owners increase, some with no rows between them
        owner += [(owner[-1] if owner else -1) + 1 + gap] * length
    ids = data.draw(st.lists(st.integers(0, distinct - 1), min_size=len(owner),
                             max_size=len(owner)))
    texts = [f"CO-{n} {n}.00" if n % 3 else "PR-1 5.00" for n in range(distinct)]
    count = (owner[-1] + 1 if owner else 0) + 2
    totals = _Totals(np.array(owner, dtype=np.int64), count)
    totals.text("adjustments", np.array(ids, dtype=np.int64), texts)
    assert totals.columns["adjustments"].tolist() == _joined_by_hand(owner, ids, texts, count)


def test_adjustments_joined_by_hand() -> None:
    totals = _Totals(np.array([0, 0, 2, 3, 3, 3], dtype=np.int64), 5)
    totals.text("adjustments", np.array([1, 0, 1, 1, 0, 1]), ["PR-3 25.00", "CO-45 71.80"])
    assert totals.columns["adjustments"].tolist() == [
        "CO-45 71.80; PR-3 25.00", "", "CO-45 71.80", "CO-45 71.80; PR-3 25.00; CO-45 71.80", ""]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.integers(min_value=0, max_value=MAX_X12_ELEMENT_CHARS + 30), min_size=1,
                max_size=12),
       st.sampled_from([64, 256, 1024, 2048]), st.booleans())
@example([MAX_X12_ELEMENT_CHARS + 1], 256, False)
@example([0, MAX_X12_ELEMENT_CHARS], 256, True)
@example([255, 255, 255, 255, MAX_X12_ELEMENT_CHARS + 1, 3], 1024, True)
@example([300, 300, 300, 300, 1001, 300], 1024, False)
@example([5, MAX_X12_ELEMENT_CHARS + 1, 30], 2048, False)  # a long piece inside one slice
def test_plain_text_tells_each_piece_between_terminators(lengths: list[int], piece: int,
                                                         broken: bool) -> None:
    """``_plain_text`` of printable text (line breaks counted as characters) is whether no piece
    between two terminators, nor before the first or after the last, is over
    MAX_X12_ELEMENT_CHARS: told over slices of ``piece`` characters, and terminators at every
    block or not (its two ways of telling)."""
    filler = "A\n" if broken else "AB"
    texts = [(filler * length)[:length] for length in lengths]
    text = "~".join(texts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(column_reader, "_SLICE", piece)
        told = column_reader._plain_text(text, Delimiters("*", ":", "~"))
    assert told == all(len(t) <= MAX_X12_ELEMENT_CHARS for t in texts)
