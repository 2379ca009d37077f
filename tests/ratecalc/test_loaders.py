"""Loading and validating the clinic's tables: every kind of bad input names file, row, column."""

from __future__ import annotations

import shutil
from datetime import date
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError, ValidationFailed, column_letter
from ratecalc.loaders import (
    load_folder,
    load_workbook_file,
    map_headers,
    read_headed_table,
    require,
)
from ratecalc.rates import schedule_rates
from ratecalc.schema import FEE_SCHEDULES, TABLES


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    source = resources.files("ratecalc") / "data" / "demo"
    with resources.as_file(source) as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    return tmp_path / "clinic"


def edit_csv(folder: Path, name: str, row: int, column: str, value: object) -> None:
    """Set one cell; ``row`` is the file's line number as a user sees it (header = 1)."""
    path = folder / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    frame.to_csv(path, index=False)


def messages(folder: Path) -> list[str]:
    data, problems = load_folder(folder)
    assert data is None
    return [p.message for p in problems if p.severity == "error"]


def test_demo_loads_clean(demo_folder):
    data, problems = load_folder(demo_folder)
    assert data is not None, [p.message for p in problems]
    assert [p for p in problems if p.severity == "error"] == []
    assert len(data.payers) == 6
    assert data.fee_schedules["code"].nunique() == 15
    assert data.settings.min_increase == 0.05  # "5%" in the file


@pytest.mark.parametrize(("table", "row", "column", "value", "expected"), [
    ("fee_schedules", 5, "allowed_amount", "N/A",
     r"^Fee Schedules 'fee_schedules.csv', row 5, column D 'allowed_amount': "
     r"expected a dollar amount, got 'N/A'"),
    ("fee_schedules", 6, "allowed_amount", "-12.50",
     r"row 6, column D 'allowed_amount': expected a dollar amount from \$0 to "
     r"\$1,000,000,000, got '-12\.50'"),
    ("fee_schedules", 7, "allowed_amount", "",
     r"row 7, column D 'allowed_amount': required value is blank"),
    ("fee_schedules", 8, "code", "9711",
     r"row 8, column B 'code': expected a CPT/HCPCS code: five digits .*got '9711'"),
    ("volumes", 3, "code", "99999",
     r"^Volumes 'volumes.csv', row 3, column B 'code': unknown CPT/HCPCS code: not in any Medicare "
     r"fee schedule release RateCalc has, got '99999'"),
    ("contracts", 2, "end_date", "2020-01-01",
     r"row 2, column E 'end_date': end date is before the effective date 2023-04-01"),
    ("contracts", 3, "notice_days", "ninety",
     r"row 3, column G 'notice_days': expected a whole number, got 'ninety'"),
    ("contracts", 4, "rate_basis", "capitation",
     r"row 4, column H 'rate_basis': expected one of fixed, % of Medicare, got 'capitation'"),
    ("volumes", 4, "payer", "Unknown Payer Inc",
     r"row 4, column A 'payer': payer is not on the Payers table, got 'Unknown Payer Inc'"),
    ("benchmarks", 2, "p75", "10.00",
     r"row 2, column D 'p50': percentiles must not decrease from p25 to p90"),
])
def test_bad_input_is_named(demo_folder, table, row, column, value, expected):
    edit_csv(demo_folder, table, row, column, value)
    found = messages(demo_folder)
    assert any(__import__("re").search(expected, m) for m in found), found


def test_a_payer_row_refused_for_another_cell_is_one_problem(demo_folder):
    # Summit's payer id with a control character: its row is refused, and every row of the
    # other tables naming Summit was "payer is not on the Payers table" too (32 more errors)
    edit_csv(demo_folder, "payers", 2, "payer_id", "SBC01\x01")
    assert [m.split(":", 1)[0] for m in messages(demo_folder)] == [
        "Payers 'payers.csv', row 2, column B 'payer_id'"]


