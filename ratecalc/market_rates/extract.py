"""Extract the negotiated prices of some codes from a TiC in-network file, fast or safe.

:func:`extract_market_rates` runs the byte-level fast path and, when the file's layout does not
fit it, reads the file again with the ijson fallback. A file that lists ``provider_references``
before ``in_network`` gets a second, shorter pass that reads only the references the kept prices
use (their ids are not known on the first pass).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlsplit

import pandas as pd

from ratecalc.collector import collector_paused
from ratecalc.errors import InputError, shown_value
from ratecalc.market_rates.fallback import FallbackReader
from ratecalc.market_rates.http_source import HttpSettings, is_url, open_location
from ratecalc.market_rates.provider_refs import ProviderReferences, prices_frame
from ratecalc.market_rates.records import ExtractOptions, PriceCollector, json_kind
from ratecalc.market_rates.remote_refs import RemoteReferences
from ratecalc.market_rates.source import Progress
from ratecalc.market_rates.stream import (
    CHUNK_SIZE,
    MAX_ITEM_BYTES,
    SCAN_AFTER,
    FastReader,
    LayoutMismatch,
)

ProgressFactory = Callable[[str, int], Progress]
"""Given a pass's label and the file's size on disk [bytes], returns the callable that receives
that pass's byte counts."""

METHODS = ("auto", "fast", "fallback")


class Tuning(TypedDict):
    """Fast-path buffer sizes [bytes]."""

    chunk_size: int
    max_item_bytes: int
    scan_after: int


@dataclass(frozen=True)
class MarketRates:
    """What a TiC in-network file says about the wanted codes.

    Attributes
    ----------
    path : str
        The file read.
    header : Mapping
        Top-level scalars as published (``reporting_entity_name``, ``plan_name``,
        ``last_updated_on``, ``version``...).
    prices : pandas.DataFrame
        One row per kept negotiated price (see
        :func:`~ratecalc.market_rates.provider_refs.prices_frame`); ``negotiated_rate`` is in
        USD for dollar types, percent for ``percentage``.
    method : str
        ``"fast"`` or ``"fallback"``: which reader produced the result.
    fallback_reason : str or None
        Why the fast path gave way, when it did.
    items_seen, items_kept : int
        ``in_network`` items in the file, and those of wanted codes.
    skipped_prices : int
        Negotiated prices without a usable number (null, text, below zero, above 1e9).
    unresolved_references : int
        Distinct ``provider_group_id`` values used by kept prices but absent from the file.
    remote_references : int
        Of those used, how many point at a remote ``location`` (schema 1.x), not fetched.
    json_bytes : int
        Bytes of JSON read on the first pass (decompressed size for gzip).
    size : int
        The file's size as stored (compressed for gzip) [bytes]; 0 when a server did not say.
    sha256 : str or None
        SHA-256 of the file as stored, when asked for (``checksum=True``).
    remote_fetched : int
        Remote provider references resolved (schema 1.x ``location``), with ``remote``.
    notes : tuple of str
        What went wrong without stopping the read (a remote reference that could not be had).
    bad_codes : int
        Items refused because their ``billing_code`` is not a code (a list, an object, true).
    codes_found : frozenset of str or None
        The wanted codes the file has ``in_network`` items of, whatever the billing class of
        their prices: a code asked for and priced only for another class is in it, one not
        here is not (:func:`ratecalc.market_rates.stats.no_price_reason`). None: not known
        (read from a store written before it was kept).
    """

    path: str
    header: Mapping[str, Any]
    prices: pd.DataFrame
    method: str
    fallback_reason: str | None
    items_seen: int
    items_kept: int
    skipped_prices: int
    unresolved_references: int
    remote_references: int
    json_bytes: int
    size: int = 0
    sha256: str | None = None
    remote_fetched: int = 0
    notes: tuple[str, ...] = ()
    bad_codes: int = 0
    codes_found: frozenset[str] | None = None

    @property
    def as_of(self) -> date | None:
        """The file's ``last_updated_on`` as a date (time and zone dropped), if readable."""
        value = self.header.get("last_updated_on")
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    @property
    def source_label(self) -> str:
        """A one-line description for the Benchmarks table's ``source`` column."""
        who = self.header.get("reporting_entity_name") or "unknown reporting entity"
        plan = self.header.get("plan_name")
        name = file_name(self.path)
        what = f"{who}, {plan}" if plan and plan != who else str(who)
        return f"TiC in-network file {name} ({what})"


