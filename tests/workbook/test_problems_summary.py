"""The Problems sheet lists every problem first, the long texts in full after.

The 40-payer x 300-code workbook's 45 warnings printed 52 pages: ten "pays less than its
contract for ..." and a dozen "the rate to ask stays below Medicare for ..." listed every code
(3,000 to 13,000 characters each), each over the rows under it, so its first page showed two
warnings and the last was 50 pages on. The table now holds one row a problem, a text too long
for its row summed up (its start, its end, and the row where it is in full, linked), and the
whole texts follow under the table.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl.utils import quote_sheetname

from ratecalc.errors import Location, Problem
from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import MIN_PRINT_PERCENT, drawn_percent, print_areas
from ratecalc_workbook.problems_sheet import record_problems
from ratecalc_workbook.result_sheets import IN_FULL_HEADING, MESSAGE_ROW_CHARS
from tests.workbook.conftest import open_book, read_pages
from tests.workbook.libreoffice import SOFFICE, printing_only

LATER = datetime(2026, 12, 6, 9, 0)
CODES = [str(10004 + 7 * i) for i in range(300)]


def _forty_payers_problems() -> list[Problem]:
    """The 40-payer workbook's kinds of warnings, as long as its were."""
    underpaid = [Problem("Fee Schedules", Location(),
                         f"Payer {p:02d} Health Plan pays less than its contract (93% of Medicare) "
                         "for " + ", ".join(f"{c} (88.{i % 10}% paid)"
                                            for i, c in enumerate(CODES[:230]))
                         + f": ${300_000 + p:,}.51 a year below the contract", severity="warning")
                 for p in range(0, 40, 4)]
    below = [Problem("Proposal", Location(),
                     f"Payer {p:02d} Health Plan: the rate to ask stays below Medicare for "
                     + ", ".join(f"{c} ($45.64 vs Medicare $48.38 in force on 2026-04-29)"
                                 for c in CODES[:40 + 5 * p])
                     + " (the maximum increase caps it); consider asking more",
                     severity="warning")
             for p in range(1, 40, 3)]
    short = [Problem("Clinic Metrics", Location(),
                     "visits_per_year is 60,000 among the clinic metrics, but the payers' visits "
                     "a year add up to 83,655", severity="warning")]
    return underpaid + below + short


def long_problems(tiny_book: Path, book: Path) -> Path:
    """A copy of the refreshed tiny workbook as ``book``, the 40-payer workbook's problems
    recorded on its Problems sheet."""
    shutil.copy2(tiny_book, book)
    record_problems(book, _forty_payers_problems(), "Refresh", now=LATER)
    return book


def problems_printed_book(tiny_book: Path, book: Path) -> None:
    """:func:`long_problems` printing its Problems sheet only, saved as ``book``: printed by
    LibreOffice with the other modules' small books (``small_prints`` in conftest.py)."""
    printing_only(long_problems(tiny_book, book.with_name("long.xlsx")), layout.PROBLEMS, book)


@pytest.fixture(scope="module")
def long_problems_book(tiny_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return long_problems(tiny_book, tmp_path_factory.mktemp("summary") / "long.xlsx")


def test_the_table_holds_a_row_a_problem_and_the_texts_follow_it_whole(
        long_problems_book: Path) -> None:
    problems = _forty_payers_problems()
    ws = open_book(long_problems_book)[layout.PROBLEMS]
    spec = layout.PROBLEMS_TABLE
    [table] = ws.tables.values()
    assert table.ref.split(":")[1].endswith(str(spec.header_row + len(problems)))
    shown = [ws.cell(row=r, column=spec.col("message")).value
             for r in range(spec.header_row + 1, spec.header_row + 1 + len(problems))]
    severities = [ws.cell(row=r, column=spec.col("severity")).value
                  for r in range(spec.header_row + 1, ws.max_row + 1)]
    assert severities.count("warning") == len(problems)  # the Start sheet's count
    for problem, written in zip(problems, shown, strict=True):
        text = " ".join(written.split())  # the layout's line breaks, spaces again
        if len(problem.message) <= MESSAGE_ROW_CHARS:
            assert text == problem.message
            continue
        assert len(text) < 340, text
        head, _, rest = text.partition(" ... ")
        assert problem.message.startswith(head)
        tail, at = rest.rsplit(" (in full at row ", 1)
        assert problem.message.endswith(tail)  # the total, or what to do
        row = int(at.rstrip(")"))
        link = ws.cell(row=shown.index(written) + spec.header_row + 1, column=spec.col("cell"))
        assert link.value == f"H{row}"
        assert link.hyperlink.location == f"{quote_sheetname(layout.PROBLEMS)}!H{row}"
        # the whole text from that row on, over the rows under each other
        parts = [ws.cell(row=row, column=spec.col("message")).value]
        while (more := ws.cell(row=row + len(parts), column=spec.col("message")).value) \
                and more.startswith("(continued) "):
            parts.append(more)
        said = " ".join(part.removeprefix("(continued) ") for part in parts)
        assert said.split() == problem.message.split()
        assert ws.cell(row=row, column=spec.col("table")).value == problem.table
    heading = spec.header_row + len(problems) + 2
    assert ws.cell(row=heading, column=spec.col("message")).value == IN_FULL_HEADING
    # on a page of its own, with the texts under it (the 40-payer sheet's heading printed alone
    # at the foot of the table's last page)
    assert [b.id for b in ws.row_breaks.brk] == [heading - 1]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_first_printed_pages_list_every_problem(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    """24 warnings, the sheet printed landscape: each is named on its first three pages, before
    the texts in full (they named two of them, the last named on the sheet's 65th page)."""
    _, pdf = small_prints["problems_printed"]  # :func:`long_problems`' Problems sheet
    pages = [" ".join(p["text"].split()) for p in read_pages(pdf)
             if "Problems Page" in " ".join(p["text"].split())]
    assert len(pages) > 3
    first = " ".join(pages[:3]).split(IN_FULL_HEADING)[0]
    assert "Payer 00 Health Plan pays less" in first
    for problem in _forty_payers_problems():
        name = problem.message.split(": ", 1)[1][:20]  # "Payer 37 Health Plan"
        assert name in first, name


def test_the_break_before_the_texts_in_full_prints_at_a_fixed_scale(
        long_problems_book: Path) -> None:
    """The page break before "In full" (above) is a manual one, which a spreadsheet prints
    only at a fixed scale: fitted to the page's width ("fit to 1 page wide") Excel leaves it
    out, and the heading could print alone at a page's foot again. The sheet prints at the
    scale that fit gave, fixed, one page wide as before."""
    ws = open_book(long_problems_book)[layout.PROBLEMS]
    assert ws.row_breaks.brk
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    [(left, _, right, _)] = print_areas(ws)
    assert ws.page_setup.scale == drawn_percent(ws, left, right, "landscape")
    assert MIN_PRINT_PERCENT <= ws.page_setup.scale <= 100