def test_a_payer_renamed_on_its_table_is_suggested_where_the_others_name_it(demo_folder):
    # a review: renaming Meridian Mutual on Payers & Contracts gave 30 errors "payer is not on
    # the Payers table, got 'Meridian Mutual'", none saying what it is called now
    path = demo_folder / "payers.csv"
    path.write_text(path.read_text().replace("Meridian Mutual,", "Meridian Mutual Insurance,"))
    # (then one error per row of every other table: now one per table, each row named)
    named = [m for m in messages(demo_folder) if "got 'Meridian Mutual'" in m]
    renamed = ("; renamed 'Meridian Mutual Insurance' there? "
               "(the one payer there that no other table names)")
    fees = pd.read_csv(demo_folder / "fee_schedules.csv", dtype=str)
    rows = [int(i) + 2 for i in fees.index[fees["payer"] == "Meridian Mutual"]]  # header: row 1
    assert rows == list(range(rows[0], rows[0] + 15))  # the demo's 15 rows of Meridian
    assert [m.split(":", 1)[0] for m in named] == [
        "Contracts 'contracts.csv', row 4, column A 'payer'",
        f"Fee Schedules 'fee_schedules.csv', row {rows[0]}, column A 'payer'",
        f"Volumes 'volumes.csv', row {rows[0]}, column A 'payer'"]
    assert named[0].endswith(f"{renamed}")
    assert named[0].endswith("payer is not on the Payers table, got 'Meridian Mutual'; renamed "
                             "'Meridian Mutual Insurance' there? (the one payer there that no "
                             "other table names)")
    assert named[1].endswith(f"{renamed}; 15 rows of this table name it, rows {rows[0]} to "
                             f"{rows[-1]}: give them the payer's name on the Payers table, or "
                             f"name it there as before"), named[1]
    # a name close to none is told nothing more; two names missing, the closest is suggested
    edit_csv(demo_folder, "volumes", 4, "payer", "Zzyzx Qqq")
    found = messages(demo_folder)
    assert any(m.endswith("payer is not on the Payers table, got 'Zzyzx Qqq'") for m in found)
    assert any(m.startswith("Contracts") and m.endswith(
        "payer is not on the Payers table, got 'Meridian Mutual'; did you mean 'Meridian "
        "Mutual Insurance'?") for m in found), found


def test_duplicate_rows(demo_folder):
    path = demo_folder / "fee_schedules.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    pd.concat([frame, frame.iloc[[0]]]).to_csv(path, index=False)
    first_row, last_row = 2, len(frame) + 2  # the row copied, under the header, and its copy
    found = messages(demo_folder)
    # named at a cell (the key's first column) and saying what is expected, as every message
    # is: it named the row alone
    assert any(f"row {last_row}, column A 'payer': duplicate row: row {first_row} has the same "
               f"payer=Summit BlueCare PPO, code=97110" in m and m.endswith(
                   "; expected one row per payer, code, modifier and effective date")
               for m in found), found


@pytest.mark.parametrize(("table", "column", "expected"), [
    ("payers", "A 'payer'", "one row per payer"),
    ("volumes", "A 'payer'", "one row per payer and code"),
    ("benchmarks", "A 'code'", "one row per code and region"),
    ("metrics", "A 'metric'", "one row per metric"),
])
def test_every_duplicate_row_names_a_cell_and_what_is_expected(demo_folder, table, column,
                                                                expected):
    path = demo_folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    pd.concat([frame, frame.iloc[[0]]]).to_csv(path, index=False)
    found = [m for m in messages(demo_folder) if "duplicate row" in m]
    assert len(found) == 1, found
    where = f"'{table}.csv', row {len(frame) + 2}, column {column}: duplicate row: row 2 "
    assert where in found[0], found[0]
    assert found[0].endswith(f"; expected {expected}"), found[0]


