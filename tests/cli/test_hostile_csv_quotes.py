"""A CSV cell whose quote never closes, through ``ratecalc import fee-schedule`` and
``ratecalc analyze FOLDER``: refused naming the file, row, column and line where the quote
opens. Before, the csv module read the rest of the file into that one cell without a word: a
fee schedule's note typed ``"Ther ex 15 min`` imported its own row and dropped every row after
it (exit 0, "Added 1 row(s)"), and a contact's address did the same to the contracts after
it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.hostile import run_cli

PAYER = "Summit BlueCare PPO"
DEMO = Path(__file__).resolve().parents[2] / "ratecalc" / "data" / "demo"
NEVER_CLOSES = "a quoted cell opens here and its quote never closes"


def _fee_rows(book: Path) -> int:
    workbook = load_workbook(book, read_only=True)  # read-only keeps the file open until closed
    try:
        rows = workbook["Fee Schedules"].iter_rows(values_only=True)
        return sum(1 for row in rows if any(v is not None for v in row))
    finally:
        workbook.close()


def test_a_note_left_open_drops_no_fee_line(demo_workbook: Path, tmp_path: Path) -> None:
    source = tmp_path / "summit.csv"
    source.write_text("code,allowed_amount,description\n"
                      '97110,31.50,"Ther ex 15 min\n'
                      "97140,29.10,Manual therapy\n"
                      "97112,30.05,Neuromuscular\n", encoding="utf-8")
    book = tmp_path / "wb.xlsx"
    shutil.copy(demo_workbook, book)
    before = _fee_rows(book)
    code, err = run_cli(["import", "fee-schedule", str(source), "--payer", PAYER,
                         "--workbook", str(book), "--effective-date", "2027-01-01"])
    assert code == 3, err
    assert (f"'summit.csv', row 2, column C, line 2: {NEVER_CLOSES}, so the 3 line(s) from "
            "here to the end of the file would be read as this one cell") in err
    assert "internal error" not in err
    assert _fee_rows(book) == before  # nothing imported: not the first row alone


def test_a_payer_id_left_open_is_named_in_its_table(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    shutil.copytree(DEMO, folder)
    payers = folder / "payers.csv"
    lines = payers.read_text(encoding="utf-8").splitlines(keepends=True)
    # Keystone's id opens a quote: the payers after it were its text, and their fee lines
    # were then "not on the Payers table"
    lines[2] = lines[2].replace(",KHP22,", ',"KHP22,')
    payers.write_text("".join(lines), encoding="utf-8")
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 3, err
    assert (f"Payers 'payers.csv': row 3, column B, line 3: {NEVER_CLOSES}, so the "
            f"{len(lines) - 2} line(s) from here") in err
    assert "not on the Payers table" not in err
    assert not (tmp_path / "out").exists()


READ_AS_ONE_CELL = "were read as this one cell"


def test_an_address_left_open_that_swallows_the_next_contract_is_said(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    shutil.copytree(DEMO, folder)
    contracts = folder / "contracts.csv"
    text = contracts.read_text(encoding="utf-8")
    # Keystone's address loses its closing quote: the cell runs to Meridian's opening quote,
    # and Meridian's contract was never read, without a word (exit 0)
    assert text.count('Montgomery, AL 36104"') == 1
    contracts.write_text(text.replace('Montgomery, AL 36104"', "Montgomery, AL 36104"),
                         encoding="utf-8")
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, err  # a warning: a cell of several lines may be meant (docs/INPUT.md)
    assert ("warning: Contracts 'contracts.csv', row 3, column Q 'contact_address': lines 3 "
            "to 4 were read as this one cell, and line 4 alone reads as a whole row (17 "
            "fields, as many as the header); if it is one, it was not read as a row: the quote "
            "opened at line 3 lacks its closing quote (\") at the end of the cell's text on "
            "line 3") in err


def test_a_multi_line_address_is_read_as_it_is_without_a_word(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    shutil.copytree(DEMO, folder)
    contracts = folder / "contracts.csv"
    text = contracts.read_text(encoding="utf-8")
    typed = '"Keystone Health Plan; 12 Commerce St; Montgomery, AL 36104"'
    assert text.count(typed) == 1
    # an address typed with Alt+Enter, its last line holding a comma
    contracts.write_text(text.replace(typed, '"Keystone Health Plan\n12 Commerce St\n'
                                             'Montgomery, AL 36104"'), encoding="utf-8")
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, err
    assert READ_AS_ONE_CELL not in err


def test_a_note_left_open_mid_file_that_swallows_a_fee_line_is_said(demo_workbook: Path,
                                                                    tmp_path: Path) -> None:
    source = tmp_path / "summit.csv"
    source.write_text("code,allowed_amount,description\n"
                      '97110,31.50,"Ther ex 15 min\n'
                      '97140,29.10,"Manual therapy"\n'
                      "97112,30.05,Neuromuscular\n", encoding="utf-8")
    book = tmp_path / "wb.xlsx"
    shutil.copy(demo_workbook, book)
    code, err = run_cli(["import", "fee-schedule", str(source), "--payer", PAYER,
                         "--workbook", str(book), "--effective-date", "2027-01-01"])
    assert "internal error" not in err
    assert ("'summit.csv', row 2, column C 'description': lines 2 to 3 were read as this one "
            "cell, and line 3 alone reads as a whole row (3 fields, as many as the header)"
            ) in err, err
    assert "quote opened at line 2 lacks its closing quote" in err


SWALLOWED = ("Contracts 'contracts.csv', row 3, column Q 'contact_address': lines 3 to 4 were "
             "read as this one cell, and line 4 alone reads as a whole row (17 fields, as many "
             "as the header); if it is one, it was not read as a row: the quote opened at line "
             "3 lacks its closing quote (\") at the end of the cell's text on line 3")


def _address_left_open(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(DEMO, folder)
    contracts = folder / "contracts.csv"
    text = contracts.read_text(encoding="utf-8")
    contracts.write_text(text.replace('Montgomery, AL 36104"', "Montgomery, AL 36104"),
                         encoding="utf-8")
    return folder


def test_a_swallowed_row_is_in_summary_json_with_the_other_warnings(tmp_path: Path) -> None:
    # It went to stderr alone: summary.json, which lists the run's warnings for a script or
    # for later, had the analysis' warnings without it, as without every warning of reading
    # the tables (the master workbook's refresh lists both on its Problems sheet)
    folder = _address_left_open(tmp_path)
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, err
    warnings = json.loads((tmp_path / "out" / "summary.json").read_text())["warnings"]
    assert warnings[0] == SWALLOWED  # the tables' warnings first, as they were read first
    assert err.count(SWALLOWED) == 1  # and on stderr once, as before
    # the analysis' own warnings stay, after it
    clean = tmp_path / "clean"
    shutil.copytree(DEMO, clean)
    code, _ = run_cli(["analyze", str(clean), "--out", str(tmp_path / "out2")])
    assert code == 0
    assert warnings[1:] == json.loads((tmp_path / "out2" / "summary.json").read_text())[
        "warnings"]


def test_a_swallowed_row_is_in_analyze_json(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    from ratecalc_cli.main import main

    folder = _address_left_open(tmp_path)
    code = main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["warnings"][0] == SWALLOWED
