"""What leaving a payer's network would cost, and the walk-away floor.

Leaving payer X loses its revenue, but not all of it: some patients stay (out-of-network or as
self-pay) and pay part of the rate, the capacity they free is refilled by other payers' patients
after a ramp-up, and the admin cost of the contract goes away (DOMAIN.md section 1.10).

Model
-----
Per month, with ``V`` annual visits, rate ``r`` per visit, retention ``k``, retained collection
``q``, backfill share ``b`` at rate ``r_b``, ramp-up ``R`` months and admin savings ``S`` a year:

    lost       = V r / 12
    retained   = V k q r / 12
    backfilled = V (1 - k) b r_b / 12 x ramp(month)
    admin      = S / 12
    net        = retained + backfilled + admin - lost         (negative: the exit costs money)

``ramp`` rises linearly from 0 at the exit to 1 after ``R`` months; a month's factor is the
ramp's average over that month, so over the first ``T`` months backfill earns ``T - R/2`` full
months (``T >= R``) or ``T**2 / (2 R)`` (``T < R``).

Months 1-12 are the first year of the term the clinic would otherwise have had with the payer,
months 13-24 its second: there ``r`` and ``r_b`` are the second year's (``rate_per_visit_year2``
and ``backfill_rate_year2``; without them, the first year's all 24 months, as the one-rate forms
``EXIT_IMPACT`` and ``exit-impact --rate-per-visit`` take it).

Timing
------
A payer left is lost when its current term ends, so for a payer the rate ``r`` is its revenue
per visit at the rates in force on the day its new term would begin
(:func:`ratecalc.rates.new_term_starts`; the analysis date for a payer without a contract term):
the rates the proposal builds on, so the revenue at risk is the Proposal's current revenue (the
Totals sheet's "Revenue at new-term rates"), and a rate the payer agreed for a day inside the
current term counts. The backfill rate ``r_b`` is the other payers' revenue per visit on the
same basis (each at its own new term's rates).

A payer's second-year revenue is its codes' units x their rates raised by its contract's
escalator and rounded half-up to cents (:func:`ratecalc.rates.term_year_revenue`, the rule of
the Scenarios' fixed-dollar years, so that the net over 24 months with every what-if 0 is minus
the Scenarios' years 1 and 2; :func:`ratecalc.rates.term_escalators`); a percent-of-Medicare
contract has no escalator, and no Medicare release prices its second year yet, so its second
year is its first (the Scenarios' fixed-dollar side for it; the conversion-factor paths are
what-ifs, not rates in force). The second-year backfill rate is the other payers' second-year
revenue per visit, each raised by its own escalator: the patients who refill the capacity pay
what their payers' contracts pay that year.

Money is exact: every figure is computed from the inputs in the decimals each prints as
(:func:`exact_months`, :func:`year_revenue`), and rounded once where it is shown, half-up to
cents (:func:`shown_revenue`, :func:`shown_monthly`). A year is rounded on its own: its months
add up to it, and without an escalator the second year is the first to the cent. The float
fields of :class:`ExitImpact` are the exact amounts as doubles, unrounded. Visits x any rate
is at most :data:`ratecalc.limits.MAX_EXIT_REVENUE` a year (:func:`refuse_past_amount`).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import numpy as np
import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.errors import InputError, UnknownCodeError, shown_value
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import (
    AMOUNT,
    COST_PER_VISIT,
    EXIT_SHARES,
    MAX_EXIT_REVENUE,
    RANGES,
    NumberRange,
)
from ratecalc.money import (
    NOISE_PLACES,
    count_text,
    exact_amount,
    fraction_cents,
    micro_cents_of_fraction,
    money_text,
    shown_beside_line,
    shown_money_text,
    stated_fraction,
    stated_percent_text,
    to_decimal_cents,
    typed_decimal,
    typed_money_text,
)
from ratecalc.rates import (
    ended_contracts,
    payer_contracts,
    schedule_rates,
    term_escalators,
    term_year_revenue,
)
from ratecalc.revenue import billed_revenue
from ratecalc.timeline import (
    RENEWAL_TERM_MONTHS,
    ended_note,
    renewal_timeline,
    successor_starts,
    termination_effective_date,
    timeline_deadline_note,
)

HORIZONS_MONTHS: tuple[int, int] = (12, 24)


def _number(value: object, name: str, *, words: NumberRange | None = None,
            what: str = "a number") -> float:
    """``value`` as a float: a finite number of ``what``, in the range ``words`` (in its words,
    those of the option and the worksheet function), else >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(float(value)):
        raise InputError(f"{name}: expected {what}, got {shown_value(value)}")
    v = float(value)
    if words is not None and not words.low <= v <= words.high:
        raise InputError(f"{name}: {words.rule()}, got {shown_value(value)}")
    if words is None and v < 0:
        raise InputError(f"{name}: expected {what} >= 0, got {shown_value(value)}")
    return v


@frozen_record
class ExitParams:
    """Assumptions about leaving one payer.

    Attributes
    ----------
    annual_visits : float
        Visits a year from the payer [visits per year].
    rate_per_visit : float
        What the payer pays per visit now [USD per visit]: in the new term's first year, months
        1-12 of the exit.
    retention : float
        Share of the payer's visits kept out-of-network or as self-pay [fraction, 0-1].
    retained_collection : float
        Share of ``rate_per_visit`` collected on a retained visit [fraction, 0-1]; a figure above
        the contracted rate is more likely a typo (85 for 0.85) than a plan, so it is refused.
    backfill : float
        Share of the freed capacity refilled by other payers [fraction, 0-1].
    backfill_rate : float
        Other payers' average payment [USD per visit].
    ramp_months : float
        Months until the backfill is complete [months, 0-120]; 0 = at once.
    admin_savings : float
        Admin cost of the contract saved [USD per year].
    rate_per_visit_year2, backfill_rate_year2 : float or None
        ``rate_per_visit`` and ``backfill_rate`` in the new term's second year, months 13-24
        [USD per visit] (:func:`annual_revenue_by_payer`'s ``year2_revenue``: a fixed
        contract's rates raised by its escalator); None: the first year's.
    """

    annual_visits: float
    rate_per_visit: float
    retention: float = 0.0
    retained_collection: float = 0.0
    backfill: float = 0.0
    backfill_rate: float = 0.0
    ramp_months: float = 0.0
    admin_savings: float = 0.0
    rate_per_visit_year2: float | None = None
    backfill_rate_year2: float | None = None

    def __post_init__(self) -> None:
        _number(self.annual_visits, "annual_visits", words=RANGES["visits_per_year"],
                what="a number of visits")
        _number(self.rate_per_visit, "rate_per_visit", words=AMOUNT, what="a dollar amount")
        for name in EXIT_SHARES:
            _number(getattr(self, name), name, words=RANGES[name], what="a fraction")
        _number(self.backfill_rate, "backfill_rate", words=AMOUNT, what="a dollar amount")
        _number(self.ramp_months, "ramp_months", words=RANGES["ramp_months"],
                what="a number of months")
        _number(self.admin_savings, "admin_savings", words=AMOUNT, what="a dollar amount")
        for name in ("rate_per_visit_year2", "backfill_rate_year2"):
            if getattr(self, name) is not None:
                _number(getattr(self, name), name, words=AMOUNT, what="a dollar amount")
        for name in ("rate_per_visit", "rate_per_visit_year2", "backfill_rate",
                     "backfill_rate_year2"):
            if getattr(self, name) is not None:
                refuse_past_amount(self.annual_visits, getattr(self, name), name)

    @property
    def year2_rate(self) -> float:
        """The payer's rate per visit in months 13-24 [USD per visit]."""
        return self.rate_per_visit if self.rate_per_visit_year2 is None \
            else self.rate_per_visit_year2

    @property
    def year2_backfill_rate(self) -> float:
        """The backfill rate in months 13-24 [USD per visit]."""
        return self.backfill_rate if self.backfill_rate_year2 is None \
            else self.backfill_rate_year2


