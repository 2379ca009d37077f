"""The 1904 date system is read however a program spells it in ``<workbookPr>``: Excel and
openpyxl write ``date1904="1"``, LibreOffice ``date1904="true"`` (a LibreOffice 7 save of a
1904 workbook, checked: ``<workbookPr backupFile="false" showObjects="all"
date1904="true"/>``). No test read LibreOffice's spelling: a reader taking only "1" passed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ratecalc.xlsx_parts import uses_1904_dates

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _book(folder: Path, pr: str) -> Path:
    path = folder / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml",
                         f'<?xml version="1.0"?><workbook xmlns="{MAIN}">{pr}'
                         '<sheets/></workbook>')
    return path


@pytest.mark.parametrize(("pr", "expected"), [
    ('<workbookPr backupFile="false" showObjects="all" date1904="true"/>', True),  # LibreOffice
    ('<workbookPr date1904="1"/>', True),  # Excel, openpyxl
    ("<workbookPr date1904='true' />", True),
    ('<workbookPr date1904="0"/>', False),
    ('<workbookPr date1904="false"/>', False),
    ('<workbookPr defaultThemeVersion="164011"/>', False),
    ("<workbookPr/>", False),
    ("", False),
])
def test_every_spelling_of_the_date_system(tmp_path: Path, pr: str, expected: bool) -> None:
    with zipfile.ZipFile(_book(tmp_path, pr)) as archive:
        assert uses_1904_dates(archive) is expected
