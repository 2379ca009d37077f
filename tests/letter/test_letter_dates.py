"""A letter's dates never contradict each other: the reply it asks for comes before every day
its sentences say the reply comes before (the end of the term it settles rates "before", the
day the amended rates "can apply from", the notice date it is "ahead of"), and discussions it
would like to begin come after the reply.

The clinic is the demo's, moved to 2026-12-05 (``ratecalc workbook new --demo --today
2026-12-05``), with only its analysis date changed, as a review did through the workbook's
Settings. Its contracts (end date, auto-renewing, notice days): Summit BlueCare PPO 2027-03-31,
yes, 90; Keystone Health Plan 2027-12-31, yes, 120; Meridian Mutual 2027-06-30, no, 90;
Cardinal Employers Trust 2027-04-30, yes, 60, 88% of Medicare; Lakeside Health Partners
2028-12-31, yes, 90; Pioneer Medicare Advantage 2027-12-31, yes, 90, 100% of Medicare. A reply
is asked for 30 days after the letter (Settings ``response_days``), on a business day; talks
open 5 months before the end (``lead_months``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.analysis import Analysis, analyze
from ratecalc.demo import demo_data
from ratecalc.errors import InputError
from ratecalc_letter.blocks import LetterContent, PayerOffer
from ratecalc_letter.content import build_letter
from tests.medicare_days import bundled_through

STORY = date(2026, 12, 5)
PAYERS = ("Summit BlueCare PPO", "Keystone Health Plan", "Meridian Mutual",
          "Cardinal Employers Trust", "Lakeside Health Partners", "Pioneer Medicare Advantage")


@pytest.fixture(scope="module", autouse=True)
def data_as_worked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The bundled releases through RVU26C, on which this module's days and words were worked
    (their weekdays and deadlines are 2027's): Cardinal's new term, 2027-05-01, is a day they do
    not cover (a 2027 release bundled later would price it and change the words)."""
    analysis_on.cache_clear()
    with bundled_through(date(2026, 12, 31), tmp_path_factory.mktemp("cms")):
        yield
    analysis_on.cache_clear()


@cache
def analysis_on(day: date) -> Analysis:
    """The demo clinic of 2026-12-05 analysed as of ``day`` (its analysis date changed, nothing
    else): the data is read once, shared by every test here."""
    data = demo_data(STORY)
    return analyze(replace(data, settings=replace(data.settings, analysis_date=day)))


def offer_for(analysis: Analysis, payer: str) -> PayerOffer:
    """An offer on the payer's five codes with the most units, 2% over their current rates."""
    rows = analysis.proposal[analysis.proposal["payer"] == payer]
    rows = rows.sort_values(["units_per_year", "code"], ascending=[False, True]).head(5)
    return PayerOffer(payer, {str(r.code): round(float(r.current_rate) * 1.02, 2)
                              for r in rows.itertuples()}, received=analysis.as_of)


def letter(day: date, payer: str, kind: str) -> LetterContent:
    analysis = analysis_on(day)
    offer = offer_for(analysis, payer) if kind == "counter" else None
    return build_letter(analysis, payer, kind, offer=offer)


def text_of(content: LetterContent) -> str:
    return "\n".join(content.texts())


# --------------------------------------------------------------------------- the order claimed

_DATE = r"((?:January|February|March|April|May|June|July|August|September|October|November|" \
        r"December) \d{1,2}, \d{4})"
_RESPONSE = rf"response by {_DATE}"

@dataclass(frozen=True)
class Claim:
    """What a sentence claims of its dates: ``pattern`` names them in order, as ``names``
    ("r" the reply; where the pattern does not name it, the letter's reply date), and ``holds``
    checks the claim, said as ``order``."""

    pattern: str
    names: tuple[str, ...]
    order: str
    holds: Callable[[dict[str, date]], bool]


CLAIMS: tuple[Claim, ...] = (
    Claim(rf"To settle rates before [^.]*? (?:ends|expires) on {_DATE}, we ask for your "
          rf"{_RESPONSE}", ("end", "r"), "r <= end", lambda d: d["r"] <= d["end"]),
    Claim(rf"{_RESPONSE}, ahead of the agreement's \d+-day notice date of {_DATE}",
          ("r", "notice"), "r < notice", lambda d: d["r"] < d["notice"]),
    Claim(rf"{_RESPONSE}, so that the amended rates can apply from {_DATE}", ("r", "start"),
          "r < start", lambda d: d["r"] < d["start"]),
    # discussions begin once the payer has answered
    Claim(rf"begin discussions by {_DATE}", ("begin",), "r <= begin",
          lambda d: d["r"] <= d["begin"]),
    Claim(rf"begin discussions after your reply, and by {_DATE} at the latest", ("begin",),
          "r < begin", lambda d: d["r"] < d["begin"]),
    # the day the letter's rates "would take effect" comes after the reply that agrees them
    Claim(rf"{_DATE}, when [^,.:;]* would take effect", ("start",), "r < start",
          lambda d: d["r"] < d["start"]),
    Claim(rf"notice date of [^.]*\({_DATE}\) has passed", ("notice",), "notice < letter",
          lambda d: d["notice"] < d["letter"]),
)


