"""Reading the workbook: the same data the CSV files hold, and every problem where it sits."""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

from ratecalc.demo import demo_data
from ratecalc.validation import CellError
from ratecalc_workbook import layout
from ratecalc_workbook.reader import (
    DateInYourRate,
    is_master_workbook,
    open_workbook,
    read_inputs,
    read_negotiation_log,
    read_proposal,
    read_proposal_overrides,
    read_workbook,
    selected_payer,
    your_rate,
)

from .conftest import open_book

FEES = layout.FEE_SCHEDULES_TABLE
FIRST = FEES.header_row + 1


def _edit(path: Path, sheet: str, cells: dict[tuple[int, int], object]) -> None:
    wb = open_book(path)
    for (row, col), value in cells.items():
        wb[sheet].cell(row=row, column=col, value=value)
    wb.save(path)


def _inputs(path: Path):  # noqa: ANN202
    wb, notes = open_workbook(path)
    return read_inputs(wb, path.name, path, tuple(notes))


@pytest.fixture(scope="module")
def demo_read(demo_book: Path) -> tuple[Any, list[Any]]:
    """``read_workbook`` of the shared demo workbook, once for this module (tests take a copy)."""
    return read_workbook(demo_book)


@pytest.fixture
def demo_read_copy(demo_read: tuple[Any, list[Any]]) -> tuple[Any, list[Any]]:
    """What ``read_workbook(demo_book)`` returned, deep-copied for each test (no test sees
    another's changes to the frames)."""
    return copy.deepcopy(demo_read)


@pytest.mark.parametrize("table", ["payers", "contracts", "fee_schedules", "volumes",
                                   "benchmarks", "metrics"])
def test_reads_back_the_demo_tables_exactly(demo_read_copy: tuple[Any, list[Any]],
                                            table: str) -> None:
    data, problems = demo_read_copy
    assert data is not None and problems == []
    expected = getattr(demo_data(), table).reset_index(drop=True)
    pd.testing.assert_frame_equal(getattr(data, table).reset_index(drop=True), expected,
                                  check_dtype=False)


def test_reads_back_profile_and_settings(demo_read_copy: tuple[Any, list[Any]]) -> None:
    data, _ = demo_read_copy
    assert data is not None
    assert data.clinic == demo_data().clinic
    assert data.settings == demo_data().settings


def test_bad_cells_are_named_by_sheet_row_column_and_cell(demo_copy: Path) -> None:
    amount_col = FEES.col("allowed_amount")
    _edit(demo_copy, layout.FEE_SCHEDULES, {(FIRST + 2, amount_col): "N/A",
                                             (FIRST + 5, FEES.col("code")): "9711"})
    read = _inputs(demo_copy)
    assert read.data is None
    errors = {(p.location.sheet, p.location.row, p.location.column): p
              for p in read.problems if p.severity == "error"}
    bad_amount = errors[(layout.FEE_SCHEDULES, FIRST + 2, "allowed_amount")]
    assert "expected a dollar amount" in bad_amount.message and "'N/A'" in bad_amount.message
    assert read.cell_of(bad_amount) == f"D{FIRST + 2}"
    bad_code = errors[(layout.FEE_SCHEDULES, FIRST + 5, "code")]
    assert "expected a CPT/HCPCS code" in bad_code.message
    assert read.cell_of(bad_code) == f"B{FIRST + 5}"


def test_settings_problem_points_at_the_value_cell(demo_copy: Path) -> None:
    row = layout.settings_row("max_increase")
    _edit(demo_copy, layout.SETTINGS_SHEET, {(row, 2): "lots"})
    read = _inputs(demo_copy)
    [problem] = [p for p in read.problems if p.severity == "error"]
    assert problem.location.row == row
    assert "Max increase: expected a percentage" in problem.message  # the label as typed
    assert read.cell_of(problem) == f"B{row}"


