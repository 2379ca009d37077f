"""A workbook an earlier RateCalc made: read with each missing part's default, said once, and
brought up to date by ``upgrade_workbook`` without changing anything the user typed.

A billing manager keeps one master workbook for years. One made before Payers & Contracts had
"Renewal months" (and the Fee Schedules "Confirmed", Volumes "Description", Settings the
plausible band) was warned about on every command, one warning a column, as if something were
wrong, and nothing offered to add them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.remedies import in_excel
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.earlier_versions import ADDED_AFTER_FIRST_RELEASE, NOTE
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.upgrade import upgrade_workbook

from .conftest import NOW, open_book
from .earlier_books import write_earlier_workbook

#: What the upgrade adds to the demo clinic's workbook of before every part of
#: ADDED_AFTER_FIRST_RELEASE (its tables end in column U, E, D; Settings had 20 rows).
ADDED = ("Payers & Contracts: column 'Renewal months' (V)",
         "Fee Schedules: column 'Confirmed' (F)",
         "Volumes: column 'Description' (E)",
         "Settings: row 'Plausible low' (row 25)",
         "Settings: row 'Plausible high' (row 26)")
#: The user's sheets: every cell the user may have typed in.
USER_SHEETS = (*layout.INPUT_SHEETS, layout.NEGOTIATION_LOG)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def earlier_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo clinic's workbook as a RateCalc of before the added parts wrote it."""
    path = tmp_path_factory.mktemp("earlier") / "negotiation.xlsx"
    write_earlier_workbook(path, demo_data())
    return path.read_bytes()


@pytest.fixture
def earlier(earlier_bytes: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "negotiation.xlsx"
    path.write_bytes(earlier_bytes)
    return path


def _blank_added(data: ClinicData) -> ClinicData:
    """``data`` with the added parts left blank, as a current workbook whose cells are empty."""
    contracts = data.contracts.assign(renewal_months=None)
    fees = data.fee_schedules.assign(confirmed=None)
    volumes = data.volumes.assign(description=None)
    settings = dataclasses.replace(data.settings, plausible_low=None, plausible_high=None)
    return dataclasses.replace(data, contracts=contracts, fee_schedules=fees, volumes=volumes,
                               settings=settings)


def _cells(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    """Every non-empty cell value of every user sheet."""
    wb = open_book(path)
    return {sheet: {(c.row, c.column): c.value for row in wb[sheet].iter_rows() for c in row
                    if c.value is not None}
            for sheet in USER_SHEETS}


def _volume_cells(data: ClinicData) -> dict[object, object]:
    """Each volume row's units cell, by its (payer, code), without the file it names."""
    rows = data.rows_read.get("volumes")
    keys = [] if rows is None else list(rows.positions)
    return {k: dataclasses.replace(data.cell("volumes", k, "units_per_year"), file=None)
            for k in keys}


def _same_data(left: ClinicData, right: ClinicData) -> None:
    """The same tables and values (where each setting and contract was read, in ``rows_read``,
    names the file and row), and each volume's units at the same cell of its own file."""
    for field in dataclasses.fields(ClinicData):
        a, b = getattr(left, field.name), getattr(right, field.name)
        if field.name == "rows_read":  # the same volume cells, each of its own file
            a, b = _volume_cells(left), _volume_cells(right)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True),
                                          check_dtype=False, obj=field.name)
        else:
            assert a == b, field.name


def test_the_layout_holds_every_part_the_registry_names() -> None:
    """Each part said to be added after the first release is a column or row of today's."""
    for table, names in ADDED_AFTER_FIRST_RELEASE.items():
        spec = layout.INPUT_TABLES[table][0]
        known = ([c.name for c in layout.KEY_VALUE_FIELDS[table]]
                 if table in layout.KEY_VALUE_FIELDS else spec.keys)
        assert set(names) <= set(known), table


def test_an_earlier_workbook_reads_as_a_current_one_left_blank(earlier: Path,
                                                                tmp_path: Path) -> None:
    """Every command reads the older workbook as a current one whose added cells are blank:
    the same tables, each missing part its default (12 months a renewal, unconfirmed)."""
    current = tmp_path / "current.xlsx"
    new_workbook(current, _blank_added(demo_data()))
    old_data, _ = read_workbook(earlier)
    new_data, problems = read_workbook(current)
    assert old_data is not None and new_data is not None, [p.message for p in problems]
    _same_data(old_data, new_data)
    assert set(old_data.contracts["renewal_months"]) == {12}
    assert not old_data.fee_schedules["confirmed"].any()
    assert (old_data.settings.plausible_low, old_data.settings.plausible_high) == (0.30, 4.0)


