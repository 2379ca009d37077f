"""A problem names its column as the sheet shows it: the header as typed and its letter.

RateCalc's own names for columns (``allowed_amount``) appear nowhere a user reads: not in the
message, not in the Problems sheet's Column. The letter in the message is the letter of the
Problems sheet's Cell link, also when the table has been moved right on its sheet.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from openpyxl.utils.cell import coordinate_from_string

from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book

FEES, VOLUMES = layout.FEE_SCHEDULES_TABLE, layout.VOLUMES_TABLE


def _problems_sheet(path: Path) -> list[dict[str, object]]:
    ws = open_book(path)[layout.PROBLEMS]
    spec = layout.PROBLEMS_TABLE
    header = [c.value for c in ws[spec.header_row]]
    rows = ws.iter_rows(min_row=spec.header_row + 1, values_only=True)
    return [dict(zip(header, row, strict=False)) for row in rows if any(row)]


def _break(path: Path, *, moved: int = 0) -> None:
    """A rate that is no amount, a volume that is negative and a payer nobody lists; with
    ``moved``, the Fee Schedules table first moved that many columns right."""
    wb = open_book(path)
    fees = wb[layout.FEE_SCHEDULES]
    if moved:
        fees.insert_cols(1, moved)
        fees.tables[FEES.name].ref = re.sub(
            r"[A-Z]+", lambda m: chr(ord(m.group()) + moved), fees.tables[FEES.name].ref)
    fees.cell(row=FEES.header_row + 1, column=FEES.col("allowed_amount") + moved, value="call")
    volumes = wb[layout.VOLUMES]
    volumes.cell(row=VOLUMES.header_row + 1, column=VOLUMES.col("units_per_year"), value=-3)
    volumes.cell(row=VOLUMES.header_row + 2, column=VOLUMES.col("payer"), value="Nobody Mutual")
    wb.save(path)


def test_messages_and_the_problems_sheet_show_headers_and_letters(tiny_new_book: Path,
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    shutil.copy2(tiny_new_book, path)
    _break(path)
    result = refresh_workbook(path, now=NOW)
    assert not result.ok
    first = FEES.header_row + 1
    messages = [p.message for p in result.errors]
    assert any(f"sheet 'Fee Schedules', row {first}, column D 'Allowed amount': expected a "
               f"dollar amount, got 'call'" in m for m in messages), messages
    assert any(f"sheet 'Volumes', row {VOLUMES.header_row + 1}, column C 'Units per year': "
               in m for m in messages), messages
    assert any(f"sheet 'Volumes', row {VOLUMES.header_row + 2}, column A 'Payer': payer is "
               f"not on the Payers table" in m for m in messages), messages
    rows = _problems_sheet(path)
    assert {r["Column"] for r in rows} == {"Allowed amount", "Units per year", "Payer"}
    for r in rows:
        letter, row = coordinate_from_string(str(r["Cell"]))
        assert (row, f"column {letter} '{r['Column']}'") == (r["Row"], re.search(
            r"column [A-Z]+ '[^']*'", str(r["Problem"])).group()), r


def test_a_table_moved_right_is_named_by_its_letters_now(tiny_new_book: Path,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    shutil.copy2(tiny_new_book, path)
    _break(path, moved=2)
    result = refresh_workbook(path, now=NOW)
    [fee] = [p for p in result.errors if p.location.sheet == layout.FEE_SCHEDULES]
    assert "column F 'Allowed amount'" in fee.message
    [row] = [r for r in _problems_sheet(path) if r["Sheet"] == layout.FEE_SCHEDULES]
    assert row["Cell"] == f"F{FEES.header_row + 1}"


def test_two_tables_of_one_sheet_each_name_their_own_value_column(demo_copy: Path) -> None:
    """The Clinic sheet holds the profile (its Value in B) and the metrics (theirs in F): a
    problem in either points at its own column, in the message and in the Cell link."""
    profile, metrics = layout.PROFILE_TABLE, layout.METRICS_TABLE
    wb = open_book(demo_copy)
    ws = wb[profile.sheet]
    fields = {ws.cell(row=r, column=profile.col("field")).value: r
              for r in range(profile.header_row + 1, profile.header_row + 30)}
    # without a locality, the ZIP gives it: a ZIP that is no ZIP is the profile's problem
    ws.cell(row=fields["Locality"], column=profile.col("value")).value = None
    ws.cell(row=fields["ZIP"], column=profile.col("value"), value="ABCDE")
    first_metric = metrics.header_row + 1
    ws.cell(row=first_metric, column=metrics.col("value"), value="lots")
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    rows = {r["Row"]: r for r in _problems_sheet(demo_copy) if r["Sheet"] == profile.sheet}
    zip_code, metric = rows[fields["ZIP"]], rows[first_metric]
    assert zip_code["Cell"] == f"B{fields['ZIP']}"
    assert f"row {fields['ZIP']}, column B 'Value'" in str(zip_code["Problem"])
    assert metric["Cell"] == f"F{first_metric}"
    assert f"row {first_metric}, column F 'Value'" in str(metric["Problem"])
