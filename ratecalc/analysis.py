"""The whole negotiation analysis for a clinic: Medicare amounts, gaps, priorities, proposals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ratecalc import exit_impact, gap, priorities, proposal
from ratecalc import rates as rate_rules
from ratecalc.column_units import Unit
from ratecalc.dataset import ClinicData, Settings
from ratecalc.errors import Location, Problem
from ratecalc.frozen_record import frozen_record
from ratecalc.market_caveats import caveat_groups, caveat_warning, caveats_by_code
from ratecalc.medicare import AMOUNT_UNITS
from ratecalc.medicare.store import (
    coverage_message,
    covers,
    release_for,
)
from ratecalc.medicare_label import MedicareLabel, medicare_label
from ratecalc.money import (
    money_text,
    money_texts,
    pct_of_medicare_text,
    percent_beside_line,
    stated_percent_text,
    units_text,
    whole_text,
)
from ratecalc.rate_basis import NO_MEDICARE_SOURCE, raised_by_escalator
from ratecalc.remedies import remedy
from ratecalc.settings_refusal import check_settings_covered
from ratecalc.timeline import renewal_calendar
from ratecalc.words import join_words


@frozen_record
class Analysis:
    """Every result table of one analysis run; nothing here is rounded (see ratecalc.report)
    but the Proposal's rates asked and walk-away floors, which are whole cents by their rule
    (:func:`ratecalc.proposal.proposed_rate`, :func:`ratecalc.proposal.unit_floor`).

    The rankings (:attr:`priorities`, the Pareto sets, the renewal :attr:`timeline`) and the
    :attr:`proposal_summary` are computed from the tables below on first use: a letter reads
    none of them, and they were a third of its analysis.
    """

    data: ClinicData
    as_of: date
    medicare: pd.DataFrame
    comparison: pd.DataFrame
    proposal: pd.DataFrame
    #: the Benchmarks row of each code its market figures come from (:func:`gap.market_rows`)
    market: pd.DataFrame
    floor_pct_of_medicare: float
    medicare_revenue_per_visit: float
    warnings: tuple[Problem, ...]
    #: percent-of-Medicare payers whose own schedule is on file: paid against contracted
    #: (:func:`ratecalc.rates.contract_check`)
    contract_check: pd.DataFrame | None = None
    #: fee-schedule rates outside the plausible band
    #: (:func:`ratecalc.rates.doubtful_rates`)
    doubtful_rates: pd.DataFrame | None = None
    #: the comparison's rows at the rates in force when each payer's new term begins
    #: (:func:`ratecalc.proposal.rates_at_new_term`: ``allowed_amount`` that day's rate,
    #: ``current_rate_date``, ``rate_today``, ``rate_agreed_from``): what the proposal builds
    #: on, the Scenarios' year 1 and the exit estimates' revenue. None: the comparison's
    #: (an Analysis made by hand)
    rates_at_new_term: pd.DataFrame | None = None
    #: payer -> the day its new term begins (:func:`ratecalc.rates.new_term_starts`); a payer
    #: not listed has no contract term, and its rates are the analysis date's
    new_term_starts: Mapping[str, date] | None = None
    #: :func:`ratecalc.rates.payer_contracts` of the data's contracts on :attr:`as_of`, as
    #: :func:`analyze` found it for its own rules; None: found when asked (an Analysis made by
    #: hand). Read through :attr:`governing`
    governing_found: pd.DataFrame | None = None
    #: :func:`ratecalc.rates.payer_visits` of the data, as :func:`analyze` found it; None:
    #: found when asked. Read through :attr:`visits_by_payer`
    visits_found: pd.Series | None = None
    #: :func:`ratecalc.rates.payers_not_started` of the data's contracts on :attr:`as_of`, as
    #: :func:`analyze` found it; None: found when asked. Read through :attr:`not_started`
    not_started_found: Mapping[str, date] | None = None

    @property
    def governing(self) -> pd.DataFrame:
        """The contract governing each payer on :attr:`as_of`
        (:func:`ratecalc.rates.payer_contracts`): the one table the priorities, the Scenarios,
        the exit estimates and the summary read, found once (a refresh found it eight times)."""
        if self.governing_found is not None:
            return self.governing_found
        return rate_rules.payer_contracts(self.data.contracts, self.as_of)

    @property
    def visits_by_payer(self) -> pd.Series:
        """Each payer's visits a year (:func:`ratecalc.rates.payer_visits`), which the walk-away
        floor's check and the exit estimates read: found once."""
        if self.visits_found is not None:
            return self.visits_found
        return rate_rules.payer_visits(self.data)

    @property
    def not_started(self) -> Mapping[str, date]:
        """The payers not under contract yet, and the day the first of their contracts starts
        (:func:`ratecalc.rates.payers_not_started`): found once (a demo refresh found it
        three times, and the contracts not in force yet four)."""
        if self.not_started_found is not None:
            return self.not_started_found
        return rate_rules.payers_not_started(self.data.contracts, self.as_of,
                                             governing=self.governing)

    @property
    def new_term_rates(self) -> pd.DataFrame:
        """:attr:`rates_at_new_term`, else the comparison (the analysis date's rates)."""
        return self.comparison if self.rates_at_new_term is None else self.rates_at_new_term

    def rates_on(self, payer: str) -> date:
        """The day ``payer``'s rates in :attr:`new_term_rates` are in force: its new term's
        start, else the analysis date."""
        return (self.new_term_starts or {}).get(str(payer), self.as_of)

    def no_term_words(self, payer: str) -> str:
        """Why ``payer``'s rates are the analysis date's when it has no new term, in the words
        every output says it (:func:`ratecalc.rates.no_term_words`)."""
        return rate_rules.no_term_words(payer, self.as_of, self.not_started)

    @cached_property
    def priorities(self) -> pd.DataFrame:
        """Payers ranked (:func:`ratecalc.priorities.payer_priorities`)."""
        s = self.data.settings
        return priorities.payer_priorities(
            self.comparison, self.data.contracts, self.as_of, notice_days=s.notice_days,
            lead_months=s.lead_months, follow_up_business_days=s.follow_up_business_days,
            governing=self.governing,
            offers_received=self.data.offers_received, not_started=self.not_started)

    @cached_property
    def pareto_payers(self) -> pd.DataFrame:
        return priorities.pareto(self.comparison, "payer", "units_per_year",
                                 self.data.settings.pareto_share)

    @cached_property
    def pareto_codes(self) -> pd.DataFrame:
        return priorities.pareto(self.comparison, "code", "units_per_year",
                                 self.data.settings.pareto_share)

    @cached_property
    def proposal_summary(self) -> pd.DataFrame:
        return proposal.proposal_summary(self.proposal)

    @cached_property
    def timeline(self) -> pd.DataFrame | None:
        """Every contract's renewal dates (:func:`ratecalc.timeline.renewal_calendar`); None
        without contracts."""
        if self.data.contracts.empty:
            return None
        s = self.data.settings
        return renewal_calendar(
            self.data.contracts,
            dollars_at_stake=self.priorities.set_index("payer")["dollars_at_stake"],
            as_of=self.as_of, lead_months=s.lead_months,
            follow_up_business_days=s.follow_up_business_days, notice_days=s.notice_days,
            proposals_sent=self.data.proposals_sent, offers_received=self.data.offers_received)

    def unconfirmed_doubts(self, payer: str | None = None) -> pd.DataFrame:
        """Doubtful rates not yet confirmed (of one payer, when given)."""
        d = self.doubtful_rates
        if d is None or d.empty:
            return pd.DataFrame(columns=["payer", "code", "rate", "reason", "fee_row"])
        d = d[~d["confirmed"].astype(bool)]
        return d if payer is None else d[d["payer"] == payer]

    def doubt_place(self, r: Any) -> Location | None:
        """:func:`doubt_place` of a doubtful rate ``r`` of this analysis' data."""
        return doubt_place(self.data, r)

    @property
    def medicare_release(self) -> str:
        """The release pricing the Medicare date (``rvu26c``), also for a clinic with no code
        on file yet, whose Medicare table is empty: its contracts' timeline is still worth a
        run, and the date is still priced by a release."""
        if not self.medicare.empty:
            return str(self.medicare["release"].iloc[0])
        return release_for(self.data.settings.date_of_service).release

    @property
    def medicare_label(self) -> MedicareLabel:
        """Which Medicare amounts the comparison, the contract check, the summary and the
        Dashboard show: the analysis' locality and the release pricing its Medicare date
        (:func:`ratecalc.medicare_label.medicare_label`)."""
        return medicare_label(self.data.locality,
                              [(self.medicare_release, self.data.settings.date_of_service)])

    def proposal_medicare_label(self, rows: pd.DataFrame | None = None) -> MedicareLabel:
        """Which Medicare amounts the proposal ``rows`` (default every row) are weighed
        against: the locality and each day and release they are priced on
        (:func:`proposal_medicare_basis`), which may be a payer's new term's and not the
        analysis' Medicare date."""
        priced = self.data.settings.date_of_service
        bases = proposal_medicare_basis(self.proposal if rows is None else rows, priced)
        return medicare_label(self.data.locality, [(b.release, b.day) for b in bases]
                              or [(self.medicare_release, priced)])

    @property
    def medicare_warning(self) -> Problem | None:
        """The warning that the Medicare amounts are an earlier fee-schedule year's than the
        analysis date's (:func:`medicare_year_warning`), one of :attr:`warnings`: what every
        output built on this analysis says of them."""
        return medicare_year_warning(self.data.settings,
                                     self.data.field_cell("settings", "medicare_date"))

    @cached_property
    def top_payer(self) -> str | None:
        """The payer to negotiate with first: the Priorities' rank 1; none when no payer has a
        rank (every contract ended without renewal, :func:`ratecalc.rates.ended_contracts`,
        or is not in force yet, :func:`ratecalc.rates.payers_not_started`), as no letter is
        written to such a payer."""
        ranked = self.priorities[self.priorities["rank"].notna().to_numpy(dtype=bool)]
        return None if ranked.empty else str(ranked["payer"].iloc[0])


