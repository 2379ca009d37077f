"""The worksheet functions called as Excel calls them (xlwings' own ``CallUDF``, pywin32 stood
in for), against hand-worked values and the ``ratecalc`` command: money exact and the same for
one cell and a range, one default and one range per quantity with the command line, messages
that say what the user typed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc import scenarios
from ratecalc.schema import SETTINGS
from ratecalc_cli.main import ExitCode, main
from tests.addin.win32_stubs import ERR, MISSING


def column(*values: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple((v,) for v in values)


# --- 1. money rounded once, half-up to cents, one cell as a range ---------------------------


def test_a_gap_over_a_range_is_in_cents_as_over_one_cell(excel):
    # 31.50 - 26.83 = 4.67 exactly; the double subtraction gives 4.670000000000002, which a
    # range showed (so =RATEGAP(A1:A2, 31.5)=4.67 was FALSE) while one cell showed 4.67
    assert excel("RATEGAP", 26.83, 31.5, MISSING) == 4.67
    assert excel("RATEGAP", column(26.83, 20.0), 31.5, MISSING) == [[4.67], [11.5]]


def test_a_revenue_impact_is_in_whole_cents(excel):
    # (30.85 - 26.83) x 1,000,000,000 units = 4.02 x 1e9 = $4,020,000,000.00 (was ...000004)
    assert excel("REVENUE_IMPACT", 26.83, 30.85, 1e9) == 4_020_000_000.0
    assert excel("REVENUE_IMPACT", column(26.83, 26.83), 30.85, column(1e9, 3.0)) == [
        [4_020_000_000.0], [12.06]]


cents = st.integers(0, 10_000_000).map(lambda c: c / 100)  # $0.00 to $100,000.00
units = st.integers(0, 1_000_000_000).map(float)


def as_rows(result: Any) -> list[list[Any]]:
    """A result as rows of cells (CallUDF returns a 1x1 result as its value)."""
    return result if isinstance(result, list) else [[result]]


@settings(max_examples=80, deadline=None)
@given(
    name_args=st.one_of(
        st.tuples(st.just("RATEGAP"), st.lists(cents, min_size=2, max_size=6), st.tuples(cents)),
        st.tuples(st.just("REVENUE_IMPACT"), st.lists(cents, min_size=2, max_size=6),
                  st.tuples(cents, units)),
        st.tuples(st.just("PROPOSED_RATE"), st.lists(cents, min_size=2, max_size=6),
                  st.tuples(cents)),
    )
)
def test_a_range_gives_exactly_what_each_of_its_cells_gives_alone(excel, name_args):
    name, firsts, rest = name_args
    tail = (MISSING,) if name == "RATEGAP" else ()
    tail = (MISSING, MISSING, MISSING) if name == "PROPOSED_RATE" else tail
    over_range = as_rows(excel(name, column(*firsts), *rest, *tail))
    alone = [[excel(name, first, *rest, *tail)] for first in firsts]
    assert over_range == alone  # exactly: a float and its cents, not approximately
    for (cell,) in over_range:  # whole cents: what half-up rounding to cents leaves
        assert cell == round(cell, 2)


# --- 2. one default conversion-factor path ---------------------------------------------------


def test_fixed_vs_pct_without_a_factor_change_follows_the_scenario_command(excel, capsys):
    """`ratecalc scenario` (and the Scenarios sheet) project the historical path when no
    change is given; FIXED_VS_PCT assumed a flat factor and answered $0.00."""
    code = main(["scenario", "--units", "1000", "--medicare", "25", "--fixed", "30",
                 "--pct-of-medicare", "1.2", "--years", "5", "--json"])
    assert code == ExitCode.OK
    command = json.loads(capsys.readouterr().out)
    assert command["path"] == scenarios.DEFAULT_CF_PATH == "historical"
    # the historical path moves Medicare -1.0801471...% a year: 120% of $25.00 x the index,
    # paid in cents a unit each year, is $30.00, $29.6760 -> $29.68, $29.3554 -> $29.36,
    # $29.0383 -> $29.04, $28.7247 -> $28.72: $146,800.00 on 1,000 units against the fixed
    # $150,000.00 (the unrounded $29.6760... a unit gave $3,205.63)
    assert command["difference"] == 3200.00
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 5.0, MISSING, MISSING) == 3200.00
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 5.0, None, MISSING) == 3200.00
    # a flat factor given: both contracts pay 30 x 1000 = 30,000 every year
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 1000.0, 5.0, 0.0, MISSING) == 0.0


def test_the_settings_sheet_defaults_to_the_same_path():
    (cf_path,) = (c for c in SETTINGS.columns if c.name == "cf_path")
    assert cf_path.default == scenarios.DEFAULT_CF_PATH


# --- 3. one range per quantity -----------------------------------------------------------------


def refused_by_command(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What ``ratecalc`` says of an option out of its range (argparse's exit 2)."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    assert exc.value.code == 2
    return capsys.readouterr().err


SCENARIO = ("scenario", "--medicare", "25", "--fixed", "30", "--pct-of-medicare", "1.2")
EXIT = ("exit-impact", "--rate-per-visit", "100")


def test_revenue_impact_refuses_the_units_the_scenario_command_refuses(excel, capsys):
    assert excel("REVENUE_IMPACT", 26.83, 30.85, -1200.0) == (
        ERR + "annual_units: expected units a year from 0 to 1,000,000,000, got -1200")
    assert "--units: expected units a year from 0 to 1,000,000,000, got '-1200'" in (
        refused_by_command(capsys, *SCENARIO, "--units=-1200"))
    assert excel("REVENUE_IMPACT", 26.83, 30.85, 1e9 + 1) == (
        ERR + "annual_units: expected units a year from 0 to 1,000,000,000, got 1000000001")
    assert excel("FIXED_VS_PCT", 30.0, 1.2, 25.0, 2e9, 2.0, 0.0, MISSING) == (
        ERR + "units: expected units a year from 0 to 1,000,000,000, got 2000000000")


def test_exit_impact_takes_the_ranges_of_the_exit_impact_command(excel, capsys):
    assert excel("EXIT_IMPACT", 1000.0, 100.0, 0.0, 0.0, 0.5, 90.0, 1e9, MISSING, MISSING) == (
        ERR + "ramp_months: expected months from 0 to 120, got 1000000000")
    assert "--ramp-months: expected months from 0 to 120, got '121'" in refused_by_command(
        capsys, *EXIT, "--annual-visits", "1000", "--ramp-months", "121")
    assert excel("EXIT_IMPACT", 2e8, 100.0, MISSING, MISSING, MISSING, MISSING, MISSING,
                 MISSING, MISSING) == (
        ERR + "annual_visits: expected visits a year from 0 to 100,000,000, got 200000000")
    assert "--annual-visits: expected visits a year from 0 to 100,000,000, got '2e8'" in (
        refused_by_command(capsys, *EXIT, "--annual-visits", "2e8"))
    # at the bounds: 1000 visits x $100 lost; half backfilled at $90 over a 120-month ramp:
    # backfill earned over 12 months = 12 x 12 / (2 x 120) = 0.6 months of 1000/12 x 0.5 x 90
    # = 3,750 a month -> 2,250; net = -100,000 + 2,250 = -97,750
    assert excel("EXIT_IMPACT", 1000.0, 100.0, 0.0, 0.0, 0.5, 90.0, 120.0, MISSING,
                 MISSING) == -97750.0


# --- 4. the percent hint ----------------------------------------------------------------------


@pytest.mark.parametrize(("retention", "expected"), [
    # 1.5 may be 150% as well as 1.5%: both are said, 150% refused (it had no hint)
    (1.5, "retention: expected a share from 0% to 100% (0 to 1, 1.0 = 100%), got 1.5 (150%); "
          "for 1.5% write 0.015 or 1.5%"),
    (50.0, "retention: expected a share from 0% to 100% (0 to 1, 1.0 = 100%), got 50; "
           "for 50% write 0.5"),
    # typed with a % sign, it was a percent already
    ("150%", "retention: expected a share from 0% to 100% (0 to 1, 1.0 = 100%), got '150%'"),
])
def test_the_percent_hint_only_for_a_percent_typed_whole(excel, retention, expected):
    got = excel("EXIT_IMPACT", 1000.0, 100.0, retention, MISSING, MISSING, MISSING, MISSING,
                MISSING, MISSING)
    assert got == ERR + expected


def test_a_percent_with_its_sign_gets_no_hint(excel):
    assert excel("PROPOSED_RATE", 26.83, 31.5, "501%", MISSING, MISSING) == (
        ERR + "min_increase: expected a smallest increase from 0% to 100% (0 to 1, 1.0 = 100%), "
        "got '501%'")


def test_the_command_line_gives_the_hint_by_the_same_rule(capsys):
    visits = (*EXIT, "--annual-visits", "1000")
    err = refused_by_command(capsys, *visits, "--retention", "1.5")
    assert err.rstrip().endswith(  # a percentage's option takes a % sign too: "or 1.5%"
        "--retention: expected a share from 0% to 100% (0 to 1, 1.0 = 100%), got '1.5' (150%); "
        "for 1.5% write 0.015 or 1.5%")
    err = refused_by_command(capsys, *visits, "--retention", "50")
    assert err.rstrip().endswith(
        "--retention: expected a share from 0% to 100% (0 to 1, 1.0 = 100%), got '50'; "
        "for 50% write 0.5")


# --- 5. a value shown as the user sees it -----------------------------------------------------


def test_a_date_where_a_rate_belongs_is_shown_as_a_date(excel):
    # a date, said to be one, with how to type the number (as every reader of a cell says it)
    assert excel("RATEGAP", dt.datetime(2025, 1, 1), 31.5, MISSING) == (
        ERR + "payer_rate: expected a dollar amount, not a date (a cell formatted as a date "
              "shows a number typed in it as a date: format the cell as a number and type it "
              "again), got 2025-01-01")


# --- 6. therapy units: a negative cell named in its own cell ----------------------------------


def test_a_negative_minutes_cell_is_flagged_in_its_own_cell(excel):
    assert excel("THERAPY_UNITS", column(33.0, -7.0), MISSING) == [
        [ERR + "minutes: another cell of this visit cannot be read"],
        [ERR + "minutes: expected minutes >= 0, got -7"],
    ]
    assert excel("THERAPY_UNITS", column(33.0, -7.0, "abc"), MISSING)[1:] == [
        [ERR + "minutes: expected minutes >= 0, got -7"],
        [ERR + "minutes: expected a number, got 'abc'"],
    ]
