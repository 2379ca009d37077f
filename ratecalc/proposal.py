"""The proposal builder: what rate to ask each payer for, code by code, and what it is worth.

Each requested rate moves the current rate toward the market benchmark at the target percentile,
within a minimum and maximum increase, and never below the current rate or the clinic's walk-away
floor. Rates are stated in fixed dollars by default (APTA advises against percent-of-Medicare
contracts); percent-of-Medicare figures are given alongside when the user asks for that basis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.errors import InputError
from ratecalc.frozen_record import frozen_record
from ratecalc.gap import below_market, fraction_of, pct_of_medicare
from ratecalc.limits import RANGES, percent_check
from ratecalc.money import exact_amount, money_text, money_texts, side_of_line, typed_decimal
from ratecalc.ranking import impact_order
from ratecalc.rate_basis import (
    contract_percent_text,
    escalated_source,
    raised_by_escalator,
    schedule_source,
)
from ratecalc.rates import contract_rate


def increase_band_holds(min_increase: float, max_increase: float) -> bool:
    """Whether the smallest and largest increase asked [fraction] make a band: from 0 to the
    largest. The one rule of :class:`ProposalPolicy` and of the Settings' two cells, which the
    reader checks where they are typed (:func:`ratecalc.validation.coerce_key_values`).

    >>> increase_band_holds(0.05, 0.15), increase_band_holds(0.05, 0.0)
    (True, False)
    """
    return 0 <= min_increase <= max_increase


@frozen_record
class ProposalPolicy:
    """How aggressive the ask is.

    Parameters
    ----------
    min_increase, max_increase : float
        Bounds on the increase per code [fraction of the current rate], default 5% and 15%.
    rate_basis : str
        ``fixed`` (dollars per unit) or ``pct_of_medicare``.
    """

    min_increase: float = 0.05
    max_increase: float = 0.15
    rate_basis: str = "fixed"

    def __post_init__(self) -> None:
        for name in ("min_increase", "max_increase"):
            # the Settings' and PROPOSED_RATE's range (this took any largest increase); the
            # value was read by its entry point, which refused a bare 1.5 of no percent meaning
            words, value = RANGES[name], getattr(self, name)
            refusal = percent_check(value, *words.bounds, percent_meaning=True)
            if refusal is not None:
                raise InputError(f"{name}: {words.rule()}, got {value:g}{refusal}")
        if not increase_band_holds(self.min_increase, self.max_increase):
            raise InputError(
                f"min_increase must be from 0 to max_increase ({self.max_increase:g}), "
                f"got {self.min_increase:g}"
            )
        if self.rate_basis not in ("fixed", "pct_of_medicare"):
            raise InputError(f"rate_basis must be fixed or pct_of_medicare, got "
                             f"{self.rate_basis!r}")


def proposed_rate(current: npt.ArrayLike, benchmark: npt.ArrayLike,
                  min_increase: float = 0.05, max_increase: float = 0.15,
                  floor: npt.ArrayLike = 0.0) -> np.ndarray | float:
    """The rate to request per unit, rounded half-up to cents.

    Parameters
    ----------
    current : float or array_like
        Current allowed amount [USD per unit].
    benchmark : float or array_like
        Market rate at the target percentile [USD per unit]; NaN = no benchmark (the minimum
        increase is asked).
    min_increase, max_increase : float
        Bounds on the increase [fraction].
    floor : float or array_like
        Walk-away floor [USD per unit].

    Returns
    -------
    float or numpy.ndarray
        [USD per unit, cents].

    Notes
    -----
    ``requested = max(clip(benchmark, current*(1+min), current*(1+max)), current, floor)``
    The floor wins over the maximum increase: asking for less than the floor makes no sense.

    Examples
    --------
    >>> proposed_rate(26.83, 31.50)   # 17.4% below market, capped at +15%
    30.85
    >>> proposed_rate(30.00, 31.00)   # +3.3% to market, raised to the 5% minimum
    31.5
    >>> proposed_rate(30.00, 32.00)   # +6.7%: to market
    32.0
    """
    cur = np.asarray(current, dtype=float)
    bench = np.asarray(benchmark, dtype=float)
    lower = np.maximum(cur * (1 + min_increase), np.asarray(floor, dtype=float))
    target = np.where(np.isnan(bench), lower, bench)
    # Clamp in whole cents, each bound rounded in its own favour so the ask never breaks it by
    # a fraction of a cent: the minimum increase and the floor up, the cap down; the market
    # target rounds half-up like every other figure. The lower bound wins if they cross.
    lower_cents = np.ceil(_cents(lower))
    cap_cents = _cap_cents(cur, max_increase)
    target_cents = np.floor(_cents(target) + 0.5)
    rounded = np.maximum(np.minimum(target_cents, cap_cents), lower_cents) / 100.0
    if np.ndim(rounded) == 0:
        return float(rounded)
    return rounded


#: A percent-of-Medicare ask is a term the payer signs, written to a tenth of a percent
#: (119.7%): :func:`percent_terms` makes each rate asked the one its term pays.
PERCENT_TERM_STEP = 0.001


def _steps(share: np.ndarray) -> np.ndarray:
    """``share`` [fraction] in tenths of a percent, rounded half-up (float noise dropped)."""
    return np.floor(np.round(share / PERCENT_TERM_STEP, 6) + 0.5)


def percent_terms(ask: npt.ArrayLike, medicare: npt.ArrayLike, low: npt.ArrayLike,
                  high: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The percent-of-Medicare term nearest each ask, and the rate that term pays.

    Parameters
    ----------
    ask : array_like
        The rates the proposal asks [USD per unit, cents].
    medicare : array_like
        Medicare amounts [USD per unit].
    low, high : array_like
        The least and most the ask may be [USD per unit, cents]: the minimum increase or
        walk-away floor, and the cap. ``low`` wins where they cross, as in :func:`proposed_rate`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The term [fraction, a multiple of :data:`PERCENT_TERM_STEP`] and what it pays,
        :func:`ratecalc.rates.contract_rate` [USD per unit]. Of the terms next to the ask's
        ratio, the nearest that pays within ``low``..``high`` and whose rate, as a share of
        Medicare, reads back as the term (so a sheet showing rate / Medicare to a tenth of a
        percent shows the term). Where Medicare is under half a cent: NaN and the ask.

    Notes
    -----
    A review found a letter asking 119.7% of a $25.34 Medicare amount beside $30.34, which
    119.7% does not pay ($30.33): the percentages were the dollar asks' ratios, rounded for
    the page, so the contract signed would pay other amounts than those negotiated.

    Examples
    --------
    >>> terms, rates = percent_terms([30.34], [25.34], [26.0], [31.0])
    >>> terms.round(3).tolist(), rates.tolist()
    ([1.197], [30.33])
    """
    ask, medicare = np.asarray(ask, dtype=float), np.asarray(medicare, dtype=float)
    low_cents = np.round(np.asarray(low, dtype=float) * 100)
    high_cents = np.maximum(np.round(np.asarray(high, dtype=float) * 100), low_cents)
    ratio = fraction_of(ask, medicare)
    base = np.floor(np.round(ratio / PERCENT_TERM_STEP, 6))
    candidates = base[..., None] + np.arange(-2.0, 4.0)  # two steps either side of the ratio
    terms = candidates * PERCENT_TERM_STEP
    paid = contract_rate(terms, medicare[..., None])
    paid_cents = np.round(paid * 100)
    shown = _steps(fraction_of(paid, medicare[..., None]))
    fits = (paid_cents >= low_cents[..., None]) & (paid_cents <= high_cents[..., None])
    distance = np.abs(terms - ratio[..., None])
    # the nearest term that fits and reads back; else the nearest that fits; else (no term
    # pays within the bounds: a tenth of a percent of a large Medicare amount is more than
    # the band) the nearest paying the lower bound, which wins as in proposed_rate
    above = paid_cents >= low_cents[..., None]
    score = np.where(fits & (shown == candidates), distance,
                     np.where(fits, 10.0 + distance,
                              np.where(above, 20.0 + distance, 30.0 + distance)))
    best = np.nanargmin(np.where(np.isnan(score), np.inf, score), axis=-1)
    term = np.take_along_axis(terms, best[..., None], axis=-1)[..., 0]
    rate = np.take_along_axis(paid, best[..., None], axis=-1)[..., 0]
    unpriced = np.isnan(ratio)
    return np.where(unpriced, np.nan, term), np.where(unpriced, ask, rate)


