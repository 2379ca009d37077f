"""A text cell longer than Excel's 32,767 characters is refused where it is read, naming file,
row and column; before, it passed and ``workbook new --from`` cut it to 32,767 characters."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.schema import PAYERS
from ratecalc.validation import CellError, Source, coerce_table, parse_text
from tests.hostile import run_cli

EXCEL_MAX_CELL_CHARS = 32_767  # Excel's limit per cell
DEMO = Path(__file__).resolve().parents[2] / "ratecalc" / "data" / "demo"


def test_parse_text_refuses_more_than_excel_holds() -> None:
    assert parse_text("A" * EXCEL_MAX_CELL_CHARS) == "A" * EXCEL_MAX_CELL_CHARS
    with pytest.raises(CellError, match="at most 32,767 characters, Excel's limit per cell"):
        parse_text("A" * (EXCEL_MAX_CELL_CHARS + 1))


def test_a_table_names_the_row_and_keeps_the_message_short() -> None:
    raw = pd.DataFrame({"payer": ["A", "B"], "notes": ["ok", "N" * 40_000]})
    _, problems = coerce_table(raw, PAYERS, Source("payers.csv", None, 2))
    [problem] = problems
    assert (problem.location.row, problem.location.column) == (3, "notes")
    assert "40,000 characters" in problem.message and len(problem.message) < 800


@pytest.mark.parametrize("command", ["analyze", "workbook new"])
def test_a_long_clinic_cell_is_refused_not_truncated(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "clinic"
    shutil.copytree(DEMO, folder)
    path = folder / "clinic.csv"
    with path.open(newline="") as fh:
        rows = [r for r in csv.reader(fh) if r[:1] != ["advantages"]]
    rows.append(["advantages", "A" * 40_000])
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    argv = (["analyze", str(folder), "--out", str(tmp_path / "out")] if command == "analyze"
            else ["workbook", "new", str(tmp_path / "wb.xlsx"), "--from", str(folder)])
    code, err = run_cli(argv)
    assert code == 1, err
    assert f"'clinic.csv', row {len(rows)}, column B 'value': advantages: 40,000 characters; " \
           f"expected at most 32,767 characters, Excel's limit per cell" in err
    assert not (tmp_path / "wb.xlsx").exists()
