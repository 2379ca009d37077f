"""Where a problem is (ratecalc/errors.py): the column as the user sees it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from ratecalc.errors import Location, column_letter


@given(st.integers(min_value=1, max_value=16_384))  # Excel's columns, A to XFD
def test_column_letters_are_the_spreadsheets(number: int) -> None:
    assert column_letter(number) == get_column_letter(number)


def test_a_location_shows_header_and_letter_but_compares_by_column() -> None:
    plain = Location("f.csv", None, 5, "allowed_amount")
    shown = Location("f.csv", None, 5, "allowed_amount", header="Allowed", letter="D")
    assert str(plain) == "'f.csv', row 5, column 'allowed_amount'"
    assert str(shown) == "'f.csv', row 5, column D 'Allowed'"
    assert shown == plain and shown.shown_column == "Allowed"


def test_the_analysis_claims_no_column_it_cannot_name() -> None:
    """Warnings about a table as a whole (a payer paying below its contract, a rate that looks
    wrong, a code without benchmark) name the table, not a column: the analysis does not know
    the header the user gave it ("Fee", "Allowed amount"), and RateCalc's own name is none."""
    from ratecalc.analysis import analyze
    from ratecalc.demo import demo_data

    warnings = analyze(demo_data()).warnings
    assert any("pays less than its contract" in p.message for p in warnings)
    for p in warnings:
        assert p.location.column is None, p.message
        assert not any(name in p.message for name in ("allowed_amount", "'confirmed'",
                                                      "cost_per_visit", "proposed_rate"))


def test_a_location_at_another_row_keeps_every_other_field() -> None:
    from dataclasses import fields, replace

    from ratecalc.errors import Location

    values = {f.name: (7 if f.type in ("int | None",) else f"{f.name}-value")
              for f in fields(Location)}
    location = Location(**values)
    moved = location.at_row(12)
    assert [getattr(moved, f.name) for f in fields(Location)] == [
        getattr(replace(location, row=12), f.name) for f in fields(Location)]
    assert moved.row == 12 and moved.header == "header-value" and moved.letter == "letter-value"