def _cents(x: np.ndarray) -> np.ndarray:
    return np.round(x * 100.0, 6)  # snap float noise before choosing a direction


def _cap_cents(current: np.ndarray, max_increase: float) -> np.ndarray:
    return np.floor(_cents(current * (1 + max_increase)))


def capped_rate(current: npt.ArrayLike, max_increase: float) -> np.ndarray | float:
    """The most the proposal asks for a code: the current rate plus the maximum increase,
    rounded down to a cent (:func:`proposed_rate`'s cap).

    >>> capped_rate(25.22, 0.15)   # 29.003 -> 29.00
    29.0
    """
    rate = _cap_cents(np.asarray(current, dtype=float), max_increase) / 100.0
    return float(rate) if np.ndim(rate) == 0 else rate


def unit_floor(medicare: npt.ArrayLike, floor_ratio: float) -> np.ndarray | float:
    """The walk-away floor per unit, as every output shows it and the proposal asks it: the
    least whole-cent rate that meets ``floor_ratio`` of each Medicare amount (rounded up, as
    :func:`proposed_rate` rounds the floor in its own favour); NaN where there is no floor
    (``floor_ratio`` 0: no cost per visit or visit mix) or no Medicare amount.

    A floor is a rate the clinic cannot go below, so a cent below the exact floor falls short
    of it: shown rounded half-up, the floor read $30.82 beside an ask of $30.83 said to be
    "raised to the walk-away floor", and PROPOSED_RATE given the $30.82 shown asked $30.82.

    >>> unit_floor(27.20, 1.133254)   # 30.8245 -> 30.83: $30.82 would fall short
    30.83
    >>> unit_floor([27.20, 100.0], 1.1)   # float noise is no fraction of a cent to round up
    array([ 29.92, 110.  ])
    """
    spread = np.asarray(medicare, dtype=float)
    if floor_ratio > 0:
        floor = np.ceil(_cents(spread * floor_ratio)) / 100.0
    else:
        floor = np.full(spread.shape, np.nan)
    return float(floor) if np.ndim(floor) == 0 else floor


def revenue_impact(current: npt.ArrayLike, proposed: npt.ArrayLike,
                   annual_units: npt.ArrayLike) -> np.ndarray | float:
    """What moving from the current to the proposed rate is worth a year.

    Parameters
    ----------
    current, proposed : float or array_like
        [USD per unit].
    annual_units : float or array_like
        [units per year].

    Returns
    -------
    float or numpy.ndarray
        ``(proposed - current) * annual_units`` [USD per year]; negative for a cut.

    Examples
    --------
    >>> revenue_impact(26.83, 30.85, 1000)
    4020.0
    """
    impact = (np.asarray(proposed, dtype=float) - np.asarray(current, dtype=float)) \
        * np.asarray(annual_units, dtype=float)
    # the product of two cent amounts and whole units has at most 2 decimals: drop float noise
    impact = np.round(impact, 6)
    return float(impact) if impact.ndim == 0 else impact


def _reason(current: float, benchmark: float, raised_by_floor: bool,
            policy: ProposalPolicy) -> str:
    # The floor wins whenever it raised the ask, wherever it lies against the band: a floor
    # between the minimum and the market still makes the ask the floor, not the market.
    if raised_by_floor:
        return "raised to the walk-away floor"
    if np.isnan(benchmark):
        return "no market figure: minimum increase"
    if not below_market(current, benchmark):
        return "already at or above market: minimum increase"
    # at a line, on the decimals typed: in binary 101.60 + 5% is 106.67999999999999, under a
    # market of 106.68 that the minimum increase reaches
    def side(increase: float) -> int:
        return side_of_line(benchmark, current * (1 + increase), lambda: typed_decimal(
            exact_amount(current)) * (1 + typed_decimal(increase)))

    if side(policy.min_increase) <= 0:
        # below the market, but reaching it is no more than the minimum increase
        return "below market by less than the minimum increase, which takes it above market"
    if side(policy.max_increase) >= 0:
        return "far below market: capped at the maximum increase"
    return "below market: asks the market rate"


