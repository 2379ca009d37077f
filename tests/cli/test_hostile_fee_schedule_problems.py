"""A fee schedule bad in every row, through ``ratecalc import fee-schedule``: the first
thousand problems listed one by one, the rest counted in one line by severity, every one kept
by ``--json``. Before, each was a line of its own: 99,999 bad rows printed 200,000 lines (28 MB)
to the terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ratecalc.limits import MAX_FEE_SCHEDULE_PROBLEMS_LISTED
from ratecalc_cli.main import main
from tests.hostile import run_cli

PAYER = "Summit BlueCare PPO"
BAD_ROWS = 1_200  # one error each: an amount that is no number


def _argv(book: Path, tmp_path: Path) -> list[str]:
    """The command importing a schedule of BAD_ROWS bad rows into a copy of ``book``."""
    source = tmp_path / "summit.csv"
    source.write_text("code,allowed_amount\n" + "97110,abc\n" * BAD_ROWS, encoding="utf-8")
    copy = tmp_path / "wb.xlsx"
    shutil.copy(book, copy)
    return ["import", "fee-schedule", str(source), "--payer", PAYER, "--workbook", str(copy),
            "--effective-date", "2027-01-01"]


def test_the_first_thousand_problems_are_listed_and_the_rest_counted(
        demo_workbook: Path, tmp_path: Path) -> None:
    code, err = run_cli(_argv(demo_workbook, tmp_path))
    assert code == 1, err[-2_000:]
    listed = [line for line in err.splitlines() if line.startswith("error: ")]
    assert MAX_FEE_SCHEDULE_PROBLEMS_LISTED == 1_000
    assert len(listed) == 1_000
    assert listed[0] == ("error: Fee schedule 'summit.csv', row 2, column B 'allowed_amount': "
                         "expected a dollar amount, got 'abc'")
    assert listed[-1].startswith("error: Fee schedule 'summit.csv', row 1001, column B ")
    assert ("... and 200 more problems, not listed: 200 errors (--json lists every one)"
            in err.splitlines())
    assert f"Nothing imported into {tmp_path / 'wb.xlsx'}: {BAD_ROWS} row(s) with errors" in err


def test_json_keeps_every_problem(demo_workbook: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*_argv(demo_workbook, tmp_path), "--json"])
    out = capsys.readouterr().out
    assert code == 1
    problems = json.loads(out)["problems"]
    assert len(problems) == BAD_ROWS
    assert {p["severity"] for p in problems} == {"error"}
