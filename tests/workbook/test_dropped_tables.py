"""A master workbook whose input table was deleted (Excel's Table Design > Convert to Range)
is refused in words naming its sheet, never with an internal error (hostile-8's fuzzing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc_cli.main import main


def test_a_clinic_without_its_metrics_table_is_refused_in_words(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The reader looked for the metrics where the table had been, at cells openpyxl made as it
    looked (no style: ``cell._style`` None), and stopped with an internal error
    (AttributeError, exit 4); now each such cell is read as General."""
    wb = load_workbook(demo_copy)
    del wb["Clinic"].tables["tblMetrics"]
    wb.save(demo_copy)
    code = main(["refresh", str(demo_copy)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "internal error" not in err
    assert f"'{demo_copy.name}', sheet 'Clinic'" in err
