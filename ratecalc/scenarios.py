"""Fixed-dollar versus percent-of-Medicare contracts, projected over several years.

A percent-of-Medicare contract passes every Medicare conversion-factor change straight through to
the clinic (at 110% of Medicare, a 2.8% Medicare cut is a 2.8% cut to the clinic); a fixed-dollar
contract with an escalator does not (DOMAIN.md section 1.5). This module projects both over a
horizon under a conversion-factor path and finds the percent of Medicare that would pay as much as
the fixed offer.

Timing convention
-----------------
Year 1 is the first year of the next contract term. For a payer it begins the day its new term
begins (:func:`ratecalc.rates.new_term_starts`: the day after its current term ends) and is
priced at the rates in force that day, the rates the proposal builds on
(:func:`ratecalc.rates.schedule_rates` read on that day, priced by
:func:`ratecalc.rates.price_by_contract` as :func:`ratecalc.rates.rates_in_force` prices them): a
rate the payer agreed for a day inside the current term is year 1's, one agreed for a day after
the new term begins is not. A payer without a contract term (none on file, none in force, no end
date, or one that ended) is priced at the analysis date's rates, as its proposal is. The result's
``rates_on`` names the day. On the fixed side year 1 is the fixed rate given (for a payer, that
rate in force); on the percent side, what the percentage pays per unit. A percentage that is a
contract's term (a percent-of-Medicare payer's, or one the user names) pays the percentage x the
Medicare amount given (for a payer, the amounts in force on the day its year 1 begins, as
the proposal's current rates are priced: the analysis' Medicare date's where no release covers
that day, said by the analysis' warning) in cents per unit, as the payer
pays it (:func:`ratecalc.rates.contract_rate`, the rule the rates in force use). The percent
equivalent to year 1's fixed rates (:func:`equivalent_pct_of_medicare`, asked with
``pct_of_medicare=None``) is an average over the codes that no payer rounds line by line: its
year 1 is the fixed side's revenue, to the cent. So a payer's year 1 is, on both sides, the
Proposal's current revenue (the Totals sheet's "Revenue at new-term rates") and the exit estimate's
revenue at risk; the Priorities' and Comparison's revenue is the analysis date's, and differs
where a rate agreed for later takes effect before the new term begins. Both the escalator and the
conversion-factor change apply at each anniversary, so a horizon of N years has N - 1 yearly
changes ("into year 2", ..., "into year N"). A single change is repeated for every year. Contract
years are treated as Medicare years, and a conversion-factor change moves every code's Medicare
amount by the same fraction (RVU changes are not projected).

A contract's rates per unit are cents, as paid, every year: a fixed rate is raised by its
escalator on each anniversary and rounded half-up to cents each year
(:func:`ratecalc.rates.escalated_rates`, the rule of the rates in force), a percentage pays its
share of each year's Medicare amount in cents (:func:`ratecalc.rates.contract_rate`), and a
year's revenue is the codes' units x those rates. Every other amount here is unrounded [USD]:
round once when presenting (``ratecalc.money.round_cents``). Which contract pays more is
one rule, :func:`better_contract`: a difference the cents of the rates can make is no winner.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ratecalc.cf_choices import CF_PATHS, REPRESENTATIVE_RULES
from ratecalc.column_units import Unit
from ratecalc.errors import InputError, UnknownCodeError, shown_value
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import (
    ESCALATOR_RANGE,
    MAX_SCENARIO_YEARS,
    MIN_SCENARIO_YEARS,
    PCT_OF_MEDICARE_RANGE,
    RANGES,
    percent_check,
)
from ratecalc.money import (
    FRACTION_PLACES,
    PERCENT_PLACES,
    STATED_FRACTION_PLACES,
    WIDE,
    exact_amount,
    fraction_cents,
    percent_text,
    read_decimal,
    round_cents,
    shown_fraction,
    stated_decimal,
    stated_percent_text,
    typed_decimal,
)
from ratecalc.number_text import split_numbers
from ratecalc.rates import (
    contract_escalator,
    contract_percent,
    contract_rate,
    exact_year_revenue,
    new_term_start,
    payer_contracts,
    price_by_contract,
    schedule_rates,
    term_year_revenue,
)
from ratecalc.revenue import unpaid_lines
from ratecalc.schema import CF_CUSTOM_FORM
from ratecalc.timeline import ended_note

#: The path a projection follows when no conversion-factor change is given: ``ratecalc
#: scenario``, the FIXED_VS_PCT worksheet function and the Settings sheet's ``cf_path``
#: (whose default, in ``ratecalc.schema``, a test holds to this one).
DEFAULT_CF_PATH = "historical"

#: 2025's cut, as commonly quoted: 32.3465 / 33.2875 - 1 = -2.83% against the factor in force at
#: the end of 2024. The ``stress`` preset repeats it every year.
STRESS_CF_CHANGE: float = -0.028

#: Rates are paid in whole cents a unit, so a percentage is paid within half a cent a unit of
#: its exact share of Medicare (:func:`ratecalc.rates.contract_rate`): the most that rounding can
#: move a year's revenue, per unit [USD per unit].
HALF_CENT: float = 0.005



def ended_scenario_note(end: date, as_of: date, successor: date | None = None) -> str:
    """A scenario's words for a payer whose contract ended ``end`` without renewal before
    ``as_of`` (:func:`ratecalc.rates.ended_contracts`): the Scenarios sheet's warning and
    ``scenario --payer``'s. It has no term to renew, so the projection is kept as the
    comparison of bases for a new contract, from the analysis date's rates (those of a payer
    without a contract term, as its proposal's); the sheet's row says
    :func:`ended_scenario_cell`.

    >>> ended_scenario_note(date(2027, 6, 30), date(2027, 12, 31))[:56]
    'no term to renew, as its contract ended 2027-06-30 witho'
    """
    return (f"no term to renew, as its {ended_note(end, as_of, successor)}; projected as a new "
            f"contract would be, from the rates in force on the analysis date")


def ended_scenario_cell(end: date) -> str:
    """The Scenarios sheet's "Contract" for a payer whose contract ended ``end`` without
    renewal: on its row, why it is projected at all (:func:`ended_scenario_note`).

    >>> ended_scenario_cell(date(2026, 11, 30))
    'ended 2026-11-30 without renewal: projected as a new contract, from the analysis date'
    """
    return (f"ended {end.isoformat()} without renewal: projected as a new contract, from the "
            f"analysis date")

@frozen_record
class ScenarioResult:
    """Both contract types projected over the horizon.

    Attributes
    ----------
    path : str
        Name of the conversion-factor path (``flat``, ``historical``, ``stress``, ``custom``).
    pct_of_medicare : float
        The percent-of-Medicare rate compared [fraction, 1.10 = 110%].
    equivalent : bool
        True when that percent is the one year 1's fixed rates equal
        (:func:`equivalent_pct_of_medicare`, asked with ``pct_of_medicare=None``): its year 1 is
        then the fixed side's revenue; False for a contract's percentage, paid in cents per
        unit.
    years_table : pandas.DataFrame
        One row per contract year: ``year``, ``cf_change`` (change into that year [fraction]),
        ``medicare_index`` (Medicare amount relative to year 1), ``escalator`` (change into that
        year [fraction]), ``fixed_index`` (the escalator compounded, for reference: the fixed
        revenue follows each code's rate in cents each year), ``fixed_revenue`` and
        ``pct_revenue`` (the codes' units x that year's rates [USD]), ``difference`` (fixed
        minus percent [USD]), ``fixed_cumulative``, ``pct_cumulative`` [USD],
        ``discount_factor``.
    by_code : pandas.DataFrame
        One row per code: ``code``, ``units_per_year``, ``fixed_rate`` (year 1's, in cents),
        ``medicare_amount`` [USD per unit], ``fixed_total``, ``pct_total`` [USD over the
        horizon: the code's years, which add up to the years table's].
    fixed_total, pct_total : float
        Revenue over the horizon [USD], undiscounted.
    difference : float
        ``fixed_total - pct_total`` [USD]: positive when the fixed-dollar contract pays more.
    fixed_present_value, pct_present_value : float
        Revenue discounted to the start of year 1 at ``discount_rate`` [USD].
    break_even_pct_of_medicare : float
        The percent of Medicare whose (discounted) revenue over the horizon equals the fixed
        offer's [fraction].
    better : str
        ``fixed``, ``pct_of_medicare`` or ``equal`` (:func:`better_contract`: present values
        within what rounding to cents can make, ``rounding_allowance``).
    discount_rate : float
        [fraction per year].
    rounding_allowance : float
        Half a cent a unit a year on the percent side, discounted [USD]: the most that paying
        rates in whole cents can move the percent side's present value.
    """

    path: str
    pct_of_medicare: float
    years_table: pd.DataFrame
    by_code: pd.DataFrame
    fixed_total: float
    pct_total: float
    difference: float
    fixed_present_value: float
    pct_present_value: float
    break_even_pct_of_medicare: float
    better: str
    discount_rate: float
    rounding_allowance: float
    equivalent: bool = False
    #: The day the year-1 rates are in force on (:func:`payer_scenario`: the payer's new-term
    #: start, else the analysis date); None for rates given directly (one code).
    rates_on: date | None = None
    #: The day the payer's new term begins (:func:`ratecalc.rates.new_term_start`), None
    #: without a contract term (then ``rates_on`` is the analysis date).
    new_term_start: date | None = None
    #: Each year's revenue exactly, from the inputs as typed [USD]: the fixed side's and the
    #: percent side's, which every output rounds once, year by year (:func:`shown_years`);
    #: ``years_table``'s revenue columns are the doubles nearest to them.
    fixed_years: tuple[Fraction, ...] = ()
    pct_years: tuple[Fraction, ...] = ()
    #: Codes the payer has volume for but no rate in force on ``rates_on`` (a code it does not
    #: pay), left out of both sides (:func:`payer_lines`); every output says so.
    unpriced_codes: tuple[str, ...] = ()
    #: Those of them without a rate because the payer's percent-of-Medicare contract has no
    #: Medicare amount for them (:func:`ratecalc.revenue.billed_revenue`).
    no_medicare_codes: tuple[str, ...] = ()

    @property
    def years(self) -> int:
        return len(self.years_table)

    @property
    def pct_asked(self) -> float | None:
        """The ``pct_of_medicare`` that projects the same comparison again (on other paths,
        :func:`compare_paths`): None for the equivalent percent, else the percentage."""
        return None if self.equivalent else self.pct_of_medicare


def compared_pct_is_stated(result: ScenarioResult) -> bool:
    """Whether the percent of Medicare a scenario compares is one someone stated (a contract's,
    or one asked for), shown with every decimal it was stated with, or the equivalent of year
    1's fixed rates, which the product computes and shows as every computed percent of
    Medicare (:data:`ratecalc.money.PERCENT_PLACES`), with more decimals where a break-even
    beside it takes them. The Scenarios sheet's "% of Medicare compared" and the ``scenario``
    command follow it (:func:`shown_percents`)."""
    return not result.equivalent


#: Decimals of a percent a break-even, and a computed percent compared with it, are shown with
#: at most, where fewer would read as each other or on the wrong side: a stated percentage's
#: (:data:`ratecalc.money.STATED_FRACTION_PLACES`, eight decimals of a percent, the workbook's
#: ``0.00######%``).
SHOWN_PERCENT_MAX_PLACES = STATED_FRACTION_PLACES - 2
#: Decimals of a fraction a computed percent (a break-even, the equivalent of fixed rates) is
#: read to before it is shown: two past the most it is shown with, so that a division's binary
#: noise (a break-even of 0.8875500000000001 against a contract's exact 88.755%) is no
#: difference, as money is read to a micro-cent (:data:`ratecalc.money.NOISE_PLACES`).
READ_FRACTION_PLACES = STATED_FRACTION_PLACES + 2
#: Decimals of a percent a millionth of a fraction holds (four): a figure shown with up to these
#: is read as every output reads a percentage (:func:`ratecalc.money.shown_percent`, to a
#: millionth), so that a break-even shown 88.8% here is what
#: :func:`ratecalc.money.percent_text` says of it; with more, to :data:`READ_FRACTION_PLACES`.
MILLIONTH_PERCENT_PLACES = FRACTION_PLACES - 2


class ShownPercents(NamedTuple):
    """The percent of Medicare a scenario compares and the break-evens shown beside it, as an
    output shows them (:func:`shown_percents`) [fraction; exact Decimals with the decimals
    shown: a percent's decimals are the exponent's, less two]."""

    compared: Decimal
    break_evens: tuple[Decimal | None, ...]
    #: Whether ``compared`` is a stated percentage (shown as stated,
    #: :func:`ratecalc.money.stated_percent_text`) or a computed one (with its decimals).
    stated: bool

    @property
    def compared_text(self) -> str:
        """``compared`` in words: as stated ("88.755%", "88%"), or computed to its decimals
        ("88.3%", "88.25%")."""
        if self.stated:
            return stated_percent_text(float(self.compared))
        return shown_percent_text(self.compared)


def read_fraction(fraction: float) -> Decimal:
    """A computed fraction as the exact decimal it is shown from: to
    :data:`READ_FRACTION_PLACES`, half-up (the workbook's cell holds this, so that a number
    format rounds the figure the words round).

    >>> read_fraction(0.8875500000000001), read_fraction(2 / 3)
    (Decimal('0.887550000000'), Decimal('0.666666666667'))
    """
    return read_decimal(fraction, READ_FRACTION_PLACES)


def percent_at(fraction: Decimal, places: int) -> Decimal:
    """``fraction`` half-up to ``places`` decimals of a percent [fraction]."""
    return fraction.quantize(Decimal(1).scaleb(-(places + 2)), ROUND_HALF_UP, WIDE)


def shown_at(fraction: float, places: int) -> Decimal:
    """A computed ``fraction`` shown to ``places`` decimals of a percent [fraction, with those
    decimals]: to four or fewer, as :func:`ratecalc.money.percent_text` shows it (read to a
    millionth, then half-up: one rule for every percentage shown); to more, from
    :func:`read_fraction` (a millionth has no such decimals). Read to twelve decimals at a
    tenth, a break-even of 0.8874999 was 88.7% here where percent_text says 88.8%.

    >>> shown_at(0.8874999, 1), shown_at(0.887549, 2), shown_at(0.88754999, 6)
    (Decimal('0.888'), Decimal('0.8875'), Decimal('0.88754999'))
    """
    if places <= MILLIONTH_PERCENT_PLACES:
        return shown_fraction(fraction, places + 2)
    shown = percent_at(read_fraction(fraction), places)
    return abs(shown) if shown == 0 else shown


def held_fraction(fraction: float, shown: Decimal) -> float:
    """The value a spreadsheet cell holds for a computed ``fraction`` it shows as ``shown``
    (:func:`shown_at`, its number format having ``shown``'s decimals): the figure shown, so
    that the format shows what the words say. Held as read for those decimals (0.5175, to a
    millionth), a percent format multiplied the double by 100 before rounding it, and
    51.74999999999999 showed 51.7% beside words saying 51.8%
    (:func:`ratecalc.money.held_percent`).

    >>> held_fraction(0.8874999, Decimal("0.888")), held_fraction(0.5175, Decimal("0.518"))
    (0.888, 0.518)
    >>> held_fraction(0.8875499999994, Decimal("0.88755000"))
    0.88755
    """
    if not math.isfinite(fraction):
        return fraction
    return float(shown)


def percent_places(shown: Decimal) -> int:
    """Decimals of a percent a shown fraction has (:class:`ShownPercents`): 0.888 -> 1."""
    return max(0, -int(shown.as_tuple().exponent) - 2)


def shown_percent_text(shown: Decimal) -> str:
    """A shown fraction (:class:`ShownPercents`) in words, with the decimals it has, as its
    cell's number format shows it: Decimal('0.8880') -> '88.80%'."""
    return f"{shown.scaleb(2):f}%"


def shown_percents(compared: float, break_evens: Sequence[float], *, stated: bool,
                   places: int = PERCENT_PLACES) -> ShownPercents:
    """The percent of Medicare a scenario compares and its break-evens as every output shows
    them beside each other: the one rule of their decimals.

    Parameters
    ----------
    compared : float
        The percent of Medicare compared [fraction] (:attr:`ScenarioResult.pct_of_medicare`).
    break_evens : sequence of float
        The break-evens shown beside it [fraction] (the scenario's, and under each path where
        an output shows those too); NaN (no Medicare revenue) is shown as none (None).
    stated : bool
        Whether ``compared`` is a stated percentage (:func:`compared_pct_is_stated`).
    places : int
        Decimals of a percent a computed figure is shown with at the least: a tenth
        (:data:`ratecalc.money.PERCENT_PLACES`) on the sheet and in words; ``--json`` four.

    Returns
    -------
    ShownPercents

    Notes
    -----
    A stated percentage is shown as stated, every decimal (to eight decimals of a percent:
    :func:`ratecalc.money.stated_fraction`), and each break-even beside it to ``places``
    decimals, or to as many more as it takes to read on the side of it that it is on (below,
    above, or equal to it): a break-even of 88.7549% beside a contract's 88.755% read 88.8%,
    as if the contract paid less than the fixed offer; it reads 88.75%. A computed percent
    compared (the equivalent of fixed rates) and each break-even beside it are both rounded,
    so they take more decimals together, as a figure short of a line and the line do
    (:func:`ratecalc.money.shown_beside_line`): each break-even to the fewest decimals, from
    ``places``, at which it and the percent round apart, and the percent to the most of
    those (a break-even equal to it to the same), so that each pair, rounded apart, is
    ordered as the figures are. Either way to :data:`SHOWN_PERCENT_MAX_PLACES` at most.
    A computed figure shown to four decimals of a percent or fewer is read as every output
    reads a percentage, to a millionth (:func:`shown_at`, the rule of
    :func:`ratecalc.money.percent_text`), and shown with more from
    :data:`READ_FRACTION_PLACES` decimals (:func:`read_fraction`); which side of another a
    figure is on, and whether it equals it, is judged on the latter (both readings keep the
    order of the figures, so each pair shown apart is still ordered as they are). A computed
    percent takes the decimals every break-even beside it needs: ``scenario``, showing the
    break-even under each path too, can show it with more decimals than the Scenarios sheet,
    which shows one.

    So a break-even as shown never reads on the other side of the percent compared as shown
    from the side it is on, and the two read equal only where they are equal or within a unit
    of the eighth decimal of a percent (1e-10) of each other. :func:`better_contract` says
    ``fixed`` only where the break-even is above the percent compared and ``pct_of_medicare``
    only where it is below (the percent side pays within the rounding allowance of its exact
    share of Medicare, and a verdict takes a difference past the allowance), so a verdict
    never contradicts the two figures shown, and two figures shown equal have the verdict
    ``equal``, but for a break-even within 1e-10 of the percent (where half-up to cents
    rounded every rate down by all but a micro-cent of half a cent).

    Examples
    --------
    >>> s = shown_percents(0.88755, [0.887549], stated=True)
    >>> s.compared_text, shown_percent_text(s.break_evens[0])
    ('88.755%', '88.75%')
    >>> s = shown_percents(0.8826, [0.88264, 0.91, float("nan")], stated=False)
    >>> s.compared_text, [shown_percent_text(b) for b in s.break_evens[:2]], s.break_evens[2]
    ('88.260%', ['88.264%', '91.0%'], None)
    """
    figures = [float(b) if math.isfinite(b) else None for b in break_evens]
    if stated:
        exact = stated_decimal(compared)
        return ShownPercents(exact, tuple(None if b is None else _beside(b, exact, places)
                                          for b in figures), True)
    apart = [None if b is None else _apart(b, compared, places) for b in figures]
    shown_places = max([places, *(k for k in apart if k is not None)])
    shown_compared = shown_at(compared, shown_places)
    # a break-even equal to the percent (read to twelve decimals) is shown as it: read to a
    # millionth apart, 0.8874995000001 and 0.8874994999999 would read 88.8% and 88.7%
    return ShownPercents(
        shown_compared,
        tuple(None if b is None else shown_compared if k is None else shown_at(b, k)
              for b, k in zip(figures, apart, strict=True)),
        False)


def _beside(value: float, stated: Decimal, places: int) -> Decimal:
    """``value`` to ``places`` decimals of a percent, or as many more as it takes to read on
    the side of the ``stated`` percentage (shown as stated) that it is on."""
    exact = read_fraction(value)
    side = (exact > stated) - (exact < stated)
    for shown_places in range(places, SHOWN_PERCENT_MAX_PLACES + 1):
        shown = shown_at(value, shown_places)
        if (shown > stated) - (shown < stated) == side:
            return shown
    return shown


def _apart(value: float, compared: float, places: int) -> int | None:
    """The fewest decimals of a percent, ``places`` at the least, at which ``value`` and
    ``compared`` are shown apart (:func:`shown_at`, to :data:`SHOWN_PERCENT_MAX_PLACES`); None
    when they are equal (:func:`read_fraction`)."""
    if read_fraction(value) == read_fraction(compared):
        return None
    shown_places = places
    while (shown_places < SHOWN_PERCENT_MAX_PLACES
           and shown_at(value, shown_places) == shown_at(compared, shown_places)):
        shown_places += 1
    return shown_places


def scenario_percents(result: ScenarioResult, others: Sequence[float] = (),
                      places: int = PERCENT_PLACES) -> ShownPercents:
    """:func:`shown_percents` of a scenario: its percent compared, its break-even first, then
    ``others`` shown beside them (the break-even under each path, :func:`compare_paths`)."""
    return shown_percents(result.pct_of_medicare,
                          [result.break_even_pct_of_medicare, *others],
                          stated=compared_pct_is_stated(result), places=places)


def held_percents(result: ScenarioResult, shown: ShownPercents) -> tuple[float, float]:
    """The values a spreadsheet's cells hold for a scenario's percent compared and its
    break-even, shown as ``shown`` (:func:`scenario_percents`) says: a stated percentage as
    stated; a computed one and the break-even read for the decimals each is shown with
    (:func:`held_fraction`); no break-even (no Medicare revenue) NaN."""
    compared = (float(shown.compared) if shown.stated
                else held_fraction(result.pct_of_medicare, shown.compared))
    break_even = (math.nan if shown.break_evens[0] is None
                  else held_fraction(result.break_even_pct_of_medicare, shown.break_evens[0]))
    return compared, break_even


def _check_fraction_change(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not math.isfinite(value):
        raise InputError(f"{name}: expected a yearly change as a fraction (-0.028 = -2.8%), "
                         f"got {shown_value(value)}")
    # the range and words of the option and the worksheet function of the same name
    words = RANGES.get(name, RANGES["cf_change"])
    # a core argument, read by its entry point: only its range is checked here
    refusal = percent_check(float(value), *words.bounds, percent_meaning=True)
    if refusal is not None:
        raise InputError(f"{name}: {words.rule()}, got {shown_value(value)}{refusal}")
    return float(value)


def _check_years(years: int) -> int:
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) \
            or not MIN_SCENARIO_YEARS <= years <= MAX_SCENARIO_YEARS:
        raise InputError(f"years: {RANGES['scenario_years'].rule()}, "
                         f"got {shown_value(years)}")
    return int(years)


def yearly_changes(changes: float | Sequence[float], years: int, name: str = "cf_change"
                   ) -> np.ndarray:
    """Expand yearly changes to one per anniversary of a ``years``-year horizon.

    Parameters
    ----------
    changes : float or sequence of float
        One change repeated every year, or exactly ``years - 1`` changes (into years 2..N)
        [fraction per year, -0.028 = -2.8%].
    years : int
        Horizon [years].
    name : str
        Argument name for error messages.

    Returns
    -------
    numpy.ndarray
        ``years - 1`` changes [fraction].

    Examples
    --------
    >>> yearly_changes(-0.028, 3).tolist()
    [-0.028, -0.028]
    """
    years = _check_years(years)
    values: list[object] = ([changes] if isinstance(changes, (int, float, np.number))
                            else list(changes))
    checked = [_check_fraction_change(v, name) for v in values]
    if len(checked) == 1:
        return np.full(years - 1, checked[0])
    if len(checked) != years - 1:
        raise InputError(
            f"{name}: expected one change, used for every year, or {years - 1} changes (into "
            f"years 2 to {years}) for a {years}-year horizon, got {len(checked)}: "
            + ",".join(f"{v:g}" for v in checked))
    return np.asarray(checked, dtype=float)


def growth_index(changes: np.ndarray) -> np.ndarray:
    """Level of each year relative to year 1, from the changes into years 2..N.

    Examples
    --------
    >>> growth_index(np.array([0.10, -0.50])).round(4).tolist()
    [1.0, 1.1, 0.55]
    """
    return np.concatenate(([1.0], np.cumprod(1.0 + np.asarray(changes, dtype=float))))


def changes_from_index(levels: Sequence[float]) -> tuple[float, ...]:
    """Yearly changes from the levels of an index series (CPI, MEI, ...), for an escalator.

    Parameters
    ----------
    levels : sequence of float
        Index levels, one per year, oldest first (positive numbers).

    Returns
    -------
    tuple of float
        ``levels[i + 1] / levels[i] - 1`` [fraction per year].

    Examples
    --------
    >>> [round(c, 4) for c in changes_from_index([100.0, 103.0, 105.06])]
    [0.03, 0.02]
    """
    values = np.asarray(levels, dtype=float)
    if values.ndim != 1 or len(values) < 2 or not np.all(np.isfinite(values)) \
            or np.any(values <= 0):
        raise InputError(f"index levels: expected two or more positive numbers, got {list(levels)}")
    return tuple((values[1:] / values[:-1] - 1.0).tolist())


def representative_factors(factors: pd.DataFrame, *, rule: str = "day_weighted",
                           apm_qualifying: bool = False) -> pd.Series:
    """One conversion factor per calendar year.

    Parameters
    ----------
    factors : pandas.DataFrame
        ``ratecalc.medicare.conversion_factors()``: ``year``, ``effective_from``,
        ``effective_to`` (dates), ``conversion_factor`` [USD per RVU], ``apm_qualifying``.
    rule : {"day_weighted", "jan1"}
        ``day_weighted`` (default): the average of the factors in force during the year, each
        weighted by its days in force, i.e. what a year of evenly spread visits was paid at.
        ``jan1``: the factor in force on January 1, the figure final rules quote.
        They differ only in years with a mid-year change (2024: 32.7442 to March 8, 33.2875 from
        March 9, so 32.7442 on Jan 1 and (68 x 32.7442 + 298 x 33.2875) / 366 = 33.1865
        day-weighted).
    apm_qualifying : bool
        From 2026 two factors are in force at once; pick the qualifying APM participant's one.

    Returns
    -------
    pandas.Series
        Factor [USD per RVU] indexed by year.
    """
    if rule not in REPRESENTATIVE_RULES:
        raise InputError(f"cf_rule: expected one of {', '.join(REPRESENTATIVE_RULES)}, "
                         f"got {rule!r}")
    table = factors[["year", "effective_from", "effective_to", "conversion_factor",
                     "apm_qualifying"]].copy()
    # Before 2026 one factor serves everyone; where a year lists both kinds, keep the asked one.
    both_kinds = table.groupby("year")["apm_qualifying"].transform("nunique") > 1
    table = table[~both_kinds | (table["apm_qualifying"] == apm_qualifying)]
    start = pd.to_datetime(table["effective_from"])
    end = pd.to_datetime(table["effective_to"])
    year_start = pd.to_datetime(table["year"].astype(str) + "-01-01")
    year_end = pd.to_datetime(table["year"].astype(str) + "-12-31")
    if rule == "jan1":
        in_force = table[(start <= year_start) & (end >= year_start)]
        return in_force.groupby("year")["conversion_factor"].first().astype(float)
    days = ((np.minimum(end, year_end) - np.maximum(start, year_start)).dt.days + 1).clip(lower=0)
    weighted = (table["conversion_factor"] * days).groupby(table["year"]).sum()
    total_days = days.groupby(table["year"]).sum()
    return (weighted / total_days).astype(float)


def historical_cf_change(factors: pd.DataFrame, first_year: int, last_year: int, *,
                         rule: str = "day_weighted", apm_qualifying: bool = False) -> float:
    """Average yearly change of the conversion factor over a window of years.

    Parameters
    ----------
    factors : pandas.DataFrame
        ``ratecalc.medicare.conversion_factors()``.
    first_year, last_year : int
        The window, e.g. 2019 and 2026 (``last_year`` after ``first_year``).
    rule, apm_qualifying
        How a year with several factors is represented; see :func:`representative_factors`.

    Returns
    -------
    float
        Compound average yearly change [fraction per year].

    Notes
    -----
    The geometric mean ``(CF_last / CF_first) ** (1 / (last_year - first_year)) - 1``: applied
    every year it reproduces the window's total change, which an arithmetic mean of the yearly
    changes does not. Only the two end years enter, so ``rule`` matters only when an end year
    had a mid-year change (2024). 2019-2026 (non-qualifying): (33.4009 / 36.0391) ** (1/7) - 1
    = -1.08% a year.
    """
    if first_year >= last_year:
        raise InputError(f"cf_window: the first year must come before the last, "
                         f"got {first_year}-{last_year}")
    by_year = representative_factors(factors, rule=rule, apm_qualifying=apm_qualifying)
    for year in (first_year, last_year):
        if year not in by_year.index:
            raise InputError(f"cf_window: no conversion factor for {year}; the bundled table "
                             f"covers {by_year.index.min()}-{by_year.index.max()}")
    ratio = by_year[last_year] / by_year[first_year]
    return float(ratio ** (1.0 / (last_year - first_year)) - 1.0)


#: Decimals of a yearly change of the conversion factor, as the Scenarios sheet's "CF change"
#: columns (``0.00%``) and the command's show it.
CF_CHANGE_PLACES = 2


def cf_change_text(change: float) -> str:
    """A yearly change of Medicare's conversion factor [fraction] as every output shows it:
    signed, to :data:`CF_CHANGE_PLACES` decimals of a percent, half-up (the Scenarios sheet's
    note, its "CF change" columns, the ``scenario`` command's table and note).

    >>> cf_change_text(-0.0108014712), cf_change_text(-0.028), cf_change_text(0.0)
    ('-1.08%', '-2.80%', '+0.00%')
    """
    text = percent_text(change, CF_CHANGE_PLACES)
    return text if text.startswith("-") else f"+{text}"


def cf_path_changes(path: str, years: int, *, custom: float | Sequence[float] | None = None,
                    historical_change: float | None = None) -> np.ndarray:
    """The yearly conversion-factor changes of a preset or custom path.

    Parameters
    ----------
    path : {"flat", "historical", "stress", "custom"}
        ``flat``: no change; ``historical``: ``historical_change`` every year (see
        :func:`historical_cf_change`); ``stress``: 2025's -2.8% every year; ``custom``: ``custom``.
    years : int
        Horizon [years].
    custom : float or sequence of float, optional
        Required for ``custom`` [fraction per year].
    historical_change : float, optional
        Required for ``historical`` [fraction per year].

    Returns
    -------
    numpy.ndarray
        ``years - 1`` changes [fraction].
    """
    if path == "flat":
        return yearly_changes(0.0, years)
    if path == "stress":
        return yearly_changes(STRESS_CF_CHANGE, years)
    if path == "historical":
        if historical_change is None:
            raise InputError("cf_path historical: needs the historical average change "
                             "(historical_cf_change)")
        return yearly_changes(historical_change, years)
    if path == "custom":
        if custom is None:
            raise InputError("cf_path custom: needs a list of yearly changes (cf_change)")
        return yearly_changes(custom, years)
    raise InputError(f"cf_path: expected one of {', '.join(CF_PATHS)}, got {path!r}")


#: First year of the window the ``historical`` path averages over, unless a caller says otherwise.
HISTORICAL_FIRST_YEAR = 2019


@frozen_record
class CfPath:
    """A conversion-factor path chosen in Settings, with the sentence that explains it."""

    name: str
    changes: np.ndarray
    historical_change: float
    note: str


def parse_cf_custom(text: str | None) -> list[float]:
    """Settings' ``cf_custom`` as yearly changes [fraction]: each part a fraction or a
    percentage as a billing clerk types it (``-0.028, 0.01``, ``-2.8%, 1%``), read as every
    percentage cell is (:func:`ratecalc.validation.parse_fraction`). A comma that groups
    thousands stays in its number (:func:`ratecalc.number_text.split_numbers`): ``1,000%`` is
    one change, of 1000% (it was two, 100% and 0%).

    >>> parse_cf_custom("-2.8%, 0.01"), parse_cf_custom(" 1.5 % "), parse_cf_custom("1,000%")
    ([-0.028, 0.01], [0.015], [10.0])
    """
    from ratecalc.validation import CellError, parse_fraction

    parts = split_numbers(text or "")
    try:
        if parts is None:
            raise CellError(CF_CUSTOM_FORM)
        return [parse_fraction(part) for part in parts]
    except CellError:
        raise InputError(f"Settings, cf_custom: expected {CF_CUSTOM_FORM}, got {text!r}") \
            from None


def cf_custom_hint(text: str | None) -> str:
    """What to write for the first change of Settings' ``cf_custom`` outside the range of a
    yearly change that reads as a percent typed whole (:func:`ratecalc.limits.percent_hint`,
    the rule of every percentage cell), else "".

    >>> cf_custom_hint("-0.028, 3"), cf_custom_hint("300%"), cf_custom_hint("-0.028")
    (' (300%); for 3% write 0.03 or 3%', '', '')
    """
    from ratecalc.validation import CellError, parse_fraction, typed_percent_hint

    words = RANGES["cf_change"]
    for part in split_numbers("" if text is None else str(text)) or []:
        try:
            change = parse_fraction(part)
        except CellError:
            return ""
        if not words.low <= change <= words.high:
            return typed_percent_hint(part, change, *words.bounds) or ""
    return ""


def cf_custom_problem(text: str | None, years: int) -> str | None:
    """What is wrong with Settings' ``cf_custom`` as the custom path of a ``years``-year
    horizon, in the words of a problem naming its cell; None when nothing is.

    The one rule of the custom path where it is typed: the Settings' reader checks it there
    (blank, it stopped the Scenarios with "cf_change: expected one change ..., got 0", naming
    no cell), and :func:`settings_cf_path` then reads it.

    >>> cf_custom_problem("-0.028, 0.01", 3) is None, cf_custom_problem("-0.028", 5) is None
    (True, True)
    >>> cf_custom_problem("-0.02, 0.01", 5).endswith("one, used for every year, or 4, into "
    ...                                              "years 2 to 5")
    True
    """
    count = ("one, used for every year" if years <= 2 else
             f"one, used for every year, or {years - 1}, into years 2 to {years}")
    expected = (f"expected Medicare's conversion-factor change a year as {CF_CUSTOM_FORM}, "
                f"each {RANGES['cf_change'].rule().removeprefix('expected ')}: {count}")
    if text is None or not str(text).strip():
        return f"required when CF path is custom: {expected}"
    try:
        yearly_changes(parse_cf_custom(text), years)
    except InputError:
        return expected
    return None


#: :func:`historical_cf_change` of the bundled factors, by window and kind, with the table it
#: was worked out from: the same for every refresh of a session until a release is imported
#: (which makes a new table).
_HISTORICAL: dict[tuple[int, int, bool], tuple[pd.DataFrame, float]] = {}


def _bundled_historical_change(factors: pd.DataFrame, first_year: int, last_year: int,
                               apm_qualifying: bool) -> float:
    key = (first_year, last_year, apm_qualifying)
    known = _HISTORICAL.get(key)
    if known is None or known[0] is not factors:
        known = _HISTORICAL[key] = (factors, historical_cf_change(
            factors, first_year, last_year, apm_qualifying=apm_qualifying))
    return known[1]


def settings_cf_path(cf_path: str, cf_custom: str | None, years: int, *,
                     apm_qualifying: bool = False,
                     first_year: int = HISTORICAL_FIRST_YEAR) -> CfPath:
    """The Settings' conversion-factor path as yearly changes, for a horizon of ``years``.

    ``historical`` averages the bundled factors from ``first_year`` to the latest year.
    """
    from ratecalc.medicare import conversion_factors

    factors = conversion_factors()
    last = int(factors["year"].max())
    historical = _bundled_historical_change(factors, first_year, last, apm_qualifying)
    custom = parse_cf_custom(cf_custom) if cf_path == "custom" else None
    changes = cf_path_changes(cf_path, years, custom=custom, historical_change=historical)
    note = {
        "flat": "Medicare's conversion factor held flat",
        "historical": f"Medicare's conversion factor moving {cf_change_text(historical)} a "
                      f"year, its {first_year}-{last} average",
        # signed, as the columns: "cut -2.8%" read as a raise
        "stress": f"Medicare's conversion factor moving {cf_change_text(STRESS_CF_CHANGE)} "
                  "every year",
        "custom": "Medicare's conversion factor moving as the CF custom setting says",
    }[cf_path]
    return CfPath(cf_path, changes, historical, note)


def _check_lines(lines: pd.DataFrame) -> pd.DataFrame:
    needed = ["code", "units_per_year", "fixed_rate", "medicare_amount"]
    missing = [c for c in needed if c not in lines.columns]
    if missing:
        raise InputError(f"scenario lines: missing column(s) {', '.join(missing)}")
    if lines.empty:
        raise InputError("scenario lines: no codes to project")
    codes = lines["code"]
    # the columns as float arrays, made into one frame at the end: a column set at a time
    # into a copy was most of what projecting a payer cost
    columns: dict[str, pd.Series | np.ndarray] = {"code": codes}
    for column in needed[1:]:
        given = lines[column]
        values = (given if given.dtype.kind in "fiu" else pd.to_numeric(given, errors="coerce")
                  ).to_numpy(dtype=float)
        bad = ~np.isfinite(values) | (values < 0)  # NaN (not a number) is not finite
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"{column}: expected a number >= 0 for code {codes.iloc[i]}, "
                             f"got {given.tolist()[i]!r}")
        columns[column] = values
    medicare = np.asarray(columns["medicare_amount"])
    if not (medicare > 0).all():
        i = int(np.flatnonzero(medicare <= 0)[0])
        raise InputError(f"medicare_amount: expected a Medicare amount above 0 for code "
                         f"{codes.iloc[i]}, got {shown_value(float(medicare[i]))}")
    return pd.DataFrame(columns, index=lines.index)


#: Columns of :attr:`ScenarioResult.years_table` and their units, as the Scenarios sheet shows
#: them: a conversion-factor change to hundredths (0.00%); the contract's escalator as stated
#: (:func:`ratecalc.money.stated_percent_text`, the sheet's ``pct_stated``); the difference with
#: its sign.
YEAR_UNITS: dict[str, Unit] = {
    "year": Unit.COUNT, "cf_change": Unit.PERCENT_2, "medicare_index": Unit.FACTOR,
    "escalator": Unit.PERCENT_STATED, "fixed_index": Unit.FACTOR, "fixed_revenue": Unit.MONEY,
    "pct_revenue": Unit.MONEY, "difference": Unit.MONEY_CHANGE,
    "fixed_cumulative": Unit.MONEY, "pct_cumulative": Unit.MONEY,
    "discount_factor": Unit.FACTOR,
}
#: Headers of :data:`YEAR_UNITS`' columns in words: the Scenario Years sheet's, where it shows
#: the column.
YEAR_HEADERS: dict[str, str] = {
    "year": "Year", "cf_change": "CF change", "medicare_index": "Medicare index",
    "escalator": "Escalator", "fixed_index": "Fixed index",
    "fixed_revenue": "Fixed-dollar revenue", "pct_revenue": "% of Medicare revenue",
    "difference": "Fixed minus % of Medicare", "fixed_cumulative": "Fixed-dollar cumulative",
    "pct_cumulative": "% of Medicare cumulative", "discount_factor": "Discount factor",
}
#: Columns of :func:`compare_paths` and their units; the break-even percent of Medicare as the
#: Scenarios sheet shows it (0.0%; with more decimals where it takes them beside the percent
#: compared, :func:`shown_percents`, which ``scenario`` words it by).
PATH_UNITS: dict[str, Unit] = {
    "path": Unit.TEXT, "average_cf_change": Unit.PERCENT_2, "fixed_total": Unit.MONEY,
    "pct_total": Unit.MONEY, "difference": Unit.MONEY_CHANGE,
    "break_even_pct_of_medicare": Unit.PERCENT, "better": Unit.TEXT,
}
#: Headers of :data:`PATH_UNITS`' columns in words: the Scenarios sheet's, where it shows the
#: column (its totals are over the horizon, as here).
PATH_HEADERS: dict[str, str] = {
    "path": "CF path", "average_cf_change": "Average CF change",
    "fixed_total": "Fixed-dollar revenue", "pct_total": "% of Medicare revenue",
    "difference": "Fixed minus % of Medicare",
    "break_even_pct_of_medicare": "Break-even % of Medicare", "better": "Better",
}


def equivalent_pct_of_medicare(lines: pd.DataFrame) -> float:
    """The percent of Medicare that the fixed rates (year 1's) equal on these volumes.

    Parameters
    ----------
    lines : pandas.DataFrame
        As :func:`project_scenario` takes them: ``units_per_year`` [units per year],
        ``fixed_rate`` and ``medicare_amount`` [USD per unit].

    Returns
    -------
    float
        ``sum_c u_c F_c / sum_c u_c M_c`` [fraction, 1.10 = 110%], unrounded.

    Notes
    -----
    An average over the codes, weighted by Medicare revenue: no payer pays it line by line, so
    it is applied unrounded (a single percentage paid in cents per unit cannot in general match
    year 1's revenue to the cent: each code moves in steps of its units x one cent). For a
    percent-of-Medicare payer's rates in force it is its percentage as paid in cents on its
    volumes, within half a cent a unit of the contract's figure.

    Examples
    --------
    >>> lines = pd.DataFrame({"code": ["97110", "97140"], "units_per_year": [1000, 500],
    ...                       "fixed_rate": [30.0, 27.0], "medicare_amount": [25.0, 24.0]})
    >>> round(equivalent_pct_of_medicare(lines), 6)  # 43,500 / 37,000
    1.175676
    """
    return _equivalent_pct(_check_lines(lines))


def _equivalent_pct(frame: pd.DataFrame) -> float:
    """:func:`equivalent_pct_of_medicare` of lines already checked (:func:`_check_lines`)."""
    units = frame["units_per_year"].to_numpy()
    medicare_revenue = float(units @ frame["medicare_amount"].to_numpy())
    if medicare_revenue <= 0:
        raise InputError("units_per_year: no units a year, so no percent of Medicare equals "
                         "the fixed rates; give the volumes or a percentage")
    return float(units @ frame["fixed_rate"].to_numpy()) / medicare_revenue


def better_contract(fixed_value: float, pct_value: float, rounding_allowance: float = 0.0
                    ) -> str:
    """Which contract pays more, unless rounding to cents could be all of the difference.

    Parameters
    ----------
    fixed_value, pct_value : float
        What the fixed-dollar and the percent-of-Medicare contract pay, comparably (present
        values over the same horizon) [USD].
    rounding_allowance : float
        The most that paying rates in whole cents can move ``pct_value`` [USD]: half a cent a unit
        a year (:attr:`ScenarioResult.rounding_allowance`); default none.

    Returns
    -------
    str
        ``fixed`` when it pays at least the allowance more, ``pct_of_medicare`` when it pays
        more than the allowance more (rounding half-up can make exactly that), each by a
        difference shown as at least a cent; else ``equal``.

    Notes
    -----
    A percent-of-Medicare contract pays each code in cents, rounded half-up, so the same
    percentage pays up to half a cent a unit more than its exact share of Medicare, or less than
    half a cent a unit less, and a fixed schedule cannot name a rate between two cents. A
    difference that rounding alone can make is not a better contract. A difference shown as
    $0.00 (under half a cent, half-up as :func:`ratecalc.money.round_cents` shows it) is none.

    Examples
    --------
    >>> better_contract(1000.0, 1000.004), better_contract(1000.0, 1012.0, 15.0)
    ('equal', 'equal')
    >>> better_contract(1000.0, 1020.0, 15.0)
    'pct_of_medicare'
    """
    difference = fixed_value - pct_value
    if round_cents(difference) == 0:
        return "equal"
    # Half-up to cents moves each rate by more than half a cent down and at most half a cent
    # up: rounding alone can make the percent side pay exactly the allowance more (every rate
    # at a half cent, as at a break-even percent), never exactly the allowance less. Weighed as
    # the decimals the figures stand for (exact_amount): in binary an allowance of $7.60 on
    # 1,520 units was 7.6000000000000005.
    if all(math.isfinite(v) for v in (fixed_value, pct_value, rounding_allowance)):
        exact = typed_decimal(exact_amount(fixed_value)) - typed_decimal(exact_amount(pct_value))
        allowance = typed_decimal(exact_amount(rounding_allowance))
        if -allowance <= exact < allowance:
            return "equal"
    elif -rounding_allowance <= difference < rounding_allowance:
        return "equal"
    return "fixed" if difference > 0 else "pct_of_medicare"


def project_scenario(lines: pd.DataFrame, *, pct_of_medicare: float | None, years: int = 5,
                     cf_changes: float | Sequence[float] = 0.0,
                     escalator: float | Sequence[float] = 0.0, discount_rate: float = 0.0,
                     path: str = "custom") -> ScenarioResult:
    """Project revenue under a fixed-dollar and a percent-of-Medicare contract.

    Parameters
    ----------
    lines : pandas.DataFrame
        One row per code: ``code``, ``units_per_year`` [units per year], ``fixed_rate`` (the
        fixed-dollar offer, year 1's rate) and ``medicare_amount`` (year 1's Medicare amount)
        [USD per unit].
    pct_of_medicare : float or None
        The percent-of-Medicare rate, a contract's term, paid in cents per unit [fraction,
        1.10 = 110%], in :data:`ratecalc.limits.PCT_OF_MEDICARE_RANGE`; None: the percent the
        fixed rates equal
        (:func:`equivalent_pct_of_medicare`), whose year 1 is the fixed side's revenue.
    years : int
        Horizon [years], default 5.
    cf_changes : float or sequence of float
        Conversion-factor change into each year after the first; one value repeats
        [fraction per year].
    escalator : float or sequence of float
        The fixed contract's escalator into each year after the first; a sequence can follow
        an index (see :func:`changes_from_index`) [fraction per year].
    discount_rate : float
        For present values and the break-even [fraction per year], default 0, in
        ``ratecalc.limits.RANGES["discount_rate"]`` (0 to 1).
    path : str
        Label of the conversion-factor path, carried into the result.

    Returns
    -------
    ScenarioResult

    Notes
    -----
    With units ``u_c``, year 1's fixed rate ``F_c``, Medicare amount ``M_c``, percent ``p``,
    escalator ``a_y`` (into year y), Medicare index ``g_y`` (1 in year 1) and discount factor
    ``d_y = (1 + r) ** -y`` (end of year):

        F_c,1 = F_c in cents;  F_c,y = F_c,y-1 * (1 + a_y) rounded half-up to cents
        fixed revenue in year y = sum_c u_c F_c,y
        percent revenue in year y = sum_c u_c P_c,y,  P_c,y = p * M_c * g_y rounded to cents
        break-even p = sum_y d_y (fixed revenue in year y) / (sum_y d_y g_y sum_c u_c M_c)

    ``F_c,y`` is the rate the contract's escalator gives the code in year y by the rule of the
    rates in force (:func:`ratecalc.rates.escalated_rates`): the payer pays a schedule in
    cents each year and raises next year's from it, so the proposal, the exit estimates and
    these years read the same rate for the same year. Year 1's revenue x the escalator's index
    (``fixed_index``, shown for reference) is not a rate anyone pays, and differs by up to
    about half a cent a unit for each year's rounding (the demo's Keystone, year 2: $272,042.48
    against the $272,038.17 its codes' rates pay).

    ``P_c,y`` is what the percentage pays per unit that year (:func:`ratecalc.rates.contract_rate`,
    the rule of the rates in force): its share of the code's Medicare amount, projected by the
    Medicare index, paid in cents per code as the payer pays it (DOMAIN.md 2: a payment is
    rounded half-up to cents, once, at the end). The projected Medicare amount itself is not
    rounded: it is no amount CMS publishes (RVU changes are not projected), only the base of
    the payer's rate. So year 1 of a percent-of-Medicare payer is its revenue at its rates in
    force, and each later year what it would pay. The break-even is the exact percentage,
    before that rounding.

    Without a percentage (``None``) the percent compared is the equivalent
    ``p = sum_c u_c F_c / sum_c u_c M_c``, applied unrounded (``P_c,y = p * M_c * g_y``): no
    payer pays an average percentage line by line, and rounding it per code would move year 1
    by up to half a cent a unit (the demo's $294,784.32 a year became $294,805.53). Its year y
    is ``g_y sum_c u_c F_c``, year 1 the fixed side's revenue computed as that same sum, so
    that the two sides are the same number, not two that differ in the last binary digit.

    ``by_code``'s totals are each code's years summed: they add up to the years table's.

    The verdict (:func:`better_contract`) counts a present-value difference under
    ``0.005 * sum_c u_c * sum_y d_y g_y`` (half a cent a unit a year on the percent side) as
    equal: that much, rounding to cents can make.

    Examples
    --------
    >>> lines = pd.DataFrame({"code": ["97110"], "units_per_year": [1000],
    ...                       "fixed_rate": [30.0], "medicare_amount": [25.0]})
    >>> r = project_scenario(lines, pct_of_medicare=1.2, years=2, cf_changes=-0.10)
    >>> r.fixed_total, round(r.pct_total, 2), round(r.difference, 2)
    (60000.0, 57000.0, 3000.0)
    """
    frame = _check_lines(lines)
    years = _check_years(years)
    equivalent = pct_of_medicare is None
    if pct_of_medicare is not None and (
            not isinstance(pct_of_medicare, (int, float, np.floating))
            or not PCT_OF_MEDICARE_RANGE[0] <= pct_of_medicare <= PCT_OF_MEDICARE_RANGE[1]):
        # a contract's term, in the one range of the tables, ``scenario --pct-of-medicare`` and
        # FIXED_VS_PCT (this took 0% and 0.001%, which every one of them refuses); NaN fails too
        hint = (percent_check(float(pct_of_medicare), *PCT_OF_MEDICARE_RANGE,
                              percent_meaning=True) or ""
                if isinstance(pct_of_medicare, (int, float, np.floating))
                and math.isfinite(pct_of_medicare) else "")
        raise InputError(f"pct_of_medicare: {RANGES['pct_of_medicare'].rule()}, "
                         f"got {shown_value(pct_of_medicare)}{hint}")
    discount_words = RANGES["discount_rate"]
    if isinstance(discount_rate, bool) or not isinstance(
            discount_rate, (int, float, np.integer, np.floating)) \
            or not discount_words.low <= discount_rate <= discount_words.high:
        # the one range of the Settings' Discount rate (read and Excel's check) and ``scenario
        # --discount-rate``: this took any rate above -100%; NaN fails too
        hint = (percent_check(float(discount_rate), *discount_words.bounds,
                              percent_meaning=True) or ""
                if isinstance(discount_rate, (int, float, np.integer, np.floating))
                and not isinstance(discount_rate, bool) and math.isfinite(discount_rate)
                else "")
        raise InputError(f"discount_rate: {discount_words.rule()}, "
                         f"got {shown_value(discount_rate)}{hint}")
    cf = yearly_changes(cf_changes, years, "cf_change")
    esc = yearly_changes(escalator, years, "escalator")
    outside = [change for change in esc.tolist()
               if not ESCALATOR_RANGE[0] <= change <= ESCALATOR_RANGE[1]]
    if outside:  # the range of the tables, ``scenario --escalator`` and FIXED_VS_PCT
        raise InputError(f"escalator: {RANGES['escalator'].rule()}, got {outside[0]:g}"
                         f"{percent_check(outside[0], *ESCALATOR_RANGE, percent_meaning=True)}")
    medicare_index = growth_index(cf)
    fixed_index = growth_index(esc)
    year_numbers = np.arange(1, years + 1)
    discount = (1.0 + discount_rate) ** -year_numbers.astype(float)

    # each code's rate year by year by the rates in force's rule (in cents, raised from the
    # year before): a year's revenue is the codes' sum, never year 1's x the escalator's index
    # (the one rule the exit estimates' second year is priced by too)
    units = frame["units_per_year"].to_numpy()
    fixed_rates, fixed_by_code = term_year_revenue(units, frame["fixed_rate"].tolist(),
                                                   esc.tolist())  # codes x years
    frame = frame.assign(fixed_rate=fixed_rates[:, 0])
    if pct_of_medicare is None:
        pct_of_medicare = _equivalent_pct(frame)
    medicare = frame["medicare_amount"].to_numpy(dtype=float)
    # each year exactly from the inputs as typed, rounded once where shown: summed in binary,
    # 0.5 units x $2.01 was 1.005 and then 2.0099999999999998, and its years $1.01 and $1.00
    fixed_years = exact_year_revenue(units, fixed_rates)
    fixed_revenue = np.array([float(year) for year in fixed_years])
    medicare_base = float(units @ medicare)
    if equivalent:
        pct_rate = pct_of_medicare * medicare
        pct_by_code = (units * pct_rate)[:, np.newaxis] * medicare_index
        # year 1 is the fixed side's revenue as that same sum, not units @ pct_rate with its
        # last-digit float noise; each later year that x the Medicare index, compounded from
        # the changes as typed
        level = Fraction(1)
        pct_list = [fixed_years[0]]
        for change in cf.tolist():
            level *= 1 + typed_decimal(change)
            pct_list.append(fixed_years[0] * level)
        pct_years = tuple(pct_list)
    else:
        # what the payer pays a unit each year: the percentage of that year's Medicare amount,
        # in cents (the rates in force's rule); year 1's index is 1
        pct_rates = contract_rate(pct_of_medicare, medicare[:, np.newaxis] * medicare_index)
        pct_by_code = units[:, np.newaxis] * pct_rates
        pct_years = exact_year_revenue(units, pct_rates)
    pct_revenue = np.array([float(year) for year in pct_years])

    table = pd.DataFrame({
        "year": year_numbers,
        "cf_change": np.concatenate(([0.0], cf)),
        "medicare_index": medicare_index,
        "escalator": np.concatenate(([0.0], esc)),
        "fixed_index": fixed_index,
        "fixed_revenue": fixed_revenue,
        "pct_revenue": pct_revenue,
        "difference": fixed_revenue - pct_revenue,
        "fixed_cumulative": np.cumsum(fixed_revenue),
        "pct_cumulative": np.cumsum(pct_revenue),
        "discount_factor": discount,
    })
    by_code = frame.assign(fixed_total=fixed_by_code.sum(axis=1),
                           pct_total=pct_by_code.sum(axis=1))
    fixed_pv = float(discount @ fixed_revenue)
    pct_pv = float(discount @ pct_revenue)
    medicare_pv = medicare_base * float(discount @ medicare_index)
    break_even = fixed_pv / medicare_pv if medicare_pv > 0 else math.nan
    # each year's rate is rounded to cents after Medicare's index scales it: half a cent a
    # unit whatever the index (scaled by it, a 21% cut a year made the allowance smaller than
    # the roundings, and a break-even contract 'better')
    allowance = HALF_CENT * float(units.sum()) * float(discount.sum())
    fixed_total = float(sum(fixed_years, Fraction(0)))
    pct_total = float(sum(pct_years, Fraction(0)))
    return ScenarioResult(
        path=path, pct_of_medicare=float(pct_of_medicare), years_table=table, by_code=by_code,
        fixed_total=fixed_total, pct_total=pct_total, difference=fixed_total - pct_total,
        fixed_present_value=fixed_pv, pct_present_value=pct_pv,
        break_even_pct_of_medicare=break_even,
        better=better_contract(fixed_pv, pct_pv, allowance), discount_rate=float(discount_rate),
        rounding_allowance=allowance, equivalent=equivalent, fixed_years=fixed_years,
        pct_years=pct_years,
    )


class ShownTotals(NamedTuple):
    """A scenario's totals as every output shows them [USD, cents]."""

    fixed_total: float
    pct_total: float
    difference: float


def shown_totals(result: ScenarioResult) -> ShownTotals:
    """A scenario's totals over its horizon as every output shows them: each side the sum of
    its years as shown (:func:`shown_years`, each year rounded once), the difference the two
    totals subtracted.

    Parameters
    ----------
    result : ScenarioResult

    Returns
    -------
    ShownTotals
        Both totals in cents and ``fixed - pct`` of those cents [USD].

    Notes
    -----
    The total is the years beside it added up, not the horizon's revenue rounded on its own:
    0.5 units x $2.01 is $1.005 a year, $1.01 each year shown, so $2.02 over two years (the
    Scenarios sheet's totals are the sums of its years too). So it is within half a cent a
    year of the unrounded total. The difference is the difference of the figures beside it,
    so it never reads a cent off the two totals printed on the same line (the years'
    differences, each shown as its row's two figures subtracted, add up to it too).

    >>> lines = single_code_lines(0.5, 2.00, 2.01)
    >>> shown_totals(project_scenario(lines, pct_of_medicare=1.0, years=2))
    ShownTotals(fixed_total=2.02, pct_total=2.0, difference=0.02)
    """
    fixed, pct = (sum((fraction_cents(year) for year in years), Decimal(0))
                  for years in (result.fixed_years, result.pct_years))
    return ShownTotals(float(fixed), float(pct), float(fixed - pct))


class ShownPresentValues(NamedTuple):
    """A scenario's present values as every output shows them [USD, cents]."""

    fixed_present_value: float
    pct_present_value: float


def shown_present_values(result: ScenarioResult) -> ShownPresentValues:
    """Each side's revenue over the horizon discounted to the start of year 1, from its years
    as shown (:func:`shown_years`), rounded half-up to cents.

    Parameters
    ----------
    result : ScenarioResult

    Returns
    -------
    ShownPresentValues
        ``sum(shown_y / (1 + discount_rate) ** y)`` for each side [USD].

    Notes
    -----
    The present value is the discounted sum of the years printed beside it, as the total
    (:func:`shown_totals`) is their sum: at a discount rate of 0 it is the total. Discounted
    from the exact years it read a cent off the total printed beside it: 0.5 units x $2.01
    is $1.005 a year, $1.01 shown each year and $2.02 over two years, where the exact years'
    sum rounds to $2.01. The rate is read as typed (0.05, not its binary neighbour).

    >>> lines = single_code_lines(0.5, 2.00, 2.01)
    >>> shown_present_values(project_scenario(lines, pct_of_medicare=1.0, years=2))
    ShownPresentValues(fixed_present_value=2.02, pct_present_value=2.0)
    """
    factor = 1 + typed_decimal(result.discount_rate)
    fixed, pct = (float(fraction_cents(sum(
        (Fraction(fraction_cents(year)) / factor ** number
         for number, year in enumerate(years, start=1)), Fraction(0))))
        for years in (result.fixed_years, result.pct_years))
    return ShownPresentValues(fixed, pct)


def shown_years(result: ScenarioResult) -> pd.DataFrame:
    """A scenario's years table (:attr:`ScenarioResult.years_table`) with its money as every
    output shows it, in cents that add up as shown.

    Each year's revenue is its exact revenue (:attr:`ScenarioResult.fixed_years`,
    :attr:`~ScenarioResult.pct_years`) rounded once, half-up to cents, on its own
    (:func:`ratecalc.money.fraction_cents`, the exit estimate's rule), so a year that is the
    one before to the cent shows as it (a running total rounded once showed 0.5 units x $2.01
    as $1.01 and then $1.00); the cumulative columns are the sums of the years above, the
    last one the total (:func:`shown_totals`); ``difference`` is each row's shown fixed minus
    shown percent, so a row subtracts as shown and the column adds up to the total's
    difference too. Other columns are left as they are.

    >>> shown = shown_years(project_scenario(single_code_lines(0.5, 2.00, 2.01),
    ...                                      pct_of_medicare=1.0, years=3))
    >>> shown["fixed_revenue"].tolist(), shown["fixed_cumulative"].tolist()
    ([1.01, 1.01, 1.01], [1.01, 2.02, 3.03])
    """
    shown = result.years_table.copy()
    for side, years in (("fixed", result.fixed_years), ("pct", result.pct_years)):
        cents = [fraction_cents(year) for year in years]
        shown[f"{side}_revenue"] = [float(c) for c in cents]
        shown[f"{side}_cumulative"] = [float(c) for c in itertools.accumulate(cents)]
    shown["difference"] = round_cents(shown["fixed_revenue"].to_numpy()
                                      - shown["pct_revenue"].to_numpy())
    return shown


def single_code_lines(units: float, medicare_amount: float, fixed_rate: float,
                      code: str = "") -> pd.DataFrame:
    """The one-row ``lines`` table of :func:`project_scenario` for a single code.

    Parameters
    ----------
    units : float
        [units per year].
    medicare_amount, fixed_rate : float
        [USD per unit].
    code : str
        Optional label.
    """
    for name, value in (("units", units), ("medicare", medicare_amount), ("fixed", fixed_rate)):
        if not math.isfinite(value) or value < 0:
            raise InputError(f"{name}: expected a number >= 0, got {shown_value(value)}")
    return pd.DataFrame({"code": [code], "units_per_year": [float(units)],
                         "fixed_rate": [float(fixed_rate)],
                         "medicare_amount": [float(medicare_amount)]})


def compare_paths(lines: pd.DataFrame, *, pct_of_medicare: float | None,
                  paths: Mapping[str, float | Sequence[float]], years: int = 5,
                  escalator: float | Sequence[float] = 0.0, discount_rate: float = 0.0
                  ) -> pd.DataFrame:
    """Which contract type is better under each conversion-factor path.

    Parameters
    ----------
    lines, pct_of_medicare, years, escalator, discount_rate
        As in :func:`project_scenario` (a result's :attr:`ScenarioResult.pct_asked` compares
        the same percent again).
    paths : mapping of str to float or sequence of float
        Path name -> its yearly changes (e.g. from :func:`cf_path_changes`).

    Returns
    -------
    pandas.DataFrame
        One row per path: ``path``, ``average_cf_change`` [fraction per year, geometric],
        ``fixed_total``, ``pct_total``, ``difference`` [USD, as shown: :func:`shown_totals`,
        the sums of the path's years as shown], ``break_even_pct_of_medicare``
        [fraction], ``better``.
    """
    rows = []
    for name, changes in paths.items():
        result = project_scenario(lines, pct_of_medicare=pct_of_medicare, years=years,
                                  cf_changes=changes, escalator=escalator,
                                  discount_rate=discount_rate, path=name)
        last = result.years_table["medicare_index"].iloc[-1]
        average = last ** (1.0 / (years - 1)) - 1.0 if years > 1 else 0.0
        rows.append({"path": name, "average_cf_change": average,
                     **shown_totals(result)._asdict(),
                     "break_even_pct_of_medicare": result.break_even_pct_of_medicare,
                     "better": result.better})
    return pd.DataFrame(rows)


# --- the data model ------------------------------------------------------------------------------

def year_one_medicare(rows: pd.DataFrame, fallback: pd.Series) -> pd.Series:
    """A payer's Medicare amount per code on the day its year 1 begins: ``rows`` are its rows of
    :attr:`ratecalc.analysis.Analysis.new_term_rates` (``code, medicare_amount``, the amounts
    the proposal weighs its asks against); ``fallback`` (by code) when it has none there."""
    if rows.empty:
        return fallback
    return rows.set_index("code")["medicare_amount"].dropna()


def payer_lines(payer: str, fee_schedules: pd.DataFrame, volumes: pd.DataFrame,
                medicare_amounts: pd.DataFrame | pd.Series, *, as_of: date,
                rates: pd.DataFrame | None = None, pct_of_medicare: float | None = None,
                rates_on: date | None = None,
                contracts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``lines`` table for one payer from the canonical tables.

    Parameters
    ----------
    payer : str
        Payer name as in the tables.
    fee_schedules, volumes : pandas.DataFrame
        Canonical ``fee_schedules`` and ``volumes`` tables (``ratecalc.schema``).
    medicare_amounts : pandas.DataFrame or pandas.Series
        Medicare amount per code [USD per unit]: a Series indexed by code, or a frame with
        ``code`` and ``amount`` (as ``ratecalc.medicare.medicare_amounts`` returns).
    as_of : datetime.date
        The analysis date: the payer's rates in force on this date are the fixed rates, unless
        ``rates_on`` names another day.
    rates : pandas.DataFrame, optional
        Those rates already at hand (``code, allowed_amount``, NaN where none, as the analysis
        has them: :attr:`ratecalc.analysis.Analysis.rates_at_new_term`, the proposal's).
    rates_on : datetime.date, optional
        The day the payer's fee-schedule rows are read on instead of ``as_of``
        (:func:`ratecalc.rates.schedule_rates`): :func:`payer_scenario` passes the day its new
        term begins.
    pct_of_medicare : float, optional
        The payer's contracted fraction of Medicare, when its contract is percent-of-Medicare:
        without ``rates``, its codes are then priced by the contract as the rates in force are
        (:func:`ratecalc.rates.price_by_contract`); otherwise by its fee schedule
        (:func:`ratecalc.rates.schedule_rates`).
    contracts : pandas.DataFrame, optional
        Canonical CONTRACTS rows: without ``rates``, the fee-schedule rates are raised by the
        payer's contract escalator as :func:`ratecalc.rates.schedule_rates` raises them.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``units_per_year``, ``fixed_rate`` (the rate in force), ``medicare_amount``.
        A code without a rate in force is left out (the payer does not pay it); when no code
        has one, ``UnknownCodeError`` names them.
    """
    payer_volumes = volumes[volumes["payer"] == payer]
    if payer_volumes.empty:
        raise UnknownCodeError(f"volumes: no rows for payer {payer!r}")
    amount_of = _amounts_by_code(medicare_amounts)
    codes = payer_volumes["code"].tolist()
    day = as_of if rates_on is None else rates_on
    if rates is None:
        rates = payer_rates(payer, fee_schedules, volumes, amount_of, as_of=as_of,
                            pct_of_medicare=pct_of_medicare, rates_on=day, contracts=contracts)
    # a few codes per payer: plain lookups, not a merge per payer
    rate_of = {code: rate for code, rate in zip(rates["code"].tolist(),
                                                rates["allowed_amount"].tolist(), strict=True)
               if not pd.isna(rate)}
    no_rate = [code for code in codes if code not in rate_of]
    if no_rate and len(no_rate) == len(codes):
        raise UnknownCodeError(f"fee_schedules: payer {payer!r} has no rate in force on "
                               f"{day.isoformat()} for code(s) {', '.join(no_rate)}")
    if no_rate:
        # a code the payer does not pay earns nothing under either contract, as the Priorities'
        # revenue counts it: left out, not a reason to project none of the payer's codes
        priced = [code in rate_of for code in codes]
        payer_volumes = payer_volumes[priced]
        codes = [code for code, kept in zip(codes, priced, strict=True) if kept]
    no_medicare = [code for code in codes if pd.isna(amount_of.get(code, np.nan))]
    if no_medicare:
        raise UnknownCodeError(f"medicare_amounts: no Medicare amount for code(s) "
                               f"{', '.join(no_medicare)}")
    return pd.DataFrame({
        "code": codes, "units_per_year": payer_volumes["units_per_year"].to_numpy(),
        "fixed_rate": np.array([rate_of[code] for code in codes], dtype=float),
        "medicare_amount": np.array([amount_of[code] for code in codes], dtype=float)})


def _amounts_by_code(medicare_amounts: pd.DataFrame | pd.Series) -> dict[str, float]:
    """Code -> Medicare amount [USD per unit] of :func:`payer_lines`' ``medicare_amounts``."""
    if isinstance(medicare_amounts, pd.DataFrame):
        return dict(zip(medicare_amounts["code"].tolist(),
                        medicare_amounts["amount"].tolist(), strict=True))
    return medicare_amounts.to_dict()


def payer_rates(payer: str, fee_schedules: pd.DataFrame, volumes: pd.DataFrame,
                amount_of: Mapping[str, float], *, as_of: date,
                pct_of_medicare: float | None, rates_on: date,
                contracts: pd.DataFrame | None) -> pd.DataFrame:
    """The rates in force on ``rates_on`` of the codes billed to ``payer`` (``code,
    allowed_amount`` [USD per unit, NaN where none], ``rate_source``), as :func:`payer_lines`
    prices them without the analysis' table: its fee schedule, or its percent-of-Medicare
    contract's percentage of ``amount_of`` (code -> Medicare amount [USD per unit])."""
    codes = volumes.loc[volumes["payer"] == payer, "code"].tolist()
    schedule = schedule_rates(fee_schedules[fee_schedules["payer"] == payer], as_of,
                              payer_dates={payer: rates_on}, contracts=contracts)
    table = pd.DataFrame({"payer": payer, "code": pd.Series(codes, dtype=object)}).merge(
        schedule[["code", "schedule_rate"]].astype({"code": object}), on="code", how="left")
    percentages = {payer: pct_of_medicare} if pct_of_medicare is not None else {}
    return price_by_contract(table, percentages, pd.Series(dict(amount_of), dtype=float))


def payer_scenario(payer: str, contracts: pd.DataFrame, fee_schedules: pd.DataFrame,
                   volumes: pd.DataFrame, medicare_amounts: pd.DataFrame | pd.Series, *,
                   as_of: date, years: int = 5, cf_changes: float | Sequence[float] = 0.0,
                   pct_of_medicare: float | None = None,
                   escalator: float | Sequence[float] | None = None,
                   discount_rate: float = 0.0, path: str = "custom",
                   rates: pd.DataFrame | None = None,
                   governing: pd.DataFrame | None = None) -> ScenarioResult:
    """:func:`project_scenario` for one payer, driven by the canonical tables.

    Year 1 begins when the payer's new term begins (:func:`ratecalc.rates.new_term_start` of
    its governing contract: the day after its current term ends; the analysis date ``as_of``
    for a payer without a contract term), and the fixed side is the payer's rates in force that
    day (its fee schedule read on that day, or for a percent-of-Medicare contract what the
    contract pays: the rates the proposal builds on) with the contract's escalator; the
    result's ``rates_on`` names the day. The percent side is the contract's
    ``pct_of_medicare`` when its ``rate_basis`` is ``pct_of_medicare`` (paid in cents per unit,
    as its rates in force are), else the percent of Medicare year 1's fixed rates equal
    (:func:`equivalent_pct_of_medicare`, unrounded), so the projection shows what a conversion of
    the same contract would do; either way year 1 is the same on both sides, to the cent.
    ``pct_of_medicare`` and ``escalator`` override the contract. A payer with several contracts
    is projected on the one governing its terms (:func:`ratecalc.rates.payer_contracts`).
    ``rates`` is the payer's rates in force that day, when at hand (:func:`payer_lines`), and
    ``governing`` :func:`ratecalc.rates.payer_contracts` of ``contracts`` on ``as_of``, when at
    hand (a refresh projects every payer on the same contracts).

    A payer with no contract in force (none on file, or its only contract not started) pays
    its fee schedule, as on every other output: it is projected as a fixed schedule with no
    escalator agreed (the Scenarios sheet left it out, so its "All payers" year 1 was not the
    Priorities' revenue).
    """
    if governing is None:
        rows = contracts[contracts["payer"] == payer] if "payer" in contracts else contracts
        governing = payer_contracts(rows, as_of) if not rows.empty else rows
        contract = governing.iloc[0] if not governing.empty else None
    else:
        contract = governing.loc[payer] if payer in governing.index else None
    percent = contract_percent(contract) if contract is not None else None
    # year 1 is the new term's first year: the rates in force the day it begins, the
    # proposal's (a payer without a contract term keeps the analysis date, as its proposal)
    start = new_term_start(contract)
    rates_on = as_of if start is None else start
    if rates is None:
        rates = payer_rates(payer, fee_schedules, volumes, _amounts_by_code(medicare_amounts),
                            as_of=as_of, pct_of_medicare=percent, rates_on=rates_on,
                            contracts=contracts)
    lines = payer_lines(payer, fee_schedules, volumes, medicare_amounts, as_of=as_of,
                        rates=rates, pct_of_medicare=percent, rates_on=rates_on,
                        contracts=contracts)
    if escalator is None:
        # the rule the rates in force and the exit estimates read it by: none for a
        # percent-of-Medicare contract, whose rates follow Medicare's amounts instead
        escalator = contract_escalator(contract)
    if pct_of_medicare is None:
        pct_of_medicare = percent  # None: the equivalent of year 1's rates
    result = project_scenario(lines, pct_of_medicare=pct_of_medicare, years=years,
                              cf_changes=cf_changes, escalator=escalator,
                              discount_rate=discount_rate, path=path)
    # the codes billed it does not pay, by the one rule every revenue shown follows (the
    # rates' first row of a code prices it; read as lists: pandas' reindex and a grouped
    # table cost milliseconds a payer for these few codes)
    own = volumes[volumes["payer"] == payer]
    codes = own["code"].tolist()
    sources = (rates["rate_source"].tolist() if "rate_source" in rates.columns
               else [""] * len(rates))
    priced: dict[Any, tuple[float, Any]] = {}
    for code, amount, source in zip(rates["code"].tolist(), rates["allowed_amount"].tolist(),
                                    sources, strict=True):
        priced.setdefault(code, (amount, source))
    found = [priced.get(code, (np.nan, "")) for code in codes]
    unpaid_rows, no_medicare_rows = unpaid_lines(
        np.array([amount for amount, _ in found], dtype=float),
        own["units_per_year"].to_numpy(dtype=float),
        np.array([source for _, source in found], dtype=object))
    unpriced = tuple(dict.fromkeys(
        code for code, unpaid in zip(codes, unpaid_rows.tolist(), strict=True) if unpaid))
    no_medicare = tuple(dict.fromkeys(
        code for code, unpaid in zip(codes, no_medicare_rows.tolist(), strict=True) if unpaid))
    return replace(result, rates_on=rates_on, new_term_start=start, unpriced_codes=unpriced,
                   no_medicare_codes=no_medicare)
