"""What a letter says of "today" is the analysis date's, what it says of "current rates" is
named, where the proposal builds on a rate the payer agreed for later.

The clinic is :func:`tests.test_scheduled_rates.clinic`, as of 2026-12-04: Alpha Health pays
97110 $30.00 today and agreed $32.00 from 2027-01-03 (100 units), 97140 $40.00 today and
$50.00 from 2027-07-03 (50 units); market $31.00 and $44.00; its term ends 2027-06-22, so the
new term begins 2027-06-23 and the proposal builds on $32.00 and $40.00.

Worked by hand:

* today both codes are below the market (Priorities: 2 codes below market); weighted by
  volume, today's rates are (100 x 30 + 50 x 40) / (100 x 31 + 50 x 44) - 1 = 5000 / 5300 - 1
  = -5.66%, "5.7% below it" (built on the new-term rates the letter said 1 of 2 and 1.9%:
  5200 / 5300 - 1);
* at the rates in force on 2027-06-23: 100 x 32 + 50 x 40 = $5,200.00 a year; at the offer
  (97110 $31.00, 97140 $41.00): 3100 + 2050 = $5,150.00, $50.00 less.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import docx
import pytest

from ratecalc.analysis import analyze
from ratecalc.errors import InputError
from ratecalc_letter.api import write_letter
from ratecalc_letter.content import build_letter
from ratecalc_letter.offers import read_offer_file
from tests.test_scheduled_rates import PAYER, TODAY, clinic, new_term

TODAY_ONLY = [("97110", 30.00, TODAY - timedelta(days=300)),
              ("97140", 40.00, TODAY - timedelta(days=300))]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _table(path: Path, first: str) -> list[list[str]]:
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == first)
    return [[c.text for c in r.cells] for r in table.rows]


def _money(text: str) -> float:
    return float(text.replace("$", "").replace(",", "").replace("+", ""))


def _todays_gap(analysis) -> float:  # type: ignore[no-untyped-def]
    """The Comparison's volume-weighted gap to the market: 1 - sum(units x rate) /
    sum(units x market), today's rates."""
    c = analysis.comparison[analysis.comparison["payer"] == PAYER]
    return 1.0 - float((c["allowed_amount"] * c["units_per_year"]).sum()
                       / (c["benchmark"] * c["units_per_year"]).sum())


@pytest.mark.parametrize(("fees", "said"), [
    # the table shows the new term's $32.00: the sentence says whose rates it counts
    (None, "Both rates you pay today for these codes are below the market median; weighted by "
           "volume, your rates today are 5.7% below it."),
    # the table's rates are today's: as before
    (TODAY_ONLY, "Both of these rates are below the market median today; weighted by volume, "
                 "your rates are 5.7% below it."),
])
def test_the_proposal_says_of_today_what_priorities_say(tmp_path: Path, fees, said) -> None:  # type: ignore[no-untyped-def]
    data = clinic(fees=fees)
    analysis = analyze(data)
    path = write_letter(data, PAYER, tmp_path / "proposal.docx")
    text = next(t for t in _paragraphs(path) if "below the market median" in t)
    assert said in text

    # read back against the core's figures, and the hand-worked ones
    priorities = analysis.priorities.set_index("payer").loc[PAYER]
    assert text.count("Both") == 1 and int(priorities["codes_below_market"]) == 2
    gap = float(re.search(r"([\d.]+)% below it", text)[1]) / 100  # type: ignore[index]
    assert gap == pytest.approx(round(_todays_gap(analysis), 3), abs=1e-9)
    assert gap == pytest.approx(round(1 - (100 * 30 + 50 * 40) / (100 * 31 + 50 * 44), 3))
    # the table's current rates still sum to the new term's revenue
    summary = dict(_table(path, "Annual reimbursement"))  # type: ignore[arg-type]
    assert _money(summary["At current rates"]) == (
        100 * 32 + 50 * 40 if fees is None else 100 * 30 + 50 * 40)


def test_the_proposal_note_names_what_the_payer_pays_today(tmp_path: Path) -> None:
    """Every sentence saying "today" in the letter names the analysis date's figures: the note
    under the table gives the $30.00 beside the $32.00 it explains."""
    data = clinic()
    analysis = analyze(data)
    path = write_letter(data, PAYER, tmp_path / "proposal.docx")
    today = analysis.comparison.set_index("code").loc["97110", "allowed_amount"]
    assert today == 30.00
    note = ("The current rates shown are those in force on June 23, 2027, when the proposed "
            "rates would take effect, as agreed: 97110 at $32.00 from January 3, 2027. Today "
            "you pay $30.00 for 97110.")
    assert note in _paragraphs(path)
    for sentence in " ".join(_paragraphs(path)).split(". "):
        if re.search(r"\b(today|currently|now)\b", sentence, re.IGNORECASE):
            assert "$32.00" not in sentence or "from January 3, 2027" in sentence, sentence