def refuse_past_amount(visits: float, rate: float, name: str,
                       visits_name: str = "annual_visits") -> None:
    """Refuse ``visits`` a year x ``rate`` per visit above
    :data:`ratecalc.limits.MAX_EXIT_REVENUE` a year: each is in its own range, but 100,000,000
    visits x $1,000,000,000 is $1e17 a year, past any amount a double holds to the cent, and
    the month table showed float noise ("$8,333,333,333,333,361.00" a month). ``name`` and
    ``visits_name``: the figures' names where they were given (an option's)."""
    if year_revenue(visits, rate) > MAX_EXIT_REVENUE:
        raise InputError(
            f"{visits_name} x {name}: expected a revenue a year of at most "
            f"{money_text(MAX_EXIT_REVENUE)}, got {count_text(visits)} visits x "
            f"{typed_money_text(rate)} = {money_text(fraction_cents(year_revenue(visits, rate)))}")


def year_revenue(visits: float, rate: float) -> Fraction:
    """``visits`` a year x ``rate`` per visit [USD per year], exactly, in the decimals each
    prints as (:func:`ratecalc.money.typed_decimal`): the one rule for a year's revenue at risk
    (and each month's share of it). Rounded once, half-up to cents, where it is shown
    (:func:`ratecalc.money.fraction_cents`): 0.5 visits x $2.01 is $1.005, shown $1.01; in
    binary 799.5 x $71.11 was 56852.44499999999, shown $56,852.44 beside a year 2 of $56,852.45.

    >>> year_revenue(0.5, 2.01), fraction_cents(year_revenue(799.5, 71.11))
    (Fraction(201, 200), Decimal('56852.45'))
    """
    return typed_decimal(visits) * typed_decimal(rate)


def held_rate_per_visit(visits: float, rate: float) -> float:
    """The rate per visit a sheet's cell holds beside ``visits``, so that the two price the
    year as the estimate on their row does (``EXIT_IMPACT`` pointed at them gives the row's
    Net, rounded once, half-up, as :func:`shown_net_impact`): the amount ``rate`` stands for
    (:func:`ratecalc.money.exact_amount`, read as every output reads it) where that prices the
    year as ``rate`` does to a micro-cent, else ``rate`` itself, a quotient no decimal holds.
    Snapped, 3,120 visits at $142,652.955 / 3,120 = 45.72210096153846 held 45.72210096, a
    year of $142,652.9549952: -$142,652.95 from the function beside the row's -$142,652.96.

    >>> held_rate_per_visit(3120, 142652.955 / 3120), held_rate_per_visit(4, 0.1 + 0.2)
    (45.72210096153846, 0.3)
    """
    snapped = exact_amount(rate)
    if not (math.isfinite(visits) and math.isfinite(rate)):
        return snapped
    return snapped if micro_cents_of_fraction(year_revenue(visits, snapped)) == \
        micro_cents_of_fraction(year_revenue(visits, rate)) else rate


@frozen_record
class WalkAwayCheck:
    """An offered rate against the walk-away floor (cost plus margin).

    Attributes
    ----------
    offered_rate, cost_per_visit, floor : float
        [USD per visit]; ``floor = cost_per_visit x (1 + target_margin)``.
    target_margin : float
        Markup over cost [fraction].
    meets_floor : bool
        ``offered_rate >= floor``.
    shortfall : float
        ``max(floor - offered_rate, 0)`` [USD per visit].
    """

    offered_rate: float
    cost_per_visit: float
    target_margin: float
    floor: float
    meets_floor: bool
    shortfall: float


@frozen_record
class ExitImpact:
    """The result of :func:`exit_impact`.

    Attributes
    ----------
    params : ExitParams
    revenue_at_risk : float
        The payer's revenue [USD per year], in the new term's first year (months 1-12):
        visits x rate, exact (:func:`year_revenue`), unrounded; every output shows it as
        :func:`shown_revenue` rounds it.
    revenue_at_risk_year2 : float
        Its revenue in the new term's second year (months 13-24) [USD per year]: its rates
        raised by its contract's escalator; ``revenue_at_risk`` without one.
    retained_revenue, backfill_revenue : float
        At full ramp [USD per year].
    net_impact_12m, net_impact_24m : float
        Net change in revenue over the first 12 and 24 months after the exit [USD]; negative is
        a loss.
    monthly : pandas.DataFrame
        ``month`` (1-24), ``lost``, ``retained``, ``backfill``, ``admin_savings``, ``net``,
        ``cumulative_net`` [USD].
    notice_deadline : datetime.date or None
        Last day to give notice for the current term, when the contract's end date was given.
    deadline_note : str
        The Timeline's words when that deadline has passed or is near
        (:func:`ratecalc.timeline.timeline_deadline_note`); empty otherwise.
    notice_passed : bool
        The deadline is before the day notice would be given: the exit then waits for the end
        of the term the contract renews into (the Exit Impact sheet shows the deadline as
        "past 2026-12-31"; :func:`exit_timing_words` says it "passed").
    exit_date : datetime.date or None
        The day the clinic would be out of network if it gave notice on the analysis date
        (:func:`ratecalc.timeline.termination_effective_date`): the current term's end, or,
        the deadline passed, the end of the term the contract renews into.
    offer_rate : float or None
        The payer's final offer [USD per visit], if given.
    exit_vs_offer_12m, exit_vs_offer_24m : float or None
        Revenue after leaving minus revenue under the final offer [USD]; positive: leaving
        earns more.
    walk_away : WalkAwayCheck or None
    """

    params: ExitParams
    revenue_at_risk: float
    retained_revenue: float
    backfill_revenue: float
    net_impact_12m: float
    net_impact_24m: float
    monthly: pd.DataFrame
    revenue_at_risk_year2: float = math.nan
    notice_deadline: date | None = None
    deadline_note: str = ""
    exit_date: date | None = None
    notice_passed: bool = False
    offer_rate: float | None = None
    exit_vs_offer_12m: float | None = None
    exit_vs_offer_24m: float | None = None
    walk_away: WalkAwayCheck | None = None

    @functools.cached_property
    def shown_monthly(self) -> pd.DataFrame:
        """:attr:`monthly` as every output shows it (:func:`shown_monthly`), built once for
        the figures read from it (:func:`shown_net_impact`,
        :func:`shown_revenue_at_risk_year2`)."""
        return shown_monthly(self.params, len(self.monthly))


