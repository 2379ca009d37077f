"""Locations a payer's file names are read as files or web addresses only, and within limits.

A provider reference's ``location`` and an index's ``in_network_files`` come from the payer: a
review found ``/dev/zero`` read into memory until it ran out (exit 4, MemoryError), a named pipe
hanging the import for ever, and a file from the web making RateCalc read this machine's files.
Every test runs its own server on 127.0.0.1 (tic_server.TicServer) and stops it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions, extract_market_rates, remote_refs
from ratecalc.market_rates.http_source import HttpSettings
from ratecalc.market_rates.parallel import ReadSettings
from ratecalc.market_rates.pooled import pooled_report
from ratecalc.market_rates.remote_refs import RemoteReferences
from tests.ratecalc.market_rates.tic_server import TicServer, dumps, in_network, table_of_contents

FAST = HttpSettings(timeout=5.0, retries=1, backoff=0.01)
OPTIONS = ExtractOptions.build(codes=["97110"])
GROUPS = {"provider_groups": [{"npi": [5555555555], "tin": {"type": "ein", "value": "1"}}]}
posix_only = pytest.mark.skipif(os.name != "posix", reason="devices and named pipes of POSIX")
#: A Windows path (``C:\\...``) in a file from the web leads off the web: refused before any
#: cache, as a ``file:`` URI is; a POSIX one is a path on the payer's server.
posix_paths = pytest.mark.skipif(os.name != "posix", reason="absolute paths without a drive")


def referring_to(location: str) -> bytes:
    """An in-network file of one price of 97110 whose providers are at ``location``."""
    return dumps(in_network("Acme", [("97110", [(40.0, [])])], ref_ids={"97110": [7]},
                            refs=[{"provider_group_id": 7, "location": location}]))


def read(path: Path | str, cache: Path | None = None) -> tuple[int, tuple[str, ...]]:
    """Prices whose provider reference stayed unresolved, and the notes, of one file."""
    rates = extract_market_rates(path, OPTIONS, remote=RemoteReferences(cache, FAST),
                                 settings=FAST)
    return rates.unresolved_references, rates.notes


@pytest.fixture
def server() -> Iterator[TicServer]:
    srv = TicServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe with a writer waiting: a reader that opened it gets valid groups at once
    (so the old code, which read it, was not left hanging and the test fails in words)."""
    path = tmp_path / "pipe.json"
    os.mkfifo(path)

    def write() -> None:
        # the teardown's reader closes at once: the bytes then have nowhere to go
        with contextlib.suppress(BrokenPipeError), open(path, "wb") as pipe:  # waits for a reader
            pipe.write(dumps(GROUPS))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    yield path
    # the writer waits for a reader still when nothing opened the pipe: be that reader
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    writer.join(timeout=5)
    os.close(fd)
    assert not writer.is_alive()


@posix_only
@pytest.mark.parametrize(("where", "kind"), [
    ("/dev/null", "a device"), ("fifo", "a named pipe (FIFO)"), ("folder", "a folder")])
def test_a_reference_on_disk_is_read_only_from_a_file(
        tmp_path: Path, request: pytest.FixtureRequest, where: str, kind: str) -> None:
    """``/dev/zero`` ran the import out of memory and a named pipe hung it: a location on disk
    is opened as a regular file only (a device, a pipe, a folder are named and not read)."""
    location = {"fifo": lambda: str(request.getfixturevalue("fifo")),
                "folder": lambda: str(tmp_path)}.get(where, lambda: where)()
    source = tmp_path / "in-network.json"
    source.write_bytes(referring_to(location))
    unresolved, notes = read(source)
    assert unresolved == 1
    assert notes == (f"remote provider reference 7: provider reference file '{location}' named "
                     f"by {source} is {kind}, not a file; only files are read",)


