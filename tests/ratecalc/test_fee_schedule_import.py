"""Reading payers' fee-schedule exports: CSV and XLSX as payers send them.

The fixtures in tests/data/fee_schedules/ are hand-written imitations of provider-portal exports
(see the README there); the XLSX is written here with openpyxl. Expected rows and row numbers
are read off the files by eye and written out below.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.errors import InputError
from ratecalc.fee_schedule_import import (
    against_workbook,
    parse_fee_schedule,
    read_fee_schedule,
)
from ratecalc.rates import schedule_rates

DATA = Path(__file__).resolve().parents[1] / "data" / "fee_schedules"


def rows_of(result) -> list[tuple]:  # noqa: ANN001
    return [(r.code, r.modifier, r.allowed_amount, r.effective_date)
            for r in result.rows.itertuples()]


def problems_of(result) -> list[tuple]:  # noqa: ANN001
    """Severity, row and the column as the user sees it (its header)."""
    return [(p.severity, p.location.row, p.location.shown_column) for p in result.problems]


def test_acme_csv_title_rows_dollars_and_a_bad_row() -> None:
    result = read_fee_schedule(DATA / "acme_health_2026.csv", "Acme Health",
                               effective_date=date(2026, 1, 1))
    assert result.header_row == 5
    assert result.mapped == {"code": "CPT/HCPCS", "modifier": "Mod",
                             "allowed_amount": "Allowable", "effective_date": "Effective Date"}
    assert result.unmapped == ("Description",)
    assert rows_of(result) == [
        ("97110", "", 1031.50, date(2026, 1, 1)),   # "$1,031.50"
        ("97140", "GP", 29.10, date(2026, 1, 1)),
        ("97530", "GP", 35.77, date(2026, 1, 1)),   # "97530-GP" split
        ("G0283", "", 11.02, date(2026, 1, 1)),     # no date in the file: --effective-date
    ]
    assert set(result.rows["payer"]) == {"Acme Health"}
    assert problems_of(result) == [
        ("warning", 5, "Description"),
        ("error", 9, "Allowable"),
        ("warning", 10, "Allowable"),
        ("warning", 13, None),
    ]
    [error] = result.errors
    assert error.message == ("Fee schedule 'acme_health_2026.csv', row 9, column D 'Allowable': "
                             "expected a dollar amount, got 'twelve'")


def test_acme_without_a_date_for_the_undated_row() -> None:
    result = read_fee_schedule(DATA / "acme_health_2026.csv", "Acme Health")
    dated = [p for p in result.errors if p.location.row == 11]
    assert [p.location.shown_column for p in dated] == ["Effective Date"]
    assert "--effective-date" in dated[0].message
    assert "G0283" not in set(result.rows["code"])


def test_keystone_csv_units_row_negative_typo_and_repeat() -> None:
    result = read_fee_schedule(DATA / "keystone_export.csv", "Keystone Health Plan")
    assert result.header_row == 4
    assert result.mapped["allowed_amount"] == "Non-Facility Fee"
    assert result.mapped["code"] == "Procedure Code"
    assert result.unmapped == ("Modifier 2", "Facility Fee")
    assert rows_of(result) == [
        ("97110", "", 32.41, date(2026, 1, 1)),
        ("97140", "", 31.05, date(2026, 1, 1)),
        ("97161", "", 1104.25, date(2026, 1, 1)),
    ]
    assert problems_of(result) == [
        ("warning", 4, "Modifier 2"), ("warning", 4, "Facility Fee"),
        ("warning", 5, None),                       # "($ per unit)" under the header
        ("error", 9, "Non-Facility Fee"),           # (12.00): negative
        ("error", 10, "Non-Facility Fee"),          # 33.9O: letter O
        ("warning", 11, None),                      # the same line as row 6 again
    ]
    assert "expected a dollar amount from $0 to $1,000,000,000, got '(12.00)'" in \
        result.errors[0].message
    assert "repeats row 6" in result.problems[-1].message
    # a column not imported is named with its letter, as every other cell is
    assert [str(p.location) for p in result.problems[:2]] == [
        "'keystone_export.csv', row 4, column C 'Modifier 2'",
        "'keystone_export.csv', row 4, column E 'Facility Fee'"]


def test_a_mistyped_code_with_an_amount_is_an_error() -> None:
    grid = pd.DataFrame([["CPT", "Rate", "Eff Date"], ["9711", "30.00", "2026-01-01"]],
                        dtype=object)
    [error] = parse_fee_schedule(grid, "P", file="x.csv").errors
    # RateCalc's name for the column, its header and letter, as every other table's problems
    assert (error.location.row, error.location.column, error.location.header,
            error.location.letter) == (2, "code", "CPT", "A")
    assert "expected a CPT/HCPCS code" in error.message


def test_a_code_no_medicare_release_has_is_an_error_as_refresh_says() -> None:
    """99999 is shaped like a code: imported, it failed every later refresh until deleted."""
    grid = pd.DataFrame([["CPT", "Rate", "Eff Date"], ["97110", "30.00", "2026-01-01"],
                         ["99999", "25.50", "2026-01-01"]], dtype=object)
    result = parse_fee_schedule(grid, "P", file="x.csv")
    [error] = result.errors
    assert (error.location.row, error.location.shown_column) == (3, "CPT")
    assert error.message == ("Fee schedule 'x.csv', row 3, column A 'CPT': unknown CPT/HCPCS "
                             "code: not in any Medicare fee schedule release RateCalc has, got "
                             "'99999'")
    assert result.rows["code"].tolist() == ["97110"]


def test_same_key_other_amount_is_an_error_of_both_rows() -> None:
    """Two amounts for one code, payer and date: neither row is known good, so both are errors
    (each naming the other) and neither is imported; before, row 2's amount was imported and
    only row 3 was named. A row repeated exactly still counts once (a warning)."""
    grid = pd.DataFrame([["Code", "Fee", "Effective"], ["97110", "31.50", "2026-01-01"],
                         ["97110", "33.00", "2026-01-01"], ["97140", "29.00", "2026-01-01"],
                         ["97110", "31.50", "2026-01-01"]], dtype=object)
    result = parse_fee_schedule(grid, "P", file="dup.csv")
    assert problems_of(result) == [("error", 2, "Fee"), ("error", 3, "Fee"),
                                   ("warning", 5, None)]
    assert [p.message for p in result.errors] == [
        "Fee schedule 'dup.csv', row 2, column B 'Fee': expected one amount for code 97110, "
        "effective 2026-01-01, but row 3 says $33.00 (which one is right? neither row is "
        "imported), got '31.50'",
        "Fee schedule 'dup.csv', row 3, column B 'Fee': expected one amount for code 97110, "
        "effective 2026-01-01, but row 2 says $31.50 (which one is right? neither row is "
        "imported), got '33.00'"]
    assert "repeats row 2" in result.problems[-1].message
    assert rows_of(result) == [("97140", "", 29.0, date(2026, 1, 1))]


def test_the_modifier_is_part_of_what_must_be_one_amount() -> None:
    grid = pd.DataFrame([["Code", "Mod", "Fee", "Effective"],
                         ["97110", "", "30.00", "2026-01-01"],
                         ["97110", "GP", "31.00", "2026-01-01"],     # another line: no clash
                         ["97110-GP", "", "32.00", "2026-01-01"]],   # GP again: a clash
                        dtype=object)
    result = parse_fee_schedule(grid, "P", file="x.csv")
    assert [(p.location.row, p.location.shown_column) for p in result.errors] == [
        (3, "Fee"), (4, "Fee")]
    assert "for code 97110 GP, effective 2026-01-01, but row 4 says $32.00" in \
        result.errors[0].message
    assert rows_of(result) == [("97110", "", 30.0, date(2026, 1, 1))]


def test_a_rate_no_output_uses_is_said_at_its_row() -> None:
    """GP, GO, 59 and KX do not change the price (ratecalc.modifiers), so one code and date
    given two amounts by such rows has one rate in every output: the row without a modifier,
    else the first. The other amount was imported without a word, and the analysis used the
    plain $36.00 where the clinic, billing 97112-GP, is paid $35.00."""
    grid = pd.DataFrame([["Code", "Mod", "Fee", "Effective"],
                         ["97112", "GP", "35.00", "2027-04-01"],
                         ["97112", "", "36.00", "2027-04-01"],
                         ["97110", "GP", "34.00", "2027-04-01"],   # the same amount: one rate
                         ["97110", "", "34.00", "2027-04-01"],
                         ["97140", "GP", "31.00", "2027-04-01"],
                         ["97140", "GO", "30.00", "2027-04-01"],
                         ["97530", "CQ", "30.60", "2027-04-01"],   # an assistant's rate
                         ["97530", "", "36.00", "2027-04-01"],
                         ["97116", "GP", "33.00", "2027-04-01"],   # other dates: in turn
                         ["97116", "", "32.00", "2026-01-01"]], dtype=object)
    result = parse_fee_schedule(grid, "P", file="two.csv")
    assert result.errors == []
    assert [(p.severity, p.location.row, p.location.shown_column, p.message)
            for p in result.problems] == [
        ("warning", 2, "Fee",
         "Fee schedule 'two.csv', row 2, column C 'Fee': code 97112 GP, effective 2027-04-01, "
         "is not the rate any output uses: row 3 gives the code $36.00 (no modifier) that "
         "day, and a modifier such as GP, GO, 59 or KX does not change the rate, so every "
         "output takes the code's rate from that row (with any escalator of the contract), "
         "not this one; if your claims are paid this row's amount, change or delete "
         "the other row on the Fee Schedules sheet once imported, got '35.00'"),
        ("warning", 7, "Fee",
         "Fee schedule 'two.csv', row 7, column C 'Fee': code 97140 GO, effective 2027-04-01, "
         "is not the rate any output uses: row 6 gives the code $31.00 (GP) that day, and a "
         "modifier such as GP, GO, 59 or KX does not change the rate, so every output takes "
         "the code's rate from that row (with any escalator of the contract), not this one; "
         "if your claims are paid this row's amount, change or delete the other row "
         "on the Fee Schedules sheet once imported, got '30.00'")]
    assert len(result.rows) == 10  # every row imported, as before: a warning, not an error


def _in_workbook(*rows: tuple[str, str, str, float, date, bool]) -> pd.DataFrame:
    """Fee Schedules rows as the workbook holds them, indexed by their sheet rows (5, 6...)."""
    frame = pd.DataFrame(rows, columns=["payer", "code", "modifier", "allowed_amount",
                                        "effective_date", "confirmed"])
    frame.index = range(5, 5 + len(rows))
    return frame


def test_a_row_the_workbook_has_at_another_amount_is_an_error_of_the_files_row() -> None:
    """The workbook's row is the user's: an import never overwrites it, and a file row that
    says another amount for its payer, code, modifier and effective date is a problem of the
    file's row (the amount's cell), naming both amounts and the workbook's row. Before, the
    importer said "Added 0 row(s)" and exited 0."""
    grid = pd.DataFrame([["Code", "Mod", "Fee", "Effective"],
                         ["97110", "", "27.00", "2026-01-01"],     # workbook: $25.22
                         ["97140", "", "24.58", "2026-01-01"],     # the same: already there
                         ["97530", "GP", "30.00", "2026-01-01"],   # workbook: 97530 without GP
                         ["97112", "GP", "31.00", "2026-01-01"],   # workbook: 97112 GP $28.66
                         ["97116", "", "24.68", "2026-01-01"]],    # the same, confirmed there
                        dtype=object)
    read = parse_fee_schedule(grid, "Summit BlueCare PPO", file="c.csv")
    existing = _in_workbook(
        ("Summit BlueCare PPO", "97110", "", 25.22, date(2026, 1, 1), False),
        ("Summit BlueCare PPO", "97140", "", 24.58, date(2026, 1, 1), False),
        ("Summit BlueCare PPO", "97530", "", 28.67, date(2026, 1, 1), False),
        ("Summit BlueCare PPO", "97112", "GP", 28.66, date(2026, 1, 1), False),
        ("Summit BlueCare PPO", "97116", "", 24.68, date(2026, 1, 1), True),
        ("Meridian Mutual", "97110", "", 27.00, date(2026, 1, 1), False))
    checked = against_workbook(read, existing, file="wb.xlsx", sheet="Fee Schedules")
    assert [(p.severity, p.location.file, p.location.row, p.location.column,
             p.location.header, p.location.letter) for p in checked.errors] == [
        ("error", "c.csv", 2, "allowed_amount", "Fee", "C"),
        ("error", "c.csv", 5, "allowed_amount", "Fee", "C")]
    assert checked.errors[0].message == (
        "Fee schedule 'c.csv', row 2, column C 'Fee': the workbook already has Summit BlueCare "
        "PPO, code 97110, effective 2026-01-01, at another amount: $25.22 in 'wb.xlsx', sheet "
        "'Fee Schedules', row 5, this row $27.00 (expected the same amount, or another code or "
        "date); the workbook's row is kept: if $27.00 is right, change it there")
    assert "code 97112 GP, effective 2026-01-01" in checked.errors[1].message
    assert "row 8" in checked.errors[1].message
    # the rows not clashing go on to the append, which counts the same ones "already there"
    assert rows_of(checked) == [("97140", "", 24.58, date(2026, 1, 1)),
                                ("97530", "GP", 30.0, date(2026, 1, 1)),
                                ("97116", "", 24.68, date(2026, 1, 1))]
    assert set(read.problems) < set(checked.problems)
    # nothing in the workbook: nothing to clash with
    assert against_workbook(read, existing.iloc[:0], file="wb.xlsx",
                            sheet="Fee Schedules") is read


def test_a_rate_no_output_uses_is_read_beside_the_workbooks_rows() -> None:
    """The warning of a rate no output uses read the file alone, but every output reads the
    workbook's rows with the file's appended after them (rates.schedule_rates). The file's
    97112-GP was said to lose to the file's plain $36.00, a row refused as the workbook has
    97112 at $37.00 (kept): every output takes that row's $37.00. A 97110-GP beside the
    workbook's plain 97110 was imported without a word, and a plain 97140 made the workbook's
    97140-GP unused without one."""
    grid = pd.DataFrame([["Code", "Mod", "Fee", "Effective"],
                         ["97112", "GP", "35.00", "2027-04-01"],
                         ["97112", "", "36.00", "2027-04-01"],    # workbook: $37.00
                         ["97110", "GP", "33.00", "2027-04-01"],  # workbook: plain $34.00
                         ["97140", "", "31.00", "2027-04-01"]],   # workbook: GP $30.00
                        dtype=object)
    read = parse_fee_schedule(grid, "P", file="f.csv")
    existing = _in_workbook(("P", "97112", "", 37.0, date(2027, 4, 1), False),
                            ("P", "97110", "", 34.0, date(2027, 4, 1), False),
                            ("P", "97140", "GP", 30.0, date(2027, 4, 1), False),
                            ("Q", "97140", "", 29.0, date(2027, 4, 1), False))
    checked = against_workbook(read, existing, file="wb.xlsx", sheet="Fee Schedules")
    tail = ("that day, and a modifier such as GP, GO, 59 or KX does not change the rate, so "
            "every output takes the code's rate from that row (with any escalator of the "
            "contract), not this one; if your claims are paid this row's amount, change or "
            "delete the other row on the Fee Schedules sheet once imported")
    assert [(p.location.file, p.location.row, p.message) for p in checked.problems
            if p.severity == "warning"] == [
        ("f.csv", 2, "Fee schedule 'f.csv', row 2, column C 'Fee': code 97112 GP, effective "
         "2027-04-01, is not the rate any output uses: 'wb.xlsx', sheet 'Fee Schedules', row 5 "
         "gives the code $37.00 (no modifier) " + tail + ", got '35.00'"),
        ("f.csv", 4, "Fee schedule 'f.csv', row 4, column C 'Fee': code 97110 GP, effective "
         "2027-04-01, is not the rate any output uses: 'wb.xlsx', sheet 'Fee Schedules', row 6 "
         "gives the code $34.00 (no modifier) " + tail + ", got '$33.00'"),
        ("wb.xlsx", 7, "Fee schedule 'wb.xlsx', sheet 'Fee Schedules', row 7: code 97140 GP, "
         "effective 2027-04-01, is not the rate any output uses: 'f.csv', row 5 gives the code "
         "$31.00 (no modifier) " + tail)]
    assert [p.location.row for p in checked.errors] == [3]
    # what every output reads once imported: the amounts the warnings name
    appended = pd.concat([existing, checked.rows], ignore_index=True)
    in_force = schedule_rates(appended, date(2027, 4, 1)).set_index(["payer", "code"])
    assert in_force["schedule_rate"].loc["P"].to_dict() == {"97110": 34.0, "97112": 37.0,
                                                           "97140": 31.0}


def _meridian_xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Fee Schedule"
    ws["A1"] = "Meridian Mutual - Physical Medicine Fee Schedule"
    ws.merge_cells("A1:E1")
    ws["A2"] = "Effective January 1, 2026 - Confidential"
    ws.append([])
    ws.append(["CPT Code", "Mod", "Units", "Rate", "Effective Date"])  # row 4
    ws.append([97110, None, 1, 34.55, datetime(2026, 1, 1)])          # row 5: numbers
    ws.append(["97140", "GP", 1, "$33.95", datetime(2026, 1, 1)])     # row 6: text amount
    ws.append([92507, None, 1, 1234.5, datetime(2026, 1, 1)])         # row 7
    ws.append(["97530", None, 1, "call", datetime(2026, 1, 1)])       # row 8: bad
    ws.append(["Total", None, None, 1337.0, None])                    # row 9: a totals row
    ws["D5"].number_format = '"$"#,##0.00'
    ws["D7"].number_format = '"$"#,##0.00'
    ws2 = wb.create_sheet("Notes")
    ws2["A1"] = "Codes not listed are paid at 80% of billed charges."
    wb.save(path)
    return path


def _titled_with_groups(ws: Worksheet, *, reimbursement: str) -> Worksheet:
    """A Medicaid schedule's title merged over row 1 and its groups merged over row 3:
    "Procedure" over A3:B3 and "Reimbursement" over ``reimbursement``."""
    ws["A1"] = "Sunshine Kids Medicaid - Therapy Fee Schedule"
    ws.merge_cells("A1:E1")
    ws["A3"] = "Procedure"
    ws.merge_cells("A3:B3")
    ws["C3"] = "Reimbursement"
    ws.merge_cells(reimbursement)
    return ws


def test_a_group_header_merged_over_the_real_header_is_not_read_as_it(tmp_path: Path) -> None:
    """walk-9: a Medicaid schedule heads its columns in row 4 ("CPT Code", "Units", "Max Fee")
    under a row of groups merged over them ("Procedure" over A:B, "Reimbursement" over C:E).
    The group row was read as the header, "Reimbursement" heading column C, the Units: every
    code imported at $1.00 with no error, and "Max Fee" was no allowed amount's header."""
    wb = Workbook()
    ws = _titled_with_groups(wb.active, reimbursement="C3:E3")
    ws.append(["CPT Code", "Description", "Units", "Max Fee", "Prior Fee"])  # row 4
    ws.append(["92507", "Speech therapy", 1, 48.12, 46.00])
    ws.append(["97530", "Therapeutic activities", 1, 21.60, 20.50])
    wb.save(tmp_path / "medicaid.xlsx")
    result = read_fee_schedule(tmp_path / "medicaid.xlsx", "Sunshine Kids Medicaid",
                               effective_date=date(2026, 7, 1))
    assert rows_of(result) == [("92507", "", 48.12, date(2026, 7, 1)),
                               ("97530", "", 21.60, date(2026, 7, 1))]
    assert result.mapped == {"code": "CPT Code", "allowed_amount": "Max Fee"}
    assert result.errors == []


