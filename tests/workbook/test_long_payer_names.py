"""A payer's long name on paper: the demo workbook with its top payer renamed on every input
sheet (Payers & Contracts, Fee Schedules, Volumes; the Benchmarks name no payer), refreshed and
rendered by LibreOffice, its pages read back with pdfplumber.

Two names: 145 characters of words, and one holding an unbroken 120-character token. Checked:
the Dashboard prints one page wide at full size, its charts whole on its first page (neither
cut at the page's end nor drawn over each other), its figures left out of the print; every sheet
that names payers keeps the name's column bounded, its row tall enough for the name wrapped
there, and every word of the name prints (a token wider than its column broken inside, every
character on the page, in order).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ratecalc.demo import demo_data
from ratecalc_workbook import charts, layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import MAX_WIDTH, NAME_WIDTH, column_width
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book, overlapping_chars, read_pages
from tests.workbook.libreoffice import SOFFICE, convert_all, printing_only

pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

RENAMED = "Summit BlueCare PPO"  # the demo's top payer: "Negotiate first with" names it
NAMES = {
    "words": ("Blue Cross and Blue Shield of Alabama Federal Employee Program Preferred "
              "Provider Organization Network of Jefferson County Public School Retirees"),
    # a name pasted without its spaces: one token of 120 characters
    "token": "Blue Cross " + ("BlueCrossAndBlueShieldOfAlabamaFederalEmployeeProgramPreferred"
                              "ProviderOrganizationNetworkOfJeffersonCountyPublicSchoolRetirees")[:120]
             + " PPO",
}
#: The result sheets that name payers, in a column sized from what it holds.
NAMING_SHEETS = (layout.DASHBOARD, layout.PRIORITIES, layout.COMPARISON, layout.PROPOSAL,
                 layout.TIMELINE, layout.EXIT_IMPACT)
SMALLEST_PT = 8.0
LIBERATION = Path("/usr/share/fonts/truetype/liberation")


def _renamed(name: str) -> Any:
    data = demo_data()
    frames = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    assert "payer" not in frames["benchmarks"].columns
    changed = {key: frame.assign(payer=frame["payer"].replace(RENAMED, name))
               for key, frame in frames.items()
               if isinstance(frame, pd.DataFrame) and "payer" in frame.columns}
    assert {"payers", "contracts", "fee_schedules", "volumes"} <= set(changed)
    return dataclasses.replace(data, **changed)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[dict]]]:
    """kind -> (the refreshed workbook, its pages as ``read_pages`` reads them).

    Printed are the pages the tests read, the sheets naming payers (:data:`NAMING_SHEETS`,
    the Dashboard among them) as laid out, and each other sheet's cell A1 on a page of its own
    under its header (:func:`printing_only`), which marks where each sheet's pages end. Whole,
    the name of words is 54 pages, and the 4 of Payers & Contracts (fit to 4 pages across,
    the name wrapped in its column) cost LibreOffice some 8 CPU-s of the 15 of that print."""
    folder = tmp_path_factory.mktemp("long-names")
    books = []
    for kind, name in NAMES.items():
        book = folder / f"{kind}.xlsx"
        new_workbook(book, _renamed(name))
        result = refresh_workbook(book, now=NOW)
        assert result.ok, [p.message for p in result.errors]
        books.append(book)
    shown = folder / "shown"
    shown.mkdir()
    pdfs = convert_all([printing_only(book, NAMING_SHEETS, shown / book.name) for book in books],
                       folder / "pdf", "pdf")
    return {kind: (book, read_pages(pdf)) for kind, book, pdf in zip(NAMES, books, pdfs,
                                                                      strict=True)}


@pytest.fixture(scope="module", params=list(NAMES))
def kind(request: pytest.FixtureRequest) -> Iterator[str]:
    yield request.param


def _dashboard_pages(pages: list[dict]) -> tuple[int, int]:
    """Index of the Dashboard's first page, and of the page after its last."""
    first = next(i for i, p in enumerate(pages) if p["words"][:1] == ["Dashboard"])
    after = next(i for i, p in enumerate(pages) if i > first and p["words"][:1] == ["Clinic"])
    return first, after


