"""The X12 guide's example 835s (LinuxForHealth), pyx12's denied claim, TigerShark's `|`/`^` files.

Expected values are read off the files by hand and written out here.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ratecalc.remittance import import_remittances, summarize_codes, summarize_payers

from .samples import GUIDE, PYX12, TIGERSHARK


def _rules(result, severity: str | None = None) -> list[str]:
    return [p.rule for p in result.problems if severity is None or p.severity == severity]


def test_medicare_part_a_plb_balances_the_payment() -> None:
    result = import_remittances([GUIDE / "medicare-part-a.835"])
    plb = result.provider_adjustments
    assert plb[["provider_id", "reason", "reference", "amount"]].to_numpy().tolist() == [
        ["6543210903", "CV", "CP", Decimal("-1.27")],
    ]
    assert plb["fiscal_period_end"].tolist() == [pd.Timestamp("2002-12-31")]
    # BPR 150000.00 = 138018.40 + 11980.33 claim payments - (-1.27) PLB: balanced, so no problem.
    assert result.problems == ()
    assert result.transactions["payment"].tolist() == [Decimal("150000.00")]


def test_medicare_part_a_institutional_claims_without_lines_are_kept() -> None:
    lines = import_remittances([GUIDE / "medicare-part-a.835"]).lines
    assert lines["line_number"].tolist() == [0, 0]
    assert lines["claim_id"].tolist() == ["666123", "777777"]
    # allowed = charge - CO-45: 211366.97 - 73348.57 and 15000.00 - 3019.67
    assert lines["allowed"].tolist() == [Decimal("138018.40"), Decimal("11980.33")]
    assert lines["claim_adjustments"].tolist() == ["CO-45 73348.57", "CO-45 3019.67"]
    assert lines["payer_id"].tolist() == ["999", "999"]  # REF*2U


def test_secondary_payment_cob() -> None:
    result = import_remittances([GUIDE / "secondary-payment.835"])
    lines = result.lines
    assert lines["claim_status_text"].tolist() == ["processed as secondary"] * 3
    # Claim L0004828311 has no lines: one row, OA-23 (prior payer) 9411.64 at claim level.
    first = lines.iloc[0]
    assert (first["line_number"], first["charge"], first["paid"]) == (
        0, Decimal("10323.64"), Decimal("912.00"))
    # SVC*HC>66543>26*585.00*280.00*220*1.00, CAS*PR*1*150.00**2*70.00, CAS*CO*42*85.00
    third = lines.iloc[2]
    assert (third["code"], third["modifiers"], third["modifier"]) == ("66543", "26", "26")
    assert third["revenue_code"] == "220"
    assert third["adjustments"] == "PR-1 150.00; PR-2 70.00; CO-42 85.00"
    assert third["allowed"] == Decimal("500.00")  # AMT*B6 = 585 - 85 = 280 + 150 + 70
    assert third["allowed_source"] == "AMT*B6"
    # The '>' composites are recovered and reported as warnings, one per SVC.
    assert _rules(result) == [
        "SVC01 procedure 'HC>12345>26' does not use the component separator ':' that ISA16 "
        "declares; read with '>' as qualifier 'HC', code '12345', modifiers '26'",
        "SVC01 procedure 'HC>66543>26' does not use the component separator ':' that ISA16 "
        "declares; read with '>' as qualifier 'HC', code '66543', modifiers '26'",
    ]
    assert [p.location.segment for p in result.problems] == [29, 34]
    assert {p.severity for p in result.problems} == {"warning"}


def test_cob_contractual_adjustment_negative_cas_balances() -> None:
    result = import_remittances([GUIDE / "cob-contractural-adjustment.835"])
    line = result.lines.iloc[0]
    # 541.00 - 34.00 = 507.00 = OA-23 516.00 + OA-94 (-9.00)
    assert line["adjustments"] == "OA-23 516.00; OA-94 -9.00"
    assert not [r for r in _rules(result) if "balance" in r]
    assert result.problems[0].rule.startswith("SVC01 procedure 'HC>55669' does not use")


def test_tertiary_payment_bare_qualifier_is_an_error_and_the_claim_is_kept() -> None:
    result = import_remittances([GUIDE / "tertiary-payment.835"])
    assert [p.message for p in result.errors] == [
        "Remittance '" + str(GUIDE / "tertiary-payment.835") + "', segment 20, column 'SVC01': "
        "SVC01 procedure 'HC' is not 'qualifier:code' (component separator ':' from ISA16); the "
        "line is kept without code and amounts, since the elements after it cannot be trusted, "
        "got 'SVC*HC*24599.00*1766.50*187.50**1'",
    ]
    claims = result.claims
    assert claims[["claim_id", "claim_status", "charge", "paid"]].to_numpy().tolist() == [
        ["0001000054", "3", Decimal("1766.50"), Decimal("187.50")],
    ]
    line = result.lines.iloc[0]
    assert (line["code"], line["charge"], line["paid"]) == ("", None, None)
    # A line without a code is not summarised per code, but its claim counts for the payer.
    assert summarize_codes(result.lines).empty
    assert summarize_payers(result.claims, result.provider_adjustments)["claims"].tolist() == [1]


def test_managed_care_claim_level_adjustments_and_bad_payment_date() -> None:
    result = import_remittances([GUIDE / "managed-care.835"])
    # Claim 1: 800 - 450 = 350 = CO-A2 50 (claim) + PR-1 300 (line).
    # Claim 2: 1200 - 495 = 705 = CO-A2 55 + PR-1 600 + CO-45 50. BPR 945 = 450 + 495.
    assert not [r for r in _rules(result) if "balance" in r]
    assert _rules(result) == ["BPR16 '20002316' is not a date (CCYYMMDD); left blank"]
    lines = result.lines
    assert lines["claim_adjustments"].tolist() == ["CO-A2 50.00", "CO-A2 55.00"]
    assert lines["service_date"].tolist() == [pd.Timestamp("2002-03-01"),
                                              pd.Timestamp("2002-03-10")]
    assert lines["service_end_date"].tolist() == [pd.Timestamp("2002-03-04"),
                                                  pd.Timestamp("2002-03-12")]
    assert lines["payment_date"].isna().all()
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert payers["claims_with_days"].tolist() == [0]  # no valid payment date: no days


def test_pyx12_denied_claim_lines() -> None:
    result = import_remittances([PYX12 / "835_mult_loops.txt"])
    lines = result.lines
    assert lines["denied"].tolist() == [True, True, True]
    assert lines["units"].tolist() == [Decimal(68), Decimal(16), Decimal(36)]
    assert lines["remark_codes"].tolist() == ["N14"] * 3
    codes = summarize_codes(lines)
    assert codes[["code", "lines", "denied_lines", "denial_rate"]].to_numpy().tolist() == [
        ["T1005", 3, 3, 1.0]]
    assert codes["allowed_per_unit"].tolist() == [None]  # nothing allowed: no rate
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert payers[["clean_claims", "denied_claims", "denial_rate"]].to_numpy().tolist() == [
        [0, 1, 1.0]]


def test_tigershark_pipe_and_caret_separators() -> None:
    result = import_remittances([TIGERSHARK / "835-example.txt"])
    lines = result.lines
    assert lines["code"].tolist() == ["88888", "88888"]
    assert lines["allowed"].tolist() == [Decimal("200.02"), Decimal("12145.65")]
    assert lines["claim_adjustments"].tolist() == ["", "PR-1 145.00"]
    assert lines["remark_codes"].tolist() == ["", "N220 M68"]
    plb = result.provider_adjustments
    # PLB|743238060|20121231|WO^12104411559120820 001GAL295513|-361.19 (component '^')
    assert plb[["reason", "reference", "amount"]].to_numpy().tolist() == [
        ["WO", "12104411559120820 001GAL295513", Decimal("-361.19")]]


def test_tigershark_claim_level_patient_share_is_the_lines_patient_responsibility() -> None:
    # CLP|001-SSSSSSSSSS|1|23276.56|12000.65|145.00: its one line, SVC03 12145.65 (AMT*B6
    # 12145.65), and the claim's CAS|PR|1|145.00 (the deductible, CLP05). The line showed
    # patient responsibility 0.00 beside allowed 12145.65 and paid 12000.65 (a review).
    lines = import_remittances([TIGERSHARK / "835-example.txt"]).lines
    line = lines.loc[lines["claim_id"] == "001-SSSSSSSSSS"].iloc[0]
    assert line["patient_responsibility"] == Decimal("145.00")
    assert line["claim_patient_share"] == Decimal("145.00")
    assert (line["allowed"], line["paid"]) == (Decimal("12145.65"), Decimal("12000.65"))
    assert line["allowed"] == line["paid"] + line["patient_responsibility"]  # 12000.65 + 145.00


def test_tigershark_published_totals_do_not_balance_and_are_reported() -> None:
    result = import_remittances([TIGERSHARK / "835-example.txt"])
    assert [p.message for p in result.errors] == [
        "Remittance '" + str(TIGERSHARK / "835-example.txt") + "', segment 4, column 'BPR02': "
        "transaction '0001' does not balance: BPR02 payment 12345.67, but claim payments "
        "12200.67 - provider adjustments -361.19 = 12561.86, got 'BPR|I|12345.67|C|ACH|CCP|01|"
        "999999999|DA|1234567890|1111111111|000011111|01|222222222|DA|3333333333|20120322'",
    ]
    assert [p.rule for p in result.problems if p.severity == "warning"] == [
        "SE01 says the transaction has 43 segments, counted 47"]


def test_tigershark_two_transactions_in_one_interchange() -> None:
    result = import_remittances([TIGERSHARK / "835-example-2.txt"])
    assert result.transactions["transaction"].tolist() == ["0001", "0002"]
    assert result.lines["payer"].tolist() == [
        "UNITED HEALTHCARE INSURANCE COMPANY",
        "ACME, INC. A WHOLLY OWNED SUBSIDIARY OF UNITED HEALTHCARE INSURANCE COMPANY",
    ]
    # The second payment balances (12000.65 = 12145.65 - PR-1 145.00 at claim level); the first
    # claims 12345.67 for a 200.02 claim.
    assert [p.location.segment for p in result.errors] == [4]
