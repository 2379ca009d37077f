"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ratecalc_cli.main import main
from tests.built_once import built_once, digest


def _demo_workbook_of(today: str) -> Callable[[Path], None]:
    """A builder of ``ratecalc workbook new PATH --demo --today TODAY``."""
    def build(path: Path) -> None:
        assert main(["workbook", "new", str(path), "--demo", "--today", today]) == 0
    return build


@pytest.fixture(scope="session")
def demo_workbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A refreshed demo workbook as of 2026-12-03, made once per test run, for tests that copy
    and spoil it (never this file: the other modules read it too)."""
    path = built_once(tmp_path_factory, "cli-demo-2026-12-03.xlsx",
                      _demo_workbook_of("2026-12-03"))
    before = digest(path)
    yield path
    assert digest(path) == before, f"a test changed the shared {path}; copy it first"


@pytest.fixture(scope="session")
def demo_workbook_2025(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same as of 2025-12-01 (priced by RVU25D), made once per test run; copy it."""
    path = built_once(tmp_path_factory, "cli-demo-2025-12-01.xlsx",
                      _demo_workbook_of("2025-12-01"))
    before = digest(path)
    yield path
    assert digest(path) == before, f"a test changed the shared {path}; copy it first"
