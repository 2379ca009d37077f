"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import main


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A refreshed demo workbook, made once per test module, for tests that copy and spoil it."""
    path = tmp_path_factory.mktemp("demo") / "wb.xlsx"
    assert main(["workbook", "new", str(path), "--demo", "--today", "2026-12-03"]) == 0
    return path
