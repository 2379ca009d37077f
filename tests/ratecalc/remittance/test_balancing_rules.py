"""Balancing rules (DOMAIN.md section 5) over several claims, lines and amounts that cannot be
read: each sum worked by hand in the comments."""

from __future__ import annotations

from ratecalc.remittance import read_remittance

from .x12 import header, interchange, transaction


def test_claim_and_line_adjustments_add_up_over_several_claims() -> None:
    text = interchange(transaction(
        "0001", *header("121.50"),
        # A1: 150 - 55 = 95 = claim CO-45 3 + OA-23 2 + line 1 (100 - 40 = 60) + line 2
        # (50 - 20 = 30); lines charge 100 + 50 = 150 = CLP03
        "CLP*A1*1*150*55**12*PCN1", "CAS*CO*45*3", "CAS*OA*23*2",
        "SVC*HC:97110:GP*100*40**1", "CAS*CO*45*60", "LQ*HE*N1", "LQ*HE*M2",
        "SVC*HC:97140:GP*50*20**1", "CAS*CO*45*30",
        # B2, no service lines: 80 - 35 = 45 = CO-45 45
        "CLP*B2*1*80*35**12*PCN2", "CAS*CO*45*45",
        # C3: 60 - 30 = 30 = PR-2 30
        "CLP*C3*1*60*30**12*PCN3", "SVC*HC:97530:GP*60*30**1", "CAS*PR*2*30",
        # BPR 121.50 = claim payments 55 + 35 + 30 = 120 - PLB interest (-1.50)
        "PLB*1234567893*20251231*L6:INTEREST*-1.50",
    ))
    result = read_remittance(text)
    assert result.problems == ()
    assert result.claims["adjustments"].tolist() == ["CO-45 3.00; OA-23 2.00", "CO-45 45.00", ""]
    lines = result.lines
    assert list(zip(lines["claim_id"], lines["line_number"], strict=True)) == [
        ("A1", 1), ("A1", 2), ("B2", 0), ("C3", 1)]
    assert lines["remark_codes"].tolist() == ["N1 M2", "", "", ""]
    assert lines["adjustments"].tolist() == ["CO-45 60.00", "CO-45 30.00", "", "PR-2 30.00"]


def test_problems_of_several_claims_keep_their_order() -> None:
    text = interchange(transaction(
        "0001", *header("80"),
        # A1: status 99 (a warning, at once); line 100 - 60 = 40 but CO-45 30 (line and claim off)
        "CLP*A1*99*100*60**12*PCN1", "SVC*HC:97110:GP*100*60**1", "CAS*CO*45*30",
        # B2: line 50 - 20 = 30 but CO-45 25 (line and claim off)
        "CLP*B2*1*50*20**12*PCN2", "SVC*HC:97140:GP*50*20**1", "CAS*CO*45*25",
    ))
    assert [(p.location.segment, p.rule) for p in read_remittance(text).problems] == [
        (9, "CLP02 claim status '99' is not an 835 status code"),
        (10, "service line 1 of claim 'PCN1' (the payer's claim number) does not balance: "
             "charge 100.00 - paid 60.00 = 40.00, but its adjustments total 30.00"),
        (9, "claim 'PCN1' (the payer's claim number) does not balance: charge 100.00 - paid "
            "60.00 = 40.00, but claim and line adjustments total 30.00"),
        (13, "service line 1 of claim 'PCN2' (the payer's claim number) does not balance: "
             "charge 50.00 - paid 20.00 = 30.00, but its adjustments total 25.00"),
        (12, "claim 'PCN2' (the payer's claim number) does not balance: charge 50.00 - paid "
             "20.00 = 30.00, but claim and line adjustments total 25.00"),
    ]


def test_an_unreadable_amount_skips_only_the_checks_that_need_it() -> None:
    text = interchange(transaction(
        "0001", *header("999"),  # wrong, but a claim payment is unreadable: no BPR check
        # A1: the line charge cannot be read: no line check, no CLP03 check (the lines' charge is
        # unknown); the claim still balances, 100 - 60 = 40 = CO-45 40
        "CLP*A1*1*100*60**12*PCN1", "SVC*HC:97110:GP*abc*60**1", "CAS*CO*45*40",
        # B2: the claim charge cannot be read: no claim check
        "CLP*B2*1*xyz*35**12*PCN2", "SVC*HC:97530:GP*80*35**1", "CAS*CO*45*45",
        # C3: its payment cannot be read; its line's SVC01 neither (no code: no amounts)
        "CLP*C3*1*60*abc**12*PCN3", "SVC*HC97530*60*0**1", "CAS*CO*45*1",
    ))
    assert [(p.location.segment, p.location.column) for p in read_remittance(text).problems] == [
        (10, "SVC02"), (12, "CLP03"), (15, "CLP04"), (16, "SVC01")]


def test_a_claim_with_lines_followed_by_claims_without() -> None:
    # A1 with a line, then B2 and C3 without: each closes with its own balance
    text = interchange(transaction(
        "0001", *header("65"),
        "CLP*A1*1*100*60**12*PCN1", "SVC*HC:97110:GP*100*60**1", "CAS*CO*45*40",
        "CLP*B2*1*10*5**12*PCN2", "CAS*CO*45*5",
        "CLP*C3*1*10*0**12*PCN3", "CAS*CO*45*9",  # 10 - 0 = 10, but 9
    ))
    result = read_remittance(text)
    assert [p.rule for p in result.problems] == [
        "claim 'PCN3' (the payer's claim number) does not balance: charge 10.00 - paid 0.00 = "
        "10.00, but claim and line adjustments total 9.00"]
    assert result.lines["claim_id"].tolist() == ["A1", "B2", "C3"]


def test_a_transaction_without_bpr_is_reported() -> None:
    text = interchange(transaction(
        "0007", "TRN*1*EFT0007*1512345678", "N1*PR*ACME HEALTH*XV*11111",
        "N1*PE*EXAMPLE THERAPY*XX*1234567893", "LX*1",
        "CLP*A1*1*100*60**12*PCN1", "SVC*HC:97110:GP*100*60**1", "CAS*CO*45*40",
    ))
    problems = read_remittance(text).problems
    assert [(p.location.segment, p.location.column, p.rule) for p in problems] == [
        (3, "BPR", "transaction '0007' has no BPR payment segment")]


def test_a_claim_charge_unlike_its_lines_is_reported_at_its_clp() -> None:
    # lines 100 + 40 = 140, CLP03 says 150; each line and the claim balance on their own
    # (100 - 60 = 40, 40 - 10 = 30, 150 - 70 = 80 = claim CO-45 10 + 40 + 30)
    clp = "CLP*A1*1*150*70**12*PCN1"
    text = interchange(transaction(
        "0001", *header("70"), clp, "CAS*CO*45*10",
        "SVC*HC:97110:GP*100*60**1", "CAS*CO*45*40",
        "SVC*HC:97140:GP*40*10**1", "CAS*CO*45*30",
    ))
    problems = read_remittance(text, "acme.835").problems
    assert [(p.location.segment, p.location.column, p.value, p.rule) for p in problems] == [
        (9, "CLP03", clp.replace("A1", "<claim id>"),
         "claim 'PCN1' (the payer's claim number): its service lines charge 140.00, but CLP03 "
         "says 150.00")]
