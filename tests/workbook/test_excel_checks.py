"""Excel's own checks of the master workbook's cells (data validation) take what the core's
readers take, cell for cell: a value Excel refuses is one the refresh would refuse, and the
reverse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import ratecalc_addin as xl
from ratecalc.errors import InputError
from ratecalc.exit_impact import ExitParams
from ratecalc.limits import METRIC_RANGES, percent_check
from ratecalc.scenarios import project_scenario, single_code_lines
from ratecalc.schema import CONTRACTS, EXIT_ASSUMPTIONS, TABLES, Column, Table, choice_label
from ratecalc.validation import (
    ANY_NUMBER,
    CellError,
    Source,
    coerce_table,
    column_range,
    parse_cell,
)
from ratecalc_cli.main import ExitCode, main
from ratecalc_letter.offers import offer_from_log
from ratecalc_workbook import layout
from ratecalc_workbook.input_sheets import metric_figure_formula
from ratecalc_workbook.reader import field_name, read_workbook

from .accepts import accepts, command_accepts
from .conftest import open_book
from .libreoffice import SOFFICE, convert


def _udfaccepts(pct: float) -> bool:
    [[result]] = xl.FIXED_VS_PCT(30.0, pct, 25.0, 1000.0, 2)
    return not str(result).startswith("#RATECALC")


def test_a_contracts_percent_of_medicare_has_one_range(demo_book: Path, capsys) -> None:
    """10% to 500% of Medicare wherever a contract's percentage is typed: the tables (and the
    Payers & Contracts sheet) took up to 1000%, Excel's check of the sheet's cell too, while
    ``scenario --pct-of-medicare`` and FIXED_VS_PCT stopped at 500% and took 0%."""
    column = CONTRACTS.column("pct_of_medicare")
    ws = open_book(demo_book)[layout.PAYERS_CONTRACTS]
    spec = layout.PAYERS_CONTRACTS_TABLE
    cell = f"{get_column_letter(spec.col('pct_of_medicare'))}{spec.header_row + 1}"
    [rule] = [v for v in ws.data_validations.dataValidation if cell in v.sqref]
    assert (rule.type, rule.operator, float(rule.formula1), float(rule.formula2)) == (
        "decimal", "between", 0.1, 5.0)
    for value in (0.1, 5.0, 0.0, 0.09, 5.01, 9.0, 10.0):
        inside = 0.1 <= value <= 5.0
        assert accepts(lambda v=value: parse_cell(column, v)) == inside, value
        assert _udfaccepts(value) == inside, value
        # the projection itself, under both and the Scenarios sheet (it took 0%)
        assert accepts(lambda v=value: project_scenario(
            single_code_lines(100, 30.0, 31.0), pct_of_medicare=v, years=2)) == inside, value
        command = ["scenario", "--units", "100", "--medicare", "30", "--fixed", "31",
                   "--pct-of-medicare", repr(value), "--years", "2", "--json"]
        assert command_accepts(command) == inside, value
        capsys.readouterr()
    with pytest.raises(CellError, match=r"^expected a percent of Medicare from 10% to 500% "
                                        r"\(0\.1 to 5, 1\.0 = 100%\)$"):
        parse_cell(column, 9.0)


# --- every check of the built workbook against the core's reader of its cell ---------------------

#: The tables the core reads from each Excel table of the master workbook (its name), whose
#: columns the cells there are read as: the input tables, the Negotiation Log, and the
#: Proposal's "Your rate".
SCHEMAS: dict[str, tuple[Table, ...]] = {
    **{spec.name: tuple(EXIT_ASSUMPTIONS if name == "exit_assumptions" else TABLES[name]
                        for name in names)
       for spec, names in layout.INPUT_TABLES.values()},
    layout.NEGOTIATION_LOG_TABLE.name: (layout.LOG_SCHEMA,),
    layout.PROPOSAL_TABLE.name: (Table("proposal", "Proposal", (layout.YOUR_RATE,)),),
}
SPECS = {spec.name: spec for spec in (*(s for s, _ in layout.INPUT_TABLES.values()),
                                      layout.NEGOTIATION_LOG_TABLE, layout.PROPOSAL_TABLE)}


@dataclass(frozen=True)
class Checked:
    """Cells of one column that one of Excel's checks covers, and the column the core reads
    them as (None: cells outside every table RateCalc reads)."""

    sheet: str
    cells: str
    column: Column | None
    rule: DataValidation
    number_format: str


def _column_of(ws: Worksheet, first_col: int, first_row: int) -> Column | None:
    """The column the core reads a cell as: by the header above it in its Excel table, or for
    a field/value table by the field named on its row (as the readers find them)."""
    above = [(top, left, table.name) for table in ws.tables.values()
             for left, top, right, _ in [range_boundaries(table.ref)]
             if left <= first_col <= right and top < first_row]
    if not above:
        return None
    top, left, name = max(above)  # the nearest table above (a check reaches below its table)
    if name not in SCHEMAS:
        return None
    header = ws.cell(row=top, column=first_col).value
    if SPECS[name].headers[:2] == ["Field", "Value"]:  # the field is named on the cell's row
        key = field_name(ws.cell(row=first_row, column=left).value)
    else:
        key = SPECS[name].managed[header].key
    found = [c for schema in SCHEMAS[name] for c in schema.columns if c.name == key]
    assert len(found) == 1, (ws.title, name, header, key)
    return found[0]


def checked_cells(book: Path) -> list[Checked]:
    """Every cell range of every data validation in the workbook at ``book``, one column each,
    with the column the core reads it as."""
    found = []
    for ws in open_book(book).worksheets:
        for rule in ws.data_validations.dataValidation:
            for cells in rule.sqref.ranges:
                left, top, right, _ = cells.bounds
                assert left == right, f"{ws.title}!{cells.coord} spans columns"
                found.append(Checked(ws.title, cells.coord, _column_of(ws, left, top), rule,
                                     ws.cell(row=top, column=left).number_format))
    return found


class Checks(list[Checked]):
    """The checks of a workbook, named short in a falsifying example of hypothesis."""

    def __repr__(self) -> str:
        return f"<{len(self)} checks of the demo workbook>"


@pytest.fixture(scope="module")
def checks(demo_book: Path) -> Checks:
    return Checks(checked_cells(demo_book))


def _list_items(rule: DataValidation) -> list[str]:
    assert rule.formula1.startswith('"') and rule.formula1.endswith('"'), rule.formula1
    return rule.formula1[1:-1].split(",")


def test_every_check_is_of_a_column_the_core_reads(checks: list[Checked]) -> None:
    """Each check covers cells of one column of a table RateCalc reads, but the Proposal's
    payer picker, a list that only warns (any payer on it may be picked)."""
    outside = [(c.sheet, c.cells) for c in checks if c.column is None]
    assert outside == [(layout.PROPOSAL, f"{get_column_letter(layout.SELECTED_PAYER_COL)}"
                                         f"{layout.SELECTED_PAYER_ROW}")]
    assert all(c.rule.errorStyle == "warning" for c in checks if c.column is None)


def test_every_number_and_date_cell_is_checked(checks: list[Checked]) -> None:
    """Each column of a number the core holds to a range, of a date or of a choice has Excel's
    check on its cells (the Proposal's "Your rate" too), and so do a clinic metric's value and
    benchmark, by the range of the metric on their row (they had none, while the core held
    them to a range)."""
    covered = {(c.sheet, c.column.name) for c in checks if c.column is not None}
    assert {(layout.CLINIC_SHEET, "value"), (layout.CLINIC_SHEET, "benchmark")} <= covered
    for name, spec in SPECS.items():
        keys = {s.key for s in spec.columns}
        for schema in SCHEMAS[name]:
            for column in schema.columns:
                if spec.headers[:2] != ["Field", "Value"] and column.name not in keys:
                    continue  # not a column of this sheet's table (the payers' own)
                wanted = column.choices or column.kind in ("date", "bool") or (
                    column_range(column) not in (None, ANY_NUMBER))
                if wanted and (spec.sheet, column.name) != (layout.PAYERS_CONTRACTS, "payer"):
                    assert (spec.sheet, column.name) in covered, (spec.sheet, column.name)


def test_every_list_offers_what_the_core_reads(checks: list[Checked]) -> None:
    """A drop-down's entries are the column's choices as the core reads them, every one (a
    list shared by both); the payer and code lists only warn, since the core reads a payer or
    a code not listed yet."""
    for check in checks:
        if check.rule.type != "list" or check.column is None:
            continue
        column = check.column
        if check.rule.formula1 in (layout.NAME_PAYER_LIST, layout.NAME_CODE_LIST):
            assert check.rule.errorStyle == "warning", check
            continue
        read = [parse_cell(column, item) for item in _list_items(check.rule)]
        expected = set(column.choices) if column.choices else {True, False}
        assert len(read) == len(set(read)) and set(read) == expected, (check.sheet, column)


def excelaccepts(rule: DataValidation, value: float) -> bool:
    """Whether Excel's check ``rule`` (a whole number, decimal or date, between two bounds or
    at least one) lets ``value`` be typed."""
    if rule.type == "whole" and not float(value).is_integer():
        return False
    if rule.operator == "greaterThanOrEqual":
        return value >= float(rule.formula1)
    assert rule.operator == "between", (rule.type, rule.operator)
    return float(rule.formula1) <= value <= float(rule.formula2)


#: Values on and around every bound of the core's ranges, besides the ones drawn.
EDGES = (0.0, -0.0, 0.01, 0.1, 0.5, 0.99, 1.0, 1.01, 5.0, 5.01, 10.0, 100.0, 120.0, 121.0,
         260.0, 365.0, 366.0, 3650.0, 3651.0, 25568.0, 25569.0, 109574.0, 109575.0, 1e8,
         1e8 + 1, 1e9, 1e9 + 0.01, 1e12, 1e12 + 1, 2e12, -0.01, -0.5, -0.51, -0.99, -1.0)


def _coreaccepts(column: Column, value: float) -> bool:
    try:
        # the workbook's cell: a percentage's shows a percent, so 1.5 is 150% there
        parse_cell(column, value, percent_cell=True)
    except CellError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(drawn=st.one_of(st.sampled_from(EDGES), st.sampled_from(EDGES).map(lambda v: -v),
                       st.floats(-3e12, 3e12, allow_nan=False),
                       st.floats(-2, 6, allow_nan=False), st.integers(-10, 120_000)))
def test_excel_takes_a_number_exactly_when_the_core_reads_it(checks: list[Checked],
                                                             drawn: float) -> None:
    """Every number or date check of the built workbook, against the core's reader of its
    cell: Excel refuses a value typed there exactly when the refresh would refuse it (Excel
    took an amount over $1,000,000,000 in a money cell, a percent of Medicare up to 1000%,
    any visits, response days and offered increase the core refused or a letter stopped at)."""
    for check in checks:
        if check.column is None or check.rule.type not in ("whole", "decimal", "date"):
            continue
        value = float(drawn)
        if check.rule.type == "date" and not value.is_integer():
            continue  # a day's serial number: the time of a day is no date RateCalc reads
        assert excelaccepts(check.rule, value) == _coreaccepts(check.column, value), (
            check.sheet, check.cells, check.column.name, value)


def test_excel_says_its_range_as_the_cell_shows_it(checks: list[Checked]) -> None:
    """A percentage cell's check says percentages, a dollar cell's dollars, with thousands
    grouped: "Expected a percentage from 0.1 to 10" was said of cells showing 10% to 1000%, and
    "from 0 to 1e+09" of units a year."""
    for check in checks:
        if check.rule.type not in ("whole", "decimal"):
            continue
        error = check.rule.error
        assert "e+" not in error and error.startswith("Expected "), error
        if "%" in check.number_format:
            assert error.count("%") == 2, (check.sheet, check.cells, error)
        if "$" in check.number_format:
            assert error.count("$") == 2, (check.sheet, check.cells, error)


@pytest.mark.parametrize(("sheet", "key", "expected"), [
    (layout.PAYERS_CONTRACTS, "pct_of_medicare", "Expected a percent of Medicare from 10% to 500%"),
    (layout.PAYERS_CONTRACTS, "escalator", "Expected a yearly escalator from -50% to 50%"),
    (layout.PAYERS_CONTRACTS, "notice_days",
     "Expected a whole number of days of notice from 0 to 3650"),
    (layout.FEE_SCHEDULES, "allowed_amount", "Expected a dollar amount from $0 to $1,000,000,000"),
    (layout.VOLUMES, "units_per_year", "Expected units a year from 0 to 1,000,000,000"),
    (layout.SETTINGS_SHEET, "pareto_share", "Expected a share of revenue from 1% to 100%"),
    (layout.SETTINGS_SHEET, "max_increase", "Expected a largest increase from 0% to 500%"),
    (layout.SETTINGS_SHEET, "admin_savings", "Expected a dollar amount from $0 to $1,000,000,000"),
    (layout.PROPOSAL, "override_rate", "Expected a dollar amount from $0.01 to $1,000,000,000"),
    (layout.NEGOTIATION_LOG, "offered_increase", "Expected an increase from -99% to 500%"),
])
def test_excel_says_these_ranges(checks: list[Checked], sheet: str, key: str,
                                 expected: str) -> None:
    [error] = {c.rule.error for c in checks
               if c.sheet == sheet and c.column is not None and c.column.name == key}
    assert error == expected


# --- other quantities with one range ------------------------------------------------------------

def test_a_payers_visits_a_year_have_one_range(demo_book: Path, capsys) -> None:
    """0 to 100,000,000 visits a year on the Payers & Contracts sheet (its Excel check too), as
    ``exit-impact --annual-visits`` and EXIT_IMPACT take them: the sheet read any number up to
    a trillion, and the exit estimate priced it."""
    column = TABLES["payers"].column("visits_per_year")
    for value in (0.0, 1e8, 1e8 + 1, 5e11):
        inside = value <= 1e8
        assert accepts(lambda v=value: parse_cell(column, v)) == inside, value
        [[udf]] = xl.EXIT_IMPACT(value, 90.0)
        assert (not str(udf).startswith("#RATECALC")) == inside, value
        command = ["exit-impact", "--annual-visits", repr(value), "--rate-per-visit", "90",
                   "--json"]
        assert command_accepts(command) == inside, value
        capsys.readouterr()


@pytest.mark.parametrize("visits", [1000.3, 0.5, 12_345.75])
def test_a_payers_visits_a_year_may_be_an_average_at_every_entry_point(
        demo_book: Path, visits: float, capsys) -> None:
    """Visits a year feed a projection (the exit estimate, the rate per visit), and RateCalc
    itself estimates them with a fraction where the Payers sheet is blank (the clinic's visits
    spread by units): the Payers and Volumes cells refused 1000.3 ("expected a whole number")
    that ``exit-impact --annual-visits``, EXIT_IMPACT and the core took. Every one takes it,
    and Excel's check of the cells takes decimals."""
    for table, name in (("payers", "visits_per_year"), ("volumes", "visits")):
        assert parse_cell(TABLES[table].column(name), visits) == visits
        assert parse_cell(TABLES[table].column(name), f"{visits:,}") == visits
    [[udf]] = xl.EXIT_IMPACT(visits, 90.0)
    assert not str(udf).startswith("#RATECALC"), udf
    assert accepts(lambda: ExitParams(visits, 90.0))
    assert command_accepts(["exit-impact", "--annual-visits", repr(visits),
                            "--rate-per-visit", "90", "--json"])
    capsys.readouterr()
    checks = {check.column.name: check.rule.type for check in checked_cells(demo_book)
              if check.column is not None and check.column.name in ("visits_per_year", "visits")}
    assert checks == {"visits_per_year": "decimal", "visits": "decimal"}