def test_a_header_merged_down_beside_the_groups_still_heads_its_column(tmp_path: Path) -> None:
    """review-b9: beside the groups, "Effective Date" merged down over E3:E4 heads column E.
    Read from row 4, under the groups, its cell held no text: the column was dropped, the
    import said "the file has no effective-date column", and with --effective-date every row
    took that day, not the 2026-07-01 the file gives."""
    wb = Workbook()
    ws = _titled_with_groups(wb.active, reimbursement="C3:D3")
    ws["E3"] = "Effective Date"
    ws.merge_cells("E3:E4")
    for column, header in zip("ABCD", ("CPT Code", "Description", "Units", "Max Fee"),
                              strict=True):
        ws[f"{column}4"] = header
    ws.append(["92507", "Speech therapy", 1, 48.12, datetime(2026, 7, 1)])
    ws.append(["97530", "Therapeutic activities", 1, 21.60, datetime(2026, 7, 1)])
    wb.save(tmp_path / "medicaid.xlsx")
    for option in (None, date(2026, 1, 1)):  # the file's own dates are the rows' either way
        result = read_fee_schedule(tmp_path / "medicaid.xlsx", "Sunshine Kids Medicaid",
                                   effective_date=option)
        assert result.errors == []
        assert result.mapped == {"code": "CPT Code", "allowed_amount": "Max Fee",
                                 "effective_date": "Effective Date"}
        assert rows_of(result) == [("92507", "", 48.12, date(2026, 7, 1)),
                                   ("97530", "", 21.60, date(2026, 7, 1))]


