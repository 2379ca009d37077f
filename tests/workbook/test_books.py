"""The tests' copies of a workbook loaded before (tests.books) are what a fresh load gives."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from tests import books
from tests.books import load_book


def _saved_parts(wb: Workbook) -> dict[str, bytes]:
    """The parts ``wb`` saves to, the save's own time taken out of the core properties."""
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:modified\b.*?</dcterms:modified>", b"",
                                        parts["docProps/core.xml"])
    return parts


def _copied(path: Path, **options: object) -> Workbook:
    """``path`` as a copy of an earlier load (loaded twice first: the second load keeps it)."""
    for _ in range(2):
        load_book(path, **options)
    key = (books.digest_of(path.read_bytes()), tuple(sorted(options.items())))
    assert key in books._KEPT
    return load_book(path, **options)


@pytest.mark.parametrize("options", [{}, {"data_only": True}, {"rich_text": True},
                                     {"keep_vba": False, "rich_text": True}])
@pytest.mark.parametrize("book", ["demo_book", "tiny_book"])
def test_a_copy_saves_to_the_parts_a_fresh_load_saves_to(
        book: str, options: dict[str, object], request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(book)
    fresh = _saved_parts(load_workbook(path, **options))
    copied = _saved_parts(_copied(path, **options))
    assert sorted(copied) == sorted(fresh)
    assert [name for name in fresh if copied[name] != fresh[name]] == []


def test_a_copy_is_the_tests_own(demo_book: Path) -> None:
    first = _copied(demo_book)
    original = first["Start"]["A1"].value
    first["Start"]["A1"] = "changed by one test"
    first.create_sheet("Added by one test")
    again = load_book(demo_book)
    assert again["Start"]["A1"].value == original
    assert "Added by one test" not in again.sheetnames


def test_a_copy_makes_a_new_column_or_row_as_a_fresh_load_does(demo_book: Path) -> None:
    """A width or height set where the file gives none (the case test_lean_read found: the
    copy's column widths had lost their factory and raised KeyError)."""
    for wb in (load_workbook(demo_book), _copied(demo_book)):
        ws = wb["Start"]
        ws.column_dimensions["ZZ"].width = 31.5
        ws.row_dimensions[900].height = 20
        assert (ws.column_dimensions["ZZ"].index, ws.column_dimensions["ZZ"].width) == ("ZZ", 31.5)
        assert (ws.row_dimensions[900].index, ws.row_dimensions[900].height) == (900, 20)
        assert ws.column_dimensions.worksheet is ws and ws.row_dimensions.worksheet is ws


def test_a_name_openpyxl_refuses_is_still_refused(demo_book: Path, tmp_path: Path) -> None:
    _copied(demo_book)
    renamed = tmp_path / "negotiation.xlsb"
    renamed.write_bytes(demo_book.read_bytes())
    with pytest.raises(InvalidFileException, match=r"does not support binary format \.xlsb"):
        load_book(renamed)
