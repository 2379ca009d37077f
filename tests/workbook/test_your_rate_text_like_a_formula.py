"""A "Your rate" holding the text ``=1+1`` (typed with a leading apostrophe, or in a cell
formatted as text) is text where a dollar amount was expected, not a formula.

The reader took any text starting with ``=`` for a formula: the warning said "its formula gives
text, not a number ... make it give the number", of a cell that holds no formula, and the
workbook's reader looked for a saved value such a cell never has.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_proposal

from .conftest import open_book
from .proposal_rows import proposal_row


@pytest.mark.parametrize(("typed", "what"), [
    ("=1+1", "text where a dollar amount was expected, not a formula (an apostrophe before "
             "the '=', or a cell formatted as text, keeps it text); type a dollar amount or a "
             "formula giving one"),
    ("=27", "text where a dollar amount was expected, not a formula (an apostrophe before "
            "the '=', or a cell formatted as text, keeps it text); type the number 27 or a "
            "formula giving one"),
    # no formula sign of a spreadsheet but '=' (a '+' typed starts one too, but Excel saves it
    # as '=+27'): the text warning of any text
    ("+27", "typed as text; type the number 27 (a cell formatted as text keeps it text: "
            "format it as a number first)"),
])
def test_text_starting_with_a_formula_sign_is_text_not_a_formula(
        tiny_copy: Path, typed: str, what: str) -> None:
    spec = layout.PROPOSAL_TABLE
    wb = open_book(tiny_copy)
    ws = wb[layout.PROPOSAL]
    row = proposal_row(ws, "Alpha Health", "97110")
    cell = ws.cell(row=row, column=spec.col("override_rate"), value=typed)
    cell.data_type = "s"  # text, as Excel keeps '=1+1 (the apostrophe only shows it is text)
    wb.save(tiny_copy)

    proposal, problems = read_proposal(tiny_copy)
    [problem] = problems
    letter = get_column_letter(spec.col("override_rate"))
    assert (problem.severity, problem.location.sheet, problem.location.row,
            problem.location.letter) == ("warning", layout.PROPOSAL, row, letter)
    assert str(problem) == (
        f"Proposal 'tiny.xlsx', sheet '{layout.PROPOSAL}', row {row}, column {letter} 'Your "
        f"rate': {what}: the sheet's 'Rate to ask' reads no rate from text; the proposed rate "
        f"is used, got {typed!r}")
    alpha = proposal.set_index(["payer", "code"]).loc[("Alpha Health", "97110")]
    assert alpha["requested_rate"] == alpha["proposed_rate"]


def test_a_refresh_keeps_it_text(tiny_copy: Path) -> None:
    from ratecalc_workbook.refresh import refresh_workbook

    from .conftest import NOW

    spec = layout.PROPOSAL_TABLE
    wb = open_book(tiny_copy)
    ws = wb[layout.PROPOSAL]
    row = proposal_row(ws, "Alpha Health", "97110")
    ws.cell(row=row, column=spec.col("override_rate"), value="=1+1").data_type = "s"
    wb.save(tiny_copy)
    assert refresh_workbook(tiny_copy, now=NOW).ok
    ws = open_book(tiny_copy)[layout.PROPOSAL]
    kept = ws.cell(row=proposal_row(ws, "Alpha Health", "97110"),
                   column=spec.col("override_rate"))
    assert (kept.value, kept.data_type) == ("=1+1", "s")  # never a live formula