def test_a_row_repeating_a_key_in_other_capitals_is_a_duplicate(demo_folder):
    # the key is compared in any capitals (a first pass in plain Python skips the search for
    # repeated rows only where no two keys match so): "SUMMIT BLUECARE PPO" repeats the first
    # row's "Summit BlueCare PPO"
    path = demo_folder / "volumes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    copy = frame.iloc[[0]].copy()
    copy["payer"] = copy["payer"].str.upper()
    assert copy["payer"].iloc[0] != frame["payer"].iloc[0]
    pd.concat([frame, copy]).to_csv(path, index=False)
    found = [m for m in messages(demo_folder) if "duplicate row" in m]
    assert len(found) == 1, found
    assert f"row {len(frame) + 2}, column A 'payer': duplicate row: row 2 has the same" \
        in found[0], found[0]


def test_pct_of_medicare_needs_its_percentage(demo_folder):
    edit_csv(demo_folder, "contracts", 5, "pct_of_medicare", "")  # Cardinal, pct_of_medicare
    found = messages(demo_folder)
    assert any("row 5, column I 'pct_of_medicare': required when rate_basis is pct_of_medicare"
               in m for m in found), found


def test_missing_required_column(demo_folder):
    path = demo_folder / "volumes.csv"
    pd.read_csv(path).drop(columns="units_per_year").to_csv(path, index=False)
    found = messages(demo_folder)
    assert "Volumes 'volumes.csv': no header row with the columns payer, code, units_per_year " \
           "in the first 15 rows: the closest row lacks units_per_year" in found, found


def test_a_header_given_twice_is_named_once_and_its_location_once(demo_folder):
    path = demo_folder / "fee_schedules.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace("code", "payer", 1)  # payer,payer,modifier,...
    path.write_text("\n".join(lines), encoding="utf-8")
    found = messages(demo_folder)
    assert "Fee Schedules 'fee_schedules.csv': no header row with the columns payer, code, " \
           "allowed_amount, effective_date in the first 15 rows: the closest row lacks code; " \
           "'payer' is there twice" in found, found


def test_bad_setting_value(demo_folder):
    path = demo_folder / "settings.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[frame["field"] == "min_increase", "value"] = "5"
    frame.to_csv(path, index=False)
    found = messages(demo_folder)
    assert any("min_increase: expected a smallest increase from 0% to 100% (0 to 1, 1.0 = 100%), "
               "got '5'" in m
               for m in found), found


def test_require_raises_with_every_problem(demo_folder):
    edit_csv(demo_folder, "fee_schedules", 5, "allowed_amount", "N/A")
    edit_csv(demo_folder, "fee_schedules", 6, "code", "abc")
    with pytest.raises(ValidationFailed, match=r"2 problem\(s\) in the input"):
        require(load_folder(demo_folder))


def test_headers_map_through_aliases():
    mapping, unmapped = map_headers(
        ["CPT/HCPCS", "Mod", "Fee Amount", "Effective Date", "Payer Name", "Notes"],
        FEE_SCHEDULES)
    assert mapping == {"CPT/HCPCS": "code", "Mod": "modifier", "Fee Amount": "allowed_amount",
                       "Effective Date": "effective_date", "Payer Name": "payer"}
    assert unmapped == ["Notes"]


def test_xlsx_with_title_rows_and_dollar_text(demo_folder, tmp_path):
    # A workbook with one sheet per table, the fee schedule with two title rows above its header
    # and amounts typed as "$1,234.50" text.
    book = tmp_path / "clinic.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, table in TABLES.items():
            frame = pd.read_csv(demo_folder / f"{name}.csv", dtype=str, keep_default_na=False)
            start = 0
            if name == "fee_schedules":
                frame["allowed_amount"] = "$" + frame["allowed_amount"]
                pd.DataFrame([["Payer fee schedules"], ["exported 2025-12-01"]]).to_excel(
                    writer, sheet_name=table.title, header=False, index=False)
                start = 3
            frame.to_excel(writer, sheet_name=table.title, index=False, startrow=start)
    data, problems = load_workbook_file(book)
    assert data is not None, [p.message for p in problems]
    assert data.fee_schedules["allowed_amount"].dtype == float
    # a bad cell on the sheet is located by the sheet's own row number
    frame = pd.read_excel(book, sheet_name=None, header=None, dtype=object)
    fees = frame["Fee Schedules"]
    fees.iloc[5, 3] = "call us"
    with pd.ExcelWriter(book, mode="a", if_sheet_exists="replace") as writer:
        fees.to_excel(writer, sheet_name="Fee Schedules", header=False, index=False)
    data, problems = load_workbook_file(book)
    assert data is None
    assert any(p.message.endswith("'clinic.xlsx', sheet 'Fee Schedules', row 6, column "
                                  "D 'allowed_amount': expected a dollar amount, got 'call us'")
               for p in problems), [p.message for p in problems]


