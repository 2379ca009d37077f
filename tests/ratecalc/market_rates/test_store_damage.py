"""A damaged market-rate store is named, with what was expected and how to mend it.

A review found a record holding ``null`` or ``[]`` or cut short, and a Parquet partition cut to
100 bytes, stopping the import and the benchmark with internal errors (exit 4: AttributeError,
JSONDecodeError, ArrowInvalid, DuckDB's InvalidInputException). Each is now
:class:`~ratecalc.market_rates.store.DamagedStore` (an input error, exit 3) naming the file and
the record to delete; deleting it mends the store, and the files not damaged are still used.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions
from ratecalc.market_rates import store as store_module
from ratecalc.market_rates.pooled import pooled_report
from ratecalc.market_rates.store import DamagedStore, MarketStore, file_id
from ratecalc.market_rates.store_query import POOLED, store_benchmarks
from tests.ratecalc.market_rates.tic_server import dumps, in_network

pytest.importorskip("duckdb")

OPTIONS = ExtractOptions.build(codes=["97110"])


def stored(tmp_path: Path) -> tuple[MarketStore, str, str]:
    """A store of two payers' files: Acme 40 and 50, Beta 60 for 97110."""
    acme, beta = tmp_path / "acme.json", tmp_path / "beta.json"
    acme.write_bytes(dumps(in_network("Acme", [("97110", [(40.0, [1111111111]),
                                                          (50.0, [2222222222])])])))
    beta.write_bytes(dumps(in_network("Beta", [("97110", [(60.0, [3333333333])])])))
    store = MarketStore(tmp_path / "store")
    pooled_report([str(acme), str(beta)], OPTIONS, jobs=1, store=store)
    return store, str(acme.resolve()), str(beta.resolve())


def record(store: MarketStore, location: str) -> Path:
    return store.files_dir / f"{file_id(location)}.json"


def partition(store: MarketStore, location: str) -> Path:
    (path,) = store.prices_dir.glob(f"payer=*/file={file_id(location)}/prices.parquet")
    return path


def pooled_median(store: MarketStore) -> float:
    rows = store_benchmarks(store)
    return float(rows.loc[(rows["payer"] == POOLED) & (rows["code"] == "97110"), "median"].iloc[0])


def edited(change: Callable[[dict[str, object]], None]) -> Callable[[bytes], bytes]:
    def edit(text: bytes) -> bytes:
        loaded = json.loads(text)
        change(loaded)
        return json.dumps(loaded).encode()
    return edit


RECORD_DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "null": (lambda _: b"null", "expected a JSON object written by --store, got null"),
    "list": (lambda _: b"[]", "expected a JSON object written by --store, got list"),
    "cut": (lambda text: text[:40], "expected a JSON object written by --store, unreadable ("),
    "empty": (lambda _: b"", "expected a JSON object written by --store, unreadable ("),
    "not UTF-8": (lambda _: b"\xff\xfe{", "expected a JSON object written by --store, "
                  "unreadable ("),
    "no filters": (edited(lambda r: r.pop("filters")),
                   "expected a JSON object written by --store, with a 'filters' field"),
    "size as text": (edited(lambda r: r.update(size="12")),
                     "expected a JSON object written by --store: 'size' should be a whole "
                     "number"),
    "codes not a list": (edited(lambda r: r.update(filters={"codes": "97110"})),
                         "expected a JSON object written by --store: filters 'codes' should be "
                         "a list of text or null"),
    "slug leaves the store": (edited(lambda r: r.update(payer_slug="../../x")),
                              "expected a JSON object written by --store: its 'id' or "
                              "'payer_slug' does not name its partition"),
}


