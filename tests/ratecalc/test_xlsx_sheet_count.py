"""A workbook listing more sheets than :data:`ratecalc.limits.MAX_XLSX_SHEETS` is refused before
any reader opens it, naming the file, the count and the limit.

openpyxl and pandas find a sheet by name through the list of every sheet, so reading a workbook
cost the square of its sheets: a payer's export of 5,001 empty sheets and one fee schedule took
40 s to import (load 8, 2 cores), and 3,000 sheets added to the demo master workbook made
``analyze`` take 57 s and ``refresh`` 91 s, each reading it all the same.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ratecalc.errors import UnreadableFileError
from ratecalc.limits import MAX_XLSX_SHEETS
from ratecalc.xlsx_package import check_xlsx_package
from ratecalc_cli.main import main

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _export(path: Path) -> Path:
    """A payer's export: its fee schedule on the first sheet, an empty sheet after it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rates"
    ws.append(["CPT Code", "Allowed Amount", "Effective Date"])
    ws.append(["97110", 31.5, "2026-01-01"])
    ws.append(["97140", 29.75, "2026-01-01"])
    wb.create_sheet("Notes")
    wb.save(path)
    return path


def _with_sheets(source: Path, target: Path, sheets: int) -> Path:
    """``source`` with empty sheets added after its last, each its own part, as Excel writes
    them (openpyxl takes seconds to add a thousand: each new title is checked against all)."""
    with zipfile.ZipFile(source) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    empty = (f'<worksheet xmlns="{_MAIN}"><sheetData/></worksheet>').encode()
    workbook = parts["xl/workbook.xml"].decode()
    relations = parts["xl/_rels/workbook.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    have = len(re.findall(r"<sheet ", workbook))
    entries, links, overrides = [], [], []
    for number in range(have + 1, sheets + 1):
        parts[f"xl/worksheets/added{number}.xml"] = empty
        entries.append(f'<sheet xmlns:r="{_R}" name="Added {number}" '
                       f'sheetId="{number + 100}" r:id="rIdAdded{number}"/>')
        links.append(f'<Relationship Id="rIdAdded{number}" Type="{_RELATION}" '
                     f'Target="worksheets/added{number}.xml"/>')
        overrides.append(f'<Override PartName="/xl/worksheets/added{number}.xml" '
                         f'ContentType="{_SHEET_TYPE}"/>')
    parts["xl/workbook.xml"] = workbook.replace("</sheets>", "".join(entries) + "</sheets>"
                                                ).encode()
    parts["xl/_rels/workbook.xml.rels"] = relations.replace(
        "</Relationships>", "".join(links) + "</Relationships>").encode()
    parts["[Content_Types].xml"] = types.replace("</Types>", "".join(overrides) + "</Types>"
                                                 ).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return target


def test_a_workbook_of_as_many_sheets_as_the_limit_is_read(tmp_path: Path) -> None:
    book = _with_sheets(_export(tmp_path / "export.xlsx"), tmp_path / "most.xlsx",
                        MAX_XLSX_SHEETS)
    check_xlsx_package(book)
    assert len(load_workbook(book, read_only=True).sheetnames) == MAX_XLSX_SHEETS


def test_one_sheet_more_is_refused_naming_the_file_the_count_and_the_limit(
        tmp_path: Path) -> None:
    book = _with_sheets(_export(tmp_path / "export.xlsx"), tmp_path / "many.xlsx",
                        MAX_XLSX_SHEETS + 1)
    with pytest.raises(UnreadableFileError, match=(
            r"^'many\.xlsx', 1,001 sheets: more than the 1,000 a workbook may have \(RateCalc's "
            r"reading time grows with the square of their number\); delete the sheets "
            r"RateCalc does not read, or copy the ones it does into a new workbook; not read$")):
        check_xlsx_package(book)


def test_sheets_sharing_one_part_are_each_counted(tmp_path: Path) -> None:
    """Every reader goes through the workbook part's list: entries naming one worksheet part
    cost as much as as many parts."""
    source = _export(tmp_path / "export.xlsx")
    with zipfile.ZipFile(source) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    entries = "".join(f'<sheet xmlns:r="{_R}" name="Copy {n}" sheetId="{n + 100}" r:id="rId1"/>'
                      for n in range(MAX_XLSX_SHEETS))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", entries.encode() + b"</sheets>")
    target = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(target, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    with pytest.raises(UnreadableFileError, match=r"'shared\.xlsx', 1,002 sheets: more than"):
        check_xlsx_package(target)


def test_import_fee_schedule_refuses_the_export_and_leaves_the_workbook(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    master = tmp_path / "negotiation.xlsx"
    assert main(["workbook", "new", str(master)]) == 0
    before = master.read_bytes()
    export = _with_sheets(_export(tmp_path / "export.xlsx"), tmp_path / "acme.xlsx",
                          MAX_XLSX_SHEETS + 1)
    capsys.readouterr()
    code = main(["import", "fee-schedule", str(export), "--payer", "Acme Health",
                 "--new-payer", "--workbook", str(master)])
    assert (code, capsys.readouterr().err) == (
        3, "ratecalc import fee-schedule: 'acme.xlsx', 1,001 sheets: more than the 1,000 a "
           "workbook may have (RateCalc's reading time grows with the square of their "
           "number); delete the sheets RateCalc does not read, or copy the ones it does into "
           "a new workbook; not read\n")
    assert master.read_bytes() == before
    assert not (tmp_path / "RateCalc backups").exists()
