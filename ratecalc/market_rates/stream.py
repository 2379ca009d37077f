"""The fast path: split the ``in_network`` array at item boundaries, parse only matching items.

A TiC in-network file is one JSON object whose ``in_network`` array holds one object per billing
code, typically thousands of them and gigabytes in all, of which a clinic wants a few dozen. This
reader never builds the items it does not want: it finds item boundaries with ``bytes.find`` and
hands the bytes of a matching item to orjson.

Why the boundaries can be found by search
-----------------------------------------
Every ``in_network`` item, and nothing else in the schema, has the key ``negotiation_arrangement``.
When writers put it first (the CMS examples and every real file seen do), each item starts with
``{"negotiation_arrangement"``. That byte sequence cannot occur inside a JSON string, where a quote
must be escaped, so each occurrence followed by ``:`` is the start of an item, and the previous
item ends at the ``}`` before the comma. Likewise ``provider_group_id`` and ``network_name`` for
the top-level ``provider_references``. An item is wanted when one of its ``"billing_code"`` values
is a wanted code; the real code is then checked on the parsed object (a bundle's contained codes
also use that key, costing at most a needless parse). A matching item's plain
``provider_groups`` arrays, most of its bytes in a real file, are read from the bytes by
:meth:`~ratecalc.market_rates.records.GroupCache.cut`. msgspec decodes the rest into typed structs
when it has the common shape (:class:`~ratecalc.market_rates.records.TypedItem`: every item of
the real files seen), and orjson into dicts otherwise.

Where it does not fit, :class:`LayoutMismatch` is raised and the caller reads the file with the
ijson fallback: items whose first key is another one, an unparseable matching item, an item
bigger than ``max_item_bytes``. The end of the last item of an array is found with the bracket
scanner (:class:`~ratecalc.market_rates.scanner.StructureScanner`), as is the end of any item that
grows past ``scan_after`` bytes without a next item in sight.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec
import orjson

from ratecalc.errors import InputError
from ratecalc.market_rates.limits import (
    DIGIT_MASK,
    MAX_DEPTH,
    MAX_OBJECT_BYTES,
    exponent_out_of_range,
    has_huge_exponent,
    long_digit_runs,
    too_big,
    too_deep,
    too_many_digits,
)
from ratecalc.market_rates.provider_refs import ProviderReferences
from ratecalc.market_rates.records import (
    TYPED_ITEM,
    GroupCache,
    GroupCut,
    PriceCollector,
    check_top_key,
    normalize_code,
    normalize_ref_id,
)
from ratecalc.market_rates.scanner import (
    StructureScanner,
    nesting_depth,
    scalar_end,
    skip_ws,
    skip_ws_back,
    string_end,
    token_run,
)
from ratecalc.market_rates.source import TicSource, lone_surrogate_at, lone_surrogate_error

# Bytes read per call: large enough that per-read overhead vanishes, small enough that the
# memory each read and the buffer's growth take is reused from one read to the next. At 8 MiB
# every read was fresh memory, mapped page by page by the kernel: a fresh process reading a
# 300 MB file for three codes took 0.33 CPU-s against 0.27 at 1 MiB, and peaked 13 MB higher.
CHUNK_SIZE = 1 << 20
MAX_ITEM_BYTES = MAX_OBJECT_BYTES  # a bigger item goes to the fallback (one rate at a time)
SCAN_AFTER = 8 << 20  # an item this long without a successor may be the array's last

IN_NETWORK_MARKERS = (b"negotiation_arrangement",)
REFERENCE_MARKERS = (b"provider_group_id", b"network_name")
_BILLING_CODE_KEY = b'"billing_code"'
_JSON_NUMBER = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_GROUP_ID_KEY = b'"provider_group_id"'
_PROVIDER_GROUPS_KEY = b'"provider_groups"'
_LBRACE, _RBRACE, _LBRACKET, _RBRACKET = 0x7B, 0x7D, 0x5B, 0x5D
_COMMA, _COLON, _QUOTE = 0x2C, 0x3A, 0x22


class LayoutMismatch(Exception):
    """The file is valid as far as we know, but its layout does not fit the fast path."""


class FastReader:
    """One pass over a TiC file with the byte-level fast path.

    Parameters
    ----------
    source : TicSource
        The opened file.
    collector : PriceCollector
        Receives the matching ``in_network`` items.
    references : ProviderReferences, optional
        Receives the ``provider_references`` objects it wants; None skips them (their ids are not
        known yet when they come before ``in_network``).
    stop_after_references : bool
        Stop once ``provider_references`` has been read (the second pass of a file that lists
        them first).
    chunk_size, max_item_bytes, scan_after : int
        Tuning [bytes]; tests use tiny chunks to exercise every buffer boundary.
    """

    def __init__(
        self,
        source: TicSource,
        collector: PriceCollector | None,
        references: ProviderReferences | None,
        *,
        stop_after_references: bool = False,
        chunk_size: int = CHUNK_SIZE,
        max_item_bytes: int = MAX_ITEM_BYTES,
        scan_after: int = SCAN_AFTER,
    ) -> None:
        self.source = source
        self.collector = collector
        self.references = references
        self.stop_after_references = stop_after_references
        self.chunk_size = chunk_size
        self.max_item_bytes = max_item_bytes
        self.scan_after = scan_after
        self.buf = bytearray()
        self.base = 0  # offset in the JSON stream of buf[0]
        self.eof = False
        self.header: dict[str, Any] = {}
        self.top_keys: list[str] = []
        self.saw_in_network = False
        self.references_first = False  # provider_references came before in_network

    # -- buffer ---------------------------------------------------------------------------------

    def _more(self, keep: int) -> int:
        """Drop ``buf[:keep]`` and append what the file has next; return the bytes dropped.

        The buffer is a bytearray changed in place (dropping its head is O(1), appending
        amortized O(1)): a new bytes object per read held the old buffer, its tail and the
        read at once, 80 MB for an item at the 16 MB limit. Fixed-size reads keep it at most
        ``chunk_size`` past what is kept.
        """
        if self.eof:
            return 0
        chunk = self.source.read(self.chunk_size)
        if not chunk:
            self.eof = True
        del self.buf[:keep]
        self.buf += chunk
        self.base += keep
        return keep

    def _ws(self, i: int) -> int:
        """Skip whitespace from ``i``, reading on as needed; the result indexes a byte (or EOF)."""
        while True:
            j = skip_ws(self.buf, i)
            if j < len(self.buf) or self.eof:
                return j
            i = j - self._more(j)

    def _byte(self, i: int, expected: str) -> int:
        if i >= len(self.buf):
            raise self._truncated(i, expected)
        return self.buf[i]

    def _where(self, i: int) -> str:
        return self.source.describe(self.base + i)

    def _truncated(self, i: int, expected: str) -> InputError:
        return InputError(
            f"TiC file '{self.source.path}': the JSON ends at {self._where(i)} where {expected} "
            "was expected: the file is truncated or not JSON"
        )

    def _bad(self, i: int, expected: str) -> InputError:
        got = self.buf[i:i + 20].decode("utf-8", "replace")
        return InputError(
            f"TiC file '{self.source.path}', {self._where(i)}: expected {expected}, got {got!r}"
        )

    # -- top level ------------------------------------------------------------------------------

    def run(self) -> None:
        """Walk the top-level object: header scalars, ``in_network``, ``provider_references``."""
        self._more(0)
        i = self._ws(0)
        if self.buf.startswith(b"\xef\xbb\xbf", i):  # a UTF-8 byte-order mark some writers add
            i = self._ws(i + 3)
        if i >= len(self.buf):
            raise InputError(f"TiC file '{self.source.path}' is empty")
        if self.buf[i] != _LBRACE:
            raise InputError(
                f"TiC file '{self.source.path}' is not an in-network rates file: expected a JSON "
                f"object at {self._where(i)}, got {bytes(self.buf[i:i + 20])!r}"
            )
        i = self._ws(i + 1)
        if self._byte(i, "a key or '}'") == _RBRACE:
            self._finish(i + 1)
            return
        while True:
            key, i = self._key(i)
            self.top_keys.append(key)
            check_top_key(self.source.path, key)
            if key == "in_network":
                if self._byte(i, "'['") != _LBRACKET:
                    raise self._bad(i, "'[' (in_network is an array)")
                self.saw_in_network = True
                i = self._array(i + 1, IN_NETWORK_MARKERS, self._in_network_item)
            elif key == "provider_references" and self._byte(i, "a value") == _LBRACKET:
                if self.references is None and self.collector is not None and self.saw_in_network:
                    # after in_network: the ids wanted prices use are known, keep only those
                    self.references = ProviderReferences(self.collector.needed_refs)
                if self.references is None:
                    self.references_first = not self.saw_in_network
                    i = self._skip_references(i)
                else:
                    i = self._array(i + 1, REFERENCE_MARKERS, self._reference_item)
                    if self.stop_after_references:
                        return
            else:
                i = self._scalar_or_skip(key, i)
            i = self._ws(i)
            c = self._byte(i, "',' or '}'")
            if c == _COMMA:
                i = self._ws(i + 1)
                continue
            if c == _RBRACE:
                self._finish(i + 1)
                return
            raise self._bad(i, "',' or '}' after the value of top-level key " + repr(key))

    def _finish(self, i: int) -> None:
        i = self._ws(i)
        if i < len(self.buf):
            raise self._bad(i, "the end of the file after the top-level object")

    def _key(self, i: int) -> tuple[str, int]:
        """Read ``"key" :`` at ``i``; return the key and the index of its value."""
        if self._byte(i, "a key") != _QUOTE:
            raise self._bad(i, "a quoted key")
        while (end := string_end(self.buf, i)) == -1:
            if len(self.buf) - i > MAX_OBJECT_BYTES:
                raise too_big(self.source.path, "a top-level key", MAX_OBJECT_BYTES)
            if self.eof:
                raise self._truncated(len(self.buf), "the end of a key")
            i -= self._more(i)
        if end - i > MAX_OBJECT_BYTES:
            raise too_big(self.source.path, "a top-level key", MAX_OBJECT_BYTES)
        try:
            key = orjson.loads(self.buf[i:end])
        except orjson.JSONDecodeError as exc:  # e.g. a control character: the fallback decides
            raise LayoutMismatch(f"a key at {self._where(i)} does not parse ({exc})") from None
        j = self._ws(end)
        if self._byte(j, "':'") != _COLON:
            raise self._bad(j, "':' after key " + repr(key))
        return key, self._ws(j + 1)

    def _scalar_or_skip(self, key: str, i: int) -> int:
        """Read a top-level value that is not one of the two arrays: keep scalars, skip the rest."""
        c = self._byte(i, "a value")
        if c in (_LBRACE, _LBRACKET):
            return self._skip_array(i)
        finder = string_end if c == _QUOTE else scalar_end
        while (end := finder(self.buf, i)) == -1:
            if len(self.buf) - i > MAX_OBJECT_BYTES:
                raise self._too_long_value(i, len(self.buf), key)
            if self.eof:
                if finder is scalar_end:
                    end = len(self.buf)
                    break
                raise self._truncated(len(self.buf), f"the end of the value of {key!r}")
            i -= self._more(i)
        if end - i > MAX_OBJECT_BYTES:
            raise self._too_long_value(i, end, key)
        if self.buf[i] != _QUOTE and has_huge_exponent(self.buf, i, end):
            raise exponent_out_of_range(self.source.path)
        try:
            self.header[key] = orjson.loads(self.buf[i:end])
        except orjson.JSONDecodeError:
            at = lone_surrogate_at(self.buf[i:end]) if self.buf[i] == _QUOTE else None
            if at is not None:  # the fallback refuses it in these words, at this byte
                raise lone_surrogate_error(self.source.path, self._where(i + at)) from None
            self.header[key] = self._wide_number(i, end, key)
        return end

    def _too_long_value(self, i: int, end: int, key: str) -> InputError:
        """The error for a top-level value past the token limit: a number is refused for its
        digits first, as the fallback (which measures them piece by piece) refuses it."""
        if self.buf[i] != _QUOTE and self._long_digits(i, end):
            return too_many_digits(self.source.path)
        return too_big(self.source.path, f"the value of top-level key {key!r}", MAX_OBJECT_BYTES)

    def _long_digits(self, i: int, end: int) -> bool:
        return next(long_digit_runs(bytes(self.buf[i:end]).translate(DIGIT_MASK)), None) is not None

    def _wide_number(self, i: int, end: int, key: str) -> float:
        """A top-level number orjson refuses because it is past a double's range: the infinity
        (or zero) the fallback reads (ijson's Decimal made a float), or the fallback's limits."""
        text = bytes(self.buf[i:end])
        if not _JSON_NUMBER.fullmatch(text):
            raise self._bad(i, f"a JSON value for top-level key {key!r}")
        if self._long_digits(i, end):
            raise too_many_digits(self.source.path)
        try:
            return float(Decimal(text.decode()))  # as the fallback reads it, through ijson
        except InvalidOperation:
            raise exponent_out_of_range(self.source.path) from None

    def _skip_references(self, i: int) -> int:
        """Skip ``provider_references`` (at ``i``, its ``[``): by item search when it fits."""
        j = self._ws(i + 1)  # may drop the '[': the scanner below then starts at an item
        c = self._byte(j, "a provider reference or ']'")
        if c == _RBRACKET:
            return j + 1
        if c == _LBRACE:
            j, first = self._item_head(j)
            if self._marker_at(first, REFERENCE_MARKERS) is not None:
                return self._array(j, REFERENCE_MARKERS, self._reference_item)
        # Unknown item layout: measure the rest of the array with the bracket scanner.
        scanner = StructureScanner()
        scanner.depth = 1  # inside the array already
        run = 0
        while (end := scanner.scan(self.buf, j, len(self.buf))) == -1:
            if self.eof:
                raise self._truncated(len(self.buf), "the end of provider_references")
            run = self._check_run(scanner, j, len(self.buf), run)
            self._more(len(self.buf))
            j = 0
        self._check_run(scanner, j, end, run)
        self._check_depth(scanner, 1)
        return end

    def _skip_array(self, i: int) -> int:
        """Skip the object or array starting at ``i`` without keeping it; return the index after."""
        scanner = StructureScanner()
        run = 0
        while (end := scanner.scan(self.buf, i, len(self.buf))) == -1:
            if self.eof:
                raise self._truncated(len(self.buf), "the end of an array or object")
            run = self._check_run(scanner, i, len(self.buf), run)
            self._more(len(self.buf))
            i = 0
        self._check_run(scanner, i, end, run)
        self._check_depth(scanner, 1)
        return end

    def _check_run(self, scanner: StructureScanner, start: int, stop: int, run: int) -> int:
        """The limit on one string or number, in a container skipped unread: the fallback
        (whose parser holds such a token whole) refuses it, so this path does too. ``run``:
        bytes of a number open at ``start``; returns those open at ``stop``."""
        closed, run = token_run(self.buf, start, stop, run)
        if max(closed, run, scanner.longest) > MAX_OBJECT_BYTES:
            raise too_big(self.source.path, "one JSON string or number", MAX_OBJECT_BYTES)
        return run

    def _check_depth(self, scanner: StructureScanner, above: int) -> None:
        """Apply the nesting limit to what ``scanner`` measured ``above`` levels down."""
        if scanner.deepest + above > MAX_DEPTH:
            raise too_deep(self.source.path)

    # -- arrays of items ------------------------------------------------------------------------

    def _array(self, i: int, markers: tuple[bytes, ...], on_item: Any) -> int:
        """Hand each object of the array opened just before ``i`` to ``on_item(start, end)``.

        Returns the index just past the closing ``]``.
        """
        i = self._ws(i)
        c = self._byte(i, "an array item or ']'")
        if c == _RBRACKET:
            return i + 1
        if c != _LBRACE:
            raise LayoutMismatch(f"array items are not objects at {self._where(i)}")
        i, first = self._item_head(i)
        marker = self._marker_at(first, markers)
        if marker is None:
            raise LayoutMismatch(
                f"items do not start with one of the keys {[m.decode() for m in markers]} "
                f"at {self._where(first)}"
            )
        start = i  # '{' of the current item
        search = first + len(marker)
        # Searching for the key without its quotes is about twice as fast: quotes are so common
        # in JSON that a needle ending in one keeps failing late.
        bare = marker[1:-1]
        scanner: StructureScanner | None = None
        scanned = start
        while True:
            k = self.buf.find(bare, search) if scanner is None else -1
            if k != -1:
                if k + len(bare) >= len(self.buf):
                    k = -1  # its closing quote is not read yet: read on, then search again
                elif self.buf[k - 1] != _QUOTE or self.buf[k + len(bare)] != _QUOTE:
                    search = k + 1  # the key's letters inside some other word
                    continue
                else:
                    k -= 1  # the opening quote
            if k != -1:
                after = skip_ws(self.buf, k + len(marker))
                if after >= len(self.buf) and not self.eof:  # cannot tell yet: read on
                    search = k
                    shift = self._more(start)
                    start, search, scanned = start - shift, search - shift, scanned - shift
                    continue
                if after >= len(self.buf) or self.buf[after] != _COLON:
                    search = k + len(marker)  # the marker's text as a string value, not a key
                    continue
                brace = skip_ws_back(self.buf, k - 1, start)
                comma = skip_ws_back(self.buf, brace - 1, start)
                close = skip_ws_back(self.buf, comma - 1, start)
                if (self.buf[brace] != _LBRACE or self.buf[comma] != _COMMA
                        or self.buf[close] != _RBRACE):
                    raise LayoutMismatch(
                        f"key {marker.decode()} is not the first key of an item at "
                        f"{self._where(k)}"
                    )
                if close + 1 - start > self.max_item_bytes:
                    raise self._oversize(start)
                on_item(start, close + 1)
                start, search = brace, k + len(marker)
                continue
            # No next item in the buffer: read on, or measure this item with the scanner.
            size = len(self.buf) - start
            if size > self.max_item_bytes:
                raise self._oversize(start)
            if scanner is None and (self.eof or size > self.scan_after):
                scanner, scanned = StructureScanner(), start
            if scanner is None:
                search = max(search, len(self.buf) - len(marker))
                shift = self._more(start)
                start, search, scanned = start - shift, search - shift, scanned - shift
                continue
            end = scanner.scan(self.buf, scanned, len(self.buf))
            if end == -1:
                if self.eof:
                    raise self._truncated(len(self.buf), "the end of an array item")
                scanned = len(self.buf)
                shift = self._more(start)
                start, scanned = start - shift, scanned - shift
                continue
            self._check_depth(scanner, 2)
            on_item(start, end)
            scanner = None
            j = self._ws(end)
            start = j  # nothing before j is needed any more
            c = self._byte(j, "',' or ']' after an array item")
            if c == _RBRACKET:
                return j + 1
            if c != _COMMA:
                raise self._bad(j, "',' or ']' after an array item")
            j = self._ws(j + 1)
            if self._byte(j, "the next array item") != _LBRACE:
                raise LayoutMismatch(f"array items are not objects at {self._where(j)}")
            j, first = self._item_head(j)
            if not self.buf.startswith(marker, first):
                raise LayoutMismatch(
                    f"an item does not start with key {marker.decode()} at {self._where(first)}"
                )
            start, search = j, first + len(marker)

    def _oversize(self, start: int) -> LayoutMismatch:
        return LayoutMismatch(
            f"an item at {self._where(start)} is larger than {self.max_item_bytes:,} bytes"
        )

    def _item_head(self, i: int) -> tuple[int, int]:
        """For an item whose ``{`` is at ``i``: ``(i, index of its first key)``, with at least 64
        bytes read past that key's start (or the whole file)."""
        while True:
            first = skip_ws(self.buf, i + 1)
            if len(self.buf) - first >= 64 or self.eof:
                return i, first
            i -= self._more(i)

    def _marker_at(self, first: int, markers: tuple[bytes, ...]) -> bytes | None:
        return next((b'"' + m + b'"' for m in markers
                     if self.buf.startswith(b'"' + m + b'"', first)), None)

    def _value_after(self, key_at: int, key_len: int, end: int) -> memoryview | None:
        """The raw JSON value following the key found at ``key_at`` (None if not a key)."""
        buf = self.buf
        q = skip_ws(buf, key_at + key_len)
        if q >= end or buf[q] != _COLON:
            return None
        q = skip_ws(buf, q + 1)
        if q >= end:
            return None
        r = string_end(buf, q) if buf[q] == _QUOTE else scalar_end(buf, q)
        if r == -1 or r > end:
            return None
        return memoryview(buf)[q:r]

    def _collect(self, collector: PriceCollector, start: int, end: int) -> None:
        """Hand the item ``buf[start:end]`` to ``collector``: typed when it has the common
        shape (:class:`~ratecalc.market_rates.records.TypedItem`), else parsed as a dict."""
        raw = bytes(memoryview(self.buf)[start:end])
        cut = collector.group_cache.cut(raw)
        # An item with provider groups left in its text cannot be typed (a file writing NPIs as
        # numbers has every item so): not decoded twice.
        if ((cut is None and _PROVIDER_GROUPS_KEY not in raw)
                or (cut is not None and None not in cut.groups)):
            text = raw if cut is None else cut.text
            try:
                typed = TYPED_ITEM.decode(text)
            except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
                pass  # another shape, or not JSON: the dict path decides, with its checks
            else:
                # The typed shape nests 6 deep at most: only the number check is left to make.
                if has_huge_exponent(text, 0, len(text)):
                    raise exponent_out_of_range(self.source.path)
                if collector.add_typed_item(typed, cut):
                    return
        collector.add_item(self._parse(start, end, collector.group_cache, cut))

    def _parse(self, start: int, end: int, groups: GroupCache | None = None,
               cut: GroupCut | None = None) -> Any:
        """The item ``buf[start:end]`` parsed, its plain provider groups read by ``groups``
        (``cut``: what :meth:`GroupCache.cut` gave for it, if already known)."""
        if groups is not None:
            if cut is None:
                cut = groups.cut(bytes(memoryview(self.buf)[start:end]))
            if cut is not None:
                # The cut text nests as deep and holds the same numbers as the item, and is
                # valid JSON exactly when the item is (GroupCache.cut): the checks and the
                # parse give the item's answer, sooner. An invalid item is parsed whole below,
                # for an error that points into the file.
                try:
                    item = self._checked_loads(cut.text, 0, len(cut.text), start)
                except LayoutMismatch:
                    pass
                else:
                    if GroupCache.attach(item, cut):
                        return item
        return self._checked_loads(self.buf, start, end, start)

    def _checked_loads(self, text: bytes | bytearray, i: int, j: int, start: int) -> Any:
        """``orjson.loads(text[i:j])`` under the fallback's limits; ``start``: where the item
        begins in the buffer, for messages."""
        # Items sit 2 levels down (top-level object, array); orjson itself has no depth limit,
        # and what is built from a 100,000-deep object breaks Python's recursion.
        if (text.count(b"{", i, j) + text.count(b"[", i, j) > MAX_DEPTH - 2
                and nesting_depth(text, i, j) + 2 > MAX_DEPTH):
            raise too_deep(self.source.path)
        try:
            item = orjson.loads(memoryview(text)[i:j])
        except orjson.JSONDecodeError as exc:
            raise LayoutMismatch(
                f"the item at {self._where(start)} does not parse on its own ({exc})"
            ) from None
        if has_huge_exponent(text, i, j):
            raise exponent_out_of_range(self.source.path)
        return item

    def _own_value(self, start: int, end: int, key: bytes) -> tuple[bool, memoryview | None]:
        """The item's own value for ``key`` when it can be told without parsing.

        Returns ``(True, raw JSON value)``, or ``(True, None)`` when the item lacks the key;
        ``(False, None)`` when undecided. Decided means the first occurrence of ``"key"`` lies
        in a head free of brackets, so it is at the item's top level, and is not repeated there.
        """
        buf = self.buf
        p = buf.find(key, start, end)
        if p == -1:
            return True, None
        if (buf[p - 1] == 0x5C or buf.find(b"[", start, p) != -1
                or buf.find(b"{", start + 1, p) != -1):
            return False, None
        nested = buf.find(b"[", p, end)
        if nested == -1:
            nested = end
        if buf.find(key, p + 1, nested) != -1:
            return False, None
        raw = self._value_after(p, len(key), end)
        return (raw is not None), raw

    def _in_network_item(self, start: int, end: int) -> None:
        collector = self.collector
        if collector is None:
            return
        if collector.options.codes is not None:
            decided, raw = self._own_value(start, end, _BILLING_CODE_KEY)
            if decided:
                try:
                    wanted = raw is not None and collector.options.wants_code(
                        normalize_code(orjson.loads(raw)))
                except orjson.JSONDecodeError:
                    wanted = True  # let the real parse decide
                if not wanted:
                    collector.items_seen += 1
                    return
                self._collect(collector, start, end)
                return
            buf = self.buf
            wanted = False
            p = buf.find(_BILLING_CODE_KEY, start, end)
            while p != -1 and not wanted:
                raw = self._value_after(p, len(_BILLING_CODE_KEY), end)
                if raw is not None:
                    try:
                        wanted = collector.options.wants_code(normalize_code(orjson.loads(raw)))
                    except orjson.JSONDecodeError:
                        wanted = True  # let the real parse decide
                p = buf.find(_BILLING_CODE_KEY, p + 1, end)
            if not wanted:
                collector.items_seen += 1
                return
        self._collect(collector, start, end)

    def _reference_item(self, start: int, end: int) -> None:
        refs = self.references
        if refs is None:
            return
        if refs.needed is not None:
            decided, raw = self._own_value(start, end, _GROUP_ID_KEY)
            if not decided:
                refs.add(self._parse(start, end))
                return
            if raw is None:
                refs.seen += 1
                return
            try:
                if normalize_ref_id(orjson.loads(raw)) not in refs.needed:
                    refs.seen += 1
                    return
            except orjson.JSONDecodeError:
                pass  # let the real parse decide
        refs.add(self._parse(start, end))
