"""A workbook last refreshed by a RateCalc of before the Totals sheet: the titles that RateCalc
wrote then on Priorities and the Proposal are its own, not values of the user's lost.

Such a workbook (built by cddb0bc, 2026-12-02) held the codes by volume under the title "Codes
by volume (top 80% marked)" at Priorities N3 and the sums per payer under "Per payer (follows
your rates)" at Proposal R3; both moved to the Totals sheet (1bff59b), and the workbook kept no
record of RateCalc's texts yet. Its first refresh since warned of each as "held a value outside
the result tables ... it is in the backup", as if something of the user's were gone.
"""

from __future__ import annotations

from pathlib import Path

from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book

#: Where a RateCalc of before the Totals sheet wrote its titles: sheet, row, column, text.
EARLIER_TITLES = ((layout.PRIORITIES, 3, 14, "Codes by volume (top 80% marked)"),
                  (layout.PROPOSAL, 3, 18, "Per payer (follows your rates)"))


def _as_last_refreshed_before_the_totals(path: Path, note: str | None = None) -> None:
    """The refreshed demo workbook with the earlier titles at their places and no record of
    RateCalc's own texts (as a workbook of then had none); ``note``: a note of the user's at
    Priorities P3 too."""
    wb = open_book(path)
    lists = wb[layout.LISTS]
    for col in (layout.LIST_OWN_SHEET_COL, layout.LIST_OWN_TEXT_COL):
        for row in range(1, lists.max_row + 1):
            lists.cell(row=row, column=col).value = None
    for sheet, row, col, text in EARLIER_TITLES:
        wb[sheet].cell(row=row, column=col, value=text)
    if note is not None:
        wb[layout.PRIORITIES].cell(row=3, column=16, value=note)
    wb.save(path)


def test_the_titles_an_earlier_refresh_wrote_are_not_warned_of(demo_copy: Path) -> None:
    _as_last_refreshed_before_the_totals(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    lost = [p.message for p in result.problems if "held a value outside" in p.rule]
    assert lost == []


def test_a_note_of_the_users_beside_them_is_still_warned_of(demo_copy: Path) -> None:
    _as_last_refreshed_before_the_totals(demo_copy, note="call Dana before March")
    result = refresh_workbook(demo_copy, now=NOW)
    lost = [(p.location.sheet, p.location.row, p.location.column, p.value)
            for p in result.problems if "held a value outside" in p.rule]
    assert lost == [(layout.PRIORITIES, 3, "P", "call Dana before March")]