def test_a_code_header_merged_down_beside_an_amount_split_in_two(tmp_path: Path) -> None:
    """review-b9: "CPT Code" merged down over A1:A2, "Max Fee" over B1:C1 heading Facility
    and Non-Facility in row 2. Read from row 1, "Max Fee" headed column B, the facility
    rates, and row 2 was two errors (inside the merged cells; 'Facility' not an amount): with
    --skip-bad-rows every code imported at its facility rate. Row 2 heads the columns: the
    amount is the non-facility one (RateCalc's 'Non-Facility' header), Facility not imported."""
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "CPT Code", "Max Fee"
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws["B2"], ws["C2"] = "Facility", "Non-Facility"
    ws.append(["97110", 20.00, 31.50])
    ws.append(["97140", 18.00, 29.00])
    wb.save(tmp_path / "split.xlsx")
    result = read_fee_schedule(tmp_path / "split.xlsx", "Sunshine Kids Medicaid",
                               effective_date=date(2026, 7, 1))
    assert result.errors == []
    assert result.mapped == {"code": "CPT Code", "allowed_amount": "Non-Facility"}
    assert rows_of(result) == [("97110", "", 31.50, date(2026, 7, 1)),
                               ("97140", "", 29.00, date(2026, 7, 1))]


def test_a_header_with_a_merged_cell_over_its_data_stays_the_header(tmp_path: Path) -> None:
    """The group-row rule moves to the row under a merged row only when that row heads the
    columns too: a header whose "Max Fee" is merged over C:D (a wide column; a column of notes
    in E), its rates right under it, is the header, and the rates are read from the row under
    it."""
    wb = Workbook()
    ws = wb.active
    ws.append(["CPT Code", "Description", "Max Fee", None, "Notes"])  # row 1
    ws.merge_cells("C1:D1")
    ws.append(["92507", "Speech therapy", 48.12, None, "new"])
    ws.append(["97530", "Therapeutic activities", 21.60, None, "new"])
    wb.save(tmp_path / "wide.xlsx")
    result = read_fee_schedule(tmp_path / "wide.xlsx", "Sunshine Kids Medicaid",
                               effective_date=date(2026, 7, 1))
    assert rows_of(result) == [("92507", "", 48.12, date(2026, 7, 1)),
                               ("97530", "", 21.60, date(2026, 7, 1))]
    assert result.mapped == {"code": "CPT Code", "allowed_amount": "Max Fee"}


