"""A workbook saved as "Strict Open XML Spreadsheet" (Excel's Save As offers it under the same
.xlsx extension) is refused by the package check every reader runs, in one message naming the
file and how to save it. openpyxl knows only the Transitional namespaces and found no sheet in
it: `workbook upgrade` stopped with an internal error (exit 4), the readers of the tables said
each sheet was missing ("no sheet named 'Settings'"), and `import fee-schedule` said
"cannot read it as XLSX (Worksheet named 'Start' not found)"."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc.errors import InputError
from ratecalc.xlsx_package import check_xlsx_package
from ratecalc_cli.main import ExitCode, main

FEES = Path(__file__).resolve().parents[1] / "data" / "fee_schedules" / "acme_health_2026.csv"
PAYER = "Summit BlueCare PPO"

#: Transitional namespaces and the Strict ones Excel writes in their place (ISO/IEC 29500-1,
#: Annex A), longest first where one begins another.
STRICT = [
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
     "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/drawingml/2006/",
     "http://purl.oclc.org/ooxml/drawingml/"),
]

WORDS = (r"'{name}': saved as a Strict Open XML Spreadsheet, which RateCalc cannot read; "
         r"expected an Excel Workbook \(.xlsx or .xlsm, Transitional, as Excel saves by "
         r"default\): open it in Excel and save it as 'Excel Workbook \(\*.xlsx\)'")


def as_strict(source: Path, target: Path) -> Path:
    """``source`` with its parts in the Strict namespaces, as Excel saves it so."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for transitional, strict in STRICT:
                    text = text.replace(transitional, strict)
                if info.filename == "xl/workbook.xml":
                    text = text.replace("<workbook ", '<workbook conformance="strict" ', 1)
                data = text.encode("utf-8")
            new.writestr(info, data)
    return target


def test_the_package_check_refuses_it(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["payer", "code", "allowed_amount"])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    check_xlsx_package(plain)  # the same workbook, Transitional, passes
    strict = as_strict(plain, tmp_path / "strict.xlsx")
    with pytest.raises(InputError, match=WORDS.format(name="strict.xlsx")):
        check_xlsx_package(strict)


@pytest.mark.parametrize("argv", [
    ["analyze", "{book}", "--out", "{tmp}/out"],
    ["refresh", "{book}"],
    ["letter", "{book}", "--payer", PAYER, "--out", "{tmp}/letter.docx"],
    ["workbook", "export", "{book}", "{tmp}/tables"],
    ["workbook", "upgrade", "{book}"],
    ["import", "fee-schedule", str(FEES), "--payer", PAYER, "--workbook", "{book}"],
    ["import", "fee-schedule", "{book}", "--payer", PAYER, "--workbook", "{demo}"],
], ids=lambda argv: " ".join(a for a in argv[:3] if not a.startswith(("{", "/"))))
def test_every_command_refuses_it_naming_the_file(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path,
        argv: list[str]) -> None:
    book = as_strict(demo_workbook, tmp_path / "strict book.xlsx")
    demo = tmp_path / "demo.xlsx"
    demo.write_bytes(demo_workbook.read_bytes())
    before = book.read_bytes(), demo.read_bytes()
    given = [a.format(book=book, tmp=tmp_path, demo=demo) for a in argv]
    assert main(given) == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert re.search(WORDS.format(name="strict book.xlsx"), err), err
    assert (book.read_bytes(), demo.read_bytes()) == before
    assert not (tmp_path / "out").exists() and not (tmp_path / "letter.docx").exists()


def test_a_byte_order_mark_before_the_declaration_hides_nothing(tmp_path: Path) -> None:
    """The workbook part opening with a UTF-8 byte order mark and an XML declaration (as
    tools writing with a BOM do): the root's tag was cut 3 bytes early, inside the
    declaration, and the Strict namespace never seen (each sheet then "no sheet named")."""
    wb = Workbook()
    wb.active.append(["payer", "code", "allowed_amount"])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    strict = as_strict(plain, tmp_path / "strict.xlsx")
    marked = tmp_path / "marked.xlsx"
    with zipfile.ZipFile(strict) as old, zipfile.ZipFile(marked, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/workbook.xml":
                data = (b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b"\r\n" + data.removeprefix(b"<?xml version='1.0' encoding='UTF-8'?>"))
            new.writestr(info, data)
    with pytest.raises(InputError, match=WORDS.format(name="marked.xlsx")):
        check_xlsx_package(marked)
