"""``ratecalc import fee-schedule`` at the row limit, counted in data rows (below the header):
a file of exactly the limit imports, one data row more is refused (exit 3) naming the file,
the sheet, the header's row and the limit, and the workbook is left as it was. Before, the
header was counted: a file of the limit in data rows was refused. The limit is made small here
so the files are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc import fee_schedule_import
from ratecalc.kept_copies import BACKUP_FOLDER
from tests.hostile import run_cli

PAYER = "Summit BlueCare PPO"
LIMIT = 4
CODES = ("97110", "97112", "97140", "97530", "97116")


def _fee_file(path: Path, lines: int) -> Path:
    rows = [["Summit BlueCare PPO fee schedule"], ["CPT", "Allowed", "Effective"],
            *([CODES[i], 40 + i, "2027-01-01"] for i in range(lines))]
    if path.suffix == ".csv":
        path.write_text("".join(",".join(str(v) for v in row) + "\n" for row in rows))
        return path
    book = Workbook()
    book.active.title = "Rates"
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_limit_in_data_rows_imports_and_one_more_is_refused(
        demo_workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        suffix: str) -> None:
    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", LIMIT)
    book = tmp_path / "negotiation.xlsx"
    shutil.copy(demo_workbook, book)
    over = _fee_file(tmp_path / f"summit{suffix}", LIMIT + 1)
    before = book.read_bytes()
    code, err = run_cli(["import", "fee-schedule", str(over), "--payer", PAYER,
                         "--workbook", str(book)])
    where = "'summit.csv'" if suffix == ".csv" else "'summit.xlsx', sheet 'Rates'"
    assert code == 3, err
    assert f"{where}: 5 data rows below the header in row 2, more than the 4 data rows a fee " \
           f"schedule may hold; not read" in err
    assert book.read_bytes() == before  # nothing written, no backup made
    assert not (tmp_path / BACKUP_FOLDER).exists()

    at_limit = _fee_file(tmp_path / f"summit{suffix}", LIMIT)
    code, err = run_cli(["import", "fee-schedule", str(at_limit), "--payer", PAYER,
                         "--workbook", str(book)])
    assert code == 0, err
