"""A clinic or signer named in a right-to-left script, with digits, reads in its own order in
the letter as LibreOffice renders it (to PDF, its words' boxes read back with pdftotext).

Checked by hand on the PNG (pdftoppm) of this letter: "מרפאת 3 ערים" shows its first word
rightmost, then 3, then ערים, in the letterhead, the page header, the opening sentence and
the signature; "عيادة 24" shows عيادة right of 24. The Unicode bidi algorithm orders them
without any run marked right-to-left (``w:rtl``). Word's rendering is not checked here.
"""

from __future__ import annotations

import csv
import shutil
import unicodedata
from importlib import resources

import pytest

from ratecalc.analysis import analyze
from ratecalc.loaders import load_folder, require
from ratecalc_letter import write_letter
from ratecalc_letter.preview import pages, to_pdf

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="needs LibreOffice (soffice) and poppler (pdftotext)"),
]
CLINIC = "מרפאת 3 ערים"  # "clinic of 3 cities": מרפאת is read first, rightmost
SIGNER = "عيادة 24"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rtl")
    clinic = folder / "clinic"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, clinic)
    with (clinic / "clinic.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    named = {"name": CLINIC, "signer_name": SIGNER}
    rows = [[r[0], named.get(r[0], r[1])] for r in rows]
    with (clinic / "clinic.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    letter = write_letter(analyze(require(load_folder(clinic))), "Summit BlueCare PPO",
                          folder / "rtl.docx")
    return pages(to_pdf(letter, folder))


def _logical(text: str) -> str:
    """A word as typed: pdftotext gives a right-to-left word's letters in the order drawn,
    left to right (ערים as "םירע")."""
    rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    return text[::-1] if rtl else text


def _lines(rendered, first: str):
    """Each line (page, y) holding the word ``first``: its words as drawn, left to right."""
    found = []
    for page in rendered:
        for w in page.words:
            if _logical(w.text) == first:
                same = [o for o in page.words if abs(o.y_min - w.y_min) < 2]
                found.append([_logical(o.text) for o in sorted(same, key=lambda o: o.x_min)])
    return found


def test_a_hebrew_name_with_a_digit_reads_right_to_left(rendered):
    lines = _lines(rendered, "מרפאת")
    # letterhead, subject's Provider line, opening sentence, page headers, signature block
    assert len(lines) >= 5
    for words in lines:
        i = words.index("ערים")
        assert words[i:i + 3] == ["ערים", "3", "מרפאת"], words


def test_an_arabic_name_ending_in_digits_reads_right_to_left(rendered):
    [words] = _lines(rendered, "عيادة")  # the signature
    assert words == ["24", "عيادة"]
