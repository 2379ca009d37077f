"""The RateCalc worksheet functions (classic xlwings UDFs): convert, call the core, convert back.

Every function takes single cells or ranges. Range arguments are broadcast against each other as
Excel's array arithmetic does (a range and a single cell, two ranges of one shape, a column and a
row) and the result is an array of that shape, which Excel 365 spills as a dynamic array. A blank
input cell gives a blank result; a cell that cannot be read, or a code the fee schedule does not
know, gives that cell a short text such as ``#RATECALC: Unknown code 99999: ...``; an error
coming from another RateCalc function passes through unchanged.

The Excel name of each function is its Python name. The first paragraph of each docstring is the
description the Function Wizard shows, and each ``arg(doc=...)`` the help of one argument; the
VBA wrapper names the arguments as Python does, so no argument may be named after a VBA keyword
(``Date``, ``As``...). Arguments carry no type annotations on purpose: classic xlwings reads an
annotation as the converter to apply.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from ratecalc import dates as clock
from ratecalc import gap, proposal, scenarios, therapy_units, timeline
from ratecalc.errors import InputError, shown_value
from ratecalc.exit_impact import HORIZONS_MONTHS, ExitParams, exit_impact, shown_net_impact
from ratecalc.limits import RANGES, NumberRange
from ratecalc.medicare import medicare_amount, medicare_amounts
from ratecalc.money import percent_fractions, round_cents, snapped_fraction

from .excel_values import (
    CallError,
    Param,
    as_grid,
    cellwise,
    error_text,
    guarded,
    line_of_cells,
    single,
    values_list,
)
from .xlwings_classic import arg, func, ret

#: The Function Wizard category of every RateCalc function.
CATEGORY = "RateCalc"
#: xlwings options of an argument that may be a range: the ``raw`` converter, which hands over
#: the value as COM passed it (a bare value or a tuple of row tuples). The default converter
#: cleans every cell in Python (about 0.4 us a cell: 8 ms of a call on two 10,000-cell ranges);
#: ``excel_values`` does the same cleaning only for cells that need it (``from_excel``), and a
#: range of plain numbers goes to numpy as COM passed it.
RANGE = {"convert": "raw"}
#: Options of an argument that must be one cell: ``raw`` too, so a range given here comes as
#: its rows and the message says its size as Excel does, rows first (``expected one value, got
#: a range of 3 rows by 1 column``): the default converter squeezed a column and a row alike to
#: one flat list, a column named "1x3"; with ``ndim=2`` it kept them but cost 7 us a call
#: (RATEGAP with show_as given: 35 -> 43 us; raw: 30 us). ``single`` cleans the one cell as
#: a range's (``from_excel``).
ONE = {"convert": "raw"}
#: Results of numbers and text go back through xlwings' ``raw`` converter: the cells are plain
#: floats, ints and strings already, and the default converter's per-cell cleaning (a pandas
#: ``isna`` per cell) alone costs about 30 ms on 10,000 cells. Dates keep the default
#: converter, which turns them into COM dates.
RAW = "raw"


def _default(function: Callable[..., Any], name: str) -> Any:
    """The core's default for a parameter, so the add-in never restates a business default."""
    return inspect.signature(function).parameters[name].default


def _choice(value: Any, name: str, choices: tuple[str, ...], default: str) -> str:
    """One of ``choices`` from a cell: case, spaces (any, non-breaking too) and hyphens do not
    matter; blank = default."""
    if value in choices:
        return value  # the default, or typed exactly
    text = single(value, Param(name, "text", blank=default))
    # spaces of any kind and number between the words (a pasted non-breaking space) are one "_"
    key = "_".join(str(text if text is not None else default).split()).lower().replace("-", "_")
    if key not in choices:
        # a cell's TRUE, number or date quoted as Excel shows it, not as Python's 'True'; a
        # range of one cell (xlwings' rows of it, ONE's ndim=2) as that cell
        cell = as_grid(value)[0][0]
        shown = repr(text) if isinstance(cell, str) else shown_value(cell)
        raise CallError(f"{name}: expected one of {', '.join(choices)}, got {shown}")
    return key


def ranged(doc: str, name: str) -> str:
    """``doc``, an argument's help in the Function Wizard, with the range the function checks
    it in, in the words its refusal says (``RANGES[name]``, as every entry point says it): the
    help cannot state another range than the one checked."""
    rule = RANGES[name].rule()
    return f"{doc} {rule[:1].upper()}{rule[1:]}."


