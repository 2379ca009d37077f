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
import os
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from ratecalc.errors import InputError
from ratecalc.file_signatures import GZIP, ZIP
from ratecalc.regular_files import open_regular, unopened

#: What ijson's reader (yajl) raises on invalid JSON. Besides its own error, UnicodeDecodeError:
#: yajl passes a string holding half of a UTF-16 surrogate pair (the escape ``\udfff``, or its
#: three bytes, as a program writing UTF-16 halves one by one encodes it) and Python's decoder
#: refuses it; it reached the user as an internal error. Every ijson reader catches these.
JSON_ERRORS: tuple[type[Exception], ...] = (ijson.JSONError, UnicodeDecodeError)

_DECOMPRESS_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)
_igzip_threaded: Any = None
try:  # ISA-L is optional: the standard library inflates the same files, only slower
    from isal import igzip_threaded as _igzip_threaded
    from isal import isal_zlib as _isal_zlib

    _DECOMPRESS_ERRORS += (_isal_zlib.error,)  # type: ignore[operator]  # stubs call it a value
except ImportError:  # pragma: no cover - exercised only where isal is missing
    pass

#: A UTF-8 byte-order mark: RFC 8259 lets a JSON reader ignore it, and Windows tools write it.
UTF8_BOM = b"\xef\xbb\xbf"
#: Byte-order marks of the encodings JSON read here is not in, longest first (UTF-32 LE starts
#: with UTF-16 LE's).
_OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
               (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
Progress = Callable[[int], None]
"""Called with the number of bytes of the file on disk consumed since the last call."""


def open_regular_file(path: str | Path, what: str, shown: str | None = None) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file
    (:func:`ratecalc.regular_files.open_regular`).

    A location a payer's file names (an index's ``in_network_files``, a provider reference's
    ``location``) is read only when it is a file: ``/dev/zero`` was read into memory until it
    ran out, and a named pipe hung the read for ever (its open waits for a writer).

    ``shown`` names it in messages instead of ``'<path>'`` (a location as a file wrote it,
    with that file: see :class:`~ratecalc.market_rates.locations.Reference`).

    Raises
    ------
    InputError
        ``<what> '<path>' does not exist|cannot be read (...)|is a folder|a named pipe
        (FIFO)|a device|a socket, not a file; only files are read``, in the words of
        :func:`ratecalc.regular_files.unopened`.
    """
    named = shown if shown is not None else f"'{path}'"
    try:
        return open_regular(path)
    except OSError as exc:
        words = unopened(exc)
        only = "; only files are read" if words.endswith("not a file") else ""
        raise InputError(f"{what} {named} {words}{only}") from None


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
            raw: BinaryIO = open_regular_file(self.path, "TiC file")
            self.size = os.fstat(raw.fileno()).st_size
        else:  # a download (ratecalc.market_rates.http_source): a URL is not a Path
            self.path, raw, self.size = str(path), stream, size or 0
        self._counter = _CountingReader(raw, progress)
        if checksum:
            self._counter.hasher = hashlib.sha256()
        # peek, not seek: a download cannot go back
        buffered = io.BufferedReader(self._counter, buffer_size=1 << 20)
        self.compressed = buffered.peek(2)[:2] == GZIP
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
        self.lead = 0  # bytes before the JSON (a UTF-8 byte-order mark), never handed out
        self._head: bytes | None = None  # the file's first bytes, until read() hands them out

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
        """Up to ``n`` bytes of JSON; ``b""`` at the end of the file.

        A UTF-8 byte-order mark at the start is left out; a file in another encoding (a UTF-16
        or UTF-32 byte-order mark, or UTF-16 without one) is refused in words.
        """
        if self._head is None:
            self._head = self._start()
        if self._head:
            data, self._head = self._head[:n], self._head[n:]
            if len(data) < n:
                data += self._read(n - len(data))
            self.offset += len(data)
            return data
        data = self._read(n)
        self.offset += len(data)
        return data

    def _start(self) -> bytes:
        """The first bytes of the file, its encoding checked and a UTF-8 BOM taken off."""
        head = b""
        while len(head) < 4 and (more := self._read(4 - len(head))):
            head += more
        self.lead = utf8_json_start(head, f"TiC file '{self.path}'", inflated=self.compressed)
        return head[self.lead:]

    def _read(self, n: int) -> bytes:
        try:
            data = self._stream.read(n)
        except _DECOMPRESS_ERRORS as exc:
            raise InputError(
                f"TiC file '{self.path}': corrupt or truncated gzip data after "
                f"{self.offset:,} bytes of JSON (byte {self._counter.consumed:,} of "
                f"{self.size:,} in the compressed file): {exc}"
            ) from None
        return bytes(data)

    def close(self) -> None:
        with contextlib.suppress(*_DECOMPRESS_ERRORS):  # read() already reported any error
            self._stream.close()

    def __enter__(self) -> TicSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self, offset: int) -> str:
        """Where a decompressed byte offset is, for messages (counted from the file's start,
        its byte-order mark included)."""
        if self.compressed:
            return f"byte {offset + self.lead:,} of the decompressed JSON"
        return f"byte {offset + self.lead:,}"


def utf8_json_start(head: bytes, what: str, *, inflated: bool = False) -> int:
    """Where the JSON starts in a file that starts with ``head`` (its first 4 bytes or more):
    after a UTF-8 byte-order mark (RFC 8259 lets a reader ignore it), else at 0. ``inflated``:
    ``head`` is what the file's gzip unpacked to.

    Raises
    ------
    InputError
        ``<what>: the file is UTF-16 (...)``: a UTF-16 or UTF-32 byte-order mark, or UTF-16
        without one (every other byte zero); Transparency-in-Coverage files are UTF-8. Or
        ``<what>: the file is a zip archive ...``, which RateCalc does not unpack. Or gzip
        data where the JSON should start: a file compressed twice (``.json.gz.gz``, or a
        ``.json.gz`` gzipped again), or, read as is, a gzip file where plain JSON is expected.
    """
    if head.startswith(UTF8_BOM):
        return len(UTF8_BOM)
    # some payers publish their files zipped: yajl said "lexical error: invalid char in json
    # text"
    if head.startswith(ZIP):
        raise InputError(f"{what}: the file is a zip archive; expected an in-network rates file "
                         "or table of contents as JSON (.json) or gzip (.json.gz): unzip it and "
                         "give the .json inside")
    if head.startswith(GZIP):  # orjson said "invalid JSON at byte 509 ... surrogate"
        if inflated:
            raise InputError(f"{what}: the file is gzip inside gzip (compressed more than "
                             "once); expected JSON (.json) or JSON compressed once with gzip "
                             "(.json.gz): unpack it once (gunzip) and give the .json.gz it holds")
        raise InputError(f"{what}: the file is gzip-compressed; expected JSON: unpack it "
                         "(gunzip) and give the .json")
    encoding = next((name for bom, name in _OTHER_BOMS if head.startswith(bom)), None)
    why = f"it starts with a {encoding} byte-order mark"
    if encoding is None and len(head) >= 2 and head[:2].count(0) == 1:
        encoding, why = "UTF-16", "every other byte of its start is zero"
    if encoding is not None:
        raise InputError(f"{what}: the file is {encoding} ({why}); Transparency-in-Coverage "
                         "files are UTF-8: save it as UTF-8")
    return 0


#: A surrogate half escaped (``\\ud800``), after its run of backslashes: it is an escape when
#: the run is odd (``\\\\ud800`` is a backslash, then text); a high half then a low one
#: (``low``) is a pair, one character.
_ESCAPED_HALF = re.compile(rb"(\\+)(u[dD](?:[89abAB][0-9a-fA-F]{2}"
                           rb"(?P<low>\\u[dD][c-fC-F][0-9a-fA-F]{2})?|[c-fC-F][0-9a-fA-F]{2}))")
#: A half as the three bytes a program writing UTF-16 halves one by one encodes (CESU-8): no
#: UTF-8 holds ``ED A0-BF``.
_ENCODED_HALF = re.compile(rb"\xed[\xa0-\xbf]")
_SURROGATE_WORDS = ("a string is not UTF-8 text: it holds half of a UTF-16 surrogate pair "
                    "(such as \\udfff)")


def lone_surrogate_at(data: bytes | bytearray | memoryview, start: int = 0) -> int | None:
    """Where in ``data`` the first lone half of a UTF-16 surrogate pair at or after ``start``
    starts; None when it holds none (``data`` is read from its first byte, which no backslash
    may precede, so that which backslashes escape is known).

    yajl (the fallback reader) made a lone high half ``\\ud800`` a ``?``, silently, and the
    fast reader (orjson) refused it: both readers refuse it, at its byte, in one message
    (:func:`lone_surrogate_error`).

    Examples
    --------
    >>> lone_surrogate_at(rb'"a\\ud800b"'), lone_surrogate_at(rb'"\\ud83d\\ude00 \\\\ud800"')
    (2, None)
    """
    raw = data if isinstance(data, bytes) else bytes(data)
    found: list[int] = []
    # substring tests first: most pieces hold neither, and a regex over each piece doubled
    # the fallback's time on a file of Korean text or accented escapes
    if b"\xed" in raw and (encoded := _ENCODED_HALF.search(raw, start)) is not None:
        found.append(encoded.start())
    if b"\\ud" in raw or b"\\uD" in raw:
        pos = 0
        while (match := _ESCAPED_HALF.search(raw, pos)) is not None:
            at = match.end(1) - 1  # the escape's backslash
            if len(match.group(1)) % 2 == 0:  # escaped backslashes, then text
                pos = match.end(1)
            elif match.group("low") is not None or at < start:  # a pair, or judged before
                pos = match.end()
            else:
                found.append(at)
                break
    return min(found, default=None)


def lone_surrogate_error(path: str | Path, where: str) -> InputError:
    """Both TiC readers' words for a lone half of a surrogate pair at ``where`` (``byte N``)."""
    return InputError(f"TiC file '{path}': invalid JSON at {where}: {_SURROGATE_WORDS}")