def rate_volume_table(data: ClinicData, as_of: date,
                      medicare: pd.Series | None = None, *,
                      schedule: pd.DataFrame | None = None,
                      governing: pd.DataFrame | None = None) -> pd.DataFrame:
    """Payer x code rows: the rate in force (:func:`ratecalc.rates.rates_in_force`, which
    takes ``schedule`` and ``governing`` as it does) and the annual units."""
    return rate_rules.rates_in_force(data, as_of, medicare, schedule=schedule,
                                     governing=governing)


#: The columns of :func:`medicare_by_code`'s table, from :func:`ratecalc.medicare.
#: medicare_amounts` (the name each is shown under: the amount is the code's Medicare amount).
MEDICARE_AMOUNT_COLUMNS: dict[str, str] = {
    **{c: c for c in ("code", "locality", "date_of_service", "release", "conversion_factor",
                      "status", "non_facility", "facility", "mppr_non_facility")},
    "amount": "medicare_amount", "problem": "problem"}
#: Their units: :data:`ratecalc.medicare.AMOUNT_UNITS`'.
MEDICARE_UNITS: dict[str, Unit] = {
    shown: AMOUNT_UNITS[column] for column, shown in MEDICARE_AMOUNT_COLUMNS.items()}
#: Columns of the comparison and their units: :data:`ratecalc.gap.GAP_UNITS`, and the
#: payer's own schedule beside a percent-of-Medicare contract's rate, joined by
#: :func:`analyze` (the underpayment is :func:`ratecalc.rates.contract_check`'s), and what its
#: market figure is where it is not a clinic's current professional market
#: (:func:`market_caveat_column`).
COMPARISON_UNITS: dict[str, Unit] = {
    **gap.GAP_UNITS, "schedule_rate": Unit.MONEY, "rate_source": Unit.TEXT,
    "underpaid_vs_contract_a_year":
        rate_rules.CONTRACT_CHECK_UNITS["shortfall_a_year"],
    "market_caveat": Unit.TEXT,
}


def market_caveat_column(comparison: pd.DataFrame, caveat_of: dict[str, str]) -> pd.Series:
    """Each comparison row's :func:`ratecalc.market_caveats.market_caveat` of the market figure
    it shows ("" where it shows none, or one of a clinic's current professional market):
    ``caveat_of`` is :func:`ratecalc.market_caveats.caveats_by_code`'s."""
    shown = comparison["benchmark"].notna().to_numpy(dtype=bool)
    return pd.Series([caveat_of.get(str(code), "") if has else "" for code, has in
                      zip(comparison["code"], shown, strict=True)],
                     index=comparison.index, dtype=object)