def test_the_earlier_workbook_is_said_once_as_a_note_naming_the_remedy(earlier: Path) -> None:
    data, problems = read_workbook(earlier)
    assert data is not None
    (note,) = [p for p in problems if p.severity == NOTE]
    assert note.rule == (
        "made by an earlier RateCalc, before these were added: Payers & Contracts has no "
        "'Renewal months' column (read as blank: 12); Fee Schedules has no 'Confirmed' column "
        "(read as blank: no); Volumes has no 'Description' column (read as blank); Settings "
        "has no 'Plausible low' row (read as blank: 30%); Settings has no 'Plausible high' row "
        "(read as blank: 400%). Nothing is wrong: each is read as blank, as before. To add "
        "them, run: ratecalc workbook upgrade negotiation.xlsx (it keeps a backup and changes "
        "nothing you typed: a part whose place holds something of yours is not added, and it "
        "says what to clear first)")
    # not also a warning a column, as before
    assert [p.message for p in problems if "no column" in p.rule] == []
    with in_excel():
        _, problems = read_workbook(earlier)
    (note,) = [p for p in problems if p.severity == NOTE]
    assert "press Upgrade workbook on the RateCalc ribbon" in note.rule
    assert "ratecalc workbook" not in note.rule


def test_refresh_says_it_once_as_a_note_not_a_warning(earlier: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["refresh", str(earlier)]) == 0
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith("note:")] == [
        line for line in err.splitlines() if "made by an earlier RateCalc" in line]
    assert len([line for line in err.splitlines() if line.startswith("note:")]) == 1
    assert "no column" not in err
    sheet = open_book(earlier)[layout.PROBLEMS]
    notes = [row for row in sheet.iter_rows(values_only=True) if row[0] == NOTE]
    assert len(notes) == 1
    # counted apart from the warnings: the Start sheet counts "warning" rows
    count = str(sheet.cell(row=3, column=1).value)
    warnings = len([row for row in sheet.iter_rows(values_only=True) if row[0] == "warning"])
    assert count.endswith(f": 0 error(s), {warnings} warning(s), 1 note(s).")


def test_upgrade_adds_exactly_the_missing_parts_and_keeps_every_cell(earlier: Path) -> None:
    before = _cells(earlier)
    original = earlier.read_bytes()
    result = upgrade_workbook(earlier, now=NOW)
    assert result.added == ADDED
    assert result.not_added == ()
    assert result.backup is not None and result.backup.read_bytes() == original
    after = _cells(earlier)
    # the Exit assumptions moved down by the two rows added above them, as a new workbook has
    # them; every other cell is where it was
    moved_from = layout.HEADER_ROW + len(layout.SETTINGS_FIELDS) - 2 + 3  # their title
    shift = {layout.SETTINGS_SHEET: (moved_from, 2)}
    for sheet in USER_SHEETS:
        top, by = shift.get(sheet, (10**9, 0))
        expected = {(r + by if r >= top else r, c): v for (r, c), v in before[sheet].items()}
        kept = {k: after[sheet].get(k) for k in expected}
        assert kept == expected, sheet
    new = {(sheet, key): value for sheet in USER_SHEETS for key, value in after[sheet].items()
           if key not in {(r + shift.get(sheet, (10**9, 0))[1]
                           if r >= shift.get(sheet, (10**9, 0))[0] else r, c)
                          for (r, c) in before[sheet]}}
    assert new == {
        (layout.PAYERS_CONTRACTS, (4, 22)): "Renewal months",
        (layout.FEE_SCHEDULES, (4, 6)): "Confirmed",
        (layout.VOLUMES, (4, 5)): "Description",
        (layout.SETTINGS_SHEET, (25, 1)): "Plausible low",
        (layout.SETTINGS_SHEET, (25, 3)): layout.field_help(
            layout.SETTINGS_FIELDS[-2]),
        (layout.SETTINGS_SHEET, (26, 1)): "Plausible high",
        (layout.SETTINGS_SHEET, (26, 3)): layout.field_help(
            layout.SETTINGS_FIELDS[-1]),
    }
    # where a new workbook has them: the Exit assumptions' header row
    wb = open_book(earlier)
    assert wb[layout.SETTINGS_SHEET].tables["tblExitAssumptions"].ref.startswith(
        f"A{layout.EXIT_ASSUMPTIONS_TABLE.header_row}:")
    assert wb[layout.PAYERS_CONTRACTS].tables["tblPayersContracts"].ref.split(":")[1][0] == "V"
    # printed as a new workbook's: the print areas take in the added column and rows, and
    # reach the sheet's last row (page_layout.print_typed_rows), the rows typed under them
    assert wb[layout.PAYERS_CONTRACTS].print_area.endswith(":$V$1048576")
    assert wb[layout.SETTINGS_SHEET].print_area.endswith(":$C$1048576")


