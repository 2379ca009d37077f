"""A reversal (CLP02 22) nets out against the claim it reverses."""

from __future__ import annotations

from decimal import Decimal

from ratecalc.remittance import read_remittance, summarize_codes, summarize_payers

from .x12 import header, interchange, transaction

# February: claim R1 paid 100 for 97110 x2 (allowed 140 = 100 + PR-2 40, so 70 per unit).
ORIGINAL = transaction(
    "0001", *header("100", "20250201"),
    "CLP*R1*1*200*100*40*12*ICN1", "SVC*HC:97110:GP*200*100**2", "DTM*472*20250115",
    "CAS*CO*45*60", "CAS*PR*2*40",
)
# March: the payer reverses it and pays the corrected claim (frequency 7): allowed 150, 75/unit.
# BPR = -100 + 110 = 10.
CORRECTION = transaction(
    "0002", *header("10", "20250301"),
    "CLP*R1*22*-200*-100*-40*12*ICN1", "SVC*HC:97110:GP*-200*-100**-2", "DTM*472*20250115",
    "CAS*CO*45*-60", "CAS*PR*2*-40",
    "CLP*R1*1*200*110*40*12*ICN2*11*7", "SVC*HC:97110:GP*200*110**2", "DTM*472*20250115",
    "CAS*CO*45*50", "CAS*PR*2*40",
)


def test_reversal_and_original_are_flagged_and_left_out_of_the_rates() -> None:
    result = read_remittance(interchange(ORIGINAL, CORRECTION))
    assert result.problems == ()
    claims = result.claims
    assert claims[["claim_status", "reversal", "reversed"]].to_numpy().tolist() == [
        ["1", False, True], ["22", True, False], ["1", False, False]]
    codes = summarize_codes(result.lines)
    assert codes[["code", "lines", "units", "allowed_per_unit", "paid"]].to_numpy().tolist() == [
        ["97110", 1, Decimal(2), Decimal(75), Decimal(110)]]


def test_payer_totals_are_net_of_the_reversal() -> None:
    result = read_remittance(interchange(ORIGINAL, CORRECTION))
    payers = summarize_payers(result.claims, result.provider_adjustments)
    # Paid 100, taken back 100, paid 110: 110 net, one claim adjudicated again (it counted as
    # two). Neither the reversed original nor the replacement (frequency 7) was clean on first
    # submission.
    assert payers[["claims", "paid", "clean_claims", "clean_claim_rate"]].to_numpy().tolist() == [
        [1, Decimal(110), 0, 0.0]]


def test_reversal_without_its_original_is_reported() -> None:
    result = read_remittance(interchange(CORRECTION), "march.835")
    assert [p.message for p in result.problems] == [
        "Remittance 'march.835', segment 9, column 'CLP': reversal of claim 'ICN1' (the payer's "
        "claim number): no earlier claim with its claim id and the opposite charge and payment "
        "is in this import; the reversal is kept in the line table but left out of the "
        "summaries, got 'CLP*<claim id>*22*-200*-100*-40*12*ICN1'",
    ]
    assert result.problems[0].severity == "warning"
    assert result.lines["reversal"].tolist() == [True, False]
    assert summarize_codes(result.lines)["lines"].tolist() == [1]


def test_reversal_pairs_only_with_a_claim_of_opposite_amounts() -> None:
    other = [s.replace("CLP*R1*1*200*100", "CLP*R1*1*200*90").replace("200*100**2", "200*90**2")
             .replace("CAS*CO*45*60", "CAS*CO*45*70").replace("BPR*I*100", "BPR*I*90")
             for s in ORIGINAL]
    result = read_remittance(interchange(other, CORRECTION))
    assert result.claims["reversed"].tolist() == [False, False, False]
    assert len(result.problems) == 1


def test_a_reversal_takes_back_the_claim_whose_lines_it_mirrors() -> None:
    # Two claims with one id, one control number and equal totals (charge 200, paid 100); the
    # reversal negates the first one's line (97110 x2), not the second's (97112 + 97110). By
    # totals alone the most recent, the second, was taken back, and 97110 x2 stayed counted.
    both = transaction(
        "0001", *header("200", "20250201"),
        "CLP*R7*1*200*100**12*ICN7", "SVC*HC:97110:GP*200*100**2", "DTM*472*20250115",
        "CAS*CO*45*100",
        "CLP*R7*1*200*100**12*ICN7", "SVC*HC:97112:GP*100*50**1", "DTM*472*20250115",
        "CAS*CO*45*50", "SVC*HC:97110:GP*100*50**1", "DTM*472*20250115", "CAS*CO*45*50",
    )
    back = transaction(
        "0002", *header("-100", "20250301"),
        "CLP*R7*22*-200*-100**12*ICN7", "SVC*HC:97110:GP*-200*-100**-2", "DTM*472*20250115",
        "CAS*CO*45*-100",
    )
    result = read_remittance(interchange(both, back))
    assert result.problems == ()
    assert result.claims["reversed"].tolist() == [True, False, False]
    codes = summarize_codes(result.lines).sort_values("code")
    assert codes[["code", "lines", "units", "allowed_per_unit"]].to_numpy().tolist() == [
        ["97110", 1, Decimal(1), Decimal(50)], ["97112", 1, Decimal(1), Decimal(50)]]


def test_a_payer_named_as_another_payers_id_reverses_none_of_its_claims() -> None:
    # The correction's payer has no id (no N104, REF*2U or TRN03) and is named 11111, the
    # original's payer's id: another payer, whose reversal takes back no claim of ACME's (it
    # was matched: a payer was its id, else its name, compared alike).
    nameless = [{"N1*PR*ACME HEALTH*XV*11111": "N1*PR*11111",
                 "TRN*1*EFT0001*1512345678": "TRN*1*EFT0001"}.get(s, s) for s in CORRECTION]
    result = read_remittance(interchange(ORIGINAL, nameless), "both.835")
    assert sorted(result.claims["payer_id"]) == ["", "", "11111"]
    assert result.claims[["reversal", "reversed"]].to_numpy().tolist() == [
        [False, False], [True, False], [False, False]]
    assert [p.rule.split(":")[0] for p in result.problems] == [
        "reversal of claim 'ICN1' (the payer's claim number)"]
