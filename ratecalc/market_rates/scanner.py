"""Byte-level JSON helpers for the fast path: whitespace, strings, and where a value ends.

These never build Python objects. They find boundaries in a buffer of UTF-8 JSON so that only the
pieces we want are handed to a real parser (orjson). The one non-trivial piece is
:class:`StructureScanner`, which tracks bracket depth outside strings with numpy so that the end of
an object can be found without parsing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np

Buffer = bytes | bytearray  # the fast path reads into a bytearray changed in place
WHITESPACE = b" \t\r\n"
_WS = frozenset(WHITESPACE)
_DELIMITERS = tuple(bytes([c]) for c in b'{}[],:" \t\r\n')
_QUOTE = 0x22
_BACKSLASH = 0x5C
_OPEN = 0x7B  # '{'; '[' (0x5B) | 0x20 == 0x7B as well
_CLOSE = 0x7D  # '}'; ']' (0x5D) | 0x20 == 0x7D as well
# Bytes scanned per numpy call. The temporaries of one call take up to about 50 bytes per byte
# scanned when every byte is a bracket or a quote (int64 positions, their cumulative depth...):
# 256 KB keeps them near 13 MB whatever the input, and costs nothing measurable in speed.
WINDOW = 1 << 18


def skip_ws(buf: Buffer, i: int) -> int:
    """Index of the first non-whitespace byte at or after ``i`` (``len(buf)`` if none)."""
    n = len(buf)
    while i < n and buf[i] in _WS:
        i += 1
    return i


def skip_ws_back(buf: Buffer, i: int, floor: int = 0) -> int:
    """Index of the last non-whitespace byte at or before ``i`` (``floor - 1`` if none)."""
    while i >= floor and buf[i] in _WS:
        i -= 1
    return i


def string_end(buf: Buffer, i: int) -> int:
    """Index just past the closing quote of the string whose opening quote is at ``i``.

    Returns -1 when the buffer ends before the string does.
    """
    j = i + 1
    while True:
        j = buf.find(b'"', j)
        if j == -1:
            return -1
        k = j - 1
        while buf[k] == _BACKSLASH:
            k -= 1
        if (j - 1 - k) % 2 == 0:  # an even run of backslashes escapes itself, not the quote
            return j + 1
        j += 1


_SCALAR_END = re.compile(rb"[,}\] \t\r\n]")


def scalar_end(buf: Buffer, i: int) -> int:
    """Index just past a number, ``true``, ``false`` or ``null`` at ``i`` (-1 if cut off)."""
    m = _SCALAR_END.search(buf, i)  # in C: a 16 MB number took seconds byte by byte
    return -1 if m is None else m.start()


def token_run(buf: Buffer, start: int, stop: int, before: int) -> tuple[int, int]:
    """Lengths of numbers or literals (``true``...) crossing the ends of ``buf[start:stop]``.

    ``before`` bytes of one were open at ``start``. Returns ``(closed, open)``: that token's
    whole length if it ends here (else 0), and the bytes of one still open at ``stop``.
    Tokens wholly inside the piece are shorter than it and not measured.
    """
    closed = 0
    if before:
        first = min((j for d in _DELIMITERS if (j := buf.find(d, start, stop)) != -1),
                    default=-1)
        if first == -1:
            return 0, before + stop - start
        closed = before + first - start
    last = max(buf.rfind(d, start, stop) for d in _DELIMITERS)
    return closed, (stop - last - 1 if last != -1 else stop - start)


class StructureScanner:
    """Finds where a JSON object or array ends, feeding it the bytes piece by piece.

    State carried between pieces: bracket depth, whether we are inside a string, and whether the
    previous piece ended on an odd run of backslashes inside a string. Brackets inside strings
    are ignored; nothing else is validated (the parser that later reads the piece does that).

    Notes
    -----
    Vectorized with numpy: ``{``/``[`` and ``}``/``]`` are found by OR-ing 0x20 into every byte (it
    maps ``[`` onto ``{`` and ``]`` onto ``}`` and nothing else onto either); a bracket is inside a
    string when an odd number of unescaped quotes precede it.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.deepest = 0  # the largest depth seen, for the nesting limit
        self.in_string = False
        self.escape_pending = False
        self.string_run = 0  # bytes of a string still open after the last piece tracked
        self.longest = 0  # the longest string (quotes included) crossing a piece's end so far
        self.longest_depth = 0  # the depth at which it was

    def scan(self, buf: Buffer, start: int, stop: int) -> int:
        """Like :meth:`feed`, in growing windows, so that a short value in a long buffer ends
        the work early (a window costs time in proportion to its length)."""
        window = min(1 << 16, WINDOW)
        while start < stop:
            end = self.feed(buf, start, min(stop, start + window))
            if end != -1:
                return end
            start += window
            window = min(window * 4, WINDOW)
        return -1

    def feed(self, buf: Buffer, start: int, stop: int) -> int:
        """Scan ``buf[start:stop]``; return the index just past the closing bracket, or -1.

        The first structural byte seen must be the opening bracket of the value being measured.
        """
        if stop <= start:
            return -1
        qpos, spos, steps = self._brackets(buf, start, stop)
        self._closing(qpos)
        if spos.size:
            depth = self.depth + np.cumsum(steps)
            hits = np.flatnonzero(depth <= 0)
            if hits.size:
                self.deepest = max(self.deepest, int(depth[:hits[0]].max(initial=0)))
                return start + int(spos[hits[0]]) + 1
            self.depth = int(depth[-1])
            self.deepest = max(self.deepest, int(depth.max()))
        self._strings(qpos, stop - start)
        return -1

    def track(self, buf: Buffer) -> None:
        """Follow a whole stream piece by piece (``depth`` may go back to 0 and up again),
        keeping the deepest nesting seen in :attr:`deepest` and the length of a string still
        open at the end in :attr:`string_run`."""
        self.track_range(buf, 0, len(buf))

    def track_range(self, buf: Buffer, start: int, stop: int) -> None:
        """:meth:`track` over ``buf[start:stop]`` only."""
        for i in range(start, stop, WINDOW):
            self._track(buf, i, min(stop, i + WINDOW))

    def outside_strings(self, buf: Buffer, positions: Iterable[int], start: int = 0
                        ) -> Iterator[int]:
        """Those of ``positions`` (ascending, none before ``start``) that lie outside strings,
        following ``buf`` from ``start`` in this scanner's state, which it changes."""
        done = start
        for at in positions:
            self.track_range(buf, done, at)
            done = at
            if not self.in_string:
                yield at

    def _track(self, buf: Buffer, start: int, stop: int) -> None:
        qpos, spos, steps = self._brackets(buf, start, stop)
        self._closing(qpos)
        if spos.size:
            depth = self.depth + np.cumsum(steps)
            self.depth = int(depth[-1])
            self.deepest = max(self.deepest, int(depth.max()))
        self._strings(qpos, stop - start)

    def _closing(self, qpos: np.ndarray) -> None:
        """A string open since an earlier piece that ends in this one: note its whole length
        (at the depth the piece starts at: no bracket counts inside a string)."""
        if self.in_string and qpos.size:
            self._note(self.string_run + int(qpos[0]) + 1)

    def _note(self, length: int) -> None:
        if length > self.longest:
            self.longest, self.longest_depth = length, self.depth

    def _strings(self, qpos: np.ndarray, length: int) -> None:
        """After a piece of ``length`` bytes with unescaped quotes at ``qpos``: whether a string
        is open, and its length so far."""
        if qpos.size % 2:
            self.in_string = not self.in_string
        if not self.in_string:
            self.string_run = 0
        elif qpos.size:  # the string opened at the last quote
            self.string_run = length - int(qpos[-1])
        else:
            self.string_run += length
        self._note(self.string_run)  # an open string is at least this long already

    def _brackets(self, buf: Buffer, start: int, stop: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Quote positions, then the positions of brackets outside strings in
        ``buf[start:stop]`` (relative to ``start``) with +1 for an opening and -1 for a closing."""
        a = np.frombuffer(memoryview(buf)[start:stop], dtype=np.uint8)
        quotes = a == _QUOTE
        if self.escape_pending or buf.find(b"\\", start, stop) != -1:
            self._unescape(a, quotes)
        qpos = np.flatnonzero(quotes)
        folded = a | 0x20
        opens = folded == _OPEN
        spos = np.flatnonzero(opens | (folded == _CLOSE))
        if spos.size:
            before = np.searchsorted(qpos, spos) + int(self.in_string)
            spos = spos[(before & 1) == 0]
        return qpos, spos, np.where(opens[spos], 1, -1)

    def _unescape(self, a: np.ndarray, quotes: np.ndarray) -> None:
        """Clear quotes that a backslash escapes; remember a trailing unfinished escape."""
        backslashes = np.flatnonzero(a == _BACKSLASH)
        pending = self.escape_pending
        if pending:
            # The previous piece ended on an odd backslash run: this piece's first byte is escaped.
            quotes[0] = False
        run_start = -2
        run_len = 0
        escaped_first = pending
        for p in backslashes.tolist():
            if p == 0 and escaped_first:
                # that backslash is itself the escaped character
                continue
            if p == run_start + run_len:
                run_len += 1
            else:
                if run_len % 2 and run_start + run_len < a.size:
                    quotes[run_start + run_len] = False
                run_start, run_len = p, 1
        self.escape_pending = False
        if run_len % 2:
            end = run_start + run_len
            if end < a.size:
                quotes[end] = False
            else:
                self.escape_pending = True


def nesting_depth(buf: Buffer, start: int, stop: int) -> int:
    """The deepest bracket nesting in ``buf[start:stop]`` (brackets in strings not counted),
    relative to the depth at ``start``; measured :data:`WINDOW` bytes at a time, so the scan's
    temporary arrays stay small whatever the item's size."""
    scanner = StructureScanner()
    for i in range(start, stop, WINDOW):
        scanner._track(buf, i, min(stop, i + WINDOW))
    return scanner.deepest
