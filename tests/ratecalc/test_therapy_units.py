"""Units from minutes: Medicare's 8-minute rule (CMS's own examples) and the AMA per-code rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.therapy_units import (
    allocate_units,
    needs_assistant_modifier,
    units_for_visit,
    units_from_minutes,
)


@pytest.mark.parametrize(("minutes", "units"), [
    (0, 0), (7, 0), (7.9, 0), (8, 1), (15, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3),
    (53, 4), (67, 4), (68, 5), (127, 8), (128, 9),
])
def test_unit_thresholds(minutes, units):
    # CMS Pub. 100-04 ch. 5 s. 20.2 table: 1 unit 8-22, 2 units 23-37, ... 8 units 113-127
    assert units_from_minutes(minutes) == units


# Examples from CMS Pub. 100-04, chapter 5, section 20.2 (pooled timed minutes) and what the
# AMA per-code rule bills for the same visit.
CMS_EXAMPLES = [
    # 33 + 7 = 40 minutes -> 3 units: 97110 gets 2 full units (3 minutes left over); the
    # third unit goes to 97140, whose 7 minutes beat 3. AMA: 97140's 7 minutes bill nothing.
    ({"97110": 33, "97140": 7}, {"97110": 2, "97140": 1}, {"97110": 2, "97140": 0}),
    # 24 + 23 = 47 minutes -> 3 units: one full each, leftovers 9 and 8: 97112 gets the third.
    ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 1}, {"97112": 2, "97110": 2}),
    # 7 + 7 + 7 = 21 minutes -> 1 unit, for one of the three (the first listed on a tie).
    ({"97110": 7, "97140": 7, "97112": 7}, {"97110": 1, "97140": 0, "97112": 0},
     {"97110": 0, "97140": 0, "97112": 0}),
    # 18 + 13 + 10 + 8 = 49 minutes -> 3 units: 97110 a full unit (3 left), then the two largest
    # leftovers 13 and 10; 97035's 8 minutes get none. AMA bills all four (each >= 8).
    ({"97110": 18, "97140": 13, "97116": 10, "97035": 8},
     {"97110": 1, "97140": 1, "97116": 1, "97035": 0},
     {"97110": 1, "97140": 1, "97116": 1, "97035": 1}),
    # 5 minutes alone: nothing.
    ({"97110": 5}, {"97110": 0}, {"97110": 0}),
]


@pytest.mark.parametrize(("minutes", "medicare", "ama"), CMS_EXAMPLES)
def test_cms_examples(minutes, medicare, ama):
    assert units_for_visit(minutes) == medicare
    assert units_for_visit(minutes, rule="ama") == ama


def test_many_visits_at_once_match_one_at_a_time():
    frames = [pd.DataFrame({"visit": i, "code": list(m), "minutes": list(m.values())})
              for i, (m, _, _) in enumerate(CMS_EXAMPLES)]
    together = allocate_units(pd.concat(frames, ignore_index=True))
    expected = [u for _, medicare, _ in CMS_EXAMPLES for u in medicare.values()]
    assert together["units"].tolist() == expected


def test_bad_minutes():
    with pytest.raises(InputError, match=r"minutes: expected minutes >= 0, got -3"):
        units_from_minutes([10, -3])
    with pytest.raises(InputError, match="code 97110 listed twice"):
        units_for_visit([("97110", 10), ("97110", 5)])
    with pytest.raises(InputError, match="unit rule"):
        allocate_units(pd.DataFrame({"code": ["97110"], "minutes": [10]}), rule="cms")


def test_assistant_de_minimis():
    # CQ/CO when the assistant furnished more than 10% of the minutes: 1 of 10 is exactly 10%.
    assert not needs_assistant_modifier(1, 10)
    assert needs_assistant_modifier(2, 15)
    with pytest.raises(InputError, match="exceeds the service's 10 minutes"):
        needs_assistant_modifier(12, 10)


@given(a=st.integers(0, 600), b=st.integers(0, 600))
def test_units_are_monotone_in_minutes(a, b):
    low, high = sorted((a, b))
    assert units_from_minutes(low) <= units_from_minutes(high)


visit_minutes = st.lists(st.integers(0, 90), min_size=1, max_size=6)


@settings(max_examples=150)
@given(minutes=visit_minutes, which=st.integers(0, 5), extra=st.integers(0, 60))
def test_pooled_units_monotone_and_add_up(minutes, which, extra):
    frame = pd.DataFrame({"code": [f"C{i}" for i in range(len(minutes))], "minutes": minutes})
    units = allocate_units(frame)["units"]
    assert units.sum() == units_from_minutes(sum(minutes))  # all the pooled units, no more
    assert (units >= np.array(minutes) // 15).all()  # every full 15 minutes keeps its unit
    more = frame.copy()
    more.loc[which % len(minutes), "minutes"] += extra
    assert allocate_units(more)["units"].sum() >= units.sum()
    ama = allocate_units(frame, rule="ama")["units"]
    assert (ama == units_from_minutes(minutes)).all()
