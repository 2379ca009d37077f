"""Cells merged over an input table are refused at each cell the merge covers, saying so.

Excel keeps a merged range's value in its first cell only: a payer's name merged down the
Volumes sheet's Payer column (A5:A10, "Summit BlueCare PPO" shown on every row) reads blank on
rows 6 to 10. Every reader said "required value is blank" there, of a cell that shows the name.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ratecalc.fee_schedule_import import read_fee_schedule
from ratecalc.loaders import load_folder, load_workbook_file
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import open_book

MERGED = ("inside the merged cells A5:A10, whose value only their first cell A5 holds: "
          "unmerge them (Home > Merge & Center) and type the value in each cell")


def _payer_merged_down(path: Path) -> Path:
    """The Volumes sheet with its first payer's name merged down its first six rows."""
    wb = open_book(path)
    ws = wb[layout.VOLUMES]
    assert ws["A4"].value == "Payer" and ws["A5"].value == "Summit BlueCare PPO"
    ws.merge_cells("A5:A10")
    wb.save(path)
    return path


def _expected() -> list[tuple[int | None, str | None, str]]:
    return [(row, "A", MERGED) for row in range(6, 11)]


def _errors(problems: list) -> list[tuple[int | None, str | None, str]]:
    return [(p.location.row, p.location.letter, p.rule) for p in problems
            if p.severity == "error"]


def test_the_workbook_reader_names_each_merged_cell(demo_copy: Path) -> None:
    data, problems = read_workbook(_payer_merged_down(demo_copy))
    assert data is None
    assert _errors(problems) == _expected()
    assert not any("required value is blank" in p.rule for p in problems)


