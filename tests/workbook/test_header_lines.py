"""A table's header wraps to at most :data:`~ratecalc_workbook.page_layout.HEADER_LINES`
lines: its column is widened until it does. The Comparison's "Underpaid vs contract a year
(negative: paid above)" took seven lines over a column as narrow as its figures, its header
row as tall as seven rows of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl.utils import range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import (
    HEADER_LINES,
    LINE_PT,
    PADDING,
    ROW_MARGIN_PT,
    column_width,
    text_width,
)

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


def _estimated_lines(text: str, room: float) -> list[list[str]]:
    """``text`` broken greedily at spaces in ``room`` characters of bold header text (Arial's
    published advance widths, :func:`page_layout.text_width`): Excel's and LibreOffice's rule
    for words that fit."""
    lines: list[list[str]] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        for word in paragraph.split():
            if line and text_width(" ".join([*line, word]), bold=True) > room:
                lines.append(line)
                line = []
            line.append(word)
        lines.append(line)
    return lines


def test_no_header_leaves_a_word_of_one_or_two_letters_alone_on_a_line(demo_book: Path) -> None:
    # Exit Impact's "Visits a year" printed "Visits", "a", "year" on three lines
    wb = open_book(demo_book)
    alone = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            left, top, right, _ = range_boundaries(table.ref)
            for col in range(left, right + 1):
                header = ws.cell(top, col).value
                room = column_width(ws, col) - PADDING
                lines = _estimated_lines(str(header), room)
                # a sign or a number may stand alone, as a unit line ("Increase" over "%")
                if len(lines) > 1 and any(len(line) == 1 and len(line[0]) <= 2
                                          and any(ch.isalpha() for ch in line[0])
                                          for line in lines):
                    alone[ws.title, header] = lines
    assert alone == {}


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftotext)")
def test_visits_a_year_prints_its_a_beside_another_word(
        printed: dict[str, tuple[Path, Path]]) -> None:
    from ratecalc_letter.preview import pages

    _, pdf = printed["demo"]
    # Exit Impact's page: the one sheet with a "Backfilled" column
    [page] = [p for p in pages(pdf) if any(w.text == "Backfilled" for w in p.words)][:1]
    visits = next(w for w in page.words if w.text == "Visits")
    near = [w for w in page.words if abs(w.x_max - visits.x_max) < 40
            and 0 <= w.y_min - visits.y_min < 3 * (visits.y_max - visits.y_min)]
    a = next(w for w in near if w.text == "a")
    # on the line of "Visits" or of "year", not on one of its own
    assert any(w.text in ("Visits", "year") and abs(w.y_min - a.y_min) < 1 for w in near), near
