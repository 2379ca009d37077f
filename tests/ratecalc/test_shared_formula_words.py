"""A formula never computed that a cell shares with another (``<f t="shared" si="0"/>``: Excel
writes a shared formula's text once, in the first cell sharing it) is named by that cell and
its text. The message read "holds the formula a formula, whose value has never been computed"
for every cell after the first."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc.fee_schedule_import import read_fee_schedule

UNCOMPUTED = (", whose value has never been computed (or was not kept by the program that "
              "saved the file last): open and save the workbook in Excel or LibreOffice, or "
              "type the value")


def _export(path: Path, b2: str, b3: str, b4: str) -> Path:
    """A fee schedule whose amounts B2:B4 are formulas openpyxl writes without a value; the
    worksheet's XML for them replaced by ``b2``, ``b3`` and ``b4``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rates"
    ws.append(["CPT Code", "Allowed Amount", "Effective Date"])
    for code, amount in (("97110", "=20+5.22"), ("97140", "=20+6"), ("97112", "=20+7")):
        ws.append([code, amount, "2026-01-01"])
    source = path.with_suffix(".source.xlsx")
    wb.save(source)
    with zipfile.ZipFile(source) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for written, wanted in (('<c r="B2"><f>20+5.22</f><v></v></c>', b2),
                            ('<c r="B3"><f>20+6</f><v></v></c>', b3),
                            ('<c r="B4"><f>20+7</f><v></v></c>', b4)):
        assert written in sheet
        sheet = sheet.replace(written, wanted)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def _rules(path: Path) -> list[str]:
    read = read_fee_schedule(path, "Acme Health")
    return [problem.rule for problem in read.problems if problem.severity == "error"]


def test_each_cell_sharing_a_formula_is_named_by_the_cell_holding_its_text(
        tmp_path: Path) -> None:
    path = _export(tmp_path / "acme.xlsx",
                   '<c r="B2"><f t="shared" ref="B2:B4" si="0">A2/1000</f></c>',
                   '<c r="B3"><f t="shared" si="0"/></c>',
                   '<c r="B4"><f t="shared" si="0"></f></c>')
    assert _rules(path) == [
        "holds the formula =A2/1000" + UNCOMPUTED,
        "holds a formula shared from cell B2 (=A2/1000 there)" + UNCOMPUTED,
        "holds a formula shared from cell B2 (=A2/1000 there)" + UNCOMPUTED,
    ]


@pytest.mark.parametrize("dependent", ['<c r="B3"><f t="shared" si="7"/></c>',  # no such si
                                       '<c r="B3"><f/></c>'])
def test_a_formula_whose_text_the_file_does_not_hold_is_a_formula(
        tmp_path: Path, dependent: str) -> None:
    path = _export(tmp_path / "acme.xlsx", '<c r="B2"><f>20+5.22</f></c>', dependent,
                   '<c r="B4"><f>20+7</f></c>')
    assert _rules(path) == ["holds the formula =20+5.22" + UNCOMPUTED,
                            "holds a formula" + UNCOMPUTED,
                            "holds the formula =20+7" + UNCOMPUTED]


def test_an_export_without_a_default_style_is_read_without_openpyxl_warning(
        tmp_path: Path, recwarn: pytest.WarningsRecorder) -> None:
    """A payer's export written by a program that lists no cell style (no ``<cellStyles>``):
    openpyxl's "Workbook contains no default style, apply openpyxl's default" went to the
    terminal with its source file's path, before the import's own lines."""
    path = _export(tmp_path / "acme.xlsx", '<c r="B2"><v>25.22</v></c>',
                   '<c r="B3"><v>26</v></c>', '<c r="B4"><v>27</v></c>')
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    styles = parts["xl/styles.xml"].decode()
    start, end = styles.index("<cellStyles"), styles.index("</cellStyles>")
    parts["xl/styles.xml"] = (styles[:start] + styles[end + len("</cellStyles>"):]).encode()
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    read = read_fee_schedule(path, "Acme Health")
    assert read.rows["allowed_amount"].tolist() == [25.22, 26, 27]
    assert [str(w.message) for w in recwarn] == []
