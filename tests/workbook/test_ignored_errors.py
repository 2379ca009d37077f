"""``ignoredErrors``: which cells are codes stored as text on purpose, and where the element goes
in a sheet part (CT_Worksheet order, ECMA-376 Part 1, 18.3.1.99)."""

from __future__ import annotations

import shutil

from lxml import etree
from openpyxl import Workbook

from ratecalc_workbook.ignored_errors import numeric_text_ranges, with_ignored_errors
from ratecalc_workbook.reader import open_workbook

from ..package_parts import package_parts

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(*children: str) -> bytes:
    body = "".join(f"<{c}/>" for c in children)
    return f'<worksheet xmlns="{MAIN}">{body}</worksheet>'.encode()


def _order(xml: bytes) -> list[str]:
    return [etree.QName(c).localname for c in etree.fromstring(xml)]


def test_goes_after_header_footer_and_breaks_and_before_drawing_and_tables() -> None:
    xml = _sheet("sheetData", "pageMargins", "pageSetup", "headerFooter", "rowBreaks",
                 "colBreaks", "drawing", "legacyDrawing", "tableParts", "extLst")
    assert _order(with_ignored_errors(xml, ["A5:A9"])) == [
        "sheetData", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
        "ignoredErrors", "drawing", "legacyDrawing", "tableParts", "extLst"]


def test_goes_last_without_successors_and_replaces_an_old_one() -> None:
    xml = with_ignored_errors(_sheet("sheetData", "pageMargins"), ["B2:B3"])
    again = with_ignored_errors(xml, ["C4:C5", "D1:D2"])
    assert _order(again) == ["sheetData", "pageMargins", "ignoredErrors"]
    error = etree.fromstring(again).find(f"{{{MAIN}}}ignoredErrors/{{{MAIN}}}ignoredError")
    assert error.get("sqref") == "C4:C5 D1:D2" and error.get("numberStoredAsText") == "1"


def test_ranges_cover_digits_stored_as_text_only() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Codes"
    ws["A1"] = "Code"
    ws["A2"] = "97110"
    ws["A3"] = "G0283"  # not a number: Excel does not flag it
    ws["A4"] = "97140"
    ws["B2"] = 97110  # a real number
    ws["C7"] = "1,234.50"
    ws["C7"].number_format = "@"
    ws["D1"] = "10112-00"
    assert numeric_text_ranges(wb, typing_rows=10) == {"Codes": ["A2:A4", "C7:C17"]}


def _canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_the_cells_are_kept_byte_for_byte_and_the_part_means_the_same_as_parsed_whole() -> None:
    cells = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a &lt;sheetData&gt; b</t>'
             '</is></c><c r="B1"><f>A1</f><v></v></c></row></sheetData>')
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><dimension '
           f'ref="A1:B1"/>{cells}<pageMargins left="0.7"/><tableParts count="0"/>'
           f'</worksheet>').encode()
    out = with_ignored_errors(xml, ["A1:A3"])
    assert cells.encode() in out  # openpyxl's own bytes (<v></v>), not parsed and written again
    whole = etree.fromstring(xml)
    for old in whole.findall(f"{{{MAIN}}}ignoredErrors"):
        whole.remove(old)
    expected = etree.fromstring(xml)
    element = etree.Element(f"{{{MAIN}}}ignoredErrors")
    etree.SubElement(element, f"{{{MAIN}}}ignoredError", sqref="A1:A3", numberStoredAsText="1")
    expected.find(f"{{{MAIN}}}tableParts").addprevious(element)
    assert _canonical(out) == _canonical(etree.tostring(expected))
    assert _order(out) == ["dimension", "sheetData", "pageMargins", "ignoredErrors",
                           "tableParts"]


def test_an_empty_or_prefixed_sheet_data_still_gets_the_element() -> None:
    empty = f'<worksheet xmlns="{MAIN}"><sheetData /><drawing/></worksheet>'.encode()
    assert _order(with_ignored_errors(empty, ["A1:A2"])) == [
        "sheetData", "ignoredErrors", "drawing"]
    prefixed = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"/></x:sheetData>'
                f'<x:tableParts/></x:worksheet>').encode()
    out = with_ignored_errors(prefixed, ["A1:A2"])
    assert _order(out) == ["sheetData", "ignoredErrors", "tableParts"]
    assert len(etree.fromstring(out).find(f"{{{MAIN}}}sheetData")) == 1


