"""``scenario --json``'s present values and the totals beside them: one figure at a discount
rate of 0, and discounted from the years the same output shows (ratecalc.scenarios.
shown_present_values). The present value was discounted from the exact years while the totals
add up the years as shown, so the demo's Keystone read "pct_total" $1,305,042.62 beside
"pct_present_value" $1,305,042.63 with no discount at all."""

from __future__ import annotations

import json

import pytest

from ratecalc_cli.main import ExitCode, main

#: 0.5 units a year at $2.01 fixed against 100% of Medicare's $2.00, no conversion-factor
#: change: $1.005 a year, shown $1.01 each year, $2.02 over two; the percent side $1.00 a year
ONE_CODE = ("scenario", "--units", "0.5", "--medicare", "2.00", "--fixed", "2.01",
            "--pct-of-medicare", "1.0", "--years", "2", "--cf-change", "0")


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK, out
    return json.loads(out)


def test_no_discount_present_value_is_the_total_beside_it(capsys) -> None:
    data = _json(capsys, *ONE_CODE)
    assert [year["fixed_revenue"] for year in data["years"]] == [1.01, 1.01]
    assert data["discount_rate"] == 0.0
    # by hand: 1.01 + 1.01 and 1.00 + 1.00 (the exact years' 2.01 read a cent off)
    assert (data["fixed_total"], data["fixed_present_value"]) == (2.02, 2.02)
    assert (data["pct_total"], data["pct_present_value"]) == (2.00, 2.00)


def test_present_value_discounts_the_years_shown(capsys) -> None:
    data = _json(capsys, *ONE_CODE, "--discount-rate", "0.05")
    # by hand: 1.01 / 1.05 + 1.01 / 1.05^2 = 0.961905 + 0.916100 = 1.878005
    # and 1.00 / 1.05 + 1.00 / 1.05^2 = 0.952381 + 0.907029 = 1.859410
    assert data["fixed_present_value"] == 1.88
    assert data["pct_present_value"] == 1.86
    assert data["fixed_total"] == 2.02


def test_every_demo_payers_present_value_is_its_total(capsys) -> None:
    """The demo as of 2026-12-06 (no discount rate): each payer's present values are the
    totals printed beside them and the sums of its years; Keystone's (2% escalator) and
    Lakeside's (2.5%) percent side each read a cent off before."""
    payers = ["Summit BlueCare PPO", "Keystone Health Plan", "Meridian Mutual",
              "Cardinal Employers Trust", "Lakeside Health Partners",
              "Pioneer Medicare Advantage"]
    for payer in payers:
        data = _json(capsys, "scenario", "--demo", "--today", "2026-12-06", "--payer", payer)
        assert data["discount_rate"] == 0.0
        for side in ("fixed", "pct"):
            years = round(sum(year[f"{side}_revenue"] for year in data["years"]), 2)
            assert data[f"{side}_total"] == years, (payer, side)
            assert data[f"{side}_present_value"] == data[f"{side}_total"], (payer, side)
    # by hand from its five years as `scenario` prints them (the earlier run's figures):
    # 266,708.31 + 263,827.47 + 260,977.74 + 258,158.80 + 255,370.30
    keystone = _json(capsys, "scenario", "--demo", "--today", "2026-12-06", "--payer",
                     "Keystone Health Plan")
    assert keystone["pct_present_value"] == 1_305_042.62
