"""The Problems sheet has one layout whichever button found the problems.

Refresh wrote a titled table with each problem's text and a link to its cell; the ribbon's
imports and letters wrote a plain grid of their own at A1 (severity, table, file, sheet, row,
column, rule, value), without the problems' text, over the refresh's table. Now every button
writes it through the workbook layer's one writer.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from ratecalc.errors import Location, Problem
from ratecalc_addin import ribbon
from ratecalc_workbook import layout
from ratecalc_workbook.problems_sheet import record_problems
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.result_sheets import IN_FULL_HEADING
from tests.addin.test_ribbon import FakeBook

from .conftest import NOW, open_book
from .test_problem_columns import _break, _problems_sheet

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fee_schedules"
LATER = datetime(2026, 1, 5, 9, 30)


def _copy(source: Path, tmp_path: Path, name: str) -> Path:
    return Path(shutil.copy2(source, tmp_path / name))


def _frame(path: Path) -> dict[str, object]:
    """What the sheet looks like apart from its problems: title, description, table, header."""
    ws = open_book(path)[layout.PROBLEMS]
    spec = layout.PROBLEMS_TABLE
    [table] = ws.tables.values()
    return {"title": ws["A1"].value, "description": ws["A2"].value, "table": table.name,
            "starts": table.ref.split(":")[0],
            "header": [c.value for c in ws[spec.header_row] if c.value is not None],
            "frozen": ws.freeze_panes}


def test_an_import_and_a_refresh_write_the_problems_sheet_alike(
        tiny_new_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refreshed = _copy(tiny_new_book, tmp_path, "refreshed.xlsx")
    _break(refreshed)
    assert not refresh_workbook(refreshed, now=NOW).ok
    imported = _copy(tiny_new_book, tmp_path, "imported.xlsx")
    wb = open_book(imported)
    wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                             column=layout.SELECTED_PAYER_COL).value = "Alpha Health"
    wb.save(imported)
    book = FakeBook(str(imported))
    source = FIXTURES / "acme_health_2026.csv"  # two rows of errors, three warnings
    monkeypatch.setattr(ribbon, "ask_for_file", lambda b, title: source)
    outcome = ribbon.ribbon_action("import_fee_schedule", book)
    assert outcome.message == "acme_health_2026.csv was not imported: 2 error(s) in it.", \
        outcome.message
    assert _frame(imported) == _frame(refreshed)
    rows = _problems_sheet(imported)
    assert [r["Problem"] for r in rows] == [p.message for p in sorted(
        outcome.problems, key=lambda p: p.severity != "error")]
    assert [r["Severity"] for r in rows] == ["error", "error", "warning", "warning", "warning"]
    count = open_book(imported)[layout.PROBLEMS]["A3"].value
    assert count.startswith("Import of acme_health_2026.csv on ")
    assert count.endswith(": 2 error(s), 3 warning(s). Nothing was imported: fix the errors and "
                          "import the file again.")


def _problem(rule: str, value: object = "N/A", **where: object) -> Problem:
    location = Location(**{"file": "aetna.csv", "row": 14, "column": "allowed_amount",
                           "header": "Allowed", "letter": "D", **where})  # type: ignore[arg-type]
    return Problem("Fee schedules", location, rule, value)


def test_the_problems_sheet_is_rewritten_not_added_to(tiny_copy: Path) -> None:
    record_problems(tiny_copy, [_problem("one")], "Import of aetna.csv", now=LATER)
    record_problems(tiny_copy, [_problem("two")], "Import of aetna.csv", now=LATER)
    wb = open_book(tiny_copy)
    assert wb.sheetnames.count(layout.PROBLEMS) == 1
    assert [r["Problem"] for r in _problems_sheet(tiny_copy)] == [
        "Fee schedules 'aetna.csv', row 14, column D 'Allowed': two, got 'N/A'"]


def test_values_are_written_as_text_and_columns_as_shown(tiny_copy: Path) -> None:
    """A bad cell's value is text even when it reads as a formula (Excel would run
    '=HYPERLINK(...)' written to a cell), and so is a file's name in the count line."""
    hostile = '=HYPERLINK("http://x","Click")'
    record_problems(tiny_copy, [_problem("expected a dollar amount", hostile)],
                    "Import of =cmd|' /C calc'!A0.csv", now=LATER)
    ws = open_book(tiny_copy)[layout.PROBLEMS]
    [row] = _problems_sheet(tiny_copy)
    assert (row["Value"], row["Column"], row["Cell"]) == (hostile, "Allowed", None)
    assert not any(c.data_type == "f" for line in ws.iter_rows() for c in line)


