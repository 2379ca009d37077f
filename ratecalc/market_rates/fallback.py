"""The safe path: ijson events, for files whose layout the fast path does not fit.

Slower (ijson's C backend still hands every event to Python) but it makes no assumption beyond
JSON itself: any key order, items of any size. It holds one ``negotiated_rates`` object at a
time, never a whole item, and builds nothing for a rate of an item whose code is known to be
unwanted. Items go to the same :class:`~ratecalc.market_rates.records.PriceCollector` as on the
fast path, so the two paths give the same prices.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import ijson
from ijson.common import ObjectBuilder

from ratecalc.errors import InputError
from ratecalc.market_rates.limits import (
    DIGIT_MASK,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_ITEM_TOTAL_BYTES,
    MAX_OBJECT_BYTES,
    exponent_out_of_range,
    long_digit_runs,
    too_big,
    too_deep,
    too_many_digits,
)
from ratecalc.market_rates.provider_refs import ProviderReferences
from ratecalc.market_rates.records import PriceCollector, check_top_key
from ratecalc.market_rates.scanner import StructureScanner, token_run
from ratecalc.market_rates.source import (
    JSON_ERRORS,
    LoneSurrogateCheck,
    TicSource,
    json_error_text,
)

_ITEM = "in_network.item"
_ITEM_DOT = "in_network.item."
_RATES = "in_network.item.negotiated_rates"
_RATE = "in_network.item.negotiated_rates.item"
#: An item's negotiated_rates not seen yet, and seen to be an array (anything else is kept as
#: read, for the collector to name as not of the schema's shape).
_UNSEEN, _ARRAY = object(), object()
_REFERENCE = "provider_references.item"
_BILLING_CODE = "in_network.item.billing_code"
_SCALARS = frozenset({"string", "number", "boolean", "null"})
_OPENS = frozenset({"start_map", "start_array"})
_CLOSES = frozenset({"end_map", "end_array"})
_INT_LOW, _INT_HIGH = -(1 << 63), 1 << 64  # the integers orjson keeps as int


def _as_fast_path_reads(number: int | Decimal) -> int | float:
    """A JSON number as orjson (the fast path) reads it: an integer within 64 bits stays an
    int, anything else becomes the nearest float.

    ijson is asked for exact numbers (int or Decimal) because its float mode refuses a whole
    file at the first integer past 64 bits ("integer overflow"), even one in a skipped item,
    where the fast path reads the same file.
    """
    if type(number) is int and _INT_LOW <= number < _INT_HIGH:
        return number
    # an integer past a float's range is an infinity, as a Decimal's float is: float() of the
    # int raised OverflowError, an internal error (hostile-8's fuzzing)
    return float(Decimal(number)) if type(number) is int else float(number)


def _json_error(source: TicSource, exc: Exception) -> InputError:
    return InputError(
        f"TiC file '{source.path}': invalid or truncated JSON, detected after reading "
        f"{source.describe(source.offset)}: {json_error_text(exc)}"
    )


class _DepthGuard:
    """The source as ijson reads it, each piece checked for the nesting limit first.

    ijson's C backend turns a whole read buffer into events, building its prefix stack (a string
    per level, each as long as the path) before Python sees one: a 200 KB file nesting 100,000
    levels took 24 GB there. The bracket scanner measures each piece before ijson gets it.

    It also measures each string or number crossing the end of a piece (shorter ones cannot
    pass the limit): yajl holds a token whole until it ends, so a gigabyte-long string (a few
    MB of gzip) took a gigabyte. One longer than :data:`MAX_OBJECT_BYTES` (quotes included, as
    the fast path measures) gets the reader's ``too_long`` error.
    """

    def __init__(self, source: TicSource, too_long: Callable[[int], InputError]) -> None:
        self.source = source
        self.scanner = StructureScanner()
        self.too_long = too_long
        self.token_run = 0  # bytes of a number or literal still open after the last piece
        self.digit_run = 0  # digits in a row at the end of the last piece
        self.surrogates = LoneSurrogateCheck(source)

    def read(self, n: int) -> bytes:
        data = self.source.read(n)
        self.surrogates.check(data)
        scanner = self.scanner
        depth = scanner.depth
        self._check_digit_runs(data)
        scanner.track(data)
        if scanner.deepest > MAX_DEPTH:
            raise too_deep(self.source.path)
        closed, self.token_run = token_run(data, 0, len(data), self.token_run)
        if closed > MAX_OBJECT_BYTES:
            raise self.too_long(depth)
        if self.token_run > MAX_OBJECT_BYTES:
            raise self.too_long(scanner.depth)
        if scanner.longest > MAX_OBJECT_BYTES:
            raise self.too_long(scanner.longest_depth)
        return data

    def _check_digit_runs(self, data: bytes) -> None:
        """Refuse more than :data:`MAX_DIGITS` digits in a row outside strings (inside a string
        they are text, which ijson handles), before the scanner reads ``data``."""
        masked = data.translate(DIGIT_MASK)
        lead = len(masked) - len(masked.lstrip(b"0"))
        crossing = self.digit_run + lead > MAX_DIGITS and not self.scanner.in_string
        tail = len(masked) - len(masked.rstrip(b"0"))
        self.digit_run = self.digit_run + tail if tail == len(masked) else tail
        if crossing:
            raise too_many_digits(self.source.path)
        hits = long_digit_runs(masked)  # rare: then the strings are followed up to each run
        if next(copy.copy(self.scanner).outside_strings(data, hits), None) is not None:
            raise too_many_digits(self.source.path)


class FallbackReader:
    """One pass over a TiC file with ijson; same parameters as the fast path's reader."""

    def __init__(
        self,
        source: TicSource,
        collector: PriceCollector | None,
        references: ProviderReferences | None,
        *,
        stop_after_references: bool = False,
    ) -> None:
        self.source = source
        self.collector = collector
        self.references = references
        self.stop_after_references = stop_after_references
        self.header: dict[str, Any] = {}
        self.top_keys: list[str] = []
        self.saw_in_network = False
        self.references_first = False
        self._value_of: str | None = None  # the top-level key whose value is being read

    def _too_long(self, depth: int) -> InputError:
        """The error for a string or number past the limit, worded as the fast path words it
        for the same place (at depth 1 it is a top-level key or value)."""
        if depth == 1 and self._value_of is not None:
            what = f"the value of top-level key {self._value_of!r}"
        elif depth == 1:
            what = "a top-level key"
        else:
            what = "one JSON string or number"
        return too_big(self.source.path, what, MAX_OBJECT_BYTES)

    def run(self) -> None:
        """Read the file once; JSON errors become :class:`InputError` naming file and offset."""
        try:
            self._run()
        except JSON_ERRORS as exc:
            raise _json_error(self.source, exc) from None
        except InvalidOperation:  # ijson's Decimal of a number like 1e99999999999999999999
            raise exponent_out_of_range(self.source.path) from None

    def _run(self) -> None:  # noqa: C901 - one event loop, kept in one place for speed
        events = ijson.parse(_DepthGuard(self.source, self._too_long), buf_size=1 << 20)
        first = next(events, None)
        if first is None:
            raise InputError(f"TiC file '{self.source.path}' is empty")
        if first[1] != "start_map":
            raise InputError(
                f"TiC file '{self.source.path}' is not an in-network rates file: it is not a "
                "JSON object"
            )
        collector, references = self.collector, self.references
        source = self.source
        built_at = item_at = 0  # source offsets where the object being built / the item began
        builder: ObjectBuilder | None = None
        target: Any = None
        depth = 0  # nesting inside an object being built or skipped
        item: dict[str, Any] | None = None
        rates: list[Any] = []
        item_wanted: bool | None = None  # None until the item's billing_code is seen
        rates_shape: Any = _UNSEEN
        in_refs = False
        for prefix, event, value in events:
            if depth:
                if builder is not None:
                    builder.event(event, _as_fast_path_reads(value) if event == "number"
                                  else value)
                    if source.offset - built_at > MAX_OBJECT_BYTES:
                        raise too_big(source.path, "one object (a negotiated_rates entry or a "
                                      "provider reference)", MAX_OBJECT_BYTES)
                if event in _OPENS:
                    depth += 1
                elif event in _CLOSES:
                    depth -= 1
                    if depth == 0:
                        self._value_of = None  # a skipped top-level container ended too
                    if depth == 0 and builder is not None:
                        target(builder.value)
                        builder = None
                continue
            if prefix == _RATE:
                if event == "start_map":
                    depth = 1
                    if item_wanted is not False and collector is not None:
                        builder = ObjectBuilder()
                        builder.event(event, value)
                        target = rates.append
                        built_at = source.offset
                elif (event in _SCALARS or event == "start_array") and item is not None:
                    # an entry that is no object: kept in its place for the collector to name
                    rates.append([] if event == "start_array" else value)
                continue
            if prefix == _RATES:
                if item is not None and event not in _CLOSES:
                    # a repeated key's last value, as orjson and msgspec (the fast reader)
                    # take it: the prices of an earlier negotiated_rates array are dropped
                    rates = []
                    if event == "start_array":
                        rates_shape = _ARRAY
                    elif event == "start_map":
                        rates_shape = {}  # its keys are below it, with a dot: never read
                    elif event in _SCALARS:
                        rates_shape = value
                continue
            if prefix == _ITEM:
                if event == "start_map":
                    item, rates, item_wanted, rates_shape = {}, [], None, _UNSEEN
                    item_at = source.offset
                elif event == "end_map" and item is not None:
                    if source.offset - item_at > MAX_ITEM_TOTAL_BYTES:
                        raise too_big(source.path, "an in_network item", MAX_ITEM_TOTAL_BYTES)
                    if collector is not None:
                        if item_wanted is False:
                            collector.items_seen += 1
                        else:
                            item["negotiated_rates"] = (
                                rates if rates_shape is _ARRAY
                                else None if rates_shape is _UNSEEN else rates_shape)
                            collector.add_item(item)
                    item = None
                continue
            if prefix.startswith(_ITEM_DOT):
                if item is not None and event in _SCALARS:
                    if event == "number":
                        value = _as_fast_path_reads(value)
                    key = prefix[len(_ITEM_DOT):]
                    if "." not in key:
                        item[key] = value
                        if key == "billing_code" and collector is not None:
                            item_wanted = collector.wants_raw_code(value)
                elif event in _OPENS:
                    depth = 1  # bundled_codes, covered_services...: not needed
                    if prefix == _BILLING_CODE and item is not None and collector is not None:
                        item["billing_code"] = []  # a list or object is no code: refused
                        item_wanted = collector.wants_raw_code([])
                continue
            if prefix == _REFERENCE:
                if event == "start_map" and references is not None:
                    depth = 1
                    builder = ObjectBuilder()
                    builder.event(event, value)
                    target = references.add
                    built_at = source.offset
                elif event == "start_map":
                    depth = 1  # skipped: ids not known yet (references before in_network)
                continue
            if "." not in prefix:
                # ijson hands out every event of a read before the next read, so when the guard
                # reads on, this says whether an open top-level string is a key or a value
                self._value_of = value if event == "map_key" and not prefix else None
                if event == "map_key":
                    self.top_keys.append(value)
                    check_top_key(self.source.path, value)
                    if in_refs and self.stop_after_references:
                        return
                    if value == "in_network":
                        self.saw_in_network = True
                    elif value == "provider_references":
                        in_refs = True
                        if references is None and collector is not None and self.saw_in_network:
                            references = self.references = ProviderReferences(
                                collector.needed_refs)
                        elif references is None:
                            self.references_first = True
                elif prefix and event in _SCALARS:
                    self.header[prefix] = (_as_fast_path_reads(value) if event == "number"
                                           else value)
                elif prefix not in ("", "in_network", "provider_references") and event in _OPENS:
                    depth = 1  # another top-level container: skip it
                continue