def ramp_months_earned(months: float, ramp_months: float) -> float:
    """Full-rate months a linear ramp earns over the first ``months`` months.

    Examples
    --------
    >>> ramp_months_earned(12, 6), ramp_months_earned(3, 6), ramp_months_earned(12, 0)
    (9.0, 0.75, 12.0)
    """
    if months < 0:  # a horizon before the exit has no meaning (and would divide by zero below)
        raise InputError(f"months: expected a number of months >= 0, got {months!r}")
    if ramp_months <= 0:
        return float(months)
    if months >= ramp_months:
        return float(months - ramp_months / 2.0)
    return float(months**2 / (2.0 * ramp_months))


def walk_away_check(offered_rate: float, cost_per_visit: float,
                    target_margin: float = 0.10) -> WalkAwayCheck:
    """Compare an offered rate with the lowest sustainable rate: cost per visit plus margin.

    Parameters
    ----------
    offered_rate : float
        [USD per visit].
    cost_per_visit : float
        The clinic's full cost of a visit [USD per visit].
    target_margin : float
        Markup the floor must keep over cost [fraction], SETTINGS ``walk_away_margin``
        (default 0.10).

    Examples
    --------
    >>> w = walk_away_check(95.0, 90.0, 0.10)
    >>> round(w.floor, 2), w.meets_floor, round(w.shortfall, 2)
    (99.0, False, 4.0)
    """
    offered = _number(offered_rate, "offered_rate", words=AMOUNT, what="a dollar amount")
    cost = _number(cost_per_visit, "cost_per_visit", words=COST_PER_VISIT,
                   what="a dollar amount")
    margin = _number(target_margin, "target_margin", words=RANGES["walk_away_margin"],
                     what="a fraction")
    # on the decimals typed (a computed rate per visit read as every output reads it,
    # exact_amount): in binary $90.00 + 10% is 99.00000000000001, and $99.00 fell short; the
    # margin as its words state it (stated_fraction), so that "$90.00 + 10.00001%" redoes the
    # floor they name
    floor = typed_decimal(exact_amount(cost)) * (1 + stated_fraction(margin))
    # read to a micro-cent, as the rate it is weighed against and as the Exit Impact sheet's
    # cell holds it: a floor a billionth of a dollar above the rate was short by "$0.00"
    micro = 10 ** NOISE_PLACES
    floor = Fraction(math.floor(floor * micro + Fraction(1, 2)), micro)
    shortfall = max(floor - typed_decimal(exact_amount(offered)), Fraction(0))
    return WalkAwayCheck(offered_rate=offered, cost_per_visit=cost, target_margin=margin,
                         floor=float(floor), meets_floor=shortfall == 0,
                         shortfall=float(shortfall))


#: Columns of :func:`monthly_schedule` and their units: what is lost and recovered each month
#: in dollars, the net with its sign.
MONTHLY_UNITS: dict[str, Unit] = {
    "month": Unit.COUNT, "lost": Unit.MONEY, "retained": Unit.MONEY, "backfill": Unit.MONEY,
    "admin_savings": Unit.MONEY, "net": Unit.MONEY_CHANGE, "cumulative_net": Unit.MONEY_CHANGE,
}
#: Headers of :data:`MONTHLY_UNITS`' columns in words (the Exit Impact sheet's "Retained" and
#: "Backfilled").
MONTHLY_HEADERS: dict[str, str] = {
    "month": "Month", "lost": "Lost", "retained": "Retained", "backfill": "Backfilled",
    "admin_savings": "Admin savings", "net": "Net", "cumulative_net": "Cumulative net",
}


def monthly_schedule(params: ExitParams, months: int = max(HORIZONS_MONTHS)) -> pd.DataFrame:
    """Month-by-month revenue effect of the exit (see the module notes for the model),
    unrounded: the exact amounts of :func:`exact_months` as doubles.

    Months 13-24 lose and recover at the new term's second-year rates
    (:attr:`ExitParams.year2_rate`, :attr:`ExitParams.year2_backfill_rate`).

    Returns
    -------
    pandas.DataFrame
        ``month``, ``lost``, ``retained``, ``backfill``, ``admin_savings``, ``net``,
        ``cumulative_net`` [USD per month; cumulative USD].

    Examples
    --------
    >>> table = monthly_schedule(ExitParams(12, 100.0, rate_per_visit_year2=102.0))
    >>> table["lost"].iloc[[0, 11, 12, 23]].tolist()
    [100.0, 100.0, 102.0, 102.0]
    """
    exact = exact_months(params, months)
    table: dict[str, object] = {"month": np.arange(1, months + 1)}
    for part in NET_PARTS:
        table[part] = np.array([float(x) for x in exact[part]], dtype=float)
    net = [exact["retained"][m] + exact["backfill"][m] + exact["admin_savings"][m]
           - exact["lost"][m] for m in range(months)]
    table["net"] = np.array([float(x) for x in net], dtype=float)
    table["cumulative_net"] = np.array([float(x) for x in itertools.accumulate(net)],
                                       dtype=float)
    return pd.DataFrame(table)


#: The columns of :data:`MONTHLY_UNITS` that Net adds up: each month's net is what is
#: retained, backfilled and saved less what is lost.
NET_PARTS: tuple[str, ...] = ("lost", "retained", "backfill", "admin_savings")


