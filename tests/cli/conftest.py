"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
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


#: The letter :func:`demo_letter` writes: a proposal to this payer, dated this day.
LETTER_PAYER = "Summit BlueCare PPO"
LETTER_DATE = date(2025, 12, 1)


@dataclass(frozen=True)
class DemoLetter:
    """A letter written in a test process, and what the tests compare it with."""

    book: Path  # what it was written from: read it, never change it
    letter: Path
    with_pyarrow: bool  # whether pandas had pyarrow in the process that wrote it


@pytest.fixture(scope="session")
def demo_letter(demo_new_book: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[DemoLetter]:
    """``write_proposal_letter`` of the demo's new workbook (a copy named ``demo.xlsx``) to
    LETTER_PAYER, dated LETTER_DATE, in a test process, once per test run: the letter that
    ``test_cli_pillow`` and ``test_cli_pyarrow`` each wrote in this process, to compare with the
    one a fresh ``ratecalc letter`` process writes from the same workbook."""
    def build(folder: Path) -> None:
        from ratecalc_letter import write_proposal_letter

        folder.mkdir(parents=True)
        book = shutil.copyfile(demo_new_book, folder / "demo.xlsx")
        write_proposal_letter(book, LETTER_PAYER, folder / "letter.docx",
                              letter_date=LETTER_DATE)
        (folder / "process.json").write_text(json.dumps(
            {"pyarrow": sys.modules.get("pyarrow") is not None}), encoding="utf-8")

    folder = built_once(tmp_path_factory, "demo-letter", build)
    before = digest(folder)
    process = json.loads((folder / "process.json").read_text(encoding="utf-8"))
    yield DemoLetter(folder / "demo.xlsx", folder / "letter.docx", process["pyarrow"])
    assert digest(folder) == before, f"a test changed the shared {folder}; copy it first"
