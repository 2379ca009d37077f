"""The worksheet functions take every Settings choice that changes the figure the sheets show
for the same inputs (APM qualifying, facility setting), called as Excel calls them (xlwings' own
``CallUDF`` and argument conversion, pywin32 stood in for), against hand-worked amounts and the
analysis the sheets are filled from.

The 2026 Alabama (10112-00) figures, from the bundled RVU26C release (work GPCI 1.000, PE GPCI
0.875, MP GPCI 0.566) and DOMAIN.md's 2026 factors (33.4009; 33.5675 for a qualifying APM
participant), rounded half-up to cents once:

- 97110: 0.45 + 0.41 x 0.875 + 0.01 x 0.566 = 0.81441 RVUs; x 33.4009 = 27.2020 -> $27.20;
  x 33.5675 = 27.3377 -> $27.34.
- 97597 facility: 0.75 + 0.13 x 0.875 + 0.05 x 0.566 = 0.89205 RVUs; x 33.4009 = 29.7953 ->
  $29.80; x 33.5675 = 29.9438 -> $29.94. Non-facility: 0.75 + 2.24 x 0.875 + 0.0283 = 2.7383
  RVUs; x 33.4009 = 91.4627 -> $91.46; x 33.5675 = 91.9189 -> $91.92.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.money import snapped_fraction
from ratecalc_cli.main import ExitCode, main
from tests.addin import win32_stubs

MISSING = -2147352572  # what VBA passes for an omitted Optional argument
AL = "10112-00"
#: A day of service in 2026, as COM passes a date; the year of the two factors.
OCT_2026 = dt.datetime(2026, 10, 1)


@pytest.fixture(scope="module")
def excel() -> Any:
    """``call(name, *args)``: what Excel's VBA wrapper gets back from Python."""
    server = win32_stubs.install()[2].XLPython()
    yield lambda name, *args: server.CallUDF("ratecalc_addin", name, args)
    win32_stubs.uninstall()


@pytest.mark.parametrize(("apm", "expected"), [
    (MISSING, 27.20), (False, 27.20), ("no", 27.20), (None, 27.20),
    (True, 27.34), ("yes", 27.34), ("TRUE", 27.34),
])
def test_medicare_rate_takes_the_apm_factor(excel, apm, expected):
    assert excel("MEDICARE_RATE", "97110", AL, OCT_2026, MISSING, MISSING, apm) == expected


def test_medicare_rate_apm_with_facility_and_over_a_range(excel):
    assert excel("MEDICARE_RATE", "97597", AL, OCT_2026, "facility", MISSING, True) == 29.94
    assert excel("MEDICARE_RATE", "97597", AL, OCT_2026, "non-facility", MISSING, True) == 91.92
    # a range goes through the vectorized core call: the same factor
    assert excel("MEDICARE_RATE", (("97110", "97597"),), AL, OCT_2026, MISSING, MISSING,
                 True) == [27.34, 91.92]


def test_pct_of_medicare_takes_the_apm_factor(excel):
    # $32.808 is 120% of the APM amount $27.34, and 32.808 / 27.20 = 120.6% of the other
    assert excel("PCT_OF_MEDICARE", 32.808, "97110", AL, OCT_2026, MISSING, True) == (
        pytest.approx(1.2, abs=1e-12))
    # 32.808 / 27.20 = 1.20617647...: read to a millionth, as every output reads a percentage
    assert excel("PCT_OF_MEDICARE", 32.808, "97110", AL, OCT_2026, MISSING, MISSING) == (
        pytest.approx(1.206176, abs=1e-12))


def test_pct_of_medicare_takes_the_facility_setting(excel):
    # $29.80 is 100% of 97597's facility amount and 29.80 / 91.46 of its non-facility one
    assert excel("PCT_OF_MEDICARE", 29.80, "97597", AL, OCT_2026, "facility", MISSING) == (
        pytest.approx(1.0, abs=1e-12))
    # 29.80 / 91.46 = 0.32582549...: to a millionth
    assert excel("PCT_OF_MEDICARE", 29.80, "97597", AL, OCT_2026, MISSING, MISSING) == (
        pytest.approx(0.325825, abs=1e-12))
    # both settings at once, over a column (the vectorized path): 29.94 is the APM facility
    assert excel("PCT_OF_MEDICARE", ((29.94,), (59.88,)), "97597", AL, OCT_2026, "Facility",
                 True) == [[pytest.approx(1.0, abs=1e-12)], [pytest.approx(2.0, abs=1e-12)]]


def test_a_bad_setting_or_apm_says_what_it_expects(excel):
    assert excel("PCT_OF_MEDICARE", 30.0, "97110", AL, OCT_2026, "office", MISSING) == (
        "#RATECALC: setting: expected one of non_facility, facility, got 'office'")
    assert excel("MEDICARE_RATE", "97110", AL, OCT_2026, MISSING, MISSING, "maybe").startswith(
        "#RATECALC: apm_qualifying: expected yes or no")


@pytest.mark.parametrize("setting", ["non_facility", "facility"])
@pytest.mark.parametrize("apm", [False, True])
def test_the_functions_give_the_sheets_medicare_amounts(excel, setting, apm):
    """Settings APM qualifying and Setting as the analysis (the Comparison sheet's Medicare
    and % of Medicare) applies them; the functions, given the same choices, agree."""
    data = demo_data(dt.date(2026, 9, 1))
    settings = replace(data.settings, medicare_date=OCT_2026.date(), apm_qualifying=apm,
                       setting=setting)
    analysis = analyze(replace(data, settings=settings))
    medicare = analysis.medicare.set_index("code")["medicare_amount"]
    for code in ("97110", "97140", "97530", "97161"):
        assert excel("MEDICARE_RATE", code, data.locality, OCT_2026, setting, MISSING,
                     apm) == medicare[code]
    row = analysis.comparison.dropna(subset=["pct_of_medicare"]).iloc[0]
    # the sheet's figure read to a millionth, as its % of Medicare cell and the CSV read it
    assert excel("PCT_OF_MEDICARE", row["allowed_amount"], row["code"], data.locality,
                 OCT_2026, setting, apm) == snapped_fraction(row["pct_of_medicare"])


def test_fixed_vs_pct_left_out_path_follows_the_apm_factors(excel, capsys):
    """Without cf_change the historical path averages 2019-2026: (33.4009 / 36.0391) ** (1/7)
    - 1 = -1.0801% a year, or with the APM factor (33.5675 / 36.0391) ** (1/7) - 1 = -1.0098%.
    120% of $25.00 moved by the APM path and paid in cents: 30.00, 29.6971 -> 29.70,
    29.3972 -> 29.40, 29.1003 -> 29.10, 28.8065 -> 28.81 = $147.01 a unit over 5 years against
    the fixed $150.00: $2,990.00 on 1,000 units (non-APM: $3,200.00)."""
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 5.0, MISSING, MISSING,
                 MISSING) == 3200.00
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 5.0, MISSING, MISSING,
                 True) == 2990.00
    # as `ratecalc scenario --apm-qualifying` (and the Scenarios sheet with APM qualifying yes)
    assert main(["scenario", "--units", "1000", "--medicare", "25", "--fixed", "30",
                 "--pct-of-medicare", "1.2", "--years", "5", "--apm-qualifying",
                 "--json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["difference"] == 2990.00
    # a path given is the path: APM changes nothing then
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 5.0, 0.0, MISSING, True) == 0.0
