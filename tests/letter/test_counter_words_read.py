"""The counter letter read as the payer's contracting manager reads it: a review wrote every
kind of letter for every payer of the demo workbook (``ratecalc workbook new --demo --today
2026-12-05``) and found sentences a payer would stumble on.

The demo clinic of 2026-12-05 (as in test_letter_words): Summit BlueCare PPO pays $25.22 for
97110 and $24.58 for 97140 and is asked $29.00 and $28.26. Keystone Health Plan's 2% escalator
(contract effective 2025-01-01, auto-renewing; its fee-schedule rows dated 2026-01-01) raises
its rates on 2027-01-01 and on 2028-01-01, the day its new term begins: 97110 $28.98 -> $29.56
-> $30.15, 97140 $28.89 -> $29.47 -> $30.06, 97530 $35.04 -> $35.74 -> $36.45.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ratecalc_letter import write_letter
from ratecalc_letter.blocks import PayerOffer
from ratecalc_letter.content import build_letter

from .conftest import reopen
from .test_letter_words import SUMMIT, story

KEYSTONE = "Keystone Health Plan"


def _counter_text(tmp_path: Path, offer: PayerOffer) -> str:
    path = write_letter(story(), offer.payer, tmp_path / "counter.docx", "counter", offer=offer)
    return "\n".join(reopen(path).body_paragraphs)


def test_one_accepted_code_is_one_rate(tmp_path: Path) -> None:
    # 97140 offered at the $28.26 asked (accepted), 97110 at $27.00 (countered): "We accept
    # your offered rates for 97140." spoke of one rate as several
    offer = PayerOffer(SUMMIT, {"97110": 27.00, "97140": 28.26}, received=date(2026, 12, 1))
    text = _counter_text(tmp_path, offer)
    assert "We accept your offered rate for 97140." in text
    assert "offered rates for 97140" not in text


def test_offers_under_the_rates_agreed_are_named_in_one_sentence(tmp_path: Path) -> None:
    # Keystone offers today's rates (below what its escalator will pay from 2028-01-01) on
    # three codes: the letter said "Your offer for ... is below the ... you pay from January
    # 1, 2028, raised by our agreement's 2% escalator." three times over (fifteen times for an
    # offer on every code)
    offer = PayerOffer(KEYSTONE, {"97110": 28.98, "97140": 28.89, "97530": 35.04},
                       received=date(2026, 12, 1))
    text = _counter_text(tmp_path, offer)
    assert text.count("is below the") == 1
    assert "Your offer for" not in text
    assert ("Your offer is below the rate you pay from January 1, 2028, raised twice by our "
            "agreement's 2% escalator, for 97110 ($28.98 against $30.15), 97140 ($28.89 "
            "against $30.06) and 97530 ($35.04 against $36.45).") in text


def test_a_rate_raised_on_several_anniversaries_says_how_many_times(tmp_path: Path) -> None:
    """Keystone's proposal letter showed "$30.15 ... raised by our agreement's 2% escalator"
    beside "Today you pay $28.98": the payer's manager works $28.98 x 1.02 = $29.56, not
    $30.15; raised twice (on 2027-01-01, then on 2028-01-01, to the cent each time: $29.56,
    then 29.56 x 1.02 = 30.1512 -> $30.15) it is. Lakeside's 2.5% raises its $37.83 (97110,
    row dated 2026-01-01) three times by its new term of 2029-01-01: $38.78, $39.75, $40.74.
    The Proposal sheet's reason said it alike."""
    twice = "\n".join(reopen(write_letter(story(), KEYSTONE, tmp_path / "k.docx"))
                      .body_paragraphs)
    assert ("when the proposed rates would take effect, raised twice by our agreement's 2% "
            "escalator: 97110 at $30.15, ") in twice
    assert "Today you pay $28.98 for 97110" in twice
    thrice = "\n".join(p.text for p in build_letter(story(), "Lakeside Health Partners")
                       .blocks if hasattr(p, "text"))
    assert "raised three times by our agreement's 2.5% escalator: 97110 at $40.74, " in thrice
    proposal = story().proposal.set_index(["payer", "code"])
    assert proposal.loc[(KEYSTONE, "97110"), "rate_escalations"] == 2
    assert proposal.loc[(KEYSTONE, "97110"), "reason"].startswith(
        "raised twice by its contract's 2% escalator to $30.15 from 2028-01-01")
    # a rate the escalator has not raised since today: no count said
    assert proposal.loc[(SUMMIT, "97110"), "rate_escalations"] == 0


def test_a_passed_notice_date_is_set_off_by_commas_not_a_second_parenthesis(tmp_path: Path
                                                                           ) -> None:
    # Summit's notice date, 2026-12-31, has passed by 2027-01-15: "The notice date of agreement
    # SBC-PT-2019-114 (PPO) (December 31, 2026) has passed" read as two asides
    path = write_letter(story(), SUMMIT, tmp_path / "late.docx",
                        letter_date=date(2027, 1, 15))
    text = "\n".join(reopen(path).body_paragraphs)
    assert ("The notice date of agreement SBC-PT-2019-114 (PPO), December 31, 2026, has passed, "
            "so the agreement renews on April 1, 2027.") in text
    assert ") (" not in text


def test_an_accepted_offer_is_tabled_as_agreed_not_countered(tmp_path: Path) -> None:
    """Meridian Mutual offers every rate asked (97110 $35.22, ...): the letter accepts it, and
    its tables headed "Our counter", "Counter vs current" and "At our counterproposal" told the
    payer of a counterproposal the letter does not make. At the asks: $185,794.20 a year at
    current rates, $195,105.62 agreed (+$9,311.42), as the proposal letter's totals."""
    meridian = "Meridian Mutual"
    rows = story().proposal[story().proposal["payer"] == meridian]
    offer = PayerOffer(meridian, dict(zip(rows["code"].astype(str), rows["proposed_rate"],
                                          strict=True)), received=date(2026, 12, 1))
    doc = reopen(write_letter(story(), meridian, tmp_path / "accept.docx", "counter",
                              offer=offer))
    assert "Your offer accepted" in doc.body_paragraphs
    header = doc.table_with_header("Code")[0]
    assert header[-2:] == ["Agreed rate", "Agreed vs current"]
    summary = {r[0]: r[1:] for r in doc.table_with_header("Annual reimbursement")}
    assert summary["At the rates agreed"] == ["$195,105.62", "+$9,311.42"]
    assert summary["At current rates"][0] == "$185,794.20"
    assert "counter" not in doc.full_text().lower().replace("counteroffer", "")


def test_a_count_and_its_benchmark_are_written_to_the_same_decimals(tmp_path: Path) -> None:
    # the demo's visits per episode, 9.1 against a benchmark of 11: "9.1 | 11" beside
    # "27.0 days | 45.0 days" and "97.0% | 90.0%" in the same table
    doc = reopen(write_letter(story(), SUMMIT, tmp_path / "p.docx"))
    rows = {r[0]: r[1:] for r in doc.table_with_header("Measure")}
    assert rows["Visits per episode of care (lower is better)"] == ["9.1", "11.0"]
    assert rows["Net Promoter Score"] == ["81", "50"]  # whole on both sides: as they are
