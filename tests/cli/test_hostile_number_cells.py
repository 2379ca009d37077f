"""A number cell whose ``<v>`` is no number Excel could have written (``NaN``, ``INF``, text, a
500-digit integer): ``refresh``, ``analyze`` and ``letter`` refuse the workbook (exit 3) naming
the sheet and cell, and leave it unchanged. Before, ``NaN``/``INF``/text got openpyxl's own
words naming no cell, and the 500-digit integer exit 4 when ``refresh`` saved the workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import hostile_xlsx as hostile
from tests.hostile import run_cli

PAYER = "Summit BlueCare PPO"


def _command(kind: str, book: Path, tmp: Path) -> list[str]:
    return {"refresh": ["refresh", str(book)],
            "analyze": ["analyze", str(book), "--out", str(tmp / "out")],
            "letter": ["letter", str(book), "--payer", PAYER, "--out", str(tmp / "l.docx")]}[kind]


@pytest.mark.parametrize("raw", ["NaN", "INF", "-INF", "abc", "1" + "0" * 499])
@pytest.mark.parametrize("kind", ["refresh", "analyze", "letter"])
def test_a_number_cell_holding_no_number_is_refused(demo_workbook: Path, tmp_path: Path,
                                                    kind: str, raw: str) -> None:
    book = hostile.with_raw_cell(demo_workbook, tmp_path / "wb.xlsx", "Volumes", "B5", raw)
    before = book.read_bytes()
    code, err = run_cli(_command(kind, book, tmp_path))
    assert code == 3, err
    assert "internal error" not in err and "Traceback" not in err
    assert "'wb.xlsx', sheet 'Volumes', cell B5: a number cell holding" in err, err
    assert "expected a finite number" in err, err
    assert book.read_bytes() == before
    assert not (tmp_path / "out").exists() and not (tmp_path / "l.docx").exists()