_PAIR = 12  # bytes of an escaped surrogate pair, \ud83d\ude00


class LoneSurrogateCheck:
    """Refuse a lone half of a UTF-16 surrogate pair (:func:`lone_surrogate_at`) in the pieces
    of ``source`` ijson is given, before it reads them: yajl makes a lone high half ``\\ud800``
    a "?" without a word, where the fast path refuses it. The in-network fallback and the
    table-of-contents reader (which has no fast path: an index's own header read as "?") check
    every piece they read with one.

    The end of each piece is looked at again with the next (an escape or a pair may be cut
    there), from a byte no backslash precedes, so that which backslashes escape is known: a
    half is judged only with the 12 bytes (a pair) before and after it in view.
    """

    def __init__(self, source: TicSource) -> None:
        self.source = source
        self.tail = b""  # the last piece's end, where a surrogate escape may be cut

    def check(self, data: bytes) -> None:
        """Raise :func:`lone_surrogate_error` at the half's byte when ``data``, the piece just
        read from the source, holds one."""
        window = self.tail + data
        at = lone_surrogate_at(window, _PAIR if self.tail else 0)
        # a high half this near the end may yet be followed by its low half
        if at is not None and (not data or at + _PAIR <= len(window)):
            start = self.source.offset - len(window) + at
            raise lone_surrogate_error(self.source.path, self.source.describe(start))
        keep = max(len(window) - 2 * _PAIR, 0)
        while keep > 0 and window[keep - 1] == 0x5C:  # a backslash
            keep -= 1
        self.tail = window[keep:]


