"""Medicare's 8-minute rule: who gets the units left over, in CMS's tie-break order.

CMS Pub. 100-04, chapter 5, section 20.2: the day's timed minutes give the units; each code gets
its full 15-minute units, and a unit left over is billed for the service performed for the most
(leftover) minutes. RateCalc's order, documented in ``allocate_units``:

1. the most minutes left over (``minutes mod 15``);
2. on a tie, the code with more minutes in all (the service "performed for the most minutes");
3. on a tie of both, the code listed first (CMS: "bill either").
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.therapy_units import allocate_units, units_for_visit, units_from_minutes

TIE_BREAKS = [
    # 1. leftovers 10 (97140) > 9 (97110): 19 + 10 = 29 min -> 2 units: 97110 1 full, 97140 1
    ({"97110": 24, "97140": 10}, {"97110": 1, "97140": 1}),
    # 2. leftover tie 8 = 8, totals 23 > 8: 31 min -> 2 units; 97110 has 1 full unit and wins
    #    the tie on total minutes, though 97140 is listed first and has no unit at all
    ({"97140": 8, "97110": 23}, {"97140": 0, "97110": 2}),
    ({"97110": 23, "97140": 8}, {"97110": 2, "97140": 0}),
    # 2. three codes, leftovers 7, 7, 7; totals 37, 22, 7: 66 min -> 4 units, 2 + 1 full,
    #    the 4th to the code with the most minutes (97530, 37), whatever the order
    ({"97112": 7, "97140": 22, "97530": 37}, {"97112": 0, "97140": 1, "97530": 3}),
    ({"97530": 37, "97112": 7, "97140": 22}, {"97530": 3, "97112": 0, "97140": 1}),
    # 3. full tie (10 and 10): 20 min -> 1 unit, to the code listed first
    ({"97112": 10, "97110": 10}, {"97112": 1, "97110": 0}),
    ({"97110": 10, "97112": 10}, {"97110": 1, "97112": 0}),
    # leftover beats total minutes: leftovers 14 (97140, 14 min) > 1 (97110, 46 min):
    # 60 min -> 4 units, 97110 3 full, the 4th to 97140
    ({"97110": 46, "97140": 14}, {"97110": 3, "97140": 1}),
    # a code with nothing left over never takes a unit: 30 + 7 = 37 min -> 2 units, both full
    ({"97110": 30, "97140": 7}, {"97110": 2, "97140": 0}),
]


@pytest.mark.parametrize(("minutes", "units"), TIE_BREAKS)
def test_cms_tie_break_order(minutes, units):
    assert units_for_visit(minutes) == units


def test_visits_are_allocated_independently():
    visits = pd.DataFrame({
        "visit": ["v2", "v1", "v2", "v1"],
        "code": ["97140", "97110", "97110", "97140"],
        "minutes": [8, 10, 23, 10],
    }, index=[10, 11, 12, 13])
    out = allocate_units(visits)
    # v1: 20 min -> 1 unit, full tie -> first listed in v1 (97110); v2: as TIE_BREAKS case 2
    assert out["units"].tolist() == [0, 1, 2, 0]
    assert out["code"].tolist() == ["97140", "97110", "97110", "97140"]  # input order kept
    assert list(out.index) == [0, 1, 2, 3]
    assert list(out.columns) == ["visit", "code", "minutes", "units"]
    assert out["units"].dtype.kind == "i"
    assert allocate_units(visits, "ama")["units"].tolist() == [1, 1, 2, 1]


def test_units_are_whole_numbers():
    assert units_from_minutes([7, 8, 23]).dtype.kind == "i"
    # minutes typed as text (a CSV or workbook cell) count like numbers
    assert units_from_minutes(["22", "23"]).tolist() == [1, 2]
    units = units_for_visit({"97110": 23, "97140": 8})
    assert units == {"97110": 2, "97140": 0}
    assert all(type(u) is int for u in units.values())


def test_errors_name_what_was_wrong():
    with pytest.raises(InputError, match=r"expected one of medicare, ama, got 'cms'"):
        allocate_units(pd.DataFrame({"code": ["97110"], "minutes": [10]}), "cms")
    with pytest.raises(InputError, match=r"^visit minutes: missing column\(s\) code, minutes$"):
        allocate_units(pd.DataFrame({"visit": [1]}))
    with pytest.raises(InputError, match=r"^minutes: expected minutes >= 0, got -1$"):
        units_from_minutes([5, -1])
    with pytest.raises(InputError, match=r"got nan"):
        units_from_minutes([float("nan")])


def test_fractional_minutes_do_not_count():
    # 7.9 + 7.9 minutes are 14 whole minutes: 1 unit, to the first code
    assert units_for_visit({"97110": 7.9, "97140": 7.9}) == {"97110": 1, "97140": 0}
    out = allocate_units(pd.DataFrame({"code": ["97110"], "minutes": ["22.5"]}))
    assert out["units"].tolist() == [1]


visits = st.lists(st.integers(0, 70), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(minutes=visits)
def test_allocation_follows_the_rule(minutes):
    codes = [f"C{i}" for i in range(len(minutes))]
    units = units_for_visit(dict(zip(codes, minutes, strict=True)))
    got = [units[c] for c in codes]
    total = sum(minutes)
    assert sum(got) == (0 if total < 8 else (total + 7) // 15)
    left = [m % 15 for m in minutes]
    bonus = [u - m // 15 for u, m in zip(got, minutes, strict=True)]
    assert all(b in (0, 1) for b in bonus)
    assert all(b == 0 for b, r in zip(bonus, left, strict=True) if r == 0)
    # no code without the extra unit outranks one with it, in CMS's order
    key = [(r, m, -i) for i, (r, m) in enumerate(zip(left, minutes, strict=True))]
    won = [k for k, b in zip(key, bonus, strict=True) if b]
    lost = [k for k, b, r in zip(key, bonus, left, strict=True) if not b and r > 0]
    if won and lost:
        assert min(won) > max(lost)


@settings(max_examples=100, deadline=None)
@given(minutes=visits)
def test_ama_rule_is_per_code(minutes):
    codes = [f"C{i}" for i in range(len(minutes))]
    units = units_for_visit(dict(zip(codes, minutes, strict=True)), "ama")
    assert [units[c] for c in codes] == [0 if m < 8 else (m + 7) // 15 for m in minutes]