def _fraction_text(fraction: float) -> str:
    """A default fraction as an argument's help gives it: ``0.05 (5%)``."""
    return f"{fraction:g} ({fraction * 100:g}%)"


_RATEGAP_PARAMS = (Param("payer_rate", "money"), Param("benchmark", "money"))
_POLICY = proposal.ProposalPolicy()
_EXIT_DEFAULTS = ExitParams(annual_visits=0.0, rate_per_visit=0.0)
_NOTICE_DAYS = _default(timeline.notice_deadline, "notice_days")
_LEAD_MONTHS = _default(timeline.renewal_timeline, "lead_months")


@func(category=CATEGORY)
@ret(RAW)
@arg("payer_rate", doc="What the payer allows [USD per unit]: a cell or a range.", **RANGE)
@arg("benchmark", doc="The reference rate [USD per unit]: a cell or a range.", **RANGE)
@arg("show_as", doc='"dollars" (default): USD per unit; "pct": fraction of the benchmark.', **ONE)
def RATEGAP(payer_rate, benchmark, show_as="dollars"):
    """Shortfall of a payer's rate: benchmark - payer_rate per unit; positive = underpaid.

    Parameters
    ----------
    payer_rate : float or range
        The payer's allowed amount [USD per unit].
    benchmark : float or range
        The reference rate: market percentile, clinic average, another payer [USD per unit].
    show_as : {"dollars", "pct"}
        ``pct`` returns ``(benchmark - payer_rate) / benchmark`` [fraction], read to a
        millionth as every output reads a percentage.

    Returns
    -------
    float or array
        [USD per unit] or [fraction]; positive means the payer underpays.

    Examples
    --------
    ``=RATEGAP(26.83, 31.50)`` gives 4.67; ``=RATEGAP(26.83, 31.50, "pct")`` 0.148254 (14.8%).
    """

    def compute() -> Any:
        as_pct = _choice(show_as, "show_as", ("dollars", "pct"), "dollars") == "pct"

        def gap_of(rate: Any, bench: Any) -> Any:
            problem = gap.percent_reference_problem(bench) if as_pct else None
            if problem is not None:
                # a range refused is tried cell by cell, so each cell names its own benchmark
                raise InputError(f"benchmark {problem}: no percent gap")
            return gap.rate_gap(rate, bench, as_pct=as_pct)

        return cellwise(
            _RATEGAP_PARAMS,
            [payer_rate, benchmark],
            one=gap_of,
            many=gap_of,
            nan_message="benchmark is 0: no percent gap",
            shown=_read_fractions if as_pct else round_cents,
        )

    return guarded("RATEGAP", compute)


def _read_fractions(result: Any) -> Any:
    """A fraction a function returns (one, or an array of them) read to a millionth, as every
    output reads a percentage (:func:`ratecalc.money.snapped_fraction`), so that the cell's
    percent format shows what the sheets and the letter say: returned unread, a rate of 20.31
    over Medicare's 25.34 (0.8014996) showed 80.1% in a 0.0% cell beside the Comparison's
    80.2%."""
    if isinstance(result, np.ndarray):
        return percent_fractions(result)
    return snapped_fraction(float(result))


def _setting_is_facility(setting: Any) -> bool:
    return _choice(setting, "setting", ("non_facility", "facility"), "non_facility") == "facility"


def _apm(value: Any) -> bool:
    """The APM qualifying argument, as the Settings sheet's cell of that name: yes/no, TRUE or
    FALSE; blank or left out: no."""
    return bool(single(value, Param("apm_qualifying", "bool", blank=False)))


#: Help of the ``apm_qualifying`` argument, as the Settings sheet's cell of that name says it.
_APM_DOC = ("TRUE if the clinic is a qualifying APM participant (Settings' APM qualifying): "
            "from 2026, its conversion factor.")
#: Help of the ``setting`` argument, as the Settings sheet's cell of that name says it.
_SETTING_DOC = '"non_facility" (default, private practice) or "facility".'


def _medicare_many(facility: bool, mppr: bool, apm_qualifying: bool) -> Callable[..., list[Any]]:
    def many(codes: list[str], localities: list[str], dates: list[date]) -> list[Any]:
        frame = medicare_amounts(codes, localities, dates, facility=facility, mppr=mppr,
                                 apm_qualifying=apm_qualifying)
        return [
            CallError(problem) if isinstance(problem, str) else amount
            for amount, problem in zip(frame["amount"], frame["problem"], strict=True)
        ]

    return many


