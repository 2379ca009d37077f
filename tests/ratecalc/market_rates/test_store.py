"""The Parquet store and DuckDB benchmarks: same percentiles as the in-memory path."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions, extract_market_rates, market_rate_stats
from ratecalc.market_rates.extract import MarketRates
from ratecalc.market_rates.pooled import pooled_report
from ratecalc.market_rates.store import MarketStore, file_id
from ratecalc.market_rates.store_query import POOLED, store_benchmarks
from tests.ratecalc.market_rates.conftest import EVRY_JAN, EVRY_JUNE_SUBSET
from tests.ratecalc.market_rates.tic_server import dumps, in_network

pytest.importorskip("duckdb")

CODES = ["97110", "97140", "97530"]
STATS = ["n_prices", "p25", "median", "p75", "p90", "min", "max"]


def write_files(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    docs = {
        "acme-1.json": in_network("Acme Health", [
            ("97110", [(40.0, [1111111111]), (45.5, [2222222222, 3333333333]),
                       (47.0, [9999999999])]),
            ("97140", [(30.0, [1111111111]), (33.0, [9999999999])])]),
        "acme-2.json.gz": in_network("Acme Health", [
            ("97110", [(50.0, [4444444444]), (41.25, [1111111111])])], updated="2025-07-01"),
        "beta.json": in_network("Beta Care", [
            ("97110", [(55.0, [2222222222]), (60.0, [8888888888])]),
            ("97530", [(61.0, [2222222222])])]),
    }
    for name, doc in docs.items():
        (folder / name).write_bytes(dumps(doc, gz=name.endswith(".gz")))
    return [str(folder / "*.json*")]


def compare(from_store: pd.DataFrame, stats: pd.DataFrame) -> None:
    mine = from_store[from_store["modifiers"] == ""].set_index("code")[STATS]
    theirs = stats[stats["n_prices"] > 0].set_index("code")[STATS]
    assert list(mine.index) == list(theirs.index)
    assert (mine["n_prices"].to_numpy() == theirs["n_prices"].to_numpy()).all()
    np.testing.assert_allclose(mine.drop(columns="n_prices").to_numpy(dtype=float),
                               theirs.drop(columns="n_prices").to_numpy(dtype=float),
                               rtol=1e-12, atol=0)


@pytest.mark.parametrize("region", [None, {"2222222222", "1111111111"}])
def test_duckdb_percentiles_equal_the_in_memory_path(tmp_path: Path,
                                                     region: set[str] | None) -> None:
    sources = write_files(tmp_path / "files")
    store = MarketStore(tmp_path / "store")
    pooled_report(sources, ExtractOptions.build(codes=CODES), jobs=1, store=store)
    bench = store_benchmarks(store, npis=region)
    # in memory: the NPI filter applied while reading, as --region does without a store
    memory = pooled_report(sources, ExtractOptions.build(codes=CODES, npis=region), jobs=1)
    compare(bench[bench["payer"] == POOLED], memory.stats.codes)
    for payer in ("Acme Health", "Beta Care"):
        prices = memory.prices[memory.prices["payer"] == payer]
        compare(bench[bench["payer"] == payer], market_rate_stats(prices).codes)
    if region is None:  # by hand: 97110 pooled is 40 41.25 45.5 47 50 55 60
        row = bench[(bench["payer"] == POOLED) & (bench["code"] == "97110")].iloc[0]
        assert (row["n_prices"], row["median"], row["n_files"]) == (7, 47.0, 3)
        assert row["p25"] == pytest.approx(43.375)  # h = 1.5
        assert str(row["as_of"]) == "2025-07-01"
    else:  # 1111 and 2222 only: 40, 45.5 (acme-1), 41.25 (acme-2), 55 (beta) for 97110
        row = bench[(bench["payer"] == POOLED) & (bench["code"] == "97110")].iloc[0]
        assert (row["n_prices"], row["median"]) == (4, 43.375)


def test_later_runs_add_files_without_reading_the_old_ones(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    sources = write_files(folder)
    store = MarketStore(tmp_path / "store")
    options = ExtractOptions.build(codes=CODES)
    first = pooled_report([str(folder / "acme-1.json")], options, jobs=1, store=store)
    assert first.from_store == 0
    second = pooled_report(sources, options, jobs=1, store=store)
    assert (second.from_store, len(second.files)) == (1, 3)
    fresh = pooled_report(sources, options, jobs=1)
    pd.testing.assert_frame_equal(second.stats.codes, fresh.stats.codes)
    pd.testing.assert_frame_equal(second.prices, fresh.prices)
    # a subset of the stored codes is served from the store; other filters are read again
    subset = pooled_report(sources, ExtractOptions.build(codes=["97110"]), jobs=1, store=store)
    assert subset.from_store == 3
    other = pooled_report(sources, ExtractOptions.build(codes=CODES, billing_class="professional"),
                          jobs=1, store=store)
    assert other.from_store == 0  # and replaces what the store held for those files
    assert pooled_report(sources, options, jobs=1, store=store).from_store == 0
    # a local file replaced under the same name is read again
    (folder / "beta.json").write_bytes(dumps(in_network("Beta Care", [
        ("97110", [(99.0, [2222222222])])])))
    again = pooled_report(sources, options, jobs=1, store=store)
    assert again.from_store == 2
    assert 99.0 in again.prices["negotiated_rate"].tolist()
    records = [json.loads(p.read_text()) for p in (tmp_path / "store" / "files").glob("*.json")]
    by_name = {Path(r["location"]).name: r for r in records}
    body = (folder / "acme-2.json.gz").read_bytes()
    import hashlib
    assert by_name["acme-2.json.gz"]["sha256"] == hashlib.sha256(body).hexdigest()
    assert by_name["acme-2.json.gz"]["size"] == len(body)
    assert by_name["acme-2.json.gz"]["last_updated_on"] == "2025-07-01"
    parts = sorted(p.relative_to(tmp_path / "store" / "prices").parts[:2]
                   for p in (tmp_path / "store" / "prices").rglob("*.parquet"))
    assert [p[0] for p in parts] == ["payer=acme-health", "payer=acme-health", "payer=beta-care"]
    import pyarrow.parquet as pq
    table = pq.read_table(next((tmp_path / "store" / "prices").rglob("*.parquet")))
    assert {"source_url", "last_updated_on", "source_size", "source_sha256"} <= set(
        table.column_names)


def test_real_files_through_the_store(tmp_path: Path) -> None:
    store = MarketStore(tmp_path / "store")
    sources = [str(EVRY_JAN), str(EVRY_JUNE_SUBSET)]
    options = ExtractOptions.build(codes=CODES)
    memory = pooled_report(sources, options, jobs=1, store=store)
    bench = store_benchmarks(store, codes=["97110", "97530"])
    compare(bench[bench["payer"] == POOLED],
            memory.stats.codes[memory.stats.codes["code"].isin(["97110", "97530"])])


def test_store_refuses_a_folder_of_other_files(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x")
    with pytest.raises(InputError, match="folder of other files"):
        MarketStore(tmp_path)


rates = st.lists(st.integers(min_value=1, max_value=100_000).map(lambda c: c / 100),
                 min_size=1, max_size=40)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(per_file=st.lists(rates, min_size=1, max_size=3))
def test_store_percentiles_property(tmp_path_factory: pytest.TempPathFactory,
                                    per_file: list[list[float]]) -> None:
    root = tmp_path_factory.mktemp("prop")
    store = MarketStore(root / "store")
    template = extract_market_rates(
        Path(__file__).parents[2] / "data" / "tic" / "cms_examples"
        / "in-network-rates-fee-for-service-single-plan-sample.json",
        ExtractOptions.build(codes=["27447"]))
    frames = []
    for i, values in enumerate(per_file):
        row = template.prices.iloc[[0]]
        prices = pd.concat([row] * len(values), ignore_index=True).assign(
            code="97110", negotiated_rate=values)
        rates_i = MarketRates(**{**template.__dict__, "path": f"https://x.test/{i}.json",
                                 "prices": prices})
        store.save(rates_i, f"Payer {i % 2}", ExtractOptions.build(codes=["97110"]))
        frames.append(prices)
    bench = store_benchmarks(store)
    pooled = bench[bench["payer"] == POOLED].iloc[0]
    allv = np.concatenate([f["negotiated_rate"].to_numpy() for f in frames])
    expected = np.percentile(allv, [25, 50, 75, 90])
    np.testing.assert_allclose(pooled[["p25", "median", "p75", "p90"]].to_numpy(dtype=float),
                               expected, rtol=1e-12)
    assert pooled["n_prices"] == len(allv)
    assert file_id("https://x.test/0.json").startswith("f")


def test_prices_with_modifiers_are_other_services(tmp_path: Path) -> None:
    doc = in_network("Acme Health", [("97110", [(40.0, [1111111111]), (50.0, [2222222222]),
                                                (30.0, [3333333333]), (34.0, [4444444444])])])
    prices = [r["negotiated_prices"][0] for r in doc["in_network"][0]["negotiated_rates"]]
    prices[2]["billing_code_modifier"] = ["CQ"]  # an assistant's visit: paid less
    prices[3]["billing_code_modifier"] = ["gp", "CQ"]
    (tmp_path / "m.json").write_bytes(dumps(doc))
    store = MarketStore(tmp_path / "store")
    pooled_report([str(tmp_path / "m.json")], ExtractOptions.build(codes=["97110"]), jobs=1,
                  store=store)
    bench = store_benchmarks(store)
    pooled = bench[bench["payer"] == POOLED].set_index("modifiers")
    assert list(pooled.index) == ["", "CQ", "GP+CQ"]
    assert (pooled.loc["", "n_prices"], pooled.loc["", "median"]) == (2, 45.0)  # 40 and 50
    assert pooled.loc["CQ", "median"] == 30.0 and pooled.loc["GP+CQ", "median"] == 34.0


def test_a_file_with_no_price_kept_is_stored(tmp_path: Path) -> None:
    """An NPI filter that matches nothing in a file crashed the import with --store (exit 4):
    the empty frame's providers column is float64, which pyarrow cannot make a list."""
    sources = write_files(tmp_path / "files")
    store = MarketStore(tmp_path / "store")
    nobody = {"1234567893"}
    report = pooled_report(sources, ExtractOptions.build(codes=CODES, npis=nobody), jobs=1,
                           store=store)
    assert report.prices.empty
    assert len(list(store.prices_dir.rglob("*.parquet"))) == 3  # each file recorded as read
    bench = store_benchmarks(store)
    assert bench.empty or (bench["n_prices"] == 0).all()


