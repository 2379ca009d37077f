"""The Comparison's Medicare caption (``result_sheets.medicare_caption``) wraps within the
first page across, as ``page_layout.first_page_last_column`` gives it: the rule every other
text wrapped on the first page across follows (``page_layout.wrap_within_first_page``).

The caption took its own last column, the first column break or else the print's last
column: a Comparison printed pages across with no breaks of its own (fitted to two pages
wide: no group of columns fits a page, :func:`page_layout.break_between_groups` leaves the
spreadsheet's breaks) ran San Francisco's 137-character caption to its last column, and
LibreOffice printed it cut at the first page's edge ("... (SAN FRANCISCO/SAN
MATEO/ALAMEDA/CONTRA CC").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl.utils import range_boundaries

from ratecalc.demo import demo_data
from ratecalc_workbook import layout, page_layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.result_sheets import MEDICARE_CAPTION_ROW
from tests.workbook.conftest import foot_sheet, open_book, read_pages
from tests.workbook.libreoffice import SOFFICE, convert, printing_only

SAN_FRANCISCO = "01112-05"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo told in January in San Francisco, its Comparison fitted two pages wide with
    no column breaks of its own."""
    data = demo_data(date(2026, 1, 10))
    data = replace(data, settings=replace(data.settings, locality=SAN_FRANCISCO))
    path = tmp_path_factory.mktemp("caption") / "book.xlsx"
    new_workbook(path, data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page_layout, "break_between_groups", lambda *args, **kwargs: None)
        assert refresh_workbook(path, now=datetime(2026, 1, 10, 10)).ok
    return path


def test_the_caption_wraps_within_the_first_page_across(book: Path) -> None:
    ws = open_book(book)[layout.COMPARISON]
    assert (ws.page_setup.fitToWidth or 1) == 2 and not ws.col_breaks.brk
    first, last = page_layout.print_columns(ws)
    end = page_layout.first_page_last_column(ws, first, last)
    assert end < last
    caption = ws.cell(row=MEDICARE_CAPTION_ROW, column=3)
    assert "SAN FRANCISCO" in str(caption.value)
    assert caption.alignment.wrap_text
    [merged] = [m for m in ws.merged_cells.ranges if m.min_row == MEDICARE_CAPTION_ROW]
    assert range_boundaries(str(merged))[2] == end, (str(merged), end)


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_first_page_prints_the_caption_whole(book: Path, tmp_path: Path) -> None:
    pdf = convert(printing_only(book, layout.COMPARISON, tmp_path / "comparison.xlsx"),
                  tmp_path, "pdf")
    pages = [page for page in read_pages(pdf)
             if foot_sheet(" ".join(page["text"].splitlines()[-1].split())) == layout.COMPARISON]
    text = " ".join(pages[0]["text"].splitlines()[:-1])  # the page less its foot
    assert "CONTRA COSTA CNTY), release RVU26C" in " ".join(text.split()), text[:400]
    # drawn within the page's printable width: cut at its edge, the caption's last characters
    # were still in the PDF, placed past the right margin
    edge = (11.0 - page_layout.SIDE_MARGIN_IN) * 72 + 1.0  # landscape Letter [points]
    past = "".join(c["text"] for c in pages[0]["chars"] if c["x1"] > edge)
    assert not past, past
