"""A workbook's macros are never deleted by a save without a word.

Every command that saves over the master workbook (refresh, with or without errors to list, an
import with ``--workbook``, ``workbook upgrade``) keeps an .xlsm's VBA project byte for byte and
saves it as macro-enabled, a signed project's signature tied to it; an .xlsx holding a VBA
project (an .xlsm renamed, or one another program wrote), which openpyxl saved without it, and
any workbook with an Excel 4 macro sheet, which openpyxl saves as a worksheet, are refused in
one message (:mod:`ratecalc_workbook.macros`), the file left as it was and no backup made.
Refresh saved the .xlsx without its project and said nothing (the backup held it).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError, Location, Problem
from ratecalc.kept_copies import backups_of
from ratecalc_addin.build_xlam import build_xlam
from ratecalc_workbook.fee_schedule_import import append_tables
from ratecalc_workbook.problems_sheet import record_problems
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.upgrade import upgrade_workbook
from tests.workbook.conftest import tiny_clinic
from tests.workbook.earlier_books import write_earlier_workbook

LATER = datetime(2026, 3, 2, 14, 5)
TYPES = "[Content_Types].xml"
BOOK_RELS = "xl/_rels/workbook.xml.rels"
PLAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_ENABLED = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


@pytest.fixture(scope="module")
def vba_project(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The VBA project of RateCalc's own add-in: a real one, eight modules."""
    with zipfile.ZipFile(build_xlam(tmp_path_factory.mktemp("addin"))) as xlam:
        return xlam.read("xl/vbaProject.bin")


def _with_vba(source: Path, target: Path, project: bytes, *, macro_enabled: bool) -> Path:
    """``source`` with ``project`` as its VBA project, as Excel relates and types it; its
    workbook typed macro-enabled (as Excel saves an .xlsm) or not (as another program may)."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    types = parts[TYPES].decode().replace("</Types>", (
        '<Override PartName="/xl/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/></Types>'))
    parts[TYPES] = (types.replace(PLAIN, MACRO_ENABLED) if macro_enabled else types).encode()
    parts[BOOK_RELS] = parts[BOOK_RELS].replace(b"</Relationships>", (
        f'<Relationship Id="rIdVba" Type="{VBA_TYPE}" Target="vbaProject.bin"/>'
        "</Relationships>").encode())
    parts["xl/vbaProject.bin"] = project
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _refresh(book: Path) -> object:
    return refresh_workbook(book, now=LATER)


def _upgrade(book: Path) -> object:
    return upgrade_workbook(book, now=LATER)


def _import(book: Path) -> object:
    rates = pd.DataFrame({"payer": ["Alpha Health"], "code": ["97112"], "modifier": [""],
                          "allowed_amount": [40.0],
                          "effective_date": [date(2026, 1, 1)]})
    return append_tables(book, [("fee_schedules", rates)], now=LATER)


def _problems(book: Path) -> object:
    note = Problem("Fee schedules", Location(file="x.csv", row=2), "a note", severity="warning")
    return record_problems(book, [note], "Import of x.csv", now=LATER)


#: Each way RateCalc saves over the master workbook.
SAVES: dict[str, Callable[[Path], object]] = {
    "refresh": _refresh, "import": _import, "problems": _problems, "upgrade": _upgrade}


@pytest.fixture(scope="module")
def earlier_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny clinic's workbook as an earlier RateCalc wrote it: upgrade has columns to add."""
    return write_earlier_workbook(tmp_path_factory.mktemp("earlier") / "earlier.xlsx",
                                  tiny_clinic())


@pytest.fixture
def book_for(tiny_book: Path, earlier_book: Path) -> Callable[[str], Path]:
    return lambda save: earlier_book if save == "upgrade" else tiny_book


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("save", list(SAVES))
def test_an_xlsm_keeps_its_vba_project_through_every_save(
        book_for: Callable[[str], Path], tmp_path: Path, vba_project: bytes, save: str) -> None:
    book = _with_vba(book_for(save), tmp_path / "tiny.xlsm", vba_project, macro_enabled=True)
    SAVES[save](book)
    assert backups_of(book), "the save was made"
    parts = _parts(book)
    assert parts["xl/vbaProject.bin"] == vba_project
    assert MACRO_ENABLED in parts[TYPES].decode()
    assert re.search(f'Type="{VBA_TYPE}"[^>]*Target="/?(?:xl/)?vbaProject.bin"|'
                     f'Target="/?(?:xl/)?vbaProject.bin"[^>]*Type="{VBA_TYPE}"',
                     parts[BOOK_RELS].decode())


def _refusal(name: str) -> str:
    stem = name.rsplit(".", 1)[0]
    return (rf"^'{re.escape(name)}' holds macros \(a VBA project\), which RateCalc cannot keep "
            rf"in a workbook named \.xlsx: saving it would delete them\. Nothing was changed or "
            rf"backed up\. To keep them, rename it '{re.escape(stem)}\.xlsm' \(an Excel "
            rf"Macro-Enabled Workbook\) and run the command on that: RateCalc keeps an "
            rf"\.xlsm's macros\.$")


