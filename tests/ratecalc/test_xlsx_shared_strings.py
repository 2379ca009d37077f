"""A workbook's list of texts (``xl/sharedStrings.xml``) holds no more texts than its cells can
use (:mod:`ratecalc.xlsx_package`).

From hunt-hostile-12: a 15 MB fee schedule of three cells whose shared-strings part listed
3,000,000 texts of six letters (66 MB unpacked, under the 64 MiB a part may hold) passed the
package check, and ``import fee-schedule`` took 40 CPU-s and 568 MB to import its two rows:
openpyxl builds every text of the list before a cell is read. Excel, LibreOffice and openpyxl
list only the texts their cells use, and each cell using one takes at least
``<c t="s"><v>0</v></c>`` of its sheet.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ratecalc.errors import InputError
from ratecalc.xlsx_package import check_xlsx_package

SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_shared_strings(tmp_path: Path, texts: list[str], used: int, *, prefix: str = "",
                        gap: str = "") -> Path:
    """A workbook whose sheet's first ``used`` cells point at ``texts``' first ``used``."""
    plain = tmp_path / "plain.xlsx"
    wb = Workbook()
    wb.active.title = "Rates"
    wb.active["A1"] = 1
    wb.save(plain)
    tag = f"{prefix}:" if prefix else ""
    xmlns = f' xmlns:{prefix}="{MAIN}"' if prefix else f' xmlns="{MAIN}"'
    sst = (f"<{tag}sst{xmlns}>"
           + "".join(f"<{tag}si{gap}><{tag}t>{t}</{tag}t></{tag}si>" for t in texts)
           + f"</{tag}sst>").encode()
    cells = "".join(f'<c r="A{i + 1}" t="s"><v>{i}</v></c>' for i in range(used))
    rows = "".join(f'<row r="{i + 1}">{c}</row>' for i, c in enumerate(
        re.findall(r"<c .*?</c>", cells)))
    path = tmp_path / "texts.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                    f'ContentType="{SST}"/></Types>'.encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdS" Type="{REL}"'
                                    f' Target="sharedStrings.xml"/></Relationships>'.encode())
            elif info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<sheetData>.*</sheetData>",
                              f"<sheetData>{rows}</sheetData>".encode(), data)
                data = re.sub(rb'<dimension ref="[^"]*"/>',
                              f'<dimension ref="A1:A{max(used, 1)}"/>'.encode(), data)
            z.writestr(info, data)
        z.writestr("xl/sharedStrings.xml", sst)
    return path


def texts(n: int) -> list[str]:
    return [f"t{i}" for i in range(n)]


def test_every_text_used_by_a_cell_passes_and_reads(tmp_path: Path) -> None:
    path = with_shared_strings(tmp_path, texts(5_000), 5_000)
    check_xlsx_package(path)
    assert load_workbook(path)["Rates"]["A5000"].value == "t4999"


def test_a_few_texts_no_cell_uses_pass(tmp_path: Path) -> None:
    # a list left longer than its cells need by another program: small, so harmless
    check_xlsx_package(with_shared_strings(tmp_path, texts(1_000), 2))
    check_xlsx_package(with_shared_strings(tmp_path, texts(100_000), 2))


@pytest.mark.parametrize(("prefix", "gap"), [("", ""), ("x", ""), ("", "\n")])
def test_more_texts_than_the_cells_could_use_are_refused(tmp_path: Path, prefix: str,
                                                         gap: str) -> None:
    path = with_shared_strings(tmp_path, texts(160_000), 3, prefix=prefix, gap=gap)
    with pytest.raises(InputError, match=(
            r"'texts\.xlsx', part 'xl/sharedStrings\.xml': lists 160,000 texts, more than "
            r"its worksheets' cells could use \(\d+ bytes of worksheets hold at most \d+ "
            r"cells using a text, and 100,000 more are allowed\); if the program .* its cells "
            r"use; not read")):
        check_xlsx_package(path)


def test_a_list_left_long_by_a_library_that_keeps_texts_passes_and_reads(tmp_path: Path) -> None:
    # review-a12: Apache POI, NPOI, OpenXLSX and the Open XML SDK's samples keep a text in the
    # list when its cell is overwritten or its row removed (OpenXLSX issue 193: "the new
    # string is simply appended ... without the old string getting removed"), so a payer's
    # 300-row schedule written over a template of 30,000 rows lists 30,300 texts; 1,000 left
    # over were allowed, and such a real book was refused
    path = with_shared_strings(tmp_path, texts(30_300), 300)
    check_xlsx_package(path)
    assert load_workbook(path)["Rates"]["A300"].value == "t299"


def test_texts_left_over_count_on_top_of_those_the_cells_could_use(tmp_path: Path) -> None:
    # the cells' room and the allowance add up ("one per 20 bytes ... and 1,000 more", as
    # docs/INPUT.md says), not the larger of the two
    path = with_shared_strings(tmp_path, texts(100_000 + 3_000), 3_000)
    check_xlsx_package(path)


def test_the_refusal_says_how_to_read_the_workbook_anyway(tmp_path: Path) -> None:
    path = with_shared_strings(tmp_path, texts(160_000), 3)
    with pytest.raises(InputError, match=(
            r"open it in Excel or LibreOffice and save it again: they list only the texts "
            r"its cells use")):
        check_xlsx_package(path)