@func(category=CATEGORY)
@ret(RAW)
@arg("code", doc="CPT/HCPCS code, e.g. 97110: a cell or a range.", **RANGE)
@arg("locality", doc="Medicare locality, e.g. 10112-00 (MAC-locality) or a state.", **RANGE)
@arg("service_date", doc="Date of service (default today): picks the fee schedule.", **RANGE)
@arg("setting", doc=_SETTING_DOC, **ONE)
@arg("mppr", doc="TRUE: a subsequent unit under therapy MPPR (50% off practice expense).", **ONE)
@arg("apm_qualifying", doc=_APM_DOC, **ONE)
def MEDICARE_RATE(code, locality, service_date=None, setting="non_facility", mppr=False,
                  apm_qualifying=False):
    """Medicare Physician Fee Schedule amount for a code in a locality on a date [USD per unit].

    Parameters
    ----------
    code : str or range
        CPT/HCPCS code.
    locality : str or range
        ``MAC-LOC`` such as ``10112-00``, a state or a locality name.
    service_date : date or range, optional
        Selects the RVU release and conversion factor in force; today when omitted.
    setting : {"non_facility", "facility"}
        Private-practice therapists are paid the non-facility amount.
    mppr : bool
        The reduced amount of a subsequent unit under the multiple procedure payment reduction.
    apm_qualifying : bool
        A qualifying APM participant's conversion factor (from 2026), as the Settings sheet's
        APM qualifying and ``ratecalc medicare --apm-qualifying`` price it.

    Returns
    -------
    float or array
        [USD per unit], rounded half-up to cents as CMS does.

    Examples
    --------
    ``=MEDICARE_RATE("97110", "10112-00", DATE(2025,6,1))`` gives 26.83;
    ``=MEDICARE_RATE("97110", "10112-00", DATE(2026,10,1), , , TRUE)`` 27.34 (factor 33.5675,
    not 33.4009's 27.20).
    """

    def compute() -> Any:
        facility = _setting_is_facility(setting)
        use_mppr = bool(single(mppr, Param("mppr", "bool", blank=False)))
        apm = _apm(apm_qualifying)

        def one(c: str, loc: str, day: date) -> float:
            return medicare_amount(c, loc, day, facility=facility, mppr=use_mppr,
                                   apm_qualifying=apm)

        return cellwise(
            [
                Param("code", "code"),
                Param("locality", "text"),
                Param("service_date", "date", blank=clock.today()),
            ],
            [code, locality, service_date],
            one=one,
            many=_medicare_many(facility, use_mppr, apm),
            shown=round_cents,
        )

    return guarded("MEDICARE_RATE", compute)


@func(category=CATEGORY)
@ret(RAW)
@arg("payer_rate", doc="What the payer allows [USD per unit]: a cell or a range.", **RANGE)
@arg("code", doc="CPT/HCPCS code, e.g. 97110.", **RANGE)
@arg("locality", doc="Medicare locality, e.g. 10112-00 (MAC-locality) or a state.", **RANGE)
@arg("service_date", doc="Date of service (default today): picks the fee schedule.", **RANGE)
@arg("setting", doc=_SETTING_DOC, **ONE)
@arg("apm_qualifying", doc=_APM_DOC, **ONE)
def PCT_OF_MEDICARE(payer_rate, code, locality, service_date=None, setting="non_facility",
                    apm_qualifying=False):
    """A payer's rate as a fraction of the Medicare amount (1.10 = 110%), non-facility unless
    the setting says facility.

    Parameters
    ----------
    payer_rate : float or range
        The payer's allowed amount [USD per unit].
    code, locality, service_date, setting, apm_qualifying
        As in ``MEDICARE_RATE``: the amount the Settings sheet's Setting and APM qualifying
        price the Comparison sheet's % of Medicare with.

    Returns
    -------
    float or array
        [fraction of Medicare], read to a millionth as every output reads a percentage, so a
        ``0.0%`` cell shows what the Comparison sheet and the letter say.

    Examples
    --------
    ``=PCT_OF_MEDICARE(32.808, "97110", "10112-00", DATE(2026,10,1), , TRUE)`` gives 1.2
    (of 27.34).
    """

    def compute() -> Any:
        pct_of_medicare = gap.pct_of_medicare
        facility = _setting_is_facility(setting)
        apm = _apm(apm_qualifying)

        def one(rate: float, c: str, loc: str, day: date) -> Any:
            return pct_of_medicare(rate, medicare_amount(c, loc, day, facility=facility,
                                                         apm_qualifying=apm))

        def many(rates: list[float], codes: list[str], locs: list[str], days: list[date]) -> Any:
            amounts = _medicare_many(facility, False, apm)(codes, locs, days)
            return [
                a if isinstance(a, Exception) else pct_of_medicare(r, a)
                for r, a in zip(rates, amounts, strict=True)
            ]

        return cellwise(
            [
                Param("payer_rate", "money"),
                Param("code", "code"),
                Param("locality", "text"),
                Param("service_date", "date", blank=clock.today()),
            ],
            [payer_rate, code, locality, service_date],
            one=one,
            many=many,
            nan_message="no Medicare amount to compare with",
            shown=_read_fractions,
        )

    return guarded("PCT_OF_MEDICARE", compute)


