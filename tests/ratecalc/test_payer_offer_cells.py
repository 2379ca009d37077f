"""ratecalc.negotiation_log.is_payer_offer reads a blank cell as none whatever form the blank
takes: None, an empty or spaced text, NaN, NaT, or pandas' NA (a log's column read with a
nullable dtype). pandas' NA was a figure: a "received" acknowledgement with both figures NA
counted as the payer's offer, a late reply on the Timeline."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.negotiation_log import is_payer_offer

BLANKS = [None, "", "  ", math.nan, pd.NaT, pd.NA]


@pytest.mark.parametrize("rate", BLANKS)
@pytest.mark.parametrize("increase", BLANKS)
def test_no_figure_in_any_blank_form_is_no_offer(rate, increase):
    assert not is_payer_offer("received", rate, increase)
    assert not is_payer_offer(pd.NA, rate, increase)


@given(figure=st.one_of(st.floats(0, 1e6), st.decimals(0, 1e6, places=2)),
       blank=st.sampled_from(BLANKS),
       direction=st.sampled_from(["received", "Call", " MEETING ", None, pd.NA, "", "sent",
                                  " Sent "]))
def test_a_figure_beside_a_blank_is_an_offer_unless_sent(figure, blank, direction):
    sent = isinstance(direction, str) and direction.strip().casefold() == "sent"
    assert is_payer_offer(direction, figure, blank) is not sent
    assert is_payer_offer(direction, blank, figure) is not sent
