"""One rule for a percentage typed whole where a fraction is read (3 for 3%), in every entry
point: the core, the command line's options, the tables' cells, the Settings (a row and CF
custom) and the Negotiation Log. Each quantity's range (ratecalc.limits.RANGES) is what is
plausible of it: a yearly change of Medicare's conversion factor, a largest increase asked and
a payer's offered increase up to 100% (they took up to 500%, so 3 was read as 300% without a
word); outside it, a whole percent or more says what it was read as and how to write the
likely meaning (ratecalc.limits.percent_hint)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.loaders import load_folder
from ratecalc.proposal import ProposalPolicy
from ratecalc.scenarios import project_scenario, single_code_lines, yearly_changes
from ratecalc_cli.main import main
from ratecalc_letter.offers import offer_from_log

DEMO = Path(__file__).resolve().parents[1] / "ratecalc" / "data" / "demo"
HINT = " (300%); for 3% write 0.03"


def test_the_core_refuses_a_yearly_change_of_300_percent() -> None:
    with pytest.raises(InputError, match=r"cf_change: expected a yearly change from -99% to "
                                         r"100% \(-0\.99 to 1, 1\.0 = 100%\), got 3 \(300%\); "
                                         r"for 3% write 0\.03$"):
        yearly_changes(3.0, 5)
    lines = single_code_lines(units=100, medicare_amount=25.0, fixed_rate=30.0)
    with pytest.raises(InputError, match=r"got 3 \(300%\)"):
        project_scenario(lines, pct_of_medicare=1.2, years=2, cf_changes=3.0)
    assert yearly_changes(0.03, 3).tolist() == [0.03, 0.03]


def test_the_core_refuses_a_largest_increase_of_300_percent() -> None:
    with pytest.raises(InputError, match=r"max_increase: expected a largest increase from 0% to "
                                         r"100% \(0 to 1, 1\.0 = 100%\), got 3 \(300%\); for 3% "
                                         r"write 0\.03$"):
        ProposalPolicy(min_increase=0.05, max_increase=3.0)
    assert ProposalPolicy(min_increase=0.05, max_increase=1.0).max_increase == 1.0


@pytest.mark.parametrize(("option", "text", "refused"), [
    ("--cf-change", "3", True), ("--cf-change", "-0.028,3", True), ("--cf-change", "0.03", False),
    ("--cf-change", "1", False), ("--escalator", "3", True)])
def test_an_option_says_both_readings(option: str, text: str, refused: bool,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["scenario", "--units", "100", "--medicare", "30", "--fixed", "31",
            "--pct-of-medicare", "1.1", "--years", "3", f"{option}={text}", "--json"]
    if not refused:
        assert main(argv) == 0
        return
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    # an option takes no % sign: no "or 3%"
    assert capsys.readouterr().err.rstrip().endswith(f"got '3'{HINT}")


def _settings_problems(tmp_path: Path, **values: str) -> list[str]:
    folder = tmp_path / "tables"
    shutil.copytree(DEMO, folder)
    settings = pd.read_csv(folder / "settings.csv", dtype=str)
    for field, value in values.items():
        if field in set(settings["field"]):
            settings.loc[settings["field"] == field, "value"] = value
        else:
            settings.loc[len(settings)] = [field, value]
    settings.to_csv(folder / "settings.csv", index=False)
    _, problems = load_folder(folder)
    return [p.message for p in problems if p.severity == "error"]


def test_a_settings_largest_increase_typed_whole_is_refused_at_its_cell(tmp_path: Path) -> None:
    [message] = _settings_problems(tmp_path, max_increase="3")
    assert message.startswith("Settings 'settings.csv', row 6")
    assert message.endswith("max_increase: expected a largest increase from 0% to 100% (0 to 1, "
                            f"1.0 = 100%), got '3'{HINT} or 3%")


@pytest.mark.parametrize("typed", ["3%", "0.03", "100%"])
def test_a_settings_largest_increase_as_a_percentage_is_taken(tmp_path: Path,
                                                              typed: str) -> None:
    assert _settings_problems(tmp_path, min_increase="0", max_increase=typed) == []


def test_a_settings_cf_custom_typed_whole_says_both_readings(tmp_path: Path) -> None:
    [message] = _settings_problems(tmp_path, cf_path="custom", cf_custom="-2.8%, 3",
                                   scenario_years="3")
    assert message.endswith(f"got '-2.8%, 3'{HINT} or 3%"), message
    assert _settings_problems(tmp_path / "b", cf_path="custom", cf_custom="-2.8%, 3%",
                              scenario_years="3") == []


def test_a_payers_offer_typed_whole_is_refused() -> None:
    log = pd.DataFrame([{"Date": "2025-12-15", "Payer": "Summit BlueCare PPO",
                         "Direction": "received", "Code": None, "Offered rate": None,
                         "Offered increase": 3.0}])
    with pytest.raises(InputError, match=r"column 'Offered increase': expected an increase from "
                                         r"-99% to 100% \(-0\.99 to 1, 1\.0 = 100%\), got 3 "
                                         r"\(300%\); for 3% write 0\.03 or 3%$"):
        offer_from_log(log, "Summit BlueCare PPO")
