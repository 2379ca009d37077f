"""A Transparency-in-Coverage source that is a zip archive (some payers publish their files
zipped, and a download saved under the wrong name is one too) is refused saying what it is
and what RateCalc reads, not as "invalid or truncated JSON after byte 123: lexical error"."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

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