def test_corrupt_workbook_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    from ratecalc.errors import InputError

    with pytest.raises(InputError, match=r"'broken.xlsx': expected an Excel workbook \(.xlsx or "
                                         r".xlsm, a zip package\); it is damaged"):
        load_workbook_file(bad)


def test_fee_schedule_picks_rate_in_force(demo_folder):
    data = require(load_folder(demo_folder))
    rates = schedule_rates(data.fee_schedules, data.settings.as_of).set_index(["payer", "code"])
    # the 2023 row (24.10) is superseded by the 2025 row
    assert rates.loc[("Summit BlueCare PPO", "97110"), "schedule_rate"] != 24.10
    from datetime import date

    old = schedule_rates(data.fee_schedules, date(2024, 6, 1)).set_index(["payer", "code"])
    assert old.loc[("Summit BlueCare PPO", "97110"), "schedule_rate"] == 24.10


def test_csv_with_title_rows_of_one_cell(demo_folder):
    path = demo_folder / "fee_schedules.csv"
    text = path.read_text()
    path.write_text("Summit BlueCare fee schedule\nExported 12/01/2025\n\n" + text)
    data, problems = load_folder(demo_folder)
    assert data is not None, [p.message for p in problems]
    # row numbers still count the file's own lines: header on line 4, first data row on 5
    path.write_text("Summit BlueCare fee schedule\nExported 12/01/2025\n\n"
                    + text.replace("25.22", "N/A", 1))
    found = messages(demo_folder)
    assert any("'fee_schedules.csv', row 5, column D 'allowed_amount'" in m for m in found), found


def test_a_payer_typed_in_other_capitals_is_the_listed_payer(demo_folder):
    # Excel's comparisons are case-blind, so the workbook's formulas took these rows as
    # Summit's; grouped by the text as typed, they were two more payers with part of its data
    before = require(load_folder(demo_folder))
    fees = pd.read_csv(demo_folder / "fee_schedules.csv", dtype=str, keep_default_na=False)
    volumes = pd.read_csv(demo_folder / "volumes.csv", dtype=str, keep_default_na=False)
    summit_fees = fees.index[fees["payer"] == "Summit BlueCare PPO"]
    summit_volumes = volumes.index[volumes["payer"] == "Summit BlueCare PPO"]
    fees.loc[summit_fees[::2], "payer"] = "SUMMIT BLUECARE PPO"
    volumes.loc[summit_volumes[::2], "payer"] = "summit bluecare ppo"
    fees.to_csv(demo_folder / "fee_schedules.csv", index=False)
    volumes.to_csv(demo_folder / "volumes.csv", index=False)
    data = require(load_folder(demo_folder))
    for name in ("fee_schedules", "volumes", "contracts"):
        assert set(getattr(data, name)["payer"]) == set(data.payers["payer"])
        pd.testing.assert_frame_equal(getattr(data, name), getattr(before, name))


