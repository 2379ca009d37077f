"""The summaries' edge cases, worked by hand (issue 16: remittance_summary's mutation survivors).

Which lines show a payer's rate (zero units, nothing or under a dollar allowed, an unreadable
charge, a secondary claim with and without AMT*B6), groups without a rate line or a date of
service, ties in the sort order, reversals, claims without service lines, claims that are not the
payer's, predeterminations, a payer without an id and a payer whose only claim was reversed.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from pandas.testing import assert_frame_equal

from ratecalc.remittance import read_remittance, summarize_codes, summarize_payers
from ratecalc.remittance.summary import CODE_SUMMARY_COLUMNS, PAYER_SUMMARY_COLUMNS, rate_lines

from .x12 import header, interchange, transaction

D = Decimal
NaT = pd.NaT

# EDGE HEALTH, paid 2025-03-31; claims K1, K2, K5 primary (CLP02 1), K3 and K4 secondary (2).
# Line by line (allowed = charge - CO/OA adjustments unless AMT*B6 gives it):
#  K1-1 97140 x1  100, CO-50 100, paid 0     -> allowed 0, denied (nothing allowed nor paid)
#  K1-2 97140 x1  100, CO-45 60,  paid 40    -> allowed 40, a rate line: 40/unit
#  K1-3 97110 x1  100, CO-45 60,  paid 40    -> allowed 40, a rate line: 40/unit
#  K1-4 97110 x0  100, CO-45 60,  paid 40    -> zero units: no rate per unit to read
#  K1-5 97110 CQ  100, CO-45 66,  paid 34    -> 34/unit
#  K1-6 97110 CQ  100, CO-45 66,  paid 34    -> 34/unit
#  K1-7 G0283 x1  0 charged, 0 paid          -> allowed 0, not a denial (nothing charged), no rate
#  K1-8 97010 x1  25, CO-45 24.25, paid 0.75 -> allowed 0.75: a rate (under a dollar, above zero)
#  K2-1 97530 x1  100, CO-45 55,  paid 45    -> 45/unit; no date of service on line or claim
#  K3-1 97112 x1  100, OA-23 30, CO-45 50, paid 20, AMT*B6 50 -> secondary with the payer's own
#                 allowed amount: a rate line, 50/unit
#  K4-1 97112 x1  the same without AMT*B6    -> allowed 100 - 30 - 50 = 20 is the prior payer's
#                 adjudication netted out, not this payer's rate: no rate line
#  K5-1 97116 x1  charge 'ABC' (unreadable), paid 35, AMT*B6 35 -> malformed: no rate line
# K1: charge 6 x 100 + 0 + 25 = 625; paid 0 + 40 + 40 + 40 + 34 + 34 + 0 + 0.75 = 188.75;
# adjustments 100 + 60 + 60 + 60 + 66 + 66 + 24.25 = 436.25 = 625 - 188.75.
# Payment 188.75 + 45 + 20 + 20 + 35 = 308.75.
EDGE = transaction(
    "0001", *header("308.75", "20250331", "EDGE HEALTH", "33333"),
    "CLP*K1*1*625*188.75**12*PK1",
    "SVC*HC:97140*100*0**1", "DTM*472*20250303", "CAS*CO*50*100",
    "SVC*HC:97140*100*40**1", "DTM*472*20250304", "CAS*CO*45*60",
    "SVC*HC:97110*100*40**1", "DTM*472*20250303", "CAS*CO*45*60",
    "SVC*HC:97110*100*40**0", "DTM*472*20250304", "CAS*CO*45*60",
    "SVC*HC:97110:CQ*100*34**1", "DTM*472*20250303", "CAS*CO*45*66",
    "SVC*HC:97110:CQ*100*34**1", "DTM*472*20250305", "CAS*CO*45*66",
    "SVC*HC:G0283*0*0**1", "DTM*472*20250303",
    "SVC*HC:97010*25*0.75**1", "DTM*472*20250303", "CAS*CO*45*24.25",
    "CLP*K2*1*100*45**12*PK2",
    "SVC*HC:97530*100*45**1", "CAS*CO*45*55",
    "CLP*K3*2*100*20**12*PK3",
    "SVC*HC:97112*100*20**1", "DTM*472*20250306", "CAS*OA*23*30", "CAS*CO*45*50", "AMT*B6*50",
    "CLP*K4*2*100*20**12*PK4",
    "SVC*HC:97112*100*20**1", "DTM*472*20250306", "CAS*OA*23*30", "CAS*CO*45*50",
    "CLP*K5*1*50*35**12*PK5",
    "SVC*HC:97116*ABC*35**1", "DTM*472*20250307", "CAS*CO*45*15", "AMT*B6*35",
)

# DELTA PLAN, paid 2025-04-30, names no payer id (no N104, REF*2U or TRN03):
#  R1 primary, 97110 100, paid 40, then its reversal (CLP02 22, amounts negated): both cancel
#  N1 denied (CLP02 4): 97140 90, CO-96 90
#  O23 not our claim (CLP02 23), no service lines: 80, CO-109 80 -> its one line row has no code
#      and, nothing allowed nor paid, counts as denied
#  P25 predetermination (CLP02 25), no service lines: not a claim submitted for payment
DELTA = transaction(
    "0002",
    "BPR*H*0*C*NON************20250430", "TRN*1*EFT0009", "N1*PR*DELTA PLAN",
    "N1*PE*EXAMPLE THERAPY*XX*1234567893", "LX*1",
    "CLP*R1*1*100*40**12*PR1", "SVC*HC:97110*100*40**1", "DTM*472*20250401", "CAS*CO*45*60",
    "CLP*R1*22*-100*-40**12*PR1", "SVC*HC:97110*-100*-40**-1", "DTM*472*20250401",
    "CAS*CO*45*-60",
    "CLP*N1*4*90*0**12*PN1", "SVC*HC:97140*90*0**1", "DTM*472*20250402", "CAS*CO*96*90",
    "CLP*O23*23*80*0**12*PO", "DTM*232*20250403", "CAS*CO*109*80",
    "CLP*P25*25*100*0**12*PP", "DTM*232*20250404", "CAS*OA*101*100",
)
# EPSILON CARE (44444), paid 2025-05-15: one claim, R2, and its reversal; nothing else.
EPSILON = transaction(
    "0003", *header("0", "20250515", "EPSILON CARE", "44444"),
    "CLP*R2*1*100*40**12*PR2", "SVC*HC:97110*100*40**1", "DTM*472*20250501", "CAS*CO*45*60",
    "CLP*R2*22*-100*-40**12*PR2", "SVC*HC:97110*-100*-40**-1", "DTM*472*20250501",
    "CAS*CO*45*-60",
)


def test_the_edge_file_reads_with_only_the_unreadable_charge_reported() -> None:
    problems = read_remittance(interchange(EDGE)).problems
    # 'ABC' has no amount's form: as likely a piece of a name, it is not quoted
    assert [(p.location.column, p.value) for p in problems] == [
        ("SVC02", "SVC*HC:97116*<not shown>*35**1")]


def test_rate_lines_need_units_an_allowed_amount_readable_amounts_and_the_payers_own_rate() -> None:
    lines = read_remittance(interchange(EDGE)).lines
    rates = rate_lines(lines)
    assert list(zip(rates["claim_id"], rates["line_number"], strict=True)) == [
        ("K1", 2), ("K1", 3), ("K1", 5), ("K1", 6), ("K1", 8), ("K2", 1), ("K3", 1)]


def test_code_summary_of_the_edge_cases() -> None:
    codes = summarize_codes(read_remittance(interchange(EDGE)).lines)
    day = pd.Timestamp
    expected = pd.DataFrame([
        # Two lines each, then by code, then by modifier ("" before CQ):
        # 97110: K1-3 and K1-4; units 1 + 0; rate 40 (K1-3 only); allowed and paid 40 + 40
        ["EDGE HEALTH", "97110", "", 2, D(1), D(40), day("2025-03-03"), "", 1, D(80), D(80),
         0, 0.0,
         day("2025-03-03"), day("2025-03-04")],
        # 97110 CQ: K1-5, K1-6; 34 both days, from the first
        ["EDGE HEALTH", "97110", "CQ", 2, D(2), D(34), day("2025-03-03"), "", 2, D(68), D(68),
         0, 0.0,
         day("2025-03-03"), day("2025-03-05")],
        # 97112: K3 (rate 50) and K4 (no rate); allowed 50 + 20, paid 20 + 20
        ["EDGE HEALTH", "97112", "", 2, D(2), D(50), day("2025-03-06"), "", 1, D(70), D(40),
         0, 0.0,
         day("2025-03-06"), day("2025-03-06")],
        # 97140: K1-1 denied first, then K1-2 paid: one denied line of two
        ["EDGE HEALTH", "97140", "", 2, D(2), D(40), day("2025-03-04"), "", 1, D(40), D(40),
         1, 0.5,
         day("2025-03-03"), day("2025-03-04")],
        # One line each, by code:
        ["EDGE HEALTH", "97010", "", 1, D(1), D("0.75"), day("2025-03-03"), "", 1, D("0.75"),
         D("0.75"), 0, 0.0,
         day("2025-03-03"), day("2025-03-03")],
        # 97116: its only line is malformed: no rate (None), allowed 35 still summed
        ["EDGE HEALTH", "97116", "", 1, D(1), None, NaT, "", 0, D(35), D(35), 0, 0.0,
         day("2025-03-07"), day("2025-03-07")],
        # 97530: no date of service anywhere: no first or last date, and no rate, which is in
        # force from a day (it read 45, a rate of no day, before rates were dated)
        ["EDGE HEALTH", "97530", "", 1, D(1), None, NaT, "", 0, D(45), D(45), 0, 0.0, NaT,
         NaT],
        # G0283: nothing charged or allowed: no rate
        ["EDGE HEALTH", "G0283", "", 1, D(1), None, NaT, "", 0, D(0), D(0), 0, 0.0,
         day("2025-03-03"), day("2025-03-03")],
    ], columns=list(CODE_SUMMARY_COLUMNS))
    expected = expected.astype({name: codes[name].dtype for name in codes.columns})
    # the columns and a plain 0..n-1 index, exactly
    assert_frame_equal(codes, expected)


def test_an_empty_line_table_gives_an_empty_summary_with_every_column() -> None:
    empty = read_remittance(interchange(transaction("0001", *header("0"))))
    codes = summarize_codes(empty.lines)
    assert codes.empty and list(codes.columns) == list(CODE_SUMMARY_COLUMNS)
    assert rate_lines(empty.lines).empty


def test_reversals_and_lines_without_a_code_are_left_out_of_the_code_summary() -> None:
    result = read_remittance(interchange(EPSILON, DELTA))
    assert result.problems == ()
    codes = summarize_codes(result.lines)
    # R1 and R2 cancel with their reversals; O23 and P25 have no service line (no code). Left:
    # N1's denied 97140 (allowed 90 - 90 = 0, paid 0).
    assert codes.to_numpy().tolist() == [
        ["DELTA PLAN", "97140", "", 1, D(1), None, NaT, "", 0, D(0), D(0), 1, 1.0,
         pd.Timestamp("2025-04-02"), pd.Timestamp("2025-04-02")],
    ]


def test_payer_summary_of_reversed_unidentified_and_not_our_claims() -> None:
    result = read_remittance(interchange(EPSILON, DELTA))
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert list(payers.columns) == list(PAYER_SUMMARY_COLUMNS)
    assert payers.to_numpy().tolist() == [
        # DELTA: claims R1 (reversed, still submitted), N1 (denied), O23 (the payer's answer:
        # not ours); not the reversal nor the predetermination P25. No payer id: blank. Lines
        # 1 + 1 + 0. Charge and payment net of the reversed R1: N1 90 + O23 80, paid 0. Clean:
        # none (R1 reversed, N1 and O23 denied); denied 2 of 3. No claim paid: no days.
        ["DELTA PLAN", "", 3, 2, D(170), D(0), D(0), 0, 0.0, 2, 2 / 3, 0, None, None,
         pd.Timestamp("2025-04-30"), pd.Timestamp("2025-04-30")],
        # EPSILON: R2 only, reversed: nothing left to charge, pay or count days over
        ["EPSILON CARE", "44444", 1, 1, D(0), D(0), D(0), 0, 0.0, 0, 0.0, 0, None, None,
         pd.Timestamp("2025-05-15"), pd.Timestamp("2025-05-15")],
    ]
    # Money stays Decimal even when nothing is left to add (0, not the int 0 of a bare sum())
    for name in ("charge", "paid", "provider_adjustments"):
        assert [type(v) for v in payers[name]] == [Decimal, Decimal], name