def test_xlsx_with_merged_title_numeric_codes_and_real_dates(tmp_path: Path) -> None:
    result = read_fee_schedule(_meridian_xlsx(tmp_path / "meridian.xlsx"), "Meridian Mutual")
    assert result.header_row == 4
    assert result.unmapped == ("Units",)
    assert rows_of(result) == [
        ("97110", "", 34.55, date(2026, 1, 1)),
        ("97140", "GP", 33.95, date(2026, 1, 1)),
        ("92507", "", 1234.5, date(2026, 1, 1)),
    ]
    assert [(p.location.row, p.location.column, p.location.header, p.location.letter)
            for p in result.errors] == [(8, "allowed_amount", "Rate", "D")]
    total = [p for p in result.problems if p.location.row == 9]
    assert [p.severity for p in total] == ["warning"]  # "Total": a label, not a mistyped code


def test_no_header_row_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Dear provider,\nplease find attached\n", encoding="utf-8")
    with pytest.raises(InputError, match="no header row with the columns code, allowed_amount"):
        read_fee_schedule(path, "P")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_fee_schedule(tmp_path / "nope.csv", "P")


def test_an_unquoted_comma_in_the_last_column_is_an_error_not_a_dollar(tmp_path: Path) -> None:
    """A CSV written by hand or by a tool that quotes nothing: "$1,040.00" in the last column
    is two fields, "$1" and "040.00". The field past the header was dropped without a word and
    97140 imported at $1.00. The row is an error at that field; the others import."""
    path = tmp_path / "handmade.csv"
    path.write_text("CPT/HCPCS,Fee\n97110,$31.50\n97140,$1,040.00\n97530,36.00\n",
                    encoding="utf-8")
    result = read_fee_schedule(path, "Meridian Mutual", effective_date=date(2027, 1, 1))
    assert rows_of(result) == [("97110", "", 31.50, date(2027, 1, 1)),
                               ("97530", "", 36.00, date(2027, 1, 1))]
    [error] = result.errors
    assert (error.severity, error.location.row, error.location.letter) == ("error", 3, "C")
    assert error.message == (
        "Fee schedule 'handmade.csv', row 3, column C '(no header)': the row has a field past "
        "the header's "
        "last column (B 'Fee'): a comma the file left unquoted, as in $1,040.00? Quote the "
        "field or drop the comma; the row was not imported, got '040.00'")


