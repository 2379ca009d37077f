"""Workbooks damaged in the parts every reader finds its sheets by, or holding a text cell that
points before the first text: refused by the package check (:mod:`ratecalc.xlsx_package`) in
words naming the file and the part or cell, never read as something else."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.loaders import read_xlsx_cells
from ratecalc.xlsx_package import check_xlsx_package
from ratecalc.xlsx_parts import HEAD_BYTES
from tests.hostile import run_cli

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _parts(cells: str, texts: list[str]) -> dict[str, str]:
    """The parts of a one-sheet workbook ('Rates') whose text cells point into ``texts`` (the
    shared strings, as Excel and LibreOffice write every text)."""
    shared = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{_TYPE}.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            f'sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/><Override PartName="/xl/'
            f'sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/></Types>',
        "_rels/.rels":
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship '
            f'Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
            '<sheets><sheet name="Rates" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship '
            f'Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
            f'Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
            f"{cells}</sheetData></worksheet>",
        "xl/sharedStrings.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(texts)}" '
            f'uniqueCount="{len(texts)}">{shared}</sst>',
    }


#: A fee schedule: header Code, Allowed; 97110 at $31.50 and 97112 at $35.25 (texts 0 to 3).
_TEXTS = ["Code", "Allowed", "97110", "97112"]
_ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
         '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>31.5</v></c></row>'
         '<row r="3"><c r="A3" t="s"><v>{a3}</v></c><c r="B3"><v>35.25</v></c></row>')


def _book(path: Path, *, a3: str = "3", cut: str | None = None) -> Path:
    """The fee schedule at ``path``, cell A3 pointing at text ``a3``, and part ``cut`` (if any)
    cut short in its middle, as a copy broken off in transfer or edited by hand leaves it."""
    parts = _parts(_ROWS.format(a3=a3), _TEXTS)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text[:len(text) // 2] if name == cut else text)
    return path


def test_the_hand_built_book_passes_and_reads(tmp_path: Path) -> None:
    """The fixture is a workbook every reader takes, so the refusals below are the damage's."""
    book = _book(tmp_path / "fees.xlsx")
    check_xlsx_package(book)
    grid = read_xlsx_cells(book, ["Rates"])["Rates"]
    assert grid.values.tolist() == [["Code", "Allowed"], ["97110", 31.5], ["97112", 35.25]]


@pytest.mark.parametrize("index", ["-1", "-4", " -2", "-0000001"])
def test_a_text_cell_pointing_before_the_first_text_is_refused(tmp_path: Path,
                                                               index: str) -> None:
    """openpyxl reads text number -1 as the last text (Python's list index from the end): the
    fee schedule's 97112 row was read as code 'Allowed' or a second 97112 without a word.
    Excel refuses to open such a file."""
    book = _book(tmp_path / "fees.xlsx", a3=index)
    with pytest.raises(InputError, match=rf"'fees.xlsx', sheet 'Rates', cell A3: a text cell "
                                         rf"holding {re.escape(repr(index))}; expected the "
                                         rf"number of one of the workbook's texts \(0 or "
                                         rf"more\); not read"):
        check_xlsx_package(book)


@pytest.mark.parametrize(("kind", "words"), [
    ("&#115;", "a text cell"), ("&#x73;", "a text cell"), ("&#98;", "a TRUE/FALSE cell"),
])
def test_a_type_written_as_a_character_reference_is_read_as_the_parser_reads_it(
        tmp_path: Path, kind: str, words: str) -> None:
    """t="&#115;" is t="s" to every XML parser: openpyxl read the cell's -1 as the last text
    ('Allowed' for the code), which the check had passed as a cell of an unknown type."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="{kind}"><v>-1</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=rf"sheet 'Rates', cell A3: {words} holding '-1'"):
        check_xlsx_package(book)


def test_a_spaced_type_written_as_a_character_reference_is_refused_as_no_type(
        tmp_path: Path) -> None:
    """t=" &#x0073; " is t=" s " to the parser, which openpyxl takes for no type at all and
    reads the value raw (-1 as the text '-1'): refused as a cell of an unknown type."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         '<c r="A3" t=" &#x0073; "><v>-1</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"sheet 'Rates', cell A3: a cell of type "
                                         r"' &#x0073; '; expected one of the types"):
        check_xlsx_package(book)


def test_a_negative_number_cell_still_passes(tmp_path: Path) -> None:
    """Only a text cell's index is refused for its sign: an amount of -80 is a number."""
    parts = _parts('<row r="1"><c r="A1"><v>-80</v></c><c r="B1" t="s"><v>0</v></c></row>',
                   ["Code"])
    path = tmp_path / "negative.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    check_xlsx_package(path)


def _sheet_book(path: Path, cells: str, texts: list[str], *, stored: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                         ) as archive:
        for name, text in _parts(cells, texts).items():
            archive.writestr(name, text)
    return path


#: Where the package check's first piece of a sheet ends (xlsx_parts.HEAD_BYTES), and the
#: sheet's text before its first cell (the parts' XML declaration and <worksheet><sheetData>).
_HEAD = 4096
_SHEET_START = len(_parts("", [])["xl/worksheets/sheet1.xml"]) - len("</sheetData></worksheet>")


