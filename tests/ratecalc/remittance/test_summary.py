"""Per payer and code, per payer, and the canonical tables, against hand-computed figures."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ratecalc.remittance import (
    canonical_tables,
    fee_schedules,
    metrics,
    read_remittance,
    summarize_codes,
    summarize_payers,
)
from ratecalc.schema import FEE_SCHEDULES, METRICS

from .x12 import header, interchange, transaction

# ACME, paid 2025-01-20. By hand:
# A (served 2025-01-06): 97110 GP x2: 200 charge, CO-45 136, PR-3 20, paid 44 -> allowed 64, 32/unit
#                        97140 GP x1: 90 charge, CO-45 60.50, paid 29.50 -> allowed 29.50
# B (served 2025-01-08): 97110 GP CQ x1: 100, CO-45 72.80, paid 27.20 -> 27.20 (assistant rate)
#                        97110 GP 59 x3: 300, CO-45 201, paid 99 -> 99, 33/unit
# C (served 2025-01-09): 97110 GP x1: 100, CO-50 100, paid 0 -> denied (not medically necessary)
# D (served 2025-01-10, claim denied): 97140 GP x1: 90, CO-96 90, paid 0 -> denied
# Payment = 44 + 29.50 + 27.20 + 99 = 199.70
ACME = transaction(
    "0001", *header("199.70", "20250120"),
    "CLP*A*1*290*73.50*20*12*PA", "DTM*232*20250106",
    "SVC*HC:97110:GP*200*44**2", "DTM*472*20250106", "CAS*CO*45*136", "CAS*PR*3*20",
    "SVC*HC:97140:GP*90*29.50**1", "DTM*472*20250106", "CAS*CO*45*60.50",
    "CLP*B*1*400*126.20**12*PB",
    "SVC*HC:97110:GP:CQ*100*27.20**1", "DTM*472*20250108", "CAS*CO*45*72.80",
    "SVC*HC:97110:GP:59*300*99**3", "DTM*472*20250108", "CAS*CO*45*201",
    "CLP*C*1*100*0**12*PC",
    "SVC*HC:97110:GP*100*0**1", "DTM*472*20250109", "CAS*CO*50*100",
    "CLP*D*4*90*0**12*PD",
    "SVC*HC:97140:GP*90*0**1", "DTM*472*20250110", "CAS*CO*96*90",
)
# BETA, paid 2025-02-14: two 97110 lines allowed 30.00 and 30.01 per unit, served 2025-02-03.
BETA = transaction(
    "0002", *header("60.01", "20250214", "BETA CARE", "22222"),
    "CLP*E*1*200*60.01**12*PE",
    "SVC*HC:97110:GP*100*30**1", "DTM*472*20250203", "CAS*CO*45*70",
    "SVC*HC:97110:GP*100*30.01**1", "DTM*472*20250203", "CAS*CO*45*69.99",
)
TEXT = interchange(ACME, BETA)


def test_file_is_balanced() -> None:
    assert read_remittance(TEXT).problems == ()


def test_summary_per_payer_and_code() -> None:
    codes = summarize_codes(read_remittance(TEXT).lines)
    columns = ["payer", "code", "modifier", "lines", "units", "allowed_per_unit", "rate_from",
               "earlier_rates", "paid", "denied_lines", "denial_rate"]
    day = pd.Timestamp
    assert codes[columns].to_numpy().tolist() == [
        # 97110: allowed/unit 32 (A, 01-06) then 33 (B, 01-08); C denied. 59 does not price.
        # The rate now is the one paid last, from its first day; the one before is named (it
        # was the median, 32.50, a rate no line was paid).
        ["ACME HEALTH", "97110", "", 3, Decimal(6), Decimal("33.00"), day("2025-01-08"),
         "$32.00 from 2025-01-06", Decimal("143"), 1, 1 / 3],
        ["ACME HEALTH", "97140", "", 2, Decimal(2), Decimal("29.50"), day("2025-01-06"), "",
         Decimal("29.50"), 1, 0.5],
        ["ACME HEALTH", "97110", "CQ", 1, Decimal(1), Decimal("27.20"), day("2025-01-08"), "",
         Decimal("27.20"), 0, 0.0],
        # E's two lines of one day, 30.00 and 30.01: one rate a day, the higher on a tie (it
        # was their median, 30.005)
        ["BETA CARE", "97110", "", 2, Decimal(2), Decimal("30.01"), day("2025-02-03"), "",
         Decimal("60.01"), 0, 0.0],
    ]
    assert codes["first_service_date"].tolist()[:2] == [pd.Timestamp("2025-01-06")] * 2


def test_summary_per_payer() -> None:
    result = read_remittance(TEXT)
    payers = summarize_payers(result.claims, result.provider_adjustments)
    columns = ["payer", "claims", "clean_claims", "clean_claim_rate", "denied_claims",
               "denial_rate", "claims_with_days", "days_to_payment_mean",
               "days_to_payment_median", "paid"]
    assert payers[columns].to_numpy().tolist() == [
        # A and B clean; C has a denied line; D denied. Days: A 14, B 12.
        ["ACME HEALTH", 4, 2, 0.5, 2, 0.5, 2, 13.0, 13.0, Decimal("199.70")],
        # E: 2025-02-14 - 2025-02-03
        ["BETA CARE", 1, 1, 1.0, 0, 0.0, 1, 11.0, 11.0, Decimal("60.01")],
    ]


def test_fee_schedules_rows_are_each_rate_paid_from_its_first_day() -> None:
    table = fee_schedules(read_remittance(TEXT))
    assert list(table.columns) == FEE_SCHEDULES.column_names
    assert table.to_numpy().tolist() == [
        # 32 a unit on 01-06, 33 on 01-08: two rates, each from its day (it was one row of
        # their median, 32.50, which no line was paid)
        ["ACME HEALTH", "97110", "", 32.0, pd.Timestamp("2025-01-06"), False],
        ["ACME HEALTH", "97110", "", 33.0, pd.Timestamp("2025-01-08"), False],
        ["ACME HEALTH", "97110", "CQ", 27.2, pd.Timestamp("2025-01-08"), False],
        ["ACME HEALTH", "97140", "", 29.5, pd.Timestamp("2025-01-06"), False],
        # 30.00 and 30.01 on one day: the higher on a tie
        ["BETA CARE", "97110", "", 30.01, pd.Timestamp("2025-02-03"), False],
    ]


def test_fee_schedules_split_by_year_of_service() -> None:
    later = BETA[:-1] + [
        "CLP*F*1*100*35**12*PF", "SVC*HC:97110:GP*100*35**1", "DTM*472*20260105",
        "CAS*CO*45*65", BETA[-1],
    ]
    later = [s.replace("BPR*I*60.01", "BPR*I*95.01") for s in later]
    later[-1] = f"SE*{len(later)}*0002"
    result = read_remittance(interchange(ACME, later))
    assert result.problems == ()
    beta = fee_schedules(result).query("payer == 'BETA CARE'")
    assert beta[["allowed_amount", "effective_date"]].to_numpy().tolist() == [
        [30.01, pd.Timestamp("2025-02-03")], [35.0, pd.Timestamp("2026-01-05")]]


def test_metrics_rows() -> None:
    table = metrics(read_remittance(TEXT))
    assert list(table.columns) == METRICS.column_names
    assert table[["metric", "value", "unit"]].to_numpy().tolist() == [
        ["clean_claim_rate", 3 / 5, "fraction"],  # A, B, E of 5 claims
        ["denial_rate", 2 / 5, "fraction"],  # C (a denied line), D
        ["days_in_ar", (14 + 12 + 11) / 3, "days"],
    ]
    # the services measured, A's 2025-01-06 to E's 2025-02-03 (it was the payment dates,
    # 2025-01-20 to 2025-02-14: a review)
    assert table["period"].tolist() == ["2025-01-06 to 2025-02-03"] * 3
    # how many payers' claims they are (one payer's remittances read as the clinic's own
    # record: a review), in words a letter can show a payer: no payer named, no file counted
    # (a later review); each row its own: the rates' the claims they count, the days' also the
    # paid claims they are over (one text for the three credited a workbook's own days in A/R
    # row, kept beside the imported rates, to the 835: walk-fixes-6); the rates' text begins
    # the days', so the letter lists it once
    rates = "our remittance records (835), 5 claims from 2 payers"
    assert table["source"].tolist() == [
        rates, rates, f"{rates}, days to payment over 3 paid claims"]


def test_canonical_tables_by_name() -> None:
    tables = canonical_tables(read_remittance(TEXT))
    assert sorted(tables) == ["fee_schedules", "metrics"]
    assert len(tables["fee_schedules"]) == 5


def test_nothing_imported_gives_empty_tables() -> None:
    empty = read_remittance(interchange(transaction("0001", *header("0"))))
    assert summarize_codes(empty.lines).empty
    assert fee_schedules(empty).empty and list(fee_schedules(empty).columns) == (
        FEE_SCHEDULES.column_names)
    assert metrics(empty).empty


# alder care, paid 2025-02-14: one 97110 line, allowed 30.00, served 2025-02-03.
ALDER = transaction(
    "0003", *header("30", "20250214", "alder care", "33333"),
    "CLP*F*1*100*30**12*PF",
    "SVC*HC:97110:GP*100*30**1", "DTM*472*20250203", "CAS*CO*45*70",
)


def test_both_summaries_list_payers_by_name_case_insensitively() -> None:
    # 'alder care' before 'BETA CARE', as every list of payers shows them (a plain sort put
    # the capitals first: BETA CARE, then alder care)
    result = read_remittance(interchange(BETA, ALDER))
    assert result.problems == ()
    codes = summarize_codes(result.lines)
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert codes["payer"].tolist() == ["alder care", "BETA CARE"]
    assert payers["payer"].tolist() == ["alder care", "BETA CARE"]
