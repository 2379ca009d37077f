"""A table an analysis cannot do without, missing from a folder or a workbook with a sheet per
table, is an error naming it, the folder and the names it is read from; the others are
warnings saying what the analysis goes without. Before, every one was passed over: a folder
without volumes.csv was analysed as $0.00 of revenue, "below market by $0.00", exit 0."""

from __future__ import annotations

import pandas as pd
import pytest

from ratecalc.loaders import load_folder, load_workbook_file
from ratecalc.schema import TABLES

NEEDED = [
    ("volumes", "Volumes", "volumes.csv, volumes.xlsx, volume.csv or volume.xlsx",
     "the units a year of each code weigh every revenue figure, which would all be $0.00"),
    ("fee_schedules", "Fee Schedules", "fee_schedules.csv, fee_schedules.xlsx, "
     "fee_schedule.csv, fee_schedule.xlsx, rates.csv or rates.xlsx",
     "the rates each payer pays are what the analysis compares"),
    ("benchmarks", "Benchmarks", "benchmarks.csv, benchmarks.xlsx, benchmark.csv, "
     "benchmark.xlsx, market_rates.csv or market_rates.xlsx",
     "the market rates are what 'below market', the priorities and the rates to ask are "
     "measured against, which would all say $0.00 below market"),
]


@pytest.mark.parametrize(("name", "title", "files", "why"), NEEDED)
def test_a_needed_table_missing_from_a_folder_is_an_error(demo_folder, name, title, files,
                                                          why):
    (demo_folder / f"{name}.csv").unlink()
    data, problems = load_folder(demo_folder)
    assert data is None
    errors = [p.message for p in problems if p.severity == "error"]
    assert errors == [
        f"{title}: no {title} file in the folder '{demo_folder}' (read from {files}, in any "
        f"capitals): an analysis cannot do without the {title} table ({why}); a clinic with "
        f"no rows yet gives it with its header row only"], errors


@pytest.mark.parametrize(("name", "says"), [
    ("payers", "payer names are not checked against a list"),
    ("contracts", "no contract's end date, notice deadline or percent of Medicare is known"),
    ("metrics", "the clinic's visits and costs are not known"),
    ("settings", "RateCalc's default settings are used"),
])
def test_an_optional_table_missing_is_a_warning(demo_folder, name, says):
    (demo_folder / f"{name}.csv").unlink()
    data, problems = load_folder(demo_folder)
    assert data is not None
    title = TABLES[name].title
    warnings = [p.message for p in problems if p.table == title and p.severity == "warning"]
    assert len(warnings) == 1 and warnings[0].startswith(
        f"{title}: no {title} file in the folder '{demo_folder}' (read from {name}.csv"), warnings
    assert says in warnings[0]


def test_a_needed_sheet_missing_from_a_workbook_is_an_error(demo_folder, tmp_path):
    book = tmp_path / "tables.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, table in TABLES.items():
            if name != "volumes":
                pd.read_csv(demo_folder / f"{name}.csv", dtype=str, keep_default_na=False
                            ).to_excel(writer, sheet_name=table.title, index=False)
    data, problems = load_workbook_file(book)
    assert data is None
    errors = [p.message for p in problems if p.severity == "error"]
    assert errors == [
        "Volumes 'tables.xlsx': no sheet named 'Volumes' (or 'volumes', in any capitals and "
        "spacing): an analysis cannot do without the Volumes table (the units a year of each "
        "code weigh every revenue figure, which would all be $0.00); a clinic with no rows yet "
        "gives it with its header row only"], errors

