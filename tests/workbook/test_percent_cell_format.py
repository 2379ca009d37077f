"""A percentage cell is read as its own number format shows it, not as its table is formatted.

The master workbook's reader took every percentage cell as formatted as a percent, as the
template formats them: a Max increase the user reformatted to General, showing 1.5, was read as
150% where the user sees a bare 1.5 (1.5% or 150%), which every other bare cell is refused for.
And the other way round, an .xlsx read by the core (a payer's offer file, a folder of tables)
was taken as bare throughout: an Offered increase formatted as a percent, showing 150%, was
refused as reading two ways.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from ratecalc.errors import ProblemError
from ratecalc.loaders import load_folder, read_headed_table
from ratecalc.shown_percent import (
    ShownPercent,
    is_percent_format,
    is_typed_percent_format,
    percent_cells,
    percent_styles,
    shows_percent,
)
from ratecalc_letter.offers import read_offer_file
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_negotiation_log, read_workbook
from tests.books import load_book

AMBIGUOUS = ("got 1.5, which reads as 150% or 1.5%: for 150% write 150%, for 1.5% write 1.5% "
             "or 0.015")
PAYER = "Summit BlueCare PPO"


def _settings_cell(book: Path, label: str, value: object, number_format: str) -> None:
    # most tests here start from the same demo copy: a copy of its earlier load (tests.books)
    wb = load_book(book)
    ws = wb[layout.SETTINGS_SHEET]
    (row,) = [c.row for c in ws["A"] if c.value == label]
    ws.cell(row=row, column=2, value=value).number_format = number_format
    wb.save(book)


@pytest.mark.parametrize("number_format", ["General", "0.00", "#,##0.0", '0"%"'])
def test_a_settings_percent_reformatted_to_general_is_read_as_shown(demo_copy: Path,
                                                                    number_format: str):
    # the cell shows 1.5 (or 2%: a "%" in quotes is text, not a percent format, and 0 decimals
    # round 1.5 to 2, not the 1.5 typed): 1.5% or 150%
    _settings_cell(demo_copy, "Max increase", 1.5, number_format)
    data, problems = read_workbook(demo_copy)
    assert data is None
    (error,) = [p.message for p in problems if p.severity == "error"]
    assert "Max increase: expected a largest increase" in error and AMBIGUOUS in error, error


@pytest.mark.parametrize("number_format", ["0.0%", "0%", "0.00######%"])
def test_a_settings_percent_cell_keeps_its_meaning(demo_copy: Path, number_format: str):
    _settings_cell(demo_copy, "Max increase", 1.5, number_format)  # shows 150%
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems]
    assert data.settings.max_increase == 1.5


@pytest.mark.parametrize(("value", "number_format", "read"), [
    (25, '0.0"%"', 0.25), (25, '0"%"', 0.25), (12.5, '0.00"%"', 0.125),
    (12.5, 'General"%"', 0.125), (30, "0\\%", 0.3), (12.5, '#,##0.0"%"', 0.125)])
def test_a_settings_percent_shown_as_typed_with_a_percent_sign_of_text_is_read_as_shown(
        demo_copy: Path, value: float, number_format: str, read: float):
    # 25 in 0.0"%" shows 25.0%: one reading, 25%; it was refused as a bare 25 (2,500% or 25%)
    _settings_cell(demo_copy, "Max increase", value, number_format)
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems]
    assert data.settings.max_increase == read


def test_a_percent_sign_of_text_beside_a_rounded_number_still_reads_two_ways(demo_copy: Path):
    # 1.55 in 0.0"%" shows 1.6%, not what was typed: still 155% or 1.55%
    _settings_cell(demo_copy, "Max increase", 1.55, '0.0"%"')
    data, problems = read_workbook(demo_copy)
    assert data is None
    (error,) = [p.message for p in problems if p.severity == "error"]
    assert "got 1.55, which reads as 155% or 1.55%" in error, error


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (0.55, '0.0"%"', "55% or 0.55%"), (0.25, '0"%"', "25% or 0.25%"),
    (0.015, '0.0"%"', "1.5% or 0.015%")])
def test_a_percent_sign_of_text_beside_a_rounded_fraction_still_reads_two_ways(
        demo_copy: Path, value: float, number_format: str, shown: str):
    # 0.55 in 0.0"%" shows 0.6% (0.25 in 0"%" shows 0%): it was read as 55% (25%), a number
    # below 1 being taken as a fraction, where the cell shows a percent of less than one
    _settings_cell(demo_copy, "Max increase", value, number_format)
    data, problems = read_workbook(demo_copy)
    assert data is None
    (error,) = [p.message for p in problems if p.severity == "error"]
    assert f"got {value}, which reads as {shown}" in error, error


def test_the_templates_value_in_a_general_cell_is_still_its_fraction(demo_copy: Path):
    # 0.15, the template's 15%, shows 0.15 in General: one reading, 15%
    _settings_cell(demo_copy, "Max increase", 0.15, "General")
    data, problems = read_workbook(demo_copy)
    assert data is not None, [p.message for p in problems]
    assert data.settings.max_increase == 0.15


def _log_increase(book: Path, value: float, number_format: str) -> None:
    wb = load_book(book)
    ws = wb[layout.NEGOTIATION_LOG_TABLE.sheet]
    row = [dt.datetime(2026, 11, 20), PAYER, 1, "received", None, None, None, value]
    for column, cell in enumerate(row, start=1):
        ws.cell(row=5, column=column, value=cell)
    ws.cell(row=5, column=8).number_format = number_format
    wb.save(book)


def test_a_log_increase_reformatted_to_general_is_read_as_shown(demo_copy: Path):
    _log_increase(demo_copy, 1.5, "General")
    _, problems = read_negotiation_log(demo_copy)
    errors = [p.message for p in problems if p.severity == "error"]
    assert len(errors) == 1 and AMBIGUOUS in errors[0], errors
    _log_increase(demo_copy, 1.5, "0.0%")
    frame, problems = read_negotiation_log(demo_copy)
    assert [p for p in problems if p.severity == "error"] == []
    assert frame["offered_increase"].tolist() == [1.5]


def test_a_log_increase_shown_as_typed_with_a_percent_sign_of_text_is_read_as_shown(
        demo_copy: Path):
    # 1.5 in 0.0"%" shows 1.5%: read as 1.5%, where it was refused as reading two ways
    _log_increase(demo_copy, 1.5, '0.0"%"')
    frame, problems = read_negotiation_log(demo_copy)
    assert [p.message for p in problems if p.severity == "error"] == []
    assert frame["offered_increase"].tolist() == [0.015]


def _offer_file(path: Path, value: float, number_format: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["payer", "code", "offered_increase", "date"])
    ws.append([PAYER, None, value, dt.datetime(2026, 11, 20)])
    ws["C2"].number_format = number_format
    wb.save(path)
    return path


def test_an_offer_files_percent_cell_is_read_as_it_shows(tmp_path: Path):
    """An offer workbook's cell formatted as a percent shows 150%: one reading, as the
    Negotiation Log sheet's; before, it was refused as a bare 1.5."""
    shown = _offer_file(tmp_path / "offer.xlsx", 1.5, "0%")
    offer = read_offer_file(shown, PAYER, as_of=dt.date(2026, 12, 6))
    assert offer.increases
    assert list(offer.increases.values()) == [1.5]
    bare = _offer_file(tmp_path / "bare.xlsx", 1.5, "General")
    with pytest.raises(ProblemError, match="reads as 150% or 1.5%"):
        read_offer_file(bare, PAYER, as_of=dt.date(2026, 12, 6))


