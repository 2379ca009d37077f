"""The CQ/CO warning reads the rates in force of many (payer, day) pairs in one go
(speed-cq-16: one ``schedule_rates``, ``price_by_contract`` and Medicare lookup for all of
them, 662.8 -> 303.4 M instructions a call): each pair must read what it reads alone, its
own day's schedule rows, escalator anniversaries, contract and Medicare amounts."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.dataset import MedicareTerms
from ratecalc.remittance.canonical import _governing_on, _RatesInForce

CODES = ["97110", "97112"]
DAYS = st.dates(date(2019, 6, 1), date(2027, 6, 30))
PAYERS = st.sampled_from(["P", "Q"])

SCHEDULES = st.lists(st.tuples(PAYERS, st.sampled_from(CODES), st.sampled_from(["", "GP"]),
                               st.integers(1000, 9000).map(lambda c: c / 100), DAYS),
                     min_size=1, max_size=8)
CONTRACTS = st.lists(st.fixed_dictionaries({
    "payer": PAYERS,
    "rate_basis": st.sampled_from(["fixed", "pct_of_medicare"]),
    "pct_of_medicare": st.sampled_from([0.88, 1.05, None]),
    "assistant_reduction": st.sampled_from([0.0, None]),
    "effective_date": st.one_of(st.none(), st.dates(date(2019, 1, 1), date(2027, 1, 1))),
    "end_date": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2028, 1, 1))),
    "auto_renew": st.booleans(),
    "escalator": st.sampled_from([None, 0.02, 0.035]),
}), min_size=1, max_size=4)


def _rates(schedule: list[tuple[object, ...]], contracts: list[dict[str, object]],
           medicare: MedicareTerms | None) -> _RatesInForce:
    table = pd.DataFrame(schedule, columns=["payer", "code", "modifier", "allowed_amount",
                                            "effective_date"])
    frame = pd.DataFrame(contracts)
    return _RatesInForce(table, frame, medicare, CODES, _governing_on(frame))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(SCHEDULES, CONTRACTS, st.lists(st.tuples(PAYERS, DAYS), min_size=2, max_size=6),
       st.sampled_from([None, MedicareTerms("10112-00", date(2026, 3, 2), False, False)]))
def test_pairs_read_together_read_what_each_reads_alone(schedule, contracts, pairs,
                                                        medicare) -> None:
    together = _rates(schedule, contracts, medicare)
    together.read_pairs(pairs)
    for payer, day in pairs:
        alone = _rates(schedule, contracts, medicare)
        for code in CODES:
            assert together.on(payer, code, day) == alone.on(payer, code, day)


def test_a_pair_reads_its_own_days_schedule_row_and_escalator() -> None:
    # P's $50.00 from 2025-01-01 under a 2% contract effective 2024-03-01: raised on
    # 2025-03-01 to $51.00 and on 2026-03-01 to 52.02; read on 2025-02-03 it is $50.00
    # (hand-computed: 50 x 1.02 = 51.00, 51.00 x 1.02 = 52.02). Q's $40.00 from 2026-01-01, no
    # escalator: none before it
    rates = _rates([("P", "97110", "", 50.0, date(2025, 1, 1)),
                    ("Q", "97110", "", 40.0, date(2026, 1, 1))],
                   [{"payer": "P", "rate_basis": "fixed", "escalator": 0.02,
                     "effective_date": date(2024, 3, 1), "assistant_reduction": 0.0},
                    {"payer": "Q", "rate_basis": "fixed", "assistant_reduction": 0.0}], None)
    rates.read_pairs([("P", date(2025, 2, 3)), ("P", date(2026, 6, 1)),
                      ("Q", date(2025, 6, 2)), ("Q", date(2026, 6, 1))])
    assert rates.on("P", "97110", date(2025, 2, 3)).rate == 50.0
    assert round(rates.on("P", "97110", date(2026, 6, 1)).rate or 0, 2) == 52.02
    assert rates.on("Q", "97110", date(2025, 6, 2)).rate is None
    assert rates.on("Q", "97110", date(2026, 6, 1)).rate == 40.0


def test_a_pair_reads_the_contract_governing_its_own_day() -> None:
    # R's fixed contract ended 2025-12-31 (no renewal); from 2026-01-01 it pays 88% of
    # Medicare, which without the clinic's terms is not known. Its $45.00 row is the rate in
    # force in 2025 only
    rates = _rates([("R", "97110", "", 45.0, date(2025, 1, 1))],
                   [{"payer": "R", "rate_basis": "fixed", "effective_date": date(2024, 1, 1),
                     "end_date": date(2025, 12, 31), "auto_renew": False,
                     "assistant_reduction": 0.0},
                    {"payer": "R", "rate_basis": "pct_of_medicare", "pct_of_medicare": 0.88,
                     "effective_date": date(2026, 1, 1), "assistant_reduction": 0.0}], None)
    rates.read_pairs([("R", date(2025, 6, 2)), ("R", date(2026, 6, 1))])
    assert rates.on("R", "97110", date(2025, 6, 2)).rate == 45.0
    later = rates.on("R", "97110", date(2026, 6, 1))
    assert later.rate is None
    assert later.unknown == ("its contract pays 88% of Medicare: the clinic's Medicare "
                             "locality was not given")
