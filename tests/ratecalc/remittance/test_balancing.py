"""Balancing per line, claim and payment (DOMAIN.md section 5), and the allowed amount, by hand."""

from __future__ import annotations

from decimal import Decimal

from ratecalc.remittance import read_remittance

from .x12 import header, interchange, transaction


def _one_claim(*body: str, payment: str = "60", plb: tuple[str, ...] = ()) -> str:
    return interchange(transaction("0001", *header(payment), *body, *plb))


def test_balanced_line_allowed_is_paid_plus_patient_share() -> None:
    text = _one_claim(
        "CLP*A1*1*100*60*10*12*PCN1",
        "SVC*HC:97110:GP*100*60**1",
        "DTM*472*20250106",
        "CAS*CO*45*30",
        "CAS*PR*2*10",
    )
    result = read_remittance(text)
    assert result.problems == ()
    line = result.lines.iloc[0]
    # 100 charge - 30 CO-45 = 70 = 60 paid + 10 PR-2
    assert (line["allowed"], line["allowed_source"]) == (Decimal("70"), "adjustments")
    assert line["patient_responsibility"] == Decimal("10")


def test_sequestration_does_not_lower_the_allowed_amount() -> None:
    text = _one_claim(
        "CLP*A1*1*100*58.80*10*12*PCN1",
        "SVC*HC:97110:GP*100*58.80**1",
        "CAS*CO*45*30**253*1.20",
        "CAS*PR*2*10",
        payment="58.80",
    )
    result = read_remittance(text)
    assert result.problems == ()
    # allowed = 100 - 30 (CO-45) = 70; CO-253 (2% of Medicare's 60) comes off the payment after.
    assert result.lines.iloc[0]["allowed"] == Decimal("70")


def test_amt_b6_wins_over_the_adjustments() -> None:
    text = _one_claim(
        "CLP*A1*2*100*20**12*PCN1",
        "SVC*HC:97110:GP*100*20**1",
        "CAS*OA*23*80",
        "AMT*B6*70",
        payment="20",
    )
    line = read_remittance(text).lines.iloc[0]
    assert (line["allowed"], line["allowed_source"]) == (Decimal("70"), "AMT*B6")


def test_unbalanced_line_and_claim_are_reported_and_imported() -> None:
    text = _one_claim(
        "CLP*A1*1*100*60*10*12*PCN1",
        "SVC*HC:97110:GP*100*60**1",
        "CAS*CO*45*29",
        "CAS*PR*2*10",
    )
    result = read_remittance(text, "acme.835")
    assert [p.message for p in result.problems] == [
        "Remittance 'acme.835', segment 10, column 'SVC': service line 1 of claim 'PCN1' (the "
        "payer's claim number) does not balance: charge 100.00 - paid 60.00 = 40.00, but its "
        "adjustments total 39.00, "
        "got 'SVC*HC:97110:GP*100*60**1'",
        "Remittance 'acme.835', segment 9, column 'CLP': claim 'PCN1' (the payer's claim "
        "number) does not balance: charge 100.00 - paid 60.00 = 40.00, but claim and line "
        "adjustments total 39.00, got 'CLP*<claim id>*1*100*60*10*12*PCN1'",
    ]
    assert len(result.lines) == 1 and result.lines.iloc[0]["paid"] == Decimal("60")


def test_line_charges_must_add_up_to_the_claim_charge() -> None:
    text = _one_claim(
        "CLP*A1*1*150*60**12*PCN1",
        "SVC*HC:97110:GP*100*60**1",
        "CAS*CO*45*40",
        "CAS*CO*45*50",  # a second line-level CAS: the line is now off by 50
    )
    rules = [p.rule for p in read_remittance(text).problems]
    assert rules == [
        "service line 1 of claim 'PCN1' (the payer's claim number) does not balance: charge "
        "100.00 - paid 60.00 = 40.00, but its adjustments total 90.00",
        "claim 'PCN1' (the payer's claim number): its service lines charge 100.00, but CLP03 "
        "says 150.00",
    ]


def test_payment_balances_with_provider_adjustments() -> None:
    # BPR = 60 claim payment - (-1.50 interest, PLB amounts reduce the payment) = 61.50
    body = ("CLP*A1*1*100*60**12*PCN1", "SVC*HC:97110:GP*100*60**1", "CAS*CO*45*40")
    plb = ("PLB*1234567893*20251231*L6:INTEREST*-1.50",)
    assert read_remittance(_one_claim(*body, payment="61.50", plb=plb)).problems == ()
    wrong = read_remittance(_one_claim(*body, payment="60", plb=plb), "acme.835")
    assert [p.rule for p in wrong.problems] == [
        "transaction '0001' does not balance: BPR02 payment 60.00, but claim payments 60.00 - "
        "provider adjustments -1.50 = 61.50",
    ]
    assert wrong.problems[0].location.segment == 4  # the BPR segment


def test_debit_payment_is_negative() -> None:
    # A reversal of 80 and a corrected claim paying 30: the payer takes back 50 (BPR03 'D').
    text = interchange(transaction(
        "0001", *header("50", credit="D"),
        "CLP*A1*22*-100*-80**12*PCN1",
        "SVC*HC:97110:GP*-100*-80**-1",
        "CAS*CO*45*-20",
        "CLP*A1*1*100*30**12*PCN2*11*7",
        "SVC*HC:97110:GP*100*30**1",
        "CAS*CO*45*70",
    ))
    result = read_remittance(text)
    assert result.transactions["payment"].tolist() == [Decimal("-50")]
    assert not [p for p in result.problems if "balance" in p.rule]