def medicare_by_code(data: ClinicData, codes: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Medicare amounts for the clinic's codes in its locality on the settings' date."""
    table = _clinic_medicare(data, codes, data.medicare_terms.date_of_service)
    warnings = [no_medicare_warning(data, str(code), msg)
                for code, msg in zip(table["code"], table["problem"], strict=True)
                if isinstance(msg, str)]
    out = table[list(MEDICARE_AMOUNT_COLUMNS)].rename(columns=MEDICARE_AMOUNT_COLUMNS)
    return out, warnings


def no_medicare_warning(data: ClinicData, code: str, problem: str) -> Problem:
    """The warning for a clinic's ``code`` Medicare has no amount for (``problem``, in
    :func:`ratecalc.medicare.medicare_amounts`' words), named where it was read: at its first
    Volumes row, else by the payers whose fee schedules list it (a payer's file brings codes
    the clinic never bills). It named the code alone, at no sheet or row, and said nothing of
    what follows for it."""
    volumes = data.volumes
    billed = volumes[volumes["code"].astype(str) == code]["payer"].astype(str).unique()
    if len(billed):
        where = data.cell("volumes", (billed[0], code), "code") or Location()
        found = f"billed to {join_words(list(billed))}"
    else:
        fees = data.fee_schedules
        rows = fees[fees["code"].astype(str) == code]
        listed = rows["payer"].astype(str).unique()
        # at the code's first Fee Schedules row (the dataset's rows are numbered from 0)
        where = (data.cell("fee_schedules", int(rows.index[0]), "code") if len(rows) else None
                 ) or Location()
        found = (f"on the fee schedule of {join_words(list(listed))}, not billed on Volumes"
                 if len(listed) else "not billed on Volumes")
    # still the Medicare lookup's warning: a percent-of-Medicare payer's billed code has its own
    # at the same Volumes row (the rate it lacks), which this one does not stand for
    return Problem("Medicare", where,
                   f"{problem}; {code}, {found}, is shown with no Medicare amount and no "
                   f"percent of Medicare", code, severity="warning")


def _clinic_medicare(data: ClinicData, codes: list[str], days: object) -> pd.DataFrame:
    """:func:`ratecalc.medicare.medicare_amounts` of ``codes`` on ``days`` (one, or one per
    code) with the clinic's locality and the settings' options: the one call both the
    analysis' Medicare date and the new terms' first days are priced with
    (:meth:`ratecalc.dataset.MedicareTerms.amounts`)."""
    return data.medicare_terms.amounts(codes, days)


def medicare_at_new_term(data: ClinicData, rows: pd.DataFrame,
                         starts: Mapping[str, date]) -> pd.DataFrame:
    """The Medicare amount in force on each payer's new-term start, per row of ``rows``.

    Parameters
    ----------
    data : ClinicData
    rows : pandas.DataFrame
        ``payer, code, medicare_amount`` (the analysis' Medicare date's [USD per unit]: the
        comparison).
    starts : mapping
        Payer -> the day its new term begins (:func:`ratecalc.rates.new_term_starts`).

    Returns
    -------
    pandas.DataFrame
        ``payer, code, medicare_amount`` [USD per unit, NaN where Medicare does not pay the
        code that day], ``medicare_date`` (the day it is from) and ``medicare_not_imported``,
        one row per row of ``rows``, in its order and with its index. A payer with a
        new-term start that a release covers gets that day's amount, with the settings'
        locality, setting and options; one whose start no release covers (CMS's next year
        not imported yet) keeps the analysis' Medicare date's, and ``medicare_not_imported``
        names the start (else None); a payer without a start keeps them too.

    Notes
    -----
    Every code on every distinct day, in one vectorized call, read back by position: a day
    per payer, not a lookup per row.
    """
    priced = data.settings.date_of_service
    # decided per payer, then spread to its rows: a day per payer, not a test per row
    days = {str(payer): day for payer, day in starts.items() if day != priced}
    priced_on = {payer: day for payer, day in days.items() if covers(day)}
    payers = rows["payer"].astype(str)
    on = payers.map(priced_on)
    on_day = on.notna().to_numpy(dtype=bool)
    amount = rows["medicare_amount"].to_numpy(dtype=float).copy()
    if on_day.any():
        # every code on every distinct day, in one call: a grid indexed by position
        codes = rows["code"].to_numpy(dtype=str)[on_day]
        distinct_codes = np.unique(codes)
        distinct_days = sorted(set(priced_on.values()))
        grid = _clinic_medicare(data, np.tile(distinct_codes, len(distinct_days)).tolist(),
                                np.repeat(np.array(distinct_days, dtype=object),
                                          len(distinct_codes)).tolist())
        by_day = grid["amount"].to_numpy(dtype=float).reshape(len(distinct_days), -1)
        day_at = {day: i for i, day in enumerate(distinct_days)}
        amount[on_day] = by_day[on[on_day].map(day_at).to_numpy(dtype=int),
                                np.searchsorted(distinct_codes, codes)]
    unpriced = {payer: day for payer, day in days.items() if payer not in priced_on}
    return pd.DataFrame({
        "payer": rows["payer"].to_numpy(), "code": rows["code"].to_numpy(),
        "medicare_amount": amount,
        "medicare_date": on.where(on.notna(), priced).to_numpy(dtype=object),
        "medicare_not_imported": payers.map(unpriced).astype(object).where(
            lambda d: d.notna(), None).to_numpy(dtype=object),
    }, index=rows.index)


@frozen_record
class MedicareBasis:
    """The Medicare amounts some of a payer's proposal rows are weighed against (their
    ``medicare_amount``, so their percent of Medicare): the day they are in force, the CMS
    release that prices that day, and the rows' codes."""

    day: date
    release: str  # as the releases are named: "rvu26c"
    codes: tuple[str, ...]


def proposal_medicare_basis(rows: pd.DataFrame, priced: date) -> tuple[MedicareBasis, ...]:
    """On which day, and by which CMS release, the Medicare amounts of proposal ``rows`` are
    priced: each row's ``medicare_date`` (:func:`medicare_at_new_term`, the day its payer's
    new term begins where a release covers it), else ``priced``, the analysis' Medicare date
    (Settings ``medicare_date``, else the analysis date). What every output that names the day
    or release of the proposal's Medicare amounts names (the letter said "October 1, 2025,
    RVU25D" under percents computed on the RVU26C amounts of April 1, 2026).

    Parameters
    ----------
    rows : pandas.DataFrame
        Proposal rows (:attr:`Analysis.proposal`): ``code`` and, where computed,
        ``medicare_date``.
    priced : datetime.date
        The analysis' Medicare date (:attr:`ratecalc.dataset.Settings.date_of_service`).

    Returns
    -------
    tuple of MedicareBasis
        One per day, earliest first, its codes in the order of ``rows``; empty for no rows.

    Examples
    --------
    >>> rows = pd.DataFrame({"code": ["97110", "92507"],
    ...                      "medicare_date": [date(2026, 4, 1), None]})
    >>> [(b.day.isoformat(), b.release, b.codes)
    ...  for b in proposal_medicare_basis(rows, date(2025, 10, 1))]
    [('2025-10-01', 'rvu25d', ('92507',)), ('2026-04-01', 'rvu26c', ('97110',))]
    """
    days = (rows["medicare_date"].tolist() if "medicare_date" in rows.columns
            else [None] * len(rows))
    codes: dict[date, list[str]] = {}
    for code, day in zip(rows["code"].astype(str), days, strict=True):
        if isinstance(day, date) and pd.isna(day):  # NaT is a date too
            day = None
        elif isinstance(day, datetime):
            day = day.date()
        codes.setdefault(day if isinstance(day, date) else priced, []).append(code)
    return tuple(MedicareBasis(day, release_for(day).release, tuple(listed))
                 for day, listed in sorted(codes.items()))


def medicare_not_imported_warnings(base: pd.DataFrame, priced: date) -> list[Problem]:
    """One warning naming each payer whose new term begins on a day no release covers
    (:func:`medicare_at_new_term`) with that day, the release RateCalc has and the import
    command (:func:`ratecalc.medicare.store.coverage_message`, of the earliest such day), and
    what the proposal uses meanwhile; none when every new term's day is covered."""
    unpriced = base[np.array([isinstance(d, date) for d in base["medicare_not_imported"]],
                             dtype=bool)]
    if unpriced.empty:
        return []
    by_day = {day: list(dict.fromkeys(rows["payer"].astype(str)))
              for day, rows in unpriced.groupby("medicare_not_imported", sort=True)}
    listed = "; ".join(f"{', '.join(payers)} {day.isoformat()}"
                       for day, payers in by_day.items())
    contracts = list(dict.fromkeys(unpriced.loc[unpriced["contract_pct"].notna(), "payer"]
                                   .astype(str)))
    owners = join_words([f"{payer}'s" for payer in contracts]) if contracts else ""
    several = len(contracts) > 1
    built = (f"; the current rates of {owners} percent-of-Medicare "
             f"contract{'s' if several else ''} are {'their' if several else 'its'} "
             f"percentage of those amounts" if contracts else "")
    years = join_words([str(y) for y in sorted({day.year for day in by_day})])
    return [Problem(
        "Proposal", Location(),
        f"Medicare's amounts for the day the new term begins, when the rates asked would take "
        f"effect, are not imported yet: {listed} ({coverage_message(min(by_day))}). Until "
        f"they are, the proposal compares these payers' asks with the Medicare amounts of "
        f"{priced.isoformat()}, the analysis' Medicare date{built}; check the asks against "
        f"Medicare's {years} amounts before sending them", severity="warning")]


