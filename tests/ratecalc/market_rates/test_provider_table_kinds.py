"""A file that is no providers table is refused in RateCalc's words, saying what a providers table
is. A workbook or a PDF given to ``--providers`` was "cannot read it ('utf-8' codec can't decode
byte 0x87 in position 12: invalid start byte)" or "cannot read it (Error tokenizing data. C
error: Expected 1 fields in line 10, saw 2\\n)", a line break inside the message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc.errors import InputError
from ratecalc.market_rates.nppes import load_provider_table

EXPECTED = ("expected the CSV table of the 6 columns 'ratecalc market-rates providers' writes "
            "(npi, entity_type, zip5, state, taxonomy, location)")


def test_a_workbook_is_not_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "providers.csv"
    wb = Workbook()
    wb.active.append(["npi", "zip5"])
    wb.save(path)
    with pytest.raises(InputError) as raised:
        load_provider_table(path)
    assert re.fullmatch(re.escape(f"providers table '{path}': not UTF-8 text (byte ") + r"\d+"
                        + re.escape(f" is not); {EXPECTED}"), str(raised.value))


def test_rows_wider_than_the_header_are_named_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "providers.csv"
    path.write_text("%PDF-1.4\n" + "x\n" * 8 + "1 0 obj,<< /Type /Catalog >>\n")
    with pytest.raises(InputError) as raised:
        load_provider_table(path)
    assert str(raised.value) == (
        f"providers table '{path}': its rows do not split into the header's columns (Expected "
        f"1 fields in line 10, saw 2); {EXPECTED}")