def _day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def broken_claims(content: LetterContent) -> list[str]:
    """Every sentence of ``content`` whose dates are not in the order it claims; and the
    reply date itself, said as the outputs show it, on or after the letter's date."""
    text = text_of(content)
    r, letter_day = content.dates.response_by, content.dates.letter_date
    assert r is not None
    asked = {_day(d) for d in re.findall(_RESPONSE, text)}
    assert asked == {r}, (asked, r)
    broken = [] if r >= letter_day else [f"reply {r} before the letter {letter_day}"]
    for claim in CLAIMS:
        for found in re.finditer(claim.pattern, text):
            days = {"r": r, "letter": letter_day,
                    **dict(zip(claim.names, map(_day, found.groups()), strict=True))}
            if not claim.holds(days):
                broken.append(f"{found.group(0)!r}: expected {claim.order} ({days})")
    return broken


# --------------------------------------------------------------------------- the review's cases


def _paragraph(content: LetterContent, start: str) -> str:
    return next(t for t in content.texts() if t.startswith(start))


@pytest.mark.parametrize(("day", "payer", "said"), [
    # Summit: notice deadline 2027-03-31 - 90 days = Thu 2026-12-31, passed on 2027-03-15; the
    # reply 30 days out, Wed 2027-04-14, comes after the term's end (March 31)
    (date(2027, 3, 15), "Summit BlueCare PPO",
     "We ask for your response by April 14, 2027, to settle the rates of the term that "
     "begins on April 1, 2027."),
    # Keystone: notice deadline 2027-12-31 - 120 days = Thu 2027-09-02; a letter on the last
    # day of the term asks for a reply 30 days out, Sun 2028-01-30, so Mon January 31
    (date(2027, 12, 31), "Keystone Health Plan",
     "We ask for your response by January 31, 2028, to settle the rates of the term that "
     "begins on January 1, 2028."),
])
def test_a_counter_after_the_term_asks_no_reply_before_it_ends(day, payer, said):
    """The review's case: "To settle rates before the current term of our agreement ends on
    March 31, 2027, we ask for your response by April 14, 2027"."""
    content = letter(day, payer, "counter")
    assert _paragraph(content, "We ask for your response").startswith(said)
    assert "To settle rates before" not in text_of(content)
    assert not broken_claims(content)


def test_a_counter_in_the_term_settles_rates_before_it_ends():
    # Cardinal on 2027-03-15: notice deadline 2027-04-30 - 60 days = Mon 2027-03-01, passed;
    # the reply, Wed 2027-04-14, still comes before the term ends on April 30
    content = letter(date(2027, 3, 15), "Cardinal Employers Trust", "counter")
    assert _paragraph(content, "To settle rates").startswith(
        "To settle rates before the current term of our agreement ends on April 30, 2027, we "
        "ask for your response by April 14, 2027.")


@pytest.mark.parametrize(("day", "payer", "asked", "renews"), [
    (date(2027, 3, 15), "Summit BlueCare PPO", "April 14, 2027", "April 1, 2027"),
    (date(2027, 12, 31), "Keystone Health Plan", "January 31, 2028", "January 1, 2028"),
])
def test_a_proposal_after_the_renewal_does_not_let_rates_apply_from_it(day, payer, asked,
                                                                       renews):
    """The review's case: "We ask for your written response by April 14, 2027, so that the
    amended rates can apply from April 1, 2027"."""
    content = letter(day, payer, "proposal")
    text = text_of(content)
    assert f"so the agreement renews on {renews}. We ask that you amend its rates" in text
    assert _paragraph(content, "We ask for your written response").startswith(
        f"We ask for your written response by {asked}. ")
    assert "can apply from" not in text
    assert not broken_claims(content)


def test_a_proposal_whose_reply_comes_before_the_renewal_still_says_when_rates_apply():
    # Cardinal on 2027-03-15: the reply (April 14) comes before the renewal (May 1)
    content = letter(date(2027, 3, 15), "Cardinal Employers Trust", "proposal")
    assert ("We ask for your written response by April 14, 2027, so that the amended rates "
            "can apply from May 1, 2027.") in text_of(content)


