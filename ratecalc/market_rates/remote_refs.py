"""Schema 1.x remote provider references: fetch each ``location`` once, keep it on disk.

In schema 1.x a ``provider_references`` entry may give, instead of its ``provider_groups``, a
``location``: the URL of a small file holding them. Big payers used one such file per provider
group and pointed at the same ones from many in-network files, so each URL is fetched once per
run (a lock per URL across the worker processes, and an on-disk cache they share) and only for
the ids the kept prices use.
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
from ratecalc.market_rates.http_source import HttpSettings, fetch_bytes, is_url, shared_pool
from ratecalc.market_rates.records import ProviderGroup, provider_groups_from
from ratecalc.market_rates.source import utf8_json_start

MAX_REFERENCE_BYTES = 64 << 20  # a provider-reference file is a list of groups, not a rates file


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

    def groups(self, url: str) -> tuple[ProviderGroup, ...]:
        """The provider groups at ``url`` (a path works too, for a copy on disk)."""
        if url in self.memory:
            return self.memory[url]
        cached = self._cache_path(url)
        with self._lock(url):
            if cached is not None and cached.exists():
                rows = orjson.loads(cached.read_bytes())
                groups = tuple(ProviderGroup(tuple(n), t, k) for n, t, k in rows)
            else:
                if is_url(url):
                    data = fetch_bytes(url, MAX_REFERENCE_BYTES, self.settings,
                                       shared_pool(self.settings))
                else:
                    try:
                        data = Path(url).read_bytes()
                    except OSError as exc:
                        raise InputError(f"provider reference file '{url}': cannot open it "
                                         f"({exc.strerror})") from None
                self.fetched += 1
                groups = parse_reference_file(data, url)
                if cached is not None:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write(cached, orjson.dumps([[g.npis, g.tin, g.tin_type]
                                                        for g in groups]))
        self.memory[url] = groups
        return groups

