"""A workbook cell holding a number no column can mean (``<v>1E999</v>``, which openpyxl reads as
an infinity) in a code, modifier or yes/no column: ``refresh``, ``analyze`` and ``letter`` name
the sheet and cell and what was expected (exit 3, the package check); before, exit 4, "internal
error" (OverflowError in the cell parsers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import hostile_xlsx as hostile
from tests.hostile import run_cli

PAYER = "Summit BlueCare PPO"


CELLS = {  # sheet, cell, column, what its message says
    "code": ("Fee Schedules", "B5", "code", "expected a CPT/HCPCS code"),
    "modifier": ("Fee Schedules", "C5", "modifier", "expected a two-character modifier"),
    "yes/no": ("Payers & Contracts", "I5", "auto_renew", "expected yes or no"),
}


def _command(kind: str, book: Path, tmp: Path) -> list[str]:
    return {"refresh": ["refresh", str(book)],
            "analyze": ["analyze", str(book), "--out", str(tmp / "out")],
            "letter": ["letter", str(book), "--payer", PAYER, "--out", str(tmp / "l.docx")]}[kind]


@pytest.mark.parametrize("cell", list(CELLS))
@pytest.mark.parametrize("kind", ["refresh", "analyze", "letter"])
@pytest.mark.parametrize("raw", ["1E999", "-1E999"])
def test_an_infinite_cell_is_a_problem_at_its_place(demo_workbook: Path, tmp_path: Path,
                                                    kind: str, cell: str, raw: str) -> None:
    sheet, ref, column, expected = CELLS[cell]
    book = hostile.with_raw_cell(demo_workbook, tmp_path / "wb.xlsx", sheet, ref, raw)
    code, err = run_cli(_command(kind, book, tmp_path))
    # refused by the package check since it refuses a number cell with no finite number
    assert code == 3, err
    assert "internal error" not in err and "Traceback" not in err
    assert f"sheet '{sheet}', cell {ref}: a number cell holding '{raw}'" in err, err
