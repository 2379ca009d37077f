"""A break-even percent of Medicare shown beside the percent it is compared with never reads on
the wrong side of it, nor as it when it is not it, and never contradicts the Better verdict
(:func:`ratecalc.scenarios.shown_percents`): a contract at 88.755% of Medicare with a
break-even of 88.7549% read "88.755% compared, break-even 88.8%", as if the fixed offer paid
more, and a contract at 88.8% with a break-even of 88.7688% read "88.8%" twice beside "Better:
percent of Medicare"."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc import scenarios
from ratecalc.money import percent_text
from ratecalc.scenarios import shown_percent_text, shown_percents
from tests.strategies import steps_off

#: A unit of the eighth decimal of a percent [fraction]: the most decimals a percent is shown
#: with, a stated one's; two figures closer than this may read alike.
EIGHTH = Decimal("1E-10")


def _side(a: Decimal, b: Decimal) -> int:
    return (a > b) - (a < b)


@pytest.mark.parametrize(("compared", "stated", "break_even", "places", "shown"), [
    # 88.7549% is below 88.755%: "88.8%" read above it; 88.75% reads below
    (0.88755, True, 0.887549, 1, ("88.755%", "88.75%")),
    # above it, a tenth already reads above
    (0.88755, True, 0.8875501, 1, ("88.755%", "88.8%")),
    # equal, to the contract's decimals; binary noise is no difference
    (0.88755, True, 0.88755, 1, ("88.755%", "88.755%")),
    (0.88755, True, 0.8875500000000001, 1, ("88.755%", "88.755%")),
    # 88.7688% and 88.822% beside 88.8% both read "88.8%" at a tenth
    (0.888, True, 0.887688, 1, ("88.8%", "88.77%")),
    (0.888, True, 0.88822, 1, ("88.8%", "88.82%")),
    (0.888, True, 0.887, 1, ("88.8%", "88.7%")),
    # a tenth that rounds below a contract stated to the hundred-thousandth already reads below
    (0.8880001, True, 0.8880000999, 1, ("88.80001%", "88.8%")),
    (0.88800001, True, 0.888000014, 1, ("88.800001%", "88.8000014%")),
    # 4e-12 above a contract stated to the eighth decimal of a percent: eight decimals, the
    # most, read as it (fewer read below it)
    (0.8871111111, True, 0.887111111104, 1, ("88.71111111%", "88.71111111%")),
    # computed (the equivalent of fixed rates): both take the decimals that tell them apart
    (1.245052893591, False, 1.244802415961, 1, ("124.51%", "124.48%")),
    (0.8826, False, 0.88264, 1, ("88.260%", "88.264%")),
    (1.244555071562, False, 1.244555071562, 1, ("124.5%", "124.5%")),
    (0.8826, False, 0.95, 1, ("88.3%", "95.0%")),
    # --json's four decimals of a percent
    (0.88755, True, 0.887549, 4, ("88.755%", "88.7549%")),
    (0.8826, False, 0.882600004, 4, ("88.2600000%", "88.2600004%")),
])
def test_shown_beside_the_percent_compared(compared: float, stated: bool, break_even: float,
                                           places: int, shown: tuple[str, str]) -> None:
    s = shown_percents(compared, [break_even], stated=stated, places=places)
    [figure] = s.break_evens
    assert figure is not None
    assert (s.compared_text, shown_percent_text(figure)) == shown


def test_no_break_even_is_shown_as_none() -> None:
    s = shown_percents(0.88, [math.nan, 0.9], stated=False)
    assert s.break_evens[0] is None
    assert (s.compared_text, shown_percent_text(s.break_evens[1])) == ("88.0%", "90.0%")


# --- properties ---------------------------------------------------------------------------------

#: A stated percentage with up to eight decimals of a percent [fraction], in the range a contract
#: may state (10% to 500%).
stated_fractions = st.integers(min_value=10**9, max_value=5 * 10**10).map(
    lambda n: Fraction(n, 10**10))
#: How far a break-even stands from the percent [fraction]: from none to a few percent, at
#: every scale down to a thousandth of the eighth decimal of a percent.
offsets = st.one_of(
    st.just(Fraction(0)),
    st.builds(lambda m, e, s: s * Fraction(m, 10**e), st.integers(1, 999),
              st.integers(3, 15), st.sampled_from([1, -1])))


def _exact(value: float) -> Decimal:
    return scenarios.read_fraction(value)


def _shown(value: float, places: int) -> Decimal:
    """``value`` shown to ``places`` decimals of a percent [fraction], by the rule of every
    percentage shown: read to a millionth (percent_text's reading) where ``places`` is four or
    fewer, to twelve decimals past those, then half-up."""
    read = Decimal(repr(value)).quantize(Decimal("1E-6") if places <= 4 else Decimal("1E-12"),
                                         ROUND_HALF_UP)
    return read.quantize(Decimal(1).scaleb(-(places + 2)), ROUND_HALF_UP)


def _assert_ordered_as_the_figures(compared: Decimal, shown: Decimal, exact_compared: Decimal,
                                   exact_break_even: Decimal) -> None:
    """The two shown figures, compared as the decimals shown, order as the two figures; they
    read equal only where the figures are within a unit of the eighth decimal of a percent."""
    side, shown_side = _side(exact_break_even, exact_compared), _side(shown, compared)
    if shown_side != side:
        assert shown_side == 0, (compared, shown, exact_compared, exact_break_even)
        assert abs(exact_break_even - exact_compared) < EIGHTH
        assert scenarios.percent_places(shown) == scenarios.SHOWN_PERCENT_MAX_PLACES


@given(stated_fractions, offsets, st.sampled_from([1, 4]))
@example(Fraction(88755, 100000), Fraction(-1, 10**6), 1)
def test_a_stated_percent_and_its_break_even_order_as_they_are(
        compared: Fraction, offset: Fraction, places: int) -> None:
    break_even = float(compared + offset)
    s = shown_percents(float(compared), [break_even], stated=True, places=places)
    [figure] = s.break_evens
    assert figure is not None
    # the stated percentage as stated, every decimal
    assert s.compared == Decimal(compared.numerator) / Decimal(compared.denominator)
    _assert_ordered_as_the_figures(s.compared, figure, s.compared, _exact(break_even))
    # to the decimals it takes, no more: one fewer would read on the wrong side, or as it
    decimals = scenarios.percent_places(figure)
    assert decimals >= places
    if decimals > places:
        fewer = _shown(break_even, decimals - 1)
        assert _side(fewer, s.compared) != _side(_exact(break_even), s.compared)


@given(st.floats(min_value=0.1, max_value=5.0), st.lists(offsets, min_size=1, max_size=4),
       st.sampled_from([1, 4]))
def test_a_computed_percent_and_its_break_evens_order_as_they_are(
        compared: float, offsets_: list[Fraction], places: int) -> None:
    break_evens = [float(Fraction(compared) + o) for o in offsets_]
    s = shown_percents(compared, break_evens, stated=False, places=places)
    for break_even, figure in zip(break_evens, s.break_evens, strict=True):
        assert figure is not None
        _assert_ordered_as_the_figures(s.compared, figure, _exact(compared), _exact(break_even))
    # each is its figure rounded half-up to the decimals shown (read to a millionth first
    # where those are four or fewer, as percent_text reads it)
    assert s.compared == _shown(compared, scenarios.percent_places(s.compared))


# --- the verdict ---------------------------------------------------------------------------------

small_changes = st.integers(min_value=-30, max_value=30).map(lambda n: n / 10_000)


@st.composite
def near_break_even(draw: st.DrawFn) -> tuple[pd.DataFrame, float | None]:
    """A payer's codes whose fixed rates (in cents) pay close to what a stated percentage
    (up to eight decimals of a percent), or the percent they equal, pays."""
    pct = draw(st.one_of(st.none(), st.integers(5 * 10**9, 2 * 10**10).map(
        lambda n: n / 10**10)))
    n = draw(st.integers(1, 3))
    medicare = draw(st.lists(st.integers(1_000, 25_000), min_size=n, max_size=n))
    units = draw(st.lists(st.integers(1, 5_000), min_size=n, max_size=n))
    base = 0.9 if pct is None else pct
    fixed = [round(base * m + draw(st.integers(-3, 3))) / 100 for m in medicare]
    return (pd.DataFrame({"code": [f"c{i}" for i in range(n)], "units_per_year": units,
                          "fixed_rate": [max(f, 0.01) for f in fixed],
                          "medicare_amount": [m / 100 for m in medicare]}), pct)


@given(near_break_even(), st.integers(1, 6), small_changes, small_changes,
       st.sampled_from([0.0, 0.03]))
def test_the_verdict_never_contradicts_the_percents_shown(
        case: tuple[pd.DataFrame, float | None], years: int, cf: float, escalator: float,
        discount: float) -> None:
    """``fixed`` is better only where the break-even is above the percent compared, and the
    percent of Medicare only where it is below (the percent side pays within the rounding
    allowance of its exact share of Medicare; a verdict takes more than the allowance): so the
    break-even shown reads above the percent shown where the fixed offer is better, below it
    where the percent is, and the two read equal only where the verdict is 'equal' (or where
    they are within a unit of the eighth decimal of a percent, which no decimal shown tells
    apart)."""
    lines, pct = case
    result = scenarios.project_scenario(lines, pct_of_medicare=pct, years=years,
                                        cf_changes=cf, escalator=escalator,
                                        discount_rate=discount)
    s = scenarios.scenario_percents(result)
    [figure] = s.break_evens
    assert figure is not None
    side = _side(figure, s.compared)
    exact_compared = (s.compared if s.stated else _exact(result.pct_of_medicare))
    near = abs(_exact(result.break_even_pct_of_medicare) - exact_compared) < EIGHTH
    if result.better == "fixed":
        assert side > 0 or (side == 0 and near), (s, result.better)
    elif result.better == "pct_of_medicare":
        assert side < 0 or (side == 0 and near), (s, result.better)
    if side == 0:
        assert result.better == "equal" or near, (s, result.better)


# --- one rule with every other percentage shown ---------------------------------------------------

@pytest.mark.parametrize(("compared", "stated", "break_even", "shown"), [
    # 0.8874999 is 0.887500 to a millionth: 88.8%, as pct_of_medicare_text says; read to twelve
    # decimals and half-up to a tenth it was 88.7%
    (0.5, False, 0.8874999, ("50.0%", "88.8%")),
    (0.95, True, 0.8874999, ("95%", "88.8%")),
    # told apart at a thousandth of a percent: 155.2854524905% is 155.285452% to a millionth,
    # 155.286% (read to twelve decimals, 155.285%)
    (1.5528545249051398, False, 1.5528645249, ("155.286%", "155.287%")),
])
def test_a_figure_shown_to_a_tenth_reads_as_percent_text_reads_it(
        compared: float, stated: bool, break_even: float, shown: tuple[str, str]) -> None:
    s = shown_percents(compared, [break_even], stated=stated)
    [figure] = s.break_evens
    assert figure is not None
    assert (s.compared_text, shown_percent_text(figure)) == shown
    assert shown_percent_text(figure) == percent_text(
        break_even, scenarios.percent_places(figure))
    if not stated:
        assert s.compared_text == percent_text(compared, scenarios.percent_places(s.compared))



#: Percents of Medicare of up to seven decimals of a fraction (a millionth and its half decide
#: the figure shown to a tenth), a step or two off in binary, or any float in range.
percent_figures = st.one_of(
    st.builds(lambda n, steps: steps_off(float(Decimal(n).scaleb(-7)), steps),
              st.integers(10**6, 5 * 10**7), st.integers(-2, 2)),
    st.floats(min_value=0.1, max_value=5.0))


@given(percent_figures, st.lists(st.one_of(percent_figures, st.floats(0.1, 5.0)),
                                 min_size=1, max_size=4),
       st.booleans(), st.sampled_from([1, 2, 4]))
@example(0.5, [0.8874999], False, 1)
@example(0.8875, [0.8874995000001, 0.8874994999999], False, 1)
def test_a_percent_shown_to_four_decimals_or_fewer_is_percent_texts(
        compared: float, break_evens: list[float], stated: bool, places: int) -> None:
    """Where shown_percents shows a figure to four decimals of a percent or fewer (a tenth,
    the usual case), its text is percent_text's (pct_of_medicare_text's at a tenth) for the
    figure at those decimals: the one rule of every percentage shown, read to a millionth and
    then half-up; only where it takes more decimals is it read finer. A break-even equal to a
    computed percent compared (to twelve decimals) is shown as it."""
    s = shown_percents(compared, break_evens, stated=stated, places=places)
    if not stated and scenarios.percent_places(s.compared) <= 4:
        assert s.compared_text == percent_text(compared, scenarios.percent_places(s.compared))
    for value, figure in zip(break_evens, s.break_evens, strict=True):
        assert figure is not None
        decimals = scenarios.percent_places(figure)
        if not stated and _exact(value) == _exact(compared):
            assert figure == s.compared
        elif decimals <= 4:
            assert shown_percent_text(figure) == percent_text(value, decimals), (value, figure)
        else:
            assert figure == _shown(value, decimals)