def test_fractions_of_a_cent_are_read_as_the_cents_shown(demo_folder):
    # 24.585 was shown as 24.59 and computed as 24.585: 24.59 + 3.69 shown as 28.27
    fees = pd.read_csv(demo_folder / "fee_schedules.csv", dtype=str, keep_default_na=False)
    row = int(fees.index[(fees["payer"] == "Summit BlueCare PPO") & (fees["code"] == "97140")][-1])
    edit_csv(demo_folder, "fee_schedules", row + 2, "allowed_amount", "24.585")
    data, problems = load_folder(demo_folder)
    assert data is not None
    [warning] = [p for p in problems if "fractions of a cent" in p.message]
    assert warning.severity == "warning"
    assert (warning.location.row, warning.location.column) == (row + 2, "allowed_amount")
    assert "read as 24.59" in warning.message
    assert data.fee_schedules.loc[row, "allowed_amount"] == 24.59

    from ratecalc.analysis import analyze

    proposal = analyze(data).proposal
    assert len(proposal) > 0
    for r in proposal.itertuples():
        assert round(r.current_rate + r.increase, 2) == r.proposed_rate
        assert round(r.increase * r.units_per_year, 2) == round(r.annual_impact, 2)


@pytest.mark.parametrize("content", [b"", b"  \r\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n \n"],
                         ids=["0 bytes", "blank lines", "BOM alone", "BOM and blank lines"])
def test_an_empty_file_is_named_as_empty(demo_folder, content):
    (demo_folder / "fee_schedules.csv").write_bytes(content)
    (demo_folder / "clinic.csv").write_bytes(content)
    found = messages(demo_folder)
    assert "Fee Schedules 'fee_schedules.csv': the file is empty: expected a header row with " \
           "the columns payer, code, allowed_amount, effective_date, then the rows" in found, found
    assert any(m.startswith("Clinic 'clinic.csv': the file is empty: expected a header row "
                            "with the columns 'field' and 'value'") for m in found), found


def test_a_renamed_required_column_is_named_with_the_header_that_may_be_it(demo_folder):
    path = demo_folder / "volumes.csv"
    pd.read_csv(path).rename(columns={"units_per_year": "Units a year"}).to_csv(path,
                                                                                index=False)
    found = messages(demo_folder)
    assert "Volumes 'volumes.csv': no header row with the columns payer, code, units_per_year " \
           "in the first 15 rows: the closest row lacks units_per_year; its headers that match " \
           "no column: 'Units a year' (if 'Units a year' is units_per_year, head it 'Units per " \
           "year')" in found, found


def test_a_renamed_table_file_is_named_not_passed_over(demo_folder):
    # Before: fees.csv was never read, and the analysis ran without fee schedules, silently
    (demo_folder / "fee_schedules.csv").rename(demo_folder / "fees.csv")
    data, problems = load_folder(demo_folder)
    assert data is None  # a folder without fee schedules is an error (test_missing_tables.py)
    warnings = [p.message for p in problems if p.severity == "warning"]
    assert "Fee Schedules 'fees.csv': not read: it looks like the Fee Schedules table, which " \
           "is read from 'fee_schedules.csv' (or .xlsx), and the folder has none; if it is, " \
           "rename it" in warnings, warnings


def test_a_table_file_named_in_other_capitals_is_read(demo_folder):
    # Before, on Linux: Volumes.csv was not the volumes' file, and the analysis ran with no
    # volumes and no word of it
    expected = require(load_folder(demo_folder)).volumes
    (demo_folder / "volumes.csv").rename(demo_folder / "Volumes.CSV")
    data, problems = load_folder(demo_folder)
    assert data is not None and not [p for p in problems if p.severity == "error"]
    pd.testing.assert_frame_equal(data.volumes, expected)


def test_only_the_head_of_another_file_is_read_and_the_log_is_not_taken_for_a_table(
        demo_folder):
    # A large unrelated file cost a whole read on every analysis (800 MB for a 43 MB CSV):
    # only its first rows are looked at, so bytes past them that no encoding reads do not stop
    # the warning. The letter's Negotiation Log has a payer column, as Payers does: never
    # "rename it"
    (demo_folder / "fee_schedules.csv").rename(demo_folder / "fees.csv")
    with (demo_folder / "fees.csv").open("ab") as handle:
        handle.write(b"x" * 70_000 + b"\n" + bytes(range(128, 256)) * 10)
    (demo_folder / "payers.csv").unlink()
    (demo_folder / "negotiation_log.csv").write_text("payer,date,event\nSummit,2026-01-02,sent\n")
    (demo_folder / "~$fees.xlsx").write_bytes(b"lock")
    _, problems = load_folder(demo_folder)
    rules = {(p.location.file, p.rule) for p in problems if p.severity == "warning"}
    assert [file for file, rule in rules if "not read" in rule] == ["fees.csv"], rules


