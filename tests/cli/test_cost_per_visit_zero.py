"""A cost per visit of $0.00 is refused wherever it is typed, as a blank one is.

It was taken two ways at once: the Proposal read it as no cost (no walk-away floor, and no
warning that there is none), while the Exit Impact sheet and ``exit-impact --payer`` priced a
floor of $0.00 + 10% = $0.00 that every rate met ("Walk-away check: $94.48 a visit meets the
floor of $0.00 (cost $0.00 + 10%)"). A visit costs something: the floor is cost plus margin
(DOMAIN.md 1.10), and a $0.00 cost is a blank typed as 0. A cent is the least cost taken.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.exit_impact import walk_away_check
from ratecalc.limits import COST_PER_VISIT, METRIC_RANGES
from ratecalc_cli.main import main

PAYER = "Summit BlueCare PPO"


def _cost(folder: Path, value: str) -> int:
    """``folder``'s metrics.csv with cost_per_visit ``value``; the row's line number."""
    path = folder / "metrics.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    line = next(i for i, r in enumerate(rows) if r and r[0] == "cost_per_visit")
    rows[line][1] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return line + 1


def test_a_zero_cost_is_refused_at_its_cell_by_every_command(
        demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _cost(demo_folder, "0")
    said = (f"Clinic Metrics 'metrics.csv', row {line}, column B 'value': expected a figure "
            f"from 0.01 to 1,000,000,000 for Cost per visit, got 0")
    assert main(["analyze", str(demo_folder), "--out", str(tmp_path / "out")]) == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert main(["exit-impact", "--payer", PAYER, "--data", str(demo_folder), "--json"]) == 1
    captured = capsys.readouterr()
    assert said in captured.err and "floor of $0.00" not in captured.out


def test_a_zero_cost_option_and_core_argument_are_refused(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["exit-impact", "--annual-visits", "100", "--rate-per-visit", "90",
              "--cost-per-visit", "0"])
    assert ("argument --cost-per-visit: expected a cost per visit from $0.01 to "
            "$1,000,000,000, got '0'") in capsys.readouterr().err
    with pytest.raises(InputError, match="cost_per_visit: expected a cost per visit from"):
        walk_away_check(90.0, 0.0)


def test_a_cent_is_the_least_cost_and_prices_its_floor() -> None:
    # $0.01 + 10% = $0.011, by hand
    walk = walk_away_check(90.0, 0.01, 0.10)
    assert walk.floor == 0.011 and walk.meets_floor
    assert METRIC_RANGES["cost_per_visit"] == (COST_PER_VISIT.low, COST_PER_VISIT.high)
