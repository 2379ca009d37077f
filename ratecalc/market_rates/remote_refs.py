"""Schema 1.x remote provider references: fetch each ``location`` once, keep it on disk.

In schema 1.x a ``provider_references`` entry may give, instead of its ``provider_groups``, a
``location``: the URL of a small file holding them. Big payers used one such file per provider
group and pointed at the same ones from many in-network files, so each URL is fetched once per
run (a lock per URL across the worker processes, and an on-disk cache they share) and only for
the ids the kept prices use.

A location is read only as a file or an http(s) address. A relative one is taken relative to the
in-network file that names it (:func:`~ratecalc.market_rates.locations.resolve_location`), never
the folder RateCalc runs in. One named by a file read from the web must lead to an http(s)
address: a payer's file may not make RateCalc read this machine's files or devices
(``/dev/zero`` ran it out of memory, a named pipe hung it). One on disk is read only if it is a
regular file, and at most :data:`MAX_REFERENCE_BYTES` of it, as a download.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from ratecalc.atomic import atomic_write
from ratecalc.errors import InputError
from ratecalc.market_rates.http_source import (
    DownloadError,
    HttpSettings,
    fetch_bytes,
    is_url,
    shared_pool,
)
from ratecalc.market_rates.limits import MAX_REFERENCE_BYTES
from ratecalc.market_rates.locations import resolve_location
from ratecalc.market_rates.records import ProviderGroup, provider_groups_from
from ratecalc.market_rates.source import open_regular_file, utf8_json_start
from ratecalc.regular_files import read_regular

__all__ = ["MAX_REFERENCE_BYTES", "RemoteReferences", "parse_reference_file", "read_local"]


def read_local(path: str, limit: int, shown: str | None = None) -> bytes:
    """A provider-reference file on disk, whole: a regular file of at most ``limit`` bytes.

    ``shown`` names it in messages instead of ``'<path>'`` (as its in-network file wrote it).

    Raises
    ------
    InputError
        It cannot be opened, is not a regular file (a folder, a device, a named pipe), or is
        larger than ``limit``.
    """
    what = "provider reference file"
    named = shown if shown is not None else f"'{path}'"
    with open_regular_file(path, what, named) as file:
        data = file.read(limit + 1)  # a file growing while read stops here too
    if len(data) > limit:
        raise InputError(f"{what} {named}: more than the {limit:,} bytes allowed for this kind "
                         "of file")
    return data


def _cached(path: Path) -> tuple[ProviderGroup, ...] | None:
    """Groups kept in the cache by an earlier fetch; None where the cache file is missing or
    damaged (cut short by a full disk, edited), which is then fetched and written again.

    It is read only when it is a file, within :data:`MAX_REFERENCE_BYTES` (its source's own
    limit; the cache holds less than its source): one replaced by a named pipe hung the
    import, and one linked to ``/dev/zero`` was read until memory ran out.
    """
    try:
        data = read_regular(path, MAX_REFERENCE_BYTES)
        if len(data) > MAX_REFERENCE_BYTES:
            return None
        rows = orjson.loads(data)
        groups = tuple(ProviderGroup(tuple(npis), tin, kind) for npis, tin, kind in rows)
    except (OSError, orjson.JSONDecodeError, TypeError, ValueError):
        return None
    if all(isinstance(g.tin, str) and isinstance(g.tin_type, str)
           and all(isinstance(n, str) for n in g.npis) for g in groups):
        return groups
    return None


def _keep(path: Path, groups: tuple[ProviderGroup, ...]) -> None:
    """Write ``groups`` to the cache, if it can be: a cache file that cannot be written (a
    folder in its place, a full disk) costs the next run a fetch, never this run its prices
    (a folder there stopped the import with an internal error)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, orjson.dumps([[g.npis, g.tin, g.tin_type] for g in groups]))
    except OSError:
        pass


def parse_reference_file(data: bytes, location: str) -> tuple[ProviderGroup, ...]:
    """Provider groups of a remote reference file: ``{"provider_groups": [...]}`` (or the list).

    Raises
    ------
    InputError
        Not JSON, or no ``provider_groups`` array.
    """
    start = utf8_json_start(data[:4], f"provider reference file '{location}'")
    try:
        parsed = orjson.loads(memoryview(data)[start:])
    except orjson.JSONDecodeError as exc:
        raise InputError(f"provider reference file '{location}': not JSON ({exc})") from None
    raw = parsed.get("provider_groups") if isinstance(parsed, dict) else parsed
    if not isinstance(raw, list):
        raise InputError(f"provider reference file '{location}': expected a "
                         "'provider_groups' array")
    return provider_groups_from(raw)


class RemoteReferences:
    """Resolves remote provider-reference locations, once per URL.

    Parameters
    ----------
    cache_dir : Path, optional
        Where fetched files are kept (as compact JSON, one file per URL); shared by the worker
        processes of a run and by later runs with the same store. None keeps them in memory.
    settings : HttpSettings, optional
        Download settings.
    locks : sequence of lock, optional
        Locks shared by the processes (``multiprocessing.Manager().Lock()``); the URL's hash
        picks one, so two workers never fetch the same URL. Default: thread locks.
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        settings: HttpSettings | None = None,
        locks: Sequence[Any] | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.settings = settings or HttpSettings()
        self.locks: Sequence[Any] = locks or [threading.Lock() for _ in range(16)]
        self.memory: dict[str, tuple[ProviderGroup, ...]] = {}
        self.fetched = 0  # downloads made by this object

    @contextlib.contextmanager
    def _lock(self, url: str) -> Iterator[None]:
        lock = self.locks[int(hashlib.sha256(url.encode()).hexdigest()[:8], 16) % len(self.locks)]
        lock.acquire()
        try:
            yield
        finally:
            lock.release()

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def groups(self, location: str, named_by: str | None = None) -> tuple[ProviderGroup, ...]:
        """The provider groups at ``location``, as the in-network file ``named_by`` writes it.

        With ``named_by``, ``location`` is resolved against it (see
        :func:`~ratecalc.market_rates.locations.resolve_location`): a relative one is taken
        from that file's URL or folder, and one named by a file from the web must lead to an
        http(s) address (checked before any cache, which a local file may have filled).
        Without, ``location`` is taken as it is: a URL, or a path (a copy on disk). The caches
        are keyed by where it leads, so two files writing the same relative location in two
        folders get each their own.

        Raises
        ------
        InputError
            It cannot be read (see :func:`read_local`, :func:`fetch_bytes`), is not an http(s)
            address named by a file from the web, or holds no provider groups. The message
            names the location as written, the file naming it and where it led.
        """
        what = "provider reference file"
        if named_by is None:
            url, shown = location, f"'{location}'"
        else:
            reference = resolve_location(location, named_by, what)
            url, shown = reference.location, str(reference)
        if url in self.memory:
            return self.memory[url]
        cached = self._cache_path(url)
        with self._lock(url):
            groups = _cached(cached) if cached is not None and cached.exists() else None
            if groups is None:
                if is_url(url):
                    try:
                        data = fetch_bytes(url, MAX_REFERENCE_BYTES, self.settings,
                                           shared_pool(self.settings))
                    except DownloadError as exc:
                        raise InputError(f"{what} {shown}: {exc.reason}") from None
                else:
                    data = read_local(url, MAX_REFERENCE_BYTES, shown)
                self.fetched += 1
                groups = parse_reference_file(data, url)
                if cached is not None:
                    _keep(cached, groups)
        self.memory[url] = groups
        return groups