def test_the_analysis_outputs_beside_the_tables_are_not_taken_for_renamed_tables(demo_folder):
    from ratecalc.analysis import analyze
    from ratecalc.loaders import RESULT_FILE_STEMS
    from ratecalc.report import result_tables

    data = require(load_folder(demo_folder))
    tables = result_tables(analyze(data))
    assert set(tables) <= RESULT_FILE_STEMS
    for name, frame in tables.items():
        frame.to_csv(demo_folder / f"{name}.csv", index=False)
    for name in ("benchmarks", "metrics"):  # tables whose columns outputs share
        (demo_folder / f"{name}.csv").unlink()
    _, problems = load_folder(demo_folder)
    assert not [p for p in problems if "not read" in p.rule], problems


def test_a_renamed_sheet_of_a_sheet_per_table_workbook_is_named(demo_folder, tmp_path):
    # Before: a workbook with a sheet per table and "Fee Schedules" renamed "Fees" was analysed
    # without fee schedules, and nothing said so
    book = tmp_path / "tables.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, table in TABLES.items():
            path = demo_folder / f"{name}.csv"
            if path.exists():
                sheet = "Fees" if name == "fee_schedules" else table.title
                pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(
                    writer, sheet_name=sheet, index=False)
        pd.DataFrame({"payer": ["x"], "note": ["y"]}).to_excel(writer, sheet_name="Lists",
                                                               index=False)
    data, problems = load_workbook_file(book)
    assert data is None  # a workbook without fee schedules is an error (test_missing_tables.py)
    warnings = [p.message for p in problems if "not read" in p.rule]
    assert warnings == ["Fee Schedules 'tables.xlsx', sheet 'Fees': not read: it looks like the "
                        "Fee Schedules table, which is read from a sheet named 'Fee Schedules', "
                        "and the workbook has none; if it is, rename the sheet"], warnings


def test_a_column_not_recognised_is_named_with_its_letter(demo_folder):
    path = demo_folder / "fee_schedules.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"{line},{'Notes' if i == 0 else ''}" for i, line in enumerate(lines)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    width = len(lines[0].split(","))
    problems = [p for p in load_folder(demo_folder)[1] if "not recognised" in p.message]
    assert [str(p.location) for p in problems] == [
        f"'fee_schedules.csv', row 1, column {column_letter(width)} 'Notes'"]


def test_a_headed_table_with_only_its_header_keeps_its_columns(tmp_path):
    path = tmp_path / "negotiation_log.csv"
    path.write_text("date,payer,direction,code,offered_rate\n", encoding="utf-8")
    table = read_headed_table(path, "date, payer, direction, code, offered_rate")
    assert table.empty
    assert list(table.columns) == ["date", "payer", "direction", "code", "offered_rate"]
    assert table.attrs["letters"]["offered_rate"] == "E"


def test_a_headed_table_of_an_empty_file_says_so_by_the_tables_rule(tmp_path):
    # no header row to read: it returned a frame without its letters (KeyError in the letter)
    path = tmp_path / "negotiation_log.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_headed_table(path, "date, payer")
    assert str(caught.value) == ("'negotiation_log.csv': the file is empty: expected a header "
                                 "row with the columns date, payer, then the rows")


