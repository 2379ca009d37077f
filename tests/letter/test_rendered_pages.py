"""The letter rendered as a reader sees it: LibreOffice to PDF, pdftoppm to PNG.

At most three pages, every word inside the 1-inch margins, and nothing drawn in the outer
margins (the tables' rules and shading included). Pages and margins are checked in the PDF
(word boxes from ``pdftotext -bbox``) and in the PNGs (pixels of the margin strips).
"""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from ratecalc_letter import write_letter
from ratecalc_letter.preview import pages, to_pdfs, to_pngs, words_outside

from .conftest import TOP_PAYER

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                       reason="needs LibreOffice (soffice) and poppler (pdftoppm)"),
]
DPI = 80


@pytest.fixture(scope="module")
def rendered(analysis, summit_offer, tmp_path_factory):
    """The three letters rendered in one LibreOffice run (each start costs seconds)."""
    folder = tmp_path_factory.mktemp("rendered")
    letters = {kind: write_letter(analysis, payer, folder / f"{kind}.docx", kind=kind,
                                  offer=offer)
               for kind, payer, offer in (("proposal", TOP_PAYER, None),
                                          ("counter", TOP_PAYER, summit_offer),
                                          ("termination", "Meridian Mutual", None))}
    pdfs = to_pdfs(list(letters.values()), folder)
    return {kind: (pdf, to_pngs(pdf, folder, DPI)) for kind, pdf in zip(letters, pdfs,
                                                                        strict=True)}


@pytest.mark.parametrize(("kind", "most"), [("proposal", 3), ("counter", 3),
                                            ("termination", 1)])
def test_page_count(rendered, kind, most):
    pdf, pngs = rendered[kind]
    assert 1 <= len(pages(pdf)) <= most
    assert len(pngs) == len(pages(pdf))


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_every_word_inside_the_margins(rendered, kind):
    pdf, _ = rendered[kind]
    assert words_outside(pdf, left_in=1.0, right_in=1.0) == []


def test_the_rate_table_reaches_but_does_not_cross_the_right_margin(rendered):
    pdf, _ = rendered["proposal"]
    first = pages(pdf)[0]
    medicare = [w for w in first.words if w.text == "Medicare"]   # last column's header
    assert medicare, "the rate table's last header is on page 1"
    right_margin = first.width - 72
    # right-aligned in the last column: within a cell padding (about 4 pt) of the margin
    assert right_margin - 8 <= max(w.x_max for w in medicare) <= right_margin + 0.5


def test_pdf_holds_the_figures(rendered):
    pdf, _ = rendered["proposal"]
    text = " ".join(w.text for p in pages(pdf) for w in p.words)
    for figure in ("$29.00", "$44,174.85", "$294,784.32", "December", "16,"):
        assert figure in text


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_outer_margin_strips_are_blank_in_the_pngs(rendered, kind):
    _, pngs = rendered[kind]
    for png in pngs:
        image = Image.open(png).convert("L")
        width, height = image.size
        # the text block spans 1.0 to 7.5 inches; table cells may pad 0.05 inch beyond it
        for left, right in ((0, int(0.93 * DPI)), (int(7.57 * DPI), width)):
            strip = image.crop((left, 0, right, height))
            assert strip.getextrema()[0] >= 250, (png.name, left, right)
