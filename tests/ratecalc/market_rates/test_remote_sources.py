"""Market rates from where payers publish them: a table of contents and files over HTTP.

Every test runs its own server on 127.0.0.1 (tic_server.TicServer) and stops it. Expected
figures are worked by hand from the documents written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions, extract_market_rates
from ratecalc.market_rates.catalog import build_catalog
from ratecalc.market_rates.http_source import DownloadError, HttpSettings, HttpStream
from ratecalc.market_rates.parallel import ReadSettings
from ratecalc.market_rates.pooled import pooled_report
from ratecalc.market_rates.remote_refs import RemoteReferences
from tests.ratecalc.market_rates.tic_server import TicServer, dumps, in_network, table_of_contents

CODES = ["97110", "97140", "97530"]
FAST = HttpSettings(timeout=5.0, retries=3, backoff=0.01)
REFS = "/refs/group-7.json"


def documents(refs_url: str) -> dict[str, bytes]:
    a = in_network("Acme Health", [
        ("97110", [(40.0, [1111111111]), (45.5, [2222222222, 3333333333])]),
        ("97140", [(30.0, [1111111111])]),
        ("99213", [(90.0, [1111111111])]),
    ])
    b = in_network("Acme Health", [
        ("99214", [(120.0, [4444444444])]),
        ("97110", [(50.0, [4444444444]), (41.25, [1111111111])]),
        ("97530", [(60.0, [2222222222])]),
    ], updated="2025-07-01")
    remote = [{"provider_group_id": 7, "location": refs_url},
              {"provider_group_id": 8, "location": refs_url}]
    c = in_network("Acme Health", [("97110", [(70.0, []), (35.0, [])])],
                   ref_ids={"97110": [7]}, refs=remote)
    c["in_network"][0]["negotiated_rates"][1]["provider_references"] = [8]
    c2 = in_network("Beta Care", [("97110", [(55.0, [])])], ref_ids={"97110": [7]},
                    refs=remote[:1])
    groups = {"version": "1.0.0", "provider_groups": [
        {"npi": [5555555555, 6666666666], "tin": {"type": "ein", "value": "22-2222222"}}]}
    return {"/files/a.json": dumps(a), "/files/b.json.gz": dumps(b, gz=True),
            "/files/c.json": dumps(c), "/files/c2.json": dumps(c2),
            REFS: dumps(groups)}


@pytest.fixture
def server() -> Iterator[TicServer]:
    srv = TicServer().start()
    srv.files.update(documents(srv.url(REFS)))
    # a listed three times (absolute and relative), a 404 among the listings, plans P1..P4
    srv.files["/toc.json"] = table_of_contents("Acme Health", [
        (["P1", "P2"], [srv.url("/files/a.json"), "files/b.json.gz"]),
        (["P3"], ["/files/a.json", srv.url("/files/c.json"), srv.url("/files/missing.json")]),
        (["P4"], [srv.url("/files/c2.json"), srv.url("/files/a.json")]),
    ])
    yield srv
    srv.stop()


def on_disk(server: TicServer, folder: Path) -> Path:
    """The same files as the server's, and an index of them by relative path."""
    for path, body in server.files.items():
        target = folder / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    toc = folder / "toc.json"
    toc.write_bytes(table_of_contents("Acme Health", [
        (["P1", "P2"], ["files/a.json", "files/b.json.gz"]),
        (["P3"], ["files/a.json", "files/c.json"]),
        (["P4"], ["files/c2.json", "files/a.json"]),
    ]))
    return toc