@func(category=CATEGORY)
@ret(RAW)
@arg("current", doc="Current allowed amount [USD per unit]: a cell or a range.", **RANGE)
@arg("benchmark", doc="Market rate at the target percentile [USD per unit]; blank = none.", **RANGE)
@arg("min_increase", doc=ranged("Smallest increase to ask for [fraction], "
                                 f"default {_fraction_text(_POLICY.min_increase)}.",
                                 "min_increase"), **ONE)
@arg("max_increase", doc=ranged("Largest increase to ask for [fraction], "
                                 f"default {_fraction_text(_POLICY.max_increase)}.",
                                 "max_increase"), **ONE)
@arg("floor", doc="Walk-away floor [USD per unit], default none: a cell or a range.", **RANGE)
def PROPOSED_RATE(
    current,
    benchmark,
    min_increase=_POLICY.min_increase,
    max_increase=_POLICY.max_increase,
    floor=0.0,
):
    """The rate to request per unit: toward the market, within the increase bounds, never below
    the floor [USD per unit, cents].

    Parameters
    ----------
    current : float or range
        Current allowed amount [USD per unit].
    benchmark : float or range
        Market rate at the target percentile [USD per unit]; blank: no benchmark, the minimum
        increase is asked.
    min_increase, max_increase : float
        Bounds on the increase [fraction of the current rate].
    floor : float or range
        Walk-away floor [USD per unit].

    Returns
    -------
    float or array
        [USD per unit, rounded to cents].

    Examples
    --------
    ``=PROPOSED_RATE(26.83, 31.50)`` gives 30.85 (capped at +15%).
    """

    def compute() -> Any:
        # the Settings sheet's ranges (limits)
        low = single(min_increase, Param("min_increase", "fraction", blank=_POLICY.min_increase,
                                         words=RANGES["min_increase"]))
        high = single(max_increase, Param("max_increase", "fraction", blank=_POLICY.max_increase,
                                          words=RANGES["max_increase"]))
        proposal.ProposalPolicy(min_increase=low, max_increase=high)  # the core's bounds check

        def ask(cur: Any, bench: Any, flo: Any) -> Any:
            return proposal.proposed_rate(cur, bench, low, high, flo)

        return cellwise(
            [
                Param("current", "money"),
                Param("benchmark", "money", blank=float("nan")),
                Param("floor", "money", blank=0.0),
            ],
            [current, benchmark, floor],
            one=ask,
            many=ask,
            shown=round_cents,
        )

    return guarded("PROPOSED_RATE", compute)


@func(category=CATEGORY)
@ret(RAW)
@arg("current", doc="Current rate [USD per unit]: a cell or a range.", **RANGE)
@arg("proposed", doc="Proposed rate [USD per unit]: a cell or a range.", **RANGE)
@arg("annual_units", doc=ranged("Units billed to the payer a year: a cell or a range.",
                                 "units_per_year"), **RANGE)
