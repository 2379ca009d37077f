"""What the column reader reads of a distinct SVC, CAS, DTM or AMT text is kept for the next
file (``column_values.read_segment``), and the bytes of each text are told apart exactly
(``ByteSegments.distinct``, its rows zeroed past each text's end a word at a time)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from ratecalc.remittance import column_values, import_remittances
from ratecalc.remittance.column_values import (
    Declined,
    amt_fields,
    cas_fields,
    dtm_fields,
    read_segment,
    svc_fields,
)
from ratecalc.remittance.segment_bytes import byte_segments
from ratecalc.remittance.synthetic import synthetic_835
from ratecalc.remittance.tokenizer import interchange_spans

ISA = ("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*^*"
       "00501*000000001*0*P*:")


@pytest.fixture
def nothing_kept(monkeypatch: pytest.MonkeyPatch) -> dict:
    kept: dict = {}
    monkeypatch.setattr(column_values, "SEGMENTS", kept)
    return kept


def test_a_segment_read_again_is_what_it_read(nothing_kept: dict) -> None:
    """Each reader's fields, read twice, are the same values (written out here by hand), the
    second time without reading the text again."""
    expected = {
        "SVC*HC:97110:GP*100*80**2": ("HC", "97110", ("GP",), Decimal("100"), 10000,
                                      Decimal("80"), 8000, Decimal("2"), Decimal("2"), "", "",
                                      0, 0),
        "CAS*CO*45*20.5": ("CO", (("45", Decimal("20.5"), 2050, -1, None, "CO-45 20.50"),)),
        "DTM*472*20250315": ("472", date(2025, 3, 15), False, True),
        "AMT*B6*80.00": ("B6", Decimal("80.00")),
    }
    readers = {"SVC": svc_fields, "CAS": cas_fields, "DTM": dtm_fields, "AMT": amt_fields}
    for text, fields in expected.items():
        read = readers[text[:3]]
        first = read_segment(read, text, "*", ":")
        assert first == fields
        assert read_segment(read, text, "*", ":") is first
    assert len(nothing_kept) == 4


def test_a_segment_that_declines_declines_each_time_and_is_not_kept(nothing_kept: dict) -> None:
    for text in ("SVC*HC:97110*100*8O", "CAS*XX*45*20", "SVC*HC:97110*100*80*x*x*x*x*x"):
        reader = svc_fields if text.startswith("SVC") else cas_fields
        for _ in range(2):
            with pytest.raises(Declined):
                read_segment(reader, text, "*", ":")
    assert nothing_kept == {}


def test_the_same_text_under_other_delimiters_is_read_again(nothing_kept: dict) -> None:
    """A text read with one component separator is not the text read with another: SVC01
    ``HC:97110`` is a code with ':' and no code with '^'."""
    read_segment(svc_fields, "SVC*HC:97110*100*80", "*", ":")
    with pytest.raises(Declined):
        read_segment(svc_fields, "SVC*HC:97110*100*80", "*", "^")


def test_the_same_text_under_another_element_separator_is_read_again(nothing_kept: dict) -> None:
    """A text read with '*' between its elements is one element under '|' (an interchange
    whose ISA chose '|'): its SVC has no procedure and declines, its DTM has no qualifier."""
    read_segment(svc_fields, "SVC*HC:97110*100*80", "*", ":")
    with pytest.raises(Declined):
        read_segment(svc_fields, "SVC*HC:97110*100*80", "|", ":")
    assert read_segment(dtm_fields, "DTM*472*20250315", "*", "")[:2] == ("472", date(2025, 3, 15))
    assert read_segment(dtm_fields, "DTM*472*20250315", "|", "") == ("", None, False, False)


def test_long_texts_are_not_kept_and_the_count_is_bounded(
        nothing_kept: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = "DTM*472*20250315*" + "X" * column_values.SEGMENT_KEPT_CHARS
    read_segment(dtm_fields, long_text, "*", "")
    assert nothing_kept == {}
    monkeypatch.setattr(column_values, "SEGMENTS_KEPT", 3)
    for day in range(1, 7):
        assert read_segment(dtm_fields, f"DTM*472*202503{day:02}", "*", "")[1] == date(
            2025, 3, day)
    assert len(nothing_kept) == 3


def test_an_import_with_every_segment_kept_is_the_import_without(tmp_path) -> None:
    """The benchmark's kind of file imported with its segments read afresh, then with them
    all kept from that import: every table cell alike."""
    path = tmp_path / "payments.835"
    path.write_text(synthetic_835(6000, seed=3))
    column_values.SEGMENTS.clear()
    first = import_remittances([path])
    assert column_values.SEGMENTS  # the SVC, CAS, DTM and AMT texts read
    again = import_remittances([path])
    for name in ("lines", "claims", "adjustments", "provider_adjustments", "transactions"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))
    assert first.problems == again.problems


@pytest.mark.parametrize("length", range(1, 66))
def test_equal_texts_followed_by_other_bytes_are_one(length: int) -> None:
    """Texts of every length up to the widest hashed (and past it), each twice, followed by
    other segments: the bytes past a text's end count for nothing, and a text one byte longer
    or with its last byte changed is another."""
    body = "CAS*" + "1" * max(0, length - 4)
    body = body[:length]
    # the other texts no wider than the widest hashed, which the rows of a table need
    texts = [body, "A", body, "BB" * 20, body + "1", body[:-1] + "2", body]
    text = f"{ISA}~" + "".join(f"{t}~" for t in texts)
    found = byte_segments(text, interchange_spans(text), text.encode("ascii"))
    assert found is not None
    where, distinct = found[1].distinct(np.arange(1, len(texts) + 1))
    expected_where, expected = pd.factorize(np.array(texts, dtype=object))
    assert where.tolist() == expected_where.tolist() and distinct == expected.tolist()
