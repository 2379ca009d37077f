"""Everything the result sheets show, computed by the core from the clinic's data.

This module only calls ``ratecalc`` and gathers the answers into frames shaped like the result
tables of :mod:`ratecalc_workbook.layout`; it computes nothing of its own. A part that cannot be
computed (a payer without a contract, a code without a rate) becomes a warning, so one gap does
not blank the whole workbook.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from ratecalc import exit_impact, scenarios, timeline
from ratecalc.analysis import Analysis, analyze, metric_value
from ratecalc.dataset import ClinicData
from ratecalc.empty_results import empty_reason, empty_reasons
from ratecalc.errors import Location, Problem, RateCalcError
from ratecalc.frozen_record import frozen_record
from ratecalc.rates import (
    ended_contracts,
    payer_contracts,
    payer_visits,
    term_escalators,
    unpaid_codes_notes,
)
from ratecalc.timeline import successor_starts
from ratecalc_workbook import layout

#: First year of the historical conversion-factor path (as ``ratecalc scenario`` defaults).


@frozen_record
class ExitAssumptions:
    """What-if inputs of the Exit Impact sheet [fractions; months; USD per year]."""

    retention: float = 0.0
    retained_collection: float = 0.0
    backfill: float = 0.0
    ramp_months: float = 0.0
    admin_savings: float = 0.0

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> ExitAssumptions:
        known = {k: float(v) for k, v in values.items()
                 if k in cls.__dataclass_fields__ and v is not None}
        return cls(**known)


@frozen_record
class WorkbookResults:
    """The analysis and the what-ifs, ready for the result sheets; nothing rounded.

    ``unavailable`` maps a result sheet to the reason it could not be computed; ``empty`` maps
    each result table with no rows (:data:`ratecalc.empty_results.RESULTS`) to why, in the
    workbook's words.
    """

    analysis: Analysis
    refreshed_at: datetime
    scenarios: pd.DataFrame | None = None
    scenario_years: pd.DataFrame | None = None
    exit_impact: pd.DataFrame | None = None
    timeline: pd.DataFrame | None = None
    unavailable: dict[str, str] = field(default_factory=dict)
    empty: dict[str, str] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    cf_note: str = ""

    @property
    def as_of(self) -> date:
        return self.analysis.as_of


def _warning(sheet: str, message: str, value: object = None) -> Problem:
    return Problem(sheet, Location(), message, value, severity="warning")


def every_payer_failed(what: str, failures: list[tuple[str, str]], made: int) -> str | None:
    """Why a per-payer table is empty when every payer's calculation failed (None when one
    was ``made``, or none failed): each payer's reason, or the one reason once when they all
    share it (a Settings value every payer's estimate refuses).

    >>> every_payer_failed("exit estimate", [("A", "retention: too high"),
    ...                                      ("B", "retention: too high")], made=0)
    "no payer's exit estimate could be made: retention: too high"
    >>> every_payer_failed("scenario", [("A", "x"), ("B", "y")], made=0)
    "no payer's scenario could be made: A: x; B: y"
    """
    if made or not failures:
        return None
    reasons = {reason for _, reason in failures}
    said = (next(iter(reasons)) if len(reasons) == 1
            else "; ".join(f"{payer}: {reason}" for payer, reason in failures))
    return f"no payer's {what} could be made: {said}"


def _cf_changes(data: ClinicData, years: int) -> tuple[str, np.ndarray, str]:
    """The settings' conversion-factor path as yearly changes, and a note saying which."""
    s = data.settings
    path = scenarios.settings_cf_path(s.cf_path, s.cf_custom, years,
                                      apm_qualifying=s.apm_qualifying)
    return path.name, path.changes, path.note


def _by_payer(table: pd.DataFrame) -> dict[object, pd.DataFrame]:
    """Payer -> that payer's rows of a canonical table, in the table's order."""
    if table.empty:
        return {}
    return dict(iter(table.groupby("payer", sort=False)))


def _governing(data: ClinicData, analysis: Analysis) -> pd.DataFrame:
    """The contract governing each payer on the analysis date: the analysis' table when it was
    made from ``data`` (the one a refresh passes), else found from ``data``'s contracts."""
    if analysis.data is data:
        return analysis.governing
    return payer_contracts(data.contracts, analysis.as_of)


def scenario_tables(data: ClinicData, analysis: Analysis
                    ) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], str, str | None]:
    """Per payer: fixed dollars against percent of Medicare over the settings' horizon.

    Returns
    -------
    tuple
        The per-payer table (``payer, rate_basis, year1_rates_on`` (the day year 1 begins and
        its rates are in force: the payer's new term, else the analysis date),
        ``pct_of_medicare, escalator, break_even_pct_of_medicare, better, fixed_total,
        pct_total``), the payer x year table
        (``payer, year, cf_change, medicare_index, escalator, fixed_index, fixed_at_rates,
        pct_at_rates, fixed_revenue, pct_revenue, difference``), warnings, and a note on the
        path. Money is as shown (:func:`ratecalc.scenarios.shown_years` and
        :func:`~ratecalc.scenarios.shown_totals`): a payer's years add up to its totals, and
        the payers' rows of a year to the all-payers row; each year's revenue at its rates
        (``*_at_rates``, the core's years table) is unrounded.
        A payer whose scenario fails is a warning; the last item says why the table is empty
        when every payer's failed (:func:`every_payer_failed`), else None.
    """
    s = data.settings
    years = int(s.scenario_years)
    path, changes, note = _cf_changes(data, years)
    medicare = analysis.medicare.set_index("code")["medicare_amount"].dropna()
    summaries: list[dict[str, object]] = []
    year_rows: list[pd.DataFrame] = []
    warnings: list[Problem] = []
    failures: list[tuple[str, str]] = []  # (payer, why its scenario could not be made)
    # every payer of the Priorities (one without a contract in force at its fee schedule), so
    # "All payers" year 1 is the Totals' revenue at new-term rates (every payer of the Proposal)
    payers = list(analysis.priorities["payer"])
    # Each payer's rows, split once: payer_scenario picks a payer's rows out of the tables it is
    # given, which for 40 payers x 300 codes was 40 scans of 12,000 rows (same rows, same order).
    # Year 1 is the new term's first year: the fixed rates are those in force the day it
    # begins, the proposal's (the one rule, already applied by the analysis).
    # Its Medicare amounts are those in force that day too (the proposal's, where a release
    # covers it), so a percent-of-Medicare payer's two sides start from the same revenue.
    basis = analysis.new_term_rates.reindex(columns=["payer", "code", "allowed_amount",
                                                     "medicare_amount", "rate_source"])
    schedules, volumes = _by_payer(basis), _by_payer(data.volumes)
    governing = _governing(data, analysis)
    ended_on = ended_contracts(data.contracts, analysis.as_of, governing=governing)
    # the day each ended payer's next contract starts, named in its note (found once, not a payer)
    successors = successor_starts(data.contracts, analysis.as_of) if ended_on else {}
    # said once for the sheet, below
    unpaid: list[tuple[str, tuple[str, ...], date, tuple[str, ...]]] = []
    for payer in payers:
        rows = schedules.get(payer, basis.iloc[0:0])
        try:
            result = scenarios.payer_scenario(
                payer, data.contracts, data.fee_schedules,
                volumes.get(payer, data.volumes.iloc[0:0]),
                scenarios.year_one_medicare(rows, medicare),
                as_of=analysis.as_of, years=years, cf_changes=changes.tolist(),
                discount_rate=s.discount_rate, path=path,
                rates=rows[["payer", "code", "allowed_amount", "rate_source"]],
                governing=governing)
        except RateCalcError as exc:
            warnings.append(_warning(layout.SCENARIOS, f"{payer}: no scenario ({exc})"))
            failures.append((payer, str(exc)))
            continue
        if payer in ended_on:
            warnings.append(_warning(layout.SCENARIOS, f"{payer}: "
                                     + scenarios.ended_scenario_note(
                                         ended_on[payer], analysis.as_of,
                                         successors.get(payer))))
        if result.unpriced_codes:
            unpaid.append((payer, result.unpriced_codes, result.rates_on or analysis.as_of,
                           result.no_medicare_codes))
        rate_basis = (governing.loc[payer].get("rate_basis") if payer in governing.index
                      else None)
        table = result.years_table
        # the percent compared and the break-even beside it, each with the decimals it is
        # shown with (their cells' formats); the cells hold the figures they are shown from
        shown = scenarios.scenario_percents(result)
        held_compared, held_break_even = scenarios.held_percents(result, shown)
        summaries.append({
            "payer": payer, "rate_basis": rate_basis or "fixed",
            "year1_rates_on": result.rates_on,
            "pct_of_medicare": held_compared,
            "percents_shown": shown,
            "escalator": float(table["escalator"].iloc[1]) if len(table) > 1 else 0.0,
            **scenarios.shown_totals(result)._asdict(),
            "break_even_pct_of_medicare": held_break_even,
            "better": result.better,
            # why a payer with no term to renew is projected, on its row
            "contract_note": (scenarios.ended_scenario_cell(ended_on[payer])
                              if payer in ended_on else None),
        })
        # each year at its rates unrounded (the sheet's formulas add them up), the money as
        # shown
        year_rows.append(scenarios.shown_years(result).assign(
            fixed_at_rates=table["fixed_revenue"].to_numpy(dtype=float),
            pct_at_rates=table["pct_revenue"].to_numpy(dtype=float)))
        year_rows[-1].insert(0, "payer", payer)
    if (said := unpaid_codes_notes(unpaid)) is not None:
        warnings.append(_warning(layout.SCENARIOS, said))
    return (pd.DataFrame(summaries),
            pd.concat(year_rows, ignore_index=True) if year_rows else pd.DataFrame(),
            warnings, note, every_payer_failed("scenario", failures, len(summaries)))