def payer_medicare_not_imported(rows: pd.DataFrame, payer: str, priced: date, *,
                                contract_only: bool = False) -> str | None:
    """What a payer's figures at its new term (``rows``: :attr:`Analysis.new_term_rates`)
    stand on when no release covers the day that term begins, for the outputs of one payer
    (`scenario --payer`, `exit-impact --payer`); None when its day is covered. With
    ``contract_only``, only where its rates depend on it (a percent-of-Medicare contract): an
    output that prices no Medicare amount of its own."""
    own = rows[rows["payer"] == payer]
    days = [d for d in own["medicare_not_imported"] if isinstance(d, date)]
    pct = own["contract_pct"].dropna()
    if not days or (contract_only and pct.empty):
        return None
    day = min(days)
    rates = (f"; its percent-of-Medicare contract's rates are "
             f"{proposal.contract_percent_text(float(pct.iloc[0]))} of those amounts"
             if not pct.empty else "")
    return (f"Medicare's amounts for {day.isoformat()}, when {payer}'s new term begins, are not "
            f"imported yet ({coverage_message(day)}). Until they are, the Medicare amounts of "
            f"{priced.isoformat()}, the analysis' Medicare date, stand in for them{rates}; "
            f"check these figures against Medicare's {day.year} amounts")


def stale_medicare_note(settings: Settings) -> str | None:
    """Why the Medicare amounts may not be the ones in force: the settings price them in an
    earlier fee-schedule year than the analysis date's (a medicare_date left from last year's
    negotiation), naming that year, the release priced and how many years it is behind. None
    when they are in the same year, or no medicare_date is set (then the
    analysis date is the date of service)."""
    priced, as_of = settings.medicare_date, settings.as_of
    if priced is None or priced.year >= as_of.year:
        return None
    fix = (f"set medicare_date to a date in {as_of.year}" if covers(date(as_of.year, 1, 1))
           else f"add the {as_of.year} release ({remedy('medicare_import')}), then set "
                f"medicare_date to a date in {as_of.year}")
    behind = as_of.year - priced.year
    age = "a year" if behind == 1 else f"{behind} years"
    return (f"Medicare amounts are {priced.year}'s (medicare_date {priced.isoformat()}), the "
            f"analysis is as of {as_of.isoformat()}: CMS sets new amounts each January, so the "
            f"proposals compare with Medicare of {priced.year} (release "
            f"{release_for(priced).release.upper()}), {age} before {as_of.year}; {fix}")


def medicare_year_warning(settings: Settings,
                          cell: tuple[Location, str] | None = None) -> Problem | None:
    """:func:`stale_medicare_note` as the one warning every output priced on the analysis'
    Medicare amounts gives, in the same words: the analysis' own warnings (the Problems sheet,
    ``analyze``, ``demo``, ``refresh``) and every command built on it (``scenario``,
    ``exit-impact``, ``timeline``, ``letter``, ``workbook new``). None when there is nothing to
    say. ``cell``: the Medicare date's Settings cell and label
    (:meth:`ClinicData.field_cell`), named as :func:`check_settings_covered` names it, so
    the Problems sheet links to it; data built in code has none."""
    note = stale_medicare_note(settings)
    if note is None:
        return None
    if cell is None:
        return Problem("Settings", Location(), note, severity="warning")
    location, label = cell
    return Problem("Settings", location, f"{label}: {note}", severity="warning")


