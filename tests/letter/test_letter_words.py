"""The words of the letters a billing manager sends, read back from the written .docx: a
review rendered the demo's letters (``ratecalc demo --today 2026-12-05``) and found sentences
that mislead or read unfinished.

The demo clinic of 2026-12-05: Summit BlueCare PPO's term ends 2027-03-31 (auto-renewing, 90
days' notice); talks open 5 months before, 2026-10-31, a Saturday, so Monday 2026-11-02 (the
day to send the proposal), and preparation 30 days before that, 2026-10-03, a Saturday, so
Friday 2026-10-02. Its Negotiation Log is empty: no proposal sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from ratecalc.analysis import Analysis, analyze
from ratecalc.demo import demo_data
from ratecalc.errors import InputError
from ratecalc.timeline import business_day_offset
from ratecalc_letter import write_letter
from ratecalc_letter.blocks import PayerOffer
from ratecalc_letter.content import build_letter
from tests.letter.conftest import Reopened, reopen

STORY = date(2026, 12, 5)
SUMMIT = "Summit BlueCare PPO"
#: The review's offer file: 4 of Summit's 15 codes, received 2026-12-01.
OFFER = PayerOffer(SUMMIT, {"97110": 28.50, "97140": 25.50, "97530": 28.00, "92507": 78.57},
                   received=date(2026, 12, 1), source="'offer.csv'")


@cache
def story(sent: tuple[tuple[str, date], ...] = ()) -> Analysis:
    """The demo clinic of 2026-12-05, its Negotiation Log showing ``sent`` (payer, day), a
    "sent" row each."""
    data = demo_data(STORY)
    days = {payer: tuple(d for p, d in sent if p == payer) for payer, _ in sent}
    return analyze(replace(data, proposals_sent=days))


def _written(tmp_path: Path, analysis: Analysis, payer: str, kind: str, **kw: object
             ) -> Reopened:
    return reopen(write_letter(analysis, payer, tmp_path / f"{kind}.docx", kind, **kw))


def _paragraph(doc: Reopened, start: str) -> str:
    return next(p for p in doc.body_paragraphs if p.startswith(start))


def _money(text: str) -> float:
    return float(text.replace("$", "").replace(",", "").replace("+", ""))


@pytest.fixture(scope="module")
def counter(tmp_path_factory: pytest.TempPathFactory) -> Reopened:
    out = tmp_path_factory.mktemp("counter")
    return _written(out, story(), SUMMIT, "counter", offer=OFFER, letter_date=date(2026, 12, 1))


# --------------------------------------------------------------------------- counter letter


def test_the_counter_summary_says_it_covers_the_offered_codes_only(counter: Reopened):
    """"At current rates $188,859.90 ... At our original proposal $217,163.10" read as the
    whole contract's, beside the proposal letter's $294,784.32 and $338,959.17 for all 15
    codes: the table is the 4 offered codes' and says so."""
    table = counter.table_with_header("Annual reimbursement for the 4 codes in your offer")
    rows = {r[0]: r[1] for r in table[1:]}
    # 2,940 x 25.22 + 1,860 x 24.58 + 1,620 x 28.67 + 330 x 68.33 = 74,146.80 + 45,718.80
    # + 46,445.40 + 22,548.90
    assert _money(rows["At current rates"]) == 188_859.90
    # 2,940 x 29.00 + 1,860 x 28.26 + 1,620 x 32.97 + 330 x 78.57
    assert _money(rows["At our original proposal"]) == 217_163.10
    assert not [t for t in counter.tables if t[0][0] == "Annual reimbursement"]


def test_the_counter_letter_asks_the_proposed_rates_of_the_codes_left_out(
        counter: Reopened, tmp_path: Path):
    """The 11 codes the offer leaves out are named with the rates still asked for them, the
    proposal letter's own."""
    proposal = _written(tmp_path, story(), SUMMIT, "proposal")
    table = proposal.table_with_header("Code")
    asked = {r[0]: r[table[0].index("Proposed rate")] for r in table[1:]}
    left_out = [c for c in asked if c not in OFFER.rates]
    assert len(left_out) == 11
    # by hand: 97535 $29.34 x 1.15 = $33.741, 92523 $196.98 x 1.15 = $226.527
    assert (asked["97535"], asked["92523"]) == ("$33.74", "$226.52")
    rates = [f"{code} at {asked[code]}" for code in left_out]
    said = _paragraph(counter, "Your offer leaves out")
    assert said == ("Your offer leaves out 11 of the 15 codes in our proposal; for them we "
                    "still ask the rates we proposed: " + ", ".join(rates[:-1])
                    + f" and {rates[-1]}.")
    # --json carries the same rates
    info = build_letter(story(), SUMMIT, "counter", offer=OFFER).as_dict()
    assert info["codes_not_offered"] == left_out
    assert {c: f"${r:,.2f}" for c, r in info["rates_not_offered"].items()} == \
        {c: asked[c] for c in left_out}


