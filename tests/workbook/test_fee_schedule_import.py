"""Appending to the workbook's input tables: imports add rows, never change or duplicate them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError
from ratecalc_workbook import layout
from ratecalc_workbook.fee_schedule_import import (
    FeeScheduleImport,
    append_rows,
    append_table_rows,
    import_fee_schedule,
)
from ratecalc_workbook.page_layout import print_areas
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.safety import BACKUP_FOLDER, WorkbookInUse

from .conftest import open_book
from .snapshot import sheet_snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fee_schedules"
LATER = datetime(2025, 12, 2, 8, 0)
#: A worksheet's last row, Excel's (and LibreOffice's since 7.0).
SHEET_LAST_ROW = 1048576
FEES = layout.FEE_SCHEDULES_TABLE


@dataclass(frozen=True)
class Imported:
    """The demo workbook after ``acme_health_2026.csv`` was imported for Summit as of 2026-01-01
    with bad rows skipped, and what the import returned."""

    result: FeeScheduleImport
    #: the imported workbook; tests read it or copy it, never change it
    path: Path
    content: bytes


@pytest.fixture(scope="module")
def summit_imported(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[Imported]:
    """The one import three tests made alike, each into its own copy of ``demo_book`` (the same
    file, payer, day and options): a load, an append and a save of the demo workbook each. Made
    once per module; each test still asserts on the import's result and the file it wrote."""
    path = tmp_path_factory.mktemp("summit-imported") / "negotiation.xlsx"
    shutil.copy2(demo_book, path)
    result = import_fee_schedule(path, FIXTURES / "acme_health_2026.csv",
                                 "Summit BlueCare PPO", effective_date=date(2026, 1, 1),
                                 skip_bad_rows=True, now=LATER)
    content = path.read_bytes()
    yield Imported(result, path, content)
    assert path.read_bytes() == content, "a test changed summit_imported's file; copy it first"


def test_import_appends_the_good_rows_below_the_table(demo_book: Path,
                                                      summit_imported: Imported) -> None:
    before = open_book(demo_book)[layout.FEE_SCHEDULES]  # the file the import was given
    old_cells = sheet_snapshot(before)["cells"]
    old_last = range_boundaries(before.tables[FEES.name].ref)[3]
    result, imported = summit_imported.result, summit_imported.path
    assert result.ok and result.appended is not None
    assert result.appended.appended == 4
    assert (result.appended.first_row, result.appended.last_row) == (old_last + 1, old_last + 4)
    ws = open_book(imported)[layout.FEE_SCHEDULES]
    assert {k: v for k, v in sheet_snapshot(ws)["cells"].items() if k in old_cells} == old_cells
    assert range_boundaries(ws.tables[FEES.name].ref)[3] == old_last + 4
    cell = ws.cell(row=old_last + 1, column=FEES.col("allowed_amount"))
    assert (cell.value, cell.number_format, cell.protection.locked) == \
        (1031.5, layout.FORMATS["money"], False)
    assert ws.cell(row=old_last + 2, column=FEES.col("modifier")).value == "GP"
    assert ws.cell(row=old_last + 1, column=FEES.col("effective_date")).value.date() \
        == date(2026, 1, 1)
    # the data validation reaches the new rows
    amount = [v for v in ws.data_validations.dataValidation
              if v.type == "decimal" and "D5" in str(v.sqref)]
    assert amount and any(r.max_row >= old_last + 4 for r in amount[0].sqref.ranges)
    data, problems = read_workbook(imported)
    assert data is not None, [p.message for p in problems]
    new = data.fee_schedules[data.fee_schedules["effective_date"] == date(2026, 1, 1)]
    assert sorted(new["code"]) == ["97110", "97140", "97530", "G0283"]
    assert (imported.parent / BACKUP_FOLDER).is_dir()


def test_a_second_import_adds_nothing(demo_copy: Path, summit_imported: Imported) -> None:
    demo_copy.write_bytes(summit_imported.content)  # demo_copy imported as here before
    content = demo_copy.read_bytes()
    again = import_fee_schedule(demo_copy, FIXTURES / "acme_health_2026.csv",
                                "Summit BlueCare PPO", effective_date=date(2026, 1, 1),
                                skip_bad_rows=True, now=LATER)
    assert again.appended is not None
    assert (again.appended.appended, again.appended.duplicates) == (0, 4)
    assert again.appended.backup is None
    assert demo_copy.read_bytes() == content