def test_response_days_out_of_range_are_refused_at_their_cell(demo_copy: Path, capsys) -> None:
    """A billion response days on the Settings sheet: Excel's check and the reader took it,
    and the letter stopped with an internal error computing the response date. The reader
    refuses it at its cell, as Excel's check does, from 0 to 365 days."""
    wb = open_book(demo_copy)
    ws = wb[layout.SETTINGS_SHEET]
    row = layout.settings_row("response_days")
    ws.cell(row=row, column=layout.SETTINGS_TABLE.col("value"), value=1_000_000_000)
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is None
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.location.sheet, error.location.row, error.location.letter) == (
        layout.SETTINGS_SHEET, row, "B")
    assert error.message.endswith(
        "Response days: expected a whole number of days from 0 to 365, got 1000000000")
    code = main(["letter", str(demo_copy), "--payer", "Summit BlueCare PPO",
                 "--out", str(demo_copy.parent / "letter.docx")])
    err = capsys.readouterr().err
    assert code == ExitCode.FAILED and "internal error" not in err, err


@pytest.mark.parametrize(("increase", "taken"), [
    ("-3%", True), (-0.99, True), ("500%", True), (0.5, True), (-0.995, False),
    ("501%", False), (5.01, False), (1.0, False), (1.01, False), (5.0, False)])
