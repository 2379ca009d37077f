"""Presenting an analysis: tables rounded for people (CSV) and a JSON summary for scripts.

This is where rounding happens, by each column's declared unit (:data:`TABLE_UNITS`): money
half-up to cents, fractions read to a millionth then half-up to 4 places (as every output
reads a percentage), a stated percentage with every decimal stated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from ratecalc.analysis import COMPARISON_UNITS, MEDICARE_UNITS, Analysis
from ratecalc.atomic import atomic_write, writing_together
from ratecalc.column_units import ColumnUnitError, Unit, declared_units
from ratecalc.empty_results import empty_reasons
from ratecalc.mean_days import MEAN_DAYS_PLACES
from ratecalc.money import (
    NOISE_PLACES,
    percent_fractions,
    round_cents,
    round_places,
    snapped_fraction,
    stated_fraction,
)
from ratecalc.output_kinds import CALENDAR, CSV, JSON, OutputKind, check_folder
from ratecalc.priorities import PRIORITY_UNITS, pareto_units
from ratecalc.proposal import PROPOSAL_SUMMARY_UNITS, PROPOSAL_UNITS
from ratecalc.rates import CONTRACT_CHECK_UNITS
from ratecalc.timeline import CALENDAR_UNITS, calendar_events

#: Decimals a fraction (a percent of Medicare, a share) is written with: 0.01% [fraction].
CSV_FRACTION_PLACES = 4
#: Decimals of a number that may have a fraction (units a year): as typed, float noise dropped.
NUMBER_PLACES = NOISE_PLACES
#: Decimals of a factor, as CMS states a conversion factor; of an amount in another column's
#: unit, as money.
FACTOR_PLACES = 4
AMOUNT_PLACES = 2


def _whole_where_whole(values: pd.Series, name: str, *, counts: bool) -> pd.Series:
    """Whole numbers where every value is whole, blank where there is none (a contract that
    ended has no notice deadline): never "30.0" because a blank elsewhere made the column
    float. A number (a volume may be 132.5 units) keeps its fraction where it has one; a count
    never has one."""
    if not pd.api.types.is_float_dtype(values):
        return values
    numbers = pd.Series(round_places(values.to_numpy(dtype=float), NUMBER_PLACES),
                        index=values.index)
    whole = (numbers % 1 == 0).to_numpy()
    known = numbers.notna().to_numpy()
    if bool(whole[known].all()):
        return numbers.astype("Int64")
    if counts:
        raise ColumnUnitError(f"column {name!r} (count): a count with a fraction, "
                              f"{numbers[known & ~whole].iloc[0]!r}")
    # each as typed: 132.5 beside 2940, not 2940.0
    typed = [int(v) if w else v for v, w in zip(numbers, whole, strict=True)]
    return pd.Series(typed, index=values.index, dtype=object)


def _stated_series(values: pd.Series) -> pd.Series:
    """A stated percentage [fraction] with every decimal it was stated with
    (:func:`ratecalc.money.stated_fraction`): a 2.5% escalator is 0.025, a 2.755% one 0.02755."""
    return pd.Series([v if pd.isna(v) else float(stated_fraction(v)) for v in values],
                     index=values.index, dtype=float)


def _places(places: int) -> Callable[[pd.Series, str], pd.Series]:
    return lambda values, _name: pd.Series(
        round_places(values.to_numpy(dtype=float), places), index=values.index)


def _percent(values: pd.Series, _name: str) -> pd.Series:
    """A computed fraction to :data:`CSV_FRACTION_PLACES`, read as every output reads a percentage
    (:func:`ratecalc.money.shown_percent`: to a millionth, then half-up): read to eight
    decimals first, as money is, 0.12344951 was 0.1234 beside the sheets' and analyze's
    12.35% of the same figure (0.123450 to a millionth)."""
    return pd.Series(percent_fractions(values.to_numpy(dtype=float), CSV_FRACTION_PLACES),
                     index=values.index, dtype=float)


def _money(values: pd.Series, _name: str) -> pd.Series:
    return pd.Series(round_cents(values.to_numpy(dtype=float)), index=values.index)


#: How a CSV file writes a figure of each unit: the one place a table's column is rounded, by
#: the unit declared beside the code that builds it, never by a guess from its name.
CSV_ROUNDING: dict[Unit, Callable[[pd.Series, str], pd.Series]] = {
    Unit.MONEY: _money,
    Unit.MONEY_CHANGE: _money,
    Unit.PERCENT: _percent,
    Unit.PERCENT_2: _percent,
    Unit.PERCENT_STATED: lambda values, _name: _stated_series(values),
    Unit.COUNT: lambda values, name: _whole_where_whole(values, name, counts=True),
    Unit.NUMBER: lambda values, name: _whole_where_whole(values, name, counts=False),
    Unit.DAYS: _places(MEAN_DAYS_PLACES),
    Unit.FACTOR: _places(FACTOR_PLACES),
    Unit.AMOUNT: _places(AMOUNT_PLACES),
}


def presentable(frame: pd.DataFrame, units: Mapping[str, Unit], table: str = "table"
                ) -> pd.DataFrame:
    """A copy of ``frame`` with each numeric column rounded as its declared unit says: money
    half-up to cents, fractions read to a millionth then half-up to :data:`CSV_FRACTION_PLACES`
    (:func:`ratecalc.money.shown_percent`), a stated percentage with every decimal stated,
    counts (days, ranks) whole and numbers (units) whole where they are.

    Parameters
    ----------
    frame : pandas.DataFrame
        A result table, unrounded.
    units : mapping of str to Unit
        Each column's unit (:data:`TABLE_UNITS`); a column without one is refused
        (:class:`ratecalc.column_units.ColumnUnitError`).
    table : str
        The table's name, for that error.
    """
    declared = declared_units(frame.columns, units, table)
    out = frame.copy()
    for column, unit in declared.items():
        rounding = CSV_ROUNDING.get(unit)
        if rounding is None or not pd.api.types.is_numeric_dtype(out[column]) \
                or pd.api.types.is_bool_dtype(out[column]):
            continue
        if pd.api.types.is_integer_dtype(out[column]) and unit in (Unit.COUNT, Unit.NUMBER):
            continue
        out[column] = rounding(out[column], column)
    return out


#: Each table :func:`result_tables` gives, and the units of its columns, declared beside the
#: code that builds it.
TABLE_UNITS: dict[str, dict[str, Unit]] = {
    "renewal_timeline": CALENDAR_UNITS,
    "contract_check": CONTRACT_CHECK_UNITS,
    "medicare": MEDICARE_UNITS,
    "comparison": COMPARISON_UNITS,
    "priorities": PRIORITY_UNITS,
    "pareto_payers": pareto_units("payer", "units_per_year"),
    "pareto_codes": pareto_units("code", "units_per_year"),
    "proposal": PROPOSAL_UNITS,
    "proposal_summary": PROPOSAL_SUMMARY_UNITS,
}


def result_tables(analysis: Analysis) -> dict[str, pd.DataFrame]:
    timeline = {} if analysis.timeline is None else {"renewal_timeline": analysis.timeline}
    check = ({} if analysis.contract_check is None or analysis.contract_check.empty
             else {"contract_check": analysis.contract_check})
    return {**timeline, **check,
        "medicare": analysis.medicare,
        "comparison": analysis.comparison,
        "priorities": analysis.priorities,
        "pareto_payers": analysis.pareto_payers,
        "pareto_codes": analysis.pareto_codes,
        "proposal": analysis.proposal,
        "proposal_summary": analysis.proposal_summary,
    }


#: The JSON summary beside the tables.
SUMMARY_FILE = "summary.json"


def output_targets(analysis: Analysis, folder: Path, *, with_summary: bool = True
                   ) -> list[tuple[Path, OutputKind]]:
    """Every file :func:`write_results` writes into ``folder``, with its kind."""
    targets = [(folder / f"{name}.csv", CSV) for name in result_tables(analysis)]
    if not analysis.data.contracts.empty:
        targets.append((folder / "renewals.ics", CALENDAR))
    if with_summary:
        targets.append((folder / SUMMARY_FILE, JSON))
    return targets


def write_results(analysis: Analysis, folder: Path) -> list[Path]:
    """The tables, the renewal calendar and ``summary.json`` in ``folder``: every target is
    checked before any is written, and a write failing part-way names the files already
    replaced (:func:`ratecalc.atomic.writing_together`). Returns the paths."""
    check_folder(folder)
    with writing_together(output_targets(analysis, folder)):
        written = _write_tables(analysis, folder)
        write_summary(analysis, folder / SUMMARY_FILE)
    return [*written, folder / SUMMARY_FILE]


def write_tables(analysis: Analysis, folder: Path) -> list[Path]:
    """Write every result table as ``<name>.csv`` in ``folder``, and the renewal calendar as
    ``renewals.ics`` for calendar programs; return the paths. Every target is checked before
    any is written (as :func:`write_results`)."""
    check_folder(folder)
    with writing_together(output_targets(analysis, folder, with_summary=False)):
        return _write_tables(analysis, folder)


def _write_tables(analysis: Analysis, folder: Path) -> list[Path]:
    # imported here: a refresh reads this module for summary() alone
    from ratecalc.cell_text import write_csv
    from ratecalc.ics import write_ics

    written = []
    for name, frame in result_tables(analysis).items():
        path = folder / f"{name}.csv"
        write_csv(presentable(frame, TABLE_UNITS[name], name), path)
        written.append(path)
    if not analysis.data.contracts.empty:
        s = analysis.data.settings
        events = calendar_events(analysis.data.contracts, as_of=analysis.as_of,
                                 lead_months=s.lead_months,
                                 follow_up_business_days=s.follow_up_business_days,
                                 notice_days=s.notice_days,
                                 proposals_sent=analysis.data.proposals_sent)
        path = folder / "renewals.ics"
        write_ics(path, events, name=f"{analysis.data.clinic_name} contract renewals".strip())
        written.append(path)
    return written


def _cents(value: float) -> float | None:
    return None if value is None or np.isnan(value) else float(round_cents(value))


def _fraction(value: float | None) -> float | None:
    """A fraction for the JSON summary as every output reads it before rounding it for
    display (to a millionth, :func:`ratecalc.money.snapped_fraction`), so that its text is
    the same figure's text: rounded here to four places, a share of 0.12345 was 0.1235, which
    ``analyze`` printed "12.4% of volume" beside the Priorities sheet's 12.3%. None where there
    is none (a percentage of $0.00 is NaN, which ``json`` writes as ``NaN``: no JSON reader
    takes it)."""
    return None if value is None or pd.isna(value) else snapped_fraction(float(value))


def _stated(value: float | None) -> float | None:
    """A stated percentage [fraction] for the JSON summary as its words read it
    (:func:`ratecalc.money.stated_fraction`), None where there is none."""
    return None if value is None or pd.isna(value) else float(stated_fraction(value))


def _rows(frame: pd.DataFrame | None, columns: Sequence[str]) -> Iterator[Any]:
    """Each row of ``frame`` with its ``columns``' values by name, the values ``itertuples``
    gives; none for no frame. ``itertuples`` made a named-tuple class a call and read every
    column: a third of the summary's time."""
    if frame is None or frame.empty:
        return
    for values in zip(*(frame[c] for c in columns), strict=True):
        yield SimpleNamespace(**dict(zip(columns, values, strict=True)))


