"""XLSX input read as the user sees it: which sheet, error cells, formulas, repeated columns.

Every reader of a table from a workbook of the user's (``import fee-schedule``, a folder's
``.xlsx`` files, a workbook with a sheet per table) reads only sheets the workbook shows, and
refuses a cell showing an Excel error value (``#REF!``) or a formula never computed where it is,
as it refuses the same text in a CSV. The files are built here with openpyxl; expected rows and
messages are written out by hand.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.errors import InputError
from ratecalc.fee_schedule_import import read_fee_schedule
from ratecalc.loaders import load_folder, load_workbook_file

PAYER = "Summit BlueCare PPO"


def _error(ws: Worksheet, ref: str, code: str) -> None:
    """A cell holding an error value, as Excel stores one (``t="e"``)."""
    ws[ref] = code
    ws[ref].data_type = "e"


def _fee_file(path: Path, rows: list[list[object]],
              errors: tuple[tuple[str, str], ...] = ()) -> Path:
    """``rows`` as a CSV, or for an .xlsx path as a workbook's sheet 'Fees'. There a blank
    (``""``) is an empty cell and an error's text (``#REF!``) a cell made an Excel error cell
    by ``errors`` (cell, error); the CSV keeps the text, as a CSV export of such a sheet
    does."""
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        return path
    wb = Workbook()
    ws = wb.active
    ws.title = "Fees"
    for row in rows:
        ws.append([None if v == "" or str(v).startswith("#") else v for v in row])
    for ref, code in errors:
        _error(ws, ref, code)
    wb.save(path)
    return path


def _fees(result) -> list[tuple]:  # noqa: ANN001
    return [(r.code, r.modifier, r.allowed_amount) for r in result.rows.itertuples()]


def _errors(problems) -> list[str]:  # noqa: ANN001
    return [p.message for p in problems if p.severity == "error"]


# --- which sheet ----------------------------------------------------------------------------

def _hidden_lookup_first(path: Path, *, state: str = "hidden") -> Path:
    """The reviewer's workbook: a hidden lookup sheet first, the schedule second (active)."""
    wb = Workbook()
    lookup = wb.active
    lookup.title, lookup.sheet_state = "lookup", state
    for row in (["CPT/HCPCS", "Fee"], ["97110", 99.99], ["97140", 88.88]):
        lookup.append(row)
    ws = wb.create_sheet("Fee Schedule 2027")
    for row in (["CPT/HCPCS", "Fee", "Effective"], ["97110", 31.5, "2027-01-01"],
                ["97140", 30.0, "2027-01-01"]):
        ws.append(row)
    wb.active = 1
    wb.save(path)
    return path


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_import_never_reads_a_hidden_first_sheet(tmp_path: Path, state: str) -> None:
    path = _hidden_lookup_first(tmp_path / "fs_hidden.xlsx", state=state)
    result = read_fee_schedule(path, PAYER)
    # the visible schedule's rates, not the hidden lookup's 99.99 and 88.88
    assert _fees(result) == [("97110", "", 31.5), ("97140", "", 30.0)]
    assert result.sheet == "Fee Schedule 2027"
    assert result.problems == ()


def test_a_folder_table_never_comes_from_a_hidden_first_sheet(demo_folder: Path) -> None:
    volumes = pd.read_csv(demo_folder / "volumes.csv", dtype=str)
    (demo_folder / "volumes.csv").unlink()
    wb = Workbook()
    hidden = wb.active
    hidden.title, hidden.sheet_state = "old", "hidden"
    shown = wb.create_sheet("Volumes 2026")
    hidden.append(list(volumes.columns))
    shown.append(list(volumes.columns))
    for row in volumes.itertuples(index=False):
        values = [None if pd.isna(v) else v for v in row]
        units = float(values[2])
        hidden.append([*values[:2], units * 10, *values[3:]])  # ten times the units
        shown.append([*values[:2], units, *values[3:]])
    wb.active = 1
    wb.save(demo_folder / "volumes.xlsx")
    data, problems = load_folder(demo_folder)
    assert data is not None, _errors(problems)
    assert data.volumes["units_per_year"].sum() == pytest.approx(
        volumes["units_per_year"].astype(float).sum())