def test_a_problem_in_the_workbooks_own_cell_links_to_it(tiny_copy: Path) -> None:
    mine = _problem("expected a dollar amount", file=tiny_copy.name,
                    sheet=layout.FEE_SCHEDULES, row=7)
    other = _problem("expected a dollar amount", sheet=layout.FEE_SCHEDULES, row=9)
    record_problems(tiny_copy, [mine, other], "Proposal letter for Alpha Health",
                    if_errors="No letter was written.", now=LATER)
    ws = open_book(tiny_copy)[layout.PROBLEMS]
    first = layout.PROBLEMS_TABLE.header_row + 1
    cell = ws.cell(row=first, column=layout.PROBLEMS_TABLE.col("cell"))
    assert cell.value == "D7"
    assert cell.hyperlink.location == f"'{layout.FEE_SCHEDULES}'!D7"
    # the same sheet name in an imported file is no cell of the workbook
    assert ws.cell(row=first + 1, column=layout.PROBLEMS_TABLE.col("cell")).value is None
    assert ws["A3"].value == ("Proposal letter for Alpha Health on 2026-01-05 09:30: 2 error(s), "
                              "0 warning(s). No letter was written.")


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler (pdftotext)")
def test_every_long_problem_prints_in_a_block_as_wide_as_the_others(tiny_copy: Path,
                                                                   tmp_path: Path) -> None:
    """Six long warnings, two holding a date past their first line (which the layout breaks at
    spaces itself, so that no wrap cuts the date at its hyphen): as LibreOffice prints them,
    each block of lines is as wide as the others. The one warning with dates printed in a block
    narrower than those above and below it (the demo's Problems sheet: Medicare's amounts not
    imported yet, 2027-04-01...), since the layout's breaks keep a margin the spreadsheet's own
    wrap does not."""
    from ratecalc_letter.preview import pages, to_pdf

    def words(i: int) -> list[str]:
        said = [f"w{i}x{j:02d}" for j in range(60)]
        if i in (2, 4):
            said[30:30] = ["from", "2027-04-01"]
        return said

    problems = [Problem("Proposal", Location(), " ".join(words(i)), severity="warning")
                for i in range(6)]
    record_problems(tiny_copy, problems, "Refresh", now=LATER)
    printed = [w for page in pages(to_pdf(tiny_copy, tmp_path)) for w in page.words]
    edges, lefts = [], []
    for i in range(6):
        mine = [w for w in printed if w.text.startswith(f"w{i}x")]
        assert len(mine) == 60
        edges.append(max(w.x_max for w in mine))
        lefts.append(min(w.x_min for w in mine))
    assert "2027-04-01" in {w.text for w in printed}  # the date whole on one line
    width = max(edges) - min(lefts)
    assert max(edges) - min(edges) < 0.03 * width, edges


#: Excel's tallest row [points]; a printed page holds more.
TALLEST_ROW_PT = 409


