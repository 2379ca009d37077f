"""A table part whose range (``ref``) is missing or no range of a sheet's cells is refused by
the package check, naming the part, its sheet and the table (:mod:`ratecalc.xlsx_package`).

From hostile-17 (2026-12-08, an XML-level fuzz of the demo workbook): a table part without
its ``ref`` stopped ``analyze``, ``refresh`` and ``letter`` with an internal error (exit 4,
openpyxl's ``range_boundaries`` given None, in ``reader.find_region``); every reader takes a
table's rows and columns from that range.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.table import Table

from ratecalc.errors import InputError
from ratecalc.xlsx_package import check_xlsx_package
from ratecalc_cli.main import main
from tests.hostile_xlsx import with_part

_REF = re.compile(rb'(<table\b[^>]*?) ref="[^"]*"')


@pytest.fixture
def tabled(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Rates"
    ws.append(["code", "allowed_amount"])
    ws.append(["97110", 31.2])
    ws.add_table(Table(displayName="tblRates", ref="A1:B2"))
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    return path


def table_parts(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as archive:
        return [n for n in archive.namelist() if n.startswith("xl/tables/table")]


def with_ref(book: Path, target: Path, ref: str | None, part: str | None = None) -> Path:
    """``book`` with the first table part's (or ``part``'s) range set to ``ref`` (None: the
    attribute dropped)."""
    part = part or table_parts(book)[0]
    with zipfile.ZipFile(book) as archive:
        xml = archive.read(part)
    new = rb"\1" if ref is None else rb'\1 ref="' + ref.encode() + b'"'
    changed, count = _REF.subn(new, xml, count=1)
    assert count == 1
    return with_part(book, target, part, lambda: [changed])


@pytest.mark.parametrize("ref", ["A1:B2", "$A$1:$B$2", "a1:b2", "A1:XFD1048576", "B2"])
def test_a_table_over_a_range_of_cells_passes(tabled: Path, tmp_path: Path, ref: str) -> None:
    check_xlsx_package(with_ref(tabled, tmp_path / "fee.xlsx", ref))


@pytest.mark.parametrize("ref", ["", "A1:XFE9", "B9:A1", "B1:A9", "A:A", "1:2", "A0:B2",
                                 "A1:B1048577", "A1:B2:C3", "A1 :B2", "Rates!A1:B2", "#REF!"])
def test_a_table_over_no_range_of_cells_is_refused(tabled: Path, tmp_path: Path,
                                                   ref: str) -> None:
    path = with_ref(tabled, tmp_path / "fee.xlsx", ref)
    with pytest.raises(InputError, match=(
            r"'fee\.xlsx', part 'xl/tables/table1\.xml' of sheet 'Rates': table 'tblRates' "
            rf"covers '{re.escape(ref)}', which is no range of a sheet's cells \(from its top "
            r"left to its bottom right cell, within column XFD and row 1,048,576\); damaged")):
        check_xlsx_package(path)


def test_a_table_without_a_range_is_refused(tabled: Path, tmp_path: Path) -> None:
    path = with_ref(tabled, tmp_path / "fee.xlsx", None)
    with pytest.raises(InputError, match=(
            r"'fee\.xlsx', part 'xl/tables/table1\.xml' of sheet 'Rates': table 'tblRates' "
            r"names no range of cells \(ref\); damaged, as a file changed by hand is")):
        check_xlsx_package(path)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("ref", [None, "E4:J3"])
def test_every_command_names_the_master_workbooks_broken_table(
        demo_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture, ref: str | None) -> None:
    """The Clinic sheet's metrics table without its range: exit 3 naming it, never 4, and the
    workbook is left as it was."""
    parts = [p for p in table_parts(demo_book)
             if b'displayName="tblMetrics"' in zipfile.ZipFile(demo_book).read(p)]
    book = with_ref(demo_book, tmp_path / "book.xlsx", ref, parts[0])
    before = digest(book)
    said = "names no range of cells" if ref is None else "covers 'E4:J3', which is no range"
    for argv in (["analyze", str(book), "--out", str(tmp_path / "out")], ["refresh", str(book)],
                 ["letter", str(book), "--payer", "Summit BlueCare PPO", "--out",
                  str(tmp_path / "l.docx"), "--date", "2025-12-01"]):
        assert main(argv) == 3, argv
        err = capsys.readouterr().err
        assert f"of sheet 'Clinic': table 'tblMetrics' {said}" in err, err
        assert "internal error" not in err
    assert digest(book) == before and not (tmp_path / "out").exists()