@pytest.mark.parametrize("before_boundary", [1, 63, 65, 500, 3000])
@pytest.mark.parametrize("tag", [
    '<c r="A9" t="s" note="{pad}">', '<c r="A9" note="{pad}" t="s">',
    '<c r="A9"\n  note="{pad}"\n  t = \'s\'>', '<c r="A9" t="b" note="{pad}">',
    '<c r="A9" t="s" note="{pad}"><f>"x"</f><!-- a note -->',
])
@pytest.mark.parametrize("stored", [True, False])
def test_a_negative_text_cell_behind_a_long_tag_is_refused(tmp_path: Path, tag: str,
                                                           before_boundary: int,
                                                           stored: bool) -> None:
    """The check reads a sheet in pieces: a text or TRUE/FALSE cell whose start tag (thousands
    of characters of attributes) begins in one piece and whose negative <v> is in the next is
    refused as one within a piece is, wherever the tag's type stands in it and however spaced."""
    number_rows = "".join(f'<row r="{r}"><c r="A{r}"><v>-{r}.5</v></c></row>' for r in range(2, 9))
    # an inline text in row 1 long enough that the piece boundary falls before_boundary
    # characters into the long tag of row 9
    pad_row = '<row r="1"><c r="B1" t="inlineStr"><is><t>{}</t></is></c></row>'
    filler = _HEAD - before_boundary - (_SHEET_START + len(pad_row.format("")) + len(number_rows)
                                        + len('<row r="9">'))
    body = pad_row.format("x" * filler) + number_rows
    assert _SHEET_START + len(body) + len('<row r="9">') == _HEAD - before_boundary
    row = f'<row r="9">{tag.format(pad="p" * 3000)}<v>-1</v></c></row>'
    book = _sheet_book(tmp_path / "fees.xlsx", body + row, ["Code"], stored=stored)
    kind = "a TRUE/FALSE cell" if 't="b"' in tag else "a text cell"
    with pytest.raises(InputError, match=rf"sheet 'Rates', cell A9: {kind} holding '-1'"):
        check_xlsx_package(book)


