"""The Medicare label in a printed page's foot (``result_sheets.medicare_in_page_footer``)
keeps the foot within the 255 characters Excel allows a page header or footer, its codes
included: past them Excel reports the file as needing repair. A proposal priced on each
payer's new-term day names a day per payer: the demo told in January with San Francisco's
82-character locality name wrote a Proposal foot of 266 characters and a Scenarios foot of
267."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from ratecalc.demo import demo_data
from ratecalc.medicare.localities import localities
from ratecalc.medicare_label import medicare_label
from ratecalc_workbook import page_layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.result_sheets import medicare_in_page_footer

#: Excel's limit for one page header or footer [characters, codes included].
EXCEL_FOOTER_CHARS = 255
#: A January analysis: the demo's payers' new terms begin on four days of 2026.
JANUARY = date(2026, 1, 10)
SAN_FRANCISCO = "01112-05"


def _saved_footers(book: Path) -> dict[str, str]:
    """Each sheet's odd-page footer as saved, its XML entities read back."""
    footers = {}
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                xml = z.read(name).decode("utf-8")
                found = re.search(r"<oddFooter>(.*?)</oddFooter>", xml, re.S)
                if found:
                    footers[name] = (found.group(1).replace("&quot;", '"').replace("&lt;", "<")
                                     .replace("&gt;", ">").replace("&amp;", "&"))
    return footers


def test_the_proposal_foot_of_a_january_analysis_in_san_francisco_fits(tmp_path: Path) -> None:
    data = demo_data(JANUARY)
    data = replace(data, settings=replace(data.settings, locality=SAN_FRANCISCO))
    book = tmp_path / "book.xlsx"
    new_workbook(book, data)
    result = refresh_workbook(book, now=datetime(2026, 1, 10, 10))
    assert result.ok, result.problems
    footers = _saved_footers(book)
    labelled = [f for f in footers.values() if "Medicare locality" in f]
    assert len(labelled) == 3  # Comparison, Proposal, Scenarios
    for footer in footers.values():
        assert len(footer) <= EXCEL_FOOTER_CHARS, (len(footer), footer)
    wb = openpyxl.load_workbook(book)
    name = "01112-05 SAN FRANCISCO-OAKLAND-BERKELEY (SAN FRANCISCO/SAN MATEO/ALAMEDA/CONTRA " \
           "COSTA CNTY)"
    # the caption keeps every day; the foot their span, still true of each
    assert wb["Proposal"]["E3"].value.count("RVU26C, 2026-") == 4
    for sheet in ("Proposal", "Scenarios"):
        assert wb[sheet].oddFooter.center.text == (
            f"Medicare locality {name}, release RVU26C, days 2026-01-01 to 2026-08-01"), sheet
    assert wb["Comparison"].oddFooter.center.text == wb["Comparison"]["C3"].value


@pytest.mark.parametrize("title", ["Comparison", "Proposal", "Scenarios"])
def test_every_localitys_foot_fits_with_a_day_per_payer(title: str) -> None:
    """Each bundled locality, its name as long as it is, with a proposal priced on twelve
    days over two releases: every foot within Excel's 255 characters, and the label whole
    where it fits."""
    days = [("rvu26c", date(2026, month, 1)) for month in range(1, 12)] + [
        ("rvu27a", date(2027, 1, 1))]
    longest = 0
    for locality in localities():
        ws = Workbook().active
        ws.title = title
        page_layout.title_in_page_footer(ws)
        label = medicare_label(locality.locality, days)
        medicare_in_page_footer(ws, label)
        footer = str(ws.oddFooter)
        longest = max(longest, len(footer))
        assert len(footer) <= EXCEL_FOOTER_CHARS, (locality, len(footer))
        assert locality.locality_name in ws.oddFooter.center.text
        assert ws.oddFooter.center.text.endswith(
            "releases RVU26C to RVU27A, days 2026-01-01 to 2027-01-01")
        one = Workbook().active
        one.title = title
        page_layout.title_in_page_footer(one)
        medicare_in_page_footer(one, medicare_label(locality.locality, days[:1]))
        assert one.oddFooter.center.text == str(medicare_label(locality.locality, days[:1]))
    assert longest > 200  # San Francisco's


@pytest.mark.parametrize("title", ["Comparison", "Proposal"])
def test_an_ampersand_in_the_label_is_written_twice_and_the_foot_still_fits(title: str) -> None:
    """In a page header or footer '&' starts a code and '&&' prints one '&' (Excel's header
    and footer codes). No bundled locality's name holds one, so the tests above never reached
    the doubling, nor the shortening that makes room for it: a name of many '&'s, whole, cut to
    the room left and then doubled, took the foot past 255 characters."""
    from ratecalc.medicare_label import MedicareLabel

    def foot(label: MedicareLabel) -> tuple[str, str]:
        ws = Workbook().active
        ws.title = title
        page_layout.title_in_page_footer(ws)
        medicare_in_page_footer(ws, label)
        return str(ws.oddFooter), ws.oddFooter.center.text

    footer, text = foot(MedicareLabel("99999-99 A & B", "RVU26C, 2026-10-01"))
    assert text == "Medicare locality 99999-99 A && B, release RVU26C, 2026-10-01"
    footer, text = foot(MedicareLabel("99999-99 " + "A&B " * 60, "RVU26C, 2026-10-01"))
    assert len(footer) <= EXCEL_FOOTER_CHARS, (len(footer), footer)
    assert text.startswith("Medicare locality 99999-99 A&&B A&&B ")
    assert text.endswith("\u2026")
    assert "&" not in text.replace("&&", "")  # every '&' of the label doubled: none a code
