"""Text pasted from a web page or an e-mail carries non-breaking spaces, and typing leaves two
spaces where one was meant: a locality name and a date written in words read as with one plain
space between their words, as they did with such spaces at their ends."""

from __future__ import annotations

from datetime import date

import pytest

from ratecalc.dates import date_from_value
from ratecalc.medicare.localities import resolve_locality


@pytest.mark.parametrize("typed", ["Rest of Maine", "Rest of\xa0Maine", "rest  of maine",
                                   "\xa0REST OF\u2002MAINE "])
def test_a_locality_name_with_any_spaces_inside_is_the_locality(typed: str) -> None:
    # "Rest of\xa0Maine" and "Rest Of  Maine" were unknown localities, while "Austin,\xa0TX"
    # and "Austin,  TX" (read by city and state) were found
    assert resolve_locality(typed) == resolve_locality("Rest of Maine")


@pytest.mark.parametrize("typed", ["March\xa01, 2026", "March  1,  2026", "Mar\xa001,\xa02026",
                                   "03/01/2026\xa0", "2026-03-01\xa0 00:00:00"])
def test_a_date_with_any_spaces_inside_is_the_day(typed: str) -> None:
    assert date_from_value(typed) == date(2026, 3, 1)