def test_negative_amounts_are_passed_over_in_c(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet of negative amounts beside text cells passes, without reading each amount's cell
    in Python: 300,000 of them took 6-7 times as long to check as positive ones."""
    from ratecalc import xlsx_package

    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}" s="1"><v>-{r}.25'
                   f'</v></c><c r="C{r}" t="n"><f>-B{r}</f><v>-{r}</v></c>'
                   f'<c r="D{r}" t="b"><v>1</v></c></row>' for r in range(1, 30001))
    book = _sheet_book(tmp_path / "amounts.xlsx", rows, ["Code"], stored=False)
    calls = []
    real = xlsx_package._cell_of
    monkeypatch.setattr(xlsx_package, "_cell_of",
                        lambda *args: calls.append(args[1]) or real(*args))
    check_xlsx_package(book)
    assert calls == []
    # the same sheet with one text cell pointing at -2, in its last rows: read and refused
    book = _sheet_book(tmp_path / "one_bad.xlsx", rows.replace(
        '<c r="A29999" t="s"><v>0</v>', '<c r="A29999" t="s"><v>-2</v>'), ["Code"])
    with pytest.raises(InputError, match=r"cell A29999: a text cell holding '-2'"):
        check_xlsx_package(book)
    # only the piece holding it is read cell by cell: of the 60,000 negative amounts, that
    # piece's (about 6,000 in a MiB) at most
    assert 0 < len(calls) < 10_000


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"])
def test_a_workbook_part_cut_short_is_named(tmp_path: Path, part: str) -> None:
    """The sheets are found in these two parts: cut short, the fee-schedule import said "every
    sheet of the workbook is hidden" (workbook.xml) or "no worksheet, only a chart sheet
    (Rates)" (its relationships), of a file that has neither."""
    book = _book(tmp_path / "fees.xlsx", cut=part)
    with pytest.raises(InputError, match=rf"'fees.xlsx', part '{part}': damaged: not "
                                         rf"well-formed XML \(.+, line 1, column \d+\), as a "
                                         rf"file cut short or changed by hand is; open it in "
                                         rf"Excel, which repairs it or says what it lost, or "
                                         rf"use a copy saved before; not read"):
        check_xlsx_package(book)


@pytest.mark.parametrize(("damage", "expected"), [
    ({"a3": "-1"}, r"sheet 'Rates', cell A3: a text cell holding '-1'; expected the number of "
                   r"one of the workbook's texts"),
    ({"cut": "xl/workbook.xml"}, r"part 'xl/workbook.xml': damaged: not well-formed XML"),
    ({"cut": "xl/_rels/workbook.xml.rels"},
     r"part 'xl/_rels/workbook.xml.rels': damaged: not well-formed XML"),
])
def test_the_fee_schedule_import_refuses_the_damage_in_words(tmp_path: Path, demo_book: Path,
                                                             damage: dict, expected: str) -> None:
    """Through the command a clinic runs: exit 3 (a file that cannot be read), the file and
    the place named, nothing imported."""
    workbook = tmp_path / "wb.xlsx"
    shutil.copy(demo_book, workbook)
    before = workbook.read_bytes()
    book = _book(tmp_path / "fees.xlsx", **damage)
    code, err = run_cli(["import", "fee-schedule", str(book), "--payer", "Summit BlueCare PPO",
                         "--workbook", str(workbook), "--effective-date", "2026-02-01"])
    assert code == 3, err
    assert "'fees.xlsx'" in err
    assert re.search(expected, err), err
    assert "hidden" not in err and "chart sheet" not in err
    assert workbook.read_bytes() == before


def _cut_part(source: Path, target: Path, prefix: str) -> Path:
    """``source`` with each part whose name starts with ``prefix`` cut in its middle."""
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info)
            copy.writestr(info, data[:len(data) // 2] if info.filename.startswith(prefix)
                          else data)
    return target


@pytest.mark.parametrize("prefix", ["xl/theme/theme1.xml", "xl/styles.xml", "docProps/app.xml",
                                    "xl/tables/table1.xml", "xl/comments/comment1.xml"])
def test_a_part_cut_short_is_named(tmp_path: Path, demo_book: Path, prefix: str) -> None:
    book = _cut_part(demo_book, tmp_path / "negotiation.xlsx", prefix)
    with pytest.raises(InputError, match=rf"'negotiation.xlsx', part '{prefix}'( of sheet "
                                         rf"'[^']+')?: damaged: not well-formed XML"):
        check_xlsx_package(book)


def test_refresh_does_not_save_a_theme_cut_short_again(tmp_path: Path, demo_book: Path) -> None:
    """openpyxl keeps a workbook's theme as it is: a refresh of a workbook whose theme was cut
    short said "Refreshed" (exit 0) and saved the cut theme again, a workbook Excel reports as
    damaged. Now refused, the workbook untouched."""
    book = _cut_part(demo_book, tmp_path / "negotiation.xlsx", "xl/theme/")
    before = book.read_bytes()
    code, err = run_cli(["refresh", str(book)])
    assert code == 3, err
    assert re.search(r"'negotiation.xlsx', part 'xl/theme/theme1.xml': damaged: not "
                     r"well-formed XML", err), err
    assert book.read_bytes() == before


def _one_sheet(path: Path, rows: str, texts: list[str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _parts(rows, texts).items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize(("cell", "kind"), [
    ('<c r="A3" t="zz"><v>3</v></c>', "zz"),
    ('<c r="A3" s="0" t="S"><v>3</v></c>', "S"),
    ('<c r="A3" t=""><v>97112</v></c>', ""),
    ("<c r='A3'\n t = 'shared'><v>3</v></c>", "shared"),
    ('<c r="A3" t="zz"/>', "zz"),
])
def test_a_cell_of_a_type_no_cell_has_is_refused(tmp_path: Path, cell: str, kind: str) -> None:
    """openpyxl reads the value of a cell whose type is none of the seven (ECMA-376's
    ST_CellType) as raw text: ``t="zz"`` holding 3 was read as the code '3', without a word.
    Excel reports such a file as damaged; so is it refused, naming the file, sheet and cell."""
    rows = _ROWS.replace('<c r="A3" t="s"><v>{a3}</v></c>', cell)
    book = _one_sheet(tmp_path / "fees.xlsx", rows, _TEXTS)
    with pytest.raises(InputError, match=rf"^'fees.xlsx', sheet 'Rates', cell A3: a cell of "
                                         rf"type {re.escape(repr(kind))}; expected one of the "
                                         rf"types a workbook's cells have \(b, d, e, inlineStr, "
                                         rf"n, s or str\), as Excel writes them; not read$"):
        check_xlsx_package(book)


@pytest.mark.parametrize("cut", [1, 3, 12, 16, 18, 19, 21, 30])
def test_a_cell_type_cut_by_the_chunk_is_found(tmp_path: Path, cut: int) -> None:
    """The check reads a sheet in chunks (the first :data:`HEAD_BYTES`, then more): the odd
    cell is found wherever a chunk ends in it, ``cut`` bytes into ``<c r="A3" t="zz">``."""
    cell = '<c r="A3" t="zz"><v>3</v></c>'
    rows = _ROWS.replace('<c r="A3" t="s"><v>{a3}</v></c>', cell)
    sheet = _parts(rows, _TEXTS)["xl/worksheets/sheet1.xml"]
    pad = HEAD_BYTES - cut - sheet.index(cell)
    parts = _parts(" " * pad + rows, _TEXTS)
    assert parts["xl/worksheets/sheet1.xml"].index(cell) + cut == HEAD_BYTES
    book = tmp_path / "fees.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_STORED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    with pytest.raises(InputError, match=r"sheet 'Rates', cell A3: a cell of type 'zz'"):
        check_xlsx_package(book)


def test_types_of_formulas_and_text_pass(tmp_path: Path) -> None:
    """A formula's own type (``<f t="shared">``, ``t="array"``), an inline text, and text that
    reads like a type attribute are not a cell's type: the book passes and reads."""
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="str"><f t="shared" ref="A2:A3" si="0">"97110"</f>'
            '<v>97110</v></c><c r="B2"><f t="array" ref="B2">31.5</f><v>31.5</v></c></row>'
            '<row r="3"><c r="A3" t="inlineStr"><is><t>a t="zz" b</t></is></c>'
            '<c r="B3" t="n"><v>35.25</v></c></row>')
    book = _one_sheet(tmp_path / "fees.xlsx", rows, _TEXTS)
    check_xlsx_package(book)
    grid = read_xlsx_cells(book, ["Rates"])["Rates"]
    assert grid.values.tolist() == [["Code", "Allowed"], ["97110", 31.5], ['a t="zz" b', 35.25]]


def test_the_fee_schedule_import_refuses_a_cell_of_no_type(tmp_path: Path,
                                                           demo_book: Path) -> None:
    """Through the command: exit 3, the file, sheet and cell named, nothing imported (before,
    the row was imported as code '3' with exit 0)."""
    workbook = tmp_path / "wb.xlsx"
    shutil.copy(demo_book, workbook)
    before = workbook.read_bytes()
    rows = _ROWS.replace('<c r="A3" t="s"><v>{a3}</v></c>', '<c r="A3" t="zz"><v>3</v></c>')
    book = _one_sheet(tmp_path / "fees.xlsx", rows, _TEXTS)
    code, err = run_cli(["import", "fee-schedule", str(book), "--payer", "Summit BlueCare PPO",
                         "--workbook", str(workbook), "--effective-date", "2026-02-01"])
    assert code == 3, err
    assert "'fees.xlsx', sheet 'Rates', cell A3: a cell of type 'zz'" in err
    assert workbook.read_bytes() == before


@pytest.mark.parametrize("inside", [
    "<cx/>", '<x:cell xmlns:x="urn:x"/>', "<f>SUM(a1:c2)</f>", "<!--<c-->",
])
@pytest.mark.parametrize("stored", [True, False])
def test_a_negative_text_cell_behind_an_element_named_c_is_refused(tmp_path: Path, inside: str,
                                                                   stored: bool) -> None:
    """The cell's start tag in one piece, its negative <v> in the next, and between them
    something holding "<c" or ":c" that is not a cell's start (an element of another name, a
    formula's range, a comment): the piece's last "<c" was taken for the cell's start, its
    type left behind, and the -1 passed (review-h6: openpyxl read it as the last text)."""
    pad_row = '<row r="1"><c r="B1" t="inlineStr"><is><t>{}</t></is></c></row>'
    head = f'<row r="9"><c r="A9" t="s">{inside}'
    filler = _HEAD - 500 - (_SHEET_START + len(pad_row.format("")) + len(head))
    row = f'{head}{" " * 3000}<v>-1</v></c></row>'
    book = _sheet_book(tmp_path / "fees.xlsx", pad_row.format("x" * filler) + row, ["Code"],
                       stored=stored)
    with pytest.raises(InputError, match=r"'fees.xlsx', sheet 'Rates', cell A9: a text cell "
                                         r"holding '-1'"):
        check_xlsx_package(book)


@pytest.mark.parametrize("value", ["<![CDATA[-1]]>", "&#45;1", "&#x2d;1", "\u00a0-1",
                                   "<!-- a note -->-1", "\u3000-1"])
@pytest.mark.parametrize("kind", ["s", "b"])
def test_a_negative_spelled_otherwise_is_read_as_the_parser_reads_it(tmp_path: Path, value: str,
                                                                     kind: str) -> None:
    """A text cell's -1 in a CDATA section, a character reference, after a comment or after
    whitespace Python's int() strips: openpyxl read each as the last text ('Allowed' for the
    code), where the check took the bytes up to the next tag, not the -1 (review-h6)."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="{kind}"><v>{value}</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    words = "a text cell" if kind == "s" else "a TRUE/FALSE cell"
    with pytest.raises(InputError, match=rf"sheet 'Rates', cell A3: {words} holding '-1'"):
        check_xlsx_package(book)


@pytest.mark.parametrize(("kind", "value"), [("s", "&#50;"), ("s", "<![CDATA[2]]>"),
                                             ("b", "&#49;"), ("b", " <!---->0")])
def test_a_value_spelled_otherwise_that_is_fine_passes(tmp_path: Path, kind: str,
                                                       value: str) -> None:
    """The same spellings of a text's number (2) or of TRUE/FALSE pass: read as the parser
    reads them, they are what Excel writes."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="{kind}"><v>{value}</v>')
    check_xlsx_package(_sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS))


@pytest.mark.parametrize("cell", [
    '<c r="C2" t="b"><v>1</v></c>', '<c r="C2" t="d"><v>2026-02-01T00:00:00</v></c>',
    '<c r="C2" t="e"><v>#N/A</v></c>', '<c r="C2" t="inlineStr"><is><t>x</t></is></c>',
    '<c r="C2" t="n"><v>-3</v></c>', '<c r="C2" t="s"><v>1</v></c>',
    '<c r="C2" t="str"><v>x</v></c>',
])
def test_each_of_the_seven_cell_types_passes(tmp_path: Path, cell: str) -> None:
    """ECMA-376's ST_CellType has seven values; a cell of any of them is a cell Excel writes
    (a date cell t="d", an error t="e" as LibreOffice saves #N/A), never refused as odd."""
    rows = _ROWS.format(a3="3").replace('<c r="B2"><v>31.5</v></c>',
                                        f'<c r="B2"><v>31.5</v></c>{cell}')
    assert cell in rows
    check_xlsx_package(_one_sheet(tmp_path / "fees.xlsx", rows, _TEXTS))


@pytest.mark.parametrize("inside", ["<c/>", '<c r="Z3"/>', '<c r="Z3" t="n" />', "<x:c/>"])
@pytest.mark.parametrize("stored", [True, False])
def test_a_negative_text_cell_behind_an_empty_cell_inside_it_is_refused(
        tmp_path: Path, inside: str, stored: bool) -> None:
    """openpyxl reads a row's cells and each one's first <v>, passing over a cell inside a
    cell: the -1 behind an empty one was read as the last text ('97112' for the code), where
    the check stopped at the inner cell's start and passed the file (hostile-7)."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="s">{inside}<v>-1</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS, stored=stored)
    with pytest.raises(InputError, match=r"'fees.xlsx', sheet 'Rates', cell A3: a text cell "
                                         r"holding '-1'"):
        check_xlsx_package(book)


@pytest.mark.parametrize("inside", ["<f/>" * 17, "<f>1</f><!-- -->" * 9, "<f/>" * 5000])
def test_a_value_behind_more_elements_than_excel_writes_is_refused(tmp_path: Path,
                                                                   inside: str) -> None:
    """The check steps back from a value to its cell's start over at most 16 elements, and
    passed a text cell's -1 behind 17 (openpyxl read it as the last text): a value that deep is
    refused, as Excel writes no more than a formula before it."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="s">{inside}<v>-1</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"^'fees.xlsx', sheet 'Rates': a value behind more "
                                         r"than 16 other elements of its cell; expected at most "
                                         r"a formula before a cell's value, as Excel writes it; "
                                         r"not read$"):
        check_xlsx_package(book)
    # the same cell behind a formula, as Excel writes it, is the text cell's -1
    formula = cells.replace(inside, "<f>A1</f>")
    with pytest.raises(InputError, match=r"cell A3: a text cell holding '-1'"):
        check_xlsx_package(_sheet_book(tmp_path / "formula.xlsx", formula, _TEXTS))


