"""``--store`` damaged on disk, through the real entry point: a message naming the file and how
to mend the store, exit 3, where a review found internal errors (exit 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main
from tests.ratecalc.market_rates.tic_server import dumps, in_network

pytest.importorskip("duckdb")


@pytest.mark.parametrize(("damage", "words"), [
    ("null", "expected a JSON object written by --store, got null"),
    ("[]", "expected a JSON object written by --store, got list"),
    ('{"x":1', "expected a JSON object written by --store, unreadable (Expecting"),
    ("parquet", "expected a Parquet file written by --store, unreadable ("),
])
def test_a_damaged_store_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           damage: str, words: str) -> None:
    source = tmp_path / "acme.json"
    source.write_bytes(dumps(in_network("Acme", [("97110", [(40.0, [1111111111])])])))
    store = tmp_path / "store"
    importing = ["import", "market-rates", str(source), "--codes", "97110", "--store",
                 str(store), "--quiet", "--jobs", "1"]
    assert main(importing) == ExitCode.OK
    (record,) = (store / "files").glob("f*.json")
    (parquet,) = (store / "prices").rglob("prices.parquet")
    if damage == "parquet":
        parquet.write_bytes(parquet.read_bytes()[:100])
    else:
        record.write_text(damage)
    capsys.readouterr()
    for argv in (importing, ["market-rates", "benchmark", "--store", str(store)]):
        assert main(argv) == ExitCode.INPUT_ERROR
        err = capsys.readouterr().err
        assert words in err and "internal error" not in err
        assert f"delete {record} and run 'ratecalc import market-rates'" in err
    record.unlink()  # as the message says: the file is read again
    assert main(importing) == ExitCode.OK
    assert main(["market-rates", "benchmark", "--store", str(store), "--json"]) == ExitCode.OK
    assert '"median": 40.0' in capsys.readouterr().out
