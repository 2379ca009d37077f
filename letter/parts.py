"""The parts every letter shares, built from an analysis: the payer's contract and contact
(checked, with every missing field named at once), the letterhead, addressee and signature, the
dates, the value case, the alternative terms and the rate lines taken from the core's proposal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ratecalc import rates as rate_rules
from ratecalc.analysis import Analysis, MedicareBasis, analyze, proposal_medicare_basis
from ratecalc.errors import InputError, Location, NotOnFileError
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import MONEY_UNITS, PERCENT_UNITS, RANGES, metric_unit
from ratecalc.market_caveats import caveat_groups, caveats_by_code, cited_source
from ratecalc.market_region import is_unfiltered, region_rates_words
from ratecalc.mean_days import mean_days_text
from ratecalc.medicare_label import medicare_label
from ratecalc.metric_periods import stale_metrics_warning
from ratecalc.metric_sources import sources_listed
from ratecalc.negotiation_log import proposal_sent_as_of
from ratecalc.payers import payer_key
from ratecalc.proposal import asked_percent, revenue_impact
from ratecalc.ranking import code_order, name_key
from ratecalc.rate_basis import contract_percent_text, raised_by_escalator
from ratecalc.remedies import remedy
from ratecalc.schema import BENCHMARKS, CLINIC, CONTRACTS, FEE_SCHEDULES, PAYERS, SETTINGS, VOLUMES
from ratecalc.timeline import (
    PastEndDate,
    RenewalTimeline,
    business_day_offset,
    contract_label,
    contract_not_started,
    contract_renewal_months,
    contract_start,
    ended_note,
    next_term_deadline,
    not_a_business_day_words,
    renewal_timeline,
    successor_starts,
)
from ratecalc.validation import text_or_blank
from ratecalc_letter import formats as fmt
from ratecalc_letter.blocks import (
    Block,
    Bullets,
    Heading,
    Letterhead,
    Paragraph,
    RateLine,
    Signature,
    Table,
    Totals,
)
from ratecalc_letter.descriptions import clinic_descriptions, describe

KINDS: tuple[str, ...] = ("proposal", "counter", "termination")


# Metrics shown in the value case, in order: label, lower is better (each in its row's unit, or
# the metric's own: ratecalc.limits.metric_unit). Cost per visit and visits per year stay out:
# the first would tell the payer the clinic's floor.
VALUE_METRICS: dict[str, tuple[str, bool]] = {
    "clean_claim_rate": ("Clean-claim rate", False),
    "denial_rate": ("Denial rate", True),
    "days_in_ar": ("Days in accounts receivable", True),
    "outcome_improvement": ("Functional outcome improvement", False),
    "patient_satisfaction": ("Patient satisfaction", False),
    "nps": ("Net Promoter Score", False),
    "visits_per_episode": ("Visits per episode of care", True),
    "cost_per_episode": ("Cost per episode of care", True),
}


#: A cell's text, "" for a blank one: the core's rule.
text_of = text_or_blank


def address_lines(value: Any) -> list[str]:
    """An address typed with ';' or line breaks between its lines."""
    text = text_of(value).replace("\r", "\n").replace(";", "\n")
    return [part.strip() for part in text.split("\n") if part.strip()]


def date_of(value: Any) -> date | None:
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    return value if isinstance(value, date) else None


#: The master workbook keeps the Payers and Contracts tables on one sheet: a message naming
#: either names that sheet ("sheet 'Contracts'" named a sheet the workbook does not have).
_SHEET_OF = {PAYERS.title: "Payers & Contracts", CONTRACTS.title: "Payers & Contracts"}


def sheet(title: str) -> str:
    """Where a table is, as the master workbook's sheet tab names it."""
    return f"sheet '{_SHEET_OF.get(title, title)}'"


@frozen_record
class PayerContext:
    """What every letter to one payer draws on, checked."""

    analysis: Analysis
    payer: str
    contract: dict[str, Any]
    letter_date: date
    timeline: RenewalTimeline
    proposal: pd.DataFrame  # the payer's proposal rows, most units first
    descriptions: dict[str, str]


def _find_payer(analysis: Analysis, payer: str) -> str:
    data = analysis.data
    known: list[str] = []
    for frame in (data.payers, data.contracts, analysis.proposal):
        if not frame.empty:
            known.extend(str(p) for p in frame["payer"])
    by_key = {payer_key(p): p for p in known}
    found = by_key.get(payer_key(payer))
    if found is None:
        listed = ", ".join(sorted(set(known), key=name_key)) or "none"
        raise InputError(f"payer {payer!r} is not on the {sheet(PAYERS.title)}; payers on "
                         f"file: {listed}")
    return found


def _on_payers(analysis: Analysis, payer: str) -> bool:
    """Whether the Payers table has a row for ``payer``."""
    payers = analysis.data.payers
    return not payers.empty and payer_key(payer) in set(map(payer_key, payers["payer"]))


def _contract(analysis: Analysis, payer: str, product: str | None) -> dict[str, Any]:
    """The payer's contract the letter is about (``product`` picks one of several). A contract
    not in force yet on the analysis date (:func:`ratecalc.timeline.contract_not_started`) is
    never it: the letter's "since" date and "current agreement" are the contract in force's."""
    contracts = analysis.data.contracts
    rows = contracts[contracts["payer"].astype(str).str.casefold() == payer.casefold()] \
        if not contracts.empty else contracts
    has_contract = not rows.empty
    if product:
        rows = rows[rows["product"].map(text_of).str.casefold() == product.strip().casefold()]
    if rows.empty and not has_contract and _on_payers(analysis, payer):
        # a payer row alone (import remittances --new-payer adds one): the row is there, its
        # contract is not ("has no row for payer" sent the user looking for a missing row)
        raise InputError(f"payer {payer!r} has a row on {sheet(PAYERS.title)} but no contract: "
                         f"fill in its contract on that row (columns product, contract_id, "
                         f"effective_date and end_date (required), notice_days, contact_name, "
                         f"contact_address)")
    if rows.empty:
        wanted = f" with product {product!r}" if product else ""
        raise InputError(f"{sheet(CONTRACTS.title)} has no row for payer {payer!r}{wanted}: "
                         f"add the contract (columns payer, product, contract_id, "
                         f"effective_date, end_date, notice_days, contact_name, "
                         f"contact_address)")
    records = rows.to_dict(orient="records")
    starts = [contract_not_started(r, analysis.as_of) for r in records]
    ahead = [(r, start) for r, start in zip(records, starts, strict=True) if start is not None]
    if len(ahead) == len(rows):
        listed = "; ".join(f"{rate_rules.contract_name(r)} starts {start.isoformat()}"
                           for r, start in ahead)
        in_force = rate_rules.payer_contracts(contracts, analysis.as_of)
        found = [p for p in in_force.index if str(p).casefold() == payer.casefold()]
        other = (f"; the contract in force is {rate_rules.contract_name(in_force.loc[found[0]])}"
                 f" (--product {text_of(in_force.loc[found[0]].get('product'))!r})"
                 if found and product else f"; {payer} has no contract in force")
        # one such contract, read from a table: at its Effective date cell, as the analysis'
        # warning names it (several are named by the sheet, each in the list)
        place = (contract_place(analysis, payer, ahead[0][0], "effective_date",
                                unread_column=False) if len(ahead) == 1 else
                 f"{sheet(CONTRACTS.title)}, payer {payer!r}")
        raise InputError(f"{place}: {listed}, after the "
                         f"analysis date {analysis.as_of.isoformat()}: not in force yet, so "
                         f"no letter is written under it{other}")
    rows = rows[[start is None for start in starts]]
    if len(rows) > 1:
        products = ", ".join(repr(text_of(p)) for p in rows["product"])
        raise InputError(f"payer {payer!r} has {len(rows)} contracts on "
                         f"{sheet(CONTRACTS.title)} (products {products}): "
                         f"{remedy('product')}")
    return rows.iloc[0].to_dict()


