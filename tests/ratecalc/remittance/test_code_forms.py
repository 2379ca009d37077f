"""An 835 service line's procedure code, modifiers and CAS reason codes are checked for their
forms: SVC01-3 "SMITH", a code "SMITHJ", a reason "SMITH" were taken without a word, and with
`import remittances --workbook` a 97110:SMITH line became a plain 97110 Fee Schedules rate."""

from __future__ import annotations

import pytest

from ratecalc.remittance import read_remittance
from ratecalc.remittance.canonical import fee_schedules

from .x12 import header, interchange, transaction

TEXT = interchange(transaction(
    "0001", *header("150"),
    "CLP*C1*1*200*150**12*PCN1",         # 9
    "SVC*HC:97110:SMITH*100*40**1",      # 10: a modifier of five letters
    "DTM*472*20250110",                  # 11
    "CAS*CO*45*60",                      # 12
    "SVC*HC:SMITHJ*50*50**1",            # 13: no CPT/HCPCS code
    "DTM*472*20250110",                  # 14
    "SVC*HC:97140:GP*50*60**1",          # 15: a good line, reason "SMITH" on it
    "DTM*472*20250110",                  # 16
    "CAS*CO*SMITH*-10",                  # 17
))


def test_bad_forms_are_problems_at_their_segment_and_element() -> None:
    result = read_remittance(TEXT)
    found = [(p.location.segment, p.location.column, p.severity, p.rule)
             for p in result.problems]
    kept = "; the line is kept without its code (its amounts still count in the claim) and is " \
           "no rate of any code"
    assert found == [
        (10, "SVC01", "error", "SVC01-3 modifier '<not shown>' is not a modifier (two letters "
                               f"or digits){kept}"),
        (13, "SVC01", "error", "SVC01-2 code '<not shown>' is not a CPT/HCPCS code (five digits, "
                               f"a letter and four digits, or four digits and a letter){kept}"),
        (17, "CAS02", "error", "CAS02 '<not shown>' is not an adjustment reason code (a CARC: "
                               "one to three digits, perhaps after a letter: 45, 253, A1, P12); "
                               "its amount is kept"),
    ]
    assert not any("SMITH" in p.message for p in result.problems)  # a name, maybe: not quoted


def test_with_patient_data_the_values_are_quoted() -> None:
    result = read_remittance(TEXT, include_patient_data=True)
    rules = [p.rule for p in result.problems]
    assert rules[0].startswith("SVC01-3 modifier 'SMITH' is not a modifier")
    assert rules[1].startswith("SVC01-2 code 'SMITHJ' is not a CPT/HCPCS code")
    assert rules[2].startswith("CAS02 'SMITH' is not an adjustment reason code")


def test_a_line_with_a_bad_code_or_modifier_is_no_rate() -> None:
    result = read_remittance(TEXT)
    assert result.lines["code"].tolist() == ["", "", "97140"]
    rates = fee_schedules(result)
    # Nor is the 97140 line: allowed 60 over its charge of 50, by an adjustment whose reason
    # is no CARC, is no plain contractual payment (it was a rate of 60.0)
    assert rates[["code", "modifier", "allowed_amount"]].to_numpy().tolist() == []
    # the line with the good code, when paid under CO-45 as a rate is, is one: the bad ones
    # beside it still are not
    plain = TEXT.replace("CAS*CO*SMITH*-10", "CAS*CO*45*10").replace(
        "SVC*HC:97140:GP*50*60**1", "SVC*HC:97140:GP*50*40**1")
    assert fee_schedules(read_remittance(plain))[
        ["code", "modifier", "allowed_amount"]].to_numpy().tolist() == [["97140", "", 40.0]]


@pytest.mark.parametrize("svc01", ["HC:97110", "HC:G0283:GP", "HC:0552T:CQ:59",
                                   "NU:0420", "N4:12345678901"])
def test_good_forms_give_no_problem(svc01: str) -> None:
    text = interchange(transaction(
        "0001", *header("50"), "CLP*C1*1*50*50**12*P", f"SVC*{svc01}*50*50**1",
        "CAS*CO*A1*0", "CAS*CO*253*0"))
    assert read_remittance(text).problems == ()
