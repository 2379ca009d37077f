"""The rate in force per payer and code, the contract check, and each payer's visits.

One function per rule, used by every output (comparison, proposal, scenarios, exit impact, visit
pricing, letter):

- :func:`payer_contracts`: the contract in force that governs each payer on a date (one not
  started yet governs nothing).
- :func:`schedule_rates`: the rate a payer's own fee schedule sets per code on a date, raised by
  its fixed contract's escalator on each anniversary since (:func:`escalated_schedule`), in
  cents each year (:func:`escalated_rates`, which the scenarios' later years use too).
- :func:`new_term_starts`: the day each payer's new term begins, on which the proposal, the
  scenarios' year 1 and the exit estimates take its rates in force (a rate the payer agreed for
  a day before then is built on).
- :func:`rates_in_force`: a fixed-dollar contract pays its fee schedule; a percent-of-Medicare
  contract pays its percentage x the Medicare amount for the code, locality and date (rounded
  half-up to cents), whether or not its fee schedule is on file.
- :func:`contract_check`: where a percent-of-Medicare payer's own schedule is on file too, what
  it pays against what the contract says, per code and in dollars a year.
- :func:`payer_visits`: a payer's visits a year.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Underflow,
    localcontext,
)
from fractions import Fraction
from itertools import groupby
from operator import mul

import numpy as np
import numpy.typing as npt
import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.dataset import ClinicData
from ratecalc.dates import date_from_value
from ratecalc.modifiers import PRICING_MODIFIERS
from ratecalc.money import (
    NEAR_LINE,
    exact_amount,
    half_up,
    money_text,
    percent_beside_line,
    round_cents,
    stated_percent_text,
    typed_decimal,
)
from ratecalc.ranking import name_order
from ratecalc.rate_basis import (
    NO_MEDICARE_SOURCE,
    NO_RATE_SOURCE,
    escalated_source,
    is_escalated_source,
    schedule_source,
)
from ratecalc.records import as_records
from ratecalc.timeline import (
    contract_not_started,
    contract_renewal_months,
    current_term_end,
    ended_note,
    months_after,
    next_term_start,
    not_started_asks_note,
    not_started_note,
)
from ratecalc.validation import text_or_blank

#: A schedule paying less than the contract by under half a cent per unit is rounding, not
#: underpayment.
CONTRACT_TOLERANCE = 0.005


def payer_contracts(contracts: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The contract whose terms govern each payer on ``as_of``: of those running, the one whose
    current term ends first (the first listed of those ending the same day); when none is
    running, the one that ended last. A payer with several products has several rows on the
    Contracts sheet; its rate basis, percentage, escalator, payment rules, end date and notice
    all come from this one row in every output.

    A contract whose ``effective_date`` is after ``as_of`` is not in force yet
    (:func:`ratecalc.timeline.contract_not_started`, the rule fee-schedule rows follow): it
    governs nothing, so a successor contract signed for later leaves the one in force
    governing, and a payer whose only contracts start later has no row here (no contract in
    force: :func:`contracts_not_started` lists them for the warnings).

    The current term is :func:`ratecalc.timeline.current_term_end`'s: an auto-renewing
    contract whose written end date has passed counts the end of the term it rolled into. A
    contract that ended without auto-renewal has none: it governs only when every contract of
    the payer has ended, and every output then shows it as ended.

    Returns
    -------
    pandas.DataFrame
        The chosen CONTRACTS rows, indexed by payer, in order of first appearance, plus
        ``term_end`` (the current term's end date; None for a contract that ended, or without
        a date).
    """
    if contracts.empty:
        governing = contracts.set_index("payer") if "payer" in contracts.columns else contracts
        return governing.assign(term_end=pd.Series(dtype=object))
    as_of = as_of.date() if isinstance(as_of, datetime) else as_of
    # the columns read, not the rows as dicts: a refresh asks this a dozen times
    missing = [None] * len(contracts)
    payers = contracts["payer"].tolist()
    ends = contracts["end_date"].tolist() if "end_date" in contracts.columns else missing
    autos = contracts["auto_renew"].tolist() if "auto_renew" in contracts.columns else missing
    starts = (contracts["effective_date"].tolist() if "effective_date" in contracts.columns
              else missing)
    # each contract's own renewal term: a 36-month term rolled by 12 months ended a year early
    terms = (contracts["renewal_months"].tolist() if "renewal_months" in contracts.columns
             else missing)
    started = [contract_not_started({"effective_date": start}, as_of) is None
               for start in starts]
    term_ends: list[date | None] = []
    order: list[tuple[int, int]] = []  # running first, by term end; then ended, latest first
    for end, auto, months in zip(ends, autos, terms, strict=True):
        end = end.date() if isinstance(end, datetime) else end
        if not isinstance(end, date):
            term_ends.append(None)
            order.append((0, 0))
            continue
        term_end = current_term_end(end, bool(auto) and not pd.isna(auto), as_of,
                                    contract_renewal_months({"renewal_months": months}))
        term_ends.append(term_end)
        order.append((0, term_end.toordinal()) if term_end else (1, -end.toordinal()))

    chosen: dict[object, int] = {}  # payer -> row, in order of first appearance
    for row, payer in enumerate(payers):
        if started[row] and (payer not in chosen or order[row] < order[chosen[payer]]):
            chosen[payer] = row
    rows = list(chosen.values())
    return contracts.iloc[rows].assign(term_end=[term_ends[r] for r in rows]).set_index("payer")


#: Why a payer :func:`new_term_starts` lists no day for has its rates read on the analysis date,
#: as every output says it: its contract may be on file, ended without renewal (exit-impact and
#: the warning of rates dated ahead said "no contract term on file" beside the contract's row).
NO_TERM_TO_RENEW = "no contract term on file to renew"


def new_term_starts(contracts: pd.DataFrame, as_of: date, *,
                    governing: pd.DataFrame | None = None) -> dict[str, date]:
    """The day each payer's new term begins, when the rates a proposal asks would take effect:
    the day after the current term of its governing contract (:func:`payer_contracts`) ends
    (:func:`ratecalc.timeline.next_term_start`, the day every output says the contract renews
    on). A payer without a current term (no contract in force, one without an end date, or one
    that ended without renewing) is not listed: its proposal takes the rates in force on the
    analysis date.

    ``governing``: :func:`payer_contracts` of ``contracts`` on ``as_of``, when the caller has
    it already (the analysis finds it once for all its rules).

    Returns
    -------
    dict
        Payer -> date, always after ``as_of``.

    Examples
    --------
    >>> contracts = pd.DataFrame({"payer": ["A"], "end_date": [date(2027, 3, 31)],
    ...                           "auto_renew": [True]})
    >>> new_term_starts(contracts, date(2026, 12, 4))
    {'A': datetime.date(2027, 4, 1)}
    """
    if governing is None:
        governing = payer_contracts(contracts, as_of)
    if "term_end" not in governing.columns:
        return {}
    return {str(payer): start for payer, end in governing["term_end"].items()
            if (start := new_term_start({"term_end": end})) is not None}


def ended_contracts(contracts: pd.DataFrame, as_of: date, *,
                    governing: pd.DataFrame | None = None) -> dict[str, date]:
    """The payers whose governing contract (:func:`payer_contracts`) ended without renewal
    before ``as_of``, and the day it ended: the one rule for a contract with no renewal to
    negotiate. Their proposal asks nothing (:func:`ratecalc.proposal.withhold_asks`), so the
    Proposal, Totals, Priorities and Dashboard, ``analyze`` and the letter (which refuses to
    write to them) agree, each saying why (:func:`ratecalc.timeline.ended_note`).
    ``governing``: :func:`payer_contracts` of ``contracts`` on ``as_of``, when the caller has
    it already.

    Examples
    --------
    >>> contracts = pd.DataFrame({"payer": ["A", "B"],
    ...                           "end_date": [date(2027, 6, 30), date(2027, 6, 30)],
    ...                           "auto_renew": [False, True]})
    >>> ended_contracts(contracts, date(2027, 12, 31))
    {'A': datetime.date(2027, 6, 30)}
    """
    if governing is None:
        governing = payer_contracts(contracts, as_of)
    if governing.empty or "end_date" not in governing.columns:
        return {}
    out = {}
    for payer, end, term in zip(governing.index, governing["end_date"], governing["term_end"],
                                strict=True):
        if isinstance(end, date) and not pd.isna(end) and not isinstance(term, date):
            out[str(payer)] = end.date() if isinstance(end, datetime) else end
    return out