@functools.lru_cache(maxsize=256)
def exact_months(params: ExitParams, months: int = max(HORIZONS_MONTHS)
                 ) -> dict[str, tuple[Fraction, ...]]:
    """Each part of :data:`NET_PARTS` month by month [USD], exactly, from the inputs in the
    decimals each prints as (:func:`ratecalc.money.typed_decimal`), so that a year's Lost is
    :func:`year_revenue` to the last decimal and no binary noise reaches a cent: month ``m``
    of year ``y`` loses ``V r_y / 12``, retains ``V k q r_y / 12``, refills
    ``V (1 - k) b r_b,y / 12`` x the ramp's share of that month, saves ``S / 12``.
    Cached: the figures, the month table and a worksheet function's cell read it alike."""
    typed = typed_decimal
    p = params
    visits = typed(p.annual_visits)
    kept = typed(p.retention) * typed(p.retained_collection)
    refilled = (1 - typed(p.retention)) * typed(p.backfill)
    rates = (typed(p.rate_per_visit), typed(p.year2_rate))
    backfill_rates = (typed(p.backfill_rate), typed(p.year2_backfill_rate))
    ramp = typed(p.ramp_months)

    def earned(t: int) -> Fraction:
        # full-rate months a linear ramp earns by the end of month t (ramp_months_earned)
        if ramp <= 0:
            return Fraction(t)
        ramped = min(Fraction(t), ramp)
        return ramped * ramped / (2 * ramp) + (t - ramped)

    out: dict[str, list[Fraction]] = {part: [] for part in NET_PARTS}
    admin = typed(p.admin_savings) / 12
    for month in range(1, months + 1):
        year = 0 if month <= 12 else 1
        out["lost"].append(visits * rates[year] / 12)
        out["retained"].append(visits * kept * rates[year] / 12)
        out["backfill"].append(visits * refilled * backfill_rates[year] / 12
                               * (earned(month) - earned(month - 1)))
        out["admin_savings"].append(admin)
    return {part: tuple(values) for part, values in out.items()}


