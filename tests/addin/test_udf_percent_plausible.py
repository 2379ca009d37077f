"""A percentage typed whole where a worksheet function reads a fraction (3 for 3%) is refused
in words saying what it was read as and how to write what was likely meant, through xlwings'
own CallUDF: a cell formatted as a percentage showing 3% hands over 0.03, one in General
format holding 3 hands over 3 (FIXED_VS_PCT's cf_change of 3 was a yearly change of 300%, and
PROPOSED_RATE's max_increase of 3 an ask of up to 300%, both taken)."""

from __future__ import annotations

import pytest

from tests.addin.win32_stubs import ERR, MISSING

CF_RULE = "cf_change: expected a yearly change from -50% to 50% (-0.5 to 0.5, 1.0 = 100%)"
MAX_RULE = "max_increase: expected a largest increase from 0% to 500% (0 to 5, 1.0 = 100%)"


def test_a_yearly_change_typed_whole_is_refused_saying_both_readings(excel):
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 2.0, 3.0, MISSING, MISSING) == (
        f"{ERR}{CF_RULE}, got 3 (300%); for 3% write 0.03 or 3%")
    # one of a row of changes
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 3.0, ((-0.028, 3.0),), MISSING,
                 MISSING) == f"{ERR}{CF_RULE}, got 3 (300%); for 3% write 0.03 or 3%"


def test_a_largest_increase_typed_whole_is_refused_saying_both_readings(excel):
    # 300% is in its range too: an argument arrives bare whatever its cell shows
    assert excel("PROPOSED_RATE", 26.83, 31.5, MISSING, 3.0, MISSING) == (
        f"{ERR}{MAX_RULE}, got 3, which reads as 300% or 3%: for 300% write 300%, for 3% "
        f"write 3% or 0.03")
    # written with its % sign, 150% is taken: 26.83 x 2.5 = 67.075, capped at the benchmark
    assert excel("PROPOSED_RATE", 26.83, 31.5, MISSING, "150%", MISSING) == 31.5


@pytest.mark.parametrize("typed", [0.03, "3%", " 3 % "])
def test_three_percent_as_a_cell_holds_it_is_taken(excel, typed):
    # a cell showing 3% holds 0.03; text with its % sign is read as the percentage it says
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 2.0, typed, MISSING,
                 MISSING) == pytest.approx(30.0 * 1000 - 1.2 * 25.0 * 1.03 * 1000)
    # 26.83 + 3% = 27.6349 -> 27.63, under the benchmark
    assert excel("PROPOSED_RATE", 26.83, 31.5, 0.0, typed, MISSING) == 27.63


@pytest.mark.parametrize(("typed", "taken"), [(0.5, True), (-0.5, True), (0.51, False),
                                              (1.0, False), (-0.99, False), ("50%", True),
                                              ("51%", False)])
def test_the_plausible_range_keeps_its_bounds(excel, typed, taken):
    result = excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 2.0, typed, MISSING, MISSING)
    assert (not str(result).startswith(ERR)) == taken, result
    if not taken and isinstance(typed, str):  # a percent already: no hint
        assert result == f"{ERR}{CF_RULE}, got {typed!r}"
