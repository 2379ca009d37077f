"""Why a result table has no rows, in plain words, and what to enter where.

A clinic with payers but no fee schedule yet, or no units a year on file, gets result tables with
nothing in them. Every output says why from here, alike: the workbook's result sheets (a note
above each empty table), ``ratecalc refresh``'s lines, ``summary.json`` and the letter.

The reasons name the table to fill in and its columns by their headers as the master workbook
and the table files write them ("Allowed amount", "Units per year"); where the table is entered
(a sheet of the workbook, a file of a folder) is the caller's word (``places``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from ratecalc.analysis import Analysis

#: The result tables a reason can be asked for, and which analysis table each is made of.
RESULTS: tuple[str, ...] = ("comparison", "priorities", "pareto_codes", "proposal",
                            "proposal_summary", "scenarios", "exit_impact", "timeline")

#: Where each input table is entered, as a table of files or sheets names it.
TABLE_PLACES: Mapping[str, str] = {
    "payers": "the Payers table", "contracts": "the Contracts table",
    "fee_schedules": "the Fee Schedules table", "volumes": "the Volumes table",
}

#: Column headers whose words are not their canonical name's.
_HEADERS = {"pct_of_medicare": "% of Medicare"}


def column_words(name: str) -> str:
    """A canonical column name as its header reads: ``allowed_amount`` -> ``Allowed amount``."""
    return _HEADERS.get(name, name.replace("_", " ").capitalize())


def _columns(*names: str) -> str:
    words = [column_words(n) for n in names]
    return ("column " if len(words) == 1 else "columns ") + ", ".join(words)


def _of(frame: pd.DataFrame, payer: str | None) -> pd.DataFrame:
    if payer is None or frame.empty or "payer" not in frame.columns:
        return frame
    return frame[frame["payer"].astype(str).str.casefold() == payer.casefold()]


def _not_in_force(fees: pd.DataFrame, as_of: date, where: str) -> str:
    """Why the rows of a fee schedule (on ``where``) are no rate: none takes effect by
    ``as_of``."""
    dates = [d for d in fees["effective_date"] if isinstance(d, date)]
    earliest = f" (the earliest is {min(dates).isoformat()})" if dates else ""
    rows = "the row" if len(fees) == 1 else f"the {len(fees)} rows"
    return (f"none of {rows} on {where} takes effect by the analysis date "
            f"{as_of.isoformat()}{earliest}")


def empty_reason(analysis: Analysis, result: str, *, payer: str | None = None,
                 places: Mapping[str, str] = TABLE_PLACES) -> str | None:
    """Why ``result`` (one of :data:`RESULTS`) has no rows, and what to enter where.

    Parameters
    ----------
    analysis : Analysis
    result : str
        The result table asked about; ask only when it is empty.
    payer : str, optional
        Ask about this payer's rows only (a letter's proposal).
    places : mapping
        Input table name (``payers``, ``contracts``, ``fee_schedules``, ``volumes``) -> where
        the user enters it, as a phrase ("the Fee Schedules sheet").

    Returns
    -------
    str or None
        One or two sentences, starting in lower case (callers lead in with "empty because"):
        what is missing, then what to enter where, naming the table and its columns. None when
        the tables hold what ``result`` is made of (the rows are missing for another reason the
        caller knows, such as a calculation that failed).

    Examples
    --------
    >>> from dataclasses import replace
    >>> from ratecalc.demo import demo_data
    >>> from ratecalc.analysis import analyze
    >>> data = demo_data()
    >>> empty = replace(data, fee_schedules=data.fee_schedules.iloc[0:0],
    ...                 volumes=data.volumes.iloc[0:0])
    >>> empty_reason(analyze(empty), "comparison").split(":")[0]
    '6 payers are listed, but the Fee Schedules table and the Volumes table have no rows yet'
    """
    if result not in RESULTS:
        raise ValueError(f"result must be one of {', '.join(RESULTS)}, got {result!r}")
    data, as_of = analysis.data, analysis.as_of
    fee, vol = places["fee_schedules"], places["volumes"]
    fees, volumes = _of(data.fee_schedules, payer), _of(data.volumes, payer)
    who = f" for {payer}" if payer else ""
    enter_fees = (f"enter each payer's rate per code on {fee} ({_columns('payer', 'code')}, "
                  f"{column_words('allowed_amount')}, {column_words('effective_date')} on or "
                  f"before {as_of.isoformat()})")
    enter_volumes = (f"the units billed a year on {vol} "
                     f"({_columns('payer', 'code', 'units_per_year')})")
    if result == "timeline":
        if not _of(data.contracts, payer).empty:
            return None
        return (f"no contract is entered{who} on {places['contracts']}: enter each payer's "
                f"contract there ({_columns('payer', 'product', 'end_date', 'notice_days')}), "
                f"then refresh")
    comparison = _of(analysis.comparison, payer)
    if comparison.empty:
        listed = set(_of(data.payers, payer).get("payer", pd.Series(dtype=object))) | set(
            _of(data.contracts, payer).get("payer", pd.Series(dtype=object)))
        if fees.empty and volumes.empty:
            if payer:
                lead = f"{fee} and {vol} have no rows for {payer}"
            elif not listed:
                return (f"no payer is entered yet: enter each payer on {places['payers']} "
                        f"({_columns('payer')}); then {enter_fees} and {enter_volumes}, "
                        f"then refresh")
            else:
                n = len(listed)
                lead = (f"{n} payer{' is' if n == 1 else 's are'} listed, but {fee} and {vol} "
                        f"have no rows yet")
            return f"{lead}: {enter_fees} and {enter_volumes}, then refresh"
        if volumes.empty and not fees.empty:
            return (f"{_not_in_force(fees, as_of, fee + who)}, and {vol} has no rows"
                    f"{who}: {enter_fees} or {enter_volumes}, then refresh")
        return None
    if result in ("comparison", "priorities", "pareto_codes"):
        return None
    # the proposal asks an increase on a rate, and the scenarios and exit estimates are rate x
    # units: without a rate in force, none
    if comparison["allowed_amount"].isna().all():
        nobody = f"{payer} has no" if payer else "no payer has a"
        # the scenarios and exit estimates start from today's revenue; the proposal from the
        # rate in force when the new term begins, so it may have rows where they have none
        lacks = (f"{nobody} current rate to ask an increase on" if result.startswith("proposal")
                 else f"{nobody} rate in force on the analysis date to project from")
        if fees.empty:
            lead = f"{fee} has no rows{who}, so {lacks}"
        else:
            lead = f"{_not_in_force(fees, as_of, fee + who)}, so {lacks}"
        return (f"{lead}: {enter_fees}, or, for a contract paid as a percent of Medicare, its "
                f"basis and percent on {places['contracts']} "
                f"({_columns('rate_basis', 'pct_of_medicare')}), then refresh")
    if result in ("scenarios", "exit_impact"):
        if float(comparison["units_per_year"].sum()) > 0:
            return None
        what = "has no rows" if volumes.empty else "has no units a year"
        figure = ("no revenue to project over the years" if result == "scenarios"
                  else "no revenue that leaving a payer would lose")
        return (f"{vol} {what}{who}, so there is {figure}: enter {enter_volumes}, then "
                f"refresh")
    return None


def empty_reasons(analysis: Analysis, places: Mapping[str, str] = TABLE_PLACES
                  ) -> dict[str, str]:
    """Each of the analysis's own result tables (all of :data:`RESULTS` but the scenarios and
    exit estimates, made by their callers) with no rows -> :func:`empty_reason`'s reason; a
    table with rows, or none the tables explain, is left out."""
    frames = {"comparison": analysis.comparison, "priorities": analysis.priorities,
              "pareto_codes": analysis.pareto_codes, "proposal": analysis.proposal,
              "proposal_summary": analysis.proposal_summary, "timeline": analysis.timeline}
    found = {}
    for name, frame in frames.items():
        if frame is None or frame.empty:
            reason = empty_reason(analysis, name, places=places)
            if reason is not None:
                found[name] = reason
    return found