@pytest.mark.parametrize(("payer", "kind", "said"), [
    # Cardinal renews on 2027-05-01 at 88% of Medicare; the analysis' Medicare date is
    # 2026-10-01 and no 2027 release is loaded; the reply (2027-01-04) comes before May 1
    ("Cardinal Employers Trust", "proposal",
     "On May 1, 2027, when the proposed rates would take effect, our agreement pays 88% of "
     "Medicare's 2027 amounts; as those are not yet available to us, the current rates shown "
     "are 88% of Medicare's amounts of October 1, 2026."),
    ("Cardinal Employers Trust", "counter",
     "On May 1, 2027, when the rates in this letter would take effect, our agreement pays 88% "
     "of Medicare's 2027 amounts; as those are not yet available to us, the current rates "
     "shown are 88% of Medicare's amounts of October 1, 2026."),
    ("Pioneer Medicare Advantage", "proposal",
     "On January 1, 2028, when the proposed rates would take effect, our agreement pays 100% "
     "of Medicare's 2028 amounts; as those are not yet available to us, the current rates "
     "shown are 100% of Medicare's amounts of October 1, 2026."),
])
def test_medicare_amounts_not_loaded_are_said_in_the_payers_words(payer, kind, said):
    """The review's case: "... are not yet imported into this analysis: the current rates
    shown are 88% of Medicare's amounts of October 1, 2026, and from that day our agreement
    pays 88% of Medicare's 2027 amounts" ("that day" read as October 1, 2026)."""
    text = text_of(letter(STORY, payer, kind))
    assert said in text
    assert "imported" not in text and "that day" not in text


def test_rates_answered_after_the_new_term_begins_are_not_said_to_take_effect_on_it():
    # Cardinal on Tue 2027-04-20: the reply 30 days out, Thu 2027-05-20, comes after the new
    # term begins (May 1), so May 1 is not "when the rates in this letter would take effect"
    content = letter(date(2027, 4, 20), "Cardinal Employers Trust", "counter")
    text = text_of(content)
    assert ("On May 1, 2027, when the new term begins, our agreement pays 88% of Medicare's "
            "2027 amounts;") in text
    assert "would take effect" not in text
    assert ("We ask for your response by May 20, 2027, to settle the rates of the term that "
            "begins on May 1, 2027.") in text
    assert not broken_claims(content)


@pytest.mark.parametrize(("payer", "talks"), [
    # talks open 5 months before the end, moved forward to a business day: 2028-07-31 (Mon);
    # 2027-07-31 is a Saturday, so Mon 2027-08-02
    ("Lakeside Health Partners", "July 31, 2028"),
    ("Keystone Health Plan", "August 2, 2027"),
    ("Pioneer Medicare Advantage", "August 2, 2027"),
])
def test_an_early_proposal_asks_for_the_reply_before_the_discussions(payer, talks):
    """The review's case: "we would like to begin discussions by July 31, 2028" beside "We ask
    for your written response by January 4, 2027" (2026-12-05 + 30 days = Mon 2027-01-04);
    then "after your reply, and by July 31, 2028 at the latest", seven to nineteen months after
    it. The day talks open is the timeline's day to send the proposal: a letter sending it
    early opens them itself, with the reply it asks for."""
    content = letter(STORY, payer, "proposal")
    text = text_of(content)
    assert "we would like to begin discussions by January 4, 2027." in text
    assert talks not in text
    assert "We ask for your written response by January 4, 2027." in text
    assert content.dates.begin_discussions == content.dates.response_by == date(2027, 1, 4)
    assert not broken_claims(content)


# --------------------------------------------------------------------------- every date


@settings(max_examples=20, deadline=None)
@given(day=st.dates(min_value=STORY, max_value=date(2028, 12, 31)))
def test_no_letter_states_dates_out_of_the_order_it_claims(day):
    """Whatever the analysis date, every demo payer's proposal and counter letter asks for its
    reply in an order its own sentences keep."""
    written = 0
    for payer in PAYERS:
        for kind in ("proposal", "counter"):
            try:
                content = letter(day, payer, kind)
            except InputError as exc:
                # Meridian does not renew by itself: after 2027-06-30 it has no term to write to
                assert payer == "Meridian Mutual" and "contract ended 2027-06-30" in str(exc)
                continue
            assert not broken_claims(content), (payer, kind)
            written += 1
    assert written >= 10