def contract_place(analysis: Analysis, payer: str, contract: Mapping[str, Any],
                   column: str, *, unread_column: bool = True) -> str:
    """Where the letter's contract row's cell of ``column`` (RateCalc's name) was read: file,
    sheet, row and the column's header as written (:meth:`ClinicData.contract_cell`); for
    data built in code (and the demo's, no file of the user's), the sheet, the payer and, with
    ``unread_column``, the column's name (a message about the whole contract, such as its
    having ended, names no column there)."""
    cell = analysis.data.contract_cell(contract, column)
    if cell is not None:
        return str(cell)
    named = f", column '{column}'" if unread_column else ""
    return f"{sheet(CONTRACTS.title)}, payer {payer!r}{named}"


def field_place(analysis: Analysis, table: str, name: str) -> str:
    """Where field ``name`` of a field/value table (``"clinic"``, ``"settings"``) was read: its
    value cell and its label as written (``'clinic.csv', row 13, column B 'value': signer_name``);
    else the sheet and the field's name, ``sheet 'Settings', field 'response_days'`` (no row
    gave it, a setting was left to its default, or the data was built in code). One builder, so
    that a Clinic and a Settings field are named in the same words."""
    cell = analysis.data.field_cell(table, name)
    if cell is not None:
        return f"{cell[0]}: {cell[1]}"
    return f"{sheet(_FIELD_TABLES[table])}, field '{name}'"


#: The field/value tables' titles, by the name :meth:`ClinicData.field_cell` takes.
_FIELD_TABLES = {"clinic": CLINIC.title, "settings": SETTINGS.title}


def _missing_fields(analysis: Analysis, payer: str, contract: dict[str, Any],
                    needs_proposal: bool) -> list[str]:
    """Every missing field, as 'sheet ..., column ...: what to fill in'."""
    clinic = analysis.data.clinic
    missing = []

    def where(column: str) -> str:
        return contract_place(analysis, payer, contract, column)

    if not text_of(contract.get("contact_name")):
        missing.append(f"{where('contact_name')}: the provider-relations contact's name")
    if not address_lines(contract.get("contact_address")):
        missing.append(f"{where('contact_address')}: the contact's mailing address "
                       f"(lines separated by ';')")
    for name, what in (("name", "the practice name for the letterhead"),
                       ("signer_name", "who signs the letter")):
        if not text_of(clinic.get(name)):
            missing.append(f"{field_place(analysis, 'clinic', name)}: {what}")
    if needs_proposal:
        rows = analysis.proposal[analysis.proposal["payer"] == payer]
        if rows.empty:
            missing.append(
                f"{sheet(FEE_SCHEDULES.title)} and {sheet(VOLUMES.title)}, payer {payer!r}: "
                f"no proposal rows; give the payer's current rate per code (columns code, "
                f"allowed_amount, effective_date {_proposal_rate_days(analysis, payer)}), or, "
                f"for a contract paid as a percent of Medicare, the codes it is billed for "
                f"(column units_per_year)")
    return missing


def _proposal_rate_days(analysis: Analysis, payer: str) -> str:
    """Which fee-schedule rows make a proposal row: a rate in force on the analysis date, or
    taking effect by the day the payer's new term begins (:func:`ratecalc.rates.new_term_starts`,
    the day the proposal's rates would take effect)."""
    as_of = analysis.as_of.isoformat()
    starts = rate_rules.new_term_starts(analysis.data.contracts, analysis.as_of)
    start = starts.get(payer)
    if start is None:
        return f"on or before the analysis date {as_of}"
    return (f"on or before {start.isoformat()}, the day its new term begins, when the "
            f"proposed rates would take effect; the analysis date is {as_of}")


def analysis_for(analysis: Analysis, payer: str, product: str | None) -> Analysis:
    """The analysis a letter about ``payer``'s contract for ``product`` builds on.

    Every output takes a payer's terms from its governing contract
    (:func:`ratecalc.rates.payer_contracts`), and the proposal builds on the rates in force
    when that contract's new term begins. A letter about another of the payer's contracts
    (``--product``) names that contract's term, so its rates must be those in force when *its*
    new term begins: the clinic's data is analysed again with that contract as the payer's
    only one (a letter for a second product, whose term ended later, asked $29.00 where the
    payer had agreed $30.00 by then). ``analysis`` itself when that contract governs.
    """
    if not product:
        return analysis
    name = _find_payer(analysis, payer)
    contract = _contract(analysis, name, product)
    contracts = analysis.data.contracts
    governing = rate_rules.payer_contracts(contracts, analysis.as_of)
    if name in governing.index and _same_contract(governing.loc[name].to_dict(), contract):
        return analysis
    others = (contracts["payer"].astype(str).str.casefold() == name.casefold()).to_numpy()
    chosen = np.array([_same_contract(r, contract) for r in contracts.to_dict(orient="records")])
    return analyze(replace(analysis.data, contracts=contracts[~others | chosen]))


