"""A providers table (``--providers``) whose header has far more columns than the six
``market-rates providers`` writes is refused before pandas reads it: pandas builds a column
for each (a 4 MB file of 2 million empty header fields took about 80 CPU-s and 5 GB, and the
import ended in a MemoryError or was killed)."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.limits import MAX_PROVIDER_TABLE_COLUMNS
from ratecalc.market_rates.nppes import TABLE_COLUMNS, load_provider_table

HEADER = b"npi,entity_type,zip5,state,taxonomy,location"
ROW = b"1000000001,1,02139,MA,225100000X,primary\n"


@pytest.mark.parametrize("packed", [False, True])
def test_a_header_of_millions_of_columns_is_refused_at_once(tmp_path: Path,
                                                            packed: bool) -> None:
    wide = b"," * (2 << 20) + b"\n" + b"1," * (1 << 20) + b"\n"
    table = tmp_path / ("providers.csv.gz" if packed else "providers.csv")
    table.write_bytes(gzip.compress(wide) if packed else wide)
    started = time.process_time()
    with pytest.raises(InputError, match=r"providers table '.*providers\.csv(\.gz)?': its "
                                         r"header row has more than 64 columns; expected the "
                                         r"6 columns 'ratecalc market-rates providers' "
                                         r"writes \(npi, entity_type, zip5, state, taxonomy, "
                                         r"location\); not read$"):
        load_provider_table(table)
    assert time.process_time() - started < 5  # was about 80 CPU-s


def test_a_header_line_that_never_ends_is_refused_too(tmp_path: Path) -> None:
    table = tmp_path / "providers.csv"
    table.write_bytes(b"npi" + b"x" * (1 << 20))
    with pytest.raises(InputError, match=r"its header row has more than 64 columns|"
                                         r"its header row is longer than 64 KiB"):
        load_provider_table(table)


def test_a_table_at_the_limit_and_the_table_written_still_read(tmp_path: Path) -> None:
    assert len(TABLE_COLUMNS) < MAX_PROVIDER_TABLE_COLUMNS == 64
    table = tmp_path / "providers.csv"
    table.write_bytes(HEADER + b"\n" + ROW * 2)
    assert list(load_provider_table(table)["zip5"]) == ["02139", "02139"]
    extra = b"".join(b",extra%d" % i for i in range(MAX_PROVIDER_TABLE_COLUMNS - 6))
    table.write_bytes(HEADER + extra + b"\n" + ROW.rstrip(b"\n") + b"," * 58 + b"\n")
    assert list(load_provider_table(table)["npi"]) == ["1000000001"]
