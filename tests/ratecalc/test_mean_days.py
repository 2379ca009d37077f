"""An average count of days reads one way in every output: one decimal, half-up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.column_units import Unit
from ratecalc.mean_days import mean_days_text
from ratecalc_cli.output import cell_text


@pytest.mark.parametrize(("days", "shown"), [
    (8, "8.0"),            # a whole mean printed "8" beside another file's "29.5"
    (29.5, "29.5"),
    (59 / 2, "29.5"),
    (46.25, "46.3"),       # half-up, as money rounds
    (0.05, "0.1"),
    (10 / 3, "3.3"),
    (1234.56, "1,234.6"),
])
def test_mean_days_by_hand(days: float, shown: str) -> None:
    assert mean_days_text(days) == shown
    assert cell_text(days, Unit.DAYS) == shown  # the command line's tables


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=1000))
def test_a_mean_of_whole_days_always_shows_one_decimal(total: int, claims: int) -> None:
    text = mean_days_text(total / claims)
    whole, _, tenth = text.replace(",", "").partition(".")
    assert len(tenth) == 1 and whole.isdigit()
    assert abs(float(f"{whole}.{tenth}") - total / claims) <= 0.05 + 1e-9
