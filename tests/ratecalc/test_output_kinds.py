""":func:`ratecalc.output_kinds.check_output`: the one check every output path goes through."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ratecalc.atomic import atomic_write
from ratecalc.errors import InputError
from ratecalc.output_kinds import (
    CALENDAR,
    CSV,
    JSON,
    LETTER,
    PROVIDER_TABLE,
    WORKBOOK,
    check_folder,
    check_output,
    describe,
)


def package(path: Path, part: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(part, "<x/>")
    return path


def test_a_name_of_another_kind_is_refused_even_when_nothing_is_there(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"Word letter.*does not end in \.docx"):
        check_output(tmp_path / "letter.pdf", LETTER)
    with pytest.raises(InputError, match=r"end in \.ics"):
        check_output(tmp_path / "cal.csv", CALENDAR)
    for name in ("LETTER.DOCX", "x.docx"):
        check_output(tmp_path / name, LETTER)  # case does not matter; nothing there is fine
    check_output(tmp_path / "p.csv.gz", PROVIDER_TABLE)


@pytest.mark.parametrize(("name", "part", "kind", "held"), [
    ("a.docx", "xl/workbook.xml", LETTER, "an Excel workbook"),
    ("a.xlsx", "word/document.xml", WORKBOOK, "a Word document"),
    ("a.csv", "xl/workbook.xml", CSV, "an Excel workbook"),
    ("a.json", "word/document.xml", JSON, "a Word document"),
    ("a.ics", "xl/workbook.xml", CALENDAR, "an Excel workbook"),
])
def test_an_existing_file_of_another_kind_is_refused_and_kept(
        tmp_path: Path, name: str, part: str, kind: object, held: str) -> None:
    target = package(tmp_path / name, part)
    before = target.read_bytes()
    with pytest.raises(InputError) as caught:
        atomic_write(target, b"new", kind=kind)  # type: ignore[arg-type]
    assert target.read_bytes() == before
    message = str(caught.value)
    assert str(target) in message and held in message and "another name" in message
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_an_existing_file_of_the_same_kind_is_replaced(tmp_path: Path) -> None:
    letter = package(tmp_path / "a.docx", "word/document.xml")
    check_output(letter, LETTER)
    table = tmp_path / "a.csv"
    table.write_text("a,b\n1,2\n")
    atomic_write(table, "c\n3\n", kind=CSV)
    assert table.read_text() == "c\n3\n"
    calendar = tmp_path / "a.ics"
    calendar.write_bytes(b"\xef\xbb\xbfBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    check_output(calendar, CALENDAR)
    empty = tmp_path / "e.docx"
    empty.write_bytes(b"")
    check_output(empty, LETTER)  # nothing to lose


def test_text_not_a_calendar_and_binary_not_a_table(tmp_path: Path) -> None:
    notes = tmp_path / "notes.ics"
    notes.write_text("shopping list\n")
    with pytest.raises(InputError, match="holds text, not an iCalendar file"):
        check_output(notes, CALENDAR)
    blob = tmp_path / "b.csv"
    blob.write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="holds binary data"):
        check_output(blob, CSV)
    gz = tmp_path / "p.csv.gz"
    gz.write_text("plain text, not gzip")
    with pytest.raises(InputError):
        check_output(gz, PROVIDER_TABLE)


def test_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        check_output(tmp_path, CSV)
    afile = tmp_path / "x.xlsx"
    afile.write_text("x")
    with pytest.raises(InputError, match=r"not a folder \(it holds text\)"):
        check_folder(afile)
    check_folder(tmp_path)
    check_folder(tmp_path / "new")
    assert describe(tmp_path / "missing") == "nothing"
