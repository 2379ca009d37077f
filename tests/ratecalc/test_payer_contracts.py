"""``payer_contracts``: which of a payer's contracts governs, judged by the term running today.

Dates are counted by hand: a term rolls forward by whole years from its written end date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.priorities import contract_terms
from ratecalc.rates import contract_percentages, payer_contracts
from ratecalc.timeline import current_term_end

AS_OF = date(2025, 12, 1)


@pytest.mark.parametrize(("end", "auto_renew", "expected"), [
    (date(2026, 6, 30), False, date(2026, 6, 30)),   # not yet ended: its own end
    (date(2025, 12, 1), False, date(2025, 12, 1)),   # ends today: still current
    (date(2025, 11, 30), False, None),               # ended yesterday, no renewal
    (date(2025, 11, 30), True, date(2026, 11, 30)),  # one term on
    (date(2024, 9, 30), True, date(2026, 9, 30)),    # 2025-09-30 passed too: two terms on
    # counted from the written date, so a month end stays one: 2024-02-29 + 2 years
    (date(2024, 2, 29), True, date(2026, 2, 28)),
])
def test_current_term_end_by_hand(end: date, auto_renew: bool, expected: date | None) -> None:
    assert current_term_end(end, auto_renew, AS_OF) == expected


def test_a_month_long_term_rolls_from_the_written_date() -> None:
    # 2025-01-31 + 11 months = 2025-12-31 (not 2025-12-28 via February's 28th)
    assert current_term_end(date(2025, 1, 31), True, AS_OF, 1) == date(2025, 12, 31)


def _contracts(*rows: tuple[str, str, date, bool, str, float | None]) -> pd.DataFrame:
    return pd.DataFrame([{"payer": payer, "product": product, "end_date": end,
                          "auto_renew": auto, "rate_basis": basis, "pct_of_medicare": pct,
                          "notice_days": 90}
                         for payer, product, end, auto, basis, pct in rows])


def test_the_current_term_not_the_written_date_decides() -> None:
    contracts = _contracts(
        ("Meridian", "HMO", date(2024, 9, 30), True, "pct_of_medicare", 1.5),  # now 2026-09-30
        ("Meridian", "PPO", date(2026, 6, 30), False, "fixed", None),
        ("Summit", "PPO", date(2026, 3, 31), True, "pct_of_medicare", 1.2),
    )
    governing = payer_contracts(contracts, AS_OF)
    assert governing.loc["Meridian", "product"] == "PPO"
    assert governing.loc["Meridian", "term_end"] == date(2026, 6, 30)
    assert contract_percentages(payer_contracts(contracts, AS_OF)) == {"Summit": 1.2}
    # on 2026-08-01 the PPO has ended without renewal: the HMO, running to 2026-09-30, governs
    later = payer_contracts(contracts, datetime(2026, 8, 1, 9, 30))
    assert later.loc["Meridian", "product"] == "HMO"
    assert later.loc["Meridian", "term_end"] == date(2026, 9, 30)


def test_when_every_contract_ended_the_last_to_end_governs() -> None:
    contracts = _contracts(
        ("Cardinal", "Old", date(2024, 6, 30), False, "pct_of_medicare", 1.5),
        ("Cardinal", "New", date(2025, 6, 30), False, "fixed", None),
        ("Cardinal", "Older", date(2023, 6, 30), False, "fixed", None),
    )
    governing = payer_contracts(contracts, AS_OF)
    assert governing.loc["Cardinal", "product"] == "New"
    assert governing.loc["Cardinal", "term_end"] is None
    assert contract_percentages(payer_contracts(contracts, AS_OF)) == {}


def _rolled(end: date, auto: bool, as_of: date) -> date | None:
    """The current term's end, counted here year by year (12-month terms, each ending the day
    before its start's anniversary: a term begun on Mar 1 ends on Feb 29 in a leap year; one
    begun on Feb 29 has its anniversary on Mar 1 in other years) as an oracle independent of
    ``current_term_end``."""
    if end >= as_of:
        return end
    if not auto:
        return None
    start = end + timedelta(days=1)
    year = start.year
    while True:
        year += 1
        leap_day_missing = (start.month, start.day) == (2, 29) and year % 4
        anniversary = date(year, 3, 1) if leap_day_missing else date(year, start.month, start.day)
        rolled = anniversary - timedelta(days=1)
        if rolled >= as_of:
            return rolled


days = st.integers(min_value=-900, max_value=900)
contract_rows = st.lists(st.tuples(st.sampled_from(("A", "B")), days, st.booleans()),
                         min_size=1, max_size=6)


@given(contract_rows, days)
def test_the_governing_contract_is_the_one_the_renewal_facts_show(drawn, offset) -> None:
    # the rates (payer_contracts) and the dates (contract_terms: Priorities, the timeline, the
    # letter's deadline) speak of the same contract, whatever the dates, and it is the running
    # contract whose term ends first, or, when none runs, the one that ended last
    as_of = AS_OF + timedelta(days=offset)
    contracts = _contracts(*[(payer, f"P{i}", AS_OF + timedelta(days=d), auto, "fixed", None)
                             for i, (payer, d, auto) in enumerate(drawn)])
    governing = payer_contracts(contracts, as_of)
    terms = contract_terms(contracts, as_of).set_index("payer")
    assert sorted(governing.index) == sorted(terms.index)
    for payer, contract in governing.iterrows():
        assert terms.loc[payer, "end_date"] == (contract["term_end"] or contract["end_date"])
        mine = contracts[contracts["payer"] == payer]
        running = [t for t in (_rolled(r.end_date, r.auto_renew, as_of)
                               for r in mine.itertuples()) if t is not None]
        if running:
            assert contract["term_end"] == min(running)
        else:
            assert contract["term_end"] is None
            assert contract["end_date"] == max(mine["end_date"])


@pytest.mark.parametrize(("product", "contract_id", "named"), [
    ("HMO", "MM-HMO-2026", "contract MM-HMO-2026 (HMO) starts"),
    ("HMO", None, "the HMO contract starts"),   # it said "contract the HMO contract starts"
    (None, None, "the contract starts"),        # it said "contract the contract starts"
])
def test_a_contract_not_started_is_named_once_as_a_contract(
        product: str | None, contract_id: str | None, named: str) -> None:
    """The warning that a contract is not in force yet says "contract" once, whether the row
    names the contract by its id or only by its product (or by neither)."""
    from dataclasses import replace

    from ratecalc.analysis import contracts_ahead_warnings
    from ratecalc.demo import demo_data

    data = demo_data(date(2025, 12, 1))
    later = {**data.contracts.iloc[0].to_dict(), "payer": "Meridian Mutual", "product": product,
             "contract_id": contract_id, "effective_date": date(2026, 1, 1),
             "end_date": date(2026, 12, 31)}
    contracts = pd.concat([data.contracts, pd.DataFrame([later])], ignore_index=True)
    [warned] = contracts_ahead_warnings(replace(data, contracts=contracts), AS_OF)
    assert warned.rule.startswith(f"Meridian Mutual: {named} 2026-01-01, after the analysis "
                                  f"date 2025-12-01, so it is not in force yet; ")
