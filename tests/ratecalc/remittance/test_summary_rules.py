"""Every column of the per-payer summary, worked by hand (issue 16: mutation survivors)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ratecalc.remittance import read_remittance, summarize_codes, summarize_payers
from ratecalc.remittance.summary import PAYER_SUMMARY_COLUMNS

from .test_summary import ACME, BETA
from .test_summary import TEXT as PLAIN
from .x12 import interchange

# ACME's transaction with two provider-level adjustments (PLB): interest of 1.50 and 2.00 paid
# to the clinic. PLB amounts reduce the payment, so BPR02 = 199.70 claim payments + 3.50 = 203.20.
ACME_PLB = [s.replace("BPR*I*199.70*", "BPR*I*203.20*") for s in ACME[:-1]] + [
    "PLB*1234567893*20251231*L6:INTEREST*-1.50",
    "PLB*1234567893*20251231*L6:INTEREST*-2.00",
] + [ACME[-1].replace(f"SE*{len(ACME)}*", f"SE*{len(ACME) + 2}*")]
# BETA first in the file: the summary is in payer order, not file order.
TEXT = interchange(BETA, ACME_PLB)


def test_the_file_balances_with_its_provider_adjustments() -> None:
    assert read_remittance(TEXT).problems == ()


def test_every_column_of_the_payer_summary() -> None:
    result = read_remittance(TEXT)
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert list(payers.columns) == list(PAYER_SUMMARY_COLUMNS)
    assert payers.to_numpy().tolist() == [
        # ACME (payer id 11111): claims A-D; lines 2 + 2 + 1 + 1; charge 290 + 400 + 100 + 90;
        # paid 73.50 + 126.20 + 0 + 0; PLB -1.50 + -2.00; A and B clean; C (a denied line) and
        # D denied; days A 2025-01-20 - 01-06 = 14, B 01-20 - 01-08 = 12 (C and D paid nothing)
        ["ACME HEALTH", "11111", 4, 6, Decimal("880"), Decimal("199.70"), Decimal("-3.50"),
         2, 0.5, 2, 0.5, 2, 13.0, 13.0, pd.Timestamp("2025-01-20"), pd.Timestamp("2025-01-20")],
        # BETA (22222): claim E, 2 lines, charge 200, paid 60.01, no PLB (zero, not blank),
        # clean; 2025-02-14 - 02-03 = 11 days
        ["BETA CARE", "22222", 1, 2, Decimal("200"), Decimal("60.01"), Decimal("0"),
         1, 1.0, 0, 0.0, 1, 11.0, 11.0, pd.Timestamp("2025-02-14"), pd.Timestamp("2025-02-14")],
    ]


def test_rate_lines_allowed_and_service_dates_per_code() -> None:
    codes = summarize_codes(read_remittance(PLAIN).lines)
    columns = ["payer", "code", "modifier", "rate_lines", "allowed", "first_service_date",
               "last_service_date"]
    assert codes[columns].to_numpy().tolist() == [
        # 97110: A (allowed 64 for 2 units) and B's GP 59 line (99 for 3) show a rate; C was
        # denied (allowed 100 - CO-50 100 = 0). Served 01-06, 01-08, 01-09.
        ["ACME HEALTH", "97110", "", 2, Decimal("163"), pd.Timestamp("2025-01-06"),
         pd.Timestamp("2025-01-09")],
        # 97140: A (29.50) shows a rate; D's claim was denied (allowed 0). Served 01-06, 01-10.
        ["ACME HEALTH", "97140", "", 1, Decimal("29.50"), pd.Timestamp("2025-01-06"),
         pd.Timestamp("2025-01-10")],
        ["ACME HEALTH", "97110", "CQ", 1, Decimal("27.20"), pd.Timestamp("2025-01-08"),
         pd.Timestamp("2025-01-08")],
        # 97110: E's 30.01 line shows the day's rate; its 30.00 line of the same day does not
        # (one rate a day: both counted, when they made a median)
        ["BETA CARE", "97110", "", 1, Decimal("60.01"), pd.Timestamp("2025-02-03"),
         pd.Timestamp("2025-02-03")],
    ]