def file_name(location: str) -> str:
    """The last part of a path or URL (without the URL's query string), for labels."""
    if is_url(location):
        return urlsplit(location).path.rstrip("/").rpartition("/")[2] or location
    return Path(location).name


def _one_pass(
    path: str,
    options: ExtractOptions,
    fast: bool,
    progress: ProgressFactory | None,
    tuning: Tuning,
    settings: HttpSettings | None,
    checksum: bool,
    remote: RemoteReferences | None,
) -> MarketRates:
    collector = PriceCollector(options)
    label = "reading" if fast else "reading (ijson fallback)"
    with open_location(path, checksum=checksum, settings=settings) as source:
        if progress is not None:
            source.set_progress(progress(label, source.size))
        reader: FastReader | FallbackReader
        if fast:
            reader = FastReader(source, collector, None, **tuning)
        else:
            reader = FallbackReader(source, collector, None)
        reader.run()
        json_bytes = source.offset
        size, sha256 = source.size or source.consumed, source.sha256()
    if not reader.saw_in_network:
        keys = ", ".join(reader.top_keys[:12]) or "none"
        raise InputError(
            f"TiC file '{path}' is not an in-network rates file: it has no top-level "
            f"'in_network' array (top-level keys: {keys})"
        )
    references = reader.references
    if reader.references_first and collector.needed_refs:
        references = ProviderReferences(collector.needed_refs)
        label = "reading provider_references again"
        with open_location(path, settings=settings) as source:
            if progress is not None:
                source.set_progress(progress(label, source.size))
            second: FastReader | FallbackReader
            if fast:
                second = FastReader(source, None, references, stop_after_references=True,
                                    **tuning)
            else:
                second = FallbackReader(source, None, references, stop_after_references=True)
            second.run()
    fetched, notes = 0, []
    if references is not None and remote is not None and references.remote:
        for ref_id, location in list(references.remote.items()):
            try:
                # resolved against this file (path or URL), not the folder the run is in
                references.groups[ref_id] = remote.groups(location, path)
            except InputError as exc:
                notes.append(f"remote provider reference {ref_id}: {exc}")
                continue
            del references.remote[ref_id]
            fetched += 1
    if collector.misshapen:
        parts = "1 part" if collector.misshapen == 1 else f"{collector.misshapen:,} parts"
        notes.append(f"{parts} of wanted in_network items not of the schema's shape were "
                     f"skipped, their prices not read (first: {collector.first_misshapen})")
    junk = collector.group_cache.junk_npis
    if junk:
        first = collector.group_cache.first_junk_npi
        # a nest is named by its kind, never str()'d: it may nest arbitrarily deep
        shown = json_kind(first) if isinstance(first, (list, dict)) else shown_value(first)
        shown = shown if len(shown) <= 60 else shown[:60] + "..."
        notes.append(f"{junk:,} NPI value{'s' if junk != 1 else ''} of provider groups "
                     f"{'are' if junk != 1 else 'is'} not a number and "
                     f"{'were' if junk != 1 else 'was'} left out (first: {shown})")
    found = set(references.groups) if references is not None else set()
    remote_ids = set(references.remote) if references is not None else set()
    return MarketRates(
        path=path,
        header=dict(reader.header),
        prices=prices_frame(collector, references),
        method="fast" if fast else "fallback",
        fallback_reason=None,
        items_seen=collector.items_seen,
        items_kept=collector.items_kept,
        skipped_prices=collector.skipped_prices,
        unresolved_references=len(collector.needed_refs - found),
        remote_references=len(collector.needed_refs & remote_ids),
        json_bytes=json_bytes,
        size=size,
        sha256=sha256,
        remote_fetched=fetched,
        notes=tuple(notes),
        bad_codes=collector.bad_codes,
        codes_found=frozenset(collector.codes_found),
    )