def test_the_upgraded_workbook_reads_alike_and_says_nothing(earlier: Path) -> None:
    old_data, _ = read_workbook(earlier)
    upgrade_workbook(earlier, now=NOW)
    data, problems = read_workbook(earlier)
    assert data is not None and old_data is not None
    _same_data(data, old_data)
    assert [p.message for p in problems if p.severity == NOTE] == []
    assert [p.message for p in problems if "no column" in p.rule] == []


def test_a_second_upgrade_changes_nothing(earlier: Path) -> None:
    upgrade_workbook(earlier, now=NOW)
    digest, backups = _digest(earlier), sorted(earlier.parent.rglob("*.xlsx"))
    result = upgrade_workbook(earlier, now=NOW)
    assert (result.added, result.not_added, result.backup) == ((), (), None)
    assert _digest(earlier) == digest
    assert sorted(earlier.parent.rglob("*.xlsx")) == backups


def test_a_current_workbook_is_left_as_it_is(demo_copy: Path) -> None:
    digest = _digest(demo_copy)
    result = upgrade_workbook(demo_copy, now=NOW)
    assert (result.added, result.backup) == ((), None)
    assert _digest(demo_copy) == digest


def test_a_workbook_that_is_not_a_master_workbook_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from ratecalc.errors import InputError

    other = tmp_path / "budget.xlsx"
    Workbook().save(other)
    digest = _digest(other)
    with pytest.raises(InputError, match=r"^'budget.xlsx' is not a RateCalc master workbook"):
        upgrade_workbook(other, now=NOW)
    assert _digest(other) == digest


def test_what_is_typed_in_an_added_column_is_read(earlier: Path) -> None:
    upgrade_workbook(earlier, now=NOW)
    wb = open_book(earlier)
    ws = wb[layout.PAYERS_CONTRACTS]
    first = layout.PAYERS_CONTRACTS_TABLE.header_row + 1
    ws.cell(row=first, column=22, value=24)
    payer = ws.cell(row=first, column=1).value
    wb.save(earlier)
    data, problems = read_workbook(earlier)
    assert data is not None, [p.message for p in problems]
    assert data.contracts.loc[data.contracts["payer"] == payer, "renewal_months"].iloc[0] == 24
    # and refused there as anywhere: Excel's own check came with the column
    (rule,) = [dv for dv in ws.data_validations.dataValidation if "V5" in dv.sqref]
    assert (rule.type, rule.operator) == ("whole", "between")


def test_a_cell_in_the_way_is_never_written_over(earlier: Path) -> None:
    """Something in the column right of the Payers & Contracts table (typed far below it):
    Renewal months is not added there, and the user hears what to do; the rest is added."""
    wb = open_book(earlier)
    wb[layout.PAYERS_CONTRACTS].cell(row=300, column=22, value="scratch")
    wb.save(earlier)
    result = upgrade_workbook(earlier, now=NOW)
    assert result.added == ADDED[1:]
    (refused,) = result.not_added
    assert refused.severity == "warning"
    assert refused.rule == (
        "'Renewal months' column not added: column V, right of the table, holds something "
        "(RateCalc writes nothing over it); empty column V; type its column in yourself, "
        "headed 'Renewal months'")
    assert open_book(earlier)[layout.PAYERS_CONTRACTS].cell(row=300, column=22).value == \
        "scratch"


def test_a_column_of_the_users_beside_the_table_stays_left_of_the_added_one(
        earlier: Path) -> None:
    wb = open_book(earlier)
    ws = wb[layout.PAYERS_CONTRACTS]
    ws.cell(row=layout.PAYERS_CONTRACTS_TABLE.header_row, column=22, value="Account rep")
    ws.cell(row=layout.PAYERS_CONTRACTS_TABLE.header_row + 1, column=22, value="Dana")
    wb.save(earlier)
    result = upgrade_workbook(earlier, now=NOW)
    assert result.added[0] == "Payers & Contracts: column 'Renewal months' (W)"
    ws = open_book(earlier)[layout.PAYERS_CONTRACTS]
    assert ws.cell(row=layout.PAYERS_CONTRACTS_TABLE.header_row + 1, column=22).value == "Dana"
    data, problems = read_workbook(earlier)
    assert data is not None, [p.message for p in problems]


