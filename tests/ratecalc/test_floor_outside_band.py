"""A walk-away floor far outside the band a rate is doubted outside is said on the Problems
sheet, with the figures it comes from.

The 40-payer x 300-code benchmark workbook showed Proposal floors of $0.29 (10004, Medicare
$47.13): right for its inputs (2,419,675 units a year over 60,000 visits, 40.3 units a
visit, so $90.20 a visit spread over $14,609.15 of Medicare), but no therapy visit bills 40
units, and nothing said so. Typed the other way (a year's visits where its units belong) the
floor is many times Medicare and raises every ask to it, in the letter too.

Hand computation, one code billed (97110, $27.20 on the demo's Medicare date, 2026-10-01,
locality 10112-00), the demo's cost per visit $82.00 + 10% = $90.20 and 10,400 visits a year:

- 416,000 units: 40 units a visit, $1,088.00 of Medicare a visit; 90.20 / 1,088 = 8.29%,
  a floor of 90.20 / 40 = $2.255 a unit, shown $2.26 (the cents that meet it), below the
  plausible 30%.
- 2,080 units: 0.2 units a visit, $5.44 of Medicare a visit; 90.20 / 5.44 = 1658.1%, a
  floor of 90.20 / 0.2 = $451.00 a unit, above the plausible 400%: the ask for 97110 is
  raised to it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.analysis import analyze, floor_outside_band_note
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data

TODAY = date(2026, 12, 1)  # given, not the clock's: the bundled data covers it in any year
PAYER = "Summit BlueCare PPO"


def _one_code(units: float) -> ClinicData:
    data = demo_data(TODAY)
    volumes = data.volumes[(data.volumes["payer"] == PAYER)
                           & (data.volumes["code"] == "97110")].assign(units_per_year=units)
    assert len(volumes) == 1
    return replace(data, volumes=volumes.reset_index(drop=True))


def _floor_warnings(data: ClinicData) -> list[str]:
    return [p.message for p in analyze(data).warnings if "walk-away floor is" in p.message]


def test_the_demo_floor_is_inside_the_band_and_says_nothing() -> None:
    assert _floor_warnings(demo_data(TODAY)) == []


@pytest.mark.parametrize(("units", "ratio", "said", "floor"), [
    (416_000.0, 90.20 / 1088.0,
     "the walk-away floor is 8.3% of Medicare, below the plausible 30%-400%: $90.20 a visit "
     "(cost per visit $82.00 + 10%) against Medicare's $1,088.00 for a visit, 416,000 units "
     "a year over 10,400 visits (40 units a visit)", 2.26),
    (2_080.0, 90.20 / 5.44,
     "the walk-away floor is 1658.1% of Medicare, above the plausible 30%-400%: $90.20 a "
     "visit (cost per visit $82.00 + 10%) against Medicare's $5.44 for a visit, 2,080 units "
     "a year over 10,400 visits (0.2 units a visit)", 451.00),
])
def test_a_floor_outside_the_band_is_named_with_its_figures(
        units: float, ratio: float, said: str, floor: float) -> None:
    data = _one_code(units)
    analysis = analyze(data)
    assert analysis.medicare.set_index("code").loc["97110", "medicare_amount"] == 27.20
    assert analysis.floor_pct_of_medicare == pytest.approx(ratio, rel=1e-12)
    row = analysis.proposal.set_index(["payer", "code"]).loc[(PAYER, "97110")]
    assert row["floor"] == pytest.approx(floor, rel=1e-12)
    found = _floor_warnings(data)
    assert len(found) == 1
    assert found[0].startswith(f"Clinic Metrics: {said}")
    assert found[0].endswith("check units_per_year on the Volumes sheet (one year's), and "
                             "cost_per_visit and visits_per_year among the clinic metrics")
    if floor > 100:  # the harm the warning is for: the ask raised to a floor 16 x Medicare
        assert row["proposed_rate"] == 451.00


def test_no_cost_per_visit_no_floor_no_band_warning() -> None:
    data = _one_code(416_000.0)
    metrics = data.metrics[data.metrics["metric"] != "cost_per_visit"].reset_index(drop=True)
    assert _floor_warnings(replace(data, metrics=metrics)) == []


@settings(max_examples=200, deadline=None)
@given(ratio=st.floats(1e-6, 50.0), low=st.floats(0.0, 1.0), high=st.floats(1.0, 10.0),
       units=st.floats(1.0, 1e7), visits=st.floats(1.0, 1e6))
def test_the_note_is_said_exactly_outside_the_band(ratio: float, low: float, high: float,
                                                   units: float, visits: float) -> None:
    note = floor_outside_band_note(82.0, 0.10, ratio, units, visits, 90.20 / ratio, low, high)
    if low <= ratio <= high:
        assert note is None
        return
    assert note is not None
    side = "below" if ratio < low else "above"
    assert f" of Medicare, {side} the plausible " in note
    assert note.startswith("the walk-away floor is ")