def codes_found_in(files: Iterable[MarketRates]) -> frozenset[str] | None:
    """The codes any of ``files`` has items of (:attr:`MarketRates.codes_found`), whatever
    their prices' billing class; None when a file's are not known."""
    found: set[str] = set()
    for rates in files:
        if rates.codes_found is None:
            return None
        found |= rates.codes_found
    return frozenset(found)


def extract_market_rates(
    path: str | Path,
    options: ExtractOptions | None = None,
    *,
    method: str = "auto",
    progress: ProgressFactory | None = None,
    chunk_size: int = CHUNK_SIZE,
    max_item_bytes: int = MAX_ITEM_BYTES,
    scan_after: int = SCAN_AFTER,
    settings: HttpSettings | None = None,
    checksum: bool = False,
    remote: RemoteReferences | None = None,
) -> MarketRates:
    """Read the negotiated prices of the wanted codes from a TiC in-network rates file.

    Parameters
    ----------
    path : str or Path
        ``.json`` or gzip-compressed ``.json.gz`` in-network rates file (schema 1.x or 2.x): a
        path or an http(s) URL (streamed, resumed after a dropped connection).
    options : ExtractOptions, optional
        Codes, NPIs, TINs and billing class to keep; default keeps everything.
    method : {"auto", "fast", "fallback"}
        ``auto`` tries the fast path and falls back to ijson when the layout does not fit;
        ``fast`` raises :class:`~ratecalc.market_rates.stream.LayoutMismatch` instead.
    progress : callable, optional
        Called with a label and the file's size on disk at the start of each pass over the file;
        returns the callable that then receives byte counts as they are read (a progress bar).
    chunk_size, max_item_bytes, scan_after : int
        Fast-path tuning [bytes].
    settings : HttpSettings, optional
        Timeout, retries and backoff of a download.
    checksum : bool
        Also compute the file's SHA-256 as stored (on the first pass).
    remote : RemoteReferences, optional
        Fetches schema 1.x remote provider references the kept prices use; without it they are
        counted as unresolved.

    Returns
    -------
    MarketRates

    Raises
    ------
    InputError
        The file cannot be opened, is not an in-network rates file, or is corrupt or truncated
        (the message names the file and the byte offset).

    Notes
    -----
    Memory does not grow with the file: the fast path holds one read chunk plus the current item
    (items over ``max_item_bytes`` go to the fallback, which holds one ``negotiated_rates``
    object); kept prices and the provider references they use are stored compactly.

    Examples
    --------
    >>> rates = extract_market_rates(
    ...     "tests/data/tic/cms_examples/in-network-rates-fee-for-service-single-plan-sample.json",
    ...     ExtractOptions.build(codes=["27447"]))
    >>> rates.prices["negotiated_rate"].tolist()
    [123.45, 1230.45, 120.45]
    """
    if method not in METHODS:
        raise InputError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    path = str(path)
    options = options or ExtractOptions()
    tuning = Tuning(chunk_size=chunk_size, max_item_bytes=max_item_bytes, scan_after=scan_after)
    # kept prices are hundreds of thousands of small tuples that live until the end; parsed
    # items hold no cycles
    with collector_paused():
        if method == "fallback":
            return _one_pass(path, options, False, progress, tuning, settings, checksum, remote)
        try:
            return _one_pass(path, options, True, progress, tuning, settings, checksum, remote)
        except LayoutMismatch as exc:
            if method == "fast":
                raise
            reason = str(exc)
        result = _one_pass(path, options, False, progress, tuning, settings, checksum, remote)
        return MarketRates(**{**result.__dict__, "fallback_reason": reason})