def test_the_command_upgrades_and_says_what_it_added(earlier: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    assert main(["workbook", "upgrade", str(earlier)]) == 0
    out = capsys.readouterr().out
    assert [line.strip() for line in out.splitlines()[1:6]] == list(ADDED)
    assert "Backup: " in out
    assert main(["workbook", "upgrade", str(earlier)]) == 0
    assert capsys.readouterr().out == f"{earlier} is up to date: nothing added.\n"


def test_a_copy_named_with_a_space_is_named_in_quotes(earlier: Path, tmp_path: Path) -> None:
    spaced = tmp_path / "my clinic.xlsx"
    shutil.copy(earlier, spaced)
    _, problems = read_workbook(spaced)
    (note,) = [p for p in problems if p.severity == NOTE]
    assert 'run: ratecalc workbook upgrade "my clinic.xlsx"' in note.rule


def test_checks_an_earlier_workbook_lacks_are_added_as_a_new_workbook_has_them(
        earlier: Path, demo_copy: Path) -> None:
    """A workbook of before 2026-12-05 had no check of the Clinic metrics' figures by their
    metric's range (one built by cddb0bc from git: a drop-down on Metric only); the upgrade
    adds the check a new workbook has, and no other."""
    spec = layout.METRICS_TABLE
    value, benchmark = (f"{chr(64 + spec.col(k))}{spec.header_row + 1}"
                        for k in ("value", "benchmark"))
    wb = open_book(earlier)
    checks = wb[layout.CLINIC_SHEET].data_validations
    checks.dataValidation = [dv for dv in checks.dataValidation
                             if value not in dv.sqref and benchmark not in dv.sqref]
    wb.save(earlier)
    result = upgrade_workbook(earlier, now=NOW)
    assert [a for a in result.added if "check" in a] == [
        f"Clinic: Excel's check of 'Value' ({value}:{value[0]}2020)",
        f"Clinic: Excel's check of 'Benchmark' ({benchmark}:{benchmark[0]}2020)"]

    def rules(path: Path) -> list[tuple[str | None, str | None]]:
        found = open_book(path)[layout.CLINIC_SHEET].data_validations.dataValidation
        return sorted((dv.type, dv.formula1) for dv in found
                      if value in dv.sqref or benchmark in dv.sqref)

    assert rules(earlier) == rules(demo_copy) != []
    assert upgrade_workbook(earlier, now=NOW).added == ()


def test_upgrade_keeps_a_formula_on_another_sheet_pointing_at_its_cell(earlier: Path) -> None:
    """A sheet of the user's reads Settings' Retention by address: the Exit assumptions are not
    moved down under it (openpyxl would leave the formula reading the title row); the Settings
    rows are refused, said why, and the rest is added."""
    wb = open_book(earlier)
    ws = wb[layout.SETTINGS_SHEET]
    (row,) = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Retention"]
    wb.create_sheet("My exit math")["A1"] = f"='{layout.SETTINGS_SHEET}'!B{row}"
    wb.save(earlier)
    result = upgrade_workbook(earlier, now=NOW)
    wb = open_book(earlier)
    ref = wb["My exit math"]["A1"].value
    assert wb[layout.SETTINGS_SHEET].cell(int(ref.rsplit("B", 1)[1]), 1).value == "Retention"
    assert result.added == ADDED[:3]
    assert [p.rule for p in result.not_added] == [
        f"'{label}' row not added: the formula in 'My exit math'!A1 refers to the rows below "
        f"the table, which would have to move down to make room; type its row in yourself, "
        f"headed '{label}'" for label in ("Plausible low", "Plausible high")]


@pytest.mark.parametrize("where", ["a chart", "a conditional format", "a drop-down"])
def test_upgrade_moves_no_row_a_check_chart_or_format_elsewhere_reads(
        earlier: Path, where: str) -> None:
    """Not formulas only: a drop-down's list, a conditional format's rule or a chart's series
    on another sheet that reads the Exit assumptions keeps them where they are."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = open_book(earlier)
    settings = wb[layout.SETTINGS_SHEET]
    mine = wb.create_sheet("Mine")
    if where == "a chart":
        chart = BarChart()
        chart.add_data(Reference(settings, min_col=2, min_row=29, max_row=33))
        mine.add_chart(chart, "D2")
    elif where == "a conditional format":
        mine.conditional_formatting.add(
            "A1:A5", FormulaRule(formula=[f"'{layout.SETTINGS_SHEET}'!$B$29>0"]))
    else:
        dv = DataValidation(type="list", formula1=f"'{layout.SETTINGS_SHEET}'!$A$29:$A$33")
        dv.add("A1")
        mine.add_data_validation(dv)
    wb.save(earlier)
    result = upgrade_workbook(earlier, now=NOW)
    assert not [a for a in result.added if a.startswith(layout.SETTINGS_SHEET)]
    assert len(result.not_added) == 2
    assert open_book(earlier)[layout.SETTINGS_SHEET].cell(29, 1).value == "Retention"


def test_upgrade_with_a_whole_column_reference_is_no_internal_error(
        earlier: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name the user defined as Settings!$A:$A (openpyxl gives a whole column no rows): it
    still names the same column once rows move, so the upgrade adds everything."""
    from openpyxl.workbook.defined_name import DefinedName

    wb = open_book(earlier)
    wb.defined_names["SettingLabels"] = DefinedName(
        "SettingLabels", attr_text=f"{layout.SETTINGS_SHEET}!$A:$A")
    wb.save(earlier)
    assert main(["workbook", "upgrade", str(earlier)]) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in err, err
    assert [line.strip() for line in out.splitlines()[1:6]] == list(ADDED)


def test_upgrade_keeps_the_users_dropdown_and_fill_in_the_column_it_takes(
        earlier: Path) -> None:
    """The column right of the table holds no value but the user's drop-down and a red fill:
    it is not taken (its fill was wiped and a second check laid over hers), and she is told
    what to clear."""
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = open_book(earlier)
    ws = wb[layout.PAYERS_CONTRACTS]
    dv = DataValidation(type="list", formula1='"Dana,Lee"')
    dv.add("V5:V500")
    ws.add_data_validation(dv)
    ws["V5"].fill = PatternFill("solid", fgColor="FFFF0000")
    wb.save(earlier)
    result = upgrade_workbook(earlier, now=NOW)
    ws = open_book(earlier)[layout.PAYERS_CONTRACTS]
    covering = [str(d.sqref) for d in ws.data_validations.dataValidation if "V5" in d.sqref]
    assert covering == ["V5:V500"]
    assert ws["V5"].fill.fgColor.rgb == "FFFF0000"
    assert result.added == ADDED[1:]
    (refused,) = result.not_added
    assert "column V, right of the table, has a format, drop-down or conditional format" in \
        refused.rule


@pytest.mark.parametrize("what", ["fill", "conditional format"])
def test_a_column_with_only_a_format_of_the_users_is_not_taken(earlier: Path, what: str) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    wb = open_book(earlier)
    ws = wb[layout.PAYERS_CONTRACTS]
    red = PatternFill("solid", fgColor="FFFF0000")
    if what == "fill":
        ws["V900"].fill = red
    else:
        ws.conditional_formatting.add("V1:V40", CellIsRule(operator="greaterThan",
                                                           formula=["0"], fill=red))
    wb.save(earlier)
    result = upgrade_workbook(earlier, now=NOW)
    assert result.added == ADDED[1:]
    assert open_book(earlier)[layout.PAYERS_CONTRACTS]["V4"].value is None


def test_upgrade_that_adds_nothing_does_not_say_up_to_date_when_a_part_was_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "negotiation.xlsx"
    write_earlier_workbook(book, demo_data(), {"payers_contracts": ("renewal_months",)})
    wb = open_book(book)
    wb[layout.PAYERS_CONTRACTS].cell(300, 22).value = "scratch"
    wb.save(book)
    assert main(["workbook", "upgrade", str(book)]) == 0
    out, err = capsys.readouterr()
    assert "up to date" not in out, out
    assert out == (f"{book}: nothing added; 1 missing part(s) could not be added (each "
                   f"warning below says what to do first, then run this again).\n")
    assert "'Renewal months' column not added: column V" in err


def test_moving_rows_down_keeps_a_print_area_at_the_sheets_last_row() -> None:
    """A print area reaching the sheet's last row (a workbook built now: rows typed under a
    table print) stays there when the upgrade moves the Exit assumptions down: grown with the
    rows, it named row 1,048,578, past the sheet's end."""
    from openpyxl import Workbook

    from ratecalc_workbook.upgrade import _move_down

    wb = Workbook()
    ws = wb.active
    for row in range(1, 36):
        ws.cell(row=row, column=1, value=f"row {row}")
    ws.print_area = ["A1:C1048576"]
    assert _move_down(wb, ws, 30, 2) == ""
    assert ws["A32"].value == "row 30"
    assert ws.print_area == "'Sheet'!$A$1:$C$1048576"
