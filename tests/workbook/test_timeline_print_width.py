"""The Timeline printed two pages across gives its warnings the room its second page has.

A workbook of 40 payers (the benchmark's, with its 22 payable codes) is refreshed and its
Timeline printed by LibreOffice; the Timeline's second page across is read back. The
columns were guessed wider than LibreOffice draws them, "Dollars below market" guessed onto
the second page where LibreOffice prints it on the first, and the warnings' column was left
1.4 inch short of that page's right edge, each warning on three or four lines.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from benchmarks.bench_workbook import synthetic_clinic
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import PRINTABLE_IN, SIDE_MARGIN_IN
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.libreoffice import SOFFICE, convert_all, printing_only

pdfplumber = pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

#: Room a page may leave empty on its right [points]: less than a column of figures.
EMPTY_PT = 0.4 * 72


@pytest.fixture(scope="module")
def timeline_pages(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """Per printed page of the Timeline: the right edge of its header's fills [points] and
    whether it prints the warnings."""
    folder = tmp_path_factory.mktemp("timeline_print")
    book = folder / "many_payers.xlsx"
    new_workbook(book, synthetic_clinic(n_codes=100))
    assert refresh_workbook(book, now=datetime(2025, 12, 1, 9, 0)).ok
    printed = printing_only(book, layout.TIMELINE, folder / "timeline_printed.xlsx")
    [pdf] = convert_all([printed], folder / "pdf", "pdf")
    return _timeline_pages(pdf)


def _timeline_pages(pdf: Path) -> list[dict]:
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            text = page.extract_text() or ""
            if not text.splitlines()[-1].startswith("Timeline"):
                continue
            edge = max(r["x1"] for r in page.rects if r["top"] < 120)  # the header's fills
            pages.append({"edge": edge, "has_warnings": "Timing warning" in text})
    return pages


def test_the_warnings_page_is_filled_to_its_right_edge(timeline_pages: list[dict]) -> None:
    with_warnings = [p for p in timeline_pages if p["has_warnings"]]
    assert with_warnings, "no Timeline page printed the warnings"
    right = (SIDE_MARGIN_IN + PRINTABLE_IN["landscape"]) * 72
    for page in with_warnings:
        assert right - page["edge"] <= EMPTY_PT, (
            f"the Timeline's warnings page leaves {(right - page['edge']) / 72:.2f} inch empty "
            "on its right while its warnings wrap")
