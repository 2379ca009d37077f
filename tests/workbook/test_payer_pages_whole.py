"""A payer's Proposal rows end on no page of a row or two; the Scenarios' year-by-year table
ends its pages between payers.

The Proposal prints a page per payer (a row break before each). The demo told as of
2026-12-06 with two more payers and every payer's name 49-63 characters (8 payers, 15 codes
each) wraps the names to two or three lines: Keystone's 15 rows and Summit's were each a row
longer than a page at 82 %, and LibreOffice printed that last row alone on a page (and its
"Why" alone on the page across). No scale down to the 80 % floor holds them, so each such
payer's rows are shared by its two pages, 8 and 7 (page_layout.groups_whole_down).

The same book's Scenarios printed its year-by-year table on three pages that ended inside a
payer's five years (Cardinal's years 1-3 on one page, 4-5 on the next): each page now ends
before a payer's first year (page_layout.groups_whole_in_area).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.pagebreak import Break

from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import (
    HEADER_TITLE_PT,
    MIN_PRINT_PERCENT,
    SHORT_PAGE,
    groups_whole_down,
    groups_whole_in_area,
    page_room_pt,
    pages_down,
    title_in_page_header,
)
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import read_pages
from tests.workbook.libreoffice import SOFFICE

DAY = date(2026, 12, 6)
LONG_NAMES = {
    "Summit BlueCare PPO": "Summit BlueCare Preferred Provider Organization of the Southeast",
    "Keystone Health Plan": "Keystone Health Plan Commercial Employer Group Network",
    "Meridian Mutual": "Meridian Mutual Insurance Company of North America",
    "Cardinal Employers Trust": "Cardinal Employers Trust Self-Funded Benefit Plan",
    "Lakeside Health Partners": "Lakeside Health Partners Exclusive Provider Network",
    "Pioneer Medicare Advantage": "Pioneer Medicare Advantage Preferred Provider Organization",
}
#: Two payers more, each with the rows (contract, fees, volumes) of a demo payer.
ADDED = {"Summit BlueCare PPO": "Blue Horizon Federal Employee Program Standard Option Plan",
         "Keystone Health Plan": "Riverbend Community Health Cooperative Point of Service"}
CODE = re.compile(r"^(\d{5}|G\d{4})$")


def eight_payers() -> object:
    """The demo as of :data:`DAY` with :data:`ADDED` and every name long."""
    data = demo_data(DAY)
    changed = {}
    for field in dataclasses.fields(data):
        frame = getattr(data, field.name)
        if not (isinstance(frame, pd.DataFrame) and "payer" in frame.columns):
            continue
        copies = [frame[frame["payer"] == source].assign(payer=added)
                  for source, added in ADDED.items()]
        if field.name == "contracts":
            copies = [c.assign(contract_id=c["contract_id"].astype(str) + "-B") for c in copies]
        frame = pd.concat([frame, *copies], ignore_index=True)
        changed[field.name] = frame.assign(payer=frame["payer"].replace(LONG_NAMES))
    return dataclasses.replace(data, **changed)


def eight_payers_book(book: Path) -> None:
    """The 8-payer workbook, refreshed, saved as ``book`` with its Proposal and Scenarios
    alone (the other sheets removed: LibreOffice prints hidden sheets too), for LibreOffice to
    print with the other modules' small books (``small_prints`` in conftest.py). Their page
    breaks, scales and row heights are the refresh's; a formula naming another sheet shows an
    error, as wide as its column allows, the rows as tall."""
    new_workbook(book, eight_payers())  # type: ignore[arg-type]
    result = refresh_workbook(book, now=datetime(2026, 12, 6, 9, 0))
    assert result.ok, [p.message for p in result.errors]
    wb = load_workbook(book)
    for name in wb.sheetnames:
        if name not in (layout.PROPOSAL, layout.SCENARIOS):
            del wb[name]
    wb.save(book)


def _payer_on(page: dict) -> list[str]:
    """The payers ``page`` names (by their first three words, on one line wherever wrapped)."""
    text = " ".join(page["words"])
    return [name for name in (*LONG_NAMES.values(), *ADDED.values())
            if " ".join(name.split()[:3]) in text]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_no_payers_proposal_page_holds_a_row_or_two(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    """Each payer's rows on as few pages down as before, none of them holding under a third
    of the payer's rows (Keystone's and Summit's 15th row printed alone on a page)."""
    _, pdf = small_prints["eight_payers"]
    pages = [page for page in read_pages(pdf) if page["words"][:1] == ["Proposal"]]
    per_payer: dict[str, list[int]] = {}
    for page in pages:
        [payer] = _payer_on(page)
        codes = sum(bool(CODE.match(word)) for word in page["words"])
        per_payer.setdefault(payer, []).append(codes)
    assert len(per_payer) == 8
    for payer, counts in per_payer.items():
        # pages across print the same rows: every page's count is its rows'
        rows = sum(counts[::2])
        assert rows == 15, (payer, counts)
        assert len(counts) <= 4, (payer, counts)  # two pages down at most, two across each
        assert min(counts) >= rows / 3, (payer, counts)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_scenarios_years_of_a_payer_print_on_one_page(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    """Each payer's five years on one page of the year-by-year table, which prints on more
    than one page; every payer there."""
    _, pdf = small_prints["eight_payers"]
    years = [page for page in read_pages(pdf)
             if "CF" in page["words"] and "change" in page["words"]]
    assert len(years) >= 2
    pages_of: dict[str, list[int]] = {}
    for number, page in enumerate(years):
        # the years' rows only: where the per-payer table stands above them on the first page
        # (the tables stacked), its rows name every payer too
        text = " ".join(page["words"])
        below = text[text.index("Payer Year CF change"):]
        for payer in _payer_on({"words": below.split()}):
            pages_of.setdefault(payer, []).append(number)
    assert len(pages_of) == 8
    split = {payer: pages for payer, pages in pages_of.items() if len(pages) > 1}
    assert not split, split


def _grouped_sheet(rows: int, height: float, groups: int, scale: int) -> Workbook:
    """A sheet printed at ``scale`` % of ``groups`` groups of ``rows`` rows ``height`` points
    tall under a 30-point header repeated on each page, a row break after each group."""
    wb = Workbook()
    ws = wb.active
    ws.row_dimensions[1].height = 30.0
    last = 1 + rows * groups
    for row in range(2, last + 1):
        ws.row_dimensions[row].height = height
        ws.cell(row=row, column=1, value=f"payer {(row - 2) // rows}")
    ws.cell(row=1, column=1, value="Payer")
    ws.print_area = f"A1:C{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.scale = scale
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins.top, ws.page_margins.bottom = 0.71, 0.6
    ws.row_breaks.append(Break(id=1 + rows))
    return wb


def test_a_group_a_row_too_long_is_printed_smaller_where_the_floor_allows() -> None:
    """A group that needs a page and a row at 90 % fits one page at a scale a little smaller:
    that scale is taken, the breaks kept. A page holds (8.5 - 1.31) x 72 x 0.97 = 502.1
    points at 100 %, 557.9 at 90 %, 564.2 at 89 %; a group is 30 + 22 x 24 = 558."""
    ws = _grouped_sheet(22, 24.0, 2, 90).active
    room = page_room_pt(ws, "landscape")
    assert pages_down([30.0, *[24.0] * 22], 30.0, room * 100 / 90)[0] == 2
    groups_whole_down(ws)
    assert ws.page_setup.scale == 89
    assert pages_down([30.0, *[24.0] * 22], 30.0, room * 100 / ws.page_setup.scale)[0] == 1
    assert [b.id for b in ws.row_breaks.brk] == [23]


def test_a_group_no_readable_scale_holds_is_shared_by_its_pages() -> None:
    """At the floor already, a group two rows longer than its page (627.6 points at 80 %: the
    header and 24 rows of 26) is cut in the middle, where filling the first page left the
    last two rows alone on the second."""
    ws = _grouped_sheet(26, 24.0, 2, MIN_PRINT_PERCENT).active
    room = page_room_pt(ws, "landscape") * 100 / MIN_PRINT_PERCENT
    pages, last_share = pages_down([30.0, *[24.0] * 26], 30.0, room)
    assert pages == 2 and last_share < SHORT_PAGE
    groups_whole_down(ws)
    assert ws.page_setup.scale == MIN_PRINT_PERCENT
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks == [14, 27, 40], breaks  # each group's 26 rows as 13 + 13


def test_a_page_header_sized_for_the_sheets_scale_keeps_its_size_at_a_smaller_one() -> None:
    """The Proposal printed pages across heads each page with its title, grown to print at its
    own size at the sheet's scale (title_in_page_header: 12 points at 100 %); a payer's rows
    then printed smaller to end a page sooner shrank it with them (12 points at 100 % printed
    at 10.7 at 89 %; a 9-point description at 8.0)."""
    wb = _grouped_sheet(22, 24.0, 2, 100)
    ws = wb.active
    ws.page_setup.fitToWidth = 2  # printed two pages across, as the Proposal is
    title_in_page_header(ws, 1)
    assert ws.oddHeader.left.size == HEADER_TITLE_PT
    groups_whole_down(ws)
    scale = ws.page_setup.scale
    assert MIN_PRINT_PERCENT <= scale < 100
    assert ws.oddHeader.left.size * scale / 100 >= HEADER_TITLE_PT, \
        (ws.oddHeader.left.size, scale)


def test_the_years_pages_end_between_payers_beside_a_table_longer_than_a_page() -> None:
    """The 40-payer Scenarios: its per-payer table (rows 6-45, taller rows) beside the year
    by year kept any break out of its rows, so the years' first page ended where the
    programs ended it, inside Payer 00's years (1-4 on it, 5 on the next). A page now ends
    before a payer's first year where the per-payer rows on it fit the page too."""
    ws = Workbook().active
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "5:5"
    for row in range(3, 206):  # every row's height its own: the measure below reads them
        ws.row_dimensions[row].height = 15.0
    for row in range(6, 46):  # 40 payers, each row as tall as a wrapped note
        ws.cell(row=row, column=1, value=f"Payer {row - 6:02d}")
        ws.row_dimensions[row].height = 19.0
    for row in range(6, 206):  # five years each
        ws.cell(row=row, column=4, value=f"Payer {(row - 6) // 5:02d}")
        ws.cell(row=row, column=5, value=(row - 6) % 5 + 1)
    for col in "ABDE":
        ws.column_dimensions[col].width = 20.0
    ws.print_area = ["A3:B45", "D4:E205"]
    groups_whole_in_area(ws, 6, 205, 4)
    cuts = [b.id for b in ws.row_breaks.brk]
    assert cuts and cuts[0] < 45, cuts  # the first page ends inside the per-payer rows
    assert all((cut + 1 - 6) % 5 == 0 for cut in cuts), cuts  # before a payer's first year
    # the per-payer rows between breaks fit a page, as they did on their own: two pages
    room = page_room_pt(ws, "landscape") * 100 / ws.page_setup.scale
    tops = [3, *(c + 1 for c in cuts if c < 45)]
    ends = [*(c for c in cuts if c < 45), 45]
    assert len(tops) == 2
    for first, last in zip(tops, ends, strict=True):
        repeated = 0.0 if first == 3 else 15.0
        assert repeated + sum(ws.row_dimensions[r].height for r in range(first, last + 1)) \
            <= room


def test_a_page_header_keeps_its_size_when_the_years_pages_fix_a_scale() -> None:
    """A sheet printed in several areas heads each page with its title (finish_sheet), at
    12 points while fitted; ending the years' pages between payers fixes a scale below 100 %
    (groups_whole_in_area), and the header prints at that scale too: it is grown for it, as
    groups_whole_down grows the Proposal's (the 8-payer Scenarios' at 89 %: 14 points)."""
    ws = Workbook().active
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws["A1"] = "Scenarios"
    for row in range(3, 206):
        ws.row_dimensions[row].height = 15.0
    for row in range(6, 206):  # forty payers, five years each
        ws.cell(row=row, column=4, value=f"Payer {(row - 6) // 5:02d}")
        ws.cell(row=row, column=5, value=(row - 6) % 5 + 1)
    for col in "ABDE":
        ws.column_dimensions[col].width = 68.0  # wider than a landscape page at 100 %
    ws.print_area = ["A1:B45", "D4:E205"]
    title_in_page_header(ws, 3)
    assert ws.oddHeader.left.size == HEADER_TITLE_PT
    groups_whole_in_area(ws, 6, 205, 4)
    scale = ws.page_setup.scale
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and scale < 100, scale
    assert ws.oddHeader.left.size * scale / 100 >= HEADER_TITLE_PT, \
        (ws.oddHeader.left.size, scale)


def test_the_scenarios_medicare_label_keeps_its_size_at_the_years_pages_scale(
        tmp_path: Path) -> None:
    """The 8-payer Scenarios print at 89 %, the scale groups_whole_in_area fixes to end the
    years' pages between payers; its page header was grown for it (14 points), while the
    Medicare label in the middle of its foot, set before that scale, stayed at 9 points and
    printed at 8.0: smaller than the description it is sized as (medicare_in_page_footer: "at
    the description's size whatever the sheet's print scale")."""
    from ratecalc_workbook.page_layout import HEADER_DESCRIPTION_PT

    book = tmp_path / "eight.xlsx"
    new_workbook(book, eight_payers())  # type: ignore[arg-type]
    assert refresh_workbook(book, now=datetime(2026, 12, 6, 9, 0)).ok
    ws = load_workbook(book)[layout.SCENARIOS]
    scale = ws.page_setup.scale
    assert ws.row_breaks.brk and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert MIN_PRINT_PERCENT <= scale < 100, scale
    label = ws.oddFooter.center
    assert label.text.startswith("Medicare locality"), label.text
    assert label.size * scale / 100 >= HEADER_DESCRIPTION_PT, (label.size, scale)
