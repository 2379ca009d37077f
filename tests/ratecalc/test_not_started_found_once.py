"""An analysis finds the payers not under contract yet (``ratecalc.rates.payers_not_started``)
and the contracts not in force yet (``contracts_not_started``) once and hands them to every rule
that reads them (``Analysis.not_started``: the priorities, their renewal terms, the warnings of
rates dated ahead and of contracts starting later): what each rule made of them is what it
makes finding them itself, as an Analysis made by hand (``not_started_found`` None) does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ratecalc.analysis import analyze, contracts_ahead_warnings
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.priorities import contract_terms, payer_priorities
from ratecalc.rates import payer_contracts, payers_not_started
from tests.test_not_started_ranking import LATER, _ended_then_restarting, _starting_later


def _books(today: date) -> dict[str, tuple[ClinicData, dict[str, date]]]:
    """Each story with the payers not under contract yet that it was built to have."""
    later, start = _starting_later(today)
    restarting, restart = _ended_then_restarting(today)
    return {"demo": (demo_data(today), {}), "starting later": (later, {LATER: start}),
            "ended, then restarting": (restarting, {LATER: restart})}


@pytest.mark.parametrize("story", ["demo", "starting later", "ended, then restarting"])
def test_found_once_is_what_each_rule_finds(story: str, told_today: date) -> None:
    data, expected = _books(told_today)[story]
    a = analyze(data)
    as_of = a.as_of
    # the stories' own payers (not this rule read back): none, or LATER from the day it starts
    assert dict(a.not_started_found or {}) == expected
    assert dict(a.not_started) == expected
    governing = payer_contracts(data.contracts, as_of)
    assert payers_not_started(data.contracts, as_of, governing=governing) == expected
    by_hand = replace(a, not_started_found=None)
    assert dict(by_hand.not_started) == expected
    s = data.settings
    terms = {"notice_days": s.notice_days, "lead_months": s.lead_months,
             "follow_up_business_days": s.follow_up_business_days,
             "offers_received": data.offers_received}
    found_here = payer_priorities(a.comparison, data.contracts, as_of, **terms)
    assert a.priorities.equals(found_here)
    assert by_hand.priorities.equals(found_here)
    assert contract_terms(data.contracts, as_of, not_started=a.not_started, **terms).equals(
        contract_terms(data.contracts, as_of, **terms))
    # the analysis' warnings of contracts starting later: those the rule finds by itself
    ahead = contracts_ahead_warnings(data, as_of)
    assert [w for w in a.warnings if w in ahead] == ahead
    assert bool(ahead) == bool(expected)
    for payer in data.contracts["payer"].astype(str).unique():
        assert a.no_term_words(payer) == by_hand.no_term_words(payer)