@pytest.mark.parametrize("macro_enabled", [True, False], ids=["xlsm-renamed", "typed-xlsx"])
@pytest.mark.parametrize("save", list(SAVES))
def test_an_xlsx_holding_vba_is_refused_by_every_save_in_one_message(
        book_for: Callable[[str], Path], tmp_path: Path, vba_project: bytes, save: str,
        macro_enabled: bool) -> None:
    book = _with_vba(book_for(save), tmp_path / "tiny.xlsx", vba_project,
                     macro_enabled=macro_enabled)
    before = book.read_bytes()
    with pytest.raises(InputError, match=_refusal("tiny.xlsx")):
        SAVES[save](book)
    assert book.read_bytes() == before
    assert backups_of(book) == []


def test_renamed_as_the_refusal_says_the_macros_are_kept(
        tiny_book: Path, tmp_path: Path, vba_project: bytes) -> None:
    book = _with_vba(tiny_book, tmp_path / "tiny.xlsx", vba_project, macro_enabled=False)
    renamed = book.rename(book.with_suffix(".xlsm"))
    _refresh(renamed)
    parts = _parts(renamed)
    assert parts["xl/vbaProject.bin"] == vba_project
    assert MACRO_ENABLED in parts[TYPES].decode()  # as Excel opens an .xlsm


def _with_macro_sheet(source: Path, target: Path) -> Path:
    """``source`` with an Excel 4 macro sheet 'Macro1' last, as Excel writes one."""
    shutil.copy(source, target)
    parts = _parts(target)
    part = "xl/macrosheets/sheet1.xml"
    parts[BOOK_RELS] = parts[BOOK_RELS].replace(b"</Relationships>", (
        '<Relationship Id="rIdMacro" Type="http://schemas.microsoft.com/office/2006/'
        f'relationships/xlMacrosheet" Target="/{part}"/></Relationships>').encode())
    parts["xl/workbook.xml"] = re.sub(
        rb"</(\w+:)?sheets>", lambda m: (
            b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships" name="Macro1" sheetId="99" r:id="rIdMacro"/>' + m.group()),
        parts["xl/workbook.xml"], count=1)
    parts[TYPES] = parts[TYPES].replace(b"</Types>", (
        f'<Override PartName="/{part}" ContentType="application/vnd.ms-excel.macrosheet+xml"/>'
        "</Types>").encode())
    parts[part] = (b'<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                   b'2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
                   b'<sheetData><row r="1"><c r="A1"><f>RETURN()</f></c></row></sheetData>'
                   b"</xm:macrosheet>")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_an_excel_4_macro_sheet_is_refused_as_openpyxl_saves_it_as_a_worksheet(
        tiny_book: Path, tmp_path: Path, suffix: str) -> None:
    book = _with_macro_sheet(tiny_book, tmp_path / f"tiny{suffix}")
    before = book.read_bytes()
    with pytest.raises(InputError, match=(
            rf"^'tiny\{suffix}' holds macros \(an Excel 4 macro sheet 'Macro1'\), which "
            r"RateCalc cannot keep: saving it would make an ordinary worksheet of each, its "
            r"macros no macros any more\. Nothing was changed or backed up\. .*Move or Copy")):
        _refresh(book)
    assert book.read_bytes() == before
    assert backups_of(book) == []


SIGNATURE_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProjectSignature"
SIGNATURE_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                  'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  f'<Relationship Id="rId1" Type="{SIGNATURE_TYPE}" '
                  'Target="vbaProjectSignature.bin"/></Relationships>')
SIGNATURE_CONTENT = "application/vnd.ms-office.vbaProjectSignature"


@pytest.mark.parametrize("save", list(SAVES))
def test_a_signed_projects_signature_stays_tied_to_it(
        book_for: Callable[[str], Path], tmp_path: Path, vba_project: bytes, save: str) -> None:
    """openpyxl copied the signature part but not the project's relationships part naming it
    nor its content type: the project was saved unsigned, without a word. (The signature's
    bytes are a stand-in: what a signature Excel checks is not verified here.)"""
    book = _with_vba(book_for(save), tmp_path / "signed.xlsm", vba_project, macro_enabled=True)
    parts = _parts(book)
    parts[TYPES] = parts[TYPES].replace(b"</Types>", (
        f'<Override PartName="/xl/vbaProjectSignature.bin" ContentType="{SIGNATURE_CONTENT}"/>'
        "</Types>").encode())
    parts["xl/_rels/vbaProject.bin.rels"] = SIGNATURE_RELS.encode()
    signature = bytes(range(64))
    parts["xl/vbaProjectSignature.bin"] = signature
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    SAVES[save](book)
    assert backups_of(book), "the save was made"
    saved = _parts(book)
    assert saved["xl/vbaProject.bin"] == vba_project
    assert saved["xl/vbaProjectSignature.bin"] == signature
    assert saved["xl/_rels/vbaProject.bin.rels"] == SIGNATURE_RELS.encode()
    assert re.search(r'<Override PartName="/xl/vbaProjectSignature\.bin" '
                     rf'ContentType="{re.escape(SIGNATURE_CONTENT)}"/>', saved[TYPES].decode())