def exit_table(data: ClinicData, analysis: Analysis, assumptions: ExitAssumptions
               ) -> tuple[pd.DataFrame, list[Problem], str | None]:
    """Per payer: what leaving its network would do to revenue over 12 and 24 months, at the
    rates in force when its new term would begin (``rates_on``, the day: the Scenarios'
    ``year1_rates_on``; the sheet names it in its note and header notes, so that it prints
    one page wide), and warnings: a payer whose estimate fails is one; when every payer's
    does, the third item says why (:func:`every_payer_failed`), else it is None."""
    s = data.settings
    cost = metric_value(data, "cost_per_visit")
    total_visits = metric_value(data, "visits_per_year")
    rows: list[dict[str, object]] = []
    warnings: list[Problem] = []
    failures: list[tuple[str, str]] = []  # (payer, why its estimate could not be made)
    governing = _governing(data, analysis)
    # found once for every payer's warning, from the contracts found once above
    ended_on = ended_contracts(data.contracts, analysis.as_of, governing=governing)
    try:
        # a payer left is lost when its current term ends: its revenue at the rates in force
        # when its new term would begin, the proposal's; months 13-24 its second year's, each
        # rate raised by its escalator, the Scenarios' year 2
        revenue = exit_impact.annual_revenue_by_payer(
            data.fee_schedules, data.volumes, as_of=analysis.as_of, total_visits=total_visits,
            rates=analysis.new_term_rates,
            visits=analysis.visits_by_payer if analysis.data is data else payer_visits(data),
            payer_dates=analysis.new_term_starts, escalators=term_escalators(governing))
    except RateCalcError as exc:
        return (pd.DataFrame(rows), [_warning(layout.EXIT_IMPACT, f"no exit estimates ({exc})")],
                f"no payer's exit estimate could be made: {exc}")
    unpaid_of = dict(zip(revenue["payer"], revenue["unpriced"], strict=True))
    no_medicare_of = dict(zip(revenue["payer"], revenue["no_medicare"], strict=True))
    # said once for the sheet, below
    unpaid: list[tuple[str, list[str], date, list[str]]] = []
    for payer in analysis.priorities["payer"]:
        try:
            params = exit_impact.exit_params_for_payer(
                payer, data.fee_schedules, data.volumes, as_of=analysis.as_of,
                retention=assumptions.retention,
                retained_collection=assumptions.retained_collection,
                backfill=assumptions.backfill, ramp_months=assumptions.ramp_months,
                admin_savings=assumptions.admin_savings, total_visits=total_visits,
                revenue=revenue)
            end, notice, auto = None, s.notice_days, False
            term = timeline.RENEWAL_TERM_MONTHS
            if payer in governing.index:
                contract = governing.loc[payer]
                end = timeline.contract_timeline_end(contract)
                notice = timeline.contract_notice_days(contract, notice)
                auto = timeline.contract_auto_renews(contract)
                term = timeline.contract_renewal_months(contract)
            result = exit_impact.exit_impact(
                params, cost_per_visit=cost, target_margin=s.walk_away_margin,
                end_date=end, notice_days=notice, auto_renew=auto, as_of=analysis.as_of,
                renewal_term_months=term)
        except RateCalcError as exc:
            warnings.append(_warning(layout.EXIT_IMPACT, f"{payer}: no exit estimate ({exc})"))
            failures.append((payer, str(exc)))
            continue
        ended = exit_impact.ended_exit_warning(payer, data.contracts, analysis.as_of,
                                               ended=ended_on)
        if ended:
            warnings.append(_warning(layout.EXIT_IMPACT, ended))
        if unpaid_of.get(payer, ""):
            unpaid.append((payer, unpaid_of[payer].split(", "), analysis.rates_on(payer),
                           [c for c in no_medicare_of.get(payer, "").split(", ") if c]))
        # each year's figures exact from the inputs and rounded once, as exit-impact shows
        # them (exit_impact.shown_revenue)
        shown = exit_impact.shown_revenue(result)
        rows.append({
            "payer": payer, "annual_visits": params.annual_visits,
            # the double its row is priced from where no decimal holds it: EXIT_IMPACT of the
            # row's cells is its Net (written to a micro-cent, a half-cent tie came a cent off)
            "rate_per_visit": exit_impact.held_rate_per_visit(params.annual_visits,
                                                              params.rate_per_visit),
            "rates_on": analysis.rates_on(payer),
            "revenue_at_risk": float(shown.revenue_at_risk),
            "retained_revenue": float(shown.retained_revenue),
            "backfill_revenue": float(shown.backfill_revenue),
            # as the month table adds them up (exit-impact's Net over 12 and 24 months)
            "net_impact_12m": exit_impact.shown_net_impact(result, 12),
            "net_impact_24m": exit_impact.shown_net_impact(result, 24),
            "notice_deadline": result.notice_deadline, "exit_date": result.exit_date,
            # the day a payer already gone ended: its row says why it has no dates
            "contract_ended": ended_on.get(payer),
            "notice_passed": result.notice_passed,
            "walk_away_floor": result.walk_away.floor if result.walk_away else None,
            # the rate and floor as every output shows them, for their cells' decimals
            "walk_away_shown": (exit_impact.walk_away_figures(result.walk_away)
                                if result.walk_away else None),
        })
    if (said := unpaid_codes_notes(unpaid)) is not None:
        warnings.append(_warning(layout.EXIT_IMPACT, said))
    return (pd.DataFrame(rows), warnings,
            every_payer_failed("exit estimate", failures, len(rows)))