def test_refresh_lists_them_and_writes_nothing_else(demo_copy: Path) -> None:
    book = _payer_merged_down(demo_copy)
    result = refresh_workbook(book)
    assert not result.ok
    assert _errors(list(result.problems)) == _expected()
    # the user's merge and name are kept as they were
    ws = open_book(book)["Volumes"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A5:A10"]
    assert ws["A5"].value == "Summit BlueCare PPO"


def test_the_core_reader_of_a_workbook_names_each_merged_cell(demo_copy: Path) -> None:
    """`analyze WB`, `letter WB` and every command reading the workbook without openpyxl."""
    data, problems = load_workbook_file(_payer_merged_down(demo_copy))
    assert data is None
    assert _errors(problems) == _expected()


def test_a_folder_table_in_xlsx_names_each_merged_cell(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, folder)
    volumes = pd.read_csv(folder / "volumes.csv", dtype=str, keep_default_na=False)
    (folder / "volumes.csv").unlink()
    wb = Workbook()
    ws = wb.active
    ws.append(["Volumes"])
    ws.append([])
    ws.append([])
    ws.append(list(volumes.columns))  # header on row 4, as on the master workbook
    for row in volumes.itertuples(index=False):
        ws.append([int(v) if v.isdigit() and i in (2, 3) else (v or None)
                   for i, v in enumerate(row)])
    first = ws["A5"].value
    assert all(ws.cell(row=r, column=1).value == first for r in range(5, 11))
    ws.merge_cells("A5:A10")
    wb.save(folder / "volumes.xlsx")
    data, problems = load_folder(folder)
    assert data is None
    assert _errors(problems) == _expected()


def test_a_merged_title_or_sub_header_of_a_payer_file_is_still_no_fee_line(
        tmp_path: Path) -> None:
    """A payer's file merges its title and its section rows across the columns: those stay
    titles, skipped with a warning, not cells refused."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Meridian Mutual - Physical Medicine Fee Schedule"
    ws.merge_cells("A1:D1")
    ws.append(["CPT Code", "Mod", "Rate", "Effective Date"])  # row 2
    ws.append(["Therapeutic procedures"])                     # row 3: a section row
    ws.merge_cells("A3:D3")
    ws.append(["97110", None, 34.55, "2026-01-01"])
    wb.save(tmp_path / "meridian.xlsx")
    result = read_fee_schedule(tmp_path / "meridian.xlsx", "Meridian Mutual")
    assert not result.errors, [p.message for p in result.errors]
    assert [p.location.row for p in result.problems if "not a fee line" in p.rule] == [3]


@pytest.mark.parametrize("merge", ["C5:D5", "A5:A10"])
def test_a_merged_range_in_a_payer_file_names_its_cells(tmp_path: Path, merge: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Meridian Mutual fee schedule"])
    ws.append([])
    ws.append([])
    ws.append(["CPT Code", "Mod", "Rate", "Effective Date"])  # row 4
    for code in ("97110", "97140", "97530", "97112", "97116", "97535"):
        ws.append([code, None, 34.55, "2026-01-01"])
    ws.merge_cells(merge)
    wb.save(tmp_path / "meridian.xlsx")
    result = read_fee_schedule(tmp_path / "meridian.xlsx", "Meridian Mutual")
    first = merge.split(":")[0]
    assert result.errors, merge
    assert all(f"inside the merged cells {merge}, whose value only their first cell {first} "
               "holds" in p.rule for p in result.errors), [p.message for p in result.errors]


def test_a_merged_header_is_said_with_the_header_missing(demo_copy: Path) -> None:
    """"Payer" merged over "Code" (A4:B4): the row lacked code, and nothing said why."""
    wb = open_book(demo_copy)
    wb[layout.FEE_SCHEDULES].merge_cells("A4:B4")
    wb.save(demo_copy)
    for read in (read_workbook, load_workbook_file):
        data, problems = read(demo_copy)
        assert data is None
        (error,) = [p for p in problems if p.severity == "error"]
        assert error.location.sheet == layout.FEE_SCHEDULES
        assert error.rule.endswith(
            "the closest row lacks code; its cells A4:B4 are merged, and a merged range keeps "
            "only its first cell's header: unmerge them and head each column"), error.rule


def test_a_merge_over_the_whole_sheet_is_read_as_far_as_the_table(tmp_path: Path) -> None:
    """A hostile range, A1:XFD1048576 (seventeen billion cells), costs no more than the
    cells read: each reader gives only the cells up to its last row and column."""
    import re
    import zipfile

    wb = Workbook()
    ws = wb.active
    ws.append(["CPT Code", "Rate", "Effective Date"])
    ws.append(["97110", 34.55, "2026-01-01"])
    wb.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell '
                          b'ref="A1:XFD1048576"/></mergeCells>', parts[sheet])
    with zipfile.ZipFile(tmp_path / "whole.xlsx", "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    result = read_fee_schedule(tmp_path / "whole.xlsx", "Meridian Mutual")
    # its cells hold values (a merge's others hold none in Excel): read as they are, at once
    assert result.rows["code"].tolist() == ["97110"] and not result.errors
    data, problems = load_workbook_file(tmp_path / "whole.xlsx")
    assert data is None and problems  # no clinic tables in it: said, not hung



def test_a_note_merged_down_a_payers_rows_is_a_warning_not_a_refusal(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Notes column (optional text, which no figure reads) merged down two contracts' rows
    read blank where covered: the workbook is analysed, the covered cell named in a warning.
    After the merged-cells check landed, the merge stopped every command."""
    wb = open_book(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    # the Notes column by the layout (it was U before the Renewal months column came in)
    u = get_column_letter(layout.PAYERS_CONTRACTS_TABLE.col("notes"))
    assert u == "V"
    assert ws[f"{u}4"].value == "Notes"
    ws[f"{u}5"] = "Renegotiate together"
    ws[f"{u}6"] = None
    ws.merge_cells(f"{u}5:{u}6")
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None, _errors(problems)
    assert [(p.location.row, p.location.letter, p.severity) for p in problems
            if f"merged cells {u}5:{u}6" in p.rule] == [(6, u, "warning")]
    # the command line reads it alike (analyze of the master workbook)
    out = demo_copy.parent / "results"
    assert main(["analyze", str(demo_copy), "--out", str(out)]) == 0
    assert f"merged cells {u}5:{u}6" in capsys.readouterr().err