def test_an_offer_files_percent_sign_of_text_is_read_as_it_shows(tmp_path: Path):
    # the core's .xlsx reader: 1.5 in 0.0"%" shows 1.5%, one reading; 1.55 shows 1.6%, two
    shown = _offer_file(tmp_path / "typed.xlsx", 1.5, '0.0"%"')
    offer = read_offer_file(shown, PAYER, as_of=dt.date(2026, 12, 6))
    assert list(offer.increases.values()) == [0.015]
    rounded = _offer_file(tmp_path / "rounded.xlsx", 1.55, '0.0"%"')
    with pytest.raises(ProblemError, match=r"reads as 155% or 1\.55%"):
        read_offer_file(rounded, PAYER, as_of=dt.date(2026, 12, 6))


@pytest.mark.parametrize("number_format", ['0.0"%";-0.0"%"', '0.0" %"', '[Blue]0.0"%"',
                                           '0.0#"%"', '0.0"% of Medicare"'])
def test_a_percent_sign_of_text_in_another_format_is_not_taken_as_a_fraction(
        tmp_path: Path, number_format: str):
    # 0.5 in these shows 0.5% (or "0.5 %"): it was read as an offer of 50%, a bare number
    # below 1 being a fraction typed, where the cell shows half a percent
    offer = _offer_file(tmp_path / "text_percent.xlsx", 0.5, number_format)
    with pytest.raises(ProblemError, match=r"reads as 50% or 0\.5%"):
        read_offer_file(offer, PAYER, as_of=dt.date(2026, 12, 6))