def test_errors_stop_the_import_unless_told(demo_copy: Path) -> None:
    content = demo_copy.read_bytes()
    result = import_fee_schedule(demo_copy, FIXTURES / "acme_health_2026.csv",
                                 "Summit BlueCare PPO", effective_date=date(2026, 1, 1))
    assert not result.ok and [p.location.row for p in result.read.errors] == [9]
    assert demo_copy.read_bytes() == content


def test_a_conflicting_row_keeps_the_workbooks(demo_copy: Path) -> None:
    frame = pd.DataFrame({"payer": ["Summit BlueCare PPO", "Summit BlueCare PPO"],
                          "code": ["97110", "97750"], "modifier": ["", ""],
                          "allowed_amount": [99.0, 40.0],
                          "effective_date": [date(2025, 1, 1), date(2025, 1, 1)]})
    result = append_table_rows(demo_copy, "fee_schedules", frame, now=LATER)
    assert result.appended == 1
    [conflict] = result.conflicts
    assert conflict.location.row == FEES.header_row + 1 and "workbook's row is kept" in \
        conflict.rule
    data, _ = read_workbook(demo_copy)
    assert data is not None
    summit = data.fee_schedules[(data.fee_schedules["payer"] == "Summit BlueCare PPO")
                                & (data.fee_schedules["effective_date"] == date(2025, 1, 1))]
    assert summit.set_index("code").loc["97110", "allowed_amount"] == 25.22


def test_append_rows_for_the_other_importers(demo_copy: Path) -> None:
    volumes = pd.DataFrame({"payer": ["Meridian Mutual", "Meridian Mutual"],
                            "code": ["97750", "97110"], "units_per_year": [12.0, 1.0],
                            "visits": [12, 1]})
    assert append_rows(demo_copy, "volumes", volumes) == 1  # 97110 is already there
    data, _ = read_workbook(demo_copy)
    assert data is not None
    meridian = data.volumes[data.volumes["payer"] == "Meridian Mutual"].set_index("code")
    assert meridian.loc["97750", "units_per_year"] == 12.0
    assert meridian.loc["97110", "units_per_year"] == 1372.0  # unchanged
    bench = pd.DataFrame({"code": ["97750"], "region": ["Birmingham-Hoover, AL"],
                          "p50": [44.0], "source": ["TiC import"]})
    assert append_rows(demo_copy, "benchmarks", bench) == 1


def test_append_rows_refuses_what_it_cannot_do(demo_copy: Path) -> None:
    with pytest.raises(InputError, match="table must be one of"):
        append_rows(demo_copy, "settings", pd.DataFrame())
    with pytest.raises(InputError, match="table must be one of"):
        append_rows(demo_copy, "rates", pd.DataFrame())
    with pytest.raises(InputError, match="lack the column"):
        append_rows(demo_copy, "volumes", pd.DataFrame({"payer": ["X"], "code": ["97110"]}))
    (demo_copy.parent / "~$negotiation.xlsx").write_text("x")
    with pytest.raises(WorkbookInUse):
        append_rows(demo_copy, "volumes", pd.DataFrame({"payer": ["X"], "code": ["97110"],
                                                        "units_per_year": [1.0]}))


def test_the_payer_defaults_to_the_one_picked_on_the_proposal(tiny_copy: Path) -> None:
    # Refresh fills the picker with the payer to negotiate with first; cleared, none is named.
    wb = open_book(tiny_copy)
    picker = wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                                      column=layout.SELECTED_PAYER_COL)
    assert picker.value
    picker.value = None
    wb.save(tiny_copy)
    with pytest.raises(InputError, match="name the payer"):
        import_fee_schedule(tiny_copy, FIXTURES / "keystone_export.csv")
    wb = open_book(tiny_copy)
    wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL,
                             value="Beta Plan")
    wb.save(tiny_copy)
    result = import_fee_schedule(tiny_copy, FIXTURES / "keystone_export.csv",
                                 skip_bad_rows=True, now=LATER)
    assert result.payer == "Beta Plan" and result.appended is not None
    assert result.appended.appended == 3


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["97110", "97140", "97530", "97112", "G0283"]),
                          st.sampled_from(["", "GP", "59"]),
                          st.integers(min_value=1, max_value=9_999_999)),
                min_size=1, max_size=12, unique_by=lambda t: (t[0], t[1])))
