"""The walk-away floor divides by the clinic's visits a year, the exit estimates use each
payer's: when the two disagree, a warning names both figures (the review's 10,400 against
10,800, with the floor at 86.2% of Medicare instead of 88.4%, said nowhere)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data

SAID = "visits_per_year is 10,400 among the clinic metrics, but the payers' visits a year " \
       "add up to 10,800"


def test_the_demo_agrees_and_says_nothing() -> None:
    from ratecalc.analysis import visits_disagree_note

    data = demo_data()
    assert visits_disagree_note(data) is None
    assert not any("visits a year add up" in p.message for p in analyze(data).warnings)


@pytest.mark.parametrize(("added", "warned"), [(400, True), (100, False)])
def test_payers_visits_apart_from_the_clinics_are_named(added: int, warned: bool) -> None:
    data = demo_data()
    payers = data.payers.copy()
    payers.loc[0, "visits_per_year"] += added  # 10,400 -> 10,800: 3.8% apart; 10,500: under 1%
    changed = replace(data, payers=payers)
    messages = [p.message for p in analyze(changed).warnings]
    found = [m for m in messages if "visits a year add up" in m]
    if not warned:
        assert found == []
        return
    assert len(found) == 1 and SAID in found[0]
    assert "the walk-away floor uses 10,400, the exit estimates and the letter use each " \
           "payer's" in found[0]
