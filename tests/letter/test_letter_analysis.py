"""A letter reads only part of the analysis: the rankings it never shows are not computed for it,
and when another output reads them they are what the same functions give."""

from __future__ import annotations

from ratecalc import priorities, proposal
from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.timeline import renewal_calendar
from ratecalc_letter.content import proposal_letter
from tests.letter.conftest import TOP_PAYER

RANKINGS = {"priorities", "pareto_payers", "pareto_codes", "timeline", "proposal_summary"}


def test_a_letter_leaves_the_rankings_uncomputed_and_they_follow_on_first_use() -> None:
    data = demo_data()
    analysis = analyze(data)
    proposal_letter(analysis, TOP_PAYER)
    assert not RANKINGS & set(vars(analysis))
    s = data.settings
    ranked = priorities.payer_priorities(
        analysis.comparison, data.contracts, analysis.as_of, notice_days=s.notice_days,
        lead_months=s.lead_months, follow_up_business_days=s.follow_up_business_days)
    assert analysis.priorities.equals(ranked)
    assert analysis.priorities is analysis.priorities  # computed once
    assert analysis.pareto_codes.equals(
        priorities.pareto(analysis.comparison, "code", "units_per_year", s.pareto_share))
    assert analysis.proposal_summary.equals(proposal.proposal_summary(analysis.proposal))
    calendar = renewal_calendar(
        data.contracts, dollars_at_stake=ranked.set_index("payer")["dollars_at_stake"],
        as_of=analysis.as_of, lead_months=s.lead_months,
        follow_up_business_days=s.follow_up_business_days, notice_days=s.notice_days,
        proposals_sent=data.proposals_sent)
    assert analysis.timeline is not None and analysis.timeline.equals(calendar)