def test_a_reference_on_disk_has_the_size_limit_of_a_download(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A local reference file was read whole whatever its size; a download stopped past
    MAX_REFERENCE_BYTES. Both stop there now (the limit is made small to test it cheaply)."""
    refs = tmp_path / "refs.json"
    refs.write_bytes(dumps(GROUPS))
    source = tmp_path / "in-network.json"
    source.write_bytes(referring_to(str(refs)))
    assert read(source) == (0, ())  # under the limit: read
    limit = refs.stat().st_size - 1
    monkeypatch.setattr(remote_refs, "MAX_REFERENCE_BYTES", limit)
    assert read(source) == (1, (f"remote provider reference 7: provider reference file "
                                f"'{refs}' named by {source}: more than the {limit:,} bytes "
                                "allowed for this kind of file",))


def test_a_file_from_the_web_names_web_addresses_only(server: TicServer, tmp_path: Path) -> None:
    """An in-network file read by URL whose reference ``location`` is a path made RateCalc read
    that path on this machine (a named pipe hung it): one that leads off the web (a ``file:``
    URI) is refused unread, as a web index naming one is; a web address beside it is still
    fetched. (An absolute path is a path on the payer's server: see the next test.)"""
    refs = tmp_path / "refs.json"
    refs.write_bytes(dumps(GROUPS))
    server.files["/refs.json"] = dumps(GROUPS)
    server.files["/uri.json"] = referring_to(refs.as_uri())
    server.files["/web.json"] = referring_to(server.url("/refs.json"))
    url = server.url("/uri.json")
    assert read(url) == (1, (f"remote provider reference 7: provider reference file "
                             f"'{refs.as_uri()}' named by {url} is not an http(s) address; "
                             "not read",))
    assert read(server.url("/web.json")) == (0, ())


@posix_paths
def test_a_path_named_by_a_file_from_the_web_is_on_its_server(
        server: TicServer, tmp_path: Path) -> None:
    """A reference ``location`` that is an absolute path, in a file read by URL, was refused;
    it is now resolved against the file's URL (``urljoin``, as a web index's ``/files/a.json``
    always was): a path on the payer's server, asked of it, never a file of this machine
    (the one written there holds groups, and is not used)."""
    refs = tmp_path / "refs.json"
    refs.write_bytes(dumps(GROUPS))
    server.files["/local.json"] = referring_to(str(refs))
    url = server.url("/local.json")
    assert read(url) == (1, (f"remote provider reference 7: provider reference file '{refs}' "
                             f"named by {url} (resolved to {server.url(str(refs))}): the server "
                             "answered HTTP 404 (not found: the link may have expired or "
                             "moved)",))
    assert server.requests[str(refs)] == 1


@posix_paths
def test_the_cache_of_a_local_reference_serves_no_file_from_the_web(
        server: TicServer, tmp_path: Path) -> None:
    """The caches, which a file on disk naming the same path filled, serve a file from the web
    naming it nothing: there the path leads to the payer's server (caches are keyed by where a
    location leads), which is asked for it (and has no such file here)."""
    refs = tmp_path / "refs.json"
    refs.write_bytes(dumps(GROUPS))
    remote = RemoteReferences(tmp_path / "cache", FAST)
    assert remote.groups(str(refs), str(tmp_path / "in-network.json"))[0].npis == ("5555555555",)
    on_server = str(refs)
    with pytest.raises(InputError, match="HTTP 404"):
        remote.groups(on_server, server.url("/in-network.json"))
    with pytest.raises(InputError, match="HTTP 404"):  # a later run: the cache on disk
        RemoteReferences(tmp_path / "cache", FAST).groups(on_server, server.url("/x.json"))
    assert server.requests[on_server] == 2


@pytest.mark.parametrize("damage", [b"", b"[[1", b"null", b'[["1"]]', b'[[[1], "t", "ein"]]'])
def test_a_damaged_cache_file_is_fetched_again(server: TicServer, tmp_path: Path,
                                               damage: bytes) -> None:
    """A reference file kept in the store's cache and cut short (a full disk) or edited stopped
    the import with an internal error: it is fetched again and its cache file written anew."""
    server.files["/refs.json"] = dumps(GROUPS)
    url = server.url("/refs.json")
    first = RemoteReferences(tmp_path / "cache", FAST)
    expected = first.groups(url)
    (cached,) = (tmp_path / "cache").iterdir()
    cached.write_bytes(damage)
    again = RemoteReferences(tmp_path / "cache", FAST)
    assert again.groups(url) == expected and again.fetched == 1
    assert server.requests["/refs.json"] == 2
    assert RemoteReferences(tmp_path / "cache", FAST).groups(url) == expected  # mended
    assert server.requests["/refs.json"] == 2


@posix_only
@pytest.mark.parametrize(("where", "kind"), [("/dev/null", "a device"),
                                             ("fifo", "a named pipe (FIFO)")])
def test_an_index_on_disk_lists_files_only(tmp_path: Path, request: pytest.FixtureRequest,
                                           where: str, kind: str) -> None:
    """A table of contents on disk listing a named pipe hung the import: every in-network file
    is opened as a regular file only, and one that is not is a failure naming it."""
    location = str(request.getfixturevalue("fifo")) if where == "fifo" else where
    good = tmp_path / "good.json"
    good.write_bytes(dumps(in_network("Acme", [("97110", [(40.0, [1111111111])])])))
    toc = tmp_path / "toc.json"
    toc.write_bytes(table_of_contents("Acme", [(["P1"], [location, str(good)])]))
    report = pooled_report([str(toc)], OPTIONS, jobs=1, settings=ReadSettings(http=FAST))
    (failure,) = report.failures
    assert failure.reason == (f"TiC file '{location}' is {kind}, not a file; only files are "
                              f"read; listed as '{location}' by {toc}")
    assert [Path(f.path).name for f in report.files] == ["good.json"]
