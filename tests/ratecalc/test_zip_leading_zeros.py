"""A ZIP code that Excel kept as a number has lost its leading zeros: 02108 is 2108.

Found by a review (2026-12-05): `MEDICARE_RATE("97110", 2108, ...)`, a Clinic sheet whose
Locality is 2108 and `--locality 2108` were each refused as an unknown locality, for every
clinic in New England, New Jersey and Puerto Rico that types its ZIP; the Clinic sheet also
said "required field 'Locality' is blank" of the cell it had just named.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import ratecalc_addin as xl
from ratecalc.errors import UnknownCodeError
from ratecalc.medicare.localities import resolve_locality
from ratecalc.schema import CLINIC
from ratecalc.validation import Source, coerce_key_values, parse_locality

SERVICE = datetime(2026, 3, 1)


@pytest.mark.parametrize(("typed", "zip_code"), [
    ("2108", "02108"),     # Boston, MA
    ("7030", "07030"),     # Hoboken, NJ
    (2108.0, "02108"),     # a number cell, as Excel and openpyxl hand it over
    (7030, "07030"),
])
def test_three_or_four_digits_are_a_zip_code_without_its_leading_zeros(typed, zip_code):
    assert parse_locality(typed) == resolve_locality(zip_code)
    assert resolve_locality(str(typed).removesuffix(".0")) == resolve_locality(zip_code)


def test_the_worksheet_function_reads_a_number_zip_as_the_zip():
    assert xl.MEDICARE_RATE("97110", 2108.0, SERVICE) == xl.MEDICARE_RATE("97110", "02108",
                                                                           SERVICE)
    assert xl.MEDICARE_RATE("97110", 2108.0, SERVICE)[0][0] == 32.29  # 14212-01, RVU26C


@pytest.mark.parametrize("typed", ["99", "12", "123456"])
def test_other_digits_are_still_refused(typed):
    with pytest.raises(UnknownCodeError):
        resolve_locality(typed)


def _clinic(locality: object) -> tuple[dict, list]:
    raw = pd.DataFrame({"field": ["name", "locality", "state"],
                        "value": ["Tiny Therapy", locality, "MA"]})
    return coerce_key_values(raw, CLINIC, Source("book.xlsx", "Clinic", 5))


def test_the_clinic_sheet_reads_a_number_zip_and_names_a_bad_locality_once():
    values, problems = _clinic(2108.0)
    assert values["locality"] == resolve_locality("02108") and problems == []
    values, problems = _clinic("Nowhere Town")
    [said] = problems
    assert said.location.row == 6 and "Unknown Medicare locality 'Nowhere Town'" in said.message
