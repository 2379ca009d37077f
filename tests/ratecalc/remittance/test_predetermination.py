"""A predetermination (CLP02 25: pricing only, no payment) is not a claim submitted for payment,
in every summary: it used to count in the code summary (its lines, units and, with nothing
allowed, a denied line) while the payer summary left it out.
"""

from __future__ import annotations

from decimal import Decimal

from ratecalc.remittance import read_remittance, summarize_codes, summarize_payers
from ratecalc.remittance.canonical import fee_schedules

from .x12 import header, interchange, transaction

# ACME HEALTH, paid 2025-01-20:
#  C1 primary: 97110 x2, charge 200, CO-45 110, paid 90 -> allowed 90, 45.00 a unit
#  P1 predetermination: 97110 x3, charge 300, priced at AMT*B6 120 (40.00 a unit), paid 0,
#     OA-101 300: nothing paid, nothing to count
# Payment 90.
ACME = transaction(
    "0001", *header("90", "20250120", "ACME HEALTH", "11111"),
    "CLP*C1*1*200*90**12*PC1", "SVC*HC:97110*200*90**2", "DTM*472*20250106", "CAS*CO*45*110",
    "CLP*P1*25*300*0**12*PP1", "SVC*HC:97110*300*0**3", "DTM*472*20250107", "CAS*OA*101*300",
    "AMT*B6*120",
)


def test_a_predetermination_counts_in_no_summary() -> None:
    remittances = read_remittance(interchange(ACME))
    codes = summarize_codes(remittances.lines)
    payers = summarize_payers(remittances.claims, remittances.provider_adjustments)
    row = codes.iloc[0]
    assert len(codes) == 1 and (row["payer"], row["code"]) == ("ACME HEALTH", "97110")
    assert (row["lines"], row["units"], row["denied_lines"]) == (1, Decimal(2), 0)
    assert (row["allowed"], row["paid"], row["allowed_per_unit"]) == (
        Decimal(90), Decimal(90), Decimal(45))
    assert payers["claims"].tolist() == [1] and payers["lines"].tolist() == [1]
    fees = fee_schedules(remittances)
    assert fees["allowed_amount"].tolist() == [45.0]
