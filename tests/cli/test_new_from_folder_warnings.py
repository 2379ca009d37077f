"""`workbook new --from FOLDER` lists the warnings of reading the folder's tables (a CSV row
merged into the cell above it...) on the new workbook's Problems sheet, as a refresh lists
its own read warnings there: they went to the terminal alone, gone when it closed, while the
Problems sheet said nothing of them."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from ratecalc_cli.main import main

#: The warning, hand-written from the two lines :func:`_merge_last_metrics` leaves.
WORDS = ("Clinic Metrics 'metrics.csv', row 8, column F 'source': lines 8 to 9 were read as "
         "this one cell, and line 9 alone reads as a whole row (6 fields, as many as the "
         "header); if it is one, it was not read as a row: the quote opened at line 8 lacks its "
         "closing quote (\") at the end of the cell's text on line 8")


def _merge_last_metrics(folder: Path) -> None:
    """The demo's metrics.csv with its line 8's source quoted and the quote closed at the end
    of line 9: line 9, a whole row, read into line 8's cell."""
    path = folder / "metrics.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[7].endswith(",clinic cost report") and lines[8].endswith(",clinic EMR")
    lines[7] = lines[7].replace(",clinic cost report", ',"clinic cost report')
    lines[8] += '"'
    path.write_text("\n".join(lines), encoding="utf-8")


def _problems_texts(book: Path) -> list[str]:
    ws = openpyxl.load_workbook(book)["Problems"]
    # the Problems sheet wraps its text in lines
    return [" ".join(str(c).split()) for row in ws.iter_rows(values_only=True) for c in row if c]


def test_a_folders_read_warning_is_on_the_problems_sheet(
        capsys: pytest.CaptureFixture[str], demo_folder: Path, tmp_path: Path) -> None:
    _merge_last_metrics(demo_folder)
    book = tmp_path / "book.xlsx"
    assert main(["workbook", "new", str(book), "--from", str(demo_folder)]) == 0
    # said once on the terminal, as before
    assert capsys.readouterr().err.count(f"warning: {WORDS}") == 1
    assert WORDS in _problems_texts(book)


def test_the_json_refresh_lists_it_too(capsys: pytest.CaptureFixture[str], demo_folder: Path,
                                       tmp_path: Path) -> None:
    _merge_last_metrics(demo_folder)
    book = tmp_path / "book.xlsx"
    assert main(["workbook", "new", str(book), "--from", str(demo_folder), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert WORDS in [p["message"] for p in info["refresh"]["problems"]]
    assert WORDS in _problems_texts(book)


def test_each_problem_is_said_once_the_tables_first(
        capsys: pytest.CaptureFixture[str], demo_folder: Path, tmp_path: Path) -> None:
    """The terminal says the tables' warning as they are read, then the refresh's own problems
    (the demo's proposal asking rates of years no Medicare release covers): each problem
    the refresh lists (``--json``), once, in its order."""
    _merge_last_metrics(demo_folder)
    listed_book, said_book = tmp_path / "1" / "book.xlsx", tmp_path / "2" / "book.xlsx"
    listed_book.parent.mkdir()
    said_book.parent.mkdir()
    assert main(["workbook", "new", str(listed_book), "--from", str(demo_folder), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["refresh"]["problems"]
    assert main(["workbook", "new", str(said_book), "--from", str(demo_folder)]) == 0
    said = capsys.readouterr().err.splitlines()
    assert len(listed) >= 2 and listed[0]["message"] == WORDS
    assert said == [f"{p['severity']}: {p['message']}" for p in listed]
