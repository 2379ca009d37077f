"""The counter letter never answers an offer below today's rate with a cut: its "Our counter"
column, its counterproposal total and the JSON the CLI prints all hold each code at or above the
rate the payer pays now (found by a review)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.money import round_cents
from ratecalc_cli.main import main
from ratecalc_letter.content import PayerOffer, counter_letter

from .conftest import reopen

PAYER = "Keystone Health Plan"


@pytest.fixture(scope="module")
def demo_folder():
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        yield Path(folder)


def test_the_reviewers_low_offer_is_countered_at_no_less_than_the_current_rate(
        capsys, demo_folder, tmp_path):
    # Keystone's rates in the demo (current: today's raised twice by its contract's 2%
    # escalator, on 2026-01-01 and 2027-01-01, its new term's first day; proposal; floor;
    # units a year):
    # 97110 28.98 -> 29.56 -> 30.15, 31.66 (the market), 24.14; 2,156   offer 29.50
    # 97530 35.04 -> 35.74 -> 36.45, 38.28 (+5%: 38.2725 up), 28.66; 1,188   offer 30.10
    # 97112 34.92 -> 35.62 -> 36.33, 38.15 (+5%: 38.1465 up), 26.86;   902   offer 29.00
    # counter = max(floor, current, offer + 0.5 x (proposal - offer)), up to the cent:
    # 97110 max(24.14, 30.15, 29.50 + 1.08 = 30.58) = 30.58, 30.58 / 30.15 - 1 = +1.4%
    # 97530 max(28.66, 36.45, 30.10 + 4.09 = 34.19) = 36.45, 0.0% (was 34.19, -6.2%)
    # 97112 max(26.86, 36.33, 29.00 + 4.575 = 33.575 -> 33.58) = 36.33, 0.0% (was -7.6%)
    # at current rates 2,156 x 30.15 + 1,188 x 36.45 + 902 x 36.33
    #   = 65,003.40 + 43,302.60 + 32,769.66 = 141,075.66
    # at the counter 2,156 x 30.58 + 43,302.60 + 32,769.66 = 65,930.48 + 76,072.26
    #   = 142,002.74, +927.08 over current. (Built on today's rates, before the escalator was
    # counted: 28.98, 35.04, 34.92; counters 30.58, 35.04, 34.92; 139,055.84, +3,449.60.)
    offer = tmp_path / "offer_low.csv"
    offer.write_text("payer,code,offered_rate,date\n"
                     f"{PAYER},97530,30.10,2025-11-20\n{PAYER},97112,29.00,2025-11-20\n"
                     f"{PAYER},97110,29.50,2025-11-20\n")
    out = tmp_path / "K.docx"
    code = main(["letter", str(demo_folder), "--payer", PAYER, "--kind", "counter", "--offer",
                 str(offer), "--out", str(out), "--json"])
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    expected = {"97110": (30.58, "+1.4%"), "97530": (36.45, "0.0%"),
                "97112": (36.33, "0.0%")}
    assert {ln["code"]: ln["counter_rate"] for ln in info["lines"]} == \
        {code: rate for code, (rate, _) in expected.items()}
    assert info["totals"]["counter_revenue"] == 142002.74

    letter = reopen(out)
    table = letter.table_with_header("Code")
    column = table[0].index("Our counter")
    assert {row[0]: (row[column], row[column + 1]) for row in table[1:]} == \
        {code: (f"${rate:.2f}", pct) for code, (rate, pct) in expected.items()}
    # headed as the offered codes' (the offer leaves 12 of the 15 out)
    summary = {row[0]: row[1:] for row in
               letter.table_with_header("Annual reimbursement for the 3 codes in your offer")}
    assert summary["At current rates"][0] == "$141,075.66"
    assert summary["At our counterproposal"] == ["$142,002.74", "+$927.08"]
    # the letter already tells the payer its offer is below what it agreed to pay: its
    # escalator's rate from the new term's first day, said to be the escalator's (it said
    # "you agreed to pay from", as of a rate on file)
    # (one sentence for the three codes offered below it, not one each)
    # (raised twice since today's rate: on 2026-01-01 and 2027-01-01)
    assert ("Your offer is below the rate you pay from January 1, 2027, raised twice by our "
            "agreement's 2% escalator, for 97110 ($29.50 against $30.15), 97530 ($30.10 "
            "against $36.45) and 97112 ($29.00 against $36.33).") in letter.full_text()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=100, max_value=30_000).map(lambda c: c / 100),
                min_size=5, max_size=5))
def test_no_offer_makes_the_counterproposal_a_cut(analysis, offers):
    codes = ["97110", "97530", "97112", "97140", "G0283"]
    content = counter_letter(analysis, PAYER, PayerOffer(PAYER, dict(zip(codes, offers,
                                                                          strict=True))))
    for ln in content.lines:
        assert ln.counter_rate >= ln.current_rate, ln.code
    result = content.counter
    assert result is not None
    assert round_cents(result.revenue_suggested) >= round_cents(result.revenue_current)


def test_an_offer_under_the_floor_is_not_told_the_counter_is_the_floor(analysis):
    """Keystone's 97530: floor $28.66, current $36.45 (today's $35.04 raised twice by its 2%
    escalator by its new term), proposal $38.28; offered $20.00, the counter is max(28.66,
    36.45, 20.00 + 0.5 x 18.28 = 29.14) = $36.45. The letter said "our counter is the lowest
    rate at which we can sustain it", of $35.04, where $28.66 is."""
    content = counter_letter(analysis, PAYER, PayerOffer(PAYER, {"97530": 20.00}))
    (line,) = [ln for ln in content.lines if ln.code == "97530"]
    assert line.counter_rate == 36.45
    text = " ".join(getattr(b, "text", "") for b in content.blocks)
    assert "For 97530, the rate you offered does not cover the cost of delivering the " \
        "service." in text
    assert "lowest rate" not in text