def test_appending_twice_adds_once_and_reads_back_to_the_cent(tmp_path_factory,  # noqa: ANN001
                                                              tiny_new_book: Path,
                                                              lines) -> None:  # noqa: ANN001
    # a fresh copy of new_workbook(path, tiny_clinic()) for each example, built once
    path = tmp_path_factory.mktemp("prop") / "book.xlsx"
    shutil.copy(tiny_new_book, path)
    frame = pd.DataFrame({"payer": "Beta Plan", "code": [c for c, _, _ in lines],
                          "modifier": [m for _, m, _ in lines],
                          "allowed_amount": [cents / 100 for _, _, cents in lines],
                          "effective_date": date(2026, 1, 1)})
    assert append_rows(path, "fee_schedules", frame) == len(lines)
    assert append_rows(path, "fee_schedules", frame) == 0
    data, problems = read_workbook(path)
    assert data is not None, [p.message for p in problems]
    got = data.fee_schedules[data.fee_schedules["effective_date"] == date(2026, 1, 1)]
    assert sorted((r.code, r.modifier, round(r.allowed_amount * 100))
                  for r in got.itertuples()) == sorted(lines)


def test_a_new_payer_already_listed_in_other_capitals_is_that_payer(
        demo_inputs: ClinicData, demo_copy: Path) -> None:
    payers_before = list(demo_inputs.payers["payer"])  # what demo_copy holds
    result = import_fee_schedule(demo_copy, FIXTURES / "acme_health_2026.csv",
                                 "summit bluecare ppo", effective_date=date(2026, 1, 1),
                                 skip_bad_rows=True, now=LATER, new_payer=True)
    assert result.ok and result.appended is not None and result.appended.appended == 4
    ws = open_book(demo_copy)[layout.FEE_SCHEDULES]
    written = {ws.cell(row=r, column=FEES.col("payer")).value
               for r in range(result.appended.first_row, result.appended.last_row + 1)}
    assert written == {"Summit BlueCare PPO"}
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems]
    assert list(data.payers["payer"]) == payers_before


def _csv(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_amounts_for_one_code_import_neither(demo_copy: Path, tmp_path: Path) -> None:
    """Neither of two amounts for one code, payer and date is known good: --skip-bad-rows skips
    both (it imported the first), and without it both rows are named."""
    source = _csv(tmp_path, "dup.csv", "Code,Fee\n97110,31.50\n97110,33.00\n97140,29.00\n")
    content = demo_copy.read_bytes()
    refused = import_fee_schedule(demo_copy, source, "Summit BlueCare PPO",
                                  effective_date=date(2027, 1, 1), now=LATER)
    assert not refused.ok and [p.location.row for p in refused.read.errors] == [2, 3]
    assert demo_copy.read_bytes() == content
    result = import_fee_schedule(demo_copy, source, "Summit BlueCare PPO",
                                 effective_date=date(2027, 1, 1), skip_bad_rows=True, now=LATER)
    assert result.appended is not None and result.appended.appended == 1
    assert [p.location.row for p in result.read.errors] == [2, 3]
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems]
    new = data.fee_schedules[data.fee_schedules["effective_date"] == date(2027, 1, 1)]
    assert new["code"].tolist() == ["97140"]


