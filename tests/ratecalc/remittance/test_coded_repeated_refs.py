"""A service line with two REF*6R (its control number given twice): the parser keeps the
later, and the column reader's line texts, given as each line's index into their distinct
values (``Records.coded``), must keep the same one; modifiers in either order are each their
own combination, written as billed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

from ratecalc.remittance.column_reader import read_columns
from ratecalc.remittance.parser import parse_segments
from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, segments_835, serialize
from ratecalc.remittance.tables import build_tables

from .test_column_reader import _recount


def _payment() -> PaymentSpec:
    lines = (LineSpec("97110", Decimal("100.00"), Decimal("80.00"),
                      (("CO", "45", Decimal("20.00")),), modifiers=("GP", "59")),
             LineSpec("97110", Decimal("100.00"), Decimal("80.00"),
                      (("CO", "45", Decimal("20.00")),), modifiers=("59", "GP")),
             LineSpec("97140", Decimal("90.00"), Decimal("90.00"), modifiers=("GP",)))
    return PaymentSpec("ACME HEALTH", "12345", date(2025, 2, 3),
                       (ClaimSpec("C1", lines), ClaimSpec("C2", lines[1:])))


def _twice_referenced(segments: list[list[object]]) -> list[list[object]]:
    """Each line's REF*6R followed by a second one, ``LATER<n>``."""
    out: list[list[object]] = []
    for segment in segments:
        out.append(segment)
        if segment[0] == "REF" and segment[1] == "6R":
            out.append(["REF", "6R", f"LATER{len(out)}"])
    return _recount(out)


def test_a_line_given_two_control_numbers_keeps_the_later_as_the_parser_does():
    segments = _twice_referenced(segments_835([_payment()], include_patient_data=False))
    assert sum(s[0] == "REF" and s[1] == "6R" for s in segments) >= 10
    text = serialize(segments, line_break="")
    by_columns = read_columns(text, "x.835")
    assert by_columns is not None
    assert "control_number" in by_columns.lines.coded()
    columns, _ = build_tables([by_columns])
    expected, _ = build_tables([parse_segments(text, "x.835")])
    pd.testing.assert_frame_equal(columns.lines, expected.lines)
    numbers = columns.lines["line_control_number"].tolist()
    assert numbers and all(str(n).startswith("LATER") for n in numbers)
    assert columns.lines["modifiers"].tolist() == ["GP 59", "59 GP", "GP", "59 GP", "GP"]
