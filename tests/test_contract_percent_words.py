"""A contract's own percentage (its escalator, its percent of Medicare) reads as the contract
states it in every output, with the decimals it has (the Payers & Contracts sheet's escalator cell
shows its hundredths and any past them, ``0.00######%``).

Before, :func:`ratecalc.rate_basis.contract_percent_text` kept at most one decimal: a 2.75%
escalator, shown 2.75% on the Payers & Contracts and Scenarios sheets and by ``ratecalc scenario``,
was "raised by its contract's 2.8% escalator" on the Comparison and in the Proposal's "Why" (and
"our agreement's 2.8% escalator" in a letter to the payer), and a contract at 88.75% of Medicare
"88.8%" in the letter, the warnings and the command line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc.analysis import analyze
from ratecalc.rate_basis import contract_percent_text
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.clinics import sheet_table
from tests.test_scheduled_rates import TODAY
from tests.workbook.test_rate_basis_labels import escalated_today


@pytest.mark.parametrize(("fraction", "said"), [
    (0.88, "88%"), (0.925, "92.5%"), (0.8875, "88.75%"), (0.0275, "2.75%"), (0.02, "2%"),
    (1.0, "100%"), (0.025, "2.5%"),
    # the decimals it has, to eight of a percent (ratecalc.money.stated_fraction): a contract
    # priced at 12.345% of Medicare read "12.35%", and 12.35% of a $1,000 amount is $123.50,
    # not the $123.45 priced
    (1 / 3, "33.33333333%"), (0.123456, "12.3456%"), (0.12345, "12.345%"),
])
def test_a_contracts_percentage_keeps_its_hundredths(fraction: float, said: str) -> None:
    assert contract_percent_text(fraction) == said


def test_a_275_percent_escalator_reads_275_in_every_output(tmp_path: Path) -> None:
    # the $30.00 row raised once, on 2026-01-03, by 2.75%: 30.825, $30.83 half-up; the new term
    # begins before the next anniversary, so the Proposal builds on the same $30.83
    data = escalated_today()
    data = replace(data, contracts=data.contracts.assign(
        escalator=0.0275, end_date=TODAY + timedelta(days=20)))
    a = analyze(data)
    words = "fee schedule $30.00, raised by its contract's 2.75% escalator"
    book = tmp_path / "escalator.xlsx"
    new_workbook(book, data)
    result = refresh_workbook(book, now=datetime.combine(TODAY, datetime.min.time()))
    assert result.ok, [p.message for p in result.errors]
    comparison = sheet_table(book, layout.COMPARISON_TABLE)
    proposal = sheet_table(book, layout.PROPOSAL_TABLE)
    for frame, column in ((a.comparison, "rate_source"), (comparison, "rate_source"),
                          (a.proposal, "reason"), (proposal, "reason")):
        [said] = frame.loc[frame["code"].astype(str) == "97110", column].tolist()
        assert said.startswith(words), said
    assert a.comparison.set_index("code").loc["97110", "allowed_amount"] == 30.83
    # the contract's cell shows the same decimals: its hundredths, and any past them
    ws = load_workbook(book)[layout.PAYERS_CONTRACTS_TABLE.sheet]
    spec = layout.PAYERS_CONTRACTS_TABLE
    cell = ws.cell(row=layout.FIRST_DATA_ROW, column=spec.col("escalator"))
    assert (cell.value, cell.number_format) == (0.0275, "0.00######%")