class SurrogateCheckedReader:
    """``source`` read through a :class:`LoneSurrogateCheck`, for ijson."""

    def __init__(self, source: TicSource) -> None:
        self.source = source
        self.surrogates = LoneSurrogateCheck(source)

    def read(self, n: int) -> bytes:
        data = self.source.read(n)
        self.surrogates.check(data)
        return data


def json_error_text(exc: BaseException) -> str:
    """What ijson's parser (yajl) says of invalid JSON, in words: its first line, decoded.

    yajl quotes the text around the fault on the lines after the first, as ``bytes`` when the
    text is not UTF-8 (so a message showed ``b'lexical error: ... \\xff\\xfe{'``); the message
    names the byte instead.

    Examples
    --------
    >>> json_error_text(ValueError(b"lexical error: invalid char in json text.\\n  \\xff\\xfe{"))
    'lexical error: invalid char in json text.'
    >>> json_error_text(UnicodeDecodeError("utf-8", b"\\xed\\xbf\\xbf", 0, 1, "invalid"))
    'a string is not UTF-8 text: it holds half of a UTF-16 surrogate pair (such as \\\\udfff)'
    """
    if isinstance(exc, UnicodeDecodeError):
        return _SURROGATE_WORDS
    arg = exc.args[0] if len(exc.args) == 1 else exc
    text = (arg.decode("utf-8", "replace") if isinstance(arg, bytes | bytearray)
            else str(arg)).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__