def test_the_counter_letter_words_the_change_without_a_sign(counter: Reopened):
    """"would change annual reimbursement by +$13,648.20": the sign said in words.
    2,940 x 3.28 + 1,860 x 0.92 - 1,620 x 0.67 + 330 x 10.24 = 9,643.20 + 1,711.20 - 1,085.40
    + 3,379.20 = $13,648.20."""
    text = _paragraph(counter, "On the 4 codes in your offer")
    assert ("your rates would increase annual reimbursement by $13,648.20 over current rates, "
            "48% of the increase we asked for; that is $14,655.00 a year short of our "
            "proposal.") in text
    assert not [p for p in counter.body_paragraphs if re.search(r"[+]\$", p)]


def test_the_counter_letter_says_what_it_would_trade_for_the_terms(counter: Reopened):
    """"If these rates cannot be met, we would consider them alongside these terms": the
    terms are what the clinic would take for a smaller increase than its counter."""
    assert ("If you cannot meet the rates of our counterproposal, we would consider a smaller "
            "increase together with these terms:") in counter.body_paragraphs
    assert not [p for p in counter.body_paragraphs if "alongside" in p]


def test_the_counter_letter_sets_off_the_offer_date(counter: Reopened):
    # "your rate offer of December 1, 2026 under agreement": a date inside a sentence takes a
    # comma after its year
    assert _paragraph(counter, "Thank you").startswith(
        "Thank you for your rate offer of December 1, 2026, under agreement SBC-PT-2019-114 "
        "(PPO).")


# --------------------------------------------------------------------------- termination


def test_a_termination_notice_cites_no_proposal_the_log_shows_none_of(tmp_path: Path):
    """The demo's log shows no proposal sent (its outputs warn "no proposal sent on the
    Negotiation Log"): the notice cited "The rates in our proposal". The figure is the
    proposal letter's: $338,959.17 - $294,784.32 = $44,174.85, 44,174.85 / 294,784.32 =
    14.99%."""
    doc = _written(tmp_path, story(), SUMMIT, "termination")
    text = doc.full_text()
    assert "our proposal" not in text
    assert ("To continue, we would need rates that pay $44,174.85 a year more than today's "
            "rates at current volumes, an increase of 15.0%.") in text
    content = build_letter(story(), SUMMIT, "termination")
    assert content.as_dict()["dates"]["proposal_sent"] is None


@pytest.mark.parametrize(("sent", "cited"), [
    (date(2026, 11, 2), "November 2, 2026"),  # the day talks open
    (date(2026, 10, 2), "October 2, 2026"),  # the first day of this term's preparation
    # before it, but in this term (begun 2026-04-01): still this renewal's (it was left out)
    (date(2026, 10, 1), "October 1, 2026"),
    (date(2026, 4, 1), "April 1, 2026"),  # the term's first day
    (date(2026, 3, 31), None),  # the previous term's last day: an earlier renewal's proposal
    (STORY + timedelta(days=1), None),  # after the letter's date
])
def test_a_termination_notice_cites_the_proposal_sent_for_this_term(
        tmp_path: Path, sent: date, cited: str | None):
    analysis = story(((SUMMIT, sent),))
    doc = _written(tmp_path, analysis, SUMMIT, "termination")
    text = doc.full_text()
    if cited is None:
        assert "our proposal" not in text
        assert "To continue, we would need rates that pay $44,174.85" in text
    else:
        assert (f"The rates in our proposal of {cited} remain the basis on which we could "
                f"continue: they pay $44,174.85 a year more than today's rates at current "
                f"volumes, an increase of 15.0%.") in text
    dates = build_letter(analysis, SUMMIT, "termination").as_dict()["dates"]
    assert dates["proposal_sent"] == (None if cited is None else sent.isoformat())


