"""``ratecalc import market-rates URL...``, ``--store``, ``ratecalc market-rates benchmark`` and
``providers``, through the real entry point, against a server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc_cli.main import ExitCode, main
from tests.ratecalc.market_rates.test_nppes_region import nppes_zip
from tests.ratecalc.market_rates.test_relative_locations import groups, referring, write
from tests.ratecalc.market_rates.tic_server import TicServer, dumps, in_network, table_of_contents

pytest.importorskip("duckdb")


@pytest.fixture
def server() -> Iterator[TicServer]:
    srv = TicServer().start()
    srv.files["/a.json.gz"] = dumps(in_network("Acme Health", [
        ("97110", [(40.0, [1000000001]), (44.0, [1000000003])]),
        ("97140", [(30.0, [1000000001])])]), gz=True)
    srv.files["/b.json"] = dumps(in_network("Beta Care", [
        ("97110", [(50.0, [1000000006]), (70.0, [1000000003])])], updated="2025-08-01"))
    srv.files["/toc.json"] = table_of_contents("Acme Health", [
        (["P1"], ["/a.json.gz", "/b.json", "/gone.json"]), (["P2"], ["/a.json.gz"])])
    yield srv
    srv.stop()


def test_table_of_contents_url_names_the_404(server: TicServer,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "market-rates", server.url("/toc.json"), "--codes", "97110,97140",
                 "--jobs", "1", "--retries", "1"])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK
    assert "3 distinct in-network files (4 listings, 1 repeats read once); 2 read" in out
    assert f"NOT READ {server.url('/gone.json')}" in out and "HTTP 404" in out
    assert "HTTP 404" in err
    line = next(li for li in out.splitlines() if li.startswith("97110"))
    assert line.split()[:4] == ["97110", "4", "3", "$40.00"]  # 4 prices, 3 NPIs, min $40


def test_store_then_benchmark_by_region_into_the_workbook(
        server: TicServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "providers.csv"
    assert main(["market-rates", "providers", str(nppes_zip(tmp_path / "NPPES.zip")),
                 "--out", str(table), "--quiet"]) == ExitCode.OK
    assert "6 practice locations" in capsys.readouterr().out
    store = tmp_path / "store"
    assert main(["import", "market-rates", server.url("/toc.json"), "--codes", "97110,97140",
                 "--store", str(store), "--json", "--jobs", "1", "--retries", "0"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["n_prices"] for r in rows] == [4, 1]
    # region 02139: NPIs 1000000001 and 1000000006 -> 97110 at 40 (Acme) and 50 (Beta)
    assert main(["market-rates", "benchmark", "--store", str(store), "--region", "02139",
                 "--providers", str(table), "--json"]) == 0
    bench = json.loads(capsys.readouterr().out)
    pooled = {r["code"]: r for r in bench if r["payer"] == "all payers"}
    assert (pooled["97110"]["n_prices"], pooled["97110"]["median"]) == (2, 45.0)
    assert [r["payer"] for r in bench if r["code"] == "97110"] == [
        "all payers", "Acme Health", "Beta Care"]
    # the in-memory path with --region gives the same median
    assert main(["import", "market-rates", server.url("/toc.json"), "--codes", "97110",
                 "--region", "02139", "--providers", str(table), "--json", "--jobs", "1",
                 "--retries", "0"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["median"] == 45.0
    book = tmp_path / "negotiation.xlsx"
    assert main(["workbook", "new", str(book)]) == 0
    capsys.readouterr()
    assert main(["market-rates", "benchmark", "--store", str(store), "--region", "02139",
                 "--providers", str(table), "--workbook", str(book)]) == 0
    sheet = load_workbook(book)["Benchmarks"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    hits = [v for v in values if "97110" in [str(x) for x in v]]
    assert hits and "02139" in [str(x) for x in hits[0]]
    assert any("TiC store: Acme Health, Beta Care (2 files)" in str(x) for x in hits[0])


def test_region_needs_the_providers_table(server: TicServer,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "market-rates", server.url("/b.json"), "--region", "02139"]) == 3
    assert "--region needs --providers TABLE" in capsys.readouterr().err


def test_progress_board_shows_each_file_and_the_whole_run(
        capsys: pytest.CaptureFixture[str]) -> None:
    from ratecalc_cli.import_market_rates import ProgressBoard

    board = ProgressBoard(["in-network-a.json.gz", "in-network-b.json"], delay=0.0)
    board("start", 0, "reading", 4 << 20)
    board("bytes", 0, "reading", 1 << 20)
    file_bar = str(board.bars[0])
    board("done", 0, "", 0)
    overall = str(board.overall)
    board.close()
    assert file_bar.startswith("in-network-a.json.gz (reading):  25%")
    assert overall.startswith("files:  50%") and "1/2" in overall and "1 MB read" in overall
    assert "in-network-a.json.gz" in capsys.readouterr().err


def test_payers_are_listed_by_name_case_insensitively(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'acme Health' before 'Beta Care' in the benchmark's rows and in the sources the
    # Benchmarks sheet names (a plain sort put the capitals first: Beta Care, acme Health)
    srv = TicServer().start()
    try:
        srv.files["/a.json"] = dumps(in_network("acme Health", [
            ("97110", [(40.0, [1000000001])])]))
        srv.files["/b.json"] = dumps(in_network("Beta Care", [
            ("97110", [(50.0, [1000000006])])]))
        srv.files["/toc.json"] = table_of_contents("acme Health", [
            (["P1"], ["/a.json", "/b.json"])])
        store = tmp_path / "store"
        assert main(["import", "market-rates", srv.url("/toc.json"), "--codes", "97110",
                     "--store", str(store), "--json", "--jobs", "1", "--retries", "0"]) == 0
        book = tmp_path / "negotiation.xlsx"
        assert main(["workbook", "new", str(book)]) == 0
        assert main(["import", "market-rates", srv.url("/toc.json"), "--codes", "97110",
                     "--workbook", str(book), "--jobs", "1", "--retries", "0"]) == 0
    finally:
        srv.stop()
    capsys.readouterr()
    assert main(["market-rates", "benchmark", "--store", str(store), "--json"]) == 0
    bench = json.loads(capsys.readouterr().out)
    assert [r["payer"] for r in bench if r["code"] == "97110"] == [
        "all payers", "acme Health", "Beta Care"]
    cells = [str(c.value) for row in load_workbook(book)["Benchmarks"].iter_rows() for c in row]
    assert any("TiC in-network files: 2 from acme Health, Beta Care" in c for c in cells), cells
    other = tmp_path / "other.xlsx"  # the same rows again would not be added to ``book``
    assert main(["workbook", "new", str(other)]) == 0
    assert main(["market-rates", "benchmark", "--store", str(store),
                 "--workbook", str(other)]) == 0
    cells = [str(c.value) for row in load_workbook(other)["Benchmarks"].iter_rows() for c in row]
    assert any("TiC store: acme Health, Beta Care (2 files)" in c for c in cells), cells


def test_benchmark_out_naming_its_provider_table_is_refused(
        server: TicServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # RateCalc wrote the provider table, but it is this command's input now: never replaced
    table = tmp_path / "providers.csv"
    assert main(["market-rates", "providers", str(nppes_zip(tmp_path / "NPPES.zip")),
                 "--out", str(table), "--quiet"]) == ExitCode.OK
    store = tmp_path / "store"
    assert main(["import", "market-rates", server.url("/toc.json"), "--codes", "97110",
                 "--store", str(store), "--jobs", "1", "--retries", "0"]) == 0
    capsys.readouterr()
    before = table.read_bytes()
    assert main(["market-rates", "benchmark", "--store", str(store), "--region", "02139",
                 "--providers", str(table), "--out", str(table)]) == ExitCode.INPUT_ERROR
    assert f"--out '{table}' is also an input" in capsys.readouterr().err
    assert table.read_bytes() == before


def test_relative_locations_give_the_same_import_from_any_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``import market-rates`` of an index on disk listing ``in.json``, whose provider
    references are ``refs/group1.json`` and ``../shared/group2.json``: from another folder
    (holding a decoy ``refs/group1.json``) the $40.00 price had no provider. By hand: 97110 at
    $35.00 (2222222222, 3333333333) and $40.00 (1111111111): 2 prices, 3 providers, median
    $37.50."""
    root = tmp_path.resolve() / "payer"
    write(root / "2025" / "refs" / "group1.json", groups(1111111111))
    write(root / "shared" / "group2.json", groups(2222222222, 3333333333))
    write(root / "2025" / "in.json", referring(
        "Acme", [(40.0, 1), (35.0, 2)], {1: "refs/group1.json", 2: "../shared/group2.json"}))
    write(root / "2025" / "toc.json", table_of_contents("Acme", [(["P1"], ["in.json"])]))
    write(tmp_path / "elsewhere" / "refs" / "group1.json", groups(9999999999))
    outputs = []
    for folder, source in ((tmp_path / "elsewhere", "../payer/2025/toc.json"),
                           (root / "2025", "toc.json")):
        monkeypatch.chdir(folder)
        assert main(["import", "market-rates", source, "--codes", "97110", "--json",
                     "--jobs", "1", "--quiet"]) == ExitCode.OK
        out, err = capsys.readouterr()
        (row,) = json.loads(out)
        assert (row["n_prices"], row["n_providers"], row["min"], row["median"], row["max"]) == (
            2, 3, 35.0, 37.5, 40.0)
        assert "warning" not in err
        outputs.append(out)
    assert outputs[0] == outputs[1]
