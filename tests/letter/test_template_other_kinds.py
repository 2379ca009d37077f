"""An Office file of another kind, or a plain zip, given as the letterhead is refused saying what
it is. python-docx's words were passed on, naming a Python object: "template 'book.xlsx': not a
Word .docx document (file '<_io.BytesIO object at 0x7f9b3ff94ea0>' is not a Word file, content
type is 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')"."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from ratecalc.errors import InputError
from ratecalc_letter.render import load_template


def _workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active["A1"] = "Riverbend Physical Therapy"
    wb.save(path)
    return path


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("letterhead.txt", "Riverbend Physical Therapy")
    return path


@pytest.mark.parametrize(("make", "name", "kind"), [
    (_workbook, "letterhead.xlsx", "an Excel workbook"),
    (_workbook, "letterhead.docx", "an Excel workbook"),  # renamed: told by its content
    (_plain_zip, "letterhead.zip", "a zip package without a Word document part"),
])
def test_another_kind_of_file_is_refused_saying_what_it_is(
        tmp_path: Path, make, name: str, kind: str) -> None:
    path = make(tmp_path / name)
    with pytest.raises(InputError) as raised:
        load_template(path)
    assert str(raised.value) == f"template '{name}': not a Word .docx document; it is {kind}"


def test_a_word_document_is_still_a_letterhead(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Riverbend Physical Therapy")
    path = tmp_path / "letterhead.docx"
    document.save(str(path))
    loaded = load_template(path)
    texts = [p.text for p in loaded[0].paragraphs]
    assert "Riverbend Physical Therapy" in texts