def test_the_dashboard_prints_one_page_one_wide(
        printed: dict[str, tuple[Path, list[dict]]], kind: str) -> None:
    """The headline figures and the charts on one page, the charts' figures left out of the
    print (on a second page they were bare numbers); one page wide, its columns as laid out
    (an unbroken name widened column E to 235 characters: two pages across, printed tiny)."""
    book, pages = printed[kind]
    ws = open_book(book)[layout.DASHBOARD]
    assert ws.page_setup.fitToWidth == 1
    for letter, width in charts.COLUMN_WIDTHS.items():
        assert ws.column_dimensions[letter].width <= max(width, MAX_WIDTH), letter
    first, after = _dashboard_pages(pages)
    assert after - first == 1, [" ".join(pages[i]["words"][:6]) for i in range(first, after)]
    assert "data:" not in pages[first]["words"]
    sizes = [c["size"] for p in pages[first:after] for c in p["chars"] if c["text"].strip()]
    assert min(sizes) >= SMALLEST_PT - 0.05


def test_the_charts_print_whole_on_the_dashboards_first_page(
        printed: dict[str, tuple[Path, list[dict]]], kind: str) -> None:
    """Each chart's title, axis and legend on the first page (a 9-line name pushed the lower
    charts' axes and legend onto the next), and no two characters drawn over each other there
    (a legend entry wider than the chart had the legend's entries drawn on one spot)."""
    _, pages = printed[kind]
    first, _ = _dashboard_pages(pages)
    words = pages[first]["words"]
    text = " ".join(words)
    for shown in ("Rate per unit, codes billed most", "Dollars below market a year",
                  "Revenue by year, all payers", "Contract year", "Fixed-dollar revenue",
                  "% of Medicare revenue", "Keystone Health Plan", "Negotiate first with",
                  "Walk-away floor"):
        assert shown in text, shown
    assert "$20,000" in words  # the dollar axis under the lower left chart (its last tick
    # depends on how wide the bars' labels leave the plot)
    overlaps = overlapping_chars(pages[first])
    assert not overlaps, overlaps[:10]


def _lines(text: str, room_px: float, bold: bool, size: float) -> int:
    """Lines ``text`` takes wrapped in ``room_px`` pixels, measured with the font file: at
    spaces, and inside a word wider than the line (as the spreadsheets break it)."""
    from PIL import ImageFont

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    font = ImageFont.truetype(str(LIBERATION / name), size=size * 96 / 72)
    lines, line = 1, 0.0
    for word in text.split(" "):
        width = font.getlength(word)
        if line and line + width > room_px:
            lines, line = lines + 1, 0.0
        while width > room_px:  # a line of the word's characters that fit
            lines += 1
            width -= room_px
        line += width + font.getlength(" ")
    return lines


@pytest.mark.skipif(not (LIBERATION / "LiberationSans-Regular.ttf").exists(),
                    reason="Liberation fonts are not installed")
def test_the_name_wraps_in_a_bounded_column_its_row_tall_enough(
        printed: dict[str, tuple[Path, list[dict]]], kind: str) -> None:
    """Every cell holding the name wraps in a column at most :data:`NAME_WIDTH` wide (or
    merged cells), its row tall enough for every line, measured with the font file (a row
    grown for one line of a 120-character token printed a piece of it, cut off)."""
    book, _ = printed[kind]
    wb = open_book(book)
    found = []
    for title in NAMING_SHEETS:
        ws = wb[title]
        spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value != NAMES[kind]:
                    continue
                found.append(title)
                span = spans.get((cell.row, cell.column))
                columns = (range(span.min_col, span.max_col + 1) if span is not None
                           else [cell.column])
                assert all(column_width(ws, c) <= NAME_WIDTH for c in columns), (
                    title, cell.coordinate, [column_width(ws, c) for c in columns])
                assert cell.alignment.wrap_text, (title, cell.coordinate)
                room = (sum(math.floor(column_width(ws, c) * 7 + 5) for c in columns)
                        - (cell.alignment.indent or 0) * 9 - 4)
                size = float(cell.font.sz or 10)
                lines = _lines(cell.value, room, bool(cell.font.b), size)
                height = ws.row_dimensions[cell.row].height or 15
                # a line of Liberation Sans is 1.15 of its size
                assert height >= lines * size * 1.15, (title, cell.coordinate, lines, height)
    assert set(found) == set(NAMING_SHEETS), found