def test_a_note_right_of_an_xlsx_schedule_stays_a_note(tmp_path: Path) -> None:
    """In a workbook, a cell beside the table is a note of the payer's, not a split field."""
    book = Workbook()
    book.active.append(["CPT/HCPCS", "Fee"])
    book.active.append(["97110", 31.50, "rate under review"])
    book.save(tmp_path / "noted.xlsx")
    result = read_fee_schedule(tmp_path / "noted.xlsx", "Meridian Mutual",
                               effective_date=date(2027, 1, 1))
    assert rows_of(result) == [("97110", "", 31.50, date(2027, 1, 1))]
    assert not result.errors


def test_tab_separated_and_windows_encoded(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes("Fee schedule \u2013 Caf\u00e9 Health\n\nHCPCS\tFee\tEff Date\n"
                     "97110\t30.10\t01/01/2026\n".encode("cp1252"))
    result = read_fee_schedule(path, "Cafe")
    assert rows_of(result) == [("97110", "", 30.10, date(2026, 1, 1))]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=99_999_999), min_size=1, max_size=8,
                unique=True))


def test_dollar_formatting_reads_back_to_the_same_cents(amounts_in_cents: list[int]) -> None:
    """Whatever way a payer writes an amount ($1,234.50 / 1234.5 / $ 1234.50), it is the same
    number of cents."""
    styles = [lambda c: f"${c / 100:,.2f}", lambda c: f"{c / 100:.2f}",
              lambda c: f"$ {c / 100:.2f}", lambda c: f"{c / 100:,.2f}"]
    codes = ["97110", "97112", "97116", "97140", "97530", "97535", "97161", "97162"][
        :len(amounts_in_cents)]  # real codes: one no Medicare release has is an error
    grid = [["Procedure Code", "Allowable", "Effective Date"]]
    for i, (code, cents) in enumerate(zip(codes, amounts_in_cents, strict=True)):
        grid.append([code, styles[i % len(styles)](cents), "2026-01-01"])
    result = parse_fee_schedule(pd.DataFrame(grid, dtype=object), "P")
    assert result.errors == []
    assert [round(v * 100) for v in result.rows["allowed_amount"]] == amounts_in_cents


