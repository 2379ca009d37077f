"""A percentage cell formatted with a percent sign that is text (``0.0"%"``: 1.5 shows 1.5%) is
read as the percent it shows, or refused: never as another number. The shown text is worked out
here by the rule Excel and LibreOffice follow for a fixed count of decimals (half away from
zero; LibreOffice 7.4 showed 1.55, -2.25 and 0.5 in ``0.0"%"`` / ``0"%"`` as 1.6%, -2.3% and
1%), independently of :func:`ratecalc.shown_percent.typed_percent`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.schema import CONTRACTS, SETTINGS
from ratecalc.shown_percent import typed_percent
from ratecalc.validation import CellError, parse_cell

#: format -> decimals it shows
FORMATS = {'0"%"': 0, '0.0"%"': 1, '0.00"%"': 2, '#,##0.0"%"': 1, "0.0\\%": 1,
           '0.0"%";-0.0"%"': 1}
#: percentage columns of ranges that reach past 100% and stay below it
COLUMNS = [SETTINGS.column("max_increase"), CONTRACTS.column("escalator"),
           CONTRACTS.column("pct_of_medicare")]

#: numbers as typed: up to three decimals, from -60 to 600
typed_numbers = st.integers(min_value=-60_000, max_value=600_000).map(
    lambda n: float(Decimal(n).scaleb(-3)))


def _shown_percent(value: float, places: int) -> Decimal:
    """The number the cell shows before its % sign."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@settings(max_examples=300, deadline=None)
@given(value=typed_numbers, code=st.sampled_from(sorted(FORMATS)),
       column=st.sampled_from(COLUMNS))
def test_a_percent_sign_of_text_is_read_as_shown_or_refused(value, code, column) -> None:
    try:
        read = parse_cell(column, typed_percent(value, code))
    except CellError:
        return
    shown = _shown_percent(value, FORMATS[code])
    assert Decimal(repr(read)) == shown.scaleb(-2), (value, code, column.name, read)


@pytest.mark.parametrize(("value", "code", "read"), [
    (110, '0"%"', 1.1),  # 110% of Medicare: a 1.10 multiplier
    (3, '0.0"%"', 0.03), (-1.5, '0.0"%"', -0.015), (2.5, '0.00"%"', 0.025)])
def test_a_percent_of_medicare_and_an_escalator_shown_with_text_percent(value, code,
                                                                         read) -> None:
    column = CONTRACTS.column("pct_of_medicare" if value > 100 else "escalator")
    assert parse_cell(column, typed_percent(value, code)) == read
