"""The Settings sheet's Exit assumptions are checked where they are typed, as every other Setting
is, by the ranges the exit estimate itself takes (the review's case: a retention of 1.5 was read,
every payer's estimate failed with a warning naming no cell, and the Exit Impact sheet said "no
payer has rates and volumes"); Excel's own check of those cells takes the same ranges."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.demo import demo_data
from ratecalc.exit_impact import ExitParams
from ratecalc.schema import EXIT_ASSUMPTIONS
from ratecalc.validation import parse_cell
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.results import compute_results

from .accepts import accepts, command_accepts
from .conftest import NOW, open_book
from .test_refresh import table_frame

PAYER = "Summit BlueCare PPO"
#: Each assumption: its label on the Settings sheet, its option, and its range as the
#: ``exit-impact`` command has always taken it (0 to 1; ramp 0 to 120 months).
RANGES = [("retention", "Retention", "--retention", 0.0, 1.0),
          ("retained_collection", "Retained collection", "--retained-collection", 0.0, 1.0),
          ("backfill", "Backfill", "--backfill", 0.0, 1.0),
          ("ramp_months", "Ramp months", "--ramp-months", 0.0, 120.0)]
SHARE_RULE = "expected a share from 0% to 100% (0 to 1, 1.0 = 100%)"
RAMP_RULE = "expected months from 0 to 120"


def _label_rows(ws: Worksheet) -> dict[str, int]:
    """Each Exit assumption's label -> its row on the Settings sheet (found by its label)."""
    spec = layout.EXIT_ASSUMPTIONS_TABLE
    field = spec.col("field")
    return {ws.cell(row=r, column=field).value: r
            for r in range(spec.header_row + 1, ws.max_row + 1)
            if ws.cell(row=r, column=field).value}


def _type(book: Path, values: dict[str, Any]) -> dict[str, int]:
    """Type ``values`` (label -> value) in the Exit assumptions' Value cells; their rows."""
    wb = open_book(book)
    ws = wb[layout.SETTINGS_SHEET]
    rows = _label_rows(ws)
    for label, value in values.items():
        ws.cell(row=rows[label], column=layout.EXIT_ASSUMPTIONS_TABLE.col("value"), value=value)
    wb.save(book)
    return rows


@pytest.mark.parametrize(("label", "value", "rule", "shown"), [
    # both readings said (it had no hint): 150% or 1.5%
    ("Retention", 1.5, SHARE_RULE, "1.5 (150%); for 1.5% write 0.015 or 1.5%"),
    ("Retained collection", "150%", SHARE_RULE, "'150%'"),
    ("Backfill", 1.01, SHARE_RULE, "1.01 (101%); for 1.01% write 0.0101 or 1.01%"),
    ("Ramp months", -3, RAMP_RULE, "-3"),
    ("Ramp months", 121, RAMP_RULE, "121"),
])
def test_an_assumption_out_of_range_is_refused_at_its_cell(demo_copy: Path, label: str,
                                                            value: object, rule: str,
                                                            shown: str) -> None:
    rows = _type(demo_copy, {label: value})
    data, problems = read_workbook(demo_copy)
    assert data is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.location.sheet, p.location.row, p.location.letter) for p in errors] == [
        ("Settings", rows[label], "B")]
    assert errors[0].message.endswith(
        f"sheet 'Settings', row {rows[label]}, column B 'Value': {label}: {rule}, got {shown}")


def test_each_range_is_inclusive(demo_copy: Path) -> None:
    _type(demo_copy, {"Retention": 1, "Retained collection": 1, "Backfill": 1,
                      "Ramp months": 120, "Admin savings": 1_000_000_000})
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems]
    assert data.exit_assumptions == {"retention": 1.0, "retained_collection": 1.0,
                                     "backfill": 1.0, "ramp_months": 120.0,
                                     "admin_savings": 1_000_000_000.0}


def test_refresh_and_the_command_name_the_settings_cell(demo_copy: Path, capsys) -> None:
    # The review's case: refresh succeeded with six warnings naming no cell, the Exit Impact
    # sheet said "no payer has rates and volumes", and `exit-impact --data` stopped (exit 3)
    # with "retention: expected a fraction from 0 to 1, got 1.5" and no cell.
    rows = _type(demo_copy, {"Retention": 1.5})
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    problems = table_frame(demo_copy, layout.PROBLEMS_TABLE)
    assert not problems["message"].str.contains("no exit estimate").any()
    errors = problems[problems["severity"] == "error"]
    row = rows["Retention"]
    assert errors[["sheet", "row", "column", "cell"]].values.tolist() == [
        ["Settings", row, "Value", f"B{row}"]]
    assert errors["message"].iloc[0].endswith(
        f"Retention: {SHARE_RULE}, got 1.5 (150%); for 1.5% write 0.015 or 1.5%")
    code = main(["exit-impact", "--payer", PAYER, "--data", str(demo_copy)])
    err = capsys.readouterr().err
    assert code == ExitCode.FAILED
    assert (f"sheet 'Settings', row {row}, column B 'Value': Retention: {SHARE_RULE}, got 1.5"
            in err)


@pytest.mark.parametrize(("name", "label", "flag", "low", "high"), RANGES)
def test_every_output_takes_the_same_range(name: str, label: str, flag: str, low: float,
                                           high: float, demo_book: Path, capsys) -> None:
    """The core, the Settings cell, the command's option and Excel's own check of the cell
    draw one line (the sheet took a retention of 1.5, Excel's check any figure from 0 up,
    and the ramp anything at all)."""
    column = EXIT_ASSUMPTIONS.column(name)
    for value in (low, high, low - 0.5, high + 0.01):
        inside = low <= value <= high
        assert accepts(lambda v=value: ExitParams(100, 90.0, **{name: v})) == inside
        assert accepts(lambda v=value: parse_cell(column, v)) == inside
        command = ["exit-impact", "--annual-visits", "100", "--rate-per-visit", "90", flag,
                   repr(value), "--json"]
        assert command_accepts(command) == inside, value
        capsys.readouterr()
    ws = open_book(demo_book)[layout.SETTINGS_SHEET]
    cell = f"B{_label_rows(ws)[label]}"
    rules = [v for v in ws.data_validations.dataValidation if cell in v.sqref]
    assert [(v.type, v.operator, float(v.formula1), float(v.formula2)) for v in rules] == [
        ("decimal", "between", low, high)]


def test_excel_says_admin_savings_are_dollars(demo_book: Path) -> None:
    # its check was shared with the percentages' and said "Expected a percentage"; then it
    # took any amount from zero up, where the core refuses one over a billion
    ws = open_book(demo_book)[layout.SETTINGS_SHEET]
    cell = f"B{_label_rows(ws)['Admin savings']}"
    rules = [v for v in ws.data_validations.dataValidation if cell in v.sqref]
    assert [(v.type, v.operator, v.formula1, v.formula2, v.error) for v in rules] == [
        ("decimal", "between", "0.0", "1000000000.0",
         "Expected a dollar amount from $0 to $1,000,000,000")]


def test_a_table_whose_every_payer_failed_says_why() -> None:
    # Data not read from a workbook (whose reader now refuses such a retention) that every
    # payer's estimate refuses: the sheet's reason is that, not "no payer has rates and
    # volumes" (every payer has both).
    data = replace(demo_data(), exit_assumptions={"retention": 1.5})
    results = compute_results(data, now=NOW)
    assert results.exit_impact is not None and results.exit_impact.empty
    assert results.empty["exit_impact"] == (
        "no payer's exit estimate could be made: retention: expected a share from 0% to 100% "
        "(0 to 1, 1.0 = 100%), got 1.5")