def test_a_users_own_column_is_a_warning_not_an_error(demo_copy: Path) -> None:
    col = FEES.last_col + 1
    _edit(demo_copy, layout.FEE_SCHEDULES, {(FEES.header_row, col): "Checked by",
                                             (FIRST, col): "JE"})
    read = _inputs(demo_copy)
    assert read.data is not None
    [warning] = [p for p in read.problems if p.location.column == "Checked by"]
    assert warning.severity == "warning" and "of your own" in warning.rule


def test_rows_typed_below_the_table_count(demo_copy: Path) -> None:
    """LibreOffice does not grow a table when one types under it; a gap is common too."""
    wb = open_book(demo_copy)
    ws = wb[layout.FEE_SCHEDULES]
    last = ws.max_row
    row = last + 3
    for key, value in (("payer", "Meridian Mutual"), ("code", "97750"), ("modifier", None),
                       ("allowed_amount", 41.5), ("effective_date", date(2025, 7, 1))):
        ws.cell(row=row, column=FEES.col(key), value=value)
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems]
    hit = data.fee_schedules[data.fee_schedules["code"] == "97750"]
    assert hit["allowed_amount"].tolist() == [41.5]


def test_an_uncomputed_formula_in_an_input_is_reported(demo_copy: Path) -> None:
    _edit(demo_copy, layout.FEE_SCHEDULES, {(FIRST, FEES.col("allowed_amount")): "=20+5.22"})
    data, problems = read_workbook(demo_copy)
    assert data is None
    # at its cell, once (it was a sheet-level problem, and "required value is blank" again)
    assert [p.message for p in problems if p.severity == "error"] == [
        f"Fee Schedules 'negotiation.xlsx', sheet 'Fee Schedules', row {FIRST}, column D "
        f"'Allowed amount': holds the formula =20+5.22, whose value has never been computed (or "
        f"was not kept by the program that saved the file last): open and save the workbook in "
        f"Excel or LibreOffice, or type the value"]


def _cached_errors(path: Path, sheet: str, cells: dict[str, str]) -> None:
    """Cells holding a formula whose cached value is an error, as Excel saves them (openpyxl
    cannot write one): the sheet's XML patched."""
    import re
    import shutil
    import zipfile

    from ratecalc.xlsx_parts import sheet_parts

    source = path.with_suffix(".orig.xlsx")
    shutil.move(path, source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        part = dict(sheet_parts(old))[sheet]
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == part:
                text = data.decode()
                for ref, (formula, code) in cells.items():
                    cell = f'<c r="{ref}" t="e"><f>{formula}</f><v>{code}</v></c>'
                    text, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', cell, text,
                                          count=1)
                    assert count == 1, ref
                data = text.encode()
            new.writestr(item, data)


def test_an_error_cell_says_the_same_in_analyze_and_refresh(demo_copy: Path) -> None:
    """``analyze`` (read_workbook) said "a formula that has never been computed" (and "required
    value is blank" again) where ``refresh`` said what the cell shows: one rule, one message per
    cell, for both."""
    from ratecalc_workbook.refresh import refresh_workbook

    modifier = f"{get_column_letter(FEES.col('modifier'))}{FIRST}"
    amount = f"{get_column_letter(FEES.col('allowed_amount'))}{FIRST + 1}"
    _cached_errors(demo_copy, layout.FEE_SCHEDULES,
                   {modifier: ("#REF!", "#REF!"), amount: ("1/0", "#DIV/0!")})
    expected = [
        f"Fee Schedules 'negotiation.xlsx', sheet 'Fee Schedules', row {FIRST}, column C "
        f"'Modifier': the cell shows the error #REF!; expected a two-character modifier such as "
        f"GP, CQ or 59",
        f"Fee Schedules 'negotiation.xlsx', sheet 'Fee Schedules', row {FIRST + 1}, column D "
        f"'Allowed amount': the cell shows the error #DIV/0!; expected a dollar amount"]
    data, problems = read_workbook(demo_copy)
    assert data is None
    assert [p.message for p in problems if p.severity == "error"] == expected
    result = refresh_workbook(demo_copy)
    assert not result.ok
    assert [p.message for p in result.problems if p.severity == "error"] == expected


