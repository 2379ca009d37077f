"""Units a year show their fraction on every sheet, as the letters and the CSV tables write
them: a volume of 132.5 units read "133" on the Volumes sheet where it was typed and on every
result sheet that repeats it (Comparison, Priorities, Proposal, Totals), while the letter said
132.5 and the rates x units beside it were figured on 132.5. Checked as LibreOffice shows the
cells after recalculating (the Priorities' and Totals' units are formulas)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from ratecalc_letter.formats import units
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, read_pages, tiny_clinic
from .libreoffice import SOFFICE, convert

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

#: Alpha Health 97110, 97140; Beta Plan 97110, 97140 (tiny_clinic's order). 60.125 is exact in
#: binary: it tells half-up (60.13) from the binary value rounded to even.
VOLUMES = (132.5, 1234.25, 60.125, 40.0)
SHEETS = (layout.VOLUMES, layout.COMPARISON, layout.PRIORITIES, layout.PROPOSAL, layout.TOTALS)


def _printed(book: Path, tmp_path: Path) -> dict[str, Counter[str]]:
    """The words LibreOffice prints on each of ``SHEETS`` (a sheet's pages name it in their
    foot, or start with its title). Printed, not exported as shown: LibreOffice's CSV "as
    shown" leaves out the number format a conditional format gives, which its print and
    Excel's screen apply."""
    pdf = convert(book, tmp_path / "pdf", "pdf", tmp_path)
    words: dict[str, Counter[str]] = {}
    sheet = None
    for page in read_pages(pdf):
        lines = [" ".join(line.split()) for line in page["text"].splitlines() if line.strip()]
        first = lines[0] if lines else ""
        # named by its foot ("Comparison Page 19 of 46"), else by its title row
        titled = [s for s in layout.SHEET_DESCRIPTIONS for line in lines[-3:]
                  if re.fullmatch(re.escape(s) + r" Page \d+ of \d+", line)] or [
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


def test_units_a_year_show_their_fraction_on_every_sheet(tmp_path: Path) -> None:
    data = tiny_clinic()
    data = dataclasses.replace(data, volumes=data.volumes.assign(units_per_year=VOLUMES))
    book = tmp_path / "given" / "units.xlsx"
    book.parent.mkdir()
    new_workbook(book, data)
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    printed = _printed(book, tmp_path)

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


def test_whole_units_show_whole(tmp_path: Path) -> None:
    """The rule that shows a fraction leaves whole counts as they were: no "40." or "40.0"."""
    book = tmp_path / "given" / "whole.xlsx"
    book.parent.mkdir()
    new_workbook(book, tiny_clinic())
    assert refresh_workbook(book, now=NOW).ok
    printed = _printed(book, tmp_path)
    # Alpha Health 100 + 50, Beta Plan 60 + 40; 97110 160, 97140 90
    for sheet, texts in {layout.VOLUMES: ["100", "50", "60", "40"],
                         layout.PRIORITIES: ["150", "100"],
                         layout.TOTALS: ["150", "100", "160", "90"]}.items():
        assert [t for t in texts if printed[sheet][t] == 0] == [], sheet
        assert [w for w in printed[sheet] if w.endswith(".") and w[:-1].isdigit()
                or w.endswith(".0")] == [], sheet