@pytest.mark.parametrize("value", ["2", "10", "1.0", " 2 ", "00"])
def test_a_true_false_cell_holding_a_number_other_than_0_or_1_is_refused(tmp_path: Path,
                                                                        value: str) -> None:
    """openpyxl reads a TRUE/FALSE cell's 2 as TRUE (and fails on 1.0): a plain number, it was
    never read by the check, which refused only text and negatives there."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="b"><v>{value}</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=rf"'fees.xlsx', sheet 'Rates', cell A3: a TRUE/FALSE "
                                         rf"cell holding {re.escape(repr(value))}; "
                                         rf"expected 0 or 1; not read"):
        check_xlsx_package(book)


@pytest.mark.parametrize("before_boundary", [1, 63, 65, 500])
@pytest.mark.parametrize("stored", [True, False])
# the type behind the long attribute, in the piece of the 2; or before it, in the piece before
# (more than the 64 characters read again back): only the second needs the cell's start and
# type in the text before, which the check carries over (_odd_booleans' before, booleans_before)
@pytest.mark.parametrize("tag", ['<c r="A9" note="{pad}" t="b">', '<c r="A9" t="b" note="{pad}">'])
def test_a_true_false_cell_holding_2_behind_a_long_tag_is_refused(
        tmp_path: Path, before_boundary: int, stored: bool, tag: str) -> None:
    """The TRUE/FALSE cell's start tag begun in one piece of the sheet, its 2 in the next."""
    pad_row = '<row r="1"><c r="B1" t="inlineStr"><is><t>{}</t></is></c></row>'
    filler = _HEAD - before_boundary - (_SHEET_START + len(pad_row.format(""))
                                        + len('<row r="9">'))
    # the tag begins before_boundary characters before the first piece's end, as the test of
    # a text cell's -1 behind a long tag checks (a filler cut short would put it elsewhere)
    assert filler > 0
    assert _SHEET_START + len(pad_row.format("x" * filler)) + len('<row r="9">') == \
        _HEAD - before_boundary
    row = f'<row r="9">{tag.format(pad="p" * 3000)}<v>2</v></c></row>'
    book = _sheet_book(tmp_path / "fees.xlsx", pad_row.format("x" * filler) + row, ["Code"],
                       stored=stored)
    with pytest.raises(InputError, match=r"sheet 'Rates', cell A9: a TRUE/FALSE cell holding "
                                         r"'2'; expected 0 or 1"):
        check_xlsx_package(book)


