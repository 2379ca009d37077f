"""A dollar amount whose commas group no thousands ("30,50", "$1,04.00") is refused wherever an
amount is read: one rule (``parse_money``), never a guess read on with a warning."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.fee_schedule_import import read_fee_schedule
from ratecalc.loaders import load_folder
from ratecalc.validation import CellError, parse_money

REFUSED = ("malformed dollar amount: expected commas between groups of three digits "
           "($1,234.50) and a point before the cents ($30.50)")


@pytest.mark.parametrize(("text", "expected"), [
    ("$1,234.50", 1234.50), ("1,234", 1234.0), ("30.50", 30.50), ("$1,234,567.00", 1234567.0),
    ("(1,234)", None),  # a negative amount: refused for its sign, not its commas
])
def test_commas_that_group_thousands_are_read(text, expected):
    if expected is None:
        with pytest.raises(CellError, match=r"^expected a dollar amount from \$0 to "
                                            r"\$1,000,000,000$"):
            parse_money(text)
    else:
        assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["30,50", "$1,04.00", "1,2345", "12,34,567", ",50",
                                  "0,500", "00,500"])  # half a dollar, a decimal comma
def test_commas_that_group_no_thousands_are_refused(text):
    # before: read as 3050, 104, 12345... with a warning the user could pass over
    with pytest.raises(CellError) as caught:
        parse_money(text)
    assert str(caught.value) == REFUSED


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    return tmp_path / "clinic"


def test_a_folder_of_tables_refuses_it_at_its_cell(demo_folder):
    path = demo_folder / "fee_schedules.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("allowed_amount")
    cells = lines[3].split(",")  # file row 4
    cells[column] = '"30,50"'
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, problems = load_folder(demo_folder)
    assert data is None  # before: the analysis went on at $3,050.00 a unit
    letter = chr(ord("A") + column)
    errors = [p.message for p in problems if p.severity == "error"]
    assert errors == [f"Fee Schedules 'fee_schedules.csv', row 4, column {letter} "
                      f"'allowed_amount': {REFUSED}, got '30,50'"], errors


def test_a_payer_file_refuses_it_with_the_same_words(tmp_path):
    path = tmp_path / "aetna.csv"
    path.write_text("CPT,Fee,Effective\n97110,\"30,50\",2026-01-01\n97112,31.00,2026-01-01\n",
                    encoding="utf-8")
    result = read_fee_schedule(path, "Aetna")
    assert [p.message for p in result.errors] == [
        f"Fee schedule 'aetna.csv', row 2, column B 'Fee': {REFUSED}, got '30,50'"]
    assert result.rows["code"].tolist() == ["97112"]


def test_a_text_that_is_no_amount_is_not_blamed_on_its_commas():
    """'USD 1,234.50' is refused as no dollar amount; it was refused for its commas, which
    group thousands rightly."""
    with pytest.raises(CellError) as caught:
        parse_money("USD 1,234.50")
    assert str(caught.value) == "expected a dollar amount"
