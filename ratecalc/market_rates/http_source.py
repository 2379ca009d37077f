"""Reading a TiC file straight from the payer's web server: a stream that survives dropped links.

Payers publish in-network files of tens of MB to tens of GB. They are read as they arrive (the
readers inflate gzip on the fly, see :class:`~ratecalc.market_rates.source.TicSource`), never
copied to disk first. When the connection drops or stalls, :class:`HttpStream` asks again for
the rest (an HTTP ``Range`` request from the byte reached), waiting longer after each failure, so
a 20 GB download does not start over because of one reset. A server that ignores ``Range``
answers with the whole file, whose first part is then read and dropped.

The client is urllib3: it exposes the raw bytes exactly as stored (``decode_content=False``: the
gzip is inflated once, by ISA-L, not by the HTTP layer), its ``Retry`` handles connection and 5xx
retries with backoff, and it is the layer requests is built on, without requests' session
machinery this needs none of. It is imported when a URL is read, not with this module: a file
on disk never needs it, and importing it (with ``http.client``, ``ssl`` and ``email``) cost a
fresh ``ratecalc import market-rates`` about 40 ms of CPU before any byte was read.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ratecalc.errors import InputError
from ratecalc.market_rates.source import Progress, TicSource

if TYPE_CHECKING:
    import urllib3


class DownloadError(InputError):
    """A URL could not be read: bad status, or the connection failed past the retries."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"TiC file '{url}': {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class HttpSettings:
    """How patiently to download.

    Attributes
    ----------
    timeout : float
        Seconds to wait for a connection, and for each read, before it counts as a failure.
    retries : int
        Failures tolerated per file (connect errors, 5xx/429 answers, drops mid-file).
    backoff : float
        Seconds before the first retry; doubled after each further failure (capped at 60 s).
    """

    timeout: float = 60.0
    retries: int = 5
    backoff: float = 1.0

    def pool(self) -> urllib3.PoolManager:
        import urllib3

        retry = urllib3.Retry(
            total=self.retries, backoff_factor=self.backoff, backoff_max=60.0,
            status_forcelist=(429, 500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
            raise_on_status=False, respect_retry_after_header=True,
        )
        return urllib3.PoolManager(
            retries=retry, timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
            headers={"User-Agent": "RateCalc (Transparency-in-Coverage reader)"},
        )


def is_url(text: str) -> bool:
    """Whether a SOURCE is a web address (http or https) rather than a path."""
    head = text[:8].lower()
    return head.startswith("http://") or head.startswith("https://")


class HttpStream(io.RawIOBase):
    """The bytes of one URL as stored on the server, resumed after a drop.

    Parameters
    ----------
    url : str
        ``http://`` or ``https://`` address.
    settings : HttpSettings, optional
        Timeout, retries and backoff.
    pool : urllib3.PoolManager, optional
        Connections to reuse (one per process is enough).

    Attributes
    ----------
    size : int or None
        The file's size as stored [bytes], from ``Content-Length``/``Content-Range``.
    resumed : int
        How many times the download was picked up again after a failure.

    Raises
    ------
    DownloadError
        On an answer other than 200/206 (404 names the URL and the status), or when the
        failures exceed ``settings.retries``.
    """

    def __init__(
        self, url: str, settings: HttpSettings | None = None,
        pool: urllib3.PoolManager | None = None,
    ) -> None:
        super().__init__()
        self.url = url
        self.settings = settings or HttpSettings()
        self._pool = pool or self.settings.pool()
        self.position = 0
        self.size: int | None = None
        self.resumed = 0
        self._failures = 0
        self._validator: str | None = None  # ETag or Last-Modified: the file must not change
        self._response: Any = None
        self._open()

    def readable(self) -> bool:
        return True

    def _open(self) -> None:
        from urllib3.exceptions import HTTPError as Urllib3Error

        headers = {"Accept-Encoding": "identity"}
        if self.position:
            headers["Range"] = f"bytes={self.position}-"
            if self._validator:
                headers["If-Range"] = self._validator
        try:
            response = self._pool.request(
                "GET", self.url, headers=headers, preload_content=False, decode_content=False)
        except Urllib3Error as exc:
            raise DownloadError(self.url, f"cannot download it ({_why(exc)})") from None
        status = response.status
        if status not in (200, 206):
            response.drain_conn()
            response.release_conn()
            reason = f"the server answered HTTP {status}"
            if status == 404:
                reason += " (not found: the link may have expired or moved)"
            elif status in (401, 403):
                reason += " (access denied: signed links expire; take a fresh link)"
            raise DownloadError(self.url, reason, status)
        if self._validator is None:
            self._validator = response.headers.get("ETag") or response.headers.get(
                "Last-Modified")
        if status == 206:
            total = response.headers.get("Content-Range", "").rpartition("/")[2]
            if total.isdigit():
                self.size = int(total)
        else:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and self.size is None:
                self.size = int(length)
            if self.position:  # Range ignored: the whole file again, skip what was read
                skip = self.position
                while skip:
                    dropped = response.read(min(skip, 1 << 20))
                    if not dropped:
                        raise DownloadError(self.url, "the file got shorter on a second request")
                    skip -= len(dropped)
        self._response = response

    def readinto(self, buffer: Any) -> int:
        from urllib3.exceptions import HTTPError as Urllib3Error

        while True:
            try:
                n = self._response.readinto(buffer)
            except (Urllib3Error, OSError) as exc:
                self._retry(exc)
                continue
            if n == 0 and self.size is not None and self.position < self.size:
                self._retry(None)  # closed early without an error
                continue
            self.position += n
            return int(n)

    def _retry(self, exc: BaseException | None) -> None:
        self._failures += 1
        why = _why(exc) if exc is not None else "the connection closed early"
        if self._failures > self.settings.retries:
            raise DownloadError(
                self.url, f"download failed at byte {self.position:,} after "
                f"{self.settings.retries} retries ({why})") from None
        self._response.close()  # a broken connection must not go back to the pool
        time.sleep(min(self.settings.backoff * 2 ** (self._failures - 1), 60.0))
        self.resumed += 1
        self._open()

    def close(self) -> None:
        if self._response is not None:
            if self.size is not None and self.position >= self.size:
                self._response.release_conn()
            else:  # left early (an index inspected, an error): unread bytes must not be reused
                self._response.close()
            self._response = None
        super().close()


def _causes() -> tuple[tuple[type[BaseException], str], ...]:
    """What went wrong, in words, for the errors a download meets most (urllib3's own texts are
    reprs of connection objects, and were cut mid-word)."""
    from urllib3 import exceptions

    return (
        (exceptions.NameResolutionError,
         "the server's name could not be found: no internet connection, or a mistyped address"),
        # before its base class ConnectTimeoutError: a refused connection is no timeout
        (exceptions.NewConnectionError, "no connection to the server could be made"),
        (exceptions.ConnectTimeoutError, "the server did not answer"),
        (exceptions.ReadTimeoutError, "the server stopped sending"),
        (exceptions.SSLError, "the secure (https) connection failed"),
        (exceptions.ProtocolError, "the connection broke off"),
    )


def _why(exc: BaseException) -> str:
    """Why a request failed, in words: the cause behind urllib3's retries where it is one of
    :func:`_causes`, else urllib3's text, cut short at a word."""
    from urllib3.exceptions import MaxRetryError

    cause = getattr(exc, "reason", None) if isinstance(exc, MaxRetryError) else exc
    for kind, words in _causes():
        if isinstance(cause, kind) or isinstance(exc, kind):
            return words
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:200].rsplit(" ", 1)[0] + " ..."


def fetch_bytes(url: str, limit: int, settings: HttpSettings | None = None,
                pool: urllib3.PoolManager | None = None) -> bytes:
    """A small file whole (a remote provider-reference file), refused past ``limit`` bytes."""
    stream = HttpStream(url, settings, pool)
    try:
        if stream.size is not None and stream.size > limit:
            raise DownloadError(url, f"{stream.size:,} bytes, more than the {limit:,} allowed "
                                "for this kind of file")
        out = bytearray()
        chunk = bytearray(1 << 16)
        while (n := stream.readinto(chunk)) > 0:
            out += chunk[:n]
            if len(out) > limit:
                raise DownloadError(url, f"more than the {limit:,} bytes allowed for this kind "
                                    "of file")
        return bytes(out)
    finally:
        stream.close()


_POOLS: dict[HttpSettings, urllib3.PoolManager] = {}


def shared_pool(settings: HttpSettings) -> urllib3.PoolManager:
    """One connection pool per process and settings (connections to a payer's host are reused)."""
    pool = _POOLS.get(settings)
    if pool is None:
        pool = _POOLS[settings] = settings.pool()
    return pool


def open_location(
    location: str,
    progress: Progress | None = None,
    *,
    checksum: bool = False,
    settings: HttpSettings | None = None,
) -> TicSource:
    """A TiC file opened for streaming, from a path or an http(s) URL."""
    if is_url(location):
        settings = settings or HttpSettings()
        stream = HttpStream(location, settings, shared_pool(settings))
        return TicSource(location, progress, stream=stream,  # type: ignore[arg-type]
                         size=stream.size, checksum=checksum)
    return TicSource(location, progress, checksum=checksum)
