"""Finding a code's row on a Proposal sheet, for tests that type in its "Your rate"."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ratecalc_workbook import layout


def proposal_row(ws: Worksheet, payer: str, code: str) -> int:
    """The row of ``payer``'s ``code`` on ``ws``, a Proposal sheet (renamed or not)."""
    spec = layout.PROPOSAL_TABLE
    return next(r for r in range(spec.header_row + 1, ws.max_row + 1)
                if ws.cell(row=r, column=spec.col("payer")).value == payer
                and str(ws.cell(row=r, column=spec.col("code")).value) == code)
