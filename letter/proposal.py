"""The rate proposal: rates per code beside the market and Medicare, the annual impact, a
chart, the clinic's results, alternative terms and a response date."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction

from ratecalc.analysis import Analysis
from ratecalc.gap import below_market
from ratecalc.money import percent_beside_line, typed_decimal
from ratecalc.proposal import billed_without_rate, capped_rate
from ratecalc.ranking import code_key
from ratecalc.rate_basis import contract_percent_text
from ratecalc.timeline import business_day_offset, next_term_start
from ratecalc_letter import formats as fmt
from ratecalc_letter.blocks import (
    Block,
    Chart,
    Heading,
    LetterContent,
    LetterDates,
    Paragraph,
    RateLine,
    Table,
)
from ratecalc_letter.descriptions import clinic_descriptions, describe
from ratecalc_letter.parts import (
    PayerContext,
    agreed_rates_note,
    agreement_name,
    alternative_terms,
    check_requested_rates,
    cited_doubts,
    common_fields,
    common_warnings,
    contact_sentence,
    date_of,
    market_sentence,
    medicare_bases,
    notice_passed,
    payer_context,
    payer_visits,
    percentile_label,
    proposal_on_record,
    provider_line,
    rate_lines,
    refuse_doubtful_rates,
    renewed_term_dates,
    reply_within_term,
    response_date,
    subject_agreement,
    term_phrase,
    text_of,
    totals_of,
    unbilled_codes,
    value_case,
    when_rates_take_effect,
)

#: When the renewal timeline's negotiation start has already passed, talks could open a working
#: week after the letter at the soonest (time for the contact to find a slot): a reply the
#: decision date forces before then is warned about as leaving the payer little time
#: (:func:`ratecalc_letter.parts.response_date`).
BEGIN_DISCUSSIONS_BUSINESS_DAYS = 5
#: Said instead of the annual figures when the payer's codes have no units a year on file.
NO_UNITS_IMPACT = ("We have no volumes on file for these services for last year, so this "
                   "letter does not estimate what the proposed rates would change in a year.")
#: The chart shows at most this many codes (those with the most units), so bars stay legible.
CHART_MAX_CODES = 10


def _rates_table(lines: tuple[RateLine, ...], rate_basis: str, market_label: str,
                 pays_on: str = "today") -> Table:
    market = f"Market {market_label.replace('percentile', 'pct.')}"
    if rate_basis == "pct_of_medicare":
        # "today" only where the percents are priced on today's amounts (:func:`_pays_on`):
        # under "what those percents pay on April 1, 2026" the column read "rate today"
        header = ("Code", "Description", "Annual units", "Current rate", "Proposed % of Medicare",
                  "Proposed rate today" if pays_on == "today" else "Proposed rate", "Change",
                  market)
        rows = tuple((ln.code, ln.description, fmt.units(ln.units_per_year),
                      fmt.money(ln.current_rate), fmt.pct_of_medicare(ln.proposed_pct_of_medicare),
                      fmt.money(ln.proposed_rate), fmt.percent(ln.increase_pct, signed=True),
                      fmt.money(ln.benchmark)) for ln in lines)
        # "Proposed rate today" as wide as the other "Proposed" column: at the width of the
        # fixed table's "Change" its header printed "Propose-d rate today", cut inside a word
        return Table("rates", header, rows, widths=(0.8, 2.3, 0.95, 1.0, 1.0, 1.0, 0.85, 0.95),
                     numeric=(False, False, True, True, True, True, True, True))
    else:
        header = ("Code", "Description", "Annual units", "Current rate", "Proposed rate",
                  "Change", market, "% of Medicare")
        rows = tuple((ln.code, ln.description, fmt.units(ln.units_per_year),
                      fmt.money(ln.current_rate), fmt.money(ln.proposed_rate),
                      fmt.percent(ln.increase_pct, signed=True), fmt.money(ln.benchmark),
                      fmt.pct_of_medicare(ln.proposed_pct_of_medicare)) for ln in lines)
    return Table("rates", header, rows, widths=(0.8, 2.3, 0.95, 1.0, 1.0, 0.85, 1.0, 0.95),
                 numeric=(False, False, True, True, True, True, True, True))


def _market_facts(lines: tuple[RateLine, ...], label: str, max_increase: float) -> str:
    with_bench = [ln for ln in lines if not fmt.is_missing(ln.benchmark)]
    if not with_bench:
        return ""
    text = _below_market_today(with_bench, label, every_code=len(with_bench) == len(lines))
    still_below = [ln for ln in with_bench if ln.proposed_rate < ln.benchmark - 0.005]
    if still_below:
        which = ("every proposed rate" if len(still_below) == len(with_bench) else
                 f"{len(still_below)} of the proposed rates")
        # The cap is the reason only when the table keeps to it and those rates ask it: a rate
        # typed over the proposal ("Your rate") may ask more, or less than the market allows.
        if (all(_asks_at_most(ln, max_increase) for ln in lines)
                and all(_asks_the_cap(ln, max_increase) for ln in still_below)):
            text += (f" Because we ask for at most {fmt.percent(max_increase, 0)} on any code, "
                     f"{which} would still be below the market {label}.")
        else:
            text += f" {which[0].upper()}{which[1:]} would still be below the market {label}."
    return text.strip()


def _below_market_today(lines: tuple[RateLine, ...] | list[RateLine], label: str, *,
                        every_code: bool = True) -> str:
    """How many of the rates the payer pays today are below the market, and by how much
    weighted by volume: the analysis date's rates (``rate_today``), as the Comparison and
    Priorities count them (:func:`ratecalc.gap.below_market`), never the rates of the new term
    the table shows (built on $32.00 agreed for January, the letter said 1 of 2 rates were
    below the market today and 1.9%, where Priorities said 2 codes and today's rates are 5.7%).

    Notes
    -----
    gap = 1 - sum(units x rate today) / sum(units x market), over the codes with a market rate
    and a rate today (a code paid only from a later day has none). "" when none is below: "0
    of these 8 rates are below the market" argues against the ask. ``every_code`` False: the
    table has codes with no market figure, so the count says it covers only the others ("All
    15 of these rates" under a table of 16 codes read as a miscount).
    """
    paid = [ln for ln in lines if not fmt.is_missing(ln.rate_today)]
    below = [ln for ln in paid if below_market(ln.rate_today, ln.benchmark)]
    if not below:
        return ""
    n = len(paid)
    verb = "is" if len(below) == 1 else "are"
    if all(ln.rate_today == ln.current_rate for ln in lines):  # the table's rates are today's
        if every_code:
            every = "Both of these rates are" if n == 2 else f"All {n} of these rates are"
            count = ("This rate is" if n == 1 else every if len(below) == n
                     else f"{len(below)} of these {n} rates {verb}")
        else:
            every = ("Both rates" if n == 2 else f"All {n} rates") + " with a market figure are"
            count = ("The one rate with a market figure is" if n == 1 else every
                     if len(below) == n
                     else f"{len(below)} of the {n} rates with a market figure {verb}")
        text, whose = f"{count} below the market {label} today", "your rates are"
    else:  # the table shows rates agreed for later: say whose rates are below
        codes = "these codes" if every_code else "the codes with a market figure"
        every = ("Both rates" if n == 2 else f"All {n} of the rates") + \
            f" you pay today for {codes} are"
        one = "this code" if every_code else "the one code with a market figure"
        count = (f"The rate you pay today for {one} is" if n == 1 else every if len(below) == n
                 else f"{len(below)} of the {n} rates you pay today for {codes} {verb}")
        text, whose = f"{count} below the market {label}", "your rates today are"
    # in the decimals typed: rates paying exactly the market's revenue summed below it in
    # binary (661.15 against 661.1500000000001) and read "0.0% below it"
    today, market = (sum((typed_decimal(ln.units_per_year) * typed_decimal(rate)
                          for ln, rate in zip(paid, rates, strict=True)), Fraction(0))
                     for rates in ([ln.rate_today for ln in paid], [ln.benchmark for ln in paid]))
    shown = percent_beside_line(float(1 - today / market), 0.0) if market > 0 else ""
    if today < market and shown.strip("0.%"):  # under 0.00005% is no gap to state
        text += f"; weighted by volume, {whose} {shown} below it"
    return text + "."


def _asks_at_most(ln: RateLine, cap: float) -> bool:
    return ln.proposed_rate <= capped_rate(ln.current_rate, cap) + 1e-9


def _asks_the_cap(ln: RateLine, cap: float) -> bool:
    return abs(ln.proposed_rate - capped_rate(ln.current_rate, cap)) <= 1e-9


def _contract_evidence(ctx: PayerContext) -> str:
    """Codes a percent-of-Medicare payer pays below its own contract: evidence for the ask."""
    check = ctx.analysis.contract_check
    if check is None or check.empty:
        return ""
    rows = check[(check["payer"] == ctx.payer) & check["underpaid"]]
    if rows.empty:
        return ""
    pct = contract_percent_text(float(rows["contract_pct"].iloc[0]))
    codes = fmt.join_words([f"{r.code} ({fmt.pct_of_medicare(float(r.paid_pct))})"
                            for r in rows.itertuples()])
    # the locality compared with: a practice's other location is paid by its own locality's
    return (f"Your fee schedule pays less than the agreement's {pct} of Medicare for {codes} "
            f"in Medicare locality {ctx.analysis.medicare_label.locality}: "
            f"{fmt.money(float(rows['shortfall_a_year'].sum()))} a year below the agreement at "
            f"last year's volumes. We ask that these be paid at the contracted rate.")


def _pays_on(ctx: PayerContext, lines: tuple[RateLine, ...], response_by: date) -> str:
    """When the table's dollar amounts are what its percents of Medicare pay: on the day of
    the Medicare amounts they are computed on (:func:`ratecalc_letter.parts.medicare_bases`,
    the day they would take effect where a release covers it), "today" for the analysis'
    Medicare date; each day with its codes when they are priced on more than one."""
    priced = ctx.analysis.data.settings.date_of_service
    bases = medicare_bases(ctx, lines)

    def on(day: date) -> str:
        return ("today" if day == priced else
                f"on {fmt.long_date(day)}, "
                f"{when_rates_take_effect(day, 'they', response_by, ctx.letter_date)}")

    if len(bases) <= 1:
        return on(bases[0].day) if bases else "today"
    return fmt.join_words([f"{on(b.day)} for {fmt.join_words(list(b.codes))}" for b in bases])


def _billed_without_rate(ctx: PayerContext) -> str:
    """The request for a contracted rate for each code billed to the payer that has none
    (:func:`ratecalc.proposal.billed_without_rate`, the Proposal's warning says the same), ""
    for none: the proposal asks no rate of its own for such a code, having no current rate to
    increase, and leaves it out of the table and the totals."""
    analysis = ctx.analysis
    found = billed_without_rate(analysis.comparison, analysis.proposal)
    rows = found[found["payer"] == ctx.payer]
    if rows.empty:
        return ""
    codes = [str(c) for c in rows["code"]]
    own = dict(clinic_descriptions(analysis.data.volumes, analysis.data.fee_schedules))
    own.update(ctx.descriptions)
    named = describe(codes, own)
    listed = fmt.join_words([f"{code} ({named[code]}), {fmt.units(float(units))} units last year"
                             if named.get(code) else
                             f"{code}, {fmt.units(float(units))} units last year"
                             for code, units in zip(codes, rows["units_per_year"], strict=True)])
    one = len(codes) == 1
    return (f"We also bill your plan for {listed}, for which our agreement has no contracted "
            f"rate. We ask that you add a rate for {'it' if one else 'each'} to the agreement; "
            f"{'it is' if one else 'they are'} not included in the rates or totals above.")


def _not_billed(ctx: PayerContext, lines: Sequence[RateLine]) -> str:
    """The codes on the payer's fee schedule that the practice did not bill to it in the
    period, left out of the table (no raise is asked on a code with no volume behind it:
    :func:`ratecalc.proposal.hold_unbilled`, as the Proposal sheet and proposal.csv say), in a
    sentence saying their current rates stand; "" for none."""
    codes = unbilled_codes(ctx, lines)
    if not codes:
        return ""
    named = describe(codes, ctx.descriptions)
    listed = fmt.join_words([f"{code} ({named[code]})" if named.get(code) else code
                             for code in codes])
    one = len(codes) == 1
    return (f"We did not bill your plan for {listed} last year; "
            f"{'its current rate stands' if one else 'their current rates stand'}, and "
            f"{'it is' if one else 'they are'} not included in the rates or totals above.")


def has_market(line: RateLine) -> bool:
    """True when ``line`` has a market figure (its benchmark is a number)."""
    return not math.isnan(line.benchmark)


def _chart(lines: tuple[RateLine, ...], label: str) -> Chart:
    shown = sorted(lines, key=lambda ln: code_key(ln.code, ln.units_per_year))[:CHART_MAX_CODES]
    more = len(lines) > len(shown)
    if not more:
        which = ", by code."
    elif any(ln.units_per_year > 0 for ln in lines):
        which = f", for the {len(shown)} codes with the most units."
    else:  # no units on file to rank them by: the first by code, as they are drawn
        which = f", for the first {len(shown)} codes by code."
    # a market series with no figure is not drawn: the caption named it all the same
    caption = (f"Figure 1. Rate per unit: current, proposed and market {label}{which}"
               if any(has_market(ln) for ln in shown) else
               f"Figure 1. Rate per unit: current and proposed{which}")
    return Chart(codes=tuple(ln.code for ln in shown),
                 current=tuple(ln.current_rate for ln in shown),
                 proposed=tuple(ln.proposed_rate for ln in shown),
                 market=tuple(ln.benchmark for ln in shown),
                 market_label=f"Market {label}", caption=caption)


def proposal_letter(analysis: Analysis, payer: str, *, product: str | None = None,
                    letter_date: date | None = None,
                    descriptions: Mapping[str, str] | None = None,
                    requested_rates: Mapping[str, float] | None = None) -> LetterContent:
    """The rate proposal to ``payer``.

    Parameters
    ----------
    analysis : ratecalc.analysis.Analysis
    payer : str
        Payer name as on the Payers sheet (case ignored).
    product : str, optional
        Which contract, when the payer has several.
    letter_date : datetime.date, optional
        Date on the letter; default the analysis date (Settings ``analysis_date``, else today).
    descriptions : Mapping[str, str], optional
        The clinic's own short description per code (never CPT descriptor text).
    requested_rates : Mapping[str, float], optional
        Code -> the rate the clinic chose to ask instead of the proposed one [USD per unit]
        (the workbook's Proposal sheet, column "Your rate"); change, percent of Medicare and
        annual impact follow from it.

    Returns
    -------
    LetterContent

    Raises
    ------
    ratecalc.errors.InputError
        Unknown payer, no contract, no contact or address, no signer, no proposal rows: every
        missing field in one message.
    """
    ctx = payer_context(analysis, payer, "proposal", product, letter_date, descriptions)
    s = analysis.data.settings
    t = ctx.timeline
    clinic = analysis.data.clinic
    requested = {str(k).strip().upper(): v for k, v in (requested_rates or {}).items()}
    requested_warnings = check_requested_rates(ctx, requested)
    lines = rate_lines(ctx, requested=requested)
    refuse_doubtful_rates(ctx.analysis, ctx.payer, cited_doubts(ctx, lines))
    totals = totals_of(lines)
    label = percentile_label(s.target_percentile)

    opens = (t.negotiation_start if t.negotiation_start > ctx.letter_date else
             business_day_offset(ctx.letter_date, BEGIN_DISCUSSIONS_BUSINESS_DAYS))
    response_by, response_warnings, moved = response_date(ctx, opens)
    # The timeline's negotiation start is the day to send the proposal: this letter is it, so
    # talks open with the reply it asks for, whenever it is sent. An early letter said "begin
    # discussions after your reply, and by August 2, 2027 at the latest" beside a reply asked
    # for by January 4, 2027, seven months apart; a later one already began them with the reply
    # (never before it, nor after a reply moved to the decision date).
    begin = response_by
    agreement = agreement_name(ctx)
    late = notice_passed(t)
    discussions = f"begin discussions by {fmt.long_date(begin)}"

    visits = payer_visits(analysis, ctx.payer)
    opening = (f"{text_of(clinic.get('name'))} has cared for {ctx.payer} members under "
               f"{agreement}")
    effective = date_of(ctx.contract.get("effective_date"))
    opening += f" since {fmt.long_date(effective)}." if effective else "."
    if visits:
        opening += f" Last year we provided {fmt.units(visits)} visits to your members."
    # only what is so of this payer: a code on its fee schedule with no units last year is not
    # "billed", and without a market figure there is no "market data" behind the rates
    billed = sum(ln.units_per_year > 0 for ln in lines)
    unasked = _billed_without_rate(ctx)
    unbilled = _not_billed(ctx, lines)
    rated = " that have a contracted rate" if unasked else ""
    services = (f"the {len(lines)} services we bill to your plan{rated}"
                if billed == len(lines) else
                f"{len(lines)} services on your fee schedule, {billed} of which we billed to "
                f"your plan last year" if billed else
                f"{len(lines)} services on your fee schedule")
    evidence = ("the market data behind them" if any(has_market(ln) for ln in lines) else
                "how they compare with Medicare")
    scope = (f"This letter sets out the rates we propose for {services}, {evidence}, and the "
             f"results we deliver for your members.")
    renews_on = fmt.long_date(next_term_start(t.end_date))
    if late and t.auto_renew:
        # set off by commas: the agreement's name ends in its product's parentheses, and
        # "(PPO) (December 31, 2026)" read as two asides
        purpose = (f"The notice date of {agreement}, {fmt.long_date(t.notice_deadline)}, has "
                   f"passed, so the agreement renews on {renews_on}. We ask "
                   f"that you amend its rates as set out below, and would like to "
                   f"{discussions}. {scope}")
    elif late:
        # "a" renewed agreement: one that does not renew by itself has none yet
        purpose = (f"As {term_phrase(t)}, we ask that a renewed agreement carry the rates "
                   f"set out below, and would like to {discussions}. {scope}")
    else:
        purpose = f"As {term_phrase(t)}, we would like to {discussions}. {scope}"
    blocks: list[Block] = [Paragraph(opening), Paragraph(purpose), Heading("Proposed rates")]

    def when(day: date) -> str:
        return when_rates_take_effect(day, "the proposed rates", response_by, ctx.letter_date)

    pays_on = _pays_on(ctx, lines, response_by)
    basis = ("All rates are per unit, in fixed dollars."
             if s.rate_basis == "fixed" else
             "We propose that each service be paid at the percent of the Medicare Physician "
             f"Fee Schedule shown; the dollar amounts are what those percents pay {pays_on}.")
    current_basis = text_of(ctx.contract.get("rate_basis"))
    current_pct = ctx.contract.get("pct_of_medicare")
    if s.rate_basis == "fixed" and current_basis == "pct_of_medicare" and \
            not fmt.is_missing(current_pct) and current_pct is not None:
        basis += (f" Our current agreement pays {contract_percent_text(float(current_pct))} of the "
                  f"Medicare fee schedule; fixed-dollar rates keep payment stable for both "
                  f"parties when Medicare's conversion factor changes.")
    evidence = _contract_evidence(ctx)
    if evidence:
        basis += " " + evidence
    blocks.append(Paragraph(basis, keep_with_next=True))
    blocks.append(_rates_table(lines, s.rate_basis, label, pays_on))
    agreed = agreed_rates_note(ctx, lines, "the proposed rates", response_by)
    if agreed:
        blocks.append(Paragraph(agreed, role="note"))
    sources = market_sentence(ctx, lines, when)
    if sources:
        blocks.append(Paragraph(sources, role="note"))
    if unasked:
        blocks.append(Paragraph(unasked))
    if unbilled:
        blocks.append(Paragraph(unbilled, role="note"))
    facts = _market_facts(lines, label, s.max_increase)
    if totals.units_per_year > 0:
        # of the codes listed: a code billed without a rate is not in it (said apart), so the
        # figure is not every unit billed to the payer (the Priorities')
        impact = (f"At last year's volumes of the codes above "
                  f"({fmt.units(totals.units_per_year)} units), the "
                  f"proposed rates would change annual reimbursement from "
                  f"{fmt.money(totals.new_term_revenue)} to {fmt.money(totals.proposed_revenue)}, "
                  f"an increase of {fmt.money(totals.annual_impact)} "
                  f"({fmt.percent(totals.impact_pct)}).")
    else:
        # no units on file: the letter told the payer of "an increase of $0.00 (—)" over a
        # table of $0.00, as if the proposal were worth nothing
        impact = NO_UNITS_IMPACT
    blocks.append(Paragraph(f"{impact} {facts}".strip(), keep_with_next=True))
    if totals.units_per_year > 0:
        blocks.append(Table(
            "summary", ("Annual reimbursement", "Amount"),
            (("At current rates", fmt.money(totals.new_term_revenue)),
             ("At proposed rates", fmt.money(totals.proposed_revenue))),
            widths=(3.0, 1.6), numeric=(False, True),
            total=("Annual increase",
                   f"{fmt.money(totals.annual_impact, signed=True)} "
                   f"({fmt.percent(totals.impact_pct, signed=True)})")))
    blocks.append(_chart(lines, label))

    value = value_case(ctx)
    if value:  # no metrics, programs or advantages typed: no heading over nothing
        blocks.append(Heading("The value we deliver"))
        blocks.extend(value)
    blocks.extend(alternative_terms(
        ctx, "If a rate increase is not possible this cycle, we ask that you consider these "
             "terms instead:"))

    closing = f"We ask for your written response by {fmt.long_date(response_by)}"
    if moved:
        closing += (f", ahead of the agreement's {t.notice_days}-day notice date of "
                    f"{fmt.long_date(t.notice_deadline)}")
    elif late and t.auto_renew and reply_within_term(t, response_by):
        # a reply after the renewal cannot let the rates apply from it
        closing += f", so that the amended rates can apply from {renews_on}"
    closing += f". {contact_sentence(clinic)}"
    blocks.append(Heading("Next steps"))
    blocks.append(Paragraph(closing))
    blocks.append(Paragraph(f"Thank you for your partnership in caring for {ctx.payer} "
                            f"members."))

    end = fmt.long_date(t.end_date)
    subject = (f"Re: Rate proposal, {subject_agreement(ctx)}, "
               f"{'current term ending' if t.auto_renew else 'expiring'} {end}")
    return LetterContent(
        **common_fields(ctx, "proposal", "Rate proposal"),
        subject=(subject, provider_line(clinic)), blocks=tuple(blocks),
        dates=LetterDates(letter_date=ctx.letter_date, end_date=t.end_date,
                          notice_deadline=t.notice_deadline, decision_date=t.decision_date,
                          **renewed_term_dates(t),
                          begin_discussions=begin, response_by=response_by),
        lines=lines, totals=totals,
        warnings=tuple(common_warnings(ctx) + requested_warnings + response_warnings
                       + _sent_before(ctx)),
    )


def _sent_before(ctx: PayerContext) -> list[str]:
    """A warning when the Negotiation Log shows this term's proposal already sent (the
    timeline's rule, :func:`proposal_on_record`): the letter reads as the first proposal, and
    a user who sent one and logged it may mean a follow-up or the counter letter instead."""
    sent = proposal_on_record(ctx)
    if sent is None:
        return []
    return [f"the Negotiation Log shows a proposal sent to {ctx.payer} on {sent.isoformat()} "
            f"for this term: this letter is a new proposal and does not mention that one; "
            f"to answer the payer's counteroffer, write the counter letter"]