@pytest.mark.parametrize("ending", ["\n", "\r\n"])


def test_line_breaks_inside_cells_neither_split_rows_nor_move_row_numbers(
        tmp_path: Path, ending: str) -> None:
    """A quoted line break stays in its cell, and a line separator (U+2028, U+0085, form feed)
    pasted into a note is a character of the note, as Excel reads the file: the rows after
    them keep their numbers."""
    path = tmp_path / "notes.csv"
    lines = ["CPT,Rate,Effective date,Note", '97110,25.00,2026-01-01,"two' + ending + 'lines"',
             "97140,24.00,2026-01-01,a\u2028b\u0085c\x0cd", "97112,call us,2026-01-01,ok"]
    path.write_text(ending.join(lines) + ending, encoding="utf-8", newline="")
    result = read_fee_schedule(path, "Acme")
    assert rows_of(result) == [("97110", "", 25.0, date(2026, 1, 1)),
                               ("97140", "", 24.0, date(2026, 1, 1))]
    assert problems_of(result) == [("warning", 1, "Note"), ("error", 4, "Rate")]  # Note: not read


_MODIFIERS = ["", "GP", "GO", "59", "KX", "CQ"]
_DAYS = ["2026-01-01", "2026-07-01"]


def _rate_by_hand(kept: dict[int, tuple[str, str, str, str]], code: str, day: str) -> float:
    """The amount of the row that sets ``code``'s rate on ``day`` among ``kept``, by the rule
    docs/ANALYSIS.md and docs/COMMANDS.md state: rows of a pricing modifier (CQ) set none; of
    the rest in force that day, the latest effective date; on one date a plain row (no
    modifier), else the first listed."""
    candidates = [(line_day, modifier != "", row, float(fee))
                  for row, (line_code, modifier, fee, line_day) in kept.items()
                  if line_code.upper() == code.upper() and modifier != "CQ" and line_day <= day]
    latest = max(line_day for line_day, _, _, _ in candidates)
    return min((modified, row, fee) for line_day, modified, row, fee in candidates
               if line_day == latest)[2]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["97110", "97112", "g0283"]),
                          st.sampled_from(_MODIFIERS), st.sampled_from(["30.00", "31.00"]),
                          st.sampled_from(_DAYS)), min_size=1, max_size=8))