def test_an_offered_increase_has_the_logs_range_in_the_letter(increase: object,
                                                              taken: bool) -> None:
    """The counter letter answers a payer's across-the-board offer from -99% to 500%, the
    range the Negotiation Log is read in and Excel's check of its cell takes (that check
    refused any cut, which the letter answers; the letter took -99.5%). A bare 1 to 5 in a
    table of no percent format (a CSV, an offer file) reads as 100% or 1% alike: refused,
    where the sheet's cell, showing 100%, is taken."""
    log = pd.DataFrame([{"Date": "2025-12-15", "Payer": "Summit BlueCare PPO",
                         "Direction": "received", "Code": None, "Offered rate": None,
                         "Offered increase": increase}])
    column = layout.LOG_SCHEMA.column("offered_increase")
    assert accepts(lambda: parse_cell(column, increase)) == taken
    if isinstance(increase, float) and -0.99 <= increase <= 5:
        assert accepts(lambda: parse_cell(column, increase, percent_cell=True))
        assert offer_from_log(log, "Summit BlueCare PPO", percent_cells=True).increases
    if taken:
        assert offer_from_log(log, "Summit BlueCare PPO").increases
        return
    with pytest.raises(InputError, match=r"column 'Offered increase': expected an increase "
                                         r"from -99% to 500% \(-0\.99 to 5, 1\.0 = 100%\), got "):
        offer_from_log(log, "Summit BlueCare PPO")


