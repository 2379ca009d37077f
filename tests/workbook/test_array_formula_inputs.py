"""An array formula or a what-if data table typed in an input cell is read as any formula is:
through the value the spreadsheet last saved with it, and named by its text when none is kept.

Excel writes a formula entered with Ctrl+Shift+Enter, and a formula of Excel 365 that could
spill, as ``<f t="array" ref="D5">``, and the cells of a Data > What-If Analysis > Data Table as
``<f t="dataTable" .../>``. openpyxl reads them as objects, not the text ``=...`` the reader looked
for, so a fee of ``{=20+5.22}`` saved with its value 25.22 was refused by analyze, refresh and the
letter: "expected a dollar amount, got <openpyxl.worksheet.formula.ArrayFormula object at
0x7f38c94e3110>", naming neither the formula nor its value.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from ratecalc_workbook.reader import read_proposal, read_workbook

from ..hostile_xlsx import sheet_part, with_part

FEES = "Fee Schedules"


def with_cell(source: Path, target: Path, ref: str, cell: str, sheet: str = FEES) -> Path:
    """``source`` with cell ``ref`` of ``sheet`` (the Fee Schedules) written as ``cell`` (raw
    XML)."""
    part = sheet_part(source, sheet)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part).decode()
    xml, found = re.subn(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', cell, xml, count=1)
    assert found == 1
    return with_part(source, target, part, lambda: [xml.encode()])


@pytest.fixture
def demo_fees(demo_book: Path, tmp_path: Path) -> Path:
    book = tmp_path / "plain.xlsx"
    shutil.copy(demo_book, book)
    return book


def fee_of(book: Path, ref: str) -> tuple[object, list[str]]:
    data, problems = read_workbook(book)
    messages = [p.message for p in problems if p.location.sheet == FEES
                and p.severity == "error"]
    if data is None:
        return None, messages
    row = int(ref[1:]) - 5  # the table's first row is row 5
    return data.fee_schedules.iloc[row]["allowed_amount"], messages


@pytest.mark.parametrize("cell", [
    '<c r="D5"><f t="array" ref="D5">20+5.22</f><v>25.22</v></c>',
    '<c r="D5" s="3"><f t="array" ref="D5:D5" aca="false">ROUND(20+5.222,2)</f><v>25.22</v></c>',
    '<c r="D5"><f t="dataTable" ref="D5" dt2D="0" dtr="0" r1="A1"/><v>25.22</v></c>',
])
def test_a_formula_of_another_kind_is_read_through_its_saved_value(
        demo_fees: Path, tmp_path: Path, cell: str) -> None:
    book = with_cell(demo_fees, tmp_path / "book.xlsx", "D5", cell)
    assert fee_of(book, "D5") == (25.22, [])  # as '<f>20+5.22</f><v>25.22</v>' is read


@pytest.mark.parametrize(("cell", "shown"), [
    ('<c r="D5"><f t="array" ref="D5">20+5.22</f><v></v></c>', "{=20+5.22}"),
    ('<c r="D5"><f t="dataTable" ref="D5" dt2D="0" dtr="0" r1="A1"/></c>', "{=TABLE(,A1)}"),
    # ECMA-376 18.3.1.40: dtr true, a one-variable table whose input cell r1 is its row input,
    # Excel's TABLE(row_input, column_input); xsd:boolean writes true as "1" or "true"
    ('<c r="D5"><f t="dataTable" ref="D5" dt2D="false" dtr="true" r1="A1"/></c>',
     "{=TABLE(A1,)}"),
    # dt2D: a two-variable table, r1 its row input cell and r2 its column input cell
    ('<c r="D5"><f t="dataTable" ref="D5" dt2D="1" dtr="1" r1="A1" r2="B1"/></c>',
     "{=TABLE(A1,B1)}"),
])
def test_one_without_its_value_is_named_by_its_formula(demo_fees: Path, tmp_path: Path,
                                                       cell: str, shown: str) -> None:
    book = with_cell(demo_fees, tmp_path / "book.xlsx", "D5", cell)
    _, messages = fee_of(book, "D5")
    assert len(messages) == 1
    assert f"holds the formula {shown}, whose value has never been computed" in messages[0]
    assert "object at 0x" not in messages[0]


def test_your_rate_as_an_array_formula_is_read_through_its_saved_value(
        demo_fees: Path, tmp_path: Path) -> None:
    # the Proposal's first row (Cardinal Employers Trust, 92507) asks $72.81 when none is typed
    book = with_cell(demo_fees, tmp_path / "book.xlsx", "I5",
                     '<c r="I5"><f t="array" ref="I5">30+0.5</f><v>30.5</v></c>', "Proposal")
    proposal, problems = read_proposal(book)
    first = proposal.iloc[0]
    assert (first["payer"], first["code"]) == ("Cardinal Employers Trust", "92507")
    assert (first["override_rate"], first["requested_rate"]) == (30.5, 30.5)
    assert problems == []



def test_your_rate_as_an_array_formula_without_its_value_is_named_by_its_formula(
        demo_fees: Path, tmp_path: Path) -> None:
    """As an input cell's (above): the warning names {=30+0.5}, as Excel's formula bar shows
    it. Mutation review test-review-11: naming the openpyxl object there survived this file."""
    book = with_cell(demo_fees, tmp_path / "book.xlsx", "I5",
                     '<c r="I5"><f t="array" ref="I5">30+0.5</f></c>', "Proposal")
    _, problems = read_proposal(book)
    [problem] = problems
    assert (problem.location.sheet, problem.location.row) == ("Proposal", 5)
    assert "{=30+0.5}" in problem.message, problem.message
    assert "object at 0x" not in problem.message

def test_a_clinic_name_from_an_array_formula_is_its_value_not_an_objects_name(
        demo_fees: Path, tmp_path: Path) -> None:
    # before, the name was "<openpyxl.worksheet.formula.ArrayFormula object at 0x...>" in every
    # output, without a word
    book = with_cell(demo_fees, tmp_path / "book.xlsx", "B5",
                     '<c r="B5" t="str"><f t="array" ref="B5">"Riverbend"</f>'
                     "<v>Riverbend</v></c>", "Clinic")
    data, _ = read_workbook(book)
    assert data is not None
    assert data.clinic["name"] == "Riverbend"


def test_an_array_formula_keeps_its_value_through_a_refresh(
        demo_fees: Path, tmp_path: Path) -> None:
    # A refresh saved {=20+5.22} without its value (openpyxl keeps none, and RateCalc put back
    # only plain formulas'), so the first refresh passed and every later one, the analyze and
    # the letter were refused at D5, "holds the formula {=20+5.22}, whose value has never been
    # computed", until the workbook was saved in Excel: a plain =20+5.22 keeps its 25.22.
    from ratecalc_workbook.refresh import refresh_workbook

    from .conftest import NOW

    book = with_cell(demo_fees, tmp_path / "book.xlsx", "D5",
                     '<c r="D5"><f t="array" ref="D5">20+5.22</f><v>25.22</v></c>')
    for _ in range(2):
        result = refresh_workbook(book, now=NOW)
        assert result.ok, [p.message for p in result.errors]
        assert fee_of(book, "D5") == (25.22, [])
    with zipfile.ZipFile(book) as archive:
        xml = archive.read(sheet_part(book, FEES)).decode()
    assert re.search(r'<c r="D5"[^>]*><f t="array" ref="D5">20\+5\.22</f><v>25\.22</v></c>',
                     xml)


def test_your_rate_as_an_array_formula_moves_with_its_row(demo_fees: Path, tmp_path: Path
                                                         ) -> None:
    # Keystone's 92507 at row 20; with Cardinal's rows gone it is written at row 5. The array
    # formula was carried there still naming I20 as its range (<c r="I5"><f t="array"
    # ref="I20">), a cell it does not stand in, and without its value: the rate was a warning
    # and the proposed rate asked.
    from ratecalc_workbook.refresh import refresh_workbook

    from .conftest import NOW, open_book, take_payer_out

    wb = open_book(demo_fees)
    assert [wb["Proposal"][f"{c}20"].value for c in "AB"] == ["Keystone Health Plan", "92507"]
    take_payer_out(wb, "Cardinal Employers Trust")  # from the input sheets only
    wb.save(demo_fees)
    # typed and saved in Excel after that: the file holds its value
    book = with_cell(demo_fees, tmp_path / "book.xlsx", "I20",
                     '<c r="I20"><f t="array" ref="I20">30+0.5</f><v>30.5</v></c>', "Proposal")
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    with zipfile.ZipFile(book) as archive:
        xml = archive.read(sheet_part(book, "Proposal")).decode()
    assert re.findall(r'<c r="(I[0-9]+)"[^>]*><f t="array" ref="([^"]*)">30\+0\.5</f>'
                      r'<v>([^<]*)</v>', xml) == [("I5", "I5", "30.5")]
    proposal, problems = read_proposal(book)
    first = proposal.iloc[0]
    assert (first["payer"], first["code"], first["override_rate"]) == (
        "Keystone Health Plan", "92507", 30.5)
    assert problems == []
