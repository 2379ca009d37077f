"""A small speech-therapy and OT practice typed into the blank master workbook as its billing
manager would type it: values only, into the input cells, dates as dates and as text, a
percent-formatted escalator, no market benchmarks (the clinic walk of 2026-12-06).

Seen from :data:`TODAY`: Harbor's contract ended last month; Summit's notice deadline
(2026-12-31) is 25 days ahead; Summit is billed 92526, which it does not pay (no fee-schedule
row). Each test takes what it needs and changes one thing with ``changes``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook

TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 6, 9, 0)

CONTRACTS = [
    # payer, payer id, financial class, visits a year, product, contract id, effective, end,
    # auto renew, notice days
    ("Harbor Health Plan", "HHP", "Commercial", 420, "PPO", "H-2023", date(2023, 12, 1),
     date(2026, 11, 30), "no", 90),
    ("Summit Mutual", "SUM", "Commercial", 610, "HMO", "S-77", "4/1/2024", "3/31/2027", "yes",
     90),
]
FEES = [("Harbor Health Plan", "92507", 72.10), ("Harbor Health Plan", "97530", 30.50),
        ("Summit Mutual", "92507", 68.40), ("Summit Mutual", "97530", 29.10)]
VOLUMES = [("Harbor Health Plan", "92507", 380), ("Summit Mutual", "92507", 540),
           ("Summit Mutual", "92526", 60), ("Summit Mutual", "97530", 300)]


def practice_book(path: Path, changes: Callable[[Workbook], None] | None = None) -> Path:
    """The practice's workbook at ``path``, not refreshed; ``changes`` edits it before it is
    saved."""
    new_workbook(path)
    wb = load_workbook(path)
    clinic = wb[layout.CLINIC_SHEET]
    fields = {"Name": "Bright Voices Speech & OT", "Locality": "10112-00",
              "Signer name": "Dana Ruiz"}
    for row in range(5, 20):
        if clinic.cell(row, 1).value in fields:
            clinic.cell(row, 2).value = fields[clinic.cell(row, 1).value]
    clinic["E5"], clinic["F5"], clinic["H5"] = "Cost per visit", 78.5, "usd"
    contracts = wb[layout.PAYERS_CONTRACTS]
    for offset, values in enumerate(CONTRACTS):
        for column, value in enumerate(values, start=1):
            contracts.cell(5 + offset, column).value = value
    contracts.cell(6, 14).value = 0.03  # Summit's escalator, typed as 3%
    contracts.cell(6, 14).number_format = "0%"
    fees = wb[layout.FEE_SCHEDULES]
    for offset, (payer, code, amount) in enumerate(FEES):
        fees.cell(5 + offset, 1).value = payer
        fees.cell(5 + offset, 2).value = code
        fees.cell(5 + offset, 4).value = amount
        fees.cell(5 + offset, 5).value = date(2026, 1, 1) if offset % 2 else "1/1/2026"
    volumes = wb[layout.VOLUMES]
    for offset, (payer, code, units) in enumerate(VOLUMES):
        volumes.cell(5 + offset, 1).value = payer
        volumes.cell(5 + offset, 2).value = code
        volumes.cell(5 + offset, 3).value = units
    if changes is not None:
        changes(wb)
    wb.save(path)
    return path