@pytest.mark.parametrize("cell", [
    '<c r="C2" t="b"><v>0</v></c>', '<c r="C2" t="b"><v> 1 </v></c>', '<c r="C2" t="b"/>',
    '<c r="C2" t="b"><v/></c>', '<c r="C2" t="b"><f>TRUE()</f><v>1</v></c>',
    '<c r="C2" t="b"></c><c r="D2"><v>2</v></c>', '<c r="C2" t="s"/><c r="D2"><v>-2</v></c>',
    '<c r="C2"><c r="Z2"><v>-5</v></c><v>-4</v></c>',
])
def test_true_false_and_empty_cells_as_written_pass(tmp_path: Path, cell: str) -> None:
    """A TRUE/FALSE cell of 0 or 1 (a formula's too), or empty, and a number after an empty
    text or TRUE/FALSE cell, pass: the search for a typed cell's value stops at its end."""
    rows = _ROWS.format(a3="3").replace('<c r="B2"><v>31.5</v></c>',
                                        f'<c r="B2"><v>31.5</v></c>{cell}')
    assert cell in rows
    check_xlsx_package(_one_sheet(tmp_path / "fees.xlsx", rows, _TEXTS))


@pytest.mark.parametrize("inside", ["<!-- <v>0</v> -->", "<![CDATA[<v>0</v>]]>",
                                    "<?note <v>0</v>?>", "<!--\n<v>\n0</v>-->"])
@pytest.mark.parametrize("kind", ["s", "b"])
def test_a_negative_behind_a_value_in_a_comment_is_refused(tmp_path: Path, inside: str,
                                                           kind: str) -> None:
    """A "<v>0</v>" in a comment, CDATA section or processing instruction inside the cell is no
    value to an XML parser: openpyxl read the -1 after it (the last text), where the check took
    the first "<v" for the cell's value and passed the file (hostile-7)."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="{kind}">{inside}<v>-1</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    words = "a text cell" if kind == "s" else "a TRUE/FALSE cell"
    with pytest.raises(InputError, match=rf"sheet 'Rates', cell A3: {words} holding '-1'"):
        check_xlsx_package(book)


@pytest.mark.parametrize("inside", ["<c></c>", '<c r="Z3"><v>5</v></c>', "<x:c>1</x:c>",
                                    '<c r="Z3"><c r="Y3"></c></c>', "<c/>", '<c r="Z3"/>'])
@pytest.mark.parametrize("pad", [0, 5000])
def test_a_negative_text_cell_behind_a_cell_inside_it_is_refused(tmp_path: Path, inside: str,
                                                                  pad: int) -> None:
    """openpyxl reads a cell's own first <v>, passing over a cell inside it: the -1 behind a
    cell that is not empty (``<c></c>``) was read as the last text, where the check's search
    stopped at the inner cell's end, took it for the text cell's, and passed the file
    (review-h7); ``pad``: the inner cell in the sheet's first piece, the -1 in the next."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="s">{inside}{" " * pad}<v>-1</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"'fees.xlsx', sheet 'Rates', cell A3: a text cell "
                                         r"holding '-1'"):
        check_xlsx_package(book)