def _pages_of(pages: list[dict], title: str) -> list[dict]:
    """The pages of the sheet titled ``title`` (its first page opens with its title, in the
    sheet or in the page header; the pages after it run to the next sheet's)."""
    order = sorted(layout.SHEET_ORDER, key=len, reverse=True)  # "Proposal" after "Proposal..."
    starts: dict[str, int] = {}
    for i, page in enumerate(pages):
        head = " ".join(page["words"][:3])
        for name in order:
            if name not in starts and head.startswith(name):
                starts[name] = i
                break
    first = starts[title]
    later = sorted(i for i in starts.values() if i > first)
    return pages[first:later[0] if later else len(pages)]


def test_every_word_of_the_name_prints(printed: dict[str, tuple[Path, list[dict]]],
                                       kind: str) -> None:
    """On each sheet naming payers, each word of the name is printed; a word wider than its
    column is broken inside, as the spreadsheet wraps it, and printed whole over consecutive
    lines (its row tall enough for all of them)."""
    _, pages = printed[kind]
    for title in NAMING_SHEETS:
        sheet = _pages_of(pages, title)
        words = [w for page in sheet for w in page["words"]]
        for word in NAMES[kind].split():
            # the pieces of a broken word, in reading order
            pieces = "".join(w for w in words if len(w) > 1 and w in word)
            assert word in words or word in pieces, (title, word[:20])


def test_no_sheet_prints_more_pages_across_than_the_demos(
        printed: dict[str, tuple[Path, list[dict]]], kind: str, demo_book: Path) -> None:
    """A long name wraps in its bounded column: each result sheet prints as many pages across
    as with the demo's own names (Exit Impact went two pages across, its payer column as wide
    as :data:`~ratecalc_workbook.page_layout.MAX_WIDTH`)."""
    book, _ = printed[kind]
    named, demo = open_book(book), open_book(demo_book)
    across = {title: (named[title].page_setup.fitToWidth, demo[title].page_setup.fitToWidth)
              for title in (*NAMING_SHEETS, layout.TOTALS, layout.SCENARIOS)}
    assert all(ours == theirs for ours, theirs in across.values()), across


def test_every_bar_of_the_dollars_chart_is_labelled(
        printed: dict[str, tuple[Path, list[dict]]], kind: str) -> None:
    """A name too long for one line of the "Dollars below market" chart: each bar is labelled
    by its rank on the Priorities sheet and its name cut to a line (40 payers of 100-character
    names had every other bar labelled, the wrapped names not fitting the chart's height)."""
    book, pages = printed[kind]
    ws = open_book(book)[layout.DASHBOARD]
    payers = len(demo_data().payers)
    labels = [ws.cell(row=charts.DATA_HEADER_ROW + rank, column=column).value
              for column in range(1, ws.max_column + 1)
              if ws.cell(row=charts.DATA_HEADER_ROW, column=column).value
              == "Dollars below market: label"
              for rank in range(1, payers + 1)]
    assert len(labels) == payers
    assert labels[0].startswith("1. Blue Cross") and labels[0].endswith("…")
    assert all(label.startswith(f"{rank}. ") for rank, label in enumerate(labels, start=1))
    first, _ = _dashboard_pages(pages)
    text = " ".join(pages[first]["words"])
    assert all(label in text for label in labels), (labels, text)