def summary(analysis: Analysis) -> dict[str, Any]:
    """The headline figures, JSON-ready (money in dollars rounded to cents)."""
    data = analysis.data
    pr = analysis.priorities
    ps = analysis.proposal_summary
    comparison = analysis.comparison
    below = comparison[comparison["below_market"]]
    return {
        "clinic": data.clinic_name,
        "as_of": analysis.as_of.isoformat(),
        "locality": data.locality,
        "medicare_date": data.settings.date_of_service.isoformat(),
        # also for a clinic with no codes on file yet: None made the summary line crash
        "medicare_release": analysis.medicare_release,
        "payers": int(comparison["payer"].nunique()),
        "codes": int(comparison["code"].nunique()),
        "annual_revenue": _cents(float((comparison["allowed_amount"].fillna(0)
                                        * comparison["units_per_year"]).sum())),
        "dollars_below_market": _cents(float(
            (below["dollars_at_stake"]).sum())),
        "top_payer": analysis.top_payer,
        # 0 is "no floor" (no cost per visit, or no visits): none, as the Dashboard shows it
        "walk_away_floor_pct_of_medicare": _fraction(analysis.floor_pct_of_medicare or None),
        "pareto_payers": pr.loc[pr["payer"].isin(
            analysis.pareto_payers.loc[analysis.pareto_payers["in_pareto"], "payer"]),
            "payer"].tolist(),
        "priorities": [
            {"rank": int(r.rank), "payer": r.payer, "dollars_at_stake": _cents(r.dollars_at_stake),
             "share_of_volume": _fraction(r.share_of_volume),
             "end_date": (r.end_date.isoformat() if hasattr(r.end_date, "isoformat")
                          and not pd.isna(r.end_date) else None),
             "days_to_renewal": None if pd.isna(r.days_to_renewal) else int(r.days_to_renewal),
             "notice_deadline": (r.notice_deadline.isoformat()
                                 if hasattr(r.notice_deadline, "isoformat")
                                 and not pd.isna(r.notice_deadline) else None),
             "days_to_notice_deadline": (None if pd.isna(r.days_to_notice_deadline)
                                         else int(r.days_to_notice_deadline)),
             "status": None if pd.isna(r.status) else r.status,
             "deadline_note": r.deadline_note if isinstance(r.deadline_note, str) else ""}
            for r in _rows(pr, ("rank", "payer", "dollars_at_stake", "share_of_volume",
                                "end_date", "days_to_renewal", "notice_deadline",
                                "days_to_notice_deadline", "status", "deadline_note"))
        ],
        "timing_notes": [
            {"payer": r.payer, "product": r.product, "note": r.note}
            for r in _rows(analysis.timeline, ("payer", "product", "note"))
            if isinstance(r.note, str) and r.note
        ],
        "contract_check": [
            # the contract's percentage as stated (every decimal, as `analyze` and the letter
            # say it); the share paid, computed, to a millionth
            {"payer": r.payer, "code": r.code, "contract_pct": _stated(r.contract_pct),
             "paid_pct": _fraction(r.paid_pct), "contracted_rate": _cents(r.contracted_rate),
             "paid_rate": _cents(r.paid_rate), "shortfall_a_year": _cents(r.shortfall_a_year)}
            for r in _rows(analysis.contract_check, ("payer", "code", "contract_pct", "paid_pct",
                                                     "contracted_rate", "paid_rate",
                                                     "shortfall_a_year", "underpaid"))
            if r.underpaid
        ],
        "doubtful_rates": [
            {"payer": r.payer, "code": r.code, "rate": _cents(r.rate), "reason": r.reason}
            for r in _rows(analysis.unconfirmed_doubts(), ("payer", "code", "rate", "reason"))
        ],
        "below_medicare": [
            {"payer": r.payer, "code": r.code, "rate_to_ask": _cents(r.requested_rate),
             "medicare_amount": _cents(r.medicare_amount)}
            for r in _rows(analysis.proposal[analysis.proposal["below_medicare"]],
                           ("payer", "code", "requested_rate", "medicare_amount"))
        ],
        "proposal": [
            {"payer": r.payer, "current_revenue": _cents(r.current_revenue),
             "proposed_revenue": _cents(r.proposed_revenue),
             "annual_impact": _cents(r.annual_impact),
             "impact_pct": _fraction(r.impact_pct)}
            for r in _rows(ps, ("payer", "current_revenue", "proposed_revenue", "annual_impact",
                                "impact_pct"))
        ],
        "warnings": [p.message for p in analysis.warnings],
        # why a result table has no rows, and what to enter where (ratecalc.empty_results)
        "empty": empty_reasons(analysis),
    }


def write_summary(analysis: Analysis, path: Path) -> None:
    atomic_write(path, json.dumps(summary(analysis), indent=2) + "\n", kind=JSON)