def new_term_start(contract: Mapping[str, object] | pd.Series | None) -> date | None:
    """The day the new term of one governing contract (a row of :func:`payer_contracts`'
    table, with its ``term_end``) begins: the day after its current term ends. None without
    a current term (no contract, none in force, no end date, or one ended without renewing):
    the analysis date's rates are then the ones built on.

    The one rule :func:`new_term_starts` applies to every payer, for a caller that holds one
    payer's contract (its scenario).

    Examples
    --------
    >>> new_term_start({"term_end": date(2027, 3, 31)})
    datetime.date(2027, 4, 1)
    >>> new_term_start(None) is None
    True
    """
    end = None if contract is None else contract.get("term_end")
    return next_term_start(end) if isinstance(end, date) else None


def contracts_not_started(contracts: pd.DataFrame, as_of: date, *,
                          governing: pd.DataFrame | None = None) -> pd.DataFrame:
    """The CONTRACTS rows not in force yet on ``as_of`` (starting after it,
    :func:`ratecalc.timeline.contract_not_started`), with the contract that governs the payer
    meanwhile (:func:`payer_contracts`; ``governing``, its table on ``as_of``, when the caller
    has it already).

    Returns
    -------
    pandas.DataFrame
        ``payer, product, contract_id, effective_date`` (the row's) and ``in_force`` (the
        governing contract named as :func:`contract_name` names it; "" when the payer has no
        contract in force: none started, or the one that governs ended without renewal,
        :func:`ended_contracts`), in the table's order.
    """
    columns = ["payer", "product", "contract_id", "effective_date", "in_force"]
    if contracts.empty or "effective_date" not in contracts.columns:
        return pd.DataFrame(columns=columns)
    if governing is None:
        governing = payer_contracts(contracts, as_of)
    # a contract that ended without renewal is in force no more: named as the one that
    # "governs until then", it stood beside the Priorities' "contract ended" for the payer
    ended = ended_contracts(contracts, as_of, governing=governing)
    rows = []
    for contract in as_records(contracts):
        start = contract_not_started(contract, as_of)
        if start is None:
            continue
        payer = contract["payer"]
        rows.append({"payer": payer, "product": text_or_blank(contract.get("product")),
                     "contract_id": text_or_blank(contract.get("contract_id")),
                     "effective_date": start,
                     "in_force": (contract_name(governing.loc[payer])
                                  if payer in governing.index and str(payer) not in ended
                                  else "")})
    return pd.DataFrame(rows, columns=columns)


def payers_not_started(contracts: pd.DataFrame, as_of: date, *,
                       governing: pd.DataFrame | None = None,
                       later: pd.DataFrame | None = None) -> dict[str, date]:
    """The payers with no contract in force on ``as_of`` (none started, or the one that
    governs ended without renewal, :func:`ended_contracts`) and a contract on file starting
    after it (:func:`contracts_not_started`), and the day the first of those starts: the one
    rule for a payer not under contract yet (an ended payer among them stays ended, its
    contract's status and rank an ended one's). It has no term to renew, so its proposal takes
    the rates in force on the analysis date, and no letter is written to it; every output
    says why in the Timeline's words (:func:`no_term_words`), and the Priorities list it
    after every payer with a contract in force, unranked (:func:`ratecalc.ranking.
    priority_order`), so that "Negotiate first" never names a payer no letter is written to.
    ``governing``: :func:`payer_contracts` of ``contracts`` on ``as_of``, when the caller has
    it already; ``later``: :func:`contracts_not_started` of them on ``as_of``, likewise.

    Examples
    --------
    >>> contracts = pd.DataFrame({"payer": ["A", "A", "B"],
    ...     "effective_date": [date(2027, 3, 1), date(2027, 1, 1), date(2026, 1, 1)],
    ...     "end_date": [date(2028, 2, 29), date(2027, 12, 31), date(2026, 12, 31)]})
    >>> payers_not_started(contracts, date(2026, 12, 7))
    {'A': datetime.date(2027, 1, 1)}
    """
    if later is None:
        later = contracts_not_started(contracts, as_of, governing=governing)
    later = later[later["in_force"] == ""].sort_values("effective_date", kind="stable")
    return {str(payer): start for payer, start in
            later.drop_duplicates("payer")[["payer", "effective_date"]].itertuples(index=False)}


def payers_asked_nothing(contracts: pd.DataFrame, as_of: date, *,
                         governing: pd.DataFrame | None = None,
                         not_started: Mapping[str, date] | None = None) -> dict[str, str]:
    """The payers the proposal asks no rate of, and why, in the words every output says it:
    one whose governing contract ended without renewal (:func:`ended_contracts`; its
    successor's start named, :func:`ratecalc.timeline.ended_note`) and one with no contract
    in force yet (:func:`payers_not_started`, :func:`ratecalc.timeline.
    not_started_asks_note`). Neither has a term to renew and no letter is written to either,
    so the Proposal, Totals, Dashboard, ``analyze`` and the letters agree
    (:func:`ratecalc.proposal.withhold_asks`). ``governing`` as :func:`payer_contracts`;
    ``not_started``: :func:`payers_not_started` of them, when the caller has it already.

    >>> contracts = pd.DataFrame({"payer": ["A", "B", "B"],
    ...     "effective_date": [date(2027, 1, 1), date(2025, 1, 1), date(2027, 3, 1)],
    ...     "end_date": [date(2027, 12, 31), date(2026, 6, 30), date(2028, 2, 29)]})
    >>> sorted(payers_asked_nothing(contracts, date(2026, 12, 8)))
    ['A', 'B']
    """
    if governing is None:
        governing = payer_contracts(contracts, as_of)
    later = (payers_not_started(contracts, as_of, governing=governing) if not_started is None
             else not_started)
    ended = ended_contracts(contracts, as_of, governing=governing)
    # an ended payer with a successor stays ended (payers_not_started): its note names both
    return {**{payer: not_started_asks_note(start, as_of) for payer, start in later.items()
               if payer not in ended},
            **{payer: ended_note(end, as_of, later.get(payer))
               for payer, end in ended.items()}}


def no_term_words(payer: str, as_of: date, not_started: Mapping[str, date]) -> str:
    """Why a payer :func:`new_term_starts` lists no day for has its rates read on the analysis
    date, as every output says it: a payer not under contract yet (``not_started``,
    :func:`payers_not_started`) in the Timeline's words (:func:`ratecalc.timeline.
    not_started_note`, its first contract's start named), any other :data:`NO_TERM_TO_RENEW`.

    >>> no_term_words("A", date(2026, 12, 7), {"A": date(2027, 1, 1)})
    'its contract starts 2027-01-01, after the analysis date 2026-12-07: not in force yet'
    >>> no_term_words("B", date(2026, 12, 7), {"A": date(2027, 1, 1)})
    'no contract term on file to renew'
    """
    start = not_started.get(str(payer))
    # "its contract": the note alone read "the analysis date D: starts D2, ..." with no subject
    return NO_TERM_TO_RENEW if start is None else f"its contract {not_started_note(start, as_of)}"


def contract_name(contract: Mapping[str, object] | pd.Series) -> str:
    """A CONTRACTS row named for a warning: ``HH-1 (PPO)``, ``HH-1``, ``the PPO contract``."""
    cid = text_or_blank(contract.get("contract_id"))
    product = text_or_blank(contract.get("product"))
    if cid:
        return f"{cid} ({product})" if product else cid
    return f"the {product} contract" if product else "the contract"


def contract_percent(contract: pd.Series) -> float | None:
    """The contracted fraction of Medicare of one CONTRACTS row, None unless its
    ``rate_basis`` is ``pct_of_medicare`` with a percentage."""
    pct = contract.get("pct_of_medicare")
    if contract.get("rate_basis") == "pct_of_medicare" and pct is not None and not pd.isna(pct):
        return float(pct)
    return None


def contract_percentages(governing: pd.DataFrame) -> dict[str, float]:
    """Payer -> contracted fraction of Medicare, for payers whose governing contract (a row of
    :func:`payer_contracts`' table) is ``pct_of_medicare`` with a percentage."""
    found = {str(payer): contract_percent(contract) for payer, contract in governing.iterrows()}
    return {payer: pct for payer, pct in found.items() if pct is not None}


#: :func:`schedule_rates`' columns before an escalator adds its own
_SCHEDULE_COLUMNS = ["payer", "code", "schedule_rate", "modifier", "effective_date", "confirmed",
                     "fee_row"]