def walk_away_floor_ratio(cost_per_visit: float | None, margin: float,
                          medicare_revenue_per_visit: float | None) -> float:
    """The lowest sustainable rate as a fraction of Medicare, clinic-wide.

    ``(cost_per_visit * (1 + margin)) / medicare_revenue_per_visit``: if every code were paid at
    this fraction of its Medicare amount, a typical visit would cover its cost plus the margin.
    Allocating a per-visit cost to codes by Medicare's relative values is what RVUs are for.
    Returns 0 (no floor) when the cost or the visit mix is unknown.
    """
    if not cost_per_visit or not medicare_revenue_per_visit:
        return 0.0
    return cost_per_visit * (1 + margin) / medicare_revenue_per_visit


def rates_at_new_term(comparison: pd.DataFrame, then: pd.DataFrame | None,
                      schedule: pd.DataFrame,
                      starts: Mapping[str, date], as_of: date, *,
                      medicare: pd.DataFrame | None = None) -> pd.DataFrame:
    """The comparison's rows with the rate the proposal builds on: the rate in force on the day
    the payer's new term begins, when the rates asked would take effect, and the Medicare
    amount in force that day.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`ratecalc.gap.gap_table` output: ``allowed_amount`` is the rate in force on the
        analysis date, ``medicare_amount`` the Medicare amount of the analysis' Medicare date.
    then : pandas.DataFrame or None
        :func:`ratecalc.rates.rates_in_force` read on each payer's ``starts`` day, a
        percent-of-Medicare contract priced with ``medicare``'s amounts; None when it is the
        analysis date's (no rate on file takes effect in between, and no Medicare amount moves).
    schedule : pandas.DataFrame
        The :func:`ratecalc.rates.schedule_rates` ``then`` was priced from (its rows'
        ``effective_date`` names a rate agreed for later).
    starts : mapping
        Payer -> the day its new term begins (:func:`ratecalc.rates.new_term_starts`); a payer
        not listed builds on the analysis date's rates.
    as_of : datetime.date
        The analysis date.
    medicare : pandas.DataFrame, optional
        :func:`ratecalc.analysis.medicare_at_new_term` of ``comparison``: per payer and code
        the Medicare amount in force on the payer's new-term start [USD per unit],
        ``medicare_date`` (the day it is from) and ``medicare_not_imported`` (the new-term
        start no release RateCalc has covers, so the amount is the analysis' Medicare
        date's; else None). Without it every row keeps the comparison's.

    Returns
    -------
    pandas.DataFrame
        ``comparison`` with ``allowed_amount`` the rate in force on ``current_rate_date`` (the
        payer's new-term start, else ``as_of``), ``rate_source`` where it comes from
        (:func:`ratecalc.rates.price_by_contract`'s words), ``rate_today`` the analysis date's
        [USD per unit], ``rate_agreed_from`` the day a fee-schedule rate taking effect after
        ``as_of`` (and by ``current_rate_date``) began, where the proposal builds on one that
        differs from today's (else None), ``rate_escalator`` the contract's escalator [fraction
        a year] where it raised that rate, by the analysis date or after
        (:func:`ratecalc.rates.escalated_schedule`, else NaN), and ``rate_escalated_from`` the
        fee-schedule row's own rate it raised [USD per unit];
        ``medicare_amount`` the Medicare amount in force on
        ``current_rate_date`` where a release covers it, ``medicare_today`` the comparison's,
        ``medicare_date``, ``medicare_not_imported`` (see ``medicare``) and ``contract_pct``
        (the percent-of-Medicare contract's fraction, NaN for a rate from a fee schedule).

    Notes
    -----
    The rule: the proposal never builds on less than a rate the payer has agreed to pay by the
    day its asks would take effect, nor on a rate agreed for a day after that (a matter for a
    later negotiation). A fixed contract's escalator is such an agreement: a rate it raises on
    an anniversary by that day is built on (:func:`ratecalc.rates.escalated_schedule`; its
    2% raises $28.98 to $29.56 on 2026-01-01 and $30.15 on 2027-01-01, the new term's first
    day). A percent-of-Medicare contract has agreed to pay its percentage of the
    Medicare amount in force that day: 88% of the 2026 amount of 92507, $71.96, is $63.32 from
    a new term beginning 2026-05-01, not 88% of 2025's $70.44 ($61.99). Where no release covers
    that day (CMS's next year not imported yet), the analysis' Medicare date's amounts are kept
    and ``medicare_not_imported`` names the day, for every output to say so.
    """
    today = comparison["allowed_amount"].to_numpy(dtype=float)
    medicare_today = comparison["medicare_amount"].to_numpy(dtype=float)
    current_rate_date = comparison["payer"].astype(object).map(starts).where(
        lambda days: days.notna(), as_of).to_numpy(dtype=object)
    key = ["payer", "code"]
    if medicare is None or medicare.empty:
        amount = medicare_today
        medicare_date = np.full(len(comparison), None, dtype=object)
        not_imported = np.full(len(comparison), None, dtype=object)
    else:
        on_day = medicare
        if not _row_for_row(medicare, comparison):
            # a join, not a lookup per row (as below); row for row needs neither
            on_day = comparison[key].merge(
                medicare[[*key, "medicare_amount", "medicare_date", "medicare_not_imported"]],
                on=key, how="left")
        amount = on_day["medicare_amount"].to_numpy(dtype=float)
        medicare_date = on_day["medicare_date"].to_numpy(dtype=object)
        not_imported = on_day["medicare_not_imported"].to_numpy(dtype=object)
    dated = {"medicare_amount": amount, "medicare_today": medicare_today,
             "medicare_date": medicare_date, "medicare_not_imported": not_imported}
    if then is None:
        # the analysis date's rates: one the escalator raised by then says so as the
        # Comparison does (its row's own rate)
        source = (comparison["rate_source"].fillna("").astype(str) if "rate_source" in
                  comparison.columns else pd.Series("", index=comparison.index))
        _, escalator, row_rate, raised_on = _escalation(comparison, schedule)
        raised_today = source.str.startswith("fee schedule").to_numpy(dtype=bool)
        return comparison.assign(rate_today=today, current_rate_date=current_rate_date,
                                 rate_agreed_from=None,
                                 rate_escalator=np.where(raised_today, escalator, np.nan),
                                 rate_escalated_from=np.where(raised_today, row_rate, np.nan),
                                 rate_escalations=np.where(
                                     raised_today, [len(days) for days in raised_on], 0),
                                 contract_pct=np.nan, **dated)
    # a join, not a lookup per row: looked up per row, 12,000 rows took 0.7 s; row for row
    # (the comparison is built from the same table, in its order) it needs none
    picked = then[[*key, "allowed_amount", "rate_source", "contract_pct"]].rename(
        columns={"allowed_amount": "_then", "rate_source": "_source"})
    joined = (picked.reset_index(drop=True) if _row_for_row(then, comparison, index=False)
              else comparison[key].merge(picked, on=key, how="left"))
    effective, escalator, row_rate, raised_on = _escalation(joined, schedule)
    rate = joined["_then"].to_numpy(dtype=float)
    source = joined["_source"].fillna("").astype(str)
    from_schedule = source.str.startswith("fee schedule").to_numpy(dtype=bool)
    by_contract = (source == "contract % of Medicare").to_numpy(dtype=bool)
    changed = ~np.isnan(rate) & (np.isnan(today) | (np.round(rate - today, 6) != 0))
    agreed = [day if built and isinstance(day, date) and day > as_of else None
              for day, built in zip(effective, from_schedule & changed, strict=True)]
    return comparison.assign(
        allowed_amount=rate, rate_source=source.to_numpy(dtype=object), rate_today=today,
        current_rate_date=current_rate_date,
        rate_agreed_from=agreed, rate_escalator=np.where(from_schedule, escalator, np.nan),
        rate_escalated_from=np.where(from_schedule, row_rate, np.nan),
        # counted from today's rate, which every output shows beside the one built on: the
        # anniversaries after the analysis date (those before it raised today's rate already)
        rate_escalations=np.where(
            from_schedule, [sum(day > as_of for day in days) for days in raised_on], 0),
        contract_pct=np.where(by_contract, joined["contract_pct"].to_numpy(dtype=float),
                              np.nan), **dated)