def REVENUE_IMPACT(current, proposed, annual_units):
    """Yearly revenue gained by moving from the current to the proposed rate [USD per year].

    Parameters
    ----------
    current, proposed : float or range
        [USD per unit].
    annual_units : float or range
        [units per year].

    Returns
    -------
    float or array
        [USD per year, rounded half-up to cents]; negative when the proposed rate is lower.
    """

    def compute() -> Any:
        revenue_impact = proposal.revenue_impact
        return cellwise(
            [
                Param("current", "money"),
                Param("proposed", "money"),
                _units_param("annual_units"),
            ],
            [current, proposed, annual_units],
            one=revenue_impact,
            many=revenue_impact,
            shown=round_cents,
        )

    return guarded("REVENUE_IMPACT", compute)


def _units_param(name: str) -> Param:
    """Units billed a year, in the range of ``ratecalc scenario --units`` and the Volumes
    table's units_per_year."""
    return Param(name, "number", words=RANGES["units_per_year"])


def _changes(value: Any, name: str, words: NumberRange) -> float | list[float] | None:
    """One change a year or a row of them, each in the range ``words`` (the option's of the
    same name); None when the argument is blank or left out."""
    changes = values_list(value, Param(name, "fraction", words=words))
    if not changes:
        return None
    return changes[0] if len(changes) == 1 else changes


def _default_cf_changes(years: int, apm_qualifying: bool) -> Any:
    """The conversion-factor path of ``ratecalc scenario`` without --cf-change, as the
    Scenarios sheet's default: :data:`ratecalc.scenarios.DEFAULT_CF_PATH`, its average from
    the factors of the clinic's kind (APM qualifying or not), as the Settings choose."""
    return scenarios.settings_cf_path(scenarios.DEFAULT_CF_PATH, None, years,
                                      apm_qualifying=apm_qualifying).changes


@func(category=CATEGORY)
@ret(RAW)
@arg("fixed", doc="The fixed-dollar rate offered [USD per unit]: a cell or a range.", **RANGE)
@arg("pct_of_medicare", doc=ranged("The percent-of-Medicare rate [fraction, 1.10 = 110%].",
                                    "pct_of_medicare"), **RANGE)
@arg("medicare", doc="Today's Medicare amount [USD per unit]: a cell or a range.", **RANGE)
@arg("units", doc=ranged("Units a year: a cell or a range.", "units_per_year"), **RANGE)
@arg("years", doc=ranged("Contract horizon [years].", "scenario_years"), **RANGE)
@arg(
    "cf_change",
    doc=ranged("Medicare factor change a year [fraction], one or a row per year; left out: "
               "the factor's average yearly change since 2019, as ratecalc scenario and the "
               "Scenarios sheet.", "cf_change"),
    **RANGE,
)
@arg("escalator", doc=ranged("Fixed rate's escalator a year [fraction], one or a row per "
                              "year; each year's rate rounded to cents, as paid.", "escalator"),
     **RANGE)
@arg("apm_qualifying", doc="TRUE if the clinic is a qualifying APM participant (Settings' APM "
     "qualifying): with cf_change left out, the average of its conversion factors.", **ONE)