def test_a_row_the_workbook_has_at_another_amount_stops_the_import(demo_copy: Path,
                                                                   tmp_path: Path) -> None:
    """The reviewer's c.csv: a row whose payer, code and date the workbook has at another
    amount was "Added 0 row(s) ... already there", exit 0. It is an error of the file's row
    naming the workbook's: nothing is written, and with --skip-bad-rows the other rows are
    imported and the workbook's row is kept as the user typed it."""
    ws = open_book(demo_copy)[layout.FEE_SCHEDULES]
    first, second = FEES.header_row + 1, FEES.header_row + 2

    def cell(row: int, name: str) -> object:
        return ws.cell(row=row, column=FEES.col(name)).value

    payer, code, amount, day = (cell(first, "payer"), cell(first, "code"),
                                cell(first, "allowed_amount"), cell(first, "effective_date"))
    assert isinstance(day, datetime) and isinstance(amount, float)
    source = _csv(tmp_path, "c.csv", f"Code,Fee,Effective\n{code},{amount + 1.78:.2f},"
                  f"{day:%Y-%m-%d}\n{cell(second, 'code')},{cell(second, 'allowed_amount')},"
                  f"{cell(second, 'effective_date'):%Y-%m-%d}\n97750,40.00,{day:%Y-%m-%d}\n")
    content = demo_copy.read_bytes()
    refused = import_fee_schedule(demo_copy, source, str(payer), now=LATER)
    assert not refused.ok
    [error] = refused.read.errors
    assert (error.location.file, error.location.row, error.location.shown_column) == \
        ("c.csv", 2, "Fee")
    assert (f"the workbook already has {payer}, code {code}, effective {day:%Y-%m-%d}, at "
            f"another amount: ${amount:.2f} in '{demo_copy.name}', sheet "
            f"'{layout.FEE_SCHEDULES}', row {first}, this row ${amount + 1.78:.2f}") in \
        error.message
    assert demo_copy.read_bytes() == content
    result = import_fee_schedule(demo_copy, source, str(payer), skip_bad_rows=True, now=LATER)
    assert result.appended is not None
    assert (result.appended.appended, result.appended.duplicates) == (1, 1)
    assert result.appended.conflicts == () and [p.location.row for p in result.read.errors] == [2]
    ws = open_book(demo_copy)[layout.FEE_SCHEDULES]
    assert ws.cell(row=first, column=FEES.col("allowed_amount")).value == amount
    assert ws.cell(row=result.appended.first_row, column=FEES.col("code")).value == "97750"


def test_the_print_area_takes_in_the_rows_an_import_adds(demo_copy: Path,
                                                         summit_imported: Imported) -> None:
    """The rows an import appends are printed with the table: the Excel table grew to take
    them in but the sheet's print area, which the workbook's builder set to the table's rows,
    stayed where it was, so a printed Fee Schedules sheet left the imported schedule out (a
    speech/OT practice's new workbook printed 3 of its 27 rows; walk-5). A workbook built
    now prints to the sheet's last row (page_layout.print_to_last_row), which an import keeps;
    one built before ends its area at the table's last row, as set here, and the import
    moves that end down."""
    wb = open_book(demo_copy)
    before = wb[layout.FEE_SCHEDULES]
    [(left, top, right, end)] = [range_boundaries(a.split("!")[-1].replace("$", ""))
                                 for a in str(before.print_area).split(",")]
    assert end == SHEET_LAST_ROW
    bottom = range_boundaries(before.tables[FEES.name].ref)[3]
    # demo_copy as it is, open-ended, imported: the module's import of the same file
    result, open_ended = summit_imported.result, summit_imported.path
    before.print_area = (f"{get_column_letter(left)}{top}:"  # as a workbook built before
                         f"{get_column_letter(right)}{bottom}")
    wb.save(demo_copy)
    assert result.appended is not None and result.appended.appended == 4
    assert print_areas(open_book(open_ended)[layout.FEE_SCHEDULES]) == [
        (left, top, right, SHEET_LAST_ROW)]
    result = import_fee_schedule(demo_copy, FIXTURES / "acme_health_2026.csv",
                                 "Summit BlueCare PPO", effective_date=date(2026, 1, 1),
                                 skip_bad_rows=True, now=LATER)
    assert result.appended is not None and result.appended.appended == 4
    ws = open_book(demo_copy)[layout.FEE_SCHEDULES]
    areas = [range_boundaries(a.split("!")[-1].replace("$", ""))
             for a in str(ws.print_area).split(",")]
    assert areas == [(left, top, right, bottom + 4)]
    assert range_boundaries(ws.tables[FEES.name].ref)[3] == bottom + 4


def test_a_print_area_the_user_set_inside_the_table_is_kept(demo_copy: Path) -> None:
    """A print area that ends above the table's last row is the user's (the builder's reaches
    the last row): one printing the title, the header and the first two rows, A1:C6, is kept
    as it is. The import grew it to the whole table and the rows it added, A1:C99
    (review-a5); the area the builder set still grows (test above)."""
    book = open_book(demo_copy)
    sheet = book[layout.FEE_SCHEDULES]
    header = range_boundaries(sheet.tables[FEES.name].ref)[1]
    assert header == 4
    sheet.print_area = "A1:C6"
    book.save(demo_copy)
    result = import_fee_schedule(demo_copy, FIXTURES / "acme_health_2026.csv",
                                 "Summit BlueCare PPO", effective_date=date(2026, 1, 1),
                                 skip_bad_rows=True, now=LATER)
    assert result.appended is not None and result.appended.appended == 4
    ws = open_book(demo_copy)[layout.FEE_SCHEDULES]
    assert [range_boundaries(a.split("!")[-1].replace("$", ""))
            for a in str(ws.print_area).split(",")] == [(1, 1, 3, 6)]


