"""Every CSV a user gives is split at the delimiter its lines show (comma, tab, semicolon or
bar), by the folder loader, ``workbook new --from`` and ``import fee-schedule`` alike. Before,
only the fee-schedule import looked: Excel's "Unicode Text" (UTF-16, tab-delimited) and a
semicolon CSV (European Excel) were refused by ``analyze`` with "no header row with the
columns payer, code, units_per_year in the first 15 rows"."""

from __future__ import annotations

import csv
import io
import shutil
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.csv_text import find_delimiter
from ratecalc.errors import InputError
from ratecalc.fee_schedule_import import read_fee_schedule
from ratecalc.loaders import load_folder, read_headed_table, require

MALFORMED = ("malformed dollar amount: expected commas between groups of three digits "
             "($1,234.50) and a point before the cents ($30.50)")


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    return tmp_path / "clinic"


def _rewrite(path: Path, delimiter: str, encoding: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return rows


@pytest.mark.parametrize(("delimiter", "encoding"), [
    ("\t", "utf-16"),  # Excel's "Unicode Text"
    (";", "utf-8-sig"),  # "CSV UTF-8" where a comma marks decimals
    (";", "cp1252"),
    ("|", "utf-8"),
])
def test_a_folder_table_in_any_delimiter_reads_as_the_comma_one(demo_folder, delimiter,
                                                                 encoding):
    expected = require(load_folder(demo_folder))
    for name in ("volumes", "fee_schedules"):
        _rewrite(demo_folder / f"{name}.csv", delimiter, encoding)
    data, problems = load_folder(demo_folder)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    assert data.volumes.equals(expected.volumes)
    assert data.fee_schedules.equals(expected.fee_schedules)


def test_a_decimal_comma_in_a_semicolon_file_is_refused_not_read_as_thousands(demo_folder):
    path = demo_folder / "fee_schedules.csv"
    rows = _rewrite(path, ";", "utf-8")
    column = rows[0].index("allowed_amount")
    text = path.read_bytes().decode("utf-8").split("\r\n")
    cells = text[1].split(";")
    cells[column] = cells[column].replace(".", ",")  # 25.22 written 25,22
    text[1] = ";".join(cells)
    path.write_bytes("\r\n".join(text).encode("utf-8"))
    data, problems = load_folder(demo_folder)
    assert data is None
    letter = chr(ord("A") + column)
    assert [p.message for p in problems if p.severity == "error"] == [
        f"Fee Schedules 'fee_schedules.csv', row 2, column {letter} 'allowed_amount': "
        f"{MALFORMED}, got '{rows[1][column].replace('.', ',')}'"]


def test_a_counteroffer_file_is_read_by_the_same_rule(tmp_path):
    path = tmp_path / "offer.csv"
    path.write_text("payer;code;offered_rate;date\nAcme;97110;31.50;2026-01-05\n",
                    encoding="utf-8")
    table = read_headed_table(path, "payer, code, offered_rate, date")
    assert list(table.columns) == ["payer", "code", "offered_rate", "date"]
    assert table.loc[2, "offered_rate"] == "31.50"


def test_a_payer_file_with_semicolons_still_imports(tmp_path):
    path = tmp_path / "aetna.csv"
    path.write_text("Aetna fee schedule 2026\nCPT;Fee;Effective\n97110;31.50;2026-01-01\n",
                    encoding="utf-8")
    result = read_fee_schedule(path, "Aetna")
    assert result.rows["allowed_amount"].tolist() == [31.50] and not result.errors


@pytest.mark.parametrize(("lines", "expected"), [
    (["a,b,c\n", "1,2,3\n"], ","),
    (["a;b;c\n", "1;2,5;3\n"], ";"),  # the decimal comma splits fewer lines
    (["Title\n", "a\tb\n", "1\t2\n"], "\t"),
    (["one column\n", "x\n"], ","),  # nothing to split: a comma, as before
    # a one-column file with a semicolon in one name: no delimiter (it was read as one, the
    # name cut at it)
    (["payer\n", "Summit\n", "Keystone\n", "Blue Cross; Blue Shield of Alabama\n"], ","),
    (["Title\n", "Exported 2026\n", "code;fee\n", "97110;30.00\n", "97140;28.00\n"], ";"),
])
def test_the_delimiter_found(lines, expected):
    assert find_delimiter(lines, "x.csv") == expected


def test_a_delimiter_that_cannot_be_decided_is_named(tmp_path):
    with pytest.raises(InputError, match=r"^'x\.csv': cannot tell whether its fields are "
                                         r"separated by a comma or a semicolon: both split its "
                                         r"lines alike; save it from Excel as \"CSV UTF-8 "):
        find_delimiter(["a,b;c\n", "1,2;3\n"], "x.csv")
