"""The walk-away check names the margin its floor is priced with, as typed: a 12.5% margin over a
$80.00 cost is a floor of $90.00 (80 x 1.125, by hand), which ``exit-impact`` printed as "(cost
$80.00 + 13%)", a sum no reader could redo (80 x 1.13 = $90.40)."""

from __future__ import annotations

import pytest

from ratecalc_cli.main import main


@pytest.mark.parametrize(("margin", "said"), [("0.125", "12.5%"), ("0.1", "10%"),
                                              ("0.0775", "7.75%")])
def test_the_walk_away_floor_names_its_margin_as_typed(
        margin: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exit-impact", "--annual-visits", "1000", "--rate-per-visit", "90",
                 "--cost-per-visit", "80", "--margin", margin]) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if x.startswith("Walk-away")]
    assert line.endswith(f"(cost $80.00 + {said})."), line
    if margin == "0.125":
        assert "the floor of $90.00 " in line