def _blank_with_payers(path: Path, *payers: str) -> Path:
    """A new blank workbook listing ``payers``, its Fee Schedules' Payer column as wide as
    its header, 12 characters, as RateCalc made a blank workbook's before it kept the
    layout's width for payer names."""
    from openpyxl import load_workbook

    from ratecalc_workbook.builder import new_workbook

    new_workbook(path)
    wb = load_workbook(path)
    wb[layout.FEE_SCHEDULES].column_dimensions["A"].width = 12
    contracts = wb[layout.PAYERS_CONTRACTS]
    for offset, payer in enumerate(payers):
        contracts.cell(5 + offset, 1).value = payer
    wb.save(path)
    return path


def test_an_imported_payers_name_gets_the_width_it_prints_in(tmp_path: Path) -> None:
    # the walk's blank workbook printed an imported "UnitedHealthcare" as "UnitedHealth": the
    # column was fitted to its header and the code stood in the next cell
    from ratecalc_workbook.page_layout import PADDING, text_width

    book = _blank_with_payers(tmp_path / "blank.xlsx", "UnitedHealthcare")
    payer_col = FEES.col("payer")
    narrow = open_book(book)[layout.FEE_SCHEDULES].column_dimensions["A"].width
    assert narrow < text_width("UnitedHealthcare") + PADDING  # what the walk saw
    source = _csv(tmp_path, "uhc.csv", "code,allowed\n92507,80.10\n97530,33.00\n")
    result = import_fee_schedule(book, source, "UnitedHealthcare",
                                 effective_date=date(2026, 1, 1), now=LATER)
    assert result.ok and result.appended is not None and result.appended.appended == 2
    ws = open_book(book)[layout.FEE_SCHEDULES]
    assert ws.cell(result.appended.first_row, payer_col).value == "UnitedHealthcare"
    assert ws.column_dimensions["A"].width >= text_width("UnitedHealthcare") + PADDING
    # the other columns' texts fit as they were: none was narrowed
    assert ws.column_dimensions["B"].width >= 12


def test_an_imported_name_too_long_for_a_name_column_wraps_in_it(tmp_path: Path) -> None:
    from ratecalc_workbook.page_layout import NAME_WIDTH

    long_name = "Blue Cross Blue Shield of the Southeastern Gulf States Employer Plans"
    book = _blank_with_payers(tmp_path / "blank.xlsx", long_name)
    source = _csv(tmp_path, "bcbs.csv", "code,allowed\n92507,80.10\n")
    result = import_fee_schedule(book, source, long_name, effective_date=date(2026, 1, 1),
                                 now=LATER)
    assert result.ok and result.appended is not None
    ws = open_book(book)[layout.FEE_SCHEDULES]
    row = result.appended.first_row
    cell = ws.cell(row, FEES.col("payer"))
    assert ws.column_dimensions["A"].width == NAME_WIDTH
    assert cell.alignment.wrap_text and (ws.row_dimensions[row].height or 0) > 15
    # the code beside it keeps the column's shared look: not wrapped
    assert not ws.cell(row, FEES.col("code")).alignment.wrap_text


def test_a_conflicting_metric_gives_both_figures(demo_copy: Path) -> None:
    """An 835 import's clean claim rate beside the workbook's other one warned "already in the
    workbook with other values ... (Metric: Clean claim rate)" without either figure (walk-8).
    """
    frame = pd.DataFrame({"metric": ["clean_claim_rate"], "value": [0.962],
                          "benchmark": [0.9], "unit": ["fraction"], "period": ["2025"],
                          "source": ["clinic billing system"]})
    result = append_table_rows(demo_copy, "metrics", frame, now=LATER)
    [conflict] = result.conflicts
    assert conflict.rule == ("already in the workbook with other values (Value: the "
                             "workbook's 0.97, the import's 0.962); the workbook's row is kept "
                             "(Metric: Clean claim rate)")
