"""Percentages inside sentences read as every table shows them: half-up, as money."""

from __future__ import annotations

import pandas as pd

from ratecalc.rates import doubtful_rates


def test_a_doubtful_rate_states_its_percent_half_up():
    # 41.25 / 10 = 412.5% of Medicare: Python's format gave "412%" (half to even), while the
    # Comparison sheet's 0% format and every table show 413%
    rates = pd.DataFrame({"payer": ["Alpha"], "code": ["97110"], "schedule_rate": [41.25],
                          "confirmed": [False]})
    found = doubtful_rates(rates, pd.Series({"97110": 10.0}), low=0.305, high=4.0)
    assert found["reason"].tolist() == [
        "413% of Medicare ($10.00), outside the plausible 31%-400%"]
