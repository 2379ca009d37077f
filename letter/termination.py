"""Notice of non-renewal, effective on the first term end the contract's notice period allows."""

from __future__ import annotations

from datetime import date

from ratecalc.analysis import Analysis
from ratecalc.timeline import next_term_start, renewed_term_end, termination_effective_date
from ratecalc_letter import formats as fmt
from ratecalc_letter.blocks import Block, LetterContent, LetterDates, Paragraph
from ratecalc_letter.parts import (
    agreement_name,
    cited_doubts,
    common_fields,
    contact_sentence,
    doubt_text,
    letter_date_warning,
    network_name,
    over_today,
    payer_context,
    possessive,
    proposal_on_record,
    provider_line,
    rate_lines,
    renewed_term_dates,
    subject_agreement,
    text_of,
    totals_of,
)


def _renews_first(term_end: date, effective: date, deadline: date, notice_days: int,
                  renewed_end: date) -> list[Paragraph]:
    """The sentence a late notice owes the payer: the agreement renews before the notice takes
    effect (without it the letter named an end a year after the current term's with no word of
    why). ``renewed_end``: the end of the first renewed term; a later ``effective`` is a term
    short of the notice period passed over."""
    if effective <= term_end:
        return []
    which = ("the renewed term" if effective <= renewed_end else
             f"the first renewed term it gives {notice_days} days' notice of")
    # the deadline, not "less than N days": a deadline moved back to a business day passes
    # with N days still to go
    return [Paragraph(f"The deadline for notice before the current term ends on "
                      f"{fmt.long_date(term_end)} was {fmt.long_date(deadline)}, so the agreement "
                      f"renews on {fmt.long_date(next_term_start(term_end))} and this notice "
                      f"takes effect at the end of {which}.")]


def _notice_given(days: int, notice_days: int, deadline: date, effective: date, *,
                  late: bool, auto_renew: bool) -> str:
    """How much notice the letter gives. A late notice of an agreement that does not renew by
    itself ends with the term anyway: it said "meeting the agreement's requirement of 90 days'
    written notice" 84 days before the end, to the payer (an auto-renewing one's late notice
    waits out the renewed term, so it meets the requirement)."""
    given = f"This notice is given {days} day{'' if days == 1 else 's'} before that date"
    if late and not auto_renew and days < notice_days:
        return (f"{given}, after the agreement's {notice_days}-day notice date of "
                f"{fmt.long_date(deadline)}; as the agreement does not renew by itself, it ends "
                f"on {fmt.long_date(effective)} in any case, and this letter confirms that we "
                f"will not renew it.")
    return f"{given}, meeting the agreement's requirement of {notice_days} days' written notice."


def termination_letter(analysis: Analysis, payer: str, *, product: str | None = None,
                       letter_date: date | None = None) -> LetterContent:
    """Notice of non-renewal to ``payer``, effective on a date the notice period allows.

    Parameters
    ----------
    analysis : ratecalc.analysis.Analysis
    payer : str
    product, letter_date
        As for :func:`proposal_letter`.

    Returns
    -------
    LetterContent
        ``dates.effective_date`` from :func:`termination_effective_date`.
    """
    ctx = payer_context(analysis, payer, "termination", product, letter_date, None)
    t = ctx.timeline
    clinic = analysis.data.clinic
    # the contract's own renewal term, the one its timeline rolled by
    effective, warnings = termination_effective_date(t, ctx.letter_date)
    agreement = agreement_name(ctx)
    days = (effective - ctx.letter_date).days
    network = network_name(ctx.payer, text_of(ctx.contract.get("product")))
    blocks: list[Block] = [
        Paragraph(f"This letter is {possessive(text_of(clinic.get('name')))} written notice "
                  f"that it will not renew {agreement} with {ctx.payer}. Our participation in "
                  f"{network} will end on {fmt.long_date(effective)}."),
        *_renews_first(t.end_date, effective, t.notice_deadline, t.notice_days,
                       renewed_term_end(t)),
        Paragraph(_notice_given(days, t.notice_days, t.notice_deadline, effective,
                                late=ctx.letter_date > t.notice_deadline,
                                auto_renew=bool(t.auto_renew))),
        Paragraph(f"Until {fmt.long_date(effective)} we will continue to see your members under "
                  f"the agreement's terms. We will help members in active care to complete "
                  f"their treatment or transfer it, including any continuity-of-care requests "
                  f"your plan supports."),
    ]
    lines = rate_lines(ctx)
    totals = totals_of(lines) if lines else None
    reopen = (f"We value our relationship with {ctx.payer} and remain open to a new agreement "
              f"on sustainable terms before that date.")
    more = over_today(lines)
    sent = proposal_on_record(ctx)
    # what continuing would take is the asks' sum: a rate that looks wrong and is not confirmed
    # is cited in no letter (the proposal's refusal), nor in a sum built on it (walk-7: MVP's
    # 92523 at $1,259.19, 521% of Medicare, gave $2,518.40 of the notice's "$7,375.20 a year
    # more")
    doubts = cited_doubts(ctx, lines)
    if lines and more.annual_impact > 0 and not doubts.empty:
        # "; " apart: a rate's place (file, sheet, row, column) has commas of its own
        listed = "; ".join(f"{r.code} at {doubt_text(r, ctx.analysis.doubt_place(r))}"
                           for r in doubts.itertuples())
        warnings = [*warnings,
                    f"the notice does not say what rates it would take to continue: the sum "
                    f"rests on rates that look wrong ({listed}); check them on sheet "
                    f"'Fee Schedules' and correct them, or type yes in its 'confirmed' column"]
    if lines and more.annual_impact > 0 and doubts.empty:
        codes = "" if more.every_code else " on the codes you pay today"
        worth = (f"{fmt.money(more.annual_impact)} a year more than today's rates at current "
                 f"volumes, an increase of {fmt.percent(more.impact_pct)}{codes}")
        # "the rates in our proposal" only of one the Negotiation Log shows sent: the notice
        # cited a proposal the payer never had, beside the Timeline's "none logged"
        reopen += (f" The rates in our proposal of {fmt.long_date(sent)} remain the basis on "
                   f"which we could continue: they pay {worth}." if sent is not None else
                   f" To continue, we would need rates that pay {worth}.")
    else:
        sent = None  # the letter cites no proposal
    blocks.append(Paragraph(reopen))
    blocks.append(Paragraph(f"Please confirm receipt of this notice in writing, and tell us of "
                            f"any steps your plan requires for members in active care. "
                            f"{contact_sentence(clinic).replace('discuss it', 'discuss this')}"))
    subject = (f"Re: Notice of non-renewal, {subject_agreement(ctx)}, effective "
               f"{fmt.long_date(effective)}")
    return LetterContent(
        **common_fields(ctx, "termination", "Notice of non-renewal"),
        subject=(subject, provider_line(clinic)), blocks=tuple(blocks),
        dates=LetterDates(letter_date=ctx.letter_date, end_date=t.end_date,
                          notice_deadline=t.notice_deadline, decision_date=t.decision_date,
                          **renewed_term_dates(t),
                          effective_date=effective, proposal_sent=sent),
        lines=lines, totals=totals,
        warnings=tuple(list(t.warnings) + letter_date_warning(ctx) + warnings),
    )
