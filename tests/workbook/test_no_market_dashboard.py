"""The Dashboard of a clinic with no market benchmark on file: every payer's dollars below
market is "not known", and the "Dollars below market a year" chart drew an axis of $0 to $12
with no bar, a chart without data. A sentence stands in its place saying why (as for a
workbook with no payer to chart), the note above it saying what to add. The rate chart's
legend named "Market" bars it never drew."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from ratecalc.demo import demo_data
from ratecalc_workbook import charts, layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import printed_width_in
from ratecalc_workbook.refresh import refresh_workbook
from tests.books import load_book
from tests.workbook.conftest import read_pages
from tests.workbook.libreoffice import SOFFICE, printing_only

NOW = datetime(2026, 12, 6, 9, 0)
NOT_CHARTED = "Dollars below market: not known for any payer, so not charted"


def no_market_dashboard_book(book: Path) -> None:
    """The demo clinic with its benchmarks removed, refreshed, printing its Dashboard only,
    saved as ``book``: printed by LibreOffice with the other modules' small books
    (``small_prints`` in conftest.py)."""
    data = demo_data(NOW.date())
    data = replace(data, benchmarks=data.benchmarks.iloc[0:0])
    full = book.with_name("full.xlsx")
    new_workbook(full, data)
    assert refresh_workbook(full, now=NOW).ok
    printing_only(full, layout.DASHBOARD, book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_dashboard_says_why_it_charts_no_dollars_below_market(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    _, pdf = small_prints["no_market_dashboard"]
    # the footer, "Dashboard Page 2 of 17": the charts' texts come after it in the page's text
    [page] = [page for page in read_pages(pdf)
              if re.search(rf"^{layout.DASHBOARD} Page \d+ of \d+$", page["text"], re.M)]
    text = " ".join(page["text"].split())
    assert NOT_CHARTED in text
    assert "Dollars below market a year" not in text  # the chart's title
    # the rate chart's legend names no market bars: there are none to draw
    assert "Market" not in page["words"]
    assert "Medicare" in page["words"]
    # the other two charts still print
    for title in ("Rate per unit, codes billed most", "Revenue by year, all payers"):
        assert title in text, title


def test_a_dashboard_with_benchmarks_charts_them(demo_book: Path) -> None:
    """The demo has benchmarks: its chart stands at the anchor, no sentence there."""
    ws = load_book(demo_book)[layout.DASHBOARD]
    assert ws[charts.STAKE_ANCHOR].value is None


def _market_column(book: Path) -> tuple[bool, list[Any]]:
    """Whether the Proposal's "Market" column is hidden, and its values."""
    ws = load_book(book)[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    letter = get_column_letter(spec.col("benchmark"))
    assert ws[f"{letter}{spec.header_row}"].value == "Market"
    values = [ws[f"{letter}{row}"].value for row in range(spec.header_row + 1, ws.max_row + 1)]
    return bool(ws.column_dimensions[letter].hidden), values


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_proposal_hides_its_market_column_with_no_market_on_file(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    """With no benchmark the Proposal printed a headed "Market" column, empty on every payer's
    page. Hidden, as the Scenarios' "Contract" while no contract ended: no room taken on paper
    (the print widths count it as none), and shown again by a refresh that finds a market."""
    book, _ = small_prints["no_market_dashboard"]  # only the workbook's print areas differ
    hidden, values = _market_column(book)
    assert not any(values)
    assert hidden
    ws = load_book(book)[layout.PROPOSAL]
    col = layout.PROPOSAL_TABLE.col("benchmark")
    assert printed_width_in(ws, col, col) == 0.0


def test_the_demos_proposal_shows_its_market_column(demo_book: Path) -> None:
    hidden, values = _market_column(demo_book)
    assert any(values)
    assert not hidden