def test_several_visible_sheets_with_the_table_name_the_one_read(tmp_path: Path) -> None:
    wb = Workbook()
    old = wb.active
    old.title = "2026"
    for row in (["CPT/HCPCS", "Fee"], ["97110", 29.0]):
        old.append(row)
    new = wb.create_sheet("2027")
    for row in (["CPT/HCPCS", "Fee"], ["97110", 31.5]):
        new.append(row)
    wb.active = 1  # the workbook opens on 2027
    wb.save(tmp_path / "two.xlsx")
    result = read_fee_schedule(tmp_path / "two.xlsx", PAYER, effective_date=date(2027, 1, 1))
    assert _fees(result) == [("97110", "", 31.5)]
    assert [(p.severity, p.location.sheet, p.rule) for p in result.problems] == [
        ("warning", "2027", "read from sheet '2027' (the sheet the workbook opens on); sheet "
         "'2026' holds a Fee schedule table too, not read: keep one such table to a workbook, "
         "or name the sheet to read")]


def test_a_visible_sheet_before_the_schedule_is_passed_over(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Read me"
    wb.active.append(["These rates take effect on January 1."])
    ws = wb.create_sheet("Rates")
    for row in (["Procedure Code", "Allowable"], ["97140", "$30.00"]):
        ws.append(row)
    wb.save(tmp_path / "notes_first.xlsx")
    result = read_fee_schedule(tmp_path / "notes_first.xlsx", PAYER,
                               effective_date=date(2027, 1, 1))
    assert _fees(result) == [("97140", "", 30.0)]
    assert result.sheet == "Rates"


def _chart_sheet_first(path: Path, *, with_data: bool = True) -> Path:
    """A payer's workbook that opens on a chart sheet (Excel's "Move Chart > New sheet") drawn
    from the schedule on the worksheet after it; ``with_data=False``: the schedule's sheet
    hidden, so only the chart is shown."""
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "Rates"
    for row in (["Procedure Code", "Allowable"], ["97110", "$31.50"], ["97140", "$30.00"]):
        ws.append(row)
    if not with_data:
        ws.sheet_state = "hidden"
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    wb.create_chartsheet("Chart", 0).add_chart(chart)
    wb.active = 0
    wb.save(path)
    return path


def test_a_chart_sheet_is_passed_over_for_the_schedule(tmp_path: Path) -> None:
    # was "cannot read it as XLSX (Worksheet named 'Chart' not found)", exit 3, nothing read
    path = _chart_sheet_first(tmp_path / "with_chart.xlsx")
    result = read_fee_schedule(path, PAYER, effective_date=date(2027, 1, 1))
    assert _fees(result) == [("97110", "", 31.5), ("97140", "", 30.0)]
    assert result.sheet == "Rates"
    assert result.problems == ()


def test_a_chart_sheet_named_to_read_is_refused_as_a_chart(tmp_path: Path) -> None:
    path = _chart_sheet_first(tmp_path / "with_chart.xlsx")
    with pytest.raises(InputError, match=r"^'with_chart\.xlsx': sheet 'Chart' is a chart "
                       r"sheet, which holds no cells to read: name a worksheet \(Rates\)$"):
        read_fee_schedule(path, PAYER, effective_date=date(2027, 1, 1), sheet="chart")


#: Sheets Excel still opens that hold no worksheet cells, as Excel writes them into the package:
#: (sheet name, part, content type, relationship type, what the refusal calls it).
_NOT_WORKSHEETS = [
    ("Dialog1", "xl/dialogsheets/sheet1.xml",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet",
     "an Excel 5 dialog sheet"),
    ("Macro1", "xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml",
     "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
     "an Excel 4 macro sheet"),
    ("Macro2", "xl/macrosheets/sheet2.xml", "application/vnd.ms-excel.intlmacrosheet+xml",
     "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet",
     "an Excel 4 international macro sheet"),
]


def _with_sheet_part(path: Path, name: str, part: str, content_type: str,
                     relationship: str) -> Path:
    """``path`` (openpyxl's, one worksheet 'Rates') with a sheet of another kind added after
    it, its part, relationship and content type as Excel writes them (openpyxl writes none)."""
    import zipfile

    relationships_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb = Workbook()
    ws = wb.active
    ws.title = "Rates"
    for row in (["Procedure Code", "Allowable"], ["97110", "$31.50"]):
        ws.append(row)
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>", f'<Relationship Id="rIdOther" Type="{relationship}" '
        f'Target="/{part}"/></Relationships>'.encode())
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", f'<sheet xmlns:r="{relationships_ns}" name="{name}" sheetId="9" '
        'r:id="rIdOther"/></sheets>'.encode())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        f"</Types>".encode())
    root = "dialogsheet" if "dialog" in part else "xm:macrosheet"
    parts[part] = (f'<{root} xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
                   f"<sheetData/></{root}>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for item, data in parts.items():
            archive.writestr(item, data)
    return path


@pytest.mark.parametrize(("name", "part", "content_type", "relationship", "kind"),
                         _NOT_WORKSHEETS, ids=[row[0] for row in _NOT_WORKSHEETS])
def test_a_dialog_or_macro_sheet_named_to_read_is_refused_as_what_it_is(
        tmp_path: Path, name: str, part: str, content_type: str, relationship: str,
        kind: str) -> None:
    # was "sheet 'Dialog1' is a chart sheet" for each
    path = _with_sheet_part(tmp_path / "with_other.xlsx", name, part, content_type,
                            relationship)
    with pytest.raises(InputError, match=rf"^'with_other\.xlsx': sheet '{name}' is {kind}, "
                       r"which holds no cells to read: name a worksheet \(Rates\)$"):
        read_fee_schedule(path, PAYER, effective_date=date(2027, 1, 1), sheet=name.lower())
    # not named, it is passed over as a chart sheet is
    result = read_fee_schedule(path, PAYER, effective_date=date(2027, 1, 1))
    assert _fees(result) == [("97110", "", 31.5)]
    assert result.sheet == "Rates"


def test_a_chart_beside_only_hidden_sheets_says_what_is_shown(tmp_path: Path) -> None:
    path = _chart_sheet_first(tmp_path / "chart_only.xlsx", with_data=False)
    with pytest.raises(InputError, match=r"^'chart_only\.xlsx': every worksheet of the "
                       r"workbook is hidden \(a chart sheet holds no table\), and RateCalc "
                       r"reads only sheets the workbook shows: unhide the sheet to read$"):
        read_fee_schedule(path, PAYER, effective_date=date(2027, 1, 1))


def test_a_workbook_of_only_a_chart_says_it_has_no_worksheet(tmp_path: Path) -> None:
    """A workbook whose one sheet is a chart (its data sheet deleted) was said to have every
    worksheet hidden, "unhide the sheet to read": there is none to unhide."""
    path = _chart_sheet_first(tmp_path / "chart_only.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.remove(wb["Rates"])
    wb.save(path)
    with pytest.raises(InputError, match=r"^'chart_only\.xlsx': the workbook has no worksheet, "
                       r"only a chart sheet \(Chart\), which holds no table: expected a "
                       r"worksheet holding the table$"):
        read_fee_schedule(path, PAYER, effective_date=date(2027, 1, 1))


def test_a_workbook_of_tables_with_a_chart_sheet_is_read(tmp_path: Path,
                                                         demo_folder: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    wb = _sheet_per_table(demo_folder, numbers=True)
    chart = BarChart()
    chart.add_data(Reference(wb["volumes"], min_col=3, min_row=1, max_row=5))
    wb.create_chartsheet("volumes chart", 0).add_chart(chart)
    wb.active = 0
    wb.save(tmp_path / "tables.xlsx")
    data, problems = load_workbook_file(tmp_path / "tables.xlsx")
    assert data is not None, _errors(problems)
    assert _errors(problems) == []


def _sheet_per_table(demo_folder: Path, *, numbers: bool) -> Workbook:
    """The demo tables as a workbook with a sheet per table; ``numbers``: the volumes' counts
    typed as numbers, as a spreadsheet holds them (else every cell is text)."""
    wb = Workbook()
    wb.remove(wb.active)
    for csv_path in sorted(demo_folder.glob("*.csv")):
        ws = wb.create_sheet(csv_path.stem)
        with csv_path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.reader(handle):
                ws.append([float(v) if numbers and ws.title == "volumes" and len(v) < 5
                           and v.replace(".", "", 1).isdigit() else v for v in row])
    return wb

def test_a_hidden_sheet_named_for_a_table_is_said_not_read(tmp_path: Path,
                                                           demo_folder: Path) -> None:
    wb = _sheet_per_table(demo_folder, numbers=False)
    wb["volumes"].sheet_state = "hidden"
    wb.save(tmp_path / "tables.xlsx")
    data, problems = load_workbook_file(tmp_path / "tables.xlsx")
    assert data is None
    assert _errors(problems) == [
        "Volumes 'tables.xlsx', sheet 'volumes': sheet 'volumes' is hidden, and RateCalc reads "
        "only the sheets a workbook shows: unhide it to read it, or delete it"]


# --- error cells and formulas never computed ------------------------------------------------

ROWS = [["CPT/HCPCS", "Modifier", "Fee", "Effective"],
        ["97110", "", 31.5, "2027-01-01"],
        ["97140", "#REF!", 30.0, "2027-01-01"],
        ["#REF!", "", 44.0, "2027-01-01"],
        ["97530", "", "#DIV/0!", "2027-01-01"],
        ["97112", "#N/A", 33.0, "2027-01-01"]]

#: What each error cell gets, CSV or XLSX alike (hand-written from the rows above).
EXPECTED_ERRORS = [
    "Fee schedule 'fs2.{ext}'{sheet}, row 3, column B 'Modifier': the cell shows the error "
    "#REF!; expected a two-character modifier such as GP, CQ or 59",
    "Fee schedule 'fs2.{ext}'{sheet}, row 4, column A 'CPT/HCPCS': the cell shows the error "
    "#REF!; expected a CPT/HCPCS code: five digits (97110), a letter and four digits (G0283), "
    "or four digits and a letter (0552T)",
    "Fee schedule 'fs2.{ext}'{sheet}, row 5, column C 'Fee': the cell shows the error #DIV/0!; "
    "expected a dollar amount",
    "Fee schedule 'fs2.{ext}'{sheet}, row 6, column B 'Modifier': the cell shows the error "
    "#N/A; expected a two-character modifier such as GP, CQ or 59",
]


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_error_cells_are_errors_at_their_cells_in_xlsx_as_in_csv(tmp_path: Path,
                                                                 ext: str) -> None:
    path = _fee_file(tmp_path / f"fs2.{ext}", ROWS, errors=(
        ("B3", "#REF!"), ("A4", "#REF!"), ("C5", "#DIV/0!"), ("B6", "#N/A")))
    result = read_fee_schedule(path, PAYER)
    sheet = ", sheet 'Fees'" if ext == "xlsx" else ""
    assert _errors(result.problems) == [m.format(ext=ext, sheet=sheet) for m in EXPECTED_ERRORS]
    # no row became a plain rate row, a title or an unpriced code: only the good row is read
    assert _fees(result) == [("97110", "", 31.5)]
    assert [p for p in result.problems if p.severity == "warning"] == []


def test_a_formula_never_computed_is_an_error_at_its_cell(tmp_path: Path) -> None:
    wb = Workbook()  # openpyxl computes nothing: the file keeps the formulas, no values
    ws = wb.active
    ws.title = "Fees"
    for row in (["CPT/HCPCS", "Fee", "Effective"], ["97110", "=20+5.22", "2027-01-01"],
                ["97140", 30.0, "2027-01-01"]):
        ws.append(row)
    wb.save(tmp_path / "formula.xlsx")
    result = read_fee_schedule(tmp_path / "formula.xlsx", PAYER)
    assert _errors(result.problems) == [
        "Fee schedule 'formula.xlsx', sheet 'Fees', row 2, column B 'Fee': holds the formula "
        "=20+5.22, whose value has never been computed (or was not kept by the program that "
        "saved the file last): open and save the workbook in Excel or LibreOffice, or type the "
        "value"]
    assert _fees(result) == [("97140", "", 30.0)]


def test_error_cells_in_a_sheet_per_table_workbook(tmp_path: Path, demo_folder: Path) -> None:
    wb = _sheet_per_table(demo_folder, numbers=True)
    fees = wb["fee_schedules"]
    assert [c.value for c in fees[1]][2:4] == ["modifier", "allowed_amount"]
    _error(fees, "C3", "#REF!")
    _error(fees, "D4", "#DIV/0!")
    wb.save(tmp_path / "tables.xlsx")
    data, problems = load_workbook_file(tmp_path / "tables.xlsx")
    assert data is None
    assert _errors(problems) == [
        "Fee Schedules 'tables.xlsx', sheet 'fee_schedules', row 3, column C 'modifier': the "
        "cell shows the error #REF!; expected a two-character modifier such as GP, CQ or 59",
        "Fee Schedules 'tables.xlsx', sheet 'fee_schedules', row 4, column D 'allowed_amount': "
        "the cell shows the error #DIV/0!; expected a dollar amount"]


def test_an_error_value_in_a_text_column_is_refused_too(demo_folder: Path) -> None:
    """A payer id '#N/A' (a lookup that failed) was read as a payer id of that text."""
    path = demo_folder / "payers.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "payer_id"] = "#N/A"
    frame.to_csv(path, index=False)
    data, problems = load_folder(demo_folder)
    assert data is None
    # the first error; the payer's row left out, its other tables' rows name an unlisted payer
    assert _errors(problems)[0] == (
        "Payers 'payers.csv', row 2, column B 'payer_id': the cell shows the error #N/A; "
        "expected text or a blank cell")


# --- a column given twice -------------------------------------------------------------------

@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_a_second_column_for_one_field_is_named_and_refused(tmp_path: Path, ext: str) -> None:
    rows = [["CPT/HCPCS", "Fee", "Effective", "Allowable"], ["97110", 31.5, "2027-01-01", 29.0]]
    path = _fee_file(tmp_path / f"twice.{ext}", rows)
    result = read_fee_schedule(path, PAYER)
    sheet = ", sheet 'Fees'" if ext == "xlsx" else ""
    assert _errors(result.problems) == [
        f"Fee schedule 'twice.{ext}'{sheet}, row 1, column D 'Allowable': a second column for "
        "allowed_amount, which column B fills: RateCalc reads one column per field and does not "
        "guess which holds the right values; delete one of the two, or rename its header"]


def test_a_second_column_in_a_folder_table(demo_folder: Path) -> None:
    path = demo_folder / "fee_schedules.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.insert(len(frame.columns), "allowed_amount ", "1.00")  # the same header, once more
    frame.to_csv(path, index=False)
    letter = chr(ord("A") + len(frame.columns) - 1)
    data, problems = load_folder(demo_folder)
    assert data is None
    assert _errors(problems) == [
        f"Fee Schedules 'fee_schedules.csv', row 1, column {letter} 'allowed_amount': a second "
        "column for allowed_amount, which column D fills: RateCalc reads one column per field "
        "and does not guess which holds the right values; delete one of the two, or rename its "
        # errors-9: the table's rows are left unread until then, so that no row's error follows
        # from the header (was: ... or rename its header"])
        "header; the table's rows are checked once it is fixed"]
