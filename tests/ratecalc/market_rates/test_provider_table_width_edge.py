"""The providers table's column limit at its edge: 64 columns read (the test beside this one),
65 refused; and NPPES's own CSV (330 columns) given as ``--providers`` is refused naming the
command that makes the table from it, not read as a table of no ZIP codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.limits import MAX_PROVIDER_TABLE_COLUMNS
from ratecalc.market_rates.nppes import load_provider_table

HEADER = b"npi,entity_type,zip5,state,taxonomy,location"
ROW = b"1000000001,1,02139,MA,225100000X,primary"


def test_one_column_past_the_limit_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "providers.csv"
    extra = b"".join(b",extra%d" % i for i in range(MAX_PROVIDER_TABLE_COLUMNS - 5))
    table.write_bytes(HEADER + extra + b"\n" + ROW + b"," * 59 + b"\n")
    with pytest.raises(InputError, match=r"its header row has more than 64 columns"):
        load_provider_table(table)


def test_nppes_own_csv_is_refused_naming_the_command(tmp_path: Path) -> None:
    header = b",".join(b'"NPPES Field %d"' % i for i in range(330))
    table = tmp_path / "npidata_pfile_20050523-20261109.csv"
    table.write_bytes(header + b"\n" + b",".join(b'""' for _ in range(330)) + b"\n")
    with pytest.raises(InputError, match=r"npidata_pfile.*more than 64 columns; expected the "
                                         r"6 columns 'ratecalc market-rates providers' writes"):
        load_provider_table(table)
