"""A doubtful rate's reason names the plausible band as the Settings set it
(:func:`ratecalc.money.stated_percent_text`), not rounded to a whole percent."""

from __future__ import annotations

import pandas as pd

from ratecalc.rates import doubtful_rates


def test_a_doubtful_rate_names_the_plausible_band_as_set() -> None:
    """A rate of $30.20 against Medicare's $100.00 is 30.2% of it; with the Settings' plausible
    low at 30.5% it is flagged, and the reason said "outside the plausible 31%-400%" (the band
    rounded whole); at 30.49% it said "outside the plausible 30%-400%" of a 30.2% rate."""
    rates = pd.DataFrame({"payer": ["Alpha"], "code": ["97110"], "schedule_rate": [30.20]})
    medicare = pd.Series({"97110": 100.00})
    for low, band in ((0.305, "30.5%-400%"), (0.3049, "30.49%-400%")):
        [reason] = doubtful_rates(rates, medicare, low, 4.0)["reason"].tolist()
        assert reason == f"30.2% of Medicare ($100.00), outside the plausible {band}", reason
