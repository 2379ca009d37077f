"""Excel's text-protected CSV form, ``="97110"``, is how an Excel user keeps a code's leading
zeros: a CSV input reads it as the text it shows (it was refused as no code). Nothing is
evaluated: any other cell starting ``=`` stays as written, and a code cell of ``=1+1`` is
refused as before."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ratecalc.csv_text import csv_rows
from ratecalc.loaders import load_folder


def _first_code(folder: Path, cell: str) -> str:
    """Write ``cell`` as the first Volumes row's code (as Excel writes a CSV); the code it
    had."""
    path = folder / "volumes.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    code = rows[1][1]
    rows[1][1] = cell
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return code


def test_a_text_protected_code_reads_as_its_text(demo_folder: Path) -> None:
    code = _first_code(demo_folder, '="97110"')
    assert code == "97110"
    data, problems = load_folder(demo_folder)
    assert data is not None, [p.message for p in problems]
    assert not [p for p in problems if "volumes" in p.message.lower()]
    assert data.volumes["code"].iloc[0] == "97110"


def test_a_formula_stays_refused(demo_folder: Path) -> None:
    _first_code(demo_folder, "=1+1")
    data, problems = load_folder(demo_folder)
    assert [p.message for p in problems if "'=1+1'" in p.message], \
        [p.message for p in problems]


@pytest.mark.parametrize(("written", "read"), [
    ('="00501"', "00501"),  # the leading zeros kept
    ('="A ""quoted"" name"', 'A "quoted" name'),
    ('="1"+"2"', '="1"+"2"'),  # not one quoted string: as written
    ("=SUM(A1)", "=SUM(A1)"),
    ("'=\"97110\"", '="97110"'),  # RateCalc's quote of that very text: the text back
])
def test_only_the_whole_quoted_form_is_unwrapped(written: str, read: str) -> None:
    line = '"' + written.replace('"', '""') + '"\r\n'
    assert csv_rows(line, "x.csv") == [[read]]