@pytest.mark.parametrize(("sent", "warned"), [
    (date(2026, 11, 2), True),  # this term's proposal, sent on the day talks open
    (date(2026, 3, 31), False),  # the previous term's: an earlier renewal's proposal
    (STORY + timedelta(days=1), False),  # after the letter's date
])
def test_a_proposal_letter_warns_of_the_proposal_the_log_shows_sent(sent: date, warned: bool):
    """walk-9: Bayside's proposal was sent and logged on 2026-11-02; a second proposal letter
    came out as the first one, "we would like to begin discussions by...", with no word of the
    one on record, and no warning said so. The letter's words stay (a fresh proposal may be
    what is meant); the warning names the day the log shows."""
    content = build_letter(story(((SUMMIT, sent),)), SUMMIT, "proposal")
    said = [w for w in content.warnings if "Negotiation Log" in w]
    if warned:
        assert said == [f"the Negotiation Log shows a proposal sent to {SUMMIT} on 2026-11-02 "
                        f"for this term: this letter is a new proposal and does not mention "
                        f"that one; to answer the payer's counteroffer, write the counter "
                        f"letter"], content.warnings
    else:
        assert said == [], content.warnings


# --------------------------------------------------------------------------- early proposal


@pytest.mark.parametrize("payer", ["Pioneer Medicare Advantage", "Keystone Health Plan",
                                   "Lakeside Health Partners"])
def test_an_early_proposal_begins_discussions_with_the_reply(tmp_path: Path, payer: str):
    """Talks open on the day to send the proposal (2027-08-02, 2028-07-31): a letter that
    sends it earlier opens them itself, so discussions begin with the reply it asks for, 30
    days after the letter: 2027-01-04, a Monday. "begin discussions after your reply, and by
    August 2, 2027 at the latest" beside a reply asked for by January 4, 2027 left seven
    months between the two."""
    reply = business_day_offset(STORY + timedelta(days=30), 0)
    assert reply == date(2027, 1, 4)
    doc = _written(tmp_path, story(), payer, "proposal")
    text = doc.full_text()
    assert "we would like to begin discussions by January 4, 2027." in text
    assert "We ask for your written response by January 4, 2027." in text
    assert "at the latest" not in text
    dates = build_letter(story(), payer, "proposal").as_dict()["dates"]
    assert dates["begin_discussions"] == dates["response_by"] == reply.isoformat()
    json.dumps(dates)


def test_a_counter_offer_at_todays_rates_is_said_to_change_nothing(tmp_path: Path):
    # Summit pays $25.22 for 97110 today: an offer of the same rate changes nothing, said so
    # ("would change annual reimbursement by $0.00 over current rates, 0% of the increase")
    offer = PayerOffer(SUMMIT, {"97110": 25.22}, received=date(2026, 12, 1))
    doc = _written(tmp_path, story(), SUMMIT, "counter", offer=offer)
    text = _paragraph(doc, "On the one code in your offer")
    assert ("your rate would leave annual reimbursement as it is at current rates; that is "
            "$11,113.20 a year short of our proposal.") in text  # 2,940 x (29.00 - 25.22)


@pytest.mark.parametrize(("received", "answered"), [
    (date(2026, 4, 1), True),  # the current term's first day (it ends 2027-03-31)
    (date(2026, 3, 31), False),  # the previous term's last day: an earlier renewal's offer
])
def test_a_counter_letter_answers_only_an_offer_of_the_current_term(
        tmp_path: Path, received: date, answered: bool):
    """The log's latest offer from Summit was received 2026-02-01, in the term that renewed
    2026-04-01: the counter letter of 2026-12-05 answered it ("Response to your rate offer of
    February 1, 2026"), while by the timeline's rule (proposal_sent_this_term) a proposal of
    that term belongs to an earlier renewal and this renewal's proposal went 2026-09-14,
    after that offer. One rule: an entry before the term began answers an earlier renewal."""
    offer = replace(OFFER, received=received)
    if answered:
        info = build_letter(story(), SUMMIT, "counter", offer=offer).as_dict()
        assert "your rate offer of April 1, 2026" in " ".join(info["subject"])
        return
    with pytest.raises(InputError, match=r"the offer is dated 2026-03-31, before the current "
                                         r"term began 2026-04-01 \(the term ending 2027-03-31\)"
                                         r": it answered an earlier renewal"):
        build_letter(story(), SUMMIT, "counter", offer=offer)
    with pytest.raises(InputError, match="answered an earlier renewal"):
        _written(tmp_path, story(), SUMMIT, "counter", offer=offer)
