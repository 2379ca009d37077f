"""Dates, agreement ids, localities and phone numbers stay whole where a cell's text wraps:
Excel and LibreOffice break a line at a hyphen, and the Timeline sheet printed a timing
warning's "decide by 2026-" on one line and "12-16" on the next (and a note "locality 10112-"
above "00"). Checked on the page LibreOffice prints, read back with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from ratecalc_workbook import page_layout
from ratecalc_workbook.styles import FONT_NAME
from tests.workbook.conftest import read_pages
from tests.workbook.libreoffice import SOFFICE

pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

NUMBERED = page_layout.HYPHENATED_NUMBER
#: A timing warning as the Timeline sheet writes it, behind ever longer lead-ins, so that its
#: dates fall at every place of a line, the end among them.
WARNING = ("notice deadline 2026-12-31 is in 27 days; proposal due 2026-11-02 (32 days ago), "
           "none logged; no follow-up left; decide by 2026-12-16")
#: Ids and numbers a note may hold; "walk-away" has no digit and may break at its hyphen.
IDS = ("agreement SBC-PT-2019-114 renews; locality 10112-00; call (205) 555-0141; a walk-away "
       "rate; 2019-2026 average")
TEXTS = [" ".join(["Summit"] * n + [WARNING]) for n in range(12)] + [
    "".join("x" * n) + " due 2026-11-30 (4 days ago)" for n in range(20, 40)] + [
    " ".join(["Summit"] * n + [IDS]) for n in range(14)]


def cut_numbers(words: list[str]) -> list[str]:
    """Printed words that end a line inside a hyphenated number: "10112-", or "SBC-PT-" with
    "2019-114" after it."""
    return [w for w, after in zip(words, [*words[1:], ""], strict=True)
            if w.endswith("-") and (any(c.isdigit() for c in w) or after[:1].isdigit())]


def wrapped_dates_book(source: Path) -> None:
    """TEXTS wrapped in a column 40 characters wide, the sheet finished as the Timeline is,
    saved as ``source``: printed by LibreOffice with the other modules' small books
    (``small_prints`` in conftest.py)."""
    book = Workbook()
    ws = book.active
    ws.title = "Timeline"
    for row, text in enumerate(TEXTS, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT_NAME, size=10)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 40
    page_layout.finish_sheet(ws, orientation="portrait")
    book.save(source)


def test_a_wrapped_text_breaks_between_words_never_inside_a_date_or_id(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    source, pdf = small_prints["wrapped_dates"]
    shown = [str(c.value) for c in load_workbook(source)["Timeline"]["A"]]
    assert [text.split() for text in shown] == [text.split() for text in TEXTS]  # same words
    pages = read_pages(pdf)
    words = [word for page in pages for word in page["words"]]
    assert cut_numbers(words) == []
    assert sorted(n for w in words for n in NUMBERED.findall(w)) == sorted(
        n for text in TEXTS for n in NUMBERED.findall(text))


def test_no_printed_sheet_cuts_a_date_or_id(printed_pages: dict[str, list[dict]]) -> None:
    """The demo's Timeline warnings, its Problems, the Start sheet's notes (a locality, a span
    of years): every date and id whole."""
    for kind, pages in printed_pages.items():
        for number, page in enumerate(pages, start=1):
            cut = cut_numbers(page["words"])
            assert cut == [], (kind, number, cut)


def test_a_text_whose_dates_sit_on_its_first_line_is_left_as_written() -> None:
    """No wrap reaches a date on a paragraph's first line: the text keeps its spaces (the
    Problems sheet's summary line, which tests and readers match whole)."""
    book = Workbook()
    ws = book.active
    text = ("Import of acme.csv on 2026-12-04 10:38: 2 error(s), 3 warning(s). Nothing was "
            "imported: fix the errors and import the file again.")
    cell = ws.cell(row=1, column=1, value=text)
    cell.alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 40
    page_layout.keep_numbers_whole(ws)
    assert cell.value == text
    cell.value = "the errors and import the file again, which is due on 2026-12-04"
    page_layout.keep_numbers_whole(ws)
    assert cell.value == "the errors and import the file again,\nwhich is due on 2026-12-04"
