"""A relative ``location`` a TiC file writes is taken from that file, not from the run's folder.

A review found a schema 1.x provider reference written as ``refs/group1.json`` looked for in the
folder RateCalc ran in: from another folder its prices had no providers (or a file of the same
name there gave them the wrong ones), and in a file read from the web it was refused. Every test
runs from a folder of its own (``elsewhere``) that holds such a decoy, and the expected prices
and providers are written out by hand from the documents built here. Servers are on 127.0.0.1
(tic_server.TicServer), one per test.
"""

from __future__ import annotations

import doctest
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions, extract_market_rates, locations
from ratecalc.market_rates.http_source import HttpSettings, is_url
from ratecalc.market_rates.locations import resolve_location
from ratecalc.market_rates.parallel import ReadSettings
from ratecalc.market_rates.pooled import pooled_report
from ratecalc.market_rates.remote_refs import RemoteReferences
from tests.ratecalc.market_rates.tic_server import TicServer, dumps, in_network, table_of_contents

FAST = HttpSettings(timeout=5.0, retries=1, backoff=0.01)
OPTIONS = ExtractOptions.build(codes=["97110"])
NO_SUCH_FILE = "does not exist"
NOT_FOUND = "the server answered HTTP 404 (not found: the link may have expired or moved)"


def groups(*npis: int) -> bytes:
    """A provider-reference file: one group of these NPIs."""
    return dumps({"provider_groups": [{"npi": list(npis),
                                       "tin": {"type": "ein", "value": "11-1111111"}}]})


def referring(payer: str, rates: list[tuple[float, int]], locations: dict[int, str]) -> bytes:
    """An in-network file of 97110 prices, each (rate, provider_group_id), whose references
    are remote: ``provider_group_id`` -> ``location`` as written."""
    doc: dict[str, Any] = in_network(payer, [("97110", [(rate, []) for rate, _ in rates])],
                                     ref_ids={"97110": []},
                                     refs=[{"provider_group_id": ref_id, "location": location}
                                           for ref_id, location in locations.items()])
    for entry, (_, ref_id) in zip(doc["in_network"][0]["negotiated_rates"], rates, strict=True):
        entry["provider_references"] = [ref_id]
    return dumps(doc)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def prices(rates: Any) -> list[tuple[float, tuple[str, ...], int]]:
    """Each kept price of a file: (rate, providers, unresolved references)."""
    frame = rates.prices
    return list(zip(frame["negotiated_rate"], frame["providers"], frame["unresolved_refs"],
                    strict=True))


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The run's folder: not the files' own, and holding a decoy ``refs/group1.json`` (NPI
    9999999999) that a location taken from the run's folder would read."""
    folder = tmp_path / "elsewhere"
    write(folder / "refs" / "group1.json", groups(9999999999))
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def payer(tmp_path: Path) -> Path:
    """A payer's files copied to disk: ``payer/2025/in.json`` naming ``refs/group1.json``
    (NPI 1111111111, for the $40.00 price) and ``../shared/group2.json`` (NPIs 2222222222 and
    3333333333, for the $35.00 price)."""
    root = tmp_path.resolve() / "payer"
    write(root / "2025" / "refs" / "group1.json", groups(1111111111))
    write(root / "shared" / "group2.json", groups(2222222222, 3333333333))
    write(root / "2025" / "in.json", referring(
        "Acme", [(40.0, 1), (35.0, 2)], {1: "refs/group1.json", 2: "../shared/group2.json"}))
    return root


@pytest.fixture
def server() -> Iterator[TicServer]:
    srv = TicServer().start()
    yield srv
    srv.stop()


