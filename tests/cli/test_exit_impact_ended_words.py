"""exit-impact of a payer whose contract ended without renewal (walk-7: Fidelis Care, ended
2026-09-30) says why its rates are the analysis date's as scenario does: it has no contract
term on file to renew. It said 'no contract term on file', beside the contract's row."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import main
from tests.ratecalc.test_walk7_practice import _demo_folder


def test_exit_impact_of_an_ended_contract_says_it_has_no_term_to_renew(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Meridian Mutual's contract ended 2026-06-30 without renewal: its row is on file, but
    exit-impact said its rates were the analysis date's as there was 'no contract term on
    file', where scenario says 'no contract term on file to renew'."""
    folder = _demo_folder(tmp_path, analysis_date="2026-08-03")
    assert main(["exit-impact", "--payer", "Meridian Mutual", "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    assert ("the rates in force on the analysis date 2026-08-03: no contract term on file "
            "to renew).") in out
