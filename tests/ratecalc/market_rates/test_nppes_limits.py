"""A row of NPPES's CSV that never ends is refused, naming the file and the line it starts on.

pandas holds a row whole before it takes its columns: a file whose row never ended (a line
break missing, a quote never closed; a zip of 1 MB unpacking to a gigabyte of one row) was
read into memory to its end, however little of it was kept, and a header line past the csv
module's field limit stopped ``market-rates providers`` with an internal error (csv.Error).
The limit (:data:`ratecalc.limits.MAX_NPPES_ROW_BYTES`, 1 MiB) is set to 64 KiB here, so that
the files stay small.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.market_rates import nppes
from ratecalc.market_rates.nppes import build_provider_table

LIMIT = 64 << 10
HEADER = (b'"NPI","Entity Type Code","Provider Business Practice Location Address Postal Code",'
          b'"Provider Business Practice Location Address State Name",'
          b'"Healthcare Provider Taxonomy Code_1"\n')
ROW = b'"1000000001","1","02139","MA","225100000X"\n'
OPEN_ROW = b'"1000000002","1","02139","MA","'


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # raising: the tests ran on the code before the limit, to be seen failing
    monkeypatch.setattr(nppes, "MAX_NPPES_ROW_BYTES", LIMIT, raising=False)


def _zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


#: file name -> (its bytes, the file and member named, the line the long row starts on)
LONG_ROWS: dict[str, tuple[bytes, str, int]] = {
    "no line break": (HEADER + ROW * 3 + OPEN_ROW + b"A" * (3 * LIMIT) + b'"\n' + ROW,
                      "npidata.csv", 5),
    "a quote never closed": (HEADER + ROW + OPEN_ROW + b"A\n" * (2 * LIMIT) + ROW,
                             "npidata.csv", 3),
}


@pytest.mark.parametrize("case", list(LONG_ROWS))
def test_a_row_that_never_ends_is_refused_naming_its_line(tmp_path: Path, case: str) -> None:
    data, name, line = LONG_ROWS[case]
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "providers.csv"
    with pytest.raises(InputError, match=(
            f"NPPES file '.*{name}': the row starting on line {line} is longer than the 65,536 "
            "bytes a row of NPPES's CSV may be")):
        build_provider_table(source, out)
    assert not out.exists()


def test_a_zip_member_and_its_secondary_locations_are_named(tmp_path: Path) -> None:
    """In the zip, the member is named: the NPI CSV's, then the secondary locations'."""
    long = OPEN_ROW + b"A" * (3 * LIMIT) + b'"\n'
    main = "npidata_pfile_20050523-20251109.csv"
    with pytest.raises(InputError, match=f"NPPES.zip:{main}': the row starting on line 3 "):
        build_provider_table(_zipped(tmp_path / "NPPES.zip", {main: HEADER + ROW + long}),
                             tmp_path / "out.csv")
    secondary = "pl_pfile_20050523-20251109.csv"
    pl_header = (b'"NPI","Provider Secondary Practice Location Address- Address Line 1",'
                 b'"Provider Secondary Practice Location Address - State Name",'
                 b'"Provider Secondary Practice Location Address - Postal Code"\n')
    pl_long = b'"1000000001","' + b"B" * (3 * LIMIT) + b'","MA","02139"\n'
    with pytest.raises(InputError, match=f"NPPES2.zip:{secondary}': the row starting on "
                                         "line 2 "):
        build_provider_table(_zipped(tmp_path / "NPPES2.zip", {
            main: HEADER + ROW, secondary: pl_header + pl_long}), tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_a_header_past_the_csv_field_limit_is_refused_in_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It stopped the command with an internal error (csv.Error: field larger than field
    limit, 128 KiB); a header past the row limit is refused as any row is."""
    monkeypatch.setattr(nppes, "MAX_NPPES_ROW_BYTES", 1 << 20, raising=False)
    source = tmp_path / "npidata.csv"
    source.write_bytes(b'"' + b"B" * (200 << 10) + b'",' + HEADER + ROW)
    with pytest.raises(InputError, match="npidata.csv': its first line is no CSV header") \
            as caught:
        build_provider_table(source, tmp_path / "out.csv")
    assert len(str(caught.value)) < 300  # the header is not quoted back
    source.write_bytes(b'"' + b"B" * (3 << 20) + b'",' + HEADER + ROW)
    with pytest.raises(InputError, match="npidata.csv': the row starting on line 1 is longer "
                                         "than the 1 MiB a row"):
        build_provider_table(source, tmp_path / "out.csv")


def test_rows_with_line_breaks_inside_quotes_are_read(tmp_path: Path) -> None:
    """A quoted field holding line breaks (an address typed on two lines) is one row, and the
    rows after it are read: the quotes are counted across reads."""
    source = tmp_path / "npidata.csv"
    odd = b'"1000000003","1","02140","MA","225X00000X","two\nlines ""quoted""\n"\n'
    source.write_bytes(HEADER.replace(b'_1"\n', b'_1","Note"\n') + odd * 5000
                       + ROW.replace(b'"\n', b'",""\n') * 3)
    summary = build_provider_table(source, tmp_path / "out.csv")
    assert (summary.rows_read, summary.providers) == (5003, 2)


class _Trickle(io.RawIOBase):
    """Bytes handed out ``size`` at a time: rows and quotes cut anywhere between reads."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data, self._at, self._size = data, 0, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        piece = self._data[self._at:self._at + min(self._size, len(buffer))]
        self._at += len(piece)
        buffer[:len(piece)] = piece
        return len(piece)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(st.text(alphabet='a"\n,', max_size=40), min_size=1,
                              max_size=4), min_size=1, max_size=30),
       size=st.integers(1, 64), limit=st.integers(8, 200))
def test_rows_are_measured_wherever_the_reads_cut_them(rows: list[list[str]], size: int,
                                                       limit: int) -> None:
    """Read through the limit in pieces of ``size`` bytes, the bytes are unchanged, and a file
    is refused exactly when one of its rows (without its line break) is longer than the
    limit."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    data = text.getvalue().encode()
    longest = max(len(line.encode()) for line in _rows(rows))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nppes, "MAX_NPPES_ROW_BYTES", limit)
        limited = nppes._RowLimited(_Trickle(data, size))  # type: ignore[arg-type]
        try:
            got = io.BufferedReader(limited, size).read()
        except nppes._RowTooLong:
            assert longest > limit
        else:
            assert got == data
            assert longest <= limit


def _rows(rows: list[list[str]]) -> list[str]:
    """Each row as csv writes it, without its line break."""
    out = []
    for row in rows:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow(row)
        out.append(text.getvalue()[:-1])
    return out


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc/self/mem")
def test_a_file_whose_reads_fail_is_named(tmp_path: Path) -> None:
    """A read failing on the way (here /proc/self/mem: a regular file whose reads fail with
    an input/output error, as a failing disk's do) said "cannot use: Input/output error",
    naming no file."""
    source = tmp_path / "npidata.csv"
    source.symlink_to("/proc/self/mem")
    with pytest.raises(InputError, match="NPPES file '.*npidata.csv' cannot be read "
                                         r"\(Input/output error\); expected CMS's NPPES zip"):
        build_provider_table(source, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