def analyze(data: ClinicData) -> Analysis:
    """Run the negotiation analysis.

    Steps: rates in force on the analysis date joined to volumes; Medicare amounts for every code
    (locality and date from settings); the gap table at the target percentile; the walk-away
    floor; the proposal for every payer. Payer priorities, Pareto sets and the renewal calendar
    follow on first use (see :class:`Analysis`).
    """
    s = data.settings
    as_of = s.as_of
    # A case without Medicare amounts is no case: refuse a date no release covers, up front.
    check_settings_covered(data)
    # the contracts governing on the analysis date, found once: every rule below reads them
    governing = rate_rules.payer_contracts(data.contracts, as_of)
    # and those not in force yet, with the payers none of whose contracts is: found once too
    # (the priorities, their renewal terms and two warnings read them)
    starting_later = rate_rules.contracts_not_started(data.contracts, as_of, governing=governing)
    not_started = rate_rules.payers_not_started(data.contracts, as_of, governing=governing,
                                                later=starting_later)
    # for codes and rates; a contract's escalator raises its rates as a row dated ahead would
    # the fee-schedule rows that can set a rate, prepared once: read today, and again below
    # on each payer's new-term start and for the changes ahead
    prepared = (None if data.fee_schedules.empty
                else rate_rules.code_rate_rows(data.fee_schedules))
    schedule = rate_rules.schedule_rates(data.fee_schedules, as_of, contracts=data.contracts,
                                         governing=governing, prepared=prepared)
    codes = rate_rules.rate_codes(data, as_of, schedule)
    medicare, warnings = medicare_by_code(data, codes)
    stale = medicare_year_warning(s, data.field_cell("settings", "medicare_date"))
    if stale is not None:
        warnings.append(stale)
    medicare_series = medicare.set_index("code")["medicare_amount"]
    rates = rate_volume_table(data, as_of, medicare_series, schedule=schedule,
                              governing=governing)
    market, several = gap.market_rows(data.benchmarks)
    if several:
        warnings.append(Problem("Benchmarks", data.table_place("benchmarks"), several,
                                severity="warning"))
    comparison = gap.gap_table(rates, market, medicare_series, s.target_percentile)
    extra = rates.set_index(["payer", "code"])[["schedule_rate", "rate_source"]]
    comparison = comparison.join(extra, on=["payer", "code"])
    check = rate_rules.contract_check(rates, medicare_series)
    comparison = comparison.join(
        check.set_index(["payer", "code"])["shortfall_a_year"]
        .rename("underpaid_vs_contract_a_year"),
        on=["payer", "code"])
    # a facility's or an expired market figure is said wherever it is used: beside each row's
    # market (the Comparison's last column, so no column a user's formula reads moves), the
    # Proposal's reason beside the ask built on it, and a warning naming the codes
    caveat_of = caveats_by_code(market)
    comparison["market_caveat"] = market_caveat_column(comparison, caveat_of)
    checked_at = medicare_label(data.locality, [])  # named as every output names it
    for payer, rows in check[check["underpaid"]].groupby("payer", sort=False):
        codes_short = ", ".join(f"{r.code} ({pct_of_medicare_text(r.paid_pct)} paid)"
                                for r in rows.itertuples())
        warnings.append(Problem(
            "Fee Schedules", data.table_place("fee_schedules"),
            f"{payer} pays less than its contract "
            f"({proposal.contract_percent_text(rows['contract_pct'].iloc[0])} of Medicare) for "
            f"{codes_short}: "
            f"{money_text(rows['shortfall_a_year'].sum())} a year below the contract at "
            # a practice with a location in another locality is paid there by its amounts: the
            # Eureka clinic's 110% of Rest of California read as San Francisco's underpaid
            # the data knows no second location: the advice is said as an "if"
            f"Medicare's amounts for locality {checked_at.locality}, the analysis' (if you also "
            f"see "
            f"patients at a location in another locality, those visits are paid at that "
            f"locality's amounts: check them before asking)",
            severity="warning"))
    doubts = rate_rules.doubtful_rates(rates, medicare_series, s.plausible_low, s.plausible_high,
                                       schedule=schedule)
    warnings += [doubt_warning(r, where=doubt_place(data, r))
                 for r in doubts[~doubts["confirmed"]].itertuples()]

    # the proposal asks rates that take effect when each payer's new term begins: it builds
    # on the rates in force that day, a rate the payer agreed for a day before then included,
    # and on the Medicare amounts in force then: a percent-of-Medicare contract pays its
    # percentage of those, and the asks are weighed against them
    starts = rate_rules.new_term_starts(data.contracts, as_of, governing=governing)
    term_medicare = medicare_at_new_term(data, comparison, starts)
    moved = term_medicare["medicare_date"].ne(s.date_of_service).to_numpy(dtype=bool)
    payer_medicare = term_medicare[moved] if moved.any() else None
    ahead = rate_rules.scheduled_changes(data.fee_schedules, as_of, prepared=prepared)
    # (read again only where a row lies ahead, and priced again only where one is built on,
    # or a Medicare amount moves, or one is not imported: a percent contract's words need
    # its percentage)
    at_start = (schedule if ahead.empty and not rate_rules.escalates(
                    data.contracts, as_of, governing=governing) else
                rate_rules.schedule_rates(data.fee_schedules, as_of, payer_dates=starts,
                                          contracts=data.contracts, governing=governing,
                                          prepared=prepared))
    unpriced = term_medicare["medicare_not_imported"].notna().to_numpy(dtype=bool)
    same_rows = at_start.equals(schedule)
    then = None
    if not (same_rows and not moved.any() and not unpriced.any()):
        if same_rows:  # only Medicare's amounts move: today's table, its percent rows repriced
            then = (rates if payer_medicare is None else
                    rate_rules.reprice_by_contract(rates, medicare_series, payer_medicare))
        if then is None:
            then = rate_rules.rates_in_force(data, as_of, medicare_series, schedule=at_start,
                                             payer_medicare=payer_medicare, governing=governing)
    base = proposal.rates_at_new_term(comparison, then, at_start, starts, as_of,
                                      medicare=term_medicare)
    warnings += scheduled_rate_warnings(ahead, as_of, starts, comparison,
                                        rates if then is None else then, at_start,
                                        place=data.column_place("fee_schedules",
                                                                "effective_date"),
                                        not_started=not_started)
    warnings += medicare_not_imported_warnings(base, s.date_of_service)
    # a rate that looks wrong is named whether it is in force today or from the new term's
    # start (against Medicare that day), and the proposal is flagged on the rate it builds on
    # (read again only where the proposal builds on another table than today's: where it is
    # today's, its doubts are those found above)
    other_table = then is not None and then is not rates
    basis_doubts = (rate_rules.doubtful_rates(then, medicare_series, s.plausible_low,
                                              s.plausible_high, payer_medicare=payer_medicare,
                                              schedule=at_start)
                    if other_table else doubts)
    if other_table:
        # by plain lookups (a MultiIndex and a merge cost milliseconds on these few rows): a
        # payer and code on two rows of the table name no day, as the index found none
        agreed_day: dict[tuple[Any, Any], Any] = {}
        for key, day in zip(zip(at_start["payer"].tolist(), at_start["code"].tolist(),
                                strict=True),
                            at_start["effective_date"].tolist(), strict=True):
            agreed_day[key] = None if key in agreed_day else day
        known = set(zip(doubts["payer"].tolist(), doubts["code"].tolist(),
                        doubts["rate"].tolist(), strict=True))
        fresh = np.array([key not in known for key in zip(
            basis_doubts["payer"].tolist(), basis_doubts["code"].tolist(),
            basis_doubts["rate"].tolist(), strict=True)], dtype=bool)
        # a rate on file today can look wrong only against the new term's Medicare: it has
        # no day "agreed from" to name
        warnings += [doubt_warning(r, day if isinstance(day := agreed_day.get((r.payer, r.code)),
                                                        date) and day > as_of else None,
                                   doubt_place(data, r))
                     for r in
                     basis_doubts[fresh & ~basis_doubts["confirmed"].to_numpy(bool)].itertuples()]
        doubts = pd.concat([doubts, basis_doubts[fresh]], ignore_index=True)
    warnings += contracts_ahead_warnings(data, as_of, governing=governing,
                                         starting_later=starting_later)
    why_no_medicare = dict(zip(medicare["code"], medicare["problem"], strict=True))
    for row in comparison[comparison["allowed_amount"].isna()].itertuples():
        # at the volume row: the rate to add is missing, so there is no fee-schedule row to name
        where = data.cell("volumes", (row.payer, row.code), "units_per_year") or Location()
        if row.rate_source == NO_MEDICARE_SOURCE:
            # the contract's percentage of no Medicare amount: "add its rate" was the wrong
            # remedy for a code Medicare does not price
            why = why_no_medicare.get(row.code)
            said = rate_rules.no_medicare_note(str(row.payer), [str(row.code)], s.date_of_service)
            warnings.append(Problem("Volumes", where, said + (f" ({why})" if isinstance(why, str)
                                                              else ""), severity="warning"))
            continue
        warnings.append(Problem("Volumes", where,
                                f"{row.payer} has volume for {row.code} but no rate in force on "
                                f"{as_of.isoformat()}: counted as not paid ($0); if {row.payer} "
                                f"pays it, add its rate on the Fee Schedules sheet",
                                severity="warning"))
    missing_bench = sorted(set(comparison.loc[comparison["benchmark"].isna(), "code"]))
    # the Benchmarks table's file and sheet, where the user adds the row a code lacks; the code
    # said in the words, not quoted as a "got" value the table does not hold
    benchmarks_at = data.table_place("benchmarks")
    if (no_market := gap.no_market_note(comparison)) is not None:
        # one sentence for the whole table, not the same warning once a code
        warnings.append(Problem("Benchmarks", benchmarks_at, no_market, severity="warning"))
        missing_bench = []
    elif (partial := gap.market_note(comparison)) is not None:
        # some payers' dollars below market are not known while others' are
        warnings.append(Problem("Benchmarks", benchmarks_at, partial, severity="warning"))
    for code in missing_bench:
        warnings.append(Problem("Benchmarks", benchmarks_at,
                                f"no market benchmark for {code} (no row gives one): the "
                                f"proposal asks the minimum increase for it; to compare it with "
                                f"the market, add a row for {code} with its market rates",
                                severity="warning", code=str(code)))

    # each payer's visits, found once: the total below (without the metric), the check of the
    # metric against them and the exit estimates read them
    by_payer = rate_rules.payer_visits(data)
    visits = _total_visits(data, by_payer)
    disagree = visits_disagree_note(data, by_payer)
    if disagree:
        warnings.append(Problem("Clinic Metrics", data.table_place("metrics"), disagree,
                                severity="warning"))
    units_by_code = comparison.groupby("code")["units_per_year"].sum()
    medicare_total = float((units_by_code * medicare_series.reindex(units_by_code.index))
                           .fillna(0).sum())
    medicare_per_visit = medicare_total / visits if visits else float("nan")
    cost = metric_value(data, "cost_per_visit")
    floor_ratio = proposal.walk_away_floor_ratio(
        cost, s.walk_away_margin, medicare_per_visit if visits else None)
    if cost is None:
        warnings.append(Problem("Clinic Metrics", data.table_place("metrics"),
                                "no cost per visit among the clinic metrics: the proposal has "
                                "no walk-away floor",
                                severity="warning"))
    odd_floor = floor_outside_band_note(cost, s.walk_away_margin, floor_ratio,
                                        float(units_by_code.sum()), visits,
                                        medicare_per_visit, s.plausible_low, s.plausible_high)
    if odd_floor:
        warnings.append(Problem("Clinic Metrics", data.table_place("metrics"), odd_floor,
                                severity="warning"))
    policy = proposal.ProposalPolicy(s.min_increase, s.max_increase, s.rate_basis)
    proposed = proposal.build_proposal(base, policy, floor_ratio)
    proposed = proposal.apply_requested(proposed, data.requested_rates)
    for caveat, codes in caveat_groups(
            caveat_of, comparison.loc[comparison["benchmark"].notna(), "code"]).items():
        warnings.append(Problem("Benchmarks", benchmarks_at, caveat_warning(caveat, codes),
                                severity="warning"))
    marked = (proposed["benchmark"].notna()
              & proposed["code"].astype(str).isin(list(caveat_of))).to_numpy(dtype=bool)
    if marked.any():
        proposed.loc[marked, "reason"] = [
            f"{reason} (market: {caveat_of[str(code)]})" for reason, code in
            zip(proposed.loc[marked, "reason"], proposed.loc[marked, "code"], strict=True)]
    # no raise asked on a code not billed to the payer in the period (an ended contract's
    # reason, below, says why its rows ask nothing at all)
    proposed = proposal.hold_unbilled(proposed)
    # a contract that ended without renewal has no renewal to ask rates for, nor has a payer
    # whose contract is not in force yet: no letter is written to either, so no total counts
    # an ask of it (a payer not started yet was asked, its asks in the Totals and Dashboard)
    ended = rate_rules.payers_asked_nothing(data.contracts, as_of, governing=governing,
                                            not_started=not_started)
    proposed = proposal.withhold_asks(proposed, ended)
    typed = proposed[proposed["payer"].isin(list(ended)).to_numpy(dtype=bool)
                     & proposed["override_rate"].notna().to_numpy(dtype=bool)]
    for payer, rows in typed.groupby("payer", sort=False):
        why = ended[str(payer)]
        warnings.append(Problem(
            "Proposal", Location(),
            f"{payer}: 'Your rate' is typed for {join_words(rows['code'].astype(str).tolist())} "
            f"and counts as an ask, but {why if why.startswith('its ') else 'the ' + why}",
            severity="warning"))
    # a code billed with no rate has no row to ask from: the letter asks for a rate instead
    # (a payer whose contract ended is written no letter)
    unasked = proposal.billed_without_rate(comparison, proposed)
    source_of = dict(zip(zip(comparison["payer"], comparison["code"], strict=True),
                         comparison["rate_source"], strict=True))
    for payer, rows in unasked[~unasked["payer"].isin(list(ended))].groupby("payer",
                                                                           sort=False):
        no_medicare = [str(c) for c in rows["code"]
                       if source_of.get((payer, c)) == NO_MEDICARE_SOURCE]
        warnings.append(Problem("Proposal", Location(), proposal.no_rate_asked_note(
            str(payer), rows["code"].astype(str).tolist(),
            rows["units_per_year"].astype(float).tolist(), no_medicare), severity="warning"))
    unconfirmed = basis_doubts[~basis_doubts["confirmed"].astype(bool)]
    doubtful_keys = set(zip(unconfirmed["payer"], unconfirmed["code"], strict=True))
    proposed["rate_doubtful"] = [(p, c) in doubtful_keys for p, c in
                                 zip(proposed["payer"], proposed["code"], strict=True)]
    flagged = proposed["rate_doubtful"].astype(bool)
    if flagged.any():  # an empty selection of an empty proposal is float: no text to prefix
        proposed.loc[flagged, "reason"] = (
            "check the current rate first (flagged on the Problems sheet); "
            + proposed.loc[flagged, "reason"].astype(str))
    # the day each current rate is from, last: the columns before keep their places
    dated = ["current_rate_date", "rate_today", "rate_agreed_from", "medicare_date",
             "medicare_not_imported"]
    proposed = proposed[[c for c in proposed.columns if c not in dated] + dated]
    below = proposed[proposed["below_medicare"].to_numpy(dtype=bool)]
    # worded in one pass, the amounts in one call each: 40 payers x 300 codes can have a
    # thousand such rows
    moved = [f" in force on {day.isoformat()}"
             if isinstance(day, date) and day != s.date_of_service else ""
             for day in below["medicare_date"]]
    items = [f"{code} ({ask} vs Medicare {amount}{day})" for code, ask, amount, day in zip(
        below["code"], money_texts(below["requested_rate"]),
        money_texts(below["medicare_amount"]), moved, strict=True)]
    # what held each ask there, from its reason: "the maximum increase caps it" was said of
    # every code, also of those with no market figure, asked the minimum increase or the floor
    held = [held_below_medicare(str(reason)) for reason in below["reason"]]
    for cause in dict.fromkeys(held):
        rows = [i for i, h in enumerate(held) if h == cause]
        for payer, shown in _by_payer(below["payer"].iloc[rows], [items[i] for i in rows]):
            warnings.append(Problem(
                "Proposal", Location(),
                f"{payer}: the rate to ask stays below Medicare for {shown} ({cause}); "
                f"consider asking more", severity="warning"))
    # built on a cut the payer scheduled inside the term, an ask can be less than it pays today
    under = proposed[((proposed["current_rate"] < proposed["rate_today"] - 0.005)
                      & (proposed["requested_rate"] < proposed["rate_today"] - 0.005)).to_numpy()]
    # or on a percent-of-Medicare contract's rate when Medicare's amount that day is lower: a
    # cut the contract passes through, not one the payer scheduled
    by_medicare = [not isinstance(agreed, date) and isinstance(day, date)
                   and day != s.date_of_service
                   for agreed, day in zip(under["rate_agreed_from"], under["medicare_date"],
                                          strict=True)]
    items = [f"{code} ({ask} against {now} today, built on {built}"
             + (f", its percentage of Medicare's {amount} from {day.isoformat()}" if medicare
                else f" from {agreed.isoformat()}" if isinstance(agreed, date) else "") + ")"
             for code, ask, now, built, agreed, amount, day, medicare in zip(
                 under["code"], money_texts(under["requested_rate"]),
                 money_texts(under["rate_today"]), money_texts(under["current_rate"]),
                 under["rate_agreed_from"], money_texts(under["medicare_amount"]),
                 under["medicare_date"], by_medicare, strict=True)]
    passed_through = {str(p) for p, medicare in zip(under["payer"], by_medicare, strict=True)
                      if medicare}
    for payer, shown in _by_payer(under["payer"], items):
        advice = ("ask at least today's rate to keep what it pays now: its percent-of-Medicare "
                  "contract passes Medicare's lower amounts through" if payer in passed_through
                  else "ask at least today's rate if the cut is not agreed")
        warnings.append(Problem(
            "Proposal", Location(),
            f"{payer}: the rate to ask is below what it pays on the analysis date for {shown}: "
            f"the proposal builds on the lower rate in force when its new term begins; "
            f"{advice}", severity="warning"))
    unpaid = proposal.rates_no_term_pays(proposed)
    for payer, rows in unpaid.groupby("payer", sort=False):
        shown = ", ".join(f"{r.code} {money_text(r.override_rate)} "
                          f"({pct_of_medicare_text(r.term)} pays {money_text(r.term_pays)})"
                          for r in rows.itertuples())
        warnings.append(Problem(
            "Proposal", Location(),
            f"{payer}: 'Your rate' is no percent of Medicare to a tenth of a percent for "
            f"{shown}: the proposal asks percents of Medicare (rate_basis pct_of_medicare), "
            f"and the letter would show a percent beside a rate it does not pay; type the "
            f"rate a percent pays", severity="warning"))
    return Analysis(
        data=data, as_of=as_of, medicare=medicare, comparison=comparison, proposal=proposed,
        market=market,
        floor_pct_of_medicare=floor_ratio, medicare_revenue_per_visit=medicare_per_visit,
        warnings=tuple(warnings), contract_check=check, doubtful_rates=doubts,
        rates_at_new_term=base, new_term_starts=starts, governing_found=governing,
        visits_found=by_payer, not_started_found=not_started,
    )


