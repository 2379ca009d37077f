"""Findings of the PT + OT practice walk (walk-8, San Jose CA) fixed after it: each test failed
before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ratecalc_cli.main import main

from .conftest import LETTER_PAYER


@pytest.fixture
def book(demo_workbook: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(demo_workbook, tmp_path / "demo.xlsx"))


def test_the_letter_summary_says_a_notice_deadline_has_passed(book: Path, tmp_path: Path,
                                                              capsys) -> None:
    """Summit's term ends 2027-03-31 (the demo as of 2026-12-03), 90 days' notice: its
    deadline is 2026-12-31. A letter dated 2027-01-04 printed "notice deadline 2026-12-31"
    under it as if the deadline were still ahead, while its warnings said it had passed and
    named the renewed term's, 2027-12-30."""
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2027-01-04",
                 "--out", str(tmp_path / "late.docx")]) == 0
    out = capsys.readouterr().out
    assert ("  response requested by 2027-02-03; notice deadline 2026-12-31 passed 4 days "
            "before the letter\n") in out, out


def test_the_letter_summary_of_a_deadline_ahead_is_unchanged(book: Path, tmp_path: Path,
                                                            capsys) -> None:
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2026-12-07",
                 "--out", str(tmp_path / "ahead.docx")]) == 0
    out = capsys.readouterr().out
    assert "; notice deadline 2026-12-31\n" in out, out
