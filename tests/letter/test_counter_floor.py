"""A counter letter values an offer on a code with no walk-away floor (97014: no Medicare
amount), as :mod:`tests.ratecalc.test_proposal_floor_shown` builds it."""

from __future__ import annotations

import math

from ratecalc.analysis import analyze
from ratecalc_letter.content import PayerOffer, build_letter
from tests.ratecalc.test_proposal_floor_shown import PAYER, _with_97014


def test_a_counter_letter_on_a_code_without_a_floor_values_the_offer() -> None:
    """The counteroffer's rule takes a floor per code: a blank one is no floor to fall under
    (the counter letter gave it NaN, which the rule refuses as not a number)."""
    analysis = analyze(_with_97014())
    offer = PayerOffer(PAYER, {"97014": 12.30, "97110": 27.00})
    content = build_letter(analysis, PAYER, "counter", offer=offer)
    line = next(ln for ln in content.lines if ln.code == "97014")
    assert math.isnan(line.floor)
    # between the current 12.48 (12.00 raised by Keystone's escalator by its new term) and
    # the ask 13.11: countered, never "walk away": 12.30 + 0.5 x (13.11 - 12.30) = 12.705,
    # up to 12.71
    assert (line.current_rate, line.proposed_rate) == (12.48, 13.11)
    assert line.counter_rate == 12.71