def held_below_medicare(reason: str) -> str:
    """Why an ask below Medicare is no higher, from the proposal's ``reason`` for it
    (:func:`ratecalc.proposal.build_proposal`), in the words of the warning that names it."""
    if "walk-away floor" in reason:
        return "raised to the walk-away floor only, with no market above it to ask"
    if "no market figure" in reason:
        return "no market figure: it asks the minimum increase"
    if "capped at the maximum increase" in reason:
        return "the maximum increase caps it"
    return "the market is below Medicare"


def _by_payer(payers: pd.Series, items: list[str]) -> list[tuple[str, str]]:
    """``items`` (one per row) joined per payer, the payers in order of first appearance."""
    joined: dict[str, list[str]] = {}
    for payer, item in zip(payers.astype(str), items, strict=True):
        joined.setdefault(payer, []).append(item)
    return [(payer, ", ".join(listed)) for payer, listed in joined.items()]


def doubt_place(data: ClinicData, r: Any) -> Location | None:
    """Where the user finds a :func:`ratecalc.rates.doubtful_rates` row ``r``: the rate cell
    of its Fee Schedules row (file, sheet, row and the column's header as written), the row
    the rate was read from, before any escalator raised it; None for data built in code (the
    demo). Every output that names a doubtful rate names it here: the warning (the Problems
    sheet links to it), ``analyze``'s list and summary, the letters' refusal and notice."""
    row = getattr(r, "fee_row", None)
    if row is None or (isinstance(row, float) and np.isnan(row)):
        return None
    return data.cell("fee_schedules", int(row), "allowed_amount")