@pytest.mark.parametrize("name", ["st?re", "st*re", "st[ao]re"])
def test_a_store_whose_folder_name_is_a_pattern_reads_its_own_files(tmp_path: Path,
                                                                    name: str) -> None:
    """DuckDB reads a file path holding ``*``, ``?`` or ``[`` as a glob: the store ``st?re``
    read the partitions of ``stare`` beside it too, and counted each price twice."""
    sources = write_files(tmp_path / "files")
    options = ExtractOptions.build(codes=CODES)
    pooled_report(sources, options, jobs=1, store=MarketStore(tmp_path / "stare"))
    mine = MarketStore(tmp_path / name)
    report = pooled_report(sources, options, jobs=1, store=mine)
    compare(store_benchmarks(mine).query(f"payer == '{POOLED}'"), report.stats.codes)


def test_a_record_larger_than_a_store_reads_is_refused_before_anything_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record was written whatever its size, and one over the read limit then made every
    later run refuse the store as damaged: RateCalc wrote a store it could not read."""
    import ratecalc.market_rates.store as store_module

    sources = write_files(tmp_path / "files")
    store = MarketStore(tmp_path / "store")
    monkeypatch.setattr(store_module, "MAX_STORE_RECORD_BYTES", 200)
    with pytest.raises(InputError) as caught:
        pooled_report(sources, ExtractOptions.build(codes=CODES), jobs=1, store=store)
    message = str(caught.value)
    assert message.startswith(f"Market-rate file '{tmp_path / 'files'}")
    assert "bytes, over the 200 a record may be" in message
    assert message.endswith("nothing of it was stored. Import it without --store")
    assert not list(store.files_dir.glob("*.json"))
    assert not list(store.prices_dir.rglob("*.parquet"))
    monkeypatch.undo()
    report = pooled_report(sources, ExtractOptions.build(codes=CODES), jobs=1, store=store)
    assert report.from_store == 0 and len(list(store.files_dir.glob("*.json"))) == 3


def test_a_stored_file_still_tells_a_code_it_lacks_from_one_of_another_class(
        tmp_path: Path) -> None:
    # the codes a file has items of are kept with its record: read back from the store, a
    # code it lacks is "not in this file" as when the file is read, never "--billing-class
    # reads another"
    sources = write_files(tmp_path / "files")
    store = MarketStore(tmp_path / "store")
    options = ExtractOptions.build(codes=[*CODES, "92507"], billing_class="professional")
    fresh = pooled_report(sources, options, jobs=1, store=store)
    stored = pooled_report(sources, options, jobs=1, store=store)
    assert stored.from_store == 3
    pd.testing.assert_frame_equal(stored.stats.codes, fresh.stats.codes)
    flags = dict(zip(stored.stats.codes["code"], stored.stats.codes["flags"], strict=True))
    # three files pooled: "these files" (it said "this file" of them)
    assert flags["92507"] == (
        "not_in_file: this code is not in these files (no price of any billing class)",)
    # a subset of the stored codes: what was found among them
    subset = pooled_report(sources, ExtractOptions.build(codes=["97110", "92507"],
                                                         billing_class="professional"),
                           jobs=1, store=store)
    assert subset.from_store == 3
    assert {f.codes_found for f in subset.files} <= {frozenset({"97110"}), frozenset()}
    assert any(f.codes_found for f in subset.files)


def test_a_stored_file_with_no_price_of_the_class_read_is_read_back(tmp_path: Path) -> None:
    # the second run of 'import market-rates --store S --billing-class institutional' on files
    # of professional prices only ended in an internal error (exit 4): the empty partition
    # came back with float columns, and the report added " (" to one
    sources = write_files(tmp_path / "files")
    store = MarketStore(tmp_path / "store")
    options = ExtractOptions.build(codes=CODES, billing_class="institutional")
    fresh = pooled_report(sources, options, jobs=1, store=store)
    stored = pooled_report(sources, options, jobs=1, store=store)
    assert stored.from_store == 3
    pd.testing.assert_frame_equal(stored.prices, fresh.prices)
    pd.testing.assert_frame_equal(stored.stats.codes, fresh.stats.codes)