def FIXED_VS_PCT(fixed, pct_of_medicare, medicare, units, years, cf_change=None, escalator=0.0,
                 apm_qualifying=False):
    """Revenue of a fixed-dollar contract minus a percent-of-Medicare one over the horizon [USD];
    positive = fixed pays more.

    Parameters
    ----------
    fixed : float or range
        The fixed-dollar rate in year 1 [USD per unit].
    pct_of_medicare : float or range
        [fraction of Medicare].
    medicare : float or range
        Today's Medicare amount [USD per unit].
    units : float or range
        [units per year].
    years : int or range
        Horizon [years], 1 to 50 (``ratecalc.limits.MAX_SCENARIO_YEARS``).
    cf_change : float or row of floats, optional
        Conversion-factor change into each year after the first; one value repeats
        [fraction per year]. A row or a column (blanks skipped); a block of several rows and
        columns is refused, as for ``escalator``. Left out (or blank): the ``historical``
        path, the bundled conversion factors' average yearly change from 2019 to the latest year
        (:data:`ratecalc.scenarios.DEFAULT_CF_PATH`), as ``ratecalc scenario`` without
        ``--cf-change`` and the Scenarios sheet by default.
    apm_qualifying : bool
        With ``cf_change`` left out: the average change of a qualifying APM participant's
        factors (2026's 33.5675, not 33.4009), as the Scenarios sheet with the Settings' APM
        qualifying yes and ``ratecalc scenario --apm-qualifying``.
    escalator : float or row of floats
        The fixed rate's escalator into each year after the first [fraction per year]: each
        year's rate is the year before's raised by it and rounded half-up to cents, as the
        payer pays it and as every other output raises a contract's rates
        (``ratecalc.rates.escalated_rates``). The percentage likewise pays its share of each
        year's Medicare amount in cents a unit.

    Returns
    -------
    float or array
        [USD over the horizon, rounded half-up to cents], undiscounted.

    Examples
    --------
    ``=FIXED_VS_PCT(30, 1.2, 25, 1000, 2, -0.1)`` gives 3000 (fixed 2 x 30,000; percent
    30,000 + 1.2 x 22.50 x 1000 = 27,000).
    ``=FIXED_VS_PCT(30.15, 1.2, 25, 1000, 2, 0, 0.03)`` gives 1200: year 2's rate is
    $30.15 x 1.03 = $31.0545 -> $31.05, so the fixed side is 30,150 + 31,050 = 61,200 against
    2 x 30,000 (year 1's revenue x 1.03 would say 1204.50).
    """

    def compute() -> Any:
        cf = _changes(cf_change, "cf_change", RANGES["cf_change"])
        esc = _changes(escalator, "escalator", RANGES["escalator"])
        apm = _apm(apm_qualifying)

        def one(fix: float, pct: float, med: float, unit_count: float, horizon: int) -> float:
            lines = scenarios.single_code_lines(unit_count, med, fix)
            result = scenarios.project_scenario(
                lines,
                pct_of_medicare=pct,
                years=horizon,
                cf_changes=_default_cf_changes(horizon, apm) if cf is None else cf,
                escalator=0.0 if esc is None else esc,
            )
            # money at presentation, as `scenario` shows it: its two totals' difference
            return scenarios.shown_totals(result).difference

        return cellwise(
            [
                Param("fixed", "money"),
                Param("pct_of_medicare", "fraction", words=RANGES["pct_of_medicare"]),
                Param("medicare", "money"),
                _units_param("units"),
                Param("years", "int", words=RANGES["scenario_years"]),
            ],
            [fixed, pct_of_medicare, medicare, units, years],
            one=one,
        )

    return guarded("FIXED_VS_PCT", compute)


@func(category=CATEGORY)
@ret(RAW)
@arg("annual_visits", doc=ranged("Visits a year from the payer.", "visits_per_year"), **RANGE)
@arg("rate_per_visit", doc="What the payer pays per visit now [USD].", **RANGE)
@arg("retention", doc=ranged("Share of its visits kept out-of-network or self-pay [fraction].",
                              "retention"), **RANGE)
@arg("retained_collection", doc=ranged("Share of the rate collected on a kept visit [fraction].",
                                        "retained_collection"), **RANGE)
@arg("backfill", doc=ranged("Share of the freed capacity refilled by other payers [fraction].",
                             "backfill"), **RANGE)
@arg("backfill_rate", doc="Other payers' average payment per visit [USD].", **RANGE)
@arg("ramp_months", doc=ranged("Months until the backfill is complete.", "ramp_months"),
     **RANGE)