def _udf_ok(result: Any) -> bool:
    [[value]] = result
    return not str(value).startswith("#RATECALC")


#: Quantities typed in the workbook that a worksheet function (and an option) takes too: the
#: column, its range, the function called with a value, the command given it (None: no option).
SHARED = [
    (CONTRACTS.column("escalator"), (-0.5, 0.5),
     lambda v: xl.FIXED_VS_PCT(30.0, 1.2, 25.0, 1000.0, 2, -0.1, v),
     lambda v: ["scenario", "--units", "100", "--medicare", "30", "--fixed", "31",
                "--pct-of-medicare", "1.1", "--years", "2", f"--escalator={v!r}", "--json"]),
    (TABLES["settings"].column("min_increase"), (0.0, 1.0),
     lambda v: xl.PROPOSED_RATE(26.83, 31.5, v, "500%"), None),
    (TABLES["settings"].column("max_increase"), (0.0, 5.0),
     lambda v: xl.PROPOSED_RATE(26.83, 31.5, 0.0, v), None),
]


@pytest.mark.parametrize(("column", "bounds", "udf", "command"), SHARED,
                         ids=[c.name for c, *_ in SHARED])
def test_a_quantity_has_one_range_in_the_sheet_the_functions_and_the_options(
        checks: Checks, column: Column, bounds: tuple[float, float], udf: Any, command: Any,
        capsys) -> None:
    """The escalator: -50% to 50% in the tables, -100% to 500% in FIXED_VS_PCT and ``scenario
    --escalator``; the smallest increase asked: 0% to 100% on the Settings sheet, up to 500% in
    PROPOSED_RATE."""
    low, high = bounds
    rules = {(float(c.rule.formula1), float(c.rule.formula2)) for c in checks
             if c.column is not None and c.column.name == column.name}
    assert rules == {bounds}
    for value in (low, high, low - 0.01, high + 0.01):
        inside = low <= value <= high
        # a bare 1 or more reads as 150% or 1.5% alike where the range reaches past 100%
        # (the largest increase): a percent cell and a text with its % sign say which
        either = inside and percent_check(value, low, high, percent_meaning=False) is not None
        assert accepts(lambda v=value: parse_cell(column, v, percent_cell=True)) == inside
        assert accepts(lambda v=value: parse_cell(column, v)) == (inside and not either)
        assert _udf_ok(udf(value)) == (inside and not either), value
        assert _udf_ok(udf(f"{value * 100:g}%")) == inside, value
        if command is not None:
            assert command_accepts(command(value)) == inside, value
            capsys.readouterr()