def test_the_counter_letter_says_which_day_its_current_rates_are(tmp_path: Path) -> None:
    offer_csv = tmp_path / "offer.csv"
    offer_csv.write_text("payer,code,offered_rate,date\n"
                         f"{PAYER},97110,31.00,2026-12-01\n{PAYER},97140,41.00,2026-12-01\n")
    data = clinic()
    analysis = analyze(data)
    path = write_letter(data, PAYER, tmp_path / "counter.docx", kind="counter",
                        offer=read_offer_file(offer_csv, PAYER))
    texts = _paragraphs(path)
    # the same note as the proposal's (one function), for the rates this letter is about
    assert ("The current rates shown are those in force on June 23, 2027, when the rates in "
            "this letter would take effect, as agreed: 97110 at $32.00 from January 3, 2027. "
            "Today you pay $30.00 for 97110.") in texts

    rows = _table(path, "Code")
    current = {r[0]: _money(r[rows[0].index("Current rate")]) for r in rows[1:]}
    proposal = analysis.proposal.set_index("code")
    assert current == {code: float(proposal.loc[code, "current_rate"]) for code in current} \
        == {"97110": 32.00, "97140": 40.00}

    summary = {r[0]: r[1:] for r in _table(path, "Annual reimbursement")}
    at_current = float((proposal["current_rate"] * proposal["units_per_year"]).sum())
    assert _money(summary["At current rates"][0]) == at_current == 100 * 32 + 50 * 40
    assert _money(summary["At your offer"][0]) == 100 * 31 + 50 * 41
    assert summary["At your offer"][1] == "-$50.00"
    # a cut said as one, against the rates of the day named: not "by -$50.00 over current
    # rates, -14% of the increase we asked for"
    assert ("your rates would lower annual reimbursement by $50.00 from the rates in force on "
            "June 23, 2027; that is $410.00 a year short of our proposal.") in " ".join(texts)
    assert not [t for t in texts if "-14%" in t or "by -$" in t]
    # an offer under the rate the payer already agreed to pay by then is the clinic's point
    joined = " ".join(texts)
    assert ("Your offer for 97110 ($31.00) is below the $32.00 you agreed to pay from "
            "January 3, 2027.") in joined
    assert "Your offer for 97140" not in joined  # $41.00 is above the $40.00


def test_no_proposal_rows_names_the_day_the_new_term_begins() -> None:
    """A rate taking effect by the day the new term begins makes a proposal row: the message
    names that day, not only the analysis date."""
    after = [("97110", 30.00, new_term(TODAY) + timedelta(days=10))]
    analysis = analyze(clinic(fees=after))
    assert analysis.proposal[analysis.proposal["payer"] == PAYER].empty
    with pytest.raises(InputError, match=re.escape(
            "effective_date on or before 2027-06-23, the day its new term begins, when the "
            "proposed rates would take effect; the analysis date is 2026-12-04)")):
        build_letter(analysis, PAYER)
    # and a rate dated that day does make one
    on_the_day = [("97110", 30.00, new_term(TODAY))]
    assert not analyze(clinic(fees=on_the_day)).proposal.empty


def test_the_counter_letter_names_an_offer_below_what_the_payer_pays_today(tmp_path: Path) -> None:
    offer_csv = tmp_path / "offer.csv"
    offer_csv.write_text("payer,code,offered_rate,date\n"
                         f"{PAYER},97110,29.00,2026-12-01\n{PAYER},97140,41.00,2026-12-01\n")
    today_only = [("97110", 30.00, TODAY - timedelta(days=300)),
                  ("97140", 40.00, TODAY - timedelta(days=300))]
    data = clinic(fees=today_only)
    path = write_letter(data, PAYER, tmp_path / "counter.docx", kind="counter",
                        offer=read_offer_file(offer_csv, PAYER))
    joined = " ".join(_paragraphs(path))
    assert "Your offer for 97110 ($29.00) is below the $30.00 you pay today." in joined
    assert "Your offer for 97140" not in joined


@pytest.mark.parametrize(("fees", "more", "pct"), [
    # asks $33.60 (on $32.00 agreed for 2027-01-03) and $44.00; today $30.00 and $40.00:
    # 100 x (33.60 - 30.00) + 50 x (44.00 - 40.00) = 360 + 200 = $560.00 on today's
    # 100 x 30 + 50 x 40 = $5,000.00, 11.2% (counted from the new term's rates it said $360.00,
    # 6.9% of $5,200.00)
    (None, "$560.00", "11.2%"),
    # the table's rates are today's: asks $31.50 and $44.00, 150 + 200 = $350.00, 7.0%
    (TODAY_ONLY, "$350.00", "7.0%"),
    # 97140 is paid only from 2027-01-03 ($40.00): no rate today, so only 97110 counts,
    # 100 x (31.50 - 30.00) = $150.00 of $3,000.00, 5.0%, and the sentence says so
    ([("97110", 30.00, TODAY - timedelta(days=300)),
      ("97140", 40.00, TODAY + timedelta(days=30))], "$150.00", "on the codes you pay today (5.0%"),
])
def test_the_termination_letter_counts_more_than_today_from_todays_rates(  # type: ignore[no-untyped-def]
        tmp_path: Path, fees, more, pct) -> None:
    data = clinic(fees=fees)
    path = write_letter(data, PAYER, tmp_path / "notice.docx", kind="termination")
    text = next(t for t in _paragraphs(path) if "more than today" in t)
    # a folder of tables has no Negotiation Log to show a proposal sent: the letter cites none
    # ("The rates in our proposal, $560.00 a year more than today at current volumes (11.2%)")
    codes, _, share = pct.rpartition(" (")
    said = f"{share} {codes}" if codes else pct
    assert f"To continue, we would need rates that pay {more} a year more than today's rates " \
           f"at current volumes, an increase of {said}." in text

    # the same figure from the core: the proposal's asks against the Comparison's rates today
    analysis = analyze(data)
    asks = analysis.proposal[analysis.proposal["payer"] == PAYER].set_index("code")
    today = analysis.comparison[analysis.comparison["payer"] == PAYER].set_index("code")
    gain = float(((asks["proposed_rate"] - today["allowed_amount"])
                  * today["units_per_year"]).sum())  # a code with no rate today: NaN, skipped
    assert _money(more) == pytest.approx(gain, abs=0.005)
