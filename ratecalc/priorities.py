"""Which payers and codes to negotiate first: ranking by dollars at stake, and the Pareto set."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.gap import market_not_known
from ratecalc.market_caveats import codes_caveat
from ratecalc.money import exact_amount
from ratecalc.negotiation_log import SentDays, offer_received_as_of
from ratecalc.ranking import priority_order, volume_order
from ratecalc.rates import ended_contracts, payer_contracts, payers_not_started
from ratecalc.revenue import billed_revenue
from ratecalc.timeline import (
    contract_timelines,
    days_to_renewal,
    late_reply_words,
    next_term_deadline,
    not_started_note,
    status_words,
    timeline_deadline_note,
    whole_days,
)


def pareto_units(by: str, value: str) -> dict[str, Unit]:
    """The columns of :func:`pareto` ranking ``by`` (a payer, a code: text) on ``value`` (units
    a year, which may have a fraction) and their units."""
    return {by: Unit.TEXT, value: Unit.NUMBER, "share": Unit.PERCENT,
            "cumulative_share": Unit.PERCENT, "in_pareto": Unit.TEXT}


def pareto(frame: pd.DataFrame, by: str, value: str, share: float = 0.80) -> pd.DataFrame:
    """Rank ``by`` groups by their total ``value`` and mark the set carrying ``share`` of it.

    The set is the smallest prefix of the ranking whose cumulative share reaches ``share``
    (the group that crosses the line is in).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``value``, ``share`` [fraction of the total], ``cumulative_share``,
        ``in_pareto`` (bool), in :func:`ratecalc.ranking.volume_order` (``value`` most first,
        ties by name, case-insensitively).

    Examples
    --------
    >>> t = pd.DataFrame({"payer": list("ABCD"), "units": [50, 30, 15, 5]})
    >>> pareto(t, "payer", "units")["in_pareto"].tolist()
    [True, True, False, False]
    """
    totals = frame.groupby(by, as_index=False)[value].sum()
    totals = volume_order(totals, by, value)
    grand = totals[value].sum()
    totals["share"] = totals[value] / grand if grand else 0.0
    totals["cumulative_share"] = totals["share"].cumsum()
    before = totals["cumulative_share"] - totals["share"]
    # before < share: the group starts below the line; 1e-12 absorbs float noise at exact shares
    totals["in_pareto"] = (before < share - 1e-12) & (totals[value] > 0)
    return totals


def contract_terms(contracts: pd.DataFrame, as_of: date, *, notice_days: int = 90,
                   lead_months: int = 5, follow_up_business_days: int = 10,
                   governing: pd.DataFrame | None = None,
                   offers_received: SentDays | None = None,
                   not_started: Mapping[str, date] | None = None) -> pd.DataFrame:
    """Per payer (its governing contract, :func:`ratecalc.rates.payer_contracts`), the renewal
    facts every output shows.

    The dates come from :func:`ratecalc.timeline.contract_timelines`, so the notice deadline is
    the timeline's (end date minus the notice days, moved back to a business day) and an
    auto-renewing contract whose end date passed shows its current term.

    Returns
    -------
    pandas.DataFrame
        ``payer, end_date, days_to_renewal`` (:func:`ratecalc.timeline.days_to_renewal`:
        to the new term's first day; blank for a contract that ended or is not in force yet),
        ``notice_days, notice_deadline, days_to_notice_deadline, status`` (in words,
        :func:`ratecalc.timeline.status_words`), ``deadline_note`` (words when the
        deadline passed or is near, or why the contract has no timeline, and what a payer's
        reply come on the deadline or after it means, the Timeline's words:
        :func:`ratecalc.timeline.late_reply_words` of the latest of ``offers_received``, as
        :func:`ratecalc.timeline.renewal_calendar` takes it; else empty) and,
        once an auto-renewing contract's deadline has passed, ``next_term_end`` and
        ``next_notice_deadline``, the renewed term's (:func:`ratecalc.timeline.
        next_term_deadline`, the deadline the note names; None otherwise). A payer none of
        whose contracts is in force yet (:func:`ratecalc.rates.payers_not_started`) has
        no governing contract, so no end date or deadline, but its status and note are the
        Timeline's for its first contract to start ("not in force yet", "starts ...").

    ``governing``: :func:`ratecalc.rates.payer_contracts` of ``contracts`` on ``as_of``, when
    the caller has it already; ``not_started``: :func:`ratecalc.rates.payers_not_started` of
    them on ``as_of``, likewise (an analysis finds it once for every rule that reads it).
    """
    columns = ["payer", "end_date", "days_to_renewal", "notice_days", "notice_deadline",
               "days_to_notice_deadline", "status", "deadline_note", "next_term_end",
               "next_notice_deadline"]
    if contracts.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    if governing is None:
        governing = payer_contracts(contracts, as_of)
    later = (payers_not_started(contracts, as_of, governing=governing)
             if not_started is None else not_started)
    governing = governing.drop(columns="term_end").reset_index()
    # only the governing rows are timed: an ended one names its successor from ``later``
    for c in contract_timelines(governing, as_of=as_of, lead_months=lead_months,
                                follow_up_business_days=follow_up_business_days,
                                notice_days=notice_days, successors=later):
        t = c.timeline
        if t is None:
            rows.append({"payer": c.payer, "end_date": c.end_date, "days_to_renewal": np.nan,
                         "notice_days": c.notice_days, "notice_deadline": None,
                         "days_to_notice_deadline": np.nan,
                         "status": status_words(c.status), "deadline_note": c.problem,
                         "next_term_end": None, "next_notice_deadline": None})
            continue
        reply = late_reply_words(t, offer_received_as_of(offers_received, c.payer, as_of))
        near = "; ".join(n for n in (timeline_deadline_note(t), reply) if n)
        following = next_term_deadline(t) or (None, None)
        rows.append({"payer": c.payer, "end_date": t.end_date,
                     "days_to_renewal": days_to_renewal(t.end_date, as_of),
                     "notice_days": t.notice_days,
                     "notice_deadline": t.notice_deadline,
                     "days_to_notice_deadline": t.days_to_notice,
                     "status": status_words(t.status), "deadline_note": near,
                     "next_term_end": following[0], "next_notice_deadline": following[1]})
    # a payer whose contracts all start later has no governing row: its status said as the
    # Timeline says it, where a blank read as a payer with no contract on file
    governed = set(governing["payer"].astype(str))
    for payer, start in later.items():
        if payer in governed:  # its contract ended: the ended row says so
            continue
        rows.append({"payer": payer, "end_date": None, "days_to_renewal": np.nan,
                     "notice_days": np.nan, "notice_deadline": None,
                     "days_to_notice_deadline": np.nan, "status": status_words("not_started"),
                     "deadline_note": not_started_note(start, as_of), "next_term_end": None,
                     "next_notice_deadline": None})
    table = whole_days(pd.DataFrame(rows, columns=columns),
                       ("days_to_renewal", "days_to_notice_deadline"))
    table["_end"] = table["end_date"].map(lambda d: d.toordinal() if isinstance(d, date) else 0)
    table = table.sort_values(["_end", "payer"])
    return table.drop(columns="_end").reset_index(drop=True)


#: Columns of :func:`payer_priorities`, in order, and their units.
PRIORITY_UNITS: dict[str, Unit] = {
    "rank": Unit.COUNT, "payer": Unit.TEXT, "units_per_year": Unit.NUMBER,
    "share_of_volume": Unit.PERCENT, "annual_revenue": Unit.MONEY,
    "dollars_at_stake": Unit.MONEY, "codes_below_market": Unit.COUNT, "end_date": Unit.DATE,
    "days_to_renewal": Unit.COUNT, "notice_days": Unit.COUNT, "notice_deadline": Unit.DATE,
    "days_to_notice_deadline": Unit.COUNT, "status": Unit.TEXT, "deadline_note": Unit.TEXT,
    "next_term_end": Unit.DATE, "next_notice_deadline": Unit.DATE,
    "market_caveat": Unit.TEXT,
}


def _caveated_billed(comparison: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The comparison's billed rows whose market figure has a caveat (its ``market_caveat``),
    and each of their codes' caveat."""
    if "market_caveat" not in comparison.columns:
        return comparison.iloc[0:0], {}
    said = comparison["market_caveat"].fillna("").astype(str)
    billed = np.nan_to_num(comparison["units_per_year"].to_numpy(dtype=float), nan=0.0) > 0
    rows = comparison[billed & (said != "").to_numpy(dtype=bool)]
    return rows, dict(zip(rows["code"].astype(str), rows["market_caveat"], strict=True))


def payer_market_caveats(comparison: pd.DataFrame) -> dict[str, str]:
    """Each payer's :func:`ratecalc.market_caveats.codes_caveat` of the codes billed to it whose
    market figure (the comparison's ``market_caveat``) its dollars below market are built on;
    payers with none left out."""
    rows, caveat_of = _caveated_billed(comparison)
    return {str(payer): codes_caveat(caveat_of, group["code"])
            for payer, group in rows.groupby("payer", sort=False)}


def total_market_caveat(comparison: pd.DataFrame) -> str:
    """:func:`ratecalc.market_caveats.codes_caveat` of every billed code whose market figure
    the clinic's dollars below market (every payer's) are built on; "" where none is."""
    rows, caveat_of = _caveated_billed(comparison)
    return codes_caveat(caveat_of, sorted(caveat_of))


def payer_priorities(comparison: pd.DataFrame, contracts: pd.DataFrame,
                     as_of: date, *, notice_days: int = 90, lead_months: int = 5,
                     follow_up_business_days: int = 10,
                     governing: pd.DataFrame | None = None,
                     offers_received: SentDays | None = None,
                     not_started: Mapping[str, date] | None = None) -> pd.DataFrame:
    """One row per payer, ranked: who to negotiate with first.

    Parameters
    ----------
    comparison : pandas.DataFrame
        The output of :func:`ratecalc.gap.gap_table`.
    contracts : pandas.DataFrame
        Canonical contracts (``payer``, ``end_date``, ``notice_days``...).
    as_of : date
        The analysis date, for days to renewal (to the day the new term begins).
    governing : pandas.DataFrame, optional
        :func:`ratecalc.rates.payer_contracts` of ``contracts`` on ``as_of``, when the caller
        has it already (found here otherwise).
    offers_received : mapping, optional
        Payer -> the days of its offers on the Negotiation Log, for the deadline note
        (:func:`contract_terms`).
    not_started : mapping, optional
        :func:`ratecalc.rates.payers_not_started` of ``contracts`` on ``as_of``, when the
        caller has it already (found here otherwise).

    Returns
    -------
    pandas.DataFrame
        ``rank`` (1 first; NaN, no rank, for a contract that ended without renewal or a
        payer not under contract yet (:func:`ratecalc.rates.payers_not_started`): no payer to
        negotiate with now), ``payer, units_per_year, share_of_volume, annual_revenue``
        (units x rate, a billed
        code without a rate counted $0: :func:`ratecalc.revenue.billed_revenue`),
        ``dollars_at_stake`` (sum of
        the positive per-code shortfalls x units [USD per year]; NaN, not known, when no code
        billed to the payer has a market benchmark: :func:`ratecalc.gap.market_not_known`),
        ``codes_below_market``
        (NaN then too),
        ``end_date``, ``days_to_renewal``, ``notice_days``, ``notice_deadline``,
        ``days_to_notice_deadline``,
        ``status``, ``deadline_note``, ``next_term_end``, ``next_notice_deadline`` (see
        :func:`contract_terms`), ``market_caveat`` (which billed codes' market figures, that
        the dollars below market are built on, are not a clinic's current professional
        market: :func:`payer_market_caveats`; "" where none).
        Ranked by :func:`ratecalc.ranking.priority_order`: a payer not under contract yet
        after every payer with a contract in force, a payer whose contract ended
        without renewal (:func:`ratecalc.rates.ended_contracts`) after every other, then
        dollars at stake (a payer whose
        figure is not known after every payer whose figure is known), then days to
        renewal (sooner first), then the notice deadline (earlier first), then the payer's name
        (case-insensitively).
    """
    c = comparison.copy()
    c["positive_stake"] = c["dollars_at_stake"].clip(lower=0).fillna(0.0)
    grouped = c.groupby("payer")
    # a billed code without a rate counts $0 by the one rule every revenue shown follows
    # ... and every unit billed counts, with or without a rate: the same function's units
    # (the Totals' "Units with a rate", proposal.proposal_summary, count the priced codes only)
    billed = billed_revenue(comparison).set_index("payer").reindex(
        grouped.size().index.astype(str))
    table = pd.DataFrame({
        "units_per_year": billed["units_per_year"].to_numpy(dtype=float),
        "annual_revenue": billed["annual_revenue"].to_numpy(),
        "dollars_at_stake": grouped["positive_stake"].sum(),
        "codes_below_market": grouped["below_market"].sum().astype(int),
    }).reset_index()
    # the sums as the decimals they stand for (exact_amount), so that payers of equal stake
    # tie and rank by renewal: in binary 0.30 short on one code was 0.29999999999999716, and
    # 0.10 + 0.20 short on two was 0.3000000000000007, ranked first whenever it renewed
    table["dollars_at_stake"] = exact_amount(table["dollars_at_stake"].to_numpy(dtype=float))
    total_units = table["units_per_year"].sum()
    table["share_of_volume"] = table["units_per_year"] / total_units if total_units else 0.0
    if governing is None and not contracts.empty:
        governing = payer_contracts(contracts, as_of)
    terms = contract_terms(contracts, as_of, notice_days=notice_days, lead_months=lead_months,
                           follow_up_business_days=follow_up_business_days,
                           governing=governing,
                           offers_received=offers_received, not_started=not_started)
    table = table.merge(terms, on="payer", how="left")
    caveats = payer_market_caveats(comparison)
    table["market_caveat"] = [caveats.get(str(p), "") for p in table["payer"]]
    unknown = market_not_known(comparison)
    if unknown:
        # no market benchmark for any code billed to the payer: its $0.00 below market read as
        # "paid at market" on the Priorities and Timeline sheets and in their CSVs; it is not
        # known (blank); so is how many codes are below it. Blanked before the ranking, which
        # puts a blank after every known figure: ranked as $0 it came before payers whose $0
        # is known, first whenever it renewed soonest (the Dashboard's "Negotiate first")
        blank = table["payer"].astype(str).isin(unknown).to_numpy(dtype=bool)
        table["dollars_at_stake"] = table["dollars_at_stake"].astype(float)
        table["codes_below_market"] = table["codes_below_market"].astype(float)
        table.loc[blank, ["dollars_at_stake", "codes_below_market"]] = np.nan
    # a contract that ended without renewal is no negotiation target: listed after the payers
    # with a term to renew, its status "contract ended" (the one rule of which contracts ended)
    ended = ended_contracts(contracts, as_of, governing=governing) if not contracts.empty else {}
    gone = table["payer"].astype(str).isin(list(ended)).to_numpy()
    # nor is a payer not under contract yet: no letter is written to it (the letter refuses a
    # contract not in force), so ranked first by dollars it was the Dashboard's "Negotiate
    # first with" and the Proposal's payer, a target no letter could be written to
    if not_started is not None:
        waiting = not_started
    else:
        waiting = payers_not_started(contracts, as_of, governing=governing) \
            if not contracts.empty else {}
    later = table["payer"].astype(str).isin(list(waiting)).to_numpy()
    table = priority_order(table, gone, not_started=later)
    # ranks number the payers to negotiate with: an ended contract or one not in force yet
    # (ordered last) has none, where "6" read as the sixth payer to talk to; its status says
    # "contract ended" or "not in force yet" (a payer both ended and restarting later is one
    # unranked payer, not two)
    last_ranked = len(table) - int((gone | later).sum())
    table.insert(0, "rank", [float(n) if n <= last_ranked else np.nan
                             for n in range(1, len(table) + 1)])
    return whole_days(table[list(PRIORITY_UNITS)].reset_index(drop=True),
                      ("rank", "days_to_renewal", "notice_days", "days_to_notice_deadline"))