@pytest.mark.parametrize("inside", ["<c></c>", '<c r="Z3"><v>1</v></c>'])
def test_a_true_false_cell_holding_a_cell_is_refused(tmp_path: Path, inside: str) -> None:
    """A TRUE/FALSE cell's 2 behind a cell inside it: openpyxl read TRUE, the check passed it
    (review-h7). A TRUE/FALSE cell holding a cell is no cell Excel writes: refused, the 2 in
    the sheet's next piece too."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="b">{inside}<v>2</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"'fees.xlsx', sheet 'Rates', cell A3: a TRUE/FALSE "
                                         r"cell holding a cell; expected its value, 0 or 1"):
        check_xlsx_package(book)
    split = cells.replace("<v>2</v>", " " * 5000 + "<v>2</v>")
    with pytest.raises(InputError, match=r"'split.xlsx', sheet 'Rates', cell A3: a TRUE/FALSE "
                                         r"cell holding a cell"):
        check_xlsx_package(_sheet_book(tmp_path / "split.xlsx", split, _TEXTS))


@pytest.mark.parametrize(("cell", "words"), [
    ('<x r="A3" t="s"><v>-1</v></x>', "a text cell holding '-1'"),
    ('<is r="A3" t="s"><f>A1</f><v>-2</v></is>', "a text cell holding '-2'"),
    ('<d r="A3" t="b"><v>2</v></d>', "a TRUE/FALSE cell holding '2'"),
])
def test_a_row_child_of_another_name_is_read_as_a_cell(tmp_path: Path, cell: str,
                                                       words: str) -> None:
    """openpyxl reads every element in a row as a cell, whatever its name (parse_row): a text
    cell's -1 in ``<x t="s">`` was read as the last text, where the check looked for the <v>'s
    cell among elements named c, found none, and passed the file (review-h7)."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v></c>', cell)
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=rf"'fees.xlsx', sheet 'Rates', cell A3: {words}"):
        check_xlsx_package(book)


@pytest.mark.parametrize("cell", [
    '<c r="C2" t="s"><c r="Z2"/><v>1</v></c>', '<c r="C2" t="s"><is><t>-1</t></is></c>',
    '<c r="C2" t="str"><f>"-1"</f><v>-1</v></c>', '<c r="C2" t="b"><f>1&lt;2</f><v>1</v></c>',
    '<c r="C2" t="e"><f>NA()</f><v>#N/A</v></c>', '<c r="C2"><c r="Z2"></c><v>-4</v></c>',
])
def test_cells_with_other_elements_as_written_pass(tmp_path: Path, cell: str) -> None:
    """Formulas, inline text holding '-1', a number cell holding a cell: no text or TRUE/FALSE
    value is wrong, and the book passes."""
    rows = _ROWS.format(a3="3").replace('<c r="B2"><v>31.5</v></c>',
                                        f'<c r="B2"><v>31.5</v></c>{cell}')
    check_xlsx_package(_one_sheet(tmp_path / "fees.xlsx", rows, _TEXTS))


@pytest.mark.parametrize(("kind", "value", "filler"), [
    ("s", "-1", " " * (2 << 20)), ("b", "2", " " * (2 << 20)),
    ("s", "-1", "\n" * (1 << 20) + "<c/>" + " " * (1 << 20)),
    ("s", "-1", "<!--" + "x" * (3 << 20) + "-->"), ("b", "2", "<f>" + "1" * (2 << 20) + "</f>"),
])
def test_a_value_further_into_its_cell_than_a_piece_is_refused(tmp_path: Path, kind: str,
                                                               value: str, filler: str) -> None:
    """The check holds one piece of a sheet before the one it reads (1 MiB, or 256 KiB of a
    stored part): a text cell's -1 (or a TRUE/FALSE cell's 2) behind 2 MiB of spaces, a long
    comment or formula, found no cell start there and was passed, where openpyxl read the last
    text (review-h7). Excel writes at most a formula (8,192 characters) before a value."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="{kind}">{filler}<v>{value}</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"^'fees.xlsx', sheet 'Rates': a value further than "
                                         r"128 KiB into its cell, or in no cell; expected at "
                                         r"most a formula before a cell's value, as Excel "
                                         r"writes it; not read$"):
        check_xlsx_package(book)


@pytest.mark.parametrize("stored", [True, False])
def test_long_formula_cells_across_pieces_pass(tmp_path: Path, stored: bool) -> None:
    """Cells as long as Excel writes them (a formula of 8,192 characters, every one escaped,
    and a text result of 32,767) across the pieces the check reads, each ending anywhere in a
    cell: the book passes."""
    import random

    pick = random.Random(7).choice  # varied, or the zip's ratio is refused first
    spelled = ["&quot;", "&amp;", "&lt;", "&#8364;", *"abcdefgh"]
    formula, text = ("".join(pick(spelled) for _ in range(n)) for n in (8192, 32767))
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="str"><f>{formula}</f><v>{text}'
                   f'</v></c><c r="B{r}" t="b"><f>{formula}</f><v>1</v></c><c r="C{r}" t="s">'
                   f'<f>{formula}</f><v>0</v></c><c r="D{r}"><f>{formula}</f><v>-{r}</v></c>'
                   f'</row>' for r in range(1, 40))
    check_xlsx_package(_sheet_book(tmp_path / "long.xlsx", rows, ["Code"], stored=stored))


_FILL = " " * (2 << 20)


@pytest.mark.parametrize(("kind", "value", "inside", "words"), [
    ("b", "2", "<x><v>0</v></x>", "a TRUE/FALSE cell holding '<x>'"),
    ("b", "2", '<v xmlns="urn:q">0</v>', "a TRUE/FALSE cell holding '<v xmlns=\"urn:q\">'"),
    ("b", "2", "<f><v>0</v></f>", "a TRUE/FALSE cell holding '<v>'"),
    ("b", "2", "<is><v>1</v></is>", "a TRUE/FALSE cell holding '<is>'"),
    ("b", "2", f"<x><v>0</v></x>{_FILL}", "a TRUE/FALSE cell holding '<x>'"),
    ("s", "-1", "<x><v>0</v></x>", "a text cell holding '-1'"),
    ("s", "-1", '<v xmlns="urn:q">0</v>', "a text cell holding '-1'"),
])
def test_a_value_behind_another_elements_value_is_read_as_openpyxl_reads_it(
        tmp_path: Path, kind: str, value: str, inside: str, words: str) -> None:
    """openpyxl reads a cell's first child <v> in its namespace (parse_cell's findtext): a <v>
    inside another element of the cell, or in another namespace, is none. The check took the
    first <v> after the cell's start for its value, so a TRUE/FALSE cell's 2 (or a text cell's
    -1) behind <x><v>0</v></x> passed, where openpyxl read TRUE (the last text); with 2 MiB
    after the inner element too (review-h7's open hole). A text or TRUE/FALSE cell of another
    shape than a writer's (a formula, then a value) is read whole."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="{kind}">{inside}<v>{value}</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=rf"^'fees.xlsx', sheet 'Rates', cell A3: {words}"):
        check_xlsx_package(book)


@pytest.mark.parametrize("stored", [True, False])
@pytest.mark.parametrize("filler", [140_000, 600_000, 2_500_000])
@pytest.mark.parametrize("inner", ["<x><v>0</v></x>", "<c><v>0</v></c>",
                                   "<v xmlns='urn:q'>0</v>"])
def test_a_long_true_false_cell_whose_2_follows_an_inner_value_is_refused(
        tmp_path: Path, stored: bool, filler: int, inner: str) -> None:
    """A TRUE/FALSE cell longer than the 128 KiB the check holds, its 2 behind an element
    holding a 0 (review-h7's open hole): openpyxl read TRUE, the check passed it, as its typed
    search began at the cell start no longer held, or took the inner cell for the one the 2
    is in."""
    cell = f'<c r="A3" t="b"><f>{"1" * filler}</f>{inner}<v>2</v>'
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>', cell)
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS, stored=stored)
    with pytest.raises(InputError, match=r"^'fees.xlsx', sheet 'Rates'"):
        check_xlsx_package(book)