def test_an_offered_rate_of_zero_is_refused_where_the_log_is_read(checks: Checks) -> None:
    """The counter letter answers no offered rate of $0.00 ('expected a dollar amount above
    zero'); the Negotiation Log was read with one, and Excel's check of the cell took it."""
    column = layout.LOG_SCHEMA.column("offered_rate")
    assert not accepts(lambda: parse_cell(column, 0.0))
    assert accepts(lambda: parse_cell(column, 0.01))
    [rule] = {c.rule for c in checks if c.column is not None and c.column.name == "offered_rate"}
    assert not excelaccepts(rule, 0.0) and excelaccepts(rule, 0.01)
    log = pd.DataFrame([{"Date": "2025-12-15", "Payer": "Summit BlueCare PPO",
                         "Direction": "received", "Code": "97110", "Offered rate": 0.0}])
    with pytest.raises(InputError, match=r"expected a dollar amount from \$0\.01 to "
                                         r"\$1,000,000,000, got 0"):
        offer_from_log(log, "Summit BlueCare PPO")


# --- what Excel's checks cannot tell: a date in a number cell -----------------------------------

@pytest.mark.parametrize(("typed", "what"), [
    (date(2026, 3, 15), "date"), (datetime(2026, 3, 15, 9, 30), "date"),
    (time(12, 30), "time")])
