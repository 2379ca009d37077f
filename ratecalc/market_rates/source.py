"""Opening a Transparency-in-Coverage file: plain JSON or gzip, read as a stream of bytes.

Gzip is recognised by its magic bytes, not the file name. It is inflated with ISA-L (``isal``,
several times faster than zlib) when installed, else with the standard library. Progress is
counted in bytes of the file on disk, so a progress bar over a ``.json.gz`` ends at its size.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ratecalc.errors import InputError

_DECOMPRESS_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)
_igzip_threaded: Any = None
try:  # ISA-L is optional: the standard library inflates the same files, only slower
    from isal import igzip_threaded as _igzip_threaded
    from isal import isal_zlib as _isal_zlib

    _DECOMPRESS_ERRORS += (_isal_zlib.error,)  # type: ignore[operator]  # stubs call it a value
except ImportError:  # pragma: no cover - exercised only where isal is missing
    pass

GZIP_MAGIC = b"\x1f\x8b"
Progress = Callable[[int], None]
"""Called with the number of bytes of the file on disk consumed since the last call."""


class _CountingReader(io.RawIOBase):
    """A raw file that reports how many bytes have been read from disk."""

    def __init__(self, raw: BinaryIO, progress: Progress | None) -> None:
        self._raw = raw
        self._progress = progress
        self.consumed = 0
        self.hasher: Any = None  # hashlib object fed every byte read, when asked for

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.consumed += n
            if self.hasher is not None:
                self.hasher.update(memoryview(buffer)[:n])
            if self._progress is not None:
                self._progress(n)
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


class TicSource:
    """A TiC file opened for streaming: ``read(n)`` returns decompressed JSON bytes.

    Parameters
    ----------
    path : str or Path
        A ``.json`` file or a gzip-compressed one (``.json.gz``; detected by content).
    progress : callable, optional
        Receives byte counts of the file on disk as they are read (for a progress bar).
    stream : binary file, optional
        Read this instead of opening ``path``, which then only names it (a URL, for a download:
        see :mod:`ratecalc.market_rates.http_source`); read forward only, never seeked.
    size : int, optional
        Size of ``stream`` as stored [bytes], when known.
    checksum : bool
        Compute the SHA-256 of the bytes as stored while reading (see :meth:`sha256`).

    Notes
    -----
    Read errors of the compressed stream (corrupt or truncated gzip) become
    :class:`~ratecalc.errors.InputError` naming the file and the offset reached, in decompressed
    JSON bytes and in bytes of the file.
    """

    def __init__(
        self,
        path: str | Path,
        progress: Progress | None = None,
        *,
        stream: BinaryIO | None = None,
        size: int | None = None,
        checksum: bool = False,
    ) -> None:
        self.path: str | Path
        if stream is None:
            self.path = Path(path)
            try:
                raw: BinaryIO = open(self.path, "rb")  # noqa: SIM115 - closed by close()
            except OSError as exc:
                raise InputError(
                    f"TiC file '{self.path}': cannot open it ({exc.strerror})") from None
            self.size = self.path.stat().st_size
        else:  # a download (ratecalc.market_rates.http_source): a URL is not a Path
            self.path, raw, self.size = str(path), stream, size or 0
        self._counter = _CountingReader(raw, progress)
        if checksum:
            self._counter.hasher = hashlib.sha256()
        # peek, not seek: a download cannot go back
        buffered = io.BufferedReader(self._counter, buffer_size=1 << 20)
        self.compressed = buffered.peek(2)[:2] == GZIP_MAGIC
        self._stream: Any  # BufferedReader, GzipFile or isal's threaded reader
        if self.compressed:
            if _igzip_threaded is not None:
                # one background thread inflates while this one scans: the machine has 2+ cores
                self._stream = _igzip_threaded.open(buffered, "rb", threads=1)
            else:  # pragma: no cover
                self._stream = gzip.GzipFile(fileobj=buffered, mode="rb")
        else:
            self._stream = buffered
        self.offset = 0  # decompressed bytes handed out so far

    @property
    def consumed(self) -> int:
        """Bytes of the file (compressed, as stored) read so far."""
        return self._counter.consumed

    def sha256(self) -> str | None:
        """SHA-256 of the file as stored, once every byte of it has been read (else None)."""
        hasher = self._counter.hasher
        if hasher is None or not self._counter.consumed or (
                self.size and self._counter.consumed != self.size):
            return None
        return str(hasher.hexdigest())

    def set_progress(self, progress: Progress | None) -> None:
        """Report bytes read from disk from now on to ``progress``."""
        self._counter._progress = progress

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes of JSON; ``b""`` at the end of the file."""
        try:
            data = self._stream.read(n)
        except _DECOMPRESS_ERRORS as exc:
            raise InputError(
                f"TiC file '{self.path}': corrupt or truncated gzip data after "
                f"{self.offset:,} bytes of JSON (byte {self._counter.consumed:,} of "
                f"{self.size:,} in the compressed file): {exc}"
            ) from None
        self.offset += len(data)
        return data

    def close(self) -> None:
        with contextlib.suppress(*_DECOMPRESS_ERRORS):  # read() already reported any error
            self._stream.close()

    def __enter__(self) -> TicSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self, offset: int) -> str:
        """Where a decompressed byte offset is, for messages."""
        if self.compressed:
            return f"byte {offset:,} of the decompressed JSON"
        return f"byte {offset:,}"
