"""A master workbook on the percent-of-Medicare basis: it is built and refreshed (it was an
internal error: the basis note was written into the payer picker's merged cells), and its
Proposal asks what the core asks, each percent paying the rate beside it."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book


def test_a_percent_of_medicare_workbook_is_built_and_asks_what_the_core_asks(tmp_path: Path):
    data = demo_data()
    data = dataclasses.replace(
        data, settings=dataclasses.replace(data.settings, rate_basis="pct_of_medicare"))
    book = new_workbook(tmp_path / "pct.xlsx", data)
    assert refresh_workbook(book, now=NOW).ok
    ws = open_book(book)[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    assert ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL + 3).value \
        == "Rate basis: percent of Medicare (see 'Ask % of Medicare')"
    sheet = {}
    for row in range(spec.header_row + 1, ws.max_row + 1):
        payer = ws.cell(row=row, column=spec.col("payer")).value
        if payer:
            sheet[payer, str(ws.cell(row=row, column=spec.col("code")).value)] = (
                ws.cell(row=row, column=spec.col("proposed_rate")).value,
                ws.cell(row=row, column=spec.col("medicare_amount")).value)
    core = analyze(dataclasses.replace(data, settings=dataclasses.replace(
        data.settings, analysis_date=NOW.date()))).proposal
    assert len(sheet) == len(core) > 0
    for r in core.itertuples():
        rate, medicare = sheet[r.payer, r.code]
        assert rate == r.proposed_rate, (r.payer, r.code)
        # the percent asked, to a tenth, pays the rate (rate / Medicare reads back as it)
        term = Decimal(str(round(rate / medicare, 3)))
        assert term == Decimal(str(round(r.proposed_pct_of_medicare, 3)))
        assert (term * Decimal(repr(medicare))).quantize(Decimal("0.01"), ROUND_HALF_UP) \
            == Decimal(repr(rate)), (r.payer, r.code)