def test_a_date_in_a_number_cell_is_refused_saying_so(checks: Checks, typed: object,
                                                      what: str) -> None:
    """A date typed in an amount, count or percentage cell: Excel's check takes it (a date is a
    number to a spreadsheet, 2026-03-15 is 46,096, an amount from $0 to $1,000,000,000), so the
    core's reader is the check. It said "expected a dollar amount, got 2026-03-15", as of a
    typo; it says the cell holds a date and how to type the number, for every such cell."""
    for check in checks:
        if check.column is None or check.rule.type not in ("whole", "decimal"):
            continue
        with pytest.raises(CellError, match=rf"^expected .*, not a {what} \(a cell formatted as "
                                            rf"a {what} shows a number typed in it as a {what}: "
                                            rf"format the cell as a number and type it again\)$"):
            parse_cell(check.column, typed)
    [rule] = {c.rule for c in checks
              if c.column is not None and c.column.name == "allowed_amount"}
    assert excelaccepts(rule, to_excel(date(2026, 3, 15)))  # what Excel cannot check


def test_a_date_in_a_rate_cell_is_named_on_the_problems_sheet(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    ws = wb[layout.FEE_SCHEDULES]
    spec = layout.FEE_SCHEDULES_TABLE
    row, column = spec.header_row + 1, spec.col("allowed_amount")
    cell = ws.cell(row=row, column=column, value=datetime(2026, 3, 15))
    cell.number_format = "yyyy-mm-dd"  # as LibreOffice formats a cell a date is typed in
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is None
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.location.sheet, error.location.row, error.location.letter) == (
        layout.FEE_SCHEDULES, row, get_column_letter(column))
    assert error.message.endswith(
        "'Allowed amount': expected a dollar amount, not a date (a cell formatted as a date "
        "shows a number typed in it as a date: format the cell as a number and type it again), "
        "got 2026-03-15")


# --- a clinic metric's figures: the range of the metric on their row ----------------------------

def _metric_read(metric: str, figure: float, unit: str | None = None) -> bool:
    """Whether the core reads ``figure`` as the value (and as the benchmark) of ``metric`` in
    ``unit``."""
    raw = pd.DataFrame({"metric": [choice_label(metric)], "value": [figure],
                        "benchmark": [figure], "unit": [unit], "period": None, "source": None},
                       dtype=object)
    _, problems = coerce_table(raw, TABLES["metrics"], Source("m.csv", None, 2))
    return not problems