def test_the_rate_no_output_uses_is_schedule_rates_rule(lines) -> None:  # noqa: ANN001
    """A row is warned of as no output's rate exactly when schedule_rates, read on the row's
    own date, gives its code another amount (a pricing modifier's row, CQ, sets no rate), and
    the warning names that amount: for every mix of modifiers and dates."""
    grid = pd.DataFrame([["Code", "Mod", "Fee", "Effective"], *map(list, lines)], dtype=object)
    result = parse_fee_schedule(grid, "P", file="p.csv")
    warned = {p.location.row: p.message for p in result.problems
              if p.severity == "warning" and "not the rate any output uses" in p.message}
    kept = {row: line for row, line in zip(range(2, 2 + len(lines)), lines, strict=True)
            if not any(p.location.row == row for p in result.problems
                       if p.severity == "error" or "repeats row" in p.message)}
    rows = result.rows
    for row, (code, modifier, fee, day) in kept.items():
        if modifier == "CQ":
            assert row not in warned
            continue
        on_day = schedule_rates(rows, date.fromisoformat(day)).set_index("code")
        rate = float(on_day.at[code.upper(), "schedule_rate"])
        # the rule as written, not read back from schedule_rates (the warning calls it): the
        # latest row in force wins, a plain one over a modified one that day, then the first
        assert rate == _rate_by_hand(kept, code, day), (row, lines)
        unused = rate != float(fee)
        assert (row in warned) == unused, (row, lines, warned)
        if unused:
            assert f"gives the code ${rate:.2f}" in warned[row]


