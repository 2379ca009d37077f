"""Counteroffers: hand-worked verdicts, revenue deltas, and a next counter above the floor."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ratecalc.counteroffer import (
    ceil_cents,
    evaluate_counteroffer,
    floors_from_visit_floor,
    next_counter,
    share_of_ask_text,
)
from ratecalc.errors import InputError
from ratecalc.money import exact_amount
from tests.strategies import rates

TWO_CODES = pd.DataFrame({
    "code": ["97110", "97140"],
    "units_per_year": [1000.0, 500.0],
    "current_rate": [30.0, 28.0],
    "ask_rate": [36.0, 34.0],
    "counter_rate": [35.0, 29.0],
    "floor_rate": [31.0, 30.0],
})


def test_hand_worked_counteroffer():
    # 97110: counter 35 gives (35 - 30) / (36 - 30) = 5/6 = 83% of the ask >= 80% -> accept;
    #        the next counter is the counter itself, 35.00
    # 97140: counter 29 < floor 30 -> walk away; next = max(30, 29 + 0.5 x (34 - 29)) = 31.50
    # revenue: current 1,000 x 30 + 500 x 28 = 44,000; ask 36,000 + 17,000 = 53,000;
    #          counter 35,000 + 14,500 = 49,500; floor 31,000 + 15,000 = 46,000
    # delta vs current 49,500 - 44,000 = 5,500; vs ask 49,500 - 53,000 = -3,500
    # share of the ask achieved: 5,500 / 9,000 = 61.1%
    # overall: above the floor in total, but 97140 is below its floor -> counter
    r = evaluate_counteroffer(TWO_CODES)
    lines = r.lines.set_index("code")
    assert lines["share_of_ask"].tolist() == pytest.approx([5 / 6, 1 / 6])
    assert lines["verdict"].tolist() == ["accept", "walk_away"]
    assert lines["suggested_counter"].tolist() == [35.0, 31.5]
    assert lines["delta_vs_current"].tolist() == pytest.approx([5_000, 500])
    assert lines["delta_vs_ask"].tolist() == pytest.approx([-1_000, -2_500])
    assert (r.revenue_current, r.revenue_ask, r.revenue_counter, r.revenue_floor) == \
        pytest.approx((44_000, 53_000, 49_500, 46_000))
    assert r.delta_vs_current == pytest.approx(5_500)
    assert r.delta_vs_ask == pytest.approx(-3_500)
    assert r.share_of_ask == pytest.approx(5_500 / 9_000)
    assert r.verdict == "counter"
    assert "97140 below the floor" in r.reason
    # suggested revenue: 1,000 x 35 + 500 x 31.50 = 50,750
    assert r.revenue_suggested == pytest.approx(50_750)


def test_overall_accept_and_walk_away():
    accept = TWO_CODES.assign(counter_rate=[35.5, 33.0])
    # share: (5,500 + 2,500) / 9,000 = 88.9% >= 80%, nothing below the floor
    assert evaluate_counteroffer(accept).verdict == "accept"
    # a stricter clinic wants 90%
    assert evaluate_counteroffer(accept, accept_share=0.9).verdict == "counter"
    low = TWO_CODES.assign(counter_rate=[30.0, 28.0])
    # counter revenue 44,000 < floor revenue 46,000
    r = evaluate_counteroffer(low)
    assert r.verdict == "walk_away"
    assert "below the floor's $46,000.00" in r.reason


def test_concession_and_rounding_up_to_the_cent():
    # gap 36 - 32 = 4; conceding a quarter keeps 3 of it: 32 + 3 = 35.00
    one = TWO_CODES.iloc[:1].assign(counter_rate=32.0)
    assert evaluate_counteroffer(one, concession=0.25).lines["suggested_counter"].iloc[0] == 35.0
    # a floor with a fraction of a cent is never undercut: 33.333... -> 33.34
    odd = one.assign(floor_rate=100 / 3, ask_rate=33.0)
    assert evaluate_counteroffer(odd).lines["suggested_counter"].iloc[0] == 33.34
    assert ceil_cents(26.83) == 26.83  # a whole-cent figure is not bumped by float noise
    assert ceil_cents(1.0 + 6e-8) == 1.01  # found by hypothesis: never below the amount


def test_the_next_counter_is_the_midpoint_to_the_cent():
    """The reviewer's case: the payer offers $24.00 for 97140 against an ask of $28.26;
    conceding half the gap is $26.13 exactly, which binary floats made 26.130000000000003 and
    the round-up $26.14, a cent above the midpoint the letter says it is."""
    one = pd.DataFrame({"code": ["97140"], "units_per_year": [1860.0], "current_rate": [23.0],
                        "ask_rate": [28.26], "counter_rate": [24.0], "floor_rate": [20.0]})
    assert evaluate_counteroffer(one).lines["suggested_counter"].iloc[0] == 26.13


@given(counter=st.integers(1, 100_000), gap=st.integers(0, 100_000),
       kept=st.integers(0, 100))
@example(counter=2400, gap=426, kept=50)  # the reviewer's 97140
def test_the_next_counter_of_whole_cents_is_computed_in_whole_cents(counter, gap, kept):
    """With rates in whole cents and the share of the gap kept in whole percents, the next
    counter is counter + ceil(gap x kept / 100) cents, an integer computation."""
    ask = counter + gap
    one = pd.DataFrame({"code": ["97110"], "units_per_year": [1.0], "current_rate": [0.0],
                        "ask_rate": [ask / 100], "counter_rate": [counter / 100],
                        "floor_rate": [0.0]})
    result = evaluate_counteroffer(one, concession=(100 - kept) / 100, accept_share=1.0)
    line = result.lines.iloc[0]
    if line["verdict"] == "accept":
        assert line["suggested_counter"] == counter / 100
    else:
        assert line["suggested_counter"] == (counter + -(-gap * kept // 100)) / 100


def test_bad_input_names_code_and_column():
    bad = TWO_CODES.assign(counter_rate=[35.0, -1.0])
    with pytest.raises(InputError, match=r"code 97140, column 'counter_rate': expected a number "
                                         r">= 0, got -1"):
        evaluate_counteroffer(bad)
    with pytest.raises(InputError, match=r"^accept_share: expected a fraction from 0% to 100% "
                                         r"\(0 to 1, 1\.0 = 100%\), got 80$"):
        evaluate_counteroffer(TWO_CODES, accept_share=80)


def test_floors_from_a_visit_floor():
    # cost 82 + 10% = 90.20 a visit; payer pays 82.00 a visit now -> every rate x 1.1
    floors = floors_from_visit_floor(pd.Series({"97110": 30.0, "97140": 28.0}), 82.0, 90.2)
    assert floors.to_dict() == pytest.approx({"97110": 33.0, "97140": 30.8})


def test_input_not_mutated():
    before = TWO_CODES.copy()
    evaluate_counteroffer(TWO_CODES)
    pd.testing.assert_frame_equal(TWO_CODES, before)


@settings(max_examples=150, deadline=None)
@given(data=st.lists(st.tuples(rates, rates, rates, rates, st.integers(0, 5000)), min_size=1,
                     max_size=5),
       accept_share=st.floats(0, 1), concession=st.floats(0, 1),
       floor_noise=st.floats(0, 0.0099))
def test_suggested_counter_never_below_floor(data, accept_share, concession, floor_noise):
    lines = pd.DataFrame({
        "code": [f"C{i}" for i in range(len(data))],
        "units_per_year": [float(u) for *_, u in data],
        "current_rate": [c for c, *_ in data],
        "ask_rate": [a for _, a, *_ in data],
        "counter_rate": [k for _, _, k, *_ in data],
        "floor_rate": [f + floor_noise for _, _, _, f, _ in data],  # floors off the cent grid
    })
    r = evaluate_counteroffer(lines, accept_share=accept_share, concession=concession)
    # the floor as every output reads it (exact_amount): a floor a binary speck over a cent is
    # that cent, not the next one up
    assert (r.lines["suggested_counter"] >= exact_amount(r.lines["floor_rate"])).all()
    assert set(r.lines["verdict"]) <= {"accept", "counter", "walk_away"}


@pytest.mark.parametrize(("offer", "floor", "expected"), [
    # the reviewer's 97530: midpoint 30.10 + 0.5 x (37.58 - 30.10) = 30.10 + 3.74 = 33.84, a
    # cut from the 35.04 paid today; max(28.66, 35.04, 33.84) = 35.04
    (30.10, 28.66, 35.04),
    # a floor above the current rate still wins: max(36.00, 35.04, 33.84) = 36.00
    (30.10, 36.00, 36.00),
    # an offer near the current rate: midpoint 34.00 + 0.5 x 3.58 = 35.79 > 35.04, kept
    (34.00, 28.66, 35.79),
])
def test_the_next_counter_is_never_a_cut_from_the_current_rate(offer, floor, expected):
    one = pd.DataFrame({"code": ["97530"], "units_per_year": [1188.0], "current_rate": [35.04],
                        "ask_rate": [37.58], "counter_rate": [offer], "floor_rate": [floor]})
    r = evaluate_counteroffer(one)
    assert r.lines["verdict"].iloc[0] != "accept"
    assert r.lines["suggested_counter"].iloc[0] == expected
    # 1,188 units at the counter
    assert r.revenue_suggested == pytest.approx(1188 * expected)
    assert next_counter(offer, 37.58, floor, 0.5, current=35.04) == expected


def test_low_offers_on_several_codes_never_make_the_counterproposal_a_loss():
    # Keystone's three codes of the review; the 97110 offer is above its current rate, the
    # others below:
    # 97110 max(24.15, 28.98, 29.50 + 0.5 x 2.16 = 30.58) = 30.58
    # 97530 max(28.66, 35.04, 30.10 + 0.5 x 7.48 = 33.84) = 35.04
    # 97112 max(26.86, 34.92, 29.00 + 0.5 x 7.67 = 32.835 -> 32.84) = 34.92
    # suggested revenue - current = 2,156 x (30.58 - 28.98) = +3,449.60 (was +147.84)
    lines = pd.DataFrame({
        "code": ["97110", "97530", "97112"], "units_per_year": [2156.0, 1188.0, 902.0],
        "current_rate": [28.98, 35.04, 34.92], "ask_rate": [31.66, 37.58, 36.67],
        "counter_rate": [29.50, 30.10, 29.00], "floor_rate": [24.15, 28.66, 26.86]})
    r = evaluate_counteroffer(lines)
    assert r.lines["suggested_counter"].tolist() == [30.58, 35.04, 34.92]
    assert round(r.revenue_suggested - r.revenue_current, 2) == 3449.60


def _cents(value: float) -> bool:
    """Whether ``value`` prints as a whole number of cents."""
    return (Fraction(repr(float(value))) * 100).denominator == 1


@settings(max_examples=300, deadline=None)
@given(current=rates, raise_=st.integers(0, 10_000), offer=rates,
       floor=st.integers(0, 60_000).map(lambda c: c / 100), floor_noise=st.floats(0, 0.0099),
       concession=st.floats(0, 1), accept_share=st.floats(0, 1))
@example(current=35.04, raise_=254, offer=30.10, floor=28.66, floor_noise=0.0, concession=0.5,
         accept_share=0.8)  # the reviewer's 97530
def test_the_counter_is_between_the_current_rate_and_the_ask(current, raise_, offer, floor,
                                                             floor_noise, concession,
                                                             accept_share):
    """For any offer and any ask at or above the current rate, the clinic's counter is at or
    above the current rate and the floor, in whole cents, and at most the larger of ask, floor
    and current rate; an offer above the ask is met as it is (and accepted)."""
    ask = round(current + raise_ / 100, 2)
    floor = floor + floor_noise
    counter = next_counter(offer, ask, floor, concession, current=current)
    assert counter >= current and counter >= exact_amount(floor)
    assert _cents(counter)
    if offer <= ask:
        assert counter <= ceil_cents(max(ask, exact_amount(floor), current))
    else:
        assert counter == ceil_cents(max(offer, exact_amount(floor)))
    one = pd.DataFrame({"code": ["97110"], "units_per_year": [1.0], "current_rate": [current],
                        "ask_rate": [ask], "counter_rate": [offer], "floor_rate": [floor]})
    line = evaluate_counteroffer(one, accept_share=accept_share, concession=concession
                                 ).lines.iloc[0]
    suggested = line["suggested_counter"]
    assert suggested >= current and suggested >= exact_amount(floor)
    assert _cents(suggested)
    if line["verdict"] == "accept":
        assert suggested == ceil_cents(max(offer, exact_amount(floor)))
    else:
        assert suggested == counter


def test_a_share_just_under_the_accept_line_never_reads_as_it():
    # 10,000 units asked up from $30.00 to $40.00 (an increase of $100,000.00 a year); a counter
    # of $37.99 gives 79,900 / 100,000 = 79.9%, under the 80% accept line: rounded to a whole
    # percent it read "80% of the asked increase, under 80%"
    one = pd.DataFrame({"code": ["97110"], "units_per_year": [10_000.0], "current_rate": [30.0],
                        "ask_rate": [40.0], "counter_rate": [37.99], "floor_rate": [30.0]})
    r = evaluate_counteroffer(one)
    assert r.verdict == "counter"
    assert r.reason == "the counter gives 79.9% of the asked increase, under 80%"
    assert share_of_ask_text(r.share_of_ask, 0.8) == "79.9%"
    # away from the line, whole percents, as before
    assert share_of_ask_text(5_500 / 9_000, 0.8) == "61%"
    assert share_of_ask_text(0.8, 0.8) == "80%"
    # at or over the line by less than a whole percent: the decimals it takes
    assert share_of_ask_text(0.80004, 0.8) == "80.004%"


@given(share=st.floats(-2, 3, allow_nan=False), line=st.floats(0, 1))
def test_a_share_reads_as_the_accept_line_only_when_it_is_it(share, line):
    if share != line:
        assert share_of_ask_text(share, line) != share_of_ask_text(line, line) or \
            abs(share - line) < 5e-7


@given(current=st.integers(1_000, 20_000), increase=st.integers(1, 400),
       units=st.sampled_from([1.0, 3.0, 7.0, 13.5, 250.0, 1234.5]))
@example(current=12_718, increase=399, units=250.0)  # 0.7999999999999998 in binary
def test_a_counter_of_exactly_the_accept_share_is_accepted(current, increase, units):
    # cents: an increase of 5 x increase cents, of which the counter gives exactly 80%
    now, ask, offer = (Fraction(current + k * increase, 100) for k in (0, 5, 4))
    one = pd.DataFrame({"code": ["97110", "97140"], "units_per_year": [units, 2.0],
                        "current_rate": [float(now)] * 2, "ask_rate": [float(ask)] * 2,
                        "counter_rate": [float(offer)] * 2, "floor_rate": [0.0, 0.0]})
    r = evaluate_counteroffer(one)
    assert r.lines["verdict"].tolist() == ["accept", "accept"]
    assert (r.verdict, r.reason) == ("accept", "the counter gives 80% of the asked increase")


def test_a_counter_under_the_floor_never_reads_as_the_floor():
    # 97110: 13.5 units at 30.01 against a floor of 30.00 (+0.135); 97140: 14 at 29.99 (-0.14):
    # the counter pays 405.135 + 419.86 = 824.995 a year, the floor 27.5 x 30 = 825.00; it
    # read "the counter pays $825.00 a year, below the floor's $825.00"
    lines = pd.DataFrame({"code": ["97110", "97140"], "units_per_year": [13.5, 14.0],
                          "current_rate": [28.0, 28.0], "ask_rate": [34.0, 34.0],
                          "counter_rate": [30.01, 29.99], "floor_rate": [30.0, 30.0]})
    r = evaluate_counteroffer(lines)
    assert (r.verdict, r.reason) == (
        "walk_away", "the counter pays $824.995 a year, below the floor's $825.00")


def test_a_counter_at_a_floor_computed_in_binary_is_met_to_the_cent():
    # a floor of $90.00 + 10% is $99.00 (99.00000000000001 in binary): an offer of $99.00 is
    # accepted, and the counter suggested is that $99.00, not the $99.01 the binary floor
    # rounded up to; the next counter held at that floor is $99.00 too
    floor = 90.0 * 1.1
    assert floor > 99.0
    one = pd.DataFrame({"code": ["97110"], "units_per_year": [100.0], "current_rate": [95.0],
                        "ask_rate": [110.0], "counter_rate": [99.0], "floor_rate": [floor]})
    line = evaluate_counteroffer(one, accept_share=0.0).lines.iloc[0]
    assert (line["verdict"], line["suggested_counter"]) == ("accept", 99.0)
    assert next_counter(96.0, 98.0, floor, 0.5, current=95.0) == 99.0


#: 97110 offered its whole ask, 97140 a sixth of its increase: enough in total, not code by code.
ONE_CODE_SHORT = pd.DataFrame({
    "code": ["97110", "97140"],
    "units_per_year": [1000.0, 100.0],
    "current_rate": [30.0, 28.0],
    "ask_rate": [36.0, 34.0],
    "counter_rate": [36.0, 29.0],
    "floor_rate": [0.0, 0.0],
})


def test_a_counter_enough_in_total_but_short_on_a_code_is_countered():
    # 97110: 36.00 meets the ask -> accept; 97140: (29 - 28) / (34 - 28) = 1/6 = 16.7% -> counter
    # in total: (1,000 x 6 + 100 x 1) / (1,000 x 6 + 100 x 6) = 6,100 / 6,600 = 92.4% of the
    # asked increase, over the 80% line: it read "accept" while the counter letter, answering
    # code by code, made a counterproposal for 97140
    r = evaluate_counteroffer(ONE_CODE_SHORT)
    assert r.lines["verdict"].tolist() == ["accept", "counter"]
    assert r.share_of_ask == pytest.approx(6_100 / 6_600)
    assert (r.verdict, r.reason) == (
        "counter", "the counter gives 92% of the asked increase, but code(s) 97140 (17%) give "
                   "less than 80% of the increase asked for them")


def test_a_counter_leaving_codes_out_is_never_accepted():
    # 97110 alone, at its ask: accepted code by code, but 97140 was asked for and not offered
    offered = ONE_CODE_SHORT.iloc[:1]
    r = evaluate_counteroffer(offered, codes_not_offered=["97140"])
    assert r.lines["verdict"].tolist() == ["accept"]
    assert (r.verdict, r.reason) == (
        "counter", "the counter leaves out 1 of the 2 codes asked for (97140)")
    assert evaluate_counteroffer(offered).verdict == "accept"


@settings(max_examples=150, deadline=None)
@given(data=st.lists(st.tuples(rates, rates, rates, rates, st.integers(0, 5000)), min_size=1,
                     max_size=5),
       accept_share=st.floats(0, 1), left_out=st.lists(st.sampled_from(["X1", "X2"]),
                                                       max_size=2, unique=True))
def test_the_offer_is_accepted_only_when_every_code_is(data, accept_share, left_out):
    lines = pd.DataFrame({
        "code": [f"C{i}" for i in range(len(data))],
        "units_per_year": [float(u) for *_, u in data],
        "current_rate": [c for c, *_ in data], "ask_rate": [a for _, a, *_ in data],
        "counter_rate": [k for _, _, k, *_ in data], "floor_rate": [f for *_, f, _ in data]})
    r = evaluate_counteroffer(lines, accept_share=accept_share, codes_not_offered=left_out)
    every = (r.lines["verdict"] == "accept").all()
    assert (r.verdict == "accept") == bool(every and not left_out)
    assert (r.verdict == "walk_away") == (r.revenue_counter < r.revenue_floor) or \
        r.revenue_counter == pytest.approx(r.revenue_floor)


def test_its_examples_run():
    import doctest

    import ratecalc.counteroffer

    assert doctest.testmod(ratecalc.counteroffer).failed == 0
