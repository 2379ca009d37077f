"""Units a year show their fraction on every sheet, as the letters and the CSV tables write
them: a volume of 132.5 units read "133" on the Volumes sheet where it was typed and on every
result sheet that repeats it (Comparison, Priorities, Proposal, Totals), while the letter said
132.5 and the rates x units beside it were figured on 132.5. Checked as LibreOffice shows the
cells after recalculating (the Priorities' and Totals' units are formulas)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from ratecalc_letter.formats import units
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, foot_sheet, read_pages, tiny_clinic
from .libreoffice import SOFFICE, convert_all, printing_only

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

#: Alpha Health 97110, 97140; Beta Plan 97110, 97140 (tiny_clinic's order). 60.125 is exact in
#: binary: it tells half-up (60.13) from the binary value rounded to even.
VOLUMES = (132.5, 1234.25, 60.125, 40.0)
SHEETS = (layout.VOLUMES, layout.COMPARISON, layout.PRIORITIES, layout.PROPOSAL, layout.TOTALS)


def _printed(pdf: Path) -> dict[str, Counter[str]]:
    """The words LibreOffice prints on each of ``SHEETS`` (a sheet's pages name it in their
    foot, or start with its title). Printed, not exported as shown: LibreOffice's CSV "as
    shown" leaves out the number format a conditional format gives, which its print and
    Excel's screen apply."""
    words: dict[str, Counter[str]] = {}
    sheet = None
    for page in read_pages(pdf):
        lines = [" ".join(line.split()) for line in page["text"].splitlines() if line.strip()]
        first = lines[0] if lines else ""
        # named by its foot ("Comparison Page 19 of 46"), else by its title row
        titled = [s for s in layout.SHEET_DESCRIPTIONS for line in lines[-3:]
                  if foot_sheet(line) == s] or [
            s for s in layout.SHEET_DESCRIPTIONS if first.split(" Page ")[0] == s]
        if titled:
            sheet = titled[0]
        elif not first.startswith(("Codes by volume", "All payers", "Year by year",
                                   "Chart data", "Clinic metrics", "Retained")):
            sheet = None
        if sheet in SHEETS:
            words.setdefault(sheet, Counter()).update(page["words"])
    assert set(words) == set(SHEETS)
    return words


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    """Both tests' workbooks, built and refreshed, printed in one LibreOffice run (a start
    costs about a CPU-second; each file is still loaded, recalculated and printed on its own):
    the tiny clinic with ``VOLUMES`` ("units") and as it is ("whole"); each PDF with the
    errors its refresh gave, for its test to check. The tests only read the PDFs.

    Printed are :data:`SHEETS`, the pages the tests read, and each other sheet's cell A1
    alone (:func:`printing_only`): the words of those pages are the same as in the whole
    print but for the footers' page numbers, and LibreOffice's print takes half the CPU."""
    folder = tmp_path_factory.mktemp("units")
    (folder / "given").mkdir()
    data = tiny_clinic()
    books = {"units": dataclasses.replace(
                 data, volumes=data.volumes.assign(units_per_year=VOLUMES)),
             "whole": tiny_clinic()}
    errors = {}
    for name, clinic in books.items():
        book = folder / "given" / f"{name}.xlsx"
        new_workbook(book, clinic)
        errors[name] = [p.message for p in refresh_workbook(book, now=NOW).errors]
    (folder / "shown").mkdir()
    done = convert_all([printing_only(folder / "given" / f"{name}.xlsx", SHEETS,
                                      folder / "shown" / f"{name}.xlsx") for name in books],
                       folder / "pdf", "pdf")
    return {name: (pdf, errors[name]) for name, pdf in zip(books, done, strict=True)}


def test_units_a_year_show_their_fraction_on_every_sheet(
        pdfs: dict[str, tuple[Path, list[str]]]) -> None:
    pdf, errors = pdfs["units"]
    assert errors == []
    printed = _printed(pdf)

    # by hand: half-up to hundredths, whole where whole, thousands grouped
    each = ["132.5", "1,234.25", "60.13"]
    assert [units(v) for v in VOLUMES] == [*each, "40"]
    # per payer: 132.5 + 1,234.25 and 60.125 + 40; per code: 132.5 + 60.125, 1,234.25 + 40
    payers, codes = ["1,366.75", "100.13"], ["192.63", "1,274.25"]
    expected = {layout.VOLUMES: each, layout.COMPARISON: each, layout.PROPOSAL: each,
                layout.PRIORITIES: payers, layout.TOTALS: payers + codes}
    for sheet, texts in expected.items():
        assert [t for t in texts if printed[sheet][t] == 0] == [], sheet
        # nor the whole numbers "#,##0" made of them
        assert [t for t in ("133", "1,234", "1,367", "1,274", "193")
                if printed[sheet][t]] == [], sheet


def test_whole_units_show_whole(pdfs: dict[str, tuple[Path, list[str]]]) -> None:
    """The rule that shows a fraction leaves whole counts as they were: no "40." or "40.0"."""
    pdf, errors = pdfs["whole"]
    assert errors == []
    printed = _printed(pdf)
    # Alpha Health 100 + 50, Beta Plan 60 + 40; 97110 160, 97140 90
    for sheet, texts in {layout.VOLUMES: ["100", "50", "60", "40"],
                         layout.PRIORITIES: ["150", "100"],
                         layout.TOTALS: ["150", "100", "160", "90"]}.items():
        assert [t for t in texts if printed[sheet][t] == 0] == [], sheet
        assert [w for w in printed[sheet] if w.endswith(".") and w[:-1].isdigit()
                or w.endswith(".0")] == [], sheet
