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


def _assert_printed_beside(pdf: Path, page_word: str, first: str, short: str, last: str,
                           reach: float) -> None:
    """On the first page of ``pdf`` holding ``page_word`` and ``first``, the header ``first
    short last`` prints ``short`` on the line of ``first`` or of ``last`` (words within
    ``reach`` points of ``first``'s right edge, in the three lines from it), not on a line of
    its own."""
    from ratecalc_letter.preview import pages

    [page] = [p for p in pages(pdf) if any(w.text == page_word for w in p.words)
              and any(w.text == first for w in p.words)][:1]
    head = next(w for w in page.words if w.text == first)
    near = [w for w in page.words if abs(w.x_max - head.x_max) < reach
            and 0 <= w.y_min - head.y_min < 3 * (head.y_max - head.y_min)]
    word = next(w for w in near if w.text == short)
    assert any(w.text in (first, last) and abs(w.y_min - word.y_min) < 1 for w in near), near


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftotext)")
def test_visits_a_year_prints_its_a_beside_another_word(
        printed: dict[str, tuple[Path, Path]]) -> None:
    _, pdf = printed["demo"]
    # Exit Impact's page: the one sheet with a "Backfilled" column; "a" on the line of
    # "Visits" or of "year", not on one of its own
    _assert_printed_beside(pdf, "Backfilled", "Visits", "a", "year", reach=40)


def _filled_with_spaces(text: str, room: float) -> list[list[str]]:
    """``text`` broken greedily at spaces in ``room`` characters of bold header text, each word
    taking the space after it but the last (the fill the row heights are counted by,
    :func:`page_layout._lines`)."""
    words = text.split(" ")
    lines: list[list[str]] = [[]]
    used = 0.0
    for i, word in enumerate(words):
        w = text_width(word if i == len(words) - 1 else word + " ", bold=True)
        if lines[-1] and used + w > room + 1e-9:
            lines.append([])
            used = 0.0
        lines[-1].append(word)
        used += w
    return lines


@pytest.mark.parametrize(("header", "width"), [("Gap to market", 8.3),
                                               ("Share of volume", 9.8),
                                               ("Days to renewal", 9.3)])
def test_a_short_word_alone_is_judged_on_the_lines_the_row_is_sized_for(
        header: str, width: float) -> None:
    """One fill of a header's lines: the short-word rule read "to" of "Gap to market" beside
    "Gap" at 8.3 characters (no space counted after "Gap"), where the row height counted it
    on a line of its own (the space counted): three lines, "to" alone, and the column kept."""
    from ratecalc_workbook.page_layout import _lines, _short_word_alone

    lines = _filled_with_spaces(header, width - PADDING)
    assert len(lines) == 3 and len(lines[1]) == 1, lines  # the short word alone
    assert _lines(header, width, 10, True) == len(lines)
    assert _short_word_alone(header, width, 10, True)


@pytest.mark.parametrize("sheet", [layout.PRIORITIES, layout.COMPARISON, layout.PROPOSAL])
def test_a_three_letter_word_is_not_alone(demo_book: Path, sheet: str) -> None:
    """The Priorities, the Comparison and the Proposal printed "Units per year" on three
    lines, "per" alone between "Units" and "year": its column widens (``page_layout.
    SHORT_WORD``), where the page had the room (the Priorities) and where it had not, the
    sheet printed a little smaller (pages-17; the Comparison and the Proposal kept "per" alone
    before)."""
    ws = open_book(demo_book)[sheet]
    [table] = [t for t in ws.tables.values() if t.name in (
        layout.PRIORITIES_TABLE.name, layout.COMPARISON_TABLE.name, layout.PROPOSAL_TABLE.name)]
    left, top, right, _ = range_boundaries(table.ref)
    [col] = [c for c in range(left, right + 1) if ws.cell(top, c).value == "Units per year"]
    lines = _filled_with_spaces("Units per year", column_width(ws, col) - PADDING)
    assert not any(len(line) == 1 and len(line[0]) <= 3 for line in lines), lines


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftotext)")
@pytest.mark.parametrize("page_word", ["Rank", "Underpaid", "Walk-away"])
def test_units_per_year_prints_per_beside_another_word(
        printed: dict[str, tuple[Path, Path]], page_word: str) -> None:
    # the Priorities' page (Rank), the Comparison's (Underpaid), the Proposal's (Walk-away)
    _, pdf = printed["demo"]
    _assert_printed_beside(pdf, page_word, "Units", "per", "year", reach=60)
