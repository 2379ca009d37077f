"""A file of another kind given to `import remittances` is refused in one error saying what it
is. Without an ISA, the delimiters are inferred from the first segment; any two capitals and a
character after them were taken for one, so a Word or Excel file ("PK\\x03\\x04", a zip) was
read as an 835 separated by \\x03: a .docx gave 80 errors of unreadable bytes, one per piece of
the zip, and an .xlsx "no element separator '\\x03' ... segment 215"."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from ratecalc.errors import InputError
from ratecalc.remittance.tokenizer import tokenize
from ratecalc_cli.main import main

NOT_X12 = "expected an X12 file starting with an ISA (or ST) segment"
ZIPPED = ("; it is a zip archive (an Excel or Word file, or 835 files zipped: unzip it and give "
          "the files it holds)")


def _docx(path: Path) -> Path:
    document = Document()
    document.add_paragraph("Remittance advice, March 2025")
    document.save(str(path))
    return path


def _xlsx(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["claim", "paid"])
    wb.save(path)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("march.835", "ST*835*1~SE*2*1~")
    return path


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


def _gzip(path: Path) -> Path:
    path.write_bytes(gzip.compress(b"ST*835*1~SE*2*1~"))
    return path


#: maker -> the words saying what the file is
KINDS = {_docx: ZIPPED, _xlsx: ZIPPED, _zip: ZIPPED, _pdf: "; it is a PDF",
         _gzip: "; it is a gzip file (unpack it and give the file it holds)"}


@pytest.mark.parametrize("make", list(KINDS), ids=lambda make: make.__name__[1:])
def test_a_file_of_another_kind_is_one_error_saying_what_it_is(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, make) -> None:
    path = make(tmp_path / "remit.835")
    code = main(["import", "remittances", str(path)])
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 3
    assert len(errors) == 1, err
    assert errors[0].startswith(f"error: Remittance '{path}', segment 1: {NOT_X12}{KINDS[make]};"
                                " the file was not imported, got ")


@pytest.mark.parametrize("text", [
    "PK\x03\x04\x14\x00\x06\x00",   # a zip's first bytes, read as Latin-1
    "XY*1*2~ZZ*3~",                 # two capitals and a separator, but no segment of an 835
    "Page*1~",
])
def test_text_starting_with_no_835_segment_is_no_x12(text: str) -> None:
    with pytest.raises(InputError, match=r"^expected an X12 file starting with an ISA \(or ST\) "
                                         r"segment"):
        tokenize(text)


@pytest.mark.parametrize("text", ["ST*835*1~SE*2*1~", "GS*HP*S*R~ST*835*1~SE*2*1~GE*1*1~",
                                  "BPR*I*80*C~N1*PR*ACME~"])
def test_text_starting_with_an_835_segment_still_has_its_delimiters_inferred(text: str) -> None:
    [block] = tokenize(text)
    assert block.inferred and (block.delimiters.element, block.delimiters.segment) == ("*", "~")
