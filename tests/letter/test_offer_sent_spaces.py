"""A Negotiation Log row the clinic logged " Sent " (stray spaces around the word, as a typed or
pasted cell keeps them) is its own proposal, never the payer's offer the counter letter answers
(ratecalc.negotiation_log.is_payer_offer)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ratecalc.negotiation_log import is_payer_offer
from ratecalc_letter.offers import offer_from_log


def test_a_sent_row_with_spaces_around_the_word_is_not_the_payers_offer() -> None:
    log = pd.DataFrame([
        {"Date": "2025-12-10", "Payer": "Summit BlueCare PPO", "Direction": "received",
         "Code": "97110", "Offered rate": 26.00, "Offered increase": None},
        # the clinic's revised proposal, later than the payer's offer
        {"Date": "2025-12-15", "Payer": "Summit BlueCare PPO", "Direction": " Sent ",
         "Code": "97110", "Offered rate": 29.00, "Offered increase": None},
    ])
    offer = offer_from_log(log, "Summit BlueCare PPO")
    assert offer.received == date(2025, 12, 10)
    assert dict(offer.rates) == {"97110": 26.00}
    assert not is_payer_offer("\tSENT ", 29.00, None)