def test_a_rate_no_output_uses_names_no_dollar_an_escalator_raises() -> None:
    """The warning said "so every output uses $36.00", the row's amount as written; a fixed
    contract's escalator raises it on each anniversary (rates.schedule_rates with the
    contracts), so Keystone's outputs use $36.72 on 2025-01-01's row read on 2025-06-30. It
    says which row every output takes the code's rate from, its amount as the row gives it."""
    from ratecalc.demo import demo_data

    contracts = demo_data().contracts
    keystone = contracts[contracts["payer"] == "Keystone Health Plan"]
    grid = pd.DataFrame([["Code", "Mod", "Fee", "Effective"],
                         ["97112", "GP", "35.00", "2024-01-01"],
                         ["97112", "", "36.00", "2024-01-01"]], dtype=object)
    result = parse_fee_schedule(grid, "Keystone Health Plan", file="k.csv")
    in_force = schedule_rates(result.rows, date(2025, 6, 30), contracts=keystone)
    assert float(in_force["schedule_rate"].iloc[0]) == pytest.approx(36.72)
    [warning] = result.problems
    assert warning.message == (
        "Fee schedule 'k.csv', row 2, column C 'Fee': code 97112 GP, effective 2024-01-01, is "
        "not the rate any output uses: row 3 gives the code $36.00 (no modifier) that day, and "
        "a modifier such as GP, GO, 59 or KX does not change the rate, so every output takes "
        "the code's rate from that row (with any escalator of the contract), not this one; if "
        "your claims are paid this row's amount, change or delete the other row on the Fee "
        "Schedules sheet once imported, got '35.00'")


def test_a_note_under_no_header_is_no_column_named_nan(tmp_path: Path) -> None:
    """A payer's note typed beside the table, under no header (G6, two columns right of the
    last header), was warned of as two columns "not imported", headed 'nan' (F and G: the
    header row's blank cells read as the text of a missing number). A column with no header is
    no column: the note is left out, as beside a workbook's table; a headed column the
    schedule does not use is still named."""
    book = Workbook()
    sheet = book.active
    sheet.append(["UnitedHealthcare Commercial Fee Schedule"])
    sheet.append([])
    sheet.append(["CPT/HCPCS", "Description", "Fee"])
    sheet.append(["92507", "Tx sp lang voice comm indiv", "$76.50"])
    sheet.append(["97530", "Therapeutic activities", 31.25])
    sheet["F4"] = "Rates subject to the 2027 Medicare update"
    book.save(tmp_path / "noted.xlsx")
    result = read_fee_schedule(tmp_path / "noted.xlsx", "UnitedHealthcare",
                               effective_date=date(2027, 4, 1))
    assert rows_of(result) == [("92507", "", 76.50, date(2027, 4, 1)),
                               ("97530", "", 31.25, date(2027, 4, 1))]
    assert result.unmapped == ("Description",)
    assert [(p.severity, p.location.letter, p.location.shown_column) for p in result.problems
            ] == [("warning", "B", "Description")]
    assert not any("nan" in p.message for p in result.problems)


def test_a_merged_header_with_no_row_under_it_is_read_as_the_header(tmp_path: Path) -> None:
    """The group-row rule looks at the row under a merged header only when there is one: a
    schedule whose last row is its header ("Max Fee" merged over C:D), no rate typed yet, is
    read as that header with no rows, not past the end of the sheet."""
    wb = Workbook()
    ws = wb.active
    ws.append(["CPT Code", "Description", "Max Fee", None, "Notes"])
    ws.merge_cells("C1:D1")
    wb.save(tmp_path / "empty.xlsx")
    result = read_fee_schedule(tmp_path / "empty.xlsx", "Sunshine Kids Medicaid",
                               effective_date=date(2026, 7, 1))
    assert rows_of(result) == []
    assert result.mapped == {"code": "CPT Code", "allowed_amount": "Max Fee"}


def test_a_header_not_merged_is_the_header_whatever_row_follows(tmp_path: Path) -> None:
    """Only a row with a merged cell gives way to a header row under it: a header with no
    merged cell is the header even when the row under it repeats it (pasted twice)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["CPT Code", "Description", "Max Fee"])
    ws.append(["CPT Code", "Description", "Max Fee"])
    ws.append(["92507", "Speech therapy", 48.12])
    wb.save(tmp_path / "twice.xlsx")
    result = read_fee_schedule(tmp_path / "twice.xlsx", "Sunshine Kids Medicaid",
                               effective_date=date(2026, 7, 1))
    assert result.header_row == 1
    assert rows_of(result) == [("92507", "", 48.12, date(2026, 7, 1))]


def test_a_payer_file_saved_in_the_1904_date_system_keeps_its_effective_dates(tmp_path):
    """A payer's file from Mac Excel in the 1904 date system: an effective date in a cell
    formatted as a number is days from 1904-01-01 there (openpyxl's count below), and was
    imported as days from 1900, four years and a day early, beside the same day in a date cell
    read right."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

    day = date(2027, 1, 1)
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["Code", "Allowed", "Effective Date"])
    ws.append(["97110", 30.5, to_excel(day, CALENDAR_MAC_1904)])
    ws.append(["97140", 28.1, day])
    path = tmp_path / "payer.xlsx"
    wb.save(path)
    read = read_fee_schedule(path, payer="Mac Health")
    assert list(read.rows["effective_date"]) == [day, day]
