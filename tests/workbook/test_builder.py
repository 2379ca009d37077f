"""The template: sheets, tables, lists, formats, names and protection, as the user meets them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc.dates import date_from_value
from ratecalc.errors import InputError
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook, therapy_codes
from ratecalc_workbook.reader import read_workbook

from .conftest import open_book


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_workbook(tmp_path_factory.mktemp("blank") / "blank.xlsx")


def test_sheets_in_order_with_lists_hidden(blank: Path) -> None:
    wb = open_book(blank)
    assert wb.sheetnames == list(layout.SHEET_ORDER)
    assert wb[layout.LISTS].sheet_state == "hidden"
    assert all(wb[s].sheet_state == "visible" for s in layout.SHEET_ORDER if s != layout.LISTS)


def test_input_tables_are_excel_tables_with_frozen_headers(blank: Path) -> None:
    wb = open_book(blank)
    for spec, _ in layout.INPUT_TABLES.values():
        ws = wb[spec.sheet]
        assert spec.name in ws.tables, spec.name
        min_col, min_row, max_col, _ = range_boundaries(ws.tables[spec.name].ref)
        assert (min_row, min_col) == (spec.header_row, spec.first_col)
        assert [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)] \
            == spec.headers
    for sheet in (layout.FEE_SCHEDULES, layout.VOLUMES, layout.BENCHMARKS):
        assert wb[sheet].freeze_panes == "A5"
    assert wb[layout.PAYERS_CONTRACTS].freeze_panes == "B5"


def test_input_cells_unlocked_and_formatted(blank: Path) -> None:
    ws = open_book(blank)[layout.FEE_SCHEDULES]
    spec = layout.FEE_SCHEDULES_TABLE
    amount = ws.cell(row=spec.header_row + 1, column=spec.col("allowed_amount"))
    assert amount.protection.locked is False
    assert amount.number_format == layout.FORMATS["money"]
    code = ws.cell(row=spec.header_row + 1, column=spec.col("code"))
    assert code.number_format == "@"  # typed codes stay text: 02507 is not 2507


def test_data_validation_lists_and_ranges(blank: Path) -> None:
    wb = open_book(blank)
    rules = {(v.type, v.formula1) for v in wb[layout.FEE_SCHEDULES].data_validations
             .dataValidation}
    assert ("list", layout.NAME_PAYER_LIST) in rules
    assert ("list", layout.NAME_CODE_LIST) in rules
    assert ("decimal", "0.0") in rules  # money: zero or more
    assert "date" in {t for t, _ in rules}
    contract_rules = {v.formula1 for v in wb[layout.PAYERS_CONTRACTS].data_validations
                      .dataValidation if v.type == "list"}
    assert '"yes,no"' in contract_rules
    assert '"fixed,% of Medicare"' in contract_rules
    assert layout.NAME_PAYER_LIST not in contract_rules  # the payer column is the list itself


def test_excel_takes_in_a_date_cell_exactly_the_days_refresh_reads(blank: Path) -> None:
    """Excel's check of a date cell allowed 1990 to 2100 while refresh read 1900 to 2199: a
    rate typed there (26.83, 1900-01-26) was refused by Excel but read by refresh."""
    for sheet in (layout.PAYERS_CONTRACTS, layout.FEE_SCHEDULES):
        dates = [v for v in open_book(blank)[sheet].data_validations.dataValidation
                 if v.type == "date"]
        assert len(dates) == 1 and dates[0].operator == "between"
        first, last = float(dates[0].formula1), float(dates[0].formula2)
        assert (date_from_value(first), date_from_value(last)) == (date(1970, 1, 1),
                                                                   date(2199, 12, 31))
        for outside in (first - 1, last + 1):
            with pytest.raises(ValueError, match="expected a date in the years 1970 to 2199"):
                date_from_value(outside)


def test_defined_names_point_at_the_cells(blank: Path) -> None:
    wb = open_book(blank)
    names = {n: d.attr_text for n, d in wb.defined_names.items()}
    assert names[layout.NAME_PAYER_LIST] == "'Payers & Contracts'!$A$5:$A$2004"
    assert names["MinIncrease"] == f"'Settings'!$B${layout.settings_row('min_increase')}"
    assert names["ClinicName"] == f"'Clinic'!$B${layout.profile_row('name')}"
    assert names[layout.NAME_AS_OF].startswith("'Dashboard'!$B$")
    assert names[layout.SELECTED_PAYER] == "'Proposal'!$B$3"
    settings = wb[layout.SETTINGS_SHEET]
    assert settings.cell(row=layout.settings_row("min_increase"), column=1).value \
        == "Min increase"
    assert settings.cell(row=layout.settings_row("min_increase"), column=2).value == 0.05


def test_code_list_holds_the_therapy_codes(blank: Path) -> None:
    ws = open_book(blank)[layout.LISTS]
    codes = [ws.cell(row=r, column=1).value for r in range(2, 2 + len(therapy_codes()))]
    assert "97110" in codes and "G0283" in codes and "92507" in codes
    assert codes == sorted(codes)


def test_result_sheets_protected_and_say_how_to_fill_them(blank: Path) -> None:
    wb = open_book(blank)
    for sheet in (layout.PRIORITIES, layout.COMPARISON, layout.PROPOSAL, layout.SCENARIOS,
                  layout.EXIT_IMPACT, layout.TIMELINE, layout.DASHBOARD):
        assert wb[sheet].protection.sheet, sheet
        assert wb[sheet].protection.password is None
    assert "Refresh" in str(wb[layout.COMPARISON]["A5"].value)
    for sheet in layout.INPUT_SHEETS + (layout.NEGOTIATION_LOG,):
        assert not wb[sheet].protection.sheet


def test_blank_template_reads_as_missing_clinic(blank: Path) -> None:
    data, problems = read_workbook(blank)
    assert data is None
    messages = [p.message for p in problems if p.severity == "error"]
    # the cell to fill, by the label the sheet shows (it said "'name' is blank or missing",
    # with no row)
    ws = open_book(blank)[layout.CLINIC_SHEET]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, 40)
            if ws.cell(row=r, column=1).value in ("Name", "Locality")}
    for label, row in rows.items():
        assert (f"Clinic '{blank.name}', sheet 'Clinic', row {row}, column B 'Value': required "
                f"field '{label}' is blank") in messages
    assert len(rows) == 2


def test_never_overwrites(blank: Path) -> None:
    with pytest.raises(InputError, match="already exists"):
        new_workbook(blank)
    with pytest.raises(InputError, match=r"must end in \.xlsx"):
        new_workbook(blank.with_suffix(".xls"))


def test_start_sheet_explains_the_flow(blank: Path) -> None:
    ws = open_book(blank)[layout.START]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for words in ("Refresh", "Fee Schedules", "Your rate", "Negotiation Log", "backups"):
        assert words in text
    links = [c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink]
    assert "'Fee Schedules'!A1" in links


#: A count: as typed under 1,000 (27 days, 9.1 visits), with a thousands separator from 1,000
#: (10,400 visits a year), which General did not show.
COUNT_FORMAT = "[>=1000]#,##0;General"


def test_clinic_metrics_show_in_their_units(demo_book: Path) -> None:
    """Fractions as percentages, dollars as money, days to one decimal as every output shows
    an average count of days (27.0 days in AR: as typed, it read 27 here and 29.5454545 once a
    remittance import wrote a mean), counts as typed (9.1 visits an episode; a fixed number of
    decimals would show 81.0 points), 10,400 visits a year with its thousands separator."""
    ws = open_book(demo_book)[layout.METRICS_TABLE.sheet]
    spec = layout.METRICS_TABLE
    shown = {}
    for row in range(spec.header_row + 1, ws.max_row + 1):
        metric = ws.cell(row=row, column=spec.col("metric")).value
        if metric:
            shown[metric] = ws.cell(row=row, column=spec.col("value")).number_format
    assert shown["Days in AR"] == layout.FORMATS["number"] == "#,##0.0"
    assert shown["Visits per year"] == shown["NPS"] == COUNT_FORMAT
    assert shown["Visits per episode"] == COUNT_FORMAT
    assert shown["Denial rate"] == "0.0%"
    assert shown["Cost per visit"] == layout.FORMATS["money"]


def test_every_metric_figure_is_aligned_right_in_its_unit(demo_book: Path) -> None:
    """A reviewer saw 27 days in AR, 9.1 visits an episode and NPS 81 at the left of the
    column, under percentages and dollars at its right: a count shows as typed (with a
    thousands separator from 1,000), days to one decimal, and each aligns right like them."""
    spec = layout.METRICS_TABLE
    ws = open_book(demo_book)[spec.sheet]
    expected = {"fraction": "0.0%", "usd": '"$"#,##0.00', "days": "#,##0.0",
                "visits": COUNT_FORMAT, "score": COUNT_FORMAT}
    seen = set()
    row = spec.header_row + 1
    while (unit := ws.cell(row=row, column=spec.col("unit")).value) is not None:
        for key in ("value", "benchmark"):
            cell = ws.cell(row=row, column=spec.col(key))
            assert cell.number_format == expected[str(unit).lower()], (row, key)
            assert cell.alignment.horizontal == "right", (row, key, unit)
        seen.add(str(unit).lower())
        row += 1
    assert seen == set(expected)


def test_a_contracts_percentages_show_the_decimals_its_words_give(demo_book: Path) -> None:
    # A contract's % of Medicare and escalator are quoted in words with the decimals they have
    # (ratecalc.money.stated_percent_text: "88.75%", "2.75%", "12.345%"): their input cells
    # show as many, at least the hundredths, so that an 88.75% contract does not read 88.8%
    # (nor a 12.345% one 12.35%) on the sheet beside the words
    from ratecalc.money import STATED_FRACTION_PLACES, STATED_PERCENT_PLACES

    ws = open_book(demo_book)[layout.PAYERS_CONTRACTS]
    spec = layout.PAYERS_CONTRACTS_TABLE
    optional = STATED_FRACTION_PLACES - 2 - STATED_PERCENT_PLACES
    shown = f"0.{'0' * STATED_PERCENT_PLACES}{'#' * optional}%"
    for key in ("pct_of_medicare", "escalator"):
        cell = ws.cell(row=spec.header_row + 1, column=spec.col(key))
        assert cell.number_format == shown, key
