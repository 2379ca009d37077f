"""A row of a sheet printed pages across is as tall as the most its cells print on any of
those pages: a row taller than that shows a blank band under every cell, on every page.

The demo's Proposal printed each of Cardinal Employers Trust's fifteen codes two lines tall,
its reason ("88% of Medicare's ... capped at the maximum increase", 110.5 characters with the
cell's padding) one line on the second page across in its column of 110.7: the estimate of a
wrapped text's lines counted a space after its last word.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import (
    LINE_PT,
    PADDING,
    ROW_MARGIN_PT,
    _lines,
    _measured,
    text_width,
)
from ratecalc_workbook.refresh import refresh_workbook
from tests.books import load_book
from tests.medicare_days import last_covered
from tests.workbook.conftest import foot_sheet, read_pages
from tests.workbook.libreoffice import SOFFICE, convert, printing_only

#: The day the demo's story is told on (``ratecalc demo --today``): December 6 of the bundled
#: data's last year (2026-12-06 with RVU26C), so its Proposal's reasons name the next year's
#: Medicare amounts as not imported yet, however new the data bundled.
STORY_DAY = date(last_covered().year, 12, 6)
#: A row band this many lines tall or more holds a second line on one of its pages.
TALL = 1.5


@pytest.mark.parametrize("text", [
    "88% of Medicare's 2026-10-01 amount until CMS's 2027 release is imported; far below "
    "market: capped at the maximum increase",
    "raised by its contract's 2% escalator to $30.15 from 2028-01-01; below market: asks the "
    "market rate",
    "Cardinal Employers Trust",
    "one",
])
@pytest.mark.parametrize(("size", "bold"), [(10.0, False), (10.0, True), (9.0, False)])
def test_a_text_in_a_column_as_wide_as_it_measures_is_one_line(text: str, size: float,
                                                              bold: bool) -> None:
    assert _lines(text, _measured(text, size, bold), size, bold) == 1
    # a hair narrower than the text itself, it is not
    if " " in text:
        assert _lines(text, text_width(text, size, bold) + PADDING - 0.05, size, bold) == 2


def _line_tops(page: dict) -> list[tuple[float, str]]:
    """(top, text) of each printed line of ``page``: upright characters whose tops lie within
    two points of each other, left to right."""
    chars = sorted((c for c in page["chars"] if c["upright"] and c["text"].strip()),
                   key=lambda c: (c["top"], c["x0"]))
    lines: list[list[dict]] = []
    for c in chars:
        if lines and c["top"] - lines[-1][0]["top"] <= 2.0:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [(line[0]["top"], "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])))
            for line in lines]


def _blank_bands(wb: Workbook, pages: list[dict], only: str | None = None
                 ) -> tuple[list[tuple[str, str, int]], int]:
    """On the printed ``pages`` of workbook ``wb``, the rows printed across that are
    :data:`TALL` lines tall or more with no second line of text on any of their pages across
    (sheet, payer, band's top [points]), and the number of tall rows found. Each set of pages
    across (printed across, then down) shares its rows' places; a row runs from one payer's
    name in the repeated column to the next. ``only``: that sheet alone (the others printed
    their cell A1, :func:`printing_only`)."""
    blank, tall = [], 0
    for ws in wb.worksheets:
        across = int(ws.page_setup.fitToWidth or 1)
        if ws.sheet_state != "visible" or across < 2 or only not in (None, ws.title):
            continue
        payers = {v for (r, c), cell in ws._cells.items()
                  if c == 1 and isinstance(v := cell.value, str) and r > 4}
        own = [p for p in pages
               if foot_sheet(" ".join(p["text"].splitlines()[-1].split())) == ws.title]
        assert len(own) % across == 0, ws.title
        groups = [own[first:first + across] for first in range(0, len(own), across)]
        starts = [[(top, name) for top, text in _line_tops(group[0]) for name in payers
                   if text.startswith(name.replace(" ", ""))] for group in groups]
        # a row one line tall: the closest two rows of the sheet (a page of rows all tall,
        # the Proposal's page per payer, is measured against the others)
        pitch = min((b[0] - a[0] for rows in starts
                     for a, b in zip(rows, rows[1:], strict=False)), default=0.0)
        for group, rows in zip(groups, starts, strict=True):
            tops = [[top for top, _ in _line_tops(p)] for p in group]
            for (top, name), (below, _) in zip(rows, rows[1:], strict=False):
                if below - top < TALL * pitch:
                    continue
                tall += 1
                if max(sum(top - 1 <= t < below - 1 for t in page) for page in tops) < 2:
                    blank.append((ws.title, name, round(top)))
    return blank, tall


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_demo_told_today_prints_its_proposal_rows_one_line_where_they_fit(
        tmp_path: Path) -> None:
    """The demo as ``ratecalc demo --today 2026-12-06`` tells it, its Proposal printed: each
    of Cardinal Employers Trust's fifteen rows was two lines tall on both its pages across,
    its reason one line on the second. A payer none of whose reasons is wider than the Why
    column by the estimate (:func:`_measured`) now prints every row one line tall, and no
    blank band; one with a wider reason may (Pioneer Medicare Advantage's, 111.5 characters
    by the estimate in 110.7, two lines by it, one in LibreOffice, whose text is the
    narrower); Keystone Health Plan's longer reasons wrap, and fill their rows' second line
    on the second page (the tall rows counted)."""
    book = tmp_path / "negotiation.xlsx"
    new_workbook(book, demo_data(STORY_DAY))
    result = refresh_workbook(book, now=datetime.combine(STORY_DAY, time(9, 30)))
    assert result.ok, [p.message for p in result.errors]
    wb = load_book(book)
    ws = wb[layout.PROPOSAL]
    why = layout.PROPOSAL_TABLE.col("reason")
    width = ws.column_dimensions[get_column_letter(why)].width
    rows = range(layout.HEADER_ROW + 1, ws.max_row + 1)
    wider = {ws.cell(row=r, column=1).value for r in rows
             if _measured(str(ws.cell(row=r, column=why).value), 10.0, False) > width}
    fitting = [r for r in rows if ws.cell(row=r, column=1).value not in wider]
    assert len(fitting) >= 15  # Cardinal's among them
    only = printing_only(book, layout.PROPOSAL, tmp_path / "proposal.xlsx")
    blank, tall = _blank_bands(wb, read_pages(convert(only, tmp_path, "pdf")), layout.PROPOSAL)
    # Keystone's, filled on their second page: 7 wider than the Why column by the estimate,
    # 114.5 characters since the Proposal prints at 82 % ("Units per" over "year", pages-17;
    # 110.7 at 84 %, when Pioneer's were wider too); LibreOffice prints one of them on one line
    assert tall >= 6
    assert [band for band in blank if band[1] not in wider] == []
    one_line = round(LINE_PT + ROW_MARGIN_PT, 1)  # or the default height, None
    assert [r for r in fitting if ws.row_dimensions[r].height not in (None, one_line)] == []
