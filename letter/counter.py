"""The answer to a payer's counteroffer: what it is worth against current rates and against
the ask, and the next counter per code, never below the walk-away floor nor the current rate."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pandas as pd

from ratecalc.analysis import Analysis
from ratecalc.counteroffer import (
    DEFAULT_ACCEPT_SHARE,
    CounterofferResult,
    evaluate_counteroffer,
    share_of_ask_text,
)
from ratecalc.errors import InputError, NotOnFileError
from ratecalc.money import round_cents
from ratecalc.negotiation_log import happened_by
from ratecalc.rate_basis import raised_by_escalator
from ratecalc.schema import FEE_SCHEDULES
from ratecalc.timeline import RenewalTimeline, before_this_term_note, next_term_start
from ratecalc_letter import formats as fmt
from ratecalc_letter.blocks import (
    Block,
    Heading,
    LetterContent,
    LetterDates,
    Paragraph,
    PayerOffer,
    RateLine,
    Table,
)
from ratecalc_letter.offers import passed_over_note
from ratecalc_letter.parts import (
    OUR_AGREEMENTS,
    PayerContext,
    agreed_rates_note,
    agreement_name,
    alternative_terms,
    check_requested_rates,
    cited_doubts,
    common_fields,
    common_warnings,
    contact_sentence,
    escalations,
    payer_context,
    provider_line,
    rate_lines,
    refuse_doubtful_rates,
    renewed_term_dates,
    reply_within_term,
    response_date,
    sheet,
    subject_agreement,
    term_phrase,
    totals_of,
    value_case,
)


def _offers_under_current(ctx: PayerContext, lines: tuple[RateLine, ...]) -> list[str]:
    """A sentence per offered rate below the current rate: the payer offers less than it pays
    (or has agreed to pay by the day the new rates take effect, which the clinic's best
    argument names)."""
    agreed = {}
    if "rate_agreed_from" in ctx.proposal.columns:
        agreed = {str(r.code): (r.rate_agreed_from, getattr(r, "rate_escalator", math.nan),
                                escalations(r))
                  for r in ctx.proposal.itertuples() if isinstance(r.rate_agreed_from, date)}
    under: dict[str, list[RateLine]] = {}
    for ln in lines:
        if not fmt.is_missing(ln.offer_rate) and ln.offer_rate < ln.current_rate - 0.005:
            since, by, times = agreed.get(ln.code, (None, math.nan, 1))
            # a rate the agreement's escalator raised is said so, as every output says it: the
            # payer agreed to no row at that rate
            paid = ("you pay today" if since is None else
                    f"you agreed to pay from {fmt.long_date(since)}" if fmt.is_missing(by) else
                    f"you pay from {fmt.long_date(since)}, "
                    f"{raised_by_escalator(float(by), OUR_AGREEMENTS, times)}")
            under.setdefault(paid, []).append(ln)
    said = []
    for paid, codes in under.items():
        if len(codes) == 1:
            (ln,) = codes
            said.append(f"Your offer for {ln.code} ({fmt.money(ln.offer_rate)}) is below the "
                        f"{fmt.money(ln.current_rate)} {paid}.")
            continue
        # one sentence for the codes a reason shares: a payer offering today's rates on 15
        # codes read the same sentence 15 times
        pairs = [f"{ln.code} ({fmt.money(ln.offer_rate)} against {fmt.money(ln.current_rate)})"
                 for ln in codes]
        tail = "," if paid.endswith("escalator") else ""
        said.append(f"Your offer is below the rate {paid}{tail} for {fmt.join_words(pairs)}.")
    return said


def counter_letter(analysis: Analysis, payer: str, offer: PayerOffer, *,
                   product: str | None = None, letter_date: date | None = None,
                   descriptions: Mapping[str, str] | None = None,
                   requested_rates: Mapping[str, float] | None = None) -> LetterContent:
    """The answer to ``payer``'s counteroffer: its worth, and the next counter per code.

    Parameters
    ----------
    analysis : ratecalc.analysis.Analysis
    payer : str
    offer : PayerOffer
        The payer's offered rate per code (see :func:`ratecalc_letter.offers.offer_from_log`).
    product, letter_date, descriptions, requested_rates
        As for :func:`proposal_letter`: the ask the offer is measured against is the requested
        rate where the clinic typed one, else the proposed rate.

    Returns
    -------
    LetterContent
        ``counter`` holds :func:`ratecalc.counteroffer.evaluate_counteroffer`'s result; each
        line's ``counter_rate`` is its suggested counter [USD per unit], never below the floor
        nor (unless the clinic asks less) the current rate.

    Raises
    ------
    ratecalc.errors.InputError
        As for :func:`proposal_letter`, an offer naming a code with no proposal row or
        giving no codes at all, one dated after the letter (not received by then: the
        Negotiation Log's rule, :mod:`ratecalc.negotiation_log`), and one dated before the
        current term began (an earlier renewal's: :func:`ratecalc.timeline.before_this_term_note`).
    """
    ctx = payer_context(analysis, payer, "counter", product, letter_date, descriptions)
    if offer.received is not None and not happened_by(offer.received, ctx.letter_date):
        # the letter thanked the payer for an offer it had not made by the letter's date
        raise InputError(f"{offer.source}, payer {ctx.payer!r}: the offer is dated "
                         f"{offer.received.isoformat()}, after the letter's date "
                         f"{ctx.letter_date.isoformat()}: a letter answers an offer received "
                         f"by its date; date the letter on or after the offer (--date), or "
                         f"correct the offer's date")
    t = ctx.timeline
    earlier = before_this_term_note(t, offer.received, "the offer")
    if earlier:
        # the timeline's rule (ratecalc.timeline.proposal_sent_this_term): a log entry before
        # the term began belongs to an earlier renewal, so this renewal has no offer yet
        raise InputError(f"{offer.source}, payer {ctx.payer!r}: {earlier}; a counter letter "
                         f"answers an offer received in the current term: record the payer's "
                         f"offer for this renewal, with the day it was received")
    clinic = analysis.data.clinic
    named = {str(k).strip().upper() for k in (*offer.rates, *offer.increases) if k}
    unknown = sorted(named - {str(c) for c in ctx.proposal["code"]})
    if unknown:
        rows = [offer.where[code].removeprefix(f"{offer.source}, ") for code in unknown
                if code in offer.where]
        at = f" ({'; '.join(rows)})" if rows else ""
        raise InputError(f"{offer.source}, payer {ctx.payer!r}: offered rates for "
                         f"{fmt.join_words(unknown)}, which have no proposal row (no current "
                         f"rate on {sheet(FEE_SCHEDULES.title)}){at}")
    rates = {}
    for code, current in zip(ctx.proposal["code"].astype(str), ctx.proposal["current_rate"],
                             strict=True):
        offered = offer.rate_for(code, float(current))
        if offered is not None:
            rates[code] = offered
    if not rates:
        raise NotOnFileError(f"{offer.source}: no offered rates for payer {ctx.payer!r}: enter the "
                         f"payer's counteroffer per code before writing the counter letter")
    requested = {str(k).strip().upper(): v for k, v in (requested_rates or {}).items()}
    requested_warnings = check_requested_rates(ctx, requested)
    asked = rate_lines(ctx, offer=rates, requested=requested)
    proposed = [str(c) for c in ctx.proposal["code"]]
    # every code of the proposal, in its order, with the rate still asked
    not_offered = tuple(ln for ln in rate_lines(ctx, requested=requested)
                        if ln.code not in rates)
    left_out = [ln.code for ln in not_offered]
    # the proposal's rule: refused over the doubtful rates this letter cites, its table's and
    # those of the codes it still asks for (a current rate it builds the ask on), not over a
    # code it leaves apart as not billed, of which it cites nothing
    refuse_doubtful_rates(ctx.analysis, ctx.payer, cited_doubts(ctx, (*asked, *not_offered)))
    result = evaluate_counteroffer(pd.DataFrame({
        "code": [ln.code for ln in asked],
        "units_per_year": [ln.units_per_year for ln in asked],
        "current_rate": [ln.current_rate for ln in asked],
        "ask_rate": [ln.proposed_rate for ln in asked],
        "counter_rate": [ln.offer_rate for ln in asked],
        # a code without a floor (no Medicare amount, or no cost per visit) has none to fall under
        "floor_rate": [0.0 if fmt.is_missing(ln.floor) else ln.floor for ln in asked],
    }), codes_not_offered=left_out)
    suggested = dict(zip(result.lines["code"].astype(str),
                         result.lines["suggested_counter"].astype(float), strict=True))
    lines = tuple(replace(ln, counter_rate=suggested[ln.code]) for ln in asked)
    totals = totals_of(lines)
    response_by, response_warnings, moved = response_date(ctx, None)
    agreement = agreement_name(ctx)

    received = f" of {fmt.long_date(offer.received)}" if offer.received else ""
    # a date inside a sentence takes a comma after its year: "offer of December 1, 2026 under"
    received_in_sentence = f"{received}," if received else ""
    agreed = agreed_rates_note(ctx, lines, "the rates in this letter", response_by)
    # built on a rate agreed for later, "current rates" are not what the payer pays today: the
    # sentence names the day, as the note under the table explains
    current = (f"the rates in force on {fmt.long_date(ctx.proposal['current_rate_date'].iloc[0])}"
               if agreed else "current rates")
    # the sign said in words, as in cents shown: "change annual reimbursement by +$13,648.20"
    # read as a table cell in a sentence, and "by -$50.00 over current rates, -14% of the
    # increase we asked for" as a cut not said as one
    delta = round_cents(result.delta_vs_current)
    if delta < 0:
        change = f"lower annual reimbursement by {fmt.money(-delta)} from {current}"
    elif delta == 0:
        change = f"leave annual reimbursement as it is at {current}"
    else:
        share = ("" if fmt.is_missing(result.share_of_ask)
                 else f", {share_of_ask_text(result.share_of_ask, DEFAULT_ACCEPT_SHARE)} of "
                 "the increase we asked for")
        change = f"increase annual reimbursement by {fmt.money(delta)} over {current}{share}"
    # against our proposal in cents, as shown: an offer above it was "-$4,410.00 a year short"
    short = round_cents(-result.delta_vs_ask)
    against = (f"that is {fmt.money(short)} a year short of our proposal" if short > 0 else
               f"that is {fmt.money(-short)} a year above our proposal" if short < 0 else
               "that meets our proposal")
    # an offer on one code is said in the singular: not "On the 1 codes in your offer"
    one = len(lines) == 1
    codes = "the one code" if one else f"the {len(lines)} codes"
    yours, them = ("your rate", "it") if one else ("your rates", "them")
    blocks: list[Block] = [
        Paragraph(f"Thank you for your rate offer{received_in_sentence} under {agreement}. We have "
                  f"reviewed it code by code against our proposal and our costs."),
        Paragraph(f"On {codes} in your offer, at last year's volumes "
                  f"({fmt.units(totals.units_per_year)} units), {yours} would {change}; "
                  f"{against}."
                  if totals.units_per_year > 0 else
                  # no units on file: "by $0.00 over current rates; that is $0.00 a year
                  # short of our proposal", as if the offer met it
                  f"On {codes} in your offer: we have no volumes on file for {them} for last "
                  f"year, so this letter does not estimate what {yours} would change in a "
                  f"year."),
    ]
    if left_out:
        # an offer on some codes only: silence on the rest read as dropping them, and "short
        # of our proposal" above counts the offered codes only. Each with the rate still
        # asked, the proposal letter's: the payer need not look the proposal up to know them
        one_left = len(left_out) == 1
        still = [f"{ln.code} at {fmt.money(ln.proposed_rate)}" for ln in not_offered]
        blocks.append(Paragraph(
            f"Your offer leaves out {len(left_out)} of the {len(proposed)} codes in our "
            f"proposal; for {'it' if one_left else 'them'} we still ask the "
            f"{'rate' if one_left else 'rates'} we proposed: "
            f"{fmt.join_words(still)}."))
    verdicts = dict(zip(result.lines["code"].astype(str), result.lines["verdict"], strict=True))
    accepted = [ln.code for ln in lines if verdicts[ln.code] == "accept"]
    below = [ln.code for ln in lines if verdicts[ln.code] == "walk_away"]
    every_offer_accepted = len(accepted) == len(lines)
    # the core's verdict on the offer as a whole, the one --json gives: accepted only code by
    # code and with no proposed code left out ("we accept ... send the amended fee schedule"
    # beside "for them we still ask the rates we proposed" settled nothing)
    all_accepted = result.verdict == "accept"
    blocks.append(Heading("Your offer accepted" if all_accepted else "Our counterproposal"))
    if all_accepted:
        blocks.append(Paragraph("Your offer meets our needs: we accept the rates you offered "
                                f"and ask that you send {_for_signature(t, listed=True)} for "
                                "signature."))
    else:
        said = []
        if accepted:
            said.append(f"We accept your offered rate{'s' if len(accepted) > 1 else ''} for "
                        f"{fmt.join_words(accepted)}.")
        if not every_offer_accepted:
            lead = "For the other codes, the" if accepted else "The"
            said.append(f"{lead} \u201cOur counter\u201d column is our counterproposal, "
                        f"between your offer and our original request.")
        if below:
            # the counter is held at the floor, the current rate or the midpoint, whichever is
            # highest: "our counter is the lowest rate we can sustain" was true of the first only
            said.append(f"For {fmt.join_words(below)}, the rate you offered does not cover "
                        f"the cost of delivering the service.")
        said += _offers_under_current(ctx, lines)
        blocks.append(Paragraph(" ".join(said), keep_with_next=True))
    # an accepted offer's rates are agreed, not countered: a letter accepting them beside a
    # column headed "Our counter" and a total "At our counterproposal" said both
    ours = ("Agreed rate", "Agreed vs current") if all_accepted else ("Our counter",
                                                                       "Counter vs current")
    blocks.append(Table(
        "counter", ("Code", "Description", "Annual units", "Current rate", "Our proposal",
                    "Your offer", *ours),
        tuple((ln.code, ln.description, fmt.units(ln.units_per_year), fmt.money(ln.current_rate),
               fmt.money(ln.proposed_rate), fmt.money(ln.offer_rate), fmt.money(ln.counter_rate),
               fmt.percent(ln.counter_rate / ln.current_rate - 1.0 if ln.current_rate else
                           math.nan, signed=True)) for ln in lines),
        widths=(0.7, 2.25, 0.9, 0.95, 0.95, 0.95, 0.95, 1.05),
        numeric=(False, False, True, True, True, True, True, True)))
    if agreed:
        blocks.append(Paragraph(agreed, role="note"))
    if totals.units_per_year > 0:  # of no units, a table of $0.00 (said above)
        blocks.append(_summary_table(result, codes if left_out else "",
                                     accepted=all_accepted))

    value = value_case(ctx)
    if value:  # no metrics, programs or advantages typed: no heading over nothing
        blocks.append(Heading("Why these rates"))
        blocks.extend(value)
    if not all_accepted:
        # the terms are what the clinic would take for giving up part of its counter
        blocks.extend(alternative_terms(
            ctx, "If you cannot meet the rates of our counterproposal, we would consider a "
                 "smaller increase together with these terms:"))
    # a reply moved ahead of the notice date says so right after its own date: after the day
    # the rates take effect it read as if that day were ahead of the notice date
    ahead = (f", ahead of the agreement's {t.notice_days}-day notice date of "
             f"{fmt.long_date(t.notice_deadline)}") if moved else ""
    if all_accepted:
        # the rates are agreed: what is left is the written confirmation, not a reply to
        # negotiate ("we ask for your response ... I would welcome a call to discuss it")
        closing = (f"Please confirm the agreed rates in writing, with {_for_signature(t)} "
                   f"for signature, by {fmt.long_date(response_by)}{ahead}, "
                   + (_taking_effect(t) if reply_within_term(t, response_by) else
                      f"for the rates of {_after_the_term(t)}" if t.auto_renew else
                      # the renewed agreement is named just before: not "for the rates of a
                      # renewed agreement" again
                      f"so that it carries them; ours expires on {fmt.long_date(t.end_date)}"))
    else:
        closing = (f"To settle rates before {term_phrase(t)}, we ask for your response by "
                   f"{fmt.long_date(response_by)}" if reply_within_term(t, response_by) else
                   f"We ask for your response by {fmt.long_date(response_by)}, to settle the "
                   f"rates of {_after_the_term(t)}")
        closing += ahead  # the response date ends the sentence
    blocks.append(Heading("Next steps"))
    blocks.append(Paragraph(f"{closing}. {contact_sentence(clinic, settled=all_accepted)}"
                            .rstrip()))
    blocks.append(Paragraph(f"Thank you for working with us on rates that keep care for "
                            f"{ctx.payer} members sustainable."))

    subject = (f"Re: {'Acceptance of' if all_accepted else 'Response to'} your rate offer"
               f"{received}, {subject_agreement(ctx)}")
    return LetterContent(
        **common_fields(ctx, "counter", "Response to rate offer"),
        subject=(subject, provider_line(clinic)), blocks=tuple(blocks),
        dates=LetterDates(letter_date=ctx.letter_date, end_date=t.end_date,
                          notice_deadline=t.notice_deadline, decision_date=t.decision_date,
                          **renewed_term_dates(t),
                          response_by=response_by),
        lines=lines, totals=totals, counter=result,
        # the offers dated after the letter, passed over, named whichever source they came from
        warnings=tuple(common_warnings(ctx) + requested_warnings + response_warnings
                       + [w for w in (passed_over_note(offer, ctx.letter_date),) if w]),
        not_offered=not_offered,
    )


def _for_signature(t: RenewalTimeline, *, listed: bool = False) -> str:
    """What the payer sends for signature once the rates are agreed: an agreement that renews
    by itself has its fee schedule amended; one that expires is not amended, its rates are a
    renewed agreement's (``listed``: said with its fee schedule)."""
    if t.auto_renew:
        return "the amended fee schedule"
    return "the renewed agreement, with its fee schedule," if listed else "the renewed agreement"


def _taking_effect(t: RenewalTimeline) -> str:
    """From when agreed rates apply, said after "so that": the first day after the current
    term, never "when" it ends (rates do not start on the day an agreement expires, and an
    agreement that expires carries them only if renewed)."""
    start = fmt.long_date(next_term_start(t.end_date))
    if t.auto_renew:
        return f"so that they take effect on {start}, the first day of the renewed term"
    # said after "with the renewed agreement for signature": "it", not the agreement again
    return f"so that it carries them from {start}, the day after ours expires"


def _after_the_term(t: RenewalTimeline) -> str:
    """What a reply asked for after the current term's end settles: never rates "before" the
    term ends (:func:`ratecalc_letter.parts.reply_within_term`)."""
    if t.auto_renew:
        return f"the term that begins on {fmt.long_date(next_term_start(t.end_date))}"
    return f"a renewed agreement; ours expires on {fmt.long_date(t.end_date)}"


def _summary_table(result: CounterofferResult, codes: str, *, accepted: bool = False) -> Table:
    """The annual reimbursement at current rates, the offer, the proposal and the counter (the
    rates agreed, where the offer is ``accepted``); of ``codes`` ("the 4 codes") in the offer
    when it leaves some of the proposal's out (its figures read as the whole contract's,
    beside the proposal letter's for every code)."""
    return Table(
        "summary", (f"Annual reimbursement for {codes} in your offer" if codes else
                    "Annual reimbursement", "Amount", "Change over current"),
        (("At current rates", fmt.money(result.revenue_current), fmt.DASH),
         ("At your offer", fmt.money(result.revenue_counter),
          fmt.money(result.delta_vs_current, signed=True)),
         ("At our original proposal", fmt.money(result.revenue_ask),
          fmt.money(result.revenue_ask - result.revenue_current, signed=True))),
        widths=(3.0, 1.6, 1.8), numeric=(False, True, True),
        total=("At the rates agreed" if accepted else "At our counterproposal",
               fmt.money(result.revenue_suggested),
               fmt.money(result.revenue_suggested - result.revenue_current, signed=True)))