def doubt_warning(r: Any, agreed_from: object = None, where: Location | None = None
                  ) -> Problem:
    """The warning for a :func:`ratecalc.rates.doubtful_rates` row ``r``, at ``where``
    (:func:`doubt_place`); ``agreed_from``, the day a rate agreed for later takes effect, is
    named when it is a date."""
    since = f", agreed from {agreed_from.isoformat()}," if isinstance(agreed_from, date) else ""
    return Problem("Fee Schedules", where or Location(),
                   f"{r.payer}, {r.code}: rate {money_text(r.rate)}{since} looks wrong "
                   f"({r.reason}); check it and mark it confirmed or correct it",
                   # as typed, the figure its Fee Schedules row shows (the message names the
                   # escalator's raised rate too, which is on no row)
                   r.row_rate, severity="warning")


def scheduled_rate_warnings(ahead: pd.DataFrame, as_of: date, starts: Mapping[str, date],
                            comparison: pd.DataFrame, then: pd.DataFrame,
                            at_start: pd.DataFrame, *, place: Location | None = None,
                            not_started: Mapping[str, date] | None = None) -> list[Problem]:
    """A warning per payer with fee-schedule rates taking effect after the analysis date
    (``ahead``, :func:`ratecalc.rates.scheduled_changes`): each named with its rate, its day
    and today's rate, and whether the proposal builds on it (it takes effect by the day the
    payer's new term begins, :func:`ratecalc.rates.new_term_starts`) or not (later: a matter
    for a later negotiation). The comparison keeps the rates in force on the analysis date. A
    rate built on that is not the next one listed (a second change inside the term) is named
    with its rate and day (``at_start``, :func:`ratecalc.rates.schedule_rates` on each payer's
    new-term start). ``not_started``: payers not under contract yet
    (:func:`ratecalc.rates.payers_not_started`), whose reason the warning names
    (:func:`ratecalc.rates.no_term_words`). ``place``: where the warnings are, the fee
    schedules' effective-date column as the user sees it
    (:meth:`ratecalc.dataset.ClinicData.column_place`); none for data built in code."""
    in_force = comparison.set_index(["payer", "code"])["allowed_amount"]
    raised = "escalator" in at_start.columns  # escalated_schedule's, with the contracts
    chosen = at_start.set_index(["payer", "code"])[
        ["schedule_rate", "effective_date", *(["escalator", "escalated_on"] if raised else [])]]
    warnings = []
    source = then.set_index(["payer", "code"])["rate_source"].astype(str)
    for payer, rows in ahead.groupby("payer", sort=False):
        changes = ", ".join(
            f"{r.code} {money_text(r.schedule_rate)} from {r.effective_date.isoformat()}"
            + (f" ({money_text(now)} now)" if not pd.isna(now := in_force.get((payer, r.code)))
               else "")
            for r in rows.itertuples())
        start = starts.get(str(payer))
        day = start or as_of
        due = [r.code for r in rows.itertuples() if r.effective_date <= day]
        later = [r.code for r in rows.itertuples() if r.effective_date > day]
        # built on where the proposal has the code's row and the fee schedule sets its rate
        unrowed = [c for c in due if (payer, c) not in in_force.index]
        by_contract = [c for c in due if c not in unrowed
                       and not source.get((payer, c), "").startswith("fee schedule")]
        built = [c for c in due if c not in unrowed and c not in by_contract]
        when = (f"when its new term begins on {start.isoformat()}" if start else
                f"on the analysis date "
                f"({rate_rules.no_term_words(payer, as_of, not_started or {})})")
        said = (f"{payer} has rates on file that take effect after the analysis date "
                f"{as_of.isoformat()}: {changes}. The comparison uses the rates in force on "
                f"{as_of.isoformat()}; the proposal builds on the rates in force {when}")
        if built:
            listed = {r.code: r.effective_date for r in rows.itertuples()}
            named = []
            for c in built:
                if (payer, c) not in chosen.index:
                    named.append(c)
                    continue
                rate, day_of = chosen.loc[(payer, c), ["schedule_rate", "effective_date"]]
                by = chosen.loc[(payer, c), "escalator"] if raised else np.nan
                # a rate the contract's escalator raised has no row on file that says so; how
                # many times since the analysis date, as the Proposal and the letter say it
                on = chosen.loc[(payer, c), "escalated_on"] if raised else ()
                why = ("a later change inside the term" if pd.isna(by) else
                       raised_by_escalator(by, times=sum(d > as_of for d in on)
                                           if isinstance(on, tuple) else 1))
                named.append(c if day_of == listed[c] else
                             f"{c} ({money_text(float(rate))} from {day_of.isoformat()}, "
                             f"{why})")
            said += f", including the rate{'s' if len(built) > 1 else ''} agreed for " \
                    f"{', '.join(named)}"
        if by_contract:
            said += (f"; its contract pays {', '.join(by_contract)} as a percent of Medicare, "
                     f"so the proposal does not use the fee-schedule rate agreed for "
                     f"{'it' if len(by_contract) == 1 else 'them'}")
        if unrowed:
            said += (f"; {', '.join(unrowed)} "
                     f"{'has' if len(unrowed) == 1 else 'have'} no volume and no rate on the "
                     f"analysis date, so no row on the Proposal")
        if later:
            said += (f"; {', '.join(later)} "
                     f"{'takes' if len(later) == 1 else 'take'} effect after that, so the "
                     f"proposal does not build on {'it' if len(later) == 1 else 'them'}: "
                     f"check each ask against the rate due then before sending it")
        warnings.append(Problem("Fee Schedules", place or Location(), said, severity="warning"))
    return warnings