@pytest.mark.parametrize("damage", list(RECORD_DAMAGE))
def test_a_damaged_record_is_named_and_its_deletion_mends_the_store(
        tmp_path: Path, damage: str) -> None:
    store, acme, beta = stored(tmp_path)
    assert pooled_median(store) == 50.0  # 40, 50, 60
    path = record(store, acme)
    change, expected = RECORD_DAMAGE[damage]
    path.write_bytes(change(path.read_bytes()))
    mend = (f"delete {path} and run 'ratecalc import market-rates' with the same SOURCEs again: "
            "each such file is then read again from its source")
    for run in (lambda: pooled_report([acme], OPTIONS, jobs=1, store=store),
                lambda: store_benchmarks(store)):
        with pytest.raises(DamagedStore) as caught:
            run()
        assert isinstance(caught.value, InputError)
        assert str(caught.value).startswith(f"store '{store.root}' is damaged ({path}: {expected}")
        assert str(caught.value).endswith(mend)
    # the files not damaged are still taken from the store
    assert pooled_report([beta], OPTIONS, jobs=1, store=store).from_store == 1
    path.unlink()
    again = pooled_report([acme, beta], OPTIONS, jobs=1, store=store)
    assert again.from_store == 1  # beta; acme read again from its source
    assert pooled_median(store) == 50.0
    assert pooled_report([acme, beta], OPTIONS, jobs=1, store=store).from_store == 2


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _link(target: str) -> Callable[[Path], None]:
    def replace(path: Path) -> None:
        path.unlink()
        path.symlink_to(target)
    return replace


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _nested(path: Path) -> None:
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)


def _grown(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b'"notes": [', b'"notes": ["' + b"x" * (1 << 20)
                                               + b'", '))


