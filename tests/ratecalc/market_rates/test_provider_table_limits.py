"""A providers table (``--providers``) is read within limits, as every other reader of a file
of the user's: its text (unpacked, for a .gz) and its rows, each named with its figure in the
refusal. It had none: a gzip of a few hundred KB unpacking to 300 MB was read whole."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.limits import MAX_PROVIDER_TABLE_BYTES
from ratecalc.market_rates import nppes
from ratecalc.market_rates.nppes import load_provider_table

HEADER = b"npi,entity_type,zip5,state,taxonomy,location\n"
ROW = b"1000000001,1,02139,MA,225100000X,primary\n"


def _gzip_of(path: Path, head: bytes, filler: bytes, size: int) -> Path:
    """A gzip of ``head`` then ``filler`` repeated to ``size`` bytes, packed a MiB at a time
    (a 300 MB table packs to well under a MB)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: a gzip stream
    chunk = filler * ((1 << 20) // len(filler))
    with path.open("wb") as out:
        out.write(packer.compress(head))
        written = len(head)
        while written < size:
            out.write(packer.compress(chunk))
            written += len(chunk)
        out.write(packer.flush())
    return path


def test_a_table_unpacking_past_the_limit_is_refused_naming_it(tmp_path: Path) -> None:
    # blank lines, which pandas passes over: read whole, the table was "missing npi, zip5"
    table = _gzip_of(tmp_path / "providers.csv.gz", HEADER + ROW, b"\n",
                     MAX_PROVIDER_TABLE_BYTES + (8 << 20))
    assert table.stat().st_size < 2 << 20
    with pytest.raises(InputError, match=r"providers table '.*providers\.csv\.gz': more than the "
                                         r"256 MiB of text a providers table may be \(unpacked, "
                                         r"if a \.gz\); not read$"):
        load_provider_table(table)


def test_a_plain_table_past_the_limit_is_refused_too(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # the limit's figure comes from the same constant the reader holds the file to
    monkeypatch.setattr(nppes, "MAX_PROVIDER_TABLE_BYTES", len(HEADER) + 3 * len(ROW),
                        raising=False)
    table = tmp_path / "providers.csv"
    table.write_bytes(HEADER + ROW * 4)
    with pytest.raises(InputError, match=r"more than the 0 MiB of text"):
        load_provider_table(table)
    table.write_bytes(HEADER + ROW * 3)
    assert len(load_provider_table(table)) == 3


def test_a_table_of_more_rows_than_the_limit_is_refused_naming_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nppes, "MAX_PROVIDER_TABLE_ROWS", 5, raising=False)
    table = tmp_path / "providers.csv.gz"
    table.write_bytes(gzip.compress(HEADER + ROW * 6))
    with pytest.raises(InputError, match=r"providers table '.*providers\.csv\.gz': more than the "
                                         r"5 rows a providers table may hold \(NPPES's "
                                         r"therapists and their practice locations are about "
                                         r"a million\); not read$"):
        load_provider_table(table)
    table.write_bytes(gzip.compress(HEADER + ROW * 5))
    assert len(load_provider_table(table)) == 5


def test_a_damaged_gzip_table_is_named(tmp_path: Path) -> None:
    table = tmp_path / "providers.csv.gz"
    table.write_bytes(gzip.compress(HEADER + ROW * 1000)[:-40])
    with pytest.raises(InputError, match=r"providers table '.*providers\.csv\.gz'"):
        load_provider_table(table)


def test_a_refused_table_leaves_nothing_for_the_finalizer_to_report(tmp_path: Path) -> None:
    """A plain table past the limit was refused from inside the reader's ``__init__``: IOBase's
    finalizer then closed the half-made reader, whose ``close()`` raised AttributeError, printed
    as "Exception ignored in: <..._BoundedText ...>" under Python 3.13 (and ``-X dev``, which
    reports it under 3.11 and 3.12 too, as here): the refusal alone is shown."""
    table = tmp_path / "providers.csv"
    table.write_bytes(HEADER + ROW * 4)
    script = ("import gc, sys\n"
              "from ratecalc.errors import InputError\n"
              "from ratecalc.market_rates import nppes\n"
              f"nppes.MAX_PROVIDER_TABLE_BYTES = {len(HEADER) + 3 * len(ROW)}\n"
              "try:\n"
              f"    nppes.load_provider_table({str(table)!r})\n"
              "except InputError as refused:\n"
              "    print(refused)\n"
              "gc.collect()\n")
    run = subprocess.run([sys.executable, "-X", "dev", "-c", script], capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout == (f"providers table '{table}': more than the 0 MiB of text a providers "
                          "table may be (unpacked, if a .gz); not read\n")
    assert run.stderr == ""


@pytest.mark.parametrize("content", [b"", gzip.compress(b""), b"\n\n"], ids=["empty", "empty-gz",
                                                                             "blank-lines"])
def test_an_empty_table_is_named_empty_with_its_columns(tmp_path: Path, content: bytes) -> None:
    """It was "cannot read it (No columns to parse from file)", pandas' words."""
    path = tmp_path / ("providers.csv.gz" if content[:2] == b"\x1f\x8b" else "providers.csv")
    path.write_bytes(content)
    with pytest.raises(InputError, match=(
            rf"providers table '{path}': the file is empty; expected the 6 columns 'ratecalc "
            rf"market-rates providers' writes \(npi, entity_type, zip5, state, taxonomy, "
            rf"location\)$")):
        load_provider_table(path)