def _demo_file(demo_new_book, tmp_path):
    path = tmp_path / "demo.xlsx"
    shutil.copyfile(demo_new_book, path)
    return path


def test_patched_as_written_is_the_saved_package_rewritten(demo_new_book, tmp_path) -> None:
    from ratecalc_workbook.ignored_errors import add_ignored_errors, save_with_ignored_errors

    # two loads of one file: openpyxl's first save of a loaded workbook changes it a little
    # (the sheets' outline levels), so each way saves its own
    path = _demo_file(demo_new_book, tmp_path)
    wb = open_workbook(path)[0]
    ranges = numeric_text_ranges(wb)
    assert len(ranges) >= 5  # the input tables and the result sheets hold codes
    save_with_ignored_errors(wb, tmp_path / "patched.xlsx")
    other = open_workbook(path)[0]
    other.save(tmp_path / "rewritten.xlsx")
    add_ignored_errors(tmp_path / "rewritten.xlsx", numeric_text_ranges(other))
    patched, rewritten = (package_parts(tmp_path / name)
                          for name in ("patched.xlsx", "rewritten.xlsx"))
    assert list(patched) == list(rewritten)
    assert [name for name in patched if patched[name] != rewritten[name]] == []
    assert sum(b"<ignoredErrors>" in data for data in patched.values()) == len(ranges)


def test_parts_named_otherwise_than_expected_are_saved_and_rewritten(demo_new_book, tmp_path,
                                                                    monkeypatch) -> None:
    # should a later openpyxl name sheet parts otherwise, no sheet gets another's ranges
    from ratecalc_workbook import ignored_errors

    path = _demo_file(demo_new_book, tmp_path)
    ignored_errors.save_with_ignored_errors(open_workbook(path)[0], tmp_path / "expected.xlsx")
    for shift in (1, 100):
        monkeypatch.setattr(ignored_errors, "sheet_part_name",
                            lambda n, shift=shift: f"xl/worksheets/sheet{n + shift}.xml")
        ignored_errors.save_with_ignored_errors(open_workbook(path)[0],
                                                tmp_path / f"shifted{shift}.xlsx")
        # saved again after the wrong guess: the same parts, each sheet its own ranges
        shifted, expected = (_ignored(tmp_path / name)
                             for name in (f"shifted{shift}.xlsx", "expected.xlsx"))
        assert shifted == expected and sum(map(bool, expected.values())) >= 5


def _ignored(path) -> dict[str, list[str]]:
    """Part name -> the ``ignoredErrors`` elements of that part, for every part."""
    import re

    return {name: re.findall(rb"<ignoredErrors>.*?</ignoredErrors>", data)
            for name, data in package_parts(path).items()
            if name.startswith("xl/worksheets/sheet")}


def test_a_save_writes_nothing_to_the_system_temporary_folder(demo_new_book, tmp_path,
                                                              monkeypatch) -> None:
    # openpyxl wrote each sheet to a file there first (created, read back, deleted: 18 per
    # save of the demo workbook), so a full temporary folder stopped a save beside the
    # workbook; one that cannot be written at all stands for it here
    import tempfile

    from ratecalc_workbook.ignored_errors import save_with_ignored_errors

    path = _demo_file(demo_new_book, tmp_path)
    save_with_ignored_errors(open_workbook(path)[0], tmp_path / "expected.xlsx")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
    save_with_ignored_errors(open_workbook(path)[0], tmp_path / "saved.xlsx")
    saved, expected = (package_parts(tmp_path / name) for name in ("saved.xlsx", "expected.xlsx"))
    assert list(saved) == list(expected)
    assert [name for name in saved if saved[name] != expected[name]] == []
    assert sum(name.startswith("xl/worksheets/sheet") for name in saved) >= 10