def contracts_ahead_warnings(data: ClinicData, as_of: date, *,
                             governing: pd.DataFrame | None = None,
                             starting_later: pd.DataFrame | None = None) -> list[Problem]:
    """A warning for each contract that starts after the analysis date: it is not in force
    (:func:`ratecalc.rates.payer_contracts`, ``governing`` when the caller has it already),
    so no output uses its terms yet. ``starting_later``: :func:`ratecalc.rates.
    contracts_not_started` of the data's contracts on ``as_of``, when the caller has it."""
    warnings = []
    if starting_later is None:
        starting_later = rate_rules.contracts_not_started(data.contracts, as_of,
                                                          governing=governing)
    for r in starting_later.itertuples():
        name = rate_rules.contract_name({"contract_id": r.contract_id, "product": r.product})
        # a row with no id is named "the PPO contract" already: "contract" is said once
        named = f"contract {name}" if r.contract_id else name
        start = r.effective_date.isoformat()
        meanwhile = (f"{r.in_force} governs until then" if r.in_force else
                     f"{r.payer} has no contract in force on {as_of.isoformat()}: no contract "
                     f"terms (percent of Medicare, end date, notice deadline) apply to it")
        # at its Effective date cell, where the contract was read: the date that says so
        where = data.contract_cell({"payer": r.payer, "product": r.product,
                                    "contract_id": r.contract_id}, "effective_date")
        warnings.append(Problem(
            "Contracts", where or Location(),
            f"{r.payer}: {named} starts {start}, after the analysis date "
            f"{as_of.isoformat()}, so it is not in force yet; {meanwhile}",
            severity="warning"))
    return warnings


def metric_value(data: ClinicData, name: str) -> float | None:
    """The value of one clinic metric (``cost_per_visit``...), or None when not given."""
    m = data.metrics
    if m.empty:
        return None
    hit = m.loc[m["metric"] == name, "value"]
    return float(hit.iloc[0]) if len(hit) and not np.isnan(hit.iloc[0]) else None


#: How far the clinic's visits a year and its payers' may differ before a warning says so
#: [fraction of the clinic's figure]: a rounding of either, not a second count.
VISITS_TOLERANCE = 0.01


def visits_disagree_note(data: ClinicData, by_payer: pd.Series | None = None) -> str | None:
    """A warning naming both figures when the clinic's visits a year (Clinic Metrics
    ``visits_per_year``, which the walk-away floor divides by) and its payers' visits added up
    (:func:`ratecalc.rates.payer_visits`, which the exit estimates and the letter use) differ by
    more than :data:`VISITS_TOLERANCE`; None when they agree or either is missing.

    The two are kept as given, not one forced on the other: the clinic's total may count
    visits of payers the tables do not list. The warning says which output uses which.
    ``by_payer``: :func:`ratecalc.rates.payer_visits` of ``data``, when the caller has it.
    """
    metric = metric_value(data, "visits_per_year")
    if not metric or data.volumes.empty:
        return None
    visits = rate_rules.payer_visits(data) if by_payer is None else by_payer
    payers = visits.reindex(sorted(set(data.volumes["payer"].astype(str)))).dropna()
    listed = float(payers.sum())
    if payers.empty or abs(listed - metric) <= VISITS_TOLERANCE * metric:
        return None
    return (f"visits_per_year is {whole_text(metric)} among the clinic metrics, but the "
            f"payers' visits a year add up to {whole_text(listed)} (the Payers table's, else "
            f"the clinic's spread by units): the walk-away floor uses {whole_text(metric)}, "
            f"the exit estimates and the letter use each payer's; correct whichever is out of "
            f"date")


def floor_outside_band_note(cost_per_visit: float | None, margin: float, floor_ratio: float,
                            units: float, visits: float, medicare_per_visit: float,
                            low: float, high: float) -> str | None:
    """A warning naming the figures the walk-away floor comes from when it is, as a fraction of
    Medicare (:func:`ratecalc.proposal.walk_away_floor_ratio`), outside the band a rate on
    file is doubted outside (SETTINGS ``plausible_low``-``plausible_high``); None inside it or
    without a floor.

    The floor is right for its inputs, but no therapy visit bills 40 units: a floor of $0.29
    for a $47 code says a year's units, the visits a year or the cost per visit is wrong, and
    a floor too high the other way raises every ask to it, in the letter too, in silence.
    """
    if not floor_ratio or not visits or not units:
        return None
    if low <= floor_ratio <= high:
        return None
    floor = exit_impact.walk_away_check(0.0, float(cost_per_visit or 0.0), margin).floor
    side, line = ("below", low) if floor_ratio < low else ("above", high)
    return (f"the walk-away floor is {percent_beside_line(floor_ratio, line)} "
            f"of Medicare, {side} the plausible {stated_percent_text(low)}-"
            f"{stated_percent_text(high)}: {money_text(floor)} a visit (cost per visit "
            f"{money_text(float(cost_per_visit or 0.0))} + {stated_percent_text(margin)}) "
            f"against Medicare's {money_text(medicare_per_visit)} for a visit, "
            f"{units_text(units)} units a year over {whole_text(visits)} visits "
            f"({units_text(units / visits)} units a visit); check units_per_year on the "
            f"Volumes sheet (one year's), and cost_per_visit and visits_per_year among the "
            f"clinic metrics")


def _total_visits(data: ClinicData, by_payer: pd.Series) -> float:
    """Visits a year: the metric when given, else the sum of the payers' visits
    (``by_payer``, :func:`ratecalc.rates.payer_visits` of ``data``)."""
    metric = metric_value(data, "visits_per_year")
    if metric:
        return metric
    return float(by_payer.fillna(0).sum())
