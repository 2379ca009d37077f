"""column_values.read_segment keeps a text of at most SEGMENT_KEPT_CHARS characters (abe16a76:
"at most 128 characters"): one of exactly that length is kept, one a character longer is not."""

from __future__ import annotations

from datetime import date

import pytest

from ratecalc.remittance import column_values
from ratecalc.remittance.column_values import dtm_fields, read_segment


def test_a_text_of_exactly_the_bound_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    kept: dict = {}
    monkeypatch.setattr(column_values, "SEGMENTS", kept)
    head = "DTM*472*20250315*"
    at_bound = head + "X" * (column_values.SEGMENT_KEPT_CHARS - len(head))
    assert len(at_bound) == 128
    assert read_segment(dtm_fields, at_bound, "*", "")[1] == date(2025, 3, 15)
    assert [text for _, _, text in kept] == [at_bound]
    read_segment(dtm_fields, at_bound + "X", "*", "")
    assert len(kept) == 1