def _escalation(rows: pd.DataFrame, schedule: pd.DataFrame
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``rows`` (``payer, code``): ``schedule``'s ``effective_date``, and where the
    contract's escalator raised its rate (:func:`ratecalc.rates.escalated_schedule`) the
    escalator [fraction a year], the row's own rate [USD per unit] (else NaN) and the
    anniversaries that raised it (a tuple of dates, else empty)."""
    key = ["payer", "code"]
    none = np.empty(len(rows), dtype=object)
    none[:] = [()] * len(rows)
    if schedule.empty:
        return (np.full(len(rows), None, dtype=object), np.full(len(rows), np.nan),
                np.full(len(rows), np.nan), none)
    raised = [c for c in ("escalator", "escalated_from", "escalated_on")
              if c in schedule.columns]
    dated_rows = rows[key].merge(schedule[[*key, "effective_date", *raised]], on=key,
                                 how="left")
    nothing = np.full(len(rows), np.nan)
    raised_on = none
    if "escalated_on" in raised:  # a row no schedule row matched has none
        raised_on = np.empty(len(rows), dtype=object)
        raised_on[:] = [days if isinstance(days, tuple) else ()
                        for days in dated_rows["escalated_on"]]
    return (dated_rows["effective_date"].to_numpy(dtype=object),
            dated_rows["escalator"].to_numpy(dtype=float) if "escalator" in raised else nothing,
            dated_rows["escalated_from"].to_numpy(dtype=float) if "escalated_from" in raised
            else nothing, raised_on)


def _row_for_row(table: pd.DataFrame, comparison: pd.DataFrame, *, index: bool = True) -> bool:
    """Whether ``table``'s rows are ``comparison``'s payers and codes in its order (and, with
    ``index``, its index): then its columns are read across without a join."""
    return (len(table) == len(comparison)
            and (not index or table.index.equals(comparison.index))
            and np.array_equal(table["payer"].to_numpy(dtype=object),
                               comparison["payer"].to_numpy(dtype=object))
            and np.array_equal(table["code"].to_numpy(dtype=object),
                               comparison["code"].to_numpy(dtype=object)))


def medicare_not_imported_note(day: date, priced: date, pct: float | None = None) -> str:
    """A proposal row's words where Medicare's amounts for ``day``, the payer's new-term start,
    are not imported yet (no release RateCalc has covers it): those of ``priced``, the
    analysis' Medicare date, are used; ``pct``, a percent-of-Medicare contract's fraction,
    names what its current rate is then. Short, as it stands on every such row: the
    Proposal's warning says it whole, with the command that imports the release.

    >>> medicare_not_imported_note(date(2027, 4, 1), date(2026, 10, 1), 0.88)
    "88% of Medicare's 2026-10-01 amount until CMS's 2027 release is imported"
    """
    amounts = (f"{contract_percent_text(pct)} of Medicare's {priced.isoformat()} amount"
               if pct is not None and not np.isnan(pct) else
               f"Medicare's {priced.isoformat()} amounts")
    return f"{amounts} until CMS's {day.year} release is imported"


#: Columns of the proposal (:func:`build_proposal`, then :func:`apply_requested`; the
#: analysis flags ``rate_doubtful``) and their units. The contract's escalator is a
#: percentage as the contract states it, every decimal (a 2.5% escalator is 0.025, as the
#: letter and the Proposal's "Why" say it); the increase and the annual impact are changes.
PROPOSAL_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "code": Unit.TEXT, "units_per_year": Unit.NUMBER,
    "current_rate": Unit.MONEY, "benchmark": Unit.MONEY, "medicare_amount": Unit.MONEY,
    "floor": Unit.MONEY, "proposed_rate": Unit.MONEY, "increase": Unit.MONEY_CHANGE,
    "increase_pct": Unit.PERCENT, "current_pct_of_medicare": Unit.PERCENT,
    "proposed_pct_of_medicare": Unit.PERCENT, "annual_impact": Unit.MONEY_CHANGE,
    "rate_basis": Unit.TEXT, "reason": Unit.TEXT, "rate_escalator": Unit.PERCENT_STATED,
    "rate_escalations": Unit.NUMBER,
    "override_rate": Unit.MONEY, "requested_rate": Unit.MONEY,
    "requested_pct_of_medicare": Unit.PERCENT, "below_medicare": Unit.TEXT,
    "not_billed": Unit.TEXT,
    "rate_doubtful": Unit.TEXT, "current_rate_date": Unit.DATE, "rate_today": Unit.MONEY,
    "rate_agreed_from": Unit.DATE, "medicare_date": Unit.DATE,
    "medicare_not_imported": Unit.DATE,
}


def build_proposal(comparison: pd.DataFrame, policy: ProposalPolicy,
                   floor_ratio: float = 0.0) -> pd.DataFrame:
    """Requested rates for every payer and code with a current rate.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`ratecalc.gap.gap_table` output (``payer, code, allowed_amount, units_per_year,
        benchmark, medicare_amount``...).
    policy : ProposalPolicy
    floor_ratio : float
        Walk-away floor as a fraction of each code's Medicare amount
        (:func:`walk_away_floor_ratio`); 0 for none.

    Returns
    -------
    pandas.DataFrame
        ``payer, code, units_per_year, current_rate, benchmark, medicare_amount, floor,
        proposed_rate`` [USD per unit; floor (:func:`unit_floor`) and proposed in cents],
        ``increase`` [USD per unit], ``increase_pct`` [fraction], ``current_pct_of_medicare``,
        ``proposed_pct_of_medicare`` [fraction], ``annual_impact`` [USD per year] = increase x
        units, ``rate_basis``, ``reason``; from a :func:`rates_at_new_term` table also
        ``current_rate_date`` (the day ``current_rate`` is in force: the payer's new-term start),
        ``rate_today`` [USD per unit] and ``rate_agreed_from``, and a reason naming the rate agreed
        for later that the proposal builds on.
    """
    rows = comparison.dropna(subset=["allowed_amount"])
    current = rows["allowed_amount"].to_numpy(float)
    medicare = rows["medicare_amount"].to_numpy(float)
    # the floor is the clinic's cost per visit plus margin in dollars, spread by the analysis
    # date's Medicare amounts: CMS's update for the new term does not raise the clinic's cost.
    # No floor where it cannot be known (no Medicare amount for the code, or no cost per
    # visit): shown blank, not "$0.00", and asking nothing of the proposal. The floor shown is
    # the one asked (unit_floor), in the cents that meet it
    spread = (rows["medicare_today"] if "medicare_today" in rows.columns
              else rows["medicare_amount"]).to_numpy(float)
    shown_floor = np.asarray(unit_floor(spread, floor_ratio), dtype=float)
    floor = np.nan_to_num(shown_floor, nan=0.0)
    bench = rows["benchmark"].to_numpy(float)
    requested = np.asarray(proposed_rate(current, bench, policy.min_increase,
                                         policy.max_increase, floor), dtype=float)
    # what the ask would be without the floor: the floor raised it where the two differ
    unfloored = np.asarray(proposed_rate(current, bench, policy.min_increase,
                                         policy.max_increase), dtype=float)
    raised_by_floor = requested > unfloored
    terms = np.full(len(current), np.nan)
    if policy.rate_basis == "pct_of_medicare":
        # the percent is what the payer signs: ask what it pays (proposed_rate's bounds)
        low = np.ceil(_cents(np.maximum(current * (1 + policy.min_increase), floor))) / 100
        terms, requested = percent_terms(requested, medicare, low,
                                         _cap_cents(current, policy.max_increase) / 100)
    out = pd.DataFrame({
        "payer": rows["payer"].to_numpy(),
        "code": rows["code"].to_numpy(),
        "units_per_year": rows["units_per_year"].to_numpy(float),
        "current_rate": current,
        "benchmark": bench,
        "medicare_amount": medicare,
        "floor": shown_floor,
        "proposed_rate": requested,
    })
    out["increase"] = out["proposed_rate"] - out["current_rate"]
    out["increase_pct"] = fraction_of(out["increase"], out["current_rate"])
    out["current_pct_of_medicare"] = pct_of_medicare(out["current_rate"], out["medicare_amount"])
    out["proposed_pct_of_medicare"] = np.where(
        np.isnan(terms), pct_of_medicare(out["proposed_rate"], out["medicare_amount"]), terms)
    out["annual_impact"] = revenue_impact(out["current_rate"], out["proposed_rate"],
                                          out["units_per_year"])
    out["rate_basis"] = policy.rate_basis
    out["reason"] = [_reason(c, b, raised, policy) for c, b, raised in
                     zip(current, bench, raised_by_floor, strict=True)]
    if "current_rate_date" in rows.columns:  # a rate agreed for later is built on: say so
        out["current_rate_date"] = rows["current_rate_date"].to_numpy()
        out["rate_today"] = rows["rate_today"].to_numpy(float)
        out["rate_agreed_from"] = rows["rate_agreed_from"].to_numpy()
        escalators, row_rates, times = (
            (rows[c].to_numpy(float) if c in rows.columns else np.full(len(rows), np.nan))
            for c in ("rate_escalator", "rate_escalated_from", "rate_escalations"))
        times = np.nan_to_num(times, nan=1.0).astype(int)
        # the rate's source in the words of the rates it was read from (its row's modifier
        # named), not composed again here
        sources = (rows["rate_source"].fillna("").astype(str).tolist()
                   if "rate_source" in rows.columns else [""] * len(rows))
        # an escalated rate in few words: it stands on every code of the payer, and the
        # Proposal prints a payer to a page (the Comparison shows today's rate beside it); one
        # the escalator raised by the analysis date in the Comparison's words
        out["reason"] = [
            (reason if np.isnan(esc) else
             f"{source or escalated_source(schedule_source(), was, esc)}; {reason}")
            if not isinstance(agreed, date) else
            (f"builds on the {money_text(c)} agreed from {agreed.isoformat()}, in force on "
             f"{day.isoformat()} ("
             + ("no rate" if np.isnan(now) else money_text(now))
             + f" on the analysis date); {reason}") if np.isnan(esc) else
            (f"{raised_by_escalator(esc, times=n)} to {money_text(c)} from "
             f"{agreed.isoformat()}; {reason}")
            for reason, agreed, c, day, now, esc, was, source, n in zip(
                out["reason"], out["rate_agreed_from"], out["current_rate"],
                out["current_rate_date"], out["rate_today"], escalators, row_rates, sources,
                times, strict=True)]
        # for the letter's words of a rate it raised, and how many times since today
        out["rate_escalator"] = escalators
        out["rate_escalations"] = times
    if "medicare_date" in rows.columns:  # the Medicare amount of the new term's first day
        out["medicare_date"] = rows["medicare_date"].to_numpy()
        out["medicare_not_imported"] = rows["medicare_not_imported"].to_numpy()
        out["reason"] = _medicare_reasons(out, rows["contract_pct"].to_numpy(float))
    return out


def _medicare_reasons(out: pd.DataFrame, pct: np.ndarray) -> list[str]:
    """``out``'s reasons, led by what a percent-of-Medicare contract (``pct``, NaN for none)
    pays on the new term's first day where that differs from today's rate, or by
    :func:`medicare_not_imported_note` where no release covers that day. Worded only for the
    rows that need it, the amounts in one call."""
    reasons = out["reason"].tolist()
    unpriced = out["medicare_not_imported"].to_numpy(dtype=object)
    priced = out["medicare_date"].to_numpy(dtype=object)
    day = out["current_rate_date"].to_numpy(dtype=object)
    current = out["current_rate"].to_numpy(float)
    today = out["rate_today"].to_numpy(float)
    # said where the rate depends on it: a percent contract's (the warning says it of the
    # checks against Medicare, for every payer)
    dated = np.array([isinstance(d, date) for d in unpriced], dtype=bool) & ~np.isnan(pct)
    for i in np.flatnonzero(dated):
        reasons[i] = (f"{medicare_not_imported_note(unpriced[i], priced[i], pct[i])}; "
                      f"{reasons[i]}")
    with np.errstate(invalid="ignore"):
        moved = (~dated & ~np.isnan(pct) & ~np.isnan(current)
                 & (np.isnan(today) | (np.round(current - today, 6) != 0)))
    moved &= np.array([isinstance(d, date) for d in day], dtype=bool)
    rows = np.flatnonzero(moved)
    amounts = money_texts(out["medicare_amount"].to_numpy(float)[rows])
    was = money_texts(today[rows])
    shares = {p: contract_percent_text(p) for p in set(pct[rows].tolist())}
    for i, amount, now in zip(rows, amounts, was, strict=True):
        reasons[i] = (f"builds on {shares[pct[i]]} of Medicare's {amount} in force on "
                      f"{day[i].isoformat()} ("
                      + ("no rate" if np.isnan(today[i]) else now)
                      + f" on the analysis date); {reasons[i]}")
    return reasons


#: A rate to ask this much below Medicare (half a cent) counts as below Medicare.
BELOW_MEDICARE_TOLERANCE = 0.005


def apply_requested(proposal: pd.DataFrame,
                    requested: Mapping[tuple[str, str], float] | None) -> pd.DataFrame:
    """The proposal with the clinic's own rates to ask where it typed one.

    Parameters
    ----------
    proposal : pandas.DataFrame
        :func:`build_proposal` output.
    requested : mapping
        (payer, code) -> the rate the clinic chose [USD per unit] (the workbook's Proposal
        sheet, "Your rate"); payer matched without regard to case.

    Returns
    -------
    pandas.DataFrame
        Adds ``override_rate`` (NaN where none), ``requested_rate`` (the override, else the
        proposed rate), ``requested_pct_of_medicare`` and ``below_medicare``; ``increase``,
        ``increase_pct`` and ``annual_impact`` follow the requested rate, as the letter's do.
    """
    out = proposal.copy()
    wanted = {(str(p).strip().casefold(), str(c).strip().upper()): float(v)
              for (p, c), v in (requested or {}).items()}
    out["override_rate"] = [wanted.get((str(p).strip().casefold(), str(c)), np.nan)
                            for p, c in zip(out["payer"], out["code"], strict=True)]
    out["requested_rate"] = out["override_rate"].where(out["override_rate"].notna(),
                                                       out["proposed_rate"]).astype(float)
    out["increase"] = out["requested_rate"] - out["current_rate"]
    out["increase_pct"] = fraction_of(out["increase"], out["current_rate"])
    # the proposed rate's own share (its percent term, on that basis) where none was typed;
    # on that basis a typed rate shows the percent that pays it, where one does
    typed = out["override_rate"].notna().to_numpy()
    share = pct_of_medicare(out["requested_rate"], out["medicare_amount"])
    if "rate_basis" in out and (out["rate_basis"] == "pct_of_medicare").any():
        share = np.where(out["rate_basis"] == "pct_of_medicare",
                         asked_percent(out["requested_rate"], out["medicare_amount"]), share)
    out["requested_pct_of_medicare"] = np.where(typed, share, out["proposed_pct_of_medicare"])
    out["annual_impact"] = revenue_impact(out["current_rate"], out["requested_rate"],
                                          out["units_per_year"])
    out["below_medicare"] = (out["requested_rate"]
                             < out["medicare_amount"] - BELOW_MEDICARE_TOLERANCE)
    return out


#: Why a code the payer was not billed for in the period is asked nothing (the Proposal's
#: "Why", proposal.csv's ``reason``; the letter lists such codes apart in its own words).
NOT_BILLED_NOTE = ("not billed to this payer in the period (no units a year on file): no raise "
                   "asked, its current rate stands")


def unbilled_rows(proposal: pd.DataFrame) -> np.ndarray:
    """The rows of codes on a payer's fee schedule that the practice did not bill to that
    payer in the period (units a year 0 or blank), where it billed the payer other codes: a
    raise asked on a code with no volume behind it is worth $0.00 a year and reads as padding
    to the payer's analyst. A payer with no units on file for any code is not judged (its
    volumes are missing, not nil: the letter then says it has no annual impact).

    >>> t = pd.DataFrame({"payer": ["A", "A", "B"], "code": ["97110", "97750", "97110"],
    ...                   "units_per_year": [120.0, 0.0, 0.0]})
    >>> unbilled_rows(t).tolist()
    [False, True, False]
    """
    units = proposal["units_per_year"].to_numpy(dtype=float)
    none = np.isnan(units) | (units <= 0)
    billing = set(proposal["payer"].to_numpy()[~none].tolist())
    return none & proposal["payer"].isin(billing).to_numpy(dtype=bool)


def hold_unbilled(proposal: pd.DataFrame) -> pd.DataFrame:
    """The proposal asking no raise on the codes :func:`unbilled_rows` finds: the one rule the
    Proposal sheet, proposal.csv and the letter follow. Their proposed rate is the current
    rate, so the increase and annual impact are 0 (as they were: no units) and no rate to ask
    is below Medicare; "Why" is :data:`NOT_BILLED_NOTE`. A rate the clinic typed ("Your
    rate") stays its ask, as for :func:`withhold_asks`.

    Parameters
    ----------
    proposal : pandas.DataFrame
        :func:`apply_requested` output.

    Returns
    -------
    pandas.DataFrame
        ``proposal`` with those rows changed as above, and ``not_billed`` (bool): the rows
        asked nothing for it, which the letter lists apart rather than in its table.
    """
    held = unbilled_rows(proposal) & proposal["override_rate"].isna().to_numpy(dtype=bool)
    out = _ask_nothing(proposal, held, pd.Series(NOT_BILLED_NOTE, index=proposal.index))
    out["not_billed"] = held
    return out


def _ask_nothing(proposal: pd.DataFrame, held: np.ndarray, why: pd.Series) -> pd.DataFrame:
    """``proposal`` whose ``held`` rows ask nothing: the proposed rate is the current one,
    "Why" is ``why``; where no rate was typed, the rate to ask is the current one too."""
    out = proposal.copy()
    if not held.any():
        return out
    out.loc[held, "proposed_rate"] = out.loc[held, "current_rate"]
    out.loc[held, "proposed_pct_of_medicare"] = out.loc[held, "current_pct_of_medicare"]
    out.loc[held, "reason"] = why[held]
    untyped = held & out["override_rate"].isna().to_numpy(dtype=bool)
    out.loc[untyped, "requested_rate"] = out.loc[untyped, "current_rate"]
    out.loc[untyped, "requested_pct_of_medicare"] = out.loc[untyped, "current_pct_of_medicare"]
    out.loc[untyped, "increase"] = 0.0
    out.loc[untyped, "annual_impact"] = 0.0
    out.loc[untyped, "increase_pct"] = fraction_of(out.loc[untyped, "increase"],
                                                   out.loc[untyped, "current_rate"])
    out.loc[untyped, "below_medicare"] = False
    return out


def withhold_asks(proposal: pd.DataFrame, withheld: Mapping[str, str]) -> pd.DataFrame:
    """The proposal asking nothing of the payers in ``withheld`` (payer -> why, e.g. a contract
    that ended without renewal: :func:`ratecalc.rates.ended_contracts`): their proposed rate
    is the current rate, so the increase and annual impact are 0 and no rate to ask is below
    Medicare; "Why" (``reason``) says why. A rate the clinic typed ("Your rate") stays its
    ask, as the Proposal sheet's "Rate to ask" follows it.

    Parameters
    ----------
    proposal : pandas.DataFrame
        :func:`apply_requested` output.
    withheld : mapping
        Payer -> the reason no rate is asked of it.

    Returns
    -------
    pandas.DataFrame
        ``proposal`` with those payers' rows changed as above.
    """
    why = proposal["payer"].map(lambda p: withheld.get(str(p)))
    return _ask_nothing(proposal, why.notna().to_numpy(dtype=bool), why)


def asked_percent(rate: npt.ArrayLike, medicare: npt.ArrayLike) -> np.ndarray:
    """A rate asked, as the percent of Medicare a proposal shows for it: the term to a tenth
    of a percent nearest its share that pays it exactly, else its share (no term pays it:
    :func:`rates_no_term_pays`).

    >>> asked_percent([30.33, 30.34], [25.34, 25.34]).round(6).tolist()
    [1.197, 1.197316]
    """
    rate, medicare = np.asarray(rate, dtype=float), np.asarray(medicare, dtype=float)
    share = fraction_of(rate, medicare)
    terms = (_steps(share)[..., None] + np.array([0.0, -1.0, 1.0])) * PERCENT_TERM_STEP
    pays = np.round(contract_rate(terms, medicare[..., None]) * 100) \
        == np.round(rate * 100)[..., None]
    first = np.argmax(pays, axis=-1)  # the nearest that pays, in the order above
    term = np.take_along_axis(terms, first[..., None], axis=-1)[..., 0]
    return np.where(pays.any(axis=-1), term, share)


def rates_no_term_pays(proposal: pd.DataFrame) -> pd.DataFrame:
    """The rates typed over a percent-of-Medicare proposal that no term to a tenth of a
    percent pays, with the nearest term and what it pays (``term``, ``term_pays``).

    The letter asks a percent on that basis; such a rate would show beside a percent that
    pays another amount, so the clinic is told to type one a term pays.
    """
    typed = proposal[(proposal["rate_basis"] == "pct_of_medicare")
                     & proposal["override_rate"].notna()]
    rate = typed["override_rate"].to_numpy(float)
    medicare = typed["medicare_amount"].to_numpy(float)
    share = fraction_of(rate, medicare)
    term = _steps(share) * PERCENT_TERM_STEP
    found = typed.assign(term=term, term_pays=contract_rate(term, medicare))
    unpaid = ~np.isnan(share) & (asked_percent(rate, medicare) == share)
    return found[unpaid & (np.round(found["term_pays"] * 100) != np.round(rate * 100))]


def billed_without_rate(comparison: pd.DataFrame, proposal: pd.DataFrame) -> pd.DataFrame:
    """The codes each payer is billed for that the proposal asks no rate of: units a year on
    file, but no rate in force on the analysis date nor agreed by the new term's start, so no
    proposal row (:func:`build_proposal` builds on a current rate).

    The one rule the Proposal's warning and the letter's request follow: such a code is not
    given an ask of its own (the minimum and maximum increase, and so the 5-15% band, are
    fractions of a current rate it does not have), it is named to the payer as a code without
    a contracted rate, to be added (DOMAIN 1.7: coverage of new services is a term to ask for).

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`ratecalc.gap.gap_table` output (``payer, code, units_per_year``).
    proposal : pandas.DataFrame
        The proposal's rows (``payer, code``).

    Returns
    -------
    pandas.DataFrame
        ``payer, code, units_per_year`` [units per year], in ``comparison``'s order.

    Examples
    --------
    >>> comparison = pd.DataFrame({"payer": ["S", "S", "S"], "code": ["92507", "92526", "97530"],
    ...                            "units_per_year": [540.0, 60.0, 0.0]})
    >>> billed_without_rate(comparison, comparison.iloc[:1]).to_dict(orient="records")
    [{'payer': 'S', 'code': '92526', 'units_per_year': 60.0}]
    """
    columns = ["payer", "code", "units_per_year"]
    if comparison.empty:
        return pd.DataFrame(columns=columns)
    # the columns as lists: a pandas column (of pyarrow strings above all) is slow to step through
    asked = set(zip(proposal["payer"].astype(str).tolist(), proposal["code"].astype(str).tolist(),
                    strict=True))
    units = comparison["units_per_year"].to_numpy(dtype=float)
    billed = np.nan_to_num(units, nan=0.0) > 0
    unasked = np.array([(str(p), str(c)) not in asked for p, c in
                        zip(comparison["payer"].tolist(), comparison["code"].tolist(),
                            strict=True)], dtype=bool)
    return comparison.loc[billed & unasked, columns].reset_index(drop=True)


def no_rate_asked_note(payer: str, codes: Sequence[str], units: Sequence[float],
                       no_medicare: Sequence[str] = ()) -> str:
    """The Proposal's words for :func:`billed_without_rate`'s codes of one payer: why the sheet
    asks no rate for them, and what the proposal letter asks instead.

    >>> print(no_rate_asked_note("Summit", ["92526"], [60.0]))
    ... # doctest: +NORMALIZE_WHITESPACE
    Summit: 92526 (60 units a year) is billed to it with no rate in force, so no rate is asked
    for it here (an ask is an increase on a current rate); the proposal letter asks Summit to
    add a contracted rate for it. If Summit pays it, add its rate on the Fee Schedules sheet
    """
    if no_medicare:
        # its percent-of-Medicare contract has no Medicare amount to price them: not a rate
        # left off the Fee Schedules sheet (ratecalc.rates.no_medicare_note)
        apart = set(no_medicare)
        other = [(c, u) for c, u in zip(codes, units, strict=True) if c not in apart]
        priced = [(c, u) for c, u in zip(codes, units, strict=True) if c in apart]
        said = [no_rate_asked_note(payer, [c for c, _ in other], [u for _, u in other])
                ] if other else []
        listed = ", ".join(f"{code} ({count:,.0f} units a year)" for code, count in priced)
        verb, it = ("is", "it") if len(priced) == 1 else ("are", "them")
        said.append(f"{payer}: {listed} {verb} billed to it, and its contract pays a percent "
                    f"of Medicare, but Medicare has no amount for {it}, so no rate is asked "
                    f"for {it} here; the proposal letter asks {payer} to add a contracted rate "
                    f"for {it}. Check the code (the Problems sheet says why Medicare has no "
                    f"amount); if {payer} pays {it} a rate of its own, add that rate on the "
                    f"Fee Schedules sheet")
        return "; ".join(said)
    listed = ", ".join(f"{code} ({count:,.0f} units a year)"
                       for code, count in zip(codes, units, strict=True))
    verb, it = ("is", "it") if len(codes) == 1 else ("are", "them")
    return (f"{payer}: {listed} {verb} billed to it with no rate in force, so no rate is asked "
            f"for {it} here (an ask is an increase on a current rate); the proposal letter asks "
            f"{payer} to add a contracted rate for {it}. If {payer} pays {it}, add "
            f"{'its rate' if len(codes) == 1 else 'their rates'} on the Fee Schedules sheet")


#: Columns of :func:`proposal_summary` and their units.
PROPOSAL_SUMMARY_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "units_with_rate": Unit.NUMBER, "new_term_revenue": Unit.MONEY,
    "proposed_revenue": Unit.MONEY, "annual_impact": Unit.MONEY_CHANGE,
    "impact_pct": Unit.PERCENT,
}


def total_annual_impact(proposal: pd.DataFrame) -> float:
    """What the proposals ask a year over every payer [USD per year], unrounded: the sum of
    every Proposal row's annual impact (:func:`revenue_impact`), for every output to round
    once, as the Dashboard's "Proposal asks, a year" and the Totals sheet's "All payers" row
    do (ratecalc_workbook.formulas), never the sum of the payers' rounded figures.

    Notes
    -----
    Payers asking $44,238.655 and $19,124.675 a year (half units a year) ask $63,363.33 in
    all, where their figures as shown, $44,238.66 and $19,124.68, add up to $63,363.34.

    >>> total_annual_impact(pd.DataFrame({"annual_impact": [44238.655, 19124.675]}))
    63363.33
    """
    return float(proposal["annual_impact"].sum()) if len(proposal) else 0.0


def proposal_summary(proposal: pd.DataFrame) -> pd.DataFrame:
    """Per payer: the units a year of the proposed codes (``units_with_rate``: the codes with a
    rate in force; a code billed without one is no Proposal row, so these are not every unit
    billed, the Priorities' ``units_per_year``, :func:`ratecalc.revenue.billed_revenue`),
    current and requested annual revenue on them, and the impact (the requested rate is the
    clinic's own where it typed one, else the proposed), in
    :func:`ratecalc.ranking.impact_order`: annual impact, most first, then the payer's name."""
    asked = proposal["requested_rate"] if "requested_rate" in proposal else \
        proposal["proposed_rate"]
    p = proposal.assign(
        new_term_revenue=proposal["current_rate"] * proposal["units_per_year"],
        proposed_revenue=asked * proposal["units_per_year"],
    )
    summary = p.groupby("payer", as_index=False)[
        ["units_per_year", "new_term_revenue", "proposed_revenue", "annual_impact"]].sum()
    # named apart from the units billed: beside the Priorities' "Units per year" (every unit
    # billed), the same name read as the same figure where a code has no rate
    summary = summary.rename(columns={"units_per_year": "units_with_rate"})
    summary["impact_pct"] = fraction_of(summary["annual_impact"], summary["new_term_revenue"])
    return impact_order(summary)
