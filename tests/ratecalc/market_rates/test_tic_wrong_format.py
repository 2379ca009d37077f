"""A Transparency-in-Coverage source that is a zip archive (some payers publish their files
zipped, and a download saved under the wrong name is one too) is refused saying what it is
and what RateCalc reads, not as "invalid or truncated JSON after byte 123: lexical error"."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates.remote_refs import parse_reference_file
from tests.hostile import run_cli

_RATES = Path(__file__).resolve().parents[2] / "data" / "tic" / "evry_health"


@pytest.mark.parametrize("name", ["rates.json", "rates.zip", "rates.json.gz"])
def test_a_zip_archive_is_named_as_one(tmp_path: Path, name: str) -> None:
    inner = next(_RATES.glob("*.json")).read_bytes()
    source = tmp_path / name
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("in-network-rates.json", inner)
    if name.endswith(".gz"):  # a zip gzipped again: what is inside the gzip is a zip
        source.write_bytes(gzip.compress(source.read_bytes()))
    code, err = run_cli(["import", "market-rates", str(source), "--codes", "97110", "--quiet"])
    assert code == 3, err
    assert f"TiC file '{source}': the file is a zip archive; expected an in-network rates " \
           f"file or table of contents as JSON (.json) or gzip (.json.gz): unzip it and give " \
           f"the .json inside" in err, err
    assert "lexical error" not in err


@pytest.mark.parametrize("times", [2, 3])
def test_gzip_inside_gzip_is_named_as_such(tmp_path: Path, times: int) -> None:
    # a .json.gz gzipped again was "invalid JSON at byte 509 of the decompressed JSON: a string
    # is not UTF-8 text: it holds half of a UTF-16 surrogate pair"
    data = next(_RATES.glob("*.json")).read_bytes()
    for _ in range(times):
        data = gzip.compress(data)
    source = tmp_path / "rates.json.gz"
    source.write_bytes(data)
    code, err = run_cli(["import", "market-rates", str(source), "--codes", "97110", "--quiet"])
    assert code == 3, err
    assert f"TiC file '{source}': the file is gzip inside gzip (compressed more than once); " \
           "expected JSON (.json) or JSON compressed once with gzip (.json.gz): unpack it once " \
           "(gunzip) and give the .json.gz it holds" in err, err
    assert "surrogate" not in err and "invalid JSON" not in err


def test_a_gzip_provider_reference_file_is_named_as_gzip() -> None:
    # remote provider references are read as sent, not inflated: gzip bytes were "not JSON
    # (unexpected character: line 1 column 1 (char 0))"
    with pytest.raises(InputError) as caught:
        parse_reference_file(gzip.compress(b'{"provider_groups": []}'), "https://x/ref.json")
    assert str(caught.value) == (
        "provider reference file 'https://x/ref.json': the file is gzip-compressed; expected "
        "JSON: unpack it (gunzip) and give the .json")