#: A record replaced by what is no record: a named pipe hung both commands, /dev/zero was read
#: until memory ran out, deep nesting was an internal error (RecursionError), and a record past
#: the limit (here 1 MiB, a test's stand-in for 16 MiB) was read whole.
RECORD_REPLACED: dict[str, tuple[Callable[[Path], None], str]] = {
    "named pipe": (_fifo, "expected a JSON object written by --store; it is a named pipe "
                   "(FIFO), not a file"),
    "link to /dev/zero": (_link("/dev/zero"), "expected a JSON object written by --store; it "
                          "is a device, not a file"),
    "folder": (_folder,
               "expected a JSON object written by --store; it is a folder, not a file"),
    "nested 100,000 deep": (_nested, "expected a JSON object written by --store, unreadable "
                            "(nested deeper than a JSON reader goes; a record nests three deep)"),
    "past the limit": (_grown, "expected a JSON object written by --store, of at most 1 MiB "
                       "(a record is a few KB); it is larger, not read"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")
@pytest.mark.parametrize("damage", list(RECORD_REPLACED))
def test_a_record_replaced_by_what_is_no_record_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setattr(store_module, "MAX_STORE_RECORD_BYTES", 1 << 20,
                        raising=False)  # raising: the test ran on the code before the limit
    store, acme, beta = stored(tmp_path)
    path = record(store, acme)
    change, expected = RECORD_REPLACED[damage]
    change(path)
    for run in (lambda: pooled_report([acme], OPTIONS, jobs=1, store=store),
                lambda: store_benchmarks(store)):
        with pytest.raises(DamagedStore) as caught:
            run()
        assert str(caught.value).startswith(f"store '{store.root}' is damaged ({path}: {expected}")
        assert f"delete {path} and run" in str(caught.value)
    assert pooled_report([beta], OPTIONS, jobs=1, store=store).from_store == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_partition_replaced_by_a_named_pipe_is_named_not_waited_on(tmp_path: Path) -> None:
    """The import hung: it asked pyarrow to read the pipe's schema, which waited for a writer.
    The benchmark already named it (it looks for files only)."""
    store, acme, beta = stored(tmp_path)
    parquet = partition(store, acme)
    parquet.unlink()
    os.mkfifo(parquet)
    with pytest.raises(DamagedStore) as caught:
        pooled_report([acme], OPTIONS, jobs=1, store=store)
    assert str(caught.value).startswith(
        f"store '{store.root}' is damaged ({parquet}: expected a Parquet file written by "
        "--store; it is a named pipe (FIFO), not a file)")
    assert f"delete {record(store, acme)} and run" in str(caught.value)
    with pytest.raises(DamagedStore, match="expected the prices of its record, found no file"):
        store_benchmarks(store)


def _zero_pages(data: bytes) -> bytes:
    """The file with its footer (schema) whole and every byte of its pages overwritten."""
    footer = struct.unpack("<I", data[-8:-4])[0]
    pages = len(data) - footer - 8
    return data[:4] + b"\xab" * (pages - 4) + data[pages:]


def _without_rate(path: Path) -> bytes:
    pq.write_table(pq.read_table(path).drop_columns(["negotiated_rate"]), path)
    return path.read_bytes()


PARTITION_DAMAGE: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "cut to 100 bytes": (lambda p: p.read_bytes()[:100], "unreadable ("),
    "text": (lambda _: b"hello", "unreadable ("),
    "pages overwritten": (lambda p: _zero_pages(p.read_bytes()), "unreadable ("),
    "no rate column": (_without_rate, "with the columns negotiated_rate"),
}


@pytest.mark.parametrize("damage", list(PARTITION_DAMAGE))
def test_a_damaged_partition_is_named_with_the_record_to_delete(
        tmp_path: Path, damage: str) -> None:
    store, acme, beta = stored(tmp_path)
    parquet = partition(store, acme)
    change, expected = PARTITION_DAMAGE[damage]
    parquet.write_bytes(change(parquet))
    for run in (lambda: pooled_report([acme], OPTIONS, jobs=1, store=store),
                lambda: store_benchmarks(store)):
        with pytest.raises(DamagedStore) as caught:
            run()
        text = str(caught.value)
        assert text.startswith(f"store '{store.root}' is damaged ({parquet}: expected a Parquet "
                               f"file written by --store, {expected}")
        assert f"delete {record(store, acme)} and run" in text
    assert pooled_report([beta], OPTIONS, jobs=1, store=store).from_store == 1
    record(store, acme).unlink()
    assert pooled_report([acme, beta], OPTIONS, jobs=1, store=store).from_store == 1
    assert pooled_median(store) == 50.0


def test_every_damaged_file_is_named_at_once(tmp_path: Path) -> None:
    """One message names them all, so that one round of deletions mends the store (records
    first: a damaged record's partition cannot be found)."""
    store, acme, beta = stored(tmp_path)
    record(store, acme).write_bytes(b"null")
    record(store, beta).write_bytes(b"[]")
    with pytest.raises(DamagedStore) as caught:
        store_benchmarks(store)
    both = sorted([record(store, acme), record(store, beta)])
    assert [path for path, _ in caught.value.damaged] == both
    assert f"delete {both[0]} {both[1]} and run" in str(caught.value)
    for path in both:
        path.unlink()
    pooled_report([acme, beta], OPTIONS, jobs=1, store=store)
    partition(store, acme).write_bytes(b"PAR1")
    partition(store, beta).write_bytes(b"")
    with pytest.raises(DamagedStore) as caught:
        store_benchmarks(store)
    assert {path for path, _ in caught.value.damaged} == {partition(store, acme),
                                                          partition(store, beta)}
    assert f"delete {both[0]} {both[1]} and run" in str(caught.value)


def test_a_missing_partition_is_named_by_the_benchmark_and_read_again_by_the_import(
        tmp_path: Path) -> None:
    """A record whose prices are gone: the benchmark would leave its payer out unsaid; the
    import reads its file again (as before), which writes both anew."""
    store, acme, beta = stored(tmp_path)
    parquet = partition(store, acme)
    parquet.unlink()
    with pytest.raises(DamagedStore, match="expected the prices of its record, found no file"):
        store_benchmarks(store)
    assert pooled_report([acme, beta], OPTIONS, jobs=1, store=store).from_store == 1
    assert pooled_median(store) == 50.0


def test_an_orphan_partition_is_not_read(tmp_path: Path) -> None:
    """A partition without its record (a stopped run) does not count, and DuckDB never reads it
    (it was read by a glob, so a damaged one stopped the query)."""
    store, _, _ = stored(tmp_path)
    orphan = store.prices_dir / "payer=x" / f"file={file_id('gone')}" / "prices.parquet"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"not parquet")
    assert pooled_median(store) == 50.0
    table = pa.table({"code": ["97110"]})
    pq.write_table(table, orphan)  # a whole Parquet file of other columns: not read either
    assert pooled_median(store) == 50.0


def test_the_columns_checked_are_those_stored() -> None:
    from ratecalc.market_rates.provider_refs import prices_frame
    from ratecalc.market_rates.records import PriceCollector
    from ratecalc.market_rates.store import PRICE_COLUMNS

    read = list(prices_frame(PriceCollector(OPTIONS), None).columns)
    assert set(read) <= set(PRICE_COLUMNS)
    assert set(PRICE_COLUMNS) - set(read) == {"price_id", "payer_name", "last_updated_on"}
