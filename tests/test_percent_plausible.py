"""One rule for a percentage typed whole where a fraction is read (3 for 3%), in every entry
point: the core, the command line's options, the tables' cells, the Settings (a row and CF
custom) and the Negotiation Log (ratecalc.limits.percent_check). A yearly change of Medicare's
conversion factor runs -50% to 50% and a discount rate 0% to 50%, so a bare 1 or 3 there is
refused saying both readings; a largest increase and a payer's offered increase run to 500%
(a clinic paid 40% of Medicare needs +150%), where a bare 1.5 reads as 150% or 1.5% alike: it
is refused where it comes with no percent meaning (an option, a worksheet function's argument,
a CSV cell) and taken from a cell showing it as a percent, or written "150%"."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.limits import RANGES
from ratecalc.loaders import load_folder
from ratecalc.proposal import ProposalPolicy
from ratecalc.scenarios import project_scenario, single_code_lines, yearly_changes
from ratecalc_cli.arguments import in_range
from ratecalc_cli.main import main
from ratecalc_letter.offers import offer_from_log

DEMO = Path(__file__).resolve().parents[1] / "ratecalc" / "data" / "demo"
HINT = " (300%); for 3% write 0.03"
#: A bare 3 where 300% is in range too (a largest increase, a payer's offered increase).
BOTH = ", which reads as 300% or 3%: for 300% write 300%, for 3% write 3% or 0.03"


def test_the_core_refuses_a_yearly_change_of_300_percent() -> None:
    with pytest.raises(InputError, match=r"cf_change: expected a yearly change from -50% to "
                                         r"50% \(-0\.5 to 0\.5, 1\.0 = 100%\), got 3 \(300%\); "
                                         r"for 3% write 0\.03$"):
        yearly_changes(3.0, 5)
    lines = single_code_lines(units=100, medicare_amount=25.0, fixed_rate=30.0)
    with pytest.raises(InputError, match=r"got 3 \(300%\)"):
        project_scenario(lines, pct_of_medicare=1.2, years=2, cf_changes=3.0)
    assert yearly_changes(0.03, 3).tolist() == [0.03, 0.03]


def test_the_core_takes_a_largest_increase_up_to_500_percent() -> None:
    # its entry point read the value (a percent cell's 1.5 is 150%): the core checks the range
    with pytest.raises(InputError, match=r"max_increase: expected a largest increase from 0% to "
                                         r"500% \(0 to 5, 1\.0 = 100%\), got 6; for 6% "
                                         r"write 0\.06$"):
        ProposalPolicy(min_increase=0.05, max_increase=6.0)
    assert ProposalPolicy(min_increase=0.05, max_increase=1.5).max_increase == 1.5


@pytest.mark.parametrize(("option", "text", "refused"), [
    ("--cf-change", "3", True), ("--cf-change", "-0.028,3", True), ("--cf-change", "0.03", False),
    ("--cf-change", "3%", False), ("--escalator", "3", True), ("--discount-rate", "3", True)])
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
    # a percentage's option takes a % sign too: "or 3%"
    assert capsys.readouterr().err.rstrip().endswith(f"got '3'{HINT} or 3%")


@pytest.mark.parametrize("option", ["--cf-change", "--discount-rate"])
def test_cf_change_of_one_is_not_silently_one_hundred_percent(
        option: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``--cf-change 1`` was read as +100% a year (the range's inclusive top) and flipped the
    recommendation, while 2 and -1 were refused as a percent typed whole; ``--discount-rate 1``
    as 100% a year likewise. Both ranges stay well below 1 now: 1 says both readings."""
    argv = ["scenario", "--units", "1000", "--medicare", "30", "--fixed", "35",
            "--pct-of-medicare", "1.1", option, "1"]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(
        "got '1' (100%); for 1% write 0.01 or 1%")
    assert main([*argv[:-1], "1%", "--json"]) == 0


@pytest.mark.parametrize(("text", "taken"), [("1.5", False), ("150%", True), ("1.5%", True),
                                             ("0.015", True), ("5", False), ("500%", True)])
def test_a_bare_largest_increase_of_one_or_more_says_both_readings(
        text: str, taken: bool, capsys: pytest.CaptureFixture[str]) -> None:
    """An option's bare 1.5 for a quantity reaching past 100% is 150% or 1.5% alike."""
    parse = in_range(RANGES["max_increase"])
    if taken:
        assert parse(text) == pytest.approx(float(text.rstrip("%")) / (100 if "%" in text else 1))
        return
    with pytest.raises(argparse.ArgumentTypeError) as exc:
        parse(text)
    percent = f"{float(text) * 100:g}"
    assert str(exc.value).endswith(
        f"got '{text}', which reads as {percent}% or {text}%: for {percent}% write {percent}%, "
        f"for {text}% write {text}% or {float(text) / 100:g}")


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
    assert message.endswith("max_increase: expected a largest increase from 0% to 500% (0 to 5, "
                            f"1.0 = 100%), got '3'{BOTH}")


@pytest.mark.parametrize("typed", ["3%", "0.03", "100%", "150%", "0.5"])
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
                                         r"-99% to 500% \(-0\.99 to 5, 1\.0 = 100%\), got 3, "
                                         r"which reads as 300% or 3%: for 300% write 300%, for "
                                         r"3% write 3% or 0\.03$"):
        offer_from_log(log, "Summit BlueCare PPO")
    # the Negotiation Log sheet's cell shows 300%: one reading
    assert offer_from_log(log, "Summit BlueCare PPO", percent_cells=True).increases
