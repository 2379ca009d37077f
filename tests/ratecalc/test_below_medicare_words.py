"""The warning on asks that stay below Medicare says what held each there (the speech/OT
practice walk: with no market benchmarks it said "the maximum increase caps it" of asks at the
minimum increase or the walk-away floor, none of them near the maximum)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ratecalc.analysis import analyze, held_below_medicare
from tests.clinics import lonestar


@pytest.mark.parametrize(("reason", "cause"), [
    ("raised to the walk-away floor", "raised to the walk-away floor only, with no market "
                                      "above it to ask"),
    ("no market figure: minimum increase", "no market figure: it asks the minimum increase"),
    ("fee schedule $68.40, raised by its contract's 3% escalator; no market figure: minimum "
     "increase", "no market figure: it asks the minimum increase"),
    ("far below market: capped at the maximum increase", "the maximum increase caps it"),
    ("already at or above market: minimum increase", "the market is below Medicare"),
    ("below market: asks the market rate", "the market is below Medicare"),
])
def test_each_reason_is_named(reason, cause):
    assert held_below_medicare(reason) == cause


def test_no_benchmarks_no_longer_blame_the_maximum_increase():
    data = lonestar()
    data = replace(data, benchmarks=data.benchmarks.iloc[0:0])
    said = [p.message for p in analyze(data).warnings if "stays below Medicare" in p.message]
    assert said, "the fixture has asks below Medicare without a market"
    assert not any("maximum increase caps it" in m for m in said), said
    assert all("(no market figure: it asks the minimum increase)" in m
               or "(raised to the walk-away floor only" in m for m in said), said
