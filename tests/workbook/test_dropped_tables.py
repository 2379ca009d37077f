"""A master workbook whose input table was deleted (Excel's Table Design > Convert to Range)
never stops with an internal error (hostile-8's fuzzing): its cells kept, the table is read from
its own headers (errors-9); gone, it is refused in words naming its sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc_cli.main import main


def test_a_clinic_without_its_metrics_table_object_is_read_from_its_cells(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The reader looked for the metrics where the table had been, at cells openpyxl made as it
    looked (no style: ``cell._style`` None), and stopped with an internal error
    (AttributeError, exit 4); each such cell is read as General. Since errors-9 the metrics are
    read from the table's own headers where its cells were kept, so the refresh runs (it was
    refused, exit 1, naming sheet 'Clinic', with 22 errors read from the profile's columns)."""
    wb = load_workbook(demo_copy)
    del wb["Clinic"].tables["tblMetrics"]
    wb.save(demo_copy)
    code = main(["refresh", str(demo_copy)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "internal error" not in err
    assert "error:" not in err, err