def settings(tmp_path: Path) -> ReadSettings:
    return ReadSettings(http=FAST, cache_dir=str(tmp_path / "cache"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_table_of_contents_over_http(server: TicServer, tmp_path: Path, jobs: int) -> None:
    report = pooled_report([server.url("/toc.json")], ExtractOptions.build(codes=CODES),
                           jobs=jobs, settings=settings(tmp_path))
    catalog = report.catalog
    # 7 listings, 5 distinct files; a.json read once although listed three times
    assert (catalog.listings, len(catalog.tasks), catalog.duplicates) == (7, 5, 2)
    for path in ("/files/a.json", "/files/b.json.gz", "/files/c.json", "/files/c2.json", REFS):
        assert server.requests[path] == 1, path  # the remote reference file too, used 3 times
    (failure,) = report.failures
    assert failure.location == server.url("/files/missing.json")
    assert "HTTP 404" in failure.reason and "missing.json" in failure.reason
    codes = report.stats.codes.set_index("code")
    # 97110: 40, 45.5 (a); 50, 41.25 (b); 70, 35 (c); 55 (c2) -> 35 40 41.25 45.5 50 55 70
    row = codes.loc["97110"]
    assert (row["n_prices"], row["min"], row["median"], row["max"]) == (7, 35.0, 45.5, 70.0)
    assert row["p25"] == pytest.approx(40.625)  # h = 1.5: 40 + 0.5 * 1.25
    assert row["p75"] == pytest.approx(52.5)  # h = 4.5: 50 + 0.5 * 5
    assert row["p90"] == pytest.approx(61.0)  # h = 5.4: 55 + 0.4 * 15
    # NPIs 1111, 2222, 3333 (a), 4444 (b), 5555 and 6666 (remote group 7/8)
    assert row["n_providers"] == 6
    assert (codes.loc["97140", "n_prices"], codes.loc["97530", "median"]) == (1, 60.0)
    assert sorted(set(report.payers)) == ["Acme Health", "Beta Care"]
    assert all(r.remote_references == 0 for r in report.files)
    assert str(report.as_of) == "2025-07-01"


def test_disk_and_http_give_identical_statistics(server: TicServer, tmp_path: Path) -> None:
    options = ExtractOptions.build(codes=CODES)
    over_http = pooled_report([server.url("/toc.json")], options, jobs=1,
                              settings=settings(tmp_path / "h"))
    toc = on_disk(server, tmp_path / "disk")
    from_disk = pooled_report([str(toc)], options, jobs=1, settings=settings(tmp_path / "d"))
    pd.testing.assert_frame_equal(over_http.stats.codes, from_disk.stats.codes)
    pd.testing.assert_frame_equal(over_http.stats.prices, from_disk.stats.prices)
    # a glob of the same files, plain and gzip, gives them too
    globbed = pooled_report([str(tmp_path / "disk" / "files" / "*.json*")], options, jobs=1,
                            settings=settings(tmp_path / "g"))
    pd.testing.assert_frame_equal(globbed.stats.codes, from_disk.stats.codes)
    # and the checksums are of the bytes as published
    import hashlib
    by_name = {Path(r.path).name: r.sha256 for r in from_disk.files}
    assert by_name["b.json.gz"] == hashlib.sha256(server.files["/files/b.json.gz"]).hexdigest()
    assert {r.sha256 for r in over_http.files} == set(by_name.values())


@pytest.mark.parametrize("path", ["/files/a.json", "/files/b.json.gz"])
@pytest.mark.parametrize("ignore_range", [False, True])
def test_dropped_connection_resumes(server: TicServer, path: str, ignore_range: bool) -> None:
    body = server.files[path]
    server.drop_after[path] = len(body) // 3
    if ignore_range:
        server.ignore_range.add(path)
    dropped = extract_market_rates(server.url(path), ExtractOptions.build(codes=CODES),
                                   settings=FAST, checksum=True)
    server.drop_after.clear()
    again = extract_market_rates(server.url(path), ExtractOptions.build(codes=CODES),
                                 settings=FAST)
    pd.testing.assert_frame_equal(dropped.prices, again.prices)
    ranges = [r for p, r in server.ranges if p == path]
    # first request whole, second from the byte reached (a server may ignore it and resend all)
    assert ranges[:2] == [None, f"bytes={len(body) // 3}-"]
    import hashlib
    assert dropped.sha256 == hashlib.sha256(body).hexdigest()


def test_stalled_server_times_out_and_retries(server: TicServer) -> None:
    server.stall["/files/a.json"] = 2.5
    rates = extract_market_rates(server.url("/files/a.json"), ExtractOptions.build(codes=CODES),
                                 settings=HttpSettings(timeout=1.0, retries=3, backoff=0.01))
    assert len(rates.prices) == 3
    assert server.requests["/files/a.json"] >= 2


def test_retries_run_out_with_a_message_naming_the_url(server: TicServer) -> None:
    server.always_drop.add("/files/a.json")
    with pytest.raises(DownloadError, match=r"a\.json': download failed at byte .* after 2 "
                       "retries"):
        extract_market_rates(server.url("/files/a.json"), ExtractOptions.build(codes=CODES),
                             settings=HttpSettings(timeout=5, retries=2, backoff=0.01))


def test_plan_ids_pick_files(server: TicServer) -> None:
    catalog = build_catalog([server.url("/toc.json")], ["p-4"], FAST)  # case, hyphen ignored
    assert [t.location for t in catalog.tasks] == [server.url("/files/c2.json"),
                                                   server.url("/files/a.json")]
    assert catalog.tasks[1].plans == ("P4",)
    assert build_catalog([server.url("/toc.json")], ["nope"], FAST).tasks == []


def test_in_network_url_is_recognised_by_content(server: TicServer) -> None:
    server.files["/no-extension"] = server.files["/files/b.json.gz"]
    catalog = build_catalog([server.url("/no-extension"), server.url("/toc.json")], None, FAST)
    assert catalog.tasks[0].location == server.url("/no-extension")
    assert catalog.tables[0].reporting_entity == "Acme Health"


def test_a_missing_index_is_reported_and_the_rest_read(server: TicServer,
                                                       tmp_path: Path) -> None:
    report = pooled_report([server.url("/gone-toc.json"), server.url("/files/a.json")],
                           ExtractOptions.build(codes=CODES), jobs=1, settings=settings(tmp_path))
    assert [f.location for f in report.failures] == [server.url("/gone-toc.json")]
    assert len(report.files) == 1


def test_remote_reference_cache_is_shared_on_disk(server: TicServer, tmp_path: Path) -> None:
    first = RemoteReferences(tmp_path / "cache", FAST)
    groups = first.groups(server.url(REFS))
    assert groups[0].npis == ("5555555555", "6666666666")
    second = RemoteReferences(tmp_path / "cache", FAST)  # another process, a later run
    assert second.groups(server.url(REFS)) == groups
    assert server.requests[REFS] == 1 and (first.fetched, second.fetched) == (1, 0)


def test_not_a_tic_file_and_local_typos(server: TicServer, tmp_path: Path) -> None:
    server.files["/x.json"] = b'{"hello": "world"}'
    report = pooled_report([server.url("/x.json"), server.url("/files/a.json")],
                           ExtractOptions.build(codes=CODES), jobs=1, settings=settings(tmp_path))
    assert "neither a table of contents nor an in-network rates file" in report.failures[0].reason
    with pytest.raises(InputError, match="does not exist"):
        build_catalog([str(tmp_path / "typo.json")])
    with pytest.raises(InputError, match="matches no file"):
        build_catalog([str(tmp_path / "*.json.gz")])


def test_stream_reads_bytes_as_stored(server: TicServer) -> None:
    stream = HttpStream(server.url("/files/b.json.gz"), FAST)
    assert stream.size == len(server.files["/files/b.json.gz"])
    assert stream.read() == server.files["/files/b.json.gz"]
    stream.close()


def test_a_web_index_may_not_point_at_local_files(server: TicServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text("{}")
    server.files["/evil-toc.json"] = table_of_contents("Evil", [
        (["P1"], [secret.as_uri(), "/files/a.json"])])
    catalog = build_catalog([server.url("/evil-toc.json")], None, FAST)
    assert [t.location for t in catalog.tasks] == [server.url("/files/a.json")]
    assert "is not an http(s) address" in catalog.failures[0].reason


@pytest.mark.parametrize(("url", "words"), [
    # a name that never resolves (RFC 6761), as a file listed by a payer's sample index
    ("http://in-network.invalid/files/a.json",
     "cannot download it (the server's name could not be found: no internet connection, or a "
     "mistyped address)"),
    ("http://127.0.0.1:9/files/a.json",  # the discard port: nothing listens there
     "cannot download it (no connection to the server could be made)"),
])
def test_a_failed_connection_is_said_in_words(url: str, words: str) -> None:
    """The reason was urllib3's repr of a connection object, cut mid-word ("...
    NameResolutionError("HTTPSConnection(host='www.some_site.com', por...") (found by a
    review)."""
    with pytest.raises(DownloadError) as failed:
        HttpStream(url, HttpSettings(timeout=2, retries=0))
    assert str(failed.value).endswith(words)
    assert "HTTPConnection" not in str(failed.value)
