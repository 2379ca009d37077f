"""A hostile .xlsx given to ``analyze``, ``refresh``, ``letter`` or ``import fee-schedule`` is
refused before any parser reads it: exit code 3, a message naming the file and the limit, no
traceback, the file unchanged (:mod:`ratecalc.xlsx_package`). Before, a 2.7 MB zip bomb took
minutes and 5 GB, 1.5 million rows 11 GB, and an empty, text or entity-laden file got pandas'
or openpyxl's own words."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook.safety import BACKUP_FOLDER
from tests import hostile_xlsx as hostile

FEE_SCHEDULE = Path(__file__).resolve().parents[1] / "data" / "fee_schedules" / \
    "acme_health_2026.csv"
PAYER = "Summit BlueCare PPO"

#: file name -> (how it is made from the demo workbook, what the message must say)
HOSTILE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "bomb.xlsx": (hostile.shared_string_bomb,
                  "part 'xl/sharedStrings.xml': unpacks to 67,108,865 bytes, more than the "
                  "64 MiB one part of a workbook may hold"),
    "rows.xlsx": (hostile.too_many_rows,
                  "sheet 'Fee Schedules': more than 1,048,576 rows, the most Excel allows"),
    "far.xlsx": (hostile.far_row, "sheet 'Fee Schedules': a cell or row at '2000000000', "
                                  "past Excel's 1,048,576 rows x 16,384 columns"),
    "dimension.xlsx": (hostile.lying_dimension, "its dimension 'A1:F1048577' goes past "
                                                "Excel's 1,048,576 rows"),
    "laughs.xlsx": (hostile.entity_expansion, "part 'xl/workbook.xml': the XML declares a "
                                              "DOCTYPE"),
    # a part whose CRC fails was named as the zip's part ("Bad CRC-32 for file
    # 'xl/worksheets/sheet4.xml'"), not as the sheet the user knows
    "crc.xlsx": (lambda source, target: hostile.crc_damaged(source, target, "Payers & Contracts"),
                 "sheet 'Payers & Contracts': damaged: its content fails the check (CRC) the "
                 "file stores with it"),
    "crc_table.xlsx": (lambda source, target: hostile.crc_damaged(
        source, target, "Payers & Contracts", held=True),
        "part 'xl/tables/table3.xml' of sheet 'Payers & Contracts': damaged: its content fails "
        "the check (CRC)"),
    "empty.xlsx": (lambda _, target: _written(target, b""),
                   "the file is empty; expected an Excel workbook (.xlsx or .xlsm"),
    "text.xlsx": (lambda _, target: _written(target, b"payer,code,allowed\nA,97110,30\n"),
                  "expected an Excel workbook (.xlsx or .xlsm, a zip package); it is text"),
    # a plain zip named .xlsx: refresh stopped with an internal error (KeyError)
    "zip.xlsx": (lambda _, target: _zipped(target, {"rates.csv": b"payer,code\n"}),
                 "expected an Excel workbook (.xlsx or .xlsm, a zip package); it is a zip "
                 "package without a workbook part (xl/workbook.xml)"),
}


def _zipped(target: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _written(target: Path, content: bytes) -> Path:
    target.write_bytes(content)
    return target


@pytest.fixture(scope="session")
def demo_workbook(demo_workbook_2025: Path) -> Path:
    """The demo workbook as of 2025-12-01 (tests/cli/conftest.py); copy it before changing it."""
    return demo_workbook_2025


@pytest.fixture(scope="module")
def hostile_files(demo_workbook: Path, tmp_path_factory: pytest.TempPathFactory
                  ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {name: make(demo_workbook, folder / name) for name, (make, _) in HOSTILE.items()}


def _command(kind: str, book: Path, tmp: Path, good_book: Path) -> list[str]:
    return {
        "analyze": ["analyze", str(book), "--out", str(tmp / "out")],
        "refresh": ["refresh", str(book)],
        "letter": ["letter", str(book), "--payer", PAYER, "--out", str(tmp / "letter.docx")],
        "import --workbook": ["import", "fee-schedule", str(FEE_SCHEDULE), "--payer", PAYER,
                              "--workbook", str(book)],
        "import FILE": ["import", "fee-schedule", str(book), "--payer", PAYER,
                        "--workbook", str(good_book)],
    }[kind]


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("kind", ["analyze", "refresh", "letter", "import --workbook",
                                  "import FILE"])
def test_hostile_workbook_refused_in_words(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           hostile_files: dict[str, Path],
                                           demo_workbook: Path, kind: str, name: str) -> None:
    book = tmp_path / name
    shutil.copyfile(hostile_files[name], book)
    good_book = tmp_path / "good.xlsx"
    shutil.copyfile(demo_workbook, good_book)
    before, good_before = book.read_bytes(), good_book.read_bytes()

    code = main(_command(kind, book, tmp_path, good_book))

    err = capsys.readouterr().err
    assert code == ExitCode.INPUT_ERROR, err
    assert f"'{name}'" in err and HOSTILE[name][1] in err, err
    assert "Traceback" not in err and "internal error" not in err
    assert book.read_bytes() == before and good_book.read_bytes() == good_before
    assert not (tmp_path / BACKUP_FOLDER).exists()
    assert not (tmp_path / "out").exists() and not (tmp_path / "letter.docx").exists()