def _what_openpyxl_reads(sheet: bytes) -> list[tuple[str, str | None]]:
    """Each row element's type and value text as openpyxl's WorkSheetParser.parse_cell takes
    them (``element.get('t', 'n')``, ``element.findtext(VALUE_TAG)``), over every row."""
    from xml.etree import ElementTree

    read = []
    for row in ElementTree.fromstring(sheet).iter(f"{{{_MAIN}}}row"):
        for cell in row:
            read.append((cell.get("t", "n"), cell.findtext(f"{{{_MAIN}}}v")))
    return read


def _wrong(kind: str, value: str | None) -> bool:
    text = (value or "").strip(" \t\r\n")
    return bool(text) and (kind == "b" and text not in ("0", "1")
                           or kind == "s" and text.startswith("-"))


_PIECES = st.sampled_from([
    "<v>0</v>", "<v>1</v>", "<v>2</v>", "<v>-1</v>", "<v/>", "<f>A1</f>", "<f/>", "<c/>",
    "<!-- <v>0</v> -->", '<v xmlns="urn:q">0</v>', '<q:v xmlns:q="urn:q">1</q:v>', " ",
    "<is><t>-1</t></is>", "<r/>",
])


@st.composite
def _cell_content(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 2 and draw(st.booleans()):
            name = draw(st.sampled_from(["x", "c", "f", "is", "v", "row"]))
            parts.append(f"<{name}>{draw(_cell_content(depth + 1))}</{name}>")
        else:
            parts.append(draw(_PIECES))
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["b", "s"]), content=_cell_content(),
       filler=st.sampled_from([0, 0, 0, 5000, 200_000]))
# found by this property in a CI run (2026-12-07): an empty element inside the formula
@example(kind="b", content="<f><v/></f><v>2</v>", filler=0)
@example(kind="b", content="<f><x/></f><v>2</v>", filler=0)
def test_a_passed_sheet_holds_no_wrong_value_openpyxl_reads(kind: str, content: str,
                                                            filler: int) -> None:
    """Property: whatever a text or TRUE/FALSE cell holds (values, elements around them,
    formulas, inner cells, another namespace, comments, a long stretch before), a sheet the
    check passes holds no cell whose value, as openpyxl reads it, is a TRUE/FALSE cell's
    other than 0 or 1 or a text cell's negative."""
    import tempfile

    cells = _ROWS.format(a3="3").replace(
        '<c r="A3" t="s"><v>3</v>', f'<c r="A3" t="{kind}">{" " * filler}{content}')
    sheet = _parts(cells, _TEXTS)["xl/worksheets/sheet1.xml"].encode()
    with tempfile.TemporaryDirectory() as folder:
        book = _sheet_book(Path(folder) / "fees.xlsx", cells, _TEXTS)
        try:
            check_xlsx_package(book)
        except InputError:
            return
    wrong = [cell for cell in _what_openpyxl_reads(sheet) if _wrong(*cell)]
    assert not wrong, (content, wrong)