def test_an_offer_files_percent_sign_of_text_beside_a_rounded_fraction_reads_two_ways(
        tmp_path: Path):
    # 0.25 in 0.0"%" shows 0.3%: it was read as an offer of 25%
    rounded = _offer_file(tmp_path / "rounded.xlsx", 0.25, '0.0"%"')
    with pytest.raises(ProblemError, match=r"reads as 25% or 0\.25%"):
        read_offer_file(rounded, PAYER, as_of=dt.date(2026, 12, 6))


@pytest.mark.parametrize(("code", "typed"), [
    ('0.0"%"', True), ('0"%"', True), ("0.00\\%", True), ('General"%"', True),
    ('#,##0.0"%"', True), ("0.0%", False), ("General", False), ('0.0"%";-0.0"%"', False),
    ('0.0" %"', False), ('"$"0.00', False), (None, False)])
def test_which_formats_show_a_number_as_typed_with_a_percent_sign_of_text(code, typed):
    assert is_typed_percent_format(code) is typed


def test_a_folder_tables_xlsx_percent_cell_is_read_as_it_shows(tmp_path: Path):
    """A folder of tables saved as .xlsx: its Settings' Max increase formatted as a percent
    reads as it shows (150%), as the master workbook's does."""
    import shutil
    from importlib import resources

    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        folder = tmp_path / "tables"
        shutil.copytree(demo, folder)
    settings = pd.read_csv(folder / "settings.csv", dtype=str, keep_default_na=False)
    (folder / "settings.csv").unlink()
    wb = Workbook()
    ws = wb.active
    ws.append(list(settings.columns))
    for row in settings.itertuples(index=False):
        ws.append(list(row))
    (at,) = [c.row for c in ws["A"] if c.value == "max_increase"]
    ws.cell(row=at, column=2, value=1.5).number_format = "0%"
    wb.save(folder / "settings.xlsx")
    data, problems = load_folder(folder)
    assert data is not None, [p.message for p in problems]
    assert data.settings.max_increase == 1.5
    ws.cell(row=at, column=2).number_format = "General"
    wb.save(folder / "settings.xlsx")
    data, problems = load_folder(folder)
    assert data is None
    assert any(AMBIGUOUS in p.message for p in problems), [p.message for p in problems]


@pytest.mark.parametrize(("code", "percent"), [
    ("0%", True), ("0.0%", True), ("0.00######%", True), ("[Red]0.0%;-0.0%", True),
    ("General", False), ("0.00", False), ('0.0"%"', False), ("0.0\\%", False),
    ('"$"#,##0.00', False), ("[$%-409]0.0", False), (None, False),
])
def test_which_number_formats_show_a_percent(code: str | None, percent: bool):
    assert is_percent_format(code) is percent


def test_the_core_reader_finds_the_percent_cells_of_an_xlsx(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["a", "b", "c"])
    ws.append([0.5, 0.5, 0.5])
    ws["A2"].number_format = "0.0%"
    ws["B2"].number_format = "0.00"
    ws["C2"].number_format = "0%"
    path = tmp_path / "t.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        styles = percent_styles(archive)
        assert percent_cells(archive, "xl/worksheets/sheet1.xml", styles) == {(1, 0), (1, 2)}
    grid = read_headed_table(path, "a, b, c")
    assert [shows_percent(v) for v in grid.iloc[0]] == [True, False, True]
    assert isinstance(grid.iloc[0, 0], ShownPercent) and grid.iloc[0, 0] == 0.5