def timeline_table(data: ClinicData, analysis: Analysis) -> pd.DataFrame:
    """Every contract's renewal dates, most urgent first."""
    if analysis.timeline is not None and analysis.data is data:
        # the analysis made it from the same contracts, date, settings and dollars at stake
        return analysis.timeline.copy()
    s = data.settings
    stake = analysis.priorities.set_index("payer")["dollars_at_stake"]
    return timeline.renewal_calendar(
        data.contracts, dollars_at_stake=stake, as_of=analysis.as_of,
        lead_months=s.lead_months, follow_up_business_days=s.follow_up_business_days,
        notice_days=s.notice_days, proposals_sent=data.proposals_sent,
        offers_received=data.offers_received)


def compute_results(data: ClinicData, *, now: datetime) -> WorkbookResults:
    """Run the analysis and the what-ifs for the result sheets (the Exit Impact's: the
    workbook's, ``data.exit_assumptions``, else 0)."""
    analysis = analyze(data)
    warnings: list[Problem] = list(analysis.warnings)
    unavailable: dict[str, str] = {}
    parts: dict[str, Any] = {}
    note = ""
    failed: dict[str, str | None] = {}  # a table none of whose payers could be computed -> why
    try:
        (parts["scenarios"], parts["scenario_years"], found, note,
         failed["scenarios"]) = scenario_tables(data, analysis)
        warnings += found
    except RateCalcError as exc:
        unavailable[layout.SCENARIOS] = str(exc)
    try:
        parts["exit_impact"], found, failed["exit_impact"] = exit_table(
            data, analysis, ExitAssumptions.from_mapping(data.exit_assumptions))
        warnings += found
    except RateCalcError as exc:
        unavailable[layout.EXIT_IMPACT] = str(exc)
    try:
        parts["timeline"] = timeline_table(data, analysis)
    except RateCalcError as exc:
        unavailable[layout.TIMELINE] = str(exc)
    for sheet, reason in unavailable.items():
        warnings.append(_warning(sheet, f"not computed: {reason}"))
    return WorkbookResults(analysis=analysis, refreshed_at=now, unavailable=unavailable,
                           empty=empty_tables(analysis, parts, failed),
                           warnings=tuple(warnings),
                           cf_note=note, **parts)


def empty_tables(analysis: Analysis, parts: dict[str, Any],
                 failed: dict[str, str | None] | None = None) -> dict[str, str]:
    """Each result table without a row -> why (:func:`ratecalc.empty_results.empty_reason`, in
    the workbook's words; else, for a table every payer of which failed, ``failed``'s reason:
    the sheet said "no payer has rates and volumes" of a table whose payers had both); a
    table with no reason is left out."""
    empty = empty_reasons(analysis, places=layout.EMPTY_PLACES)
    empty.pop("timeline", None)  # the sheet's table is parts["timeline"]
    for name in ("scenarios", "exit_impact", "timeline"):
        frame = parts.get(name)
        if frame is None or frame.empty:
            reason = (empty_reason(analysis, name, places=layout.EMPTY_PLACES)
                      or (failed or {}).get(name))
            if reason is not None:
                empty[name] = reason
    return empty