@functools.lru_cache(maxsize=256)
def shown_cents(params: ExitParams, months: int = max(HORIZONS_MONTHS)
                ) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The cents :func:`shown_monthly` shows: each part of :data:`NET_PARTS` month by month,
    and each month's Net (its parts as shown, added). Cached, as :func:`exact_months` is: the
    month table and the net over 12 and 24 months (:func:`shown_net_impact`) read it alike."""
    exact = exact_months(params, months)
    cents: dict[str, tuple[int, ...]] = {}
    for part in NET_PARTS:
        shown: list[int] = []
        for start in range(0, months, 12):
            year = exact[part][start:start + 12]
            totals = [int(fraction_cents(t).scaleb(2)) for t in itertools.accumulate(year)]
            shown += [b - a for a, b in zip([0, *totals[:-1]], totals, strict=True)]
        cents[part] = tuple(shown)
    net = tuple(cents["retained"][m] + cents["backfill"][m] + cents["admin_savings"][m]
                - cents["lost"][m] for m in range(months))
    return cents, net


def shown_monthly(params: ExitParams, months: int = max(HORIZONS_MONTHS)) -> pd.DataFrame:
    """:func:`monthly_schedule` of ``params`` as every output shows it, in cents that add up
    both ways: each part (:data:`NET_PARTS`) by its running total within its year rounded
    once (:func:`ratecalc.money.fraction_cents` of :func:`exact_months`), so that a year's
    months add up to that year's figure rounded once (the year's Lost to its revenue at risk,
    :func:`shown_revenue_at_risk`); Net is each row's parts as shown, added (retained +
    backfilled + admin savings - lost), and the Cumulative net the months' Net above. A
    month's Net rounded on its own missed its row by a cent or two (-$9,071.96 beside parts
    adding to -$9,071.94); a running total over both years made year 2 $1.00 beside a year 1
    of $1.01 (0.5 visits x $2.01: $2.01 over 24 months less $1.01).

    >>> shown = shown_monthly(ExitParams(3, 1.0025, retention=1.0, retained_collection=0.5),
    ...                       months=3)
    >>> shown["lost"].tolist(), shown["retained"].tolist(), shown["net"].tolist()
    ([0.25, 0.25, 0.25], [0.13, 0.12, 0.13], [-0.12, -0.13, -0.12])
    >>> shown["cumulative_net"].tolist()  # the unrounded -0.3759375 is shown -0.37, as added
    [-0.12, -0.25, -0.37]
    """
    cents, net = shown_cents(params, months)
    table: dict[str, object] = {"month": np.arange(1, months + 1)}
    for part in NET_PARTS:
        table[part] = np.array(cents[part], dtype=float) / 100.0
    table["net"] = np.array(net, dtype=float) / 100.0
    table["cumulative_net"] = np.array(list(itertools.accumulate(net)), dtype=float) / 100.0
    frame = pd.DataFrame(table)
    for column in ("net", "cumulative_net"):  # no -$0.00 on screen
        frame[column] = np.where(frame[column] == 0, 0.0, frame[column])
    return frame


def shown_net_impact(result: ExitImpact, months: int) -> float:
    """The net over the first ``months`` months as every output shows it: the Cumulative net
    of :func:`shown_monthly` at that month, so that it is the sum of the months' Net shown
    above it and of its parts' totals, within a few cents of the unrounded
    ``result.net_impact_12m`` or ``net_impact_24m`` (a cent a part a year at most).

    >>> r = exit_impact(ExitParams(1000, 100.0, backfill=0.5, backfill_rate=90.0))
    >>> shown_net_impact(r, 12)   # -100,000 + 1,000 x 0.5 x 90
    -55000.0
    """
    if months not in HORIZONS_MONTHS:
        raise ValueError(f"months: expected one of {HORIZONS_MONTHS}, got {months!r}")
    # the month table's Cumulative net at that month, without building the table (a pandas
    # frame of 24 rows a payer, 8 ms of a demo refresh): the same cents, added, over 100
    _, net = shown_cents(result.params, len(result.monthly))
    cumulative = float(sum(net[:months])) / 100.0
    return 0.0 if cumulative == 0 else cumulative  # no -$0.00, as the table has it


class ShownRevenue(NamedTuple):
    """A year's figures of an exit as every output shows them [USD per year], exact Decimals
    in cents (:func:`shown_revenue`)."""

    revenue_at_risk: Decimal
    revenue_at_risk_year2: Decimal
    retained_revenue: Decimal
    backfill_revenue: Decimal


def shown_revenue(result: ExitImpact) -> ShownRevenue:
    """The revenue at risk in the new term's first and second years (months 1-12 and 13-24),
    and what is retained and backfilled a year at full ramp (first year), as every output
    shows them: each exact from the inputs (:func:`year_revenue`) and rounded once. The
    second year is the first's rule at the second year's rate (:attr:`ExitParams.year2_rate`,
    a fixed contract's rates raised by its escalator); without an escalator it is the first
    year to the cent. Each year's revenue at risk is its months' Lost added up as
    :func:`shown_monthly` shows them.

    >>> shown_revenue(exit_impact(ExitParams(0.5, 2.01)))[:2]
    (Decimal('1.01'), Decimal('1.01'))
    >>> shown_revenue(exit_impact(ExitParams(1, 100.0, rate_per_visit_year2=102.005)))[1]
    Decimal('102.01')
    """
    p = result.params
    typed = typed_decimal
    return ShownRevenue(
        fraction_cents(year_revenue(p.annual_visits, p.rate_per_visit)),
        fraction_cents(year_revenue(p.annual_visits, p.year2_rate)),
        fraction_cents(year_revenue(p.annual_visits, p.rate_per_visit)
                       * typed(p.retention) * typed(p.retained_collection)),
        fraction_cents(year_revenue(p.annual_visits, p.backfill_rate)
                       * (1 - typed(p.retention)) * typed(p.backfill)))


def shown_revenue_at_risk_year2(result: ExitImpact) -> float:
    """The revenue at risk in the new term's second year as every output shows it [USD]
    (:func:`shown_revenue`): the month table's Lost over months 13-24.

    >>> r = exit_impact(ExitParams(1, 100.0, rate_per_visit_year2=102.005))
    >>> shown_revenue_at_risk_year2(r)
    102.01
    """
    return float(shown_revenue(result).revenue_at_risk_year2)


def shown_exit_vs_offer(result: ExitImpact, months: int) -> Decimal | None:
    """Revenue after leaving minus revenue under the final offer over the first ``months``
    months, as every output shows it [USD]: exact from the inputs, rounded once; None without
    an offer."""
    if result.offer_rate is None:
        return None
    return fraction_cents(exact_exit_vs_offer(result.params, result.offer_rate, months))


def exact_exit_vs_offer(params: ExitParams, offer_rate: float, months: int) -> Fraction:
    """What leaving earns over the first ``months`` months (retained, backfilled, admin
    saved: :func:`exact_months`) less ``annual_visits x offer_rate`` a year for as long
    [USD], exactly."""
    exact = exact_months(params)
    leaving = sum((exact[part][m] for part in ("retained", "backfill", "admin_savings")
                   for m in range(months)), Fraction(0))
    return leaving - year_revenue(params.annual_visits, offer_rate) * months / 12


def exit_impact(params: ExitParams, *, offer_rate: float | None = None,
                cost_per_visit: float | None = None, target_margin: float = 0.10,
                end_date: date | None = None, notice_days: int = 90,
                auto_renew: bool = False, as_of: date | None = None,
                renewal_term_months: int = RENEWAL_TERM_MONTHS) -> ExitImpact:
    """Net effect of leaving a payer over 12 and 24 months, against accepting its final offer.

    Parameters
    ----------
    params : ExitParams
    offer_rate : float, optional
        The payer's final offer [USD per visit]: staying would earn
        ``annual_visits x offer_rate`` a year (and keep the admin cost).
    cost_per_visit : float, optional
        With ``target_margin``, checks the offer (or the current rate) against the floor.
    target_margin : float
        [fraction], default 0.10.
    end_date : datetime.date, optional
        The contract's end date; gives ``notice_deadline``, ``deadline_note`` and
        ``exit_date`` as the Timeline and the termination letter give them.
    notice_days : int
        Days of notice the contract requires [days], default 90.
    auto_renew : bool
        The contract renews unless notice is given (a passed deadline then moves the exit to
        the end of the renewed term).
    as_of : datetime.date, optional
        The day notice would be given; today by default.
    renewal_term_months : int
        Length of each term the contract renews for [months]
        (:func:`ratecalc.timeline.contract_renewal_months`), default 12.

    Returns
    -------
    ExitImpact

    Examples
    --------
    1,000 visits at $100, nobody retained, half the capacity refilled at $90 at once:

    >>> r = exit_impact(ExitParams(1000, 100.0, backfill=0.5, backfill_rate=90.0))
    >>> round(r.net_impact_12m, 2)   # -100,000 + 1,000 x 0.5 x 90
    -55000.0
    """
    schedule = monthly_schedule(params)
    totals = {h: float(schedule["cumulative_net"].iloc[h - 1]) for h in HORIZONS_MONTHS}
    p = params
    offer = None if offer_rate is None else _number(offer_rate, "offer_rate",
                                                    words=AMOUNT, what="a dollar amount")
    versus: dict[int, float | None] = {h: None for h in HORIZONS_MONTHS}
    if offer is not None:
        refuse_past_amount(p.annual_visits, offer, "offer_rate")
        for h in HORIZONS_MONTHS:
            versus[h] = float(exact_exit_vs_offer(p, offer, h))
    walk = None
    if cost_per_visit is not None:
        walk = walk_away_check(offer if offer is not None else p.rate_per_visit,
                               cost_per_visit, target_margin)
    deadline, note, exit_date, passed = None, "", None, False
    if end_date is not None:
        t = renewal_timeline(end_date, auto_renew=auto_renew, notice_days=notice_days,
                             as_of=as_of, renewal_term_months=renewal_term_months)
        deadline = t.notice_deadline
        note = timeline_deadline_note(t)
        exit_date = termination_effective_date(t, t.as_of)[0]
        passed = t.as_of > t.notice_deadline
    return ExitImpact(
        params=p,
        # exact, as doubles (year_revenue): in binary 799.5 x $71.11 was $56,852.44
        revenue_at_risk=float(year_revenue(p.annual_visits, p.rate_per_visit)),
        revenue_at_risk_year2=float(year_revenue(p.annual_visits, p.year2_rate)),
        retained_revenue=float(year_revenue(p.annual_visits, p.rate_per_visit)
                               * typed_decimal(p.retention)
                               * typed_decimal(p.retained_collection)),
        backfill_revenue=float(year_revenue(p.annual_visits, p.backfill_rate)
                               * (1 - typed_decimal(p.retention)) * typed_decimal(p.backfill)),
        net_impact_12m=totals[12], net_impact_24m=totals[24], monthly=schedule,
        notice_deadline=deadline, deadline_note=note, exit_date=exit_date,
        notice_passed=passed, offer_rate=offer,
        exit_vs_offer_12m=versus[12], exit_vs_offer_24m=versus[24], walk_away=walk,
    )


def ended_exit_warning(payer: str, contracts: pd.DataFrame, as_of: date, *,
                       ended: Mapping[str, date] | None = None) -> str | None:
    """The warning beside an exit estimate for a payer whose contract ended without renewal
    (:func:`ratecalc.rates.ended_contracts`, the rule every output follows), else None: its
    estimate is what its visits are worth, with no deadline to meet or term to leave. The
    Exit Impact sheet and ``exit-impact --payer`` both say it; without it they priced leaving
    a contract the Proposal, the Priorities and the letter call ended, in silence.

    ``ended``: :func:`ratecalc.rates.ended_contracts` of ``contracts`` on ``as_of``, when the
    caller has it already (the Exit Impact sheet asks for every payer)."""
    if ended is None:
        ended = ended_contracts(contracts, as_of)
    day = ended.get(payer)
    if day is None:
        return None
    successor = successor_starts(contracts, as_of).get(payer)
    return f"{payer}: {ended_exit_note(day, as_of, successor)}"


def ended_exit_cell(end: date) -> str:
    """The Exit Impact sheet's "Notice deadline" for a payer whose contract ended ``end``
    without renewal: on its row, why it has neither a deadline nor an earliest exit;
    :func:`ended_exit_note` says the rest, on the Problems sheet and from ``exit-impact``.

    >>> ended_exit_cell(date(2026, 11, 30))
    'none: ended 2026-11-30'
    """
    return f"none: ended {end.isoformat()}"


def ended_exit_note(end: date, as_of: date, successor: date | None = None) -> str:
    """An exit estimate's words for a payer whose contract ended ``end`` without renewal
    (:func:`ended_exit_warning`; the sheet's row says :func:`ended_exit_cell`). The estimate
    is kept: the payer's visits are still on file (a clinic seeing its members out of network,
    or under a term not typed in yet), and what they are worth is what stopping them costs.

    >>> ended_exit_note(date(2027, 6, 30), date(2027, 12, 31))[:50]
    'no notice deadline and no exit date, as its contra'
    """
    return (f"no notice deadline and no exit date, as its {ended_note(end, as_of, successor)}; "
            f"the estimate is what its visits are worth")


class WalkAwayFigures(NamedTuple):
    """The walk-away check's figures as every output shows them [USD per visit]
    (:func:`walk_away_figures`): exact Decimals with the decimals shown."""

    offered_rate: Decimal
    floor: Decimal
    shortfall: Decimal


def walk_away_figures(walk: WalkAwayCheck) -> WalkAwayFigures:
    """The offered rate, the floor and the shortfall as every output shows them: in cents
    where the rate meets the floor; short of it, each to as many decimals as it takes not to
    read as the line it is weighed against (:func:`ratecalc.money.shown_beside_line`, to a
    micro-cent). :func:`walk_away_words` says these, ``exit-impact --json`` gives them, and the
    Exit Impact sheet shows its rate and floor cells with their decimals: a rate $0.001 short
    of its floor read "$99.46 / $99.46 / no" there.

    >>> [str(x) for x in walk_away_figures(walk_away_check(99.46, 90.01, 0.105))]
    ['99.46', '99.461', '0.001']
    >>> walk_away_figures(walk_away_check(99.461, 90.01, 0.10)).offered_rate
    Decimal('99.46')
    """
    if walk.meets_floor:
        return WalkAwayFigures(to_decimal_cents(walk.offered_rate), to_decimal_cents(walk.floor),
                               to_decimal_cents(0.0))
    return WalkAwayFigures(shown_beside_line(walk.offered_rate, walk.floor),
                           shown_beside_line(walk.floor, walk.offered_rate),
                           shown_beside_line(walk.shortfall, 0.0))


def walk_away_words(walk: WalkAwayCheck) -> str:
    """The walk-away check in the words every output shows (``exit-impact``; its ``--json``
    ``walk_away_words``): whether the rate meets the floor, by how much it falls short, and what
    the floor is priced from. A rate short of the floor never reads as the floor: the figures
    take a third or fourth decimal where their cents would (:func:`walk_away_figures`); the
    margin is said with the decimals it has, as the floor is priced
    (:func:`ratecalc.money.stated_percent_text`).

    >>> walk_away_words(walk_away_check(99.46, 90.01, 0.105))
    'Walk-away check: $99.46 a visit is $0.001 below the floor of $99.461 (cost $90.01 + 10.5%).'
    """
    shown = walk_away_figures(walk)
    rate_text, floor_text = shown_money_text(shown.offered_rate), shown_money_text(shown.floor)
    verdict = ("meets" if walk.meets_floor
               else f"is {shown_money_text(shown.shortfall)} below")
    return (f"Walk-away check: {rate_text} a visit {verdict} the floor of {floor_text} (cost "
            f"{money_text(walk.cost_per_visit)} + {stated_percent_text(walk.target_margin)}).")


def exit_timing_words(result: ExitImpact) -> str:
    """When notice given on ``result``'s day would end the contract, in the words every output
    shows (``exit-impact`` and its ``--json`` ``exit_timing``; the Exit Impact sheet marks the
    same deadlines "past"): the Timeline's words for a notice deadline passed or near
    (:func:`ratecalc.timeline.deadline_note`), else the deadline, then the earliest exit.
    Empty without a contract end date.

    Examples
    --------
    >>> r = exit_impact(ExitParams(1000, 100.0), end_date=date(2027, 3, 31), auto_renew=True,
    ...                 as_of=date(2027, 3, 15))
    >>> exit_timing_words(r)[:52]
    'Notice deadline 2026-12-31 passed 74 days ago; the c'
    >>> exit_timing_words(r).endswith("; notice given now ends the contract on 2028-03-31.")
    True
    """
    if result.notice_deadline is None or result.exit_date is None:
        return ""
    note = result.deadline_note or (
        f"notice must be given by {result.notice_deadline.isoformat()}")
    return (f"{note[0].upper()}{note[1:]}; notice given now ends the contract on "
            f"{result.exit_date.isoformat()}.")


# --- the data model ------------------------------------------------------------------------------

def annual_revenue_by_payer(fee_schedules: pd.DataFrame, volumes: pd.DataFrame, *,
                            as_of: date, total_visits: float | None = None,
                            rates: pd.DataFrame | None = None,
                            visits: Mapping[str, float] | pd.Series | None = None,
                            payer_dates: Mapping[str, date] | None = None,
                            contracts: pd.DataFrame | None = None,
                            escalators: Mapping[str, float] | None = None
                            ) -> pd.DataFrame:
    """Each payer's yearly revenue and visits from the canonical tables.

    Parameters
    ----------
    fee_schedules, volumes : pandas.DataFrame
        Canonical FEE_SCHEDULES and VOLUMES tables.
    as_of : datetime.date
        Rates in force on this date (a payer in ``payer_dates``: on its day).
    total_visits : float, optional
        The clinic's visits a year across these payers (METRICS ``visits_per_year``)
        [visits per year]; spreads visits over payers by their share of units.
    rates : pandas.DataFrame, optional
        ``payer, code, allowed_amount``: the rates in force (:func:`ratecalc.rates.rates_in_force`,
        which prices percent-of-Medicare contracts; the analysis, the Exit Impact sheet and
        ``ratecalc exit-impact`` pass :attr:`ratecalc.analysis.Analysis.rates_at_new_term`, the
        rates in force when each payer's new term begins, the proposal's); default the fee
        schedules' rates in force (:func:`ratecalc.rates.schedule_rates`).
    visits : mapping or Series, optional
        Payer -> visits a year (:func:`ratecalc.rates.payer_visits`); overrides the estimate.
    payer_dates : mapping, optional
        Payer -> the day its rates are in force on instead of ``as_of``
        (:func:`ratecalc.rates.new_term_starts`: a payer left is lost when its current term
        ends, so what leaving loses is the revenue at the rates in force when its new term would
        begin): without ``rates`` its fee-schedule rows are read on that day; a payer without a
        rate for a code is named with that day.
    contracts : pandas.DataFrame, optional
        Canonical CONTRACTS: without ``rates``, each fee-schedule rate is raised by its fixed
        contract's escalator as :func:`ratecalc.rates.schedule_rates` raises it.
    escalators : mapping, optional
        Payer -> the escalator raising its rates into its new term's second year
        (:func:`ratecalc.rates.term_escalators`) [fraction]; a payer not in it has none.
        Default: its contract's in ``contracts`` on ``as_of``, else none.

    Returns
    -------
    pandas.DataFrame
        ``payer``, ``annual_revenue`` [USD per year] = sum of units x rate, ``units_per_year``,
        ``visits`` [visits per year, estimated], ``rate_per_visit`` [USD per visit],
        ``year2_revenue`` and ``year2_rate_per_visit`` (the new term's second year: each rate
        raised by the payer's escalator and rounded half-up to cents,
        :func:`ratecalc.rates.term_year_revenue`, the Scenarios' fixed-dollar year 2) and
        ``problem`` (why a payer has no figures, none of its codes having a rate in force:
        its other rows stay; one payer's gap never blanks another's) and ``unpriced`` (the
        codes, comma-separated, a payer with figures has volume for but no rate in force:
        it does not pay them, so they add nothing to its revenue,
        :func:`ratecalc.revenue.billed_revenue`) and ``no_medicare`` (those of them without a
        rate because its percent-of-Medicare contract has no Medicare amount for them).

    Notes
    -----
    VOLUMES counts, per code, the visits in which the code was billed, so a payer's visits are
    not their sum (one visit bills several codes). With ``total_visits`` each payer gets
    ``total_visits x payer units / all units`` (the same units per visit everywhere). Without
    it, the largest per-code count: a lower bound of the payer's visits, so an upper bound of
    its rate per visit. A payer without ``visits`` then gets NaN. Pass the true count to
    :func:`exit_params_for_payer` when it is known.
    """
    if rates is None:
        rates = schedule_rates(fee_schedules, as_of, payer_dates=payer_dates,
                               contracts=contracts).rename(
            columns={"schedule_rate": "allowed_amount"})
    known = rates.loc[rates["allowed_amount"].notna()]
    # lists first: iterating a column of strings element by element is slow
    rate_of = dict(zip(zip(known["payer"].tolist(), known["code"].tolist(), strict=True),
                       known["allowed_amount"].tolist(), strict=True))
    keys = list(zip(volumes["payer"].tolist(), volumes["code"].tolist(), strict=True))
    allowed = np.array([rate_of.get(key, np.nan) for key in keys], dtype=float)
    # why a code has no rate (a percent-of-Medicare contract without a Medicare amount for it
    # is said apart), where the rates say
    source_of = (dict(zip(zip(rates["payer"].tolist(), rates["code"].tolist(), strict=True),
                          rates["rate_source"].tolist(), strict=True))
                 if "rate_source" in rates.columns else {})
    units = volumes["units_per_year"].to_numpy(dtype=float)
    lines = pd.DataFrame({
        "payer": volumes["payer"].astype(str).to_numpy(), "code": volumes["code"].to_numpy(),
        "units": units, "missing": np.isnan(allowed),
        "visits": (pd.to_numeric(volumes["visits"]).to_numpy(dtype=float)
                   if "visits" in volumes else np.nan)})
    # the revenue and the codes not paid by the one rule every output shows a revenue by
    billed = billed_revenue(pd.DataFrame({
        "payer": lines["payer"], "code": lines["code"], "allowed_amount": allowed,
        "units_per_year": units, "rate_source": [source_of.get(key, "") for key in keys]}))
    billed = billed.set_index("payer")
    if escalators is None and contracts is not None and not contracts.empty:
        escalators = term_escalators(payer_contracts(contracts, as_of))
    lines["year2"] = _second_year_revenue(lines["payer"].to_numpy(dtype=object), units, allowed,
                                          escalators or {})
    grouped = lines.groupby("payer", sort=False)
    missing = lines[lines["missing"]].groupby("payer", sort=False)["code"].agg(", ".join)
    revenue = billed["annual_revenue"]
    table = pd.DataFrame({
        "payer": revenue.index.to_numpy(),
        "annual_revenue": revenue.to_numpy(dtype=float),
        "units_per_year": grouped["units"].sum().to_numpy(),
        "visits": grouped["visits"].max().to_numpy(),
        "rate_per_visit": np.nan,
        "year2_revenue": grouped["year2"].sum().to_numpy(),
        "year2_rate_per_visit": np.nan,
    }, columns=["payer", "annual_revenue", "units_per_year", "visits", "rate_per_visit",
                "year2_revenue", "year2_rate_per_visit"])
    codes = table["payer"].map(missing)
    # a payer with some codes priced loses what it pays for them: a code it does not pay earns
    # nothing (the Priorities' revenue counts it so); only a payer with no rate at all has no
    # figure
    unpaid = grouped["missing"].all().to_numpy(dtype=bool)
    day_of = dict(payer_dates or {})
    table["problem"] = [f"fee_schedules: payer {payer!r} has no rate in force on "
                        f"{day_of.get(payer, as_of).isoformat()} for code(s) {listed}"
                        if isinstance(listed, str) and none_paid
                        else "" for payer, listed, none_paid
                        in zip(table["payer"], codes, unpaid, strict=True)]
    table["unpriced"] = [", ".join(billed.at[payer, "unpaid_codes"]) if not none_paid else ""
                         for payer, none_paid in zip(table["payer"], unpaid, strict=True)]
    table["no_medicare"] = [", ".join(billed.at[payer, "no_medicare_codes"])
                            if not none_paid else ""
                            for payer, none_paid in zip(table["payer"], unpaid, strict=True)]
    table.loc[unpaid, ["annual_revenue", "year2_revenue"]] = math.nan
    if total_visits is not None:
        _number(total_visits, "total_visits", what="a number of visits")
        units = table["units_per_year"]
        table["visits"] = total_visits * units / units.sum() if units.sum() > 0 else math.nan
    if visits is not None:
        given = pd.Series(visits, dtype=float)
        known = table["payer"].map(given)
        table["visits"] = known.where(known.notna() & (known > 0), table["visits"])
    # per visit only over a positive count: zero visits is no figure (it gave infinity)
    counted = table["visits"].where(table["visits"] > 0)
    table["rate_per_visit"] = table["annual_revenue"] / counted
    table["year2_rate_per_visit"] = table["year2_revenue"] / counted
    return table


def _second_year_revenue(payers: np.ndarray, units: np.ndarray, rates: np.ndarray,
                         escalators: Mapping[str, float]) -> np.ndarray:
    """Each line's revenue in its payer's new term's second year [USD per year]: its ``units``
    x its rate raised by the payer's escalator, in cents (:func:`ratecalc.rates.term_year_revenue`,
    the Scenarios' rule); NaN where the line has no rate."""
    out = np.full(len(payers), np.nan)
    priced = ~np.isnan(rates)
    for payer in dict.fromkeys(payers[priced].tolist()):
        rows = np.flatnonzero(priced & (payers == payer))
        _, revenue = term_year_revenue(units[rows], rates[rows].tolist(),
                                       [float(escalators.get(payer, 0.0))])
        out[rows] = revenue[:, 1]
    return out


def exit_params_for_payer(payer: str, fee_schedules: pd.DataFrame, volumes: pd.DataFrame, *,
                          as_of: date, retention: float = 0.0, retained_collection: float = 0.0,
                          backfill: float = 0.0, ramp_months: float = 0.0,
                          admin_savings: float = 0.0, annual_visits: float | None = None,
                          total_visits: float | None = None,
                          revenue: pd.DataFrame | None = None,
                          rate_per_visit: float | None = None,
                          backfill_rate: float | None = None,
                          payer_dates: Mapping[str, date] | None = None,
                          contracts: pd.DataFrame | None = None) -> ExitParams:
    """:class:`ExitParams` for one payer from the canonical tables.

    The payer's visits and rate per visit come from :func:`annual_revenue_by_payer` (with the
    clinic's ``total_visits`` a year, if known), or ``annual_visits``; the backfill rate is the
    other payers' revenue per visit, pooled. Pass ``revenue`` (that function's table) when
    estimating several payers, so it is computed once rather than once per payer.
    ``rate_per_visit`` [USD per visit], when given, is used instead of the payer's revenue per
    visit, which a payer whose units a year are all zero does not have, in both years of the
    new term; else the second year's (months 13-24) is the payer's ``year2_revenue`` per visit
    and the backfill's the other payers' (their escalators raising their rates), where
    ``revenue`` has them. ``backfill_rate`` [USD per visit], when given, is the backfill
    rate in both years likewise. ``payer_dates`` and ``contracts``: as
    :func:`annual_revenue_by_payer` takes them, when ``revenue`` is not given.
    """
    table = revenue if revenue is not None else annual_revenue_by_payer(
        fee_schedules, volumes, as_of=as_of, total_visits=total_visits, payer_dates=payer_dates,
        contracts=contracts)
    # the columns as arrays: a refresh asks this of every payer, and a row as a Series per
    # payer cost more than the estimate
    payers = table["payer"].to_numpy(dtype=object)
    hits = np.flatnonzero(payers == payer)
    if not len(hits):
        raise UnknownCodeError(f"volumes: no rows for payer {payer!r}")
    own = int(hits[0])
    problem = table["problem"].iloc[own] if "problem" in table.columns else None
    if problem:
        raise UnknownCodeError(str(problem))
    revenues = table["annual_revenue"].to_numpy(dtype=float)
    counted = table["visits"].to_numpy(dtype=float)
    units = table["units_per_year"].to_numpy(dtype=float)
    visits = float(counted[own]) if annual_visits is None else annual_visits
    second = (table["year2_revenue"].to_numpy(dtype=float) if "year2_revenue" in table.columns
              else None)
    rate_year2: float | None = None
    if rate_per_visit is None and second is not None:
        rate_year2 = float(second[own]) / visits if visits else math.nan
    if rate_per_visit is None:
        if not units[own] > 0:
            # its revenue is $0.00 for want of units, not of rates: over the Payers table's
            # visits it was "$0.00 a visit", below any walk-away floor
            raise InputError(f"volumes: payer {payer!r} has no units a year (each row's "
                             f"units_per_year is 0), so no revenue per visit to lose by "
                             f"leaving it; give its units a year on the Volumes table, or "
                             f"the rate per visit")
        rate_per_visit = float(revenues[own]) / visits if visits else math.nan
    if not math.isfinite(visits) or visits <= 0:
        # where a billing manager types it, not only the parameter's name
        raise InputError(f"annual_visits: payer {payer!r} has no visit count in volumes; "
                         f"give its visits a year ('Visits per year' on the Payers & Contracts "
                         f"sheet, visits_per_year in payers.csv) or annual_visits")
    # a payer with visits but no units has no revenue per visit either: not $0.00 a visit
    others = (payers != payer) & (counted > 0) & (units > 0) & ~np.isnan(revenues)
    backfill_year2 = None
    if backfill_rate is None:
        backfill_rate = (float(revenues[others].sum() / counted[others].sum())
                         if others.any() else 0.0)
        backfill_year2 = (float(second[others].sum() / counted[others].sum())
                          if second is not None and others.any() else None)
    return ExitParams(annual_visits=visits, rate_per_visit=rate_per_visit,
                      retention=retention, retained_collection=retained_collection,
                      backfill=backfill, backfill_rate=backfill_rate, ramp_months=ramp_months,
                      admin_savings=admin_savings, rate_per_visit_year2=rate_year2,
                      backfill_rate_year2=backfill_year2)
