"""A table's header wraps to at most :data:`~ratecalc_workbook.page_layout.HEADER_LINES`
lines: its column is widened until it does. The Comparison's "Underpaid vs contract a year
(negative: paid above)" took seven lines over a column as narrow as its figures, its header
row as tall as seven rows of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import HEADER_LINES, LINE_PT, ROW_MARGIN_PT

from .conftest import open_book


def test_every_header_row_is_at_most_four_lines_tall(demo_book: Path) -> None:
    wb = open_book(demo_book)
    tall = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            row = int("".join(ch for ch in table.ref.split(":")[0] if ch.isdigit()))
            height = ws.row_dimensions[row].height or 0
            if height > HEADER_LINES * LINE_PT + ROW_MARGIN_PT + 0.05:
                tall[ws.title, table.name] = height
    assert tall == {}


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftotext)")
def test_the_comparisons_long_header_prints_on_four_lines(
        printed: dict[str, tuple[Path, Path]]) -> None:
    from ratecalc_letter.preview import pages

    _, pdf = printed["demo"]
    [page] = [p for p in pages(pdf) if any(w.text == layout.COMPARISON for w in p.words)
              and any(w.text == "Underpaid" for w in p.words)][:1]
    first = next(w for w in page.words if w.text == "Underpaid")
    last = next(w for w in page.words if w.text == "above)")
    line = first.y_max - first.y_min
    assert round((last.y_min - first.y_min) / line) + 1 <= HEADER_LINES