@arg("admin_savings", doc="Admin cost of the contract saved a year [USD].", **RANGE)
@arg("months", doc="Horizon: 12 (default) or 24 months after the exit.", **ONE)
def EXIT_IMPACT(
    annual_visits,
    rate_per_visit,
    retention=_EXIT_DEFAULTS.retention,
    retained_collection=_EXIT_DEFAULTS.retained_collection,
    backfill=_EXIT_DEFAULTS.backfill,
    backfill_rate=_EXIT_DEFAULTS.backfill_rate,
    ramp_months=_EXIT_DEFAULTS.ramp_months,
    admin_savings=_EXIT_DEFAULTS.admin_savings,
    months=HORIZONS_MONTHS[0],
):
    """Net revenue change over the first months after leaving a payer's network [USD];
    negative = the exit costs money.

    Parameters
    ----------
    annual_visits : float or range
        [visits per year].
    rate_per_visit : float or range
        [USD per visit].
    retention, retained_collection, backfill : float or range
        [fraction, 0-1].
    backfill_rate : float or range
        [USD per visit].
    ramp_months : float or range
        [months].
    admin_savings : float or range
        [USD per year].
    months : {12, 24}
        Horizon [months].

    Returns
    -------
    float or array
        [USD over the horizon, in cents: the month table's Net added up, as ``ratecalc
        exit-impact`` and the Exit Impact sheet show it].

    Examples
    --------
    ``=EXIT_IMPACT(1000, 100, 0, 0, 0.5, 90)`` gives -55000.
    """

    def compute() -> Any:
        horizon = single(months, Param("months", "int", blank=HORIZONS_MONTHS[0]))
        if horizon not in HORIZONS_MONTHS:
            raise CallError(
                f"months: expected {' or '.join(map(str, HORIZONS_MONTHS))}, got {horizon!r}"
            )

        d = _EXIT_DEFAULTS
        params = [
            Param("annual_visits", "number", words=RANGES["visits_per_year"]),
            Param("rate_per_visit", "money"),
            Param("retention", "fraction", blank=d.retention, words=RANGES["retention"]),
            Param("retained_collection", "fraction", blank=d.retained_collection,
                  words=RANGES["retained_collection"]),
            Param("backfill", "fraction", blank=d.backfill, words=RANGES["backfill"]),
            Param("backfill_rate", "money", blank=d.backfill_rate),
            Param("ramp_months", "number", blank=d.ramp_months, words=RANGES["ramp_months"]),
            Param("admin_savings", "money", blank=d.admin_savings),
        ]

        def one(*values: float) -> float:
            named = {p.name: v for p, v in zip(params, values, strict=True)}
            result = exit_impact(ExitParams(**named))
            return shown_net_impact(result, horizon)

        return cellwise(
            params,
            [
                annual_visits,
                rate_per_visit,
                retention,
                retained_collection,
                backfill,
                backfill_rate,
                ramp_months,
                admin_savings,
            ],
            one=one,
            shown=round_cents,
        )

    return guarded("EXIT_IMPACT", compute)


@func(category=CATEGORY)
@arg("end_date", doc="The contract's end date: a cell or a range.", **RANGE)
@arg("notice_days", doc=ranged("Days of written notice the contract requires, default "
                                f"{_NOTICE_DAYS}.", "notice_days"), **RANGE)
def NOTICE_DEADLINE(end_date, notice_days=_NOTICE_DAYS):
    """Last business day to give notice of termination: end date minus the notice days,
    moved back off weekends and US federal holidays.

    Parameters
    ----------
    end_date : date or range
        End of the contract term.
    notice_days : int or range
        [days].

    Returns
    -------
    date or array
        The deadline.

    Examples
    --------
    ``=NOTICE_DEADLINE(DATE(2026,6,30), 90)`` gives 2026-04-01.
    """
    return guarded(
        "NOTICE_DEADLINE",
        lambda: cellwise(
            [Param("end_date", "date"),
             Param("notice_days", "int", blank=_NOTICE_DAYS, words=RANGES["notice_days"])],
            [end_date, notice_days],
            one=timeline.notice_deadline,
        ),
    )


@func(category=CATEGORY)
@arg("end_date", doc="The contract's end date: a cell or a range.", **RANGE)
@arg("lead_months", doc=ranged("How long before the end talks open [months], default "
                                f"{_LEAD_MONTHS}.", "lead_months"), **RANGE)
def NEGOTIATION_START(end_date, lead_months=_LEAD_MONTHS):
    """The business day to send the proposal: the end date minus the lead months.

    Parameters
    ----------
    end_date : date or range
        End of the contract term.
    lead_months : int or range
        [months].

    Returns
    -------
    date or array
        The date to open negotiations.

    Examples
    --------
    ``=NEGOTIATION_START(DATE(2026,6,30))`` gives 2026-01-30.
    """

    def one(end: date, lead: int) -> date:
        # The start day depends on the end date and the lead alone; asked as of the end date,
        # the timeline neither reads the clock nor refuses a term already past.
        return timeline.renewal_timeline(end, lead_months=lead, as_of=end).negotiation_start

    return guarded(
        "NEGOTIATION_START",
        lambda: cellwise(
            [Param("end_date", "date"),
             Param("lead_months", "int", blank=_LEAD_MONTHS, words=RANGES["lead_months"])],
            [end_date, lead_months],
            one=one,
        ),
    )


