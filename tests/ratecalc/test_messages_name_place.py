"""Messages that named no place now name it (the brief: file, sheet, row, column and what was
expected): rates on file taking effect after the analysis date, a clinic profile missing, a
required column missing. The counter-offer file's columns are named by the user's headings in
tests/letter/test_offers.py and tests/letter/test_cli_letter.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ratecalc.analysis import analyze
from ratecalc.errors import Location
from ratecalc.loaders import build_dataset, load_folder
from ratecalc.schema import TABLES
from ratecalc.table_export import write_clinic_tables
from ratecalc.validation import Source, coerce_table
from tests.test_scheduled_rates import clinic


def test_rates_taking_effect_later_are_said_at_the_effective_date_column(tmp_path: Path):
    write_clinic_tables(clinic(), tmp_path)  # a rate agreed from 30 days on, one past the term
    data, problems = load_folder(tmp_path)
    assert data is not None, problems
    [said] = [w for w in analyze(data).warnings if "take effect after" in w.message]
    header = pd.read_csv(tmp_path / "fee_schedules.csv", nrows=0).columns.tolist()
    letter = "ABCDEFGHIJ"[header.index("effective_date")]
    assert str(said).startswith(
        f"Fee Schedules 'fee_schedules.csv', column {letter} 'effective_date': Alpha Health has "
        f"rates on file that take effect after the analysis date")


def test_a_missing_clinic_profile_is_said_where_it_was_looked_for():
    _, problems = build_dataset({}, clinic_place=Location("clinic.xlsx", "Clinic"))
    [missing] = [p for p in problems if "clinic profile" in p.message]
    assert str(missing) == (
        "Clinic 'clinic.xlsx', sheet 'Clinic': the clinic profile is missing: expected the "
        "Clinic table with the fields name (practice name for the letterhead) and locality "
        "(Medicare locality, e.g. 10112-00)")


def test_a_missing_required_column_is_said_at_the_header_row_with_what_it_holds():
    raw = pd.DataFrame({"payer": ["Alpha Health"], "code": ["97110"]})
    _, problems = coerce_table(raw, TABLES["volumes"],
                               Source("volumes.xlsx", "Volumes", first_row=4))
    [missing] = problems
    assert missing.location == Location("volumes.xlsx", "Volumes", 3)
    assert str(missing) == (
        "Volumes 'volumes.xlsx', sheet 'Volumes', row 3: required column 'units_per_year' is "
        "missing from the header row: expected a column headed 'units_per_year'")
    # a column the schema describes is said with what it holds
    _, problems = coerce_table(pd.DataFrame({"payer_id": ["A1"]}), TABLES["payers"],
                               Source("payers.csv", None, first_row=2))
    assert [str(p) for p in problems] == [
        "Payers 'payers.csv', row 1: required column 'payer' is missing from the header row: "
        "expected a column headed 'payer' (payer name, used as the key everywhere)"]