# What LibreOffice 7.4 shows for 1.5 and -1.5 in each format (its CSV export "as shown"), as
# Excel's number-format grammar has it: "_x" leaves the width of x blank and "*x" fills with x,
# neither shows a percent; a format's sections are for positive;negative;zero;text, and a value
# is shown by its own section, so a percent sign in another section makes no percent of it.
@pytest.mark.parametrize(("code", "shown"), [
    ("0.0_%", "1.5"),  # aligns with percent cells beside it: "1.5 "
    ("0.0*%", "1.5"),
    ("0.00;-0.00%", "1.50"),  # -1.5 shows -150.00%: a positive one is bare
    ("0.00%;0.00", "1.50 for -1.5"),  # 1.5 shows 150.00%, -1.5 shows 1.50
    ("[>=1]0.0;0.0%", "1.5"),  # -1.5 shows 150.0%
    ("0.0;;;@%", "1.5"),  # the text section's % is text's
])
def test_a_percent_sign_the_value_is_not_shown_with_is_no_percent_format(code: str, shown: str):
    assert is_percent_format(code) is False, shown


@pytest.mark.parametrize("code", ["0.0%;-0.0%;0", "0.0%;-0.0%", "[Red]0.0%;[Blue]-0.0%;\"-\"",
                                  "0.0%_);(0.0%)", "[$-409]0.0%", "0.0%;-0.0%;0;@",
                                  # a section with @ is text's wherever it is: LibreOffice shows
                                  # 1.5 and -1.5 as 150.0% and -150.0% in both
                                  "0.0%;@", "0.0%;-0.0%;@"])
def test_a_percent_format_with_sections_shows_a_percent(code: str):
    # each section a positive or negative number is shown by has a percent sign (the zero
    # section's has none: 0 reads one way)
    assert is_percent_format(code) is True


def test_a_settings_cell_padded_as_a_percent_is_read_as_it_shows(demo_copy: Path):
    # "0.0_%" shows 1.5 with a blank the width of a % after it, lined up with the percents
    # around it: a bare 1.5, refused for reading two ways, not taken as 150%
    _settings_cell(demo_copy, "Max increase", 1.5, "0.0_%")
    data, problems = read_workbook(demo_copy)
    assert data is None
    (error,) = [p.message for p in problems if p.severity == "error"]
    assert "Max increase: expected a largest increase" in error and AMBIGUOUS in error, error


def _with_format_id(path: Path, code: str, new: int) -> Path:
    """``path`` rewritten with its custom number format ``code`` listed under the id ``new``,
    as a writer may number it (an id the package lists is its own, whatever its value)."""
    import re

    target = path.with_name(f"{path.stem}-{new}.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/styles.xml":
                (old,) = re.findall(rb'numFmtId="(\d+)" formatCode="' + code.encode() + b'"',
                                    data)
                data = data.replace(b'numFmtId="' + old + b'"', f'numFmtId="{new}"'.encode())
            out.writestr(item, data)
    return target


def test_a_percent_format_listed_under_a_low_id_is_read_as_it_shows(tmp_path: Path):
    """A package lists its number formats with their ids; one listed below 164 is still its
    own (Excel and openpyxl show 1.5 in "0.0%" listed as id 100 as 150.0%, and the master
    workbook's reader read it so): the core's reader took only ids from 164 as listed, so an
    offer file's 150.0% was refused as a bare 1.5."""
    shown = _with_format_id(_offer_file(tmp_path / "offer.xlsx", 1.5, "0.0%"), "0.0%", 100)
    assert load_workbook(shown).active["C2"].number_format == "0.0%"
    offer = read_offer_file(shown, PAYER, as_of=dt.date(2026, 12, 6))
    assert list(offer.increases.values()) == [1.5]
    # and a format listed under a built-in percent's id is what the package says it is
    bare = _with_format_id(_offer_file(tmp_path / "bare.xlsx", 1.5, "0.000"), "0.000", 10)
    assert load_workbook(bare).active["C2"].number_format == "0.000"
    with pytest.raises(ProblemError, match="reads as 150% or 1.5%"):
        read_offer_file(bare, PAYER, as_of=dt.date(2026, 12, 6))