@func(category=CATEGORY)
@ret(RAW)
@arg("minutes", doc="Timed minutes; a row or a column is one visit's timed codes.", **RANGE)
@arg("rule", doc='"medicare" (8-minute rule, default) or "ama" (per-code midpoint rule).', **ONE)
def THERAPY_UNITS(minutes, rule="medicare"):
    """Billable units of timed therapy codes from treatment minutes.

    Parameters
    ----------
    minutes : float or range
        One cell: a visit's total timed minutes (Medicare) or one code's minutes (AMA).
        A row or a column: the minutes of each timed code of one visit; each cell gets its
        code's units. Under the Medicare rule a block of several rows and columns is refused:
        it would pool several visits' minutes.
    rule : {"medicare", "ama"}
        Medicare pools the visit's minutes (8-22 = 1 unit, 23-37 = 2, ...) and assigns the units
        to codes; the AMA rule applies the same thresholds to each code alone.

    Returns
    -------
    int or array
        [units].

    Examples
    --------
    ``=THERAPY_UNITS(38)`` gives 3; over minutes 33 and 7, ``=THERAPY_UNITS(A1:A2)`` gives 2 and
    1, and with ``"ama"`` 2 and 0.
    """

    def compute() -> Any:
        chosen = _choice(rule, "rule", therapy_units.UNIT_RULES, therapy_units.UNIT_RULES[0])
        if chosen == "medicare":
            # the rule pools a visit's minutes: a block of several visits read as one visit
            # moved units between them (the AMA rule takes each cell alone, a block included)
            line_of_cells(minutes, "minutes", "one visit's minutes in one row or one column")
        # a negative cell is named in its own cell, as a text cell is (the core refused the
        # whole visit in one message naming no cell)
        minutes_param = [Param("minutes", "number", low=0.0, what="minutes")]
        grid = cellwise(minutes_param, [minutes], one=float)  # parsed minutes or messages
        cells = [(r, c) for r in range(len(grid)) for c in range(len(grid[0]))]
        if len(cells) == 1:
            return cellwise(
                minutes_param, [minutes], one=lambda m: therapy_units.units_from_minutes(m).item()
            )
        numbers = [(r, c) for r, c in cells if isinstance(grid[r][c], float)]
        if any(str(grid[r][c]).startswith("#") for r, c in cells):
            for r, c in numbers:
                grid[r][c] = error_text("minutes: another cell of this visit cannot be read")
            return grid
        visit = pd.DataFrame(
            {"code": [f"{r},{c}" for r, c in numbers], "minutes": [grid[r][c] for r, c in numbers]}
        )
        units = therapy_units.allocate_units(visit, chosen)["units"].to_numpy()
        for (r, c), count in zip(numbers, units, strict=True):
            grid[r][c] = int(count)
        return grid

    return guarded("THERAPY_UNITS", compute)


@func(category=CATEGORY)
@ret(RAW)
@arg("assistant_minutes", doc="Minutes of the service furnished by the PT or OT assistant.",
     **RANGE)
@arg("total_minutes", doc="Minutes of the service in all.", **RANGE)
def ASSISTANT_MODIFIER(assistant_minutes, total_minutes):
    """Whether a service needs the CQ (PT assistant) or CO (OT assistant) modifier: TRUE when
    the assistant furnished more than 10% of its minutes (Medicare's de minimis rule).

    Parameters
    ----------
    assistant_minutes : float or range
        Minutes furnished in whole or in part by a physical or occupational therapy assistant.
    total_minutes : float or range
        Minutes of the service in all (the assistant's included).

    Returns
    -------
    bool or array
        TRUE: bill the line with CQ/CO (Medicare pays it at 85%); FALSE: without.

    Examples
    --------
    ``=ASSISTANT_MODIFIER(1, 10)`` gives FALSE (10% is not more than 10%);
    ``=ASSISTANT_MODIFIER(2, 15)`` gives TRUE.
    """

    def compute() -> Any:
        params = [Param("assistant_minutes", "number", low=0.0, what="minutes"),
                  Param("total_minutes", "number", low=0.0, what="minutes")]
        return cellwise(params, [assistant_minutes, total_minutes],
                        one=therapy_units.needs_assistant_modifier)

    return guarded("ASSISTANT_MODIFIER", compute)


#: Every RateCalc worksheet function, in the order the help lists them.
UDFS = (
    RATEGAP,
    MEDICARE_RATE,
    PCT_OF_MEDICARE,
    PROPOSED_RATE,
    REVENUE_IMPACT,
    FIXED_VS_PCT,
    EXIT_IMPACT,
    NOTICE_DEADLINE,
    NEGOTIATION_START,
    THERAPY_UNITS,
    ASSISTANT_MODIFIER,
)