def test_a_second_contract_row_keeps_the_payers_first_row(demo_copy: Path) -> None:
    spec = layout.PAYERS_CONTRACTS_TABLE
    wb = open_book(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    row = ws.tables[spec.name].ref.split(":")[1]
    new = int("".join(ch for ch in row if ch.isdigit())) + 1
    values = {"payer": "Meridian Mutual", "payer_id": "OTHER", "product": "HMO",
              "effective_date": date(2025, 1, 1), "end_date": date(2027, 6, 30),
              "notice_days": 60}
    for key, value in values.items():
        ws.cell(row=new, column=spec.col(key), value=value)
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None
    meridian = data.payers[data.payers["payer"] == "Meridian Mutual"]
    assert meridian["payer_id"].tolist() == ["MM310"]
    assert sorted(data.contracts.loc[data.contracts["payer"] == "Meridian Mutual",
                                     "product"]) == ["HMO", "PPO"]
    [warning] = [p for p in problems if p.location.column == "payer_id"]
    assert warning.severity == "warning" and warning.location.row == new


def test_missing_sheet_is_an_error(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    del wb[layout.VOLUMES]
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is None
    assert any("no sheet named 'Volumes' (no other sheet but RateCalc's); expected the Volumes "
               "table on a sheet named 'Volumes'" in p.message for p in problems)


def test_negotiation_log_typed_and_checked(demo_copy: Path) -> None:
    spec = layout.NEGOTIATION_LOG_TABLE
    rows = [
        {"date": date(2025, 12, 3), "payer": "Summit BlueCare PPO", "round": 1,
         "direction": "sent", "offered_increase": 0.12, "summary": "Proposal mailed"},
        {"date": date(2026, 1, 9), "payer": "Summit BlueCare PPO", "round": 2,
         "direction": "received", "code": "97110", "offered_rate": "$27.10",
         "summary": "Counteroffer", "next_step": "Reply with outcomes data",
         "next_step_date": date(2026, 1, 20), "status": "open"},
        {"date": "sometime", "payer": "Keystone Health Plan", "summary": "Called"},
    ]
    cells = {}
    for i, row in enumerate(rows):
        for key, value in row.items():
            cells[(spec.header_row + 1 + i, spec.col(key))] = value
    _edit(demo_copy, layout.NEGOTIATION_LOG, cells)
    log, problems = read_negotiation_log(demo_copy)
    assert log["payer"].tolist() == ["Summit BlueCare PPO", "Summit BlueCare PPO"]
    assert log["offered_rate"].iloc[1] == 27.10
    assert log["offered_increase"].iloc[0] == 0.12
    assert log["next_step_date"].iloc[1] == date(2026, 1, 20)
    assert log["sheet_row"].tolist() == [spec.header_row + 1, spec.header_row + 2]
    [bad] = problems
    assert bad.location.row == spec.header_row + 3 and bad.location.column == "date"


def test_proposal_reader_applies_the_users_rate(tiny_copy: Path) -> None:
    spec = layout.PROPOSAL_TABLE
    proposal, _ = read_proposal(tiny_copy)
    row = spec.header_row + 1 + proposal.index[(proposal["payer"] == "Alpha Health")
                                               & (proposal["code"] == "97110")][0]
    _edit(tiny_copy, layout.PROPOSAL, {(row, spec.col("override_rate")): 27.0,
                                       (layout.SELECTED_PAYER_ROW, layout.SELECTED_PAYER_COL):
                                       "Beta Plan"})
    proposal, problems = read_proposal(tiny_copy)
    assert problems == []
    alpha = proposal.set_index(["payer", "code"])
    assert alpha.loc[("Alpha Health", "97110"), "proposed_rate"] == 28.75
    assert alpha.loc[("Alpha Health", "97110"), "requested_rate"] == 27.0
    # 32.00 raised by Beta's 2% escalator to 32.64, + 5% up to the cent (tests/workbook/conftest)
    assert alpha.loc[("Beta Plan", "97110"), "requested_rate"] == 34.28
    overrides = read_proposal_overrides(tiny_copy)
    assert overrides.to_dict(orient="records") == [
        {"payer": "Alpha Health", "code": "97110", "override_rate": 27.0}]
    assert selected_payer(tiny_copy) == "Beta Plan"


def test_a_bad_override_is_a_warning_and_not_used(tiny_copy: Path) -> None:
    spec = layout.PROPOSAL_TABLE
    _edit(tiny_copy, layout.PROPOSAL, {(spec.header_row + 1, spec.col("override_rate")):
                                       "ask more"})
    proposal, problems = read_proposal(tiny_copy)
    [problem] = problems
    assert problem.severity == "warning" and problem.location.row == spec.header_row + 1
    assert proposal["requested_rate"].iloc[0] == proposal["proposed_rate"].iloc[0]


def test_a_rate_typed_as_text_is_no_rate_and_a_warning_names_its_cell(tiny_copy: Path) -> None:
    """The sheet's Rate to ask reads no number from a text ("$27.00" pasted, or typed in a cell
    formatted as text): neither does any reader, and the warning says what to type. Before,
    every reader asked $27.00 while the sheet and its Totals asked the proposed $28.75."""
    spec = layout.PROPOSAL_TABLE
    proposal, _ = read_proposal(tiny_copy)
    row = spec.header_row + 1 + proposal.index[(proposal["payer"] == "Alpha Health")
                                               & (proposal["code"] == "97110")][0]
    _edit(tiny_copy, layout.PROPOSAL, {(row, spec.col("override_rate")): "$27.00"})
    proposal, problems = read_proposal(tiny_copy)
    alpha = proposal.set_index(["payer", "code"]).loc[("Alpha Health", "97110")]
    assert alpha["requested_rate"] == 28.75 and pd.isna(alpha["override_rate"])
    assert read_proposal_overrides(tiny_copy).empty
    [problem] = problems
    letter = get_column_letter(spec.col("override_rate"))
    assert (problem.severity, problem.location.sheet, problem.location.row,
            problem.location.letter) == ("warning", layout.PROPOSAL, row, letter)
    assert f"row {row}, column {letter} 'Your rate': typed as text; type the number 27 " \
        in str(problem)
    data, _ = read_workbook(tiny_copy)
    assert data is not None and data.requested_rates == {}


def test_a_formula_giving_text_in_your_rate_is_no_rate() -> None:
    with pytest.raises(CellError, match="its formula gives text, not a number"):
        your_rate("27", formula=True)
    assert your_rate(27.004) == (27.0, "fractions of a cent: amounts are paid in whole "
                                       "cents; read as 27.00")


#: What "Your rate" is told of a formula giving text, before the number its text reads as.
FORMULA_TEXT = ("its formula gives text, not a number, and the sheet's 'Rate to ask' reads no "
                "rate from text: make it give the number")


@pytest.mark.parametrize(("text", "formula", "said"), [
    # a formula's text is read as it is: "27" reads as 27, the number to make it give
    ("27", True, f"{FORMULA_TEXT} 27"),
    # a formula giving "=27" (="="&B2) gives no formula: its text is no number, and no number
    # is named (the '=' is the text's, not one typed before a rate as a typed text's is)
    ("=27", True, FORMULA_TEXT),
    # the text "=27" typed (an apostrophe before it) is a rate typed as text after an '='
    ("=27", False, "text where a dollar amount was expected, not a formula (an apostrophe "
                   "before the '=', or a cell formatted as text, keeps it text); type the number "
                   "27 or a formula giving one: the sheet's 'Rate to ask' reads no rate from "
                   "text"),
])
def test_the_number_named_for_a_text_rate(text: str, formula: bool, said: str) -> None:
    with pytest.raises(CellError) as caught:
        your_rate(text, formula=formula)
    assert str(caught.value) == said


@pytest.mark.parametrize(("value", "epoch", "serial", "what"), [
    # days from 1899-12-30: 2026-01-01 is day 46,023, so 2026-03-15 is 46,023 + 31 + 28 + 14
    (datetime(2026, 3, 15), None, "$46,096.00", "a date"),
    # a Mac workbook counts from 1904-01-01, 1,462 days later
    (date(2026, 3, 15), CALENDAR_MAC_1904, "$44,634.00", "a date"),
    (time(12, 0), None, "$0.50", "a time"),  # half a day
])
def test_a_date_in_your_rate_is_refused_saying_what_the_sheet_asks(
        value: Any, epoch: Any, serial: str, what: str) -> None:
    """A date (or time) pasted in "Your rate" is a number to the sheet's Rate to ask, its serial
    number, which no formula can tell from a rate: no output of RateCalc may ask it, so it is
    an error (a later version read it as that number and the letter asked $46,096.00), saying
    what the sheet shows and what to type."""
    with pytest.raises(DateInYourRate) as caught:
        your_rate(value) if epoch is None else your_rate(value, epoch=epoch)
    assert str(caught.value).startswith(
        f"{what}, not a rate: the sheet's 'Rate to ask' reads it as the number a spreadsheet "
        f"holds it as and asks {serial}; type the rate you mean")


def test_no_rate_of_zero_in_your_rate() -> None:
    """A rate asked is above zero, as the letter and the Negotiation Log's offered rate take it:
    $0.00 typed in "Your rate" was asked by the sheet, its Totals, refresh and analyze (the
    demo's Summit 92507: an annual impact of -$22,548.90, "below Medicare ... the maximum
    increase caps it"), while the letter stopped with "requested rate for 92507: expected a
    dollar amount above zero", naming no cell. Now it is no rate, as a number out of range is:
    a warning at the cell, the proposed rate asked (and by the sheet's formula)."""
    for value in (0, 0.0, 0.004):
        with pytest.raises(CellError,
                           match=r"^expected a dollar amount from \$0\.01 to \$1,000,000,000$"):
            your_rate(value)
    assert your_rate(0.01) == (0.01, "")


def test_excel_takes_only_a_dollar_amount_in_your_rate(tiny_copy: Path) -> None:
    """The Your rate column checks, as the input sheets' money columns do, that a dollar amount
    from $0.01 to $1,000,000,000 is typed, the core's range (Excel's check took any amount from
    zero up, and the core refused one over a billion; then $0, which the letter refused):
    Excel refuses a text there, which the sheet reads as no rate."""
    ws = open_book(tiny_copy)[layout.PROPOSAL]
    table = ws.tables[layout.PROPOSAL_TABLE.name]
    min_col, min_row, _, max_row = range_boundaries(table.ref)
    letter = get_column_letter(min_col + layout.PROPOSAL_TABLE.keys.index("override_rate"))
    [rule] = [v for v in ws.data_validations.dataValidation if v.type == "decimal"]
    assert (rule.operator, rule.formula1, rule.formula2, rule.allow_blank) == (
        "between", "0.01", "1000000000.0", True)
    assert rule.error == "Expected a dollar amount from $0.01 to $1,000,000,000"
    assert str(rule.sqref) == f"{letter}{min_row + 1}:{letter}{max_row}"


def test_tells_a_master_workbook_from_other_files(demo_book: Path, tmp_path: Path) -> None:
    assert is_master_workbook(demo_book)
    other = tmp_path / "tables.xlsx"
    demo_data().fee_schedules.to_excel(other, sheet_name="Fee Schedules", index=False)
    assert not is_master_workbook(other)
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    assert not is_master_workbook(text)


def test_sheets_named_as_the_masters_do_not_make_a_master(demo_copy: Path,
                                                          tmp_path: Path) -> None:
    # A clinic's sheet-per-table workbook with "Lists" and "Totals" sheets was taken for a
    # master (two of its sheet names) and refused; a master with Payers & Contracts renamed
    # is still one, by its tables' names
    data = demo_data()
    other = tmp_path / "tables.xlsx"
    with pd.ExcelWriter(other) as writer:
        data.fee_schedules.to_excel(writer, sheet_name="Fee Schedules", index=False)
        data.volumes.to_excel(writer, sheet_name="Volumes", index=False)
        for name in ("Lists", "Totals", "Timeline", "Dashboard"):
            pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name=name, index=False)
    assert not is_master_workbook(other)
    wb = open_book(demo_copy)
    wb[layout.PAYERS_CONTRACTS].title = "Contracts"
    wb.save(demo_copy)
    assert is_master_workbook(demo_copy)


def test_a_workbook_written_with_pct_of_medicare_in_code_words_reads_the_same(
        demo_copy: Path) -> None:
    """Payers & Contracts said "Pct of Medicare" (header) and "pct of Medicare" (rate basis)
    before both read "% of Medicare": a workbook written then reads to the same contracts."""
    spec = layout.PAYERS_CONTRACTS_TABLE
    wb = open_book(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    table = ws.tables[spec.name]
    min_col, min_row, _, max_row = range_boundaries(table.ref)
    at = spec.keys.index("pct_of_medicare")
    assert ws.cell(row=min_row, column=min_col + at).value == "% of Medicare"
    ws.cell(row=min_row, column=min_col + at, value="Pct of Medicare")
    table.tableColumns[at].name = "Pct of Medicare"
    basis = min_col + spec.keys.index("rate_basis")
    changed = 0
    for row in range(min_row + 1, max_row + 1):
        if ws.cell(row=row, column=basis).value == "% of Medicare":
            ws.cell(row=row, column=basis, value="pct of Medicare")
            changed += 1
    assert changed
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None and problems == []
    pd.testing.assert_frame_equal(data.contracts.reset_index(drop=True),
                                  demo_data().contracts.reset_index(drop=True), check_dtype=False)


def _cells_headed(ws: Any, header: str) -> list[Any]:
    """The cells under the first cell of ``ws`` that reads ``header``, to the last row."""
    top = next(c for row in ws.iter_rows() for c in row if c.value == header)
    return [ws.cell(row=r, column=top.column) for r in range(top.row + 1, ws.max_row + 1)]


def test_a_number_in_a_date_cell_of_a_1904_workbook_counts_from_1904(demo_copy: Path) -> None:
    """Mac Excel's "1904 date system" counts a date's serial number from 1904-01-01, 1,462 days
    after the 1900 system's day 0: a date in a cell formatted General (pasted as a value, or
    computed by a formula such as =E5+365) is that number, and RateCalc read it in the 1900
    system, four years and a day early (a contract's 2027-03-31 as 2023-03-30). Each date is
    written as openpyxl counts it in that system, and read back as the day it is."""
    wb = open_book(demo_copy)
    wb.epoch = CALENDAR_MAC_1904
    expected: dict[str, list[date]] = {}
    for sheet, header in ((layout.PAYERS_CONTRACTS, "End date"),
                          (layout.SETTINGS_SHEET, "Value")):
        days = []
        for cell in _cells_headed(wb[sheet], header):
            if isinstance(cell.value, datetime):
                days.append(cell.value.date())
                cell.value = to_excel(cell.value, CALENDAR_MAC_1904)
                cell.number_format = "General"
        expected[sheet] = days
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None, [str(p) for p in problems if p.severity == "error"]
    ends = [d for d in data.contracts["end_date"] if d is not None]
    assert ends == expected[layout.PAYERS_CONTRACTS]
    assert [data.settings.analysis_date, data.settings.medicare_date] \
        == expected[layout.SETTINGS_SHEET][:2]