def _same_contract(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    keys = ("payer", "product", "contract_id", "effective_date", "end_date")
    return all(text_of(a.get(k)) == text_of(b.get(k)) for k in keys)


def letter_day(analysis: Analysis, letter_date: date | None) -> date:
    """The day a letter is dated and written as of: ``letter_date``, else the analysis date.
    What the Negotiation Log says had happened (a proposal sent, an offer received) is read
    as of this day (:mod:`ratecalc.negotiation_log`)."""
    return letter_date or analysis.as_of


def payer_context(analysis: Analysis, payer: str, kind: str, product: str | None,
             letter_date: date | None, descriptions: Mapping[str, str] | None) -> PayerContext:
    if kind not in KINDS:
        raise InputError(f"letter kind must be one of {', '.join(KINDS)}, got {kind!r}")
    contracts = analysis.data.contracts  # every product's: a successor is another's
    analysis = analysis_for(analysis, payer, product)
    name = _find_payer(analysis, payer)
    contract = _contract(analysis, name, product)
    # the proposal's rule (ratecalc.rates.ended_contracts): a contract that ended without
    # renewal has no renewal to write about, and every output says so in these words
    ended = rate_rules.ended_contracts(analysis.data.contracts, analysis.as_of).get(name)
    if ended is not None:
        successor = successor_starts(contracts, analysis.as_of).get(name)
        # at its End date cell: the note's remedy is a later End date (or Auto renew)
        place = contract_place(analysis, name, contract, "end_date", unread_column=False)
        raise InputError(f"{place}: cannot write the {kind} letter: "
                         f"{ended_note(ended, analysis.as_of, successor)}")
    missing = _missing_fields(analysis, name, contract, needs_proposal=kind != "termination")
    if missing:
        # blank cells of input that was read: exit 1, as for any cell missing, not 3
        raise NotOnFileError(f"cannot write the {kind} letter to {name}; fill in:\n  - "
                         + "\n  - ".join(missing))
    day = letter_day(analysis, letter_date)
    s = analysis.data.settings
    notice = contract.get("notice_days")
    notice_days = s.notice_days if fmt.is_missing(notice) or notice is None else int(notice)
    auto = contract.get("auto_renew")
    end = date_of(contract.get("end_date"))
    if end is None:
        raise InputError(f"{contract_place(analysis, name, contract, 'end_date')}: "
                         f"expected the date the current term ends")
    try:
        timeline = renewal_timeline(
            end, auto_renew=bool(auto) if auto is not None and not pd.isna(auto) else False,
            notice_days=notice_days, lead_months=s.lead_months,
            follow_up_business_days=s.follow_up_business_days,
            renewal_term_months=contract_renewal_months(contract), as_of=day,
            proposal_sent=proposal_sent_as_of(analysis.data.proposals_sent, name, day),
            effective_date=contract_start(contract))
    except PastEndDate as past:  # a letter dated after the term's end: named as the sheet
        place = contract_place(analysis, name, contract, "end_date", unread_column=False)
        raise InputError(f"{place}: "
                         f"{past.in_words_of('End date', 'mark it Auto renew')}") from None
    except InputError as exc:
        raise InputError(f"{sheet(CONTRACTS.title)}, payer {name!r}: {exc}") from None
    rows = analysis.proposal[analysis.proposal["payer"] == name]
    rows = code_order(rows)
    own = dict(clinic_descriptions(analysis.data.volumes, analysis.data.fee_schedules))
    own.update(descriptions or {})
    return PayerContext(analysis=analysis, payer=name, contract=contract, letter_date=day,
                    timeline=timeline, proposal=rows.reset_index(drop=True),
                    descriptions=describe([str(c) for c in rows["code"]], own))


def doubt_text(r: Any, where: Location | None = None) -> str:
    """A rate that looks wrong (a :meth:`Analysis.unconfirmed_doubts` row ``r``) as every
    letter's message names it: the rate and why it looks wrong, which names the fee-schedule
    row's own rate where the contract's escalator raised it (the rate the user looks for on
    the sheet: a notice named $153.00 alone for a $150.00 row), and ``where`` that row's rate
    is (:meth:`Analysis.doubt_place`: file, sheet, row and column), when it was read from one."""
    place = f" in {where}" if where is not None and str(where) else ""
    return f"{fmt.money(float(r.rate))} ({r.reason}){place}"


def refuse_doubtful_rates(analysis: Analysis, payer: str,
                          doubts: pd.DataFrame | None = None) -> None:
    """A letter never cites a rate flagged as implausible (outside the Settings' plausible band
    of Medicare) until the clinic confirms it: of ``doubts`` (:func:`cited_doubts`), else of
    every unconfirmed one of the payer."""
    if doubts is None:
        doubts = analysis.unconfirmed_doubts(payer)
    if doubts.empty:
        return
    listed = "\n  - ".join(f"{r.code}: {doubt_text(r, analysis.doubt_place(r))}"
                          for r in doubts.itertuples())
    raise InputError(f"the letter to {payer} would cite rates that look wrong; check them on "
                     f"{sheet(FEE_SCHEDULES.title)} and correct them, or type yes in its "
                     f"'confirmed' column:\n  - {listed}")


def letterhead(clinic: Mapping[str, Any]) -> Letterhead:
    street = ", ".join(address_lines(clinic.get("address")))
    city = text_of(clinic.get("city"))
    state_zip = " ".join(p for p in (text_of(clinic.get("state")), text_of(clinic.get("zip")))
                         if p)
    place = ", ".join(p for p in (street, city, state_zip) if p)
    contact = " \u00b7 ".join(p for p in (fmt.phone(text_of(clinic.get("phone"))),
                                          text_of(clinic.get("email")),
                                          text_of(clinic.get("website"))) if p)
    return Letterhead(text_of(clinic.get("name")), tuple(p for p in (place, contact) if p))


def recipient(ctx: PayerContext) -> tuple[str, ...]:
    c = ctx.contract
    lines = [text_of(c.get("contact_name")), text_of(c.get("contact_title")),
             *address_lines(c.get("contact_address"))]
    email = text_of(c.get("contact_email"))
    if email:
        lines.append(f"By email: {email}")
    return tuple(line for line in lines if line)


def agreement_name(ctx: PayerContext) -> str:
    """``agreement SBC-PT-2019-114 (PPO)`` or ``our PPO agreement``."""
    cid = text_of(ctx.contract.get("contract_id"))
    product = text_of(ctx.contract.get("product"))
    if cid:
        return f"agreement {cid}" + (f" ({product})" if product else "")
    return f"our {product} agreement" if product else "our agreement"


def subject_agreement(ctx: PayerContext) -> str:
    """The agreement as a letter's subject line names it: :func:`agreement_name` with a
    Contract ID, else the payer's (and product's) agreement, ``UnitedHealthcare Choice Plus
    agreement``; the bare word "agreement" (no ID typed, which the sheet allows) read
    "Re: Rate proposal, agreement, current term ending ..." to the payer.
    """
    if text_of(ctx.contract.get("contract_id")):
        return agreement_name(ctx)
    return f"{contract_label(ctx.payer, text_of(ctx.contract.get('product')))} agreement"


def network_name(payer: str, product: str = "") -> str:
    """The payer's network for a contract's product, the payer's name and the product as
    separate words: "Cardinal Employers Trust's Self-funded network", "Meridian Mutual's PPO
    network", and "Summit BlueCare PPO's network" where the name already says the product
    (:func:`ratecalc.timeline.contract_label`'s rule). "the Cardinal Employers Trust
    Self-funded network" read as one name glued together.

    >>> network_name("Cardinal Employers Trust", "Self-funded")
    "Cardinal Employers Trust's Self-funded network"
    >>> network_name("Lakeside Health Partners", "EPO"), network_name("Summit BlueCare PPO", "PPO")
    ("Lakeside Health Partners' EPO network", "Summit BlueCare PPO's network")
    """
    payer = str(payer).strip()
    product_said = contract_label(payer, product)[len(payer):].strip()
    owner = possessive(payer)
    return f"{owner} {product_said} network" if product_said else f"{owner} network"


def possessive(name: str) -> str:
    """A payer's or the clinic's name in the possessive, as the letters say it.

    >>> possessive("Lakeside Health Partners"), possessive("Meridian Mutual")
    ("Lakeside Health Partners'", "Meridian Mutual's")
    """
    name = str(name).strip()
    # a name ending in a plural s takes the apostrophe alone (Partners'); an initialism such
    # as BCBS, said letter by letter, takes 's
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def provider_line(clinic: Mapping[str, Any]) -> str:
    ids = [f"NPI {text_of(clinic.get('npi'))}" if text_of(clinic.get("npi")) else "",
           f"TIN {text_of(clinic.get('tin'))}" if text_of(clinic.get("tin")) else ""]
    ids = [i for i in ids if i]
    return f"Provider: {text_of(clinic.get('name'))}" + (f", {', '.join(ids)}" if ids else "")


def signature(clinic: Mapping[str, Any]) -> Signature:
    return Signature("Sincerely,", text_of(clinic.get("signer_name")),
                     text_of(clinic.get("signer_title")), text_of(clinic.get("name")))


def contact_sentence(clinic: Mapping[str, Any], *, settled: bool = False) -> str:
    """How to reach the clinic: to discuss the rates, or (``settled``: the letter agrees them)
    for a question; "" when nothing is left to discuss and no way to call is on file."""
    ways = [w for w in (fmt.phone(text_of(clinic.get("phone"))), text_of(clinic.get("email")))
            if w]
    if settled:
        return f"Should you have any questions, you can reach me at {' or '.join(ways)}." \
            if ways else ""
    if not ways:
        return "I would welcome a call to discuss it."
    return f"I would welcome a call to discuss it; you can reach me at {' or '.join(ways)}."


def notice_passed(timeline: RenewalTimeline) -> bool:
    """The notice deadline has passed but the term has not ended: the contract renews (or
    lapses) on its end date whatever the letter says."""
    return timeline.as_of > timeline.notice_deadline and timeline.as_of <= timeline.end_date


def renewed_term_dates(timeline: RenewalTimeline) -> dict[str, Any]:
    """The :class:`~ratecalc_letter.blocks.LetterDates` fields of the renewed term's notice
    deadline (:func:`ratecalc.timeline.next_term_deadline` on the letter's date: None while
    this term's stands) and the contract's notice days, the same for every kind of letter."""
    following = next_term_deadline(timeline) or (None, None)
    return {"next_term_end": following[0], "next_notice_deadline": following[1],
            "notice_days": timeline.notice_days}


def term_phrase(timeline: RenewalTimeline) -> str:
    end = fmt.long_date(timeline.end_date)
    return (f"the current term of our agreement ends on {end}" if timeline.auto_renew
            else f"our agreement expires on {end}")


def reply_within_term(timeline: RenewalTimeline, response_by: date) -> bool:
    """The reply asked for comes by the current term's last day: the one rule every letter
    follows before it says the reply settles rates before the term ends, or lets amended rates
    apply from the renewed term's first day. A letter written after the notice deadline asks
    for its reply in the usual time (:func:`response_date`), which may fall after the term
    has ended (Summit's counter of 2027-03-15 asked for a reply by April 14, 2027 "to settle
    rates before the current term of our agreement ends on March 31, 2027"): it then says
    neither."""
    return response_by <= timeline.end_date


def proposal_on_record(ctx: PayerContext) -> date | None:
    """When the proposal for the current term went to the payer, by the Negotiation Log as of
    the letter's date: the latest "sent" row dated on or before it
    (:func:`ratecalc.negotiation_log.proposal_sent_as_of`), kept when it answers this term
    (:func:`ratecalc.timeline.proposal_sent_this_term`), the timeline's rule; None when the
    log shows none by the letter's date, or there is no log to tell (a folder of tables). A
    letter cites "our proposal" only then: the termination notice cited one the log said was
    never sent."""
    return ctx.timeline.proposal_sent


def response_date(ctx: PayerContext, begin: date | None) -> tuple[date, list[str], bool]:
    """Requested response date, the one rule every letter follows: ``response_days`` after the
    letter, on a business day; never after the timeline's decision date while that date is
    still ahead (on or after the letter date): a reply after it leaves no time to decide before
    the notice deadline, so the reply is asked for by the decision date, however close (a
    warning says how close, and when it comes before ``begin``, the day discussions would
    begin, that it leaves the payer little time). Once the decision date is before the letter
    date, the reply is asked for by the business day before the notice deadline. After the
    notice deadline there is no decision left to protect: the usual time stands, even past
    the term's end (what the letter then says of it: :func:`reply_within_term`).

    Returns
    -------
    (datetime.date, list of str, bool)
        The date, the warnings, and whether it was moved from the usual ``response_days``.
    """
    s = ctx.analysis.data.settings
    t = ctx.timeline
    asked = business_day_offset(ctx.letter_date + timedelta(days=int(s.response_days)), 0)
    warnings: list[str] = []
    if asked <= t.decision_date or notice_passed(t):
        # after the notice deadline there is no decision date left to protect: the letter asks
        # for an amendment, answered in the usual time
        return asked, warnings, False
    usual = (f"the response date was moved from {asked.isoformat()} ({s.response_days} days, "
             f"{field_place(ctx.analysis, 'settings', 'response_days')})")
    if t.decision_date >= ctx.letter_date:
        days = (t.decision_date - ctx.letter_date).days
        after = ("the letter's own date" if days == 0 else
                 f"{days} day{'s' if days != 1 else ''} after the letter")
        if begin is not None and t.decision_date < begin:
            warnings.append(
                f"{usual} to the decision date {t.decision_date.isoformat()}, {after}: the "
                f"payer has little time to answer; send the letter at once and call the "
                f"contact, and decide by {t.decision_date.isoformat()} even without a reply, "
                f"so that notice can still be given by the notice deadline "
                f"{t.notice_deadline.isoformat()}")
        else:
            warnings.append(
                f"{usual} to the decision date {t.decision_date.isoformat()} ({after}), so that "
                f"there is time to decide before the notice deadline "
                f"{t.notice_deadline.isoformat()}")
        return t.decision_date, warnings, True
    # The decision date is before the letter and the notice deadline is not: a reply after the
    # deadline would leave the clinic no choice to give notice (the letter asked for one two
    # weeks past it), so the reply is asked for by the business day before.
    last = business_day_offset(t.notice_deadline, -1, roll="backward")
    if ctx.letter_date <= last < asked:
        warnings.append(
            f"{usual} to {last.isoformat()}, the business day before the notice deadline "
            f"{t.notice_deadline.isoformat()}: the decision date {t.decision_date.isoformat()} "
            f"has passed")
        return last, warnings, True
    warnings.append(f"the response date {asked.isoformat()} falls after the decision date "
                    f"{t.decision_date.isoformat()}; the notice deadline is "
                    f"{t.notice_deadline.isoformat()}")
    return asked, warnings, False


def percentile_label(percentile: float) -> str:
    return "median" if float(percentile) == 50.0 else f"{fmt.ordinal(percentile)} percentile"


def market_sentence(ctx: PayerContext, lines: tuple[RateLine, ...] | None = None,
                    when: Callable[[date], str] | None = None) -> str:
    """Where the benchmark and the Medicare amounts come from: the Medicare amounts those of
    the day and release the table's percents were computed on (:func:`medicare_bases`), a day
    other than the analysis' Medicare date said as ``when`` says it ("when the proposed rates
    would take effect")."""
    analysis = ctx.analysis
    s = analysis.data.settings
    label = percentile_label(s.target_percentile)
    bench = analysis.market
    if not bench.empty:
        bench = bench[bench["code"].isin(ctx.proposal["code"])]
    parts = []
    if not bench.empty:
        regions = sorted({text_of(r) for r in bench["region"] if text_of(r)})
        sources = sorted({text_of(r) for r in bench["source"] if text_of(r)})
        # each file once: an import's rows differ only by their code's flags, said below
        sources = sorted({cited_source(source) for source in sources})
        dates = [d for d in (date_of(v) for v in bench["as_of"]) if d]
        if len(regions) == 1:
            rates = region_rates_words(regions[0])
        else:
            # prices read from every region beside a named one are no region's
            rates = "market rates" if any(map(is_unfiltered, regions)) else "regional rates"
        detail = "; ".join(p for p in ("; ".join(sources),
                                       f"as of {fmt.long_date(max(dates))}" if dates else "")
                           if p)
        parts.append(f"The market column is the {label} of {rates}"
                     + (f" ({detail})" if detail else "") + ".")
        # a facility's or expired prices are not cited to the payer as the clinic's current
        # market without saying so (the Proposal's reasons say the same)
        cited = set(bench["code"].astype(str))
        # its days in the letter's style, as every other date of the letter
        caveat_of = caveats_by_code(bench, fmt.long_date)
        for caveat, codes in caveat_groups(caveat_of, bench["code"]).items():
            whose = "All these market figures" if set(codes) == cited else \
                f"The market figures of {fmt.join_words(codes)}"
            parts.append(f"{whose} are {caveat}.")
    bases = medicare_bases(ctx, lines)
    if bases:
        setting = "facility" if s.setting == "facility" else "non-facility"
        # the locality's name beside its id, as every output names it: a payer reading
        # "10112-00" alone could not tell which of a practice's locations it is; named as the
        # releases these amounts are of name it (CMS redraws localities)
        named = medicare_label(analysis.data.locality, [(b.release, b.day) for b in bases])
        where = f"{setting}, locality {named.locality}"

        def on(basis: MedicareBasis, codes: str = "") -> str:
            said = f"on {fmt.long_date(basis.day)}{codes}"
            if when is not None and basis.day != s.date_of_service:  # the new term's day
                said += f", {when(basis.day)}"
            return f"{said} (CMS release {basis.release.upper()}"

        if len(bases) == 1:
            priced = f"{on(bases[0])}, {where})"
        else:  # each day named with its codes: one date would be untrue of the others
            priced = fmt.join_words([f"{on(b, f' for {fmt.join_words(list(b.codes))}')})"
                                     for b in bases]) + f"; {where}"
        parts.append(f"Percent of Medicare: the proposed rate as a percent of the Medicare "
                     f"Physician Fee Schedule amount for services {priced}.")
    return " ".join(parts)


def medicare_bases(ctx: PayerContext, lines: tuple[RateLine, ...] | None = None
                   ) -> tuple[MedicareBasis, ...]:
    """The day and CMS release of the Medicare amounts the letter's percents of Medicare are
    computed on, of ``lines``' codes (default every code of the payer's proposal): the core's
    rule (:func:`ratecalc.analysis.proposal_medicare_basis`), the day the payer's new term
    begins where a release covers it. Empty without a Medicare amount on file."""
    if ctx.analysis.medicare.empty:
        return ()
    rows = ctx.proposal
    if lines is not None:
        rows = rows[rows["code"].astype(str).isin({ln.code for ln in lines})]
    return proposal_medicare_basis(rows, ctx.analysis.data.settings.date_of_service)


def value_case(ctx: PayerContext) -> list[Block]:
    """The clinic's results beside their benchmarks, and its programs and advantages."""
    data = ctx.analysis.data
    blocks: list[Block] = []
    metrics = data.metrics
    rows = []
    periods: list[str] = []
    sources: list[str] = []
    if not metrics.empty:
        by_name = {str(r["metric"]): r for _, r in metrics.iterrows()}
        for name, (label, lower_better) in VALUE_METRICS.items():
            row = by_name.get(name)
            if row is None or fmt.is_missing(row.get("value")):
                continue
            unit = metric_unit(name, row.get("unit"))
            shown_label = label + (" (lower is better)" if lower_better else "")
            rows.append((shown_label, *_metric_pair(row.get("value"), row.get("benchmark"),
                                                    unit)))
            for bucket, key in ((periods, "period"), (sources, "source")):
                text = text_of(row.get(key))
                if text and text not in bucket:
                    bucket.append(text)
    if rows:
        period = (f" for {fmt.join_words([fmt.period_words(p) for p in periods])}"
                  if periods else "")
        if any(benchmark != fmt.DASH for _, _, benchmark in rows):
            blocks.append(Paragraph(f"Our results{period}, beside the benchmarks we measure "
                                    f"ourselves against:", keep_with_next=True))
            blocks.append(Table("value", ("Measure", "Our clinic", "Benchmark"), tuple(rows),
                                widths=(5.0, 1.6, 1.6), numeric=(False, True, True)))
        else:
            # no benchmark typed for any: "beside the benchmarks we measure ourselves against"
            # stood over a column of dashes
            blocks.append(Paragraph(f"Our results{period}:", keep_with_next=True))
            blocks.append(Table("value", ("Measure", "Our clinic"),
                                tuple((label, value) for label, value, _ in rows),
                                widths=(5.0, 1.6), numeric=(False, True)))
        if sources:
            # the remittance rates' source inside the days to payment's is said once
            blocks.append(Paragraph(f"Sources: {'; '.join(sources_listed(sources))}.",
                                    role="note"))
    clinic = data.clinic
    items = _items(clinic.get("advantages"))
    programs = _items(clinic.get("specialty_programs"))
    if programs:
        items.append(f"Specialty programs: {fmt.join_words(programs)}")
    if items:
        blocks.append(Paragraph("Your members also benefit from:", keep_with_next=True))
        blocks.append(Bullets(tuple(items)))
    return blocks


def _items(value: Any) -> list[str]:
    """A semicolon-separated list typed in one cell."""
    return [text_of(part) for part in text_of(value).split(";") if text_of(part)]


def _metric_pair(value: Any, benchmark: Any, unit: str) -> tuple[str, str]:
    """The clinic's figure and its benchmark, side by side: a count to as many decimals as the
    one that has most (9.1 visits beside 11.0, not 11), as the percentages and days beside it
    are both written to one decimal."""
    shown = _metric_value(value, unit), _metric_value(benchmark, unit)
    if unit in PERCENT_UNITS or unit in MONEY_UNITS or unit == "days" or fmt.DASH in shown:
        return shown
    places = max(len(s.partition(".")[2]) for s in shown)

    def padded(s: str) -> str:
        decimals = len(s.partition(".")[2])
        return s if decimals == places else f"{s}{'' if decimals else '.'}" \
            f"{'0' * (places - decimals)}"

    return padded(shown[0]), padded(shown[1])


def _metric_value(value: Any, unit: str) -> str:
    if value is None or fmt.is_missing(value):
        return fmt.DASH
    number = float(value)
    if unit in PERCENT_UNITS:
        return fmt.percent(number)
    if unit in MONEY_UNITS:
        return fmt.money(number)
    if unit == "days":  # as every output shows an average count of days
        return f"{mean_days_text(number)} days"
    return fmt.units(number)  # half-up to hundredths, as a count of units is written


def alternative_terms(ctx: PayerContext, lead: str) -> list[Block]:
    terms = _items(ctx.analysis.data.settings.alternative_terms)
    if not terms:
        return []
    return [Heading("If rates cannot move"), Paragraph(lead, keep_with_next=True),
            Bullets(tuple(terms))]


def rate_lines(ctx: PayerContext, offer: Mapping[str, float] | None = None,
                requested: Mapping[str, float] | None = None) -> tuple[RateLine, ...]:
    """The letter's lines: the core's proposal rows asking the core's rate to ask
    (``requested_rate``: the Proposal sheet's "Your rate" where one is typed, else the proposed,
    :func:`ratecalc.proposal.apply_requested`), or the clinic's own requested rate
    (``requested``, code -> USD per unit) where it gives one, and only the codes of ``offer``
    (code -> offered rate) when one is given."""
    lines = []
    percent_basis = ctx.analysis.data.settings.rate_basis == "pct_of_medicare"
    basis = {code: b for b in medicare_bases(ctx) for code in b.codes}
    for r in ctx.proposal.itertuples():
        code = str(r.code)
        if offer is not None and code not in offer:
            continue
        if is_unbilled(r) and offer is None and not (requested and code in requested):
            continue  # asked nothing: listed apart (unbilled_codes), not in the table
        current, medicare, units = float(r.current_rate), float(r.medicare_amount), \
            float(r.units_per_year)
        # the core's increase and impact follow its rate to ask: a notice of non-renewal,
        # given no ``requested``, asked the proposed rate beside a typed one's impact
        ask, change, pct, impact = (float(r.requested_rate), float(r.increase_pct),
                                    float(r.requested_pct_of_medicare), float(r.annual_impact))
        if requested and code in requested:
            ask = float(requested[code])
            change = ask / current - 1.0 if current else math.nan
            pct = (float(asked_percent(ask, medicare)) if percent_basis  # a term paying it
                   else ask / medicare if medicare else math.nan)
            impact = float(revenue_impact(current, ask, units))
        lines.append(RateLine(
            code=code, description=ctx.descriptions.get(code, ""), units_per_year=units,
            current_rate=current, proposed_rate=ask, increase_pct=change,
            benchmark=float(r.benchmark), medicare_amount=medicare,
            current_pct_of_medicare=float(r.current_pct_of_medicare),
            proposed_pct_of_medicare=pct, floor=float(r.floor), annual_impact=impact,
            offer_rate=float(offer[code]) if offer is not None else math.nan,
            rate_today=float(getattr(r, "rate_today", current)),
            medicare_date=basis[code].day if code in basis else None,
            medicare_release=basis[code].release if code in basis else ""))
    return tuple(lines)


def is_unbilled(r: Any) -> bool:
    """Whether a proposal row ``r`` asks nothing because its code was not billed to the payer
    in the period (``not_billed``, :func:`ratecalc.proposal.hold_unbilled`)."""
    return bool(getattr(r, "not_billed", False))


def unbilled_codes(ctx: PayerContext, lines: Sequence[RateLine]) -> list[str]:
    """The codes of the payer's proposal asked nothing for not being billed to it in the
    period (:func:`ratecalc.proposal.hold_unbilled`) that the letter's ``lines`` leave out, in
    the proposal's order."""
    shown = {ln.code for ln in lines}
    return [str(r.code) for r in ctx.proposal.itertuples()
            if is_unbilled(r) and str(r.code) not in shown]


def cited_doubts(ctx: PayerContext, lines: Sequence[RateLine]) -> pd.DataFrame:
    """The payer's unconfirmed doubtful rates a letter of ``lines`` rests on: all but those of
    the codes it lists apart as not billed (:func:`unbilled_codes`), named by code alone, with
    no figure, and adding nothing to its sums (no units). A doubt on such a code stopped a
    letter that cites no rate of it. The one rule of every letter that refuses a doubtful rate
    (the proposal, the counter, the notice): a counter's ``lines`` are its table's and the
    codes the offer left out, whose proposed rates it still asks (each built on the doubtful
    current rate); an unbilled code the offer names is in its table and is cited."""
    doubts = ctx.analysis.unconfirmed_doubts(ctx.payer)
    apart = set(unbilled_codes(ctx, lines))
    return doubts[~doubts["code"].astype(str).isin(apart).to_numpy(dtype=bool)]


def when_rates_take_effect(day: date, rates: str, response_by: date, letter_date: date
                           ) -> str:
    """How a letter names ``day``, the new term's first day its rates are built for
    (:func:`ratecalc.rates.new_term_starts`): "when ``rates`` would take effect" while the
    reply asked for by ``response_by`` comes before it; rates answered after it cannot take
    effect on it (a counter asked for a reply by May 20 beside "May 1, 2027, when the rates in
    this letter would take effect"), so then "when the new term begins", or "began" for a
    letter dated on or after it (``--date`` after the analysis date).

    Examples
    --------
    >>> when_rates_take_effect(date(2027, 5, 1), "the proposed rates", date(2027, 4, 14),
    ...                        date(2027, 3, 15))
    'when the proposed rates would take effect'
    >>> when_rates_take_effect(date(2027, 5, 1), "the proposed rates", date(2027, 5, 20),
    ...                        date(2027, 4, 20))
    'when the new term begins'
    """
    if response_by < day:
        return f"when {rates} would take effect"
    return "when the new term begins" if letter_date < day else "when the new term began"


def agreed_rates_note(ctx: PayerContext, lines: tuple[RateLine, ...], rates: str,
                      response_by: date) -> str:
    """The day the table's current rates are in force, when the letter's rates build on a rate
    the payer agreed for a day after the analysis date
    (:func:`ratecalc.proposal.rates_at_new_term`): the payer reads a current rate it does not
    pay yet and must see why, and what it pays today. Empty otherwise.

    Parameters
    ----------
    ctx : PayerContext
    lines : tuple of RateLine
        The letter's table: only its codes are named.
    rates : str
        What takes effect on the new term's first day: "the proposed rates", "the rates in
        this letter".
    response_by : datetime.date
        The reply the letter asks for: the day is said to be when ``rates`` would take effect
        only when it comes after the reply (:func:`when_rates_take_effect`).

    Examples
    --------
    "The current rates shown are those in force on June 23, 2027, when the proposed rates
    would take effect, as agreed: 97110 at $32.00 from January 3, 2027. Today you pay $30.00
    for 97110."
    """
    rows = ctx.proposal
    if "rate_agreed_from" not in rows.columns:
        return ""
    shown = {ln.code for ln in lines}
    agreed = [r for r in rows.itertuples()
              if str(r.code) in shown and isinstance(r.rate_agreed_from, date)]

    def when(day: date) -> str:
        return when_rates_take_effect(day, rates, response_by, ctx.letter_date)

    said = [_agreed_sentence(agreed, when) if agreed else "",
            medicare_day_note(ctx, lines, when)]
    return " ".join(s for s in said if s)


def medicare_day_note(ctx: PayerContext, lines: tuple[RateLine, ...],
                      when: Callable[[date], str]) -> str:
    """What the table's current rates and Medicare figures are, for a payer whose new term
    begins on another day than the analysis' Medicare date
    (:func:`ratecalc.proposal.rates_at_new_term`): a percent-of-Medicare contract's current
    rates are its percentage of Medicare's amounts in force that day; where no release
    RateCalc has covers that day, the amounts are those of the analysis' Medicare date, and
    the note says so, in the payer's words ("On May 1, 2027, when the proposed rates would
    take effect, our agreement pays 88% of Medicare's 2027 amounts; as those are not yet
    available to us, the current rates shown are 88% of Medicare's amounts of October 1,
    2026."). Empty otherwise.

    Examples
    --------
    "The current rates shown are those in force on May 1, 2026, when the proposed rates would
    take effect: 88% of Medicare's amounts in force that day, as our agreement pays; today it
    pays 88% of Medicare's amounts of October 1, 2025."
    """
    rows = ctx.proposal
    if "medicare_not_imported" not in rows.columns:
        return ""
    shown = rows[rows["code"].astype(str).isin({ln.code for ln in lines})]
    if shown.empty:
        return ""
    first = shown.iloc[0]
    day, unpriced = first["current_rate_date"], first["medicare_not_imported"]
    pct = ctx.contract.get("pct_of_medicare")
    # the contract's percentage as it states it ("88%"); "" for a fixed-dollar contract
    share = (contract_percent_text(float(pct))
             if text_or_blank(ctx.contract.get("rate_basis")) == "pct_of_medicare"
             and pct is not None and not fmt.is_missing(pct) else "")
    if isinstance(unpriced, date):
        priced = fmt.long_date(first["medicare_date"])
        if not share:  # a fixed-dollar contract's rates do not depend on Medicare's
            return ""
        # the payer's words, not the software's ("imported"); and never "not yet published":
        # CMS may have published the release, only not loaded here
        return (f"On {fmt.long_date(unpriced)}, {when(unpriced)}, our agreement pays {share} "
                f"of Medicare's {unpriced.year} amounts; as those are not yet available to us, "
                f"the current rates shown are {share} of Medicare's amounts of {priced}.")
    if not share or not isinstance(day, date):
        return ""
    moved = [r for r in shown.itertuples()
             if not fmt.is_missing(r.rate_today) and round(r.current_rate - r.rate_today, 6)]
    if not moved:
        return ""
    priced = ctx.analysis.data.settings.date_of_service
    return (f"The current rates shown are those in force on {fmt.long_date(day)}, "
            f"{when(day)}: {share} of Medicare's amounts in force that day, as our agreement "
            f"pays; today it pays {share} of Medicare's amounts of {fmt.long_date(priced)}.")


#: The contract, as a letter to the payer names it when it names its terms.
OUR_AGREEMENTS = "our agreement's"


def escalations(r: Any) -> int:
    """How many times the escalator raised a proposal row ``r``'s rate since today (the
    proposal's ``rate_escalations``; once where it does not say)."""
    times = getattr(r, "rate_escalations", 1)
    return 1 if fmt.is_missing(times) else int(times)


def _agreed_sentence(agreed: list[Any], when: Callable[[date], str]) -> str:
    """:func:`agreed_rates_note`'s sentence for the rates agreed for later, ``agreed``: those
    the agreement's escalator raised said so, as every output says it
    (:func:`ratecalc.rate_basis.raised_by_escalator`), not "as agreed" as if a rate on file."""
    day = agreed[0].current_rate_date
    # the escalator and how many times it raised a rate since today (the rate shown beside it)
    groups: dict[tuple[float, int] | None, dict[date, list[str]]] = {}
    for r in agreed:
        by = getattr(r, "rate_escalator", math.nan)
        times = escalations(r)
        by_day = groups.setdefault(None if fmt.is_missing(by) else (float(by), times), {})
        by_day.setdefault(r.rate_agreed_from, []).append(
            f"{r.code} at {fmt.money(float(r.current_rate))}")

    def dated(by_day: dict[date, list[str]]) -> str:
        return fmt.join_words([f"{fmt.join_words(codes)} from {fmt.long_date(start)}"
                               for start, codes in sorted(by_day.items())])

    items = "; ".join(
        (f"as agreed: {dated(by_day)}" if by is None else
         f"{raised_by_escalator(by[0], OUR_AGREEMENTS, by[1])}: {dated(by_day)}")
        for by, by_day in sorted(groups.items(),
                                 key=lambda g: (-1.0, 0) if g[0] is None else g[0]))
    today = [(r.code, float(getattr(r, "rate_today", math.nan))) for r in agreed]
    paid = [f"{fmt.money(rate)} for {code}" for code, rate in today if not fmt.is_missing(rate)]
    unpaid = [str(code) for code, rate in today if fmt.is_missing(rate)]
    said = [f"Today you pay {fmt.join_words(paid)}" if paid else "",
            f"{fmt.join_words(unpaid)} {'has' if len(unpaid) == 1 else 'have'} no rate today"
            if unpaid else ""]
    return (f"The current rates shown are those in force on {fmt.long_date(day)}, "
            f"{when(day)}, {items}. {'; '.join(s for s in said if s)}.")


def check_requested_rates(ctx: PayerContext, requested: Mapping[str, float]) -> list[str]:
    known = {str(c) for c in ctx.proposal["code"]}
    unknown = sorted(set(requested) - known)
    if unknown:
        raise InputError(f"requested rates for {fmt.join_words(unknown)}, which have no "
                         f"proposal row for payer {ctx.payer!r}")
    warnings = []
    for r in ctx.proposal.itertuples():
        code = str(r.code)
        if code not in requested:
            continue
        ask = float(requested[code])
        words = RANGES["override_rate"]  # the Proposal's "Your rate", as it is read
        if not math.isfinite(ask) or not words.low <= ask <= words.high:
            raise InputError(f"requested rate for {code}: {words.rule()}, "
                             f"got {requested[code]!r}")
        if ask < float(r.current_rate):
            warnings.append(f"the rate typed for {code} ({fmt.money(ask)}) is below the "
                            f"current rate ({fmt.money(float(r.current_rate))})")
        if ask < float(r.floor) - 0.005:
            warnings.append(f"the rate typed for {code} ({fmt.money(ask)}) is below the "
                            f"walk-away floor ({fmt.money(float(r.floor))})")
    return warnings


def common_fields(ctx: PayerContext, kind: str, subject: str, salutation: str | None = None
          ) -> dict[str, Any]:
    clinic = ctx.analysis.data.clinic
    c = ctx.contract
    return dict(
        kind=kind, payer=ctx.payer, product=text_of(c.get("product")),
        contract_id=text_of(c.get("contract_id")), clinic_name=text_of(clinic.get("name")),
        letterhead=letterhead(clinic),
        running_header=f"{text_of(clinic.get('name'))} \u00b7 {subject} \u00b7 "
                       f"{fmt.long_date(ctx.letter_date)}",
        date_line=fmt.long_date(ctx.letter_date), recipient=recipient(ctx),
        salutation=salutation or f"Dear {text_of(c.get('contact_name'))}:",
        signature=signature(clinic), rate_basis=ctx.analysis.data.settings.rate_basis,
    )


#: A letter dated this many days or more from its analysis date is warned about: its figures
#: (rates in force, Medicare amounts, "our results for YYYY") are the analysis date's.
LETTER_DATE_DRIFT_DAYS = 31


def letter_date_warning(ctx: PayerContext) -> list[str]:
    """Warnings about the letter's date: on a weekend or US federal holiday (the response date
    counts from it; what the day means for the payer's office and the mail is
    :func:`ratecalc.timeline.not_a_business_day_words`), and far from the
    analysis it reports (``--date`` years ahead of the workbook's analysis date wrote a 2030
    letter citing 2026's rates)."""
    warnings = []
    closed = not_a_business_day_words(ctx.letter_date)
    if closed is not None:
        # the calendar the follow-ups skip (ratecalc.timeline): one rule for a business day
        following = business_day_offset(ctx.letter_date, 0)
        warnings.append(f"the letter's date, {ctx.letter_date.isoformat()}, is {closed}: to "
                        f"date it on the next business day, "
                        + remedy("letter_date").replace("DAY", following.isoformat()))
    as_of = ctx.analysis.as_of
    days = (ctx.letter_date - as_of).days
    if abs(days) < LETTER_DATE_DRIFT_DAYS:
        return warnings
    side = "after" if days > 0 else "before"
    return warnings + [
        f"the letter is dated {ctx.letter_date.isoformat()}, {abs(days)} days {side} the "
        f"analysis date {as_of.isoformat()}: its rates, Medicare amounts and results are "
        f"as of {as_of.isoformat()}; set the analysis date (Settings, analysis_date) to "
        f"the letter's date to write it from figures of that day"]


def common_warnings(ctx: PayerContext) -> list[str]:
    warnings = list(ctx.timeline.warnings) + letter_date_warning(ctx)
    # the results the letter shows (value_case), judged by the core's one rule
    stale = stale_metrics_warning(ctx.analysis.data.metrics, ctx.analysis.as_of, VALUE_METRICS)
    if stale:
        warnings.append(stale)
    if not text_of(ctx.contract.get("contract_id")):
        warnings.append(f"{contract_place(ctx.analysis, ctx.payer, ctx.contract, 'contract_id')}"
                        f" is empty: the subject line names no agreement number")
    if "below_medicare" in ctx.proposal.columns:
        low = [str(c) for c, b in zip(ctx.proposal["code"], ctx.proposal["below_medicare"],
                                      strict=True) if bool(b)]
        if low:
            warnings.append(f"the rate to ask stays below Medicare for {fmt.join_words(low)}: "
                            f"consider asking more")
    no_bench = [str(c) for c, b in zip(ctx.proposal["code"], ctx.proposal["benchmark"],
                                       strict=True) if fmt.is_missing(float(b))]
    if no_bench:
        warnings.append(f"{sheet(BENCHMARKS.title)}: no market rate for "
                        f"{fmt.join_words(no_bench)}; the letter shows a dash")
    return warnings


@frozen_record
class OverToday:
    """What the letter's asked rates add a year to the rates the payer pays today."""

    annual_impact: float  # [USD a year], unrounded
    impact_pct: float  # of today's revenue on the same codes [fraction]
    every_code: bool  # False when a code has no rate today (paid only from a later day)


def over_today(lines: tuple[RateLine, ...]) -> OverToday:
    """The asks' annual impact over the analysis date's rates (``rate_today``), by the rule
    every output's impact follows (:func:`ratecalc.proposal.revenue_impact`), over the codes
    with a rate today. A letter's "more than today" is this, not the table's impact, which
    counts from the rates in force when the new term begins (a rate agreed for later is not
    what the payer pays today)."""
    paid = [ln for ln in lines if not fmt.is_missing(ln.rate_today)]
    impact = float(sum(revenue_impact(ln.rate_today, ln.proposed_rate, ln.units_per_year)
                       for ln in paid))
    today = float(sum(ln.units_per_year * ln.rate_today for ln in paid))
    return OverToday(annual_impact=impact, impact_pct=impact / today if today else math.nan,
                     every_code=len(paid) == len(lines))


def totals_of(lines: tuple[RateLine, ...]) -> Totals:
    units = np.array([ln.units_per_year for ln in lines])
    current = float(units @ np.array([ln.current_rate for ln in lines]))
    proposed = float(units @ np.array([ln.proposed_rate for ln in lines]))
    impact = float(sum(ln.annual_impact for ln in lines))
    offer = float(units @ np.array([ln.offer_rate for ln in lines]))
    counter = float(units @ np.array([ln.counter_rate for ln in lines]))
    return Totals(units_per_year=float(units.sum()), new_term_revenue=current,
                  proposed_revenue=proposed, annual_impact=impact,
                  impact_pct=impact / current if current else math.nan,
                  offer_revenue=offer, counter_revenue=counter)


def payer_visits(analysis: Analysis, payer: str) -> float | None:
    """The payer's visits a year, by the rule every output uses
    (:func:`ratecalc.rates.payer_visits` of the analysis' data, as :func:`ratecalc.analysis.
    analyze` found it once: :attr:`ratecalc.analysis.Analysis.visits_by_payer`)."""
    visits = analysis.visits_by_payer
    value = visits.get(payer)
    if value is None or not math.isfinite(float(value)) or float(value) <= 0:
        return None
    return float(value)
