"""Real workbooks pass the package check (:mod:`ratecalc.xlsx_package`) with room to spare: it
runs before every refresh. The hostile ones are in ``tests/ratecalc/test_xlsx_package.py`` and
``tests/cli/test_hostile_xlsx.py``; its cost is measured in ``benchmarks/``, not here."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ratecalc.limits import MAX_XLSX_PART_BYTES, MAX_XLSX_RATIO, MAX_XLSX_TOTAL_BYTES
from ratecalc.xlsx_package import check_xlsx_package

from .conftest import open_book


def test_the_demo_workbook_passes(demo_book: Path) -> None:
    check_xlsx_package(demo_book)
    assert open_book(demo_book).sheetnames  # and it is the workbook the reader then opens


def test_a_sheet_as_large_as_40_payers_x_300_codes_passes_with_room(tmp_path: Path) -> None:
    """The Comparison sheet of a refreshed 40 x 300 workbook is a 13.9 MB part compressed about
    13:1 (``benchmarks/bench_workbook.py`` builds one); a part of that size and kind, built
    here in well under a second rather than refreshed for 20, passes, a quarter under the
    limits."""
    row = ('<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Payer {p}</t></is></c>'
           '<c r="B{r}" t="inlineStr"><is><t>97{c:03d}</t></is></c>'
           + "".join(f'<c r="{col}{{r}}"><v>{{r}}.{i}5</v></c>' for i, col in enumerate("CDEFGHIJ"))
           + "</row>")
    body = "".join(row.format(r=r, p=r % 40, c=r % 300) for r in range(2, 36_002))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
             '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension '
             f'ref="A1:J36001"/><sheetData>{body}</sheetData></worksheet>').encode()
    assert 10_000_000 < len(sheet) < MAX_XLSX_PART_BYTES / 4
    path = tmp_path / "large.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"/>')
        # a workbook part, as every package the check passes has one (a zip without it is
        # another kind of file named as a workbook, refused since limits-3)
        package.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://'
                         'schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    check_xlsx_package(path)
    with zipfile.ZipFile(path) as package:
        infos = package.infolist()
    assert sum(i.file_size for i in infos) < MAX_XLSX_TOTAL_BYTES / 4
    assert max(i.file_size / i.compress_size for i in infos) < MAX_XLSX_RATIO / 4
