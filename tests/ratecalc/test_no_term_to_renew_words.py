"""A payer whose contract ended without renewal has its contract on file but no term to renew:
every output that says its rates are the analysis date's says why in one wording. exit-impact
said 'no contract term on file' beside the contract's row (walk-7: cf7867b made it scenario's
'no contract term on file to renew'); the warning for its rates dated after the analysis date
still said it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import main
from tests.ratecalc.test_walk7_practice import _analysis, _demo_folder

#: Meridian Mutual's demo contract ended 2026-06-30 without renewal; a rate of its dated ahead.
AHEAD = "Meridian Mutual,97110,,40.00,2026-10-01\n"
TO_RENEW = "no contract term on file to renew"


def _ended_folder(tmp_path: Path) -> Path:
    return _demo_folder(tmp_path, fees=AHEAD, analysis_date="2026-08-03")


def test_the_warning_for_a_rate_ahead_of_an_ended_contract_says_no_term_to_renew(
        tmp_path: Path) -> None:
    """The proposal builds on the analysis date's rates 'as it has no contract term on file':
    Meridian's contract is on file, ended."""
    [warning] = [p.message for p in _analysis(_ended_folder(tmp_path)).warnings
                 if "take effect after the analysis date" in p.message
                 and "Meridian Mutual" in p.message]
    assert f"the proposal builds on the rates in force on the analysis date ({TO_RENEW})" \
        in warning, warning
    assert "(it has no contract term on file)" not in warning


def test_the_warning_scenario_and_exit_impact_say_it_alike(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _ended_folder(tmp_path)
    said = [p.message for p in _analysis(folder).warnings if "Meridian Mutual" in p.message
            and "take effect after the analysis date" in p.message]
    assert main(["scenario", "--payer", "Meridian Mutual", "--data", str(folder)]) == 0
    said.append(capsys.readouterr().out)
    assert main(["exit-impact", "--payer", "Meridian Mutual", "--data", str(folder)]) == 0
    said.append(capsys.readouterr().out)
    assert len(said) == 3
    for text in said:
        assert TO_RENEW in " ".join(text.split()), text