def test_a_problem_too_long_for_a_row_goes_on_in_the_rows_under_it(
        tiny_new_book: Path, tmp_path: Path) -> None:
    """A 40-payer clinic's "the rate to ask stays below Medicare for ..." ran to 13,000
    characters in one cell: its row, 2,234 points tall, printed its first 60 lines over the
    page's footer and the rest on no page (Excel shows no row over 409 points). The text goes
    on in rows under it, "(continued) ...", each row shorter than Excel's tallest, with no
    severity, so the Start sheet's counts of errors and warnings stay one per problem."""
    book = _copy(tiny_new_book, tmp_path, "long.xlsx")
    rule = "Payer 03 Health Plan: the rate to ask stays below Medicare for " + ", ".join(
        f"{10000 + i} ($45.64 vs Medicare $48.38 in force on 2026-04-29)" for i in range(250))
    problems = [Problem("Proposal", Location(), rule, severity="warning"),
                Problem("Fee Schedules", Location(), "a short one")]
    long = f"Proposal: {rule}"
    record_problems(book, problems, "Refresh", now=LATER)
    ws = open_book(book)[layout.PROBLEMS]
    spec = layout.PROBLEMS_TABLE
    first = spec.header_row + 1
    rows = [(ws.cell(row=r, column=spec.col("severity")).value,
             ws.cell(row=r, column=spec.col("message")).value,
             ws.row_dimensions[r].height) for r in range(first, ws.max_row + 1)]
    assert rows[0][:2] == ("error", "Fee Schedules: a short one")
    assert rows[1][0] == "warning" and all(severity is None for severity, _, _ in rows[2:])
    assert len(rows) >= 1 + 12  # 13,000 characters, at most 1,200 a row
    # the table's row sums it up; the text is whole under the table, after a blank row and a
    # heading (test_problems_summary)
    assert rows[1][1].startswith("Proposal: Payer 03 Health Plan: the rate to ask")
    assert rows[2][:2] == (None, None) and rows[3][:2] == (None, IN_FULL_HEADING)
    parts = [text for _, text, _ in rows[4:]]
    assert all(part.startswith("(continued) ") for part in parts[1:])
    said = " ".join(part.removeprefix("(continued) ") for part in parts)
    assert said.split() == long.split()  # every word, in order (rows may hold line breaks)
    # every row shorter than Excel's tallest; the blank row and the one-line heading keep the
    # default height (None), every row of a problem's text is sized
    assert all(height is None or height <= TALLEST_ROW_PT for _, _, height in rows)
    assert all(height is not None for _, text, height in rows
               if text is not None and text != IN_FULL_HEADING)
    assert [severity for severity, _, _ in rows].count("warning") == 1


def test_volume_without_a_rate_links_to_its_volume_row(tiny_copy: Path) -> None:
    """A code with units on the Volumes sheet but no rate in force for its payer was warned of
    with no sheet, row or cell, while the other problems link to theirs."""
    volumes, fees = layout.VOLUMES_TABLE, layout.FEE_SCHEDULES_TABLE
    wb = open_book(tiny_copy)
    row = volumes.header_row + 1
    payer, code = (wb[layout.VOLUMES].cell(row=row, column=volumes.col(name)).value
                   for name in ("payer", "code"))
    sheet = wb[layout.FEE_SCHEDULES]
    removed = 0
    for r in range(fees.header_row + 1, sheet.max_row + 1):
        if (sheet.cell(row=r, column=fees.col("payer")).value == payer
                and str(sheet.cell(row=r, column=fees.col("code")).value) == str(code)):
            for c in range(1, sheet.max_column + 1):
                sheet.cell(row=r, column=c).value = None
            removed += 1
    assert removed
    wb.save(tiny_copy)
    assert refresh_workbook(tiny_copy, now=NOW).ok
    # by its words: a text holding a date is broken into lines at spaces where the Problem
    # column wraps it (page_layout.keep_numbers_whole), the break's place set by that width
    [found] = [r for r in _problems_sheet(tiny_copy)
               if f"{payer} has volume for {code} but no rate" in " ".join(
                   str(r["Problem"]).split())]
    letter = chr(ord("A") + volumes.col("units_per_year") - 1)
    assert (found["Table"], found["Sheet"], found["Row"], found["Cell"]) == (
        "Volumes", layout.VOLUMES, row, f"{letter}{row}")
    ws = open_book(tiny_copy)[layout.PROBLEMS]
    [cell] = [c for line in ws.iter_rows() for c in line if c.value == f"{letter}{row}"]
    assert cell.hyperlink.location == f"'{layout.VOLUMES}'!{letter}{row}"
