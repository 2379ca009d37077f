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


def test_the_analysis_names_columns_by_their_headers() -> None:
    """Warnings about a column as a whole (a payer paying below its contract, a rate that
    looks wrong, a code without benchmark) name it as the workbook's header does."""
    from ratecalc.analysis import analyze
    from ratecalc.demo import demo_data

    warnings = analyze(demo_data()).warnings
    assert {p.location.column for p in warnings} >= {"allowed_amount"}
    for p in warnings:
        assert p.location.column is None or p.location.header, p.message
        assert "'allowed_amount'" not in p.message and "'confirmed'" not in p.message