def test_an_unquoted_comma_in_a_csv_tables_last_column_is_an_error(demo_folder):
    """Visits "1,336" typed without quotes in a table's last column are two fields: "1" and
    "336". The second, past the header, was dropped without a word and the row counted 1 visit
    a year (the analysis ran on it). It is an error at that field."""
    path = demo_folder / "volumes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "payer,code,units_per_year,visits"
    assert lines[1] == "Summit BlueCare PPO,97110,2940,1336"
    lines[1] = "Summit BlueCare PPO,97110,2940,1,336"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert messages(demo_folder) == [
        "Volumes 'volumes.csv', row 2, column E '(no header)': the row has a field past the "
        "header's last column (D 'visits'): a comma the file left unquoted, as in $1,040.00? "
        "Quote the field or drop the comma, got '336'"]


def test_a_note_past_the_header_is_read_as_a_note_as_in_a_workbook(demo_folder):
    """A clerk's note typed right of a CSV table, under no header ("called rep 11/3"), cannot be
    the rest of a number a comma split: it is left out, as a note beside a workbook's table is.
    It was refused as "a comma the file left unquoted", and nothing was analysed."""
    path = demo_folder / "volumes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ",called rep 11/3"
    lines[2] += ",,per Dana: recheck"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, problems = load_folder(demo_folder)
    assert [p.message for p in problems if p.severity == "error"] == []
    assert data is not None
    row = data.volumes.iloc[0]
    assert (row["code"], row["units_per_year"], row["visits"]) == ("97110", 2940, 1336)


def test_a_decimal_comma_left_unquoted_in_the_last_column_is_still_an_error(demo_folder):
    # "1336,5" visits: "1336" and "5", the "5" a number's rest, not a note
    path = demo_folder / "volumes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "Summit BlueCare PPO,97110,2940,1336,5"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [message] = messages(demo_folder)
    assert message.startswith("Volumes 'volumes.csv', row 2, column E '(no header)': the row has "
                              "a field past the header's last column")
    assert message.endswith("got '5'")


def test_each_volume_rows_units_cell_is_named_by_payer_and_code(demo_folder):
    """``rows_read["volumes"]`` names each Volumes row's units cell by its payer and code (file,
    row, header and letter), made when asked for; a key not on file is not there."""
    from ratecalc.errors import Location

    data, problems = load_folder(demo_folder)
    assert data is not None, problems
    rows = pd.read_csv(demo_folder / "volumes.csv", dtype=str)
    read = data.rows_read["volumes"]
    assert len(read.positions) == len(rows)
    assert set(read.positions) == set(zip(rows["payer"], rows["code"], strict=True))
    for at, (payer, code) in enumerate(zip(rows["payer"], rows["code"], strict=True)):
        where = data.cell("volumes", (payer, code), "units_per_year")
        assert where is not None
        assert (where.file, where.row, where.column, where.header, where.letter) == (
            "volumes.csv", at + 2, "units_per_year", "units_per_year", "C")
        assert where == Location("volumes.csv", None, at + 2, "units_per_year")
    assert data.cell("volumes", ("Nobody", "97110"), "units_per_year") is None


def test_a_number_in_a_date_cell_of_a_1904_workbook_counts_from_1904(demo_folder):
    """A table saved by Mac Excel in the 1904 date system holds a date in a cell formatted as a
    number (pasted as a value, a formula's result) as days from 1904-01-01; RateCalc read it
    as days from 1900, four years and a day early (2026-03-31 as 2022-03-30, before the
    contract began). The serials are openpyxl's count in that system; the days, the CSV's."""
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

    csv = demo_folder / "contracts.csv"
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    days = {name: [date.fromisoformat(d) for d in table[name]]
            for name in ("effective_date", "end_date")}
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(list(table.columns))
    for i, row in enumerate(table.itertuples(index=False)):
        ws.append([to_excel(days[name][i], CALENDAR_MAC_1904) if name in days else value
                   for name, value in zip(table.columns, row, strict=True)])
    wb.save(demo_folder / "contracts.xlsx")
    csv.unlink()
    data, problems = load_folder(demo_folder)
    assert data is not None, [str(p) for p in problems if p.severity == "error"]
    for name, expected in days.items():
        assert list(data.contracts[name]) == expected
