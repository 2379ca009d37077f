"""Settings' Min increase above Max increase, said at its cell naming the other's.

``min_increase must be from 0 to max_increase (0), got 0.05`` came from the analysis, with no
row or cell; the reader now checks the band where it is typed
(:func:`ratecalc.proposal.increase_band_holds`, the rule the analysis keeps).
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.loaders import load_folder


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    return tmp_path / "clinic"


def _settings(folder: Path, changes: dict[str, str | None]) -> dict[str, int]:
    """Set (or, None, drop) Settings fields; each field's line in settings.csv after it."""
    path = folder / "settings.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for field, value in changes.items():
        if value is None:
            frame = frame[frame["field"] != field]
        else:
            frame.loc[frame["field"] == field, "value"] = value
    frame.to_csv(path, index=False)
    return {field: line for line, field in enumerate(frame["field"], start=2)}


def test_min_above_max_is_said_at_both_cells(demo_folder: Path) -> None:
    lines = _settings(demo_folder, {"max_increase": "0%"})
    data, problems = load_folder(demo_folder)
    assert data is None
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.location.file, error.location.row, error.location.column) == (
        "settings.csv", lines["min_increase"], "value")
    line = lines["max_increase"]
    assert error.rule == (f"min_increase: must be from 0 to max_increase (row {line}, cell "
                          f"B{line}: 0%), got 5%")


def test_max_below_the_default_min_is_said_at_its_cell(demo_folder: Path) -> None:
    lines = _settings(demo_folder, {"min_increase": None, "max_increase": "2%"})
    _, problems = load_folder(demo_folder)
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.location.row, error.location.column) == (lines["max_increase"], "value")
    assert error.rule == ("max_increase: must be at least Min increase (not on the sheet: its "
                          "default 5%), got 2%")


@pytest.mark.parametrize(("low", "high"), [("5%", "5%"), ("0%", "0%"), ("", "15%")])
def test_a_band_is_no_problem(demo_folder: Path, low: str, high: str) -> None:
    _settings(demo_folder, {"min_increase": low, "max_increase": high})
    data, problems = load_folder(demo_folder)
    assert data is not None, [p.message for p in problems]