@pytest.mark.parametrize("stored", [True, False])
@pytest.mark.parametrize("cell", [
    '<c r="A3" t="b" note="/>"><v>2</v></c>',
    '<c r="A3" t="s" note="/>"><v>-1</v></c>',
    '<c r="A3" t = "b" note="/>"><v>2</v></c>',
    '<c r="A3" t="&#98;" note="/>"><v>2</v></c>',
    "<c r=\"A3\" t=\"b\" note='\"/>'><v>2</v></c>",
    '<c r="A3" t="b"><x a="/>"><v>0</v></x><v>2</v></c>',
    '<c r="A3" t="s"><x a="/>"><v>0</v></x><v>-1</v></c>',
    '<c r="A3" t="b"><c a="/>"><v>0</v></c><v>2</v></c>',
    '<c r="A3" t="s"><v a=">">-1</v></c>',
    f'<c r="A3" t="b" pad="{"x" * 300_000}" note="/>"><v>2</v></c>',
])
def test_a_greater_than_sign_inside_an_attribute_value_is_refused(tmp_path: Path, cell: str,
                                                                   stored: bool) -> None:
    """A '>' is allowed in an XML attribute value, where the check's searches took it (or "/>")
    for the end of the tag (review-h8): a TRUE/FALSE cell's 2 behind note="/>" passed as a cell
    closed by "/>", with no value, and a text cell's -1 so, where openpyxl read TRUE and the last
    text; as did a 2 behind <x a="/>"><v>0</v></x>, and a -1 in <v a=">">. No writer leaves a
    '>' unescaped in an attribute (Excel, LibreOffice, openpyxl and XlsxWriter write &gt;)."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v></c>', cell)
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS, stored=stored)
    with pytest.raises(InputError, match=r"^'fees.xlsx', sheet 'Rates'(, cell A3)?: a '>' inside "
                                         r"an attribute value"):
        check_xlsx_package(book)


def test_a_greater_than_sign_in_text_passes(tmp_path: Path) -> None:
    """A '>' left unescaped in a formula's or an inline text's content (beside quotes) is no
    attribute's: the sheet passes."""
    cells = _ROWS.format(a3="3") + (
        '<row r="4"><c r="A4" t="b"><f>COUNTIF(B:B,">5")&gt;0</f><v>1</v></c>'
        '<c r="B4" t="inlineStr"><is><t xml:space="preserve">a ">" b</t></is></c>'
        '<c r="C4" t="str"><f>IF(B2>1,"a>b","c")</f><v>a&gt;b</v></c></row>')
    check_xlsx_package(_sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS))


@pytest.mark.parametrize(("kind", "value"), [("s", "-1"), ("b", "2")])
@pytest.mark.parametrize("inside", ["<x><row></row><v>0</v></x>", "<x><row/></x>",
                                    "<x></row><v>0</v></x>", "<row></row>", "<row/>",
                                    '<row r="9"/>', "<x><row r='9' /></x>"])
def test_a_value_behind_a_row_inside_its_cell_is_refused(tmp_path: Path, inside: str,
                                                         kind: str, value: str) -> None:
    """openpyxl reads a row inside a cell as a row of its own, then the cell's -1 as the last
    text, its 2 as TRUE: refused (_cell_of's _BehindARow), or as a TRUE/FALSE cell of another
    shape. Only the hypothesis property reached this rule, and not on every run: with its raise
    made a 'no cell' the property's 300 examples passed; and an empty row (<row/>) passed
    (review-h8)."""
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="{kind}">{inside}<v>{value}</v>')
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"^'fees.xlsx', sheet 'Rates'(: a value behind a row "
                                         r"inside the element it is in|, cell A3: a TRUE/FALSE "
                                         r"cell holding)"):
        check_xlsx_package(book)


@pytest.mark.parametrize(("cell_start", "after"), [(3800, 400), (3950, 200), (3950, 400)])
def test_a_true_false_cells_2_behind_an_empty_cell_across_the_first_piece_is_refused(
        tmp_path: Path, cell_start: int, after: int) -> None:
    """A TRUE/FALSE cell begun in the sheet's first piece (_HEAD bytes), an empty cell (<c/>)
    inside it there, its 2 in the next piece: openpyxl reads TRUE. The cell's type is looked for
    from the last cell start that is not empty (_last_cell_start); with <c/> taken for it, these
    passed (review-h8, by mutation: no test failed without the rule)."""
    row3 = _ROWS.format(a3="3").index('<c r="A3"')
    pad = " " * (cell_start - _SHEET_START - row3)
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>',
                                         f'<c r="A3" t="b">{pad}<c/>{" " * after}<v>2</v>')
    assert _SHEET_START + row3 + len(pad) + 20 < _HEAD < _SHEET_START + cells.rindex("<v>2")
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"^'fees.xlsx', sheet 'Rates', cell A3: a TRUE/FALSE "
                                         r"cell holding '2'"):
        check_xlsx_package(book)


@pytest.mark.parametrize("inside", ["<v/>", "<x/>", "<v />", "<q:v xmlns:q='urn:q'/>"])
def test_a_true_false_cell_whose_formula_holds_an_empty_element_is_refused(
        tmp_path: Path, inside: str) -> None:
    """A TRUE/FALSE cell whose formula holds an empty element, its 2 after the formula: openpyxl
    reads the 2 (the cell's first child <v>) as TRUE; the check ended the formula's text at the
    empty element and passed the cell (found by the property below in a CI run)."""
    cell = f'<c r="A3" t="b"><f>{inside}</f><v>2</v>'
    cells = _ROWS.format(a3="3").replace('<c r="A3" t="s"><v>3</v>', cell)
    book = _sheet_book(tmp_path / "fees.xlsx", cells, _TEXTS)
    with pytest.raises(InputError, match=r"^'fees.xlsx', sheet 'Rates'"):
        check_xlsx_package(book)