def schedule_rates(fee_schedules: pd.DataFrame, as_of: date, *,
                   payer_dates: Mapping[str, date] | None = None,
                   contracts: pd.DataFrame | None = None,
                   governing: pd.DataFrame | None = None,
                   prepared: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each payer's fee-schedule rate per code in force on ``as_of``: the one rule for the rate a
    payer's own schedule sets, used by every output.

    A row counts from its ``effective_date`` on, unless its modifier prices the service
    differently (``ratecalc.modifiers.PRICING_MODIFIERS``: CQ/CO assistant rates, 26/TC
    components, ...). Per payer and code the latest such row wins, so a newer row with a
    discipline modifier (GP/GO/GN) replaces an older plain row; on the same date a plain row beats
    one with a modifier, then the row listed first wins.

    Parameters
    ----------
    fee_schedules : pandas.DataFrame
        Canonical FEE_SCHEDULES rows (``payer, code, allowed_amount, effective_date``, optional
        ``modifier`` and ``confirmed``).
    as_of : datetime.date
        Rows effective on or before this date count.
    payer_dates : mapping, optional
        Payer -> the day its rates are read instead of ``as_of`` (the proposal reads each
        payer's on the day its new term begins, :func:`new_term_starts`); a payer not listed is
        read on ``as_of``.
    contracts : pandas.DataFrame, optional
        Canonical CONTRACTS rows: a row's rate is raised by the escalator of the payer's fixed
        contract governing on ``as_of`` on each anniversary since (:func:`escalated_schedule`),
        as every output reads it. Without them, the rows' rates as written.
    governing : pandas.DataFrame, optional
        :func:`payer_contracts` of ``contracts`` on ``as_of``, when the caller has it already.
    prepared : pandas.DataFrame, optional
        :func:`code_rate_rows` of ``fee_schedules``, when the caller reads them on several days
        (the analysis: today, and each payer's new-term start).

    Returns
    -------
    pandas.DataFrame
        ``payer, code, schedule_rate`` [USD per unit], ``modifier`` and ``effective_date`` (the
        day the rate took effect: the row's, or the last anniversary that raised it),
        ``confirmed``, ``fee_row`` (the row's label in ``fee_schedules``, by which a message
        names the row the user typed: :meth:`ratecalc.dataset.ClinicData.cell` of
        ``"fee_schedules"``), and with ``contracts`` ``escalated_from`` (the row's own rate where an
        escalator raised it, else NaN), ``escalator`` (the fraction a year that raised it,
        else NaN) and ``escalated_on`` (the anniversaries it raised it on, a tuple of dates,
        empty where none), sorted by payer and code.
    """
    if fee_schedules.empty:
        return pd.DataFrame(columns=_SCHEDULE_COLUMNS)
    rows = code_rate_rows(fee_schedules) if prepared is None else prepared
    table = _latest_rows(rows, as_of, payer_dates)
    if contracts is None:
        return table
    return escalated_schedule(table, contracts, as_of, payer_dates=payer_dates,
                              governing=governing)


def _latest_rows(rows: pd.DataFrame, as_of: date,
                 payer_dates: Mapping[str, date] | None = None) -> pd.DataFrame:
    """:func:`schedule_rates` of :func:`code_rate_rows`' ``rows``, before any escalator: a
    caller reading the same rows on several days prepares them once."""
    cutoff = pd.Series(pd.Timestamp(as_of), index=rows.index)
    if payer_dates:
        own = rows["payer"].map({payer: pd.Timestamp(day) for payer, day in payer_dates.items()})
        cutoff = own.where(own.notna(), cutoff)
    picked = rows[(rows["_effective"] <= cutoff).to_numpy()]
    picked = picked.sort_values(["payer", "code", "_effective", "_has_modifier"],
                                ascending=[True, True, False, True], kind="stable")
    first = picked.drop_duplicates(["payer", "code"], keep="first")
    return pd.DataFrame({
        "payer": first["payer"].to_numpy(), "code": first["code"].to_numpy(),
        "schedule_rate": first["allowed_amount"].to_numpy(dtype=float),
        "modifier": first["modifier"].to_numpy(),
        "effective_date": first["_effective"].dt.date.to_numpy(dtype=object),
        "confirmed": (first["confirmed"].fillna(False).astype(bool).to_numpy()
                      if "confirmed" in first.columns else False),
        "fee_row": first.index.to_numpy(),
    }, columns=_SCHEDULE_COLUMNS)


def contract_escalator(contract: Mapping[str, object] | pd.Series | None) -> float:
    """The yearly escalator [fraction] a fixed-dollar contract (a CONTRACTS row) raises its
    rates by on each anniversary of its ``effective_date``; 0 for none, and for a
    percent-of-Medicare contract, whose rates follow Medicare's amounts instead."""
    if contract is None or contract.get("rate_basis") == "pct_of_medicare":
        return 0.0
    value = contract.get("escalator")
    return 0.0 if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def escalates(contracts: pd.DataFrame, as_of: date, *,
              governing: pd.DataFrame | None = None) -> bool:
    """Whether a payer's contract governing on ``as_of`` raises its rates by an escalator
    (:func:`contract_escalator`): then its rates may differ from day to day with no row on
    file taking effect between. ``governing``: :func:`payer_contracts` of ``contracts`` on
    ``as_of``, when the caller has it already."""
    if contracts.empty or "escalator" not in contracts.columns:
        return False
    if governing is None:
        governing = payer_contracts(contracts, as_of)
    return any(contract_escalator(contract) != 0 for _, contract in governing.iterrows())


def escalation_days(contract: Mapping[str, object] | pd.Series, since: date, through: date
                    ) -> list[date]:
    """The anniversaries of a contract's ``effective_date`` on which its escalator raises a
    rate in force since ``since``, up to ``through``: after ``since`` (a fee-schedule row
    dated on an anniversary is that year's rate already), on or before ``through``, and while
    the contract is in force: an auto-renewing contract stays in force into its new term, so
    the anniversary that term begins on counts; one that does not renew ends on its
    ``end_date``, and a new term is a new agreement that no escalator of it reaches.

    Examples
    --------
    >>> contract = {"effective_date": date(2024, 1, 1), "end_date": date(2026, 12, 31),
    ...             "auto_renew": True}
    >>> escalation_days(contract, date(2025, 1, 1), date(2027, 1, 1))
    [datetime.date(2026, 1, 1), datetime.date(2027, 1, 1)]
    >>> escalation_days({**contract, "auto_renew": False}, date(2025, 1, 1), date(2027, 1, 1))
    [datetime.date(2026, 1, 1)]
    """
    start = contract.get("effective_date")
    if not isinstance(start, date) or pd.isna(start):
        return []
    start = date_from_value(start)
    last = through
    end = contract.get("end_date")
    auto = contract.get("auto_renew")
    if isinstance(end, date) and not pd.isna(end) and not (bool(auto) and not pd.isna(auto)):
        last = min(last, date_from_value(end))
    days, years = [], 1
    while (day := months_after(start, 12 * years)) <= last:
        if day > since:
            days.append(day)
        years += 1
    return days


def escalated_rates(rate: float, escalators: Sequence[float]) -> list[float]:
    """A fixed rate year by year: ``rate`` [USD per unit] in cents, then raised by each of
    ``escalators`` [fraction, 0.03 = 3%] in turn, rounded half-up to cents each time: each
    year's rate is a schedule the payer pays in cents, and the next year's is raised from it.
    The one rule for a rate the contract's escalator raises (:func:`escalated_rate_table`, for
    many rates at once): :func:`escalated_rate` (the rates in force) and the scenarios' later
    years (:func:`ratecalc.scenarios.project_scenario`).

    Returns
    -------
    list of float
        ``1 + len(escalators)`` rates [USD per unit]: year 1's, then each later year's.

    Examples
    --------
    >>> escalated_rates(10.25, [0.03, 0.03])  # 10.5575 -> 10.56, 10.8768 -> 10.88
    [10.25, 10.56, 10.88]
    >>> escalated_rates(30.15, [0.03, -0.01])  # 31.0545 -> 31.05, 30.7395 -> 30.74
    [30.15, 31.05, 30.74]
    """
    return escalated_rate_table([rate], escalators)[0].tolist()


def escalated_rate_table(rates: Sequence[float], escalators: Sequence[float]) -> np.ndarray:
    """:func:`escalated_rates` of each of ``rates``: one row per rate, one column per year
    [USD per unit]. Worked in Decimal, so each year's rounding is of the exact product; the
    escalators are read once for every rate.

    Examples
    --------
    >>> escalated_rate_table([10.25, 30.15], [0.03]).tolist()
    [[10.25, 10.56], [30.15, 31.05]]
    """
    cent = Decimal("0.01")
    factors = [1 + half_up(escalator, 6) for escalator in escalators]
    table = np.empty((len(rates), 1 + len(factors)), dtype=float)
    # each rate read as half_up reads a float (snapped to a micro-cent), for all rates at once
    for row, rate in enumerate(exact_amount(np.asarray(rates, dtype=float)).tolist()):
        value = half_up(repr(rate), 2)
        table[row, 0] = value
        for year, factor in enumerate(factors, start=1):
            value = (value * factor).quantize(cent, rounding=ROUND_HALF_UP)
            table[row, year] = value
    return table


def term_year_revenue(units: Sequence[float] | npt.ArrayLike, rates: Sequence[float],
                      escalators: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """What a payer pays in each year of its new term, code by code: each code's rate year by
    year (:func:`escalated_rate_table`: year 1's in cents, each later year's raised by
    ``escalators`` [fraction, one per year after the first] and rounded half-up to cents) and
    its ``units`` [units per year] x that rate [USD per year]. The one rule for a year's revenue
    at the rates the contract sets: the Scenarios' fixed-dollar years
    (:func:`ratecalc.scenarios.project_scenario`) and the exit estimates' second year
    (:func:`ratecalc.exit_impact.annual_revenue_by_payer`: months 13-24 of an exit are the
    second year of the term the clinic would otherwise have).

    Returns
    -------
    tuple of numpy.ndarray
        ``(rates, revenue)``, each one row per code and one column per year [USD per unit;
        USD per year]; a year's revenue is the column's sum, never year 1's x the escalator's
        index (no rate anyone pays).

    Examples
    --------
    >>> rates, revenue = term_year_revenue([1000, 500], [30.15, 41.20], [0.03])
    >>> rates.tolist(), revenue.sum(axis=0).tolist()
    ([[30.15, 31.05], [41.2, 42.44]], [50750.0, 52270.0])
    """
    table = escalated_rate_table(rates, escalators)
    return table, np.asarray(units, dtype=float)[:, np.newaxis] * table


def exact_year_revenue(units: Sequence[float] | npt.ArrayLike, rates: npt.ArrayLike
                       ) -> tuple[Fraction, ...]:
    """Each year's revenue [USD per year], exactly: the codes' ``units`` [units per year] x
    that year's ``rates`` (one row per code, one column per year, as :func:`term_year_revenue`
    gives them [USD per unit]), each read as the decimal it prints as
    (:func:`ratecalc.money.typed_decimal`, as :func:`ratecalc.exit_impact.year_revenue` reads
    visits x a rate). Rounded once, half-up to cents, where it is shown
    (:func:`ratecalc.money.fraction_cents`): in binary 0.5 units x $2.01 summed into a running
    total showed a year 2 of $1.00 beside a year 1 of $1.01, and 799.5 x $71.11 is
    56852.44499999999 (shown $56,852.44), not $56,852.445 ($56,852.45).

    >>> exact_year_revenue([0.5, 799.5], [[2.01, 2.01], [71.11, 71.11]])
    (Fraction(1137069, 20), Fraction(1137069, 20))
    """
    table = np.asarray(rates, dtype=float)
    unit_list = np.asarray(units, dtype=float).tolist()
    # a table of another shape than one row per unit is left to the Fraction rule's
    # zip(strict=True), which refuses it (map() in Decimals would stop at the shorter)
    if (table.ndim == 2 and len(table) == len(unit_list) and np.isfinite(table).all()
            and all(map(math.isfinite, unit_list))):
        try:
            return _decimal_year_revenue(unit_list, table)
        except ArithmeticError:  # a sum wider than the context holds exactly (Inexact)
            pass
    typed_units = [typed_decimal(u) for u in unit_list]
    return tuple(sum((u * typed_decimal(r) for u, r in zip(typed_units, column, strict=True)),
                     Fraction(0))
                 for column in table.T.tolist())


#: Digits enough for a year's sum of units x rates, each the decimal a float prints as (at
#: most 17 significant digits), to be exact; a sum that is not is trapped and made in Fractions.
_EXACT_SUMS = Context(prec=200, traps=[Inexact, Rounded, Overflow, Underflow, InvalidOperation])


def _decimal_year_revenue(units: list[float], table: np.ndarray) -> tuple[Fraction, ...]:
    """:func:`exact_year_revenue` of finite figures in exact Decimals, the same rational
    numbers as its Fractions (a refresh of 40 payers x 300 codes made 75,000 Fraction products
    and sums, each normalised by a gcd in Python). Raises ArithmeticError when a sum is not
    exact in :data:`_EXACT_SUMS`."""
    with localcontext(_EXACT_SUMS):
        typed_units = [Decimal(repr(u)) for u in units]
        return tuple(Fraction(sum(map(mul, typed_units, map(Decimal, map(repr, column))),
                                  Decimal(0)))
                     for column in table.T.tolist())


def term_escalators(governing: pd.DataFrame) -> dict[str, float]:
    """Payer -> the escalator [fraction] raising its rates into each later year of its new
    term: :func:`contract_escalator` of its governing contract (``governing``:
    :func:`payer_contracts`' table; a payer with none has 0, as its fee schedule stands). The
    Scenarios (:func:`ratecalc.scenarios.payer_scenario`) and the exit estimates read it."""
    return {str(payer): contract_escalator(contract) for payer, contract in governing.iterrows()}


def escalated_rate(rate: float, escalator: float, times: int) -> float:
    """``rate`` [USD per unit] raised by ``escalator`` [fraction] ``times`` times, rounded
    half-up to cents each time (:func:`escalated_rates`).

    Examples
    --------
    >>> escalated_rate(10.25, 0.03, 2)  # 10.5575 -> 10.56, 10.8768 -> 10.88
    10.88
    """
    return escalated_rates(rate, [escalator] * times)[-1]


def escalated_schedule(table: pd.DataFrame, contracts: pd.DataFrame, as_of: date, *,
                       payer_dates: Mapping[str, date] | None = None,
                       governing: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`schedule_rates`' ``table`` with each rate raised by the escalator of the payer's
    fixed contract governing on ``as_of`` (:func:`payer_contracts`,
    :func:`contract_escalator`) on each anniversary of the contract between the row's
    ``effective_date`` and the day the rate is read (``payer_dates``, else ``as_of``;
    :func:`escalation_days`): the one rule for a rate the contract itself raises, which the
    payer has agreed to pay as surely as a row dated ahead. ``effective_date`` becomes the last
    such anniversary, ``escalated_from`` the row's own rate, ``escalator`` the fraction and
    ``escalated_on`` the anniversaries that raised it (a tuple of dates, empty where none did).
    ``governing``: :func:`payer_contracts` of ``contracts`` on ``as_of``, when the caller has
    it already.

    Notes
    -----
    ``rate = escalated_rate(row rate, escalator, n)``, n the anniversaries counted. Worked: a
    2% contract effective 2024-01-01, auto-renewing, its row of $28.98 dated 2025-01-01, read
    on 2027-01-01 (its new term's first day): raised on 2026-01-01 to $29.56 and on 2027-01-01
    to $30.15.
    """
    out = table.assign(escalated_from=np.nan, escalator=np.nan)
    out["escalated_on"] = [()] * len(out)
    if out.empty or contracts.empty:
        return out
    if governing is None:
        governing = payer_contracts(contracts, as_of)
    # each payer's escalator read once, not once per row it raises
    raising = {str(payer): (contract, escalator) for payer, contract in governing.iterrows()
               if (escalator := contract_escalator(contract)) != 0}
    if not raising:
        return out
    days = dict(payer_dates or {})
    rates = out["schedule_rate"].to_numpy(dtype=float).copy()
    effective = out["effective_date"].to_numpy(dtype=object).copy()
    was = out["escalated_from"].to_numpy(dtype=float).copy()
    by = out["escalator"].to_numpy(dtype=float).copy()
    on = out["escalated_on"].to_numpy(dtype=object).copy()
    # rows share a payer and a date (a fee schedule's codes): their anniversaries are found once
    anniversaries: dict[tuple[str, date], list[date]] = {}
    for at, (payer, since) in enumerate(zip(out["payer"].astype(str), effective, strict=True)):
        found = raising.get(payer)
        if found is None or np.isnan(rates[at]) or not isinstance(since, date):
            continue
        contract, escalator = found
        raised = anniversaries.get((payer, since))
        if raised is None:
            raised = anniversaries[(payer, since)] = escalation_days(
                contract, since, days.get(payer, as_of))
        if raised:
            was[at], by[at], on[at] = rates[at], escalator, tuple(raised)
            rates[at] = escalated_rate(rates[at], escalator, len(raised))
            effective[at] = raised[-1]
    return out.assign(schedule_rate=rates, effective_date=effective, escalated_from=was,
                      escalator=by, escalated_on=on)


def against_schedule(added: pd.DataFrame, fee_schedules: pd.DataFrame,
                     contracts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of ``added`` (Fee Schedules rows from another source: the rates remittances show
    paid) whose amount differs, by half a cent or more, from the payer's fee-schedule rate in
    force on their effective date (:func:`schedule_rates`, the one rule for it, raised by the
    escalators of ``contracts`` when given); rows with a
    pricing modifier (CQ, 26...) are not compared, as the schedule's rate is the plain code's.

    A payer whose contract governing that day (:func:`payer_contracts`) pays a percentage of
    Medicare has that contract's rate in force in every output (:func:`rates_in_force`), not its
    schedule's: the row says so in ``contract_pct``, so that no message tells the user the rate
    paid becomes the rate every output uses.

    Returns
    -------
    pandas.DataFrame
        ``payer, code, allowed_amount, effective_date, schedule_rate, schedule_date`` [USD per
        unit; the schedule row's own date] and ``contract_pct`` (the governing contract's
        fraction of Medicare that day, NaN for a fixed contract), one row per differing row,
        in ``added``'s order.
    """
    columns = ["payer", "code", "allowed_amount", "effective_date", "schedule_rate",
               "schedule_date", "contract_pct"]
    if added.empty or fee_schedules.empty:
        return pd.DataFrame(columns=columns)
    modifier = added.get("modifier", pd.Series("", index=added.index)).fillna("").astype(str)
    plain = added[(~modifier.str.upper().isin(PRICING_MODIFIERS)).to_numpy()]
    rows = []
    for day, group in plain.groupby(plain["effective_date"].map(date_from_value), sort=True):
        held = schedule_rates(fee_schedules, day, contracts=contracts).set_index(
            ["payer", "code"])
        percentages = (contract_percentages(payer_contracts(contracts, day))
                       if contracts is not None else {})
        for r in group.itertuples(index=False):
            key = (r.payer, r.code)
            if key not in held.index:
                continue
            rate = float(held.at[key, "schedule_rate"])
            if abs(round(float(r.allowed_amount) - rate, 6)) >= 0.005:
                rows.append({"payer": r.payer, "code": r.code,
                             "allowed_amount": float(r.allowed_amount), "effective_date": day,
                             "schedule_rate": rate,
                             "schedule_date": date_from_value(held.at[key, "effective_date"]),
                             "contract_pct": percentages.get(str(r.payer), np.nan)})
    return pd.DataFrame(rows, columns=columns)


def rates_to_add(added: pd.DataFrame, fee_schedules: pd.DataFrame,
                 contracts: pd.DataFrame | None = None) -> tuple[pd.DataFrame, int]:
    """The rows of ``added`` (Fee Schedules rows from another source: the rates remittances
    show paid, each in force from its date until the next) that change the payer's rate in
    force on their day, as every output reads it (:func:`schedule_rates` of the schedule with
    the rows added before them, raised by the escalators of ``contracts`` when given).

    A rate paid that the schedule already holds that day needs no row of its own (25.22 paid
    from February under a schedule of 25.22 since January); a return to the schedule's rate
    after another rate paid does (25.22, then 30.00 from November, then 25.22 again). With a
    ``paid_days`` column (the days each rate was paid, in order), a rate paid on across a day
    the schedule's own rate changes (a row dated inside the period, an escalator's
    anniversary) is compared again on the first day it was paid from then, and restated there
    when it differs: otherwise the schedule's newer row would replace the rate paid in every
    output although the payer went on paying it. Rows with a pricing modifier (CQ, 26...) are
    not compared, as :func:`against_schedule`: they are all added.

    Returns
    -------
    tuple
        The rows to add (``added``'s columns less ``paid_days``, by payer, code and date), and
        how many of ``added``'s rows the rate in force holds already.
    """
    columns = [c for c in added.columns if c != "paid_days"]
    if added.empty:
        return added[columns], 0
    modifier = added.get("modifier", pd.Series("", index=added.index)).fillna("").astype(str)
    priced = modifier.str.upper().isin(PRICING_MODIFIERS).to_numpy()
    plain = added[~priced]
    held_on: dict[date, pd.DataFrame] = {}

    def held(schedule: pd.DataFrame, day: date, cache: bool) -> pd.DataFrame | None:
        if schedule.empty:
            return None
        if cache and day in held_on:
            return held_on[day]
        found = schedule_rates(schedule, day, contracts=contracts).set_index(["payer", "code"])
        if cache:
            held_on[day] = found
        return found

    candidates: list[tuple[date, int, bool, dict[str, object]]] = []
    for order, row in enumerate(plain.to_dict(orient="records")):
        first = date_from_value(row["effective_date"])
        record = {c: row[c] for c in columns}
        candidates.append((first, order, True, record))
        days = [date_from_value(d) for d in row.get("paid_days") or ()]
        for change in _schedule_changes(fee_schedules, (row["payer"], row["code"]), first,
                                        days, lambda day: held(fee_schedules, day, True)):
            later = next(d for d in days if d >= change)
            candidates.append((later, order, False,
                               {**record, "effective_date": pd.Timestamp(later)}))
    schedule = fee_schedules
    kept: list[dict[str, object]] = []
    in_force = 0
    for day, group in groupby(sorted(candidates, key=lambda c: (c[0], c[1])),
                              key=lambda c: c[0]):
        now = held(schedule, day, False)
        new = []
        for _, _, original, record in group:
            key = (record["payer"], record["code"])
            if now is not None and key in now.index and abs(round(
                    float(record["allowed_amount"])  # type: ignore[arg-type]
                    - float(now.at[key, "schedule_rate"]), 6)) < 0.005:
                in_force += original
                continue
            new.append(record)
        if new:
            kept.extend(new)
            rows = pd.DataFrame(new, columns=columns)
            schedule = rows if schedule.empty else pd.concat([schedule, rows],
                                                            ignore_index=True)
    out = pd.concat([added.loc[priced, columns], pd.DataFrame(kept, columns=columns)],
                    ignore_index=True)
    by = ["payer", "code", *(["modifier"] if "modifier" in columns else []), "effective_date"]
    return out.sort_values(by, kind="stable").reset_index(drop=True), in_force


def _schedule_changes(fee_schedules: pd.DataFrame, key: tuple[object, object], first: date,
                      days: list[date], held: Callable[[date], pd.DataFrame | None]
                      ) -> list[date]:
    """The days after ``first`` and up to the last of ``days`` on which the schedule's rate
    for ``key`` (payer, code) took effect, latest first, found from the last day back (one
    reading of the schedule per change)."""
    if not days or fee_schedules.empty:
        return []
    changes: list[date] = []
    day = days[-1]
    while day > first:
        found = held(day)
        if found is None or key not in found.index:
            break
        since = date_from_value(found.at[key, "effective_date"])
        if since <= first:
            break
        changes.append(since)
        day = since - timedelta(days=1)
    return changes


def code_rate_rows(fee_schedules: pd.DataFrame) -> pd.DataFrame:
    """The rows that can set a code's rate (no pricing modifier: CQ/CO, 26/TC...), with the
    modifier normalized and ``_effective`` and ``_has_modifier`` columns."""
    modifier = (fee_schedules["modifier"].fillna("").astype(str).str.strip().str.upper()
                if "modifier" in fee_schedules.columns
                else pd.Series("", index=fee_schedules.index))
    rows = fee_schedules.assign(modifier=modifier,
                                _effective=pd.to_datetime(fee_schedules["effective_date"]),
                                _has_modifier=modifier != "")
    return rows[(~modifier.isin(PRICING_MODIFIERS)).to_numpy()]


def scheduled_changes(fee_schedules: pd.DataFrame, as_of: date, *,
                      prepared: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each payer's next fee-schedule rate per code taking effect after ``as_of``: a change on
    file that the analysis of ``as_of`` does not use yet (an increase the payer already agreed
    to for January, say). The rate then is :func:`schedule_rates`'s on that day.

    Returns
    -------
    pandas.DataFrame
        ``payer, code, effective_date, schedule_rate`` [USD per unit], sorted by payer and
        code (:func:`ratecalc.ranking.name_order`); empty when no row lies ahead.
        ``prepared``: as for :func:`schedule_rates`.
    """
    columns = ["payer", "code", "effective_date", "schedule_rate"]
    if fee_schedules.empty:
        return pd.DataFrame(columns=columns)
    every = code_rate_rows(fee_schedules) if prepared is None else prepared
    ahead = every[(every["_effective"] > pd.Timestamp(as_of)).to_numpy()]
    if ahead.empty:
        return pd.DataFrame(columns=columns)
    first = (ahead.sort_values(["payer", "code", "_effective"], kind="stable")
             .drop_duplicates(["payer", "code"], keep="first"))
    rows = []
    for day, group in first.groupby("_effective", sort=True):
        # schedule_rates on that day, of the rows prepared once above
        then = _latest_rows(every, day.date()).set_index(["payer", "code"])
        for payer, code in zip(group["payer"], group["code"], strict=True):
            rows.append((payer, code, day.date(), float(then.loc[(payer, code), "schedule_rate"])))
    return name_order(pd.DataFrame(rows, columns=columns), ["payer", "code"])


def rate_codes(data: ClinicData, as_of: date, schedule: pd.DataFrame | None = None
               ) -> list[str]:
    """The codes of :func:`rates_in_force`'s table (a fee-schedule rate in force on ``as_of`` or
    a volume), sorted, without building the table: the Medicare amounts it needs are looked up
    for these. ``schedule``: :func:`schedule_rates` of the same data and date, when the caller
    has it already."""
    if schedule is None:
        schedule = schedule_rates(data.fee_schedules, as_of)
    codes = schedule["code"].tolist()
    volumes = data.volumes["code"].tolist() if not data.volumes.empty else []
    return sorted(set(codes) | set(volumes))


def rates_in_force(data: ClinicData, as_of: date, medicare: pd.Series | None = None, *,
                   schedule: pd.DataFrame | None = None,
                   payer_dates: Mapping[str, date] | None = None,
                   payer_medicare: pd.DataFrame | None = None,
                   governing: pd.DataFrame | None = None) -> pd.DataFrame:
    """Payer x code: the rate in force, where it comes from, and the annual units.

    Parameters
    ----------
    data : ClinicData
    as_of : datetime.date
        Fee-schedule rows effective on or before this date count; the contracts governing on
        this date set the percent-of-Medicare terms.
    medicare : pandas.Series, optional
        Medicare amount per code [USD per unit]; needed for percent-of-Medicare contracts (a
        code without one keeps its schedule rate, or none).
    schedule : pandas.DataFrame, optional
        :func:`schedule_rates` of ``data.fee_schedules`` on ``as_of`` (and ``payer_dates``,
        with ``data.contracts``' escalators), when the caller has it already (the analysis
        builds it once for the codes and the rates); it is not changed.
    payer_dates : mapping, optional
        Payer -> the day its fee-schedule rows are read instead of ``as_of``
        (:func:`schedule_rates`): the proposal's rates are those in force on the day each
        payer's new term begins (:func:`new_term_starts`).
    payer_medicare : pandas.DataFrame, optional
        ``payer, code, medicare_amount`` [USD per unit]: the Medicare amount a payer's
        percent-of-Medicare contract pays its percentage of, where it is not ``medicare``'s
        (on the day the payer's new term begins, :func:`price_by_contract`).
    governing : pandas.DataFrame, optional
        :func:`payer_contracts` of ``data.contracts`` on ``as_of``, when the caller has it
        already.

    Returns
    -------
    pandas.DataFrame
        ``payer, code, allowed_amount`` (the rate in force [USD per unit], NaN when none),
        ``schedule_rate`` (the payer's fee schedule, NaN when none), ``contract_pct``
        [fraction of Medicare, NaN for fixed contracts], ``rate_source`` (see
        :func:`price_by_contract`) and ``units_per_year``; sorted by payer and code
        (:func:`ratecalc.ranking.name_order`: case-insensitively).
    """
    if governing is None:
        governing = payer_contracts(data.contracts, as_of)
    if schedule is None:
        schedule = schedule_rates(data.fee_schedules, as_of, payer_dates=payer_dates,
                                  contracts=data.contracts, governing=governing)
    volumes = (data.volumes[["payer", "code", "units_per_year"]] if not data.volumes.empty
               else pd.DataFrame(columns=["payer", "code", "units_per_year"]))
    table = schedule.merge(volumes, on=["payer", "code"], how="outer")
    table["units_per_year"] = table["units_per_year"].astype(float).fillna(0.0)
    table = price_by_contract(
        table, contract_percentages(governing), medicare,
        payer_medicare=payer_medicare)
    table["confirmed"] = table["confirmed"].astype("boolean").fillna(False).astype(bool)
    columns = ["payer", "code", "allowed_amount", "schedule_rate", "contract_pct",
               "rate_source", "units_per_year", "confirmed"]
    return name_order(table[columns], ["payer", "code"])


def contract_rate(pct_of_medicare: npt.ArrayLike, medicare_amount: npt.ArrayLike
                  ) -> np.ndarray:
    """What a percent-of-Medicare contract pays per unit: the percentage x the Medicare amount,
    rounded half-up to cents (a payer pays a rate in cents). The one rule for it: the rates in
    force (:func:`price_by_contract`) and the scenarios' year 1 use it.

    Examples
    --------
    >>> contract_rate(0.88, [27.195, 30.0]).tolist()
    [23.93, 26.4]
    """
    with np.errstate(invalid="ignore"):
        return np.asarray(round_cents(np.multiply(pct_of_medicare, medicare_amount)), dtype=float)


def price_by_contract(table: pd.DataFrame, percentages: Mapping[str, float],
                      medicare: pd.Series | None, *,
                      payer_medicare: pd.DataFrame | None = None) -> pd.DataFrame:
    """``table`` (``payer, code, schedule_rate``, optional ``modifier`` of the schedule row) with
    the rate each contract pays.

    A percent-of-Medicare contract (``percentages``, :func:`contract_percentages`) pays its
    percentage x the
    Medicare amount, rounded half-up to cents, whether or not its schedule lists the code; a
    code without a Medicare amount, and every code of a fixed contract, keeps its schedule rate.
    The Medicare amount is ``medicare``'s for the code [USD per unit], or for a (payer, code)
    listed in ``payer_medicare`` (``payer, code, medicare_amount``) that one: the amount in
    force on the day the payer's rates are read, when that is not ``medicare``'s day (its new
    term's first day, :func:`new_term_starts`). Joined, not looked up per row.

    Returns
    -------
    pandas.DataFrame
        ``table`` plus ``contract_pct`` [fraction of Medicare, NaN for fixed contracts],
        ``allowed_amount`` [USD per unit, NaN when none] and ``rate_source``: "contract % of
        Medicare", "fee schedule", "fee schedule (GP row)" when the schedule's row carries a
        modifier (so a rate that is not the plain row's can be traced to its row),
        :data:`~ratecalc.rate_basis.NO_MEDICARE_SOURCE` where a percent-of-Medicare contract
        has no Medicare amount to pay its percentage of and no schedule rate either, else
        :data:`~ratecalc.rate_basis.NO_RATE_SOURCE`.
    """
    table = table.assign(schedule_rate=table["schedule_rate"].astype(float),
                         contract_pct=table["payer"].map(percentages).astype(float))
    med = (medicare.astype(float) if medicare is not None
           else pd.Series(dtype=float)).reindex(table["code"]).to_numpy(dtype=float)
    if payer_medicare is not None and not payer_medicare.empty:
        med = _payer_medicare(table, payer_medicare, med)
    contracted = contract_rate(table["contract_pct"].to_numpy(dtype=float), med)
    by_contract = ~np.isnan(contracted)
    table["allowed_amount"] = np.where(by_contract, contracted, table["schedule_rate"])
    modifier = (table["modifier"].fillna("").astype(str) if "modifier" in table.columns
                else pd.Series("", index=table.index))
    from_schedule = modifier.map({m: schedule_source(m) for m in modifier.unique()}
                                 ).to_numpy(dtype=object)
    if "escalator" in table.columns:  # escalated_schedule's: a raised rate no row shows
        was = table["escalated_from"].to_numpy(dtype=float)
        by = table["escalator"].to_numpy(dtype=float)
        # a row no schedule row matched (joined in) has no anniversaries: NaN
        times = ([len(days) if isinstance(days, tuple) else 1 for days in table["escalated_on"]]
                 if "escalated_on" in table.columns else [1] * len(table))
        for at in np.flatnonzero(~np.isnan(by) & ~by_contract):
            from_schedule[at] = escalated_source(str(from_schedule[at]), was[at], by[at],
                                                 int(times[at]))
    # a percent-of-Medicare contract's code Medicare has no amount for, and no schedule rate:
    # not a rate left off the Fee Schedules sheet, so not said as one
    no_medicare = ~np.isnan(table["contract_pct"].to_numpy(dtype=float)) & np.isnan(med)
    table["rate_source"] = np.where(
        by_contract, "contract % of Medicare",
        np.where(table["schedule_rate"].notna(), from_schedule,
                 np.where(no_medicare, NO_MEDICARE_SOURCE, NO_RATE_SOURCE)))
    return table


def reprice_by_contract(rates: pd.DataFrame, medicare: pd.Series,
                        payer_medicare: pd.DataFrame) -> pd.DataFrame | None:
    """:func:`rates_in_force`'s table read on the same fee-schedule rows, its
    percent-of-Medicare rows priced again on ``payer_medicare``'s amounts (by
    :func:`contract_rate`, as :func:`price_by_contract` prices them), without building the
    table again; None where that cannot be done so (a code Medicare pays on one day but not
    the other changes its source: :func:`rates_in_force` then)."""
    pct = rates["contract_pct"].to_numpy(dtype=float)
    before = medicare.astype(float).reindex(rates["code"]).to_numpy(dtype=float)
    after = _payer_medicare(rates, payer_medicare, before)
    contracted = ~np.isnan(pct)
    if (contracted & (np.isnan(before) != np.isnan(after))).any():
        return None
    priced = contract_rate(pct, after)
    return rates.assign(allowed_amount=np.where(contracted & ~np.isnan(after), priced,
                                                rates["allowed_amount"].to_numpy(dtype=float)))


def _payer_medicare(table: pd.DataFrame, payer_medicare: pd.DataFrame,
                    medicare: np.ndarray) -> np.ndarray:
    """``medicare`` (one amount per row of ``table``) with ``payer_medicare``'s amount where it
    lists the row's payer and code (NaN there is kept: the code has no amount that day; of
    a payer and code listed twice, the first).

    Notes
    -----
    A hash join on (payer, code) keys (``Index.get_indexer``), not a ``merge``: a merge with
    its indicator cost 2.5 ms on the demo's 90 rows, and the analysis asks twice.
    """
    listed = _payer_code_keys(payer_medicare)
    first = ~listed.duplicated(keep="first")
    at = listed[first].get_indexer(_payer_code_keys(table))
    amounts = payer_medicare["medicare_amount"].to_numpy(dtype=float)[first]
    return np.where(at >= 0, amounts[np.maximum(at, 0)] if len(amounts) else np.nan, medicare)


def _payer_code_keys(table: pd.DataFrame) -> pd.Index:
    """``table``'s (payer, code) pairs as one index of tuples, to join on."""
    return pd.Index(list(zip(table["payer"].tolist(), table["code"].tolist(), strict=True)),
                    dtype=object, tupleize_cols=False)


#: Columns of :func:`contract_check` and their units: the contract's percentage as it states
#: it (every decimal), the share the schedule pays computed.
CONTRACT_CHECK_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "code": Unit.TEXT, "units_per_year": Unit.NUMBER,
    "medicare_amount": Unit.MONEY, "contract_pct": Unit.PERCENT_STATED,
    "contracted_rate": Unit.MONEY, "paid_rate": Unit.MONEY, "paid_pct": Unit.PERCENT,
    "shortfall": Unit.MONEY_CHANGE, "shortfall_a_year": Unit.MONEY_CHANGE,
    "underpaid": Unit.TEXT,
}


def contract_check(rates: pd.DataFrame, medicare: pd.Series) -> pd.DataFrame:
    """Percent-of-Medicare payers whose own schedule is on file: paid against contracted.

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`rates_in_force` output.
    medicare : pandas.Series
        Medicare amount per code [USD per unit].

    Returns
    -------
    pandas.DataFrame
        ``payer, code, units_per_year, medicare_amount, contract_pct, contracted_rate,
        paid_rate`` (the schedule), ``paid_pct`` [fraction of Medicare], ``shortfall`` [USD per
        unit, contracted - paid], ``shortfall_a_year`` [USD per year] and ``underpaid``.
        The shortfalls are signed: positive when the schedule pays below the contract,
        negative when it pays above it (``underpaid`` is False then). This is the one source
        of the figure; the comparison shows ``shortfall_a_year`` as
        ``underpaid_vs_contract_a_year``.
    """
    rows = rates[rates["contract_pct"].notna() & rates["schedule_rate"].notna()
                 & (rates["rate_source"] == "contract % of Medicare")].copy()
    out = pd.DataFrame({
        "payer": rows["payer"].to_numpy(), "code": rows["code"].to_numpy(),
        "units_per_year": rows["units_per_year"].to_numpy(dtype=float),
        "medicare_amount": medicare.astype(float).reindex(rows["code"]).to_numpy(dtype=float),
        "contract_pct": rows["contract_pct"].to_numpy(dtype=float),
        "contracted_rate": rows["allowed_amount"].to_numpy(dtype=float),
        "paid_rate": rows["schedule_rate"].to_numpy(dtype=float),
    })
    with np.errstate(invalid="ignore", divide="ignore"):
        out["paid_pct"] = out["paid_rate"] / out["medicare_amount"]
    out["shortfall"] = np.round(out["contracted_rate"] - out["paid_rate"], 6)
    out["shortfall_a_year"] = np.round(out["shortfall"] * out["units_per_year"], 6)
    out["underpaid"] = out["shortfall"] >= CONTRACT_TOLERANCE
    return out.reset_index(drop=True)


def doubtful_rates(rates: pd.DataFrame, medicare: pd.Series, low: float = 0.30,
                   high: float = 4.0, *,
                   payer_medicare: pd.DataFrame | None = None,
                   schedule: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fee-schedule rates a payer's analyst would question: outside ``low``-``high`` x Medicare
    (a malformed money text is refused where it is read). Confirmed rows are listed with
    ``confirmed`` True.

    ``medicare`` is the amount per code [USD per unit]; ``payer_medicare`` (``payer, code,
    medicare_amount``), where given, the amount for a payer and code read on another day (a
    rate in force when the payer's new term begins is weighed against Medicare that day,
    :func:`price_by_contract`). ``schedule``, where given, is the :func:`schedule_rates`
    table ``rates`` was read from: its ``escalated_from`` is a raised rate's row as typed.

    Returns
    -------
    pandas.DataFrame
        ``payer, code, rate, medicare_amount, pct_of_medicare, reason, confirmed,
        row_rate, fee_row``: ``row_rate`` [USD per unit] the rate as its Fee Schedules row
        shows it, before its contract's escalator raised it, else ``rate``; ``fee_row`` that
        row's label in the fee schedules (``schedule``'s ``fee_row``; None without it), for
        the messages to name its file, sheet, row and column.
    """
    columns = ["payer", "code", "rate", "medicare_amount", "pct_of_medicare", "reason",
               "confirmed", "row_rate", "fee_row"]
    rows = rates[rates["schedule_rate"].notna()]
    rate = rows["schedule_rate"].to_numpy(dtype=float)
    amount = medicare.astype(float).reindex(rows["code"]).to_numpy(dtype=float)
    if payer_medicare is not None and not payer_medicare.empty:
        amount = _payer_medicare(rows, payer_medicare, amount)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where((amount != 0) & ~np.isnan(amount), rate / amount, np.nan)
    with np.errstate(invalid="ignore"):
        inside = (low <= pct) & (pct <= high)
        near = ((np.abs(pct - low) <= NEAR_LINE * abs(low))
                | (np.abs(pct - high) <= NEAR_LINE * abs(high)))
    # at a line, on the decimals typed (as money.side_of_line weighs one figure, for a table at
    # numpy's speed): in binary 4.02 / 13.40 is 0.29999999999999993, under 30%
    bounds = (typed_decimal(low), typed_decimal(high))
    for i in np.flatnonzero(near):
        r, m = (typed_decimal(exact_amount(float(v[i]))) for v in (rate, amount))
        inside[i] = bounds[0] * m <= r <= bounds[1] * m
    out = ~np.isnan(pct) & ~inside
    # the band as set: rounded whole, 30.49% read "30%" beside a 30.2% rate it flagged
    band = f"outside the plausible {stated_percent_text(low)}-{stated_percent_text(high)}"
    # a rate the contract's escalator raised is on no row: the row's own rate is named too, the
    # one to look for on the sheet (a $1,234.50 row was named only as its $1,259.19)
    sources = (rows["rate_source"].to_numpy(dtype=object)[out] if "rate_source" in rows.columns
               else np.full(int(out.sum()), None, dtype=object))
    typed = rate[out].copy()
    keys = list(zip(rows["payer"].to_numpy()[out], rows["code"].to_numpy()[out], strict=True))
    fee_rows: list[object] = [None] * len(keys)
    if keys and schedule is not None and "fee_row" in schedule.columns:  # only for doubts
        row_of = dict(zip(zip(schedule["payer"], schedule["code"], strict=True),
                          schedule["fee_row"].tolist(), strict=True))
        fee_rows = [row_of.get(key) for key in keys]
    if schedule is not None and "escalated_from" in schedule.columns:
        was = dict(zip(zip(schedule["payer"], schedule["code"], strict=True),
                       schedule["escalated_from"].to_numpy(dtype=float), strict=True))
        for at, key in enumerate(keys):
            if is_escalated_source(sources[at]) and not np.isnan(was.get(key, np.nan)):
                typed[at] = was[key]
    return pd.DataFrame({
        "payer": rows["payer"].to_numpy()[out], "code": rows["code"].to_numpy()[out],
        "rate": rate[out], "medicare_amount": amount[out], "pct_of_medicare": pct[out],
        # a share just outside the band never reads as its end: 29.97% read "30.0%"
        "reason": [f"{percent_beside_line(p, low if p < low else high)} of Medicare "
                   f"({money_text(a)}), {band}"
                   + (f"; {source}" if is_escalated_source(source) else "")
                   for p, a, source in zip(pct[out], amount[out], sources, strict=True)],
        "confirmed": (rows["confirmed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
                      if "confirmed" in rows.columns else np.zeros(len(rows), dtype=bool))[out],
        "row_rate": typed, "fee_row": pd.Series(fee_rows, dtype=object),
    }, columns=columns)


def payer_visits(data: ClinicData) -> pd.Series:
    """Each payer's visits a year: the Payers table's ``visits_per_year`` where given; otherwise
    the clinic's METRICS ``visits_per_year`` spread by units; otherwise the largest per-code
    visit count in VOLUMES (a lower bound). NaN where nothing says.

    Returns
    -------
    pandas.Series
        Indexed by payer [visits per year].
    """
    volumes = data.volumes
    named = (set(volumes["payer"]) if not volumes.empty else set()) | (
        set(data.payers["payer"]) if not data.payers.empty else set())
    payers = sorted(str(p) for p in named)
    out = pd.Series(np.nan, index=pd.Index(payers, name="payer"), dtype=float)
    if not volumes.empty:
        if "visits" in volumes.columns:
            counted = pd.to_numeric(volumes["visits"], errors="coerce").groupby(
                volumes["payer"]).max()
            out.loc[counted.index] = counted.to_numpy(dtype=float)
        total = _metric(data, "visits_per_year")
        if total:
            units = volumes.groupby("payer")["units_per_year"].sum().astype(float)
            if units.sum() > 0:
                out.loc[units.index] = (total * units / units.sum()).to_numpy()
    if not data.payers.empty and "visits_per_year" in data.payers.columns:
        given = pd.to_numeric(data.payers["visits_per_year"], errors="coerce")
        for payer, visits in zip(data.payers["payer"], given, strict=True):
            if pd.notna(visits) and visits > 0:
                out.loc[str(payer)] = float(visits)
    return out


def _metric(data: ClinicData, name: str) -> float | None:
    m = data.metrics
    if m.empty:
        return None
    hit = pd.to_numeric(m.loc[m["metric"] == name, "value"], errors="coerce").dropna()
    return float(hit.iloc[0]) if len(hit) else None


def unpaid_codes_note(payer: str, codes: Sequence[str], day: date,
                      no_medicare: Sequence[str] = ()) -> str:
    """What every output says of the codes ``payer`` has volume for but no rate in force on
    ``day``: they add nothing to its revenue (:func:`ratecalc.revenue.billed_revenue`, the
    Priorities' rule), so its Scenarios and exit estimate stand on the codes it pays, and a rate
    left out by mistake is named where to add. Those of ``codes`` in ``no_medicare`` have no
    rate because its percent-of-Medicare contract has no Medicare amount to take its
    percentage of (:data:`ratecalc.rate_basis.NO_MEDICARE_SOURCE`): said so, with what to
    check, not "add its rate" (:func:`no_medicare_note`).

    Examples
    --------
    >>> print(unpaid_codes_note("Summit", ["92526"], date(2027, 4, 1)))
    ... # doctest: +NORMALIZE_WHITESPACE
    Summit: no rate in force on 2027-04-01 for 92526, billed to it: counted as not paid ($0),
    as on Priorities; if Summit pays it, add its rate on the Fee Schedules sheet
    """
    missing = [code for code in codes if code not in set(no_medicare)]
    said = []
    if missing:
        # several codes are "them", as the Proposal's note of the same codes says
        it, rate = ("it", "its rate") if len(missing) == 1 else ("them", "their rates")
        said.append(f"{payer}: no rate in force on {day.isoformat()} for {', '.join(missing)}, "
                    f"billed to it: counted as not paid ($0), as on Priorities; if {payer} "
                    f"pays {it}, add {rate} on the Fee Schedules sheet")
    priced = [code for code in codes if code in set(no_medicare)]
    if priced:
        said.append(no_medicare_note(payer, priced, day))
    return "; ".join(said)


def no_medicare_note(payer: str, codes: Sequence[str], day: date) -> str:
    """What every output says of the codes billed to ``payer``, whose contract pays a percent
    of Medicare, that Medicare has no amount for on ``day`` (a code not in the release, not
    payable, or without a payment in the locality), so that the contract prices them at
    nothing: the Medicare amount is what is missing, not a rate the user left out.

    Examples
    --------
    >>> print(no_medicare_note("Summit", ["97014"], date(2027, 4, 1)))
    ... # doctest: +NORMALIZE_WHITESPACE
    Summit: its contract pays a percent of Medicare, but Medicare has no amount on 2027-04-01
    for 97014, billed to it: counted as not paid ($0), as on Priorities; check the code (the
    Problems sheet says why Medicare has no amount for it: Medicare may pay the service under
    another code), or, if Summit pays it a rate of its own, add that rate on the Fee
    Schedules sheet
    """
    listed = ", ".join(codes)
    return (f"{payer}: its contract pays a percent of Medicare, but Medicare has no amount on "
            f"{day.isoformat()} for {listed}, billed to it: counted as not paid ($0), as on "
            f"Priorities; check the code (the Problems sheet says why Medicare has no amount "
            f"for it: Medicare may pay the service under another code), or, if {payer} pays "
            f"it a rate of its own, add that rate on the Fee Schedules sheet")


def unpaid_codes_notes(unpaid: Sequence[tuple[str, Sequence[str], date]]
                       | Sequence[tuple[str, Sequence[str], date, Sequence[str]]]
                       ) -> str | None:
    """One note for every ``(payer, codes, day[, no_medicare])`` of ``unpaid``
    (:func:`unpaid_codes_note` of the one payer when there is one; None for none): a sheet of
    40 payers billed a code none of them pays said the same sentence 40 times. Codes without a
    Medicare amount (``no_medicare``) are said apart (:func:`no_medicare_note`).

    Examples
    --------
    >>> print(unpaid_codes_notes([("Summit", ["92526"], date(2027, 4, 1)),
    ...                           ("Harbor", ["92526", "97150"], date(2027, 1, 1))]))
    ... # doctest: +NORMALIZE_WHITESPACE
    no rate in force for codes billed to 2 payers: Summit 92526 (on 2027-04-01); Harbor 92526,
    97150 (on 2027-01-01): counted as not paid ($0), as on Priorities; if a payer pays one, add
    its rate on the Fee Schedules sheet
    """
    if len(unpaid) <= 1:
        return unpaid_codes_note(*unpaid[0]) if unpaid else None
    plain = [(item[0], [c for c in item[1] if c not in set(_no_medicare(item))], item[2])
             for item in unpaid]
    plain = [item for item in plain if item[1]]
    said = []
    if len(plain) == 1:
        said.append(unpaid_codes_note(*plain[0]))
    elif plain:
        listed = "; ".join(f"{payer} {', '.join(codes)} (on {day.isoformat()})"
                           for payer, codes, day in plain)
        said.append(f"no rate in force for codes billed to {len(plain)} payers: {listed}: "
                    f"counted as not paid ($0), as on Priorities; if a payer pays one, add its "
                    f"rate on the Fee Schedules sheet")
    said += [no_medicare_note(item[0], _no_medicare(item), item[2]) for item in unpaid
             if _no_medicare(item)]
    return "; ".join(said)


def _no_medicare(item: tuple[object, ...]) -> list[str]:
    """The ``no_medicare`` codes of one of :func:`unpaid_codes_notes`' items (none without)."""
    return [str(code) for code in item[3]] if len(item) > 3 else []  # type: ignore[attr-defined]