def _around(low: float, high: float) -> list[float]:
    return [low, high, low - 0.01, high + 0.01, low - 1, high + 1, (low + high) / 2]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_metrics_figures_have_its_range_in_excel_and_the_core(
        checks: Checks, demo_copy: Path, tmp_path: Path) -> None:
    """Every metric's value and benchmark: Excel's check of the cells (a formula looking up the
    metric picked on the row in the Lists sheet's table of ranges), computed by LibreOffice,
    takes a figure exactly when the core reads it (limits.METRIC_RANGES, one source), in the
    row's unit (blank: the metric's own; a fraction where it is shown as a percentage). There
    was no check: Excel took a clean claim rate of 97 (9,700% in the letter) and any number;
    then an outcome improvement of 84 in unit 'fraction' (8400.0% in the letter)."""
    rules = {c.rule.formula1 for c in checks if c.column is not None
             and c.sheet == layout.CLINIC_SHEET and c.column.name in ("value", "benchmark")}
    spec = layout.METRICS_TABLE
    metric_cell = f"${get_column_letter(spec.col('metric'))}{spec.header_row + 1}"
    unit_cell = f"${get_column_letter(spec.col('unit'))}{spec.header_row + 1}"
    assert rules == {metric_figure_formula(f"{get_column_letter(spec.col(key))}"
                                           f"{spec.header_row + 1}", metric_cell, unit_cell)
                     for key in ("value", "benchmark")}
    assert all(len(rule) <= 255 for rule in rules)  # Excel's limit for a check's formula
    assert set(METRIC_RANGES) == set(TABLES["metrics"].column("metric").choices)
    # the same formula, as a cell's, over each metric and figures on and around its range,
    # in no unit, the units shown as a percentage (as typed: any case, spaces) and a score
    wb = open_book(demo_copy)
    ws = wb.create_sheet("Probe")
    units = (None, "fraction", " Percent ", "%", "score")
    cases = [(metric, figure, unit) for metric, (low, high) in METRIC_RANGES.items()
             for figure in [*_around(low, high), 0.5, 1.0, 1.01, -1.0, -1.01, 84.0]
             for unit in units] + [(None, 5e11, None), (None, 2e12, None)]
    for row, (metric, figure, unit) in enumerate(cases, start=1):
        ws.cell(row=row, column=1, value=None if metric is None else choice_label(metric))
        ws.cell(row=row, column=2, value=figure)
        ws.cell(row=row, column=3, value=unit)
        ws.cell(row=row, column=4,
                value="=" + metric_figure_formula(f"B{row}", f"$A{row}", f"$C{row}"))
    wb.save(demo_copy)
    computed = open_book(convert(demo_copy, tmp_path / "calc", "xlsx"),
                         data_only=True)["Probe"]
    for row, (metric, figure, unit) in enumerate(cases, start=1):
        taken = computed.cell(row=row, column=4).value
        assert isinstance(taken, bool), (metric, figure, unit, taken)
        if metric is None:  # no metric picked: any number the core holds (it refuses the row)
            assert taken == (abs(figure) <= 1e12), figure
            continue
        assert taken == _metric_read(metric, figure, unit), (metric, figure, unit, taken)
    # hand-picked: a percentage typed as 84 where the unit shows a fraction, and as a score
    assert not _metric_read("outcome_improvement", 84.0)  # the metric's unit: fraction
    assert not _metric_read("outcome_improvement", 84.0, "fraction")
    assert not _metric_read("patient_satisfaction", 92.0, "%")
    assert _metric_read("outcome_improvement", 84.0, "score")
    assert _metric_read("patient_satisfaction", 92.0)  # the metric's unit: score
    assert _metric_read("patient_satisfaction", 0.92, "%")


def test_a_clean_claim_rate_typed_as_a_percent_is_refused_at_its_cell(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    ws = wb[layout.CLINIC_SHEET]
    spec = layout.METRICS_TABLE
    row = spec.header_row + 1
    assert ws.cell(row=row, column=spec.col("metric")).value == "Clean claim rate"
    ws.cell(row=row, column=spec.col("value"), value=97)
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is None
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.location.sheet, error.location.row, error.location.letter) == (
        layout.CLINIC_SHEET, row, get_column_letter(spec.col("value")))
    assert error.message.endswith(
        "'Value': expected a figure from 0 to 1 for Clean claim rate, a fraction shown as a "
        "percentage by its unit 'fraction' (0.84 = 84%), got 97; for 97% write 0.97 (or 97% in "
        "a cell formatted as a percentage)")
