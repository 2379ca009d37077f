"""A sheet formatted down to Excel's last row with two values in it: a command that saves the
workbook (``refresh``, ``import fee-schedule --workbook``) refuses it in words, naming the
sheet, its last value's row, the limit and what to clear, before loading it; it took refresh
20 CPU-s and 830 MB (blank cells) to 1,020 MB (blank rows) to keep objects for each blank
(ratecalc_workbook.blank_tail)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl.styles import PatternFill

from ratecalc.limits import MAX_BLANK_TAIL
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.blank_tail import blank_tail_refusal
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.safety import BACKUP_FOLDER
from tests import hostile_xlsx as hostile

from .conftest import open_book

FEE_SCHEDULE = Path(__file__).resolve().parents[1] / "data" / "fee_schedules" / \
    "acme_health_2026.csv"
SAID = ("sheet 'My notes': 1,048,574 blank rows or cells formatted below its last value (in "
        "row 2), more than the 500,000 RateCalc loads to save a workbook (each costs memory: "
        "1,048,576 took a gigabyte); clear their formats in Excel (select rows 3 to 1,048,576, "
        "Home > Clear > Clear Formats, save) and run it again; the workbook is unchanged")


@pytest.fixture(scope="module", params=[True, False], ids=["cells", "rows"])
def formatted(request: pytest.FixtureRequest, demo_new_book: Path,
              tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("blanks")
    return hostile.formatted_blanks(demo_new_book, folder / "book.xlsx", cells=request.param)


@pytest.mark.parametrize("command", ["refresh", "import"])
def test_a_sheet_formatted_to_the_last_row_is_refused_unchanged(
        formatted: Path, tmp_path: Path, command: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.xlsx"
    shutil.copyfile(formatted, book)
    before = book.read_bytes()
    argv = (["refresh", str(book)] if command == "refresh" else
            ["import", "fee-schedule", str(FEE_SCHEDULE), "--payer", "Summit BlueCare PPO",
             "--workbook", str(book)])
    code = main(argv)
    err = capsys.readouterr().err
    assert code == ExitCode.INPUT_ERROR, err
    assert f"'book.xlsx', {SAID}" in err
    assert book.read_bytes() == before and not (tmp_path / BACKUP_FOLDER).exists()


@pytest.mark.parametrize(("last_row", "refused"), [(2 + MAX_BLANK_TAIL, False),
                                                    (3 + MAX_BLANK_TAIL, True)])
def test_the_limit_counts_the_blanks_below_the_last_value(
        demo_new_book: Path, tmp_path: Path, last_row: int, refused: bool) -> None:
    book = hostile.formatted_blanks(demo_new_book, tmp_path / "book.xlsx", last_row=last_row)
    said = blank_tail_refusal(book)
    assert (said is not None) == refused, said
    if refused:
        assert said is not None and f"{MAX_BLANK_TAIL + 1:,} blank rows or cells formatted " \
            "below its last value (in row 2)" in said and f"select rows 3 to {last_row:,}," in said


def test_a_fee_schedules_table_preformatted_for_10000_rows_is_not_refused(
        tmp_path: Path) -> None:
    """An empty Fee Schedules table whose 11 columns were given a fill for 10,000 rows ahead of
    data entry: 110,000 formatted blank cells, 2 CPU-s and 99 MB for openpyxl to load and save;
    it was refused at a limit of 100,000 and told to clear the formats."""
    book = tmp_path / "book.xlsx"
    new_workbook(book, None)
    wb = open_book(book)
    ws = wb[layout.FEE_SCHEDULES]
    fill = PatternFill("solid", fgColor="FFFFF2CC")
    first = layout.FEE_SCHEDULES_TABLE.header_row + 1
    for r in range(first, first + 10_000):
        for c in range(1, 12):
            ws.cell(r, c).fill = fill
    wb.save(book)
    assert blank_tail_refusal(book) is None
