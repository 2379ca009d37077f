"""Presenting an analysis: tables rounded for people (CSV) and a JSON summary for scripts.

This is where rounding happens, by each column's declared unit (:data:`TABLE_UNITS`): money
half-up to cents, fractions read to a millionth (as every output reads a percentage before it
rounds it once to the decimals it shows), a stated percentage with every decimal stated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from ratecalc import gap
from ratecalc.analysis import COMPARISON_UNITS, MEDICARE_UNITS, Analysis
from ratecalc.atomic import atomic_write, writing_together
from ratecalc.column_units import Unit
from ratecalc.empty_results import empty_reasons
from ratecalc.errors import Location, Problem
from ratecalc.money import round_cents, snapped_fraction, stated_fraction
from ratecalc.output_kinds import CALENDAR, CSV, JSON, OutputKind, check_folder
from ratecalc.priorities import PRIORITY_UNITS, pareto_units, total_market_caveat
from ratecalc.proposal import PROPOSAL_SUMMARY_UNITS, PROPOSAL_UNITS
from ratecalc.rates import CONTRACT_CHECK_UNITS
from ratecalc.revenue import billed_revenue
from ratecalc.table_rounding import (  # noqa: F401  (the rule's names, as report gave them)
    CSV_FRACTION_PLACES,
    CSV_ROUNDING,
    csv_table,
    presentable,
)
from ratecalc.timeline import CALENDAR_UNITS, calendar_events, contract_auto_renews

#: Each table :func:`result_tables` gives, and the units of its columns, declared beside the
#: code that builds it.
#: The column of each CSV file showing Medicare amounts that names which ones
#: (:mod:`ratecalc.medicare_label`): a column, not a comment row a CSV reader would take for
#: a row of figures.
MEDICARE_LABEL_COLUMN = "medicare_label"
_LABELLED = {MEDICARE_LABEL_COLUMN: Unit.TEXT}

TABLE_UNITS: dict[str, dict[str, Unit]] = {
    "renewal_timeline": CALENDAR_UNITS,
    "contract_check": {**CONTRACT_CHECK_UNITS, **_LABELLED},
    "medicare": {**MEDICARE_UNITS, **_LABELLED},
    "comparison": {**COMPARISON_UNITS, **_LABELLED},
    "priorities": PRIORITY_UNITS,
    "pareto_payers": pareto_units("payer", "units_per_year"),
    "pareto_codes": pareto_units("code", "units_per_year"),
    "proposal": {**PROPOSAL_UNITS, **_LABELLED},
    "proposal_summary": PROPOSAL_SUMMARY_UNITS,
}


def result_tables(analysis: Analysis) -> dict[str, pd.DataFrame]:
    timeline = {} if analysis.timeline is None else {"renewal_timeline": analysis.timeline}
    check = ({} if analysis.contract_check is None or analysis.contract_check.empty
             else {"contract_check": analysis.contract_check})
    tables = {**timeline, **check,
        "medicare": analysis.medicare,
        "comparison": analysis.comparison,
        "priorities": analysis.priorities,
        "pareto_payers": analysis.pareto_payers,
        "pareto_codes": analysis.pareto_codes,
        "proposal": analysis.proposal,
        "proposal_summary": analysis.proposal_summary,
    }
    return {name: labelled(analysis, name, frame) for name, frame in tables.items()}


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


def write_results(analysis: Analysis, folder: Path,
                  read_warnings: Sequence[Problem] = ()) -> list[Path]:
    """The tables, the renewal calendar and ``summary.json`` in ``folder``: every target is
    checked before any is written, and a write failing part-way names the files already
    replaced (:func:`ratecalc.atomic.writing_together`). Returns the paths.
    ``read_warnings``: those of reading the tables, for :func:`summary`."""
    check_folder(folder)
    with writing_together(output_targets(analysis, folder)):
        written = _write_tables(analysis, folder)
        write_summary(analysis, folder / SUMMARY_FILE, read_warnings)
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
        write_csv(csv_table(frame, TABLE_UNITS[name], name), path)
        written.append(path)
    if not analysis.data.contracts.empty:
        s = analysis.data.settings
        events = calendar_events(analysis.data.contracts, as_of=analysis.as_of,
                                 lead_months=s.lead_months,
                                 follow_up_business_days=s.follow_up_business_days,
                                 notice_days=s.notice_days,
                                 proposals_sent=analysis.data.proposals_sent,
                                 offers_received=analysis.data.offers_received)
        path = folder / "renewals.ics"
        write_ics(path, events, name=f"{analysis.data.clinic_name} contract renewals".strip())
        written.append(path)
    return written


def labelled(analysis: Analysis, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``, the result table ``name``, with :data:`MEDICARE_LABEL_COLUMN` where it shows
    Medicare amounts: the analysis' Medicare (:attr:`Analysis.medicare_label`), and for the
    proposal each row's own day's (:meth:`Analysis.proposal_medicare_label`: a payer's new
    term a later release covers is priced on that day)."""
    if MEDICARE_LABEL_COLUMN not in TABLE_UNITS[name]:
        return frame
    if name != "proposal" or frame.empty or "medicare_date" not in frame.columns:
        return _caveat_last(frame.assign(**{MEDICARE_LABEL_COLUMN: str(analysis.medicare_label)}))
    days = frame["medicare_date"].astype(object).where(frame["medicare_date"].notna(), None)
    labels = pd.Series("", index=frame.index, dtype=object)
    for _, rows in frame.groupby(days.map(str), sort=False):  # a label per day, not per row
        labels[rows.index] = str(analysis.proposal_medicare_label(rows))
    return frame.assign(**{MEDICARE_LABEL_COLUMN: labels})