EXPECTED = [(40.0, ("1111111111",), 0), (35.0, ("2222222222", "3333333333"), 0)]


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_a_relative_provider_reference_is_read_beside_its_file(
        payer: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """From another folder, the prices had no providers (``refs/group1.json`` there is a
    decoy); the references are read beside the in-network file, whether it is named by an
    absolute path or relative to the run's folder, as they are from its own folder."""
    source = payer / "2025" / "in.json"
    named = str(source) if how == "absolute" else "../payer/2025/in.json"
    far = extract_market_rates(named, OPTIONS, remote=RemoteReferences(None, FAST))
    assert prices(far) == EXPECTED
    assert (far.unresolved_references, far.remote_fetched, far.notes) == (0, 2, ())
    monkeypatch.chdir(source.parent)
    near = extract_market_rates("in.json", OPTIONS, remote=RemoteReferences(None, FAST))
    assert prices(near) == EXPECTED


@pytest.mark.parametrize("run_in", ["elsewhere", "a"])
def test_one_relative_location_in_two_folders_is_two_files(
        tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch, run_in: str) -> None:
    """Two in-network files, each writing ``refs/group1.json`` for the file beside it: the
    caches (in memory, and on disk shared by a run's workers and later runs) keep them apart,
    where one location string gave both files the same providers (run from ``a``, b's price
    got a's provider)."""
    a = write(tmp_path / "a" / "in.json", referring("Acme", [(40.0, 1)], {1: "refs/group1.json"}))
    write(tmp_path / "a" / "refs" / "group1.json", groups(1111111111))
    b = write(tmp_path / "b" / "in.json", referring("Beta", [(50.0, 1)], {1: "refs/group1.json"}))
    write(tmp_path / "b" / "refs" / "group1.json", groups(2222222222))
    monkeypatch.chdir(tmp_path / run_in)
    settings = ReadSettings(http=FAST, cache_dir=str(tmp_path / "cache"))
    for _ in range(2):  # the second run is served by the cache on disk
        report = pooled_report([str(a), str(b)], OPTIONS, jobs=1, settings=settings)
        assert [prices(r) for r in report.files] == [[(40.0, ("1111111111",), 0)],
                                                     [(50.0, ("2222222222",), 0)]]
        row = report.stats.codes.set_index("code").loc["97110"]
        assert (row["n_prices"], row["n_providers"], row["median"]) == (2, 2, 45.0)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero", "folder", "nested"])
def test_a_cache_file_replaced_by_what_is_no_cache_is_fetched_again(
        payer: Path, elsewhere: Path, kind: str) -> None:
    """The cache on disk of provider references is RateCalc's own, read back unchecked: a file
    of it replaced by a named pipe hung the import, and one linked to /dev/zero was read until
    memory ran out. Each is now passed over and the reference read again from its source."""
    cache = elsewhere / "cache"
    settings = ReadSettings(http=FAST, cache_dir=str(cache))
    source = str(payer / "2025" / "in.json")
    first = pooled_report([source], OPTIONS, jobs=1, settings=settings)
    assert prices(first.files[0]) == EXPECTED
    kept = sorted(cache.glob("*.json"))
    assert len(kept) == 2
    for path in kept:
        path.unlink()
        if kind == "named pipe":
            os.mkfifo(path)
        elif kind == "link to /dev/zero":
            path.symlink_to("/dev/zero")
        elif kind == "folder":
            path.mkdir()
        else:
            path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    again = pooled_report([source], OPTIONS, jobs=1, settings=settings)
    assert prices(again.files[0]) == EXPECTED
    assert again.files[0].remote_fetched == 2  # read again from their source


def test_an_index_on_disk_and_its_files_from_any_folder(
        payer: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of contents on disk listing files relative to itself, one of which names its
    providers relative to itself, gives the same statistics from the run's folder and from
    the index's: 97110 at $35.00 (2222222222, 3333333333), $40.00 (1111111111) and $50.00
    (4444444444, listed as ``../2024/b.json``)."""
    write(payer / "2024" / "b.json", dumps(in_network("Acme", [("97110", [(50.0, [4444444444])])])))
    toc = write(payer / "2025" / "toc.json",
                table_of_contents("Acme", [(["P1"], ["in.json", "../2024/b.json"])]))
    results = []
    for folder, named in ((elsewhere, "../payer/2025/toc.json"), (toc.parent, "toc.json")):
        monkeypatch.chdir(folder)
        report = pooled_report([named], OPTIONS, jobs=1, settings=ReadSettings(http=FAST))
        assert [r.path for r in report.files] == [str(toc.parent / "in.json"),
                                                  str(payer / "2024" / "b.json")]
        assert report.failures == []
        assert [prices(r) for r in report.files] == [EXPECTED, [(50.0, ("4444444444",), 0)]]
        row = report.stats.codes.set_index("code").loc["97110"]
        assert (row["n_prices"], row["n_providers"], row["min"], row["median"], row["max"]) == (
            3, 4, 35.0, 40.0, 50.0)
        results.append(report.stats.codes)
    assert results[0].equals(results[1])


def test_a_missing_listed_file_is_named_as_written_and_resolved(
        payer: Path, elsewhere: Path) -> None:
    """A file an index lists but that is not there was named only where it led: the failure
    names it as the index wrote it, and the index."""
    toc = write(payer / "2025" / "toc.json",
                table_of_contents("Acme", [(["P1"], ["in.json", "files/gone.json"])]))
    report = pooled_report([str(toc)], OPTIONS, jobs=1, settings=ReadSettings(http=FAST))
    (failure,) = report.failures
    gone = str(payer / "2025" / "files" / "gone.json")
    assert (failure.location, failure.listed_by) == (gone, (str(toc),))
    assert failure.reason == (f"TiC file '{gone}' {NO_SUCH_FILE}; listed as 'files/gone.json' "
                              f"by {toc}")
    assert [prices(r) for r in report.files] == [EXPECTED]


def test_a_missing_provider_reference_is_named_as_written_and_resolved(
        payer: Path, elsewhere: Path) -> None:
    """The note named the location only as written (``refs/gone.json``), which does not say
    where it was looked for: it names the file writing it and where it led."""
    source = write(payer / "2025" / "in.json", referring(
        "Acme", [(40.0, 1), (45.0, 3)], {1: "refs/group1.json", 3: "refs/gone.json"}))
    rates = extract_market_rates(source, OPTIONS, remote=RemoteReferences(None, FAST))
    assert prices(rates) == [(40.0, ("1111111111",), 0), (45.0, (), 1)]
    gone = payer / "2025" / "refs" / "gone.json"
    assert rates.notes == (f"remote provider reference 3: provider reference file "
                           f"'refs/gone.json' named by {source} (resolved to {gone}) "
                           f"{NO_SUCH_FILE}",)


def test_relative_references_in_a_file_from_the_web_lead_to_its_server(
        server: TicServer, elsewhere: Path) -> None:
    """In a file read by URL a relative reference was refused as "not an http(s) address": it
    is resolved against the file's URL (``urljoin``), fetched from the payer's server, and a
    missing one is named as written, with the file and the URL it led to."""
    server.files["/plans/2025/in.json"] = referring(
        "Acme", [(40.0, 1), (35.0, 2), (45.0, 3)],
        {1: "refs/group1.json", 2: "../shared/group2.json", 3: "refs/gone.json"})
    server.files["/plans/2025/refs/group1.json"] = groups(1111111111)
    server.files["/plans/shared/group2.json"] = groups(2222222222, 3333333333)
    url = server.url("/plans/2025/in.json")
    rates = extract_market_rates(url, OPTIONS, remote=RemoteReferences(None, FAST), settings=FAST)
    assert prices(rates) == [*EXPECTED, (45.0, (), 1)]
    assert rates.notes == (f"remote provider reference 3: provider reference file "
                           f"'refs/gone.json' named by {url} (resolved to "
                           f"{server.url('/plans/2025/refs/gone.json')}): {NOT_FOUND}",)
    assert (server.requests["/plans/2025/refs/group1.json"],
            server.requests["/plans/shared/group2.json"]) == (1, 1)


def test_a_web_index_and_the_relative_references_of_its_files(
        server: TicServer, elsewhere: Path, tmp_path: Path) -> None:
    """The whole run over the web from another folder: an index listing ``2025/in.json``,
    whose references are relative to it; statistics as worked out for EXPECTED."""
    server.files["/plans/toc.json"] = table_of_contents("Acme", [(["P1"], ["2025/in.json"])])
    server.files["/plans/2025/in.json"] = referring(
        "Acme", [(40.0, 1), (35.0, 2)], {1: "refs/group1.json", 2: "../shared/group2.json"})
    server.files["/plans/2025/refs/group1.json"] = groups(1111111111)
    server.files["/plans/shared/group2.json"] = groups(2222222222, 3333333333)
    report = pooled_report([server.url("/plans/toc.json")], OPTIONS, jobs=1,
                           settings=ReadSettings(http=FAST, cache_dir=str(tmp_path / "cache")))
    assert [r.path for r in report.files] == [server.url("/plans/2025/in.json")]
    assert [prices(r) for r in report.files] == [EXPECTED]
    row = report.stats.codes.set_index("code").loc["97110"]
    assert (row["n_prices"], row["n_providers"], row["median"]) == (2, 3, 37.5)


def test_a_web_index_writing_no_address_is_a_failure_not_a_crash(server: TicServer) -> None:
    """An index entry ``//[`` raised urllib's ValueError out of the catalog (an internal error,
    nothing read): it is a failure naming it, and the index's other file is read."""
    server.files["/toc.json"] = table_of_contents("Acme", [(["P1"], ["//[", "a.json"])])
    server.files["/a.json"] = dumps(in_network("Acme", [("97110", [(50.0, [4444444444])])]))
    toc = server.url("/toc.json")
    report = pooled_report([toc], OPTIONS, jobs=1, settings=ReadSettings(http=FAST))
    assert [(f.location, f.reason, f.listed_by) for f in report.failures] == [
        ("//[", f"in-network file '//[' named by {toc} is not a valid address (Invalid IPv6 "
                "URL); not read", (toc,))]
    assert [prices(r) for r in report.files] == [[(50.0, ("4444444444",), 0)]]


@pytest.mark.parametrize(("written", "named_by", "expected"), [
    # relative to the file's URL, by RFC 3986 (urljoin), and never above its server's root
    ("refs/g1.json", "https://p.example/plans/2025/in.json",
     "https://p.example/plans/2025/refs/g1.json"),
    ("../shared/g2.json", "https://p.example/plans/2025/in.json",
     "https://p.example/plans/shared/g2.json"),
    ("/files/a.json", "https://p.example/plans/toc.json", "https://p.example/files/a.json"),
    ("../../../../etc/passwd", "https://p.example/plans/in.json", "https://p.example/etc/passwd"),
    ("//cdn.example/a.json", "https://p.example/toc.json", "https://cdn.example/a.json"),
    ("  refs/g1.json ", "http://p.example/in.json", "http://p.example/refs/g1.json"),
    # a full URL is kept as written, from the web or from disk
    ("https://cdn.example/g.json?sig=1", "https://p.example/in.json",
     "https://cdn.example/g.json?sig=1"),
    ("https://cdn.example/g.json", "/data/in.json", "https://cdn.example/g.json"),
])
def test_resolve_location_table(written: str, named_by: str, expected: str) -> None:
    reference = resolve_location(written, named_by)
    assert (reference.written, reference.named_by, reference.location) == (
        written.strip(), named_by, expected)


def test_resolve_location_on_disk_is_the_file_s_folder(
        tmp_path: Path, elsewhere: Path) -> None:
    """From disk: the folder of the file naming it, made absolute (a file named relative to the
    run's folder, as on the command line, is where it was opened); an absolute path stays."""
    base = tmp_path.resolve()
    assert resolve_location("refs/g1.json", str(base / "payer" / "in.json")).location == str(
        base / "payer" / "refs" / "g1.json")
    assert resolve_location("../g2.json", "../payer/2025/in.json").location == str(
        base / "payer" / "g2.json")
    assert resolve_location(str(base / "x.json"), "/data/in.json").location == str(base / "x.json")
    assert str(resolve_location("refs/g1.json", "/data/in.json")) == (
        f"'refs/g1.json' named by /data/in.json (resolved to {Path('/data/refs/g1.json')})")
    assert str(resolve_location("https://x.example/g.json", "/data/in.json")) == (
        "'https://x.example/g.json' named by /data/in.json")


@pytest.mark.parametrize("written", ["file:///etc/passwd", "ftp://p.example/g.json",
                                     "C:\\Users\\me\\g.json", "data:application/json,{}"])
def test_a_file_from_the_web_may_not_lead_off_the_web(written: str) -> None:
    with pytest.raises(InputError) as refused:
        resolve_location(written, "https://p.example/in.json", "provider reference file")
    assert str(refused.value) == (f"provider reference file '{written}' named by "
                                  "https://p.example/in.json is not an http(s) address; not read")


def test_a_location_that_is_no_address_is_refused_in_words() -> None:
    """``//[`` raised urllib's ValueError out of the reader (an internal error) where a web
    index or in-network file wrote it."""
    with pytest.raises(InputError, match=r"^in-network file '//\[' named by https://p.example/"
                       r"toc.json is not a valid address \(Invalid IPv6 URL\); not read$"):
        resolve_location("//[", "https://p.example/toc.json", "in-network file")


def test_a_path_with_a_nul_is_a_note_not_a_crash(payer: Path, elsewhere: Path) -> None:
    """A provider reference ``location`` holding ``\\u0000`` raised Python's ValueError
    ("embedded null byte") out of the reader: it is a note naming it, and the others resolve."""
    source = write(payer / "2025" / "in.json", referring(
        "Acme", [(40.0, 1), (45.0, 3)], {1: "refs/group1.json", 3: "refs/\0.json"}))
    rates = extract_market_rates(source, OPTIONS, remote=RemoteReferences(None, FAST))
    assert prices(rates) == [(40.0, ("1111111111",), 0), (45.0, (), 1)]
    assert rates.notes == (f"remote provider reference 3: provider reference file "
                           f"'refs/\\x00.json' named by {source} is not a valid path (embedded "
                           "null byte); not read",)


def test_an_index_listing_a_path_with_a_nul_reads_the_rest(payer: Path, elsewhere: Path) -> None:
    """The same in a table of contents on disk stopped the whole run with the ValueError."""
    toc = write(payer / "2025" / "toc.json",
                table_of_contents("Acme", [(["P1"], ["files/\0.json", "in.json"])]))
    report = pooled_report([str(toc)], OPTIONS, jobs=1, settings=ReadSettings(http=FAST))
    assert [(f.location, f.reason, f.listed_by) for f in report.failures] == [
        ("files/\0.json", f"in-network file 'files/\\x00.json' named by {toc} is not a valid "
                           "path (embedded null byte); not read", (str(toc),))]
    assert [prices(r) for r in report.files] == [EXPECTED]


def test_the_examples_of_the_docstrings() -> None:
    assert doctest.testmod(locations).failed == 0


@given(written=st.text(max_size=40),
       named_by=st.sampled_from(["https://p.example/plans/2025/in.json",
                                 "HTTP://p.example:8080/toc.json?sig=a/b", "http://p.example"]))
def test_a_location_named_by_a_file_from_the_web_is_a_web_address_or_refused(
        written: str, named_by: str) -> None:
    """Whatever a payer's web file writes, it leads to an http(s) address or is refused: it
    never leads RateCalc to a path of this machine."""
    try:
        location = resolve_location(written, named_by).location
    except InputError as exc:
        assert str(exc).startswith(f"file '{written.strip()}' named by {named_by} is not ")
        assert str(exc).endswith("; not read")
    else:
        assert is_url(location)
