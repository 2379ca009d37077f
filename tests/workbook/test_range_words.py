"""One range, one wording: each quantity's range is stated in the same words by every entry point
that takes it (the command line's option, the worksheet function, the reader of its table or
sheet, the core function, Excel's own check of the workbook's cell), the bounds as the medium
takes them: a text gives a fraction's bounds as percents and as the fraction typed, a cell of
the workbook (which shows 110%, never 1.1) as percents alone.

The command line and the worksheet functions said "expected a fraction from -0.5 to 0.5 (1.0 =
100%)" of an escalator the Payers & Contracts sheet's reader and the projection called "a yearly
fraction from -0.5 to 0.5, such as 0.03 or 3%", and Excel "a percentage from -50% to 50%"."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Callable
from contextlib import redirect_stderr
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ratecalc_addin as xl
from ratecalc.analysis import Analysis, analyze
from ratecalc.demo import demo_data
from ratecalc.exit_impact import ExitParams, walk_away_check
from ratecalc.limits import AMOUNT, DATE_RANGE_RULE, RANGES, NumberRange, percent_check
from ratecalc.medicare import medicare_amount
from ratecalc.scenarios import cf_custom_problem, project_scenario, single_code_lines
from ratecalc.schema import EXIT_ASSUMPTIONS, SETTINGS, TABLES, Column
from ratecalc.timeline import notice_deadline, renewal_timeline
from ratecalc.validation import CellError, parse_cell
from ratecalc.visit_payment import PaymentRules
from ratecalc_addin.excel_values import Param, parse_value
from ratecalc_cli.arguments import in_range
from ratecalc_cli.main import ExitCode, main
from ratecalc_letter.offers import offer_from_log
from ratecalc_letter.proposal import proposal_letter
from ratecalc_workbook import layout
from tests.medicare_days import covered_today

from .accepts import accepts, command_accepts
from .test_excel_checks import checked_cells

#: Each range's words in a text (an option, a worksheet function, a reader, the core), written
#: out by hand, and as Excel's check of its cell says them.
WORDS: dict[str, tuple[str, str]] = {
    "pct_of_medicare": ("expected a percent of Medicare from 10% to 500% (0.1 to 5, 1.0 = 100%)",
                        "Expected a percent of Medicare from 10% to 500%"),
    "escalator": ("expected a yearly escalator from -50% to 50% (-0.5 to 0.5, 1.0 = 100%)",
                  "Expected a yearly escalator from -50% to 50%"),
    "cf_change": ("expected a yearly change from -50% to 50% (-0.5 to 0.5, 1.0 = 100%)",
                  "Expected a yearly change from -50% to 50%"),
    "min_increase": ("expected a smallest increase from 0% to 100% (0 to 1, 1.0 = 100%)",
                     "Expected a smallest increase from 0% to 100%"),
    "max_increase": ("expected a largest increase from 0% to 500% (0 to 5, 1.0 = 100%)",
                     "Expected a largest increase from 0% to 500%"),
    "offered_increase": ("expected an increase from -99% to 500% (-0.99 to 5, 1.0 = 100%)",
                         "Expected an increase from -99% to 500%"),
    **{share: ("expected a share from 0% to 100% (0 to 1, 1.0 = 100%)",
               "Expected a share from 0% to 100%")
       for share in ("retention", "retained_collection", "backfill")},
    "ramp_months": ("expected months from 0 to 120", "Expected months from 0 to 120"),
    "scenario_years": ("expected a whole number of years from 1 to 50",
                       "Expected a whole number of years from 1 to 50"),
    "notice_days": ("expected a whole number of days of notice from 0 to 3650",
                    "Expected a whole number of days of notice from 0 to 3650"),
    "lead_months": ("expected a whole number of months from 0 to 60",
                    "Expected a whole number of months from 0 to 60"),
    "renewal_months": ("expected a whole number of months from 1 to 120",
                       "Expected a whole number of months from 1 to 120"),
    "follow_up_business_days": ("expected a whole number of business days from 1 to 260",
                                "Expected a whole number of business days from 1 to 260"),
    "response_days": ("expected a whole number of days from 0 to 365",
                      "Expected a whole number of days from 0 to 365"),
    "units_per_year": ("expected units a year from 0 to 1,000,000,000",
                       "Expected units a year from 0 to 1,000,000,000"),
    "visits_per_year": ("expected visits a year from 0 to 100,000,000",
                        "Expected visits a year from 0 to 100,000,000"),
    "visits": ("expected visits a year from 0 to 100,000,000",
               "Expected visits a year from 0 to 100,000,000"),
    "discount_rate": ("expected a yearly discount rate from 0% to 50% (0 to 0.5, 1.0 = 100%)",
                      "Expected a yearly discount rate from 0% to 50%"),
    "walk_away_margin": ("expected a margin over cost from 0% to 100% (0 to 1, 1.0 = 100%)",
                         "Expected a margin over cost from 0% to 100%"),
    "pareto_share": ("expected a share of revenue from 1% to 100% (0.01 to 1, 1.0 = 100%)",
                     "Expected a share of revenue from 1% to 100%"),
    "assistant_reduction": ("expected a reduction from 0% to 100% (0 to 1, 1.0 = 100%)",
                            "Expected a reduction from 0% to 100%"),
    "target_percentile": ("expected a percentile from 0 to 100",
                          "Expected a percentile from 0 to 100"),
    "plausible_low": ("expected a percent of Medicare from 0% to 1,000% (0 to 10, 1.0 = 100%)",
                      "Expected a percent of Medicare from 0% to 1,000%"),
    "plausible_high": ("expected a percent of Medicare from 10% to 10,000% (0.1 to 100, "
                       "1.0 = 100%)", "Expected a percent of Medicare from 10% to 10,000%"),
    "offered_rate": ("expected a dollar amount from $0.01 to $1,000,000,000",
                     "Expected a dollar amount from $0.01 to $1,000,000,000"),
    "override_rate": ("expected a dollar amount from $0.01 to $1,000,000,000",
                      "Expected a dollar amount from $0.01 to $1,000,000,000"),
}

#: The day the core's timeline checks are as of: one the bundled Medicare data covers, not the
#: machine's (the options' refusals are their parser's, before any day is read).
TODAY = covered_today()
#: The contract end the timeline's checks are given: a day in the future of :data:`TODAY`.
END = TODAY + timedelta(days=400)


def _cli(argv: list[str]) -> Callable[[Any], str]:
    """The message of ``ratecalc ARGV VALUE``'s refusal of its last option's value."""
    def run(value: Any) -> str:
        err = io.StringIO()
        with pytest.raises(SystemExit), redirect_stderr(err):
            main([*argv, repr(value)])
        [line] = [line for line in err.getvalue().splitlines() if ": error: " in line]
        return line.split(": error: ", 1)[1]
    return run


def _command_error(argv: list[str]) -> str:
    """What ``ratecalc ARGV`` prints to stderr, refusing it (exit 2, a bad argument)."""
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(argv) == ExitCode.USAGE
    return err.getvalue()


def _udf(call: Callable[[Any], Any]) -> Callable[[Any], str]:
    def run(value: Any) -> str:
        result = call(value)
        while isinstance(result, list):
            [result] = result
        assert str(result).startswith("#RATECALC: "), result
        return str(result)
    return run


def _refused(call: Callable[[Any], Any], errors: type[Exception] = ValueError
             ) -> Callable[[Any], str]:
    def run(value: Any) -> str:
        with pytest.raises(errors) as exc:
            call(value)
        return str(exc.value)
    return run


def _column(name: str) -> Column:
    for table in (*TABLES.values(), SETTINGS, EXIT_ASSUMPTIONS, layout.LOG_SCHEMA):
        if any(column.name == name for column in table.columns):
            return table.column(name)
    assert name == "override_rate", name
    return layout.YOUR_RATE


def _reader(name: str) -> Callable[[Any], str]:
    return _refused(lambda v: parse_cell(_column(name), v), CellError)


def _lines() -> pd.DataFrame:
    return single_code_lines(100, 30.0, 31.0)


def _log(increase: Any, rate: Any = None) -> pd.DataFrame:
    """A Negotiation Log of one offer received: an increase, or a rate for 97110."""
    return pd.DataFrame([{"Date": "2025-12-15", "Payer": "Summit BlueCare PPO",
                          "Direction": "received", "Code": None if rate is None else "97110",
                          "Offered rate": rate, "Offered increase": increase}])


@cache
def _analysis() -> Analysis:
    return analyze(demo_data())


_SCENARIO = ["scenario", "--units", "100", "--medicare", "30", "--fixed", "31"]
_EXIT = ["exit-impact", "--annual-visits", "1000", "--rate-per-visit", "90"]

#: Each range, a value outside it, and its entry points besides the reader of its table and
#: Excel's check of its cell (which every range has): name -> calls giving the message.
ENTRY_POINTS: dict[str, tuple[Any, dict[str, Callable[[Any], str]]]] = {
    "pct_of_medicare": (9.0, {
        "option": _cli([*_SCENARIO, "--pct-of-medicare"]),
        "function": _udf(lambda v: xl.FIXED_VS_PCT(30.0, v, 25.0, 1000.0, 2)),
        "core": _refused(lambda v: project_scenario(_lines(), pct_of_medicare=v, years=2))}),
    "escalator": (0.6, {
        "option": _cli([*_SCENARIO, "--pct-of-medicare", "1.1", "--escalator"]),
        "function": _udf(lambda v: xl.FIXED_VS_PCT(30.0, 1.1, 25.0, 1000.0, 2, 0.0, v)),
        "core": _refused(lambda v: project_scenario(_lines(), pct_of_medicare=1.1, years=2,
                                                    escalator=v))}),
    "cf_change": (-1.0, {
        "option": _cli([*_SCENARIO, "--pct-of-medicare", "1.1", "--cf-change"]),
        "function": _udf(lambda v: xl.FIXED_VS_PCT(30.0, 1.1, 25.0, 1000.0, 2, v)),
        "core": _refused(lambda v: project_scenario(_lines(), pct_of_medicare=1.1, years=2,
                                                    cf_changes=v)),
        # the Settings' custom path, a text of changes, says its range in the same words
        "settings": lambda v: cf_custom_problem(repr(v), 2) or ""}),
    "min_increase": (1.5, {
        "function": _udf(lambda v: xl.PROPOSED_RATE(26.83, 31.5, v))}),
    "max_increase": (6.0, {
        "function": _udf(lambda v: xl.PROPOSED_RATE(26.83, 31.5, 0.05, v))}),
    "offered_increase": (5.5, {
        "letter": _refused(lambda v: offer_from_log(_log(v), "Summit BlueCare PPO"))}),
    **{share: (1.5, {
        "option": _cli([*_EXIT, f"--{share.replace('_', '-')}"]),
        "function": _udf(lambda v, s=share: xl.EXIT_IMPACT(1000.0, 90.0, **{s: v})),
        "core": _refused(lambda v, s=share: ExitParams(1000.0, 90.0, **{s: v}))})
       for share in ("retention", "retained_collection", "backfill")},
    "ramp_months": (121, {
        "option": _cli([*_EXIT, "--ramp-months"]),
        "function": _udf(lambda v: xl.EXIT_IMPACT(1000.0, 90.0, ramp_months=v)),
        "core": _refused(lambda v: ExitParams(1000.0, 90.0, ramp_months=v))}),
    "scenario_years": (51, {
        "option": _cli([*_SCENARIO, "--pct-of-medicare", "1.1", "--years"]),
        "function": _udf(lambda v: xl.FIXED_VS_PCT(30.0, 1.1, 25.0, 1000.0, v)),
        "core": _refused(lambda v: project_scenario(_lines(), pct_of_medicare=1.1, years=v))}),
    "notice_days": (3651, {
        "option": _cli(["timeline", "--end", END.isoformat(), "--notice-days"]),
        "function": _udf(lambda v: xl.NOTICE_DEADLINE(END, v)),
        "core": _refused(lambda v: notice_deadline(END, v))}),
    "lead_months": (61, {
        "option": _cli(["timeline", "--end", END.isoformat(), "--lead-months"]),
        "function": _udf(lambda v: xl.NEGOTIATION_START(END, v)),
        "core": _refused(lambda v: renewal_timeline(END, lead_months=v, as_of=TODAY))}),
    "renewal_months": (121, {
        "option": _cli(["timeline", "--end", END.isoformat(), "--auto-renew",
                        "--renewal-months"]),
        "exit option": _cli([*_EXIT, "--end", END.isoformat(), "--auto-renew",
                             "--renewal-months"]),
        "core": _refused(lambda v: renewal_timeline(END, auto_renew=True, renewal_term_months=v,
                                                    as_of=TODAY))}),
    "follow_up_business_days": (261, {
        "option": _cli(["timeline", "--end", END.isoformat(), "--follow-up-days"]),
        "core": _refused(lambda v: renewal_timeline(END, follow_up_business_days=v,
                                                    as_of=TODAY))}),
    "response_days": (366, {}),
    "units_per_year": (2e9, {
        "option": _cli([*_SCENARIO[:1], "--units"]),
        "function": _udf(lambda v: xl.FIXED_VS_PCT(30.0, 1.1, 25.0, v, 2))}),
    "visits_per_year": (2e8, {
        "option": _cli(["exit-impact", "--annual-visits"]),
        "function": _udf(lambda v: xl.EXIT_IMPACT(v, 90.0)),
        "core": _refused(lambda v: ExitParams(v, 90.0))}),
    "visits": (2e8, {}),
    "discount_rate": (1.5, {
        "option": _cli([*_SCENARIO, "--discount-rate"]),
        "core": _refused(lambda v: project_scenario(_lines(), pct_of_medicare=1.1, years=2,
                                                    discount_rate=v))}),
    "walk_away_margin": (1.5, {
        "option": _cli([*_EXIT, "--margin"]),
        "core": _refused(lambda v: walk_away_check(100.0, 80.0, v))}),
    "pareto_share": (1.5, {}),
    "assistant_reduction": (1.5, {
        "core": _refused(lambda v: PaymentRules(assistant_reduction=v))}),
    "target_percentile": (101, {}),
    "plausible_low": (11, {}),
    "plausible_high": (101, {}),
    "offered_rate": (0.0, {
        "letter": _refused(lambda v: offer_from_log(_log(None, rate=v), "Summit BlueCare PPO"))}),
    "override_rate": (0.0, {
        "letter": _refused(lambda v: proposal_letter(_analysis(), "Summit BlueCare PPO",
                                                     requested_rates={"97110": v}))}),
}


#: Ranges of no cell of the workbook (a yearly change is typed in a text of several).
NO_CELL = {"cf_change"}


@pytest.fixture(scope="module")
def excel_errors(demo_book: Path) -> dict[str, set[str]]:
    """What Excel's checks of the demo workbook's cells say, by the column they check."""
    errors: dict[str, set[str]] = {}
    for check in checked_cells(demo_book):
        if check.column is not None and check.rule.type in ("whole", "decimal"):
            errors.setdefault(check.column.name, set()).add(check.rule.error)
    return errors


def test_every_range_has_its_words_from_limits() -> None:
    assert set(WORDS) == set(RANGES) == set(ENTRY_POINTS)
    for name, words in RANGES.items():
        assert (words.rule(), words.cell_rule()) == WORDS[name], name


@pytest.mark.parametrize("name", sorted(WORDS))
def test_each_range_is_said_in_one_wording_everywhere(
        name: str, excel_errors: dict[str, set[str]]) -> None:
    text, cell = WORDS[name]
    # a cell's words are the text's, the fraction typed left out
    assert text.startswith("e" + cell[1:])
    assert re.sub(r" \([^)]*1\.0 = 100%\)$", "", text) == "e" + cell[1:]
    value, entries = ENTRY_POINTS[name]
    said = {entry: call(value) for entry, call in entries.items()}
    if name in NO_CELL:
        assert name not in excel_errors
    else:
        # a cell's problem adds where it is and the value itself
        assert _reader(name)(value) == text
        assert excel_errors.get(name) == {cell}
    for entry, message in said.items():
        if entry == "settings":
            assert f"each {text.removeprefix('expected ')}: " in message, message
        else:
            assert f"{text}, got " in message, (entry, message)


# --- one range: where an entry point took more than the others ---------------------------------

def test_the_walk_away_margin_has_the_settings_range(capsys: pytest.CaptureFixture[str]) -> None:
    """``exit-impact --margin`` took up to 500% and the core's walk-away check any margin, while
    the Settings' walk_away_margin, which the command reads without the option, takes 0% to
    100% (and Excel's check of its cell)."""
    column = SETTINGS.column("walk_away_margin")
    for margin, taken in ((0.0, True), (1.0, True), (1.01, False), (1.5, False), (5.0, False)):
        assert accepts(lambda m=margin: parse_cell(column, m)) == taken, margin
        assert accepts(lambda m=margin: walk_away_check(100.0, 80.0, m)) == taken, margin
        command = [*_EXIT, "--cost-per-visit", "80", "--margin", repr(margin), "--json"]
        assert command_accepts(command) == taken, margin
        capsys.readouterr()


def test_the_exit_estimate_takes_the_visits_its_option_takes() -> None:
    """The core took any number of visits a year (2e8 from a caller other than the option, the
    worksheet function or the Payers sheet, which all stop at 100,000,000)."""
    assert accepts(lambda: ExitParams(1e8, 90.0))
    assert not accepts(lambda: ExitParams(1e8 + 1, 90.0))


@pytest.mark.parametrize(("rate", "taken"), [(0.01, True), (0.004, False), (1e9 + 1, False)])
def test_a_rate_asked_in_the_letter_has_the_proposal_cells_range(rate: float,
                                                                  taken: bool) -> None:
    """The letter asked $0.004 (above zero) and $1,000,000,001 a unit, which the Proposal's
    "Your rate" cell (read and Excel's check) refuses: $0.01 to $1,000,000,000."""
    assert accepts(lambda: parse_cell(layout.YOUR_RATE, rate)) == taken
    assert accepts(lambda: proposal_letter(_analysis(), "Summit BlueCare PPO",
                                           requested_rates={"97110": rate})) == taken


@pytest.mark.parametrize(("change", "taken"), [(-0.5, True), (0.5, True), (-0.99, False),
                                               (1.0, False), (-1.0, False), (1.01, False),
                                               (3.0, False), (5.0, False)])
def test_a_yearly_change_of_the_factor_has_one_range(change: float, taken: bool,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``scenario --cf-change -1`` and FIXED_VS_PCT's cf_change took -100%, which the
    projection under them refused: the command stopped with exit 3 (bad data) rather than 2
    (a bad argument), in other words than the option's."""
    assert accepts(lambda: project_scenario(_lines(), pct_of_medicare=1.1, years=2,
                                            cf_changes=change)) == taken
    [[udf]] = xl.FIXED_VS_PCT(30.0, 1.1, 25.0, 1000.0, 2, change)
    assert (not str(udf).startswith("#RATECALC")) == taken, udf
    try:
        code = main([*_SCENARIO, "--pct-of-medicare", "1.1", "--years", "2",
                     f"--cf-change={change!r}", "--json"])
    except SystemExit as exc:
        code = exc.code
    assert code == (ExitCode.OK if taken else ExitCode.USAGE)
    capsys.readouterr()


@pytest.mark.parametrize(("rate", "taken"), [(0.0, True), (0.5, True), (1.0, False),
                                           (-0.5, False), (-0.01, False), (1.01, False),
                                           (3.0, False)])
def test_a_discount_rate_has_the_settings_range(rate: float, taken: bool,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The projection took any discount rate above -100% (-50% a year, which no reader of the
    Settings' Discount rate nor ``scenario --discount-rate`` takes, and 300%), where they take
    0% to 50% (a bare 1 is 1% typed whole, not 100%)."""
    assert accepts(lambda: parse_cell(SETTINGS.column("discount_rate"), rate)) == taken
    assert accepts(lambda: project_scenario(_lines(), pct_of_medicare=1.1, years=2,
                                            discount_rate=rate)) == taken
    command = [*_SCENARIO, "--pct-of-medicare", "1.1", "--years", "2", "--cf-change", "0",
               f"--discount-rate={rate!r}", "--json"]
    assert command_accepts(command) == taken
    capsys.readouterr()


def test_a_dollar_amount_is_said_in_one_wording_everywhere(
        excel_errors: dict[str, set[str]]) -> None:
    """Any amount with no range of its own (limits.AMOUNT): the options said "from 0 to
    1,000,000,000", the readers and the worksheet functions "up to 1,000,000,000" or "of zero
    or more", the exit estimate ">= 0" (and took any amount above), Excel "from $0 to
    $1,000,000,000"."""
    text = "expected a dollar amount from $0 to $1,000,000,000"
    assert (AMOUNT.rule(), AMOUNT.cell_rule()) == (text, "E" + text[1:])
    column = TABLES["fee_schedules"].column("allowed_amount")
    for value in (-0.01, 1e9 + 1):
        said = {
            "option": _cli([*_SCENARIO[:3], "--fixed"])(value),
            "function": _udf(lambda v: xl.RATEGAP(v, 31.5))(value),
            "core": _refused(lambda v: ExitParams(1000.0, v))(value),
            "letter": _refused(lambda v: offer_from_log(_log(None, rate=v),
                                                        "Summit BlueCare PPO"))(value),
        }
        assert _refused(lambda v: parse_cell(column, v), CellError)(value) == text
        for entry, message in said.items():
            assert f"{text}, got " in message, (entry, message)
    assert excel_errors["allowed_amount"] == {"E" + text[1:]}
    assert accepts(lambda: ExitParams(1000.0, 1e9))


def test_a_date_out_of_its_years_is_said_in_one_wording_everywhere(demo_book: Path) -> None:
    """Dates from 1970 to 2199 (limits.DATE_RANGE_RULE): Excel's check said "a date from 1970
    to 2199", every other entry point "a date in the years 1970 to 2199", each written out
    apart."""
    text = "expected a date in the years 1970 to 2199"
    assert text == DATE_RANGE_RULE
    old = date(1969, 12, 31)
    said = {
        "option": _command_error(["timeline", "--end", old.isoformat()]),
        "function": _udf(lambda v: xl.NOTICE_DEADLINE(v, 90))(old.isoformat()),
        "reader": _refused(lambda v: parse_cell(TABLES["contracts"].column("end_date"), v),
                           CellError)(old.isoformat()),
        "core": _refused(lambda v: renewal_timeline(v, as_of=TODAY))(old),
        "medicare": _refused(lambda v: medicare_amount("97110", "AL", v))("1969"),
    }
    for entry, message in said.items():
        assert text in message, (entry, message)
    errors = {check.rule.error for check in checked_cells(demo_book) if check.rule.type == "date"}
    assert errors == {"Expected a date in the years 1970 to 2199, such as 2026-03-31"}


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(set(RANGES) - NO_CELL)),
       value=st.floats(-200.0, 2e9, allow_nan=False) | st.integers(-5, 4000).map(float))
def test_every_entry_point_takes_the_same_numbers_and_says_the_same_words(name: str,
                                                                          value: float) -> None:
    """For any number, the option's check, the worksheet function's and the cell's reader all
    take it or all refuse it, in the range's words. A bare number that reads as a percentage
    either way (1.5 for a largest increase: 150% or 1.5%) is refused by all three, which take
    it as a number of no percent meaning (a CSV's cell), and taken by a percent cell."""
    words = RANGES[name]
    column = _column(name)
    kind = "int" if words.whole else "money" if words.shown == "money" else (
        "fraction" if words.shown == "percent" else "number")
    outcomes = {}
    try:
        in_range(words)(repr(value))
        outcomes["option"] = "taken"
    except argparse.ArgumentTypeError as exc:
        outcomes["option"] = str(exc)
    try:
        parse_value(value, Param(name, kind, words=words))
        outcomes["function"] = "taken"
    except CellError as exc:
        outcomes["function"] = str(exc)
    try:
        parse_cell(column, value)
        outcomes["reader"] = "taken"
    except CellError as exc:
        outcomes["reader"] = str(exc)
    whole = value == int(value)
    for entry, outcome in outcomes.items():
        if not whole and (words.whole or (entry == "reader" and column.kind == "int")):
            # the rule broken before the range, said alike (a whole number's; the Payers'
            # visits a year were whole in their cell alone, where 1000.3 is taken now)
            assert outcome.startswith("expected a whole number") or \
                ": expected a whole number, got " in outcome, (entry, outcome)
        elif words.low <= value <= words.high and not _reads_either_way(words, value):
            assert outcome == "taken", (entry, outcome)
        else:
            assert words.rule() in outcome, (entry, outcome)
    if words.shown == "percent" and words.low <= value <= words.high:
        assert accepts(lambda: parse_cell(column, value, percent_cell=True))


def _reads_either_way(words: NumberRange, value: float) -> bool:
    return words.shown == "percent" and percent_check(
        value, *words.bounds, percent_meaning=False) is not None


@pytest.mark.parametrize("name", ["notice_days", "lead_months", "follow_up_business_days",
                                  "response_days", "scenario_years", "offered_rate",
                                  "override_rate"])
def test_a_number_below_its_range_is_said_in_the_ranges_words(name: str) -> None:
    """Below its range, a whole number's cell said "expected a whole number of zero or more"
    (and -1 days of notice so in NOTICE_DEADLINE), an offered rate's "expected a dollar amount
    from $0 to $1,000,000,000", the words of their kind, not of their range."""
    words = RANGES[name]
    value = words.low - 1
    assert _reader(name)(value) == words.rule()
    kind = "int" if words.whole else "money"
    with pytest.raises(CellError) as refused:
        parse_value(value, Param(name, kind, words=words))
    assert str(refused.value) == f"{name}: {words.rule()}, got {value:g}"


#: Each worksheet function's argument that takes a range of :data:`RANGES`: (function, argument)
#: -> the range's name (the function checks it in that range: ENTRY_POINTS' "function").
UDF_ARGUMENTS: dict[tuple[str, str], str] = {
    ("PROPOSED_RATE", "min_increase"): "min_increase",
    ("PROPOSED_RATE", "max_increase"): "max_increase",
    ("REVENUE_IMPACT", "annual_units"): "units_per_year",
    ("FIXED_VS_PCT", "pct_of_medicare"): "pct_of_medicare",
    ("FIXED_VS_PCT", "units"): "units_per_year",
    ("FIXED_VS_PCT", "years"): "scenario_years",
    ("FIXED_VS_PCT", "cf_change"): "cf_change",
    ("FIXED_VS_PCT", "escalator"): "escalator",
    ("EXIT_IMPACT", "annual_visits"): "visits_per_year",
    ("EXIT_IMPACT", "retention"): "retention",
    ("EXIT_IMPACT", "retained_collection"): "retained_collection",
    ("EXIT_IMPACT", "backfill"): "backfill",
    ("EXIT_IMPACT", "ramp_months"): "ramp_months",
    ("NOTICE_DEADLINE", "notice_days"): "notice_days",
    ("NEGOTIATION_START", "lead_months"): "lead_months",
}


def test_the_function_wizards_help_states_each_range_in_its_words() -> None:
    """The Function Wizard's help of an argument said its range by hand ("Units a year (0 to
    1e9)", "Months until the backfill is complete (0 to 120)"), or not at all (FIXED_VS_PCT's
    years, which it refuses past 50): each states the range its function checks, in the words
    its refusal says (WORDS, capitalized at the start of a sentence), and no other range."""
    helps = {(udf.__name__, a["name"]): a["doc"] for udf in xl.UDFS
             for a in udf.__xlfunc__["args"]}
    assert set(UDF_ARGUMENTS) <= set(helps)
    for (function, argument), name in UDF_ARGUMENTS.items():
        text = WORDS[name][0]
        help_text = helps[(function, argument)]
        assert f"E{text[1:]}" in help_text, (function, argument, help_text)
        assert len(help_text) <= 255, (function, argument)  # Excel's longest argument help
    # no range written by hand beside it, nor in any other help: a number "to" a number
    for key, help_text in helps.items():
        said = f"E{WORDS[UDF_ARGUMENTS[key]][0][1:]}" if key in UDF_ARGUMENTS else ""
        rest = help_text.replace(said, "") if said else help_text
        assert not re.findall(r"-?[\d.,$%e]+ to -?[\d.,$%e]+", rest), (key, help_text)
    # the function itself refuses a value out of it in the same words (ENTRY_POINTS)
    assert {name for name in UDF_ARGUMENTS.values()} <= {
        name for name, (_, entries) in ENTRY_POINTS.items() if "function" in entries}