def _caveat_last(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``market_caveat`` (where it has one) the last column, after the
    Medicare label: added later, it moves no column a reader of the file finds by place."""
    if "market_caveat" not in frame.columns:
        return frame
    return frame[[c for c in frame.columns if c != "market_caveat"] + ["market_caveat"]]


def _cents(value: float) -> float | None:
    return None if value is None or np.isnan(value) else float(round_cents(value))


def _place(where: Location | None) -> dict[str, Any]:
    """A cell's file, sheet, row and column (RateCalc's name) for the JSON summary, as a
    problem's (:meth:`ratecalc.errors.Problem.as_dict`), each None where it is not known, and
    ``where``, the place in the words a message names it (empty where none)."""
    where = where or Location()
    return {"file": where.file, "sheet": where.sheet, "row": where.row, "column": where.column,
            "where": str(where)}


def _iso(value: object) -> str | None:
    """A day of a result table in ISO form for the JSON summary; None where there is none."""
    return value.isoformat() if isinstance(value, date) else None


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


def summary(analysis: Analysis, read_warnings: Sequence[Problem] = ()) -> dict[str, Any]:
    """The headline figures, JSON-ready (money in dollars rounded to cents).

    ``warnings`` lists ``read_warnings`` (those of reading the tables: a quoted cell that
    swallowed a row, the sheet chosen of a workbook) before the analysis' own, as a master
    workbook's Problems sheet lists both."""
    data = analysis.data
    pr = analysis.priorities
    ps = analysis.proposal_summary
    comparison = analysis.comparison
    below = comparison[comparison["below_market"]]
    governing = analysis.governing
    auto_renew = {str(payer): contract_auto_renews(row) for payer, row in governing.iterrows()}
    return {
        "clinic": data.clinic_name,
        "as_of": analysis.as_of.isoformat(),
        "locality": data.locality,
        "medicare_date": data.settings.date_of_service.isoformat(),
        # the locality's name and the release beside its id: which Medicare the figures are of
        "medicare_label": str(analysis.medicare_label),
        # also for a clinic with no codes on file yet: None made the summary line crash
        "medicare_release": analysis.medicare_release,
        "payers": int(comparison["payer"].nunique()),
        "codes": int(comparison["code"].nunique()),
        # a billed code without a rate counts $0 (revenue.billed_revenue), as on Priorities
        "annual_revenue": _cents(float(billed_revenue(comparison)["annual_revenue"].sum())),
        # not known (None) when no code has a market benchmark: $0.00 read as "paid at market"
        "dollars_below_market": None if gap.total_not_known(comparison) else _cents(
            float((below["dollars_at_stake"]).sum())),
        # why that figure, or some payers' (gap.market_not_known), is not known (else None)
        "market_note": gap.market_note(comparison),
        # which billed codes' market figures, that figure is built on, are a facility's or
        # expired prices ("" where none: priorities.total_market_caveat)
        "market_caveat": total_market_caveat(comparison),
        "top_payer": analysis.top_payer,
        # 0 is "no floor" (no cost per visit, or no visits): none, as the Dashboard shows it
        "walk_away_floor_pct_of_medicare": _fraction(analysis.floor_pct_of_medicare or None),
        "pareto_payers": pr.loc[pr["payer"].isin(
            analysis.pareto_payers.loc[analysis.pareto_payers["in_pareto"], "payer"]),
            "payer"].tolist(),
        "priorities": [
            # no rank (None) for a contract that ended or not in force yet: no payer to
            # negotiate with now
            {"rank": None if pd.isna(r.rank) else int(r.rank), "payer": r.payer,
             "dollars_at_stake": _cents(r.dollars_at_stake),
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
             "deadline_note": r.deadline_note if isinstance(r.deadline_note, str) else "",
             # once this term's deadline has passed on an auto-renewing contract, the renewed
             # term's, the one the note names (timeline.next_term_deadline); else None
             "next_term_end": _iso(r.next_term_end),
             "next_notice_deadline": _iso(r.next_notice_deadline),
             "notice_days": None if pd.isna(r.notice_days) else int(r.notice_days),
             # whether the governing contract renews by itself (None: no contract on file), so
             # its term's end is said as the timeline says it (timeline.term_end_event)
             "auto_renew": auto_renew.get(r.payer),
             # which billed codes' market figures, that dollars_at_stake is built on, are a
             # facility's or expired prices ("" where none: priorities.payer_market_caveats)
             "market_caveat": r.market_caveat}
            for r in _rows(pr, ("rank", "payer", "dollars_at_stake", "share_of_volume",
                                "end_date", "days_to_renewal", "notice_deadline",
                                "days_to_notice_deadline", "status", "deadline_note",
                                "next_term_end", "next_notice_deadline", "notice_days",
                                "market_caveat"))
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
            {"payer": r.payer, "code": r.code, "rate": _cents(r.rate), "reason": r.reason,
             # the Fee Schedules row to look at, as a problem's place is given
             **_place(analysis.doubt_place(r))}
            for r in _rows(analysis.unconfirmed_doubts(),
                           ("payer", "code", "rate", "reason", "fee_row"))
        ],
        # each with the Medicare amounts it is weighed against named, as the proposal.csv row
        # names them: "Medicare $241.60" alone, on a Medicare date set back a year, named none
        "below_medicare": [
            {"payer": r.payer, "code": r.code, "rate_to_ask": _cents(r.requested_rate),
             "medicare_amount": _cents(r.medicare_amount), "medicare_label": r.medicare_label}
            for r in _rows(labelled(analysis, "proposal",
                                    analysis.proposal[analysis.proposal["below_medicare"]]),
                           ("payer", "code", "requested_rate", "medicare_amount",
                            MEDICARE_LABEL_COLUMN))
        ],
        "proposal": [
            {"payer": r.payer, "new_term_revenue": _cents(r.new_term_revenue),
             "proposed_revenue": _cents(r.proposed_revenue),
             "annual_impact": _cents(r.annual_impact),
             "impact_pct": _fraction(r.impact_pct)}
            for r in _rows(ps, ("payer", "new_term_revenue", "proposed_revenue", "annual_impact",
                                "impact_pct"))
        ],
        "warnings": [p.message for p in (*read_warnings, *analysis.warnings)],
        # why a result table has no rows, and what to enter where (ratecalc.empty_results)
        "empty": empty_reasons(analysis),
    }


def write_summary(analysis: Analysis, path: Path, read_warnings: Sequence[Problem] = ()
                  ) -> None:
    atomic_write(path, json.dumps(summary(analysis, read_warnings), indent=2) + "\n",
                 kind=JSON)
