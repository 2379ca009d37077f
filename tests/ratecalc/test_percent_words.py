"""Percentages inside sentences read as every table shows them: half-up, as money."""

from __future__ import annotations

import pandas as pd

from ratecalc.rates import doubtful_rates


def test_a_doubtful_rate_states_its_percent_half_up():
    # 16.49 / 4.00 = 412.25% of Medicare: shown to a tenth, as the Comparison sheet's 0.0% and
    # every output show a percent of Medicare (pct_of_medicare_text), half-up: 412.3%, where
    # Python's format gives 412.2% (the binary value is below the half); whole, it read 412%
    rates = pd.DataFrame({"payer": ["Alpha"], "code": ["97110"], "schedule_rate": [16.49],
                          "confirmed": [False]})
    found = doubtful_rates(rates, pd.Series({"97110": 4.0}), low=0.305, high=4.0)
    # the band as set, 30.5% (it read "31%", rounded whole: a 30.2% rate could be "outside the
    # plausible 30%-400%", tests/ratecalc/test_plausible_band_words.py)
    assert found["reason"].tolist() == [
        "412.3% of Medicare ($4.00), outside the plausible 30.5%-400%"]


def test_a_doubtful_rate_below_the_band_never_reads_as_its_edge():
    # 2.99 / 10.00 = 29.9% of Medicare is below a plausible low of 30%: whole, it read "30% of
    # Medicare ..., outside the plausible 30%-400%"
    rates = pd.DataFrame({"payer": ["Alpha"], "code": ["97110"], "schedule_rate": [2.99],
                          "confirmed": [False]})
    found = doubtful_rates(rates, pd.Series({"97110": 10.0}), low=0.3, high=4.0)
    assert found["reason"].tolist() == [
        "29.9% of Medicare ($10.00), outside the plausible 30%-400%"]
