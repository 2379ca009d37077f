"""CSV files in each encoding Excel saves, through ``ratecalc import fee-schedule`` and
``ratecalc analyze FOLDER``: read as the text they hold, or refused naming the file, the line
and the byte, never "internal error" (exit 4). Before: a byte cp1252 leaves undefined (0x81)
crashed the importer; a UTF-16 file read as cp1252 gave "no fee lines found"; the table loader
read UTF-8 only ("'utf-8' codec can't decode byte 0xe1 in position 1531"); and a field over
131,072 characters stopped the file, with a spurious "the clinic profile is missing" after."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from pathlib import Path

import pytest

from ratecalc.loaders import load_folder
from ratecalc_cli.main import main
from tests.hostile import run_cli

PAYER = "Summit BlueCare PPO"
DEMO = Path(__file__).resolve().parents[2] / "ratecalc" / "data" / "demo"
SAVE_AS = 'save it from Excel as "CSV UTF-8 (Comma delimited)"'


def _import(book: Path, tmp_path: Path, source: Path) -> tuple[int, str]:
    copy = tmp_path / "wb.xlsx"
    shutil.copy(book, copy)
    return run_cli(["import", "fee-schedule", str(source), "--payer", PAYER, "--workbook",
                    str(copy), "--effective-date", "2027-01-01"])


def test_import_refuses_a_byte_no_encoding_reads(demo_workbook: Path, tmp_path: Path) -> None:
    source = tmp_path / "fs81.csv"
    source.write_bytes(b"CPT,Fee\n97110,caf\xe9 \x81\n")
    code, err = _import(demo_workbook, tmp_path, source)
    assert code == 3, err
    assert "'fs81.csv', line 2: " in err and "offset 17" in err and "0x81" in err
    assert SAVE_AS in err and "internal error" not in err


# Excel's saves: "CSV UTF-8" (with a mark), "CSV" (cp1252), "Unicode Text" (UTF-16, tabs)
SAVES = {"utf-8-sig": ",", "cp1252": ",", "utf-16": "\t", "utf-8": ","}


@pytest.mark.parametrize("encoding", list(SAVES))
def test_import_reads_each_excel_save(demo_workbook: Path, tmp_path: Path,
                                      encoding: str) -> None:
    sep = SAVES[encoding]
    text = (f"Fee schedule – Peña Therapy{sep}\r\nCPT{sep}Fee\r\n97530{sep}44.10\r\n"
            f"97140{sep}35.25\r\n")
    source = tmp_path / f"fs.{'txt' if sep == chr(9) else 'csv'}"
    source.write_bytes(text.encode(encoding))
    copy = tmp_path / "wb.xlsx"
    shutil.copy(demo_workbook, copy)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", "fee-schedule", str(source), "--payer", PAYER, "--workbook",
                     str(copy), "--effective-date", "2027-01-01"])
    assert code == 0, err.getvalue()
    assert f"Added 2 row(s) for {PAYER}" in out.getvalue()


def test_import_reads_a_field_longer_than_the_csv_modules_limit(demo_workbook: Path,
                                                                 tmp_path: Path) -> None:
    source = tmp_path / "long.csv"
    source.write_text(f"CPT,Fee\n{'9' * 200_000},38.50\n", encoding="utf-8")
    code, err = _import(demo_workbook, tmp_path, source)
    assert code == 1, err
    assert "'long.csv', row 2, column A 'CPT': expected a CPT/HCPCS code" in err
    assert "field limit" not in err and len(err) < 2_000


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(DEMO, folder)
    return folder


def _contracts_with_accent(folder: Path, encoding: str) -> None:
    path = folder / "contracts.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("contact_name")] = "María Peña"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-8-sig"])
def test_analyze_reads_each_encoding(tmp_path: Path, encoding: str) -> None:
    folder = _folder(tmp_path)
    _contracts_with_accent(folder, encoding)
    data, problems = load_folder(folder)
    assert data is not None, [p.message for p in problems]
    assert "María Peña" in set(data.contracts["contact_name"])
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, err


def test_analyze_refuses_an_unreadable_table_naming_line_and_offset(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    path = folder / "contracts.csv"
    data = path.read_bytes()
    at = data.index(b"\n") + 1 + 3  # in line 2
    path.write_bytes(data[:at] + b"\x81" + data[at:])
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    # a file that cannot be read at all is bad input data, 3, as a workbook that cannot be read
    # is (tests/cli/test_exit_codes.py); it was 1, as for problems in tables that were read
    assert code == 3, err
    assert f"'contracts.csv': line 2: cannot read the file as text: byte 0x81 at offset {at}" \
        in err
    assert SAVE_AS in err and "codec" not in err
    assert err.count("contracts.csv") == 1  # the file is named once


def test_an_unreadable_clinic_file_is_not_also_missing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "clinic.csv").write_bytes(b"field,value\nname,\x81\n")
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 3, err  # a file that cannot be read (it was 1: tests/cli/test_exit_codes.py)
    assert "1 problem(s)" in err and "'clinic.csv': line 2" in err
    assert "missing" not in err


def test_analyze_refuses_a_200000_character_field_at_its_cell_only(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    path = folder / "clinic.csv"
    rows = [r for r in csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
            if r[:1] != ["advantages"]]
    rows.append(["advantages", "A" * 200_000])
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    code, err = run_cli(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 1, err
    assert "1 problem(s)" in err
    assert f"'clinic.csv', row {len(rows)}, column B 'value': advantages: 200,000 characters; " \
           "expected at most 32,767 characters" in err
    assert "field limit" not in err and "missing" not in err


def test_a_workbook_without_its_clinic_sheet_is_reported_once(demo_workbook: Path,
                                                              tmp_path: Path) -> None:
    from tests.books import load_book
    book = load_book(demo_workbook)
    del book["Clinic"]
    book.save(tmp_path / "wb.xlsx")
    code, err = run_cli(["analyze", str(tmp_path / "wb.xlsx"), "--out", str(tmp_path / "out")])
    assert code == 1, err
    assert "no sheet named 'Clinic'" in err and "the clinic profile is missing" not in err
